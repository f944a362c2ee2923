"""Kobo / ODK CSV exports of our XLSForm go through the same merge preview as workbooks."""

from __future__ import annotations

import csv
import io

import pytest

from assessment.demo import demo_assessments
from assessment.io.kobo import read_kobo_csv
from assessment.io.merge import MergePreview, MergeStatus, apply_merge, build_preview
from assessment.models import Answer, Assessment
from assessment.store import Store
from framework import load_content
from framework.loader import ContentBundle
from framework.models import Rating
from framework.xlsform import build_xlsform_rows, field_name
from tests.assessment.exchange_helpers import new_assessment, open_store, snapshot

META = ["start", "end", "_id", "_uuid", "_submission_time", "_validation_status"]


@pytest.fixture(scope="module")
def bundle() -> ContentBundle:
    return load_content()


@pytest.fixture(scope="module")
def paths(bundle: ContentBundle) -> dict[str, str]:
    """Field name -> the group path Kobo writes as the column header (``PROS/PROS_1/...``)."""
    found: dict[str, str] = {}
    groups: list[str] = []
    for row in build_xlsform_rows(bundle, "ifa").survey:
        if row["type"] == "begin_group":
            groups.append(row["name"])
        elif row["type"] == "end_group":
            groups.pop()
        else:
            found[row["name"]] = "/".join([*groups, row["name"]])
    return found


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory, bundle: ContentBundle) -> Store:
    return open_store(tmp_path_factory.mktemp("store"), bundle)


@pytest.fixture
def assessment(store: Store) -> Assessment:
    return new_assessment(store)


def export(
    paths: dict[str, str], rows: list[dict[str, str]], delimiter: str = ";", bare: bool = False
) -> bytes:
    """A Kobo-style CSV export ("XML values and headers") of ``rows`` keyed by field name."""
    names = list(dict.fromkeys(name for row in rows for name in row if name not in META))
    header = META + [name if bare else paths.get(name, name) for name in names]
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(header)
    for row in rows:
        writer.writerow([row.get(name, "") for name in META + names])
    return buffer.getvalue().encode("utf-8-sig")


def _preview(data: bytes, bundle: ContentBundle, assessment: Assessment) -> MergePreview:
    return build_preview(assessment, read_kobo_csv(data, "kobo.csv", bundle, assessment))


SUBMISSION = {
    "_id": "101",
    "_submission_time": "2026-11-20T10:00:00",
    "gapassess_instrument": "ifa",
    "gapassess_version": "1.0",
    "PROS_1_1": "fully",
    "PROS_1_1_evidence": "Ratified in 2004",
    "PROS_1_4": "not_applicable",
    "PROS_1_4_justification": "No military courts",
    "COOP_1_5": "2019",
    "COOP_1_6": "police customs",
    "COOP_1_6/police": "1",  # Kobo's split column of a select_multiple: ignored
    "PREV_1_4": "broadcast online",
}


def test_a_submission_imports_by_choice_name(
    bundle: ContentBundle, store: Store, paths: dict[str, str], assessment: Assessment
) -> None:
    preview = _preview(export(paths, [SUBMISSION]), bundle, assessment)
    assert preview.issues == ()
    assert {i.question_id for i in preview.with_status(MergeStatus.NEW)} == {
        "PROS-1.1",
        "PROS-1.4",
        "COOP-1.5",
        "COOP-1.6",
        "PREV-1.4",
    }
    assert preview.sources == ("kobo.csv [101]",)
    apply_merge(store, preview, preview.default_choices(), "field team")
    stored = store.get(assessment.id).answers
    assert stored["PROS-1.1"].rating is Rating.FULLY
    assert stored["PROS-1.1"].evidence == "Ratified in 2004"
    assert stored["PROS-1.4"].justification == "No military courts"
    assert stored["COOP-1.5"].value == 2019
    assert stored["COOP-1.6"].value == ["police", "customs"]
    assert stored["PREV-1.4"].value == ["broadcast", "online"]
    assert store.history(assessment.id, "COOP-1.5")[-1].note == "kobo.csv [101]"
    again = _preview(export(paths, [SUBMISSION]), bundle, store.get(assessment.id))
    assert {item.status for item in again.items} == {MergeStatus.UNCHANGED}


def test_bare_names_and_comma_separator(
    bundle: ContentBundle, paths: dict[str, str], assessment: Assessment
) -> None:
    data = export(paths, [{"_id": "7", "PROS_1_2": "largely"}], delimiter=",", bare=True)
    preview = _preview(data, bundle, assessment)
    assert [i.question_id for i in preview.with_status(MergeStatus.NEW)] == ["PROS-1.2"]


def test_two_submissions_that_disagree_are_a_conflict(
    bundle: ContentBundle, paths: dict[str, str], assessment: Assessment
) -> None:
    rows = [{"_id": "1", "PROS_1_2": "fully"}, {"_id": "2", "PROS_1_2": "not_in_place"}]
    item = _preview(export(paths, rows), bundle, assessment).item("PROS-1.2")
    assert item.status is MergeStatus.CONFLICT
    assert [p.source for p in item.proposals] == ["kobo.csv [1]", "kobo.csv [2]"]


def test_an_answer_saved_after_the_submission_is_a_conflict(
    bundle: ContentBundle, store: Store, paths: dict[str, str], assessment: Assessment
) -> None:
    store.save_answer(
        assessment.id, Answer(question_id="PROS-1.2", rating=Rating.PARTIALLY), None, "app user"
    )
    old = {"_id": "3", "_submission_time": "2020-01-01T00:00:00", "PROS_1_2": "fully"}
    item = _preview(export(paths, [old]), bundle, store.get(assessment.id)).item("PROS-1.2")
    assert (item.status, item.reason) == (MergeStatus.CONFLICT, "exchange.merge.conflict_saved")


def test_bad_rows_are_reported_with_row_and_reason(
    bundle: ContentBundle, store: Store, paths: dict[str, str], assessment: Assessment
) -> None:
    rows = [
        {"_id": "1", "PROS_1_1": "mostly"},
        {"_id": "2", "PROS_1_4": "not_applicable"},
        {"_id": "3", "gapassess_version": "0.9", "PROS_1_1": "fully"},
        {"_id": "4", "_validation_status": "validation_status_not_approved", "PROS_1_1": "fully"},
        {"_id": "5", "COOP_1_5": "1850"},
    ]
    before = snapshot(store, assessment.id)
    preview = _preview(export(paths, rows), bundle, assessment)
    assert [(i.row, i.question_id, i.key) for i in preview.issues] == [
        (2, "PROS-1.1", "exchange.error.rating"),
        (3, "PROS-1.4", "exchange.error.justification_missing"),
        (4, "", "exchange.error.kobo_wrong_instrument"),
        (5, "", "exchange.error.kobo_not_approved"),
        (6, "COOP-1.5", "info.out_of_range"),
    ]
    assert preview.items == ()
    assert snapshot(store, assessment.id) == before


@pytest.mark.parametrize(
    ("data", "key"),
    [
        (b"", "exchange.error.empty_file"),
        (b"PK\x03\x04 an xlsx renamed .csv", "exchange.error.not_csv"),
        ("a;b\n".encode("utf-16"), "exchange.error.not_csv"),
        (b"\xff\xfe\x00garbage", "exchange.error.not_csv"),
        (b"name;age\nAda;36\n", "exchange.error.kobo_no_columns"),
        (b"PROS_1_1\n", "exchange.error.empty"),
    ],
)
def test_bad_files_are_refused_whole(
    bundle: ContentBundle, assessment: Assessment, data: bytes, key: str
) -> None:
    reads = read_kobo_csv(data, "kobo.csv", bundle, assessment)
    assert [(r.source, [(i.row, i.key) for i in r.issues]) for r in reads] == [
        ("kobo.csv", [(None, key)])
    ]


def test_a_submission_changes_only_what_it_answers(
    bundle: ContentBundle, store: Store, paths: dict[str, str], assessment: Assessment
) -> None:
    kept = Answer(
        question_id="PROS-1.1", rating=Rating.PARTIALLY, sources="Gazette", agency="police",
        comment="ask MoJ",
    )  # fmt: skip
    store.save_answer(assessment.id, kept, None, "app user")
    store.save_answer(assessment.id, Answer(question_id="PROS-1.2", rating=Rating.FULLY), None, "")
    rows = [{"_id": "9", "PROS_1_1": "largely", "PROS_1_2": "", "PROS_1_2_evidence": ""}]
    preview = _preview(export(paths, rows), bundle, store.get(assessment.id))
    assert [(i.question_id, i.status) for i in preview.items] == [("PROS-1.1", MergeStatus.CHANGED)]
    changed = preview.items[0].proposals[0].answer
    assert (changed.rating, changed.sources, changed.agency, changed.comment) == (
        Rating.LARGELY, "Gazette", "police", "ask MoJ",
    )  # fmt: skip


def test_every_demo_answer_read_back_from_kobo_is_unchanged(
    bundle: ContentBundle, paths: dict[str, str]
) -> None:
    demo = next(a for a in demo_assessments(bundle) if a.instrument_id == "ifa")
    row: dict[str, str] = {"_id": "1", "gapassess_instrument": "ifa", "gapassess_version": "1.0"}
    for answer in demo.answers.values():
        name = field_name(answer.question_id)
        value = answer.rating.value if answer.rating else answer.value
        row[name] = " ".join(value) if isinstance(value, list) else str(value or "")
        row[name + "_evidence"] = answer.evidence
    preview = _preview(export(paths, [row]), bundle, demo)
    assert preview.issues == ()
    assert {item.status for item in preview.items} == {MergeStatus.UNCHANGED}
    assert len(preview.items) == len(demo.answers)
