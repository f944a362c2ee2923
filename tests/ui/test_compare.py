"""Compare: the demo's baseline and follow-up side by side with the engine's own changes, and
a refusal to compare assessments of different instruments."""

from __future__ import annotations

import pytest
from results_apptest import (
    BASELINE,
    FOLLOW_UP,
    GUIDE,
    LANGS,
    demo_store,  # noqa: F401 - fixture
    markdown_text,
    open_page,
    results_of,
    words,
)

from reports.wording import Words
from ui import cache
from ui.components import compare_views

pytestmark = pytest.mark.usefixtures("demo_store")


def _change(kind: str, group_id: str) -> float:
    before = results_of(BASELINE).score_of(kind, group_id)["score"]
    after = results_of(FOLLOW_UP).score_of(kind, group_id)["score"]
    return float(after - before)


@pytest.mark.parametrize("lang", LANGS)
def test_the_demo_rounds_show_the_change_per_pillar(lang: str) -> None:
    at = open_page("compare", lang)
    assert at.selectbox(key="compare:baseline:XVL").value == BASELINE
    assert at.selectbox(key="compare:followup:XVL").value == FOLLOW_UP
    say = Words(cache.content(), lang)
    metrics = {m.label: m for m in at.metric}
    for pillar in ("prosecution", "protection", "prevention", "cooperation"):
        shown = metrics[say.pillar(pillar)]
        assert shown.value == say.score(results_of(FOLLOW_UP).score_of("pillar", pillar)["score"])
        assert shown.delta == compare_views.signed(_change("pillar", pillar))


def test_improved_and_regressed_areas_are_listed_with_their_change() -> None:
    at = open_page("compare")
    shown = markdown_text(at)
    areas = results_of(BASELINE).scores.query("group_kind == 'area'")["group_id"]
    changes = {area: _change("area", area) for area in areas}
    best = max(changes, key=changes.__getitem__)
    worst = min(changes, key=changes.__getitem__)
    assert changes[best] > 0 > changes[worst], "the demo follow-up improves and regresses"
    assert f"({compare_views.signed(changes[best])})" in shown
    assert f"({compare_views.signed(changes[worst])})" in shown
    assert words("compare.improved", "en", count=sum(c >= 0.05 for c in changes.values())) in shown


def test_rounds_of_different_instruments_are_not_compared() -> None:
    at = open_page("compare")
    at.selectbox(key="compare:baseline:XVL").set_value(GUIDE).run()
    assert not at.exception
    assert at.warning, "the page says the instruments differ"
    assert not at.metric


@pytest.mark.parametrize("lang", LANGS)
def test_several_assessments_are_shown_side_by_side(lang: str) -> None:
    at = open_page("compare", lang)
    at.segmented_control(key="compare:mode").set_value("countries").run()
    assert at.info[0].value == words("compare.pick_two", lang), "one demo country: pick two"
    at.multiselect(key="compare:many:ifa").set_value([BASELINE, FOLLOW_UP]).run()
    assert not at.exception
    table = at.dataframe[0].value
    assert len(table) == 2
    say = Words(cache.content(), lang)
    overall = [say.score(results_of(i).overall["score"]) for i in (BASELINE, FOLLOW_UP)]
    assert list(table[words("dashboard.overall", lang)]) == overall
