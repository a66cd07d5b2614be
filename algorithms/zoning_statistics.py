"""``twzoning:zoningstatistics``: the statistics tables of the 繪製說明書 as an XLSX workbook with charts."""
from __future__ import annotations

from qgis.core import (
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingMultiStepFeedback,
    QgsProcessingOutputNumber,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterFileDestination,
)

from ..core import fileio
from ..core import register as reg
from ..core import statistics as stats
from .base import TwZoningAlgorithm, tr
from .land_register import add_produced_at_param, produced_at, read_pieces


class ZoningStatistics(TwZoningAlgorithm):
    ALG_ID = "zoningstatistics"
    GROUP_ID = "outputs"

    def displayName(self) -> str:  # noqa: N802 (QGIS API)
        return tr("Drawing-report statistics (繪製說明書統計)")

    def description(self) -> str:
        return tr(
            "The statistics tables of the 繪製說明書 (繪製作業辦法 art. 5, 表50): per class in canonical order the "
            "number of patches (處數: connected parts of the class, parts touching only at a point counted apart), "
            "the area in hectares and its share of the total; the area per township and class; the register "
            "parcels and registered area per former land-use category and after-drawing category; the buildable "
            "land turned into 國土保育用地 (list and area); and, given the previous version, per class the previous "
            "and current area and the adjusted patches and areas gained and lost (調整處數、面積). Areas are planar "
            "in the layer's projected CRS. The workbook holds a bar chart of the area by class in the class colours "
            "and a stacked chart per township; OUTPUT_CHART writes the class chart as a PNG image as well."
        )

    def outputs_help(self):
        return [
            ("OUTPUT_XLSX", tr("the workbook: one sheet per table, with its title, charts and a 說明 sheet")),
            ("OUTPUT_CHART", tr("the area-by-class bar chart as PNG (optional)")),
            ("TOTAL_AREA_M2", tr("total planar area of the input (m²)")),
            ("PATCH_COUNT", tr("total number of patches")),
        ]

    def initAlgorithm(self, config=None):  # noqa: N802 (QGIS API)
        self.add_param(
            QgsProcessingParameterFeatureSource("INPUT", tr("Assigned parcel pieces or zoning map"),
                                                [QgsProcessing.TypeVectorPolygon]),
            tr("Polygons with class_code (and class_name for the 農4（原） variant): the assigned parcel pieces "
               "(then the township, land-use and 國土保育用地 tables are made too) or the zoning map."),
        )
        self.add_param(
            QgsProcessingParameterFeatureSource("PREVIOUS", tr("Previous version (optional)"),
                                                [QgsProcessing.TypeVectorPolygon], optional=True),
            tr("The previous version of the map or pieces (with class_code), e.g. the county plan's indicative map "
               "or the last exhibited version; gives the table of adjusted patches and areas per class."),
        )
        self.add_param(
            QgsProcessingParameterField("CONSERVATION_FIELD", tr("Assessment field (國土保育用地評估結果)"),
                                        parentLayerParameterName="INPUT", optional=True),
            tr("Optional field with the 國土保育用地 assessment (1 = change, 0 = keep), as in Land register."),
        )
        add_produced_at_param(self)
        self.add_ruleset_params()
        self.add_param(
            QgsProcessingParameterFileDestination("OUTPUT_XLSX", tr("Statistics workbook (XLSX)"),
                                                  fileFilter=tr("Excel workbooks (*.xlsx)")),
            tr("The statistics tables with their charts."),
        )
        self.add_param(
            QgsProcessingParameterFileDestination("OUTPUT_CHART", tr("Area chart (PNG)"),
                                                  fileFilter=tr("PNG images (*.png)"), optional=True,
                                                  createByDefault=False),
            tr("The bar chart of the area by class as an image for the report (needs a font with Chinese glyphs)."),
        )
        self.add_output(QgsProcessingOutputNumber("TOTAL_AREA_M2", tr("Total area (m²)")))
        self.add_output(QgsProcessingOutputNumber("PATCH_COUNT", tr("Number of patches")))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802 (QGIS API)
        multi = QgsProcessingMultiStepFeedback(4, feedback)
        rules = self.load_rules(parameters, context)
        produced = produced_at(self, parameters, context)
        field = self.parameterAsString(parameters, "CONSERVATION_FIELD", context) or None
        _source, label, data = read_pieces(self, parameters, context, multi)
        if feedback.isCanceled():
            return {}
        multi.setCurrentStep(1)
        previous = None
        notes = {"input": label, "crs": data.info.crs_authid, "produced": reg.roc_date(produced, rules, "datetime")}
        if parameters.get("PREVIOUS") and self.parameterAsSource(parameters, "PREVIOUS", context) is not None:
            _p, p_label, p_data = read_pieces(self, parameters, context, multi, name="PREVIOUS")
            if p_data.info.crs_authid != data.info.crs_authid:
                raise QgsProcessingException(
                    tr("The previous version has another CRS than the input; reproject it first: ") + p_label
                )
            previous = (p_data.attrs, p_data.geoms)
            notes["previous"] = p_label
        if rules.local_rules:
            notes["local_rules"] = ", ".join(sorted({r.key for r in rules.local_rules}))
        if feedback.isCanceled():
            return {}
        multi.setCurrentStep(2)
        try:
            result = stats.compute_statistics(data.attrs, data.geoms, rules, previous=previous,
                                              conservation_field=field, notes=notes)
        except reg.InputError as exc:
            raise QgsProcessingException(tr("Layer ") + label + ": " + str(exc)) from exc
        chart_path = self.parameterAsFileOutput(parameters, "OUTPUT_CHART", context)
        chart = None
        if chart_path:
            if stats.cjk_font_family() is None:
                feedback.pushWarning(tr("No font with Chinese glyphs is installed: the chart labels cannot be "
                                        "drawn. Install one (Debian: fonts-noto-cjk)."))
            chart = stats.chart_png(result, rules)
        if feedback.isCanceled():
            return {}
        multi.setCurrentStep(3)
        path = self.parameterAsFileOutput(parameters, "OUTPUT_XLSX", context)
        sheets = stats.write_workbook(path, result, rules, produced)
        feedback.pushInfo(tr("Sheets: ") + ", ".join(sheets))
        out = {"OUTPUT_XLSX": path, "TOTAL_AREA_M2": result.total_area_m2,
               "PATCH_COUNT": sum(p for p, _a in result.figures.values())}
        if chart is not None:
            fileio.write_bytes(chart_path, chart)
            out["OUTPUT_CHART"] = chart_path
        multi.setCurrentStep(4)
        return out
