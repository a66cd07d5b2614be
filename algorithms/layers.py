"""The one place where QGIS layers become plain data (shapely arrays, DataFrames) and results become features.

Algorithms call :func:`read_source` once per input at the start and write sinks once at the end; ``core`` never
sees a QGIS object.
"""
from __future__ import annotations

import os
from dataclasses import dataclass

import numpy as np
import pandas as pd
import shapely
from qgis.core import (
    QgsFeature,
    QgsFeatureRequest,
    QgsField,
    QgsFields,
    QgsGeometry,
    QgsPointXY,
    QgsProcessingFeatureSource,
    QgsProviderRegistry,
    QgsUnitTypes,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QVariant

from ..core.validation import LayerInfo
from . import fastio

_KIND_BY_GEOMTYPE = {
    QgsWkbTypes.PolygonGeometry: "polygon",
    QgsWkbTypes.LineGeometry: "line",
    QgsWkbTypes.PointGeometry: "point",
    QgsWkbTypes.NullGeometry: "none",
    QgsWkbTypes.UnknownGeometry: "unknown",
}

_KIND_BY_VARIANT = {
    QVariant.String: "text",
    QVariant.Int: "integer",
    QVariant.LongLong: "integer",
    QVariant.UInt: "integer",
    QVariant.ULongLong: "integer",
    QVariant.Double: "double",
}


@dataclass
class LayerData:
    """A layer as plain data: feature ids, shapely geometries (None where a feature has none), attributes."""

    info: LayerInfo
    fids: np.ndarray
    geoms: np.ndarray
    attrs: pd.DataFrame
    field_kinds: dict[str, str]


def layer_display_name(layer) -> str:
    """The name that identifies an indicator: the GeoPackage/FileGDB layer name if the source has one, else the
    layer's name in the project, else the file name without extension."""
    try:
        parts = QgsProviderRegistry.instance().decodeUri(layer.providerType(), layer.source())
    except (AttributeError, RuntimeError):
        parts = {}
    layer_name = parts.get("layerName") if parts else None
    if layer_name:
        return str(layer_name)
    name = layer.name() if hasattr(layer, "name") else ""
    if name:
        return name
    path = parts.get("path") if parts else None
    return os.path.splitext(os.path.basename(path or layer.source()))[0]


def layer_info(source, name: str) -> LayerInfo:
    """Describe a feature source (a QgsProcessingFeatureSource or a vector layer) for the checks."""
    crs = source.sourceCrs() if hasattr(source, "sourceCrs") else source.crs()
    units = QgsUnitTypes.toString(crs.mapUnits()) if crs.isValid() else ""
    units = "meters" if crs.isValid() and crs.mapUnits() == QgsUnitTypes.DistanceMeters else units
    return LayerInfo(
        name=name,
        crs_authid=crs.authid() if crs.isValid() else "",
        crs_valid=crs.isValid(),
        crs_is_geographic=crs.isGeographic() if crs.isValid() else False,
        crs_units=units,
        geometry_kind=_KIND_BY_GEOMTYPE.get(QgsWkbTypes.geometryType(source.wkbType()), "unknown"),
        feature_count=max(int(source.featureCount()), 0),
    )


def field_kind(field: QgsField) -> str:
    return _KIND_BY_VARIANT.get(field.type(), "other")


def to_shapely(geometry: QgsGeometry):
    """A QGIS geometry as a shapely geometry; None for a null geometry. Curves are segmentised first."""
    if geometry is None or geometry.isNull():
        return None
    if QgsWkbTypes.isCurvedType(geometry.wkbType()):
        geometry = QgsGeometry(geometry.constGet().segmentize())
    return shapely.from_wkb(bytes(geometry.asWkb()))


def from_shapely(geom, multi: bool = False) -> QgsGeometry:
    """A shapely geometry as a 2-D QgsGeometry (``multi``: converted to its multi type, as MultiPolygon sinks
    need); None or an empty geometry gives a null QgsGeometry."""
    out = QgsGeometry()
    if geom is None or shapely.is_empty(geom):
        return out
    out.fromWkb(shapely.to_wkb(geom, output_dimension=2))
    if multi and not out.convertToMultiType():
        raise ValueError("the geometry could not be converted to its multi type")
    return out


def memory_layer(kind: str, crs, name: str, fields=(), features=()):
    """A memory layer (for map rendering) of ``kind`` (``Point``, ``MultiPolygon`` …) with ``(name, type)`` fields,
    filled with ``(shapely geometry, values)`` pairs."""
    from qgis.core import QgsVectorLayer

    spec = "&".join([f"crs={crs.authid() or 'EPSG:3826'}"] + [f"field={n}:{t}" for n, t in fields])
    layer = QgsVectorLayer(f"{kind}?{spec}", name, "memory")
    feats = []
    for geom, values in features:
        f = QgsFeature(layer.fields())
        f.setGeometry(from_shapely(geom))
        f.setAttributes(list(values))
        feats.append(f)
    ok, _added = layer.dataProvider().addFeatures(feats)
    if not ok:
        raise RuntimeError("the map layer " + name + " could not be filled")
    layer.updateExtents()
    return layer


def read_source(source, name: str, feedback=None, fields: list[str] | None = None, progress=(0.0, 100.0),
                layer=None) -> LayerData:
    """Read every feature of a source, *including* those with invalid geometries (nothing is dropped here: the
    checks must see them). ``fields`` limits the attributes read; ``None`` reads all. ``layer``: the source's
    GeoPackage layer when :func:`fastio.gpkg_layer` found one; it is then read column-wise in bulk."""
    info = layer_info(source, name)
    all_fields = source.fields()
    wanted = [f.name() for f in all_fields] if fields is None else [f for f in fields if all_fields.indexOf(f) >= 0]
    kinds = {f.name(): field_kind(f) for f in all_fields}
    if layer is not None:
        bulk = fastio.read_gpkg(layer, wanted, kinds, feedback)
        if bulk is not None and len(bulk[0]) == info.feature_count:
            fid_array, geom_array, attrs = bulk
            return LayerData(info=info, fids=fid_array, geoms=geom_array, attrs=attrs, field_kinds=kinds)
    request = QgsFeatureRequest()
    request.setInvalidGeometryCheck(QgsFeatureRequest.GeometryNoCheck)
    if fields is not None:
        request.setSubsetOfAttributes(wanted, all_fields)
    if isinstance(source, QgsProcessingFeatureSource):
        iterator = source.getFeatures(request, QgsProcessingFeatureSource.FlagSkipGeometryValidityChecks)
    else:
        iterator = source.getFeatures(request)
    total = max(info.feature_count, 1)
    start, span = progress
    fids, geoms, rows = [], [], []
    indexes = [all_fields.indexOf(f) for f in wanted]
    for i, feature in enumerate(iterator):
        if feedback is not None:
            if feedback.isCanceled():
                break
            if i % 1000 == 0:
                feedback.setProgress(start + span * i / total)
        fids.append(feature.id())
        geoms.append(to_shapely(feature.geometry()))
        attributes = feature.attributes()
        rows.append([_plain(attributes[j]) for j in indexes])
    fid_array = np.asarray(fids, dtype=np.int64)
    geom_array = np.empty(len(geoms), dtype=object)
    geom_array[:] = geoms
    attrs = pd.DataFrame(rows, columns=wanted, index=pd.Index(fid_array, name="fid"))
    return LayerData(info=info, fids=fid_array, geoms=geom_array, attrs=attrs, field_kinds=kinds)


def _plain(value):
    """QVariant NULLs become None; everything else stays a Python value."""
    if value is None:
        return None
    if hasattr(value, "isNull") and value.isNull():
        return None
    return value


def make_fields(spec: list[tuple[str, str]]) -> QgsFields:
    """Fields from ``(name, kind)`` pairs, kind ∈ text / integer / double."""
    variant = {"text": QVariant.String, "integer": QVariant.Int, "double": QVariant.Double}
    fields = QgsFields()
    for name, kind in spec:
        fields.append(QgsField(name, variant[kind]))
    return fields


def point_feature(fields: QgsFields, values: list, x: float | None, y: float | None) -> QgsFeature:
    """A feature with a point geometry at (x, y), or no geometry when x is None."""
    feature = QgsFeature(fields)
    feature.setAttributes(values)
    if x is not None and y is not None:
        feature.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(x, y)))
    return feature
