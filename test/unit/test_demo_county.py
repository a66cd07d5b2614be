"""Checks of the committed demo county (test/data/demo_county.gpkg) and of its generator tools/make_demo_county.py.

No QGIS: the GeoPackage is read with GDAL's osgeo.ogr and checked with shapely 2.
"""
from __future__ import annotations

import csv
import importlib.util
import json
import math
import re
import sys
from collections import Counter
from pathlib import Path

import pytest

ogr = pytest.importorskip("osgeo.ogr")
shapely = pytest.importorskip("shapely")
from shapely.geometry import Point, Polygon  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
GPKG = ROOT / "test" / "data" / "demo_county.gpkg"
LANDMARKS = ROOT / "test" / "data" / "demo_county_landmarks.csv"
GENERATOR = ROOT / "tools" / "make_demo_county.py"
SECTW = ROOT.parent / "shared" / "data" / "sectw-land-sections" / "land_sections_2018-08-14.json"

POLYGON_LAYERS = (
    "縣市界", "海域", "地籍", "山坡地", "保安林", "國有林事業區", "水庫蓄水範圍", "自來水水質水量保護區",
    "地質敏感區（山崩與地滑）", "土石流潛勢溪流影響範圍", "林業試驗林地", "大專院校實驗林地", "國家公園範圍", "自然保留區",
    "野生動物保護區", "國家級重要濕地", "飲用水取水口一定距離", "河川區域線", "水道治理計畫線", "用地範圍線", "中央管河川區域",
    "農業經營專區", "養殖漁業生產區", "鄉村區", "原住民族土地", "特定專用區", "工業區", "開發許可", "重大建設計畫",
    "都市計畫範圍", "都市計畫使用分區", "人工魚礁區及保護礁區", "海底電纜或管道設置範圍", "港區範圍", "航道及其疏濬工程範圍",
    "漁業權範圍", "錨地範圍",
)
LINE_LAYERS = ("平均高潮線", "土石流潛勢溪流")
MARINE_LAYERS = ("人工魚礁區及保護礁區", "海底電纜或管道設置範圍", "港區範圍", "航道及其疏濬工程範圍", "漁業權範圍", "錨地範圍")
PARCEL_FIELDS = {
    "county": ogr.OFTString, "town": ogr.OFTString, "office": ogr.OFTString, "section": ogr.OFTString,
    "section_name": ogr.OFTString, "parcel_no": ogr.OFTString, "reg_area": ogr.OFTReal, "nu_zone": ogr.OFTString,
    "nu_landuse": ogr.OFTString, "owner_type": ogr.OFTString, "current_use": ogr.OFTString,
    "registered": ogr.OFTInteger, "indigenous": ogr.OFTInteger, "slope_land": ogr.OFTInteger,
}
NU_ZONES = {"特定農業區", "一般農業區", "鄉村區", "工業區", "森林區", "山坡地保育區", "風景區", "國家公園區", "河川區", "特定專用區"}
NU_LANDUSES = {"甲種建築用地", "乙種建築用地", "丙種建築用地", "丁種建築用地", "農牧用地", "林業用地", "養殖用地", "交通用地",
               "水利用地", "遊憩用地", "國土保安用地", "生態保護用地", "特定目的事業用地", "殯葬用地"}
CURRENT_USES = {"農業使用", "建築使用", "道路", "水路", "森林", "荒地", "工業使用", "水域"}
EPS = 1e-6


# ------------------------------------------------------------------------------------------------------------------
# Reading
# ------------------------------------------------------------------------------------------------------------------
def read_gpkg(path: Path) -> dict:
    """{layer name: [(shapely geometry, {field: value}), ...]} in fid order."""
    ds = ogr.Open(str(path))
    assert ds is not None, f"cannot open {path}"
    out = {}
    for i in range(ds.GetLayerCount()):
        lyr = ds.GetLayerByIndex(i)
        feats = []
        for f in lyr:
            g = f.GetGeometryRef()
            feats.append((shapely.from_wkb(bytes(g.ExportToWkb())) if g is not None else None, f.items()))
        out[lyr.GetName()] = feats
    return out


@pytest.fixture(scope="module")
def layers() -> dict:
    if not GPKG.exists():
        pytest.fail(f"{GPKG} is missing: run `python tools/make_demo_county.py`")
    return read_gpkg(GPKG)


@pytest.fixture(scope="module")
def parcels(layers) -> list:
    return layers["地籍"]


@pytest.fixture(scope="module")
def county(layers):
    return layers["縣市界"][0][0]


@pytest.fixture(scope="module")
def landmarks() -> list:
    with open(LANDMARKS, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def key(attrs: dict) -> str:
    return f"{attrs['office']}|{attrs['section']}|{attrs['parcel_no']}"


def feature(layers, layer: str, **match):
    found = [(g, a) for g, a in layers[layer] if all(a.get(k) == v for k, v in match.items())]
    assert len(found) == 1, f"{layer} {match}: {len(found)} features"
    return found[0][0]


def load_generator():
    """Import tools/make_demo_county.py (not a package) as the module ``make_demo_county``."""
    if "make_demo_county" in sys.modules:
        return sys.modules["make_demo_county"]
    spec = importlib.util.spec_from_file_location("make_demo_county", GENERATOR)
    module = importlib.util.module_from_spec(spec)
    sys.modules["make_demo_county"] = module  # dataclasses look their module up while the class is created
    spec.loader.exec_module(module)
    return module


# ------------------------------------------------------------------------------------------------------------------
# Layers
# ------------------------------------------------------------------------------------------------------------------
def test_every_layer_exists_in_epsg_3826():
    ds = ogr.Open(str(GPKG))
    names = {ds.GetLayerByIndex(i).GetName(): ds.GetLayerByIndex(i) for i in range(ds.GetLayerCount())}
    missing = [n for n in POLYGON_LAYERS + LINE_LAYERS if n not in names]
    assert not missing, f"missing layers: {missing}"
    for name, lyr in names.items():
        srs = lyr.GetSpatialRef()
        assert srs is not None and srs.GetAuthorityCode(None) == "3826", f"{name}: CRS is not EPSG:3826"
        assert lyr.GetFeatureCount() > 0, f"{name} is empty"
        gtype = ogr.GT_Flatten(lyr.GetGeomType())
        expected = ogr.wkbLineString if name in LINE_LAYERS else ogr.wkbMultiPolygon
        assert gtype == expected, f"{name}: geometry type {ogr.GeometryTypeToName(gtype)}"


def test_indicator_layers_have_a_name_and_valid_geometries(layers):
    for name, feats in layers.items():
        if name == "地籍":
            continue
        for g, a in feats:
            assert a.get("name"), f"{name}: feature without name (案名)"
            assert g is not None and not g.is_empty and g.is_valid, f"{name} {a.get('name')}: bad geometry"
    assert {a["county"] for _, a in layers["縣市界"]} == {"示範縣"}


def test_file_is_small():
    assert GPKG.stat().st_size < 5_000_000


# ------------------------------------------------------------------------------------------------------------------
# Parcels
# ------------------------------------------------------------------------------------------------------------------
def test_parcel_fields_are_exact():
    ds = ogr.Open(str(GPKG))  # keep the data source alive while its layer is used
    defn = ds.GetLayerByName("地籍").GetLayerDefn()
    fields = {defn.GetFieldDefn(i).GetName(): defn.GetFieldDefn(i).GetType() for i in range(defn.GetFieldCount())}
    assert fields == PARCEL_FIELDS


def test_parcel_count_is_a_few_thousand(parcels):
    assert 3000 <= len(parcels) <= 6000


def test_parcel_keys_are_unique(parcels):
    keys = Counter(key(a) for _, a in parcels if a["registered"] == 1)
    assert [k for k, n in keys.items() if n > 1] == []


def test_parcel_numbers(parcels):
    pattern = re.compile(r"^\d{4}-\d{4}$")
    subs = Counter()
    for _, a in parcels:
        if a["registered"] == 1:
            assert pattern.match(a["parcel_no"]), a["parcel_no"]
            subs[a["parcel_no"][5:]] += 1
        else:
            assert a["parcel_no"] == "", "unregistered land has no 地號"
        assert re.match(r"^[A-Z]{2}$", a["office"]) and re.match(r"^\d{4}$", a["section"]), key(a)
    assert subs["0001"] > 20, "split parcels (子號 0001) are missing"


def test_parcel_geometries_are_valid(parcels):
    bad = [key(a) for g, a in parcels if g is None or g.is_empty or not g.is_valid or g.area <= 0
           or g.geom_type not in ("Polygon", "MultiPolygon")]
    assert bad == []


def test_parcels_do_not_overlap(parcels):
    geoms = [g for g, _ in parcels]
    tree = shapely.STRtree(geoms)
    left, right = tree.query(geoms, predicate="intersects")
    overlaps = []
    for i, j in zip(left, right):
        if i < j:
            area = geoms[i].intersection(geoms[j]).area
            if area > 0.01:
                overlaps.append((key(parcels[i][1]), key(parcels[j][1]), area))
    assert overlaps == []


def test_parcels_cover_the_county_land_exactly(parcels, county):
    geoms = [g for g, _ in parcels]
    union = shapely.union_all(geoms)
    assert abs(sum(g.area for g in geoms) - union.area) < 1.0, "parcels overlap"
    assert union.symmetric_difference(county).area < 1.0, "parcels and county land differ"
    assert 2.5e7 < county.area < 3.5e7, "land part should be about 6 km x 5 km"


def test_registered_area_is_close_to_geometry_area(parcels):
    for g, a in parcels:
        if a["registered"] == 1:
            assert abs(a["reg_area"] - g.area) <= 0.005 * g.area, f"{key(a)}: {a['reg_area']} vs {g.area:.2f}"
            assert round(a["reg_area"], 2) == a["reg_area"]
        else:  # documented case: unregistered land has no registered area
            assert a["reg_area"] == 0.0
    assert sum(1 for g, a in parcels if a["registered"] == 1 and a["reg_area"] != round(g.area, 2)) > 1000, \
        "registered areas should carry a small realistic discrepancy"


def test_parcel_attribute_domains(parcels, layers):
    plan = layers["都市計畫範圍"][0][0]
    zones, uses = Counter(), Counter()
    for g, a in parcels:
        assert a["county"] == "示範縣"
        assert a["town"] in ("海濱鄉", "平原鎮", "山腳鄉")
        assert a["owner_type"] in ("公有", "私有")
        assert a["current_use"] in CURRENT_USES
        assert a["registered"] in (0, 1) and a["indigenous"] in (0, 1) and a["slope_land"] in (0, 1)
        urban = plan.contains(g.representative_point())
        if urban:
            assert (a["nu_zone"], a["nu_landuse"], a["registered"]) == ("", "", 1), key(a)
        elif a["registered"] == 1:
            assert a["nu_zone"] in NU_ZONES, key(a)
            if a["nu_zone"] == "國家公園區":
                assert a["nu_landuse"] == ""
            else:
                assert a["nu_landuse"] in NU_LANDUSES, key(a)
        zones[a["nu_zone"]] += 1
        uses[a["nu_landuse"]] += 1
    assert NU_ZONES <= set(zones), f"zones never used: {NU_ZONES - set(zones)}"
    assert NU_LANDUSES <= set(uses), f"land uses never used: {NU_LANDUSES - set(uses)}"
    assert 2 <= sum(1 for _, a in parcels if a["registered"] == 0) <= 3


def test_parcel_sizes_by_kind(parcels):
    def areas(pred):
        return sorted(g.area for g, a in parcels if pred(a))

    farm = areas(lambda a: a["nu_landuse"] == "農牧用地" and a["nu_zone"] in ("特定農業區", "一般農業區"))
    assert 1000 <= farm[len(farm) // 2] <= 10000, "median farmland parcel should be 0.1-1 ha"
    assert sum(1000 <= x <= 12500 for x in farm) > 0.95 * len(farm)
    rural = areas(lambda a: a["nu_zone"] == "鄉村區" and a["nu_landuse"] in ("甲種建築用地", "乙種建築用地"))
    assert len(rural) > 100 and rural[0] >= 150 and rural[-1] <= 1000
    forest = areas(lambda a: a["nu_zone"] == "森林區" and a["nu_landuse"] == "林業用地")
    assert 20000 <= forest[len(forest) // 2] <= 200000
    assert all(a["slope_land"] == 1 for g, a in parcels if a["nu_zone"] in ("森林區", "山坡地保育區")
               and a["nu_landuse"] == "林業用地")
    for _, a in parcels:
        if a["nu_landuse"] in ("交通用地", "水利用地") and a["nu_zone"] in ("特定農業區", "一般農業區"):
            assert a["owner_type"] == "公有"
        if a["nu_zone"] == "河川區":
            assert (a["nu_landuse"], a["owner_type"]) == ("水利用地", "公有")


def test_ditches_and_farm_roads_are_narrow_strips(parcels):
    for g, a in parcels:
        if a["nu_zone"] in ("特定農業區", "一般農業區") and a["current_use"] in ("道路", "水路"):
            width = 2.0 * g.area / g.length
            limit = 8.5 if a["current_use"] == "水路" else 22.0
            assert width < limit, f"{key(a)} is {width:.1f} m wide"


def test_sections_are_the_copied_table(parcels):
    gen = load_generator()
    table = {(town, office, code, name) for town, office, code, name in gen.SECTIONS}
    used = {(a["town"], a["office"], a["section"], a["section_name"]) for _, a in parcels}
    assert used == table


@pytest.mark.shared
def test_section_codes_exist_in_sectw():
    if not SECTW.exists():
        pytest.skip(f"{SECTW} not available (needs ../shared)")
    data = json.loads(SECTW.read_text(encoding="utf-8"))
    real = {}
    for county in data["counties"]:
        if county["name"] == "桃園市":
            for town in county["towns"]:
                for s in town["sections"]:
                    real[(s["office"], s["code"])] = s["section_name"] + s["small_section_name"]
    for _, office, code, name in load_generator().SECTIONS:
        assert real.get((office, code)) == name, f"{office}{code} {name}"


# ------------------------------------------------------------------------------------------------------------------
# Designed cases
# ------------------------------------------------------------------------------------------------------------------
def test_agricultural_zone_encloses_two_general_agriculture_areas(layers, parcels):
    zone = feature(layers, "農業經營專區", name="海濱鄉稻米農業經營專區")
    polys = list(shapely.get_parts(zone))
    assert len(polys) == 1
    holes = sorted(Polygon(r).area for r in polys[0].interiors)
    assert len(holes) == 2
    assert 8000 <= holes[0] <= 10000 and 23000 <= holes[1] <= 27000, holes
    inside = [a for g, a in parcels if zone.contains(g.representative_point())]
    share = sum(a["current_use"] == "農業使用" for a in inside if a["nu_landuse"] == "農牧用地") / len(inside)
    assert share > 0.7
    for r in polys[0].interiors:
        hole = Polygon(r)
        in_hole = [a for g, a in parcels if hole.contains(g.representative_point())]
        assert in_hole and all(a["current_use"] == "農業使用" and a["nu_zone"] == "一般農業區" for a in in_hole)


def test_rural_districts(layers, parcels):
    rural = {a["name"]: g for g, a in layers["鄉村區"]}
    assert len(rural) == 4
    for name, g in rural.items():
        assert len(shapely.get_parts(g)) == 1, name
    union = shapely.union_all([g for g, a in parcels if a["nu_zone"] == "鄉村區"])
    assert union.symmetric_difference(shapely.union_all(list(rural.values()))).area < 1.0
    b, c = rural["頂厝鄉村區"], rural["下厝鄉村區"]
    assert not b.intersects(c) and b.distance(c) < 10.0, "B and C are separated only by a farm road"
    indigenous = layers["原住民族土地"][0][0]
    assert [n for n, g in rural.items() if indigenous.contains(g)] == ["山腳部落鄉村區"]
    for name, g in rural.items():  # concave districts: notches make the hull clearly bigger
        if name != "山腳部落鄉村區":
            assert g.convex_hull.area - g.area > 5000.0, name


def test_notch_parcels(layers, parcels, landmarks):
    by_key = {key(a): (g, a) for g, a in parcels}
    rows = {r["id"]: r for r in landmarks}
    rural = {a["name"]: g for g, a in layers["鄉村區"]}

    def notch(ids, district):
        found = [by_key[rows[i]["value"]] for i in ids]
        for _, a in found:
            assert a["nu_zone"] != "鄉村區" and a["nu_landuse"] == "農牧用地"
        g = shapely.union_all([g for g, _ in found])
        border = g.boundary.intersection(rural[district].buffer(0.01)).length
        assert border > 0.6 * g.length, f"{ids} not concave into {district}"  # three sides of four
        assert border < 0.9 * g.length, f"{ids} enclosed by {district}, not a notch"
        return g, found

    g, _ = notch(["rural_a_notch_0_6ha"], "海口鄉村區")
    assert 5500 <= g.area <= 6500
    g, _ = notch([f"rural_b_notch_{k}" for k in (1, 2, 3)], "頂厝鄉村區")
    assert 11000 <= g.area <= 13000
    g, found = notch(["rural_c_notch_1ha"], "下厝鄉村區")
    assert found[0][1]["reg_area"] == 10000.00


def test_protruding_lane(layers, parcels, landmarks):
    row = next(r for r in landmarks if r["id"] == "rural_a_protruding_lane")
    g, a = next((g, a) for g, a in parcels if key(a) == row["value"])
    assert (a["nu_zone"], a["nu_landuse"]) == ("鄉村區", "交通用地")
    assert 2.0 * g.area / g.length < 5.0, "the lane is narrow"
    others = shapely.union_all([q for q, b in parcels if b["nu_zone"] == "鄉村區" and key(b) != key(a)])
    assert g.boundary.intersection(others.buffer(0.01)).length < 0.2 * g.length, "the lane sticks out"


def test_special_purpose_zones(layers, parcels):
    zones = [g for g, _ in layers["特定專用區"]]
    assert len(zones) == 2
    areas = sorted(z.area for z in zones)
    assert all(10000 < x < 20000 for x in areas) and sum(areas) >= 20000
    assert zones[0].distance(zones[1]) < 10.0 and not zones[0].intersects(zones[1])
    holes = [Polygon(r) for z in zones for p in shapely.get_parts(z) for r in p.interiors]
    assert len(holes) == 1 and 3500 <= holes[0].area <= 4500
    enclosed = [a for g, a in parcels if holes[0].contains(g.representative_point())]
    assert len(enclosed) == 1 and enclosed[0]["nu_landuse"] == "農牧用地"
    outside = [g for g, a in parcels if a["nu_landuse"] == "特定目的事業用地" and a["nu_zone"] != "特定專用區"]
    assert len(outside) == 1 and not any(z.intersects(outside[0]) for z in zones)
    spz = shapely.union_all([g for g, a in parcels if a["nu_zone"] == "特定專用區"])
    assert spz.symmetric_difference(shapely.union_all(zones)).area < 1.0


def test_urban_plan(layers, parcels, landmarks):
    plan = layers["都市計畫範圍"][0][0]
    zoning = layers["都市計畫使用分區"]
    assert {a["分區"] for _, a in zoning} >= {"住宅區", "商業區", "農業區", "保護區"}
    assert shapely.union_all([g for g, _ in zoning]).symmetric_difference(plan).area < 1.0
    agri = sorted(g.area for g, a in zoning if a["分區"] == "農業區")
    assert len(agri) == 2 and agri[0] < 100000 <= agri[1]
    urban = shapely.union_all([g for g, a in parcels if a["nu_zone"] == "" and a["registered"] == 1])
    assert urban.difference(plan).area < 1.0
    # the plan follows the urban parcels except where its staked boundary crosses one farm parcel (RULES.md §6.6)
    mark = next(m for m in landmarks if m["id"] == "urban_plan_straddling_parcel")
    straddling = [(g, a) for g, a in parcels if key(a) == mark["value"]]
    assert len(straddling) == 1
    geom, attrs = straddling[0]
    assert attrs["nu_zone"] and attrs["nu_landuse"] == "農牧用地"
    extra = plan.difference(urban)
    assert extra.difference(geom).area < 1.0
    assert 0.1 * geom.area < extra.area < 0.5 * geom.area
    assert sum(1 for g, _ in parcels if 1.0 < g.intersection(plan).area < g.area - 1.0) == 1


def test_slope_land_and_indigenous_flags(layers, parcels):
    slope = layers["山坡地"][0][0]
    flagged = shapely.union_all([g for g, a in parcels if a["slope_land"] == 1])
    assert flagged.symmetric_difference(slope).area < 1.0
    indigenous = layers["原住民族土地"][0][0]
    for g, a in parcels:
        assert a["indigenous"] == int(indigenous.contains(g.representative_point())), key(a)
    for g, _ in layers["地質敏感區（山崩與地滑）"]:
        assert g.intersection(slope).area > 0.1 * g.area and g.difference(slope).area > 0.1 * g.area


def test_water_quality_area_covers_forest_and_farmland(layers, parcels):
    wq = layers["自來水水質水量保護區"][0][0]
    zones = {a["nu_zone"] for g, a in parcels if wq.contains(g.representative_point())}
    assert "森林區" in zones and zones & {"特定農業區", "一般農業區"}


def test_forest_indicators(layers):
    assert {a["分區"] for _, a in layers["國有林事業區"]} == {"自然保護區", "國土保安區", "林木經營區", "森林育樂區"}
    county = layers["縣市界"][0][0]
    park = layers["國家公園範圍"][0][0]
    assert 0 < park.intersection(county).area < 0.1 * county.area, "national park only in a corner"
    for name in ("林業試驗林地", "大專院校實驗林地", "自然保留區", "野生動物保護區", "水庫蓄水範圍", "保安林"):
        for g, _ in layers[name]:
            assert g.intersection(county).area > 0, name
    debris = {a["name"]: g for g, a in layers["土石流潛勢溪流"]}
    for g, a in layers["土石流潛勢溪流影響範圍"]:
        assert g.intersects(debris[a["name"]])


def test_river_lines(layers, parcels, county):
    area_line = layers["河川區域線"][0][0]
    assert layers["中央管河川區域"][0][0].equals(area_line)
    for name in ("水道治理計畫線", "用地範圍線"):
        other = layers[name][0][0]
        assert other.difference(area_line).area > 1000 and area_line.difference(other).area > 1000, name
    assert layers["水道治理計畫線"][0][0].area < area_line.area < layers["用地範圍線"][0][0].area
    river = shapely.union_all([g for g, a in parcels if a["nu_zone"] == "河川區"])
    assert river.symmetric_difference(area_line.intersection(county)).area < 1.0
    intake = layers["飲用水取水口一定距離"][0][0]
    ring = list(shapely.get_parts(intake))[0].exterior.coords[:-1]
    assert len(ring) == 64
    assert area_line.contains(shapely.centroid(intake))
    wetland = layers["國家級重要濕地"][0][0]
    assert wetland.intersection(layers["海域"][0][0]).area > 0 and wetland.intersection(county).area > 0
    assert wetland.intersects(area_line)


def test_mean_high_tide_line_is_the_coast(layers, county):
    mht = layers["平均高潮線"][0][0]
    sea = layers["海域"][0][0]
    assert county.boundary.buffer(0.01).contains(mht)
    assert sea.boundary.buffer(0.01).contains(mht)
    assert county.intersection(sea).area < 1.0
    assert mht.length > 5000.0
    assert sea.bounds[0] < county.bounds[0] - 8000.0, "sea out to about 9 km offshore"


def test_marine_indicators(layers):
    sea = layers["海域"][0][0].buffer(0.01)
    for name in MARINE_LAYERS:
        for g, a in layers[name]:
            assert sea.contains(g), f"{name} {a['name']} leaves the sea area"
    reefs = layers["人工魚礁區及保護礁區"]
    assert len(reefs) == 3
    circles = 0
    for g, _ in reefs:
        ring = list(shapely.get_parts(g))[0].exterior.coords[:-1]
        c = shapely.centroid(g)
        dists = [math.hypot(x - c.x, y - c.y) for x, y in ring]
        if len(ring) == 64 and max(dists) - min(dists) < 1e-3:
            circles += 1
            assert 300 <= dists[0] <= 600
    assert circles == 2, "two 64-vertex circles and one stadium"
    cable = layers["海底電纜或管道設置範圍"][0][0]
    junctions = [g for g, _ in reefs if cable.boundary.intersects(g.boundary)]
    assert junctions, "the cable corridor must cross a reef area"
    assert {a["漁業權類別"] for _, a in layers["漁業權範圍"]} == {"定置", "區劃", "專用"}


def test_stadium_reef_is_a_segment_buffer(layers, landmarks):
    row = next(r for r in landmarks if r["id"] == "reef_centre_3")
    g = feature(layers, "人工魚礁區及保護礁區", name=row["value"])
    centre = Point(float(row["x"]), float(row["y"]))
    outline = list(shapely.get_parts(g))[0].exterior
    far = max(centre.distance(Point(p)) for p in outline.coords)
    near = outline.distance(centre)  # the radius, across the axis
    assert 300 <= near <= 600
    assert far - near == pytest.approx(150.0, abs=0.5), "half of the 300 m axis"


def test_harbour_has_vertices_on_the_mean_high_tide_line(layers):
    mht = layers["平均高潮線"][0][0]
    coast = set(mht.coords)
    harbour = layers["港區範圍"][0][0]
    on_line = [v for p in shapely.get_parts(harbour) for v in p.exterior.coords[:-1] if v in coast]
    assert len(on_line) >= 3
    off_line = [v for p in shapely.get_parts(harbour) for v in p.exterior.coords[:-1] if mht.distance(Point(v)) > 1]
    assert len(off_line) >= 2, "the harbour also reaches out to sea"


# ------------------------------------------------------------------------------------------------------------------
# Landmarks
# ------------------------------------------------------------------------------------------------------------------
def test_landmarks_lie_in_the_features_they_describe(layers, parcels, landmarks):
    ids = [r["id"] for r in landmarks]
    assert len(ids) == len(set(ids)) and len(ids) >= 20
    for r in landmarks:
        pt = Point(float(r["x"]), float(r["y"]))
        layer, field, value, relation = r["layer"], r["field"], r["value"], r["relation"]
        if layer == "地籍":
            if field == "key":
                cands = [g for g, a in parcels if key(a) == value]
                assert len(cands) == 1, r["id"]
            else:
                cands = [g for g, a in parcels if str(a[field]) == value and g.contains(pt)]
        else:
            cands = [g for g, a in layers[layer] if str(a.get(field)) == value]
        assert cands, f"{r['id']}: no {layer} feature with {field}={value}"
        if relation == "inside":
            assert any(g.contains(pt) for g in cands), r["id"]
        elif relation == "in_hole":
            assert any(not g.contains(pt) and any(Polygon(p.exterior).contains(pt) for p in shapely.get_parts(g))
                       for g in cands), r["id"]
        elif relation == "circle_centre":
            ring = list(shapely.get_parts(cands[0]))[0].exterior.coords[:-1]
            dists = [pt.distance(Point(v)) for v in ring]
            assert len(ring) == 64 and max(dists) - min(dists) < 1e-3, r["id"]
        elif relation == "vertex_on_mht":
            verts = [v for p in shapely.get_parts(cands[0]) for v in p.exterior.coords]
            assert any(pt.distance(Point(v)) < 1e-3 for v in verts), r["id"]
            assert layers["平均高潮線"][0][0].distance(pt) < 1e-3, r["id"]
        elif relation == "on_boundary":
            assert cands[0].boundary.distance(pt) < 1e-2, r["id"]
        else:
            pytest.fail(f"{r['id']}: unknown relation {relation}")


# ------------------------------------------------------------------------------------------------------------------
# Generator
# ------------------------------------------------------------------------------------------------------------------
def test_generator_reproduces_the_committed_file(tmp_path):
    gen = load_generator()
    out = tmp_path / "demo_county.gpkg"
    assert gen.main(["--seed", str(gen.DEFAULT_SEED), "--out", str(out)]) == 0
    fresh, committed = read_gpkg(out), read_gpkg(GPKG)
    assert list(fresh) == list(committed), "layer names or order differ"
    for name in committed:
        a, b = fresh[name], committed[name]
        assert len(a) == len(b), name
        for (ga, va), (gb, vb) in zip(a, b):
            assert va == vb, f"{name}: attributes differ"
            assert shapely.to_wkb(ga) == shapely.to_wkb(gb), f"{name} {va}: geometry differs"
    assert (tmp_path / "demo_county_landmarks.csv").read_bytes() == LANDMARKS.read_bytes()


def test_the_seed_drives_the_generator(parcels):
    other = load_generator().build(1)
    assert [round(p.geom.area, 2) for p in other.pieces] != [round(g.area, 2) for g, _ in parcels]
