"""Property-based tests (issue #11 item 5, hypothesis): the geometric predicates of the sporadic-land rules
(core/geometry_predicates.py, RULES.md §4.4), the numbering of marine points (core/marine.py, RULES.md §5) and the
conservation checks (core/conservation.py).

Marine properties, from the issue: one number per coordinate and one coordinate per number, every junction listed
once per indicator block, no listed point on the mean high tide line.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import shapely
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from shapely.geometry import LineString, box

from twzoning.core import conservation as C
from twzoning.core import geometry_predicates as G
from twzoning.core import marine as M
from twzoning.core.ruleset import default_ruleset

RS = default_ruleset()
FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# ------------------------------------------------------------------------------------------- strategies
coord = st.integers(min_value=-50, max_value=50).map(lambda v: v * 10.0)
size = st.integers(min_value=1, max_value=20).map(lambda v: v * 10.0)


@st.composite
def boxes(draw, n_min=1, n_max=5):
    n = draw(st.integers(n_min, n_max))
    return [box(x, y, x + w, y + h) for x, y, w, h in
            (draw(st.tuples(coord, coord, size, size)) for _ in range(n))]


# ------------------------------------------------------------------------------------------- geometry predicates
@FAST
@given(boxes(), boxes(n_max=3), st.sampled_from([0.0, 0.5, 5.0]))
def test_boundary_share_is_a_share(geoms, others, tolerance):
    share = G.boundary_share(geoms, shapely.union_all(others), tolerance)
    assert share.shape == (len(geoms),)
    assert np.all((share >= 0) & (share <= 1 + 1e-9))


@FAST
@given(coord, coord, size, size, st.integers(1, 5).map(float))
def test_a_parcel_in_a_frame_is_enclosed_and_one_open_side_is_not(x, y, w, h, frame):
    """四面包夾: a rectangle inside a frame is enclosed (100 %); remove the frame's east bar and 2w+h of the outline
    2w+2h touches (RULES.md §4.4, threshold enclosed_min_perimeter_share)."""
    parcel = box(x, y, x + w, y + h)
    outer = box(x - frame, y - frame, x + w + frame, y + h + frame)
    ring = outer.difference(parcel)
    min_share = RS.threshold("enclosed_min_perimeter_share")
    tol = float(RS.threshold("adjacency_tolerance").value)
    assert G.is_enclosed_four_sides([parcel], ring, min_share, tol).tolist() == [True]
    open_east = ring.difference(box(x + w, y - frame, x + w + frame, y + h + frame))
    share = G.boundary_share([parcel], open_east, 0.0)[0]
    assert share == pytest.approx((2 * w + h) / (2 * w + 2 * h), abs=1e-6)
    assert G.is_enclosed_four_sides([parcel], open_east, min_share, 0.0).tolist() == [min_share.test(share)]


@FAST
@given(boxes(), st.tuples(coord, coord))
def test_boundary_share_is_invariant_under_translation(geoms, offset):
    other = box(-100, -100, 100, 100)
    moved = [shapely.affinity.translate(g, *offset) for g in geoms]
    a = G.boundary_share(geoms, other, 0.5)
    b = G.boundary_share(moved, shapely.affinity.translate(other, *offset), 0.5)
    assert np.allclose(a, b, atol=1e-9)


@FAST
@given(boxes(), boxes(n_max=3))
def test_area_shares_are_complementary(geoms, others):
    area = shapely.union_all(others)
    inside = G.area_share_inside(geoms, area)
    outside = G.outside_share(geoms, area)
    assert np.all((inside >= -1e-12) & (inside <= 1 + 1e-9))
    assert np.allclose(inside + outside, 1.0, atol=1e-9)
    assert np.allclose(G.area_share_inside(geoms, shapely.union_all(geoms)), 1.0)


@FAST
@given(size, size)
def test_width_of_a_rectangle_is_its_short_side(w, h):
    assert G.width([box(0, 0, w, h)], tolerance=0.01)[0] == pytest.approx(min(w, h), abs=0.05)


@FAST
@given(boxes(), boxes(n_max=3))
def test_fill_holes_only_adds_area_and_outline_has_no_holes(outer, holes):
    shapes = [g.difference(shapely.union_all(holes)) for g in outer]
    filled = G.fill_holes(shapes)
    for before, after in zip(shapes, filled):
        assert after.area >= before.area - 1e-6
        assert after.covers(before) or before.is_empty
        for part in shapely.get_parts(after):
            assert len(part.interiors) == 0


@FAST
@given(boxes(n_min=2, n_max=6), st.sampled_from([5.0, 20.0, 60.0]))
def test_indentations_lie_outside_the_district(geoms, radius):
    district = shapely.union_all(geoms)
    for pocket in G.indentations(district, radius):
        assert pocket.intersection(district).area == pytest.approx(0.0, abs=1e-3)


@FAST
@given(st.integers(1, 30).flatmap(lambda n: st.tuples(
    st.just(n), st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)), max_size=40))))
def test_connected_components_match_a_plain_search(case):
    n, pairs = case
    labels = G.connected_components(n, pairs)
    neighbours = {i: set() for i in range(n)}
    for i, j in pairs:
        neighbours[i].add(j)
        neighbours[j].add(i)
    seen, expected = set(), {}
    for start in range(n):
        if start in seen:
            continue
        stack, comp = [start], len(set(expected.values()))
        while stack:
            k = stack.pop()
            if k in seen:
                continue
            seen.add(k)
            expected[k] = comp
            stack.extend(neighbours[k])
    assert [expected[i] for i in range(n)] == labels.tolist()  # same partition, labels in order of first sight
    assert sorted(G.connected_components(n, list(reversed(pairs))).tolist()) == sorted(labels.tolist())


# ------------------------------------------------------------------------------------------- marine numbering
MHT_X = 100.0
MHT = LineString([(MHT_X, -10000), (MHT_X, 10000)])
MARINE = [("MAR1_1", "wildlife_refuge", "野生動物保護區"), ("MAR2", "navigation_channel", "航道及其疏濬工程範圍"),
          ("MAR1_2", "port_area", "港區範圍")]


@st.composite
def sea_areas(draw):
    """1..5 rectangles on a 10 m grid west of (and touching) the MHT line x = 100, each its own indicator case."""
    n = draw(st.integers(1, 5))
    recs, geoms = [], []
    for i in range(n):
        x0 = draw(st.integers(-40, 8)) * 10.0
        y0 = draw(st.integers(-20, 20)) * 10.0
        w = draw(st.integers(1, 12)) * 10.0
        h = draw(st.integers(1, 12)) * 10.0
        x1 = min(x0 + w, MHT_X)
        assume(x1 > x0)
        code, ind, name = MARINE[draw(st.integers(0, len(MARINE) - 1))]
        recs.append({"class_code": code, "indicator_id": ind, "indicator_name": name, "case_name": f"案{i}",
                     "layer": name, "fid": i + 1, "force_round": None})
        geoms.append(box(x0, y0, x1, y0 + h))
    return pd.DataFrame(recs, columns=list(M.FEATURE_COLUMNS)), np.array(geoms, dtype=object)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(sea_areas(), st.sampled_from(["traversal", "strict"]))
def test_marine_numbering_properties(case, mode):
    features, geoms = case
    cfg = M.marine_settings(RS, mode=mode)
    rows = M.number_points(features, geoms, cfg, mht=MHT).rows
    if not len(rows):
        return
    xy = list(zip(rows["x"].round(3), rows["y"].round(3)))
    per_number, per_point = {}, {}
    for number, p in zip(rows["number"], xy):
        per_number.setdefault(number, set()).add(p)
        per_point.setdefault(p, set()).add(number)
    assert all(len(v) == 1 for v in per_number.values()), "a number names two places"
    assert all(len(v) == 1 for v in per_point.values()), "a place has two numbers"
    junctions = rows[rows["rule_id"] == "MAR-PT-JUNC"]
    assert not junctions.duplicated(["block", "number"]).any(), "a junction listed twice in one block"
    outline = rows[rows["rule_id"] != "MAR-PT-CENTRE"]
    distance = (outline["x"] - MHT_X).abs()
    assert (distance > cfg.on_line_tolerance).all(), "a listed point lies on the mean high tide line"
    assert sorted(set(rows["number"])) == list(range(cfg.start, cfg.start + rows["number"].nunique()))


# ------------------------------------------------------------------------------------------- conservation
@FAST
@given(st.lists(st.tuples(st.integers(1, 4), size), min_size=1, max_size=8), st.integers(0, 7))
def test_assignment_balance_detects_a_lost_parcel_and_a_lost_area(parcels, victim):
    keys = [f"HB|0388|{i:04d}" for i in range(len(parcels))]
    areas, rows = [], []
    for key, (pieces, area) in zip(keys, parcels):
        areas.append(area * pieces)
        rows += [{"parcel_key": key, "piece_area": area, "status": "registrable", "class_code": "AGR2"}] * pieces
    table = pd.DataFrame(rows)
    good = C.assignment_balance(keys, areas, table, 1.0)
    assert good.ok and good.counts["accounted_parcels"] == len(keys)
    lost_key = keys[victim % len(keys)]
    lost = C.assignment_balance(keys, areas, table[table["parcel_key"] != lost_key], 1.0)
    assert not lost.ok and lost.counts["unaccounted_parcels"] == 1 and lost_key in lost.problems[0]
    shrunk = table.copy()
    shrunk.loc[shrunk.index[-1], "piece_area"] -= 2.0
    assert C.assignment_balance(keys, areas, shrunk, 1.0).counts["area_mismatch_parcels"] == 1


def test_register_balance_counts():
    rows = pd.DataFrame({"parcel_key": ["a", "b", "c"], "in_register": [1, 1, 0], "piece_count": [2, 1, 1]})
    assert C.register_balance(4, rows, 2).ok
    assert not C.register_balance(5, rows, 2).ok                     # a piece counted nowhere
    assert not C.register_balance(4, rows, 3).ok                     # a registrable parcel without a row
    dup = pd.concat([rows, rows.iloc[:1]], ignore_index=True)
    assert "share a parcel key" in " ".join(C.register_balance(6, dup, 3).problems)


def test_registrable_parcels_counts_by_key_and_scope():
    pieces = pd.DataFrame({
        "office": ["HB"] * 5, "section": ["0388"] * 5, "parcel_no": ["1", "1", "2", "3", ""],
        "parcel_key": ["HB|0388|1", "HB|0388|1", "HB|0388|2", "HB|0388|3", "HB|0388|#7"],
        "status": ["registrable", "urban_plan", "urban_plan", "registrable", "registrable"],
        "class_code": ["AGR2", "URB1", "URB1", "國3", "CON1"],
    })
    scope = RS.register["scope"]
    # 1: partly excluded, kept; 2: urban plan, out; 3: 國3 (national park class), out; #7: unnumbered, kept
    assert C.registrable_parcels(pieces, scope["excluded_statuses"], scope["excluded_classes"],
                                 RS.resolve_class) == 2
    assert C.registrable_parcels(pieces.drop(columns=["parcel_key"]), scope["excluded_statuses"],
                                 scope["excluded_classes"], RS.resolve_class) is None
