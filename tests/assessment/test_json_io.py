"""JSON export and import: round trips, and every malformed file refused with nothing written."""

from __future__ import annotations

import codecs
import json
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from assessment.demo import demo_assessments
from assessment.errors import ImportValidationError, UserFacingError
from assessment.io import limits
from assessment.io.json_io import FORMAT, FORMAT_VERSION, export_document, export_json, read_json
from assessment.models import ActionItem, ActionStatus, Answer, Assessment, Priority
from assessment.store import Store
from framework.i18n import translate
from framework.loader import load_content
from framework.models import Rating
from tests.assessment.store_helpers import BACKENDS, BUNDLE, snapshot, store_fixture


@pytest.fixture(params=BACKENDS)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    yield from store_fixture(request, tmp_path)


STAMP = datetime(2026, 3, 1, 9, 30, tzinfo=UTC)


def _answer(question_id: str, **fields: Any) -> Answer:
    return Answer(question_id=question_id, updated_by="alice", updated_at=STAMP, **fields)


def sample() -> Assessment:
    answers = {
        "PROS-1.1": _answer("PROS-1.1", rating=Rating.LARGELY, evidence="Law 5", revision=2),
        "PROS-1.3": _answer("PROS-1.3", rating=Rating.NOT_APPLICABLE, justification="No coast"),
        "PROS-2.3": _answer("PROS-2.3", value=14, agency="police", revision=1),
        "PROT-1.1": _answer("PROT-1.1", rating=Rating.UNKNOWN, comment="=1+1 中文"),
    }
    item = ActionItem(question_id="PROS-1.1", note="Amend art. 3", updated_at=STAMP)
    return Assessment(
        id="xaa-json-0001",
        country="XAA",
        fictional=True,
        instrument_id="tiny",
        instrument_version="1.0",
        title="Sample",
        round_label="baseline 2026",
        assessors=["A. Person"],
        created_at=STAMP,
        updated_at=STAMP,
        version=9,
        answers=answers,
        actions={"PROS-1.1": item},
    )


def document(**changes: Any) -> dict[str, Any]:
    data = export_document(sample())
    data["assessment"].update(changes)
    return data


def encoded(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False).encode("utf-8")


def answers_with(key: str, **fields: Any) -> bytes:
    """The sample with answer ``key`` replaced by ``fields`` (``question_id`` defaults to it)."""
    data = document()
    data["assessment"]["answers"][key] = {"question_id": key} | fields
    return encoded(data)


def keys_of(exc: ImportValidationError) -> list[str]:
    return [p.key for p in exc.problems]


# Export and round trips --------------------------------------------------------------------------


def test_export_is_pretty_sorted_utf8_json_with_the_format_header() -> None:
    data = export_json(sample())
    assert not data.startswith(codecs.BOM_UTF8) and data.endswith(b"}\n")
    parsed = json.loads(data)
    assert (parsed["format"], parsed["format_version"]) == (FORMAT, FORMAT_VERSION)
    assert list(parsed["assessment"]["answers"]) == sorted(sample().answers)
    assert "中文" in data.decode("utf-8") and b'\n  "assessment": {' in data
    assert export_json(sample()) == data  # deterministic


def test_export_then_import_gives_identical_answers() -> None:
    result = read_json(export_json(sample()), BUNDLE)
    assert result.assessment == sample() and result.warnings == [] and result.dropped == []


def test_demo_assessments_round_trip_through_the_store(tmp_path: Path) -> None:
    """Real content, every answer type: export -> import into a fresh store -> the same answers."""
    bundle = load_content()
    first = Store(f"sqlite:///{tmp_path / 'a.sqlite3'}", bundle=bundle)
    second = Store(f"sqlite:///{tmp_path / 'b.sqlite3'}", bundle=bundle)
    first.seed_if_empty(demo_assessments(bundle))
    for summary in first.list_assessments():
        stored = first.get(summary.id)
        outcome = second.import_assessment(read_json(export_json(stored), bundle).assessment, "me")
        again = second.get(outcome.assessment_id)
        assert outcome.assessment_id == stored.id
        assert again.answers == stored.answers and again.actions == stored.actions
    first.close()
    second.close()


def test_bare_assessment_json_is_accepted() -> None:
    bare = sample().model_dump_json().encode("utf-8")
    assert read_json(bare, BUNDLE).assessment == sample()


def test_bom_is_accepted() -> None:
    assert read_json(codecs.BOM_UTF8 + export_json(sample()), BUNDLE).assessment == sample()


# Refused files -----------------------------------------------------------------------------------


def _deep() -> bytes:
    return b"[" * 100_000 + b"]" * 100_000


def _many_answers() -> bytes:
    data = document()
    data["assessment"]["answers"] = {f"PROS-1.{n}": {} for n in range(limits.MAX_ANSWERS + 1)}
    return encoded(data)


def _doc(**changes: Any) -> Callable[[], bytes]:
    return lambda: encoded(document(**changes))


def _with(key: str, **fields: Any) -> Callable[[], bytes]:
    return lambda: answers_with(key, **fields)


def _edit(old: bytes, new: bytes) -> Callable[[], bytes]:
    return lambda: export_json(sample()).replace(old, new, 1)


def _raw(data: bytes) -> Callable[[], bytes]:
    return lambda: data


BAD_FILES: dict[str, tuple[Callable[[], bytes], str]] = {
    "empty": (_raw(b""), "error.file_empty"),
    "whitespace": (_raw(b" \n\t "), "error.file_empty"),
    "bom only": (_raw(codecs.BOM_UTF8), "error.file_empty"),
    "latin-1": (_edit("中文".encode(), "é".encode("latin-1")), "error.not_utf8"),
    "utf-16": (lambda: export_json(sample()).decode().encode("utf-16"), "error.not_utf8"),
    "truncated": (lambda: export_json(sample())[:300], "error.json_syntax"),
    "csv instead": (_raw(b"question_id,rating\nPROS-1.1,fully\n"), "error.json_syntax"),
    "nan": (_edit(b'"version": 9', b'"version": NaN'), "error.json_syntax"),
    "raw control char": (_edit(b"Law 5", b"Law\x015"), "error.json_syntax"),
    "too deep": (_deep, "error.json_too_deep"),
    "top-level list": (_raw(b"[1, 2]"), "error.not_assessment_file"),
    "other format": (_raw(b'{"format": "kobo", "assessment": {}}'), "error.not_assessment_file"),
    "newer format": (lambda: encoded(document() | {"format_version": 2}), "error.format_version"),
    "duplicate question": (_edit(b'"PROS-1.3": {', b'"PROS-1.1": {'), "error.duplicate_key"),
    "answers as list": (_doc(answers=[]), "error.field_type"),
    "rating a number": (_with("PROS-1.2", rating=5), "error.field_choice"),
    "revision a word": (_with("PROS-1.2", rating="fully", revision="x"), "error.field_type"),
    "missing field": (lambda: encoded({**document(), "assessment": {}}), "error.field_missing"),
    "extra field": (_doc(colour="red"), "error.field_unknown"),
    "bad country code": (_doc(country="France"), "error.field_format"),
    "unknown country": (_doc(country="QQQ"), "error.unknown_country"),
    "unknown instrument": (_doc(instrument_id="old_tool"), "error.unknown_instrument"),
    "unknown question": (_with("PROS-7.7", rating="fully"), "error.unknown_question"),
    "key mismatch": (_with("PROS-1.2", question_id="PROS-2.1"), "error.key_mismatch"),
    "n/a, no reason": (_with("PROS-1.2", rating="not_applicable"), "error.na_needs_justification"),
    "rating and value": (_with("PROS-1.2", rating="fully", value="x"), "error.rating_and_value"),
    "value on rated": (_with("PROS-1.2", value="yes"), "error.value_on_rated"),
    "info value a word": (_with("PROS-2.3", value="many"), "info.not_integer"),
    "info value negative": (_with("PROS-2.3", value=-3), "info.below_minimum"),
    "unknown agency": (_with("PROS-1.2", rating="fully", agency="army"), "error.unknown_agency"),
    "text too long": (_with("PROS-1.2", evidence="x" * 20_001), "error.text_too_long"),
    "too many answers": (_many_answers, "error.too_many_items"),
    "too large": (_raw(b" " * (limits.MAX_JSON_BYTES + 1)), "error.file_too_large"),
}


@pytest.mark.parametrize("name", list(BAD_FILES))
def test_malformed_file_is_refused_with_nothing_written(store: Store, name: str) -> None:
    store.import_assessment(sample(), "setup")
    before = snapshot(store)
    make, key = BAD_FILES[name]
    with pytest.raises(ImportValidationError) as refused:
        read_json(make(), BUNDLE)
    assert key in keys_of(refused.value), refused.value
    for lang in ("en", "zh"):
        for problem in refused.value.problems:
            text = translate(problem.key, lang, **problem.params)
            assert text != problem.key and "{" not in text
            where_key, where = problem.location()
            assert "{" not in translate(where_key, lang, **where)
    assert snapshot(store) == before


def test_syntax_error_names_line_and_column() -> None:
    broken = b'{\n  "format": "gapassess.assessment",\n  "format_version": 1,\n  oops\n}'
    with pytest.raises(ImportValidationError) as refused:
        read_json(broken, BUNDLE)
    [problem] = refused.value.problems
    assert (problem.params["line"], problem.params["column"]) == (4, 3)


def test_schema_problems_are_all_reported_with_their_field_path() -> None:
    data = document()
    data["assessment"]["answers"]["PROS-1.1"]["rating"] = "mostly"
    data["assessment"]["title"] = 7
    with pytest.raises(ImportValidationError) as refused:
        read_json(encoded(data), BUNDLE)
    fields = {p.field: p.key for p in refused.value.problems}
    assert fields == {
        "assessment.answers.PROS-1.1.rating": "error.field_choice",
        "assessment.title": "error.field_type",
    }


def test_unknown_ids_are_listed_and_left_out_only_when_confirmed() -> None:
    data = document()
    data["assessment"]["answers"]["PROS-7.7"] = {"question_id": "PROS-7.7", "rating": "fully"}
    data["assessment"]["actions"]["PROS-7.8"] = {"question_id": "PROS-7.8"}
    with pytest.raises(ImportValidationError) as refused:
        read_json(encoded(data), BUNDLE)
    assert {p.params["question"] for p in refused.value.problems} == {"PROS-7.7", "PROS-7.8"}
    result = read_json(encoded(data), BUNDLE, drop_unknown=True)
    assert result.dropped == ["PROS-7.7", "PROS-7.8"]
    assert result.assessment == sample()
    assert [w.key for w in result.warnings] == ["warning.unknown_questions_dropped"]


def test_control_characters_are_removed_with_a_warning() -> None:
    data = document()
    data["assessment"]["answers"]["PROS-1.1"]["evidence"] = "Law\u0000 5\u001b[31m\r\nart. 2"
    result = read_json(encoded(data), BUNDLE)
    assert result.assessment.answers["PROS-1.1"].evidence == "Law 5[31m\nart. 2"
    assert [(w.key, w.field) for w in result.warnings] == [
        ("warning.control_characters_removed", "assessment.answers.PROS-1.1.evidence")
    ]


def test_formula_and_markup_text_is_kept_as_plain_text() -> None:
    """JSON is not a spreadsheet: such text is stored as typed (CSV/XLSX exports neutralise it)."""
    text = '=HYPERLINK("http://x","y") <script>alert(1)</script>'
    result = read_json(answers_with("PROS-1.2", rating="fully", evidence=text), BUNDLE)
    assert result.assessment.answers["PROS-1.2"].evidence == text


def test_other_instrument_version_is_imported_with_a_warning() -> None:
    result = read_json(encoded(document(instrument_version="0.9")), BUNDLE)
    assert [w.key for w in result.warnings] == ["warning.instrument_version"]


def test_refusal_message_is_a_user_facing_error() -> None:
    with pytest.raises(UserFacingError) as refused:
        read_json(b"", BUNDLE)
    assert refused.value.key == "error.import_invalid" and refused.value.params == {"count": 1}


def test_largest_possible_export_is_under_the_upload_limit() -> None:
    """An export can always be imported again: every text at its maximum, in Chinese."""
    bundle = load_content()
    instrument = max(bundle.instruments.values(), key=lambda i: len(i.questions()))
    long_text = "中" * 20_000
    fields = dict.fromkeys(("justification", "evidence", "sources", "comment"), long_text)
    fields |= {"rating": Rating.NOT_APPLICABLE, "value": None, "agency": None, "revision": 9}
    fields |= {"updated_by": "x" * 500, "updated_at": STAMP}
    # model_construct: the models' per-character cleaning of 16 M characters would take seconds
    answers = {
        q.id: Answer.model_construct(question_id=q.id, **fields) for q in instrument.questions()
    }
    item = {"agency": None, "priority": Priority.HIGH, "target_date": None}
    item |= {"status": ActionStatus.PLANNED}
    item |= {"note": long_text, "revision": 9, "updated_by": "x" * 500, "updated_at": STAMP}
    actions = {q: ActionItem.model_construct(question_id=q, **item) for q in answers}
    biggest = sample().model_copy(
        update={"instrument_id": instrument.id, "answers": answers, "actions": actions}
    )
    size = len(export_json(biggest))
    assert 40 * limits.MIB < size <= limits.MAX_JSON_BYTES, f"{size / limits.MIB:.1f} MiB"
