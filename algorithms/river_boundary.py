"""``twzoning:riverboundary``: the river area of 國土保育地區第1類 from the three river lines (RULES.md §3.3).

Thin Processing glue around :mod:`core.river`: the modes, the default and the county presets (表17) are rule data
(switches ``river_boundary_mode`` / ``county_river_boundary_mode`` and the ``boundary_mode`` step of the river
indicators); a non-default mode needs a justification text, which is written into every output feature.
"""
from __future__ import annotations

import numpy as np
from qgis.core import (
    QgsFeature,
    QgsFeatureSink,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingMultiStepFeedback,
    QgsProcessingOutputNumber,
    QgsProcessingOutputString,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterString,
    QgsWkbTypes,
)

from ..core import catalogue
from ..core.river import RiverError, boundary_rule, build_river_area, expropriated_parcels, to_area_polygons
from ..core.ruleset import default_ruleset
from .base import TwZoningAlgorithm, tr
from .delineate_classes import to_qgs
from .layers import make_fields, read_source

#: Line parameters: parameter name → (context role, label). The role links the parameter to a line name of the rule.
LINE_PARAMS = (
    ("RIVER_AREA_LINE", "self", "River-area line (河川區域線, green)"),
    ("REGULATION_LINE", "river_regulation_line", "Waterway-regulation plan line (水道治理計畫線, yellow)"),
    ("ACQUISITION_LINE", "river_land_acquisition_line", "Land-acquisition line (用地範圍線, red)"),
)
#: Which river indicator the RIVER_CLASS option reads (option order is an API).
RIVER_CLASSES = (("central_river_area", "Centrally managed river (中央管河川)"),
                 ("county_river_area", "County-managed river (縣市管河川)"))

OUTPUT_FIELDS = [
    ("class_code", "text"),
    ("class_name", "text"),
    ("rule_id", "text"),
    ("indicator_id", "text"),
    ("line", "text"),           # the line this polygon comes from (河川區域線 / 水道治理計畫線 / 用地範圍線 / 徵收清冊)
    ("mode", "text"),
    ("justification", "text"),
    ("scope", "text"),          # 通案 for the default mode, 因地制宜 otherwise
    ("reason", "text"),
    ("reason_en", "text"),
    ("area_m2", "double"),
]


class RiverBoundary(TwZoningAlgorithm):
    ALG_ID = "riverboundary"
    GROUP_ID = "delineation"

    def displayName(self) -> str:  # noqa: N802 (QGIS API)
        return tr("River boundary for class 1 conservation (河川區域國1界線)")

    def description(self) -> str:
        return tr(
            "Builds the river area that becomes 國土保育地區第1類 from the announced river lines, given as polygons or "
            "closed lines: the 河川區域線 (default, closed conclusion of the 38th meeting), the 水道治理計畫線, the "
            "用地範圍線, or the parcels of a 徵收清冊 (expropriation list). Modes: a single line; 最寬 (widest: the union "
            "of the lines supplied, each part labelled with the line it comes from); 分段 (per segment: every feature "
            "is a stretch, and a stretch of a later line in the priority list is used only where no stretch of an "
            "earlier line overlaps it). The mode comes from the county preset (表17) unless MODE overrides it; any mode "
            "other than 河川區域線 requires a justification (繪製說明書理由), written into every output feature."
        )

    def outputs_help(self):
        return [
            ("OUTPUT", tr("the river area: one polygon per part, with the line it comes from, the mode and the "
                          "justification")),
            ("AREA_M2", tr("total area (m², planar)")),
            ("MODE_USED", tr("the mode applied")),
        ]

    def initAlgorithm(self, config=None):  # noqa: N802 (QGIS API)
        rules = default_ruleset()
        br = boundary_rule(rules, RIVER_CLASSES[0][0])
        for name, _role, label in LINE_PARAMS:
            self.add_param(
                QgsProcessingParameterFeatureSource(
                    name, tr(label), [QgsProcessing.TypeVectorPolygon, QgsProcessing.TypeVectorLine], optional=True),
                tr("Polygons, or closed lines (rings); open lines are polygonised together and any that close no "
                   "area are reported."),
            )
        self.add_param(
            QgsProcessingParameterFeatureSource("EXPROPRIATION", tr("Expropriation list (徵收清冊)"),
                                                [QgsProcessing.TypeVectorPolygon, QgsProcessing.TypeVector],
                                                optional=True),
            tr("The expropriated parcels: polygons, or a table with office, section, parcel_no (or parcel_key) "
               "looked up in PARCELS."),
        )
        self.add_param(
            QgsProcessingParameterFeatureSource("PARCELS", tr("Parcels (地籍)"), [QgsProcessing.TypeVectorPolygon],
                                                optional=True),
            tr("The cadastre in the parcel schema; needed only when the expropriation list is a table."),
        )
        self.add_param(
            QgsProcessingParameterEnum("RIVER_CLASS", tr("River"), options=[tr(t) for _i, t in RIVER_CLASSES],
                                       defaultValue=0),
            tr("Central rivers use the switch river_boundary_mode, county rivers county_river_boundary_mode."),
        )
        options = [tr("As the rule set / county preset says")] + [
            f"{zh} ({en})" for zh, en in zip(br.modes, br.modes_en)]
        self.add_param(
            QgsProcessingParameterEnum("MODE", tr("Boundary mode"), options=options, defaultValue=0),
            tr("0 = the mode of the rule set or county preset (表17); otherwise one of the modes (DECISIONS.md Q16). "
               "Any mode other than 河川區域線 needs JUSTIFICATION (or the preset's text)."),
        )
        self.add_param(
            QgsProcessingParameterString("JUSTIFICATION", tr("Justification (繪製說明書理由)"), defaultValue="",
                                         multiLine=True, optional=True),
            tr("Why a line other than the 河川區域線 is used (to be approved by the councils). Empty: the county "
               "preset's 表17 remark, if any."),
        )
        self.add_ruleset_params()
        self.add_param(
            QgsProcessingParameterFeatureSink("OUTPUT", tr("River area (河川區域)"), QgsProcessing.TypeVectorPolygon),
            tr("The river area for 國土保育地區第1類."),
        )
        self.add_output(QgsProcessingOutputNumber("AREA_M2", tr("River area (m²)")))
        self.add_output(QgsProcessingOutputString("MODE_USED", tr("Mode used")))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802 (QGIS API)
        rules = self.load_rules(parameters, context)
        multi = QgsProcessingMultiStepFeedback(3, feedback)
        indicator_id = RIVER_CLASSES[self.parameterAsEnum(parameters, "RIVER_CLASS", context)][0]
        br = boundary_rule(rules, indicator_id)
        choice = self.parameterAsEnum(parameters, "MODE", context)
        override = br.modes[choice - 1] if choice > 0 else None
        try:
            mode, justification = br.resolve(override, self.parameterAsString(parameters, "JUSTIFICATION", context))
        except RiverError as exc:
            raise QgsProcessingException(
                tr("The boundary mode needs a justification: ") + str(exc) + ". "
                + tr("Give JUSTIFICATION (the reason stated in the 繪製說明書).")
            ) from exc
        lines, crs = self._read_lines(parameters, context, br, multi, feedback)
        if multi.isCanceled():
            return {}
        multi.setCurrentStep(2)
        try:
            pieces = build_river_area(lines, mode, line_order=list(br.line_roles), widest=br.widest,
                                      per_segment=br.per_segment, priority=br.priority,
                                      overlap_tolerance=float(rules.threshold("delineation_sliver_max_area").value),
                                      strip_width=br.strip_width)
        except RiverError as exc:
            raise QgsProcessingException(
                tr("The river area cannot be built: ") + str(exc) + ". "
                + tr("Give the layer of that line, or choose another mode.")
            ) from exc
        if multi.isCanceled():
            return {}
        dest, total = self._write(parameters, context, crs, pieces, br, mode, justification, rules)
        feedback.pushInfo(tr("Mode: ") + mode + "; " + tr("area (m²): ") + f"{total:.1f}")
        return {"OUTPUT": dest, "AREA_M2": total, "MODE_USED": mode}

    def _read_lines(self, parameters, context, br, multi, feedback):
        lines, crs = {}, None
        for k, (name, role, _label) in enumerate(LINE_PARAMS):
            source = self.parameterAsSource(parameters, name, context)
            if source is None:
                continue
            crs = crs or source.sourceCrs()
            self._check_crs(source.sourceCrs(), crs, name)
            data = read_source(source, name, multi, progress=(100.0 * k / 4, 25.0))
            line = br.line_of_role(role)
            lines[line] = to_area_polygons(list(data.geoms), line)
            for index, code in lines[line].unused:
                feedback.pushWarning(name + f" #{int(data.fids[index])}: " + tr("not used, it closes no area") +
                                     f" ({code})")
        expro = self.parameterAsSource(parameters, "EXPROPRIATION", context)
        if expro is not None:
            line = br.line_of_role("river_expropriation")
            data = read_source(expro, "EXPROPRIATION", multi, progress=(75.0, 25.0))
            if any(g is not None for g in data.geoms):
                crs = crs or expro.sourceCrs()
                self._check_crs(expro.sourceCrs(), crs, "EXPROPRIATION")
                lines[line] = to_area_polygons(list(data.geoms), line)
            else:
                lines[line], crs = self._expropriation_table(parameters, context, data, line, crs, feedback)
        if crs is None:
            raise QgsProcessingException(tr("Give at least one river line layer."))
        multi.setCurrentStep(1)
        return lines, crs

    def _expropriation_table(self, parameters, context, listing, line, crs, feedback):
        parcels = self.parameterAsSource(parameters, "PARCELS", context)
        if parcels is None:
            raise QgsProcessingException(
                tr("The expropriation list is a table: give PARCELS to find its parcels by office, section and "
                   "parcel_no."))
        crs = crs or parcels.sourceCrs()
        self._check_crs(parcels.sourceCrs(), crs, "PARCELS")
        data = read_source(parcels, "PARCELS", fields=["office", "section", "parcel_no"])
        try:
            found, missing = expropriated_parcels(listing.attrs, data.attrs, np.asarray(data.geoms, dtype=object))
        except RiverError as exc:
            raise QgsProcessingException(str(exc)) from exc
        if missing:
            feedback.pushWarning(tr("Parcels of the expropriation list not found in PARCELS: ") + ", ".join(missing))
        return to_area_polygons(found, line), crs

    @staticmethod
    def _check_crs(crs, expected, name):
        if not crs.isValid() or crs.isGeographic():
            raise QgsProcessingException(
                name + ": " + tr("a projected CRS in metres is required (EPSG:3826 / EPSG:3825); reproject the layer "
                                 "first (native:reprojectlayer)."))
        if crs != expected:
            raise QgsProcessingException(
                name + ": " + tr("all layers must share one CRS; reproject it first (native:reprojectlayer)."))

    def _write(self, parameters, context, crs, pieces, br, mode, justification, rules):
        fields = make_fields(OUTPUT_FIELDS)
        sink, dest = self.parameterAsSink(parameters, "OUTPUT", context, fields, QgsWkbTypes.MultiPolygon, crs)
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, "OUTPUT"))
        ind = rules.indicator(br.indicator_id)
        code = ind.target("land")
        scope = "通案" if mode == br.national_mode else "因地制宜"
        total = 0.0
        for piece in pieces:
            area = float(piece.geometry.area)
            total += area
            zh = f"{ind.name}：依「{mode}」劃設，本範圍取自{piece.line}" + (f"；理由：{justification}" if justification else "")
            en = f"{ind.name_en}: mode {mode}, this part from the {piece.line}" + (
                f"; justification: {justification}" if justification else "")
            feature = QgsFeature(fields)
            feature.setAttributes([code, catalogue.class_name(code, "register", rules), br.rule_id, ind.id, piece.line,
                                   mode, justification, scope, zh, en, area])
            feature.setGeometry(to_qgs(piece.geometry))
            if not sink.addFeature(feature, QgsFeatureSink.FastInsert):
                raise QgsProcessingException(tr("Could not write to the output: ") + str(dest))
        return dest, total
