"""Charts: the same band colours from method.yaml everywhere, labels in the session language."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from assessment import frames as F
from assessment.demo import demo_assessment
from assessment.results import Results, compute_results
from framework.loader import ContentBundle
from reports import charts, static_charts
from reports.document import ChartData


@pytest.fixture(scope="module")
def data(bundle: ContentBundle, demo: Results) -> dict[str, ChartData]:
    return {lang: charts.build_chart_data(bundle, demo, lang) for lang in ("en", "zh")}


def _band_colors(bundle: ContentBundle) -> set[str]:
    return {b.color for b in bundle.method.bands}


def test_bars_carry_the_engine_scores_and_their_band_colour(
    data: dict[str, ChartData], bundle: ContentBundle, demo: Results
) -> None:
    pillars = demo.scores[demo.scores[F.GROUP_KIND] == "pillar"]
    bars = {b.id: b for b in data["en"].pillars}
    for row in pillars.to_dict("records"):
        bar = bars[row[F.GROUP_ID]]
        assert bar.score == pytest.approx(row[F.SCORE])
        assert bar.color == bundle.method.band_for(row[F.SCORE]).color or bar.band == row[F.BAND]  # type: ignore[union-attr]
        assert bar.band == row[F.BAND]


@pytest.mark.parametrize("name", list(charts.FIGURES))
def test_every_plotly_figure_uses_only_method_band_colours_for_scores(
    data: dict[str, ChartData], bundle: ContentBundle, name: str
) -> None:
    figure = charts.FIGURES[name](data["zh"])
    assert figure.data
    if name in {"radar", "pillars", "areas"}:
        colors = {c for trace in figure.data for c in _marker_colors(trace)}
        assert colors & _band_colors(bundle)
        assert colors <= _band_colors(bundle) | {data["zh"].no_score_color}


def _marker_colors(trace: object) -> list[str]:
    marker = getattr(trace, "marker", None)
    color = getattr(marker, "color", None)
    if color is None:
        return []
    return [color] if isinstance(color, str) else [c for c in color if isinstance(c, str)]


def test_plotly_labels_are_in_the_session_language(
    data: dict[str, ChartData], bundle: ContentBundle
) -> None:
    figure = charts.radar(data["zh"])
    assert figure.layout.title.text == bundle.strings["zh"]["chart.radar.title"]
    thetas = set(figure.data[-1].theta)
    assert {bundle.strings["zh"][f"pillar.{p}"] for p in ("prosecution", "cooperation")} <= thetas


def test_deltas_and_comparison_show_two_rounds(
    bundle: ContentBundle, data: dict[str, ChartData]
) -> None:
    followup = compute_results(bundle, demo_assessment(bundle, "ifa", "followup"))
    after = charts.build_chart_data(bundle, followup, "en")
    figure = charts.deltas(data["en"], after)
    before = {b.id: b.score for b in data["en"].pillars}
    changes = [b.score - before[b.id] for b in after.pillars]  # type: ignore[operator]
    texts = list(figure.data[0].text)
    assert [float(t) for t in texts] == pytest.approx(changes, abs=0.05)
    assert "-0.0" not in texts  # a change that rounds to nothing is shown as +0.0
    compared = charts.comparison([data["en"], after])
    assert [t.name for t in compared.data] == [data["en"].title, after.title]


def test_heatmap_cells_are_engine_scores_of_area_and_dimension(
    data: dict[str, ChartData], demo: Results
) -> None:
    grid = data["en"].heatmap
    assert len(grid.rows) == len(demo.scores[demo.scores[F.GROUP_KIND] == "area"])
    values = [v for row in grid.values for v in row if v is not None]
    assert values and all(0 <= v <= 100 for v in values)


@pytest.mark.parametrize("kind", list(static_charts.DRAWERS))
def test_static_charts_draw_at_the_requested_size(data: dict[str, ChartData], kind: str) -> None:
    png = static_charts.png(kind, data["zh"], 120, 60)
    image = Image.open(io.BytesIO(png))
    dpi = static_charts.DPI
    expected = (120 / 25.4 * dpi, 60 / 25.4 * dpi)
    assert all(abs(got - want) <= 1 for got, want in zip(image.size, expected, strict=True))
    assert image.getextrema() != ((255, 255), (255, 255), (255, 255))  # not blank
