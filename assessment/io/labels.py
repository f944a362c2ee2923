"""Labels people see in exchanged files, and the ids they stand for, in every language.

A workbook shows ratings, agencies and choices by their label in its language; a Kobo export
gives choice *names* (ids). Reading accepts any of these: the label in any product language,
or the id, compared without case and surrounding spaces, so a Chinese workbook filled in by an
English-speaking colleague (or the other way round) still imports.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from framework.loader import ContentBundle
from framework.models import LocalizedText, Question, Rating

LIST_SEPARATORS = re.compile(r"[;；\n]")
LIST_JOINER = "; "


def fold(text: str) -> str:
    """Comparison form of a label: NFKC (full-width letters), case-folded, spaces squeezed."""
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def _lookup(items: Iterable[tuple[str, LocalizedText]]) -> dict[str, str]:
    table: dict[str, str] = {}
    for item_id, label in items:
        table[fold(item_id)] = item_id
        for text in label.root.values():
            table.setdefault(fold(text), item_id)
    return table


@dataclass(frozen=True)
class Labels:
    """Label <-> id tables for one content bundle."""

    bundle: ContentBundle

    def rating(self, rating: Rating, lang: str) -> str:
        level = next(level for level in self.bundle.method.ratings if level.id is rating)
        return level.label.get(lang)

    def rating_labels(self, lang: str) -> list[str]:
        return [level.label.get(lang) for level in self.bundle.method.ratings]

    def parse_rating(self, text: str) -> Rating | None:
        """The rating a label or id stands for; None when it is none of them."""
        table = _lookup((lvl.id.value, lvl.label) for lvl in self.bundle.method.ratings)
        found = table.get(fold(text))
        return Rating(found) if found else None

    def agency(self, agency_id: str, lang: str) -> str:
        agency = self.bundle.agencies.get(agency_id)
        return agency.name.get(lang) if agency else agency_id

    def agency_labels(self, lang: str) -> list[str]:
        return [agency.name.get(lang) for agency in self.bundle.agencies.values()]

    def parse_agency(self, text: str) -> str | None:
        table = _lookup((a.id, a.name) for a in self.bundle.agencies.values())
        return table.get(fold(text))

    def choice(self, question: Question, choice_id: str, lang: str) -> str:
        choice = next((c for c in question.choices if c.id == choice_id), None)
        return choice.label.get(lang) if choice else choice_id

    def parse_choice(self, question: Question, text: str) -> str | None:
        return _lookup((c.id, c.label) for c in question.choices).get(fold(text))


def split_list(text: str) -> list[str]:
    """Items of a list typed in one cell: separated by ``;`` (or full-width ``；``) or lines."""
    return [item.strip() for item in LIST_SEPARATORS.split(text) if item.strip()]
