"""Load benchmark: concurrent sessions answering questions against one server on SQLite.

``--sessions`` browser contexts (default 20) in one headless Chromium, each a separate
Streamlit session, open the questionnaire of the Framework for Action by URL and click ratings
one after the other for ``--seconds`` (default 120), each click waiting for the card's
"Saved" notice (shown only after the store committed). A pass clicks every rated question of
the first area once, then reloads the page (a refresh, as people do) and starts the next pass
with other ratings. By default every session has its own assessment; ``--shared`` puts all
sessions on one assessment, each answering its own questions of the first page (per-answer
concurrency; at most as many sessions as the page has questions).

Reported: saves per second (confirmed saves / wall time of the clicking), save latency (click
-> "Saved" visible, measured inside the page with ``performance.now()`` and a
MutationObserver, so Playwright's round trips are not counted) median / p95 / max, errors (a
click that never got "Saved" within 30 s, an error or a stale-write warning on the card, a
Streamlit exception; goal 0), lost answers (the last rating each client saw confirmed, compared
with the database afterwards; goal 0), and the server's RSS (idle, peak, end).

Bounded: at most ``--seconds`` of clicking and ``--max-saves`` per session; the server listens
on 127.0.0.1 only and the browser opens nothing else.

On a small machine Chromium drawing 20 Streamlit pages takes most of the CPU; ``--pin`` puts
the server on a core of its own (the browser and this client on the others), so the figures
say more about the server.

Run: ``.venv/bin/python bench/bench_load.py [--seconds 120] [--sessions 20] [--shared] [--pin]``
(needs /usr/bin/chromium and the ``playwright`` package; never downloads a browser).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sqlite3
import statistics
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playwright.async_api import Page, async_playwright  # noqa: E402

from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, Server, start_server, stop_server  # noqa: E402

server_cpu = [float("nan")]  # server CPU seconds per second of clicking (1.0 = one core busy)
RATINGS = ("fully", "largely", "partially", "not_in_place")  # the first four radio options
CLICK_TIMEOUT_MS = 30_000
CARDS = """() => [...document.querySelectorAll("[class*='st-key-card-']")].map(
  (e) => [...e.classList].find((c) => c.startsWith("st-key-card-")).slice(12))"""
SAVE = """([key, index, timeout]) => new Promise((resolve) => {
  const card = () => document.querySelector(`.st-key-card-${key}`);
  const options = () => card() ? card().querySelectorAll("[data-testid='stRadioOption']") : [];
  const status = () => {
    const here = card();
    if (!here) return "";
    if (here.querySelector("[data-testid='stAlertContainer'], [data-testid='stException']"))
      return "error";
    const captions = [...here.querySelectorAll("[data-testid='stCaptionContainer']")];
    return captions.some((c) => /Saved$/.test(c.innerText.trim())) ? "saved" : "";
  };
  const waitedFrom = performance.now();
  let clickedAt = 0;
  const click = () => {
    // after a reload the cards are drawn one by one: wait until this one has its options
    if (options().length <= index || status() !== "") {
      if (performance.now() - waitedFrom > timeout) {
        resolve({ms: -1, why: status() || "card not drawn"}); return;
      }
      setTimeout(click, 50); return;
    }
    let timer = null;
    const observer = new MutationObserver(() => {
      const now = status();
      if (now === "") return;
      observer.disconnect(); clearTimeout(timer);
      const ms = performance.now() - started;
      resolve(now === "saved" ? {ms: ms, at: clickedAt} : {ms: -1, why: now});
    });
    observer.observe(document.body, {subtree: true, childList: true, characterData: true});
    const late = () => { observer.disconnect(); resolve({ms: -1, why: "timeout"}); };
    timer = setTimeout(late, timeout);
    const started = performance.now();
    clickedAt = Date.now();
    options()[index].click();
  };
  click();
})"""


@dataclass
class Session:
    number: int
    assessment_id: str
    questions: list[str]
    latencies: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    confirmed: dict[str, str] = field(default_factory=dict)
    passes: int = 0
    opened_s: float = 0.0
    clicks: list[tuple[str, float]] = field(default_factory=list)
    """(question id, wall-clock time of the click) of each confirmed save, in order."""


def css_key(question_id: str) -> str:
    return question_id.replace(".", "-")


def first_area_questions() -> list[str]:
    """Rated questions of the area the questionnaire opens on (Framework table 1, PROS-1)."""
    from framework.loader import load_content
    from framework.models import QuestionKind

    area = load_content().instruments["ifa"].sections[0].areas[0]
    return [q.id for q in area.questions if q.kind is QuestionKind.RATED]


def create_assessments(db: Path, count: int) -> list[str]:
    from assessment.store import Store
    from assessment.store_schema import sqlite_url

    store = Store(sqlite_url(db))
    try:
        return [
            store.create_assessment(
                country="XNM", instrument_id="ifa", user="bench", round_label=f"load {n}"
            ).id
            for n in range(count)
        ]
    finally:
        store.close()


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of process ``pid`` so far."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return float("nan")
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


class RssSampler(threading.Thread):
    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.samples: list[float] = []
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.is_set():
            self.samples.append(rss_mb(self.pid))
            self.stop.wait(0.5)


async def wait_ready(page: Page, first_question: str) -> None:
    await page.locator(f".st-key-card-{css_key(first_question)}").wait_for(timeout=120_000)
    await page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=120_000
    )


async def open_session(browser: object, server: Server, session: Session) -> Page:
    """A new browser context on the session's questionnaire (the first run loads the content)."""
    context = await browser.new_context(viewport={"width": 1400, "height": 1000})  # type: ignore[attr-defined]
    page = await context.new_page()
    page.on("pageerror", lambda error: session.errors.append(f"page error: {error}"))
    started = time.monotonic()
    url = f"{server.url}/questionnaire?lang=en&assessment={session.assessment_id}"
    await page.goto(url, timeout=120_000)
    await wait_ready(page, session.questions[0])
    session.opened_s = time.monotonic() - started
    drawn = await page.evaluate(CARDS)
    session.questions = [q for q in session.questions if css_key(q) in drawn]  # the first page
    if not session.questions:
        session.errors.append("no question of this session on the first page")
    return page


async def click_until(page: Page, session: Session, deadline: float, max_saves: int) -> None:
    saves = 0
    try:
        while time.monotonic() < deadline and saves < max_saves:
            for index, question_id in enumerate(session.questions):
                if time.monotonic() >= deadline or saves >= max_saves:
                    break
                option = (session.passes + index + session.number) % len(RATINGS)
                result = await page.evaluate(SAVE, [css_key(question_id), option, CLICK_TIMEOUT_MS])
                if result["ms"] < 0:
                    session.errors.append(f"{question_id}: {result.get('why')}")
                    continue
                session.latencies.append(float(result["ms"]))
                session.clicks.append((question_id, float(result["at"]) / 1000))
                session.confirmed[question_id] = RATINGS[option]
                saves += 1
            session.passes += 1
            if time.monotonic() < deadline:
                await page.reload(timeout=120_000)  # a refresh between passes
                await wait_ready(page, session.questions[0])
    except Exception as exc:
        session.errors.append(f"session failed: {type(exc).__name__}: {str(exc)[:200]}")
    finally:
        await page.context.close()


async def drive(server: Server, sessions: list[Session], seconds: float, max_saves: int) -> float:
    """Open every session (staggered), then click in all of them for ``seconds``."""
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS
        )
        try:
            opening = []
            for session in sessions:
                opening.append(asyncio.create_task(open_session(browser, server, session)))
                await asyncio.sleep(0.25)  # people do not all arrive in the same millisecond
            pages = await asyncio.gather(*opening)
            cpu_before = cpu_seconds(server.process.pid)
            started = time.monotonic()
            deadline = started + seconds
            await asyncio.gather(
                *(
                    click_until(p, s, deadline, max_saves)
                    for p, s in zip(pages, sessions, strict=True)
                )
            )
            elapsed = time.monotonic() - started
            server_cpu[0] = (cpu_seconds(server.process.pid) - cpu_before) / elapsed
            return elapsed
        finally:
            await browser.close()


def lost_answers(db: Path, sessions: list[Session]) -> list[str]:
    """Questions whose stored rating is not the last one the client saw confirmed."""
    lost = []
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        for session in sessions:
            for question_id, rating in session.confirmed.items():
                row = conn.execute(
                    "SELECT rating FROM answers WHERE assessment_id = ? AND question_id = ?"
                    " AND NOT cleared",
                    (session.assessment_id, question_id),
                ).fetchone()
                if row is None or row[0] != rating:
                    lost.append(f"{session.assessment_id} {question_id}: {rating} -> {row}")
        integrity = conn.execute("PRAGMA integrity_check").fetchall()
    if integrity != [("ok",)]:
        lost.append(f"integrity_check: {integrity}")
    return lost


def commit_latencies(db: Path, sessions: list[Session]) -> list[float]:
    """Milliseconds from each confirmed click to the commit of its save (the history row's
    time): the server's share of the latency. Matched in order per question, so only for
    sessions without errors (an unconfirmed click may still have saved)."""
    from datetime import UTC, datetime

    found = []
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        for session in sessions:
            if session.errors:
                continue
            rows = conn.execute(
                "SELECT question_id, changed_at FROM history WHERE assessment_id = ?"
                " AND kind = 'answer' AND outcome = 'saved' ORDER BY id",
                (session.assessment_id,),
            ).fetchall()
            commits: dict[str, list[float]] = {}
            for question_id, changed_at in rows:
                when = datetime.fromisoformat(str(changed_at)).replace(tzinfo=UTC).timestamp()
                commits.setdefault(question_id, []).append(when)
            seen: dict[str, int] = {}
            for question_id, clicked in session.clicks:
                n = seen.get(question_id, 0)
                seen[question_id] = n + 1
                if n < len(commits.get(question_id, [])):
                    found.append((commits[question_id][n] - clicked) * 1000)
    return found


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))] if ordered else 0.0


def report(
    sessions: list[Session],
    elapsed: float,
    rss: RssSampler,
    idle: float,
    lost: list[str],
    commits: list[float],
) -> None:
    latencies = [ms for s in sessions for ms in s.latencies]
    errors = [f"session {s.number}: {e}" for s in sessions for e in s.errors]
    saves = len(latencies)
    print(f"sessions              {len(sessions)}")
    print(f"clicking time         {elapsed:7.1f} s")
    print(f"confirmed saves       {saves}  ({saves / elapsed:.2f} saves/s)")
    print(f"page reloads (passes) {sum(s.passes for s in sessions)}")
    opened = [s.opened_s for s in sessions]
    median = statistics.median(opened)
    print(f"first page open       median {median:5.1f} s   max {max(opened):5.1f} s")
    if latencies:
        print(
            f"save latency          median {statistics.median(latencies):7.0f} ms"
            f"   p95 {percentile(latencies, 0.95):7.0f} ms   max {max(latencies):7.0f} ms"
        )
    if commits:
        print(
            f"  click -> commit     median {statistics.median(commits):7.0f} ms"
            f"   p95 {percentile(commits, 0.95):7.0f} ms   (the rest is drawing the page)"
        )
    print(f"errors                {len(errors)}")
    for line in errors[:20]:
        print(f"  {line}")
    print(f"lost answers          {len(lost)}")
    for line in lost[:20]:
        print(f"  {line}")
    peak = max(rss.samples) if rss.samples else float("nan")
    end = rss.samples[-1] if rss.samples else float("nan")
    print(f"server RSS            idle {idle:6.0f} MB   peak {peak:6.0f} MB   end {end:6.0f} MB")
    print(f"server CPU            {server_cpu[0]:.2f} cores busy on average while clicking")
    if saves:
        per_save = server_cpu[0] * elapsed / saves * 1000
        print(f"server CPU per save   {per_save:.0f} ms (page reloads included)")
    print(f"machine               {os.cpu_count()} cores, shared by the server and Chromium")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=120.0, help="clicking time (max 600)")
    parser.add_argument("--sessions", type=int, default=20, help="concurrent sessions (max 50)")
    parser.add_argument("--max-saves", type=int, default=2000, help="saves per session, at most")
    parser.add_argument("--shared", action="store_true", help="all sessions on one assessment")
    parser.add_argument(
        "--pin",
        action="store_true",
        help="run the server on one core and Chromium on the others (Linux), so the browser's "
        "drawing does not starve the server",
    )
    args = parser.parse_args()
    seconds, count = min(args.seconds, 600.0), max(1, min(args.sessions, 50))
    if not CHROMIUM.exists():
        sys.exit("needs /usr/bin/chromium")
    questions = first_area_questions()
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        db = tmp / "e2e.sqlite"  # the name start_server gives the database in its folder
        ids = create_assessments(db, 1 if args.shared else count)
        if args.shared:  # each session its own questions of the first page
            from ui.components.questionnaire_nav import PAGE_SIZE

            first_page = questions[:PAGE_SIZE]
            sessions = [Session(n, ids[0], first_page[n::count]) for n in range(count)]
            sessions = [s for s in sessions if s.questions]
        else:
            sessions = [Session(n, ids[n], list(questions)) for n in range(count)]
        pinned = args.pin and len(os.sched_getaffinity(0)) >= 2
        cores = sorted(os.sched_getaffinity(0))
        if pinned:  # the server inherits the first core, the browser and this client the rest
            os.sched_setaffinity(0, {cores[0]})
        server = start_server(tmp)
        if pinned:
            os.sched_setaffinity(0, set(cores[1:]))
            print(f"pinned: server on core {cores[0]}, Chromium and the client on {cores[1:]}")
        rss = RssSampler(server.process.pid)
        try:
            time.sleep(1)
            idle = rss_mb(server.process.pid)
            rss.start()
            mode = "one shared assessment" if args.shared else "one assessment each"
            print(f"load: {len(sessions)} sessions, {mode}, {seconds:.0f} s, server {server.url}")
            elapsed = asyncio.run(drive(server, sessions, seconds, args.max_saves))
            rss.stop.set()
            rss.join()
            lost = lost_answers(db, sessions)
            commits = commit_latencies(db, sessions)
            load = os.getloadavg()
        finally:
            stop_server(server)
        report(sessions, elapsed, rss, idle, lost, commits)
        print(f"load average          {load[0]:.1f} (1 min) {load[1]:.1f} (5 min) at the end")
        failed = any(s.errors for s in sessions) or lost
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
