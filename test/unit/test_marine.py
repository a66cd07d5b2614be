"""core/marine.py: round areas, junction points, points on the mean high tide line, numbering (both modes), remarks,
label thinning. Hand-made fixtures whose table is worked out by hand (RULES.md §5, DECISIONS.md Q4-Q6, Q15)."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st
from shapely.geometry import LineString, Point, box

from twzoning.core import marine as M
from twzoning.core.ruleset import default_ruleset, load_ruleset

RS = default_ruleset()


def fake_wgs84(x, y):
    """A transform simple enough to check by hand: 1 m = 1e-5 degree from (120, 24)."""
    return 120 + np.asarray(x) / 1e5, 24 + np.asarray(y) / 1e5


def feature_table(rows):
    """rows: (class, indicator_id, indicator_name, case, geometry[, force_round])."""
    recs, geoms = [], []
    for i, r in enumerate(rows):
        code, ind, name, case, geom = r[:5]
        recs.append({"class_code": code, "indicator_id": ind, "indicator_name": name, "case_name": case,
                     "layer": name, "fid": i + 1, "force_round": r[5] if len(r) > 5 else None})
    return pd.DataFrame(recs, columns=list(M.FEATURE_COLUMNS)), np.array(geoms + [r[4] for r in rows], dtype=object)


# The fixture (metres). Sea to the west of the mean high tide line x = 100, land to the east.
#   A  海1-1 野生動物保護區(甲保護區): square 0..100 × 0..100; its east side lies on the MHT
#   B  海2   航道(乙航道): 50 × 20 m rectangle -50..50 × 40..60 crossing A's west side → junctions (0,40), (0,60)
#   C  海1-1 人工魚礁(丙礁區): circle r = 50 around (-300, 0) → only its centre
#   D  海1-2 港區範圍(丁港): 40..100 × -200..-140: east side on the MHT, corner (40,-200) on an urban-plan boundary
MHT = LineString([(100, -1000), (100, 1000)])
URBAN = [box(-10, -250, 40, -200)]
A = box(0, 0, 100, 100)
B = box(-50, 40, 50, 60)
C = Point(-300, 0).buffer(50, quad_segs=16)
D = box(40, -200, 100, -140)
FIXTURE = [
    ("MAR1_1", "wildlife_refuge", "野生動物保護區", "甲保護區", A),
    ("MAR2", "navigation_channel", "航道及其疏濬工程範圍", "乙航道", B),
    ("MAR1_1", "artificial_reef", "人工魚礁區及保護礁區", "丙礁區", C),
    ("MAR1_2", "port_area", "港區範圍", "丁港", D),
]
REMARK_A = "海洋資源地區第1類之1野生動物保護區(甲保護區)"
REMARK_B = "海洋資源地區第2類航道及其疏濬工程範圍(乙航道)"
REMARK_C = "1.海洋資源地區第1類之1人工魚礁區及保護礁區(丙礁區) 2.屬圓心標註"
REMARK_D = "海洋資源地區第1類之2港區範圍(丁港)"

# (label, x, y, point type, remark) in table order, worked out by hand.
TRAVERSAL = [
    ("1*", -300, 0, "圓心點", REMARK_C),
    ("2", 0, 100, "轉折點", REMARK_A),      # A from its westernmost-northernmost point, clockwise:
    ("3", 0, 0, "轉折點", ""),              # (100,100) and (100,0) on the MHT are skipped
    ("4", 0, 40, "交界點", ""),             # then up the west side through the junctions
    ("5", 0, 60, "交界點", ""),
    ("6", 40, -140, "轉折點", REMARK_D),    # D: (40,-200) on the urban plan, the east side on the MHT
    ("7", -50, 60, "轉折點", REMARK_B),     # B from (-50,60) clockwise: along y = 60 eastward …
    ("5", 0, 60, "交界點", ""),             # … the junction keeps its number and is listed again
    ("8", 50, 60, "轉折點", ""),
    ("9", 50, 40, "轉折點", ""),
    ("4", 0, 40, "交界點", ""),
    ("10", -50, 40, "轉折點", ""),
]
STRICT = [  # per class, new points numbered by x ascending, then y descending; rows in that order per block
    ("1*", -300, 0, "圓心點", REMARK_C),
    ("2", 0, 100, "轉折點", REMARK_A),
    ("3", 0, 60, "交界點", ""),
    ("4", 0, 40, "交界點", ""),
    ("5", 0, 0, "轉折點", ""),
    ("6", 40, -140, "轉折點", REMARK_D),
    ("7", -50, 60, "轉折點", REMARK_B),
    ("8", -50, 40, "轉折點", ""),
    ("3", 0, 60, "交界點", ""),
    ("4", 0, 40, "交界點", ""),
    ("9", 50, 60, "轉折點", ""),
    ("10", 50, 40, "轉折點", ""),
]


def run(rows=FIXTURE, mode="traversal", rs=RS, **kw):
    features, geoms = feature_table(rows)
    settings_ = M.marine_settings(rs, mode=mode, **{k: v for k, v in kw.items() if k in ("start",)})
    args = {k: v for k, v in kw.items() if k not in ("start",)}
    args.setdefault("mht", MHT)
    args.setdefault("urban", URBAN)
    return M.number_points(features, geoms, settings_, to_wgs84=fake_wgs84, **args)


def table(result):
    r = result.rows
    return list(zip(r["label"], r["x"].round(6), r["y"].round(6), r["point_type"], r["remark"]))


@pytest.mark.parametrize("mode, expected", [("traversal", TRAVERSAL), ("strict", STRICT)])
def test_full_table_by_hand(mode, expected):
    result = run(mode=mode)
    assert table(result) == [(label, float(x), float(y), ptype, remark) for label, x, y, ptype, remark in expected]
    rows = result.rows
    # WGS84 through the transform, rounded to the rule set's 6 decimals
    assert rows["lon"].tolist() == [round(120 + x / 1e5, 6) for _l, x, _y, _t, _r in expected]
    assert rows["lat"].tolist() == [round(24 + y / 1e5, 6) for _l, _x, y, _t, _r in expected]
    assert rows["row"].tolist() == list(range(1, 13))
    assert rows["block"].tolist() == [1, 2, 2, 2, 2, 3, 4, 4, 4, 4, 4, 4]
    assert set(rows.loc[rows["point_type"] == "交界點", "rule_id"]) == {"MAR-PT-JUNC"}
    assert rows.loc[0, "rule_id"] == "MAR-PT-CENTRE" and rows.loc[0, "reason"]
    assert result.stats["numbers"] == 10 and result.stats["relisted_rows"] == 2


def test_points_not_listed_carry_their_rule():
    dropped = run().dropped
    got = sorted(zip(dropped["x"], dropped["y"], dropped["rule_id"], dropped["case_name"]))
    assert got == [
        (40.0, -200.0, "MAR-PT-URBAN", "丁港"),
        (100.0, -200.0, "MAR-PT-MHT", "丁港"),
        (100.0, -140.0, "MAR-PT-MHT", "丁港"),
        (100.0, 0.0, "MAR-PT-MHT", "甲保護區"),
        (100.0, 100.0, "MAR-PT-MHT", "甲保護區"),
    ]
    assert dropped["reason"].str.len().min() > 0 and dropped["reason_en"].str.len().min() > 0


def test_without_mht_and_urban_every_vertex_is_listed():
    result = run(mht=None, urban=None)
    assert result.stats["dropped_mht"] == 0 and result.stats["rows"] == 12 + 2 + 3
    assert (100.0, 100.0) in set(zip(result.rows["x"], result.rows["y"]))


def test_start_zero_and_counterclockwise():
    rs = load_ruleset()
    result = run(start=0)
    assert result.rows["label"].tolist()[:3] == ["0*", "1", "2"]
    cc = M.marine_settings(rs).replace(direction="counterclockwise")
    features, geoms = feature_table(FIXTURE)
    rows = M.number_points(features, geoms, cc, mht=MHT, urban=URBAN).rows
    # A counterclockwise from (0,100): down the west side first
    assert list(zip(rows["x"], rows["y"]))[1:5] == [(0, 100), (0, 60), (0, 40), (0, 0)]


def test_mar3_remark_switch(tmp_path):
    rows = [("MAR3", "residual_sea", "海洋資源地區其餘海域", "", box(-500, -500, -400, -400))]
    assert run(rows).rows["remark"].tolist()[0] == ""
    overlay = tmp_path / "mar3.yaml"
    overlay.write_text("switches:\n  marine_mar3_remark: true\n", encoding="utf-8")
    rs = load_ruleset([overlay])
    assert run(rows, rs=rs).rows["remark"].tolist()[0] == "海洋資源地區第3類"


def test_case_name_missing_uses_the_template_without_case():
    rows = [("MAR1_1", "protection_forest", "保安林", "", box(-500, -500, -400, -400))]
    assert run(rows).rows["remark"].tolist()[0] == "海洋資源地區第1類之1保安林"


def test_block_is_indicator_and_case_not_feature():
    two = [("MAR1_1", "protection_forest", "保安林", "", box(-500, -500, -400, -400)),
           ("MAR1_1", "protection_forest", "保安林", "", box(-200, -500, -100, -400))]
    rows = run(two).rows
    assert rows["block"].nunique() == 1 and (rows["remark"] != "").sum() == 1 and len(rows) == 8


# ------------------------------------------------------------------ the planner's order of the instances (Q4)
# 甲保護區 put before 丙礁區 (default: 丙 first, its centre x = -300 is further west). Worked out by hand: 甲 from
# (0,100) clockwise gets 1 … 4, the centre 5*, then 丁 and 乙 as before; 乙 relists 甲's junctions 4 and 3.
ORDERED = [
    ("1", 0, 100, "轉折點", REMARK_A),
    ("2", 0, 0, "轉折點", ""),
    ("3", 0, 40, "交界點", ""),
    ("4", 0, 60, "交界點", ""),
    ("5*", -300, 0, "圓心點", REMARK_C),
    ("6", 40, -140, "轉折點", REMARK_D),
    ("7", -50, 60, "轉折點", REMARK_B),
    ("4", 0, 60, "交界點", ""),
    ("8", 50, 60, "轉折點", ""),
    ("9", 50, 40, "轉折點", ""),
    ("3", 0, 40, "交界點", ""),
    ("10", -50, 40, "轉折點", ""),
]


def as_expected(rows):
    return [(label, float(x), float(y), ptype, remark) for label, x, y, ptype, remark in rows]


def test_instance_ids_name_indicator_and_case():
    assert M.instance_id("port_area", "MAR1_2", " 丁港 ") == "port_area:丁港"
    assert M.instance_id("protection_forest", "MAR1_1", None) == "protection_forest"
    assert M.instance_id("", "MAR2", "乙航道") == "MAR2:乙航道"  # CLASS_FIELD layers without indicator_id
    assert M.parse_order(" wildlife_refuge:甲保護區 ;\n\nartificial_reef ") == ("wildlife_refuge:甲保護區",
                                                                             "artificial_reef")
    assert M.parse_order(["a", " ", "b:案 1"]) == ("a", "b:案 1") and M.parse_order(None) == ()


@pytest.mark.parametrize("order", [["wildlife_refuge:甲保護區"], "wildlife_refuge:甲保護區",
                                   ["wildlife_refuge"], "wildlife_refuge:甲保護區; artificial_reef:丙礁區"])
def test_order_puts_an_instance_first_in_its_class(order):
    result = run(order=order)
    assert table(result) == as_expected(ORDERED)
    assert result.rows["block"].tolist() == [1, 1, 1, 1, 2, 3, 4, 4, 4, 4, 4, 4]


def test_order_keeps_the_class_order_and_unlisted_instances_follow():
    # 乙 (海2) listed first still comes after the 海1 classes; 丙 is not listed: after the listed 甲
    assert table(run(order=["navigation_channel:乙航道", "wildlife_refuge:甲保護區"])) == as_expected(ORDERED)
    # listing the default order gives the default table
    assert table(run(order=["artificial_reef:丙礁區", "wildlife_refuge:甲保護區"])) == as_expected(TRAVERSAL)


@pytest.mark.parametrize("order", [None, "", [], " ; \n"])
def test_no_order_is_the_default_numbering(order):
    default = run()
    result = run(order=order)
    pd.testing.assert_frame_equal(result.rows, default.rows)
    assert table(result) == as_expected(TRAVERSAL)


def test_strict_mode_orders_the_blocks_but_numbers_by_coordinates():
    rows = run(mode="strict", order=["wildlife_refuge:甲保護區"]).rows
    default = run(mode="strict").rows
    assert rows["case_name"].drop_duplicates().tolist() == ["甲保護區", "丙礁區", "丁港", "乙航道"]
    number_of = dict(zip(zip(default["x"], default["y"]), default["number"]))
    assert dict(zip(zip(rows["x"], rows["y"]), rows["number"])) == number_of


def test_order_naming_an_unknown_instance_is_refused_with_its_name():
    with pytest.raises(M.MarineInputError) as err:
        run(order=["wildlife_refuge:甲保護區", "artificial_reef:戊礁區"])
    for message in (err.value.message_zh, err.value.message_en):
        assert "artificial_reef:戊礁區" in message
        assert "artificial_reef:丙礁區" in message  # the closest and the list of instances
    assert "ORDER" in err.value.message_en
    with pytest.raises(M.MarineInputError) as err:
        run(order="port_area:丁港;port_area:丁港")
    assert "port_area:丁港" in err.value.message_en and "twice" in err.value.message_en


# ------------------------------------------------------------------------------------------------- round areas
def stadium(length, radius, quad_segs=16):
    return LineString([(0, 0), (length, 0)]).buffer(radius, quad_segs=quad_segs)


@pytest.mark.parametrize("geom, expected", [
    (Point(0, 0).buffer(1000, quad_segs=16), True),        # circle, 64 vertices
    (stadium(300, 320), True),                             # buffer of a short segment (demo county reef 3)
    (stadium(1600, 1000, quad_segs=8), True),              # axis ratio 1.6 (the longest Taoyuan reef)
    (stadium(2500, 1000), False),                          # axis ratio 2.5 > 2: a corridor, not round
    (box(0, 0, 100, 100), False),                          # square
    (Point(0, 0).buffer(100, quad_segs=1), False),         # 4-vertex "circle": too few vertices
    (Point(0, 0).buffer(100, quad_segs=16).difference(Point(0, 0).buffer(10)), False),  # ring with a hole
    (box(0, 0, 1000, 1000).buffer(1000, quad_segs=16), False),  # buffered square (澎南-type reef, deviates 0.14)
    (shapely.affinity.scale(Point(0, 0).buffer(100, quad_segs=16), 1.0, 0.6), False),   # ellipse 0.6 (0.15)
])
def test_round_test(geom, expected):
    fit = M.round_fit(np.array([geom], dtype=object), M.marine_settings(RS))
    assert bool(fit["is_round"].iloc[0]) is expected


def test_round_centre_is_the_segment_midpoint():
    geom = shapely.affinity.rotate(stadium(300, 320), 45, origin=(0, 0))
    fit = M.round_fit(np.array([geom], dtype=object), M.marine_settings(RS))
    mid = shapely.affinity.rotate(Point(150, 0), 45, origin=(0, 0))
    assert fit["centre_x"].iloc[0] == pytest.approx(mid.x, abs=1e-6)
    assert fit["centre_y"].iloc[0] == pytest.approx(mid.y, abs=1e-6)
    assert fit["radius"].iloc[0] == pytest.approx(320, rel=1e-3)


def test_round_centre_is_exact_at_projected_coordinates():
    geom = Point(251356.065, 2752756.065).buffer(320, quad_segs=16)  # TWD97-sized numbers
    fit = M.round_fit(np.array([geom], dtype=object), M.marine_settings(RS))
    assert (round(fit["centre_x"].iloc[0], 6), round(fit["centre_y"].iloc[0], 6)) == (251356.065, 2752756.065)


def test_round_can_be_forced_per_feature():
    rows = [("MAR1_1", "artificial_reef", "人工魚礁區及保護礁區", "方礁", box(-500, -500, -400, -400), True),
            ("MAR1_1", "artificial_reef", "人工魚礁區及保護礁區", "圓礁", Point(-800, 0).buffer(50), False)]
    result = run(rows)
    square = result.rows[result.rows["case_name"] == "方礁"]
    # the forced-false circle (westernmost block) lists its 64 vertices first; the forced square is one centre
    assert (result.rows["case_name"] == "圓礁").sum() == 64
    assert square["label"].tolist() == ["65*"] and (square["x"].iloc[0], square["y"].iloc[0]) == (-450, -450)


def test_round_area_crossing_is_a_junction_of_the_other_area_only():
    circle = Point(0, 0).buffer(100, quad_segs=16)
    lane = box(-300, -20, 300, 20)
    rows = [("MAR1_1", "artificial_reef", "人工魚礁區及保護礁區", "礁", circle),
            ("MAR2", "navigation_channel", "航道及其疏濬工程範圍", "航", lane)]
    result = run(rows, mht=None, urban=None)
    reef = result.rows[result.rows["case_name"] == "礁"]
    lane_rows = result.rows[result.rows["case_name"] == "航"]
    assert reef["label"].tolist() == ["1*"]
    junctions = lane_rows[lane_rows["point_type"] == "交界點"]
    assert len(junctions) == 4 and (junctions["class_junction"] == 1).all()
    assert np.allclose(np.hypot(junctions["x"], junctions["y"]), 100, atol=2.0)


# ------------------------------------------------------------------------------------------ corridors, sea clip
def test_line_indicator_becomes_a_corridor_of_the_rule_set_width():
    rows = [("MAR1_2", "submarine_cable", "海底電纜或管道設置範圍", "纜", LineString([(-1000, 0), (0, 0)]))]
    result = run(rows, mht=None, urban=None)
    half = M.marine_settings(RS).corridor_half_width
    assert sorted(zip(result.rows["x"], result.rows["y"])) == [(-1000, -half), (-1000, half), (0, -half), (0, half)]
    assert not result.pieces["is_round"].any()


def test_sea_area_clips_the_areas_and_drops_centres_outside():
    sea = box(-1000, -1000, 100, 1000)
    rows = [("MAR1_2", "port_area", "港區範圍", "港", box(50, 0, 150, 100)),
            ("MAR1_1", "artificial_reef", "人工魚礁區及保護礁區", "外礁", Point(-2000, 0).buffer(50))]
    result = run(rows, mht=None, urban=None, sea=sea)
    assert sorted(zip(result.rows["x"], result.rows["y"])) == [(50, 0), (50, 100), (100, 0), (100, 100)]
    assert result.dropped["rule_id"].tolist() == ["MAR-PT-OUTSIDE"]


def test_features_outside_the_sea_and_without_geometry_are_reported():
    rows = [("MAR1_2", "port_area", "港區範圍", "陸", box(500, 0, 600, 100)),
            ("MAR1_2", "port_area", "港區範圍", "空", None)]
    result = run(rows, mht=None, urban=None, sea=box(-1000, -1000, 100, 1000))
    assert len(result.rows) == 0
    assert sorted(result.skipped["fid"].tolist()) == [1, 2]
    assert all(result.skipped["reason"].str.len() > 0)


# ------------------------------------------------------------------------------------------- layer recognition
def test_layer_recognised_by_name_with_case_field_coalesced():
    attrs = pd.DataFrame({"PROTECTFAN": ["  永安(一)保護礁禁漁區  ", " "], "REEFNAME": ["", "觀音人工魚礁禁漁區"]},
                         index=[11, 12])
    settings_ = M.marine_settings(RS)
    table_, skipped, notes = M.features_from_layer("桃園市_人工魚礁及保護確區", attrs, RS, settings_)
    assert table_["class_code"].tolist() == ["MAR1_1", "MAR1_1"]
    assert table_["indicator_id"].tolist() == ["artificial_reef", "artificial_reef"]
    assert table_["case_name"].tolist() == ["永安(一)保護礁禁漁區", "觀音人工魚礁禁漁區"]
    assert table_["fid"].tolist() == [11, 12] and skipped.empty and notes == []


def test_shared_layer_split_by_the_indicators_attribute_filters():
    attrs = pd.DataFrame({"name": ["a", "b", "c", "d"], "Type": ["定置漁業權", "區劃漁業權", "專用漁業權", "其他"]})
    table_, skipped, _notes = M.features_from_layer("漁業權範圍-面", attrs, RS, M.marine_settings(RS))
    assert table_["indicator_id"].tolist() == ["set_net_fishery_right", "demarcated_fishery_right",
                                               "exclusive_fishery_right"]
    assert table_["class_code"].tolist() == ["MAR1_2", "MAR1_2", "MAR2"]
    assert skipped["fid"].tolist() == [3] and "其他" in skipped["reason"].iloc[0]


def test_class_field_layer_and_unknown_layer():
    settings_ = M.marine_settings(RS)
    attrs = pd.DataFrame({"class_code": ["MAR1_2", "海2", "CON1"], "indicator_id": ["port_area", "", ""],
                          "case_name": ["港", "", ""]})
    table_, skipped, _notes = M.features_from_layer("candidates", attrs, RS, settings_, class_field="class_code")
    assert table_["class_code"].tolist() == ["MAR1_2", "MAR2"]
    assert table_["indicator_name"].tolist() == ["港區範圍", ""]
    assert skipped["fid"].tolist() == [2]
    # a filtered indicator whose layer has none of the filter fields: every feature used, with a note
    table_, skipped, notes = M.features_from_layer("定置漁業權範圍", pd.DataFrame({"name": ["網"]}), RS, settings_)
    assert len(table_) == 1 and skipped.empty and len(notes) == 1 and "漁業權類別" in notes[0][0]
    with pytest.raises(M.MarineInputError) as err:
        M.features_from_layer("道路", pd.DataFrame({"a": [1]}), RS, settings_)
    assert "道路" in err.value.message_zh and "道路" in err.value.message_en


# -------------------------------------------------------------------------------------------------- map labels
def test_label_thinning_keeps_class_junctions_and_centres():
    rows = pd.DataFrame({
        "number": [1, 2, 3, 4, 4, 5],
        "x": [0.0, 10.0, 20.0, 30.0, 30.0, 1000.0],
        "y": [0.0] * 6,
        "class_junction": [0, 0, 0, 1, 1, 0],
        "rule_id": ["MAR-PT-TURN", "MAR-PT-CENTRE", "MAR-PT-TURN", "MAR-PT-JUNC", "MAR-PT-JUNC", "MAR-PT-TURN"],
    })
    visible = M.thin_labels(rows, spacing_m=25.0)
    # junction 4 and centre 2 first; 1 is 10 m from 2 → hidden; 3 is 10 m from 4 → hidden; 5 far → shown;
    # the second row of number 4 never carries a label
    assert visible.tolist() == [0, 1, 0, 1, 0, 1]


def test_print_scale_rounds_up_to_a_nice_scale():
    s = M.marine_settings(RS)
    assert M.print_scale(9_900, 5_000, s) == 50_000      # 9.9 km on a 390 mm frame needs 1:25,385
    assert M.print_scale(3_900, 2_000, s) == 10_000
    assert M.print_scale(60_000, 45_000, s) == 200_000


# ---------------------------------------------------------------------------------- properties (issue #11 idea)
rect = st.tuples(st.integers(-20, 15), st.integers(-20, 15), st.integers(1, 8), st.integers(1, 8),
                 st.sampled_from(["MAR1_1", "MAR1_2", "MAR2"]))


@settings(max_examples=60, deadline=None)
@given(st.lists(rect, min_size=1, max_size=6), st.sampled_from(["traversal", "strict"]))
def test_numbering_properties(rects, mode):
    rows = [(code, f"ind_{code}", "指標", f"案{i}", box(x * 10, y * 10, (x + w) * 10, (y + h) * 10))
            for i, (x, y, w, h, code) in enumerate(rects)]
    mht = LineString([(0, -1000), (0, 1000)])
    result = run(rows, mode=mode, mht=mht, urban=None)
    out = result.rows
    if out.empty:
        return
    # one coordinate per number, numbers consecutive from the start
    assert out.groupby("number")[["x", "y"]].nunique().max().max() == 1
    assert sorted(out["number"].unique()) == list(range(1, out["number"].nunique() + 1))
    # a point is listed at most once per indicator block
    assert not out.duplicated(["block", "number"]).any()
    # no listed point lies on the mean high tide line
    assert (np.abs(out["x"]) > M.marine_settings(RS).on_line_tolerance).all()
    # the remark is on the first row of each block only
    assert ((out["remark"] != "") == ~out["block"].duplicated()).all()


# ------------------------------------------------------------------------------------ the rule file marine.yaml
def test_marine_rules_are_loaded_and_overridable(tmp_path):
    assert RS.marine["remarks"]["MAR1_1"]["template"] == "{class_name}{indicator}({case})"
    overlay = tmp_path / "county.yaml"
    overlay.write_text("source: 測試縣 2026\nmarine:\n  tolerances:\n    on_line: 2.5\n", encoding="utf-8")
    rs = load_ruleset([overlay])
    assert M.marine_settings(rs).on_line_tolerance == 2.5
    assert M.marine_settings(rs).merge_tolerance == M.marine_settings(RS).merge_tolerance  # merged key by key
    local = {r.key: r for r in rs.local_rules}
    assert local["marine.tolerances.on_line"].value == 2.5 and local["marine.tolerances.on_line"].national_value == 1.0


@pytest.mark.parametrize("text, key", [
    ("marine:\n  round_test:\n    max_deviation_ratio: -1\n", "marine.round_test.max_deviation_ratio"),
    ("marine:\n  junctions:\n    between: everything\n", "marine.junctions.between"),
    ("marine:\n  remarks:\n    MAR2:\n      template: '{class_name}{nope}'\n", "marine.remarks.MAR2.template"),
    ("marine:\n  class_order:\n    value: [MAR1_1, MAR2]\n", "marine.class_order.value"),
    ("marine:\n  map:\n    label_spacing_cm: 2.0\n", "marine.map.label_spacing_cm"),
])
def test_marine_rule_errors_name_the_key(tmp_path, text, key):
    from twzoning.core.ruleset import RuleSetError

    overlay = tmp_path / "bad.yaml"
    overlay.write_text(text, encoding="utf-8")
    with pytest.raises(RuleSetError) as err:
        load_ruleset([overlay])
    assert err.value.key == key and err.value.file.endswith("bad.yaml") and err.value.line is not None
