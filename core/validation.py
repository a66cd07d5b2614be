"""Input checks run before anything else (``twzoning:validateinputs``): pure functions on plain data.

Each check returns a list of :class:`~.messages.Problem`; none raises on bad data, because finding bad data is its
job. Geometries come as a numpy object array of shapely geometries (``None`` for a feature without geometry),
attributes as a pandas DataFrame whose index is the feature id. The QGIS side (``algorithms/layers.py``) builds these
once at the edge.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import shapely

from . import parallel
from .messages import Problem, make_problem

#: The fields that identify a parcel: 地政事務所代碼 + 地段代碼 + 地號 (the register's key).
PARCEL_KEY = ("office", "section", "parcel_no")

_KIND_ZH = {"line": "線", "point": "點", "none": "無幾何", "polygon": "面", "unknown": "未知幾何"}
_KIND_EN = {"line": "line", "point": "point", "none": "geometry-less", "polygon": "polygon", "unknown": "unknown"}


@dataclass(frozen=True)
class LayerInfo:
    """What a check needs to know about a layer besides its features."""

    name: str
    crs_authid: str = ""
    crs_valid: bool = True
    crs_is_geographic: bool = False
    crs_units: str = "meters"
    geometry_kind: str = "polygon"  # polygon / line / point / none / unknown
    feature_count: int = 0


def _anchor(geom) -> tuple[float | None, float | None]:
    """A point inside (or on) a geometry where a problem is shown; (None, None) when there is none."""
    if geom is None or shapely.is_empty(geom):
        return None, None
    try:
        pt = shapely.point_on_surface(geom)
    except shapely.errors.GEOSException:
        pt = shapely.centroid(shapely.envelope(geom))
    if pt is None or shapely.is_empty(pt):
        return None, None
    return float(shapely.get_x(pt)), float(shapely.get_y(pt))


def check_crs(layer: LayerInfo, parcel_crs: str | None = None) -> list[Problem]:
    """A projected CRS in metres is required; a CRS unlike the parcels' is a warning."""
    crs = layer.crs_authid or "?"
    if not layer.crs_valid:
        return [make_problem("CRS_MISSING", layer.name)]
    if layer.crs_is_geographic:
        return [make_problem("CRS_GEOGRAPHIC", layer.name, crs=crs)]
    if layer.crs_units != "meters":
        return [make_problem("CRS_NOT_METRES", layer.name, crs=crs, units=layer.crs_units)]
    if parcel_crs and crs != parcel_crs:
        return [make_problem("CRS_MISMATCH", layer.name, crs=crs, parcel_crs=parcel_crs)]
    return []


def check_fields(layer: LayerInfo, field_kinds: dict[str, str], schema: Sequence) -> list[Problem]:
    """Required fields of the parcel schema are present with a usable type.

    ``field_kinds`` maps each field name of the layer to ``text``, ``integer``, ``double`` or ``other``. A numeric
    field where text is expected is refused (codes such as 地段代碼 ``0214`` lose their leading zeros); an integer
    where a double is expected is accepted.
    """
    problems = []
    for fdef in schema:
        if not fdef.required:
            continue
        if fdef.name not in field_kinds:
            problems.append(make_problem("FIELD_MISSING", layer.name, field=fdef.name, alias=fdef.alias_zh))
            continue
        actual = field_kinds[fdef.name]
        ok = actual == fdef.type or (fdef.type == "double" and actual == "integer")
        if not ok:
            problems.append(
                make_problem(
                    "FIELD_TYPE", layer.name, field=fdef.name, alias=fdef.alias_zh, actual=actual, expected=fdef.type
                )
            )
    return problems


def _is_blank(values: pd.Series) -> pd.Series:
    as_text = values.astype("string").str.strip()
    return (as_text.isna() | (as_text == "")).fillna(True).astype(bool)


def check_values(layer: LayerInfo, attrs: pd.DataFrame, schema: Sequence) -> list[Problem]:
    """Required values present, patterns (e.g. 地號 ``0214-0020``) and code lists (e.g. 使用分區) respected."""
    problems: list[Problem] = []
    for fdef in schema:
        if fdef.name not in attrs.columns:
            continue
        col = attrs[fdef.name]
        blank = _is_blank(col)
        if fdef.required and not _allows_blank(fdef):
            for fid in col.index[blank & ~_blank_permitted(fdef, attrs)]:
                problems.append(make_problem("VALUE_NULL", layer.name, feature_id=int(fid), field=fdef.name,
                                             alias=fdef.alias_zh))
        text = col[~blank].astype("string").str.strip()
        pattern = getattr(fdef, "pattern", None)
        if pattern:
            bad = ~text.str.fullmatch(pattern).fillna(False).astype(bool)
            hint = getattr(fdef, "example", None) or pattern
            for fid, value in text[bad].items():
                problems.append(make_problem("VALUE_PATTERN", layer.name, feature_id=int(fid), field=fdef.name,
                                             alias=fdef.alias_zh, value=value, pattern_hint=hint))
        allowed = _allowed_values(fdef)
        if allowed:
            bad = ~text.isin(allowed)
            shown = "、".join(allowed[:12]) + ("…" if len(allowed) > 12 else "")
            for fid, value in text[bad].items():
                problems.append(make_problem("VALUE_DOMAIN", layer.name, feature_id=int(fid), field=fdef.name,
                                             alias=fdef.alias_zh, value=value, allowed=shown))
    return problems


def _blank_permitted(fdef, attrs: pd.DataFrame) -> pd.Series:
    """Rows where the schema lets this field be blank (``blank_when``: e.g. 地號 of unregistered land)."""
    conditions = getattr(fdef, "blank_when", None) or {}
    permitted = pd.Series(bool(conditions), index=attrs.index)
    for other, value in conditions.items():
        if other not in attrs.columns:
            return pd.Series(False, index=attrs.index)
        permitted &= attrs[other].astype("string").str.strip() == str(value)
    return permitted.fillna(False).astype(bool)


def _allowed_values(fdef) -> list[str]:
    values = getattr(fdef, "allowed", None) or getattr(fdef, "allowed_values", None) or []
    return [str(v) for v in values if v not in ("", None)]


def _allows_blank(fdef) -> bool:
    values = getattr(fdef, "allowed", None) or getattr(fdef, "allowed_values", None) or []
    return "" in values


def check_duplicate_keys(layer: LayerInfo, attrs: pd.DataFrame, key: Sequence[str] = PARCEL_KEY) -> list[Problem]:
    """Each parcel key (office + section + parcel_no) occurs once."""
    if not all(k in attrs.columns for k in key):
        return []  # reported as FIELD_MISSING
    keys = attrs[list(key)].astype("string").apply(lambda c: c.str.strip())
    complete = keys.notna().all(axis=1)
    keys = keys[complete]
    dup = keys.duplicated(keep=False)
    problems = []
    for values, group in keys[dup].groupby(list(key), sort=True):
        fids = sorted(int(f) for f in group.index)
        problems.append(
            make_problem(
                "KEY_DUPLICATE",
                layer.name,
                feature_id=fids[0],
                field="+".join(key),
                key=" ".join(values),
                count=len(fids),
                fids=", ".join(str(f) for f in fids),
            )
        )
    return problems


def check_geometries(layer: LayerInfo, fids: np.ndarray, geoms: np.ndarray) -> list[Problem]:
    """Features without geometry, with an empty geometry, or with an invalid one (with GEOS's reason and place)."""
    problems = []
    is_null = np.array([g is None for g in geoms], dtype=bool)
    for fid in fids[is_null]:
        problems.append(make_problem("GEOM_NULL", layer.name, feature_id=int(fid)))
    present = ~is_null
    geo = geoms[present]
    pfids = fids[present]
    empty = shapely.is_empty(geo)
    for fid in pfids[empty]:
        problems.append(make_problem("GEOM_EMPTY", layer.name, feature_id=int(fid)))
    valid = shapely.is_valid(geo)
    bad = ~valid & ~empty
    if bad.any():
        reasons = shapely.is_valid_reason(geo[bad])
        for fid, geom, reason in zip(pfids[bad], geo[bad], reasons):
            x, y = _reason_location(reason)
            if x is None:
                x, y = _anchor(geom)
            problems.append(make_problem("GEOM_INVALID", layer.name, feature_id=int(fid), reason=reason, x=x, y=y))
    return problems


_LOCATION = re.compile(r"\[\s*(-?[0-9.eE+-]+)\s+(-?[0-9.eE+-]+)")


def _reason_location(reason: str) -> tuple[float | None, float | None]:
    """GEOS reports the place of a defect as ``Self-intersection[x y]``."""
    m = _LOCATION.search(reason or "")
    if not m:
        return None, None
    return float(m.group(1)), float(m.group(2))


def check_geometry_kind(layer: LayerInfo, expected: str | Sequence[str] = "polygon") -> list[Problem]:
    """A layer whose features must be areas is refused when it holds lines or points (``expected`` may name
    several accepted kinds, e.g. river lines given as polygons or as closed lines)."""
    accepted = (expected,) if isinstance(expected, str) else tuple(expected)
    if layer.geometry_kind in accepted:
        return []
    return [make_problem("GEOM_NOT_POLYGON", layer.name, actual=_KIND_ZH.get(layer.geometry_kind, "?"),
                         actual_en=_KIND_EN.get(layer.geometry_kind, "?"))]


def check_indicator_geometry(layer: LayerInfo, indicator) -> list[Problem]:
    """An indicator is delineated from areas. When its method says ``polygons_only`` (e.g. 土石流潛勢溪流: 「線性資料
    …建議不予劃設」), lines are a known, legal input that simply does not delineate: a warning citing the rule.
    Otherwise lines or points where areas are expected are an error."""
    if layer.geometry_kind == "polygon":
        return []
    only = [s for s in getattr(indicator, "method", ()) if s.type == "polygons_only"]
    if only and layer.geometry_kind in ("line", "point"):
        reason = str(only[0].params.get("reason", ""))
        return [make_problem("INDICATOR_LINES_NOT_USED", layer.name, actual=_KIND_ZH[layer.geometry_kind],
                             actual_en=_KIND_EN[layer.geometry_kind], reason=reason,
                             rule_id=_rule_id(indicator))]
    return check_geometry_kind(layer, "polygon")


def _rule_id(indicator) -> str:
    getter = getattr(indicator, "rule_id_for", None)
    return (getter("land") if getter else "") or indicator.id


def check_overlaps(
    layer: LayerInfo,
    fids: np.ndarray,
    geoms: np.ndarray,
    attrs: pd.DataFrame | None,
    min_area: float,
) -> list[Problem]:
    """Pairs of parcels whose interiors overlap by more than ``min_area`` square metres.

    One bulk STRtree query finds candidate pairs; a vectorised DE-9IM test keeps pairs whose interiors meet in 2-D
    (neighbours sharing an edge do not); the overlap area is computed for those only. Invalid or empty geometries are
    left out here (they are reported by :func:`check_geometries`).
    """
    usable = np.array([g is not None for g in geoms], dtype=bool)
    usable[usable] = shapely.is_valid(geoms[usable]) & ~shapely.is_empty(geoms[usable])
    idx = np.flatnonzero(usable)
    if idx.size < 2:
        return []
    geo = geoms[idx]
    tree = shapely.STRtree(geo)
    left, right = tree.query(geo, predicate="intersects")
    keep = left < right
    left, right = left[keep], right[keep]
    if left.size == 0:
        return []
    # neighbours sharing an edge are most pairs: the DE-9IM test over all of them in threads (no prepared geometry)
    inner = parallel.vectorized(shapely.relate_pattern, geo[left], geo[right], pattern="2********")
    left, right = left[inner], right[inner]
    overlap = shapely.intersection(geo[left], geo[right])
    areas = shapely.area(overlap)
    big = areas > min_area
    keys = _key_strings(attrs, fids, np.concatenate([fids[idx[left[big]]], fids[idx[right[big]]]]))
    problems = []
    for li, ri, ov, area in zip(left[big], right[big], overlap[big], areas[big]):
        fid, other = int(fids[idx[li]]), int(fids[idx[ri]])
        x, y = _anchor(ov)
        problems.append(
            make_problem(
                "PARCEL_OVERLAP", layer.name, feature_id=fid, x=x, y=y, other_fid=other, area=float(area),
                key=keys.get(fid, str(fid)), other_key=keys.get(other, str(other)),
            )
        )
    return problems


def _key_strings(attrs: pd.DataFrame | None, fids: np.ndarray, wanted: np.ndarray) -> dict[int, str]:
    """``office section parcel_no`` of the ``wanted`` features (by feature id; ``attrs`` rows are in ``fids``
    order), a column at a time."""
    if attrs is None or not all(k in attrs.columns for k in PARCEL_KEY) or not len(wanted):
        return {}
    position = pd.Series(np.arange(len(fids)), index=np.asarray(fids, dtype=np.int64))
    wanted = np.unique(np.asarray(wanted, dtype=np.int64))
    parts = attrs.iloc[position.loc[wanted].to_numpy()][list(PARCEL_KEY)].astype("string").fillna("?")
    joined = parts[PARCEL_KEY[0]].str.strip()
    for key in PARCEL_KEY[1:]:
        joined = joined + " " + parts[key].str.strip()
    return dict(zip(wanted.tolist(), joined.tolist()))


def check_indicator_layer(layer: LayerInfo, ruleset) -> list[Problem]:
    """An indicator layer's name must resolve to a known indicator (or a known context layer)."""
    match = ruleset.match_layer(layer.name)
    kind = getattr(match, "kind", None)
    problems: list[Problem] = []
    if kind == "unknown" or kind is None:
        closest = ruleset.closest_names(layer.name, 3)
        shown = "、".join(f"{alias}" for alias, _id, _score in closest) or "—"
        problems.append(make_problem("INDICATOR_UNKNOWN", layer.name, closest=shown))
    elif kind == "non_indicator":
        reason = getattr(getattr(match, "non_indicator", None), "reason", "") or ""
        problems.append(make_problem("INDICATOR_NOT_INDICATOR", layer.name, reason=reason))
    if layer.feature_count == 0:
        problems.append(make_problem("LAYER_EMPTY", layer.name))
    return problems


def summarize(problems: Sequence[Problem]) -> dict[str, int]:
    """Counts by severity, for the algorithm's numeric outputs."""
    errors = sum(1 for p in problems if p.is_error)
    return {"errors": errors, "warnings": len(problems) - errors, "total": len(problems)}


def default_tolerance(key: str) -> float:
    """The default of a technical tolerance, from ``core/rules/tolerances.yaml``."""
    import yaml  # local: only this helper needs it

    path = Path(__file__).resolve().parent / "rules" / "tolerances.yaml"
    with open(path, encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    return float(data["tolerances"][key]["value"])
