"""The DECISIONS table (a planner's answers to the proposals) and the candidate list a reviewer opens.

``twzoning:sporadicland`` and ``twzoning:ruralunits`` propose candidates (零星土地納入 / 剔除, 鄉村區單元 …). Rules
worded 「得」 are *proposed*; a planner answers them in a DECISIONS table and runs the algorithm again, with the same
result every time. The table is a CSV (UTF-8, with or without BOM), an XLSX workbook (first sheet) or any layer,
with one row per answer:

==================  =======================================================================================
column              meaning
==================  =======================================================================================
``parcel_key``      the register key ``office|section|parcel_no`` (or the three columns ``office``,
                    ``section``, ``parcel_no``)
``rule_id``         optional: the rule the answer is for (empty: every candidate of the parcel)
``planner_decision`` ``accepted`` / ``refused`` (Chinese 同意 / 不同意 … accepted); empty = no answer.
                    A table without this column is read from ``decision`` instead.
``comment``         optional: the planner's reason, copied to the candidate
==================  =======================================================================================

The candidate list written by the algorithms (layer and XLSX) has exactly these columns, so a reviewer fills
``planner_decision`` in the workbook and feeds the workbook back as DECISIONS.

Pure Python (pandas, openpyxl); no QGIS import.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Sequence

import pandas as pd

from .fileio import atomic_target

__all__ = [
    "PROPOSED",
    "ACCEPTED",
    "REFUSED",
    "FLAGGED",
    "DECISION_VALUES",
    "CANDIDATE_LIST_FIELDS",
    "UNIT_FIELDS",
    "DecisionsError",
    "DecisionTable",
    "normalize_decision",
    "read_decisions",
    "decisions_from_frame",
    "resolve_decisions",
    "write_workbook",
]

PROPOSED, ACCEPTED, REFUSED, FLAGGED = "proposed", "accepted", "refused", "flagged"
#: Values of ``decision``: proposed (a 「得」 rule, waiting for the planner), accepted (applied to OUTPUT), refused
#: (not applied), flagged (a report only: nothing to apply).
DECISION_VALUES = (PROPOSED, ACCEPTED, REFUSED, FLAGGED)
#: Who decided: the rule's default, the planner's DECISIONS table, or the APPLY_PROPOSED parameter.
BY_RULE, BY_TABLE, BY_DEFAULT = "rule", "DECISIONS", "APPLY_PROPOSED"

#: Fields of the candidate list (OUTPUT_CANDIDATES of twzoning:sporadicland and twzoning:ruralunits).
CANDIDATE_LIST_FIELDS = [
    ("candidate_id", "text"),     # rule_id:parcel_key:from_class, stable between runs
    ("parcel_key", "text"),
    ("county", "text"),
    ("town", "text"),
    ("office", "text"),
    ("section", "text"),
    ("section_name", "text"),
    ("parcel_no", "text"),
    ("reg_area", "double"),
    ("nu_zone", "text"),
    ("nu_landuse", "text"),
    ("owner_type", "text"),
    ("group_id", "text"),         # the sporadic-land patch or the unit the candidate belongs to
    ("from_class", "text"),
    ("from_name", "text"),
    ("to_class", "text"),         # empty for a flag
    ("to_name", "text"),
    ("rule_id", "text"),
    ("rule_code", "text"),        # the printed code of a local rule (納6 …)
    ("rule_name", "text"),
    ("kind", "text"),
    ("mode", "text"),             # candidate (得) / automatic / flag
    ("scope", "text"),            # 通案 / 因地制宜
    ("area_m2", "double"),        # area of the candidate land in this parcel (switch parcel_area_source)
    ("group_area_m2", "double"),  # area of the patch / of the unit's inclusions
    ("decision", "text"),         # proposed / accepted / refused / flagged
    ("decided_by", "text"),       # rule / DECISIONS / APPLY_PROPOSED
    ("planner_decision", "text"),  # the planner's answer read from DECISIONS (fill this column to answer)
    ("comment", "text"),
    ("response_id", "text"),      # 表31 id such as 4(1), 4(3)
    ("response", "text"),         # 表31 standard response, verbatim
    ("discussion", "integer"),    # 1 = 需輸出圖表至到府服務討論
    ("reason", "text"),
    ("reason_en", "text"),
]

#: Fields of OUTPUT_UNITS of twzoning:ruralunits (one feature per 鄉村區單元 / special-purpose-zone unit).
UNIT_FIELDS = [
    ("unit_id", "text"),
    ("family", "text"),           # the nu_zone the unit is made of: 鄉村區 / 特定專用區
    ("class_code", "text"),
    ("class_name", "text"),
    ("district_count", "integer"),
    ("base_area_m2", "double"),   # 原鄉村區面積: the original districts of the unit
    ("added_area_m2", "double"),  # 累計納入面積: inclusions not refused by the planner
    ("added_share", "double"),    # added / base
    ("excluded_area_m2", "double"),
    ("total_area_m2", "double"),  # base + added - excluded
    ("rule_id", "text"),          # RDU-CUM / SPZ-D
    ("response_id", "text"),
    ("response", "text"),
    ("discussion", "integer"),
    ("status", "text"),           # ok / needs_justification / refused / too_small / no_inclusion
    ("reason", "text"),
    ("reason_en", "text"),
]

_ACCEPT = {"accepted", "accept", "yes", "y", "ok", "true", "1", "同意", "採納", "接受", "納入", "是", "可"}
_REFUSE = {"refused", "refuse", "rejected", "reject", "no", "n", "false", "0", "不同意", "不採納", "拒絕", "不納入",
           "否", "不可"}
_NONE = {"", "proposed", "flagged", "待定", "建議", "nan", "none", "null"}
_COLUMN_ALIASES = {
    "parcel_key": ("parcel_key", "地號鍵", "土地鍵值"),
    "office": ("office", "地政事務所代碼", "地政事務所"),
    "section": ("section", "地段代碼", "段號"),
    "parcel_no": ("parcel_no", "地號"),
    "rule_id": ("rule_id", "規則", "規則代碼"),
    "planner_decision": ("planner_decision", "審查決定", "規劃單位決定"),
    "decision": ("decision", "決定"),
    "comment": ("comment", "說明", "備註", "意見"),
}


class DecisionsError(ValueError):
    """An unusable DECISIONS table; ``row`` (1-based data row) and ``column`` name the cell when known."""

    def __init__(self, message: str, source: str = "", row: int | None = None, column: str | None = None):
        where = source + (f", row {row}" if row is not None else "") + (f", column {column}" if column else "")
        super().__init__(f"{where}: {message}" if where else message)
        self.source, self.row, self.column = source, row, column


def normalize_decision(value) -> str | None:
    """``accepted`` / ``refused`` for any accepted spelling; None for an empty cell or ``proposed`` / ``flagged``;
    ValueError for anything else."""
    if value is None:
        return None
    text = str(value).strip()
    low = text.casefold()
    if low in _NONE:
        return None
    if low in _ACCEPT or text in _ACCEPT:
        return ACCEPTED
    if low in _REFUSE or text in _REFUSE:
        return REFUSED
    raise ValueError(text)


@dataclass
class DecisionTable:
    """The planner's answers: ``rows`` has parcel_key, rule_id ('' = any rule), decision, comment, row."""

    rows: pd.DataFrame
    source: str = ""
    used: set = field(default_factory=set)

    def __post_init__(self) -> None:
        self._by_key: dict[tuple[str, str], tuple[str, str, int]] = {}
        for r in self.rows.itertuples(index=False):
            self._by_key[(r.parcel_key, r.rule_id)] = (r.decision, r.comment, r.row)

    def __len__(self) -> int:
        return len(self.rows)

    def lookup(self, parcel_key: str, rule_id: str) -> tuple[str, str] | None:
        """The answer for this candidate: a row naming the rule, else a row for the whole parcel, else None."""
        hit = self._by_key.get((parcel_key, rule_id)) or self._by_key.get((parcel_key, ""))
        if hit is None:
            return None
        self.used.add(hit[2])
        return hit[0], hit[1]

    def unused(self) -> pd.DataFrame:
        """Rows that matched no candidate (a typo in a key, or a parcel that is no longer a candidate)."""
        return self.rows[~self.rows["row"].isin(self.used)]


def _find(columns: Iterable[str], name: str) -> str | None:
    norm = {str(c).strip().casefold(): c for c in columns}
    for alias in _COLUMN_ALIASES[name]:
        if alias.casefold() in norm:
            return norm[alias.casefold()]
    return None


def decisions_from_frame(df: pd.DataFrame, source: str = "DECISIONS") -> DecisionTable:
    """A :class:`DecisionTable` from a DataFrame (a CSV, a workbook sheet or a layer's attributes)."""
    key_col = _find(df.columns, "parcel_key")
    parts = [_find(df.columns, f) for f in ("office", "section", "parcel_no")]
    if key_col is None and None in parts:
        raise DecisionsError(
            "no parcel_key column (nor office, section and parcel_no); columns: " + ", ".join(map(str, df.columns)),
            source,
        )
    dec_col = _find(df.columns, "planner_decision") or _find(df.columns, "decision")
    if dec_col is None:
        raise DecisionsError("no planner_decision (or decision) column; columns: " + ", ".join(map(str, df.columns)),
                             source)
    rule_col, comment_col = _find(df.columns, "rule_id"), _find(df.columns, "comment")
    rows, seen = [], {}
    for i, rec in enumerate(df.to_dict("records"), start=1):
        try:
            decision = normalize_decision(_cell(rec.get(dec_col)))
        except ValueError as exc:
            raise DecisionsError(
                f"unknown decision {exc} (use accepted / refused, 同意 / 不同意, or leave empty)", source, i, dec_col
            ) from None
        if decision is None:
            continue
        if key_col is not None and _cell(rec.get(key_col)):
            key = _cell(rec.get(key_col))
        else:
            office, section, number = (_cell(rec.get(c)) for c in parts) if None not in parts else ("", "", "")
            if not (office and section and number):
                raise DecisionsError("a decision without a parcel key", source, i, key_col or "parcel_key")
            key = f"{office}|{section}|{number}"
        rule = _cell(rec.get(rule_col)) if rule_col else ""
        comment = _cell(rec.get(comment_col)) if comment_col else ""
        if (key, rule) in seen and seen[(key, rule)][0] != decision:
            raise DecisionsError(
                f"contradicting decisions for {key} {rule or '(all rules)'} (row {seen[(key, rule)][1]})",
                source, i, dec_col,
            )
        seen[(key, rule)] = (decision, i)
        rows.append({"parcel_key": key, "rule_id": rule, "decision": decision, "comment": comment, "row": i})
    table = pd.DataFrame(rows, columns=["parcel_key", "rule_id", "decision", "comment", "row"])
    return DecisionTable(table, source=source)


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and pd.isna(value):
        return ""
    text = str(value).strip()
    return "" if text.casefold() in ("nan", "null", "none") else text


def read_decisions(path: str | Path) -> DecisionTable:
    """Read a DECISIONS table from a CSV (UTF-8, BOM allowed) or an XLSX workbook (its first sheet).

    Every cell is read as text (keys keep their leading zeros)."""
    path = Path(path)
    if not path.is_file():
        raise DecisionsError("file not found", str(path))
    suffix = path.suffix.lower()
    try:
        if suffix in (".xlsx", ".xlsm"):
            df = pd.read_excel(path, sheet_name=0, dtype=str, engine="openpyxl")
        elif suffix in (".csv", ".txt", ".tsv"):
            sep = "\t" if suffix == ".tsv" else ","
            df = pd.read_csv(path, dtype=str, sep=sep, encoding="utf-8-sig", keep_default_na=False)
        else:
            raise DecisionsError("unsupported file type (use .csv or .xlsx, or give a layer)", str(path))
    except (UnicodeDecodeError, ValueError, OSError, KeyError, zipfile.BadZipFile) as exc:
        # KeyError / BadZipFile: an .xlsx that is not a workbook (found by test/unit/test_fuzz.py)
        if isinstance(exc, DecisionsError):
            raise
        raise DecisionsError(f"cannot read the table ({exc})", str(path)) from exc
    return decisions_from_frame(df, str(path))


def resolve_decisions(
    candidates: pd.DataFrame, table: DecisionTable | None, apply_proposed: bool = False
) -> pd.DataFrame:
    """Fill ``decision``, ``decided_by``, ``planner_decision`` and ``comment`` of each candidate.

    The candidates arrive with ``default_decision`` (from the rule: proposed / accepted / refused / flagged). A
    planner's answer overrides it (flags stay flags; the comment is kept); with ``apply_proposed`` a proposal the
    planner did not answer counts as accepted.
    """
    out = candidates.copy()
    decision, by, planner, comment = [], [], [], []
    for key, rule, default in zip(out["parcel_key"], out["rule_id"], out["default_decision"]):
        hit = table.lookup(key, rule) if table is not None else None
        if hit is not None and default != FLAGGED:
            decision.append(hit[0])
            by.append(BY_TABLE)
            planner.append(hit[0])
            comment.append(hit[1])
        else:
            value = ACCEPTED if (default == PROPOSED and apply_proposed) else default
            decision.append(value)
            by.append(BY_DEFAULT if value != default else BY_RULE)
            planner.append("")
            comment.append(hit[1] if hit is not None else "")
    out["decision"] = decision
    out["decided_by"] = by
    out["planner_decision"] = planner
    out["comment"] = comment
    return out


# ================================================================================================================
# The reviewer's workbook
# ================================================================================================================
def write_workbook(path: str | Path, sheets: Sequence[tuple[str, pd.DataFrame]], readme: Sequence[str] = ()) -> None:
    """Write an XLSX a reviewer can open: one sheet per ``(title, frame)`` (bold frozen header, filters, widths),
    a list of allowed values on a ``planner_decision`` column, and a README sheet with ``readme`` lines.

    The file is written through core.fileio.atomic_target, so a failed run leaves no partial workbook.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    path = Path(path)
    wb = Workbook()
    wb.remove(wb.active)
    header_font = Font(bold=True)
    header_fill = PatternFill("solid", fgColor="DDEBF7")
    for title, frame in sheets:
        ws = wb.create_sheet(title[:31])
        columns = [str(c) for c in frame.columns]
        ws.append(columns)
        for values in frame.itertuples(index=False):
            ws.append([_xlsx_value(v) for v in values])
        for j, name in enumerate(columns, start=1):
            cell = ws.cell(row=1, column=j)
            cell.font, cell.fill = header_font, header_fill
            longest = max([len(name)] + [len(str(v)) for v in frame.iloc[:200, j - 1].tolist()]) if len(frame) else len(name)
            ws.column_dimensions[get_column_letter(j)].width = max(8, min(60, longest + 2))
            if name in ("reason", "reason_en", "response", "text"):
                for row in ws.iter_rows(min_row=2, min_col=j, max_col=j):
                    row[0].alignment = Alignment(wrap_text=True, vertical="top")
        ws.freeze_panes = "B2"
        if columns:
            ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{max(len(frame) + 1, 1)}"
        if "planner_decision" in columns and len(frame):
            col = get_column_letter(columns.index("planner_decision") + 1)
            dv = DataValidation(type="list", formula1='"accepted,refused"', allow_blank=True)
            dv.add(f"{col}2:{col}{len(frame) + 1}")
            ws.add_data_validation(dv)
    if readme:
        ws = wb.create_sheet("README")
        for line in readme:
            ws.append([line])
        ws.column_dimensions["A"].width = 140
    with atomic_target(path) as tmp:
        wb.save(tmp)


def _xlsx_value(v):
    if v is None:
        return None
    if isinstance(v, float) and pd.isna(v):
        return None
    if hasattr(v, "item"):  # numpy scalar
        return v.item()
    if isinstance(v, (str, int, float, bool)):
        return v
    return str(v)
