"""Creating, editing, duplicating, deleting and seeding whole assessments (``Store`` methods).

With a signed-in ``actor``: creating needs an active account and makes the actor the owner;
editing the metadata, duplicating and deleting need the owner role (``assessment.access``).
A follow-up round keeps the source's members. Seeding the demo is a system operation.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError
from sqlalchemy import Connection, delete, func, insert, select, text, update

from assessment.access import Actor
from assessment.errors import (
    ConfirmationError,
    ImportValidationError,
    InvalidWriteError,
    Problem,
    StaleWriteError,
    problems_from_validation,
)
from assessment.models import Assessment, Status, utc_now
from assessment.store_rows import (
    ACTION,
    ANSWER,
    META_FIELDS,
    Kind,
    Outcome,
    actor_name,
    content_of,
    first_revisions,
    head_values,
    meta_of,
    new_id,
    recorded_name,
    row_values,
)
from assessment.store_schema import (
    actions,
    answers,
    assessments,
    history,
    memberships,
    store_meta,
)
from assessment.store_validation import known_country
from framework.models import Instrument

if TYPE_CHECKING:
    from assessment.store import Store

SEEDED_KEY = "demo_seeded"


def _validated(data: dict[str, Any]) -> Assessment:
    try:
        return Assessment.model_validate(data)
    except ValidationError as exc:
        raise InvalidWriteError(problems_from_validation(exc)) from None


class LifecycleMixin:
    """The assessment as a whole: create, edit metadata, duplicate, delete, seed."""

    def _instrument(self: Store, instrument_id: str) -> Instrument:
        instrument = self.index.instrument(instrument_id)
        if instrument is None:
            params = {"instrument": instrument_id}
            raise InvalidWriteError([Problem("instrument_id", "error.unknown_instrument", params)])
        return instrument

    def create_assessment(  # noqa: PLR0913 - ``actor`` is the principal, not an option
        self: Store,
        *,
        country: str,
        instrument_id: str,
        user: str = "",
        title: str = "",
        round_label: str = "",
        assessors: Iterable[str] = (),
        status: Status | str = Status.DRAFT,
        actor: Actor | None = None,
    ) -> Assessment:
        """A new, unanswered assessment of ``instrument_id`` (its current version).

        ``country`` is an ISO 3166-1 alpha-3 code (any case) or a fictional demo code. A
        signed-in ``actor`` becomes its owner.
        """
        instrument = self._instrument(instrument_id)
        code = str(country).strip().upper()
        if not known_country(code):
            params = {"country": str(country)[:10]}
            raise InvalidWriteError([Problem("country", "error.unknown_country", params)])
        now = utc_now()
        assessment = _validated(
            {
                "id": new_id(code),
                "country": code,
                "fictional": code.startswith("X"),
                "instrument_id": instrument_id,
                "instrument_version": instrument.version,
                "title": title,
                "round_label": round_label,
                "assessors": list(assessors),
                "status": status,
                "created_at": now,
                "updated_at": now,
                "version": 1,
            }
        )
        with self._transaction(write=True) as conn:
            self._principal(conn, actor, "create_assessment")
            who = recorded_name(user, actor)
            self._insert(conn, assessment, who, Outcome.CREATED, per_item=False)
            self._make_owner(conn, assessment.id, actor)
        return assessment

    def _insert(
        self: Store,
        conn: Connection,
        assessment: Assessment,
        actor: str,
        outcome: Outcome,
        per_item: bool,
        note: dict[str, Any] | None = None,
    ) -> None:
        """Insert a whole assessment; history: one row for it, and one per item if asked."""
        now = utc_now()
        conn.execute(insert(assessments).values(**head_values(assessment, actor)))
        for spec, items in ((ANSWER, assessment.answers), (ACTION, assessment.actions)):
            if not items:
                continue
            keys = [{"assessment_id": assessment.id, "question_id": qid} for qid in items]
            rows = [
                key | row_values(spec, item) for key, item in zip(keys, items.values(), strict=True)
            ]
            conn.execute(insert(spec.table), rows)
            if per_item:
                entries = [
                    key | {"kind": spec.kind.value, "outcome": outcome.value}
                    | {"revision": item.revision, "old": None, "new": content_of(spec, item)}
                    | {"actor": actor, "changed_at": now, "note": None}
                    for key, item in zip(keys, items.values(), strict=True)
                ]  # fmt: skip
                conn.execute(insert(history), entries)
        self._record(
            conn,
            assessment_id=assessment.id,
            kind=Kind.ASSESSMENT.value,
            outcome=outcome.value,
            revision=assessment.version,
            new=meta_of(assessment) | (note or {}),
            actor=actor,
            changed_at=now,
        )

    def update_meta(  # noqa: PLR0913 - ``actor`` is the principal, not an option
        self: Store,
        assessment_id: str,
        expected_version: int,
        user: str = "",
        *,
        title: str | None = None,
        round_label: str | None = None,
        assessors: list[str] | None = None,
        status: Status | str | None = None,
        actor: Actor | None = None,
    ) -> Assessment:
        """Change title, round, assessors or status if the assessment is still at
        ``expected_version`` (else ``StaleWriteError`` carrying the current assessment)."""
        given = {"title": title, "round_label": round_label, "assessors": assessors}
        changes = {k: v for k, v in (given | {"status": status}).items() if v is not None}
        refused = None
        with self._transaction(write=True) as conn:
            self._authorize(conn, actor, assessment_id, "update_meta")
            current = self._load(conn, assessment_id, lock=True)
            old = meta_of(current)
            new = meta_of(_validated(current.model_dump() | changes))
            diff = [k for k in META_FIELDS if new[k] != old[k]]
            record = {
                "assessment_id": assessment_id,
                "kind": Kind.ASSESSMENT.value,
                "old": {k: old[k] for k in diff},
                "new": {k: new[k] for k in diff},
                "actor": recorded_name(user, actor),
            }
            if not diff:
                return current  # nothing to change: no conflict either
            if current.version != expected_version:
                outcome = Outcome.REFUSED_STALE.value
                self._record(conn, outcome=outcome, revision=expected_version, **record)
                refused = StaleWriteError(
                    "error.stale_assessment", current, current.version, assessment=assessment_id
                )
            else:
                now = utc_now()
                here = assessments.c.id == assessment_id
                conn.execute(update(assessments).where(here).values(**record["new"]))
                self._bump(conn, assessment_id, now)
                outcome = Outcome.SAVED.value
                self._record(conn, outcome=outcome, revision=current.version + 1, **record)
            result = self._load(conn, assessment_id)
        if refused is not None:
            raise refused
        return result

    def duplicate(
        self: Store,
        assessment_id: str,
        round_label: str,
        user: str = "",
        title: str | None = None,
        *,
        actor: Actor | None = None,
    ) -> Assessment:
        """A follow-up round: a new draft with a copy of the answers and action items.

        The copy is answered against the instrument's current version; answers to questions
        that version no longer holds stay in the source only and are listed (``skipped``) in
        the copy's history row. The source is not changed. Needs the owner role on the
        source; the copy has the source's members, and the actor owns it.
        """
        who = recorded_name(user, actor)
        with self._transaction() as conn:
            self._authorize(conn, actor, assessment_id, "duplicate")
            source = self._load(conn, assessment_id)
        instrument = self._instrument(source.instrument_id)
        known = {q.id for q in instrument.questions()}
        now = utc_now()
        stamp = {"revision": 1, "updated_by": who, "updated_at": now}
        copied = {
            name: {q: i.model_copy(update=stamp) for q, i in items.items() if q in known}
            for name, items in (("answers", source.answers), ("actions", source.actions))
        }
        copy = _validated(
            source.model_dump()
            | copied
            | {
                "id": new_id(source.country),
                "instrument_version": instrument.version,
                "round_label": round_label,
                "title": source.title if title is None else title,
                "status": Status.DRAFT,
                "created_at": now,
                "updated_at": now,
                "version": 1,
            }
        )
        skipped = sorted((set(source.answers) | set(source.actions)) - known)
        with self._transaction(write=True) as conn:
            self._authorize(conn, actor, assessment_id, "duplicate")  # still the owner
            self._head(conn, assessment_id)  # still there
            note = {"from": assessment_id, "skipped": skipped}
            self._insert(conn, copy, who, Outcome.DUPLICATED, per_item=False, note=note)
            self._copy_members(conn, assessment_id, copy.id, actor)
        return copy

    def delete(
        self: Store,
        assessment_id: str,
        confirm_text: str,
        user: str = "",
        *,
        actor: Actor | None = None,
    ) -> bytes:
        """Delete an assessment; returns its full JSON export, taken in the same transaction.

        ``confirm_text`` must be the assessment's country code (``XAA``: any case, spaces
        around ignored) or its exact title (spaces around ignored); otherwise
        ``ConfirmationError`` and nothing is deleted. One ``deleted`` history row remains.
        """
        from assessment.io.json_io import export_json

        typed = (confirm_text or "").strip()
        with self._transaction(write=True) as conn:
            self._authorize(conn, actor, assessment_id, "delete")
            current = self._load(conn, assessment_id, lock=True)
            by_title = bool(current.title.strip()) and typed == current.title.strip()
            if typed.upper() != current.country and not by_title:
                raise ConfirmationError(country=current.country, title=current.title)
            exported = export_json(current)
            for table in (answers, actions, history, memberships):
                conn.execute(delete(table).where(table.c.assessment_id == assessment_id))
            conn.execute(delete(assessments).where(assessments.c.id == assessment_id))
            counts = {"answers": len(current.answers), "actions": len(current.actions)}
            self._record(
                conn,
                assessment_id=assessment_id,
                kind=Kind.ASSESSMENT.value,
                outcome=Outcome.DELETED.value,
                revision=current.version,
                old=meta_of(current) | counts,
                actor=recorded_name(user, actor),
            )
        self._instrument_ids.pop(assessment_id, None)
        return exported

    def seed_if_empty(self: Store, demo: Iterable[Assessment], user: str = "demo") -> int:
        """Store the demo assessments on first start (an empty database); the number stored.

        Runs once per database: deleting the demo later does not bring it back, and a
        database that already holds assessments is never seeded.
        """
        checked = []
        for assessment in demo:
            result = self.check_import(assessment)
            if result.problems:
                raise ImportValidationError(result.problems)
            checked.append(first_revisions(result.assessment))
        with self._transaction(write=True) as conn:
            if conn.dialect.name == "postgresql":
                conn.execute(text("SELECT pg_advisory_xact_lock(7261002)"))
            done = conn.execute(select(store_meta.c.value).where(store_meta.c.key == SEEDED_KEY))
            if done.first() is not None:
                return 0
            stamp = datetime.now(UTC).isoformat()
            conn.execute(insert(store_meta).values(key=SEEDED_KEY, value=stamp))
            if conn.execute(select(func.count()).select_from(assessments)).scalar():
                return 0
            for assessment in checked:
                self._insert(conn, assessment, actor_name(user), Outcome.SEEDED, per_item=False)
        return len(checked)
