"""Sporadic land (零星土地, RULES.md §4.0, §2.2, §3.7; core/sporadic.py) on hand-drawn parcel grids.

A grid is rows of 100 m x 100 m parcels; each cell names its class. Areas are the registered areas given (the
switch parcel_area_source = registered), so the threshold edges are exact: 「未達 2 公頃」 is < 20000 m²."""

from __future__ import annotations

import pandas as pd
import pytest
from shapely.geometry import box

from twzoning.core.decisions import decisions_from_frame
from twzoning.core.parcels import assign_parcels
from twzoning.core.ruleset import load_ruleset
from twzoning.core.sporadic import describe_threshold, find_sporadic

RS = load_ruleset()


def grid(rows, reg=None, owner=None, zone=None, use=None, rs=RS):
    """Assign a grid of 100 m squares; ``rows`` lists class codes row by row (north row first)."""
    geoms, recs, classes = [], [], []
    n_rows = len(rows)
    for r, line in enumerate(rows):
        for c, code in enumerate(line.split()):
            k = len(geoms)
            geoms.append(box(100 * c, 100 * (n_rows - 1 - r), 100 * c + 100, 100 * (n_rows - r)))
            classes.append(code)
            recs.append({"county": "示範縣", "town": "海濱鄉", "office": "HB", "section": "0388",
                         "section_name": "濱海段", "parcel_no": f"{k + 1:04d}-0000",
                         "reg_area": (reg or {}).get(k + 1, 10000.0),
                         "nu_zone": (zone or {}).get(k + 1, "一般農業區"),
                         "nu_landuse": (use or {}).get(k + 1, "農牧用地"),
                         "owner_type": (owner or {}).get(k + 1, "公有")})
    return assign_parcels(geoms, pd.DataFrame(recs), geoms, classes, rs).pieces


def cands(result, rule=None):
    df = result.candidates
    return df if rule is None else df[df["rule_id"] == rule]


def nos(df):
    return sorted(df["parcel_no"].str[:4].astype(int))


RING = ["CON1 CON1 CON1", "CON1 AGR2 CON1", "CON1 CON1 CON1"]


# ------------------------------------------------------------------------------------------------ 國1 < 2 ha
@pytest.mark.parametrize("area, found", [(19999.99, True), (20000.0, False)])
def test_con1_sporadic_land_threshold_edge(area, found):
    res = find_sporadic(grid(RING, reg={5: area}), RS)
    hit = cands(res, "CON1-SPOR")
    assert (len(hit) == 1) is found
    if found:
        row = hit.iloc[0]
        assert (row["parcel_no"], row["from_class"], row["to_class"]) == ("0005-0000", "AGR2", "CON1")
        assert (row["decision"], row["decided_by"], row["response_id"], row["discussion"]) == \
            ("proposed", "rule", "4(1)", 0)
        assert row["response"] == "（1）屬零星土地納入，符合通案性原則"
        assert "未達 2 公頃" in row["reason"] and row["reason_en"]
        # proposed only: the output keeps the class until the planner accepts
        assert res.pieces.set_index("parcel_no").loc["0005-0000", "class_code"] == "AGR2"


def test_land_touching_the_map_edge_is_not_enclosed():
    rows = ["CON1 AGR2 CON1", "CON1 CON1 CON1"]
    assert cands(find_sporadic(grid(rows), RS)).empty


def test_land_between_two_classes_is_not_enclosed_by_one():
    rows = ["CON1 CON1 AGR1", "CON1 AGR2 AGR1", "CON1 CON1 AGR1"]
    assert cands(find_sporadic(grid(rows), RS)).empty


def test_a_patch_of_two_parcels_counts_its_total_area():
    rows = ["CON2 CON2 CON2 CON2", "CON2 AGR2 AGR2 CON2", "CON2 CON2 CON2 CON2"]
    found = cands(find_sporadic(grid(rows, reg={6: 9999.99, 7: 9999.99}), RS), "SPOR-IN")
    assert nos(found) == [6, 7] and set(found["group_area_m2"]) == {19999.98}
    assert set(found["to_class"]) == {"CON2"}
    assert cands(find_sporadic(grid(rows, reg={6: 10000.0, 7: 10000.0}), RS), "SPOR-IN").empty


# ------------------------------------------------------------------------------------------------ 農2 in 農1 (§2.2)
def test_agr2_under_2_ha_in_agr1_is_proposed_and_from_2_ha_is_flagged():
    ring = ["AGR1 AGR1 AGR1", "AGR1 AGR2 AGR1", "AGR1 AGR1 AGR1"]
    small = find_sporadic(grid(ring, reg={5: 19999.99}), RS)
    assert cands(small)["rule_id"].tolist() == ["AGR2-IN-AGR1"]  # the specific rule, not SPOR-IN
    big = find_sporadic(grid(ring, reg={5: 20000.0}), RS)
    row = cands(big).iloc[0]
    assert (row["rule_id"], row["decision"], row["to_class"]) == ("AGR2-BIG-IN-AGR1", "flagged", "")
    assert row["discussion"] == 1


# ------------------------------------------------------------------------------------------------ 國1 private (CON1-PRIV)
def test_private_sporadic_land_in_con1_is_flagged():
    res = find_sporadic(grid(RING, owner={5: "私有"}, reg={5: 15000.0}), RS)
    assert sorted(cands(res)["rule_id"]) == ["CON1-PRIV", "CON1-SPOR"]
    flag = cands(res, "CON1-PRIV").iloc[0]
    assert flag["decision"] == "flagged" and "不劃設" in flag["reason"]
    public = find_sporadic(grid(RING, reg={5: 15000.0}), RS)
    assert cands(public, "CON1-PRIV").empty


# ------------------------------------------------------------------------------------------------ decisions
def test_decisions_accept_refuse_and_apply_proposed():
    rows = ["AGR1 AGR1 AGR1 AGR1 AGR1", "AGR1 AGR2 AGR1 AGR2 AGR1", "AGR1 AGR1 AGR1 AGR1 AGR1"]
    pieces = grid(rows, reg={7: 5000.0, 9: 5000.0})
    table = decisions_from_frame(pd.DataFrame([
        {"parcel_key": "HB|0388|0007-0000", "rule_id": "AGR2-IN-AGR1", "planner_decision": "同意", "comment": "完整性"},
        {"parcel_key": "HB|0388|0009-0000", "rule_id": "", "planner_decision": "refused", "comment": ""},
    ]))
    res = find_sporadic(pieces, RS, table)
    by_no = cands(res).set_index("parcel_no")
    assert by_no.loc["0007-0000", "decision"] == "accepted" and by_no.loc["0007-0000", "decided_by"] == "DECISIONS"
    assert by_no.loc["0007-0000", "comment"] == "完整性"
    assert by_no.loc["0009-0000", "decision"] == "refused"
    out = res.pieces.set_index("parcel_no")
    assert out.loc["0007-0000", "class_code"] == "AGR1" and out.loc["0007-0000", "rule_id"] == "AGR2-IN-AGR1"
    assert out.loc["0009-0000", "class_code"] == "AGR2"
    # with APPLY_PROPOSED an unanswered proposal counts as accepted; the refusal still holds
    again = find_sporadic(pieces, RS, decisions_from_frame(table.rows.rename(columns={"decision": "planner_decision"})),
                          apply_proposed=True)
    assert again.pieces.set_index("parcel_no").loc["0009-0000", "class_code"] == "AGR2"
    plain = find_sporadic(pieces, RS, apply_proposed=True)
    out = plain.pieces.set_index("parcel_no")
    assert out.loc["0007-0000", "class_code"] == out.loc["0009-0000", "class_code"] == "AGR1"
    assert set(cands(plain)["decided_by"]) == {"APPLY_PROPOSED"}


def test_same_decisions_give_the_same_result():
    pieces = grid(RING, reg={5: 12000.0})
    table = decisions_from_frame(pd.DataFrame([{"parcel_key": "HB|0388|0005-0000", "planner_decision": "accepted"}]))
    a = find_sporadic(pieces, RS, table)
    b = find_sporadic(pieces, RS, table)
    pd.testing.assert_frame_equal(a.candidates.drop(columns=["geometry"]), b.candidates.drop(columns=["geometry"]))
    pd.testing.assert_frame_equal(a.pieces.drop(columns=["geometry"]), b.pieces.drop(columns=["geometry"]))


# ------------------------------------------------------------------------------------------------ left to the units
def test_land_enclosed_by_a_rural_district_is_left_to_the_units():
    rows = ["AGR4 AGR4 AGR4", "AGR4 AGR2 AGR4", "AGR4 AGR4 AGR4"]
    zone = {k: "鄉村區" for k in (1, 2, 3, 4, 6, 7, 8, 9)}
    use = {k: "乙種建築用地" for k in zone}
    assert cands(find_sporadic(grid(rows, zone=zone, use=use), RS)).empty


# ------------------------------------------------------------------------------------------------ FARM-SPLIT (§3.7)
def _split(fraction, use="農牧用地"):
    geoms = [box(0, 0, 100, 100)]
    recs = pd.DataFrame([{"county": "示範縣", "town": "海濱鄉", "office": "HB", "section": "0388",
                          "section_name": "濱海段", "parcel_no": "0001-0000", "reg_area": 10000.0,
                          "nu_zone": "一般農業區", "nu_landuse": use, "owner_type": "私有"}])
    cut = 100 * fraction
    zones = [box(0, 0, cut, 100), box(cut, 0, 100, 100)]
    return assign_parcels(geoms, recs, zones, ["CON1", "AGR2"], RS).pieces


@pytest.mark.parametrize("fraction, flagged", [(0.2499, True), (0.25, False)])
def test_farmland_split_piece_threshold_edge(fraction, flagged):
    res = find_sporadic(_split(fraction), RS)
    hit = cands(res, "FARM-SPLIT")
    assert (len(hit) == 1) is flagged
    if flagged:
        row = hit.iloc[0]
        assert (row["from_class"], row["area_m2"], row["decision"], row["discussion"]) == ("CON1", 2499.0, "flagged", 0)
        assert "0.25 公頃" in row["reason"]


def test_split_forest_land_is_not_farmland():
    assert cands(find_sporadic(_split(0.1, use="林業用地"), RS), "FARM-SPLIT").empty


# ------------------------------------------------------------------------------------------------ local rules
def test_a_changed_threshold_makes_the_candidate_a_local_rule(tmp_path):
    path = tmp_path / "county.yaml"
    path.write_text("thresholds: {con1_sporadic_max_area: 30000}\nsource: 示範縣國土計畫\n", encoding="utf-8")
    rs = load_ruleset([path])
    res = find_sporadic(grid(RING, reg={5: 25000.0}, rs=rs), rs)
    row = cands(res, "CON1-SPOR").iloc[0]
    assert (row["scope"], row["response_id"], row["discussion"]) == ("因地制宜", "5", 1)
    assert row["response"].startswith("屬直轄市、縣（市）因地制宜劃設方式")


def test_describe_threshold_wording():
    th = RS.threshold("con1_sporadic_max_area")
    assert describe_threshold(th, 19999.0)[0] == "符合「未達 2 公頃」"
    assert describe_threshold(th, 20000.0)[0] == "不符「未達 2 公頃」"
    assert describe_threshold(RS.threshold("rdu_sporadic_max_area"), 10000.0)[0] == "符合「1 公頃 以下」"


def test_bad_input_is_refused():
    pieces = grid(RING).drop(columns=["class_code"])
    with pytest.raises(ValueError, match="class_code"):
        find_sporadic(pieces, RS)


# ------------------------------------------------------------------------------------------------ DECISIONS table
def test_read_decisions_csv_with_bom_and_key_columns(tmp_path):
    from twzoning.core.decisions import read_decisions

    path = tmp_path / "d.csv"
    path.write_text("office,section,parcel_no,rule_id,decision,comment\n"
                    "HB,0388,0005-0000,CON1-SPOR,同意,完整性\nHB,0388,0006-0000,,,\n", encoding="utf-8-sig")
    table = read_decisions(path)
    assert len(table) == 1  # an empty decision is no answer
    assert table.lookup("HB|0388|0005-0000", "CON1-SPOR") == ("accepted", "完整性")
    assert table.lookup("HB|0388|0005-0000", "SPOR-IN") is None  # the row names another rule
    assert table.unused().empty


@pytest.mark.parametrize("text, message", [
    ("parcel_key,planner_decision\nHB|0388|0005-0000,maybe\n", "row 1, column planner_decision: unknown decision"),
    ("parcel_key,planner_decision\nHB|0388|0005-0000,accepted\nHB|0388|0005-0000,refused\n", "contradicting"),
    ("key,planner_decision\nx,accepted\n", "no parcel_key column"),
])
def test_bad_decisions_tables_name_the_row(tmp_path, text, message):
    from twzoning.core.decisions import DecisionsError, read_decisions

    path = tmp_path / "d.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DecisionsError, match=message):
        read_decisions(path)


def test_candidate_workbook_is_a_decisions_table(tmp_path):
    from twzoning.core.decisions import read_decisions, write_workbook

    res = find_sporadic(grid(RING, reg={5: 15000.0}), RS)
    frame = res.candidates.drop(columns=["geometry"]).copy()
    frame.loc[0, "planner_decision"] = "refused"
    path = tmp_path / "c.xlsx"
    write_workbook(path, [("candidates", frame)], ["README line"])
    table = read_decisions(path)
    assert table.lookup("HB|0388|0005-0000", "CON1-SPOR") == ("refused", "")
    assert find_sporadic(grid(RING, reg={5: 15000.0}), RS, table).candidates.iloc[0]["decision"] == "refused"
