"""Nothing leaves the machine: the real server, every page, a full report build, no connection
off loopback.

The server is a real ``streamlit run`` process started with a ``sitecustomize`` module that
installs a Python audit hook (``sys.addaudithook``) before anything else is imported. The hook
appends every ``socket.connect``, ``socket.sendto``, ``socket.bind``, ``socket.getaddrinfo``,
``socket.gethostbyname``, ``urllib.Request`` and ``subprocess.Popen`` event, with its target,
to a log file. Chromium then opens every page, answers a question, downloads every report
format (PDF and DOCX built on click) and both offline files; the browser's own requests are
recorded too. Every target in both logs must be loopback.
"""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest

from tests.robustness import browser as web

SITECUSTOMIZE = """
import os
import sys

_LOG = os.environ.get("GAPASSESS_AUDIT_LOG")
_EVENTS = {
    "socket.connect", "socket.sendto", "socket.sendmsg", "socket.bind", "socket.getaddrinfo",
    "socket.gethostbyname", "socket.gethostbyname_ex", "socket.gethostbyaddr",
    "urllib.Request", "subprocess.Popen", "os.system", "http.client.connect",
}
if _LOG:
    _FD = os.open(_LOG, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)

    def _hook(event, args):
        if event in _EVENTS:
            if event in {"socket.connect", "socket.sendto", "socket.bind", "socket.sendmsg"}:
                target = args[1] if len(args) > 1 else None
            else:
                target = args[0] if args else None
            try:
                os.write(_FD, (repr((event, repr(target))) + "\\n").encode("utf-8", "replace"))
            except Exception:
                pass

    sys.addaudithook(_hook)
"""
LOOPBACK_HOSTS = {"127.0.0.1", "::1", "localhost", "ip6-localhost"}
PAGES = ("", "questionnaire", "dashboard", "recommendations", "reports", "exchange", "compare")
PAGES += ("library", "help")
REPORTS = ("pdf", "docx", "csv", "xlsx", "json")


def _loopback(event: str, target: Any) -> bool:
    """Whether one logged event stays on this machine."""
    if event in {"subprocess.Popen", "os.system", "urllib.Request"}:
        return False  # the app never starts programs or fetches URLs
    if isinstance(target, str):  # a Unix socket path, or a host name looked up
        return target in LOOPBACK_HOSTS or target.startswith("/") or target == ""
    if isinstance(target, tuple) and target:
        host = target[0]
        if isinstance(host, bytes):
            host = host.decode()
        if event == "socket.bind" and host in {"", "0.0.0.0"}:  # noqa: S104
            return False  # listening on every interface would expose the app
        return host in LOOPBACK_HOSTS or str(host).startswith("127.")
    return target is None


def _events(log: Path) -> list[tuple[str, Any]]:
    if not log.exists():
        return []
    found = []
    for line in log.read_text(encoding="utf-8").splitlines():
        event, target = ast.literal_eval(line)
        try:
            found.append((event, ast.literal_eval(target)))
        except (ValueError, SyntaxError):
            found.append((event, target))
    return found


def _download(page: Any, key: str) -> int:
    button = web.keyed(page, key).locator("button")
    with page.expect_download(timeout=120_000) as info:
        button.click()
    path = info.value.path()
    return os.path.getsize(path) if path else 0


def _hooked(tmp_path: Path) -> tuple[dict[str, str], Path]:
    """Environment variables that install the audit hook in a Python process, and its log."""
    hook_dir = tmp_path / "hook"
    hook_dir.mkdir()
    (hook_dir / "sitecustomize.py").write_text(SITECUSTOMIZE, encoding="utf-8")
    log = tmp_path / "audit.log"
    return {"PYTHONPATH": str(hook_dir), "GAPASSESS_AUDIT_LOG": str(log)}, log


def test_the_hook_sees_an_attempt_to_leave(tmp_path: Path) -> None:
    """The detector itself: a process that looks up and connects to outside hosts is caught."""
    env, log = _hooked(tmp_path)
    attempt = (
        "import socket\n"
        "try:\n    socket.getaddrinfo('example.org', 443)\nexcept OSError:\n    pass\n"
        "s = socket.socket()\ns.settimeout(0.2)\n"
        "try:\n    s.connect(('192.0.2.1', 9))\nexcept OSError:\n    pass\n"
    )
    subprocess.run(
        [sys.executable, "-c", attempt], env={**os.environ, **env}, timeout=30, check=True
    )
    events = _events(log)
    assert ("socket.getaddrinfo", "example.org") in events
    assert ("socket.connect", ("192.0.2.1", 9)) in events
    assert not _loopback("socket.getaddrinfo", "example.org")
    assert not _loopback("socket.connect", ("192.0.2.1", 9))
    assert _loopback("socket.connect", ("127.0.0.1", 8501))


@pytest.mark.e2e
def test_no_connection_leaves_loopback(browser: Any, tmp_path: Path) -> None:
    env, log = _hooked(tmp_path)
    server = web.start_server(tmp_path / "server", env=env)
    requests: list[str] = []
    sizes: dict[str, int] = {}
    try:
        assessment_id = web.create_assessment(server.db)
        context = browser.new_context(locale="en-GB", viewport={"width": 1400, "height": 1000})
        context.on("request", lambda request: requests.append(request.url))
        page = context.new_page()
        page.set_default_timeout(30_000)
        web.open_questionnaire(page, server, assessment_id)
        web.rate(page, "PROS-1.1", "Largely in place")
        for path in PAGES:
            page.goto(f"{server.url}/{path}?assessment={assessment_id}&lang=zh")
            page.get_by_role("heading").first.wait_for()
            page.wait_for_function(
                "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')"
            )
        page.goto(f"{server.url}/reports?assessment={assessment_id}&lang=en")
        for fmt in REPORTS:
            sizes[fmt] = _download(page, f"reports:download:{fmt}")
        page.goto(f"{server.url}/exchange?assessment={assessment_id}&lang=en")
        sizes["questionnaire"] = _download(page, "exchange:download_template")
        page.get_by_role("tab").nth(1).click()
        sizes["xlsform"] = _download(page, "exchange:download_xlsform")
        context.close()
    finally:
        web.stop_server(server)
    assert all(size > 0 for size in sizes.values()), sizes
    assert sizes["pdf"] > 10_000, "a full PDF report was built"
    events = _events(log)
    assert any(e == "socket.bind" for e, _ in events), "the audit hook was installed"
    outbound = sorted({(e, repr(t)) for e, t in events if not _loopback(e, t)})
    assert outbound == [], outbound
    origin = urlparse(server.url).netloc
    off_site = sorted(
        {
            u
            for u in requests
            if urlparse(u).scheme not in {"data", "blob"} and urlparse(u).netloc != origin
        }
    )
    assert off_site == [], off_site
