"""The real app in headless Chromium: a server fixture and click-and-wait helpers.

``server`` starts ``python -m streamlit run app.py`` on a free 127.0.0.1 port with
``GAPASSESS_DB`` pointing at a fresh SQLite file, waits for ``/_stcore/health`` and, if the
process dies or never answers, fails with the server's own output (datasette's fixture).
``browser`` is the system Chromium (``/usr/bin/chromium``) driven by Playwright; no browser is
ever downloaded. Tests here are marked ``e2e`` and skipped when Chromium or Playwright is
missing.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
START_TIMEOUT = 60.0


@dataclass
class Server:
    url: str
    db: Path
    process: subprocess.Popen[bytes]
    log: Path

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1) as response:  # noqa: S310
            return response.status == 200
    except OSError:
        return False


def start_server(tmp: Path, script: str = "app.py", env: dict[str, str] | None = None) -> Server:
    """Start ``streamlit run script`` on a free loopback port; raise with its output on failure."""
    port = free_port()
    tmp.mkdir(parents=True, exist_ok=True)
    db = tmp / "e2e.sqlite"
    log = tmp / "server.log"
    environment = {**os.environ, "GAPASSESS_DB": str(db), **(env or {})}
    environment.pop("DATABASE_URL", None)
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        script,
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
    ]
    with log.open("wb") as sink:
        process = subprocess.Popen(
            command, cwd=ROOT, env=environment, stdout=sink, stderr=subprocess.STDOUT
        )
    server = Server(f"http://127.0.0.1:{port}", db, process, log)
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited ({process.returncode}):\n{server.output()}")
        if _healthy(server.url):
            return server
        time.sleep(0.2)
    stop_server(server)
    raise RuntimeError(f"the server did not answer in {START_TIMEOUT:.0f} s:\n{server.output()}")


def stop_server(server: Server) -> None:
    server.process.terminate()
    try:
        server.process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.process.kill()
        server.process.wait()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    if not CHROMIUM.exists():
        pytest.skip("needs /usr/bin/chromium")
    running = start_server(tmp_path_factory.mktemp("e2e"))
    try:
        yield running
    finally:
        stop_server(running)
        if running.process.returncode not in (0, -15, None):
            sys.stderr.write(running.output())


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    sync_api = pytest.importorskip("playwright.sync_api")
    if not CHROMIUM.exists():
        pytest.skip("needs /usr/bin/chromium")
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture
def page(browser: object, server: Server) -> Iterator[object]:
    """A fresh browser tab (English locale) on the running app; the server log on failure."""
    context = browser.new_context(locale="en-GB", viewport={"width": 1400, "height": 1000})  # type: ignore[attr-defined]
    tab = context.new_page()
    tab.set_default_timeout(45_000)
    try:
        yield tab
    finally:
        context.close()
