"""The fictional demo assessments load, answer every question, and score."""

from __future__ import annotations

import copy

import pytest

from assessment import demo
from assessment import frames as F
from assessment.demo import DemoDataError, available_demos, demo_assessment, demo_assessments
from assessment.models import Assessment
from assessment.results import compute_results
from framework.loader import ContentBundle, load_content
from framework.models import QuestionKind, Rating


@pytest.fixture(scope="module")
def bundle() -> ContentBundle:
    return load_content()


def test_demo_files_are_registered() -> None:
    assert available_demos() == [("guide", "baseline"), ("ifa", "baseline"), ("ifa", "followup")]


@pytest.mark.parametrize(("instrument_id", "round_label"), available_demos())
def test_demo_answers_every_question_and_is_fictional(
    bundle: ContentBundle, instrument_id: str, round_label: str
) -> None:
    assessment = demo_assessment(bundle, instrument_id, round_label)
    instrument = bundle.instruments[instrument_id]
    assert assessment.fictional and "fictional" in assessment.title
    assert assessment.country == "XVL"
    assert assessment.instrument_version == instrument.version
    assert set(assessment.answers) == {q.id for q in instrument.questions()}
    for question in instrument.questions():
        answer = assessment.answers[question.id]
        if question.kind is QuestionKind.INFO:
            assert answer.value is not None and answer.rating is None
        else:
            assert answer.rating is not None


@pytest.mark.parametrize(("instrument_id", "round_label"), available_demos())
def test_demo_has_a_realistic_mix(
    bundle: ContentBundle, instrument_id: str, round_label: str
) -> None:
    assessment = demo_assessment(bundle, instrument_id, round_label)
    ratings = [a.rating for a in assessment.answers.values() if a.rating]
    assert set(ratings) == set(Rating)
    for answer in assessment.answers.values():
        if answer.rating is Rating.UNKNOWN:
            assert answer.agency, answer.question_id  # who to ask
        if answer.rating is Rating.NOT_APPLICABLE:
            assert answer.justification.strip()
    assert assessment.actions


def test_demo_scores_with_flags(bundle: ContentBundle) -> None:
    results = compute_results(bundle, demo_assessment(bundle))
    assert results.scores[F.SCORE].notna().all()
    assert not results.scores[F.PROVISIONAL].any()
    assert {f.flag.id for f in results.red_flags} == {"RF-MIGRANT-LIABLE", "RF-NO-AGGRAVATION"}
    assert results.score_of("pillar", "prosecution")[F.BAND_CAPPED]


def test_followup_changes_ratings_both_ways(bundle: ContentBundle) -> None:
    base = demo_assessment(bundle, "ifa", "baseline")
    follow = demo_assessment(bundle, "ifa", "followup")
    assert follow.id != base.id and follow.round_label != base.round_label
    values = {r.id: r.value for r in bundle.method.ratings}

    def value(a: Assessment, qid: str) -> float | None:
        rating = a.answers[qid].rating
        return values.get(rating) if rating else None

    changed = [q for q in base.answers if base.answers[q].rating != follow.answers[q].rating]
    better = [q for q in changed if (value(follow, q) or 0) > (value(base, q) or 0)]
    worse = [q for q in changed if (value(follow, q) or 0) < (value(base, q) or 0)]
    assert len(better) >= 5 and len(worse) >= 2
    flags = {f.flag.id for f in compute_results(bundle, follow).red_flags}
    assert "RF-NO-AGGRAVATION" not in flags


def test_unknown_question_id_fails_loudly(
    bundle: ContentBundle, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = copy.deepcopy(demo.demo_data("ifa", "baseline"))
    data["answers"]["PROS-9.9"] = {"rating": "fully"}
    monkeypatch.setattr(demo, "demo_data", lambda *_: data)
    with pytest.raises(DemoDataError, match=r"PROS-9\.9"):
        demo_assessment(bundle)


def test_invalid_info_value_fails_loudly(
    bundle: ContentBundle, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = copy.deepcopy(demo.demo_data("ifa", "baseline"))
    data["answers"]["PROS-1.20"] = {"value": "long ago"}
    monkeypatch.setattr(demo, "demo_data", lambda *_: data)
    with pytest.raises(DemoDataError, match=r"PROS-1\.20"):
        demo_assessment(bundle)


def test_all_demos_load_for_first_start(bundle: ContentBundle) -> None:
    assert len(demo_assessments(bundle)) == len(available_demos())
