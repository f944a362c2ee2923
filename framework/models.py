"""The content model: what an assessment asks, and the catalogues it cites.

Every text a person reads is a ``LocalizedText`` (one entry per language code) so that a
third language is a data change only. Ids are stable strings (see ``framework.ids``); the
loader cross-checks that every reference resolves.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, RootModel, model_validator

from framework.ids import (
    AREA_ID,
    FLAG_ID,
    INSTRUMENT_ID,
    LEGAL_REF,
    PROVISION_ID,
    QUESTION_ID,
    RESOURCE_ID,
    RESOURCE_PART_ID,
    RESOURCE_REF,
    SECTION_ID,
    SLUG,
)

DEFAULT_LANGUAGE = "en"


class ContentModel(BaseModel):
    """Shared config: content files are strict, so a typo in a key is an error, not ignored."""

    model_config = ConfigDict(extra="forbid", frozen=True, use_enum_values=False)


class LocalizedText(RootModel[dict[str, str]]):
    """A text in several languages, keyed by language code (``en``, ``zh`` ...)."""

    model_config = ConfigDict(frozen=True)

    def get(self, lang: str) -> str:
        """The text in ``lang``; English when that language is missing (the loader forbids it)."""
        return self.root.get(lang) or self.root.get(DEFAULT_LANGUAGE, "")

    def languages(self) -> set[str]:
        return {code for code, text in self.root.items() if text.strip()}


class Pillar(StrEnum):
    PROSECUTION = "prosecution"
    PROTECTION = "protection"
    PREVENTION = "prevention"
    COOPERATION = "cooperation"


class Dimension(StrEnum):
    LEGAL = "legal"
    INSTITUTIONAL = "institutional"
    OPERATIONAL = "operational"


class Obligation(StrEnum):
    """Classes after the Legislative Guide: shall / shall consider / may / beyond the treaty."""

    MANDATORY = "mandatory"
    CONSIDER = "consider"
    OPTIONAL = "optional"
    GOOD_PRACTICE = "good_practice"


class QuestionKind(StrEnum):
    RATED = "rated"
    INFO = "info"


class InfoType(StrEnum):
    """The type of a fact collected by an info question; answers are validated against it."""

    TEXT = "text"
    INTEGER = "integer"
    YEAR = "year"
    CHOICE = "choice"
    MULTI_CHOICE = "multi_choice"
    AGENCY_LIST = "agency_list"


class Rating(StrEnum):
    """Answer states of a rated question. Unanswered is the absence of an answer."""

    FULLY = "fully"
    LARGELY = "largely"
    PARTIALLY = "partially"
    NOT_IN_PLACE = "not_in_place"
    NOT_APPLICABLE = "not_applicable"
    UNKNOWN = "unknown"


class ResourceType(StrEnum):
    TOOLKIT = "toolkit"
    TRAINING_MANUAL = "training_manual"
    MANUAL = "manual"
    MODEL_LAW = "model_law"
    LEGISLATIVE_GUIDE = "legislative_guide"
    ASSESSMENT_GUIDE = "assessment_guide"
    FRAMEWORK = "framework"
    ISSUE_PAPER = "issue_paper"
    DIRECTORY = "directory"
    DATABASE = "database"
    TRAINING_PROGRAMME = "training_programme"
    CAPACITY_GUIDE = "capacity_guide"
    BOOK = "book"
    STUDY = "study"
    MODULE_SERIES = "module_series"
    POLICY = "policy"
    TREATY = "treaty"


class Provenance(ContentModel):
    """What an item rests on, and whether that was checked against the source's own text.

    ``verified: false`` items are shown as reconstructions, never as UNODC wording.
    """

    source: str = Field(min_length=3)
    verified: bool
    note: str | None = None


class Choice(ContentModel):
    id: Annotated[str, Field(pattern=SLUG)]
    label: LocalizedText


class Question(ContentModel):
    id: Annotated[str, Field(pattern=QUESTION_ID)]
    kind: QuestionKind = QuestionKind.RATED
    text: LocalizedText
    guidance: LocalizedText
    pillar: Pillar
    dimension: Dimension
    obligation: Obligation
    legal_basis: list[Annotated[str, Field(pattern=LEGAL_REF)]] = Field(default_factory=list)
    resources: list[Annotated[str, Field(pattern=RESOURCE_REF)]] = Field(default_factory=list)
    weight: float | None = Field(default=None, gt=0, le=10)
    see_also: list[Annotated[str, Field(pattern=QUESTION_ID)]] = Field(default_factory=list)
    answer_type: InfoType | None = None
    choices: list[Choice] = Field(default_factory=list)
    minimum: int | None = None
    maximum: int | None = None
    provenance: Provenance

    @model_validator(mode="after")
    def _info_fields_match_kind(self) -> Question:
        if self.kind is QuestionKind.INFO and self.answer_type is None:
            raise ValueError("an info question needs an answer_type")
        if self.kind is QuestionKind.RATED and (self.answer_type or self.choices):
            raise ValueError("a rated question takes no answer_type or choices")
        needs_choices = self.answer_type in {InfoType.CHOICE, InfoType.MULTI_CHOICE}
        if needs_choices and len(self.choices) < 2:
            raise ValueError("a choice question needs at least two choices")
        if self.choices and not needs_choices:
            raise ValueError("choices are only for choice and multi_choice questions")
        return self


class Area(ContentModel):
    id: Annotated[str, Field(pattern=AREA_ID)]
    title: LocalizedText
    description: LocalizedText | None = None
    provenance: Provenance
    questions: list[Question]


class Section(ContentModel):
    """A Framework table or a Guide chapter."""

    id: Annotated[str, Field(pattern=SECTION_ID)]
    number: int | None = None
    title: LocalizedText
    description: LocalizedText | None = None
    pillar: Pillar | None = None
    provenance: Provenance
    areas: list[Area]


class Instrument(ContentModel):
    id: Annotated[str, Field(pattern=INSTRUMENT_ID)]
    version: str = Field(pattern=r"^\d+\.\d+(\.\d+)?$")
    title: LocalizedText
    short_title: LocalizedText
    description: LocalizedText
    source_resource: Annotated[str, Field(pattern=RESOURCE_ID)]
    provenance: Provenance
    declared_counts: dict[str, int] = Field(default_factory=dict)
    sections: list[Section]

    def questions(self) -> list[Question]:
        return [q for s in self.sections for a in s.areas for q in a.questions]

    def question_index(self) -> dict[str, tuple[Section, Area, Question]]:
        return {q.id: (s, a, q) for s in self.sections for a in s.areas for q in a.questions}


class ResourcePart(ContentModel):
    id: Annotated[str, Field(pattern=RESOURCE_PART_ID)]
    title: LocalizedText
    url: str | None = None
    provenance: Provenance


class Resource(ContentModel):
    id: Annotated[str, Field(pattern=RESOURCE_ID)]
    title: LocalizedText
    year: int | None = Field(default=None, ge=1950, le=2100)
    publisher: str
    url: str | None = None
    type: ResourceType
    description: LocalizedText
    pillars: list[Pillar] = Field(default_factory=list)
    in_seed: bool = False
    parts: list[ResourcePart] = Field(default_factory=list)
    provenance: Provenance

    def part(self, part_id: str) -> ResourcePart | None:
        return next((p for p in self.parts if p.id == part_id), None)


class LegalProvision(ContentModel):
    """One article of a treaty (the Protocol, the Convention, or another cited instrument)."""

    id: Annotated[str, Field(pattern=PROVISION_ID)]
    treaty: str
    article: str
    title: LocalizedText
    summary: LocalizedText
    obligation: Obligation | None = None
    provenance: Provenance


class Treaty(ContentModel):
    id: Annotated[str, Field(pattern=r"^[A-Z][A-Z0-9]*$")]
    title: LocalizedText
    short_title: LocalizedText
    url: str | None = None
    provenance: Provenance


class RatingLevel(ContentModel):
    id: Rating
    value: float | None = Field(ge=0, le=1)
    label: LocalizedText
    description: LocalizedText


class Band(ContentModel):
    id: Annotated[str, Field(pattern=SLUG)]
    minimum: float = Field(ge=0, le=100)
    label: LocalizedText
    color: str = Field(pattern=r"^#[0-9a-fA-F]{6}$")


class Method(ContentModel):
    """The scoring method (DESIGN section 3), kept as data so help page and reports agree."""

    version: str
    ratings: list[RatingLevel]
    weights: dict[Obligation, float]
    bands: list[Band]
    provisional_below_coverage: float = Field(gt=0, le=1)
    flag_band_cap: Annotated[str, Field(pattern=SLUG)]
    text: dict[str, LocalizedText]

    def rating_value(self, rating: Rating) -> float | None:
        return next(level.value for level in self.ratings if level.id is rating)

    def band_for(self, score: float | None) -> Band | None:
        if score is None:
            return None
        ordered = sorted(self.bands, key=lambda b: b.minimum, reverse=True)
        return next((b for b in ordered if score >= b.minimum), ordered[-1])


class FlagCondition(ContentModel):
    """One trigger of a red flag: a question rated in one of ``ratings``, or a group score range.

    A question condition names ``question`` and ``ratings``; a score condition names
    ``group_kind`` + ``group_id`` with ``min_score`` and/or ``max_score`` (inclusive).
    """

    question: Annotated[str, Field(pattern=QUESTION_ID)] | None = None
    ratings: list[Rating] = Field(default_factory=list)
    group_kind: str | None = Field(default=None, pattern=r"^(pillar|section|area|dimension)$")
    group_id: str | None = None
    min_score: float | None = Field(default=None, ge=0, le=100)
    max_score: float | None = Field(default=None, ge=0, le=100)

    @model_validator(mode="after")
    def _one_kind(self) -> FlagCondition:
        on_question = self.question is not None
        on_group = self.group_kind is not None
        if on_question == on_group:
            raise ValueError("a condition names either a question or a group, not both")
        if on_question and not self.ratings:
            raise ValueError("a question condition lists the ratings that trigger it")
        if on_group and (
            self.group_id is None or (self.min_score is None and self.max_score is None)
        ):
            raise ValueError("a group condition needs group_id and min_score or max_score")
        return self


class RedFlag(ContentModel):
    """A Protocol consistency rule: raised when all (or any) of its conditions hold."""

    id: Annotated[str, Field(pattern=FLAG_ID)]
    instrument: Annotated[str, Field(pattern=INSTRUMENT_ID)]
    title: LocalizedText
    explanation: LocalizedText
    legal_basis: list[Annotated[str, Field(pattern=LEGAL_REF)]]
    pillar: Pillar
    caps_band: bool = True
    match: str = Field(default="all", pattern=r"^(all|any)$")
    conditions: list[FlagCondition] = Field(min_length=1)
    provenance: Provenance


class Language(ContentModel):
    code: Annotated[str, Field(pattern=r"^[a-z]{2,3}(-[A-Za-z]{2,4})?$")]
    name: str
    native_name: str
    rtl: bool = False
    required: bool = True


class Agency(ContentModel):
    id: Annotated[str, Field(pattern=SLUG)]
    name: LocalizedText
