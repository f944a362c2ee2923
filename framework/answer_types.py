"""Typed validation of answers to info questions (facts that describe the situation, never scored).

An info question declares an ``answer_type`` (``framework.models.InfoType``). Answers come from web
forms, imports and the API, so they arrive as loosely typed values: ``"12"`` for a count, a
full-width ``"２０１９"`` typed with a Chinese input method, a list of ids from a multiselect.
``validate_info_value`` turns each into one canonical, storable value or refuses it.

Why refuse rather than coerce silently: an info answer ends up in the report's context section
next to the scores, and a wrong fact there (a year 20019, a negative case count, an agency id that
no longer exists) misleads readers more than a missing one. Refusals carry a message *key* and
*params*, never English prose, so the UI can show them in the session language.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from typing import Final

from framework.models import InfoType, Question, QuestionKind

MAX_TEXT_LENGTH: Final = 5_000
"""Longest text answer, in characters after cleaning: enough for a page of narrative evidence,
small enough that one answer cannot bloat a saved assessment or a PDF report."""

MAX_INTEGER_DIGITS: Final = 15
"""Counts beyond 10**15 are typing errors, and long digit strings are refused before ``int()``
so that a pasted megabyte of digits costs nothing."""

DEFAULT_YEAR_MIN: Final = 1900
DEFAULT_YEAR_MAX: Final = 2100
"""Bounds for a year question whose content sets none (content normally sets 1990-2100)."""

MAX_ECHO_LENGTH: Final = 60
"""A refused value is echoed back in the message params, cut to this length."""

ERROR_KEYS: Final = (
    "info.not_info_question",
    "info.empty",
    "info.not_text",
    "info.too_long",
    "info.not_integer",
    "info.not_year",
    "info.out_of_range",
    "info.below_minimum",
    "info.above_maximum",
    "info.not_choice",
    "info.unknown_choice",
    "info.not_list",
    "info.unknown_agency",
)
"""Every message key this module raises; the UI string files must define each one."""

_INTEGER = re.compile(rf"^[+-]?[0-9]{{1,{MAX_INTEGER_DIGITS}}}$")

# Bidirectional overrides and isolates reorder how text is displayed without changing what it
# says ("trojan source"), so a report could show a different fact from the one stored.
_BIDI_CONTROLS: Final = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_KEPT_CONTROLS: Final = frozenset("\n\t")


class InfoValueError(ValueError):
    """An info answer that does not fit its question's type.

    ``key`` is a dotted UI-string key (one of ``ERROR_KEYS``); ``params`` fill its placeholders
    (``{maximum}``, ``{value}`` ...). The exception text is for logs only.
    """

    def __init__(self, key: str, **params: str | int) -> None:
        self.key = key
        self.params: dict[str, str | int] = params
        detail = ", ".join(f"{name}={value!r}" for name, value in sorted(params.items()))
        super().__init__(f"{key}({detail})" if detail else key)


def clean_text(text: str) -> str:
    """Text as stored: NFC-normalised, ``\\r\\n`` unified, control characters removed.

    Newline and tab are kept (they structure an answer). Other C0/C1 controls, lone surrogates
    and bidi overrides are dropped: they are invisible in the app, break XML/PDF export, and can
    make a report display something other than what was entered.
    """
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    return "".join(
        ch
        for ch in text
        if ch in _KEPT_CONTROLS
        or (unicodedata.category(ch) not in {"Cc", "Cs"} and ch not in _BIDI_CONTROLS)
    ).strip()


def _echo(value: object) -> str:
    shown = str(value)
    return shown if len(shown) <= MAX_ECHO_LENGTH else shown[: MAX_ECHO_LENGTH - 1] + "…"


def _validate_text(value: object) -> str:
    if not isinstance(value, str):
        raise InfoValueError("info.not_text")
    text = clean_text(value)
    if not text:
        raise InfoValueError("info.empty")
    if len(text) > MAX_TEXT_LENGTH:
        raise InfoValueError("info.too_long", maximum=MAX_TEXT_LENGTH, length=len(text))
    return text


def _parse_integer(value: object, error_key: str) -> int:
    """An ``int`` from an int, an integral float, or a decimal string; never from a bool.

    ``bool`` is a subclass of ``int`` in Python, but ``True`` as a case count is a bug upstream,
    not the number 1. Strings are NFKC-normalised first, so full-width digits from East Asian
    input methods are read as the digits they show; thousands separators are refused because
    ``1,234`` and ``1.234`` mean different numbers in different locales.
    """
    if isinstance(value, bool):
        raise InfoValueError(error_key, value=_echo(value))
    if isinstance(value, int):
        number = value
    elif isinstance(value, float):
        if not value.is_integer():
            raise InfoValueError(error_key, value=_echo(value))
        number = int(value)
    elif isinstance(value, str):
        text = unicodedata.normalize("NFKC", value).strip()
        if not text:
            raise InfoValueError("info.empty")
        if not _INTEGER.match(text):
            raise InfoValueError(error_key, value=_echo(value))
        number = int(text)
    else:
        raise InfoValueError(error_key, value=_echo(value))
    if abs(number) >= 10**MAX_INTEGER_DIGITS:
        raise InfoValueError(error_key, value=_echo(value))
    return number


def _check_range(number: int, minimum: int | None, maximum: int | None) -> int:
    """``number`` if within bounds; each refusal key has a fixed set of params.

    A UI string such as "between {minimum} and {maximum}" cannot be filled when one bound is
    missing, so a one-sided bound gets its own key instead of a partly filled one.
    """
    too_low = minimum is not None and number < minimum
    too_high = maximum is not None and number > maximum
    if not (too_low or too_high):
        return number
    if minimum is not None and maximum is not None:
        raise InfoValueError("info.out_of_range", value=number, minimum=minimum, maximum=maximum)
    if minimum is not None:
        raise InfoValueError("info.below_minimum", value=number, minimum=minimum)
    raise InfoValueError("info.above_maximum", value=number, maximum=maximum or 0)


def _as_id_list(value: object) -> list[str]:
    """Ids from a multiselect: a list/tuple/set of strings, or one string for a single pick."""
    if isinstance(value, str):
        items: Iterable[object] = [value]
    elif isinstance(value, list | tuple | set | frozenset):
        items = value
    else:
        raise InfoValueError("info.not_list")
    ids = []
    for item in items:
        if not isinstance(item, str):
            raise InfoValueError("info.not_list")
        cleaned = clean_text(item)
        if cleaned:
            ids.append(cleaned)
    if not ids:
        raise InfoValueError("info.empty")
    return ids


def _validate_choice(question: Question, value: object) -> str:
    if not isinstance(value, str):
        raise InfoValueError("info.not_choice")
    choice = clean_text(value)
    if not choice:
        raise InfoValueError("info.empty")
    if choice not in {c.id for c in question.choices}:
        raise InfoValueError("info.unknown_choice", value=_echo(choice))
    return choice


def _validate_multi_choice(question: Question, value: object) -> list[str]:
    """The picked ids in the question's own choice order, so equal answers compare equal."""
    picked = set(_as_id_list(value))
    known = [c.id for c in question.choices]
    unknown = sorted(picked.difference(known))
    if unknown:
        raise InfoValueError("info.unknown_choice", value=_echo(unknown[0]))
    return [choice for choice in known if choice in picked]


def _validate_agency_list(value: object, agency_ids: set[str] | frozenset[str]) -> list[str]:
    """Agency ids in the order given (a lead agency is often named first), duplicates dropped."""
    ids = list(dict.fromkeys(_as_id_list(value)))
    unknown = [agency for agency in ids if agency not in agency_ids]
    if unknown:
        raise InfoValueError("info.unknown_agency", value=_echo(unknown[0]))
    return ids


def validate_info_value(
    question: Question, value: object, agency_ids: set[str] | frozenset[str]
) -> str | int | list[str]:
    """The canonical stored form of ``value`` as an answer to ``question``.

    - ``text``: cleaned string, at most ``MAX_TEXT_LENGTH`` characters;
    - ``integer`` / ``year``: ``int`` within the question's ``minimum``/``maximum`` (years
      default to 1900-2100 when content sets no bounds);
    - ``choice``: one choice id; ``multi_choice``: list of choice ids in the question's order;
    - ``agency_list``: list of ids from the agency catalogue (``agency_ids``), order kept.

    Blank input raises ``info.empty``: an unanswered info question is the absence of an answer,
    and the caller decides whether that clears a stored value.

    Raises ``InfoValueError`` (a ``ValueError``) with a message key and params.
    """
    if question.kind is not QuestionKind.INFO or question.answer_type is None:
        raise InfoValueError("info.not_info_question", question=question.id)
    if value is None:
        raise InfoValueError("info.empty")
    answer_type = question.answer_type
    if answer_type is InfoType.TEXT:
        return _validate_text(value)
    if answer_type is InfoType.INTEGER:
        number = _parse_integer(value, "info.not_integer")
        return _check_range(number, question.minimum, question.maximum)
    if answer_type is InfoType.YEAR:
        year = _parse_integer(value, "info.not_year")
        minimum = DEFAULT_YEAR_MIN if question.minimum is None else question.minimum
        maximum = DEFAULT_YEAR_MAX if question.maximum is None else question.maximum
        return _check_range(year, minimum, maximum)
    if answer_type is InfoType.CHOICE:
        return _validate_choice(question, value)
    if answer_type is InfoType.MULTI_CHOICE:
        return _validate_multi_choice(question, value)
    return _validate_agency_list(value, agency_ids)


def validate_info_answers(
    questions: Mapping[str, Question],
    values: Mapping[str, object],
    agency_ids: set[str] | frozenset[str],
) -> tuple[dict[str, str | int | list[str]], dict[str, InfoValueError]]:
    """Validate several answers at once (an import, a saved form): (accepted, refused by id).

    Unknown question ids are refused with ``info.not_info_question`` so that nothing is dropped
    without a trace.
    """
    accepted: dict[str, str | int | list[str]] = {}
    refused: dict[str, InfoValueError] = {}
    for question_id, value in values.items():
        question = questions.get(question_id)
        if question is None:
            refused[question_id] = InfoValueError("info.not_info_question", question=question_id)
            continue
        try:
            accepted[question_id] = validate_info_value(question, value, agency_ids)
        except InfoValueError as exc:
            refused[question_id] = exc
    return accepted, refused
