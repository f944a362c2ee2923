"""Read filled-in Excel questionnaires back, safely, without writing anything.

An uploaded workbook is untrusted: ``xlsx_safety`` checks the container (size, ZIP bomb, DTDs)
before openpyxl parses anything. Then the file must be one of our questionnaires (the meta
sheet), for this assessment and this instrument version, with a questions sheet whose header
names our columns. Rows are read up to
``MAX_ROWS``; each becomes an ``Incoming`` answer or a ``RowIssue`` naming row, field and
reason (an i18n key).

**Formulas are refused.** A cell holding a formula (``=...``) is reported with its row and
column and its row is not imported: openpyxl does not calculate, so the value a person saw is
unknown, and a formula kept as text could run later in someone else's spreadsheet. Text that
merely starts with ``=`` but is stored as text (typed as ``'=...``) is literal text and is kept.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from typing import Any

from openpyxl.workbook.workbook import Workbook

from assessment.io import excel_layout as layout
from assessment.io.labels import Labels
from assessment.io.rows import FieldError, Incoming, RowIssue, SourceRead, answer_from_cells
from assessment.io.xlsx_safety import LOAD_ERRORS, FileRefused, open_workbook
from assessment.models import Assessment
from framework.loader import ContentBundle

MAX_ROWS = 5_000


def _sheet(wb: Workbook, bundle: ContentBundle, name: str) -> Any:
    titles = layout.sheet_titles(bundle, name)
    found = next((title for title in wb.sheetnames if title in titles), None)
    if found is None:
        key = "exchange.error.not_template" if name == "meta" else "exchange.error.missing_sheet"
        raise FileRefused(key, sheet=layout.sheet_title(bundle, name, "en"))
    return wb[found]


def _text(value: object) -> str:
    return "" if value is None else str(value).strip()


def read_meta(wb: Workbook, bundle: ContentBundle) -> tuple[dict[str, str], dict[str, tuple]]:
    """(meta values, question id -> (base revision, fingerprint)) from the meta sheet."""
    meta: dict[str, str] = {}
    revisions: dict[str, tuple[int, str]] = {}
    in_table = False
    for count, row in enumerate(_sheet(wb, bundle, "meta").iter_rows(max_col=3, values_only=True)):
        if count > MAX_ROWS + len(layout.META_KEYS) + 2:
            raise FileRefused("exchange.error.too_many_rows", maximum=MAX_ROWS)
        key, value, extra = (_text(cell) for cell in (*row, None, None, None)[:3])
        if key == layout.REVISION_HEADER:
            in_table = True
        elif in_table and key:
            revisions[key] = (int(value) if value.isdigit() else 0, extra)
        elif key:
            meta[key] = value
    if meta.get("format") != layout.FORMAT:
        raise FileRefused(
            "exchange.error.not_template", sheet=layout.sheet_title(bundle, "meta", "en")
        )
    return meta, revisions


def check_meta(meta: dict[str, str], assessment: Assessment) -> None:
    if meta.get("assessment_id") != assessment.id:
        raise FileRefused(
            "exchange.error.wrong_assessment",
            found=meta.get("assessment_id", "")[:64],
            expected=assessment.id,
        )
    found = f"{meta.get('instrument_id', '')} {meta.get('instrument_version', '')}"
    expected = f"{assessment.instrument_id} {assessment.instrument_version}"
    if found != expected:
        raise FileRefused("exchange.error.wrong_instrument", found=found[:64], expected=expected)


def _columns(header: tuple[Any, ...], bundle: ContentBundle) -> dict[str, int]:
    lookup = layout.header_lookup(bundle)
    columns: dict[str, int] = {}
    for index, cell in enumerate(header):
        key = lookup.get(_text(cell.value).casefold())
        if key and key not in columns:
            columns[key] = index
    if "id" not in columns:
        raise FileRefused("exchange.error.missing_column", column=layout.header(bundle, "id", "en"))
    return columns


def _data_rows(ws: Any, bundle: ContentBundle) -> Iterator[tuple[int, dict[str, Any]]]:
    """(row number, {column key: cell}) for every non-empty row under the header."""
    rows = ws.iter_rows(max_col=len(layout.COLUMNS) + 10)
    header = next(rows, None)
    if header is None:
        raise FileRefused("exchange.error.empty")
    columns = _columns(header, bundle)
    for number, row in enumerate(rows, start=2):
        if number > MAX_ROWS + 1:
            raise FileRefused("exchange.error.too_many_rows", maximum=MAX_ROWS)
        cells = {key: row[index] for key, index in columns.items() if index < len(row)}
        if any(_text(cell.value) for cell in cells.values()):
            yield number, cells


class _RowReader:
    """Turns the rows of one workbook into incoming answers and issues."""

    def __init__(
        self,
        source: str,
        bundle: ContentBundle,
        assessment: Assessment,
        meta: dict[str, str],
        revisions: dict[str, tuple],
    ) -> None:
        self.read = SourceRead(source)
        self.labels = Labels(bundle)
        self.questions = bundle.instruments[assessment.instrument_id].question_index()
        self.revisions = revisions
        self.as_of = _parse_time(meta.get("generated_at", ""))
        self.seen: dict[str, int] = {}

    def issue(
        self, row: int, key: str, question_id: str = "", field: str = "", **params: Any
    ) -> None:
        self.read.issues.append(RowIssue(self.read.source, row, key, question_id, field, params))

    def add(self, number: int, cells: dict[str, Any]) -> None:
        question_id = _text(cells["id"].value)
        formulas = [key for key, cell in cells.items() if cell.data_type == "f"]
        if formulas:
            self.issue(number, "exchange.error.formula", question_id, formulas[0])
            return
        if not question_id:
            self.issue(number, "exchange.error.missing_id", field="id")
            return
        if question_id not in self.questions:
            self.issue(
                number, "exchange.error.unknown_id", question_id, "id", value=question_id[:40]
            )
            return
        if question_id in self.seen:
            self.issue(
                number,
                "exchange.error.duplicate_id",
                question_id,
                "id",
                first=self.seen[question_id],
            )
            return
        self.seen[question_id] = number
        self._answer(number, question_id, {key: cell.value for key, cell in cells.items()})

    def _answer(self, number: int, question_id: str, values: dict[str, Any]) -> None:
        try:
            answer = answer_from_cells(self.questions[question_id][2], values, self.labels)
        except FieldError as exc:
            self.issue(number, exc.key, question_id, exc.field, **exc.params)
            return
        if answer is None:
            self.read.blank_rows += 1
            return
        revision, prefilled = self.revisions.get(question_id, (None, None))
        self.read.incoming.append(
            Incoming(self.read.source, number, answer, revision, prefilled or None, self.as_of)
        )


def _drop_duplicates(read: SourceRead) -> None:
    """A duplicated id makes every row of that id ambiguous: none of them is imported."""
    duplicated = {i.question_id for i in read.issues if i.key == "exchange.error.duplicate_id"}
    for incoming in [i for i in read.incoming if i.answer.question_id in duplicated]:
        read.incoming.remove(incoming)
        read.issues.append(
            RowIssue(
                read.source,
                incoming.row,
                "exchange.error.duplicate_id",
                incoming.answer.question_id,
                "id",
                {"first": incoming.row},
            )
        )
    read.issues.sort(key=lambda issue: (issue.row or 0, issue.key))


def _parse_time(text: str) -> dt.datetime | None:
    try:
        parsed = dt.datetime.fromisoformat(text)
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)


def read_workbook(
    data: bytes, source: str, bundle: ContentBundle, assessment: Assessment
) -> SourceRead:
    """Everything one uploaded workbook says about ``assessment``; never raises on bad input.

    A refused file comes back as a ``SourceRead`` with one file-level issue (``row`` None).
    """
    try:
        wb = open_workbook(data)
    except FileRefused as exc:
        return SourceRead(source, issues=[RowIssue(source, None, exc.key, params=exc.params)])
    try:
        meta, revisions = read_meta(wb, bundle)
        check_meta(meta, assessment)
        reader = _RowReader(source, bundle, assessment, meta, revisions)
        for number, cells in _data_rows(_sheet(wb, bundle, "questions"), bundle):
            reader.add(number, cells)
    except FileRefused as exc:
        return SourceRead(source, issues=[RowIssue(source, None, exc.key, params=exc.params)])
    except LOAD_ERRORS:
        return SourceRead(source, issues=[RowIssue(source, None, "exchange.error.not_xlsx")])
    finally:
        wb.close()
    if not reader.seen and not reader.read.issues:
        return SourceRead(source, issues=[RowIssue(source, None, "exchange.error.empty")])
    _drop_duplicates(reader.read)
    return reader.read


def read_workbooks(
    files: Iterable[tuple[str, bytes]], bundle: ContentBundle, assessment: Assessment
) -> list[SourceRead]:
    """``read_workbook`` for each (file name, bytes) pair, in order."""
    return [read_workbook(data, name, bundle, assessment) for name, data in files]
