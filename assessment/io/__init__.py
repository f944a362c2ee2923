"""Import and export of assessments, one module per format.

- ``json_io``: the whole assessment as JSON (``format: gapassess.assessment``), and back.
- ``csv_io``: one row per question (scores included) for spreadsheets, and answers back.
- ``limits``: size and count bounds of uploads.

Every reader validates a file completely before anything is written: it returns an
``ImportResult`` (the assessment as it would be stored, plus warnings) or raises
``assessment.errors.ImportValidationError`` listing every problem with its row or field. Writing
is the store's job (``Store.import_assessment``), which checks everything again.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass, field

from assessment.errors import MAX_PROBLEMS, ImportValidationError, Problem
from assessment.models import Assessment, is_stripped

__all__ = ["ImportResult", "clean_strings", "clean_text", "decode_upload", "refusal"]


@dataclass
class ImportResult:
    """A validated import: the assessment to store, warnings, and question ids left out."""

    assessment: Assessment
    warnings: list[Problem] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)


def refusal(problems: list[Problem]) -> ImportValidationError:
    """The error refusing a file: every problem, up to ``MAX_PROBLEMS`` and a count of the rest."""
    if len(problems) > MAX_PROBLEMS:
        rest = {"count": len(problems) - MAX_PROBLEMS}
        problems = [*problems[:MAX_PROBLEMS], Problem("", "error.import_too_many_problems", rest)]
    return ImportValidationError(problems)


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}"


def decode_upload(data: bytes, limit: int) -> str:
    """The text of an uploaded file: at most ``limit`` bytes, UTF-8 with or without a BOM.

    Raises ``ImportValidationError`` for an empty, oversized or non-UTF-8 file.
    """
    if len(data) > limit:
        params = {"size": _megabytes(len(data)), "limit": _megabytes(limit)}
        raise ImportValidationError([Problem("", "error.file_too_large", params)])
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        problem = Problem("", "error.not_utf8", {"position": exc.start})
        raise ImportValidationError([problem]) from None
    if not text.strip():
        raise ImportValidationError([Problem("", "error.file_empty")])
    return text


def _is_removed(ch: str) -> bool:
    """The characters ``assessment.models`` strips from text (newline and tab are kept)."""
    return is_stripped(ch)


def clean_text(text: str) -> tuple[str, bool]:
    """``text`` without control characters (CRLF and CR become LF), and whether any other
    control character was removed (a CR of a line ending is not worth a warning)."""
    unified = text.replace("\r\n", "\n").replace("\r", "\n")
    cleaned = "".join(ch for ch in unified if not _is_removed(ch))
    return cleaned, len(cleaned) != len(unified)


def clean_strings(data: object, path: str, found: list[str]) -> object:
    """``data`` with every string cleaned; the dotted paths of changed strings go to ``found``."""
    if isinstance(data, str):
        cleaned, changed = clean_text(data)
        if changed:
            found.append(path)
        return cleaned
    if isinstance(data, dict):
        return {
            k: clean_strings(v, f"{path}.{k}" if path else str(k), found) for k, v in data.items()
        }
    if isinstance(data, list):
        return [clean_strings(v, f"{path}.{i}", found) for i, v in enumerate(data)]
    return data
