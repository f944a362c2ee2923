"""The report's charts drawn with matplotlib's object-oriented ``Figure`` API (no pyplot, no
browser), as PNG bytes for the PDF and the DOCX.

Same data, labels and band colours as the plotly charts of the app (``reports/charts.py``);
text uses the embedded Noto Sans SC font, so Chinese labels need no system font. Each figure is
drawn at the size it is placed on the page, so its type sizes are true to the page.
"""

from __future__ import annotations

import io
import math
from collections.abc import Callable

from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Patch, Rectangle
from PIL import Image as PILImage

from reports import style
from reports.chart_layout import (
    AXIS_BOTTOM_MM,
    DPI,
    LEGEND_MM,
    RADAR_LABEL_MM,
    SCORE_TICKS,
    band_legend,
    band_spans,
    label_margin,
    legend,
    new_figure,
    number,
    plain_axes,
    row_labels,
    short,
    text_style,
)
from reports.document import Bar, ChartData
from reports.fonts import drawable


def radar(data: ChartData, width_mm: float, height_mm: float) -> Figure:
    """Pillar scores on a polar chart, the bands as faint rings, points in their band colour."""
    bars = data.pillars
    labels = [f"{short(b.label, 32)}\n{number(b.score)}" for b in bars]
    side_mm = max(label_margin([line for lab in labels for line in lab.split("\n")]), 10.0)
    diameter = min(width_mm - 2 * side_mm, height_mm - 2 * RADAR_LABEL_MM - LEGEND_MM)
    horizontal = (width_mm - diameter) / 2
    bottom = RADAR_LABEL_MM + LEGEND_MM
    top = height_mm - diameter - bottom
    figure = new_figure(width_mm, height_mm, (horizontal, bottom, horizontal, top))
    axes = figure.add_subplot(projection="polar")
    angles = [(math.pi / 2 - 2 * math.pi * i / len(bars)) % (2 * math.pi) for i in range(len(bars))]
    circle = [2 * math.pi * i / 180 for i in range(181)]
    for color, lower, upper in band_spans(data):
        axes.fill_between(circle, lower, upper, color=color, alpha=0.12, lw=0)
    scores = [math.nan if b.score is None else b.score for b in bars]
    axes.plot([*angles, angles[0]], [*scores, scores[0]], color=style.PRIMARY, lw=1.4)
    if not any(math.isnan(s) for s in scores):
        axes.fill([*angles, angles[0]], [*scores, scores[0]], color=style.PRIMARY, alpha=0.16)
    for angle, bar in zip(angles, bars, strict=True):
        axes.scatter(
            [angle], [bar.score or 0.0], s=30, color=bar.color, edgecolor="white", lw=0.8, zorder=3
        )
    axes.set_xticks(angles, labels, **text_style())
    axes.set_thetalim(0, 2 * math.pi)
    axes.set_ylim(0, 100)
    axes.set_yticks([b.minimum for b in data.bands if b.minimum > 0], [])
    axes.tick_params(axis="x", pad=7)
    axes.grid(color=style.RULE, lw=0.5)
    axes.spines["polar"].set_color(style.RULE)
    band_legend(figure, data, any(b.score is None for b in bars))
    return figure


def _hbars(axes: Axes, bars: tuple[Bar, ...], data: ChartData) -> None:
    for color, lower, upper in band_spans(data):
        axes.axvspan(lower, upper, color=color, alpha=0.10, lw=0)
    ys = list(range(len(bars)))[::-1]
    drawn = axes.barh(
        ys, [b.score or 0.0 for b in bars], color=[b.color for b in bars], height=0.68
    )
    for patch, bar, y in zip(drawn, bars, ys, strict=True):
        if bar.provisional:
            patch.set_hatch("////")
            patch.set_edgecolor("white")
        axes.text((bar.score or 0.0) + 1.2, y, number(bar.score), va="center", **text_style())
    row_labels(axes, ys, [short(b.label) for b in bars])
    axes.set_xlim(0, 108)
    axes.set_xticks(SCORE_TICKS)
    axes.set_ylim(-0.6, len(bars) - 0.4)
    axes.set_xlabel(drawable(data.labels["chart.axis.score"]), **text_style())
    plain_axes(axes)


def areas(data: ChartData, width_mm: float, height_mm: float) -> Figure:
    """One bar per area over the band zones, coloured by band; hatched when provisional."""
    labelled = tuple(Bar(**{**bar.__dict__, "label": bar.id}) for bar in data.areas)
    left = label_margin([b.label for b in labelled])
    figure = new_figure(width_mm, height_mm, (left, AXIS_BOTTOM_MM, 4.0, 2.0))
    _hbars(figure.add_subplot(), labelled, data)
    band_legend(figure, data, any(b.score is None for b in data.areas))
    return figure


def heatmap(data: ChartData, width_mm: float, height_mm: float) -> Figure:
    """Areas x dimensions, each cell in its score's band colour, with the score printed."""
    grid = data.heatmap
    left = label_margin([drawable(r) for r in grid.rows])
    figure = new_figure(width_mm, height_mm, (left, LEGEND_MM + 1, 1.0, 6.0))
    axes = figure.add_subplot()
    ordered = sorted(data.bands, key=lambda b: b.minimum, reverse=True)
    for r, row in enumerate(grid.values):
        for c, value in enumerate(row):
            band = next((b for b in ordered if value is not None and value >= b.minimum), None)
            color = band.color if band else data.no_score_color
            axes.add_patch(Rectangle((c, r), 1, 1, facecolor=color, edgecolor="white", lw=1.2))
            axes.text(
                c + 0.5,
                r + 0.5,
                number(value, 0),
                ha="center",
                va="center",
                **text_style(color=style.text_on(color)),
            )
    axes.set_xlim(0, len(grid.columns))
    axes.set_ylim(len(grid.rows), 0)
    axes.set_xticks([])
    for c, column in enumerate(grid.columns):
        axes.text(c + 0.5, -0.25, drawable(column), ha="center", va="bottom", **text_style())
    row_labels(axes, [r + 0.5 for r in range(len(grid.rows))], [drawable(r) for r in grid.rows])
    for spine in axes.spines.values():
        spine.set_visible(False)
    band_legend(figure, data, any(v is None for row in grid.values for v in row))
    return figure


def coverage(data: ChartData, width_mm: float, height_mm: float) -> Figure:
    """Per table or chapter: rated, N/A, unknown and unanswered questions as stacked shares."""
    left = label_margin([short(b.label, 60) for b in data.coverage])
    figure = new_figure(width_mm, height_mm, (left, AXIS_BOTTOM_MM, 2.0, 2.0))
    axes = figure.add_subplot()
    ys = list(range(len(data.coverage)))[::-1]
    for y, bar in zip(ys, data.coverage, strict=True):
        total = sum(n for _, n in bar.counts) or 1
        left = 0.0
        for (_, n), color in zip(bar.counts, style.COVERAGE_COLORS, strict=True):
            share = 100 * n / total
            axes.barh(y, share, left=left, color=color, edgecolor=style.RULE, lw=0.4, height=0.62)
            left += share
        text = "—" if bar.coverage is None else f"{100 * bar.coverage:.0f}%"
        axes.text(101.5, y, text, va="center", **text_style())
    row_labels(axes, ys, [short(b.label, 60) for b in data.coverage])
    axes.set_xlim(0, 110)
    axes.set_xticks([0, 25, 50, 75, 100])
    axes.set_xlabel(drawable(data.labels["chart.axis.coverage"]) + " (%)", **text_style())
    plain_axes(axes)
    labels = [label for label, _ in data.coverage[0].counts] if data.coverage else []
    handles = [
        Patch(facecolor=color, edgecolor=style.RULE, label=drawable(label))
        for label, color in zip(labels, style.COVERAGE_COLORS, strict=False)
    ]
    legend(figure, handles)
    return figure


def top_gaps(data: ChartData, width_mm: float, height_mm: float) -> Figure:
    """The largest gaps by gap points, coloured by pillar."""
    gaps = data.top_gaps
    labels = [short(f"{g.label}  {g.hover}", 84) for g in gaps]
    figure = new_figure(width_mm, height_mm, (label_margin(labels), AXIS_BOTTOM_MM, 6.0, 2.0))
    axes = figure.add_subplot()
    ys = list(range(len(gaps)))[::-1]
    colors = [style.PILLAR_COLORS.get(g.color, style.MUTED) for g in gaps]
    axes.barh(ys, [g.gap_points for g in gaps], color=colors, height=0.65)
    for y, gap in zip(ys, gaps, strict=True):
        points = f"{gap.gap_points:.2f}".rstrip("0").rstrip(".")
        axes.text(gap.gap_points + 0.04, y, points, va="center", **text_style())
    row_labels(axes, ys, labels)
    axes.set_xlabel(drawable(data.labels["chart.axis.gap_points"]), **text_style())
    plain_axes(axes)
    names = {b.id: b.label for b in data.pillars}
    pillars = dict.fromkeys(g.color for g in gaps)
    handles = [
        Patch(facecolor=style.PILLAR_COLORS.get(p, style.MUTED), label=drawable(names.get(p, p)))
        for p in pillars
    ]
    if handles:
        legend(figure, handles)
    return figure


DRAWERS: dict[str, Callable[[ChartData, float, float], Figure]] = {
    "radar": radar,
    "areas": areas,
    "heatmap": heatmap,
    "coverage": coverage,
    "top_gaps": top_gaps,
}


def image(kind: str, data: ChartData, width_mm: float, height_mm: float) -> PILImage.Image:
    """The chart ``kind`` as an RGB image, drawn once at the size it is placed on the page."""
    figure = DRAWERS[kind](data, width_mm, height_mm)
    canvas = figure.canvas
    canvas.draw()
    return PILImage.frombuffer("RGBA", canvas.get_width_height(), canvas.buffer_rgba()).convert(
        "RGB"
    )


def png(kind: str, data: ChartData, width_mm: float, height_mm: float) -> bytes:
    """The chart ``kind`` as PNG bytes (for the DOCX)."""
    buffer = io.BytesIO()
    image(kind, data, width_mm, height_mm).save(
        buffer, format="PNG", compress_level=3, dpi=(DPI, DPI)
    )
    return buffer.getvalue()
