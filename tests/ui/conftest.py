"""Fixtures of the UI tests: the real app on a fresh SQLite file (helpers in ``ui_helpers``).

Streamlit's caches live for the process, so ``db`` clears the cached store before and after
each test: every test starts from an empty database that the app seeds with the demo
assessments.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.ui.ui_helpers import start
from ui import cache


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    path = tmp_path / "ui.sqlite"
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("GAPASSESS_DB", str(path))
    cache.store.clear()
    yield path
    cache.store.clear()


@pytest.fixture
def app(db: Path) -> Callable[..., AppTest]:
    """``app(lang)`` -> a started AppTest on the fresh database."""
    return start
