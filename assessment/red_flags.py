"""Red flags: Protocol consistency rules (``framework/data/red_flags.yaml``) applied to answers.

A flag is raised for an assessment when all (``match: all``) or any (``match: any``) of its
conditions hold: a question answered with one of the listed ratings, or a group's score inside
a range. A raised flag with ``caps_band`` lowers its pillar's band (and the band of a section
that declares that pillar, such as a Framework table) to ``method.flag_band_cap`` at best; the
numeric score is never changed (DESIGN 3, stated in ``method.yaml``).

Evaluation is two joins (answers x question conditions, scores x group conditions), so it runs
over many assessments at once like the scoring does. Unanswered and Unknown answers never raise
a flag unless a rule lists Unknown on purpose: an absent answer is not evidence of a breach.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from assessment import frames as F
from framework.models import Method, RedFlag

MATCH = "match"
N_CONDITIONS = "n_conditions"

TRIGGER_COLUMNS = [
    F.ASSESSMENT_ID,
    F.FLAG_ID,
    F.CONDITION,
    F.QUESTION_ID,
    F.RATING,
    F.GROUP_KIND,
    F.GROUP_ID,
    F.SCORE,
]


@dataclass(frozen=True)
class Trigger:
    """One condition that held: an answer (question + rating) or a group score."""

    question_id: str | None = None
    rating: str | None = None
    group_kind: str | None = None
    group_id: str | None = None
    score: float | None = None


@dataclass(frozen=True)
class RaisedFlag:
    """A red flag raised in one assessment, with the answers or scores that raised it."""

    flag: RedFlag
    assessment_id: str
    triggers: tuple[Trigger, ...]

    @property
    def caps_band(self) -> bool:
        return self.flag.caps_band


def conditions_frame(flags: Sequence[RedFlag]) -> pd.DataFrame:
    """One row per condition (question conditions: one row per listed rating)."""
    rows = [
        {
            F.FLAG_ID: flag.id,
            F.CONDITION: i,
            F.QUESTION_ID: cond.question,
            F.RATING: [r.value for r in cond.ratings] or [None],
            F.GROUP_KIND: cond.group_kind,
            F.GROUP_ID: cond.group_id,
            F.MIN_SCORE: -math.inf if cond.min_score is None else cond.min_score,
            F.MAX_SCORE: math.inf if cond.max_score is None else cond.max_score,
        }
        for flag in flags
        for i, cond in enumerate(flag.conditions)
    ]
    columns = [F.FLAG_ID, F.CONDITION, F.QUESTION_ID, F.RATING, F.GROUP_KIND, F.GROUP_ID]
    return pd.DataFrame(rows, columns=[*columns, F.MIN_SCORE, F.MAX_SCORE]).explode(F.RATING)


def _met_conditions(
    conditions: pd.DataFrame, answers: pd.DataFrame, scores: pd.DataFrame
) -> pd.DataFrame:
    """Every (assessment, flag, condition) that holds, with what made it hold."""
    on_question = conditions[conditions[F.QUESTION_ID].notna()]
    by_answer = on_question[[F.FLAG_ID, F.CONDITION, F.QUESTION_ID, F.RATING]].merge(
        answers[[F.ASSESSMENT_ID, F.QUESTION_ID, F.RATING]].astype(object),
        on=[F.QUESTION_ID, F.RATING],
    )
    on_group = conditions[conditions[F.GROUP_KIND].notna()].drop(columns=[F.RATING])
    by_score = on_group.drop(columns=[F.QUESTION_ID]).merge(
        scores[[F.ASSESSMENT_ID, F.GROUP_KIND, F.GROUP_ID, F.SCORE]],
        on=[F.GROUP_KIND, F.GROUP_ID],
    )
    in_range = by_score[F.SCORE].between(by_score[F.MIN_SCORE], by_score[F.MAX_SCORE])
    by_score = by_score[in_range]
    parts = [p.reindex(columns=TRIGGER_COLUMNS) for p in (by_answer, by_score) if not p.empty]
    if not parts:
        return pd.DataFrame(columns=TRIGGER_COLUMNS)
    return pd.concat(parts, ignore_index=True).astype({F.SCORE: float})


def evaluate_flags(
    flags: Sequence[RedFlag], answers: pd.DataFrame, scores: pd.DataFrame
) -> pd.DataFrame:
    """The triggers of every raised flag of every assessment (TRIGGER_COLUMNS).

    ``scores`` is a ``score_groups`` frame; a group without a score meets no score condition.
    """
    if not flags:
        return pd.DataFrame(columns=TRIGGER_COLUMNS)
    met = _met_conditions(conditions_frame(flags), answers, scores)
    rules = pd.DataFrame(
        {
            F.FLAG_ID: [f.id for f in flags],
            MATCH: [f.match for f in flags],
            N_CONDITIONS: [len(f.conditions) for f in flags],
        }
    )
    counted = (
        met.groupby([F.ASSESSMENT_ID, F.FLAG_ID])[F.CONDITION]
        .nunique()
        .rename("n_met")
        .reset_index()
        .merge(rules, on=F.FLAG_ID)
    )
    raised = counted[(counted[MATCH] == "any") | (counted["n_met"] == counted[N_CONDITIONS])]
    keys = raised[[F.ASSESSMENT_ID, F.FLAG_ID]]
    return met.merge(keys, on=[F.ASSESSMENT_ID, F.FLAG_ID]).sort_values(
        [F.ASSESSMENT_ID, F.FLAG_ID, F.CONDITION, F.QUESTION_ID], ignore_index=True
    )


def cap_bands(
    scores: pd.DataFrame,
    triggers: pd.DataFrame,
    flags: Sequence[RedFlag],
    questions: pd.DataFrame,
    method: Method,
) -> pd.DataFrame:
    """Lower the band of each capped pillar (and its declared section) to the method's cap."""
    capping = {f.id: f.pillar.value for f in flags if f.caps_band}
    raised = triggers[[F.ASSESSMENT_ID, F.FLAG_ID]].drop_duplicates()
    raised = raised[raised[F.FLAG_ID].isin(capping)]
    if raised.empty:
        return scores
    pillars = raised.assign(**{F.PILLAR: raised[F.FLAG_ID].map(capping)})
    sections = questions[[F.SECTION_ID, F.SECTION_PILLAR]].drop_duplicates().dropna()
    targets = pd.concat(
        [
            pillars.assign(**{F.GROUP_KIND: "pillar", F.GROUP_ID: pillars[F.PILLAR]}),
            pillars.merge(sections, left_on=F.PILLAR, right_on=F.SECTION_PILLAR)
            .assign(**{F.GROUP_KIND: "section"})[[F.ASSESSMENT_ID, F.SECTION_ID, F.GROUP_KIND]]
            .rename(columns={F.SECTION_ID: F.GROUP_ID}),
        ]
    )[[F.ASSESSMENT_ID, F.GROUP_KIND, F.GROUP_ID]].drop_duplicates()
    keys = pd.MultiIndex.from_frame(targets)
    hit = pd.MultiIndex.from_frame(scores[[F.ASSESSMENT_ID, F.GROUP_KIND, F.GROUP_ID]]).isin(keys)
    rank = {b.id: b.minimum for b in method.bands}
    above = scores[F.BAND].map(rank).astype(float) > rank[method.flag_band_cap]
    capped = hit & above.to_numpy()
    return scores.assign(
        **{
            F.BAND: np.where(capped, method.flag_band_cap, scores[F.BAND]),
            F.BAND_CAPPED: capped,
        }
    )


def apply_flags(
    scores: pd.DataFrame,
    questions: pd.DataFrame,
    answers: pd.DataFrame,
    flags: Sequence[RedFlag],
    method: Method,
) -> pd.DataFrame:
    """``scores`` with the bands capped by the flags each assessment raises."""
    return cap_bands(scores, evaluate_flags(flags, answers, scores), flags, questions, method)


def _trigger(row: pd.Series) -> Trigger:
    def text(name: str) -> str | None:
        value = row[name]
        return None if value is None or (isinstance(value, float) and math.isnan(value)) else value

    score = row[F.SCORE]
    return Trigger(
        question_id=text(F.QUESTION_ID),
        rating=text(F.RATING),
        group_kind=text(F.GROUP_KIND),
        group_id=text(F.GROUP_ID),
        score=None if pd.isna(score) else float(score),
    )


def raised_flags(
    triggers: pd.DataFrame, flags: Sequence[RedFlag], assessment_id: str
) -> list[RaisedFlag]:
    """The flags one assessment raises, in the order of the red-flag file."""
    mine = triggers[triggers[F.ASSESSMENT_ID] == assessment_id]
    by_flag = dict(list(mine.groupby(F.FLAG_ID)))
    return [
        RaisedFlag(
            flag=flag,
            assessment_id=assessment_id,
            triggers=tuple(_trigger(row) for _, row in by_flag[flag.id].iterrows()),
        )
        for flag in flags
        if flag.id in by_flag
    ]
