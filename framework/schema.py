"""JSON Schemas of the content files, generated from the models, for editor hints.

The files under ``data/schema/`` are golden: a test regenerates them and compares, so they can
never drift from ``models.py``. Regenerate with ``python -m framework schema``.
"""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel, TypeAdapter

from framework.models import Agency, LegalProvision, Method, RedFlag, Resource, Section, Treaty

SCHEMA_DIR = Path(__file__).parent / "data" / "schema"

SCHEMAS: dict[str, type[BaseModel] | TypeAdapter[object]] = {
    "section.schema.json": Section,
    "method.schema.json": Method,
    "resources.schema.json": TypeAdapter(list[Resource]),
    "legal_provisions.schema.json": TypeAdapter(list[LegalProvision]),
    "treaties.schema.json": TypeAdapter(list[Treaty]),
    "agencies.schema.json": TypeAdapter(list[Agency]),
    "red_flags.schema.json": TypeAdapter(list[RedFlag]),
}


def generate() -> dict[str, str]:
    """File name -> schema text, deterministic (sorted keys, trailing newline)."""
    out = {}
    for name, model in SCHEMAS.items():
        is_adapter = isinstance(model, TypeAdapter)
        schema = model.json_schema() if is_adapter else model.model_json_schema()
        out[name] = json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    return out


def write(schema_dir: Path = SCHEMA_DIR) -> list[Path]:
    schema_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, text in generate().items():
        path = schema_dir / name
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths
