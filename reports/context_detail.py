"""The detailed chapters: scores, red flags, the gap register, information gaps, resources, plan."""

from __future__ import annotations

from assessment import frames as F
from framework.ids import format_legal_ref, split_resource_ref
from reports.context_summary import band_cell, flag_line, gap_rows, marks
from reports.document import (
    Block,
    Cell,
    Chapter,
    Chart,
    Entries,
    Entry,
    Paragraph,
    Subheading,
    Table,
)
from reports.facts import Facts, records
from reports.wording import is_missing

AREA_ROW_MM = 5.2
CHART_FRAME_MM = 22.0
MAX_CHART_MM = 215.0


def _headings(facts: Facts, *keys: str) -> tuple[str, ...]:
    return tuple(facts.words(f"report.col.{key}") for key in keys)


def _score_table(facts: Facts, kind: str, with_counts: bool) -> Table:
    w = facts.words
    rows = []
    for row in records(facts.scores_of(kind)):
        cells = [
            Cell(facts.group_label(kind, str(row[F.GROUP_ID]))),
            Cell(w.score(row[F.SCORE])),
            band_cell(facts, row[F.BAND]),
            Cell(w.percent(row[F.COVERAGE])),
        ]
        if with_counts:
            counts = (F.N_RATED, F.N_NA, F.N_UNKNOWN, F.N_UNANSWERED)
            cells += [Cell(str(int(row[c]))) for c in counts]
        rows.append((*cells, Cell(marks(facts, row))))
    keys = ["group", "score", "band", "coverage"]
    keys += ["n_rated", "n_na", "n_unknown", "n_unanswered"] if with_counts else []
    kind_name = f"scores_{'counts' if with_counts else 'plain'}"
    return Table(kind_name, _headings(facts, *keys, "note"), tuple(rows))


def _trigger(facts: Facts, trigger: object) -> str:
    w = facts.words
    question = getattr(trigger, "question_id", None)
    if question:
        rating = w.rating(getattr(trigger, "rating", None))
        return w("report.flag.trigger_answer", question=question, rating=rating)
    kind, group = getattr(trigger, "group_kind", ""), getattr(trigger, "group_id", "")
    label = facts.group_label(str(kind), str(group))
    return w(
        "report.flag.trigger_score", group=label, score=w.score(getattr(trigger, "score", None))
    )


def _flag_entries(facts: Facts) -> list[Block]:
    w = facts.words
    blocks: list[Block] = [Subheading(w("report.scores.red_flags"))]
    if not facts.results.red_flags:
        return [*blocks, Paragraph(w("report.summary.no_red_flags"))]
    entries = []
    for raised in facts.results.red_flags:
        flag = raised.flag
        fields = [
            (w("report.flag.explanation"), w.text(flag.explanation)),
            (w("report.flag.raised_by"), w.join([_trigger(facts, t) for t in raised.triggers])),
            (w("report.flag.effect"), flag_line(facts, raised)),
        ]
        legal = w.join([format_legal_ref(ref) for ref in flag.legal_basis])
        subheading = w.join([w.pillar(flag.pillar), legal])
        entries.append(Entry(f"{flag.id} {w.text(flag.title)}", subheading, tuple(fields)))
    return [*blocks, Paragraph(w("report.scores.red_flags_intro")), Entries(tuple(entries))]


def scores_chapter(facts: Facts) -> Chapter:
    w = facts.words
    n_areas = len(facts.scores_of("area"))
    area_mm = min(MAX_CHART_MM, CHART_FRAME_MM + AREA_ROW_MM * n_areas)
    blocks: list[Block] = [
        Paragraph(w("report.scores.intro")),
        Subheading(w("report.scores.by_section")),
        _score_table(facts, "section", with_counts=True),
        Chart("coverage", w("chart.coverage.title"), height_mm=60),
        Subheading(w("report.scores.by_area")),
        Chart("areas", w("chart.areas.title"), height_mm=area_mm),
        _score_table(facts, "area", with_counts=False),
        Chart("heatmap", w("chart.heatmap.title"), height_mm=area_mm),
        Subheading(w("report.scores.by_dimension")),
        _score_table(facts, "dimension", with_counts=False),
        *_flag_entries(facts),
    ]
    return Chapter("scores", w("report.chapter.scores"), tuple(blocks))


def gaps_chapter(facts: Facts) -> Chapter:
    w, gaps = facts.words, facts.results.gaps
    if gaps.empty:
        return Chapter("gaps", w("report.chapter.gaps"), (Paragraph(w("report.summary.no_gaps")),))
    rows = tuple(
        (
            *base[:3],
            Cell(w.obligation(str(row[F.OBLIGATION]))),
            *base[3:],
            Cell(facts.excerpt(_answer_text(facts, str(row[F.QUESTION_ID]), F.EVIDENCE))),
        )
        for base, row in zip(gap_rows(facts, gaps), records(gaps), strict=True)
    )
    keys = ("rank", "question", "legal_basis", "obligation", "rating", "gap_points", "evidence")
    blocks: list[Block] = [
        Paragraph(w("report.gaps.intro", mark=w("report.provenance.mark"))),
        Chart("top_gaps", w("chart.top_gaps.title"), height_mm=70),
        Table("gaps", _headings(facts, *keys), rows),
    ]
    return Chapter("gaps", w("report.chapter.gaps"), tuple(blocks))


def _answer_text(facts: Facts, question_id: str, column: str) -> str:
    questions = facts.results.questions
    found = questions.loc[questions[F.QUESTION_ID] == question_id, column]
    return "" if found.empty or is_missing(found.iloc[0]) else str(found.iloc[0])


def info_gaps_chapter(facts: Facts) -> Chapter:
    w, info = facts.words, facts.results.info_gaps
    title = w("report.chapter.info_gaps")
    if info.empty:
        return Chapter("info_gaps", title, (Paragraph(w("report.summary.no_info_gaps")),))
    rows = tuple(
        (
            Cell(str(row[F.RANK])),
            Cell(facts.question_label(str(row[F.QUESTION_ID]))),
            Cell(w.obligation(str(row[F.OBLIGATION]))),
            Cell(w.points(row[F.INFO_GAP])),
            Cell(facts.agency(row[F.AGENCY]) or w("report.info.ask_unknown")),
            Cell(facts.excerpt(str(row[F.SOURCES] or ""))),
        )
        for row in records(info)
    )
    keys = ("rank", "question", "obligation", "info_gap", "ask", "sources")
    table = Table("info_gaps", _headings(facts, *keys), rows)
    return Chapter("info_gaps", title, (Paragraph(w("report.info.intro")), table))


def _resource_entry(facts: Facts, whole: dict, parts: list[dict]) -> Entry:
    w = facts.words
    resource_id = str(whole[F.RESOURCE_ID])
    resource = facts.resource(resource_id)
    year = str(resource.year) if resource and resource.year else ""
    publisher = resource.publisher if resource else ""
    fields = [(w("report.col.relevance"), w.points(whole[F.RELEVANCE]))]
    if parts:
        cited = [
            w(
                "report.resources.part",
                part=_part_title(facts, resource_id, str(p[F.PART_ID])),
                points=w.points(p[F.RELEVANCE]),
            )
            for p in parts
        ]
        fields.append((w("report.resources.parts"), "\n".join(cited)))
    addressed = w.join([str(q) for q in whole[F.QUESTION_IDS]])
    fields.append((w("report.col.addresses"), addressed))
    heading = w(
        "report.resources.heading", rank=int(whole[F.RANK]), title=facts.resource_title(resource_id)
    )
    return Entry(
        heading,
        w.join([publisher, year]),
        tuple(fields),
        url=(resource.url or "") if resource else "",
    )


def _part_title(facts: Facts, resource_id: str, part_id: str) -> str:
    resource = facts.resource(resource_id)
    part = resource.part(part_id) if resource else None
    return facts.words.text(part.title) if part else part_id


def resources_chapter(facts: Facts) -> Chapter:
    w, res = facts.words, facts.results.resources
    title = w("report.chapter.resources")
    if res.empty:
        return Chapter("resources", title, (Paragraph(w("report.resources.none")),))
    rows = list(records(res))
    entries = [
        _resource_entry(
            facts,
            whole,
            [
                p
                for p in rows
                if p[F.RESOURCE_ID] == whole[F.RESOURCE_ID] and not is_missing(p[F.PART_ID])
            ],
        )
        for whole in rows
        if is_missing(whole[F.PART_ID])
    ]
    return Chapter(
        "resources", title, (Paragraph(w("report.resources.intro")), Entries(tuple(entries)))
    )


def _resource_titles(facts: Facts, refs: object) -> str:
    ids = dict.fromkeys(
        split_resource_ref(str(r))[0] for r in (refs if isinstance(refs, list) else [])
    )
    return facts.words.join([facts.resource_title(i) for i in ids])


def actions_chapter(facts: Facts) -> Chapter:
    w, plan = facts.words, facts.results.action_plan
    title = w("report.chapter.actions")
    if plan.empty:
        return Chapter("actions", title, (Paragraph(w("report.actions.none")),))
    rows = tuple(
        (
            Cell(facts.question_label(str(row[F.QUESTION_ID]))),
            Cell(_resource_titles(facts, row[F.RESOURCES])),
            Cell(facts.agency(row[F.AGENCY])),
            Cell(w(f"report.priority.{row[F.PRIORITY]}")),
            Cell(w.date(None if is_missing(row[F.TARGET_DATE]) else row[F.TARGET_DATE])),
            Cell(w(f"report.action_status.{row[F.STATUS]}")),
            Cell(facts.excerpt(str(row[F.NOTE] or ""))),
        )
        for row in records(plan)
    )
    keys = ("action", "resources", "agency", "priority", "target_date", "status", "note")
    table = Table("actions", _headings(facts, *keys), rows)
    return Chapter("actions", title, (Paragraph(w("report.actions.intro")), table))
