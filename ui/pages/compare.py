"""Compare: two rounds of one country (changes per pillar and area, what improved and what
regressed), or several countries side by side. Only assessments of the same instrument are
compared; the page says so when they differ.
"""

from __future__ import annotations

import streamlit as st

from ui import cache
from ui.components import compare_rows, compare_views
from ui.components.errors import guard
from ui.i18n import t

st.title(t("page.compare.title"))
st.caption(t("page.compare.help"))

MODES = {"rounds": t("compare.mode.rounds"), "countries": t("compare.mode.countries")}
mode = st.segmented_control(
    t("compare.mode"),
    list(MODES),
    format_func=MODES.__getitem__,
    key=f"{compare_views.KEY}:mode",
    default="rounds",
)

with guard("compare"):
    found = compare_rows.summaries()
    if mode == "countries":
        chosen = [cache.assessment(i) for i in compare_views.pick_countries(found)]
        chosen = [a for a in chosen if a is not None]
        if len(chosen) < 2:
            st.info(t("compare.pick_two"))
        elif not compare_views.instruments_differ(chosen):
            compare_views.countries_view(chosen)
    else:
        picked = compare_views.pick_rounds(found)
        pair = [cache.assessment(i) for i in picked] if picked else []
        if len(pair) == 2 and all(pair) and pair[0].id == pair[1].id:
            st.info(t("compare.same_round"))
        elif len(pair) == 2 and all(pair) and not compare_views.instruments_differ(pair):
            compare_views.rounds_view(pair[0], pair[1])
