"""Recommendations and action plan: ranked gaps with the UNODC resources that address them,
information gaps, questions marked not applicable, and the editable action plan.

Gaps, relevance and the draft plan are the engine's (``assessment.gaps``); edits to the plan
are saved through the store at once (``ui.components.action_saving``).
"""

from __future__ import annotations

import streamlit as st

from ui.components import action_plan, gap_lists, open_assessment
from ui.components.errors import guard
from ui.i18n import t

st.title(t("page.recommendations.title"))
current = open_assessment.require()
open_assessment.caption(current)

gaps_tab, resources_tab, info_tab, plan_tab = st.tabs(
    [
        t("recommendations.tab.gaps"),
        t("report.chapter.resources"),
        t("recommendations.tab.info"),
        t("report.chapter.actions"),
    ]
)
with gaps_tab, guard("recommendations gaps"):
    gap_lists.gaps_table(current)
with resources_tab, guard("recommendations resources"):
    gap_lists.resources(current)
with info_tab, guard("recommendations information gaps"):
    gap_lists.info_gaps(current)
    gap_lists.not_applicable(current)
with plan_tab, guard("recommendations action plan"):
    action_plan.render(current)
