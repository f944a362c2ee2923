"""The ``guide`` instrument: the Guide's chapters, its typed info answers, its links to ``ifa``."""

from __future__ import annotations

import functools
import itertools
import re
from pathlib import Path
from typing import Any

import pytest

from framework.answer_types import InfoValueError, validate_info_value
from framework.checks import symmetric_see_also
from framework.errors import ContentInvalidError
from framework.loader import DATA_DIR, build_bundle, parse_yaml, read_raw
from framework.models import (
    Agency,
    InfoType,
    Instrument,
    Question,
    QuestionKind,
    Resource,
    Section,
)

GUIDE_DIR = DATA_DIR / "instruments" / "guide"
IFA_DIR = DATA_DIR / "instruments" / "ifa"

# The chapters encoded, in the Guide's order. Only 10 and 12 are verified (CTOC/COP/WG.7/2015/1);
# the rest follow domain.md 2.2. Changing this list is a content decision, not a test fix.
EXPECTED_CHAPTERS = [
    (1, "The crime picture: scale, routes, modus operandi and data sources"),
    (2, "Legislative framework"),
    (3, "Law enforcement and investigation"),
    (4, "Prosecution"),
    (5, "Courts and adjudication"),
    (6, "Protection of and assistance to smuggled migrants"),
    (7, "International cooperation"),
    (8, "Smuggling of migrants by sea"),
    (9, "Border management and commercial carriers"),
    (10, "Identity and travel documents"),
    (11, "Training and technical cooperation"),
    (12, "Prevention and awareness raising"),
]
VERIFIED_CHAPTERS = {10, 12}


def _load(path: Path) -> Any:
    return parse_yaml(path.read_text(encoding="utf-8"))


def _instrument(folder: Path) -> Instrument:
    """An instrument built from its own files, so these tests need no other content to be valid."""
    head = dict(_load(folder / "instrument.yaml"))
    files = head.pop("section_files")
    sections = [Section.model_validate(_load(folder / name)) for name in files]
    return Instrument.model_validate({**head, "sections": []}).model_copy(
        update={"sections": sections}
    )


@functools.cache
def guide() -> Instrument:
    return _instrument(GUIDE_DIR)


@functools.cache
def ifa() -> Instrument:
    return _instrument(IFA_DIR)


@functools.cache
def agency_ids() -> frozenset[str]:
    data = _load(DATA_DIR / "catalogues" / "agencies.yaml")
    return frozenset(Agency.model_validate(item).id for item in data)


def _questions() -> list[Question]:
    return guide().questions()


def _info_questions() -> list[Question]:
    return [q for q in _questions() if q.kind is QuestionKind.INFO]


# --- chapters ----------------------------------------------------------------------------------


def test_every_chapter_is_present_in_order() -> None:
    sections = guide().sections
    assert [(s.number, s.title.get("en")) for s in sections] == EXPECTED_CHAPTERS
    numbers = [s.number for s in sections]
    assert all(a is not None and b is not None and a < b for a, b in itertools.pairwise(numbers))
    assert [s.id for s in sections] == [f"AG-{n}" for n, _ in EXPECTED_CHAPTERS]


def test_section_files_are_named_after_their_chapter() -> None:
    head = _load(GUIDE_DIR / "instrument.yaml")
    for name, section in zip(head["section_files"], guide().sections, strict=True):
        assert re.match(rf"^ch{section.number:02d}-[a-z0-9-]+\.yaml$", name), name
    on_disk = {p.name for p in GUIDE_DIR.glob("ch*.yaml")}
    assert on_disk == set(head["section_files"]), "a chapter file is not listed in section_files"


def test_every_chapter_has_titles_in_both_languages() -> None:
    for section in guide().sections:
        assert {"en", "zh"} <= section.title.languages(), section.id


def test_only_verified_chapters_claim_verification() -> None:
    for section in guide().sections:
        assert section.provenance.verified is (section.number in VERIFIED_CHAPTERS), section.id
        if not section.provenance.verified:
            assert "chapter title reconstructed" in (section.provenance.note or ""), section.id


@pytest.mark.parametrize("section", guide().sections, ids=lambda s: s.id)
def test_every_chapter_is_non_empty_with_rated_and_info_questions(section: Section) -> None:
    assert section.areas
    assert all(area.questions for area in section.areas)
    kinds = [q.kind for a in section.areas for q in a.questions]
    assert kinds.count(QuestionKind.RATED) >= 4
    assert kinds.count(QuestionKind.INFO) >= 2


def test_ids_are_unique_and_nested() -> None:
    ids = [s.id for s in guide().sections]
    for section in guide().sections:
        for area in section.areas:
            ids.append(area.id)
            assert re.fullmatch(rf"{section.id}\.\d{{1,2}}", area.id), area.id
            for q in area.questions:
                ids.append(q.id)
                assert re.fullmatch(rf"{re.escape(area.id)}\.\d{{1,2}}", q.id), q.id
    assert len(ids) == len(set(ids))


def test_declared_counts_match() -> None:
    inst = guide()
    questions = inst.questions()
    actual = {
        "sections": len(inst.sections),
        "areas": sum(len(s.areas) for s in inst.sections),
        "questions": len(questions),
        "rated": sum(q.kind is QuestionKind.RATED for q in questions),
        "info": sum(q.kind is QuestionKind.INFO for q in questions),
    }
    assert inst.declared_counts == actual


# --- questions ---------------------------------------------------------------------------------


@pytest.mark.parametrize("question", _questions(), ids=lambda q: q.id)
def test_question_is_tagged_sourced_and_bilingual(question: Question) -> None:
    chapter = int(question.id.split("-")[1].split(".")[0])
    assert question.legal_basis, "every guide question names its legal basis"
    assert f"assess_guide/ch-{chapter}" in question.resources
    assert question.provenance.verified is False, "Guide wording was not seen"
    assert question.provenance.source.startswith(f"Assessment Guide 2012 ch. {chapter} ")
    for text in (question.text, question.guidance):
        assert {"en", "zh"} <= text.languages()
    for choice in question.choices:
        assert {"en", "zh"} <= choice.label.languages()


def test_the_guide_cites_every_chapter_part_it_uses() -> None:
    catalogue = _load(DATA_DIR / "catalogues" / "resources.yaml")
    resources = {r.id: r for r in (Resource.model_validate(item) for item in catalogue)}
    assessment_guide = resources[guide().source_resource]
    for number, _ in EXPECTED_CHAPTERS:
        assert assessment_guide.part(f"ch-{number}") is not None, number


# --- info answers are typed and validated ------------------------------------------------------


def _good_and_bad(question: Question) -> tuple[object, object, list[object]]:
    """(a good raw value, its normalised form, bad values) for the question's declared type."""
    kind = question.answer_type
    if kind is InfoType.TEXT:
        text = "Described in the national assessment."
        return f"  {text}\x00 ", text, [12, "   ", "x" * 5_001]
    if kind in {InfoType.INTEGER, InfoType.YEAR}:
        low = question.minimum if question.minimum is not None else 0
        high = question.maximum
        good = 2012 if kind is InfoType.YEAR and low <= 2012 <= (high or 2100) else low
        bad: list[object] = ["12a", True, 1.5]
        if question.minimum is not None:
            bad.append(question.minimum - 1)
        if high is not None:
            bad.append(high + 1)
        return str(good), good, bad
    if kind is InfoType.CHOICE:
        first = question.choices[0].id
        return first, first, ["not_a_choice", [first], 3]
    if kind is InfoType.MULTI_CHOICE:
        ids = [c.id for c in question.choices]
        return [ids[-1], ids[0]], [ids[0], ids[-1]], [["not_a_choice"], [], "not_a_choice"]
    return ["prosecution", "police"], ["prosecution", "police"], [["no_such_agency"], [], 7]


def test_every_info_question_has_a_usable_type() -> None:
    for q in _info_questions():
        assert q.answer_type is not None, q.id
        if q.answer_type is InfoType.INTEGER:
            assert q.minimum is not None and q.minimum >= 0, f"{q.id}: counts need minimum 0"
        if q.answer_type is InfoType.YEAR:
            assert q.minimum is not None and q.minimum >= 1990, q.id
            assert q.maximum == 2100, q.id
    used = {q.answer_type for q in _info_questions()}
    assert used == set(InfoType), "every answer type is exercised by real content"


@pytest.mark.parametrize("question", _info_questions(), ids=lambda q: q.id)
def test_info_question_validates_its_typed_answers(question: Question) -> None:
    good, normalised, bad_values = _good_and_bad(question)
    assert validate_info_value(question, good, agency_ids()) == normalised
    for bad in bad_values:
        with pytest.raises(InfoValueError):
            validate_info_value(question, bad, agency_ids())


# --- see_also links to the Framework for Action -----------------------------------------------


def _links() -> list[tuple[str, str]]:
    return [(q.id, target) for q in _questions() for target in q.see_also]


def test_guide_links_to_the_framework() -> None:
    assert len(_links()) >= 60
    for source, target in _links():
        assert not target.startswith("AG-"), f"{source}: see_also points at the Framework"


@pytest.mark.parametrize(("source", "target"), _links(), ids=str)
def test_see_also_target_exists_in_ifa(source: str, target: str) -> None:
    assert target in ifa().question_index(), f"{source} links to missing {target}"


def test_see_also_is_symmetric_in_the_library_view() -> None:
    links = symmetric_see_also([guide(), ifa()])
    for source, target in _links():
        assert target in links[source]
        assert source in links[target], f"{target} does not link back to {source}"


def test_see_also_has_no_duplicates() -> None:
    for q in _questions():
        assert len(q.see_also) == len(set(q.see_also)), q.id


# --- the loader ---------------------------------------------------------------------------------


def test_loader_cross_checks_hold_for_the_guide() -> None:
    """Loads all content; only problems in the guide's own files fail this test."""
    try:
        bundle = build_bundle(read_raw())
    except ContentInvalidError as exc:
        ours = [str(e) for e in exc.errors if e.file.startswith("instruments/guide/")]
        assert not ours, "\n".join(ours)
        return
    assert "guide" in bundle.instruments
    for source, target in _links():
        assert source in bundle.see_also[target]
