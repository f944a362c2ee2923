"""Sign-in of a shared server: who is using this browser tab, until when.

Off by default (``assessment.auth_config``): ``gate()`` then returns None and the app is the
single-user app. When on, ``gate()`` runs before the sidebar and the navigation on every run:

- a valid session (``ui.state.SignedIn``) is re-checked against the database (account still
  active, password unchanged since the sign-in, admin flag refreshed) and goes on;
- an expired one (idle for ``session_idle_minutes``, or older than ``session_max_hours``)
  ends: the tab forgets everything but its language and shows the sign-in page again;
- without one, the sign-in page (``ui.components.signin``) is drawn and the run stops: no
  page, no sidebar, no store call happens before someone signs in.

Local accounts sign in with a password (``Accounts.authenticate``: argon2, rate limited per
account and per client in the database). A sign-in lives in this tab only: a reload signs out.
OIDC uses Streamlit's ``st.login`` (``[auth]`` in ``secrets.toml``); the user is identified by
the e-mail address the identity provider vouches for, and their session ends at the latest
``session_max_hours`` after the provider signed them in (the token's ``iat``).
"""

from __future__ import annotations

import ipaddress
import logging
from datetime import UTC, datetime, timedelta
from typing import Any

import streamlit as st

from assessment.access import Actor
from assessment.auth_config import AuthConfigError, AuthSettings, load_settings
from assessment.errors import SignInError
from assessment.models import utc_now
from ui import state
from ui.i18n import t

LOG = logging.getLogger("gapassess.ui.auth")
TOPIC = "auth"


def settings() -> AuthSettings:
    """The sign-in settings: environment first, then ``[gapassess]`` of ``st.secrets``."""
    try:
        section = st.secrets.get("gapassess")
    except FileNotFoundError:  # no secrets.toml at all
        section = None
    return load_settings(section=dict(section) if section else {})


def enabled() -> bool:
    return settings().enabled


def _accounts() -> Any:
    from assessment.accounts import Accounts
    from ui import cache

    return Accounts(cache.shared_store())


def client_address(config: AuthSettings) -> str:
    """The browser's address for the per-client limit ("" when unknown). Behind a reverse
    proxy, the header it sets (``client_ip_header``; the last address of a list, the one the
    proxy added); otherwise the connection's own address."""
    if config.client_ip_header:
        raw = str(st.context.headers.get(config.client_ip_header) or "")
        raw = raw.rsplit(",", maxsplit=1)[-1].strip()
    else:
        raw = st.context.ip_address or ""
    try:
        return str(ipaddress.ip_address(raw)) if raw else ""
    except ValueError:
        return ""


def _session(actor: Actor, method: str, config: AuthSettings, since: datetime) -> state.SignedIn:
    now = utc_now()
    return state.SignedIn(
        actor=actor,
        method=method,
        signed_in_at=since,
        last_seen=now,
        idle=timedelta(minutes=config.idle_minutes),
        expires_at=since + timedelta(hours=config.max_hours),
    )


def sign_in_local(name: str, password: str) -> Actor:
    """Check a name and password (``SignInError`` when refused) and start the session."""
    config = settings()
    actor = _accounts().authenticate(name, password, client_address(config))
    state.end_session()  # nothing of a previous user survives in this tab
    state.set_signed_in(_session(actor, "local", config, utc_now()))
    LOG.info("signed in: %s", actor.user_id)
    return actor


def sign_out() -> None:
    """End the session (a button callback): this tab forgets everything but its language."""
    held = state.signed_in()
    state.end_session()
    if held is not None:
        LOG.info("signed out: %s", held.actor.user_id)
        if held.method == "oidc":
            st.logout()


def _refreshed(held: state.SignedIn) -> Actor | None:
    accounts = _accounts()
    if held.method == "local":
        return accounts.session_actor(held.actor.user_id, held.signed_in_at)
    return accounts.actor_for(held.actor.user_id)


def _claim_time(value: object) -> datetime | None:
    try:
        return datetime.fromtimestamp(int(value), UTC)  # type: ignore[call-overload]
    except (TypeError, ValueError, OverflowError, OSError):
        return None


def _from_identity_provider(config: AuthSettings) -> Actor | None:
    """The session of a user ``st.login`` signed in, or None (not signed in, or too old)."""
    if not st.user.is_logged_in:
        return None
    email = str(st.user.get("email") or "")
    if st.user.get("email_verified") is False:
        raise SignInError("error.signin_failed")
    since = _claim_time(st.user.get("iat")) or utc_now()
    if utc_now() - since >= timedelta(hours=config.max_hours):
        LOG.info("identity provider sign-in of %s is too old: signing out", email)
        st.logout()  # Streamlit keeps the sign-in in a cookie for 30 days; ours is shorter
        return None
    actor = _accounts().oidc_actor(email, str(st.user.get("name") or ""))
    state.set_signed_in(_session(actor, "oidc", config, since))
    LOG.info("signed in through the identity provider: %s", actor.user_id)
    return actor


def gate() -> Actor | None:
    """None in the single-user app; in shared mode the signed-in user, or the sign-in page
    and ``st.stop()``."""
    from ui.components import signin

    try:
        config = settings()
    except AuthConfigError:
        LOG.exception("invalid sign-in settings")
        st.error(t("auth.config_error"))
        st.stop()
    if not config.enabled:
        return None
    held = state.signed_in()
    if held is not None:
        actor = _refreshed(held) if held.valid_at(utc_now()) else None
        if actor is not None:
            state.set_signed_in(_session(actor, held.method, config, held.signed_in_at))
            return actor
        _expire(held)
    try:
        actor = _from_identity_provider(config) if config.mode == "oidc" else None
    except SignInError as exc:
        state.notify(TOPIC, "error", exc.key, exc.params)
        actor = None
    if actor is not None:
        return actor
    signin.page(config)
    st.stop()
    return None  # not reached: st.stop() ends the run


def _expire(held: state.SignedIn) -> None:
    LOG.info("session of %s ended (expired or account changed)", held.actor.user_id)
    state.end_session()
    state.notify(TOPIC, "warning", "auth.expired")
    if held.method == "oidc":
        st.logout()
