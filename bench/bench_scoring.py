"""Benchmark: score 10,000 synthetic assessments of the full Framework in one call.

Run: ``.venv/bin/python bench/bench_scoring.py [N]``. Not collected by pytest.

Prints the time of ``score_groups`` over N assessments (goal <= 1 s for N = 10,000) and, on the
same data in the same run, the time of a plain per-answer Python loop computing the same sums
(dicts keyed by assessment x group), and the ratio (goal >= 20x). The loop's scores are checked
against the vectorised ones, so the comparison is like for like.
"""

from __future__ import annotations

import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from assessment import frames as F
from assessment.scoring import questions_frame, rating_values, score_groups
from framework.errors import ContentInvalidError
from framework.loader import DATA_DIR, load_content, parse_yaml
from framework.models import Instrument, Method, Section

T = TypeVar("T")
RATINGS = ["fully", "largely", "partially", "not_in_place", "not_applicable", "unknown", None]
WEIGHTS = [0.25, 0.2, 0.2, 0.15, 0.05, 0.05, 0.1]  # None = unanswered (no row)


def load_ifa() -> tuple[Instrument, Method]:
    """The Framework and the method; read directly if other content is mid-edit."""
    try:
        bundle = load_content()
        return bundle.instruments["ifa"], bundle.method
    except ContentInvalidError:
        folder = DATA_DIR / "instruments" / "ifa"
        head = parse_yaml((folder / "instrument.yaml").read_text("utf-8"))
        files = head.pop("section_files")
        sections = [
            Section.model_validate(parse_yaml((folder / f).read_text("utf-8"))) for f in files
        ]
        method = Method.model_validate(parse_yaml((DATA_DIR / "method.yaml").read_text("utf-8")))
        return Instrument.model_validate({**head, "sections": sections}), method


def synthetic_answers(questions: pd.DataFrame, method: Method, n: int) -> pd.DataFrame:
    """n assessments answering the rated questions with a realistic mix of states."""
    rng = np.random.default_rng(42)
    qids = questions.loc[questions[F.KIND] == "rated", F.QUESTION_ID].to_numpy(dtype=object)
    picks = rng.choice(len(RATINGS), size=(n, len(qids)), p=WEIGHTS)
    ratings = np.array(RATINGS, dtype=object)[picks].ravel()
    ids = [f"bench-{i:06d}" for i in range(n)]
    frame = pd.DataFrame(
        {  # the dtypes of assessment.scoring.answers_frame
            F.ASSESSMENT_ID: pd.Categorical.from_codes(np.repeat(np.arange(n), len(qids)), ids),
            F.QUESTION_ID: pd.Categorical.from_codes(np.tile(np.arange(len(qids)), n), qids),
            F.RATING: pd.Categorical(ratings, dtype=F.RATING_DTYPE),
        }
    )
    frame = frame[frame[F.RATING].notna()].reset_index(drop=True)
    values = frame[F.RATING].astype(object).map(rating_values(method)).astype(float)
    return frame.assign(**{F.VALUE: values})


def loop_scores(questions: pd.DataFrame, answers: pd.DataFrame) -> dict[tuple, float | None]:
    """The same scores by a plain loop over answers (the baseline)."""
    meta = {
        row[F.QUESTION_ID]: (row[F.WEIGHT], [(k, row[F.GROUP_COLUMNS[k]]) for k in F.GROUP_KINDS])
        for row in questions[questions[F.KIND] == "rated"].to_dict("records")
    }
    sum_w: dict[tuple, float] = defaultdict(float)
    sum_wv: dict[tuple, float] = defaultdict(float)
    columns = (answers[F.ASSESSMENT_ID], answers[F.QUESTION_ID], answers[F.VALUE].astype(float))
    for assessment_id, question_id, value in zip(*(c.tolist() for c in columns), strict=True):
        if question_id not in meta or value != value:  # noqa: PLR0124 - NaN: not rated
            continue
        weight, groups = meta[question_id]
        for kind, group in groups:
            key = (assessment_id, kind, group)
            sum_w[key] += weight
            sum_wv[key] += weight * value
    return {key: 100.0 * sum_wv[key] / w if w > 0 else None for key, w in sum_w.items()}


REPEATS = 5


def _best(repeats: int, run: Callable[[], T]) -> tuple[float, T]:
    """Fastest wall time of ``repeats`` runs, and the result of the last one."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - start)
    return min(times), result


def main(n: int = 10_000) -> None:
    instrument, method = load_ifa()
    questions = questions_frame(instrument, method)
    answers = synthetic_answers(questions, method, n)
    n_rated = int((questions[F.KIND] == "rated").sum())
    print(
        f"{n:,} assessments x {n_rated} rated {instrument.id} questions: {len(answers):,} answers"
    )

    score_groups(questions, answers.head(1000), method)  # warm-up (imports, BLAS)
    # Best of several runs: the machine is shared, and the minimum is the least disturbed.
    vectorised, scores = _best(REPEATS, lambda: score_groups(questions, answers, method))
    loop, looped = _best(2, lambda: loop_scores(questions, answers))

    keyed = scores.set_index([F.ASSESSMENT_ID, F.GROUP_KIND, F.GROUP_ID])[F.SCORE]
    check = pd.Series(looped).dropna()
    assert np.allclose(keyed.loc[check.index].to_numpy(), check.to_numpy(), atol=1e-6)

    rows = f"{len(scores):,} group rows"
    print(f"score_groups, one call: {vectorised:.3f} s, best of {REPEATS} ({rows}; goal <= 1 s)")
    print(f"per-answer Python loop: {loop:.3f} s, best of 2")
    print(f"ratio: {loop / vectorised:.1f}x (goal >= 20x)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
