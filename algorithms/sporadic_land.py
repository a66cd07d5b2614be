"""``twzoning:sporadicland``: sporadic land (零星土地, RULES.md §4.0, §2.2, §3.7) on the assigned parcels.

Thin Processing glue around :func:`core.sporadic.find_sporadic`. Also holds what the two candidate algorithms share:
the DECISIONS parameters, reading the planner's table, writing the candidate list and the reviewer's workbook.
"""
from __future__ import annotations

import os

import pandas as pd
from qgis.core import (
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingMultiStepFeedback,
    QgsProcessingOutputNumber,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterFile,
    QgsProcessingParameterFileDestination,
    QgsVectorLayer,
)

from ..core.decisions import CANDIDATE_LIST_FIELDS, DecisionsError, decisions_from_frame, read_decisions, write_workbook
from ..core.parcels import GEOMETRY, Cancelled, check_pieces
from ..core.sporadic import find_sporadic
from . import fastio
from .assign_parcels import check_projected, output_fields, progress_of, read_frame, write_frames
from .base import TwZoningAlgorithm, tr
from .layers import layer_display_name, make_fields, read_source


# ================================================================================================================
# Shared by sporadicland and ruralunits
# ================================================================================================================
def add_decision_params(alg: TwZoningAlgorithm) -> None:
    alg.add_param(
        QgsProcessingParameterFile("DECISIONS", tr("Decisions table (審查決定)"), optional=True,
                                   fileFilter=tr("Tables (*.csv *.xlsx *.gpkg)")),
        tr("A CSV (UTF-8), XLSX or GeoPackage table with the planner's answers: parcel_key (or office, section, "
           "parcel_no), rule_id (empty = every candidate of the parcel), planner_decision (accepted / refused, "
           "同意 / 不同意) and comment. The candidate list this algorithm writes has these columns: fill "
           "planner_decision and give it back here. The same table always gives the same result."),
    )
    alg.add_param(
        QgsProcessingParameterFeatureSource("DECISIONS_LAYER", tr("Decisions layer"), [QgsProcessing.TypeVector],
                                            optional=True),
        tr("The same table as a layer of the project (e.g. the candidate list edited in QGIS). Give either this "
           "or DECISIONS."),
        advanced=True,
    )
    alg.add_param(
        QgsProcessingParameterBoolean("APPLY_PROPOSED", tr("Apply proposals the planner has not answered"),
                                      defaultValue=False),
        tr("Rules worded 「得」 only propose: by default a proposal changes the output only once the planner "
           "accepts it in DECISIONS. When checked, every proposal not refused is applied."),
    )


def load_decisions(alg, parameters, context, feedback):
    """The DecisionTable of DECISIONS / DECISIONS_LAYER, or None."""
    path = alg.parameterAsFile(parameters, "DECISIONS", context) if parameters.get("DECISIONS") else ""
    layer_given = bool(parameters.get("DECISIONS_LAYER"))
    if path and layer_given:
        raise QgsProcessingException(tr("Give the decisions either as a file (DECISIONS) or as a layer "
                                        "(DECISIONS_LAYER), not both."))
    try:
        if path and os.path.splitext(path)[1].lower() in (".gpkg", ".shp", ".sqlite", ".geojson"):
            layer = QgsVectorLayer(path, "DECISIONS", "ogr")
            if not layer.isValid():
                raise QgsProcessingException(tr("The decisions table cannot be opened: ") + path)
            data = read_source(layer, os.path.basename(path))
            table = decisions_from_frame(data.attrs.reset_index(drop=True), path)
        elif path:
            table = read_decisions(path)
        elif layer_given:
            source = alg.parameterAsSource(parameters, "DECISIONS_LAYER", context)
            data = read_source(source, "DECISIONS_LAYER")
            table = decisions_from_frame(data.attrs.reset_index(drop=True), "DECISIONS_LAYER")
        else:
            return None
    except DecisionsError as exc:
        raise QgsProcessingException(tr("The decisions table cannot be used: ") + str(exc)) from exc
    feedback.pushInfo(tr("Decisions read: ") + str(len(table)))
    return table


def add_candidate_outputs(alg: TwZoningAlgorithm) -> None:
    alg.add_param(
        QgsProcessingParameterFeatureSink("OUTPUT_CANDIDATES", tr("Candidates (候選清單)"),
                                          QgsProcessing.TypeVectorPolygon),
        tr("One feature per candidate: the parcel, from / to class, rule_id, decision (proposed / accepted / "
           "refused / flagged), the 表31 standard response, whether it goes to discussion, and the reason."),
    )
    alg.add_param(
        QgsProcessingParameterFileDestination("OUTPUT_XLSX", tr("Candidate workbook (XLSX)"),
                                              fileFilter=tr("Excel workbooks (*.xlsx)"), optional=True,
                                              createByDefault=False),
        tr("The candidate list as an Excel workbook for a reviewer (filters, frozen header, a planner_decision "
           "column to fill, the rules and a README sheet); it can be given back as DECISIONS."),
    )


def read_pieces(alg, parameters, name, context, feedback, rules):
    """The INPUT piece layer as a DataFrame; a clear error when it is not a piece layer."""
    source = alg.parameterAsSource(parameters, name, context)
    if source is None:
        raise QgsProcessingException(alg.invalidSourceError(parameters, name))
    layer = alg.parameterAsVectorLayer(parameters, name, context)
    lname = layer_display_name(layer) if layer is not None else name
    data, df = read_frame(source, lname, feedback, tr("parcel pieces"),
                          layer=fastio.gpkg_layer(alg, parameters, name, context))
    check_projected(data.info)
    problems = check_pieces(df, rules)
    if problems:
        raise QgsProcessingException(
            tr("The layer ") + f"'{lname}' " + tr("is not a layer of parcel pieces (the OUTPUT of twzoning:"
                                                 "assignparcels): ") + "; ".join(problems)
        )
    return source, df


def candidate_fields():
    return make_fields(CANDIDATE_LIST_FIELDS)


def rules_sheet(rules, ids) -> pd.DataFrame:
    rows = []
    for rid in ids:
        r = rules.rule(rid)
        params = "; ".join(f"{k}={rules.threshold(v).display or rules.threshold(v).value} ({v})"
                           for k, v in r.params.items())
        rows.append({"rule_id": r.id, "code": r.code or "", "name": r.name, "name_en": r.name_en,
                     "predicate": rules.rule_predicate(r) or "", "mode": r.mode, "scope": r.scope,
                     "status": r.status, "parameters": params, "text": r.text, "source": r.source})
    return pd.DataFrame(rows)


README = [
    "國土功能分區 零星土地／鄉村區單元 候選清單 — candidate list (twzoning:sporadicland, twzoning:ruralunits)",
    "decision: proposed = 得（待規劃單位決定）; accepted = 已採納並套用; refused = 不採納; flagged = 僅提示，不改變分區",
    "To answer: fill planner_decision (accepted / refused, 同意 / 不同意) and comment, save, and give this workbook "
    "back as DECISIONS; run again. The same table always gives the same result.",
    "response / response_id: 表31 國土功能分區圖成果檢核劃設差異處樣態之制式回應說明; discussion = 1: "
    "需輸出圖表至到府服務討論.",
    "area_m2: registered area (謄本面積) times the piece's share of the parcel (switch parcel_area_source); "
    "planar areas in the layer's projected CRS.",
]


def write_xlsx(path, cands: pd.DataFrame, rules, units: pd.DataFrame | None = None) -> None:
    sheets = [("candidates 候選清單", cands.drop(columns=[GEOMETRY], errors="ignore"))]
    if units is not None:
        sheets.append(("units 單元", units.drop(columns=[GEOMETRY], errors="ignore")))
    ids = list(dict.fromkeys(cands["rule_id"])) if not cands.empty else []
    if units is not None and not units.empty:
        ids += [r for r in dict.fromkeys(units["rule_id"]) if r and r not in ids]
    sheets.append(("rules 規則", rules_sheet(rules, ids)))
    write_workbook(path, sheets, README)


# ================================================================================================================
# The algorithm
# ================================================================================================================
class SporadicLand(TwZoningAlgorithm):
    ALG_ID = "sporadicland"
    GROUP_ID = "parcels"

    def displayName(self) -> str:  # noqa: N802 (QGIS API)
        return tr("Sporadic land (零星土地)")

    def description(self) -> str:
        return tr(
            "Finds and decides the sporadic-land candidates on the parcel pieces of 'Assign parcels to classes'. "
            "Land of one class enclosed on all sides by another class is proposed for inclusion in it when small "
            "enough: in 國1 under 2 ha (CON1-SPOR), 農2 under 2 ha in 農1 (AGR2-IN-AGR1; from 2 ha it is flagged), in "
            "the other classes by the rule set (SPOR-IN). Private land proposed for 國1 is flagged: the county may "
            "leave it out (CON1-PRIV). After the decisions, a farmland parcel split by a class boundary that leaves "
            "a piece under 0.25 ha is flagged (FARM-SPLIT, RULES.md §3.7). Rules worded 「得」 only propose; the "
            "planner accepts or refuses in a DECISIONS table and runs again. Every candidate carries the rule id, "
            "the standard response of 表31 and whether it goes to discussion, and a reason in Chinese and English. "
            "Land enclosed by a rural district or a special-purpose zone is left to 'Rural-district units'."
        )

    def outputs_help(self):
        return [
            ("OUTPUT", tr("the parcel pieces after the accepted decisions (same fields as INPUT)")),
            ("OUTPUT_CANDIDATES", tr("the candidate list")),
            ("OUTPUT_XLSX", tr("the candidate list as an Excel workbook")),
            ("CANDIDATE_COUNT", tr("number of candidates")),
            ("ACCEPTED_COUNT", tr("number of accepted candidates (applied to OUTPUT)")),
        ]

    def initAlgorithm(self, config=None):  # noqa: N802 (QGIS API)
        self.add_param(
            QgsProcessingParameterFeatureSource("INPUT", tr("Parcel pieces"), [QgsProcessing.TypeVectorPolygon]),
            tr("The OUTPUT of 'Assign parcels to classes' (twzoning:assignparcels): the parcel fields with "
               "parcel_key, class_code, share, piece_area, is_split, status, rule_id, reason."),
        )
        add_decision_params(self)
        self.add_ruleset_params()
        self.add_param(
            QgsProcessingParameterFeatureSink("OUTPUT", tr("Parcel pieces after sporadic land"),
                                              QgsProcessing.TypeVectorPolygon),
            tr("The parcel pieces with the accepted decisions applied; same fields as INPUT, so the next algorithm "
               "can read it."),
        )
        add_candidate_outputs(self)
        self.add_output(QgsProcessingOutputNumber("CANDIDATE_COUNT", tr("Candidates")))
        self.add_output(QgsProcessingOutputNumber("ACCEPTED_COUNT", tr("Accepted candidates")))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802 (QGIS API)
        rules = self.load_rules(parameters, context)
        multi = QgsProcessingMultiStepFeedback(3, feedback)
        done = decide(self, parameters, context, multi, rules, find_sporadic)
        if done is None:
            return {}
        source, _extra, result = done
        crs = source.sourceCrs()
        fields = output_fields(source.fields(), [])
        dest, dest_c = write_frames(self, parameters, context, [
            ("OUTPUT", result.pieces, fields, crs, True),
            ("OUTPUT_CANDIDATES", result.candidates, candidate_fields(), crs, True)])
        self.style_output(context, dest, "parcels.qml")
        self.style_output(context, dest_c, "candidates.qml")
        out = {"OUTPUT": dest, "OUTPUT_CANDIDATES": dest_c, "CANDIDATE_COUNT": len(result.candidates),
               "ACCEPTED_COUNT": int((result.candidates["decision"] == "accepted").sum())}
        xlsx = self.parameterAsFileOutput(parameters, "OUTPUT_XLSX", context)
        if xlsx:
            write_xlsx(xlsx, result.candidates, rules)
            out["OUTPUT_XLSX"] = xlsx
        multi.setCurrentStep(3)
        return out


def decide(alg, parameters, context, multi, rules, core_fn, prepare=None):
    """What sporadicland and ruralunits do first: read the INPUT pieces, then (``prepare(source)``) whatever else the
    algorithm reads, and the DECISIONS; run ``core_fn(pieces, rules, decisions, apply_proposed=…, progress=…)``
    (find_sporadic / build_units) and log its report. Returns ``(source, prepared, result)``, None when cancelled."""
    try:
        source, df = read_pieces(alg, parameters, "INPUT", context, multi, rules)
        prepared = prepare(source) if prepare is not None else None
        decisions = load_decisions(alg, parameters, context, multi)
        multi.setCurrentStep(1)
        result = core_fn(df, rules, decisions,
                         apply_proposed=alg.parameterAsBoolean(parameters, "APPLY_PROPOSED", context),
                         progress=progress_of(multi))
    except Cancelled:
        return None
    except ValueError as exc:
        raise QgsProcessingException(str(exc)) from exc
    if multi.isCanceled():
        return None
    multi.setCurrentStep(2)
    report(multi, result)
    return source, prepared, result


def report(feedback, result) -> None:
    """Counts per rule and decision, unused decisions and rules not evaluated, in the log."""
    for rule, counts in sorted(result.summary.get("by_rule", {}).items()):
        feedback.pushInfo(f"{rule}: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
    unused = result.summary.get("decisions_unused") or []
    if unused:
        feedback.pushWarning(tr("Decisions that match no candidate (check the keys): ") + ", ".join(unused[:20]))
    if result.not_evaluated:
        feedback.pushInfo(tr("Rules of the rule set not evaluated here: ") + ", ".join(result.not_evaluated))
