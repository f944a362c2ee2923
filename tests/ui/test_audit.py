"""The admin's audit page and the owners' members page of a shared server (AppTest), and the
audit's CSV export: who changed what, refused requests included, for admins only."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from assessment.access import Actor
from assessment.errors import AccessDeniedError
from assessment.models import Answer
from assessment.store_rows import HistoryEntry
from framework.i18n import translate
from reports.audit import audit_csv
from tests.ui.signin_helpers import (
    B_TITLE,
    Shared,
    make_shared,
    new_app,
    open_store,
    shown,
    sign_in,
    titles,
)
from tests.ui.ui_helpers import goto, no_exception
from ui import registry, state


@pytest.fixture
def shared(db: Path, monkeypatch: pytest.MonkeyPatch) -> Shared:
    found = make_shared(monkeypatch)
    store = open_store()
    try:
        store.save_answer(
            found.a, Answer(question_id="PROS-1.1", rating="fully"), None, actor=Actor("alice")
        )
        with pytest.raises(AccessDeniedError):
            store.get(found.b, actor=Actor("alice"))
    finally:
        store.close()
    return found


def _audit_rows(at: AppTest) -> list[dict]:
    return at.dataframe[0].value.to_dict("records")


def test_the_admin_sees_who_changed_what_and_what_was_refused(shared: Shared) -> None:
    at = goto(sign_in(new_app(), "root"), "audit")
    no_exception(at)
    assert titles(at) == ["Audit"]
    rows = _audit_rows(at)
    seen = {(r["User"], r["Assessment"], r["About"], r["Outcome"]) for r in rows}
    assert ("alice", shared.a, "Answer", "Saved") in seen
    assert ("alice", shared.b, "Access", "Refused (no access)") in seen
    assert ("bob", shared.b, "Assessment", "Created") in seen
    assert at.get("download_button")


def test_the_audit_filters_by_user_and_outcome(shared: Shared) -> None:
    at = goto(sign_in(new_app(), "root"), "audit")
    at.text_input(key="audit:user").input("alice").run()
    assert {r["User"] for r in _audit_rows(at)} == {"alice"}
    at.selectbox(key="audit:outcome").set_value("refused_access").run()
    [refusal] = _audit_rows(at)
    assert (refusal["Assessment"], refusal["Note"]) == (shared.b, "get")
    today = datetime.now(UTC).date()
    at.date_input(key="audit:dates").set_value(
        (today - timedelta(days=9), today - timedelta(days=8))
    )
    at.run()
    assert _audit_rows(at) == []


def test_the_audit_page_is_in_chinese_too(shared: Shared) -> None:
    at = goto(sign_in(new_app("zh"), "root"), "audit")
    no_exception(at)
    assert titles(at) == [translate("page.audit.title", "zh")]
    assert translate("audit.col.user", "zh") in at.dataframe[0].value.columns


def test_the_audit_is_not_registered_for_other_users(shared: Shared) -> None:
    assert "audit" not in [p.id for p in registry.visible(True, False)]
    at = sign_in(new_app(), "alice")
    with pytest.raises(Exception, match="page"):
        goto(at, "audit")
    assert titles(at) != ["Audit"]


def test_the_audit_page_refuses_a_user_who_is_not_admin(shared: Shared) -> None:
    """Run the page script itself with alice signed in: no table, an access error."""
    at = sign_in(new_app(), "alice")
    held = at.session_state[state._SIGNED_IN]
    page = AppTest.from_file(str(registry.page("audit").path), default_timeout=30)
    page.session_state[state._SIGNED_IN] = held
    page.run()
    assert [e.value for e in page.error] == [translate("error.access_denied", "en")]
    assert not page.dataframe


def test_the_audit_csv_is_neutralised_and_excel_ready() -> None:
    entry = HistoryEntry(
        id=1,
        assessment_id="xaa-0123456789",
        question_id="PROS-1.1",
        kind="answer",
        outcome="imported",
        revision=2,
        old=None,
        new={"evidence": '=HYPERLINK("http://x")'},
        user="alice",
        at=datetime(2026, 3, 1, 9, 30, tzinfo=UTC),
        note="=cmd|' /C calc'!A0.csv",
    )
    data = audit_csv([entry], "zh")
    assert data.startswith(b"\xef\xbb\xbf")
    [header, row] = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert header[0] == translate("audit.col.at", "zh")
    assert row[1:6] == ["alice", "xaa-0123456789", "PROS-1.1", "答案", "已导入"]
    assert row[9].startswith("'=")  # the note cannot run as a formula
    assert row[8].startswith("{")


# Members -----------------------------------------------------------------------------------------


def test_an_owner_gives_a_colleague_a_role(shared: Shared) -> None:
    at = goto(sign_in(new_app(), "alice"), "members")
    no_exception(at)
    assert titles(at) == ["Members"]
    assert at.selectbox(key="members:pick").options  # her assessment only
    assert B_TITLE not in shown(at)
    at.text_input(key="members:user").input("bob")
    at.radio(key="members:role").set_value("viewer")
    next(b for b in at.button if b.proto.is_form_submitter).click().run()
    no_exception(at)
    store = open_store()
    try:
        assert {s.id for s in store.list_assessments(actor=Actor("bob"))} == {shared.a, shared.b}
        [granted] = store.history(shared.a, kind="access")
        assert (granted.user, granted.new) == ("alice", {"user": "bob", "role": "viewer"})
    finally:
        store.close()
    bob = goto(sign_in(new_app(), "bob"), "members")
    picker = bob.selectbox(key="members:pick")
    assert (len(picker.options), picker.value) == (1, shared.b)  # a viewer manages nothing


def test_an_unknown_colleague_is_refused_with_a_reason(shared: Shared) -> None:
    at = goto(sign_in(new_app(), "alice"), "members")
    at.text_input(key="members:user").input("nobody")
    next(b for b in at.button if b.proto.is_form_submitter).click().run()
    assert [e.value for e in at.error] == [translate("error.unknown_user", "en", user="nobody")]


def test_members_needs_an_owner(shared: Shared) -> None:
    store = open_store()
    try:
        store.grant(shared.a, "bob", "editor")
    finally:
        store.close()
    at = goto(sign_in(new_app(), "bob"), "members")
    picker = at.selectbox(key="members:pick")
    assert (len(picker.options), picker.value) == (1, shared.b)  # an editor manages nothing
