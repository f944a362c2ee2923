"""The PDF report: ``ReportContext`` -> bytes, with fpdf2 (layout only, no wording here).

Why fpdf2 + matplotlib (not reportlab): the one CJK font that ships pip-only under a clean
licence is Noto Sans SC as an OTF (CFF outlines), which fpdf2 embeds as a subset and reportlab
refuses; matplotlib's ``Figure`` API draws the charts without a browser. The same font draws
both languages, so English and Chinese reports cost the same to build.

Structure: cover, contents, the executive summary (at most four pages), then the chapters and
annexes as ``context`` orders them. Every page carries the instrument id and version and
"page n of N" in its footer.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from fpdf.enums import Align, XPos, YPos
from fpdf.outline import OutlineSection

from reports import style
from reports.document import Chapter, ReportContext
from reports.fonts import PDF_FAMILY, drawable
from reports.pdf_blocks import render
from reports.pdf_layout import (
    BODY_PT,
    CONTENT_W,
    H1_PT,
    MARGIN_TOP,
    MARGIN_X,
    PAGE_W,
    SMALL_PT,
    ReportPDF,
)
from reports.pdf_text import TextStyle, draw_text

COVER_BAND_MM = 78.0


@dataclass(frozen=True)
class PdfReport:
    """The PDF bytes and the pages each chapter spans (first, last), for checks and tests."""

    data: bytes
    chapter_pages: dict[str, tuple[int, int]] = field(default_factory=dict)


def _text(pdf: ReportPDF, text: str, size: float, color: str, line: float, **kw: float) -> None:
    x = kw.get("x", MARGIN_X)
    draw_text(pdf, text, x, kw.get("width", CONTENT_W), TextStyle(size, line, style.rgb(color)))


def _cover(pdf: ReportPDF) -> None:
    cover = pdf.context.cover
    pdf.add_page()
    pdf.set_fill_color(*style.rgb(style.PRIMARY))
    pdf.rect(0, 0, PAGE_W, COVER_BAND_MM, style="F")
    pdf.set_y(30)
    with pdf.bold("#ffffff"):
        _text(pdf, cover.title, 21, "#ffffff", 9.5)
    _text(pdf, cover.subtitle, 11, "#dce6f2", 5.5)
    pdf.set_y(COVER_BAND_MM + 14)
    with pdf.bold(style.TEXT):
        _text(pdf, cover.country, 24, style.TEXT, 11)
    pdf.ln(4)
    if cover.fictional_mark:
        _fictional_box(pdf)
    _cover_lines(pdf)


def _fictional_box(pdf: ReportPDF) -> None:
    cover = pdf.context.cover
    top = pdf.get_y()
    pdf.set_y(top + 3)
    inner = {"x": MARGIN_X + 4, "width": CONTENT_W - 8}
    with pdf.bold(style.WARNING):
        _text(pdf, cover.fictional_mark, 18, style.WARNING, 9, **inner)
    _text(pdf, cover.fictional_note, BODY_PT, style.WARNING, 4.6, **inner)
    bottom = pdf.get_y() + 3
    pdf.set_draw_color(*style.rgb(style.WARNING))
    pdf.set_line_width(0.8)
    pdf.rect(MARGIN_X, top, CONTENT_W, bottom - top)
    pdf.set_y(bottom + 8)


def _cover_lines(pdf: ReportPDF) -> None:
    label_w = 48.0
    for label, value in pdf.context.cover.lines:
        top = pdf.get_y()
        _text(pdf, label, SMALL_PT + 0.5, style.MUTED, 5.2, width=label_w - 2)
        below_label = pdf.get_y()
        pdf.set_y(top)
        _text(
            pdf,
            value,
            BODY_PT + 1,
            style.TEXT,
            5.2,
            x=MARGIN_X + label_w,
            width=CONTENT_W - label_w,
        )
        pdf.set_y(max(below_label, pdf.get_y()) + 1.6)


def _toc(pdf: ReportPDF, outline: list[OutlineSection]) -> None:
    """Contents: one line per chapter with its page, each line a link to that page."""
    pdf.set_xy(MARGIN_X, MARGIN_TOP)
    pdf.set_font(PDF_FAMILY, size=H1_PT)
    with pdf.bold(style.PRIMARY):
        pdf.cell(
            CONTENT_W, 10, drawable(pdf.context.toc_title), new_x=XPos.LMARGIN, new_y=YPos.NEXT
        )
    pdf.ln(4)
    pdf.set_font(PDF_FAMILY, size=BODY_PT + 1)
    for section in outline:
        if section.level != 0:
            continue
        link = pdf.add_link(page=section.page_number)
        pdf.cell(CONTENT_W - 14, 7.5, drawable(section.name), link=link)
        pdf.cell(
            14,
            7.5,
            str(section.page_number),
            align=Align.R,
            link=link,
            new_x=XPos.LMARGIN,
            new_y=YPos.NEXT,
        )
        pdf.set_draw_color(*style.rgb(style.RULE))
        pdf.set_line_width(0.1)
        pdf.line(MARGIN_X, pdf.get_y(), MARGIN_X + CONTENT_W, pdf.get_y())


def _chapter(pdf: ReportPDF, chapter: Chapter) -> tuple[int, int]:
    if chapter.new_page and pdf.get_y() > MARGIN_TOP + 1:
        pdf.add_page()
    elif not chapter.new_page:
        pdf.keep(40)
    first = pdf.page_no()
    pdf.start_section(drawable(chapter.title), level=0)
    with pdf.bold(style.PRIMARY):
        _text(pdf, chapter.title, H1_PT, style.PRIMARY, 8)
    pdf.set_draw_color(*style.rgb(style.PRIMARY))
    pdf.set_line_width(0.5)
    pdf.line(MARGIN_X, pdf.get_y() + 1, MARGIN_X + 24, pdf.get_y() + 1)
    pdf.ln(5)
    pdf.set_font(PDF_FAMILY, size=BODY_PT)
    for block in chapter.blocks:
        render(pdf, block)
    return first, pdf.page_no()


def render_pdf(context: ReportContext) -> PdfReport:
    """Lay out the whole report; returns the bytes and each chapter's page span."""
    pdf = ReportPDF(context)
    _cover(pdf)
    pdf.add_page()
    pdf.insert_toc_placeholder(_toc, pages=1)
    pages = {chapter.id: _chapter(pdf, chapter) for chapter in context.chapters}
    return PdfReport(bytes(pdf.output()), pages)


def build_pdf(context: ReportContext) -> bytes:
    """The report as PDF bytes (fonts embedded and subset)."""
    return render_pdf(context).data
