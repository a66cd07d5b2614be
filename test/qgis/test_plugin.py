"""The plugin object: provider registration, GUI entries, and an unload that leaves nothing behind."""
from __future__ import annotations

from qgis.core import QgsApplication

import twzoning


def _twzoning_actions(iface):
    window = iface.mainWindow()
    from qgis.PyQt.QtWidgets import QAction

    return [a for a in window.findChildren(QAction) if a.objectName().startswith("twzoning")]


def test_load_and_unload_leave_nothing(qgis_app, qgis_processing, qgis_iface):
    registry = QgsApplication.processingRegistry()
    before_providers = {p.id() for p in registry.providers()}
    instance = twzoning.classFactory(qgis_iface)
    instance.initProcessing()
    instance.initGui()  # calls initProcessing again: must not register twice
    assert registry.providerById("twzoning") is not None
    assert [a.id() for a in registry.providerById("twzoning").algorithms()] == ["twzoning:validateinputs"]
    assert len(instance.actions) == 1
    instance.unload()
    assert registry.providerById("twzoning") is None
    assert {p.id() for p in registry.providers()} == before_providers
    assert instance.actions == []
    assert _twzoning_actions(qgis_iface) == []


def test_provider_metadata(plugin):
    provider = QgsApplication.processingRegistry().providerById("twzoning")
    assert provider.id() == "twzoning"
    assert "國土功能分區" in provider.longName()
    assert not provider.icon().isNull()
