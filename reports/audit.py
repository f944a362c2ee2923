"""The audit (history across assessments) as rows for the admin page and as a CSV file.

The CSV is written by ``reports.tables.csv_bytes`` like every other CSV of the app: UTF-8 with
a byte-order mark, and text cells that a spreadsheet would run as a formula neutralised (user
ids, notes and old/new values are typed by people).
"""

from __future__ import annotations

import json
from typing import Any, Final

import pandas as pd

from assessment.store_rows import HistoryEntry
from framework.i18n import translate
from reports.tables import csv_bytes

COLUMNS: Final = (
    "at",
    "user",
    "assessment",
    "question",
    "kind",
    "outcome",
    "revision",
    "old",
    "new",
    "note",
)


def _json(value: Any) -> str:
    if value is None:
        return ""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


def audit_rows(entries: list[HistoryEntry], lang: str) -> list[dict[str, Any]]:
    """One row per entry, keyed by ``COLUMNS``; kinds and outcomes in ``lang``."""
    return [
        {
            "at": entry.at.strftime("%Y-%m-%d %H:%M:%S UTC"),
            "user": entry.user,
            "assessment": entry.assessment_id,
            "question": entry.question_id or "",
            "kind": translate(f"audit.kind.{entry.kind}", lang),
            "outcome": translate(f"audit.outcome.{entry.outcome}", lang),
            "revision": "" if entry.revision is None else str(entry.revision),
            "old": _json(entry.old),
            "new": _json(entry.new),
            "note": entry.note or "",
        }
        for entry in entries
    ]


def titles(lang: str) -> dict[str, str]:
    return {column: translate(f"audit.col.{column}", lang) for column in COLUMNS}


def audit_csv(entries: list[HistoryEntry], lang: str) -> bytes:
    """The entries as CSV with column titles in ``lang``."""
    frame = pd.DataFrame(audit_rows(entries, lang), columns=list(COLUMNS), dtype=object)
    return csv_bytes(frame.rename(columns=titles(lang)))
