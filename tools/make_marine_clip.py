"""Cut ``test/data/marine_real_clip.gpkg``: the real marine layers of ONE county's sea (Taoyuan, 桃園) from
``../shared/data/eland-cpami-wfs-2019/``, reprojected to EPSG:3826, for the always-on tests of twzoning:marinepoints.

Layers (names as the rule set recognises them):

* ``人工魚礁區及保護礁區`` — the 7 Taoyuan reef areas (COUNTYNAME 桃園縣), features and fields as published;
* ``海底電纜或管道設置範圍-纜線`` — the cable lines that reach the Taoyuan sea (桃園至南竿), cut to the clip box;
* ``平均高潮線`` — the mean high tide line, cut to the clip box;
* ``海域`` — the Taoyuan sea (縣市海域區) with its landward edge moved onto the mean high tide line. The 2019 sea
  layer's coast lies 10-1000 m off the 2019 mean high tide line; the algorithm expects the legal land/sea boundary
  (the mean high tide line) there, so the part of the sea on the land side of the line is removed and the sea-side
  gap within ``GAP`` metres of the line is added (this widens the two lateral ends by at most ``GAP`` along the
  coast). The offshore limits are unchanged.

Usage: ``python tools/make_marine_clip.py [--src ../shared/data/eland-cpami-wfs-2019] [--out test/data/...]``.
Needs shapely 2, pyproj and GDAL's ogr (the venv has them). Deterministic.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np
import shapely
from osgeo import gdal, ogr, osr
from pyproj import Transformer

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT.parent / "shared" / "data" / "eland-cpami-wfs-2019"
OUT = ROOT / "test" / "data" / "marine_real_clip.gpkg"
COUNTY_SEA = ("桃園縣", "桃園市")
REEF_COUNTY = ("桃園縣", "桃園市")
CABLE_NAME = "南竿"  # the Taoyuan-Nangan cables are the lines reaching the Taoyuan sea
MARGIN = 3000.0  # m around the sea area: the clip box
GAP = 1500.0  # m: the widest gap between the 2019 sea layer's coast and the 2019 mean high tide line (measured)


def load(name: str) -> tuple[list[dict], list]:
    data = json.loads((SRC / name).read_text(encoding="utf-8"))
    to3826 = Transformer.from_crs(4326, 3826, always_xy=True)

    def project(coords):
        x, y = to3826.transform(coords[:, 0], coords[:, 1])
        return np.column_stack([x, y])

    props, geoms = [], []
    for feature in data["features"]:
        geom = shapely.from_geojson(json.dumps(feature["geometry"]))
        props.append(feature["properties"])
        geoms.append(shapely.transform(geom, project))
    return props, geoms


def county_sea(src_props, src_geoms):
    hits = [g for p, g in zip(src_props, src_geoms) if str(p.get("CITYNAME", "")).strip() in COUNTY_SEA]
    if len(hits) != 1:
        raise SystemExit(f"expected one sea polygon of {COUNTY_SEA}, found {len(hits)}")
    return shapely.make_valid(hits[0])


def sea_on_mht(sea, mht):
    """The sea with its landward edge on the mean high tide line (see the module docstring)."""
    box = shapely.box(*sea.bounds).buffer(MARGIN, join_style="mitre")
    faces = shapely.get_parts(shapely.polygonize([shapely.union_all([box.boundary, mht])]))
    sea_core = sea.buffer(-GAP)  # certainly sea: far from the coast
    inside = [f for f in faces if f.intersects(sea_core)]
    sea_side = shapely.union_all(inside)
    band = shapely.intersection(mht.buffer(GAP), sea.buffer(GAP))
    fixed = shapely.union_all([shapely.intersection(sea, sea_side), shapely.intersection(sea_side, band)])
    parts = sorted(shapely.get_parts(shapely.make_valid(fixed)), key=lambda g: -g.area)
    return shapely.MultiPolygon([p for p in parts if p.geom_type == "Polygon"][:1])


def write(path: Path, layers: list[tuple[str, int, list[str], list[dict], list]]) -> None:
    if path.exists():
        path.unlink()
    gdal.SetConfigOption("OGR_CURRENT_DATE", "2026-01-01T00:00:00Z")  # fixed GeoPackage timestamps
    driver = ogr.GetDriverByName("GPKG")
    ds = driver.CreateDataSource(str(path))
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(3826)
    for name, gtype, fields, props, geoms in layers:
        layer = ds.CreateLayer(name, srs, gtype, options=["SPATIAL_INDEX=NO"])
        for field in fields:
            sample = next((p[field] for p in props if p.get(field) is not None), "")
            kind = ogr.OFTReal if isinstance(sample, float) else ogr.OFTInteger64 if isinstance(sample, int) \
                else ogr.OFTString
            layer.CreateField(ogr.FieldDefn(field, kind))
        for p, g in zip(props, geoms):
            feature = ogr.Feature(layer.GetLayerDefn())
            for field in fields:
                if p.get(field) is not None:
                    feature.SetField(field, p[field])
            feature.SetGeometry(ogr.CreateGeometryFromWkb(shapely.to_wkb(g)))
            layer.CreateFeature(feature)
    ds = None


def main(argv=None) -> int:
    global SRC
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--src", type=Path, default=SRC)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    SRC = args.src
    sea_props, sea_geoms = load("縣市海域區.json")
    sea = county_sea(sea_props, sea_geoms)
    box = shapely.box(*sea.bounds).buffer(MARGIN, join_style="mitre")
    mht_props, mht_geoms = load("平均高潮線.json")
    mht = [(p, shapely.intersection(g, box)) for p, g in zip(mht_props, mht_geoms) if g.intersects(box)]
    mht = [(p, g) for p, g in mht if not g.is_empty]
    mht_union = shapely.union_all([g for _p, g in mht])
    fixed_sea = sea_on_mht(sea, mht_union)
    reef_props, reef_geoms = load("人工魚礁區及保護礁區.json")
    reefs = [(p, g) for p, g in zip(reef_props, reef_geoms) if str(p.get("COUNTYNAME", "")).strip() in REEF_COUNTY]
    cable_props, cable_geoms = load("海底電纜或管道設置範圍-纜線.json")
    cables = [(p, shapely.intersection(g, box)) for p, g in zip(cable_props, cable_geoms)
              if CABLE_NAME in str(p.get("name", "")) and g.intersects(sea)]
    layers = [
        ("人工魚礁區及保護礁區", ogr.wkbMultiPolygon, list(reefs[0][0]), [p for p, _g in reefs],
         [shapely.MultiPolygon(shapely.get_parts(g)) for _p, g in reefs]),
        ("海底電纜或管道設置範圍-纜線", ogr.wkbMultiLineString, list(cables[0][0]), [p for p, _g in cables],
         [shapely.MultiLineString(shapely.get_parts(g)) for _p, g in cables]),
        ("平均高潮線", ogr.wkbMultiLineString, list(mht[0][0]), [p for p, _g in mht],
         [shapely.MultiLineString(shapely.get_parts(shapely.line_merge(g) if g.geom_type == "MultiLineString"
                                                    else g)) for _p, g in mht]),
        ("海域", ogr.wkbMultiPolygon, ["CITYNAME", "note"],
         [{"CITYNAME": "桃園市", "note": "縣市海域區 2019, landward edge moved onto 平均高潮線 (tools/make_marine_clip.py)"}],
         [fixed_sea]),
    ]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    write(args.out, layers)
    print(f"{args.out}: {len(reefs)} reefs, {len(cables)} cable lines, {len(mht)} MHT features, sea "
          f"{fixed_sea.area / 1e6:.1f} km² ({args.out.stat().st_size / 1024:.0f} KiB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
