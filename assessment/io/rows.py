"""One answer row from an exchanged file (Excel questionnaire or Kobo export) -> an ``Answer``.

Both readers hand this module the raw cells of a row keyed by field (``rating``, ``value``,
``justification``, ``evidence``, ``sources``, ``agency``, ``comment``); it validates them the
same way for both and names the field and the reason (an i18n key) when it refuses.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from dataclasses import field as default

from pydantic import ValidationError

from assessment.errors import problems_from_validation
from assessment.io.labels import Labels, split_list
from assessment.models import Answer
from framework.answer_types import InfoValueError, clean_text, validate_info_value
from framework.models import InfoType, Question, QuestionKind, Rating

FIELDS = ("rating", "value", "justification", "evidence", "sources", "agency", "comment")
TEXT_FIELDS = ("justification", "evidence", "sources", "comment")
Params = dict[str, str | int]


@dataclass(frozen=True)
class RowIssue:
    """A refused row, or a refused file when ``row`` is None. ``key`` is an i18n key."""

    source: str
    row: int | None
    key: str
    question_id: str = ""
    field: str = ""
    params: Params = default(default_factory=dict)


@dataclass(frozen=True)
class Incoming:
    """A valid answer read from ``source`` at ``row``.

    ``base_revision``: the stored answer's revision when the file was prepared (Excel template;
    0 = it was unanswered), None when unknown (Kobo). ``prefilled``: the ``fingerprint`` of what
    the template row held, so an untouched row is not mistaken for a change. ``as_of``: when
    the source was prepared or submitted; used to spot answers saved in the app since then.
    """

    source: str
    row: int
    answer: Answer
    base_revision: int | None = None
    prefilled: str | None = None
    as_of: dt.datetime | None = None


@dataclass
class SourceRead:
    """Everything read from one file: valid answers, refused rows, and blank rows skipped."""

    source: str
    incoming: list[Incoming] = default(default_factory=list)
    issues: list[RowIssue] = default(default_factory=list)
    blank_rows: int = 0

    @property
    def refused(self) -> bool:
        """True when the whole file was refused (a file-level issue)."""
        return any(issue.row is None for issue in self.issues)


class FieldError(ValueError):
    """A cell that cannot be read as its field: i18n ``key``, the ``field`` and ``params``."""

    def __init__(self, key: str, field_name: str, **params: str | int) -> None:
        self.key = key
        self.field = field_name
        self.params: Params = params
        super().__init__(f"{field_name}: {key}")


def cell_text(value: object) -> str:
    """A cell as text: numbers without a spurious ``.0``, dates as ISO, text cleaned."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    return clean_text(str(value))


def _rating(question: Question, text: str, labels: Labels) -> Rating | None:
    if question.kind is QuestionKind.INFO:
        if text:
            raise FieldError("exchange.error.rating_on_info", "rating")
        return None
    if not text:
        return None
    rating = labels.parse_rating(text)
    if rating is None:
        raise FieldError("exchange.error.rating", "rating", value=text[:60])
    return rating


def _value(question: Question, raw: object, labels: Labels) -> object:
    """The value as ``validate_info_value`` takes it: labels mapped to ids for choice types."""
    answer_type = question.answer_type
    if answer_type in {InfoType.INTEGER, InfoType.YEAR} and not isinstance(raw, str):
        return raw
    text = cell_text(raw)
    if answer_type is InfoType.CHOICE:
        return labels.parse_choice(question, text) or text
    if answer_type is InfoType.MULTI_CHOICE:
        return [labels.parse_choice(question, item) or item for item in split_list(text)]
    if answer_type is InfoType.AGENCY_LIST:
        return [labels.parse_agency(item) or item for item in split_list(text)]
    return text


def _info_value(question: Question, raw: object, labels: Labels) -> str | int | list[str] | None:
    if question.kind is QuestionKind.RATED:
        if cell_text(raw):
            raise FieldError("exchange.error.value_on_rated", "value")
        return None
    if not cell_text(raw):
        return None
    try:
        return validate_info_value(
            question, _value(question, raw, labels), set(labels.bundle.agencies)
        )
    except InfoValueError as exc:
        raise FieldError(exc.key, "value", **exc.params) from exc


def _agency(text: str, labels: Labels) -> str | None:
    if not text:
        return None
    agency = labels.parse_agency(text)
    if agency is None:
        raise FieldError("exchange.error.agency", "agency", value=text[:60])
    return agency


def answer_from_cells(
    question: Question, cells: Mapping[str, object], labels: Labels
) -> Answer | None:
    """The answer a row gives to ``question``, or None when every answer cell is blank.

    A blank row never clears a stored answer (clearing is done in the app, one answer at a
    time). Raises ``FieldError`` naming the first field that cannot be read.
    """
    texts = {name: cell_text(cells.get(name)) for name in FIELDS}
    if not any(texts.values()):
        return None
    rating = _rating(question, texts["rating"], labels)
    value = _info_value(question, cells.get("value"), labels)
    if rating is Rating.NOT_APPLICABLE and not texts["justification"]:
        raise FieldError("exchange.error.justification_missing", "justification")
    agency = _agency(texts["agency"], labels)
    try:
        return Answer(
            question_id=question.id,
            rating=rating,
            value=value,
            agency=agency,
            **{name: texts[name] for name in TEXT_FIELDS},
        )
    except ValidationError as exc:
        problem = problems_from_validation(exc)[0]
        params = {k: v for k, v in problem.params.items() if isinstance(v, str | int)}
        raise FieldError(problem.key, problem.field, **params) from exc


def stored_cells(answer: Answer | None) -> dict[str, object]:
    """The cells that would give back ``answer`` (ids, not labels; lists joined with ``;``)."""
    if answer is None:
        return {}
    value = answer.value
    return {
        "rating": answer.rating.value if answer.rating else "",
        "value": ";".join(value) if isinstance(value, list) else value,
        "agency": answer.agency or "",
        **{name: getattr(answer, name) for name in TEXT_FIELDS},
    }


def answer_key(answer: Answer | None) -> tuple[object, ...] | None:
    """What an exchanged file can change about an answer, in comparable form."""
    if answer is None:
        return None
    value = tuple(answer.value) if isinstance(answer.value, list) else answer.value
    return (
        answer.rating,
        value,
        answer.agency,
        *(clean_text(getattr(answer, name)) for name in TEXT_FIELDS),
    )


def fingerprint(answer: Answer | None) -> str:
    """A short digest of ``answer_key``: what a template row held when it was prepared."""
    key = answer_key(answer)
    if key is None:
        return ""
    canonical = json.dumps(key, default=str, ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:16]
