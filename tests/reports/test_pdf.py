"""The demo report as a reader gets it: text extracted by pdfium, fonts, pages, structure."""

from __future__ import annotations

import re
from collections.abc import Callable

import pypdfium2 as pdfium
import pytest

from assessment import frames as F
from assessment.results import Results
from framework.ids import format_legal_ref
from framework.loader import ContentBundle
from reports.wording import Words
from tests.reports.conftest import LANGS, BuiltPdf, squeeze

MAX_SUMMARY_PAGES = 4


@pytest.mark.parametrize("lang", LANGS)
def test_demo_report_names_the_country_in_its_language(
    demo_pdf: Callable[[str], BuiltPdf], bundle: ContentBundle, lang: str
) -> None:
    built = demo_pdf(lang)
    country = Words(bundle, lang).country("XVL")
    assert country in built.pages[0]
    assert ("虚构" in country) == (lang == "zh")


@pytest.mark.parametrize("lang", LANGS)
def test_every_pillar_is_named_in_the_report_language(
    demo_pdf: Callable[[str], BuiltPdf], bundle: ContentBundle, lang: str
) -> None:
    text = demo_pdf(lang).text
    for pillar in ("prosecution", "protection", "prevention", "cooperation"):
        assert bundle.strings[lang][f"pillar.{pillar}"] in text


@pytest.mark.parametrize("lang", LANGS)
def test_the_engine_scores_appear_as_the_report_formats_them(
    demo_pdf: Callable[[str], BuiltPdf], bundle: ContentBundle, demo: Results, lang: str
) -> None:
    words = Words(bundle, lang)
    summary = "".join(demo_pdf(lang).pages[2:4])
    overall = demo.overall[F.SCORE]
    assert words.score(overall) in summary
    for row in demo.scores[demo.scores[F.GROUP_KIND] == "pillar"].to_dict("records"):
        expected = f"{words.pillar(row[F.GROUP_ID])} {words.score(row[F.SCORE])}"
        assert expected in summary, expected
    text = demo_pdf(lang).text
    for row in demo.scores[demo.scores[F.GROUP_KIND] == "area"].to_dict("records"):
        assert words.score(row[F.SCORE]) in text


@pytest.mark.parametrize("lang", LANGS)
def test_every_recommended_resource_title_appears(
    demo_pdf: Callable[[str], BuiltPdf], bundle: ContentBundle, demo: Results, lang: str
) -> None:
    text = squeeze(demo_pdf(lang).text)
    ids = demo.resources[demo.resources[F.PART_ID].isna()][F.RESOURCE_ID]
    assert len(ids) > 0
    for resource_id in ids:
        title = bundle.resources[resource_id].title.get(lang)
        assert squeeze(title) in text, title


def test_the_gap_register_cites_legal_bases_in_the_house_format(
    demo_pdf: Callable[[str], BuiltPdf], bundle: ContentBundle, demo: Results
) -> None:
    built = demo_pdf("en")
    first, last = built.report.chapter_pages["gaps"]
    register = squeeze("".join(built.pages[first - 1 : last]))
    top = demo.gaps.iloc[0][F.QUESTION_ID]
    _, _, _, question = bundle.find_question(top)  # type: ignore[misc]
    for ref in question.legal_basis:
        assert squeeze(format_legal_ref(ref)) in register
    assert squeeze("SOM art.") in register


@pytest.mark.parametrize("lang", LANGS)
def test_the_executive_summary_fits_in_four_pages_and_comes_first(
    demo_pdf: Callable[[str], BuiltPdf], lang: str
) -> None:
    pages = demo_pdf(lang).report.chapter_pages
    first, last = pages["summary"]
    assert last - first + 1 <= MAX_SUMMARY_PAGES
    assert first == min(f for f, _ in pages.values())


@pytest.mark.parametrize("lang", LANGS)
def test_every_page_footer_has_the_instrument_version_and_page_number(
    demo_pdf: Callable[[str], BuiltPdf], bundle: ContentBundle, lang: str
) -> None:
    built = demo_pdf(lang)
    words = Words(bundle, lang)
    total = len(built.pages)
    for number, page in enumerate(built.pages, start=1):
        assert "ifa 1.0" in page, number
        assert words("report.page", page=number, total=total) in page, number


@pytest.mark.parametrize("lang", LANGS)
def test_fictional_data_is_marked_on_the_cover_and_every_page(
    demo_pdf: Callable[[str], BuiltPdf], bundle: ContentBundle, lang: str
) -> None:
    built = demo_pdf(lang)
    mark = bundle.strings[lang]["report.fictional.mark"]
    assert built.context.cover.fictional_mark == mark
    assert all(mark in page for page in built.pages)
    assert squeeze(bundle.strings[lang]["report.fictional.note"]) in squeeze(built.pages[0])


@pytest.mark.parametrize("lang", LANGS)
def test_contents_lists_every_chapter_with_its_page(
    demo_pdf: Callable[[str], BuiltPdf], lang: str
) -> None:
    built = demo_pdf(lang)
    contents = built.pages[1]
    for chapter in built.context.chapters:
        first, _ = built.report.chapter_pages[chapter.id]
        assert re.search(re.escape(chapter.title) + r"\s*" + str(first), contents), chapter.title


@pytest.mark.parametrize("lang", LANGS)
def test_no_font_is_left_unembedded(demo_pdf: Callable[[str], BuiltPdf], lang: str) -> None:
    """Every font descriptor carries its font program; no base-14 or system font is referenced."""
    data = demo_pdf(lang).report.data
    body = rb"(?:(?!<<|>>).)*?"
    descriptors = re.findall(
        rb"<<(" + body + rb"/Type\s*/FontDescriptor" + body + rb")>>", data, flags=re.S
    )
    assert descriptors
    assert all(re.search(rb"/FontFile[23]?\s", d) for d in descriptors)
    subtypes = set(re.findall(rb"/Subtype\s*/(Type1|TrueType|Type3|MMType1)\b", data))
    assert subtypes <= set(), subtypes
    assert re.findall(rb"/BaseFont\s*/([A-Z]{6})\+", data)  # subset prefix: a subset, embedded


def test_chinese_text_is_drawn_from_the_embedded_font(demo_pdf: Callable[[str], BuiltPdf]) -> None:
    """pdfium draws the Chinese country name on the cover (this machine has no CJK font)."""
    built = demo_pdf("zh")
    document = pdfium.PdfDocument(built.report.data)
    page = document[0]
    textpage = page.get_textpage()
    country = built.context.cover.country
    start = textpage.get_text_range().index(country)
    left, bottom, right, top = textpage.get_charbox(start)
    image = page.render(scale=2).to_pil().convert("L")
    height = image.height / 2
    box = (int(left * 2), int((height - top) * 2), int(right * 2), int((height - bottom) * 2))
    dark = sum(1 for value in image.crop(box).tobytes() if value < 128)
    document.close()
    assert dark > 20


def test_a_reconstructed_question_is_marked_and_the_mark_explained(
    demo_pdf: Callable[[str], BuiltPdf], bundle: ContentBundle
) -> None:
    built = demo_pdf("en")
    mark = bundle.strings["en"]["report.provenance.mark"]
    unverified = [q for q in bundle.instruments["ifa"].questions() if not q.provenance.verified]
    assert unverified
    assert f"{unverified[0].id} {mark}" in built.text
    first, last = built.report.chapter_pages["provenance"]
    annex = "".join(built.pages[first - 1 : last])
    assert squeeze(bundle.strings["en"]["provenance.unverified"]) in squeeze(annex)


def test_the_method_chapter_states_every_number_of_the_method(
    demo_pdf: Callable[[str], BuiltPdf], bundle: ContentBundle
) -> None:
    for lang in LANGS:
        built = demo_pdf(lang)
        first, last = built.report.chapter_pages["method"]
        text = squeeze("".join(built.pages[first - 1 : last]))
        method = bundle.method
        for level in method.ratings:
            assert squeeze(level.label.get(lang)) in text
        for band in method.bands:
            assert squeeze(band.label.get(lang)) in text
            assert f"{band.minimum:g}" in text
        assert all(f"{w:g}" in text for w in method.weights.values())
        assert f"{100 * method.provisional_below_coverage:g}%" in text
