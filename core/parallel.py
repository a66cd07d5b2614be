"""Vectorised shapely operations spread over the machine's cores.

shapely 2 releases the GIL inside its vectorised GEOS calls, so the chunks of one array operation run in parallel
threads with no copy of the geometries. Used where one call dominates a step at county scale (issue #10): the
parcel × zone overlay of ``assignparcels`` (:func:`vectorized`), the patch unions of ``sporadicland`` and the
GeoPackage outputs of one algorithm (:func:`map_items`). Results come in the order of the single-threaded call.
Pure Python: no QGIS import.
"""
from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from typing import Callable, Iterable

import numpy as np

#: Below this many elements a single call is cheaper than the threads.
MIN_PARALLEL = 20000
#: Chunks per worker (smaller chunks even out pieces of very different cost).
CHUNKS_PER_WORKER = 4


def workers() -> int:
    """Threads to use: the cores this process may run on (``TWZONING_THREADS`` overrides, 1 = no threads)."""
    wanted = os.environ.get("TWZONING_THREADS", "")
    if wanted.strip().isdigit():
        return max(1, int(wanted))
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:
        return max(1, os.cpu_count() or 1)


def vectorized(func: Callable, *arrays: np.ndarray, **kwargs) -> np.ndarray:
    """``func(*arrays, **kwargs)`` for element-wise ``func`` (e.g. ``shapely.intersection``), computed chunk by chunk
    in threads and concatenated in order. Not for predicates on prepared geometries: GEOS builds a prepared
    geometry's index on first use, which two threads must not do at once."""
    n = len(arrays[0]) if arrays else 0
    count = workers()
    if count < 2 or n < MIN_PARALLEL:
        return func(*arrays, **kwargs)
    edges = np.linspace(0, n, count * CHUNKS_PER_WORKER + 1).astype(np.int64)
    spans = [(int(a), int(b)) for a, b in zip(edges[:-1], edges[1:]) if b > a]
    with ThreadPoolExecutor(max_workers=count) as pool:
        parts = list(pool.map(lambda s: func(*(x[s[0]:s[1]] for x in arrays), **kwargs), spans))
    return np.concatenate(parts)


def map_items(func: Callable, items: Iterable) -> list:
    """``[func(x) for x in items]``, in threads when there are several items and cores (for work that releases the
    GIL: GEOS unions, GDAL / sqlite writes). The order of the results is the order of ``items``."""
    items = list(items)
    count = min(workers(), len(items))
    if count < 2:
        return [func(x) for x in items]
    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(func, items))
