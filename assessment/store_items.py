"""Saving and clearing answers and action items, one at a time (``Store`` methods).

Each call is one transaction: lock the assessment (``SELECT ... FOR UPDATE`` on PostgreSQL, the
write lock of ``BEGIN IMMEDIATE`` on SQLite), read the stored item, compare its revision with the
one the writer drew, then write and record, or record the refusal. The refusal is committed
and only then raised, so the history keeps both outcomes of a conflict. Each write needs the
editor role (``actor``, see ``assessment.access``): checked before the content is validated,
and again inside the write transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Row, insert, select, update

from assessment.access import Actor
from assessment.errors import StaleWriteError
from assessment.models import ActionItem, Answer, utc_now
from assessment.store_rows import (
    ACTION,
    ANSWER,
    ItemSpec,
    Outcome,
    content_of,
    expected_matches,
    item_from_row,
    recorded_name,
    row_values,
)

if TYPE_CHECKING:
    from assessment.store import Store

Item = Answer | ActionItem


class ItemsMixin:
    """Per-question writes with optimistic concurrency (see ``assessment.store``)."""

    def save_answer(
        self: Store,
        assessment_id: str,
        answer: Answer,
        expected_revision: int | None,
        user: str = "",
        *,
        imported_from: str | None = None,
        actor: Actor | None = None,
    ) -> Answer:
        """Save one answer if it is still at ``expected_revision`` (None or 0: drawn
        unanswered); returns the saved answer (revision + 1, who, when).

        Raises ``StaleWriteError`` (nothing written, refusal recorded), ``InvalidWriteError``,
        ``NotFoundError``, ``StoreUnavailableError``. ``imported_from`` (a file name) records
        the save as an import of that file in the history.
        """
        qid = getattr(answer, "question_id", "")
        write = _Write(ANSWER, assessment_id, qid, expected_revision, user, actor)
        return _save(self, write, answer, imported_from)  # type: ignore[return-value]

    def clear_answer(
        self: Store,
        assessment_id: str,
        question_id: str,
        expected_revision: int | None,
        user: str = "",
        *,
        actor: Actor | None = None,
    ) -> None:
        """Take a question back to unanswered; its old content stays in the history.

        Checked like ``save_answer``; clearing an unanswered question does nothing.
        """
        _clear(self, _Write(ANSWER, assessment_id, question_id, expected_revision, user, actor))

    def save_action(
        self: Store,
        assessment_id: str,
        action: ActionItem,
        expected_revision: int | None,
        user: str = "",
        *,
        actor: Actor | None = None,
    ) -> ActionItem:
        """Save one action-plan item, checked like ``save_answer``."""
        qid = getattr(action, "question_id", "")
        write = _Write(ACTION, assessment_id, qid, expected_revision, user, actor)
        return _save(self, write, action, None)  # type: ignore[return-value]

    def clear_action(
        self: Store,
        assessment_id: str,
        question_id: str,
        expected_revision: int | None,
        user: str = "",
        *,
        actor: Actor | None = None,
    ) -> None:
        """Remove an action-plan item (back to the engine's draft), checked like the others."""
        _clear(self, _Write(ACTION, assessment_id, question_id, expected_revision, user, actor))

    def _item_row(
        self: Store, conn: Connection, spec: ItemSpec, assessment_id: str, question_id: str
    ) -> Row[Any] | None:
        table = spec.table
        query = select(table).where(
            table.c.assessment_id == assessment_id, table.c.question_id == question_id
        )
        return conn.execute(query).first()

    def _write_item(
        self: Store, conn: Connection, spec: ItemSpec, assessment_id: str, item: Item, exists: bool
    ) -> None:
        table = spec.table
        values = row_values(spec, item)
        if exists:
            where = (table.c.assessment_id == assessment_id) & (
                table.c.question_id == item.question_id
            )
            conn.execute(update(table).where(where).values(**values))
        else:
            keys = {"assessment_id": assessment_id, "question_id": item.question_id}
            conn.execute(insert(table).values(**keys, **values))


@dataclass(frozen=True)
class _Write:
    """One write to one item: what, where, drawn at which revision, by whom (``user``: the
    name given; ``principal``: the signed-in actor, whose id is recorded when there is one)."""

    spec: ItemSpec
    assessment_id: str
    question_id: str
    expected: int | None
    user: str
    principal: Actor | None

    @property
    def actor(self) -> str:
        return recorded_name(self.user, self.principal)

    def operation(self, clearing: bool) -> str:
        return f"{'clear' if clearing else 'save'}_{self.spec.kind.value}"

    def record(self, store: Store, conn: Connection, **values: Any) -> None:
        store._record(
            conn,
            assessment_id=self.assessment_id,
            question_id=self.question_id,
            kind=self.spec.kind.value,
            actor=self.actor,
            **values,
        )


def _stored(spec: ItemSpec, row: Row[Any] | None) -> Item | None:
    return None if row is None or row.cleared else item_from_row(spec, row)


def _refusal(
    store: Store, conn: Connection, write: _Write, row: Row[Any] | None, attempted: Any
) -> StaleWriteError:
    """Record a refused write; the error is raised by the caller after the commit."""
    current = _stored(write.spec, row)
    write.record(
        store,
        conn,
        outcome=Outcome.REFUSED_STALE.value,
        revision=write.expected,
        old=content_of(write.spec, current),
        new=attempted,
    )
    revision = current.revision if current is not None else None
    return StaleWriteError(write.spec.stale_key, current, revision, question=write.question_id)


def _save(store: Store, write: _Write, item: Item, imported_from: str | None) -> Item:
    spec, assessment_id, expected = write.spec, write.assessment_id, write.expected
    operation = write.operation(clearing=False)
    store._check_access(write.principal, assessment_id, operation)  # before looking at content
    instrument_id = store._instrument_of(assessment_id)
    item = store._checked(spec, instrument_id, item)
    with store._transaction(write=True) as conn:
        store._authorize(conn, write.principal, assessment_id, operation)
        head = store._head(conn, assessment_id, lock=True)
        if head.instrument_id != instrument_id:  # the id was deleted and reused meanwhile
            store._instrument_ids[assessment_id] = head.instrument_id
            item = store._checked(spec, head.instrument_id, item)
        row = store._item_row(conn, spec, assessment_id, item.question_id)
        current = _stored(spec, row)
        if current is not None and content_of(spec, current) == content_of(spec, item):
            return current  # the same content again: nothing to write, nothing lost
        if not expected_matches(expected, row):
            refused = _refusal(store, conn, write, row, content_of(spec, item))
        else:
            refused = None
            saved = _write_saved(store, conn, write, item, row, imported_from)
    if refused is not None:
        raise refused
    return saved


def _write_saved(
    store: Store,
    conn: Connection,
    write: _Write,
    item: Item,
    row: Row[Any] | None,
    imported_from: str | None,
) -> Item:
    """Write ``item`` as the next revision of ``row``, bump the version, record the change."""
    now = utc_now()
    revision = (row.revision if row is not None else 0) + 1
    stamp = {"revision": revision, "updated_by": write.actor, "updated_at": now}
    saved = item.model_copy(update=stamp)
    store._write_item(conn, write.spec, write.assessment_id, saved, exists=row is not None)
    store._bump(conn, write.assessment_id, now)
    write.record(
        store,
        conn,
        outcome=(Outcome.IMPORTED if imported_from else Outcome.SAVED).value,
        revision=revision,
        old=content_of(write.spec, _stored(write.spec, row)),
        new=content_of(write.spec, saved),
        changed_at=now,
        note=imported_from,
    )
    return saved


def _clear(store: Store, write: _Write) -> None:
    spec, assessment_id, question_id = write.spec, write.assessment_id, write.question_id
    expected = write.expected
    with store._transaction(write=True) as conn:
        store._authorize(conn, write.principal, assessment_id, write.operation(clearing=True))
        store._head(conn, assessment_id, lock=True)
        row = store._item_row(conn, spec, assessment_id, question_id)
        if row is None or row.cleared:
            return  # already unanswered: nothing to do
        if not expected_matches(expected, row):
            refused = _refusal(store, conn, write, row, None)
        else:
            refused = None
            now = utc_now()
            stamp = {"revision": row.revision + 1, "updated_by": write.actor, "updated_at": now}
            table = spec.table
            here = (table.c.assessment_id == assessment_id) & (table.c.question_id == question_id)
            conn.execute(update(table).where(here).values(**spec.cleared, cleared=True, **stamp))
            store._bump(conn, assessment_id, now)
            write.record(
                store,
                conn,
                outcome=Outcome.CLEARED.value,
                revision=row.revision + 1,
                old=content_of(spec, _stored(spec, row)),
                changed_at=now,
            )
    if refused is not None:
        raise refused
