"""Bulk reading and writing of GeoPackage layers at the edge of the algorithms (issue #10).

Reading a million features through ``QgsFeatureIterator`` costs a Python call per feature and per attribute, and
writing them through a ``QgsFeatureSink`` costs a ``QgsFeature`` per row. When a source is a plain GeoPackage layer
(no selection, filter or subset, no unsaved edits) and a destination is a plain ``.gpkg`` file, these functions move
the whole table at once instead:

* :func:`read_gpkg` reads the layer through GDAL's columnar (Arrow) interface: geometries as one array of WKB,
  attributes as one array per field; the result is the same :class:`LayerData` :func:`layers.read_source` builds
  feature by feature (same feature ids, geometries, values and pandas dtypes; ``test_fastio.py`` compares the two).
* :func:`plan_gpkg` / :func:`build_gpkg` create the layer with OGR (schema, CRS, ``fid`` / ``geom`` columns as
  QGIS creates them, OGR's spatial index and triggers), insert every row with one ``executemany`` of GeoPackage
  geometry blobs built from a vectorised ``shapely.to_wkb`` (the triggers dropped meanwhile, the index rows inserted
  in bulk, the triggers restored), and move the finished file into place (a cancelled or failed run leaves no
  partial file). :func:`write_gpkgs` builds several outputs of one algorithm at the same time.

Anything these functions do not handle (other providers, field types other than text / integer / double, geometries
other than polygons) makes them return ``None`` and the caller takes the ordinary feature-by-feature path.
"""
from __future__ import annotations

import os
import sqlite3
import struct
from dataclasses import dataclass

import numpy as np
import pandas as pd
import shapely
from qgis.core import (
    QgsProcessingContext,
    QgsProcessingFeatureSourceDefinition,
    QgsProcessingOutputLayerDefinition,
    QgsProcessingUtils,
    QgsProviderRegistry,
)
from qgis.PyQt.QtCore import QVariant

from ..core import fileio, parallel

#: Switch for tests: False forces the feature-by-feature path everywhere.
ENABLED = True

_OGR_TYPES = {QVariant.String: "OFTString", QVariant.Int: "OFTInteger", QVariant.LongLong: "OFTInteger64",
              QVariant.Double: "OFTReal"}
_POLYGON, _MULTIPOLYGON = 3, 6


# ------------------------------------------------------------------------------------------------------------------
# Reading
# ------------------------------------------------------------------------------------------------------------------
def gpkg_layer(alg, parameters: dict, name: str, context):
    """The vector layer of parameter ``name`` when it can be read in bulk: a GeoPackage layer of the OGR provider,
    given whole (no selection, feature limit or filter), without a subset string or unsaved edits. Else None."""
    if not ENABLED:
        return None
    value = parameters.get(name)
    if value is None or isinstance(value, QgsProcessingFeatureSourceDefinition):
        return None
    return bulk_readable(alg.parameterAsVectorLayer(parameters, name, context))


def bulk_readable(layer):
    """``layer`` when it is a whole GeoPackage layer that :func:`read_gpkg` can read, else None."""
    if not ENABLED or layer is None or not hasattr(layer, "providerType"):
        return None
    if layer.providerType() != "ogr" or layer.subsetString():
        return None
    if layer.isEditable() and layer.isModified():
        return None
    if layer.dataProvider().storageType() != "GPKG":
        return None
    return layer


def _ogr_layer(layer):
    """(dataset, layer) of GDAL for a QGIS GeoPackage layer, or (None, None)."""
    from osgeo import ogr

    parts = QgsProviderRegistry.instance().decodeUri("ogr", layer.source())
    path = parts.get("path")
    if not path or not os.path.isfile(path):
        return None, None
    ds = ogr.Open(path)
    if ds is None:
        return None, None
    name = parts.get("layerName")
    if name:
        lyr = ds.GetLayerByName(str(name))
    elif parts.get("layerId") is not None:
        lyr = ds.GetLayer(int(parts["layerId"]))
    elif ds.GetLayerCount() == 1:
        lyr = ds.GetLayer(0)
    else:
        lyr = None
    return (ds, lyr) if lyr is not None else (None, None)


def read_gpkg(layer, wanted: list[str], kinds: dict[str, str], feedback=None):
    """``(fids, geometries, attributes DataFrame)`` of a whole GeoPackage layer read column-wise, or None when the
    layer cannot be read that way (the caller then reads feature by feature)."""
    if any(kinds.get(f) not in ("text", "integer", "double") for f in wanted):
        return None
    ds, lyr = _ogr_layer(layer)
    if lyr is None:
        return None
    defn = lyr.GetLayerDefn()
    if defn.GetGeomFieldCount() > 1:
        return None
    fid_column = lyr.GetFIDColumn() or "OGC_FID"
    geom_column = (lyr.GetGeometryColumn() or "wkb_geometry") if defn.GetGeomFieldCount() else None
    names = {defn.GetFieldDefn(i).GetName() for i in range(defn.GetFieldCount())}
    # QGIS shows a GeoPackage's fid column as a field too: its values are the feature ids
    stored = [f for f in wanted if f != fid_column]
    if any(f not in names for f in stored):
        return None
    lyr.SetIgnoredFields([n for n in names if n not in stored])
    fids, geoms, columns = [], [], {f: [] for f in stored}
    try:
        stream = lyr.GetArrowStreamAsNumPy(options=["USE_MASKED_ARRAYS=YES", "MAX_FEATURES_IN_BATCH=65536"])
    except (AttributeError, RuntimeError):
        return None
    for batch in stream:
        if feedback is not None and feedback.isCanceled():
            return None
        fids.append(np.asarray(batch[fid_column], dtype=np.int64))
        if geom_column is not None:
            geoms.append(batch[geom_column])
        for f in stored:
            columns[f].append(batch[f])
    del stream, lyr, ds  # the layer belongs to the dataset: both released once read
    fid_array = np.concatenate(fids) if fids else np.empty(0, dtype=np.int64)
    if geom_column is None:
        geom_array = np.full(len(fid_array), None, dtype=object)
    else:
        wkb = np.concatenate(geoms) if geoms else np.empty(0, dtype=object)
        try:
            geom_array = shapely.from_wkb(wkb)
        except shapely.errors.GEOSException:
            return None  # curves or anything GEOS does not read: QGIS segmentises them feature by feature
    data = {f: _plain_column(columns[f], kinds[f]) if f != fid_column else fid_array.tolist() for f in wanted}
    attrs = pd.DataFrame(data, columns=wanted, index=pd.Index(fid_array, name="fid"))
    return fid_array, np.asarray(geom_array, dtype=object), attrs


def _plain_column(chunks: list, kind: str) -> list:
    """One attribute column as the Python values the QGIS provider gives (str / int / float, None for NULL)."""
    values: list = []
    for chunk in chunks:
        mask = np.ma.getmaskarray(chunk) if isinstance(chunk, np.ma.MaskedArray) else None
        data = np.ma.getdata(chunk)
        if kind == "text":
            if data.dtype.kind == "S":
                items = _decoded(data)
            else:
                items = [v.decode("utf-8") if isinstance(v, bytes) else v for v in data.tolist()]
        else:
            items = data.tolist()
        if mask is not None and mask.any():
            items = [None if m else v for v, m in zip(items, mask.tolist())]
        values.extend(items)
    return values


def _decoded(data: np.ndarray) -> list:
    """UTF-8 byte strings as str. Columns of repeated values (zones, classes, reasons) decode each distinct value once
    and share the str objects."""
    codes, uniques = pd.factorize(data)
    if 2 * len(uniques) < len(data):
        texts = np.empty(len(uniques), dtype=object)
        texts[:] = [u.decode("utf-8") for u in uniques.tolist()]
        return texts[codes].tolist()
    return [v.decode("utf-8") for v in data.tolist()]


# ------------------------------------------------------------------------------------------------------------------
# Writing
# ------------------------------------------------------------------------------------------------------------------
def gpkg_destination(alg, parameters: dict, name: str, context) -> str | None:
    """The file path of sink parameter ``name`` when it is a plain new ``.gpkg`` file, else None."""
    if not ENABLED:
        return None
    value = parameters.get(name)
    if isinstance(value, QgsProcessingOutputLayerDefinition):
        if value.createOptions:
            return None
    path = alg.parameterAsOutputLayer(parameters, name, context)
    if not path or "|" in path or path.startswith(("ogr:", "memory:", "postgres", "spatialite:")):
        return None
    if not path.lower().endswith(".gpkg"):
        return None
    return path


@dataclass
class GpkgJob:
    """Everything needed to build one GeoPackage, as plain data (no QGIS object): built by :func:`plan_gpkg` in the
    main thread, written by :func:`build_gpkg` in any thread."""

    path: str
    names: list[str]
    types: list[str]
    columns: list[list]
    geoms: object  # array of shapely geometries, or None for a table
    srs_id: int
    srs_wkt: str


def plan_gpkg(path: str, fields, columns: list[list], geoms, crs) -> GpkgJob:
    """The job of writing ``fields`` / ``columns`` (one list of plain values per field) and polygon ``geoms`` (array
    of shapely geometries or None; None for a table without geometry) to ``path``. Raises ValueError when the data is
    not for the bulk path (the caller then writes through the sink)."""
    types = []
    for f in fields:
        ogr_type = _OGR_TYPES.get(f.type())
        if ogr_type is None:
            raise ValueError("field type")
        types.append(ogr_type)
    if geoms is not None:
        present = np.asarray(geoms, dtype=object)
        present = present[~(shapely.is_missing(present) | shapely.is_empty(present))]
        if not np.isin(shapely.get_type_id(present), (_POLYGON, _MULTIPOLYGON)).all():
            raise ValueError("geometry type")
    return GpkgJob(path, [f.name() for f in fields], types, columns, geoms, _srs_id(crs),
                   crs.toWkt() if crs.isValid() else "")


def build_gpkg(job: GpkgJob) -> str:
    """Write the GeoPackage of ``job`` next to its path and move it into place (no partial file on failure)."""
    blobs = None if job.geoms is None else _gpkg_blobs(job.geoms, job.srs_id)
    layer_name = os.path.splitext(os.path.basename(job.path))[0]
    with fileio.atomic_target(job.path) as tmp:
        os.unlink(tmp)  # OGR creates the GeoPackage itself
        _create(tmp, layer_name, job.names, job.types, job.srs_id, job.srs_wkt, job.geoms is not None)
        _insert(tmp, layer_name, job.names, job.columns, blobs, job.geoms)
    return job.path


def write_gpkgs(alg, parameters: dict, context, jobs: list[tuple[str, GpkgJob]]) -> list[str]:
    """Build the GeoPackages of ``jobs`` (``(parameter name, job)``), in parallel threads when there are several
    (GDAL and sqlite release the GIL), and register each output for loading like a sink would."""
    paths = parallel.map_items(lambda j: build_gpkg(j[1]), jobs)
    for (name, _job), path in zip(jobs, paths):
        _load_on_completion(parameters, name, context, alg, path)
    return paths


def _srs_id(crs) -> int:
    auth, _sep, code = (crs.authid() or "").partition(":")
    return int(code) if auth.upper() == "EPSG" and code.isdigit() else 0


def _gpkg_blobs(geoms, srs_id: int) -> list:
    """GeoPackage geometry blobs (header with the xy envelope + little-endian ISO WKB, as multipolygons)."""
    geoms = np.asarray(geoms, dtype=object)
    present = ~(shapely.is_missing(geoms) | shapely.is_empty(geoms))
    types = shapely.get_type_id(geoms[present])
    out = [None] * len(geoms)
    idx = np.flatnonzero(present)
    if not len(idx):
        return out
    wkbs = shapely.to_wkb(geoms[idx], output_dimension=2, byte_order=1, flavor="iso")
    bounds = shapely.bounds(geoms[idx])
    head = b"GP\x00\x03" + struct.pack("<i", srs_id)
    multi_prefix = b"\x01" + struct.pack("<I", _MULTIPOLYGON) + struct.pack("<I", 1)
    envelopes = bounds[:, [0, 2, 1, 3]].astype("<f8").tobytes()
    for k, (i, wkb, is_poly) in enumerate(zip(idx.tolist(), wkbs.tolist(), (types == _POLYGON).tolist())):
        env = envelopes[32 * k:32 * k + 32]
        out[i] = head + env + (multi_prefix + wkb if is_poly else wkb)
    return out


def _create(path: str, layer_name: str, names: list[str], types: list[str], srs_id: int, srs_wkt: str,
            geometry: bool) -> None:
    from osgeo import ogr, osr

    driver = ogr.GetDriverByName("GPKG")
    ds = driver.CreateDataSource(path)
    if ds is None:
        raise OSError("cannot create " + path)
    srs = None
    if geometry and (srs_id or srs_wkt):
        srs = osr.SpatialReference()
        srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
        if srs_id:
            srs.ImportFromEPSG(srs_id)
        else:
            srs.ImportFromWkt(srs_wkt)
    gtype = ogr.wkbMultiPolygon if geometry else ogr.wkbNone
    lyr = ds.CreateLayer(layer_name, srs, gtype, options=["SPATIAL_INDEX=YES", "FID=fid", "GEOMETRY_NAME=geom"])
    for n, t in zip(names, types):
        if lyr.CreateField(ogr.FieldDefn(n, getattr(ogr, t))) != 0:
            raise OSError("cannot create the field " + n)
    ds = None


def _insert(path: str, layer_name: str, names: list[str], columns: list[list], blobs, geoms) -> None:
    """Insert every row with explicit fids 1..n. OGR's triggers on the table (spatial index, feature count) are
    dropped for the bulk insert, their tables filled in one statement each, and the triggers re-created as OGR
    wrote them."""
    n = len(columns[0]) if columns else (len(blobs) if blobs is not None else 0)
    cols = [list(range(1, n + 1))] + list(columns)
    quoted = ['"fid"'] + [_quote(c) for c in names]
    if blobs is not None:
        cols.append(blobs)
        quoted.append('"geom"')
    table = _quote(layer_name)
    db = sqlite3.connect(path)
    try:
        db.execute("PRAGMA synchronous = OFF")
        db.execute("PRAGMA journal_mode = MEMORY")
        with db:
            triggers = db.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?",
                                  (layer_name,)).fetchall()
            for name, _sql in triggers:
                db.execute("DROP TRIGGER " + _quote(name))
            db.executemany(f"INSERT INTO {table} ({', '.join(quoted)}) VALUES ({', '.join('?' * len(quoted))})",
                           zip(*cols))
            if geoms is not None:
                _index_rows(db, layer_name, geoms)
            if db.execute("SELECT 1 FROM sqlite_master WHERE name = 'gpkg_ogr_contents'").fetchone():
                db.execute("UPDATE gpkg_ogr_contents SET feature_count = ? WHERE table_name = ?", (n, layer_name))
            for _name, sql in triggers:
                db.execute(sql)
    finally:
        db.close()


def _index_rows(db, layer_name: str, geoms) -> None:
    """The spatial index rows (fid, minx, maxx, miny, maxy) and the layer extent in gpkg_contents."""
    geoms = np.asarray(geoms, dtype=object)
    present = np.flatnonzero(~(shapely.is_missing(geoms) | shapely.is_empty(geoms)))
    if not len(present):
        return
    b = shapely.bounds(geoms[present])
    rows = zip((present + 1).tolist(), b[:, 0].tolist(), b[:, 2].tolist(), b[:, 1].tolist(), b[:, 3].tolist())
    rtree = _quote(f"rtree_{layer_name}_geom")
    if db.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (f"rtree_{layer_name}_geom",)).fetchone():
        db.executemany(f"INSERT INTO {rtree} VALUES (?, ?, ?, ?, ?)", rows)
    x0, y0 = b[:, 0].min(), b[:, 1].min()
    x1, y1 = b[:, 2].max(), b[:, 3].max()
    db.execute("UPDATE gpkg_contents SET min_x = ?, min_y = ?, max_x = ?, max_y = ? WHERE table_name = ?",
               (float(x0), float(y0), float(x1), float(y1), layer_name))


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _load_on_completion(parameters, name, context, alg, path) -> None:
    """What ``parameterAsSink`` does for a destination the user wants opened: register it with the context."""
    value = parameters.get(name)
    if not isinstance(value, QgsProcessingOutputLayerDefinition) or value.destinationProject is None:
        return
    definition = alg.parameterDefinition(name)
    label = value.destinationName or (definition.description() if definition else name)
    details = QgsProcessingContext.LayerDetails(label, value.destinationProject, name,
                                                QgsProcessingUtils.LayerHint.Vector)
    context.addLayerToLoadOnCompletion(path, details)
