"""The marine coordinate appendix (海洋資源地區-參考坐標附表): build, paginate, write, read and compare.

RULES.md §5.4 (seed ``001_f01d2a00176af413.txt:1484-1513``): columns 編號 | X坐標 | Y坐標 | 備註, WGS84 degrees with
the rule set's decimals (6, as all 319 Taoyuan rows), one block per indicator with its remark on the first row,
sheets titled 海洋資源地區-參考坐標I(WGS84), II, … (``:1534``, ``:1597`` …) of 59 rows then 65 (Q25, switches
``marine_rows_first_sheet`` / ``marine_rows_per_sheet``).

The reader accepts this module's own XLSX/CSV and the CSV transcription of the official Taoyuan appendix
(``taoyuan_marine_points.csv``: table, seq, number, x, y, remark), so a new table can be compared with a published
one: :func:`compare_appendices` lists the points added, removed, moved and renumbered.

Pure Python (pandas, openpyxl); no QGIS import. Files are written to a temporary name and renamed when complete.
"""
from __future__ import annotations

import csv
import math
import re
import zipfile
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import shapely

from .fileio import atomic_target
from .marine import MarineSettings
from .ruleset import normalize_name

__all__ = [
    "TABLE_FORMATS",
    "AppendixError",
    "roman",
    "sheet_title",
    "assign_sheets",
    "appendix_table",
    "write_appendix",
    "read_appendix",
    "compare_appendices",
    "comparison_counts",
    "write_comparison",
    "COMPARISON_COLUMNS",
]

#: File formats of the table, chosen by the file extension.
TABLE_FORMATS = (".xlsx", ".csv")

#: Columns of a comparison (ASCII names: an API).
COMPARISON_COLUMNS = [
    "status", "status_zh", "old_number", "new_number", "old_label", "new_label", "old_lon", "old_lat", "new_lon",
    "new_lat", "distance_m", "old_blocks", "new_blocks",
]
_STATUS_ORDER = ("added", "removed", "moved", "renumbered", "unchanged")
_NUMBER_RE = re.compile(r"^\s*(\d+)\s*(\*?)\s*$")
# metres per degree of latitude / of longitude at the equator (WGS84 mean values, for approximate distances)
_M_PER_DEG_LAT = 110574.0
_M_PER_DEG_LON = 111320.0


class AppendixError(ValueError):
    """A table that cannot be read; the message names the file, the sheet / line and what is wrong."""


# ================================================================================================================
# Building and paginating
# ================================================================================================================
def roman(n: int) -> str:
    """Upper-case Roman numeral of ``n`` ≥ 1 (sheet numbers I, II, … of the Taoyuan appendix)."""
    if n < 1:
        raise ValueError(f"no Roman numeral for {n}")
    out = []
    for value, letters in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"),
                           (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        count, n = divmod(n, value)
        out.append(letters * count)
    return "".join(out)


def sheet_title(index: int, settings: MarineSettings, numerals: str = "roman") -> str:
    """Title of sheet ``index`` (1-based): 海洋資源地區-參考坐標I(WGS84) …"""
    numeral = roman(index) if numerals == "roman" else str(index)
    return settings.sheet_title.format(numeral=numeral)


def assign_sheets(count: int, settings: MarineSettings) -> np.ndarray:
    """1-based sheet number of each of ``count`` rows: ``rows_first_sheet`` on sheet I, ``rows_per_sheet`` after."""
    first, per = settings.rows_first_sheet, settings.rows_per_sheet
    rows = np.arange(count)
    return np.where(rows < first, 1, 2 + (rows - first) // max(per, 1))


def appendix_table(rows: pd.DataFrame, settings: MarineSettings) -> pd.DataFrame:
    """The appendix as text: one row per table row with ``sheet`` (title) and the four columns 編號, X坐標, Y坐標,
    備註 (coordinates with the rule set's decimals). ``rows`` are :func:`core.marine.number_points` rows."""
    col_no, col_x, col_y, col_remark = settings.columns
    sheets = assign_sheets(len(rows), settings)
    fmt = f"{{:.{settings.decimals}f}}"
    return pd.DataFrame({
        "sheet": [sheet_title(int(s), settings) for s in sheets],
        col_no: rows["label"].astype(str).to_numpy(),
        col_x: [fmt.format(v) for v in rows["lon"].to_numpy(float)],
        col_y: [fmt.format(v) for v in rows["lat"].to_numpy(float)],
        col_remark: rows["remark"].fillna("").astype(str).to_numpy(),
    })


# ================================================================================================================
# Writing
# ================================================================================================================
def write_appendix(path: str | Path, table: pd.DataFrame, settings: MarineSettings) -> str:
    """Write :func:`appendix_table` output as XLSX (one sheet per title, title row + header row) or CSV (UTF-8 with
    BOM for Excel; the first column names the sheet). Returns the format written (``xlsx`` / ``csv``)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in TABLE_FORMATS:
        raise ValueError(f"{path.name}: unknown table format; expected one of {', '.join(TABLE_FORMATS)}")
    with atomic_target(path) as tmp:
        if suffix == ".xlsx":
            _write_xlsx(tmp, table, settings)
        else:
            _write_csv(tmp, table, settings)
    return suffix[1:]


def _write_csv(path: str, table: pd.DataFrame, settings: MarineSettings) -> None:
    out = table.rename(columns={"sheet": settings.csv_sheet_column})
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        out.to_csv(fh, index=False, quoting=csv.QUOTE_MINIMAL)


def _write_xlsx(path: str, table: pd.DataFrame, settings: MarineSettings) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side

    columns = list(settings.columns)
    wb = Workbook()
    wb.remove(wb.active)
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    titles = list(dict.fromkeys(table["sheet"])) or [sheet_title(1, settings)]
    for title in titles:
        ws = wb.create_sheet(title=title[:31])
        ws.append([title])
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(columns))
        ws.cell(1, 1).font = Font(bold=True, size=14)
        ws.cell(1, 1).alignment = Alignment(horizontal="center")
        ws.append(columns)
        for c in range(1, len(columns) + 1):
            ws.cell(2, c).font = Font(bold=True)
            ws.cell(2, c).alignment = Alignment(horizontal="center")
            ws.cell(2, c).border = border
        part = table[table["sheet"] == title]
        number_format = "0." + "0" * settings.decimals if settings.decimals > 0 else "0"
        for r, values in enumerate(part[columns].itertuples(index=False), start=3):
            label, x, y, remark = values
            ws.cell(r, 1, label)
            ws.cell(r, 2, float(x)).number_format = number_format
            ws.cell(r, 3, float(y)).number_format = number_format
            ws.cell(r, 4, remark or None)
            for c in range(1, 5):
                ws.cell(r, c).border = border
            ws.cell(r, 1).alignment = Alignment(horizontal="center")
        ws.column_dimensions["A"].width = 9
        ws.column_dimensions["B"].width = 14
        ws.column_dimensions["C"].width = 14
        ws.column_dimensions["D"].width = 80
        ws.freeze_panes = "A3"
    wb.save(path)


# ================================================================================================================
# Reading an appendix (own output or an official table)
# ================================================================================================================
def _find_columns(header: list[Any], settings: MarineSettings) -> dict[str, int]:
    """Column index of sheet / number / x / y / remark in a header row (names compared normalised)."""
    norm = [normalize_name(h) if h is not None else "" for h in header]
    found = {}
    for key, aliases in settings.reader_columns.items():
        wanted = {normalize_name(a) for a in aliases}
        for i, name in enumerate(norm):
            if name in wanted:
                found[key] = i
                break
    return found


def _parse_rows(records: list[tuple[str, int, list[Any]]], cols: dict[str, int], source: str) -> pd.DataFrame:
    """Rows (sheet, line, cells) → appendix frame; blank rows are skipped, malformed ones raise AppendixError."""
    out = []
    def cell(cells: list[Any], key: str) -> str:
        i = cols.get(key)
        value = cells[i] if i is not None and i < len(cells) else None
        return "" if value is None else str(value).strip()

    for sheet, line, cells in records:
        label, xs, ys = cell(cells, "number"), cell(cells, "x"), cell(cells, "y")
        if not label and not xs and not ys:
            continue
        m = _NUMBER_RE.match(label)
        where = f"{source}: {sheet + ', ' if sheet else ''}line {line}"
        if m is None:
            raise AppendixError(f"{where}: the number {label!r} is not a point number such as 12 or 3*")
        try:
            x, y = float(xs), float(ys)
        except ValueError:
            raise AppendixError(f"{where}: the coordinates {xs!r}, {ys!r} are not decimal degrees") from None
        if not (-180.0 <= x <= 180.0 and -90.0 <= y <= 90.0):
            raise AppendixError(f"{where}: ({x}, {y}) is not a WGS84 longitude / latitude")
        out.append((cell(cells, "sheet") or sheet, line, label, int(m.group(1)), bool(m.group(2)), x, y,
                    cell(cells, "remark")))
    frame = pd.DataFrame(out, columns=["sheet", "line", "label", "number", "is_centre", "x", "y", "remark"])
    frame.insert(0, "seq", np.arange(1, len(frame) + 1))
    block = (frame["remark"] != "").cumsum()
    frame["block"] = block
    heads = frame.loc[frame["remark"] != ""].set_index("block")["remark"]
    frame["block_remark"] = block.map(heads).fillna("")
    return frame


def read_appendix(path: str | Path, settings: MarineSettings) -> pd.DataFrame:
    """Read an appendix table (XLSX: every sheet, the header row found by its column names; CSV: UTF-8 with or
    without BOM) into a frame: seq, sheet, line, label, number, is_centre, x (longitude), y (latitude), remark,
    block (1-based indicator block: a non-empty remark starts one), block_remark."""
    path = Path(path)
    if not path.is_file():
        raise AppendixError(f"{path}: no such file")
    try:
        records, cols = _read_records(path, settings)
    except _unreadable() as exc:  # not UTF-8, not a workbook, unreadable (found by test/unit/test_fuzz.py)
        raise AppendixError(f"{path.name}: the file cannot be read as a UTF-8 CSV or an XLSX workbook ({exc})") \
            from exc
    need = ("number", "x", "y")
    if cols is None or not all(k in cols for k in need):
        names = ", ".join("/".join(settings.reader_columns[k][:2]) for k in need)
        raise AppendixError(f"{path.name}: no header row with the columns {names}")
    return _parse_rows(records, cols, path.name)


def _unreadable() -> tuple[type[BaseException], ...]:
    """The errors of a file that is not a UTF-8 CSV or an XLSX workbook (openpyxl's own when it is installed)."""
    errors: tuple[type[BaseException], ...] = (UnicodeDecodeError, csv.Error, KeyError, zipfile.BadZipFile, OSError)
    try:
        from openpyxl.utils.exceptions import InvalidFileException
    except ImportError:  # pragma: no cover
        return errors
    return errors + (InvalidFileException,)


def _read_records(path: Path, settings: MarineSettings) -> tuple[list[tuple[str, int, list[Any]]], dict | None]:
    """The data rows (sheet, line, cells) after the header row, and the header's columns (None: none found)."""
    need = ("number", "x", "y")
    records: list[tuple[str, int, list[Any]]] = []
    cols: dict[str, int] | None = None
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        from openpyxl import load_workbook

        wb = load_workbook(path, read_only=True, data_only=True)
        try:
            for ws in wb.worksheets:
                sheet_cols = None
                for line, row in enumerate(ws.iter_rows(values_only=True), start=1):
                    cells = list(row)
                    if sheet_cols is None:
                        found = _find_columns(cells, settings)
                        if all(k in found for k in need):
                            sheet_cols = found
                        continue
                    records.append((ws.title, line, cells))
                if sheet_cols is not None:
                    if cols is not None and sheet_cols != cols:
                        raise AppendixError(f"{path.name}: sheet {ws.title} has its columns in another order")
                    cols = sheet_cols
        finally:
            wb.close()
    else:
        with open(path, encoding="utf-8-sig", newline="") as fh:
            rows = list(csv.reader(fh))
        if rows:
            cols = _find_columns(rows[0], settings)
            records = [("", i, r) for i, r in enumerate(rows[1:], start=2)]
    return records, cols


# ================================================================================================================
# Comparing two tables
# ================================================================================================================
def _metres(lon: np.ndarray, lat: np.ndarray, lat0: float) -> np.ndarray:
    """Approximate local metres (equirectangular at latitude ``lat0``; < 0.1 % off across a county)."""
    return np.column_stack([lon * _M_PER_DEG_LON * math.cos(math.radians(lat0)), lat * _M_PER_DEG_LAT])


def _points(table: pd.DataFrame) -> pd.DataFrame:
    """One row per number: its first coordinates and the blocks (remarks) that list it."""
    blocks = table.groupby("number")["block_remark"].agg(lambda r: "; ".join(dict.fromkeys(v for v in r if v)))
    first = table.drop_duplicates("number").set_index("number")
    return pd.DataFrame({"label": first["label"], "lon": first["x"], "lat": first["y"], "blocks": blocks})


def compare_appendices(old: pd.DataFrame, new: pd.DataFrame, settings: MarineSettings) -> pd.DataFrame:
    """Compare two appendices (frames of :func:`read_appendix`) point by point (one point per number).

    Points within ``same_tolerance_m`` on the ground are the same point (one-to-one, nearest first, same number
    preferred): ``unchanged`` or ``renumbered``. Of the others, a number in both tables within ``move_tolerance_m``
    is ``moved``; the rest are ``removed`` (old only) or ``added`` (new only). Distances are approximate metres.
    """
    a, b = _points(old), _points(new)
    lat0 = float(pd.concat([a["lat"], b["lat"]]).mean()) if len(a) or len(b) else 0.0
    pa = _metres(a["lon"].to_numpy(float), a["lat"].to_numpy(float), lat0)
    pb = _metres(b["lon"].to_numpy(float), b["lat"].to_numpy(float), lat0)
    pairs: list[tuple[int, int, str, float]] = []
    used_a, used_b = np.zeros(len(a), bool), np.zeros(len(b), bool)
    if len(a) and len(b):
        tree = shapely.STRtree(shapely.points(pb))
        ia, ib = tree.query(shapely.points(pa), predicate="dwithin", distance=settings.same_tolerance_m)
        dist = np.hypot(*(pa[ia] - pb[ib]).T)
        other = a.index.to_numpy()[ia] != b.index.to_numpy()[ib]
        for k in np.lexsort((other, dist)):
            i, j = ia[k], ib[k]
            if used_a[i] or used_b[j]:
                continue
            used_a[i] = used_b[j] = True
            pairs.append((i, j, "renumbered" if other[k] else "unchanged", float(dist[k])))
        pos_b = {n: j for j, n in enumerate(b.index)}
        for i, n in enumerate(a.index):
            j = pos_b.get(n)
            if used_a[i] or j is None or used_b[j]:
                continue
            d = float(np.hypot(*(pa[i] - pb[j])))
            if d <= settings.move_tolerance_m:
                used_a[i] = used_b[j] = True
                pairs.append((i, j, "moved", d))
    pairs += [(i, -1, "removed", math.nan) for i in np.flatnonzero(~used_a)]
    pairs += [(-1, j, "added", math.nan) for j in np.flatnonzero(~used_b)]

    def side(frame: pd.DataFrame, k: int, col: str) -> Any:
        return frame[col].iloc[k] if k >= 0 else None

    rows = []
    for i, j, status, d in pairs:
        rows.append({
            "status": status,
            "status_zh": settings.status_names[status],
            "old_number": int(a.index[i]) if i >= 0 else None,
            "new_number": int(b.index[j]) if j >= 0 else None,
            "old_label": side(a, i, "label"),
            "new_label": side(b, j, "label"),
            "old_lon": side(a, i, "lon"),
            "old_lat": side(a, i, "lat"),
            "new_lon": side(b, j, "lon"),
            "new_lat": side(b, j, "lat"),
            "distance_m": round(d, 3) if not math.isnan(d) else None,
            "old_blocks": side(a, i, "blocks"),
            "new_blocks": side(b, j, "blocks"),
        })
    out = pd.DataFrame(rows, columns=COMPARISON_COLUMNS)
    if len(out):
        rank = out["status"].map({s: k for k, s in enumerate(_STATUS_ORDER)})
        key = out["new_number"].fillna(out["old_number"])
        out = out.assign(_r=rank, _k=key).sort_values(["_r", "_k"], kind="mergesort").drop(columns=["_r", "_k"])
    for col in ("old_number", "new_number"):
        out[col] = out[col].astype("Int64")
    return out.reset_index(drop=True)


def comparison_counts(comparison: pd.DataFrame) -> dict[str, int]:
    """Number of points per status (every status present, 0 when none)."""
    counts = comparison["status"].value_counts()
    return {status: int(counts.get(status, 0)) for status in _STATUS_ORDER}


def write_comparison(path: str | Path, comparison: pd.DataFrame) -> str:
    """Write a comparison as CSV (UTF-8 with BOM) or XLSX, chosen by the extension; returns the format."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in TABLE_FORMATS:
        raise ValueError(f"{path.name}: unknown table format; expected one of {', '.join(TABLE_FORMATS)}")
    with atomic_target(path) as tmp:
        if suffix == ".xlsx":
            comparison.to_excel(tmp, index=False, engine="openpyxl")
        else:
            with open(tmp, "w", encoding="utf-8-sig", newline="") as fh:
                comparison.to_csv(fh, index=False)
    return suffix[1:]
