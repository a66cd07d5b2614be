"""River area for 國土保育地區第1類 from the three river lines (RULES.md §3.3, DECISIONS.md Q16, 表17).

The counties receive three announced lines for each river (``001_f01d2a00176af413.txt:1015``): 河川區域線 (green),
水道治理計畫線 (yellow) and 用地範圍線 (red), plus, for expropriated stretches, the 徵收清冊 (list of expropriated
parcels). The closed conclusion of the 38th meeting (``001_f01d2a00176af413.txt:350-354``) makes the 河川區域線 the
default 國1 boundary; a county may use another line with a justification in the 繪製說明書 approved by its council.

Which line names exist, which of them is the default, and which mode words mean "widest" and "per segment" are rule
data (the ``boundary_mode`` step of the river indicators in ``rules/indicators.yaml`` and the switches
``river_boundary_mode`` / ``river_boundary_priority``); this module only implements the geometry:

* a single line: the polygons of that line;
* *widest* (最寬): the union of every line supplied (表17 樣態一: 「依公告之水道治理計畫線、用地範圍線及河川區域線取最寬者」);
  each piece is labelled with the first line (in the rule's line order) that covers it, so the report shows where the
  result is wider than the 河川區域線;
* *per segment* (分段): lines are taken in the priority order; a later line is used only beyond the stretches of the
  earlier ones (表17 樣態二, e.g. 高雄市 「有公告水道治理計畫線或用地範圍線者，依上開範圍；無者，依河川區域線範圍」; 臺南市
  徵收清冊 first, then 河川區域線). Where a later line runs alongside an earlier one, the strips between them (thinner
  than ``strip_width``, threshold ``river_segment_strip_max_width``) are the same stretch and are dropped; the rest
  of the later line (beyond the end of the earlier stretch) is kept.

Lines are supplied as polygons or as closed lines (rings); open lines that close no area are reported, never used
silently. Pure shapely 2; no QGIS import.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping, Sequence

import numpy as np
import pandas as pd
import shapely

from .fields import parcel_key

__all__ = [
    "RiverError",
    "RiverPiece",
    "LineInput",
    "BoundaryRule",
    "to_area_polygons",
    "build_river_area",
    "needs_justification",
    "boundary_rule",
    "expropriated_parcels",
]


class RiverError(ValueError):
    """The requested mode cannot be built from the lines supplied (a line is missing or empty)."""


@dataclass(frozen=True)
class RiverPiece:
    """One polygon of the river area and the line it comes from (``line``, a line name such as 河川區域線)."""

    geometry: object
    line: str
    feature: int = -1  # index of the source feature within its line (per-segment mode), -1 otherwise


@dataclass
class LineInput:
    """The polygons of one line (one entry per stretch / feature) and what could not be used."""

    name: str
    polygons: list = field(default_factory=list)      # shapely polygons / multipolygons, one per stretch
    sources: list = field(default_factory=list)       # feature index of each polygon in the input layer
    unused: list = field(default_factory=list)        # (feature index, reason code) of features not used

    @property
    def area(self):
        """The union of the line's polygons (an empty polygon when there is none)."""
        if not self.polygons:
            return shapely.Polygon()
        return shapely.union_all(np.asarray(self.polygons, dtype=object))

    def __bool__(self) -> bool:
        return bool(self.polygons)


def _polygonal(geom):
    """The polygonal part of a (repaired) geometry, or None."""
    if geom is None or shapely.is_empty(geom):
        return None
    if not shapely.is_valid(geom):
        geom = shapely.make_valid(geom)
    parts = [g for g in shapely.get_parts(geom) if shapely.get_type_id(g) in (3, 6)]
    if not parts:
        # a GeometryCollection from make_valid may nest polygons one level down
        parts = [p for g in shapely.get_parts(geom) for p in shapely.get_parts(g) if shapely.get_type_id(p) == 3]
    if not parts:
        return None
    out = shapely.union_all(np.asarray(parts, dtype=object))
    return None if shapely.is_empty(out) or shapely.area(out) <= 0 else out


def to_area_polygons(geoms: Sequence, name: str = "") -> LineInput:
    """Turn the features of a river-line layer into polygons.

    Polygons are repaired (``make_valid``); a closed line (ring) becomes the polygon it encloses; open lines of the
    layer are noded together and polygonised (two bank lines joined by cross lines close an area). A feature that
    gives no area is listed in ``unused`` with a reason code: ``empty`` (no geometry), ``open_line`` (a line that closes
    no area), ``not_area`` (a point or a degenerate polygon).
    """
    result = LineInput(name=name)
    open_lines: list[tuple[int, object]] = []
    for i, geom in enumerate(geoms):
        if geom is None or shapely.is_empty(geom):
            result.unused.append((i, "empty"))
            continue
        dim = shapely.get_dimensions(geom)
        if dim == 2:
            poly = _polygonal(geom)
            if poly is None:
                result.unused.append((i, "not_area"))
            else:
                result.polygons.append(poly)
                result.sources.append(i)
        elif dim == 1:
            rings = [g for g in shapely.get_parts(shapely.line_merge(geom)) if shapely.is_closed(g)]
            others = [g for g in shapely.get_parts(shapely.line_merge(geom)) if not shapely.is_closed(g)]
            made = [_polygonal(shapely.Polygon(r)) for r in rings if len(shapely.get_coordinates(r)) >= 4]
            made = [p for p in made if p is not None]
            if made:
                result.polygons.append(shapely.union_all(np.asarray(made, dtype=object)))
                result.sources.append(i)
            for part in others:
                open_lines.append((i, part))
            if not made and not others:
                result.unused.append((i, "not_area"))
        else:
            result.unused.append((i, "not_area"))
    if open_lines:
        noded = shapely.union_all(np.asarray([g for _i, g in open_lines], dtype=object))
        faces = [f for f in shapely.get_parts(shapely.polygonize(shapely.get_parts(noded))) if shapely.area(f) > 0]
        used = set()
        for face in faces:
            result.polygons.append(face)
            touching = [i for i, g in open_lines if shapely.intersects(g, face.boundary)]
            result.sources.append(min(touching) if touching else -1)
            used.update(touching)
        for i, _g in open_lines:
            if i not in used and all(i != j for j, _ in result.unused):
                result.unused.append((i, "open_line"))
    return result


def needs_justification(mode: str, national_default: str) -> bool:
    """A mode other than the national default (河川區域線) needs a justification text (DECISIONS.md Q16)."""
    return mode != national_default


def _pieces(geom, line: str, feature: int = -1) -> list[RiverPiece]:
    return [RiverPiece(p, line, feature) for p in shapely.get_parts(geom) if shapely.area(p) > 0]


def build_river_area(
    lines: Mapping[str, LineInput],
    mode: str,
    *,
    line_order: Sequence[str],
    widest: str,
    per_segment: str,
    priority: Sequence[str] = (),
    overlap_tolerance: float = 0.0,
    strip_width: float = 0.0,
) -> list[RiverPiece]:
    """The river area in ``mode`` as labelled pieces.

    ``lines`` maps a line name to its :class:`LineInput` (missing or empty = not supplied). ``line_order`` is the
    rule's order of the line names (used to label the widest union); ``widest`` / ``per_segment`` are the mode words
    of the rule set; ``priority`` the line order of the per-segment mode; ``overlap_tolerance`` (m²) the area below
    which a piece is ignored; ``strip_width`` (m) the width below which a later line's strip alongside an earlier
    line belongs to the earlier line's stretch. Raises :class:`RiverError` naming what is missing.
    """
    available = [n for n in line_order if lines.get(n)]
    if mode == widest:
        if not available:
            raise RiverError(f"mode {mode}: none of the lines {', '.join(line_order)} was supplied")
        out: list[RiverPiece] = []
        taken = shapely.Polygon()
        for name in available:
            area = lines[name].area
            out += _pieces(shapely.difference(area, taken), name)
            taken = shapely.union(taken, area)
        return out
    if mode == per_segment:
        order = [n for n in priority if lines.get(n)]
        if not order:
            raise RiverError(f"mode {mode}: none of the priority lines {', '.join(priority)} was supplied")
        return _per_segment(lines, order, overlap_tolerance, strip_width)
    if mode not in line_order:
        raise RiverError(f"unknown mode {mode!r}; expected one of {', '.join([*line_order, widest, per_segment])}")
    if not lines.get(mode):
        raise RiverError(f"mode {mode}: the line {mode} was not supplied (or has no area)")
    return _pieces(lines[mode].area, mode)


def _per_segment(lines: Mapping[str, LineInput], order: Sequence[str], tolerance: float, strip: float
                 ) -> list[RiverPiece]:
    """Per stretch, the first line of ``order`` that has it (see the module docstring)."""
    out: list[RiverPiece] = []
    taken = shapely.Polygon()
    for name in order:
        inp = lines[name]
        for poly, src in zip(inp.polygons, inp.sources):
            rest = shapely.difference(poly, taken)
            for part in shapely.get_parts(rest):
                if shapely.area(part) > tolerance and not _alongside(part, taken, strip):
                    out.append(RiverPiece(part, name, src))
        taken = shapely.union_all(np.asarray([taken, *[p.geometry for p in out if p.line == name]], dtype=object))
    return out


def _alongside(part, taken, strip: float) -> bool:
    """A strip running alongside what earlier lines took (the same stretch): narrower than ``strip`` everywhere and
    sharing at least a quarter of its outline with it (a narrow river continuing beyond the end of an earlier
    stretch shares only its cross-section)."""
    if strip <= 0 or shapely.is_empty(taken):
        return False
    if not shapely.is_empty(shapely.buffer(part, -strip / 2.0)):
        return False
    shared = shapely.length(shapely.intersection(shapely.boundary(part), shapely.buffer(taken, 1e-6)))
    return bool(shared >= 0.25 * shapely.length(shapely.boundary(part)))


@dataclass(frozen=True)
class BoundaryRule:
    """The river-boundary settings of one river indicator, read from its ``boundary_mode`` step and switches."""

    indicator_id: str
    rule_id: str
    line_roles: Mapping[str, str]   # line name → 'self' or a context role, in the rule's order
    mode: str                       # effective mode (preset / overlay applied)
    national_mode: str              # the national default (河川區域線)
    modes: tuple                    # every allowed mode, in the switch's order
    modes_en: tuple
    priority: tuple                 # line order of the per-segment mode
    widest: str
    per_segment: str
    justification: str              # the rule set's justification text ('' when none)
    mode_switch: str
    justification_switch: str
    strip_width: float = 0.0        # threshold river_segment_strip_max_width (per-segment mode)

    def line_of_role(self, role: str) -> str | None:
        """The line name read from a context role (``self`` = the river-area line itself)."""
        return next((name for name, r in self.line_roles.items() if r == role), None)

    def resolve(self, mode: str | None = None, justification: str = "") -> tuple[str, str]:
        """``(mode, justification)`` for an optional override; a non-default mode without any justification text
        raises :class:`RiverError` (DECISIONS.md Q16)."""
        mode = mode or self.mode
        if mode not in self.modes:
            raise RiverError(f"unknown mode {mode!r}; expected one of {', '.join(self.modes)}")
        text = (justification or "").strip() or (self.justification if mode == self.mode else "")
        if needs_justification(mode, self.national_mode) and not text:
            raise RiverError(
                f"mode {mode} is not the default ({self.national_mode}): a justification text is required "
                f"(switch {self.justification_switch} or the JUSTIFICATION parameter)"
            )
        return mode, text


def boundary_rule(rules, indicator_id: str) -> BoundaryRule:
    """The :class:`BoundaryRule` of a river indicator (``central_river_area`` / ``county_river_area``)."""
    ind = rules.indicator(indicator_id)
    step = next((s for s in ind.method if s.type == "boundary_mode"), None)
    if step is None:
        raise KeyError(f"indicator {indicator_id} has no boundary_mode step")
    p = step.params
    sw = rules.switch_def(p["mode_switch"])
    just_key = p.get("justification_switch", "")
    return BoundaryRule(
        indicator_id=ind.id,
        rule_id=ind.rule_id_for("land"),
        line_roles=dict(p["lines"]),
        mode=sw.value,
        national_mode=sw.national_default,
        modes=tuple(sw.allowed),
        modes_en=tuple(sw.allowed_en) if sw.allowed_en else tuple(sw.allowed),
        priority=tuple(rules.switch(p["priority_switch"])) if "priority_switch" in p else (),
        widest=p.get("widest", ""),
        per_segment=p.get("per_segment", ""),
        justification=str(rules.switch(just_key) or "").strip() if just_key else "",
        mode_switch=p["mode_switch"],
        justification_switch=just_key,
        strip_width=float(rules.threshold("river_segment_strip_max_width").value),
    )


_KEY_FIELDS = ("office", "section", "parcel_no")


def expropriated_parcels(listing: pd.DataFrame, parcel_attrs: pd.DataFrame, parcel_geoms: Sequence
                         ) -> tuple[list[Any], list[str]]:
    """The geometries of the parcels named in a 徵收清冊 table, and the keys not found in the cadastre.

    The list names parcels by ``office``, ``section``, ``parcel_no`` (parcel schema names) or by a ``parcel_key``
    column (``office|section|parcel_no``). Raises :class:`RiverError` when it has neither.
    """
    def keys(frame: pd.DataFrame) -> list[str] | None:
        if "parcel_key" in frame.columns:
            return [str(k).strip() for k in frame["parcel_key"]]
        if all(c in frame.columns for c in _KEY_FIELDS):
            return [parcel_key(o, s, n) for o, s, n in zip(*(frame[c] for c in _KEY_FIELDS))]
        return None

    wanted = keys(listing)
    if wanted is None:
        raise RiverError("the expropriation list needs the fields office, section, parcel_no (or parcel_key)")
    have = keys(parcel_attrs)
    if have is None:
        raise RiverError("the parcels need the fields office, section, parcel_no to look up the expropriation list")
    index = {k: i for i, k in enumerate(have)}
    found = [parcel_geoms[index[k]] for k in wanted if k in index and parcel_geoms[index[k]] is not None]
    missing = [k for k in wanted if k not in index]
    return found, missing
