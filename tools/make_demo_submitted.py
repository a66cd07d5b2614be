#!/usr/bin/env python3
"""Make the demo "submitted" map of 示範縣 (``test/data/demo_submitted.gpkg``) for ``twzoning:checkresults``.

The submitted map is the plugin's own general-rule result of the demo county (delineation, then the parcels assigned
with the class boundaries followed, BND-FOLLOW) with one deliberate change of each of the 7 difference types of
RULES.md §8.1, chosen by fixed criteria so that the file is the same on every run. Each change is described in the
layer ``deliberate_changes`` and in ``test/data/demo_submitted.README.md``.

Layers written:

* ``三階國土功能分區圖`` — the submitted map: one polygon per parcel piece; the class in the field ``分區分類`` as a
  Chinese name (國土保育地區第1類 …: the checker must accept names as well as codes), the parcel keys.
* ``自來水水質水量保護區_新版`` — a newer version of the 自來水水質水量保護區 indicator (type 2).
* ``因地制宜劃設範圍`` — the area of a county-specific rule, field ``name`` (type 5).
* ``第3階段應辦事項`` — the area of a stage-3 task of the county plan, field ``name`` (type 6).
* ``deliberate_changes`` — one polygon per change: ``change_id``, ``diff_type`` (the type it was made as),
  ``parcel_key``, ``from_class``, ``to_class``, ``note``.

Needs shapely 2, pandas and GDAL's ``osgeo.ogr`` (no QGIS). Usage::

    python tools/make_demo_submitted.py [--data test/data/demo_county.gpkg] [--out test/data/demo_submitted.gpkg]
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import shapely

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from core import delineation as dl  # noqa: E402
from core.catalogue import class_name  # noqa: E402
from core.fileio import atomic_target  # noqa: E402
from core.parcels import assign_parcels  # noqa: E402
from core.ruleset import load_ruleset  # noqa: E402
from core.sporadic import find_sporadic  # noqa: E402
from core.units import build_units  # noqa: E402

DEFAULT_DATA = ROOT / "test" / "data" / "demo_county.gpkg"
DEFAULT_OUT = ROOT / "test" / "data" / "demo_submitted.gpkg"
SUBMITTED = "三階國土功能分區圖"
UPDATED = "自來水水質水量保護區_新版"
UPDATED_INDICATOR = "自來水水質水量保護區"
LOCAL = "因地制宜劃設範圍"
STAGE3 = "第3階段應辦事項"
CHANGES = "deliberate_changes"
CLASS_FIELD = "分區分類"
ROLES = {"地籍": "parcels", "海域": "sea", "平均高潮線": "mht", "縣市界": "county"}
OFFSET_WIDTH = 0.4  # m: the synthetic offset strip (below the 1 m default tolerance)
MIN_PIECE = 200.0   # m²: changed pieces are at least this large (no sliver, no offset)
SPORADIC_RESPONSES = ("4(1)", "4(2)", "4(3)", "4(4)")  # one change per response found in the candidates
MIN_SHARED_EDGE = 50.0  # m: the offset strip runs along a cadastral line at least this long
NEAR_UPDATE = 100.0  # m: the parcel the newer indicator version adds lies this close to the old version


# ------------------------------------------------------------------------------------------------ reading / writing
def read_layer(path: Path, name: str) -> tuple[np.ndarray, pd.DataFrame]:
    from osgeo import ogr

    ds = ogr.Open(str(path))
    lyr = ds.GetLayerByName(name)
    if lyr is None:
        raise SystemExit(f"{path} has no layer {name!r}")
    geoms, rows = [], []
    for f in lyr:
        g = f.GetGeometryRef()
        geoms.append(shapely.from_wkb(bytes(g.ExportToWkb())) if g is not None else None)
        rows.append(f.items())
    return np.array(geoms, dtype=object), pd.DataFrame(rows)


def layer_names(path: Path) -> list[str]:
    from osgeo import ogr

    ds = ogr.Open(str(path))
    return [ds.GetLayerByIndex(i).GetName() for i in range(ds.GetLayerCount())]


def write_gpkg(out: Path, layers: list[tuple[str, np.ndarray, pd.DataFrame]]) -> None:
    from osgeo import ogr, osr

    srs = osr.SpatialReference()
    srs.ImportFromEPSG(3826)
    with atomic_target(out) as tmp:
        Path(tmp).unlink()
        ds = ogr.GetDriverByName("GPKG").CreateDataSource(tmp)
        for name, geoms, attrs in layers:
            lyr = ds.CreateLayer(name, srs, ogr.wkbMultiPolygon, options=["FID=fid", "GEOMETRY_NAME=geom"])
            for col in attrs.columns:
                kind = ogr.OFTInteger if pd.api.types.is_integer_dtype(attrs[col]) else (
                    ogr.OFTReal if pd.api.types.is_float_dtype(attrs[col]) else ogr.OFTString)
                lyr.CreateField(ogr.FieldDefn(str(col), kind))
            defn = lyr.GetLayerDefn()
            for g, (_i, row) in zip(geoms, attrs.iterrows()):
                f = ogr.Feature(defn)
                for col in attrs.columns:
                    v = row[col]
                    f.SetField(str(col), v.item() if hasattr(v, "item") else v)
                f.SetGeometry(ogr.CreateGeometryFromWkb(shapely.to_wkb(shapely.multipolygons(shapely.get_parts(g)))))
                lyr.CreateFeature(f)
        ds = None


# ------------------------------------------------------------------------------------------------ the general rule
def general_rule(data: Path, rs):
    """The plugin's own result on the demo county: delineated zones and the parcel pieces (BND-FOLLOW)."""
    indicators, roles = [], {}
    for name in layer_names(data):
        geoms, attrs = read_layer(data, name)
        layer = dl.Layer(name, geoms, attrs)
        if name in ROLES:
            roles[ROLES[name]] = layer
        else:
            indicators.append(layer)
    res = dl.delineate(dl.Inputs(indicators=indicators, **roles), rs)
    parcels = roles["parcels"]
    pieces = assign_parcels(parcels.geoms, parcels.attrs, res.zones["geometry"].to_numpy(),
                            res.zones["class_code"].to_numpy(), rs, majority=False).pieces
    majority = assign_parcels(parcels.geoms, parcels.attrs, res.zones["geometry"].to_numpy(),
                              res.zones["class_code"].to_numpy(), rs, majority=True).pieces
    return res.zones, parcels, pieces.reset_index(drop=True), majority, indicators


def _wide(geom) -> bool:
    return shapely.area(geom) >= MIN_PIECE and not shapely.is_empty(shapely.buffer(geom, -2.0))


def _whole(pieces: pd.DataFrame) -> pd.Series:
    return (pieces["is_split"] == 0) & (pieces["class_code"] != "")


# ------------------------------------------------------------------------------------------------ the 7 changes
def make_changes(rs, zones, parcels, pieces, majority, indicators):
    """Pick one change of each type on the pieces (fixed criteria, first by parcel key); returns the submitted
    classes per piece, the new geometries where a piece is reshaped, the extra layers and the change records."""
    cls = pieces["class_code"].to_numpy().copy()
    geoms = pieces["geometry"].to_numpy().copy()
    used: set[str] = set()
    changes = []
    order = pieces.sort_values("parcel_key", kind="mergesort").index

    def record(n, idx, to, note):
        key = pieces.at[idx, "parcel_key"]
        changes.append({"change_id": len(changes) + 1, "diff_type": n, "parcel_key": key, "from_class": pieces.at[idx, "class_code"],
                        "to_class": to, "note": note, "geometry": geoms[idx] if n != 1 else None})
        used.add(key)

    whole = _whole(pieces)
    neighbours = shapely.STRtree(geoms)

    def free(i):
        return pieces.at[i, "parcel_key"] not in used and whole[i] and _wide(geoms[i])

    # 1. offset: a 0.4 m strip of a whole 農2 parcel along the cadastral line it shares with a whole 農1 parcel
    for i in order:
        if not (free(i) and cls[i] == "AGR2"):
            continue
        nb = [j for j in neighbours.query(geoms[i], predicate="touches") if cls[j] == "AGR1" and free(j)
              and shapely.length(shapely.intersection(shapely.boundary(geoms[i]), shapely.boundary(geoms[j])))
              >= MIN_SHARED_EDGE]
        if nb:
            j = nb[0]
            strip = shapely.intersection(geoms[i], shapely.buffer(shapely.boundary(geoms[j]), OFFSET_WIDTH))
            geoms[i] = shapely.difference(geoms[i], strip)
            geoms[j] = shapely.union(geoms[j], strip)
            changes.append({"change_id": len(changes) + 1, "diff_type": 1, "parcel_key": pieces.at[i, "parcel_key"],
                            "from_class": "AGR2", "to_class": "AGR1",
                            "note": f"農1 boundary moved {OFFSET_WIDTH} m into the 農2 parcel (map offset)",
                            "geometry": strip})
            used.update({pieces.at[i, "parcel_key"], pieces.at[j, "parcel_key"]})
            break
    # 2. data update: the new version of 自來水水質水量保護區 adds a whole 農2 parcel near it (within 100 m, outside
    #    the old version); submitted as 國2
    old_geoms = next(x for x in indicators if x.name == UPDATED_INDICATOR).geoms
    old = shapely.union_all([g for g in old_geoms if g is not None])
    new_version = None
    for i in order:
        if (free(i) and cls[i] == "AGR2" and shapely.dwithin(geoms[i], old, NEAR_UPDATE)
                and shapely.area(shapely.intersection(geoms[i], old)) < 1.0):
            new_version = shapely.union(old, geoms[i])
            record(2, i, "CON2", "added by the newer 自來水水質水量保護區 version; submitted as 國2")
            cls[i] = "CON2"
            break
    # 3. boundary decision: a parcel split 國2/農2 (or any pair the 50 % rule applies to) given whole to its majority
    maj = majority[majority["rule_id"] == "MAJ50"].sort_values("parcel_key", kind="mergesort")
    for key, to in zip(maj["parcel_key"], maj["class_code"]):
        idx = pieces.index[(pieces["parcel_key"] == key)]
        minority = [i for i in idx if cls[i] != to]
        if key in used or not minority or not all(_wide(geoms[i]) for i in minority):
            continue
        for i in minority:
            record(3, i, to, "parcel given whole to the class covering ≥ 50 % (MAJ50)")
            cls[i] = to
        break
    # 4. sporadic land: a candidate of find_sporadic / build_units on a whole parcel, one per response in
    #    SPORADIC_RESPONSES (the demo county has an SPZ-3 特定專用區 unit inclusion answered 4(1) and 鄉村區單元
    #    inclusions answered 4(3) and 4(4); its one 4(2) exclusion, a 4 m wide strip, is too narrow: _wide)
    cands = pd.concat([find_sporadic(pieces, rs).candidates, build_units(pieces, rs).candidates], ignore_index=True)
    sporadic_keys = set(cands["parcel_key"])
    cands = cands[cands["response_id"].isin(SPORADIC_RESPONSES)].sort_values("parcel_key", kind="mergesort")
    for resp in SPORADIC_RESPONSES:
        for row in cands[cands["response_id"] == resp].itertuples(index=False):
            idx = pieces.index[(pieces["parcel_key"] == row.parcel_key) & (pieces["class_code"] == row.from_class)]
            if len(idx) == 1 and free(idx[0]):
                record(4, idx[0], row.to_class, f"sporadic land by {row.rule_id} (response {row.response_id})")
                cls[idx[0]] = row.to_class
                break

    def plain(i, code):
        return free(i) and cls[i] == code and pieces.at[i, "parcel_key"] not in sporadic_keys

    # 5. 因地制宜: a whole 農2 parcel drawn as 城2-1 under a listed county rule
    local = None
    for i in order:
        if plain(i, "AGR2") and pieces.at[i, "parcel_key"] not in used:
            local = geoms[i]
            record(5, i, "URB2_1", "county rule: listed in 因地制宜劃設範圍")
            cls[i] = "URB2_1"
            break
    # 6. 第3階段應辦事項: a whole 農1 parcel drawn as 城2-3 under a listed stage-3 task
    stage3 = None
    for i in order:
        if plain(i, "AGR1"):
            stage3 = geoms[i]
            record(6, i, "URB2_3", "stage-3 task of the county plan: listed in 第3階段應辦事項")
            cls[i] = "URB2_3"
            break
    # 7. drawing error: a whole 國1 parcel of the river area (中央管河川區域) drawn as 農2
    ref_tree = shapely.STRtree(zones["geometry"].to_numpy())
    for i in order:
        if not plain(i, "CON1"):
            continue
        z = ref_tree.query(shapely.point_on_surface(geoms[i]), predicate="within")
        if len(z) and zones["indicator_id"].iloc[z[0]] == rs.match_indicator("中央管河川區域").id:
            record(7, i, "AGR2", "drawing error: river-area parcel (國1) drawn as 農2")
            cls[i] = "AGR2"
            break
    return cls, geoms, new_version, local, stage3, changes


def build(data: Path, out: Path) -> pd.DataFrame:
    rs = load_ruleset()
    zones, parcels, pieces, majority, indicators = general_rule(data, rs)
    cls, geoms, new_version, local, stage3, changes = make_changes(rs, zones, parcels, pieces, majority, indicators)
    got = sorted({c["diff_type"] for c in changes})
    if got != list(range(1, 8)):
        raise SystemExit(f"could not make a change of every type (made {got}); the demo county changed?")
    sub = pd.DataFrame({
        "parcel_key": pieces["parcel_key"], "town": pieces["town"], "section_name": pieces["section_name"],
        "parcel_no": pieces["parcel_no"], CLASS_FIELD: [class_name(c, "register", rs) for c in cls],
    })
    keep = ~shapely.is_empty(geoms)
    ch = pd.DataFrame(changes)
    layers = [
        (SUBMITTED, geoms[keep], sub[keep].reset_index(drop=True)),
        (UPDATED, np.array([new_version], dtype=object), pd.DataFrame({"name": ["示範縣自來水水質水量保護區（新版）"]})),
        (LOCAL, np.array([local], dtype=object), pd.DataFrame({"name": ["示範縣因地制宜原則：既有聚落周邊建地"]})),
        (STAGE3, np.array([stage3], dtype=object), pd.DataFrame({"name": ["示範縣國土計畫第3階段應辦事項：產業用地擴大"]})),
        (CHANGES, ch["geometry"].to_numpy(), ch.drop(columns="geometry")),
    ]
    write_gpkg(out, layers)
    return ch


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = parser.parse_args(argv)
    ch = build(args.data, args.out)
    print(ch.drop(columns="geometry").to_string(index=False))
    print(f"written {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
