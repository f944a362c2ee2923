"""Persistence of assessments: SQLite by default, PostgreSQL by ``DATABASE_URL`` (SQLAlchemy 2).

The store is the truth; the UI draws its widgets from it. Rules it keeps:

- **Every write is validated first** (the pydantic models, then the content: question in the
  instrument, typed info value, known agency; ``assessment.store_validation``) and then made in
  **one transaction**: nothing is ever half-written. SQLite commits with ``synchronous=FULL``,
  so a save that returned survives a killed process or a power cut.
- **Optimistic concurrency per answer.** ``save_answer(..., expected_revision)`` writes only if
  the stored answer is still at the revision the writer drew (``None`` or 0: drawn unanswered).
  Otherwise nothing is written, ``StaleWriteError`` carries what is stored now (the UI offers to
  reload), and the refusal is recorded in the history. Writing the same content that is already
  stored is not a conflict: it returns the stored answer. Action items work the same way;
  metadata edits (``update_meta``) are checked against ``Assessment.version``, which counts
  every change to the assessment.
- **History of every change**: who, when, old -> new, and the outcome (``Outcome``). Clearing an
  answer keeps its row (flagged ``cleared``), so revisions only grow.
- **Delete** needs the assessment's country code (e.g. ``XAA``, any case) or its exact title as
  confirmation, returns the JSON export taken inside the deleting transaction, removes the
  assessment, its answers, actions and history, and leaves one ``deleted`` history row (who,
  when, country, title, round; no answer text) as the audit trail.

- **Access control** (shared mode, ``assessment.access``): every method that reads or writes
  an assessment takes ``actor`` (a signed-in ``Actor``, or None in the single-user app) and
  checks the actor's role inside its transaction; ``list_assessments`` lists only what the
  actor may see. Refusals raise ``AccessDeniedError`` and are recorded in the history. With
  an actor, the history records the signed-in user, whatever ``user`` says.

``Store`` is cheap to share: one per process (``ui.cache.store``), safe across Streamlit's
session threads (each call uses its own pooled connection and transaction).
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Iterator
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Row, and_, func, insert, select, text, update
from sqlalchemy.engine import URL
from sqlalchemy.exc import DBAPIError

from assessment.access import Actor
from assessment.errors import (
    AccessDeniedError,
    InvalidWriteError,
    NotFoundError,
    StoreUnavailableError,
)
from assessment.models import ActionItem, Answer, Assessment, Status, utc_now
from assessment.store_access import AccessMixin
from assessment.store_import import ImportMixin
from assessment.store_items import ItemsMixin
from assessment.store_lifecycle import LifecycleMixin
from assessment.store_rows import (
    ANSWER,
    AssessmentSummary,
    HistoryEntry,
    ImportOutcome,
    ItemSpec,
    Kind,
    Outcome,
    assessment_from_rows,
    history_entry,
    item_from_row,
)
from assessment.store_schema import (
    WRITE_OPTION,
    actions,
    answers,
    assessments,
    database_url,
    history,
    make_engine,
    memberships,
    migrate,
    normalise_url,
)
from assessment.store_validation import ContentIndex, check_action, check_answer, revalidate
from framework.loader import ContentBundle

LOG = logging.getLogger(__name__)

__all__ = ["AssessmentSummary", "HistoryEntry", "ImportOutcome", "Kind", "Outcome", "Store"]


class Store(ItemsMixin, LifecycleMixin, ImportMixin, AccessMixin):
    """Assessments, answers, action items and their history in one database."""

    def __init__(
        self,
        url: str | URL | None = None,
        *,
        bundle: ContentBundle | None = None,
        sqlite_synchronous: str = "FULL",
        require_actor: bool = False,
    ) -> None:
        """Open (and create or upgrade) the database at ``url`` (default: ``database_url()``).

        ``bundle`` is the content answers are checked against (default: ``load_content()``,
        loaded on the first write). ``sqlite_synchronous`` exists for the benchmark's baseline.
        ``require_actor``: refuse calls without a signed-in actor (shared mode).
        """
        self.require_actor = require_actor
        self.url = normalise_url(url) if url is not None else database_url()
        self.engine = make_engine(self.url, sqlite_synchronous)
        self._bundle = bundle
        self._index: ContentIndex | None = None
        self._lock = threading.Lock()
        self._instrument_ids: dict[str, str] = {}
        try:
            self.schema_found = migrate(self.engine)
        except DBAPIError as exc:
            LOG.exception("cannot open the store at %s", self.url.render_as_string())
            raise StoreUnavailableError() from exc

    @classmethod
    def from_env(cls, bundle: ContentBundle | None = None, require_actor: bool = False) -> Store:
        """The store the environment names (``DATABASE_URL``, ``GAPASSESS_DB``, user folder)."""
        return cls(database_url(), bundle=bundle, require_actor=require_actor)

    def close(self) -> None:
        self.engine.dispose()

    # Plumbing ----------------------------------------------------------------------------------

    @property
    def index(self) -> ContentIndex:
        with self._lock:
            if self._index is None:
                if self._bundle is None:
                    from framework.loader import load_content

                    self._bundle = load_content()
                self._index = ContentIndex(self._bundle)
            return self._index

    @contextlib.contextmanager
    def _transaction(self, write: bool = False) -> Iterator[Connection]:
        """One transaction; database failures become ``StoreUnavailableError``."""
        try:
            with self.engine.connect() as conn:
                if write:
                    conn.execution_options(**{WRITE_OPTION: True})
                elif conn.dialect.name == "postgresql":
                    conn.execution_options(isolation_level="REPEATABLE READ")
                with conn.begin():
                    yield conn
        except DBAPIError as exc:
            LOG.exception("store transaction failed")
            raise StoreUnavailableError() from exc
        except AccessDeniedError as refused:  # rolled back: recorded in a transaction of its own
            self._note_refusal(refused)
            raise

    def _head(self, conn: Connection, assessment_id: str, lock: bool = False) -> Row[Any]:
        query = select(assessments).where(assessments.c.id == assessment_id)
        row = conn.execute(query.with_for_update() if lock else query).first()
        if row is None:
            raise NotFoundError(assessment=assessment_id)
        return row

    def _bump(self, conn: Connection, assessment_id: str, now: datetime) -> None:
        conn.execute(
            update(assessments)
            .where(assessments.c.id == assessment_id)
            .values(version=assessments.c.version + 1, updated_at=now)
        )

    def _record(self, conn: Connection, **values: Any) -> None:
        values.setdefault("changed_at", utc_now())
        values.setdefault("question_id", None)
        values.setdefault("revision", None)
        values.setdefault("note", None)
        conn.execute(insert(history).values(**values))

    def _load(self, conn: Connection, assessment_id: str, lock: bool = False) -> Assessment:
        head = self._head(conn, assessment_id, lock)
        rows = []
        for table in (answers, actions):
            query = select(table).where(table.c.assessment_id == assessment_id)
            rows.append(list(conn.execute(query.order_by(table.c.question_id))))
        return assessment_from_rows(head, rows[0], rows[1])

    def _instrument_of(self, assessment_id: str) -> str:
        found = self._instrument_ids.get(assessment_id)
        if found is None:
            with self._transaction() as conn:
                found = self._head(conn, assessment_id).instrument_id
            self._instrument_ids[assessment_id] = found
        return found

    def _checked(
        self, spec: ItemSpec, instrument_id: str, item: Answer | ActionItem
    ) -> Answer | ActionItem:
        """``item`` validated against the models and the content, or ``InvalidWriteError``."""
        checked, problems = revalidate(item, "")
        if checked is None:
            raise InvalidWriteError(problems)
        if spec is ANSWER:
            checked, problems = check_answer(self.index, instrument_id, checked)  # type: ignore[arg-type]
        else:
            problems = check_action(self.index, instrument_id, checked)  # type: ignore[arg-type]
        if problems:
            raise InvalidWriteError(problems)
        return checked

    # Reading -----------------------------------------------------------------------------------

    def get(self, assessment_id: str, *, actor: Actor | None = None) -> Assessment:
        """The stored assessment (``NotFoundError`` if there is none with that id)."""
        with self._transaction() as conn:
            self._authorize(conn, actor, assessment_id, "get")
            return self._load(conn, assessment_id)

    def exists(self, assessment_id: str, *, actor: Actor | None = None) -> bool:
        """Whether the assessment exists and the actor may see it (no refusal is recorded)."""
        with self._transaction() as conn:
            try:
                self._authorize(conn, actor, assessment_id, "get")
            except AccessDeniedError:
                return False
            query = select(assessments.c.id).where(assessments.c.id == assessment_id)
            return conn.execute(query).first() is not None

    def get_answer(
        self, assessment_id: str, question_id: str, *, actor: Actor | None = None
    ) -> Answer | None:
        """The stored answer to one question (None: unanswered)."""
        with self._transaction() as conn:
            self._authorize(conn, actor, assessment_id, "get_answer")
            self._head(conn, assessment_id)
            row = self._item_row(conn, ANSWER, assessment_id, question_id)
        return None if row is None or row.cleared else item_from_row(ANSWER, row)  # type: ignore[return-value]

    def list_assessments(
        self,
        country: str | None = None,
        round_label: str | None = None,
        status: Status | str | None = None,
        instrument_id: str | None = None,
        *,
        actor: Actor | None = None,
    ) -> list[AssessmentSummary]:
        """Summaries, most recently changed first, filtered by any of the arguments given;
        only the assessments the actor holds a role on (admins and single-user: all)."""
        given = answers.c.rating.is_not(None) | answers.c.value.is_not(None)
        answered = (
            select(answers.c.assessment_id, func.count().label("n"))
            .where(answers.c.cleared.is_(False), given)
            .group_by(answers.c.assessment_id)
            .subquery()
        )
        query = select(assessments, func.coalesce(answered.c.n, 0).label("answered")).outerjoin(
            answered, answered.c.assessment_id == assessments.c.id
        )
        filters = {
            assessments.c.country: country.upper() if country else None,
            assessments.c.round_label: round_label,
            assessments.c.status: str(status) if status else None,
            assessments.c.instrument_id: instrument_id,
        }
        for column, wanted in filters.items():
            if wanted is not None:
                query = query.where(column == wanted)
        query = query.order_by(assessments.c.updated_at.desc(), assessments.c.id)
        with self._transaction() as conn:
            if self._principal(conn, actor, "list_assessments") is False:
                assert actor is not None  # noqa: S101 - a user whose roles decide
                mine = and_(
                    memberships.c.assessment_id == assessments.c.id,
                    memberships.c.user_id == actor.user_id,
                )
                query = query.join(memberships, mine)
            rows = list(conn.execute(query))
        return [self._summary(row) for row in rows]

    def _summary(self, row: Row[Any]) -> AssessmentSummary:
        return AssessmentSummary(
            id=row.id,
            country=row.country,
            fictional=bool(row.fictional),
            title=row.title,
            round_label=row.round_label,
            instrument_id=row.instrument_id,
            instrument_version=row.instrument_version,
            status=row.status,
            created_at=row.created_at,
            updated_at=row.updated_at,
            version=row.version,
            answered=int(row.answered),
            questions=self.index.question_count(row.instrument_id),
        )

    def history(
        self,
        assessment_id: str,
        question_id: str | None = None,
        kind: Kind | str | None = None,
        limit: int | None = None,
        *,
        actor: Actor | None = None,
    ) -> list[HistoryEntry]:
        """Changes and refused changes, oldest first (``limit``: the most recent ones)."""
        query = select(history).where(history.c.assessment_id == assessment_id)
        if question_id is not None:
            query = query.where(history.c.question_id == question_id)
        if kind is not None:
            query = query.where(history.c.kind == str(kind))
        query = query.order_by(history.c.id.desc())
        if limit is not None:
            query = query.limit(limit)
        with self._transaction() as conn:
            self._authorize(conn, actor, assessment_id, "history")
            rows = list(conn.execute(query))
        return [history_entry(r) for r in reversed(rows)]

    def integrity_check(self) -> list[str]:
        """Problems the database reports about itself (empty: sound)."""
        with self._transaction() as conn:
            if conn.dialect.name != "sqlite":
                conn.execute(text("SELECT 1"))
                return []
            found = [str(r[0]) for r in conn.exec_driver_sql("PRAGMA integrity_check")]
            keys = [str(tuple(r)) for r in conn.exec_driver_sql("PRAGMA foreign_key_check")]
        return [f for f in found if f != "ok"] + keys
