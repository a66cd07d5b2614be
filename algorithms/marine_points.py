"""``twzoning:marinepoints`` (numbered marine points, WGS84 appendix, map) and ``twzoning:comparemarineappendix``.

The rules are in ``core/marine.py`` and ``core/appendix.py`` (RULES.md §5); this module only converts layers,
calls them, and writes the outputs once everything is computed. :func:`render_marine_map` draws the styled sea map
headless (``QgsMapRendererParallelJob``), for the algorithm's OUTPUT_MAP and for ``make demo``.
"""
from __future__ import annotations

import os

import numpy as np
import pandas as pd
import shapely
from qgis import processing
from qgis.core import (
    QgsCategorizedSymbolRenderer,
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsFeatureSink,
    QgsFillSymbol,
    QgsLineSymbol,
    QgsMapRendererParallelJob,
    QgsMapSettings,
    QgsPointXY,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingMultiStepFeedback,
    QgsProcessingOutputNumber,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterFile,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterMultipleLayers,
    QgsProcessingParameterNumber,
    QgsProcessingParameterString,
    QgsProcessingUtils,
    QgsRectangle,
    QgsRendererCategory,
    QgsSingleSymbolRenderer,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QSize
from qgis.PyQt.QtGui import QColor

from ..core import appendix as app
from ..core import marine
from ..core.fileio import atomic_target
from .base import STYLES_DIR, TwZoningAlgorithm, tr
from .layers import layer_display_name, make_fields, memory_layer, point_feature, read_source

MODES = ("", "traversal", "strict")  # "" = the rule set's marine_numbering_mode
WGS84 = "EPSG:4326"
STYLE = "marine_points.qml"


# ================================================================================================================
# Helpers: reading layers in one projected CRS, WGS84 transform
# ================================================================================================================
def _reprojected(value, crs, context, feedback):
    """A layer (from a parameter value or a layer) reprojected to ``crs`` by native:reprojectlayer."""
    result = processing.run(
        "native:reprojectlayer", {"INPUT": value, "TARGET_CRS": crs, "OUTPUT": "memory:"},
        context=context, feedback=feedback, is_child_algorithm=True,
    )
    return QgsProcessingUtils.mapLayerFromString(result["OUTPUT"], context)


def _read_layer(layer, crs, context, feedback, name=None):
    """LayerData of a layer in ``crs`` (reprojected first when its CRS differs)."""
    name = name or layer_display_name(layer)
    if layer.crs() != crs:
        feedback.pushInfo(tr("Reprojecting to the CRS of the first indicator layer: ") + name)
        layer = _reprojected(layer, crs, context, feedback)
    return read_source(layer, name)


def _read_param(alg, parameters, key, crs, context, feedback):
    """Geometries of an optional feature-source parameter in ``crs`` (None when not given)."""
    source = alg.parameterAsSource(parameters, key, context)
    if source is None:
        return None
    if source.sourceCrs() != crs:
        layer = _reprojected(parameters[key], crs, context, feedback)
        data = read_source(layer, key)
    else:
        data = read_source(source, key)
    return np.array([g for g in data.geoms if g is not None], dtype=object)


def wgs84_transform(crs, context):
    """``f(x, y) -> (lon, lat)`` arrays, from ``crs`` to WGS84 with the project's transform context."""
    transform = QgsCoordinateTransform(crs, QgsCoordinateReferenceSystem(WGS84), context.transformContext())

    def to_wgs84(x, y):
        out = [transform.transform(QgsPointXY(float(a), float(b))) for a, b in zip(x, y)]
        return np.array([p.x() for p in out]), np.array([p.y() for p in out])

    return to_wgs84


def _optional(alg, parameters, key, context, kind=float):
    """The value of an optional number parameter, or None when it is not set (the rule set's value applies)."""
    value = parameters.get(key)
    if value is None or (hasattr(value, "isNull") and value.isNull()) or str(value).strip() in ("", "NULL"):
        return None
    return alg.parameterAsInt(parameters, key, context) if kind is int else alg.parameterAsDouble(
        parameters, key, context)


# ================================================================================================================
# The map (RULES.md §5.5): rendered headless
# ================================================================================================================
def map_extent(points: np.ndarray, areas: np.ndarray, sea) -> tuple[float, float, float, float]:
    """Extent to show: the sea area when given, else the areas and points, with a 5 % margin."""
    if sea is not None:
        geoms = [sea]
    else:
        geoms = list(areas) + ([shapely.multipoints(points)] if len(points) else [])
    geoms = [g for g in geoms if g is not None and not shapely.is_empty(g)]
    if not geoms:
        return (0.0, 0.0, 1.0, 1.0)
    xmin, ymin, xmax, ymax = shapely.total_bounds(np.array(geoms, dtype=object))
    dx, dy = (xmax - xmin) * 0.05 or 100.0, (ymax - ymin) * 0.05 or 100.0
    return (xmin - dx, ymin - dy, xmax + dx, ymax + dy)


def render_marine_map(path: str, points_layer, areas, mht, sea, crs, scale: float, settings, class_styles: dict,
                      outline_mm: float = 2.0, extent=None, title: str = "") -> str:
    """Render the sea map to a PNG: areas outlined in their class colour (``class_styles``: code → (colour, name)),
    the mean high tide line, the sea outline, and the numbered points with the plugin's QML (black dot, white
    frame, haloed labels shown where ``label_visible`` = 1). ``areas`` = [(polygon, class_code)]; the map frame is
    ``settings.frame_mm`` at ``scale`` and ``settings.dpi``, centred on ``extent`` (xmin, ymin, xmax, ymax; default
    :func:`map_extent`). Headless: QgsMapRendererParallelJob, waited for."""
    layers = [points_layer]
    if mht is not None and not shapely.is_empty(mht):
        line = memory_layer("MultiLineString", crs, "mht", [], [(mht, [])])
        line.setRenderer(QgsSingleSymbolRenderer(QgsLineSymbol.createSimple(
            {"line_color": "#2b83ba", "line_width": "0.5"})))
        layers.append(line)
    cats, feats = [], []
    for code, (colour, name) in class_styles.items():
        symbol = QgsFillSymbol.createSimple({
            "color": QColor(colour).name() + "33", "outline_color": colour, "outline_width": str(outline_mm),
            "outline_width_unit": "MM",
        })
        symbol.setOpacity(0.85)
        cats.append(QgsRendererCategory(code, symbol, name))
    feats = [(g, [c]) for g, c in areas]
    area_layer = memory_layer("MultiPolygon", crs, "areas", [("class_code", "string")], feats)
    area_layer.setRenderer(QgsCategorizedSymbolRenderer("class_code", cats))
    layers.append(area_layer)
    if sea is not None and not shapely.is_empty(sea):
        sea_layer = memory_layer("MultiPolygon", crs, "sea", [], [(sea, [])])
        sea_layer.setRenderer(QgsSingleSymbolRenderer(QgsFillSymbol.createSimple(
            {"color": "#f4f9fd", "outline_color": "#555555", "outline_width": "0.4"})))
        layers.append(sea_layer)
    ok = points_layer.loadNamedStyle(os.path.join(STYLES_DIR, STYLE))[1]
    if not ok:
        raise RuntimeError("the style " + STYLE + " could not be loaded")
    frame_w, frame_h = settings.frame_mm
    px_w = int(round(frame_w / 25.4 * settings.dpi))
    px_h = int(round(frame_h / 25.4 * settings.dpi))
    if extent is None:
        pts = np.array([[f.geometry().asPoint().x(), f.geometry().asPoint().y()] for f in points_layer.getFeatures()])
        extent = map_extent(pts, np.array([g for g, _c in areas], dtype=object), sea)
    centre = QgsRectangle(*extent).center()
    half_w = frame_w / 1000.0 * scale / 2.0
    half_h = frame_h / 1000.0 * scale / 2.0
    ms = QgsMapSettings()
    ms.setLayers(layers)
    ms.setDestinationCrs(crs)
    ms.setOutputSize(QSize(px_w, px_h))
    ms.setOutputDpi(settings.dpi)
    ms.setBackgroundColor(QColor("#ffffff"))
    ms.setExtent(QgsRectangle(centre.x() - half_w, centre.y() - half_h, centre.x() + half_w, centre.y() + half_h))
    ms.setFlag(QgsMapSettings.Antialiasing, True)
    ms.setFlag(QgsMapSettings.DrawLabeling, True)
    job = QgsMapRendererParallelJob(ms)
    job.start()
    job.waitForFinished()
    image = job.renderedImage()
    present = [c for c in class_styles if any(code == c for _g, code in areas)]
    _decorate(image, title, scale, settings, {c: class_styles[c] for c in present})
    with atomic_target(path) as tmp:
        if not image.save(tmp, "PNG"):
            raise RuntimeError("the map image could not be written: " + path)
    return path


def _nice_length(metres: float) -> float:
    """The largest 1, 2 or 5 × 10^n not above ``metres``."""
    exp = 10 ** np.floor(np.log10(max(metres, 1e-9)))
    return float(max(step * exp for step in (1, 2, 5) if step * exp <= metres))


def _decorate(image, title: str, scale: float, settings, classes: dict) -> None:
    """Title, scale, scale bar and class legend drawn on the rendered image (QPainter; headless-safe)."""
    from qgis.PyQt.QtCore import QRectF, Qt
    from qgis.PyQt.QtGui import QFont, QPainter, QPen

    px_per_mm = settings.dpi / 25.4
    painter = QPainter(image)
    try:
        painter.setRenderHint(QPainter.Antialiasing)
        font = QFont("Noto Sans CJK TC")
        font.setPixelSize(int(5 * px_per_mm))
        font.setBold(True)
        painter.setFont(font)
        painter.setPen(QColor("#000000"))
        margin = 6 * px_per_mm
        painter.drawText(QRectF(margin, margin, image.width() - 2 * margin, 8 * px_per_mm), Qt.AlignLeft, title)
        font.setPixelSize(int(3.5 * px_per_mm))
        font.setBold(False)
        painter.setFont(font)
        bar_m = _nice_length(scale * 0.06)  # at most 6 cm on paper
        bar_px = bar_m / scale * 1000.0 * px_per_mm
        y = image.height() - margin
        pen = QPen(QColor("#000000"))
        pen.setWidthF(0.6 * px_per_mm)
        painter.setPen(pen)
        painter.drawLine(int(margin), int(y), int(margin + bar_px), int(y))
        for x in (margin, margin + bar_px):
            painter.drawLine(int(x), int(y), int(x), int(y - 2 * px_per_mm))
        label = f"{bar_m / 1000:g} km" if bar_m >= 1000 else f"{bar_m:g} m"
        painter.drawText(QRectF(margin, y - 9 * px_per_mm, 120 * px_per_mm, 6 * px_per_mm), Qt.AlignLeft,
                         f"1:{scale:,.0f}    {label}")
        row = 5 * px_per_mm
        x0 = image.width() - margin - 70 * px_per_mm
        y0 = image.height() - margin - row * len(classes)
        for k, (colour, name) in enumerate(classes.values()):
            pen = QPen(QColor(colour))
            pen.setWidthF(0.8 * px_per_mm)
            painter.setPen(pen)
            painter.setBrush(QColor(QColor(colour).name() + "33"))
            painter.drawRect(QRectF(x0, y0 + k * row, 8 * px_per_mm, 3.5 * px_per_mm))
            painter.setPen(QColor("#000000"))
            painter.drawText(QRectF(x0 + 10 * px_per_mm, y0 + k * row - 0.5 * px_per_mm, 60 * px_per_mm, row),
                             Qt.AlignLeft, name)
    finally:
        painter.end()


# ================================================================================================================
# twzoning:marinepoints
# ================================================================================================================
class MarinePoints(TwZoningAlgorithm):
    ALG_ID = "marinepoints"
    GROUP_ID = "marine"

    def displayName(self) -> str:  # noqa: N802 (QGIS API)
        return tr("Number marine points (海洋資源地區轉折點編號)")

    def description(self) -> str:
        return tr(
            "Numbers the turning points (轉折點), junction points (交界點) and circle centres (圓心點) of the marine "
            "resource area indicators and writes the WGS84 coordinate appendix (海洋資源地區-參考坐標附表), as "
            "繪製作業辦法 art. 3 requires (RULES.md §5). Every vertex of a non-round indicator area is a turning "
            "point; a round area (a circle or the buffer of a short segment, as the reef layers publish them) "
            "gets only its centre, marked *; where areas of two classes overlap, the crossings of their outlines "
            "are junction points, numbered once and listed again under every indicator that uses them; points on "
            "the mean high tide line or on an urban-plan boundary are not listed. Numbering runs class by class "
            "(海1-1, 海1-2, 海1-3, 海2, 海3), inside a class by outline traversal per indicator (the Taoyuan "
            "practice) or strictly west to east, north to south. Line indicators (submarine cables) become a "
            "corridor of the rule set's width. Coordinates are computed in the layers' projected CRS and "
            "converted to WGS84 degrees for the table."
        )

    def outputs_help(self):
        return [
            ("OUTPUT_POINTS", tr("one point per table row: number, label (* for centres), point_type, class, "
                                 "indicator, case name, block, row, sheet, remark, lon/lat (WGS84), x/y, "
                                 "class_junction, label_visible, rule_id and reason")),
            ("OUTPUT_TABLE", tr("the appendix: XLSX (one sheet per page) or CSV (UTF-8, first column = sheet), "
                                "columns 編號, X坐標, Y坐標, 備註")),
            ("OUTPUT_DROPPED", tr("points not listed (on the mean high tide line, on an urban-plan boundary, "
                                  "centres outside the sea area), with the rule and the reason")),
            ("OUTPUT_MAP", tr("the styled map of the sea area as a PNG image")),
            ("ROW_COUNT / POINT_COUNT / CENTRE_COUNT / JUNCTION_COUNT / DROPPED_COUNT", tr("counts")),
            ("MAP_SCALE_USED", tr("the print scale denominator used for label thinning and the map")),
        ]

    def initAlgorithm(self, config=None):  # noqa: N802 (QGIS API)
        self.add_param(
            QgsProcessingParameterMultipleLayers(
                "INDICATORS", tr("Marine indicator layers (海洋資源地區劃設參考指標)"), QgsProcessing.TypeVectorAnyGeometry),
            tr("Polygon (or line) layers of the marine indicators, e.g. 人工魚礁區及保護礁區, 海底電纜或管道設置範圍-纜線, "
               "港區範圍, 航道及其疏濬工程範圍. Each layer is recognised by its name (GeoPackage layer name, layer name "
               "or file name) and mapped to its class 海1-1 … 海3; a layer with a class field (CLASS_FIELD) may "
               "instead give the class per feature."),
        )
        self.add_param(
            QgsProcessingParameterString("CLASS_FIELD", tr("Class field (分類欄位)"), defaultValue="class_code",
                                         optional=True),
            tr("For layers whose name is not an indicator: the field holding the class of each feature (a code "
               "such as MAR1_2 or a name such as 海1-2), e.g. class_code of the candidate areas. Such a layer may "
               "also have indicator_id, indicator_name and case_name fields."),
        )
        self.add_param(
            QgsProcessingParameterString("CASE_FIELD", tr("Case name field (案名欄位)"), defaultValue="",
                                         optional=True),
            tr("The field holding the case name (案名) written in the remark, e.g. a reef area's name. Leave empty "
               "to take, per feature, the first non-empty field among the rule set's case fields (case_name, 案名, "
               "名稱, name, PROTECTFAN, REEFNAME …)."),
        )
        self.add_param(
            QgsProcessingParameterString("ROUND_FIELD", tr("Round-area field (圓形面狀欄位)"), defaultValue="",
                                         optional=True),
            tr("Optional field that forces the round-area decision per feature: 1/true/是 = round (only its centre "
               "is listed), 0/false/否 = not round; empty values leave it to the automatic test."),
            advanced=True,
        )
        self.add_param(
            QgsProcessingParameterFeatureSource("MHT", tr("Mean high tide line (平均高潮線)"),
                                                [QgsProcessing.TypeVectorLine, QgsProcessing.TypeVectorPolygon]),
            tr("The mean high tide line. Turning and junction points on it are not listed "
               "(001_f01d2a00176af413.txt:1474)."),
        )
        self.add_param(
            QgsProcessingParameterFeatureSource("URBAN_PLANS", tr("Urban-plan areas (都市計畫範圍)"),
                                                [QgsProcessing.TypeVectorPolygon], optional=True),
            tr("Urban-plan areas; turning and junction points on their boundaries are not listed "
               "(001_f01d2a00176af413.txt:2621)."),
        )
        self.add_param(
            QgsProcessingParameterFeatureSource("SEA_AREA", tr("County sea area (海域管轄範圍)"),
                                                [QgsProcessing.TypeVectorPolygon], optional=True),
            tr("Optional county sea area: indicator areas are clipped to it before numbering (its landward edge "
               "should follow the mean high tide line, so the clip's points there are not listed) and it frames "
               "the map."),
        )
        self.add_param(
            QgsProcessingParameterEnum(
                "MODE", tr("Numbering mode (編號方式)"),
                options=[tr("Rule set default"), tr("Traversal per indicator (逐指標沿外框)"),
                         tr("Strict west to east, north to south (由西向東、由北向南)")],
                defaultValue=0),
            tr("Traversal (DECISIONS.md Q4, the Taoyuan practice): inside a class, indicators ordered by their "
               "westernmost point, each outline followed clockwise from its westernmost (then northernmost) point. "
               "Strict: all new points of a class sorted by longitude, then latitude descending. 'Rule set "
               "default' uses the switch marine_numbering_mode."),
        )
        self.add_param(
            QgsProcessingParameterString("ORDER", tr("Order of the indicator instances (指標案件編號順序)"),
                                         defaultValue="", multiLine=True, optional=True),
            tr("The planner's order of the indicator instances inside each class (DECISIONS.md Q4), one per line "
               "or separated by ';': indicator_id:case_name as in the fields of OUTPUT_POINTS (e.g. "
               "port_area:示範漁港), or a bare indicator_id for every instance of that indicator. Classes keep the "
               "order 海1-1, 海1-2, 海1-3, 海2, 海3; inside a class the listed instances come first, in the order "
               "given, the others follow in the default order. In strict mode only the blocks of the table follow "
               "it, the numbers stay west to east. An identifier that names no instance of the input is refused "
               "with the list of instances. Empty: the default order (westernmost point first)."),
        )
        self.add_param(
            QgsProcessingParameterNumber("START", tr("First number (起始編號)"), QgsProcessingParameterNumber.Integer,
                                         defaultValue=None, optional=True, minValue=0),
            tr("Number of the first point (Taoyuan: 1; the template 表30: 0). Empty: the rule set's "
               "marine_numbering_start (DECISIONS.md Q5)."),
        )
        self.add_param(
            QgsProcessingParameterNumber("CORRIDOR_HALF_WIDTH", tr("Cable corridor half width (m)"),
                                         QgsProcessingParameterNumber.Double, defaultValue=None, optional=True,
                                         minValue=0.01),
            tr("Line indicators (海底電纜或管道設置範圍-纜線) become a corridor this many metres on each side of the "
               "line. Empty: the rule set's value (marine.corridor.half_width, 500 m)."),
        )
        self.add_param(
            QgsProcessingParameterNumber("ON_LINE_TOLERANCE", tr("On-line tolerance (m)"),
                                         QgsProcessingParameterNumber.Double, defaultValue=None, optional=True,
                                         minValue=0.0),
            tr("A point this close to the mean high tide line or an urban-plan boundary lies on it and is not "
               "listed. Empty: the rule set's value (marine.tolerances.on_line, 1 m)."),
            advanced=True,
        )
        self.add_param(
            QgsProcessingParameterNumber("MERGE_TOLERANCE", tr("Same-point tolerance (m)"),
                                         QgsProcessingParameterNumber.Double, defaultValue=None, optional=True,
                                         minValue=0.000001),
            tr("Points this close are one point with one number. Empty: the rule set's value "
               "(marine.tolerances.merge, 0.01 m)."),
            advanced=True,
        )
        self.add_param(
            QgsProcessingParameterNumber("ROUND_TOLERANCE", tr("Round test: maximum deviation (ratio of radius)"),
                                         QgsProcessingParameterNumber.Double, defaultValue=None, optional=True,
                                         minValue=0.0),
            tr("An area is round when its outline stays within this fraction of its radius from the fitted circle "
               "or segment buffer. Empty: the rule set's value (marine.round_test.max_deviation_ratio, 0.075)."),
            advanced=True,
        )
        self.add_param(
            QgsProcessingParameterNumber("LABEL_SPACING", tr("Label spacing at print scale (cm)"),
                                         QgsProcessingParameterNumber.Double, defaultValue=None, optional=True,
                                         minValue=0.5, maxValue=1.0),
            tr("Labels closer than this on the printed map are thinned (0.5-1 cm, 001_f01d2a00176af413.txt:1530); "
               "class junction points are always labelled; thinned points keep their numbers and rows (Q15). "
               "Empty: the rule set's value (0.5 cm)."),
        )
        self.add_param(
            QgsProcessingParameterNumber("MAP_SCALE", tr("Print scale denominator (0 = fit A3)"),
                                         QgsProcessingParameterNumber.Double, defaultValue=0.0, minValue=0.0),
            tr("Scale of the printed sea map (not smaller than 1:800,000, 001_f01d2a00176af413.txt:3553), used for "
               "label thinning and the map image. 0: the smallest round scale at which the sea area (or the "
               "indicators) fit the A3 map frame."),
        )
        self.add_ruleset_params()
        self.add_param(
            QgsProcessingParameterFeatureSink("OUTPUT_POINTS", tr("Marine points (海洋資源地區點位)"),
                                              QgsProcessing.TypeVectorPoint),
            tr("One point per row of the appendix (a junction point listed under two indicators is two features "
               "with the same number), styled for the map."),
        )
        self.add_param(
            QgsProcessingParameterFileDestination(
                "OUTPUT_TABLE", tr("Coordinate appendix (參考坐標附表)"),
                fileFilter=tr("Excel workbook (*.xlsx);;CSV UTF-8 (*.csv)")),
            tr("The appendix table; .xlsx gives one sheet per page titled 海洋資源地區-參考坐標I(WGS84) …, .csv one "
               "file whose first column names the sheet."),
        )
        self.add_param(
            QgsProcessingParameterFeatureSink("OUTPUT_DROPPED", tr("Points not listed"), QgsProcessing.TypeVectorPoint,
                                              optional=True, createByDefault=False),
            tr("The vertices and junction points left out of the table, with the rule and the reason."),
        )
        self.add_param(
            QgsProcessingParameterFileDestination("OUTPUT_MAP", tr("Map image (PNG)"), fileFilter=tr("PNG (*.png)"),
                                                  optional=True, createByDefault=False),
            tr("The sea map rendered at the print scale on an A3 frame: areas outlined in their class colour, the "
               "numbered points as black dots with a white frame and haloed labels."),
        )
        for name, text in (("ROW_COUNT", "Rows of the appendix"), ("POINT_COUNT", "Numbered points"),
                           ("CENTRE_COUNT", "Circle centres"), ("JUNCTION_COUNT", "Junction points"),
                           ("DROPPED_COUNT", "Points not listed"), ("MAP_SCALE_USED", "Print scale denominator")):
            self.add_output(QgsProcessingOutputNumber(name, tr(text)))

    # ------------------------------------------------------------------------------------------------------------
    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802 (QGIS API)
        rules = self.load_rules(parameters, context)
        multi = QgsProcessingMultiStepFeedback(5, feedback)
        layers = self.parameterAsLayerList(parameters, "INDICATORS", context) or []
        if not layers:
            raise QgsProcessingException(tr("Give at least one marine indicator layer (INDICATORS)."))
        crs = layers[0].crs()
        self._check_crs(crs, layer_display_name(layers[0]))
        mode = MODES[self.parameterAsEnum(parameters, "MODE", context)] or None
        spacing = _optional(self, parameters, "LABEL_SPACING", context)
        settings = marine.marine_settings(
            rules, mode=mode, start=_optional(self, parameters, "START", context, int),
            corridor_half_width=_optional(self, parameters, "CORRIDOR_HALF_WIDTH", context),
            on_line_tolerance=_optional(self, parameters, "ON_LINE_TOLERANCE", context),
            merge_tolerance=_optional(self, parameters, "MERGE_TOLERANCE", context),
            round_max_deviation=_optional(self, parameters, "ROUND_TOLERANCE", context),
            label_spacing_cm=spacing,
        )
        class_field = self.parameterAsString(parameters, "CLASS_FIELD", context).strip() or None
        case_field = self.parameterAsString(parameters, "CASE_FIELD", context).strip() or None
        round_field = self.parameterAsString(parameters, "ROUND_FIELD", context).strip() or None

        features, geoms, skipped = self._read_indicators(layers, crs, rules, settings, class_field, case_field,
                                                         round_field, context, multi)
        multi.setCurrentStep(1)
        mht = _read_param(self, parameters, "MHT", crs, context, multi)
        urban = _read_param(self, parameters, "URBAN_PLANS", crs, context, multi)
        sea = _read_param(self, parameters, "SEA_AREA", crs, context, multi)
        if mht is not None and len(mht):
            mht = np.array([shapely.boundary(g) if shapely.get_dimensions(g) == 2 else g for g in mht], dtype=object)
        multi.setCurrentStep(2)
        if feedback.isCanceled():
            return {}
        order = self._order(parameters, context)
        if order:
            feedback.pushInfo(tr("Order of the indicator instances: ") + "; ".join(order))
        try:
            result = marine.number_points(features, geoms, settings, mht=mht, urban=urban, sea=sea,
                                          to_wgs84=wgs84_transform(crs, context), cancelled=feedback.isCanceled,
                                          order=order)
        except marine.Cancelled:
            return {}
        except marine.MarineInputError as exc:
            raise QgsProcessingException(exc.message_en + " / " + exc.message_zh) from exc
        multi.setCurrentStep(3)
        self._report(result, skipped, feedback)
        sea_geom = shapely.union_all(sea) if sea is not None and len(sea) else None
        areas = self._areas(result, features)
        extent = map_extent(result.rows[["x", "y"]].to_numpy(float), np.array([g for g, _c in areas], dtype=object),
                            sea_geom)
        scale = self.parameterAsDouble(parameters, "MAP_SCALE", context)
        if scale <= 0:
            scale = marine.print_scale(extent[2] - extent[0], extent[3] - extent[1], settings)
        if scale > settings.max_scale_denominator:
            feedback.pushWarning(
                tr("The sea area does not fit one A3 sheet at 1:800,000 (the smallest scale allowed, "
                   "001_f01d2a00176af413.txt:3553); the map and label thinning use 1:") + f"{scale:,.0f}. "
                + tr("Split the map into sheets with an index map (001_f01d2a00176af413.txt:1527).")
            )
        rows = result.rows.copy()
        rows["label_visible"] = marine.thin_labels(rows, settings.label_spacing_cm / 100.0 * scale)
        table = app.appendix_table(rows, settings)
        rows.insert(list(rows.columns).index("remark"), "sheet", table["sheet"].to_numpy())
        if feedback.isCanceled():
            return {}

        table_path = self.parameterAsFileOutput(parameters, "OUTPUT_TABLE", context)
        if os.path.splitext(table_path)[1].lower() not in app.TABLE_FORMATS:
            raise QgsProcessingException(tr("The appendix table must be a .xlsx or .csv file: ") + table_path)

        # every output written now that everything is computed
        out_points, dest_points = self._write_points(parameters, context, rows, crs)
        self.style_output(context, dest_points, STYLE)
        out = {"OUTPUT_POINTS": dest_points}
        try:
            app.write_appendix(table_path, table, settings)
        except (OSError, ValueError) as exc:
            raise QgsProcessingException(
                tr("The appendix table could not be written: ") + str(exc) + ". "
                + tr("Choose a folder that exists and that you may write to, and close the file if another "
                     "program (e.g. Excel) has it open.")
            ) from exc
        out["OUTPUT_TABLE"] = table_path
        if parameters.get("OUTPUT_DROPPED"):
            out["OUTPUT_DROPPED"] = self._write_dropped(parameters, context, result.dropped, crs)
        map_path = self.parameterAsFileOutput(parameters, "OUTPUT_MAP", context)
        multi.setCurrentStep(4)
        if map_path:
            styles = {c: (rules.class_by_code(c).color, settings.class_names[c]) for c in settings.class_order}
            outline_mm = float(rules.threshold("class_outline_width_min").value) * 10.0
            layer = self._points_layer(rows, crs)
            mht_geom = shapely.union_all(mht) if mht is not None and len(mht) else None
            title = tr("Marine resource area points (海洋資源地區點位圖)")
            render_marine_map(map_path, layer, areas, mht_geom, sea_geom, crs, scale, settings, styles, outline_mm,
                              extent, title)
            out["OUTPUT_MAP"] = map_path
        multi.setCurrentStep(5)
        stats = result.stats
        out.update({
            "ROW_COUNT": stats["rows"], "POINT_COUNT": stats["numbers"], "CENTRE_COUNT": stats["centres"],
            "JUNCTION_COUNT": stats["junction_numbers"], "DROPPED_COUNT": len(result.dropped),
            "MAP_SCALE_USED": scale,
        })
        return out

    # ------------------------------------------------------------------------------------------------------------
    def _order(self, parameters, context) -> tuple[str, ...]:
        """ORDER as entries: text (one per line or ';'-separated) or, from Python, a list of identifiers."""
        value = parameters.get("ORDER")
        if isinstance(value, (list, tuple)):
            return marine.parse_order(value)
        return marine.parse_order(self.parameterAsString(parameters, "ORDER", context))

    @staticmethod
    def _check_crs(crs, name):
        if not crs.isValid():
            raise QgsProcessingException(tr("The indicator layer has no CRS: ") + name + ". "
                                         + tr("Set its CRS (usually EPSG:3826) first."))
        if crs.isGeographic():
            raise QgsProcessingException(
                tr("The first indicator layer uses a geographic CRS (degrees): ") + name + " (" + crs.authid()
                + "). " + tr("Reproject the indicator layers to EPSG:3826 (TWD97 / TM2) or EPSG:3825 first; "
                             "points and tolerances are computed in metres and converted to WGS84 at the end."))

    def _read_indicators(self, layers, crs, rules, settings, class_field, case_field, round_field, context,
                         feedback):
        tables, geoms, skipped = [], [], []
        for i, layer in enumerate(layers):
            if feedback.isCanceled():
                break
            name = layer_display_name(layer)
            if QgsWkbTypes.geometryType(layer.wkbType()) not in (QgsWkbTypes.PolygonGeometry,
                                                                 QgsWkbTypes.LineGeometry):
                raise QgsProcessingException(
                    tr("The marine indicator layer is neither polygons nor lines: ") + name + ". "
                    + tr("Give the indicator areas (polygons) or lines (submarine cables)."))
            data = _read_layer(layer, crs, context, feedback, name)
            try:
                table, skip, notes = marine.features_from_layer(name, data.attrs, rules, settings, class_field,
                                                                case_field, round_field)
            except marine.MarineInputError as exc:
                raise QgsProcessingException(exc.message_en + " / " + exc.message_zh) from exc
            for zh, en in notes:
                feedback.pushWarning(en + " / " + zh)
            position = pd.Index(data.fids).get_indexer(table.index)
            tables.append(table)
            geoms.append(data.geoms[position])
            skipped.append(skip)
            feedback.pushInfo(name + ": " + str(len(table)) + " " + tr("features used"))
            feedback.setProgress(100.0 * (i + 1) / len(layers))
        features = pd.concat(tables, ignore_index=True) if tables else pd.DataFrame(columns=marine.FEATURE_COLUMNS)
        return features, (np.concatenate(geoms) if geoms else np.array([], dtype=object)), pd.concat(skipped)

    @staticmethod
    def _report(result, skipped, feedback):
        notes = pd.concat([skipped, result.skipped], ignore_index=True)
        for row in notes.head(50).itertuples(index=False):
            feedback.pushWarning(f"{row.layer} #{int(row.fid)}: {row.reason_en} / {row.reason}")
        if len(notes) > 50:
            feedback.pushWarning(tr("More features not used: ") + str(len(notes) - 50))
        s = result.stats
        feedback.pushInfo(
            tr("Rows: ") + str(s["rows"]) + ", " + tr("numbers: ") + str(s["numbers"]) + ", "
            + tr("centres: ") + str(s["centres"]) + ", " + tr("junction points: ") + str(s["junction_numbers"])
            + ", " + tr("not listed (mean high tide line / urban plan / outside): ")
            + f"{s['dropped_mht']} / {s['dropped_urban']} / {s['dropped_outside']}"
        )
        empty = result.pieces.groupby(["layer", "fid"]).size()
        listed = set(zip(result.rows["layer"], result.rows["feature_id"]))
        silent = [key for key in empty.index if key not in listed]
        for layer, fid in silent[:20]:
            feedback.pushWarning(f"{layer} #{fid}: " + tr("every point of this feature lies on the mean high tide "
                                                          "line or an urban-plan boundary; it has no row"))

    @staticmethod
    def _areas(result, features):
        """The areas as numbered (lines as corridors, clipped to the sea) for the map: [(polygon, class_code)]."""
        codes = features["class_code"].to_numpy(dtype=object)
        return [(g, codes[f]) for g, f in zip(result.pieces["geometry"], result.pieces["feature"])]

    def _write_points(self, parameters, context, rows, crs):
        fields = make_fields(marine.POINT_FIELDS)
        sink, dest = self.parameterAsSink(parameters, "OUTPUT_POINTS", context, fields, QgsWkbTypes.Point, crs)
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, "OUTPUT_POINTS"))
        names = [n for n, _k in marine.POINT_FIELDS]
        for values in rows[names].itertuples(index=False):
            record = dict(zip(names, values))
            attrs = [_plain(record[n]) for n in names]
            if not sink.addFeature(point_feature(fields, attrs, record["x"], record["y"]), QgsFeatureSink.FastInsert):
                raise QgsProcessingException(tr("Could not write to the point layer: ") + str(dest))
        return sink, dest

    def _write_dropped(self, parameters, context, dropped, crs):
        fields = make_fields(marine.DROPPED_FIELDS)
        sink, dest = self.parameterAsSink(parameters, "OUTPUT_DROPPED", context, fields, QgsWkbTypes.Point, crs)
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, "OUTPUT_DROPPED"))
        names = [n for n, _k in marine.DROPPED_FIELDS]
        for values in dropped[names].itertuples(index=False):
            record = dict(zip(names, values))
            attrs = [_plain(record[n]) for n in names]
            if not sink.addFeature(point_feature(fields, attrs, record["x"], record["y"]), QgsFeatureSink.FastInsert):
                raise QgsProcessingException(tr("Could not write to the layer of points not listed: ") + str(dest))
        return dest

    @staticmethod
    def _points_layer(rows, crs):
        """The points as a memory layer for the map renderer."""
        kinds = {"text": "string", "integer": "integer", "double": "double"}
        fields = [(n, kinds[k]) for n, k in marine.POINT_FIELDS]
        names = [n for n, _k in marine.POINT_FIELDS]
        feats = [(shapely.Point(r.x, r.y), [_plain(getattr(r, n)) for n in names])
                 for r in rows[names].itertuples(index=False)]
        return memory_layer("Point", crs, "marine_points", fields, feats)


def _plain(value):
    """numpy scalars → Python values; NaN → None."""
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and value != value:
        return None
    return value


# ================================================================================================================
# twzoning:comparemarineappendix
# ================================================================================================================
class CompareMarineAppendix(TwZoningAlgorithm):
    ALG_ID = "comparemarineappendix"
    GROUP_ID = "marine"

    def displayName(self) -> str:  # noqa: N802 (QGIS API)
        return tr("Compare marine appendices (參考坐標附表比對)")

    def description(self) -> str:
        return tr(
            "Reads two marine coordinate appendices (編號, X坐標, Y坐標, 備註; XLSX, or CSV such as the "
            "transcription of a published table) and lists, point by point, what was added, removed, moved or "
            "renumbered. Two points closer than the rule set's same-point tolerance (0.2 m) are the same point; "
            "a number kept in both tables whose point moved less than the move tolerance (5 km) is 'moved'. "
            "Distances are approximate metres on the ground."
        )

    def outputs_help(self):
        return [
            ("OUTPUT", tr("the comparison table (CSV or XLSX by extension): status, old/new number and label, "
                          "old/new lon/lat, distance_m, the indicator blocks listing the point")),
            ("OUTPUT_POINTS", tr("the compared points in WGS84 with the same fields")),
            ("ADDED / REMOVED / MOVED / RENUMBERED / UNCHANGED", tr("number of points per status")),
        ]

    def initAlgorithm(self, config=None):  # noqa: N802 (QGIS API)
        self.add_param(
            QgsProcessingParameterFile("OLD", tr("Published appendix (已公告附表)"),
                                       fileFilter=tr("Tables (*.xlsx *.csv)")),
            tr("The table to compare against, e.g. the official appendix (XLSX or CSV with the columns 編號, "
               "X坐標, Y坐標, 備註, or table, seq, number, x, y, remark)."),
        )
        self.add_param(
            QgsProcessingParameterFile("NEW", tr("New appendix (新附表)"), fileFilter=tr("Tables (*.xlsx *.csv)")),
            tr("The new table, e.g. OUTPUT_TABLE of 'Number marine points'."),
        )
        self.add_ruleset_params()
        self.add_param(
            QgsProcessingParameterFileDestination("OUTPUT", tr("Comparison (比對結果)"),
                                                  fileFilter=tr("CSV UTF-8 (*.csv);;Excel workbook (*.xlsx)")),
            tr("One row per point with its status (added, removed, moved, renumbered, unchanged)."),
        )
        self.add_param(
            QgsProcessingParameterFeatureSink("OUTPUT_POINTS", tr("Compared points"), QgsProcessing.TypeVectorPoint,
                                              optional=True, createByDefault=False),
            tr("The compared points in WGS84 (the new position, or the old one for removed points)."),
        )
        for name in ("ADDED", "REMOVED", "MOVED", "RENUMBERED", "UNCHANGED"):
            self.add_output(QgsProcessingOutputNumber(name, tr("Points: ") + name.lower()))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802 (QGIS API)
        rules = self.load_rules(parameters, context)
        settings = marine.marine_settings(rules)
        tables = {}
        for key in ("OLD", "NEW"):
            path = self.parameterAsFile(parameters, key, context)
            try:
                tables[key] = app.read_appendix(path, settings)
            except app.AppendixError as exc:
                raise QgsProcessingException(tr("The table cannot be read: ") + str(exc)) from exc
            feedback.pushInfo(f"{key}: {path}: {len(tables[key])} " + tr("rows") + ", "
                              + str(tables[key]["number"].nunique()) + " " + tr("numbers"))
        comparison = app.compare_appendices(tables["OLD"], tables["NEW"], settings)
        if feedback.isCanceled():
            return {}
        out_path = self.parameterAsFileOutput(parameters, "OUTPUT", context)
        try:
            app.write_comparison(out_path, comparison)
        except (OSError, ValueError) as exc:
            raise QgsProcessingException(
                tr("The comparison could not be written: ") + str(exc) + ". "
                + tr("Choose a folder that exists and that you may write to, and close the file if another "
                     "program (e.g. Excel) has it open.")
            ) from exc
        out = {"OUTPUT": out_path}
        if parameters.get("OUTPUT_POINTS"):
            fields = make_fields([(c, "double" if c.endswith(("_lon", "_lat", "_m")) else
                                   "integer" if c.endswith("_number") else "text") for c in app.COMPARISON_COLUMNS])
            sink, dest = self.parameterAsSink(parameters, "OUTPUT_POINTS", context, fields, QgsWkbTypes.Point,
                                              QgsCoordinateReferenceSystem(WGS84))
            if sink is None:
                raise QgsProcessingException(self.invalidSinkError(parameters, "OUTPUT_POINTS"))
            for row in comparison.itertuples(index=False):
                values = [None if pd.isna(v) else _plain(v) for v in row]
                x = row.new_lon if not pd.isna(row.new_lon) else row.old_lon
                y = row.new_lat if not pd.isna(row.new_lat) else row.old_lat
                if not sink.addFeature(point_feature(fields, values, float(x), float(y)), QgsFeatureSink.FastInsert):
                    raise QgsProcessingException(tr("Could not write to the compared points: ") + str(dest))
            out["OUTPUT_POINTS"] = dest
        counts = app.comparison_counts(comparison)
        feedback.pushInfo(", ".join(f"{k}: {v}" for k, v in counts.items()))
        out.update({k.upper(): v for k, v in counts.items()})
        return out
