"""Report wording: every string comes from the i18n files, complete in every language."""

from __future__ import annotations

import re
from dataclasses import fields, is_dataclass
from typing import Any

import pytest

from assessment.results import Results
from framework.loader import ContentBundle
from reports.context import build_context
from reports.wording import Words

PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
KEY = re.compile(r"^(report|chart)\.[a-z0-9_.-]+$")


def _report_keys(bundle: ContentBundle, lang: str) -> dict[str, str]:
    return {k: v for k, v in bundle.strings[lang].items() if k.startswith(("report.", "chart."))}


def test_report_keys_are_identical_in_every_language(bundle: ContentBundle) -> None:
    keys = {lang: set(_report_keys(bundle, lang)) for lang in bundle.language_codes}
    assert len({frozenset(k) for k in keys.values()}) == 1, keys
    assert len(keys["en"]) > 150


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_report_strings_follow_the_translation_rules(bundle: ContentBundle, lang: str) -> None:
    english = _report_keys(bundle, "en")
    for key, text in _report_keys(bundle, lang).items():
        assert KEY.match(key), key
        assert text == text.strip(), key
        assert "<" not in text and "http" not in text, key
        names = PLACEHOLDER.findall(text)
        assert all(n.isidentifier() for n in names), key
        assert set(names) == set(PLACEHOLDER.findall(english[key])), key


def _strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if is_dataclass(value):
        return [s for f in fields(value) for s in _strings(getattr(value, f.name))]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, (list, tuple)):
        return [s for v in value for s in _strings(v)]
    return []


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_no_key_is_left_untranslated_in_the_context(
    bundle: ContentBundle, demo: Results, lang: str
) -> None:
    context = build_context(bundle, demo, lang)
    leaked = [s for s in _strings(context) if re.match(r"^(report|chart|pillar|band)\.\w", s)]
    assert leaked == []


def test_the_chinese_context_is_chinese(bundle: ContentBundle, demo: Results) -> None:
    context = build_context(bundle, demo, "zh")
    titles = [c.title for c in context.chapters]
    assert all(re.search("[\u4e00-\u9fff]", t) for t in titles)
    assert context.cover.country == Words(bundle, "zh").country("XVL")


def test_numbers_are_formatted_once_for_the_whole_report(bundle: ContentBundle) -> None:
    words = Words(bundle, "en")
    assert words.score(66.66666) == "66.7"
    assert words.score(None) == words.score(float("nan")) == "—"
    assert words.percent(0.5) == "50%"
    assert Words(bundle, "zh").join(["a", "b", "c"]) == "a；b；c"
    assert words.join(["a", "", "b"]) == "a; b"
