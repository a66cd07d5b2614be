"""Result checking (成果檢核, RULES.md §8): the core of ``twzoning:checkresults``.

A county's SUBMITTED zoning map is compared with a REFERENCE map (the general-rule result this plugin produced from
the same indicators and cadastre, 「三階比通案」, or the previous stage's map, 「三階比二階」, RULES.md §8.3). Every place
where the two give different classes is a difference (劃設差異處); each is classified into one of the 7 types of
RULES.md §8.1 and answered with the standard response of 表31 (= 表55, RULES.md §8.2; the texts are the
``standard_responses`` of ``rules/sporadic.yaml``, the types and wording ``rules/checking.yaml``):

1. **圖資偏移** (``CHK-OFFSET``): a difference part no wider than the offset tolerance (``checking.tolerances.offset``,
   parameter TOLERANCE), lying along a cadastral or indicator line (at least ``cover_share`` of it within the
   tolerance of such lines; along a class boundary, i.e. any thin part, when neither parcels nor indicators are
   given).
2. **圖資更新** (``CHK-UPDATE``): when an older and a newer version of an indicator are given, a difference lying (at
   least ``cover_share`` of its area) where the two versions differ, between a class of that indicator and another.
3. **界線決定** (``MAJ50`` / ``BND-SLIVER``): the same parcel decision :func:`core.parcels.assign_parcels` takes
   (the 50 % rule, DECISIONS.md Q8, with the switches of the rule set for each class; a sliver joining its parcel):
   the reference is assigned to the parcels with the majority rule on, and a difference lying where that decision
   gives the submitted class is a boundary decision.
4. **零星土地納入或剔除** (the sporadicland / ruralunits rules, responses 4(1)–4(5)): the candidates that
   :func:`core.sporadic.find_sporadic` and :func:`core.units.build_units` find on the reference's parcel pieces; a
   difference on a candidate's parcel, from its class to its proposed class, gets the candidate's rule and response
   (1 ha / 50 % caps of RDU-CUM included). A candidate of a 因地制宜 rule answers with type 5.
5. **因地制宜** (``CHK-LOCAL``): a difference inside a listed area of a county rule (LOCAL_RULES), or a submitted
   polygon marked ``scope = 因地制宜`` by the delineation.
6. **第3階段應辦事項** (``CHK-STAGE3``): a difference inside a listed stage-3 task area (STAGE3).
7. **繪製錯誤** (``CHK-ERROR``): none of these. The remark says which class the general rule gives, built like the
   examples of 表31: from the reference's own ``indicator_id`` / ``rule_id`` (the delineation's decision), else
   from the indicator layers given, else 「未涉及…劃設參考指標」.

The first type that explains a piece wins, in the order 1 → 7 of the table. Types 3 and 4 need the parcels; without
them they are not recognised (reported in ``issues``). Differences are split by parcel (when given) to be classified,
then merged again per difference part, type and response: each output polygon is one 劃設差異處 with its parcels.
A difference part, or a piece of one cut by the parcels, of at most ``checking.tolerances.min_area`` is overlay noise:
counted in ``stats`` (``noise_count``, ``noise_area_m2``), not reported.

Areas are planar, in the CRS unit of the inputs (m²). Pure Python (shapely 2, pandas); no QGIS import.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Sequence

import numpy as np
import pandas as pd
import shapely

from . import catalogue
from .fields import parcel_key
from .parcels import assign_parcels
from .ruleset import RuleSet

__all__ = [
    "DIFF_FIELDS",
    "SUMMARY_FIELDS",
    "ClassMap",
    "AreaLayer",
    "CheckInputs",
    "CheckResult",
    "CheckError",
    "Cancelled",
    "resolve_codes",
    "check_results",
]

#: Fields of the difference polygons (checkresults.OUTPUT); ASCII names, an API.
DIFF_FIELDS = [
    ("diff_id", "integer"),         # 1..n in the order a meeting reads them (discussion first, by town)
    ("from_class", "text"),         # the reference class (general rule / previous stage)
    ("from_name", "text"),
    ("to_class", "text"),           # the submitted class
    ("to_name", "text"),
    ("area_m2", "double"),
    ("area_ha", "double"),
    ("diff_type", "integer"),       # 1..7 (RULES.md §8.1)
    ("type_name", "text"),
    ("response_id", "text"),        # 表31 row id: 1, 2, 3, 4(1) … 4(5), 5, 6, 7
    ("response", "text"),           # 表31 制式回應說明, verbatim
    ("needs_discussion", "integer"),  # 1 = 需輸出圖表至到府服務討論
    ("rule_id", "text"),            # CHK-OFFSET, CHK-UPDATE, MAJ50, SPZ-2, RDU-CUM, CHK-LOCAL, CHK-STAGE3, CHK-ERROR …
    ("reason", "text"),             # the explanation; for type 7 the 備註 text (which class the general rule gives)
    ("reason_en", "text"),
    ("ref_rule_id", "text"),        # the reference's own rule id (the delineation's decision) where it has one
    ("ref_reason", "text"),
    ("parcel_count", "integer"),
    ("parcels", "text"),            # parcel keys office|section|parcel_no, ';'-separated
    ("town", "text"),
    ("location", "text"),           # 位置 of 表51: 鄉鎮 段 地號(等)
]
DIFF_NAMES = [n for n, _k in DIFF_FIELDS]

#: Fields of the summary per class and type.
SUMMARY_FIELDS = [
    ("class_code", "text"),         # the submitted class (三階分區分類)
    ("class_name", "text"),
    ("diff_type", "integer"),
    ("type_name", "text"),
    ("count", "integer"),
    ("area_m2", "double"),
    ("discussion_count", "integer"),
]

Progress = Callable[[float], bool]


class Cancelled(Exception):
    """The progress callback asked to stop; nothing is written."""


class CheckError(ValueError):
    """Bad input: ``layer`` names the input, ``rows`` the positions of the offending features."""

    def __init__(self, message_zh: str, message_en: str, layer: str = "", rows: Sequence[int] = ()):
        self.message_zh, self.message_en, self.layer, self.rows = message_zh, message_en, layer, list(rows)
        super().__init__(f"{message_en} / {message_zh}")


@dataclass
class ClassMap:
    """A zoning map as data: polygons and their class (codes, Chinese names or aliases)."""

    geoms: Sequence
    classes: Sequence
    name: str = ""
    rule_ids: Sequence | None = None       # the delineation's rule_id per polygon (optional)
    reasons: Sequence | None = None
    indicator_ids: Sequence | None = None  # the delineation's indicator_id per polygon (optional)
    scopes: Sequence | None = None         # 通案 / 因地制宜 … (optional)


@dataclass
class AreaLayer:
    """Listed areas (因地制宜 rules, 第3階段應辦事項, an indicator layer): polygons and a name per polygon."""

    name: str
    geoms: Sequence
    labels: Sequence | None = None


@dataclass
class CheckInputs:
    submitted: ClassMap
    reference: ClassMap
    parcels: tuple | None = None                               # (geoms, attrs DataFrame with the parcel schema)
    indicators: list[AreaLayer] = field(default_factory=list)  # the versions the reference used
    indicators_new: list[AreaLayer] = field(default_factory=list)
    local_rules: AreaLayer | None = None
    stage3: AreaLayer | None = None
    tolerance: float | None = None                             # offset tolerance (m), default from checking.yaml


@dataclass
class CheckResult:
    differences: pd.DataFrame   # DIFF_NAMES + geometry
    summary: pd.DataFrame       # SUMMARY_FIELDS
    verdict: str
    verdict_en: str
    stats: dict
    issues: list[str]


# ================================================================================================================
# helpers
# ================================================================================================================
def _step(progress: Progress | None, fraction: float) -> None:
    if progress is not None and progress(fraction) is False:
        raise Cancelled()


def _arr(values, n: int, default="") -> np.ndarray:
    if values is None:
        return np.full(n, default, dtype=object)
    out = np.asarray(list(values), dtype=object)
    return np.where(pd.isna(out), default, out).astype(object)


def resolve_codes(values: Sequence, ruleset: RuleSet, layer: str) -> np.ndarray:
    """Class codes from codes, Chinese names or aliases; :class:`CheckError` naming the unknown values otherwise."""
    codes = np.empty(len(values), dtype=object)
    cache: dict = {}
    bad = []
    for i, v in enumerate(values):
        if v not in cache:
            cache[v] = ruleset.resolve_class(v) if v is not None and str(v).strip() else None
        codes[i] = cache[v]
        if codes[i] is None:
            bad.append(i)
    if bad:
        shown = "、".join(sorted({str(values[i]) for i in bad})[:5])
        raise CheckError(f"圖層「{layer}」有 {len(bad)} 個圖徵之分區分類無法辨識：{shown}。請使用分區代碼（CON1…）或中文名稱。",
                         f"Layer '{layer}': {len(bad)} features have an unknown class: {shown}. Use class codes "
                         f"(CON1 …) or the Chinese names.", layer, bad)
    return codes


def _polygons(geoms: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The polygon parts of ``geoms`` and the index of the geometry each came from."""
    parts, idx = shapely.get_parts(geoms, return_index=True)
    keep = shapely.get_type_id(parts) == 3
    parts, idx = parts[keep], idx[keep]
    nonzero = shapely.area(parts) > 0
    return parts[nonzero], idx[nonzero]


def _valid(geoms: Sequence, layer: str) -> np.ndarray:
    arr = np.asarray(list(geoms), dtype=object)
    missing = np.array([g is None for g in arr], dtype=bool)
    if missing.any():
        rows = np.flatnonzero(missing).tolist()
        raise CheckError(f"圖層「{layer}」有 {len(rows)} 個圖徵沒有幾何。", f"Layer '{layer}': {len(rows)} features have "
                         "no geometry.", layer, rows)
    bad = ~shapely.is_valid(arr)
    if bad.any():
        arr = arr.copy()
        arr[bad] = shapely.make_valid(arr[bad])
    return arr


def _tol(rs: RuleSet, key: str) -> float:
    return float(rs.checking["tolerances"][key]["value"])


def _short(code: str, rs: RuleSet) -> str:
    return catalogue.class_name(code, "short", rs) if code else ""


def _fmt(template: str, **kw) -> str:
    return template.format(**kw)


# ================================================================================================================
# step 1: the difference pieces
# ================================================================================================================
def difference_pieces(sub: ClassMap, ref: ClassMap, sub_codes: np.ndarray, ref_codes: np.ndarray,
                      sub_geoms: np.ndarray, ref_geoms: np.ndarray) -> pd.DataFrame:
    """Polygons where the submitted class differs from the reference class: one row per polygon part of each
    (submitted feature ∩ reference feature) pair of different classes (STRtree bulk query, vectorised overlay)."""
    tree = shapely.STRtree(ref_geoms)
    si, rj = tree.query(sub_geoms, predicate="intersects")
    keep = sub_codes[si] != ref_codes[rj]
    si, rj = si[keep], rj[keep]
    inter = shapely.intersection(sub_geoms[si], ref_geoms[rj]) if len(si) else np.empty(0, dtype=object)
    parts, k = _polygons(np.asarray(inter, dtype=object))
    return pd.DataFrame({"sub": si[k], "ref": rj[k], "from_class": ref_codes[rj[k]], "to_class": sub_codes[si[k]],
                         "geometry": parts})


def difference_parts(pieces: pd.DataFrame) -> pd.DataFrame:
    """The pieces dissolved per (from, to) and split into connected parts: the 劃設差異處 before classification."""
    rows = []
    for (a, b), grp in pieces.groupby(["from_class", "to_class"], sort=True):
        merged = shapely.union_all(grp["geometry"].to_numpy())
        for part in shapely.get_parts(merged):
            if shapely.get_type_id(part) == 3:
                rows.append((a, b, part))
    return pd.DataFrame(rows, columns=["from_class", "to_class", "geometry"])


# ================================================================================================================
# the checker
# ================================================================================================================
class _Checker:
    def __init__(self, inputs: CheckInputs, rs: RuleSet, progress: Progress | None):
        self.inp, self.rs, self.progress = inputs, rs, progress
        self.cfg = rs.checking
        self.issues: list[str] = []
        self.tolerance = float(inputs.tolerance if inputs.tolerance is not None else _tol(rs, "offset"))
        self.min_area = _tol(rs, "min_area")
        self.cover = _tol(rs, "cover_share")
        self.ref_geoms = _valid(inputs.reference.geoms, inputs.reference.name or "REFERENCE")
        self.sub_geoms = _valid(inputs.submitted.geoms, inputs.submitted.name or "SUBMITTED")
        self.ref_codes = resolve_codes(list(inputs.reference.classes), rs, inputs.reference.name or "REFERENCE")
        self.sub_codes = resolve_codes(list(inputs.submitted.classes), rs, inputs.submitted.name or "SUBMITTED")
        nr, ns = len(self.ref_geoms), len(self.sub_geoms)
        self.ref_rule = _arr(inputs.reference.rule_ids, nr)
        self.ref_reason = _arr(inputs.reference.reasons, nr)
        self.ref_ind = _arr(inputs.reference.indicator_ids, nr)
        self.sub_scope = _arr(inputs.submitted.scopes, ns)
        self.sub_reason = _arr(inputs.submitted.reasons, ns)
        self.parcels = None
        if inputs.parcels is not None:
            geoms, attrs = inputs.parcels
            self.parcels = (_valid(geoms, "PARCELS"), attrs.reset_index(drop=True))

    # -- types ---------------------------------------------------------------------------------------------------
    def response(self, n: int, response_id: str | None = None):
        return self.rs.response(response_id or self.cfg["types"][n]["response"])

    def offsets(self, parts: pd.DataFrame) -> tuple[np.ndarray, str, str]:
        """Type 1: parts no wider than the tolerance (an inward buffer of half of it leaves nothing) near a line."""
        g = parts["geometry"].to_numpy()
        thin = shapely.is_empty(shapely.buffer(g, -self.tolerance / 2.0)) if len(g) else np.zeros(0, dtype=bool)
        lines, kinds = [], []
        if self.parcels is not None:
            lines.append(shapely.boundary(self.parcels[0]))
            kinds.append("cadastre")
        for lay in self.inp.indicators:
            poly = np.asarray([x for x in lay.geoms if x is not None], dtype=object)
            if len(poly):
                lines.append(shapely.boundary(poly))
                kinds.append("indicator")
        kind = "both" if len(set(kinds)) == 2 else (kinds[0] if kinds else "map")
        if lines and thin.any():
            # "along" a line: at least cover_share of the part lies within the tolerance of the nearby lines
            all_lines = np.concatenate(lines)
            tree = shapely.STRtree(all_lines)
            idx = np.flatnonzero(thin)
            hit_i, hit_j = tree.query(g[idx], predicate="dwithin", distance=self.tolerance)
            near = np.zeros(len(g), dtype=bool)
            for k in np.unique(hit_i):
                band = shapely.buffer(shapely.union_all(all_lines[hit_j[hit_i == k]]), self.tolerance)
                near[idx[k]] = self.covered_share(np.array([g[idx[k]]], dtype=object), band)[0] >= self.cover
            thin &= near
        names = self.cfg["reasons"]
        return thin, names["line_names"][kind], names["line_names_en"][kind]

    def split_by_parcel(self, parts: pd.DataFrame) -> pd.DataFrame:
        """Classification units: each difference part cut by the parcels (one row per part if none).

        A unit of at most ``min_area`` (where a part only grazes a neighbouring parcel along their common line, or a
        crumb of a part outside every parcel) is overlay noise of the cut, not a difference of its own: it is dropped
        and counted in ``self.cut_noise`` (added to ``noise_count`` / ``noise_area_m2``), except the largest unit of a
        part that has no larger one (a part above ``min_area`` never disappears)."""
        parts = parts.reset_index(drop=True)
        self.cut_noise = (0, 0.0)
        if self.parcels is None:
            out = parts.copy()
            out["part"] = np.arange(len(parts))
            out["parcel"] = -1
            return out
        pg = self.parcels[0]
        g = parts["geometry"].to_numpy()
        tree = shapely.STRtree(pg)
        pi, pj = tree.query(g, predicate="intersects")
        inter = shapely.intersection(g[pi], pg[pj]) if len(pi) else np.empty(0, object)
        geoms, k = _polygons(np.asarray(inter, dtype=object))
        # the part of a difference outside every parcel (e.g. a river bed drawn without a parcel) is a unit too
        covered = shapely.union_all(geoms) if len(geoms) else shapely.Polygon()
        rest = shapely.difference(g, covered) if len(g) else np.empty(0, object)
        rp, ri = _polygons(np.asarray(rest, dtype=object))
        part = np.concatenate([pi[k], ri]).astype(int)
        parcel = np.concatenate([pj[k], np.full(len(ri), -1)]).astype(int)
        geom = np.concatenate([np.asarray(geoms, dtype=object), np.asarray(rp, dtype=object)])
        area = shapely.area(geom) if len(geom) else np.zeros(0)
        keep = area > self.min_area
        if len(geom):
            has_unit = np.zeros(len(parts), dtype=bool)
            has_unit[part[keep]] = True
            order = np.lexsort((-area, part))  # by part, largest unit first
            first = order[np.r_[True, part[order][1:] != part[order][:-1]]]
            keep[first[~has_unit[part[first]]]] = True
        self.cut_noise = (int((~keep).sum()), float(area[~keep].sum()))
        out = parts.iloc[part[keep]].reset_index(drop=True)
        out["part"], out["parcel"], out["geometry"] = part[keep], parcel[keep], geom[keep]
        return out

    def covered_share(self, geoms: np.ndarray, area) -> np.ndarray:
        if area is None or shapely.is_empty(area) or not len(geoms):
            return np.zeros(len(geoms))
        return shapely.area(shapely.intersection(geoms, area)) / np.maximum(shapely.area(geoms), 1e-12)

    def updates(self, units: pd.DataFrame, todo: np.ndarray) -> None:
        """Type 2: where an indicator's old and new versions differ."""
        if not self.inp.indicators_new:
            return
        old: dict[str, list] = {}
        for lay in self.inp.indicators:
            ind = self.rs.match_indicator(lay.name)
            if ind is not None:
                old.setdefault(ind.id, []).extend(g for g in lay.geoms if g is not None)
        new: dict[str, list] = {}
        for lay in self.inp.indicators_new:
            ind = self.rs.match_indicator(lay.name)
            if ind is None:
                self.issues.append(f"UPDATE_UNKNOWN: {lay.name}")
                continue
            new.setdefault(ind.id, []).extend(g for g in lay.geoms if g is not None)
        tpl = self.cfg["reasons"]["update"]
        g = units["geometry"].to_numpy()
        for ind_id, geoms in new.items():
            ind = self.rs.indicator(ind_id)
            if ind_id not in old:
                self.issues.append(f"UPDATE_NO_OLD: {ind.name}")
            change = shapely.symmetric_difference(shapely.union_all(old.get(ind_id, [])), shapely.union_all(geoms))
            classes = set(ind.classes)
            cls_ok = units["from_class"].isin(classes).to_numpy() | units["to_class"].isin(classes).to_numpy()
            hit = todo & cls_ok
            if not hit.any():
                continue
            share = np.zeros(len(units))
            share[hit] = self.covered_share(g[hit], change)
            yes = hit & (share >= self.cover)
            self.assign(units, yes, 2, reason=_fmt(tpl["template"], indicator=ind.name),
                        reason_en=_fmt(tpl["template_en"], indicator=ind.name_en or ind.name))
            todo &= ~yes

    def boundary(self, units: pd.DataFrame, todo: np.ndarray) -> None:
        """Type 3: the parcel decision of core.parcels with the majority rule on gives the submitted class here."""
        pg, attrs = self.parcels
        idx = np.flatnonzero(todo)
        g = units["geometry"].to_numpy()
        # the decision is per parcel: only the parcels the differences touch (and the zones over them) are needed
        sel = np.unique(shapely.STRtree(pg).query(g[idx], predicate="intersects")[1])
        zsel = np.unique(shapely.STRtree(self.ref_geoms).query(pg[sel], predicate="intersects")[1])
        decided = assign_parcels(pg[sel], attrs.iloc[sel].reset_index(drop=True), self.ref_geoms[zsel],
                                 self.ref_codes[zsel], self.rs, majority=True).pieces
        rules = set(self.cfg["types"][3].get("rule_ids", ()))
        dec = decided[decided["rule_id"].isin(rules)].reset_index(drop=True)
        if not len(dec):
            return
        tree = shapely.STRtree(dec["geometry"].to_numpy())
        ui, dj = tree.query(g[idx], predicate="intersects")
        same = dec["class_code"].to_numpy()[dj] == units["to_class"].to_numpy()[idx[ui]]
        ui, dj = ui[same], dj[same]
        if not len(ui):
            return
        inter = shapely.area(shapely.intersection(g[idx[ui]], dec["geometry"].to_numpy()[dj]))
        frame = pd.DataFrame({"u": idx[ui], "d": dj, "a": inter})
        best = frame.sort_values("a", ascending=False).drop_duplicates("u")
        total = frame.groupby("u")["a"].sum()
        for u, d in zip(best["u"], best["d"]):
            if total[u] >= self.cover * shapely.area(g[u]):
                self.assign(units, np.arange(len(units)) == u, 3, rule_id=str(dec.at[d, "rule_id"]),
                            reason=str(dec.at[d, "reason"]), reason_en=str(dec.at[d, "reason_en"]))
                todo[u] = False

    def sporadic(self, units: pd.DataFrame, todo: np.ndarray) -> None:
        """Type 4 (or 5 for a 因地制宜 rule): a sporadicland / ruralunits candidate on the reference pieces."""
        from .sporadic import find_sporadic
        from .units import build_units

        pg, attrs = self.parcels
        base = assign_parcels(pg, attrs, self.ref_geoms, self.ref_codes, self.rs, majority=False).pieces
        frames = []
        for finder, label in ((find_sporadic, "sporadicland"), (build_units, "ruralunits")):
            try:
                frames.append(finder(base, self.rs).candidates)
            except ValueError as exc:  # pieces the rule code cannot read: say so, never guess
                self.issues.append(f"{label}: {exc}")
        frames = [f for f in frames if f is not None and len(f)]
        if not frames:
            return
        cands = pd.concat(frames, ignore_index=True)
        cands = cands[cands["response_id"].fillna("").astype(str) != ""]
        lookup = {}
        for row in cands.itertuples(index=False):
            lookup.setdefault((row.parcel_key, row.from_class, row.to_class), row)
        keys = self.keys
        for u in np.flatnonzero(todo):
            p = int(units.at[u, "parcel"])
            if p < 0:
                continue
            row = lookup.get((keys[p], units.at[u, "from_class"], units.at[u, "to_class"]))
            if row is None:
                continue
            resp = self.rs.response(str(row.response_id))
            self.assign(units, np.arange(len(units)) == u, resp.type, response_id=resp.id, rule_id=str(row.rule_id),
                        reason=str(row.reason), reason_en=str(row.reason_en))
            todo[u] = False

    def listed(self, units: pd.DataFrame, todo: np.ndarray, layer: AreaLayer | None, n: int, key: str) -> None:
        """Types 5 and 6: a difference inside a listed area (its name is the reason)."""
        if layer is None or not todo.any():
            return
        geoms = np.asarray([g for g in layer.geoms], dtype=object)
        labels = _arr(layer.labels, len(geoms))
        tpl = self.cfg["reasons"][key]
        g = units["geometry"].to_numpy()
        for i, area in enumerate(geoms):
            if area is None or not todo.any():
                continue
            idx = np.flatnonzero(todo)
            share = self.covered_share(g[idx], area)
            yes = idx[share >= self.cover]
            if len(yes):
                name = str(labels[i]) or layer.name
                mask = np.zeros(len(units), dtype=bool)
                mask[yes] = True
                self.assign(units, mask, n, reason=_fmt(tpl["template"], name=name),
                            reason_en=_fmt(tpl["template_en"], name=name))
                todo[yes] = False

    def local_scope(self, units: pd.DataFrame, todo: np.ndarray) -> None:
        """Type 5 also: the submitted polygon says it was drawn by a county rule (delineation scope 因地制宜)."""
        local = self.sub_scope[units["sub"].to_numpy()] == "因地制宜"
        yes = todo & local
        if yes.any():
            for u in np.flatnonzero(yes):
                why = str(self.sub_reason[int(units.at[u, "sub"])])
                self.assign(units, np.arange(len(units)) == u, 5, reason=why, reason_en=why)
            todo &= ~yes

    def errors(self, units: pd.DataFrame, todo: np.ndarray) -> None:
        """Type 7: a drawing error; the remark names the class the general rule gives and why (表31 備註)."""
        er = self.cfg["error_reasons"]
        plan = set(er["plan_area"]["classes"])
        fallback = self.indicator_hits(units, todo)
        for u in np.flatnonzero(todo):
            a, b = units.at[u, "from_class"], units.at[u, "to_class"]
            ra, rb = _short(a, self.rs), _short(b, self.rs)
            ind_id = str(self.ref_ind[int(units.at[u, "ref"])])
            ind = self.rs.indicator(ind_id) if ind_id and ind_id in self._ind_ids else None
            if ind is not None and a not in ind.classes:
                ind = None
            names = [ind.name] if ind is not None and ind.reads_layer else fallback.get(u, [])
            if a in plan:
                zh, en = er["plan_area"]["template"].format(ref=ra), er["plan_area"]["template_en"].format(ref=ra)
            elif names:
                t = "、".join(names)
                zh = er["indicator"]["template"].format(ref=ra, indicator=t)
                en = er["indicator"]["template_en"].format(ref=ra, indicator=t)
            else:
                subs = "、".join(i.name for i in self.rs.indicators_for(b, "land")[:3]) if b else ""
                zh = er["not_indicator"]["template"].format(ref=ra, sub=rb, indicators=subs)
                en = er["not_indicator"]["template_en"].format(ref=ra, sub=rb, indicators=subs)
            self.assign(units, np.arange(len(units)) == u, 7, reason=zh, reason_en=en)

    def indicator_hits(self, units: pd.DataFrame, todo: np.ndarray) -> dict[int, list[str]]:
        """Indicators (of the layers given) of the reference class that a unit touches (type-7 remark)."""
        hits: dict[int, list[str]] = {}
        if not self.inp.indicators or not todo.any():
            return hits
        idx = np.flatnonzero(todo)
        g = units["geometry"].to_numpy()[idx]
        for lay in self.inp.indicators:
            ind = self.rs.match_indicator(lay.name)
            if ind is None:
                continue
            poly = np.asarray([x for x in lay.geoms if x is not None], dtype=object)
            if not len(poly):
                continue
            share = self.covered_share(g, shapely.union_all(poly))
            for k in np.flatnonzero(share >= self.cover):
                u = int(idx[k])
                if units.at[u, "from_class"] in ind.classes and ind.name not in hits.get(u, []):
                    hits.setdefault(u, []).append(ind.name)
        return hits

    # -- bookkeeping ---------------------------------------------------------------------------------------------
    def assign(self, units: pd.DataFrame, mask: np.ndarray, n: int, *, response_id: str | None = None,
               rule_id: str | None = None, reason: str = "", reason_en: str = "") -> None:
        resp = self.response(n, response_id)
        units.loc[mask, "diff_type"] = n
        units.loc[mask, "response_id"] = resp.id
        units.loc[mask, "rule_id"] = rule_id or self.cfg["types"][n]["rule_id"]
        units.loc[mask, "reason"] = reason
        units.loc[mask, "reason_en"] = reason_en

    def run(self) -> CheckResult:
        rs = self.rs
        self._ind_ids = {i.id for i in rs.indicators}
        _step(self.progress, 0.02)
        pieces = difference_pieces(self.inp.submitted, self.inp.reference, self.sub_codes, self.ref_codes,
                                   self.sub_geoms, self.ref_geoms)
        _step(self.progress, 0.15)
        parts = difference_parts(pieces)
        area = shapely.area(parts["geometry"].to_numpy()) if len(parts) else np.zeros(0)
        noise = area <= self.min_area
        stats = {"noise_count": int(noise.sum()), "noise_area_m2": round(float(area[noise].sum()), 4)}
        parts = parts[~noise].reset_index(drop=True)
        # the reference / submitted feature behind each part (the largest piece inside it)
        parts = self._attach_sources(parts, pieces)
        _step(self.progress, 0.25)
        thin, line, line_en = self.offsets(parts)
        if self.parcels is not None:
            self.keys = np.array([parcel_key(o, s, n) for o, s, n in zip(
                self.parcels[1]["office"], self.parcels[1]["section"], self.parcels[1]["parcel_no"])], dtype=object)
        offset_parts = parts[thin].copy()
        offset_parts["part"], offset_parts["parcel"] = np.flatnonzero(thin), -1
        units = self.split_by_parcel(parts[~thin])
        stats["noise_count"] += self.cut_noise[0]
        stats["noise_area_m2"] = round(stats["noise_area_m2"] + self.cut_noise[1], 4)
        units["part"] = np.flatnonzero(~thin)[units["part"].to_numpy()] if len(units) else units["part"]
        units = pd.concat([offset_parts, units], ignore_index=True)
        for col, val in (("diff_type", 0), ("response_id", ""), ("rule_id", ""), ("reason", ""), ("reason_en", "")):
            units[col] = val
        units["diff_type"] = units["diff_type"].astype(int)
        n_off = len(offset_parts)
        tpl = self.cfg["reasons"]["offset"]
        mask = np.arange(len(units)) < n_off
        self.assign(units, mask, 1, reason=_fmt(tpl["template"], tolerance=f"{self.tolerance:g}", line=line),
                    reason_en=_fmt(tpl["template_en"], tolerance=f"{self.tolerance:g}", line_en=line_en))
        todo = ~mask
        _step(self.progress, 0.35)
        self.updates(units, todo)
        _step(self.progress, 0.45)
        if self.parcels is not None and todo.any():
            self.boundary(units, todo)
            _step(self.progress, 0.6)
            if todo.any():
                self.sporadic(units, todo)
        elif self.parcels is None:
            self.issues.append("NO_PARCELS: 未提供地籍，無法辨識界線決定（第3類）及零星土地（第4類）。 / No parcels: types 3 "
                               "and 4 cannot be recognised.")
        _step(self.progress, 0.75)
        self.listed(units, todo, self.inp.local_rules, 5, "local")
        self.local_scope(units, todo)
        self.listed(units, todo, self.inp.stage3, 6, "stage3")
        self.errors(units, todo)
        _step(self.progress, 0.85)
        diffs = self._merge(units)
        summary = self._summary(diffs)
        verdict, verdict_en = self._verdict(diffs)
        stats.update(self._stats(diffs, pieces))
        _step(self.progress, 1.0)
        return CheckResult(diffs, summary, verdict, verdict_en, stats, self.issues)

    def _attach_sources(self, parts: pd.DataFrame, pieces: pd.DataFrame) -> pd.DataFrame:
        if not len(parts):
            return parts.assign(sub=pd.Series(dtype=int), ref=pd.Series(dtype=int))
        rp = shapely.point_on_surface(pieces["geometry"].to_numpy())
        tree = shapely.STRtree(parts["geometry"].to_numpy())
        pi, pj = tree.query(rp, predicate="intersects")
        frame = pd.DataFrame({"part": pj, "piece": pi, "area": shapely.area(pieces["geometry"].to_numpy()[pi])})
        frame = frame[(pieces["from_class"].to_numpy()[pi] == parts["from_class"].to_numpy()[pj])
                      & (pieces["to_class"].to_numpy()[pi] == parts["to_class"].to_numpy()[pj])]
        best = frame.sort_values("area", ascending=False).drop_duplicates("part").set_index("part")["piece"]
        piece = best.reindex(range(len(parts))).fillna(-1).astype(int).to_numpy()
        parts = parts.copy()
        parts["sub"] = np.where(piece >= 0, pieces["sub"].to_numpy()[np.maximum(piece, 0)], 0)
        parts["ref"] = np.where(piece >= 0, pieces["ref"].to_numpy()[np.maximum(piece, 0)], 0)
        return parts

    def _merge(self, units: pd.DataFrame) -> pd.DataFrame:
        """Units merged per difference part, type, response, rule and reason: one output polygon each."""
        rs = self.rs
        cols = DIFF_NAMES + ["geometry"]
        if not len(units):
            return pd.DataFrame(columns=cols)
        attrs = self.parcels[1] if self.parcels is not None else None
        rows = []
        keys = ["part", "diff_type", "response_id", "rule_id", "reason"]
        for _key, grp in units.groupby(keys, sort=False):
            geom = shapely.union_all(grp["geometry"].to_numpy())
            first = grp.iloc[0]
            pidx = sorted({int(p) for p in grp["parcel"] if p >= 0})
            town, location, plist = "", "", ""
            if attrs is not None and pidx:
                sel = attrs.iloc[pidx]
                plist = ";".join(self.keys[pidx])
                town = str(sel["town"].iloc[0]) if "town" in sel.columns else ""
                sec = str(sel["section_name"].iloc[0]) if "section_name" in sel.columns else str(sel["section"].iloc[0])
                no = str(sel["parcel_no"].iloc[0])
                location = f"{town}{sec}{no}地號" + ("等" if len(pidx) > 1 else "")
            resp = rs.response(first["response_id"])
            a, b = first["from_class"], first["to_class"]
            ri = int(first["ref"])
            rows.append({
                "from_class": a, "from_name": catalogue.class_name(a, "register", rs) if a else "",
                "to_class": b, "to_name": catalogue.class_name(b, "register", rs) if b else "",
                "area_m2": round(float(shapely.area(geom)), 2), "area_ha": round(float(shapely.area(geom)) / 1e4, 4),
                "diff_type": int(first["diff_type"]), "type_name": self.cfg["types"][int(first["diff_type"])]["name"],
                "response_id": resp.id, "response": resp.text, "needs_discussion": int(bool(resp.discussion)),
                "rule_id": first["rule_id"], "reason": first["reason"], "reason_en": first["reason_en"],
                "ref_rule_id": str(self.ref_rule[ri]), "ref_reason": str(self.ref_reason[ri]),
                "parcel_count": len(pidx), "parcels": plist, "town": town, "location": location,
                "geometry": geom,
            })
        out = pd.DataFrame(rows)
        out = out.sort_values(["needs_discussion", "town", "diff_type", "area_m2"],
                              ascending=[False, True, True, False], kind="mergesort").reset_index(drop=True)
        out["diff_id"] = np.arange(1, len(out) + 1)
        self._several(out)
        return out[cols]

    def _several(self, out: pd.DataFrame) -> None:
        """表31 備註 example (4): touching drawing errors of one submitted class where the general rule gives two or
        more classes get one remark naming them all (「涉及國1及農1，應…劃設為國1及農1」)."""
        err = np.flatnonzero((out["diff_type"] == 7).to_numpy())
        if len(err) < 2:
            return
        g = out["geometry"].to_numpy()[err]
        i, j = shapely.STRtree(g).query(g, predicate="intersects")
        same = out["to_class"].to_numpy()[err[i]] == out["to_class"].to_numpy()[err[j]]
        parent = list(range(len(err)))

        def root(a: int) -> int:
            while parent[a] != a:
                parent[a] = parent[parent[a]]
                a = parent[a]
            return a

        for a, b in zip(i[same], j[same]):
            parent[root(a)] = root(b)
        groups: dict[int, list[int]] = {}
        for k in range(len(err)):
            groups.setdefault(root(k), []).append(err[k])
        tpl = self.cfg["error_reasons"]["several"]
        order = {c.code: c.order for c in self.rs.classes}
        for members in groups.values():
            codes = sorted(set(out.loc[members, "from_class"]), key=order.get)
            if len(codes) < 2:
                continue
            refs = tpl["joiner"].join(_short(c, self.rs) for c in codes)
            out.loc[members, "reason"] = tpl["template"].format(refs=refs)
            out.loc[members, "reason_en"] = tpl["template_en"].format(refs=refs)

    def _summary(self, diffs: pd.DataFrame) -> pd.DataFrame:
        names = [n for n, _k in SUMMARY_FIELDS]
        if not len(diffs):
            return pd.DataFrame(columns=names)
        grp = diffs.groupby(["to_class", "diff_type"], sort=False).agg(
            count=("diff_id", "size"), area_m2=("area_m2", "sum"), discussion_count=("needs_discussion", "sum"))
        grp = grp.reset_index().rename(columns={"to_class": "class_code"})
        order = {c.code: c.order for c in self.rs.classes}
        grp["_o"] = grp["class_code"].map(order)
        grp = grp.sort_values(["_o", "diff_type"]).drop(columns="_o")
        grp["class_name"] = [catalogue.class_name(c, "register", self.rs) for c in grp["class_code"]]
        grp["type_name"] = [self.cfg["types"][int(t)]["name"] for t in grp["diff_type"]]
        grp["area_m2"] = grp["area_m2"].round(2)
        return grp[names].reset_index(drop=True)

    def _verdict(self, diffs: pd.DataFrame) -> tuple[str, str]:
        v = self.cfg["verdict"]
        if not len(diffs):
            return v["ok"], v["ok_en"]
        revise = set(v.get("revise_responses") or ())
        n, area = len(diffs), diffs["area_m2"].sum() / 1e4
        disc = diffs[diffs["needs_discussion"] == 1]
        err = diffs[diffs["response_id"].isin(revise)]
        kw = dict(n=n, area=f"{area:.4f}", k=len(disc), karea=f"{disc['area_m2'].sum() / 1e4:.4f}", e=len(err),
                  earea=f"{err['area_m2'].sum() / 1e4:.4f}")
        key = "revise" if len(err) else ("discuss" if len(disc) else "explained")
        return v[key].format(**kw), v[key + "_en"].format(**kw)

    def _stats(self, diffs: pd.DataFrame, pieces: pd.DataFrame) -> dict:
        out = {"difference_count": int(len(diffs)), "difference_area_m2": round(float(diffs["area_m2"].sum()), 2)
               if len(diffs) else 0.0, "discussion_count": int(diffs["needs_discussion"].sum()) if len(diffs) else 0}
        for n in range(1, 8):
            sel = diffs[diffs["diff_type"] == n] if len(diffs) else diffs
            out[f"type{n}_count"] = int(len(sel))
            out[f"type{n}_area_m2"] = round(float(sel["area_m2"].sum()), 2) if len(sel) else 0.0
        ref_all = shapely.union_all(self.ref_geoms)
        sub_all = shapely.union_all(self.sub_geoms)
        out["reference_only_area_m2"] = round(float(shapely.area(shapely.difference(ref_all, sub_all))), 2)
        out["submitted_only_area_m2"] = round(float(shapely.area(shapely.difference(sub_all, ref_all))), 2)
        return out


def check_results(inputs: CheckInputs, ruleset: RuleSet, progress: Progress | None = None) -> CheckResult:
    """Compare ``inputs.submitted`` with ``inputs.reference`` and classify every difference (module docstring).

    ``progress(fraction)`` returning False cancels (:class:`Cancelled`). Raises :class:`CheckError` for unusable
    input (unknown class values, features without geometry)."""
    return _Checker(inputs, ruleset, progress).run()
