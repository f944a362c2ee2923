"""Storing an imported assessment: as a new one, or merged into a stored one (``Store`` methods).

- ``mode="new"``: the file becomes a new assessment. It keeps its id when that id is free (so
  an export taken by ``delete`` restores the assessment as it was), else gets a fresh one.
  Answers keep their revisions, authors and times; one ``imported`` history row per answer.
- ``mode="merge"``: the file's answers and action items are written over the stored ones of
  the same instrument, one history row each (old -> new). Items the file does not hold stay as
  they are: a merge never clears. Items whose content is what is stored are left alone, so
  importing the same file twice changes nothing the second time. An item is a **conflict**
  when the file names the revision it was based on (JSON exports and CSV ``revision`` cells
  do) and someone saved another revision since: ``import_assessment`` refuses conflicts unless
  ``overwrite_conflicts=True`` (the UI asks first; the overwritten text stays in the history).

``plan_import`` says what an import would do, without writing; its ``version`` passed back as
``expected_version`` makes the import refuse if anything changed in between.

Access (``assessment.access``): importing as new needs an active account and makes the actor the
owner; for users who are not admins the new assessment always gets a fresh id (whether an id
is taken is not theirs to learn). Merging, and planning a merge, need the editor role on the
target.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Row, select

from assessment.access import Actor
from assessment.errors import ImportValidationError, Problem, StaleWriteError
from assessment.models import ActionItem, Answer, Assessment, utc_now
from assessment.store_rows import (
    ACTION,
    ANSWER,
    ImportOutcome,
    ItemSpec,
    Kind,
    Outcome,
    content_of,
    first_revisions,
    item_from_row,
    new_id,
    recorded_name,
)
from assessment.store_schema import assessments
from assessment.store_validation import AssessmentCheck, check_assessment

if TYPE_CHECKING:
    from assessment.store import Store

MODES = ("new", "merge")


class ImportMixin:
    """The import half of ``Store`` (kept apart to keep both files readable)."""

    def check_import(
        self: Store, assessment: Assessment, drop_unknown: bool = False
    ) -> AssessmentCheck:
        """``assessment`` checked against the content as the store would store it."""
        return check_assessment(self.index, assessment, "", drop_unknown)

    def plan_import(
        self: Store,
        assessment: Assessment,
        mode: str = "new",
        target_id: str | None = None,
        *,
        actor: Actor | None = None,
    ) -> ImportOutcome:
        """What ``import_assessment`` would do with the same arguments; writes nothing."""
        if mode not in MODES:
            raise ValueError(f"mode {mode!r}")
        if mode == "new":
            with self._transaction() as conn:
                target = _new_target(self, conn, assessment, actor)
            return _new_outcome(assessment, target, 0)
        target = target_id or assessment.id
        with self._transaction() as conn:
            self._authorize(conn, actor, target, "plan_import")
            return _merge_plan(self, conn, assessment, target)

    def import_assessment(  # noqa: PLR0913 - ``actor`` is the principal, not an option
        self: Store,
        assessment: Assessment,
        user: str = "",
        mode: str = "new",
        *,
        target_id: str | None = None,
        expected_version: int | None = None,
        overwrite_conflicts: bool = False,
        source: str = "",
        actor: Actor | None = None,
    ) -> ImportOutcome:
        """Store an imported assessment (see the module docstring for the modes).

        Everything is checked first (``ImportValidationError`` lists every problem, unknown
        question ids included: the readers in ``assessment.io`` leave those out only when the
        user confirmed) and written in one transaction. ``source`` (a file name) is recorded in
        the history.
        """
        if mode not in MODES:
            raise ValueError(f"mode {mode!r}")
        check = self.check_import(assessment)
        if check.problems:
            raise ImportValidationError(check.problems)
        who = recorded_name(user, actor)
        if mode == "new":
            return _import_new(self, check.assessment, who, source, actor)
        target = target_id or assessment.id
        with self._transaction(write=True) as conn:
            self._authorize(conn, actor, target, "import_assessment")
            plan = _merge_plan(self, conn, check.assessment, target, lock=True)
            if expected_version is not None and plan.version != expected_version:
                current = self._load(conn, target)
                raise StaleWriteError(
                    "error.stale_assessment", current, current.version, assessment=target
                )
            if plan.conflicts and not overwrite_conflicts:
                raise ImportValidationError(
                    [_conflict(conn, target, qid, check.assessment) for qid in plan.conflicts]
                )
            _apply_merge(self, conn, check.assessment, target, plan, who, source)
        return plan


def _new_outcome(assessment: Assessment, target: str, version: int) -> ImportOutcome:
    return ImportOutcome(
        assessment_id=target,
        mode="new",
        created=True,
        version=version,
        added=sorted(assessment.answers),
        actions_added=sorted(assessment.actions),
    )


def _new_target(store: Store, conn: Connection, assessment: Assessment, actor: Actor | None) -> str:
    """The id an assessment imported as new gets: its own when free (admins and the
    single-user app only), else a fresh one."""
    if store._principal(conn, actor, "import_assessment") is False:
        return new_id(assessment.country)
    query = select(assessments.c.id).where(assessments.c.id == assessment.id)
    taken = conn.execute(query).first()
    return new_id(assessment.country) if taken else assessment.id


def _import_new(
    store: Store, assessment: Assessment, who: str, source: str, actor: Actor | None
) -> ImportOutcome:
    with store._transaction(write=True) as conn:
        target = _new_target(store, conn, assessment, actor)
        stored = first_revisions(assessment).model_copy(
            update={"id": target, "version": assessment.version + 1, "updated_at": utc_now()}
        )
        note = {"source": source, "from": assessment.id}
        store._insert(conn, stored, who, Outcome.IMPORTED, per_item=True, note=note)
        store._make_owner(conn, target, actor)
    return _new_outcome(stored, target, stored.version)


def _stored_rows(conn: Connection, spec: ItemSpec, target: str) -> dict[str, Row[Any]]:
    table = spec.table
    rows = conn.execute(select(table).where(table.c.assessment_id == target))
    return {row.question_id: row for row in rows}


def _diff(
    spec: ItemSpec, incoming: dict[str, Any], stored: dict[str, Row[Any]]
) -> dict[str, list[str]]:
    """Question ids by fate: added, changed, unchanged, conflicts (a subset of changed)."""
    fate: dict[str, list[str]] = {"added": [], "changed": [], "unchanged": [], "conflicts": []}
    for qid in sorted(incoming):
        item, row = incoming[qid], stored.get(qid)
        if row is None or row.cleared:
            fate["added"].append(qid)
            continue
        if content_of(spec, item) == content_of(spec, item_from_row(spec, row)):
            fate["unchanged"].append(qid)
            continue
        fate["changed"].append(qid)
        if item.revision > 0 and item.revision != row.revision:
            fate["conflicts"].append(qid)
    return fate


def _merge_plan(
    store: Store, conn: Connection, assessment: Assessment, target: str, lock: bool = False
) -> ImportOutcome:
    head = store._head(conn, target, lock)
    if head.instrument_id != assessment.instrument_id:
        params = {"found": assessment.instrument_id, "expected": head.instrument_id}
        raise ImportValidationError(
            [Problem("instrument_id", "error.import_wrong_instrument", params)]
        )
    answers = _diff(ANSWER, assessment.answers, _stored_rows(conn, ANSWER, target))
    actions = _diff(ACTION, assessment.actions, _stored_rows(conn, ACTION, target))
    return ImportOutcome(
        assessment_id=target,
        mode="merge",
        created=False,
        version=head.version,
        added=answers["added"],
        changed=answers["changed"],
        unchanged=answers["unchanged"],
        conflicts=answers["conflicts"] + actions["conflicts"],
        actions_added=actions["added"],
        actions_changed=actions["changed"],
    )


def _conflict(conn: Connection, target: str, question_id: str, incoming: Assessment) -> Problem:
    item = incoming.answers.get(question_id) or incoming.actions[question_id]
    spec = ANSWER if question_id in incoming.answers else ACTION
    row = _stored_rows(conn, spec, target)[question_id]
    params = {"question": question_id, "stored": row.revision, "found": item.revision}
    return Problem(f"{spec.kind.value}s.{question_id}", "error.import_conflict", params)


def _apply_merge(
    store: Store,
    conn: Connection,
    assessment: Assessment,
    target: str,
    plan: ImportOutcome,
    actor: str,
    source: str,
) -> None:
    if not plan.changes:
        return
    now = utc_now()
    for spec, items, ids in (
        (ANSWER, assessment.answers, plan.added + plan.changed),
        (ACTION, assessment.actions, plan.actions_added + plan.actions_changed),
    ):
        stored = _stored_rows(conn, spec, target)
        for qid in ids:
            _merge_item(store, conn, target, items[qid], stored.get(qid), actor, source)
    store._bump(conn, target, now)
    store._record(
        conn,
        assessment_id=target,
        kind=Kind.ASSESSMENT.value,
        outcome=Outcome.IMPORTED.value,
        revision=plan.version + 1,
        new={"source": source, "from": assessment.id, "changes": plan.changes},
        actor=actor,
        changed_at=now,
    )


def _merge_item(
    store: Store,
    conn: Connection,
    target: str,
    incoming: Answer | ActionItem,
    row: Row[Any] | None,
    actor: str,
    source: str,
) -> None:
    """Write one imported item as the next revision of ``row`` and record old -> new."""
    spec = ANSWER if isinstance(incoming, Answer) else ACTION
    old = None if row is None or row.cleared else content_of(spec, item_from_row(spec, row))
    revision = (row.revision if row is not None else 0) + 1
    stamp = {"revision": revision, "updated_by": actor, "updated_at": utc_now()}
    item = incoming.model_copy(update=stamp)
    store._write_item(conn, spec, target, item, exists=row is not None)
    store._record(
        conn,
        assessment_id=target,
        question_id=item.question_id,
        kind=spec.kind.value,
        outcome=Outcome.IMPORTED.value,
        revision=revision,
        old=old,
        new=content_of(spec, item),
        actor=actor,
        changed_at=stamp["updated_at"],
        note=source or None,
    )
