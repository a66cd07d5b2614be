"""鄉村區單元 (rural-district units, 城2-1 / 城3 / 農4) and special-purpose-zone units (城2-1): the core of
``twzoning:ruralunits`` (RULES.md §4.1, §4.2; DECISIONS.md Q9, Q10).

A *family* is the set of unit rules of ``sporadic.yaml`` sharing ``nu_zones``: the 鄉村區 rules (RDU-*) and the
特定專用區 rules (SPZ-*); a county preset adds its own (Taoyuan 納6, 納8, 不納入) with a ``predicate`` (or by
``extends``), without code changes. For each family, on the parcel pieces of ``twzoning:assignparcels``:

1. **districts**: the touching pieces whose ``nu_zone`` is one of the family's (or whose ``pending_rule`` is one of
   the family's rules, e.g. a zone delineateclasses holds pending SPZ-D) and whose class is one of its rule classes,
   one class per district (the original 鄉村區 / 特定專用區);
2. ``protrusion`` (RDU-EXCL, SPZ-X, 不納入): narrow 交通 / 水利 (/ 特定目的事業) pieces sticking out of a district are
   cut off and join the neighbouring class sharing the longest boundary (:func:`is_narrow_protrusion`);
3. ``outside_zone`` (SPZ-C): 特定目的事業用地 of the unit class outside every district leaves that class;
4. ``gap`` (RDU-GAP, SPZ-3, 納8): districts of one class 「位置相近惟未完全毗連」, separated only by land of the rule's
   ``gap_types`` (:func:`gap_between`), form one unit; the gap land is included;
5. inclusions into each unit: ``road_inside`` (SPZ-1: roads and waterways inside the zone), ``enclosed_parcel``
   (SPZ-2: land enclosed on four sides, < 1 ha), ``concave`` (RDU-UNIT: a parcel indented into the district, ≤ 1 ha),
   ``shared_access`` (納6: building land sharing the district's only access road);
6. ``cumulative`` (RDU-CUM, Q10) per unit: the inclusions not refused by the planner against 1 ha and 50 % of the
   original area → responses (3) / (4) / (5) and default decisions accepted / proposed / refused (the rule's
   ``responses`` and ``decisions``); ``min_total`` (SPZ-D, Q9): the resulting unit (districts + inclusions not
   refused by the planner − exclusions) must reach 2 ha (「2 公頃以上」: exactly 2 ha passes). A unit that does stays
   in its class: its pending pieces (``pending_rule``, from delineateclasses) are decided by the rule and no longer
   pending. A unit that does not has its inclusions refused and its pieces go back to their ``fallback_class`` (the
   class of the general conditions, an automatic change with the qualify step's ``fail_reason``, 「特定專用區面積未達
   2 公頃，依通案條件劃設」); pieces without a fallback (a hand-drawn zone layer) are flagged.

Candidates of 「得」 rules are proposed; the DECISIONS table accepts or refuses them (core/decisions.py); accepted
candidates are applied to the output pieces. Pure Python (shapely 2, pandas); no QGIS import.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Callable

import numpy as np
import pandas as pd
import shapely

from . import catalogue
from .decisions import ACCEPTED, FLAGGED, PROPOSED, REFUSED, UNIT_FIELDS, DecisionTable, resolve_decisions
from .geometry_predicates import (
    area_share_inside,
    boundary_share,
    connected_components,
    gap_between,
    indentations,
    is_narrow_protrusion,
    width,
)
from .parcels import GEOMETRY, Cancelled, apply_changes, working_pieces
from .ruleset import RuleSet, SporadicRule
from .sporadic import _area_text, _changes, candidate_rows, describe_threshold, finish_candidates

__all__ = ["PREDICATES", "UnitsResult", "build_units", "land_type_mask"]

#: The predicates this module evaluates.
PREDICATES = ("road_inside", "enclosed_parcel", "concave", "gap", "protrusion", "outside_zone", "cumulative",
              "min_total", "shared_access")
_INCLUSIONS = ("road_inside", "enclosed_parcel", "concave", "shared_access")
Progress = Callable[[float], bool]


@dataclass
class UnitsResult:
    pieces: pd.DataFrame
    candidates: pd.DataFrame
    units: pd.DataFrame
    summary: dict = field(default_factory=dict)
    not_evaluated: list = field(default_factory=list)


def _step(progress: Progress | None, fraction: float) -> None:
    if progress is not None and progress(fraction) is False:
        raise Cancelled()


def _inherited(rule: SporadicRule, attr: str, ruleset: RuleSet):
    """A rule's field, or that of the rule it ``extends`` when its own is empty (recursively)."""
    seen = set()
    while rule is not None and rule.id not in seen:
        value = getattr(rule, attr)
        if value:
            return value
        seen.add(rule.id)
        rule = ruleset._index["rule"].get(rule.extends) if rule.extends else None
    return getattr(rule, attr) if rule is not None else ()


def land_type_mask(df: pd.DataFrame, names, ruleset: RuleSet, widths: np.ndarray | None = None) -> np.ndarray:
    """Pieces of any of the land types ``names`` (the gap types 產業道路, 農水路 …, see ``land_types``)."""
    out = np.zeros(len(df), dtype=bool)
    uses = df["nu_landuse"].fillna("").astype(str)
    current = df["current_use"].fillna("").astype(str) if "current_use" in df.columns else pd.Series([""] * len(df))
    registered = pd.to_numeric(df["registered"], errors="coerce") if "registered" in df.columns else None
    for name in names:
        lt = ruleset.land_type(name)
        m = np.zeros(len(df), dtype=bool)
        if lt.nu_landuse:
            m |= uses.isin(lt.nu_landuse).to_numpy()
        if lt.current_use:
            m |= current.apply(lambda v, words=lt.current_use: any(w in v for w in words)).to_numpy()
        if not lt.nu_landuse and not lt.current_use:
            m[:] = True
        if lt.registered is not None:
            m &= (registered == lt.registered).fillna(False).to_numpy() if registered is not None else False
        if lt.max_width:
            th = ruleset.threshold(lt.max_width)
            w = width(df[GEOMETRY].to_numpy()) if widths is None else widths
            m &= np.array([th.test(x) for x in w], dtype=bool)
        out |= m
    return out


@dataclass
class _Family:
    key: str
    nu_zones: tuple
    classes: tuple
    rules: list
    prefix: str


def _families(ruleset: RuleSet) -> tuple[list[_Family], list[str]]:
    fams: dict[tuple, _Family] = {}
    not_evaluated = []
    for r in ruleset.sporadic_rules:
        if not r.enabled(ruleset):
            continue
        pred = ruleset.rule_predicate(r)
        if pred is None and r.kind == "unit":
            not_evaluated.append(r.id)
            continue
        if pred not in PREDICATES:
            continue
        zones = tuple(_inherited(r, "nu_zones", ruleset))
        if not zones:
            not_evaluated.append(r.id)
            continue
        fam = fams.setdefault(zones, _Family("、".join(zones), zones, (), [], ""))
        fam.rules.append(r)
        fam.classes = tuple(dict.fromkeys(fam.classes + r.classes))
    for fam in fams.values():
        restrict = next((r for r in fam.rules if ruleset.rule_predicate(r) in ("cumulative", "min_total")), None)
        fam.prefix = (restrict or fam.rules[0]).id.split("-")[0]
    return list(fams.values()), not_evaluated


# ================================================================================================================
# The algorithm
# ================================================================================================================
def build_units(
    pieces: pd.DataFrame,
    ruleset: RuleSet,
    decisions: DecisionTable | None = None,
    *,
    apply_proposed: bool = False,
    progress: Progress | None = None,
) -> UnitsResult:
    """Build the units, find and decide their candidates (module docstring)."""
    started = time.monotonic()
    df = working_pieces(pieces, ruleset)
    families, not_evaluated = _families(ruleset)
    ctx = _Context(df, ruleset)
    all_rows, unit_rows, overrides = [], [], []
    taken = np.zeros(len(df), dtype=bool)  # pieces already used by a unit or candidate of any family
    for k, fam in enumerate(families):
        rows, units, over = _family(ctx, fam, taken, decisions)
        all_rows.extend(rows)
        unit_rows.extend(units)
        overrides.extend(over)
        _step(progress, 0.1 + 0.8 * (k + 1) / max(len(families), 1))
    cands = pd.concat(all_rows, ignore_index=True) if all_rows else None
    override = {i: rid for i, rid in enumerate(overrides) if rid} if cands is not None else None
    cands = finish_candidates(cands, ruleset, decisions, apply_proposed, override)
    for i, (rid, zh, en) in ctx.confirmed.items():  # pending pieces of units that passed: decided, same class
        df.at[i, "rule_id"], df.at[i, "reason"], df.at[i, "reason_en"] = rid, zh, en
        df.at[i, "pending_rule"], df.at[i, "fallback_class"] = "", ""
    out = apply_changes(df.drop(columns=["_area"]), _changes(cands), ruleset)
    units = pd.DataFrame(unit_rows, columns=[*[n for n, _k in UNIT_FIELDS], GEOMETRY])
    _step(progress, 1.0)
    summary = {
        "units": int(len(units)),
        "by_family": {f.key: int((units["family"] == f.key).sum()) for f in families},
        "candidates": int(len(cands)),
        "by_rule": {},
        "units_by_response": {str(k): int(v) for k, v in units["response_id"].value_counts().items() if k},
        "pending_confirmed": len(ctx.confirmed),
        "elapsed_s": round(time.monotonic() - started, 3),
    }
    if not cands.empty:
        for (rule, decision), n in cands.groupby(["rule_id", "decision"]).size().items():
            summary["by_rule"].setdefault(rule, {})[decision] = int(n)
    if decisions is not None:
        summary["decisions_unused"] = decisions.unused()["parcel_key"].tolist()
    return UnitsResult(pieces=out, candidates=cands, units=units, summary=summary, not_evaluated=not_evaluated)


class _Context:
    """The pieces with their spatial index and the thresholds every family uses."""

    def __init__(self, df: pd.DataFrame, ruleset: RuleSet):
        self.df = df
        self.rs = ruleset
        self.geoms = df[GEOMETRY].to_numpy()
        self.codes = df["class_code"].to_numpy()
        self.zones = df["nu_zone"].fillna("").astype(str).to_numpy()
        self.uses = df["nu_landuse"].fillna("").astype(str).to_numpy()
        self.owners = df["owner_type"].fillna("").astype(str).to_numpy()
        self.pending = _text_column(df, "pending_rule")
        self.fallback = _text_column(df, "fallback_class")
        self.confirmed: dict[int, tuple[str, str, str]] = {}  # piece -> (rule id, reason, reason_en) of a passed unit
        self.area = df["_area"].to_numpy()
        self.tree = shapely.STRtree(self.geoms)
        self.tol = float(ruleset.threshold("adjacency_tolerance").value)
        self.radius = float(ruleset.threshold("concave_closing_radius").value)
        self.inside_share = ruleset.threshold("concave_min_area_share")
        self.enclosed_share = ruleset.threshold("enclosed_min_perimeter_share")
        self.max_gap = ruleset.threshold("unit_gap_max_width")
        self.narrow = ruleset.threshold("narrow_protrusion_max_width")
        self.outside = ruleset.threshold("protrusion_min_outside_share")
        self._names: dict[str, str] = {}

    def name(self, code: str) -> str:
        if code not in self._names:
            self._names[code] = catalogue.class_name(code, "register", self.rs) if code else "未劃設分區之土地"
        return self._names[code]

    def near(self, geom, distance: float) -> np.ndarray:
        return self.tree.query(geom, predicate="dwithin", distance=distance)

    def neighbour_class(self, i: int, exclude: set, not_class: set) -> tuple[str, float]:
        """The class of the pieces sharing the longest boundary with piece ``i`` (pieces in ``exclude`` and classes
        in ``not_class`` left out); ``("", 0)`` when there is none."""
        idx = [j for j in self.near(self.geoms[i], self.tol) if j != i and j not in exclude
               and self.codes[j] not in not_class and self.codes[j] != ""]
        if not idx:
            return "", 0.0
        idx = np.array(idx)
        line = shapely.boundary(self.geoms[i])
        lengths = shapely.length(shapely.intersection(line, shapely.buffer(self.geoms[idx], self.tol)))
        by_class = pd.Series(lengths).groupby(self.codes[idx]).sum().sort_values(ascending=False, kind="stable")
        if by_class.iloc[0] <= 0:
            return "", 0.0
        return str(by_class.index[0]), float(by_class.iloc[0])


def _text_column(df: pd.DataFrame, name: str) -> np.ndarray:
    if name not in df.columns:
        return np.full(len(df), "", dtype=object)
    return df[name].fillna("").astype(str).to_numpy()


def _family(ctx: _Context, fam: _Family, taken: np.ndarray, decisions: DecisionTable | None):
    """Units and candidates of one family; returns (candidate frames, unit rows, response overrides per row)."""
    rs, df = ctx.rs, ctx.df
    pred = {r.id: rs.rule_predicate(r) for r in fam.rules}
    frames, overrides = [], []

    def add(frame: pd.DataFrame, response: str = "") -> None:
        if frame is not None and not frame.empty:
            frames.append(frame)
            overrides.extend([response] * len(frame))

    # 1. districts
    member = (np.isin(ctx.zones, fam.nu_zones) | np.isin(ctx.pending, [r.id for r in fam.rules])) \
        & np.isin(ctx.codes, fam.classes)
    idx = np.flatnonzero(member)
    if not len(idx):
        return [], [], []
    pi, pj = shapely.STRtree(ctx.geoms[idx]).query(ctx.geoms[idx], predicate="dwithin", distance=ctx.tol)
    same = (pi < pj) & (ctx.codes[idx][pi] == ctx.codes[idx][pj])
    dlabel = connected_components(len(idx), zip(pi[same], pj[same]))
    districts = [idx[dlabel == k] for k in range(int(dlabel.max()) + 1)]
    dgeom = [shapely.union_all(ctx.geoms[d]) for d in districts]
    dclass = [ctx.codes[d[0]] for d in districts]
    taken[idx] = True

    # 2. protrusions (exclusions from the district)
    excluded: dict[int, str] = {}  # piece -> rule id
    for rule in (r for r in fam.rules if pred[r.id] == "protrusion"):
        uses = _inherited(rule, "land_uses", rs)
        owners = _inherited(rule, "owner_types", rs)
        for k, d in enumerate(districts):
            cand = np.array([i for i in d if ctx.uses[i] in uses and (not owners or ctx.owners[i] in owners)
                             and i not in excluded], dtype=int)
            if not len(cand):
                continue
            hit = cand[is_narrow_protrusion(ctx.geoms[cand], dgeom[k], ctx.narrow, ctx.outside)]
            for i in hit:
                excluded[int(i)] = rule.id
                add(_exclusion(ctx, fam, rule, int(i), set(d.tolist()), f"D{k + 1}"), rule.response or "")

    # 3. 特定目的事業用地 outside every district (SPZ-C)
    for rule in (r for r in fam.rules if pred[r.id] == "outside_zone"):
        uses = _inherited(rule, "land_uses", rs)
        out_idx = np.flatnonzero(np.isin(ctx.codes, rule.classes) & np.isin(ctx.uses, uses)
                                 & ~np.isin(ctx.zones, fam.nu_zones) & ~taken)
        for i in out_idx:
            add(_outside(ctx, rule, int(i)), rule.response or "")
            taken[i] = True

    # 4. gaps: merge districts into units
    merges, gap_of = [], {}
    gap_rules = sorted((r for r in fam.rules if pred[r.id] == "gap"), key=lambda r: r.scope != "通案")
    if len(districts) > 1 and gap_rules:
        dtree = shapely.STRtree(np.array(dgeom, dtype=object))
        ai, bi = dtree.query(np.array(dgeom, dtype=object), predicate="dwithin", distance=float(ctx.max_gap.value))
        for a, b in zip(ai, bi):
            if a >= b or dclass[a] != dclass[b]:
                continue
            around = np.unique(np.concatenate([ctx.near(dgeom[a], ctx.tol), ctx.near(dgeom[b], ctx.tol)]))
            around = around[~member[around]]
            if not len(around):
                continue
            for rule in gap_rules:
                movable = _movable(ctx, rule, around)
                is_gap = land_type_mask(df.iloc[around], _inherited(rule, "gap_types", rs), rs) & movable
                ok, which = gap_between(dgeom[a], dgeom[b], ctx.geoms[around], is_gap, ctx.tol, ctx.max_gap)
                if ok:
                    merges.append((a, b))
                    dist = float(shapely.distance(dgeom[a], dgeom[b]))
                    for i in around[which]:
                        gap_of.setdefault(int(i), (rule, a, b, dist))
                    break
    ulabel = connected_components(len(districts), merges)
    units: list[list[int]] = [[] for _ in range(int(ulabel.max()) + 1)]
    for k, u in enumerate(ulabel):
        units[u].append(k)

    # 5. unit bodies and inclusions
    gaps_of_unit: dict[int, list[int]] = {}
    for i, v in gap_of.items():
        gaps_of_unit.setdefault(int(ulabel[v[1]]), []).append(i)
    unit_rows = []
    restrict = [r for r in fam.rules if pred[r.id] in ("cumulative", "min_total")]
    for u, ks in enumerate(units):
        uid = f"{fam.prefix}-{u + 1:04d}"
        pieces_u = np.concatenate([districts[k] for k in ks])
        core = [i for i in pieces_u if int(i) not in excluded]
        gaps = gaps_of_unit.get(u, [])
        body = shapely.union_all(ctx.geoms[np.array(core + gaps, dtype=int)])
        inc_frames, inc_rows_idx = [], []
        for i in gaps:
            rule, a, b, dist = gap_of[i]
            taken[i] = True
            inc_frames.append(_gap_candidate(ctx, fam, rule, i, uid, dist))
            inc_rows_idx.append(i)
        for rule in (r for r in fam.rules if pred[r.id] in _INCLUSIONS):
            found = _inclusions(ctx, fam, rule, pred[rule.id], body, uid, taken, dclass[ks[0]])
            for frame, pidx in found:
                inc_frames.append(frame)
                inc_rows_idx.extend(pidx)
                taken[pidx] = True
        base = float(ctx.area[pieces_u].sum())
        excl_area = float(sum(ctx.area[i] for i in pieces_u if int(i) in excluded))
        inc = pd.concat(inc_frames, ignore_index=True) if inc_frames else None
        unit_row, inc, response = _restrict(ctx, fam, restrict, inc, decisions, uid, dclass[ks[0]], base, excl_area,
                                            len(ks))
        geom_parts = [body]
        if inc is not None and not inc.empty:
            alive = inc["default_decision"] != REFUSED
            geom_parts += list(inc.loc[alive, GEOMETRY])
            add(inc, response)
        too_small = unit_row.pop("_flag_districts", False)
        for rule in (r for r in restrict if pred[r.id] == "min_total"):
            if too_small:
                for frame in _too_small(ctx, fam, rule, pieces_u, uid, unit_row):
                    add(frame, "")
            else:
                _confirm(ctx, rule, pieces_u, unit_row)
        unit_row[GEOMETRY] = shapely.union_all(geom_parts)
        unit_rows.append(unit_row)
    return frames, unit_rows, overrides


def _movable(ctx: _Context, rule: SporadicRule, idx: np.ndarray) -> np.ndarray:
    classes = _inherited(rule, "enclosed_classes", ctx.rs)
    codes = ctx.codes[idx]
    if not classes:
        return np.ones(len(idx), dtype=bool)
    return (codes == "") | np.isin(codes, classes)


def _exclusion(ctx: _Context, fam: _Family, rule: SporadicRule, i: int, district: set, did: str) -> pd.DataFrame:
    to, _length = ctx.neighbour_class(i, district, {ctx.codes[i]})
    w = float(width(ctx.geoms[i])[0])
    body_share = ctx.outside
    c_zh, c_en = describe_threshold(ctx.narrow, w)
    zh = (f"{ctx.uses[i]}（寬 {w:.1f} 公尺，{c_zh}）狹長突出於原{fam.key}範圍外（{body_share.display}以上位於主體外）："
          f"依{rule.name}（{rule.id}）不納入單元")
    en = (f"{ctx.uses[i]} land {w:.1f} m wide ({c_en}) protruding from the original {fam.key} ({did}): left out of "
          f"the unit under {rule.id} ({rule.name_en})")
    if to:
        zh += f"，併入毗鄰之{ctx.name(to)}。"
        en += f"; it joins the neighbouring {to}."
        default = PROPOSED if rule.mode == "candidate" else ACCEPTED
    else:
        zh += "；無可併入之毗鄰分區，請指定。"
        en += "; no neighbouring class to join: choose one."
        default = FLAGGED
    return candidate_rows(ctx.df, [i], rule, ctx.rs, to_class=to, group_id=did, group_area=ctx.area[i],
                          default=default, reasons=(zh, en), thresholds=(ctx.narrow, ctx.outside))


def _outside(ctx: _Context, rule: SporadicRule, i: int) -> pd.DataFrame:
    to, _length = ctx.neighbour_class(i, set(), set(rule.classes))
    cls = ctx.codes[i]
    zh = f"{ctx.uses[i]}位於{'、'.join(rule.nu_zones)}範圍外，依{rule.name}（{rule.id}）不得劃設為{ctx.name(cls)}"
    en = f"{ctx.uses[i]} land outside every {'/'.join(rule.nu_zones)}: it cannot be {cls} ({rule.id})"
    if to:
        zh += f"，改劃毗鄰之{ctx.name(to)}。"
        en += f"; it joins the neighbouring {to}."
        default = ACCEPTED if rule.mode == "automatic" else PROPOSED
    else:
        zh += "；無可併入之毗鄰分區，請依通案條件劃設。"
        en += "; no neighbouring class: zone it by the general conditions."
        default = FLAGGED
    return candidate_rows(ctx.df, [i], rule, ctx.rs, to_class=to, group_id="", group_area=ctx.area[i],
                          default=default, reasons=(zh, en))


def _gap_candidate(ctx: _Context, fam: _Family, rule: SporadicRule, i: int, uid: str, dist: float) -> pd.DataFrame:
    c_zh, c_en = describe_threshold(ctx.max_gap, round(dist, 3))
    types = "、".join(_inherited(rule, "gap_types", ctx.rs))
    zh = (f"{ctx.uses[i] or '土地'}區隔位置相近之{fam.key}（相距 {dist:.1f} 公尺，{c_zh}），區隔土地僅為{types}："
          f"依{rule.name}（{rule.id}）得將數個{fam.key}合併為 1 處單元（{uid}）並一併納入")
    if rule.requires:
        zh += f"，惟須{rule.requires}"
    zh += "。"
    en = (f"{ctx.uses[i] or 'Land'} separating nearby {fam.key} districts ({dist:.1f} m apart, {c_en}) made only of "
          f"{types}: the districts form one unit ({uid}) under {rule.id} and this land joins it.")
    return candidate_rows(ctx.df, [i], rule, ctx.rs, to_class="", group_id=uid, group_area=0.0,
                          default=PROPOSED if rule.mode == "candidate" else ACCEPTED, reasons=(zh, en),
                          thresholds=(ctx.max_gap,))


def _inclusions(ctx: _Context, fam: _Family, rule: SporadicRule, predicate: str, body, uid: str,
                taken: np.ndarray, unit_class: str) -> list[tuple[pd.DataFrame, np.ndarray]]:
    """Candidates of one inclusion rule around one unit: a list of (rows, piece positions)."""
    rs = ctx.rs
    near = ctx.near(body, ctx.radius if predicate != "shared_access" else ctx.tol)
    near = near[~taken[near]]
    near = near[_movable(ctx, rule, near)]
    if not len(near):
        return []
    uses = _inherited(rule, "land_uses", rs)
    default = PROPOSED if rule.mode == "candidate" else ACCEPTED
    out = []
    if predicate in ("road_inside", "concave", "enclosed_parcel"):
        pockets = indentations(body, ctx.radius, min_area=float(rs.threshold("parcel_sliver_max_area").value))
        if not len(pockets):
            return []
        inside = area_share_inside(ctx.geoms[near], shapely.union_all(pockets))
        ok = np.array([ctx.inside_share.test(s) for s in inside], dtype=bool)
        if predicate == "road_inside":
            sel = ok & np.isin(ctx.uses[near], uses) if uses else ok
            for i, s in zip(near[sel], inside[sel]):
                zh = (f"{ctx.uses[i]}位於{fam.key}（{uid}）內（{s:.0%} 位於其凹入範圍）：依{rule.name}（{rule.id}）"
                      f"得納入{ctx.name(unit_class)}。")
                en = f"{ctx.uses[i]} land inside the {fam.key} ({uid}, {s:.0%}): may join {unit_class} ({rule.id})."
                out.append((candidate_rows(ctx.df, [i], rule, rs, to_class=unit_class, group_id=uid,
                                           group_area=ctx.area[i], default=default, reasons=(zh, en),
                                           thresholds=(ctx.inside_share,)), np.array([i])))
        elif predicate == "concave":
            th = rs.threshold(rule.params["max_area"]) if "max_area" in rule.params else None
            for i, s in zip(near[ok], inside[ok]):
                if th is not None and not th.test(ctx.area[i]):
                    continue
                a_zh, a_en = _area_text(ctx.area[i])
                c_zh, c_en = describe_threshold(th, ctx.area[i]) if th is not None else ("", "")
                zh = (f"凹入{fam.key}（{uid}）之零星土地（{s:.0%} 位於凹入範圍），面積 {a_zh}，{c_zh}："
                      f"依{rule.name}（{rule.id}）得一併納入{ctx.name(unit_class)}。")
                en = (f"Sporadic land indented into the {fam.key} ({uid}, {s:.0%} in the indentation), {a_en} "
                      f"({c_en}): may join {unit_class} ({rule.id}).")
                out.append((candidate_rows(ctx.df, [i], rule, rs, to_class=unit_class, group_id=uid,
                                           group_area=ctx.area[i], default=default, reasons=(zh, en),
                                           thresholds=tuple(t for t in (th, ctx.inside_share) if t)), np.array([i])))
        else:  # enclosed_parcel: indentations enclosed on four sides
            th = rs.threshold(rule.params["max_area"]) if "max_area" in rule.params else None
            min_share = rs.threshold(rule.params["min_perimeter_share"]) if "min_perimeter_share" in rule.params \
                else ctx.enclosed_share
            shares = boundary_share(pockets, body, ctx.tol)
            for pocket, share in zip(pockets, shares):
                if not min_share.test(share):
                    continue
                in_pocket = area_share_inside(ctx.geoms[near], pocket)
                sel = near[np.array([ctx.inside_share.test(x) for x in in_pocket], dtype=bool)]
                if not len(sel):
                    continue
                total = float(ctx.area[sel].sum())
                if th is not None and not th.test(round(total, 2)):
                    continue
                a_zh, a_en = _area_text(total)
                c_zh, c_en = describe_threshold(th, total) if th is not None else ("", "")
                zh = (f"四面為{fam.key}（{uid}）包夾之零星土地（{len(sel)} 筆部分，合計 {a_zh}，{c_zh}）："
                      f"依{rule.name}（{rule.id}）得納入{ctx.name(unit_class)}。")
                en = (f"Sporadic land enclosed on four sides by the {fam.key} ({uid}; {len(sel)} pieces, {a_en}, "
                      f"{c_en}): may join {unit_class} ({rule.id}).")
                out.append((candidate_rows(ctx.df, sel, rule, rs, to_class=unit_class, group_id=uid,
                                           group_area=total, default=default, reasons=(zh, en),
                                           thresholds=tuple(t for t in (th, min_share) if t)), sel))
    elif predicate == "shared_access":
        out.extend(_shared_access(ctx, fam, rule, body, uid, near, unit_class, default))
    return out


def _shared_access(ctx, fam, rule, body, uid, near, unit_class, default):
    """納6: building land touching the unit whose only access road (a piece of the rule's gap types touching it)
    also touches the unit."""
    rs = ctx.rs
    roads_types = _inherited(rule, "gap_types", rs)
    if not roads_types:
        return []
    uses = _inherited(rule, "land_uses", rs)
    cand = near[np.isin(ctx.uses[near], uses)] if uses else near
    out = []
    for i in cand:
        around = np.array([j for j in ctx.near(ctx.geoms[i], ctx.tol) if j != i])
        if not len(around):
            continue
        roads = around[land_type_mask(ctx.df.iloc[around], roads_types, rs)]
        if len(roads) != 1 or not shapely.dwithin(ctx.geoms[roads[0]], body, ctx.tol):
            continue
        zh = (f"{ctx.uses[i]}毗鄰{fam.key}（{uid}），其唯一出入道路與該{fam.key}共用：依{rule.name}"
              f"（{rule.code or rule.id}）得一併納入{ctx.name(unit_class)}。")
        en = (f"{ctx.uses[i]} land next to the {fam.key} ({uid}) whose only access road it shares: may join "
              f"{unit_class} ({rule.id}).")
        out.append((candidate_rows(ctx.df, [i], rule, rs, to_class=unit_class, group_id=uid,
                                   group_area=ctx.area[i], default=default, reasons=(zh, en)), np.array([i])))
    return out


def _restrict(ctx, fam, restrict, inc, decisions, uid, unit_class, base, excl_area, n_districts):
    """RDU-CUM / SPZ-D on one unit: the unit row, the inclusion rows with their defaults, the response id."""
    rs = ctx.rs
    if inc is not None and not inc.empty:
        inc = inc.copy()
        inc["to_class"] = unit_class
        planner = resolve_decisions(inc, decisions)
        alive = ~((planner["decided_by"] == "DECISIONS") & (planner["decision"] == REFUSED))
        added = float(inc.loc[alive.to_numpy(), "area_m2"].sum())
    else:
        added = 0.0
    share = round(added / base, 9) if base > 0 else 0.0  # areas are exact to 0.01 m²: keep the ratio precise
    row = {"unit_id": uid, "family": fam.key, "class_code": unit_class, "class_name": ctx.name(unit_class),
           "district_count": n_districts, "base_area_m2": round(base, 2), "added_area_m2": round(added, 2),
           "added_share": share, "excluded_area_m2": round(excl_area, 2),
           "total_area_m2": round(base + added - excl_area, 2), "rule_id": "", "response_id": "", "response": "",
           "discussion": 0, "status": "ok" if added > 0 else "no_inclusion", "reason": "", "reason_en": ""}
    response = ""
    a_zh, a_en = _area_text(added)
    b_zh, b_en = _area_text(base)
    for rule in restrict:
        pred = rs.rule_predicate(rule)
        row["rule_id"] = rule.id
        if pred == "cumulative":
            if added <= 0:
                row["reason"] = f"{fam.key}單元（{uid}，原面積 {b_zh}）無納入零星土地。"
                row["reason_en"] = f"The {fam.key} unit ({uid}, original {b_en}) includes no sporadic land."
                continue
            free = rs.threshold(rule.params["free_max_area"])
            cap = rs.threshold(rule.params["cap_share"])
            if free.test(round(added, 2)):
                outcome, status = "free", "ok"
            elif cap.test(share):
                outcome, status = "within_cap", "needs_justification"
            else:
                outcome, status = "over_cap", "refused"
            response = rule.responses.get(outcome, "")
            resp = rs.response(response) if response else None
            f_zh, f_en = describe_threshold(free, round(added, 2))
            c_zh, c_en = describe_threshold(cap, share)
            row.update(status=status, response_id=response, response=resp.text if resp else "",
                       discussion=int(bool(resp and resp.discussion)))
            row["reason"] = (f"{fam.key}單元（{uid}）累計納入面積 {a_zh}（{f_zh}），為原{fam.key}面積 {b_zh} 之 "
                             f"{share:.1%}（{c_zh}）：{rule.name}（{rule.id}）。")
            row["reason_en"] = (f"Unit {uid}: cumulative inclusion {a_en} ({f_en}), {share:.1%} of the original "
                                f"{b_en} ({c_en}): {rule.id}.")
            if inc is not None and not inc.empty:
                inc["group_area_m2"] = round(added, 2)
                inc["reason"] = inc["reason"] + "單元累計：" + row["reason"]
                inc["reason_en"] = inc["reason_en"] + " " + row["reason_en"]
                default = rule.decisions.get(outcome, REFUSED if outcome == "over_cap" else "")
                if default:
                    inc.loc[inc["default_decision"] != FLAGGED, "default_decision"] = default
        elif pred == "min_total":
            th = rs.threshold(rule.params["min_total_area"])
            total = round(base + added - excl_area, 2)
            t_zh, t_en = _area_text(total)
            c_zh, c_en = describe_threshold(th, total)
            row["reason"] = (f"{fam.key}單元（{uid}，{n_districts} 處）原面積 {b_zh}，納入 {a_zh}，合計 {t_zh}，{c_zh}："
                             f"{rule.name}（{rule.id}）。")
            row["reason_en"] = (f"{fam.key} unit {uid} ({n_districts} districts): original {b_en}, included {a_en}, "
                                f"total {t_en} ({c_en}): {rule.id}.")
            if th.test(total):
                row["reason"] += f"維持{ctx.name(unit_class)}。"
                row["reason_en"] += f" It stays {unit_class}."
            else:
                row["status"] = "too_small"
                row["_flag_districts"] = True
                row["reason"] += f"{_fail_reason(rs, rule, fam)}。"
                row["reason_en"] += " Zoned by the general conditions."
                if inc is not None and not inc.empty:
                    inc.loc[inc["default_decision"] != FLAGGED, "default_decision"] = REFUSED
                    inc["reason"] = inc["reason"] + f"惟單元合計 {t_zh}，{c_zh}（{rule.id}），不予納入。"
                    inc["reason_en"] = inc["reason_en"] + f" But the unit totals {t_en} ({c_en}, {rule.id}): refused."
    return row, inc, response


def _fail_reason(rs: RuleSet, rule: SporadicRule, fam: _Family) -> str:
    """The reason a unit failing ``rule`` (min_total) leaves its class: the ``fail_reason`` of the qualify step that
    deferred to the rule (特定專用區面積未達 2 公頃，依通案條件劃設), else one made from the threshold."""
    for ind in rs.indicators:
        for step in ind.method:
            if step.type == "qualify" and step.params.get("defer_to") == rule.id and step.params.get("fail_reason"):
                return str(step.params["fail_reason"])
    th = rs.threshold(rule.params["min_total_area"])
    return f"{fam.key}面積未達 {th.display or th.value}，依通案條件劃設"


def _confirm(ctx: _Context, rule: SporadicRule, pieces_u, unit_row: dict) -> None:
    """A unit that passes ``rule``: its pieces pending this rule are decided (they keep their class)."""
    for i in pieces_u:
        if ctx.pending[i] == rule.id:
            ctx.confirmed[int(i)] = (rule.id, unit_row["reason"], unit_row["reason_en"])


def _too_small(ctx: _Context, fam: _Family, rule: SporadicRule, pieces_u, uid: str, unit_row: dict) -> list:
    """A unit that fails ``rule`` (min_total): its pieces with a fallback class go back to it (an automatic change of
    the rule), the others are flagged for the planner to zone by the general conditions."""
    rs = ctx.rs
    idx = np.asarray(pieces_u, dtype=int)
    th = rs.threshold(rule.params["min_total_area"])
    fail = _fail_reason(rs, rule, fam)
    out = []
    with_fb = idx[ctx.fallback[idx] != ""]
    for fb in dict.fromkeys(ctx.fallback[with_fb]):
        sel = with_fb[ctx.fallback[with_fb] == fb]
        zh = f"{fail}：{unit_row['reason']}改劃為{ctx.name(fb)}（{rule.id}）。"
        en = (f"{unit_row['reason_en']} The {fam.key} unit stays under {th.display or th.value}: zoned by the general "
              f"conditions as {fb} ({rule.id}).")
        out.append(candidate_rows(ctx.df, sel, rule, rs, to_class=fb, group_id=uid,
                                  group_area=unit_row["total_area_m2"],
                                  default=ACCEPTED if rule.mode == "automatic" else PROPOSED, reasons=(zh, en),
                                  thresholds=(th,)))
    rest = idx[ctx.fallback[idx] == ""]
    if len(rest):
        zh = f"{unit_row['reason']}此{unit_row['family']}未達規模，不得劃設為{ctx.name(unit_row['class_code'])}，請依通案條件劃設。"
        en = f"{unit_row['reason_en']} Too small to be {unit_row['class_code']}: zone it by the general conditions."
        out.append(candidate_rows(ctx.df, rest, rule, rs, to_class="", group_id=uid,
                                  group_area=unit_row["total_area_m2"], default=FLAGGED, reasons=(zh, en),
                                  thresholds=(th,)))
    return out
