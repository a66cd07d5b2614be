"""The statistics tables of the 繪製說明書 (繪製作業辦法 art. 5; 表50, ``001_f01d2a00176af413.txt:3567-3592``).

From the assigned parcel pieces (or any polygon layer with ``class_code``, e.g. the zoning map):

* ``by_class`` — per class in canonical order (the 農4（原） variant apart): patches (處數), area (ha) and share of the
  total area (表50 二(二)1 「各國土功能分區及其分類分布區位、處數及面積」);
* ``by_town`` — area per township and class (分布區位), when the input has ``town``;
* ``landuse`` — register parcels and registered area per former land-use category and after-drawing category
  (表50 二(三)1 「使用地編定類別及面積統計」), when the input carries the parcel schema;
* ``conservation`` — the parcels whose buildable land becomes non-buildable (國土保育用地), area and list
  (表50 二(三)2);
* ``changes`` — given a previous version: per class the previous and current area and the adjusted patches and
  areas gained and lost (調整處數、面積, ``001_f01d2a00176af413.txt:949``).

A patch is a connected part of the dissolved area of one class: parts sharing an edge are one patch, parts touching
only at a point are two. Areas are planar m² in the layer's projected CRS, shown in hectares. Headers, titles and
units come from ``rules/register.yaml`` (``statistics``); class names from :mod:`.catalogue`. Pure Python (pandas,
shapely 2, openpyxl; matplotlib only for the optional PNG chart); no QGIS import.
"""
from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from typing import Sequence

import numpy as np
import pandas as pd
import shapely

from . import register as reg
from .catalogue import class_name
from .ruleset import RuleSet

__all__ = ["Statistics", "class_keys", "patch_labels", "patch_count", "compute_statistics", "write_workbook", "chart_png"]


@dataclass
class Statistics:
    """The tables (DataFrames with the display headers of register.yaml) and the figures behind them."""

    by_class: pd.DataFrame
    total_area_m2: float
    by_town: pd.DataFrame | None = None
    landuse: pd.DataFrame | None = None
    conservation: pd.DataFrame | None = None
    changes: pd.DataFrame | None = None
    notes: list[str] = field(default_factory=list)
    #: per class key (code, variant): (patches, area m²), the unrounded figures
    figures: dict[tuple[str, str], tuple[int, float]] = field(default_factory=dict)


def class_keys(codes: Sequence[str], names: Sequence[str], rules: RuleSet) -> list[tuple[str, str]]:
    """``(code, variant)`` per piece (``("AGR4", "indigenous")`` for 農業發展地區第4類（原）)."""
    cache: dict[tuple[str, str], tuple[str, str]] = {}
    out = []
    for code, name in zip(codes, names):
        key = (str(code), str(name or ""))
        if key not in cache:
            resolved = rules.resolve_class(code)
            if resolved is None:
                raise reg.InputError(
                    f"Unknown class code {code!r}. Every feature needs a class code CON1 … URB3.",
                    f"未知的分區代碼 {code!r}。每一圖徵須有分區代碼 CON1 … URB3。",
                )
            hit = rules.resolve_class_variant(name) if name else None
            cache[key] = (resolved, (hit[1] or "") if hit and hit[0] == resolved else "")
        out.append(cache[key])
    return out


def patch_labels(geoms: np.ndarray, keys: Sequence | None = None, with_areas: bool = False) -> tuple:
    """Patch labels of the polygon *parts* of ``geoms``: ``(labels, index)``, ``index[i]`` = the input position of
    part ``i`` (and the part areas as a third item when ``with_areas``). Parts of the same key (class) whose interiors overlap or whose boundaries share a line are one patch;
    a shared point does not join; the parts of one multipolygon are joined only through such contacts (a piece in
    two separate places lies in two patches). Missing / empty geometries have no part.

    Vectorised: one STRtree query for the candidate pairs, the DE-9IM relation of each pair, then connected
    components by parallel hooking and pointer jumping (no per-feature Python loop; county scale)."""
    geoms = np.asarray(geoms, dtype=object)
    present = ~(shapely.is_missing(geoms) | shapely.is_empty(geoms))
    parts, index = shapely.get_parts(geoms[present], return_index=True)
    index = np.flatnonzero(present)[index] if len(parts) else np.empty(0, dtype=np.int64)
    polygons = shapely.get_type_id(parts) == 3
    parts, index = parts[polygons], index[polygons]
    n = len(parts)
    extra = (shapely.area(parts),) if with_areas else ()
    if not n:
        return (np.empty(0, dtype=np.int64), index, *extra)
    left, right = shapely.STRtree(parts).query(parts, predicate="intersects")
    keep = left < right
    if keys is not None:
        codes = pd.factorize(pd.Series(list(keys), dtype=object))[0][index]
        keep &= codes[left] == codes[right]
    left, right = left[keep], right[keep]
    if not len(left):
        return (np.arange(n), index, *extra)
    relation = pd.Series(shapely.relate(parts[left], parts[right]))
    joined = ((relation.str[0] == "2") | (relation.str[4] == "1")).to_numpy()
    return (_components(n, left[joined], right[joined]), index, *extra)


def _components(n: int, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """Root index of the connected component of every node of the graph (edges ``left``–``right``)."""
    parent = np.arange(n)
    while True:
        pl, pr = parent[left], parent[right]
        lo, hi = np.minimum(pl, pr), np.maximum(pl, pr)
        differ = lo != hi
        if not differ.any():
            return parent
        np.minimum.at(parent, hi[differ], lo[differ])
        while True:  # pointer jumping: every node points at its root
            jumped = parent[parent]
            if np.array_equal(jumped, parent):
                break
            parent = jumped


def patch_count(geoms: np.ndarray) -> int:
    """Number of patches of ``geoms`` (all of one class): see :func:`patch_labels`."""
    return int(len(np.unique(patch_labels(geoms)[0])))


def _ordered_keys(present: set[tuple[str, str]], rules: RuleSet) -> list[tuple[str, str]]:
    """Every class in canonical order, with the variants present right after their class."""
    keys = []
    for c in rules.classes:
        keys.append((c.code, ""))
        keys.extend(sorted(k for k in present if k[0] == c.code and k[1]))
    return keys


def _name(key: tuple[str, str], rules: RuleSet) -> str:
    return class_name(key[0], "statistics", rules, variant=key[1] or None)


def compute_statistics(
    attrs: pd.DataFrame,
    geoms: np.ndarray,
    rules: RuleSet,
    previous: tuple[pd.DataFrame, np.ndarray] | None = None,
    conservation_field: str | None = None,
    notes: dict[str, str] | None = None,
) -> Statistics:
    """All tables for the pieces ``attrs`` / ``geoms`` (aligned); ``previous`` = the previous version's attributes
    and geometries. Raises :class:`~.register.InputError` for unusable input."""
    spec = rules.statistics
    if "class_code" not in attrs.columns:
        raise reg.InputError("The input has no field class_code.", "輸入圖層缺少欄位 class_code。")
    geoms = np.asarray(geoms, dtype=object)
    names = attrs["class_name"] if "class_name" in attrs.columns else [""] * len(attrs)
    keys = class_keys(list(attrs["class_code"]), list(names), rules)
    areas = np.nan_to_num(shapely.area(geoms).astype(float))
    frame = pd.DataFrame({"key": keys, "area": areas})
    total = float(areas.sum())
    figures: dict[tuple[str, str], tuple[int, float]] = {}
    labels, index, part_areas = patch_labels(geoms, keys, with_areas=True)
    parts = pd.DataFrame({"key": pd.Series(frame["key"].to_numpy()[index], dtype=object), "label": labels,
                          "area": part_areas})
    sized = parts.groupby(["key", "label"], sort=False)["area"].sum().reset_index()
    sized = sized[sized["area"] >= float(spec["patch_min_area_m2"])]
    patches = sized.groupby("key", sort=False).size()
    for key, idx in frame.groupby("key", sort=False).indices.items():
        figures[key] = (int(patches.get(key, 0)), float(areas[idx].sum()))
    stats = Statistics(by_class=_by_class(figures, total, rules), total_area_m2=total, figures=figures)
    if "town" in attrs.columns:
        stats.by_town = _by_town(attrs["town"], keys, areas, rules)
    if all(c in attrs.columns for c in reg.REQUIRED_INPUT):
        register = reg.build_register(attrs, rules, geoms, conservation_field=conservation_field)
        stats.landuse = _landuse(register, rules)
        stats.conservation = _conservation(register, rules)
    if previous is not None:
        stats.changes = _changes(keys, geoms, previous, rules)
    items = spec["note_items"]
    for item, value in (notes or {}).items():
        stats.notes.append(items[item].format(value=value))
    stats.notes.append(items["patches"].format(value=spec["patch_min_area_m2"]))
    if previous is not None:
        stats.notes.append(items["change_min_area"].format(value=spec["change_min_area_m2"]))
    return stats


def _ha(m2: float, rules: RuleSet) -> float:
    spec = rules.statistics
    return round(m2 / float(spec["area_divisor"]), int(spec["area_decimals"]))


def _by_class(figures: dict, total: float, rules: RuleSet) -> pd.DataFrame:
    spec = rules.statistics
    rows = []
    for key in _ordered_keys(set(figures), rules):
        patches, area = figures.get(key, (0, 0.0))
        share = round(100.0 * area / total, int(spec["share_decimals"])) if total else 0.0
        rows.append([_name(key, rules), patches, _ha(area, rules), share])
    rows.append([spec["total_label"], sum(p for p, _a in figures.values()), _ha(total, rules),
                 100.0 if total else 0.0])
    return pd.DataFrame(rows, columns=list(spec["sheets"]["by_class"]["headers"]))


def _by_town(towns: pd.Series, keys: list, areas: np.ndarray, rules: RuleSet) -> pd.DataFrame:
    spec = rules.statistics
    frame = pd.DataFrame({"town": reg.clean_text(towns), "key": keys, "area": areas})
    pivot = frame.pivot_table(index="town", columns="key", values="area", aggfunc="sum", fill_value=0.0)
    present = [k for k in _ordered_keys(set(frame["key"]), rules) if k in pivot.columns]
    headers = list(spec["sheets"]["by_town"]["headers"])
    out = pd.DataFrame({headers[0]: pivot.index})
    for key in present:
        out[_name(key, rules)] = [_ha(v, rules) for v in pivot[key]]
    out[headers[1]] = [_ha(v, rules) for v in pivot[present].sum(axis=1)]
    total = {headers[0]: spec["total_label"], headers[1]: _ha(float(areas.sum()), rules)}
    total.update({_name(k, rules): _ha(float(pivot[k].sum()), rules) for k in present})
    return pd.concat([out, pd.DataFrame([total])], ignore_index=True)


def _reg_area(listed: pd.DataFrame) -> pd.Series:
    return pd.to_numeric(listed["reg_area"], errors="coerce").fillna(0.0)


def _landuse(register: reg.Register, rules: RuleSet) -> pd.DataFrame:
    spec = rules.statistics
    listed = register.listed.assign(_area=lambda d: _reg_area(d))
    listed = listed.assign(before_landuse=listed["before_landuse"].replace("", spec["blank_landuse"]))
    table = listed.groupby(["before_landuse", "after_landuse"], sort=True).agg(n=("parcel_key", "size"),
                                                                              area=("_area", "sum")).reset_index()
    headers = list(spec["sheets"]["landuse"]["headers"])
    rows = [[r.before_landuse, int(r.n), _ha(r.area, rules), r.after_landuse] for r in table.itertuples()]
    rows.append([spec["total_label"], int(len(listed)), _ha(float(listed["_area"].sum()), rules), ""])
    return pd.DataFrame(rows, columns=headers)


def _conservation(register: reg.Register, rules: RuleSet) -> pd.DataFrame:
    spec = rules.statistics
    listed = register.listed
    hit = listed[listed["after_landuse"] != ""]
    headers = list(spec["sheets"]["conservation"]["headers"])
    rows = [[r.town, r.section_name, r.parcel_no, r.reg_area, r.before_landuse, r.after_class,
             r.rule_id.split(",")[-1]] for r in hit.itertuples()]
    area = float(_reg_area(hit).sum())
    decimals = int(rules.register["area_decimals"])
    rows.append([spec["total_label"], "", str(len(hit)), f"{area:.{decimals}f}", "", "", ""])
    return pd.DataFrame(rows, columns=headers)


def _changes(keys: list, geoms: np.ndarray, previous: tuple[pd.DataFrame, np.ndarray],
             rules: RuleSet) -> pd.DataFrame:
    """Per class: previous / current area, and the patches and areas gained and lost. Only pieces not wholly
    covered by the same class in the other version take part in the geometric difference (most pieces are
    unchanged), and differences below ``change_min_area_m2`` are boundary noise."""
    spec = rules.statistics
    p_attrs, p_geoms = previous
    if "class_code" not in p_attrs.columns:
        raise reg.InputError("The previous version has no field class_code.", "前版圖層缺少欄位 class_code。")
    p_names = p_attrs["class_name"] if "class_name" in p_attrs.columns else [""] * len(p_attrs)
    p_keys = class_keys(list(p_attrs["class_code"]), list(p_names), rules)
    lookup = {key: i for i, key in enumerate(dict.fromkeys(list(keys) + p_keys))}
    cur = _Version(keys, geoms, lookup)
    old = _Version(p_keys, p_geoms, lookup)
    left, right = shapely.STRtree(old.geoms).query(cur.geoms, predicate="intersects")
    same = cur.codes[left] == old.codes[right]
    left, right = left[same], right[same]
    shared = np.nan_to_num(shapely.area(shapely.intersection(cur.geoms[left], old.geoms[right])))
    cur.covered = np.bincount(left, weights=shared, minlength=len(cur.geoms))
    old.covered = np.bincount(right, weights=shared, minlength=len(old.geoms))
    min_area = float(spec["change_min_area_m2"])
    rows = []
    for key in _ordered_keys(set(lookup), rules):
        if key not in cur.index and key not in old.index:
            continue
        gained = _difference(cur, old, key, min_area)
        lost = _difference(old, cur, key, min_area)
        old_area, cur_area = old.area_of(key), cur.area_of(key)
        rows.append([_name(key, rules), _ha(old_area, rules), _ha(cur_area, rules), _ha(cur_area - old_area, rules),
                     len(gained), _ha(float(shapely.area(gained).sum()), rules),
                     len(lost), _ha(float(shapely.area(lost).sum()), rules)])
    return pd.DataFrame(rows, columns=list(spec["sheets"]["changes"]["headers"]))


class _Version:
    """One version of the map for the change table: geometries, class keys (``codes`` from a shared lookup),
    areas, and the area covered by the same class in the other version."""

    def __init__(self, keys: list, geoms: np.ndarray, lookup: dict):
        self.geoms = shapely.make_valid(np.asarray(geoms, dtype=object))
        self.areas = np.nan_to_num(shapely.area(self.geoms).astype(float))
        self.index = pd.DataFrame({"key": list(keys)}).groupby("key", sort=False).indices if keys else {}
        self.codes = np.array([lookup[k] for k in keys], dtype=np.int64)
        self.covered = np.zeros(len(self.geoms))

    def area_of(self, key) -> float:
        idx = self.index.get(key)
        return float(self.areas[idx].sum()) if idx is not None else 0.0


def _difference(a: _Version, b: _Version, key, min_area: float) -> np.ndarray:
    """The parts (≥ ``min_area``) of class ``key`` in version ``a`` that are not that class in version ``b``."""
    idx = a.index.get(key)
    if idx is None:
        return np.empty(0, dtype=object)
    todo = idx[a.areas[idx] - a.covered[idx] > 1e-6]
    if not len(todo):
        return np.empty(0, dtype=object)
    mine = shapely.union_all(a.geoms[todo])
    theirs = b.index.get(key)
    if theirs is not None:
        hits = shapely.STRtree(b.geoms[theirs]).query(a.geoms[todo], predicate="intersects")[1]
        if len(hits):
            mine = shapely.difference(mine, shapely.union_all(b.geoms[theirs][np.unique(hits)]))
    return _significant(mine, min_area)


def _significant(geom, min_area: float) -> np.ndarray:
    """The polygon parts of ``geom`` of at least ``min_area`` m²."""
    if geom is None or shapely.is_empty(geom):
        return np.empty(0, dtype=object)
    parts = shapely.get_parts(geom)
    parts = parts[shapely.get_type_id(parts) == 3]
    return parts[shapely.area(parts) >= min_area]


# ================================================================================================================
# Workbook and chart
# ================================================================================================================
def _sheet_tables(stats: Statistics) -> list[tuple[str, pd.DataFrame]]:
    order = [("by_class", stats.by_class), ("by_town", stats.by_town), ("landuse", stats.landuse),
             ("conservation", stats.conservation), ("changes", stats.changes)]
    return [(sheet, table) for sheet, table in order if table is not None]


def write_workbook(path: str, stats: Statistics, rules: RuleSet, produced: dt.datetime) -> list[str]:
    """Write the tables, one sheet each with its title, a bar chart of the area by class in class colours (and a
    stacked chart per township), and the 說明 sheet; reproducible bytes (only ``produced`` as a time stamp).
    Returns the sheet names."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    spec = rules.statistics
    wb = Workbook()
    wb.remove(wb.active)
    for sheet, table in _sheet_tables(stats):
        title = spec["sheets"][sheet]["title"]
        ws = wb.create_sheet(title=_sheet_name(title, wb.sheetnames))
        ws.append([title])
        ws["A1"].font = Font(bold=True, size=12)
        ws.append(list(table.columns))
        for cell in ws[2]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(horizontal="center", wrap_text=True)
        for values in table.itertuples(index=False):
            ws.append([v.item() if hasattr(v, "item") else v for v in values])
        for i, _col in enumerate(table.columns, start=1):
            ws.column_dimensions[ws.cell(row=2, column=i).column_letter].width = 16 if i > 1 else 28
        if sheet == "by_class":
            _class_chart(ws, stats, rules)
        if sheet == "by_town" and len(table) > 1:
            _town_chart(ws, table, rules)
    notes = spec["sheets"]["notes"]
    ws = wb.create_sheet(title=_sheet_name(notes["title"], wb.sheetnames))
    ws.append(list(notes["headers"]))
    for i, text in enumerate(stats.notes, start=1):
        ws.append([i, text])
    ws.column_dimensions["B"].width = 90
    reg.save_workbook_reproducibly(wb, path, produced)
    return wb.sheetnames


def _sheet_name(title: str, taken: Sequence[str]) -> str:
    for ch in "[]:*?/\\":
        title = title.replace(ch, "")
    name = title[:31]
    n = 2
    while name in taken:
        name = f"{title[:28]}({n})"
        n += 1
    return name


def _class_rows(stats: Statistics, rules: RuleSet) -> list[tuple[tuple[str, str], int]]:
    """(class key, 0-based data row of by_class) for the classes with an area, in table order."""
    keys = _ordered_keys(set(stats.figures), rules)
    return [(key, i) for i, key in enumerate(keys) if stats.figures.get(key, (0, 0.0))[1] > 0]


def _class_chart(ws, stats: Statistics, rules: RuleSet) -> None:
    """A bar chart of the area by class (hectares), each bar in its class colour (classes.yaml)."""
    from openpyxl.chart import BarChart, Reference
    from openpyxl.chart.marker import DataPoint

    rows = _class_rows(stats, rules)
    if not rows:
        return
    chart = BarChart()
    chart.type = "col"
    chart.title = rules.statistics["chart_title"]
    chart.legend = None
    chart.y_axis.title = rules.statistics["area_unit"]
    first, last = rows[0][1] + 3, rows[-1][1] + 3
    data = Reference(ws, min_col=3, min_row=first, max_row=last)
    cats = Reference(ws, min_col=1, min_row=first, max_row=last)
    chart.add_data(data, titles_from_data=False)
    chart.set_categories(cats)
    series = chart.series[0]
    for key, row in rows:
        point = DataPoint(idx=row + 3 - first)
        point.graphicalProperties.solidFill = rules.class_by_code(key[0]).color.lstrip("#")
        series.dPt.append(point)
    chart.width, chart.height = 24, 12
    ws.add_chart(chart, "G3")


def _town_chart(ws, table: pd.DataFrame, rules: RuleSet) -> None:
    """A stacked bar chart of the class areas per township, series in class colours."""
    from openpyxl.chart import BarChart, Reference

    chart = BarChart()
    chart.type = "bar"
    chart.grouping = "stacked"
    chart.overlap = 100
    chart.title = rules.statistics["town_chart_title"]
    n = len(table) - 1  # without the total row
    class_cols = list(table.columns[1:-1])
    for j, name in enumerate(class_cols, start=2):
        data = Reference(ws, min_col=j, min_row=2, max_row=2 + n)
        chart.add_data(data, titles_from_data=True)
        code = rules.resolve_class(name)
        if code:
            chart.series[-1].graphicalProperties.solidFill = rules.class_by_code(code).color.lstrip("#")
    chart.set_categories(Reference(ws, min_col=1, min_row=3, max_row=2 + n))
    chart.width, chart.height = 24, 12
    ws.add_chart(chart, f"{ws.cell(row=1, column=len(table.columns) + 2).column_letter}3")


def chart_png(stats: Statistics, rules: RuleSet, font_family: str | None = None) -> bytes:
    """The area-by-class bar chart as PNG (class colours, hectares), for the 繪製說明書. Needs matplotlib and a
    font with Chinese glyphs (``font_family``, else the first CJK font matplotlib finds)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    family = font_family or cjk_font_family()
    rows = _class_rows(stats, rules)
    labels = [rules.class_by_code(k[0]).short + (rules.class_by_code(k[0]).variant(k[1]).suffix if k[1] else "")
              for k, _i in rows]
    values = [stats.figures[k][1] / float(rules.statistics["area_divisor"]) for k, _i in rows]
    colours = [rules.class_by_code(k[0]).color for k, _i in rows]
    fig = Figure(figsize=(10, 5), dpi=100)
    FigureCanvasAgg(fig)
    ax = fig.add_subplot(1, 1, 1)
    ax.bar(range(len(values)), values, color=colours, edgecolor="#333333", linewidth=0.5)
    ax.set_xticks(range(len(values)))
    font = {"family": family} if family else {}
    ax.set_xticklabels(labels, fontdict=font)
    ax.set_ylabel(rules.statistics["area_unit"], fontdict=font)
    ax.set_title(rules.statistics["chart_title"], fontdict=font)
    for i, v in enumerate(values):
        ax.annotate(f"{v:,.2f}", (i, v), ha="center", va="bottom", fontsize=8)
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format="png", metadata={"Software": None})
    return buf.getvalue()


def cjk_font_family() -> str | None:
    """The family name of an installed font with Traditional Chinese glyphs (None when there is none)."""
    from matplotlib import font_manager

    preferred = ("Noto Sans CJK TC", "Noto Sans TC", "Microsoft JhengHei", "PingFang TC", "Noto Sans CJK JP",
                 "WenQuanYi Micro Hei", "AR PL UMing TW")
    def pick() -> str | None:
        names = {f.name for f in font_manager.fontManager.ttflist}
        for name in preferred:
            if name in names:
                return name
        return next((n for n in sorted(names) if "CJK" in n), None)

    found = pick()
    if found is None:  # a font installed after matplotlib built its cache
        for path in font_manager.findSystemFonts():
            if any(tag in path.lower() for tag in ("cjk", "wqy", "uming", "ukai", "jhenghei", "pingfang")):
                try:
                    font_manager.fontManager.addfont(path)
                except (OSError, RuntimeError, ValueError):
                    continue
        found = pick()
    return found

