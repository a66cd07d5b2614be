"""core.delineation on hand-made fixtures: one test per rule of issue #3, with hand-checked locations and rule ids.

The fixture county: land x 0-4000 m, y 0-3000 m (EPSG:3826-like metres); the sea west of x = 0 down to x = -3000; the
mean high tide line along x = 0. Every expectation below is worked out by hand from the boxes.
"""
from __future__ import annotations

import pandas as pd
import pytest
import shapely
from shapely.geometry import LineString, Point, Polygon, box

from twzoning.core.delineation import (
    Cancelled,
    DelineationError,
    Inputs,
    Layer,
    delineate,
    matches_use,
    split_land_sea,
)
from twzoning.core.ruleset import default_ruleset, load_ruleset

COUNTY = box(0, 0, 4000, 3000)
SEA = box(-3000, 0, 0, 3000)
MHT = LineString([(0, -100), (0, 3100)])
PARCEL_FIELDS = ("office", "section", "parcel_no", "nu_zone", "nu_landuse", "owner_type", "current_use")


def layer(name, *features, **columns) -> Layer:
    """A layer from geometries, or from (geometry, {attr: value}) pairs."""
    geoms, rows = [], []
    for f in features:
        g, attrs = f if isinstance(f, tuple) else (f, {})
        geoms.append(g)
        rows.append(attrs)
    frame = pd.DataFrame(rows) if any(rows) else pd.DataFrame(index=range(len(geoms)))
    for k, v in columns.items():
        frame[k] = v
    return Layer(name, geoms, frame.set_index(pd.Index(range(len(geoms)), name="fid")))


def parcel_layer(*rows) -> Layer:
    """Parcels from (geometry, nu_zone, owner_type, current_use[, nu_landuse]) rows."""
    feats = []
    for i, row in enumerate(rows):
        geom, zone, owner, use = row[:4]
        landuse = row[4] if len(row) > 4 else "農牧用地"
        feats.append((geom, dict(zip(PARCEL_FIELDS, ("HA", "0001", f"{i + 1:04d}-0000", zone, landuse, owner, use)))))
    return layer("地籍", *feats)


def run(*indicators, parcels=None, rules=None, national=True, sea=True, **kw):
    rules = rules or default_ruleset()
    inputs = Inputs(
        indicators=list(indicators), parcels=parcels,
        sea=layer("海域", SEA) if sea else None, mht=layer("平均高潮線", MHT) if sea else None,
        county=layer("縣市界", COUNTY), urban_plans=kw.pop("urban_plans", None),
        indicator_field=kw.pop("indicator_field", ""),
    )
    return delineate(inputs, rules, national=load_ruleset() if national else None, **kw)


def at(result, x, y) -> dict:
    """The one output polygon covering the point (x, y)."""
    hits = [r for r in result.zones.to_dict("records") if r["geometry"].covers(Point(x, y))]
    assert len(hits) >= 1, (x, y)
    inside = [r for r in hits if r["geometry"].contains(Point(x, y))]
    assert len(inside) == 1, [(r["class_code"], r["rule_id"]) for r in hits]
    return inside[0]


def overlay(tmp_path, text: str, name="overlay.yaml"):
    path = tmp_path / name
    path.write_text('source: "test overlay"\n' + text, encoding="utf-8")
    return load_ruleset([path])


def check_map(result):
    """Valid polygons, no overlaps, no gap in the county and the sea, no sliver below the tolerance."""
    geoms = list(result.zones["geometry"])
    assert all(shapely.is_valid(g) and shapely.get_type_id(g) in (3, 6) for g in geoms)
    tree = shapely.STRtree(geoms)
    left, right = tree.query(geoms, predicate="intersects")
    overlap = sum(shapely.intersection(geoms[a], geoms[b]).area for a, b in zip(left, right) if a < b)
    assert overlap < 1e-3
    assert result.zones["area_m2"].min() >= 1.0
    assert result.gap_area_m2 < 1e-3
    assert result.land_area_m2 == pytest.approx(COUNTY.area, abs=1e-3)
    assert result.sea_area_m2 == pytest.approx(SEA.area, abs=1e-3)


# ============================================================================================== 國1 (表20)
def test_reservoir_point_is_con1_by_the_reservoir_rule():
    """水庫蓄水範圍 → 國1 (表20 (4), CON1-4) over public forest and private farmland; ownership and current use do
    not matter (RULES.md §2.5)."""
    reservoir = layer("水庫蓄水範圍", (box(1000, 1000, 1400, 1300), {"pro_name": "山腳水庫"}))
    parcels = parcel_layer(
        (box(900, 900, 1300, 1400), "森林區", "公有", "森林"),
        (box(1300, 900, 1600, 1400), "一般農業區", "私有", "農業使用"),
    )
    res = run(reservoir, parcels=parcels)
    row = at(res, 1100, 1100)
    assert (row["class_code"], row["rule_id"], row["indicator_id"]) == ("CON1", "CON1-4", "reservoir_storage_area")
    assert "山腳水庫" in row["reason"] and "其他公有森林區" in row["reason"]  # the other 國1 indicator is named
    private = at(res, 1350, 1150)  # private farmland inside the reservoir
    assert (private["class_code"], private["rule_id"]) == ("CON1", "CON1-4")
    forest = at(res, 950, 950)  # public forest outside the reservoir: 其他公有森林區
    assert (forest["class_code"], forest["rule_id"], forest["indicator_id"]) == ("CON1", "CON1-3", "other_public_forest")
    farm = at(res, 1550, 1350)
    assert (farm["class_code"], farm["rule_id"]) == ("AGR2", "AGR2-NU")
    check_map(res)


def test_other_public_forest_subtracts_the_forest_indicators():
    """其他公有森林區 = 森林區 ∩ 公有 − 國有林事業區 − 保安林 − 林業試驗林 − 大專院校實驗林 (001:1113)."""
    parcels = parcel_layer(
        (box(0, 0, 1000, 1000), "森林區", "公有", "森林"),
        (box(1000, 0, 2000, 1000), "森林區", "私有", "森林"),
    )
    univ = layer("大專院校實驗林地", box(500, 0, 1000, 500))
    res = run(univ, parcels=parcels)
    assert at(res, 100, 100)["indicator_id"] == "other_public_forest"
    assert (at(res, 700, 200)["class_code"], at(res, 700, 200)["rule_id"]) == ("CON2", "CON2-1")
    private = at(res, 1500, 500)
    assert (private["class_code"], private["rule_id"]) == ("AGR2", "LAND-RESID")


def test_pending_switch_takes_other_public_forest_out_of_con1_and_marks_it_local(tmp_path):
    parcels = parcel_layer((box(0, 0, 1000, 1000), "森林區", "公有", "森林"))
    rules = overlay(tmp_path, "switches: {other_public_forest_out_of_con1: true}\n")
    res = run(parcels=parcels, rules=rules)
    row = at(res, 500, 500)
    assert (row["class_code"], row["rule_id"], row["scope"]) == ("AGR2", "LAND-RESID", "因地制宜")
    assert "other_public_forest_out_of_con1" in row["reason"]
    untouched = at(res, 3000, 2000)  # land the switch does not change stays 通案
    assert untouched["scope"] == "通案"


def test_national_forest_district_split_by_zone():
    """國有林事業區: 自然保護區、國土保安區 → 國1; 林木經營區、森林育樂區 → 國2 (001:1113, 001:1125)."""
    forest = layer("國有林事業區", (box(0, 0, 500, 500), {"分區": "自然保護區"}),
                   (box(500, 0, 1000, 500), {"分區": "林木經營區"}))
    res = run(forest)
    assert (at(res, 250, 250)["class_code"], at(res, 250, 250)["rule_id"]) == ("CON1", "CON1-3")
    assert (at(res, 750, 250)["class_code"], at(res, 750, 250)["rule_id"]) == ("CON2", "CON2-1")


def test_pending_switch_takes_stream_type_water_source_areas_out_of_con1(tmp_path):
    """§1.1 (5) 重新釐定 (PENDING): parts delimited by 現況野溪或溪流 leave 國1; ridge-delimited parts stay."""
    water = layer("飲用水水源水質保護區", (box(0, 0, 500, 500), {"劃設依據": "集水區稜線"}),
                  (box(1000, 0, 1100, 800), {"劃設依據": "現況野溪"}))
    res = run(water)
    assert at(res, 1050, 400)["rule_id"] == "CON1-5"  # national: every part is 國1
    res = run(water, rules=overlay(tmp_path, "switches: {water_source_stream_type_out_of_con1: true}\n"))
    assert (at(res, 250, 250)["rule_id"], at(res, 250, 250)["scope"]) == ("CON1-5", "通案")
    out = at(res, 1050, 400)
    assert (out["class_code"], out["scope"]) == ("AGR2", "因地制宜")


def test_central_river_default_and_widest_preset():
    """河川區域線 by default (第38次); 最寬 by the Taoyuan preset (表17), marked 因地制宜 where it differs."""
    river = layer("中央管河川區域", (box(0, 1400, 4000, 1500), {"name": "示範溪"}))
    plan = layer("水道治理計畫線", box(0, 1380, 4000, 1520))
    other_river = layer("用地範圍線", box(0, 500, 4000, 560))  # another river's line: not this river's stretch
    res = run(river, plan, other_river)
    assert at(res, 2000, 1450)["rule_id"] == "CON1-6"
    assert at(res, 2000, 1390)["class_code"] == "AGR2"  # outside the 河川區域線
    res = run(river, plan, other_river, rules=load_ruleset(preset="taoyuan"))
    inside, widened = at(res, 2000, 1450), at(res, 2000, 1390)
    assert (widened["class_code"], widened["rule_id"], widened["scope"]) == ("CON1", "CON1-6", "因地制宜")
    assert "水道治理計畫線" in widened["reason"] and "取最寬者" in widened["reason"]
    assert inside["scope"] == "通案"
    assert at(res, 2000, 530)["class_code"] == "AGR2"  # the other river's line is not pulled in
    check_map(res)


def test_river_mode_without_justification_is_refused(tmp_path):
    river = layer("中央管河川區域", box(0, 1400, 4000, 1500))
    rules = overlay(tmp_path, "switches: {river_boundary_mode: 水道治理計畫線}\n")
    with pytest.raises(DelineationError, match="justification"):
        run(river, layer("水道治理計畫線", box(0, 1380, 4000, 1520)), rules=rules)


def test_county_rivers_only_by_the_county_switch(tmp_path):
    """「縣市管河川則視各縣市政府需要劃設」 (001:1121): off nationally, on by a county's rule."""
    river = layer("縣管河川", box(1000, 0, 1100, 3000))
    assert at(run(river), 1050, 1500)["class_code"] == "AGR2"
    res = run(river, rules=overlay(tmp_path, "switches: {county_rivers_to_con1: true}\n"))
    row = at(res, 1050, 1500)
    assert (row["class_code"], row["rule_id"], row["scope"]) == ("CON1", "CON1-6-COUNTY", "因地制宜")


# ============================================================================================== 國2
def test_landslide_only_inside_slope_land_and_debris_flow_only_by_polygons():
    slope = layer("山坡地", box(2000, 0, 4000, 3000))
    slide = layer("地質敏感區（山崩與地滑）", box(1800, 100, 2200, 300))
    streams = layer("土石流潛勢溪流", LineString([(3000, 2000), (3500, 2500)]))
    fans = layer("土石流潛勢溪流影響範圍", box(3400, 2400, 3600, 2600))
    res = run(slope, slide, streams, fans)
    assert at(res, 1900, 200)["class_code"] == "AGR2"  # outside 山坡地
    assert at(res, 2100, 200)["rule_id"] == "CON2-2"
    assert at(res, 3500, 2500)["rule_id"] == "CON2-3"
    assert at(res, 3100, 2050)["class_code"] == "AGR2"  # the line alone delimits nothing
    assert any(i.code == "GEOM_NOT_AREA" and i.layer == "土石流潛勢溪流" for i in res.issues)


def test_tap_water_protection_area_restricted_to_zones():
    """自來水水質水量保護區 「涉及森林區、山坡地保育區、風景區為主」 (001:1129)."""
    parcels = parcel_layer((box(0, 0, 1000, 1000), "森林區", "私有", "森林"),
                           (box(1000, 0, 2000, 1000), "特定農業區", "私有", "農業使用"))
    res = run(layer("自來水水質水量保護區", box(500, 0, 1500, 1000)), parcels=parcels)
    assert at(res, 700, 500)["rule_id"] == "CON2-5"
    assert at(res, 1200, 500)["rule_id"] == "AGR2-NU"


def test_unzoned_outlying_island_is_con2():
    """「現況尚未劃定使用分區及編定使用地之離島」 → 國2 (001:1130): parcels without a zone on an island."""
    island = layer("離島", box(2000, 2000, 3000, 3000))
    parcels = parcel_layer((box(2000, 2000, 2500, 3000), "", "公有", "森林", ""),
                           (box(2500, 2000, 3000, 3000), "一般農業區", "私有", "農業使用"),
                           (box(0, 0, 500, 500), "", "公有", "道路", ""))  # unzoned but not on the island
    res = run(island, parcels=parcels)
    assert (at(res, 2200, 2500)["class_code"], at(res, 2200, 2500)["rule_id"]) == ("CON2", "CON2-ISLAND")
    assert at(res, 2700, 2500)["rule_id"] == "AGR2-NU"
    assert at(res, 200, 200)["rule_id"] == "LAND-RESID"


# ============================================================================================== 農1 / 農5 / 城
def _farm(x0, y0, x1, y1, share=1.0, zone="一般農業區"):
    """Parcels covering a box, the western ``share`` in agricultural use, the rest built."""
    xm = x0 + (x1 - x0) * share
    rows = [(box(x0, y0, xm, y1), zone, "私有", "農業使用")]
    if share < 1.0:
        rows.append((box(xm, y0, x1, y1), zone, "私有", "建築使用"))
    return rows


def test_agr1_block_area_and_agricultural_use_thresholds(tmp_path):
    """農1: block > 25 ha and agricultural use ≥ 80 % (001:3369, Q7)."""
    zones = layer("農業經營專區", box(0, 0, 520, 500), box(0, 1000, 480, 1500), box(0, 2000, 600, 2500))
    parcels = parcel_layer(*_farm(0, 0, 520, 500), *_farm(0, 1000, 480, 1500), *_farm(0, 2000, 600, 2500, 0.7))
    res = run(zones, parcels=parcels)
    big = at(res, 100, 100)  # 26 ha, 100 % agricultural
    assert (big["class_code"], big["rule_id"]) == ("AGR1", "AGR1-IND")
    assert "26.00 公頃" in big["reason"] and "100.0%" in big["reason"]
    assert at(res, 100, 1100)["class_code"] == "AGR2"  # 24 ha: not > 25 ha
    assert at(res, 100, 2100)["class_code"] == "AGR2"  # 30 ha but 70 % agricultural
    rejected = res.candidates[(res.candidates["indicator_id"] == "agricultural_management_zone")
                              & (res.candidates["qualifies"] == 0)]
    assert len(rejected) == 2
    # the threshold is a parameter: 20 ha lets the 24 ha block in, marked 因地制宜
    res = run(zones, parcels=parcels, rules=overlay(tmp_path, "thresholds: {agr1_min_block_area: 200000}\n"))
    row = at(res, 100, 1100)
    assert (row["class_code"], row["scope"]) == ("AGR1", "因地制宜")
    assert at(res, 100, 100)["scope"] == "通案"


def test_agr2_island_enclosed_by_agr1():
    """§2.2: 農2 < 2 ha enclosed by 農1 → 農1 (AGR2-IN-AGR1); 2.5 ha and exactly 2 ha do not."""
    holes = [box(100, 100, 190, 200), box(300, 100, 550, 200), box(700, 100, 900, 200)]  # 0.9, 2.5, 2.0 ha
    outer = box(0, 0, 1000, 500)
    zone = layer("農業經營專區", outer.difference(shapely.union_all(holes)))
    rows = [(outer.difference(shapely.union_all(holes)), "特定農業區", "私有", "農業使用")]
    rows += [(h, "一般農業區", "私有", "農業使用") for h in holes]
    res = run(zone, parcels=parcel_layer(*rows))
    small = at(res, 150, 150)
    assert (small["class_code"], small["rule_id"]) == ("AGR1", "AGR2-IN-AGR1")
    assert "0.90 公頃" in small["reason"]
    large = at(res, 400, 150)
    assert (large["class_code"], large["rule_id"]) == ("AGR2", "AGR2-NU")
    assert "劃設疑義" in large["reason"]
    exactly = at(res, 800, 150)
    assert (exactly["class_code"], exactly["rule_id"]) == ("AGR2", "AGR2-NU")  # 「未達 2 公頃」: 2.00 ha is not


def test_agr5_urban_agricultural_zone_or_urb1():
    """農5: urban agricultural zone 完整達 10 公頃 with ≥ 80 % agricultural use, else 城1 (001:2536, 001:3370)."""
    plan = layer("都市計畫範圍", (box(3000, 2000, 4000, 3000), {"name": "示範都市計畫"}))
    zoning = layer("都市計畫使用分區", (box(3000, 2000, 3400, 2300), {"分區": "農業區"}),
                   (box(3600, 2600, 3850, 2800), {"分區": "農業區"}),
                   (box(3500, 2000, 3700, 2200), {"分區": "保護區"}))
    parcels = parcel_layer((box(3000, 2000, 4000, 3000), "", "私有", "農業使用"))
    res = run(plan, zoning, parcels=parcels)
    assert (at(res, 3100, 2100)["class_code"], at(res, 3100, 2100)["rule_id"]) == ("AGR5", "AGR5-UP")  # 12 ha
    assert (at(res, 3700, 2700)["class_code"], at(res, 3700, 2700)["rule_id"]) == ("URB1", "URB1-UP")  # 5 ha
    assert (at(res, 3600, 2100)["class_code"], at(res, 3600, 2100)["rule_id"]) == ("CON4", "CON4-UP")
    assert (at(res, 3950, 2950)["class_code"]) == "URB1"


def test_special_purpose_zone_under_2_ha_is_pending_spz_d_and_industrial_zone_needs_no_size():
    """「特定專用區面積是否達 2 公頃以上」 applies to the unit after its inclusions and merges (SPZ-D, DECISIONS.md Q9):
    a zone under 2 ha on its own stays 城2-1 pending SPZ-D (decided by twzoning:ruralunits), with the class the
    general conditions give the land as its fallback_class; a zone of 2 ha or more is final."""
    spz = layer("特定專用區", box(0, 0, 150, 100), box(1000, 0, 1250, 100))  # 1.5 ha, 2.5 ha
    industry = layer("工業區", box(2000, 0, 2050, 100))  # 0.5 ha
    res = run(spz, industry)
    small = at(res, 50, 50)
    assert (small["class_code"], small["rule_id"], small["indicator_id"]) == ("URB2_1", "SPZ-D", "special_purpose_zone")
    assert (small["pending_rule"], small["fallback_class"]) == ("SPZ-D", "AGR2")  # LAND-RESID without the zone
    assert small["area_m2"] == pytest.approx(15000.0)
    assert "面積 1.5" in small["reason"] and "未符合" in small["reason"]
    assert "特定專用區面積未達 2 公頃，依通案條件劃設為農業發展地區第2類" in small["reason"]
    assert "pending SPZ-D" in small["reason_en"]
    big = at(res, 1100, 50)
    assert (big["class_code"], big["rule_id"], big["pending_rule"], big["fallback_class"]) == ("URB2_1", "URB21-SPZ", "", "")
    ind = at(res, 2025, 50)
    assert (ind["class_code"], ind["rule_id"], ind["pending_rule"]) == ("URB2_1", "URB21-IND", "")
    small_cand = res.candidates[(res.candidates["indicator_id"] == "special_purpose_zone")
                                & (res.candidates["qualifies"] == 0)]
    assert len(small_cand) == 1 and "2 公頃" in small_cand.iloc[0]["reason"] and "SPZ-D" in small_cand.iloc[0]["reason"]
    check_map(res)


def test_pending_zone_is_split_by_its_fallback_class():
    """The fallback is the class each part of the land gets by the general conditions: here the eastern half lies in
    a 林業試驗林地 (國2, after 城2-1 in the precedence), the western half is residual 農2."""
    spz = layer("特定專用區", box(0, 0, 150, 100))
    forest = layer("林業試驗林地", box(75, 0, 400, 100))
    res = run(spz, forest)
    west, east = at(res, 30, 50), at(res, 120, 50)
    assert (west["class_code"], west["pending_rule"], west["fallback_class"]) == ("URB2_1", "SPZ-D", "AGR2")
    assert (east["class_code"], east["pending_rule"], east["fallback_class"]) == ("URB2_1", "SPZ-D", "CON2")
    assert west["area_m2"] == pytest.approx(7500.0) and east["area_m2"] == pytest.approx(7500.0)
    assert "國土保育地區第2類" in east["reason"]
    assert (at(res, 300, 50)["class_code"], at(res, 300, 50)["pending_rule"]) == ("CON2", "")
    check_map(res)


def test_without_defer_to_a_small_special_purpose_zone_falls_to_the_general_class(tmp_path):
    """The deferral is rule-set data: a qualify step without defer_to drops the failing zone as before."""
    text = ("indicators:\n  - id: special_purpose_zone\n    method:\n"
            "      - type: derived\n        include:\n          - {self: true}\n"
            "          - parcels: {nu_zone: [特定專用區]}\n"
            "      - {type: qualify, group: connected, tests: [{min_area: spz_min_total_area}],"
            " fail_reason: 特定專用區面積未達 2 公頃，依通案條件劃設}\n")
    rules = overlay(tmp_path, text)
    res = run(layer("特定專用區", box(0, 0, 150, 100)), rules=rules, national=False)
    row = at(res, 50, 50)
    assert (row["class_code"], row["rule_id"], row["pending_rule"], row["fallback_class"]) == ("AGR2", "LAND-RESID", "", "")


def test_rural_district_nature_by_the_manual_method():
    """2 km from an urban plan developed ≥ 80 % or non-agricultural population ≥ 50 % → 城2-1; else 農4; on
    indigenous land → 城3 (001:925-937)."""
    plans = layer("都市計畫範圍", (box(3500, 2500, 4000, 3000), {"name": "甲", "都市發展率": 85}))
    rural = layer("鄉村區", (box(2000, 2500, 2100, 2600), {"name": "近"}),            # 1.4 km from the plan
                  (box(100, 100, 200, 200), {"name": "遠"}),                         # > 2 km
                  (box(500, 1500, 600, 1600), {"name": "非農", "非農業活動人口比例": 0.6}),
                  (box(1500, 100, 1600, 200), {"name": "部落"}))
    indigenous = layer("原住民族土地", box(1400, 0, 1700, 300))
    res = run(rural, indigenous, urban_plans=plans)
    assert (at(res, 2050, 2550)["class_code"], at(res, 2050, 2550)["rule_id"]) == ("URB2_1", "RUR-URB21-A")
    assert (at(res, 150, 150)["class_code"], at(res, 150, 150)["rule_id"]) == ("AGR4", "RUR-AGR4")
    assert (at(res, 550, 1550)["class_code"], at(res, 550, 1550)["rule_id"]) == ("URB2_1", "RUR-URB21-B")
    assert (at(res, 1550, 150)["class_code"], at(res, 1550, 150)["rule_id"]) == ("URB3", "URB3-RUR")


def test_rural_district_nature_from_the_county_plan():
    rural = layer("鄉村區", (box(100, 100, 200, 200), {"鄉村區性質": "城2-1"}))
    row = at(run(rural), 150, 150)
    assert (row["class_code"], row["rule_id"]) == ("URB2_1", "RUR-PLAN")


def test_development_permit_and_major_project():
    res = run(layer("開發許可", box(0, 0, 100, 100)), layer("重大建設計畫", box(1000, 0, 1100, 100)))
    assert at(res, 50, 50)["rule_id"] == "URB22-DP" and at(res, 50, 50)["class_code"] == "URB2_2"
    assert at(res, 1050, 50)["class_code"] == "URB2_3"


# ============================================================================================== §2 pairwise rules
def _con2_agr3_fixture(current_use="農業使用"):
    forest = layer("大專院校實驗林地", box(0, 2000, 1000, 3000))
    capability = layer("山坡地土地可利用限度查定",
                       (box(100, 2100, 220, 2200), {"查定結果": "宜農牧地"}),   # 1.2 ha
                       (box(300, 2100, 420, 2200), {"查定結果": "宜農牧地"}),   # 1.2 ha, 80 m away
                       (box(700, 2600, 820, 2725), {"查定結果": "宜農牧地"}),   # 1.5 ha, alone
                       (box(2000, 100, 2100, 200), {"查定結果": "宜農牧地"}),   # outside 國2
                       (box(500, 2800, 600, 2900), {"查定結果": "加強保育地"}))
    parcels = parcel_layer((box(0, 2000, 1000, 3000), "山坡地保育區", "公有", current_use),
                           (box(2000, 100, 2100, 200), "山坡地保育區", "私有", current_use))
    return forest, capability, parcels


def test_con2_land_suitable_for_farming_grouped_within_100_m_becomes_agr3():
    """§2.1: 國2 ∩ 宜農牧地 in agricultural use, grouped within 100 m, groups ≥ 2 ha → 農3."""
    forest, capability, parcels = _con2_agr3_fixture()
    res = run(forest, capability, parcels=parcels)
    for x in (150, 350):  # the two 1.2 ha pieces 80 m apart: 2.4 ha together
        row = at(res, x, 2150)
        assert (row["class_code"], row["rule_id"]) == ("AGR3", "CON2-AGR3")
        assert "2.40 公頃" in row["reason"] and "確認" in row["reason"]
    assert at(res, 750, 2650)["class_code"] == "CON2"  # 1.5 ha alone
    assert at(res, 250, 2150)["class_code"] == "CON2"  # the gap between them stays 國2
    assert (at(res, 2050, 150)["class_code"], at(res, 2050, 150)["rule_id"]) == ("AGR3", "AGR3-SLOPE")
    assert at(res, 550, 2850)["class_code"] == "CON2"


def test_con2_agr3_needs_agricultural_use():
    forest, capability, parcels = _con2_agr3_fixture(current_use="森林")
    res = run(forest, capability, parcels=parcels)
    assert at(res, 150, 2150)["class_code"] == "CON2"


def test_pending_con2_adjacency_switch(tmp_path):
    """§2.3 (PENDING): 國2 not adjoining 國1 leaves 國2 (rule CON2-ADJ, 因地制宜); 國2 adjoining 國1 stays."""
    reserve = layer("自然保留區", box(0, 0, 500, 500))
    forest = layer("林業試驗林地", box(500, 0, 1000, 500), box(3000, 2000, 3500, 2500))
    parcels = parcel_layer((box(2500, 1500, 4000, 3000), "特定農業區", "私有", "農業使用"))
    assert at(run(reserve, forest, parcels=parcels), 3200, 2200)["class_code"] == "CON2"  # switch off: national
    res = run(reserve, forest, parcels=parcels,
              rules=overlay(tmp_path, "switches: {con2_requires_con1_adjacency: true}\n"))
    row = at(res, 3200, 2200)
    assert (row["class_code"], row["rule_id"], row["scope"]) == ("AGR2", "CON2-ADJ", "因地制宜")
    kept = at(res, 700, 200)
    assert (kept["class_code"], kept["scope"]) == ("CON2", "通案")


def test_pending_con2_remnant_merges_into_the_longest_neighbour(tmp_path):
    forest = layer("林業試驗林地", box(0, 0, 100, 100))  # 1 ha 國2 remnant
    parcels = parcel_layer((box(100, 0, 1000, 1000), "特定農業區", "私有", "農業使用"))
    rules = overlay(tmp_path, "switches: {con2_remnant_merge: true}\n")
    row = at(run(forest, parcels=parcels, rules=rules), 50, 50)
    assert (row["class_code"], row["rule_id"], row["scope"]) == ("AGR2", "CON2-REM", "因地制宜")
    assert at(run(forest, parcels=parcels), 50, 50)["class_code"] == "CON2"


# ============================================================================================== land, sea
def test_land_classes_on_land_marine_classes_on_sea_and_residual_sea():
    forest = layer("保安林", box(-200, 2500, 300, 2800))  # crosses the mean high tide line: 國1 / 海1-1
    reservoir = layer("水庫蓄水範圍", box(-100, 100, 200, 300))  # land-only indicator reaching into the sea
    reef = layer("人工魚礁區及保護礁區", Point(-1500, 1500).buffer(300))
    cable = layer("海底電纜或管道設置範圍", box(-3000, 1450, 0, 1550))
    res = run(forest, reservoir, reef, cable)
    assert at(res, 100, 2600)["class_code"] == "CON1" and at(res, -100, 2600)["class_code"] == "MAR1_1"
    assert at(res, 100, 200)["class_code"] == "CON1" and at(res, -50, 200)["class_code"] == "MAR3"
    assert at(res, -1500, 1500)["class_code"] == "MAR1_1"  # reef over cable (marine precedence, Q32)
    assert at(res, -2500, 1500)["class_code"] == "MAR1_2"
    residual = at(res, -2500, 500)
    assert (residual["class_code"], residual["rule_id"]) == ("MAR3", "MAR3-RESID")
    check_map(res)


def test_split_land_sea_along_the_mean_high_tide_line():
    sea = box(-3000, 0, 50, 3000)              # reaches 50 m landward of the line …
    sea = sea.difference(box(-80, 2000, 50, 2500))  # … except a notch stopping 80 m short of it
    side = split_land_sea(sea, MHT)
    assert side.area == pytest.approx(SEA.area, rel=1e-9)  # exactly the sea side of x = 0
    assert not side.contains(Point(20, 500)) and side.contains(Point(-40, 2250))
    assert split_land_sea(sea, None).equals(sea)


def test_no_sea_area_reports_marine_indicators():
    res = run(layer("人工魚礁區及保護礁區", box(-500, 0, -100, 400)), sea=False)
    assert any(i.code == "SEA_MISSING" for i in res.issues)
    assert set(res.zones["class_code"]) == {"AGR2"}


# ============================================================================================== processing quality
def test_unknown_layer_stops_or_is_reported():
    odd = layer("不明圖層", box(0, 0, 10, 10))
    with pytest.raises(DelineationError, match="不明圖層"):
        run(odd)
    res = run(odd, skip_unknown=True)
    assert res.unknown_layers == ["不明圖層"]
    assert any(i.code == "LAYER_UNKNOWN" and i.layer == "不明圖層" for i in res.issues)
    res = run(layer("特定水土保持區", box(0, 0, 10, 10)))  # known, deliberately not an indicator
    assert any(i.code == "LAYER_NOT_INDICATOR" for i in res.issues)


def test_indicator_named_by_a_field():
    mixed = layer("指標彙整", (box(0, 0, 100, 100), {"指標": "水庫蓄水範圍"}), (box(200, 0, 300, 100), {"指標": "自然保留區"}))
    res = run(mixed, indicator_field="指標")
    assert at(res, 50, 50)["rule_id"] == "CON1-4" and at(res, 250, 50)["rule_id"] == "CON1-1"


def test_invalid_geometries_are_repaired_and_reported():
    bowtie = Polygon([(0, 0), (100, 100), (100, 0), (0, 100), (0, 0)])
    res = run(layer("自然保留區", bowtie))
    assert any(i.code == "GEOM_REPAIRED" and i.feature_id == 0 for i in res.issues)
    assert at(res, 90, 50)["class_code"] == "CON1"
    check_map(res)


def test_slivers_below_the_tolerance_join_a_neighbour():
    reserve = layer("自然保留區", box(0, 0, 500, 500))
    forest = layer("林業試驗林地", box(0, 0, 500, 500.0015))  # 國2 keeps only a 0.75 m² strip above 國1
    res = run(reserve, forest)
    assert res.sliver_merged == 1 and any(i.code == "SLIVERS_MERGED" for i in res.issues)
    assert "CON2" not in set(res.zones["class_code"])
    check_map(res)
    assert run(reserve, forest, sliver_area=0.5).zones["class_code"].eq("CON2").sum() == 1  # tolerance lowered


def test_input_order_does_not_change_the_result():
    layers = [layer("水庫蓄水範圍", box(0, 0, 600, 600)), layer("自然保留區", box(300, 300, 900, 900)),
              layer("保安林", box(500, 0, 1500, 400)), layer("林業試驗林地", box(800, 200, 2000, 1200)),
              layer("人工魚礁區及保護礁區", box(-900, 0, -100, 800))]

    def key(res):
        return sorted((r["class_code"], r["rule_id"], r["indicator_id"], round(r["area_m2"], 3))
                      for r in res.zones.to_dict("records"))

    assert key(run(*layers)) == key(run(*reversed(layers)))


def test_cancel_stops_the_run():
    class Stop:
        def step(self, index, label):
            pass

        def canceled(self):
            return True

    with pytest.raises(Cancelled):
        run(layer("自然保留區", box(0, 0, 10, 10)), monitor=Stop())


def test_matches_use_codes_and_names():
    uses = ["農業使用", "01"]
    assert matches_use("農業使用 ", uses) and matches_use("010101", uses)
    assert not matches_use("0201", uses) and not matches_use(None, uses) and not matches_use("", uses)


def test_class_style_has_every_class_in_its_rule_colour():
    """styles/zoning_classes.qml is generated from classes.yaml (tools/make_class_style.py): same codes, order and
    fill colours."""
    import xml.etree.ElementTree as ET
    from pathlib import Path

    qml = ET.parse(Path(__file__).resolve().parents[2] / "styles" / "zoning_classes.qml").getroot()
    renderer = qml.find("renderer-v2")
    assert renderer.get("attr") == "class_code"
    cats = [(c.get("value"), c.get("symbol")) for c in renderer.find("categories")]
    rules = default_ruleset()
    assert [v for v, _s in cats] == [c.code for c in rules.classes]
    fills = {}
    for sym in renderer.find("symbols"):
        colour = next(o.get("value") for o in sym.iter("Option") if o.get("name") == "color")
        fills[sym.get("name")] = tuple(int(x) for x in colour.split(",")[:3])
    for (code, sym), cls in zip(cats, rules.classes):
        assert fills[sym] == tuple(int(cls.color[i:i + 2], 16) for i in (1, 3, 5)), code


def test_loader_validates_the_new_indicator_keys(tmp_path):
    """rule_id and the qualify / rural_nature steps are checked when the rule set loads (core/ruleset.py)."""
    from twzoning.core.ruleset import RuleSetError

    bad_rule = "indicators:\n  - {id: reservoir_storage_area, rule_id: con1 4}\n"
    with pytest.raises(RuleSetError, match="rule_id"):
        overlay(tmp_path, bad_rule, "a.yaml")
    bad_side = "indicators:\n  - {id: reservoir_storage_area, rule_id: {sea: MAR11-X}}\n"
    with pytest.raises(RuleSetError, match="no sea target"):
        overlay(tmp_path, bad_side, "b.yaml")
    bad_threshold = ("indicators:\n  - id: special_purpose_zone\n    method:\n"
                     "      - {type: qualify, group: connected, tests: [{min_area: no_such_key}]}\n")
    with pytest.raises(RuleSetError, match="no_such_key"):
        overlay(tmp_path, bad_threshold, "c.yaml")
    no_uses = ("indicators:\n  - id: special_purpose_zone\n    method:\n"
               "      - {type: qualify, group: connected, tests: [{use_share: agr1_agri_use_share}]}\n")
    with pytest.raises(RuleSetError, match="uses_switch"):
        overlay(tmp_path, no_uses, "d.yaml")
    for rid, match in (("NO-SUCH", "unknown rule id"), ("SPZ-2", "min_total")):
        bad_defer = ("indicators:\n  - id: special_purpose_zone\n    method:\n"
                     f"      - {{type: qualify, group: connected, tests: [{{min_area: spz_min_total_area}}], defer_to: {rid}}}\n")
        with pytest.raises(RuleSetError, match=match):
            overlay(tmp_path, bad_defer, f"d_{rid}.yaml")
    ok = overlay(tmp_path, "indicators:\n  - {id: reservoir_storage_area, rule_id: CON1-4X}\n", "e.yaml")
    assert ok.indicator("reservoir_storage_area").rule_id_for("land") == "CON1-4X"
    assert ok.is_local("indicators.reservoir_storage_area")


# ------------------------------------------------------------------------------------------------ county-scale paths
def _grid(n, size=10.0, shift=0.0):
    return [box(x * size + shift, y * size + shift, (x + 1) * size + shift, (y + 1) * size + shift)
            for x in range(n) for y in range(n)]


def _same_area(a, b):
    assert a.is_valid and b.is_valid
    assert shapely.area(shapely.symmetric_difference(a, b)) == pytest.approx(0.0, abs=1e-6)


def test_claimed_areas_subtract_like_the_difference_with_their_union():
    from twzoning.core.delineation import _Claimed

    claimed = _Claimed()
    added = [box(0, 0, 35, 35), box(50, 50, 60, 95), shapely.Polygon([(70, 0), (100, 0), (100, 30)])]
    for g in added:
        claimed.add(g)
    target = shapely.union_all(_grid(10, shift=3.0) + [box(200, 200, 210, 210)])
    _same_area(claimed.subtract_from(target), shapely.difference(target, shapely.union_all(added)))
    assert claimed.subtract_from(box(300, 300, 310, 310)).equals(box(300, 300, 310, 310))
    assert _Claimed().subtract_from(target) is target
    assert claimed.subtract_from(box(1, 1, 2, 2)).is_empty


def test_local_union_of_many_parts_equals_the_union():
    from twzoning.core.delineation import LOCAL_UNION_PARTS, _local_union, _union

    squares = _grid(20)                                       # 400 touching squares: one cluster
    b = shapely.MultiPolygon([box(x * 30 + 500, 0, x * 30 + 520, 20) for x in range(300)])  # apart from each other
    c = shapely.MultiPolygon([box(x * 30 + 505, 5, x * 30 + 515, 35) for x in range(300)])  # overlapping b
    inputs = [*squares, b, c]
    assert len(shapely.get_parts(inputs)) > LOCAL_UNION_PARTS
    expected = shapely.union_all(inputs)
    assert shapely.get_num_geometries(expected) == 301
    _same_area(_union(inputs), expected)
    _same_area(_local_union(shapely.get_parts(inputs)), expected)


def test_parcel_union_falls_back_when_parcels_overlap():
    from twzoning.core.delineation import _Engine

    cover = _grid(4)
    _same_area(_Engine._union_parcels(None, cover), box(0, 0, 40, 40))
    overlapping = cover + [box(5, 5, 25, 25)]   # not a coverage: the fast union is refused
    _same_area(_Engine._union_parcels(None, overlapping), box(0, 0, 40, 40))
    gap = [box(0, 0, 10, 10), box(10.5, 0, 20, 10)]
    _same_area(_Engine._union_parcels(None, gap), shapely.union_all(gap))
