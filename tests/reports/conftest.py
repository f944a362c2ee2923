"""Session fixtures: the demo's results, a hostile variant, and each report built once.

Building a PDF takes about a second, so every report the tests read is built here once per
session (per language) and shared; tests only read the bytes and their extracted text.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pypdfium2 as pdfium
import pytest

from assessment.demo import demo_assessment
from assessment.models import ActionItem, Assessment
from assessment.results import Results, compute_results
from framework.loader import ContentBundle, load_content
from framework.models import QuestionKind, Rating
from reports.context import build_context
from reports.document import ReportContext
from reports.pdf import PdfReport, render_pdf

LANGS = ("en", "zh")
HOSTILE = (
    "<b>bold</b> &amp; & 100% {name} \\n <script>alert(1)</script> =SUM(A1) 😀 emoji, tab\there, "
)
LONG_WORDS = "evidence " * 560  # about 5,000 characters
UNBROKEN = "X" * 700  # a "word" wider than any column or line
FORMULAS = {
    "comment": '=HYPERLINK("http://evil.example","click")',
    "sources": "+cmd|' /C calc'!A0",
}


@dataclass(frozen=True)
class BuiltPdf:
    context: ReportContext
    report: PdfReport
    pages: list[str]

    @property
    def text(self) -> str:
        return "\n".join(self.pages)


def page_texts(data: bytes) -> list[str]:
    """The text of every page, as pdfium (the engine of Chrome and Edge) extracts it."""
    document = pdfium.PdfDocument(data)
    try:
        return [page.get_textpage().get_text_range() for page in document]
    finally:
        document.close()


def squeeze(text: str) -> str:
    """Text without whitespace: compares strings however the layout broke their lines."""
    return "".join(text.split())


@pytest.fixture(scope="session")
def bundle() -> ContentBundle:
    return load_content()


@pytest.fixture(scope="session")
def demo(bundle: ContentBundle) -> Results:
    return compute_results(bundle, demo_assessment(bundle, "ifa", "baseline"))


def hostile_assessment(bundle: ContentBundle) -> Assessment:
    """The demo with hostile text in a gap's evidence, an N/A justification and a note."""
    base = demo_assessment(bundle, "ifa", "baseline")
    instrument = bundle.instruments["ifa"]
    rated = [q.id for q in instrument.questions() if q.kind is QuestionKind.RATED]
    gap_id, na_id = rated[0], rated[1]
    answers = dict(base.answers)
    answers[gap_id] = answers[gap_id].model_copy(
        update={
            "rating": Rating.NOT_IN_PLACE,
            "evidence": HOSTILE + LONG_WORDS + UNBROKEN,
            **FORMULAS,
        }
    )
    answers[na_id] = answers[na_id].model_copy(
        update={"rating": Rating.NOT_APPLICABLE, "justification": "@import " + HOSTILE}
    )
    actions = dict(base.actions)
    actions[gap_id] = ActionItem(question_id=gap_id, note="-2 " + HOSTILE + LONG_WORDS)
    return base.model_copy(update={"answers": answers, "actions": actions})


@pytest.fixture(scope="session")
def hostile(bundle: ContentBundle) -> Results:
    return compute_results(bundle, hostile_assessment(bundle))


def _build(bundle: ContentBundle, results: Results, lang: str) -> BuiltPdf:
    context = build_context(bundle, results, lang)
    report = render_pdf(context)
    return BuiltPdf(context, report, page_texts(report.data))


@pytest.fixture(scope="session")
def demo_pdf(bundle: ContentBundle, demo: Results) -> Callable[[str], BuiltPdf]:
    """The demo report in a language, built on first use and kept for the session."""
    cache: dict[str, BuiltPdf] = {}

    def get(lang: str) -> BuiltPdf:
        if lang not in cache:
            cache[lang] = _build(bundle, demo, lang)
        return cache[lang]

    return get


@pytest.fixture(scope="session")
def hostile_pdf(bundle: ContentBundle, hostile: Results) -> BuiltPdf:
    return _build(bundle, hostile, "en")
