"""Reading filled questionnaires: the round trip, and every bad file refused with row and reason.

Each refusal test takes a snapshot of the store before and after: reading and previewing never
write, so a bad file can change nothing.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest

from assessment.demo import demo_assessments
from assessment.io import excel_import, xlsx_safety
from assessment.io.excel_import import read_workbook, read_workbooks
from assessment.io.excel_layout import COLUMN_KEYS, SHEETS
from assessment.io.excel_template import build_template
from assessment.io.merge import MergeStatus, apply_merge, build_preview
from assessment.io.rows import SourceRead
from assessment.models import Answer, Assessment
from assessment.store import Store
from framework import load_content
from framework.loader import ContentBundle
from framework.models import InfoType, Rating
from tests.assessment.exchange_helpers import (
    fill,
    new_assessment,
    open_store,
    questions_sheet,
    snapshot,
)


@pytest.fixture(scope="module")
def bundle() -> ContentBundle:
    return load_content()


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory, bundle: ContentBundle) -> Store:
    return open_store(tmp_path_factory.mktemp("store"), bundle)


@pytest.fixture(scope="module")
def assessment(store: Store) -> Assessment:
    """Shared by the tests that only read; a test that writes makes its own (``fresh``)."""
    return new_assessment(store)


@pytest.fixture(scope="module")
def template(bundle: ContentBundle, assessment: Assessment) -> bytes:
    return build_template(bundle, assessment, lang="zh")


@pytest.fixture
def fresh(store: Store) -> Assessment:
    return new_assessment(store)


def _read(data: bytes, bundle: ContentBundle, assessment: Assessment) -> SourceRead:
    return read_workbook(data, "filled.xlsx", bundle, assessment)


def _issues(read: SourceRead) -> list[tuple[int | None, str, str, str]]:
    return [(i.row, i.question_id, i.field, i.key) for i in read.issues]


FILLED = {
    "PROS-1.1": {"rating": "完全到位", "evidence": "Ratified 2004", "agency": "司法部"},
    "PROS-1.2": {"rating": "Largely in place", "sources": "UN Treaty Collection"},
    "PROS-1.3": {"rating": "partially", "comment": "Check with the MoJ"},
    "PROS-1.4": {"rating": "不适用", "justification": "No such courts"},
    "PROS-1.5": {"rating": "不详", "agency": "police"},
    "COOP-1.5": {"value": 2019},
    "COOP-1.6": {"value": "警察（刑事侦查部门）; Customs"},
    "COOP-2.8": {"value": "12", "evidence": "Central authority register"},
    "PREV-1.4": {"value": "电视或广播；social media and websites"},
}
EXPECTED = {
    "PROS-1.1": {"rating": Rating.FULLY, "evidence": "Ratified 2004", "agency": "justice_ministry"},
    "PROS-1.2": {"rating": Rating.LARGELY, "sources": "UN Treaty Collection"},
    "PROS-1.3": {"rating": Rating.PARTIALLY, "comment": "Check with the MoJ"},
    "PROS-1.4": {"rating": Rating.NOT_APPLICABLE, "justification": "No such courts"},
    "PROS-1.5": {"rating": Rating.UNKNOWN, "agency": "police"},
    "COOP-1.5": {"value": 2019},
    "COOP-1.6": {"value": ["police", "customs"]},
    "COOP-2.8": {"value": 12, "evidence": "Central authority register"},
    "PREV-1.4": {"value": ["broadcast", "online"]},
}


def test_round_trip_gives_the_same_answers(
    bundle: ContentBundle, store: Store, fresh: Assessment
) -> None:
    assessment = fresh
    template = build_template(bundle, assessment, lang="zh")
    read = _read(fill(template, FILLED), bundle, assessment)
    assert read.issues == []
    preview = build_preview(assessment, [read])
    assert {i.question_id for i in preview.with_status(MergeStatus.NEW)} == set(EXPECTED)
    result = apply_merge(store, preview, preview.default_choices(), "tester")
    assert sorted(result.saved) == sorted(EXPECTED)
    stored = store.get(assessment.id).answers
    for question_id, fields in EXPECTED.items():
        expected = Answer(question_id=question_id, **fields)
        got = stored[question_id]
        assert got.model_dump(include=set(fields) | {"rating", "value"}) == expected.model_dump(
            include=set(fields) | {"rating", "value"}
        ), question_id
    entry = store.history(assessment.id, "PROS-1.1")[-1]
    assert (entry.outcome, entry.note, entry.user) == ("imported", "filled.xlsx", "tester")


def test_a_template_for_the_stored_answers_reads_back_unchanged(
    bundle: ContentBundle, store: Store, fresh: Assessment
) -> None:
    assessment = fresh
    template = build_template(bundle, assessment, lang="zh")
    preview = build_preview(assessment, [_read(fill(template, FILLED), bundle, assessment)])
    apply_merge(store, preview, preview.default_choices(), "tester")
    stored = store.get(assessment.id)
    again = _read(build_template(bundle, stored, lang="en"), bundle, stored)
    assert again.issues == []
    assert len(again.incoming) == len(EXPECTED)
    unchanged = build_preview(stored, [again]).with_status(MergeStatus.UNCHANGED)
    assert len(unchanged) == len(EXPECTED)


@pytest.mark.parametrize(
    ("cells", "field", "key"),
    [
        ({"rating": "Mostly"}, "rating", "exchange.error.rating"),
        ({"rating": "不适用"}, "justification", "exchange.error.justification_missing"),
        ({"agency": "Ministry of Magic"}, "agency", "exchange.error.agency"),
        ({"value": "7"}, "value", "exchange.error.value_on_rated"),
        ({"rating": "fully", "evidence": "x" * 20_001}, "evidence", "error.text_too_long"),
    ],
)
def test_an_invalid_cell_is_reported_with_row_and_field(
    bundle: ContentBundle,
    store: Store,
    assessment: Assessment,
    template: bytes,
    cells: dict[str, object],
    field: str,
    key: str,
) -> None:
    before = snapshot(store, assessment.id)
    read = _read(
        fill(template, {"PROS-1.2": cells, "PROS-1.3": {"rating": "fully"}}), bundle, assessment
    )
    assert _issues(read) == [(3, "PROS-1.2", field, key)]
    assert [i.answer.question_id for i in read.incoming] == ["PROS-1.3"]
    assert snapshot(store, assessment.id) == before


def test_info_values_are_checked_against_their_type(
    bundle: ContentBundle, assessment: Assessment, template: bytes
) -> None:
    filled = fill(
        template,
        {
            "COOP-1.5": {"value": 1850},
            "COOP-2.8": {"value": "many"},
            "COOP-1.6": {"value": "Ministry of Magic"},
            "PROS-1.1": {"value": "x"},
        },
    )
    keys = {(qid, key) for _, qid, _, key in _issues(_read(filled, bundle, assessment))}
    assert keys == {
        ("COOP-1.5", "info.out_of_range"),
        ("COOP-2.8", "info.not_integer"),
        ("COOP-1.6", "info.unknown_agency"),
        ("PROS-1.1", "exchange.error.value_on_rated"),
    }


def test_unknown_and_duplicated_ids_are_refused(
    bundle: ContentBundle, store: Store, assessment: Assessment, template: bytes
) -> None:
    wb = openpyxl.load_workbook(io.BytesIO(template))
    ws = questions_sheet(wb)
    ws.append(["PROS-9.9", None, None, None, None, None, None, "fully"])
    ws.append(["PROS-1.1", None, None, None, None, None, None, "fully"])
    ws["H2"] = "partially"
    last = ws.max_row
    buffer = io.BytesIO()
    wb.save(buffer)
    before = snapshot(store, assessment.id)
    read = _read(buffer.getvalue(), bundle, assessment)
    assert (last - 1, "PROS-9.9", "id", "exchange.error.unknown_id") in _issues(read)
    duplicates = [(row, qid) for row, qid, _, key in _issues(read) if key.endswith("duplicate_id")]
    assert duplicates == [(2, "PROS-1.1"), (last, "PROS-1.1")]
    assert "PROS-1.1" not in {i.answer.question_id for i in read.incoming}
    assert snapshot(store, assessment.id) == before


def test_a_formula_in_a_text_cell_is_refused(
    bundle: ContentBundle, assessment: Assessment, template: bytes
) -> None:
    filled = fill(
        template,
        {
            "PROS-1.2": {"rating": "fully", "evidence": '=HYPERLINK("http://x")'},
            "PROS-1.3": {"rating": "fully"},
        },
    )
    read = _read(filled, bundle, assessment)
    assert _issues(read) == [(3, "PROS-1.2", "evidence", "exchange.error.formula")]
    assert [i.answer.question_id for i in read.incoming] == ["PROS-1.3"]


def test_text_that_only_looks_like_a_formula_is_kept(
    bundle: ContentBundle, assessment: Assessment, template: bytes
) -> None:
    wb = openpyxl.load_workbook(io.BytesIO(template))
    cell = questions_sheet(wb)["K3"]  # evidence of PROS-1.2, typed as '=1+1 in Excel
    cell.value = "=1+1"
    cell.data_type = "s"
    questions_sheet(wb)["H3"] = "fully"
    buffer = io.BytesIO()
    wb.save(buffer)
    read = _read(buffer.getvalue(), bundle, assessment)
    assert read.issues == []
    assert read.incoming[0].answer.evidence == "=1+1"


def _file_issue(data: bytes, bundle: ContentBundle, assessment: Assessment) -> str:
    read = _read(data, bundle, assessment)
    assert read.refused and read.incoming == []
    assert len(read.issues) == 1
    assert read.issues[0].row is None
    return read.issues[0].key


def _zip_replace(data: bytes, name: str, content: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            dst.writestr(info, content if info.filename == name else src.read(info))
    return out.getvalue()


def test_bad_files_are_refused_whole(
    bundle: ContentBundle, store: Store, assessment: Assessment, template: bytes
) -> None:
    before = snapshot(store, assessment.id)
    other = openpyxl.Workbook()
    other.active.append(["id", "rating"])
    other_bytes = io.BytesIO()
    other.save(other_bytes)
    docx_like = io.BytesIO()
    with zipfile.ZipFile(docx_like, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    cases = {
        b"": "exchange.error.empty_file",
        b"question_id,rating\nPROS-1.1,fully\n": "exchange.error.not_xlsx",  # CSV renamed .xlsx
        b"%PDF-1.7\n" + b"0" * 100: "exchange.error.not_xlsx",
        docx_like.getvalue(): "exchange.error.not_xlsx",
        template[: len(template) // 2]: "exchange.error.not_xlsx",  # truncated upload
        other_bytes.getvalue(): "exchange.error.not_template",  # the wrong workbook
    }
    for data, key in cases.items():
        assert _file_issue(data, bundle, assessment) == key, data[:20]
    assert snapshot(store, assessment.id) == before


def test_missing_questions_sheet_and_empty_sheet(
    bundle: ContentBundle, assessment: Assessment, template: bytes
) -> None:
    wb = openpyxl.load_workbook(io.BytesIO(template))
    wb.remove(questions_sheet(wb))
    buffer = io.BytesIO()
    wb.save(buffer)
    assert _file_issue(buffer.getvalue(), bundle, assessment) == "exchange.error.missing_sheet"
    wb = openpyxl.load_workbook(io.BytesIO(template))
    questions_sheet(wb).delete_rows(2, 500)
    buffer = io.BytesIO()
    wb.save(buffer)
    assert _file_issue(buffer.getvalue(), bundle, assessment) == "exchange.error.empty"


def test_a_template_of_another_assessment_or_version_is_refused(
    bundle: ContentBundle, store: Store, assessment: Assessment, template: bytes
) -> None:
    other = new_assessment(store)
    assert _file_issue(template, bundle, other) == "exchange.error.wrong_assessment"
    newer = assessment.model_copy(update={"instrument_version": "2.0"})
    assert _file_issue(template, bundle, newer) == "exchange.error.wrong_instrument"


def test_zip_bomb_and_xml_bomb_are_refused_before_parsing(
    bundle: ContentBundle,
    assessment: Assessment,
    template: bytes,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
        b"<workbook>&lol2;</workbook>"
    )
    assert _file_issue(_zip_replace(template, "xl/workbook.xml", bomb), bundle, assessment) == (
        "exchange.error.not_xlsx"
    )
    padded = io.BytesIO(template)
    with zipfile.ZipFile(padded, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/media/zeros.bin", b"\0" * 2_000_000)  # compresses to ~2 KB
    monkeypatch.setattr(xlsx_safety, "MAX_UNCOMPRESSED_BYTES", 1_500_000)
    assert _file_issue(padded.getvalue(), bundle, assessment) == "exchange.error.too_large_unpacked"


def test_size_and_row_limits(
    bundle: ContentBundle,
    assessment: Assessment,
    template: bytes,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(excel_import, "MAX_ROWS", 20)
    assert _file_issue(template, bundle, assessment) == "exchange.error.too_many_rows"
    monkeypatch.setattr(xlsx_safety, "MAX_FILE_BYTES", len(template) - 1)
    assert _file_issue(template, bundle, assessment) == "exchange.error.too_large"


def test_several_workbooks_are_read_in_order(
    bundle: ContentBundle, assessment: Assessment, template: bytes
) -> None:
    reads = read_workbooks(
        [("a.xlsx", fill(template, {"PROS-1.1": {"rating": "fully"}})), ("b.xlsx", b"")],
        bundle,
        assessment,
    )
    assert [r.source for r in reads] == ["a.xlsx", "b.xlsx"]
    assert [r.refused for r in reads] == [False, True]


def test_every_message_key_is_translated(bundle: ContentBundle) -> None:
    """Keys written literally in the exchange modules, and the ones built from enums/columns."""
    root = Path(__file__).resolve().parents[2]
    sources = [
        *(root / "assessment" / "io").glob("*.py"),
        root / "ui/components/exchange_panels.py",
        root / "ui/pages/exchange.py",
        root / "framework/xlsform.py",
    ]
    keys = {
        k
        for p in sources
        for k in re.findall(r'"(exchange\.[a-z0-9_.]+[a-z0-9_])"', p.read_text(encoding="utf-8"))
    }
    keys |= {f"exchange.merge.status.{s.value}" for s in MergeStatus}
    keys |= {f"exchange.answer_type.{t.value}" for t in InfoType} | {"exchange.answer_type.rated"}
    keys |= {f"exchange.column.{c}" for c in COLUMN_KEYS}
    keys |= {f"exchange.sheet.{s}" for s in SHEETS}
    keys |= {f"exchange.page.scope.{s}" for s in ("all", "section", "agency")}
    keys |= {"page.exchange.title", "page.exchange.help"}
    for lang in ("en", "zh"):
        assert sorted(keys - set(bundle.strings[lang])) == [], lang


@pytest.mark.parametrize(("instrument_id", "lang"), [("guide", "en"), ("ifa", "zh")])
def test_every_demo_answer_survives_the_round_trip(
    bundle: ContentBundle, instrument_id: str, lang: str
) -> None:
    """Every answer type of the real content, pre-filled and read back: nothing changes."""
    demo = next(a for a in demo_assessments(bundle) if a.instrument_id == instrument_id)
    read = _read(build_template(bundle, demo, lang=lang), bundle, demo)
    assert read.issues == []
    assert len(read.incoming) == len(demo.answers)
    assert {item.status for item in build_preview(demo, [read]).items} == {MergeStatus.UNCHANGED}
