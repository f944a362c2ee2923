"""What a report reads: the engine's ``Results``, the content, and lookups in one language.

``Facts`` holds no wording of its own; it turns ids into localized titles (questions, areas,
resources, agencies, legal references) and frames into plain rows for ``context`` builders.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from assessment import frames as F
from assessment.results import Results
from framework.ids import format_legal_ref, split_resource_ref
from framework.loader import ContentBundle
from framework.models import Area, Question, Resource, Section
from reports.wording import Words, is_missing

QUESTION_EXCERPT = 280
"""Characters of user text shown inside a table cell; the full text is in the evidence annex."""


@dataclass
class Facts:
    bundle: ContentBundle
    results: Results
    words: Words
    index: dict[str, tuple[Section, Area, Question]] = field(init=False)

    def __post_init__(self) -> None:
        self.index = self.results.instrument.question_index()

    @property
    def lang(self) -> str:
        return self.words.lang

    def question(self, question_id: str) -> Question:
        return self.index[question_id][2]

    def question_text(self, question_id: str) -> str:
        found = self.index.get(question_id)
        return self.words.text(found[2].text) if found else question_id

    def question_label(self, question_id: str) -> str:
        """``PROS-1.2 † Does national law ...``: id, reconstruction mark, text."""
        found = self.index.get(question_id)
        if found is None:
            return question_id
        mark = "" if found[2].provenance.verified else f" {self.words('report.provenance.mark')}"
        return f"{question_id}{mark} {self.words.text(found[2].text)}"

    def section_title(self, section_id: str) -> str:
        section = next((s for s in self.results.instrument.sections if s.id == section_id), None)
        return self.words.text(section.title) if section else section_id

    def area_title(self, area_id: str) -> str:
        for section in self.results.instrument.sections:
            for area in section.areas:
                if area.id == area_id:
                    return self.words.text(area.title)
        return area_id

    def group_label(self, kind: str, group_id: str) -> str:
        if kind == "pillar":
            return self.words.pillar(group_id)
        if kind == "dimension":
            return self.words.dimension(group_id)
        if kind == "section":
            return self.section_title(group_id)
        if kind == "area":
            return f"{group_id} {self.area_title(group_id)}"
        return self.words.text(self.results.instrument.short_title)

    def legal_basis(self, question_id: str) -> str:
        found = self.index.get(question_id)
        refs = found[2].legal_basis if found else []
        return self.words.join([format_legal_ref(ref) for ref in refs])

    def resource(self, resource_id: str) -> Resource | None:
        return self.bundle.resources.get(resource_id)

    def resource_title(self, ref: str) -> str:
        resource_id, part_id = split_resource_ref(ref)
        resource = self.resource(resource_id)
        if resource is None:
            return ref
        title = self.words.text(resource.title)
        part = resource.part(part_id) if part_id else None
        return f"{title}: {self.words.text(part.title)}" if part else title

    def agency(self, agency_id: Any) -> str:
        if is_missing(agency_id) or not agency_id:
            return ""
        agency = self.bundle.agencies.get(str(agency_id))
        return self.words.text(agency.name) if agency else str(agency_id)

    def score_row(self, kind: str, group_id: str) -> pd.Series | None:
        try:
            return self.results.score_of(kind, group_id)
        except KeyError:
            return None

    def scores_of(self, kind: str) -> pd.DataFrame:
        scores = self.results.scores
        return scores[scores[F.GROUP_KIND] == kind]

    def excerpt(self, text: str, limit: int = QUESTION_EXCERPT) -> str:
        """A table's view of user text: the start, with a pointer to the full text in the annex."""
        text = text.strip()
        if len(text) <= limit:
            return text
        cut = text[:limit].rsplit(" ", 1)[0] if " " in text[:limit] else text[:limit]
        return self.words("report.excerpt", text=cut.rstrip())


def records(frame: pd.DataFrame) -> Iterator[dict[str, Any]]:
    """Rows of a frame as dicts (missing values stay NaN/None; use ``is_missing``)."""
    yield from frame.to_dict("records")
