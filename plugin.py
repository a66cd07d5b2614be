"""The plugin object QGIS creates: registers the Processing provider and the GUI entries, removes them on unload."""
from __future__ import annotations

import os

from qgis.core import Qgis, QgsApplication, QgsMessageLog
from qgis.PyQt.QtCore import QCoreApplication, QLocale, QSettings, QTranslator
from qgis.PyQt.QtGui import QIcon
from qgis.PyQt.QtWidgets import QAction

from .core.deps import install_message, missing_requirements

PLUGIN_DIR = os.path.dirname(__file__)
MENU = "&Taiwan Land Zoning (國土功能分區)"


def _locale_file() -> str | None:
    """The .qm for the user's locale: zh-Hant, zh_TW, zh-TW and zh_HK all use the Traditional Chinese one."""
    locale = QSettings().value("locale/userLocale", QLocale().name()) or ""
    locale = str(locale).replace("-", "_")
    if locale.lower() in ("zh_hant", "zh_tw", "zh_hk", "zh_hant_tw"):
        path = os.path.join(PLUGIN_DIR, "i18n", "twzoning_zh-Hant.qm")
        return path if os.path.exists(path) else None
    return None


class TwZoningPlugin:
    def __init__(self, iface):
        self.iface = iface
        self.provider = None
        self.actions: list[QAction] = []
        self.translator = None
        qm = _locale_file()
        if qm:
            self.translator = QTranslator()
            if self.translator.load(qm):
                QCoreApplication.installTranslator(self.translator)
            else:
                self.translator = None

    # -- Processing (also called by qgis_process, which has no GUI) ---------------------------------------------
    def initProcessing(self):  # noqa: N802 (QGIS API)
        if self.provider is not None:  # QGIS may call this before initGui, which calls it again
            return
        missing = missing_requirements()
        if missing:
            QgsMessageLog.logMessage(install_message(missing), "twzoning", Qgis.Critical)
            return
        from .algorithms.provider import TwZoningProvider

        provider = TwZoningProvider()
        if QgsApplication.processingRegistry().addProvider(provider):
            self.provider = provider
        else:
            QgsMessageLog.logMessage("twzoning: the Processing provider could not be registered", "twzoning",
                                     Qgis.Critical)

    # -- GUI ------------------------------------------------------------------------------------------------------
    def initGui(self):  # noqa: N802 (QGIS API)
        self.initProcessing()
        missing = missing_requirements()
        if missing:
            self.iface.messageBar().pushMessage("twzoning", install_message(missing), Qgis.Critical, 0)
            return
        icon = QIcon(os.path.join(PLUGIN_DIR, "icons", "twzoning.svg"))
        action = QAction(icon, QCoreApplication.translate("TwZoning", "Validate inputs (輸入資料檢查)…"),
                         self.iface.mainWindow())
        action.setObjectName("twzoningValidateInputs")
        action.triggered.connect(self._open_validate)
        self.iface.addPluginToMenu(MENU, action)
        self.iface.addToolBarIcon(action)
        self.actions.append(action)

    def _open_validate(self):
        from qgis import processing

        processing.execAlgorithmDialog("twzoning:validateinputs", {})

    def unload(self):
        for action in self.actions:
            self.iface.removePluginMenu(MENU, action)
            self.iface.removeToolBarIcon(action)
            action.triggered.disconnect()
            action.setParent(None)
            action.deleteLater()
        self.actions = []
        if self.provider is not None:
            if not QgsApplication.processingRegistry().removeProvider(self.provider):
                QgsMessageLog.logMessage("twzoning: the Processing provider was already removed", "twzoning",
                                         Qgis.Info)
            self.provider = None
        if self.translator is not None:
            QCoreApplication.removeTranslator(self.translator)
            self.translator = None
