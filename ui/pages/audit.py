"""Audit (shared server, admins only): who changed what, and which requests were refused.

Registered only when sign-in is on and the user is an admin (``ui.registry.visible``); the
page checks again, and ``Store.audit`` refuses anyone else (recorded). Filters: user,
assessment, kind, outcome, dates (UTC). The rows shown download as CSV
(``reports.audit.audit_csv``).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import streamlit as st

from assessment.store_rows import Kind, Outcome
from reports.audit import COLUMNS, audit_csv, audit_rows, titles
from ui import cache, state
from ui.components.errors import guard
from ui.i18n import lang, t

ALL = ""
MAX_ROWS = 2000

st.title(t("page.audit.title"))
st.caption(t("page.audit.help"))

me = state.actor()
if me is None or not me.is_admin:
    st.error(t("error.access_denied"))
    st.stop()


def _choice(where: Any, title: str, values: list[str], prefix: str, key: str) -> str:
    options = [ALL, *values]
    return (
        where.selectbox(
            title,
            options,
            format_func=lambda v: t("audit.any") if v == ALL else t(f"{prefix}.{v}"),
            key=key,
        )
        or ALL
    )


def _day_start(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


left, middle, right = st.columns(3)
user = left.text_input(t("audit.filter.user"), key="audit:user").strip().lower()
assessment = middle.text_input(t("audit.filter.assessment"), key="audit:assessment").strip()
limit = right.number_input(t("audit.filter.limit"), 10, MAX_ROWS, 500, step=100, key="audit:limit")
left, middle, right = st.columns(3)
kind = _choice(left, t("audit.filter.kind"), [k.value for k in Kind], "audit.kind", "audit:kind")
outcome = _choice(
    middle, t("audit.filter.outcome"), [o.value for o in Outcome], "audit.outcome", "audit:outcome"
)
today = datetime.now(UTC).date()
days = right.date_input(
    t("audit.filter.dates"), value=(today - timedelta(days=30), today), key="audit:dates"
)

with guard("audit"):
    since = until = None
    if isinstance(days, tuple) and len(days) == 2:  # a (from, to) range
        since, until = _day_start(days[0]), _day_start(days[1]) + timedelta(days=1)
    entries = cache.store().audit(
        user=user or None,
        assessment_id=assessment or None,
        kind=kind or None,
        outcome=outcome or None,
        since=since,
        until=until,
        limit=int(limit),
    )
    names = titles(lang())
    rows = [{names[c]: row[c] for c in COLUMNS} for row in audit_rows(entries, lang())]
    st.caption(t("audit.count", count=len(rows)))
    st.dataframe(rows, hide_index=True)
    st.download_button(
        t("audit.download"),
        data=audit_csv(entries, lang()),
        file_name=f"audit_{today.isoformat()}.csv",
        mime="text/csv",
        icon=":material/download:",
        on_click="ignore",
        key="audit:download",
    )
