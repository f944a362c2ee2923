"""Every page of the app, listed once (house style rule 7).

``app.py`` builds ``st.navigation`` from ``PAGES``; the AppTest suite parametrises over it, so a
page added here is opened in every language by the tests the day it is added. Titles and help
texts are i18n keys (``page.<id>.title`` / ``page.<id>.help``), so they are rebuilt in the
session language on every run.

Owners: home, questionnaire, library and help were built by the first UI developer;
dashboard, recommendations, reports and compare (first minimal pages showing their title) by
the second UI developer; exchange by the offline-exchange work.

A shared server (sign-in on) adds ``SHARED_PAGES`` (members: owners grant roles) and, for
admins only, ``ADMIN_PAGES`` (the audit); ``visible()`` says which pages a session gets. On a
laptop (sign-in off) neither is registered, so they are not even reachable by URL.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class PageSpec:
    """One page: ``id`` (also its URL path), script path from the repository root, icon."""

    id: str
    script: str
    icon: str
    default: bool = False

    @property
    def title_key(self) -> str:
        return f"page.{self.id}.title"

    @property
    def help_key(self) -> str:
        return f"page.{self.id}.help"

    @property
    def path(self) -> Path:
        return ROOT / self.script


PAGES: tuple[PageSpec, ...] = (
    PageSpec("home", "ui/pages/home.py", ":material/home:", default=True),
    PageSpec("questionnaire", "ui/pages/questionnaire.py", ":material/checklist:"),
    PageSpec("dashboard", "ui/pages/dashboard.py", ":material/monitoring:"),
    PageSpec("recommendations", "ui/pages/recommendations.py", ":material/task_alt:"),
    PageSpec("reports", "ui/pages/reports.py", ":material/description:"),
    PageSpec("exchange", "ui/pages/exchange.py", ":material/sync_alt:"),
    PageSpec("compare", "ui/pages/compare.py", ":material/compare_arrows:"),
    PageSpec("library", "ui/pages/library.py", ":material/menu_book:"),
    PageSpec("help", "ui/pages/help.py", ":material/help:"),
)


SHARED_PAGES: tuple[PageSpec, ...] = (
    PageSpec("members", "ui/pages/members.py", ":material/group:"),
)
ADMIN_PAGES: tuple[PageSpec, ...] = (PageSpec("audit", "ui/pages/audit.py", ":material/policy:"),)


def visible(signed_in: bool, is_admin: bool) -> tuple[PageSpec, ...]:
    """The pages of a session: all of ``PAGES``; with sign-in on, the shared pages; for an
    admin, the admin pages."""
    extra = (SHARED_PAGES if signed_in else ()) + (ADMIN_PAGES if signed_in and is_admin else ())
    return PAGES + extra


def page(page_id: str) -> PageSpec:
    """The page with ``page_id`` (raises ``KeyError`` for an unknown id)."""
    for spec in PAGES + SHARED_PAGES + ADMIN_PAGES:
        if spec.id == page_id:
            return spec
    raise KeyError(page_id)
