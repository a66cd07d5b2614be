"""The geometric predicates of the sporadic-land and unit rules (RULES.md §4.4), as documented functions.

The seeds name these situations but define none of them numerically (RULES.md §4.4 [INFERENCE], all [CONFIG]); every
parameter therefore comes from the rule set (``thresholds.yaml``) and is passed in by the caller:

=============================  =====================================================  ==============================
situation                      function                                               thresholds
=============================  =====================================================  ==============================
四面包夾 enclosed on four sides  :func:`is_enclosed_four_sides`, :func:`boundary_share`  ``enclosed_min_perimeter_share``,
                                                                                      ``adjacency_tolerance``
凹入 concave into a district     :func:`indentations`, :func:`is_concave_into`          ``concave_closing_radius``,
                                                                                      ``concave_min_area_share``
狹長突出 narrow protrusion       :func:`district_body`, :func:`is_narrow_protrusion`    ``narrow_protrusion_max_width``,
                                                                                      ``protrusion_min_outside_share``
區隔 gap made only of roads /    :func:`gap_between`                                    ``unit_gap_max_width``,
ditches                                                                               ``adjacency_tolerance``
=============================  =====================================================  ==============================

Thresholds are :class:`~twzoning.core.ruleset.Threshold` objects, so each comparison is the one the rule text words
(``lt`` for 「未達」, ``le`` for 「以下」 …). Ratios are rounded to :data:`RATIO_DECIMALS` decimals before a
comparison, so that a share that is exactly 100 % or 50 % on paper is not lost to floating-point noise.

Everything is vectorised shapely 2 (arrays in, arrays out); no QGIS import.
"""

from __future__ import annotations

from typing import Iterable

import numpy as np
import shapely

__all__ = [
    "RATIO_DECIMALS",
    "as_array",
    "fill_holes",
    "outline",
    "boundary_share",
    "is_enclosed_four_sides",
    "indentations",
    "area_share_inside",
    "is_concave_into",
    "width",
    "district_body",
    "outside_share",
    "is_narrow_protrusion",
    "gap_between",
    "connected_components",
]

#: Decimals kept on a ratio (share of a perimeter, of an area) before it is compared with a threshold.
RATIO_DECIMALS = 6


def as_array(geoms) -> np.ndarray:
    """A 1-D object array of geometries from a geometry, a list or an array."""
    if isinstance(geoms, shapely.Geometry):
        return np.array([geoms], dtype=object)
    arr = np.empty(len(geoms), dtype=object)
    arr[:] = list(geoms)
    return arr


def _ratio(numerator, denominator) -> np.ndarray:
    num = np.asarray(numerator, dtype=float)
    den = np.asarray(denominator, dtype=float)
    out = np.zeros(np.broadcast(num, den).shape, dtype=float)
    np.divide(num, den, out=out, where=den > 0)
    return np.round(out, RATIO_DECIMALS)


def fill_holes(geoms) -> np.ndarray:
    """Each (multi)polygon with its holes filled (interior rings dropped); other geometries unchanged."""
    arr = as_array(geoms)
    out = np.empty(len(arr), dtype=object)
    out[:] = [shapely.Polygon() for _ in range(len(arr))]
    polygonal = np.isin(shapely.get_type_id(arr), (3, 6))
    if not polygonal.all():
        out[~polygonal] = arr[~polygonal]
    parts, index = shapely.get_parts(arr[polygonal], return_index=True)
    if len(parts):
        filled = shapely.polygons(shapely.get_exterior_ring(parts))
        sub = np.empty(int(polygonal.sum()), dtype=object)
        sub[:] = [shapely.Polygon() for _ in range(len(sub))]
        out[polygonal] = shapely.multipolygons(filled, indices=index, out=sub)
    return out


def outline(geoms) -> np.ndarray:
    """The outer outline of each (multi)polygon: the boundary of the polygon with its holes filled."""
    return shapely.boundary(fill_holes(geoms))


def boundary_share(geoms, other, tolerance: float) -> np.ndarray:
    """Share (0..1) of each geometry's outer outline that lies within ``tolerance`` of ``other``.

    ``other`` is one geometry (e.g. the union of a class, a district) or an array aligned with ``geoms``. Holes of
    ``geoms`` do not count: a patch enclosed by a class is judged by its outer edge only.
    """
    line = outline(geoms)
    near = shapely.buffer(other, tolerance) if tolerance > 0 else other
    touching = shapely.length(shapely.intersection(line, near))
    return _ratio(touching, shapely.length(line))


def is_enclosed_four_sides(geoms, enclosing, min_share, tolerance: float) -> np.ndarray:
    """四面包夾 (enclosed on four sides): the share of the outer outline touching ``enclosing`` passes ``min_share``.

    RULES.md §4.4 ``is_enclosed_four_sides(parcel, zone)``; SPZ-2 (「特定專用區內經四面包夾之零星土地」,
    ``001_f01d2a00176af413.txt:504``), the sporadic land enclosed by one class (``001_f01d2a00176af413.txt:1972``).
    Thresholds: ``enclosed_min_perimeter_share`` (default 100 %), ``adjacency_tolerance`` (absorbs digitising gaps).
    """
    share = boundary_share(geoms, enclosing, tolerance)
    return np.fromiter((min_share.test(s) for s in share), dtype=bool, count=len(share))


def indentations(district, radius: float, min_area: float = 0.0) -> np.ndarray:
    """The indentations of a district: what a morphological closing with ``radius`` adds to it, holes included.

    ``closing = (district with holes filled) ⊕ radius ⊖ radius``; the indentations are ``closing − district``, split
    into connected parts (parts smaller than ``min_area`` dropped). An indentation narrower than ``2 · radius`` is
    filled entirely, a wider bay only in its corners. Threshold: ``concave_closing_radius``.
    """
    filled = fill_holes(district)[0]
    closed = shapely.buffer(shapely.buffer(filled, radius, quad_segs=16), -radius, quad_segs=16)
    closed = shapely.union(closed, filled)
    pocket = shapely.difference(closed, district)
    parts = shapely.get_parts(pocket)
    parts = parts[shapely.get_type_id(parts) == 3]  # polygons only
    return parts[shapely.area(parts) > min_area]


def area_share_inside(geoms, area) -> np.ndarray:
    """Share (0..1) of each geometry's area lying inside ``area``."""
    arr = as_array(geoms)
    return _ratio(shapely.area(shapely.intersection(arr, area)), shapely.area(arr))


def is_concave_into(geoms, district, radius: float, min_share) -> np.ndarray:
    """凹入 (concave into a district): at least ``min_share`` of the piece's area lies in the district's indentations.

    RULES.md §4.4 ``is_concave_into(parcel, rural_district)``; RDU-UNIT 「屬凹入鄉村區之零星土地得一併納入」
    (``001_f01d2a00176af413.txt:1883``). Thresholds: ``concave_closing_radius``, ``concave_min_area_share``.
    """
    pockets = indentations(district, radius)
    if not len(pockets):
        return np.zeros(len(as_array(geoms)), dtype=bool)
    share = area_share_inside(geoms, shapely.union_all(pockets))
    return np.fromiter((min_share.test(s) for s in share), dtype=bool, count=len(share))


def width(geoms, tolerance: float = 0.01) -> np.ndarray:
    """The width of each polygon: twice the radius of its largest inscribed circle (metres, ``tolerance`` in m)."""
    arr = as_array(geoms)
    out = np.zeros(len(arr), dtype=float)
    ok = ~shapely.is_empty(arr) & (shapely.area(arr) > 0)
    if ok.any():
        out[ok] = 2.0 * shapely.length(shapely.maximum_inscribed_circle(arr[ok], tolerance))
    return np.round(out, 3)


def district_body(district, max_width: float):
    """The body of a district: its opening by ``max_width / 2`` (erosion then dilation), which removes every part
    of the district that is at most ``max_width`` wide — a lane sticking out of it, a strip along it."""
    r = max_width / 2.0
    return shapely.buffer(shapely.buffer(district, -r, quad_segs=16), r, quad_segs=16)


def outside_share(geoms, body) -> np.ndarray:
    """Share (0..1) of each geometry's area lying outside ``body``."""
    arr = as_array(geoms)
    return _ratio(shapely.area(shapely.difference(arr, body)), shapely.area(arr))


def is_narrow_protrusion(geoms, district, max_width, min_outside_share) -> np.ndarray:
    """狹長突出 (narrow protrusion): the piece is narrow (``max_width`` on its width) and at least
    ``min_outside_share`` of it lies outside the district's body (:func:`district_body`).

    RULES.md §4.4 ``is_narrow_protrusion(parcel, zone)``; RDU-EXCL 「屬狹長突出於鄉村區外之交通或水利用地者」
    (``001_f01d2a00176af413.txt:4102``), SPZ-X (``001_f01d2a00176af413.txt:507``). Thresholds:
    ``narrow_protrusion_max_width`` (a ``le`` threshold: its value is the width), ``protrusion_min_outside_share``.
    ``geoms`` are pieces of ``district``.
    """
    arr = as_array(geoms)
    narrow = np.fromiter((max_width.test(w) for w in width(arr)), dtype=bool, count=len(arr))
    body = district_body(district, float(max_width.value))
    share = outside_share(arr, body)
    out = np.fromiter((min_outside_share.test(s) for s in share), dtype=bool, count=len(arr))
    return narrow & out


def gap_between(a, b, geoms, is_gap, tolerance: float, max_gap) -> tuple[bool, np.ndarray]:
    """區隔: are districts ``a`` and ``b`` near each other and separated only by gap land?

    RULES.md §4.4 ``gap_types(zoneA, zoneB)``; RDU-GAP / 納8 「位置相近惟未完全毗連之鄉村區，因產業道路、既成巷道及
    農水路區隔者」 (``001_f01d2a00176af413.txt:4101``), SPZ-3 (``001_f01d2a00176af413.txt:505``).

    ``geoms`` are the candidate pieces around the pair (not part of ``a`` or ``b``), ``is_gap`` a boolean array
    saying which are of the rule's gap types. True when the distance between ``a`` and ``b`` passes ``max_gap``
    (``unit_gap_max_width``) and is more than ``tolerance`` (else they already touch), no non-gap piece touches both,
    and the gap pieces join them: one piece touching both, or two touching pieces each touching one of them
    (a road beside a ditch). Returns ``(separated_only_by_gap, indices of the gap pieces that join them)``.
    """
    arr = as_array(geoms)
    is_gap = np.asarray(is_gap, dtype=bool)
    none = np.zeros(0, dtype=int)
    dist = float(shapely.distance(a, b))
    if dist <= tolerance or not max_gap.test(round(dist, 3)) or not len(arr):
        return False, none
    touch_a = shapely.dwithin(arr, a, tolerance)
    touch_b = shapely.dwithin(arr, b, tolerance)
    both = touch_a & touch_b
    if (both & ~is_gap).any():
        return False, none
    chosen = both & is_gap
    only_a = np.flatnonzero(touch_a & is_gap & ~both)
    only_b = np.flatnonzero(touch_b & is_gap & ~both)
    if len(only_a) and len(only_b):
        pairs = shapely.dwithin(arr[only_a][:, None], arr[only_b][None, :], tolerance)
        ia, ib = np.nonzero(pairs)
        chosen[only_a[ia]] = True
        chosen[only_b[ib]] = True
    idx = np.flatnonzero(chosen)
    return bool(len(idx)), idx


def connected_components(n: int, pairs: Iterable[tuple[int, int]]) -> np.ndarray:
    """Component label (0..k-1, in order of first appearance) of ``n`` nodes joined by ``pairs`` (union-find)."""
    parent = list(range(n))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j in pairs:
        ri, rj = find(int(i)), find(int(j))
        if ri != rj:
            parent[max(ri, rj)] = min(ri, rj)
    roots = np.fromiter((find(i) for i in range(n)), dtype=np.int64, count=n)
    _, labels = np.unique(roots, return_inverse=True)
    # relabel in order of first appearance (stable, deterministic)
    order = {}
    out = np.empty(n, dtype=np.int64)
    for i, lab in enumerate(labels):
        out[i] = order.setdefault(int(lab), len(order))
    return out


def coverage_union(geoms: np.ndarray, fallback=shapely.union_all, rel_tol: float = 1e-6):
    """Union of polygons that normally form a coverage (parcels, pieces of parcels: no overlaps, shared edges noded
    alike): ``coverage_union_all``, an order of magnitude faster than a generic union, accepted when its result is
    valid and its area the sum of the inputs' (to ``rel_tol`` of it); otherwise (or on a GEOS error)
    ``fallback(geoms)``."""
    if len(geoms) == 1:
        return geoms[0]
    total = float(shapely.area(geoms).sum())
    try:
        fast = shapely.coverage_union_all(geoms)
        if fast.is_valid and abs(fast.area - total) <= rel_tol * max(total, 1.0):
            return fast
    except shapely.errors.GEOSException:
        pass
    return fallback(geoms)
