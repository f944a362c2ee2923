"""The one module that reads and writes Streamlit's per-browser-tab state (house style rule 6).

Session state is *not* storage: a refresh wipes it. The store is the truth for everything a
person types; what lives here is only UI navigation (which assessment is open, which section
is shown, filters), widget plumbing (seeding a widget from the store, a value the store refused)
and one-shot notices ("saved"). Every key is namespaced ``<area>:<name>`` so pages cannot clash.

API for page authors (all plain functions):

- language: ``language()``, ``init_language(codes, locale)``, ``LANGUAGE_KEY`` (the picker key)
- who is working (recorded in the history): ``user_name()``, ``USER_KEY`` (the sidebar field)
- who is signed in (shared mode; ``ui.auth`` signs in and out): ``actor()`` (the principal
  every store call is made as, through ``ui.cache.store``), ``signed_in()``,
  ``set_signed_in(held)``, ``end_session()``
- open assessment: ``current_assessment_id()``, ``set_current_assessment(id)``; both the
  language and the open assessment are kept in the URL (``remember_in_url``)
- generic UI values: ``get(key, default)``, ``put(key, value)``, ``drop(key)``
- widgets drawn from the store: ``seed_widget(key, value)``, ``widget_value(key)``,
  ``forget_widgets(prefixes)``
- values the store refused (kept so nothing typed is lost): ``set_pending``, ``pending``,
  ``clear_pending``
- revision a question was drawn at (stale-write check): ``remember_revision``, ``drawn_revision``
- one-shot notices: ``notify(topic, kind, key, params)``, ``take_notice(topic)``
"""

from __future__ import annotations

import getpass
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any

import streamlit as st

from assessment.access import Actor
from assessment.models import utc_now

LANGUAGE_KEY = "ui:lang"
LANGUAGE_PARAM = "lang"
ASSESSMENT_PARAM = "assessment"
_ASSESSMENT_ID = re.compile(r"^[a-z0-9-]{6,64}$")
_CURRENT = "ui:assessment"
_PENDING = "ui:pending"
_REVISIONS = "ui:revisions"
_NOTICES = "ui:notices"


@dataclass(frozen=True)
class Notice:
    """A message to show once: ``kind`` is success / warning / error; ``key`` an i18n key."""

    kind: str
    key: str
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Pending:
    """A widget value the store refused, with the i18n error; shown again until fixed."""

    value: Any
    key: str
    params: dict[str, Any] = field(default_factory=dict)


def _bucket(name: str) -> dict[str, Any]:
    if name not in st.session_state:
        st.session_state[name] = {}
    return st.session_state[name]


# Language -------------------------------------------------------------------------------------


def init_language(codes: list[str], locale: str | None) -> str:
    """Pick the session language once: URL ``?lang=`` first, then the browser locale, then the
    first code. Afterwards the picker widget (key ``LANGUAGE_KEY``) owns the value."""
    if LANGUAGE_KEY not in st.session_state or st.session_state[LANGUAGE_KEY] not in codes:
        wanted = st.query_params.get(LANGUAGE_PARAM)
        browser = (locale or "").split("-")[0].lower()
        fallback = browser if browser in codes else codes[0]
        st.session_state[LANGUAGE_KEY] = wanted if wanted in codes else fallback
    return st.session_state[LANGUAGE_KEY]


def language() -> str:
    """The session language code (``en`` until ``init_language`` ran)."""
    return st.session_state.get(LANGUAGE_KEY, "en")


def remember_in_url() -> None:
    """Keep ``?lang=`` and ``?assessment=`` in the address bar, so that a reload (which wipes
    the session) or a bookmark comes back in the same language to the same assessment."""
    wanted = {LANGUAGE_PARAM: language(), ASSESSMENT_PARAM: current_assessment_id()}
    for name, value in wanted.items():
        if value and st.query_params.get(name) != value:
            st.query_params[name] = value
        elif not value and name in st.query_params:
            del st.query_params[name]


# Who is working -------------------------------------------------------------------------------

USER_KEY = "ui:user"


def user_name() -> str:
    """The name recorded with every change: the signed-in user in shared mode, else the
    sidebar field (the computer's user by default)."""
    held = signed_in()
    if held is not None:
        return held.actor.user_id
    name = str(st.session_state.get(USER_KEY) or "").strip()
    return name or default_user_name()


def default_user_name() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError, ImportError):
        return ""


def init_user_name() -> None:
    if USER_KEY not in st.session_state:
        st.session_state[USER_KEY] = default_user_name()


# Who is signed in (shared mode) ---------------------------------------------------------------

_SIGNED_IN = "auth:signed_in"


@dataclass(frozen=True)
class SignedIn:
    """A signed-in session: who, how (``local`` or ``oidc``), since when, last activity, and
    its limits (idle time, absolute end)."""

    actor: Actor
    method: str
    signed_in_at: datetime
    last_seen: datetime
    idle: timedelta
    expires_at: datetime

    def valid_at(self, now: datetime) -> bool:
        return now - self.last_seen <= self.idle and now < self.expires_at


def signed_in() -> SignedIn | None:
    """This session's sign-in, expired or not (``ui.auth`` decides what to do about it)."""
    held = st.session_state.get(_SIGNED_IN)
    return held if isinstance(held, SignedIn) else None


def set_signed_in(held: SignedIn | None) -> None:
    if held is None:
        st.session_state.pop(_SIGNED_IN, None)
    else:
        st.session_state[_SIGNED_IN] = held


def actor() -> Actor | None:
    """The principal the store is called as: the signed-in user while the session is valid
    (each call counts as activity), else None. None is everything in the single-user app,
    where nobody signs in, and nothing in shared mode (the store then requires an actor)."""
    held = signed_in()
    now = utc_now()
    if held is None or not held.valid_at(now):
        return None
    st.session_state[_SIGNED_IN] = replace(held, last_seen=now)
    return held.actor


def end_session() -> None:
    """Forget everything this browser tab holds but its language (signing out, expiry), so
    the next person at the same computer starts clean."""
    for key in [k for k in list(st.session_state) if k != LANGUAGE_KEY]:
        del st.session_state[key]


# Open assessment ------------------------------------------------------------------------------


def current_assessment_id() -> str | None:
    """The open assessment: this session's choice, else the one named in the URL."""
    if _CURRENT not in st.session_state:
        named = st.query_params.get(ASSESSMENT_PARAM, "")
        st.session_state[_CURRENT] = named if _ASSESSMENT_ID.match(named) else None
    return st.session_state.get(_CURRENT)


def set_current_assessment(assessment_id: str | None) -> None:
    """Open another assessment; widget plumbing of the previous one is forgotten."""
    if st.session_state.get(_CURRENT) != assessment_id:
        st.session_state[_CURRENT] = assessment_id
        for name in (_PENDING, _REVISIONS):
            st.session_state[name] = {}


# Generic UI values ----------------------------------------------------------------------------


def get(key: str, default: Any = None) -> Any:
    return st.session_state.get(key, default)


def put(key: str, value: Any) -> None:
    st.session_state[key] = value


def drop(key: str) -> None:
    st.session_state.pop(key, None)


# Widgets drawn from the store -----------------------------------------------------------------


def seed_widget(key: str, value: Any) -> None:
    """Make the widget ``key`` show ``value`` (the store's) unless the user has a refused value
    pending there. Call it right before creating the widget, with no default argument."""
    if key in _bucket(_PENDING):
        return
    # Set even when equal: that also pushes the value to the browser, which redraws a widget
    # whose labels changed (language switch) with no selection otherwise.
    st.session_state[key] = value


def widget_value(key: str, default: Any = None) -> Any:
    """The value a widget holds now (inside an ``on_change`` callback: the new value)."""
    return st.session_state.get(key, default)


def forget_widgets(prefixes: Iterable[str]) -> None:
    """Drop widget values and refused values whose key starts with one of ``prefixes``, so the
    next draw reseeds them from the store (the 'reload' offered after a stale write)."""
    prefixes = tuple(prefixes)
    for key in [k for k in list(st.session_state) if isinstance(k, str) and k.startswith(prefixes)]:
        del st.session_state[key]
    pending_values = _bucket(_PENDING)
    for key in [k for k in pending_values if k.startswith(prefixes)]:
        del pending_values[key]


# Values the store refused ---------------------------------------------------------------------


def set_pending(
    key: str, value: Any, error_key: str, /, params: dict[str, Any] | None = None, **more: Any
) -> None:
    """Keep ``value`` in widget ``key`` with the i18n reason ``error_key`` (params as a dict
    or as keywords)."""
    _bucket(_PENDING)[key] = Pending(value, error_key, {**(params or {}), **more})


def pending(key: str) -> Pending | None:
    return _bucket(_PENDING).get(key)


def clear_pending(key: str) -> None:
    _bucket(_PENDING).pop(key, None)


# Revisions ------------------------------------------------------------------------------------


def remember_revision(question_id: str, revision: int | None) -> None:
    _bucket(_REVISIONS)[question_id] = revision


def drawn_revision(question_id: str) -> int | None:
    """The answer revision the question was last drawn at (None: drawn unanswered)."""
    return _bucket(_REVISIONS).get(question_id)


# Notices --------------------------------------------------------------------------------------


def notify(
    topic: str, kind: str, key: str, /, params: dict[str, Any] | None = None, **more: Any
) -> None:
    """Leave a one-shot message (i18n ``key``; params as a dict or as keywords) on ``topic``."""
    _bucket(_NOTICES)[topic] = Notice(kind, key, {**(params or {}), **more})


def take_notice(topic: str) -> Notice | None:
    """The notice for ``topic``, removed so it shows once."""
    return _bucket(_NOTICES).pop(topic, None)


def peek_notice(topic: str) -> Notice | None:
    return _bucket(_NOTICES).get(topic)
