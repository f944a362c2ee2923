"""Import a KoboToolbox / ODK Central CSV export of submissions to our XLSForm.

Export settings it expects: "XML values and headers" (choice *names*, field names), any group
separator (``PROS/PROS_1/PROS_1_2`` or bare ``PROS_1_2``), comma, semicolon or tab separated,
UTF-8 with or without BOM. A column is matched on its last path segment, through the reversible
name mapping of ``framework.xlsform``; the split columns Kobo adds per option of a
``select_multiple`` (``.../COOP_1_6/police``) and Kobo's own meta columns are ignored.

A submission changes only what it answers: a blank cell (a skipped question) clears nothing, and
the fields the form does not carry (sources, agency, comment) keep their stored values.
Each submission (row) is one source in the merge preview, so two submissions that disagree are
a conflict, never a silent overwrite. ``_submission_time`` (else ``end``) is the time a stored
answer is compared with to spot answers saved in the app since. Submissions marked "not
approved" in Kobo's review are skipped and reported. CSV has no formulas: a value starting
with ``=`` is kept as the literal text it is (our own exports neutralise it when writing).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterator

from assessment.io.labels import Labels
from assessment.io.rows import (
    FieldError,
    Incoming,
    RowIssue,
    SourceRead,
    answer_from_cells,
    stored_cells,
)
from assessment.models import Answer, Assessment
from framework.loader import ContentBundle
from framework.models import InfoType, Instrument, Question, QuestionKind
from framework.xlsform import (
    EVIDENCE_SUFFIX,
    INSTRUMENT_FIELD,
    JUSTIFICATION_SUFFIX,
    VERSION_FIELD,
    field_names,
)

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_ROWS = 5_000
MAX_FIELD_CHARS = 100_000
DELIMITERS = ",;\t"
NOT_APPROVED = "validation_status_not_approved"
_TIME_COLUMNS = ("_submission_time", "end")
_SEGMENTS = re.compile(r"[/:]")
_MULTI = {InfoType.MULTI_CHOICE, InfoType.AGENCY_LIST}

Column = tuple[str, str]  # (question id or a special name, field)


class KoboRefused(ValueError):
    def __init__(self, key: str, **params: str | int) -> None:
        self.key = key
        self.params: dict[str, str | int] = params
        super().__init__(key)


def column_map(header: list[str], instrument: Instrument) -> dict[int, Column]:
    """Column index -> (question id, field) for the columns this importer understands."""
    names = field_names(instrument)
    suffixes = {EVIDENCE_SUFFIX: "evidence", JUSTIFICATION_SUFFIX: "justification"}
    kinds = {q.id: q.kind for q in instrument.questions()}
    columns: dict[int, Column] = {}
    for index, title in enumerate(header):
        name = _SEGMENTS.split(title.strip())[-1]
        if name in names:
            qid = names[name]
            columns[index] = (qid, "rating" if kinds[qid] is QuestionKind.RATED else "value")
        elif name in (
            INSTRUMENT_FIELD,
            VERSION_FIELD,
            "_id",
            "_uuid",
            "_validation_status",
            *_TIME_COLUMNS,
        ):
            columns[index] = (name, "")
        else:
            for suffix, field_name in suffixes.items():
                if name.endswith(suffix) and name.removesuffix(suffix) in names:
                    columns[index] = (names[name.removesuffix(suffix)], field_name)
    return columns


def _decode(data: bytes) -> str:
    if not data.strip():
        raise KoboRefused("exchange.error.empty_file")
    if len(data) > MAX_FILE_BYTES:
        raise KoboRefused("exchange.error.too_large", maximum=MAX_FILE_BYTES // (1024 * 1024))
    if b"\x00" in data or data.startswith(b"PK\x03\x04"):
        raise KoboRefused("exchange.error.not_csv")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise KoboRefused("exchange.error.not_csv") from exc


def _records(text: str) -> Iterator[list[str]]:
    first_line = text.split("\n", 1)[0]
    delimiter = max(DELIMITERS, key=first_line.count)
    # strict: a file cut off inside a quoted cell is refused, not read half-way
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        for count, record in enumerate(reader):
            if count > MAX_ROWS:
                raise KoboRefused("exchange.error.too_many_rows", maximum=MAX_ROWS)
            if any(len(value) > MAX_FIELD_CHARS for value in record):
                raise KoboRefused("exchange.error.not_csv")
            yield record
    except csv.Error as exc:
        raise KoboRefused("exchange.error.not_csv") from exc


def _parse_time(text: str) -> dt.datetime | None:
    try:
        parsed = dt.datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)


class _Submission:
    """One row of the export: its special values and the cells of each question."""

    def __init__(self, record: list[str], columns: dict[int, Column]) -> None:
        self.special: dict[str, str] = {}
        self.cells: dict[str, dict[str, str]] = {}
        for index, (target, field_name) in columns.items():
            value = record[index].strip() if index < len(record) else ""
            if field_name:
                self.cells.setdefault(target, {})[field_name] = value
            else:
                self.special[target] = value

    def as_of(self) -> dt.datetime | None:
        times = (_parse_time(self.special.get(name, "")) for name in _TIME_COLUMNS)
        return next((t for t in times if t is not None), None)


def _submission_issue(sub: _Submission, assessment: Assessment) -> str | None:
    instrument = sub.special.get(INSTRUMENT_FIELD)
    version = sub.special.get(VERSION_FIELD)
    if (instrument and instrument != assessment.instrument_id) or (
        version and version != assessment.instrument_version
    ):
        return "exchange.error.kobo_wrong_instrument"
    if sub.special.get("_validation_status") == NOT_APPROVED:
        return "exchange.error.kobo_not_approved"
    return None


def _cells(question: Question, raw: dict[str, str], stored: Answer | None) -> dict | None:
    """The submission's non-blank values over the stored answer's: the form carries only some
    fields (no sources, agency or comment) and a skipped question clears nothing."""
    given = {name: value for name, value in raw.items() if value}
    if not given:
        return None
    if question.answer_type in _MULTI and "value" in given:  # Kobo separates with spaces
        given["value"] = ";".join(given["value"].split())
    return {**stored_cells(stored), **given}


def _read_submission(
    sub: _Submission, read: SourceRead, row: int, labels: Labels, assessment: Assessment
) -> None:
    index = labels.bundle.instruments[assessment.instrument_id].question_index()
    for question_id, raw in sub.cells.items():
        question = index[question_id][2]
        cells = _cells(question, raw, assessment.answers.get(question_id))
        if cells is None:
            read.blank_rows += 1
            continue
        try:
            answer = answer_from_cells(question, cells, labels)
        except FieldError as exc:
            read.issues.append(
                RowIssue(read.source, row, exc.key, question_id, exc.field, exc.params)
            )
            continue
        if answer is None:
            read.blank_rows += 1
        else:
            read.incoming.append(Incoming(read.source, row, answer, as_of=sub.as_of()))


def _read_all(
    data: bytes, source: str, bundle: ContentBundle, assessment: Assessment
) -> list[SourceRead]:
    instrument = bundle.instruments[assessment.instrument_id]
    labels = Labels(bundle)
    records = _records(_decode(data))
    columns = column_map(next(records, None) or [], instrument)
    if not any(field_name for _, field_name in columns.values()):
        raise KoboRefused("exchange.error.kobo_no_columns")
    reads = []
    for row, record in enumerate(records, start=2):
        if not any(value.strip() for value in record):
            continue
        sub = _Submission(record, columns)
        read = SourceRead(f"{source} [{sub.special.get('_id') or row}]")
        problem = _submission_issue(sub, assessment)
        if problem:
            read.issues.append(RowIssue(read.source, row, problem))
        else:
            _read_submission(sub, read, row, labels, assessment)
        reads.append(read)
    if not reads:
        raise KoboRefused("exchange.error.empty")
    return reads


def read_kobo_csv(
    data: bytes, source: str, bundle: ContentBundle, assessment: Assessment
) -> list[SourceRead]:
    """One ``SourceRead`` per submission (named ``file [id]``); a refused file gives one read
    holding a file-level issue. Never writes anything."""
    try:
        return _read_all(data, source, bundle, assessment)
    except KoboRefused as exc:
        return [SourceRead(source, issues=[RowIssue(source, None, exc.key, params=exc.params)])]
