"""Access control in the store, on SQLite and PostgreSQL: every operation is refused to a user
without the role it needs (and the refusal is recorded), two countries never see each other's
assessment through the store or the command line, and the single-user app is unchanged."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from argon2 import PasswordHasher
from sqlalchemy import insert, inspect, select

from assessment.access import NEEDS, ActingStore, Actor, Role
from assessment.accounts import Accounts
from assessment.errors import AccessDeniedError, AccountError, NotFoundError
from assessment.io.json_io import export_json, read_json
from assessment.models import ActionItem, Answer, Assessment, utc_now
from assessment.store import Store
from assessment.store_schema import MIGRATIONS, history, memberships, schema_version
from tests.assessment.store_helpers import BACKENDS, BUNDLE, store_fixture

FAST = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
ALICE, BOB = Actor("alice"), Actor("bob")
VERA, ED, ROOT = Actor("vera"), Actor("ed"), Actor("root", is_admin=True)


@pytest.fixture(params=BACKENDS)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    yield from store_fixture(request, tmp_path)


@dataclass
class World:
    """Country A (``a``, owned by alice; vera views, ed edits) and country B (``b``, bob's)."""

    store: Store
    a: str
    b: str


def answer(question_id: str = "PROS-1.1", rating: str = "largely", **extra: Any) -> Answer:
    return Answer(question_id=question_id, rating=rating, **extra)  # type: ignore[arg-type]


@pytest.fixture
def world(store: Store) -> World:
    accounts = Accounts(store, hasher=FAST)
    for name in ("alice", "bob", "vera", "ed"):
        accounts.add(name)
    accounts.add("root", is_admin=True)
    a = store.create_assessment(country="XAA", instrument_id="tiny", title="A", actor=ALICE)
    b = store.create_assessment(country="XBB", instrument_id="tiny", title="B", actor=BOB)
    store.grant(a.id, "vera", "viewer", actor=ALICE)
    store.grant(a.id, "ed", "editor", actor=ALICE)
    store.save_answer(a.id, answer(), None, actor=ALICE)
    store.save_action(a.id, ActionItem(question_id="PROS-1.1"), None, actor=ALICE)
    return World(store, a.id, b.id)


def merge_file(store: Store, assessment_id: str) -> Assessment:
    """What an import into ``assessment_id`` brings: a changed answer to PROS-1.2."""
    current = store.get(assessment_id)
    return current.model_copy(update={"answers": {"PROS-1.2": answer("PROS-1.2", "fully")}})


Operation = Callable[[Store, str, Actor], Any]
OPERATIONS: dict[str, Operation] = {
    "get": lambda s, a, who: s.get(a, actor=who),
    "get_answer": lambda s, a, who: s.get_answer(a, "PROS-1.1", actor=who),
    "history": lambda s, a, who: s.history(a, actor=who),
    "members": lambda s, a, who: s.members(a, actor=who),
    "save_answer": lambda s, a, who: s.save_answer(a, answer("PROS-1.3"), None, actor=who),
    "clear_answer": lambda s, a, who: s.clear_answer(a, "PROS-1.1", 1, actor=who),
    "save_action": lambda s, a, who: s.save_action(
        a, ActionItem(question_id="PROS-1.2"), None, actor=who
    ),
    "clear_action": lambda s, a, who: s.clear_action(a, "PROS-1.1", 1, actor=who),
    "plan_import": lambda s, a, who: s.plan_import(merge_file(s, a), "merge", a, actor=who),
    "import_assessment": lambda s, a, who: s.import_assessment(
        merge_file(s, a), mode="merge", target_id=a, actor=who
    ),
    "update_meta": lambda s, a, who: s.update_meta(a, s.get(a).version, title="X", actor=who),
    "duplicate": lambda s, a, who: s.duplicate(a, "follow-up", actor=who),
    "delete": lambda s, a, who: s.delete(a, "XAA", actor=who),
    "grant": lambda s, a, who: s.grant(a, "bob", "viewer", actor=who),
    "revoke": lambda s, a, who: s.revoke(a, "vera", actor=who),
}
HOLDERS = {None: BOB, Role.VIEWER: VERA, Role.EDITOR: ED, Role.OWNER: ALICE}
"""Who holds which role on ``world.a`` (bob: none, he works on country B)."""
REFUSED = [
    pytest.param(name, held, id=f"{name}-{held or 'none'}")
    for name in OPERATIONS
    for held in (None, Role.VIEWER, Role.EDITOR)
    if held is None or held.rank < NEEDS[name].rank
]
ALLOWED = [pytest.param(name, NEEDS[name], id=f"{name}-{NEEDS[name]}") for name in OPERATIONS]


def test_every_per_assessment_operation_has_a_needed_role() -> None:
    assert set(OPERATIONS) == set(NEEDS)


def _state(store: Store) -> tuple[Any, ...]:
    """Everything but the history: assessments (all of them) and memberships."""
    with store.engine.connect() as conn:
        members = sorted(tuple(r) for r in conn.execute(select(memberships)))
    every = {s.id: store.get(s.id).model_dump() for s in store.list_assessments()}
    return every, [m[:3] for m in members]


def _history(store: Store) -> list[Any]:
    with store.engine.connect() as conn:
        return list(conn.execute(select(history).order_by(history.c.id)))


@pytest.mark.parametrize(("name", "held"), REFUSED)
def test_operation_is_refused_without_the_role_and_the_refusal_is_recorded(
    world: World, name: str, held: Role | None
) -> None:
    who = HOLDERS[held]
    before, logged = _state(world.store), _history(world.store)
    with pytest.raises(AccessDeniedError) as refused:
        OPERATIONS[name](world.store, world.a, who)
    assert refused.value.key == "error.access_denied"
    assert (refused.value.operation, refused.value.user) == (name, who.user_id)
    assert _state(world.store) == before
    [new] = _history(world.store)[len(logged) :]
    assert (new.kind, new.outcome, new.actor, new.assessment_id, new.note) == (
        "access",
        "refused_access",
        who.user_id,
        world.a,
        name,
    )


@pytest.mark.parametrize(("name", "held"), ALLOWED)
def test_operation_is_allowed_with_the_role(world: World, name: str, held: Role) -> None:
    """The other half: the refusals above are about the role, not a broken operation."""
    OPERATIONS[name](world.store, world.a, HOLDERS[held])


@pytest.mark.parametrize("name", list(OPERATIONS))
def test_admin_may_do_everything(world: World, name: str) -> None:
    OPERATIONS[name](world.store, world.a, ROOT)


@pytest.mark.parametrize("name", list(OPERATIONS))
def test_a_forged_admin_flag_grants_nothing(world: World, name: str) -> None:
    with pytest.raises(AccessDeniedError):
        OPERATIONS[name](world.store, world.b, Actor("alice", is_admin=True))


@pytest.mark.parametrize("name", list(OPERATIONS))
def test_a_disabled_account_can_do_nothing(world: World, name: str) -> None:
    Accounts(world.store).set_active("alice", False)
    with pytest.raises(AccessDeniedError):
        OPERATIONS[name](world.store, world.a, ALICE)
    with pytest.raises(AccessDeniedError):
        world.store.list_assessments(actor=ALICE)


@pytest.mark.parametrize("name", list(OPERATIONS))
def test_an_unknown_user_can_do_nothing(world: World, name: str) -> None:
    with pytest.raises(AccessDeniedError):
        OPERATIONS[name](world.store, world.a, Actor("mallory"))


def test_audit_is_for_admins_only(world: World) -> None:
    for who in (ALICE, BOB, VERA, ED):
        with pytest.raises(AccessDeniedError):
            world.store.audit(actor=who)
    assert world.store.audit(actor=ROOT)
    refusals = world.store.audit(actor=ROOT, outcome="refused_access")
    assert [(r.user, r.note) for r in refusals[:4]] == [
        ("ed", "audit"),
        ("vera", "audit"),
        ("bob", "audit"),
        ("alice", "audit"),
    ]


# Two users, two countries, through the store ----------------------------------------------------


def test_a_user_lists_only_the_assessments_they_hold_a_role_on(world: World) -> None:
    def ids(who: Actor) -> set[str]:
        return {s.id for s in world.store.list_assessments(actor=who)}

    assert ids(ALICE) == ids(VERA) == ids(ED) == {world.a}
    assert ids(BOB) == {world.b}
    assert ids(ROOT) == {world.a, world.b}
    assert {s.id for s in world.store.list_assessments(country="XBB", actor=ALICE)} == set()


def test_alice_cannot_open_export_compare_or_import_into_bobs_assessment(world: World) -> None:
    store, b = world.store, world.b
    before = store.get(b)
    with pytest.raises(AccessDeniedError):  # open, export (JSON/CSV/reports start here), compare
        export_json(store.get(b, actor=ALICE))
    with pytest.raises(AccessDeniedError):
        store.history(b, actor=ALICE)
    assert not store.exists(b, actor=ALICE)
    with pytest.raises(AccessDeniedError):  # import into it
        store.import_assessment(merge_file(store, b), mode="merge", target_id=b, actor=ALICE)
    with pytest.raises(AccessDeniedError):
        store.save_answer(b, answer(), None, actor=ALICE)
    assert store.get(b) == before


def test_importing_bobs_file_as_new_makes_alice_a_copy_she_owns(world: World) -> None:
    """A file carrying B's id never lands in B: a user who is not admin gets a fresh id."""
    store = world.store
    bobs = read_json(export_json(store.get(world.b)), BUNDLE).assessment
    planned = store.plan_import(bobs, "new", actor=ALICE)
    outcome = store.import_assessment(bobs, mode="new", actor=ALICE)
    assert world.b not in (planned.assessment_id, outcome.assessment_id)
    assert store.roles(actor=ALICE)[outcome.assessment_id] is Role.OWNER
    assert world.b not in {s.id for s in store.list_assessments(actor=ALICE)}


def test_a_missing_id_looks_the_same_as_someone_elses_to_a_user(world: World) -> None:
    with pytest.raises(AccessDeniedError):
        world.store.get("xcc-0000000000", actor=ALICE)
    with pytest.raises(NotFoundError):  # an admin learns the truth
        world.store.get("xcc-0000000000", actor=ROOT)


def test_the_history_records_the_signed_in_user_not_a_typed_name(world: World) -> None:
    world.store.save_answer(world.a, answer("PROS-1.2"), None, "mallory", actor=ED)
    [entry] = world.store.history(world.a, "PROS-1.2")
    assert entry.user == "ed"
    assert world.store.get(world.a).answers["PROS-1.2"].updated_by == "ed"


def test_creating_makes_the_creator_owner_and_a_follow_up_keeps_the_team(world: World) -> None:
    store = world.store
    copy = store.duplicate(world.a, "2027", actor=ALICE)
    roles = {m.user_id: m.role for m in store.members(copy.id, actor=ALICE)}
    assert roles == {"alice": Role.OWNER, "ed": Role.EDITOR, "vera": Role.VIEWER}
    store.delete(copy.id, "XAA", actor=ALICE)
    with store.engine.connect() as conn:
        left = conn.execute(select(memberships).where(memberships.c.assessment_id == copy.id))
        assert list(left) == []


def test_the_last_owner_stays_unless_an_admin_decides(world: World) -> None:
    store = world.store
    for attempt in (lambda: store.revoke(world.a, "alice", actor=ALICE),
                    lambda: store.grant(world.a, "alice", "editor", actor=ALICE)):  # fmt: skip
        with pytest.raises(AccountError) as refused:
            attempt()
        assert refused.value.key == "error.last_owner"
    store.grant(world.a, "bob", "owner", actor=ALICE)
    store.revoke(world.a, "alice", actor=ALICE)  # bob owns it now
    store.revoke(world.a, "bob", actor=ROOT)  # an admin may leave it without owner
    assert {m.user_id for m in store.members(world.a, actor=ROOT)} == {"vera", "ed"}


def test_grant_refuses_unknown_users_and_roles_and_is_recorded(world: World) -> None:
    store = world.store
    with pytest.raises(AccountError) as unknown:
        store.grant(world.a, "nobody", "viewer", actor=ALICE)
    assert unknown.value.key == "error.unknown_user"
    with pytest.raises(AccountError) as role:
        store.grant(world.a, "bob", "superuser", actor=ALICE)
    assert role.value.key == "error.unknown_role"
    store.grant(world.a, "vera", "editor", actor=ALICE)
    entry = store.history(world.a, kind="access")[-1]
    assert (entry.outcome, entry.user, entry.old, entry.new) == (
        "granted",
        "alice",
        {"user": "vera", "role": "viewer"},
        {"user": "vera", "role": "editor"},
    )


def test_audit_filters(world: World) -> None:
    store = world.store
    with pytest.raises(AccessDeniedError):
        store.get(world.b, actor=ALICE)
    mine = store.audit(actor=ROOT, user="alice")
    assert mine and {e.user for e in mine} == {"alice"}
    assert [e.id for e in mine] == sorted((e.id for e in mine), reverse=True)  # newest first
    [refusal] = store.audit(actor=ROOT, user="alice", outcome="refused_access")
    assert (refusal.assessment_id, refusal.note) == (world.b, "get")
    assert {e.assessment_id for e in store.audit(actor=ROOT, assessment_id=world.b)} == {world.b}
    assert {e.kind for e in store.audit(actor=ROOT, kind="access")} == {"access"}
    later = utc_now() + timedelta(minutes=1)
    assert store.audit(actor=ROOT, since=later) == []
    assert len(store.audit(actor=ROOT, until=later, limit=2)) == 2


# The single-user app, and a store that requires an actor ----------------------------------------


def test_single_user_mode_allows_everything_as_before(world: World) -> None:
    store = world.store
    assert {s.id for s in store.list_assessments()} == {world.a, world.b}
    store.save_answer(world.b, answer(), None, "anyone")
    assert store.audit()


def test_a_store_that_requires_an_actor_refuses_none(store: Store) -> None:
    strict = Store(store.url, bundle=BUNDLE, require_actor=True)
    try:
        for call in (
            strict.list_assessments,
            lambda: strict.create_assessment(country="XAA", instrument_id="tiny"),
            lambda: strict.get("xaa-0000000000"),
            strict.audit,
        ):
            with pytest.raises(AccessDeniedError):
                call()
    finally:
        strict.close()


def test_acting_store_binds_the_actor_for_good(world: World) -> None:
    seen = ActingStore(world.store, ALICE)
    assert {s.id for s in seen.list_assessments()} == {world.a}
    with pytest.raises(AccessDeniedError):
        seen.get(world.b)
    with pytest.raises(TypeError):
        seen.get(world.b, actor=ROOT)
    for hidden in ("_transaction", "engine"):  # no way around the checks through the view
        with pytest.raises(AttributeError):
            getattr(seen, hidden)
    assert seen.url == world.store.url and seen.check_import  # non-actor members pass through


def test_a_version_1_database_is_upgraded_in_place(tmp_path: Path) -> None:
    from assessment.store_schema import make_engine, sqlite_url

    url = sqlite_url(tmp_path / "v1.sqlite3")
    engine = make_engine(url)
    with engine.begin() as conn:
        number, description, apply = MIGRATIONS[0]
        apply(conn)
        conn.execute(
            insert(schema_version).values(
                version=number, description=description, applied_at=utc_now()
            )
        )
    assert not inspect(engine).has_table("users")
    engine.dispose()
    upgraded = Store(url, bundle=BUNDLE)
    assert upgraded.schema_found == 1
    tables = set(inspect(upgraded.engine).get_table_names())
    assert {"users", "memberships", "login_attempts"} <= tables
    Accounts(upgraded, hasher=FAST).add("alice")
    made = upgraded.create_assessment(country="XAA", instrument_id="tiny", actor=ALICE)
    assert upgraded.roles(actor=ALICE) == {made.id: Role.OWNER}
    upgraded.close()


# Two users, two countries, through the command line ---------------------------------------------


@pytest.fixture
def cli_world(
    store: Store, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> Iterator[dict[str, str]]:
    """Country A (alice) and B (bob) on the real content, the CLI pointed at the same database
    with sign-in on."""
    from framework.loader import load_content

    real = Store(store.url, bundle=load_content())
    accounts = Accounts(real, hasher=FAST)
    for name in ("alice", "bob"):
        accounts.add(name)
    a = real.create_assessment(country="XAA", instrument_id="ifa", actor=ALICE)
    b = real.create_assessment(country="XBB", instrument_id="ifa", actor=BOB)
    monkeypatch.setenv("DATABASE_URL", store.url.render_as_string(hide_password=False))
    monkeypatch.setenv("GAPASSESS_AUTH", "local")
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.chdir(tmp_path)  # no secrets.toml of the project or the user interferes
    yield {"a": a.id, "b": b.id}
    real.close()


def _cli(*argv: str) -> int:
    from assessment.__main__ import main

    return main(list(argv))


def test_cli_template_acts_as_the_user(
    cli_world: dict[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    mine, theirs = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    assert _cli("template", cli_world["a"], "--user", "alice", "-o", str(mine)) == 0
    assert mine.stat().st_size > 0
    assert _cli("template", cli_world["b"], "--user", "alice", "-o", str(theirs)) == 2
    assert not theirs.exists()
    assert f"no assessment {cli_world['b']!r}" in capsys.readouterr().err
    assert _cli("template", cli_world["b"], "--user", "mallory", "-o", str(theirs)) == 2
    assert "not an active account" in capsys.readouterr().err
    assert not theirs.exists()


@pytest.mark.parametrize("command", ["import-xlsx", "import-kobo"])
def test_cli_cannot_import_into_another_countrys_assessment(
    cli_world: dict[str, str], store: Store, tmp_path: Path, command: str
) -> None:
    from assessment.io.excel_template import Scope, build_template
    from framework.loader import load_content

    b = cli_world["b"]
    before = store.get(b)
    filled = tmp_path / ("b.xlsx" if command == "import-xlsx" else "b.csv")
    if command == "import-xlsx":
        filled.write_bytes(build_template(load_content(), before, Scope(), "en"))
    else:
        filled.write_text("_id;gapassess_instrument;PROS_1_1\n1;ifa;fully\n", encoding="utf-8")
    assert _cli(command, b, str(filled), "--apply", "--user", "alice") == 2
    assert store.get(b) == before
    refused = [h for h in store.history(b) if h.outcome == "refused_access"]
    assert [(h.user, h.note) for h in refused] == [("alice", "get")]
