"""Nothing typed is lost: refresh and tab close, SIGKILL mid-burst, two people on one answer,
and exports or imports that fail half-way.

- **Refresh / tab close** right after a change: a new session (AppTest) or a new browser
  context (Chromium) opened on the same URL finds the answer.
- **SIGKILL during a burst of saves**: child processes save answers as fast as they can and
  print each save the store confirmed; the parent kills them with SIGKILL mid-burst, reopens
  the database, and finds every confirmed save (its history row and at least its revision),
  with ``PRAGMA integrity_check`` = ok. The same with the real server: every rating the page
  showed as "Saved" before ``kill -9`` is there after a restart.
- **Two sessions on one answer**: the second, stale write is refused (the page offers to
  reload), nothing is overwritten silently, and the history holds both outcomes.
- **A failing export or import** leaves every stored row as it was.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.exc import OperationalError
from streamlit.testing.v1 import AppTest

from assessment.errors import ImportValidationError, StaleWriteError, StoreUnavailableError
from assessment.io.csv_io import read_csv
from assessment.io.json_io import export_json, read_json
from assessment.io.merge import apply_merge, build_preview
from assessment.io.rows import Incoming, SourceRead
from assessment.models import Answer
from assessment.store import Store
from assessment.store_schema import sqlite_url
from framework.loader import ContentBundle
from framework.models import Rating
from reports import exporters
from tests.robustness import bad_corpus as corpus
from tests.robustness import browser as web
from tests.robustness.bad_corpus import TARGET_ID

ROOT = corpus.ROOT
APP = str(ROOT / "app.py")
CHILD = r"""
import sys
from assessment.models import Answer
from assessment.store import Store
from assessment.store_schema import sqlite_url
from framework.models import Rating

db, assessment_id, questions = sys.argv[1], sys.argv[2], sys.argv[3].split(",")
ratings = [Rating.FULLY, Rating.LARGELY, Rating.PARTIALLY, Rating.NOT_IN_PLACE]
store = Store(sqlite_url(db))
revisions = {}
for qid in questions:
    stored = store.get_answer(assessment_id, qid)
    revisions[qid] = stored.revision if stored else None
print("READY", flush=True)
n = 0
while True:
    qid = questions[n % len(questions)]
    rating = ratings[n % len(ratings)]
    answer = Answer(question_id=qid, rating=rating, evidence=f"save {n} " + "x" * 2000)
    saved = store.save_answer(assessment_id, answer, revisions[qid], "burst")
    revisions[qid] = saved.revision
    print(f"SAVED {qid} {saved.revision} {rating.value}", flush=True)
    n += 1
"""


# Refresh and tab close -----------------------------------------------------------------------


@pytest.fixture
def app_db(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, bundle: ContentBundle
) -> Iterator[Path]:
    """A database with the target assessment, opened by the app under AppTest."""
    from ui import cache

    store = corpus.open_target_store(tmp_path, bundle)
    store.close()
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("GAPASSESS_DB", str(tmp_path / "bad-input.sqlite"))
    cache.store.clear()
    yield tmp_path / "bad-input.sqlite"
    cache.store.clear()


def _session(lang: str = "en") -> AppTest:
    """A new browser tab: a new session on the questionnaire of the target (URL parameters)."""
    at = AppTest.from_file(APP, default_timeout=30)
    at.query_params["lang"] = lang
    at.query_params["assessment"] = TARGET_ID
    at.run()
    return at.switch_page("ui/pages/questionnaire.py").run()


def _stored(db: Path) -> Any:
    store = Store(sqlite_url(db))
    try:
        return store.get(TARGET_ID)
    finally:
        store.close()


def test_a_change_is_there_after_a_refresh(app_db: Path) -> None:
    at = _session()
    at.radio(key="rating:PROS-1.3").set_value(Rating.PARTIALLY).run()
    at.session_state["notes:PROS-1.4"] = True
    at.run()
    at.text_area(key="evidence:PROS-1.4").set_value("Typed, then the tab was closed").run()
    # no wait, no save button: the tab is gone; a new one opens on the same URL
    fresh = _session()
    assert not fresh.exception
    assert fresh.radio(key="rating:PROS-1.3").value is Rating.PARTIALLY
    fresh.session_state["notes:PROS-1.4"] = True
    fresh.run()
    assert fresh.text_area(key="evidence:PROS-1.4").value == "Typed, then the tab was closed"
    assert _stored(app_db).answers["PROS-1.4"].evidence == "Typed, then the tab was closed"


# Two sessions on one answer ---------------------------------------------------------------------


def test_the_second_stale_write_is_refused_and_both_are_in_the_history(
    store: Store,
) -> None:
    mine, theirs = store, Store(store.url)  # two processes' worth of stores on one database
    drawn = mine.get_answer(TARGET_ID, "PROS-1.2")
    assert drawn is not None
    first = theirs.save_answer(
        TARGET_ID, drawn.model_copy(update={"rating": Rating.NOT_IN_PLACE}), drawn.revision, "b"
    )
    with pytest.raises(StaleWriteError) as refused:
        mine.save_answer(
            TARGET_ID, drawn.model_copy(update={"rating": Rating.FULLY}), drawn.revision, "a"
        )
    assert refused.value.current == first  # what to reload
    assert mine.get_answer(TARGET_ID, "PROS-1.2") == first  # not overwritten
    outcomes = [(h.outcome, h.user) for h in mine.history(TARGET_ID, "PROS-1.2")][-2:]
    assert outcomes == [("saved", "b"), ("refused_stale", "a")]
    refusal = mine.history(TARGET_ID, "PROS-1.2")[-1]
    assert (refusal.old["rating"], refusal.new["rating"]) == ("not_in_place", "fully")
    # after reloading, the same person can save over the answer they now see
    again = mine.save_answer(
        TARGET_ID, first.model_copy(update={"rating": Rating.FULLY}), first.revision, "a"
    )
    assert again.revision == first.revision + 1
    theirs.close()


def test_two_tabs_on_one_answer(app_db: Path) -> None:
    """Tab B drew the question before tab A saved it: B's change is refused with "reload"."""
    tab_a, tab_b = _session(), _session("zh")
    tab_a.radio(key="rating:PROS-1.3").set_value(Rating.FULLY).run()
    tab_b.radio(key="rating:PROS-1.3").set_value(Rating.NOT_IN_PLACE).run()
    tab_b.run()
    assert not tab_b.exception
    assert tab_b.warning, "the stale write is reported"
    assert tab_b.button(key="reload:PROS-1.3")
    assert tab_b.radio(key="rating:PROS-1.3").value is Rating.NOT_IN_PLACE  # kept, not lost
    stored = _stored(app_db).answers["PROS-1.3"]
    assert stored.rating is Rating.FULLY
    store = Store(sqlite_url(app_db))
    outcomes = [h.outcome for h in store.history(TARGET_ID, "PROS-1.3")]
    store.close()
    assert outcomes == ["saved", "refused_stale"]
    tab_b.button(key="reload:PROS-1.3").click().run()
    tab_b.run()
    assert tab_b.radio(key="rating:PROS-1.3").value is Rating.FULLY
    assert not tab_b.warning


# SIGKILL during a burst of saves ----------------------------------------------------------------


class _Child:
    """A child process saving answers; ``confirmed`` holds each save it printed."""

    def __init__(self, db: Path, questions: list[str]) -> None:
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        args = [sys.executable, "-c", CHILD, str(db), TARGET_ID, ",".join(questions)]
        self.process = subprocess.Popen(
            args, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        self.confirmed: list[tuple[str, int, str]] = []
        self.ready = threading.Event()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            if line.startswith("READY"):
                self.ready.set()
            elif line.startswith("SAVED"):
                _, qid, revision, rating = line.split()
                self.confirmed.append((qid, int(revision), rating))

    def kill(self) -> str:
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)
        assert self.process.stderr is not None
        return self.process.stderr.read()


def _burst(db: Path, groups: list[list[str]], saves: int) -> list[tuple[str, int, str]]:
    children = [_Child(db, questions) for questions in groups]
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not all(len(c.confirmed) >= saves for c in children):
        assert all(c.process.poll() is None for c in children), [c.kill() for c in children]
        time.sleep(0.01)
    errors = [c.kill() for c in children]  # mid-burst: each is inside a save, or about to be
    assert all(c.process.returncode == -signal.SIGKILL for c in children)
    assert all(len(c.confirmed) >= saves for c in children), errors
    return [save for c in children for save in c.confirmed]


def test_sigkill_during_a_burst_of_saves_loses_no_confirmed_save(store: Store) -> None:
    db = Path(str(store.url.database))
    store.close()
    groups = [["PROS-1.4", "PROS-1.5", "PROS-1.6"], ["PROT-1.1", "PROT-1.2", "PROS-1.1"]]
    confirmed: list[tuple[str, int, str]] = []
    for _ in range(2):  # killed, reopened, killed again
        confirmed += _burst(db, groups, saves=20)
        with sqlite3.connect(db) as raw:
            assert raw.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    reopened = Store(sqlite_url(db))
    try:
        assert reopened.integrity_check() == []
        saved = {
            (h.question_id, h.revision, (h.new or {}).get("rating"))
            for h in reopened.history(TARGET_ID, kind="answer")
            if h.outcome == "saved"
        }
        missing = [c for c in confirmed if c not in saved]
        assert not missing, f"{len(missing)} confirmed saves lost: {missing[:5]}"
        stored = reopened.get(TARGET_ID).answers
        last: dict[str, int] = {}
        for qid, revision, _ in confirmed:
            last[qid] = max(last.get(qid, 0), revision)
        for qid, revision in last.items():  # at most the one save in flight came on top
            assert stored[qid].revision in (revision, revision + 1), qid
    finally:
        reopened.close()


# A failing export or import --------------------------------------------------------------------


def test_a_failing_export_leaves_the_store_as_it_was(
    store: Store, bundle: ContentBundle, monkeypatch: pytest.MonkeyPatch
) -> None:
    from assessment.results import compute_results

    before = corpus.snapshot(store)
    results = compute_results(bundle, store.get(TARGET_ID))

    def broken(*args: object) -> bytes:
        raise OSError("disk full while writing the report")

    for name, exporter in exporters.EXPORTERS.items():
        monkeypatch.setitem(
            exporters.EXPORTERS,
            name,
            exporter.__class__(exporter.name, exporter.suffix, exporter.mime, broken),
        )
        with pytest.raises(OSError, match="disk full"):
            exporters.export(name, bundle, results, "en")
    assert corpus.snapshot(store) == before


def test_a_failing_download_on_the_reports_page_leaves_the_store_as_it_was(
    app_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The download button's builder (what runs on click) fails with the translated message."""
    from ui.components import export_panel

    at = AppTest.from_file(APP, default_timeout=30)
    at.query_params["assessment"] = TARGET_ID
    at.run()
    at.switch_page("ui/pages/reports.py").run()
    assert not at.exception
    store = Store(sqlite_url(app_db))
    before = corpus.snapshot(store)

    def broken(*args: object) -> bytes:
        raise MemoryError("the PDF did not fit")

    pdf = exporters.EXPORTERS["pdf"]
    monkeypatch.setitem(
        exporters.EXPORTERS, "pdf", pdf.__class__(pdf.name, pdf.suffix, pdf.mime, broken)
    )
    build = export_panel.builder(TARGET_ID, "pdf", "zh", "answers", "报告生成失败")
    with pytest.raises(RuntimeError, match="报告生成失败"):
        build()
    assert corpus.snapshot(store) == before
    store.close()


def test_a_json_import_failing_half_way_writes_nothing(
    store: Store, bundle: ContentBundle, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The database fails after the assessment and its answers were inserted (on the history
    row that ends the transaction): everything is rolled back."""
    data = export_json(store.get(TARGET_ID))
    result = read_json(data, bundle)
    before = corpus.snapshot(store)
    calls = {"n": 0}
    original = Store._record

    def failing(self: Store, conn: Any, **values: Any) -> None:
        calls["n"] += 1
        if calls["n"] == 1:
            raise OperationalError("INSERT INTO history", {}, Exception("disk I/O error"))
        original(self, conn, **values)

    monkeypatch.setattr(Store, "_record", failing)
    with pytest.raises(StoreUnavailableError):
        store.import_assessment(result.assessment, "tester", "new", source="copy.json")
    assert corpus.snapshot(store) == before


def test_a_csv_merge_failing_half_way_writes_nothing(
    store: Store, bundle: ContentBundle, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = b"question_id,rating,evidence\r\nPROS-1.3,fully,a\r\nPROS-1.4,largely,b\r\n"
    result = read_csv(data, bundle, store.get(TARGET_ID))
    before = corpus.snapshot(store)
    from assessment import store_import

    calls = {"n": 0}
    original = store_import._merge_item

    def failing(*args: Any, **kwargs: Any) -> None:
        calls["n"] += 1
        if calls["n"] == 2:
            raise OperationalError("UPDATE answers", {}, Exception("database is locked"))
        original(*args, **kwargs)

    monkeypatch.setattr(store_import, "_merge_item", failing)
    with pytest.raises(StoreUnavailableError):
        store.import_assessment(result.assessment, "tester", "merge", target_id=TARGET_ID)
    assert corpus.snapshot(store) == before


def test_an_excel_merge_failing_half_way_keeps_every_answer_whole(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Returned files are saved answer by answer (each checked against the revision the preview
    saw). If the database fails on the second, the first stays saved, the rest are untouched,
    nothing is half-written, and saving the same preview again saves the rest."""
    answers = [
        Answer(question_id=qid, rating=Rating.LARGELY, evidence=f"from the ministry {qid}")
        for qid in ("PROS-1.3", "PROS-1.4", "PROS-1.5")
    ]
    read = SourceRead(
        "ministry.xlsx", [Incoming("ministry.xlsx", n + 2, a) for n, a in enumerate(answers)]
    )
    preview = build_preview(store.get(TARGET_ID), [read])
    original = Store.save_answer
    calls = {"n": 0}

    def flaky(self: Store, *args: Any, **kwargs: Any) -> Answer:
        calls["n"] += 1
        if calls["n"] == 2:
            raise StoreUnavailableError()
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Store, "save_answer", flaky)
    with pytest.raises(StoreUnavailableError):
        apply_merge(store, preview, preview.default_choices(), "tester")
    stored = store.get(TARGET_ID).answers
    assert stored["PROS-1.3"].evidence == "from the ministry PROS-1.3"
    assert "PROS-1.4" not in stored and "PROS-1.5" not in stored
    assert store.integrity_check() == []
    again = apply_merge(
        store, build_preview(store.get(TARGET_ID), [read]), ["PROS-1.4", "PROS-1.5"], "t"
    )
    assert again.saved == ["PROS-1.4", "PROS-1.5"]


def test_an_import_refused_after_a_concurrent_change_writes_nothing(
    store: Store, bundle: ContentBundle
) -> None:
    """The plan was made, then someone saved: the import is refused as stale, not merged."""
    data = b"question_id,rating\r\nPROS-1.3,fully\r\n"
    result = read_csv(data, bundle, store.get(TARGET_ID))
    plan = store.plan_import(result.assessment, "merge", TARGET_ID)
    current = store.get_answer(TARGET_ID, "PROS-1.2")
    assert current is not None
    store.save_answer(
        TARGET_ID, current.model_copy(update={"comment": "meanwhile"}), current.revision
    )
    before = corpus.snapshot(store)
    with pytest.raises((StaleWriteError, ImportValidationError)):
        store.import_assessment(
            result.assessment, "t", "merge", target_id=TARGET_ID, expected_version=plan.version
        )
    assert corpus.snapshot(store) == before


# The real server, in Chromium ------------------------------------------------------------------


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[web.Server]:
    running = web.start_server(tmp_path_factory.mktemp("no-loss"))
    try:
        yield running
    finally:
        web.stop_server(running)


def _tab(browser: Any) -> tuple[Any, Any]:
    context = browser.new_context(locale="en-GB", viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(20_000)
    return context, page


@pytest.mark.e2e
def test_closing_the_tab_right_after_a_click_keeps_the_answer(
    browser: Any, server: web.Server
) -> None:
    assessment_id = web.create_assessment(server.db)
    context, page = _tab(browser)
    web.open_questionnaire(page, server, assessment_id)
    web.rate(page, "PROS-1.1", "Largely in place")
    context.close()  # the tab is closed the moment "Saved" shows
    context, page = _tab(browser)
    web.open_questionnaire(page, server, assessment_id)
    assert web.is_checked(page, "PROS-1.1", "Largely in place")
    web.rate(page, "PROS-1.2", "Not in place")
    page.reload()  # and a refresh
    web.card(page, "PROS-1.2").wait_for()
    assert web.is_checked(page, "PROS-1.2", "Not in place")
    _type_evidence(page, "PROS-1.3", "Typed, then Tab", leave=True)
    page.reload()
    web.card(page, "PROS-1.3").wait_for()
    assert _stored_evidence(server, assessment_id, "PROS-1.3") == "Typed, then Tab"
    context.close()


def _type_evidence(page: Any, question_id: str, typed: str, leave: bool) -> None:
    web.card(page, question_id).get_by_text("Evidence, sources", exact=False).first.click()
    area = web.keyed(page, f"evidence:{question_id}").locator("textarea")
    area.click()
    area.press_sequentially(typed)
    if leave:
        page.keyboard.press("Tab")  # leaving the field sends it: saved at once
        web.card(page, question_id).get_by_text(web.SAVED).wait_for()


def _stored_evidence(server: web.Server, assessment_id: str, question_id: str) -> str | None:
    store = Store(sqlite_url(server.db))
    try:
        answer = store.get_answer(assessment_id, question_id)
        return answer.evidence if answer else None
    finally:
        store.close()


@pytest.mark.e2e
@pytest.mark.xfail(
    strict=True,
    reason="Streamlit sends a text area's value when it loses focus (or on Ctrl+Enter); text "
    "still in the field when the tab is reloaded never reaches the server. Known limitation, "
    "see docs/robustness.md; this test starts passing (and fails as XPASS) once it is fixed.",
)
def test_text_still_in_the_field_survives_a_reload(browser: Any, server: web.Server) -> None:
    assessment_id = web.create_assessment(server.db)
    context, page = _tab(browser)
    try:
        web.open_questionnaire(page, server, assessment_id)
        _type_evidence(page, "PROS-1.1", "typed, never left the field", leave=False)
        page.wait_for_timeout(1000)
        page.reload()
        web.card(page, "PROS-1.1").wait_for()
        assert _stored_evidence(server, assessment_id, "PROS-1.1") == "typed, never left the field"
    finally:
        context.close()


@pytest.mark.e2e
def test_sigkill_of_the_server_keeps_every_save_the_page_confirmed(
    browser: Any, tmp_path: Path
) -> None:
    server = web.start_server(tmp_path)
    assessment_id = web.create_assessment(server.db)
    context = browser.new_context(locale="en-GB", viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(20_000)
    confirmed: dict[str, str] = {}
    try:
        web.open_questionnaire(page, server, assessment_id)
        questions = [f"PROS-1.{n}" for n in range(1, 8)]  # the first page shows 8 questions
        for n, qid in enumerate(questions):
            rating = web.RATED[n % len(web.RATED)]
            web.rate(page, qid, rating)
            confirmed[qid] = rating
        web.rate(page, "PROS-1.8", "Fully in place", wait=False)  # in flight ...
        server.process.send_signal(signal.SIGKILL)  # ... when the server dies
        server.process.wait(timeout=10)
    finally:
        context.close()
        web.stop_server(server)
    with sqlite3.connect(server.db) as raw:
        assert raw.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    restarted = web.start_server(tmp_path)  # the same folder: the same database
    try:
        stored = Store(sqlite_url(restarted.db))
        answers = stored.get(assessment_id).answers
        stored.close()
        labels = dict(
            zip(web.RATED, ("fully", "largely", "partially", "not_in_place"), strict=True)
        )
        assert {q: answers[q].rating.value for q in confirmed} == {
            q: labels[r] for q, r in confirmed.items()
        }
        context = browser.new_context(locale="en-GB", viewport={"width": 1400, "height": 1000})
        page = context.new_page()
        page.set_default_timeout(20_000)
        web.open_questionnaire(page, restarted, assessment_id)
        assert all(web.is_checked(page, q, r) for q, r in confirmed.items())
        context.close()
    finally:
        web.stop_server(restarted)
