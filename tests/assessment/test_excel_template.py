"""The Excel questionnaire: sheets, drop-downs that block other values, protection, pre-fill."""

from __future__ import annotations

import csv
import datetime as dt
import io
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest

from assessment.io.excel_import import read_workbook
from assessment.io.excel_template import EmptyScopeError, Scope, build_template
from assessment.io.rows import answer_key
from assessment.models import Answer
from framework import load_content
from framework.loader import ContentBundle
from framework.models import Rating
from tests.assessment.exchange_helpers import (
    ASSESSMENT_ID,
    column,
    ifa_assessment,
    questions_sheet,
    row_of,
)

GENERATED = dt.datetime(2026, 11, 1, 9, 30, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def bundle() -> ContentBundle:
    return load_content()


@pytest.fixture(scope="module")
def answered() -> dict[str, Answer]:
    return {
        "PROS-1.1": Answer(
            question_id="PROS-1.1",
            rating=Rating.LARGELY,
            evidence='=HYPERLINK("x")',
            agency="justice_ministry",
            revision=3,
        ),
        "COOP-1.5": Answer(question_id="COOP-1.5", value=2019, agency="police", revision=1),
        "COOP-1.6": Answer(question_id="COOP-1.6", value=["police", "customs"]),
    }


@pytest.fixture(scope="module")
def workbook_zh(bundle: ContentBundle, answered: dict[str, Answer]) -> openpyxl.Workbook:
    data = build_template(bundle, ifa_assessment(answered), lang="zh", generated_at=GENERATED)
    return openpyxl.load_workbook(io.BytesIO(data))


def test_instructions_come_first_and_helper_sheets_are_hidden(
    workbook_zh: openpyxl.Workbook,
) -> None:
    assert workbook_zh.sheetnames == ["填写说明", "问题", "选项", "元数据"]
    states = [ws.sheet_state for ws in workbook_zh.worksheets]
    assert states == ["visible", "visible", "hidden", "veryHidden"]
    assert workbook_zh.active.title == "填写说明"
    assert workbook_zh.security.lockStructure


def test_questions_sheet_has_every_question_and_localized_headers(
    bundle: ContentBundle, workbook_zh: openpyxl.Workbook
) -> None:
    ws = questions_sheet(workbook_zh)
    header = [cell.value for cell in ws[1]]
    assert header[:4] == ["问题编号", "支柱", "领域", "问题"]
    ids = [row[0] for row in ws.iter_rows(min_row=2, values_only=True)]
    assert ids == [q.id for q in bundle.instruments["ifa"].questions()]


def test_rating_dropdown_blocks_other_values_and_shows_its_prompt(
    bundle: ContentBundle, workbook_zh: openpyxl.Workbook
) -> None:
    ws = questions_sheet(workbook_zh)
    rating_letter = openpyxl.utils.get_column_letter(column("rating"))
    rating = next(dv for dv in ws.data_validations.dataValidation if dv.formula1.endswith("$A$7"))
    assert rating.type == "list"
    assert rating.showErrorMessage is True
    assert rating.showInputMessage is True
    assert rating.errorStyle == "stop"
    assert not rating.showDropDown  # True would hide the in-cell arrow
    assert rating.prompt
    assert rating.error
    assert rating.formula1 == "'选项'!$A$2:$A$7"
    assert f"{rating_letter}{row_of(ws, 'PROS-1.1')}" in rating.sqref
    assert f"{rating_letter}{row_of(ws, 'COOP-1.5')}" not in rating.sqref  # info question
    options = workbook_zh.worksheets[2]
    labels = [options.cell(row=r, column=1).value for r in range(2, 8)]
    assert labels == [level.label.get("zh") for level in bundle.method.ratings]


def test_every_validation_shows_error_and_prompt(workbook_zh: openpyxl.Workbook) -> None:
    validations = questions_sheet(workbook_zh).data_validations.dataValidation
    assert {dv.type for dv in validations} == {"list", "whole"}
    assert all(dv.showErrorMessage and dv.showInputMessage for dv in validations)
    year = next(dv for dv in validations if dv.type == "whole" and dv.formula1 == "1990")
    assert (year.operator, year.formula2) == ("between", "2100")


def test_ids_are_locked_and_answer_cells_unlocked_without_password(
    workbook_zh: openpyxl.Workbook,
) -> None:
    ws = questions_sheet(workbook_zh)
    assert ws.protection.sheet
    assert ws.protection.password is None
    row = row_of(ws, "PROS-1.1")
    assert ws.cell(row=row, column=column("id")).protection.locked
    assert ws.cell(row=row, column=column("question")).protection.locked
    assert ws.cell(row=row, column=column("value")).protection.locked  # not for a rated question
    for key in ("rating", "justification", "evidence", "sources", "agency", "comment"):
        assert not ws.cell(row=row, column=column(key)).protection.locked, key
    info = row_of(ws, "COOP-1.5")
    assert not ws.cell(row=info, column=column("value")).protection.locked
    assert ws.cell(row=info, column=column("rating")).protection.locked


def test_existing_answers_are_prefilled_in_the_workbook_language(
    workbook_zh: openpyxl.Workbook,
) -> None:
    ws = questions_sheet(workbook_zh)
    row = row_of(ws, "PROS-1.1")
    assert ws.cell(row=row, column=column("rating")).value == "基本到位"
    assert ws.cell(row=row, column=column("agency")).value == "司法部"
    assert ws.cell(row=row_of(ws, "COOP-1.5"), column=column("value")).value == 2019
    agencies = ws.cell(row=row_of(ws, "COOP-1.6"), column=column("value")).value
    assert agencies == "警察（刑事侦查部门）; 海关"
    assert ws.cell(row=row_of(ws, "PROS-1.2"), column=column("rating")).value is None


def test_stored_text_that_looks_like_a_formula_is_written_as_text(
    workbook_zh: openpyxl.Workbook,
) -> None:
    ws = questions_sheet(workbook_zh)
    cell = ws.cell(row=row_of(ws, "PROS-1.1"), column=column("evidence"))
    assert cell.value == '=HYPERLINK("x")'
    assert cell.data_type == "s"
    assert cell.quotePrefix


def test_metadata_names_assessment_instrument_language_and_revisions(
    workbook_zh: openpyxl.Workbook,
) -> None:
    rows = list(workbook_zh.worksheets[3].iter_rows(values_only=True))
    meta = {row[0]: row[1] for row in rows if row[0]}
    assert meta["assessment_id"] == ASSESSMENT_ID
    assert (meta["instrument_id"], meta["instrument_version"]) == ("ifa", "1.0")
    assert meta["language"] == "zh"
    assert meta["generated_at"] == "2026-11-01T09:30:00+00:00"
    assert meta["PROS-1.1"] == 3
    assert meta["PROS-1.2"] == 0


def test_scope_section_and_agency(bundle: ContentBundle, answered: dict[str, Answer]) -> None:
    assessment = ifa_assessment(answered)

    def ids(scope: Scope) -> list[str]:
        data = build_template(bundle, assessment, scope, lang="en")
        ws = questions_sheet(openpyxl.load_workbook(io.BytesIO(data), read_only=True))
        return [row[0] for row in ws.iter_rows(min_row=2, values_only=True)]

    section = ids(Scope(section_id="PREV"))
    assert section and all(qid.startswith("PREV-") for qid in section)
    assert ids(Scope(agency_id="police")) == ["COOP-1.5"]
    with pytest.raises(EmptyScopeError) as refused:
        build_template(bundle, assessment, Scope(agency_id="customs"))
    assert refused.value.key == "exchange.error.empty_scope"


def test_english_template_uses_english_names(bundle: ContentBundle) -> None:
    data = build_template(bundle, ifa_assessment(), lang="en")
    wb = openpyxl.load_workbook(io.BytesIO(data))
    assert wb.sheetnames == ["Instructions", "Questions", "Options", "Metadata"]
    rating = questions_sheet(wb).data_validations.dataValidation
    assert any(dv.formula1 == "'Options'!$A$2:$A$7" for dv in rating)


OFFICE = shutil.which("soffice") or shutil.which("libreoffice")
# CSV filter options: comma, double quote, UTF-8, start row 1, ..., -1 = every sheet to its own file
CSV_ALL_SHEETS = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"


def _office(tmp_path: Path, target: str, source: Path, out: Path) -> None:
    profile = (tmp_path / "lo-profile").as_uri()  # a private profile: no clash with a running one
    subprocess.run(
        [OFFICE or "soffice", f"-env:UserInstallation={profile}", "--headless",
         "--convert-to", target, "--outdir", str(out), str(source)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip


@pytest.mark.skipif(
    OFFICE is None,
    reason="LibreOffice (Debian libreoffice-calc-nogui) is not installed; the check is optional",
)
def test_libreoffice_reads_the_same_cells_and_its_copy_imports(
    bundle: ContentBundle, answered: dict[str, Answer], tmp_path: Path
) -> None:
    assessment = ifa_assessment(answered)
    source = tmp_path / "template.xlsx"
    source.write_bytes(build_template(bundle, assessment, lang="zh"))
    _office(tmp_path, CSV_ALL_SHEETS, source, tmp_path)
    with (tmp_path / "template-问题.csv").open(encoding="utf-8", newline="") as handle:
        seen = list(csv.reader(handle))
    ws = questions_sheet(openpyxl.load_workbook(source))
    written = [["" if v is None else str(v) for v in row] for row in ws.iter_rows(values_only=True)]
    assert seen == written  # every cell, formula-like text included (not calculated)
    _office(tmp_path, "xlsx", source, tmp_path / "resaved")
    read = read_workbook((tmp_path / "resaved" / "template.xlsx").read_bytes(), "lo.xlsx",
                         bundle, assessment)  # fmt: skip
    assert read.issues == []
    assert {i.answer.question_id: answer_key(i.answer) for i in read.incoming} == {
        qid: answer_key(answer) for qid, answer in answered.items()
    }
