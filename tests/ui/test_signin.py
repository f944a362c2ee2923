"""Sign-in of a shared server in the real app (AppTest): nothing before signing in, then only
the user's own assessments on every page; wrong passwords and too many attempts; sessions that
expire or end; the identity provider (``at.user``); the single-user app unchanged."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from assessment.access import Actor
from assessment.accounts import Accounts
from framework.i18n import translate
from tests.ui.signin_helpers import (
    A_TITLE,
    B_TITLE,
    PASSWORD,
    Shared,
    make_shared,
    new_app,
    open_store,
    shown,
    sign_in,
    submit,
    titles,
)
from tests.ui.ui_helpers import goto, no_exception, start
from ui import registry, state

SIGNED_IN = state._SIGNED_IN


@pytest.fixture
def shared(db: Path, monkeypatch: pytest.MonkeyPatch) -> Shared:
    return make_shared(monkeypatch)


def _refusals(assessment_id: str) -> list[tuple[str, str | None]]:
    store = open_store()
    try:
        return [(h.user, h.note) for h in store.history(assessment_id) if h.kind == "access"]
    finally:
        store.close()


# Before signing in --------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_sign_in_page_comes_first_and_shows_nothing_else(shared: Shared, lang: str) -> None:
    at = new_app(lang, assessment=shared.a)
    no_exception(at)
    assert titles(at) == [translate("auth.title", lang)]
    screen = shown(at)
    assert A_TITLE not in screen and B_TITLE not in screen
    assert not at.dataframe
    assert at.sidebar.radio(key="ui:lang").value == lang  # the language can still be switched
    assert _refusals(shared.a) == []  # nothing asked of the store for the tab's assessment


def test_a_wrong_password_is_refused_and_no_password_is_kept(shared: Shared) -> None:
    at = sign_in(new_app(), "alice", "not the password at all")
    assert [e.value for e in at.error] == [translate("error.signin_failed", "en")]
    assert titles(at) == ["Sign in"]
    assert SIGNED_IN not in at.session_state
    assert at.text_input(key="auth:password").value == ""  # the form was cleared
    at = sign_in(new_app(), "alice")
    assert "auth:password" not in at.session_state or not at.session_state["auth:password"]
    assert PASSWORD not in repr([at.session_state[k] for k in at.session_state])


def test_an_empty_form_asks_for_both(shared: Shared) -> None:
    at = submit(new_app())
    assert [e.value for e in at.error] == [translate("auth.missing", "en")]


# Two users, two countries ------------------------------------------------------------------------


def test_alice_sees_only_her_country_on_home(shared: Shared) -> None:
    at = sign_in(new_app(), "alice")
    no_exception(at)
    assert titles(at) == ["Assessments"]
    assert list(at.dataframe[0].value["Title"]) == [A_TITLE]  # not bob's, not the demo
    assert "Signed in as alice" in [c.value for c in at.sidebar.caption]
    assert shared.b not in shown(at) and B_TITLE not in shown(at)


@pytest.mark.parametrize("page_id", [p.id for p in registry.visible(True, False)])
def test_bobs_assessment_cannot_be_reached_through_any_page(shared: Shared, page_id: str) -> None:
    """Even with B's id in the URL (a shared link), alice gets nothing of B on any page: not
    in lists, pickers, compare, export or import targets; the attempt is recorded."""
    at = sign_in(new_app(assessment=shared.b), "alice")
    goto(at, page_id)
    no_exception(at)
    screen = shown(at)
    assert B_TITLE not in screen and shared.b not in screen
    assert "XBB" not in screen
    assert ("alice", "get") in _refusals(shared.b)
    store = open_store()
    try:
        assert store.get(shared.b).answers == {}  # and nothing was written into it
        assert len(store.history(shared.b)) == 1 + len(_refusals(shared.b))
    finally:
        store.close()


def test_a_session_pointed_at_bobs_assessment_opens_nothing(shared: Shared) -> None:
    at = sign_in(new_app(), "alice")
    at.session_state["ui:assessment"] = shared.b  # as if picked by a crafted request
    for page_id in ("questionnaire", "dashboard", "reports", "exchange", "recommendations"):
        goto(at, page_id)
        no_exception(at)
        assert B_TITLE not in shown(at)
    assert not at.get("download_button")


def test_bob_sees_his_own_and_the_admin_sees_both(shared: Shared) -> None:
    bob = sign_in(new_app(), "bob")
    assert list(bob.dataframe[0].value["Title"]) == [B_TITLE]
    root = sign_in(new_app(), "root")
    assert {A_TITLE, B_TITLE} <= set(root.dataframe[0].value["Title"])


def test_what_alice_creates_is_hers_and_recorded_as_hers(shared: Shared) -> None:
    at = sign_in(new_app(), "alice")
    at.selectbox(key="home:new:country").set_value("KEN")
    at.radio(key="home:new:instrument").set_value("ifa")
    at.text_input(key="home:new:round").set_value("Nairobi 2026")
    next(b for b in at.button if b.label == "Create").click().run()
    no_exception(at)
    store = open_store()
    try:
        bobs = [s.id for s in store.list_assessments(actor=Actor("bob"))]
        assert bobs == [shared.b]  # bob does not see alice's new one
        mine = [s for s in store.list_assessments(actor=Actor("alice")) if s.country == "KEN"]
        assert len(mine) == 1
        assert [h.user for h in store.history(mine[0].id)] == ["alice"]
    finally:
        store.close()


# Limits ------------------------------------------------------------------------------------------


def test_the_rate_limit_holds_across_tabs(shared: Shared) -> None:
    at = new_app()
    for _ in range(5):
        at = sign_in(at, "alice", "guessing the password")
    at = sign_in(at, "alice")
    locked = translate("error.signin_locked", "en", minutes=1)
    assert [e.value for e in at.error] == [locked]
    assert titles(at) == ["Sign in"]
    other_tab = sign_in(new_app(), "alice")
    assert [e.value for e in other_tab.error] == [locked]


@pytest.mark.parametrize(
    "change",
    [
        {"last_seen": -timedelta(minutes=31)},  # idle for longer than 30 minutes
        {"expires_at": -timedelta(hours=12, seconds=1)},  # past the absolute end
    ],
)
def test_a_session_expires(shared: Shared, change: dict) -> None:
    at = sign_in(new_app(), "alice")
    at.session_state["ui:assessment"] = shared.a
    held = at.session_state[SIGNED_IN]
    at.session_state[SIGNED_IN] = replace(
        held, **{name: getattr(held, name) + delta for name, delta in change.items()}
    )
    at.run()
    assert titles(at) == ["Sign in"]
    assert [w.value for w in at.warning] == [translate("auth.expired", "en")]
    assert "ui:assessment" not in at.session_state  # the tab forgot what it held


def test_signing_out_forgets_the_tab(shared: Shared) -> None:
    at = sign_in(new_app(), "alice")
    at.session_state["ui:assessment"] = shared.a
    at.sidebar.button(key="auth:sign_out").click().run()
    assert titles(at) == ["Sign in"]
    assert SIGNED_IN not in at.session_state and "ui:assessment" not in at.session_state


@pytest.mark.parametrize("change", ["password", "disabled"])
def test_a_new_password_or_a_disabled_account_ends_open_sessions(
    shared: Shared, change: str
) -> None:
    at = sign_in(new_app(), "alice")
    store = open_store()
    try:
        accounts = Accounts(store)
        if change == "password":
            accounts.set_password("alice", PASSWORD[::-1])
        else:
            accounts.set_active("alice", False)
    finally:
        store.close()
    at.run()
    assert titles(at) == ["Sign in"]


def test_session_limits_idle_and_absolute() -> None:
    start_at = datetime(2026, 1, 1, 9, tzinfo=UTC)
    held = state.SignedIn(
        Actor("alice"),
        "local",
        start_at,
        start_at,
        timedelta(minutes=30),
        start_at + timedelta(hours=12),
    )
    assert held.valid_at(start_at + timedelta(minutes=30))
    assert not held.valid_at(start_at + timedelta(minutes=31))
    busy = replace(held, last_seen=start_at + timedelta(hours=12))
    assert not busy.valid_at(start_at + timedelta(hours=12))  # however busy


# Identity provider (st.login / st.user) ---------------------------------------------------------


@pytest.fixture
def oidc(db: Path, monkeypatch: pytest.MonkeyPatch) -> Shared:
    found = make_shared(monkeypatch, "oidc")
    store = open_store()
    try:
        Accounts(store).add("alice@example.org")
        store.grant(found.a, "alice@example.org", "viewer")
    finally:
        store.close()
    return found


def _oidc_app(user: dict, **query: str) -> AppTest:
    at = AppTest.from_file(str(Path(registry.ROOT) / "app.py"), default_timeout=30)
    at.query_params.update({"lang": "en", **query})
    at.user = user
    return at.run()


def test_an_identity_provider_user_sees_their_assessments_only(oidc: Shared) -> None:
    now = int(datetime.now(UTC).timestamp())
    at = _oidc_app(
        {"is_logged_in": True, "email": "Alice@Example.org", "iat": now}, assessment=oidc.b
    )
    no_exception(at)
    assert list(at.dataframe[0].value["Title"]) == [A_TITLE]
    assert B_TITLE not in shown(at)
    assert "Signed in as alice@example.org" in [c.value for c in at.sidebar.caption]


def test_a_first_identity_provider_sign_in_creates_an_account_without_roles(oidc: Shared) -> None:
    at = _oidc_app({"is_logged_in": True, "email": "new@example.org"})
    no_exception(at)
    assert titles(at) == ["Assessments"]
    assert not at.dataframe  # no role on anything yet
    store = open_store()
    try:
        created = Accounts(store).get("new@example.org")
        assert created is not None and not created.has_password and not created.is_admin
    finally:
        store.close()


@pytest.mark.parametrize(
    "user",
    [
        {"is_logged_in": False},
        {"is_logged_in": True, "email": "alice@example.org", "email_verified": False},
        {"is_logged_in": True, "email": "alice@example.org", "iat": 1_000_000_000},  # 2001
    ],
)
def test_no_session_without_a_fresh_verified_sign_in(oidc: Shared, user: dict) -> None:
    at = _oidc_app(user)
    assert titles(at) == ["Sign in"]
    assert not at.dataframe and A_TITLE not in shown(at)


# Configuration ----------------------------------------------------------------------------------


def test_an_invalid_setting_keeps_the_app_closed(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GAPASSESS_AUTH", "ldap")
    at = start("en")
    assert [e.value for e in at.error] == [translate("auth.config_error", "en")]
    assert not at.title and not at.dataframe


def test_the_single_user_app_has_no_sign_in_and_no_shared_pages(app) -> None:
    at = app("en")
    no_exception(at)
    assert titles(at) == ["Assessments"]
    assert at.sidebar.text_input(key=state.USER_KEY)  # a typed name, as before
    assert registry.visible(False, False) == registry.PAGES
    for page_id in ("members", "audit"):
        with pytest.raises(Exception, match="page"):
            goto(at, page_id)
