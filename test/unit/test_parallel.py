"""core/parallel.py: chunked threads give exactly the single call's result."""
from __future__ import annotations

import numpy as np
import shapely

from twzoning.core import parallel


def test_threads_give_the_single_calls_result_in_order(monkeypatch):
    rng = np.random.default_rng(7)
    n = parallel.MIN_PARALLEL * 2 + 123
    x, y = rng.uniform(0, 1000, n), rng.uniform(0, 1000, n)
    a = shapely.box(x, y, x + rng.uniform(1, 20, n), y + rng.uniform(1, 20, n))
    b = shapely.buffer(shapely.points(x + 5, y + 5), rng.uniform(1, 15, n))
    monkeypatch.setenv("TWZONING_THREADS", "3")
    assert parallel.workers() == 3
    threaded = parallel.vectorized(shapely.intersection, a, b)
    monkeypatch.setenv("TWZONING_THREADS", "1")
    single = parallel.vectorized(shapely.intersection, a, b)
    assert len(threaded) == n
    assert shapely.equals_exact(threaded, single, tolerance=0).all()
    assert shapely.equals_exact(single, shapely.intersection(a, b), tolerance=0).all()


def test_small_inputs_and_empty_arrays():
    assert len(parallel.vectorized(shapely.area, np.array([], dtype=object))) == 0
    assert parallel.vectorized(shapely.area, np.array([shapely.box(0, 0, 2, 2)]))[0] == 4.0


def test_map_items_keeps_the_order(monkeypatch):
    monkeypatch.setenv("TWZONING_THREADS", "2")
    items = [shapely.box(0, 0, k, k) for k in range(1, 50)]
    assert parallel.map_items(shapely.area, items) == [float(k * k) for k in range(1, 50)]
    monkeypatch.setenv("TWZONING_THREADS", "1")
    assert parallel.map_items(shapely.area, items[:3]) == [1.0, 4.0, 9.0]
    assert parallel.map_items(shapely.area, []) == []
