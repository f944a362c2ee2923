"""The compare page's two views: two rounds of one country (changes per pillar and area, what
improved and what regressed) and several countries side by side (scores per pillar).

Figures are ``reports.charts.deltas`` and ``reports.charts.comparison``; only assessments of the
same instrument are ever put side by side.
"""

from __future__ import annotations

import streamlit as st

from assessment.countries import country_name
from assessment.models import Assessment
from assessment.store_rows import AssessmentSummary
from reports import charts
from ui import cache, cache_results, state
from ui.components.chart_tabs import PLOTLY_CONFIG
from ui.components.compare_rows import (
    MIN_CHANGE,
    Delta,
    deltas,
    improved,
    instrument_name,
    label,
    newly_scored,
    regressed,
    same_instrument,
    same_version,
)
from ui.components.score_cards import score
from ui.components.text import plain
from ui.i18n import lang, t

KEY = "compare"


def _pick(title: str, options: list[AssessmentSummary], key: str, index: int) -> str | None:
    by_id = {s.id: s for s in options}
    return st.selectbox(
        title,
        list(by_id),
        index=min(index, len(by_id) - 1) if by_id else None,
        format_func={sid: label(s, lang()) for sid, s in by_id.items()}.__getitem__,
        key=key,
    )


def _default_pair(rounds: list[AssessmentSummary], preferred: str | None) -> tuple[int, int]:
    """Oldest and newest round of one instrument: the open assessment's when it has two rounds,
    else the instrument with the most rounds (a Guide round must not pair with a Framework one)."""
    counts = {
        s.instrument_id: sum(r.instrument_id == s.instrument_id for r in rounds) for s in rounds
    }
    instrument = preferred if counts.get(preferred, 0) >= 2 else max(counts, key=counts.__getitem__)
    positions = [i for i, s in enumerate(rounds) if s.instrument_id == instrument]
    return positions[0], positions[-1]


def pick_rounds(found: list[AssessmentSummary]) -> tuple[str, str] | None:
    """Country, baseline and follow-up pickers; defaults: the open assessment's country, its
    oldest and newest rounds."""
    current = cache.assessment(state.current_assessment_id())
    names = {s.country: country_name(s.country, lang()) for s in found}
    countries = sorted(names, key=names.__getitem__)
    if not countries:
        st.info(t("compare.nothing"))
        return None
    default = countries.index(current.country) if current and current.country in countries else 0
    country = st.selectbox(
        t("compare.country"),
        countries,
        index=default,
        format_func=names.__getitem__,
        key=f"{KEY}:country",
    )
    rounds = [s for s in found if s.country == country]
    if len(rounds) < 2:
        st.info(t("compare.one_round"))
        return None
    first, last = _default_pair(rounds, current.instrument_id if current else None)
    left, right = st.columns(2)
    with left:
        before = _pick(t("compare.baseline"), rounds, f"{KEY}:baseline:{country}", first)
    with right:
        after = _pick(t("compare.followup"), rounds, f"{KEY}:followup:{country}", last)
    return (before, after) if before and after else None


def instruments_differ(items: list[Assessment]) -> bool:
    """Say so (and stop the comparison) when the assessments use different instruments."""
    if not same_instrument(items):
        names = sorted({instrument_name(a.instrument_id) for a in items})
        st.warning(t("compare.different_instruments", instruments=", ".join(names)))
        return True
    if not same_version(items):
        st.info(t("compare.different_versions"))
    return False


def signed(change: float | None) -> str | None:
    """``+2.6`` / ``-0.4``; ``0.0`` for a change too small to show (never ``-0.0``)."""
    if change is None:
        return None
    return "0.0" if abs(change) < MIN_CHANGE else f"{change:+.1f}"


def _delta_text(row: Delta) -> str:
    change = signed(row.change) or t("ui.none")
    return t(
        "compare.delta_line",
        label=row.label,
        before=score(row.before),
        after=score(row.after),
        change=change,
    )


def _list(icon: str, title: str, rows: list[Delta]) -> None:
    st.markdown(f"**{icon} {plain(title)}**")
    st.markdown("\n".join(f"- {plain(_delta_text(r))}" for r in rows) or t("compare.none"))


def _lists(rows: list[Delta]) -> None:
    up, down, new = improved(rows), regressed(rows), newly_scored(rows)
    left, right = st.columns(2)
    with left:
        _list(":green[:material/trending_up:]", t("compare.improved", count=len(up)), up)
    with right:
        _list(":red[:material/trending_down:]", t("compare.regressed", count=len(down)), down)
    if new:
        st.caption(t("compare.newly_scored", groups=", ".join(r.label for r in new)))


def rounds_view(before: Assessment, after: Assessment) -> None:
    overall = deltas(before, after, "instrument", lang())
    figures = [(t("dashboard.overall"), row) for row in overall]
    figures += [(row.label, row) for row in deltas(before, after, "pillar", lang())]
    for column, (title, row) in zip(st.columns(len(figures)), figures, strict=True):
        change = row.change
        shown = signed(change)
        flat = shown == "0.0"
        column.metric(
            title,
            score(row.after),
            delta=shown,
            delta_color="off" if flat else "normal",
            delta_arrow="off" if flat else "auto",
        )
    st.caption(t("compare.metric_note"))
    old = cache_results.chart_data(before, lang())
    new = cache_results.chart_data(after, lang())
    tab_pillars, tab_areas = st.tabs([t("compare.by_pillar"), t("compare.by_area")])
    with tab_pillars:
        st.plotly_chart(
            charts.deltas(old, new, "pillars"),
            key=f"{KEY}:deltas:pillars",
            config=PLOTLY_CONFIG,
            width="stretch",
        )
    with tab_areas:
        st.plotly_chart(
            charts.deltas(old, new, "areas"),
            key=f"{KEY}:deltas:areas",
            config=PLOTLY_CONFIG,
            width="stretch",
        )
    st.subheader(t("compare.areas"))
    _lists(deltas(before, after, "area", lang()))


def pick_countries(found: list[AssessmentSummary]) -> list[str]:
    """An instrument, then its assessments (default: the latest round of every country)."""
    instruments = sorted({s.instrument_id for s in found})
    current = cache.assessment(state.current_assessment_id())
    default = current.instrument_id if current and current.instrument_id in instruments else None
    default = default or (instruments[0] if instruments else None)
    instrument = (
        st.segmented_control(
            t("compare.instrument"),
            instruments,
            format_func={i: instrument_name(i) for i in instruments}.__getitem__,
            key=f"{KEY}:instrument",
            default=default,
        )
        or default
    )
    st.caption(t("compare.same_instrument_only"))
    options = [s for s in found if s.instrument_id == instrument]
    latest = {s.country: s.id for s in options}  # oldest first, so the last round wins
    by_id = {s.id: label(s, lang(), with_country=True) for s in options}
    return st.multiselect(
        t("compare.assessments"),
        list(by_id),
        default=list(latest.values()),
        format_func=by_id.__getitem__,
        key=f"{KEY}:many:{instrument}",
    )


def countries_view(items: list[Assessment]) -> None:
    data = [cache_results.chart_data(a, lang()) for a in items]
    st.plotly_chart(
        charts.comparison(data), key=f"{KEY}:comparison", config=PLOTLY_CONFIG, width="stretch"
    )
    pillar_ids = [g.id for g in cache_results.scores(items[0], "pillar", lang())]
    rows = []
    for item, chart in zip(items, data, strict=True):
        row = {
            t("compare.col.assessment"): chart.title,
            t("dashboard.overall"): score(cache_results.overall(item, lang()).score),
        }
        groups = {g.id: g for g in cache_results.scores(item, "pillar", lang())}
        row |= {groups[p].label: score(groups[p].score) for p in pillar_ids if p in groups}
        rows.append(row)
    st.dataframe(rows, hide_index=True, width="stretch")
