"""The scoring method of DESIGN 3: a hand-computed example and hypothesis invariants."""

from __future__ import annotations

import random
from collections.abc import Mapping

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessment import frames as F
from assessment.gaps import join_answers
from assessment.scoring import answers_frame, questions_frame, score_groups
from framework.models import Rating
from tests.conftest import TINY_QUESTIONS, build_tiny_instrument, load_method, make_assessment

METHOD = load_method()
QUESTIONS = questions_frame(build_tiny_instrument(), METHOD)
RATED_IDS = [q for q, (*_, extra) in TINY_QUESTIONS.items() if extra.get("kind") != "info"]
RATED_LEVELS = [Rating.FULLY, Rating.LARGELY, Rating.PARTIALLY, Rating.NOT_IN_PLACE]

ratings_maps = st.dictionaries(st.sampled_from(RATED_IDS), st.sampled_from(list(Rating)))


def _score(*ratings: Mapping[str, Rating | str], first: int = 0) -> pd.DataFrame:
    assessments = [
        make_assessment(r, assessment_id=f"test-{i:04d}") for i, r in enumerate(ratings, first)
    ]
    answers = answers_frame(assessments, METHOD)
    return score_groups(QUESTIONS, answers, METHOD, assessment_ids=[a.id for a in assessments])


def _row(scores: pd.DataFrame, kind: str, group: str) -> pd.Series:
    hit = scores[(scores[F.GROUP_KIND] == kind) & (scores[F.GROUP_ID] == group)]
    assert len(hit) == 1
    return hit.iloc[0]


HAND = {
    "PROS-1.1": "largely",  # mandatory, w 3, v 0.6667
    "PROS-1.2": "partially",  # consider, w 2, v 0.3333
    "PROS-1.3": "not_in_place",  # optional, w 1, v 0
    "PROS-2.1": "fully",  # good practice, w 1
    "PROS-2.2": "fully",  # good practice with a weight override of 4
}


@pytest.mark.parametrize(
    ("kind", "group", "score", "coverage", "band"),
    [
        # (3*0.6667 + 2*0.3333 + 1*0 + 1*1 + 4*1) / 11 = 7.6667 / 11
        ("section", "PROS", 69.697273, 1.0, "moderate"),
        ("instrument", "tiny", 69.697273, 5 / 7, "moderate"),
        ("area", "PROS-1", 44.445, 1.0, "weak"),  # 2.6667 / 6
        ("area", "PROS-2", 100.0, 1.0, "strong"),
        ("dimension", "legal", 53.334, 2 / 3, "weak"),  # 2.6667 / 5; PROT-1.1 unanswered
        ("dimension", "operational", 0.0, 0.5, "critical"),  # a real 0, not "no score"
        ("section", "PROT", None, 0.0, None),
    ],
)
def test_hand_computed_example_to_the_decimal(
    kind: str, group: str, score: float | None, coverage: float, band: str | None
) -> None:
    row = _row(_score(HAND), kind, group)
    if score is None:
        assert np.isnan(row[F.SCORE])
    else:
        assert row[F.SCORE] == pytest.approx(score, abs=1e-6)
    assert row[F.COVERAGE] == pytest.approx(coverage)
    assert row[F.BAND] == band


def test_counts_exclude_info_questions() -> None:
    row = _row(_score({**HAND, "PROT-1.1": "unknown"}), "instrument", "tiny")
    assert (row[F.N_QUESTIONS], row[F.N_RATED], row[F.N_UNKNOWN], row[F.N_UNANSWERED]) == (
        7,
        5,
        1,
        1,
    )


def test_score_is_none_when_no_rated_answer() -> None:
    scores = _score({"PROS-1.1": "not_applicable", "PROT-1.1": "unknown"})
    assert scores[F.SCORE].isna().all()
    assert scores[F.BAND].isna().all()
    assert not scores[F.PROVISIONAL].any()


def test_provisional_when_coverage_under_threshold() -> None:
    scores = _score({"PROS-1.1": "fully", "PROS-1.2": "unknown"})
    pros = _row(scores, "section", "PROS")
    assert pros[F.COVERAGE] == pytest.approx(0.2)
    assert pros[F.PROVISIONAL]
    assert not _row(_score(HAND), "section", "PROS")[F.PROVISIONAL]


def test_assessment_without_answers_still_has_rows() -> None:
    scores = _score({})
    assert len(scores) == len(_score(HAND))
    assert scores[F.SCORE].isna().all()
    assert (scores[F.N_UNANSWERED] == scores[F.N_QUESTIONS]).all()


def test_info_answers_and_unknown_ids_are_ignored() -> None:
    answers = answers_frame([make_assessment(HAND, assessment_id="test-0000")], METHOD)
    extra = pd.DataFrame(
        {
            F.ASSESSMENT_ID: ["test-0000", "test-0000"],
            F.QUESTION_ID: ["PROS-2.3", "PROS-9.9"],
            F.RATING: [None, "not_in_place"],
            F.VALUE: [np.nan, 0.0],
        }
    )
    both = pd.concat([answers, extra], ignore_index=True)
    pd.testing.assert_frame_equal(
        score_groups(QUESTIONS, both, METHOD), score_groups(QUESTIONS, answers, METHOD)
    )


def test_weights_come_from_the_method() -> None:
    weights = QUESTIONS.set_index(F.QUESTION_ID)[F.WEIGHT]
    assert weights["PROS-1.1"] == METHOD.weights["mandatory"]
    assert weights["PROS-1.2"] == METHOD.weights["consider"]
    assert weights["PROS-2.2"] == 4  # the question's own override


@settings(max_examples=30, deadline=None)
@given(st.lists(st.sampled_from(RATED_IDS), unique=True, min_size=1))
def test_all_fully_scores_100_and_all_not_in_place_scores_0(ids: list[str]) -> None:
    for rating, expected in ((Rating.FULLY, 100.0), (Rating.NOT_IN_PLACE, 0.0)):
        scores = _score(dict.fromkeys(ids, rating))
        scored = scores[scores[F.N_RATED] > 0]
        assert not scored.empty
        assert (scored[F.SCORE] == expected).all()
        assert scores.loc[scores[F.N_RATED] == 0, F.SCORE].isna().all()


def _same_scores(a: pd.DataFrame, b: pd.DataFrame) -> None:
    pd.testing.assert_series_equal(a[F.SCORE], b[F.SCORE], rtol=0, atol=1e-9)
    assert a[F.BAND].tolist() == b[F.BAND].tolist()


@settings(max_examples=40, deadline=None)
@given(ratings_maps)
def test_adding_not_applicable_never_changes_a_score(ratings: dict[str, Rating]) -> None:
    more = {**dict.fromkeys(RATED_IDS, Rating.NOT_APPLICABLE), **ratings}
    _same_scores(_score(ratings), _score(more))


@settings(max_examples=40, deadline=None)
@given(ratings_maps)
def test_unknown_never_changes_a_score_but_lowers_coverage(ratings: dict[str, Rating]) -> None:
    base = _score(ratings)
    unknown_for_unanswered = {**dict.fromkeys(RATED_IDS, Rating.UNKNOWN), **ratings}
    _same_scores(base, _score(unknown_for_unanswered))
    na_to_unknown = {
        q: Rating.UNKNOWN if r is Rating.NOT_APPLICABLE else r for q, r in ratings.items()
    }
    after = _score(na_to_unknown)
    _same_scores(base, after)
    changed = base[F.N_NA] > 0
    assert (after.loc[changed, F.COVERAGE] < base.loc[changed, F.COVERAGE]).all()
    assert (
        after.loc[~changed, F.COVERAGE].fillna(-1) == base.loc[~changed, F.COVERAGE].fillna(-1)
    ).all()


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(ratings_maps, min_size=1, max_size=5), st.randoms(use_true_random=False))
def test_answer_order_never_matters(maps: list[dict[str, Rating]], rnd: random.Random) -> None:
    assessments = [make_assessment(r, assessment_id=f"test-{i:04d}") for i, r in enumerate(maps)]
    answers = answers_frame(assessments, METHOD)
    shuffled = answers.iloc[rnd.sample(range(len(answers)), len(answers))]
    ids = [a.id for a in assessments]
    _same_scores(
        score_groups(QUESTIONS, answers, METHOD, assessment_ids=ids),
        score_groups(QUESTIONS, shuffled, METHOD, assessment_ids=ids),
    )


@settings(max_examples=30, deadline=None)
@given(st.lists(ratings_maps, min_size=1, max_size=6))
def test_many_assessments_in_one_call_equal_one_by_one(maps: list[dict[str, Rating]]) -> None:
    together = _score(*maps)
    for i, ratings in enumerate(maps):
        alone = _score(ratings, first=i)
        mine = together[together[F.ASSESSMENT_ID] == f"test-{i:04d}"].reset_index(drop=True)
        _same_scores(mine, alone)
        pd.testing.assert_frame_equal(
            mine.drop(columns=[F.SCORE, F.SUM_WEIGHT, F.SUM_WEIGHTED_VALUE]),
            alone.drop(columns=[F.SCORE, F.SUM_WEIGHT, F.SUM_WEIGHTED_VALUE]),
        )


@settings(max_examples=40, deadline=None)
@given(ratings_maps)
def test_gap_points_sum_to_weights_minus_weighted_values(ratings: dict[str, Rating]) -> None:
    assessment = make_assessment(ratings)
    answers = answers_frame([assessment], METHOD)
    joined = join_answers(QUESTIONS, answers, [assessment.id])
    rated = joined[joined[F.VALUE].notna()]
    expected = rated[F.WEIGHT].sum() - (rated[F.WEIGHT] * rated[F.VALUE]).sum()
    assert joined[F.GAP_POINTS].sum() == pytest.approx(expected)
    overall = _row(_score(ratings).assign(), "instrument", "tiny")
    assert overall[F.SUM_WEIGHT] - overall[F.SUM_WEIGHTED_VALUE] == pytest.approx(expected)


@settings(max_examples=40, deadline=None)
@given(ratings_maps)
def test_scores_and_coverage_stay_in_range(ratings: dict[str, Rating]) -> None:
    scores = _score(ratings)
    assert scores[F.SCORE].dropna().between(0, 100).all()
    assert scores[F.COVERAGE].dropna().between(0, 1).all()
    counted = scores[F.N_RATED] + scores[F.N_NA] + scores[F.N_UNKNOWN] + scores[F.N_UNANSWERED]
    assert (counted == scores[F.N_QUESTIONS]).all()
