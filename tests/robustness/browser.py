"""Driving the real app in headless Chromium for the robustness tests and the load bench.

The server helpers are the e2e suite's (``tests/e2e/conftest.py``): ``streamlit run`` on a free
loopback port with ``GAPASSESS_DB`` pointing at a SQLite file. Here: opening a question card,
clicking a rating and waiting for the store's "Saved", reading what a card shows.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from assessment.store import Store
from assessment.store_schema import sqlite_url
from tests.e2e.conftest import CHROMIUM, CHROMIUM_ARGS, Server, start_server, stop_server

__all__ = [
    "CHROMIUM",
    "CHROMIUM_ARGS",
    "Server",
    "card",
    "create_assessment",
    "is_checked",
    "keyed",
    "open_questionnaire",
    "rate",
    "start_server",
    "stop_server",
]

SAVED = re.compile(r"Saved$")  # the one-shot notice, not "Saved <time>"
RATED = ("Fully in place", "Largely in place", "Partially in place", "Not in place")


def keyed(page: Any, key: str) -> Any:
    """The element with widget/container key ``key`` (Streamlit adds the class st-key-<key>)."""
    return page.locator(f".st-key-{re.sub(r'[^A-Za-z0-9_-]', '-', key)}")


def card(page: Any, question_id: str) -> Any:
    return keyed(page, f"card:{question_id}")


def create_assessment(db: Path, instrument_id: str = "ifa", country: str = "XNM") -> str:
    """A fresh assessment written straight into the server's database; its id."""
    store = Store(sqlite_url(db))
    try:
        return store.create_assessment(
            country=country, instrument_id=instrument_id, user="test", round_label="robustness"
        ).id
    finally:
        store.close()


def open_questionnaire(page: Any, server: Server, assessment_id: str, lang: str = "en") -> None:
    """Open the questionnaire of ``assessment_id`` by URL, as a bookmark or a reload does."""
    page.goto(f"{server.url}/questionnaire?assessment={assessment_id}&lang={lang}")
    card(page, "PROS-1.1").wait_for()


def rate(page: Any, question_id: str, rating: str, wait: bool = True) -> None:
    """Click ``rating`` on a card; with ``wait``, until the store confirmed ("Saved")."""
    target = card(page, question_id)
    target.get_by_text(rating, exact=True).click()
    if wait:
        target.get_by_text(SAVED).wait_for()


def is_checked(page: Any, question_id: str, rating: str) -> bool:
    return bool(card(page, question_id).get_by_role("radio", name=rating, exact=True).is_checked())
