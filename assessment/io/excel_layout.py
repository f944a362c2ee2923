"""The layout of the Excel questionnaire, shared by the writer and the reader.

Sheets (names in the workbook language, read back in any language):
``instructions`` first, ``questions`` (one row per question), ``options`` (hidden: the lists
behind the drop-downs) and ``meta`` (very hidden: what the file was prepared for, so an upload
can be checked against its assessment and instrument version).

The meta sheet holds ``key | value`` rows (``META_KEYS``), then a blank row, then
``question_id | revision | fingerprint`` rows: the revision of each stored answer when the file
was prepared (0 = unanswered) and a digest of what its row was pre-filled with. The merge
preview uses them to tell an untouched row from an edit, and to spot answers saved in the app
since the file was prepared.
"""

from __future__ import annotations

from dataclasses import dataclass

from framework.loader import ContentBundle

FORMAT = "gapassess-questionnaire"
FORMAT_VERSION = "1"
SHEETS = ("instructions", "questions", "options", "meta")
META_KEYS = (
    "format",
    "format_version",
    "assessment_id",
    "instrument_id",
    "instrument_version",
    "language",
    "scope",
    "generated_at",
)
REVISION_HEADER = "question_id"
MAX_SHEET_TITLE = 31  # Excel's limit


@dataclass(frozen=True)
class Column:
    """A column of the questions sheet; ``answer`` columns are the ones people fill in."""

    key: str
    width: int
    answer: bool = False


COLUMNS: tuple[Column, ...] = (
    Column("id", 12),
    Column("pillar", 14),
    Column("area", 28),
    Column("question", 60),
    Column("guidance", 50),
    Column("legal_basis", 20),
    Column("answer_type", 18),
    Column("rating", 20, answer=True),
    Column("value", 30, answer=True),
    Column("justification", 30, answer=True),
    Column("evidence", 40, answer=True),
    Column("sources", 30, answer=True),
    Column("agency", 28, answer=True),
    Column("comment", 30, answer=True),
)
COLUMN_KEYS = tuple(column.key for column in COLUMNS)


def text(bundle: ContentBundle, key: str, lang: str, **params: object) -> str:
    """A UI string of ``bundle`` in ``lang`` (English when missing), placeholders filled."""
    strings = bundle.strings
    template = strings.get(lang, {}).get(key) or strings.get("en", {}).get(key) or key
    return template.format(**params) if params else template


def sheet_title(bundle: ContentBundle, sheet: str, lang: str) -> str:
    return text(bundle, f"exchange.sheet.{sheet}", lang)[:MAX_SHEET_TITLE]


def sheet_titles(bundle: ContentBundle, sheet: str) -> set[str]:
    """The names ``sheet`` may have in a workbook, one per product language."""
    return {sheet_title(bundle, sheet, code) for code in bundle.language_codes}


def header(bundle: ContentBundle, column: str, lang: str) -> str:
    return text(bundle, f"exchange.column.{column}", lang)


def header_lookup(bundle: ContentBundle) -> dict[str, str]:
    """Header text (any language, case-folded) -> column key."""
    return {
        header(bundle, key, code).casefold(): key
        for code in bundle.language_codes
        for key in COLUMN_KEYS
    }
