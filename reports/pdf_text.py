"""Line breaking and line drawing for the PDF, in one pass per text.

fpdf2's ``multi_cell`` re-measures the whole line for every character it adds and tables lay
every cell out twice, which made the 50-page report take several seconds. Here a text is split
into break units once (words, spaces, single CJK characters with their punctuation), measured
with the font's own advance widths, wrapped greedily, and each line is drawn with ``text()``.

Breaking rules: English breaks at spaces; Chinese breaks between any two characters except
before closing punctuation (，。、；：？！）」』》 ...) and after opening punctuation; a word
wider than the line is cut between characters. A line never overflows its box.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from fpdf import FPDF

from reports.fonts import drawable

_CJK = "\u2e80-\u2fff\u3000-\u30ff\u3100-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"
_TOKENS = re.compile(rf"[ \t]+|[{_CJK}]|[^ \t{_CJK}]+")
NO_LINE_START = set("，。、；：？！）」』》〉】〕”’・…—·%,.;:?!)]}")
NO_LINE_END = set("（「『《〈【〔“‘([{")
BASELINE = 0.72
"""Baseline position inside a line box, as a share of the font size below the box's centre."""


class Measure:
    """Advance widths (mm) of the current font at one size, memoised per character."""

    def __init__(self, pdf: FPDF, size_pt: float) -> None:
        font = pdf.current_font
        if font is None:
            raise ValueError("set a font before measuring text")
        self._cw = font.cw  # type: ignore[union-attr]
        self._scale = size_pt * 0.001 / pdf.k
        self._cache: dict[str, float] = {}

    def __call__(self, text: str) -> float:
        total = 0.0
        cache = self._cache
        for char in text:
            width = cache.get(char)
            if width is None:
                width = cache[char] = self._cw[ord(char)] * self._scale
            total += width
        return total


def _units(paragraph: str) -> list[str]:
    """Break units: punctuation is glued to its neighbour so it never starts or ends a line."""
    units: list[str] = []
    for token in _TOKENS.findall(paragraph):
        glue = units and (token[0] in NO_LINE_START or units[-1][-1] in NO_LINE_END)
        if glue and not units[-1].isspace() and not token.isspace():
            units[-1] += token
        else:
            units.append(token)
    return units


def _split_long(unit: str, width: float, measure: Measure) -> list[str]:
    pieces, current = [], ""
    for char in unit:
        if current and measure(current + char) > width:
            pieces.append(current)
            current = ""
        current += char
    return [*pieces, current] if current else pieces


def wrap(text: str, width: float, measure: Measure) -> list[str]:
    """``text`` (already drawable) as lines no wider than ``width`` mm; newlines are kept."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line, line_w = "", 0.0
        for unit in _units(paragraph):
            unit_w = measure(unit)
            if line_w + unit_w <= width or (not line and unit.isspace()):
                line, line_w = line + unit, line_w + unit_w
                continue
            if unit.isspace():
                continue  # a space at the break disappears
            if line.strip():
                lines.append(line.rstrip())
            line, line_w = "", 0.0
            if unit_w > width:
                *full, rest = _split_long(unit, width, measure)
                lines.extend(full)
                line, line_w = rest, measure(rest)
            else:
                line, line_w = unit, unit_w
        lines.append(line.rstrip())
    return lines


@dataclass(frozen=True)
class TextStyle:
    size: float
    line: float
    color: tuple[int, int, int]


def draw_line(pdf: FPDF, x: float, top: float, text: str, style: TextStyle) -> None:
    """One line in a box of height ``style.line`` starting at ``top``."""
    if not text:
        return
    size_mm = style.size / pdf.k
    baseline = top + style.line / 2 + size_mm * (BASELINE - 0.5) + size_mm * 0.12
    pdf.text(x, baseline, text)


def draw_text(
    pdf: FPDF, text: str, x: float, width: float, style: TextStyle, link: str | None = None
) -> float:
    """Draw wrapped ``text`` from the current y, breaking pages as needed; returns lines drawn."""
    pdf.set_font(size=style.size)
    pdf.set_text_color(*style.color)
    lines = wrap(drawable(text), width, Measure(pdf, style.size))
    for line in lines:
        if pdf.get_y() + style.line > pdf.page_break_trigger:
            pdf.add_page()
            pdf.set_font(size=style.size)
            pdf.set_text_color(*style.color)
        top = pdf.get_y()
        draw_line(pdf, x, top, line, style)
        if link and line:
            pdf.link(x, top, min(width, Measure(pdf, style.size)(line)), style.line, link)
        pdf.set_y(top + style.line)
    pdf.set_x(pdf.l_margin)
    return len(lines)


def line_count(pdf: FPDF, texts: Sequence[str], width: float, size: float) -> int:
    """How many lines ``texts`` take at ``size`` in a box ``width`` mm wide."""
    pdf.set_font(size=size)
    measure = Measure(pdf, size)
    return sum(len(wrap(drawable(t), width, measure)) for t in texts)
