"""Dashboard: headline score, pillar cards, red flags, charts, drill-down and "why this score".

Everything shown is computed by the engine (``assessment.results``, ``assessment.explain``,
``reports.charts``) and read through ``ui.cache_results``; this page only places it.
"""

from __future__ import annotations

import streamlit as st

from ui import cache_results
from ui.components import chart_tabs, drill_down, open_assessment, score_cards
from ui.components.errors import guard
from ui.i18n import lang, t

st.title(t("page.dashboard.title"))
current = open_assessment.require()
open_assessment.caption(current)
pillars: list[cache_results.GroupScore] = []

with guard("dashboard scores"):
    score_cards.headline(cache_results.overall(current, lang()))
    pillars = cache_results.scores(current, "pillar", lang())
    st.subheader(t("dashboard.pillars"))
    score_cards.pillar_cards(pillars)

with guard("dashboard red flags"):
    drill_down.red_flags(current)

with guard("dashboard charts"):
    st.subheader(t("dashboard.charts"))
    chart_tabs.render(current)

with guard("dashboard drill-down"):
    drill_down.drill_down(current, pillars)
