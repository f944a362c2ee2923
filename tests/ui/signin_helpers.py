"""Shared set-up of the shared-server AppTests (sign-in, members, audit).

``shared`` turns sign-in on (``GAPASSESS_AUTH``) on the fresh database of the ``db`` fixture
and stores two countries: ``a`` (XAA, owned by alice) and ``b`` (XBB, owned by bob), plus an
admin, ``root``. ``sign_in`` fills the sign-in form as a person would; ``shown`` is every
text the app put on screen (main area and sidebar: values, labels, options, tables).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from assessment.access import Actor
from assessment.accounts import Accounts
from assessment.store import Store
from tests.ui.ui_helpers import APP, TIMEOUT
from ui import cache

PASSWORD = "correct horse battery staple"  # noqa: S105 - a test password
A_TITLE = "Alice national round"
B_TITLE = "Bob confidential round"


@dataclass
class Shared:
    a: str
    b: str


def open_store() -> Store:
    return Store.from_env()


def make_shared(monkeypatch: pytest.MonkeyPatch, mode: str = "local") -> Shared:
    monkeypatch.setenv("GAPASSESS_AUTH", mode)
    cache.store.clear()
    store = open_store()
    try:
        accounts = Accounts(store)
        for name in ("alice", "bob"):
            accounts.add(name, PASSWORD)
        accounts.add("root", PASSWORD, is_admin=True)
        a = store.create_assessment(
            country="XAA", instrument_id="ifa", title=A_TITLE, actor=Actor("alice")
        )
        b = store.create_assessment(
            country="XBB", instrument_id="ifa", title=B_TITLE, actor=Actor("bob")
        )
        return Shared(a.id, b.id)
    finally:
        store.close()


def new_app(lang: str = "en", **query: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params["lang"] = lang
    for name, value in query.items():
        at.query_params[name] = value
    return at.run()


def sign_in(at: AppTest, name: str, password: str = PASSWORD) -> AppTest:
    at.text_input(key="auth:user").input(name)
    at.text_input(key="auth:password").input(password)
    return submit(at)


def submit(at: AppTest) -> AppTest:
    button = next(b for b in at.button if b.proto.is_form_submitter)
    return button.click().run()


def shown(at: AppTest) -> str:
    """Every text on screen: element values, labels, options and table cells."""
    parts: list[str] = []

    def walk(node: Any) -> None:
        children = getattr(node, "children", None)
        if isinstance(children, dict):
            for child in children.values():
                walk(child)
            return
        for attribute in ("value", "label", "options", "help", "placeholder"):
            try:
                found = getattr(node, attribute)
            except Exception:  # noqa: S112 - not every element has every attribute
                continue
            parts.append(found.to_string() if hasattr(found, "to_string") else str(found))

    walk(at.main)
    walk(at.sidebar)
    return "\n".join(parts)


def titles(at: AppTest) -> list[str]:
    return [t.value for t in at.title]
