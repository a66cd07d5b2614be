"""The bulk GeoPackage path (algorithms/fastio.py, issue #10) gives what the feature-by-feature path gives.

Reading: every layer of the demo county and a layer with NULLs read both ways give the same ids, geometries and
DataFrame. Writing: assignparcels on the demo county writes the same GeoPackage both ways (schema, rows, geometries,
extent), the bulk file has a working spatial index, and QGIS can edit it afterwards (its triggers are in place).
"""
from __future__ import annotations

import sqlite3
from pathlib import Path

import pandas as pd
import pytest
import shapely
from osgeo import ogr
from qgis import processing
from qgis.core import (
    QgsCoordinateTransformContext,
    QgsFeature,
    QgsFeatureRequest,
    QgsGeometry,
    QgsRectangle,
    QgsVectorFileWriter,
    QgsVectorLayer,
)

from .conftest import memory_layer

DEMO = Path(__file__).resolve().parent.parent / "data" / "demo_county.gpkg"


@pytest.fixture
def slow_io(monkeypatch):
    from twzoning.algorithms import fastio

    monkeypatch.setattr(fastio, "ENABLED", False)


def read_both(uri: str):
    from twzoning.algorithms import layers

    layer = QgsVectorLayer(uri, "x", "ogr")
    assert layer.isValid(), uri
    slow = layers.read_source(layer, "x")
    fast = layers.read_source(layer, "x", layer=layer)
    return slow, fast


def assert_same(slow, fast):
    assert slow.fids.tolist() == fast.fids.tolist()
    pd.testing.assert_frame_equal(slow.attrs, fast.attrs)
    assert shapely.to_wkb(slow.geoms).tolist() == shapely.to_wkb(fast.geoms).tolist()


def test_reading_in_bulk_equals_reading_feature_by_feature(plugin):
    ds = ogr.Open(str(DEMO))
    names = [ds.GetLayer(i).GetName() for i in range(ds.GetLayerCount())]
    ds = None
    assert len(names) > 30
    for name in names:
        slow, fast = read_both(f"{DEMO}|layername={name}")
        assert_same(slow, fast)


def test_reading_nulls_and_a_subset_of_fields(plugin, tmp_path):
    from twzoning.algorithms import layers

    src = memory_layer("Polygon?crs=EPSG:3826&field=name:string&field=n:integer&field=x:double", "nulls", [
        ("POLYGON((0 0,1 0,1 1,0 0))", ["甲", 1, 1.5]),
        ("POLYGON((0 0,2 0,2 2,0 0))", [None, None, None]),
        (None, ["", 0, 0.0]),
    ])
    path = str(tmp_path / "nulls.gpkg")
    options = QgsVectorFileWriter.SaveVectorOptions()
    options.driverName = "GPKG"
    err = QgsVectorFileWriter.writeAsVectorFormatV3(src, path, QgsCoordinateTransformContext(), options)
    assert err[0] == QgsVectorFileWriter.NoError, err
    slow, fast = read_both(path)
    assert_same(slow, fast)
    assert fast.attrs["name"].tolist() == ["甲", None, ""]
    assert fast.geoms[2] is None or fast.geoms[2].is_empty
    layer = QgsVectorLayer(path, "x", "ogr")
    part = layers.read_source(layer, "x", fields=["x"], layer=layer)
    assert list(part.attrs.columns) == ["x"] and part.attrs["x"].isna().tolist() == [False, True, False]


def test_a_layer_not_read_in_bulk_when_filtered(plugin):
    from qgis.core import QgsApplication, QgsProcessingContext, QgsProcessingFeatureSourceDefinition

    from twzoning.algorithms import fastio

    alg = QgsApplication.processingRegistry().createAlgorithmById("twzoning:assignparcels")
    context = QgsProcessingContext()
    uri = f"{DEMO}|layername=地籍"
    assert fastio.gpkg_layer(alg, {"PARCELS": uri}, "PARCELS", context) is not None
    selected = QgsProcessingFeatureSourceDefinition(uri, True)
    assert fastio.gpkg_layer(alg, {"PARCELS": selected}, "PARCELS", context) is None
    layer = QgsVectorLayer(uri, "x", "ogr")
    layer.setSubsetString("fid < 10")
    assert fastio.gpkg_layer(alg, {"PARCELS": layer}, "PARCELS", context) is None


def demo_zones():
    """Two hand-drawn zones across the demo county's land, so that many parcels are split."""
    parcels = QgsVectorLayer(f"{DEMO}|layername=地籍", "p", "ogr")
    e = parcels.extent()
    mid = (e.xMinimum() + e.xMaximum()) / 2
    left = QgsRectangle(e.xMinimum() - 10, e.yMinimum() - 10, mid + 0.37, e.yMaximum() + 10).asWktPolygon()
    right = QgsRectangle(mid + 0.37, e.yMinimum() - 10, e.xMaximum() + 10, e.yMaximum() + 10).asWktPolygon()
    return memory_layer("Polygon?crs=EPSG:3826&field=class_code:string", "zones",
                        [(left, ["AGR2"]), (right, ["CON1"])])


def gpkg_rows(path: Path):
    ds = ogr.Open(str(path))
    lyr = ds.GetLayer(0)
    defn = lyr.GetLayerDefn()
    schema = [(defn.GetFieldDefn(i).GetName(), defn.GetFieldDefn(i).GetTypeName()) for i in range(defn.GetFieldCount())]
    rows = []
    for f in lyr:
        g = f.GetGeometryRef()
        rows.append((f.GetFID(), [f.GetField(i) for i in range(defn.GetFieldCount())],
                     g.ExportToIsoWkb() if g is not None else None))
    meta = (lyr.GetName(), lyr.GetGeomType(), lyr.GetSpatialRef().GetAuthorityCode(None), lyr.GetFIDColumn(),
            lyr.GetGeometryColumn())
    extent = lyr.GetExtent()
    return meta, schema, rows, extent


def run_assign(out: Path):
    return processing.run("twzoning:assignparcels", {
        "PARCELS": f"{DEMO}|layername=地籍", "ZONES": demo_zones(),
        "OUTPUT": str(out / "pieces.gpkg"), "OUTPUT_PARCELS": str(out / "parcel_classes.gpkg")})


@pytest.fixture(scope="module")
def written(plugin, tmp_path_factory):
    from twzoning.algorithms import fastio

    base = tmp_path_factory.mktemp("fastio")
    (base / "fast").mkdir()
    (base / "slow").mkdir()
    fast = run_assign(base / "fast")
    fastio.ENABLED = False
    try:
        slow = run_assign(base / "slow")
    finally:
        fastio.ENABLED = True
    return base, fast, slow


def test_writing_in_bulk_equals_writing_through_the_sink(written):
    base, fast, slow = written
    assert fast["SPLIT_COUNT"] == slow["SPLIT_COUNT"] > 10
    for name in ("pieces.gpkg", "parcel_classes.gpkg"):
        f_meta, f_schema, f_rows, f_extent = gpkg_rows(base / "fast" / name)
        s_meta, s_schema, s_rows, s_extent = gpkg_rows(base / "slow" / name)
        assert f_meta == s_meta
        assert f_schema == s_schema
        assert len(f_rows) == len(s_rows) > 5000
        assert f_rows == s_rows
        assert f_extent == pytest.approx(s_extent)
    assert fast["OUTPUT"] == str(base / "fast" / "pieces.gpkg")
    assert not [p for p in (base / "fast").iterdir() if p.name.startswith(".")]


def test_bulk_file_has_a_working_spatial_index_and_stays_editable(written):
    base, _fast, _slow = written
    path = base / "fast" / "pieces.gpkg"
    with sqlite3.connect(path) as db:
        n_rtree = db.execute('SELECT COUNT(*) FROM "rtree_pieces_geom"').fetchone()[0]
        n_rows = db.execute('SELECT COUNT(*) FROM "pieces"').fetchone()[0]
        count = db.execute("SELECT feature_count FROM gpkg_ogr_contents WHERE table_name = 'pieces'").fetchone()[0]
        triggers = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' "
                                             "AND tbl_name = 'pieces'")}
    assert n_rtree == n_rows == count
    assert {"rtree_pieces_geom_insert", "rtree_pieces_geom_delete"} <= triggers
    layer = QgsVectorLayer(str(path), "pieces", "ogr")
    assert layer.isValid() and layer.featureCount() == n_rows
    e = layer.extent()
    window = QgsRectangle(e.xMinimum(), e.yMinimum(), e.center().x(), e.center().y())
    by_index = sorted(f.id() for f in layer.getFeatures(QgsFeatureRequest().setFilterRect(window)))
    by_scan = sorted(f.id() for f in layer.getFeatures() if f.geometry().boundingBox().intersects(window))
    assert by_index == by_scan and len(by_index) > 100
    # an edit goes through OGR's triggers: the new feature is found through the index
    feature = QgsFeature(layer.fields())
    feature.setGeometry(QgsGeometry.fromWkt("MULTIPOLYGON(((1 1,2 1,2 2,1 1)))"))
    assert layer.dataProvider().addFeatures([feature])[0]
    layer = QgsVectorLayer(str(path), "pieces", "ogr")
    found = list(layer.getFeatures(QgsFeatureRequest().setFilterRect(QgsRectangle(0, 0, 3, 3))))
    assert len(found) == 1 and layer.featureCount() == n_rows + 1
