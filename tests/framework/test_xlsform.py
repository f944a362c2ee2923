"""The XLSForm export: every form pyxform accepts, names mapped reversibly, typed questions."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pytest
from pyxform.xls2xform import convert

from framework import load_content
from framework.__main__ import main
from framework.loader import ContentBundle
from framework.xlsform import (
    EVIDENCE_SUFFIX,
    JUSTIFICATION_SUFFIX,
    build_xlsform,
    build_xlsform_rows,
    field_name,
    field_names,
)


@pytest.fixture(scope="module")
def bundle() -> ContentBundle:
    return load_content()


def _sheet_rows(data: bytes, sheet: str) -> list[dict[str, object]]:
    ws = openpyxl.load_workbook(io.BytesIO(data), read_only=True)[sheet]
    rows = list(ws.iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


@pytest.mark.parametrize("instrument_id", ["ifa", "guide"])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_pyxform_converts_the_whole_instrument_without_warnings(
    bundle: ContentBundle, instrument_id: str, lang: str
) -> None:
    warnings: list[str] = []
    result = convert(xlsform=build_xlsform(bundle, instrument_id, lang=lang), warnings=warnings)
    # pyxform 4.5 reports nothing for these forms: every label, hint and constraint message
    # exists in both languages, and every name is unique. An empty list keeps it that way.
    assert warnings == []
    assert result.warnings == []
    assert 'lang="English (en)"' in result.xform
    assert 'lang="Chinese (zh)"' in result.xform
    default = "English (en)" if lang == "en" else "Chinese (zh)"
    assert f'lang="{default}" default="true()"' in result.xform


def test_pyxform_converts_every_section(bundle: ContentBundle) -> None:
    for instrument in bundle.instruments.values():
        for section in instrument.sections:
            warnings: list[str] = []
            result = convert(
                xlsform=build_xlsform(bundle, instrument.id, section.id), warnings=warnings
            )
            assert warnings == [], section.id
            assert f"/data/{field_name(section.id)}" in result.xform


def test_sheets_and_language_columns(bundle: ContentBundle) -> None:
    data = build_xlsform(bundle, "ifa", "PROS")
    assert openpyxl.load_workbook(io.BytesIO(data)).sheetnames == ["survey", "choices", "settings"]
    survey = _sheet_rows(data, "survey")
    columns = set(survey[0])
    for column in ("label", "hint"):
        assert {f"{column}::English (en)", f"{column}::Chinese (zh)"} <= columns
    settings = _sheet_rows(data, "settings")[0]
    assert settings["form_id"] == "gapassess_ifa_pros"
    assert settings["version"] == bundle.instruments["ifa"].version
    assert settings["default_language"] == "English (en)"


def test_one_rating_evidence_and_conditional_justification_per_rated_question(
    bundle: ContentBundle,
) -> None:
    form = build_xlsform_rows(bundle, "ifa")
    by_name = {row["name"]: row for row in form.survey}
    for question in bundle.instruments["ifa"].questions():
        if question.kind != "rated":
            continue
        name = field_name(question.id)
        assert by_name[name]["type"] == "select_one rating"
        assert by_name[name + EVIDENCE_SUFFIX]["type"] == "text"
        why = by_name[name + JUSTIFICATION_SUFFIX]
        assert why["relevant"] == f"${{{name}}} = 'not_applicable'"
        assert why["required"] == "yes"
    ratings = [c["name"] for c in form.choices if c["list_name"] == "rating"]
    assert ratings == [level.id.value for level in bundle.method.ratings]


def test_info_questions_are_typed_with_constraints(bundle: ContentBundle) -> None:
    rows = {row["name"]: row for row in build_xlsform_rows(bundle, "ifa").survey}
    year = rows["COOP_1_5"]  # a year between 1990 and 2100
    assert year["type"] == "integer"
    assert year["constraint"] == ". >= 1990 and . <= 2100"
    assert "1990" in year["constraint_message::Chinese (zh)"]
    count = rows["COOP_2_8"]  # a count, at least 0
    assert (count["type"], count["constraint"]) == ("integer", ". >= 0")
    assert rows["COOP_1_6"]["type"] == "select_multiple agency"
    assert rows["PREV_1_4"]["type"] == "select_multiple PREV_1_4_choices"


def test_names_are_xml_names_and_the_mapping_is_reversible(bundle: ContentBundle) -> None:
    assert field_name("PROS-1.2") == "PROS_1_2"
    assert field_name("PROS-3.3a") == "PROS_3_3a"
    assert field_name("AG-10.1.3") == "AG_10_1_3"
    for instrument in bundle.instruments.values():
        names = field_names(instrument)
        assert sorted(names.values()) == sorted(q.id for q in instrument.questions())
        assert all(names[field_name(qid)] == qid for qid in names.values())


def test_unknown_section_is_refused(bundle: ContentBundle) -> None:
    with pytest.raises(KeyError):
        build_xlsform_rows(bundle, "ifa", "NOPE")


def test_cli_writes_a_form_pyxform_accepts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "form.xlsx"
    argv = ["xlsform", "--instrument", "guide", "--section", "AG-8", "--lang", "zh", "-o", str(out)]
    assert main(argv) == 0
    assert convert(xlsform=out.read_bytes()).warnings == []
    assert str(out) in capsys.readouterr().out


def test_cli_refuses_an_unknown_section(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "x.xlsx"
    assert main(["xlsform", "--instrument", "ifa", "--section", "NOPE", "-o", str(out)]) == 2
    assert "NOPE" in capsys.readouterr().err
    assert not out.exists()
