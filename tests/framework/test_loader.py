"""The loader accepts the shipped content and rejects each kind of broken copy, naming the place."""

from __future__ import annotations

from typing import Any

import pytest

from framework.checks import instrument_counts
from framework.errors import ContentInvalidError, ErrorCode
from framework.loader import RawContent, build_bundle, load_content, read_raw


@pytest.fixture(scope="module")
def raw() -> RawContent:
    return read_raw()


def _first_question(raw: RawContent, rel: str) -> dict[str, Any]:
    return raw.files[rel]["areas"][0]["questions"][0]


def _errors_for(raw: RawContent) -> ContentInvalidError:
    with pytest.raises(ContentInvalidError) as info:
        build_bundle(raw)
    return info.value


def test_shipped_content_loads() -> None:
    bundle = load_content()
    assert set(bundle.instruments) >= {"ifa", "guide"}
    assert [s.id for s in bundle.instruments["ifa"].sections] == ["PROS", "PROT", "PREV", "COOP"]


@pytest.mark.parametrize("instrument_id", ["ifa", "guide"])
def test_counts_match_what_the_instrument_declares(instrument_id: str) -> None:
    instrument = load_content().instruments[instrument_id]
    assert instrument.declared_counts, "the instrument declares its counts"
    actual = instrument_counts(instrument)
    assert {k: actual[k] for k in instrument.declared_counts} == instrument.declared_counts


def test_duplicate_question_id_is_named(raw: RawContent) -> None:
    broken = raw.copy()
    areas = broken.files["instruments/ifa/prosecution.yaml"]["areas"]
    areas[0]["questions"].append(dict(areas[0]["questions"][0]))
    qid = areas[0]["questions"][0]["id"]
    error = _errors_for(broken)
    codes = {(e.code, e.item, e.file) for e in error.errors}
    assert (ErrorCode.ID_001, qid, "instruments/ifa/prosecution.yaml") in codes
    assert f"instruments/ifa/prosecution.yaml › {qid} › id: duplicate id" in str(error)


def test_unknown_article_is_named(raw: RawContent) -> None:
    broken = raw.copy()
    question = _first_question(broken, "instruments/ifa/prosecution.yaml")
    question["legal_basis"] = [*question["legal_basis"], "SOM-66(1)"]
    index = len(question["legal_basis"]) - 1
    error = _errors_for(broken)
    assert [str(e) for e in error.errors] == [
        f"instruments/ifa/prosecution.yaml › {question['id']} › legal_basis[{index}]: "
        "unknown legal provision: 'SOM-66(1)' (REF_001)"
    ]


def test_unknown_resource_and_part_are_named(raw: RawContent) -> None:
    broken = raw.copy()
    question = _first_question(broken, "instruments/ifa/protection.yaml")
    question["resources"] = ["no_such_tool", "toolkit/tool-99"]
    error = _errors_for(broken)
    found = {(e.field, e.code) for e in error.errors if e.item == question["id"]}
    assert found == {("resources[0]", ErrorCode.REF_002), ("resources[1]", ErrorCode.REF_003)}


def test_missing_chinese_text_is_named(raw: RawContent) -> None:
    broken = raw.copy()
    question = _first_question(broken, "instruments/ifa/prevention.yaml")
    question["guidance"] = {"en": question["guidance"]["en"]}
    error = _errors_for(broken)
    assert [str(e) for e in error.errors] == [
        f"instruments/ifa/prevention.yaml › {question['id']} › guidance: missing translation: zh "
        "(LANG_001)"
    ]


def test_missing_chinese_in_a_catalogue_is_named(raw: RawContent) -> None:
    broken = raw.copy()
    resource = broken.files["catalogues/resources.yaml"][0]
    resource["title"] = {"en": resource["title"]["en"]}
    error = _errors_for(broken)
    assert [(e.file, e.item, e.field, e.code) for e in error.errors] == [
        ("catalogues/resources.yaml", resource["id"], "title", ErrorCode.LANG_001)
    ]


def test_empty_area_is_refused(raw: RawContent) -> None:
    broken = raw.copy()
    area = broken.files["instruments/ifa/cooperation.yaml"]["areas"][0]
    area["questions"] = []
    error = _errors_for(broken)
    assert any(e.code is ErrorCode.EMPTY_001 and e.item == area["id"] for e in error.errors)


def test_schema_error_names_item_and_field(raw: RawContent) -> None:
    broken = raw.copy()
    question = _first_question(broken, "instruments/ifa/prosecution.yaml")
    question["obligation"] = "compulsory"
    error = _errors_for(broken)
    assert any(
        e.code is ErrorCode.SCHEMA_001 and e.item == question["id"] and e.field == "obligation"
        for e in error.errors
    )


def test_unknown_see_also_target_is_named(raw: RawContent) -> None:
    broken = raw.copy()
    rel = next(r for r in broken.files if r.startswith("instruments/guide/ch"))
    question = _first_question(broken, rel)
    question["see_also"] = ["PROS-9.9"]
    error = _errors_for(broken)
    assert [(e.item, e.field, e.code) for e in error.errors] == [
        (question["id"], "see_also[0]", ErrorCode.REF_004)
    ]


def test_duplicate_yaml_key_is_a_file_error(tmp_path: Any) -> None:
    from framework.loader import parse_yaml

    with pytest.raises(Exception, match="duplicate key 'id'"):
        parse_yaml("id: a\nid: b\n")


def test_see_also_is_symmetric() -> None:
    links = load_content().see_also
    assert links, "the guide links some questions to Framework measures"
    for source, targets in links.items():
        for target in targets:
            assert source in links[target]


def test_ui_strings_have_identical_keys() -> None:
    strings = load_content().strings
    key_sets = [set(s) for s in strings.values()]
    assert all(keys == key_sets[0] for keys in key_sets)
    assert "app.name" in key_sets[0]


def test_ui_string_rules_are_enforced(raw: RawContent) -> None:
    broken = raw.copy()
    broken.files["i18n/zh/common.yaml"]["app.name"] = "<b>差距评估</b>"
    del broken.files["i18n/zh/common.yaml"]["app.tagline"]
    error = _errors_for(broken)
    assert {(e.file, e.item, e.code) for e in error.errors} == {
        ("i18n/zh/common.yaml", "app.name", ErrorCode.I18N_002),
        ("i18n/zh/common.yaml", "app.tagline", ErrorCode.I18N_001),
    }
