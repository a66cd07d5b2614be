#!/usr/bin/env python3
"""Generate the synthetic demo county 示範縣 used by ``make demo`` and by the test suite.

The county is small but shaped like a real west-coast Taiwanese county (TWD97 / TM2, EPSG:3826, metres):

* a 6 km x 5 km land part between an irregular coast (the mean high tide line, 平均高潮線) in the west and a ridge in
  the east, with a sea area (海域) out to about 9 km offshore;
* a river (示範溪, 中央管河川) from the mountains to the sea, with three slightly different boundary lines;
* a plain of consolidated farmland: farm-road grid, an irrigation ditch through every block, strip parcels;
* rural districts (鄉村區) with internal lanes, concave notches, a protruding lane, one indigenous village;
* two small special-purpose zones (特定專用區) separated by a farm road, an industrial zone (工業區), an urban plan
  (都市計畫) with its own zoning whose staked boundary crosses one farm parcel, a development-permit area and a
  major-project area;
* mountains in the east (slope land, forests, a reservoir, a national-park corner, reserves);
* the indicator layers of the delineation rules (RULES.md §1) and the marine indicators (RULES.md §5).

Everything is synthetic except the land-office and land-section codes (see ``SECTIONS``). The generator is
deterministic: one ``random.Random(seed)``, sorted iteration, fixed fids and GeoPackage timestamps, so the same
``--seed`` gives the same features in the same order (the clock is only read to report the run time). It only needs
shapely 2 and GDAL's ``osgeo.ogr``/``osr``; nothing is read at run time.

Build steps (one function each): frame -> river -> roads and blocks -> designed regions -> splitting blocks into
parcels -> coverage cleaning -> parcel attributes and 地號 -> the staked urban-plan boundary (post-processing, no
random draw) -> land indicator layers -> marine layers -> landmarks.

Usage::

    python tools/make_demo_county.py [--seed 20261124] [--out test/data/demo_county.gpkg]

The landmarks CSV (named points the tests check) is written next to the GeoPackage as ``<stem>_landmarks.csv``.
"""
from __future__ import annotations

import argparse
import csv
import math
import os
import random
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import shapely
from shapely.geometry import LineString, MultiPolygon, Point, Polygon, box

# ------------------------------------------------------------------------------------------------------------------
# Synthetic design parameters. These describe the made-up county; they are NOT zoning rules.
# ------------------------------------------------------------------------------------------------------------------
DEFAULT_SEED = 20261124
DEFAULT_OUT = Path(__file__).resolve().parent.parent / "test" / "data" / "demo_county.gpkg"
EPSG = 3826  # TWD97 / TM2 zone 121
OGR_DATE = "2026-01-01T00:00:00Z"  # fixed GeoPackage metadata timestamps
COUNTY = "示範縣"
GRID = 0.01  # every designed coordinate is rounded to 1 cm

# Frame of the county.
Y_SOUTH, Y_NORTH = 2752000.0, 2757000.0  # nominal south / north boundary
COAST_X = 254000.0  # nominal x of the coast (the mean high tide line wiggles around it)
COAST_STEP = 40.0  # vertex spacing of the coast line
EAST_X = 260000.0  # nominal ridge line (east boundary)
SEA_WEST_X = 245000.0  # offshore limit of the county sea area (~9 km)
FOOTHILL_X = 257650.0  # nominal plain / mountain line; everything east of it is slope land (山坡地)
FOREST_X = 258400.0  # nominal line between 山坡地保育區 (west) and 森林區 (east)

# Farm-road grid of the plain (consolidated farmland, 農地重劃). Vertical roads at these x (jittered), horizontal
# roads every H_ROAD_STEP from H_ROAD_Y0. One vertical road is the provincial highway, one horizontal the county road.
V_ROADS = (254380.0, 254760.0, 255100.0, 255480.0, 255860.0, 256240.0, 256620.0, 257000.0, 257340.0)
HIGHWAY_COL = 2  # index in V_ROADS
H_ROAD_Y0, H_ROAD_STEP, H_ROAD_COUNT = 2752150.0, 205.0, 24
MAIN_ROAD_ROW = 15  # index of the horizontal road that is the county road
ROAD_JITTER = 12.0  # end-point jitter of grid roads (m): roads are straight but not axis-parallel
HIGHWAY_WIDTH, MAIN_ROAD_WIDTH = 20.0, 12.0
FARM_ROAD_WIDTH = (4.0, 8.0)
URBAN_STREET_WIDTH = 8.0
MOUNTAIN_ROAD_WIDTH = 8.0
DITCH_WIDTH = (2.0, 4.0)
ROAD_MAX_LEN = 420.0  # long road strips are cut into parcels of at most this length

# Parcel sizes (m and m²).
FARM_STRIP_WIDTH = (24.0, 92.0)  # farmland strips: about 0.2-0.9 ha between ditch and farm road
FARM_MIN_AREA = 900.0
FARMHOUSE_DEPTH = 22.0
P_FARMHOUSE, P_SPLIT = 0.035, 0.05  # share of strips with a 甲種建築用地 farmhouse lot / split into two parcels
RURAL_LANE_WIDTH = 4.0
RURAL_ROW_DEPTH = (23.0, 30.0)
RURAL_LOT_WIDTH = (12.0, 26.0)  # rural-district lots: about 150-800 m²
URBAN_LOT_WIDTH = (14.0, 28.0)
COMMERCIAL_LOT_WIDTH = (7.0, 13.0)
INDUSTRIAL_LOT_WIDTH = (45.0, 110.0)
LOT_MIN_WIDTH = 6.0  # thinner building lots are merged into a neighbour
FOREST_CELL_AREA = (80000.0, 20000.0)  # target / minimum area of a forest parcel (2-20 ha)
SLOPE_CELL_AREA = (20000.0, 6000.0)  # slope farmland and private forest in the foothills (~0.6-4 ha)
NP_CELL_AREA = (120000.0, 30000.0)
PROTECT_CELL_AREA = (8000.0, 2500.0)  # urban-plan 保護區
REG_AREA_SIGMA, REG_AREA_MAX = 0.0015, 0.0045  # registered area = geometry area x (1 + e), |e| < 0.45 %

# River 示範溪: control points of the centre line (east -> west), half widths of the 河川區域線 polygon.
RIVER_CONTROL = (
    (260500.0, 2755150.0), (259700.0, 2755000.0), (259100.0, 2755250.0), (258500.0, 2754900.0),
    (257900.0, 2755050.0), (257300.0, 2754700.0), (256600.0, 2754500.0), (255900.0, 2754650.0),
    (255200.0, 2754350.0), (254600.0, 2754250.0), (253600.0, 2754200.0),
)
RIVER_HALF_WIDTH_MOUNTAIN = 24.0
RIVER_HALF_WIDTH_PLAIN = (42.0, 105.0)  # at the foothills / at the coast
RIVER_PARCEL_LEN = 450.0
INTAKE_X, INTAKE_RADIUS = 257150.0, 500.0  # drinking-water intake on the river, 飲用水取水口一定距離

# Land-office / land-section codes: a small excerpt of 桃園市 from
#   sectw land_sections_2018-08-14.json (sectw 18.12.1 by Travis Shen, MIT licence, data dated 2018-08-14;
#   origin NLSC 國土測繪中心 open-data API ListLandSection). Only the codes and names are real; the townships of the
#   demo county are fictional and merely borrow them.
# (town, office, section code, section name)
SECTIONS = (
    ("海濱鄉", "HB", "0388", "濱海段"),  # 觀音區
    ("海濱鄉", "HB", "0266", "大潭段大潭小段"),
    ("海濱鄉", "HB", "0257", "白沙屯段白沙屯小段"),
    ("海濱鄉", "HB", "0389", "樹林段"),
    ("平原鎮", "HD", "0677", "中山段"),  # 新屋區
    ("平原鎮", "HD", "0678", "中華段"),
    ("平原鎮", "HD", "0662", "新屋段新屋小段"),
    ("平原鎮", "HD", "0642", "槺榔段上槺榔小段"),
    ("平原鎮", "HD", "0633", "東勢段東勢小段"),
    ("山腳鄉", "HC", "0457", "角板段"),  # 復興區
    ("山腳鄉", "HC", "0474", "合流段"),
    ("山腳鄉", "HC", "0497", "東眼山段"),
)

# Names (案名) of the designed features.
RIVER_NAME = "示範溪"
RURAL_NAMES = {"A": "海口鄉村區", "B": "頂厝鄉村區", "C": "下厝鄉村區", "D": "山腳部落鄉村區"}
SPZ_NAMES = {"1": "平原鎮資源回收場特定專用區", "2": "平原鎮農產品集貨場特定專用區"}
URBAN_PLAN_NAME = "平原鎮都市計畫"
# The plan's boundary as staked (都市計畫樁位) does not follow the cadastre everywhere: north of the plan it runs
# URBAN_STAKE_DEPTH metres inside the farm parcel containing URBAN_STAKE_POINT, a parcel not yet divided along it
# (逕為分割 pending), so that parcel lies partly inside the urban plan (RULES.md §6.6, Q26). The staked strip is
# 住宅區 of the plan. Applied after numbering (stake_urban_plan), so it changes no parcel and no 地號.
URBAN_STAKE_POINT = (255975.0, 2755790.0)
URBAN_STAKE_DEPTH = 30.0
URBAN_STAKE_ZONE = "住宅區"
REEFS = (  # circular reef areas: name, centre, radius
    ("示範1號礁區", (250500.0, 2756200.0), 500.0),
    ("示範2號礁區", (248200.0, 2753900.0), 400.0),
)
STADIUM_REEF = ("示範3號保護礁區", ((251250.0, 2752650.0), (251462.13, 2752862.13)), 320.0)  # buffer of a 300 m axis
CIRCLE_VERTICES = 64

LAYER_FIELDS_PARCEL = (
    ("county", "str"), ("town", "str"), ("office", "str"), ("section", "str"), ("section_name", "str"),
    ("parcel_no", "str"), ("reg_area", "real"), ("nu_zone", "str"), ("nu_landuse", "str"), ("owner_type", "str"),
    ("current_use", "str"), ("registered", "int"), ("indigenous", "int"), ("slope_land", "int"),
)


# ------------------------------------------------------------------------------------------------------------------
# Small geometry helpers
# ------------------------------------------------------------------------------------------------------------------
def _r(v: float) -> float:
    """Round a coordinate to the design grid (1 cm)."""
    return round(v, 2)


def polygons_of(geom) -> list[Polygon]:
    """All non-empty Polygon parts of any geometry, in GEOS order."""
    out: list[Polygon] = []
    if geom is None or geom.is_empty:
        return out
    if geom.geom_type == "Polygon":
        return [geom] if geom.area > 0 else []
    if geom.geom_type in ("MultiPolygon", "GeometryCollection"):
        for part in shapely.get_parts(geom):
            out.extend(polygons_of(part))
    return out


def sort_key(geom) -> tuple:
    """North-west first ordering key of a geometry (by its representative point)."""
    p = geom.representative_point()
    return (-round(p.y, 2), round(p.x, 2))


def chaikin(coords, iterations: int):
    """Chaikin corner cutting: a smooth curve through a list of control points (ends kept)."""
    pts = [tuple(c) for c in coords]
    for _ in range(iterations):
        new = [pts[0]]
        for (x0, y0), (x1, y1) in zip(pts, pts[1:]):
            new.append((0.75 * x0 + 0.25 * x1, 0.75 * y0 + 0.25 * y1))
            new.append((0.25 * x0 + 0.75 * x1, 0.25 * y0 + 0.75 * y1))
        new.append(pts[-1])
        pts = new
    return [(_r(x), _r(y)) for x, y in pts]


def blob(rng: random.Random, cx: float, cy: float, rx: float, ry: float, rot_deg: float = 0.0,
         rough: float = 0.12, n: int = 40) -> Polygon:
    """A smooth irregular star-shaped polygon (drawn indicator extents: lakes, hazard areas, reserves)."""
    amps = [rng.uniform(-rough, rough) for _ in range(3)]
    phases = [rng.uniform(0.0, 2 * math.pi) for _ in range(3)]
    rot = math.radians(rot_deg)
    pts = []
    for k in range(n):
        t = 2 * math.pi * k / n
        f = 1.0 + sum(a * math.sin((i + 2) * t + p) for i, (a, p) in enumerate(zip(amps, phases)))
        x, y = rx * f * math.cos(t), ry * f * math.sin(t)
        pts.append((_r(cx + x * math.cos(rot) - y * math.sin(rot)), _r(cy + x * math.sin(rot) + y * math.cos(rot))))
    return Polygon(pts)


def circle(cx: float, cy: float, radius: float, n: int = CIRCLE_VERTICES) -> Polygon:
    """A circle as an n-vertex polygon whose vertices are all exactly ``radius`` from (cx, cy) (before rounding)."""
    return Polygon([(cx + radius * math.cos(2 * math.pi * k / n), cy + radius * math.sin(2 * math.pi * k / n))
                    for k in range(n)])


def ribbon(line: LineString, half_width, step: float = 20.0) -> Polygon:
    """Polygon around ``line`` whose half width at distance s along the line is ``half_width(s, x, y)``."""
    n = max(2, int(line.length // step))
    ds = [line.length * i / n for i in range(n + 1)]
    pts = [line.interpolate(d) for d in ds]
    left, right = [], []
    for i, p in enumerate(pts):
        a, b = pts[max(i - 1, 0)], pts[min(i + 1, n)]
        dx, dy = b.x - a.x, b.y - a.y
        length = math.hypot(dx, dy)
        nx, ny = -dy / length, dx / length
        h = half_width(ds[i], p.x, p.y)
        left.append((_r(p.x + nx * h), _r(p.y + ny * h)))
        right.append((_r(p.x - nx * h), _r(p.y - ny * h)))
    poly = Polygon(left + right[::-1])
    if not poly.is_valid:
        poly = max(polygons_of(shapely.make_valid(poly)), key=lambda g: g.area)
    return poly


def x_on_line(line: LineString, y: float) -> float:
    """x where a roughly north-south line crosses the horizontal y (linear interpolation / extrapolation)."""
    coords = list(line.coords)
    for (x0, y0), (x1, y1) in zip(coords, coords[1:]):
        if min(y0, y1) <= y <= max(y0, y1) and y0 != y1:
            return x0 + (x1 - x0) * (y - y0) / (y1 - y0)
    (x0, y0), (x1, y1) = coords[0], coords[-1]
    return x0 + (x1 - x0) * (y - y0) / (y1 - y0)


def y_on_line(line: LineString, x: float) -> float:
    """y where a roughly east-west line crosses the vertical x."""
    coords = list(line.coords)
    for (x0, y0), (x1, y1) in zip(coords, coords[1:]):
        if min(x0, x1) <= x <= max(x0, x1) and x0 != x1:
            return y0 + (y1 - y0) * (x - x0) / (x1 - x0)
    (x0, y0), (x1, y1) = coords[0], coords[-1]
    return y0 + (y1 - y0) * (x - x0) / (x1 - x0)


def shared_length(a, b) -> float:
    """Length of the common border of two adjacent polygons (1 cm tolerance)."""
    return shapely.length(shapely.intersection(a.boundary, b.buffer(GRID)))


def merge_small(polys: list, min_area: float, min_width: float = 0.0) -> list:
    """Merge polygons smaller than ``min_area`` (or thinner than ``min_width``, width ~ 2 area / perimeter) into
    the neighbour with the longest common border.

    ``polys`` is a partition of some area; the result is a coarser partition of the same area. A small polygon
    that cannot be fused with any neighbour into a single polygon is left as it is.
    """
    polys = list(polys)
    frozen: list[bool] = [False] * len(polys)
    while True:
        small = [i for i, p in enumerate(polys)
                 if (p.area < min_area or 2.0 * p.area / p.length < min_width) and not frozen[i]]
        if not small or len(polys) < 2:
            break
        i = min(small, key=lambda k: (polys[k].area, k))
        cands = []
        for j, q in enumerate(polys):
            if j != i and polys[i].distance(q) < GRID:
                length = shared_length(polys[i], q)
                if length > 0:
                    cands.append((-length, j))
        for _, j in sorted(cands):
            merged = shapely.union(polys[j], polys[i])
            if merged.geom_type == "Polygon":
                keep = [k for k in range(len(polys)) if k not in (i, j)]
                polys = [polys[k] for k in keep] + [merged]
                frozen = [frozen[k] for k in keep] + [False]
                break
        else:
            frozen[i] = True
    return polys


def cut_x(poly, xs) -> list:
    """Cut ``poly`` by vertical lines at ``xs``; parts west to east."""
    minx, miny, maxx, maxy = poly.bounds
    edges = [minx - 1.0] + sorted(x for x in xs if minx < x < maxx) + [maxx + 1.0]
    out = []
    for a, b in zip(edges, edges[1:]):
        out.extend(polygons_of(poly.intersection(box(a, miny - 1.0, b, maxy + 1.0))))
    return out


def cut_y(poly, ys) -> list:
    """Cut ``poly`` by horizontal lines at ``ys``; parts south to north."""
    minx, miny, maxx, maxy = poly.bounds
    edges = [miny - 1.0] + sorted(y for y in ys if miny < y < maxy) + [maxy + 1.0]
    out = []
    for a, b in zip(edges, edges[1:]):
        out.extend(polygons_of(poly.intersection(box(minx - 1.0, a, maxx + 1.0, b))))
    return out


def random_cuts(rng: random.Random, lo: float, hi: float, width: tuple) -> list:
    """Cut positions between lo and hi with random spacing in ``width`` (the last part is never narrower than
    half the minimum width)."""
    cuts, x = [], lo
    while True:
        x += rng.uniform(*width)
        if x > hi - width[0] * 0.5:
            break
        cuts.append(_r(x))
    return cuts


def snap_cuts(cuts: list, corners, tol: float) -> list:
    """Move cut positions that fall within ``tol`` of a corner coordinate of the polygon onto it (no thin
    appendices next to notches)."""
    corners = sorted(set(corners))
    out = []
    for c in cuts:
        near = min(corners, key=lambda v: (abs(v - c), v))
        out.append(near if abs(near - c) < tol else c)
    return sorted(set(out))


def chop_along_axis(poly, max_len: float) -> list:
    """Cut a long strip (road, ditch) into parts of at most ``max_len`` across its long axis."""
    rect = poly.minimum_rotated_rectangle
    c = list(rect.exterior.coords)
    e1 = (c[1][0] - c[0][0], c[1][1] - c[0][1])
    e2 = (c[2][0] - c[1][0], c[2][1] - c[1][1])
    axis = e1 if math.hypot(*e1) >= math.hypot(*e2) else e2
    length = math.hypot(*axis)
    if length <= max_len:
        return [poly]
    n = math.ceil(length / max_len)
    ux, uy = axis[0] / length, axis[1] / length
    vx, vy = -uy, ux
    cen = rect.centroid
    big = length + 1000.0
    out = []
    for k in range(n):
        t0 = -length / 2 - 1.0 + k * (length + 2.0) / n if k else -big
        t1 = -length / 2 - 1.0 + (k + 1) * (length + 2.0) / n if k < n - 1 else big
        slab = Polygon([(cen.x + ux * t0 + vx * s, cen.y + uy * t0 + vy * s) for s in (-big, big)]
                       + [(cen.x + ux * t1 + vx * s, cen.y + uy * t1 + vy * s) for s in (big, -big)])
        out.extend(polygons_of(poly.intersection(slab)))
    return out


def random_points_in(rng: random.Random, poly, n: int) -> list:
    """n pseudo-random points inside ``poly`` (rejection sampling)."""
    minx, miny, maxx, maxy = poly.bounds
    pts, tries = [], 0
    while len(pts) < n and tries < n * 200:
        tries += 1
        p = Point(rng.uniform(minx, maxx), rng.uniform(miny, maxy))
        if poly.contains(p):
            pts.append(p)
    return pts


def split_voronoi(rng: random.Random, poly, cell_area: tuple) -> list:
    """Irregular parcels (mountain and forest land): Voronoi cells of random seeds, one Lloyd step, small cells
    merged into neighbours."""
    target, minimum = cell_area
    n = int(round(poly.area / target))
    if n <= 1:
        return [poly]
    seeds = random_points_in(rng, poly, n)
    if len(seeds) < 2:
        return [poly]
    for _ in range(2):  # Lloyd relaxation gives rounder cells
        cells = shapely.voronoi_polygons(shapely.MultiPoint(seeds), extend_to=poly.envelope.buffer(10.0))
        parts = [c.intersection(poly) for c in shapely.get_parts(cells)]
        seeds = [p.centroid if p.area > 0 and poly.contains(p.centroid) else p.representative_point()
                 for p in parts if p.area > 0]
        seeds = sorted({(round(s.x, 3), round(s.y, 3)) for s in seeds})
        seeds = [Point(s) for s in seeds]
    cells = shapely.voronoi_polygons(shapely.MultiPoint(seeds), extend_to=poly.envelope.buffer(10.0))
    parts = []
    for c in shapely.get_parts(cells):
        parts.extend(polygons_of(c.intersection(poly)))
    parts = merge_small(parts, minimum)
    return sorted(parts, key=sort_key)


# ------------------------------------------------------------------------------------------------------------------
# Data model of the build
# ------------------------------------------------------------------------------------------------------------------
@dataclass
class Piece:
    """A parcel under construction: geometry, what made it (kind/region) and free attributes."""

    geom: object
    kind: str  # farm, farmhouse, ditch, road, river, rural_lot, rural_lane, urban_lot, ...
    region: str = ""  # key of the designed region that produced it ("" = default land)
    group: int = 0  # parcels of one group share the main number of their 地號 (split parcels)
    attrs: dict = field(default_factory=dict)


@dataclass
class Region:
    """A designed area carved out of the blocks before they are split into parcels."""

    key: str
    geom: object
    kind: str
    params: dict = field(default_factory=dict)


class Builder:
    """Holds the state of one generation run."""

    def __init__(self, seed: int):
        self.seed = seed
        self.rng = random.Random(seed)
        self.pieces: list[Piece] = []
        self._group = 0
        self.layers: dict[str, list] = {}  # layer name -> list of (geometry, {field: value})
        self.landmarks: list[dict] = []

    def ditch_width_for(self, blk) -> float:
        """Deterministic ditch width of a block (known before the block is split, so regions can align to it)."""
        key = round(blk.bounds[0]) * 7919 + round(blk.bounds[1]) * 104729 + self.seed
        return DITCH_WIDTH[0] + (DITCH_WIDTH[1] - DITCH_WIDTH[0]) * ((key % 1000) / 1000.0)

    def new_group(self) -> int:
        self._group += 1
        return self._group

    def add(self, geom, kind: str, region: str = "", group: int = 0, **attrs) -> None:
        for g in polygons_of(geom):
            self.pieces.append(Piece(g, kind, region, group or self.new_group(), dict(attrs)))


# ------------------------------------------------------------------------------------------------------------------
# 1. Frame: coast, county land, sea, foothills
# ------------------------------------------------------------------------------------------------------------------
def build_frame(b: Builder) -> None:
    """Coast (mean high tide line, north to south), county land polygon, sea area, plain / mountain split."""
    rng = b.rng
    ph1, ph2, ph3 = (rng.uniform(0, 2 * math.pi) for _ in range(3))
    n = int((Y_NORTH - Y_SOUTH) / COAST_STEP)
    coast = []
    for i in range(n + 1):
        y = Y_NORTH - i * COAST_STEP
        t = y - Y_SOUTH
        x = (COAST_X + 110.0 * math.sin(2 * math.pi * t / 1900.0 + ph1) + 45.0 * math.sin(2 * math.pi * t / 630.0 + ph2)
             + 12.0 * math.sin(2 * math.pi * t / 170.0 + ph3) + rng.uniform(-6.0, 6.0))
        coast.append((_r(x), _r(y)))
    b.coast = coast
    south = [(_r(x), _r(Y_SOUTH + rng.uniform(-30.0, 30.0))) for x in range(254500, 260000, 500)]
    se = (_r(EAST_X + rng.uniform(-60.0, 60.0)), _r(Y_SOUTH + rng.uniform(-30.0, 30.0)))
    east = [(_r(EAST_X + rng.uniform(-120.0, 120.0)), float(y)) for y in range(2752400, 2757000, 400)]
    ne = (_r(EAST_X + rng.uniform(-60.0, 60.0)), _r(Y_NORTH + rng.uniform(-30.0, 30.0)))
    north = [(_r(x), _r(Y_NORTH + rng.uniform(-30.0, 30.0))) for x in range(259500, 254000, -500)]
    b.land = Polygon(coast + south + [se] + east + [ne] + north)
    b.sea = Polygon(coast + [(SEA_WEST_X, Y_SOUTH - 800.0), (SEA_WEST_X, Y_NORTH + 800.0)])
    b.mht = LineString(coast)
    foot = []
    for y in range(int(Y_NORTH) + 250, int(Y_SOUTH) - 251, -250):
        x = FOOTHILL_X + 110.0 * math.sin((y - Y_SOUTH) / 700.0 + ph2) + rng.uniform(-35.0, 35.0)
        foot.append((_r(x), float(y)))
    b.foothill = LineString(foot)
    west = Polygon(foot + [(COAST_X - 3000.0, Y_SOUTH - 250.0), (COAST_X - 3000.0, Y_NORTH + 250.0)])
    b.plain = b.land.intersection(west)
    b.mountain = b.land.difference(west)
    fl = []
    for y in range(int(Y_NORTH) + 300, int(Y_SOUTH) - 301, -300):
        fl.append((_r(FOREST_X + 120.0 * math.sin((y - Y_SOUTH) / 900.0 + ph3) + rng.uniform(-40.0, 40.0)), float(y)))
    b.forest_east = b.mountain.difference(Polygon(fl + [(COAST_X, Y_SOUTH - 300.0), (COAST_X, Y_NORTH + 300.0)]))
    for g in (b.land, b.sea, b.plain, b.mountain):
        assert g.is_valid and g.geom_type == "Polygon", "frame geometry is invalid"


def coast_x_at(b: Builder, y: float) -> float:
    return x_on_line(b.mht, y)


# ------------------------------------------------------------------------------------------------------------------
# 2. River 示範溪 (三條線) and reservoir
# ------------------------------------------------------------------------------------------------------------------
def build_river(b: Builder) -> None:
    """River centre line, the 河川區域線 / 水道治理計畫線 / 用地範圍線 polygons (slightly different widths)."""
    rng = b.rng
    centre = LineString(chaikin(RIVER_CONTROL, 4))
    b.river_centre = centre
    ph_a, ph_b = rng.uniform(0, 2 * math.pi), rng.uniform(0, 2 * math.pi)
    foot_x = FOOTHILL_X

    def half(s, x, y):
        if x >= foot_x:
            return RIVER_HALF_WIDTH_MOUNTAIN
        f = min(1.0, max(0.0, (foot_x - x) / (foot_x - COAST_X)))
        return RIVER_HALF_WIDTH_PLAIN[0] + f * (RIVER_HALF_WIDTH_PLAIN[1] - RIVER_HALF_WIDTH_PLAIN[0])

    area_line = ribbon(centre, half)
    plan_line = ribbon(centre, lambda s, x, y: half(s, x, y) * (0.9 + 0.13 * math.sin(s / 650.0 + ph_a)))
    use_line = ribbon(centre, lambda s, x, y: half(s, x, y) * (1.03 + 0.12 * math.sin(s / 480.0 + ph_b)))
    b.river_area = area_line.difference(b.sea)  # the 河川區域 ends at the mean high tide line
    b.river_plan = plan_line.difference(b.sea)
    b.river_use = use_line.difference(b.sea)
    for g in (b.river_area, b.river_plan, b.river_use):
        assert g.is_valid, "river polygon invalid"
    b.river_land = b.land.intersection(b.river_area)
    # reservoir (水庫蓄水範圍) on a tributary in the mountains
    b.reservoir = blob(rng, 259080.0, 2753230.0, 360.0, 185.0, rot_deg=14.0, rough=0.08)
    assert b.mountain.contains(b.reservoir)


def river_y_at(b: Builder, x: float) -> float:
    return y_on_line(b.river_centre, x)


def build_river_parcels(b: Builder) -> None:
    """River land cut across the stream every ~450 m (Voronoi of centre-line stations)."""
    centre = b.river_centre
    n = max(2, int(centre.length // RIVER_PARCEL_LEN))
    stations = [centre.interpolate(centre.length * (i + 0.5) / n) for i in range(n)]
    cells = shapely.voronoi_polygons(shapely.MultiPoint(stations), extend_to=b.land.envelope.buffer(2000.0))
    parts = []
    for c in shapely.get_parts(cells):
        parts.extend(polygons_of(c.intersection(b.river_land)))
    for p in merge_small(sorted(parts, key=sort_key), 3000.0):
        b.add(p, "river")


# ------------------------------------------------------------------------------------------------------------------
# 3. Roads
# ------------------------------------------------------------------------------------------------------------------
def build_roads(b: Builder) -> None:
    """Road network (highway, county road, farm-road grid, urban streets, mountain road) as road parcels; the rest
    of the land becomes blocks."""
    rng = b.rng
    rest = b.land.difference(b.river_land)
    b.v_lines, b.h_lines = [], []
    for x in V_ROADS:
        b.v_lines.append(LineString([(_r(x + rng.uniform(-ROAD_JITTER, ROAD_JITTER)), Y_SOUTH - 200.0),
                                     (_r(x + rng.uniform(-ROAD_JITTER, ROAD_JITTER)), Y_NORTH + 200.0)]))
    for k in range(H_ROAD_COUNT):
        y = H_ROAD_Y0 + k * H_ROAD_STEP
        b.h_lines.append(LineString([(COAST_X - 600.0, _r(y + rng.uniform(-ROAD_JITTER, ROAD_JITTER))),
                                     (FOOTHILL_X + 600.0, _r(y + rng.uniform(-ROAD_JITTER, ROAD_JITTER)))]))
    # Grid cells between road centre lines: horizontal road strips are cut where they cross the vertical roads
    # (column cells) and the highway where it crosses the horizontal roads (row cells), so road parcels end at
    # crossings like real ones.
    b.col_cells = [grid_cell(b, c, None) for c in range(len(V_ROADS) + 1)]
    b.row_cells = [grid_cell(b, None, r) for r in range(-1, H_ROAD_COUNT)]
    specs = []  # (line id, line, width, domain, cells)
    specs.append((("v", HIGHWAY_COL), b.v_lines[HIGHWAY_COL], HIGHWAY_WIDTH, b.plain, b.row_cells))
    specs.append((("h", MAIN_ROAD_ROW), b.h_lines[MAIN_ROAD_ROW], MAIN_ROAD_WIDTH, b.plain, b.col_cells))
    for k, line in enumerate(b.h_lines):
        if k != MAIN_ROAD_ROW:
            specs.append((("h", k), line, _r(rng.uniform(*FARM_ROAD_WIDTH)), b.plain, b.col_cells))
    for i, line in enumerate(b.v_lines):
        if i != HIGHWAY_COL:
            specs.append((("v", i), line, _r(rng.uniform(*FARM_ROAD_WIDTH)), b.plain, ()))
    # urban streets in the built-up part of the urban plan (one through the middle of every grid block)
    plan = urban_design(b)
    for n, x in enumerate((0.5 * (V_ROADS[4] + V_ROADS[5]), 0.5 * (V_ROADS[5] + V_ROADS[6]))):
        specs.append((("u", n), LineString([(x, Y_SOUTH), (x, Y_NORTH)]), URBAN_STREET_WIDTH, plan["builtup"], ()))
    for k in range(12, 18):
        y = 0.5 * (H_ROAD_Y0 + k * H_ROAD_STEP + H_ROAD_Y0 + (k + 1) * H_ROAD_STEP)
        specs.append((("u", k), LineString([(COAST_X, y), (FOOTHILL_X, y)]), URBAN_STREET_WIDTH, plan["builtup"],
                      ()))
    # mountain road: continues the farm road of row 8 to the dam of the reservoir
    y8 = y_on_line(b.h_lines[8], FOOTHILL_X)
    mline = LineString(chaikin([(FOOTHILL_X - 400.0, y8), (FOOTHILL_X, y8), (257950.0, y8 - 30.0),
                                (258250.0, 2753620.0), (258520.0, 2753400.0), (258800.0, 2753250.0)], 3))
    mline = mline.difference(b.reservoir.buffer(12.0))
    mline = min(polygons_or_lines(mline), key=lambda g: g.coords[0][0])
    b.mountain_road = mline
    specs.append((("m", 0), mline, MOUNTAIN_ROAD_WIDTH, b.mountain, ()))

    used = None
    for line_id, line, width, domain, cells in specs:
        poly = line.buffer(width / 2.0, cap_style="flat", join_style="mitre").intersection(domain).intersection(rest)
        if used is not None:
            poly = poly.difference(used)
        used = poly if used is None else shapely.union(used, poly)
        parts = polygons_of(poly)
        if cells:
            parts = [q for part in parts for cell in cells for q in polygons_of(part.intersection(cell))]
        for part in sorted(parts, key=sort_key):
            segs = split_by(part, plan["outline"])
            for zone in plan["zones"].values():  # urban roads end at the urban zone boundaries
                segs = [q for seg in segs for q in split_by(seg, zone.intersection(plan["outline"]))]
            for seg in segs:
                for chunk in chop_along_axis(seg, ROAD_MAX_LEN):
                    b.add(chunk, "road", line=line_id)
    b.roads_union = used
    blocks = []
    for domain, where in ((b.plain, "plain"), (b.mountain, "mountain")):
        for g in polygons_of(rest.intersection(domain).difference(used)):
            blocks.append((g, where))
    b.blocks = sorted(blocks, key=lambda t: sort_key(t[0]))
    b.block_tree = shapely.STRtree([g for g, _ in b.blocks])


def grid_cell(b: Builder, col, row):
    """Polygon between road centre lines: column ``col`` (between V_ROADS[col-1] and V_ROADS[col]; 0 is the
    coastal column, len(V_ROADS) the foothill column) and/or row ``row`` (between horizontal roads row and row+1;
    -1 is south of the first road). ``None`` leaves that direction unbounded."""
    far = 5000.0
    ys, yn = Y_SOUTH - far, Y_NORTH + far
    xw, xe = COAST_X - far, EAST_X + far

    def vline(i):  # vertical road i extended far north and south (or the far west / east edge)
        if i < 0 or i >= len(V_ROADS):
            x = xw if i < 0 else xe
            return [(x, ys), (x, yn)]
        return [(x_on_line(b.v_lines[i], ys), ys), (x_on_line(b.v_lines[i], yn), yn)]

    def hline(k):  # horizontal road k extended far west and east (or the far south / north edge)
        if k < 0 or k >= H_ROAD_COUNT:
            y = ys if k < 0 else yn
            return [(xw, y), (xe, y)]
        return [(xw, y_on_line(b.h_lines[k], xw)), (xe, y_on_line(b.h_lines[k], xe))]

    strip_v = None
    if col is not None:
        strip_v = Polygon(vline(col - 1) + vline(col)[::-1])
    strip_h = None
    if row is not None:
        strip_h = Polygon(hline(row) + hline(row + 1)[::-1])
    if strip_v is None:
        return strip_h
    if strip_h is None:
        return strip_v
    return strip_v.intersection(strip_h)


@dataclass
class GridArea:
    """Rectangle of grid blocks (columns c0..c1, rows r0..r1) with the roads between them but not the ring roads
    around them: the shape of cadastral indicators drawn over whole farm blocks."""

    poly: object
    ring: tuple

    def contains(self, p: Piece) -> bool:
        if p.attrs.get("line") in self.ring:
            return False
        return self.poly.contains(p.attrs["rp"])


def grid_area(b: Builder, c0: int, c1: int, r0: int, r1: int) -> GridArea:
    cells = [grid_cell(b, c, r) for c in range(c0, c1 + 1) for r in range(r0, r1 + 1)]
    poly = shapely.union_all(cells)
    return GridArea(poly, (("v", c0 - 1), ("v", c1), ("h", r0), ("h", r1 + 1)))


def polygons_or_lines(geom) -> list:
    return [g for g in shapely.get_parts(geom) if not g.is_empty]


def split_by(poly, outline) -> list:
    """Split a polygon along the outline of another polygon (inside part, outside part)."""
    if not poly.intersects(outline) or outline.contains(poly):
        return [poly]
    return polygons_of(poly.intersection(outline)) + polygons_of(poly.difference(outline))


def block_at(b: Builder, x: float, y: float):
    """The block containing (x, y)."""
    p = Point(x, y)
    for i in b.block_tree.query(p, predicate="within"):
        return b.blocks[int(i)][0]
    raise AssertionError(f"no block at {x}, {y}")


def col_mid(c: int) -> float:
    """x in the middle of grid column c (between V_ROADS[c-1] and V_ROADS[c])."""
    return 0.5 * (V_ROADS[c - 1] + V_ROADS[c])


def row_mid(r: int) -> float:
    """y in the middle of grid row r (between horizontal roads r and r+1)."""
    return H_ROAD_Y0 + (r + 0.5) * H_ROAD_STEP


# ------------------------------------------------------------------------------------------------------------------
# 4. Designed regions
# ------------------------------------------------------------------------------------------------------------------
def urban_design(b: Builder) -> dict:
    """Outline and zoning (都市計畫使用分區) design rectangles of the urban plan 平原鎮都市計畫."""
    if hasattr(b, "_urban"):
        return b._urban
    outline = box(255700.0, 2754300.0, 256780.0, 2755740.0).difference(b.river_area).intersection(b.plain)
    outline = max(polygons_of(outline), key=lambda g: g.area)
    zones = {
        "保護區": box(255700.0, 2754300.0, 256780.0, 2754850.0),
        "農業區:大": box(256280.0, 2755470.0, 256780.0, 2755740.0),
        "農業區:小": box(255700.0, 2754850.0, 255950.0, 2755080.0),
        "商業區": box(256054.0, 2755126.5, 256300.0, 2755323.5),  # edges on urban street edges
    }
    builtup = outline
    for key in ("保護區", "農業區:大", "農業區:小"):
        builtup = builtup.difference(zones[key])
    b._urban = {"outline": outline, "zones": zones, "builtup": builtup}
    return b._urban


def design_regions(b: Builder) -> list[Region]:
    """All designed areas, in carving priority order (earlier regions win)."""
    rng = b.rng
    regions: list[Region] = []
    P, M = b.plain, b.mountain

    # --- unregistered strips (未登錄地): one along the coast, two along river banks -------------------------------
    cx = coast_x_at(b, row_mid(5))  # between the farm roads 5 and 6, along the coast itself
    y0, y1 = y_on_line(b.h_lines[5], cx) + 12.0, y_on_line(b.h_lines[6], cx) - 12.0
    seg = LineString([(x, y) for x, y in b.coast if y0 <= y <= y1])
    strip = b.land.intersection(seg.buffer(25.0, cap_style="flat")).intersection(box(cx - 500, y0, cx + 500, y1))
    regions.append(Region("unreg_coast", strip.intersection(P), "unregistered", {"use": "荒地"}))
    bank = b.river_area.buffer(8.0).difference(b.river_area)
    plan = urban_design(b)
    for key, side, cols in (("unreg_bank_n", 1, range(1, len(V_ROADS))), ("unreg_bank_s", -1,
                                                                          range(len(V_ROADS) - 1, 0, -1))):
        for c in cols:  # first grid column whose bank stretch is not crossed by any road
            xa, xb = V_ROADS[c - 1] + 30.0, V_ROADS[c] - 30.0
            ymid = river_y_at(b, 0.5 * (xa + xb))
            win = box(xa, ymid, xb, ymid + 400.0) if side > 0 else box(xa, ymid - 400.0, xb, ymid)
            strip = bank.intersection(win).intersection(P)
            free = strip.difference(b.roads_union)
            if (free.geom_type == "Polygon" and free.area > 0.999 * strip.area and strip.area > 2000.0
                    and not strip.intersects(plan["outline"])):
                regions.append(Region(key, strip, "unregistered", {"use": "荒地"}))
                break
        else:
            raise AssertionError(f"no free river bank for {key}")

    # --- special-purpose zones: SPZ-2 south and SPZ-1 north of the farm road of row 6, column 7 ---------------------
    blk1 = block_at(b, col_mid(7), row_mid(6))  # north of road 6
    blk2 = block_at(b, col_mid(7), row_mid(5))  # south of road 6
    x0 = _r(blk1.bounds[0] + 110.0)
    s1 = box(x0, blk1.bounds[1] - 10.0, x0 + 150.0, _r(blk1.bounds[1] + 127.0)).intersection(blk1)
    hole = box(x0 + 43.0, _r(blk1.bounds[1] + 32.0), x0 + 107.0, _r(blk1.bounds[1] + 94.5))
    s2 = box(x0 + 15.0, _r(blk2.bounds[3] - 100.0), x0 + 135.0, blk2.bounds[3] + 10.0).intersection(blk2)
    regions.append(Region("spz_hole", hole, "single", {"kind": "farm", "protected": True}))
    regions.append(Region("spz1", s1, "spz", {"name": SPZ_NAMES["1"], "cuts": (43.0, 107.0)}))
    regions.append(Region("spz2", s2, "spz", {"name": SPZ_NAMES["2"], "cuts": (40.0, 80.0)}))
    b.spz_gap_point = (x0 + 75.0, y_on_line(b.h_lines[6], x0 + 75.0))
    blk = block_at(b, col_mid(2), row_mid(11))
    regions.append(Region("spz_outside", box(blk.bounds[0] + 60.0, row_mid(11) + 8.0, blk.bounds[0] + 115.0,
                                             row_mid(11) + 58.0), "single", {"kind": "special_use_outside"}))

    # --- rural districts ------------------------------------------------------------------------------------------
    # A: 海口, column 1 row 6: notch of 0.6 ha open to the farmland in the south, protruding lane to the east.
    blk = block_at(b, col_mid(1), row_mid(6))
    ax0, ay0 = _r(blk.bounds[0] + 40.0), _r(blk.bounds[1] + 45.0)
    rd_a = box(ax0, ay0, ax0 + 260.0, blk.bounds[3] + 10.0).intersection(blk)
    notch_a = box(ax0 + 90.0, ay0, ax0 + 170.0, ay0 + 75.0)
    lane_y = _r(0.5 * (ay0 + blk.bounds[3]) + 8.0)
    protrusion = box(ax0 + 260.0, lane_y - RURAL_LANE_WIDTH / 2, ax0 + 315.0,
                     lane_y + RURAL_LANE_WIDTH / 2).intersection(blk)
    regions.append(Region("notch_a", notch_a, "single", {"kind": "farm", "protected": True}))
    regions.append(Region("protrusion_a", protrusion, "single", {"kind": "rural_lane", "rural": "A",
                                                                   "protected": True}))
    regions.append(Region("rural_a", rd_a, "rural", {"rural": "A", "lanes": (ax0 + 130.0, lane_y)}))
    # B (north of road 2) and C (south of road 2), column 6: separated only by that farm road.
    blk_b = block_at(b, col_mid(6), row_mid(2))
    blk_c = block_at(b, col_mid(6), row_mid(1))
    bx0 = _r(blk_b.bounds[0] + 40.0)
    by1 = _r(blk_b.bounds[1] + 165.0)
    rd_b = box(bx0, blk_b.bounds[1] - 10.0, bx0 + 300.0, by1).intersection(blk_b)
    notch_b = [box(bx0 + 90.0 + 40.0 * k, by1 - 100.0, bx0 + 130.0 + 40.0 * k, by1) for k in range(3)]
    cy0 = _r(blk_c.bounds[3] - 150.0)
    rd_c = box(bx0 + 30.0, cy0, bx0 + 270.0, blk_c.bounds[3] + 10.0).intersection(blk_c)
    notch_c = box(bx0 + 100.0, cy0, bx0 + 200.0, cy0 + 100.0)  # exactly 100 m x 100 m
    for k, g in enumerate(notch_b):
        regions.append(Region(f"notch_b{k + 1}", g, "single", {"kind": "farm", "protected": True}))
    regions.append(Region("notch_c", notch_c, "single", {"kind": "farm", "protected": True,
                                                          "reg_area": 10000.00}))
    regions.append(Region("rural_b", rd_b, "rural", {"rural": "B",
                                                     "lanes": (bx0 + 150.0, _r(blk_b.bounds[1] + 40.0))}))
    regions.append(Region("rural_c", rd_c, "rural", {"rural": "C", "lanes": (bx0 + 150.0, cy0 + 125.0)}))
    b.rural_gap_point = (bx0 + 150.0, y_on_line(b.h_lines[2], bx0 + 150.0))
    # D: 山腳部落 in the foothills (inside the 原住民族土地 polygon)
    dy0 = 2752960.0
    dx0 = _r(x_on_line(b.foothill, dy0 + 90.0) + 130.0)
    rd_d = box(dx0, dy0, dx0 + 220.0, dy0 + 180.0)
    regions.append(Region("rural_d", rd_d.intersection(M), "rural", {"rural": "D", "lanes": (dx0 + 110.0,
                                                                                           dy0 + 95.0)}))

    # --- 農業經營專區 block: two enclosed areas of 一般農業區 (0.9 ha, 2.5 ha) ------------------------------------------
    for key, col, row, target, x_off in (("agr_hole1", 5, 1, 9000.0, 120.0), ("agr_hole2", 4, 2, 25000.0, 55.0)):
        blk = block_at(b, col_mid(col), row_mid(row))
        ymid = _r(0.5 * (blk.bounds[1] + blk.bounds[3]))
        dw = b.ditch_width_for(blk)
        depth = blk.bounds[3] - (ymid + dw / 2.0) - 3.0
        length = _r(target / depth)
        hx0 = _r(blk.bounds[0] + x_off)
        hole = box(hx0, ymid + dw / 2.0, hx0 + length, blk.bounds[3] + 10.0).intersection(blk)
        regions.append(Region(key, hole, "farm_noditch"))

    # --- industrial zone (工業區): grid columns 7-8, rows 21-22 and the roads between them -------------------------
    b.industrial_area = grid_area(b, 7, 8, 21, 22)
    regions.append(Region("industrial", b.industrial_area.poly.intersection(P), "industrial"))
    # cadastral indicator areas over whole farm blocks (used when the parcels get their attributes)
    b.agr_area = grid_area(b, 3, 5, 0, 3)  # 農業經營專區
    b.aqua_area = grid_area(b, 0, 0, 3, 7)  # 養殖漁業生產區 (coastal column)
    b.major_area = grid_area(b, 3, 4, 19, 20)  # 重大建設計畫

    # --- urban plan (zones carved in priority order; the outline is the 住宅區 remainder) -----------------------------
    for key in ("農業區:大", "農業區:小", "保護區", "商業區"):
        regions.append(Region("urban:" + key, plan["zones"][key].intersection(plan["outline"]), "urban",
                              {"uz": key.split(":")[0]}))
    regions.append(Region("urban:住宅區", plan["outline"], "urban", {"uz": "住宅區"}))

    # --- coastal windbreak forest (森林區, 國土保安用地) -------------------------------------------------------------------
    seg = LineString([(coast_x_at(b, y), y) for y in range(2756950, 2756249, -50)])
    regions.append(Region("coast_forest", b.land.intersection(seg.buffer(130.0, cap_style="flat")).intersection(P),
                          "voronoi", {"cell": (30000.0, 8000.0), "kind": "coast_forest"}))

    # --- mountains --------------------------------------------------------------------------------------------------
    regions.append(Region("reservoir", b.reservoir, "voronoi", {"cell": (200000.0, 50000.0), "kind": "reservoir"}))
    b.np_design = Polygon([(258950.0, 2757600.0), (258950.0, 2756300.0), (259250.0, 2755950.0), (260800.0, 2755950.0),
                           (260800.0, 2757600.0)])
    regions.append(Region("national_park", b.np_design.intersection(M), "voronoi",
                          {"cell": NP_CELL_AREA, "kind": "national_park"}))
    y = 2752250.0
    fx = x_on_line(b.foothill, y + 100.0)
    b.devpermit_design = box(_r(fx + 160.0), y, _r(fx + 420.0), y + 200.0)
    regions.append(Region("devpermit", b.devpermit_design.intersection(M), "devpermit"))
    y = 2754250.0
    fx = x_on_line(b.foothill, y + 80.0)
    regions.append(Region("cemetery", box(_r(fx + 120.0), y, _r(fx + 320.0), y + 150.0).intersection(M), "voronoi",
                          {"cell": (10000.0, 4000.0), "kind": "cemetery"}))
    y = 2755720.0
    fx = x_on_line(b.foothill, y + 120.0)
    regions.append(Region("scenic", box(_r(fx + 150.0), y, _r(fx + 500.0), y + 250.0).intersection(M), "voronoi",
                          {"cell": (20000.0, 6000.0), "kind": "scenic"}))
    b.reserve_design = blob(rng, 259650.0, 2753950.0, 230.0, 170.0, rot_deg=-20.0, rough=0.10)
    regions.append(Region("nature_reserve", b.reserve_design.intersection(M), "voronoi",
                          {"cell": (60000.0, 15000.0), "kind": "nature_reserve"}))
    regions.append(Region("trial_forest", box(258550.0, 2751800.0, 259050.0, 2752600.0).intersection(b.forest_east),
                          "voronoi", {"cell": FOREST_CELL_AREA, "kind": "trial_forest"}))
    regions.append(Region("univ_forest", box(258400.0, 2756250.0, 258950.0, 2757300.0).intersection(M), "voronoi",
                          {"cell": FOREST_CELL_AREA, "kind": "univ_forest"}))
    regions.append(Region("forest_east", b.forest_east, "voronoi", {"cell": FOREST_CELL_AREA, "kind": "forest"}))
    return [r for r in regions if not r.geom.is_empty]


# ------------------------------------------------------------------------------------------------------------------
# 5. Splitting blocks into parcels
# ------------------------------------------------------------------------------------------------------------------
def split_farm(b: Builder, piece, blk, region: str = "", ditch: bool = True, min_area: float = FARM_MIN_AREA,
               kind: str = "farm", width: tuple = FARM_STRIP_WIDTH) -> None:
    """Consolidated-farmland splitting: a ditch along the middle of the block, strips from ditch to farm road,
    a few strips split in two (子號) or with a farmhouse lot (甲種建築用地) at the road end."""
    rng = b.rng
    minx, miny, maxx, maxy = blk.bounds
    ymid = _r(0.5 * (miny + maxy))
    halves = [piece]
    if ditch and maxy - miny > 140.0:
        dw = b.ditch_width_for(blk)
        dbox = box(minx - 1.0, ymid - dw / 2.0, maxx + 1.0, ymid + dw / 2.0)
        dparts = polygons_of(piece.intersection(dbox))
        if sum(p.area for p in dparts) > 30.0:
            for p in dparts:
                for chunk in chop_along_axis(p, ROAD_MAX_LEN):
                    b.add(chunk, "ditch", region)
            halves = polygons_of(piece.difference(dbox))
    for half in halves:
        hx0, _, hx1, _ = half.bounds
        strips = merge_small(cut_x(half, random_cuts(rng, hx0, hx1, width)), min_area)
        for strip in sorted(strips, key=sort_key):
            north = strip.centroid.y > ymid
            sx0, sy0, sx1, sy1 = strip.bounds
            g = b.new_group()
            r = rng.random()
            if kind == "farm" and r < P_FARMHOUSE and sx1 - sx0 < 42.0 and sy1 - sy0 > 60.0 and not region:
                cut = sy1 - FARMHOUSE_DEPTH if north else sy0 + FARMHOUSE_DEPTH
                parts = cut_y(strip, [cut])
                if len(parts) == 2:
                    lot, rest_ = (parts[1], parts[0]) if north else (parts[0], parts[1])
                    b.add(rest_, kind, region, g)
                    b.add(lot, "farmhouse", region, g)
                    continue
            if r > 1.0 - P_SPLIT and sy1 - sy0 > 50.0:
                parts = cut_y(strip, [_r(sy0 + (sy1 - sy0) * rng.uniform(0.35, 0.65))])
                if len(parts) == 2 and min(p.area for p in parts) > 300.0:
                    for p in sorted(parts, key=lambda q: -q.area):
                        b.add(p, kind, region, g)
                    continue
            b.add(strip, kind, region, g)


def split_lots(b: Builder, piece, kind: str, region: str, depth: tuple, width: tuple, min_area: float,
               back_to_back: bool = True, max_area: float = math.inf, **attrs) -> None:
    """Building lots: rows (two back-to-back rows, or rows of random depth), then lots of random width; lots that
    merging made larger than ``max_area`` are halved."""
    rng = b.rng
    minx, miny, maxx, maxy = piece.bounds
    xs, ys = zip(*piece.exterior.coords)
    if back_to_back:
        rows = cut_y(piece, [_r(0.5 * (miny + maxy))]) if maxy - miny > 2.2 * depth[0] else [piece]
    else:
        rows = cut_y(piece, snap_cuts(random_cuts(rng, miny, maxy, depth), ys, 8.0))
    rows = merge_small(rows, min_area, LOT_MIN_WIDTH)
    for row in sorted(rows, key=sort_key):
        rx0, _, rx1, _ = row.bounds
        cuts = snap_cuts(random_cuts(rng, rx0, rx1, width), xs, 6.0)
        lots = merge_small(cut_x(row, cuts), min_area, LOT_MIN_WIDTH)
        out = []
        for lot in lots:
            lx0, ly0, lx1, ly1 = lot.bounds
            halves = []
            if lot.area > max_area:
                halves = (cut_x(lot, [_r(0.5 * (lx0 + lx1))]) if lx1 - lx0 >= ly1 - ly0
                          else cut_y(lot, [_r(0.5 * (ly0 + ly1))]))
            ok = len(halves) == 2 and min(h.area for h in halves) >= min_area
            out.extend(halves if ok else [lot])
        for lot in sorted(out, key=sort_key):
            b.add(lot, kind, region, **attrs)


def split_rural(b: Builder, piece, reg: Region) -> None:
    """Rural district: a cross of 4 m lanes, small lots (150-800 m²) in the quarters."""
    lx, ly = reg.params["lanes"]
    h = RURAL_LANE_WIDTH / 2.0
    minx, miny, maxx, maxy = piece.bounds
    lane_h = box(minx - 1.0, ly - h, maxx + 1.0, ly + h)
    lane_v = box(lx - h, miny - 1.0, lx + h, maxy + 1.0)
    lanes = shapely.union(lane_h, lane_v)
    h_parts = polygons_of(piece.intersection(lane_h))
    v_parts = []
    for arm in polygons_of(piece.intersection(lane_v).difference(lane_h)):
        touching = [i for i, q in enumerate(h_parts) if shared_length(arm, q) > 1.0]
        if arm.area < 120.0 and touching:  # a short stub joins the cross lane
            h_parts[touching[0]] = shapely.union(h_parts[touching[0]], arm)
        else:
            v_parts.append(arm)
    for lane in h_parts + v_parts:
        b.add(lane, "rural_lane", reg.key, rural=reg.params["rural"])
    for quarter in sorted(polygons_of(piece.difference(lanes)), key=sort_key):
        split_lots(b, quarter, "rural_lot", reg.key, RURAL_ROW_DEPTH, RURAL_LOT_WIDTH, 150.0, back_to_back=False,
                   max_area=800.0, rural=reg.params["rural"])


def split_region_piece(b: Builder, piece, blk, reg: Region) -> None:
    """Dispatch a carved piece of a designed region to its splitter."""
    rng = b.rng
    if reg.kind == "unregistered":
        b.add(piece, "unregistered", reg.key, use=reg.params["use"])
    elif reg.kind == "single":
        extra = {k: v for k, v in reg.params.items() if k != "kind"}
        b.add(piece, reg.params["kind"], reg.key, **extra)
    elif reg.kind == "spz":
        minx = piece.bounds[0]
        cuts = [_r(minx + d) for d in reg.params["cuts"]]
        for part in sorted(cut_x(piece, cuts), key=sort_key):
            b.add(part, "spz_lot", reg.key, spz=reg.params["name"])
    elif reg.kind == "rural":
        split_rural(b, piece, reg)
    elif reg.kind == "farm_noditch":
        split_farm(b, piece, blk, reg.key, ditch=False, min_area=700.0, width=(28.0, 60.0))
    elif reg.kind == "industrial":
        split_lots(b, piece, "industrial_lot", reg.key, (60.0, 0.0), INDUSTRIAL_LOT_WIDTH, 2500.0)
    elif reg.kind == "devpermit":
        split_lots(b, piece, "devpermit_lot", reg.key, (40.0, 55.0), (35.0, 60.0), 900.0, back_to_back=False)
    elif reg.kind == "urban":
        uz = reg.params["uz"]
        if uz == "農業區":
            split_farm(b, piece, blk, reg.key, kind="urban_farm")
        elif uz == "保護區":
            for cell in split_voronoi(rng, piece, PROTECT_CELL_AREA):
                b.add(cell, "urban_protect", reg.key)
        elif uz == "商業區":
            split_lots(b, piece, "urban_lot", reg.key, (35.0, 0.0), COMMERCIAL_LOT_WIDTH, 150.0, uz=uz)
        else:
            split_lots(b, piece, "urban_lot", reg.key, (35.0, 0.0), URBAN_LOT_WIDTH, 250.0, uz=uz)
    elif reg.kind == "voronoi":
        for cell in split_voronoi(rng, piece, reg.params["cell"]):
            b.add(cell, reg.params["kind"], reg.key)
    else:
        raise AssertionError(reg.kind)


def split_blocks(b: Builder, regions: list[Region]) -> None:
    """Carve the designed regions out of every block (priority order), split the pieces, then split the rest
    of the block as default land (farmland in the plain, slope land in the mountains)."""
    tree = shapely.STRtree([r.geom for r in regions])
    for blk, where in b.blocks:
        remaining = blk
        for i in sorted(int(k) for k in tree.query(blk, predicate="intersects")):
            reg = regions[i]
            part = remaining.intersection(reg.geom)
            if part.area < 0.01:
                continue
            remaining = remaining.difference(reg.geom)
            for piece in sorted(polygons_of(part), key=sort_key):
                split_region_piece(b, piece, blk, reg)
            if remaining.area < 0.01:
                break
        for piece in sorted(polygons_of(remaining), key=sort_key):
            if where == "plain":
                split_farm(b, piece, blk)
            else:
                for cell in split_voronoi(b.rng, piece, SLOPE_CELL_AREA):
                    b.add(cell, "slope", "")


# ------------------------------------------------------------------------------------------------------------------
# 6. Clean the coverage, merge slivers
# ------------------------------------------------------------------------------------------------------------------
def noded_partition(geoms: list, grid: float = 0.001) -> list:
    """Rebuild polygons that are a partition up to floating-point noise so that they share identical edges.

    All outlines are noded together with snap rounding on a ``grid`` (1 mm), the faces are polygonised and each
    face goes to the input polygon that contains most of it. Returns one geometry per input, followed by the
    faces that belong to no input (dust).
    """
    lines = shapely.union_all([g.boundary for g in geoms], grid_size=grid)
    faces = [f for f in shapely.get_parts(shapely.polygonize(shapely.get_parts(lines))) if f.area > 0]
    tree = shapely.STRtree(geoms)
    owned: list[list] = [[] for _ in geoms]
    dust = []
    for face in faces:
        rp = face.representative_point()
        hits = [int(k) for k in tree.query(rp, predicate="within")]
        if len(hits) != 1:
            cands = [int(k) for k in tree.query(face, predicate="intersects")]
            scored = sorted((-face.intersection(geoms[k]).area, k) for k in cands)
            hits = [scored[0][1]] if scored and scored[0][0] < -0.5 * face.area else []
        if hits:
            owned[hits[0]].append(face)
        else:
            dust.append(face)
    out = [shapely.union_all(fs) if len(fs) > 1 else (fs[0] if fs else Polygon()) for fs in owned]
    return out + dust


def clean_coverage(b: Builder) -> None:
    """Make shared edges identical (GEOS coverage cleaning), merge slivers into their longest-border neighbour and
    check that the parcels cover the county land exactly."""
    geoms = noded_partition([p.geom for p in b.pieces])
    cleaned = []
    for p, g in zip(b.pieces, geoms):
        parts = sorted(polygons_of(g), key=lambda q: -q.area)
        if not parts:
            continue
        p.geom = parts[0]
        cleaned.append(p)
        for dust in parts[1:]:  # noding leftovers: merged into a neighbour below
            cleaned.append(Piece(dust, "dust", group=p.group))
    for dust in geoms[len(b.pieces):]:
        cleaned.append(Piece(dust, "dust"))
    b.pieces = cleaned

    def is_sliver(p: Piece) -> bool:
        a = p.geom.area
        if p.kind == "dust":
            return True
        if p.attrs.get("protected") or p.kind == "unregistered":
            return False
        if p.kind in ("farm", "urban_farm", "slope") and a < 300.0:
            return True
        width = 2.0 * a / p.geom.length
        return a < 25.0 or (width < 1.5 and p.kind not in ("road", "ditch", "rural_lane"))

    for _ in range(5):
        slivers = [i for i, p in enumerate(b.pieces) if is_sliver(p)]
        if not slivers:
            break
        tree = shapely.STRtree([p.geom for p in b.pieces])
        absorbed: set[int] = set()
        changed: set[int] = set()
        for i in slivers:
            if i in changed:
                continue
            cand = []
            for j in sorted(int(k) for k in tree.query(b.pieces[i].geom, predicate="intersects")):
                q = b.pieces[j]
                if j == i or j in absorbed or q.attrs.get("protected") or q.kind in ("unregistered", "dust"):
                    continue
                if q.kind == "river" and b.pieces[i].kind != "dust":  # river parcels stay = 河川區域線 on land
                    continue
                length = shared_length(b.pieces[i].geom, q.geom)
                if length > 0:
                    cand.append((-length, j))
            if not cand:
                continue
            j = min(cand)[1]
            b.pieces[j].geom = shapely.union(b.pieces[j].geom, b.pieces[i].geom)
            absorbed.add(i)
            changed.add(j)
        b.pieces = [p for k, p in enumerate(b.pieces) if k not in absorbed]
    for p in b.pieces:
        if not p.geom.is_valid:
            raise AssertionError(f"invalid parcel geometry ({p.kind}, {p.region}): {shapely.is_valid_reason(p.geom)}")
    union = shapely.coverage_union_all([p.geom for p in b.pieces])
    diff = abs(union.area - b.land.area)
    if diff > 1.0:
        raise AssertionError(f"parcels do not cover the land: union {union.area:.2f} vs land {b.land.area:.2f}")
    if not shapely.coverage_is_valid(shapely.GeometryCollection([p.geom for p in b.pieces])):
        raise AssertionError("parcels are not a valid coverage (overlaps or mismatched edges)")
    b.county = union


# ------------------------------------------------------------------------------------------------------------------
# 7. Parcel attributes and numbering
# ------------------------------------------------------------------------------------------------------------------
def zone_at(b: Builder, p: Point) -> str:
    """Default 非都市土地使用分區 at a point (for roads, ditches and default land)."""
    if b.np_design.contains(p):
        return "國家公園區"
    if b.mountain.contains(p):
        return "森林區" if b.forest_east.contains(p) else "山坡地保育區"
    if p.x < x_on_line(b.v_lines[0], p.y) or p.y > y_on_line(b.h_lines[MAIN_ROAD_ROW], p.x):
        return "一般農業區"
    return "特定農業區"


def pick(rng: random.Random, table) -> str:
    """Weighted choice from ((value, weight), ...)."""
    total = sum(w for _, w in table)
    r = rng.uniform(0.0, total)
    for value, w in table:
        r -= w
        if r <= 0:
            return value
    return table[-1][0]


FARM_USE = (("農業使用", 87.0), ("荒地", 7.0), ("建築使用", 4.0), ("工業使用", 2.0))
FARM_USE_CORE = (("農業使用", 98.0), ("荒地", 2.0))


def assign_attributes(b: Builder) -> None:
    """Zoning, land use, owner and current use of every parcel, by kind and location."""
    rng = b.rng
    plan = urban_design(b)
    b.indigenous_design = blob(rng, 258000.0, 2753080.0, 420.0, 330.0, rot_deg=10.0, rough=0.08)
    for p in b.pieces:
        p.attrs["rp"] = p.geom.representative_point()
    for p in b.pieces:
        a = p.attrs
        rp = a["rp"]
        urban = plan["outline"].contains(rp)
        zone = "" if urban else zone_at(b, rp)
        if not urban and b.industrial_area.contains(p):
            zone = "工業區"
        k = p.kind
        uz = ""
        if urban:
            uz = a.get("uz") or next((key.split(":")[0] for key in ("農業區:大", "農業區:小", "保護區")
                                       if plan["zones"][key].contains(rp)), "")
            if not uz:
                uz = "道路用地" if k in ("road", "ditch") else "住宅區"
            if k == "ditch" and uz not in ("農業區", "保護區"):
                uz = "道路用地"
        a["uz"] = uz
        owner, use, landuse = "私有", "農業使用", "農牧用地"
        if k == "river":
            zone, landuse, use, owner = "河川區", "水利用地", "水域", "公有"
        elif k == "road":
            landuse, use, owner = "交通用地", "道路", "公有"
        elif k == "ditch":
            landuse, use, owner = "水利用地", "水路", "公有"
        elif k == "unregistered":
            zone, landuse, use, owner = "", "", a["use"], "公有"
        elif k in ("farm", "urban_farm"):
            core = b.agr_area.contains(p) or p.region.startswith("agr_hole") or p.region.startswith("notch")
            use = pick(rng, FARM_USE_CORE if core else FARM_USE)
            if b.aqua_area.contains(p) and not urban:
                landuse = "養殖用地"
            owner = "公有" if rng.random() < 0.04 else "私有"
            if p.region.startswith("agr_hole"):
                zone = "一般農業區"
            if p.region in ("spz_hole",) or p.region.startswith("notch"):
                use = "農業使用"
        elif k == "farmhouse":
            landuse, use = "甲種建築用地", "建築使用"
        elif k == "special_use_outside":
            landuse, use = "特定目的事業用地", "建築使用"
        elif k == "spz_lot":
            zone, landuse, use = "特定專用區", "特定目的事業用地", "工業使用"
        elif k == "rural_lane":
            zone, landuse, use, owner = "鄉村區", "交通用地", "道路", "公有"
        elif k == "rural_lot":
            zone, landuse = "鄉村區", "乙種建築用地"
            use = pick(rng, (("建築使用", 92.0), ("荒地", 5.0), ("農業使用", 3.0)))
        elif k == "industrial_lot":
            landuse, use = "丁種建築用地", pick(rng, (("工業使用", 90.0), ("荒地", 10.0)))
        elif k == "urban_lot":
            use = pick(rng, (("建築使用", 86.0), ("荒地", 14.0)))
            owner = "公有" if rng.random() < 0.05 else "私有"
        elif k == "urban_protect":
            use = pick(rng, (("森林", 60.0), ("荒地", 25.0), ("農業使用", 15.0)))
            owner = "公有" if rng.random() < 0.5 else "私有"
        elif k == "coast_forest":
            zone, landuse, use, owner = "森林區", "國土保安用地", "森林", "公有"
        elif k == "reservoir":
            zone, landuse, use, owner = "森林區", "水利用地", "水域", "公有"
        elif k == "national_park":
            landuse, use, owner = "", "森林", "公有"
        elif k == "devpermit_lot":
            landuse, use = "丙種建築用地", pick(rng, (("建築使用", 75.0), ("荒地", 25.0)))
        elif k == "cemetery":
            landuse, use, owner = "殯葬用地", "建築使用", "公有"
        elif k == "scenic":
            zone, landuse, use = "風景區", "遊憩用地", pick(rng, (("建築使用", 40.0), ("森林", 60.0)))
        elif k == "nature_reserve":
            zone, landuse, use, owner = "森林區", "生態保護用地", "森林", "公有"
        elif k in ("trial_forest", "univ_forest"):
            zone, landuse, use, owner = "森林區", "林業用地", "森林", "公有"
        elif k == "forest":
            zone, owner, use = "森林區", "公有", "森林"
            landuse = "國土保安用地" if nf_zone(b, rp) == "國土保安區" or rng.random() < 0.08 else "林業用地"
        elif k == "slope":
            landuse = pick(rng, (("農牧用地", 58.0), ("林業用地", 36.0), ("國土保安用地", 6.0)))
            use = {"農牧用地": pick(rng, (("農業使用", 72.0), ("荒地", 20.0), ("森林", 8.0)))}.get(landuse, "森林")
            owner = "公有" if rng.random() < 0.15 else "私有"
        else:
            raise AssertionError(k)
        if urban:
            zone, landuse = "", ""
        a.update(nu_zone=zone, nu_landuse=landuse, current_use=use, owner_type=owner)
        a["registered"] = 0 if k == "unregistered" else 1
        a["slope_land"] = 1 if b.mountain.contains(rp) else 0
        a["indigenous"] = 1 if b.indigenous_design.contains(rp) else 0


def nf_zone(b: Builder, p: Point) -> str:
    """國有林事業區 分區 of a point of the eastern forest (design rectangles, first match)."""
    for name, g in nf_design(b):
        if g.contains(p):
            return name
    return ""


def nf_design(b: Builder):
    if not hasattr(b, "_nf"):
        b._nf = (
            ("國土保安區", b.reservoir.buffer(260.0)),
            ("自然保護區", box(259300.0, 2754300.0, 261000.0, 2756000.0)),
            ("森林育樂區", box(258000.0, 2754300.0, 259300.0, 2757500.0)),
            ("林木經營區", box(258000.0, 2751000.0, 261000.0, 2754300.0)),
        )
    return b._nf


def assign_numbers(b: Builder) -> None:
    """Township, land office, section, 地號 (main-sub), registered area."""
    rng = b.rng
    plan = urban_design(b)
    main_y = b.h_lines[MAIN_ROAD_ROW]
    for p in b.pieces:
        rp = p.attrs["rp"]
        if b.mountain.contains(rp):
            town = "山腳鄉"
            sec = "0497" if rp.y >= 2755300 else ("0474" if rp.y >= 2753700 else "0457")
        elif rp.x < x_on_line(b.v_lines[HIGHWAY_COL], rp.y):
            town = "海濱鄉"
            if rp.x < x_on_line(b.v_lines[0], rp.y):
                sec = "0388"
            else:
                sec = "0266" if rp.y < 2753800 else ("0257" if rp.y < 2755400 else "0389")
        else:
            town = "平原鎮"
            if plan["outline"].contains(rp):
                sec = "0677" if rp.y < y_on_line(main_y, rp.x) else "0678"
            else:
                sec = "0642" if rp.y < 2753600 else ("0633" if rp.y < 2755000 else "0662")
        p.attrs["town"], p.attrs["section"] = town, sec
    info = {s[2]: s for s in SECTIONS}
    # groups share section of their first member
    group_sec: dict[int, str] = {}
    for p in b.pieces:
        group_sec.setdefault(p.group, p.attrs["section"])
    by_section: dict[str, list[int]] = {}
    group_rp: dict[int, Point] = {}
    for p in b.pieces:
        if p.attrs["registered"] and p.group not in group_rp:
            group_rp[p.group] = p.attrs["rp"]
            by_section.setdefault(group_sec[p.group], []).append(p.group)
    main_no: dict[int, int] = {}
    for sec in sorted(by_section):
        groups = sorted(by_section[sec], key=lambda g: (int((Y_NORTH + 100.0 - group_rp[g].y) // 150.0),
                                                        round(group_rp[g].x, 2), g))
        start = rng.randint(1, 40)
        for n, g in enumerate(groups):
            main_no[g] = start + n
    sub_count: dict[int, int] = {}
    for p in b.pieces:
        sec = group_sec[p.group]
        town, office, _, name = info[sec]
        a = p.attrs
        a.update(county=COUNTY, town=town, office=office, section=sec, section_name=name)
        area = p.geom.area
        if a["registered"]:
            sub = sub_count.get(p.group, 0)
            sub_count[p.group] = sub + 1
            a["parcel_no"] = f"{main_no[p.group]:04d}-{sub:04d}"
            if "reg_area" in a:
                a["reg_area"] = float(a["reg_area"])
            else:
                e = max(-REG_AREA_MAX, min(REG_AREA_MAX, rng.gauss(0.0, REG_AREA_SIGMA)))
                a["reg_area"] = round(area * (1.0 + e), 2)
        else:
            a["parcel_no"] = ""
            a["reg_area"] = 0.0


# ------------------------------------------------------------------------------------------------------------------
# 8. Indicator layers (land)
# ------------------------------------------------------------------------------------------------------------------
def dissolve(geoms) -> object:
    return shapely.coverage_union_all(list(geoms)) if geoms else Polygon()


def add_layer(b: Builder, name: str, features: list) -> None:
    b.layers[name] = features


def stake_urban_plan(b: Builder) -> None:
    """The strip of the parcel at URBAN_STAKE_POINT that the staked plan boundary puts inside the urban plan
    (``b.urban_stake``: parcel, strip). Post-processing: no random draw, no parcel changed."""
    plan_north = urban_design(b)["outline"].bounds[3]
    hit = [p for p in b.pieces if p.geom.contains(Point(URBAN_STAKE_POINT))]
    assert len(hit) == 1 and not hit[0].attrs["uz"] and hit[0].attrs["registered"], "stake parcel"
    p = hit[0]
    x0, y0, x1, _y1 = p.geom.bounds
    assert abs(y0 - plan_north) < GRID, "the stake parcel must border the plan's north edge"
    strip = p.geom.intersection(box(x0 - 1.0, y0 - 1.0, x1 + 1.0, plan_north + URBAN_STAKE_DEPTH))
    assert 0.1 * p.geom.area < strip.area < 0.5 * p.geom.area, "stake strip share"
    b.urban_stake = (p, strip)


def build_land_layers(b: Builder) -> None:
    """Indicator layers on land: cadastral ones are dissolved from parcels, drawn ones are designed shapes."""
    rng = b.rng
    P = b.pieces

    def parcels(pred):
        return [p.geom for p in P if pred(p)]

    _stake_parcel, stake = b.urban_stake

    add_layer(b, "縣市界", [(b.county, {"county": COUNTY, "name": COUNTY})])
    add_layer(b, "海域", [(b.sea, {"name": COUNTY + "海域"})])
    add_layer(b, "平均高潮線", [(b.mht, {"name": COUNTY + "平均高潮線"})])
    add_layer(b, "鄉村區", [(dissolve(parcels(lambda p, k=k: p.attrs.get("rural") == k)), {"name": RURAL_NAMES[k]})
                         for k in sorted(RURAL_NAMES)])
    add_layer(b, "特定專用區", [(dissolve(parcels(lambda p, n=n: p.attrs.get("spz") == n)), {"name": n})
                           for n in (SPZ_NAMES["1"], SPZ_NAMES["2"])])
    add_layer(b, "工業區", [(dissolve(parcels(lambda p: p.attrs["nu_zone"] == "工業區")), {"name": "示範工業區"})])
    add_layer(b, "開發許可", [(dissolve(parcels(lambda p: p.region == "devpermit")), {"name": "示範山莊住宅社區開發案"})])
    add_layer(b, "重大建設計畫", [(dissolve(parcels(b.major_area.contains)),
                                {"name": "示範縣產業物流園區計畫"})])
    plan = shapely.union_all(parcels(lambda p: bool(p.attrs["uz"])) + [stake])
    add_layer(b, "都市計畫範圍", [(plan, {"name": URBAN_PLAN_NAME})])
    zoning = []
    for uz in ("住宅區", "商業區", "農業區", "保護區", "道路用地"):
        merged = dissolve(parcels(lambda p, uz=uz: p.attrs["uz"] == uz))
        if uz == URBAN_STAKE_ZONE:
            merged = shapely.union_all([merged, stake])
        for part in sorted(polygons_of(merged), key=sort_key):
            zoning.append((part, {"name": URBAN_PLAN_NAME, "分區": uz}))
    add_layer(b, "都市計畫使用分區", zoning)
    agr = dissolve(parcels(lambda p: b.agr_area.contains(p) and not p.region.startswith("agr_hole")))
    add_layer(b, "農業經營專區", [(agr, {"name": "海濱鄉稻米農業經營專區"})])
    aqua = dissolve(parcels(lambda p: b.aqua_area.contains(p) and p.attrs["registered"]))
    add_layer(b, "養殖漁業生產區", [(aqua, {"name": "海濱養殖漁業生產區"})])
    add_layer(b, "原住民族土地", [(b.indigenous_design, {"name": "山腳部落原住民族土地"})])
    add_layer(b, "山坡地", [(dissolve(parcels(lambda p: p.attrs["slope_land"] == 1)), {"name": COUNTY + "山坡地範圍"})])
    forest = [p for p in P if p.kind == "forest"]
    add_layer(b, "國有林事業區", [(dissolve([p.geom for p in forest if nf_zone(b, p.attrs["rp"]) == z]),
                                {"name": "示範事業區", "分區": z})
                               for z in ("自然保護區", "國土保安區", "林木經營區", "森林育樂區")])
    add_layer(b, "林業試驗林地", [(dissolve(parcels(lambda p: p.kind == "trial_forest")), {"name": "林業試驗所示範試驗林"})])
    add_layer(b, "大專院校實驗林地", [(dissolve(parcels(lambda p: p.kind == "univ_forest")), {"name": "示範大學實驗林"})])
    add_layer(b, "自然保留區", [(dissolve(parcels(lambda p: p.kind == "nature_reserve")), {"name": "示範山自然保留區"})])
    add_layer(b, "國家公園範圍", [(b.np_design, {"name": "示範山國家公園"})])
    add_layer(b, "水庫蓄水範圍", [(b.reservoir, {"name": "山腳水庫"})])
    # drawn (non-cadastral) indicators
    add_layer(b, "保安林", [
        (blob(rng, 259150.0, 2755060.0, 620.0, 260.0, rot_deg=4.0, rough=0.10), {"name": "示範第2101號保安林（水源涵養）"}),
        (coast_forest_band(b), {"name": "示範第2102號保安林（防風）"}),
    ])
    wq = Polygon([(256750.0, 2753150.0), (257600.0, 2752950.0), (259900.0, 2753600.0), (259950.0, 2754500.0),
                  (258300.0, 2754450.0), (257300.0, 2754050.0), (256750.0, 2753700.0)])
    add_layer(b, "自來水水質水量保護區", [(wq, {"name": "示範溪自來水水質水量保護區"})])
    geo = []
    for i, (yy, rx, ry) in enumerate(((2754050.0, 260.0, 170.0), (2756350.0, 210.0, 150.0))):
        geo.append((blob(rng, x_on_line(b.foothill, yy) + 30.0, yy, rx, ry, rot_deg=rng.uniform(-30, 30)),
                    {"name": f"L{i + 1:04d}示範縣山崩與地滑地質敏感區"}))
    add_layer(b, "地質敏感區（山崩與地滑）", geo)
    streams, fans = [], []
    for i, pts in enumerate((((259000.0, 2756650.0), (258500.0, 2756520.0), (258050.0, 2756560.0)),
                             ((258900.0, 2752600.0), (258500.0, 2752760.0), (258150.0, 2752830.0)))):
        end = pts[-1]
        ex = x_on_line(b.foothill, end[1]) + 40.0
        line = LineString(chaikin(list(pts) + [(ex, end[1] + 10.0)], 2))
        name = f"示範DF{i + 1:03d}"
        streams.append((line, {"name": name}))
        cx, cy = line.coords[-1]
        fan = Point(cx, cy).buffer(230.0, quad_segs=8).intersection(box(cx - 260.0, cy - 260.0, cx + 60.0, cy + 260.0))
        fans.append((shapely.union(fan, line.buffer(40.0)), {"name": name}))
    add_layer(b, "土石流潛勢溪流", streams)
    add_layer(b, "土石流潛勢溪流影響範圍", fans)
    add_layer(b, "野生動物保護區", [(blob(rng, 259650.0, 2752550.0, 380.0, 260.0, rot_deg=8.0),
                                  {"name": "示範溪上游野生動物保護區"})])
    mouth_y = river_y_at(b, COAST_X)
    add_layer(b, "國家級重要濕地", [(blob(rng, COAST_X + 80.0, mouth_y, 560.0, 330.0, rot_deg=-8.0, rough=0.09),
                                  {"name": "示範溪口重要濕地"})])
    ix = INTAKE_X
    b.intake = (_r(ix), _r(river_y_at(b, ix)))
    add_layer(b, "飲用水取水口一定距離", [(circle(*b.intake, INTAKE_RADIUS), {"name": "示範溪取水口"})])
    for layer, g in (("河川區域線", b.river_area), ("水道治理計畫線", b.river_plan), ("用地範圍線", b.river_use),
                     ("中央管河川區域", b.river_area)):
        add_layer(b, layer, [(g, {"name": RIVER_NAME})])


def coast_forest_band(b: Builder):
    """保安林 along the northern coast: mostly land, partly beyond the mean high tide line."""
    seg = LineString([(coast_x_at(b, y), y) for y in range(2756900, 2756299, -50)])
    return seg.buffer(120.0, cap_style="flat").difference(b.sea.difference(seg.buffer(45.0)))


# ------------------------------------------------------------------------------------------------------------------
# 9. Marine layers
# ------------------------------------------------------------------------------------------------------------------
def build_marine_layers(b: Builder) -> None:
    """Marine indicators on the sea side of the mean high tide line (RULES.md §5 cases: circles, a stadium,
    junctions with a cable corridor, harbour vertices on the mean high tide line)."""
    sea = b.sea
    reefs = [(circle(cx, cy, r), {"name": name}) for name, (cx, cy), r in REEFS]
    name, (a, c), r = STADIUM_REEF
    reefs.append((LineString([a, c]).buffer(r, quad_segs=16), {"name": name}))
    add_layer(b, "人工魚礁區及保護礁區", reefs)
    y_land = 2753250.0
    cable_line = LineString([(coast_x_at(b, y_land) + 50.0, y_land), (251600.0, 2752980.0), (249000.0, 2752400.0),
                             (SEA_WEST_X - 100.0, 2752100.0)])
    b.cable = cable_line.buffer(100.0, cap_style="flat", join_style="mitre").intersection(sea)
    add_layer(b, "海底電纜或管道設置範圍", [(b.cable, {"name": "示範海纜A_示範縣段"})])
    # harbour: its landward side is made of mean high tide line vertices
    hy0, hy1 = 2755480.0, 2755840.0
    cx0 = min(x for x, y in b.coast if hy0 <= y <= hy1)
    harbour_sea = box(cx0 - 650.0, hy0, cx0 + 200.0, hy1).intersection(sea)
    harbour = max(polygons_of(harbour_sea), key=lambda g: g.area)
    b.harbour = harbour
    add_layer(b, "港區範圍", [(harbour, {"name": "示範漁港"})])
    lane = Polygon([(cx0 - 640.0, 2755560.0), (cx0 - 640.0, 2755760.0), (SEA_WEST_X + 300.0, 2755900.0),
                    (SEA_WEST_X + 300.0, 2755420.0)])
    add_layer(b, "航道及其疏濬工程範圍", [(lane.intersection(sea), {"name": "示範漁港航道"})])
    south_band = Polygon([(COAST_X + 400.0, Y_SOUTH - 700.0), (COAST_X - 2600.0, Y_SOUTH - 700.0),
                          (COAST_X - 2600.0, 2753950.0), (COAST_X + 400.0, 2753950.0)]).intersection(sea)
    fish = [
        (south_band, {"name": "示範區漁會專用漁業權", "漁業權類別": "專用"}),
        (box(252300.0, 2756400.0, 252650.0, 2756620.0), {"name": "示範定置漁業權第1號", "漁業權類別": "定置"}),
        (box(251800.0, 2754700.0, 252100.0, 2754950.0), {"name": "示範定置漁業權第2號", "漁業權類別": "定置"}),
        (box(COAST_X - 700.0, 2752300.0, COAST_X + 400.0, 2752700.0).intersection(sea),
         {"name": "示範區劃漁業權第1號", "漁業權類別": "區劃"}),
    ]
    add_layer(b, "漁業權範圍", fish)
    add_layer(b, "錨地範圍", [(Polygon([(246600.0, 2755200.0), (247500.0, 2755050.0), (247800.0, 2755700.0),
                                     (247300.0, 2756250.0), (246500.0, 2756000.0)]), {"name": "示範錨地"})])
    for layer in ("人工魚礁區及保護礁區", "海底電纜或管道設置範圍", "港區範圍", "航道及其疏濬工程範圍", "漁業權範圍", "錨地範圍"):
        for g, _ in b.layers[layer]:
            assert sea.buffer(0.01).contains(g), f"{layer} leaves the sea area"


# ------------------------------------------------------------------------------------------------------------------
# 10. Landmarks
# ------------------------------------------------------------------------------------------------------------------
def parcel_key(p: Piece) -> str:
    a = p.attrs
    return f"{a['office']}|{a['section']}|{a['parcel_no']}"


def build_landmarks(b: Builder) -> None:
    """Named points where the generator put the interesting cases (geometric facts, not zoning results)."""
    L = b.landmarks

    def add(id_, pt, layer, field_, value, relation, zh, en):
        x, y = (pt.x, pt.y) if isinstance(pt, Point) else pt
        L.append({"id": id_, "x": f"{x:.3f}", "y": f"{y:.3f}", "layer": layer, "field": field_, "value": value,
                  "relation": relation, "description_zh": zh, "description_en": en})

    def region_parcels(prefix):
        return [p for p in b.pieces if p.region.startswith(prefix)]

    def one(region):
        ps = [p for p in b.pieces if p.region == region]
        assert len(ps) == 1, (region, len(ps))
        return ps[0]

    add("reservoir", b.reservoir.representative_point(), "水庫蓄水範圍", "name", "山腳水庫", "inside",
        "水庫蓄水範圍內", "inside the reservoir storage area")
    for key, ha in (("agr_hole1", "0.9"), ("agr_hole2", "2.5")):
        hole = dissolve([p.geom for p in region_parcels(key)])
        add(f"agr_enclosed_{ha.replace('.', '_')}ha", hole.representative_point(), "農業經營專區", "name",
            "海濱鄉稻米農業經營專區", "in_hole", f"農業經營專區包夾之一般農業區（約 {ha} 公頃）內",
            f"inside the ~{ha} ha general-agriculture area enclosed by the agricultural management zone")
    p = one("notch_a")
    add("rural_a_notch_0_6ha", p.attrs["rp"], "地籍", "key", parcel_key(p), "inside",
        "海口鄉村區凹入之農地（約 0.6 公頃）", "farmland parcel (~0.6 ha) in the concave notch of rural district A")
    for k in range(3):
        p = one(f"notch_b{k + 1}")
        add(f"rural_b_notch_{k + 1}", p.attrs["rp"], "地籍", "key", parcel_key(p), "inside",
            f"頂厝鄉村區凹入農地群（合計約 1.2 公頃）第 {k + 1} 筆",
            f"parcel {k + 1} of the notch group (~1.2 ha in total) of rural district B")
    p = one("notch_c")
    add("rural_c_notch_1ha", p.attrs["rp"], "地籍", "key", parcel_key(p), "inside",
        "下厝鄉村區凹入農地（登記面積 10000.00 平方公尺）",
        "farmland parcel in the notch of rural district C, registered area exactly 10000.00 m²")
    p = one("protrusion_a")
    add("rural_a_protruding_lane", p.attrs["rp"], "地籍", "key", parcel_key(p), "inside",
        "海口鄉村區狹長突出之交通用地", "narrow protruding lane (交通用地) of rural district A")
    add("rural_bc_gap_road", b.rural_gap_point, "地籍", "nu_landuse", "交通用地", "inside",
        "頂厝與下厝鄉村區之間的農路", "farm road separating rural districts B and C")
    p = one("spz_hole")
    add("spz_enclosed_parcel", p.attrs["rp"], "地籍", "key", parcel_key(p), "inside",
        "特定專用區四面包夾之農牧用地（約 0.4 公頃）", "farm parcel (~0.4 ha) enclosed on four sides by special zone 1")
    add("spz_gap_road", b.spz_gap_point, "地籍", "nu_landuse", "交通用地", "inside",
        "兩處特定專用區之間的農路", "farm road separating the two special-purpose zones")
    p = one("spz_outside")
    add("special_use_outside_zone", p.attrs["rp"], "地籍", "key", parcel_key(p), "inside",
        "特定專用區外之特定目的事業用地", "特定目的事業用地 parcel outside any special-purpose zone")
    for uz_name, key in (("big", "urban:農業區:大"), ("small", "urban:農業區:小")):
        g = dissolve([q.geom for q in b.pieces if q.attrs["uz"] == "農業區"
                      and urban_design(b)["zones"][key.split(":", 1)[1]].contains(q.attrs["rp"])])
        add(f"urban_agri_{uz_name}", g.representative_point(), "都市計畫使用分區", "分區", "農業區", "inside",
            "都市計畫農業區（" + ("10 公頃以上" if uz_name == "big" else "未達 10 公頃") + "）",
            f"urban-plan agricultural zone ({'>= 10 ha' if uz_name == 'big' else '< 10 ha'})")
    np_land = b.np_design.intersection(b.county)
    add("national_park_corner", np_land.representative_point(), "國家公園範圍", "name", "示範山國家公園", "inside",
        "國家公園範圍（縣東北角）", "national park (north-east corner of the county)")
    for name, (cx, cy), _ in REEFS:
        add(f"reef_centre_{name[2]}", (cx, cy), "人工魚礁區及保護礁區", "name", name, "circle_centre",
            f"{name}圓心", f"centre of the circular reef area {name}")
    name, (a, c), _ = STADIUM_REEF
    add("reef_centre_3", ((a[0] + c[0]) / 2, (a[1] + c[1]) / 2), "人工魚礁區及保護礁區", "name", name, "inside",
        f"{name}（線段環域）中點", f"midpoint of the 300 m axis of the stadium-shaped reef {name}")
    coast_set = set(b.coast)
    hv = sorted(v for v in b.harbour.exterior.coords[:-1] if v in coast_set)
    assert len(hv) >= 3, "harbour has no vertex on the mean high tide line"
    add("harbour_vertex_on_mht", hv[len(hv) // 2], "港區範圍", "name", "示範漁港", "vertex_on_mht",
        "港區範圍位於平均高潮線上之折點", "harbour vertex lying exactly on the mean high tide line")
    reef2 = b.layers["人工魚礁區及保護礁區"][2][0]
    junction = sorted(shapely.get_coordinates(b.cable.boundary.intersection(reef2.boundary)).tolist())
    assert junction, "cable corridor does not cross the stadium reef"
    add("cable_reef_junction", tuple(junction[0]), "海底電纜或管道設置範圍", "name", "示範海纜A_示範縣段", "on_boundary",
        "海纜範圍與保護礁區之交界點", "junction point of the cable corridor and the stadium reef boundary")
    wet = b.layers["國家級重要濕地"][0][0]
    add("wetland_sea_side", wet.intersection(b.sea).representative_point(), "國家級重要濕地", "name", "示範溪口重要濕地",
        "inside", "重要濕地位於海側之部分", "sea-side part of the river-mouth wetland")
    add("river_intake", b.intake, "河川區域線", "name", RIVER_NAME, "inside", "取水口（圓心）",
        "drinking-water intake (centre of the distance circle)")
    d = [q for q in b.pieces if q.attrs.get("rural") == "D" and q.kind == "rural_lot"]
    add("rural_d_indigenous", sorted(d, key=lambda q: q.geom.area)[len(d) // 2].attrs["rp"], "原住民族土地", "name",
        "山腳部落原住民族土地", "inside", "原住民族土地內之山腳部落鄉村區", "indigenous rural district D")
    for i, q in enumerate(sorted([q for q in b.pieces if q.kind == "unregistered"], key=lambda q: sort_key(q.geom))):
        add(f"unregistered_{i + 1}", q.attrs["rp"], "地籍", "registered", "0", "inside", "未登錄地",
            "unregistered strip (needs a provisional number)")
    add("industrial_zone", b.industrial_area.poly.centroid, "工業區", "name", "示範工業區", "inside", "工業區",
        "industrial zone")
    p, strip = b.urban_stake
    add("urban_plan_straddling_parcel", strip.representative_point(), "地籍", "key", parcel_key(p), "inside",
        "部分位於都市計畫範圍之農牧用地（樁位界線穿過、尚未分割）",
        "farm parcel partly inside the urban plan (the staked boundary crosses it; not yet divided)")


# ------------------------------------------------------------------------------------------------------------------
# 11. Writing
# ------------------------------------------------------------------------------------------------------------------
def write_gpkg(b: Builder, out: Path) -> None:
    """Write every layer with osgeo.ogr (explicit field types, fid 1..n in feature order)."""
    os.environ["OGR_CURRENT_DATE"] = OGR_DATE
    from osgeo import gdal, ogr, osr

    gdal.UseExceptions()
    gdal.SetConfigOption("OGR_CURRENT_DATE", OGR_DATE)
    if out.exists():
        out.unlink()
    out.parent.mkdir(parents=True, exist_ok=True)
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(EPSG)
    ds = ogr.GetDriverByName("GPKG").CreateDataSource(str(out))
    types = {"str": ogr.OFTString, "real": ogr.OFTReal, "int": ogr.OFTInteger}

    def write(name: str, gtype, fields, rows):
        lyr = ds.CreateLayer(name, srs, gtype, options=["FID=fid", "GEOMETRY_NAME=geom"])
        for fname, ftype in fields:
            lyr.CreateField(ogr.FieldDefn(fname, types[ftype]))
        defn = lyr.GetLayerDefn()
        lyr.StartTransaction()
        for fid, (geom, values) in enumerate(rows, start=1):
            f = ogr.Feature(defn)
            f.SetFID(fid)
            for fname, _ in fields:
                f.SetField(fname, values[fname])
            f.SetGeometry(ogr.CreateGeometryFromWkb(shapely.to_wkb(geom)))
            lyr.CreateFeature(f)
        lyr.CommitTransaction()

    def multi(g):
        return MultiPolygon([g]) if g.geom_type == "Polygon" else g

    rows = [(multi(p.geom), {k: p.attrs[k] for k, _ in LAYER_FIELDS_PARCEL}) for p in b.pieces]
    write("地籍", ogr.wkbMultiPolygon, LAYER_FIELDS_PARCEL, rows)
    for name in sorted(b.layers, key=layer_order):
        feats = b.layers[name]
        keys = list(feats[0][1].keys())
        fields = [(k, "str") for k in keys]
        line = feats[0][0].geom_type == "LineString"
        rows = [(g if line else multi(g), v) for g, v in feats]
        for g, _ in rows:
            if g.is_empty or not g.is_valid:
                raise AssertionError(f"layer {name}: empty or invalid geometry")
        write(name, ogr.wkbLineString if line else ogr.wkbMultiPolygon, fields, rows)
    ds = None


LAYER_ORDER = (
    "縣市界", "海域", "平均高潮線", "山坡地", "保安林", "國有林事業區", "水庫蓄水範圍", "自來水水質水量保護區",
    "地質敏感區（山崩與地滑）", "土石流潛勢溪流", "土石流潛勢溪流影響範圍", "林業試驗林地", "大專院校實驗林地", "國家公園範圍",
    "自然保留區", "野生動物保護區", "國家級重要濕地", "飲用水取水口一定距離", "河川區域線", "水道治理計畫線", "用地範圍線",
    "中央管河川區域", "農業經營專區", "養殖漁業生產區", "鄉村區", "原住民族土地", "特定專用區", "工業區", "開發許可",
    "重大建設計畫", "都市計畫範圍", "都市計畫使用分區", "人工魚礁區及保護礁區", "海底電纜或管道設置範圍", "港區範圍",
    "航道及其疏濬工程範圍", "漁業權範圍", "錨地範圍",
)


def layer_order(name: str) -> int:
    return LAYER_ORDER.index(name)


def write_landmarks(b: Builder, path: Path) -> None:
    cols = ["id", "x", "y", "layer", "field", "value", "relation", "description_zh", "description_en"]
    with open(path, "w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=cols, lineterminator="\n")
        w.writeheader()
        for row in b.landmarks:
            w.writerow(row)


# ------------------------------------------------------------------------------------------------------------------
# Driver
# ------------------------------------------------------------------------------------------------------------------
def build(seed: int = DEFAULT_SEED) -> Builder:
    """Run every step; returns the builder holding parcels, layers and landmarks."""
    b = Builder(seed)
    build_frame(b)
    build_river(b)
    build_river_parcels(b)
    build_roads(b)
    regions = design_regions(b)
    split_blocks(b, regions)
    clean_coverage(b)
    b.pieces.sort(key=lambda p: (sort_key(p.geom), p.group))
    assign_attributes(b)
    assign_numbers(b)
    check_parcels(b)
    stake_urban_plan(b)
    build_land_layers(b)
    build_marine_layers(b)
    build_landmarks(b)
    return b


def check_parcels(b: Builder) -> None:
    """Fail loudly on anything the tests rely on."""
    n = len(b.pieces)
    if not 3000 <= n <= 6000:
        raise AssertionError(f"{n} parcels: outside the 3000-6000 design range")
    keys = [parcel_key(p) for p in b.pieces if p.attrs["registered"]]
    if len(keys) != len(set(keys)):
        raise AssertionError("duplicate parcel keys")
    if len(keys) != n - 3:
        raise AssertionError(f"{n - len(keys)} unregistered parcels, expected 3")
    for p in b.pieces:
        a = p.attrs
        if a["registered"] and abs(a["reg_area"] - p.geom.area) > 0.005 * p.geom.area:
            raise AssertionError(f"reg_area of {parcel_key(p)} differs by more than 0.5 %")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED)
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    b = build(args.seed)
    write_gpkg(b, args.out)
    landmarks = args.out.with_name(args.out.stem + "_landmarks.csv")
    write_landmarks(b, landmarks)
    dt = time.perf_counter() - t0
    print(f"{args.out}: {len(b.pieces)} parcels, {len(b.layers) + 1} layers, "
          f"{args.out.stat().st_size / 1e6:.2f} MB, {dt:.1f} s; landmarks: {landmarks}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
