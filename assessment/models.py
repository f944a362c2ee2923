"""What a country answered: assessments, answers and action items (pydantic, at the edges).

These models are the shape of the JSON export, of imports and of what the store returns.
Scoring works on frames built from them (``assessment.frames``), not on these objects.
"""

from __future__ import annotations

import unicodedata
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from framework.ids import INSTRUMENT_ID, QUESTION_ID, SLUG
from framework.models import Rating

# Bounds on what a person can type; documented in docs/limits.md and enforced on every import.
MAX_TEXT = 20_000
MAX_SHORT_TEXT = 500
MAX_LIST = 100

InfoValue = str | int | list[str]
QuestionId = Annotated[str, Field(pattern=QUESTION_ID)]


def utc_now() -> datetime:
    return datetime.now(UTC)


# Bidirectional overrides and isolates reorder how text is displayed ("trojan source"): the same
# set ``framework.answer_types`` drops from information answers.
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def is_stripped(ch: str) -> bool:
    """A character removed from typed text: C0/C1 controls and DEL (newline and tab are kept),
    lone surrogates and bidi overrides. They break PDFs, CSVs and terminals, or make a text
    display as something other than what is stored."""
    if ch in "\n\t":
        return False
    return ch in _BIDI_CONTROLS or unicodedata.category(ch) in {"Cc", "Cs"}


def _strip_controls(text: str) -> str:
    """``text`` without the characters of ``is_stripped``; CRLF and CR become a newline."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return "".join(ch for ch in text if not is_stripped(ch))


class AssessmentModel(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True)


class Status(StrEnum):
    DRAFT = "draft"
    FINAL = "final"


class Answer(AssessmentModel):
    """One question's answer. Absent from ``Assessment.answers`` means unanswered.

    A rated question has ``rating``; an info question has ``value`` (validated against the
    question's type by ``framework.answer_types``). ``revision`` counts saves of this answer
    and is what a stale write is checked against.
    """

    question_id: QuestionId
    rating: Rating | None = None
    value: InfoValue | None = None
    justification: str = Field(default="", max_length=MAX_TEXT)
    evidence: str = Field(default="", max_length=MAX_TEXT)
    sources: str = Field(default="", max_length=MAX_TEXT)
    agency: Annotated[str, Field(pattern=SLUG)] | None = None
    comment: str = Field(default="", max_length=MAX_TEXT)
    revision: int = Field(default=0, ge=0)
    updated_by: str = Field(default="", max_length=MAX_SHORT_TEXT)
    updated_at: datetime = Field(default_factory=utc_now)

    @field_validator("justification", "evidence", "sources", "comment", "updated_by")
    @classmethod
    def _clean_text(cls, text: str) -> str:
        return _strip_controls(text)

    @field_validator("value")
    @classmethod
    def _bounded_value(cls, value: InfoValue | None) -> InfoValue | None:
        if isinstance(value, list) and len(value) > MAX_LIST:
            raise ValueError(f"at most {MAX_LIST} items")
        if isinstance(value, str):
            if len(value) > MAX_TEXT:
                raise ValueError(f"at most {MAX_TEXT} characters")
            return _strip_controls(value)
        return value

    @model_validator(mode="after")
    def _consistent(self) -> Answer:
        if self.rating is not None and self.value is not None:
            raise ValueError("an answer has a rating or a value, not both")
        if self.rating is Rating.NOT_APPLICABLE and not self.justification.strip():
            raise ValueError("'not applicable' needs a justification")
        return self


class Priority(StrEnum):
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


class ActionStatus(StrEnum):
    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    DROPPED = "dropped"


class ActionItem(AssessmentModel):
    """An edited row of the action plan; the draft rows come from ``assessment.gaps``."""

    question_id: QuestionId
    agency: Annotated[str, Field(pattern=SLUG)] | None = None
    priority: Priority = Priority.MEDIUM
    target_date: date | None = None
    status: ActionStatus = ActionStatus.PLANNED
    note: str = Field(default="", max_length=MAX_TEXT)
    revision: int = Field(default=0, ge=0)
    updated_by: str = Field(default="", max_length=MAX_SHORT_TEXT)
    updated_at: datetime = Field(default_factory=utc_now)

    @field_validator("note", "updated_by")
    @classmethod
    def _clean_text(cls, text: str) -> str:
        return _strip_controls(text)


class Assessment(AssessmentModel):
    """One country, one instrument, one round (e.g. "baseline 2026")."""

    id: str = Field(pattern=r"^[a-z0-9-]{6,64}$")
    country: str = Field(pattern=r"^[A-Z]{3}$", description="ISO 3166-1 alpha-3, or X.. fictional")
    fictional: bool = False
    instrument_id: Annotated[str, Field(pattern=INSTRUMENT_ID)]
    instrument_version: str = Field(pattern=r"^\d+\.\d+(\.\d+)?$")
    title: str = Field(default="", max_length=MAX_SHORT_TEXT)
    round_label: str = Field(default="", max_length=MAX_SHORT_TEXT)
    assessors: list[Annotated[str, Field(max_length=MAX_SHORT_TEXT)]] = Field(
        default_factory=list, max_length=MAX_LIST
    )
    status: Status = Status.DRAFT
    created_at: datetime = Field(default_factory=utc_now)
    updated_at: datetime = Field(default_factory=utc_now)
    version: int = Field(default=0, ge=0)
    answers: dict[str, Answer] = Field(default_factory=dict)
    actions: dict[str, ActionItem] = Field(default_factory=dict)

    @field_validator("title", "round_label")
    @classmethod
    def _clean_text(cls, text: str) -> str:
        return _strip_controls(text)

    @field_validator("assessors")
    @classmethod
    def _clean_names(cls, names: list[str]) -> list[str]:
        return [_strip_controls(name) for name in names]

    @model_validator(mode="after")
    def _keys_match(self) -> Assessment:
        for key, answer in self.answers.items():
            if key != answer.question_id:
                raise ValueError(f"answers[{key!r}] holds question {answer.question_id!r}")
        for key, item in self.actions.items():
            if key != item.question_id:
                raise ValueError(f"actions[{key!r}] holds question {item.question_id!r}")
        return self
