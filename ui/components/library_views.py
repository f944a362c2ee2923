"""The library's three views: an instrument (tables or chapters -> areas -> questions), search
results over both instruments, and the resource catalogue."""

from __future__ import annotations

import streamlit as st

from framework.ids import split_resource_ref
from framework.models import Instrument, QuestionKind, Resource
from ui import cache, state
from ui.components import question_view, search
from ui.components.text import link, plain
from ui.i18n import t, text

VIEW_KEY = "library:view"
SEARCH_KEY = "library:search"
MAX_RESULTS = 60


def section_key(instrument_id: str) -> str:
    return f"library:section:{instrument_id}"


def question_key(question_id: str) -> str:
    return f"library:q:{question_id}"


def open_question(question_id: str) -> None:
    """Callback of a see-also link: show ``question_id`` in its instrument, opened."""
    found = cache.content().find_question(question_id)
    if found is None:
        return
    instrument, section, _, _ = found
    state.put(SEARCH_KEY, "")
    state.put(VIEW_KEY, instrument.id)
    state.put(section_key(instrument.id), section.id)
    state.put(question_key(question_id), True)


def _section_label(instrument: Instrument, section_id: str) -> str:
    section = next(s for s in instrument.sections if s.id == section_id)
    kind = "library.chapter_number" if instrument.id == "guide" else "library.table_number"
    number = t(kind, number=section.number) if section.number else ""
    return " ".join(part for part in (number, text(section.title)) if part)


def overview(instrument: Instrument) -> None:
    """The list of tables (Framework) or chapters (Guide) with their question counts."""
    heading = "library.chapters" if instrument.id == "guide" else "library.tables"
    st.subheader(t(heading, count=len(instrument.sections)))
    rows = [
        {
            t("library.col.section"): _section_label(instrument, section.id),
            t("library.col.areas"): len(section.areas),
            t("library.col.rated"): sum(
                q.kind is QuestionKind.RATED for a in section.areas for q in a.questions
            ),
            t("library.col.info"): sum(
                q.kind is QuestionKind.INFO for a in section.areas for q in a.questions
            ),
        }
        for section in instrument.sections
    ]
    st.table(rows, hide_index=True)


def instrument_view(instrument: Instrument) -> None:
    st.markdown(plain(text(instrument.description)))
    overview(instrument)
    labels = {s.id: _section_label(instrument, s.id) for s in instrument.sections}
    label = "library.chapter" if instrument.id == "guide" else "library.section"
    chosen = st.selectbox(
        t(label), list(labels), key=section_key(instrument.id), format_func=labels.__getitem__
    )
    section = next(s for s in instrument.sections if s.id == chosen)
    if section.description:
        st.caption(plain(text(section.description)))
    for area in section.areas:
        st.markdown(f"#### {plain(area.id)} · {plain(text(area.title))}")
        if area.description:
            st.caption(plain(text(area.description)))
        for question in area.questions:
            _question_expander(question.id, text(question.text), question)


def _question_expander(question_id: str, title: str, question: object) -> None:
    """A question as a closed line; its details are drawn only once it is opened (a section
    holds dozens of questions: the page stays light)."""
    box = st.expander(
        f"{plain(question_id)} · {plain(title)}", key=question_key(question_id), on_change="rerun"
    )
    if box.open:
        with box:
            question_view.details(question, on_see_also=open_question)  # type: ignore[arg-type]


def search_view(query: str) -> None:
    hits = search.find(query)
    if not hits:
        st.info(t("library.search_none", query=plain(query)))
        return
    st.caption(t("library.search_count", count=len(hits), shown=min(len(hits), MAX_RESULTS)))
    for hit in hits[:MAX_RESULTS]:
        instrument = cache.content().instruments[hit.instrument_id]
        title = f"{text(instrument.short_title)} › {text(hit.question.text)}"
        _question_expander(hit.question.id, title, hit.question)


def resource_view() -> None:
    """The catalogue: the seed's tools first (in catalogue order), then every other resource."""
    resources = list(cache.content().resources.values())
    ordered = [r for r in resources if r.in_seed] + [r for r in resources if not r.in_seed]
    cited = _citations()
    st.caption(t("library.resources_intro", seed=sum(r.in_seed for r in resources)))
    for resource in ordered:
        _resource_card(resource, cited.get(resource.id, 0))


def _citations() -> dict[str, int]:
    counts: dict[str, int] = {}
    for instrument in cache.content().instruments.values():
        for question in instrument.questions():
            for resource_id in {split_resource_ref(ref)[0] for ref in question.resources}:
                counts[resource_id] = counts.get(resource_id, 0) + 1
    return counts


def _resource_card(resource: Resource, cited: int) -> None:
    with st.container(border=True):
        year = f" ({resource.year})" if resource.year else ""
        head = f"**{link(text(resource.title), resource.url)}**{year}"
        seed = f" :blue-badge[{plain(t('library.seed_tool'))}]" if resource.in_seed else ""
        st.markdown(head + seed)
        st.caption(
            t(
                "library.resource_meta",
                type=t(f"library.type.{resource.type}"),
                publisher=resource.publisher,
                count=cited,
            )
        )
        st.markdown(plain(text(resource.description)))
        if resource.parts:
            with st.expander(t("library.parts", count=len(resource.parts))):
                lines = [f"- {link(text(p.title), p.url or resource.url)}" for p in resource.parts]
                st.markdown("\n".join(lines))
