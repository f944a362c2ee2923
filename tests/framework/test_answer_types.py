"""Typed validation of info answers: good and bad values for every answer type."""

from __future__ import annotations

from typing import Any

import pytest

from framework.answer_types import (
    ERROR_KEYS,
    MAX_TEXT_LENGTH,
    InfoValueError,
    clean_text,
    validate_info_answers,
    validate_info_value,
)
from framework.models import InfoType, Question

AGENCIES = frozenset({"police", "border_police", "prosecution", "judiciary", "coast_guard"})


def _question(answer_type: InfoType | None, **extra: Any) -> Question:
    data: dict[str, Any] = {
        "id": "AG-1.1.1",
        "kind": "info" if answer_type else "rated",
        "text": {"en": "Q", "zh": "问"},
        "guidance": {"en": "G", "zh": "指"},
        "pillar": "prosecution",
        "dimension": "operational",
        "obligation": "good_practice",
        "provenance": {"source": "test", "verified": False},
        **extra,
    }
    if answer_type:
        data["answer_type"] = answer_type.value
    return Question.model_validate(data)


TEXT = _question(InfoType.TEXT)
COUNT = _question(InfoType.INTEGER, minimum=0)
BOUNDED = _question(InfoType.INTEGER, minimum=0, maximum=99)
CAPPED = _question(InfoType.INTEGER, maximum=10)
UNBOUNDED = _question(InfoType.INTEGER)
YEAR = _question(InfoType.YEAR, minimum=1990, maximum=2100)
YEAR_DEFAULT = _question(InfoType.YEAR)
_ROUTES = [
    {"id": "land", "label": {"en": "Land", "zh": "陆路"}},
    {"id": "sea", "label": {"en": "Sea", "zh": "海路"}},
    {"id": "air", "label": {"en": "Air", "zh": "空路"}},
]
CHOICE = _question(InfoType.CHOICE, choices=_ROUTES)
MULTI = _question(InfoType.MULTI_CHOICE, choices=_ROUTES)
AGENCY = _question(InfoType.AGENCY_LIST)


def _key(question: Question, value: object) -> str:
    with pytest.raises(InfoValueError) as caught:
        validate_info_value(question, value, AGENCIES)
    assert caught.value.key in ERROR_KEYS
    return caught.value.key


# --- good values -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "value", "expected"),
    [
        (TEXT, "Mostly by land, via the north.", "Mostly by land, via the north."),
        (TEXT, "  padded  ", "padded"),
        (TEXT, "line 1\r\nline 2\tcol", "line 1\nline 2\tcol"),
        (TEXT, "bell\x07 and nul\x00 and bidi\u202e gone", "bell and nul and bidi gone"),
        (TEXT, "陆路为主，经北部边境。", "陆路为主，经北部边境。"),
        (TEXT, "x" * MAX_TEXT_LENGTH, "x" * MAX_TEXT_LENGTH),
        (COUNT, 12, 12),
        (COUNT, "12", 12),
        (COUNT, " 0 ", 0),
        (COUNT, "+7", 7),
        (COUNT, 3.0, 3),
        (COUNT, "１２", 12),  # full-width digits from a Chinese input method
        (BOUNDED, 99, 99),
        (UNBOUNDED, "-5", -5),
        (CAPPED, -40, -40),
        (YEAR, 2019, 2019),
        (YEAR, "2019", 2019),
        (YEAR, 1990, 1990),
        (YEAR, "２１００", 2100),
        (YEAR_DEFAULT, 1950, 1950),
        (CHOICE, "sea", "sea"),
        (CHOICE, " air ", "air"),
        (MULTI, ["air", "land"], ["land", "air"]),  # the question's own order
        (MULTI, ["sea", "sea"], ["sea"]),
        (MULTI, "land", ["land"]),
        (MULTI, ("land", "sea", "air"), ["land", "sea", "air"]),
        (AGENCY, ["prosecution", "police"], ["prosecution", "police"]),  # order kept
        (AGENCY, ["police", "police", "judiciary"], ["police", "judiciary"]),
        (AGENCY, "coast_guard", ["coast_guard"]),
    ],
)
def test_good_values_are_normalised(question: Question, value: object, expected: object) -> None:
    assert validate_info_value(question, value, AGENCIES) == expected


# --- bad values --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "value", "key"),
    [
        (TEXT, 12, "info.not_text"),
        (TEXT, ["a"], "info.not_text"),
        (TEXT, "   ", "info.empty"),
        (TEXT, "\x00\x01", "info.empty"),
        (TEXT, None, "info.empty"),
        (TEXT, "x" * (MAX_TEXT_LENGTH + 1), "info.too_long"),
        (COUNT, True, "info.not_integer"),
        (COUNT, False, "info.not_integer"),
        (COUNT, "12.5", "info.not_integer"),
        (COUNT, 12.5, "info.not_integer"),
        (COUNT, "1,234", "info.not_integer"),
        (COUNT, "twelve", "info.not_integer"),
        (COUNT, "1e3", "info.not_integer"),
        (COUNT, "9" * 400, "info.not_integer"),
        (COUNT, 10**20, "info.not_integer"),
        (COUNT, [12], "info.not_integer"),
        (COUNT, "", "info.empty"),
        (COUNT, -1, "info.below_minimum"),
        (COUNT, "-3", "info.below_minimum"),
        (BOUNDED, 100, "info.out_of_range"),
        (BOUNDED, -1, "info.out_of_range"),
        (CAPPED, 11, "info.above_maximum"),
        (YEAR, "20019", "info.out_of_range"),
        (YEAR, 1989, "info.out_of_range"),
        (YEAR, 2101, "info.out_of_range"),
        (YEAR, "2019.5", "info.not_year"),
        (YEAR, True, "info.not_year"),
        (YEAR, "MMXIX", "info.not_year"),
        (YEAR_DEFAULT, 1899, "info.out_of_range"),
        (CHOICE, "rail", "info.unknown_choice"),
        (CHOICE, ["sea"], "info.not_choice"),
        (CHOICE, 1, "info.not_choice"),
        (CHOICE, " ", "info.empty"),
        (MULTI, ["land", "rail"], "info.unknown_choice"),
        (MULTI, [], "info.empty"),
        (MULTI, [1, 2], "info.not_list"),
        (MULTI, {"land": True}, "info.not_list"),
        (AGENCY, ["police", "army"], "info.unknown_agency"),
        (AGENCY, "army", "info.unknown_agency"),
        (AGENCY, [], "info.empty"),
        (AGENCY, ["", "  "], "info.empty"),
        (AGENCY, [None], "info.not_list"),
        (AGENCY, 5, "info.not_list"),
    ],
)
def test_bad_values_are_refused_with_a_key(question: Question, value: object, key: str) -> None:
    assert _key(question, value) == key


def test_out_of_range_names_the_bounds() -> None:
    with pytest.raises(InfoValueError) as caught:
        validate_info_value(YEAR, 1980, AGENCIES)
    assert caught.value.params == {"value": 1980, "minimum": 1990, "maximum": 2100}


@pytest.mark.parametrize(
    ("question", "value", "params"),
    [
        (COUNT, -1, {"value": -1, "minimum": 0}),
        (CAPPED, 12, {"value": 12, "maximum": 10}),
        (BOUNDED, 120, {"value": 120, "minimum": 0, "maximum": 99}),
    ],
)
def test_each_range_key_has_fixed_params(question: Question, value: int, params: dict) -> None:
    with pytest.raises(InfoValueError) as caught:
        validate_info_value(question, value, AGENCIES)
    assert caught.value.params == params


def test_too_long_names_the_limit() -> None:
    with pytest.raises(InfoValueError) as caught:
        validate_info_value(TEXT, "y" * (MAX_TEXT_LENGTH + 10), AGENCIES)
    assert caught.value.params == {"maximum": MAX_TEXT_LENGTH, "length": MAX_TEXT_LENGTH + 10}


def test_refused_value_is_echoed_short() -> None:
    with pytest.raises(InfoValueError) as caught:
        validate_info_value(CHOICE, "r" * 500, AGENCIES)
    assert len(str(caught.value.params["value"])) <= 60


def test_info_value_error_is_a_value_error() -> None:
    assert issubclass(InfoValueError, ValueError)
    assert str(InfoValueError("info.empty")) == "info.empty"


def test_rated_question_takes_no_info_value() -> None:
    assert _key(_question(None), "anything") == "info.not_info_question"


def test_clean_text_keeps_newlines_and_tabs_only() -> None:
    assert clean_text("a\u0085b\u200ec\n\td") == "ab\u200ec\n\td"  # NEL (C1) dropped, LRM kept


def test_batch_validation_splits_accepted_and_refused() -> None:
    questions = {"AG-1.1.1": COUNT}
    accepted, refused = validate_info_answers(
        questions, {"AG-1.1.1": "4", "AG-9.9.9": "x"}, AGENCIES
    )
    assert accepted == {"AG-1.1.1": 4}
    assert refused["AG-9.9.9"].key == "info.not_info_question"


def test_every_error_key_is_dotted_and_unique() -> None:
    assert len(set(ERROR_KEYS)) == len(ERROR_KEYS)
    assert all(key.startswith("info.") for key in ERROR_KEYS)
