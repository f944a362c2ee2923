"""Saving one action-plan row through the store, the way answers are saved.

Each field of the row editor is a widget keyed ``action-<field>:<question id>``. A change saves
the whole row (``ActionItem``) at once against the revision the row was drawn at; "saved" is
shown only after the store committed. A row changed elsewhere meanwhile is refused
(``StaleWriteError``): the values typed stay pending in their widgets, the other fields show the
stored row, and the editor offers to reload it or to keep the change and save it over the stored
row. Nothing typed is dropped, nothing is overwritten silently.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import ValidationError

from assessment.errors import StaleWriteError, UserFacingError, problems_from_validation
from assessment.models import ActionItem
from ui import cache, state

FIELDS = ("agency", "priority", "target_date", "status", "note")
TOPIC = "plan"


def widget_key(field: str, question_id: str) -> str:
    return f"action-{field}:{question_id}"


def revision_key(question_id: str) -> str:
    """Where the drawn revision is remembered (apart from the answer's revision)."""
    return f"action:{question_id}"


def seed(question_id: str, values: dict[str, Any], revision: int | None) -> None:
    """Draw the row's widgets from the store (unless a refused value is pending there)."""
    state.remember_revision(revision_key(question_id), revision)
    for field in FIELDS:
        state.seed_widget(widget_key(field, question_id), values[field])


def _typed(field: str, raw: Any) -> Any:
    if field == "note":
        return (raw or "").strip()
    if field == "target_date":
        return raw if isinstance(raw, date) else None
    return raw or None if field == "agency" else raw


def save_row(assessment_id: str, question_id: str, field: str) -> None:
    """Save the row after its ``field`` widget changed; keep it pending if refused."""
    key = widget_key(field, question_id)
    values = {
        name: _typed(name, state.widget_value(widget_key(name, question_id))) for name in FIELDS
    }
    try:
        item = ActionItem(question_id=question_id, **values)
        saved = cache.store().save_action(
            assessment_id, item, expected_revision=state.drawn_revision(revision_key(question_id))
        )
    except ValidationError as exc:
        problem = problems_from_validation(exc)[0]
        _refuse(key, problem.key, problem.params)
    except StaleWriteError as exc:
        state.set_pending(key, state.widget_value(key), exc.key, **exc.params)
    except UserFacingError as exc:
        _refuse(key, exc.key, exc.params)
    else:
        for name in FIELDS:
            state.clear_pending(widget_key(name, question_id))
        state.remember_revision(revision_key(question_id), getattr(saved, "revision", None))
        state.notify(TOPIC, "success", "recommendations.saved", id=question_id)


def _refuse(key: str, error_key: str, params: dict[str, Any]) -> None:
    state.set_pending(key, state.widget_value(key), error_key, **params)
    state.notify(TOPIC, "error", error_key, **params)


def stale_fields(question_id: str) -> list[str]:
    """Fields whose change was refused because the row changed elsewhere meanwhile."""
    return [
        name
        for name in FIELDS
        if (held := state.pending(widget_key(name, question_id))) is not None
        and held.key.startswith("error.stale")
    ]


def stale_message(question_id: str) -> tuple[str, dict[str, Any]] | None:
    """The refusal (i18n key, params) to show, or None when nothing was refused as stale."""
    fields = stale_fields(question_id)
    if not fields:
        return None
    held = state.pending(widget_key(fields[0], question_id))
    return (held.key, held.params) if held else None


def keep_mine(assessment_id: str, question_id: str) -> None:
    """After a stale refusal: save what is typed over the row stored now (drawn meanwhile)."""
    fields = stale_fields(question_id)
    if fields:
        save_row(assessment_id, question_id, fields[0])


def refused(question_id: str) -> list[tuple[str, dict[str, Any]]]:
    """The reasons (i18n key, params) other than staleness a change to the row was refused."""
    held = [state.pending(widget_key(name, question_id)) for name in FIELDS]
    return [
        (h.key, h.params) for h in held if h is not None and not h.key.startswith("error.stale")
    ]


def reload(question_id: str) -> None:
    """Drop what is pending on the row and draw the stored values again."""
    state.forget_widgets([widget_key(name, question_id) for name in FIELDS])
