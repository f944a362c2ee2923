"""The content JSON Schemas under framework/data/schema/ equal a fresh generation."""

from __future__ import annotations

import pytest

from framework.schema import SCHEMA_DIR, generate


@pytest.mark.parametrize("name", sorted(generate()))
def test_schema_file_is_current(name: str) -> None:
    path = SCHEMA_DIR / name
    assert path.exists(), "run: python -m framework schema"
    assert path.read_text(encoding="utf-8") == generate()[name], "run: python -m framework schema"


def test_section_schema_knows_the_obligation_classes() -> None:
    text = generate()["section.schema.json"]
    for value in ("mandatory", "consider", "optional", "good_practice"):
        assert f'"{value}"' in text
