"""The list of assessments on Home, and the picker that opens one."""

from __future__ import annotations

from datetime import UTC

import streamlit as st

from assessment import frames as F
from assessment.countries import country_name
from assessment.store_rows import AssessmentSummary
from ui import cache, registry, state
from ui.components.errors import guard
from ui.i18n import lang, percent, score, t, text

WIDE_COLUMNS = ("home.col.country", "home.col.round", "home.col.instrument", "home.col.title")


def label(summary: AssessmentSummary) -> str:
    """How an assessment is named in pickers: country · round · instrument."""
    instrument = cache.content().instruments.get(summary.instrument_id)
    return t(
        "home.assessment_label",
        country=country_name(summary.country, lang()),
        round=summary.round_label or t("ui.none"),
        instrument=text(instrument.short_title) if instrument else summary.instrument_id,
    )


def _figures(summary: AssessmentSummary) -> tuple[str, str]:
    """Coverage and score of the whole instrument, from the engine (a dash when there is none)."""
    current = cache.assessment(summary.id)
    if current is None or summary.instrument_id not in cache.content().instruments:
        return t("ui.none"), t("ui.none")
    overall = cache.results(current).overall
    shown = score(overall[F.SCORE])
    if bool(overall[F.PROVISIONAL]) and shown != t("ui.none"):
        shown = t("home.provisional", score=shown)
    return percent(overall[F.COVERAGE]), shown


def table(summaries: list[AssessmentSummary]) -> None:
    rows = []
    for summary in summaries:
        coverage, shown = _figures(summary)
        instrument = cache.content().instruments.get(summary.instrument_id)
        rows.append(
            {
                t("home.col.country"): country_name(summary.country, lang()),
                t("home.col.round"): summary.round_label,
                t("home.col.instrument"): text(instrument.short_title) if instrument else "",
                t("home.col.status"): t(f"home.status.{summary.status}"),
                t("home.col.answered"): f"{summary.answered} / {summary.questions}",
                t("home.col.coverage"): coverage,
                t("home.col.score"): shown,
                t("home.col.changed"): summary.updated_at.astimezone(UTC).strftime(
                    "%Y-%m-%d %H:%M"
                ),
                t("home.col.title"): summary.title,
            }
        )
    wide = {t(key): st.column_config.TextColumn(width="medium") for key in WIDE_COLUMNS}
    st.dataframe(rows, hide_index=True, column_config=wide)


def open_panel(summaries: list[AssessmentSummary]) -> None:
    """Pick an assessment and open it in the questionnaire (or another page)."""
    labels = {s.id: label(s) for s in summaries}
    current = state.current_assessment_id()
    index = list(labels).index(current) if current in labels else 0
    chosen = st.selectbox(
        t("home.pick"), list(labels), index=index, format_func=labels.__getitem__, key="home:pick"
    )
    left, middle, right = st.columns(3)
    if left.button(t("home.open"), icon=":material/checklist:", type="primary", key="home:open"):
        state.set_current_assessment(chosen)
        st.switch_page(registry.page("questionnaire").script)
    if middle.button(t("home.open_dashboard"), icon=":material/monitoring:", key="home:dash"):
        state.set_current_assessment(chosen)
        st.switch_page(registry.page("dashboard").script)
    if right.button(t("home.select"), icon=":material/push_pin:", key="home:select"):
        state.set_current_assessment(chosen)
        st.rerun()


def listing() -> list[AssessmentSummary]:
    """The stored assessments (most recent change first); an empty list if the store fails."""
    with guard("list"):
        return cache.store().list_assessments()
    return []
