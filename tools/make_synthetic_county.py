#!/usr/bin/env python3
"""Generate a synthetic county cadastre of any size for the benchmark (issue #10).

The county is a strip of *tiles* along a long west coast. Every tile is one demo county 示範縣 built by
``tools/make_demo_county.py`` (about 5,300 parcels on 6 km x 5 km: consolidated farmland strips with farm roads and
irrigation ditches as parcels, rural districts, an urban plan, an industrial zone, slope land and forests, a river and
the indicator layers of RULES.md §1 and §5), translated north by ``TILE_PITCH`` metres per tile. Between two tiles
there is a 1.5 km strip of land without parcels, so no parcel of one tile touches a parcel of another: every tile is
decided exactly like the demo county alone, which is what lets the benchmark check that a whole county and a single
tile give the same register.

The layers a county has once are made county-wide:

* ``海域`` (sea area) is ONE long polygon: from the offshore limit to the mean high tide line of every tile, joined
  across the gaps (a coastline of about 6.6 km per tile, 1,250 km and 30,000 vertices at 1 M parcels);
* ``平均高潮線`` (mean high tide line) is ONE line, the landward edge of that sea polygon;
* ``縣市界`` (county boundary) is one multipolygon;
* every other indicator layer holds one copy of the demo's features per tile (so counts grow with the county).

Parcel keys stay unique: tile ``k`` gets land-section codes ``k * 12 + i`` (``i`` the index of the demo section),
written as four digits, the form of the real codes. ``tile_of_section`` maps a code back to (tile, demo section).

Deterministic: the tile is built from ``--seed`` with the demo generator's single ``random.Random``; features are
written in tile order with fids 1..n and fixed GeoPackage timestamps.

Usage::

    python tools/make_synthetic_county.py --parcels 100000 [--seed 20261124] --out bench/data/county_100k.gpkg
"""
from __future__ import annotations

import argparse
import copy
import dataclasses
import functools
import math
import sys
import time
from pathlib import Path

import numpy as np
import shapely
from shapely.geometry import LineString, Polygon

sys.path.insert(0, str(Path(__file__).resolve().parent))
import make_demo_county as demo  # noqa: E402  (sibling tool, imported not edited)

#: Northward offset between two tiles (m): the demo's sea area spans 6.6 km north-south, its land 5 km.
TILE_PITCH = 6600.0
#: x of the sea boundary in the middle of a gap between two tiles (the coast turns offshore there, like a headland).
GAP_SEA_X = demo.SEA_WEST_X + 1000.0
#: How far the sea runs beyond the first and last tile (m), as in the demo county.
SEA_OVERHANG = 800.0
SECTION_COUNT = len(demo.SECTIONS)
#: Margin (m) beyond a cropped strip to which the indicator layers are kept (parcels may reach past the strip).
STRIP_MARGIN = 500.0


def crop_tile(b: demo.Builder, strip: float) -> demo.Builder:
    """Keep only the southern ``strip`` metres of the tile (in place; for small test counties): parcels whose
    representative point lies in the strip, every other layer clipped to the strip plus ``STRIP_MARGIN``."""
    y_top = demo.Y_SOUTH + strip
    points = shapely.point_on_surface(np.array([p.geom for p in b.pieces], dtype=object))
    keep = shapely.get_y(points) < y_top
    b.pieces = [p for p, k in zip(b.pieces, keep) if k]
    rect = (demo.SEA_WEST_X - 1.0, demo.Y_SOUTH - 2 * SEA_OVERHANG, demo.EAST_X + 2000.0, y_top + STRIP_MARGIN)
    layers = {}
    for name, feats in b.layers.items():
        clipped = []
        for g, values in feats:
            c = shapely.clip_by_rect(g, *rect)
            if g.geom_type in ("LineString", "MultiLineString"):
                c = shapely.line_merge(c) if c.geom_type == "MultiLineString" else c
            else:
                c = shapely.make_valid(c)
                c = shapely.union_all([x for x in shapely.get_parts(c) if x.geom_type == "Polygon"])
            if not c.is_empty and c.geom_type in ("LineString", "Polygon", "MultiPolygon"):
                clipped.append((c, values))
        if clipped:
            layers[name] = clipped
    b.layers = layers
    return b


def tiles_for(parcels: int, per_tile: int) -> int:
    """Number of tiles so that the county has at least ``parcels`` parcels (at least one tile)."""
    return max(1, math.ceil(parcels / per_tile))


def section_code(tile: int, section_index: int) -> str:
    """Land-section code of demo section ``section_index`` in tile ``tile``."""
    return f"{tile * SECTION_COUNT + section_index:04d}"


def tile_of_section(code: str) -> tuple[int, str]:
    """(tile, demo section code) of a synthetic land-section code."""
    n = int(code)
    return n // SECTION_COUNT, demo.SECTIONS[n % SECTION_COUNT][2]


def long_coast(mht: LineString, tiles: int) -> list[tuple[float, float]]:
    """The mean high tide line of the whole county, south to north: each tile's line joined across the gaps
    through a point offshore in the middle of the gap."""
    coords = list(mht.coords)
    if coords[0][1] > coords[-1][1]:
        coords.reverse()
    y0, y1 = coords[0][1], coords[-1][1]
    out: list[tuple[float, float]] = []
    for k in range(tiles):
        dy = k * TILE_PITCH
        if k:
            out.append((GAP_SEA_X, (y1 + dy - TILE_PITCH + y0 + dy) / 2.0))
        out.extend((x, y + dy) for x, y in coords)
    return out


def long_sea(coast: list[tuple[float, float]]) -> Polygon:
    """The county's sea area: from the offshore limit to the long coast, overhanging both ends."""
    south, north = coast[0], coast[-1]
    ring = [(demo.SEA_WEST_X, south[1] - SEA_OVERHANG)] + coast + [(demo.SEA_WEST_X, north[1] + SEA_OVERHANG)]
    sea = Polygon(ring)
    if not sea.is_valid:
        raise AssertionError("long sea polygon is invalid")
    return sea


def tile_builder(b: demo.Builder, tiles: int) -> demo.Builder:
    """Replace the builder's parcels and layers by ``tiles`` translated copies (in place) and return it."""
    pieces = list(b.pieces)
    codes = {s[2]: i for i, s in enumerate(demo.SECTIONS)}
    new_pieces = []
    for k in range(tiles):
        dy = k * TILE_PITCH
        geoms = shapely.transform(np.array([p.geom for p in pieces], dtype=object),
                                  lambda xy, dy=dy: xy + (0.0, dy))
        for p, g in zip(pieces, geoms):
            attrs = dict(p.attrs)
            attrs["section"] = section_code(k, codes[p.attrs["section"]])
            new_pieces.append(dataclasses.replace(p, geom=g, attrs=attrs))
    layers = {}
    for name, feats in b.layers.items():
        if name in ("海域", "平均高潮線", "縣市界"):
            continue
        copies = []
        for k in range(tiles):
            dy = k * TILE_PITCH
            for g, values in feats:
                copies.append((shapely.transform(g, lambda xy, dy=dy: xy + (0.0, dy)), dict(values)))
        layers[name] = copies
    coast = long_coast(b.layers["平均高潮線"][0][0], tiles)
    mht_values = dict(b.layers["平均高潮線"][0][1])
    sea_values = dict(b.layers["海域"][0][1])
    county_geom, county_values = b.layers["縣市界"][0]
    county = shapely.union_all([shapely.transform(county_geom, lambda xy, dy=k * TILE_PITCH: xy + (0.0, dy))
                                for k in range(tiles)])
    layers["海域"] = [(long_sea(coast), sea_values)]
    layers["平均高潮線"] = [(LineString(coast), mht_values)]
    layers["縣市界"] = [(county, dict(county_values))]
    b.pieces = new_pieces
    b.layers = layers
    return b


@functools.lru_cache(maxsize=2)
def demo_tile(seed: int) -> demo.Builder:
    """The demo county of ``seed`` (built once per process; callers copy it before replacing its parcels/layers)."""
    return demo.build(seed)


def generate(parcels: int, out: Path, seed: int = demo.DEFAULT_SEED, strip: float | None = None) -> dict:
    """Build and write a county with at least ``parcels`` parcels; returns a summary dict. ``strip`` (metres) crops
    every tile to its southern strip (small counties for tests)."""
    b = copy.copy(demo_tile(seed))
    if strip:
        crop_tile(b, strip)
    per_tile = len(b.pieces)
    tiles = tiles_for(parcels, per_tile)
    tile_builder(b, tiles)
    demo.write_gpkg(b, out)
    return {"path": str(out), "seed": seed, "strip": strip, "tiles": tiles, "parcels_per_tile": per_tile,
            "parcels": len(b.pieces), "layers": len(b.layers) + 1,
            "coast_vertices": len(b.layers["平均高潮線"][0][0].coords)}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--parcels", type=int, required=True, help="minimum number of parcels (whole tiles are written)")
    ap.add_argument("--seed", type=int, default=demo.DEFAULT_SEED)
    ap.add_argument("--strip", type=float, default=None, help="crop each tile to its southern strip (metres)")
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    summary = generate(args.parcels, args.out, args.seed, args.strip)
    print(f"{args.out}: {summary['parcels']} parcels in {summary['tiles']} tiles, "
          f"{args.out.stat().st_size / 1e6:.1f} MB, {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
