"""UI benchmark in headless Chromium, each figure against a bare Streamlit baseline in the same run.

1. Interaction latency: click a rating on the largest area of the questionnaire (shown a page
   of 8 questions at a time) until the progress bar shows the new count, against a bare page
   with one radio and a counter. Times are
   taken inside the browser (``performance.now()`` at the click, a MutationObserver at the text
   change), so Playwright's round trips are not counted. Clicks alternate between the two pages.
   Goal: median ratio <= 1.3.
2. Cold start: server process start to the first meaningful paint of Home (the assessment list;
   first start on an empty database, which seeds the demo, and a restart), against a bare hello
   page.
3. Server memory (RSS) with 1 and with 10 open questionnaire sessions.

Run: ``.venv/bin/python bench/bench_ui.py [--clicks 40]`` (needs /usr/bin/chromium).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from playwright.sync_api import Page, sync_playwright  # noqa: E402

from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, Server, start_server, stop_server  # noqa: E402

WATCH = """([text]) => new Promise((resolve, reject) => {
  setTimeout(() => reject(new Error("not seen in 30 s: " + text)), 30000);
  const seen = () => document.body.innerText.includes(text);
  const observer = new MutationObserver(() => {
    if (seen()) { observer.disconnect(); resolve(performance.now()); }
  });
  observer.observe(document.body, {subtree: true, childList: true, characterData: true});
  window.__clicked = performance.now();
  window.__target.click();
})"""


def _largest_area() -> tuple[str, str, list[str]]:
    from framework.loader import load_content

    instrument = load_content().instruments["ifa"]
    section, area = max(
        ((s, a) for s in instrument.sections for a in s.areas), key=lambda sa: len(sa[1].questions)
    )
    return section.id, area.id, [q.id for q in area.questions if q.kind.value == "rated"]


def _new_assessment(db: Path) -> str:
    from assessment.store import Store

    store = Store(f"sqlite:///{db}")
    try:
        return store.create_assessment(country="XNM", instrument_id="ifa", user="bench").id
    finally:
        store.close()


def _click_ms(page: Page, selector: str, index: int, expected: str) -> float:
    """Milliseconds from clicking the ``index``-th ``selector`` to ``expected`` in the page."""
    page.evaluate(
        "([s, i]) => { window.__target = document.querySelectorAll(s)[i]; }", [selector, index]
    )
    done = page.evaluate(WATCH, [expected])
    return float(done - page.evaluate("window.__clicked"))


OPTION = "[data-testid='stRadioOption']"


def _options_of(key: str) -> str:
    return f".st-key-{key.replace(':', '-').replace('.', '-')} {OPTION}"


def interaction(browser: object, app: Server, bare: Server, clicks: int) -> dict[str, list[float]]:
    section, area, questions = _largest_area()
    assessment_id = _new_assessment(app.db)
    app_page = browser.new_page(viewport={"width": 1400, "height": 1000})  # type: ignore[attr-defined]
    app_page.goto(f"{app.url}/questionnaire?lang=en&assessment={assessment_id}")
    app_page.get_by_text("Answered 0 of").wait_for(timeout=60_000)
    app_page.locator(_options_of(f"rating:{questions[0]}")).first.wait_for()
    app_page.wait_for_timeout(1000)
    assert section == "PROS" and area == "PROS-1", (section, area)  # the page opens there
    bare_page = browser.new_page()  # type: ignore[attr-defined]
    bare_page.goto(bare.url)
    bare_page.get_by_text("Answered 0 of").wait_for()
    total = len(questions)
    times: dict[str, list[float]] = {"app": [], "bare": []}
    for n in range(min(clicks, total)):
        expected = f"Answered {n + 1} of"
        selector = _options_of(f"rating:{questions[n]}")
        if app_page.locator(selector).count() == 0:  # on the next page of the area (not timed)
            app_page.get_by_role("button", name="Next questions").click()
            app_page.locator(selector).first.wait_for()
            app_page.wait_for_timeout(1000)
        times["app"].append(_click_ms(app_page, selector, n % 4, expected))
        times["bare"].append(_click_ms(bare_page, OPTION, 1 + n % 2, expected))
    app_page.close()
    bare_page.close()
    return {k: v[3:] for k, v in times.items()}  # the first clicks warm caches up


def cold_start(browser: object, script: str, marker: str, tmp: Path) -> float:
    """Seconds from starting the server to ``marker`` painted in a fresh tab."""
    started = time.perf_counter()
    server = start_server(tmp, script)
    try:
        page = browser.new_page()  # type: ignore[attr-defined]
        page.goto(f"{server.url}/?lang=en")
        page.locator(marker).first.wait_for(timeout=120_000)
        elapsed = time.perf_counter() - started
        page.close()
        return elapsed
    finally:
        stop_server(server)


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def memory(browser: object, app: Server, sessions: int) -> float:
    assessment_id = _new_assessment(app.db)
    contexts = []
    for _ in range(sessions):
        context = browser.new_context()  # type: ignore[attr-defined]
        page = context.new_page()
        page.goto(f"{app.url}/questionnaire?lang=en&assessment={assessment_id}")
        page.get_by_text("Answered 0 of").wait_for(timeout=60_000)
        contexts.append(context)
    time.sleep(2)
    used = rss_mb(app.process.pid)
    for context in contexts:
        context.close()
    return used


def cold_starts(browser: object, tmp: Path) -> None:
    print("cold start (server start -> first meaningful paint)")
    home = "[data-testid='stDataFrame'], [data-testid='stTable']"
    hello = cold_start(browser, "bench/bare_hello.py", "h1:has-text('Hello')", tmp / "h")
    first = cold_start(browser, "app.py", home, tmp / "a")
    again = cold_start(browser, "app.py", home, tmp / "a")
    print(f"  bare hello page            {hello:6.2f} s")
    print(f"  Home, empty database       {first:6.2f} s   ratio {first / hello:5.2f}")
    print(f"  Home, restart              {again:6.2f} s   ratio {again / hello:5.2f}")


def _summary(name: str, values: list[float]) -> str:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    median = statistics.median(values)
    return f"{name:5s} median {median:7.1f} ms   p95 {p95:7.1f} ms   n={len(values)}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clicks", type=int, default=28)
    parser.add_argument("--latency-only", action="store_true", help="skip cold start and memory")
    args = parser.parse_args()
    if not CHROMIUM.exists():
        sys.exit("needs /usr/bin/chromium")
    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        tmp = Path(folder)
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        if not args.latency_only:
            cold_starts(browser, tmp)

        app = start_server(tmp / "app")
        bare = start_server(tmp / "bare", "bench/bare_radio.py")
        try:
            times = interaction(browser, app, bare, args.clicks)
            print("interaction latency (click a rating -> progress shows the new count)")
            print("  " + _summary("app", times["app"]))
            print("  " + _summary("bare", times["bare"]))
            ratio = statistics.median(times["app"]) / statistics.median(times["bare"])
            print(f"  median ratio {ratio:.2f} (goal <= 1.3)")
            if args.latency_only:
                return
            print("server memory (RSS)")
            print(f"  idle after the clicks       {rss_mb(app.process.pid):7.1f} MB")
            print(f"  1 questionnaire session     {memory(browser, app, 1):7.1f} MB")
            print(f"  10 questionnaire sessions   {memory(browser, app, 10):7.1f} MB")
            print(f"  bare radio page, 1 session  {rss_mb(bare.process.pid):7.1f} MB")
        finally:
            stop_server(app)
            stop_server(bare)
            browser.close()


if __name__ == "__main__":
    main()
