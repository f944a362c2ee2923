"""Shared set-up of the results pages' AppTests (dashboard, recommendations, reports, compare).

``demo_store`` points the app at a fresh SQLite file (the demo assessments are seeded on first
use) and clears Streamlit's process-wide caches before and after, so the store of another test
module is never reused. ``open_page`` runs the real ``app.py`` with an assessment open and the
language set through the URL, then switches to the page under test.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from assessment.results import compute_results
from framework.i18n import translate
from ui import cache, state

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "app.py"
LANGS = ("en", "zh")
BASELINE = "demo-xvl-ifa-2025"
FOLLOW_UP = "demo-xvl-ifa-2026"
GUIDE = "demo-xvl-guide-2026"
CURRENT_KEY = state._CURRENT


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    path = tmp_path_factory.mktemp("results-pages") / "store.sqlite"
    patch = pytest.MonkeyPatch()
    patch.setenv("GAPASSESS_DB", str(path))
    patch.delenv("DATABASE_URL", raising=False)
    st.cache_resource.clear()
    st.cache_data.clear()
    try:
        yield path
    finally:
        st.cache_resource.clear()
        st.cache_data.clear()
        patch.undo()


def open_page(page: str, lang: str = "en", assessment_id: str | None = BASELINE) -> AppTest:
    """``app.py`` with ``assessment_id`` open, in ``lang``, switched to ``ui/pages/<page>.py``
    (both named in the URL, as a bookmark or a reload would)."""
    at = AppTest.from_file(str(APP), default_timeout=90)
    at.query_params[state.LANGUAGE_PARAM] = lang
    if assessment_id is not None:
        at.query_params[state.ASSESSMENT_PARAM] = assessment_id
    at.run()
    at.switch_page(f"ui/pages/{page}.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def words(key: str, lang: str, **params: object) -> str:
    return translate(key, lang, **params)


def results_of(assessment_id: str):
    """The engine's results for what the store holds now."""
    return compute_results(cache.content(), cache.store().get(assessment_id))


def markdown_text(at: AppTest) -> str:
    """Every Markdown and caption text of the page, joined (for "is it shown" checks)."""
    return "\n".join(m.value for m in [*at.markdown, *at.caption])
