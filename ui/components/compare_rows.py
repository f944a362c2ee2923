"""What the compare page compares: the stored assessments a person can pick, and the change of
each group's engine score between two rounds.

A change is only the difference of two scores the engine computed (``assessment.results``);
a group without a score in either round has no change (never a change from or to 0).
Assessments of different instruments are never compared: ``same_instrument`` says so first.
"""

from __future__ import annotations

from dataclasses import dataclass

from assessment.countries import country_name
from assessment.models import Assessment
from assessment.store_rows import AssessmentSummary
from ui import cache, cache_results
from ui.i18n import t, text

MIN_CHANGE = 0.05
"""Changes smaller than this (half the last shown decimal) are neither improved nor regressed."""


@dataclass(frozen=True)
class Delta:
    id: str
    label: str
    before: float | None
    after: float | None

    @property
    def change(self) -> float | None:
        if self.before is None or self.after is None:
            return None
        return self.after - self.before


def summaries() -> list[AssessmentSummary]:
    """Every stored assessment whose instrument the content holds, oldest first."""
    known = cache.content().instruments
    found = [s for s in cache.store().list_assessments() if s.instrument_id in known]
    return sorted(found, key=lambda s: (s.created_at, s.id))


def instrument_name(instrument_id: str) -> str:
    instrument = cache.content().instruments.get(instrument_id)
    return text(instrument.short_title) if instrument else instrument_id


def label(summary: AssessmentSummary, lang: str, with_country: bool = False) -> str:
    """``baseline 2026 · Framework for Action · 2026-03-20`` (with the country when asked)."""
    parts = [
        summary.round_label or t("ui.none"),
        instrument_name(summary.instrument_id),
        summary.updated_at.date().isoformat(),
    ]
    if with_country:
        parts.insert(0, country_name(summary.country, lang))
    return " · ".join(parts)


def same_instrument(items: list[Assessment]) -> bool:
    return len({a.instrument_id for a in items}) <= 1


def same_version(items: list[Assessment]) -> bool:
    return len({a.instrument_version for a in items}) <= 1


def deltas(before: Assessment, after: Assessment, kind: str, lang: str) -> list[Delta]:
    """Every group of ``kind`` scored in either round, in instrument order."""
    old = {g.id: g for g in cache_results.scores(before, kind, lang)}
    return [
        Delta(g.id, g.label, old[g.id].score if g.id in old else None, g.score)
        for g in cache_results.scores(after, kind, lang)
        if g.score is not None or (g.id in old and old[g.id].score is not None)
    ]


def improved(rows: list[Delta]) -> list[Delta]:
    moved = [r for r in rows if r.change is not None and r.change >= MIN_CHANGE]
    return sorted(moved, key=lambda r: -(r.change or 0.0))


def regressed(rows: list[Delta]) -> list[Delta]:
    moved = [r for r in rows if r.change is not None and r.change <= -MIN_CHANGE]
    return sorted(moved, key=lambda r: r.change or 0.0)


def newly_scored(rows: list[Delta]) -> list[Delta]:
    return [r for r in rows if r.before is None and r.after is not None]
