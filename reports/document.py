"""The report as plain, localized data: what ``context.py`` says and every layout draws.

A ``ReportContext`` is a cover plus an ordered list of ``Chapter``s made of a few block kinds
(paragraph, key figures, table, chart, entries). Every string in it is final text in the report's
language; the PDF, DOCX and table layouts place these blocks and add no wording of their own
(house-style 8.3 rule 8).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

Tone = Literal["normal", "note", "warning"]


@dataclass(frozen=True)
class Paragraph:
    text: str
    tone: Tone = "normal"


@dataclass(frozen=True)
class Bullets:
    items: tuple[str, ...]


@dataclass(frozen=True)
class Figure:
    """One key figure: a label, a value and an optional colour (a band's) and comment."""

    label: str
    value: str
    color: str | None = None
    comment: str = ""


@dataclass(frozen=True)
class KeyFigures:
    figures: tuple[Figure, ...]


@dataclass(frozen=True)
class Cell:
    """A table cell; ``color`` marks a band swatch, ``link`` makes the text a hyperlink."""

    text: str
    color: str | None = None
    link: str | None = None


@dataclass(frozen=True)
class Table:
    """A table; ``kind`` names its layout (column widths) in the PDF and DOCX."""

    kind: str
    headings: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    caption: str = ""


@dataclass(frozen=True)
class Chart:
    """A chart to draw from ``ChartData`` (``kind`` is a ``static_charts.DRAWERS`` key)."""

    kind: str
    title: str
    height_mm: float = 80.0
    width_mm: float | None = None


@dataclass(frozen=True)
class Entry:
    """A labelled record of long text (the evidence annex): never truncated, never a table cell."""

    heading: str
    subheading: str
    fields: tuple[tuple[str, str], ...]
    url: str = ""


@dataclass(frozen=True)
class Entries:
    entries: tuple[Entry, ...]


@dataclass(frozen=True)
class Subheading:
    text: str


Block = Paragraph | Bullets | KeyFigures | Table | Chart | Entries | Subheading


@dataclass(frozen=True)
class Chapter:
    """A numbered chapter; ``new_page`` starts it on a fresh page; ``summary`` marks the summary."""

    id: str
    title: str
    blocks: tuple[Block, ...]
    new_page: bool = True


@dataclass(frozen=True)
class Cover:
    title: str
    subtitle: str
    country: str
    fictional_mark: str
    fictional_note: str
    lines: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class BandKey:
    id: str
    label: str
    minimum: float
    color: str


@dataclass(frozen=True)
class Bar:
    """A scored group for charts: label, score (None = no score), band colour and marks."""

    id: str
    label: str
    score: float | None
    band: str | None
    band_label: str
    color: str
    provisional: bool = False
    capped: bool = False
    group: str = ""
    coverage: float | None = None


@dataclass(frozen=True)
class Heatmap:
    """Scores of areas (rows) x dimensions (columns); None where a cell has no rated question."""

    rows: tuple[str, ...]
    columns: tuple[str, ...]
    values: tuple[tuple[float | None, ...], ...]


@dataclass(frozen=True)
class CoverageBar:
    label: str
    coverage: float | None
    counts: tuple[tuple[str, int], ...]


@dataclass(frozen=True)
class GapBar:
    label: str
    gap_points: float
    color: str
    hover: str = ""


@dataclass(frozen=True)
class ChartData:
    """Everything a chart needs, localized: bars, the heatmap, the band key and the labels."""

    lang: str
    title: str
    bands: tuple[BandKey, ...]
    pillars: tuple[Bar, ...]
    sections: tuple[Bar, ...]
    areas: tuple[Bar, ...]
    dimensions: tuple[Bar, ...]
    heatmap: Heatmap
    coverage: tuple[CoverageBar, ...]
    top_gaps: tuple[GapBar, ...]
    labels: dict[str, str] = field(default_factory=dict)
    no_score_color: str = "#b9bec5"


@dataclass(frozen=True)
class ReportContext:
    """The whole report in one language: cover, chapters, footer text and the chart data."""

    lang: str
    title: str
    cover: Cover
    toc_title: str
    toc_hint: str
    footer: str
    page_label: str
    chapters: tuple[Chapter, ...]
    charts: ChartData
    created: datetime | None = None
    metadata: dict[str, str] = field(default_factory=dict)
