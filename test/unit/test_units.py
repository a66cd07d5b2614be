"""鄉村區單元 and special-purpose-zone units (RULES.md §4.1, §4.2, DECISIONS.md Q9, Q10; core/units.py).

Each fixture is a handful of rectangles drawn by hand: a district (鄉村區 / 特定專用區 parcels), the land around it,
and the case under test. Areas that decide a threshold are given as registered areas (parcel_area_source =
registered), so the edges are exact: 「1 公頃以下」 ≤ 10000 m², 50 % of the original area, 「2 公頃以上」 ≥ 20000 m²."""

from __future__ import annotations

import pandas as pd
import pytest
from shapely.geometry import box

from twzoning.core.decisions import decisions_from_frame
from twzoning.core.parcels import assign_parcels
from twzoning.core.ruleset import load_ruleset
from twzoning.core.units import build_units

RS = load_ruleset()
RURAL = {"nu_zone": "鄉村區", "nu_landuse": "乙種建築用地"}
FARM = {"nu_zone": "一般農業區", "nu_landuse": "農牧用地"}
ROAD = {"nu_zone": "一般農業區", "nu_landuse": "交通用地", "current_use": "道路"}
SPZ = {"nu_zone": "特定專用區", "nu_landuse": "特定目的事業用地"}


class Layout:
    """Parcels as (rectangle, class, attributes); parcel numbers 0001, 0002 … in the order added. Each parcel is also
    its zone; ``pending`` / ``fallback`` are that zone's pending_rule / fallback_class (as delineateclasses writes
    them for a special-purpose zone under 2 ha)."""

    def __init__(self):
        self.items = []
        self.count = 0

    def add(self, geom, code, attrs, reg=None, pending="", fallback="", **extra):
        self.count += 1
        number = f"{self.count:04d}-0000"
        self.items.append((geom, code, {**attrs, **extra, "parcel_no": number}, reg, (pending, fallback)))
        return number

    def pieces(self, rs=RS):
        recs = []
        for g, _c, a, reg, _z in self.items:
            rec = {"county": "示範縣", "town": "平原鎮", "office": "HD", "section": "0642", "section_name": "槺榔段",
                   "reg_area": round(g.area, 2) if reg is None else reg,
                   "owner_type": "私有", "current_use": "", "registered": 1}
            rec.update(a)
            recs.append(rec)
        geoms = [g for g, *_ in self.items]
        return assign_parcels(geoms, pd.DataFrame(recs), geoms, [c for _g, c, *_ in self.items], rs,
                              zone_pending=[z[0] for *_i, z in self.items],
                              zone_fallbacks=[z[1] for *_i, z in self.items]).pieces


def rural_with_notches(notches, notch_reg, lots_reg=None):
    """A 鄉村區 (農4) of 300 m x 200 m; ``notches`` are (x0, x1) of 60 m deep notches open to the south, each a farm
    parcel (農2) with the registered area ``notch_reg`` (one value or one per notch); farmland all around.
    The district's lots are the strips between the notches and the northern part; ``lots_reg`` gives their
    registered areas (one value or one per lot, southern strips first), default the drawn area."""
    lay = Layout()
    xs = [0] + [x for pair in notches for x in pair] + [300]
    lots = [box(xs[k], 0, xs[k + 1], 60) for k in range(0, len(xs), 2)] + [box(0, 60, 300, 200)]
    regs = lots_reg if isinstance(lots_reg, list) else [lots_reg] * len(lots)
    for g, reg in zip(lots, regs):
        lay.add(g, "AGR4", RURAL, reg=reg)
    nregs = notch_reg if isinstance(notch_reg, list) else [notch_reg] * len(notches)
    notch_nos = [lay.add(box(x0, 0, x1, 60), "AGR2", FARM, reg=r) for (x0, x1), r in zip(notches, nregs)]
    lay.add(box(-100, -100, 400, 0), "AGR2", FARM)
    lay.add(box(-100, 0, 0, 300), "AGR2", FARM)
    lay.add(box(300, 0, 400, 300), "AGR2", FARM)
    lay.add(box(0, 200, 300, 300), "AGR2", FARM)
    return lay, notch_nos


def cands(result, rule=None):
    df = result.candidates
    return df if rule is None else df[df["rule_id"] == rule]


# ------------------------------------------------------------------------------------------------ RDU-UNIT (≤ 1 ha)
@pytest.mark.parametrize("area, found", [(10000.0, True), (10000.01, False)])
def test_concave_parcel_threshold_edge(area, found):
    lay, (notch,) = rural_with_notches([(100, 180)], area, lots_reg=20000.0)
    res = build_units(lay.pieces(), RS)
    hit = cands(res, "RDU-UNIT")
    assert (hit["parcel_no"].tolist() == [notch]) is found
    if found:
        row = hit.iloc[0]
        # exactly 1 ha: 「1 公頃以下」; the unit's cumulative inclusion ≤ 1 ha is accepted (DECISIONS.md Q10)
        assert (row["from_class"], row["to_class"], row["decision"]) == ("AGR2", "AGR4", "accepted")
        assert (row["response_id"], row["discussion"]) == ("4(3)", 0)
        assert res.pieces.set_index("parcel_no").loc[notch, "class_code"] == "AGR4"  # applied to the output
        assert "1 公頃 以下" in row["reason"]


def test_farmland_outside_the_district_is_not_concave():
    lay, _ = rural_with_notches([(100, 180)], 4800.0)
    res = build_units(lay.pieces(), RS)
    assert cands(res, "RDU-UNIT")["parcel_no"].tolist() == ["0004-0000"]  # the notch only, never the land around


# ------------------------------------------------------------------------------------------------ RDU-CUM (Q10)
@pytest.mark.parametrize(
    "notch_reg, lots_reg, response, decision, status",
    [
        ([5000.0, 5000.0], 10000.0, "4(3)", "accepted", "ok"),                    # added exactly 1 ha
        ([5000.0, 5000.01], 10000.0, "4(4)", "proposed", "needs_justification"),  # 10000.01 > 1 ha, 25 % of 4 ha
        ([5000.0, 5000.01], [5000.0, 5000.0, 5000.0, 5000.02], "4(4)", "proposed", "needs_justification"),  # = 50 %
        ([5000.0, 5000.01], 5000.0, "4(5)", "refused", "refused"),                # 10000.01 > 50 % of 20000
    ],
)
def test_cumulative_inclusion_edges(notch_reg, lots_reg, response, decision, status):
    # two notches in a district of four lots (three southern strips and the northern part)
    lay, notches = rural_with_notches([(40, 100), (180, 240)], notch_reg, lots_reg=lots_reg)
    res = build_units(lay.pieces(), RS)
    unit = res.units.iloc[0]
    assert (unit["response_id"], unit["status"]) == (response, status)
    hit = cands(res, "RDU-UNIT")
    assert sorted(hit["parcel_no"]) == notches
    assert set(hit["response_id"]) == {response} and set(hit["decision"]) == {decision}
    assert set(hit["discussion"]) == {1 if response != "4(3)" else 0}


def test_planner_refusal_lowers_the_cumulative_area():
    lay, notches = rural_with_notches([(40, 100), (180, 240)], 6000.0, lots_reg=10000.0)
    pieces = lay.pieces()
    assert build_units(pieces, RS).units.iloc[0]["response_id"] == "4(4)"  # 12000 m²
    table = decisions_from_frame(pd.DataFrame([{"parcel_key": f"HD|0642|{notches[0]}", "rule_id": "RDU-UNIT",
                                                "planner_decision": "refused"}]))
    res = build_units(pieces, RS, table)
    unit = res.units.iloc[0]
    assert (unit["response_id"], unit["added_area_m2"]) == ("4(3)", 6000.0)
    rows = cands(res, "RDU-UNIT").set_index("parcel_no")
    assert rows.loc[notches[0], "decision"] == "refused" and rows.loc[notches[1], "decision"] == "accepted"
    assert rows.loc[notches[0], "decided_by"] == "DECISIONS" and rows.loc[notches[1], "decided_by"] == "rule"


def test_accepted_inclusion_is_applied_to_the_output():
    lay, (notch,) = rural_with_notches([(100, 180)], 4800.0)
    table = decisions_from_frame(pd.DataFrame([{"parcel_key": f"HD|0642|{notch}", "planner_decision": "accepted"}]))
    out = build_units(lay.pieces(), RS, table).pieces.set_index("parcel_no")
    assert out.loc[notch, "class_code"] == "AGR4" and out.loc[notch, "rule_id"] == "RDU-UNIT"


# ------------------------------------------------------------------------------------------------ RDU-EXCL
def test_narrow_protruding_lane_is_cut_off_to_the_neighbouring_class():
    lay, _ = rural_with_notches([], 0.0)
    lane = lay.add(box(300, 98, 360, 102), "AGR4", {"nu_zone": "鄉村區", "nu_landuse": "交通用地",
                                                     "current_use": "道路"})
    # the farmland east of the district is cut around the lane (and is 農1 here)
    lay.items = [it for it in lay.items if not it[0].equals(box(300, 0, 400, 300))]
    lay.add(box(300, 0, 400, 98), "AGR1", FARM)
    lay.add(box(300, 102, 400, 300), "AGR1", FARM)
    lay.add(box(360, 98, 400, 102), "AGR1", FARM)
    res = build_units(lay.pieces(), RS)
    row = cands(res, "RDU-EXCL").iloc[0]
    assert (row["parcel_no"], row["from_class"], row["to_class"]) == (lane, "AGR4", "AGR1")
    assert (row["response_id"], row["decision"]) == ("4(2)", "proposed")
    assert "寬 4.0 公尺" in row["reason"]


# ------------------------------------------------------------------------------------------------ RDU-GAP
def two_districts(between):
    """Districts A (y 0..100) and B (y 106..206) of 農4, 100 m wide; ``between`` is the 6 m strip's attributes."""
    lay = Layout()
    lay.add(box(0, 0, 100, 100), "AGR4", RURAL)
    lay.add(box(0, 106, 100, 206), "AGR4", RURAL)
    strip = lay.add(box(-50, 100, 150, 106), "AGR2", between)
    lay.add(box(-50, -50, 150, 0), "AGR2", FARM)
    lay.add(box(-50, 206, 150, 250), "AGR2", FARM)
    lay.add(box(-50, 0, 0, 100), "AGR2", FARM)
    lay.add(box(-50, 106, 0, 206), "AGR2", FARM)
    lay.add(box(100, 0, 150, 100), "AGR2", FARM)
    lay.add(box(100, 106, 150, 206), "AGR2", FARM)
    return lay, strip


def test_districts_separated_by_a_farm_road_form_one_unit():
    lay, road = two_districts(ROAD)
    res = build_units(lay.pieces(), RS)
    assert len(res.units) == 1 and res.units.iloc[0]["district_count"] == 2
    row = cands(res, "RDU-GAP").iloc[0]
    assert (row["parcel_no"], row["to_class"], row["group_id"]) == (road, "AGR4", "RDU-0001")
    assert res.units.iloc[0]["added_area_m2"] == 1200.0


def test_districts_separated_by_farmland_stay_apart():
    lay, _ = two_districts(FARM)
    res = build_units(lay.pieces(), RS)
    assert len(res.units) == 2 and cands(res, "RDU-GAP").empty


def test_taoyuan_preset_merges_across_unregistered_land_generic_rules_do_not():
    unregistered = {"nu_zone": "", "nu_landuse": "", "registered": 0}
    lay, strip = two_districts(unregistered)
    assert len(build_units(lay.pieces(), RS).units) == 2
    ty = load_ruleset(preset="taoyuan")
    res = build_units(lay.pieces(ty), ty)
    assert len(res.units) == 1
    row = cands(res, "RDU-NA8").iloc[0]
    assert (row["parcel_no"], row["rule_code"], row["scope"]) == (strip, "納8", "因地制宜")
    assert (row["response_id"], row["discussion"]) == ("5", 1)  # a 因地制宜 rule: 表31 type 5
    assert "RDU-NA6" in res.not_evaluated  # 納6 has no predicate in the preset yet


def test_a_county_rule_with_a_predicate_runs_without_code_changes(tmp_path):
    rule = tmp_path / "county.yaml"
    rule.write_text(
        "source: 示範縣國土計畫\n"
        "sporadic_rules:\n"
        "  - id: CTY-NA6\n"
        "    code: 納6\n"
        "    name: 毗鄰鄉村區且共用出入道路之建築用地\n"
        "    name_en: Building land sharing the district's only access road\n"
        "    classes: [URB2_1, URB3, AGR4]\n"
        "    kind: unit\n"
        "    mode: candidate\n"
        "    predicate: shared_access\n"
        "    nu_zones: [鄉村區]\n"
        "    land_uses: [甲種建築用地, 乙種建築用地, 丙種建築用地, 丁種建築用地]\n"
        "    gap_types: [產業道路, 既成巷道]\n"
        "    params: {}\n"
        "    status: RULE\n"
        "    scope: 因地制宜\n"
        "    text: 屬毗鄰鄉村區且共用出入道路之建築用地得一併納入\n"
        "    source: \"001_f01d2a00176af413.txt:4100\"\n",
        encoding="utf-8",
    )
    rs = load_ruleset([rule])
    lay = Layout()
    lay.add(box(0, 0, 100, 100), "AGR4", RURAL)
    lot = lay.add(box(100, 0, 140, 40), "AGR2", {"nu_zone": "一般農業區", "nu_landuse": "甲種建築用地"})
    lay.add(box(100, 40, 140, 46), "AGR2", ROAD)  # the lot's only road, touching the district
    lay.add(box(140, 0, 200, 46), "AGR2", FARM)
    lay.add(box(100, 46, 200, 100), "AGR2", FARM)
    lay.add(box(0, -50, 200, 0), "AGR2", FARM)
    res = build_units(lay.pieces(rs), rs)
    row = cands(res, "CTY-NA6").iloc[0]
    assert (row["parcel_no"], row["to_class"], row["rule_code"]) == (lot, "AGR4", "納6")
    assert (row["scope"], row["response_id"], row["discussion"]) == ("因地制宜", "5", 1)


# ------------------------------------------------------------------------------------------------ 特定專用區
def special_zone(hole_reg, zone_reg=None, second=False, pending=None, second_reg=None):
    """A 150 m x 130 m special-purpose zone (城2-1) of four lots around a 64 m x 62.5 m farm parcel (the hole);
    with ``second`` another zone 20 m x 100 m south of a 6 m farm road. ``pending``: the fallback classes of the four
    lots (and of the second zone), the zones then being pending SPZ-D as delineateclasses leaves a zone under 2 ha."""
    lay = Layout()
    regs = zone_reg if isinstance(zone_reg, list) else [zone_reg] * 4
    fbs = pending if isinstance(pending, list) else [pending] * 5
    texts = [{"pending": "SPZ-D", "fallback": fb} if fb else {} for fb in fbs]
    lay.add(box(0, 0, 43, 130), "URB2_1", SPZ, reg=regs[0], **texts[0])
    lay.add(box(107, 0, 150, 130), "URB2_1", SPZ, reg=regs[1], **texts[1])
    lay.add(box(43, 0, 107, 32), "URB2_1", SPZ, reg=regs[2], **texts[2])
    lay.add(box(43, 94.5, 107, 130), "URB2_1", SPZ, reg=regs[3], **texts[3])
    hole = lay.add(box(43, 32, 107, 94.5), "AGR2", FARM, reg=hole_reg)
    lay.add(box(-50, 130, 200, 180), "AGR2", FARM)
    lay.add(box(-50, 0, 0, 130), "AGR2", FARM)
    lay.add(box(150, 0, 200, 130), "AGR2", FARM)
    road = lay.add(box(-50, -6, 200, 0), "AGR2", ROAD)
    if second:
        lay.add(box(0, -106, 150, -6), "URB2_1", SPZ, reg=second_reg, **texts[4])
        lay.add(box(-50, -150, 200, -106), "AGR2", FARM)
        lay.add(box(-50, -106, 0, -6), "AGR2", FARM)
        lay.add(box(150, -106, 200, -6), "AGR2", FARM)
    else:
        lay.add(box(-50, -100, 200, -6), "AGR2", FARM)
    return lay, hole, road


@pytest.mark.parametrize("area, found", [(9999.99, True), (10000.0, False)])
def test_enclosed_parcel_in_a_special_zone_threshold_edge(area, found):
    lay, hole, _ = special_zone(area, zone_reg=5000.0)  # zone 20000 m²: big enough alone
    res = build_units(lay.pieces(), RS)
    hit = cands(res, "SPZ-2")
    assert (hit["parcel_no"].tolist() == [hole]) is found
    if found:
        assert (hit.iloc[0]["to_class"], hit.iloc[0]["response_id"]) == ("URB2_1", "4(1)")


@pytest.mark.parametrize("zone_reg, status", [(4000.0, "ok"), ([4000.0, 4000.0, 4000.0, 3999.99], "too_small")])
def test_special_zone_must_reach_2_ha(zone_reg, status):
    # four lots of 4000 m² (16000) + the enclosed 4000 m² = exactly 20000 m² (「2 公頃以上」); one lot 0.01 m² less
    lay, hole, _ = special_zone(4000.0, zone_reg=zone_reg)
    res = build_units(lay.pieces(), RS)
    unit = res.units.iloc[0]
    assert unit["status"] == status and unit["rule_id"] == "SPZ-D"
    inc = cands(res, "SPZ-2").iloc[0]
    assert inc["decision"] == ("proposed" if status == "ok" else "refused")
    flags = cands(res, "SPZ-D")
    assert len(flags) == (4 if status == "too_small" else 0)
    assert set(flags["discussion"]) <= {1} and set(flags["decision"]) <= {"flagged"}


def test_two_nearby_special_zones_merge_over_a_farm_road():
    lay, hole, road = special_zone(4000.0, second=True)
    res = build_units(lay.pieces(), RS)
    assert len(res.units) == 1 and res.units.iloc[0]["status"] == "ok"
    gap = cands(res, "SPZ-3").iloc[0]
    assert (gap["parcel_no"], gap["to_class"], gap["response_id"]) == (road, "URB2_1", "4(1)")
    assert "整體規劃必要性" in gap["reason"]


def test_road_reaching_into_a_special_zone_and_special_use_land_outside():
    lay = Layout()
    lay.add(box(0, 0, 60, 200), "URB2_1", SPZ)
    lay.add(box(66, 0, 200, 200), "URB2_1", SPZ)
    lay.add(box(60, 100, 66, 200), "URB2_1", SPZ)
    road = lay.add(box(60, -20, 66, 100), "AGR2", ROAD)  # a dead-end road into the zone
    outside = lay.add(box(200, 0, 260, 60), "URB2_1", {"nu_zone": "一般農業區", "nu_landuse": "特定目的事業用地"})
    lay.add(box(-50, -20, 60, 0), "AGR2", FARM)
    lay.add(box(66, -20, 260, 0), "AGR2", FARM)
    lay.add(box(200, 60, 260, 200), "AGR2", FARM)
    res = build_units(lay.pieces(), RS)
    inside = cands(res, "SPZ-1").iloc[0]
    assert (inside["parcel_no"], inside["to_class"]) == (road, "URB2_1")
    spz_c = cands(res, "SPZ-C").iloc[0]
    assert (spz_c["parcel_no"], spz_c["to_class"], spz_c["decision"]) == (outside, "AGR2", "accepted")
    assert res.pieces.set_index("parcel_no").loc[outside, "class_code"] == "AGR2"  # automatic: applied


# ------------------------------------------------------------------------------------------------ SPZ-D on pending zones
# The four lots come from delineateclasses as 城2-1 pending SPZ-D (each zone under 2 ha on its own) with their
# fallback class; the unit decides: 「納入之零星土地累計或數個特定專用區位置合併面積規模仍應達 2 公頃以上」 (Q9).
ZONE_LOTS = ["0001-0000", "0002-0000", "0003-0000", "0004-0000"]
REVERT = "特定專用區面積未達 2 公頃，依通案條件劃設"


def _lots(res):
    return res.pieces.set_index("parcel_no").loc[ZONE_LOTS]


@pytest.mark.parametrize("zone_reg, passes", [
    (4000.0, True),                               # 16000 + enclosed 4000 = exactly 20000 m²: 「2 公頃以上」
    ([4000.0, 4000.0, 4000.0, 3999.99], False),   # 0.01 m² short
])
def test_pending_special_zone_is_decided_on_its_unit_at_exactly_2_ha(zone_reg, passes):
    lay, hole, _ = special_zone(4000.0, zone_reg=zone_reg, pending="AGR2")
    pieces = lay.pieces()
    assert set(pieces.set_index("parcel_no").loc[ZONE_LOTS, "pending_rule"]) == {"SPZ-D"}
    res = build_units(pieces, RS)
    unit = res.units.iloc[0]
    assert (unit["rule_id"], unit["total_area_m2"]) == ("SPZ-D", 20000.0 if passes else 19999.99)
    lots = _lots(res)
    assert set(lots["pending_rule"]) == {""} and set(lots["fallback_class"]) == {""}  # decided either way
    assert set(lots["rule_id"]) == {"SPZ-D"}
    spz_d = cands(res, "SPZ-D")
    if passes:
        assert unit["status"] == "ok" and "維持城鄉發展地區第2類之1" in unit["reason"] and "stays URB2_1" in unit["reason_en"]
        assert set(lots["class_code"]) == {"URB2_1"} and spz_d.empty
        assert all("符合「2 公頃 以上」" in r for r in lots["reason"])
        assert cands(res, "SPZ-2").iloc[0]["decision"] == "proposed"
    else:
        assert unit["status"] == "too_small"
        assert set(lots["class_code"]) == {"AGR2"}
        assert all(r.startswith(REVERT) for r in lots["reason"])
        assert all("general conditions as AGR2" in r for r in lots["reason_en"])
        assert sorted(spz_d["parcel_no"]) == ZONE_LOTS
        assert set(spz_d["decision"]) == {"accepted"} and set(spz_d["to_class"]) == {"AGR2"}
        assert set(spz_d["from_class"]) == {"URB2_1"}
        assert cands(res, "SPZ-2").iloc[0]["decision"] == "refused"
        assert res.pieces.set_index("parcel_no").loc[hole, "class_code"] == "AGR2"


def test_pending_zones_merged_over_a_farm_road_reach_2_ha_together():
    """Positive: 1.6 ha + 1.5 ha zones, each pending SPZ-D, merged over the farm road (SPZ-3): 3.1 ha + inclusions."""
    lay, _hole, road = special_zone(4000.0, zone_reg=4000.0, second=True, second_reg=15000.0, pending="AGR2")
    res = build_units(lay.pieces(), RS)
    assert len(res.units) == 1
    unit = res.units.iloc[0]
    assert (unit["status"], unit["district_count"], unit["rule_id"]) == ("ok", 2, "SPZ-D")
    assert unit["base_area_m2"] == 31000.0
    assert cands(res, "SPZ-3").iloc[0]["parcel_no"] == road and cands(res, "SPZ-D").empty
    out = res.pieces.set_index("parcel_no")
    zones = out[out["nu_zone"] == "特定專用區"]
    assert len(zones) == 5 and set(zones["class_code"]) == {"URB2_1"} and set(zones["pending_rule"]) == {""}


def test_lone_pending_zone_reverts_to_its_fallback_classes():
    """Negative: a 1.6 ha zone whose enclosed parcel the planner refuses stays under 2 ha: each lot goes back to the
    class of the general conditions the delineation found for it (here 農2 and 國2)."""
    lay, hole, _ = special_zone(4000.0, zone_reg=4000.0, pending=["AGR2", "AGR2", "CON2", "CON2", ""])
    table = decisions_from_frame(pd.DataFrame({"parcel_key": [f"HD|0642|{hole}"], "rule_id": ["SPZ-2"],
                                               "planner_decision": ["refused"]}))
    res = build_units(lay.pieces(), RS, table)
    unit = res.units.iloc[0]
    assert (unit["status"], unit["total_area_m2"]) == ("too_small", 16000.0)
    lots = _lots(res)
    assert lots["class_code"].tolist() == ["AGR2", "AGR2", "CON2", "CON2"]
    assert set(lots["rule_id"]) == {"SPZ-D"} and all(r.startswith(REVERT) for r in lots["reason"])
    assert "改劃為國土保育地區第2類" in lots.loc["0003-0000", "reason"]
    spz_d = cands(res, "SPZ-D")
    assert sorted(zip(spz_d["parcel_no"], spz_d["to_class"])) == [
        ("0001-0000", "AGR2"), ("0002-0000", "AGR2"), ("0003-0000", "CON2"), ("0004-0000", "CON2")]
    assert set(spz_d["discussion"]) == {1}
    assert res.pieces.set_index("parcel_no").loc[hole, "class_code"] == "AGR2"
