"""twzoning:riverboundary through processing.run: the river area of 國1 in the modes of DECISIONS.md Q16 / 表17."""
from __future__ import annotations

from pathlib import Path

import pytest
import shapely
from qgis import processing
from qgis.core import QgsApplication, QgsProcessingException, QgsVectorLayer

from .conftest import memory_layer

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "test" / "data" / "demo_county.gpkg"
ALG = "twzoning:riverboundary"
MODES = {"rule set": 0, "河川區域線": 1, "最寬": 2, "水道治理計畫線": 3, "用地範圍線": 4, "徵收清冊": 5, "分段": 6}


def square(x0, y0, x1, y1) -> str:
    return f"POLYGON(({x0} {y0},{x1} {y0},{x1} {y1},{x0} {y1},{x0} {y0}))"


def polygons(name, *wkts):
    return memory_layer("Polygon?crs=EPSG:3826&field=name:string", name, [(w, ["示範溪"]) for w in wkts])


def run(**params):
    params.setdefault("OUTPUT", "memory:")
    return processing.run(ALG, params)


def features(result):
    return [{**{k: f[k] for k in f.fields().names()}, "geometry": shapely.from_wkb(bytes(f.geometry().asWkb()))}
            for f in result["OUTPUT"].getFeatures()]


def lines():
    area = polygons("河川區域線", square(0, 0, 1000, 100))
    plan = polygons("水道治理計畫線", square(0, -20, 600, 100))    # 20 m wider to the south for 600 m
    use = polygons("用地範圍線", square(400, 0, 1000, 130))        # 30 m wider to the north for 600 m
    return area, plan, use


def test_registered_with_help(plugin):
    alg = QgsApplication.processingRegistry().algorithmById(ALG)
    assert alg is not None and alg.shortHelpString()
    for param in alg.parameterDefinitions():
        assert param.help(), param.name()
    mode = alg.parameterDefinition("MODE")
    assert mode.options()[1].startswith("河川區域線") and mode.options()[2].startswith("最寬")


def test_default_mode_is_the_river_area_line(plugin):
    area, plan, use = lines()
    result = run(RIVER_AREA_LINE=area, REGULATION_LINE=plan, ACQUISITION_LINE=use)
    assert result["MODE_USED"] == "河川區域線" and result["AREA_M2"] == pytest.approx(100000.0)
    rows = features(result)
    assert {(r["line"], r["class_code"], r["rule_id"], r["scope"]) for r in rows} == {
        ("河川區域線", "CON1", "CON1-6", "通案")}


def test_widest_needs_a_justification_which_is_written_into_the_output(plugin):
    area, plan, use = lines()
    with pytest.raises(QgsProcessingException):
        run(RIVER_AREA_LINE=area, REGULATION_LINE=plan, ACQUISITION_LINE=use, MODE=MODES["最寬"])
    result = run(RIVER_AREA_LINE=area, REGULATION_LINE=plan, ACQUISITION_LINE=use, MODE=MODES["最寬"],
                 JUSTIFICATION="依審議會決議取最寬者")
    assert result["AREA_M2"] == pytest.approx(100000 + 600 * 20 + 600 * 30)
    rows = features(result)
    by_line = {}
    for r in rows:
        by_line[r["line"]] = by_line.get(r["line"], 0.0) + r["area_m2"]
        assert r["justification"] == "依審議會決議取最寬者" and "依審議會決議取最寬者" in r["reason"]
        assert r["scope"] == "因地制宜"
    assert by_line == pytest.approx({"河川區域線": 100000.0, "水道治理計畫線": 12000.0, "用地範圍線": 18000.0})


def test_county_preset_selects_the_mode_and_its_justification(plugin):
    area, plan, use = lines()
    result = run(RIVER_AREA_LINE=area, REGULATION_LINE=plan, ACQUISITION_LINE=use, PRESET="taoyuan")
    assert result["MODE_USED"] == "最寬" and result["AREA_M2"] == pytest.approx(130000.0)
    assert all("取最寬者" in r["justification"] for r in features(result))
    result = run(RIVER_AREA_LINE=area, REGULATION_LINE=plan, ACQUISITION_LINE=use, PRESET="kaohsiung")
    # 「有公告水道治理計畫線或用地範圍線者，依上開範圍」: 0-600 m by the regulation line, 600-1000 m by the
    # land-acquisition line (its 30 m strip along the first stretch is wider than river_segment_strip_max_width)
    assert result["MODE_USED"] == "分段"
    assert {r["line"] for r in features(result)} == {"水道治理計畫線", "用地範圍線"}
    assert result["AREA_M2"] == pytest.approx(600 * 120 + 400 * 130 + 200 * 30)


def test_closed_lines_and_a_missing_line(plugin):
    ring = memory_layer("LineString?crs=EPSG:3826&field=name:string", "河川區域線",
                        [("LINESTRING(0 0,1000 0,1000 100,0 100,0 0)", ["示範溪"])])
    result = run(RIVER_AREA_LINE=ring)
    assert result["AREA_M2"] == pytest.approx(100000.0)
    with pytest.raises(QgsProcessingException):
        run(RIVER_AREA_LINE=ring, MODE=MODES["用地範圍線"], JUSTIFICATION="x")


def test_expropriation_list_as_a_table_of_parcel_keys(plugin):
    fields = "&".join(f"field={f}:string" for f in ("office", "section", "parcel_no"))
    parcels = memory_layer(f"Polygon?crs=EPSG:3826&{fields}", "地籍", [
        (square(0, -10, 300, 110), ["HA", "0001", "0001-0000"]),
        (square(300, -10, 600, 110), ["HA", "0001", "0002-0000"]),
    ])
    listing = memory_layer(f"None?{fields}", "徵收清冊", [(None, ["HA", "0001", "0001-0000"]),
                                                          (None, ["HA", "0001", "0099-0000"])])
    area, _plan, _use = lines()
    result = run(RIVER_AREA_LINE=area, EXPROPRIATION=listing, PARCELS=parcels, MODE=MODES["分段"],
                 JUSTIFICATION="已徵收河段依徵收清冊", PRESET="tainan")
    rows = features(result)
    # 徵收清冊 where expropriated (0-300 m, 120 m wide), the 河川區域線 beyond it (300-1000 m)
    assert {(r["line"], round(r["area_m2"])) for r in rows} == {("徵收清冊", 36000), ("河川區域線", 70000)}
    result = run(RIVER_AREA_LINE=area, EXPROPRIATION=listing, PARCELS=parcels, MODE=MODES["最寬"],
                 JUSTIFICATION="x")
    assert result["AREA_M2"] == pytest.approx(100000 + 300 * 20)


@pytest.mark.skipif(not DEMO.exists(), reason="test/data/demo_county.gpkg is not there yet (make demo-data)")
def test_demo_county_three_lines(plugin):
    def layer(name):
        lyr = QgsVectorLayer(f"{DEMO}|layername={name}", name, "ogr")
        assert lyr.isValid()
        return lyr

    params = {"RIVER_AREA_LINE": layer("河川區域線"), "REGULATION_LINE": layer("水道治理計畫線"),
              "ACQUISITION_LINE": layer("用地範圍線")}
    default = run(**params)
    widest = run(**params, PRESET="taoyuan")
    assert widest["AREA_M2"] > default["AREA_M2"] > 0
    union = shapely.union_all([shapely.from_wkb(bytes(f.geometry().asWkb()))
                               for n in ("河川區域線", "水道治理計畫線", "用地範圍線") for f in layer(n).getFeatures()])
    assert widest["AREA_M2"] == pytest.approx(union.area, rel=1e-9)
