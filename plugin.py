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


#: Locales that read the Traditional Chinese translation (QGIS reports ``zh-Hant``; Qt and the OS say ``zh_TW``,
#: ``zh-TW``, ``zh_HK`` …). Compared lower-case with ``-`` read as ``_``.
TRADITIONAL_CHINESE = ("zh_hant", "zh_tw", "zh_hk", "zh_mo")
QM_FILE = os.path.join(PLUGIN_DIR, "i18n", "twzoning_zh-Hant.qm")


def translation_for(locale: str) -> str | None:
    """The .qm file for a locale name, or None for English (the source language, also the fallback).

    ``zh-Hant``, ``zh_TW``, ``zh-TW``, ``zh_HK`` (and ``zh_Hant_TW``, ``zh-Hant-HK``, ``zh_TW.UTF-8`` …) map to
    ``i18n/twzoning_zh-Hant.qm``; Simplified Chinese and every other language get the English strings.
    """
    code = str(locale or "").split(".")[0].replace("-", "_").lower()
    parts = code.split("_")
    if parts[0] != "zh" or len(parts) < 2:
        return None
    if "_".join(parts[:2]) in TRADITIONAL_CHINESE:
        return QM_FILE if os.path.exists(QM_FILE) else None
    return None


def _locale_file() -> str | None:
    """The .qm for the user's QGIS locale (setting ``locale/userLocale``, else the system locale)."""
    locale = QSettings().value("locale/userLocale", "") or QLocale().name()
    return translation_for(str(locale))


class TwZoningPlugin:
    def __init__(self, iface):
        self.iface = iface
        self.provider = None
        self.dock = None
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
        self._add_dock(icon)

    def _add_dock(self, icon):
        """The workflow panel (ui/dock.py) and a checkable menu entry + toolbar button that shows / hides it."""
        from qgis.PyQt.QtCore import Qt

        from .ui.dock import TwZoningDock

        self.dock = TwZoningDock(self.iface, self.iface.mainWindow())
        self.iface.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.dock)
        self.dock.hide()
        action = QAction(icon, QCoreApplication.translate("TwZoning", "Zoning workflow panel (劃設流程面板)"),
                         self.iface.mainWindow())
        action.setObjectName("twzoningDockPanel")
        action.setCheckable(True)
        action.triggered.connect(self.dock.setUserVisible)  # triggered(checked): unload disconnects it
        self.dock.visibilityChanged.connect(action.setChecked)
        self.iface.addPluginToMenu(MENU, action)
        self.iface.addToolBarIcon(action)
        self.actions.append(action)

    def _open_validate(self):
        from qgis import processing

        processing.execAlgorithmDialog("twzoning:validateinputs", {})

    def unload(self):
        if self.dock is not None:
            self.dock.unload()
            self.iface.removeDockWidget(self.dock)
            self.dock.setParent(None)
            self.dock.deleteLater()
            self.dock = None
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
