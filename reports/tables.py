"""CSV and XLSX exports of the report tables (layout only; the frames come from ``table_data``).

Spreadsheets must never run a formula that came from user text (DESIGN 4):

- XLSX: every text cell is written as an inline string with Excel's "quote prefix" set, so
  ``=SUM(A1)`` is shown and kept as typed and is never evaluated, even after editing;
- CSV has no cell types, so a text that starts with ``=``, ``+``, ``-``, ``@``, a tab or a
  carriage return gets a leading apostrophe (the OWASP rule), which spreadsheet programs
  treat as "this is text". Numbers stay numbers in both formats.

CSV is UTF-8 with a byte-order mark, so Excel on a Chinese Windows opens it correctly.
"""

from __future__ import annotations

import io
import math
from typing import Any

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from assessment.results import Results
from framework.loader import ContentBundle
from reports import style
from reports.table_data import TABLES, table_frames

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
MAX_COLUMN_WIDTH = 60
MIN_COLUMN_WIDTH = 8
WRAP_FROM = 40
FIXED_TIME = (2000, 1, 1, 0, 0, 0)
"""Deterministic exports: the workbook's created/modified stamps are this fixed date."""


def neutralise(value: Any) -> Any:
    """A CSV cell value that no spreadsheet will read as a formula (numbers unchanged)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """One table as CSV, UTF-8 with BOM, text cells neutralised."""
    safe = frame.copy()
    for column in safe.columns:
        if not pd.api.types.is_numeric_dtype(safe[column]):
            safe[column] = safe[column].map(neutralise)
    return safe.to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


def build_csv(bundle: ContentBundle, results: Results, lang: str, table: str = "answers") -> bytes:
    """The CSV of one table (``answers``, ``scores``, ``gaps``, ``resources``, ``actions``)."""
    if table not in TABLES:
        raise ValueError(f"unknown table {table!r}; one of {', '.join(TABLES)}")
    return csv_bytes(table_frames(bundle, results, lang)[table])


def _cell_value(value: Any) -> Any:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if value is pd.NA or value is pd.NaT:
        return None
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return value


def _write_sheet(sheet: Worksheet, frame: pd.DataFrame) -> None:
    header_font = Font(bold=True, color="FFFFFF")
    header_fill = PatternFill("solid", fgColor=style.PRIMARY.lstrip("#").upper())
    sheet.append(list(frame.columns))
    for cell in sheet[1]:
        cell.font, cell.fill = header_font, header_fill
    for row in frame.itertuples(index=False):
        sheet.append([_cell_value(v) for v in row])
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # openpyxl would otherwise store "=..." as a formula
                cell.quotePrefix = True
    sheet.freeze_panes = "A2"
    _column_widths(sheet, frame)


def _column_widths(sheet: Worksheet, frame: pd.DataFrame) -> None:
    for index, column in enumerate(frame.columns, start=1):
        lengths = [len(str(column))] + [len(str(v)) for v in frame[column].head(200)]
        width = max(MIN_COLUMN_WIDTH, min(MAX_COLUMN_WIDTH, max(lengths) + 2))
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = width
        if max(lengths) > WRAP_FROM:
            for cell in sheet[letter][1:]:
                cell.alignment = Alignment(wrap_text=True, vertical="top")


def build_xlsx(bundle: ContentBundle, results: Results, lang: str) -> bytes:
    """The workbook: a method sheet first, then one sheet per table."""
    from datetime import datetime

    workbook = Workbook()
    workbook.remove(workbook.active)  # type: ignore[arg-type]
    for name, frame in table_frames(bundle, results, lang).items():
        _write_sheet(workbook.create_sheet(name), frame)
    stamp = datetime(*FIXED_TIME)
    workbook.properties.created = workbook.properties.modified = stamp
    workbook.properties.creator = "gapassess"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return _fixed_zip_times(buffer.getvalue())


def _fixed_zip_times(data: bytes) -> bytes:
    """Re-pack with fixed times: openpyxl stamps each zip member, and the core properties'
    "modified" date, with the current second at save, so two builds of the same results would
    otherwise differ whenever a second boundary passes."""
    import re
    import zipfile

    stamp = "{:04d}-{:02d}-{:02d}T{:02d}:{:02d}:{:02d}Z".format(*FIXED_TIME[:6])
    modified = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")

    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for member in src.infolist():
            info = zipfile.ZipInfo(member.filename, date_time=FIXED_TIME[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            body = src.read(member)
            if member.filename == "docProps/core.xml":
                body = modified.sub(rb"\g<1>" + stamp.encode() + rb"\g<2>", body)
            dst.writestr(info, body)
    return out.getvalue()
