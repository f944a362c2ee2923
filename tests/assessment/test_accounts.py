"""Accounts of a shared server, on SQLite and PostgreSQL: passwords are stored as argon2 hashes
only and never logged; sign-in is rate limited per account and per client in the database (so
across sessions and replicas); sessions end; the settings and the ``users`` command."""

from __future__ import annotations

import io
import logging
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from sqlalchemy import MetaData, select

from assessment import login_limit
from assessment.access import Actor, Role
from assessment.accounts import Accounts
from assessment.auth_config import AuthConfigError, load_settings, read_section
from assessment.errors import AccountError, SignInError
from assessment.login_limit import LoginPolicy
from assessment.store import Store
from assessment.store_schema import login_attempts, users
from tests.assessment.store_helpers import BACKENDS, BUNDLE, store_fixture

FAST = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
SECRET = "correct horse battery staple"  # noqa: S105 - a test password
WRONG = "Tr0ub4dor&3-not-it"


@pytest.fixture(params=BACKENDS)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    yield from store_fixture(request, tmp_path)


class Clock:
    """A settable ``utc_now`` for the rate limit."""

    def __init__(self) -> None:
        self.now = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    ticking = Clock()
    monkeypatch.setattr(login_limit, "utc_now", ticking)
    return ticking


@pytest.fixture
def accounts(store: Store) -> Accounts:
    found = Accounts(store, hasher=FAST)
    found.add("alice", SECRET, display_name="Alice")
    return found


def _every_stored_text(store: Store) -> str:
    metadata = MetaData()
    metadata.reflect(store.engine)
    with store.engine.connect() as conn:
        return "\n".join(
            repr(tuple(row))
            for table in metadata.sorted_tables
            for row in conn.execute(select(table))
        )


# Passwords are never stored or logged in clear ---------------------------------------------------


def test_only_an_argon2_hash_is_stored_and_no_password_is_logged(
    store: Store, caplog: pytest.LogCaptureFixture, capsys: pytest.CaptureFixture[str]
) -> None:
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.DEBUG, logger="sqlalchemy.engine")  # statements and rows
    found = Accounts(store, hasher=FAST)
    found.add("alice", SECRET)
    found.authenticate("alice", SECRET, "192.0.2.1")
    with pytest.raises(SignInError):
        found.authenticate("alice", SECRET + "x", "192.0.2.1")
    found.set_password("alice", SECRET[::-1])
    assert "INSERT INTO users" in caplog.text  # the engine did log its statements ...
    logged = caplog.text + "".join(capsys.readouterr())
    for clear in (SECRET, SECRET[::-1], SECRET + "x"):
        assert clear not in logged  # ... never with a password
        assert clear not in _every_stored_text(store)
    with store.engine.connect() as conn:
        stored = conn.execute(select(users.c.password_hash)).scalar_one()
    assert stored.startswith("$argon2id$") and FAST.verify(stored, SECRET[::-1])
    assert all(not hasattr(u, "password_hash") for u in found.list_users())


def test_hashes_are_not_logged_either(store: Store, caplog: pytest.LogCaptureFixture) -> None:
    """Below the engine's debug mode (which prints result rows), bound parameters are hidden:
    the hash written or checked is not in the log."""
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.INFO, logger="sqlalchemy.engine")
    found = Accounts(store, hasher=FAST)
    found.add("alice", SECRET)
    found.authenticate("alice", SECRET)
    found.set_password("alice", SECRET[::-1])
    found.authenticate("alice", SECRET[::-1])
    assert "hide_parameters" in caplog.text
    with store.engine.connect() as conn:
        stored = conn.execute(select(users.c.password_hash)).scalar_one()
    assert stored.split("$")[-1] not in caplog.text
    assert "$argon2" not in caplog.text


def test_the_users_command_takes_passwords_from_stdin_never_argv(
    store: Store,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    from assessment.__main__ import main

    caplog.set_level(logging.DEBUG)
    monkeypatch.setenv("DATABASE_URL", store.url.render_as_string(hide_password=False))
    monkeypatch.setattr("sys.stdin", io.StringIO(SECRET + "\n"))
    assert main(["users", "add", "Alice", "--password-stdin", "--name", "A. Official"]) == 0
    monkeypatch.setattr("sys.stdin", io.StringIO("short\n"))
    assert main(["users", "passwd", "alice", "--password-stdin"]) == 2
    assert "at least 12 characters" in capsys.readouterr().err
    assert main(["users", "add", "root", "--oidc", "--admin"]) == 0
    assert main(["users", "list"]) == 0
    listed = capsys.readouterr().out
    assert "alice\tpassword\tA. Official" in listed
    assert "root\tadmin, identity provider" in listed
    assert SECRET not in listed + caplog.text
    assert Accounts(store, hasher=FAST).authenticate("alice", SECRET).user_id == "alice"
    assert main(["users", "add", "alice", "--oidc"]) == 2
    assert "already exists" in capsys.readouterr().err


def test_the_users_command_grants_revokes_and_disables(
    store: Store, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from assessment.__main__ import main

    monkeypatch.setenv("DATABASE_URL", store.url.render_as_string(hide_password=False))
    Accounts(store, hasher=FAST).add("bob")
    made = store.create_assessment(country="XAA", instrument_id="tiny")
    assert main(["users", "grant", "bob", made.id, "editor"]) == 0
    assert store.roles(actor=Actor("bob")) == {made.id: Role.EDITOR}
    assert main(["users", "list", "--assessment", made.id]) == 0
    assert "bob\teditor" in capsys.readouterr().out
    assert main(["users", "grant", "nobody", made.id, "viewer"]) == 2
    assert main(["users", "revoke", "bob", made.id]) == 0
    assert store.roles(actor=Actor("bob")) == {}
    assert main(["users", "admin", "bob", "on"]) == 0
    assert Accounts(store).actor_for("bob") == Actor("bob", is_admin=True)
    assert main(["users", "disable", "bob"]) == 0
    assert Accounts(store).actor_for("bob") is None
    [granted, revoked] = store.history(made.id, kind="access")
    assert (granted.outcome, revoked.outcome) == ("granted", "revoked")
    assert granted.user.startswith("cli")


@pytest.mark.parametrize(
    ("password", "key"),
    [("short", "error.password_too_short"), ("x" * 1025, "error.password_too_long")],
)
def test_weak_or_huge_passwords_are_refused(accounts: Accounts, password: str, key: str) -> None:
    with pytest.raises(AccountError) as refused:
        accounts.set_password("alice", password)
    assert refused.value.key == key


@pytest.mark.parametrize("name", ["", "Has Space", "-dash", "x" * 300, "semi;colon"])
def test_user_names_are_checked(accounts: Accounts, name: str) -> None:
    with pytest.raises(AccountError):
        accounts.add(name, SECRET)


# Signing in --------------------------------------------------------------------------------------


def test_sign_in_with_the_right_password_only(accounts: Accounts, clock: Clock) -> None:
    assert accounts.authenticate(" ALICE ", SECRET) == Actor("alice")
    for name, password in (
        ("alice", WRONG),
        ("nobody", SECRET),
        ("alice", ""),
        ("alice", "x" * 10**6),
    ):
        with pytest.raises(SignInError) as refused:
            accounts.authenticate(name, password)
        assert refused.value.key == "error.signin_failed"  # never says which part was wrong
    accounts.add("oidc-user")  # identity provider only: no password opens it
    with pytest.raises(SignInError):
        accounts.authenticate("oidc-user", "")
    accounts.set_active("alice", False)
    with pytest.raises(SignInError):
        accounts.authenticate("alice", SECRET)


def test_five_failures_lock_the_account_even_for_the_right_password(
    accounts: Accounts, clock: Clock
) -> None:
    for _ in range(5):
        with pytest.raises(SignInError):
            accounts.authenticate("alice", WRONG, "192.0.2.1")
        clock.advance(seconds=1)
    with pytest.raises(SignInError) as locked:
        accounts.authenticate("alice", SECRET, "198.51.100.7")  # another client: still locked
    assert (locked.value.key, locked.value.params) == ("error.signin_locked", {"minutes": 1})
    clock.advance(minutes=1)
    with pytest.raises(SignInError) as again:  # one more failure: twice as long
        accounts.authenticate("alice", WRONG)
    assert again.value.key == "error.signin_failed"
    clock.advance(minutes=1, seconds=30)
    with pytest.raises(SignInError) as doubled:
        accounts.authenticate("alice", SECRET)
    assert doubled.value.key == "error.signin_locked"
    clock.advance(minutes=1)
    assert accounts.authenticate("alice", SECRET) == Actor("alice")  # and a success resets
    with pytest.raises(SignInError) as fresh:
        accounts.authenticate("alice", WRONG)
    assert fresh.value.key == "error.signin_failed"


def test_the_lock_is_in_the_database_so_it_holds_across_replicas(
    accounts: Accounts, store: Store, clock: Clock
) -> None:
    other = Store(store.url, bundle=BUNDLE)
    replica = Accounts(other, hasher=FAST)
    try:
        for target in (accounts, replica, accounts, replica, accounts):
            with pytest.raises(SignInError):
                target.authenticate("alice", WRONG)
        with pytest.raises(SignInError) as locked:
            replica.authenticate("alice", SECRET)
        assert locked.value.key == "error.signin_locked"
    finally:
        other.close()


def test_names_that_are_no_account_are_limited_too(accounts: Accounts, clock: Clock) -> None:
    for _ in range(5):
        with pytest.raises(SignInError):
            accounts.authenticate("ghost", WRONG)
    with pytest.raises(SignInError) as locked:
        accounts.authenticate("ghost", WRONG)
    assert locked.value.key == "error.signin_locked"  # the same answer as for a real account


def test_a_client_spraying_many_accounts_is_locked(accounts: Accounts, clock: Clock) -> None:
    policy = accounts.policy
    for n in range(policy.client_max_failures):
        with pytest.raises(SignInError):
            accounts.authenticate(f"user{n}", WRONG, "203.0.113.9")
    with pytest.raises(SignInError) as locked:
        accounts.authenticate("alice", SECRET, "203.0.113.9")
    assert locked.value.key == "error.signin_locked"
    assert accounts.authenticate("alice", SECRET, "198.51.100.7") == Actor("alice")
    assert accounts.authenticate("alice", SECRET, "") == Actor("alice")  # unknown: per account only
    clock.advance(minutes=16)
    assert accounts.authenticate("alice", SECRET, "203.0.113.9") == Actor("alice")


def test_parallel_attempts_never_get_more_than_the_limit(accounts: Accounts, clock: Clock) -> None:
    outcomes: list[str] = []
    lock = threading.Lock()

    def attempt() -> None:
        try:
            accounts.authenticate("alice", WRONG)
        except SignInError as exc:
            with lock:
                outcomes.append(exc.key)

    threads = [threading.Thread(target=attempt) for _ in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["error.signin_failed"] * 5 + ["error.signin_locked"] * 7
    with accounts.store.engine.connect() as conn:
        rows = [r.outcome for r in conn.execute(select(login_attempts))]
    assert sorted(rows) == ["failure"] * 5 + ["locked"] * 7


def test_lockout_grows_and_is_capped() -> None:
    policy = LoginPolicy()
    start = datetime(2026, 1, 1, tzinfo=UTC)
    assert policy.locked_until(4, 5, start) is None
    ends = [policy.locked_until(n, 5, start) - start for n in (5, 6, 7, 30)]  # type: ignore[operator]
    assert ends == [
        timedelta(minutes=1),
        timedelta(minutes=2),
        timedelta(minutes=4),
        timedelta(hours=1),
    ]


def test_stronger_parameters_rehash_on_sign_in(store: Store) -> None:
    Accounts(store, hasher=FAST).add("alice", SECRET)
    stronger = PasswordHasher(time_cost=2, memory_cost=2048, parallelism=1)
    signed_in_at = datetime.now(UTC)
    assert Accounts(store, hasher=stronger).authenticate("alice", SECRET) == Actor("alice")
    with store.engine.connect() as conn:
        stored = conn.execute(select(users.c.password_hash)).scalar_one()
    assert not stronger.check_needs_rehash(stored)
    assert Accounts(store).session_actor("alice", signed_in_at) == Actor("alice")  # still valid


# Sessions ----------------------------------------------------------------------------------------


def test_a_session_ends_with_a_new_password_a_disabled_account_or_a_removed_admin_flag(
    accounts: Accounts,
) -> None:
    signed_in_at = datetime.now(UTC)
    accounts.set_admin("alice", True)
    assert accounts.session_actor("alice", signed_in_at) == Actor("alice", is_admin=True)
    accounts.set_admin("alice", False)
    assert accounts.session_actor("alice", signed_in_at) == Actor("alice")
    accounts.set_password("alice", SECRET[::-1])
    assert accounts.session_actor("alice", signed_in_at) is None
    later = datetime.now(UTC)
    assert accounts.session_actor("alice", later) == Actor("alice")
    accounts.set_active("alice", False)
    assert accounts.session_actor("alice", later) is None
    assert accounts.session_actor("nobody", later) is None


def test_identity_provider_users_are_created_on_first_sign_in(accounts: Accounts) -> None:
    assert accounts.oidc_actor("Ana@Example.ORG", "Ana") == Actor("ana@example.org")
    ana = accounts.get("ana@example.org")
    assert ana is not None and not ana.has_password and ana.display_name == "Ana"
    assert accounts.oidc_actor("ana@example.org") == Actor("ana@example.org")
    accounts.set_active("ana@example.org", False)
    with pytest.raises(SignInError):
        accounts.oidc_actor("ana@example.org")
    with pytest.raises(SignInError):
        accounts.oidc_actor("")


# Settings ----------------------------------------------------------------------------------------


def test_sign_in_is_off_unless_configured_and_the_environment_wins(tmp_path: Path) -> None:
    assert not load_settings({}, {}).enabled
    assert load_settings({"GAPASSESS_AUTH": "local"}, {}).mode == "local"
    assert load_settings({}, {"auth": "oidc"}).mode == "oidc"
    assert load_settings({"GAPASSESS_AUTH": "off"}, {"auth": "oidc"}).mode == "off"
    configured = load_settings(
        {"GAPASSESS_SESSION_IDLE_MINUTES": "5"},
        {"auth": "local", "session_idle_minutes": 60, "session_max_hours": 8},
    )
    assert (configured.idle_minutes, configured.max_hours) == (5, 8)
    secrets = tmp_path / "secrets.toml"
    secrets.write_text('[gapassess]\nauth = "oidc"\noidc_provider = "unodc"\n', encoding="utf-8")
    section = read_section([tmp_path / "missing.toml", secrets])
    assert load_settings({}, section).oidc_provider == "unodc"


@pytest.mark.parametrize(
    ("env", "section"),
    [
        ({"GAPASSESS_AUTH": "locl"}, {}),
        ({}, {"auth": "ldap"}),
        ({"GAPASSESS_AUTH": "local", "GAPASSESS_SESSION_IDLE_MINUTES": "-1"}, {}),
        ({}, {"auth": "local", "session_max_hours": "soon"}),
    ],
)
def test_a_wrong_setting_is_an_error_never_off(env: dict, section: dict) -> None:
    with pytest.raises(AuthConfigError):
        load_settings(env, section)
