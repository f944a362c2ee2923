"""The access checks of the store, and the methods that manage roles and read the audit.

Every ``Store`` method that reads or writes one assessment calls ``_authorize`` inside its own
transaction, before it touches the assessment (so a user without a role learns nothing, not
even whether the id exists; admins and the single-user app get ``NotFoundError`` as before).
A refusal raises ``AccessDeniedError``; ``Store._transaction`` records it in the history once
the refused transaction is rolled back (``_note_refusal``). See ``assessment.access``.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, delete, func, insert, select, update

from assessment.access import NEEDS, Actor, Role, normalise_user_id, role_of
from assessment.errors import AccessDeniedError, AccountError, StoreUnavailableError
from assessment.models import utc_now
from assessment.store_rows import HistoryEntry, Kind, Outcome, history_entry, recorded_name
from assessment.store_schema import history, memberships, users

if TYPE_CHECKING:
    from assessment.store import Store

LOG = logging.getLogger("gapassess.access")
AUDIT_LIMIT = 5000


@dataclass(frozen=True)
class Member:
    """One user's role on one assessment."""

    user_id: str
    display_name: str
    role: Role
    granted_by: str
    granted_at: datetime


def _checked_role(role: str | Role) -> Role:
    try:
        return role_of(role)
    except ValueError:
        raise AccountError("error.unknown_role", role=str(role)[:20]) from None


class AccessMixin:
    """Role checks (``_principal``, ``_authorize``) and roles, members, audit (``Store``)."""

    require_actor: bool

    def _principal(
        self: Store, conn: Connection, actor: Actor | None, operation: str, assessment_id: str = ""
    ) -> bool | None:
        """None: the single-user app; True: an admin; False: a user whose roles decide.

        Refuses ``None`` when the store requires an actor, and a user who is not an active
        account."""
        if actor is None:
            if self.require_actor:
                raise AccessDeniedError(operation, assessment_id, "")
            return None
        query = select(users.c.is_admin, users.c.active).where(users.c.id == actor.user_id)
        row = conn.execute(query).first()
        if row is None or not row.active:
            raise AccessDeniedError(operation, assessment_id, actor.user_id)
        return bool(row.is_admin) and actor.is_admin

    def _authorize(
        self: Store, conn: Connection, actor: Actor | None, assessment_id: str, operation: str
    ) -> bool | None:
        """Refuse unless ``actor`` holds the role ``operation`` needs on ``assessment_id``;
        returns what ``_principal`` returned."""
        admin = self._principal(conn, actor, operation, assessment_id)
        if admin is None or admin:
            return admin
        assert actor is not None  # noqa: S101 - _principal returned False for a user
        held = self._held_role(conn, actor.user_id, assessment_id)
        if held is None or not held.allows(NEEDS[operation]):
            raise AccessDeniedError(operation, assessment_id, actor.user_id)
        return admin

    def _check_access(
        self: Store, actor: Actor | None, assessment_id: str, operation: str
    ) -> bool | None:
        """``_authorize`` in a transaction of its own (before work done outside one)."""
        if actor is None and not self.require_actor:
            return None  # the single-user app: nothing to look up
        with self._transaction() as conn:
            return self._authorize(conn, actor, assessment_id, operation)

    def _held_role(self: Store, conn: Connection, user_id: str, assessment_id: str) -> Role | None:
        query = select(memberships.c.role).where(
            memberships.c.user_id == user_id, memberships.c.assessment_id == assessment_id
        )
        found = conn.execute(query).scalar()
        return Role(found) if found else None

    def _note_refusal(self: Store, refused: AccessDeniedError) -> None:
        """Record a refused operation (the refused transaction itself was rolled back)."""
        LOG.warning(
            "access denied: user=%r operation=%s assessment=%r",
            refused.user,
            refused.operation,
            refused.assessment,
        )
        try:
            with self._transaction(write=True) as conn:
                self._record(
                    conn,
                    assessment_id=refused.assessment[:64],
                    kind=Kind.ACCESS.value,
                    outcome=Outcome.REFUSED_ACCESS.value,
                    new={"operation": refused.operation},
                    actor=refused.user,
                    note=refused.operation,
                )
        except StoreUnavailableError:
            LOG.warning("the refusal above could not be recorded")

    def _add_member(
        self: Store, conn: Connection, assessment_id: str, user_id: str, role: Role, by: str
    ) -> None:
        values = {"role": role.value, "granted_by": by, "granted_at": utc_now()}
        conn.execute(
            insert(memberships).values(assessment_id=assessment_id, user_id=user_id, **values)
        )

    def _make_owner(self: Store, conn: Connection, assessment_id: str, actor: Actor | None) -> None:
        """The creator of an assessment owns it (nothing to do in the single-user app)."""
        if actor is not None:
            self._add_member(conn, assessment_id, actor.user_id, Role.OWNER, actor.user_id)

    def _copy_members(
        self: Store, conn: Connection, source: str, target: str, actor: Actor | None
    ) -> None:
        """A follow-up round is seen by the team of the source; its creator owns it."""
        rows = conn.execute(select(memberships).where(memberships.c.assessment_id == source))
        held = {row.user_id: Role(row.role) for row in rows}
        if actor is not None:
            held[actor.user_id] = Role.OWNER
        by = actor.user_id if actor is not None else ""
        for user_id, role in sorted(held.items()):
            self._add_member(conn, target, user_id, role, by)

    # Public ------------------------------------------------------------------------------------

    def roles(self: Store, *, actor: Actor | None = None) -> dict[str, Role]:
        """The actor's own role on each assessment they are a member of (empty: single-user)."""
        if actor is None:
            return {}
        query = select(memberships.c.assessment_id, memberships.c.role).where(
            memberships.c.user_id == actor.user_id
        )
        with self._transaction() as conn:
            self._principal(conn, actor, "roles")
            return {row.assessment_id: Role(row.role) for row in conn.execute(query)}

    def members(self: Store, assessment_id: str, *, actor: Actor | None = None) -> list[Member]:
        """Who holds which role on ``assessment_id`` (needs viewer)."""
        query = (
            select(memberships, users.c.display_name)
            .join(users, users.c.id == memberships.c.user_id)
            .where(memberships.c.assessment_id == assessment_id)
            .order_by(memberships.c.user_id)
        )
        with self._transaction() as conn:
            self._authorize(conn, actor, assessment_id, "members")
            self._head(conn, assessment_id)
            rows = list(conn.execute(query))
        return [
            Member(r.user_id, r.display_name, Role(r.role), r.granted_by, r.granted_at)
            for r in rows
        ]

    def grant(
        self: Store,
        assessment_id: str,
        user_id: str,
        role: str | Role,
        *,
        user: str = "",
        actor: Actor | None = None,
    ) -> None:
        """Give ``user_id`` ``role`` on ``assessment_id`` (needs owner; replaces a role held).

        Refuses an unknown user (``error.unknown_user``) and, for owners who are not admins,
        demoting the last owner (``error.last_owner``). Recorded in the history."""
        wanted = _checked_role(role)
        target = normalise_user_id(user_id)
        with self._transaction(write=True) as conn:
            admin = self._authorize(conn, actor, assessment_id, "grant")
            self._head(conn, assessment_id, lock=True)
            if conn.execute(select(users.c.id).where(users.c.id == target)).first() is None:
                raise AccountError("error.unknown_user", user=target[:80])
            held = self._held_role(conn, target, assessment_id)
            if held == wanted:
                return
            if held is Role.OWNER and admin is False:
                self._keep_an_owner(conn, assessment_id)
            here = (memberships.c.assessment_id == assessment_id) & (
                memberships.c.user_id == target
            )
            who = recorded_name(user, actor)
            if held is None:
                self._add_member(conn, assessment_id, target, wanted, who)
            else:
                values = {"role": wanted.value, "granted_by": who, "granted_at": utc_now()}
                conn.execute(update(memberships).where(here).values(**values))
            old = None if held is None else {"user": target, "role": held.value}
            self._record_access(conn, assessment_id, Outcome.GRANTED, who, old, wanted, target)

    def revoke(
        self: Store,
        assessment_id: str,
        user_id: str,
        *,
        user: str = "",
        actor: Actor | None = None,
    ) -> None:
        """Take away ``user_id``'s role on ``assessment_id`` (needs owner); recorded."""
        target = normalise_user_id(user_id)
        with self._transaction(write=True) as conn:
            admin = self._authorize(conn, actor, assessment_id, "revoke")
            self._head(conn, assessment_id, lock=True)
            held = self._held_role(conn, target, assessment_id)
            if held is None:
                return
            if held is Role.OWNER and admin is False:
                self._keep_an_owner(conn, assessment_id)
            conn.execute(
                delete(memberships).where(
                    memberships.c.assessment_id == assessment_id, memberships.c.user_id == target
                )
            )
            old = {"user": target, "role": held.value}
            who = recorded_name(user, actor)
            self._record_access(conn, assessment_id, Outcome.REVOKED, who, old, None, target)

    def _keep_an_owner(self: Store, conn: Connection, assessment_id: str) -> None:
        owners = conn.execute(
            select(func.count()).where(
                memberships.c.assessment_id == assessment_id,
                memberships.c.role == Role.OWNER.value,
            )
        ).scalar()
        if int(owners or 0) <= 1:
            raise AccountError("error.last_owner")

    def _record_access(
        self: Store,
        conn: Connection,
        assessment_id: str,
        outcome: Outcome,
        who: str,
        old: dict[str, Any] | None,
        role: Role | None,
        target: str,
    ) -> None:
        self._record(
            conn,
            assessment_id=assessment_id,
            kind=Kind.ACCESS.value,
            outcome=outcome.value,
            old=old,
            new=None if role is None else {"user": target, "role": role.value},
            actor=who,
        )

    def audit(  # noqa: PLR0913 - ``actor`` is the principal, not an option
        self: Store,
        *,
        actor: Actor | None = None,
        user: str | None = None,
        assessment_id: str | None = None,
        kind: str | None = None,
        outcome: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        limit: int = 1000,
    ) -> list[HistoryEntry]:
        """Changes and refusals across every assessment, newest first (admins only).

        Filters: the user recorded, the assessment, the kind, the outcome, a time range
        (``since`` included, ``until`` excluded). At most ``limit`` rows (capped)."""
        query = select(history)
        wanted = {
            history.c.actor: user,
            history.c.assessment_id: assessment_id,
            history.c.kind: kind,
            history.c.outcome: outcome,
        }
        for column, value in wanted.items():
            if value:
                query = query.where(column == value)
        if since is not None:
            query = query.where(history.c.changed_at >= since)
        if until is not None:
            query = query.where(history.c.changed_at < until)
        query = query.order_by(history.c.id.desc()).limit(max(1, min(limit, AUDIT_LIMIT)))
        with self._transaction() as conn:
            if self._principal(conn, actor, "audit") is False:
                raise AccessDeniedError("audit", "", actor.user_id if actor else "")
            return [history_entry(row) for row in conn.execute(query)]
