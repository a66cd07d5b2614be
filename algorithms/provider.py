"""The ``twzoning`` Processing provider.

Algorithms are discovered: every module of this package that defines a :class:`TwZoningAlgorithm` subclass with an
``ALG_ID`` contributes it, so adding an algorithm is adding a file.
"""
from __future__ import annotations

import importlib
import inspect
import os
import pkgutil

from qgis.core import QgsProcessingProvider
from qgis.PyQt.QtGui import QIcon

from .base import TwZoningAlgorithm, tr

ICON = os.path.join(os.path.dirname(os.path.dirname(__file__)), "icons", "twzoning.svg")
_NOT_ALGORITHMS = {"base", "layers", "provider"}


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
