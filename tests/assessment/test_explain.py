"""Explainable numbers: contributions add up to the score; the best changes are the right ones."""

from __future__ import annotations

import pytest

from assessment import frames as F
from assessment.explain import Explanation, explain_group
from assessment.results import compute_results
from tests.conftest import build_tiny_instrument, load_method, make_assessment, make_bundle

BUNDLE = make_bundle(build_tiny_instrument(), load_method())

RATINGS = {
    "PROS-1.1": "partially",  # mandatory w3
    "PROS-1.2": "partially",  # consider w2
    "PROS-1.3": "not_applicable",
    "PROS-2.2": "largely",  # good practice, weight override 4
    "PROT-1.1": "unknown",
    "PROT-1.2": "not_in_place",
}


def _explain(kind: str, group: str, ratings: dict[str, str] = RATINGS) -> Explanation:
    return explain_group(compute_results(BUNDLE, make_assessment(ratings)), kind, group)


def test_contributions_add_up_to_the_score() -> None:
    explanation = _explain("section", "PROS")
    contrib = explanation.contributions
    assert contrib[F.CONTRIBUTION].sum() == pytest.approx(explanation.score)
    assert (contrib[F.CONTRIBUTION] + contrib[F.LOST]).sum() == pytest.approx(100.0)
    assert contrib[F.QUESTION_ID].tolist() == [
        "PROS-1.1",
        "PROS-1.2",
        "PROS-1.3",
        "PROS-2.1",
        "PROS-2.2",
    ]


def test_top_three_changes_raise_the_band_most() -> None:
    # PROS = (3 x .3333 + 2 x .3333 + 4 x .6667) / 9 = 48.15 (weak). Each of PROS-1.1, PROS-1.2
    # and PROS-2.2 to "fully" reaches moderate (70.37, 62.96, 62.96); "largely" is not enough
    # for any of them. PROS-2.1 (unanswered, w1) to "fully" only reaches 53.3.
    explanation = _explain("section", "PROS")
    assert explanation.band == "weak"
    changes = [(c.question_id, c.from_rating, c.to_rating, c.new_band) for c in explanation.changes]
    assert changes == [
        ("PROS-1.1", "partially", "fully", "moderate"),
        ("PROS-1.2", "partially", "fully", "moderate"),
        ("PROS-2.2", "largely", "fully", "moderate"),
    ]
    assert explanation.changes[0].new_score == pytest.approx(70.371111, abs=1e-5)
    assert all(c.band_steps == 1 for c in explanation.changes)


def test_smallest_sufficient_step_is_proposed() -> None:
    # protection = (3 x .6667 + 2 x 0) / 5 = 40 (weak). PROT-1.2 to "largely" gives 66.67 and
    # to "fully" 80: both moderate, so the smaller step ("largely") is proposed. PROT-1.1 to
    # "fully" gives 60 (moderate too) but a smaller gain, so it comes second.
    explanation = _explain(
        "pillar", "protection", {"PROT-1.1": "largely", "PROT-1.2": "not_in_place"}
    )
    assert explanation.band == "weak"
    changes = [(c.question_id, c.to_rating, c.new_band, c.band_steps) for c in explanation.changes]
    assert changes == [
        ("PROT-1.2", "largely", "moderate", 1),
        ("PROT-1.1", "fully", "moderate", 1),
    ]


def test_largest_band_gain_beats_a_smaller_step() -> None:
    # area PROS-2: PROS-2.1 (w1) fully, PROS-2.2 (w4) not in place -> 20 (critical).
    # PROS-2.2 partially -> 46.7 weak; largely -> 73.3 moderate; fully -> 100 strong.
    explanation = _explain("area", "PROS-2", {"PROS-2.1": "fully", "PROS-2.2": "not_in_place"})
    assert [(c.question_id, c.to_rating, c.band_steps) for c in explanation.changes] == [
        ("PROS-2.2", "fully", 3)
    ]


def test_score_gain_ranks_changes_when_no_band_can_change() -> None:
    # All strong already; only score gains are left.
    ratings = dict.fromkeys(["PROS-1.1", "PROS-1.2", "PROS-1.3", "PROS-2.1"], "fully")
    explanation = _explain("section", "PROS", {**ratings, "PROS-2.2": "fully"})
    assert explanation.changes == []  # nothing to raise at 100
    explanation = _explain("section", "PROS", {**ratings, "PROS-2.2": "largely"})
    assert [(c.question_id, c.band_steps) for c in explanation.changes] == [("PROS-2.2", 0)]


def test_group_without_a_score_can_be_explained() -> None:
    explanation = _explain("section", "PROT", {})
    assert explanation.score is None and explanation.band is None
    assert explanation.changes[0].question_id == "PROT-1.1"  # the heavier question first
    assert explanation.changes[0].new_band == "strong"


def test_not_applicable_is_never_proposed() -> None:
    explanation = _explain("section", "PROS")
    assert all(c.question_id != "PROS-1.3" for c in explanation.changes)
    assert all(c.to_rating in {"fully", "largely", "partially"} for c in explanation.changes)
