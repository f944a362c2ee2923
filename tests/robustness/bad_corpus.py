"""The bad-input corpus (``tests/data/bad/``): its manifest, the recipes that build the large
or derived files at test time, and the import paths the app takes, run exactly as the pages do.

Every case starts from the same stored assessment (``open_target_store``): an IFA assessment
with a few answers, one of them saved twice (revision 2), an action item and their history.
``snapshot`` reads every table of the database, so "nothing changed" means byte for byte.
"""

from __future__ import annotations

import functools
import io
import json
import string
import struct
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import openpyxl
import yaml
from sqlalchemy import text

from assessment.errors import ImportValidationError, Problem, UserFacingError
from assessment.io import merge_table
from assessment.io.cells import put
from assessment.io.csv_io import read_csv
from assessment.io.excel_import import read_workbook
from assessment.io.excel_layout import COLUMN_KEYS
from assessment.io.excel_template import build_template
from assessment.io.json_io import read_json
from assessment.io.kobo import MAX_FILE_BYTES as KOBO_MAX_BYTES
from assessment.io.kobo import MAX_ROWS as KOBO_MAX_ROWS
from assessment.io.kobo import read_kobo_csv
from assessment.io.limits import MAX_ANSWERS, MAX_CSV_BYTES, MAX_CSV_ROWS, MAX_JSON_BYTES
from assessment.io.merge import apply_merge, build_preview
from assessment.io.xlsx_safety import MAX_FILE_BYTES as XLSX_MAX_BYTES
from assessment.io.xlsx_safety import MAX_MEMBERS, MAX_UNCOMPRESSED_BYTES, MIB
from assessment.models import MAX_TEXT, ActionItem, Answer, Assessment
from assessment.store import ImportOutcome, Store
from assessment.store_schema import sqlite_url
from framework.loader import ContentBundle
from framework.models import Rating

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "tests" / "data" / "bad"
LANGS = ("en", "zh")
TARGET_ID = "xaa-target-001"
SQLITE_TABLES = "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
LEAKS = ("Traceback", "Exception", "Error(", 'File "', "sqlalchemy", "pydantic")


# The manifest ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    id: str
    via: str
    expect: str
    what: str
    path: str | None = None
    recipe: str | None = None
    key: str | None = None
    args: dict[str, Any] = field(default_factory=dict)
    stored: dict[str, Any] = field(default_factory=dict)


@functools.cache
def manifest() -> dict[str, Any]:
    return yaml.safe_load((CORPUS / "cases.yaml").read_text(encoding="utf-8"))


def texts() -> dict[str, str]:
    return dict(manifest()["texts"])


def cases() -> list[Case]:
    return [Case(**entry) for entry in manifest()["cases"]]


@functools.cache
def _values_file() -> dict[str, Any]:
    return yaml.safe_load((CORPUS / "values.yaml").read_text(encoding="utf-8"))


def values() -> list[dict[str, Any]]:
    """The hostile typed values of ``values.yaml``."""
    return list(_values_file()["values"])


def fields() -> dict[str, dict[str, Any]]:
    """Free-text field -> how it is saved and its maximum length (``values.yaml``)."""
    return dict(_values_file()["fields"])


def expected_text(spec: Any) -> str:
    """A ``stored``/``values`` expectation: a plain string, or ``{text: name}`` of ``texts``."""
    if isinstance(spec, dict) and "text" in spec:
        return texts()[spec["text"]]
    if isinstance(spec, dict) and "repeat" in spec:
        return str(spec.get("char", "x")) * int(spec["repeat"])
    return str(spec)


# The stored assessment every case starts from ------------------------------------------------


def target_assessment() -> Assessment:
    answers = {
        "PROS-1.1": Answer(question_id="PROS-1.1", rating=Rating.FULLY, evidence="Act 12 of 2004"),
        "PROS-1.2": Answer(question_id="PROS-1.2", rating=Rating.LARGELY, comment="draft"),
        "PROS-2.10": Answer(question_id="PROS-2.10", value=12),
    }
    actions = {"PROS-1.2": ActionItem(question_id="PROS-1.2", note="Amend article 5")}
    return Assessment(
        id=TARGET_ID,
        country="XAA",
        fictional=True,
        instrument_id="ifa",
        instrument_version="1.0",
        title="Robustness target",
        round_label="baseline",
        answers=answers,
        actions=actions,
    )


def open_target_store(folder: Path, bundle: ContentBundle) -> Store:
    """A fresh SQLite store holding the target assessment; PROS-1.1 is at revision 2."""
    store = Store(sqlite_url(folder / "bad-input.sqlite"), bundle=bundle)
    store.import_assessment(target_assessment(), "setup", "new", source="setup.json")
    first = store.get_answer(TARGET_ID, "PROS-1.1")
    assert first is not None
    changed = first.model_copy(update={"evidence": "Act 12 of 2004, as amended in 2019"})
    store.save_answer(TARGET_ID, changed, first.revision, "setup")
    return store


def snapshot(store: Store) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table (whatever tables the schema has now), in a stable order."""
    with store.engine.connect() as conn:
        tables = [row[0] for row in conn.execute(text(SQLITE_TABLES))]
        assert {"assessments", "answers", "history"} <= set(tables), tables
        return {
            table: sorted(
                (tuple(row) for row in conn.execute(text(f'SELECT * FROM "{table}"'))),  # noqa: S608
                key=repr,
            )
            for table in tables
        }


# Messages as the pages show them ---------------------------------------------------------------


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def message(bundle: ContentBundle, lang: str, key: str, params: dict[str, Any]) -> str:
    """The UI string ``key`` in ``lang`` with ``params``; fails if the key or a param is missing."""
    template = bundle.strings.get(lang, {}).get(key)
    assert template and template.strip(), f"{key} has no text in {lang}"
    missing = placeholders(template) - set(params)
    assert not missing, f"{key} ({lang}) is shown without {sorted(missing)}"
    return template.format(**params)


def problem_messages(bundle: ContentBundle, lang: str, error: ImportValidationError) -> list[str]:
    """What Home shows for a refused JSON/CSV file: the summary, then one line per problem."""
    lines = [message(bundle, lang, error.key, error.params)]
    for problem in error.problems:
        where_key, where_params = problem.location()
        where = message(bundle, lang, where_key, where_params)
        what = message(bundle, lang, problem.key, problem.params)
        lines.append(message(bundle, lang, "home.problem_line", {"where": where, "what": what}))
    return lines


# Running a file through its import path ----------------------------------------------------------


@dataclass
class Outcome:
    """What the app did with a file: the keys of what it said, the texts in each language, and
    the assessment it stored (for accepted files)."""

    keys: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    messages: dict[str, list[str]] = field(default_factory=dict)
    stored_id: str | None = None
    saved: list[str] = field(default_factory=list)


def _refused(bundle: ContentBundle, error: UserFacingError) -> Outcome:
    if isinstance(error, ImportValidationError):
        keys = [problem.key for problem in error.problems]
        messages = {lang: problem_messages(bundle, lang, error) for lang in LANGS}
    else:
        keys = [error.key]
        messages = {lang: [message(bundle, lang, error.key, error.params)] for lang in LANGS}
    return Outcome(keys=keys, messages=messages)


def _imported(bundle: ContentBundle, warnings: list[Problem], done: ImportOutcome) -> Outcome:
    """Home after an import: "Imported: n added, m changed", then the warnings."""
    outcome = Outcome(stored_id=done.assessment_id, warnings=[w.key for w in warnings])
    counts = {"added": len(done.added), "changed": len(done.changed)}
    for lang in LANGS:
        outcome.messages[lang] = [message(bundle, lang, "home.import_done", counts)] + [
            message(bundle, lang, w.key, w.params) for w in warnings
        ]
    return outcome


def run_json(store: Store, bundle: ContentBundle, data: bytes) -> Outcome:
    """Home page, a ``.json`` upload: read, then store as a new assessment."""
    try:
        result = read_json(data, bundle)
        done = store.import_assessment(result.assessment, "tester", "new", source="bad.json")
    except UserFacingError as exc:
        return _refused(bundle, exc)
    return _imported(bundle, result.warnings, done)


def run_csv(store: Store, bundle: ContentBundle, data: bytes) -> Outcome:
    """Home page, a ``.csv`` upload into the target: read, then merge."""
    try:
        result = read_csv(data, bundle, store.get(TARGET_ID))
        done = store.import_assessment(
            result.assessment, "tester", "merge", target_id=TARGET_ID, source="bad.csv"
        )
    except UserFacingError as exc:
        return _refused(bundle, exc)
    return _imported(bundle, result.warnings, done)


def _merge(store: Store, bundle: ContentBundle, reads: list[Any]) -> Outcome:
    """Work-offline page: the preview, then "Save" with the default choices."""
    preview = build_preview(store.get(TARGET_ID), reads)
    messages = {
        lang: [merge_table.summary(preview, bundle, lang)]
        + [merge_table.describe_issue(issue, bundle, lang) for issue in preview.issues]
        for lang in LANGS
    }
    for issue in preview.issues:
        for lang in LANGS:
            params = {**issue.params, "question": issue.question_id, "field": issue.field}
            message(bundle, lang, issue.key, params)
            if issue.field:
                message(bundle, lang, f"exchange.column.{issue.field}", {})
    result = apply_merge(store, preview, preview.default_choices(), "tester")
    return Outcome(
        keys=[issue.key for issue in preview.issues],
        messages=messages,
        stored_id=TARGET_ID,
        saved=result.saved,
    )


def run_xlsx(store: Store, bundle: ContentBundle, data: bytes) -> Outcome:
    read = read_workbook(data, "returned.xlsx", bundle, store.get(TARGET_ID))
    return _merge(store, bundle, [read])


def run_kobo(store: Store, bundle: ContentBundle, data: bytes) -> Outcome:
    reads = read_kobo_csv(data, "kobo.csv", bundle, store.get(TARGET_ID))
    return _merge(store, bundle, reads)


RUNNERS: dict[str, Callable[[Store, ContentBundle, bytes], Outcome]] = {
    "json": run_json,
    "csv": run_csv,
    "xlsx": run_xlsx,
    "kobo": run_kobo,
}


# Recipes: files built at test time ---------------------------------------------------------------


@dataclass
class Kitchen:
    """What recipes cook with: the content and the stored target assessment."""

    bundle: ContentBundle
    store: Store

    @functools.cached_property
    def template(self) -> bytes:
        return build_template(self.bundle, self.store.get(TARGET_ID), lang="en")


def _with_answers(answers: dict[str, Any]) -> bytes:
    """The valid corpus file with ``answers`` instead of its own."""
    document = json.loads((CORPUS / "json" / "bom_valid.json").read_bytes().decode("utf-8-sig"))
    document["assessment"]["answers"] = answers
    return json.dumps(document).encode("utf-8")


def _pad(head: bytes, size: int) -> bytes:
    return head + b" " * (size - len(head))


def _add_members(data: bytes, members: dict[str, bytes], method: int) -> bytes:
    buffer = io.BytesIO(data)
    with zipfile.ZipFile(buffer, "a", compression=method) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def _declare_size(data: bytes, member: str, size: int) -> bytes:
    """``data`` with the uncompressed size of ``member`` rewritten in both ZIP headers."""
    patched = bytearray(data)
    name = member.encode()
    for signature, name_len_at, size_at, name_at in (
        (b"PK\x03\x04", 26, 22, 30),
        (b"PK\x01\x02", 28, 24, 46),
    ):
        start = 0
        while (found := patched.find(signature, start)) >= 0:
            (length,) = struct.unpack_from("<H", patched, found + name_len_at)
            if patched[found + name_at : found + name_at + length] == name:
                struct.pack_into("<I", patched, found + size_at, size)
            start = found + 4
    return bytes(patched)


def _replace_member(data: bytes, member: str, content: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for info in source.infolist():
            archive.writestr(
                info.filename, content if info.filename == member else source.read(info)
            )
    return buffer.getvalue()


def _questions_member(data: bytes) -> str:
    names = sorted(n for n in zipfile.ZipFile(io.BytesIO(data)).namelist() if "worksheets/" in n)
    return names[1]  # sheets are written in order: instructions, questions, options, meta


def _lying_bomb(kitchen: Kitchen, args: dict[str, Any]) -> bytes:
    """The questions sheet followed by 100 MiB of spaces, its declared size left as it was."""
    member = _questions_member(kitchen.template)
    sheet = zipfile.ZipFile(io.BytesIO(kitchen.template)).read(member)
    bomb = _replace_member(kitchen.template, member, sheet + b" " * (100 * MIB))
    return _declare_size(bomb, member, len(sheet))


def _row_of(ws: Any, question_id: str) -> int:
    for (cell,) in ws.iter_rows(min_row=2, max_col=1):
        if cell.value == question_id:
            return int(cell.row)
    raise KeyError(question_id)


def _edit_cell(cell: Any, edit: dict[str, Any]) -> None:
    if "formula" in edit:
        cell.value = edit["formula"]  # openpyxl stores "=..." as a live formula
    elif "repeat" in edit:
        put(cell, "x" * int(edit["repeat"]))
    elif "text" in edit:
        put(cell, texts()[edit["text"]])
    else:
        put(cell, edit["value"])


def _edit_template(kitchen: Kitchen, args: dict[str, Any]) -> bytes:
    """The questionnaire of the stored target, edited as ``args`` say (meta values, cells,
    a duplicated row, extra rows, a removed sheet)."""
    wb = openpyxl.load_workbook(io.BytesIO(kitchen.template))
    questions, meta = wb.worksheets[1], wb.worksheets[3]
    for key, value in args.get("meta", {}).items():
        for row in meta.iter_rows(max_col=2):
            if row[0].value == key:
                row[1].value = value
    if "duplicate" in args:
        source = _row_of(questions, args["duplicate"])
        questions.append([cell.value for cell in questions[source]])
    for edit in args.get("cells", []):
        column = COLUMN_KEYS.index(edit["column"]) + 1
        _edit_cell(questions.cell(_row_of(questions, edit["id"]), column), edit)
    for number in range(int(args.get("extra_rows", 0))):
        questions.append([f"EXTRA-{number}"])
    if "remove_sheet" in args:
        wb.remove(wb.worksheets[int(args["remove_sheet"])])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _plain_workbook(kitchen: Kitchen, args: dict[str, Any]) -> bytes:
    wb = openpyxl.Workbook()
    wb.active.append(["question_id", "rating"])  # type: ignore[union-attr]
    wb.active.append(["PROS-1.1", "fully"])  # type: ignore[union-attr]
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


KOBO_HEADER = (
    "_id;_submission_time;gapassess_instrument;gapassess_version;PROS_1_1;PROS_1_1_evidence\r\n"
)
KOBO_ROW = "{n};2026-11-20T10:00:00;ifa;1.0;fully;{evidence}\r\n"
CSV_HEADER = "question_id,rating,evidence\r\n"

Recipe = Callable[[Kitchen, dict[str, Any]], bytes]
RECIPES: dict[str, Recipe] = {
    "deep_nesting": lambda k, a: b"[" * 100_000,
    "json_long_evidence": lambda k, a: _with_answers(
        {
            "PROS-1.1": {
                "question_id": "PROS-1.1",
                "rating": "fully",
                "evidence": "x" * (MAX_TEXT + 1),
            }
        }
    ),
    "json_many_answers": lambda k, a: _with_answers(
        {f"Q-{n}": {"question_id": f"Q-{n}", "rating": "fully"} for n in range(MAX_ANSWERS + 1)}
    ),
    "json_huge": lambda k, a: _pad(b'{"format": "gapassess.assessment",', MAX_JSON_BYTES + 1),
    "csv_many_rows": lambda k, a: (
        CSV_HEADER + "PROS-1.1,fully,x\r\n" * (MAX_CSV_ROWS + 2)
    ).encode(),
    "csv_huge": lambda k, a: _pad(CSV_HEADER.encode(), MAX_CSV_BYTES + 1),
    "csv_huge_cell": lambda k, a: (CSV_HEADER + "PROS-1.1,fully," + "x" * 200_000).encode(),
    "csv_long_evidence": lambda k, a: (
        CSV_HEADER + "PROS-1.1,fully," + "x" * (MAX_TEXT + 1) + "\r\n"
    ).encode(),
    "xlsx_truncated": lambda k, a: k.template[: len(k.template) // 2],
    "zip_bomb": lambda k, a: _add_members(
        k.template,
        {"xl/media/padding.bin": bytes(MAX_UNCOMPRESSED_BYTES + MIB)},
        zipfile.ZIP_DEFLATED,
    ),
    "zip_bomb_lying": _lying_bomb,
    "xlsx_many_members": lambda k, a: _add_members(
        k.template, {f"xl/extra/{n}.bin": b"x" for n in range(MAX_MEMBERS)}, zipfile.ZIP_STORED
    ),
    "xlsx_huge": lambda k, a: _add_members(
        k.template, {"xl/media/big.bin": bytes(XLSX_MAX_BYTES + MIB)}, zipfile.ZIP_STORED
    ),
    "plain_workbook": _plain_workbook,
    "template": _edit_template,
    "kobo_huge": lambda k, a: (
        KOBO_HEADER
        + "".join(
            KOBO_ROW.format(n=n, evidence="y" * 1000) for n in range(KOBO_MAX_BYTES // 1000 + 1024)
        )
    ).encode(),
    "kobo_many_rows": lambda k, a: (
        KOBO_HEADER + "".join(KOBO_ROW.format(n=n, evidence="") for n in range(KOBO_MAX_ROWS + 2))
    ).encode(),
    "kobo_huge_field": lambda k, a: (
        KOBO_HEADER + KOBO_ROW.format(n=1, evidence="z" * 100_001)
    ).encode(),
}


def case_bytes(case: Case, kitchen: Kitchen) -> bytes:
    if case.path is not None:
        return (CORPUS / case.path).read_bytes()
    assert case.recipe is not None, case.id
    return RECIPES[case.recipe](kitchen, case.args)
