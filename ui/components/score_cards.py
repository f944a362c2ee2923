"""Scores as people read them: the headline, one card per pillar, band pills and marks.

A missing score is a dash, never 0 (``ui.i18n.score``). A provisional score (coverage under the
method's threshold) and a band capped by a red flag are always marked next to the number, with
a tooltip saying what the mark means.
"""

from __future__ import annotations

import html

import streamlit as st

from reports.wording import Words
from ui import cache
from ui.cache_results import GroupScore
from ui.components.text import plain
from ui.i18n import lang, percent, t


def score(value: float | None) -> str:
    """A score with one decimal as in the reports (so 59.6 never shows as a "60" that is weak);
    a dash when there is none, never 0."""
    return Words(cache.content(), lang()).score(value)


def band_pill(group: GroupScore) -> None:
    """The band in its colour (the same colours as every chart and the PDF)."""
    st.html(
        f'<span style="background:{html.escape(group.color)};color:#fff;'
        f'padding:2px 10px;border-radius:10px;font-size:0.85rem;font-weight:600">'
        f"{html.escape(group.band_label)}</span>"
    )


def marks(group: GroupScore) -> str:
    """Markdown badges for a provisional score and a capped band ("" when neither applies)."""
    threshold = percent(cache.content().method.provisional_below_coverage)
    line = []
    if group.score is not None and group.provisional:
        label = plain(t("dashboard.provisional"))
        line.append(f":orange-badge[:material/hourglass_empty: {label}]")
    if group.capped:
        line.append(f":red-badge[:material/flag: {plain(t('dashboard.capped'))}]")
    if not line:
        return ""
    notes = []
    if group.score is not None and group.provisional:
        notes.append(t("dashboard.provisional_help", threshold=threshold))
    if group.capped:
        notes.append(t("dashboard.capped_help", band=group.band_label))
    return " ".join(line) + "  \n" + " ".join(f":gray[{plain(n)}]" for n in notes)


def counts_line(group: GroupScore) -> str:
    return t(
        "dashboard.counts",
        rated=group.n_rated,
        na=group.n_na,
        unknown=group.n_unknown,
        unanswered=group.n_unanswered,
        total=group.n_questions,
    )


def headline(group: GroupScore) -> None:
    """Overall score, band and coverage of the whole instrument."""
    with st.container(border=True):
        first, second, third = st.columns([1, 1, 2])
        first.metric(
            t("dashboard.overall"),
            score(group.score),
            help=t("dashboard.no_score_help") if group.score is None else None,
        )
        second.metric(t("report.col.coverage"), percent(group.coverage))
        with third:
            st.caption(t("report.col.band"))
            band_pill(group)
            st.caption(plain(counts_line(group)))
        note = marks(group)
        if note:
            st.markdown(note)


def pillar_cards(groups: list[GroupScore]) -> None:
    """One bordered card per pillar: score, band, coverage and the marks."""
    columns = st.columns(max(len(groups), 1))
    for column, group in zip(columns, groups, strict=False):
        with column.container(border=True, height="stretch"):
            st.metric(
                group.label,
                score(group.score),
                help=t("dashboard.no_score_help") if group.score is None else None,
            )
            band_pill(group)
            st.caption(
                plain(t("dashboard.coverage_line", coverage=percent(group.coverage)))
                + "  \n"
                + plain(counts_line(group))
            )
            note = marks(group)
            if note:
                st.markdown(note)
