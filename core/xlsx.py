"""A small XLSX writer for large text tables (the land register of a county: a million rows and more).

openpyxl builds a cell object per value, about 15 µs a cell: 3 minutes for a register of a million parcels. This
writer produces the SpreadsheetML of the data rows with string operations a column at a time, and writes only what
the register needs: text cells (inline strings), a bold centred bordered header style and a right-aligned footer
style, merged header cells, column widths and a frozen header. The package parts are the minimal set of ECMA-376
(content types, relationships, workbook, styles, sheets, core and app properties). Every timestamp in the file is
the caller's ``produced`` moment, so the same inputs give the same bytes.

Pure Python: no QGIS import. ``test_xlsx.py`` reads the files back with openpyxl.
"""
from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass, field
from typing import Sequence

#: Characters XML 1.0 does not allow (openpyxl refuses them too); they are dropped from cell text.
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")

#: Style ids of styles.xml below: 0 default, 1 header (bold, centred, wrapped, thin border), 2 footer (right).
HEADER_STYLE, FOOTER_STYLE = 1, 2


@dataclass
class Sheet:
    """One worksheet: ``header`` rows (styled), text ``rows``, a ``footer`` row (right-aligned cells), merged
    ranges such as ``A1:A2``, column ``widths`` (characters) and the first unfrozen row."""

    title: str
    header: list[list[str | None]] = field(default_factory=list)
    rows: Sequence[Sequence[str]] = ()
    footer: list[str | None] | None = None
    merges: list[str] = field(default_factory=list)
    widths: list[float] = field(default_factory=list)
    freeze_row: int = 0


def column_letter(index: int) -> str:
    """``1`` → ``A``, ``27`` → ``AA``."""
    out = ""
    while index > 0:
        index, rem = divmod(index - 1, 26)
        out = chr(65 + rem) + out
    return out


def escape(text: str) -> str:
    text = _ILLEGAL.sub("", text)
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _cell(ref: str, value, style: int = 0) -> str:
    s = f' s="{style}"' if style else ""
    if value is None or value == "":
        return f'<c r="{ref}"{s}/>' if style else ""
    text = escape(str(value))
    space = ' xml:space="preserve"' if text != text.strip() else ""
    return f'<c r="{ref}"{s} t="inlineStr"><is><t{space}>{text}</t></is></c>'


def _styled_row(number: int, values, style: int) -> str:
    cells = "".join(_cell(f"{column_letter(i)}{number}", v, style) for i, v in enumerate(values, start=1))
    return f'<row r="{number}">{cells}</row>'


def _data_rows(rows: Sequence[Sequence[str]], first: int) -> str:
    """The rows as XML, the cells of a column built by one template with the row number filled in."""
    if not len(rows):
        return ""
    ncol = max(len(r) for r in rows)
    letters = [column_letter(i) for i in range(1, ncol + 1)]
    parts = []
    for n, row in enumerate(rows, start=first):
        cells = []
        for letter, value in zip(letters, row):
            if value is None or value == "":
                continue
            text = value if type(value) is str else str(value)
            if "&" in text or "<" in text or ">" in text or _ILLEGAL.search(text):
                text = escape(text)
            if text[:1].isspace() or text[-1:].isspace():
                cells.append(f'<c r="{letter}{n}" t="inlineStr"><is><t xml:space="preserve">{text}</t></is></c>')
            else:
                cells.append(f'<c r="{letter}{n}" t="inlineStr"><is><t>{text}</t></is></c>')
        parts.append(f'<row r="{n}">{"".join(cells)}</row>')
    return "".join(parts)


#: Data rows per piece of sheet XML handed to the zip stream (bounded memory for a million rows).
CHUNK_ROWS = 20000


def _sheet_xml(sheet: Sheet):
    """The worksheet XML in pieces (a generator)."""
    out = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
           '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
           'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">']
    if sheet.freeze_row > 1:
        top = f"A{sheet.freeze_row}"
        out.append(f'<sheetViews><sheetView workbookViewId="0"><pane ySplit="{sheet.freeze_row - 1}" '
                   f'topLeftCell="{top}" activePane="bottomLeft" state="frozen"/>'
                   f'<selection pane="bottomLeft" activeCell="{top}" sqref="{top}"/></sheetView></sheetViews>')
    if sheet.widths:
        out.append("<cols>" + "".join(f'<col min="{i}" max="{i}" width="{w}" customWidth="1"/>'
                                      for i, w in enumerate(sheet.widths, start=1)) + "</cols>")
    out.append("<sheetData>")
    number = 1
    for values in sheet.header:
        out.append(_styled_row(number, values, HEADER_STYLE))
        number += 1
    yield "".join(out)
    for start in range(0, len(sheet.rows), CHUNK_ROWS):
        yield _data_rows(sheet.rows[start:start + CHUNK_ROWS], number + start)
    number += len(sheet.rows)
    out = []
    if sheet.footer is not None:
        out.append(_styled_row(number, sheet.footer, FOOTER_STYLE))
    out.append("</sheetData>")
    if sheet.merges:
        out.append(f'<mergeCells count="{len(sheet.merges)}">'
                   + "".join(f'<mergeCell ref="{m}"/>' for m in sheet.merges) + "</mergeCells>")
    out.append('<pageMargins left="0.75" right="0.75" top="1" bottom="1" header="0.5" footer="0.5"/></worksheet>')
    yield "".join(out)


_STYLES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>'
    '<fills count="2"><fill><patternFill/></fill><fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border>'
    '<border><left style="thin"/><right style="thin"/><top style="thin"/><bottom style="thin"/><diagonal/></border>'
    '</borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="1" xfId="0" applyFont="1" applyBorder="1" applyAlignment="1">'
    '<alignment horizontal="center" vertical="center" wrapText="1"/></xf>'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1">'
    '<alignment horizontal="right"/></xf></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    '</styleSheet>'
)


def _package(sheets: list[Sheet], produced: dt.datetime, creator: str) -> dict[str, str]:
    stamp = produced.strftime("%Y-%m-%dT%H:%M:%SZ")
    n = len(sheets)
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            + "".join(f'<Override PartName="/xl/worksheets/sheet{i}.xml" '
                      'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
                      for i in range(1, n + 1))
            + '<Override PartName="/xl/styles.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
            '<Override PartName="/docProps/core.xml" '
            'ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
            '<Override PartName="/docProps/app.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/></Types>'),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            'officeDocument" Target="xl/workbook.xml"/>'
            '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/'
            'core-properties" Target="docProps/core.xml"/>'
            '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            'extended-properties" Target="docProps/app.xml"/></Relationships>'),
        "docProps/core.xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
            f'<dc:creator>{escape(creator)}</dc:creator>'
            f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
            f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified></cp:coreProperties>'),
        "docProps/app.xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
            f'<Application>{escape(creator)}</Application></Properties>'),
        "xl/workbook.xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
            + "".join(f'<sheet name="{escape(s.title[:31])}" sheetId="{i}" r:id="rId{i}"/>'
                      for i, s in enumerate(sheets, start=1))
            + "</sheets></workbook>"),
        "xl/_rels/workbook.xml.rels": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            + "".join(f'<Relationship Id="rId{i}" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                      f'relationships/worksheet" Target="worksheets/sheet{i}.xml"/>' for i in range(1, n + 1))
            + f'<Relationship Id="rId{n + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/styles" Target="styles.xml"/></Relationships>'),
        "xl/styles.xml": _STYLES,
    }
    return parts


def xlsx_bytes(sheets: list[Sheet], produced: dt.datetime, creator: str = "twzoning") -> bytes:
    """The workbook as bytes (zip entries stamped with ``produced``; a sheet larger than 4 GB uses ZIP64)."""
    stamp = (max(produced.year, 1980), produced.month, produced.day, produced.hour, produced.minute, 0)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        def put(name: str, pieces, large: bool) -> None:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            with archive.open(info, "w", force_zip64=large) as fh:
                for piece in pieces:
                    fh.write(piece.encode("utf-8"))

        for name, text in _package(sheets, produced, creator).items():
            put(name, [text], False)
        for i, sheet in enumerate(sheets, start=1):
            # a sheet that might pass 2 GB uncompressed (200 bytes a cell, generously) gets a ZIP64 entry
            ncol = max([len(r) for r in sheet.header] + [len(sheet.rows[0]) if len(sheet.rows) else 0])
            put(f"xl/worksheets/sheet{i}.xml", _sheet_xml(sheet), len(sheet.rows) * ncol * 200 > 0x7FFFFFFF)
    return out.getvalue()
