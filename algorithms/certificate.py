"""``twzoning:certificate``: the 國土功能分區證明書 (陸域 / 海域) as a PDF through a QGIS print layout."""
from __future__ import annotations

import datetime as dt

import numpy as np
import shapely
from qgis.core import (
    QgsCategorizedSymbolRenderer,
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsFeature,
    QgsFillSymbol,
    QgsGeometry,
    QgsLayoutExporter,
    QgsLayoutFrame,
    QgsLayoutItemLabel,
    QgsLayoutItemManualTable,
    QgsLayoutItemMap,
    QgsLayoutMultiFrame,
    QgsLayoutPoint,
    QgsLayoutSize,
    QgsPalLayerSettings,
    QgsPrintLayout,
    QgsProcessing,
    QgsProcessingAlgorithm,
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingOutputString,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterNumber,
    QgsProcessingParameterString,
    QgsProject,
    QgsRectangle,
    QgsRenderContext,
    QgsRendererCategory,
    QgsSingleSymbolRenderer,
    QgsTableCell,
    QgsTextFormat,
    QgsUnitTypes,
    QgsVectorLayer,
    QgsVectorLayerSimpleLabeling,
)
from qgis.PyQt.QtCore import QRectF, Qt
from qgis.PyQt.QtGui import QColor, QFont, QFontDatabase, QFontMetricsF

from ..core import certificate as cert
from ..core import register as reg
from ..core.fileio import atomic_target
from .base import TwZoningAlgorithm, tr
from .land_register import read_pieces
from .layers import from_shapely

KINDS = ["land", "sea"]
#: Families tried for the Chinese text, in this order (the first one installed is used).
CJK_FAMILIES = ("Noto Sans CJK TC", "Noto Serif CJK TC", "Microsoft JhengHei", "PingFang TC", "Noto Sans TC",
                "AR PL UMing TW", "WenQuanYi Micro Hei", "Noto Sans CJK JP")
# Page geometry (mm, A4 portrait) and column widths of the two tables (they add up to the text width).
PAGE_W, PAGE_H, MARGIN = 210.0, 297.0, 12.0
TEXT_W = PAGE_W - 2 * MARGIN
WIDTHS = {"land": [8, 18, 22, 20, 28, 18, 38, 34], "sea": [8, 44, 30, 20, 42, 42]}
MAP_H = 62.0
CELL_MARGIN, GRID = 1.0, 0.3
HEADER_PT, BODY_PT = 8.0, 7.0
MM_PER_PT = 25.4 / 72.0
#: Closing punctuation never starts a line (it stays at the end of the previous one).
NO_LINE_START = set("，。、；：？！）」』〕】)]}")


def cjk_family() -> str | None:
    families = set(QFontDatabase().families())
    return next((f for f in CJK_FAMILIES if f in families), None)


def cjk_font(family: str) -> QFont:
    """The certificate font. Shaping is off: with it, Qt's PDF writer drops runs of digits and Latin letters from
    the text layer (they print, but pdftotext and copy-paste lose them); CJK text needs no shaping."""
    font = QFont(family)
    font.setStyleStrategy(QFont.PreferNoShaping)
    font.setKerning(False)
    return font


def wrap(text: str, font: QFont, size_pt: float, width_mm: float) -> str:
    """``text`` with line breaks inserted so that no line is wider than ``width_mm`` at ``size_pt`` points
    (measured at 100 px and scaled: advances are linear in the font size)."""
    probe = QFont(font)
    probe.setPixelSize(100)
    metrics = QFontMetricsF(probe)
    limit = width_mm / (size_pt * MM_PER_PT) * 100.0
    lines = []
    for paragraph in text.split("\n"):
        line = ""
        for ch in paragraph:
            if line and ch not in NO_LINE_START and metrics.horizontalAdvance(line + ch) > limit:
                lines.append(line)
                line = ""
            line += ch
        lines.append(line)
    return "\n".join(lines)


def parse_date(text: str, what: str) -> dt.date | None:
    if not text or not text.strip():
        return None
    try:
        return dt.date.fromisoformat(text.strip()[:10])
    except ValueError as exc:
        raise QgsProcessingException(what + tr(" is not an ISO date such as 2025-04-30: ") + text) from exc


class Certificate(TwZoningAlgorithm):
    ALG_ID = "certificate"
    GROUP_ID = "outputs"

    def displayName(self) -> str:  # noqa: N802 (QGIS API)
        return tr("Zoning certificate (國土功能分區證明書)")

    def flags(self):
        # print layouts are rendered in the main thread
        return super().flags() | QgsProcessingAlgorithm.FlagNoThreading

    def description(self) -> str:
        return tr(
            "Prints the zoning certificate of RULES.md §7 as a PDF made with a QGIS print layout. Land (陸域): for "
            "one or more parcels given by key (office|section|parcel_no, provisional numbers as the register "
            "prints them), one row each with township, section, parcel number, the class names in Chinese "
            "numerals one per line with the map's announcement date (DECISIONS.md Q1, Q2), the land-use category "
            "(國土保育用地 when designated), the land-use control notes the pieces imply plus an optional notes "
            "field, and 「屬原區域計畫法編定之○○用地」 plus an optional permit field. Sea (海域): one row per query "
            "area with its vertices in WGS84 and every class it touches. The header holds the applicant, the "
            "case number, the print date and a verification code (a keyed digest of the content), the 說明 block "
            "names the issuing office; a location map shows the parcels over the classes. Urban-plan and "
            "national-park land gets no certificate."
        )

    def outputs_help(self):
        return [
            ("OUTPUT", tr("the certificate as PDF")),
            ("VERIFICATION_CODE", tr("the certificate's verification code (驗證碼)")),
            ("PAGE_COUNT", tr("number of pages")),
        ]

    def initAlgorithm(self, config=None):  # noqa: N802 (QGIS API)
        self.add_param(
            QgsProcessingParameterFeatureSource("INPUT", tr("Assigned parcel pieces or zoning map"),
                                                [QgsProcessing.TypeVectorPolygon]),
            tr("Land: the assigned parcel pieces (parcel schema + piece fields). Sea: the zoning map or pieces "
               "with class_code."),
        )
        self.add_param(
            QgsProcessingParameterEnum("KIND", tr("Certificate (證明書)"),
                                       options=[tr("Land (陸域)"), tr("Sea (海域)")], defaultValue=0),
            tr("Land: rows per parcel (KEYS). Sea: rows per query area (QUERY)."),
        )
        self.add_param(
            QgsProcessingParameterString("KEYS", tr("Parcel keys (地號)"), defaultValue="", optional=True,
                                         multiLine=True),
            tr("Land certificate: the parcels, as office|section|parcel_no (e.g. HB|0388|0012-0000), separated by "
               "';' or new lines; printed in this order."),
        )
        self.add_param(
            QgsProcessingParameterFeatureSource("QUERY", tr("Query areas (查詢範圍)"),
                                                [QgsProcessing.TypeVectorPolygon], optional=True),
            tr("Sea certificate: one polygon per row (序號); its vertices are printed in WGS84."),
        )
        texts = [
            ("APPLICANT", tr("Applicant (申請者)"), tr("The applicant's name printed in the header.")),
            ("COUNTY", tr("County (直轄市、縣（市）)"),
             tr("The county name in the title and case number; empty: the parcels' county (required for sea).")),
            ("COUNTY_CODE", tr("County letter (△)"),
             tr("The county letter of the case number and verification code; empty: the first letter of the "
                "parcels' land-office code (required for sea).")),
            ("AGENCY", tr("Issuing office (○○局（處）)"),
             tr("The office named in 說明 二, e.g. 示範縣政府地政處.")),
            ("PHONE", tr("Telephone (電話)"), tr("The office's telephone number printed in 說明 二.")),
            ("ANNOUNCE_DATE", tr("Map announcement date (公告日期)"),
             tr("ISO date of the zoning map's announcement, printed below the class names (e.g. 2025-04-30).")),
            ("PRINT_DATE", tr("Print date (列印日期)"),
             tr("ISO date printed as 列印日期; empty: SOURCE_DATE_EPOCH if set, else today.")),
        ]
        for name, label, help_text in texts:
            self.add_param(QgsProcessingParameterString(name, label, defaultValue="", optional=True), help_text)
        self.add_param(
            QgsProcessingParameterNumber("SERIAL", tr("Case serial number (案號流水號)"),
                                         QgsProcessingParameterNumber.Integer, defaultValue=1, minValue=0),
            tr("The running number of the case number 列印案號 (the last 4 digits)."),
        )
        fields = [
            ("CONSERVATION_FIELD", tr("Assessment field (國土保育用地評估結果)"),
             tr("Optional field with the 國土保育用地 assessment (1 = change, 0 = keep), as in Land register.")),
            ("NOTES_FIELD", tr("Control notes field (土地使用管制注意事項)"),
             tr("Optional text field with further land-use control notes (permits, consent, county rules), "
                "printed after the notes the tool derives.")),
            ("PERMIT_FIELD", tr("Permit field (許可內容)"),
             tr("Optional text field with the permit granted under the Regional Planning Act, printed after "
                "屬原區域計畫法編定之○○用地.")),
            ("CHANGE_DATE_FIELD", tr("Last change-registration date field (最近異動登記日期)"),
             tr("Optional field with the latest change-registration date, printed below the parcel number.")),
            ("LANDUSE_FIELD", tr("Land-use category field, sea (使用地編定類別)"),
             tr("Sea certificate: optional field with 許可用地（使）/（應） of the zones.")),
        ]
        for name, label, help_text in fields:
            self.add_param(QgsProcessingParameterField(name, label, parentLayerParameterName="INPUT", optional=True),
                           help_text)
        self.add_param(
            QgsProcessingParameterString("VERIFICATION_KEY", tr("Verification key"), defaultValue="", optional=True),
            tr("The issuing office's secret: the verification code becomes an HMAC of the content with it, so only "
               "the office can produce valid codes. Empty: a plain digest."),
            advanced=True,
        )
        self.add_ruleset_params()
        self.add_param(
            QgsProcessingParameterFileDestination("OUTPUT", tr("Certificate (PDF)"), fileFilter=tr("PDF (*.pdf)")),
            tr("The certificate as a PDF file."),
        )
        self.add_output(QgsProcessingOutputString("VERIFICATION_CODE", tr("Verification code")))
        self.add_output(QgsProcessingOutputNumber("PAGE_COUNT", tr("Pages")))

    # ------------------------------------------------------------------------------------------------ content
    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802 (QGIS API)
        rules = self.load_rules(parameters, context)
        family = cjk_family()
        if family is None:
            raise QgsProcessingException(tr("No font with Chinese glyphs is installed, so the certificate cannot be "
                                            "printed. Install one (Debian: apt-get install fonts-noto-cjk)."))
        kind = KINDS[self.parameterAsEnum(parameters, "KIND", context)]
        text = {name: self.parameterAsString(parameters, name, context).strip()
                for name in ("APPLICANT", "COUNTY", "COUNTY_CODE", "AGENCY", "PHONE", "KEYS", "VERIFICATION_KEY")}
        field = {name: self.parameterAsString(parameters, name, context) or None
                 for name in ("CONSERVATION_FIELD", "NOTES_FIELD", "PERMIT_FIELD", "CHANGE_DATE_FIELD",
                              "LANDUSE_FIELD")}
        announce = parse_date(self.parameterAsString(parameters, "ANNOUNCE_DATE", context), tr("ANNOUNCE_DATE"))
        printed = parse_date(self.parameterAsString(parameters, "PRINT_DATE", context), tr("PRINT_DATE"))
        if printed is None:
            printed = reg.produced_time(None).date()
        serial = self.parameterAsInt(parameters, "SERIAL", context)
        source, label, data = read_pieces(self, parameters, context, feedback)
        secret = text["VERIFICATION_KEY"].encode("utf-8") or None
        common = dict(applicant=text["APPLICANT"], agency=text["AGENCY"], phone=text["PHONE"],
                      announce_date=announce, print_date=printed, serial=serial, secret=secret)
        try:
            if kind == "land":
                keys = [k for part in text["KEYS"].replace("\n", ";").split(";") if (k := part.strip())]
                content = cert.land_certificate(
                    data.attrs, rules, keys, county=text["COUNTY"] or None, geoms=data.geoms,
                    conservation_field=field["CONSERVATION_FIELD"], notes_field=field["NOTES_FIELD"],
                    permit_field=field["PERMIT_FIELD"], change_date_field=field["CHANGE_DATE_FIELD"],
                    county_letter=text["COUNTY_CODE"] or None, **common)
                highlight = self._parcel_geometries(data, content)
            else:
                content, highlight = self._sea(parameters, context, data, text, field, rules, common)
        except reg.InputError as exc:
            raise QgsProcessingException(tr("Layer ") + label + ": " + str(exc)) from exc
        for warning in content.warnings:
            feedback.pushWarning(warning)
        if feedback.isCanceled():
            return {}
        path = self.parameterAsFileOutput(parameters, "OUTPUT", context)
        pages = self._export(path, content, source, highlight, family, rules, feedback)
        feedback.pushInfo(tr("Verification code: ") + content.code)
        return {"OUTPUT": path, "VERIFICATION_CODE": content.code, "PAGE_COUNT": pages}

    @staticmethod
    def _parcel_geometries(data, content):
        """(serial, geometry) of each certificate row: the union of the parcel's pieces."""
        out = []
        for n, row in enumerate(content.rows, start=1):
            geoms = [from_shapely(data.geoms[i]) for i in row.pieces if data.geoms[i] is not None]
            out.append((n, QgsGeometry.unaryUnion(geoms)))
        return out

    def _sea(self, parameters, context, data, text, field, rules, common):
        query = self.parameterAsSource(parameters, "QUERY", context)
        if query is None:
            raise QgsProcessingException(tr("The sea certificate needs query areas (QUERY)."))
        if not text["COUNTY"] or not text["COUNTY_CODE"]:
            raise QgsProcessingException(tr("The sea certificate needs COUNTY and COUNTY_CODE (there is no "
                                            "land-office code at sea)."))
        to_zones = QgsCoordinateTransform(query.sourceCrs(), data_crs(self, parameters, context),
                                          context.transformContext())
        to_wgs84 = QgsCoordinateTransform(query.sourceCrs(), QgsCoordinateReferenceSystem("EPSG:4326"),
                                          context.transformContext())
        local, wgs84, highlight = [], [], []
        for n, feature in enumerate(query.getFeatures(), start=1):
            geom = QgsGeometry(feature.geometry())
            g84 = QgsGeometry(geom)
            if geom.transform(to_zones) != 0 or g84.transform(to_wgs84) != 0:
                raise QgsProcessingException(tr("Query area cannot be reprojected: feature ") + str(feature.id()))
            local.append(shapely.from_wkb(bytes(geom.asWkb())))
            wgs84.append(shapely.from_wkb(bytes(g84.asWkb())))
            highlight.append((n, geom))
        if not local:
            raise QgsProcessingException(tr("The query layer has no feature."))
        content = cert.sea_certificate(
            data.attrs, data.geoms, [_first_polygon(g) for g in wgs84],
            np.array([_first_polygon(g) for g in local], dtype=object), rules, county=text["COUNTY"],
            county_letter=text["COUNTY_CODE"], landuse_field=field["LANDUSE_FIELD"],
            notes_field=field["NOTES_FIELD"], permit_field=field["PERMIT_FIELD"], **common)
        return content, highlight

    # ------------------------------------------------------------------------------------------------ layout
    def _export(self, path, content, source, highlight, family, rules, feedback) -> int:
        project = QgsProject()
        project.setCrs(source.sourceCrs())
        layout = QgsPrintLayout(project)
        layout.initializeDefaults()  # one A4 page
        page = layout.pageCollection().page(0)
        page.setPageSize(QgsLayoutSize(PAGE_W, PAGE_H, QgsUnitTypes.LayoutMillimeters))
        y = MARGIN
        self._label(layout, content.title, family, 16, QRectF(MARGIN, y, TEXT_W, 9), bold=True, align=Qt.AlignHCenter)
        y += 11
        self._label(layout, content.applicant, family, 10, QRectF(MARGIN, y, TEXT_W / 2, 6))
        self._label(layout, content.verification, family, 10, QRectF(MARGIN + TEXT_W / 2, y, TEXT_W / 2, 6),
                    align=Qt.AlignRight)
        y += 6
        self._label(layout, content.case_no, family, 10, QRectF(MARGIN, y, TEXT_W, 6))
        y += 6
        self._label(layout, content.print_date, family, 10, QRectF(MARGIN, y, TEXT_W, 6))
        y += 7
        self._label(layout, content.note, family, 8, QRectF(MARGIN, y, TEXT_W, 14))
        y += 16
        map_top = PAGE_H - MARGIN - 8 - MAP_H
        table = self._table(layout, content, family, QRectF(MARGIN, y, TEXT_W, map_top - 4 - y))
        map_layers = self._map_layers(project, source, highlight, rules, family)
        self._map(layout, map_layers, highlight, QRectF(MARGIN, map_top, TEXT_W, MAP_H), family, rules)
        table.recalculateFrameSizes()
        # continuation pages: the table starts at the top margin and runs to the page line
        for frame in table.frames()[1:]:
            page_no = frame.page()
            frame.attemptResize(QgsLayoutSize(TEXT_W, PAGE_H - 2 * MARGIN - 8, QgsUnitTypes.LayoutMillimeters))
            frame.attemptMove(QgsLayoutPoint(MARGIN, MARGIN, QgsUnitTypes.LayoutMillimeters), page=page_no)
        table.recalculateFrameSizes()
        pages = layout.pageCollection().pageCount()
        for i in range(pages):
            text = content.page_template.format(page=i + 1, pages=pages)
            label = self._label(layout, text, family, 8, QRectF(MARGIN, PAGE_H - MARGIN - 4, TEXT_W, 5),
                                align=Qt.AlignRight)
            label.attemptMove(QgsLayoutPoint(MARGIN, PAGE_H - MARGIN - 4, QgsUnitTypes.LayoutMillimeters), page=i)
        settings = QgsLayoutExporter.PdfExportSettings()
        settings.rasterizeWholeImage = False
        settings.forceVectorOutput = True
        settings.exportMetadata = False
        settings.textRenderFormat = QgsRenderContext.TextFormatAlwaysText
        with atomic_target(path) as tmp:
            if QgsLayoutExporter(layout).exportToPdf(tmp, settings) != QgsLayoutExporter.Success:
                raise QgsProcessingException(tr("The certificate PDF could not be written: ") + path)
        return pages

    @staticmethod
    def _label(layout, text, family, size, rect, bold=False, align=Qt.AlignLeft):
        label = QgsLayoutItemLabel(layout)
        label.setText(text)
        font = cjk_font(family)
        font.setPointSizeF(size)
        font.setBold(bold)
        label.setFont(font)
        label.setHAlign(align)
        label.setVAlign(Qt.AlignTop)
        label.attemptSetSceneRect(rect)
        layout.addLayoutItem(label)
        return label

    @staticmethod
    def _table(layout, content, family, rect):
        """The certificate table, with the closing row 「共計 N 筆、以下空白」 (001_f01d2a00176af413.txt:2342). The
        texts are wrapped here, character by character, because the layout table wraps only at spaces and
        Chinese has none."""
        table = QgsLayoutItemManualTable.create(layout)
        layout.addMultiFrame(table)
        table.setCellMargin(CELL_MARGIN)
        table.setGridStrokeWidth(GRID)
        shares = WIDTHS[content.kind]
        room = rect.width() - len(shares) * (2 * CELL_MARGIN + GRID) - GRID
        widths = [room * w / sum(shares) for w in shares]
        header_font, body_font = cjk_font(family), cjk_font(family)
        header_font.setBold(True)
        formats = {}
        for name, font, size in (("header", header_font, HEADER_PT), ("body", body_font, BODY_PT)):
            fmt = QgsTextFormat()
            fmt.setFont(font)
            fmt.setSize(size)
            formats[name] = fmt
        # The header is the first row (the layout table sizes its own header row for one line only).
        header = []
        for title, w in zip(content.columns, widths):
            cell = QgsTableCell(wrap(title, header_font, HEADER_PT, w))
            cell.setTextFormat(formats["header"])
            cell.setBackgroundColor(QColor("#eeeeee"))
            cell.setHorizontalAlignment(Qt.AlignHCenter)
            header.append(cell)
        rows = [header]
        rows += [[QgsTableCell(wrap(cell, body_font, BODY_PT, w)) for cell, w in zip(row.cells, widths)]
                 for row in content.rows]
        rows.append([QgsTableCell("") for _c in content.columns[:-1]]
                    + [QgsTableCell(wrap(content.total, body_font, BODY_PT, widths[-1]))])
        table.setTableContents(rows)
        table.setIncludeTableHeader(False)
        table.setColumnWidths(widths)
        table.setContentTextFormat(formats["body"])
        table.setResizeMode(QgsLayoutMultiFrame.RepeatUntilFinished)
        frame = QgsLayoutFrame(layout, table)
        frame.attemptSetSceneRect(rect)
        table.addFrame(frame)
        return table

    @staticmethod
    def _map_layers(project, source, highlight, rules, family):
        crs = source.sourceCrs().authid()
        extent = QgsRectangle()
        for _n, geom in highlight:
            extent.combineExtentWith(geom.boundingBox())
        pad = max(extent.width(), extent.height(), 100.0)
        extent.grow(pad)
        zones = QgsVectorLayer(f"Polygon?crs={crs}&field=class_code:string", "zones", "memory")
        index = source.fields().indexOf("class_code")
        feats = []
        for feature in source.getFeatures():
            if not feature.hasGeometry() or not feature.geometry().boundingBox().intersects(extent):
                continue
            f = QgsFeature(zones.fields())
            f.setGeometry(feature.geometry())
            f.setAttributes([rules.resolve_class(feature.attributes()[index]) if index >= 0 else None])
            feats.append(f)
        if not zones.dataProvider().addFeatures(feats)[0]:
            raise QgsProcessingException(tr("The location map layer could not be built."))
        categories = []
        for c in rules.classes:
            symbol = QgsFillSymbol.createSimple({"color": c.color, "outline_color": "#666666", "outline_width": "0.1"})
            symbol.setOpacity(0.7)
            categories.append(QgsRendererCategory(c.code, symbol, c.short))
        zones.setRenderer(QgsCategorizedSymbolRenderer("class_code", categories))
        marks = QgsVectorLayer(f"Polygon?crs={crs}&field=serial:integer", "parcels", "memory")
        items = []
        for n, geom in highlight:
            f = QgsFeature(marks.fields())
            f.setGeometry(geom)
            f.setAttributes([n])
            items.append(f)
        if not marks.dataProvider().addFeatures(items)[0]:
            raise QgsProcessingException(tr("The location map layer could not be built."))
        marks.setRenderer(QgsSingleSymbolRenderer(QgsFillSymbol.createSimple(
            {"color": "0,0,0,0", "outline_color": "#e31a1c", "outline_width": "0.6"})))
        labels = QgsPalLayerSettings()
        labels.fieldName = "serial"
        fmt = QgsTextFormat()
        fmt.setFont(cjk_font(family))
        fmt.setSize(9)
        fmt.setColor(QColor("#e31a1c"))  # noqa: QGS202 (QgsTextFormat.setColor returns nothing)
        labels.setFormat(fmt)
        marks.setLabeling(QgsVectorLayerSimpleLabeling(labels))
        marks.setLabelsEnabled(True)
        if len(project.addMapLayers([zones, marks])) != 2:
            raise QgsProcessingException(tr("The location map layers could not be added."))
        return [marks, zones], extent

    def _map(self, layout, layers_extent, highlight, rect, family, rules):
        layers, extent = layers_extent
        item = QgsLayoutItemMap(layout)
        item.attemptSetSceneRect(rect)
        item.setLayers(layers)
        item.setKeepLayerSet(True)
        item.setFrameEnabled(True)
        item.zoomToExtent(extent)
        layout.addLayoutItem(item)
        self._label(layout, rules.certificate["map_title"], family, 8,
                    QRectF(rect.x() + 1, rect.y() + 1, 30, 5))


def data_crs(alg, parameters, context):
    source = alg.parameterAsSource(parameters, "INPUT", context)
    return source.sourceCrs()


def _first_polygon(geom):
    """The outline the certificate prints: the polygon itself, or the largest part of a multipolygon."""
    parts = shapely.get_parts(geom)
    return max(parts, key=lambda g: g.area) if len(parts) else geom
