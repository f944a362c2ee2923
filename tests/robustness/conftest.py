"""Fixtures of the robustness tests: the real content and a store holding the target assessment."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from assessment.store import Store
from framework.loader import ContentBundle, load_content
from tests.robustness.bad_corpus import Kitchen, open_target_store


@pytest.fixture(scope="session")
def bundle() -> ContentBundle:
    return load_content()


@pytest.fixture
def store(tmp_path: Path, bundle: ContentBundle) -> Iterator[Store]:
    """A fresh SQLite store with the target assessment (see ``bad_corpus.open_target_store``)."""
    opened = open_target_store(tmp_path, bundle)
    try:
        yield opened
    finally:
        opened.close()


@pytest.fixture
def kitchen(bundle: ContentBundle, store: Store) -> Kitchen:
    return Kitchen(bundle, store)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """The system Chromium driven by Playwright (no browser is ever downloaded)."""
    sync_api = pytest.importorskip("playwright.sync_api")
    from tests.robustness.browser import CHROMIUM, CHROMIUM_ARGS

    if not CHROMIUM.exists():
        pytest.skip("needs /usr/bin/chromium")
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            launched.close()
