"""Gaps, information gaps, resource relevance and the draft action plan (DESIGN section 3).

All functions take the joined frame of ``join_answers`` (one row per assessment x question)
and work on any number of assessments at once.

- Gap points of a rated question = w x (1 - v); an Unknown answer carries an information gap
  of w (never gap points: Unknown is not "Not in place").
- Priority order: gap points (largest first), then obligation class (mandatory, consider,
  optional, good practice), then question id in natural order (``PROS-1.2`` before
  ``PROS-1.10``).
- A resource's relevance = sum of the gap points of the questions citing it (each question
  once per resource, even when it cites several parts); each part gets the same sum over the
  questions citing that part.
- Draft action plan: one row per gap with gap points >= a threshold (default
  ``DEFAULT_ACTION_THRESHOLD``: at least one full weight point missing, e.g. a mandatory
  measure only "largely" in place), merged with the saved ``ActionItem`` rows.

Imports: pandas, numpy and our models only (house-style 8.3 rule 5).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import groupby

import numpy as np
import pandas as pd

from assessment import frames as F
from assessment.models import ActionStatus, Assessment, Priority
from framework.models import Obligation, Rating

DEFAULT_ACTION_THRESHOLD = 1.0
"""Gap points from which a gap gets a draft action (one full weight point missing)."""

HIGH_PRIORITY_GAP = 2.0
"""Gap points from which a draft action is high priority: a mandatory measure at most
partially in place, or a "consider" measure not in place at all."""

OBLIGATION_RANK = {o.value: i for i, o in enumerate(Obligation)}

_ANSWER_COLUMNS = [
    F.RATING,
    F.VALUE,
    F.INFO_VALUE,
    F.EVIDENCE,
    F.SOURCES,
    F.AGENCY,
    F.COMMENT,
    F.JUSTIFICATION,
]


def natural_key(question_id: str) -> tuple[object, ...]:
    """Sort key that puts ``PROS-1.2`` before ``PROS-1.10``."""
    runs = ("".join(run) for _, run in groupby(question_id, key=str.isdigit))
    return tuple(int(run) if run.isdigit() else run for run in runs)


def join_answers(
    questions: pd.DataFrame, answers: pd.DataFrame, assessment_ids: Sequence[str]
) -> pd.DataFrame:
    """One row per assessment x question (unanswered rows too), with gap points and info gaps."""
    grid = pd.DataFrame({F.ASSESSMENT_ID: list(assessment_ids)}).merge(questions, how="cross")
    keys = [F.ASSESSMENT_ID, F.QUESTION_ID]
    known = answers[[*keys, *_ANSWER_COLUMNS]].astype(dict.fromkeys([*keys, F.RATING], object))
    joined = grid.merge(known, on=[F.ASSESSMENT_ID, F.QUESTION_ID], how="left")
    joined[F.RATING] = joined[F.RATING].astype(object).where(joined[F.RATING].notna(), None)
    for column in (F.AGENCY, F.INFO_VALUE):
        joined[column] = joined[column].astype(object).where(joined[column].notna(), None)
    text = [F.EVIDENCE, F.SOURCES, F.COMMENT, F.JUSTIFICATION]
    joined[text] = joined[text].fillna("")
    weight, value = joined[F.WEIGHT], joined[F.VALUE].astype(float)
    ids = sorted(pd.unique(questions[F.QUESTION_ID]), key=natural_key)
    return joined.assign(
        **{
            F.VALUE: value,
            F.GAP_POINTS: weight * (1.0 - value),
            F.INFO_GAP: weight.where(joined[F.RATING] == Rating.UNKNOWN.value, 0.0),
            F.OBLIGATION_ORDER: joined[F.OBLIGATION].map(OBLIGATION_RANK),
            F.ID_ORDER: joined[F.QUESTION_ID].map({q: i for i, q in enumerate(ids)}),
        }
    )


GAP_COLUMNS = [
    F.ASSESSMENT_ID,
    F.RANK,
    F.QUESTION_ID,
    F.SECTION_ID,
    F.AREA_ID,
    F.PILLAR,
    F.DIMENSION,
    F.OBLIGATION,
    F.WEIGHT,
    F.RATING,
    F.VALUE,
    F.GAP_POINTS,
    F.RESOURCES,
    F.AGENCY,
]


def _ranked(frame: pd.DataFrame, points: str) -> pd.DataFrame:
    """Priority order of DESIGN 3 within each assessment, with RANK 1..n."""
    ordered = frame.sort_values(
        [F.ASSESSMENT_ID, points, F.OBLIGATION_ORDER, F.ID_ORDER],
        ascending=[True, False, True, True],
        ignore_index=True,
    )
    return ordered.assign(**{F.RANK: ordered.groupby(F.ASSESSMENT_ID).cumcount() + 1})


def ranked_gaps(joined: pd.DataFrame) -> pd.DataFrame:
    """Rated questions with gap points > 0, in priority order (DESIGN 3)."""
    return _ranked(joined[joined[F.GAP_POINTS] > 0], F.GAP_POINTS)[GAP_COLUMNS]


def information_gaps(joined: pd.DataFrame) -> pd.DataFrame:
    """The information-gap register: Unknown answers, with the agency or source to ask."""
    unknown = joined[joined[F.RATING] == Rating.UNKNOWN.value]
    columns = [F.ASSESSMENT_ID, F.RANK, F.QUESTION_ID, F.SECTION_ID, F.AREA_ID, F.PILLAR]
    columns += [F.OBLIGATION, F.WEIGHT, F.INFO_GAP, F.AGENCY, F.SOURCES, F.COMMENT]
    return _ranked(unknown, F.INFO_GAP)[columns]


def not_applicable(joined: pd.DataFrame) -> pd.DataFrame:
    """N/A answers with their justification, in instrument order, for reviewers to challenge."""
    rows = joined[joined[F.RATING] == Rating.NOT_APPLICABLE.value]
    columns = [F.ASSESSMENT_ID, F.QUESTION_ID, F.SECTION_ID, F.AREA_ID, F.PILLAR, F.OBLIGATION]
    columns += [F.WEIGHT, F.JUSTIFICATION, F.AGENCY]
    return rows.sort_values([F.ASSESSMENT_ID, F.ORDER], ignore_index=True)[columns]


RESOURCE_COLUMNS = [
    F.ASSESSMENT_ID,
    F.RANK,
    F.RESOURCE_ID,
    F.PART_ID,
    F.RELEVANCE,
    F.QUESTION_IDS,
]


def _relevance(cited: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Sum of gap points and the citing question ids (priority order) per ``keys``."""
    return (
        cited.drop_duplicates([*keys, F.QUESTION_ID])
        .groupby(keys, sort=False)
        .agg(**{F.RELEVANCE: (F.GAP_POINTS, "sum"), F.QUESTION_IDS: (F.QUESTION_ID, list)})
        .reset_index()
    )


def resource_relevance(gaps: pd.DataFrame) -> pd.DataFrame:
    """Resources (and their parts) ranked by the gap points of the gaps that cite them.

    ``gaps`` is a ``ranked_gaps`` frame. Rows: each resource (PART_ID None), followed by its
    cited parts; RANK is the resource's rank, shared by its parts.
    """
    cited = gaps[[F.ASSESSMENT_ID, F.RANK, F.QUESTION_ID, F.GAP_POINTS, F.RESOURCES]].explode(
        F.RESOURCES
    )
    cited = cited[cited[F.RESOURCES].notna()]
    if cited.empty:
        return pd.DataFrame(columns=RESOURCE_COLUMNS)
    split = cited[F.RESOURCES].str.partition("/")
    cited = cited.assign(
        **{F.RESOURCE_ID: split[0], F.PART_ID: split[2].replace("", None)}
    ).sort_values([F.ASSESSMENT_ID, F.RANK])
    whole = _relevance(cited, [F.ASSESSMENT_ID, F.RESOURCE_ID]).assign(**{F.PART_ID: None})
    whole = whole.sort_values(
        [F.ASSESSMENT_ID, F.RELEVANCE, F.RESOURCE_ID], ascending=[True, False, True]
    )
    whole[F.RANK] = whole.groupby(F.ASSESSMENT_ID).cumcount() + 1
    parts = _relevance(cited[cited[F.PART_ID].notna()], [F.ASSESSMENT_ID, F.RESOURCE_ID, F.PART_ID])
    parts = parts.merge(whole[[F.ASSESSMENT_ID, F.RESOURCE_ID, F.RANK]], how="left")
    return (
        pd.concat([whole.assign(_part=0), parts.assign(_part=1)], ignore_index=True)
        .sort_values(
            [F.ASSESSMENT_ID, F.RANK, "_part", F.RELEVANCE, F.PART_ID],
            ascending=[True, True, True, False, True],
            ignore_index=True,
        )
        .astype({F.PART_ID: object})[RESOURCE_COLUMNS]
    )


ACTION_COLUMNS = [F.ASSESSMENT_ID, F.QUESTION_ID, F.AGENCY, F.PRIORITY, F.TARGET_DATE]
ACTION_COLUMNS += [F.STATUS, F.NOTE, F.REVISION]


def actions_frame(assessments: Iterable[Assessment]) -> pd.DataFrame:
    """The saved action items of the assessments, one row each."""
    rows = [
        (
            a.id,
            i.question_id,
            i.agency,
            i.priority.value,
            i.target_date,
            i.status.value,
            i.note,
            i.revision,
        )
        for a in assessments
        for i in a.actions.values()
    ]
    return pd.DataFrame(rows, columns=ACTION_COLUMNS)


PLAN_COLUMNS = [
    F.ASSESSMENT_ID,
    F.RANK,
    F.QUESTION_ID,
    F.SECTION_ID,
    F.AREA_ID,
    F.PILLAR,
    F.OBLIGATION,
    F.RATING,
    F.GAP_POINTS,
    F.RESOURCES,
    F.AGENCY,
    F.PRIORITY,
    F.TARGET_DATE,
    F.STATUS,
    F.NOTE,
    F.SAVED,
    F.IS_GAP,
]


def draft_priority(gap_points: pd.Series) -> pd.Series:
    """High from ``HIGH_PRIORITY_GAP`` gap points, medium from the action threshold, else low."""
    levels = np.select(
        [gap_points >= HIGH_PRIORITY_GAP, gap_points >= DEFAULT_ACTION_THRESHOLD],
        [Priority.HIGH.value, Priority.MEDIUM.value],
        default=Priority.LOW.value,
    )
    return pd.Series(levels, index=gap_points.index, dtype=object)


def draft_action_plan(
    joined: pd.DataFrame,
    actions: pd.DataFrame,
    threshold: float = DEFAULT_ACTION_THRESHOLD,
) -> pd.DataFrame:
    """Draft rows for gaps >= ``threshold``, overlaid with the saved action items.

    A saved item wins over the draft for agency, priority, target date, status and note. A
    saved item whose question is no longer a gap above the threshold stays in the plan
    (``IS_GAP`` False): closing a gap should not silently delete someone's plan.
    """
    gaps = ranked_gaps(joined)
    draft = gaps[gaps[F.GAP_POINTS] >= threshold]
    keys = [F.ASSESSMENT_ID, F.QUESTION_ID]
    saved = actions.merge(joined[keys], on=keys)  # items of questions the instrument holds
    rows = pd.concat([draft[keys], saved[keys]]).drop_duplicates()
    plan = rows.merge(joined.drop(columns=[F.RANK], errors="ignore"), on=keys, how="left")
    plan = plan.merge(gaps[[*keys, F.RANK]], on=keys, how="left")
    plan = plan.merge(saved.rename(columns={F.AGENCY: "_agency"}), on=keys, how="left")
    is_saved = plan[F.REVISION].notna()
    gap_points = plan[F.GAP_POINTS].fillna(0.0)
    return (
        plan.assign(
            **{
                F.AGENCY: plan["_agency"].where(plan["_agency"].notna(), plan[F.AGENCY]),
                F.PRIORITY: plan[F.PRIORITY].where(is_saved, draft_priority(gap_points)),
                F.TARGET_DATE: plan[F.TARGET_DATE].where(is_saved, None),
                F.STATUS: plan[F.STATUS].where(is_saved, ActionStatus.PLANNED.value),
                F.NOTE: plan[F.NOTE].where(is_saved, ""),
                F.SAVED: is_saved,
                F.IS_GAP: gap_points >= threshold,
            }
        )
        .sort_values([F.ASSESSMENT_ID, F.RANK, F.ORDER], ignore_index=True, na_position="last")[
            PLAN_COLUMNS
        ]
        .astype({F.RANK: "Int64"})
    )
