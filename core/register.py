"""The land register (使用地土地清冊) of 繪製作業辦法 附件三, built from the assigned parcel pieces (RULES.md §6).

Input: one row per parcel piece with the parcel schema fields and ``core/fields.PIECE_FIELDS`` (the output of
``assignparcels`` / ``sporadicland`` / ``ruralunits``) and, optionally, the piece geometries. Output: one row per
parcel with the 12 register columns (表28, filled as 表29 prescribes) plus the audit columns of
:data:`REGISTER_FIELDS`, and writers for the CSV and XLSX files.

Every wording — headers, remarks, the 國土保育用地 designations, the provisional numbering scheme, the footer, the
date formats — comes from ``rules/register.yaml`` through the :class:`~.ruleset.RuleSet`; class names come from
:mod:`.catalogue` only. Pure Python (pandas, shapely 2, openpyxl); no QGIS import.

Fill rules (RULES.md §6.2, 表29 ``001_f01d2a00176af413.txt:1430-1444``):

* 繪製或檢討變更前 = 原非都市土地使用分區 (``nu_zone``) and 使用地 (``nu_landuse``) — 表28 註一.
* 繪製或檢討變更後 國土功能分區及其分類 = the class name, ``部分A、部分B`` for a split parcel (Q2).
* 繪製或檢討變更後 使用地編定類別 = ``國土保育用地`` only where buildable land (or legal agriculture) becomes
  non-buildable (§6.2 ①; which land: ``conservation_land`` of register.yaml and the CONSERVATION field), else blank.
* 備註 = the remarks of §6.3 (④ ``屬原依區域計畫法編定之○○用地``) and the project's remarks, numbered when several.
* 面積 = the registered (謄本) area with 2 decimals, never a computed one (DECISIONS.md conventions), except for
  unregistered land, which has none (表28 註二: provisional number; area per ``provisional.area``).
* Urban-plan and national-park land has no row (§6.6); such parcels stay in the table layer with ``in_register = 0``.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import os
import shutil
import string
import zipfile
from dataclasses import dataclass, field
from typing import Any, Mapping, Sequence

import numpy as np
import pandas as pd
import shapely

from . import fileio, xlsx
from .catalogue import class_name, split_wording
from .ruleset import RuleSet

__all__ = [
    "REGISTER_FIELDS",
    "REQUIRED_INPUT",
    "InputError",
    "EncodingProblem",
    "Register",
    "build_register",
    "render",
    "roc_date",
    "produced_time",
    "register_headers",
    "register_cells",
    "footer_text",
    "write_csv",
    "write_xlsx",
    "atomic_write",
]

#: Fields of the register table layer: the 12 register columns (ASCII ids of register.yaml), then the audit trail.
REGISTER_FIELDS = [
    ("county", "text"),
    ("town", "text"),
    ("office", "text"),
    ("section", "text"),
    ("section_name", "text"),
    ("parcel_no", "text"),
    ("reg_area", "text"),          # as printed: registered area with its 2 decimals ('' when blank)
    ("before_class", "text"),
    ("before_landuse", "text"),
    ("after_class", "text"),
    ("after_landuse", "text"),
    ("remark", "text"),
    ("parcel_key", "text"),        # office|section|parcel_no as printed (provisional number included)
    ("class_codes", "text"),       # comma-separated, canonical order
    ("in_register", "integer"),    # 0 = urban-plan / national-park land, not written to the register files
    ("provisional", "integer"),    # 1 = unregistered land numbered provisionally by this tool
    ("piece_count", "integer"),
    ("rule_id", "text"),           # comma-separated rule ids of the decisions on this row
    ("reason", "text"),
    ("reason_en", "text"),
]

#: Input columns the register needs (parcel schema + pieces); the others are optional.
REQUIRED_INPUT = (
    "county", "town", "office", "section", "section_name", "parcel_no", "reg_area", "nu_zone", "nu_landuse",
    "class_code", "status",
)
_TEXT_INPUT = ("county", "town", "office", "section", "section_name", "parcel_no", "nu_zone", "nu_landuse",
               "class_code", "class_name", "status", "rule_id", "parcel_key")


class InputError(ValueError):
    """Unusable input; ``str()`` gives the English then the Chinese message, each saying what to do."""

    def __init__(self, message_en: str, message_zh: str):
        self.message_en = message_en
        self.message_zh = message_zh
        super().__init__(f"{message_en} / {message_zh}")


@dataclass(frozen=True)
class EncodingProblem(ValueError):
    """A character the chosen encoding cannot hold (row 1-based in the file, column header, character)."""

    row: int
    column: str
    char: str
    encoding: str

    def __str__(self) -> str:
        return (
            f"The register cannot be written as {self.encoding}: row {self.row}, column 「{self.column}」 holds "
            f"「{self.char}」 (U+{ord(self.char):04X}), which {self.encoding} cannot encode. Use UTF-8, or replace the "
            f"character in the input. / 清冊無法以 {self.encoding} 編碼輸出：第 {self.row} 列「{self.column}」欄含"
            f"「{self.char}」（U+{ord(self.char):04X}），{self.encoding} 無此字。請改用 UTF-8 或修正輸入資料。"
        )


@dataclass
class Register:
    """The register rows (all parcels, ``in_register`` 0/1) and the warnings met while building it."""

    rows: pd.DataFrame
    warnings: list[str] = field(default_factory=list)

    @property
    def listed(self) -> pd.DataFrame:
        """The rows written to the register files (in_register = 1), in register order."""
        return self.rows[self.rows["in_register"] == 1]


# ================================================================================================================
# Templates and dates (shared with the statistics and the certificate)
# ================================================================================================================
class _Formatter(string.Formatter):
    """``str.format`` where ``{class:CODE}`` renders the name of class CODE through the catalogue."""

    def __init__(self, rules: RuleSet, kind: str):
        super().__init__()
        self.rules = rules
        self.kind = kind

    def get_value(self, key, args, kwargs):
        if key == "class":
            return _CLASS
        return super().get_value(key, args, kwargs)

    def format_field(self, value, format_spec):
        if value is _CLASS:
            return class_name(format_spec, self.kind, self.rules)
        return super().format_field(value, format_spec)


_CLASS = object()


def render(template: str, rules: RuleSet, kind: str = "register", **values: Any) -> str:
    """Fill a register.yaml template; ``{class:CODE}`` becomes the class name for output ``kind``."""
    return _Formatter(rules, kind).format(template, **values)


def roc_date(moment: dt.date | dt.datetime, rules: RuleSet, form: str = "long") -> str:
    """A date in the ROC calendar using ``dates.<form>`` of register.yaml (``long``: 民國114年11月24日, ``short``:
    114/11/24, ``certificate``: 114 年 11 月 24 日, ``datetime``: 民國114年11月24日 14:05)."""
    fmt = rules.dates[form]
    year = moment.year - int(rules.dates["roc_offset"])
    hour = getattr(moment, "hour", 0)
    minute = getattr(moment, "minute", 0)
    return fmt.format(
        yyy=f"{year:03d}", y=str(year), mm=f"{moment.month:02d}", dd=f"{moment.day:02d}", m=str(moment.month),
        d=str(moment.day), hh=f"{hour:02d}", mi=f"{minute:02d}",
    )


def produced_time(text: str | None = None, environ: Mapping[str, str] | None = None,
                  now: dt.datetime | None = None) -> dt.datetime:
    """The production time printed in the footer, in this order: ``text`` (ISO 8601, e.g. ``2025-11-24T14:05``),
    else the environment variable ``SOURCE_DATE_EPOCH`` (seconds since 1970, the reproducible-builds convention;
    read as UTC+8, Taiwan time), else ``now``. Only this value changes the bytes of a re-run."""
    environ = os.environ if environ is None else environ
    taiwan = dt.timezone(dt.timedelta(hours=8))
    if text and text.strip():
        try:
            moment = dt.datetime.fromisoformat(text.strip())
        except ValueError as exc:
            raise InputError(
                f"The production time '{text}' is not an ISO date/time such as 2025-11-24T14:05.",
                f"產製時間「{text}」不是 ISO 日期時間（例如 2025-11-24T14:05）。",
            ) from exc
        return moment.astimezone(taiwan).replace(tzinfo=None) if moment.tzinfo else moment
    epoch = environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        try:
            return dt.datetime.fromtimestamp(int(epoch), taiwan).replace(tzinfo=None)
        except ValueError as exc:
            raise InputError(
                f"SOURCE_DATE_EPOCH='{epoch}' is not a whole number of seconds.",
                f"環境變數 SOURCE_DATE_EPOCH=「{epoch}」不是整數秒數。",
            ) from exc
    return (now or dt.datetime.now(taiwan)).replace(tzinfo=None, second=0, microsecond=0)


# ================================================================================================================
# Building the rows
# ================================================================================================================
def clean_text(series: pd.Series) -> pd.Series:
    """Trimmed text; NULL / NaN become ''."""
    return series.astype(object).where(series.notna(), "").astype(str).str.strip()


def _check_input(pieces: pd.DataFrame) -> None:
    missing = [c for c in REQUIRED_INPUT if c not in pieces.columns]
    if missing:
        raise InputError(
            "The input lacks the fields " + ", ".join(missing) + ". Give the assigned parcel pieces (output of "
            "twzoning:assignparcels, twzoning:sporadicland or twzoning:ruralunits), which carry the parcel schema "
            "and the piece fields.",
            "輸入圖層缺少欄位 " + "、".join(missing) + "。請輸入已指派分區之地籍分塊（assignparcels、sporadicland 或 "
            "ruralunits 的輸出），其含地籍欄位與分塊欄位。",
        )


def prepare_pieces(pieces: pd.DataFrame, rules: RuleSet, geoms: np.ndarray | None = None,
                   conservation_field: str | None = None) -> pd.DataFrame:
    """The pieces with trimmed text, resolved class codes and variants, the parcel id ``gid``, planar areas and a
    representative point; raises :class:`InputError` for missing fields or unknown class codes."""
    _check_input(pieces)
    if conservation_field and conservation_field not in pieces.columns:
        raise InputError(
            f"The conservation field '{conservation_field}' is not a field of the input.",
            f"國土保育用地評估欄位「{conservation_field}」不在輸入圖層中。",
        )
    df = pieces.reset_index(drop=True).copy()
    for col in _TEXT_INPUT:
        df[col] = clean_text(df[col]) if col in df.columns else ""
    codes = {c: rules.resolve_class(c) for c in df["class_code"].unique()}
    unknown = sorted(c for c, code in codes.items() if code is None)
    if unknown:
        bad = df.index[df["class_code"].isin(unknown)][:5].tolist()
        raise InputError(
            "Unknown class codes " + ", ".join(repr(c) for c in unknown) + f" (pieces {bad}). Every piece needs a "
            "class code CON1 … URB3.",
            "未知的分區代碼 " + "、".join(repr(c) for c in unknown) + f"（分塊 {bad}）。每一分塊須有分區代碼 CON1 … URB3。",
        )
    df["class_code"] = df["class_code"].map(codes)
    pairs = df[["class_code", "class_name"]].drop_duplicates()
    variants = {(c, n): _variant(c, n, rules) for c, n in zip(pairs["class_code"], pairs["class_name"])}
    df["variant"] = [variants[(c, n)] for c, n in zip(df["class_code"], df["class_name"])]
    order = {c.code: c.order for c in rules.classes}
    df["order"] = df["class_code"].map(order)
    blank_no = df["parcel_no"] == ""
    reg = pd.to_numeric(df["registered"], errors="coerce") if "registered" in df.columns else None
    df["unregistered"] = blank_no if reg is None else ((reg == 0) | (reg.isna() & blank_no))
    df["needs_number"] = df["unregistered"] & blank_no
    df["reg_area_num"] = pd.to_numeric(df["reg_area"], errors="coerce")
    if geoms is not None:
        geoms = np.asarray(geoms, dtype=object)
        df["area_m2"] = np.nan_to_num(shapely.area(geoms).astype(float))
        pts = shapely.point_on_surface(geoms)
        df["px"], df["py"] = np.nan_to_num(shapely.get_x(pts)), np.nan_to_num(shapely.get_y(pts))
    else:
        area = pd.to_numeric(df["piece_area"], errors="coerce") if "piece_area" in df.columns else 0.0
        df["area_m2"] = np.nan_to_num(np.asarray(area, dtype=float) * np.ones(len(df)))
        df["px"], df["py"] = np.arange(len(df), dtype=float), 0.0
    df["gid"] = _group_ids(df, geoms)
    scope = rules.register["scope"]
    df["excluded"] = df["status"].isin(set(scope["excluded_statuses"])) | df["class_code"].isin(
        set(scope["excluded_classes"]))
    df["decision"] = pd.to_numeric(df[conservation_field], errors="coerce") if conservation_field else np.nan
    return df


def _variant(code: str, name: str, rules: RuleSet) -> str:
    hit = rules.resolve_class_variant(name) if name else None
    return (hit[1] or "") if hit and hit[0] == code else ""


def _group_ids(df: pd.DataFrame, geoms: np.ndarray | None) -> np.ndarray:
    """One id per parcel: registered (or already numbered) parcels by office|section|parcel_no; unregistered land
    without a number by the ``parcel_key`` the assignment gave it (``HB|0388|#2861``: office|section|#feature),
    else by connected area inside its office|section (pieces sharing an edge form one parcel)."""
    keys = df["office"] + "|" + df["section"] + "|" + df["parcel_no"]
    gid = keys.to_numpy(dtype=object).copy()
    todo = df["needs_number"].to_numpy()
    own = todo & ~df["parcel_key"].str.endswith("|").to_numpy() & (df["parcel_key"] != "").to_numpy()
    gid[own] = ("key:" + df.loc[own, "parcel_key"]).to_numpy(dtype=object)
    pos = np.flatnonzero(todo & ~own)
    if not len(pos):
        return gid
    if geoms is None:
        gid[pos] = [f"{keys.iloc[p]}#{p}" for p in pos]
        return gid
    sub = df.iloc[pos]
    for (office, section), idx in sub.groupby(["office", "section"], sort=True).indices.items():
        rows = pos[idx]
        geo = geoms[rows]
        parts = shapely.get_parts(shapely.union_all(geo[~shapely.is_missing(geo)]))
        part_of = np.full(len(rows), -1)
        if len(parts):
            found = shapely.STRtree(parts).query(shapely.point_on_surface(geo), predicate="intersects")
            part_of[found[0]] = found[1]
        gid[rows] = [f"{office}|{section}|#{part if part >= 0 else 'row' + str(r)}" for r, part in zip(rows, part_of)]
    return gid


def _weighted(df: pd.DataFrame, col: str) -> pd.Series:
    w = np.maximum(df["area_m2"].to_numpy(), 1e-9)
    num = pd.Series(df[col].to_numpy() * w, index=df.index).groupby(df["gid"], sort=False).sum()
    return num / pd.Series(w, index=df.index).groupby(df["gid"], sort=False).sum()


def parcel_table(df: pd.DataFrame, rules: RuleSet) -> pd.DataFrame:
    """One record per parcel (index ``gid``, first-seen order): the first piece's parcel attributes and the
    aggregates the register needs."""
    g = df.groupby("gid", sort=False)
    attrs = [c for c in df.columns if c not in ("gid", "px", "py", "area_m2", "decision", "excluded")]
    parcels = g[attrs].first()
    parcels["pieces"] = g.size()
    parcels["all_excluded"] = g["excluded"].all()
    parcels["any_excluded"] = g["excluded"].any()
    parcels["decision_yes"] = (df["decision"] == 1).groupby(df["gid"], sort=False).any()
    parcels["decision_no"] = (df["decision"] == 0).groupby(df["gid"], sort=False).any()
    parcels["area_sum"] = g["area_m2"].sum()
    parcels["px"], parcels["py"] = _weighted(df, "px"), _weighted(df, "py")
    scope = rules.register["scope"]
    use = df
    if scope["partial_classes"] == "registrable_pieces":
        use = df[~df["excluded"] | df["gid"].map(parcels["all_excluded"])]
    wording, codes = _class_wording(use, rules)
    parcels["after_class"] = wording.reindex(parcels.index).fillna("")
    parcels["class_codes"] = codes.reindex(parcels.index).fillna("")
    return parcels


def _class_wording(df: pd.DataFrame, rules: RuleSet) -> tuple[pd.Series, pd.Series]:
    """Per parcel: the register wording of its classes (部分A、部分B, Q2) and the comma-separated class codes.
    Most parcels have one class; only the others are joined group by group."""
    u = df[["gid", "order", "class_code", "variant"]].drop_duplicates()
    u = u.sort_values(["gid", "order", "variant"], kind="mergesort")
    u = u.assign(token=u["class_code"] + "/" + u["variant"])
    counts = u.groupby("gid", sort=False).size()
    multi = u["gid"].map(counts) > 1
    combos = pd.concat([
        u.loc[~multi].set_index("gid")["token"],
        u.loc[multi].groupby("gid", sort=False)["token"].agg(" ".join),
    ])
    cache: dict[str, tuple[str, str]] = {}
    for combo in combos.unique():
        pairs = [token.split("/", 1) for token in combo.split(" ")]
        names = [class_name(code, "register", rules, variant=var or None) for code, var in pairs]
        cache[combo] = (split_wording(names, "register", rules), ",".join(dict.fromkeys(c for c, _v in pairs)))
    return combos.map(lambda c: cache[c][0]), combos.map(lambda c: cache[c][1])


def number_provisional(parcels: pd.DataFrame, rules: RuleSet) -> pd.DataFrame:
    """Give unregistered land without a number a provisional 地號 (表28 註二, register.yaml ``provisional``):
    numbered per office|section from ``start`` (north to south, then west to east), skipping numbers in use."""
    spec = rules.register["provisional"]
    parcels = parcels.copy()
    parcels["provisional"] = parcels["needs_number"].astype(bool)
    todo = parcels[parcels["provisional"]]
    if todo.empty:
        return parcels
    if spec["order"] == "north_west":
        todo = todo.assign(_ny=-todo["py"].round(3), _nx=todo["px"].round(3)).sort_values(
            ["office", "section", "_ny", "_nx"], kind="mergesort")
    used = set(zip(parcels["office"], parcels["section"], parcels["parcel_no"]))
    counters: dict[tuple[str, str], int] = {}
    numbers = {}
    for gid, office, section in zip(todo.index, todo["office"], todo["section"]):
        n = counters.get((office, section), int(spec["start"]))
        while (office, section, spec["parcel_no"].format(n=n)) in used:
            n += 1
        numbers[gid] = spec["parcel_no"].format(n=n)
        used.add((office, section, numbers[gid]))
        counters[(office, section)] = n + 1
    parcels.loc[list(numbers), "parcel_no"] = pd.Series(numbers)
    return parcels


def item_masks(items: Mapping[str, Mapping], df: pd.DataFrame, parcels: pd.DataFrame) -> pd.DataFrame:
    """For each remark / note id: does its ``when`` hold for each parcel? Piece conditions (``classes``,
    ``variant``, ``rule_ids``, ``field_equals``) must hold on one same piece; the others on the parcel."""
    out = {}
    for ident, item in items.items():
        when = item["when"]
        piece = pd.Series(True, index=df.index)
        if "classes" in when:
            piece &= df["class_code"].isin(list(when["classes"]))
        if "variant" in when:
            piece &= df["variant"] == when["variant"]
        if "rule_ids" in when:
            piece &= df["rule_id"].isin(list(when["rule_ids"]))
        for fname, expected in (when.get("field_equals") or {}).items():
            piece &= _equals(df[fname], expected) if fname in df.columns else False
        mask = piece.groupby(df["gid"], sort=False).any().reindex(parcels.index, fill_value=False)
        if "landuse" in when:
            mask &= (parcels["nu_landuse"] != "") == when["landuse"]
        if "provisional" in when:
            mask &= parcels["provisional"].astype(bool) == when["provisional"]
        if "partly_excluded" in when:
            mask &= (parcels["any_excluded"] & ~parcels["all_excluded"]) == when["partly_excluded"]
        out[ident] = mask.astype(bool)
    return pd.DataFrame(out, index=parcels.index)


def _equals(values: pd.Series, expected: Any) -> pd.Series:
    text = clean_text(values)
    same = text == str(expected)
    try:
        same |= pd.to_numeric(values, errors="coerce") == float(expected)
    except (TypeError, ValueError):
        pass
    return same


def item_texts(items: Mapping[str, Mapping], masks: pd.DataFrame, parcels: pd.DataFrame, rules: RuleSet,
               numbering: str, separator: str, kind: str = "register") -> pd.Series:
    """The texts of the items that hold, in rule-file order, numbered ``1. … 2. …`` when several."""
    parts = []
    for ident, item in items.items():
        uses = parcels["nu_landuse"]
        rendered = {u: render(item["text"], rules, kind, landuse=u) for u in uses.unique()}
        parts.append(uses.map(rendered).where(masks[ident], ""))
    if not parts:
        return pd.Series("", index=parcels.index)
    table = pd.concat(parts, axis=1).to_numpy(dtype=object)
    return pd.Series([numbered([t for t in row if t], numbering, separator) for row in table], index=parcels.index)


def numbered(texts: Sequence[str], numbering: str, separator: str) -> str:
    """One text as it is; several as ``1. … 2. …`` (template ``numbering``) joined by ``separator``."""
    if len(texts) <= 1:
        return texts[0] if texts else ""
    return separator.join(numbering.format(n=i + 1, text=t) for i, t in enumerate(texts))


def conservation(parcels: pd.DataFrame, rules: RuleSet) -> tuple[pd.Series, pd.Series, list[str]]:
    """The after-drawing 使用地編定類別 per parcel, the rule that decided it ('' when none) and warnings
    (RULES.md §6.2 ①; register.yaml ``conservation_land``; the assessment field wins over the designations)."""
    spec = rules.register["conservation_land"]
    groups = {"buildable": list(spec["buildable_landuses"]), "agriculture": list(spec["agriculture_landuses"])}
    rule = pd.Series("", index=parcels.index, dtype=object)
    live = ~parcels["all_excluded"]
    for ident, des in spec["designations"].items():
        uses = groups.get(des["land_uses"], des["land_uses"]) if isinstance(des["land_uses"], str) \
            else list(des["land_uses"])
        hit = live & parcels["nu_landuse"].isin(uses) & (rule == "")
        hit &= parcels["class_codes"].map(lambda c, cls=set(des["classes"]): bool(cls & set(c.split(","))))
        rule[hit] = ident
    rule[live & parcels["decision_no"]] = "CLU-KEPT"
    rule[live & parcels["decision_yes"]] = "CLU-DECIDED"
    value = pd.Series(np.where(rule.isin(["", "CLU-KEPT"]), "", spec["value"]), index=parcels.index)
    odd = live & parcels["decision_yes"] & ~parcels["nu_landuse"].isin(groups["buildable"] + groups["agriculture"])
    warnings = [
        f"{gid}: assessed as {spec['value']} although its land use 「{use or '（空白）'}」 is neither buildable land nor "
        "legal agriculture (RULES.md §6.2 ①); written as assessed."
        for gid, use in parcels.loc[odd, "nu_landuse"].items()
    ]
    return value, rule, warnings


def _area_texts(parcels: pd.DataFrame, rules: RuleSet) -> pd.Series:
    decimals = int(rules.register["area_decimals"])
    fmt = f"{{:.{decimals}f}}".format
    out = parcels["reg_area_num"].map(lambda a: "" if pd.isna(a) else fmt(a))
    prov = parcels["provisional"] & ~(parcels["reg_area_num"] > 0)
    if rules.register["provisional"]["area"] == "computed":
        out[prov] = parcels.loc[prov, "area_sum"].map(fmt)
    else:
        out[prov] = ""
    return out


def build_register(
    pieces: pd.DataFrame,
    rules: RuleSet,
    geoms: np.ndarray | None = None,
    conservation_field: str | None = None,
) -> Register:
    """The register rows of the parcels in ``pieces`` (one row per piece, ``geoms`` aligned with the rows or None).

    ``conservation_field``: an input attribute holding the result of the 國土保育用地 assessment (§6.5): 1 = the
    land becomes 國土保育用地, 0 = kept; empty / NULL = decided by ``conservation_land.designations``.
    Raises :class:`InputError` for unusable input.
    """
    columns = [name for name, _k in REGISTER_FIELDS]
    df = prepare_pieces(pieces, rules, geoms, conservation_field)
    if df.empty:
        return Register(pd.DataFrame({c: pd.Series(dtype=object) for c in columns}))
    reg = rules.register
    parcels = number_provisional(parcel_table(df, rules), rules)
    after_landuse, cons_rule, warnings = conservation(parcels, rules)
    masks = item_masks(reg["remarks"]["items"], df, parcels)
    remark = item_texts(reg["remarks"]["items"], masks, parcels, rules, reg["remarks"]["numbering"],
                        reg["remarks"]["separator"])
    excluded = parcels["all_excluded"]
    base = pd.Series(np.where(excluded, "REG-EXCL", np.where(parcels["provisional"], "REG-PROV", "REG-ROW")),
                     index=parcels.index)
    cons_rule = cons_rule.where(~excluded, "")
    key = parcels["office"] + "|" + parcels["section"] + "|" + parcels["parcel_no"]
    reasons = reg["reasons"]

    def said(ids: pd.Series, lang: str) -> pd.Series:
        return ids.map(lambda r: reasons[r][lang] if r else "")

    out = pd.DataFrame({
        "county": parcels["county"], "town": parcels["town"], "office": parcels["office"],
        "section": parcels["section"], "section_name": parcels["section_name"], "parcel_no": parcels["parcel_no"],
        "reg_area": _area_texts(parcels, rules), "before_class": parcels["nu_zone"],
        "before_landuse": parcels["nu_landuse"], "after_class": parcels["after_class"],
        "after_landuse": after_landuse.where(~excluded, ""), "remark": remark.where(~excluded, ""),
        "parcel_key": key, "class_codes": parcels["class_codes"], "in_register": (~excluded).astype(int),
        "provisional": parcels["provisional"].astype(int), "piece_count": parcels["pieces"].astype(int),
        "rule_id": base + np.where(cons_rule != "", "," + cons_rule, ""),
        "reason": said(base, "reason") + np.where(cons_rule != "", "；" + said(cons_rule, "reason"), ""),
        "reason_en": said(base, "reason_en") + np.where(cons_rule != "", "; " + said(cons_rule, "reason_en"), ""),
    })[columns]
    _check_rows(out)
    sort_cols = list(reg["sort_by"]) + ["parcel_key"]
    out = out.sort_values(["in_register"] + sort_cols, ascending=[False] + [True] * len(sort_cols), kind="mergesort")
    return Register(out.reset_index(drop=True), warnings)


def _check_rows(out: pd.DataFrame) -> None:
    """Register rows need every identifying column and an area (RULES.md §6.2)."""
    listed = out[out["in_register"] == 1]
    for col, zh in (("county", "縣市名稱"), ("town", "鄉鎮市區名稱"), ("office", "地政事務所代碼"),
                    ("section", "地段代碼"), ("section_name", "地段名稱")):
        bad = listed[listed[col] == ""]
        if len(bad):
            keys = ", ".join(bad["parcel_key"].head(5))
            raise InputError(
                f"{len(bad)} parcel(s) have no {col}, e.g. {keys}. The register needs it in every row: fill it in "
                "the cadastre (for unregistered land: the section it lies in).",
                f"{len(bad)} 筆土地缺少{zh}（例如 {keys}）。清冊每列均須填寫，請補齊地籍資料（未登錄地請填所在地段）。",
            )
    bad = listed[(listed["reg_area"] == "") & (listed["provisional"] == 0)]
    if len(bad):
        keys = ", ".join(bad["parcel_key"].head(5))
        raise InputError(
            f"{len(bad)} registered parcel(s) have no registered area (reg_area), e.g. {keys}. Fill in the 謄本面積.",
            f"{len(bad)} 筆已登記土地缺少謄本面積（reg_area），例如 {keys}。請補齊。",
        )


# ================================================================================================================
# Files
# ================================================================================================================
def register_headers(rules: RuleSet) -> tuple[list[str], list[str], list[str]]:
    """``(row 1, row 2, flattened)`` headers of 表28 (row 1 holds the group cell of columns 8-11)."""
    top, bottom, flat = [], [], []
    for col in rules.register["columns"]:
        group = col.get("group", "")
        top.append(group or col["header"])
        bottom.append(col["header"] if group else "")
        flat.append(group + col["header"])
    return top, bottom, flat


def register_cells(register: Register, rules: RuleSet) -> list[list[str]]:
    """The listed rows as text cells in the column order of register.yaml."""
    ids = [c["id"] for c in rules.register["columns"]]
    listed = register.listed
    return listed[ids].astype(str).values.tolist() if len(listed) else []


def footer_text(rules: RuleSet, source: str, version: str, produced: dt.datetime) -> str:
    """The bottom-right line of 表28 註三: cadastre source and version, production time (an empty source or version
    is written as ``footer.missing``)."""
    spec = rules.register["footer"]
    return spec["template"].format(
        source=(source or "").strip() or spec["missing"], version=(version or "").strip() or spec["missing"],
        produced=roc_date(produced, rules, "datetime"),
    )


def atomic_write(path: str, data: bytes) -> None:
    """Write ``data`` to ``path`` through :func:`.fileio.write_bytes` (no partial file, normal permissions)."""
    fileio.write_bytes(path, data)


def csv_bytes(register: Register, rules: RuleSet, footer: str, encoding: str = "utf-8-sig") -> bytes:
    """The CSV: flattened header, the rows, then the footer in the last column of a last row (bottom right).
    ``encoding``: ``utf-8-sig`` (UTF-8 with BOM, for Excel) or ``cp950`` (Big5 as Windows uses it); a character
    the encoding cannot hold raises :class:`EncodingProblem` naming row, column and character."""
    _top, _bottom, flat = register_headers(rules)
    table = [flat] + register_cells(register, rules) + [[""] * (len(flat) - 1) + [footer]]
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerows(table)
    text = buf.getvalue()
    try:
        return text.encode(encoding)
    except UnicodeEncodeError:
        for r, row in enumerate(table, start=1):
            for c, cell in enumerate(row):
                for ch in cell:
                    try:
                        ch.encode(encoding)
                    except UnicodeEncodeError:
                        raise EncodingProblem(r, flat[c], ch, _ENCODING_NAMES.get(encoding, encoding)) from None
        raise


_ENCODING_NAMES = {"utf-8-sig": "UTF-8 (BOM)", "cp950": "Big5 (cp950)", "big5": "Big5"}


def write_csv(path: str, register: Register, rules: RuleSet, footer: str, encoding: str = "utf-8-sig") -> None:
    """Write the CSV atomically (nothing is left behind when it fails)."""
    atomic_write(path, csv_bytes(register, rules, footer, encoding))


def write_xlsx(path: str, register: Register, rules: RuleSet, footer: str, produced: dt.datetime,
               max_rows: int | None = None) -> int:
    """Write the XLSX: two-row header with merged group cells, the rows, the footer at the bottom right of every
    sheet; a register longer than a sheet (``xlsx.max_rows``, Excel's limit) continues on the next sheet. Written
    by :mod:`.xlsx` a column template at a time (a county of a million parcels in seconds, not minutes). The file
    holds no timestamp other than ``produced``, so a re-run is identical. Returns the number of sheets."""
    spec = rules.register["xlsx"]
    limit = int(max_rows or spec["max_rows"])
    per_sheet = limit - 3  # two header rows and the footer row
    if per_sheet < 1:
        raise ValueError("max_rows must leave room for the header and footer rows")
    top, bottom, _flat = register_headers(rules)
    cells = register_cells(register, rules)
    chunks = [cells[i:i + per_sheet] for i in range(0, len(cells), per_sheet)] or [[]]
    widths = [12, 14, 8, 10, 16, 12, 14, 16, 14, 30, 14, 36][: len(top)]
    merges = _header_merges(top, bottom)
    sheets = [
        xlsx.Sheet(title=spec["sheet_name"] if n == 1 else spec["sheet_name_more"].format(n=n),
                   header=[top, bottom], rows=chunk, footer=[None] * (len(top) - 1) + [footer], merges=merges,
                   widths=widths, freeze_row=3)
        for n, chunk in enumerate(chunks, start=1)
    ]
    atomic_write(path, xlsx.xlsx_bytes(sheets, produced))
    return len(chunks)


def _header_merges(top: list[str], bottom: list[str]) -> list[str]:
    """Merged header ranges: a column without a row-2 header spans both rows; a group spans its columns."""
    out, c = [], 0
    while c < len(top):
        letter = xlsx.column_letter(c + 1)
        if bottom[c] == "":
            out.append(f"{letter}1:{letter}2")
            c += 1
            continue
        end = c
        while end + 1 < len(top) and bottom[end + 1] != "" and top[end + 1] == top[c]:
            end += 1
        if end > c:
            out.append(f"{letter}1:{xlsx.column_letter(end + 1)}1")
        c = end + 1
    return out


def save_workbook_reproducibly(wb, path: str, produced: dt.datetime) -> None:
    """Save an openpyxl workbook with ``produced`` as its only timestamp (document properties and zip entries)
    and write it atomically."""
    from openpyxl.writer.excel import ExcelWriter

    wb.properties.created = produced
    wb.properties.modified = produced
    wb.properties.creator = "twzoning"
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(wb, archive).write_data()
    stamp = (max(produced.year, 1980), produced.month, produced.day, produced.hour, produced.minute, 0)
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=stamp)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o600 << 16
            fixed.file_size = info.file_size  # lets zipfile choose ZIP64 for a very large sheet
            with src.open(info) as fin, dst.open(fixed, "w") as fout:
                shutil.copyfileobj(fin, fout, 1 << 20)
    atomic_write(path, out.getvalue())

