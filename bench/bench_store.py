"""Benchmark: saving one answer at a time to the SQLite store, as the questionnaire does.

Run: ``.venv/bin/python bench/bench_store.py [N]`` (default N = 1,000). Not collected by pytest.

Each save is the full ``Store.save_answer`` path: validation against the content, one write
transaction (``BEGIN IMMEDIATE``, revision check, upsert, version bump, history row) and the
commit. Answers cycle over the Framework's rated questions, each save building on the previous
revision, so every save is accepted. The store's setting, ``synchronous=FULL`` (each commit is
fsynced before the save is confirmed), is measured against ``synchronous=NORMAL`` (WAL commits
fsynced only at checkpoints: a power cut may lose the last ones) in the same run, on the same
disk, and the ratio of medians is printed.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from assessment.models import Answer
from assessment.store import Store
from assessment.store_schema import sqlite_url
from framework.loader import load_content
from framework.models import QuestionKind, Rating

RATINGS = [Rating.FULLY, Rating.LARGELY, Rating.PARTIALLY, Rating.NOT_IN_PLACE, Rating.UNKNOWN]


def run(folder: Path, synchronous: str, saves: int) -> list[float]:
    """Milliseconds of each of ``saves`` single-answer saves."""
    bundle = load_content()
    store = Store(
        sqlite_url(folder / f"{synchronous}.sqlite3"), bundle=bundle, sqlite_synchronous=synchronous
    )
    assessment = store.create_assessment(country="XVL", instrument_id="ifa", user="bench")
    questions = [
        q.id for q in bundle.instruments["ifa"].questions() if q.kind is QuestionKind.RATED
    ]
    revisions: dict[str, int | None] = dict.fromkeys(questions)
    timings = []
    for n in range(saves):
        question_id = questions[n % len(questions)]
        answer = Answer(
            question_id=question_id,
            rating=RATINGS[n % len(RATINGS)],
            evidence=f"Evidence typed for save {n}: the law of 2019, article {n % 40}.",
        )
        started = time.perf_counter()
        saved = store.save_answer(assessment.id, answer, revisions[question_id], "bench")
        timings.append((time.perf_counter() - started) * 1000)
        revisions[question_id] = saved.revision
    store.close()
    return timings


def summary(timings: list[float]) -> tuple[float, float]:
    ordered = sorted(timings)
    return statistics.median(ordered), ordered[int(0.95 * (len(ordered) - 1))]


def main() -> None:
    saves = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000
    with tempfile.TemporaryDirectory(prefix="gapassess-bench-") as tmp:
        folder = Path(tmp)
        run(folder, "FULL", 20)  # warm-up: imports, content, first connections
        results = {mode: summary(run(folder, mode, saves)) for mode in ("FULL", "NORMAL")}
    print(f"{saves} single-answer saves on SQLite (WAL), one transaction each")
    for mode, (median, p95) in results.items():
        print(f"  synchronous={mode:<6}  median {median:6.2f} ms   p95 {p95:6.2f} ms")
    ratio = results["FULL"][0] / results["NORMAL"][0]
    print(f"  durability cost: FULL median = {ratio:.2f} x NORMAL median")


if __name__ == "__main__":
    main()
