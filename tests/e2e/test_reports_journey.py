"""The results half of the journey in real Chromium: the dashboard changes after an answer, the
PDF and CSV downloads hold the country and the engine's scores, and the Chinese switch shows
Chinese labels on the results pages.

Uses the ``server``/``page`` fixtures of ``tests/e2e/conftest.py`` (a fresh database per
module). Helpers click, then wait for the app's run to finish, in the style of Streamlit's own
``app_utils``.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest

from framework.i18n import translate

pytestmark = pytest.mark.e2e

COUNTRY = "Mexico"
ROUND = "Baseline 2026"


def keyed(page, key: str):
    """The element with widget/container key ``key`` (Streamlit adds the class st-key-<key>)."""
    return page.locator(f".st-key-{re.sub(r'[^A-Za-z0-9_-]', '-', key)}")


def wait_idle(page) -> None:
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=30_000
    )


def go(page, title: str) -> None:
    """Open a page from the sidebar navigation and wait for its title."""
    page.get_by_test_id("stSidebarNav").get_by_text(title, exact=True).click()
    page.get_by_role("heading", name=title, level=1).wait_for()
    wait_idle(page)


def metric(page, label: str) -> str:
    """The value of the ``st.metric`` labelled ``label``."""
    box = page.get_by_test_id("stMetric").filter(
        has=page.get_by_test_id("stMetricLabel").get_by_text(label, exact=True)
    )
    return box.first.get_by_test_id("stMetricValue").inner_text().strip()


def download(page, label: str, folder: Path) -> Path:
    """Click the download button ``label``; the file, built on click, saved under ``folder``.

    Streamlit gives a deferred download a new id on every rerun; a click that lands just before
    the rerun's id reaches the browser asks for the old one and fails. The user would click
    again, and so does this helper (at most three times), after the app is idle.
    """
    failure = None
    for _ in range(3):
        wait_idle(page)
        page.wait_for_timeout(300)
        with page.expect_download(timeout=60_000) as info:
            page.get_by_role("button", name=label).click()
        failure = info.value.failure()
        if failure is None:
            target = folder / info.value.suggested_filename
            info.value.save_as(target)
            return target
    raise AssertionError(f"download {label!r} failed three times: {failure}")


def pdf_text(path: Path) -> str:
    pdfium = pytest.importorskip("pypdfium2")
    document = pdfium.PdfDocument(str(path))
    try:
        return "\n".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()


def create_and_answer(page, server) -> None:
    page.goto(server.url)
    page.get_by_role("heading", name="Assessments").wait_for()
    page.get_by_role("tab", name="New assessment").click()
    keyed(page, "home:new:country").get_by_role("combobox").fill(COUNTRY)
    page.get_by_role("option", name=re.compile(rf"^{COUNTRY} \(")).click()
    keyed(page, "home:new:round").get_by_role("textbox").fill(ROUND)
    page.get_by_role("button", name="Create").click()
    page.get_by_role("heading", name="Questionnaire").wait_for()
    wait_idle(page)


def rate(page, question_id: str, rating: str) -> None:
    card = keyed(page, f"card:{question_id}")
    card.get_by_text(rating, exact=True).click()
    card.get_by_text(re.compile(r"Saved$")).wait_for()


def test_dashboard_downloads_and_chinese_labels(page, server, tmp_path: Path) -> None:
    create_and_answer(page, server)
    go(page, "Dashboard")
    assert metric(page, "Overall score") == "—", "nothing answered: a dash, never 0"

    go(page, "Questionnaire")
    rate(page, "PROS-1.2", "Partially in place")
    go(page, "Dashboard")
    assert metric(page, "Overall score") == "33.3"
    assert metric(page, "Prosecution") == "33.3"
    assert metric(page, "Protection") == "—"

    go(page, "Reports")
    pdf = download(page, "PDF report", tmp_path)
    assert pdf.name.startswith("MEX_baseline-2026_") and pdf.name.endswith("_en.pdf")
    text = pdf_text(pdf)
    assert COUNTRY in text
    assert re.search(r"Prosecution\s+33\.3", text), "the pillar's score in the summary table"

    keyed(page, "reports:csv_table").get_by_role("combobox").click()
    page.get_by_role("option", name="Scores", exact=True).click()
    wait_idle(page)
    scores_csv = download(page, "CSV table", tmp_path)
    assert scores_csv.name.startswith("MEX_baseline-2026_scores_")
    rows = list(csv.DictReader(io.StringIO(scores_csv.read_text(encoding="utf-8-sig"))))
    overall = next(r for r in rows if r["group_kind"] == "instrument")
    assert round(float(overall["score"]), 1) == 33.3
    assert next(r for r in rows if r["group_id"] == "prosecution")["group"] == "Prosecution"

    page.get_by_test_id("stSidebar").get_by_text("简体中文").click()
    page.get_by_role("heading", name=translate("page.reports.title", "zh"), level=1).wait_for()
    wait_idle(page)
    # wait_for (not is_visible, which does not wait): the buttons come after the rerun's last chunk
    page.get_by_role("button", name=translate("reports_page.format.pdf", "zh")).wait_for(
        timeout=30_000
    )
    go(page, translate("page.dashboard.title", "zh"))
    assert metric(page, translate("dashboard.overall", "zh")) == "33.3"
    assert metric(page, translate("pillar.prosecution", "zh")) == "33.3"
    page.get_by_role("heading", name=translate("report.summary.red_flags", "zh")).wait_for()
