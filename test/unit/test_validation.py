"""The input checks of twzoning:validateinputs, on hand-made data (no QGIS)."""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import pytest
import shapely
from shapely.geometry import Polygon, box

from twzoning.core import validation as v
from twzoning.core.messages import codes, make_problem


@dataclass
class F:
    """A stand-in for the rule set's field definition."""

    name: str
    type: str = "text"
    required: bool = True
    alias_zh: str = ""
    pattern: str | None = None
    example: str | None = None
    allowed: list = field(default_factory=list)


SCHEMA = [
    F("office", alias_zh="地政事務所代碼", pattern=r"[A-Z]{2}"),
    F("section", alias_zh="地段代碼", pattern=r"\d{4}"),
    F("parcel_no", alias_zh="地號", pattern=r"\d{4}-\d{4}", example="0214-0020"),
    F("reg_area", type="double", alias_zh="謄本面積"),
    F("nu_zone", alias_zh="使用分區", allowed=["特定農業區", "鄉村區", ""]),
    F("current_use", required=False, alias_zh="現況"),
]

LAYER = v.LayerInfo(name="地籍", crs_authid="EPSG:3826", feature_count=3)


def geoms(*items):
    arr = np.empty(len(items), dtype=object)
    arr[:] = list(items)
    return arr


def frame(rows, fids=None):
    df = pd.DataFrame(rows)
    df.index = pd.Index(fids if fids is not None else range(1, len(rows) + 1), name="fid")
    return df


def parcel(office="AB", section="0214", parcel_no="0001-0000", reg_area=100.0, nu_zone="鄉村區"):
    return {"office": office, "section": section, "parcel_no": parcel_no, "reg_area": reg_area, "nu_zone": nu_zone}


# -- CRS ----------------------------------------------------------------------------------------------------------
def test_geographic_crs_is_refused_naming_the_projected_crs():
    (p,) = v.check_crs(v.LayerInfo(name="x", crs_authid="EPSG:4326", crs_is_geographic=True, crs_units="degrees"))
    assert p.code == "CRS_GEOGRAPHIC" and p.is_error
    assert "EPSG:3826" in p.message_zh and "EPSG:3825" in p.message_en and "EPSG:4326" in p.message_en


def test_crs_in_feet_missing_and_mismatched():
    assert v.check_crs(v.LayerInfo(name="x", crs_authid="EPSG:2229", crs_units="feet"))[0].code == "CRS_NOT_METRES"
    assert v.check_crs(v.LayerInfo(name="x", crs_valid=False))[0].code == "CRS_MISSING"
    (w,) = v.check_crs(v.LayerInfo(name="x", crs_authid="EPSG:3825"), parcel_crs="EPSG:3826")
    assert w.code == "CRS_MISMATCH" and not w.is_error
    assert v.check_crs(v.LayerInfo(name="x", crs_authid="EPSG:3826"), parcel_crs="EPSG:3826") == []


# -- fields and values -------------------------------------------------------------------------------------------
def test_missing_and_mistyped_fields():
    kinds = {"office": "text", "section": "integer", "reg_area": "integer", "nu_zone": "text"}
    found = {(p.code, p.field) for p in v.check_fields(LAYER, kinds, SCHEMA)}
    assert found == {("FIELD_MISSING", "parcel_no"), ("FIELD_TYPE", "section")}  # integer area is fine as double


def test_optional_field_may_be_absent():
    kinds = {"office": "text", "section": "text", "parcel_no": "text", "reg_area": "double", "nu_zone": "text"}
    assert v.check_fields(LAYER, kinds, SCHEMA) == []


def test_null_pattern_and_domain_values():
    attrs = frame([
        parcel(),
        parcel(office=None, parcel_no="214-20"),
        parcel(nu_zone="不存在區"),
        parcel(nu_zone=""),  # urban-plan land: an empty zone is allowed
    ])
    found = sorted((p.code, p.feature_id, p.field) for p in v.check_values(LAYER, attrs, SCHEMA))
    assert found == [
        ("VALUE_DOMAIN", 3, "nu_zone"),
        ("VALUE_NULL", 2, "office"),
        ("VALUE_PATTERN", 2, "parcel_no"),
    ]
    pattern = next(p for p in v.check_values(LAYER, attrs, SCHEMA) if p.code == "VALUE_PATTERN")
    assert "0214-0020" in pattern.message_en and "214-20" in pattern.message_zh


def test_duplicate_parcel_keys_are_reported_once_per_key():
    attrs = frame([parcel(), parcel(parcel_no="0002-0000"), parcel(), parcel(section="0215")], fids=[10, 11, 12, 13])
    (p,) = v.check_duplicate_keys(LAYER, attrs)
    assert p.code == "KEY_DUPLICATE" and p.feature_id == 10
    assert "AB 0214 0001-0000" in p.message_en and "10, 12" in p.message_zh


def test_padded_keys_are_the_same_key():
    attrs = frame([parcel(), parcel(office="AB  ")])
    assert [p.code for p in v.check_duplicate_keys(LAYER, attrs)] == ["KEY_DUPLICATE"]


# -- geometries --------------------------------------------------------------------------------------------------
def test_null_empty_and_invalid_geometries_with_location():
    bowtie = Polygon([(0, 0), (10, 10), (10, 0), (0, 10), (0, 0)])
    found = v.check_geometries(LAYER, np.array([1, 2, 3, 4]), geoms(box(0, 0, 1, 1), None, Polygon(), bowtie))
    assert [(p.code, p.feature_id) for p in found] == [("GEOM_NULL", 2), ("GEOM_EMPTY", 3), ("GEOM_INVALID", 4)]
    invalid = found[2]
    assert "Self-intersection" in invalid.message_en
    assert (invalid.x, invalid.y) == pytest.approx((5.0, 5.0))


def test_polygon_layer_expected():
    (p,) = v.check_geometry_kind(v.LayerInfo(name="二級海岸防護區", geometry_kind="line"))
    assert p.code == "GEOM_NOT_POLYGON" and "線" in p.message_zh and "line" in p.message_en
    assert v.check_geometry_kind(v.LayerInfo(name="x", geometry_kind="polygon")) == []


# -- overlaps ----------------------------------------------------------------------------------------------------
def test_overlaps_found_neighbours_ignored_and_tolerance_respected():
    g = geoms(
        box(0, 0, 10, 10),       # 1
        box(10, 0, 20, 10),      # 2: shares an edge with 1 -> not an overlap
        box(18, 0, 30, 10),      # 3: overlaps 2 by 20 m²
        box(40, 0, 50, 10),      # 4
        box(42, 2, 44, 4),       # 5: inside 4 (4 m²)
        box(60, 0, 70, 10),      # 6
        box(69.999, 0, 80, 10),  # 7: overlaps 6 by 0.01 m² -> digitising noise
    )
    fids = np.arange(1, 8)
    attrs = frame([parcel(parcel_no=f"{i:04d}-0000") for i in fids], fids=list(fids))
    found = v.check_overlaps(LAYER, fids, g, attrs, min_area=0.05)
    assert sorted((p.feature_id, round(float(p.message_en.split(" by ")[1].split(" ")[0]), 2)) for p in found) == [
        (2, 20.0), (4, 4.0)]
    assert "0004-0000" in found[-1].message_en or "0004-0000" in found[0].message_en
    assert len(v.check_overlaps(LAYER, fids, g, attrs, min_area=0.0)) == 3


def test_overlap_check_skips_invalid_geometries_without_crashing():
    bowtie = Polygon([(0, 0), (10, 10), (10, 0), (0, 10), (0, 0)])
    g = geoms(bowtie, box(0, 0, 10, 10), None)
    assert v.check_overlaps(LAYER, np.array([1, 2, 3]), g, None, 0.0) == []


# -- indicator names ---------------------------------------------------------------------------------------------
@dataclass
class _Match:
    kind: str
    definition: object = None


class _FakeRules:
    def match_layer(self, name):
        return _Match("indicator") if name == "水庫蓄水範圍" else _Match("unknown")

    def closest_names(self, name, n):
        return [("水庫蓄水範圍", "reservoir_storage", 0.8)][:n]


def test_unknown_indicator_lists_closest_names():
    (p,) = v.check_indicator_layer(v.LayerInfo(name="水庫蓄水", feature_count=3), _FakeRules())
    assert p.code == "INDICATOR_UNKNOWN" and "水庫蓄水範圍" in p.message_zh
    assert v.check_indicator_layer(v.LayerInfo(name="水庫蓄水範圍", feature_count=3), _FakeRules()) == []


def test_empty_indicator_layer_is_a_warning():
    (p,) = v.check_indicator_layer(v.LayerInfo(name="水庫蓄水範圍", feature_count=0), _FakeRules())
    assert p.code == "LAYER_EMPTY" and not p.is_error


def test_every_code_renders_in_both_languages():
    values = dict(rule_id="X-1", crs="EPSG:4326", units="degrees", parcel_crs="EPSG:3826", alias="地號", actual="integer",
                  expected="text", value="x", pattern_hint="0214-0020", allowed="a", key="k", count=2, fids="1, 2",
                  reason="r", actual_en="line", other_fid=2, area=1.0, other_key="k2", closest="c")
    for code in codes():
        p = make_problem(code, "L", feature_id=1, field="f", **values)
        assert p.message_zh and p.message_en and p.message_zh != p.message_en


def test_summary_counts():
    problems = [make_problem("GEOM_NULL", "L", feature_id=1), make_problem("LAYER_EMPTY", "L")]
    assert v.summarize(problems) == {"errors": 1, "warnings": 1, "total": 2}


def test_default_tolerance_comes_from_yaml():
    assert v.default_tolerance("parcel_overlap_min_area") >= 0.0
    with pytest.raises(KeyError):
        v.default_tolerance("no_such_tolerance")


def test_curved_and_multipart_geometries_are_fine_when_valid():
    multi = shapely.MultiPolygon([box(0, 0, 1, 1), box(2, 2, 3, 3)])
    assert v.check_geometries(LAYER, np.array([1]), geoms(multi)) == []


def test_blank_parcel_number_is_allowed_only_for_unregistered_land():
    schema = [F("parcel_no", alias_zh="地號", pattern=r"\d{4}-\d{4}")]
    schema[0].blank_when = {"registered": 0}
    attrs = frame([
        {"parcel_no": "", "registered": 0},
        {"parcel_no": None, "registered": 1},
        {"parcel_no": "0001-0000", "registered": 1},
    ])
    found = [(p.code, p.feature_id) for p in v.check_values(LAYER, attrs, schema)]
    assert found == [("VALUE_NULL", 2)]


def test_lines_of_a_polygons_only_indicator_are_a_warning_citing_the_rule():
    from twzoning.core.ruleset import load_ruleset

    rules = load_ruleset()
    debris = rules.match_layer("土石流潛勢溪流").indicator
    (p,) = v.check_indicator_geometry(v.LayerInfo(name="土石流潛勢溪流", geometry_kind="line"), debris)
    assert p.code == "INDICATOR_LINES_NOT_USED" and not p.is_error
    assert "不予劃設" in p.message_zh
    reservoir = rules.match_layer("水庫蓄水範圍").indicator
    (e,) = v.check_indicator_geometry(v.LayerInfo(name="水庫蓄水範圍", geometry_kind="line"), reservoir)
    assert e.code == "GEOM_NOT_POLYGON" and e.is_error
