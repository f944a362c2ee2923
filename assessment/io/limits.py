"""Bounds on what an upload or an import may hold (documented in ``docs/limits.md``).

The byte limits are set *above* the largest file the app can itself export for the largest
instrument with every text field at its maximum length in Chinese (3 bytes a character), so an
export can always be imported again; a test builds that worst case and checks it. A realistic
assessment is far smaller (the figures are in ``docs/limits.md``). The row and item counts are
checked before any model is built, so a hostile file costs little.
"""

from __future__ import annotations

from typing import Final

from assessment.models import MAX_LIST, MAX_SHORT_TEXT, MAX_TEXT
from framework.answer_types import MAX_TEXT_LENGTH as MAX_INFO_TEXT

MIB: Final = 1024 * 1024

MAX_JSON_BYTES: Final = 64 * MIB
"""Largest JSON upload (``assessment.io.json_io``)."""

MAX_CSV_BYTES: Final = 64 * MIB
"""Largest CSV upload (``assessment.io.csv_io``)."""

MAX_CSV_ROWS: Final = 2_000
"""Data rows in a CSV import (one per question; the largest instrument has under 200)."""

MAX_ANSWERS: Final = 2_000
"""Answers (and, separately, action items) in one imported assessment."""

MAX_ACTIONS: Final = MAX_ANSWERS

MAX_WARNINGS: Final = 50
"""Warnings listed for one import; the count of the rest is given."""

__all__ = [
    "MAX_ACTIONS",
    "MAX_ANSWERS",
    "MAX_CSV_BYTES",
    "MAX_CSV_ROWS",
    "MAX_INFO_TEXT",
    "MAX_JSON_BYTES",
    "MAX_LIST",
    "MAX_SHORT_TEXT",
    "MAX_TEXT",
    "MAX_WARNINGS",
    "MIB",
]
