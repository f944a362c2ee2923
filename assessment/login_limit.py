"""Rate limit of password sign-ins, kept in the database (``login_attempts``) so that it holds
across sessions, browser tabs, restarts and replicas.

- **Per account** (the name typed, whether or not such an account exists, so the limit does
  not tell which names exist): after ``max_failures`` failures since its last successful
  sign-in (within ``account_memory``), the account is locked for ``base_lockout``, doubling
  with every further failure up to ``max_lockout``, counted from the last failure.
- **Per client** (the address of the browser, when known): ``client_max_failures`` failures
  on any accounts within ``client_window`` lock that client the same way. An unknown client
  (``""``: a direct local connection, or a proxy that does not pass the address on) is only
  limited per account.
- While locked, every attempt is refused **before** the password is checked (even a right
  one) and recorded as ``locked``; such attempts do not extend the lockout.

Each attempt is decided in one write transaction that first takes a lock on the account and
on the client (PostgreSQL advisory locks; SQLite's single writer) and inserts the attempt as
a failure; the password is then checked outside the transaction and the row turned into a
success if it matched. So parallel attempts (several tabs or replicas) are counted as
failures while they are checked, and can never exceed the limit.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Final

from sqlalchemy import ColumnElement, Connection, delete, func, insert, select, text, update

from assessment.access import Actor, normalise_user_id
from assessment.accounts import MAX_PASSWORD
from assessment.errors import SignInError
from assessment.models import utc_now
from assessment.store_schema import login_attempts, users

if TYPE_CHECKING:
    from assessment.accounts import Accounts

SUCCESS: Final = "success"
FAILURE: Final = "failure"
LOCKED: Final = "locked"
MAX_CLIENT = 64
RETENTION: Final = timedelta(days=90)


@dataclass(frozen=True)
class LoginPolicy:
    max_failures: int = 5
    client_max_failures: int = 20
    account_memory: timedelta = timedelta(hours=24)
    client_window: timedelta = timedelta(minutes=15)
    base_lockout: timedelta = timedelta(minutes=1)
    max_lockout: timedelta = timedelta(hours=1)

    def locked_until(self, failures: int, limit: int, last: datetime | None) -> datetime | None:
        """When a lock after ``failures`` (the last one at ``last``) ends; None: not locked."""
        if last is None or failures < limit:
            return None
        doublings = min(failures - limit, 20)
        return last + min(self.base_lockout * (2**doublings), self.max_lockout)


def _lock_key(kind: str, value: str) -> int:
    digest = hashlib.sha256(f"{kind}:{value}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


def _take_locks(conn: Connection, account: str, client: str) -> None:
    if conn.dialect.name != "postgresql":
        return  # SQLite: the write transaction (BEGIN IMMEDIATE) already excludes other writers
    for kind, value in (("account", account), ("client", client)):
        if value:
            key = {"key": _lock_key(kind, value)}
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), key)


def _failures(
    conn: Connection, where: ColumnElement[bool], since: datetime
) -> tuple[int, datetime | None]:
    query = select(func.count(), func.max(login_attempts.c.at)).where(
        where, login_attempts.c.outcome == FAILURE, login_attempts.c.at > since
    )
    count, last = conn.execute(query).one()
    return int(count or 0), last


def _locked_until(
    conn: Connection, policy: LoginPolicy, account: str, client: str, now: datetime
) -> datetime | None:
    mine = login_attempts.c.account == account
    last_success = conn.execute(
        select(func.max(login_attempts.c.at)).where(mine, login_attempts.c.outcome == SUCCESS)
    ).scalar()
    since = now - policy.account_memory
    if last_success is not None and last_success > since:
        since = last_success
    count, last = _failures(conn, mine, since)
    ends = [policy.locked_until(count, policy.max_failures, last)]
    if client:
        count, last = _failures(conn, login_attempts.c.client == client, now - policy.client_window)
        ends.append(policy.locked_until(count, policy.client_max_failures, last))
    later = [end for end in ends if end is not None and end > now]
    return max(later) if later else None


def _minutes(until: datetime, now: datetime) -> int:
    return max(1, -(-int((until - now).total_seconds()) // 60))


def authenticate(accounts: Accounts, account: str, password: str, client: str = "") -> Actor:
    """The principal of ``account`` if ``password`` is its password and no limit applies.

    Raises ``SignInError``: ``error.signin_failed`` (wrong name or password, disabled account,
    identity-provider account: never says which) or ``error.signin_locked`` (``minutes``)."""
    store, policy = accounts.store, accounts.policy
    name = normalise_user_id(account)[:254]
    client = (client or "").strip()[:MAX_CLIENT]
    now = utc_now()
    with store._transaction(write=True) as conn:
        _take_locks(conn, name, client)
        until = _locked_until(conn, policy, name, client, now)
        outcome = LOCKED if until is not None else FAILURE
        values = {"account": name, "client": client, "at": now, "outcome": outcome}
        attempt = conn.execute(insert(login_attempts).values(**values)).inserted_primary_key[0]
        row = conn.execute(
            select(users.c.password_hash, users.c.active, users.c.is_admin).where(
                users.c.id == name
            )
        ).first()
    if until is not None:
        raise SignInError("error.signin_locked", minutes=_minutes(until, now))
    stored = row.password_hash if row is not None and row.active else None
    if len(password) > MAX_PASSWORD:
        password = ""  # not a password this app accepts: checked (and failing) at the same cost
    if not accounts.verify(stored, password) or row is None:
        raise SignInError("error.signin_failed")
    _succeeded(accounts, attempt, name, password, stored)
    return Actor(name, bool(row.is_admin))


def _succeeded(accounts: Accounts, attempt: int, name: str, password: str, stored: str) -> None:
    now = utc_now()
    values: dict[str, object] = {"last_login_at": now}
    if accounts.hasher.check_needs_rehash(stored):
        values["password_hash"] = accounts.hasher.hash(password)
    with accounts.store._transaction(write=True) as conn:
        here = login_attempts.c.id == attempt
        conn.execute(update(login_attempts).where(here).values(outcome=SUCCESS))
        conn.execute(update(users).where(users.c.id == name).values(**values))
        conn.execute(delete(login_attempts).where(login_attempts.c.at < now - RETENTION))
