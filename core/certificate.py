"""The content of the 國土功能分區證明書 (陸域 / 海域), RULES.md §7, ``001_f01d2a00176af413.txt:2235-2428``.

Builds, from the assigned parcel pieces (land) or the zoning map and query areas (sea), every text the certificate
prints — title, applicant, 列印案號, 列印日期, 驗證碼, the 說明 block, the table rows, the closing lines — from
``rules/register.yaml`` (``certificate``, ``dates``); class names from :mod:`.catalogue` (kind ``certificate``:
Chinese numerals, one class per line without 「部分」, DECISIONS.md Q1/Q2). The print layout itself (PDF) is made by
``algorithms/certificate.py``. Pure Python; no QGIS import.

驗證碼 (verification code): ``YYY△MMDD`` + a digest of the certificate content (HMAC-SHA-256 with the issuing
office's key, or a plain SHA-256 without one), so the office can recompute the code from the printed content and
detect a changed certificate. [INFERENCE: the sources give only the pattern, RULES.md §7.1 A / Q3.]
"""
from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import json
from dataclasses import dataclass, field
from typing import Sequence

import numpy as np
import pandas as pd
import shapely

from . import register as reg
from .catalogue import class_name, split_wording
from .ruleset import RuleSet

__all__ = ["Certificate", "CertificateRow", "land_certificate", "sea_certificate", "verification_code",
           "case_number", "normalise_key"]


@dataclass(frozen=True)
class CertificateRow:
    """One row of the table: the cells in the column order of ``certificate.columns_land`` / ``columns_sea``."""

    cells: tuple[str, ...]
    key: str
    class_codes: tuple[str, ...]
    rule_ids: tuple[str, ...] = ()
    #: positions (0-based) of the input pieces of this parcel, for the location map
    pieces: tuple[int, ...] = ()


@dataclass
class Certificate:
    kind: str                      # land | sea
    title: str
    applicant: str
    verification: str
    case_no: str
    print_date: str
    note: str
    columns: tuple[str, ...]
    rows: list[CertificateRow]
    total: str
    page_template: str             # certificate.page with {date} filled; {page} {pages} left for the layout
    code: str
    warnings: list[str] = field(default_factory=list)

    @property
    def keys(self) -> list[str]:
        return [r.key for r in self.rows]

    def text(self) -> str:
        """All printed text in reading order (what a PDF text extraction should find)."""
        lines = [self.title, self.applicant, self.verification, self.case_no, self.print_date, self.note,
                 " | ".join(self.columns)]
        lines += [" | ".join(r.cells) for r in self.rows]
        lines.append(self.total)
        return "\n".join(lines)


def normalise_key(text: str) -> str:
    """``HB|0388|0012-0000``, ``HB 0388 0012-0000`` or ``HB,0388,0012-0000`` → ``HB|0388|0012-0000``."""
    parts = [p for p in str(text).replace(",", "|").replace(" ", "|").split("|") if p.strip()]
    return "|".join(p.strip() for p in parts)


def _date_values(day: dt.date, rules: RuleSet) -> dict[str, str]:
    year = day.year - int(rules.dates["roc_offset"])
    return {"yyy": f"{year:03d}", "yy": f"{year % 100:02d}", "mm": f"{day.month:02d}", "dd": f"{day.day:02d}"}


def case_number(rules: RuleSet, county: str, letter: str, day: dt.date, serial: int) -> str:
    """列印案號 from ``certificate.case_no_template``: (YYY)○○縣(市)國證字第△YYMMDD9999號."""
    values = _date_values(day, rules)
    return rules.certificate["case_no_template"].format(county=county, letter=letter, serial=serial, **values)


def verification_code(rules: RuleSet, letter: str, day: dt.date, content: str, key: bytes | None = None) -> str:
    """驗證碼 from ``certificate.verification_template``: ROC year, county letter, month, day and the first
    ``verification_digest_length`` characters (A-Z, 2-7) of HMAC-SHA-256(key, content) (SHA-256 without a key)."""
    if key:
        digest = hmac.new(key, content.encode("utf-8"), hashlib.sha256).digest()
    else:
        digest = hashlib.sha256(content.encode("utf-8")).digest()
    text = base64.b32encode(digest).decode("ascii")[: int(rules.certificate["verification_digest_length"])]
    values = _date_values(day, rules)
    return rules.certificate["verification_template"].format(
        yyy=values["yyy"], letter=letter, mm=values["mm"], dd=values["dd"], digest=text
    )


def _content(case_no: str, print_date: str, applicant: str, rows: Sequence[CertificateRow]) -> str:
    """The canonical text the verification code signs."""
    return json.dumps([case_no, print_date, applicant, [list(r.cells) for r in rows]], ensure_ascii=False,
                      separators=(",", ":"))


def _first_text(df: pd.DataFrame, column: str | None) -> pd.Series:
    """Per parcel (gid): the distinct non-empty texts of ``column`` in piece order, joined by newlines."""
    if not column:
        return pd.Series(dtype=object)
    if column not in df.columns:
        raise reg.InputError(f"The field '{column}' is not a field of the input.", f"輸入圖層沒有欄位「{column}」。")
    text = reg.clean_text(df[column])
    return text.groupby(df["gid"], sort=False).agg(lambda s: "\n".join(dict.fromkeys(t for t in s if t)))


def _header(rules: RuleSet, kind: str, county: str, applicant: str, letter: str, day: dt.date, serial: int,
            agency: str, phone: str) -> dict[str, str]:
    spec = rules.certificate
    case_no = case_number(rules, county, letter, day, serial)
    return {
        "title": spec["title_" + kind].format(county=county),
        "applicant": spec["applicant"].format(applicant=applicant),
        "case_no_value": case_no,
        "case_no": spec["case_no"].format(case_no=case_no),
        "print_date": spec["print_date"].format(date=reg.roc_date(day, rules, "certificate")),
        "note": spec["note_" + kind].format(agency=agency, phone=phone),
    }


def land_certificate(
    pieces: pd.DataFrame,
    rules: RuleSet,
    keys: Sequence[str],
    *,
    county: str | None = None,
    applicant: str = "",
    agency: str = "",
    phone: str = "",
    announce_date: dt.date | None = None,
    print_date: dt.date,
    serial: int = 1,
    geoms: np.ndarray | None = None,
    conservation_field: str | None = None,
    notes_field: str | None = None,
    permit_field: str | None = None,
    change_date_field: str | None = None,
    county_letter: str | None = None,
    secret: bytes | None = None,
) -> Certificate:
    """The 陸域 certificate for the parcels ``keys`` (``office|section|parcel_no``, provisional numbers as the
    register prints them). Raises :class:`~.register.InputError` for an unknown key or urban-plan / national-park
    land (no certificate is issued there, RULES.md §7)."""
    spec = rules.certificate
    wanted = [normalise_key(k) for k in keys if str(k).strip()]
    if not wanted:
        raise reg.InputError("Give at least one parcel key (office|section|parcel_no).",
                             "請至少指定一筆土地（地政事務所代碼|地段代碼|地號）。")
    df = reg.prepare_pieces(pieces, rules, geoms, conservation_field)
    parcels = reg.number_provisional(reg.parcel_table(df, rules), rules)
    parcels["key"] = parcels["office"] + "|" + parcels["section"] + "|" + parcels["parcel_no"]
    by_key = {k: gid for gid, k in parcels["key"].items()}
    unknown = [k for k in wanted if k not in by_key]
    if unknown:
        raise reg.InputError(
            "These parcels are not in the input: " + ", ".join(unknown) + ". Keys are office|section|parcel_no, "
            "e.g. HB|0388|0012-0000.",
            "輸入圖層中找不到以下土地：" + "、".join(unknown) + "。格式為 地政事務所代碼|地段代碼|地號，例如 HB|0388|0012-0000。",
        )
    gids = list(dict.fromkeys(by_key[k] for k in wanted))
    chosen = parcels.loc[gids]
    barred = chosen[chosen["all_excluded"]]
    if len(barred):
        raise reg.InputError(
            "No zoning certificate is issued for urban-plan or national-park land: " + ", ".join(barred["key"])
            + " (RULES.md §7).",
            "都市計畫及國家公園計畫範圍之土地不核發國土功能分區證明書：" + "、".join(barred["key"]) + "。",
        )
    df = df[df["gid"].isin(gids)]
    after_landuse, cons_rule, warnings = reg.conservation(chosen, rules)
    masks = reg.item_masks(spec["control_notes"], df, chosen)
    controls = reg.item_texts(spec["control_notes"], masks, chosen, rules, spec["numbering"], spec["separator"])
    extra_notes = _first_text(df, notes_field)
    permits = _first_text(df, permit_field)
    changes = _first_text(df, change_date_field)
    announce = reg.roc_date(announce_date, rules, "short") if announce_date else ""
    rows = []
    for n, (gid, p) in enumerate(chosen.iterrows(), start=1):
        mine = df[df["gid"] == gid]
        live = mine[~mine["excluded"]]
        names = [class_name(c, "certificate", rules, variant=v or None)
                 for c, v in live[["class_code", "variant"]].drop_duplicates().itertuples(index=False)]
        classes = split_wording(names, "certificate", rules)
        notes = [t for t in (controls.get(gid, ""), extra_notes.get(gid, "")) if t]
        former = [spec["former_landuse"].format(landuse=p["nu_landuse"])] if p["nu_landuse"] else []
        if permits.get(gid):
            former.append(permits[gid])
        parcel_no = p["parcel_no"] + (("\n" + changes[gid]) if changes.get(gid) else "")
        rows.append(CertificateRow(
            cells=(str(n), p["town"], p["section_name"], parcel_no,
                   classes + (("\n" + announce) if announce else ""), after_landuse[gid],
                   reg.numbered(notes, spec["numbering"], spec["separator"]),
                   reg.numbered(former, spec["numbering"], spec["separator"])),
            key=p["key"], class_codes=tuple(dict.fromkeys(live["class_code"])),
            rule_ids=tuple(r for r in (cons_rule[gid],) if r), pieces=tuple(int(i) for i in mine.index),
        ))
    county = county or chosen["county"].iloc[0]
    letter = (county_letter or chosen["office"].iloc[0][:1]).upper()
    head = _header(rules, "land", county, applicant, letter, print_date, serial, agency, phone)
    code = verification_code(rules, letter, print_date, _content(head["case_no_value"], head["print_date"],
                                                                head["applicant"], rows), secret)
    return Certificate(
        kind="land", title=head["title"], applicant=head["applicant"],
        verification=spec["verification"].format(code=code), case_no=head["case_no"],
        print_date=head["print_date"], note=head["note"], columns=tuple(spec["columns_land"]), rows=rows,
        total=spec["total"].format(count=len(rows)),
        page_template=spec["page"].replace("{date}", reg.roc_date(print_date, rules, "short")), code=code,
        warnings=warnings,
    )


def sea_certificate(
    zones: pd.DataFrame,
    zone_geoms: np.ndarray,
    queries_wgs84: Sequence,
    queries: np.ndarray,
    rules: RuleSet,
    *,
    county: str,
    county_letter: str,
    applicant: str = "",
    agency: str = "",
    phone: str = "",
    announce_date: dt.date | None = None,
    print_date: dt.date,
    serial: int = 1,
    landuse_field: str | None = None,
    notes_field: str | None = None,
    permit_field: str | None = None,
    secret: bytes | None = None,
) -> Certificate:
    """The 海域 certificate: one row per query polygon (``queries`` in the zones' CRS, ``queries_wgs84`` the same
    polygons in WGS84 for the 範圍 cell, coordinates with 6 decimals, RULES.md §7.2), listing every class of
    ``zones`` it intersects (each with the announcement date) and the texts of the optional fields of those
    zones."""
    spec = rules.certificate
    if "class_code" not in zones.columns:
        raise reg.InputError("The zoning layer has no field class_code.", "分區圖層缺少欄位 class_code。")
    zone_geoms = np.asarray(zone_geoms, dtype=object)
    tree = shapely.STRtree(zone_geoms)
    announce = reg.roc_date(announce_date, rules, "short") if announce_date else ""
    order = {c.code: c.order for c in rules.classes}
    rows = []
    for n, (query, query84) in enumerate(zip(queries, queries_wgs84), start=1):
        hit = tree.query(query, predicate="intersects")
        hit = hit[shapely.area(shapely.intersection(zone_geoms[hit], query)) > 0] if len(hit) else hit
        codes = sorted({rules.resolve_class(c) for c in zones["class_code"].iloc[hit] if rules.resolve_class(c)},
                       key=order.__getitem__)
        names = [class_name(c, "certificate", rules) + (("\n" + announce) if announce else "") for c in codes]
        cells = (
            str(n), _points_text(query84, spec),
            "\n".join(names),
            _field_texts(zones, hit, landuse_field, spec, aliases=rules.register["landuse_categories"]["aliases"]),
            _field_texts(zones, hit, notes_field, spec),
            _field_texts(zones, hit, permit_field, spec),
        )
        rows.append(CertificateRow(cells=cells, key=f"#{n}", class_codes=tuple(codes)))
    letter = county_letter.upper()
    head = _header(rules, "sea", county, applicant, letter, print_date, serial, agency, phone)
    code = verification_code(rules, letter, print_date, _content(head["case_no_value"], head["print_date"],
                                                                head["applicant"], rows), secret)
    return Certificate(
        kind="sea", title=head["title"], applicant=head["applicant"],
        verification=spec["verification"].format(code=code), case_no=head["case_no"],
        print_date=head["print_date"], note=head["note"], columns=tuple(spec["columns_sea"]), rows=rows,
        total=spec["total"].format(count=len(rows)),
        page_template=spec["page"].replace("{date}", reg.roc_date(print_date, rules, "short")), code=code,
    )


def _points_text(polygon, spec) -> str:
    """「1. 120.879677, 25.178566 2. …」: the outline's vertices (closing vertex once), X = longitude, Y = latitude,
    6 decimals (DECISIONS.md conventions)."""
    ring = np.asarray(shapely.get_coordinates(shapely.get_exterior_ring(polygon)))[:-1]
    points = [f"{x:.6f}, {y:.6f}" for x, y in ring]
    return reg.numbered(points, spec["numbering"], spec["separator"]) if len(points) > 1 else "".join(points)


def _field_texts(zones: pd.DataFrame, hit: np.ndarray, column: str | None, spec, aliases=None) -> str:
    """The distinct texts of ``column`` of the zones hit, numbered; ``aliases`` renames old values (the earlier
    land-use category names, RULES.md §6.4)."""
    if not column:
        return ""
    if column not in zones.columns:
        raise reg.InputError(f"The field '{column}' is not a field of the zoning layer.",
                             f"分區圖層沒有欄位「{column}」。")
    values = reg.clean_text(zones[column].iloc[hit])
    texts = [t for t in dict.fromkeys((aliases or {}).get(v, v) for v in values) if t]
    return reg.numbered(texts, spec["numbering"], spec["separator"])
