"""The geometric predicates of RULES.md §4.4 (core/geometry_predicates.py) on hand-drawn shapes.

Every expectation is worked out by hand from the coordinates (lengths and areas of rectangles)."""

from __future__ import annotations

import numpy as np
import pytest
from shapely.geometry import Polygon, box

from twzoning.core import geometry_predicates as gp
from twzoning.core.ruleset import Threshold, default_ruleset

RS = default_ruleset()
TOL = 0.5


def th(key: str) -> Threshold:
    return RS.threshold(key)


def ratio(op: str, value: float) -> Threshold:
    return Threshold(key="t", value=value, unit="ratio", op=op, applies_to=(), status="CONFIG", source="test")


def metres(op: str, value: float) -> Threshold:
    return Threshold(key="t", value=value, unit="m", op=op, applies_to=(), status="CONFIG", source="test")


# ---------------------------------------------------------------------------------------------------- 四面包夾
# A 300 x 200 district with a 60 x 50 hole (x 200..260, y 100..150) and a 80 x 75 notch open to the south.
DISTRICT = box(0, 0, 300, 200).difference(box(200, 100, 260, 150)).difference(box(90, 0, 170, 75))
HOLE = box(200, 100, 260, 150)
NOTCH = box(90, 0, 170, 75)


def test_hole_is_enclosed_on_four_sides_notch_is_not():
    share = gp.boundary_share([HOLE, NOTCH], DISTRICT, 0.0)
    # the notch touches the district on 75 + 80 + 75 = 230 m of its 310 m outline
    assert share.tolist() == [1.0, round(230 / 310, 6)]
    # with the 0.5 m tolerance its open side also counts 0.5 m at each end, next to the district's corners
    assert gp.boundary_share([NOTCH], DISTRICT, TOL)[0] == round(231 / 310, 6)
    got = gp.is_enclosed_four_sides([HOLE, NOTCH], DISTRICT, th("enclosed_min_perimeter_share"), TOL)
    assert got.tolist() == [True, False]


def test_enclosure_threshold_edge_three_quarters():
    # a 100 x 100 square with district land on three sides: exactly 75 % of its outline
    square = box(100, 0, 200, 100)
    around = box(0, 0, 300, 200).difference(box(100, -1, 200, 100))
    assert gp.boundary_share([square], around, 0.0)[0] == 0.75
    assert gp.is_enclosed_four_sides([square], around, ratio("ge", 0.75), 0.0).tolist() == [True]
    assert gp.is_enclosed_four_sides([square], around, ratio("gt", 0.75), 0.0).tolist() == [False]


def test_tolerance_absorbs_a_digitising_gap():
    # the hole drawn 0.3 m too small on every side: touching only within the tolerance
    shrunk = box(200.3, 100.3, 259.7, 149.7)
    assert gp.boundary_share([shrunk], DISTRICT, 0.0)[0] == 0.0
    assert gp.boundary_share([shrunk], DISTRICT, TOL)[0] == 1.0


def test_holes_of_the_patch_do_not_count():
    # a patch with a hole of another class: judged by its outer edge only
    patch = box(0, 0, 100, 100).difference(box(40, 40, 60, 60))
    around = box(-50, -50, 150, 150).difference(box(0, 0, 100, 100))
    assert gp.boundary_share([patch], around, TOL)[0] == 1.0


# ---------------------------------------------------------------------------------------------------- 凹入
def test_notch_and_hole_are_indentations_outside_land_is_not():
    pockets = sorted(gp.indentations(DISTRICT, 100.0), key=lambda p: p.area)
    # the hole (60 x 50) is filled exactly; the notch (80 x 75) up to the arc of a 100 m disk resting on its two
    # mouth corners: 6000 - circular segment (chord 80, r 100) = 6000 - 5000 (θ - sin θ), θ = 2 asin(0.4)
    theta = 2 * np.arcsin(0.4)
    assert pockets[0].area == pytest.approx(3000.0, abs=1e-6)
    assert pockets[1].area == pytest.approx(6000.0 - 5000.0 * (theta - np.sin(theta)), abs=2.0)
    outside = box(0, -50, 300, 0)
    got = gp.is_concave_into([NOTCH, HOLE, outside], DISTRICT, 100.0, th("concave_min_area_share"))
    assert got.tolist() == [True, True, False]


def test_a_notch_wider_than_twice_the_radius_is_not_filled():
    # notch 80 m wide: filled with a 40.01 m radius, not with 39.99 m (closing fills what is narrower than 2 r)
    shape = box(0, 0, 300, 200).difference(NOTCH)
    assert gp.is_concave_into([NOTCH], shape, 40.01, th("concave_min_area_share")).tolist() == [True]
    assert gp.is_concave_into([NOTCH], shape, 39.99, th("concave_min_area_share")).tolist() == [False]


def test_concave_share_edge_half_the_parcel():
    # a 60 x 100 parcel whose southern half (60 x 50) is the hole: exactly 50 % inside the indentations
    parcel = box(200, 100, 260, 200)
    shape = box(0, 0, 300, 300).difference(HOLE)
    assert gp.area_share_inside([parcel], gp.indentations(shape, 100.0)[0])[0] == 0.5
    assert gp.is_concave_into([parcel], shape, 100.0, ratio("ge", 0.5)).tolist() == [True]
    assert gp.is_concave_into([parcel], shape, 100.0, ratio("gt", 0.5)).tolist() == [False]


# ---------------------------------------------------------------------------------------------------- 狹長突出
BODY = box(0, 0, 200, 100)
LANE = box(200, 48, 260, 52)  # 4 m x 60 m lane sticking out east
INNER_LANE = box(0, 48, 200, 52)  # the same lane running through the district
WITH_LANE = BODY.union(LANE)


def test_width_is_the_largest_inscribed_circle():
    assert gp.width([LANE, box(0, 0, 75, 80), Polygon()]).tolist() == [4.0, 75.0, 0.0]


def test_protruding_lane_is_a_narrow_protrusion_inner_lane_is_not():
    got = gp.is_narrow_protrusion([LANE, INNER_LANE], WITH_LANE, th("narrow_protrusion_max_width"),
                                  th("protrusion_min_outside_share"))
    assert got.tolist() == [True, False]


def test_protrusion_width_edge():
    wide = box(200, 45, 260, 55)  # exactly 10 m wide
    shape = BODY.union(wide)
    share = th("protrusion_min_outside_share")
    assert gp.is_narrow_protrusion([wide], shape, metres("le", 10.0), share).tolist() == [True]
    assert gp.is_narrow_protrusion([wide], shape, metres("lt", 10.0), share).tolist() == [False]


def test_wide_annex_is_not_narrow():
    annex = box(200, 20, 260, 80)  # 60 m wide
    got = gp.is_narrow_protrusion([annex], BODY.union(annex), th("narrow_protrusion_max_width"),
                                  th("protrusion_min_outside_share"))
    assert got.tolist() == [False]


# ---------------------------------------------------------------------------------------------------- 區隔
A = box(0, 0, 100, 100)
B = box(0, 106, 100, 206)
ROAD = box(-50, 100, 150, 106)  # 6 m road between A and B
FARM = box(150, 0, 250, 206)


def test_two_districts_separated_by_a_road():
    ok, which = gp.gap_between(A, B, [ROAD, FARM], [True, False], TOL, th("unit_gap_max_width"))
    assert ok and which.tolist() == [0]


def test_not_merged_when_the_separating_land_is_not_a_gap_type():
    ok, which = gp.gap_between(A, B, [ROAD, FARM], [False, False], TOL, th("unit_gap_max_width"))
    assert not ok and which.tolist() == []


def test_road_and_ditch_side_by_side():
    road, ditch = box(-50, 100, 150, 103), box(-50, 103, 150, 106)
    ok, which = gp.gap_between(A, B, [road, ditch, FARM], [True, True, False], TOL, th("unit_gap_max_width"))
    assert ok and which.tolist() == [0, 1]


def test_a_farm_strip_between_road_and_district_breaks_the_gap():
    road, strip = box(-50, 100, 150, 103), box(-50, 103, 150, 106)
    ok, _ = gp.gap_between(A, B, [road, strip], [True, False], TOL, th("unit_gap_max_width"))
    assert not ok


def test_gap_distance_edge():
    far = box(0, 110, 100, 210)  # exactly 10 m away
    road = box(-50, 100, 150, 110)
    assert gp.gap_between(A, far, [road], [True], TOL, metres("le", 10.0))[0]
    assert not gp.gap_between(A, far, [road], [True], TOL, metres("lt", 10.0))[0]


def test_touching_districts_are_not_a_gap_case():
    assert not gp.gap_between(A, box(100, 0, 200, 100), [ROAD], [True], TOL, th("unit_gap_max_width"))[0]


# ---------------------------------------------------------------------------------------------------- helpers
def test_connected_components_in_order_of_first_appearance():
    labels = gp.connected_components(6, [(4, 5), (1, 4), (2, 3)])
    assert labels.tolist() == [0, 1, 2, 2, 1, 1]


def test_fill_holes_keeps_multipolygons_and_empties():
    multi = box(0, 0, 10, 10).difference(box(2, 2, 4, 4)).union(box(20, 0, 30, 10))
    out = gp.fill_holes([multi, Polygon()])
    assert out[0].area == pytest.approx(200.0)
    assert out[1].is_empty
    assert np.all(gp.outline([box(0, 0, 10, 10)])[0].length == 40.0)
