"""The dashboard in every language: scores from the engine, marks, red flags, drill-down, why."""

from __future__ import annotations

from pathlib import Path

import pytest
from results_apptest import (
    BASELINE,
    GUIDE,
    LANGS,
    demo_store,  # noqa: F401 - fixture
    markdown_text,
    open_page,
    results_of,
    words,
)

from assessment.models import Answer
from framework.models import Rating
from reports.wording import Words
from ui import cache
from ui.components import drill_down

pytestmark = pytest.mark.usefixtures("demo_store")


def _metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


@pytest.mark.parametrize("lang", LANGS)
def test_dashboard_shows_the_engine_scores_when_the_demo_is_open(lang: str) -> None:
    at = open_page("dashboard", lang)
    results = results_of(BASELINE)
    say = Words(cache.content(), lang)
    metrics = _metrics(at)
    assert at.title[0].value == words("page.dashboard.title", lang)
    assert metrics[words("dashboard.overall", lang)] == say.score(results.overall["score"])
    for pillar in ("prosecution", "protection", "prevention", "cooperation"):
        row = results.score_of("pillar", pillar)
        assert metrics[say.pillar(pillar)] == say.score(row["score"])


@pytest.mark.parametrize("lang", LANGS)
def test_raised_red_flags_are_listed_with_the_answers_that_raised_them(lang: str) -> None:
    at = open_page("dashboard", lang)
    results = results_of(BASELINE)
    shown = markdown_text(at)
    assert results.red_flags, "the demo baseline raises red flags"
    for raised in results.red_flags:
        assert raised.flag.title.get(lang) in shown
        for trigger in raised.triggers:
            if trigger.question_id:
                assert trigger.question_id in shown
    assert words("dashboard.capped", lang) in shown


def test_choosing_a_pillar_and_an_area_explains_that_group() -> None:
    at = open_page("dashboard")
    at.segmented_control(key=drill_down.PILLAR_KEY).set_value("protection").run()
    assert not at.exception
    assert any("Protection" in m.value for m in at.markdown if m.value.startswith("####"))
    explain = at.selectbox(key=f"{drill_down.GROUP_KEY}:protection")
    explain.set_value("area|PROT-2").run()
    heading = next(m.value for m in at.markdown if m.value.startswith("####"))
    assert "PROT-2" in heading
    question_ids = set(at.dataframe[-1].value.iloc[:, 0])
    assert question_ids and all(qid.startswith("PROT-2.") for qid in question_ids)


def test_three_changes_are_proposed_for_a_group_below_the_top_band() -> None:
    at = open_page("dashboard")
    lines = [m.value for m in at.markdown if m.value[:2] in {"1.", "2.", "3."}]
    assert len(lines) == 3


def test_the_score_changes_after_an_answer_is_saved(tmp_path: Path) -> None:
    store = cache.store()
    created = store.create_assessment(country="XVL", instrument_id="ifa", user="test")
    at = open_page("dashboard", assessment_id=created.id)
    overall = words("dashboard.overall", "en")
    assert _metrics(at)[overall] == words("report.score.none", "en"), "no score is a dash"
    store.save_answer(
        created.id, Answer(question_id="PROS-1.2", rating=Rating.PARTIALLY), None, "test"
    )
    at.run()
    assert _metrics(at)[overall] == "33.3"


def test_without_an_open_assessment_the_page_points_to_home() -> None:
    at = open_page("dashboard", assessment_id=None)
    assert at.info[0].value == words("dashboard.no_assessment", "en")


@pytest.mark.parametrize("lang", LANGS)
def test_the_guide_demo_opens_too(lang: str) -> None:
    at = open_page("dashboard", lang, GUIDE)
    assert not at.error
    results = results_of(GUIDE)
    say = Words(cache.content(), lang)
    assert {m.label: m.value for m in at.metric}[words("dashboard.overall", lang)] == say.score(
        results.overall["score"]
    )
