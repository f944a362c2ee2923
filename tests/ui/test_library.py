"""The library: all four Framework tables, every Guide chapter, search in both languages over
both instruments, see-also links both ways, the resource catalogue with the seed tools first."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from streamlit.testing.v1 import AppTest

from framework.loader import load_content
from tests.ui.ui_helpers import goto, no_exception

BUNDLE = load_content()


def _library(app: Callable[..., AppTest], lang: str) -> AppTest:
    return goto(app(lang), "library")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_four_framework_tables_are_listed(app: Callable[..., AppTest], lang: str) -> None:
    at = _library(app, lang)
    no_exception(at)
    listed = at.table[0].value.iloc[:, 0].tolist()
    sections = BUNDLE.instruments["ifa"].sections
    assert len(listed) == len(sections) == 4
    for shown, section in zip(listed, sections, strict=True):
        assert section.title.get(lang) in shown


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_guide_chapter_is_listed_in_order(app: Callable[..., AppTest], lang: str) -> None:
    at = _library(app, lang)
    at.segmented_control(key="library:view").set_value("guide").run()
    no_exception(at)
    listed = at.table[0].value.iloc[:, 0].tolist()
    chapters = BUNDLE.instruments["guide"].sections
    assert len(listed) == len(chapters)
    for shown, chapter in zip(listed, chapters, strict=True):
        assert chapter.title.get(lang) in shown
        assert str(chapter.number) in shown


def test_search_finds_a_chinese_term_in_the_english_interface(app: Callable[..., AppTest]) -> None:
    at = _library(app, "en")
    at.text_input(key="library:search").set_value("偷运").run()
    no_exception(at)
    found = [e.label for e in at.expander]
    assert any(label.startswith(("PROS", "PROT", "PREV", "COOP")) for label in found)
    at.text_input(key="library:search").set_value("偷运 海上").run()  # by sea: both instruments
    found = [e.label for e in at.expander]
    assert any(label.startswith("PROS") for label in found)
    assert any(label.startswith("AG-8") for label in found)


def test_search_finds_a_question_by_id_and_an_english_word(app: Callable[..., AppTest]) -> None:
    at = _library(app, "zh")
    at.text_input(key="library:search").set_value("AG-10.1.1").run()
    assert [e.label.split(" ")[0] for e in at.expander] == ["AG-10.1.1"]
    at.text_input(key="library:search").set_value("no such thing at all").run()
    assert at.info


def test_see_also_links_both_ways(app: Callable[..., AppTest]) -> None:
    source, targets = next(iter(sorted(BUNDLE.see_also.items())))
    target = targets[0]
    assert source in BUNDLE.see_also[target], "symmetric in the content"
    at = _library(app, "en")
    at.text_input(key="library:search").set_value(source).run()
    at.session_state[f"library:q:{source}"] = True  # open the question
    at.run()
    at.button(key=f"see:{source}:{target}").click().run()
    no_exception(at)
    instrument = BUNDLE.find_question(target)[0]
    assert at.segmented_control(key="library:view").value == instrument.id
    assert at.button(key=f"see:{target}:{source}"), "the target is shown opened"
    at.button(key=f"see:{target}:{source}").click().run()
    no_exception(at)
    assert at.segmented_control(key="library:view").value == BUNDLE.find_question(source)[0].id


def test_the_resource_catalogue_lists_the_seed_tools_first(app: Callable[..., AppTest]) -> None:
    at = _library(app, "zh")
    at.segmented_control(key="library:view").set_value("resources").run()
    no_exception(at)
    shown = " ".join(m.value for m in at.markdown)
    seed = [r for r in BUNDLE.resources.values() if r.in_seed]
    assert len(seed) == 15
    positions = [shown.index(r.title.get("zh")) for r in seed]
    others = [r for r in BUNDLE.resources.values() if not r.in_seed]
    assert max(positions) < min(shown.index(r.title.get("zh")) for r in others)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_an_open_question_shows_its_legal_basis_resources_and_provenance(
    app: Callable[..., AppTest], lang: str
) -> None:
    question = BUNDLE.instruments["ifa"].sections[0].areas[0].questions[1]
    at = _library(app, lang)
    at.session_state[f"library:q:{question.id}"] = True
    at.run()
    no_exception(at)
    shown = " ".join([*(m.value for m in at.markdown), *(c.value for c in at.caption)])
    provision = BUNDLE.provisions[question.legal_basis[0].split("(")[0]]
    assert provision.title.get(lang) in shown.replace("\\", "")
    assert "SOM art." in shown or "UNTOC art." in shown
    resource = BUNDLE.resources[question.resources[0].split("/")[0]]
    assert resource.title.get(lang) in shown
    assert BUNDLE.strings[lang]["provenance.unverified"] in shown
    assert BUNDLE.strings[lang][f"obligation.{question.obligation.value}"] in shown
