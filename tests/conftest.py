"""Shared fixtures: a tiny instrument built in code, the real method, and answer factories.

The tiny instrument has one question of each obligation class, a weight override, an info
question, two sections with declared pillars and three dimensions, so every scoring rule can be
checked by hand without depending on the content files being written.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from importlib import metadata
from typing import Any

import pytest

from assessment.models import ActionItem, Answer, Assessment
from framework.loader import DATA_DIR, ContentBundle, parse_yaml
from framework.models import Instrument, Method, Rating, RedFlag

_PACKAGES = ("streamlit", "pandas", "pydantic", "plotly", "fpdf2")


def pytest_report_header() -> str:
    """Versions of the libraries whose behaviour the tests depend on (datasette style)."""

    def version(name: str) -> str:
        try:
            return metadata.version(name)
        except metadata.PackageNotFoundError:
            return "not installed"

    return "libraries: " + ", ".join(f"{name} {version(name)}" for name in _PACKAGES)


def _text(en: str) -> dict[str, str]:
    return {"en": en, "zh": f"[zh] {en}"}


_PROV = {"source": "test fixture", "verified": False}


def _question(qid: str, pillar: str, dimension: str, obligation: str, **extra: Any) -> dict:
    return {
        "id": qid,
        "text": _text(f"Question {qid}"),
        "guidance": _text(f"Guidance {qid}"),
        "pillar": pillar,
        "dimension": dimension,
        "obligation": obligation,
        "provenance": _PROV,
        **extra,
    }


TINY_QUESTIONS = {
    # id: (pillar, dimension, obligation, extra)
    "PROS-1.1": ("prosecution", "legal", "mandatory", {"resources": ["toolkit/tool-5"]}),
    "PROS-1.2": (
        "prosecution",
        "legal",
        "consider",
        {"resources": ["toolkit/tool-5", "model_law"]},
    ),
    "PROS-1.3": ("prosecution", "operational", "optional", {"resources": ["toolkit/tool-7"]}),
    "PROS-2.1": ("prosecution", "institutional", "good_practice", {}),
    "PROS-2.2": ("prosecution", "institutional", "good_practice", {"weight": 4}),
    "PROS-2.3": (
        "prosecution",
        "operational",
        "good_practice",
        {"kind": "info", "answer_type": "integer", "minimum": 0},
    ),
    "PROT-1.1": ("protection", "legal", "mandatory", {"resources": ["model_law"]}),
    "PROT-1.2": ("protection", "operational", "consider", {}),
}


def build_tiny_instrument() -> Instrument:
    """Two sections (PROS: 2 areas, PROT: 1 area), 7 rated questions and 1 info question."""
    areas: dict[str, list[dict]] = {}
    for qid, (pillar, dimension, obligation, extra) in TINY_QUESTIONS.items():
        areas.setdefault(qid.split(".")[0], []).append(
            _question(qid, pillar, dimension, obligation, **extra)
        )
    sections = [
        {
            "id": sid,
            "title": _text(sid),
            "pillar": pillar,
            "provenance": _PROV,
            "areas": [
                {"id": aid, "title": _text(aid), "provenance": _PROV, "questions": qs}
                for aid, qs in areas.items()
                if aid.startswith(sid)
            ],
        }
        for sid, pillar in (("PROS", "prosecution"), ("PROT", "protection"))
    ]
    return Instrument.model_validate(
        {
            "id": "tiny",
            "version": "1.0",
            "title": _text("Tiny"),
            "short_title": _text("Tiny"),
            "description": _text("A tiny instrument for tests"),
            "source_resource": "ffa",
            "provenance": _PROV,
            "sections": sections,
        }
    )


def load_method() -> Method:
    """The real method data, read without the rest of the content."""
    return Method.model_validate(parse_yaml((DATA_DIR / "method.yaml").read_text("utf-8")))


def make_flag(flag_id: str, pillar: str, conditions: list[dict], **extra: Any) -> RedFlag:
    return RedFlag.model_validate(
        {
            "id": flag_id,
            "instrument": "tiny",
            "title": _text(flag_id),
            "explanation": _text(f"Explanation of {flag_id}"),
            "legal_basis": ["SOM-5"],
            "pillar": pillar,
            "conditions": conditions,
            "provenance": _PROV,
            **extra,
        }
    )


def make_answer(question_id: str, rating: Rating | str | None = None, **extra: Any) -> Answer:
    """An answer; N/A gets a default justification so the model accepts it."""
    rating = Rating(rating) if rating is not None else None
    if rating is Rating.NOT_APPLICABLE:
        extra.setdefault("justification", "Land-locked State")
    return Answer(question_id=question_id, rating=rating, **extra)


def make_assessment(
    ratings: Mapping[str, Rating | str] | None = None,
    assessment_id: str = "test-0001",
    instrument_id: str = "tiny",
    actions: Mapping[str, dict[str, Any]] | None = None,
    **answer_extra: Mapping[str, Any],
) -> Assessment:
    """An assessment with the given ratings (question id -> rating) and action items."""
    answers = {
        qid: make_answer(qid, rating, **answer_extra.get(qid, {}))
        for qid, rating in (ratings or {}).items()
    }
    items = {qid: ActionItem(question_id=qid, **fields) for qid, fields in (actions or {}).items()}
    return Assessment(
        id=assessment_id,
        country="XAA",
        fictional=True,
        instrument_id=instrument_id,
        instrument_version="1.0",
        answers=answers,
        actions=items,
    )


@pytest.fixture(scope="session")
def tiny_instrument() -> Instrument:
    return build_tiny_instrument()


@pytest.fixture(scope="session")
def method() -> Method:
    return load_method()


@pytest.fixture
def assessment_factory() -> Callable[..., Assessment]:
    return make_assessment


def make_bundle(
    instrument: Instrument, method: Method, flags: list[RedFlag] | None = None
) -> ContentBundle:
    """A ContentBundle holding only ``instrument`` (catalogues empty): enough for the engine."""
    return ContentBundle(
        languages=[],
        method=method,
        instruments={instrument.id: instrument},
        resources={},
        treaties={},
        provisions={},
        agencies={},
        red_flags=list(flags or []),
        strings={},
        see_also={},
        origins={},
    )


@pytest.fixture(scope="session")
def tiny_bundle(tiny_instrument: Instrument, method: Method) -> ContentBundle:
    return make_bundle(tiny_instrument, method)
