"""``twzoning:validateinputs``: check the cadastre and the indicator layers before anything else runs."""
from __future__ import annotations

import datetime

from qgis.core import (
    QgsFeatureSink,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingMultiStepFeedback,
    QgsProcessingOutputNumber,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterMultipleLayers,
    QgsProcessingParameterNumber,
    QgsWkbTypes,
)

from ..core import validation as checks
from ..core.fileio import write_text
from ..core.report import validation_html
from . import fastio
from .base import TwZoningAlgorithm, tr
from .layers import layer_display_name, make_fields, point_feature, read_source

#: Fields of the problem layer (ASCII names: they are an API).
PROBLEM_FIELDS = [
    ("code", "text"),
    ("severity", "text"),
    ("layer", "text"),
    ("feature_id", "integer"),
    ("field", "text"),
    ("message_zh", "text"),
    ("message_en", "text"),
]


class ValidateInputs(TwZoningAlgorithm):
    ALG_ID = "validateinputs"
    GROUP_ID = "preparation"

    def displayName(self) -> str:  # noqa: N802 (QGIS API)
        return tr("Validate inputs (輸入資料檢查)")

    def description(self) -> str:
        return tr(
            "Checks the cadastre (地籍) and the delineation indicator layers (劃設參考指標) before any zoning step: "
            "a projected CRS in metres (EPSG:3826 / EPSG:3825), the required parcel fields with usable types and "
            "values, unique parcel keys (地政事務所 + 地段 + 地號), null, empty and invalid geometries, overlapping "
            "parcels, and indicator layers whose names match no known indicator (with the closest names). "
            "Nothing is changed: every problem becomes one feature of the problem layer, with a code and a "
            "message in Chinese and English that says what to do."
        )

    def outputs_help(self):
        return [
            ("OUTPUT", tr("problem layer: one point per problem (at the defect, or no geometry for a field "
                          "problem) with code, severity, layer, feature_id, field, message_zh, message_en")),
            ("OUTPUT_REPORT", tr("the same problems as an HTML report, grouped by layer and code")),
            ("ERROR_COUNT", tr("number of errors (problems that must be corrected)")),
            ("WARNING_COUNT", tr("number of warnings")),
        ]

    def initAlgorithm(self, config=None):  # noqa: N802 (QGIS API)
        self.add_param(
            QgsProcessingParameterFeatureSource(
                "PARCELS", tr("Parcels (地籍)"), [QgsProcessing.TypeVectorPolygon], optional=True
            ),
            tr("The county cadastre, one polygon per parcel, with the fields of the parcel schema (county, town, "
               "office, section, section_name, parcel_no, reg_area, nu_zone, nu_landuse, owner_type). Map a "
               "county's own field names first with 'Refactor fields' and the shipped mapping."),
        )
        self.add_param(
            QgsProcessingParameterMultipleLayers(
                "INDICATORS", tr("Indicator layers (劃設參考指標)"), QgsProcessing.TypeVectorAnyGeometry,
                optional=True,
            ),
            tr("The reference indicator layers (e.g. 水庫蓄水範圍, 自然保留區, 人工魚礁區及保護礁區). Each layer's "
               "indicator is recognised from its name (GeoPackage layer name, layer name or file name) through "
               "the alias dictionary of the rule set."),
        )
        self.add_ruleset_params()
        self.add_param(
            QgsProcessingParameterNumber(
                "OVERLAP_TOLERANCE", tr("Overlap tolerance (m²)"), QgsProcessingParameterNumber.Double,
                defaultValue=checks.default_tolerance("parcel_overlap_min_area"), minValue=0.0,
            ),
            tr("Two parcels are reported as overlapping only when their common area exceeds this many square "
               "metres (absorbs digitising noise)."),
            advanced=True,
        )
        self.add_param(
            QgsProcessingParameterBoolean("FAIL_ON_ERROR", tr("Stop with an error when a problem is found"),
                                          defaultValue=False),
            tr("When checked, the algorithm fails after writing its outputs if any error was found, so a model "
               "or batch run stops before delineation."),
            advanced=True,
        )
        self.add_param(
            QgsProcessingParameterFeatureSink("OUTPUT", tr("Problems"), QgsProcessing.TypeVectorPoint),
            tr("One feature per problem found."),
        )
        self.add_param(
            QgsProcessingParameterFileDestination(
                "OUTPUT_REPORT", tr("Report (HTML)"), fileFilter=tr("HTML files (*.html)"), optional=True,
                createByDefault=False,
            ),
            tr("An HTML report of the problems, grouped by layer and code."),
        )
        self.add_output(QgsProcessingOutputNumber("ERROR_COUNT", tr("Number of errors")))
        self.add_output(QgsProcessingOutputNumber("WARNING_COUNT", tr("Number of warnings")))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802 (QGIS API)
        rules = self.load_rules(parameters, context)
        parcels = self.parameterAsSource(parameters, "PARCELS", context)
        indicator_layers = self.parameterAsLayerList(parameters, "INDICATORS", context) or []
        if parcels is None and not indicator_layers:
            raise QgsProcessingException(
                tr("Nothing to check: give a parcel layer (PARCELS), indicator layers (INDICATORS), or both.")
            )
        tolerance = self.parameterAsDouble(parameters, "OVERLAP_TOLERANCE", context)
        steps = 1 + len(indicator_layers) + 1
        multi = QgsProcessingMultiStepFeedback(steps, feedback)
        problems = []
        checked = []
        parcel_crs = None

        if parcels is not None:
            layer = self.parameterAsVectorLayer(parameters, "PARCELS", context)
            name = layer_display_name(layer) if layer is not None else "PARCELS"
            feedback.pushInfo(tr("Checking the parcel layer: ") + name)
            data = read_source(parcels, name, multi, layer=fastio.gpkg_layer(self, parameters, "PARCELS", context))
            if feedback.isCanceled():
                return {}
            checked.append(name)
            parcel_crs = data.info.crs_authid
            problems += self._check_parcels(data, rules, tolerance, feedback)
        multi.setCurrentStep(1)

        for i, layer in enumerate(indicator_layers):
            if feedback.isCanceled():
                return {}
            name = layer_display_name(layer)
            feedback.pushInfo(tr("Checking the indicator layer: ") + name)
            data = read_source(layer, name, multi, layer=fastio.bulk_readable(layer))
            checked.append(name)
            problems += self._check_indicator(data, rules, parcel_crs)
            multi.setCurrentStep(2 + i)

        if feedback.isCanceled():
            return {}
        counts = checks.summarize(problems)
        sink, dest = self._write_problems(parameters, context, parcels, indicator_layers, problems)
        self.style_output(context, dest, "problems.qml")
        report = self.parameterAsFileOutput(parameters, "OUTPUT_REPORT", context)
        if report:
            self._write_report(report, problems, checked)
        multi.setCurrentStep(steps)
        feedback.pushInfo(tr("Errors: ") + str(counts["errors"]) + ", " + tr("warnings: ") + str(counts["warnings"]))
        if counts["errors"] and self.parameterAsBoolean(parameters, "FAIL_ON_ERROR", context):
            raise QgsProcessingException(
                tr("Input validation found errors: ") + str(counts["errors"]) + ". "
                + tr("See the problem layer for what to correct.")
            )
        result = {"OUTPUT": dest, "ERROR_COUNT": counts["errors"], "WARNING_COUNT": counts["warnings"]}
        if report:
            result["OUTPUT_REPORT"] = report
        return result

    # -- checks ---------------------------------------------------------------------------------------------------
    def _check_parcels(self, data, rules, tolerance, feedback):
        schema = rules.parcel_schema
        found = checks.check_crs(data.info)
        found += checks.check_geometry_kind(data.info, "polygon")
        found += checks.check_fields(data.info, data.field_kinds, schema)
        found += checks.check_values(data.info, data.attrs, schema)
        found += checks.check_duplicate_keys(data.info, data.attrs)
        found += checks.check_geometries(data.info, data.fids, data.geoms)
        if data.info.feature_count == 0 and not len(data.fids):
            found.append(checks.make_problem("LAYER_EMPTY", data.info.name))  # an empty cadastre would assign nothing
        if data.info.crs_is_geographic:
            feedback.pushWarning(tr("The overlap check is skipped: the parcel layer is not in a projected CRS."))
        else:
            found += checks.check_overlaps(data.info, data.fids, data.geoms, data.attrs, tolerance)
        return found

    def _check_indicator(self, data, rules, parcel_crs):
        found = checks.check_crs(data.info, parcel_crs)
        found += checks.check_indicator_layer(data.info, rules)
        match = rules.match_layer(data.info.name)
        if match.kind == "indicator":
            found += checks.check_indicator_geometry(data.info, match.indicator)
        elif match.kind == "context" and match.context is not None:
            geometry = match.context.geometry
            expected = ("polygon", "line") if geometry == "polygon_or_line" else (geometry,)
            found += checks.check_geometry_kind(data.info, expected)
        found += checks.check_geometries(data.info, data.fids, data.geoms)
        return found

    # -- outputs --------------------------------------------------------------------------------------------------
    def _write_problems(self, parameters, context, parcels, indicator_layers, problems):
        crs = parcels.sourceCrs() if parcels is not None else indicator_layers[0].crs()
        fields = make_fields(PROBLEM_FIELDS)
        sink, dest = self.parameterAsSink(parameters, "OUTPUT", context, fields, QgsWkbTypes.Point, crs)
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, "OUTPUT"))
        for p in problems:
            values = [p.code, p.severity, p.layer, p.feature_id, p.field, p.message_zh, p.message_en]
            if not sink.addFeature(point_feature(fields, values, p.x, p.y), QgsFeatureSink.FastInsert):
                raise QgsProcessingException(tr("Could not write to the problem layer: ") + str(dest))
        return sink, dest

    def _write_report(self, path, problems, checked):
        html = validation_html(
            problems,
            title="輸入資料檢查報告 / Input validation report",
            inputs=checked,
            produced_at=datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
        )
        write_text(path, html)
