"""The input widgets of one answer, each seeded from the store (or from a refused value that is
still pending) right before it is created. Keys are ``<field>:<question id>``."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from assessment.models import Answer
from framework.models import InfoType, Question, Rating
from ui import cache, state
from ui.components.text import plain
from ui.i18n import rating_label, t, text


def rating_labels() -> dict[Rating, str]:
    """Every rating in scale order with its label in the session language."""
    return {level.id: rating_label(level.id) for level in cache.content().method.ratings}


def pending_note(key: str) -> None:
    """The reason the store refused the value still shown in widget ``key`` (if any)."""
    refused = state.pending(key)
    if refused is not None:  # the params may quote what was typed: shown, never rendered
        params = {k: plain(v) if isinstance(v, str) else v for k, v in refused.params.items()}
        st.error(t(refused.key, **params), icon=":material/error:")


def text_field(
    name: str,
    question: Question,
    stored: str,
    label: str,
    on_change: Callable[[], None],
    single_line: bool = False,
) -> None:
    key = f"{name}:{question.id}"
    state.seed_widget(key, stored or "")
    widget = st.text_input if single_line else st.text_area
    widget(label, key=key, on_change=on_change)
    pending_note(key)


def agency_field(question: Question, stored: str | None, on_change: Callable[[], None]) -> None:
    key = f"agency:{question.id}"
    names = {a.id: text(a.name) for a in cache.content().agencies.values()}
    state.seed_widget(key, stored if stored in names else None)
    st.selectbox(
        t("questionnaire.agency"),
        list(names),
        index=None,
        key=key,
        format_func=names.__getitem__,
        placeholder=t("questionnaire.agency_none"),
        on_change=on_change,
    )
    pending_note(key)


def info_field(question: Question, answer: Answer | None, on_change: Callable[[], None]) -> None:
    """The typed field of an info question: text, number, year, choice(s) or agencies."""
    key = f"value:{question.id}"
    stored = answer.value if answer else None
    kind = question.answer_type
    label = t("questionnaire.value", type=t(f"library.info_type.{kind}"))
    if kind in (InfoType.CHOICE, InfoType.MULTI_CHOICE):
        options = {c.id: text(c.label) for c in question.choices}
    elif kind is InfoType.AGENCY_LIST:
        options = {a.id: text(a.name) for a in cache.content().agencies.values()}
    else:
        options = {}
    if kind is InfoType.CHOICE:
        state.seed_widget(key, stored if stored in options else None)
        st.selectbox(
            label,
            list(options),
            index=None,
            key=key,
            on_change=on_change,
            format_func=options.__getitem__,
            placeholder=t("questionnaire.choose"),
        )
    elif options:
        chosen = [v for v in (stored or []) if v in options] if isinstance(stored, list) else []
        state.seed_widget(key, chosen)
        st.multiselect(
            label,
            list(options),
            key=key,
            on_change=on_change,
            format_func=options.__getitem__,
            placeholder=t("questionnaire.choose"),
        )
    elif kind is InfoType.TEXT:
        state.seed_widget(key, "" if stored is None else str(stored))
        st.text_area(label, key=key, on_change=on_change)
    else:
        state.seed_widget(key, "" if stored is None else str(stored))
        st.text_input(label, key=key, on_change=on_change, help=_range_help(question))
    pending_note(key)


def _range_help(question: Question) -> str | None:
    if question.minimum is not None and question.maximum is not None:
        return t("questionnaire.range", minimum=question.minimum, maximum=question.maximum)
    return None
