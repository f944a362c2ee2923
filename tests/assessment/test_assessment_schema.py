"""The published JSON Schema of the assessment file equals a fresh generation and fits exports."""

from __future__ import annotations

import json

import jsonschema
import pytest

from assessment.demo import demo_assessments
from assessment.io.json_io import SCHEMA_PATH, export_json, schema_text
from framework.loader import load_content

REGENERATE = "run: .venv/bin/python -m assessment.io.json_io"


def test_published_schema_is_current() -> None:
    assert SCHEMA_PATH.exists(), REGENERATE
    assert SCHEMA_PATH.read_text(encoding="utf-8") == schema_text(), REGENERATE


def test_schema_names_the_format_and_its_version() -> None:
    schema = json.loads(schema_text())
    assert schema["properties"]["format"]["const"] == "gapassess.assessment"
    assert schema["properties"]["format_version"]["const"] == 1
    assert set(schema["required"]) == {"format", "format_version", "assessment"}
    assert schema["additionalProperties"] is False


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(json.loads(schema_text()))


def test_every_demo_export_fits_the_schema(validator: jsonschema.Draft202012Validator) -> None:
    for assessment in demo_assessments(load_content()):
        document = json.loads(export_json(assessment))
        assert list(validator.iter_errors(document)) == [], assessment.id


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (("format",), "something.else"),
        (("assessment", "country"), "France"),
        (("assessment", "status"), "archived"),
        (("assessment", "version"), -1),
    ],
)
def test_schema_refuses_what_the_importer_refuses(
    validator: jsonschema.Draft202012Validator, path: tuple[str, ...], value: object
) -> None:
    document = json.loads(export_json(demo_assessments(load_content())[0]))
    target = document
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value
    assert list(validator.iter_errors(document)) != []
