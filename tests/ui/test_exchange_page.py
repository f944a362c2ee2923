"""The "Work offline" page: opens in every language, and a returned workbook goes through the
preview to the store only when the user saves (AppTest on the page script itself, so the test
does not depend on the page being listed in the registry yet)."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest
from streamlit.testing.v1 import AppTest

from assessment.io.excel_layout import COLUMN_KEYS
from assessment.io.excel_template import build_template
from framework import load_content
from framework.i18n import translate
from framework.models import Rating
from tests.ui.ui_helpers import new_assessment, no_exception, stored

PAGE = str(Path(__file__).resolve().parents[2] / "ui" / "pages" / "exchange.py")
RATING = COLUMN_KEYS.index("rating") + 1


def _page(lang: str = "en", assessment_id: str | None = None) -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=30)
    at.session_state["ui:lang"] = lang
    if assessment_id:
        at.session_state["ui:assessment"] = assessment_id
    return at.run()


def _filled(assessment_id: str, ratings: dict[int, str]) -> bytes:
    """The template of the stored assessment with ratings typed into rows (row -> label)."""
    data = build_template(load_content(), stored(assessment_id), lang="en")
    wb = openpyxl.load_workbook(io.BytesIO(data))
    for row, label in ratings.items():
        wb.worksheets[1].cell(row=row, column=RATING, value=label)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_opens_without_an_assessment(db: Path, lang: str) -> None:
    at = _page(lang)
    no_exception(at)
    assert at.title[0].value == translate("page.exchange.title", lang)
    assert at.info[0].value == translate("exchange.page.no_assessment", lang)
    assert len(at.get("download_button")) == 1  # the XLSForm needs no assessment


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_offers_both_downloads_for_an_open_assessment(db: Path, lang: str) -> None:
    at = _page(lang, new_assessment())
    no_exception(at)
    assert len(at.get("download_button")) == 2


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_an_agency_with_no_question_gets_no_download(db: Path, lang: str) -> None:
    at = _page(lang, new_assessment())
    at.radio(key="exchange:scope").set_value("agency").run()
    no_exception(at)
    assert at.info[0].value == translate("exchange.error.empty_scope", lang)
    assert len(at.get("download_button")) == 1


def test_upload_preview_then_save(db: Path) -> None:
    assessment_id = new_assessment()
    at = _page("en", assessment_id)
    upload = at.get("file_uploader")[0]
    upload.upload("police.xlsx", _filled(assessment_id, {2: "Fully in place", 3: "bogus"})).run()
    at.button(key="exchange:check:xlsx").click().run()
    no_exception(at)
    assert any(m.value.startswith("1 new") for m in at.markdown)
    assert stored(assessment_id).answers == {}  # the preview writes nothing
    at.button(key="exchange:save").click().run()
    no_exception(at)
    answers = stored(assessment_id).answers
    assert list(answers) == ["PROS-1.1"]
    assert answers["PROS-1.1"].rating is Rating.FULLY


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_conflict_is_decided_by_the_user(db: Path, lang: str) -> None:
    assessment_id = new_assessment()
    at = _page(lang, assessment_id)
    at.get("file_uploader")[0].set_value(
        [
            ("a.xlsx", _filled(assessment_id, {2: "Fully in place"}), "application/octet-stream"),
            ("b.xlsx", _filled(assessment_id, {2: "Not in place"}), "application/octet-stream"),
        ]
    ).run()
    at.button(key="exchange:check:xlsx").click().run()
    no_exception(at)
    assert at.button(key="exchange:save").disabled  # nothing chosen yet
    at.selectbox(key="exchange:pick:PROS-1.1").set_value("b.xlsx").run()
    at.button(key="exchange:save").click().run()
    no_exception(at)
    assert stored(assessment_id).answers["PROS-1.1"].rating is Rating.NOT_IN_PLACE
