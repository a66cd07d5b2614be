"""Write the QML styles of the parcel outputs (run inside the venv: ``python tools/make_parcel_styles.py``).

* ``styles/parcels.qml``: parcel pieces, parcels and units (twzoning:assignparcels, sporadicland, ruralunits),
  coloured by ``class_code`` with the class colours of core/rules/classes.yaml (never typed twice); pieces of a split
  parcel (``is_split`` = 1) get a dashed outline.
* ``styles/candidates.qml``: the candidate list, by ``decision`` (proposed / accepted / refused / flagged).

The styles are committed; regenerate them after changing this file or the class colours.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent

from qgis.core import (  # noqa: E402
    QgsApplication,
    QgsCategorizedSymbolRenderer,
    QgsFillSymbol,
    QgsProperty,
    QgsRendererCategory,
    QgsSymbolLayer,
    QgsVectorLayer,
)

STYLES = ROOT / "styles"
#: Candidate decisions: value → (label, fill colour "R,G,B,A", outline colour, outline style).
DECISIONS = (
    ("proposed", "建議（待決定） proposed", "255,215,0,140", "184,134,11,255", "solid"),
    ("accepted", "採納 accepted", "26,150,65,140", "11,93,35,255", "solid"),
    ("refused", "不採納 refused", "215,25,28,90", "165,15,21,255", "dash"),
    ("flagged", "提示 flagged", "0,0,0,0", "197,27,125,255", "dash"),
)


def rgba(hex_colour: str, alpha: int) -> str:
    """``#RRGGBB`` + alpha as the "R,G,B,A" form of QGIS style properties (a "#…" with 8 digits reads as ARGB)."""
    h = hex_colour.lstrip("#")
    return ",".join(str(int(h[i:i + 2], 16)) for i in (0, 2, 4)) + f",{alpha}"


def _ruleset():
    import importlib.util

    spec = importlib.util.spec_from_file_location("twzoning", ROOT / "__init__.py",
                                                  submodule_search_locations=[str(ROOT)])
    module = importlib.util.module_from_spec(spec)
    sys.modules["twzoning"] = module
    spec.loader.exec_module(module)
    from twzoning.core.ruleset import default_ruleset

    return default_ruleset()


def parcels_style(rules) -> None:
    layer = QgsVectorLayer("MultiPolygon?crs=EPSG:3826&field=class_code:string&field=is_split:integer",
                           "parcels", "memory")
    categories = []
    for cls in rules.classes:
        symbol = QgsFillSymbol.createSimple({"color": rgba(cls.color, 180), "outline_color": "64,64,64,255",
                                             "outline_width": "0.1"})
        _split_outline(symbol)
        categories.append(QgsRendererCategory(cls.code, symbol, f"{cls.short} {cls.name}"))
    none = QgsFillSymbol.createSimple({"color": "189,189,189,255", "outline_color": "99,99,99,255", "outline_width": "0.1",
                                       "style": "b_diagonal"})
    categories.append(QgsRendererCategory("", none, "未劃設分區 no class"))
    layer.setRenderer(QgsCategorizedSymbolRenderer("class_code", categories))
    layer.saveNamedStyle(str(STYLES / "parcels.qml"))


def _split_outline(symbol) -> None:
    """Dashed outline where is_split = 1 (a data-defined pen style)."""
    sl = symbol.symbolLayer(0)
    sl.setDataDefinedProperty(QgsSymbolLayer.PropertyStrokeStyle,
                              QgsProperty.fromExpression("CASE WHEN \"is_split\" = 1 THEN 'dash' ELSE 'solid' END"))
    sl.setDataDefinedProperty(QgsSymbolLayer.PropertyStrokeWidth,
                              QgsProperty.fromExpression("CASE WHEN \"is_split\" = 1 THEN 0.4 ELSE 0.1 END"))


def candidates_style() -> None:
    layer = QgsVectorLayer("MultiPolygon?crs=EPSG:3826&field=decision:string", "candidates", "memory")
    categories = []
    for value, label, fill, outline, style in DECISIONS:
        symbol = QgsFillSymbol.createSimple({"color": fill, "outline_color": outline, "outline_width": "0.5",
                                             "outline_style": style})
        categories.append(QgsRendererCategory(value, symbol, label))
    layer.setRenderer(QgsCategorizedSymbolRenderer("decision", categories))
    layer.saveNamedStyle(str(STYLES / "candidates.qml"))


def main() -> int:
    app = QgsApplication([], False)
    app.initQgis()
    STYLES.mkdir(exist_ok=True)
    rules = _ruleset()
    parcels_style(rules)
    candidates_style()
    print(f"styles written to {STYLES}: parcels.qml, candidates.qml")
    return 0


if __name__ == "__main__":
    sys.exit(main())
