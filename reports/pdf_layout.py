"""Page geometry, type sizes and the ``ReportPDF`` page template (running header and footer).

Layout only: every string drawn here comes from the ``ReportContext``. Text passes through
``fonts.drawable`` on its way to the page, so user text is drawn as typed (no markup is
interpreted) and a character the embedded font lacks becomes a placeholder, never a crash.
"""

from __future__ import annotations

import copy
import functools
import logging
from collections.abc import Iterator
from contextlib import contextmanager

from fontTools.ttLib import TTFont
from fpdf import FPDF
from fpdf.enums import Align, TextMode, XPos
from fpdf.fonts import TTFFont

from reports import style
from reports.document import ReportContext
from reports.fonts import PDF_FAMILY, drawable, font_path

logging.getLogger("fpdf.svg").setLevel(logging.ERROR)
logging.getLogger("fontTools.subset").setLevel(logging.ERROR)

PAGE_W, PAGE_H = 210.0, 297.0
MARGIN_X, MARGIN_TOP, MARGIN_BOTTOM = 18.0, 20.0, 18.0
CONTENT_W = PAGE_W - 2 * MARGIN_X
BODY_PT, SMALL_PT, TABLE_PT = 9.0, 7.5, 7.5
H1_PT, H2_PT, H3_PT = 15.0, 10.5, 9.2
LINE = 4.4
SMALL_LINE = 3.5
FAKE_BOLD_MM = 0.16


@functools.cache
def _parsed_font() -> TTFFont:
    """Noto Sans SC parsed once per process: cmap and advance widths of 30,000 glyphs."""
    return TTFFont(FPDF(), font_path(), PDF_FAMILY, "")


def add_report_font(pdf: FPDF) -> None:
    """Register the report font on ``pdf`` without re-parsing it for every document.

    fpdf2 subsets a font's fontTools object in place when it writes the file, so each document
    gets a copy of the parsed metrics (``TTFFont.__deepcopy__``) with a fresh, lazily read
    font file behind it. Subsetting would also recompute the font's bounding box from every
    outline kept (about a second for a Chinese report); the full font's box is a valid bound.
    """
    font = copy.deepcopy(_parsed_font())
    font.ttfont = TTFont(str(font_path()), recalcTimestamp=False, recalcBBoxes=False, lazy=True)
    font.i = len(pdf.fonts) + 1
    pdf.fonts[PDF_FAMILY] = font
    if font.is_cff and font.is_cid_keyed:
        pdf._set_min_pdf_version("1.6")


class ReportPDF(FPDF):
    """A4 portrait pages with the report's running header and footer on every page."""

    def __init__(self, context: ReportContext) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.context = context
        self.set_margins(MARGIN_X, MARGIN_TOP, MARGIN_X)
        self.set_auto_page_break(auto=True, margin=MARGIN_BOTTOM)
        add_report_font(self)
        self.set_font(PDF_FAMILY, size=BODY_PT)
        self.set_text_color(*style.rgb(style.TEXT))
        self.alias_nb_pages("{nb}")
        self.set_lang("zh-CN" if context.lang == "zh" else context.lang)
        meta = context.metadata
        self.set_title(drawable(meta.get("title", context.title)))
        self.set_subject(drawable(meta.get("subject", "")))
        self.set_keywords(drawable(meta.get("keywords", "")))
        self.set_creator("gapassess")
        if context.created is not None:  # the assessment's date, not the build time
            self.set_creation_date(context.created)

    # --- page template -------------------------------------------------------------------
    def header(self) -> None:
        if self.page_no() == 1:
            return
        with self.local_context(text_color=style.rgb(style.MUTED)):
            self.set_font(PDF_FAMILY, size=SMALL_PT - 0.5)
            self.set_xy(MARGIN_X, 9)
            self.cell(CONTENT_W * 0.75, 4, drawable(self.context.title), new_x=XPos.RIGHT)
            mark = self.context.cover.fictional_mark
            if mark:
                self.set_text_color(*style.rgb(style.WARNING))
                self.cell(CONTENT_W * 0.25, 4, drawable(mark), align=Align.R)
        self.set_draw_color(*style.rgb(style.RULE))
        self.set_line_width(0.2)
        self.line(MARGIN_X, 14, PAGE_W - MARGIN_X, 14)
        self.set_xy(MARGIN_X, MARGIN_TOP)
        self.set_font(PDF_FAMILY, size=BODY_PT)

    def footer(self) -> None:
        self.set_draw_color(*style.rgb(style.RULE))
        self.set_line_width(0.2)
        self.line(MARGIN_X, PAGE_H - 13, PAGE_W - MARGIN_X, PAGE_H - 13)
        label = self.context.page_label.replace("{page}", str(self.page_no())).replace(
            "{total}", "{nb}"
        )
        with self.local_context(text_color=style.rgb(style.MUTED)):
            self.set_font(PDF_FAMILY, size=SMALL_PT - 0.5)
            self.set_xy(MARGIN_X, PAGE_H - 12)
            self.cell(CONTENT_W * 0.75, 4, drawable(self.context.footer))
            self.cell(CONTENT_W * 0.25, 4, drawable(label), align=Align.R)

    # --- helpers used by the block renderers ----------------------------------------------
    def space_left(self) -> float:
        return self.page_break_trigger - self.get_y()

    def keep(self, height: float) -> None:
        """Start a new page unless ``height`` mm still fit on this one."""
        if self.space_left() < height:
            self.add_page()

    @contextmanager
    def bold(self, color: str) -> Iterator[None]:
        """Headings: the regular face, filled and thinly stroked (one font file serves all)."""
        rgb = style.rgb(color)
        with self.local_context(
            text_mode=TextMode.FILL_STROKE,
            line_width=FAKE_BOLD_MM,
            draw_color=rgb,
            text_color=rgb,
        ):
            yield
