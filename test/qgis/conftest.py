"""QGIS tier: the real plugin, loaded through classFactory + initProcessing like QGIS does."""
from __future__ import annotations

import os
import sys

import pytest
from qgis.core import Qgis, QgsApplication, QgsProject, QgsVectorLayer

_PLUGINS = os.path.join(QgsApplication.pkgDataPath(), "python", "plugins")
if _PLUGINS not in sys.path:
    sys.path.append(_PLUGINS)


def pytest_report_header(config):
    from osgeo import gdal
    from qgis.PyQt.QtCore import QT_VERSION_STR

    return f"QGIS {Qgis.QGIS_VERSION}, GDAL {gdal.__version__}, Qt {QT_VERSION_STR}"


@pytest.fixture(scope="session")
def plugin(qgis_app, qgis_processing, qgis_iface):
    import twzoning

    instance = twzoning.classFactory(qgis_iface)
    instance.initProcessing()
    assert QgsApplication.processingRegistry().providerById("twzoning") is not None
    yield instance
    instance.unload()


def memory_layer(uri: str, name: str, features=()) -> QgsVectorLayer:
    """A memory layer from a URI such as ``Polygon?crs=EPSG:3826&field=office:string`` and (wkt, attrs) pairs."""
    from qgis.core import QgsFeature, QgsGeometry

    layer = QgsVectorLayer(uri, name, "memory")
    assert layer.isValid(), uri
    feats = []
    for wkt, attrs in features:
        f = QgsFeature(layer.fields())
        if wkt is not None:
            f.setGeometry(QgsGeometry.fromWkt(wkt))
        f.setAttributes(list(attrs))
        feats.append(f)
    layer.dataProvider().addFeatures(feats)
    layer.updateExtents()
    QgsProject.instance().addMapLayer(layer, False)
    return layer


@pytest.fixture(scope="session", autouse=True)
def _destroy_layers_before_qgis_exits(qgis_app):
    """Layers still referenced from Python at the end of the session (e.g. by the traceback of an algorithm error
    a test asserted) would be destroyed after exitQgis() has shut GDAL down, and the interpreter would crash on
    exit (exit code 139 after a green run). Destroy them while QGIS is still up."""
    yield
    import gc

    from qgis.core import QgsMapLayer
    from qgis.PyQt import sip

    QgsProject.instance().removeAllMapLayers()
    for name in ("last_type", "last_value", "last_traceback", "last_exc"):
        if hasattr(sys, name):
            setattr(sys, name, None)
    gc.collect()
    for obj in gc.get_objects():
        if isinstance(obj, QgsMapLayer) and not sip.isdeleted(obj) and sip.ispyowned(obj):
            sip.delete(obj)
