"""Drawing each kind of block (paragraph, table, chart, entries ...) on a ``ReportPDF``."""

from __future__ import annotations

from fpdf.enums import XPos, YPos

from reports import static_charts, style
from reports.document import (
    Block,
    Bullets,
    Chart,
    Entries,
    Entry,
    KeyFigures,
    Paragraph,
    Subheading,
    Table,
)
from reports.fonts import PDF_FAMILY, drawable
from reports.pdf_layout import (
    BODY_PT,
    CONTENT_W,
    H2_PT,
    H3_PT,
    LINE,
    MARGIN_X,
    SMALL_LINE,
    SMALL_PT,
    ReportPDF,
)
from reports.pdf_table import draw_table, table_width
from reports.pdf_text import TextStyle, draw_line, draw_text

COLUMN_WIDTHS: dict[str, tuple[float, ...]] = {
    "pillars": (40, 16, 26, 18, 74),
    "top_gaps": (7, 95, 32, 26, 14),
    "summary_actions": (96, 38, 16, 24),
    "summary_resources": (82, 11, 17, 64),
    "ratings": (30, 15, 129),
    "weights": (60, 20),
    "bands": (40, 40),
    "scores_counts": (50, 13, 20, 17, 12, 10, 14, 17, 21),
    "scores_plain": (84, 16, 22, 18, 34),
    "gaps": (7, 58, 22, 18, 18, 11, 40),
    "info_gaps": (7, 68, 20, 14, 32, 33),
    "actions": (50, 36, 24, 13, 18, 14, 19),
    "context": (74, 60, 40),
    "provenance": (20, 42, 112),
}
"""Relative column widths per table kind (a kind not listed gets equal columns)."""

NARROW_TABLES = {"weights", "bands"}
LINE_FACTOR = 0.49
"""Line height (mm) per point of type size: 9 pt body text on 4.4 mm lines."""
TONE_COLORS = {"normal": style.TEXT, "note": style.MUTED, "warning": style.WARNING}
CHART_GAP = 3.0


def _style(size: float, color: str = style.TEXT, line: float | None = None) -> TextStyle:
    return TextStyle(size, line or size * LINE_FACTOR, style.rgb(color))


def paragraph(pdf: ReportPDF, block: Paragraph) -> None:
    size = BODY_PT if block.tone == "normal" else BODY_PT - 0.8
    draw_text(pdf, block.text, MARGIN_X, CONTENT_W, _style(size, TONE_COLORS[block.tone]))
    pdf.ln(1.6)


def subheading(pdf: ReportPDF, block: Subheading) -> None:
    pdf.keep(24)
    pdf.ln(1.5)
    pdf.start_section(drawable(block.text), level=1)
    with pdf.bold(style.PRIMARY):
        draw_text(pdf, block.text, MARGIN_X, CONTENT_W, _style(H2_PT, style.PRIMARY, 5.6))
    pdf.ln(1.0)


def bullets(pdf: ReportPDF, block: Bullets) -> None:
    text_style = _style(BODY_PT)
    for item in block.items:
        pdf.keep(text_style.line * 2)
        top = pdf.get_y()
        pdf.set_text_color(*style.rgb(style.PRIMARY))
        draw_line(pdf, MARGIN_X + 1.5, top, "\u2022", text_style)
        draw_text(pdf, item, MARGIN_X + 5.5, CONTENT_W - 5.5, text_style)
        pdf.ln(0.6)
    pdf.ln(1.2)


def key_figures(pdf: ReportPDF, block: KeyFigures) -> None:
    count = len(block.figures)
    gap = 3.0
    width = (CONTENT_W - gap * (count - 1)) / count
    height = 24.0
    pdf.keep(height + 4)
    top = pdf.get_y()
    for i, figure in enumerate(block.figures):
        x = MARGIN_X + i * (width + gap)
        pdf.set_fill_color(*style.rgb(style.ZEBRA))
        pdf.rect(x, top, width, height, style="F")
        pdf.set_fill_color(*style.rgb(figure.color or style.PRIMARY))
        pdf.rect(x, top, width, 1.6, style="F")
        inner = width - 4
        pdf.set_y(top + 3)
        draw_text(pdf, figure.label, x + 2, inner, _style(SMALL_PT - 0.5, style.MUTED, 3.0))
        pdf.set_xy(x + 2, top + 9)
        pdf.set_font(PDF_FAMILY, size=16)
        with pdf.bold(style.TEXT):
            pdf.cell(inner, 7, drawable(figure.value))
        if figure.comment:
            pdf.set_y(top + 16.5)
            draw_text(pdf, figure.comment, x + 2, inner, _style(SMALL_PT - 1, style.MUTED, 2.7))
    pdf.set_xy(MARGIN_X, top + height + 4)


def table(pdf: ReportPDF, block: Table) -> None:
    widths = COLUMN_WIDTHS.get(block.kind, ())
    if len(widths) != len(block.headings):
        widths = (1.0,) * len(block.headings)
    pdf.keep(16)
    draw_table(pdf, block, widths, table_width(widths, block.kind in NARROW_TABLES))
    pdf.set_font(size=BODY_PT)
    pdf.ln(3)


def chart(pdf: ReportPDF, block: Chart) -> None:
    height = block.height_mm
    pdf.keep(height + 9)
    pdf.set_font(PDF_FAMILY, size=H3_PT)
    with pdf.local_context(text_color=style.rgb(style.MUTED)):
        pdf.cell(CONTENT_W, 5, drawable(block.title), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    width = min(block.width_mm or CONTENT_W, CONTENT_W)
    image = static_charts.image(block.kind, pdf.context.charts, width, height)
    x = MARGIN_X + (CONTENT_W - width) / 2
    pdf.image(image, x=x, y=pdf.get_y(), w=width, h=height)
    pdf.set_y(pdf.get_y() + height + CHART_GAP)


def entry(pdf: ReportPDF, item: Entry) -> None:
    pdf.keep(22)
    with pdf.bold(style.TEXT):
        draw_text(pdf, item.heading, MARGIN_X, CONTENT_W, _style(H3_PT, style.TEXT, 4.6))
    if item.subheading:
        draw_text(
            pdf, item.subheading, MARGIN_X, CONTENT_W, _style(SMALL_PT, style.MUTED, SMALL_LINE)
        )
    if item.url:
        link_style = _style(SMALL_PT, style.LINK, SMALL_LINE)
        draw_text(pdf, item.url, MARGIN_X, CONTENT_W, link_style, link=item.url)
    for label, text in item.fields:
        pdf.ln(0.8)
        pdf.keep(LINE * 2)
        draw_text(pdf, label, MARGIN_X, CONTENT_W, _style(SMALL_PT, style.PRIMARY, SMALL_LINE))
        draw_text(pdf, text, MARGIN_X, CONTENT_W, _style(BODY_PT - 0.5, style.TEXT, LINE - 0.2))
    pdf.ln(1.5)
    pdf.set_draw_color(*style.rgb(style.RULE))
    pdf.set_line_width(0.15)
    pdf.line(MARGIN_X, pdf.get_y(), MARGIN_X + CONTENT_W, pdf.get_y())
    pdf.ln(2.5)


def entries(pdf: ReportPDF, block: Entries) -> None:
    for item in block.entries:
        entry(pdf, item)


RENDERERS = {
    Paragraph: paragraph,
    Subheading: subheading,
    Bullets: bullets,
    KeyFigures: key_figures,
    Table: table,
    Chart: chart,
    Entries: entries,
}


def render(pdf: ReportPDF, block: Block) -> None:
    RENDERERS[type(block)](pdf, block)  # type: ignore[operator]
