"""Text people typed reaches every format as typed: no markup, no formula, nothing cut or lost."""

from __future__ import annotations

import io

import pandas as pd
import pytest
from openpyxl import load_workbook

from assessment import frames as F
from assessment.results import Results
from framework.loader import ContentBundle
from reports.document import Cell, Table
from reports.fonts import PLACEHOLDER, drawable
from reports.pdf_layout import ReportPDF
from reports.pdf_table import draw_table
from reports.tables import build_csv, build_xlsx, neutralise
from tests.reports.conftest import (
    FORMULAS,
    HOSTILE,
    LONG_WORDS,
    UNBROKEN,
    BuiltPdf,
    page_texts,
    squeeze,
)


def _gap_question(hostile: Results) -> str:
    frame = hostile.questions
    return str(frame.loc[frame[F.EVIDENCE].str.startswith(HOSTILE[:10]), F.QUESTION_ID].iloc[0])


def test_markup_and_symbols_are_printed_as_typed(hostile_pdf: BuiltPdf) -> None:
    text = hostile_pdf.text
    for typed in ("<b>bold</b>", "&amp; & 100% {name}", "<script>alert(1)</script>", "=SUM(A1)"):
        assert typed in text, typed


def test_an_emoji_becomes_a_placeholder_and_the_build_goes_on(hostile_pdf: BuiltPdf) -> None:
    assert "😀" not in hostile_pdf.text
    assert f"{PLACEHOLDER} emoji" in hostile_pdf.text


def test_five_thousand_characters_of_evidence_appear_in_full(hostile_pdf: BuiltPdf) -> None:
    """The evidence annex holds all of it; the gap register shows the start and points there."""
    first, last = hostile_pdf.report.chapter_pages["evidence"]
    annex = "".join(hostile_pdf.pages[first - 1 : last])
    assert squeeze(annex).count("evidence") >= LONG_WORDS.count("evidence")
    assert UNBROKEN in squeeze(annex)
    assert "…" in hostile_pdf.text  # the excerpt in the register


def test_action_note_and_justification_appear_in_full(hostile_pdf: BuiltPdf) -> None:
    first, last = hostile_pdf.report.chapter_pages["evidence"]
    annex = squeeze("".join(hostile_pdf.pages[first - 1 : last]))
    assert squeeze("-2 " + HOSTILE.replace("😀", PLACEHOLDER) + LONG_WORDS) in annex
    first, last = hostile_pdf.report.chapter_pages["not_applicable"]
    na = squeeze("".join(hostile_pdf.pages[first - 1 : last]))
    assert squeeze("@import " + HOSTILE.replace("😀", PLACEHOLDER)) in na


def test_a_table_row_taller_than_a_page_is_split_not_lost(
    bundle: ContentBundle, demo: Results
) -> None:
    from reports.context import build_context

    context = build_context(bundle, demo, "en")
    pdf = ReportPDF(context)
    pdf.add_page()
    long_cell = " ".join(f"w{i}" for i in range(5000))
    table = Table("gaps", ("a", "b"), ((Cell("1"), Cell(long_cell)), (Cell("2"), Cell("end"))))
    draw_table(pdf, table, (1, 9), 170)
    text = squeeze("".join(page_texts(bytes(pdf.output()))))
    assert pdf.page_no() > 2
    assert all(f"w{i}" in text for i in range(5000))
    assert text.index("w4999") < text.index("end")


def test_control_characters_never_reach_the_page() -> None:
    assert drawable("a\x00b\x07c\x1bd\r\ne\tf") == "abcd\ne    f"
    assert drawable("<b>&amp;</b>") == "<b>&amp;</b>"
    assert drawable("中文 Ünïcödé") == "中文 Ünïcödé"


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"])
def test_csv_text_that_starts_like_a_formula_is_neutralised(text: str) -> None:
    assert neutralise(text) == "'" + text
    assert neutralise(-1.5) == -1.5
    assert neutralise("plain - text") == "plain - text"


def test_hostile_text_round_trips_through_csv(bundle: ContentBundle, hostile: Results) -> None:
    frame = pd.read_csv(io.BytesIO(build_csv(bundle, hostile, "en")), encoding="utf-8-sig")
    row = frame[frame["question_id"] == _gap_question(hostile)].iloc[0]
    assert row["evidence"] == HOSTILE + LONG_WORDS + UNBROKEN
    for column, typed in FORMULAS.items():
        assert row[column] == "'" + typed
    assert pd.api.types.is_float_dtype(frame["gap_points"])


def test_hostile_text_round_trips_through_xlsx_and_no_formula_is_stored(
    bundle: ContentBundle, hostile: Results
) -> None:
    data = build_xlsx(bundle, hostile, "en")
    frame = pd.read_excel(io.BytesIO(data), sheet_name="answers")
    row = frame[frame["question_id"] == _gap_question(hostile)].iloc[0]
    assert row["evidence"] == HOSTILE + LONG_WORDS + UNBROKEN
    for column, typed in FORMULAS.items():
        assert row[column] == typed
    workbook = load_workbook(io.BytesIO(data))
    for sheet in workbook.worksheets:
        for cells in sheet.iter_rows(min_row=2):
            for cell in cells:
                assert cell.data_type != "f", (sheet.title, cell.coordinate)
                if isinstance(cell.value, str):
                    assert cell.quotePrefix, (sheet.title, cell.coordinate)
