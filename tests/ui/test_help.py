"""The Help page renders the method data: every rating, weight, band threshold, the coverage
rule and the red-flag cap, in every language (house style rule 9), plus storage and privacy."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from streamlit.testing.v1 import AppTest

from framework.loader import load_content
from tests.ui.ui_helpers import goto, no_exception

METHOD = load_content().method


def _text(at: AppTest) -> str:
    tables = " ".join(t.value.to_string() for t in at.table)
    return " ".join([*(m.value for m in at.markdown), *(c.value for c in at.caption), tables])


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_method_is_stated_in_full(app: Callable[..., AppTest], lang: str) -> None:
    at = goto(app(lang), "help")
    no_exception(at)
    shown = _text(at)
    for level in METHOD.ratings:
        assert level.label.get(lang) in shown
        assert level.description.get(lang)[:30] in shown
    for weight in METHOD.weights.values():
        assert f"**{weight:g}**" in shown
    for band in METHOD.bands:
        assert band.label.get(lang) in shown
        assert f"{band.minimum:g}" in shown or band.minimum == 0
    for entry in METHOD.text.values():
        assert entry.get(lang)[:30] in shown
    assert f"{100 * METHOD.provisional_below_coverage:.0f}" in shown


def test_storage_and_privacy_are_explained(app: Callable[..., AppTest], db: object) -> None:
    at = goto(app("en"), "help")
    shown = _text(at)
    assert str(db) in shown.replace("\\", "")
    assert "Nothing leaves this computer" in shown
