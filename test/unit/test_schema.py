"""Parcel schema: field mapping proposals, refactorfields mapping, register key validation."""

from __future__ import annotations

import pytest

from twzoning.core.schema import (
    QVARIANT_TYPES,
    _quote_field,
    parcel_fields,
    propose_mapping,
    refactor_mapping,
    required_fields,
    validate_parcel_key,
)

COUNTY_FIELDS = ["縣市", "鄉鎮", "地政事務所", "段號", "段名", "地號", "面積", "使用分區", "使用地類別", "權屬"]


def test_required_fields():
    names = [f.name for f in required_fields()]
    assert names == [
        "county", "town", "office", "section", "section_name", "parcel_no", "reg_area", "nu_zone", "nu_landuse",
        "owner_type",
    ]  # fmt: skip
    optional = [f.name for f in parcel_fields() if not f.required]
    assert optional == ["current_use", "registered", "indigenous", "slope_land"]


def test_propose_mapping_county_schema():
    mapping = propose_mapping(COUNTY_FIELDS)
    assert mapping == {
        "county": "縣市",
        "town": "鄉鎮",
        "office": "地政事務所",
        "section": "段號",
        "section_name": "段名",
        "parcel_no": "地號",
        "reg_area": "面積",
        "nu_zone": "使用分區",
        "nu_landuse": "使用地類別",
        "owner_type": "權屬",
        "current_use": None,
        "registered": None,
        "indigenous": None,
        "slope_land": None,
    }
    assert all(mapping[f.name] for f in required_fields())


def test_propose_mapping_is_case_width_and_space_insensitive():
    mapping = propose_mapping(["countyname", "Land_No", "ＡＲＥＡ", " 地政事務所代碼 ", "section", "SLOPE"])
    assert mapping["county"] == "countyname"
    assert mapping["parcel_no"] == "Land_No"
    assert mapping["reg_area"] == "ＡＲＥＡ"
    assert mapping["office"] == " 地政事務所代碼 "
    assert mapping["section"] == "section"
    assert mapping["slope_land"] == "SLOPE"
    assert mapping["town"] is None


def test_each_source_field_used_once():
    # "地號" is the alias of parcel_no only; no other schema field may take it as well
    mapping = propose_mapping(["地號", "地號（或編號）"])
    assert mapping["parcel_no"] == "地號"
    assert list(mapping.values()).count("地號") == 1


def test_refactor_mapping_shape():
    items = refactor_mapping(COUNTY_FIELDS + ['備註"A'])
    assert [i["name"] for i in items] == [f.name for f in parcel_fields()]
    for item in items:
        assert set(item) == {"name", "type", "length", "precision", "expression"}
        assert all(type(item[k]) is int for k in ("type", "length", "precision"))
    by_name = {i["name"]: i for i in items}
    assert by_name["parcel_no"] == {
        "name": "parcel_no",
        "type": 10,
        "length": 9,
        "precision": 0,
        "expression": '"地號"',
    }
    assert by_name["reg_area"]["type"] == QVARIANT_TYPES["double"] == 6
    assert by_name["reg_area"]["precision"] == 2
    assert by_name["registered"]["type"] == 2
    assert by_name["registered"]["expression"] == "NULL"
    assert refactor_mapping(["地號 "])[5]["expression"] == '"地號 "'  # the source name is kept exactly
    assert _quote_field('備註"A') == '"備註""A"'


def test_refactor_mapping_overrides():
    items = refactor_mapping(COUNTY_FIELDS + ["現況", "坡地"], mapping={"current_use": "現況", "reg_area": None})
    by_name = {i["name"]: i["expression"] for i in items}
    assert by_name["current_use"] == '"現況"'
    assert by_name["reg_area"] == "NULL"
    assert by_name["parcel_no"] == '"地號"'  # not overridden: the proposal stays
    with pytest.raises(KeyError):
        refactor_mapping(COUNTY_FIELDS, mapping={"lot": "地號"})


def test_validate_parcel_key_valid():
    assert validate_parcel_key("PA", "0038", "0214-0020") == []


def test_validate_parcel_key_problems():
    problems = validate_parcel_key("pa", "38", "214-20")
    assert len(problems) == 3
    assert problems[0].startswith("地政事務所代碼 (office)") and "'pa'" in problems[0]
    assert problems[1].startswith("地段代碼 (section)") and "0038" in problems[1]
    assert problems[2].startswith("地號 (parcel_no)") and "0214-0020" in problems[2]
    missing = validate_parcel_key(None, "", "0214-0020")
    assert len(missing) == 2 and all("missing" in p for p in missing)
    assert validate_parcel_key("PA", "0038", "02140020") == [
        "地號 (parcel_no): '02140020' 格式不符 / does not match [0-9]{4}-[0-9]{4}; 例 e.g. 0214-0020"
    ]
    assert len(validate_parcel_key("PA ", "0038", "0214-0020")) == 1
    assert validate_parcel_key("PA", 38, "0214-0020")  # an integer section lost its leading zeros
