"""The whole assessment as one JSON file: export, import, and its published JSON Schema.

File shape (``docs/schema/assessment.schema.json``, generated from ``AssessmentFile``)::

    {"format": "gapassess.assessment", "format_version": 1, "assessment": {...}}

``assessment`` is ``assessment.models.Assessment`` as the store holds it: metadata, version,
answers and action items keyed by question id, each with its revision and who saved it last.
Exports are deterministic (keys and answers sorted, no export timestamp) and UTF-8 without a
BOM. A bare ``Assessment`` object (as ``python -m assessment demo`` writes) is accepted too.

``read_json`` checks, in order, and reports *every* problem it finds in a step before stopping:
size (``limits.MAX_JSON_BYTES``), UTF-8 (a BOM is allowed), JSON syntax (line and column),
duplicate keys (JSON allows them and would keep the last silently, e.g. a question answered
twice), the envelope, item counts, the schema (pydantic errors mapped to field paths), then the
content: the instrument exists, every question id belongs to it, info values are typed, agencies
and the country are known. Control characters are removed from text, with a warning naming
each field. Question ids the instrument does not hold (an older content version's) refuse the
import, listed by id; with ``drop_unknown=True`` (after the user has seen that list and
confirmed) they are left out instead and named in a warning. Nothing is dropped silently.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, ValidationError

from assessment.errors import Problem, problems_from_validation
from assessment.io import ImportResult, clean_strings, decode_upload, refusal
from assessment.io.limits import MAX_ACTIONS, MAX_ANSWERS, MAX_JSON_BYTES, MAX_WARNINGS
from assessment.models import Assessment
from assessment.store_validation import ContentIndex, check_assessment
from framework.loader import ContentBundle

FORMAT = "gapassess.assessment"
FORMAT_VERSION = 1
SCHEMA_PATH = Path(__file__).resolve().parents[2] / "docs" / "schema" / "assessment.schema.json"


class AssessmentFile(BaseModel):
    """A gapassess assessment file (the JSON export)."""

    model_config = ConfigDict(extra="forbid", title="Gap assessment file")

    format: Literal["gapassess.assessment"]
    format_version: Literal[1]
    assessment: Assessment


# Export ----------------------------------------------------------------------------------------


def export_document(assessment: Assessment) -> dict[str, Any]:
    """The export as plain JSON data, answers and actions sorted by question id."""
    ordered = assessment.model_copy(
        update={
            "answers": dict(sorted(assessment.answers.items())),
            "actions": dict(sorted(assessment.actions.items())),
        }
    )
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "assessment": ordered.model_dump(mode="json"),
    }


def export_json(assessment: Assessment) -> bytes:
    """Pretty, deterministic UTF-8 JSON of the whole assessment."""
    text = json.dumps(export_document(assessment), indent=2, ensure_ascii=False)
    return (text + "\n").encode("utf-8")


def schema_text() -> str:
    """The JSON Schema of the file, deterministic (a test compares it with the published one)."""
    schema = AssessmentFile.model_json_schema()
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def write_schema(path: Path = SCHEMA_PATH) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(schema_text(), encoding="utf-8")
    return path


# Import ----------------------------------------------------------------------------------------


def _parse(text: str) -> Any:
    """JSON data; duplicate keys, NaN/Infinity, syntax errors and deep nesting are refused."""
    duplicates: list[str] = []

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        seen: dict[str, Any] = {}
        for key, value in items:
            if key in seen:
                duplicates.append(key)
            seen[key] = value
        return seen

    def constant(name: str) -> Any:
        raise ValueError(name)

    try:
        data = json.loads(text, object_pairs_hook=pairs, parse_constant=constant)
    except json.JSONDecodeError as exc:
        params = {"line": exc.lineno, "column": exc.colno, "detail": exc.msg}
        raise refusal([Problem("", "error.json_syntax", params)]) from None
    except ValueError as exc:  # NaN / Infinity, which JSON does not have
        params = {"line": 0, "column": 0, "detail": f"{exc} is not JSON"}
        raise refusal([Problem("", "error.json_syntax", params)]) from None
    except RecursionError:
        raise refusal([Problem("", "error.json_too_deep")]) from None
    if duplicates:
        raise refusal([Problem("", "error.duplicate_key", {"name": key}) for key in duplicates])
    return data


def _envelope(data: Any) -> dict[str, Any]:
    """The document as an ``AssessmentFile`` dict (a bare assessment is wrapped)."""
    if not isinstance(data, dict):
        raise refusal([Problem("", "error.not_assessment_file", {"found": type(data).__name__})])
    if "format" not in data and "instrument_id" in data and "answers" in data:
        return {"format": FORMAT, "format_version": FORMAT_VERSION, "assessment": data}
    if data.get("format") != FORMAT:
        found = str(data.get("format", ""))[:60]
        raise refusal([Problem("format", "error.not_assessment_file", {"found": found})])
    if data.get("format_version") != FORMAT_VERSION:
        params = {"found": str(data.get("format_version", ""))[:20], "supported": FORMAT_VERSION}
        raise refusal([Problem("format_version", "error.format_version", params)])
    return data


def _check_counts(document: dict[str, Any]) -> None:
    body = document.get("assessment")
    if not isinstance(body, dict):
        return
    problems = []
    for name, maximum in (("answers", MAX_ANSWERS), ("actions", MAX_ACTIONS)):
        items = body.get(name)
        if isinstance(items, dict | list) and len(items) > maximum:
            params = {"count": len(items), "maximum": maximum}
            problems.append(Problem(f"assessment.{name}", "error.too_many_items", params))
    if problems:
        raise refusal(problems)


def read_json(data: bytes, bundle: ContentBundle, drop_unknown: bool = False) -> ImportResult:
    """Validate an uploaded JSON assessment completely; nothing is written here.

    Returns the assessment as it would be stored (info values canonical, control characters
    removed) with warnings; raises ``ImportValidationError`` listing every problem.
    """
    document = _envelope(_parse(decode_upload(data, MAX_JSON_BYTES)))
    _check_counts(document)
    cleaned_paths: list[str] = []
    document = clean_strings(document, "", cleaned_paths)  # type: ignore[assignment]
    try:
        parsed = AssessmentFile.model_validate(document)
    except ValidationError as exc:
        raise refusal(problems_from_validation(exc)) from None
    check = check_assessment(ContentIndex(bundle), parsed.assessment, "assessment", drop_unknown)
    if check.problems:
        raise refusal(check.problems)
    warnings = [
        Problem(p, "warning.control_characters_removed", {"field": p}) for p in cleaned_paths
    ]
    warnings = [*check.warnings, *warnings]
    return ImportResult(check.assessment, warnings[:MAX_WARNINGS], check.dropped)


if __name__ == "__main__":  # regenerate the published schema
    sys.stdout.write(f"wrote {write_schema()}\n")
