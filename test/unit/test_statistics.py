"""繪製說明書 statistics (表50): patches and areas per class, per township, land-use categories, 國土保育用地 and the
adjusted patches against a previous version. Expectations are counted by hand from the squares below."""
from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from twzoning.core import statistics as S
from twzoning.core.ruleset import load_ruleset

PRODUCED = dt.datetime(2025, 11, 24, 14, 5)
HA = 10000.0


@pytest.fixture(scope="module")
def rules():
    return load_ruleset()


def sq(x, y, size=100.0):
    return shapely.box(x, y, x + size, y + size)


# (x, y, class_code, class_name, town, nu_landuse, assessed); every square is 100 m x 100 m = 1 ha
SQUARES = [
    (0, 0, "CON1", "", "甲鄉", "林業用地", None),        # CON1 patch 1 (with the next, shared edge)
    (100, 0, "CON1", "", "甲鄉", "林業用地", None),
    (300, 0, "CON1", "", "乙鄉", "丁種建築用地", 1),      # CON1 patch 2, assessed → 國土保育用地
    (0, 200, "AGR2", "", "甲鄉", "農牧用地", None),       # AGR2: two squares touching at one corner = 2 patches
    (100, 300, "AGR2", "", "乙鄉", "農牧用地", None),
    (500, 0, "AGR4", "農4(原)", "乙鄉", "甲種建築用地", None),
    (600, 0, "AGR4", "", "乙鄉", "", None),
]


def pieces(squares=SQUARES):
    rows, geoms = [], []
    for n, (x, y, code, name, town, use, assessed) in enumerate(squares, start=1):
        rows.append(dict(county="示範縣", town=town, office="HB", section="0388", section_name="濱海段",
                         parcel_no=f"{n:04d}-0000", reg_area=10000.0, nu_zone="一般農業區", nu_landuse=use,
                         class_code=code, class_name=name, status="registrable", assessed=assessed))
        geoms.append(sq(x, y))
    return pd.DataFrame(rows), np.array(geoms, dtype=object)


def row_of(table, label):
    hit = table[table.iloc[:, 0] == label]
    assert len(hit) == 1, label
    return list(hit.iloc[0])


def test_by_class_patches_areas_and_shares(rules):
    attrs, geoms = pieces()
    stats = S.compute_statistics(attrs, geoms, rules, conservation_field="assessed")
    table = stats.by_class
    assert list(table.columns) == ["國土功能分區及其分類", "處數", "面積（公頃）", "占總面積比例（%）"]
    assert len(table) == 19 + 1 + 1  # every class, the 農4（原） variant, the total
    assert row_of(table, "國土保育地區第1類") == ["國土保育地區第1類", 2, 3.0, 42.86]
    assert row_of(table, "農業發展地區第2類") == ["農業發展地區第2類", 2, 2.0, 28.57]
    assert row_of(table, "農業發展地區第4類") == ["農業發展地區第4類", 1, 1.0, 14.29]
    assert row_of(table, "農業發展地區第4類（原）") == ["農業發展地區第4類（原）", 1, 1.0, 14.29]
    assert row_of(table, "海洋資源地區第1類之1") == ["海洋資源地區第1類之1", 0, 0.0, 0.0]
    assert row_of(table, "合計") == ["合計", 6, 7.0, 100.0]
    names = list(table.iloc[:, 0])
    assert names.index("農業發展地區第4類（原）") == names.index("農業發展地區第4類") + 1
    assert stats.total_area_m2 == pytest.approx(7 * HA)


def test_by_town(rules):
    attrs, geoms = pieces()
    table = S.compute_statistics(attrs, geoms, rules).by_town
    assert list(table.columns) == ["鄉（鎮、市、區）名稱", "國土保育地區第1類", "農業發展地區第2類", "農業發展地區第4類",
                                   "農業發展地區第4類（原）", "合計"]
    assert row_of(table, "甲鄉") == ["甲鄉", 2.0, 1.0, 0.0, 0.0, 3.0]
    assert row_of(table, "乙鄉") == ["乙鄉", 1.0, 1.0, 1.0, 1.0, 4.0]
    assert row_of(table, "合計") == ["合計", 3.0, 2.0, 1.0, 1.0, 7.0]


def test_landuse_and_conservation_tables(rules):
    attrs, geoms = pieces()
    stats = S.compute_statistics(attrs, geoms, rules, conservation_field="assessed")
    assert stats.landuse.values.tolist() == [
        ["丁種建築用地", 1, 1.0, "國土保育用地"],
        ["林業用地", 2, 2.0, ""],
        ["甲種建築用地", 1, 1.0, ""],
        ["農牧用地", 2, 2.0, ""],
        ["（未編定）", 1, 1.0, ""],
        ["合計", 7, 7.0, ""],
    ]
    assert stats.conservation.values.tolist() == [
        ["乙鄉", "濱海段", "0003-0000", "10000.00", "丁種建築用地", "國土保育地區第1類", "CLU-DECIDED"],
        ["合計", "", "1", "10000.00", "", "", ""],
    ]


def test_zoning_map_without_parcel_fields_gives_the_class_table_only(rules):
    attrs, geoms = pieces()
    stats = S.compute_statistics(attrs[["class_code"]], geoms, rules)
    assert stats.by_town is None and stats.landuse is None and stats.conservation is None
    assert row_of(stats.by_class, "合計")[1:3] == [5, 7.0]  # without class_name the 農4（原） variant is plain 農4


def test_changes_against_a_previous_version(rules):
    attrs, geoms = pieces()
    before = [list(s) for s in SQUARES[:-1]]          # no 農4 square at x = 600 before
    before[2][2] = "AGR2"                              # x = 300 was 農2
    before[5][0] = 500.001                             # 農4（原） shifted by 1 mm: a 0.1 m² sliver, not a change
    prev_attrs, prev_geoms = pieces([tuple(s) for s in before])
    table = S.compute_statistics(attrs, geoms, rules, previous=(prev_attrs, prev_geoms)).changes
    assert list(table.columns)[:4] == ["國土功能分區及其分類", "前版面積（公頃）", "本版面積（公頃）", "增減面積（公頃）"]
    assert row_of(table, "國土保育地區第1類") == ["國土保育地區第1類", 2.0, 3.0, 1.0, 1, 1.0, 0, 0.0]
    assert row_of(table, "農業發展地區第2類") == ["農業發展地區第2類", 3.0, 2.0, -1.0, 0, 0.0, 1, 1.0]
    assert row_of(table, "農業發展地區第4類") == ["農業發展地區第4類", 0.0, 1.0, 1.0, 1, 1.0, 0, 0.0]
    assert row_of(table, "農業發展地區第4類（原）") == ["農業發展地區第4類（原）", 1.0, 1.0, 0.0, 0, 0.0, 0, 0.0]
    assert "國土保育地區第2類" not in list(table.iloc[:, 0])  # absent from both versions


def test_patch_count_shared_edge_joins_shared_point_does_not():
    assert S.patch_count(np.array([sq(0, 0), sq(100, 0)], dtype=object)) == 1
    assert S.patch_count(np.array([sq(0, 0), sq(100, 100)], dtype=object)) == 2
    assert S.patch_count(np.array([None], dtype=object)) == 0


@settings(max_examples=25, deadline=None)
@given(st.lists(st.sampled_from(["CON1", "AGR1", "AGR2", "URB2_1"]), min_size=1, max_size=36))
def test_class_areas_add_up_to_the_total_and_patches_are_components(codes):
    """Random class grids: the class areas sum to the total within 1 m², and the patch count of each class equals
    the connected components of its cells (4-neighbourhood, counted here by flood fill)."""
    rules = load_ruleset()
    side = int(np.ceil(np.sqrt(len(codes))))
    cells = {(i % side, i // side): code for i, code in enumerate(codes)}
    attrs = pd.DataFrame({"class_code": list(cells.values())})
    geoms = np.array([sq(100 * x, 100 * y) for x, y in cells], dtype=object)
    stats = S.compute_statistics(attrs, geoms, rules)
    assert sum(a for _p, a in stats.figures.values()) == pytest.approx(len(codes) * HA, abs=1.0)
    for code in set(codes):
        todo = {c for c, k in cells.items() if k == code}
        components = 0
        while todo:
            components += 1
            stack = [todo.pop()]
            while stack:
                x, y = stack.pop()
                for nb in ((x + 1, y), (x - 1, y), (x, y + 1), (x, y - 1)):
                    if nb in todo:
                        todo.remove(nb)
                        stack.append(nb)
        assert stats.figures[(code, "")][0] == components


def test_workbook_sheets_chart_and_reproducibility(tmp_path, rules):
    attrs, geoms = pieces()
    stats = S.compute_statistics(attrs, geoms, rules, conservation_field="assessed", notes={"input": "pieces"})
    a, b = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    names = S.write_workbook(str(a), stats, rules, PRODUCED)
    S.write_workbook(str(b), stats, rules, PRODUCED)
    assert a.read_bytes() == b.read_bytes()
    assert names == ["各國土功能分區及其分類處數及面積", "各鄉（鎮、市、區）國土功能分區及其分類面積（公頃）"[:31],
                     "使用地編定類別及面積統計", "既有合法可建築用地變更為非可建築用地之分布區位及面積"[:31], "說明"]
    wb = load_workbook(a)
    ws = wb[names[0]]
    assert ws["A1"].value == "各國土功能分區及其分類處數及面積" and ws["A3"].value == "國土保育地區第1類"
    assert ws["C3"].value == 3.0
    charts = ws._charts
    assert len(charts) == 1
    colours = [str(p.graphicalProperties.solidFill.srgbClr).lower() for p in charts[0].series[0].dPt]
    want = [rules.class_by_code(c).color.lstrip("#").lower() for c in ("CON1", "AGR2", "AGR4", "AGR4")]
    assert colours == want  # the four classes with an area, each in its class colour
    notes = [c.value for c in wb["說明"]["B"]]
    assert "輸入圖層：pieces" in notes


def test_chart_png_renders_with_chinese_glyphs(rules, recwarn):
    if S.cjk_font_family() is None:
        pytest.skip("no font with Chinese glyphs is installed (Debian: fonts-noto-cjk)")
    attrs, geoms = pieces()
    png = S.chart_png(S.compute_statistics(attrs, geoms, rules), rules)
    assert png.startswith(b"\x89PNG") and len(png) > 5000
    assert not [w for w in recwarn if "missing from current font" in str(w.message)]


def test_patch_labels_join_overlaps_and_shared_edges_of_one_class_only():
    geoms = np.array([sq(0, 0), sq(50, 50), sq(100, 0), sq(300, 300), sq(400, 400), None], dtype=object)
    keys = ["CON1", "CON1", "AGR1", "CON1", "CON1", "CON1"]
    labels, index = S.patch_labels(geoms, keys)
    assert list(index) == [0, 1, 2, 3, 4]   # no part for the missing geometry
    assert labels[0] == labels[1]            # overlapping squares of one class
    assert labels[2] != labels[0]            # shares an edge with square 0, but another class
    assert labels[3] != labels[4]            # touch at one corner only


def test_slivers_are_not_patches_but_their_area_counts(rules):
    attrs = pd.DataFrame({"class_code": ["AGR2", "AGR2"]})
    geoms = np.array([sq(0, 0), shapely.box(500, 0, 500.5, 1.0)], dtype=object)  # 0.5 m² apart from the square
    stats = S.compute_statistics(attrs, geoms, rules)
    assert stats.figures[("AGR2", "")] == (1, pytest.approx(10000.5))


def test_a_multipart_piece_in_two_places_lies_in_two_patches():
    """A parcel piece made of two separate parts (e.g. a road parcel cut by another class) must not join the
    patches its parts touch: patches are connected areas, not features."""
    two_places = shapely.MultiPolygon([sq(0, 0), sq(1000, 0)])
    geoms = np.array([two_places, sq(100, 0), sq(1100, 0)], dtype=object)
    assert S.patch_count(geoms) == 2
    labels, index = S.patch_labels(geoms)
    assert list(index) == [0, 0, 1, 2] and labels[0] != labels[1]
