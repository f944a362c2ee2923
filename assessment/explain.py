"""Explainable numbers: trace any group's score to its answers, and show what would raise it.

DESIGN 3 says every score can be traced to its answers and weights, with the changes that would
raise its band most. ``explain_group(results, kind, id)`` returns:

- ``contributions``: the group's rated-kind questions with rating, value, weight and the score
  points each adds (``CONTRIBUTION`` = 100 x w x v / sum(w); they sum to the score) or costs
  (``LOST`` = 100 x w x (1 - v) / sum(w));
- ``changes``: the ``top`` single-answer changes that raise the band the most, or, where no
  single answer can change the band, the score the most. For each question the smallest rating
  that achieves its largest band gain is proposed (a realistic step, not always "Fully").

Changes never propose "Not applicable" (that is a finding about the country, not an
improvement) and ignore a red-flag band cap (the cap is lifted by resolving the flag, which the
flag's own explanation covers; ``Explanation.band_capped`` says when it applies).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from assessment import frames as F
from assessment.results import Results
from assessment.scoring import band_ids, rating_values

NEW_RATING = "new_rating"
NEW_SCORE = "new_score"
NEW_BAND = "new_band"
SCORE_GAIN = "score_gain"
BAND_STEPS = "band_steps"


@dataclass(frozen=True)
class Change:
    """One answer changed: from its current rating (None = unanswered) to ``to_rating``."""

    question_id: str
    from_rating: str | None
    to_rating: str
    new_score: float
    new_band: str
    score_gain: float
    band_steps: int


@dataclass(frozen=True)
class Explanation:
    """Why a group scores what it does, and what would raise it."""

    group_kind: str
    group_id: str
    score: float | None
    band: str | None
    band_capped: bool
    coverage: float | None
    contributions: pd.DataFrame
    changes: list[Change]


def _group_questions(results: Results, group_kind: str, group_id: str) -> pd.DataFrame:
    column = F.GROUP_COLUMNS[group_kind]
    q = results.questions
    return q[(q[column] == group_id) & (q[F.KIND] == "rated")].reset_index(drop=True)


def contributions(questions: pd.DataFrame) -> pd.DataFrame:
    """Score points each question adds to (and costs) its group; NaN unless rated."""
    rated_weight = questions[F.WEIGHT].where(questions[F.VALUE].notna(), 0.0)
    total = rated_weight.sum()
    scale = 100.0 / total if total > 0 else np.nan
    columns = [F.QUESTION_ID, F.OBLIGATION, F.WEIGHT, F.RATING, F.VALUE, F.GAP_POINTS]
    return questions[columns].assign(
        **{
            F.CONTRIBUTION: questions[F.WEIGHT] * questions[F.VALUE] * scale,
            F.LOST: questions[F.GAP_POINTS] * scale,
        }
    )


def _candidates(questions: pd.DataFrame, results: Results) -> pd.DataFrame:
    """Every (question, better rating) pair with the group's score if only that answer changed."""
    levels = pd.DataFrame(list(rating_values(results.method).items()), columns=[NEW_RATING, "v"])
    open_ = questions[questions[F.RATING] != "not_applicable"]
    pairs = open_.merge(levels, how="cross")
    current = pairs[F.VALUE].fillna(-1.0)
    pairs = pairs[pairs["v"] > current]
    sum_w = questions[F.WEIGHT].where(questions[F.VALUE].notna(), 0.0).sum()
    sum_wv = (questions[F.WEIGHT] * questions[F.VALUE]).sum()
    w, v_old = pairs[F.WEIGHT], pairs[F.VALUE]
    new_w = sum_w - w.where(v_old.notna(), 0.0) + w
    new_wv = sum_wv - (w * v_old).fillna(0.0) + w * pairs["v"]
    return pairs.assign(**{NEW_SCORE: (100.0 * new_wv / new_w).round(9)})


def _band_order(results: Results) -> dict[str, int]:
    """Band id -> rank, lowest band 0; no band (no score) is -1."""
    return {b.id: i for i, b in enumerate(sorted(results.method.bands, key=lambda b: b.minimum))}


def best_changes(
    questions: pd.DataFrame, score: float | None, results: Results, top: int = 3
) -> list[Change]:
    """The ``top`` single-answer changes that raise the band most, then the score most."""
    pairs = _candidates(questions, results)
    current = -1.0 if score is None or np.isnan(score) else score
    pairs = pairs[pairs[NEW_SCORE] > current]
    if pairs.empty:
        return []
    order = _band_order(results)
    band_now = results.method.band_for(score if current >= 0 else None)
    bands = band_ids(pairs[NEW_SCORE], results.method)
    pairs = pairs.assign(
        **{
            NEW_BAND: bands,
            BAND_STEPS: bands.map(order) - (order[band_now.id] if band_now else -1),
            SCORE_GAIN: pairs[NEW_SCORE] - max(current, 0.0),
        }
    )
    best_steps = pairs.groupby(F.QUESTION_ID)[BAND_STEPS].transform("max")
    pairs = pairs[pairs[BAND_STEPS] == best_steps]
    # A band gain is reached with the smallest sufficient step; otherwise propose the largest.
    step = np.where(pairs[BAND_STEPS] > 0, pairs["v"], -pairs["v"])
    chosen = pairs.assign(_step=step).sort_values("_step").drop_duplicates(F.QUESTION_ID)
    chosen = chosen.sort_values(
        [BAND_STEPS, SCORE_GAIN, F.OBLIGATION_ORDER, F.ID_ORDER],
        ascending=[False, False, True, True],
    ).head(top)
    return [
        Change(
            question_id=row[F.QUESTION_ID],
            from_rating=row[F.RATING],
            to_rating=row[NEW_RATING],
            new_score=float(row[NEW_SCORE]),
            new_band=row[NEW_BAND],
            score_gain=float(row[SCORE_GAIN]),
            band_steps=int(row[BAND_STEPS]),
        )
        for _, row in chosen.iterrows()
    ]


def explain_group(results: Results, group_kind: str, group_id: str, top: int = 3) -> Explanation:
    """Answers, weights, contributions and the best ``top`` changes of one group."""
    row = results.score_of(group_kind, group_id)
    questions = _group_questions(results, group_kind, group_id)
    score = None if pd.isna(row[F.SCORE]) else float(row[F.SCORE])
    return Explanation(
        group_kind=group_kind,
        group_id=group_id,
        score=score,
        band=row[F.BAND],
        band_capped=bool(row[F.BAND_CAPPED]),
        coverage=None if pd.isna(row[F.COVERAGE]) else float(row[F.COVERAGE]),
        contributions=contributions(questions),
        changes=best_changes(questions, score, results, top),
    )
