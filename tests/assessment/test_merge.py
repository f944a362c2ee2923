"""The merge preview: new, changed, unchanged, conflicts; applying it; re-import changes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from assessment.io import cli
from assessment.io.excel_import import read_workbook, read_workbooks
from assessment.io.excel_template import Scope, build_template
from assessment.io.merge import MergePreview, MergeStatus, apply_merge, build_preview
from assessment.io.merge_table import change_rows, issue_rows, summary
from assessment.models import Answer, Assessment
from assessment.store import Store
from framework import load_content
from framework.loader import ContentBundle
from framework.models import Rating
from tests.assessment.exchange_helpers import fill, new_assessment, open_store, snapshot


@pytest.fixture(scope="module")
def bundle() -> ContentBundle:
    return load_content()


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory, bundle: ContentBundle) -> Store:
    return open_store(tmp_path_factory.mktemp("store"), bundle)


@pytest.fixture
def assessment(store: Store) -> Assessment:
    """An assessment with PROS-1.1 answered (Partially, revision 1) and nothing else."""
    created = new_assessment(store)
    answer = Answer(question_id="PROS-1.1", rating=Rating.PARTIALLY, evidence="Draft law")
    store.save_answer(created.id, answer, None, "app user")
    return store.get(created.id)


@pytest.fixture
def template(bundle: ContentBundle, assessment: Assessment) -> bytes:
    return build_template(bundle, assessment, Scope(section_id="PROS"), lang="en")


def _preview(
    bundle: ContentBundle, store: Store, assessment_id: str, **files: bytes
) -> MergePreview:
    stored = store.get(assessment_id)
    return build_preview(stored, read_workbooks(list(files.items()), bundle, stored))


def _status(preview: MergePreview, question_id: str) -> tuple[MergeStatus, str]:
    item = preview.item(question_id)
    assert item is not None
    return item.status, item.reason


def test_two_workbooks_that_disagree_are_a_conflict_not_an_overwrite(
    bundle: ContentBundle, store: Store, assessment: Assessment, template: bytes
) -> None:
    police = fill(template, {"PROS-1.2": {"rating": "Fully in place"}})
    justice = fill(template, {"PROS-1.2": {"rating": "Not in place"}})
    before = snapshot(store, assessment.id)
    preview = _preview(
        bundle, store, assessment.id, **{"police.xlsx": police, "justice.xlsx": justice}
    )
    assert _status(preview, "PROS-1.2") == (MergeStatus.CONFLICT, "exchange.merge.conflict_sources")
    assert [p.source for p in preview.item("PROS-1.2").proposals] == ["police.xlsx", "justice.xlsx"]
    assert preview.default_choices() == {}  # a conflict is never accepted by default
    assert apply_merge(store, preview, preview.default_choices(), "me").saved == []
    assert snapshot(store, assessment.id) == before
    with pytest.raises(ValueError, match="choose the source"):
        apply_merge(store, preview, ["PROS-1.2"], "me")
    result = apply_merge(store, preview, {"PROS-1.2": "justice.xlsx"}, "me")
    assert result.saved == ["PROS-1.2"]
    assert store.get(assessment.id).answers["PROS-1.2"].rating is Rating.NOT_IN_PLACE


def test_workbooks_that_agree_or_leave_a_row_untouched_are_not_a_conflict(
    bundle: ContentBundle, store: Store, assessment: Assessment, template: bytes
) -> None:
    first = fill(
        template,
        {"PROS-1.2": {"rating": "Largely in place"}, "PROS-1.1": {"rating": "Fully in place"}},
    )
    second = fill(template, {"PROS-1.2": {"rating": "largely"}})  # PROS-1.1 left as pre-filled
    preview = _preview(bundle, store, assessment.id, **{"a.xlsx": first, "b.xlsx": second})
    assert _status(preview, "PROS-1.2") == (MergeStatus.NEW, "")
    assert _status(preview, "PROS-1.1") == (MergeStatus.CHANGED, "")
    assert preview.default_choices() == {"PROS-1.2": "a.xlsx", "PROS-1.1": "a.xlsx"}


def test_an_answer_saved_in_the_app_after_the_template_is_a_conflict(
    bundle: ContentBundle, store: Store, assessment: Assessment, template: bytes
) -> None:
    newer = Answer(question_id="PROS-1.1", rating=Rating.LARGELY, evidence="Law adopted")
    store.save_answer(assessment.id, newer, 1, "app user")
    edited = fill(template, {"PROS-1.1": {"rating": "Fully in place"}})
    preview = _preview(bundle, store, assessment.id, **{"edited.xlsx": edited})
    assert _status(preview, "PROS-1.1") == (MergeStatus.CONFLICT, "exchange.merge.conflict_saved")
    untouched = _preview(bundle, store, assessment.id, **{"untouched.xlsx": template})
    assert _status(untouched, "PROS-1.1") == (MergeStatus.UNCHANGED, "")


def test_apply_records_the_file_and_reimport_changes_nothing(
    bundle: ContentBundle, store: Store, assessment: Assessment, template: bytes
) -> None:
    filled = fill(
        template,
        {
            "PROS-1.1": {"rating": "Fully in place"},
            "PROS-1.2": {"rating": "Unknown", "agency": "Police (criminal investigation)"},
        },
    )
    preview = _preview(bundle, store, assessment.id, **{"ministry.xlsx": filled})
    result = apply_merge(store, preview, preview.default_choices(), "clerk")
    assert sorted(result.saved) == ["PROS-1.1", "PROS-1.2"]
    entry = store.history(assessment.id, "PROS-1.1")[-1]
    assert (entry.outcome, entry.note, entry.old["rating"], entry.new["rating"]) == (
        "imported",
        "ministry.xlsx",
        "partially",
        "fully",
    )
    after = snapshot(store, assessment.id)
    again = _preview(bundle, store, assessment.id, **{"ministry.xlsx": filled})
    assert {item.status for item in again.items} == {MergeStatus.UNCHANGED}
    assert apply_merge(store, again, again.default_choices(), "clerk").saved == []
    assert snapshot(store, assessment.id) == after


def test_a_change_saved_between_preview_and_apply_is_refused_by_the_store(
    bundle: ContentBundle, store: Store, assessment: Assessment, template: bytes
) -> None:
    filled = fill(template, {"PROS-1.1": {"rating": "Fully in place"}})
    preview = _preview(bundle, store, assessment.id, **{"late.xlsx": filled})
    meanwhile = Answer(question_id="PROS-1.1", rating=Rating.NOT_IN_PLACE)
    store.save_answer(assessment.id, meanwhile, 1, "someone else")
    result = apply_merge(store, preview, preview.default_choices(), "clerk")
    assert result.saved == []
    assert result.refused == {"PROS-1.1": "error.stale_answer"}
    assert store.get(assessment.id).answers["PROS-1.1"].rating is Rating.NOT_IN_PLACE


def test_preview_tables_word_every_status_and_problem(
    bundle: ContentBundle, store: Store, assessment: Assessment, template: bytes
) -> None:
    good = fill(template, {"PROS-1.2": {"rating": "Fully in place"}, "PROS-1.3": {"rating": "bad"}})
    other = fill(template, {"PROS-1.2": {"rating": "Partially in place"}})
    preview = _preview(
        bundle, store, assessment.id, **{"a.xlsx": good, "b.xlsx": other, "c.xlsx": b"not excel"}
    )
    rows = change_rows(preview, bundle, "zh")
    assert [(r["question"], r["source"]) for r in rows] == [
        ("PROS-1.2", "“a.xlsx”第3行"),
        ("PROS-1.2", "“b.xlsx”第3行"),
    ]
    assert rows[0]["status"] == "冲突：各文件内容不一致"
    assert rows[0]["stored"] == "（未作答）"
    problems = issue_rows(preview, bundle, "en")
    assert [(p["source"], p["row"], p["question"], p["field"]) for p in problems] == [
        ("a.xlsx", "4", "PROS-1.3", "Rating"),
        ("c.xlsx", "", "", ""),
    ]
    assert problems[0]["problem"] == "bad is not one of the ratings."
    assert summary(preview, bundle, "en") == (
        "0 new, 0 changed, 1 unchanged, 1 conflicts, 2 problems"
    )


def test_a_refused_file_adds_nothing_to_the_preview(
    bundle: ContentBundle, store: Store, assessment: Assessment
) -> None:
    read = read_workbook(b"", "empty.xlsx", bundle, assessment)
    preview = build_preview(assessment, [read])
    assert preview.items == ()
    assert preview.refused_sources == ["empty.xlsx"]


def test_cli_template_preview_and_apply(
    bundle: ContentBundle,
    store: Store,
    assessment: Assessment,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("GAPASSESS_DB", str(store.url.database))
    out = tmp_path / "pros.xlsx"
    assert cli.main(["template", assessment.id, "--section", "PROS", "-o", str(out)]) == 0
    filled = tmp_path / "filled.xlsx"
    filled.write_bytes(fill(out.read_bytes(), {"PROS-1.2": {"rating": "Fully in place"}}))
    assert cli.main(["import-xlsx", assessment.id, str(filled)]) == 0
    assert "1 new" in capsys.readouterr().out
    assert store.get(assessment.id).answers.keys() == {"PROS-1.1"}  # a preview writes nothing
    assert cli.main(["import-xlsx", assessment.id, str(filled), "--apply", "--user", "cli"]) == 0
    assert "saved 1 answer(s)" in capsys.readouterr().out
    assert store.get(assessment.id).answers["PROS-1.2"].updated_by == "cli"


def test_cli_refuses_to_apply_when_a_file_has_problems(
    store: Store,
    assessment: Assessment,
    template: bytes,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("GAPASSESS_DB", str(store.url.database))
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(fill(template, {"PROS-1.2": {"rating": "Fully"}, "PROS-1.3": {"rating": "x"}}))
    before = snapshot(store, assessment.id)
    assert cli.main(["import-xlsx", assessment.id, str(bad), "--apply"]) == 2
    assert "x is not one of the ratings" in capsys.readouterr().out
    assert snapshot(store, assessment.id) == before
    assert cli.main(["template", "no-such-id", "-o", str(tmp_path / "x.xlsx")]) == 2
    assert cli.main(["import-kobo", assessment.id, str(tmp_path / "missing.csv")]) == 2
