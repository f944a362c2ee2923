"""The method chapter: ``method.yaml`` rendered as text and tables, the same ``Method`` as Help.

Every ``method.text`` entry is rendered in the file's order, so a paragraph added to the data
appears in every report without a code change; the rating scale, weights and bands tables come
from the same object (house-style 8.3 rule 9: each number in ``method.yaml`` appears here).
"""

from __future__ import annotations

from framework.models import Method
from reports.document import Block, Cell, Chapter, Paragraph, Subheading, Table
from reports.wording import Words


def _number(value: float) -> str:
    return f"{value:.4f}".rstrip("0").rstrip(".")


def ratings_table(method: Method, w: Words) -> Table:
    rows = tuple(
        (
            Cell(w.text(level.label)),
            Cell(w("report.method.not_scored") if level.value is None else _number(level.value)),
            Cell(w.text(level.description)),
        )
        for level in method.ratings
    )
    headings = (w("report.col.rating"), w("report.col.value"), w("report.col.meaning"))
    return Table("ratings", headings, rows)


def weights_table(method: Method, w: Words) -> Table:
    rows = tuple(
        (Cell(w.obligation(obligation.value)), Cell(_number(weight)))
        for obligation, weight in method.weights.items()
    )
    return Table("weights", (w("report.col.obligation"), w("report.col.weight")), rows)


def bands_table(method: Method, w: Words) -> Table:
    ordered = sorted(method.bands, key=lambda b: b.minimum, reverse=True)
    rows = tuple(
        (
            Cell(w.text(band.label), color=band.color),
            Cell(w("report.method.from_score", minimum=_number(band.minimum))),
        )
        for band in ordered
    )
    return Table("bands", (w("report.col.band"), w("report.col.minimum")), rows)


def method_blocks(method: Method, w: Words) -> list[Block]:
    """The method as blocks: each text paragraph, with its table after the paragraph it explains."""
    tables = {
        "unanswered": (w("report.method.scale"), ratings_table(method, w)),
        "weights": (w("report.method.weights"), weights_table(method, w)),
        "bands": (w("report.method.bands"), bands_table(method, w)),
    }
    blocks: list[Block] = [Paragraph(w("report.method.intro"))]
    for key, text in method.text.items():
        blocks.append(Paragraph(w.text(text)))
        if key in tables:
            heading, table = tables[key]
            blocks += [Subheading(heading), table]
    threshold = w("report.number.percent", value=_number(100 * method.provisional_below_coverage))
    cap = next((b for b in method.bands if b.id == method.flag_band_cap), None)
    blocks.append(
        Paragraph(
            w(
                "report.method.summary",
                version=method.version,
                threshold=threshold,
                cap=w.text(cap.label) if cap else method.flag_band_cap,
            ),
            tone="note",
        )
    )
    return blocks


def method_chapter(method: Method, w: Words) -> Chapter:
    return Chapter("method", w("report.chapter.method"), tuple(method_blocks(method, w)))
