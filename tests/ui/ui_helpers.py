"""AppTest helpers shared by the UI tests: start the real ``app.py``, move between pages, look
at the database the app writes to (through a separate ``Store``, not the app's cached one).

``AppTest.from_file`` paths are relative to the file that calls it, so the app's path is
resolved here from this file; the default timeout is raised to 30 s (the first run imports
pandas, plotly and the content).
"""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from framework.i18n import translate
from ui import registry

APP = str(Path(__file__).resolve().parents[2] / "app.py")
TIMEOUT = 30


def start(lang: str = "en", locale: str | None = None) -> AppTest:
    """The app, first run done, with ``?lang=`` (or only a browser locale when lang is '')."""
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    if lang:
        at.query_params["lang"] = lang
    if locale:
        at.context["locale"] = locale
    return at.run()


def goto(at: AppTest, page_id: str) -> AppTest:
    return at.switch_page(registry.page(page_id).script).run()


def no_exception(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]


def after_callback(at: AppTest) -> AppTest:
    """A widget callback may rerun only some fragments; AppTest then holds only those. Run the
    whole script again to look at the full page."""
    return at.run()


def new_assessment(instrument_id: str = "ifa", country: str = "XNM") -> str:
    """A fresh, unanswered assessment written straight into the test database; its id."""
    from assessment.store import Store

    store = Store.from_env()
    try:
        return store.create_assessment(
            country=country, instrument_id=instrument_id, user="test", round_label="test round"
        ).id
    finally:
        store.close()


def stored(assessment_id: str):
    """The assessment as the database holds it now (read with a new store, not the app's)."""
    from assessment.store import Store

    store = Store.from_env()
    try:
        return store.get(assessment_id)
    finally:
        store.close()


def open_assessment(at: AppTest, assessment_id: str) -> AppTest:
    """Pick ``assessment_id`` on Home and open it in the questionnaire, as a person would.

    The button calls ``st.switch_page``; AppTest keeps requesting the page it was told to run
    last, so the questionnaire is then requested explicitly to keep later runs on it."""
    goto(at, "home")
    at.selectbox(key="home:pick").set_value(assessment_id)
    at.button(key="home:open").click().run()
    assert [t.value for t in at.title][:1] == [translate("page.questionnaire.title", _lang(at))]
    return goto(at, "questionnaire")


def _lang(at: AppTest) -> str:
    return str(at.query_params.get("lang") or "en")
