"""Sporadic land (零星土地, RULES.md §4.0, §2.2, §3.7): the core of ``twzoning:sporadicland``.

Input: the parcel pieces of ``twzoning:assignparcels`` (parcel schema + PIECE_FIELDS). The pieces of one class that
touch each other form a *patch*. The rules of ``sporadic.yaml`` are evaluated by their ``predicate``:

``enclosed_patch``   a patch of class X (one of the rule's ``enclosed_classes``, or unzoned land) whose outer edge
                     touches one class Y (one of the rule's ``classes``) for at least ``enclosed_min_perimeter_share``
                     (四面包夾, :func:`geometry_predicates.is_enclosed_four_sides`) and whose area passes the rule's
                     ``max_area`` / ``min_area``: every parcel piece of the patch is a candidate X → Y.
                     CON1-SPOR (國1 < 2 ha), AGR2-IN-AGR1 (農2 < 2 ha in 農1), SPOR-IN (國2 農1 農2 農3 城2-1 城2-2 城2-3,
                     [CONFIG] < 2 ha), AGR2-BIG-IN-AGR1 (flag from 2 ha). When several rules fit, the one with the fewest
                     enclosed_classes (the most specific) is tried first. Land enclosed by a rural district or a
                     special-purpose zone is left to ``twzoning:ruralunits`` (its unit rules).
``private_sporadic`` CON1-PRIV: a candidate joining 國1 whose parcel is private (owner_type 私有) is flagged:
                     「經直轄市、縣（市）政府評估基於後續土地管理需要，可以不劃設為國土保育地區第 1 類」.
``split_piece``      FARM-SPLIT: after the decisions, a piece of a split parcel of farmland (the rule's land_uses
                     and nu_zones) below ``farmland_min_subdivision_area`` is flagged (RULES.md §3.7).

A candidate of a 「得」 rule (mode ``candidate``) is *proposed*; a planner accepts or refuses it in the DECISIONS
table (core/decisions.py). Accepted candidates are applied to the output pieces. Every candidate carries the rule
id, the 表31 standard response, whether it goes to discussion, and a reason in Chinese and English.

Pure Python (shapely 2, pandas); no QGIS import.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Callable

import numpy as np
import pandas as pd
import shapely

from . import catalogue, parallel
from .decisions import (
    ACCEPTED,
    CANDIDATE_LIST_FIELDS,
    FLAGGED,
    PROPOSED,
    REFUSED,
    DecisionTable,
    resolve_decisions,
)
from .geometry_predicates import boundary_share, connected_components, coverage_union
from .parcels import GEOMETRY, Cancelled, apply_changes, rule_area, working_pieces
from .ruleset import LOCAL_SCOPE, RuleSet, SporadicRule, Threshold

__all__ = [
    "PREDICATES",
    "SporadicResult",
    "find_sporadic",
    "describe_threshold",
    "candidate_rows",
    "finish_candidates",
    "piece_patches",
]

#: The predicates this module evaluates (the others belong to core/units.py).
PREDICATES = ("enclosed_patch", "private_sporadic", "split_piece")
Progress = Callable[[float], bool]

_OP_ZH = {"lt": "未達 {d}", "le": "{d} 以下", "gt": "大於 {d}", "ge": "{d} 以上"}
_OP_EN = {"lt": "under {v}", "le": "at most {v}", "gt": "over {v}", "ge": "at least {v}"}


@dataclass
class SporadicResult:
    """``pieces`` after the accepted decisions, the ``candidates`` list, ``summary`` and the rules not evaluated."""

    pieces: pd.DataFrame
    candidates: pd.DataFrame
    summary: dict = field(default_factory=dict)
    not_evaluated: list = field(default_factory=list)


def _step(progress: Progress | None, fraction: float) -> None:
    if progress is not None and progress(fraction) is False:
        raise Cancelled()


def describe_threshold(th: Threshold, x: float) -> tuple[str, str]:
    """Chinese and English phrases saying how ``x`` compares with ``th``: 「符合「未達 2 公頃」」 / "under 20000 m²"."""
    passes = th.test(x)
    unit = {"m2": " m²", "m": " m", "ratio": ""}.get(th.unit, " " + th.unit)
    shown = f"{th.value:.0%}" if th.unit == "ratio" else f"{th.value:g}{unit}"
    zh = _OP_ZH[th.op].format(d=th.display or shown)
    en = _OP_EN[th.op].format(v=shown)
    return (f"符合「{zh}」" if passes else f"不符「{zh}」"), (en if passes else "not " + en)


def _area_text(x: float) -> tuple[str, str]:
    return f"{x:,.2f} 平方公尺（{x / 10000:.4f} 公頃）", f"{x:,.2f} m² ({x / 10000:.4f} ha)"


# ================================================================================================================
# Patches
# ================================================================================================================
def piece_patches(pieces: pd.DataFrame, tolerance: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Patch label of each piece (pieces of one class touching within ``tolerance``), and the piece adjacency
    pairs ``(i, j)`` of pieces of *different* classes (the neighbours of the patches)."""
    geoms = pieces[GEOMETRY].to_numpy()
    codes = pieces["class_code"].fillna("").astype(str).to_numpy()
    tree = shapely.STRtree(geoms)
    i, j = tree.query(geoms, predicate="dwithin", distance=tolerance)
    keep = i < j
    i, j = i[keep], j[keep]
    same = codes[i] == codes[j]
    labels = connected_components(len(geoms), zip(i[same], j[same]))
    return labels, i[~same], j[~same]


def _patch_enclosure(pieces, labels, ni, nj, tolerance, min_share, eligible) -> pd.DataFrame:
    """Per eligible patch: its class, the class Y of the neighbours along the longest part of its edge, the share
    of its outer edge touching Y, whether it is enclosed (四面包夾) by Y, its members and its Y neighbours."""
    geoms = pieces[GEOMETRY].to_numpy()
    codes = pieces["class_code"].to_numpy()
    pairs = pd.DataFrame({
        "patch": np.concatenate([labels[ni], labels[nj]]),
        "other": np.concatenate([nj, ni]),
    })
    pairs = pairs[pairs["patch"].isin(eligible)].drop_duplicates()
    pairs["other_class"] = codes[pairs["other"].to_numpy()]
    members = {k: g.to_numpy() for k, g in pd.Series(np.arange(len(geoms))).groupby(labels) if k in eligible}
    groups = [(patch, [(c, sub["other"].to_numpy()) for c, sub in grp.groupby("other_class", sort=True) if c != ""])
              for patch, grp in pairs.groupby("patch", sort=True)]
    # the unions (each patch, its neighbours of each class) are independent: computed in threads (GEOS releases the
    # GIL), in a fixed order, before the loop that uses them
    tasks = [members[patch] for patch, _nbs in groups] + [nb for _p, nbs in groups for _c, nb in nbs]
    unions = iter(parallel.map_items(lambda idx: _union(geoms[idx]), tasks))
    shapes = [next(unions) for _ in groups]
    rows = []
    for (patch, nbs), shape in zip(groups, shapes):
        idx = members[patch]
        best, best_nb = ("", 0.0), np.zeros(0, dtype=int)
        for other_class, nb in nbs:
            share = float(boundary_share(shape, next(unions), tolerance)[0])
            if share > best[1]:
                best, best_nb = (other_class, share), nb
        rows.append({"patch": patch, "class_code": codes[idx[0]], "enclosing": best[0], "share": best[1],
                     "enclosed": bool(best[0]) and min_share.test(best[1]), "members": idx, "neighbours": best_nb})
    return pd.DataFrame(rows, columns=["patch", "class_code", "enclosing", "share", "enclosed", "members",
                                       "neighbours"])


def _union(geoms: np.ndarray):
    """Union of pieces that normally form a coverage (parcels do not overlap): :func:`coverage_union`."""
    return coverage_union(geoms)


def _eligible_patches(df: pd.DataFrame, labels: np.ndarray, rules: list[SporadicRule], ruleset: RuleSet) -> set:
    """Patches some enclosed_patch rule could move: of a class the rule moves (or unzoned) and, when every such
    rule has a ``max_area``, not larger than the largest of them."""
    stats = pd.DataFrame({"patch": labels, "cls": df["class_code"].to_numpy(), "area": df["_area"].to_numpy()})
    stats = stats.groupby("patch").agg(cls=("cls", "first"), area=("area", "sum"))
    keep = set()
    for patch, cls, area in zip(stats.index, stats["cls"], stats["area"]):
        for r in rules:
            if cls != "" and cls not in r.enclosed_classes:
                continue
            if "max_area" in r.params and not ruleset.threshold(r.params["max_area"]).test(round(area, 2)):
                continue
            keep.add(patch)
            break
    return keep


# ================================================================================================================
# Candidate rows (shared with core/units.py)
# ================================================================================================================
def candidate_rows(
    pieces: pd.DataFrame,
    index,
    rule: SporadicRule,
    ruleset: RuleSet,
    *,
    to_class: str,
    group_id: str,
    group_area: float,
    default: str,
    reasons: tuple[list, list] | tuple[str, str],
    thresholds: tuple = (),
) -> pd.DataFrame:
    """Candidate rows for the pieces at ``index`` (positions in ``pieces``) under ``rule``."""
    sub = pieces.iloc[list(index)]
    n = len(sub)
    scope = rule.scope
    if any(getattr(t, "scope", "") == LOCAL_SCOPE for t in thresholds):
        scope = LOCAL_SCOPE
    zh, en = reasons
    rows = pd.DataFrame({
        "parcel_key": sub["parcel_key"].to_numpy(),
        "from_class": sub["class_code"].fillna("").astype(str).to_numpy(),
        "to_class": to_class,
        "rule_id": rule.id,
        "rule_code": rule.code or "",
        "rule_name": rule.name,
        "kind": rule.kind,
        "mode": rule.mode,
        "scope": scope,
        "area_m2": sub["_area"].to_numpy(),
        "group_id": group_id,
        "group_area_m2": round(float(group_area), 2),
        "default_decision": default,
        "reason": zh if isinstance(zh, list) else [zh] * n,
        "reason_en": en if isinstance(en, list) else [en] * n,
    })
    for name in ("county", "town", "office", "section", "section_name", "parcel_no", "reg_area", "nu_zone",
                 "nu_landuse", "owner_type"):
        rows[name] = sub[name].to_numpy() if name in sub.columns else None
    rows[GEOMETRY] = sub[GEOMETRY].to_numpy()
    return rows


def finish_candidates(rows: pd.DataFrame, ruleset: RuleSet, table: DecisionTable | None,
                      apply_proposed: bool, response_override: dict | None = None) -> pd.DataFrame:
    """Resolve the decisions, attach the 表31 responses and order the columns of the candidate list.

    ``response_override`` maps a row position to a response id (the 鄉村區單元 inclusions, by RDU-CUM)."""
    names = [n for n, _k in CANDIDATE_LIST_FIELDS]
    if rows is None or rows.empty:
        return pd.DataFrame(columns=[*names, GEOMETRY])
    rows = rows.reset_index(drop=True)
    rows = resolve_decisions(rows, table, apply_proposed)
    class_names = {c: (catalogue.class_name(c, "register", ruleset) if c else "") for c in
                   set(rows["from_class"]) | set(rows["to_class"])}
    rows["from_name"] = rows["from_class"].map(class_names)
    rows["to_name"] = rows["to_class"].map(class_names)
    rows["candidate_id"] = rows["rule_id"] + ":" + rows["parcel_key"] + ":" + rows["from_class"]
    resp_id, resp_text, discussion, reason = [], [], [], list(rows["reason"])
    default_local = next((r for r in ruleset.standard_responses if r.default_for_scope == LOCAL_SCOPE), None)
    for i, r in enumerate(rows.itertuples(index=False)):
        rule = ruleset.rule(r.rule_id)
        if r.scope == LOCAL_SCOPE and default_local is not None:
            resp = default_local
        elif response_override and i in response_override and response_override[i]:
            resp = ruleset.response(response_override[i])
        else:
            resp = ruleset.rule_response(rule)
        if resp is None:
            resp_id.append("")
            resp_text.append("")
            discussion.append(int(rule.discussion))
            continue
        disc = bool(resp.discussion)
        if resp.type == 4 and resp.class_codes:
            cls = r.from_class if rule.kind == "exclude" else r.to_class
            if cls and cls not in resp.class_codes:
                disc = True
                reason[i] += f"（表31 此制式回應未列{class_names.get(cls, cls)}，請補充說明）"
        resp_id.append(resp.id)
        resp_text.append(resp.text)
        discussion.append(int(disc))
    rows["response_id"] = resp_id
    rows["response"] = resp_text
    rows["discussion"] = discussion
    rows["reason"] = reason
    return rows[[*names, GEOMETRY]]


# ================================================================================================================
# The algorithm
# ================================================================================================================
def find_sporadic(
    pieces: pd.DataFrame,
    ruleset: RuleSet,
    decisions: DecisionTable | None = None,
    *,
    apply_proposed: bool = False,
    progress: Progress | None = None,
) -> SporadicResult:
    """Find and decide the sporadic-land candidates on the assigned pieces (module docstring)."""
    started = time.monotonic()
    df = working_pieces(pieces, ruleset)
    tol = float(ruleset.threshold("adjacency_tolerance").value)
    min_share = ruleset.threshold("enclosed_min_perimeter_share")
    rules = [r for r in ruleset.sporadic_rules if r.enabled(ruleset)]
    mine = [r for r in rules if ruleset.rule_predicate(r) in PREDICATES]
    not_evaluated = [r.id for r in rules if ruleset.rule_predicate(r) is None and r.kind != "boundary"]
    _step(progress, 0.05)

    labels, ni, nj = piece_patches(df, tol)
    _step(progress, 0.3)
    patch_rules = [r for r in mine if ruleset.rule_predicate(r) == "enclosed_patch"]
    patches = _patch_enclosure(df, labels, ni, nj, tol, min_share, _eligible_patches(df, labels, patch_rules, ruleset))
    _step(progress, 0.6)
    unit_pairs = _unit_pairs(ruleset)

    parts = []
    order = {r.id: k for k, r in enumerate(patch_rules)}
    zones = df["nu_zone"].fillna("").to_numpy() if "nu_zone" in df.columns else np.full(len(df), "", dtype=object)
    areas = df["_area"].to_numpy()
    for p in patches[patches["enclosed"]].itertuples(index=False):
        x, y, idx = p.class_code, p.enclosing, p.members
        if _left_to_units(zones, p.neighbours, y, unit_pairs):
            continue
        fitting = [r for r in patch_rules if y in r.classes and (x == "" or x in r.enclosed_classes) and x != y]
        fitting.sort(key=lambda r: (len(r.enclosed_classes), order[r.id]))
        area = float(areas[idx].sum())
        for rule in fitting:
            ths = [ruleset.threshold(rule.params[k]) for k in ("max_area", "min_area") if k in rule.params]
            if not all(t.test(round(area, 2)) for t in ths):
                continue
            parts.append(_patch_candidates(df, idx, rule, ruleset, x, y, p, area, ths))
            break
    cands = pd.concat(parts, ignore_index=True) if parts else None
    # CON1-PRIV and other private_sporadic flags on the candidates found
    for rule in (r for r in mine if ruleset.rule_predicate(r) == "private_sporadic"):
        if cands is None:
            break
        hit = cands[cands["to_class"].isin(rule.classes) & cands["owner_type"].isin(rule.owner_types)
                    & (cands["default_decision"] != FLAGGED)]
        if hit.empty:
            continue
        flags = hit.copy()
        flags["rule_id"], flags["rule_code"], flags["rule_name"] = rule.id, rule.code or "", rule.name
        flags["kind"], flags["mode"], flags["scope"] = rule.kind, rule.mode, rule.scope
        flags["to_class"] = ""
        flags["default_decision"] = FLAGGED
        owner = "、".join(rule.owner_types)
        to_names = {c: catalogue.class_name(c, "register", ruleset) for c in hit["to_class"].unique()}
        flags["reason"] = [f"本筆為{owner}土地，屬{to_names[c]}範圍內零星土地（{src}候選）：依{rule.name}（{rule.id}），"
                           f"{rule.requires or '經評估'}，得不劃設為{to_names[c]}；如不納入，請於 DECISIONS 拒絕 {src} 候選。"
                           for c, src in zip(hit["to_class"], hit["rule_id"])]
        flags["reason_en"] = [f"{owner} land among the sporadic land of {c} ({src} candidate): it may be left out of {c} "
                              f"after the county's assessment ({rule.id}, {rule.name_en}); refuse the {src} candidate "
                              "in DECISIONS to do so." for c, src in zip(hit["to_class"], hit["rule_id"])]
        cands = pd.concat([cands, flags], ignore_index=True)
    _step(progress, 0.75)

    cands = finish_candidates(cands, ruleset, decisions, apply_proposed)
    out = apply_changes(df.drop(columns=["_area"]), _changes(cands), ruleset)
    # FARM-SPLIT on the result
    out["_area"] = rule_area(out, ruleset)
    flags = []
    for rule in (r for r in mine if ruleset.rule_predicate(r) == "split_piece"):
        flags.append(_split_flags(out, rule, ruleset))
    flags = [f for f in flags if f is not None and not f.empty]
    if flags:
        more = finish_candidates(pd.concat(flags, ignore_index=True), ruleset, decisions, apply_proposed)
        cands = more if cands.empty else pd.concat([cands, more], ignore_index=True)
    out = out.drop(columns=["_area"])
    _step(progress, 1.0)
    summary = _summary(cands, int(labels.max()) + 1 if len(labels) else 0, int(patches["enclosed"].sum()), started)
    if decisions is not None:
        summary["decisions_unused"] = decisions.unused()["parcel_key"].tolist()
    return SporadicResult(pieces=out, candidates=cands, summary=summary, not_evaluated=not_evaluated)


def _unit_pairs(ruleset: RuleSet) -> set[tuple[str, str]]:
    """(class, nu_zone) pairs that make rural-district / special-purpose units (their rules have nu_zones)."""
    out = set()
    for r in ruleset.sporadic_rules:
        if r.nu_zones and ruleset.rule_predicate(r) in ("concave", "enclosed_parcel", "road_inside", "gap"):
            out.update((c, z) for c in r.classes for z in r.nu_zones)
    return out


def _left_to_units(zones: np.ndarray, neighbours, y, unit_pairs) -> bool:
    """True when the class-Y land enclosing the patch is a rural district / special-purpose zone (``zones``: the
    nu_zone of every piece): its sporadic land is decided by the unit rules of twzoning:ruralunits."""
    if not unit_pairs or not len(neighbours):
        return False
    return any((y, z) in unit_pairs for z in zones[neighbours])


def _patch_candidates(df, idx, rule, ruleset, x, y, p, area, ths) -> pd.DataFrame:
    x_name = catalogue.class_name(x, "register", ruleset) if x else "未劃設分區之土地"
    y_name = catalogue.class_name(y, "register", ruleset)
    area_zh, area_en = _area_text(area)
    cmp = [describe_threshold(t, round(area, 2)) for t in ths]
    cmp_zh = "，".join(c[0] for c in cmp)
    cmp_en = "; ".join(c[1] for c in cmp)
    flag = rule.mode == "flag"
    if flag:
        zh = (f"{x_name}零星土地（共 {len(idx)} 筆部分，合計 {area_zh}）四面為{y_name}包夾"
              f"（周界 {p.share:.0%} 相鄰），{cmp_zh}：{rule.name}（{rule.id}），請{rule.requires or '確認'}。")
        en = (f"{x or 'Unzoned'} land ({len(idx)} pieces, {area_en}) enclosed by {y} ({p.share:.0%} of its edge), "
              f"{cmp_en}: {rule.name_en} ({rule.id}).")
        to_class, default = "", FLAGGED
    else:
        zh = (f"{x_name}零星土地（共 {len(idx)} 筆部分，合計 {area_zh}）四面為{y_name}包夾"
              f"（周界 {p.share:.0%} 相鄰），{cmp_zh}：依{rule.name}（{rule.id}）得一併劃入{y_name}。")
        en = (f"{x or 'Unzoned'} land ({len(idx)} pieces, {area_en}) enclosed by {y} ({p.share:.0%} of its edge), "
              f"{cmp_en}: may join {y} under {rule.id} ({rule.name_en}).")
        to_class = y
        default = PROPOSED if rule.mode == "candidate" else ACCEPTED
    return candidate_rows(df, idx, rule, ruleset, to_class=to_class, group_id=f"P{int(p.patch) + 1:06d}",
                          group_area=area, default=default, reasons=(zh, en), thresholds=tuple(ths))


def _changes(cands: pd.DataFrame) -> pd.DataFrame:
    """The accepted class changes of a candidate list (one per parcel and from-class: the first accepted)."""
    if cands.empty:
        return cands
    acc = cands[(cands["decision"] == ACCEPTED) & (cands["to_class"] != "")]
    acc = acc.drop_duplicates(["parcel_key", "from_class"])
    return acc[["parcel_key", "from_class", "to_class", "rule_id", "reason", "reason_en"]]


def _split_flags(out: pd.DataFrame, rule: SporadicRule, ruleset: RuleSet) -> pd.DataFrame | None:
    th = ruleset.threshold(rule.params["min_area"])
    mask = (out["is_split"].astype(int) == 1) & out["class_code"].isin(rule.classes)
    if rule.land_uses:
        mask &= out["nu_landuse"].isin(rule.land_uses)
    if rule.nu_zones:
        mask &= out["nu_zone"].isin(rule.nu_zones)
    area = out["_area"].to_numpy()
    fails = mask.to_numpy() & np.array([not th.test(a) for a in area], dtype=bool)
    idx = np.flatnonzero(fails)
    if not len(idx):
        return None
    zh, en = [], []
    for i in idx:
        a_zh, a_en = _area_text(area[i])
        c_zh, c_en = describe_threshold(th, area[i])
        name = out["class_name"].iat[i] or out["class_code"].iat[i]
        zh.append(f"耕地因國土功能分區界線分割，位於{name}之部分面積 {a_zh}，{c_zh}：{rule.name}（{rule.id}），"
                  f"{rule.requires}。")
        en.append(f"Farmland split by a class boundary: the {out['class_code'].iat[i]} piece has {a_en}, {c_en} "
                  f"({rule.id}: {rule.name_en}).")
    rows = candidate_rows(out, idx, rule, ruleset, to_class="", group_id="", group_area=0.0, default=FLAGGED,
                          reasons=(zh, en), thresholds=(th,))
    rows["group_id"] = [f"S:{k}" for k in rows["parcel_key"]]
    return rows


def _summary(cands: pd.DataFrame, n_patches: int, n_enclosed: int, started: float) -> dict:
    by_rule = {}
    if not cands.empty:
        for (rule, decision), n in cands.groupby(["rule_id", "decision"]).size().items():
            by_rule.setdefault(rule, {})[decision] = int(n)
    return {
        "patches": n_patches,
        "enclosed_patches": n_enclosed,
        "candidates": int(len(cands)),
        "by_rule": by_rule,
        "accepted": int((cands["decision"] == ACCEPTED).sum()) if not cands.empty else 0,
        "refused": int((cands["decision"] == REFUSED).sum()) if not cands.empty else 0,
        "elapsed_s": round(time.monotonic() - started, 3),
    }
