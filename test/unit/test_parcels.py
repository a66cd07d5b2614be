"""Parcel assignment (界線決定, RULES.md §3; core/parcels.py) on hand-drawn parcels and zones.

Parcels are 100 m x 100 m squares (1 ha) unless said otherwise; the expected shares are the hand-computed ratios of
rectangle areas."""

from __future__ import annotations

import pandas as pd
import pytest
import shapely
from shapely.geometry import Polygon, box

from twzoning.core.parcels import (
    AssignmentError,
    apply_changes,
    assign_parcels,
    make_keys,
    parcel_table,
    rule_area,
)
from twzoning.core.ruleset import load_ruleset

RS = load_ruleset()


def attrs(n, **over):
    rows = []
    for i in range(n):
        row = {"county": "示範縣", "town": "海濱鄉", "office": "HB", "section": "0388", "section_name": "濱海段",
               "parcel_no": f"{i + 1:04d}-0000", "reg_area": 10000.0, "nu_zone": "一般農業區",
               "nu_landuse": "農牧用地", "owner_type": "私有"}
        row.update({k: (v[i] if isinstance(v, list) else v) for k, v in over.items()})
        rows.append(row)
    return pd.DataFrame(rows)


def squares(n):
    return [box(100 * i, 0, 100 * i + 100, 100) for i in range(n)]


def piece(result, key_no, code):
    df = result.pieces
    return df[(df["parcel_no"] == key_no) & (df["class_code"] == code)].iloc[0]


def overlay(tmp_path, text):
    path = tmp_path / "overlay.yaml"
    path.write_text(text, encoding="utf-8")
    return load_ruleset([path])


# ------------------------------------------------------------------------------------------------ follow / whole
def test_whole_parcel_keeps_the_zone_rule_and_split_parcel_follows_the_boundary():
    # zone CON1 covers x < 130: parcel 1 whole, parcel 2 split 30 % CON1 / 70 % AGR2
    zones = [box(130, 0, 200, 100), box(0, 0, 130, 100)]  # AGR2 listed first: the wording must still be canonical
    res = assign_parcels(squares(2), attrs(2), zones, ["AGR2", "CON1"], RS, zone_rules=["", "CON1-4"],
                         zone_reasons=["", "水庫蓄水範圍"])
    one = piece(res, "0001-0000", "CON1")
    assert (one["rule_id"], one["share"], one["is_split"]) == ("CON1-4", 1.0, 0)
    assert "水庫蓄水範圍" in one["reason"]
    a, b = piece(res, "0002-0000", "CON1"), piece(res, "0002-0000", "AGR2")
    assert (a["share"], b["share"]) == (0.3, 0.7)
    assert (a["piece_area"], b["piece_area"]) == (3000.0, 7000.0)
    assert a["rule_id"] == b["rule_id"] == "BND-FOLLOW" and a["is_split"] == b["is_split"] == 1
    table = res.parcels.set_index("parcel_no")
    assert table.loc["0002-0000", "class_wording"] == "部分國土保育地區第1類、部分農業發展地區第2類"
    assert table.loc["0002-0000", "class_codes"] == "CON1,AGR2"
    assert table.loc["0001-0000", "class_wording"] == "國土保育地區第1類"
    assert res.summary["split_parcels"] == 1 and res.summary["pieces"] == 3


def test_whole_parcel_without_zone_rule_is_bnd_whole_and_aliases_are_accepted():
    res = assign_parcels(squares(1), attrs(1), [box(-10, -10, 110, 110)], ["農業發展地區第2類"], RS)
    row = res.pieces.iloc[0]
    assert (row["class_code"], row["rule_id"], row["class_name"]) == ("AGR2", "BND-WHOLE", "農業發展地區第2類")


def test_three_classes_wording_in_canonical_order():
    zones = [box(0, 0, 30, 100), box(30, 0, 60, 100), box(60, 0, 100, 100)]
    res = assign_parcels(squares(1), attrs(1), zones, ["URB2_1", "AGR1", "CON2"], RS)
    assert res.parcels.iloc[0]["class_wording"] == "部分國土保育地區第2類、部分農業發展地區第1類、部分城鄉發展地區第2類之1"


# ------------------------------------------------------------------------------------------------ slivers
def test_sliver_below_tolerance_joins_the_piece_and_a_piece_at_the_tolerance_stays():
    # parcel 1: a 0.9 m² sliver of AGR2 (0.009 m x 100 m); parcel 2: exactly 1 m² (0.01 m x 100 m)
    zones = [box(0, 0, 99.991, 100).union(box(100, 0, 199.99, 100)), box(99.991, 0, 100, 100),
             box(199.99, 0, 200, 100)]
    res = assign_parcels(squares(2), attrs(2), zones, ["AGR1", "AGR2", "AGR2"], RS)
    first = res.pieces[res.pieces["parcel_no"] == "0001-0000"]
    assert first["class_code"].tolist() == ["AGR1"] and first["rule_id"].tolist() == ["BND-SLIVER"]
    assert first["share"].tolist() == [1.0]
    second = res.pieces[res.pieces["parcel_no"] == "0002-0000"]
    assert sorted(second["class_code"]) == ["AGR1", "AGR2"]
    assert piece(res, "0002-0000", "AGR2")["piece_area"] == 1.0
    assert res.summary["slivers_absorbed"] == 1


def test_sliver_tolerance_parameter_overrides_the_rule_set():
    zones = [box(0, 0, 98, 100), box(98, 0, 100, 100)]  # a 200 m² piece
    res = assign_parcels(squares(1), attrs(1), zones, ["AGR1", "AGR2"], RS, sliver_area=250.0)
    assert res.pieces["class_code"].tolist() == ["AGR1"]


# ------------------------------------------------------------------------------------------------ majority (Q8)
def test_majority_is_off_by_default():
    zones = [box(0, 0, 60, 100), box(60, 0, 100, 100)]
    res = assign_parcels(squares(1), attrs(1), zones, ["AGR1", "AGR2"], RS)
    assert res.summary["majority_rule"] is False and len(res.pieces) == 2


def test_majority_exactly_half_takes_the_parcel_and_tie_goes_to_precedence():
    # parcel 1: AGR2 50 % / AGR3 30 % / CON2 20 % -> AGR2 (exactly 50 %);
    # parcel 2: AGR1 50 % / AGR2 50 % -> tie -> AGR1, earlier in precedence (DECISIONS.md Q31)
    zones = [box(0, 0, 50, 100), box(50, 0, 80, 100), box(80, 0, 100, 100), box(100, 0, 150, 100),
             box(150, 0, 200, 100)]
    res = assign_parcels(squares(2), attrs(2), zones, ["AGR2", "AGR3", "CON2", "AGR1", "AGR2"], RS, majority=True)
    rows = res.pieces.set_index("parcel_no")
    assert rows.loc["0001-0000", "class_code"] == "AGR2" and rows.loc["0001-0000", "rule_id"] == "MAJ50"
    assert rows.loc["0002-0000", "class_code"] == "AGR1" and rows.loc["0002-0000", "rule_id"] == "MAJ50"
    assert rows.loc["0001-0000", "share"] == 1.0 and rows.loc["0001-0000", "piece_area"] == 10000.0
    assert "50.0%" in rows.loc["0001-0000", "reason"]
    assert res.summary["majority_parcels"] == 2


def test_majority_below_half_stays_split():
    # 49.99 % / 30.01 % / 20 %: no class reaches 50 %
    zones = [box(0, 0, 49.99, 100), box(49.99, 0, 80, 100), box(80, 0, 100, 100)]
    res = assign_parcels(squares(1), attrs(1), zones, ["AGR2", "AGR3", "CON2"], RS, majority=True)
    assert sorted(res.pieces["class_code"]) == ["AGR2", "AGR3", "CON2"]
    assert set(res.pieces["rule_id"]) == {"BND-FOLLOW"}


def test_majority_is_off_for_con1_by_default():
    zones = [box(0, 0, 70, 100), box(70, 0, 100, 100)]
    res = assign_parcels(squares(1), attrs(1), zones, ["AGR2", "CON1"], RS, majority=True)
    assert sorted(res.pieces["class_code"]) == ["AGR2", "CON1"]


def test_majority_tie_kept_split_by_switch_and_enabled_by_switch(tmp_path):
    rs = overlay(tmp_path, "switches: {majority_rule: true, majority_tie_break: keep_split}\nsource: test\n")
    zones = [box(0, 0, 50, 100), box(50, 0, 100, 100), box(100, 0, 160, 100), box(160, 0, 200, 100)]
    res = assign_parcels(squares(2), attrs(2), zones, ["AGR1", "AGR2", "AGR1", "AGR2"], rs)
    assert sorted(res.pieces.loc[res.pieces["parcel_no"] == "0001-0000", "class_code"]) == ["AGR1", "AGR2"]
    assert res.pieces.loc[res.pieces["parcel_no"] == "0002-0000", "class_code"].tolist() == ["AGR1"]


# ------------------------------------------------------------------------------------------------ overlaps, gaps
def test_overlapping_zones_resolved_by_precedence():
    # CON1 (decided before AGR1) and AGR1 both claim x 40..60
    zones = [box(0, 0, 60, 100), box(40, 0, 100, 100)]
    res = assign_parcels(squares(1), attrs(1), zones, ["AGR1", "CON1"], RS)
    assert piece(res, "0001-0000", "CON1")["share"] == 0.6
    assert piece(res, "0001-0000", "AGR1")["share"] == 0.4
    assert res.summary["overlap_parcels"] == 1


def test_uncovered_part_is_an_unzoned_piece():
    res = assign_parcels(squares(1), attrs(1), [box(0, 0, 75, 100)], ["AGR2"], RS)
    gap = piece(res, "0001-0000", "")
    assert (gap["rule_id"], gap["share"], gap["class_name"]) == ("BND-NOZONE", 0.25, "")
    assert res.parcels.iloc[0]["class_wording"] == "農業發展地區第2類"
    assert res.summary["unzoned_pieces"] == 1


# ------------------------------------------------------------------------------------------------ status
def test_status_sea_side_urban_plan_and_national_park():
    zones = [box(0, 0, 100, 100), box(100, 0, 200, 100), box(200, 0, 300, 100), box(300, 0, 400, 100)]
    res = assign_parcels(
        squares(4), attrs(4), zones, ["MAR3", "URB1", "CON3", "AGR2"], RS,
        urban_plans=[box(100, 0, 200, 100)], national_parks=[box(200, 0, 300, 100)], sea=[box(-50, -50, 100, 150)],
    )
    status = res.pieces.set_index("parcel_no")["status"].to_dict()
    assert status == {"0001-0000": "sea_side", "0002-0000": "urban_plan", "0003-0000": "national_park",
                      "0004-0000": "registrable"}
    assert "不列入" in res.pieces.iloc[0]["reason"]


def test_parcel_crossed_by_the_mean_high_tide_line_is_noted():
    line = shapely.LineString([(50, -10), (50, 110)])
    res = assign_parcels(squares(2), attrs(2), [box(0, 0, 200, 100)], ["AGR2"], RS, mht=[line])
    assert res.summary["mht_crossed_parcels"] == 1
    assert "平均高潮線" in piece(res, "0001-0000", "AGR2")["reason"]


# ------------------------------------------------------------------------------------------------ bad input
def test_duplicate_keys_invalid_geometries_and_unknown_classes_are_errors():
    with pytest.raises(AssignmentError) as err:
        assign_parcels(squares(2), attrs(2, parcel_no="0001-0000"), [box(0, 0, 200, 100)], ["AGR2"], RS)
    assert err.value.rows == [0, 1] and err.value.what == "key"
    bowtie = Polygon([(0, 0), (100, 100), (100, 0), (0, 100)])
    with pytest.raises(AssignmentError) as err:
        assign_parcels([bowtie], attrs(1), [box(0, 0, 200, 100)], ["AGR2"], RS)
    assert err.value.what == "parcel_invalid" and err.value.rows == [0]
    with pytest.raises(AssignmentError) as err:
        assign_parcels(squares(1), attrs(1), [box(0, 0, 200, 100)], ["農9"], RS)
    assert err.value.what == "class_code" and "農9" in str(err.value)


def test_unregistered_land_gets_a_unique_key():
    df = attrs(2, parcel_no=["", ""])
    assert make_keys(df, ids=[17, 18]).tolist() == ["HB|0388|#17", "HB|0388|#18"]


# ------------------------------------------------------------------------------------------------ later steps
def test_rule_area_registered_or_planar(tmp_path):
    zones = [box(0, 0, 30, 100), box(30, 0, 100, 100)]
    res = assign_parcels(squares(1), attrs(1, reg_area=10100.0), zones, ["CON1", "AGR2"], RS)
    assert sorted(rule_area(res.pieces, RS).tolist()) == [3030.0, 7070.0]  # 10100 x 0.3 / 0.7
    planar = overlay(tmp_path, "switches: {parcel_area_source: planar}\nsource: test\n")
    assert sorted(rule_area(res.pieces, planar).tolist()) == [3000.0, 7000.0]


def test_apply_changes_merges_the_pieces_of_a_parcel():
    zones = [box(0, 0, 30, 100), box(30, 0, 200, 100)]
    res = assign_parcels(squares(2), attrs(2), zones, ["CON1", "AGR2"], RS)
    change = pd.DataFrame([{"parcel_key": "HB|0388|0001-0000", "from_class": "CON1", "to_class": "AGR2",
                            "rule_id": "TEST-1", "reason": "測試", "reason_en": "test"}])
    out = apply_changes(res.pieces, change, RS)
    first = out[out["parcel_no"] == "0001-0000"]
    assert first["class_code"].tolist() == ["AGR2"] and first["is_split"].tolist() == [0]
    assert first["share"].tolist() == [1.0] and first["piece_area"].tolist() == [10000.0]
    assert first["rule_id"].tolist() == ["TEST-1"]
    assert first.iloc[0]["geometry"].area == pytest.approx(10000.0)
    table = parcel_table(out, RS)
    assert table.set_index("parcel_no").loc["0001-0000", "class_wording"] == "農業發展地區第2類"


def test_parcels_crossed_by_a_long_line_found_by_its_pieces():
    # the line is cut into short pieces for the tree query (county scale): same answer as the plain predicate
    import numpy as np
    import shapely

    from twzoning.core import parcels as P

    rng = np.random.default_rng(3)
    grid = np.array([shapely.box(x, y, x + 10, y + 10) for x in range(0, 1500, 10) for y in range(0, 300, 10)],
                    dtype=object)
    xs = np.linspace(0, 1500, 3000)
    ys = 150 + 100 * np.sin(xs / 50) + rng.normal(0, 3, len(xs))
    lines = np.array([shapely.linestrings(np.c_[xs, ys]),
                      shapely.multilinestrings([shapely.linestrings(np.c_[xs[:900], ys[:900] + 20]),
                                                shapely.linestrings(np.c_[xs[1500:], ys[1500:] - 20])])],
                     dtype=object)
    expected = np.zeros(len(grid), dtype=bool)
    expected[np.unique(shapely.STRtree(grid).query(lines, predicate="crosses")[1])] = True
    found = P._crossed_by(grid, lines)
    assert expected.sum() > 300
    assert (found == expected).all()
    assert len(P._line_pieces(lines)) > 3000 // 64
