"""Result checking (core/checking.py, rules/checking.yaml, RULES.md §8): hand-made maps, then the demo county."""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import shapely
from shapely.geometry import box

from core.checking import AreaLayer, Cancelled, CheckError, CheckInputs, ClassMap, check_results
from core.ruleset import RuleSetError, load_ruleset

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "test" / "data" / "demo_county.gpkg"
SUBMITTED = ROOT / "test" / "data" / "demo_submitted.gpkg"

# 表31 standard responses, copied by hand from RULES.md §8.2 (= 001_f01d2a00176af413.txt:1986-1999)
R1 = "屬圖資偏移，符合通案處理原則"
R2 = "屬圖資更新，符合通案處理原則"
R3 = "屬界線決定，符合通案處理原則"
R4_1 = "（1）屬零星土地納入，符合通案性原則"
R4_3 = "（3）屬納入鄉村區零星土地，且累計納入面積小於 1 公頃，符合通案性原則"
R4_4 = "（4）屬納入鄉村區零星土地，惟累計納入面積大於 1 公頃，雖未超過原鄉村區面積 50%，仍請縣市政府補充說明原因。"
R5 = "屬直轄市、縣（市）因地制宜劃設方式，未符通案處理原則，請縣市政府補充說明原因。"
R6 = "屬直轄市、縣（市）國土計畫所訂之第 3 階段應辦事項，符合通案處理原則，惟請縣市政府補充說明原因。"
R7 = "屬繪製錯誤，未符通案處理原則，請縣市政府按通案性劃設方式修正。"


@pytest.fixture(scope="module")
def rs():
    return load_ruleset()


# ------------------------------------------------------------------------------------------------ hand-made county
# Four parcels of 100 m x 100 m in a row (x 0-400). The general rule gives 農2 on x 0-160 and 國2 (自來水水質水量保護區)
# on x 160-400: parcel 2 (x 100-200) is split 60 % 農2 / 40 % 國2.
def parcels():
    geoms = np.array([box(100 * k, 0, 100 * (k + 1), 100) for k in range(4)], dtype=object)
    attrs = pd.DataFrame({
        "county": "示範縣", "town": "海濱鄉", "office": "HA", "section": "0001", "section_name": "濱海段",
        "parcel_no": [f"000{k + 1}-0000" for k in range(4)], "reg_area": 10000.0, "nu_zone": "一般農業區",
        "nu_landuse": "農牧用地", "owner_type": "私有", "current_use": "", "registered": 1, "indigenous": 0,
        "slope_land": 0,
    })
    return geoms, attrs


def water(rs):
    return rs.match_indicator("自來水水質水量保護區")


def reference(rs):
    return ClassMap([box(0, 0, 160, 100), box(160, 0, 400, 100)], ["AGR2", "CON2"], "reference",
                    rule_ids=["LAND-RESID", water(rs).rule_id_for("land")], reasons=["", ""],
                    indicator_ids=["", water(rs).id])


def submitted(*pairs):
    geoms, classes = zip(*pairs)
    return ClassMap(list(geoms), list(classes), "submitted")


def run(rs, sub, with_parcels=True, **kw):
    return check_results(CheckInputs(submitted=sub, reference=reference(rs),
                                     parcels=parcels() if with_parcels else None, **kw), rs)


def only(result):
    assert len(result.differences) == 1, result.differences.drop(columns="geometry").to_string()
    return result.differences.iloc[0]


def test_a_map_checked_against_itself_has_no_difference(rs):
    res = run(rs, reference(rs))
    assert len(res.differences) == 0
    assert res.verdict == "檢核結果：與通案劃設結果無差異，符合通案處理原則。"
    assert res.stats["difference_count"] == 0 and res.summary.empty


def test_names_and_aliases_are_accepted_as_classes(rs):
    sub = submitted((box(0, 0, 160, 100), "農業發展地區第2類"), (box(160, 0, 400, 100), "國 2"))
    assert len(run(rs, sub).differences) == 0


def test_progress_can_cancel(rs):
    seen = []

    def progress(fraction):
        seen.append(fraction)
        return fraction < 0.3

    with pytest.raises(Cancelled):
        check_results(CheckInputs(submitted=reference(rs), reference=reference(rs)), rs, progress=progress)
    assert seen and max(seen) < 0.5


def test_unknown_class_is_an_error_naming_the_layer_and_features(rs):
    sub = submitted((box(0, 0, 160, 100), "農2"), (box(160, 0, 400, 100), "國九"))
    with pytest.raises(CheckError) as err:
        run(rs, sub)
    assert err.value.layer == "submitted" and err.value.rows == [1] and "國九" in str(err.value)


def test_type1_offset_along_an_indicator_line(rs):
    # the 國2 indicator line is at x = 160; the submitted boundary is 0.5 m east of it
    sub = submitted((box(0, 0, 160.5, 100), "AGR2"), (box(160.5, 0, 400, 100), "CON2"))
    ind = AreaLayer("自來水水質水量保護區", [box(160, 0, 400, 100)])
    d = only(run(rs, sub, indicators=[ind]))
    assert (d.diff_type, d.response_id, d.response, d.needs_discussion) == (1, "1", R1, 0)
    assert (d.from_class, d.to_class, d.rule_id) == ("CON2", "AGR2", "CHK-OFFSET")
    assert d.area_m2 == pytest.approx(50.0)


def test_a_thin_difference_away_from_any_line_is_not_an_offset(rs):
    # same strip, but only parcels given: x = 160 is no cadastral line, so it is a parcel decision (50 % rule)
    sub = submitted((box(0, 0, 160.5, 100), "AGR2"), (box(160.5, 0, 400, 100), "CON2"))
    d = only(run(rs, sub))
    assert d.diff_type != 1


def test_tolerance_parameter_overrides_the_rule(rs):
    sub = submitted((box(0, 0, 160.5, 100), "AGR2"), (box(160.5, 0, 400, 100), "CON2"))
    ind = AreaLayer("自來水水質水量保護區", [box(160, 0, 400, 100)])
    d = only(run(rs, sub, indicators=[ind], tolerance=0.2))
    assert d.diff_type != 1


def test_type2_data_update(rs):
    sub = submitted((box(0, 0, 100, 100), "AGR2"), (box(100, 0, 400, 100), "CON2"))
    old = AreaLayer("自來水水質水量保護區", [box(160, 0, 400, 100)])
    new = AreaLayer("自來水水質水量保護區_新版", [box(100, 0, 400, 100)])
    d = only(run(rs, sub, indicators=[old], indicators_new=[new]))
    assert (d.diff_type, d.response, d.rule_id) == (2, R2, "CHK-UPDATE")
    assert d.reason == "差異處位於劃設參考指標「自來水水質水量保護區」新舊版本之差異範圍內。"
    assert d.area_m2 == pytest.approx(6000.0)


def test_type3_majority_rule_needs_the_parcels(rs):
    # parcel 2 given whole to 農2 (60 %)
    sub = submitted((box(0, 0, 200, 100), "AGR2"), (box(200, 0, 400, 100), "CON2"))
    d = only(run(rs, sub))
    assert (d.diff_type, d.response, d.rule_id, d.needs_discussion) == (3, R3, "MAJ50", 0)
    assert d.parcels == "HA|0001|0002-0000" and d.location == "海濱鄉濱海段0002-0000地號"
    no_parcels = run(rs, sub, with_parcels=False)
    assert only(no_parcels).diff_type == 7
    assert any(i.startswith("NO_PARCELS") for i in no_parcels.issues)


def test_a_tiny_piece_grazing_a_neighbouring_parcel_is_noise_not_a_difference(rs):
    # parcel 2 given whole to 農2, but the submitted line is 0.00005 m east of the cadastral line x = 200: the
    # difference part reaches 0.005 m² (<= min_area 0.01 m²) into parcel 3, where the 50 % rule gives 國2. That piece
    # is overlay noise of the cut by parcel (counted), not a separate drawing error of 0.00 m².
    sub = submitted((box(0, 0, 200.00005, 100), "AGR2"), (box(200.00005, 0, 400, 100), "CON2"))
    res = run(rs, sub)
    d = only(res)
    assert (d.diff_type, d.rule_id, d.parcels) == (3, "MAJ50", "HA|0001|0002-0000")
    assert d.area_m2 == pytest.approx(4000.0)
    assert res.stats["noise_count"] == 1 and res.stats["noise_area_m2"] == pytest.approx(0.005, abs=1e-4)
    assert res.stats["type7_count"] == 0


def test_a_difference_cut_into_crumbs_by_the_parcels_keeps_its_largest_piece(rs):
    # a 0.015 m² part (> min_area, so a difference) across the parcel line x = 100: 0.006 m² in parcel 1 and
    # 0.009 m² in parcel 2, both <= min_area; a small tolerance keeps it from reading as an offset
    sub = submitted((box(0, 0, 160, 100).difference(box(99.996, 50, 100.006, 51.5)), "AGR2"),
                    (box(99.996, 50, 100.006, 51.5), "CON2"), (box(160, 0, 400, 100), "CON2"))
    res = run(rs, sub, tolerance=0.001)
    d = only(res)
    assert (d.from_class, d.to_class, d.parcels) == ("AGR2", "CON2", "HA|0001|0002-0000")
    assert d.area_m2 == pytest.approx(0.009, abs=0.005)
    assert res.stats["noise_count"] == 1 and res.stats["noise_area_m2"] == pytest.approx(0.006, abs=1e-4)


def test_minority_class_taking_a_parcel_is_not_a_boundary_decision(rs):
    # parcel 2 given whole to 國2 (40 %): not the 50 % rule
    sub = submitted((box(0, 0, 100, 100), "AGR2"), (box(100, 0, 400, 100), "CON2"))
    assert only(run(rs, sub)).diff_type == 7


def test_type5_listed_county_rule(rs):
    sub = submitted((box(0, 0, 100, 100), "城2-1"), (box(100, 0, 160, 100), "AGR2"), (box(160, 0, 400, 100), "CON2"))
    d = only(run(rs, sub, local_rules=AreaLayer("因地制宜", [box(0, 0, 100, 100)], ["農舍集村"])))
    assert (d.diff_type, d.response, d.needs_discussion) == (5, R5, 1)
    assert d.reason == "差異處位於縣市所列因地制宜劃設方式「農舍集村」之範圍內。"


def test_type6_listed_stage3_task(rs):
    sub = submitted((box(0, 0, 100, 100), "URB2_3"), (box(100, 0, 160, 100), "AGR2"), (box(160, 0, 400, 100), "CON2"))
    d = only(run(rs, sub, stage3=AreaLayer("第3階段應辦事項", [box(0, 0, 100, 100)], ["產業園區"])))
    assert (d.diff_type, d.response, d.needs_discussion) == (6, R6, 1)


def test_type7_remark_names_the_indicator_of_the_general_rule(rs):
    sub = submitted((box(0, 0, 160, 100), "AGR2"), (box(160, 0, 300, 100), "CON2"), (box(300, 0, 400, 100), "AGR2"))
    res = run(rs, sub)
    d = only(res)
    assert (d.diff_type, d.response, d.rule_id, d.needs_discussion) == (7, R7, "CHK-ERROR", 1)
    assert d.reason == "劃設差異處涉及國2劃設參考指標（自來水水質水量保護區），應劃設為國2。"
    assert d.ref_rule_id == water(rs).rule_id_for("land")
    assert res.verdict.endswith("1處（1.0000公頃）未符通案處理原則，請縣市政府按通案性劃設方式修正。")


def test_type7_remark_when_the_submitted_class_has_no_indicator_here(rs):
    sub = submitted((box(0, 0, 100, 100), "CON2"), (box(100, 0, 160, 100), "AGR2"), (box(160, 0, 400, 100), "CON2"))
    d = only(run(rs, sub))
    assert d.diff_type == 7
    assert d.reason.startswith("劃設差異處未涉及國2劃設參考指標（")
    assert d.reason.endswith("）或未符國2劃設條件，應按通案性劃設條件劃設為農2。")


def test_type7_touching_errors_from_two_general_rule_classes_get_one_remark(rs):
    # 國2 (x 160-400) and 農2 (x 0-160) drawn together as 城1: example (4) of 表31 備註
    sub = submitted((box(0, 0, 100, 100), "AGR2"), (box(100, 0, 300, 100), "URB1"), (box(300, 0, 400, 100), "CON2"))
    res = run(rs, sub, with_parcels=False)
    assert sorted(res.differences["from_class"]) == ["AGR2", "CON2"]
    assert set(res.differences["reason"]) == {"劃設差異處涉及國2及農2，應按通案性劃設條件劃設為國2及農2。"}


def test_summary_per_class_and_type(rs):
    sub = submitted((box(0, 0, 200, 100), "AGR2"), (box(200, 0, 300, 100), "CON2"), (box(300, 0, 400, 100), "AGR2"))
    res = run(rs, sub)
    s = res.summary
    assert list(s[["class_code", "diff_type", "count"]].itertuples(index=False, name=None)) == [
        ("AGR2", 3, 1), ("AGR2", 7, 1)]
    assert s["area_m2"].tolist() == pytest.approx([4000.0, 10000.0])
    assert res.differences["diff_id"].tolist() == [1, 2]
    assert res.differences.iloc[0]["diff_type"] == 7  # discussion first


# ------------------------------------------------------------------------------------------------ the rule data
def test_checking_rules_are_loaded_with_all_seven_types(rs):
    types = rs.checking["types"]
    assert sorted(types) == list(range(1, 8))
    assert [rs.response(types[n]["response"]).text for n in (1, 2, 3, 5, 6, 7)] == [R1, R2, R3, R5, R6, R7]
    assert types[7]["name"] == "非屬前開第 1 至 6 項情形且未符通案性劃設方式之劃設疑義"
    assert rs.checking["tolerances"]["offset"]["status"] == "CONFIG"


def test_checking_rules_are_validated(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text('checking:\n  types:\n    7:\n      response: "9(9)"\n', encoding="utf-8")
    with pytest.raises(RuleSetError) as err:
        load_ruleset([bad])
    assert "types.7.response" in str(err.value)


def test_a_changed_tolerance_is_a_local_rule(tmp_path):
    over = tmp_path / "county.yaml"
    over.write_text("checking:\n  tolerances:\n    offset:\n      value: 2.5\n", encoding="utf-8")
    rs2 = load_ruleset([over])
    assert rs2.checking["tolerances"]["offset"]["value"] == 2.5
    assert rs2.is_local("checking.tolerances.offset.value")


# ------------------------------------------------------------------------------------------------ the demo county
# The deliberate changes of test/data/demo_submitted.gpkg (see demo_submitted.README.md), by parcel, checked by
# hand: (type, 表31 response, rule id).
EXPECTED = {
    "HB|0266|0231-0000": (1, R1, "CHK-OFFSET"),
    "HC|0457|0095-0000": (2, R2, "CHK-UPDATE"),
    "HC|0457|0050-0000": (3, R3, "MAJ50"),
    "HD|0642|0120-0000": (4, R4_1, "SPZ-3"),
    "HB|0266|0108-0000": (4, R4_3, "RDU-UNIT"),
    "HD|0642|0546-0000": (4, R4_4, "RDU-UNIT"),
    "HB|0257|0024-0000": (5, R5, "CHK-LOCAL"),
    "HD|0642|0312-0000": (6, R6, "CHK-STAGE3"),
    "HB|0257|0191-0000": (7, R7, "CHK-ERROR"),
}


def _tool():
    pytest.importorskip("osgeo.ogr", reason="GDAL's Python bindings read the demo GeoPackages")
    spec = importlib.util.spec_from_file_location("make_demo_submitted", ROOT / "tools" / "make_demo_submitted.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules["make_demo_submitted"] = mod
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="module")
def demo(rs):
    tool = _tool()
    zones, parcels_, pieces, _maj, indicators = tool.general_rule(DEMO, rs)
    return tool, zones, parcels_, pieces, indicators


def _demo_inputs(tool, zones, parcels_, indicators):
    sg, sa = tool.read_layer(SUBMITTED, tool.SUBMITTED)

    def areas(name):
        g, a = tool.read_layer(SUBMITTED, name)
        return AreaLayer(name, g, a["name"].tolist())

    ref = ClassMap(zones["geometry"].to_numpy(), zones["class_code"], "zoning", zones["rule_id"], zones["reason"],
                   zones["indicator_id"], zones["scope"])
    return CheckInputs(submitted=ClassMap(sg, sa[tool.CLASS_FIELD].tolist(), "submitted"), reference=ref,
                       parcels=(parcels_.geoms, parcels_.attrs),
                       indicators=[AreaLayer(x.name, x.geoms) for x in indicators],
                       indicators_new=[areas(tool.UPDATED)], local_rules=areas(tool.LOCAL), stage3=areas(tool.STAGE3))


def test_demo_general_rule_against_itself_has_no_difference(demo, rs):
    _tool_, zones, parcels_, pieces, _ind = demo
    ref = ClassMap(zones["geometry"].to_numpy(), zones["class_code"], "zoning")
    assert len(check_results(CheckInputs(submitted=ref, reference=ref), rs).differences) == 0
    own = ClassMap(pieces["geometry"].to_numpy(), pieces["class_code"], "pieces")
    res = check_results(CheckInputs(submitted=own, reference=own, parcels=(parcels_.geoms, parcels_.attrs)), rs)
    assert len(res.differences) == 0


def test_demo_submitted_changes_are_recovered_with_their_type_and_response(demo, rs):
    tool, zones, parcels_, _pieces, indicators = demo
    res = check_results(_demo_inputs(tool, zones, parcels_, indicators), rs)
    diffs = res.differences
    _g, changes = tool.read_layer(SUBMITTED, tool.CHANGES)
    assert sorted(changes["parcel_key"]) == sorted(EXPECTED)
    matched = []
    for row in changes.itertuples(index=False):
        want_type, want_response, want_rule = EXPECTED[row.parcel_key]
        assert row.diff_type == want_type
        if want_type == 1:  # the offset strip lies along the parcel, not on it: match by classes and type
            hit = diffs[(diffs.from_class == row.from_class) & (diffs.to_class == row.to_class)
                        & (diffs.diff_type == 1) & (diffs.area_m2 > 10)]
        else:
            hit = diffs[diffs.parcels.str.contains(row.parcel_key, regex=False)
                        & (diffs.from_class == row.from_class) & (diffs.to_class == row.to_class)]
        assert len(hit) == 1, (row.parcel_key, diffs.drop(columns="geometry").to_string())
        d = hit.iloc[0]
        assert (d.diff_type, d.response, d.rule_id) == (want_type, want_response, want_rule), row.parcel_key
        matched.append(d)
    matched = pd.DataFrame(matched)
    err = diffs[diffs.diff_type == 7].iloc[0]
    assert err.reason == "劃設差異處涉及國1劃設參考指標（中央管河川區域），應劃設為國1。"
    # nothing else than the deliberate changes and sub-square-metre parcel slivers of the parcel assignment, which
    # read as offsets; no zero-area piece where a change only grazes a neighbouring parcel (that is overlay noise)
    others = diffs[~diffs.parcels.isin(EXPECTED) & ~((diffs.diff_type == 1) & (diffs.area_m2 > 10))]
    assert ((others["area_m2"] < 1.0) & (others["diff_type"] == 1)).all(), others.drop(columns="geometry").to_string()
    assert (diffs["area_m2"] > 0).all() and res.stats["noise_count"] > 0
    assert res.stats["difference_count"] == len(changes) + len(others)
    # only the deliberate changes are to discuss (4(4), 5, 6, 7) or to revise (7)
    assert res.stats["discussion_count"] == int(matched["needs_discussion"].sum()) == 4
    assert res.stats["type7_count"] == 1


def test_demo_submitted_file_is_what_the_tool_makes(demo, rs, tmp_path):
    tool = demo[0]
    changes = tool.build(DEMO, tmp_path / "again.gpkg")
    _g, shipped = tool.read_layer(SUBMITTED, tool.CHANGES)
    assert changes.drop(columns="geometry").reset_index(drop=True).equals(
        shipped[changes.drop(columns="geometry").columns].reset_index(drop=True))
    g1, a1 = tool.read_layer(tmp_path / "again.gpkg", tool.SUBMITTED)
    g2, a2 = tool.read_layer(SUBMITTED, tool.SUBMITTED)
    assert a1.equals(a2) and bool(np.all(shapely.equals_exact(g1, g2, 1e-6)))
