"""Parcel-level boundary decision (界線決定, RULES.md §3): the core of ``twzoning:assignparcels``.

The legal map is drawn on the county's cadastre: every parcel gets a class, and where a class boundary cuts a parcel
the parcel is split into pieces and the register says 「部分A、部分B」 (RULES.md §3.1, §3.6, DECISIONS.md Q2). This
module overlays the parcels with the resolved zoning map and decides each parcel:

* **BND-FOLLOW** (default): the parcel follows the class boundary; one piece per class.
* **BND-WHOLE**: the parcel lies in one class (the zone's own ``rule_id`` is kept when the zone layer has one).
* **BND-SLIVER**: a piece smaller than the tolerance (threshold ``parcel_sliver_max_area``, parameter) is not a
  piece; it joins the piece of the same parcel that shares the longest boundary with it.
* **MAJ50** (optional, DECISIONS.md Q8): when the rule is on (switch ``majority_rule``, per class
  ``majority_rule_by_class``; it applies to a parcel only when it is on for every class of the parcel), a class
  covering ≥ 50 % (``majority_min_share``) takes the whole parcel; a tie goes to the class earlier in the precedence
  list (``majority_tie_break``); with no class ≥ 50 % the parcel stays split.
* **BND-NOZONE**: a part of a parcel covered by no zone keeps an empty class (the map must be completed).

Where zone polygons overlap, the class earlier in the precedence list (``precedence.yaml``) wins. Each piece gets a
``status``: ``sea_side`` (a sea class, or on the sea side of the mean high tide line), ``national_park``,
``urban_plan`` (outside the land register, RULES.md §6.6) or ``registrable``. A piece of a zone still pending a
unit rule (``pending_rule`` / ``fallback_class`` of delineateclasses, e.g. a special-purpose zone under 2 ha waiting
for SPZ-D) carries both fields on to ``twzoning:ruralunits``, which decides it.

Areas are planar, in the CRS of the inputs (metres). Pure Python (shapely 2, pandas); no QGIS import.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Callable, Sequence

import numpy as np
import pandas as pd
import shapely

from . import catalogue, parallel
from .fields import (
    PARCEL_FIELDS,
    PIECE_FIELDS,
    STATUS_NATIONAL_PARK,
    STATUS_REGISTRABLE,
    STATUS_SEA_SIDE,
    STATUS_URBAN_PLAN,
    parcel_key,
)
from .geometry_predicates import RATIO_DECIMALS, as_array
from .ruleset import RuleSet

__all__ = [
    "Cancelled",
    "AssignmentError",
    "Assignment",
    "GEOMETRY",
    "PIECE_NAMES",
    "PARCEL_NAMES",
    "assign_parcels",
    "resolve_classes",
    "make_keys",
    "rule_area",
    "apply_changes",
    "parcel_table",
    "check_pieces",
    "working_pieces",
]

#: Name of the geometry column of the piece / parcel DataFrames (shapely geometries).
GEOMETRY = "geometry"
PIECE_NAMES = [name for name, _kind in PIECE_FIELDS]
PARCEL_NAMES = [name for name, _kind in PARCEL_FIELDS]
#: Decimals of an area (m²) in the outputs and before an area is compared with a threshold (1 cm²).
AREA_DECIMALS = 2
#: Key fields of the parcel schema that make the register key.
KEY_FIELDS = ("office", "section", "parcel_no")

Progress = Callable[[float], bool]


class Cancelled(Exception):
    """Raised when the progress callback asks to stop (the algorithm then writes nothing)."""


class AssignmentError(ValueError):
    """Bad input: ``rows`` are the positions of the offending features (for the caller to name their ids)."""

    def __init__(self, message: str, rows: Sequence[int] = (), what: str = ""):
        super().__init__(message)
        self.rows = list(rows)
        self.what = what


@dataclass
class Assignment:
    """The result: ``pieces`` (one row per parcel piece), ``parcels`` (one row per parcel), ``summary`` counts."""

    pieces: pd.DataFrame
    parcels: pd.DataFrame
    summary: dict = field(default_factory=dict)


def _step(progress: Progress | None, fraction: float) -> None:
    if progress is not None and progress(fraction) is False:
        raise Cancelled()


# ================================================================================================================
# Inputs
# ================================================================================================================
def resolve_classes(values: Sequence, ruleset: RuleSet) -> np.ndarray:
    """Class codes from codes or any alias (國1, 國土保育地區第1類 …); AssignmentError naming the rows otherwise."""
    codes = np.empty(len(values), dtype=object)
    bad = []
    cache: dict = {}
    for i, v in enumerate(values):
        if v not in cache:
            cache[v] = ruleset.resolve_class(v) if v is not None and str(v).strip() else None
        codes[i] = cache[v]
        if codes[i] is None:
            bad.append(i)
    if bad:
        shown = sorted({str(values[i]) for i in bad})[:5]
        raise AssignmentError(
            "unknown class_code values: " + ", ".join(shown), rows=bad, what="class_code"
        )
    return codes


def make_keys(attrs: pd.DataFrame, ids: Sequence | None = None) -> np.ndarray:
    """The register key ``office|section|parcel_no`` of each parcel (fields.parcel_key). Unregistered land without
    a parcel number gets ``#<feature id>`` as its number so that its key is unique."""
    ids = np.arange(len(attrs)) if ids is None else np.asarray(ids)
    office = attrs["office"].fillna("").astype(str).to_numpy()
    section = attrs["section"].fillna("").astype(str).to_numpy()
    number = attrs["parcel_no"].fillna("").astype(str).str.strip().to_numpy()
    out = np.empty(len(attrs), dtype=object)
    for i in range(len(attrs)):
        no = number[i] or f"#{ids[i]}"
        out[i] = parcel_key(office[i], section[i], no)
    return out


def _polygonal(geoms: np.ndarray) -> np.ndarray:
    """Keep the polygonal parts of each geometry (an intersection may carry lines or points where edges touch)."""
    arr = as_array(geoms)
    types = shapely.get_type_id(arr)
    out = arr.copy()
    mixed = ~np.isin(types, (3, 6))
    if mixed.any():
        parts, index = shapely.get_parts(arr[mixed], return_index=True)
        keep = np.isin(shapely.get_type_id(parts), (3, 6))
        sub = np.empty(int(mixed.sum()), dtype=object)
        sub[:] = [shapely.Polygon() for _ in range(len(sub))]
        if keep.any():
            sub = shapely.multipolygons(shapely.get_parts(parts[keep]), indices=index[keep], out=sub)
        out[mixed] = sub
    return out


# ================================================================================================================
# Assignment
# ================================================================================================================
def assign_parcels(
    parcel_geoms,
    parcel_attrs: pd.DataFrame,
    zone_geoms,
    zone_classes: Sequence,
    ruleset: RuleSet,
    *,
    parcel_ids: Sequence | None = None,
    zone_rules: Sequence | None = None,
    zone_reasons: Sequence | None = None,
    zone_reasons_en: Sequence | None = None,
    zone_pending: Sequence | None = None,
    zone_fallbacks: Sequence | None = None,
    sea=None,
    mht=None,
    urban_plans=None,
    national_parks=None,
    sliver_area: float | None = None,
    majority: bool | None = None,
    progress: Progress | None = None,
) -> Assignment:
    """Overlay parcels and zones and decide each parcel (module docstring).

    ``parcel_attrs`` holds the parcel schema fields (at least office, section, parcel_no, reg_area), one row per
    geometry. ``zone_classes`` are class codes or aliases; ``zone_pending`` / ``zone_fallbacks`` are the zones'
    ``pending_rule`` / ``fallback_class`` (delineateclasses, core/fields.py), carried to the pieces like their rule
    id (from the largest zone of the piece's class in the parcel; a fallback given as an alias is resolved to its
    code; a fallback without a pending rule is ignored). ``sliver_area`` overrides the threshold
    ``parcel_sliver_max_area``; ``majority`` overrides the switch ``majority_rule`` (None = the rule set's value).
    ``progress(fraction)`` returning False cancels (:class:`Cancelled`).
    """
    started = time.monotonic()
    pgeoms = as_array(parcel_geoms)
    zgeoms = as_array(zone_geoms)
    attrs = parcel_attrs.reset_index(drop=True)
    if len(attrs) != len(pgeoms):
        raise AssignmentError("parcel attributes and geometries differ in length")
    missing = [f for f in KEY_FIELDS if f not in attrs.columns]
    if missing:
        raise AssignmentError("parcel layer lacks the key fields " + ", ".join(missing), what="fields")
    _check_geoms(pgeoms, "parcel")
    _check_geoms(zgeoms, "zone")
    codes = resolve_classes(list(zone_classes), ruleset)
    n = len(pgeoms)
    keys = make_keys(attrs, parcel_ids)
    dup = pd.Series(keys).duplicated(keep=False).to_numpy()
    if dup.any():
        shown = sorted(set(keys[dup]))[:5]
        raise AssignmentError("duplicate parcel keys: " + ", ".join(shown), rows=np.flatnonzero(dup), what="key")
    zrules = _texts(zone_rules, len(zgeoms))
    zreasons = _texts(zone_reasons, len(zgeoms))
    zreasons_en = _texts(zone_reasons_en, len(zgeoms))
    zpending = _texts(zone_pending, len(zgeoms))
    zfallback = _texts(zone_fallbacks, len(zgeoms))
    given = zfallback != ""
    if given.any():
        try:
            zfallback[given] = resolve_classes(list(zfallback[given]), ruleset)
        except AssignmentError as exc:
            raise AssignmentError("unknown fallback_class: " + str(exc), rows=np.flatnonzero(given)[exc.rows],
                                  what="class_code") from None
    zfallback[zpending == ""] = ""
    _step(progress, 0.05)

    # 1. overlay: (parcel, class) pieces
    pieces = _overlay(pgeoms, zgeoms, codes, zrules, zreasons, zreasons_en, zpending, zfallback)
    _step(progress, 0.45)
    parcel_area = shapely.area(pgeoms)
    pieces, overlapped = _resolve_overlaps(pieces, parcel_area, ruleset)
    pieces = _add_uncovered(pieces, pgeoms, parcel_area)
    _step(progress, 0.6)

    # 2. slivers, 3. majority
    tol = float(ruleset.threshold("parcel_sliver_max_area").value) if sliver_area is None else float(sliver_area)
    pieces, slivers = _absorb_slivers(pieces, tol)
    use_majority = bool(ruleset.switch("majority_rule")) if majority is None else bool(majority)
    pieces, moved = _majority(pieces, pgeoms, parcel_area, ruleset, use_majority)
    _step(progress, 0.75)

    # 4. status and texts
    order = {c.code: c.order for c in ruleset.classes}
    pieces["order"] = pieces["class_code"].map(lambda c: order.get(c, len(order) + 1))
    pieces = pieces.sort_values(["p", "order"], kind="stable").reset_index(drop=True)
    status = _status(pieces, ruleset, sea, urban_plans, national_parks)
    crossed = _crossed_by(pgeoms, mht)
    out = _piece_frame(pieces, attrs, keys, parcel_area, status, crossed, ruleset, tol)
    _step(progress, 0.9)
    table = parcel_table(out, ruleset, geoms=pgeoms, keys=keys, attrs=attrs)
    _step(progress, 1.0)
    summary = {
        "parcels": int(n),
        "pieces": int(len(out)),
        "split_parcels": int(table["is_split"].sum()),
        "majority_parcels": int(moved),
        "slivers_absorbed": int(slivers),
        "overlap_parcels": int(overlapped),
        "unzoned_pieces": int((out["class_code"] == "").sum()),
        "mht_crossed_parcels": int(crossed.sum()),
        "status": {k: int(v) for k, v in out["status"].value_counts().items()},
        "sliver_area_m2": tol,
        "majority_rule": use_majority,
        "elapsed_s": round(time.monotonic() - started, 3),
    }
    return Assignment(pieces=out, parcels=table, summary=summary)


def _texts(values, n: int) -> np.ndarray:
    out = np.full(n, "", dtype=object)
    if values is not None:
        for i, v in enumerate(values):
            out[i] = "" if v is None else str(v)
    return out


def _check_geoms(geoms: np.ndarray, what: str) -> None:
    missing = np.flatnonzero(shapely.is_missing(geoms) | shapely.is_empty(geoms))
    if len(missing):
        raise AssignmentError(f"{what} features without geometry", rows=missing, what=f"{what}_geometry")
    bad = np.flatnonzero(~np.isin(shapely.get_type_id(geoms), (3, 6)))
    if len(bad):
        raise AssignmentError(f"{what} features that are not polygons", rows=bad, what=f"{what}_geometry")
    invalid = np.flatnonzero(~shapely.is_valid(geoms))
    if len(invalid):
        raise AssignmentError(f"{what} features with invalid geometries", rows=invalid, what=f"{what}_invalid")


#: Zone polygons with more vertices than this are cut into parts before the overlay (a county-wide 農2 polygon
#: would otherwise be intersected whole with every parcel). A performance setting, not a rule.
SUBDIVIDE_VERTICES = 256


def _subdivide(geoms: np.ndarray, max_vertices: int = SUBDIVIDE_VERTICES) -> tuple[np.ndarray, np.ndarray]:
    """Cut polygons with more than ``max_vertices`` vertices in halves of their bounding box until every part is
    small (like PostGIS ST_Subdivide). Returns the parts and the index of the geometry each comes from."""
    work_g, work_i = as_array(geoms), np.arange(len(geoms))
    out_g, out_i = [work_g[:0]], [work_i[:0]]  # an empty zone layer gives no parts (every parcel unzoned)
    while len(work_g):
        small = shapely.get_num_coordinates(work_g) <= max_vertices
        out_g.append(work_g[small])
        out_i.append(work_i[small])
        big_g, big_i = work_g[~small], work_i[~small]
        if not len(big_g):
            break
        b = shapely.bounds(big_g)
        wide = (b[:, 2] - b[:, 0]) >= (b[:, 3] - b[:, 1])
        mid_x, mid_y = (b[:, 0] + b[:, 2]) / 2, (b[:, 1] + b[:, 3]) / 2
        first = shapely.box(b[:, 0], b[:, 1], np.where(wide, mid_x, b[:, 2]), np.where(wide, b[:, 3], mid_y))
        second = shapely.box(np.where(wide, mid_x, b[:, 0]), np.where(wide, b[:, 1], mid_y), b[:, 2], b[:, 3])
        halves = np.concatenate([shapely.intersection(big_g, first), shapely.intersection(big_g, second)])
        parts, idx = shapely.get_parts(halves, return_index=True)
        keep = np.isin(shapely.get_type_id(parts), (3, 6)) & (shapely.area(parts) > 0)
        work_g, work_i = parts[keep], np.concatenate([big_i, big_i])[idx[keep]]
    return np.concatenate(out_g), np.concatenate(out_i)


def _overlay(pgeoms, zgeoms, codes, zrules, zreasons, zreasons_en, zpending, zfallback) -> pd.DataFrame:
    """One row per (parcel, class): the piece geometry and the zone texts of its largest contributing zone."""
    parts, origin = _subdivide(zgeoms)
    shapely.prepare(parts)
    tree = shapely.STRtree(parts)
    pi, qi = tree.query(pgeoms, predicate="intersects")
    zi = origin[qi]
    inside = shapely.contains_properly(parts[qi], pgeoms[pi])  # prepared geometries: not shared across threads
    inter = pgeoms[pi].copy()
    cut = ~inside
    inter[cut] = _polygonal(parallel.vectorized(shapely.intersection, pgeoms[pi][cut], parts[qi][cut]))
    area = shapely.area(inter)
    keep = area > 0
    df = pd.DataFrame({"p": pi[keep], "z": zi[keep], "area": area[keep]})
    df[GEOMETRY] = inter[keep]
    df["class_code"] = codes[df["z"].to_numpy()]
    df = df.sort_values(["p", "class_code", "area"], ascending=[True, True, False], kind="stable")
    grouped = df.groupby(["p", "class_code"], sort=False)
    first = grouped.head(1).reset_index(drop=True)
    counts = grouped.size().to_numpy()
    first["area"] = grouped["area"].sum().to_numpy()
    if (counts > 1).any():
        multi = first.loc[counts > 1, ["p", "class_code"]]
        wanted = set(zip(multi["p"], multi["class_code"]))
        sub = df[[pc in wanted for pc in zip(df["p"], df["class_code"])]]
        merged = {pc: shapely.union_all(list(g)) for pc, g in sub.groupby(["p", "class_code"], sort=False)[GEOMETRY]}
        geoms = first[GEOMETRY].to_numpy().copy()
        rows = np.flatnonzero(counts > 1)
        geoms[rows] = _polygonal(np.array([merged[pc] for pc in zip(multi["p"], multi["class_code"])], dtype=object))
        first[GEOMETRY] = geoms
        first["area"] = shapely.area(geoms)
    z = first["z"].to_numpy()
    first["zone_rule"] = zrules[z]
    first["zone_reason"] = zreasons[z]
    first["zone_reason_en"] = zreasons_en[z]
    first["zone_pending"] = zpending[z]
    first["zone_fallback"] = zfallback[z]
    first["kind"] = "zone"
    first["absorbed"] = 0.0
    return first.drop(columns=["z"])


def _resolve_overlaps(pieces: pd.DataFrame, parcel_area: np.ndarray, ruleset: RuleSet) -> tuple[pd.DataFrame, int]:
    """Where zones overlap inside a parcel, the class earlier in the precedence list keeps the common part."""
    total = pieces.groupby("p")["area"].sum()
    over = total.index[(total.to_numpy() > parcel_area[total.index] * (1 + 1e-6) + 0.01)]
    if not len(over):
        return pieces, 0
    rank = {c: ruleset.class_rank(c) for c in pieces["class_code"].unique()}
    rows = pieces[pieces["p"].isin(over)].copy()
    rows["rank"] = rows["class_code"].map(rank)
    rows = rows.sort_values(["p", "rank"], kind="stable")
    new_geoms = []
    for _p, grp in rows.groupby("p", sort=False):
        taken = shapely.Polygon()
        for g in grp[GEOMETRY]:
            rest = shapely.difference(g, taken) if not taken.is_empty else g
            new_geoms.append(rest)
            taken = shapely.union(taken, g)
    rows[GEOMETRY] = _polygonal(np.array(new_geoms, dtype=object))
    rows["area"] = shapely.area(rows[GEOMETRY].to_numpy())
    rows = rows[rows["area"] > 0].drop(columns=["rank"])
    out = pd.concat([pieces[~pieces["p"].isin(over)], rows], ignore_index=True)
    return out, len(over)


def _add_uncovered(pieces: pd.DataFrame, pgeoms: np.ndarray, parcel_area: np.ndarray) -> pd.DataFrame:
    """The part of each parcel covered by no zone becomes a piece with an empty class (BND-NOZONE)."""
    covered = np.bincount(pieces["p"].to_numpy(), weights=pieces["area"].to_numpy(), minlength=len(pgeoms))
    short = np.flatnonzero(parcel_area - covered > 1e-6 * np.maximum(parcel_area, 1.0))
    if not len(short):
        return pieces
    rows = []
    by_parcel = {p: list(g) for p, g in pieces[pieces["p"].isin(short)].groupby("p")[GEOMETRY]}
    for p in short:
        parts = by_parcel.get(p, [])
        rest = shapely.difference(pgeoms[p], shapely.union_all(parts)) if parts else pgeoms[p]
        rest = _polygonal(np.array([rest], dtype=object))[0]
        if rest.is_empty or rest.area <= 0:
            continue
        rows.append({"p": p, "class_code": "", "area": rest.area, GEOMETRY: rest, "zone_rule": "",
                     "zone_reason": "", "zone_reason_en": "", "zone_pending": "", "zone_fallback": "",
                     "kind": "nozone", "absorbed": 0.0})
    if not rows:
        return pieces
    return pd.concat([pieces, pd.DataFrame(rows)], ignore_index=True)


def _absorb_slivers(pieces: pd.DataFrame, tol: float) -> tuple[pd.DataFrame, int]:
    """Pieces below ``tol`` m² (not the largest of their parcel) join the piece sharing the longest boundary."""
    if tol <= 0 or pieces.empty:
        return pieces, 0
    pieces = pieces.reset_index(drop=True)
    largest = pieces.groupby("p")["area"].transform("max").to_numpy()
    area = pieces["area"].to_numpy()
    small = (np.round(area, AREA_DECIMALS) < tol) & (area < largest)
    if not small.any():
        return pieces, 0
    idx_small = np.flatnonzero(small)
    keepers = pieces[~small]
    cand = pieces.loc[idx_small, ["p"]].reset_index().merge(
        keepers[["p"]].reset_index(), on="p", suffixes=("_s", "_k")
    )
    geoms = pieces[GEOMETRY].to_numpy()
    cand["shared"] = shapely.length(shapely.intersection(geoms[cand["index_s"]], geoms[cand["index_k"]]))
    cand["karea"] = area[cand["index_k"]]
    cand = cand.sort_values(["index_s", "shared", "karea"], ascending=[True, False, False], kind="stable")
    target = cand.drop_duplicates("index_s").set_index("index_s")["index_k"]
    pieces = pieces.copy()
    for k, grp in target.groupby(target):
        srcs = list(grp.index)
        pieces.at[k, GEOMETRY] = shapely.union_all([geoms[k], *geoms[srcs]])
        pieces.at[k, "absorbed"] = float(pieces.at[k, "absorbed"]) + float(area[srcs].sum())
        pieces.at[k, "area"] = float(area[k] + area[srcs].sum())
    out = pieces.drop(index=target.index).reset_index(drop=True)
    return out, len(target)


def _majority(pieces, pgeoms, parcel_area, ruleset: RuleSet, enabled: bool) -> tuple[pd.DataFrame, int]:
    """MAJ50: a class with ≥ 50 % of the parcel takes it whole (DECISIONS.md Q8)."""
    pieces = pieces.copy()
    pieces["majority_share"] = np.nan
    if not enabled or pieces.empty:
        return pieces, 0
    counts = pieces.groupby("p")["class_code"].transform("size").to_numpy()
    multi = pieces[counts > 1]
    if multi.empty:
        return pieces, 0
    min_share = ruleset.threshold("majority_min_share")
    tie_break = ruleset.switch("majority_tie_break")
    by_class = ruleset.switch("majority_rule_by_class")
    applies = {c: (c != "" and bool(by_class.get(c, False))) for c in multi["class_code"].unique()}
    winners = {}
    for p, grp in multi.groupby("p", sort=False):
        codes = list(grp["class_code"])
        if not all(applies[c] for c in codes):
            continue
        shares = np.round(grp["area"].to_numpy() / parcel_area[p], RATIO_DECIMALS)
        ok = [i for i, s in enumerate(shares) if min_share.test(s)]
        if not ok:
            continue
        if len(ok) > 1:
            if tie_break != "precedence":
                continue
            ok.sort(key=lambda i: ruleset.class_rank(codes[i]))
        best = grp.index[ok[0]]
        winners[p] = (best, float(shares[ok[0]]), len(codes))
    if not winners:
        return pieces, 0
    drop = []
    for p, (best, share, _n) in winners.items():
        others = pieces.index[(pieces["p"] == p) & (pieces.index != best)]
        drop.extend(others)
        pieces.at[best, GEOMETRY] = pgeoms[p]
        pieces.at[best, "area"] = float(parcel_area[p])
        pieces.at[best, "kind"] = "majority"
        pieces.at[best, "majority_share"] = share
    return pieces.drop(index=drop), len(winners)


def _status(pieces: pd.DataFrame, ruleset: RuleSet, sea, urban_plans, national_parks) -> np.ndarray:
    """Per piece: sea_side (a sea class, or its representative point in SEA), national_park, urban_plan (its
    representative point in such an area) or registrable."""
    points = shapely.point_on_surface(pieces[GEOMETRY].to_numpy())
    side = {c.code: c.side for c in ruleset.classes}
    status = np.full(len(pieces), STATUS_REGISTRABLE, dtype=object)
    status[_within(points, urban_plans)] = STATUS_URBAN_PLAN
    status[_within(points, national_parks)] = STATUS_NATIONAL_PARK
    at_sea = _within(points, sea) | pieces["class_code"].map(lambda c: side.get(c) == "sea").to_numpy(dtype=bool)
    status[at_sea] = STATUS_SEA_SIDE
    return status


def _within(points: np.ndarray, layer) -> np.ndarray:
    out = np.zeros(len(points), dtype=bool)
    if layer is None or not len(layer) or not len(points):
        return out
    layer = as_array(layer)
    layer = layer[~shapely.is_missing(layer) & ~shapely.is_empty(layer)]
    if len(layer):
        # The tree holds the many points and the query geometries (a few polygons, e.g. one county-long sea area)
        # are prepared once: point-in-polygon against a prepared polygon is indexed, whereas a tree of the polygons
        # queried with every point would test each point against the whole polygon.
        _li, pi = shapely.STRtree(points).query(layer, predicate="contains")
        out[pi] = True
    return out


def _crossed_by(pgeoms: np.ndarray, lines) -> np.ndarray:
    """Parcels whose interior the mean high tide line crosses."""
    out = np.zeros(len(pgeoms), dtype=bool)
    if lines is None or not len(lines):
        return out
    lines = as_array(lines)
    lines = lines[~shapely.is_missing(lines) & ~shapely.is_empty(lines)]
    if not len(lines):
        return out
    # A county-long line's bounding box holds every parcel: the tree is queried with short pieces of the lines
    # (their boxes select the parcels along the coast only), then those parcels are tested against the whole
    # prepared line. crosses is symmetric for a line and a polygon (DE-9IM T*T****** transposed), so this is
    # "the parcel is crossed by a line".
    cand = np.unique(shapely.STRtree(pgeoms).query(_line_pieces(lines), predicate="intersects")[1])
    if not len(cand):
        return out
    for line in lines:
        shapely.prepare(line)
        out[cand[shapely.crosses(line, pgeoms[cand])]] = True
    return out


def _line_pieces(lines: np.ndarray, size: int = 64) -> np.ndarray:
    """The lines cut into pieces of at most ``size`` + 1 vertices (consecutive pieces share a vertex)."""
    parts = shapely.get_parts(lines)
    parts = parts[np.isin(shapely.get_type_id(parts), (1, 2))]  # LineString, LinearRing
    out = []
    for line in parts:
        coords = shapely.get_coordinates(line)
        starts = range(0, max(len(coords) - 1, 1), size)
        out.extend(shapely.linestrings(coords[i:i + size + 1]) for i in starts if len(coords[i:i + size + 1]) >= 2)
    return np.asarray(out, dtype=object) if out else np.empty(0, dtype=object)


_STATUS_TEXT = {
    STATUS_SEA_SIDE: ("位於平均高潮線海側，不列入陸域使用地土地清冊。",
                      "On the sea side of the mean high tide line: not in the land register."),
    STATUS_URBAN_PLAN: ("位於都市計畫範圍內，依都市計畫管制，不列入使用地土地清冊。",
                        "Inside an urban plan: controlled by the plan, not in the land register."),
    STATUS_NATIONAL_PARK: ("位於國家公園範圍內，依國家公園計畫管制，不列入使用地土地清冊。",
                           "Inside a national park: controlled by the park plan, not in the land register."),
}


def _piece_frame(pieces, attrs, keys, parcel_area, status, crossed, ruleset: RuleSet, tol: float) -> pd.DataFrame:
    """The output rows: parcel attributes + PIECE_FIELDS + geometry, with rule ids and bilingual reasons."""
    p = pieces["p"].to_numpy()
    codes = pieces["class_code"].to_numpy()
    n_classes = pieces.groupby("p")["class_code"].transform("nunique").to_numpy()
    names = {c: (catalogue.class_name(c, "register", ruleset) if c else "") for c in set(codes)}
    short = {c: (catalogue.class_name(c, "short", ruleset) if c else "") for c in set(codes)}
    split_rows = pieces[n_classes > 1]
    wording = {pp: catalogue.split_wording([c for c in grp if c], "register", ruleset)
               for pp, grp in split_rows.groupby("p")["class_code"]}
    area = shapely.area(pieces[GEOMETRY].to_numpy())
    share = np.round(area / parcel_area[p], RATIO_DECIMALS)
    maj = ruleset.threshold("majority_min_share")
    kinds = pieces["kind"].to_numpy()
    absorbed = pieces["absorbed"].to_numpy(dtype=float)
    maj_share = pieces["majority_share"].to_numpy(dtype=float)
    zrule = pieces["zone_rule"].to_numpy()
    zreason = pieces["zone_reason"].to_numpy()
    zreason_en = pieces["zone_reason_en"].to_numpy()
    rule_ids, reasons, reasons_en = [], [], []
    for i in range(len(pieces)):
        c, name, kind = codes[i], names[codes[i]], kinds[i]
        if kind == "nozone":
            rid = "BND-NOZONE"
            zh = "此部分未被任何國土功能分區涵蓋，請補正國土功能分區圖。"
            en = "This part is covered by no zone; complete the zoning map."
        elif kind == "majority":
            rid = "MAJ50"
            zh = (f"單宗土地涉及 2 種以上國土功能分區及其分類，{name}占 {maj_share[i]:.1%}"
                  f"（達 {maj.display}），依多數決全筆劃入{name}。")
            en = (f"The parcel spans several classes; {short[c]} covers {maj_share[i]:.1%} "
                  f"(at least {maj.value:.0%}), so the whole parcel goes to {short[c]} (majority rule).")
        elif n_classes[i] > 1:
            rid = "BND-FOLLOW"
            zh = (f"地籍跨越國土功能分區界線，依界線分割：本部分占 {share[i]:.1%}，位於{name}；"
                  f"清冊記載「{wording[p[i]]}」。")
            en = (f"The parcel is crossed by a class boundary and split along it: this piece ({share[i]:.1%}) is "
                  f"{short[c]}.")
            if absorbed[i] > 0:
                zh += f"（已併入未達 {tol:g} 平方公尺之碎片 {absorbed[i]:.2f} 平方公尺）"
                en += f" (slivers of {absorbed[i]:.2f} m² joined)"
        elif absorbed[i] > 0:
            rid = "BND-SLIVER"
            zh = (f"全筆土地位於{name}；未達 {tol:g} 平方公尺之分區界線碎片（合計 {absorbed[i]:.2f} 平方公尺）"
                  "併入本筆。")
            en = (f"The whole parcel is {short[c]}; slivers under {tol:g} m² ({absorbed[i]:.2f} m² in all) "
                  "were joined to it.")
        else:
            rid = zrule[i] or "BND-WHOLE"
            zh = f"全筆土地位於{name}。"
            en = f"The whole parcel lies in {short[c]}."
        if kind != "nozone" and zreason[i]:
            zh += f"分區依據：{zreason[i]}"
            if zreason_en[i]:
                en += f" Zone: {zreason_en[i]}"
        if status[i] in _STATUS_TEXT:
            zh += _STATUS_TEXT[status[i]][0]
            en += " " + _STATUS_TEXT[status[i]][1]
        if crossed[p[i]]:
            zh += "（地籍跨越平均高潮線）"
            en += " (the parcel crosses the mean high tide line)"
        rule_ids.append(rid)
        reasons.append(zh)
        reasons_en.append(en)
    base = attrs.iloc[p].reset_index(drop=True).copy()
    out = base
    out["parcel_key"] = keys[p]
    out["class_code"] = codes
    out["class_name"] = [names[c] for c in codes]
    out["share"] = share
    out["piece_area"] = np.round(area, AREA_DECIMALS)
    out["is_split"] = (n_classes > 1).astype(int)
    out["status"] = status
    out["rule_id"] = rule_ids
    out["reason"] = reasons
    out["reason_en"] = reasons_en
    pending = np.where(kinds == "nozone", "", pieces["zone_pending"].to_numpy())
    out["pending_rule"] = pending
    out["fallback_class"] = np.where(pending == "", "", pieces["zone_fallback"].to_numpy())
    out[GEOMETRY] = pieces[GEOMETRY].to_numpy()
    return out


# ================================================================================================================
# Shared by the later algorithms
# ================================================================================================================
def check_pieces(df: pd.DataFrame, ruleset: RuleSet) -> list[str]:
    """Problems of a piece table used as input (missing fields, unknown classes, duplicate (parcel_key, class));
    an empty list when it is usable."""
    needed = ["parcel_key", "class_code", "share", "piece_area", "is_split", "status", "rule_id",
              "office", "section", "parcel_no", "reg_area", "nu_zone", "nu_landuse", "owner_type"]
    missing = [f for f in needed if f not in df.columns]
    if missing:
        return ["missing fields: " + ", ".join(missing)]
    problems = []
    codes = df["class_code"].fillna("").astype(str)
    known = set(ruleset.class_codes) | {""}
    bad = sorted(set(codes[~codes.isin(known)]))
    if bad:
        problems.append("unknown class_code values: " + ", ".join(bad[:5]))
    dup = df.duplicated(["parcel_key", "class_code"], keep=False)
    if dup.any():
        problems.append("several pieces with the same parcel_key and class_code: "
                        + ", ".join(sorted(set(df.loc[dup, "parcel_key"]))[:5]))
    return problems


def rule_area(df: pd.DataFrame, ruleset: RuleSet) -> np.ndarray:
    """The area each piece counts for in the area thresholds (switch ``parcel_area_source``): the registered area
    times the piece's share of the parcel, or the planar area; the planar area where no registered area is given."""
    planar = df["piece_area"].astype(float).to_numpy()
    if ruleset.switch("parcel_area_source") != "registered":
        return np.round(planar, AREA_DECIMALS)
    reg = pd.to_numeric(df["reg_area"], errors="coerce").fillna(0.0).to_numpy(dtype=float)
    share = df["share"].astype(float).to_numpy()
    out = np.where(reg > 0, reg * share, planar)
    return np.round(out, AREA_DECIMALS)


def working_pieces(pieces: pd.DataFrame, ruleset: RuleSet) -> pd.DataFrame:
    """A checked copy of an input piece table for the later algorithms: positional index, ``class_code`` as text
    ("" for none), ``_area`` the area the thresholds test (:func:`rule_area`). Raises ValueError naming the problems
    of :func:`check_pieces`."""
    problems = check_pieces(pieces, ruleset)
    if problems:
        raise ValueError("; ".join(problems))
    df = pieces.reset_index(drop=True).copy()
    df["class_code"] = df["class_code"].fillna("").astype(str)
    df["_area"] = rule_area(df, ruleset)
    return df


def apply_changes(pieces: pd.DataFrame, changes: pd.DataFrame, ruleset: RuleSet) -> pd.DataFrame:
    """Move pieces to another class: ``changes`` has parcel_key, from_class, to_class, rule_id, reason, reason_en.

    The piece of that parcel in ``from_class`` takes ``to_class`` with the change's rule and reasons (a changed piece
    is decided: its ``pending_rule`` and ``fallback_class``, when present, are cleared); pieces of one parcel that
    end in the same class are merged (geometry union, shares and areas summed) and ``is_split`` is recomputed.
    Returns a new table; ``pieces`` is not modified.
    """
    out = pieces.copy().reset_index(drop=True)
    if changes is None or changes.empty:
        return out
    out["_changed"] = False
    idx = {(k, c): i for i, (k, c) in enumerate(zip(out["parcel_key"], out["class_code"].fillna("")))}
    names = {}
    for ch in changes.itertuples(index=False):
        i = idx.get((ch.parcel_key, ch.from_class or ""))
        if i is None:
            continue
        to = ch.to_class
        if to not in names:
            names[to] = catalogue.class_name(to, "register", ruleset) if to else ""
        out.at[i, "class_code"] = to
        out.at[i, "class_name"] = names[to]
        out.at[i, "rule_id"] = ch.rule_id
        out.at[i, "reason"] = ch.reason
        out.at[i, "reason_en"] = ch.reason_en
        for name in ("pending_rule", "fallback_class"):
            if name in out.columns:
                out.at[i, name] = ""
        out.at[i, "_changed"] = True
    return _merge_same_class(out).drop(columns=["_changed"])


def _merge_same_class(df: pd.DataFrame) -> pd.DataFrame:
    dup = df.duplicated(["parcel_key", "class_code"], keep=False)
    if dup.any():
        keep_rows = []
        for _key, grp in df[dup].groupby(["parcel_key", "class_code"], sort=False):
            changed = grp[grp["_changed"]] if "_changed" in grp.columns else grp.iloc[:0]
            first = grp.index[0] if changed.empty else changed.index[0]
            row = df.loc[first].copy()
            row[GEOMETRY] = shapely.union_all(list(grp[GEOMETRY]))
            row["share"] = round(float(grp["share"].sum()), RATIO_DECIMALS)
            row["piece_area"] = round(float(grp["piece_area"].sum()), AREA_DECIMALS)
            keep_rows.append(row)
        df = pd.concat([df[~dup], pd.DataFrame(keep_rows)], ignore_index=True)
    n = df.groupby("parcel_key")["class_code"].transform("nunique")
    df["is_split"] = (n > 1).astype(int).to_numpy()
    return df.sort_values(["parcel_key", "class_code"], kind="stable").reset_index(drop=True)


def parcel_table(
    pieces: pd.DataFrame, ruleset: RuleSet, *, geoms=None, keys=None, attrs: pd.DataFrame | None = None
) -> pd.DataFrame:
    """One row per parcel: the parcel schema fields + PARCEL_FIELDS (+ ``geometry`` when ``geoms`` are given).

    ``class_codes`` lists the classes in canonical order, ``class_wording`` is the register wording from
    :func:`catalogue.split_wording` (「部分A、部分B」), ``status`` is ``registrable`` when any piece is, else that of
    the largest piece. Without ``attrs`` the attributes of each parcel's first piece are used.
    """
    order = {c.code: c.order for c in ruleset.classes}
    df = pieces.copy()
    df["class_code"] = df["class_code"].fillna("").astype(str)
    df["_order"] = df["class_code"].map(lambda c: order.get(c, 999))
    df = df.sort_values(["parcel_key", "_order"], kind="stable")
    n = df.groupby("parcel_key")["class_code"].transform("nunique").to_numpy()
    single = df[n == 1].drop_duplicates("parcel_key")
    one_name = {c: (catalogue.split_wording([c], "register", ruleset) if c else "") for c in single["class_code"].unique()}
    singles = pd.DataFrame({
        "parcel_key": single["parcel_key"].to_numpy(),
        "class_codes": single["class_code"].to_numpy(),
        "class_wording": single["class_code"].map(one_name).to_numpy(),
        "is_split": 0,
        "status": single["status"].to_numpy(),
        "rule_id": single["rule_id"].to_numpy(),
        "reason": single["reason"].to_numpy(),
        "reason_en": single["reason_en"].to_numpy(),
    })
    rows = []
    for key, grp in df[n > 1].groupby("parcel_key", sort=False):
        codes = [c for c in grp["class_code"] if c]
        statuses = list(grp["status"])
        status = STATUS_REGISTRABLE if STATUS_REGISTRABLE in statuses else grp.loc[grp["piece_area"].idxmax(), "status"]
        parts = "、".join(f"{nm}（{s:.1%}）" for nm, s in zip(grp["class_name"], grp["share"]) if nm)
        rows.append({
            "parcel_key": key,
            "class_codes": ",".join(dict.fromkeys(codes)),
            "class_wording": catalogue.split_wording(codes, "register", ruleset),
            "is_split": 1,
            "status": status,
            "rule_id": "BND-FOLLOW",
            "reason": f"地籍跨越國土功能分區界線，依界線分割為 {len(grp)} 部分：{parts}。",
            "reason_en": f"Split along class boundaries into {len(grp)} pieces: "
                         + ", ".join(f"{c or '-'} ({s:.1%})" for c, s in zip(grp["class_code"], grp["share"])) + ".",
        })
    table = pd.concat([singles, pd.DataFrame(rows, columns=PARCEL_NAMES)], ignore_index=True)[PARCEL_NAMES]
    if attrs is not None and keys is not None:
        base = attrs.copy().reset_index(drop=True)
        base = base.drop(columns=[c for c in PARCEL_NAMES if c in base.columns])
        base["parcel_key"] = keys
        table = base.merge(table, on="parcel_key", how="left")
        if geoms is not None:
            table[GEOMETRY] = as_array(geoms)
    else:
        firsts = df.drop_duplicates("parcel_key")
        schema = [c for c in firsts.columns if c not in PIECE_NAMES and c not in (GEOMETRY, "_order")]
        table = firsts[["parcel_key", *schema]].merge(table, on="parcel_key", how="right")
    return table
