"""Line breaking: lines fit their box, Chinese punctuation never starts a line, nothing is lost."""

from __future__ import annotations

import pytest
from fpdf import FPDF

from reports.fonts import PDF_FAMILY
from reports.pdf_layout import add_report_font
from reports.pdf_text import NO_LINE_START, Measure, wrap


@pytest.fixture(scope="module")
def measure() -> Measure:
    pdf = FPDF(unit="mm")
    add_report_font(pdf)
    pdf.set_font(PDF_FAMILY, size=9)
    return Measure(pdf, 9)


@pytest.mark.parametrize(
    "text",
    [
        "The State shall adopt such legislative and other measures as may be necessary " * 8,
        "各缔约国均应采取必要的立法和其他措施，将下列故意行为规定为刑事犯罪：" * 6,
        "word " * 50 + "Y" * 400 + " tail",
        "中文和English混排的句子（包括括号）。" * 10,
    ],
)
def test_every_line_fits_and_no_character_is_lost(measure: Measure, text: str) -> None:
    lines = wrap(text, 60, measure)
    assert all(measure(line) <= 60 + 1e-6 for line in lines)
    assert "".join("".join(lines).split()) == "".join(text.split())


def test_chinese_closing_punctuation_never_starts_a_line(measure: Measure) -> None:
    text = "各缔约国均应采取必要的立法和其他措施，将下列故意行为规定为刑事犯罪。" * 12
    for width in (30, 41, 57, 80):
        lines = wrap(text, width, measure)
        assert all(line[0] not in NO_LINE_START for line in lines[1:] if line)


def test_english_breaks_between_words(measure: Measure) -> None:
    lines = wrap("alpha beta gamma delta epsilon zeta eta theta " * 5, 40, measure)
    words = {"alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta"}
    assert all(set(line.split()) <= words for line in lines)


def test_newlines_are_kept_and_blank_lines_too(measure: Measure) -> None:
    assert wrap("one\n\ntwo", 100, measure) == ["one", "", "two"]
