"""The store on SQLite and PostgreSQL: round trips, stale writes, history, durability, lifecycle."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import create_engine, insert, inspect

from assessment.errors import (
    ERROR_KEYS,
    ConfirmationError,
    InvalidWriteError,
    NotFoundError,
    SchemaTooNewError,
    StaleWriteError,
    StoreUnavailableError,
    UserFacingError,
)
from assessment.io.json_io import read_json
from assessment.models import ActionItem, ActionStatus, Answer, Assessment, Status
from assessment.store import Store
from assessment.store_schema import (
    LATEST,
    METADATA,
    database_url,
    schema_version,
    sqlite_url,
    user_data_dir,
)
from framework.i18n import translate
from framework.loader import load_content
from framework.models import Rating
from tests.assessment.store_helpers import (
    BACKENDS,
    BUNDLE,
    INFO_QUESTION,
    RATED,
    is_sqlite,
    snapshot,
    store_fixture,
)

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(params=BACKENDS)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    yield from store_fixture(request, tmp_path)


@pytest.fixture
def assessment(store: Store) -> Assessment:
    return store.create_assessment(
        country="xaa", instrument_id="tiny", user="alice", title="Baseline", round_label="2026"
    )


def answer(
    question_id: str = "PROS-1.1", rating: str | None = "largely", **extra: object
) -> Answer:
    return Answer(question_id=question_id, rating=rating, **extra)  # type: ignore[arg-type]


def translatable(exc: UserFacingError) -> None:
    """The error and each of its problems render in every language without a missing param."""
    for lang in ("en", "zh"):
        assert "{" not in translate(exc.key, lang, **exc.params)
        for problem in getattr(exc, "problems", []):
            assert "{" not in translate(problem.key, lang, **problem.params)


# Round trips -----------------------------------------------------------------------------------


def test_created_assessment_round_trips(store: Store, assessment: Assessment) -> None:
    assert store.get(assessment.id) == assessment
    assert assessment.country == "XAA" and assessment.fictional
    assert assessment.instrument_version == "1.0" and assessment.answers == {}


def test_saved_answer_round_trips_with_revision_and_author(
    store: Store, assessment: Assessment
) -> None:
    given = answer(evidence="Law 12/2019 art. 3", sources="Gazette", agency="police", comment="c")
    saved = store.save_answer(assessment.id, given, None, "alice")
    assert (saved.revision, saved.updated_by) == (1, "alice")
    stored = store.get(assessment.id)
    assert stored.answers == {"PROS-1.1": saved}
    assert stored.version == assessment.version + 1
    assert store.get_answer(assessment.id, "PROS-1.1") == saved


def test_info_value_is_stored_in_its_canonical_type(store: Store, assessment: Assessment) -> None:
    saved = store.save_answer(assessment.id, answer(INFO_QUESTION, None, value="１２"), None, "a")
    assert saved.value == 12
    assert store.get(assessment.id).answers[INFO_QUESTION].value == 12


def test_text_only_answer_is_kept_but_not_counted_as_answered(
    store: Store, assessment: Assessment
) -> None:
    store.save_answer(assessment.id, answer(rating=None, evidence="draft notes"), None, "alice")
    assert store.get(assessment.id).answers["PROS-1.1"].evidence == "draft notes"
    assert store.list_assessments()[0].answered == 0


# Stale writes ----------------------------------------------------------------------------------


def test_second_writer_drawn_unanswered_is_refused_and_nothing_is_overwritten(
    store: Store, assessment: Assessment
) -> None:
    first = store.save_answer(assessment.id, answer(rating="fully", evidence="A"), None, "alice")
    with pytest.raises(StaleWriteError) as refused:
        store.save_answer(assessment.id, answer(rating="not_in_place", evidence="B"), None, "bob")
    assert refused.value.current == first and refused.value.current_revision == 1
    assert refused.value.key == "error.stale_answer"
    translatable(refused.value)
    assert store.get(assessment.id).answers["PROS-1.1"] == first
    outcomes = [(h.outcome, h.user) for h in store.history(assessment.id, "PROS-1.1")]
    assert outcomes == [("saved", "alice"), ("refused_stale", "bob")]
    refusal = store.history(assessment.id, "PROS-1.1")[-1]
    assert refusal.old["evidence"] == "A" and refusal.new["evidence"] == "B"


def test_write_against_an_old_revision_is_refused(store: Store, assessment: Assessment) -> None:
    store.save_answer(assessment.id, answer(rating="partially"), None, "alice")
    second = store.save_answer(assessment.id, answer(rating="largely"), 1, "bob")
    with pytest.raises(StaleWriteError) as refused:
        store.save_answer(assessment.id, answer(rating="fully"), 1, "alice")
    assert refused.value.current == second
    assert store.get(assessment.id).answers["PROS-1.1"].rating is Rating.LARGELY
    assert store.save_answer(assessment.id, answer(rating="fully"), 2, "alice").revision == 3


def test_history_records_who_when_old_and_new(store: Store, assessment: Assessment) -> None:
    started = datetime.now(UTC)
    store.save_answer(assessment.id, answer(rating="partially", evidence="v1"), None, "alice")
    store.save_answer(assessment.id, answer(rating="largely", evidence="v2"), 1, "bob")
    first, second = store.history(assessment.id, "PROS-1.1")
    assert (first.user, first.old, first.new["evidence"], first.revision) == (
        "alice",
        None,
        "v1",
        1,
    )
    assert (second.user, second.old["rating"], second.new["rating"]) == (
        "bob",
        "partially",
        "largely",
    )
    assert started <= first.at <= second.at <= datetime.now(UTC)
    assert second.at == store.get(assessment.id).answers["PROS-1.1"].updated_at


def test_writing_what_is_stored_again_is_not_a_conflict(
    store: Store, assessment: Assessment
) -> None:
    first = store.save_answer(assessment.id, answer(), None, "alice")
    assert store.save_answer(assessment.id, answer(), None, "bob") == first
    assert [h.outcome for h in store.history(assessment.id, "PROS-1.1")] == ["saved"]


def test_cleared_answer_is_unanswered_and_revisions_keep_growing(
    store: Store, assessment: Assessment
) -> None:
    store.save_answer(assessment.id, answer(evidence="E"), None, "alice")
    store.clear_answer(assessment.id, "PROS-1.1", 1, "alice")
    assert "PROS-1.1" not in store.get(assessment.id).answers
    assert store.get_answer(assessment.id, "PROS-1.1") is None
    again = store.save_answer(assessment.id, answer(rating="fully"), None, "bob")
    assert again.revision == 3 and again.evidence == ""
    cleared = store.history(assessment.id, "PROS-1.1")[1]
    assert (cleared.outcome, cleared.old["evidence"], cleared.new) == ("cleared", "E", None)


def test_stale_clear_is_refused(store: Store, assessment: Assessment) -> None:
    store.save_answer(assessment.id, answer(), None, "alice")
    store.save_answer(assessment.id, answer(rating="fully"), 1, "bob")
    with pytest.raises(StaleWriteError):
        store.clear_answer(assessment.id, "PROS-1.1", 1, "alice")
    assert store.get(assessment.id).answers["PROS-1.1"].rating is Rating.FULLY


def test_action_items_are_saved_and_checked_like_answers(
    store: Store, assessment: Assessment
) -> None:
    item = ActionItem(question_id="PROS-1.1", agency="police", note="Draft a bill")
    saved = store.save_action(assessment.id, item, None, "alice")
    assert store.get(assessment.id).actions == {"PROS-1.1": saved}
    done = item.model_copy(update={"status": ActionStatus.DONE})
    with pytest.raises(StaleWriteError) as refused:
        store.save_action(assessment.id, done, None, "bob")
    assert refused.value.key == "error.stale_action"
    store.clear_action(assessment.id, "PROS-1.1", 1, "alice")
    assert store.get(assessment.id).actions == {}


# Validation ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "key"),
    [
        (answer("PROS-9.9"), "error.unknown_question"),
        (answer(INFO_QUESTION, "fully"), "error.rating_on_info"),
        (answer("PROS-1.1", None, value="12"), "error.value_on_rated"),
        (answer(INFO_QUESTION, None, value="twelve"), "info.not_integer"),
        (answer(INFO_QUESTION, None, value=-1), "info.below_minimum"),
        (answer(agency="no_such_agency"), "error.unknown_agency"),
        (
            Answer.model_construct(question_id="PROS-1.1", rating=Rating.NOT_APPLICABLE),
            "error.na_needs_justification",
        ),
    ],
)
def test_invalid_answer_is_refused_with_nothing_written(
    store: Store, assessment: Assessment, given: Answer, key: str
) -> None:
    before = snapshot(store)
    with pytest.raises(InvalidWriteError) as refused:
        store.save_answer(assessment.id, given, None, "alice")
    assert refused.value.key == key
    translatable(refused.value)
    assert snapshot(store) == before


def test_saving_into_a_missing_assessment_is_not_found(store: Store) -> None:
    with pytest.raises(NotFoundError):
        store.save_answer("nosuch-assessment", answer(), None, "alice")
    with pytest.raises(NotFoundError):
        store.get("nosuch-assessment")


@pytest.mark.parametrize(
    ("fields", "key"),
    [
        ({"country": "ZZZ"}, "error.unknown_country"),
        ({"instrument_id": "nope"}, "error.unknown_instrument"),
        ({"title": "x" * 501}, "error.text_too_long"),
        ({"status": "archived"}, "error.field_choice"),
    ],
)
def test_invalid_new_assessment_is_refused(store: Store, fields: dict, key: str) -> None:
    with pytest.raises(InvalidWriteError) as refused:
        store.create_assessment(
            **({"country": "XAA", "instrument_id": "tiny", "user": "a"} | fields)
        )
    assert refused.value.key == key
    translatable(refused.value)
    assert store.list_assessments() == []


# Metadata, listing -----------------------------------------------------------------------------


def test_update_meta_is_checked_against_the_version(store: Store, assessment: Assessment) -> None:
    changed = store.update_meta(assessment.id, assessment.version, "alice", title="Renamed")
    assert changed.title == "Renamed" and changed.version == assessment.version + 1
    with pytest.raises(StaleWriteError) as refused:
        store.update_meta(assessment.id, assessment.version, "bob", status=Status.FINAL)
    assert refused.value.current.title == "Renamed"
    assert store.get(assessment.id).status is Status.DRAFT
    entries = store.history(assessment.id, kind="assessment")
    assert [(h.outcome, h.new) for h in entries[1:]] == [
        ("saved", {"title": "Renamed"}),
        ("refused_stale", {"status": "final"}),
    ]


def test_list_filters_by_country_round_status_and_instrument(store: Store) -> None:
    a = store.create_assessment(country="XAA", instrument_id="tiny", user="u", round_label="2026")
    b = store.create_assessment(country="FRA", instrument_id="tiny", user="u", round_label="2027")
    store.update_meta(b.id, b.version, "u", status="final")
    store.save_answer(a.id, answer(), None, "u")

    def ids(**filters: object) -> set[str]:
        return {s.id for s in store.list_assessments(**filters)}  # type: ignore[arg-type]

    assert ids() == {a.id, b.id}
    assert ids(country="xaa") == {a.id}
    assert ids(round_label="2027") == {b.id}
    assert ids(status="final") == {b.id}
    assert ids(instrument_id="tiny", status=Status.DRAFT) == {a.id}
    assert ids(instrument_id="ifa") == set()
    summary = next(s for s in store.list_assessments() if s.id == a.id)
    assert (summary.answered, summary.questions, summary.round_label) == (1, 8, "2026")


# Duplicate, delete, seed -----------------------------------------------------------------------


def test_duplicate_starts_a_follow_up_round_with_the_answers(
    store: Store, assessment: Assessment
) -> None:
    store.save_answer(assessment.id, answer(evidence="E"), None, "alice")
    store.save_action(assessment.id, ActionItem(question_id="PROS-1.1"), None, "alice")
    store.update_meta(assessment.id, store.get(assessment.id).version, "alice", status="final")
    copy = store.duplicate(assessment.id, "follow-up 2027", "bob")
    assert copy.id != assessment.id and store.get(copy.id) == copy
    assert (copy.round_label, copy.status, copy.title) == (
        "follow-up 2027",
        Status.DRAFT,
        "Baseline",
    )
    assert copy.answers["PROS-1.1"].evidence == "E" and set(copy.actions) == {"PROS-1.1"}
    assert copy.answers["PROS-1.1"].revision == 1
    assert store.get(assessment.id).status is Status.FINAL  # the source is untouched
    [entry] = store.history(copy.id)
    assert (entry.outcome, entry.new["from"], entry.user) == ("duplicated", assessment.id, "bob")


def test_delete_needs_confirmation_and_returns_the_export(
    store: Store, assessment: Assessment
) -> None:
    store.save_answer(assessment.id, answer(evidence="keep me"), None, "alice")
    stored = store.get(assessment.id)
    with pytest.raises(ConfirmationError) as refused:
        store.delete(assessment.id, "yes", "alice")
    translatable(refused.value)
    assert store.get(assessment.id) == stored
    exported = store.delete(assessment.id, " xaa ", "alice")
    with pytest.raises(NotFoundError):
        store.get(assessment.id)
    assert read_json(exported, BUNDLE).assessment == stored
    [entry] = store.history(assessment.id)
    assert (entry.outcome, entry.user, entry.old["answers"]) == ("deleted", "alice", 1)


def test_delete_accepts_the_exact_title(store: Store, assessment: Assessment) -> None:
    with pytest.raises(ConfirmationError):
        store.delete(assessment.id, "baseline", "alice")
    store.delete(assessment.id, "Baseline", "alice")
    assert store.list_assessments() == []


def test_seed_if_empty_seeds_once(store: Store) -> None:
    demo = Assessment(
        id="demo-xaa-0001",
        country="XAA",
        fictional=True,
        instrument_id="tiny",
        instrument_version="1.0",
        answers={"PROS-1.1": answer(rating="fully")},
    )
    assert store.seed_if_empty([demo]) == 1
    assert store.get(demo.id).answers["PROS-1.1"].revision == 1
    store.delete(demo.id, "XAA", "alice")
    assert store.seed_if_empty([demo]) == 0
    assert store.list_assessments() == []


def test_seed_if_empty_leaves_a_used_database_alone(store: Store, assessment: Assessment) -> None:
    demo = assessment.model_copy(update={"id": "demo-xaa-0002"})
    assert store.seed_if_empty([demo]) == 0
    assert [s.id for s in store.list_assessments()] == [assessment.id]


# Concurrency and durability ---------------------------------------------------------------------


def test_threads_saving_at_once_lose_nothing(store: Store, assessment: Assessment) -> None:
    """Six sessions save their own question, then race on one: one wins, five are refused."""
    own = [q for q in RATED if q != "PROS-2.2"]
    outcomes: list[str] = []
    lock = threading.Lock()

    def session(question_id: str) -> None:
        store.save_answer(assessment.id, answer(question_id, "fully"), None, question_id)
        try:
            race = answer("PROS-2.2", evidence=f"by {question_id}")
            store.save_answer(assessment.id, race, None, question_id)
            result = "saved"
        except StaleWriteError:
            result = "refused"
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=session, args=(q,)) for q in own]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["refused"] * 5 + ["saved"]
    races = store.history(assessment.id, "PROS-2.2")
    assert sorted(h.outcome for h in races) == ["refused_stale"] * 5 + ["saved"]
    final = store.get(assessment.id)
    assert set(final.answers) == {*own, "PROS-2.2"}
    assert final.version == assessment.version + 7
    assert store.integrity_check() == []


_CHILD = textwrap.dedent(
    """
    import sys
    sys.path.insert(0, {root!r})
    from assessment.models import Answer
    from assessment.store import Store
    from tests.assessment.store_helpers import BUNDLE
    store = Store({url!r}, bundle=BUNDLE)
    target = sys.argv[1]
    revision = None
    for n in range(int(sys.argv[2])):
        given = Answer(question_id="PROS-1.1", evidence=str(n))
        saved = store.save_answer(target, given, revision, "child")
        revision = saved.revision
        print(saved.revision, flush=True)
    """
)


def _child(store: Store, tmp_path: Path) -> Path:
    script = tmp_path / "child.py"
    url = store.url.render_as_string(hide_password=False)
    script.write_text(_CHILD.format(root=str(ROOT), url=url), encoding="utf-8")
    return script


def test_saves_of_a_finished_process_are_read_after_a_restart(
    store: Store, assessment: Assessment, tmp_path: Path
) -> None:
    done = subprocess.run(
        [sys.executable, str(_child(store, tmp_path)), assessment.id, "3"],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    assert done.stdout.split() == ["1", "2", "3"]
    reopened = Store(store.url, bundle=BUNDLE)
    assert reopened.get(assessment.id).answers["PROS-1.1"].evidence == "2"
    reopened.close()


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_every_confirmed_save_survives_sigkill(
    store: Store, assessment: Assessment, tmp_path: Path
) -> None:
    """A writer killed mid-burst: every revision it printed (confirmed) is in the database."""
    child = subprocess.Popen(
        [sys.executable, str(_child(store, tmp_path)), assessment.id, "100000"],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    confirmed = [int(child.stdout.readline()) for _ in range(40)]
    os.kill(child.pid, signal.SIGKILL)
    child.wait(timeout=30)
    reopened = Store(store.url, bundle=BUNDLE)
    stored = reopened.get(assessment.id).answers["PROS-1.1"]
    assert stored.revision >= confirmed[-1]
    assert int(stored.evidence) == stored.revision - 1
    assert reopened.integrity_check() == []
    reopened.close()


# Opening the database --------------------------------------------------------------------------


def test_database_url_prefers_database_url_then_gapassess_db(tmp_path: Path) -> None:
    pg = database_url({"DATABASE_URL": "postgres://u@h/db", "GAPASSESS_DB": "x.db"})
    assert pg.drivername == "postgresql+psycopg" and pg.database == "db"
    file = database_url({"GAPASSESS_DB": str(tmp_path / "a.sqlite3")})
    assert file.drivername.startswith("sqlite") and file.database == str(tmp_path / "a.sqlite3")
    default = database_url({})
    assert default.database == str((user_data_dir() / "gapassess.sqlite3").resolve())


@pytest.mark.parametrize(
    ("platform", "env", "expected"),
    [
        ("linux", {"XDG_DATA_HOME": "/x/data"}, "/x/data/gapassess"),
        ("linux", {}, "~/.local/share/gapassess"),
        ("darwin", {}, "~/Library/Application Support/gapassess"),
        ("win32", {"APPDATA": "/c/AppData/Roaming"}, "/c/AppData/Roaming/gapassess"),
    ],
)
def test_user_data_dir_follows_the_platform(
    monkeypatch: pytest.MonkeyPatch, platform: str, env: dict, expected: str
) -> None:
    monkeypatch.setattr(sys, "platform", platform)
    for name in ("XDG_DATA_HOME", "APPDATA"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert user_data_dir() == Path(expected).expanduser()


def test_from_env_opens_the_gapassess_db_file(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("GAPASSESS_DB", str(tmp_path / "sub" / "app.sqlite3"))
    opened = Store.from_env(bundle=BUNDLE)
    assert (tmp_path / "sub" / "app.sqlite3").exists()
    with opened.engine.connect() as conn:
        pragmas = {
            name: conn.exec_driver_sql(f"PRAGMA {name}").scalar()
            for name in ("journal_mode", "synchronous", "foreign_keys", "busy_timeout")
        }
    assert pragmas == {
        "journal_mode": "wal",
        "synchronous": 2,
        "foreign_keys": 1,
        "busy_timeout": 15000,
    }
    opened.close()


def test_migrated_database_matches_the_tables(store: Store) -> None:
    found = inspect(store.engine)
    for table in METADATA.sorted_tables:
        columns = {c["name"] for c in found.get_columns(table.name)}
        assert columns == set(table.columns.keys()), table.name
    assert Store(store.url, bundle=BUNDLE).schema_found == LATEST  # reopening migrates nothing


def test_database_from_a_newer_app_is_refused(tmp_path: Path) -> None:
    url = sqlite_url(tmp_path / "new.sqlite3")
    Store(url, bundle=BUNDLE).close()
    engine = create_engine(url)
    with engine.begin() as conn:
        future = {"version": LATEST + 1, "description": "future", "applied_at": datetime.now(UTC)}
        conn.execute(insert(schema_version).values(**future))
    engine.dispose()
    with pytest.raises(SchemaTooNewError) as refused:
        Store(url, bundle=BUNDLE)
    translatable(refused.value)


def test_unusable_database_path_is_reported_not_raised_raw(tmp_path: Path) -> None:
    (tmp_path / "adir").mkdir()
    with pytest.raises(StoreUnavailableError) as refused:
        Store(sqlite_url(tmp_path / "adir"), bundle=BUNDLE)
    translatable(refused.value)


def test_sqlite_only_helpers_know_the_backend(store: Store) -> None:
    assert is_sqlite(store) == (store.engine.dialect.name == "sqlite")


# Messages --------------------------------------------------------------------------------------


@pytest.mark.parametrize("key", ERROR_KEYS)
def test_error_key_is_translated_with_the_same_placeholders(key: str) -> None:
    strings = load_content().strings
    english = strings["en"][key]
    for lang, table in strings.items():
        assert key in table, f"{key} missing in {lang}"
        assert _placeholders(table[key]) == _placeholders(english), lang


def _placeholders(message: str) -> set[str]:
    return {part.split("}")[0] for part in message.split("{")[1:]}
