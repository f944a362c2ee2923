"""The merge preview as plain rows of text, in one language, for the page and the CLI.

Nothing here decides anything: it words what ``merge.build_preview`` found. Rows are dicts of
strings keyed by stable column ids; ``column_titles`` gives the headers in the language.
"""

from __future__ import annotations

from assessment.io import excel_layout as layout
from assessment.io.labels import LIST_JOINER, Labels
from assessment.io.merge import MergeItem, MergePreview, MergeStatus
from assessment.io.rows import Incoming, RowIssue
from assessment.models import Answer
from framework.loader import ContentBundle

CHANGE_COLUMNS = ("question", "status", "stored", "incoming", "source")
ISSUE_COLUMNS = ("source", "row", "question", "field", "problem")
MAX_SHOWN = 80


def _short(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= MAX_SHOWN else text[: MAX_SHOWN - 1] + "…"


def describe_answer(answer: Answer | None, bundle: ContentBundle, lang: str) -> str:
    """One line: the rating or value, then the texts that are set (evidence, agency ...)."""
    if answer is None:
        return layout.text(bundle, "exchange.merge.unanswered", lang)
    labels = Labels(bundle)
    parts = []
    if answer.rating is not None:
        parts.append(labels.rating(answer.rating, lang))
    if answer.value is not None:
        value = answer.value
        parts.append(LIST_JOINER.join(value) if isinstance(value, list) else str(value))
    if answer.justification:
        parts.append(_field(bundle, "justification", answer.justification, lang))
    if answer.evidence:
        parts.append(_field(bundle, "evidence", answer.evidence, lang))
    if answer.sources:
        parts.append(_field(bundle, "sources", answer.sources, lang))
    if answer.agency:
        parts.append(_field(bundle, "agency", labels.agency(answer.agency, lang), lang))
    if answer.comment:
        parts.append(_field(bundle, "comment", answer.comment, lang))
    return " · ".join(parts)


def _field(bundle: ContentBundle, key: str, value: str, lang: str) -> str:
    return f"{layout.header(bundle, key, lang)}: {_short(value)}"


def describe_source(incoming: Incoming, bundle: ContentBundle, lang: str) -> str:
    return layout.text(
        bundle, "exchange.merge.source_row", lang, source=incoming.source, row=incoming.row
    )


def _status(item: MergeItem, bundle: ContentBundle, lang: str) -> str:
    status = layout.text(bundle, f"exchange.merge.status.{item.status.value}", lang)
    if not item.reason:
        return status
    reason = layout.text(bundle, item.reason, lang)
    return layout.text(bundle, "exchange.merge.status_reason", lang, status=status, reason=reason)


def change_rows(
    preview: MergePreview, bundle: ContentBundle, lang: str, include_unchanged: bool = False
) -> list[dict[str, str]]:
    """One row per proposal (a conflict shows each source on its own row)."""
    rows = []
    for item in preview.items:
        if item.status is MergeStatus.UNCHANGED and not include_unchanged:
            continue
        stored = describe_answer(item.stored, bundle, lang)
        status = _status(item, bundle, lang)
        for incoming in item.proposals or (None,):
            rows.append(
                {
                    "question": item.question_id,
                    "status": status,
                    "stored": stored,
                    "incoming": describe_answer(incoming.answer, bundle, lang)
                    if incoming
                    else stored,
                    "source": describe_source(incoming, bundle, lang) if incoming else "",
                }
            )
    return rows


def describe_issue(issue: RowIssue, bundle: ContentBundle, lang: str) -> str:
    """The reason in words (the issue's i18n key with its params)."""
    params = {**issue.params, "question": issue.question_id, "field": issue.field}
    try:
        return layout.text(bundle, issue.key, lang, **params)
    except (KeyError, IndexError, ValueError):
        return layout.text(bundle, issue.key, lang)


def issue_rows(preview: MergePreview, bundle: ContentBundle, lang: str) -> list[dict[str, str]]:
    return [
        {
            "source": issue.source,
            "row": "" if issue.row is None else str(issue.row),
            "question": issue.question_id,
            "field": layout.header(bundle, issue.field, lang) if issue.field else "",
            "problem": describe_issue(issue, bundle, lang),
        }
        for issue in preview.issues
    ]


def column_titles(columns: tuple[str, ...], bundle: ContentBundle, lang: str) -> dict[str, str]:
    return {c: layout.text(bundle, f"exchange.merge.column.{c}", lang) for c in columns}


def summary(preview: MergePreview, bundle: ContentBundle, lang: str) -> str:
    counts = {status.value: len(preview.with_status(status)) for status in MergeStatus}
    return layout.text(
        bundle, "exchange.merge.summary", lang, invalid=len(preview.issues), **counts
    )
