"""Who may do what: the principal passed to the store, the roles, and a store bound to one user.

Shared mode (a server used by several countries) and single-user mode (a laptop) differ only
in the principal the store is given:

- ``Actor(user_id, is_admin)``: a signed-in user. The store checks every read and write against
  the user's role on that assessment (``memberships``), in the same transaction as the
  operation; the ``users`` row must exist and be active. Admin powers need both the flag here
  and the ``is_admin`` column (a stale or forged flag grants nothing).
- ``None`` (``SINGLE_USER``): everything is allowed, as on a laptop. A store opened with
  ``require_actor=True`` (the app and the CLI do so whenever sign-in is on) refuses ``None``,
  so a code path that forgets the actor fails closed instead of open.

Roles per assessment rank ``viewer < editor < owner``; ``NEEDS`` says which one each operation
needs. Creating an assessment (new, or imported as new) needs only a valid signed-in user, who
becomes its owner. Admins may do everything, and only they read the audit (``Store.audit``).
A refusal raises ``AccessDeniedError`` and is recorded in the history (kind ``access``,
outcome ``refused_access``) with the signed-in user.

``ActingStore`` is a store seen by one principal: every method that takes ``actor`` gets it
bound (the UI builds one per run from ``ui.state.actor()``), so pages cannot forget it.
"""

from __future__ import annotations

import functools
import inspect
import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, Final


class Role(StrEnum):
    VIEWER = "viewer"
    EDITOR = "editor"
    OWNER = "owner"

    @property
    def rank(self) -> int:
        return _RANK[self]

    def allows(self, needed: Role) -> bool:
        return self.rank >= needed.rank


_RANK: Final = {Role.VIEWER: 1, Role.EDITOR: 2, Role.OWNER: 3}

NEEDS: Final[dict[str, Role]] = {
    "get": Role.VIEWER,
    "get_answer": Role.VIEWER,
    "history": Role.VIEWER,
    "members": Role.VIEWER,
    "save_answer": Role.EDITOR,
    "clear_answer": Role.EDITOR,
    "save_action": Role.EDITOR,
    "clear_action": Role.EDITOR,
    "plan_import": Role.EDITOR,
    "import_assessment": Role.EDITOR,
    "update_meta": Role.OWNER,
    "duplicate": Role.OWNER,
    "delete": Role.OWNER,
    "grant": Role.OWNER,
    "revoke": Role.OWNER,
}
"""The role each per-assessment operation needs (an import into a stored assessment: editor)."""

USER_ID: Final = re.compile(r"^[a-z0-9][a-z0-9._@+-]{0,253}$")
"""Account names and identity-provider e-mail addresses, lowercased."""


@dataclass(frozen=True)
class Actor:
    """A signed-in user as the store sees them."""

    user_id: str
    is_admin: bool = False

    def __post_init__(self) -> None:
        if not USER_ID.match(self.user_id):
            raise ValueError("invalid user id")


SINGLE_USER: Final = None
"""The principal of the single-user app: no sign-in, everything allowed."""


def normalise_user_id(user_id: str) -> str:
    """The stored form of a user id: trimmed, lowercased (e-mail addresses compare equal)."""
    return str(user_id or "").strip().lower()


def role_of(value: str | Role) -> Role:
    """``value`` as a ``Role`` (``ValueError`` for anything else)."""
    return Role(str(value).strip().lower())


_HIDDEN: Final = frozenset({"engine", "close"})


@functools.cache
def _actor_methods(kind: type) -> frozenset[str]:
    names = set()
    for name, member in inspect.getmembers(kind, inspect.isfunction):
        if not name.startswith("_") and "actor" in inspect.signature(member).parameters:
            names.add(name)
    return frozenset(names)


class ActingStore:
    """``store`` as seen by ``actor``: methods taking ``actor`` get this one, always.

    Passing ``actor=`` to a bound method is a ``TypeError`` (no way to act as someone else
    through the view); private attributes and the engine (raw SQL around the checks) are not
    exposed.
    """

    def __init__(self, store: Any, actor: Actor | None) -> None:
        self._store = store
        self._actor = actor

    @property
    def actor(self) -> Actor | None:
        return self._actor

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_") or name in _HIDDEN:
            raise AttributeError(name)
        value = getattr(self._store, name)
        if name not in _actor_methods(type(self._store)):
            return value
        actor = self._actor

        @functools.wraps(value)
        def bound(*args: Any, **kwargs: Any) -> Any:
            if "actor" in kwargs:
                raise TypeError("the actor of an ActingStore is fixed")
            return value(*args, actor=actor, **kwargs)

        return bound
