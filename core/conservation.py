"""Conservation checks (issue #11 item 2): a tested promise that no parcel silently drops out.

* :func:`assignment_balance`: every input parcel of ``twzoning:assignparcels`` is accounted for (assigned to a
  class, flagged outside the land register — sea side, urban plan, national park — or left unzoned with rule
  BND-NOZONE), and the planar areas of its pieces sum to the parcel's area within a tolerance.
* :func:`register_balance`: every input piece of ``twzoning:landregister`` is counted in exactly one register row,
  no parcel has two rows, and the rows written to the files equal the registrable parcels (RULES.md §6.6: a parcel
  with at least one piece outside urban plans and national parks).

Both return a :class:`Balance`; the algorithms report its counts as outputs and fail the run when it is not ``ok``.
Pure pandas / numpy, no QGIS.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

__all__ = ["Balance", "assignment_balance", "register_balance", "registrable_parcels"]


@dataclass
class Balance:
    """Counts of a conservation check; ``problems`` lists readable violations (empty when ``ok``)."""

    counts: dict
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _sample(values, limit: int = 5) -> str:
    values = [str(v) for v in values]
    return ", ".join(values[:limit]) + (" …" if len(values) > limit else "")


def assignment_balance(parcel_keys, parcel_areas, pieces: pd.DataFrame, tolerance: float) -> Balance:
    """Check a piece table (columns ``parcel_key``, ``piece_area``, ``status``, ``class_code``) against the input
    parcels (their keys and planar areas, aligned).

    ``tolerance`` (m²): the largest allowed |Σ piece areas − parcel area| per parcel (the rule set's sliver
    threshold ``parcel_sliver_max_area``: a difference smaller than a sliver is not a lost piece of land).
    """
    keys = pd.Series(np.asarray(parcel_keys, dtype=object), dtype=object)
    areas = pd.Series(np.asarray(parcel_areas, dtype=float), index=keys.index)
    piece_keys = pieces["parcel_key"].astype(str) if len(pieces) else pd.Series(dtype=object)
    accounted = keys.isin(set(piece_keys))
    unaccounted = keys[~accounted].tolist()
    unknown = sorted(set(piece_keys) - set(keys))
    summed = pd.to_numeric(pieces["piece_area"], errors="coerce").fillna(0.0).groupby(piece_keys).sum() \
        if len(pieces) else pd.Series(dtype=float)
    by_key = pd.Series(areas.to_numpy(), index=keys.to_numpy())
    by_key = by_key[~by_key.index.duplicated()]
    diff = (summed.reindex(by_key.index).fillna(0.0) - by_key).abs()
    off = diff[by_key.index.isin(summed.index) & (diff > tolerance).to_numpy()]
    status = pieces["status"].astype(str) if len(pieces) else pd.Series(dtype=object)
    codes = pieces["class_code"].fillna("").astype(str) if len(pieces) else pd.Series(dtype=object)
    registrable = status == "registrable"
    counts = {
        "input_parcels": int(len(keys)),
        "accounted_parcels": int(accounted.sum()),
        "unaccounted_parcels": int(len(unaccounted)),
        "assigned_parcels": int(piece_keys[registrable & (codes != "")].nunique()) if len(pieces) else 0,
        "outside_parcels": int(piece_keys[~registrable].nunique()) if len(pieces) else 0,
        "unzoned_parcels": int(piece_keys[codes == ""].nunique()) if len(pieces) else 0,
        "area_mismatch_parcels": int(len(off)),
        "max_area_difference_m2": float(diff.max()) if len(diff) else 0.0,
        "area_tolerance_m2": float(tolerance),
    }
    problems = []
    if unaccounted:
        problems.append(f"{len(unaccounted)} input parcel(s) have no piece in the result: {_sample(unaccounted)}")
    if unknown:
        problems.append(f"{len(unknown)} piece key(s) match no input parcel: {_sample(unknown)}")
    if len(off):
        problems.append(
            f"{len(off)} parcel(s) whose piece areas do not sum to the parcel area within {tolerance:g} m²: "
            + _sample(f"{k} ({d:.3f} m²)" for k, d in off.items())
        )
    return Balance(counts, problems)


def register_balance(input_pieces: int, rows: pd.DataFrame, expected_registrable: int | None) -> Balance:
    """Check register rows (columns ``parcel_key``, ``in_register``, ``piece_count``) against the input.

    ``input_pieces``: the number of input pieces (each must be counted in one row's ``piece_count``);
    ``expected_registrable``: the registrable parcels counted independently from the input (None: not checked).
    """
    listed = int((rows["in_register"] == 1).sum()) if len(rows) else 0
    counted = int(pd.to_numeric(rows["piece_count"], errors="coerce").fillna(0).sum()) if len(rows) else 0
    dup = rows["parcel_key"][rows["parcel_key"].duplicated(keep=False)] if len(rows) else pd.Series(dtype=object)
    counts = {
        "input_pieces": int(input_pieces),
        "pieces_in_rows": counted,
        "register_rows": listed,
        "registrable_parcels": -1 if expected_registrable is None else int(expected_registrable),
        "duplicate_rows": int(len(dup)),
    }
    problems = []
    if counted != input_pieces:
        problems.append(f"{input_pieces} input piece(s) but {counted} counted in the register rows")
    if len(dup):
        problems.append(f"{len(dup)} rows share a parcel key: {_sample(sorted(set(dup)))}")
    if expected_registrable is not None and listed != expected_registrable:
        problems.append(f"{listed} register row(s) but {expected_registrable} registrable parcel(s)")
    return Balance(counts, problems)


def registrable_parcels(pieces: pd.DataFrame, excluded_statuses, excluded_classes, resolve) -> int | None:
    """The number of registrable parcels among input pieces, counted independently of the register builder: a
    parcel (office|section|parcel_no, or its ``parcel_key`` when it has no number) with at least one piece whose
    ``status`` is not in ``excluded_statuses`` and whose class (``resolve``: code or alias → code) is not in
    ``excluded_classes`` (RULES.md §6.6). None when unnumbered pieces carry no ``parcel_key`` (the register then
    groups them by geometry, which this count does not repeat)."""
    if not len(pieces):
        return 0

    def text(col: str) -> pd.Series:
        if col not in pieces.columns:
            return pd.Series("", index=pieces.index, dtype=object)
        return pieces[col].map(lambda v: "" if v is None or (isinstance(v, float) and np.isnan(v)) else str(v).strip())

    number = text("parcel_no")
    own = text("parcel_key")
    if ((number == "") & ((own == "") | own.str.endswith("|"))).any():
        return None
    key = (text("office") + "|" + text("section") + "|" + number).where(number != "", "key:" + own)
    codes = text("class_code").map(lambda c: resolve(c) or c)
    live = ~text("status").isin(set(excluded_statuses)) & ~codes.isin(set(excluded_classes))
    return int(key[live].nunique())
