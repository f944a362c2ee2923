"""Colours and sizes shared by every layout (PDF, DOCX, plotly and matplotlib charts).

Band colours are not here: they come from ``method.yaml`` through ``ChartData.bands`` and the
table cells, so the app, the PDF and the DOCX always show the same band in the same colour.
"""

from __future__ import annotations

PRIMARY = "#1b4f8a"
"""Headings, table headers, the radar line."""
ACCENT = "#009edb"
TEXT = "#1f2329"
MUTED = "#5f6670"
RULE = "#c9ced6"
ZEBRA = "#f2f4f7"
WARNING = "#b3261e"
LINK = "#0b63b6"
NO_SCORE = "#b9bec5"

PILLAR_COLORS = {
    "prosecution": "#1b4f8a",
    "protection": "#2a9d8f",
    "prevention": "#8e6bbf",
    "cooperation": "#d17a22",
}
"""One colour per pillar (top-gaps chart, comparisons); distinct from the band colours."""

SERIES_COLORS = ("#1b4f8a", "#d17a22", "#2a9d8f", "#8e6bbf", "#6c757d", "#c8402f")
"""Country series in comparisons and baseline/follow-up pairs."""

COVERAGE_COLORS = ("#1b4f8a", "#8fb3d9", "#d9dde3", "#ffffff")
"""Rated, not applicable, unknown, unanswered."""


def rgb(hex_color: str) -> tuple[int, int, int]:
    """``#1b4f8a`` -> (27, 79, 138)."""
    value = hex_color.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def text_on(hex_color: str) -> str:
    """Black or white, whichever reads better on ``hex_color`` (WCAG relative luminance)."""

    def channel(c: int) -> float:
        s = c / 255
        return s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb(hex_color))
    luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b
    return "#000000" if luminance > 0.22 else "#ffffff"
