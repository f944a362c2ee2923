"""CSV export (one row per question, scores from the engine) and CSV import of answers."""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assessment.errors import ImportValidationError
from assessment.io import limits
from assessment.io.csv_io import COLUMNS, export_csv, neutralise, read_csv, restore
from assessment.models import Answer, Assessment
from assessment.store import Store
from framework.i18n import translate
from framework.loader import load_content
from framework.models import Rating
from tests.assessment.store_helpers import BACKENDS, BUNDLE, snapshot, store_fixture

GOLDEN_HEADER = (
    "assessment_id,instrument_id,instrument_version,question_id,section_id,area_id,pillar,"
    "dimension,obligation,kind,question,rating,info_value,score_value,weight,gap_points,"
    "justification,evidence,sources,agency,comment,revision"
)


@pytest.fixture(params=BACKENDS)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    yield from store_fixture(request, tmp_path)


@pytest.fixture
def stored(store: Store) -> Assessment:
    """An assessment in the store with a few answers, one of them formula-like text."""
    created = store.create_assessment(country="XAA", instrument_id="tiny", user="alice")
    for given_answer in (
        Answer(question_id="PROS-1.1", rating=Rating.LARGELY, evidence='=HYPERLINK("x")'),
        Answer(question_id="PROS-1.3", rating=Rating.NOT_APPLICABLE, justification="No sea"),
        Answer(question_id="PROS-2.3", value=7, agency="police"),
        Answer(question_id="PROT-1.1", rating=Rating.UNKNOWN, comment="line 1\nline 2"),
    ):
        store.save_answer(created.id, given_answer, None, "alice")
    return store.get(created.id)


def rows_of(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def to_csv(rows: list[dict[str, str]], delimiter: str = ",") -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), delimiter=delimiter)
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def answers_csv(*rows: str, header: str = "question_id,rating,justification,info_value") -> bytes:
    return ("\n".join([header, *rows]) + "\n").encode("utf-8")


def _content(assessment: Assessment) -> dict[str, dict]:
    """Answers as a CSV carries them (who and when are the store's to set)."""
    skip = {"updated_at", "updated_by"}
    return {q: a.model_dump(exclude=skip) for q, a in assessment.answers.items()}


# Export ------------------------------------------------------------------------------------------


def test_export_has_the_golden_header_bom_and_crlf(stored: Assessment) -> None:
    data = export_csv(BUNDLE, stored)
    assert data.startswith(codecs.BOM_UTF8)
    assert data.decode("utf-8-sig").split("\r\n")[0] == GOLDEN_HEADER == ",".join(COLUMNS)


def test_export_has_one_row_per_question_with_the_engine_scores(stored: Assessment) -> None:
    rows = rows_of(export_csv(BUNDLE, stored))
    instrument = BUNDLE.instruments["tiny"]
    assert [r["question_id"] for r in rows] == [q.id for q in instrument.questions()]
    first = rows[0]
    assert (first["rating"], first["score_value"], first["weight"]) == ("largely", "0.6667", "3")
    assert first["gap_points"] == "0.9999"  # 3 x (1 - 0.6667), the method's value for largely
    assert first["question"] == "Question PROS-1.1"
    assert rows_of(export_csv(BUNDLE, stored, "zh"))[0]["question"] == "[zh] Question PROS-1.1"
    by_id = {r["question_id"]: r for r in rows}
    assert by_id["PROS-1.3"]["score_value"] == "" and by_id["PROS-1.3"]["justification"] == "No sea"
    assert (by_id["PROS-2.3"]["info_value"], by_id["PROS-2.3"]["agency"]) == ("7", "police")
    assert by_id["PROS-1.2"]["rating"] == "" and by_id["PROS-1.2"]["revision"] == ""
    assert by_id["PROT-1.1"]["comment"] == "line 1\nline 2"


def test_formula_text_is_neutralised_in_the_export(stored: Assessment) -> None:
    row = rows_of(export_csv(BUNDLE, stored))[0]
    assert row["evidence"] == '\'=HYPERLINK("x")'


@pytest.mark.parametrize(
    ("text", "cell"),
    [
        ("=1+1", "'=1+1"),
        ("+33 1 23", "'+33 1 23"),
        ("-5 cases", "'-5 cases"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("'=x", "''=x"),
        ("'quoted'", "'quoted'"),
        ("plain", "plain"),
        ("", ""),
    ],
)
def test_neutralise_prefixes_formula_starters_only(text: str, cell: str) -> None:
    assert neutralise(text) == cell and restore(cell) == text


@given(st.text())
def test_restore_undoes_neutralise(text: str) -> None:
    assert restore(neutralise(text)) == text


# Round trips -----------------------------------------------------------------------------------


def test_reimporting_the_export_changes_nothing(store: Store, stored: Assessment) -> None:
    result = read_csv(export_csv(BUNDLE, stored), BUNDLE, stored)
    assert result.warnings == []
    assert _content(result.assessment) == _content(stored)
    before = snapshot(store)
    outcome = store.import_assessment(result.assessment, "bob", "merge")
    assert outcome.changes == 0 and len(outcome.unchanged) == 4
    assert snapshot(store) == before


def test_edited_export_merges_changed_rows_only(store: Store, stored: Assessment) -> None:
    rows = rows_of(export_csv(BUNDLE, stored))
    rows[0]["rating"] = "Fully in place"  # a label, not an id
    rows[1]["rating"], rows[1]["evidence"] = "partially", "-2 officers"
    result = read_csv(to_csv(rows, delimiter=";"), BUNDLE, stored)
    outcome = store.import_assessment(result.assessment, "bob", "merge", source="x.csv")
    assert (outcome.added, outcome.changed) == (["PROS-1.2"], ["PROS-1.1"])
    after = store.get(stored.id)
    assert after.answers["PROS-1.1"].rating is Rating.FULLY
    assert after.answers["PROS-1.1"].evidence == '=HYPERLINK("x")'
    assert after.answers["PROS-1.2"].evidence == "-2 officers"
    assert after.answers["PROS-1.3"] == stored.answers["PROS-1.3"]
    entry = store.history(stored.id, "PROS-1.1")[-1]
    assert (entry.outcome, entry.user, entry.note, entry.old["rating"]) == (
        "imported",
        "bob",
        "x.csv",
        "largely",
    )


def test_row_changed_in_the_app_since_the_export_is_a_conflict(
    store: Store, stored: Assessment
) -> None:
    exported = export_csv(BUNDLE, stored)
    current = stored.answers["PROS-1.1"]
    store.save_answer(stored.id, current.model_copy(update={"comment": "new"}), 1, "carol")
    rows = rows_of(exported)
    rows[0]["rating"] = "fully"
    result = read_csv(to_csv(rows), BUNDLE, stored)
    before = snapshot(store)
    with pytest.raises(ImportValidationError) as refused:
        store.import_assessment(result.assessment, "bob", "merge")
    assert [p.key for p in refused.value.problems] == ["error.import_conflict"]
    assert snapshot(store) == before
    store.import_assessment(result.assessment, "bob", "merge", overwrite_conflicts=True)
    assert store.get(stored.id).answers["PROS-1.1"].rating is Rating.FULLY
    assert store.history(stored.id, "PROS-1.1")[-1].old["comment"] == "new"  # kept in history


def test_zh_rating_labels_and_list_values_are_read() -> None:
    bundle = load_content()
    target = Assessment(
        id="xaa-csv-0001", country="XAA", instrument_id="ifa", instrument_version="1.0"
    )
    question = next(q for q in bundle.instruments["ifa"].questions() if q.kind == "rated")
    label = next(r.label.get("zh") for r in bundle.method.ratings if r.id is Rating.PARTIALLY)
    result = read_csv(answers_csv(f"{question.id},{label},,"), bundle, target)
    assert result.assessment.answers[question.id].rating is Rating.PARTIALLY


# Refused files -----------------------------------------------------------------------------------


def _rows(*rows: str) -> Callable[[], bytes]:
    return lambda: answers_csv(*rows)


def _raw(data: bytes) -> Callable[[], bytes]:
    return lambda: data


ROW = "question_id,rating"
MANY = ["PROS-1.2,,,"] * (limits.MAX_CSV_ROWS + 1)
BAD_FILES: dict[str, tuple[Callable[[], bytes], str, int | None]] = {
    "empty": (_raw(b""), "error.file_empty", None),
    "GBK, not UTF-8": (_raw(f"{ROW}\nPROS-1.1,完全\n".encode("gbk")), "error.not_utf8", None),
    "no header": (_raw(b",,\nPROS-1.1,fully\n"), "error.csv_no_header", 1),
    "no rating column": (
        _raw(b"question_id,evidence\nPROS-1.1,x\n"),
        "error.csv_missing_column",
        1,
    ),
    "column twice": (
        _raw(b"question_id,rating,rating\nPROS-1.1,,\n"),
        "error.csv_duplicate_column",
        1,
    ),
    "unknown rating": (_rows("PROS-1.1,mostly,,"), "error.unknown_rating", 2),
    "question twice": (
        _rows("PROS-1.1,fully,,", "PROS-1.2,,,", "PROS-1.1,,x,"),
        "error.duplicate_question",
        4,
    ),
    "unknown question": (
        _rows("PROS-1.1,fully,,", "PROS-8.8,fully,,"),
        "error.unknown_question",
        3,
    ),
    "question id missing": (_rows(",fully,,"), "error.field_missing", 2),
    "n/a, no reason": (_rows("PROS-1.2,not_applicable,,"), "error.na_needs_justification", 2),
    "value on rated": (_rows("PROS-1.2,,,12"), "error.value_on_rated", 2),
    "info value a word": (_rows("PROS-2.3,,,lots"), "info.not_integer", 2),
    "rating on info": (_rows("PROS-2.3,fully,,"), "error.rating_on_info", 2),
    "unknown agency": (
        _raw(f"{ROW},agency\nPROS-1.1,fully,army\n".encode()),
        "error.unknown_agency",
        2,
    ),
    "bad revision": (_raw(f"{ROW},revision\nPROS-1.1,fully,two\n".encode()), "error.field_type", 2),
    "too long": (_rows(f"PROS-1.3,not_applicable,{'x' * 20_001},"), "error.text_too_long", 2),
    "extra cells": (_rows("PROS-1.1,fully,,,surprise"), "error.csv_syntax", 2),
    "other instrument": (
        _raw(f"{ROW},instrument_id\nPROS-1.1,,guide\n".encode()),
        "error.wrong_instrument",
        2,
    ),
    "too many rows": (_rows(*MANY), "error.too_many_rows", None),
    "too large": (_raw(b"x" * (limits.MAX_CSV_BYTES + 1)), "error.file_too_large", None),
}


@pytest.mark.parametrize("name", list(BAD_FILES))
def test_malformed_csv_is_refused_with_nothing_written(
    store: Store, stored: Assessment, name: str
) -> None:
    before = snapshot(store)
    make, key, row = BAD_FILES[name]
    with pytest.raises(ImportValidationError) as refused:
        read_csv(make(), BUNDLE, stored)
    found = [(p.key, p.row) for p in refused.value.problems]
    assert any(k == key and (row is None or r == row) for k, r in found), found
    for lang in ("en", "zh"):
        for problem in refused.value.problems:
            assert "{" not in translate(problem.key, lang, **problem.params)
            location, params = problem.location()
            assert "{" not in translate(location, lang, **params)
    assert snapshot(store) == before


def test_every_problem_of_a_file_is_listed_with_its_row() -> None:
    target = Assessment(
        id="xaa-csv-0002", country="XAA", instrument_id="tiny", instrument_version="1.0"
    )
    data = answers_csv("PROS-1.1,mostly,,", "PROS-1.2,fully,,", "PROS-9.1,fully,,", "PROS-2.3,,,x")
    with pytest.raises(ImportValidationError) as refused:
        read_csv(data, BUNDLE, target)
    assert [(p.row, p.field, p.key) for p in refused.value.problems] == [
        (2, "rating", "error.unknown_rating"),
        (4, "question_id", "error.unknown_question"),
        (5, "info_value", "info.not_integer"),
    ]


def test_row_numbers_follow_records_not_lines() -> None:
    """A multi-line cell is one spreadsheet row; errors name the row a spreadsheet shows."""
    target = Assessment(
        id="xaa-csv-0003", country="XAA", instrument_id="tiny", instrument_version="1.0"
    )
    data = answers_csv('PROS-1.1,fully,"a\nb\nc",', "PROS-1.2,mostly,,")
    with pytest.raises(ImportValidationError) as refused:
        read_csv(data, BUNDLE, target)
    assert [p.row for p in refused.value.problems] == [3]


def test_blank_rows_and_unknown_columns_change_nothing_but_are_told() -> None:
    target = Assessment(
        id="xaa-csv-0004", country="XAA", instrument_id="tiny", instrument_version="1.0"
    )
    data = answers_csv(
        "PROS-1.1,,,", "", "PROS-1.2,fully,,", header="question_id,rating,notes,info_value"
    )
    result = read_csv(data, BUNDLE, target)
    assert list(result.assessment.answers) == ["PROS-1.2"]
    assert [w.key for w in result.warnings] == ["warning.csv_unknown_column"]


def test_control_characters_and_nul_are_removed_with_a_warning() -> None:
    target = Assessment(
        id="xaa-csv-0005", country="XAA", instrument_id="tiny", instrument_version="1.0"
    )
    data = answers_csv("PROS-1.3,not_applicable,No\x00 sea\x1b,")
    result = read_csv(data, BUNDLE, target)
    assert result.assessment.answers["PROS-1.3"].justification == "No sea"
    assert [(w.key, w.row) for w in result.warnings] == [("warning.control_characters_removed", 2)]


def test_other_assessment_rows_are_imported_with_a_warning(stored: Assessment) -> None:
    other = stored.model_copy(update={"id": "xaa-csv-0006"})
    result = read_csv(export_csv(BUNDLE, stored), BUNDLE, other)
    assert [w.key for w in result.warnings] == ["warning.csv_other_assessment"]
    assert set(result.assessment.answers) == set(stored.answers)


def test_unknown_questions_are_left_out_only_when_confirmed() -> None:
    target = Assessment(
        id="xaa-csv-0007", country="XAA", instrument_id="tiny", instrument_version="1.0"
    )
    data = answers_csv("PROS-1.1,fully,,", "OLD-1.1,fully,,")
    result = read_csv(data, BUNDLE, target, drop_unknown=True)
    assert (list(result.assessment.answers), result.dropped) == (["PROS-1.1"], ["OLD-1.1"])
    assert [w.key for w in result.warnings] == ["warning.unknown_questions_dropped"]


def test_largest_possible_export_is_under_the_upload_limit() -> None:
    """A CSV export can always be imported again: every text at its maximum, in Chinese."""
    bundle = load_content()
    instrument = max(bundle.instruments.values(), key=lambda i: len(i.questions()))
    texts = dict.fromkeys(("justification", "evidence", "sources", "comment"), "中" * 20_000)
    answers = {
        q.id: Answer.model_construct(
            question_id=q.id,
            rating=Rating.NOT_APPLICABLE,
            value=None,
            agency=None,
            revision=1,
            **texts,
        )
        for q in instrument.questions()
    }  # model_construct: the models' per-character cleaning of 12 M characters takes seconds
    biggest = Assessment(
        id="xaa-csv-big1", country="XAA", instrument_id=instrument.id, instrument_version="1.0"
    ).model_copy(update={"answers": answers})
    size = len(export_csv(bundle, biggest, "zh"))
    assert 30 * limits.MIB < size <= limits.MAX_CSV_BYTES, f"{size / limits.MIB:.1f} MiB"
