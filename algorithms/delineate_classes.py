"""``twzoning:delineateclasses``: every zoning class from its reference indicators, by the rule set (issue #3).

Thin Processing glue: read the layers once (``layers.read_source``), run :func:`core.delineation.delineate`, write
the sinks once at the end (a cancelled run writes nothing). The rules themselves are in ``core/rules/*.yaml``.
"""
from __future__ import annotations

import json
import os
import tempfile

from qgis.core import (
    QgsFeature,
    QgsFeatureSink,
    QgsGeometry,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingMultiStepFeedback,
    QgsProcessingOutputNumber,
    QgsProcessingOutputString,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterMultipleLayers,
    QgsProcessingParameterNumber,
    QgsProcessingParameterString,
    QgsProviderRegistry,
    QgsVectorLayer,
    QgsWkbTypes,
)

from ..core import delineation as core
from ..core.fields import CANDIDATE_FIELDS, ZONE_FIELDS
from ..core.ruleset import RuleSetError, default_ruleset, load_ruleset
from . import fastio
from .base import STYLES_DIR, TwZoningAlgorithm, tr
from .layers import from_shapely, layer_display_name, make_fields, read_source

#: Optional single-layer inputs: parameter name → (label, geometry type, help).
_CONTEXT_INPUTS = (
    ("SEA", "Sea area (海域)", QgsProcessing.TypeVectorPolygon,
     "The county sea area (直轄市、縣（市）海域管轄範圍). 海 classes are drawn only inside it, land classes only outside "
     "it; 海3 is the part no other marine class takes."),
    ("MHT", "Mean high tide line (平均高潮線)", QgsProcessing.TypeVectorLine,
     "The announced mean high tide line (111-04-08), the land/sea boundary: where the sea area reaches landward of "
     "it, that part is land; where a gap lies seaward of it, the gap is sea."),
    ("URBAN_PLANS", "Urban plans (都市計畫範圍)", QgsProcessing.TypeVectorPolygon,
     "Urban-plan boundaries: 城1 inside them (國4 and 農5 from the plan's zoning layer come first). A development-rate "
     "field (都市發展率) lets rural districts within 2 km become 城2-1."),
    ("NATIONAL_PARKS", "National parks (國家公園範圍)", QgsProcessing.TypeVectorPolygon,
     "National-park boundaries (國3)."),
    ("COUNTY", "County boundary (縣市界)", QgsProcessing.TypeVectorPolygon,
     "The county's land extent: indicators are clipped to it and land no condition reaches is reported or filled "
     "(rule LAND-RESID). Without it, the extent of the parcels is used."),
)
#: Thresholds exposed as parameters (DECISIONS.md Q7): parameter → threshold key.
_THRESHOLD_PARAMS = (
    ("AGR1_MIN_AREA", "agr1_min_block_area", "農1 minimum block area (m²)",
     "A 農1 block must be larger than this (「面積規模大於 25 公頃以上」, 250000 m² by default). A value other than "
     "the rule set's is recorded as a local rule (因地制宜)."),
    ("AGR1_MIN_AGRI_SHARE", "agr1_agri_use_share", "農1 minimum agricultural-use share (0-1)",
     "Share of the block's parcel area in agricultural use (current_use), at least this (「農業生產使用面積比例達 "
     "80%」, 0.8 by default). A value other than the rule set's is recorded as a local rule (因地制宜)."),
)


def to_qgs(geom) -> QgsGeometry:
    """A shapely polygon as a multipolygon QgsGeometry (the sinks are MultiPolygon)."""
    try:
        return from_shapely(geom, multi=True)
    except ValueError as exc:
        raise QgsProcessingException(tr("A result polygon could not be converted to a multipolygon.")) from exc


class _Monitor:
    """core.delineation's progress protocol on top of a multi-step feedback (step 0 is reading the layers)."""

    def __init__(self, multi):
        self.multi = multi

    def step(self, index: int, label: str) -> None:
        self.multi.setCurrentStep(1 + index)
        self.multi.pushInfo(tr("Step: ") + label)

    def canceled(self) -> bool:
        return self.multi.isCanceled()


class DelineateClasses(TwZoningAlgorithm):
    ALG_ID = "delineateclasses"
    GROUP_ID = "delineation"

    def displayName(self) -> str:  # noqa: N802 (QGIS API)
        return tr("Delineate classes (分區劃設)")

    def description(self) -> str:
        return tr(
            "Turns the reference indicator layers (劃設參考指標) into the areas of the 19 zoning classes by the rule "
            "set: each layer is recognised from its name (or the indicator field), each indicator's method is applied "
            "(e.g. 其他公有森林區 = 森林區 ∩ 公有 − 國有林事業區 − 保安林 − 林業試驗林 − 大專院校實驗林; 山崩與地滑 only inside "
            "山坡地; 土石流 only by its 影響範圍 polygons; the river area by the county's boundary mode), overlaps are decided "
            "by the order of precedence (劃設順序), 農1/農5/special-purpose zones are tested against their thresholds, "
            "and the pairwise rules apply (國2 ∩ 宜農牧地 in agricultural use → 農3 after grouping within 100 m and "
            "keeping groups ≥ 2 ha; 農2 < 2 ha enclosed by 農1 → 農1; the pending 國1/國2 reassessment behind its "
            "switches). Land classes stay on the land side of the mean high tide line, 海 classes on the sea side; 海3 "
            "is the rest of the sea. Every polygon carries the rule id and the reason (which indicator and case "
            "decided it, which it won over); where a county preset or a changed rule gives a different result from "
            "the national rules, the polygon is marked 因地制宜. Areas are planar in the layers' projected CRS (m²)."
        )

    def outputs_help(self):
        return [
            ("OUTPUT", tr("the zoning map: non-overlapping polygons, one class each, with class_code, class_name, "
                          "rule_id, reason, reason_en, indicator_id, scope, area_m2, pending_rule, fallback_class "
                          "(a special-purpose zone under 2 ha stays 城2-1 pending SPZ-D, the unit test of "
                          "'Rural-district and special-purpose units (鄉村區單元)', with the class it gets if its unit fails)")),
            ("OUTPUT_CANDIDATES", tr("one feature per indicator instance before precedence, with class_code, "
                                     "indicator_id, indicator_name, rule_id, case_name, side, qualifies, reason")),
            ("OUTPUT_STATISTICS", tr("area, share and patch count per class (table)")),
            ("OUTPUT_ISSUES", tr("repaired geometries, unknown layers and rules that could not be applied (table)")),
            ("CLASS_STATISTICS", tr("the statistics as JSON; AREA_M2_<CODE> / PATCHES_<CODE> per class")),
        ]

    def initAlgorithm(self, config=None):  # noqa: N802 (QGIS API)
        self.add_param(
            QgsProcessingParameterMultipleLayers("INDICATORS", tr("Indicator layers (劃設參考指標)"),
                                                 QgsProcessing.TypeVectorAnyGeometry),
            tr("The reference indicator layers (e.g. 水庫蓄水範圍, 自然保留區, 中央管河川區域, 鄉村區, 人工魚礁區及保護礁區) and "
               "context layers (山坡地, 原住民族土地, 河川區域線, 水道治理計畫線, 用地範圍線, 都市計畫使用分區 …). Each layer is "
               "recognised from its name through the alias dictionary of the rule set; an unknown layer stops the run "
               "(or is skipped and reported, see SKIP_UNKNOWN). All layers must share one projected CRS."),
        )
        self.add_param(
            QgsProcessingParameterString("INDICATOR_FIELD", tr("Indicator name field"), defaultValue="",
                                         optional=True),
            tr("Optional: the name of a field whose value names each feature's indicator (for a layer holding several "
               "indicators). Layers without this field are recognised by their name."),
        )
        self.add_param(
            QgsProcessingParameterFeatureSource("PARCELS", tr("Parcels (地籍)"), [QgsProcessing.TypeVectorPolygon],
                                                optional=True),
            tr("The cadastre in the parcel schema (nu_zone 原使用分區, nu_landuse 使用地, owner_type 公有/私有, current_use "
               "國土利用現況 …), for the rules that read parcel attributes: 其他公有森林區, 自來水水質水量保護區 by zone, "
               "鄉村區/特定專用區/工業區/農業區 from the zones, the agricultural-use shares of 農1/農5 and 國2→農3."),
        )
        for name, label, kind, help_text in _CONTEXT_INPUTS:
            self.add_param(QgsProcessingParameterFeatureSource(name, tr(label), [kind], optional=True), tr(help_text))
        self.add_ruleset_params()
        rules = default_ruleset()
        for name, key, label, help_text in _THRESHOLD_PARAMS:
            t = rules.threshold(key)
            self.add_param(
                QgsProcessingParameterNumber(name, tr(label), QgsProcessingParameterNumber.Double,
                                             defaultValue=float(t.value), minValue=0.0,
                                             maxValue=1.0 if t.unit == "ratio" else 1e12),
                tr(help_text),
            )
        sliver = rules.threshold("delineation_sliver_max_area")
        self.add_param(
            QgsProcessingParameterNumber("SLIVER_AREA", tr("Sliver tolerance (m²)"),
                                         QgsProcessingParameterNumber.Double, defaultValue=float(sliver.value),
                                         minValue=0.0),
            tr("Polygons of the map smaller than this are overlay artefacts: each joins the neighbour sharing its "
               "longest boundary (threshold delineation_sliver_max_area of the rule set)."),
            advanced=True,
        )
        self.add_param(
            QgsProcessingParameterBoolean("SKIP_UNKNOWN", tr("Skip unknown layers (report them)"), defaultValue=False),
            tr("When checked, a layer whose name matches no indicator is skipped and listed in UNKNOWN_LAYERS and the "
               "issue table instead of stopping the run."),
            advanced=True,
        )
        self.add_param(
            QgsProcessingParameterFeatureSink("OUTPUT", tr("Zoning classes (國土功能分區)"),
                                              QgsProcessing.TypeVectorPolygon),
            tr("The resolved map: non-overlapping polygons, one class each, with the rule id and reason."),
        )
        self.add_param(
            QgsProcessingParameterFeatureSink("OUTPUT_CANDIDATES", tr("Candidate areas (候選範圍)"),
                                              QgsProcessing.TypeVectorPolygon),
            tr("Every indicator instance that can lead to a class, before precedence."),
        )
        self.add_param(
            QgsProcessingParameterFeatureSink("OUTPUT_STATISTICS", tr("Class statistics (分區統計)"),
                                              QgsProcessing.TypeVector, optional=True, createByDefault=True),
            tr("Area, share and number of patches per class."),
        )
        self.add_param(
            QgsProcessingParameterFeatureSink("OUTPUT_ISSUES", tr("Issues (問題)"), QgsProcessing.TypeVector,
                                              optional=True, createByDefault=True),
            tr("Repaired geometries, unknown layers, missing fields or layers that kept a rule from applying."),
        )
        for out, label in (("LAND_AREA_M2", "Land area delineated (m²)"), ("SEA_AREA_M2", "Sea area delineated (m²)"),
                           ("GAP_AREA_M2", "Land without a class (m²)"), ("ZONE_COUNT", "Number of polygons"),
                           ("ISSUE_COUNT", "Number of issues")):
            self.add_output(QgsProcessingOutputNumber(out, tr(label)))
        self.add_output(QgsProcessingOutputString("CLASS_STATISTICS", tr("Class statistics (JSON)")))
        self.add_output(QgsProcessingOutputString("UNKNOWN_LAYERS", tr("Unknown layers")))
        for cls in rules.classes:
            self.add_output(QgsProcessingOutputNumber(f"AREA_M2_{cls.code}", tr("{cls} area (m²)").format(cls=cls.short)))
            self.add_output(QgsProcessingOutputNumber(f"PATCHES_{cls.code}", tr("{cls} patches").format(cls=cls.short)))

    # ------------------------------------------------------------------------------------------------------------
    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802 (QGIS API)
        multi = QgsProcessingMultiStepFeedback(len(core.STEPS) + 2, feedback)
        rules, national = self._rules(parameters, context)
        inputs, crs = self._read_inputs(parameters, context, multi)
        if multi.isCanceled():
            return {}
        try:
            result = core.delineate(
                inputs, rules,
                sliver_area=self.parameterAsDouble(parameters, "SLIVER_AREA", context),
                skip_unknown=self.parameterAsBoolean(parameters, "SKIP_UNKNOWN", context),
                national=national, monitor=_Monitor(multi),
            )
        except core.Cancelled:
            return {}
        except core.DelineationError as exc:
            raise QgsProcessingException(exc.message_en + "\n" + exc.message_zh) from exc
        if multi.isCanceled():
            return {}
        multi.setCurrentStep(len(core.STEPS) + 1)
        for issue in result.issues:
            text = f"[{issue.code}] {issue.layer}{'#' + str(issue.feature_id) if issue.feature_id is not None else ''}: "
            if issue.severity == "info":
                feedback.pushInfo(text + issue.message_en)
            else:
                feedback.pushWarning(text + issue.message_en)
        return self._write(parameters, context, result, crs)

    def _rules(self, parameters, context):
        """The rule set (with threshold parameters as an overlay when they differ) and the national rules."""
        base = self.load_rules(parameters, context)
        changed = {}
        for name, key, _label, _help in _THRESHOLD_PARAMS:
            value = self.parameterAsDouble(parameters, name, context)
            if abs(value - float(base.threshold(key).value)) > 1e-12:
                changed[key] = value
        if not changed:
            return base, default_ruleset()
        overlay = self.parameterAsFile(parameters, "RULESET", context) if "RULESET" in parameters else ""
        preset = self.parameterAsString(parameters, "PRESET", context) if "PRESET" in parameters else ""
        fd, path = tempfile.mkstemp(prefix="twzoning-params-", suffix=".yaml")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write('source: "twzoning:delineateclasses parameters"\nthresholds:\n')
            for key, value in changed.items():
                fh.write(f"  {key}: {value!r}\n")
        try:
            overlays = ([overlay] if overlay else []) + [path]
            return load_ruleset(overlays, preset=preset or None), default_ruleset()
        except RuleSetError as exc:
            raise QgsProcessingException(tr("The rule set cannot be used: ") + str(exc)) from exc
        finally:
            os.remove(path)

    def _read_inputs(self, parameters, context, multi):
        layers = self.parameterAsLayerList(parameters, "INDICATORS", context) or []
        if not layers:
            raise QgsProcessingException(tr("Give at least one indicator layer (INDICATORS)."))
        sources = []
        parcels = self.parameterAsSource(parameters, "PARCELS", context)
        if parcels is not None:
            sources.append(("PARCELS", parcels, self._name(parameters, context, "PARCELS", "地籍")))
        bulk = {"PARCELS": fastio.gpkg_layer(self, parameters, "PARCELS", context)}
        for name, *_rest in _CONTEXT_INPUTS:
            src = self.parameterAsSource(parameters, name, context)
            if src is not None:
                sources.append((name, src, self._name(parameters, context, name, name)))
        crs = parcels.sourceCrs() if parcels is not None else layers[0].crs()
        reference = sources[0][2] if parcels is not None else layer_display_name(layers[0])
        self._check_crs(crs, [(layer_display_name(lyr), lyr.crs()) for lyr in layers]
                        + [(n, s.sourceCrs()) for _p, s, n in sources], reference)
        total = len(layers) + len(sources)
        data = {}
        indicators = []
        for i, lyr in enumerate(layers):
            if multi.isCanceled():
                return None, crs
            name = layer_display_name(lyr)
            d = read_source(lyr, name, multi, progress=(100.0 * i / total, 100.0 / total),
                            layer=fastio.bulk_readable(lyr))
            indicators.append(core.Layer(name, d.geoms, d.attrs, d.fids))
        for k, (param, src, name) in enumerate(sources):
            d = read_source(src, name, multi, progress=(100.0 * (len(layers) + k) / total, 100.0 / total),
                            layer=bulk.get(param))
            data[param] = core.Layer(name, d.geoms, d.attrs, d.fids)
        field = self.parameterAsString(parameters, "INDICATOR_FIELD", context).strip()
        inputs = core.Inputs(
            indicators=indicators, parcels=data.get("PARCELS"), sea=data.get("SEA"), mht=data.get("MHT"),
            urban_plans=data.get("URBAN_PLANS"), national_parks=data.get("NATIONAL_PARKS"),
            county=data.get("COUNTY"), indicator_field=field,
        )
        return inputs, crs

    def _name(self, parameters, context, param, default):
        layer = self.parameterAsVectorLayer(parameters, param, context)
        return layer_display_name(layer) if layer is not None else default

    @staticmethod
    def _check_crs(crs, named, reference=""):
        if not crs.isValid() or crs.isGeographic():
            raise QgsProcessingException(
                tr("The layers must be in a projected CRS in metres (EPSG:3826, or EPSG:3825 for Penghu, Kinmen, "
                   "Matsu); reproject them first (native:reprojectlayer). CRS found: ") + (crs.authid() or "?")
                + (" (" + tr("layer ") + reference + ")" if reference else "")
            )
        for name, other in named:
            if other != crs:
                raise QgsProcessingException(
                    tr("The layer ") + name + tr(" is in ") + (other.authid() or "?") + tr(", the others in ")
                    + crs.authid() + tr("; reproject it first (native:reprojectlayer).")
                )

    def postProcessAlgorithm(self, context, feedback):  # noqa: N802 (QGIS API)
        """Store the class style in a GeoPackage output (its layer_styles table), so the map opens coloured even when
        written by qgis_process or a model (the sinks are closed by now)."""
        dest = getattr(self, "_zoning_dest", None)
        if dest:
            self._store_style(dest, feedback)
        return {}

    @staticmethod
    def _store_style(dest, feedback):
        parts = QgsProviderRegistry.instance().decodeUri("ogr", dest)
        if not str(parts.get("path", "")).lower().endswith(".gpkg"):
            return
        layer = QgsVectorLayer(dest, "zoning", "ogr")
        if not layer.isValid():
            return
        message, ok = layer.loadNamedStyle(os.path.join(STYLES_DIR, "zoning_classes.qml"))
        if ok:
            error = layer.saveStyleToDatabase("zoning_classes", tr("Zoning classes (國土功能分區)"), True, "")
            ok = not error
            message = error
        if not ok:
            feedback.pushWarning(tr("The class style could not be stored in the GeoPackage: ") + message)

    # ------------------------------------------------------------------------------------------------------------
    def _write(self, parameters, context, result, crs):
        out = {}
        out["OUTPUT"] = self._polygons(parameters, context, "OUTPUT", ZONE_FIELDS, result.zones, crs)
        self._zoning_dest = out["OUTPUT"] if isinstance(out["OUTPUT"], str) else None
        self.style_output(context, out["OUTPUT"], "zoning_classes.qml")
        cand_fields = CANDIDATE_FIELDS + core.CANDIDATE_EXTRA_FIELDS
        out["OUTPUT_CANDIDATES"] = self._polygons(parameters, context, "OUTPUT_CANDIDATES", cand_fields,
                                                  result.candidates, crs)
        stats_rows = result.statistics.to_dict("records")
        dest = self._table(parameters, context, "OUTPUT_STATISTICS", core.STATISTICS_FIELDS, stats_rows, crs)
        if dest:
            out["OUTPUT_STATISTICS"] = dest
        issue_rows = [i.__dict__ for i in result.issues]
        dest = self._table(parameters, context, "OUTPUT_ISSUES", core.ISSUE_FIELDS, issue_rows, crs)
        if dest:
            out["OUTPUT_ISSUES"] = dest
        out.update({
            "LAND_AREA_M2": result.land_area_m2,
            "SEA_AREA_M2": result.sea_area_m2,
            "GAP_AREA_M2": result.gap_area_m2,
            "ZONE_COUNT": len(result.zones),
            "ISSUE_COUNT": len(result.issues),
            "UNKNOWN_LAYERS": ", ".join(result.unknown_layers),
            "CLASS_STATISTICS": json.dumps(stats_rows, ensure_ascii=False),
        })
        for row in stats_rows:
            out[f"AREA_M2_{row['class_code']}"] = row["area_m2"]
            out[f"PATCHES_{row['class_code']}"] = row["patch_count"]
        return out

    def _polygons(self, parameters, context, name, spec, frame, crs):
        fields = make_fields(spec)
        sink, dest = self.parameterAsSink(parameters, name, context, fields, QgsWkbTypes.MultiPolygon, crs)
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, name))
        names = [n for n, _k in spec]
        for row in frame.to_dict("records"):
            feature = QgsFeature(fields)
            feature.setAttributes([_value(row[n]) for n in names])
            feature.setGeometry(to_qgs(row["geometry"]))
            if not sink.addFeature(feature, QgsFeatureSink.FastInsert):
                raise QgsProcessingException(tr("Could not write to the output: ") + str(dest))
        return dest

    def _table(self, parameters, context, name, spec, rows, crs):
        fields = make_fields(spec)
        sink, dest = self.parameterAsSink(parameters, name, context, fields, QgsWkbTypes.NoGeometry, crs)
        if sink is None:
            return None
        names = [n for n, _k in spec]
        for row in rows:
            feature = QgsFeature(fields)
            feature.setAttributes([_value(row.get(n)) for n in names])
            if not sink.addFeature(feature, QgsFeatureSink.FastInsert):
                raise QgsProcessingException(tr("Could not write to the output: ") + str(dest))
        return dest


def _value(v):
    """Plain Python values for the feature attributes (numpy scalars → int / float)."""
    if v is None:
        return None
    if hasattr(v, "item"):
        return v.item()
    return v
