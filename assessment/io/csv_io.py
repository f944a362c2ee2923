"""One row per question as CSV: the export people open in a spreadsheet, and answers back in.

Export (``export_csv``): UTF-8 with a BOM (Excel on Chinese Windows reads it right), CRLF line
ends, the columns of ``COLUMNS`` in that order, one row per question of the instrument in
instrument order (unanswered questions too). The scoring columns (``score_value`` 0..1,
``weight``, ``gap_points``) come from the engine (``assessment.results.compute_results``), so
they always agree with the app. ``question`` is the question text in the chosen language.

Formula neutralisation: a spreadsheet runs a cell that starts with ``= + - @``, a tab or a CR
as a formula. Every *text* cell (question, texts, a text info value) that starts with one of
them, or with a quote followed by one of them, gets a single quote in front; numbers stay
numbers. Import removes exactly that quote again (``restore``), so export -> import gives the
same text back. A file typed by hand that starts a cell with ``'=`` loses the quote.

Import (``read_csv``): the answers of one stored assessment, validated completely before
anything is written. Columns are found by header name; ``question_id`` and ``rating`` are
required, ``info_value``, ``justification``, ``evidence``, ``sources``, ``agency``,
``comment``, ``revision`` are read when present, and the computed columns of the export are
ignored. ``rating`` takes an id (``largely``) or a label in any app language ("Largely in
place", the Chinese label); a comma, semicolon or tab separator is detected from the header. A
row is the whole answer to its question; a row with no rating, value or text changes nothing
(the import never clears an answer). ``revision`` (as exported) lets the store refuse a row
whose answer was changed by someone else after the export. Errors name the row as a
spreadsheet shows it (the header is row 1) and the column.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import math
from typing import Any, Final

from pydantic import ValidationError

from assessment.errors import Problem, problems_from_validation
from assessment.io import ImportResult, clean_text, decode_upload, refusal
from assessment.io.limits import MAX_CSV_BYTES, MAX_CSV_ROWS, MAX_WARNINGS
from assessment.models import Answer, Assessment
from assessment.store_validation import ContentIndex, check_answer
from framework.loader import ContentBundle
from framework.models import InfoType, Instrument, Rating

# fmt: off
COLUMNS: Final = (
    "assessment_id", "instrument_id", "instrument_version", "question_id", "section_id",
    "area_id", "pillar", "dimension", "obligation", "kind", "question", "rating", "info_value",
    "score_value", "weight", "gap_points", "justification", "evidence", "sources", "agency",
    "comment", "revision",
)
# fmt: on
"""Export columns, in order (a golden test pins them)."""

REQUIRED: Final = ("question_id", "rating")
ANSWER_COLUMNS: Final = ("justification", "evidence", "sources", "agency", "comment")
READ_COLUMNS: Final = frozenset({*REQUIRED, *ANSWER_COLUMNS, "info_value", "revision"})
LIST_SEPARATOR: Final = ";"
FORMULA_STARTERS: Final = ("=", "+", "-", "@", "\t", "\r")


# Neutralising formulas -------------------------------------------------------------------------


def _needs_quote(text: str) -> bool:
    return text.startswith(FORMULA_STARTERS) or (text.startswith("'") and _needs_quote(text[1:]))


def neutralise(text: str) -> str:
    """``text`` as a spreadsheet cell that is never run as a formula (see the module doc)."""
    return "'" + text if _needs_quote(text) else text


def restore(cell: str) -> str:
    """The inverse of ``neutralise``."""
    return cell[1:] if cell.startswith("'") and _needs_quote(cell[1:]) else cell


# Export ----------------------------------------------------------------------------------------


def _number(value: Any) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return f"{round(float(value), 4):g}"


def _info_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return f"{LIST_SEPARATOR} ".join(str(item) for item in value)
    if isinstance(value, int):
        return str(value)
    return neutralise(str(value))


def csv_rows(
    questions: Any, instrument: Instrument, assessment: Assessment, lang: str
) -> list[list[str]]:
    """The export rows (header first) from the engine's questions frame.

    ``questions`` is ``Results.questions`` (one row per question, instrument order); the answer
    texts come from ``assessment`` itself, exactly as stored.
    """
    index = instrument.question_index()
    rows = [list(COLUMNS)]
    for record in questions.sort_values("order").to_dict("records"):
        qid = record["question_id"]
        answer = assessment.answers.get(qid)
        text = index[qid][2].text.get(lang) if qid in index else ""
        fields = {
            "assessment_id": assessment.id,
            "instrument_id": assessment.instrument_id,
            "instrument_version": assessment.instrument_version,
            "question_id": qid,
            "section_id": record["section_id"],
            "area_id": record["area_id"],
            "pillar": record["pillar"],
            "dimension": record["dimension"],
            "obligation": record["obligation"],
            "kind": record["kind"],
            "question": neutralise(text),
            "rating": answer.rating.value if answer and answer.rating else "",
            "info_value": _info_cell(answer.value if answer else None),
            "score_value": _number(record.get("value")),
            "weight": _number(record.get("weight")),
            "gap_points": _number(record.get("gap_points")),
            "agency": (answer.agency or "") if answer else "",
            "revision": str(answer.revision) if answer else "",
        }
        for name in ("justification", "evidence", "sources", "comment"):
            fields[name] = neutralise(getattr(answer, name)) if answer else ""
        rows.append([str(fields[name]) for name in COLUMNS])
    return rows


def write_csv(rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")


def export_csv(bundle: ContentBundle, assessment: Assessment, lang: str = "en") -> bytes:
    """The assessment as CSV bytes (UTF-8 with BOM), one row per question."""
    from assessment.results import compute_results

    results = compute_results(bundle, assessment)
    return write_csv(csv_rows(results.questions, results.instrument, assessment, lang))


# Import ----------------------------------------------------------------------------------------


def _delimiter(header_line: str) -> str:
    counts = {sep: header_line.count(sep) for sep in (",", ";", "\t")}
    best = max(counts, key=lambda sep: counts[sep])
    return best if counts[best] else ","


def _records(text: str) -> tuple[list[str], list[list[str]]]:
    """Header and data records (at most ``MAX_CSV_ROWS``); CSV syntax errors are refused, in
    strict mode: a file cut off inside a quoted cell, or a stray quote, is not read half-way."""
    delimiter = _delimiter(text.split("\n", 1)[0])
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    records: list[list[str]] = []
    try:
        for record in reader:
            if len(records) > MAX_CSV_ROWS:
                params = {"maximum": MAX_CSV_ROWS}
                raise refusal([Problem("", "error.too_many_rows", params, len(records) + 1)])
            records.append(record)
    except csv.Error as exc:
        raise refusal(
            [Problem("", "error.csv_syntax", {"detail": str(exc)}, len(records) + 1)]
        ) from None
    if not records or not any(cell.strip() for cell in records[0]):
        raise refusal([Problem("", "error.csv_no_header", {}, 1)])
    return [cell.strip().lower() for cell in records[0]], records[1:]


def _check_header(header: list[str]) -> list[Problem]:
    problems = []
    seen: set[str] = set()
    for name in header:
        if name and name in seen:
            problems.append(Problem(name, "error.csv_duplicate_column", {"column": name}, 1))
        seen.add(name)
    for name in REQUIRED:
        if name not in seen:
            problems.append(Problem(name, "error.csv_missing_column", {"column": name}, 1))
    return problems


class _RowReader:
    """Turns CSV records into answers for one target assessment, collecting problems."""

    def __init__(self, bundle: ContentBundle, target: Assessment, header: list[str]) -> None:
        self.index = ContentIndex(bundle)
        self.target = target
        self.header = header
        self.ratings = _rating_names(bundle)
        self.problems: list[Problem] = []
        self.warnings: list[Problem] = []
        self.first_row: dict[str, int] = {}
        self.answers: dict[str, Answer] = {}
        self.dropped: list[str] = []
        self.told_instrument = False
        self.told_assessment = False

    def cells(self, record: list[str], row: int) -> dict[str, str] | None:
        if len(record) > len(self.header) and any(c.strip() for c in record[len(self.header) :]):
            detail = f"{len(record)} cells, {len(self.header)} columns"
            self.problems.append(Problem("", "error.csv_syntax", {"detail": detail}, row))
            return None
        cells = dict(zip(self.header, record, strict=False))
        cleaned = {}
        for name, cell in cells.items():
            text, changed = clean_text(restore(cell))
            if changed:
                self.warnings.append(
                    Problem(name, "warning.control_characters_removed", {"field": name}, row)
                )
            cleaned[name] = text
        return cleaned

    def read(self, record: list[str], row: int, drop_unknown: bool) -> None:
        cells = self.cells(record, row)
        if cells is None:
            return
        self._check_ids(cells, row)
        qid = cells.get("question_id", "").strip()
        content = [cells.get(n, "").strip() for n in ("rating", "info_value", *ANSWER_COLUMNS)]
        if not any(content):
            return  # a blank row changes nothing
        if not qid:
            self.problems.append(Problem("question_id", "error.field_missing", {}, row))
            return
        if qid in self.first_row:
            params = {"question": qid, "first_row": self.first_row[qid]}
            self.problems.append(Problem("question_id", "error.duplicate_question", params, row))
            return
        self.first_row[qid] = row
        if drop_unknown and self.index.question(self.target.instrument_id, qid) is None:
            self.dropped.append(qid)
            return
        answer = self._answer(qid, cells, row)
        if answer is not None:
            self.answers[qid] = answer

    def _check_ids(self, cells: dict[str, str], row: int) -> None:
        """Told once per file: the rows come from another instrument (refused) or another
        assessment (allowed: answers can be carried over, with a warning)."""
        instrument = cells.get("instrument_id", "").strip()
        if instrument and instrument != self.target.instrument_id and not self.told_instrument:
            self.told_instrument = True
            params = {"found": instrument, "expected": self.target.instrument_id}
            self.problems.append(Problem("instrument_id", "error.wrong_instrument", params, row))
        other = cells.get("assessment_id", "").strip()
        if other and other != self.target.id and not self.told_assessment:
            self.told_assessment = True
            params = {"found": other, "expected": self.target.id}
            self.warnings.append(
                Problem("assessment_id", "warning.csv_other_assessment", params, row)
            )

    def _answer(self, qid: str, cells: dict[str, str], row: int) -> Answer | None:
        raw_rating = cells.get("rating", "").strip()
        rating = self.ratings.get(raw_rating.casefold()) if raw_rating else None
        if raw_rating and rating is None:
            self.problems.append(
                Problem("rating", "error.unknown_rating", {"value": raw_rating[:60]}, row)
            )
            return None
        fields: dict[str, Any] = {"question_id": qid, "rating": rating}
        fields["value"] = self._info_value(qid, cells.get("info_value", ""))
        for name in ANSWER_COLUMNS:
            fields[name] = cells.get(name, "").strip()
        fields["agency"] = fields["agency"] or None
        revision = cells.get("revision", "").strip()
        fields["revision"] = revision or 0
        try:
            answer = Answer.model_validate(fields)
        except ValidationError as exc:
            found = problems_from_validation(exc, row=row)
            self.problems += [_renamed(p) for p in found]
            return None
        checked, found = check_answer(self.index, self.target.instrument_id, answer)
        self.problems += [dataclasses.replace(_renamed(p), row=row) for p in found]
        return checked

    def _info_value(self, qid: str, cell: str) -> Any:
        text = cell.strip()
        if not text:
            return None
        question = self.index.question(self.target.instrument_id, qid)
        lists = {InfoType.MULTI_CHOICE, InfoType.AGENCY_LIST}
        if question is not None and question.answer_type in lists:
            return [item.strip() for item in text.split(LIST_SEPARATOR) if item.strip()]
        return text


def _renamed(problem: Problem) -> Problem:
    """Model field names as CSV column names (``value`` is the ``info_value`` column)."""
    name = {"value": "info_value"}.get(problem.field, problem.field)
    name = "question_id" if problem.key == "error.unknown_question" else name
    return dataclasses.replace(problem, field=name)


def _rating_names(bundle: ContentBundle) -> dict[str, Rating]:
    """Rating ids and their labels in every language, case-folded."""
    names = {rating.value.casefold(): rating for rating in Rating}
    for level in bundle.method.ratings:
        for label in level.label.root.values():
            names.setdefault(label.strip().casefold(), level.id)
    return names


def read_csv(
    data: bytes, bundle: ContentBundle, target: Assessment, drop_unknown: bool = False
) -> ImportResult:
    """Validate a CSV of answers for ``target`` completely; nothing is written here.

    Returns an ``ImportResult`` whose assessment is ``target``'s metadata with *only* the
    answers the file gives (merge it with ``Store.import_assessment(..., mode="merge")``).
    """
    header, records = _records(decode_upload(data, MAX_CSV_BYTES))
    problems = _check_header(header)
    if problems:
        raise refusal(problems)
    reader = _RowReader(bundle, target, header)
    reader.warnings += [
        Problem(name, "warning.csv_unknown_column", {"column": name}, 1)
        for name in header
        if name and name not in READ_COLUMNS and name not in COLUMNS
    ]
    for number, record in enumerate(records, start=2):
        reader.read(record, number, drop_unknown)
    if reader.problems:
        raise refusal(reader.problems)
    if reader.dropped:
        params = {"count": len(reader.dropped), "questions": ", ".join(reader.dropped[:20])}
        reader.warnings.append(Problem("question_id", "warning.unknown_questions_dropped", params))
    assessment = target.model_copy(update={"answers": reader.answers, "actions": {}})
    return ImportResult(assessment, reader.warnings[:MAX_WARNINGS], sorted(reader.dropped))
