"""core/appendix.py: sheets, XLSX/CSV writing and reading, the official Taoyuan appendix, table comparison
(RULES.md §5.4, §5.6)."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from twzoning.core import appendix as A
from twzoning.core.marine import marine_settings
from twzoning.core.ruleset import default_ruleset

TEST_DATA = Path(__file__).resolve().parent.parent / "data"
TAOYUAN = TEST_DATA / "taoyuan_marine_points.csv"
S = marine_settings(default_ruleset())


def rows_frame(n=5):
    """Rows as core.marine.number_points gives them (the columns the appendix reads)."""
    labels = ["1*"] + [str(i) for i in range(2, n + 1)]
    return pd.DataFrame({
        "label": labels,
        "lon": [121.0 + i / 1000 for i in range(n)],
        "lat": [25.0 + i / 3000 for i in range(n)],
        "remark": ["1.甲 2.屬圓心標註", "乙"] + [""] * (n - 2),
    })


def test_roman_and_titles():
    assert [A.roman(i) for i in (1, 2, 3, 4, 5, 9, 14, 40)] == ["I", "II", "III", "IV", "V", "IX", "XIV", "XL"]
    assert A.sheet_title(4, S) == "海洋資源地區-參考坐標IV(WGS84)"
    with pytest.raises(ValueError):
        A.roman(0)


def test_sheets_hold_59_rows_then_65():
    sheets = A.assign_sheets(319, S)  # the Taoyuan appendix: I 59, II-V 65 each
    assert np.bincount(sheets)[1:].tolist() == [59, 65, 65, 65, 65]
    small = S.replace(rows_first_sheet=2, rows_per_sheet=3)
    assert A.assign_sheets(7, small).tolist() == [1, 1, 2, 2, 2, 3, 3]


def test_table_text_has_six_decimals_and_the_columns():
    table = A.appendix_table(rows_frame(), S)
    assert list(table.columns) == ["sheet", "編號", "X坐標", "Y坐標", "備註"]
    assert table.iloc[1].tolist() == ["海洋資源地區-參考坐標I(WGS84)", "2", "121.001000", "25.000333", "乙"]


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_write_then_read_round_trip(tmp_path, suffix):
    settings = S.replace(rows_first_sheet=2, rows_per_sheet=2)
    table = A.appendix_table(rows_frame(5), settings)
    path = tmp_path / f"appendix{suffix}"
    assert A.write_appendix(path, table, settings) == suffix[1:]
    back = A.read_appendix(path, settings)
    assert back["label"].tolist() == ["1*", "2", "3", "4", "5"]
    assert back["number"].tolist() == [1, 2, 3, 4, 5] and back["is_centre"].tolist() == [True] + [False] * 4
    assert back["x"].tolist() == [121.0, 121.001, 121.002, 121.003, 121.004]
    assert back["y"].tolist() == [round(25.0 + i / 3000, 6) for i in range(5)]
    assert back["block"].tolist() == [1, 2, 2, 2, 2]
    assert back["sheet"].tolist() == ["海洋資源地區-參考坐標I(WGS84)"] * 2 + ["海洋資源地區-參考坐標II(WGS84)"] * 2 + [
        "海洋資源地區-參考坐標III(WGS84)"]
    assert not list(tmp_path.glob(".twzoning-*")), "temporary file left behind"


def test_xlsx_layout(tmp_path):
    from openpyxl import load_workbook

    path = tmp_path / "a.xlsx"
    A.write_appendix(path, A.appendix_table(rows_frame(3), S), S)
    ws = load_workbook(path).worksheets[0]
    assert ws.title == "海洋資源地區-參考坐標I(WGS84)"
    assert ws["A1"].value == "海洋資源地區-參考坐標I(WGS84)"
    assert [c.value for c in ws[2]] == ["編號", "X坐標", "Y坐標", "備註"]
    assert ws["B3"].value == 121.0 and ws["B3"].number_format == "0.000000"


def test_csv_has_a_bom_for_excel(tmp_path):
    path = tmp_path / "a.csv"
    A.write_appendix(path, A.appendix_table(rows_frame(2), S), S)
    assert path.read_bytes()[:3] == b"\xef\xbb\xbf"
    assert path.read_text(encoding="utf-8-sig").splitlines()[0] == "表,編號,X坐標,Y坐標,備註"


def test_unknown_format_is_refused(tmp_path):
    with pytest.raises(ValueError):
        A.write_appendix(tmp_path / "a.txt", A.appendix_table(rows_frame(2), S), S)


def test_reads_the_official_taoyuan_appendix():
    t = A.read_appendix(TAOYUAN, S)
    assert len(t) == 319
    assert sorted(t["number"].unique()) == list(range(1, 247))
    assert t["number"].duplicated().sum() == 73
    assert sorted(t.loc[t["is_centre"], "number"]) == [1, 2, 3, 9, 16, 17, 18]
    assert t["block"].max() == 29
    assert t.groupby("sheet").size().to_dict() == {"I": 59, "II": 65, "III": 65, "IV": 65, "V": 65}
    # every repeated number has identical coordinates (RULES.md §5.6)
    assert t.groupby("number")[["x", "y"]].nunique().max().max() == 1
    # the 台馬3 block spans tables I-III and lists 42-93 then 122-175
    tm3 = t[t["block_remark"].str.contains("台馬3")]
    assert len(tm3) == 106 and tm3["number"].tolist() == list(range(42, 94)) + list(range(122, 176))
    # junction 5 is listed under the wildlife refuge and the gas pipeline
    assert set(t.loc[t["number"] == 5, "block_remark"].str.slice(0, 20)) == {
        "海洋資源地區第1類之1野生動物保護區(桃", "海洋資源地區第1類之2海底電纜或管道設置"}


def test_compare_lists_added_removed_moved_renumbered():
    old = A.read_appendix(TAOYUAN, S)
    assert A.comparison_counts(A.compare_appendices(old, old, S)) == {
        "added": 0, "removed": 0, "moved": 0, "renumbered": 0, "unchanged": 246}
    new = old.copy()
    new.loc[new["number"] == 5, "x"] += 0.001          # about 100 m east: moved
    new = new[new["number"] != 7]                      # removed (7 and 8 lie 0.1 m apart: 8 must stay 8)
    new.loc[new["number"] == 200, "number"] = 999      # renumbered
    extra = new.iloc[[0]].assign(number=1000, label="1000", x=121.5, y=25.5, block_remark="新增")
    new = pd.concat([new, extra], ignore_index=True)   # added
    cmp = A.compare_appendices(old, new, S)
    assert A.comparison_counts(cmp) == {"added": 1, "removed": 1, "moved": 1, "renumbered": 1, "unchanged": 243}
    by = cmp.set_index("status")
    assert by.loc["removed", "old_number"] == 7
    assert by.loc["moved", "old_number"] == 5 and 99.0 < by.loc["moved", "distance_m"] < 102.0
    assert (by.loc["renumbered", "old_number"], by.loc["renumbered", "new_number"]) == (200, 999)
    assert by.loc["added", "new_number"] == 1000 and by.loc["added", "status_zh"] == "新增"
    assert cmp["status"].tolist()[:4] == ["added", "removed", "moved", "renumbered"]


@pytest.mark.parametrize("text, message", [
    ("編號,X坐標,Y坐標,備註\n1,121.0,abc,\n", "line 2"),
    ("編號,X坐標,Y坐標,備註\n1,121.0,25.0,\nA1,121.0,25.0,\n", "'A1'"),
    ("編號,X坐標,Y坐標,備註\n1,250.0,25.0,\n", "WGS84"),
    ("a,b,c\n1,2,3\n", "no header row"),
])
def test_reader_names_the_bad_line(tmp_path, text, message):
    path = tmp_path / "bad.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(A.AppendixError) as err:
        A.read_appendix(path, S)
    assert message in str(err.value) and "bad.csv" in str(err.value)


def test_write_comparison(tmp_path):
    old = A.read_appendix(TAOYUAN, S)
    cmp = A.compare_appendices(old, old.iloc[:10], S)
    for suffix in (".csv", ".xlsx"):
        path = tmp_path / f"cmp{suffix}"
        A.write_comparison(path, cmp)
        back = pd.read_csv(path, encoding="utf-8-sig") if suffix == ".csv" else pd.read_excel(path)
        assert list(back.columns) == A.COMPARISON_COLUMNS and len(back) == 246
