"""Gap points, priority order, information gaps, resource relevance and the action-plan draft."""

from __future__ import annotations

from datetime import date

import pytest

from assessment import frames as F
from assessment.gaps import (
    actions_frame,
    draft_action_plan,
    information_gaps,
    join_answers,
    natural_key,
    not_applicable,
    ranked_gaps,
    resource_relevance,
)
from assessment.scoring import answers_frame, questions_frame
from tests.conftest import build_tiny_instrument, load_method, make_assessment

METHOD = load_method()
QUESTIONS = questions_frame(build_tiny_instrument(), METHOD)


def _joined(ratings: dict[str, str], **extra: dict) -> tuple:
    assessment = make_assessment(ratings, **extra)
    answers = answers_frame([assessment], METHOD)
    return join_answers(QUESTIONS, answers, [assessment.id]), assessment


def test_gap_points_are_weight_times_shortfall() -> None:
    joined, _ = _joined({"PROS-1.1": "partially", "PROS-1.3": "fully", "PROT-1.2": "unknown"})
    points = joined.set_index(F.QUESTION_ID)[F.GAP_POINTS]
    assert points["PROS-1.1"] == pytest.approx(3 * (1 - 0.3333))
    assert points["PROS-1.3"] == 0
    assert points.drop(["PROS-1.1", "PROS-1.3"]).isna().all()  # unknown/unanswered: no points


def test_priority_is_gap_points_then_obligation_then_id() -> None:
    # PROS-1.2 (consider, w2) and PROT-1.2 (consider, w2) tie at 2.0 gap points: id decides.
    # PROS-1.1 (mandatory, 3 x 0.6667 = 2.0001) leads; PROS-1.3 (optional, 1.0) vs PROS-2.1
    # (good practice, 1.0) tie on points: the obligation class decides.
    joined, _ = _joined(
        {
            "PROT-1.2": "not_in_place",
            "PROS-2.1": "not_in_place",
            "PROS-1.3": "not_in_place",
            "PROS-1.2": "not_in_place",
            "PROS-1.1": "partially",
            "PROT-1.1": "fully",
        }
    )
    gaps = ranked_gaps(joined)
    assert gaps[F.QUESTION_ID].tolist() == [
        "PROS-1.1",
        "PROS-1.2",
        "PROT-1.2",
        "PROS-1.3",
        "PROS-2.1",
    ]
    assert gaps[F.RANK].tolist() == [1, 2, 3, 4, 5]


def test_natural_id_order() -> None:
    assert sorted(["PROS-1.10", "PROS-1.2", "PROS-1.1"], key=natural_key) == [
        "PROS-1.1",
        "PROS-1.2",
        "PROS-1.10",
    ]


def test_information_gap_register_lists_unknown_with_agency() -> None:
    joined, _ = _joined(
        {"PROS-1.1": "unknown", "PROT-1.2": "unknown", "PROS-1.2": "not_in_place"},
        **{"PROS-1.1": {"agency": "prosecution", "sources": "case management system"}},
    )
    register = information_gaps(joined)
    assert register[F.QUESTION_ID].tolist() == ["PROS-1.1", "PROT-1.2"]
    assert register[F.INFO_GAP].tolist() == [3.0, 2.0]
    assert register.iloc[0][F.AGENCY] == "prosecution"
    assert register.iloc[0][F.SOURCES] == "case management system"


def test_not_applicable_lists_justifications() -> None:
    joined, _ = _joined(
        {"PROS-1.3": "not_applicable"}, **{"PROS-1.3": {"justification": "No coastline"}}
    )
    rows = not_applicable(joined)
    assert rows[[F.QUESTION_ID, F.JUSTIFICATION]].values.tolist() == [["PROS-1.3", "No coastline"]]


def test_resource_relevance_sums_gap_points_of_citing_questions() -> None:
    # toolkit/tool-5 is cited by PROS-1.1 (gap 3) and PROS-1.2 (gap 2); model_law by PROS-1.2
    # and PROT-1.1 (gap 3 x 0.3333); toolkit/tool-7 by PROS-1.3 (fully: no gap).
    joined, _ = _joined(
        {"PROS-1.1": "not_in_place", "PROS-1.2": "not_in_place", "PROS-1.3": "fully"}
        | {"PROT-1.1": "largely"}
    )
    res = resource_relevance(ranked_gaps(joined))
    rows = {(r[F.RESOURCE_ID], r[F.PART_ID]): r for _, r in res.iterrows()}
    assert rows[("toolkit", None)][F.RELEVANCE] == pytest.approx(5.0)
    assert rows[("toolkit", None)][F.QUESTION_IDS] == ["PROS-1.1", "PROS-1.2"]
    assert rows[("toolkit", "tool-5")][F.RELEVANCE] == pytest.approx(5.0)
    assert ("toolkit", "tool-7") not in rows
    assert rows[("model_law", None)][F.RELEVANCE] == pytest.approx(2 + 3 * (1 - 0.6667))
    assert res[F.RESOURCE_ID].tolist() == ["toolkit", "toolkit", "model_law"]
    assert res[F.RANK].tolist() == [1, 1, 2]


def test_no_gaps_no_resources() -> None:
    joined, _ = _joined({"PROS-1.1": "fully"})
    assert resource_relevance(ranked_gaps(joined)).empty


def test_action_plan_drafts_gaps_above_threshold_and_keeps_saved_items() -> None:
    joined, assessment = _joined(
        {"PROS-1.1": "not_in_place", "PROS-1.3": "partially", "PROT-1.1": "fully"},
        actions={
            "PROS-1.1": {"status": "in_progress", "target_date": date(2027, 6, 30)},
            "PROT-1.1": {"note": "keep monitoring"},
        },
        **{"PROS-1.1": {"agency": "justice_ministry"}},
    )
    plan = draft_action_plan(joined, actions_frame([assessment]), threshold=1.0)
    assert plan[F.QUESTION_ID].tolist() == ["PROS-1.1", "PROT-1.1"]  # PROS-1.3: 0.67 < 1
    first, kept = plan.iloc[0], plan.iloc[1]
    assert first[F.STATUS] == "in_progress"
    assert first[F.TARGET_DATE] == date(2027, 6, 30)
    assert first[F.AGENCY] == "justice_ministry"  # from the answer: the item names none
    assert first[F.RESOURCES] == ["toolkit/tool-5"]
    assert bool(first[F.SAVED]) and bool(first[F.IS_GAP])
    assert kept[F.NOTE] == "keep monitoring"
    assert bool(kept[F.SAVED]) and not bool(kept[F.IS_GAP])


def test_draft_priority_follows_gap_points() -> None:
    joined, assessment = _joined(
        {"PROS-1.1": "not_in_place", "PROS-1.2": "partially", "PROS-2.2": "largely"}
    )
    plan = draft_action_plan(joined, actions_frame([assessment]), threshold=0.5)
    priorities = dict(zip(plan[F.QUESTION_ID], plan[F.PRIORITY], strict=True))
    assert priorities == {"PROS-1.1": "high", "PROS-1.2": "medium", "PROS-2.2": "medium"}
    assert not plan[F.SAVED].any()
    assert (plan[F.STATUS] == "planned").all()
