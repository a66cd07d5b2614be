"""Run inside a real QGIS desktop (``qgis --code``): load state of the plugin, then unload it, then quit.

Writes a JSON report to the path in $TWZONING_DESKTOP_REPORT. Used by test_desktop.py under Xvfb.
"""
import json
import os

import qgis.utils
from qgis.core import QgsApplication
from qgis.PyQt.QtCore import QEvent, QTimer
from qgis.PyQt.QtWidgets import QAction


def _state():
    registry = QgsApplication.processingRegistry()
    provider = registry.providerById("twzoning")
    window = qgis.utils.iface.mainWindow()
    actions = [a.objectName() for a in window.findChildren(QAction) if a.objectName().startswith("twzoning")]
    return {
        "provider": provider is not None,
        "algorithms": sorted(a.id() for a in provider.algorithms()) if provider else [],
        "plugin_loaded": "twzoning" in qgis.utils.plugins,
        "actions": actions,
    }


def _run():
    report = {"loaded": _state()}
    qgis.utils.unloadPlugin("twzoning")
    QgsApplication.processEvents()
    QgsApplication.sendPostedEvents(None, QEvent.DeferredDelete)  # let deleteLater() run
    report["unloaded"] = _state()
    with open(os.environ["TWZONING_DESKTOP_REPORT"], "w", encoding="utf-8") as fh:
        json.dump(report, fh)
    qgis.utils.iface.actionExit().trigger()


QTimer.singleShot(500, _run)
