"""Interactive plotly charts for the app, drawn from ``ChartData`` (``reports.context``).

The same numbers, labels and band colours as the report's static charts: bands and their
colours come from ``method.yaml`` through ``ChartData.bands``; every label is already in the
session language. Build the data with ``build_chart_data(bundle, results, lang)``; each
function returns a ``go.Figure`` and computes nothing but positions.
"""

from __future__ import annotations

from collections.abc import Sequence

import plotly.graph_objects as go

from assessment.results import Results
from framework.loader import ContentBundle
from reports import style
from reports.chart_data import chart_data, chart_title
from reports.document import Bar, ChartData
from reports.facts import Facts
from reports.wording import Words

FONT = {"family": "Noto Sans SC, Microsoft YaHei, PingFang SC, sans-serif", "size": 12}
SCORE_RANGE = (0, 100)


def build_chart_data(bundle: ContentBundle, results: Results, lang: str) -> ChartData:
    """Chart inputs of one assessment in ``lang``, titled with its country and round."""
    words = Words(bundle, lang)
    return chart_data(bundle, Facts(bundle, results, words), chart_title(words, results.assessment))


def _layout(figure: go.Figure, title: str, height: int) -> go.Figure:
    figure.update_layout(
        title={"text": title, "x": 0.0, "xanchor": "left"},
        font=FONT,
        height=height,
        margin={"l": 10, "r": 10, "t": 50, "b": 10},
        paper_bgcolor="white",
        plot_bgcolor="white",
        legend={"orientation": "h", "y": -0.12},
    )
    return figure


def _score_text(data: ChartData, bar: Bar) -> str:
    score = "—" if bar.score is None else f"{bar.score:.1f}"
    return data.labels["chart.hover.score"].format(
        label=bar.label, score=score, band=bar.band_label
    )


def _band_zones(figure: go.Figure, data: ChartData, axis: str = "x") -> None:
    """The bands as faint stripes behind the bars (vertical for x scores, horizontal for y)."""
    uppers = [100.0, *[b.minimum for b in data.bands[:-1]]]
    add = figure.add_vrect if axis == "x" else figure.add_hrect
    for band, upper in zip(data.bands, uppers, strict=True):
        bounds = {f"{axis}0": band.minimum, f"{axis}1": upper}
        add(**bounds, fillcolor=band.color, opacity=0.10, line_width=0, layer="below")


def _band_legend(figure: go.Figure, data: ChartData) -> None:
    for band in data.bands:
        figure.add_trace(
            go.Bar(x=[None], y=[None], name=band.label, marker_color=band.color, showlegend=True)
        )


def radar(data: ChartData) -> go.Figure:
    """Pillar scores, band rings behind, points in their band colour."""
    figure = go.Figure()
    bars = [*data.pillars, *data.pillars[:1]]  # closed polygon
    labels = [b.label for b in bars]
    uppers = [100.0, *[b.minimum for b in data.bands[:-1]]]
    # Band zones as filled rings on the same categorical axis as the scores: a numeric theta here
    # would switch the angular axis to degrees and hide the pillar polygon.
    rings = sorted(zip(data.bands, uppers, strict=True), key=lambda pair: pair[1])
    for i, (band, upper) in enumerate(rings):
        figure.add_trace(
            go.Scatterpolar(
                r=[upper] * len(labels), theta=labels, mode="lines",
                fill="toself" if i == 0 else "tonext",
                fillcolor=band.color, opacity=0.13, line={"width": 0}, name=band.label,
                hoverinfo="skip",
            )
        )  # fmt: skip
    scores = [b.score for b in bars]
    figure.add_trace(
        go.Scatterpolar(
            r=scores,
            theta=labels,
            mode="lines+markers",
            fill="none" if None in scores else "toself",
            line={"color": style.PRIMARY, "width": 2},
            marker={"size": 11, "color": [b.color for b in bars]},
            text=[_score_text(data, b) for b in bars],
            hoverinfo="text",
            showlegend=False,
        )
    )
    figure.update_layout(
        polar={"gridshape": "linear",
               "radialaxis": {"range": SCORE_RANGE, "tickvals": [b.minimum for b in data.bands]},
               "angularaxis": {"direction": "clockwise", "rotation": 90}},
    )  # fmt: skip
    return _layout(figure, data.labels["chart.radar.title"], 460)


def _hbars(data: ChartData, bars: Sequence[Bar], title: str) -> go.Figure:
    figure = go.Figure(
        go.Bar(
            x=[b.score or 0 for b in bars],
            y=[b.label for b in bars],
            orientation="h",
            marker={
                "color": [b.color for b in bars],
                "pattern": {"shape": ["/" if b.provisional else "" for b in bars]},
            },
            text=["—" if b.score is None else f"{b.score:.1f}" for b in bars],
            textposition="outside",
            hovertext=[_score_text(data, b) for b in bars],
            hoverinfo="text",
            showlegend=False,
        )
    )
    _band_zones(figure, data)
    _band_legend(figure, data)
    figure.update_xaxes(range=[0, 108], title_text=data.labels["chart.axis.score"])
    figure.update_yaxes(autorange="reversed")
    return _layout(figure, title, 160 + 26 * len(bars))


def area_bars(data: ChartData) -> go.Figure:
    """One bar per area (hover shows its title), coloured by band, hatched when provisional."""
    return _hbars(data, data.areas, data.labels["chart.areas.title"])


def pillar_bars(data: ChartData) -> go.Figure:
    return _hbars(data, data.pillars, data.labels["chart.radar.title"])


def heatmap(data: ChartData) -> go.Figure:
    """Areas x dimensions; each cell's colour is its score's band (a stepped colour scale)."""
    grid = data.heatmap
    ordered = sorted(data.bands, key=lambda b: b.minimum)
    scale: list[list[float | str]] = []
    for band, upper in zip(ordered, [*[b.minimum for b in ordered[1:]], 100.0], strict=True):
        scale += [[band.minimum / 100, band.color], [upper / 100, band.color]]
    figure = go.Figure(
        go.Heatmap(
            z=[list(row) for row in grid.values],
            x=list(grid.columns),
            y=list(grid.rows),
            zmin=0,
            zmax=100,
            colorscale=scale,
            text=[["—" if v is None else f"{v:.0f}" for v in row] for row in grid.values],
            texttemplate="%{text}",
            xgap=2,
            ygap=2,
            colorbar={"title": {"text": data.labels["chart.legend.band"]}},
        )
    )
    figure.update_yaxes(autorange="reversed")
    figure.update_layout(plot_bgcolor=data.no_score_color)
    return _layout(figure, data.labels["chart.heatmap.title"], 160 + 26 * len(grid.rows))


def coverage(data: ChartData) -> go.Figure:
    """Rated, N/A, unknown and unanswered questions per table or chapter (stacked counts)."""
    figure = go.Figure()
    labels = [b.label for b in data.coverage]
    names = [name for name, _ in data.coverage[0].counts] if data.coverage else []
    for i, (name, color) in enumerate(zip(names, style.COVERAGE_COLORS, strict=False)):
        figure.add_trace(
            go.Bar(
                x=[b.counts[i][1] for b in data.coverage],
                y=labels,
                orientation="h",
                name=name,
                marker={"color": color, "line": {"color": style.RULE, "width": 1}},
            )
        )
    figure.update_layout(barmode="stack")
    figure.update_yaxes(autorange="reversed")
    return _layout(figure, data.labels["chart.coverage.title"], 160 + 40 * len(labels))


def top_gaps(data: ChartData) -> go.Figure:
    """The largest gaps by gap points, coloured by pillar."""
    gaps = data.top_gaps
    figure = go.Figure(
        go.Bar(
            x=[g.gap_points for g in gaps],
            y=[g.label for g in gaps],
            orientation="h",
            marker_color=[style.PILLAR_COLORS.get(g.color, style.MUTED) for g in gaps],
            hovertext=[g.hover for g in gaps],
            hoverinfo="text+x",
        )
    )
    figure.update_yaxes(autorange="reversed")
    figure.update_xaxes(title_text=data.labels["chart.axis.gap_points"])
    return _layout(figure, data.labels["chart.top_gaps.title"], 160 + 26 * len(gaps))


def deltas(baseline: ChartData, followup: ChartData, kind: str = "pillars") -> go.Figure:
    """Change in score per pillar (or ``sections``/``areas``) from a baseline to a follow-up."""
    before = {b.id: b for b in getattr(baseline, kind)}
    bars = [b for b in getattr(followup, kind) if b.id in before]
    changes = [
        None if b.score is None or before[b.id].score is None else b.score - before[b.id].score  # type: ignore[operator]
        for b in bars
    ]
    hover = [
        followup.labels["chart.hover.delta"].format(
            label=b.label,
            before="—" if before[b.id].score is None else f"{before[b.id].score:.1f}",
            after="—" if b.score is None else f"{b.score:.1f}",
        )
        for b in bars
    ]
    figure = go.Figure(
        go.Bar(
            x=[c or 0 for c in changes],
            y=[b.label for b in bars],
            orientation="h",
            marker_color=[style.PRIMARY if (c or 0) >= 0 else style.WARNING for c in changes],
            text=["—" if c is None else f"{round(c, 1) + 0.0:+.1f}" for c in changes],
            textposition="outside",
            hovertext=hover,
            hoverinfo="text",
        )
    )
    figure.add_vline(x=0, line_color=style.MUTED)
    figure.update_yaxes(autorange="reversed")
    figure.update_xaxes(title_text=followup.labels["chart.axis.delta"])
    return _layout(figure, followup.labels["chart.delta.title"], 160 + 30 * len(bars))


def comparison(items: Sequence[ChartData]) -> go.Figure:
    """Pillar scores of several assessments (countries or rounds) side by side."""
    figure = go.Figure()
    for i, data in enumerate(items):
        figure.add_trace(
            go.Bar(
                x=[b.label for b in data.pillars],
                y=[b.score for b in data.pillars],
                name=data.title,
                marker_color=style.SERIES_COLORS[i % len(style.SERIES_COLORS)],
                hovertext=[_score_text(data, b) for b in data.pillars],
                hoverinfo="text",
            )
        )
    labels = items[0].labels if items else {}
    if items:
        _band_zones(figure, items[0], axis="y")
    figure.update_layout(barmode="group")
    figure.update_yaxes(range=SCORE_RANGE, title_text=labels.get("chart.axis.score", ""))
    return _layout(figure, labels.get("chart.compare.title", ""), 460)


FIGURES = {
    "radar": radar,
    "pillars": pillar_bars,
    "areas": area_bars,
    "heatmap": heatmap,
    "coverage": coverage,
    "top_gaps": top_gaps,
}
"""Single-assessment charts by name (the app and the tests iterate over this)."""
