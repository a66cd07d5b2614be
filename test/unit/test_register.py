"""The land register (使用地土地清冊, RULES.md §6): columns, fill rules, remarks, provisional numbers, scope, files.

Expected values are written from RULES.md §6 / register.yaml by hand; the pieces are built here.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile

import numpy as np
import pandas as pd
import pytest
import shapely
from openpyxl import load_workbook

from twzoning.core import register as R
from twzoning.core.ruleset import RuleSetError, load_ruleset

PRODUCED = dt.datetime(2025, 11, 24, 14, 5)


@pytest.fixture(scope="module")
def rules():
    return load_ruleset()


def box(x, y, w=10.0, h=10.0):
    return shapely.box(x, y, x + w, y + h)


def piece(parcel_no="0001-0000", cls="AGR2", *, office="HB", section="0388", town="海濱鄉", area=100.0,
          zone="一般農業區", use="農牧用地", status="registrable", registered=1, rule_id="BND-FOLLOW",
          class_name=None, **extra):
    row = dict(county="示範縣", town=town, office=office, section=section, section_name="濱海段",
               parcel_no=parcel_no, reg_area=area, nu_zone=zone, nu_landuse=use, owner_type="私有",
               registered=registered, class_code=cls, class_name=class_name or "", status=status, rule_id=rule_id)
    row.update(extra)
    return row


def build(rows, geoms=None, rules=None, **kw):
    rules = rules or load_ruleset()
    geo = None if geoms is None else np.array(geoms, dtype=object)
    return R.build_register(pd.DataFrame(rows), rules, geo, **kw)


def overlay(tmp_path, text, name="overlay.yaml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return load_ruleset([path])


# ------------------------------------------------------------------------------------------------ headers (§6.1)
def test_two_row_header_and_flattened_names_are_the_legal_format(rules):
    top, bottom, flat = R.register_headers(rules)
    assert top == ["直轄市、縣（市）名稱", "鄉（鎮、市、區）名稱", "地政事務所代碼", "地段代碼（或編號）", "地段名稱",
                   "地號（或編號）", "面積（平方公尺）", "繪製或檢討變更前", "繪製或檢討變更前", "繪製或檢討變更後",
                   "繪製或檢討變更後", "備註"]
    assert bottom == ["", "", "", "", "", "", "", "國土功能分區及其分類", "使用地編定類別", "國土功能分區及其分類",
                      "使用地編定類別", ""]
    assert flat[7:11] == ["繪製或檢討變更前國土功能分區及其分類", "繪製或檢討變更前使用地編定類別",
                          "繪製或檢討變更後國土功能分區及其分類", "繪製或檢討變更後使用地編定類別"]


def test_worked_example_of_the_manual(rules):
    """圖34 (001_f01d2a00176af413.txt:1450): 雲林縣 古坑鄉 PA 0038 大湖底 0214-0020 1.03 山坡地保育區 農牧用地 農3."""
    row = piece("0214-0020", "AGR3", office="PA", section="0038", town="古坑鄉", area=1.03, zone="山坡地保育區")
    row.update(county="雲林縣", section_name="大湖底")
    reg = build([row])
    assert R.register_cells(reg, rules) == [[
        "雲林縣", "古坑鄉", "PA", "0038", "大湖底", "0214-0020", "1.03", "山坡地保育區", "農牧用地",
        "農業發展地區第3類", "", "屬原依區域計畫法編定之農牧用地",
    ]]


# ------------------------------------------------------------------------------------------------ fill rules (§6.2)
def test_split_parcel_lists_parts_in_canonical_order_whatever_the_piece_order():
    reg = build([piece("0001-0000", "CON2"), piece("0001-0000", "CON1"), piece("0001-0000", "CON2")])
    row = reg.listed.iloc[0]
    assert row["after_class"] == "部分國土保育地區第1類、部分國土保育地區第2類"
    assert row["class_codes"] == "CON1,CON2" and row["piece_count"] == 3


def test_indigenous_variant_from_the_class_name():
    reg = build([piece("0001-0000", "AGR4", class_name="農4(原)", use="甲種建築用地")])
    row = reg.listed.iloc[0]
    assert row["after_class"] == "農業發展地區第4類（原）"
    assert row["remark"] == "1. 屬原住民族聚落之農業發展地區第4類之土地 2. 屬原依區域計畫法編定之甲種建築用地"


def test_area_is_the_registered_area_with_two_decimals_not_the_geometry():
    reg = build([piece("0001-0000", area=1234.5)], geoms=[box(0, 0, 3, 3)])
    assert reg.listed.iloc[0]["reg_area"] == "1234.50"


def test_no_landuse_means_no_landuse_remark():
    reg = build([piece("0001-0000", use="")])
    assert reg.listed.iloc[0]["remark"] == ""


def test_urb22_sporadic_remark_needs_the_rule_id():
    with_rule = build([piece("0001-0000", "URB2_2", rule_id="URB22-MIX", use="")]).listed.iloc[0]
    without = build([piece("0001-0000", "URB2_2", use="")]).listed.iloc[0]
    assert with_rule["remark"] == "屬劃入城鄉發展地區第2類之2之零星夾雜土地"
    assert without["remark"] == ""


def test_incentive_industrial_remark_reads_an_optional_field():
    reg = build([piece("0001-0000", use="丁種建築用地", incentive_industrial=1),
                 piece("0002-0000", use="丁種建築用地", incentive_industrial=0)])
    by_no = reg.listed.set_index("parcel_no")["remark"]
    assert by_no["0001-0000"] == "1. 依原獎勵投資條例編定之工業區土地 2. 屬原依區域計畫法編定之丁種建築用地"
    assert by_no["0002-0000"] == "屬原依區域計畫法編定之丁種建築用地"


# ------------------------------------------------------------------------------------------------ 國土保育用地
def test_no_conservation_land_by_default_existing_buildable_land_is_kept():
    reg = build([piece("0001-0000", "CON1", use="丁種建築用地")])
    assert reg.listed.iloc[0]["after_landuse"] == ""
    assert reg.listed.iloc[0]["rule_id"] == "REG-ROW"


def test_a_county_designation_turns_buildable_land_of_its_classes_into_conservation_land(tmp_path):
    rules = overlay(tmp_path, "register:\n  conservation_land:\n    designations:\n      CLU-BUILD:\n"
                              "        classes: [CON1]\n")
    assert rules.is_local("register.conservation_land.designations.CLU-BUILD.classes")
    reg = build([piece("0001-0000", "CON1", use="丁種建築用地"), piece("0002-0000", "CON1", use="林業用地"),
                 piece("0003-0000", "CON2", use="丁種建築用地")], rules=rules)
    by_no = reg.listed.set_index("parcel_no")
    assert by_no.loc["0001-0000", "after_landuse"] == "國土保育用地"
    assert by_no.loc["0001-0000", "rule_id"] == "REG-ROW,CLU-BUILD"
    assert "國土保育用地" in by_no.loc["0001-0000", "reason"]
    assert by_no.loc["0002-0000", "after_landuse"] == ""  # not buildable
    assert by_no.loc["0003-0000", "after_landuse"] == ""  # not a listed class


def test_the_assessment_field_wins_over_the_designations(tmp_path):
    rules = overlay(tmp_path, "register:\n  conservation_land:\n    designations:\n      CLU-BUILD:\n"
                              "        classes: [CON1]\n")
    reg = build([piece("0001-0000", "CON1", use="丁種建築用地", assessed=0),
                 piece("0002-0000", "AGR2", use="遊憩用地", assessed=1),
                 piece("0003-0000", "AGR2", use="林業用地", assessed=1)],
                rules=rules, conservation_field="assessed")
    by_no = reg.listed.set_index("parcel_no")
    assert by_no.loc["0001-0000", "after_landuse"] == "" and by_no.loc["0001-0000", "rule_id"].endswith("CLU-KEPT")
    assert by_no.loc["0002-0000", "after_landuse"] == "國土保育用地"
    assert by_no.loc["0002-0000", "rule_id"] == "REG-ROW,CLU-DECIDED"
    assert len(reg.warnings) == 1 and "林業用地" in reg.warnings[0]  # neither buildable nor agriculture


def test_unknown_assessment_field_is_an_input_error():
    with pytest.raises(R.InputError, match="assessed"):
        build([piece()], conservation_field="assessed")


# ------------------------------------------------------------------------------------------------ scope (§6.6)
def test_urban_plan_and_national_park_parcels_are_not_listed_but_kept_in_the_table():
    reg = build([piece("0001-0000", "URB1", status="urban_plan"), piece("0002-0000", "CON3", status="national_park"),
                 piece("0003-0000")])
    assert list(reg.listed["parcel_no"]) == ["0003-0000"]
    excluded = reg.rows[reg.rows["in_register"] == 0]
    assert sorted(excluded["parcel_no"]) == ["0001-0000", "0002-0000"]
    assert set(excluded["rule_id"]) == {"REG-EXCL"}


def test_partly_excluded_parcel_keeps_its_row_with_a_remark():
    reg = build([piece("0001-0000", "AGR1"), piece("0001-0000", "URB1", status="urban_plan")])
    row = reg.listed.iloc[0]
    assert row["after_class"] == "部分農業發展地區第1類、部分城鄉發展地區第1類"
    assert row["remark"] == ("1. 屬原依區域計畫法編定之農牧用地 2. 部分土地位於都市計畫或國家公園計畫範圍，"
                             "該部分無須編定使用地")


def test_partial_wording_can_list_only_the_registrable_classes(tmp_path):
    rules = overlay(tmp_path, "register:\n  scope:\n    partial_classes: registrable_pieces\n")
    reg = build([piece("0001-0000", "AGR1"), piece("0001-0000", "URB1", status="urban_plan")], rules=rules)
    assert reg.listed.iloc[0]["after_class"] == "農業發展地區第1類"


# ------------------------------------------------------------------------------------------------ provisional numbers
def test_unregistered_land_is_numbered_north_to_south_and_grouped_by_shared_edges():
    rows = [piece("", "CON1", area=0.0, registered=0, use="", zone=""),   # south strip
            piece("", "CON1", area=0.0, registered=0, use="", zone=""),   # north strip, west half
            piece("", "AGR2", area=0.0, registered=0, use="", zone=""),   # north strip, east half (shares an edge)
            piece("", "CON1", area=0.0, registered=0, use="", zone="", section="0389")]
    geoms = [box(0, 0, 20, 80), box(0, 300, 20, 100), box(20, 350, 20, 50), box(500, 0, 10, 10)]
    reg = build(rows, geoms)
    listed = reg.listed.set_index("parcel_key")
    assert list(reg.listed["parcel_key"]) == ["HB|0388|暫0001", "HB|0388|暫0002", "HB|0389|暫0001"]
    assert listed.loc["HB|0388|暫0001", "after_class"] == "部分國土保育地區第1類、部分農業發展地區第2類"
    assert listed.loc["HB|0388|暫0001", "reg_area"] == "3000.00"   # 2000 + 1000 m², computed (no 謄本)
    assert listed.loc["HB|0388|暫0002", "reg_area"] == "1600.00"
    assert listed.loc["HB|0388|暫0001", "remark"] == "未登錄地暫予編號，面積依圖形計算"
    assert set(reg.listed["rule_id"]) == {"REG-PROV"} and set(reg.listed["provisional"]) == {1}


def test_provisional_numbers_skip_numbers_already_given_and_keep_them():
    rows = [piece("暫0001", "CON1", area=0.0, registered=0, use=""), piece("", "CON1", area=0.0, registered=0, use="")]
    reg = build(rows, [box(0, 0), box(100, 0)])
    assert sorted(reg.listed["parcel_no"]) == ["暫0001", "暫0002"]
    assert list(reg.listed.sort_values("parcel_no")["provisional"]) == [0, 1]


def test_provisional_scheme_and_area_policy_are_rules(tmp_path):
    rules = overlay(tmp_path, 'register:\n  provisional:\n    parcel_no: "P{n:03}"\n    start: 7\n    area: blank\n')
    reg = build([piece("", "CON1", area=0.0, registered=0, use="")], [box(0, 0)], rules=rules)
    row = reg.listed.iloc[0]
    assert row["parcel_no"] == "P007" and row["reg_area"] == ""


# ------------------------------------------------------------------------------------------------ bad input
def test_missing_fields_are_named():
    with pytest.raises(R.InputError, match="class_code"):
        R.build_register(pd.DataFrame([{"county": "示範縣"}]), load_ruleset())


def test_unknown_class_code_is_refused():
    with pytest.raises(R.InputError, match="XYZ"):
        build([piece(cls="XYZ")])


def test_registered_parcel_without_area_is_refused():
    with pytest.raises(R.InputError, match="reg_area"):
        build([piece(area=None)])


def test_missing_section_name_is_refused():
    row = piece()
    row["section_name"] = " "
    with pytest.raises(R.InputError, match="section_name"):
        build([row])


# ------------------------------------------------------------------------------------------------ order, files
def test_rows_are_sorted_by_town_office_section_parcel_number_and_repeatable(rules):
    rows = [piece("0002-0000"), piece("0010-0000", town="山腳鄉", office="HC", section="0457"),
            piece("0001-0000"), piece("0001-0000", office="HA")]
    a = R.csv_bytes(build(rows), rules, "footer")
    b = R.csv_bytes(build(list(reversed(rows))), rules, "footer")
    assert a == b
    keys = [r["parcel_key"] for _i, r in build(rows).listed.iterrows()]
    assert keys == ["HC|0457|0010-0000", "HA|0388|0001-0000", "HB|0388|0001-0000", "HB|0388|0002-0000"]


def test_csv_has_bom_crlf_flat_header_and_the_footer_bottom_right(rules):
    data = R.csv_bytes(build([piece()]), rules, "地籍資料來源：X（版本：Y）；產製時間：Z")
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    assert text.endswith("\r\n")
    table = list(csv.reader(io.StringIO(text)))
    assert table[0][0] == "直轄市、縣（市）名稱" and len(table[0]) == 12
    assert table[-1] == [""] * 11 + ["地籍資料來源：X（版本：Y）；產製時間：Z"]


def test_big5_encodes_the_register_and_names_a_character_it_cannot_hold(rules):
    data = R.csv_bytes(build([piece()]), rules, "footer", encoding="cp950")
    assert "直轄市、縣（市）名稱".encode("cp950") in data
    row = piece()
    row["section_name"] = "𠀀段"
    with pytest.raises(R.EncodingProblem) as err:
        R.csv_bytes(build([row]), rules, "footer", encoding="cp950")
    assert err.value.row == 2 and err.value.column == "地段名稱" and err.value.char == "𠀀"
    assert "U+20000" in str(err.value)


def test_footer_uses_the_roc_date_time(rules):
    assert R.footer_text(rules, "示範縣地政處", "2025-10-01", PRODUCED) == (
        "地籍資料來源：示範縣地政處（版本：2025-10-01）；產製時間：民國114年11月24日 14:05")


def test_xlsx_has_the_two_row_header_merged_groups_and_footer(tmp_path, rules):
    path = tmp_path / "r.xlsx"
    assert R.write_xlsx(str(path), build([piece("0001-0000"), piece("0002-0000")]), rules, "FOOT", PRODUCED) == 1
    ws = load_workbook(path).active
    assert ws.title == "使用地土地清冊"
    assert ws["H1"].value == "繪製或檢討變更前" and ws["H2"].value == "國土功能分區及其分類"
    assert ws["J1"].value == "繪製或檢討變更後" and ws["K2"].value == "使用地編定類別"
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert {"A1:A2", "G1:G2", "H1:I1", "J1:K1", "L1:L2"} <= merged
    assert ws["F3"].value == "0001-0000" and ws["F4"].value == "0002-0000"
    assert ws["L5"].value == "FOOT" and ws["L5"].alignment.horizontal == "right"


def test_xlsx_continues_on_a_new_sheet_at_the_row_limit_and_is_reproducible(tmp_path, rules):
    reg = build([piece(f"{n:04d}-0000") for n in range(1, 26)])
    first, second = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    assert R.write_xlsx(str(first), reg, rules, "FOOT", PRODUCED, max_rows=13) == 3
    R.write_xlsx(str(second), reg, rules, "FOOT", PRODUCED, max_rows=13)
    assert first.read_bytes() == second.read_bytes()
    wb = load_workbook(first)
    assert wb.sheetnames == ["使用地土地清冊", "使用地土地清冊2", "使用地土地清冊3"]
    numbers = [c.value for ws in wb for c in ws["F"][2:] if c.value]
    assert numbers == [f"{n:04d}-0000" for n in range(1, 26)]
    assert wb["使用地土地清冊3"].max_row == 2 + 5 + 1
    with zipfile.ZipFile(first) as z:
        assert {i.date_time[:3] for i in z.infolist()} == {(2025, 11, 24)}


# ------------------------------------------------------------------------------------------------ dates
def test_roc_dates(rules):
    day = dt.date(2025, 4, 30)
    assert R.roc_date(day, rules, "long") == "民國114年4月30日"
    assert R.roc_date(day, rules, "short") == "114/04/30"
    assert R.roc_date(day, rules, "certificate") == "114 年 04 月 30 日"


def test_production_time_parameter_then_source_date_epoch_then_now():
    assert R.produced_time("2025-11-24T14:05", {}) == PRODUCED
    assert R.produced_time("", {"SOURCE_DATE_EPOCH": "1763964300"}) == PRODUCED  # 06:05 UTC = 14:05 in Taiwan
    now = dt.datetime(2030, 1, 2, 3, 4, 5)
    assert R.produced_time(None, {}, now=now) == dt.datetime(2030, 1, 2, 3, 4)
    with pytest.raises(R.InputError):
        R.produced_time("yesterday", {})


# ------------------------------------------------------------------------------------------------ the rule file
def test_a_template_with_an_unknown_placeholder_is_refused(tmp_path):
    with pytest.raises(RuleSetError) as err:
        overlay(tmp_path, "register:\n  footer:\n    template: '來源：{sauce}'\n")
    assert err.value.key == "register.footer.template" and err.value.line == 3


def test_a_remark_naming_an_unknown_class_is_refused(tmp_path):
    with pytest.raises(RuleSetError, match="XYZ"):
        overlay(tmp_path, "register:\n  remarks:\n    items:\n      REM-9:\n        text: 屬{class:XYZ}\n"
                          "        when: {landuse: true}\n        status: CONFIG\n        source: test\n")


def test_a_designation_with_an_unknown_land_use_is_refused(tmp_path):
    with pytest.raises(RuleSetError, match="草地"):
        overlay(tmp_path, "register:\n  conservation_land:\n    designations:\n      CLU-BUILD:\n"
                          "        land_uses: [草地]\n")


def test_national_rules_list_no_local_register_rule(rules):
    assert not [r for r in rules.local_rules if r.key.startswith(("register", "certificate", "statistics", "dates"))]


def test_written_files_get_the_usual_permissions(tmp_path, rules):
    import os
    import stat

    path = tmp_path / "r.csv"
    R.write_csv(str(path), build([piece()]), rules, "footer")
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~umask
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".twzoning-")]


def test_unregistered_pieces_group_by_the_key_the_assignment_gave_them():
    """assignparcels keys unregistered land office|section|#feature: pieces of one strip that do not share an edge
    exactly still make one row, and two strips with their own keys stay two rows even when they touch."""
    rows = [piece("", "CON1", area=0.0, registered=0, use="", parcel_key="HB|0388|#7"),
            piece("", "AGR2", area=0.0, registered=0, use="", parcel_key="HB|0388|#7"),
            piece("", "CON1", area=0.0, registered=0, use="", parcel_key="HB|0388|#9")]
    geoms = [box(0, 100, 10, 10), box(10.001, 100, 10, 10), box(0, 0, 10, 100)]
    reg = build(rows, geoms)
    assert len(reg.listed) == 2
    first = reg.listed.set_index("parcel_no").loc["暫0001"]
    assert first["after_class"] == "部分國土保育地區第1類、部分農業發展地區第2類" and first["piece_count"] == 2


def test_classes_that_exist_only_in_urban_plans_and_national_parks_are_left_out_whatever_the_status():
    reg = build([piece("0001-0000", "URB1"), piece("0002-0000", "AGR5"), piece("0003-0000", "CON4"),
                 piece("0004-0000", "CON3"), piece("0005-0000", "AGR2")])
    assert list(reg.listed["parcel_no"]) == ["0005-0000"]
    assert set(reg.rows.loc[reg.rows["in_register"] == 0, "rule_id"]) == {"REG-EXCL"}
