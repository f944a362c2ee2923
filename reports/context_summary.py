"""The executive summary and the method chapter of the report, as plain localized blocks.

The summary states only what the engine computed: scores and bands, the largest gaps, raised
red flags, information gaps, coverage, the first actions of the plan and the most relevant
resources. The method chapter renders ``method.yaml`` (the same ``Method`` the Help page shows).
"""

from __future__ import annotations

import pandas as pd

from assessment import frames as F
from framework.ids import format_legal_ref
from reports.document import (
    Block,
    Bullets,
    Cell,
    Chapter,
    Chart,
    Figure,
    KeyFigures,
    Paragraph,
    Subheading,
    Table,
)
from reports.facts import Facts, records
from reports.wording import is_missing

TOP = 5
PRIORITY_ORDER = {"high": 0, "medium": 1, "low": 2}


def band_cell(facts: Facts, band_id: object) -> Cell:
    band = facts.words.band_of(band_id)  # type: ignore[arg-type]
    return Cell(facts.words.band(band_id), color=band.color if band else None)  # type: ignore[arg-type]


def marks(facts: Facts, row: pd.Series | dict) -> str:
    """Provisional / capped notes of a score row."""
    found = []
    if bool(row[F.PROVISIONAL]):
        found.append(facts.words("report.mark.provisional"))
    if bool(row[F.BAND_CAPPED]):
        found.append(facts.words("report.mark.capped"))
    return facts.words.join(found)


def _key_figures(facts: Facts) -> KeyFigures:
    w, results = facts.words, facts.results
    overall = results.overall
    band = w.band_of(overall[F.BAND])
    comment = w.join([w.band(overall[F.BAND]), marks(facts, overall)])
    total = int(overall[F.N_QUESTIONS])
    answered = int(overall[F.N_RATED]) + int(overall[F.N_NA])
    return KeyFigures(
        (
            Figure(
                w("report.figure.score"), w.score(overall[F.SCORE]), band and band.color, comment
            ),
            Figure(
                w("report.figure.coverage"),
                w.percent(overall[F.COVERAGE]),
                comment=w("report.figure.coverage_detail", answered=answered, total=total),
            ),
            Figure(w("report.figure.gaps"), str(len(results.gaps))),
            Figure(w("report.figure.red_flags"), str(len(results.red_flags))),
            Figure(w("report.figure.info_gaps"), str(len(results.info_gaps))),
        )
    )


def pillar_table(facts: Facts) -> Table:
    w = facts.words
    rows = tuple(
        (
            Cell(w.pillar(str(row[F.GROUP_ID]))),
            Cell(w.score(row[F.SCORE])),
            band_cell(facts, row[F.BAND]),
            Cell(w.percent(row[F.COVERAGE])),
            Cell(marks(facts, row)),
        )
        for row in records(facts.scores_of("pillar"))
    )
    headings = ("col.pillar", "col.score", "col.band", "col.coverage", "col.note")
    return Table("pillars", tuple(w(f"report.{h}") for h in headings), rows)


def _extremes(facts: Facts) -> list[Block]:
    w = facts.words
    scored = facts.scores_of("pillar").dropna(subset=[F.SCORE])
    if scored.empty:
        return [Paragraph(w("report.summary.no_pillar_score"))]
    best = scored.loc[scored[F.SCORE].idxmax()]
    worst = scored.loc[scored[F.SCORE].idxmin()]
    lines = [
        w(
            "report.summary.strongest",
            pillar=w.pillar(best[F.GROUP_ID]),
            score=w.score(best[F.SCORE]),
            band=w.band(best[F.BAND]),
        )
    ]
    if worst[F.GROUP_ID] != best[F.GROUP_ID]:
        lines.append(
            w(
                "report.summary.weakest",
                pillar=w.pillar(worst[F.GROUP_ID]),
                score=w.score(worst[F.SCORE]),
                band=w.band(worst[F.BAND]),
            )
        )
    return [Paragraph(" ".join(lines))]


def gap_rows(facts: Facts, gaps: pd.DataFrame) -> tuple[tuple[Cell, ...], ...]:
    w = facts.words
    return tuple(
        (
            Cell(str(row[F.RANK])),
            Cell(facts.question_label(str(row[F.QUESTION_ID]))),
            Cell(facts.legal_basis(str(row[F.QUESTION_ID]))),
            Cell(w.rating(row[F.RATING])),
            Cell(w.points(row[F.GAP_POINTS])),
        )
        for row in records(gaps)
    )


def _top_gaps(facts: Facts) -> list[Block]:
    w = facts.words
    blocks: list[Block] = [Subheading(w("report.summary.top_gaps"))]
    if facts.results.gaps.empty:
        return [*blocks, Paragraph(w("report.summary.no_gaps"))]
    headings = ("col.rank", "col.question", "col.legal_basis", "col.rating", "col.gap_points")
    table = Table(
        "top_gaps",
        tuple(w(f"report.{h}") for h in headings),
        gap_rows(facts, facts.results.gaps.head(TOP)),
    )
    intro = w("report.summary.gaps_intro", count=len(facts.results.gaps), top=TOP)
    return [*blocks, Paragraph(intro), table]


def flag_line(facts: Facts, raised: object) -> str:
    w = facts.words
    flag = raised.flag  # type: ignore[attr-defined]
    legal = w.join([format_legal_ref(ref) for ref in flag.legal_basis])
    line = w("report.flag.item", title=w.text(flag.title), legal=legal)
    if flag.caps_band:
        cap = w.band(facts.bundle.method.flag_band_cap)
        line = w("report.flag.item_capped", item=line, pillar=w.pillar(flag.pillar), band=cap)
    return line


def _red_flags(facts: Facts) -> list[Block]:
    w = facts.words
    blocks: list[Block] = [Subheading(w("report.summary.red_flags"))]
    if not facts.results.red_flags:
        return [*blocks, Paragraph(w("report.summary.no_red_flags"))]
    return [*blocks, Bullets(tuple(flag_line(facts, r) for r in facts.results.red_flags))]


def _info_gaps(facts: Facts) -> list[Block]:
    w, info = facts.words, facts.results.info_gaps
    blocks: list[Block] = [Subheading(w("report.summary.info_gaps"))]
    if info.empty:
        return [*blocks, Paragraph(w("report.summary.no_info_gaps"))]
    items = []
    for row in records(info.head(TOP)):
        agency = facts.agency(row[F.AGENCY]) or w("report.info.ask_unknown")
        items.append(w("report.summary.info_item", question=str(row[F.QUESTION_ID]), agency=agency))
    intro = w("report.summary.info_intro", count=len(info), points=w.points(info[F.INFO_GAP].sum()))
    return [*blocks, Paragraph(intro), Bullets(tuple(items))]


def _coverage(facts: Facts) -> list[Block]:
    w, overall = facts.words, facts.results.overall
    provisional = facts.scores_of("area")[F.PROVISIONAL].astype(bool).sum()
    text = w(
        "report.summary.counts",
        total=int(overall[F.N_QUESTIONS]),
        rated=int(overall[F.N_RATED]),
        na=int(overall[F.N_NA]),
        unknown=int(overall[F.N_UNKNOWN]),
        unanswered=int(overall[F.N_UNANSWERED]),
    )
    if provisional:
        text = f"{text} {w('report.summary.provisional_areas', count=int(provisional))}"
    return [Subheading(w("report.summary.coverage")), Paragraph(text)]


def _actions(facts: Facts) -> list[Block]:
    w = facts.words
    plan = facts.results.action_plan
    plan = plan[plan[F.IS_GAP].astype(bool)] if not plan.empty else plan
    blocks: list[Block] = [Subheading(w("report.summary.actions"))]
    if plan.empty:
        return [*blocks, Paragraph(w("report.actions.none"))]
    order = plan[F.PRIORITY].map(PRIORITY_ORDER).fillna(len(PRIORITY_ORDER))
    top = plan.assign(_order=order).sort_values("_order", kind="stable").head(TOP)
    rows = tuple(
        (
            Cell(facts.question_label(str(row[F.QUESTION_ID]))),
            Cell(facts.agency(row[F.AGENCY])),
            Cell(w(f"report.priority.{row[F.PRIORITY]}")),
            Cell(w.date(None if is_missing(row[F.TARGET_DATE]) else row[F.TARGET_DATE])),
        )
        for row in records(top)
    )
    headings = ("col.action", "col.agency", "col.priority", "col.target_date")
    return [*blocks, Table("summary_actions", tuple(w(f"report.{h}") for h in headings), rows)]


def resource_addresses(facts: Facts, question_ids: list[str], limit: int = 8) -> str:
    """The gap ids a resource addresses; past ``limit``, the rest are counted, not listed."""
    shown = facts.words.join([str(q) for q in question_ids[:limit]])
    if len(question_ids) <= limit:
        return shown
    return facts.words("report.list.more", items=shown, count=len(question_ids) - limit)


def _resources(facts: Facts) -> list[Block]:
    w = facts.words
    res = facts.results.resources
    blocks: list[Block] = [Subheading(w("report.summary.ta_needs"))]
    whole = res[res[F.PART_ID].isna()].head(TOP) if not res.empty else res
    if whole.empty:
        return [*blocks, Paragraph(w("report.resources.none"))]
    rows = []
    for row in records(whole):
        resource = facts.resource(str(row[F.RESOURCE_ID]))
        year = str(resource.year) if resource and resource.year else w("report.score.none")
        rows.append(
            (
                Cell(facts.resource_title(str(row[F.RESOURCE_ID]))),
                Cell(year),
                Cell(w.points(row[F.RELEVANCE])),
                Cell(resource_addresses(facts, list(row[F.QUESTION_IDS]))),
            )
        )
    headings = ("col.resource", "col.year", "col.relevance", "col.addresses")
    table = Table("summary_resources", tuple(w(f"report.{h}") for h in headings), tuple(rows))
    return [*blocks, Paragraph(w("report.summary.ta_intro")), table]


def summary_chapter(facts: Facts) -> Chapter:
    w, overall = facts.words, facts.results.overall
    instrument = w.text(facts.results.instrument.short_title)
    lead = w(
        "report.summary.overall",
        instrument=instrument,
        score=w.score(overall[F.SCORE]),
        band=w.band(overall[F.BAND]),
        coverage=w.percent(overall[F.COVERAGE]),
    )
    if bool(overall[F.PROVISIONAL]):
        threshold = w.percent(facts.bundle.method.provisional_below_coverage)
        lead = f"{lead} {w('report.summary.provisional', threshold=threshold)}"
    blocks: list[Block] = [
        _key_figures(facts),
        Paragraph(lead),
        Chart("radar", w("chart.radar.title"), height_mm=74, width_mm=120),
        pillar_table(facts),
        *_extremes(facts),
        *_top_gaps(facts),
        *_red_flags(facts),
        *_info_gaps(facts),
        *_coverage(facts),
        *_actions(facts),
        *_resources(facts),
    ]
    return Chapter("summary", w("report.chapter.summary"), tuple(blocks))
