"""``twzoning:ruralunits``: 鄉村區單元 and special-purpose-zone units (RULES.md §4.1, §4.2; DECISIONS.md Q9, Q10).

Thin Processing glue around :func:`core.units.build_units`.
"""
from __future__ import annotations

import pandas as pd
from qgis.core import (
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingMultiStepFeedback,
    QgsProcessingOutputNumber,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
)

from ..core.decisions import CANDIDATE_LIST_FIELDS, UNIT_FIELDS
from ..core.parcels import GEOMETRY
from ..core.units import build_units
from .assign_parcels import output_fields, read_frame, reprojected, write_frames
from .base import TwZoningAlgorithm, tr
from .layers import layer_display_name, make_fields
from .sporadic_land import (
    add_candidate_outputs,
    add_decision_params,
    candidate_fields,
    decide,
    write_xlsx,
)


class RuralUnits(TwZoningAlgorithm):
    ALG_ID = "ruralunits"
    GROUP_ID = "parcels"

    def displayName(self) -> str:  # noqa: N802 (QGIS API)
        return tr("Rural-district and special-purpose units (鄉村區單元)")

    def description(self) -> str:
        return tr(
            "Builds the 鄉村區單元 (城2-1 / 城3 / 農4) and the special-purpose-zone units (城2-1) on the parcel pieces, "
            "from the parcels' former zone (nu_zone 鄉村區 / 特定專用區), and decides their sporadic land. Narrow "
            "transport or water land sticking out of a district is cut off to the neighbouring class (RDU-EXCL, "
            "SPZ-X); special-use land outside every special-purpose zone is never 城2-1 (SPZ-C); districts close to "
            "each other and separated only by 產業道路, 既成巷道 or 農水路 form one unit and the land between joins "
            "it (RDU-GAP, SPZ-3); parcels indented into a rural district up to 1 ha (RDU-UNIT), roads and waterways "
            "inside a special-purpose zone (SPZ-1) and land enclosed on four sides under 1 ha (SPZ-2) are proposed "
            "for inclusion. Per unit the cumulative inclusion not refused by the planner is compared with 1 ha and "
            "with 50 % of the original area (RDU-CUM, DECISIONS.md Q10): up to 1 ha the inclusions are accepted "
            "(standard response (3) of 表31), above it and up to 50 % they stay proposed for the council (4), above "
            "50 % they are refused (5); a special-purpose unit must reach 2 ha after its inclusions and merges "
            "(SPZ-D): zones that 'Delineate classes' keeps as 城2-1 pending SPZ-D (pending_rule) stay 城2-1 when "
            "their unit does and otherwise go back to their fallback_class, the class of the general conditions. "
            "County presets add their "
            "rules (Taoyuan 納6, 納8, 不納入). Other rules worded 「得」 only propose; the planner answers in "
            "DECISIONS, which overrides every default. The geometric tests and their parameters are those of "
            "RULES.md §4.4 (thresholds concave_closing_radius, enclosed_min_perimeter_share, "
            "narrow_protrusion_max_width, unit_gap_max_width in the rule set)."
        )

    def outputs_help(self):
        return [
            ("OUTPUT", tr("the parcel pieces after the accepted decisions (same fields as INPUT)")),
            ("OUTPUT_UNITS", tr("one feature per unit: original area, cumulative inclusion, its share, the "
                                "standard response and status")),
            ("OUTPUT_CANDIDATES", tr("the candidate list (with the CANDIDATES given, if any)")),
            ("OUTPUT_XLSX", tr("the candidate list and the units as an Excel workbook")),
            ("UNIT_COUNT", tr("number of units")),
            ("CANDIDATE_COUNT", tr("number of candidates of this algorithm")),
        ]

    def initAlgorithm(self, config=None):  # noqa: N802 (QGIS API)
        self.add_param(
            QgsProcessingParameterFeatureSource("INPUT", tr("Parcel pieces"), [QgsProcessing.TypeVectorPolygon]),
            tr("The parcel pieces of 'Assign parcels to classes' or of 'Sporadic land' (their OUTPUT)."),
        )
        self.add_param(
            QgsProcessingParameterFeatureSource("CANDIDATES", tr("Earlier candidates"),
                                                [QgsProcessing.TypeVectorPolygon], optional=True),
            tr("The OUTPUT_CANDIDATES of 'Sporadic land': they are copied into this algorithm's candidate list, so "
               "the last list of the chain holds every candidate."),
        )
        add_decision_params(self)
        self.add_ruleset_params()
        self.add_param(
            QgsProcessingParameterFeatureSink("OUTPUT", tr("Parcel pieces after the units"),
                                              QgsProcessing.TypeVectorPolygon),
            tr("The parcel pieces with the accepted decisions applied; same fields as INPUT."),
        )
        self.add_param(
            QgsProcessingParameterFeatureSink("OUTPUT_UNITS", tr("Units (鄉村區單元)"), QgsProcessing.TypeVectorPolygon),
            tr("One feature per unit (districts + inclusions not refused − exclusions not refused)."),
        )
        add_candidate_outputs(self)
        self.add_output(QgsProcessingOutputNumber("UNIT_COUNT", tr("Units")))
        self.add_output(QgsProcessingOutputNumber("CANDIDATE_COUNT", tr("Candidates")))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802 (QGIS API)
        rules = self.load_rules(parameters, context)
        multi = QgsProcessingMultiStepFeedback(3, feedback)
        done = decide(self, parameters, context, multi, rules, build_units,
                      prepare=lambda source: self._earlier(parameters, context, source.sourceCrs(), multi))
        if done is None:
            return {}
        source, earlier, result = done
        for status, n in result.units["status"].value_counts().items():
            multi.pushInfo(tr("Units with status ") + f"{status}: {n}")
        crs = source.sourceCrs()
        cands = result.candidates
        if earlier is not None and not earlier.empty:
            cands = pd.concat([earlier, cands], ignore_index=True) if not cands.empty else earlier
        dest, dest_u, dest_c = write_frames(self, parameters, context, [
            ("OUTPUT", result.pieces, output_fields(source.fields(), []), crs, True),
            ("OUTPUT_UNITS", result.units, make_fields(UNIT_FIELDS), crs, True),
            ("OUTPUT_CANDIDATES", cands, candidate_fields(), crs, True)])
        self.style_output(context, dest, "parcels.qml")
        self.style_output(context, dest_u, "parcels.qml")
        self.style_output(context, dest_c, "candidates.qml")
        out = {"OUTPUT": dest, "OUTPUT_UNITS": dest_u, "OUTPUT_CANDIDATES": dest_c, "UNIT_COUNT": len(result.units),
               "CANDIDATE_COUNT": len(result.candidates)}
        xlsx = self.parameterAsFileOutput(parameters, "OUTPUT_XLSX", context)
        if xlsx:
            write_xlsx(xlsx, cands, rules, result.units)
            out["OUTPUT_XLSX"] = xlsx
        multi.setCurrentStep(3)
        return out

    def _earlier(self, parameters, context, crs, feedback):
        """The earlier candidate list (CANDIDATES), checked to have the candidate fields."""
        if not parameters.get("CANDIDATES"):
            return None
        source = self.parameterAsSource(parameters, "CANDIDATES", context)
        if source is None:
            raise QgsProcessingException(self.invalidSourceError(parameters, "CANDIDATES"))
        source = reprojected(self, parameters, "CANDIDATES", source, crs, context, feedback)
        layer = self.parameterAsVectorLayer(parameters, "CANDIDATES", context)
        name = layer_display_name(layer) if layer is not None else "CANDIDATES"
        _data, df = read_frame(source, name, None, tr("candidates"), allow_empty=True)
        needed = [n for n, _k in CANDIDATE_LIST_FIELDS]
        missing = [n for n in needed if n not in df.columns]
        if missing:
            raise QgsProcessingException(
                tr("The layer ") + f"'{name}' " + tr("is not a candidate list (OUTPUT_CANDIDATES of "
                                                    "twzoning:sporadicland); missing fields: ") + ", ".join(missing)
            )
        return df[[*needed, GEOMETRY]]
