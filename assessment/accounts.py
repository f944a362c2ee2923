"""User accounts of a shared server: local accounts with passwords, identity-provider users.

- **Passwords** are hashed with argon2id (``argon2-cffi``'s ``PasswordHasher``, its RFC 9106
  defaults) and only the hash is stored; hashes are rehashed on sign-in when the parameters
  were raised. Neither a password nor a hash is ever returned (``User`` has no such field)
  or logged (the engine hides bound parameters). Passwords have 12 to 1024 characters.
- **Identity-provider users** (OIDC) have no password; their row is created on their first
  sign-in (``oidc_actor``) and admins grant them roles like anyone else.
- **Sign-in** with a password is rate limited per account and per client, in the database so
  the limit holds across sessions and replicas (``assessment.login_limit``).
- A signed-in session stays valid while the account is active and its password unchanged
  since the sign-in (``session_actor``); the UI re-checks on every run.

The operator manages accounts with ``python -m assessment users ...`` (``users_cli``).
"""

from __future__ import annotations

import contextlib
import logging
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, Final

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import Row, insert, select, update

from assessment.access import USER_ID, Actor, normalise_user_id
from assessment.errors import AccountError, SignInError
from assessment.models import MAX_SHORT_TEXT, utc_now
from assessment.store_schema import users

if TYPE_CHECKING:
    from assessment.login_limit import LoginPolicy
    from assessment.store import Store

LOG = logging.getLogger("gapassess.accounts")
MIN_PASSWORD: Final = 12
MAX_PASSWORD: Final = 1024


@dataclass(frozen=True)
class User:
    """An account as shown to people: never its password hash."""

    id: str
    display_name: str
    is_admin: bool
    active: bool
    has_password: bool
    created_at: datetime
    last_login_at: datetime | None


def check_password(password: str) -> None:
    """Refuse a password that is too short or too long (``AccountError``)."""
    if len(password) < MIN_PASSWORD:
        raise AccountError("error.password_too_short", minimum=MIN_PASSWORD)
    if len(password) > MAX_PASSWORD:
        raise AccountError("error.password_too_long", maximum=MAX_PASSWORD)


def checked_user_id(user_id: str) -> str:
    normalised = normalise_user_id(user_id)
    if not USER_ID.match(normalised):
        raise AccountError("error.user_id_invalid")
    return normalised


def _user(row: Row[Any]) -> User:
    return User(
        id=row.id,
        display_name=row.display_name,
        is_admin=bool(row.is_admin),
        active=bool(row.active),
        has_password=row.password_hash is not None,
        created_at=row.created_at,
        last_login_at=row.last_login_at,
    )


class Accounts:
    """The ``users`` table of ``store``'s database (no access checks: operator and sign-in)."""

    def __init__(
        self,
        store: Store,
        hasher: PasswordHasher | None = None,
        policy: LoginPolicy | None = None,
    ) -> None:
        from assessment.login_limit import LoginPolicy

        self.store = store
        self.hasher = hasher or PasswordHasher()
        self.policy = policy or LoginPolicy()
        self._dummy: str | None = None

    def hash(self, password: str) -> str:
        check_password(password)
        return self.hasher.hash(password)

    def dummy_hash(self) -> str:
        """A hash to verify against when the account does not exist (same time taken)."""
        if self._dummy is None:
            self._dummy = self.hasher.hash("not a password of anyone here")
        return self._dummy

    def verify(self, stored_hash: str | None, password: str) -> bool:
        """Whether ``password`` matches ``stored_hash`` (None: always False, same time)."""
        try:
            return self.hasher.verify(stored_hash or self.dummy_hash(), password) and bool(
                stored_hash
            )
        except (VerificationError, InvalidHashError):
            return False

    # Managing accounts -------------------------------------------------------------------------

    def add(
        self,
        user_id: str,
        password: str | None = None,
        *,
        display_name: str = "",
        is_admin: bool = False,
    ) -> User:
        """A new active account; without a password it signs in through the identity provider
        only. ``error.user_exists`` if the id is taken."""
        uid = checked_user_id(user_id)
        hashed = self.hash(password) if password is not None else None
        now = utc_now()
        with self.store._transaction(write=True) as conn:
            if conn.execute(select(users.c.id).where(users.c.id == uid)).first() is not None:
                raise AccountError("error.user_exists", user=uid)
            conn.execute(
                insert(users).values(
                    id=uid,
                    display_name=display_name.strip()[:MAX_SHORT_TEXT],
                    password_hash=hashed,
                    is_admin=is_admin,
                    active=True,
                    created_at=now,
                    password_changed_at=now if hashed else None,
                )
            )
        LOG.info("account %s added (admin: %s)", uid, is_admin)
        return self._get(uid)

    def _get(self, uid: str) -> User:
        found = self.get(uid)
        if found is None:
            raise AccountError("error.unknown_user", user=uid)
        return found

    def _change(self, user_id: str, **values: Any) -> None:
        uid = normalise_user_id(user_id)
        with self.store._transaction(write=True) as conn:
            done = conn.execute(update(users).where(users.c.id == uid).values(**values))
            if done.rowcount == 0:
                raise AccountError("error.unknown_user", user=uid[:80])

    def set_password(self, user_id: str, password: str) -> None:
        """A new password; sessions signed in before it end (``session_actor``)."""
        self._change(user_id, password_hash=self.hash(password), password_changed_at=utc_now())
        LOG.info("password of %s changed", normalise_user_id(user_id))

    def set_admin(self, user_id: str, is_admin: bool) -> None:
        self._change(user_id, is_admin=is_admin)
        LOG.info("admin flag of %s set to %s", normalise_user_id(user_id), is_admin)

    def set_active(self, user_id: str, active: bool) -> None:
        """Disable (or enable again) an account: a disabled one can do nothing at all."""
        self._change(user_id, active=active)
        LOG.info("account %s active: %s", normalise_user_id(user_id), active)

    def get(self, user_id: str) -> User | None:
        uid = normalise_user_id(user_id)
        with self.store._transaction() as conn:
            row = conn.execute(select(users).where(users.c.id == uid)).first()
        return None if row is None else _user(row)

    def list_users(self) -> list[User]:
        with self.store._transaction() as conn:
            rows = list(conn.execute(select(users).order_by(users.c.id)))
        return [_user(row) for row in rows]

    # Principals --------------------------------------------------------------------------------

    def actor_for(self, user_id: str) -> Actor | None:
        """The principal of an active account (None: no such account, or disabled)."""
        found = self.get(user_id)
        if found is None or not found.active:
            return None
        return Actor(found.id, found.is_admin)

    def session_actor(self, user_id: str, signed_in_at: datetime) -> Actor | None:
        """The principal of a session signed in at ``signed_in_at``, refreshed from the
        database: None once the account is disabled, removed, or its password changed."""
        uid = normalise_user_id(user_id)
        with self.store._transaction() as conn:
            row = conn.execute(select(users).where(users.c.id == uid)).first()
        if row is None or not row.active:
            return None
        changed = row.password_changed_at
        if changed is not None and changed > signed_in_at:
            return None
        return Actor(row.id, bool(row.is_admin))

    def oidc_actor(self, email: str, display_name: str = "") -> Actor:
        """The principal of a user the identity provider signed in (by e-mail address); the
        account is created, without a password or roles, on the first sign-in."""
        uid = normalise_user_id(email)
        if not USER_ID.match(uid):
            raise SignInError("error.signin_failed")
        found = self.get(uid)
        if found is None:
            with contextlib.suppress(AccountError):  # created meanwhile by another replica
                self.add(uid, None, display_name=display_name)
            found = self.get(uid)
        if found is None or not found.active:
            raise SignInError("error.signin_failed")
        self._change(uid, last_login_at=utc_now())
        return Actor(found.id, found.is_admin)

    def authenticate(self, account: str, password: str, client: str = "") -> Actor:
        """Sign in with a password (rate limited, see ``assessment.login_limit``)."""
        from assessment.login_limit import authenticate

        return authenticate(self, account, password, client)


def store_for_command(user: str, bundle: Any = None) -> Any:
    """The store a command-line run uses (``GAPASSESS_DB`` / ``DATABASE_URL``): with sign-in
    on (``assessment.auth_config``), bound to the active account ``user`` (``--user``), so a
    command can do exactly what that user may do in the app; else the store itself.

    Raises ``AccountError`` (``error.unknown_user``) for a name that is no active account.
    """
    from assessment.access import ActingStore
    from assessment.auth_config import load_settings
    from assessment.store import Store

    settings = load_settings()
    store = Store.from_env(bundle=bundle, require_actor=settings.enabled)
    if not settings.enabled:
        return store
    actor = Accounts(store).actor_for(user)
    if actor is None:
        store.close()
        raise AccountError("error.unknown_user", user=normalise_user_id(user)[:80])
    return ActingStore(store, actor)
