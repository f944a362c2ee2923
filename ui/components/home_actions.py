"""What Home lets a person do to assessments: create, duplicate as a follow-up round, import,
delete (after typing a confirmation, with the export offered for download first)."""

from __future__ import annotations

import streamlit as st

from assessment.countries import country_name, country_options
from assessment.errors import UserFacingError
from assessment.io.json_io import export_json
from assessment.store_rows import AssessmentSummary
from ui import cache, registry, state
from ui.components.home_list import label
from ui.i18n import error_text, lang, t, text

BOTH = "both"


def create_form() -> None:
    bundle = cache.content()
    countries = {c.code: country_name(c.code, lang()) for c in country_options(lang())}
    instruments = {i: text(bundle.instruments[i].short_title) for i in _instrument_order()}
    instruments[BOTH] = t("home.instrument_both")
    with st.form("home:create", border=True):
        country = st.selectbox(
            t("home.country"),
            list(countries),
            index=None,
            format_func=lambda code: f"{countries[code]} ({code})",
            placeholder=t("home.country_hint"),
            key="home:new:country",
        )
        instrument = st.radio(
            t("home.instrument"),
            list(instruments),
            format_func=instruments.__getitem__,
            horizontal=True,
            key="home:new:instrument",
        )
        round_label = st.text_input(
            t("home.round"), placeholder=t("home.round_hint"), key="home:new:round"
        )
        title = st.text_input(t("home.title_field"), key="home:new:title")
        assessors = st.text_area(
            t("home.assessors"), placeholder=t("home.assessors_hint"), key="home:new:assessors"
        )
        submitted = st.form_submit_button(t("home.create"), type="primary")
    if submitted:
        _create(country, instrument, round_label, title, assessors)


def _instrument_order() -> list[str]:
    return sorted(cache.content().instruments, key=lambda i: i != "ifa")


def _create(country: str | None, instrument: str, round_label: str, title: str, names: str) -> None:
    if not country:
        st.error(t("home.country_missing"))
        return
    wanted = _instrument_order() if instrument == BOTH else [instrument]
    created = []
    try:
        for instrument_id in wanted:
            created.append(
                cache.store().create_assessment(
                    country=country,
                    instrument_id=instrument_id,
                    user=state.user_name(),
                    title=title.strip(),
                    round_label=round_label.strip(),
                    assessors=[n.strip() for n in names.splitlines() if n.strip()],
                )
            )
    except UserFacingError as exc:
        st.error(error_text(exc))
        return
    state.set_current_assessment(created[0].id)
    state.notify("questionnaire", "success", "home.created", {"count": len(created)})
    st.switch_page(registry.page("questionnaire").script)


def follow_up_form(summaries: list[AssessmentSummary]) -> None:
    labels = {s.id: label(s) for s in summaries}
    with st.form("home:follow", border=True):
        source = st.selectbox(
            t("home.follow_source"),
            list(labels),
            format_func=labels.__getitem__,
            key="home:follow:source",
        )
        round_label = st.text_input(
            t("home.round"), placeholder=t("home.round_hint"), key="home:follow:round"
        )
        submitted = st.form_submit_button(t("home.follow_create"), type="primary")
    if not submitted:
        return
    if not round_label.strip():
        st.error(t("home.round_missing"))
        return
    try:
        copy = cache.store().duplicate(source, round_label.strip(), state.user_name())
    except UserFacingError as exc:
        st.error(error_text(exc))
        return
    state.set_current_assessment(copy.id)
    state.notify("home", "success", "home.follow_done", {"round": round_label.strip()})
    st.rerun()


def delete_panel(summaries: list[AssessmentSummary]) -> None:
    labels = {s.id: label(s) for s in summaries}
    chosen = st.selectbox(
        t("home.delete_pick"), list(labels), format_func=labels.__getitem__, key="home:del:pick"
    )
    current = cache.assessment(chosen)
    if current is None:
        return
    st.download_button(
        t("home.delete_export"),
        data=export_json(current),
        file_name=f"{current.country}-{current.id}.json",
        mime="application/json",
        icon=":material/download:",
        on_click="ignore",
        key="home:del:export",
    )
    st.warning(t("home.delete_warning", country=current.country))
    typed = st.text_input(t("home.delete_confirm", country=current.country), key="home:del:typed")
    if st.button(t("home.delete"), type="primary", icon=":material/delete:", key="home:del:go"):
        try:
            exported = cache.store().delete(chosen, typed, state.user_name())
        except UserFacingError as exc:
            st.error(error_text(exc))
            return
        if state.current_assessment_id() == chosen:
            state.set_current_assessment(None)
        state.put("home:deleted", (f"{current.country}-{current.id}.json", exported))
        state.notify("home", "success", "home.deleted")
        st.rerun()


def deleted_copy() -> None:
    """After a delete: the export of what was deleted, to download once more."""
    held = state.get("home:deleted")
    if held:
        name, data = held
        st.download_button(
            t("home.deleted_download"),
            data=data,
            file_name=name,
            mime="application/json",
            icon=":material/download:",
            on_click="ignore",
            key="home:deleted:download",
        )
