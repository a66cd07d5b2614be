"""core/xlsx.py: the streaming XLSX writer of the register, read back with openpyxl."""
from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
from openpyxl import load_workbook

from twzoning.core import xlsx

PRODUCED = dt.datetime(2025, 11, 24, 14, 5)


def workbook(sheets):
    return load_workbook(io.BytesIO(xlsx.xlsx_bytes(sheets, PRODUCED)))


def sheet(rows, **kw):
    kw.setdefault("header", [["甲", "分組", None], [None, "乙", "丙"]])
    kw.setdefault("footer", [None, None, "FOOT"])
    return xlsx.Sheet(title=kw.pop("title", "清冊"), rows=rows, **kw)


def test_values_header_footer_and_styles_read_back():
    rows = [["0214-0020", "a & b <c>", "  lead"], ["x", "", "中文"], ["tab\x01bad", "1,234.50", "end "]]
    ws = workbook([sheet(rows, merges=["A1:A2", "B1:C1"], widths=[12, 30, 8], freeze_row=3)]).active
    assert ws.title == "清冊"
    got = [[c.value for c in r] for r in ws.iter_rows(min_row=1, max_row=6, max_col=3)]
    assert got == [["甲", "分組", None], [None, "乙", "丙"],
                   ["0214-0020", "a & b <c>", "  lead"], ["x", None, "中文"], ["tabbad", "1,234.50", "end "],
                   [None, None, "FOOT"]]
    assert ws["A1"].font.b and ws["C2"].font.b and not ws["A3"].font.b
    assert ws["A1"].alignment.horizontal == "center" and ws["A1"].alignment.wrap_text
    assert ws["A1"].border.left.style == "thin"
    assert ws["C6"].alignment.horizontal == "right"
    assert {str(r) for r in ws.merged_cells.ranges} == {"A1:A2", "B1:C1"}
    assert ws.freeze_panes == "A3"
    assert ws.column_dimensions["B"].width == 30
    assert ws.max_row == 6


def test_every_cell_is_text_and_numbers_stay_text():
    ws = workbook([sheet([["0001", "00.50", "1e5"]])]).active
    assert [c.value for c in ws[3]] == ["0001", "00.50", "1e5"]
    assert all(c.data_type == "s" for c in ws[3])


def test_many_sheets_names_and_reproducible_bytes():
    sheets = [sheet([[str(i), "b", "c"]], title=f"清冊{i}") for i in range(1, 4)]
    one, two = xlsx.xlsx_bytes(sheets, PRODUCED), xlsx.xlsx_bytes(sheets, PRODUCED)
    assert one == two
    wb = load_workbook(io.BytesIO(one))
    assert wb.sheetnames == ["清冊1", "清冊2", "清冊3"]
    assert [wb[n]["A3"].value for n in wb.sheetnames] == ["1", "2", "3"]
    with zipfile.ZipFile(io.BytesIO(one)) as z:
        assert {i.date_time[:5] for i in z.infolist()} == {(2025, 11, 24, 14, 5)}
        assert z.testzip() is None
    assert wb.properties.created == PRODUCED


def test_empty_sheet_and_column_letters():
    ws = workbook([sheet([])]).active
    assert ws.max_row == 3 and ws["C3"].value == "FOOT"
    assert [xlsx.column_letter(n) for n in (1, 26, 27, 52, 703)] == ["A", "Z", "AA", "AZ", "AAA"]


@pytest.mark.parametrize("text", ["&amp;", "]]>", "<t>", "\u3000全形空白", "emoji 🌊"])
def test_text_survives(text):
    ws = workbook([sheet([[text, "", ""]])]).active
    assert ws["A3"].value == text
