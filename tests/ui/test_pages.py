"""Every registered page opens in every language, with and without an open assessment, and
the language switch relabels the app (house style rule 7: the tests follow the registry)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from streamlit.testing.v1 import AppTest

from framework.i18n import translate
from framework.loader import load_content
from tests.ui.ui_helpers import goto, new_assessment, no_exception, open_assessment, start
from ui import registry

LANGS = load_content().language_codes


@pytest.mark.parametrize("lang", LANGS)
def test_every_page_opens(app: Callable[..., AppTest], lang: str) -> None:
    at = app(lang)
    no_exception(at)
    for spec in registry.PAGES:
        goto(at, spec.id)
        no_exception(at)
        assert [t.value for t in at.title][:1] == [translate(spec.title_key, lang)], spec.id


@pytest.mark.parametrize("lang", LANGS)
def test_every_page_opens_with_an_assessment_open(app: Callable[..., AppTest], lang: str) -> None:
    at = open_assessment(app(lang), new_assessment("guide"))
    for spec in registry.PAGES:
        goto(at, spec.id)
        no_exception(at)


def test_every_page_has_a_title_and_help_in_every_language() -> None:
    strings = load_content().strings
    for spec in registry.PAGES:
        for lang in LANGS:
            assert strings[lang].get(spec.title_key), (lang, spec.title_key)
            assert strings[lang].get(spec.help_key), (lang, spec.help_key)
        assert spec.path.exists(), spec.script


def test_the_language_switch_relabels_the_app(db: object) -> None:
    at = start("en")
    assert at.title[0].value == "Assessments"
    at.sidebar.radio(key="ui:lang").set_value("zh").run()
    assert at.title[0].value == translate("page.home.title", "zh")
    assert at.sidebar.radio(key="ui:lang").label == translate("sidebar.language", "zh")
    assert at.query_params["lang"] == ["zh"] or at.query_params["lang"] == "zh"
    goto(at, "library")
    assert at.title[0].value == translate("page.library.title", "zh")


@pytest.mark.parametrize(("locale", "expected"), [("zh-CN", "zh"), ("en-US", "en"), ("fr", "en")])
def test_the_browser_locale_picks_the_first_language(
    db: object, locale: str, expected: str
) -> None:
    at = start("", locale=locale)
    assert at.sidebar.radio(key="ui:lang").value == expected
