"""Nothing bad gets in: every hostile or broken file of ``tests/data/bad/`` and every hostile
value in every free-text field, through the same import and save paths the pages use.

For each file: the app says what is wrong in the user's language (the message key has text in
English and Chinese, every placeholder is filled, no exception escapes and no traceback text is
shown), and a refused file changes nothing (every row of every table is compared before and
after). An accepted file stores its text as typed, or cleaned of control characters with a
warning. ``tests/data/bad/README.md`` and ``docs/robustness.md`` list every case; a test keeps
them in step with ``cases.yaml`` and ``values.yaml``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from assessment.errors import ProblemsError, UserFacingError, problems_from_validation
from assessment.models import ActionItem, Answer
from assessment.store import Store
from framework.loader import ContentBundle
from framework.models import Rating
from tests.robustness import bad_corpus as corpus
from tests.robustness.bad_corpus import LANGS, LEAKS, TARGET_ID, Case, Kitchen

CASES = corpus.cases()
VALUES = corpus.values()
FIELDS = corpus.fields()
MAX_COMMITTED_BYTES = 16 * 1024
INFO_QUESTION = ("guide", "AG-1.1.5")  # a free-text information question


def _check_messages(outcome: corpus.Outcome) -> None:
    for lang in LANGS:
        shown = outcome.messages.get(lang, [])
        assert shown, f"nothing said in {lang}"
        for line in shown:
            assert line.strip()
            assert not any(leak in line for leak in LEAKS), line
    assert outcome.messages["zh"] != outcome.messages["en"]


def _stored_field(store: Store, outcome: corpus.Outcome, name: str) -> list[Any]:
    """Every value of ``name`` in the assessment the import wrote to."""
    assert outcome.stored_id is not None
    stored = store.get(outcome.stored_id)
    if name in {"title", "round_label"}:
        return [getattr(stored, name)]
    return [getattr(answer, name) for answer in stored.answers.values()]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bad_file(case: Case, store: Store, bundle: ContentBundle, kitchen: Kitchen) -> None:
    data = corpus.case_bytes(case, kitchen)
    before = corpus.snapshot(store)

    outcome = corpus.RUNNERS[case.via](store, bundle, data)

    _check_messages(outcome)
    if case.expect == "refused":
        assert case.key in outcome.keys, (outcome.keys, outcome.messages["en"])
        assert not outcome.saved
        assert corpus.snapshot(store) == before, "a refused file changed the store"
        return
    assert case.expect == "accepted", case.id
    assert not outcome.keys, outcome.messages["en"]
    if case.key:
        assert case.key in outcome.warnings, outcome.warnings
    assert corpus.snapshot(store) != before
    for name, spec in case.stored.items():
        wanted = corpus.expected_text(spec)
        assert wanted in [str(v) for v in _stored_field(store, outcome, name)], name
    assert store.integrity_check() == []


# Free-text fields ------------------------------------------------------------------------------


def _text_of(value: dict[str, Any], maximum: int) -> str:
    if value.get("length") == "max":
        return "字" * (maximum - 1) + "x"
    if value.get("length") == "over":
        return "字" * maximum + "x"
    return str(value["text"])


def _save(store: Store, field: str, typed: str, info_target: str) -> Any:
    """Save ``typed`` into ``field`` the way the pages do; return what the store then holds."""
    via = FIELDS[field]["via"]
    if via == "answer":
        extra = {"rating": Rating.NOT_APPLICABLE} if field == "justification" else {}
        answer = Answer.model_validate(
            {"question_id": "PROS-1.3", "rating": Rating.FULLY, field: typed} | extra
        )
        return getattr(store.save_answer(TARGET_ID, answer, None, "tester"), field)
    if via == "info":
        answer = Answer.model_validate({"question_id": INFO_QUESTION[1], "value": typed})
        store.save_answer(info_target, answer, None, "tester")
        stored = store.get_answer(info_target, INFO_QUESTION[1])
        return stored.value if stored else None
    if via == "action":
        item = ActionItem.model_validate({"question_id": "PROS-1.1", "note": typed})
        return store.save_action(TARGET_ID, item, None, "tester").note
    if via == "user":
        answer = Answer(question_id="PROS-1.3", rating=Rating.FULLY)
        return store.save_answer(TARGET_ID, answer, None, typed).updated_by
    version = store.get(TARGET_ID).version
    if via == "assessors":
        return store.update_meta(TARGET_ID, version, "tester", assessors=[typed]).assessors[0]
    return getattr(store.update_meta(TARGET_ID, version, "tester", **{field: typed}), field)


def _refusal_keys(exc: Exception) -> list[str]:
    if isinstance(exc, ProblemsError):
        return [p.key for p in exc.problems]
    if isinstance(exc, UserFacingError):
        return [exc.key]
    return [p.key for p in problems_from_validation(exc)]  # type: ignore[arg-type]


@pytest.mark.parametrize("field", list(FIELDS))
@pytest.mark.parametrize("value", VALUES, ids=[v["id"] for v in VALUES])
def test_hostile_value(
    value: dict[str, Any], field: str, store: Store, bundle: ContentBundle
) -> None:
    typed = _text_of(value, int(FIELDS[field]["maximum"]))
    if field == "info_text":
        value = value | value.get("info", {})
    info_target = store.create_assessment(country="XAA", instrument_id=INFO_QUESTION[0]).id
    before = corpus.snapshot(store)
    try:
        stored = _save(store, field, typed, info_target)
    except (UserFacingError, ValueError) as exc:  # pydantic's ValidationError is a ValueError
        keys = _refusal_keys(exc)
        wanted = value.get("key")
        assert value["expect"] == "refused" and field != "user_name", (value["id"], keys)
        assert wanted in keys, keys
        for lang in LANGS:
            assert corpus.message(bundle, lang, wanted, _params(exc, wanted))
        assert corpus.snapshot(store) == before, "a refused value was written"
        return
    if field == "user_name":  # who made a change: printable characters only, at most 500
        assert stored.isprintable()
        assert len(stored) <= 500
        if typed.isprintable():
            assert stored == typed.strip()[:500]
        return
    assert value["expect"] != "refused", (value["id"], stored)
    assert stored == (typed if value["expect"] == "kept" else value["stored"])


def _params(exc: Exception, key: str) -> dict[str, Any]:
    if isinstance(exc, ProblemsError):
        problem = next(p for p in exc.problems if p.key == key)
        return problem.params
    if isinstance(exc, UserFacingError):
        return exc.params
    found = problems_from_validation(exc)  # type: ignore[arg-type]
    return next(p for p in found if p.key == key).params


# The corpus itself -----------------------------------------------------------------------------


def test_the_corpus_covers_every_import_path() -> None:
    by_path = {via: [c for c in CASES if c.via == via] for via in corpus.RUNNERS}
    assert len(CASES) >= 40
    assert all(len(found) >= 10 for found in by_path.values()), {
        k: len(v) for k, v in by_path.items()
    }
    assert len({c.id for c in CASES}) == len(CASES)
    assert len({v["id"] for v in VALUES}) == len(VALUES)
    for case in CASES:
        assert (case.path is None) != (case.recipe is None), case.id
        assert case.expect in {"refused", "accepted"}, case.id
        assert case.expect == "accepted" or case.key, case.id


def test_committed_corpus_files_are_small() -> None:
    """Huge files and zip bombs are built at test time from recipes, never committed."""
    for case in CASES:
        if case.path is not None:
            path = corpus.CORPUS / case.path
            assert path.stat().st_size <= MAX_COMMITTED_BYTES, case.path
    listed = {c.path for c in CASES if c.path}
    on_disk = {
        str(p.relative_to(corpus.CORPUS))
        for p in corpus.CORPUS.rglob("*")
        if p.is_file() and p.suffix in {".json", ".csv", ".xlsx"}
    }
    assert on_disk == listed, "every committed file is a case, every case file exists"


@pytest.mark.parametrize("document", ["tests/data/bad/README.md", "docs/robustness.md"])
def test_the_documents_list_every_case(document: str) -> None:
    text = (corpus.ROOT / document).read_text(encoding="utf-8")
    rows = {m.group(1): m.group(0) for m in re.finditer(r"^\| `([a-z0-9-]+)` \|.*$", text, re.M)}
    for case in CASES:
        assert case.id in rows, case.id
        assert (case.key or "") in rows[case.id], case.id
    for value in VALUES:
        assert value["id"] in rows, value["id"]
    assert set(rows) == {c.id for c in CASES} | {v["id"] for v in VALUES}


# The same files through the real pages (AppTest) -----------------------------------------------

UI_CASES = {  # case id -> language of the session
    "json-truncated": "en",
    "json-other-version-ids": "zh",
    "csv-gbk": "zh",
    "csv-duplicate-question": "en",
    "xlsx-billion-laughs": "zh",
    "xlsx-formula": "en",
    "kobo-wrong-instrument": "en",
    "kobo-truncated": "zh",
}
APP = str(corpus.ROOT / "app.py")
EXCHANGE = str(corpus.ROOT / "ui" / "pages" / "exchange.py")


@pytest.fixture
def app_store(
    tmp_path: Path, bundle: ContentBundle, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Store]:
    """The target store, also the database the app under AppTest opens."""
    from ui import cache

    opened = corpus.open_target_store(tmp_path, bundle)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("GAPASSESS_DB", str(tmp_path / "bad-input.sqlite"))
    cache.store.clear()
    try:
        yield opened
    finally:
        cache.store.clear()
        opened.close()


def _shown(at: AppTest) -> str:
    """Every text on the page (table cells included), Markdown escapes removed."""
    parts = [e.value for e in [*at.error, *at.warning, *at.markdown, *at.success]]
    parts += [cell for frame in at.dataframe for cell in frame.value.to_numpy().flatten()]
    return "\n".join(str(p) for p in parts).replace("\\", "")


def _upload_home(at: AppTest, case: Case, data: bytes) -> None:
    name = "returned." + ("json" if case.via == "json" else "csv")
    at.file_uploader(key="home:import:file").upload(name, data, "application/octet-stream").run()
    if case.via == "csv":
        at.selectbox(key="home:import:target").set_value(TARGET_ID)
    at.button(key="home:import:go").click().run()


def _upload_exchange(at: AppTest, case: Case, data: bytes) -> None:
    kind = "xlsx" if case.via == "xlsx" else "csv"
    at.file_uploader(key=f"exchange:upload:{kind}").set_value(
        (f"returned.{kind}", data, "application/octet-stream")
    ).run()
    at.button(key=f"exchange:check:{kind}").click().run()
    if not at.button(key="exchange:save").disabled:
        at.button(key="exchange:save").click().run()


@pytest.mark.parametrize("case_id", list(UI_CASES))
def test_the_page_says_why_and_saves_nothing(
    case_id: str, app_store: Store, bundle: ContentBundle, kitchen: Kitchen, tmp_path: Path
) -> None:
    """The messages the page shows are the ones checked above, in the session's language."""
    case, lang = next(c for c in CASES if c.id == case_id), UI_CASES[case_id]
    data = corpus.case_bytes(case, kitchen)
    (tmp_path / "expected").mkdir()
    other = corpus.open_target_store(tmp_path / "expected", bundle)
    expected = corpus.RUNNERS[case.via](other, bundle, data).messages[lang]
    other.close()
    if case.via in {"json", "csv"}:
        at = AppTest.from_file(APP, default_timeout=30)
        at.query_params["lang"] = lang
        before = corpus.snapshot(app_store) if at.run() else {}  # (the app marks its first start)
        _upload_home(at, case, data)
        assert [e.value for e in at.error] == expected[:1]
    else:
        at = AppTest.from_file(EXCHANGE, default_timeout=30)
        at.session_state["ui:lang"] = lang
        at.session_state["ui:assessment"] = TARGET_ID
        before = corpus.snapshot(app_store) if at.run() else {}
        _upload_exchange(at, case, data)
    assert not at.exception, [e.value for e in at.exception]
    shown = _shown(at)
    assert not any(leak in shown for leak in LEAKS), shown
    for line in expected:
        assert line.replace("\\", "") in shown, (line, shown)
    assert corpus.snapshot(app_store) == before


def test_upload_bounds_match_what_the_readers_accept(app_store: Store) -> None:
    """Each uploader is bounded, and never below its reader's limit: a file the reader would
    accept (any export of this app included) is never stopped by Streamlit's own English-only
    size message; an oversized one reaches the reader, which says why in the user's language."""
    from assessment.io.kobo import MAX_FILE_BYTES as KOBO_BYTES
    from assessment.io.limits import MAX_CSV_BYTES, MAX_JSON_BYTES, MIB
    from assessment.io.xlsx_safety import MAX_FILE_BYTES as XLSX_BYTES

    home = AppTest.from_file(APP, default_timeout=30).run()
    limit = home.file_uploader(key="home:import:file").proto.max_upload_size_mb
    assert max(MAX_JSON_BYTES, MAX_CSV_BYTES) // MIB <= limit <= 100
    offline = AppTest.from_file(EXCHANGE, default_timeout=30)
    offline.session_state["ui:assessment"] = TARGET_ID
    offline.run()
    for key, reader_bytes in (("xlsx", XLSX_BYTES), ("csv", KOBO_BYTES)):
        limit = offline.file_uploader(key=f"exchange:upload:{key}").proto.max_upload_size_mb
        assert reader_bytes // MIB <= limit <= 100, key
