"""Recommendations and action plan: the engine's lists in every language, and plan edits that
are saved through the store at once (stale writes refused with an offer to reload)."""

from __future__ import annotations

import pytest
from results_apptest import (
    GUIDE,
    LANGS,
    demo_store,  # noqa: F401 - fixture
    markdown_text,
    open_page,
    results_of,
    words,
)

from assessment.models import ActionItem, Priority
from ui import cache
from ui.components import action_plan, action_saving

pytestmark = pytest.mark.usefixtures("demo_store")


@pytest.fixture
def fresh() -> str:
    """A new assessment with a few gaps, so edits never touch the shared demo rows."""
    store = cache.store()
    demo = store.get("demo-xvl-ifa-2025")
    created = store.create_assessment(country="XVL", instrument_id="ifa", user="test")
    for question_id in ("PROS-1.2", "PROS-1.8", "PROT-1.6"):
        answer = demo.answers[question_id].model_copy(update={"revision": 0})
        store.save_answer(created.id, answer, None, "test")
    return created.id


@pytest.mark.parametrize("lang", LANGS)
def test_the_lists_show_gaps_resources_and_information_gaps(lang: str) -> None:
    at = open_page("recommendations", lang)
    results = results_of("demo-xvl-ifa-2025")
    labels = [tab.label for tab in at.tabs]
    assert words("report.chapter.actions", lang) in labels
    gaps = at.dataframe[0].value
    assert list(gaps.iloc[:, 1])[:5] == list(results.gaps["question_id"])[:5]
    shown = markdown_text(at)
    top = cache.content().resources[results.resources["resource_id"].iloc[0]]
    assert f"[{top.title.get(lang)}]({top.url})" in shown.replace("\\", "")


def test_editing_an_action_row_saves_it_in_the_store(fresh: str) -> None:
    at = open_page("recommendations", assessment_id=fresh)
    row = at.selectbox(key=action_plan.ROW_KEY).value
    at.selectbox(key=action_saving.widget_key("priority", row)).set_value("low").run()
    assert not at.exception
    stored = cache.store().get(fresh).actions[row]
    assert stored.priority is Priority.LOW
    assert words("recommendations.saved", "en", id=row) in [s.value for s in at.success]
    at.text_area(key=action_saving.widget_key("note", row)).input("Draft the amendment").run()
    stored = cache.store().get(fresh).actions[row]
    assert (stored.priority, stored.note) == (Priority.LOW, "Draft the amendment")


def test_a_row_changed_elsewhere_is_refused_and_can_be_reloaded(fresh: str) -> None:
    at = open_page("recommendations", assessment_id=fresh)
    row = at.selectbox(key=action_plan.ROW_KEY).value
    elsewhere = ActionItem(question_id=row, priority=Priority.HIGH, note="from another tab")
    cache.store().save_action(fresh, elsewhere, None, "someone else")
    at.selectbox(key=action_saving.widget_key("status", row)).set_value("done").run()
    assert cache.store().get(fresh).actions[row].note == "from another tab", "nothing overwritten"
    assert words("error.stale_action", "en", question=row) in [w.value for w in at.warning]
    at.button(key=f"action-reload:{row}").click().run()
    assert at.text_area(key=action_saving.widget_key("note", row)).value == "from another tab"
    assert at.selectbox(key=action_saving.widget_key("status", row)).value == "planned"
    assert not at.warning


def test_keep_mine_saves_the_refused_change_over_the_stored_row(fresh: str) -> None:
    at = open_page("recommendations", assessment_id=fresh)
    row = at.selectbox(key=action_plan.ROW_KEY).value
    elsewhere = ActionItem(question_id=row, note="from another tab")
    cache.store().save_action(fresh, elsewhere, None, "someone else")
    at.selectbox(key=action_saving.widget_key("status", row)).set_value("done").run()
    at.button(key=f"action-keep:{row}").click().run()
    stored = cache.store().get(fresh).actions[row]
    assert (stored.status.value, stored.note) == ("done", "from another tab")
    assert not at.warning


@pytest.mark.parametrize("lang", LANGS)
def test_the_guide_demo_opens_too(lang: str) -> None:
    at = open_page("recommendations", lang, GUIDE)
    assert not at.error
    assert (
        list(at.dataframe[0].value.iloc[:, 1])[:3]
        == list(results_of(GUIDE).gaps["question_id"])[:3]
    )
