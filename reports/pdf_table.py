"""Tables for the PDF: wrapped cells, repeated headings, zebra rows, band swatches, links.

Rows are laid out once (``pdf_text.wrap``) and drawn with ``text()``. A row that does not fit
on the rest of the page moves to the next one; a row taller than a whole page (5,000
characters of evidence, say) is split between pages line by line, with the headings repeated,
so no text is ever clipped or lost.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from reports import style
from reports.document import Cell, Table
from reports.fonts import drawable
from reports.pdf_layout import CONTENT_W, MARGIN_X, TABLE_PT, ReportPDF
from reports.pdf_text import Measure, TextStyle, draw_line, wrap

PAD_X, PAD_Y = 1.3, 1.0
LINE_MM = 3.35
MIN_ROW_MM = LINE_MM + 2 * PAD_Y


@dataclass
class _Row:
    cells: Sequence[Cell]
    lines: list[list[str]]
    heading: bool = False
    zebra: bool = False

    @property
    def n_lines(self) -> int:
        return max((len(cell) for cell in self.lines), default=1) or 1


def _fill(cell: Cell, row: _Row) -> str | None:
    if row.heading:
        return style.PRIMARY
    if cell.color:
        return cell.color
    return style.ZEBRA if row.zebra else None


def _text_color(cell: Cell, row: _Row) -> str:
    if row.heading:
        return "#ffffff"
    if cell.color:
        return style.text_on(cell.color)
    return style.LINK if cell.link else style.TEXT


def _draw_slice(pdf: ReportPDF, row: _Row, widths: Sequence[float], first: int, count: int) -> None:
    """Lines ``first``..``first + count`` of every cell of ``row``, from the current y."""
    top = pdf.get_y()
    height = count * LINE_MM + 2 * PAD_Y
    x = MARGIN_X
    for cell, lines, width in zip(row.cells, row.lines, widths, strict=True):
        fill = _fill(cell, row)
        if fill:
            pdf.set_fill_color(*style.rgb(fill))
            pdf.rect(x, top, width, height, style="F")
        pdf.set_text_color(*style.rgb(_text_color(cell, row)))
        text_style = TextStyle(TABLE_PT, LINE_MM, style.rgb(_text_color(cell, row)))
        for i, line in enumerate(lines[first : first + count]):
            draw_line(pdf, x + PAD_X, top + PAD_Y + i * LINE_MM, line, text_style)
        if cell.link:
            pdf.link(x, top, width, height, cell.link)
        x += width
    pdf.set_draw_color(*style.rgb(style.RULE))
    pdf.set_line_width(0.15)
    pdf.line(MARGIN_X, top + height, x, top + height)
    pdf.set_y(top + height)


def _lines_fitting(pdf: ReportPDF) -> int:
    return int((pdf.page_break_trigger - pdf.get_y() - 2 * PAD_Y) // LINE_MM)


def _draw_row(pdf: ReportPDF, row: _Row, head: _Row, widths: Sequence[float]) -> None:
    total, first = row.n_lines, 0
    fresh_page_lines = _fresh_page_lines(pdf, head)
    if _lines_fitting(pdf) < min(total, fresh_page_lines):
        _new_page(pdf, head, widths)
    while first < total:
        count = min(total - first, _lines_fitting(pdf))
        if count <= 0:
            _new_page(pdf, head, widths)
            continue
        _draw_slice(pdf, row, widths, first, count)
        first += count
        if first < total:
            _new_page(pdf, head, widths)


def _fresh_page_lines(pdf: ReportPDF, head: _Row) -> int:
    usable = pdf.page_break_trigger - pdf.t_margin - (head.n_lines * LINE_MM + 2 * PAD_Y)
    return int((usable - 2 * PAD_Y) // LINE_MM)


def _new_page(pdf: ReportPDF, head: _Row, widths: Sequence[float]) -> None:
    pdf.add_page()
    pdf.set_font(size=TABLE_PT)
    _draw_slice(pdf, head, widths, 0, head.n_lines)


def _layout(cells: Sequence[Cell], widths: Sequence[float], measure: Measure) -> list[list[str]]:
    return [
        wrap(drawable(cell.text), width - 2 * PAD_X, measure) or [""]
        for cell, width in zip(cells, widths, strict=True)
    ]


def draw_table(pdf: ReportPDF, table: Table, relative: Sequence[float], width: float) -> None:
    """Draw ``table`` at full ``width`` mm with columns in the ``relative`` proportions."""
    total = sum(relative)
    widths = [width * r / total for r in relative]
    pdf.set_font(size=TABLE_PT)
    measure = Measure(pdf, TABLE_PT)
    head_cells = [Cell(h) for h in table.headings]
    head = _Row(head_cells, _layout(head_cells, widths, measure), heading=True)
    if _lines_fitting(pdf) < head.n_lines + 2:
        pdf.add_page()
        pdf.set_font(size=TABLE_PT)
    _draw_slice(pdf, head, widths, 0, head.n_lines)
    for i, cells in enumerate(table.rows):
        row = _Row(cells, _layout(cells, widths, measure), zebra=i % 2 == 1)
        _draw_row(pdf, row, head, widths)


def table_width(relative: Sequence[float], narrow: bool) -> float:
    """Narrow tables (a few short columns) keep their natural width in mm; others fill the page."""
    return min(sum(relative), CONTENT_W) if narrow else CONTENT_W
