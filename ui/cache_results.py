"""What the dashboard, recommendations, reports and compare pages show, as plain cached data.

The engine computes everything (``assessment.results``, ``assessment.explain``,
``reports.charts``, ``reports.exporters``); this module only turns its frames into small frozen
rows with the words of one language, and caches them per (assessment id, version, language) so a
redraw without a change costs nothing. Pages never see a frame.

- ``scores(of, kind, lang)`` / ``overall(of, lang)``: ``GroupScore`` rows (score None = no score).
- ``areas_of(of, pillar, lang)``: the area rows holding questions of ``pillar`` (drill-down).
- ``why(of, kind, group_id, lang)``: ``Why``: each question's rating, weight and score points,
  and the three changes that raise the band most.
- ``flags(of, lang)``: the raised red flags with the answers or scores that raised them.
- ``figure(...)`` and ``export(...)``: the ``reports.charts`` figures and ``reports.exporters``
  files, cached the same way.

The recommendations page's rows are built in ``ui/components/gap_lists.py`` and
``ui/components/action_plan.py`` (same pattern, their own module to keep each file small).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import streamlit as st

from assessment import frames as F
from assessment.explain import explain_group
from assessment.models import Assessment
from framework.ids import format_legal_ref
from reports import charts
from reports.document import ChartData
from reports.exporters import export
from reports.facts import Facts, records
from reports.wording import Words, is_missing
from ui import cache


@dataclass(frozen=True)
class GroupScore:
    """One scored group: ``score`` None means no rated question yet (shown as a dash)."""

    kind: str
    id: str
    label: str
    score: float | None
    band: str | None
    band_label: str
    color: str
    coverage: float | None
    provisional: bool
    capped: bool
    n_questions: int
    n_rated: int
    n_na: int
    n_unknown: int
    n_unanswered: int


@dataclass(frozen=True)
class QuestionLine:
    id: str
    text: str
    rating: str
    obligation: str
    weight: float
    contribution: float | None
    lost: float | None


@dataclass(frozen=True)
class ChangeLine:
    id: str
    text: str
    from_rating: str
    to_rating: str
    new_score: float
    new_band: str
    band_steps: int


@dataclass(frozen=True)
class Why:
    """Why a group scores what it does (``assessment.explain``), in one language."""

    group: GroupScore
    lines: tuple[QuestionLine, ...]
    changes: tuple[ChangeLine, ...]


@dataclass(frozen=True)
class FlagLine:
    id: str
    title: str
    explanation: str
    legal: str
    pillar: str
    caps_band: bool
    triggers: tuple[tuple[str, str], ...]
    """(what held, the question's text or "") per trigger."""


NO_SCORE_COLOR = "#9e9e9e"


def facts(of: Assessment, lang: str) -> Facts:
    return Facts(cache.content(), cache.results(of), Words(cache.content(), lang))


def _number(value: Any) -> float | None:
    return None if is_missing(value) else float(value)


def _group(facts_: Facts, row: dict[str, Any]) -> GroupScore:
    kind, group_id = str(row[F.GROUP_KIND]), str(row[F.GROUP_ID])
    band = facts_.words.band_of(row[F.BAND])
    return GroupScore(
        kind=kind,
        id=group_id,
        label=facts_.group_label(kind, group_id),
        score=_number(row[F.SCORE]),
        band=band.id if band else None,
        band_label=facts_.words.band(row[F.BAND]),
        color=band.color if band else NO_SCORE_COLOR,
        coverage=_number(row[F.COVERAGE]),
        provisional=bool(row[F.PROVISIONAL]),
        capped=bool(row[F.BAND_CAPPED]),
        n_questions=int(row[F.N_QUESTIONS]),
        n_rated=int(row[F.N_RATED]),
        n_na=int(row[F.N_NA]),
        n_unknown=int(row[F.N_UNKNOWN]),
        n_unanswered=int(row[F.N_UNANSWERED]),
    )


@st.cache_data(show_spinner=False, max_entries=256)
def _scores(assessment_id: str, version: int, kind: str, lang: str, _of: Assessment) -> list:
    found = facts(_of, lang)
    return [_group(found, row) for row in records(found.scores_of(kind))]


def scores(of: Assessment, kind: str, lang: str) -> list[GroupScore]:
    """Every group of ``kind`` (pillar, section, area, dimension, instrument), in order."""
    return _scores(of.id, of.version, kind, lang, of)


def overall(of: Assessment, lang: str) -> GroupScore:
    return scores(of, "instrument", lang)[0]


def areas_of(of: Assessment, pillar: str, lang: str) -> list[GroupScore]:
    """The areas holding at least one question of ``pillar``, in instrument order."""
    instrument = cache.results(of).instrument
    wanted = {
        area.id
        for section in instrument.sections
        for area in section.areas
        if any(q.pillar.value == pillar for q in area.questions)
    }
    return [row for row in scores(of, "area", lang) if row.id in wanted]


@st.cache_data(show_spinner=False, max_entries=256)
def _why(
    assessment_id: str, version: int, kind: str, group_id: str, lang: str, _of: Assessment
) -> Why:
    found = facts(_of, lang)
    explained = explain_group(found.results, kind, group_id)
    words = found.words
    lines = tuple(
        QuestionLine(
            id=str(row[F.QUESTION_ID]),
            text=found.question_text(str(row[F.QUESTION_ID])),
            rating=words.rating(row[F.RATING]),
            obligation=words.obligation(row[F.OBLIGATION]),
            weight=float(row[F.WEIGHT]),
            contribution=_number(row[F.CONTRIBUTION]),
            lost=_number(row[F.LOST]),
        )
        for row in records(explained.contributions)
    )
    changes = tuple(
        ChangeLine(
            id=change.question_id,
            text=found.question_text(change.question_id),
            from_rating=words.rating(change.from_rating),
            to_rating=words.rating(change.to_rating),
            new_score=change.new_score,
            new_band=words.band(change.new_band),
            band_steps=change.band_steps,
        )
        for change in explained.changes
    )
    group = _group(found, found.results.score_of(kind, group_id).to_dict())
    return Why(group=group, lines=lines, changes=changes)


def why(of: Assessment, kind: str, group_id: str, lang: str) -> Why:
    """Answers, weights, score points and the best three changes of one group."""
    return _why(of.id, of.version, kind, group_id, lang, of)


def _trigger_text(found: Facts, trigger: Any) -> tuple[str, str]:
    """What raised a flag: ("PROS-1.2 answered Not in place", the question's text)."""
    words = found.words
    if trigger.question_id:
        line = words(
            "report.flag.trigger_answer",
            question=trigger.question_id,
            rating=words.rating(trigger.rating),
        )
        return line, found.question_text(trigger.question_id)
    group = found.group_label(str(trigger.group_kind), str(trigger.group_id))
    return words("report.flag.trigger_score", group=group, score=words.score(trigger.score)), ""


@st.cache_data(show_spinner=False, max_entries=128)
def _flags(assessment_id: str, version: int, lang: str, _of: Assessment) -> list:
    found = facts(_of, lang)
    words = found.words
    return [
        FlagLine(
            id=raised.flag.id,
            title=words.text(raised.flag.title),
            explanation=words.text(raised.flag.explanation),
            legal=words.join([format_legal_ref(ref) for ref in raised.flag.legal_basis]),
            pillar=words.pillar(raised.flag.pillar.value),
            caps_band=raised.caps_band,
            triggers=tuple(_trigger_text(found, t) for t in raised.triggers),
        )
        for raised in found.results.red_flags
    ]


def flags(of: Assessment, lang: str) -> list[FlagLine]:
    return _flags(of.id, of.version, lang, of)


def flag_cap_band(lang: str) -> str:
    """The band a raised flag caps its pillar at (``method.flag_band_cap``), in ``lang``."""
    bundle = cache.content()
    return Words(bundle, lang).band(bundle.method.flag_band_cap)


# Charts and export files ----------------------------------------------------------------------


@st.cache_data(show_spinner=False, max_entries=64)
def _chart_data(assessment_id: str, version: int, lang: str, _of: Assessment) -> ChartData:
    return charts.build_chart_data(cache.content(), cache.results(_of), lang)


def chart_data(of: Assessment, lang: str) -> ChartData:
    """Every chart input of ``of`` in ``lang`` (``reports.charts.build_chart_data``)."""
    return _chart_data(of.id, of.version, lang, of)


@st.cache_data(show_spinner=False, max_entries=256)
def _figure(assessment_id: str, version: int, lang: str, name: str, _of: Assessment) -> Any:
    return charts.FIGURES[name](chart_data(_of, lang))


def figure(of: Assessment, name: str, lang: str) -> Any:
    """The plotly figure ``name`` (a key of ``reports.charts.FIGURES``) of ``of`` in ``lang``."""
    return _figure(of.id, of.version, lang, name, of)


@st.cache_data(show_spinner=False, max_entries=32)
def _export(
    assessment_id: str, version: int, fmt: str, lang: str, table: str, _of: Assessment
) -> bytes:
    if fmt == "csv":
        from reports.tables import build_csv

        return build_csv(cache.content(), cache.results(_of), lang, table)
    return export(fmt, cache.content(), cache.results(_of), lang)


def export_file(of: Assessment, fmt: str, lang: str, table: str = "answers") -> bytes:
    """The ``reports.exporters`` file ``fmt`` of ``of`` in ``lang``, built once per version;
    for CSV, ``table`` is one of ``reports.exporters.CSV_TABLES``."""
    return _export(of.id, of.version, fmt, lang, table, of)
