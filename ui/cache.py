"""The engine, called through Streamlit's caches: one content bundle and one store per process,
results computed once per assessment version.

Pages get everything the engine knows through these functions and never build an engine
object themselves:

- ``content()``: the validated ``ContentBundle`` (``framework.load_content``).
- ``store()``: the process-wide store as this session's user sees it: an
  ``assessment.access.ActingStore`` that passes ``ui.state.actor()`` to every store method
  (single-user app: everything; shared server: the signed-in user's roles). Call it where the
  store is used, not earlier: the actor is read at that moment. ``store.clear()`` forgets
  the process-wide store (tests).
- ``shared_store()``: the process-wide ``assessment.store.Store`` itself (SQLite by
  ``GAPASSESS_DB`` or a user data folder, PostgreSQL by ``DATABASE_URL``); the demo
  assessments are seeded on first start. It requires an actor when sign-in is on. Only
  ``ui.auth`` (accounts) uses it directly.
- ``assessment(id)``: the stored assessment (always read from the store, never cached: the store
  is the truth), or None when it does not exist (deleted in another tab) or the signed-in
  user has no role on it (the refusal is recorded; the page shows nothing of it).
- ``results(assessment)``: ``assessment.results.compute_results`` cached by (id, version), so a
  page that redraws without a change costs nothing.
- ``app_version()``: the version in ``pyproject.toml``.
- ``storage_description()``: the database kind and location, for the Help page.
"""

from __future__ import annotations

import logging
import tomllib
from dataclasses import dataclass
from typing import TYPE_CHECKING

import streamlit as st

from framework.loader import ContentBundle, load_content
from ui import state
from ui.registry import ROOT

if TYPE_CHECKING:
    from assessment.access import ActingStore
    from assessment.models import Assessment
    from assessment.results import Results
    from assessment.store import Store

LOG = logging.getLogger(__name__)


@st.cache_resource(show_spinner=False)
def content() -> ContentBundle:
    return load_content()


@st.cache_resource(show_spinner=False)
def shared_store() -> Store:
    """The store, opened once per process; seeds the demo assessments into an empty database."""
    from assessment import demo
    from assessment.store import Store
    from ui import auth

    opened = Store.from_env(bundle=content(), require_actor=auth.settings().enabled)
    seeded = opened.seed_if_empty(demo.demo_assessments(content()))
    LOG.info("store at %s (%d demo assessments seeded)", opened.url.render_as_string(), seeded)
    return opened


def store() -> ActingStore:
    """The store as this session's user sees it (see the module docstring)."""
    from assessment.access import ActingStore

    return ActingStore(shared_store(), state.actor())


store.clear = shared_store.clear  # type: ignore[attr-defined]


def assessment(assessment_id: str | None) -> Assessment | None:
    """The stored assessment, or None (no id, deleted meanwhile, or not this user's)."""
    if not assessment_id:
        return None
    from assessment.errors import AccessDeniedError, NotFoundError

    try:
        return store().get(assessment_id)
    except (NotFoundError, AccessDeniedError):
        return None


@st.cache_resource(show_spinner=False, max_entries=64)
def _results(assessment_id: str, version: int, _assessment: Assessment) -> Results:
    from assessment.results import compute_results

    return compute_results(content(), _assessment)


def results(of: Assessment) -> Results:
    """Scores, gaps and flags of ``of``, computed once per (id, version)."""
    return _results(of.id, of.version, of)


@st.cache_data(show_spinner=False)
def app_version() -> str:
    try:
        with (ROOT / "pyproject.toml").open("rb") as handle:
            return str(tomllib.load(handle)["project"]["version"])
    except (OSError, KeyError, tomllib.TOMLDecodeError):
        return "dev"


@dataclass(frozen=True)
class Storage:
    """Where the answers are kept: ``kind`` is ``sqlite`` or ``postgresql``."""

    kind: str
    location: str


def storage_description() -> Storage:
    """What the Help page says about storage: the database kind and where it is (a PostgreSQL
    address is shown without its password)."""
    url = shared_store().url
    if url.get_backend_name() == "sqlite":
        return Storage("sqlite", str(url.database or ""))
    return Storage("postgresql", url.render_as_string(hide_password=True))
