"""Real government indicator layers (invalid geometries, padded strings, lines) through validateinputs.

The committed clip (test/data/eland_clip) always runs; the full 73 layers of ../shared run when it is present.
"""
from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from qgis import processing
from qgis.core import QgsVectorLayer
from shapely.geometry import shape

ROOT = Path(__file__).resolve().parents[2]
CLIP = ROOT / "test" / "data" / "eland_clip"
SHARED = ROOT.parent / "shared" / "data" / "eland-cpami-wfs-2019"


def invalid_counts(paths):
    """Independent count of invalid geometries per layer, straight from the GeoJSON with shapely."""
    counts = {}
    for path in paths:
        feats = json.loads(path.read_text(encoding="utf-8"))["features"]
        counts[path.stem] = sum(1 for f in feats if f.get("geometry") and not shape(f["geometry"]).is_valid)
    return counts


def run_layers(paths):
    layers = [QgsVectorLayer(str(p), p.stem, "ogr") for p in paths]
    for layer in layers:
        assert layer.isValid(), layer.source()
    result = processing.run("twzoning:validateinputs", {"INDICATORS": layers, "OUTPUT": "memory:"})
    return result, list(result["OUTPUT"].getFeatures())


def check(paths):
    expected = invalid_counts(paths)
    assert sum(expected.values()) > 0
    result, features = run_layers(paths)
    reported = Counter(f["layer"] for f in features if f["code"] == "GEOM_INVALID")
    assert {k: v for k, v in expected.items() if v} == dict(reported)
    # every layer is in EPSG:4326: each one is told to reproject to EPSG:3826
    geographic = {f["layer"] for f in features if f["code"] == "CRS_GEOGRAPHIC"}
    assert geographic == {p.stem for p in paths}
    # the layers that are lines where polygons are expected are named
    return result, features


def test_committed_clip_every_invalid_geometry_reported(plugin):
    paths = sorted(CLIP.glob("*.geojson"))
    assert len(paths) >= 20
    _result, features = check(paths)
    lines = {f["layer"] for f in features if f["code"] == "GEOM_NOT_POLYGON"}
    assert "平均高潮線" not in lines  # the mean high tide line is a line by definition
    known_not_indicators = {f["layer"] for f in features if f["code"] == "INDICATOR_NOT_INDICATOR"}
    assert {"二級海岸防護區", "近岸海域", "特定水土保持區"} <= known_not_indicators
    unknown = {f["layer"] for f in features if f["code"] == "INDICATOR_UNKNOWN"}
    assert unknown == set(), unknown


@pytest.mark.slow
@pytest.mark.shared
def test_all_73_shared_layers(plugin):
    if not SHARED.is_dir():
        pytest.skip(f"{SHARED} is absent (a user's clone has no ../shared); the committed clip test covers this")
    paths = sorted(SHARED.glob("*.json"))
    assert len(paths) == 73
    result, features = check(paths)
    assert result["ERROR_COUNT"] >= 73  # at least the CRS error of each layer
    lines = {f["layer"] for f in features if f["code"] == "GEOM_NOT_POLYGON"}
    assert "海底電纜或管道設置範圍-纜線" in lines  # an indicator published as lines cannot be an area as it is
    assert not {f["layer"] for f in features if f["code"] == "INDICATOR_UNKNOWN"}
