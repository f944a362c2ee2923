"""Writing user text into an ``.xlsx`` cell so that no spreadsheet ever runs it as a formula.

openpyxl stores any string that starts with ``=`` as a formula. Here every text is written as
a string cell, and a text that a spreadsheet could read as a formula (``= + - @``, a tab or a
carriage return first) also gets Excel's quote prefix, so it stays text even after someone
edits the cell. The text itself is unchanged, so it reads back exactly as stored (unlike the
leading apostrophe CSV needs, which would alter the answer on a round trip).

The same rule as ``reports.tables`` (which writes its XLSX cells the same way); it lives here
because ``assessment`` may not import ``reports`` (data flows one way).
"""

from __future__ import annotations

from openpyxl.cell import Cell

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def put(cell: Cell, value: object) -> None:
    """Write ``value`` into ``cell``; text is always literal text, never a formula."""
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"
        if value.startswith(FORMULA_STARTS):
            cell.quotePrefix = True
