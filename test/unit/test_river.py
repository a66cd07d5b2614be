"""core.river: the river area of 國1 from the three river lines (RULES.md §3.3, DECISIONS.md Q16, 表17)."""
from __future__ import annotations

import pandas as pd
import pytest
import shapely
from shapely.geometry import LineString, Polygon, box

from twzoning.core.river import (
    LineInput,
    RiverError,
    boundary_rule,
    build_river_area,
    expropriated_parcels,
    to_area_polygons,
)
from twzoning.core.ruleset import default_ruleset, load_ruleset

ORDER = ["河川區域線", "水道治理計畫線", "用地範圍線", "徵收清冊"]


def lines(**kw) -> dict:
    names = {"area": "河川區域線", "plan": "水道治理計畫線", "use": "用地範圍線", "expro": "徵收清冊"}
    return {names[k]: LineInput(names[k], list(v), list(range(len(v)))) for k, v in kw.items()}


def build(ls, mode, priority=(), strip=20.0):
    return build_river_area(ls, mode, line_order=ORDER, widest="最寬", per_segment="分段", priority=priority,
                            strip_width=strip)


def total(pieces) -> float:
    return round(sum(p.geometry.area for p in pieces), 6)


# ---------------------------------------------------------------------------------------------- input geometry
def test_polygons_closed_lines_and_open_lines():
    ring = LineString([(0, 0), (10, 0), (10, 10), (0, 10), (0, 0)])  # closed line → its polygon
    bowtie = Polygon([(20, 0), (30, 10), (30, 0), (20, 10), (20, 0)])  # invalid → repaired (two triangles)
    left = LineString([(40, 0), (40, 10)])
    right = LineString([(50, 0), (50, 10)])
    caps = LineString([(40, 0), (50, 0)]), LineString([(40, 10), (50, 10)])
    dangling = LineString([(100, 0), (120, 5)])
    inp = to_area_polygons([ring, bowtie, left, right, *caps, dangling, None], "河川區域線")
    areas = sorted(round(p.area, 6) for p in inp.polygons)
    assert areas == [50.0, 100.0, 100.0]  # bow-tie 2 x 25, ring 100, the four open lines close a 10 x 10 box
    assert (6, "open_line") in inp.unused and (7, "empty") in inp.unused
    assert all(shapely.is_valid(p) for p in inp.polygons)


# ---------------------------------------------------------------------------------------------- modes
def test_default_line_only():
    ls = lines(area=[box(0, 0, 100, 10)], plan=[box(0, -5, 100, 15)])
    pieces = build(ls, "河川區域線")
    assert total(pieces) == 1000.0 and {p.line for p in pieces} == {"河川區域線"}


def test_widest_is_the_union_labelled_by_line():
    area = box(0, 0, 100, 10)
    plan = box(0, -5, 60, 10)       # wider to the south on the first 60 m
    use = box(40, 0, 100, 14)       # wider to the north on the last 60 m
    pieces = build(lines(area=[area], plan=[plan], use=[use]), "最寬")
    assert total(pieces) == pytest.approx(shapely.union_all([area, plan, use]).area)  # 1000 + 300 + 240
    by_line = {}
    for p in pieces:
        by_line[p.line] = by_line.get(p.line, 0) + p.geometry.area
    assert by_line == pytest.approx({"河川區域線": 1000.0, "水道治理計畫線": 300.0, "用地範圍線": 240.0})


def test_widest_with_one_line_missing_uses_the_others():
    pieces = build(lines(area=[box(0, 0, 10, 10)]), "最寬")
    assert total(pieces) == 100.0


def test_single_line_mode_without_that_line_is_an_error():
    with pytest.raises(RiverError, match="水道治理計畫線"):
        build(lines(area=[box(0, 0, 10, 10)]), "水道治理計畫線")


def test_per_segment_takes_the_first_line_of_the_priority_per_stretch():
    # stretch A (x 0-100) has a regulation line and an area line, stretch B (x 100-200) only the area line
    plan_a = box(0, -5, 100, 15)
    area_a, area_b = box(0, 0, 100, 10), box(100, 0, 200, 10)
    pieces = build(lines(area=[area_a, area_b], plan=[plan_a]), "分段", priority=("水道治理計畫線", "河川區域線"))
    assert {(p.line, round(p.geometry.area)) for p in pieces} == {("水道治理計畫線", 2000), ("河川區域線", 1000)}
    # with the area line first, the regulation line is never used
    pieces = build(lines(area=[area_a, area_b], plan=[plan_a]), "分段", priority=("河川區域線", "水道治理計畫線"))
    assert {p.line for p in pieces} == {"河川區域線"} and total(pieces) == 2000.0


def test_per_segment_with_one_long_feature_per_line():
    """The later line is one feature for the whole river: its strips alongside the earlier stretch (5 m, thinner
    than river_segment_strip_max_width) are dropped, the part beyond that stretch is kept."""
    plan = box(0, -5, 300, 105)        # regulation line on the first 300 m only, 5 m wider on both banks
    area = box(0, 0, 1000, 100)        # the river-area line of the whole river
    pieces = build(lines(area=[area], plan=[plan]), "分段", priority=("水道治理計畫線", "河川區域線"))
    assert {(p.line, round(p.geometry.area)) for p in pieces} == {("水道治理計畫線", 33000), ("河川區域線", 70000)}
    # a 30 m wide difference is not a strip of the same stretch: it is kept
    wide = box(0, 0, 300, 130)
    pieces = build(lines(area=[wide], plan=[box(0, 0, 300, 100)]), "分段", priority=("水道治理計畫線", "河川區域線"))
    assert {(p.line, round(p.geometry.area)) for p in pieces} == {("水道治理計畫線", 30000), ("河川區域線", 9000)}


def test_expropriation_per_segment_like_tainan():
    expro = [box(0, -2, 50, 12)]  # the expropriated stretch (parcels)
    area = [box(60, 0, 200, 10)]  # the river-area line of the rest
    pieces = build(lines(area=area, expro=expro), "分段", priority=("徵收清冊", "河川區域線"))
    assert {(p.line, round(p.geometry.area)) for p in pieces} == {("徵收清冊", 700), ("河川區域線", 1400)}


# ---------------------------------------------------------------------------------------------- rules and presets
def test_boundary_rule_from_the_rule_set_and_presets():
    br = boundary_rule(default_ruleset(), "central_river_area")
    assert (br.mode, br.national_mode, br.widest, br.per_segment) == ("河川區域線", "河川區域線", "最寬", "分段")
    assert br.line_of_role("self") == "河川區域線" and br.line_of_role("river_expropriation") == "徵收清冊"
    assert br.resolve() == ("河川區域線", "")
    with pytest.raises(RiverError, match="justification"):
        br.resolve("最寬")
    assert br.resolve("最寬", "依審議會決議") == ("最寬", "依審議會決議")
    taoyuan = boundary_rule(load_ruleset(preset="taoyuan"), "central_river_area")
    assert taoyuan.resolve() == ("最寬", "依公告之水道治理計畫線、用地範圍線及河川區域線取最寬者。")
    tainan = boundary_rule(load_ruleset(preset="tainan"), "central_river_area")
    assert tainan.mode == "分段" and tainan.priority == ("徵收清冊", "河川區域線")


def test_expropriation_list_found_by_parcel_key():
    parcels = pd.DataFrame({"office": ["HA", "HA", "HB"], "section": ["0001", "0001", "0002"],
                            "parcel_no": ["0001-0000", "0002-0000", "0001-0000"]})
    geoms = [box(0, 0, 1, 1), box(1, 0, 2, 1), box(5, 5, 6, 6)]
    listing = pd.DataFrame({"office": ["HA", "HB"], "section": ["0001", "0003"],
                            "parcel_no": [" 0002-0000", "0001-0000"]})
    found, missing = expropriated_parcels(listing, parcels, geoms)
    assert found == [geoms[1]] and missing == ["HB|0003|0001-0000"]
    with pytest.raises(RiverError, match="office, section, parcel_no"):
        expropriated_parcels(pd.DataFrame({"x": [1]}), parcels, geoms)
