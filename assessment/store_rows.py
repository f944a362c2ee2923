"""Rows of the store's tables <-> the pydantic models, and the store's small value types.

``ItemSpec`` describes the two per-question tables (answers, action items) once, so the store
saves, clears, refuses and records both the same way.
"""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from pydantic import ValidationError
from sqlalchemy import Row, Table

from assessment.models import MAX_SHORT_TEXT, ActionItem, Answer, Assessment
from assessment.store_schema import actions, answers

LOG = logging.getLogger(__name__)


class Kind(StrEnum):
    """What a history row is about."""

    ASSESSMENT = "assessment"
    ANSWER = "answer"
    ACTION = "action"
    ACCESS = "access"
    """A role granted or revoked, or an operation refused for lack of a role."""


class Outcome(StrEnum):
    """What happened, as recorded in the history."""

    CREATED = "created"
    SAVED = "saved"
    CLEARED = "cleared"
    REFUSED_STALE = "refused_stale"
    IMPORTED = "imported"
    DUPLICATED = "duplicated"
    DELETED = "deleted"
    SEEDED = "seeded"
    GRANTED = "granted"
    REVOKED = "revoked"
    REFUSED_ACCESS = "refused_access"


@dataclass(frozen=True)
class AssessmentSummary:
    """One line of the assessment list (no answers loaded)."""

    id: str
    country: str
    fictional: bool
    title: str
    round_label: str
    instrument_id: str
    instrument_version: str
    status: str
    created_at: datetime
    updated_at: datetime
    version: int
    answered: int
    """Answers with a rating or a value (texts alone do not count)."""
    questions: int
    """Questions of the instrument in the loaded content (0 if the content lacks it)."""


@dataclass(frozen=True)
class HistoryEntry:
    """One change, or refused change: who, when, what it was before and after.

    ``old``/``new`` hold the content fields (an answer's rating, value and texts; an action's
    fields; the metadata fields changed), None when there was nothing. For a refused stale
    write ``old`` is what was stored and ``new`` what was refused; ``revision`` is the revision
    written, or for a refusal the revision the writer expected.
    """

    id: int
    assessment_id: str
    question_id: str | None
    kind: str
    outcome: str
    revision: int | None
    old: Any
    new: Any
    user: str
    at: datetime
    note: str | None = None
    """Where an imported change came from (a file name), when known."""


@dataclass(frozen=True)
class ImportOutcome:
    """What an import did (or, from ``Store.plan_import``, would do), by question id.

    ``conflicts`` are answers (a subset of ``changed``) that someone changed in the store after
    the file was exported (the file's revision is not the stored one): an import refuses them
    unless told to overwrite. ``version`` is the stored version the plan was made against; pass
    it back as ``expected_version`` so the import is refused if anything changed meanwhile.
    """

    assessment_id: str
    mode: str
    created: bool
    version: int
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    actions_added: list[str] = field(default_factory=list)
    actions_changed: list[str] = field(default_factory=list)

    @property
    def changes(self) -> int:
        return (
            len(self.added)
            + len(self.changed)
            + len(self.actions_added)
            + len(self.actions_changed)
        )


@dataclass(frozen=True)
class ItemSpec:
    kind: Kind
    table: Table
    model: type[Answer] | type[ActionItem]
    content: tuple[str, ...]
    stale_key: str
    cleared: dict[str, Any]
    """Column values written when the item is cleared (the row stays, with ``cleared``)."""


ANSWER = ItemSpec(
    Kind.ANSWER,
    answers,
    Answer,
    ("rating", "value", "justification", "evidence", "sources", "agency", "comment"),
    "error.stale_answer",
    {"rating": None, "value": None, "justification": "", "evidence": "", "sources": ""}
    | {"agency": None, "comment": ""},
)
ACTION = ItemSpec(
    Kind.ACTION,
    actions,
    ActionItem,
    ("agency", "priority", "target_date", "status", "note"),
    "error.stale_action",
    {"note": ""},
)
META_FIELDS = ("title", "round_label", "assessors", "status")


def new_id(country: str) -> str:
    """A fresh assessment id, readable by country: ``xaa-3f9c1b2a7d``."""
    return f"{country.lower()}-{secrets.token_hex(5)}"


def actor_name(user: str) -> str:
    """Who, as recorded: control characters removed, bounded like other short texts."""
    cleaned = "".join(ch for ch in str(user) if ch.isprintable())
    return cleaned.strip()[:MAX_SHORT_TEXT]


def recorded_name(user: str, actor: Any = None) -> str:
    """Who a change is recorded as: the signed-in user when there is one (``actor``, an
    ``assessment.access.Actor``), else the name the single-user app was given."""
    return actor.user_id if actor is not None else actor_name(user)


def history_entry(row: Row[Any]) -> HistoryEntry:
    """One row of the ``history`` table as a ``HistoryEntry``."""
    return HistoryEntry(
        row.id,
        row.assessment_id,
        row.question_id,
        row.kind,
        row.outcome,
        row.revision,
        row.old,
        row.new,
        row.actor,
        row.changed_at,
        row.note,
    )


def content_of(spec: ItemSpec, item: Answer | ActionItem | None) -> dict[str, Any] | None:
    """The content fields of ``item`` as JSON data (None for no item)."""
    if item is None:
        return None
    return item.model_dump(mode="json", include=set(spec.content))


def row_values(spec: ItemSpec, item: Answer | ActionItem) -> dict[str, Any]:
    """Column values for ``item`` (enums as their values, dates as dates)."""
    values = item.model_dump(mode="json", include=set(spec.content))
    if spec is ACTION:
        values["target_date"] = item.target_date  # type: ignore[union-attr]
    values.update(
        cleared=False,
        revision=item.revision,
        updated_by=item.updated_by,
        updated_at=item.updated_at,
    )
    return values


def item_from_row(spec: ItemSpec, row: Row[Any]) -> Answer | ActionItem:
    """The model of a stored row; validated, or built as stored if it no longer validates
    (a stored answer must stay readable even after a model tightens a rule)."""
    data = {name: getattr(row, name) for name in spec.content}
    data.update(
        question_id=row.question_id,
        revision=row.revision,
        updated_by=row.updated_by,
        updated_at=row.updated_at,
    )
    try:
        return spec.model.model_validate(data)
    except ValidationError:
        LOG.warning("stored %s %s no longer validates; read as stored", spec.kind, row.question_id)
        return spec.model.model_construct(**data)


def head_values(assessment: Assessment, created_by: str = "") -> dict[str, Any]:
    values = assessment.model_dump(mode="json", exclude={"answers", "actions"})
    values.update(
        created_at=assessment.created_at, updated_at=assessment.updated_at, created_by=created_by
    )
    return values


def meta_of(assessment: Assessment) -> dict[str, Any]:
    """The metadata as recorded in history rows about the whole assessment."""
    keep = {"country", "instrument_id", "instrument_version", *META_FIELDS}
    return assessment.model_dump(mode="json", include=keep)


def assessment_from_rows(
    head: Row[Any], answer_rows: list[Row[Any]], action_rows: list[Row[Any]]
) -> Assessment:
    data = {name: getattr(head, name) for name in head._fields if name != "created_by"}
    data["answers"] = {
        r.question_id: item_from_row(ANSWER, r) for r in answer_rows if not r.cleared
    }
    data["actions"] = {
        r.question_id: item_from_row(ACTION, r) for r in action_rows if not r.cleared
    }
    try:
        return Assessment.model_validate(data)
    except ValidationError:
        LOG.warning("stored assessment %s no longer validates; read as stored", head.id)
        return Assessment.model_construct(**data)


def expected_matches(expected: int | None, row: Row[Any] | None) -> bool:
    """Whether a write drawn at revision ``expected`` may replace what ``row`` holds.

    ``None`` (or 0) means the writer saw the question unanswered: allowed while it still is
    (no row, or a cleared one). Otherwise the stored revision must be the one expected.
    """
    unanswered = row is None or bool(row.cleared)
    if expected in (None, 0):
        return unanswered
    return row is not None and row.revision == expected


def first_revisions(assessment: Assessment) -> Assessment:
    """Stored items have revision >= 1 (0 tells ``save_answer`` "drawn unanswered")."""
    update = {
        name: {q: i.model_copy(update={"revision": max(i.revision, 1)}) for q, i in items.items()}
        for name, items in (("answers", assessment.answers), ("actions", assessment.actions))
    }
    return assessment.model_copy(update=update)
