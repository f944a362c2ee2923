"""The merge preview: what one or more returned files would change, before anything is saved.

For each question that a file answers (blank rows never count), the incoming answers are
compared with the stored one:

- **unchanged**: every file says what is stored, or left the row as it was pre-filled;
- **new** / **changed**: the files that change it agree, and nothing was saved in the app since
  they were prepared;
- **conflict**: files disagree (``exchange.merge.conflict_sources``), or the stored answer was
  saved after the file was prepared and the file says something else
  (``exchange.merge.conflict_saved``). A conflict is never resolved silently: the person picks
  a source or leaves the stored answer.

"Saved since" uses the answer revision written in the template (``Incoming.base_revision``);
for a Kobo submission, which has none, the stored answer's ``updated_at`` against the
submission time. ``apply_merge`` then saves the accepted answers one by one through the store,
each checked against the revision the preview saw, with the history note "imported from file X".
Re-importing the same file after that finds every row unchanged and writes nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Protocol

from assessment.io.rows import Incoming, RowIssue, SourceRead, answer_key, fingerprint
from assessment.models import Answer, Assessment


class MergeStatus(StrEnum):
    NEW = "new"
    CHANGED = "changed"
    UNCHANGED = "unchanged"
    CONFLICT = "conflict"


@dataclass(frozen=True)
class MergeItem:
    """One question: the stored answer and the distinct answers files propose for it.

    ``proposals`` holds one ``Incoming`` per source that proposes a change (several sources
    may agree); empty when the question is unchanged.
    """

    question_id: str
    status: MergeStatus
    stored: Answer | None
    proposals: tuple[Incoming, ...] = ()
    reason: str = ""

    def proposal(self, source: str) -> Incoming | None:
        return next((p for p in self.proposals if p.source == source), None)


@dataclass(frozen=True)
class MergePreview:
    assessment_id: str
    items: tuple[MergeItem, ...]
    issues: tuple[RowIssue, ...]
    sources: tuple[str, ...]
    blank_rows: int = 0

    def with_status(self, status: MergeStatus) -> list[MergeItem]:
        return [item for item in self.items if item.status is status]

    def item(self, question_id: str) -> MergeItem | None:
        return next((i for i in self.items if i.question_id == question_id), None)

    def default_choices(self) -> dict[str, str]:
        """Accept every new and changed answer (never a conflict): question id -> source."""
        return {
            item.question_id: item.proposals[0].source
            for item in self.items
            if item.status in {MergeStatus.NEW, MergeStatus.CHANGED}
        }

    @property
    def refused_sources(self) -> list[str]:
        return [issue.source for issue in self.issues if issue.row is None]


def _is_proposal(incoming: Incoming, stored: Answer | None) -> bool:
    """True when ``incoming`` asks for something else than what is stored, on purpose."""
    if answer_key(incoming.answer) == answer_key(stored):
        return False
    untouched = (
        incoming.prefilled is not None and fingerprint(incoming.answer) == incoming.prefilled
    )
    return not untouched


def _saved_since(incoming: Incoming, stored: Answer | None) -> bool:
    """The stored answer was saved after the source was prepared or submitted."""
    if stored is None:
        return False
    if incoming.base_revision is not None:
        return stored.revision > incoming.base_revision
    return incoming.as_of is not None and stored.updated_at > incoming.as_of


def _item(question_id: str, stored: Answer | None, incoming: list[Incoming]) -> MergeItem:
    proposals = tuple(i for i in incoming if _is_proposal(i, stored))
    if not proposals:
        return MergeItem(question_id, MergeStatus.UNCHANGED, stored)
    if len({answer_key(p.answer) for p in proposals}) > 1:
        return MergeItem(
            question_id, MergeStatus.CONFLICT, stored, proposals, "exchange.merge.conflict_sources"
        )
    if any(_saved_since(p, stored) for p in proposals):
        return MergeItem(
            question_id, MergeStatus.CONFLICT, stored, proposals, "exchange.merge.conflict_saved"
        )
    status = MergeStatus.NEW if stored is None else MergeStatus.CHANGED
    return MergeItem(question_id, status, stored, proposals)


def build_preview(assessment: Assessment, reads: Iterable[SourceRead]) -> MergePreview:
    """Compare what ``reads`` propose with ``assessment`` as stored. Pure: writes nothing."""
    reads = list(reads)
    by_question: dict[str, list[Incoming]] = {}
    for read in reads:
        for incoming in read.incoming:
            by_question.setdefault(incoming.answer.question_id, []).append(incoming)
    items = (  # in the order rows were first read: the instrument's order for a template
        _item(qid, assessment.answers.get(qid), incoming) for qid, incoming in by_question.items()
    )
    return MergePreview(
        assessment_id=assessment.id,
        items=tuple(items),
        issues=tuple(issue for read in reads for issue in read.issues),
        sources=tuple(read.source for read in reads),
        blank_rows=sum(read.blank_rows for read in reads),
    )


class AnswerStore(Protocol):
    """What ``apply_merge`` needs from ``assessment.store.Store``."""

    def save_answer(
        self,
        assessment_id: str,
        answer: Answer,
        expected_revision: int | None,
        user: str = "",
        *,
        imported_from: str | None = None,
    ) -> Answer: ...


@dataclass
class ApplyResult:
    """What ``apply_merge`` did: saved question ids, and the ones the store refused (stale)."""

    saved: list[str] = field(default_factory=list)
    refused: dict[str, str] = field(default_factory=dict)


def _choices(preview: MergePreview, accepted: Mapping[str, str] | Iterable[str]) -> dict[str, str]:
    """question id -> chosen source; a bare id takes its only proposal (a conflict needs a
    source: several proposals, or a stored answer saved since, are never picked implicitly)."""
    if isinstance(accepted, Mapping):
        return dict(accepted)
    choices = {}
    for question_id in accepted:
        item = preview.item(question_id)
        if item is None or item.status is MergeStatus.CONFLICT:
            raise ValueError(f"{question_id}: choose the source to keep")
        if item.proposals:
            choices[question_id] = item.proposals[0].source
    return choices


def apply_merge(
    store: AnswerStore,
    preview: MergePreview,
    accepted: Mapping[str, str] | Iterable[str],
    user: str,
    source_name: str | None = None,
) -> ApplyResult:
    """Save the accepted answers through the store, one at a time, each checked against the
    revision the preview saw (a change saved meanwhile is refused by the store, not overwritten).

    ``accepted``: question id -> the source whose answer to keep (conflicts need one), or bare
    question ids for non-conflicting items. The history note is the chosen file's name, or
    ``source_name`` when given (e.g. "3 files from the ministries"). Unchanged items are skipped,
    so applying the same preview twice, or re-importing the same file, writes nothing.
    """
    from assessment.errors import StaleWriteError

    result = ApplyResult()
    for question_id, source in _choices(preview, accepted).items():
        item = preview.item(question_id)
        incoming = item.proposal(source) if item else None
        if item is None or incoming is None:
            raise ValueError(f"{question_id}: {source!r} proposes no change")
        expected = item.stored.revision if item.stored else 0
        try:
            store.save_answer(
                preview.assessment_id,
                incoming.answer,
                expected,
                user,
                imported_from=source_name or incoming.source,
            )
        except StaleWriteError as exc:
            result.refused[question_id] = exc.key
            continue
        result.saved.append(question_id)
    return result
