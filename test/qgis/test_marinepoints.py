"""twzoning:marinepoints and twzoning:comparemarineappendix through processing.run: a hand-made sea, the demo
county (示範縣, full expected table in both numbering modes), the real Taoyuan layers (committed clip) and the
official Taoyuan appendix (RULES.md §5)."""
from __future__ import annotations

import math
import os
from pathlib import Path

import pytest
from qgis import processing
from qgis.core import (
    QgsApplication,
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsPointXY,
    QgsProcessingException,
    QgsProject,
    QgsVectorLayer,
)

from twzoning.core import appendix as A
from twzoning.core.marine import marine_settings
from twzoning.core.ruleset import default_ruleset

from .conftest import memory_layer

TEST_DATA = Path(__file__).resolve().parent.parent / "data"
DEMO = Path(os.environ.get("TWZONING_DEMO_COUNTY", TEST_DATA / "demo_county.gpkg"))
REAL = TEST_DATA / "marine_real_clip.gpkg"
TAOYUAN = TEST_DATA / "taoyuan_marine_points.csv"
SETTINGS = marine_settings(default_ruleset())


def run(**params):
    params.setdefault("OUTPUT_POINTS", "memory:")
    return processing.run("twzoning:marinepoints", params)


def wgs84(x, y):
    tr = QgsCoordinateTransform(QgsCoordinateReferenceSystem("EPSG:3826"), QgsCoordinateReferenceSystem("EPSG:4326"),
                                QgsProject.instance())
    p = tr.transform(QgsPointXY(x, y))
    return round(p.x(), 6), round(p.y(), 6)


def rows_of(result):
    layer = result["OUTPUT_POINTS"]
    if isinstance(layer, str):
        layer = QgsVectorLayer(layer, "points", "ogr")
    feats = sorted(layer.getFeatures(), key=lambda f: f["row"])
    return [{name: f[name] for name in layer.fields().names()} for f in feats]


def test_algorithms_are_registered_with_help_on_every_parameter(plugin):
    for alg_id, outputs in (("twzoning:marinepoints", {"OUTPUT_POINTS", "OUTPUT_TABLE", "OUTPUT_DROPPED", "OUTPUT_MAP",
                                                       "ROW_COUNT", "POINT_COUNT", "MAP_SCALE_USED"}),
                            ("twzoning:comparemarineappendix", {"OUTPUT", "ADDED", "REMOVED", "MOVED"})):
        alg = QgsApplication.processingRegistry().algorithmById(alg_id)
        assert alg is not None, alg_id
        for param in alg.parameterDefinitions():
            assert param.help(), param.name()
        assert alg.shortHelpString()
        assert {o.name() for o in alg.outputDefinitions()} >= outputs


# ---------------------------------------------------------------------------------------------- hand-made sea
# Coast (mean high tide line) x = 250100 from y 2750000 to 2760000, sea to the west. In TWD97 metres:
#   野生動物保護區 甲: 250000..250100 × 2755000..2755100 (its east side on the line)
#   航道 乙: 249950..250050 × 2755040..2755060, crossing 甲's west side: junctions (250000, 2755040/2755060)
#   人工魚礁 丙: circle r = 300 around (248000, 2755000)
def square(x0, y0, x1, y1):
    return f"POLYGON(({x0} {y0},{x1} {y0},{x1} {y1},{x0} {y1},{x0} {y0}))"


def hand_layers():
    ring = [(248000 + 300 * math.cos(k * math.pi / 32), 2755000 + 300 * math.sin(k * math.pi / 32)) for k in range(64)]
    circle = "POLYGON((" + ",".join(f"{x:.4f} {y:.4f}" for x, y in ring + ring[:1]) + "))"
    uri = "Polygon?crs=EPSG:3826&field=name:string"
    return {
        "INDICATORS": [
            memory_layer(uri, "野生動物保護區", [(square(250000, 2755000, 250100, 2755100), ["甲保護區"])]),
            memory_layer(uri, "航道及其疏濬工程範圍", [(square(249950, 2755040, 250050, 2755060), ["乙航道"])]),
            memory_layer(uri, "人工魚礁區及保護礁區", [(circle, ["丙礁區"])]),
        ],
        "MHT": memory_layer("LineString?crs=EPSG:3826", "平均高潮線",
                            [("LINESTRING(250100 2750000, 250100 2760000)", [])]),
    }


HAND = [  # label, x, y, type, remark (worked out by hand, traversal: clockwise from the west/north-most point)
    ("1*", 248000, 2755000, "圓心點", "1.海洋資源地區第1類之1人工魚礁區及保護礁區(丙礁區) 2.屬圓心標註"),
    ("2", 250000, 2755100, "轉折點", "海洋資源地區第1類之1野生動物保護區(甲保護區)"),
    ("3", 250000, 2755000, "轉折點", ""),
    ("4", 250000, 2755040, "交界點", ""),
    ("5", 250000, 2755060, "交界點", ""),
    ("6", 249950, 2755060, "轉折點", "海洋資源地區第2類航道及其疏濬工程範圍(乙航道)"),
    ("5", 250000, 2755060, "交界點", ""),
    ("7", 250050, 2755060, "轉折點", ""),
    ("8", 250050, 2755040, "轉折點", ""),
    ("4", 250000, 2755040, "交界點", ""),
    ("9", 249950, 2755040, "轉折點", ""),
]


def test_hand_made_sea_full_table(plugin, tmp_path):
    table = tmp_path / "appendix.xlsx"
    result = run(**hand_layers(), OUTPUT_TABLE=str(table), OUTPUT_DROPPED="memory:")
    rows = rows_of(result)
    got = [(r["label"], round(r["x"], 3), round(r["y"], 3), r["point_type"], r["remark"] or "") for r in rows]
    assert got == [(lab, float(x), float(y), t, rem) for lab, x, y, t, rem in HAND]
    for r, (_lab, x, y, _t, _rem) in zip(rows, HAND):
        assert (r["lon"], r["lat"]) == wgs84(x, y)
    assert result["ROW_COUNT"] == 11 and result["POINT_COUNT"] == 9 and result["CENTRE_COUNT"] == 1
    assert result["JUNCTION_COUNT"] == 2
    dropped = sorted((f["x"], f["y"], f["rule_id"]) for f in result["OUTPUT_DROPPED"].getFeatures())
    assert dropped == [(250100.0, 2755000.0, "MAR-PT-MHT"), (250100.0, 2755100.0, "MAR-PT-MHT")]
    back = A.read_appendix(table, SETTINGS)
    assert back["label"].tolist() == [h[0] for h in HAND]
    assert back["x"].tolist() == [r["lon"] for r in rows] and back["y"].tolist() == [r["lat"] for r in rows]
    assert set(back["sheet"]) == {"海洋資源地區-參考坐標I(WGS84)"}


def test_strict_mode_start_zero_and_csv(plugin, tmp_path):
    table = tmp_path / "appendix.csv"
    result = run(**hand_layers(), MODE=2, START=0, OUTPUT_TABLE=str(table))
    labels = [r["label"] for r in rows_of(result)]
    # strict: per class x ascending then y descending; 甲 (0 … 3) then 乙's new points 4 … 7
    assert labels == ["0*", "1", "2", "3", "4", "5", "6", "2", "3", "7", "8"]
    assert table.read_text(encoding="utf-8-sig").splitlines()[1].startswith("海洋資源地區-參考坐標I(WGS84),0*,")


def test_geographic_crs_and_unknown_layer_are_refused(plugin, tmp_path):
    geo = memory_layer("Polygon?crs=EPSG:4326&field=name:string", "人工魚礁區及保護礁區",
                       [("POLYGON((121 25,121.01 25,121.01 25.01,121 25.01,121 25))", ["x"])])
    layers = hand_layers()
    with pytest.raises(QgsProcessingException, match="geographic"):
        run(INDICATORS=[geo], MHT=layers["MHT"], OUTPUT_TABLE=str(tmp_path / "a.csv"))
    road = memory_layer("Polygon?crs=EPSG:3826&field=name:string", "道路", [(square(0, 0, 10, 10), ["x"])])
    with pytest.raises(QgsProcessingException, match="道路"):
        run(INDICATORS=[road], MHT=layers["MHT"], OUTPUT_TABLE=str(tmp_path / "b.csv"))
    assert not (tmp_path / "b.csv").exists()


def test_map_image_is_rendered(plugin, tmp_path):
    from qgis.PyQt.QtGui import QImage

    png = tmp_path / "map.png"
    result = run(**hand_layers(), OUTPUT_TABLE=str(tmp_path / "a.xlsx"), OUTPUT_MAP=str(png))
    image = QImage(str(png))
    assert not image.isNull()
    w, h = SETTINGS.frame_mm
    assert (image.width(), image.height()) == (round(w / 25.4 * SETTINGS.dpi), round(h / 25.4 * SETTINGS.dpi))
    # black dots are drawn: some pixels are black
    dark = sum(1 for x in range(0, image.width(), 3) for y in range(0, image.height(), 3)
               if QImage.pixelColor(image, x, y).lightness() < 40)
    assert dark > 10
    assert result["MAP_SCALE_USED"] > 0


# ------------------------------------------------------------------------------------------------ demo county
DEMO_LAYERS = ["人工魚礁區及保護礁區", "海底電纜或管道設置範圍", "港區範圍", "航道及其疏濬工程範圍", "錨地範圍"]
# Expected tables (TWD97 x, y to 1 mm). Checked by hand against tools/make_demo_county.py: reef centres = the
# landmarks reef_centre_1/2/3 (3 = midpoint of the 300 m axis); the cable corridor (100 m each side, mitred) cut by
# the sea limit x = 245000 and crossing reef 3 (junction 11 = landmark cable_reef_junction); the harbour's west
# side x = 253208.92 crossing the lane's edges (junctions 16, 17, listed under both); its east side on the mean
# high tide line (dropped, landmark harbour_vertex_on_mht); the lane crossing reef 1's circle (19, 20).
DEMO_TRAVERSAL = [
    ("1*", 248200.000, 2753900.000, "圓心點", "1.海洋資源地區第1類之1人工魚礁區及保護礁區(示範2號礁區) 2.屬圓心標註"),
    ("2*", 250500.000, 2756200.000, "圓心點", "1.海洋資源地區第1類之1人工魚礁區及保護礁區(示範1號礁區) 2.屬圓心標註"),
    ("3*", 251356.065, 2752756.065, "圓心點", "1.海洋資源地區第1類之1人工魚礁區及保護礁區(示範3號保護礁區) 2.屬圓心標註"),
    ("4", 245000.000, 2752207.584, "轉折點", "海洋資源地區第1類之2海底電纜或管道設置範圍(示範海纜A_示範縣段)"),
    ("5", 248985.387, 2752499.198, "轉折點", ""),
    ("6", 251123.646, 2752976.194, "交界點", ""),
    ("7", 251583.554, 2753078.789, "轉折點", ""),
    ("8", 251686.426, 2753090.197, "交界點", ""),
    ("9", 251779.726, 2752899.317, "交界點", ""),
    ("10", 251616.446, 2752881.211, "轉折點", ""),
    ("11", 250940.665, 2752730.460, "交界點", ""),
    ("12", 249014.613, 2752300.802, "轉折點", ""),
    ("13", 245000.000, 2752007.050, "轉折點", ""),
    ("14", 253208.920, 2755840.000, "轉折點", "海洋資源地區第1類之2港區範圍(示範漁港)"),
    ("15", 253208.920, 2755480.000, "轉折點", ""),
    ("16", 253208.920, 2755559.823, "交界點", ""),
    ("17", 253208.920, 2755760.177, "交界點", ""),
    ("18", 245300.000, 2755900.000, "轉折點", "海洋資源地區第2類航道及其疏濬工程範圍(示範漁港航道)"),
    ("19", 250182.599, 2755813.680, "交界點", ""),
    ("20", 250802.665, 2755802.717, "交界點", ""),
    ("17", 253208.920, 2755760.177, "交界點", ""),
    ("21", 253218.920, 2755760.000, "轉折點", ""),
    ("22", 253218.920, 2755560.000, "轉折點", ""),
    ("16", 253208.920, 2755559.823, "交界點", ""),
    ("23", 245300.000, 2755420.000, "轉折點", ""),
    ("24", 246500.000, 2756000.000, "轉折點", "海洋資源地區第2類錨地範圍(示範錨地)"),
    ("25", 247300.000, 2756250.000, "轉折點", ""),
    ("26", 247800.000, 2755700.000, "轉折點", ""),
    ("27", 247500.000, 2755050.000, "轉折點", ""),
    ("28", 246600.000, 2755200.000, "轉折點", ""),
]
# Strict: per class, new points numbered by x ascending then y descending; blocks keep their order and list their
# rows in that order (the cable: 245000 north/south ends, mitres, junctions …; the lane: 245300 then 250182 …).
DEMO_STRICT = [
    ("1*", 248200.000, 2753900.000, "圓心點", "1.海洋資源地區第1類之1人工魚礁區及保護礁區(示範2號礁區) 2.屬圓心標註"),
    ("2*", 250500.000, 2756200.000, "圓心點", "1.海洋資源地區第1類之1人工魚礁區及保護礁區(示範1號礁區) 2.屬圓心標註"),
    ("3*", 251356.065, 2752756.065, "圓心點", "1.海洋資源地區第1類之1人工魚礁區及保護礁區(示範3號保護礁區) 2.屬圓心標註"),
    ("4", 245000.000, 2752207.584, "轉折點", "海洋資源地區第1類之2海底電纜或管道設置範圍(示範海纜A_示範縣段)"),
    ("5", 245000.000, 2752007.050, "轉折點", ""),
    ("6", 248985.387, 2752499.198, "轉折點", ""),
    ("7", 249014.613, 2752300.802, "轉折點", ""),
    ("8", 250940.665, 2752730.460, "交界點", ""),
    ("9", 251123.646, 2752976.194, "交界點", ""),
    ("10", 251583.554, 2753078.789, "轉折點", ""),
    ("11", 251616.446, 2752881.211, "轉折點", ""),
    ("12", 251686.426, 2753090.197, "交界點", ""),
    ("13", 251779.726, 2752899.317, "交界點", ""),
    ("14", 253208.920, 2755840.000, "轉折點", "海洋資源地區第1類之2港區範圍(示範漁港)"),
    ("15", 253208.920, 2755760.177, "交界點", ""),
    ("16", 253208.920, 2755559.823, "交界點", ""),
    ("17", 253208.920, 2755480.000, "轉折點", ""),
    ("18", 245300.000, 2755900.000, "轉折點", "海洋資源地區第2類航道及其疏濬工程範圍(示範漁港航道)"),
    ("19", 245300.000, 2755420.000, "轉折點", ""),
    ("25", 250182.599, 2755813.680, "交界點", ""),
    ("26", 250802.665, 2755802.717, "交界點", ""),
    ("15", 253208.920, 2755760.177, "交界點", ""),
    ("16", 253208.920, 2755559.823, "交界點", ""),
    ("27", 253218.920, 2755760.000, "轉折點", ""),
    ("28", 253218.920, 2755560.000, "轉折點", ""),
    ("20", 246500.000, 2756000.000, "轉折點", "海洋資源地區第2類錨地範圍(示範錨地)"),
    ("21", 246600.000, 2755200.000, "轉折點", ""),
    ("22", 247300.000, 2756250.000, "轉折點", ""),
    ("23", 247500.000, 2755050.000, "轉折點", ""),
    ("24", 247800.000, 2755700.000, "轉折點", ""),
]


needs_demo = pytest.mark.skipif(not DEMO.is_file(), reason=f"demo county not generated yet ({DEMO})")


def demo_params(tmp_path, **extra):
    g = str(DEMO)
    params = {
        "INDICATORS": [f"{g}|layername={n}" for n in DEMO_LAYERS],
        "MHT": f"{g}|layername=平均高潮線",
        "SEA_AREA": f"{g}|layername=海域",
        "OUTPUT_TABLE": str(tmp_path / "marine_appendix.xlsx"),
        "OUTPUT_DROPPED": "memory:",
    }
    params.update(extra)
    return params


@needs_demo
@pytest.mark.parametrize("mode, expected, twice", [(1, DEMO_TRAVERSAL, ("16", "17")), (2, DEMO_STRICT, ("15", "16"))])
def test_demo_county_full_table(plugin, tmp_path, mode, expected, twice):
    result = run(**demo_params(tmp_path, MODE=mode))
    rows = rows_of(result)
    got = [(r["label"], round(r["x"], 3), round(r["y"], 3), r["point_type"], r["remark"] or "") for r in rows]
    assert got == expected
    for r in rows:
        assert (r["lon"], r["lat"]) == wgs84(r["x"], r["y"])
    # the reef centres in WGS84 (checked independently with PROJ)
    centres = {r["label"]: (r["lon"], r["lat"]) for r in rows if r["point_type"] == "圓心點"}
    assert centres == {"1*": (120.982183, 24.892763), "2*": (121.00495, 24.91353), "3*": (121.013422, 24.882435)}
    # a junction listed twice, a vertex dropped because it lies on the mean high tide line
    labels = [r["label"] for r in rows]
    assert [labels.count(label) for label in twice] == [2, 2]
    dropped = {(round(f["x"], 2), round(f["y"], 2)): f["rule_id"] for f in result["OUTPUT_DROPPED"].getFeatures()}
    assert dropped[(253903.76, 2755640.0)] == "MAR-PT-MHT"  # landmark harbour_vertex_on_mht
    assert (253903.76, 2755640.0) not in {(round(r["x"], 2), round(r["y"], 2)) for r in rows}
    # the XLSX holds the same table
    back = A.read_appendix(tmp_path / "marine_appendix.xlsx", SETTINGS)
    assert back["label"].tolist() == labels
    assert back["remark"].tolist() == [e[4] for e in expected]


# The planner's order (ORDER, DECISIONS.md Q4): the harbour (示範漁港) put before the cable in class 海1-2. Worked
# out from DEMO_TRAVERSAL by hand: the harbour's four points (14 … 17, in the same outline order) take 4 … 7, the
# cable's ten (4 … 13) take 8 … 17; 海1-1 and 海2 keep their numbers, the lane relists the harbour's junctions
# under their new numbers 7 and 6.
HARBOUR_FIRST = {14: 4, 15: 5, 16: 6, 17: 7, **{n: n + 4 for n in range(4, 14)}}


def renumbered(rows, mapping):
    out = []
    for label, x, y, ptype, remark in rows:
        number = int(label.rstrip("*"))
        out.append((str(mapping.get(number, number)) + ("*" if label.endswith("*") else ""), x, y, ptype, remark))
    return out


@needs_demo
@pytest.mark.parametrize("order", ["port_area:示範漁港", "port_area", ["port_area:示範漁港"],
                                   "\nport_area:示範漁港 ;submarine_cable:示範海纜A_示範縣段\n"])
def test_demo_county_order_of_instances(plugin, tmp_path, order):
    result = run(**demo_params(tmp_path, ORDER=order))
    rows = rows_of(result)
    got = [(r["label"], round(r["x"], 3), round(r["y"], 3), r["point_type"], r["remark"] or "") for r in rows]
    expected = renumbered(DEMO_TRAVERSAL[:3] + DEMO_TRAVERSAL[13:17] + DEMO_TRAVERSAL[3:13] + DEMO_TRAVERSAL[17:],
                          HARBOUR_FIRST)
    assert got == expected and got != DEMO_TRAVERSAL
    assert [r["block"] for r in rows][3:8] == [4, 4, 4, 4, 5]  # the harbour is block 4, the cable block 5
    back = A.read_appendix(tmp_path / "marine_appendix.xlsx", SETTINGS)
    assert back["label"].tolist() == [e[0] for e in expected]


@needs_demo
def test_demo_county_empty_order_is_the_default(plugin, tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    default = rows_of(run(**demo_params(tmp_path / "a")))
    empty = rows_of(run(**demo_params(tmp_path / "b", ORDER="")))
    assert empty == default
    assert [r["label"] for r in default] == [e[0] for e in DEMO_TRAVERSAL]


@needs_demo
def test_demo_county_unknown_instance_in_the_order_is_refused(plugin, tmp_path):
    with pytest.raises(QgsProcessingException) as err:
        run(**demo_params(tmp_path, ORDER="port_area:示範漁港\nport_area:北港"))
    message = str(err.value)
    assert "port_area:北港" in message and "ORDER" in message
    assert "port_area:示範漁港" in message and "artificial_reef:示範1號礁區" in message  # the known instances
    assert not (tmp_path / "marine_appendix.xlsx").exists()


# ----------------------------------------------------------------------------- real layers: Taoyuan (committed)
def real_params(tmp_path, **extra):
    g = str(REAL)
    params = {
        "INDICATORS": [f"{g}|layername=人工魚礁區及保護礁區", f"{g}|layername=海底電纜或管道設置範圍-纜線"],
        "MHT": f"{g}|layername=平均高潮線",
        "SEA_AREA": f"{g}|layername=海域",
        "OUTPUT_TABLE": str(tmp_path / "taoyuan.csv"),
        "OUTPUT_POINTS": str(tmp_path / "taoyuan_points.gpkg"),
        "OUTPUT_MAP": str(tmp_path / "taoyuan.png"),
    }
    params.update(extra)
    return params


def test_real_taoyuan_layers(plugin, tmp_path):
    result = run(**real_params(tmp_path))
    rows = rows_of(result)
    reefs = QgsVectorLayer(f"{REAL}|layername=人工魚礁區及保護礁區", "reefs", "ogr")
    # each reef area yields exactly one centre point, and nothing else
    centres = [r for r in rows if r["layer"] == "人工魚礁區及保護礁區"]
    assert sorted(r["feature_id"] for r in centres) == sorted(f.id() for f in reefs.getFeatures())
    assert all(r["point_type"] == "圓心點" and r["label"].endswith("*") for r in centres)
    assert result["CENTRE_COUNT"] == 7
    # the cable lines became corridors with turning points, none of them on the mean high tide line
    cable = [r for r in rows if r["layer"] == "海底電纜或管道設置範圍-纜線"]
    assert len(cable) >= 4 and cable[0]["remark"] == "海洋資源地區第1類之2海底電纜或管道設置範圍(桃園至南竿)"
    numbers = [r["number"] for r in rows]
    assert sorted(set(numbers)) == list(range(1, len(set(numbers)) + 1))
    assert all(120.7 < r["lon"] < 121.4 and 24.8 < r["lat"] < 25.4 for r in rows)
    mht = QgsVectorLayer(f"{REAL}|layername=平均高潮線", "mht", "ogr")
    from qgis.core import QgsGeometry

    line = QgsGeometry.unaryUnion([f.geometry() for f in mht.getFeatures()])
    assert min(line.distance(QgsGeometry.fromPointXY(QgsPointXY(r["x"], r["y"]))) for r in cable) > 1.0
    assert (tmp_path / "taoyuan.png").stat().st_size > 10_000
    # the published Taoyuan appendix has the same 7 reef centres, to the 6th decimal
    cmp = A.compare_appendices(A.read_appendix(TAOYUAN, SETTINGS), A.read_appendix(tmp_path / "taoyuan.csv",
                                                                                     SETTINGS), SETTINGS)
    same = cmp[cmp["status"].isin(["unchanged", "renumbered"])]
    assert sorted(same["old_label"]) == sorted(["1*", "2*", "3*", "9*", "16*", "17*", "18*"])
    assert (same["distance_m"] == 0.0).all()


def test_compare_algorithm_with_the_official_appendix(plugin, tmp_path):
    run(**real_params(tmp_path, OUTPUT_MAP=None))
    out = tmp_path / "comparison.xlsx"
    result = processing.run("twzoning:comparemarineappendix", {
        "OLD": str(TAOYUAN), "NEW": str(tmp_path / "taoyuan.csv"), "OUTPUT": str(out), "OUTPUT_POINTS": "memory:",
    })
    assert result["RENUMBERED"] + result["UNCHANGED"] == 7
    assert result["REMOVED"] == 246 - 7 and result["ADDED"] > 0 and result["MOVED"] == 0
    import pandas as pd

    table = pd.read_excel(out)
    assert list(table.columns) == A.COMPARISON_COLUMNS
    assert table["status"].value_counts().to_dict()["removed"] == 239
    assert result["OUTPUT_POINTS"].featureCount() == len(table)


def test_compare_algorithm_reports_an_unreadable_table(plugin, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("編號,X坐標,Y坐標,備註\n1,121,x,\n", encoding="utf-8")
    with pytest.raises(QgsProcessingException, match="line 2"):
        processing.run("twzoning:comparemarineappendix", {"OLD": str(TAOYUAN), "NEW": str(bad),
                                                           "OUTPUT": str(tmp_path / "c.csv")})
