"""Red flags: raised by answers or group scores, listed with their triggers, capping bands."""

from __future__ import annotations

import pytest

from assessment import frames as F
from assessment.red_flags import evaluate_flags
from assessment.results import Results, compute_results
from assessment.scoring import answers_frame, questions_frame, score_groups
from framework.loader import load_content
from framework.models import RedFlag
from tests.conftest import (
    build_tiny_instrument,
    load_method,
    make_assessment,
    make_bundle,
    make_flag,
)

METHOD = load_method()
INSTRUMENT = build_tiny_instrument()

LIABLE = make_flag(
    "RF-LIABLE", "prosecution", [{"question": "PROS-1.1", "ratings": ["not_in_place"]}]
)
IMBALANCE = make_flag(
    "RF-IMBALANCE",
    "prosecution",
    [
        {"group_kind": "pillar", "group_id": "prosecution", "min_score": 60},
        {"group_kind": "pillar", "group_id": "protection", "max_score": 29.99},
    ],
)
EITHER = make_flag(
    "RF-EITHER",
    "protection",
    [
        {"question": "PROT-1.1", "ratings": ["partially", "not_in_place"]},
        {"question": "PROT-1.2", "ratings": ["not_in_place"]},
    ],
    match="any",
    caps_band=False,
)
FLAGS = [LIABLE, IMBALANCE, EITHER]


def _results(ratings: dict[str, str], flags: list[RedFlag] = FLAGS) -> Results:
    return compute_results(make_bundle(INSTRUMENT, METHOD, flags), make_assessment(ratings))


def _raised(ratings: dict[str, str]) -> dict[str, list]:
    return {r.flag.id: list(r.triggers) for r in _results(ratings).red_flags}


STRONG_PROS = {"PROS-1.2": "fully", "PROS-1.3": "fully", "PROS-2.1": "fully", "PROS-2.2": "fully"}


def test_question_condition_raises_with_the_answer_that_raised_it() -> None:
    raised = _raised({"PROS-1.1": "not_in_place"})
    assert list(raised) == ["RF-LIABLE"]
    trigger = raised["RF-LIABLE"][0]
    assert (trigger.question_id, trigger.rating) == ("PROS-1.1", "not_in_place")


def test_flag_not_raised_by_other_ratings_unknown_or_unanswered() -> None:
    for rating in ("fully", "largely", "partially", "unknown", "not_applicable"):
        assert "RF-LIABLE" not in _raised({"PROS-1.1": rating})
    assert _raised({}) == {}


def test_all_conditions_needed_for_match_all() -> None:
    assert "RF-IMBALANCE" in _raised({**STRONG_PROS, "PROT-1.1": "not_in_place"})
    assert "RF-IMBALANCE" not in _raised({**STRONG_PROS, "PROT-1.1": "largely"})
    assert "RF-IMBALANCE" not in _raised({**STRONG_PROS})  # protection has no score: no flag


def test_any_condition_suffices_for_match_any() -> None:
    raised = _raised({"PROT-1.1": "fully", "PROT-1.2": "not_in_place"})
    assert [t.question_id for t in raised["RF-EITHER"]] == ["PROT-1.2"]
    both = _raised({"PROT-1.1": "partially", "PROT-1.2": "not_in_place"})
    assert [t.question_id for t in both["RF-EITHER"]] == ["PROT-1.1", "PROT-1.2"]


def test_group_trigger_reports_the_score() -> None:
    raised = _raised({**STRONG_PROS, "PROT-1.1": "not_in_place"})
    triggers = {(t.group_kind, t.group_id): t.score for t in raised["RF-IMBALANCE"]}
    assert triggers[("pillar", "protection")] == 0.0
    assert triggers[("pillar", "prosecution")] == pytest.approx(100.0)


def test_capping_flag_lowers_pillar_and_section_band_but_not_the_score() -> None:
    ratings = {**STRONG_PROS, "PROS-1.1": "not_in_place"}  # prosecution 7/10 -> moderate
    plain = _results(ratings, flags=[])
    flagged = _results(ratings)
    for kind, group in (("pillar", "prosecution"), ("section", "PROS")):
        before, after = plain.score_of(kind, group), flagged.score_of(kind, group)
        assert before[F.BAND] == "moderate" and not before[F.BAND_CAPPED]
        assert after[F.BAND] == METHOD.flag_band_cap and after[F.BAND_CAPPED]
        assert after[F.SCORE] == before[F.SCORE]
    area = flagged.score_of("area", "PROS-2")
    assert area[F.BAND] == "strong" and not area[F.BAND_CAPPED]  # only pillar and its table


def test_cap_never_raises_a_lower_band() -> None:
    flagged = _results({"PROS-1.1": "not_in_place"})
    row = flagged.score_of("pillar", "prosecution")
    assert row[F.BAND] == "critical" and not row[F.BAND_CAPPED]


def test_non_capping_flag_leaves_bands() -> None:
    flagged = _results({"PROT-1.1": "fully", "PROT-1.2": "not_in_place"}, flags=[EITHER])
    assert flagged.red_flags and not flagged.scores[F.BAND_CAPPED].any()


def test_flags_evaluated_for_many_assessments_at_once() -> None:
    assessments = [
        make_assessment({"PROS-1.1": r}, assessment_id=f"test-{i:04d}")
        for i, r in enumerate(["not_in_place", "fully", "not_in_place"])
    ]
    answers = answers_frame(assessments, METHOD)
    questions = questions_frame(INSTRUMENT, METHOD)
    scores = score_groups(questions, answers, METHOD, flags=FLAGS)
    triggers = evaluate_flags(FLAGS, answers, scores)
    assert sorted(set(triggers[F.ASSESSMENT_ID])) == ["test-0000", "test-0002"]
    capped = scores[scores[F.BAND_CAPPED]]
    assert set(capped[F.ASSESSMENT_ID]) <= {"test-0000", "test-0002"}


def test_shipped_red_flags_cite_existing_questions() -> None:
    bundle = load_content()
    ids = {f.id for f in bundle.red_flags}
    assert {"RF-BENEFIT", "RF-MIGRANT-LIABLE", "RF-NO-AGGRAVATION", "RF-PROSECUTION-ONLY"} <= ids
    questions = {q.id for i in bundle.instruments.values() for q in i.questions()}
    cited = {c.question for f in bundle.red_flags for c in f.conditions if c.question}
    assert cited <= questions
