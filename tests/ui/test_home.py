"""Home: the demo is seeded on first start; create, follow-up round, import and delete all go
through the store, and a bad file or a wrong confirmation changes nothing."""

from __future__ import annotations

import json
from collections.abc import Callable

from streamlit.testing.v1 import AppTest

from assessment.store import Store
from tests.ui.ui_helpers import goto, new_assessment, no_exception, stored


def _summaries() -> list:
    store = Store.from_env()
    try:
        return store.list_assessments()
    finally:
        store.close()


def _button(at: AppTest, label: str):
    return next(b for b in at.button if b.label == label)


def test_the_demo_is_listed_on_first_start(app: Callable[..., AppTest]) -> None:
    at = app("zh")
    no_exception(at)
    listed = at.dataframe[0].value
    assert len(listed) == len(_summaries()) >= 2
    assert "国家" in listed.columns
    assert any("虚构" in name for name in listed["国家"])


def test_create_both_instruments_makes_two_linked_assessments(app: Callable[..., AppTest]) -> None:
    at = app("en")
    before = {s.id for s in _summaries()}
    at.selectbox(key="home:new:country").set_value("KEN")
    at.radio(key="home:new:instrument").set_value("both")
    at.text_input(key="home:new:round").set_value("Baseline 2026")
    at.text_area(key="home:new:assessors").set_value("A. Official\nB. Official")
    _button(at, "Create").click().run()
    no_exception(at)
    new = [s for s in _summaries() if s.id not in before]
    assert sorted(s.instrument_id for s in new) == ["guide", "ifa"]
    assert {(s.country, s.round_label) for s in new} == {("KEN", "Baseline 2026")}
    assert at.title[0].value == "Questionnaire"
    assert stored(new[0].id).assessors == ["A. Official", "B. Official"]


def test_create_without_a_country_is_refused(app: Callable[..., AppTest]) -> None:
    at = app("zh")
    before = len(_summaries())
    _button(at, "新建").click().run()
    assert [e.value for e in at.error] == ["请选择国家。"]
    assert len(_summaries()) == before


def test_follow_up_round_copies_the_answers(app: Callable[..., AppTest]) -> None:
    at = app("en")
    source = _summaries()[0]
    at.selectbox(key="home:follow:source").set_value(source.id)
    at.text_input(key="home:follow:round").set_value("Follow-up 2028")
    _button(at, "Create the follow-up round").click().run()
    no_exception(at)
    copy = next(s for s in _summaries() if s.round_label == "Follow-up 2028")
    assert copy.answered == source.answered
    assert any("Follow-up 2028" in s.value for s in at.success)


def test_a_bad_import_names_row_and_field_and_saves_nothing(app: Callable[..., AppTest]) -> None:
    at = app("zh")
    target = new_assessment("ifa")
    goto(at, "home")
    before = len(_summaries())
    bad = b"question_id,rating\nPROS-1.1,fully\nPROS-1.2,perhaps\n"
    at.file_uploader(key="home:import:file").upload("answers.csv", bad, "text/csv").run()
    at.selectbox(key="home:import:target").set_value(target)
    at.button(key="home:import:go").click().run()
    assert [e.value for e in at.error] == ["文件未导入：发现 1 个问题。未做任何更改。"]
    listed = " ".join(m.value for m in at.markdown)
    assert "第 3 行，列 rating：“perhaps”不是评级" in listed
    assert stored(target).answers == {}
    assert len(_summaries()) == before


def test_a_json_export_imports_as_a_new_assessment(app: Callable[..., AppTest]) -> None:
    at = app("en")
    source = stored(_summaries()[0].id)
    document = json.loads(source.model_dump_json())
    data = json.dumps(
        {"format": "gapassess.assessment", "format_version": 1, "assessment": document}
    )
    before = len(_summaries())
    at.file_uploader(key="home:import:file").upload("x.json", data.encode(), "application/json")
    at.run()
    at.button(key="home:import:go").click().run()
    no_exception(at)
    assert len(_summaries()) == before + 1
    assert any("Imported" in s.value for s in at.success)


def test_delete_needs_the_typed_country_code(app: Callable[..., AppTest]) -> None:
    at = app("en")
    victim = new_assessment("guide", country="XSI")
    goto(at, "home")
    at.selectbox(key="home:del:pick").set_value(victim)
    at.run()
    at.text_input(key="home:del:typed").set_value("nope")
    at.button(key="home:del:go").click().run()
    assert at.error
    assert victim in {s.id for s in _summaries()}
    at.text_input(key="home:del:typed").set_value("xsi")
    at.button(key="home:del:go").click().run()
    no_exception(at)
    assert victim not in {s.id for s in _summaries()}
    assert at.get("download_button"), "the export of the deleted assessment is offered"
