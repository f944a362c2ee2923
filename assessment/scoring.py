"""Scores, coverage, bands: the scoring method of DESIGN section 3, pure and vectorised.

Three tidy frames in, one out:

- ``questions_frame(instrument, method)``: one row per question (weights from the method);
- ``answers_frame(assessments, method)``: one row per answer of any number of assessments;
- ``score_groups(questions, answers, method)``: one row per assessment x group, for every group
  kind (instrument, section, area, pillar, dimension), in one call.

How: each answer becomes a small rating code in a dense (assessment x rated question) matrix;
the answer states (is rated, value, N/A, Unknown) are lookup tables over those codes, and a
0/1 membership matrix (question x group), scaled by the weights where needed, rolls every
group kind up in one matrix product. That is the sum a ``groupby`` over assessment x group
would take, without expanding each answer into one row per group it belongs to: 10,000
assessments of the Framework score in about 0.2 s (``bench/bench_scoring.py``).

Imports: pandas, numpy and our models only (house-style 8.3 rule 5; ``tests/test_layering.py``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

from assessment import frames as F
from assessment.models import Assessment
from framework.models import Dimension, Instrument, Method, Pillar, QuestionKind, Rating, RedFlag

SCORE_DECIMALS = 9
"""Scores are rounded here so that the order a sum is taken in (one assessment or 10,000)
never moves a score across a band threshold by a last-bit difference."""

_STATES = (F.N_RATED, F.SUM_WEIGHT, F.SUM_WEIGHTED_VALUE, F.N_NA, F.N_UNKNOWN)
_ENUM_ORDER = {"pillar": [p.value for p in Pillar], "dimension": [d.value for d in Dimension]}


def question_weight(weight: float | None, obligation: str, method: Method) -> float:
    """DESIGN 3: the class weight (mandatory 3 ...) unless the question overrides it."""
    return float(weight) if weight is not None else float(method.weights[obligation])  # type: ignore[index]


def questions_frame(instrument: Instrument, method: Method) -> pd.DataFrame:
    """One row per question of ``instrument`` in instrument order, with its groups and weight."""
    rows = [
        {
            F.INSTRUMENT_ID: instrument.id,
            F.QUESTION_ID: q.id,
            F.SECTION_ID: s.id,
            F.SECTION_PILLAR: s.pillar.value if s.pillar else None,
            F.AREA_ID: a.id,
            F.PILLAR: q.pillar.value,
            F.DIMENSION: q.dimension.value,
            F.OBLIGATION: q.obligation.value,
            F.KIND: q.kind.value,
            F.WEIGHT: question_weight(q.weight, q.obligation, method),
            F.RESOURCES: list(q.resources),
        }
        for s in instrument.sections
        for a in s.areas
        for q in a.questions
    ]
    frame = pd.DataFrame(rows, columns=[*rows[0]] if rows else None)
    return frame.assign(**{F.ORDER: range(len(frame))})


def rating_values(method: Method) -> dict[str, float]:
    """Rating id -> value for the four rated levels (N/A and Unknown carry no value)."""
    return {lvl.id.value: lvl.value for lvl in method.ratings if lvl.value is not None}


def answers_frame(assessments: Iterable[Assessment], method: Method) -> pd.DataFrame:
    """One row per answer of every assessment given; VALUE is the rating's value or NaN.

    ASSESSMENT_ID, QUESTION_ID and RATING are categorical: scoring 10,000 assessments then
    reads integer codes instead of hashing a million strings. They compare with plain strings
    as usual; ``.astype(object)`` gives plain strings where a merge needs them.
    """
    rows = [
        (
            a.id,
            ans.question_id,
            ans.rating.value if ans.rating is not None else None,
            ans.value,
            ans.evidence,
            ans.sources,
            ans.agency,
            ans.comment,
            ans.justification,
        )
        for a in assessments
        for ans in a.answers.values()
    ]
    columns = [F.ASSESSMENT_ID, F.QUESTION_ID, F.RATING, F.INFO_VALUE, F.EVIDENCE, F.SOURCES]
    columns += [F.AGENCY, F.COMMENT, F.JUSTIFICATION]
    frame = pd.DataFrame(rows, columns=columns).astype(
        {F.ASSESSMENT_ID: "category", F.QUESTION_ID: "category", F.RATING: F.RATING_DTYPE}
    )
    values = frame[F.RATING].astype(object).map(rating_values(method)).astype(float)
    return frame.assign(**{F.VALUE: values})[
        [F.ASSESSMENT_ID, F.QUESTION_ID, F.RATING, F.VALUE, *columns[3:]]
    ]


def group_catalogue(questions: pd.DataFrame) -> pd.DataFrame:
    """Every group of every kind: GROUP_KIND, GROUP_ID, in display order (kind, then content)."""
    parts = []
    for kind in F.GROUP_KINDS:
        ids = pd.unique(questions[F.GROUP_COLUMNS[kind]])
        if kind in _ENUM_ORDER:
            ids = [g for g in _ENUM_ORDER[kind] if g in set(ids)]
        parts.append(pd.DataFrame({F.GROUP_KIND: kind, F.GROUP_ID: list(ids)}))
    return pd.concat(parts, ignore_index=True)


def _membership(rated: pd.DataFrame, groups: pd.DataFrame) -> np.ndarray:
    """0/1 matrix (rated question x group): which groups each question counts towards."""
    matrix = np.zeros((len(rated), len(groups)))
    for kind, block in groups.groupby(F.GROUP_KIND, sort=False):
        column = pd.Index(block[F.GROUP_ID]).get_indexer(rated[F.GROUP_COLUMNS[kind]])
        matrix[np.arange(len(rated)), block.index.to_numpy()[column]] = 1.0
    return matrix


def _codes(values: pd.Series) -> tuple[np.ndarray, pd.Index]:
    """Integer code of each value (-1 for missing) and the distinct values they index.

    Categorical columns (``answers_frame``) give their codes for free; others are factorized
    once, so 1M answers hash their strings through the column's own kernel, not row by row.
    """
    if isinstance(values.dtype, pd.CategoricalDtype):
        return values.cat.codes.to_numpy(), pd.Index(values.cat.categories)
    codes, uniques = pd.factorize(values)
    return codes, pd.Index(uniques)


def _positions(values: pd.Series, targets: pd.Index) -> np.ndarray:
    """Position of each value in ``targets`` (-1 if absent or missing)."""
    codes, uniques = _codes(values)
    return np.append(targets.get_indexer(uniques), -1)[codes]  # code -1 picks the last -1


def _rating_codes(rated: pd.DataFrame, answers: pd.DataFrame, ids: pd.Index) -> tuple:
    """Matrix (assessment x rated question) of rating codes (-1 = no rating) and the ratings."""
    a_pos = _positions(answers[F.ASSESSMENT_ID], ids)
    q_pos = _positions(answers[F.QUESTION_ID], pd.Index(rated[F.QUESTION_ID]))
    r_codes, ratings = _codes(answers[F.RATING])
    keep = (q_pos >= 0) & (a_pos >= 0)  # info questions and ids not asked about drop out
    codes = np.full((len(ids), len(rated)), -1, dtype=np.int8)
    if keep.all():
        codes[a_pos, q_pos] = r_codes
    else:
        codes[a_pos[keep], q_pos[keep]] = r_codes[keep]
    return codes, ratings


def _group_sums(
    rated: pd.DataFrame,
    answers: pd.DataFrame,
    ids: pd.Index,
    membership: np.ndarray,
    method: Method,
) -> dict[str, np.ndarray]:
    """Per assessment x group: sum of weights and weighted values of rated answers, and counts.

    Each state (is N/A, is Unknown, is rated, value) is a small table indexed by the rating
    codes; counts roll up through the membership matrix, weights and weighted values through
    the membership matrix scaled by each question's weight. Values come from ``method``
    through the RATING column, so a stale VALUE column can never change a score.
    """
    codes, ratings = _rating_codes(rated, answers, ids)
    values = rating_values(method)
    states = [*ratings, None]  # code -1 (no rating) reads the last entry
    # Order matters: counts roll up rows 0-2, weights rows 2-3, both contiguous slices.
    tables = [
        [float(r == Rating.NOT_APPLICABLE.value) for r in states],
        [float(r == Rating.UNKNOWN.value) for r in states],
        [float(r in values) for r in states],
        [values.get(r, 0.0) for r in states],
    ]
    n, n_questions = codes.shape
    stacked = np.empty((len(tables), n, n_questions))
    for i, table in enumerate(tables):
        stacked[i] = np.asarray(table)[codes]
    weighted = membership * rated[F.WEIGHT].to_numpy(dtype=float)[:, None]
    counts = (stacked[0:3].reshape(3 * n, n_questions) @ membership).reshape(3, -1)
    weights = (stacked[2:4].reshape(2 * n, n_questions) @ weighted).reshape(2, -1)
    return {
        F.N_NA: counts[0],
        F.N_UNKNOWN: counts[1],
        F.N_RATED: counts[2],
        F.SUM_WEIGHT: weights[0],
        F.SUM_WEIGHTED_VALUE: weights[1],
    }


def band_ids(scores: pd.Series, method: Method) -> pd.Series:
    """DESIGN 3 bands (>= 85 strong ...) from ``method.bands``; None where there is no score."""
    ordered = sorted(method.bands, key=lambda b: b.minimum)
    thresholds = np.array([b.minimum for b in ordered[1:]])
    values = scores.to_numpy(dtype=float)
    index = np.where(
        np.isnan(values), len(ordered), np.searchsorted(thresholds, values, side="right")
    )
    labels = np.array([b.id for b in ordered] + [None], dtype=object)
    return pd.Series(labels[index], index=scores.index, dtype=object)


def _finish(frame: pd.DataFrame, method: Method) -> pd.DataFrame:
    """Score, coverage, band and provisional flag from the summed states (DESIGN 3)."""
    sum_w, sum_wv = frame[F.SUM_WEIGHT], frame[F.SUM_WEIGHTED_VALUE]
    score = (100.0 * sum_wv / sum_w.where(sum_w > 0)).round(SCORE_DECIMALS)
    answered = frame[F.N_RATED] + frame[F.N_NA]
    n_questions = frame[F.N_QUESTIONS]
    coverage = answered / n_questions.where(n_questions > 0)
    counts = [F.N_QUESTIONS, F.N_RATED, F.N_NA, F.N_UNKNOWN]
    return frame.assign(
        **{
            F.SCORE: score,
            F.COVERAGE: coverage,
            F.BAND: band_ids(score, method),
            F.BAND_CAPPED: False,
            F.PROVISIONAL: score.notna() & (coverage < method.provisional_below_coverage),
            F.N_UNANSWERED: n_questions - answered - frame[F.N_UNKNOWN],
        }
    ).astype(dict.fromkeys([*counts, F.N_UNANSWERED], int))


def _layout(
    ids: pd.Index, groups: pd.DataFrame, membership: np.ndarray, sums: dict[str, np.ndarray]
) -> pd.DataFrame:
    """The summed states as rows: assessment-major, groups in catalogue order."""
    n_groups = len(groups)

    def text(values: np.ndarray, per_group: bool) -> pd.Series:
        # object dtype: building 10^5 Arrow strings costs more than all the arithmetic
        out = np.tile(values, len(ids)) if per_group else np.repeat(values, n_groups)
        return pd.Series(out, dtype=object)

    return pd.DataFrame(
        {
            F.ASSESSMENT_ID: text(ids.to_numpy(dtype=object), per_group=False),
            F.GROUP_KIND: text(groups[F.GROUP_KIND].to_numpy(dtype=object), per_group=True),
            F.GROUP_ID: text(groups[F.GROUP_ID].to_numpy(dtype=object), per_group=True),
            F.N_QUESTIONS: np.tile(membership.sum(axis=0), len(ids)),
            **sums,
        }
    )


SCORE_COLUMNS = [F.ASSESSMENT_ID, F.GROUP_KIND, F.GROUP_ID, F.SCORE, F.COVERAGE, F.BAND]
SCORE_COLUMNS += [F.BAND_CAPPED, F.PROVISIONAL, F.N_QUESTIONS, F.N_RATED, F.N_NA, F.N_UNKNOWN]
SCORE_COLUMNS += [F.N_UNANSWERED, F.SUM_WEIGHT, F.SUM_WEIGHTED_VALUE]


def score_groups(
    questions: pd.DataFrame,
    answers: pd.DataFrame,
    method: Method,
    flags: Sequence[RedFlag] | None = None,
    assessment_ids: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Scores of every group of every assessment, in one call (DESIGN 3).

    Args:
        questions: ``questions_frame`` of the instrument.
        answers: ``answers_frame`` rows (one per assessment x question; unanswered = no row).
        flags: red flags of the instrument; when given, raised flags cap their pillar's band.
        assessment_ids: the assessments to score (default: those in ``answers``, sorted);
            an assessment without any answer still gets a row per group, with no score.
    """
    if assessment_ids is None:
        codes, seen = _codes(answers[F.ASSESSMENT_ID])
        present = np.bincount(codes[codes >= 0], minlength=len(seen)) > 0
        ids = pd.Index(seen[present], dtype=object).sort_values()
    else:
        ids = pd.Index(assessment_ids, dtype=object)
    rated = questions[questions[F.KIND] == QuestionKind.RATED.value].reset_index(drop=True)
    groups = group_catalogue(questions)
    membership = _membership(rated, groups)
    sums = _group_sums(rated, answers, ids, membership, method)
    frame = _layout(ids, groups, membership, sums)
    scores = _finish(frame, method)[SCORE_COLUMNS]
    if flags:
        from assessment.red_flags import apply_flags

        scores = apply_flags(scores, questions, answers, flags, method)
    return scores
