"""Every message key the code can raise has a UI string in every language."""

from __future__ import annotations

import pytest

from framework.answer_types import ERROR_KEYS
from framework.i18n import translate
from framework.loader import load_content


@pytest.mark.parametrize("key", ERROR_KEYS)
def test_info_error_keys_are_translated(key: str) -> None:
    for code, strings in load_content().strings.items():
        assert key in strings, f"{key} missing in {code}"


def test_translate_fills_placeholders_in_chinese() -> None:
    text = translate("info.out_of_range", "zh", value=5, minimum=1, maximum=3)
    assert text == "5 超出允许范围（1 至 3）。"


def test_translate_falls_back_to_the_key_for_an_unknown_key() -> None:
    assert translate("no.such.key", "en") == "no.such.key"
