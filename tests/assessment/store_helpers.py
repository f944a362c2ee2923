"""Shared by the store and import tests: the tiny content, a store on every backend, snapshots.

The ``store`` fixture runs each test on a fresh SQLite file and, when a PostgreSQL server is
named by ``GAPASSESS_TEST_DATABASE_URL`` (``scripts/with_postgres.sh`` sets it; a
``postgresql`` ``DATABASE_URL`` also counts), on a fresh schema of that server.
"""

from __future__ import annotations

import dataclasses
import os
import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from assessment.store import Store
from assessment.store_schema import history, normalise_url, sqlite_url
from framework.models import Agency, LocalizedText
from tests.conftest import build_tiny_instrument, load_method, make_bundle

AGENCIES = {
    key: Agency(id=key, name=LocalizedText({"en": key.title(), "zh": f"[zh] {key}"}))
    for key in ("police", "prosecution")
}
BUNDLE = dataclasses.replace(make_bundle(build_tiny_instrument(), load_method()), agencies=AGENCIES)
INFO_QUESTION = "PROS-2.3"  # integer, minimum 0
RATED = ["PROS-1.1", "PROS-1.2", "PROS-1.3", "PROS-2.1", "PROS-2.2", "PROT-1.1", "PROT-1.2"]


def postgres_url() -> str | None:
    for name in ("GAPASSESS_TEST_DATABASE_URL", "DATABASE_URL"):
        url = os.environ.get(name, "")
        if url.startswith(("postgres://", "postgresql")):
            return url
    return None


BACKENDS = [
    "sqlite",
    pytest.param(
        "postgresql",
        marks=[
            pytest.mark.postgres,
            pytest.mark.skipif(
                postgres_url() is None,
                reason="no PostgreSQL server: set GAPASSESS_TEST_DATABASE_URL "
                "(make test / scripts/with_postgres.sh start one)",
            ),
        ],
    ),
]


def _postgres_store(tmp_path: Path) -> Iterator[Store]:
    """A store on a schema of its own, dropped afterwards."""
    base = normalise_url(postgres_url() or "")
    schema = f"t_{secrets.token_hex(6)}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f"CREATE SCHEMA {schema}"))
    url = base.update_query_dict({"options": f"-csearch_path={schema}"})
    store = Store(url, bundle=BUNDLE)
    try:
        yield store
    finally:
        store.close()
        with admin.connect() as conn:
            conn.execute(text(f"DROP SCHEMA {schema} CASCADE"))
        admin.dispose()


def open_store(backend: str, tmp_path: Path) -> Iterator[Store]:
    if backend == "postgresql":
        yield from _postgres_store(tmp_path)
        return
    store = Store(sqlite_url(tmp_path / "store.sqlite3"), bundle=BUNDLE)
    try:
        yield store
    finally:
        store.close()


def store_fixture(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """Body of the ``store`` fixture each test module declares with ``BACKENDS``."""
    yield from open_store(request.param, tmp_path)


def snapshot(store: Store) -> dict[str, Any]:
    """Everything the store holds, for "nothing changed" assertions."""
    with store.engine.connect() as conn:
        events = conn.execute(history.select().order_by(history.c.id)).all()
    return {
        "assessments": {s.id: store.get(s.id).model_dump() for s in store.list_assessments()},
        "history": [tuple(row) for row in events],
    }


def is_sqlite(store: Store) -> bool:
    return make_url(store.url).get_backend_name() == "sqlite"
