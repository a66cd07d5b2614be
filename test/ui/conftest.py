"""UI tier: the dock panel driven with pytest-qt (offscreen) on the real plugin and the demo county."""
from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from qgis.core import QgsApplication, QgsProject, QgsVectorLayer

_PLUGINS = os.path.join(QgsApplication.pkgDataPath(), "python", "plugins")
if _PLUGINS not in sys.path:
    sys.path.append(_PLUGINS)

DEMO = Path(__file__).resolve().parents[1] / "data" / "demo_county.gpkg"


@pytest.fixture(scope="session")
def provider(qgis_app, qgis_processing, qgis_iface):
    """The twzoning provider, registered through the plugin like QGIS does (once per session)."""
    if QgsApplication.processingRegistry().providerById("twzoning") is not None:
        yield QgsApplication.processingRegistry().providerById("twzoning")
        return
    import twzoning

    instance = twzoning.classFactory(qgis_iface)
    instance.initProcessing()
    yield QgsApplication.processingRegistry().providerById("twzoning")
    instance.unload()


def demo_layer_names() -> list[str]:
    import sqlite3

    with sqlite3.connect(f"file:{DEMO}?mode=ro", uri=True) as db:
        rows = db.execute("SELECT table_name FROM gpkg_contents WHERE data_type = 'features' ORDER BY rowid")
        return [r[0] for r in rows]


@pytest.fixture
def demo_project(provider):
    """A project holding every layer of the demo county, named as in the GeoPackage; cleared afterwards."""
    if not DEMO.exists():
        pytest.skip("test/data/demo_county.gpkg is missing (make demo-data)")
    project = QgsProject.instance()
    project.clear()
    layers = {}
    for name in demo_layer_names():
        layer = QgsVectorLayer(f"{DEMO}|layername={name}", name, "ogr")
        assert layer.isValid(), name
        project.addMapLayer(layer)
        layers[name] = layer
    yield layers
    project.clear()


@pytest.fixture(scope="session", autouse=True)
def _destroy_layers_before_qgis_exits(qgis_app):
    """Destroy the layers while QGIS is still up (see test/qgis/conftest.py)."""
    yield
    import gc

    QgsProject.instance().removeAllMapLayers()
    gc.collect()
