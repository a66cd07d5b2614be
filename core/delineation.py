"""Delineation of the 19 zoning classes from their reference indicators (``twzoning:delineateclasses``).

Pure Python on shapely 2 / pandas; no QGIS import. The rules are data (``rules/*.yaml``): each indicator says which
class it leads to, how its area is built (its ``method`` steps) and which ``rule_id`` its decisions carry; the
precedence list (劃設順序, ``precedence.yaml``, DECISIONS.md Q31/Q32) decides overlaps; thresholds and switches come
from ``thresholds.yaml`` / ``switches.yaml``; the pairwise rules are the ``sporadic_rules`` CON2-ADJ, CON2-AGR3,
CON2-REM and AGR2-IN-AGR1. This module only executes them:

1. **inputs** (:func:`delineate`): every indicator layer is recognised from its name through the alias dictionary
   (or, per feature, from ``Inputs.indicator_field``); an unknown layer is reported, never dropped silently; invalid
   geometries are repaired (``make_valid``) and reported; lines or points of an area indicator are reported.
2. **land and sea** (RULES.md §1.5, §3.1 item 7): the sea side is the county sea area (海域) split along the mean
   high tide line (平均高潮線); the land side is the county extent (county boundary, else the cadastre) minus the sea
   side. Land classes are only drawn on the land side, 海 classes only on the sea side.
3. **candidates** (RULES.md §1): per indicator and side, its method steps (``extent``, ``attribute_filter``,
   ``clip_to``, ``polygons_only``, ``derived``, ``boundary_mode`` (river lines, :mod:`.river`), ``rural_nature``)
   give candidate instances, one per feature / part, with the indicator's rule id.
4. **precedence**: classes are taken in the precedence order (land) and the marine order (sea); what an earlier
   class took is not available to a later one; inside a class, indicators in rule-file order (so the rule id of an
   area is stable, whatever the order of the input layers). ``qualify`` steps test the area a class would get (農1
   block > 25 ha with ≥ 80 % agricultural use; 農5 zone ≥ 10 ha and ≥ 80 %, or meeting 農1; special-purpose zone
   ≥ 2 ha). A step with ``defer_to`` (the special-purpose zone: SPZ-D, DECISIONS.md Q9) does not drop a failing
   area: it keeps the class, marked ``pending_rule`` = that unit rule, because the size applies to the unit after
   the inclusions and merges of ``twzoning:ruralunits``; its ``fallback_class`` is the class the same land gets when
   the step rejects it (steps 4-5 once more without deferral). ``residual`` indicators take what is left (海3 = rest
   of the sea, LAND-RESID = land no condition reaches).
5. **pairwise rules** (RULES.md §2): CON2-ADJ (PENDING, switch), CON2-AGR3 (§2.1: 國2 ∩ 宜農牧地 in agricultural use,
   grouped within 100 m, groups ≥ 2 ha → 農3), CON2-REM (PENDING, switch: 國2 remnants < 2 ha join the neighbour
   sharing the longest boundary), AGR2-IN-AGR1 (§2.2: 農2 < 2 ha enclosed by 農1 → 農1). 國1 is never changed by them
   (ownership and current use are not delineation conditions, RULES.md §2.5).
6. **clean-up**: polygons below the sliver tolerance (``delineation_sliver_max_area``) join the neighbour sharing
   their longest boundary; the output has no overlaps and valid geometries.
7. **因地制宜**: when the rule set differs from the national rules (county preset, overlay, a PENDING switch, a
   threshold changed by a parameter), the same inputs are delineated with the national rules too and every area whose
   class differs is marked ``scope = 因地制宜`` with the local rules named in its reason.

Areas are planar, in the unit of the projected CRS of the inputs (m²).
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Mapping, Sequence

import numpy as np
import pandas as pd
import shapely

from . import catalogue
from .fields import CANDIDATE_FIELDS, ZONE_FIELDS
from .geometry_predicates import connected_components, coverage_union
from .river import LineInput, RiverError, boundary_rule, build_river_area, to_area_polygons
from .ruleset import IndicatorDef, MethodStep, RuleSet

__all__ = [
    "Layer",
    "Inputs",
    "Issue",
    "Result",
    "DelineationError",
    "Cancelled",
    "STEPS",
    "CANDIDATE_EXTRA_FIELDS",
    "STATISTICS_FIELDS",
    "ISSUE_FIELDS",
    "delineate",
    "split_land_sea",
    "matches_use",
]

#: The steps reported to a progress monitor (``monitor.step(index, label)``).
STEPS = (
    "inputs",
    "land and sea",
    "candidates",
    "precedence",
    "pairwise rules",
    "clean-up",
    "local rules (因地制宜)",
)
#: Fields written after CANDIDATE_FIELDS on the candidate layer.
CANDIDATE_EXTRA_FIELDS = [
    ("side", "text"),         # land / sea
    ("qualifies", "integer"),  # 0 when a qualify step rejected the instance (農1 block too small …; a test
    #                            deferred to a unit rule, SPZ-D: the area stays pending, its reason says so)
    ("reason", "text"),
    ("reason_en", "text"),
    ("area_m2", "double"),
]
#: The per-class statistics table.
STATISTICS_FIELDS = [
    ("class_code", "text"),
    ("class_name", "text"),
    ("side", "text"),
    ("area_m2", "double"),
    ("share", "double"),         # of the land (or sea) area delineated
    ("patch_count", "integer"),  # connected areas of the class
    ("feature_count", "integer"),
]
#: The issues table (repairs, unknown layers, rules that could not be applied).
ISSUE_FIELDS = [
    ("code", "text"),
    ("severity", "text"),
    ("layer", "text"),
    ("feature_id", "integer"),
    ("message_zh", "text"),
    ("message_en", "text"),
]

_POLY_TYPES = (3, 6)  # Polygon, MultiPolygon
_EMPTY = shapely.Polygon()
# Context roles that a parcel flag field can stand in for when the layer is not supplied (parcel schema names).
_CONTEXT_PARCEL_FLAGS = {"slope_land": "slope_land", "indigenous_land": "indigenous"}


# ================================================================================================================
# Public data types
# ================================================================================================================
@dataclass
class Layer:
    """One input layer as plain data: its name, shapely geometries (``None`` allowed), attributes and feature ids."""

    name: str
    geoms: Sequence
    attrs: pd.DataFrame | None = None
    fids: Sequence[int] | None = None

    def __post_init__(self) -> None:
        self.geoms = np.asarray(list(self.geoms) if not isinstance(self.geoms, np.ndarray) else self.geoms,
                                dtype=object)
        n = len(self.geoms)
        if self.fids is None:
            self.fids = np.arange(n, dtype=np.int64)
        self.fids = np.asarray(self.fids, dtype=np.int64)
        if self.attrs is None:
            self.attrs = pd.DataFrame(index=pd.Index(self.fids, name="fid"))
        if len(self.attrs) != n or len(self.fids) != n:
            raise ValueError(f"layer {self.name}: {n} geometries, {len(self.fids)} ids, {len(self.attrs)} rows")


@dataclass
class Inputs:
    """Everything :func:`delineate` reads. Indicator layers may also carry context layers (山坡地, 河川區域線 …)."""

    indicators: list[Layer] = field(default_factory=list)
    parcels: Layer | None = None
    sea: Layer | None = None
    mht: Layer | None = None
    urban_plans: Layer | None = None
    national_parks: Layer | None = None
    county: Layer | None = None
    indicator_field: str = ""  # a field naming each feature's indicator (instead of the layer name)


@dataclass(frozen=True)
class Issue:
    """Something the user must know: a repaired geometry, an unknown layer, a rule that could not be applied."""

    code: str
    severity: str  # error / warning / info
    layer: str
    feature_id: int | None
    message_zh: str
    message_en: str


class DelineationError(ValueError):
    """The inputs cannot give a zoning map (a required layer or text is missing); the message says what to do."""

    def __init__(self, message_zh: str, message_en: str):
        self.message_zh = message_zh
        self.message_en = message_en
        super().__init__(f"{message_en} / {message_zh}")


class Cancelled(Exception):
    """The monitor asked to stop."""


@dataclass
class Result:
    """What :func:`delineate` returns. ``zones`` / ``candidates`` / ``statistics`` are DataFrames whose columns are
    the field lists (``ZONE_FIELDS``, ``CANDIDATE_FIELDS + CANDIDATE_EXTRA_FIELDS``, ``STATISTICS_FIELDS``) plus a
    ``geometry`` column (not for statistics)."""

    zones: pd.DataFrame
    candidates: pd.DataFrame
    statistics: pd.DataFrame
    issues: list[Issue]
    land_area_m2: float
    sea_area_m2: float
    gap_area_m2: float
    unknown_layers: list[str]
    sliver_merged: int = 0


# ================================================================================================================
# Geometry helpers
# ================================================================================================================
def _union(geoms: Iterable) -> Any:
    items = list(geoms)
    arr = np.empty(len(items), dtype=object)
    arr[:] = items
    arr = arr[~(shapely.is_missing(arr) | shapely.is_empty(arr))] if len(arr) else arr
    if not len(arr):
        return _EMPTY
    if len(arr) == 1:
        return arr[0]
    parts = shapely.get_parts(arr)
    if len(parts) > LOCAL_UNION_PARTS and len(parts) > len(arr):
        return _local_union(parts)
    return shapely.union_all(arr)


#: A union of geometries with more polygon parts than this is taken cluster by cluster (:func:`_local_union`).
LOCAL_UNION_PARTS = 256


def _local_union(parts: np.ndarray):
    """Union of polygons taken per cluster of polygons that meet (STRtree + union-find), not as one overlay of a few
    county-sized multipolygons: the union of a district layer with the parcels of its districts overlays, edge on
    edge, geometries spread over the whole county, while each district is a small union of its own (issue #10).
    Clusters do not meet one another, so their unions form a valid multipolygon."""
    tree = shapely.STRtree(parts)
    i, j = tree.query(parts, predicate="intersects")
    keep = i < j
    labels = connected_components(len(parts), zip(i[keep].tolist(), j[keep].tolist()))
    order = np.argsort(labels, kind="stable")
    _, starts = np.unique(labels[order], return_index=True)
    return _from_parts([parts[m[0]] if len(m) == 1 else shapely.union_all(parts[m])
                        for m in np.split(order, starts[1:])])


def _from_parts(geoms) -> Any:
    """The polygons of positive area of ``geoms`` (which must not overlap one another) as one polygon or
    multipolygon; empty when there is none."""
    out = [p for g in geoms for p in _flat_parts(g) if shapely.get_type_id(p) == 3 and shapely.area(p) > 0]
    if not out:
        return _EMPTY
    return out[0] if len(out) == 1 else shapely.MultiPolygon(out)


def _polygonal(geom, repair: bool = True) -> Any:
    """The polygonal part of a geometry (repaired unless ``repair`` is False: the results of GEOS overlay
    operations are valid already); empty polygon when there is none."""
    if geom is None or shapely.is_empty(geom):
        return _EMPTY
    if repair and not shapely.is_valid(geom):
        geom = shapely.make_valid(geom)
    if shapely.get_type_id(geom) in _POLY_TYPES:
        return geom
    parts = [p for p in _flat_parts(geom) if shapely.get_type_id(p) == 3 and shapely.area(p) > 0]
    return _union(parts)


class _Claimed:
    """Areas claimed one after another (they do not overlap). ``subtract_from`` takes the difference part by part,
    each polygon of the argument against the union of the claimed polygons it meets (an STRtree query), never against
    the county-wide union of everything claimed: at county scale that union, grown and overlaid again for every
    class, was the cost of the precedence step (issue #10)."""

    def __init__(self):
        self._parts: list = []
        self._arr = None
        self._tree = None

    def add(self, geom) -> None:
        new = [p for p in _flat_parts(_polygonal(geom, repair=False)) if shapely.get_type_id(p) == 3]
        if new:
            self._parts.extend(new)
            self._tree = None

    def subtract_from(self, geom):
        if geom is None or shapely.is_empty(geom) or not self._parts:
            return geom
        if self._tree is None:
            self._arr = np.empty(len(self._parts), dtype=object)
            self._arr[:] = self._parts
            self._tree = shapely.STRtree(self._arr)
        polys = [p for p in _flat_parts(_polygonal(geom, repair=False)) if shapely.get_type_id(p) == 3]
        parts = np.empty(len(polys), dtype=object)
        parts[:] = polys
        gi, ci = self._tree.query(parts, predicate="intersects")
        if not len(gi):
            return geom
        hit = np.zeros(len(parts), dtype=bool)
        hit[gi] = True
        out = list(parts[~hit])
        order = np.argsort(gi, kind="stable")
        gi, ci = gi[order], ci[order]
        ks, starts = np.unique(gi, return_index=True)
        cutters = np.empty(len(ks), dtype=object)
        cutters[:] = [self._arr[c[0]] if len(c) == 1 else shapely.union_all(self._arr[c])
                      for c in np.split(ci, starts[1:])]
        return _from_parts([*out, *shapely.difference(parts[ks], cutters)])


def _flat_parts(geom) -> list:
    out = []
    for p in shapely.get_parts(geom):
        if shapely.get_type_id(p) == 7:
            out += _flat_parts(p)
        else:
            out.append(p)
    return out


def _parts(geom) -> list:
    """The polygons of a (multi)polygon with a positive area."""
    if geom is None or shapely.is_empty(geom):
        return []
    return [p for p in _flat_parts(_polygonal(geom)) if shapely.area(p) > 0]


def _solid(geom) -> Any:
    """A polygon (or multipolygon) without degenerate parts."""
    parts = [p for p in _parts(geom) if shapely.area(p) > 1e-6]
    if len(parts) == 1:
        return parts[0]
    return shapely.MultiPolygon(parts) if parts else _EMPTY


def _diff(a, b):
    if b is None or shapely.is_empty(b) or shapely.is_empty(a):
        return a
    return _polygonal(shapely.difference(a, b), repair=False)


def _inter(a, b):
    if shapely.is_empty(a) or b is None or shapely.is_empty(b):
        return _EMPTY
    if not shapely.intersects(a, b):
        return _EMPTY
    return _polygonal(shapely.intersection(a, b), repair=False)


def _shared_length(part, other, tol: float) -> float:
    """Length of ``part``'s boundary lying within ``tol`` of ``other`` (``other`` is clipped near ``part`` first, so a
    county-sized neighbour costs no more than a small one)."""
    x0, y0, x1, y1 = shapely.bounds(part)
    near = shapely.intersection(other, shapely.box(x0 - 2 * tol, y0 - 2 * tol, x1 + 2 * tol, y1 + 2 * tol))
    if shapely.is_empty(near):
        return 0.0
    return float(shapely.length(shapely.intersection(shapely.boundary(part), shapely.buffer(near, tol))))


def _area(geom) -> float:
    return 0.0 if geom is None or shapely.is_empty(geom) else float(shapely.area(geom))


def _lines(geom) -> Any:
    """The lines of a geometry (polygon boundaries for polygons)."""
    if geom is None or shapely.is_empty(geom):
        return shapely.LineString()
    if shapely.get_dimensions(geom) == 2:
        return shapely.boundary(_polygonal(geom))
    return geom


def split_land_sea(sea, mht, tolerance: float = 0.5) -> Any:
    """The sea side: the county sea area split along the mean high tide line.

    The faces made by the sea area's boundary and the mean high tide line are 2-coloured: the largest face inside the
    sea area is sea; crossing the mean high tide line changes side, crossing any other edge keeps it. So a sea-area
    polygon that reaches landward of the line loses that part, and a gap between the sea area and the line (seaward
    of it) is added. Without a mean high tide line the sea area is the sea side. ``tolerance`` (m) decides whether a
    shared edge lies on the line.
    """
    sea = _polygonal(sea)
    if shapely.is_empty(sea) or mht is None or shapely.is_empty(mht):
        return sea
    mht_lines = _lines(mht)
    noded = shapely.union_all(np.asarray([shapely.boundary(sea), mht_lines], dtype=object))
    faces = [f for f in shapely.get_parts(shapely.polygonize(shapely.get_parts(noded))) if shapely.area(f) > 0]
    if len(faces) <= 1:
        return sea
    inside = [shapely.area(shapely.intersection(f, sea)) > 0.5 * shapely.area(f) for f in faces]
    if not any(inside):
        return sea
    seed = max((i for i in range(len(faces)) if inside[i]), key=lambda i: shapely.area(faces[i]))
    near_mht = shapely.buffer(mht_lines, tolerance)
    tree = shapely.STRtree(np.asarray(faces, dtype=object))
    side = {seed: True}
    queue = [seed]
    while queue:
        i = queue.pop()
        for j in tree.query(faces[i], predicate="intersects"):
            j = int(j)
            if j in side:
                continue
            shared = shapely.intersection(shapely.boundary(faces[i]), shapely.boundary(faces[j]))
            if shapely.length(shared) <= 0:
                continue
            on_mht = shapely.length(shapely.difference(shared, near_mht)) <= tolerance
            side[j] = side[i] != on_mht
            queue.append(j)
    sea_faces = [faces[i] for i in range(len(faces)) if side.get(i, inside[i])]
    outside_faces = _union(f for i, f in enumerate(faces) if i not in side)
    return _union([*sea_faces, _diff(sea, _union(faces)), _diff(_inter(sea, outside_faces), _EMPTY)])


def matches_use(value: Any, uses: Sequence[str]) -> bool:
    """Whether a current_use value counts as one of ``uses`` (exact after trimming; an all-digit entry is a code
    prefix, e.g. ``01`` matches ``010101``)."""
    if value is None:
        return False
    v = str(value).strip()
    if not v:
        return False
    for u in uses:
        if v == u or (u.isdigit() and v.isdigit() and v.startswith(u)):
            return True
    return False


def _text_list(value: Any) -> list[str]:
    if isinstance(value, (list, tuple)):
        return [str(v).strip() for v in value if str(v).strip()]
    return [v.strip() for v in str(value or "").split(",") if v.strip()]


def _clean(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and np.isnan(value):
        return ""
    return str(value).strip()


def _num(value: Any) -> float | None:
    try:
        x = float(str(value).strip().rstrip("%"))
    except (TypeError, ValueError):
        return None
    if np.isnan(x):
        return None
    return x / 100.0 if x > 1.0 else x


def _ha(m2: float) -> str:
    return f"{m2 / 10000.0:.2f}"


# ================================================================================================================
# Internal records
# ================================================================================================================
@dataclass
class _Feat:
    layer: str
    fid: int
    raw: Any        # repaired geometry as supplied (lines kept, for river lines)
    geom: Any       # polygonal part
    attrs: dict
    case: str


@dataclass
class _Inst:
    """A candidate instance (one feature or one part of a derived area) of an indicator on one side."""

    ind: IndicatorDef
    side: str
    code: str
    geom: Any
    case: str
    layer: str
    fid: int
    rule_id: str
    attrs: dict = field(default_factory=dict)
    note_zh: str = ""
    note_en: str = ""
    qualifies: int = 1
    fail_zh: str = ""
    fail_en: str = ""


@dataclass
class _Piece:
    """Resolved area of one (class, indicator, rule id)."""

    code: str
    ind: IndicatorDef | None
    rule_id: str
    geom: Any
    insts: list = field(default_factory=list)
    note_zh: str = ""
    note_en: str = ""
    scope: str = "通案"
    part_notes: list = field(default_factory=list)  # (geometry, zh, en) of notes that concern one part only
    pending: str = ""   # the unit rule that decides this area later (a qualify step's defer_to, e.g. SPZ-D)
    fallback: str = ""  # with pending: the class of this land when that rule fails (see _Engine.fallbacks)

    def split(self, geom, **changes) -> _Piece:
        """A copy of this piece restricted to ``geom`` (with ``changes`` applied)."""
        data = {**self.__dict__, "geom": geom, "part_notes": list(self.part_notes), **changes}
        return _Piece(**data)


class _Monitor:
    def __init__(self, monitor):
        self.monitor = monitor

    def step(self, i: int) -> None:
        if self.monitor is None:
            return
        if self.monitor.canceled():
            raise Cancelled()
        self.monitor.step(i, STEPS[i])

    def check(self) -> None:
        if self.monitor is not None and self.monitor.canceled():
            raise Cancelled()


# ================================================================================================================
# The engine
# ================================================================================================================
class _Engine:
    def __init__(self, inputs: Inputs, rules: RuleSet, sliver: float, skip_unknown: bool, monitor: _Monitor):
        self.inputs = inputs
        self.rules = rules
        self.sliver = sliver
        self.skip_unknown = skip_unknown
        self.mon = monitor
        self.issues: list[Issue] = []
        self._issue_keys: set = set()
        self.unknown_layers: list[str] = []
        self.feats: dict[str, list[_Feat]] = defaultdict(list)
        self.ctx: dict[str, list[_Feat]] = defaultdict(list)
        self.case_fields = _text_list(rules.switch("case_name_fields"))
        self.uses = _text_list(rules.switch("agricultural_current_uses"))
        self.tol = float(rules.threshold("adjacency_tolerance").value)
        self._area_memo: dict[tuple[str, str], Any] = {}
        self._busy: set = set()
        self.block_notes: dict[str, list] = defaultdict(list)
        self.rejected: dict[str, list] = defaultdict(list)
        self.step_of = {c: s.id for s in rules.precedence for c in s.classes}
        self.defer = True  # honour the defer_to of qualify steps (off for the fallback world, see fallbacks())

    # ------------------------------------------------------------------------------------------------ issues
    def issue(self, code, severity, layer, fid, zh, en) -> None:
        key = (code, layer, fid, zh)
        if key in self._issue_keys:
            return
        self._issue_keys.add(key)
        self.issues.append(Issue(code, severity, layer, None if fid is None else int(fid), zh, en))

    # ------------------------------------------------------------------------------------------------ 1. inputs
    def prepare(self) -> None:
        inp = self.inputs
        for layer in sorted(inp.indicators, key=lambda lyr: lyr.name):
            self._add_layer(layer)
        for layer, role in ((inp.sea, "sea_area"), (inp.mht, "mean_high_tide_line"), (inp.urban_plans, "urban_plan"),
                            (inp.county, "county_boundary")):
            if layer is not None:
                self._add_features(layer, role=role)
        if inp.national_parks is not None:
            ind = next((i for i in self.rules.indicators if "CON3" in i.targets.get("land", ())), None)
            self._add_features(inp.national_parks, role="national_park", indicators=(ind,) if ind else ())
        self._prepare_parcels()

    def _add_layer(self, layer: Layer) -> None:
        fld = self.inputs.indicator_field
        if fld and fld in layer.attrs.columns:
            for value, sub in self._split_by_field(layer, fld):
                self._add_matched(sub, value)
            return
        self._add_matched(layer, layer.name)

    @staticmethod
    def _split_by_field(layer: Layer, fld: str):
        values = layer.attrs[fld].map(_clean).to_numpy()
        for value in sorted(set(values)):
            mask = values == value
            yield value, Layer(layer.name, layer.geoms[mask], layer.attrs[mask], layer.fids[mask])

    def _add_matched(self, layer: Layer, name: str) -> None:
        rules = self.rules
        match = rules.match_layer(name)
        if match.kind == "indicator":
            self._add_features(layer, role=match.role, indicators=match.indicators)
        elif match.kind == "context":
            self._add_features(layer, role=match.role)
        elif match.kind == "non_indicator":
            non = match.non_indicator
            self.issue("LAYER_NOT_INDICATOR", "info", layer.name, None,
                       f"圖層「{name}」（{non.name}）非劃設參考指標，未使用：{non.reason}",
                       f"Layer '{name}' ({non.name}) is not a delineation indicator and is not used: {non.reason}")
        else:
            close = "、".join(f"{alias}" for alias, _key, _s in rules.closest_names(name, 3))
            self.unknown_layers.append(layer.name if name == layer.name else f"{layer.name}:{name}")
            self.issue("LAYER_UNKNOWN", "warning" if self.skip_unknown else "error", layer.name, None,
                       f"無法辨識圖層「{name}」為何種劃設參考指標（最接近：{close}）；請更名為指標名稱、指定指標欄位，"
                       f"或於規則檔 aliases 加入此名稱。",
                       f"Layer '{name}' is not a known indicator (closest: {close}); rename it to the indicator's name, "
                       f"name the indicator field, or add the name to the aliases of the rule set.")

    def _add_features(self, layer: Layer, role: str | None = None, indicators: Sequence = ()) -> None:
        cols = list(layer.attrs.columns)
        records = layer.attrs.to_dict("records") if cols else [{}] * len(layer.geoms)
        area_only = [ind for ind in indicators if "boundary_mode" not in ind.method_types]
        for geom, fid, attrs in zip(layer.geoms, layer.fids, records):
            fid = int(fid)
            if geom is None or shapely.is_empty(geom):
                self.issue("GEOM_EMPTY", "warning", layer.name, fid, "要素無幾何，未使用。",
                           "The feature has no geometry and is not used.")
                continue
            if not shapely.is_valid(geom):
                reason = shapely.is_valid_reason(geom)
                geom = shapely.make_valid(geom)
                self.issue("GEOM_REPAIRED", "info", layer.name, fid, f"無效幾何已修復（make_valid）：{reason}",
                           f"Invalid geometry repaired (make_valid): {reason}")
            poly = _polygonal(geom)
            feat = _Feat(layer.name, fid, geom, poly, attrs, self._case(attrs))
            if role:
                self.ctx[role].append(feat)
            for ind in indicators:
                self.feats[ind.id].append(feat)
            if area_only and shapely.is_empty(poly):
                names = "、".join(i.name for i in area_only)
                reason = next((s.params.get("reason", "") for i in area_only for s in i.method
                               if s.type == "polygons_only"), "")
                self.issue("GEOM_NOT_AREA", "warning", layer.name, fid,
                           f"線或點要素無法界定範圍，不作為「{names}」之劃設依據。{reason}",
                           f"A line or point feature cannot delimit an area; not used for {names}. {reason}".strip())

    def _case(self, attrs: Mapping) -> str:
        for name in self.case_fields:
            value = _clean(attrs.get(name))
            if value:
                return value
        return ""

    def _prepare_parcels(self) -> None:
        parcels = self.inputs.parcels
        self.parcel_geoms = np.empty(0, dtype=object)
        self.parcel_attrs = pd.DataFrame()
        self.parcel_tree = None
        if parcels is None:
            return
        raw = np.empty(len(parcels.geoms), dtype=object)
        raw[:] = list(parcels.geoms)
        present = ~(shapely.is_missing(raw) | shapely.is_empty(raw))
        valid = shapely.is_valid(raw)
        # Valid (multi)polygons are kept as they are (vectorised tests); only the others go through _polygonal.
        fast = present & valid & np.isin(shapely.get_type_id(raw), list(_POLY_TYPES))
        geoms = np.empty(len(raw), dtype=object)
        geoms[fast] = raw[fast]
        fids = np.asarray(parcels.fids)
        for i in np.flatnonzero(~fast):
            if present[i] and not valid[i]:
                self.issue("GEOM_REPAIRED", "info", parcels.name, int(fids[i]), "地籍無效幾何已修復（make_valid）。",
                           "Invalid parcel geometry repaired (make_valid).")
            geoms[i] = _polygonal(raw[i])
        self.parcel_geoms = geoms
        self.parcel_attrs = parcels.attrs.reset_index(drop=True)
        self.parcel_name = parcels.name
        self.parcel_tree = shapely.STRtree(self.parcel_geoms)

    # ------------------------------------------------------------------------------------------------ 2. land, sea
    def land_and_sea(self) -> None:
        sea = _union(f.geom for f in self.ctx.get("sea_area", []))
        mht = _union(f.raw for f in self.ctx.get("mean_high_tide_line", []))
        county = _union(f.geom for f in self.ctx.get("county_boundary", []))
        if not shapely.is_empty(mht) and not shapely.is_empty(sea):
            window = shapely.buffer(shapely.envelope(_union([sea, county])), 1000.0)
            mht = shapely.intersection(mht, window)
        self.sea_side = split_land_sea(sea, mht, self.tol)
        if shapely.is_empty(sea) and not shapely.is_empty(mht):
            self.issue("SEA_MISSING", "warning", "平均高潮線", None,
                       "僅有平均高潮線而無海域範圍，無法判定向海側；請提供海域（SEA）。",
                       "A mean high tide line without a sea area cannot tell the sea side; give the sea area (SEA).")
        if not shapely.is_empty(county):
            self.extent_land = _diff(county, self.sea_side)
        elif len(self.parcel_geoms):
            self.extent_land = _diff(self._union_parcels(self.parcel_geoms), self.sea_side)
        else:
            self.extent_land = None
        self.has_sea = not shapely.is_empty(self.sea_side)

    def clip_side(self, geom, side: str):
        """``geom`` on ``side``. Most candidates lie wholly on one side: a prepared ``covers`` test (or, without a
        land extent, a disjointness test with the sea) answers those without an overlay of the county-sized side
        polygon (county scale, issue #10)."""
        if side == "sea":
            return geom if self._covers(self.sea_side, geom) else _inter(geom, self.sea_side)
        if self.extent_land is not None:
            return geom if self._covers(self.extent_land, geom) else _inter(geom, self.extent_land)
        if shapely.is_empty(self.sea_side) or not shapely.intersects(self._prepared(self.sea_side), geom):
            return geom
        return _diff(geom, self.sea_side)

    @staticmethod
    def _prepared(area):
        shapely.prepare(area)
        return area

    def _covers(self, area, geom) -> bool:
        return (not shapely.is_empty(area) and not shapely.is_empty(geom)
                and shapely.get_type_id(geom) in _POLY_TYPES and bool(shapely.covers(self._prepared(area), geom)))

    def side_area(self, side: str):
        if side == "sea":
            return self.sea_side
        return self.extent_land

    # ------------------------------------------------------------------------------------------------ 3. candidates
    def candidates(self) -> dict[str, list[_Inst]]:
        out: dict[str, list[_Inst]] = {}
        for ind in self.rules.indicators:
            self.mon.check()
            if not ind.enabled(self.rules):
                continue
            insts: list[_Inst] = []
            for side in ind.targets:
                if side == "sea" and not self.has_sea:
                    if self.feats.get(ind.id) and not ind.targets.get("land"):
                        self.issue("SEA_MISSING", "warning", ind.name, None,
                                   f"未提供海域範圍，海域指標「{ind.name}」未劃設。",
                                   f"No sea area given: the marine indicator {ind.name} is not delineated.")
                    continue
                insts += self.instances(ind, side)
            out[ind.id] = insts
        return out

    def instances(self, ind: IndicatorDef, side: str) -> list[_Inst]:
        code = ind.targets[side][0]
        rid = ind.rule_id_for(side)
        insts = []
        if ind.reads_layer:
            for f in self.feats.get(ind.id, []):
                if not shapely.is_empty(f.geom) or "boundary_mode" in ind.method_types:
                    insts.append(_Inst(ind, side, code, f.geom, f.case, f.layer, f.fid, rid, f.attrs))
        for step in ind.method:
            if not step.applies(self.rules, side):
                continue
            if step.type == "attribute_filter":
                insts = self._attribute_filter(ind, step, insts)
            elif step.type == "clip_to":
                area = self._term(ind, side, self._clip_term(step))
                insts = [_replace_geom(i, _inter(i.geom, area)) for i in insts]
            elif step.type == "derived":
                insts = self._derived(ind, side, step, insts)
            elif step.type == "boundary_mode":
                insts = self._river(ind, side, step, insts)
            elif step.type == "rural_nature":
                insts = [self._rural_nature(ind, step, i) for i in insts]
            elif step.type == "residual":
                return []
        out = []
        for inst in insts:
            geom = self.clip_side(inst.geom, side)
            if _area(geom) > 0:
                out.append(_replace_geom(inst, geom))
        return out

    @staticmethod
    def _clip_term(step: MethodStep) -> dict:
        for key in ("context", "indicator", "parcels"):
            if key in step.params:
                return {key: step.params[key]}
        return {}

    def _attribute_filter(self, ind: IndicatorDef, step: MethodStep, insts: list[_Inst]) -> list[_Inst]:
        fields = list(step.params["fields"])
        values = [str(v).strip() for v in step.params["values"]]
        mode = step.params.get("match", "exact")
        out = []
        for inst in insts:
            fld = next((f for f in fields if f in inst.attrs), None)
            if fld is None:
                self.issue("FILTER_FIELD_MISSING", "warning", inst.layer, None,
                           f"圖層無欄位 {'/'.join(fields)}，「{ind.name}」未能依 {'、'.join(values)} 篩選，採全部範圍。",
                           f"The layer has none of the fields {', '.join(fields)}: {ind.name} cannot be filtered "
                           f"on {', '.join(values)}; the whole extent is used.")
                out.append(inst)
                continue
            v = _clean(inst.attrs.get(fld))
            if mode == "contains":
                ok = any(x in v for x in values)
            elif mode == "prefix":
                ok = any(v.startswith(x) for x in values)
            else:
                ok = v in values
            if ok:
                out.append(inst)
        return out

    def _term(self, ind: IndicatorDef, side: str, term: Mapping, severity: str = "warning") -> Any:
        """The area of one term of ``derived`` / ``clip_to`` (``severity`` of a missing context layer)."""
        if "self" in term:
            return _union(f.geom for f in self.feats.get(ind.id, []))
        if "indicator" in term:
            return self.indicator_area(term["indicator"], side)
        if "context" in term:
            return self.context_area(term["context"], ind, severity)
        if "parcels" in term:
            return self.parcel_area(term["parcels"], ind)
        return _EMPTY

    def indicator_area(self, ind_id: str, side: str) -> Any:
        """The candidate area of another indicator on ``side`` (before precedence)."""
        key = (ind_id, side)
        if key in self._area_memo:
            return self._area_memo[key]
        other = self.rules.indicator(ind_id)
        if key in self._busy:
            raise DelineationError(f"規則循環參照：{ind_id}", f"the rule set refers to {ind_id} in a cycle")
        self._busy.add(key)
        try:
            if not other.enabled(self.rules):
                area = _EMPTY
            elif side in other.targets:
                area = _union(i.geom for i in self.instances(other, side))
            else:
                area = _union(f.geom for f in self.feats.get(ind_id, []))
        finally:
            self._busy.discard(key)
        self._area_memo[key] = area
        return area

    def context_area(self, role: str, ind: IndicatorDef | None = None, severity: str = "warning") -> Any:
        feats = self.ctx.get(role, [])
        if feats:
            return _union(f.geom for f in feats)
        if role == "parcels" and len(self.parcel_geoms):
            return _union(self.parcel_geoms)
        if role == "county_boundary":
            return self.extent_land if self.extent_land is not None else _EMPTY
        flag = _CONTEXT_PARCEL_FLAGS.get(role)
        if flag and len(self.parcel_geoms) and flag in self.parcel_attrs.columns:
            mask = self.parcel_attrs[flag].map(_num).fillna(0).to_numpy() >= 1
            return _union(self.parcel_geoms[mask])
        if ind is not None:
            ctx = self.rules.context_layer(role)
            self.issue("CONTEXT_MISSING", severity, ctx.name, None,
                       f"未提供「{ctx.name}」圖層，「{ind.name}」中需此範圍之部分未劃設。",
                       f"No '{ctx.name}' layer ({ctx.name_en}) was given: the part of {ind.name} that needs it is "
                       f"not delineated.")
        return _EMPTY

    def parcel_mask(self, flt: Mapping, ind: IndicatorDef | None = None) -> np.ndarray | None:
        if not len(self.parcel_geoms):
            if ind is not None:
                self.issue("PARCELS_MISSING", "warning", "地籍", None,
                           f"未提供地籍，「{ind.name}」依地籍屬性之部分未劃設。",
                           f"No parcels given: the part of {ind.name} read from parcel attributes is not delineated.")
            return None
        mask = np.ones(len(self.parcel_geoms), dtype=bool)
        for fname, values in flt.items():
            if fname not in self.parcel_attrs.columns:
                self.issue("PARCEL_FIELD_MISSING", "warning", self.parcel_name, None,
                           f"地籍缺欄位 {fname}，「{ind.name if ind else ''}」依此欄位之部分未劃設。",
                           f"The parcels lack the field {fname}: the part of {ind.name if ind else ''} that reads it "
                           f"is not delineated.")
                return None
            col = self.parcel_attrs[fname].map(_clean)
            mask &= col.isin([str(v).strip() for v in values]).to_numpy()
        return mask

    def parcel_area(self, flt: Mapping, ind: IndicatorDef | None = None) -> Any:
        mask = self.parcel_mask(flt, ind)
        if mask is None:
            return _EMPTY
        return self._union_parcels(self.parcel_geoms[mask])

    def _union_parcels(self, geoms) -> Any:
        """Union of parcels. Parcels that form a coverage (no overlaps, shared edges noded alike, as a cadastre is)
        are unioned by ``coverage_union_all``, an order of magnitude faster than a generic union (county scale,
        issue #10). Whether they did is checked on the result, which costs a fraction of checking the input
        (``coverage_is_valid``): a valid polygon whose area is the sum of the parcels' (to 1e-9 of it, the rounding
        of the sum). Anything else, including a GEOS error, falls back to the generic union."""
        arr = np.empty(len(geoms), dtype=object)
        arr[:] = list(geoms)
        arr = arr[~(shapely.is_missing(arr) | shapely.is_empty(arr))] if len(arr) else arr
        if len(arr) < 2 or not shapely.is_valid(arr).all():
            return _union(arr)
        return coverage_union(arr, fallback=_union, rel_tol=1e-9)

    def _derived(self, ind: IndicatorDef, side: str, step: MethodStep, insts: list[_Inst]) -> list[_Inst]:
        p = step.params
        area = _union(self._term(ind, side, t) for t in p["include"])
        if shapely.is_empty(area):
            return []
        if p.get("intersect"):
            # a missing layer that only narrows the area down leaves nothing: worth knowing, not a warning
            area = _inter(area, _union(self._term(ind, side, t, "info") for t in p["intersect"]))
        if p.get("subtract"):
            area = _diff(area, _union(self._term(ind, side, t) for t in p["subtract"]))
        own = [f for f in self.feats.get(ind.id, []) if not shapely.is_empty(f.geom)]
        tree = shapely.STRtree(np.asarray([f.geom for f in own], dtype=object)) if own else None
        code, rid = ind.targets[side][0], ind.rule_id_for(side)
        out = []
        for part in _parts(area):
            best = None
            if tree is not None:
                hits = tree.query(part, predicate="intersects")
                if len(hits):
                    best = own[int(max(hits, key=lambda j: _area(_inter(part, own[int(j)].geom))))]
            if best is not None:
                out.append(_Inst(ind, side, code, part, best.case, best.layer, best.fid, rid, best.attrs))
            else:
                out.append(_Inst(ind, side, code, part, "", "", -1, rid, {}))
        return out

    # -- rivers ---------------------------------------------------------------------------------------------------
    def _river(self, ind: IndicatorDef, side: str, step: MethodStep, insts: list[_Inst]) -> list[_Inst]:
        """River area by the county's boundary mode (RULES.md §3.3): the indicator's own layer is the 河川區域線; the
        other lines come from context layers, limited to the stretches that overlap this river."""
        own = self.feats.get(ind.id, [])
        if not own:
            return []
        br = boundary_rule(self.rules, ind.id)
        try:
            mode, justification = br.resolve()
        except RiverError as exc:
            raise DelineationError(
                f"「{ind.name}」之河川界線採「{br.mode}」（非預設之{br.national_mode}）須於繪製說明書敘明理由：請於規則檔"
                f"或縣市預設設定 {br.justification_switch}。",
                f"{ind.name}: {exc}.") from exc
        lines = self._river_lines(br, own)
        try:
            pieces = build_river_area(lines, mode, line_order=list(br.line_roles), widest=br.widest,
                                      per_segment=br.per_segment, priority=br.priority, overlap_tolerance=self.sliver,
                                      strip_width=br.strip_width)
        except RiverError as exc:
            raise DelineationError(f"「{ind.name}」無法依「{mode}」劃設：{exc}；請提供該界線圖層或改用其他界線。",
                                   f"{ind.name} cannot be drawn in mode '{mode}': {exc}; give that line's layer "
                                   f"or choose another mode.") from exc
        own_polys = [(f, f.geom) for f in own if not shapely.is_empty(f.geom)]
        code, rid = ind.targets[side][0], ind.rule_id_for(side)
        just = justification.rstrip("。")
        out = []
        for piece in pieces:
            best = max(own_polys, key=lambda fg: _area(_inter(piece.geometry, fg[1])), default=None)
            f = best[0] if best else own[0]
            zh = f"界線：{piece.line}（{mode}）" + (f"；理由：{just}" if just else "")
            en = f"boundary: {piece.line} (mode {mode})" + (f"; justification: {just}" if just else "")
            out.append(_Inst(ind, side, code, piece.geometry, f.case, f.layer, f.fid, rid, f.attrs, zh, en))
        return out

    def _river_lines(self, br, own: list[_Feat]) -> dict[str, LineInput]:
        lines: dict[str, LineInput] = {}
        own_area = _EMPTY
        for name, role in br.line_roles.items():
            feats = own if role == "self" else self.ctx.get(role, [])
            inp = to_area_polygons([f.raw for f in feats], name)
            for k, code in inp.unused:
                f = feats[k]
                self.issue("RIVER_LINE_UNUSED", "warning", f.layer, f.fid,
                           f"「{name}」要素無法形成範圍（{code}），未使用；請提供面或封閉線。",
                           f"A '{name}' feature closes no area ({code}) and is not used; give polygons or closed lines.")
            if role == "self":
                own_area = inp.area
            elif not shapely.is_empty(own_area):
                keep = [k for k, poly in enumerate(inp.polygons) if _area(_inter(poly, own_area)) > self.sliver]
                inp = LineInput(name, [inp.polygons[k] for k in keep], [inp.sources[k] for k in keep], inp.unused)
            lines[name] = inp
        return lines

    # -- rural districts ------------------------------------------------------------------------------------------
    def _rural_nature(self, ind: IndicatorDef, step: MethodStep, inst: _Inst) -> _Inst:
        p, rules = step.params, self.rules
        targets = ind.targets[inst.side]
        default, urban = targets[0], targets[-1]
        ids = p["rule_ids"]
        if rules.switch(p["method_switch"]) == p["plan_value"]:
            for fld in p["nature_fields"]:
                code = rules.resolve_class(_clean(inst.attrs.get(fld)))
                if code in targets:
                    return _with_class(inst, code, ids["plan"], f"鄉村區性質依縣市國土計畫：{fld}={inst.attrs.get(fld)}",
                                       f"rural-district nature from the county plan: {fld}={inst.attrs.get(fld)}")
        dist_t = rules.threshold(p["max_distance"])
        rate_t = rules.threshold(p["development_rate"])
        plans = self.ctx.get(p["near"], [])
        rated = []
        for f in plans:
            rate = next((_num(f.attrs.get(k)) for k in p["development_rate_fields"] if _num(f.attrs.get(k)) is not None),
                        None)
            if rate is not None:
                rated.append((f, rate))
        if plans and not rated:
            self.issue("RURAL_RATE_MISSING", "warning", plans[0].layer, None,
                       f"都市計畫圖層無都市發展率欄位（{'/'.join(p['development_rate_fields'])}），鄉村區距離條件未檢核。",
                       f"The urban-plan layer has no development-rate field ({', '.join(p['development_rate_fields'])}); "
                       f"the distance criterion of rural districts is not tested.")
        for f, rate in rated:
            d = float(shapely.distance(inst.geom, f.geom))
            if rate_t.test(rate) and dist_t.test(d):
                return _with_class(
                    inst, urban, ids["distance"],
                    f"距都市計畫「{f.case}」{d:.0f} 公尺（{dist_t.display}內）且都市發展率 {rate:.0%}（{rate_t.display}以上）",
                    f"{d:.0f} m from the urban plan '{f.case}' (within {dist_t.value:g} m) with a development rate of "
                    f"{rate:.0%} (≥ {rate_t.value:.0%})")
        pop_t = rules.threshold(p["non_agri_share"])
        share = next((_num(inst.attrs.get(k)) for k in p["non_agri_fields"] if _num(inst.attrs.get(k)) is not None),
                     None)
        if share is not None and pop_t.test(share):
            return _with_class(inst, urban, ids["population"],
                               f"非農業活動人口 {share:.0%}（{pop_t.display}以上）",
                               f"non-agricultural population {share:.0%} (≥ {pop_t.value:.0%})")
        return _with_class(inst, default, ids["default"], "農村聚落（未符城2-1條件）",
                           "rural settlement (no 城2-1 criterion met)")

    # ------------------------------------------------------------------------------------------------ 4. precedence
    def order(self, side: str) -> list[str]:
        if side == "sea":
            return list(self.rules.marine_precedence)
        return [c for s in self.rules.precedence if s.side in (None, "land") for c in s.classes
                if self.rules.class_by_code(c).side == "land"]

    def class_indicators(self, code: str, side: str) -> list[IndicatorDef]:
        """The enabled indicators of a class on ``side``, in the order that decides an area's rule id: indicators
        with an announced extent of their own (公告範圍) in rule-file order, then those derived only from the cadastre
        or context layers (其他公有森林區, 都市計畫地區, residual areas), which are defined by what is left."""
        inds = [i for i in self.rules.indicators if code in i.targets.get(side, ()) and i.enabled(self.rules)]
        return sorted(inds, key=lambda i: 0 if i.reads_layer else 1)

    def resolve(self, side: str, cands: Mapping[str, list[_Inst]], excluded: Mapping[str, Any] = None) -> list[_Piece]:
        excluded = excluded or {}
        claimed = _Claimed()
        pieces: list[_Piece] = []
        residuals = []
        for code in self.order(side):
            self.mon.check()
            groups = []
            taken = _Claimed()
            for ind in self.class_indicators(code, side):
                if "residual" in ind.method_types:
                    residuals.append((code, ind))
                    continue
                by_rule: dict[str, list[_Inst]] = defaultdict(list)
                for inst in cands.get(ind.id, []):
                    if inst.code == code and inst.side == side:
                        by_rule[inst.rule_id].append(inst)
                for rid in sorted(by_rule):
                    rem = _diff(taken.subtract_from(claimed.subtract_from(_union(i.geom for i in by_rule[rid]))),
                                excluded.get(code))
                    if _area(rem) > 0:
                        groups.append([ind, rid, rem, by_rule[rid]])
                        taken.add(rem)
            for ind, rid, rem, insts, pending, notes in self._qualify(code, side, groups):
                pieces.append(_Piece(code, ind, rid, rem, insts, pending=pending, part_notes=notes))
                claimed.add(rem)
        for code, ind in residuals:
            step = next(s for s in ind.method if s.type == "residual")
            base = self.context_area(step.params["context"]) if step.params["context"] != "sea_area" else self.sea_side
            area = _inter(base, self.side_area(side)) if self.side_area(side) is not None else base
            # the pieces of minus_classes are claimed already (every piece is): subtracting what is claimed
            # subtracts them too
            rem = claimed.subtract_from(area)
            if _area(rem) > 0:
                pieces.append(_Piece(code, ind, ind.rule_id_for(side), rem, []))
                claimed.add(rem)
        return pieces

    def _qualify(self, code: str, side: str, groups: list) -> list:
        """Apply the ``qualify`` steps of the class's indicators to what the class would get.

        Returns ``(indicator, rule id, area, instances, pending rule, part notes)`` per area the class keeps. Where a
        step has ``defer_to`` (and ``self.defer``), the failing blocks are kept too, as a separate area with the rule
        id and pending rule ``defer_to`` and the test result as the note of each block: the unit rule decides them
        later (twzoning:ruralunits) and :meth:`fallbacks` adds the class they get when it fails."""
        steps = {}
        for g in groups:
            st = next((s for s in g[0].method if s.type == "qualify" and s.applies(self.rules, side)), None)
            if st is not None:
                steps[id(g)] = st
        if not steps:
            return [(*g, "", []) for g in groups]
        class_blocks = None
        out = []
        for g in groups:
            st = steps.get(id(g))
            if st is None:
                out.append((*g, "", []))
                continue
            ind, rid, rem, insts = g
            group = st.params["group"]
            if group == "class":
                if class_blocks is None:
                    class_blocks = self._test_blocks(_parts(_union(x[2] for x in groups if id(x) in steps)), st)
                blocks = class_blocks
            elif group == "feature":
                blocks = self._test_blocks([_inter(i.geom, rem) for i in insts if _area(_inter(i.geom, rem)) > 0], st)
            else:
                blocks = self._test_blocks(_parts(rem), st)
            passing = _union(b for b, ok, _z, _e in blocks if ok)
            defer = st.params.get("defer_to", "") if self.defer else ""
            fail = st.params.get("fail_reason", "")
            failing, notes = [], []
            for b, ok, zh, en in blocks:
                if _area(_inter(b, rem)) <= 0:
                    continue
                if ok:
                    self.block_notes[ind.id].append((b, zh, en))
                elif defer:
                    failing.append(b)
                    notes.append((b, zh, en))
                    self.rejected[ind.id].append((b, f"{zh}；暫予劃設，待{defer}單元檢核（{fail}）" if fail
                                                  else f"{zh}；暫予劃設，待{defer}單元檢核",
                                                  f"{en}; kept pending the unit test {defer}"))
                else:
                    self.rejected[ind.id].append((b, zh + ("；" + fail if fail else ""), en))
            kept = _inter(rem, passing)
            if _area(kept) > 0:
                out.append((ind, rid, kept, insts, "", []))
            if failing:
                held = _diff(_inter(rem, _union(failing)), passing)
                if _area(held) > 0:
                    out.append((ind, defer, held, insts, defer, notes))
        return out

    def fallbacks(self, pieces: list[_Piece], cands, side: str = "land") -> list[_Piece]:
        """Split every pending piece (a qualify step's ``defer_to``) by the class its land gets when the deferred
        test fails, i.e. in the world where the qualify step rejects it as it would without ``defer_to`` (steps 4
        and 5 again, without deferral): that class is the piece's ``fallback``. Parts of a piece below the sliver
        tolerance join its largest part. The piece's reason says it is pending and what it reverts to."""
        pending = [p for p in pieces if p.pending]
        if not pending:
            return pieces
        saved = (self.block_notes, self.rejected)
        self.block_notes, self.rejected, self.defer = defaultdict(list), defaultdict(list), False
        try:
            world = self.pairwise(self.resolve(side, cands), cands) if side == "land" else self.resolve(side, cands)
        finally:
            self.block_notes, self.rejected = saved
            self.defer = True
        by_class = {c: _union(p.geom for p in world if p.code == c) for c in dict.fromkeys(p.code for p in world)}
        out = [p for p in pieces if not p.pending]
        for p in pending:
            parts = [[c, _inter(p.geom, g)] for c, g in by_class.items()]
            parts = [x for x in parts if _area(x[1]) > 0]
            rest = _diff(p.geom, _union(g for _c, g in parts))
            if _area(rest) > 0:
                parts.append(["", rest])
            parts.sort(key=lambda x: -_area(x[1]))
            for x in parts[1:]:
                if _area(x[1]) < self.sliver:
                    parts[0][1] = _union([parts[0][1], x[1]])
                    x[1] = _EMPTY
            for c, g in parts:
                if _area(g) > 0:
                    zh, en = self._pending_note(p, c)
                    out.append(p.split(g, fallback=c, part_notes=[*p.part_notes, (g, zh, en)]))
        return out

    def _pending_note(self, piece: _Piece, fallback: str) -> tuple[str, str]:
        """The reason of a pending piece: which rule decides it later and what it reverts to."""
        rules = self.rules
        try:
            rule = rules.rule(piece.pending)
            name, name_en = rule.name, rule.name_en
        except KeyError:
            name, name_en = piece.pending, piece.pending
        step = next((s for s in piece.ind.method if s.type == "qualify" and s.params.get("defer_to") == piece.pending),
                    None) if piece.ind is not None else None
        fail = step.params.get("fail_reason", "") if step is not None else ""
        here = catalogue.class_name(piece.code, "register", rules)
        if fallback:
            to_zh = f"為{catalogue.class_name(fallback, 'register', rules)}"
            to_en = catalogue.class_name(fallback, "en", rules)
        else:
            to_zh, to_en = "（本處無通案分區，請補正）", "(no class here: complete the map)"
        zh = (f"暫劃{here}，待「{name}」（{piece.pending}）就納入零星土地及合併後之單元檢核（鄉村區單元步驟）；"
              f"未通過者：{fail or '依通案條件劃設'}{to_zh}")
        en = (f"kept as {catalogue.class_name(piece.code, 'en', rules)} pending {piece.pending} ({name_en}), tested on "
              f"the unit after its inclusions and merges (twzoning:ruralunits); if the unit fails: {to_en} by the "
              f"general conditions")
        return zh, en

    def _test_blocks(self, blocks: list, st: MethodStep) -> list:
        out = []
        for block in blocks:
            ok_any, notes_zh, notes_en = False, [], []
            for test in st.params["tests"]:
                ok, zh, en = True, [], []
                if "min_area" in test:
                    t = self.rules.threshold(test["min_area"])
                    passed = t.test(_area(block))
                    ok &= passed
                    zh.append(f"面積 {_ha(_area(block))} 公頃（{t.display}，{'符合' if passed else '未符合'}）")
                    en.append(f"area {_ha(_area(block))} ha ({t.op} {_ha(t.value)} ha: {'met' if passed else 'not met'})")
                if "use_share" in test:
                    t = self.rules.threshold(test["use_share"])
                    share = self.agri_share(block)
                    if share is None:
                        zh.append("農業使用比例無資料（未檢核）")
                        en.append("agricultural-use share unknown (not tested)")
                    else:
                        passed = t.test(share)
                        ok &= passed
                        zh.append(f"農業使用 {share:.1%}（{t.display}，{'符合' if passed else '未符合'}）")
                        en.append(f"agricultural use {share:.1%} ({t.op} {t.value:.0%}: {'met' if passed else 'not met'})")
                notes_zh.append("、".join(zh))
                notes_en.append(", ".join(en))
                if ok:
                    ok_any = True
                    notes_zh, notes_en = ["、".join(zh)], [", ".join(en)]
                    break
            out.append((block, ok_any, "；或".join(notes_zh), "; or ".join(notes_en)))
        return out

    def agri_share(self, block) -> float | None:
        """Share of the parcel area inside ``block`` whose current_use is agricultural; None without data."""
        if self.parcel_tree is None or "current_use" not in self.parcel_attrs.columns:
            self.issue("AGRI_USE_UNKNOWN", "warning", "地籍", None,
                       "無地籍 current_use（國土利用現況），農業使用比例條件未檢核。",
                       "No parcel current_use (land-use survey): the agricultural-use share is not tested.")
            return None
        idx = self.parcel_tree.query(block, predicate="intersects")
        if not len(idx):
            return None
        areas = shapely.area(shapely.intersection(self.parcel_geoms[idx], block))
        total = float(areas.sum())
        if total <= 0:
            return None
        uses = self.parcel_attrs["current_use"].to_numpy()[idx]
        agri = np.fromiter((matches_use(u, self.uses) for u in uses), dtype=bool, count=len(idx))
        return float(areas[agri].sum()) / total

    def agri_area(self):
        if self.parcel_tree is None or "current_use" not in self.parcel_attrs.columns:
            return None
        mask = np.fromiter((matches_use(u, self.uses) for u in self.parcel_attrs["current_use"]), dtype=bool,
                           count=len(self.parcel_attrs))
        return _union(self.parcel_geoms[mask])

    # ------------------------------------------------------------------------------------------------ 5. pairwise
    def pairwise(self, land: list[_Piece], cands) -> list[_Piece]:
        rules = self.rules
        if _rule_on(rules, "CON2-ADJ"):
            land = self._con2_adjacency(land, cands)
        if _rule_on(rules, "CON2-AGR3"):
            land = self._con2_agr3(land, cands)
        if _rule_on(rules, "CON2-REM"):
            land = self._con2_remnants(land)
        if _rule_on(rules, "AGR2-IN-AGR1"):
            land = self._agr2_in_agr1(land)
        return land

    def _con2_adjacency(self, land, cands):
        """§2.3 (PENDING): 國2 not adjoining 國1 leaves 國2 (any size) and is re-zoned by the next condition."""
        rule = self.rules.rule("CON2-ADJ")
        tol_t = self.rules.rule_threshold("CON2-ADJ", "tolerance")
        con1 = _union(p.geom for p in land if p.code == "CON1")
        removed = [part for part in _parts(_union(p.geom for p in land if p.code == "CON2"))
                   if shapely.is_empty(con1) or not tol_t.test(float(shapely.distance(part, con1)))]
        if not removed:
            return land
        area = _union(removed)
        land = self.resolve("land", cands, {"CON2": area})
        zh = f"{rule.name}（{rule.status}）：未毗鄰國1（{tol_t.display}內），劃出國2，依通案條件改劃"
        en = f"{rule.name_en}: not within {tol_t.value:g} m of 國1, leaves 國2 and is zoned by the next condition"
        return _reassign(land, area, lambda p: p.split(p.geom, rule_id="CON2-ADJ", note_zh=zh, note_en=en))

    def _con2_agr3(self, land, cands):
        """§2.1: 國2 ∩ 宜農牧地 in agricultural use, grouped within 100 m, groups ≥ 2 ha → 農3."""
        rule = self.rules.rule("CON2-AGR3")
        dist_t = self.rules.rule_threshold("CON2-AGR3", "merge_distance")
        min_t = self.rules.rule_threshold("CON2-AGR3", "min_area")
        con2 = _union(p.geom for p in land if p.code == "CON2")
        if shapely.is_empty(con2):
            return land
        suitable_inds = [i for i in self.rules.indicators_for("AGR3", "land") if "residual" not in i.method_types]
        suitable = _union(x.geom for i in suitable_inds for x in cands.get(i.id, []))
        if shapely.is_empty(suitable):
            return land
        agri = self.agri_area()
        if agri is None:
            self.issue("AGRI_USE_UNKNOWN", "warning", "地籍", None,
                       f"無地籍 current_use，{rule.id}（國2/農3 重疊處理）未執行。",
                       f"No parcel current_use: {rule.id} (國2/農3 overlap) is not applied.")
            return land
        parts = _parts(_inter(_inter(con2, suitable), agri))
        if not parts:
            return land
        groups = _groups_within(parts, float(dist_t.value))
        kept, notes = [], []
        for members in groups:
            total = sum(_area(parts[k]) for k in members)
            if min_t.test(total):
                kept += [parts[k] for k in members]
                notes.append(_ha(total))
        if not kept:
            return land
        area = _union(kept)
        ind = suitable_inds[0]
        zh = (f"{rule.name}：國2範圍內宜農牧地且現況農業利用，坵塊整併（{dist_t.display}）後合計 {'、'.join(notes)} 公頃"
              f"（{min_t.display}以上）調整為農3；{rule.requires}")
        en = (f"{rule.name_en}: suitable-for-farming land in agricultural use inside 國2, grouped within "
              f"{dist_t.value:g} m, {', '.join(notes)} ha (≥ {_ha(min_t.value)} ha); needs the agency's confirmation")
        return _reassign(land, area, lambda p: p.split(p.geom, code="AGR3", ind=ind, rule_id="CON2-AGR3",
                                                       insts=cands.get(ind.id, []), note_zh=zh, note_en=en,
                                                       part_notes=[]), only="CON2")

    def _con2_remnants(self, land):
        """§2.3 (PENDING): 國2 parts < 2 ha join the neighbour chosen by con2_remnant_merge_target."""
        rule = self.rules.rule("CON2-REM")
        max_t = self.rules.rule_threshold("CON2-REM", "max_area")
        target = self.rules.switch("con2_remnant_merge_target")
        groups: dict[int, tuple[_Piece, list]] = {}
        for part in _parts(_union(p.geom for p in land if p.code == "CON2")):
            if not max_t.test(_area(part)):
                continue
            neighbour = _neighbour(part, [p for p in land if p.code != "CON2"], self.tol, target)
            if neighbour is None:
                self.issue("CON2_REMNANT", "info", "國2", None,
                           f"未達 2 公頃之國2（{_ha(_area(part))} 公頃）待人工指定併入之分區（{rule.id}）。",
                           f"A 國2 remnant of {_ha(_area(part))} ha awaits a manual choice of neighbour ({rule.id}).")
                continue
            groups.setdefault(id(neighbour), (neighbour, []))[1].append(part)
        for neighbour, parts in groups.values():
            name = catalogue.class_name(neighbour.code, ruleset=self.rules)
            notes = [(q, f"{rule.name}（{rule.status}）：{_ha(_area(q))} 公頃（{max_t.display}）併入毗鄰之{name}",
                      f"{rule.name_en}: {_ha(_area(q))} ha joins the neighbouring {neighbour.code}") for q in parts]
            land = _reassign(land, _union(parts), lambda p, n=neighbour, pn=notes: n.split(
                p.geom, rule_id="CON2-REM", note_zh="", note_en="", part_notes=pn), only="CON2")
        return land

    def _agr2_in_agr1(self, land):
        """§2.2: a 農2 area < 2 ha inside the outline of 農1 joins 農1; one ≥ 2 ha stays 農2 and is flagged."""
        rule = self.rules.rule("AGR2-IN-AGR1")
        max_t = self.rules.rule_threshold("AGR2-IN-AGR1", "max_area")
        agr1 = [p for p in land if p.code == "AGR1"]
        if not agr1:
            return land
        outlines = [shapely.buffer(shapely.Polygon(shapely.get_exterior_ring(q)), self.tol)
                    for q in _parts(_union(p.geom for p in agr1))]
        tree = shapely.STRtree(np.asarray(outlines, dtype=object))
        absorbed: dict[int, tuple[_Piece, list]] = {}
        flagged = []
        for part in _parts(_union(p.geom for p in land if p.code == "AGR2")):
            if not len(tree.query(part, predicate="covered_by")):
                continue  # not inside the outline of a 農1 block (「農1範圍內」, within adjacency_tolerance)
            if max_t.test(_area(part)):
                host = _neighbour(part, agr1, self.tol, "longest_shared_boundary") or agr1[0]
                absorbed.setdefault(id(host), (host, []))[1].append(part)
            else:
                flagged.append(part)
        for host, parts in absorbed.values():
            notes = [(q, f"{rule.name}：被農1包夾之農2 {_ha(_area(q))} 公頃（{max_t.display}）一併劃入農1",
                      f"{rule.name_en}: enclosed 農2 of {_ha(_area(q))} ha (< {_ha(max_t.value)} ha) joins 農1")
                     for q in parts]
            land = _reassign(land, _union(parts), lambda p, h=host, pn=notes: h.split(
                p.geom, rule_id="AGR2-IN-AGR1", note_zh="", note_en="", part_notes=pn), only="AGR2")
        if flagged:
            notes = [(q, f"農業發展地區第1類內大於2公頃之農業發展地區第2類劃設疑義（{_ha(_area(q))} 公頃，保留農2）",
                      f"農2 of {_ha(_area(q))} ha inside 農1 is not absorbed (≥ {_ha(max_t.value)} ha): to consult")
                     for q in flagged]
            land = _reassign(land, _union(flagged), lambda p, pn=notes: p.split(p.geom, part_notes=p.part_notes + pn),
                             only="AGR2")
        return land


def _rule_on(rules: RuleSet, rule_id: str) -> bool:
    try:
        return rules.rule(rule_id).enabled(rules)
    except KeyError:
        return False


def _join(a: str, b: str, sep: str = "；") -> str:
    return f"{a}{sep}{b}" if a and b else (a or b)


def _replace_geom(inst: _Inst, geom) -> _Inst:
    new = _Inst(**{**inst.__dict__})
    new.geom = geom
    return new


def _with_class(inst: _Inst, code: str, rule_id: str, zh: str, en: str) -> _Inst:
    new = _replace_geom(inst, inst.geom)
    new.code, new.rule_id, new.note_zh, new.note_en = code, rule_id, zh, en
    return new


def _reassign(pieces: list[_Piece], area, make: Callable[[_Piece], _Piece], only: str | None = None) -> list[_Piece]:
    """Split every piece (of class ``only``, or all) along ``area``; the part inside becomes ``make(part)``."""
    out = []
    for p in pieces:
        if only is not None and p.code != only:
            out.append(p)
            continue
        inside = _inter(p.geom, area)
        if _area(inside) <= 0:
            out.append(p)
            continue
        rest = _diff(p.geom, area)
        if _area(rest) > 0:
            out.append(p.split(rest))
        out.append(make(p.split(inside)))
    return out


def _neighbour(part, pieces: list[_Piece], tol: float, target: str) -> _Piece | None:
    """The piece sharing the longest boundary with ``part`` (or the largest touching one)."""
    best, best_key = None, 0.0
    for p in pieces:
        if not shapely.dwithin(part, p.geom, tol):
            continue
        if target == "largest_neighbour":
            key = _area(p.geom)
        elif target == "longest_shared_boundary":
            key = _shared_length(part, p.geom, tol)
        else:
            return None
        if key > best_key:
            best, best_key = p, key
    return best


def _groups_within(parts: list, distance: float) -> list[list[int]]:
    """Connected groups of ``parts`` whose members are at most ``distance`` apart (union-find on STRtree pairs)."""
    parent = list(range(len(parts)))

    def find(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    tree = shapely.STRtree(np.asarray(parts, dtype=object))
    left, right = tree.query(np.asarray(parts, dtype=object), predicate="dwithin", distance=distance)
    for a, b in zip(left, right):
        ra, rb = find(int(a)), find(int(b))
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(parts)):
        groups[find(i)].append(i)
    return [groups[k] for k in sorted(groups)]


# ================================================================================================================
# Finishing: parts, slivers, reasons, statistics
# ================================================================================================================
def _explode(pieces: list[_Piece]) -> list[tuple[Any, _Piece]]:
    out = []
    for p in pieces:
        for part in _parts(p.geom):
            out.append([part, p])
    return out


def _merge_slivers(parts: list, sliver: float) -> tuple[list, int, int]:
    """Merge parts smaller than ``sliver`` into the neighbour sharing their longest boundary."""
    if not parts or sliver <= 0:
        return parts, 0, 0
    geoms = np.asarray([g for g, _p in parts], dtype=object)
    small = sorted((i for i in range(len(parts)) if _area(geoms[i]) < sliver), key=lambda i: _area(geoms[i]))
    if not small:
        return parts, 0, 0
    tree = shapely.STRtree(geoms)
    gone: set[int] = set()
    merged = dropped = 0
    for i in small:
        g = parts[i][0]
        best, best_len = None, 0.0
        for j in tree.query(g, predicate="dwithin", distance=1e-6):
            j = int(j)
            if j == i or j in gone:
                continue
            shared = _shared_length(g, parts[j][0], 1e-6)
            if shared > best_len or (best is None and shared >= 0 and _area(parts[j][0]) >= sliver):
                best, best_len = j, shared
        gone.add(i)
        if best is None:
            dropped += 1
            continue
        parts[best][0] = _polygonal(shapely.union(parts[best][0], g))
        merged += 1
    return [parts[i] for i in range(len(parts)) if i not in gone], merged, dropped


def _best_inst(geom, insts: Sequence[_Inst]) -> _Inst | None:
    """The instance covering most of ``geom`` (its case name and notes go into the reason)."""
    if not insts:
        return None
    hits = np.flatnonzero(shapely.intersects(np.asarray([i.geom for i in insts], dtype=object), geom))
    if not len(hits):
        return insts[0]
    return max((insts[int(k)] for k in hits), key=lambda i: _area(_inter(geom, i.geom)))


class _Finisher:
    """Turns resolved pieces into the output tables (reasons, areas, statistics)."""

    def __init__(self, engine: _Engine, cands: Mapping[str, list[_Inst]]):
        self.e = engine
        self.rules = engine.rules
        self.cands = cands
        flat = [i for insts in cands.values() for i in insts]
        self.all_insts = flat
        self.tree = shapely.STRtree(np.asarray([i.geom for i in flat], dtype=object)) if flat else None

    def zone_row(self, geom, piece: _Piece) -> dict:
        rules, e = self.rules, self.e
        code = piece.code
        name = catalogue.class_name(code, "register", rules)
        name_en = catalogue.class_name(code, "en", rules)
        ind = piece.ind
        best = _best_inst(geom, piece.insts)
        case = best.case if best is not None else ""
        step = e.step_of.get(code, "")
        if ind is None:
            zh, en = "", ""
        elif "residual" in ind.method_types:
            zh = f"{ind.name}：劃為{name}（{piece.rule_id}）" + (f"；{ind.condition}" if ind.condition else "")
            en = f"{ind.name_en}: {name_en} ({piece.rule_id})"
        else:
            label = f"{ind.name}（{case}）" if case else ind.name
            zh = f"劃設參考指標「{label}」→{name}（{piece.rule_id}；劃設順序「{step}」）"
            en = f"Indicator {ind.name_en}{f' ({case})' if case else ''} → {name_en} ({piece.rule_id}; precedence step {step})"
        if best is not None and best.note_zh:
            zh, en = _join(zh, best.note_zh), _join(en, best.note_en, "; ")
        for b, bzh, ben in e.block_notes.get(ind.id if ind else "", []):
            if _area(_inter(b, geom)) > 0.5 * _area(geom):
                zh, en = _join(zh, bzh), _join(en, ben, "; ")
                break
        zh, en = _join(zh, piece.note_zh), _join(en, piece.note_en, "; ")
        for g, pzh, pen in piece.part_notes:
            if _area(_inter(g, geom)) > 0.5 * min(_area(g), _area(geom)):
                zh, en = _join(zh, pzh), _join(en, pen, "; ")
        also, over = self._involved(geom, piece)
        if also:
            zh, en = _join(zh, "亦涉及：" + "、".join(also)), _join(en, "also: " + ", ".join(also), "; ")
        if over:
            zh, en = _join(zh, "優先於：" + "、".join(over)), _join(en, "takes precedence over: " + ", ".join(over), "; ")
        return {
            "class_code": code,
            "class_name": name,
            "rule_id": piece.rule_id,
            "reason": zh,
            "reason_en": en,
            "indicator_id": ind.id if ind is not None else "",
            "scope": piece.scope,
            "area_m2": _area(geom),
            "pending_rule": piece.pending,
            "fallback_class": piece.fallback,
            "geometry": geom,
        }

    def _involved(self, geom, piece: _Piece) -> tuple[list[str], list[str]]:
        """Other indicators of the same class over this polygon, and classes it won over (max 3 each)."""
        if self.tree is None:
            return [], []
        also, over = [], []
        rank = self.e.order("land") + self.e.order("sea")
        side = "sea" if piece.code in self.e.order("sea") else "land"
        for j in self.tree.query(geom, predicate="intersects"):
            inst = self.all_insts[int(j)]
            if inst.side != side:
                continue
            # what the instance would add, decided before its (costly) overlap area is computed
            if inst.code == piece.code and (piece.ind is None or inst.ind.id != piece.ind.id):
                if inst.ind.name in also or len(also) >= 3:
                    continue
                target, item = also, inst.ind.name
            elif inst.code != piece.code and inst.code in rank and piece.code in rank \
                    and rank.index(inst.code) > rank.index(piece.code):
                item = f"{catalogue.class_name(inst.code, 'short', self.rules)}（{inst.ind.name}）"
                if item in over or len(over) >= 3:
                    continue
                target = over
            else:
                continue
            if _area(_inter(geom, inst.geom)) > self.e.sliver:
                target.append(item)
        return also, over

    def candidate_rows(self, pieces: Sequence[_Piece] = ()) -> list[dict]:
        """One row per candidate instance; residual rules (海3, LAND-RESID) add their resolved areas."""
        e, rows = self.e, []
        for p in pieces:
            if p.ind is None or "residual" not in p.ind.method_types:
                continue
            side = self.rules.class_by_code(p.code).side
            for part in _parts(p.geom):
                rows.append({"class_code": p.code, "indicator_id": p.ind.id, "indicator_name": p.ind.name,
                             "rule_id": p.rule_id, "case_name": "", "side": side, "qualifies": 1,
                             "reason": p.ind.name, "reason_en": p.ind.name_en, "area_m2": _area(part),
                             "geometry": part})
        for ind_id, insts in self.cands.items():
            accepted = e.block_notes.get(ind_id, [])
            rejected = e.rejected.get(ind_id, [])
            for inst in insts:
                ok, zh, en = 1, inst.note_zh, inst.note_en
                if rejected:
                    hit = [(b, z, n) for b, z, n in rejected if _area(_inter(b, inst.geom)) > e.sliver]
                    ok_hit = [b for b, _z, _n in accepted if _area(_inter(b, inst.geom)) > e.sliver]
                    if hit and not ok_hit:
                        ok, zh, en = 0, _join(zh, hit[0][1]), _join(en, hit[0][2], "; ")
                rows.append({
                    "class_code": inst.code,
                    "indicator_id": inst.ind.id,
                    "indicator_name": inst.ind.name,
                    "rule_id": inst.rule_id,
                    "case_name": inst.case,
                    "side": inst.side,
                    "qualifies": ok,
                    "reason": zh,
                    "reason_en": en,
                    "area_m2": _area(inst.geom),
                    "geometry": inst.geom,
                })
        return rows


def _statistics(zones: pd.DataFrame, rules: RuleSet) -> pd.DataFrame:
    rows = []
    totals = {"land": 0.0, "sea": 0.0}
    for cls in rules.classes:
        sub = zones[zones["class_code"] == cls.code] if len(zones) else zones
        area = float(sub["area_m2"].sum()) if len(sub) else 0.0
        totals[cls.side] += area
        patches = len(_parts(_union(sub["geometry"]))) if len(sub) else 0
        rows.append({"class_code": cls.code, "class_name": catalogue.class_name(cls.code, "statistics", rules),
                     "side": cls.side, "area_m2": area, "share": 0.0, "patch_count": patches,
                     "feature_count": int(len(sub))})
    for row in rows:
        total = totals[row["side"]]
        row["share"] = row["area_m2"] / total if total > 0 else 0.0
    return pd.DataFrame(rows, columns=[n for n, _k in STATISTICS_FIELDS])


# ================================================================================================================
# Entry point
# ================================================================================================================
def delineate(
    inputs: Inputs,
    rules: RuleSet,
    *,
    sliver_area: float | None = None,
    skip_unknown: bool = False,
    national: RuleSet | None = None,
    monitor=None,
) -> Result:
    """Delineate every class from ``inputs`` by ``rules`` (see the module docstring for the steps).

    ``sliver_area`` (m², default the threshold ``delineation_sliver_max_area``); ``skip_unknown`` turns an unknown
    layer from an error into a warning (either way it is reported in ``issues`` and ``unknown_layers``);
    ``national`` is the national rule set used to mark 因地制宜 areas (omit it to skip the comparison);
    ``monitor`` has ``step(index, label)`` and ``canceled() -> bool`` (raises :class:`Cancelled`).
    Raises :class:`DelineationError` when the inputs cannot give a map, e.g. an unknown layer without
    ``skip_unknown``.
    """
    mon = _Monitor(monitor)
    sliver = float(rules.threshold("delineation_sliver_max_area").value if sliver_area is None else sliver_area)
    engine, cands, pieces = _run(inputs, rules, sliver, skip_unknown, mon, fallback=True)
    mon.step(6)
    if national is not None and rules.local_rules:
        pieces = _mark_local(pieces, inputs, rules, national, sliver, engine)
    zones, merged, dropped = _finish(engine, cands, pieces)
    candidates = pd.DataFrame(_Finisher(engine, cands).candidate_rows(pieces),
                              columns=[n for n, _k in CANDIDATE_FIELDS + CANDIDATE_EXTRA_FIELDS] + ["geometry"])
    sides = zones["class_code"].map(lambda c: rules.class_by_code(c).side) if len(zones) else pd.Series(dtype=str)
    land_area = float(zones.loc[sides == "land", "area_m2"].sum()) if len(zones) else 0.0
    sea_area = float(zones.loc[sides == "sea", "area_m2"].sum()) if len(zones) else 0.0
    gap = 0.0
    if engine.extent_land is not None:
        gap = _area(_diff(engine.extent_land, _union(zones.loc[sides == "land", "geometry"]) if len(zones) else _EMPTY))
    if merged or dropped:
        engine.issue("SLIVERS_MERGED", "info", "", None,
                     f"{merged} 個小於 {sliver:g} 平方公尺之碎片已併入相鄰分區，{dropped} 個孤立碎片已刪除。",
                     f"{merged} slivers below {sliver:g} m² merged into a neighbour, {dropped} isolated ones dropped.")
    if gap > sliver:
        engine.issue("LAND_GAP", "warning", "", None, f"縣市範圍內有 {gap:.1f} 平方公尺陸域未劃設分區。",
                     f"{gap:.1f} m² of land inside the county extent has no class.")
    return Result(zones=zones, candidates=candidates, statistics=_statistics(zones, rules), issues=engine.issues,
                  land_area_m2=land_area, sea_area_m2=sea_area, gap_area_m2=gap,
                  unknown_layers=list(engine.unknown_layers), sliver_merged=merged)


def _run(inputs: Inputs, rules: RuleSet, sliver: float, skip_unknown: bool, mon: _Monitor, fallback: bool = False):
    """Steps 1-5: the engine, the candidates and the resolved pieces (land and sea); with ``fallback`` the pending
    pieces get their fallback class (:meth:`_Engine.fallbacks`)."""
    engine = _Engine(inputs, rules, sliver, skip_unknown, mon)
    mon.step(0)
    engine.prepare()
    if engine.unknown_layers and not skip_unknown:
        names = "、".join(engine.unknown_layers)
        raise DelineationError(
            f"無法辨識之圖層：{names}。請更名、指定指標欄位、於規則檔加入別名，或勾選略過未知圖層。",
            f"Unknown layers: {', '.join(engine.unknown_layers)}. Rename them, name the indicator field, add aliases to "
            f"the rule set, or allow skipping unknown layers.")
    mon.step(1)
    engine.land_and_sea()
    mon.step(2)
    cands = engine.candidates()
    mon.step(3)
    land = engine.resolve("land", cands)
    sea = engine.resolve("sea", cands) if engine.has_sea else []
    mon.step(4)
    land = engine.pairwise(land, cands)
    if fallback:
        land = engine.fallbacks(land, cands, "land")
        sea = engine.fallbacks(sea, cands, "sea")
    mon.step(5)
    for p in land + sea:
        if p.ind is not None and rules.is_local(f"indicators.{p.ind.id}"):
            p.scope = "因地制宜"
    return engine, cands, land + sea


def _finish(engine: _Engine, cands, pieces: list[_Piece]) -> tuple[pd.DataFrame, int, int]:
    parts, merged, dropped = _merge_slivers(_explode(pieces), engine.sliver)
    fin = _Finisher(engine, cands)
    rows = [fin.zone_row(_solid(g), p) for g, p in parts]
    zones = pd.DataFrame(rows, columns=[n for n, _k in ZONE_FIELDS] + ["geometry"])
    return _sorted(zones, engine.rules), merged, dropped


def _sorted(zones: pd.DataFrame, rules: RuleSet) -> pd.DataFrame:
    if not len(zones):
        return zones
    order = {c.code: c.order for c in rules.classes}
    pts = shapely.point_on_surface(np.asarray(zones["geometry"], dtype=object))
    key = pd.DataFrame({
        "o": zones["class_code"].map(order),
        "r": zones["rule_id"],
        "x": np.round(shapely.get_x(pts), 3),
        "y": np.round(shapely.get_y(pts), 3),
    })
    idx = key.sort_values(["o", "r", "x", "y"]).index
    return zones.loc[idx].reset_index(drop=True)


#: Local-rule keys worth naming in a reason (the ones delineation reads); others are not listed there.
_REASON_KEYS = ("switches.", "thresholds.", "indicators.", "precedence", "marine_precedence",
                "sporadic_rules.CON2-", "sporadic_rules.AGR2-IN-AGR1")


def _mark_local(pieces: list[_Piece], inputs, rules, national, sliver, engine) -> list[_Piece]:
    """Mark where the result differs from the national rules' result as 因地制宜 (splitting pieces there)."""
    try:
        _e, _c, base = _run(inputs, national, sliver, True, _Monitor(None))
    except DelineationError as exc:
        engine.issue("NATIONAL_COMPARISON", "warning", "", None, f"無法與全國通案規則比對：{exc.message_zh}",
                     f"Could not compare with the national rules: {exc.message_en}")
        return pieces
    changed = []
    for cls in rules.classes:
        mine = _union(p.geom for p in pieces if p.code == cls.code)
        theirs = _union(p.geom for p in base if p.code == cls.code)
        changed += [q for q in _parts(_diff(mine, theirs)) if _area(q) >= sliver]
    if not changed:
        return pieces
    local = [r for r in rules.local_rules if r.key.startswith(_REASON_KEYS)] or list(rules.local_rules)
    keys = [f"{r.key}={_short(r.value)}（全國：{_short(r.national_value)}）" for r in local[:6]]
    keys_en = [f"{r.key}={_short(r.value)} (national: {_short(r.national_value)})" for r in local[:6]]
    zh = "因地制宜（與全國通案結果不同）：" + "；".join(keys)
    en = "local rule (differs from the national result): " + "; ".join(keys_en)

    def mark(p: _Piece) -> _Piece:
        return p.split(p.geom, note_zh=_join(p.note_zh, zh), note_en=_join(p.note_en, en, "; "), scope="因地制宜")

    return _reassign(pieces, _union(changed), mark)


def _short(value: Any) -> str:
    if isinstance(value, Mapping) or value is None:
        return "（新增）" if value is not None else "—"
    s = str(value).strip().rstrip("。")
    return s if len(s) <= 40 else s[:37] + "…"
