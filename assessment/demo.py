"""The fictional demo assessments, built from YAML in ``assessment/data/demo/``.

A newcomer sees scores and charts at once (issue 4, item 6): the app loads these on first start
and ``python -m assessment demo`` writes them as JSON. Answers live in data, not code; this
module only turns them into ``Assessment`` objects, and refuses loudly (``DemoDataError``) when
an id is not in the instrument, a rated question has no rating, or an info value does not fit
its question's type. Every demo is marked ``fictional`` and says so in its title.

Files are named ``<instrument>-<round>.yaml``. A follow-up round names its baseline in
``based_on`` and lists only what changed: each listed answer replaces the baseline's answer to
that question; ``actions`` replace the baseline's action items.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from assessment.models import ActionItem, Answer, Assessment
from framework.answer_types import InfoValueError, validate_info_value
from framework.loader import ContentBundle, parse_yaml
from framework.models import Instrument, Question, QuestionKind

DEMO_DIR = Path(__file__).parent / "data" / "demo"
_HEADER = ("id", "country", "instrument_id", "title", "round_label", "assessors", "status")
_HEADER += ("created_at", "updated_at")


class DemoDataError(ValueError):
    """The demo data does not fit the content (a wrong id, a missing rating, a bad value)."""


def available_demos() -> list[tuple[str, str]]:
    """(instrument id, round) of every demo file."""
    return sorted(tuple(p.stem.split("-", 1)) for p in DEMO_DIR.glob("*-*.yaml"))  # type: ignore[misc]


@functools.cache
def _read(name: str) -> dict[str, Any]:
    path = DEMO_DIR / name
    if not path.is_file():
        raise DemoDataError(f"no demo data file {name}")
    return parse_yaml(path.read_text(encoding="utf-8"))


def demo_data(instrument_id: str, round_label: str) -> dict[str, Any]:
    """The raw demo data of one round, with a follow-up merged onto its baseline."""
    data = dict(_read(f"{instrument_id}-{round_label}.yaml"))
    base_name = data.pop("based_on", None)
    if base_name is None:
        return data
    base = _read(base_name)
    return {
        **base,
        **data,
        "answers": {**base.get("answers", {}), **data.get("answers", {})},
        "actions": data.get("actions", base.get("actions", {})),
    }


def _check_ids(data: dict[str, Any], instrument: Instrument, name: str) -> None:
    known = instrument.question_index()
    unknown = sorted(
        qid for qid in [*data.get("answers", {}), *data.get("actions", {})] if qid not in known
    )
    if unknown:
        raise DemoDataError(
            f"{name}: question ids not in {instrument.id} v{instrument.version}: "
            + ", ".join(unknown)
        )


def _answer(question: Question, raw: dict[str, Any], data: dict, agencies: set[str]) -> Answer:
    """One answer; an info value is validated against its question's type."""
    defaults = {"updated_by": data.get("answered_by"), "updated_at": data.get("answered_at")}
    fields = {k: v for k, v in defaults.items() if v is not None} | raw
    if question.kind is QuestionKind.INFO:
        if "value" not in raw:
            raise DemoDataError(f"{question.id}: an info question needs a value")
        try:
            fields["value"] = validate_info_value(question, raw["value"], agencies)
        except InfoValueError as exc:
            raise DemoDataError(f"{question.id}: invalid value ({exc})") from None
    elif "rating" not in raw:
        raise DemoDataError(f"{question.id}: a rated question needs a rating")
    return Answer(question_id=question.id, **fields)


def demo_assessment(
    bundle: ContentBundle, instrument_id: str = "ifa", round_label: str = "baseline"
) -> Assessment:
    """The fictional demo assessment of ``instrument_id`` for ``round_label``."""
    instrument = bundle.instruments.get(instrument_id)
    if instrument is None:
        raise DemoDataError(f"unknown instrument {instrument_id!r}")
    name = f"{instrument_id}-{round_label}.yaml"
    data = demo_data(instrument_id, round_label)
    _check_ids(data, instrument, name)
    try:
        index = instrument.question_index()
        answers = {
            qid: _answer(index[qid][2], dict(raw), data, set(bundle.agencies))
            for qid, raw in data.get("answers", {}).items()
        }
        actions = {
            qid: ActionItem(question_id=qid, **fields)
            for qid, fields in data.get("actions", {}).items()
        }
        return Assessment(
            **{key: data[key] for key in _HEADER if key in data},
            fictional=True,
            instrument_version=instrument.version,
            answers=answers,
            actions=actions,
        )
    except ValidationError as exc:
        raise DemoDataError(f"{name}: {exc}") from None


def demo_assessments(bundle: ContentBundle) -> list[Assessment]:
    """Every demo assessment whose instrument is in the content (for the first start)."""
    return [
        demo_assessment(bundle, instrument_id, round_label)
        for instrument_id, round_label in available_demos()
        if instrument_id in bundle.instruments
    ]
