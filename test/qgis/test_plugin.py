"""The plugin object: provider registration, GUI entries, and an unload that leaves nothing behind."""
from __future__ import annotations

from qgis.core import QgsApplication


def _twzoning_actions(iface):
    window = iface.mainWindow()
    from qgis.PyQt.QtWidgets import QAction

    return [a for a in window.findChildren(QAction) if a.objectName().startswith("twzoning")]


def test_load_and_unload_leave_nothing(plugin, qgis_iface):
    registry = QgsApplication.processingRegistry()
    others = {p.id() for p in registry.providers()} - {"twzoning"}
    plugin.initGui()  # calls initProcessing again: must not register twice
    assert [p.id() for p in registry.providers()].count("twzoning") == 1
    ids = {a.id() for a in registry.providerById("twzoning").algorithms()}
    assert {"twzoning:validateinputs", "twzoning:mapparcelfields"} <= ids
    assert len(plugin.actions) == 2 and len(_twzoning_actions(qgis_iface)) == 2  # validate dialog + dock panel
    plugin.unload()
    assert registry.providerById("twzoning") is None
    assert {p.id() for p in registry.providers()} == others
    assert plugin.actions == []
    assert _twzoning_actions(qgis_iface) == []
    plugin.initProcessing()  # restore the provider for the rest of the session
    assert registry.providerById("twzoning") is not None


def test_provider_metadata(plugin):
    provider = QgsApplication.processingRegistry().providerById("twzoning")
    assert provider.id() == "twzoning"
    assert "國土功能分區" in provider.longName()
    assert not provider.icon().isNull()
