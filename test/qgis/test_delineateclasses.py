"""twzoning:delineateclasses through processing.run: hand-made layers (always), the demo county 示範縣 and the real
layers of one county (test/data/eland_county_clip.gpkg, 宜蘭縣)."""
from __future__ import annotations

import csv
import json
import sqlite3
from pathlib import Path

import pytest
import shapely
from qgis import processing
from qgis.core import QgsApplication, QgsProcessingException, QgsVectorLayer
from shapely.geometry import Point

from twzoning.core.fields import CANDIDATE_FIELDS, ZONE_FIELDS

from .conftest import memory_layer

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "test" / "data" / "demo_county.gpkg"
LANDMARKS = ROOT / "test" / "data" / "demo_county_landmarks.csv"
CLIP = ROOT / "test" / "data" / "eland_county_clip.gpkg"
ALG = "twzoning:delineateclasses"
#: Layers of the two GeoPackages given through their own parameters rather than INDICATORS.
OWN_PARAMS = {"地籍": "PARCELS", "海域": "SEA", "縣市海域區": "SEA", "平均高潮線": "MHT", "縣市界": "COUNTY"}


def square(x0, y0, x1, y1) -> str:
    return f"POLYGON(({x0} {y0},{x1} {y0},{x1} {y1},{x0} {y1},{x0} {y0}))"


def polygons(name, *features, fields="name:string", crs="EPSG:3826"):
    uri = f"Polygon?crs={crs}&" + "&".join(f"field={f}" for f in fields.split(","))
    return memory_layer(uri, name, features)


def run(**params):
    for out in ("OUTPUT", "OUTPUT_CANDIDATES", "OUTPUT_STATISTICS", "OUTPUT_ISSUES"):
        params.setdefault(out, "memory:")
    return processing.run(ALG, params)


def zones(result) -> list[dict]:
    layer = result["OUTPUT"] if not isinstance(result["OUTPUT"], str) else QgsVectorLayer(result["OUTPUT"])
    out = []
    for f in layer.getFeatures():
        row = {k: f[k] for k in f.fields().names()}
        row["geometry"] = shapely.from_wkb(bytes(f.geometry().asWkb()))
        out.append(row)
    return out


def at(rows, x, y) -> dict:
    hits = [r for r in rows if r["geometry"].contains(Point(x, y))]
    assert len(hits) == 1, (x, y, [(r["class_code"], r["rule_id"]) for r in hits])
    return hits[0]


def no_overlaps(rows) -> float:
    geoms = [r["geometry"] for r in rows]
    tree = shapely.STRtree(geoms)
    left, right = tree.query(geoms, predicate="intersects")
    return sum(shapely.intersection(geoms[a], geoms[b]).area for a, b in zip(left, right) if a < b)


def gpkg(path: Path, exclude=()) -> dict[str, QgsVectorLayer]:
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        names = [r[0] for r in db.execute("SELECT table_name FROM gpkg_contents WHERE data_type='features' "
                                          "ORDER BY rowid")]
    layers = {}
    for name in names:
        if name in exclude:
            continue
        layer = QgsVectorLayer(f"{path}|layername={name}", name, "ogr")
        assert layer.isValid(), name
        layers[name] = layer
    return layers


def county_params(path: Path, **extra) -> dict:
    layers = gpkg(path)
    params = {OWN_PARAMS[n]: lyr for n, lyr in layers.items() if n in OWN_PARAMS}
    params["INDICATORS"] = [lyr for n, lyr in layers.items() if n not in OWN_PARAMS]
    params.update(extra)
    return params


# ============================================================================================== registration
def test_registered_with_help_and_declared_outputs(plugin):
    alg = QgsApplication.processingRegistry().algorithmById(ALG)
    assert alg is not None and alg.shortHelpString()
    for param in alg.parameterDefinitions():
        assert param.help(), param.name()
    outputs = {o.name() for o in alg.outputDefinitions()}
    assert {"OUTPUT", "OUTPUT_CANDIDATES", "OUTPUT_STATISTICS", "OUTPUT_ISSUES", "CLASS_STATISTICS",
            "LAND_AREA_M2", "SEA_AREA_M2", "UNKNOWN_LAYERS", "AREA_M2_CON1", "PATCHES_MAR3"} <= outputs


# ============================================================================================== hand-made layers
def _small_county():
    county = polygons("縣市界", (square(0, 0, 2000, 1000), ["示範縣"]))
    sea = polygons("海域", (square(-1000, 0, 0, 1000), ["示範縣海域"]))
    reservoir = polygons("水庫蓄水範圍", (square(100, 100, 500, 400), ["山腳水庫"]))
    reef = polygons("人工魚礁區及保護礁區", (square(-800, 600, -500, 900), ["示範礁區"]))
    return county, sea, reservoir, reef


def test_fields_contract_and_rule_ids(plugin):
    county, sea, reservoir, reef = _small_county()
    result = run(INDICATORS=[reservoir, reef], SEA=sea, COUNTY=county)
    out = result["OUTPUT"]
    assert [f.name() for f in out.fields()] == [n for n, _k in ZONE_FIELDS]
    cand_names = [f.name() for f in result["OUTPUT_CANDIDATES"].fields()]
    assert cand_names[: len(CANDIDATE_FIELDS)] == [n for n, _k in CANDIDATE_FIELDS]
    rows = zones(result)
    hit = at(rows, 300, 200)
    assert (hit["class_code"], hit["rule_id"], hit["class_name"]) == ("CON1", "CON1-4", "國土保育地區第1類")
    assert "山腳水庫" in hit["reason"] and hit["area_m2"] == pytest.approx(120000.0)
    assert at(rows, -600, 700)["class_code"] == "MAR1_1"
    assert (at(rows, -100, 100)["class_code"], at(rows, -100, 100)["rule_id"]) == ("MAR3", "MAR3-RESID")
    assert (at(rows, 1500, 500)["class_code"], at(rows, 1500, 500)["rule_id"]) == ("AGR2", "LAND-RESID")
    assert result["LAND_AREA_M2"] == pytest.approx(2_000_000.0) and result["SEA_AREA_M2"] == pytest.approx(1e6)
    stats = {r["class_code"]: r for r in json.loads(result["CLASS_STATISTICS"])}
    assert stats["CON1"]["area_m2"] == pytest.approx(120000.0) and stats["CON1"]["patch_count"] == 1
    assert result["AREA_M2_CON1"] == pytest.approx(120000.0) and result["PATCHES_MAR1_1"] == 1
    assert result["OUTPUT_STATISTICS"].featureCount() == 19


def test_unknown_layer_is_refused_or_reported(plugin):
    county, sea, reservoir, _reef = _small_county()
    odd = polygons("某不明圖層", (square(0, 0, 10, 10), ["x"]))
    with pytest.raises(QgsProcessingException):
        run(INDICATORS=[reservoir, odd], SEA=sea, COUNTY=county)
    result = run(INDICATORS=[reservoir, odd], SEA=sea, COUNTY=county, SKIP_UNKNOWN=True)
    assert result["UNKNOWN_LAYERS"] == "某不明圖層"
    issues = [(f["code"], f["layer"]) for f in result["OUTPUT_ISSUES"].getFeatures()]
    assert ("LAYER_UNKNOWN", "某不明圖層") in issues


def test_geographic_or_mixed_crs_is_refused(plugin):
    county, sea, reservoir, _reef = _small_county()
    lonlat = polygons("自然保留區", (square(121, 24, 121.01, 24.01), ["x"]), crs="EPSG:4326")
    with pytest.raises(QgsProcessingException):
        run(INDICATORS=[lonlat])
    with pytest.raises(QgsProcessingException):
        run(INDICATORS=[reservoir, lonlat], COUNTY=county)


def test_agr1_threshold_parameter_is_a_local_rule(plugin):
    """農1 thresholds are parameters (Q7); a changed one is recorded as 因地制宜 where it changes the map."""
    county = polygons("縣市界", (square(0, 0, 2000, 1000), ["示範縣"]))
    zone = polygons("農業經營專區", (square(0, 0, 480, 500), ["示範專區"]))  # 24 ha
    fields = "office:string,section:string,parcel_no:string,nu_zone:string,nu_landuse:string,owner_type:string," \
             "current_use:string"
    parcels = polygons("地籍", (square(0, 0, 480, 500), ["HA", "0001", "0001-0000", "一般農業區", "農牧用地", "私有",
                                                         "農業使用"]), fields=fields)
    base = zones(run(INDICATORS=[zone], PARCELS=parcels, COUNTY=county))
    assert at(base, 100, 100)["class_code"] == "AGR2"
    rows = zones(run(INDICATORS=[zone], PARCELS=parcels, COUNTY=county, AGR1_MIN_AREA=200000))
    row = at(rows, 100, 100)
    assert (row["class_code"], row["scope"]) == ("AGR1", "因地制宜")
    assert "agr1_min_block_area" in row["reason"]


# ============================================================================================== demo county 示範縣
demo = pytest.mark.skipif(not DEMO.exists() or not LANDMARKS.exists(),
                          reason="test/data/demo_county.gpkg is not there yet (make demo-data)")


def landmarks() -> dict[str, tuple[float, float]]:
    with LANDMARKS.open(encoding="utf-8") as fh:
        return {r["id"]: (float(r["x"]), float(r["y"])) for r in csv.DictReader(fh)}


@demo
def test_demo_county_classes_at_hand_checked_places(plugin, tmp_path):
    out = tmp_path / "zoning.gpkg"
    result = run(**county_params(DEMO), OUTPUT=str(out))
    rows = zones(result)
    lm = landmarks()
    expected = {
        "reservoir": ("CON1", "CON1-4"),                 # 表20 (4) 水庫蓄水範圍
        "agr_enclosed_0_9ha": ("AGR1", "AGR2-IN-AGR1"),  # §2.2: 0.9 ha 農2 island inside 農1
        "agr_enclosed_2_5ha": ("AGR2", "AGR2-NU"),       # 2.5 ha: not absorbed
        "urban_agri_big": ("AGR5", "AGR5-UP"),           # urban agricultural zone ≥ 10 ha, ≥ 80 %
        "urban_agri_small": ("URB1", "URB1-UP"),         # < 10 ha: stays 城1
        "national_park_corner": ("CON3", "CON3-NP"),
        "reef_centre_1": ("MAR1_1", "MAR11-IND"),
        "wetland_sea_side": ("MAR1_1", "MAR11-IND"),     # the wetland's sea-side part is 海1-1, not 國1
        "industrial_zone": ("URB2_1", "URB21-IND"),
        "rural_d_indigenous": ("URB3", "URB3-RUR"),
        "rural_a_protruding_lane": ("AGR4", "RUR-AGR4"),
    }
    for key, (code, rule) in expected.items():
        row = at(rows, *lm[key])
        assert (row["class_code"], row["rule_id"]) == (code, rule), key
    assert "0.9" in at(rows, *lm["agr_enclosed_0_9ha"])["reason"]
    assert "劃設疑義" in at(rows, *lm["agr_enclosed_2_5ha"])["reason"]
    assert no_overlaps(rows) < 0.01
    assert all(r["geometry"].is_valid for r in rows) and min(r["area_m2"] for r in rows) >= 1.0
    assert result["GAP_AREA_M2"] < 1.0
    layers = gpkg(DEMO)
    county = shapely.from_wkb(bytes(next(layers["縣市界"].getFeatures()).geometry().asWkb()))
    sea = shapely.from_wkb(bytes(next(layers["海域"].getFeatures()).geometry().asWkb()))
    # no gap: land + sea is the county and its sea, to the square metre (the sea side wins where they overlap)
    assert result["LAND_AREA_M2"] + result["SEA_AREA_M2"] == pytest.approx(shapely.union(county, sea).area, abs=1.0)
    assert all(r["scope"] == "通案" for r in rows)
    with sqlite3.connect(out) as db:  # the class style travels inside the GeoPackage (qgis_process, models)
        assert db.execute("SELECT styleName, useAsDefault FROM layer_styles").fetchall() == [("zoning_classes", 1)]


@demo
def test_demo_county_preset_changes_the_river_exactly_where_the_rule_says(plugin):
    national = zones(run(**county_params(DEMO)))
    taoyuan = zones(run(**county_params(DEMO, PRESET="taoyuan")))
    local = [r for r in taoyuan if r["scope"] == "因地制宜"]
    assert local and all((r["class_code"], r["rule_id"]) == ("CON1", "CON1-6") for r in local)
    assert all("river_boundary_mode" in r["reason"] for r in local)
    con1 = shapely.union_all([r["geometry"] for r in national if r["class_code"] == "CON1"])
    widened = shapely.union_all([r["geometry"] for r in local])
    assert shapely.intersection(widened, con1).area < 1.0  # only land that was not 國1 nationally
    lines = gpkg(DEMO)
    def union_of(name):
        return shapely.union_all([shapely.from_wkb(bytes(f.geometry().asWkb())) for f in lines[name].getFeatures()])
    widest = shapely.union_all([union_of("河川區域線"), union_of("水道治理計畫線"), union_of("用地範圍線")])
    assert shapely.difference(widened, widest).area < 1.0  # the change lies within the union of the 3 lines


@demo
def test_demo_county_input_order_does_not_change_the_result(plugin):
    params = county_params(DEMO)
    first = zones(run(**params))
    params["INDICATORS"] = list(reversed(params["INDICATORS"]))
    second = zones(run(**params))

    def key(rows):
        return sorted((r["class_code"], r["rule_id"], r["indicator_id"], round(r["area_m2"], 2)) for r in rows)

    assert key(first) == key(second)


# ============================================================================================== real layers
@pytest.mark.skipif(not CLIP.exists(), reason="test/data/eland_county_clip.gpkg missing (tools/make_eland_county_clip.py)")
def test_real_county_clip_runs_repairs_and_has_no_overlaps(plugin):
    """宜蘭縣 from the real 2019 layers: every invalid geometry of a layer that is used is repaired and reported,
    layers that are not indicators are reported, the map has no overlaps."""
    layers = gpkg(CLIP)
    result = run(**county_params(CLIP))
    issues = [(f["code"], f["layer"], f["feature_id"]) for f in result["OUTPUT_ISSUES"].getFeatures()]
    not_used = {layer for code, layer, _fid in issues if code == "LAYER_NOT_INDICATOR"}
    invalid = set()
    for name, layer in layers.items():  # independent count, with GEOS through QGIS
        for f in layer.getFeatures():
            if not f.geometry().isGeosValid():
                invalid.add((name, f.id()))
    assert len(invalid) == 9
    repaired = {(layer, fid) for code, layer, fid in issues if code == "GEOM_REPAIRED"}
    assert {x for x in invalid if x[0] not in not_used} == repaired
    assert {x[0] for x in invalid} - {x[0] for x in repaired} <= not_used
    rows = zones(result)
    assert no_overlaps(rows) < 0.1
    assert all(r["geometry"].is_valid for r in rows)
    assert result["UNKNOWN_LAYERS"] == ""
    assert result["AREA_M2_CON1"] > 0 and result["AREA_M2_MAR1_1"] > 0 and result["AREA_M2_MAR3"] > 0
