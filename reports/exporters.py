"""The one registry of report formats: name -> exporter (house-style 8.3 rule 7).

The CLI, the app's download buttons and the tests all read ``EXPORTERS``; a format added here
is offered and tested everywhere. Each exporter turns (content, results, language) into bytes.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pandas as pd

from assessment.results import Results
from framework.loader import ContentBundle
from reports.table_data import TABLES, table_frames

Build = Callable[[ContentBundle, Results, str], bytes]


@dataclass(frozen=True)
class Exporter:
    name: str
    suffix: str
    mime: str
    build: Build


def _pdf(bundle: ContentBundle, results: Results, lang: str) -> bytes:
    from reports.context import build_context
    from reports.pdf import build_pdf

    return build_pdf(build_context(bundle, results, lang))


def _docx(bundle: ContentBundle, results: Results, lang: str) -> bytes:
    from reports.context import build_context
    from reports.docx import build_docx

    return build_docx(build_context(bundle, results, lang))


def _csv(bundle: ContentBundle, results: Results, lang: str) -> bytes:
    from reports.tables import build_csv

    return build_csv(bundle, results, lang, "answers")


def _xlsx(bundle: ContentBundle, results: Results, lang: str) -> bytes:
    from reports.tables import build_xlsx

    return build_xlsx(bundle, results, lang)


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    return json.loads(frame.to_json(orient="records", force_ascii=False, date_format="iso"))


def _json(bundle: ContentBundle, results: Results, lang: str) -> bytes:
    """Every report table as JSON records, with the assessment and method it was computed on."""
    assessment = results.assessment
    document = {
        "assessment_id": assessment.id,
        "country": assessment.country,
        "fictional": assessment.fictional,
        "instrument_id": results.instrument.id,
        "instrument_version": results.instrument.version,
        "method_version": bundle.method.version,
        "language": lang,
        "tables": {
            name: _records(frame) for name, frame in table_frames(bundle, results, lang).items()
        },
    }
    return json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")


EXPORTERS: dict[str, Exporter] = {
    "pdf": Exporter("pdf", ".pdf", "application/pdf", _pdf),
    "docx": Exporter(
        "docx",
        ".docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        _docx,
    ),
    "csv": Exporter("csv", ".csv", "text/csv", _csv),
    "xlsx": Exporter(
        "xlsx", ".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", _xlsx
    ),
    "json": Exporter("json", ".json", "application/json", _json),
}

CSV_TABLES = TABLES
"""Tables a CSV export can hold (the ``csv`` exporter writes ``answers``)."""


def export(name: str, bundle: ContentBundle, results: Results, lang: str) -> bytes:
    """Bytes of the report in format ``name`` (a key of ``EXPORTERS``)."""
    try:
        exporter = EXPORTERS[name]
    except KeyError:
        raise ValueError(f"unknown format {name!r}; one of {', '.join(EXPORTERS)}") from None
    return exporter.build(bundle, results, lang)
