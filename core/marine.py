"""Marine turning points (轉折點), junction points (交界點) and circle centres (圓心點), numbered for the appendix.

RULES.md §5 (seed ``001_f01d2a00176af413.txt:1461-1530``, Q&A ``:2613-2631``) and DECISIONS.md Q4-Q6, Q15, Q32:

* every vertex of a non-round marine indicator area is a turning point (``:1471``);
* a round area (a circle, or the buffer of a point or of a short segment, as the reef layers publish them) is listed
  by its centre only, its number marked ``*`` (``:1472``);
* where two areas of different classes overlap, the crossings of their outlines are junction points, numbered once
  and listed again under every indicator that uses them (``:1473``, ``:1490``);
* points on the mean high tide line (``:1474``) or on an urban-plan boundary (``:2621``) are not listed;
* numbering runs class by class (海1-1 → 海1-2 → 海1-3 → 海2 → 海3, ``:1482``); inside a class either by outline
  traversal per indicator (the Taoyuan practice, default) or strictly west → east, north → south (Q4);
* the table lists one block per indicator (案名) with the remark on its first row (``:1488``, ``:1496-1509``);
* the planner may put the indicator instances of a class in another order by hand (Q4: ``order`` of
  :func:`number_points`, identifiers from :func:`instance_id`).

Everything numeric or worded comes from the rule set (``rules/marine.yaml`` and the ``marine_*`` switches) through
:class:`MarineSettings`. Pure Python: shapely 2 (vectorised), numpy, pandas; no QGIS import. Coordinates are planar
metres in the layers' projected CRS; the caller supplies the WGS84 transform.
"""
from __future__ import annotations

import dataclasses
import difflib
import math
from dataclasses import dataclass
from typing import Any, Callable, Mapping, Sequence

import numpy as np
import pandas as pd
import shapely

from .catalogue import class_name as _class_name
from .ruleset import IndicatorDef, LayerMatch, RuleSet

__all__ = [
    "POINT_FIELDS",
    "DROPPED_FIELDS",
    "FEATURE_COLUMNS",
    "MarineSettings",
    "MarineInputError",
    "MarineResult",
    "Cancelled",
    "marine_settings",
    "sea_classes",
    "features_from_layer",
    "instance_id",
    "parse_order",
    "round_fit",
    "number_points",
    "thin_labels",
    "print_scale",
]

#: Fields of the numbered point layer (one feature per table row). ASCII names: an API.
POINT_FIELDS = [
    ("number", "integer"),        # the point number (shared by every row of a junction point)
    ("label", "text"),            # number as printed: '12', '3*' for a centre
    ("point_type", "text"),       # 轉折點 / 交界點 / 圓心點
    ("class_code", "text"),       # MAR1_1 … MAR3 of the block
    ("class_name", "text"),       # 海洋資源地區第1類之1 …
    ("indicator_id", "text"),
    ("indicator_name", "text"),
    ("case_name", "text"),        # 案名
    ("block", "integer"),         # 1-based indicator block in table order
    ("row", "integer"),           # 1-based row of the appendix table
    ("sheet", "text"),            # 海洋資源地區-參考坐標I(WGS84) …
    ("remark", "text"),           # 備註 (first row of a block only)
    ("lon", "double"),            # WGS84 longitude (X 坐標), rounded to the table's decimals
    ("lat", "double"),            # WGS84 latitude (Y 坐標)
    ("x", "double"),              # projected (TWD97) coordinates of the geometry
    ("y", "double"),
    ("class_junction", "integer"),  # 1 when the point lies on areas of two or more classes (never thinned)
    ("label_visible", "integer"),   # 1 when the map shows this row's label (one label per number, thinned)
    ("rule_id", "text"),          # MAR-PT-TURN / MAR-PT-JUNC / MAR-PT-CENTRE
    ("reason", "text"),
    ("reason_en", "text"),
    ("layer", "text"),            # source layer and feature of the point
    ("feature_id", "integer"),
]

#: Fields of the layer of points that are not listed (on the mean high tide line, on an urban-plan boundary …).
DROPPED_FIELDS = [
    ("class_code", "text"),
    ("indicator_id", "text"),
    ("case_name", "text"),
    ("x", "double"),
    ("y", "double"),
    ("rule_id", "text"),
    ("reason", "text"),
    ("reason_en", "text"),
    ("layer", "text"),
    ("feature_id", "integer"),
]

#: Columns of the feature table :func:`number_points` takes (one row per input feature, aligned with ``geoms``).
FEATURE_COLUMNS = ("class_code", "indicator_id", "indicator_name", "case_name", "layer", "fid", "force_round")

# Why an input feature is not used (input messages, not rules): (Chinese, English), formatted with str.format.
_SKIP = {
    "no_geometry": ("圖徵沒有幾何，未使用。", "The feature has no geometry; not used."),
    "points": ("點圖徵無法判斷範圍，未使用；請提供面或線圖層。",
               "Point features have no extent; not used. Give polygons or lines."),
    "not_polygonal": ("修復後沒有面，未使用。", "Nothing polygonal is left after repair; not used."),
    "outside_sea": ("範圍位於海域管轄範圍（SEA_AREA）外，未使用。", "The area lies outside the sea area (SEA_AREA); not used."),
    "not_sea_class": ("分類「{value}」不是海洋資源地區分類，未使用。", "Class '{value}' is not a marine class; not used."),
    "filter": ("欄位 {field} 之值「{value}」不符指標「{indicator}」之篩選條件，未使用。",
               "Field {field} value '{value}' does not meet the filter of indicator '{indicator}'; not used."),
    "filter_group": ("欄位 {field} 之值「{value}」不屬此圖層任一海域指標，未使用。",
                     "Field {field} value '{value}' matches no marine indicator of this layer; not used."),
}


class MarineInputError(ValueError):
    """An input that cannot be used; ``message_zh`` / ``message_en`` say which layer and what to do."""

    def __init__(self, message_zh: str, message_en: str):
        super().__init__(message_en)
        self.message_zh = message_zh
        self.message_en = message_en


class Cancelled(Exception):
    """Raised when the ``cancelled`` callback of :func:`number_points` returns True."""


# ================================================================================================================
# Settings (from the rule set)
# ================================================================================================================
@dataclass(frozen=True)
class MarineSettings:
    """Everything the numbering and the appendix read from the rule set, after the algorithm's overrides."""

    class_order: tuple[str, ...]
    class_names: Mapping[str, str]
    mode: str
    direction: str
    start: int
    decimals: int
    remark_templates: Mapping[str, tuple[str, str]]  # class → (template with case, template without case)
    centre_template: str
    centre_suffix: str
    point_types: Mapping[str, str]
    rules: Mapping[str, Mapping[str, str]]
    round_min_vertices: int
    round_max_deviation: float
    round_max_axis_ratio: float
    force_true: tuple[str, ...]
    force_false: tuple[str, ...]
    corridor_half_width: float
    corridor_cap: str
    corridor_join: str
    corridor_mitre_limit: float
    on_line_tolerance: float
    merge_tolerance: float
    overlap_min_area: float
    junctions_between: str
    junctions_with_round: bool
    case_fields: tuple[str, ...]
    label_spacing_cm: float
    frame_mm: tuple[float, float]
    scale_steps: tuple[float, ...]
    max_scale_denominator: float
    dpi: int
    list_thinned: bool
    # appendix table
    columns: tuple[str, ...]
    sheet_title: str
    csv_sheet_column: str
    reader_columns: Mapping[str, tuple[str, ...]]
    rows_first_sheet: int
    rows_per_sheet: int
    same_tolerance_m: float
    move_tolerance_m: float
    status_names: Mapping[str, str]

    def replace(self, **changes: Any) -> MarineSettings:
        """A copy with some values changed (an algorithm's parameters); ``None`` values are ignored."""
        return dataclasses.replace(self, **{k: v for k, v in changes.items() if v is not None})


def marine_settings(rs: RuleSet, **overrides: Any) -> MarineSettings:
    """Read ``rs.marine`` (rules/marine.yaml) and the ``marine_*`` switches into :class:`MarineSettings`."""
    m = rs.marine
    order = tuple(m["class_order"]["value"])
    templates = {}
    for code, spec in m["remarks"].items():
        if spec.get("switch") and rs.switch(spec["switch"]):
            templates[code] = (spec["template_switched"], spec["template_switched"])
        else:
            templates[code] = (spec["template"], spec["template_no_case"])
    rt, cor, tol, jun, mp, tab, cmp_ = (m["round_test"], m["corridor"], m["tolerances"], m["junctions"], m["map"],
                                        m["table"], m["compare"])
    settings = MarineSettings(
        class_order=order,
        class_names={code: _class_name(code, "appendix", rs) for code in order},
        mode=rs.switch("marine_numbering_mode"),
        direction=rs.switch("marine_traversal_direction"),
        start=int(rs.switch("marine_numbering_start")),
        decimals=int(rs.switch("marine_coordinate_decimals")),
        remark_templates=templates,
        centre_template=m["centre"]["template"],
        centre_suffix=m["centre"]["label_suffix"],
        point_types=dict(m["point_types"]),
        rules={k: dict(v) for k, v in m["rules"].items()},
        round_min_vertices=int(rt["min_vertices"]),
        round_max_deviation=float(rt["max_deviation_ratio"]),
        round_max_axis_ratio=float(rt["max_axis_ratio"]),
        force_true=tuple(str(v).casefold() for v in rt["force_true"]),
        force_false=tuple(str(v).casefold() for v in rt["force_false"]),
        corridor_half_width=float(cor["half_width"]),
        corridor_cap=cor["cap_style"],
        corridor_join=cor["join_style"],
        corridor_mitre_limit=float(cor["mitre_limit"]),
        on_line_tolerance=float(tol["on_line"]),
        merge_tolerance=float(tol["merge"]),
        overlap_min_area=float(tol["overlap_min_area"]),
        junctions_between=jun["between"],
        junctions_with_round=bool(jun["with_round_areas"]),
        case_fields=tuple(m["case_fields"]),
        label_spacing_cm=float(mp["label_spacing_cm"]),
        frame_mm=(float(mp["frame_mm"][0]), float(mp["frame_mm"][1])),
        scale_steps=tuple(float(s) for s in mp["scale_steps"]),
        max_scale_denominator=float(rs.threshold("marine_map_scale_max_denominator").value),
        dpi=int(mp["dpi"]),
        list_thinned=bool(rs.switch("marine_list_thinned_points")),
        columns=tuple(tab["columns"]),
        sheet_title=tab["sheet_title"],
        csv_sheet_column=tab["csv_sheet_column"],
        reader_columns={k: tuple(v) for k, v in tab["reader_columns"].items()},
        rows_first_sheet=int(rs.switch("marine_rows_first_sheet")),
        rows_per_sheet=int(rs.switch("marine_rows_per_sheet")),
        same_tolerance_m=float(cmp_["same_tolerance_m"]),
        move_tolerance_m=float(cmp_["move_tolerance_m"]),
        status_names=dict(cmp_["status_names"]),
    )
    return settings.replace(**overrides)


def sea_classes(rs: RuleSet) -> tuple[str, ...]:
    """The marine class codes (side ``sea``) in canonical order."""
    return tuple(c.code for c in rs.classes if c.side == "sea")


# ================================================================================================================
# Input features: which class / indicator / case each feature of a layer stands for
# ================================================================================================================
def _text(value: Any) -> str:
    """A trimmed string ('' for None / NaN); real layers pad their strings (DBF heritage)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value).strip()


def _coalesce_text(attrs: pd.DataFrame, names: Sequence[str]) -> pd.Series:
    """Per row, the first non-empty value among the columns ``names`` present in ``attrs``."""
    out = pd.Series([""] * len(attrs), index=attrs.index, dtype=object)
    for name in names:
        if name not in attrs.columns:
            continue
        values = attrs[name].map(_text)
        out = out.where(out != "", values)
    return out


def _force_round(attrs: pd.DataFrame, round_field: str | None, settings: MarineSettings) -> pd.Series:
    """True / False where the ROUND_FIELD value forces the round test's answer, None elsewhere."""
    out = pd.Series([None] * len(attrs), index=attrs.index, dtype=object)
    if not round_field or round_field not in attrs.columns:
        return out
    values = attrs[round_field].map(lambda v: _text(v).casefold())
    out[values.isin(settings.force_true)] = True
    out[values.isin(settings.force_false)] = False
    return out


def _filter_mask(attrs: pd.DataFrame, step) -> tuple[pd.Series | None, str | None]:
    """Apply an ``attribute_filter`` step: (mask, field used); (None, None) when the layer has none of its fields."""
    fields = [f for f in step.params["fields"] if f in attrs.columns]
    if not fields:
        return None, None
    field = fields[0]
    values = attrs[field].map(_text)
    wanted = [str(v).strip() for v in step.params["values"]]
    how = step.params.get("match", "exact")
    if how == "contains":
        mask = values.map(lambda v: any(w in v for w in wanted))
    elif how == "prefix":
        mask = values.map(lambda v: any(v.startswith(w) for w in wanted))
    else:
        mask = values.isin(wanted)
    return mask.astype(bool), field


def _sea_indicators(match: LayerMatch) -> list[IndicatorDef]:
    return [ind for ind in match.indicators if ind.targets.get("sea")]


def features_from_layer(
    layer_name: str,
    attrs: pd.DataFrame,
    rs: RuleSet,
    settings: MarineSettings,
    class_field: str | None = None,
    case_field: str | None = None,
    round_field: str | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame, list[tuple[str, str]]]:
    """The feature table (``FEATURE_COLUMNS``, index = feature ids) of one input layer, the features not used
    (layer, fid, reason, reason_en) and notes ``(zh, en)`` on the layer as a whole.

    A layer is either recognised by its name as a marine indicator (the alias dictionary of the rule set, as
    ``validateinputs`` and ``delineateclasses`` do; a shared layer such as 漁業權範圍 is split by the indicators'
    attribute filters), or carries a class per feature in ``class_field`` (e.g. ``class_code`` of the candidate
    areas), with ``indicator_id`` / ``indicator_name`` / ``case_name`` fields when it has them. Raises
    :class:`MarineInputError` for a layer that is neither.
    """
    index = attrs.index
    case = (_coalesce_text(attrs, [case_field]) if case_field else _coalesce_text(attrs, settings.case_fields))
    forced = _force_round(attrs, round_field, settings)
    skipped: list[tuple[Any, str, str]] = []
    marine = set(sea_classes(rs))
    if class_field and class_field in attrs.columns:
        codes = attrs[class_field].map(lambda v: rs.resolve_class(_text(v)) if _text(v) else None)
        ok = codes.isin(marine)
        for fid in index[~ok]:
            value = _text(attrs.at[fid, class_field])
            skipped.append((fid, *[t.format(value=value) for t in _SKIP["not_sea_class"]]))
        ids = (attrs["indicator_id"].map(_text) if "indicator_id" in attrs.columns
               else pd.Series([""] * len(attrs), index=index))
        known = {i.id: i.name for i in rs.indicators}
        if "indicator_name" in attrs.columns:
            names = attrs["indicator_name"].map(_text)
        else:
            names = ids.map(lambda i: known.get(i, ""))
        table = pd.DataFrame({
            "class_code": codes, "indicator_id": ids, "indicator_name": names, "case_name": case,
            "layer": layer_name, "fid": index, "force_round": forced,
        }, index=index)[ok]
        return table, _skipped_frame(layer_name, skipped), []

    match = rs.match_layer(layer_name)
    indicators = _sea_indicators(match) if match.kind == "indicator" else []
    if not indicators:
        near = ", ".join(alias for alias, _key, _score in rs.closest_names(layer_name))
        if class_field:
            zh_field = f"，也沒有分類欄位「{class_field}」"
            en_field = f" and has no class field '{class_field}'"
        else:
            zh_field = en_field = ""
        raise MarineInputError(
            f"圖層「{layer_name}」不是海洋資源地區劃設參考指標{zh_field}。請將圖層命名為指標名稱（例如 人工魚礁區及保護礁區），"
            f"或指定分類欄位。最接近的名稱：{near}",
            f"Layer '{layer_name}' is not a marine indicator{en_field}. Name the layer after its indicator (e.g. "
            f"人工魚礁區及保護礁區) or give the class field. Closest names: {near}",
        )
    assigned = pd.Series([None] * len(attrs), index=index, dtype=object)
    last_field = None
    notes: list[tuple[str, str]] = []
    for ind in indicators:
        mask = pd.Series(True, index=index)
        for step in ind.method:
            if step.type == "attribute_filter" and step.applies(rs, "sea"):
                step_mask, used = _filter_mask(attrs, step)
                if step_mask is not None:
                    mask &= step_mask
                    last_field = used
                else:
                    fields = "/".join(step.params["fields"])
                    notes.append((f"圖層「{layer_name}」無欄位 {fields}，「{ind.name}」未能篩選，採全部圖徵。",
                                  f"Layer '{layer_name}' has none of the fields {fields}: {ind.name} cannot be "
                                  f"filtered; every feature is used."))
        assigned = assigned.where(assigned.notna(), pd.Series(np.where(mask, ind.id, None), index=index))
    missing = assigned.isna()
    for fid in index[missing]:
        value = _text(attrs.at[fid, last_field]) if last_field else ""
        if len(indicators) == 1:
            msg = [t.format(field=last_field, value=value, indicator=indicators[0].name) for t in _SKIP["filter"]]
        else:
            msg = [t.format(field=last_field, value=value) for t in _SKIP["filter_group"]]
        skipped.append((fid, *msg))
    by_id = {ind.id: ind for ind in indicators}
    kept = assigned[~missing]
    table = pd.DataFrame({
        "class_code": kept.map(lambda i: by_id[i].targets["sea"][0]),
        "indicator_id": kept,
        "indicator_name": kept.map(lambda i: by_id[i].name),
        "case_name": case[~missing],
        "layer": layer_name,
        "fid": kept.index,
        "force_round": forced[~missing],
    }, index=kept.index)
    return table, _skipped_frame(layer_name, skipped), notes


def _skipped_frame(layer: str, rows: list[tuple[Any, str, str]]) -> pd.DataFrame:
    return pd.DataFrame(
        {"layer": [layer] * len(rows), "fid": [r[0] for r in rows], "reason": [r[1] for r in rows],
         "reason_en": [r[2] for r in rows]},
        columns=["layer", "fid", "reason", "reason_en"],
    )


# ================================================================================================================
# Round areas (圓形面狀, 001_f01d2a00176af413.txt:1472)
# ================================================================================================================
def _shoelace(x: np.ndarray, y: np.ndarray, ring: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Area and area centroid of closed rings given as vertex arrays (closing vertex included), per ring id.
    Computed relative to each ring's first vertex (projected coordinates are large: no cancellation)."""
    first = np.r_[True, ring[1:] != ring[:-1]]
    x0, y0 = np.zeros(n), np.zeros(n)
    x0[ring[first]], y0[ring[first]] = x[first], y[first]
    x, y = x - x0[ring], y - y0[ring]
    same = np.r_[ring[1:] == ring[:-1], False]
    x1, y1 = np.r_[x[1:], 0.0], np.r_[y[1:], 0.0]
    cross = np.where(same, x * y1 - x1 * y, 0.0)
    area = np.bincount(ring, cross, n) / 2.0
    with np.errstate(invalid="ignore", divide="ignore"):
        cx = np.bincount(ring, np.where(same, (x + x1) * cross, 0.0), n) / (6.0 * area)
        cy = np.bincount(ring, np.where(same, (y + y1) * cross, 0.0), n) / (6.0 * area)
    return np.abs(area), cx + x0, cy + y0


def round_fit(polygons: np.ndarray, settings: MarineSettings) -> pd.DataFrame:
    """Fit each polygon's outline with the buffer of a segment (a circle when the segment has length 0).

    Plain numpy on the exterior vertices (no GEOS call, so the answer is the same in every QGIS): centre = the
    area centroid (the circle's centre / the segment's midpoint for these shapes); axis = the principal axis of the
    vertices; radius = half the extent across the axis; segment length = extent along the axis − 2 × radius.
    ``deviation`` = the larger of (the farthest vertex from the fitted outline / radius) and |area / fitted area −
    1|. Returns per polygon ``radius``, ``axis_ratio`` (segment length / radius), ``deviation``, ``vertices``,
    ``holes``, ``centre_x``, ``centre_y`` and ``is_round`` (the ``round_test`` of ``rules/marine.yaml``).
    """
    n = len(polygons)
    cols = ["radius", "axis_ratio", "deviation", "vertices", "holes", "centre_x", "centre_y", "is_round"]
    if n == 0:
        return pd.DataFrame(columns=cols)
    coords, ring = shapely.get_coordinates(shapely.get_exterior_ring(polygons), return_index=True)
    x, y = coords[:, 0], coords[:, 1]
    area, cx, cy = _shoelace(x, y, ring, n)
    last = np.r_[ring[1:] != ring[:-1], True]
    x, y, ring = x[~last], y[~last], ring[~last]
    vertices = np.bincount(ring, minlength=n)
    dx, dy = x - cx[ring], y - cy[ring]
    sxx, syy, sxy = (np.bincount(ring, v, n) for v in (dx * dx, dy * dy, dx * dy))
    theta = 0.5 * np.arctan2(2.0 * sxy, sxx - syy)
    cos, sin = np.cos(theta)[ring], np.sin(theta)[ring]
    u, v = dx * cos + dy * sin, -dx * sin + dy * cos
    frame = pd.DataFrame({"ring": ring, "u": u, "v": v}).groupby("ring")
    lo, hi = frame.min().reindex(range(n)), frame.max().reindex(range(n))
    long_side = (hi["u"] - lo["u"]).to_numpy(float)
    short_side = (hi["v"] - lo["v"]).to_numpy(float)
    radius = short_side / 2.0
    length = np.maximum(long_side - short_side, 0.0)
    mid_u = ((hi["u"] + lo["u"]) / 2.0).to_numpy(float)
    mid_v = ((hi["v"] + lo["v"]) / 2.0).to_numpy(float)
    along = np.clip(u - mid_u[ring], -length[ring] / 2.0, length[ring] / 2.0)
    dist = np.hypot(u - mid_u[ring] - along, v - mid_v[ring])
    with np.errstate(invalid="ignore", divide="ignore"):
        off = np.abs(dist - radius[ring]) / radius[ring]
        vertex_dev = pd.Series(off).groupby(ring).max().reindex(range(n)).to_numpy(float)
        area_dev = np.abs(area / (np.pi * radius ** 2 + 2.0 * radius * length) - 1.0)
        axis_ratio = np.where(radius > 0, length / radius, np.inf)
    deviation = np.where(radius > 0, np.fmax(vertex_dev, area_dev), np.inf)
    holes = shapely.get_num_interior_rings(polygons)
    is_round = (
        (radius > 0)
        & (holes == 0)
        & (vertices >= settings.round_min_vertices)
        & (deviation <= settings.round_max_deviation)
        & (axis_ratio <= settings.round_max_axis_ratio)
    )
    return pd.DataFrame({
        "radius": radius, "axis_ratio": axis_ratio, "deviation": deviation, "vertices": vertices, "holes": holes,
        "centre_x": cx, "centre_y": cy, "is_round": is_round,
    })


# ================================================================================================================
# Geometry preparation: corridors for lines, repair, parts, round test, clip to the sea area
# ================================================================================================================
_POLYGONAL = (3, 6)
_LINEAL = (1, 2, 5)
_PUNTAL = (0, 4)


def _polygon_parts(geoms: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Single polygons of each geometry (collections flattened, non-polygons dropped) and the input index of each."""
    parts, index = shapely.get_parts(geoms, return_index=True)
    while True:
        multi = np.isin(shapely.get_type_id(parts), (6, 7))
        if not multi.any():
            break
        sub, sub_index = shapely.get_parts(parts[multi], return_index=True)
        parts = np.concatenate([parts[~multi], sub])
        index = np.concatenate([index[~multi], index[multi][sub_index]])
    keep = (shapely.get_type_id(parts) == 3) & ~shapely.is_empty(parts)
    order = np.argsort(index[keep], kind="stable")
    return parts[keep][order], index[keep][order]


def _corridor(lines: np.ndarray, settings: MarineSettings) -> np.ndarray:
    """The corridor of line indicators (海底電纜或管道設置範圍-纜線): buffer with the rule set's width and styles."""
    return shapely.buffer(
        lines, settings.corridor_half_width, cap_style=settings.corridor_cap, join_style=settings.corridor_join,
        mitre_limit=settings.corridor_mitre_limit,
    )


@dataclass
class _Pieces:
    geoms: np.ndarray        # single polygons (round ones unclipped; the others clipped to the sea area)
    feature: np.ndarray      # row of the feature table
    is_round: np.ndarray
    centre: np.ndarray       # (n, 2)
    fit: pd.DataFrame        # round_fit of each piece


def _prepare(features: pd.DataFrame, geoms: np.ndarray, sea, settings: MarineSettings, skip) -> _Pieces:
    """Corridors, repairs, parts, round test and sea clip; every feature left out is reported through ``skip``."""
    geoms = np.asarray(geoms, dtype=object)
    n = len(geoms)
    types = shapely.get_type_id(geoms)
    empty = (types < 0) | shapely.is_empty(geoms)
    types = np.where(empty, -1, types)
    for i in np.flatnonzero(empty):
        skip(i, "no_geometry")
    for i in np.flatnonzero(np.isin(types, _PUNTAL)):
        skip(i, "points")
    work = np.empty(n, dtype=object)
    lineal = np.isin(types, _LINEAL)
    if lineal.any():
        work[lineal] = _corridor(geoms[lineal], settings)
    polygonal = np.isin(types, _POLYGONAL + (7,))
    if polygonal.any():
        g = geoms[polygonal]
        bad = ~shapely.is_valid(g)
        if bad.any():
            g = g.copy()
            g[bad] = shapely.make_valid(g[bad])
        work[polygonal] = g
    used = lineal | polygonal
    parts, part_feature = _polygon_parts(work[used])
    part_feature = np.flatnonzero(used)[part_feature]
    for i in np.setdiff1d(np.flatnonzero(used), part_feature):
        skip(i, "not_polygonal")
    fit = round_fit(parts, settings)
    forced = features["force_round"].to_numpy(dtype=object)[part_feature]
    is_round = np.where(pd.isna(forced), fit["is_round"].to_numpy(dtype=bool), forced == True)  # noqa: E712
    is_round &= ~lineal[part_feature]
    centre = fit[["centre_x", "centre_y"]].to_numpy(dtype=float)
    if sea is not None:
        plain_idx = np.flatnonzero(~is_round)
        sub, k = _polygon_parts(shapely.intersection(parts[plain_idx], sea))
        src = np.concatenate([plain_idx[k], np.flatnonzero(is_round)])
        new_geoms = np.concatenate([sub, parts[is_round]])
        order = np.argsort(src, kind="stable")
        src, new_geoms = src[order], new_geoms[order]
        for i in np.setdiff1d(np.unique(part_feature), part_feature[src]):
            skip(i, "outside_sea")
        parts, part_feature = new_geoms, part_feature[src]
        is_round, centre = is_round[src], centre[src]
        fit = fit.iloc[src].reset_index(drop=True)
    return _Pieces(parts, part_feature, is_round, centre, fit)


# ================================================================================================================
# Points of the outlines: vertices and junction points in outline order
# ================================================================================================================
def _rings(polygons: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every ring of the polygons: (rings, polygon index, ring number: 0 = exterior, 1… = holes)."""
    rings = [shapely.get_exterior_ring(polygons)]
    owner = [np.arange(len(polygons))]
    number = [np.zeros(len(polygons), dtype=int)]
    holes = shapely.get_num_interior_rings(polygons) if len(polygons) else np.zeros(0, dtype=int)
    for k in range(int(holes.max()) if len(holes) else 0):
        has = np.flatnonzero(holes > k)
        rings.append(shapely.get_interior_ring(polygons[has], k))
        owner.append(has)
        number.append(np.full(len(has), k + 1))
    return np.concatenate(rings), np.concatenate(owner), np.concatenate(number)


def _vertices(rings: np.ndarray) -> pd.DataFrame:
    """The vertices of each ring without the closing one and without repeats, with their distance along the ring."""
    coords, ring = shapely.get_coordinates(rings, return_index=True)
    if len(coords) == 0:
        return pd.DataFrame({"ring": np.zeros(0, int), "x": [], "y": [], "pos": []})
    step = np.r_[0.0, np.hypot(*np.diff(coords, axis=0).T)]
    first = np.r_[True, ring[1:] != ring[:-1]]
    step[first] = 0.0
    cum = np.cumsum(step)
    pos = cum - cum[first][np.cumsum(first) - 1]
    last = np.r_[ring[1:] != ring[:-1], True]
    keep = ~last & ~((step == 0.0) & ~first)
    return pd.DataFrame({"ring": ring[keep], "x": coords[keep, 0], "y": coords[keep, 1], "pos": pos[keep]})


def _junction_key(features: pd.DataFrame, between: str) -> np.ndarray:
    """What must differ between two overlapping areas for their crossings to be junction points."""
    if between == "classes":
        return features["class_code"].to_numpy(dtype=object)
    if between == "indicators":
        ids = features["indicator_id"].astype(str)
        return ids.where(ids != "", features["indicator_name"].astype(str)).to_numpy(dtype=object)
    if "feature" in features.columns:
        return features["feature"].to_numpy().astype(object)
    return np.arange(len(features)).astype(object)


def _junction_points(pieces: _Pieces, features: pd.DataFrame, rings: np.ndarray, ring_piece: np.ndarray,
                     settings: MarineSettings) -> pd.DataFrame:
    """Crossings of the outlines of overlapping areas (001_f01d2a00176af413.txt:1473), placed on the rings of the
    non-round pieces they lie on, with their distance along each ring."""
    empty = pd.DataFrame({"ring": np.zeros(0, int), "x": [], "y": [], "pos": [], "cross_class": np.zeros(0, bool)})
    use = ~pieces.is_round | settings.junctions_with_round
    idx = np.flatnonzero(use)
    if len(idx) < 2 or len(rings) == 0:
        return empty
    tree = shapely.STRtree(pieces.geoms[idx])
    left, right = tree.query(pieces.geoms[idx], predicate="intersects")
    a, b = idx[left], idx[right]
    key = _junction_key(features, settings.junctions_between)
    fa, fb = pieces.feature[a], pieces.feature[b]
    keep = (a < b) & (fa != fb) & (key[fa] != key[fb]) & ~(pieces.is_round[a] & pieces.is_round[b])
    a, b = a[keep], b[keep]
    if len(a) == 0:
        return empty
    overlap = shapely.area(shapely.intersection(pieces.geoms[a], pieces.geoms[b]))
    keep = overlap > settings.overlap_min_area
    a, b = a[keep], b[keep]
    if len(a) == 0:
        return empty
    cross = shapely.intersection(shapely.boundary(pieces.geoms[a]), shapely.boundary(pieces.geoms[b]))
    coords, pair = shapely.get_coordinates(cross, return_index=True)
    if len(coords) == 0:
        return empty
    points = shapely.points(coords)
    ring_tree = shapely.STRtree(rings)
    pt, ring = ring_tree.query(points, predicate="dwithin", distance=settings.merge_tolerance)
    owner = ring_piece[ring]
    on_own = ((owner == a[pair[pt]]) | (owner == b[pair[pt]])) & ~pieces.is_round[owner]
    pt, ring = pt[on_own], ring[on_own]
    pos = shapely.line_locate_point(rings[ring], points[pt])
    classes = features["class_code"].to_numpy(dtype=object)
    cross = classes[pieces.feature[a[pair[pt]]]] != classes[pieces.feature[b[pair[pt]]]]
    out = pd.DataFrame({"ring": ring, "x": coords[pt, 0], "y": coords[pt, 1], "pos": pos, "cross_class": cross})
    return out.drop_duplicates(["ring", "x", "y"])


def _on_lines(x: np.ndarray, y: np.ndarray, lines, tolerance: float) -> np.ndarray:
    """Whether each point lies within ``tolerance`` of ``lines`` (one prepared geometry, or None)."""
    if lines is None or shapely.is_empty(lines) or len(x) == 0:
        return np.zeros(len(x), dtype=bool)
    shapely.prepare(lines)
    return shapely.dwithin(shapely.points(x, y), lines, tolerance)


def _clusters(x: np.ndarray, y: np.ndarray, tolerance: float) -> np.ndarray:
    """Cluster id per point: points within ``tolerance`` of each other (transitively) are one point."""
    n = len(x)
    labels = np.arange(n)
    if n == 0:
        return labels
    points = shapely.points(x, y)
    left, right = shapely.STRtree(points).query(points, predicate="dwithin", distance=tolerance)
    keep = left != right
    left, right = left[keep], right[keep]
    while len(left):
        low = np.minimum(labels[left], labels[right])
        new = labels.copy()
        np.minimum.at(new, left, low)
        np.minimum.at(new, right, low)
        new = new[new]
        if np.array_equal(new, labels):
            break
        labels = new
    return np.unique(labels, return_inverse=True)[1]


# ================================================================================================================
# Numbering and the table rows
# ================================================================================================================
@dataclass
class MarineResult:
    """Output of :func:`number_points`.

    ``rows``: one row per table row, in table order (``POINT_FIELDS`` except ``sheet``); ``dropped``: points not
    listed (``DROPPED_FIELDS``); ``skipped``: input features not used (layer, fid, reason, reason_en); ``pieces``:
    one row per polygon part as numbered (feature row, round-test numbers, is_round, geometry: corridors built,
    clipped to the sea area except round parts); ``stats``: counts.
    """

    rows: pd.DataFrame
    dropped: pd.DataFrame
    skipped: pd.DataFrame
    pieces: pd.DataFrame
    stats: dict


#: Separates the indicator (id, or class code) from the case name in an instance identifier.
INSTANCE_SEPARATOR = ":"


def instance_id(indicator_id: Any, class_code: Any, case_name: Any) -> str:
    """The identifier of an indicator instance (one block of the appendix: an indicator and a case name), as the
    ``order`` of :func:`number_points` takes it: ``indicator_id:case_name`` (``port_area:示範漁港``), or the bare
    ``indicator_id`` when the instance has no case name. Features that carry only a class (CLASS_FIELD, no
    ``indicator_id``) are named by their class code instead (``MAR2:乙航道``)."""
    key = _text(indicator_id) or _text(class_code)
    case = _text(case_name)
    return f"{key}{INSTANCE_SEPARATOR}{case}" if case else key


def parse_order(value: Any) -> tuple[str, ...]:
    """The entries of an ``order`` given as text (one per line, or separated by ``;``) or as a list; blanks
    dropped, each entry trimmed."""
    if value is None:
        return ()
    if isinstance(value, str):
        items = value.replace(";", "\n").splitlines()
    else:
        items = [_text(v) for v in value]
    return tuple(t for t in (i.strip() for i in items) if t)


def _order_ranks(features: pd.DataFrame, order: Sequence[str]) -> np.ndarray:
    """Per feature row: the position in ``order`` of its instance (``indicator:case`` entry), else of its indicator
    (a bare ``indicator`` entry covers every instance of it not listed by name), else ``len(order)`` (not listed:
    after the listed ones, in the default order). Raises :class:`MarineInputError` naming an entry that matches no
    input feature, or an entry given twice."""
    keys = [_text(i) or _text(c) for i, c in zip(features["indicator_id"], features["class_code"])]
    ids = [instance_id(i, c, n) for i, c, n in zip(features["indicator_id"], features["class_code"],
                                                    features["case_name"])]
    known = set(ids) | set(keys)
    position: dict[str, int] = {}
    for k, entry in enumerate(order):
        if entry in position:
            raise MarineInputError(
                f"編號順序（ORDER）中「{entry}」重複列出；每個指標案件只能列一次。",
                f"The numbering order (ORDER) lists '{entry}' twice; list each indicator instance once.",
            )
        if entry not in known:
            listed = list(dict.fromkeys(ids))
            near = difflib.get_close_matches(entry, listed + sorted(set(keys)), n=3, cutoff=0.5)
            shown = "; ".join(listed[:30]) + (" …" if len(listed) > 30 else "")
            hint_zh = f"最接近：{'; '.join(near)}。" if near else ""
            hint_en = f"Closest: {'; '.join(near)}. " if near else ""
            raise MarineInputError(
                f"編號順序（ORDER）中的「{entry}」不是輸入圖層的指標案件。{hint_zh}請使用「指標代碼:案名」或「指標代碼」，"
                f"可用的指標案件：{shown}",
                f"The numbering order (ORDER) names '{entry}', which is no indicator instance of the input layers. "
                f"{hint_en}Use 'indicator_id:case_name' or 'indicator_id'; the instances are: {shown}",
            )
        position[entry] = k
    unlisted = len(order)
    return np.array([position.get(i, position.get(k, unlisted)) for i, k in zip(ids, keys)], dtype=int)


def _first_west(df: pd.DataFrame, key: str) -> pd.DataFrame:
    """Per group of ``key``: the westernmost point (x ascending, ties: y descending) as columns wx, wy."""
    first = df.sort_values(["x", "y"], ascending=[True, False], kind="mergesort").groupby(key, sort=False).first()
    return first[["x", "y"]].rename(columns={"x": "wx", "y": "wy"})


def _traversal_sequence(pts: pd.DataFrame, ring_ccw: np.ndarray, clockwise: bool) -> np.ndarray:
    """Position of each point in its ring's outline order (clockwise or not), starting at the westernmost (then
    northernmost) listed point of the ring (DECISIONS.md Q4)."""
    ring = pts["ring"].to_numpy()
    flip = ring_ccw[ring] if clockwise else ~ring_ccw[ring]
    along = np.where(flip, -pts["pos"].to_numpy(), pts["pos"].to_numpy())
    order = np.lexsort((along, ring))
    rank = np.empty(len(pts), dtype=int)
    ring_sorted = ring[order]
    starts = np.r_[0, np.flatnonzero(ring_sorted[1:] != ring_sorted[:-1]) + 1]
    group_start = np.repeat(starts, np.diff(np.r_[starts, len(order)]))
    rank[order] = np.arange(len(order)) - group_start
    size = np.bincount(ring, minlength=ring.max() + 1 if len(ring) else 0)
    west = pts.assign(rank=rank).sort_values(["x", "y"], ascending=[True, False], kind="mergesort")
    start = west.groupby("ring", sort=False)["rank"].first()
    return (rank - start.reindex(ring).to_numpy()) % size[ring]


def number_points(
    features: pd.DataFrame,
    geoms: np.ndarray,
    settings: MarineSettings,
    mht=None,
    urban=None,
    sea=None,
    to_wgs84: Callable[[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]] | None = None,
    cancelled: Callable[[], bool] | None = None,
    order: Sequence[str] | str | None = None,
) -> MarineResult:
    """Number the turning points, junction points and centres of the marine indicator areas.

    ``features``: one row per feature (``FEATURE_COLUMNS``), aligned with ``geoms`` (polygons; lines become a
    corridor). ``mht``: the mean high tide line (one lineal geometry or an array of lines); ``urban``: urban-plan
    areas (their boundaries are used); ``sea``: the county sea area, to which the areas are clipped (optional).
    ``to_wgs84(x, y) -> (lon, lat)`` converts the projected coordinates; without it lon/lat stay NaN.
    ``order``: the planner's order of the indicator instances (DECISIONS.md Q4, "reorder instances by hand"):
    identifiers of :func:`instance_id` (or bare indicator ids, covering every instance of the indicator), as a
    list or as text for :func:`parse_order`. Classes stay in the rule set's order; inside a class the listed
    instances come first in the order given, the others after them in the default order (westernmost point).
    Traversal numbering follows the table order; strict numbering keeps numbering by coordinates and only the
    blocks of the table follow ``order``. Empty or None: the default order. Raises :class:`MarineInputError` for
    an entry that names no instance of ``features``.
    """
    features = features.reset_index(drop=True)
    features["fid"] = pd.to_numeric(features["fid"]).astype("int64")
    order = parse_order(order)
    ranks = _order_ranks(features, order) if order else None
    skipped_rows: list[tuple[str, Any, str, str]] = []

    def skip(i: int, code: str) -> None:
        zh, en = _SKIP[code]
        skipped_rows.append((features.at[i, "layer"], features.at[i, "fid"], zh, en))

    def check() -> None:
        if cancelled is not None and cancelled():
            raise Cancelled()

    sea_geom = _union(sea, polygonal=True)
    pieces = _prepare(features, geoms, sea_geom, settings, skip)
    check()
    plain = np.flatnonzero(~pieces.is_round)
    rings, ring_owner, ring_no = _rings(pieces.geoms[plain])
    ring_piece = plain[ring_owner]
    pts = _vertices(rings).assign(kind="vertex", cross_class=False)
    junctions = _junction_points(pieces, features, rings, ring_piece, settings).assign(kind="junction")
    check()
    pts = pd.concat([pts, junctions], ignore_index=True)
    pts["piece"] = ring_piece[pts["ring"].to_numpy()] if len(pts) else np.zeros(0, int)
    centres = np.flatnonzero(pieces.is_round)
    cen = pd.DataFrame({"ring": -1, "x": pieces.centre[centres, 0], "y": pieces.centre[centres, 1], "pos": 0.0,
                        "kind": "centre", "cross_class": False, "piece": centres})
    pts = pd.concat([pts, cen], ignore_index=True)
    pts["feature"] = pieces.feature[pts["piece"].to_numpy()]

    # points that are not listed: on the mean high tide line or an urban-plan boundary (vertices and junctions),
    # centres outside the sea area
    x, y = pts["x"].to_numpy(float), pts["y"].to_numpy(float)
    outline = (pts["kind"] != "centre").to_numpy()
    tol = settings.on_line_tolerance
    on_mht = outline & _on_lines(x, y, _union(mht), tol)
    urban_lines = _union(urban, polygonal=True)
    urban_lines = None if urban_lines is None else shapely.boundary(urban_lines)
    on_urban = outline & ~on_mht & _on_lines(x, y, urban_lines, tol)
    outside = np.zeros(len(pts), dtype=bool)
    if sea_geom is not None:
        shapely.prepare(sea_geom)
        outside = ~outline & ~shapely.intersects(sea_geom, shapely.points(x, y))
    drop_rule = np.select([on_mht, on_urban, outside], ["MAR-PT-MHT", "MAR-PT-URBAN", "MAR-PT-OUTSIDE"], "")
    dropped = pts[drop_rule != ""].assign(rule_id=drop_rule[drop_rule != ""])
    pts = pts[drop_rule == ""].reset_index(drop=True)
    check()

    # one number per point: clusters of coincident points
    pts["cluster"] = _clusters(pts["x"].to_numpy(float), pts["y"].to_numpy(float), settings.merge_tolerance)
    feat = features.iloc[pts["feature"].to_numpy()].reset_index(drop=True)
    for col in ("class_code", "indicator_id", "indicator_name", "case_name", "layer", "fid"):
        pts[col] = feat[col].to_numpy()
    rank = {code: i for i, code in enumerate(settings.class_order)}
    pts["class_rank"] = pts["class_code"].map(rank).fillna(len(rank)).astype(int)
    pts["block_key"] = pts.groupby(["class_rank", "indicator_id", "indicator_name", "case_name"],
                                   sort=False).ngroup()
    if ranks is not None:
        pts["order_rank"] = ranks[pts["feature"].to_numpy()]
    pts = _order_rows(pts, rings, ring_no, settings)
    check()
    rows = _table_rows(pts, features, settings, to_wgs84)
    dropped_out = _dropped_rows(dropped, features, settings)
    piece_table = pieces.fit.assign(feature=pieces.feature, is_round=pieces.is_round, geometry=pieces.geoms,
                                    layer=features["layer"].to_numpy()[pieces.feature],
                                    fid=features["fid"].to_numpy()[pieces.feature])
    skipped = pd.DataFrame(skipped_rows, columns=["layer", "fid", "reason", "reason_en"])
    skipped["fid"] = skipped["fid"].astype("int64")
    stats = {
        "rows": len(rows),
        "numbers": int(rows["number"].nunique()) if len(rows) else 0,
        "blocks": int(rows["block"].nunique()) if len(rows) else 0,
        "centres": int((rows["rule_id"] == "MAR-PT-CENTRE").sum()) if len(rows) else 0,
        "junction_numbers": int(rows.loc[rows["rule_id"] == "MAR-PT-JUNC", "number"].nunique()) if len(rows) else 0,
        "relisted_rows": int(rows.duplicated("number").sum()) if len(rows) else 0,
        "dropped_mht": int((dropped_out["rule_id"] == "MAR-PT-MHT").sum()),
        "dropped_urban": int((dropped_out["rule_id"] == "MAR-PT-URBAN").sum()),
        "dropped_outside": int((dropped_out["rule_id"] == "MAR-PT-OUTSIDE").sum()),
        "round_pieces": int(pieces.is_round.sum()),
        "pieces": len(pieces.geoms),
        "skipped_features": len(skipped),
    }
    return MarineResult(rows, dropped_out, skipped, piece_table, stats)


def _union(geoms, polygonal: bool = False):
    """One geometry from a geometry / an array of geometries (None when nothing is given)."""
    if geoms is None:
        return None
    if isinstance(geoms, shapely.Geometry):
        arr = np.array([geoms], dtype=object)
    else:
        arr = np.asarray(geoms, dtype=object)
    arr = arr[~(shapely.is_missing(arr) | shapely.is_empty(arr))] if len(arr) else arr
    if len(arr) == 0:
        return None
    if polygonal:
        bad = ~shapely.is_valid(arr)
        if bad.any():
            arr = arr.copy()
            arr[bad] = shapely.make_valid(arr[bad])
        return shapely.union_all(arr)
    return shapely.union_all(arr)


def _order_rows(pts: pd.DataFrame, rings: np.ndarray, ring_no: np.ndarray, settings: MarineSettings) -> pd.DataFrame:
    """Table order and numbers (DECISIONS.md Q4): class → block (the planner's ``order_rank`` when the column is
    there, then the westernmost point) → piece → ring → outline order
    (traversal) or x ascending / y descending (strict); numbers to points in the order they first appear
    (traversal) or per class sorted west → east, north → south (strict); a point keeps its first number."""
    if len(pts) == 0:
        return pts.assign(number=np.zeros(0, int), seq=np.zeros(0, int), block=np.zeros(0, int))
    block_west = _first_west(pts, "block_key")
    piece_west = _first_west(pts, "piece")
    ring_west = _first_west(pts, "ring")
    pts = pts.join(block_west, on="block_key").rename(columns={"wx": "bx", "wy": "by"})
    pts = pts.join(piece_west, on="piece").rename(columns={"wx": "px", "wy": "py"})
    pts = pts.join(ring_west, on="ring").rename(columns={"wx": "rx", "wy": "ry"})
    ring = pts["ring"].to_numpy()
    ring_number = np.where(ring >= 0, ring_no[np.maximum(ring, 0)] if len(ring_no) else 0, 0)
    pts["ring_hole"] = (ring_number > 0).astype(int)
    ccw = shapely.is_ccw(rings) if len(rings) else np.zeros(0, dtype=bool)
    outline = ring >= 0
    seq = np.zeros(len(pts), dtype=int)
    if outline.any():
        seq[outline] = _traversal_sequence(pts[outline], ccw, settings.direction == "clockwise")
    pts["trav"] = seq
    pts["neg_by"], pts["neg_py"], pts["neg_ry"], pts["neg_y"] = -pts["by"], -pts["py"], -pts["ry"], -pts["y"]
    block_keys = ["class_rank", "bx", "neg_by", "block_key"]
    if "order_rank" in pts.columns:
        block_keys.insert(1, "order_rank")
    if settings.mode == "strict":
        pts = pts.sort_values(block_keys + ["x", "neg_y", "piece", "trav"], kind="mergesort")
    else:
        pts = pts.sort_values(block_keys + ["px", "neg_py", "piece", "ring_hole", "rx", "neg_ry", "ring", "trav"],
                              kind="mergesort")
    pts = pts.drop_duplicates(["block_key", "cluster"], keep="first").reset_index(drop=True)
    if settings.mode == "strict":
        first = pts.sort_values(["class_rank", "x", "neg_y"], kind="mergesort").drop_duplicates("cluster")
        order = first["cluster"].to_numpy()
    else:
        order = pts.drop_duplicates("cluster")["cluster"].to_numpy()
    number = np.empty(order.max() + 1, dtype=int)
    number[order] = settings.start + np.arange(len(order))
    pts["number"] = number[pts["cluster"].to_numpy()]
    pts["block"] = pts.groupby("block_key", sort=False).ngroup() + 1
    return pts


def _table_rows(pts: pd.DataFrame, features: pd.DataFrame, settings: MarineSettings, to_wgs84) -> pd.DataFrame:
    """The rows of the table and of the point layer (POINT_FIELDS without ``sheet``)."""
    cols = [name for name, _kind in POINT_FIELDS if name != "sheet"]
    if len(pts) == 0:
        return pd.DataFrame(columns=cols)
    # every row of a number shows the coordinates of its first row (Taoyuan: repeated numbers, identical values)
    first = pts.drop_duplicates("cluster").set_index("cluster")[["x", "y"]]
    x = first["x"].reindex(pts["cluster"]).to_numpy(float)
    y = first["y"].reindex(pts["cluster"]).to_numpy(float)
    if to_wgs84 is not None:
        lon, lat = to_wgs84(x, y)
        lon, lat = np.round(np.asarray(lon, float), settings.decimals), np.round(np.asarray(lat, float),
                                                                                settings.decimals)
    else:
        lon = lat = np.full(len(pts), np.nan)
    by_cluster = pts.groupby("cluster")
    class_junction = ((by_cluster["class_code"].nunique() > 1) | by_cluster["cross_class"].any())
    class_junction = class_junction.reindex(pts["cluster"]).to_numpy(bool)
    key = _junction_key(pts, settings.junctions_between)
    groups = pd.Series(key).groupby(pts["cluster"].to_numpy()).nunique()
    shared = groups.reindex(pts["cluster"]).to_numpy() > 1
    computed = (pts["kind"] == "junction").groupby(pts["cluster"]).any()
    is_junction = computed.reindex(pts["cluster"]).to_numpy(bool) | shared
    kind = pts["kind"].to_numpy()
    rule = np.where(kind == "centre", "MAR-PT-CENTRE", np.where(is_junction, "MAR-PT-JUNC", "MAR-PT-TURN"))
    ptype = np.where(kind == "centre", settings.point_types["centre"],
                     np.where(is_junction, settings.point_types["junction"], settings.point_types["turning"]))
    label = pts["number"].astype(str).to_numpy(dtype=object)
    label = np.where(kind == "centre", label + settings.centre_suffix, label)
    remark = _remarks(pts, settings)
    rules = settings.rules
    rows = pd.DataFrame({
        "number": pts["number"].to_numpy(int),
        "label": label,
        "point_type": ptype,
        "class_code": pts["class_code"].to_numpy(),
        "class_name": pts["class_code"].map(settings.class_names).fillna("").to_numpy(),
        "indicator_id": pts["indicator_id"].to_numpy(),
        "indicator_name": pts["indicator_name"].to_numpy(),
        "case_name": pts["case_name"].to_numpy(),
        "block": pts["block"].to_numpy(int),
        "row": np.arange(1, len(pts) + 1),
        "remark": remark,
        "lon": lon,
        "lat": lat,
        "x": x,
        "y": y,
        "class_junction": class_junction.astype(int),
        "label_visible": np.zeros(len(pts), dtype=int),
        "rule_id": rule,
        "reason": [rules[r]["reason"] for r in rule],
        "reason_en": [rules[r]["reason_en"] for r in rule],
        "layer": pts["layer"].to_numpy(),
        "feature_id": pts["fid"].to_numpy(),
    })
    return rows[cols]


def _remarks(pts: pd.DataFrame, settings: MarineSettings) -> np.ndarray:
    """The 備註 of each row: the class template on the first row of each block, centres wrapped in the centre
    template (001_f01d2a00176af413.txt:1496-1509); empty on the other rows."""
    out = np.full(len(pts), "", dtype=object)
    first = np.flatnonzero(~pts["block"].duplicated().to_numpy())
    for i in first:
        code = pts.at[i, "class_code"]
        with_case, without_case = settings.remark_templates.get(code, ("", ""))
        case = str(pts.at[i, "case_name"] or "")
        template = with_case if case else without_case
        text = template.format(class_name=settings.class_names.get(code, code), indicator=pts.at[i, "indicator_name"],
                               case=case)
        if pts.at[i, "kind"] == "centre":
            text = settings.centre_template.format(remark=text)
        out[i] = text
    return out


def _dropped_rows(dropped: pd.DataFrame, features: pd.DataFrame, settings: MarineSettings) -> pd.DataFrame:
    cols = [name for name, _kind in DROPPED_FIELDS]
    if len(dropped) == 0:
        return pd.DataFrame(columns=cols)
    feat = features.iloc[dropped["feature"].to_numpy()]
    rule = dropped["rule_id"].to_numpy()
    out = pd.DataFrame({
        "class_code": feat["class_code"].to_numpy(),
        "indicator_id": feat["indicator_id"].to_numpy(),
        "case_name": feat["case_name"].to_numpy(),
        "x": dropped["x"].to_numpy(float),
        "y": dropped["y"].to_numpy(float),
        "rule_id": rule,
        "reason": [settings.rules[r]["reason"] for r in rule],
        "reason_en": [settings.rules[r]["reason_en"] for r in rule],
        "layer": feat["layer"].to_numpy(),
        "feature_id": feat["fid"].to_numpy(),
    })
    # one row per point and feature (a junction on the MHT is found on both outlines)
    return out.drop_duplicates(["x", "y", "rule_id", "layer", "feature_id"]).reset_index(drop=True)[cols]


# ================================================================================================================
# Map: print scale and label thinning (RULES.md §5.5, 001_f01d2a00176af413.txt:1530, DECISIONS.md Q15)
# ================================================================================================================
def print_scale(width_m: float, height_m: float, settings: MarineSettings) -> float:
    """The smallest 'nice' scale denominator (1, 2, 2.5, 5 × 10^n) at which an extent fits the map frame."""
    frame_w, frame_h = (v / 1000.0 for v in settings.frame_mm)
    need = max(width_m / frame_w, height_m / frame_h, 1.0)
    exp = math.floor(math.log10(need))
    for e in (exp, exp + 1):
        for step in sorted(settings.scale_steps):
            scale = step * 10 ** e
            if scale >= need * (1 - 1e-12):
                return float(scale)
    return float(10 ** (exp + 1))


def thin_labels(rows: pd.DataFrame, spacing_m: float) -> np.ndarray:
    """``label_visible`` per row: one label per number; class junction points (「惟應保留國土功能分區及其分類之交界點」)
    and centres (the only point of a round area) always labelled; the turning points' labels kept only where no
    shown label is closer than ``spacing_m`` (「每隔 0.5 公分至 1 公分標註 1 點位」 at print scale,
    001_f01d2a00176af413.txt:1530), in number order. Thinned points keep their numbers and rows (Q15)."""
    visible = np.zeros(len(rows), dtype=int)
    if len(rows) == 0:
        return visible
    first = ~rows["number"].duplicated().to_numpy()
    cand = rows[first]
    junction = (cand["class_junction"].to_numpy() > 0) | (cand["rule_id"].to_numpy() == "MAR-PT-CENTRE")
    order = np.lexsort((cand["number"].to_numpy(), ~junction))
    xs, ys = cand["x"].to_numpy(float), cand["y"].to_numpy(float)
    cell = max(spacing_m, 1e-9)
    grid: dict[tuple[int, int], list[int]] = {}
    shown = np.zeros(len(cand), dtype=bool)
    for i in order:
        cx, cy = int(math.floor(xs[i] / cell)), int(math.floor(ys[i] / cell))
        near = False
        if not junction[i]:
            for dx in (-1, 0, 1):
                for dy in (-1, 0, 1):
                    for j in grid.get((cx + dx, cy + dy), ()):
                        if math.hypot(xs[i] - xs[j], ys[i] - ys[j]) < spacing_m:
                            near = True
                            break
                    if near:
                        break
                if near:
                    break
        if not near:
            shown[i] = True
            grid.setdefault((cx, cy), []).append(i)
    visible[np.flatnonzero(first)] = shown.astype(int)
    return visible
