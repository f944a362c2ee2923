"""The report font (Noto Sans SC, OFL-1.1, package ``pylopdf_fonts_zh_cn``) and text safety.

One font serves both languages: Noto Sans SC carries Latin, Greek, Cyrillic, CJK and the usual
punctuation, so an English report with a Chinese name in its evidence, and a Chinese report with
English citations, look the same and cost the same to build. fpdf2 embeds it as a subset; the
PDF reads on a machine with no Chinese font.

Characters the font lacks (emoji, rare scripts) cannot be drawn from an embedded font. They are
replaced by ``PLACEHOLDER`` (a white square) in the PDF and in chart labels, rather than dropped
silently or left to a viewer's font substitution; the CSV, XLSX and DOCX exports keep the text
exactly as typed. Control characters other than newline are removed and tabs become spaces.
"""

from __future__ import annotations

import functools
import unicodedata
from pathlib import Path

import pylopdf_fonts_zh_cn

FAMILY = "Noto Sans SC"
PDF_FAMILY = "noto"
PLACEHOLDER = "\u25a1"
TAB_SPACES = 4
_ZERO_WIDTH = {"\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\ufe0e", "\ufe0f"}


def font_path() -> Path:
    """The Noto Sans SC OTF shipped by the font package."""
    return pylopdf_fonts_zh_cn.sans_path()


@functools.cache
def covered_codepoints() -> frozenset[int]:
    """Every code point the font draws (read once per process from its cmap)."""
    from fontTools.ttLib import TTFont

    font = TTFont(str(font_path()), lazy=True)
    try:
        return frozenset(font.getBestCmap())
    finally:
        font.close()


@functools.cache
def register_matplotlib() -> str:
    """Make the font known to matplotlib once per process; returns its family name."""
    from matplotlib import font_manager

    font_manager.fontManager.addfont(str(font_path()))
    return FAMILY


def _drawable(char: str, covered: frozenset[int]) -> str:
    if char == "\n":
        return char
    if char == "\t":
        return " " * TAB_SPACES
    if char in _ZERO_WIDTH or unicodedata.category(char) in {"Cc", "Cs", "Co", "Cn"}:
        return ""
    return char if ord(char) in covered else PLACEHOLDER


def drawable(text: str) -> str:
    """``text`` as the embedded font can draw it: controls removed, missing glyphs replaced.

    Newlines are kept (``\\r\\n`` and ``\\r`` become ``\\n``); nothing else is changed, so
    markup such as ``<b>`` or ``&amp;`` is shown as typed.
    """
    if not text:
        return ""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.isascii() and text.isprintable():
        return text
    covered = covered_codepoints()
    return "".join(_drawable(char, covered) for char in text)
