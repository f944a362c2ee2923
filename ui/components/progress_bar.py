"""The questionnaire's progress: one bar (overall, and this section) in a slot above the
questions, and every section in an expander below it.

Each question's fragment redraws the bar after a saved change. Streamlit lets a fragment
write into a container made outside it only at the place it wrote to during the last full
run, so every question also draws the bar once during a full run (one small element each).
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from framework.models import Instrument
from ui.components import progress, saving
from ui.components.questionnaire_nav import section_label
from ui.i18n import t


def slot(assessment_id: str, instrument: Instrument, section_id: str) -> Callable[[], None]:
    """Make the progress bar here, with the per-section list under it; return the function that
    redraws the bar (for the question fragments)."""
    place = st.empty()

    def draw() -> None:
        answers = saving.snapshot(assessment_id)
        overall = progress.count(instrument.questions(), answers)
        here = progress.by_section(instrument, answers)[section_id]
        label = t(
            "questionnaire.progress",
            answered=overall.answered,
            total=overall.total,
            section_answered=here.answered,
            section_total=here.total,
        )
        place.progress(overall.share, text=label)

    draw()
    _by_section(assessment_id, instrument)
    return draw


def _by_section(assessment_id: str, instrument: Instrument) -> None:
    sections = progress.by_section(instrument, saving.snapshot(assessment_id))
    with st.expander(t("questionnaire.progress_by_section")):
        lines = [
            t(
                "questionnaire.progress_line",
                section=section_label(instrument, section),
                answered=sections[section.id].answered,
                total=sections[section.id].total,
            )
            for section in instrument.sections
        ]
        st.markdown("\n".join(f"- {line}" for line in lines))
