"""Benchmark: the full PDF report of the demo assessment, in English and Chinese.

Warm process (content loaded, fonts and matplotlib initialised by one untimed build per
language), then the median of ``--runs`` builds per language, each timed from ``Results`` to
PDF bytes (context + layout + charts + font subsetting). Prints wall and CPU medians
(CPU time is the steadier figure on a shared machine), the zh/en ratio and the peak RSS.
Goals (issue 5): median en <= 1.5 s, zh/en <= 1.3.

    .venv/bin/python bench/bench_pdf.py [--runs 5] [--instrument ifa]
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from assessment.demo import demo_assessment
from assessment.results import compute_results
from framework.loader import load_content
from reports.context import build_context
from reports.pdf import render_pdf

GOAL_EN_S = 1.5
GOAL_RATIO = 1.3


def _rss_mb() -> float:
    """Peak resident set size of this process so far (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _build(bundle: object, results: object, lang: str) -> tuple[float, float, int, int]:
    """Wall and CPU seconds of one build, its size and page count."""
    start, cpu = time.perf_counter(), time.process_time()
    report = render_pdf(build_context(bundle, results, lang))  # type: ignore[arg-type]
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu
    pages = max(last for _, last in report.chapter_pages.values())
    return elapsed, cpu, len(report.data), pages


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--instrument", default="ifa")
    args = parser.parse_args()

    rss_start = _rss_mb()
    bundle = load_content()
    results = compute_results(bundle, demo_assessment(bundle, args.instrument, "baseline"))
    for lang in ("en", "zh"):
        _build(bundle, results, lang)  # warm-up: font cmap, matplotlib font cache, imports
    rss_warm = _rss_mb()

    medians, cpu_medians = {}, {}
    for lang in ("en", "zh"):
        runs = [_build(bundle, results, lang) for _ in range(args.runs)]
        times = [t for t, _, _, _ in runs]
        medians[lang] = statistics.median(times)
        cpu_medians[lang] = statistics.median(c for _, c, _, _ in runs)
        _, _, size, pages = runs[-1]
        print(
            f"{lang}: median {medians[lang]:.3f} s wall, {cpu_medians[lang]:.3f} s CPU over "
            f"{args.runs} builds (wall min {min(times):.3f}, max {max(times):.3f}); "
            f"{pages} pages, {size / 1024:.0f} KiB"
        )
    ratio = medians["zh"] / medians["en"]
    cpu_ratio = cpu_medians["zh"] / cpu_medians["en"]
    print(f"zh/en ratio: {ratio:.2f} wall, {cpu_ratio:.2f} CPU (goal <= {GOAL_RATIO})")
    print(f"en median goal <= {GOAL_EN_S} s: {'met' if medians['en'] <= GOAL_EN_S else 'NOT met'}")
    print(
        f"peak RSS: {_rss_mb():.0f} MB (start {rss_start:.0f} MB, "
        f"after content + warm-up {rss_warm:.0f} MB)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
