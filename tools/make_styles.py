"""Write the QML styles of the plugin's fixed-schema outputs (run inside the venv: ``python tools/make_styles.py``).

The styles are committed; regenerate them after changing this file. Class colours come from the rule set, so the
zoning-map style is built from core/rules/classes.yaml, never typed twice.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
from qgis.core import (  # noqa: E402
    QgsApplication,
    QgsCategorizedSymbolRenderer,
    QgsMarkerSymbol,
    QgsPalLayerSettings,
    QgsRendererCategory,
    QgsTextBufferSettings,
    QgsTextFormat,
    QgsVectorLayer,
    QgsVectorLayerSimpleLabeling,
)
from qgis.PyQt.QtGui import QColor  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
STYLES = ROOT / "styles"


def problems_style() -> None:
    layer = QgsVectorLayer("Point?crs=EPSG:3826&field=code:string&field=severity:string&field=message_zh:string",
                           "problems", "memory")
    categories = []
    for value, label, colour, size in (("error", "錯誤 error", "#d7191c", 3.2), ("warning", "警告 warning", "#fdae61", 2.6)):
        symbol = QgsMarkerSymbol.createSimple({"name": "circle", "color": colour, "outline_color": "#ffffff",
                                               "outline_width": "0.4", "size": str(size)})
        categories.append(QgsRendererCategory(value, symbol, label))
    layer.setRenderer(QgsCategorizedSymbolRenderer("severity", categories))
    settings = QgsPalLayerSettings()
    settings.fieldName = "code"
    text = QgsTextFormat()
    text.setSize(8)
    buffer = QgsTextBufferSettings()
    buffer.setEnabled(True)
    buffer.setColor(QColor("#ffffff"))
    text.setBuffer(buffer)
    settings.setFormat(text)
    layer.setLabeling(QgsVectorLayerSimpleLabeling(settings))
    layer.setLabelsEnabled(True)
    layer.saveNamedStyle(str(STYLES / "problems.qml"))


def main() -> int:
    app = QgsApplication([], False)
    app.initQgis()
    STYLES.mkdir(exist_ok=True)
    problems_style()
    print(f"styles written to {STYLES}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
