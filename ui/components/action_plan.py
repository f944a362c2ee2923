"""The action plan: the engine's draft rows (one per gap above the threshold) merged with the
items people saved, shown as a table, and a row editor that saves each change through the store.

Rows come from ``Results.action_plan`` (``assessment.gaps.draft_action_plan``); the editor's
widgets are drawn from the stored row and saved by ``ui.components.action_saving``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import streamlit as st

from assessment import frames as F
from assessment.models import ActionStatus, Assessment, Priority
from reports.facts import records
from reports.wording import is_missing
from ui import cache
from ui.cache_results import facts
from ui.components import action_saving
from ui.components.errors import guarded_callback, show_notice
from ui.components.gap_lists import points
from ui.components.text import plain
from ui.i18n import lang, t, text

ROW_KEY = "plan:row"


@dataclass(frozen=True)
class ActionLine:
    """One action-plan row; ``revision`` None = a draft nobody saved yet."""

    id: str
    text: str
    rating: str
    gap_points: float | None
    agency: str | None
    priority: str
    target_date: date | None
    status: str
    note: str
    saved: bool
    is_gap: bool
    revision: int | None

    def values(self) -> dict[str, Any]:
        return {
            "agency": self.agency,
            "priority": self.priority,
            "target_date": self.target_date,
            "status": self.status,
            "note": self.note,
        }


def action_rows(of: Assessment) -> list[ActionLine]:
    """The plan in priority order (not cached: each row's revision must be the stored one)."""
    found = facts(of, lang())
    rows = []
    for row in records(found.results.action_plan):
        qid = str(row[F.QUESTION_ID])
        item = of.actions.get(qid)
        agency = row[F.AGENCY]
        rows.append(
            ActionLine(
                id=qid,
                text=found.question_text(qid),
                rating=found.words.rating(row[F.RATING]),
                gap_points=None if is_missing(row[F.GAP_POINTS]) else float(row[F.GAP_POINTS]),
                agency=None if is_missing(agency) or not agency else str(agency),
                priority=str(row[F.PRIORITY]),
                target_date=row[F.TARGET_DATE] if isinstance(row[F.TARGET_DATE], date) else None,
                status=str(row[F.STATUS]),
                note="" if is_missing(row[F.NOTE]) else str(row[F.NOTE]),
                saved=bool(row[F.SAVED]),
                is_gap=bool(row[F.IS_GAP]),
                revision=item.revision if item else None,
            )
        )
    return rows


def _agency_name(agency_id: str | None) -> str:
    if not agency_id:
        return t("ui.none")
    agency = cache.content().agencies.get(agency_id)
    return text(agency.name) if agency else agency_id


def _table(rows: list[ActionLine]) -> None:
    measure, agency = t("report.col.action"), t("report.col.agency")
    st.dataframe(
        [
            {
                t("report.col.id"): row.id,
                measure: row.text,
                t("report.col.gap_points"): points(row.gap_points),
                agency: _agency_name(row.agency),
                t("report.col.priority"): t(f"report.priority.{row.priority}"),
                t("report.col.target_date"): row.target_date.isoformat() if row.target_date else "",
                t("report.col.status"): t(f"report.action_status.{row.status}"),
                t("recommendations.col.saved"): "✓" if row.saved else "",
            }
            for row in rows
        ],
        hide_index=True,
        width="stretch",
        height=min(38 + 35 * len(rows), 420),
        column_config={
            measure: st.column_config.TextColumn(width="medium"),
            agency: st.column_config.TextColumn(width="medium"),
        },
    )


@st.fragment
def render(of: Assessment) -> None:
    """The plan's table and the editor of one row. A fragment: an edit redraws only the plan,
    from the store (the assessment is read again, so the table shows what was committed)."""
    of = cache.assessment(of.id) or of
    st.subheader(t("report.chapter.actions"))
    rows = action_rows(of)
    if not rows:
        st.info(t("report.actions.none"))
        return
    st.caption(t("recommendations.plan_intro"))
    _table(rows)
    by_id = {row.id: row for row in rows}
    picked = st.selectbox(
        t("recommendations.edit_row"),
        list(by_id),
        format_func={qid: f"{qid} · {_short(row.text)}" for qid, row in by_id.items()}.__getitem__,
        key=ROW_KEY,
    )
    if picked:
        _editor(of.id, by_id[picked])


def _short(sentence: str, limit: int = 90) -> str:
    return sentence if len(sentence) <= limit else sentence[: limit - 1].rstrip() + "…"


def _choices() -> dict[str, dict[Any, str]]:
    """Options and labels of the editor's pickers, built during the run (AppTest, too, calls
    ``format_func`` outside the run, where the session language is unknown)."""
    names = {a: _agency_name(a) for a in cache.content().agencies}
    return {
        "agency": {None: t("ui.none")} | dict(sorted(names.items(), key=lambda kv: kv[1])),
        "priority": {p.value: t(f"report.priority.{p.value}") for p in Priority},
        "status": {s.value: t(f"report.action_status.{s.value}") for s in ActionStatus},
    }


def _editor(assessment_id: str, row: ActionLine) -> None:
    action_saving.seed(row.id, row.values(), row.revision)
    save = guarded_callback(action_saving.TOPIC)(action_saving.save_row)

    def widget(field: str) -> dict[str, Any]:
        return {
            "key": action_saving.widget_key(field, row.id),
            "on_change": save,
            "args": (assessment_id, row.id, field),
        }

    with st.container(border=True):
        st.markdown(f"**{plain(row.id)}** · {plain(row.text)}")
        choices = _choices()
        columns = st.columns(3)
        for column, field in zip(columns, ("agency", "priority", "status"), strict=True):
            labels = choices[field]
            column.selectbox(
                t(f"report.col.{field}"),
                list(labels),
                format_func=labels.__getitem__,
                **widget(field),
            )
        columns[0].date_input(
            t("report.col.target_date"), format="YYYY-MM-DD", **widget("target_date")
        )
        with st.columns([2, 1])[0]:
            st.text_area(t("report.col.note"), **widget("note"))
        _feedback(assessment_id, row.id)


def _feedback(assessment_id: str, question_id: str) -> None:
    show_notice(action_saving.TOPIC)
    stale = action_saving.stale_message(question_id)
    if stale is not None:
        key, params = stale
        st.warning(t(key, **params), icon=":material/sync_problem:")
        left, right = st.columns(2)
        left.button(
            t("recommendations.reload"),
            key=f"action-reload:{question_id}",
            on_click=action_saving.reload,
            args=(question_id,),
        )
        right.button(
            t("questionnaire.keep_mine"),
            key=f"action-keep:{question_id}",
            on_click=guarded_callback(action_saving.TOPIC)(action_saving.keep_mine),
            args=(assessment_id, question_id),
        )
    for key, params in action_saving.refused(question_id):
        st.error(t(key, **params))
