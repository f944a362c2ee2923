"""Search over both instruments, in every language at once (an official may type English terms
in the Chinese interface, or the reverse): ids, question texts, guidance and area titles."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

import streamlit as st

from framework.models import Question
from ui import cache


@dataclass(frozen=True)
class Hit:
    instrument_id: str
    question: Question
    haystack: str


def _fold(text: str) -> str:
    """Case- and width-insensitive form (full-width Latin typed with a Chinese IME matches)."""
    return unicodedata.normalize("NFKC", text).casefold()


@st.cache_resource(show_spinner=False)
def _index() -> list[Hit]:
    hits = []
    instruments = cache.content().instruments
    for instrument_id in sorted(instruments, key=lambda i: i != "ifa"):  # the Framework first
        instrument = instruments[instrument_id]
        for section in instrument.sections:
            for area in section.areas:
                for question in area.questions:
                    parts = [question.id, *question.text.root.values()]
                    parts += [*question.guidance.root.values(), *area.title.root.values()]
                    parts += [*section.title.root.values()]
                    hits.append(Hit(instrument.id, question, _fold("\n".join(parts))))
    return hits


def find(query: str) -> list[Hit]:
    """Questions whose texts contain every whitespace-separated term of ``query``."""
    terms = [_fold(term) for term in query.split() if term.strip()]
    if not terms:
        return []
    return [hit for hit in _index() if all(term in hit.haystack for term in terms)]
