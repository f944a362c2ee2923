"""The dashboard's charts, one tab each: the ``reports.charts`` figures (the same numbers, labels
and band colours as the PDF), cached per assessment version and language."""

from __future__ import annotations

import streamlit as st

from assessment.models import Assessment
from ui import cache_results
from ui.i18n import lang, t

TABS = (
    ("radar", "chart.radar.title"),
    ("areas", "chart.areas.title"),
    ("heatmap", "chart.heatmap.title"),
    ("coverage", "chart.coverage.title"),
    ("top_gaps", "chart.top_gaps.title"),
)
"""(figure name in ``reports.charts.FIGURES``, tab title key), in the order shown."""

PLOTLY_CONFIG = {"displaylogo": False, "modeBarButtonsToRemove": ["lasso2d", "select2d"]}


def render(of: Assessment) -> None:
    tabs = st.tabs([t(title) for _, title in TABS])
    for tab, (name, _) in zip(tabs, TABS, strict=True):
        with tab:
            st.plotly_chart(
                cache_results.figure(of, name, lang()),
                key=f"dashboard:chart:{name}",
                config=PLOTLY_CONFIG,
                width="stretch",
            )
