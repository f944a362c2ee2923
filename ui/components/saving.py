"""Saving one field of one answer through the store, and the page's snapshot of the answers.

The snapshot is the store's answers as of the last full page run, updated with every answer
the store has committed since (what ``save_answer`` returns). Fragments draw from it, so a
fragment rerun needs no database read; a full run reloads it from the store (``load``).

``save_field`` builds the whole new answer from the snapshot, the values still pending on the
same question (a refused "Not applicable" waiting for its justification) and the changed
widget, validates it, and saves it against the revision it was drawn from. Whatever the store
refuses stays pending in its widget with the reason; nothing typed is dropped.
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from assessment.errors import (
    StaleWriteError,
    StoreUnavailableError,
    UserFacingError,
    problems_from_validation,
)
from assessment.models import Answer
from framework.answer_types import InfoValueError, validate_info_value
from framework.models import Question
from ui import cache, state

SNAPSHOT = "questionnaire:snapshot"
FIELDS = ("rating", "value", "justification", "evidence", "sources", "agency", "comment")


def load(assessment_id: str, answers: dict[str, Answer]) -> None:
    state.put(SNAPSHOT, (assessment_id, dict(answers)))


def snapshot(assessment_id: str) -> dict[str, Answer]:
    held = state.get(SNAPSHOT)
    if not held or held[0] != assessment_id:
        current = cache.assessment(assessment_id)
        load(assessment_id, dict(current.answers) if current else {})
        held = state.get(SNAPSHOT)
    return held[1]


def _remember(assessment_id: str, question_id: str, answer: Answer | None) -> None:
    answers = snapshot(assessment_id)
    if answer is None:
        answers.pop(question_id, None)
    else:
        answers[question_id] = answer


def _typed(question: Question, field: str, raw: Any) -> Any:
    """The widget value as the answer stores it (info values validated by their type)."""
    if field == "value":
        if raw is None or raw in ("", []):
            return None
        return validate_info_value(question, raw, frozenset(cache.content().agencies))
    if field == "agency":
        return raw or None
    if field == "rating":
        return raw
    return (raw or "").strip()


def _proposed(assessment_id: str, question: Question, field: str) -> dict[str, Any]:
    """Fields of the new answer: stored, then pending ones, then the field that changed."""
    base = snapshot(assessment_id).get(question.id)
    fields = base.model_dump() if base else {"question_id": question.id}
    for name in FIELDS:
        key = f"{name}:{question.id}"
        if name == field or state.pending(key) is not None:
            fields[name] = _typed(question, name, state.widget_value(key))
    return fields


def save_field(assessment_id: str, question: Question, field: str) -> None:
    """Save the widget ``<field>:<question id>``; mark it pending with the reason if refused."""
    key = f"{field}:{question.id}"
    base = snapshot(assessment_id).get(question.id)
    try:
        fields = _proposed(assessment_id, question, field)
        answer = Answer.model_validate(fields)
        if _is_empty(answer):
            saved = _clear(assessment_id, question.id, base)
        else:
            saved = cache.store().save_answer(
                assessment_id, answer, base.revision if base else None, state.user_name()
            )
    except InfoValueError as exc:
        _refuse(key, exc.key, exc.params)
    except ValidationError as exc:
        problem = problems_from_validation(exc)[0]
        _refuse(key, problem.key, problem.params)
    except StaleWriteError as exc:
        _remember(assessment_id, question.id, exc.current)
        state.set_pending(key, state.widget_value(key), exc.key, exc.params)
    except (StoreUnavailableError, UserFacingError) as exc:
        _refuse(key, exc.key, exc.params)
    else:
        for name in FIELDS:
            state.clear_pending(f"{name}:{question.id}")
        _remember(assessment_id, question.id, saved)
        state.notify(f"q:{question.id}", "success", "questionnaire.saved")


def _is_empty(answer: Answer) -> bool:
    texts = (answer.justification, answer.evidence, answer.sources, answer.comment)
    nothing = answer.rating is None and answer.value is None and not answer.agency
    return nothing and not any(texts)


def _clear(assessment_id: str, question_id: str, base: Answer | None) -> None:
    if base is not None:
        cache.store().clear_answer(assessment_id, question_id, base.revision, state.user_name())


def _refuse(key: str, error_key: str, params: dict[str, Any]) -> None:
    """Keep the refused value in its widget, with the reason shown under it."""
    state.set_pending(key, state.widget_value(key), error_key, params)


def clear(assessment_id: str, question_id: str) -> None:
    """Back to unanswered (the 'Clear' button); widgets reseed from the store."""
    base = snapshot(assessment_id).get(question_id)
    _clear(assessment_id, question_id, base)
    _remember(assessment_id, question_id, None)
    state.forget_widgets([f"{name}:{question_id}" for name in FIELDS])
    state.notify(f"q:{question_id}", "success", "questionnaire.cleared")


def reload(assessment_id: str, question_id: str) -> None:
    """After a stale write: drop what is pending and draw the stored answer again."""
    current = cache.assessment(assessment_id)
    _remember(assessment_id, question_id, current.answers.get(question_id) if current else None)
    state.forget_widgets([f"{name}:{question_id}" for name in FIELDS])


def stale_fields(question_id: str) -> list[str]:
    """Fields whose change was refused because the answer changed elsewhere meanwhile."""
    return [
        name
        for name in FIELDS
        if (held := state.pending(f"{name}:{question_id}")) is not None
        and held.key.startswith("error.stale")
    ]


def keep_mine(assessment_id: str, question: Question) -> None:
    """After a stale write: save the pending values over the answer stored now."""
    fields = stale_fields(question.id)
    if fields:
        save_field(assessment_id, question, fields[0])
