"""twzoning:mapparcelfields: a county's own cadastre schema mapped in one step."""
from __future__ import annotations

import json

import pytest
from qgis import processing
from qgis.core import QgsProcessingException

from .conftest import memory_layer

COUNTY_FIELDS = (
    "field=縣市:string&field=鄉鎮:string&field=地政事務所:string&field=段號:string&field=段名:string"
    "&field=地號:string&field=面積:double&field=使用分區:string&field=使用地類別:string&field=權屬:string"
)
ROW = ["示範縣", "海濱鄉", "HA", "0214", "示範段", "0214-0020", 1234.56, "鄉村區", "甲種建築用地", "私有"]
SQUARE = "POLYGON((0 0,10 0,10 10,0 10,0 0))"


def county_layer(fields=COUNTY_FIELDS, row=ROW):
    return memory_layer(f"Polygon?crs=EPSG:3826&{fields}", "county_cadastre", [(SQUARE, row)])


def test_chinese_county_schema_is_mapped_and_then_validates(plugin):
    result = processing.run("twzoning:mapparcelfields", {"INPUT": county_layer(), "OUTPUT": "memory:"})
    out = result["OUTPUT"]
    names = [f.name() for f in out.fields()]
    assert names[:10] == ["county", "town", "office", "section", "section_name", "parcel_no", "reg_area", "nu_zone",
                          "nu_landuse", "owner_type"]
    feature = next(out.getFeatures())
    assert feature["parcel_no"] == "0214-0020" and feature["reg_area"] == pytest.approx(1234.56)
    assert feature["owner_type"] == "私有"
    mapping = json.loads(result["MAPPING_USED"])
    assert {m["name"]: m["expression"] for m in mapping}["section"] == '"段號"'
    checked = processing.run("twzoning:validateinputs", {"PARCELS": out, "OUTPUT": "memory:"})
    assert checked["ERROR_COUNT"] == 0


def test_missing_required_field_names_it_and_the_fields_at_hand(plugin):
    fields = COUNTY_FIELDS.replace("&field=權屬:string", "")
    with pytest.raises(QgsProcessingException, match="owner_type"):
        processing.run("twzoning:mapparcelfields", {"INPUT": county_layer(fields, ROW[:9]), "OUTPUT": "memory:"})


def test_overrides_win(plugin):
    fields = COUNTY_FIELDS.replace("權屬", "公私有別代碼")
    result = processing.run("twzoning:mapparcelfields", {
        "INPUT": county_layer(fields), "MAPPING": "owner_type=公私有別代碼", "OUTPUT": "memory:"})
    assert next(result["OUTPUT"].getFeatures())["owner_type"] == "私有"


def test_bad_override_is_explained(plugin):
    with pytest.raises(QgsProcessingException, match="does not have"):
        processing.run("twzoning:mapparcelfields", {
            "INPUT": county_layer(), "MAPPING": "owner_type=沒有這個欄位", "OUTPUT": "memory:"})
    with pytest.raises(QgsProcessingException, match="unknown schema field"):
        processing.run("twzoning:mapparcelfields", {
            "INPUT": county_layer(), "MAPPING": "owner=權屬", "OUTPUT": "memory:"})
