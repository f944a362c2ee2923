"""The recommendations page's lists, drawn: ranked gaps (the largest with the resources their
questions cite), recommended resources by relevance, information gaps and N/A answers.

Resource titles are in the session language; links are plain Markdown links to the publisher's
page (``ui.components.text.link``). The rows come from ``ui.components.gap_rows``.
"""

from __future__ import annotations

import streamlit as st

from assessment.models import Assessment
from ui.components.gap_rows import (
    GapLine,
    ResourceLine,
    gap_rows,
    info_gap_rows,
    na_rows,
    resource_rows,
)
from ui.components.text import link, plain
from ui.i18n import lang, t

TOP_RESOURCES = 8
TOP_GAPS = 10
MAX_ADDRESSES = 15


def points(value: float | None) -> str:
    """Gap or relevance points: up to two decimals, a dash when missing."""
    if value is None:
        return t("ui.none")
    return f"{value:.2f}".rstrip("0").rstrip(".")


def gaps_table(of: Assessment) -> None:
    rows = gap_rows(of, lang())
    st.subheader(t("recommendations.gaps"))
    if not rows:
        st.success(t("report.summary.no_gaps"), icon=":material/check_circle:")
        return
    st.caption(t("recommendations.gaps_intro", count=len(rows)))
    question = t("report.col.question")
    st.dataframe(
        [
            {
                t("report.col.rank"): row.rank,
                t("report.col.id"): row.id,
                question: row.text,
                t("report.col.pillar"): row.pillar,
                t("report.col.obligation"): row.obligation,
                t("report.col.rating"): row.rating,
                t("report.col.gap_points"): points(row.gap_points),
            }
            for row in rows
        ],
        hide_index=True,
        width="stretch",
        height=min(38 + 35 * len(rows), 420),
        column_config={question: st.column_config.TextColumn(width="large")},
    )
    _top_gaps(rows[:TOP_GAPS])


def _top_gaps(rows: list[GapLine]) -> None:
    """The largest gaps, each with the resources its question cites, as links."""
    st.markdown(f"#### {plain(t('recommendations.top_gaps', count=len(rows)))}")
    for row in rows:
        head = t(
            "recommendations.gap_line",
            rank=row.rank,
            id=row.id,
            rating=row.rating,
            points=points(row.gap_points),
        )
        cited = [
            f"- {link(c.title, c.url)}" + (f" ({c.year})" if c.year else "") for c in row.resources
        ]
        st.markdown(
            f"**{plain(head)}** {plain(row.text)}\n"
            + ("\n".join(cited) if cited else f"- :gray[{plain(t('recommendations.no_resource'))}]")
        )


def _resource_card(row: ResourceLine) -> None:
    year = f" ({row.year})" if row.year else ""
    with st.container(border=True):
        st.markdown(f"**{row.rank}. {link(row.title, row.url)}**{plain(year)}")
        st.caption(t("recommendations.relevance", points=points(row.relevance)))
        if row.parts:
            st.markdown(
                f"{plain(t('report.resources.parts'))}\n"
                + "\n".join(
                    f"- {link(part.title, part.url)} ({points(part.relevance)})"
                    for part in row.parts
                )
            )
        shown = ", ".join(row.addresses[:MAX_ADDRESSES])
        more = len(row.addresses) - MAX_ADDRESSES
        if more > 0:
            shown = t("recommendations.and_more", items=shown, count=more)
        st.markdown(f"{plain(t('report.col.addresses'))}: {plain(shown)}")


def resources(of: Assessment) -> None:
    rows = resource_rows(of, lang())
    st.subheader(t("report.chapter.resources"))
    if not rows:
        st.info(t("report.resources.none"))
        return
    st.caption(t("report.resources.intro"))
    for row in rows[:TOP_RESOURCES]:
        _resource_card(row)
    if len(rows) > TOP_RESOURCES:
        with st.expander(t("recommendations.more_resources", count=len(rows) - TOP_RESOURCES)):
            for row in rows[TOP_RESOURCES:]:
                _resource_card(row)


def info_gaps(of: Assessment) -> None:
    rows = info_gap_rows(of, lang())
    st.subheader(t("report.chapter.info_gaps"))
    if not rows:
        st.success(t("report.summary.no_info_gaps"), icon=":material/check_circle:")
        return
    st.caption(t("report.info.intro"))
    question, ask = t("report.col.question"), t("report.col.ask")
    notes = [t("report.col.sources"), t("report.col.comment")]
    table = [
        {
            t("report.col.id"): row.id,
            question: row.text,
            t("report.col.info_gap"): points(row.info_gap),
            ask: row.ask or t("report.info.ask_unknown"),
            notes[0]: row.sources,
            notes[1]: row.comment,
        }
        for row in rows
    ]
    for column in notes:  # shown only when someone wrote one
        if not any(line[column] for line in table):
            for line in table:
                del line[column]
    st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        column_config={
            question: st.column_config.TextColumn(width="large"),
            ask: st.column_config.TextColumn(width="medium"),
        },
    )


def not_applicable(of: Assessment) -> None:
    """Every N/A answer with its justification in full, so reviewers can challenge it."""
    rows = na_rows(of, lang())
    st.subheader(t("report.chapter.not_applicable"))
    if not rows:
        st.info(t("report.na.none"))
        return
    st.caption(t("report.na.intro"))
    for row in rows:
        agency = f" ({plain(row.agency)})" if row.agency else ""
        st.markdown(
            f"- **{plain(row.id)}** {plain(row.text)}  \n"
            f"  {plain(t('report.col.justification'))}: {plain(row.justification)}{agency}"
        )
