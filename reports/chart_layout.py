"""Figure geometry, type and legends shared by the static (matplotlib) charts.

Margins are computed from the labels' estimated widths instead of matplotlib's constrained
layout, which costs an extra full draw per chart; category labels are plain texts rather than
ticks (each tick is four artists). Together that halved the PDF's chart time.
"""

from __future__ import annotations

from collections.abc import Sequence
from unicodedata import east_asian_width

from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from reports import style
from reports.document import ChartData
from reports.fonts import drawable, register_matplotlib

DPI = 150
MM_PER_INCH = 25.4
FONT_PT = 7.0
LABEL_MAX_MM = 70.0
SCORE_TICKS = (0, 30, 60, 85, 100)
PT_MM = 0.3528
LABEL_PAD_MM = 4.0
AXIS_BOTTOM_MM = 15.0
"""Room under an axis for tick labels, the axis title and the legend."""
LEGEND_MM = 6.0
RADAR_LABEL_MM = 10.0


def font_props(size: float = FONT_PT) -> dict[str, object]:
    return {"family": [register_matplotlib(), "DejaVu Sans"], "size": size}


def text_style(size: float = FONT_PT, color: str = style.TEXT) -> dict[str, object]:
    return {"fontfamily": [register_matplotlib(), "DejaVu Sans"], "fontsize": size, "color": color}


def new_figure(
    width_mm: float, height_mm: float, margins: tuple[float, float, float, float]
) -> Figure:
    """A figure with fixed margins (left, bottom, right, top) in mm."""
    register_matplotlib()
    figure = Figure(figsize=(width_mm / MM_PER_INCH, height_mm / MM_PER_INCH), dpi=DPI)
    FigureCanvasAgg(figure)
    left, bottom, right, top = margins
    figure.subplots_adjust(
        left=left / width_mm,
        bottom=bottom / height_mm,
        right=1 - right / width_mm,
        top=1 - top / height_mm,
    )
    return figure


def text_mm(label: str, size: float = FONT_PT) -> float:
    """Estimated width of ``label`` in mm: CJK glyphs one em wide, others a little over half."""
    em = size * PT_MM
    return sum(em * (1.0 if east_asian_width(ch) in "WF" else 0.56) for ch in label)


def label_margin(labels: Sequence[str]) -> float:
    return max((text_mm(label) for label in labels), default=0.0) + LABEL_PAD_MM


def short(label: str, max_mm: float = LABEL_MAX_MM) -> str:
    """``label`` on one line, cut with an ellipsis where it would pass ``max_mm``."""
    label = drawable(label).replace("\n", " ")
    if text_mm(label) <= max_mm:
        return label
    while label and text_mm(label + "…") > max_mm:
        label = label[:-1]
    return label.rstrip() + "…"


def number(value: float | None, decimals: int = 1) -> str:
    return "—" if value is None else f"{value:.{decimals}f}"


def legend(figure: Figure, handles: Sequence[Patch]) -> None:
    figure.legend(
        handles=list(handles),
        loc="lower center",
        bbox_to_anchor=(0.5, 0.0),
        ncols=len(handles),
        frameon=False,
        prop=font_props(FONT_PT - 0.5),
        handlelength=1.0,
        columnspacing=1.2,
    )


def band_legend(figure: Figure, data: ChartData, with_none: bool) -> None:
    handles = [Patch(facecolor=b.color, label=drawable(b.label)) for b in data.bands]
    if with_none:
        label = drawable(data.labels["chart.legend.no_score"])
        handles.append(Patch(facecolor=data.no_score_color, label=label))
    legend(figure, handles)


def band_spans(data: ChartData) -> list[tuple[str, float, float]]:
    """(colour, lower, upper) of each band, from the band thresholds in the method."""
    uppers = [100.0, *[b.minimum for b in data.bands[:-1]]]
    return [(b.color, b.minimum, up) for b, up in zip(data.bands, uppers, strict=True)]


def row_labels(axes: Axes, ys: Sequence[float], labels: Sequence[str]) -> None:
    """Category labels left of the axes, drawn as plain texts."""
    axes.set_yticks([])
    transform = axes.get_yaxis_transform()
    for y, label in zip(ys, labels, strict=True):
        axes.text(-0.01, y, label, ha="right", va="center", transform=transform, **text_style())


def plain_axes(axes: Axes) -> None:
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    axes.tick_params(length=2, colors=style.MUTED)
    for label in axes.get_xticklabels():
        label.update(text_style(color=style.MUTED))
