"""Write ``styles/marine_points.qml``, the style of twzoning:marinepoints' point layer (run in the venv:
``python tools/make_marine_style.py``; the QML is committed, regenerate it after changing this file).

RULES.md §5.5 (``001_f01d2a00176af413.txt:1529-1530``): 「點位編號以黑底白框圓點及白色外框線之文字等方式」 → a black
dot with a white frame and the label text with a white halo; labels are thinned by the algorithm (field
``label_visible``, 0.5-1 cm at print scale, class junction points always kept), so the style shows exactly the
labels marked visible and never lets the labelling engine drop one (``displayAll``); class junction points get the
highest label priority.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
from qgis.core import (  # noqa: E402
    QgsApplication,
    QgsMarkerSymbol,
    QgsPalLayerSettings,
    QgsProperty,
    QgsSingleSymbolRenderer,
    QgsTextBufferSettings,
    QgsTextFormat,
    QgsUnitTypes,
    QgsVectorLayer,
    QgsVectorLayerSimpleLabeling,
)
from qgis.PyQt.QtGui import QColor, QFont  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
STYLES = ROOT / "styles"
QML = STYLES / "marine_points.qml"

# Symbol and label sizes in millimetres at print scale (a design choice, not a rule: the seeds fix the colours only).
DOT_SIZE = 2.2
DOT_FRAME = 0.4
TEXT_SIZE = 7.0
HALO = 0.8
LABEL_DISTANCE = 0.8


def marine_points_style(path: Path = QML) -> None:
    layer = QgsVectorLayer(
        "Point?crs=EPSG:3826&field=label:string&field=label_visible:integer&field=class_junction:integer",
        "marine_points", "memory")
    symbol = QgsMarkerSymbol.createSimple({
        "name": "circle", "color": "#000000", "outline_color": "#ffffff", "outline_width": str(DOT_FRAME),
        "outline_width_unit": "MM", "size": str(DOT_SIZE), "size_unit": "MM",
    })
    layer.setRenderer(QgsSingleSymbolRenderer(symbol))

    settings = QgsPalLayerSettings()
    settings.fieldName = "label"
    settings.placement = QgsPalLayerSettings.OrderedPositionsAroundPoint
    settings.dist = LABEL_DISTANCE
    settings.distUnits = QgsUnitTypes.RenderMillimeters
    settings.displayAll = True
    text = QgsTextFormat()
    font = QFont()
    font.setBold(True)
    text.setFont(font)
    text.setSize(TEXT_SIZE)
    text.setSizeUnit(QgsUnitTypes.RenderPoints)
    text.setColor(QColor("#000000"))
    buffer = QgsTextBufferSettings()
    buffer.setEnabled(True)
    buffer.setSize(HALO)
    buffer.setSizeUnit(QgsUnitTypes.RenderMillimeters)
    buffer.setColor(QColor("#ffffff"))
    text.setBuffer(buffer)
    settings.setFormat(text)
    props = settings.dataDefinedProperties()
    props.setProperty(QgsPalLayerSettings.Show, QgsProperty.fromExpression('"label_visible" = 1'))
    props.setProperty(QgsPalLayerSettings.Priority,
                      QgsProperty.fromExpression('CASE WHEN "class_junction" = 1 THEN 10 ELSE 5 END'))
    settings.setDataDefinedProperties(props)
    layer.setLabeling(QgsVectorLayerSimpleLabeling(settings))
    layer.setLabelsEnabled(True)
    message, ok = layer.saveNamedStyle(str(path))
    if not ok:
        raise SystemExit(f"could not write {path}: {message}")


def main() -> int:
    app = QgsApplication([], False)
    app.initQgis()
    STYLES.mkdir(exist_ok=True)
    marine_points_style()
    print(f"style written: {QML}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
