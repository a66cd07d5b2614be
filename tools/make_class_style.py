"""Write ``styles/zoning_classes.qml``, the style of the zoning map, from the class colours of the rule set.

Run inside the venv: ``python tools/make_class_style.py``. The colours and names come from
``core/rules/classes.yaml`` (the official 附件二 colours are not in the seeds, so they are a [CONFIG] reading scheme
there), never typed twice: after changing a colour there, regenerate and commit the QML. One category per class
code in canonical order, labelled ``國1 國土保育地區第1類``; the outline is the class colour, darker, 0.26 mm (the
printed map's 0.2-0.5 cm class frames are a layout matter, thresholds class_outline_width_*).
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "test"))

import conftest  # noqa: E402,F401  (registers the checkout as the package ``twzoning``)
from qgis.core import (  # noqa: E402
    QgsApplication,
    QgsCategorizedSymbolRenderer,
    QgsFillSymbol,
    QgsRendererCategory,
    QgsVectorLayer,
)
from qgis.PyQt.QtGui import QColor  # noqa: E402

from twzoning.core import catalogue  # noqa: E402
from twzoning.core.ruleset import default_ruleset  # noqa: E402

OUT = ROOT / "styles" / "zoning_classes.qml"


def class_style(path: Path = OUT) -> int:
    rules = default_ruleset()
    layer = QgsVectorLayer("MultiPolygon?crs=EPSG:3826&field=class_code:string&field=class_name:string",
                           "zoning", "memory")
    categories = []
    for cls in rules.classes:
        fill = QColor(cls.color)
        outline = fill.darker(150)
        symbol = QgsFillSymbol.createSimple({
            "color": f"{fill.red()},{fill.green()},{fill.blue()},255",
            "outline_color": f"{outline.red()},{outline.green()},{outline.blue()},255",
            "outline_width": "0.26",
            "outline_width_unit": "MM",
        })
        label = f"{catalogue.class_name(cls.code, 'short', rules)} {catalogue.class_name(cls.code, 'register', rules)}"
        categories.append(QgsRendererCategory(cls.code, symbol, label))
    layer.setRenderer(QgsCategorizedSymbolRenderer("class_code", categories))
    message, ok = layer.saveNamedStyle(str(path))
    if not ok:
        raise SystemExit(f"could not write {path}: {message}")
    return len(categories)


def main() -> int:
    app = QgsApplication([], False)
    app.initQgis()
    n = class_style()
    print(f"{OUT}: {n} classes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
