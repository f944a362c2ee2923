"""The country context (info questions) and the annexes: N/A, evidence in full, provenance."""

from __future__ import annotations

from typing import Any

from assessment import frames as F
from framework.models import InfoType, QuestionKind
from reports.document import Block, Cell, Chapter, Entries, Entry, Paragraph, Table
from reports.facts import Facts, records
from reports.wording import is_missing

TEXT_FIELDS = (
    (F.EVIDENCE, "report.col.evidence"),
    (F.SOURCES, "report.col.sources"),
    (F.COMMENT, "report.col.comment"),
    (F.JUSTIFICATION, "report.col.justification"),
)


def info_value(facts: Facts, question_id: str, value: Any) -> str:
    """An info answer as text: choice labels, agency names, numbers, or the text as typed."""
    if value is None or (not isinstance(value, list) and is_missing(value)):
        return ""
    question = facts.question(question_id)
    items = value if isinstance(value, list) else [value]
    if question.answer_type in {InfoType.CHOICE, InfoType.MULTI_CHOICE}:
        labels = {c.id: facts.words.text(c.label) for c in question.choices}
        return facts.words.join([labels.get(str(v), str(v)) for v in items])
    if question.answer_type is InfoType.AGENCY_LIST:
        return facts.words.join([facts.agency(v) for v in items])
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return facts.words.join([str(v) for v in items])


def _answered_info(facts: Facts) -> list[dict]:
    questions = facts.results.questions
    info = questions[questions[F.KIND] == QuestionKind.INFO.value]
    return [r for r in records(info) if info_value(facts, str(r[F.QUESTION_ID]), r[F.INFO_VALUE])]


def context_chapter(facts: Facts) -> Chapter:
    w = facts.words
    title = w("report.chapter.context")
    answered = _answered_info(facts)
    if not answered:
        return Chapter("context", title, (Paragraph(w("report.context.none")),))
    rows = tuple(
        (
            Cell(facts.question_label(str(r[F.QUESTION_ID]))),
            Cell(facts.excerpt(info_value(facts, str(r[F.QUESTION_ID]), r[F.INFO_VALUE]))),
            Cell(facts.excerpt(str(r[F.SOURCES] or ""))),
        )
        for r in answered
    )
    headings = (w("report.col.question"), w("report.col.answer"), w("report.col.sources"))
    table = Table("context", headings, rows)
    return Chapter("context", title, (Paragraph(w("report.context.intro")), table))


def not_applicable_chapter(facts: Facts) -> Chapter:
    w, na = facts.words, facts.results.not_applicable
    title = w("report.chapter.not_applicable")
    if na.empty:
        return Chapter("not_applicable", title, (Paragraph(w("report.na.none")),))
    entries = tuple(
        Entry(
            facts.question_label(str(r[F.QUESTION_ID])),
            w.join([w.obligation(str(r[F.OBLIGATION])), facts.agency(r[F.AGENCY])]),
            ((w("report.col.justification"), str(r[F.JUSTIFICATION])),),
        )
        for r in records(na)
    )
    return Chapter("not_applicable", title, (Paragraph(w("report.na.intro")), Entries(entries)))


def _evidence_entry(facts: Facts, row: dict, notes: dict[str, str]) -> Entry | None:
    w = facts.words
    qid = str(row[F.QUESTION_ID])
    fields = []
    value = info_value(facts, qid, row[F.INFO_VALUE])
    if value:
        fields.append((w("report.col.answer"), value))
    for column, key in TEXT_FIELDS:
        text = "" if is_missing(row[column]) else str(row[column])
        if text.strip():
            fields.append((w(key), text))
    if notes.get(qid, "").strip():
        fields.append((w("report.col.note"), notes[qid]))
    if not fields:
        return None
    rating = "" if row[F.KIND] == QuestionKind.INFO.value else w.rating(row[F.RATING])
    return Entry(
        facts.question_label(qid), w.join([rating, facts.agency(row[F.AGENCY])]), tuple(fields)
    )


def evidence_chapter(facts: Facts) -> Chapter:
    """Every evidence text, source, comment, justification and action note, in full."""
    w = facts.words
    notes = {
        str(r[F.QUESTION_ID]): str(r[F.NOTE] or "") for r in records(facts.results.action_plan)
    }
    entries = [_evidence_entry(facts, r, notes) for r in records(facts.results.questions)]
    found = tuple(e for e in entries if e is not None)
    title = w("report.chapter.evidence")
    if not found:
        return Chapter("evidence", title, (Paragraph(w("report.evidence.none")),))
    return Chapter("evidence", title, (Paragraph(w("report.evidence.intro")), Entries(found)))


def provenance_chapter(facts: Facts) -> Chapter:
    w, instrument = facts.words, facts.results.instrument
    questions = instrument.questions()
    unverified = [q for q in questions if not q.provenance.verified]
    blocks: list[Block] = [
        Paragraph(w("report.provenance.intro", mark=w("report.provenance.mark"))),
        Paragraph(w("report.provenance.source", source=instrument.provenance.source), tone="note"),
        Paragraph(
            w(
                "report.provenance.counts",
                total=len(questions),
                verified=len(questions) - len(unverified),
                reconstructed=len(unverified),
            )
        ),
    ]
    rows = tuple(
        (
            Cell(q.id),
            Cell(w("provenance.verified" if q.provenance.verified else "provenance.unverified")),
            Cell(q.provenance.source),
        )
        for q in questions
    )
    headings = (w("report.col.id"), w("report.col.status"), w("report.col.source"))
    blocks.append(Table("provenance", headings, rows))
    return Chapter("provenance", w("report.chapter.provenance"), tuple(blocks))
