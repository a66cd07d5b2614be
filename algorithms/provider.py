"""The ``twzoning`` Processing provider."""
from __future__ import annotations

import os

from qgis.core import QgsProcessingProvider
from qgis.PyQt.QtGui import QIcon

from .base import tr
from .map_parcel_fields import MapParcelFields
from .validate_inputs import ValidateInputs

ICON = os.path.join(os.path.dirname(os.path.dirname(__file__)), "icons", "twzoning.svg")

#: Every algorithm of the provider, in toolbox order.
ALGORITHMS = (ValidateInputs, MapParcelFields)


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
        for alg in ALGORITHMS:
            self.addAlgorithm(alg())
