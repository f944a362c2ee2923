"""The Results contract the UI and the reports build on: shape, columns and consistency."""

from __future__ import annotations

import pandas as pd
import pytest

from assessment import frames as F
from assessment.models import Assessment
from assessment.results import InstrumentMismatchError, Results, compute_results
from assessment.scoring import SCORE_COLUMNS
from tests.conftest import build_tiny_instrument, load_method, make_assessment, make_bundle

BUNDLE = make_bundle(build_tiny_instrument(), load_method())
RATINGS = {
    "PROS-1.1": "not_in_place",
    "PROS-1.2": "largely",
    "PROS-1.3": "not_applicable",
    "PROS-2.1": "unknown",
    "PROT-1.1": "partially",
}


@pytest.fixture(scope="module")
def results() -> Results:
    assessment = make_assessment(
        RATINGS,
        actions={"PROS-1.1": {"status": "in_progress"}},
        **{"PROS-2.1": {"agency": "police"}, "PROS-1.3": {"justification": "No sea border"}},
    )
    return compute_results(BUNDLE, assessment)


def test_questions_has_one_row_per_question_in_order(results: Results) -> None:
    q = results.questions
    assert q[F.QUESTION_ID].tolist() == [x.id for x in results.instrument.questions()]
    expected = {F.QUESTION_ID, F.SECTION_ID, F.AREA_ID, F.PILLAR, F.DIMENSION, F.OBLIGATION}
    expected |= {F.KIND, F.WEIGHT, F.ORDER, F.RATING, F.VALUE, F.GAP_POINTS, F.INFO_GAP}
    expected |= {F.EVIDENCE, F.SOURCES, F.AGENCY, F.COMMENT, F.JUSTIFICATION}
    assert expected <= set(q.columns)
    assert q.set_index(F.QUESTION_ID).loc["PROS-2.2", F.RATING] is None  # unanswered


def test_scores_cover_every_group_kind(results: Results) -> None:
    scores = results.scores
    assert list(scores.columns) == SCORE_COLUMNS
    assert list(pd.unique(scores[F.GROUP_KIND])) == list(F.GROUP_KINDS)
    assert results.overall[F.GROUP_ID] == "tiny"
    assert results.score_of("pillar", "protection")[F.SCORE] == pytest.approx(33.33)
    with pytest.raises(KeyError):
        results.score_of("area", "NOPE-1")


def test_gap_register_frames(results: Results) -> None:
    assert results.gaps[F.QUESTION_ID].tolist() == ["PROS-1.1", "PROT-1.1", "PROS-1.2"]
    assert results.info_gaps[[F.QUESTION_ID, F.AGENCY]].values.tolist() == [["PROS-2.1", "police"]]
    assert results.not_applicable[F.JUSTIFICATION].tolist() == ["No sea border"]
    assert set(results.resources[F.RESOURCE_ID]) == {"toolkit", "model_law"}


def test_action_plan_merges_saved_items(results: Results) -> None:
    plan = results.action_plan.set_index(F.QUESTION_ID)
    assert plan.loc["PROS-1.1", F.STATUS] == "in_progress"
    assert bool(plan.loc["PROS-1.1", F.SAVED])
    assert plan.loc["PROT-1.1", F.STATUS] == "planned"


def test_results_are_plain_data(results: Results) -> None:
    with pytest.raises(AttributeError):
        results.scores = pd.DataFrame()  # type: ignore[misc]


def test_unknown_instrument_is_refused() -> None:
    other = Assessment(
        id="test-0002", country="XAA", instrument_id="nope", instrument_version="1.0"
    )
    with pytest.raises(InstrumentMismatchError):
        compute_results(BUNDLE, other)


def test_empty_assessment_has_no_scores_and_no_gaps() -> None:
    empty = compute_results(BUNDLE, make_assessment({}))
    assert empty.scores[F.SCORE].isna().all()
    assert empty.gaps.empty and empty.resources.empty and empty.action_plan.empty
    assert empty.red_flags == []
