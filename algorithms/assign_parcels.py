"""``twzoning:assignparcels``: the parcel-level boundary decision (界線決定, RULES.md §3).

Thin Processing glue around :func:`core.parcels.assign_parcels`: read the layers once, compute, write the sinks at
the end (a cancelled run writes nothing). Also holds the small helpers the parcel algorithms share (reading a layer
as a table with geometries, writing a table to a sink).
"""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import shapely
from qgis import processing
from qgis.core import (
    QgsFeature,
    QgsFeatureSink,
    QgsField,
    QgsFields,
    QgsGeometry,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingMultiStepFeedback,
    QgsProcessingOutputNumber,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterNumber,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QVariant

from ..core import validation as checks
from ..core.conservation import assignment_balance
from ..core.fields import PARCEL_FIELDS, PIECE_FIELDS
from ..core.parcels import GEOMETRY, AssignmentError, Cancelled, assign_parcels, make_keys
from . import fastio
from .base import TwZoningAlgorithm, tr
from .layers import from_shapely, layer_display_name, make_fields, read_source

#: Optional context layers: parameter → (label, type, help).
_CONTEXT = (
    ("SEA", "Sea area (海域)", QgsProcessing.TypeVectorPolygon,
     "The county sea area. A piece whose inside point lies in it (or whose class is a 海 class) is on the sea side "
     "of the mean high tide line: status sea_side, outside the land register."),
    ("MHT", "Mean high tide line (平均高潮線)", QgsProcessing.TypeVectorLine,
     "The mean high tide line: parcels it crosses are noted in the reason (their boundary follows the line)."),
    ("URBAN_PLANS", "Urban plans (都市計畫範圍)", QgsProcessing.TypeVectorPolygon,
     "Urban-plan areas: pieces inside get status urban_plan (controlled by the plan, not in the land register)."),
    ("NATIONAL_PARKS", "National parks (國家公園範圍)", QgsProcessing.TypeVectorPolygon,
     "National-park areas: pieces inside get status national_park (not in the land register)."),
)
MAJORITY_OPTIONS = ("Rule set (switch majority_rule)", "On", "Off")


# ================================================================================================================
# Helpers shared by the parcel algorithms
# ================================================================================================================
def to_qgs(geom) -> QgsGeometry:
    """A shapely (multi)polygon as a multipolygon QgsGeometry (layers.from_shapely)."""
    try:
        return from_shapely(geom, multi=True)
    except ValueError as exc:
        raise QgsProcessingException(tr("A result polygon could not be converted to a multipolygon.")) from exc


def reprojected(alg, parameters, name, source, crs, context, feedback):
    """The source of parameter ``name`` in ``crs`` (reprojected by native:reprojectlayer when needed)."""
    if source is None or not crs.isValid() or source.sourceCrs() == crs:
        return source
    feedback.pushInfo(tr("Reprojecting to the parcel CRS: ") + name)
    result = processing.run("native:reprojectlayer",
                            {"INPUT": parameters[name], "TARGET_CRS": crs, "OUTPUT": "memory:"},
                            context=context, feedback=None, is_child_algorithm=True)
    return context.getMapLayer(result["OUTPUT"])


def check_projected(info) -> None:
    """Refuse a layer whose CRS cannot give areas in metres (DECISIONS.md conventions)."""
    errors = [p for p in checks.check_crs(info) if p.is_error]
    if errors:
        raise QgsProcessingException(errors[0].message_en + " / " + errors[0].message_zh)


def read_frame(source, name: str, feedback, what: str, allow_empty=False, layer=None):
    """A layer as (LayerData, DataFrame of its attributes + ``geometry``); features without geometry are an error
    naming their ids. ``layer``: the GeoPackage layer to read in bulk (:func:`fastio.gpkg_layer`), if any."""
    data = read_source(source, name, feedback, layer=layer)
    if feedback is not None and feedback.isCanceled():
        raise Cancelled()
    missing = [int(f) for f, g in zip(data.fids, data.geoms) if g is None or g.is_empty]
    if missing and not allow_empty:
        raise QgsProcessingException(
            tr("Features without geometry in layer ") + f"'{name}' ({what}): " + ", ".join(map(str, missing[:10]))
            + (" …" if len(missing) > 10 else "") + ". " + tr("Draw or delete them, then run again.")
        )
    df = data.attrs.reset_index(drop=True).copy()
    df[GEOMETRY] = data.geoms
    return data, df


def name_rows(data, rows, limit: int = 10) -> str:
    """Feature ids of rows of a LayerData, for an error message."""
    fids = [str(int(data.fids[r])) for r in list(rows)[:limit]]
    return ", ".join(fids) + (" …" if len(rows) > limit else "")


def progress_of(feedback):
    """The core progress protocol (fraction → False to cancel) on top of a Processing feedback."""

    def report(fraction: float) -> bool:
        feedback.setProgress(100.0 * fraction)
        return not feedback.isCanceled()

    return report


def output_fields(base: QgsFields | None, spec) -> QgsFields:
    """The fields of ``base`` (their types kept) followed by ``spec``; a base field named like one of ``spec`` is
    replaced by it."""
    names = {n for n, _k in spec}
    out = QgsFields()
    if base is not None:
        for f in base:
            if f.name() not in names and f.name() != "fid":
                out.append(QgsField(f))
    for f in make_fields(spec):
        out.append(f)
    return out


def _value(v, field: QgsField):
    if v is None:
        return None
    if isinstance(v, float) and math.isnan(v):
        return None
    if isinstance(v, np.generic):
        v = v.item()
    if field.type() == QVariant.String and not isinstance(v, str):
        return str(v)
    if field.type() in (QVariant.Int, QVariant.LongLong) and isinstance(v, float):
        return int(round(v))
    return v


def _column(df: pd.DataFrame, name: str, field: QgsField) -> list:
    """One output column as plain Python values for ``field`` (None for missing), converted a column at a time:
    the per-cell work of :func:`_value` without its per-cell type dispatch (county scale: 1 M rows x 30 fields)."""
    if name not in df.columns:
        return [None] * len(df)
    series = df[name]
    values = series.tolist()
    missing = series.isna().to_numpy()
    ftype = field.type()
    if ftype == QVariant.String:
        if series.dtype == object:
            return [None if m else (v if type(v) is str else str(_value(v, field)))
                    for v, m in zip(values, missing)]
        return [None if m else str(v) for v, m in zip(values, missing)]
    if ftype in (QVariant.Int, QVariant.LongLong) and series.dtype.kind == "f":
        return [None if m else int(round(v)) for v, m in zip(values, missing)]
    if series.dtype == object or missing.any():
        return [None if m else _value(v, field) for v, m in zip(values, missing)]
    return values


def _shapely_geometries(df: pd.DataFrame):
    """The ``geometry`` column as an array of shapely geometries (None for anything else); None without one."""
    if GEOMETRY not in df.columns:
        return np.full(len(df), None, dtype=object)
    return np.array([g if isinstance(g, shapely.Geometry) else None for g in df[GEOMETRY].tolist()], dtype=object)


def _qgs_geometries(df: pd.DataFrame, geometry: bool) -> list | None:
    """The ``geometry`` column as multipolygon QgsGeometry objects (None for a missing or empty one); the WKB of all
    rows is produced by one vectorised shapely call."""
    if not geometry or GEOMETRY not in df.columns:
        return None
    geoms = _shapely_geometries(df)
    present = ~(shapely.is_missing(geoms) | shapely.is_empty(geoms))
    wkbs = np.full(len(geoms), None, dtype=object)
    if present.any():
        wkbs[present] = shapely.to_wkb(geoms[present], output_dimension=2)
    out = []
    for wkb in wkbs:
        if wkb is None:
            out.append(None)
            continue
        g = QgsGeometry()
        g.fromWkb(wkb)
        if not g.convertToMultiType():
            raise QgsProcessingException(tr("A result polygon could not be converted to a multipolygon."))
        out.append(g)
    return out


def write_frame(alg, parameters, context, name: str, df: pd.DataFrame, fields: QgsFields, crs, feedback,
                geometry: bool = True):
    """Write ``df`` (its columns named like ``fields``, plus ``geometry``) to the sink ``name``; returns dest id.

    Called only once everything is computed; it writes every row (no cancel check here: an output is whole or not
    written at all). Columns and geometries are converted in bulk, features are added in batches; a plain
    ``.gpkg`` destination is written in bulk by :mod:`.fastio`."""
    return write_frames(alg, parameters, context, [(name, df, fields, crs, geometry)])[0]


def write_frames(alg, parameters, context, outputs: list[tuple]) -> list:
    """:func:`write_frame` for several ``(name, df, fields, crs, geometry)`` outputs; the GeoPackage ones are built
    at the same time (threads), the others through their sinks. Returns the dest ids in order."""
    dests: list = [None] * len(outputs)
    jobs = []
    for k, (name, df, fields, crs, geometry) in enumerate(outputs):
        names = [f.name() for f in fields]
        columns = [_column(df, n, fields.at(j)) for j, n in enumerate(names)]
        path = fastio.gpkg_destination(alg, parameters, name, context)
        if path is not None:
            try:
                jobs.append((k, name, fastio.plan_gpkg(path, fields, columns,
                                                       _shapely_geometries(df) if geometry else None, crs)))
                continue
            except ValueError:
                pass  # a field type or geometry the bulk writer does not take: through the sink
        dests[k] = _write_sink(alg, parameters, context, name, df, fields, crs, columns, geometry)
    paths = fastio.write_gpkgs(alg, parameters, context, [(name, job) for _k, name, job in jobs])
    for (k, _name, _job), path in zip(jobs, paths):
        dests[k] = path
    return dests


def _write_sink(alg, parameters, context, name, df, fields, crs, columns, geometry):
    wkb = QgsWkbTypes.MultiPolygon if geometry else QgsWkbTypes.NoGeometry
    sink, dest = alg.parameterAsSink(parameters, name, context, fields, wkb, crs)
    if sink is None:
        raise QgsProcessingException(alg.invalidSinkError(parameters, name))
    geoms = _qgs_geometries(df, geometry)
    rows = list(zip(*columns)) if columns else [()] * len(df)
    batch = []
    for i, attrs in enumerate(rows):
        feature = QgsFeature(fields)
        feature.setAttributes(list(attrs))
        if geoms is not None and geoms[i] is not None:
            feature.setGeometry(geoms[i])
        batch.append(feature)
        if len(batch) >= WRITE_BATCH:
            _add(sink, batch, dest)
            batch = []
    _add(sink, batch, dest)
    return dest


#: Features handed to a sink per call (fewer Python -> C++ round trips, bounded memory).
WRITE_BATCH = 5000


def _add(sink, batch: list, dest) -> None:
    if batch and not sink.addFeatures(batch, QgsFeatureSink.FastInsert):
        raise QgsProcessingException(tr("Could not write to the output layer: ") + str(dest))


# ================================================================================================================
# The algorithm
# ================================================================================================================
class AssignParcels(TwZoningAlgorithm):
    ALG_ID = "assignparcels"
    GROUP_ID = "parcels"

    def displayName(self) -> str:  # noqa: N802 (QGIS API)
        return tr("Assign parcels to classes (界線決定)")

    def description(self) -> str:
        return tr(
            "Puts every parcel of the cadastre (地籍) into the zoning classes of ZONES (the output of 'Delineate "
            "classes', or any polygon layer with a class_code field). By default a parcel follows the class "
            "boundary (rule BND-FOLLOW): a parcel crossed by a boundary is split into one piece per class and the "
            "register says 「部分A、部分B」 in canonical class order (RULES.md §3.1, §3.6). Pieces smaller than the "
            "sliver tolerance are not pieces: they join the piece of the same parcel with the longest common "
            "boundary (BND-SLIVER). With the majority rule (MAJ50, DECISIONS.md Q8) a class covering at least 50 % "
            "of a parcel takes it whole, if the rule is on for every class of the parcel (off for 國1 by default); "
            "a 50/50 tie goes to the class earlier in the precedence list. Where zones overlap, the earlier class in "
            "the precedence list wins; a part covered by no zone is reported (BND-NOZONE). Pieces on the sea side "
            "of the mean high tide line, in urban plans or in national parks are flagged: they are not in the land "
            "register. Every piece carries the rule id and a reason in Chinese and English. Areas are planar in "
            "the parcel layer's projected CRS (m²)."
        )

    def outputs_help(self):
        return [
            ("OUTPUT", tr("one feature per parcel piece: the parcel fields + parcel_key, class_code, class_name, "
                          "share, piece_area, is_split, status, rule_id, reason, reason_en, pending_rule, "
                          "fallback_class")),
            ("OUTPUT_PARCELS", tr("one feature per parcel (its whole geometry): the parcel fields + parcel_key, "
                                  "class_codes, class_wording (「部分A、部分B」), is_split, status, rule_id, reason")),
            ("PARCEL_COUNT", tr("number of parcels")),
            ("PIECE_COUNT", tr("number of pieces")),
            ("SPLIT_COUNT", tr("number of parcels split between classes")),
            ("CONSERVATION_OK", tr("1 when every input parcel is accounted for (assigned, flagged outside the "
                                   "register or unzoned) and its piece areas sum to its area within the rule set's "
                                   "sliver tolerance (parcel_sliver_max_area); otherwise the run fails")),
            ("UNACCOUNTED_COUNT", tr("input parcels with no piece in the result (always 0 in a finished run)")),
            ("OUTSIDE_COUNT", tr("parcels with a piece flagged outside the land register (sea side, urban plan, "
                                 "national park)")),
            ("UNZONED_COUNT", tr("parcels with a piece covered by no zone (BND-NOZONE)")),
        ]

    def initAlgorithm(self, config=None):  # noqa: N802 (QGIS API)
        self.add_param(
            QgsProcessingParameterFeatureSource("PARCELS", tr("Parcels (地籍)"), [QgsProcessing.TypeVectorPolygon]),
            tr("The county cadastre with the parcel schema fields (office, section, parcel_no, reg_area, nu_zone, "
               "nu_landuse, owner_type …; map a county's own names first with 'Map parcel fields to the schema'). "
               "The register key is office|section|parcel_no; unregistered land without a number gets "
               "#<feature id>."),
        )
        self.add_param(
            QgsProcessingParameterFeatureSource("ZONES", tr("Zoning classes (國土功能分區)"),
                                                [QgsProcessing.TypeVectorPolygon]),
            tr("The resolved zoning map: polygons with a class code (CON1 … URB3, or any class name / alias such as "
               "國1). Optional fields rule_id, reason and reason_en are carried to the parcels that lie wholly in "
               "the polygon; pending_rule and fallback_class (a special-purpose zone under 2 ha waiting for its "
               "unit test SPZ-D) to every piece of the polygon's class."),
        )
        self.add_param(
            QgsProcessingParameterField("CLASS_FIELD", tr("Class field of the zones"), defaultValue="class_code",
                                        parentLayerParameterName="ZONES", optional=True),
            tr("The field of ZONES that holds the class (default class_code)."),
            advanced=True,
        )
        for name, label, kind, help_text in _CONTEXT:
            self.add_param(QgsProcessingParameterFeatureSource(name, tr(label), [kind], optional=True), tr(help_text))
        self.add_param(
            QgsProcessingParameterEnum("MAJORITY", tr("Majority rule (50 %)"), options=[tr(o) for o in MAJORITY_OPTIONS],
                                       defaultValue=0),
            tr("Whether a class covering at least 50 % of a parcel takes the whole parcel (rule MAJ50): as the rule "
               "set says (switch majority_rule, off nationally), on, or off. Per class it applies as the switch "
               "majority_rule_by_class says (off for 國1)."),
        )
        self.add_param(
            QgsProcessingParameterNumber("SLIVER_AREA", tr("Sliver tolerance (m²)"),
                                         QgsProcessingParameterNumber.Double, optional=True, minValue=0.0),
            tr("A piece of a parcel smaller than this is not a piece: it joins the neighbouring piece of the same "
               "parcel. Empty: the rule set's threshold parcel_sliver_max_area (1 m²)."),
            advanced=True,
        )
        self.add_ruleset_params()
        self.add_param(
            QgsProcessingParameterFeatureSink("OUTPUT", tr("Parcel pieces"), QgsProcessing.TypeVectorPolygon),
            tr("One feature per parcel piece, with the class, its share of the parcel, the rule and the reason."),
        )
        self.add_param(
            QgsProcessingParameterFeatureSink("OUTPUT_PARCELS", tr("Parcels with their classes"),
                                              QgsProcessing.TypeVectorPolygon),
            tr("One feature per parcel with the register wording of its class(es)."),
        )
        for name, label in (("PARCEL_COUNT", "Parcels"), ("PIECE_COUNT", "Pieces"), ("SPLIT_COUNT", "Split parcels"),
                            ("CONSERVATION_OK", "Conservation check passed"),
                            ("UNACCOUNTED_COUNT", "Unaccounted parcels"), ("OUTSIDE_COUNT", "Parcels outside"),
                            ("UNZONED_COUNT", "Unzoned parcels")):
            self.add_output(QgsProcessingOutputNumber(name, tr(label)))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802 (QGIS API)
        rules = self.load_rules(parameters, context)
        multi = QgsProcessingMultiStepFeedback(5, feedback)
        parcels = self.parameterAsSource(parameters, "PARCELS", context)
        zones = self.parameterAsSource(parameters, "ZONES", context)
        if parcels is None:
            raise QgsProcessingException(self.invalidSourceError(parameters, "PARCELS"))
        if zones is None:
            raise QgsProcessingException(self.invalidSourceError(parameters, "ZONES"))
        crs = parcels.sourceCrs()
        try:
            pname = self._name(parameters, "PARCELS", context)
            pdata, pdf = read_frame(parcels, pname, multi, tr("parcels"),
                                    layer=fastio.gpkg_layer(self, parameters, "PARCELS", context))
            check_projected(pdata.info)
            missing = [f for f in ("office", "section", "parcel_no", "reg_area") if f not in pdf.columns]
            if missing:
                raise QgsProcessingException(
                    tr("The parcel layer lacks the schema fields: ") + ", ".join(missing) + ". "
                    + tr("Map the county's fields first with 'Map parcel fields to the schema' (twzoning:mapparcelfields).")
                )
            multi.setCurrentStep(1)
            zname = self._name(parameters, "ZONES", context)
            zsource = reprojected(self, parameters, "ZONES", zones, crs, context, multi)
            zlayer = fastio.gpkg_layer(self, parameters, "ZONES", context) if zsource is zones else None
            zdata, zdf = read_frame(zsource, zname, multi, tr("zones"), layer=zlayer)
            field = self.parameterAsString(parameters, "CLASS_FIELD", context) or "class_code"
            if field not in zdf.columns:
                raise QgsProcessingException(
                    tr("The zone layer has no class field ") + f"'{field}'. " + tr("Fields: ")
                    + ", ".join(c for c in zdf.columns if c != GEOMETRY)
                )
            multi.setCurrentStep(2)
            context_geoms = {}
            for name, *_rest in _CONTEXT:
                src = self.parameterAsSource(parameters, name, context) if parameters.get(name) else None
                if src is None:
                    context_geoms[name] = None
                    continue
                src = reprojected(self, parameters, name, src, crs, context, multi)
                _d, cdf = read_frame(src, self._name(parameters, name, context), None, name, allow_empty=True)
                context_geoms[name] = np.array([g for g in cdf[GEOMETRY] if g is not None], dtype=object)
            multi.setCurrentStep(3)
            result = self._assign(pdata, pdf, zdata, zdf, field, context_geoms, rules, parameters, context, multi)
        except Cancelled:
            return {}
        if multi.isCanceled():
            return {}
        multi.setCurrentStep(4)
        s = result.summary
        multi.pushInfo(tr("Parcels: ") + str(s["parcels"]) + ", " + tr("pieces: ") + str(s["pieces"]) + ", "
                       + tr("split parcels: ") + str(s["split_parcels"]) + ", " + tr("majority rule: ")
                       + str(s["majority_parcels"]) + ", " + tr("slivers joined: ") + str(s["slivers_absorbed"]))
        if s["unzoned_pieces"]:
            multi.pushWarning(tr("Pieces covered by no zone (BND-NOZONE): ") + str(s["unzoned_pieces"]))
        if s["overlap_parcels"]:
            multi.pushWarning(tr("Parcels where zones overlap (decided by precedence): ") + str(s["overlap_parcels"]))
        multi.pushInfo(tr("Areas are planar in the CRS ") + crs.authid() + " (m²).")
        balance = self._balance(pdata, pdf, result, rules, multi)
        fields = output_fields(parcels.fields(), PIECE_FIELDS)
        pfields = output_fields(parcels.fields(), PARCEL_FIELDS)
        dest, dest_p = write_frames(self, parameters, context, [("OUTPUT", result.pieces, fields, crs, True),
                                                                ("OUTPUT_PARCELS", result.parcels, pfields, crs, True)])
        self.style_output(context, dest, "parcels.qml")
        self.style_output(context, dest_p, "parcels.qml")
        multi.setCurrentStep(5)
        return {"OUTPUT": dest, "OUTPUT_PARCELS": dest_p, "PARCEL_COUNT": s["parcels"], "PIECE_COUNT": s["pieces"],
                "SPLIT_COUNT": s["split_parcels"], "CONSERVATION_OK": 1,
                "UNACCOUNTED_COUNT": balance.counts["unaccounted_parcels"],
                "OUTSIDE_COUNT": balance.counts["outside_parcels"], "UNZONED_COUNT": balance.counts["unzoned_parcels"]}

    @staticmethod
    def _balance(pdata, pdf, result, rules, feedback):
        """The conservation check (issue #11): computed from the input parcels, not from the assignment's own
        table; a violation fails the run before any output is written."""
        keys = make_keys(pdf.drop(columns=[GEOMETRY]).reset_index(drop=True), pdata.fids)
        areas = np.nan_to_num(shapely.area(pdf[GEOMETRY].to_numpy()))
        tolerance = float(rules.threshold("parcel_sliver_max_area").value)
        balance = assignment_balance(keys, areas, result.pieces, tolerance)
        c = balance.counts
        feedback.pushInfo(
            tr("Conservation: input parcels ") + str(c["input_parcels"]) + ", " + tr("accounted for ")
            + str(c["accounted_parcels"]) + " (" + tr("outside the register ") + str(c["outside_parcels"]) + ", "
            + tr("unzoned ") + str(c["unzoned_parcels"]) + "), " + tr("largest area difference ")
            + f"{c['max_area_difference_m2']:.4f} m²"
        )
        if not balance.ok:
            raise QgsProcessingException(
                tr("Conservation check failed: parcels would be lost or changed in area. This is a defect of the "
                   "plugin: please report it with the input layers. ") + "; ".join(balance.problems)
            )
        return balance

    def _assign(self, pdata, pdf, zdata, zdf, field, context_geoms, rules, parameters, context, multi):
        choice = self.parameterAsEnum(parameters, "MAJORITY", context)
        majority = {0: None, 1: True, 2: False}[choice]
        sliver = None
        if parameters.get("SLIVER_AREA") not in (None, ""):
            sliver = self.parameterAsDouble(parameters, "SLIVER_AREA", context)
        zone_text = {c: zdf[c].tolist() if c in zdf.columns else None
                     for c in ("rule_id", "reason", "reason_en", "pending_rule", "fallback_class")}
        try:
            return assign_parcels(
                pdf[GEOMETRY].to_numpy(), pdf.drop(columns=[GEOMETRY]), zdf[GEOMETRY].to_numpy(), zdf[field].tolist(),
                rules, parcel_ids=pdata.fids, zone_rules=zone_text["rule_id"], zone_reasons=zone_text["reason"],
                zone_reasons_en=zone_text["reason_en"], zone_pending=zone_text["pending_rule"],
                zone_fallbacks=zone_text["fallback_class"], sea=context_geoms["SEA"], mht=context_geoms["MHT"],
                urban_plans=context_geoms["URBAN_PLANS"], national_parks=context_geoms["NATIONAL_PARKS"],
                sliver_area=sliver, majority=majority, progress=progress_of(multi),
            )
        except AssignmentError as exc:
            data = zdata if exc.what.startswith("zone") or exc.what == "class_code" else pdata
            layer = tr("zone layer") if data is zdata else tr("parcel layer")
            hint = {
                "key": tr("Each parcel key (office|section|parcel_no) must be unique: correct the duplicates."),
                "class_code": tr("Use class codes CON1 … URB3 or class names such as 國1 / 國土保育地區第1類."),
                "parcel_invalid": tr("Repair them with 'Fix geometries' (native:fixgeometries) and run again."),
                "zone_invalid": tr("Repair them with 'Fix geometries' (native:fixgeometries) and run again."),
            }.get(exc.what, tr("Correct these features and run again."))
            raise QgsProcessingException(
                layer + ": " + str(exc) + ". " + tr("Features: ") + name_rows(data, exc.rows) + ". " + hint
            ) from exc

    def _name(self, parameters, name, context) -> str:
        layer = self.parameterAsVectorLayer(parameters, name, context)
        return layer_display_name(layer) if layer is not None else name


__all__ = ["AssignParcels", "to_qgs", "reprojected", "check_projected", "read_frame", "name_rows", "output_fields",
           "write_frame", "write_frames", "progress_of"]
