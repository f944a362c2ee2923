"""The editable report: same chapters, headings, tables and charts as the PDF, text as typed."""

from __future__ import annotations

import io

import pytest
from docx import Document

from assessment.results import Results
from framework.loader import ContentBundle
from reports.context import build_context
from reports.document import Chart, Table
from reports.docx import build_docx, xml_safe
from tests.reports.conftest import HOSTILE, LONG_WORDS


@pytest.fixture(scope="module")
def zh_docx(bundle: ContentBundle, demo: Results) -> tuple[object, bytes]:
    context = build_context(bundle, demo, "zh")
    return context, build_docx(context)


def test_docx_has_a_heading_per_chapter_and_the_charts_as_images(
    zh_docx: tuple[object, bytes],
) -> None:
    context, data = zh_docx
    document = Document(io.BytesIO(data))
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings == [c.title for c in context.chapters]  # type: ignore[attr-defined]
    blocks = [b for c in context.chapters for b in c.blocks]  # type: ignore[attr-defined]
    charts = [b for b in blocks if isinstance(b, Chart)]
    assert len(document.inline_shapes) == len(charts)
    tables = [b for b in blocks if isinstance(b, Table)]
    assert len(document.tables) >= len(tables)


def test_docx_cover_and_footer_carry_country_fictional_mark_and_version(
    zh_docx: tuple[object, bytes],
) -> None:
    context, data = zh_docx
    document = Document(io.BytesIO(data))
    body = "\n".join(p.text for p in document.paragraphs)
    assert context.cover.country in body  # type: ignore[attr-defined]
    assert context.cover.fictional_mark in body  # type: ignore[attr-defined]
    footer = document.sections[0].footer.paragraphs[0].text
    assert "ifa 1.0" in footer
    assert "instrText" in document.sections[0].footer._element.xml  # PAGE / NUMPAGES fields


def test_docx_keeps_hostile_text_as_typed(bundle: ContentBundle, hostile: Results) -> None:
    document = Document(io.BytesIO(build_docx(build_context(bundle, hostile, "en"))))
    body = "\n".join(p.text for p in document.paragraphs)
    assert (HOSTILE + LONG_WORDS).strip() in body
    assert "<b>bold</b>" in body


def test_xml_safe_drops_only_what_xml_cannot_hold() -> None:
    assert xml_safe("a\x00b\x07c\nd\te 😀 <b>&") == "abc\nd\te 😀 <b>&"
