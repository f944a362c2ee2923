"""The questionnaire saves every change through the store at once, pre-selects nothing, keeps
what the store refuses, and draws from the store (not from widget memory)."""

from __future__ import annotations

from collections.abc import Callable

from streamlit.testing.v1 import AppTest

from framework.models import Rating
from tests.ui.ui_helpers import (
    after_callback,
    new_assessment,
    no_exception,
    open_assessment,
    stored,
)


def _opened(
    app: Callable[..., AppTest], lang: str = "en", instrument: str = "ifa"
) -> tuple[AppTest, str]:
    at = app(lang)
    assessment_id = new_assessment(instrument)
    return open_assessment(at, assessment_id), assessment_id


def test_nothing_is_preselected(app: Callable[..., AppTest]) -> None:
    at, _ = _opened(app)
    no_exception(at)
    radios = [r for r in at.radio if str(r.key).startswith("rating:")]
    assert len(radios) >= 5
    assert all(r.value is None for r in radios)
    assert [str(o) for o in radios[0].options][:4] == [
        "Fully in place",
        "Largely in place",
        "Partially in place",
        "Not in place",
    ]


def test_a_rating_is_saved_in_the_store_at_once(app: Callable[..., AppTest]) -> None:
    at, assessment_id = _opened(app)
    at.radio(key="rating:PROS-1.1").set_value(Rating.LARGELY).run()
    assert stored(assessment_id).answers["PROS-1.1"].rating is Rating.LARGELY
    assert any("Saved" in c.value for c in at.caption)
    after_callback(at)
    no_exception(at)
    assert at.radio(key="rating:PROS-1.1").value is Rating.LARGELY
    assert any("Answered 1 of" in str(p.proto.text) for p in at.get("progress"))


def test_answers_are_drawn_from_the_store_after_a_page_round_trip(
    app: Callable[..., AppTest],
) -> None:
    at, assessment_id = _opened(app)
    at.radio(key="rating:PROS-1.2").set_value(Rating.PARTIALLY).run()
    at.switch_page("ui/pages/library.py").run()
    at.switch_page("ui/pages/questionnaire.py").run()
    no_exception(at)
    assert at.radio(key="rating:PROS-1.2").value is Rating.PARTIALLY
    assert stored(assessment_id).answers["PROS-1.2"].rating is Rating.PARTIALLY


def test_not_applicable_waits_for_its_justification(app: Callable[..., AppTest]) -> None:
    at, assessment_id = _opened(app)
    at.radio(key="rating:PROS-1.3").set_value(Rating.NOT_APPLICABLE).run()
    after_callback(at)
    assert "PROS-1.3" not in stored(assessment_id).answers
    assert at.radio(key="rating:PROS-1.3").value is Rating.NOT_APPLICABLE  # kept, not lost
    assert any("justification" in e.value for e in at.error)
    at.text_input(key="justification:PROS-1.3").set_value("Land-locked State").run()
    answer = stored(assessment_id).answers["PROS-1.3"]
    assert (answer.rating, answer.justification) == (Rating.NOT_APPLICABLE, "Land-locked State")
    after_callback(at)
    no_exception(at)


def test_a_bad_info_value_is_refused_in_the_users_language(app: Callable[..., AppTest]) -> None:
    at, assessment_id = _opened(app, lang="zh", instrument="guide")
    at.selectbox(key="questionnaire:area:AG-1").set_value("AG-1.2").run()
    at.text_input(key="value:AG-1.2.5").set_value("abc").run()  # a year
    after_callback(at)
    assert "AG-1.2.5" not in stored(assessment_id).answers
    assert at.text_input(key="value:AG-1.2.5").value == "abc"  # what was typed stays
    assert any("不是有效年份" in e.value for e in at.error), [e.value for e in at.error]
    at.text_input(key="value:AG-1.2.5").set_value("２０１９").run()  # full-width digits
    assert stored(assessment_id).answers["AG-1.2.5"].value == 2019


def test_a_stale_write_is_refused_and_can_be_kept(app: Callable[..., AppTest]) -> None:
    at, assessment_id = _opened(app)
    at.radio(key="rating:PROS-1.4").set_value(Rating.FULLY).run()
    after_callback(at)
    from assessment.store import Store

    other = Store.from_env()  # someone else, in another tab
    current = other.get(assessment_id).answers["PROS-1.4"]
    changed = current.model_copy(update={"rating": Rating.NOT_IN_PLACE})
    other.save_answer(assessment_id, changed, current.revision, "someone else")
    other.close()
    at.radio(key="rating:PROS-1.4").set_value(Rating.PARTIALLY).run()
    assert stored(assessment_id).answers["PROS-1.4"].rating is Rating.NOT_IN_PLACE
    assert any("Someone else changed" in w.value for w in at.warning)
    at.button(key="keep:PROS-1.4").click().run()
    assert stored(assessment_id).answers["PROS-1.4"].rating is Rating.PARTIALLY


def test_clear_takes_a_question_back_to_unanswered(app: Callable[..., AppTest]) -> None:
    at, assessment_id = _opened(app)
    at.radio(key="rating:PROS-1.5").set_value(Rating.UNKNOWN).run()
    after_callback(at)
    at.button(key="clear:PROS-1.5").click().run()
    after_callback(at)
    assert "PROS-1.5" not in stored(assessment_id).answers
    assert at.radio(key="rating:PROS-1.5").value is None


def test_filter_unanswered_hides_answered_questions(app: Callable[..., AppTest]) -> None:
    at, _ = _opened(app)
    at.radio(key="rating:PROS-1.1").set_value(Rating.FULLY).run()
    after_callback(at)
    at.session_state["questionnaire:filters"] = True  # open the filters
    at.run()
    at.toggle(key="questionnaire:only_unanswered").set_value(True).run()
    keys = {str(r.key) for r in at.radio}
    assert "rating:PROS-1.1" not in keys
    assert "rating:PROS-1.2" in keys


def test_evidence_is_saved_when_the_notes_are_open(app: Callable[..., AppTest]) -> None:
    at, assessment_id = _opened(app)
    at.session_state["notes:PROS-1.6"] = True
    at.run()
    at.text_area(key="evidence:PROS-1.6").set_value("Penal Code s. 12").run()
    assert stored(assessment_id).answers["PROS-1.6"].evidence == "Penal Code s. 12"


def test_a_long_area_is_shown_a_page_at_a_time(app: Callable[..., AppTest]) -> None:
    at, _ = _opened(app)
    first = [str(r.key) for r in at.radio if str(r.key).startswith("rating:")]
    assert first[0] == "rating:PROS-1.1"
    at.segmented_control(key="questionnaire:page:PROS-1").set_value(2).run()
    second = [str(r.key) for r in at.radio if str(r.key).startswith("rating:")]
    assert second
    assert not set(first) & set(second)


def test_filters_still_apply_when_their_panel_is_closed(app: Callable[..., AppTest]) -> None:
    at, _ = _opened(app)
    at.radio(key="rating:PROS-1.1").set_value(Rating.FULLY).run()
    after_callback(at)
    at.session_state["questionnaire:filters"] = True
    at.run()
    at.toggle(key="questionnaire:only_unanswered").set_value(True).run()
    at.session_state["questionnaire:filters"] = False
    at.run()
    assert "rating:PROS-1.1" not in {str(r.key) for r in at.radio}
