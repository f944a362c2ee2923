"""The rows of the recommendations page: ranked gaps with the resources their questions cite,
recommended resources with their parts, information gaps and questions marked not applicable.

Plain frozen dataclasses built from the engine's frames (``Results.gaps``, ``resources``,
``info_gaps``, ``not_applicable``) and cached per (assessment id, version, language), like
``ui.cache_results``; titles are in the requested language. ``gap_lists`` draws them.
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from assessment import frames as F
from assessment.models import Assessment
from framework.ids import split_resource_ref
from reports.facts import Facts, records
from reports.wording import is_missing
from ui.cache_results import facts


@dataclass(frozen=True)
class GapLine:
    rank: int
    id: str
    text: str
    pillar: str
    obligation: str
    rating: str
    gap_points: float
    resources: tuple[CitedResource, ...]


@dataclass(frozen=True)
class CitedResource:
    """A resource (or the part of it) a question cites: title in the language, link, year."""

    title: str
    url: str | None
    year: int | None


@dataclass(frozen=True)
class PartLine:
    title: str
    url: str | None
    relevance: float


@dataclass(frozen=True)
class ResourceLine:
    rank: int
    id: str
    title: str
    year: int | None
    url: str | None
    relevance: float
    parts: tuple[PartLine, ...]
    addresses: tuple[str, ...]


@dataclass(frozen=True)
class InfoGapLine:
    id: str
    text: str
    obligation: str
    info_gap: float
    ask: str
    sources: str
    comment: str


@dataclass(frozen=True)
class NaLine:
    id: str
    text: str
    justification: str
    agency: str


@st.cache_data(show_spinner=False, max_entries=128)
def _gap_rows(assessment_id: str, version: int, lang: str, _of: Assessment) -> list:
    found = facts(_of, lang)
    words = found.words
    return [
        GapLine(
            rank=int(row[F.RANK]),
            id=str(row[F.QUESTION_ID]),
            text=found.question_text(str(row[F.QUESTION_ID])),
            pillar=words.pillar(row[F.PILLAR]),
            obligation=words.obligation(row[F.OBLIGATION]),
            rating=words.rating(row[F.RATING]),
            gap_points=float(row[F.GAP_POINTS]),
            resources=tuple(_cited(found, ref) for ref in row[F.RESOURCES]),
        )
        for row in records(found.results.gaps)
    ]


def _cited(found: Facts, ref: str) -> CitedResource:
    resource_id, part_id = split_resource_ref(ref)
    resource = found.resource(resource_id)
    part = resource.part(part_id) if resource and part_id else None
    url = (part.url if part else None) or (resource.url if resource else None)
    return CitedResource(found.resource_title(ref), url, resource.year if resource else None)


def gap_rows(of: Assessment, lang: str) -> list[GapLine]:
    """Rated questions below full implementation, in the engine's priority order."""
    return _gap_rows(of.id, of.version, lang, of)


@st.cache_data(show_spinner=False, max_entries=128)
def _resource_rows(assessment_id: str, version: int, lang: str, _of: Assessment) -> list:
    found = facts(_of, lang)
    words = found.words
    rows = list(records(found.results.resources))
    parts: dict[str, list[PartLine]] = {}
    for row in rows:
        part_id = row[F.PART_ID]
        if is_missing(part_id) or not part_id:
            continue
        ref = f"{row[F.RESOURCE_ID]}/{part_id}"
        resource = found.resource(str(row[F.RESOURCE_ID]))
        part = resource.part(str(part_id)) if resource else None
        url = (part.url if part else None) or (resource.url if resource else None)
        title = words.text(part.title) if part else ref
        parts.setdefault(str(row[F.RESOURCE_ID]), []).append(
            PartLine(title, url, float(row[F.RELEVANCE]))
        )
    lines = []
    for row in rows:
        if not (is_missing(row[F.PART_ID]) or not row[F.PART_ID]):
            continue
        resource = found.resource(str(row[F.RESOURCE_ID]))
        lines.append(
            ResourceLine(
                rank=len(lines) + 1,
                id=str(row[F.RESOURCE_ID]),
                title=words.text(resource.title) if resource else str(row[F.RESOURCE_ID]),
                year=resource.year if resource else None,
                url=resource.url if resource else None,
                relevance=float(row[F.RELEVANCE]),
                parts=tuple(parts.get(str(row[F.RESOURCE_ID]), [])),
                addresses=tuple(row[F.QUESTION_IDS]),
            )
        )
    return lines


def resource_rows(of: Assessment, lang: str) -> list[ResourceLine]:
    """Recommended resources by relevance, each with the parts cited and the gaps addressed."""
    return _resource_rows(of.id, of.version, lang, of)


@st.cache_data(show_spinner=False, max_entries=128)
def _info_gap_rows(assessment_id: str, version: int, lang: str, _of: Assessment) -> list:
    found = facts(_of, lang)
    return [
        InfoGapLine(
            id=str(row[F.QUESTION_ID]),
            text=found.question_text(str(row[F.QUESTION_ID])),
            obligation=found.words.obligation(row[F.OBLIGATION]),
            info_gap=float(row[F.INFO_GAP]),
            ask=found.agency(row[F.AGENCY]),
            sources=str(row[F.SOURCES] or ""),
            comment=str(row[F.COMMENT] or ""),
        )
        for row in records(found.results.info_gaps)
    ]


def info_gap_rows(of: Assessment, lang: str) -> list[InfoGapLine]:
    return _info_gap_rows(of.id, of.version, lang, of)


@st.cache_data(show_spinner=False, max_entries=128)
def _na_rows(assessment_id: str, version: int, lang: str, _of: Assessment) -> list:
    found = facts(_of, lang)
    return [
        NaLine(
            id=str(row[F.QUESTION_ID]),
            text=found.question_text(str(row[F.QUESTION_ID])),
            justification=str(row[F.JUSTIFICATION] or ""),
            agency=found.agency(row[F.AGENCY]),
        )
        for row in records(found.results.not_applicable)
    ]


def na_rows(of: Assessment, lang: str) -> list[NaLine]:
    return _na_rows(of.id, of.version, lang, of)
