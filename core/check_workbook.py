"""The review workbook of ``twzoning:checkresults`` (XLSX, openpyxl), in the order a county meeting reads it.

Sheets:

1. ``檢核結論`` — the county-level verdict line, the summary per class and type (counts, areas, how many go to
   discussion), the counts of the checker, and any issue (e.g. types 3/4 not recognised without parcels).
2. ``劃設疑義綜理表`` — the differences that need discussion (需輸出圖表至到府服務討論, RULES.md §8.2), one row each,
   with the columns of 表51 (RULES.md §8.3, ``checking.workbook.discussion_columns``) and the map image of the
   difference (rendered by the algorithm) in the map column; the columns for the meeting's answers stay empty.
3. ``全部差異處`` — every difference with all the fields of the difference layer.
4. ``制式回應說明`` — 表31 itself (the standard responses, verbatim), so the sheet can be read alone.

Pure Python (openpyxl); the file is written through :func:`core.fileio.atomic_target`.
"""
from __future__ import annotations

from typing import Mapping

import pandas as pd

from . import catalogue
from .checking import DIFF_NAMES, SUMMARY_FIELDS, CheckResult
from .fileio import atomic_target
from .ruleset import RuleSet

__all__ = ["write_review_workbook", "SHEETS"]

SHEETS = ("檢核結論", "劃設疑義綜理表", "全部差異處", "制式回應說明")
#: Width of the map column (characters) and height of a row holding a map (points); the image is scaled to fit.
_MAP_COL_WIDTH = 46
_MAP_ROW_HEIGHT = 230
_MAP_PX = (320, 300)
#: 1-based column of 表51 that holds the map: 三階國土功能分區圖 (the 6th column).
_MAP_COLUMN = 6


def _short(code: str, rs: RuleSet) -> str:
    return catalogue.class_name(code, "short", rs) if code else ""


def _discussion_row(row: pd.Series, rs: RuleSet) -> list:
    """The 表51 columns of one difference (the map columns are filled by images / a pointer to them)."""
    wb = rs.checking["workbook"]
    revise = set(rs.checking["verdict"]["revise_responses"])
    general = wb["no_text"] if (row["response_id"] in revise or int(row["diff_type"]) == 5) else wb["yes_text"]
    advice = row["response"] + ("\n" + row["reason"] if row["reason"] else "")
    return [
        int(row["diff_id"]), row["location"] or row["town"],
        wb["category_template"].format(sub=_short(row["to_class"], rs)),
        "", _short(row["from_class"], rs), "", _short(row["to_class"], rs), round(float(row["area_ha"]), 4),
        general, wb["no_text"], wb["yes_text"] if int(row["diff_type"]) == 5 else wb["no_text"], advice,
        "", "", "", "", "",
    ]


def write_review_workbook(path: str, result: CheckResult, rs: RuleSet, images: Mapping[int, str] | None = None,
                          title: str = "") -> str:
    """Write the workbook to ``path``; ``images`` maps a ``diff_id`` to the PNG of its map."""
    from openpyxl import Workbook
    from openpyxl.drawing.image import Image
    from openpyxl.styles import Alignment, Font

    images = images or {}
    wb_cfg = rs.checking["workbook"]
    book = Workbook()
    wrap = Alignment(wrap_text=True, vertical="top")
    bold = Font(bold=True)

    # 1. verdict and summary
    ws = book.active
    ws.title = SHEETS[0]
    ws.append([title or wb_cfg["discussion_title"]])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append([result.verdict])
    ws.append([result.verdict_en])
    ws.append([])
    ws.append([n for n, _k in SUMMARY_FIELDS])
    for cell in ws[ws.max_row]:
        cell.font = bold
    for rec in result.summary.itertuples(index=False):
        ws.append(list(rec))
    ws.append([])
    ws.append(["stat", "value"])
    for key, value in result.stats.items():
        ws.append([key, value])
    for issue in result.issues:
        ws.append(["issue", issue])
    ws.column_dimensions["A"].width = 28
    ws.column_dimensions["B"].width = 24
    ws.column_dimensions["D"].width = 40

    # 2. 表51: the differences that need discussion, with their maps
    ws = book.create_sheet(SHEETS[1])
    ws.append([wb_cfg["discussion_title"]])
    ws["A1"].font = Font(bold=True, size=14)
    cols = list(wb_cfg["discussion_columns"])
    ws.append(cols)
    for cell in ws[2]:
        cell.font = bold
        cell.alignment = wrap
    disc = result.differences[result.differences["needs_discussion"] == 1]
    map_col = _MAP_COLUMN
    for _i, row in disc.iterrows():
        values = _discussion_row(row, rs)
        ws.append(values)
        r = ws.max_row
        for cell in ws[r]:
            cell.alignment = wrap
        png = images.get(int(row["diff_id"]))
        if png:
            img = Image(png)
            img.width, img.height = _MAP_PX
            ws.add_image(img, ws.cell(row=r, column=map_col).coordinate)
            ws.row_dimensions[r].height = _MAP_ROW_HEIGHT
    widths = {1: 6, 2: 26, 3: 12, 4: 10, 5: 10, 6: _MAP_COL_WIDTH, 7: 10, 8: 10, 12: 48}
    from openpyxl.utils import get_column_letter
    for col in range(1, len(cols) + 1):
        ws.column_dimensions[get_column_letter(col)].width = widths.get(col, 14)
    ws.freeze_panes = "A3"

    # 3. every difference
    ws = book.create_sheet(SHEETS[2])
    ws.append(DIFF_NAMES)
    for cell in ws[1]:
        cell.font = bold
    for row in result.differences[DIFF_NAMES].itertuples(index=False):
        ws.append([v.item() if hasattr(v, "item") else v for v in row])
    ws.freeze_panes = "A2"

    # 4. 表31
    ws = book.create_sheet(SHEETS[3])
    ws.append(["id", "type", "type_name", "classes", "text", "remark", "source"])
    for cell in ws[1]:
        cell.font = bold
    for resp in rs.standard_responses:
        ws.append([resp.id, resp.type, resp.type_name, resp.classes, resp.text, resp.remark, resp.source])
    ws.column_dimensions["E"].width = 60
    ws.column_dimensions["F"].width = 60

    with atomic_target(path) as tmp:
        book.save(tmp)
    return path
