"""The ``twzoning`` Processing provider.

Algorithms are discovered: every module of this package that defines a :class:`TwZoningAlgorithm` subclass with an
``ALG_ID`` contributes it, so adding an algorithm is adding a file.
"""
from __future__ import annotations

import importlib
import inspect
import os
import pkgutil

from qgis.core import Qgis, QgsMessageLog, QgsProcessingModelAlgorithm, QgsProcessingProvider
from qgis.PyQt.QtGui import QIcon

from .base import TwZoningAlgorithm, tr

ICON = os.path.join(os.path.dirname(os.path.dirname(__file__)), "icons", "twzoning.svg")
_NOT_ALGORITHMS = {"base", "layers", "provider"}
#: Graphical Modeler models shipped with the plugin (issue #12); each ``<stem>.model3`` becomes ``twzoning:<id>``.
MODELS_DIR = os.path.join(os.path.dirname(os.path.dirname(__file__)), "models")


def algorithm_classes() -> list[type[TwZoningAlgorithm]]:
    """Every algorithm class of the package, sorted by id (stable toolbox and test order)."""
    found = {}
    package = __name__.rsplit(".", 1)[0]
    for info in pkgutil.iter_modules([os.path.dirname(__file__)]):
        if info.name in _NOT_ALGORITHMS or info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{package}.{info.name}")
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, TwZoningAlgorithm) and cls.ALG_ID and cls.__module__ == module.__name__:
                found[cls.ALG_ID] = cls
    return [found[k] for k in sorted(found)]


def model_id(path: str) -> str:
    """The stable ASCII algorithm id of a shipped model file: its file name without extension and underscores
    (``zoning_chain.model3`` -> ``zoningchain``)."""
    return os.path.splitext(os.path.basename(path))[0].replace("_", "").lower()


class ShippedModel(QgsProcessingModelAlgorithm):
    """A ``.model3`` file of ``models/`` listed under the twzoning provider with a stable ASCII id; the display
    name is the model's own name (the one the Modeler shows and edits)."""

    def __init__(self, path: str):
        super().__init__()
        self._path = path
        if not self.fromFile(path):
            raise RuntimeError(f"twzoning: the model {path} could not be read")
        self.setSourceFilePath(path)
        self._display = super().name()
        # The model file holds English source texts (official terms in parentheses); they are shown translated,
        # like every other text of the plugin (tools/i18n.py records them when the provider is built).
        for param in self.parameterDefinitions():
            param.setDescription(tr(param.description()))
            if param.help():
                param.setHelp(tr(param.help()))

    def name(self) -> str:
        return model_id(self._path)

    def displayName(self) -> str:  # noqa: N802 (QGIS API)
        return tr(self._display)

    def group(self) -> str:
        return tr(super().group())

    def shortHelpString(self) -> str:  # noqa: N802 (QGIS API)
        return tr(self.helpContent().get("ALG_DESC", ""))

    def createInstance(self):  # noqa: N802 (QGIS API)
        return ShippedModel(self._path)


def model_paths() -> list[str]:
    """The shipped model files, sorted."""
    if not os.path.isdir(MODELS_DIR):
        return []
    return sorted(os.path.join(MODELS_DIR, f) for f in os.listdir(MODELS_DIR) if f.endswith(".model3"))


class TwZoningProvider(QgsProcessingProvider):
    def id(self) -> str:
        return "twzoning"

    def name(self) -> str:
        return tr("Taiwan land zoning (國土功能分區)")

    def longName(self) -> str:  # noqa: N802 (QGIS API)
        return tr("Taiwan Land Zoning Toolkit (國土功能分區劃設工具)")

    def icon(self) -> QIcon:
        return QIcon(ICON)

    def svgIconPath(self) -> str:  # noqa: N802 (QGIS API)
        return ICON

    def loadAlgorithms(self) -> None:  # noqa: N802 (QGIS API)
        for cls in algorithm_classes():
            if not self.addAlgorithm(cls()):
                raise RuntimeError(f"twzoning: algorithm {cls.ALG_ID} could not be added")
        for path in model_paths():
            try:
                model = ShippedModel(path)
            except RuntimeError as exc:  # a broken model file must not take the algorithms down with it
                QgsMessageLog.logMessage(str(exc), "twzoning", Qgis.Critical)
                continue
            if not self.addAlgorithm(model):
                QgsMessageLog.logMessage(f"twzoning: model {path} could not be added (duplicate id?)", "twzoning",
                                         Qgis.Critical)
