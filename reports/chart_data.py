"""``ChartData``: the engine's scores, localized and coloured by band, for every chart.

Both chart back ends (plotly in the app, matplotlib in the PDF/DOCX) draw from this, so a
chart shows the same numbers, labels and band colours wherever it appears. Scores come from
``Results.scores``; the area x dimension heatmap is scored by the engine's own
``score_groups`` over area-dimension cells (no score is computed here).
"""

from __future__ import annotations

import pandas as pd

from assessment import frames as F
from assessment.models import Assessment
from assessment.scoring import answers_frame, score_groups
from framework.loader import ContentBundle
from framework.models import Dimension
from reports.document import BandKey, Bar, ChartData, CoverageBar, GapBar, Heatmap
from reports.facts import Facts, records
from reports.wording import Words, is_missing

TOP_GAPS = 10
CHART_LABEL_KEYS = (
    "chart.radar.title",
    "chart.areas.title",
    "chart.heatmap.title",
    "chart.coverage.title",
    "chart.top_gaps.title",
    "chart.delta.title",
    "chart.compare.title",
    "chart.axis.score",
    "chart.axis.coverage",
    "chart.axis.gap_points",
    "chart.axis.delta",
    "chart.legend.band",
    "chart.legend.no_score",
    "chart.legend.baseline",
    "chart.legend.followup",
    "chart.mark.provisional",
    "chart.mark.capped",
    "chart.count.rated",
    "chart.count.na",
    "chart.count.unknown",
    "chart.count.unanswered",
    "chart.hover.score",
    "chart.hover.delta",
)


def _bar(facts: Facts, row: dict, label: str, group: str = "") -> Bar:
    band = facts.words.band_of(row[F.BAND])
    score = None if is_missing(row[F.SCORE]) else float(row[F.SCORE])
    coverage = None if is_missing(row[F.COVERAGE]) else float(row[F.COVERAGE])
    return Bar(
        id=str(row[F.GROUP_ID]),
        label=label,
        score=score,
        band=band.id if band else None,
        band_label=facts.words.band(row[F.BAND]),
        color=band.color if band else ChartData.no_score_color,
        provisional=bool(row[F.PROVISIONAL]),
        capped=bool(row[F.BAND_CAPPED]),
        group=group,
        coverage=coverage,
    )


def _bars(facts: Facts, kind: str) -> tuple[Bar, ...]:
    section_of = {a.id: s.id for s in facts.results.instrument.sections for a in s.areas}
    bars = []
    for row in records(facts.scores_of(kind)):
        group_id = str(row[F.GROUP_ID])
        label = group_id if kind == "area" else facts.group_label(kind, group_id)
        group = facts.section_title(section_of[group_id]) if kind == "area" else ""
        bars.append(_bar(facts, row, label, group))
    return tuple(bars)


def heatmap(facts: Facts) -> Heatmap:
    """Area x dimension scores, scored by the engine on area-dimension cells."""
    results = facts.results
    questions = results.questions[results.questions[F.ASSESSMENT_ID] == results.assessment.id]
    cells = questions.assign(
        **{F.AREA_ID: questions[F.AREA_ID] + "|" + questions[F.DIMENSION].astype(str)}
    )
    answers = answers_frame([results.assessment], results.method)
    scores = score_groups(cells, answers, results.method, assessment_ids=[results.assessment.id])
    by_cell = {
        str(r[F.GROUP_ID]): r[F.SCORE] for r in records(scores[scores[F.GROUP_KIND] == "area"])
    }
    areas = list(pd.unique(questions[F.AREA_ID]))
    dimensions = [d.value for d in Dimension]
    values = tuple(
        tuple(
            None if is_missing(by_cell.get(f"{a}|{d}")) else float(by_cell[f"{a}|{d}"])
            for d in dimensions
        )
        for a in areas
    )
    return Heatmap(
        rows=tuple(areas),
        columns=tuple(facts.words.dimension(d) for d in dimensions),
        values=values,
    )


def _coverage(facts: Facts) -> tuple[CoverageBar, ...]:
    words = facts.words
    bars = []
    for row in records(facts.scores_of("section")):
        counts = (
            (words("chart.count.rated"), int(row[F.N_RATED])),
            (words("chart.count.na"), int(row[F.N_NA])),
            (words("chart.count.unknown"), int(row[F.N_UNKNOWN])),
            (words("chart.count.unanswered"), int(row[F.N_UNANSWERED])),
        )
        coverage = None if is_missing(row[F.COVERAGE]) else float(row[F.COVERAGE])
        bars.append(CoverageBar(facts.section_title(str(row[F.GROUP_ID])), coverage, counts))
    return tuple(bars)


def _top_gaps(facts: Facts) -> tuple[GapBar, ...]:
    gaps = facts.results.gaps.head(TOP_GAPS)
    return tuple(
        GapBar(
            label=str(row[F.QUESTION_ID]),
            gap_points=float(row[F.GAP_POINTS]),
            color=str(row[F.PILLAR]),
            hover=facts.question_text(str(row[F.QUESTION_ID])),
        )
        for row in records(gaps)
    )


def chart_title(words: Words, assessment: Assessment) -> str:
    """``Veloria (fictional) · baseline 2026``: what a chart series or legend names."""
    parts = [words.country(assessment.country), assessment.round_label]
    return " · ".join(p for p in parts if p)


def chart_data(bundle: ContentBundle, facts: Facts, title: str) -> ChartData:
    """All chart inputs of one assessment in ``facts``' language."""
    words = facts.words
    bands = tuple(
        BandKey(b.id, words.text(b.label), b.minimum, b.color)
        for b in sorted(bundle.method.bands, key=lambda b: b.minimum, reverse=True)
    )
    return ChartData(
        lang=facts.lang,
        title=title,
        bands=bands,
        pillars=_bars(facts, "pillar"),
        sections=_bars(facts, "section"),
        areas=_bars(facts, "area"),
        dimensions=_bars(facts, "dimension"),
        heatmap=heatmap(facts),
        coverage=_coverage(facts),
        top_gaps=_top_gaps(facts),
        labels={key: words(key) for key in CHART_LABEL_KEYS},
    )
