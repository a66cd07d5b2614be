"""UI tier: the dock panel driven with pytest-qt (offscreen) on the real plugin and the demo county."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from qgis.core import QgsApplication, QgsProject, QgsVectorLayer

_PLUGINS = os.path.join(QgsApplication.pkgDataPath(), "python", "plugins")
if _PLUGINS not in sys.path:
    sys.path.append(_PLUGINS)

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "test" / "data" / "demo_county.gpkg"


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


@pytest.fixture(scope="session")
def qgis_process_profile(tmp_path_factory):
    """An isolated QGIS profile with the plugin enabled, for ``qgis_process`` (tools/setup_profile.sh)."""
    folder = tmp_path_factory.mktemp("qgis-profile")
    subprocess.run(["bash", str(ROOT / "tools" / "setup_profile.sh"), str(folder)], check=True, capture_output=True)
    return folder


def qgis_process(profile, alg_id: str, params: dict) -> dict:
    """Run one algorithm through the headless ``qgis_process`` (tools/qgis_process.sh), as a batch user does: every
    value on the command line (a list as the parameter repeated). Returns the results; fails with its output."""
    args = []
    for key, value in params.items():
        for item in value if isinstance(value, (list, tuple)) else [value]:
            args.append(f"{key}={item}")
    env = dict(os.environ, TWZONING_PROFILE=str(profile))
    proc = subprocess.run([str(ROOT / "tools" / "qgis_process.sh"), "--json", "run", alg_id, "--", *args],
                          capture_output=True, text=True, env=env, timeout=600)
    if proc.returncode != 0:
        raise AssertionError(f"qgis_process {alg_id} failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
    return json.loads(proc.stdout[proc.stdout.index("{"):])["results"]
