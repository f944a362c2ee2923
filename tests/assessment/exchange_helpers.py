"""Helpers shared by the exchange tests: a real-content assessment, filling a template by code."""

from __future__ import annotations

import io
from collections.abc import Mapping
from pathlib import Path

import openpyxl
from openpyxl.worksheet.worksheet import Worksheet

from assessment.io.excel_layout import COLUMN_KEYS
from assessment.models import Answer, Assessment
from assessment.store import Store
from assessment.store_schema import sqlite_url
from framework.loader import ContentBundle

ASSESSMENT_ID = "xch-0001"


def ifa_assessment(answers: Mapping[str, Answer] | None = None, **extra: object) -> Assessment:
    return Assessment(
        id=ASSESSMENT_ID,
        country="XAA",
        fictional=True,
        instrument_id="ifa",
        instrument_version="1.0",
        title="Exchange test",
        answers=dict(answers or {}),
        **extra,
    )


def column(key: str) -> int:
    """1-based column number of a questions-sheet column."""
    return COLUMN_KEYS.index(key) + 1


def questions_sheet(wb: openpyxl.Workbook) -> Worksheet:
    return wb.worksheets[1]


def row_of(ws: Worksheet, question_id: str) -> int:
    for (cell,) in ws.iter_rows(min_row=2, max_col=1):
        if cell.value == question_id:
            return cell.row
    raise KeyError(question_id)


def fill(data: bytes, values: Mapping[str, Mapping[str, object]]) -> bytes:
    """The template ``data`` with cells set as a person would: {question id: {column: value}}."""
    wb = openpyxl.load_workbook(io.BytesIO(data))
    ws = questions_sheet(wb)
    for question_id, cells in values.items():
        row = row_of(ws, question_id)
        for key, value in cells.items():
            ws.cell(row=row, column=column(key), value=value)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def open_store(path: Path, bundle: ContentBundle) -> Store:
    """A store in a fresh SQLite file under ``path``."""
    return Store(sqlite_url(path / "exchange.sqlite"), bundle=bundle)


def new_assessment(store: Store) -> Assessment:
    return store.create_assessment(country="XVL", instrument_id="ifa", title="Exchange test")


def snapshot(store: Store, assessment_id: str) -> tuple[dict, int]:
    """What is stored (answers and version) and how long the history is: to prove no write."""
    stored = store.get(assessment_id)
    return stored.model_dump(mode="json"), len(store.history(assessment_id))
