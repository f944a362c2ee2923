"""Where the questionnaire is: section and area pickers, scope, filters, previous/next area.

Everything here is navigation state (session state through ``ui.state``); answers are never
kept here. Widgets persist for the session so coming back to the page finds the same place.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import streamlit as st

from assessment.models import Answer
from framework.models import Area, Instrument, Obligation, Question, Section
from ui import cache, state
from ui.components import progress
from ui.i18n import obligation, t, text

SECTION = "questionnaire:section"
SCOPE = "questionnaire:scope"
ONLY_UNANSWERED = "questionnaire:only_unanswered"
ONLY_UNKNOWN = "questionnaire:only_unknown"
AGENCIES = "questionnaire:agencies"
OBLIGATIONS = "questionnaire:obligations"
SCOPES = ("area", "section", "all")
PAGE_SIZE = 8


def area_key(section_id: str) -> str:
    return f"questionnaire:area:{section_id}"


@dataclass(frozen=True)
class Place:
    section: Section
    area: Area
    scope: str


@dataclass(frozen=True)
class Filters:
    only_unanswered: bool = False
    only_unknown: bool = False
    agencies: tuple[str, ...] = ()
    obligations: tuple[str, ...] = ()

    @property
    def active(self) -> bool:
        return bool(self.only_unanswered or self.only_unknown or self.agencies or self.obligations)

    def keep(self, question: Question, answer: Answer | None) -> bool:
        if self.only_unanswered and progress.is_answered(answer):
            return False
        if self.only_unknown and not progress.is_unknown(answer):
            return False
        if self.agencies and (answer is None or answer.agency not in self.agencies):
            return False
        return not self.obligations or question.obligation.value in self.obligations


def section_label(instrument: Instrument, section: Section) -> str:
    kind = "library.chapter_number" if instrument.id == "guide" else "library.table_number"
    number = t(kind, number=section.number) if section.number else ""
    return " ".join(part for part in (number, text(section.title)) if part)


def pick_place(instrument: Instrument) -> Place:
    """Section and area pickers side by side, then the scope control."""
    sections = {s.id: s for s in instrument.sections}
    labels = {sid: section_label(instrument, s) for sid, s in sections.items()}
    if state.get(SECTION) not in sections:
        state.put(SECTION, instrument.sections[0].id)
    left, right = st.columns(2)
    chosen = left.selectbox(
        t("questionnaire.section"),
        list(labels),
        key=SECTION,
        format_func=labels.__getitem__,
        persist_state="session",
    )
    section = sections[chosen]
    areas = {a.id: a for a in section.areas}
    area_labels = {aid: f"{aid} · {text(a.title)}" for aid, a in areas.items()}
    key = area_key(section.id)
    if state.get(key) not in areas:
        state.put(key, section.areas[0].id)
    area_id = right.selectbox(
        t("questionnaire.area"),
        list(area_labels),
        key=key,
        format_func=area_labels.__getitem__,
        persist_state="session",
    )
    scope_labels = {s: t(f"questionnaire.scope.{s}") for s in SCOPES}
    if state.get(SCOPE) not in SCOPES:
        state.put(SCOPE, SCOPES[0])
    scope = st.segmented_control(
        t("questionnaire.scope"),
        list(SCOPES),
        key=SCOPE,
        required=True,
        format_func=scope_labels.__getitem__,
        persist_state="session",
    )
    return Place(section, areas[area_id], scope or SCOPES[0])


def pick_filters() -> Filters:
    """The filters, in an expander that draws its widgets only when open (the page stays
    light); closed, the filters chosen before still apply."""
    box = st.expander(
        t("questionnaire.filters"),
        icon=":material/filter_list:",
        key="questionnaire:filters",
        on_change="rerun",
    )
    if not box.open:
        return Filters(
            bool(state.get(ONLY_UNANSWERED)),
            bool(state.get(ONLY_UNKNOWN)),
            tuple(state.get(AGENCIES) or ()),
            tuple(state.get(OBLIGATIONS) or ()),
        )
    agencies = {a.id: text(a.name) for a in cache.content().agencies.values()}
    obligations = {o.value: obligation(o) for o in Obligation}
    with box:
        left, right = st.columns(2)
        unanswered = left.toggle(
            t("questionnaire.only_unanswered"), key=ONLY_UNANSWERED, persist_state="session"
        )
        unknown = left.toggle(
            t("questionnaire.only_unknown"), key=ONLY_UNKNOWN, persist_state="session"
        )
        chosen_agencies = right.multiselect(
            t("questionnaire.by_agency"),
            list(agencies),
            key=AGENCIES,
            format_func=agencies.__getitem__,
            persist_state="session",
        )
        chosen_obligations = right.multiselect(
            t("questionnaire.by_obligation"),
            list(obligations),
            key=OBLIGATIONS,
            format_func=obligations.__getitem__,
            persist_state="session",
        )
    return Filters(unanswered, unknown, tuple(chosen_agencies), tuple(chosen_obligations))


def questions_in_scope(
    instrument: Instrument, place: Place, filters: Filters, answers: Mapping[str, Answer]
) -> list[tuple[Area, list[Question]]]:
    """The areas to draw, each with its questions that pass the filters (empty areas left out)."""
    if place.scope == "all":
        areas = [a for s in instrument.sections for a in s.areas]
    elif place.scope == "section":
        areas = list(place.section.areas)
    else:
        areas = [place.area]
    shown = [(a, [q for q in a.questions if filters.keep(q, answers.get(q.id))]) for a in areas]
    return [(area, questions) for area, questions in shown if questions]


def paginate(
    shown: list[tuple[Area, list[Question]]], place: Place
) -> list[tuple[Area, list[Question]]]:
    """One page of at most ``PAGE_SIZE`` questions (a page picker when there are more): the
    browser's work per answer grows with the number of questions on screen."""
    flat = [(area, question) for area, questions in shown for question in questions]
    pages = max(1, math.ceil(len(flat) / PAGE_SIZE))
    if pages == 1:
        return shown
    key = page_key(place)
    numbers = list(range(1, pages + 1))
    if state.get(key) not in numbers:
        state.put(key, 1)
    labels = {
        n: t(
            "questionnaire.page_label",
            first=(n - 1) * PAGE_SIZE + 1,
            last=min(n * PAGE_SIZE, len(flat)),
        )
        for n in numbers
    }
    page = st.segmented_control(
        t("questionnaire.page", count=len(flat)),
        numbers,
        key=key,
        required=True,
        format_func=labels.__getitem__,
        persist_state="session",
    )
    chunk = flat[((page or 1) - 1) * PAGE_SIZE : (page or 1) * PAGE_SIZE]
    grouped: dict[str, tuple[Area, list[Question]]] = {}
    for area, question in chunk:
        grouped.setdefault(area.id, (area, []))[1].append(question)
    return list(grouped.values())


def page_key(place: Place) -> str:
    where = {"area": place.area.id, "section": place.section.id, "all": "all"}[place.scope]
    return f"questionnaire:page:{where}"


def next_page(place: Place, count: int) -> None:
    """A button to the next page of questions, when there is one."""
    key = page_key(place)
    page = state.get(key) or 1
    if page * PAGE_SIZE < count:
        st.button(
            t("questionnaire.next_page"),
            icon=":material/arrow_downward:",
            on_click=state.put,
            args=(key, page + 1),
            key="questionnaire:next_page",
        )


def _go(section_id: str, area_id: str) -> None:
    state.put(SECTION, section_id)
    state.put(area_key(section_id), area_id)


def previous_next(instrument: Instrument, place: Place) -> None:
    """Buttons to the previous and next area (across sections), at the foot of the page."""
    flat = [(s.id, a.id) for s in instrument.sections for a in s.areas]
    here = flat.index((place.section.id, place.area.id))
    left, right = st.columns(2)
    if here > 0:
        left.button(
            t("questionnaire.previous", area=flat[here - 1][1]),
            icon=":material/arrow_back:",
            on_click=_go,
            args=flat[here - 1],
            key="questionnaire:previous",
        )
    if here + 1 < len(flat):
        right.button(
            t("questionnaire.next", area=flat[here + 1][1]),
            icon=":material/arrow_forward:",
            on_click=_go,
            args=flat[here + 1],
            key="questionnaire:next",
        )
