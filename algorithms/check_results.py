"""``twzoning:checkresults``: result checking (成果檢核, RULES.md §8).

Thin Processing glue around :func:`core.checking.check_results`: read the layers once, compute, then write the
difference layer, the summary table and the review workbook (with one rendered map per difference that needs
discussion) at the end, so a cancelled run writes nothing.
"""
from __future__ import annotations

import os
import tempfile

import numpy as np
import shapely
from qgis.core import (
    QgsCategorizedSymbolRenderer,
    QgsFillSymbol,
    QgsMapRendererParallelJob,
    QgsMapSettings,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingMultiStepFeedback,
    QgsProcessingOutputNumber,
    QgsProcessingOutputString,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterMultipleLayers,
    QgsProcessingParameterNumber,
    QgsRectangle,
    QgsRendererCategory,
    QgsSingleSymbolRenderer,
)
from qgis.PyQt.QtCore import QRect, QSize, Qt
from qgis.PyQt.QtGui import QColor, QFont, QPainter

from ..core import checking as core
from ..core.catalogue import class_name
from ..core.check_workbook import write_review_workbook
from ..core.parcels import GEOMETRY
from ..core.parcels import Cancelled as ParcelsCancelled
from .assign_parcels import check_projected, name_rows, progress_of, read_frame, reprojected, write_frame
from .base import TwZoningAlgorithm, tr
from .layers import layer_display_name, make_fields, memory_layer, read_source

#: Size of a difference map (pixels) and the margin around the difference (metres, at least MAP_MIN_SPAN wide).
MAP_SIZE = (640, 600)
MAP_MARGIN = 0.6
MAP_MIN_SPAN = 300.0


def render_difference_map(path: str, diff, ref_geoms, ref_codes, sub_geoms, crs, colours: dict,
                          caption: str = "") -> str:
    """A PNG of one difference: the reference classes in their colours, the submitted boundaries as dark lines and
    the difference outlined in red, ``caption`` written at the top. Headless: QgsMapRendererParallelJob, waited
    for."""
    xmin, ymin, xmax, ymax = shapely.bounds(diff)
    span = max(xmax - xmin, ymax - ymin, MAP_MIN_SPAN) * (1 + 2 * MAP_MARGIN)
    cx, cy = (xmin + xmax) / 2, (ymin + ymax) / 2
    ratio = MAP_SIZE[1] / MAP_SIZE[0]
    window = shapely.box(cx - span / 2, cy - span * ratio / 2, cx + span / 2, cy + span * ratio / 2)
    tree_r = shapely.STRtree(ref_geoms)
    near_r = tree_r.query(window, predicate="intersects")
    ref_layer = memory_layer("MultiPolygon", crs, "reference", [("class_code", "string")],
                              [(ref_geoms[i], [ref_codes[i]]) for i in near_r])
    cats = [QgsRendererCategory(code, QgsFillSymbol.createSimple(
        {"color": colour, "outline_style": "no"}), code) for code, colour in colours.items()]
    ref_layer.setRenderer(QgsCategorizedSymbolRenderer("class_code", cats))
    ref_layer.setOpacity(0.55)
    near_s = shapely.STRtree(sub_geoms).query(window, predicate="intersects")
    sub_layer = memory_layer("MultiPolygon", crs, "submitted", [], [(sub_geoms[i], []) for i in near_s])
    sub_layer.setRenderer(QgsSingleSymbolRenderer(QgsFillSymbol.createSimple(
        {"style": "no", "outline_color": "#333333", "outline_width": "0.2"})))
    diff_layer = memory_layer("MultiPolygon", crs, "difference", [], [(diff, [])])
    diff_layer.setRenderer(QgsSingleSymbolRenderer(QgsFillSymbol.createSimple(
        {"color": "255,0,0,70", "outline_color": "224,0,0,255", "outline_width": "0.8"})))
    ms = QgsMapSettings()
    ms.setLayers([diff_layer, sub_layer, ref_layer])
    ms.setDestinationCrs(crs)
    ms.setOutputSize(QSize(*MAP_SIZE))
    ms.setBackgroundColor(QColor("#ffffff"))
    ms.setExtent(QgsRectangle(*shapely.bounds(window)))
    ms.setFlag(QgsMapSettings.Antialiasing, True)
    job = QgsMapRendererParallelJob(ms)
    job.start()
    job.waitForFinished()
    image = job.renderedImage()
    if caption:
        painter = QPainter(image)
        font = QFont()
        font.setPixelSize(18)
        painter.setFont(font)
        box = QRect(0, 0, MAP_SIZE[0], 30)
        painter.fillRect(box, QColor(255, 255, 255, 220))
        painter.setPen(QColor("#000000"))
        painter.drawText(box.adjusted(8, 0, -8, 0), Qt.AlignVCenter | Qt.AlignLeft, caption)
        painter.end()
    if not image.save(path, "PNG"):
        raise QgsProcessingException(tr("The map image could not be written: ") + path)
    return path


class CheckResults(TwZoningAlgorithm):
    ALG_ID = "checkresults"
    GROUP_ID = "checking"

    def displayName(self) -> str:  # noqa: N802 (QGIS API)
        return tr("Check results (成果檢核)")

    def description(self) -> str:
        return tr(
            "Compares a submitted zoning map (the county's draft or its assigned parcels) with a reference map (the "
            "general-rule result of this plugin from the same indicators and cadastre, or the previous stage's map) "
            "and classifies every difference (劃設差異處) into the 7 types of the national checking (RULES.md §8): "
            "1 map offset (圖資偏移), 2 data update (圖資更新), 3 boundary decision (界線決定: the 50 % rule, "
            "parcel slivers), 4 sporadic land (零星土地納入或剔除: the sporadicland / ruralunits rules, responses "
            "(1)-(5)), 5 county rule (因地制宜), 6 stage-3 task (第3階段應辦事項), 7 drawing error (繪製錯誤, with "
            "the class the general rule gives). Each difference carries the standard response of 表31 verbatim and "
            "whether it goes to discussion. Types 3 and 4 are recognised with the same code as the parcel algorithms "
            "and need PARCELS. Areas are planar in the CRS of the submitted map (m²)."
        )

    def outputs_help(self):
        return [
            ("OUTPUT", tr("difference polygons: from / to class, area, diff_type 1-7, the 表31 response, "
                          "needs_discussion, rule_id, reason (for type 7 the correct class by the general rule)")),
            ("OUTPUT_SUMMARY", tr("counts and areas per submitted class and type")),
            ("OUTPUT_XLSX", tr("the review workbook: verdict and summary, 表51 table of the differences to discuss "
                               "with one map each, all differences, 表31")),
            ("VERDICT", tr("the county-level verdict line")),
        ]

    def initAlgorithm(self, config=None):  # noqa: N802 (QGIS API)
        poly = [QgsProcessing.TypeVectorPolygon]
        self.add_param(QgsProcessingParameterFeatureSource("SUBMITTED", tr("Submitted map (三階國土功能分區圖)"), poly),
                       tr("The county's zoning map or its assigned parcel pieces (e.g. twzoning:assignparcels, "
                          "sporadicland or ruralunits OUTPUT)."))
        self.add_param(QgsProcessingParameterField("CLASS_FIELD", tr("Class field of the submitted map"),
                                                   defaultValue="class_code", parentLayerParameterName="SUBMITTED",
                                                   optional=True),
                       tr("The field holding each polygon's class: codes (CON1 …), Chinese names "
                          "(國土保育地區第1類) or aliases (國1) are all accepted. Empty: class_code."))
        self.add_param(QgsProcessingParameterFeatureSource("REFERENCE", tr("Reference map (通案劃設結果)"), poly),
                       tr("The general-rule result (twzoning:delineateclasses OUTPUT) or the previous stage's map. "
                          "When it has rule_id / reason / indicator_id fields (the delineation's), the type-7 "
                          "remarks quote them."))
        self.add_param(QgsProcessingParameterField("REFERENCE_CLASS_FIELD", tr("Class field of the reference map"),
                                                   defaultValue="class_code", parentLayerParameterName="REFERENCE",
                                                   optional=True),
                       tr("The field holding the reference class (codes, names or aliases). Empty: class_code."))
        self.add_param(QgsProcessingParameterFeatureSource("PARCELS", tr("Parcels (地籍)"), poly, optional=True),
                       tr("The cadastre with the parcel schema fields. Needed to recognise boundary decisions "
                          "(type 3) and sporadic land (type 4), and to name the parcels of each difference."))
        self.add_param(QgsProcessingParameterMultipleLayers("INDICATORS", tr("Indicator layers (劃設參考指標)"),
                                                            QgsProcessing.TypeVectorAnyGeometry, optional=True),
                       tr("The indicator layers the reference was drawn from (recognised by name): their lines "
                          "count as offset lines (type 1), they are the old versions for data updates (type 2) and "
                          "they name the indicator in type-7 remarks."))
        self.add_param(QgsProcessingParameterMultipleLayers("INDICATORS_NEW", tr("Newer indicator versions (更新圖資)"),
                                                            QgsProcessing.TypeVectorAnyGeometry, optional=True),
                       tr("Newer versions of some indicators (recognised by name, e.g. 自來水水質水量保護區_新版): a "
                          "difference where an indicator's old and new versions differ is a data update (type 2)."))
        self.add_param(QgsProcessingParameterFeatureSource("LOCAL_RULES", tr("County rule areas (因地制宜劃設方式)"),
                                                           poly, optional=True),
                       tr("Areas where the county applies its own listed rules: a difference inside one is type 5."))
        self.add_param(QgsProcessingParameterField("LOCAL_RULES_NAME_FIELD", tr("Name field of the county rule areas"),
                                                   parentLayerParameterName="LOCAL_RULES", optional=True),
                       tr("The field naming each county rule (quoted in the reason)."))
        self.add_param(QgsProcessingParameterFeatureSource("STAGE3", tr("Stage-3 task areas (第3階段應辦事項)"), poly,
                                                           optional=True),
                       tr("Areas of the stage-3 tasks of the county plan: a difference inside one is type 6."))
        self.add_param(QgsProcessingParameterField("STAGE3_NAME_FIELD", tr("Name field of the stage-3 task areas"),
                                                   parentLayerParameterName="STAGE3", optional=True),
                       tr("The field naming each stage-3 task (quoted in the reason)."))
        self.add_param(QgsProcessingParameterNumber("TOLERANCE", tr("Offset tolerance (m)"),
                                                    QgsProcessingParameterNumber.Double, optional=True, minValue=0.0),
                       tr("A difference no wider than this along a cadastral or indicator line is a map offset "
                          "(圖資偏移, type 1). Empty: the rule set's value (checking.tolerances.offset, 1 m)."))
        self.add_ruleset_params()
        self.add_param(QgsProcessingParameterFeatureSink("OUTPUT", tr("Differences (劃設差異處)"),
                                                         QgsProcessing.TypeVectorPolygon),
                       tr("One polygon per difference with its type, standard response and reason."))
        self.add_param(QgsProcessingParameterFeatureSink("OUTPUT_SUMMARY", tr("Summary per class and type"),
                                                         QgsProcessing.TypeVector, optional=True),
                       tr("Counts and areas per submitted class and difference type."))
        self.add_param(QgsProcessingParameterFileDestination("OUTPUT_XLSX", tr("Review workbook (XLSX)"),
                                                             "Excel (*.xlsx)", optional=True),
                       tr("The workbook for the review meeting, with a map of each difference to discuss."))
        for name, label in (("DIFFERENCE_COUNT", "Differences"), ("DISCUSSION_COUNT", "Differences to discuss"),
                            ("ERROR_COUNT", "Drawing errors (type 7)"), ("DIFFERENCE_AREA_M2", "Difference area (m²)")):
            self.add_output(QgsProcessingOutputNumber(name, tr(label)))
        type_labels = (tr("Type 1: map offsets (圖資偏移)"), tr("Type 2: data updates (圖資更新)"),
                       tr("Type 3: boundary decisions (界線決定)"), tr("Type 4: sporadic land (零星土地納入或剔除)"),
                       tr("Type 5: county rules (因地制宜)"), tr("Type 6: stage-3 tasks (第3階段應辦事項)"),
                       tr("Type 7: drawing errors (繪製錯誤)"))
        for n, label in enumerate(type_labels, start=1):
            self.add_output(QgsProcessingOutputNumber(f"TYPE{n}_COUNT", label))
        self.add_output(QgsProcessingOutputString("VERDICT", tr("Verdict (檢核結論)")))

    # ------------------------------------------------------------------------------------------------------------
    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802 (QGIS API)
        rules = self.load_rules(parameters, context)
        multi = QgsProcessingMultiStepFeedback(4, feedback)
        sub_src = self.parameterAsSource(parameters, "SUBMITTED", context)
        if sub_src is None:
            raise QgsProcessingException(self.invalidSourceError(parameters, "SUBMITTED"))
        ref_src = self.parameterAsSource(parameters, "REFERENCE", context)
        if ref_src is None:
            raise QgsProcessingException(self.invalidSourceError(parameters, "REFERENCE"))
        crs = sub_src.sourceCrs()
        try:
            inputs, data = self._read(parameters, context, multi, sub_src, ref_src, crs)
            multi.setCurrentStep(1)
            try:
                result = core.check_results(inputs, rules, progress=progress_of(multi))
            except core.CheckError as exc:
                which = data.get(exc.layer)
                where = (tr(" Features: ") + name_rows(which, exc.rows)) if which is not None and exc.rows else ""
                raise QgsProcessingException(exc.message_en + where + " / " + exc.message_zh) from exc
        except (core.Cancelled, ParcelsCancelled):
            return {}
        if multi.isCanceled():
            return {}
        multi.setCurrentStep(2)
        images = {}
        xlsx = self.parameterAsFileOutput(parameters, "OUTPUT_XLSX", context) if parameters.get("OUTPUT_XLSX") else ""
        tmpdir = tempfile.mkdtemp(prefix="twzoning-check-")
        if xlsx:
            images = self._maps(result, inputs, rules, crs, tmpdir, multi)
            if images is None:
                return {}
        multi.setCurrentStep(3)
        for issue in result.issues:
            multi.pushWarning(issue)
        multi.pushInfo(result.verdict)
        multi.pushInfo(tr("Areas are planar in the CRS ") + crs.authid() + " (m²).")
        dest = write_frame(self, parameters, context, "OUTPUT", result.differences, make_fields(core.DIFF_FIELDS),
                           crs, multi)
        out = {"OUTPUT": dest}
        if parameters.get("OUTPUT_SUMMARY"):
            out["OUTPUT_SUMMARY"] = write_frame(self, parameters, context, "OUTPUT_SUMMARY", result.summary,
                                                make_fields(core.SUMMARY_FIELDS), crs, multi, geometry=False)
        if xlsx:
            write_review_workbook(xlsx, result, rules, images, title=layer_display_name(
                self.parameterAsVectorLayer(parameters, "SUBMITTED", context)) or "")
            out["OUTPUT_XLSX"] = xlsx
        for name in os.listdir(tmpdir):
            os.remove(os.path.join(tmpdir, name))
        os.rmdir(tmpdir)
        s = result.stats
        out.update({"DIFFERENCE_COUNT": s["difference_count"], "DISCUSSION_COUNT": s["discussion_count"],
                    "ERROR_COUNT": s["type7_count"], "DIFFERENCE_AREA_M2": s["difference_area_m2"],
                    "VERDICT": result.verdict})
        out.update({f"TYPE{n}_COUNT": s[f"type{n}_count"] for n in range(1, 8)})
        return out

    def _name(self, parameters, name, context) -> str:
        layer = self.parameterAsVectorLayer(parameters, name, context)
        return layer_display_name(layer) if layer is not None else name

    def _class_map(self, parameters, context, multi, name, field_param, src, crs, data):
        lname = self._name(parameters, name, context)
        src = reprojected(self, parameters, name, src, crs, context, multi)
        d, df = read_frame(src, lname, multi, name)
        check_projected(d.info)
        field = self.parameterAsString(parameters, field_param, context) or "class_code"
        if field not in df.columns:
            raise QgsProcessingException(tr("The layer ") + f"'{lname}' " + tr("has no class field ") + f"'{field}'. "
                                         + tr("Fields: ") + ", ".join(c for c in df.columns if c != GEOMETRY))
        data[lname] = d

        def col(c):
            return df[c].tolist() if c in df.columns else None

        return core.ClassMap(df[GEOMETRY].to_numpy(), df[field].tolist(), lname, col("rule_id"), col("reason"),
                             col("indicator_id"), col("scope"))

    def _areas(self, parameters, context, multi, name, field_param, crs):
        if not parameters.get(name):
            return None
        src = self.parameterAsSource(parameters, name, context)
        if src is None:
            raise QgsProcessingException(self.invalidSourceError(parameters, name))
        lname = self._name(parameters, name, context)
        src = reprojected(self, parameters, name, src, crs, context, multi)
        _d, df = read_frame(src, lname, multi, name)
        field = self.parameterAsString(parameters, field_param, context)
        if field and field not in df.columns:
            raise QgsProcessingException(tr("The layer ") + f"'{lname}' " + tr("has no field ") + f"'{field}'.")
        return core.AreaLayer(lname, df[GEOMETRY].to_numpy(), df[field].tolist() if field else None)

    def _layers(self, parameters, context, multi, name, crs):
        out = []
        for layer in self.parameterAsLayerList(parameters, name, context) or []:
            lname = layer_display_name(layer)
            if layer.crs() != crs:
                raise QgsProcessingException(tr("The layer ") + f"'{lname}' " + tr("is in ") + layer.crs().authid()
                                             + tr("; reproject it to ") + crs.authid() + tr(" first."))
            d = read_source(layer, lname, multi, fields=[])
            if multi.isCanceled():
                raise core.Cancelled()
            polys = np.array([g for g in d.geoms if g is not None and shapely.get_dimensions(g) == 2], dtype=object)
            out.append(core.AreaLayer(lname, polys))
        return out

    def _read(self, parameters, context, multi, sub_src, ref_src, crs):
        data: dict = {}
        sub = self._class_map(parameters, context, multi, "SUBMITTED", "CLASS_FIELD", sub_src, crs, data)
        ref = self._class_map(parameters, context, multi, "REFERENCE", "REFERENCE_CLASS_FIELD", ref_src, crs, data)
        parcels = None
        if parameters.get("PARCELS"):
            psrc = self.parameterAsSource(parameters, "PARCELS", context)
            if psrc is None:
                raise QgsProcessingException(self.invalidSourceError(parameters, "PARCELS"))
            pname = self._name(parameters, "PARCELS", context)
            psrc = reprojected(self, parameters, "PARCELS", psrc, crs, context, multi)
            pd_, pdf = read_frame(psrc, pname, multi, "PARCELS")
            missing = [f for f in ("office", "section", "parcel_no", "reg_area") if f not in pdf.columns]
            if missing:
                raise QgsProcessingException(
                    tr("The parcel layer lacks the schema fields: ") + ", ".join(missing) + ". "
                    + tr("Map the county's fields first with 'Map parcel fields to the schema' "
                         "(twzoning:mapparcelfields)."))
            data["PARCELS"] = pd_
            parcels = (pdf[GEOMETRY].to_numpy(), pdf.drop(columns=[GEOMETRY]))
        tol = None
        if parameters.get("TOLERANCE") not in (None, ""):
            tol = self.parameterAsDouble(parameters, "TOLERANCE", context)
        inputs = core.CheckInputs(
            submitted=sub, reference=ref, parcels=parcels,
            indicators=self._layers(parameters, context, multi, "INDICATORS", crs),
            indicators_new=self._layers(parameters, context, multi, "INDICATORS_NEW", crs),
            local_rules=self._areas(parameters, context, multi, "LOCAL_RULES", "LOCAL_RULES_NAME_FIELD", crs),
            stage3=self._areas(parameters, context, multi, "STAGE3", "STAGE3_NAME_FIELD", crs),
            tolerance=tol,
        )
        return inputs, data

    @staticmethod
    def _short(code, rules) -> str:
        return class_name(code, "short", rules) if code else ""

    def _maps(self, result, inputs, rules, crs, tmpdir, multi):
        """One PNG per difference that needs discussion (None when cancelled)."""
        disc = result.differences[result.differences["needs_discussion"] == 1]
        ref_geoms = np.asarray(list(inputs.reference.geoms), dtype=object)
        sub_geoms = np.asarray(list(inputs.submitted.geoms), dtype=object)
        ref_codes = core.resolve_codes(list(inputs.reference.classes), rules, inputs.reference.name)
        colours = {c.code: c.color for c in rules.classes}
        images = {}
        for k, (_i, row) in enumerate(disc.iterrows()):
            if multi.isCanceled():
                return None
            path = os.path.join(tmpdir, f"diff_{int(row['diff_id'])}.png")
            caption = (f"{int(row['diff_id'])}. {self._short(row['from_class'], rules)} → "
                       f"{self._short(row['to_class'], rules)}  {row['type_name']}  {row['area_ha']:.4f} ha")
            images[int(row["diff_id"])] = render_difference_map(path, row[GEOMETRY], ref_geoms, ref_codes,
                                                                sub_geoms, crs, colours, caption)
            multi.setProgress(100.0 * (k + 1) / max(len(disc), 1))
        return images
