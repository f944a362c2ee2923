"""Dashboard details: raised red flags, the drill-down from a pillar to its areas and questions,
and "why this score" (``assessment.explain``: answers, weights, the three best changes)."""

from __future__ import annotations

import streamlit as st

from assessment.models import Assessment
from ui import cache_results
from ui.cache_results import GroupScore, Why
from ui.components.score_cards import band_pill, marks, score
from ui.components.text import plain
from ui.i18n import lang, percent, t

PILLAR_KEY = "dashboard:pillar"
GROUP_KEY = "dashboard:group"


def red_flags(of: Assessment) -> None:
    st.subheader(t("report.summary.red_flags"))
    raised = cache_results.flags(of, lang())
    if not raised:
        st.success(t("report.summary.no_red_flags"), icon=":material/check_circle:")
        return
    cap = cache_results.flag_cap_band(lang())
    for flag in raised:
        with st.container(border=True):
            st.markdown(f":red[:material/flag:] **{plain(flag.title)}** · {plain(flag.legal)}")
            st.markdown(plain(flag.explanation))
            if flag.caps_band:
                st.markdown(f"**{plain(t('dashboard.flag_caps', pillar=flag.pillar, band=cap))}**")
            st.markdown(f"**{plain(t('report.flag.raised_by'))}**")
            st.markdown(
                "\n".join(
                    f"- {plain(line)}" + (f"  \n  :gray[{plain(text)}]" if text else "")
                    for line, text in flag.triggers
                )
            )


def _area_table(areas: list[GroupScore]) -> None:
    rows = [
        {
            t("dashboard.col.area"): area.label,
            t("report.col.score"): score(area.score),
            t("report.col.band"): area.band_label,
            t("report.col.coverage"): percent(area.coverage),
            t("dashboard.col.marks"): _mark_text(area),
        }
        for area in areas
    ]
    st.dataframe(rows, hide_index=True, width="stretch")


def _mark_text(group: GroupScore) -> str:
    words = []
    if group.score is not None and group.provisional:
        words.append(t("dashboard.provisional"))
    if group.capped:
        words.append(t("dashboard.capped"))
    return ", ".join(words)


@st.fragment
def drill_down(of: Assessment, pillars: list[GroupScore]) -> None:
    """Pick a pillar, see its areas; pick the pillar or one area, see why it scores so.

    A fragment: choosing another pillar or area redraws only this part of the dashboard."""
    st.subheader(t("dashboard.drill"))
    labels = {p.id: p.label for p in pillars}
    pillar = st.segmented_control(
        t("dashboard.pick_pillar"),
        list(labels),
        format_func=labels.__getitem__,
        key=PILLAR_KEY,
        default=pillars[0].id if pillars else None,
    )
    pillar = pillar or (pillars[0].id if pillars else None)
    if pillar is None:
        return
    areas = cache_results.areas_of(of, pillar, lang())
    st.markdown(f"**{plain(t('dashboard.areas', pillar=labels[pillar]))}**")
    _area_table(areas)
    choices = {f"pillar|{pillar}": t("dashboard.whole_pillar", pillar=labels[pillar])}
    choices |= {f"area|{a.id}": a.label for a in areas}
    picked = st.selectbox(
        t("dashboard.pick_group"),
        list(choices),
        format_func=choices.__getitem__,
        key=f"{GROUP_KEY}:{pillar}",
    )
    kind, group_id = (picked or f"pillar|{pillar}").split("|", 1)
    why_view(cache_results.why(of, kind, group_id, lang()))


def why_view(why: Why) -> None:
    """The group's score traced to its answers, and the changes that raise its band most."""
    group = why.group
    st.markdown(f"#### {plain(t('dashboard.why', group=group.label))}")
    left, right = st.columns([1, 4])
    left.metric(t("report.col.score"), score(group.score))
    with right:
        band_pill(group)
        note = marks(group)
        if note:
            st.markdown(note)
    st.caption(t("dashboard.why_intro"))
    question = t("report.col.question")
    st.dataframe(
        [
            {
                t("report.col.id"): line.id,
                question: line.text,
                t("report.col.obligation"): line.obligation,
                t("report.col.weight"): _points(line.weight),
                t("report.col.rating"): line.rating,
                t("dashboard.col.added"): _points(line.contribution),
                t("dashboard.col.lost"): _points(line.lost),
            }
            for line in why.lines
        ],
        hide_index=True,
        width="stretch",
        column_config={question: st.column_config.TextColumn(width="large")},
    )
    _changes(why)


def _changes(why: Why) -> None:
    st.markdown(f"**{plain(t('dashboard.changes'))}**")
    if not why.changes:
        st.caption(t("dashboard.no_changes"))
        return
    if why.group.capped:
        st.caption(t("dashboard.changes_capped", band=why.group.band_label))
    elif all(change.band_steps <= 0 for change in why.changes):
        st.caption(t("dashboard.changes_score_only"))
    for number, change in enumerate(why.changes, start=1):
        line = t(
            "dashboard.change_line",
            number=number,
            id=change.id,
            from_rating=change.from_rating,
            to_rating=change.to_rating,
            score=score(change.new_score),
            band=change.new_band,
        )
        st.markdown(f"{plain(line)}  \n:gray[{plain(change.text)}]")


def _points(value: float | None) -> str:
    if value is None:
        return t("ui.none")
    return f"{value:.1f}".rstrip("0").rstrip(".")
