"""``twzoning:landregister``: the 使用地土地清冊 (繪製作業辦法 附件三) from the assigned parcel pieces."""
from __future__ import annotations

from qgis.core import (
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingMultiStepFeedback,
    QgsProcessingOutputNumber,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterString,
)

from ..core import fileio
from ..core import register as reg
from ..core.conservation import register_balance, registrable_parcels
from . import fastio
from .assign_parcels import write_frame
from .base import TwZoningAlgorithm, tr
from .layers import layer_display_name, make_fields, read_source

#: ENCODING options (stable order: the index is what models and qgis_process pass).
ENCODINGS = [("utf-8-sig", "UTF-8 with BOM (Excel)"), ("cp950", "Big5 / cp950 (older systems)")]


def produced_at(alg, parameters, context):
    """The footer's production time: PRODUCED_AT, else $SOURCE_DATE_EPOCH, else now (core.register.produced_time)."""
    try:
        return reg.produced_time(alg.parameterAsString(parameters, "PRODUCED_AT", context))
    except reg.InputError as exc:
        raise QgsProcessingException(str(exc)) from exc


def add_produced_at_param(alg) -> None:
    alg.add_param(
        QgsProcessingParameterString("PRODUCED_AT", tr("Production time (產製時間)"), defaultValue="", optional=True),
        tr("The production time printed in the outputs, as ISO 8601 (e.g. 2025-11-24T14:05). Empty: the "
           "environment variable SOURCE_DATE_EPOCH (seconds since 1970) if set, else the current time. Fix it to "
           "get byte-identical files on a re-run."),
    )


def read_pieces(alg, parameters, context, feedback, name="INPUT"):
    """The pieces of parameter ``name`` as plain data; refuses a geographic CRS (areas are planar)."""
    source = alg.parameterAsSource(parameters, name, context)
    if source is None:
        raise QgsProcessingException(alg.invalidSourceError(parameters, name))
    layer = alg.parameterAsVectorLayer(parameters, name, context)
    label = layer_display_name(layer) if layer is not None else name
    data = read_source(source, label, feedback, layer=fastio.gpkg_layer(alg, parameters, name, context))
    if data.info.crs_is_geographic:
        raise QgsProcessingException(
            tr("The layer uses a geographic CRS; areas must be planar. Reproject it to EPSG:3826 (TWD97 / TM2) "
               "or EPSG:3825 first: ") + label
        )
    return source, label, data


class LandRegister(TwZoningAlgorithm):
    ALG_ID = "landregister"
    GROUP_ID = "outputs"

    def displayName(self) -> str:  # noqa: N802 (QGIS API)
        return tr("Land register (使用地土地清冊)")

    def description(self) -> str:
        return tr(
            "Writes the land register of 繪製作業辦法 附件三 from the assigned parcel pieces (the output of Assign "
            "parcels, Sporadic land or Rural units): one row per parcel with the 12 columns of the legal format, "
            "filled as 表29 prescribes. Before drawing: the former non-urban zone and land-use category. After "
            "drawing: the class name (部分A、部分B for a parcel in several classes, canonical order) and 國土保育用地 "
            "only where buildable land or legal agriculture becomes non-buildable (the rule set's designations, or "
            "the assessment field). Remarks: 屬原依區域計畫法編定之○○用地 and the special remarks of RULES.md §6.3. "
            "Area: the registered (謄本) area with 2 decimals. Unregistered land gets a provisional number (附件三 "
            "註二); urban-plan and national-park land is left out (RULES.md §6.6) but kept, flagged, in the table. "
            "Rows are sorted by township, land office, section and parcel number; the only time stamp in the files "
            "is the production time of the footer (bottom right: cadastre source, version, production time)."
        )

    def outputs_help(self):
        return [
            ("OUTPUT_XLSX", tr("the register as an Excel workbook: two-row header with merged group cells, a new "
                               "sheet every 1,048,576 rows, footer at the bottom right")),
            ("OUTPUT_CSV", tr("the register as CSV with the flattened header (UTF-8 with BOM, or Big5)")),
            ("OUTPUT", tr("one row per parcel (register columns + parcel_key, class_codes, in_register, provisional, "
                          "rule_id, reason, reason_en), excluded parcels included with in_register = 0")),
            ("ROW_COUNT", tr("rows written to the register")),
            ("EXCLUDED_COUNT", tr("parcels left out (urban plan / national park)")),
            ("PROVISIONAL_COUNT", tr("rows with a provisional number")),
            ("CONSERVATION_COUNT", tr("rows designated 國土保育用地")),
            ("CONSERVATION_OK", tr("1 when every input piece is counted in exactly one row and the register rows "
                                   "equal the registrable parcels (those with land outside urban plans and "
                                   "national parks); otherwise the run fails")),
            ("REGISTRABLE_COUNT", tr("registrable parcels counted from the input (-1: not countable, unnumbered "
                                     "pieces without parcel_key)")),
        ]

    def initAlgorithm(self, config=None):  # noqa: N802 (QGIS API)
        self.add_param(
            QgsProcessingParameterFeatureSource("INPUT", tr("Assigned parcel pieces"),
                                                [QgsProcessing.TypeVectorPolygon]),
            tr("One feature per parcel piece with the parcel schema fields (county, town, office, section, "
               "section_name, parcel_no, reg_area, nu_zone, nu_landuse …) and the piece fields (class_code, "
               "class_name, status, rule_id …), e.g. the output of twzoning:assignparcels."),
        )
        self.add_param(
            QgsProcessingParameterField("CONSERVATION_FIELD", tr("Assessment field (國土保育用地評估結果)"),
                                        parentLayerParameterName="INPUT", optional=True),
            tr("Optional field holding the result of the 國土保育用地 assessment (RULES.md §6.5): 1 = the land becomes "
               "國土保育用地, 0 = it is kept; empty = decided by the rule set's designations (none by default: "
               "existing buildable land is kept)."),
        )
        self.add_param(
            QgsProcessingParameterString("CADASTRE_SOURCE", tr("Cadastre source (地籍資料來源)"), defaultValue="",
                                         optional=True),
            tr("Where the cadastre comes from, printed in the footer (e.g. 示範縣地政處). Empty: the input layer name."),
        )
        self.add_param(
            QgsProcessingParameterString("CADASTRE_VERSION", tr("Cadastre version (地籍版本)"), defaultValue="",
                                         optional=True),
            tr("The version or date of the cadastre, printed in the footer (e.g. 2025-10-01)."),
        )
        add_produced_at_param(self)
        self.add_param(
            QgsProcessingParameterEnum("ENCODING", tr("CSV encoding"), options=[tr(label) for _c, label in ENCODINGS],
                                       defaultValue=0),
            tr("UTF-8 with a byte-order mark opens correctly in Excel; Big5 (cp950) is for older systems and fails "
               "with the row, column and character when a character has no Big5 code."),
        )
        self.add_ruleset_params()
        self.add_param(
            QgsProcessingParameterFileDestination("OUTPUT_XLSX", tr("Register (XLSX)"),
                                                  fileFilter=tr("Excel workbooks (*.xlsx)"), optional=True),
            tr("The register as an Excel workbook."),
        )
        self.add_param(
            QgsProcessingParameterFileDestination("OUTPUT_CSV", tr("Register (CSV)"),
                                                  fileFilter=tr("CSV files (*.csv)"), optional=True),
            tr("The register as CSV."),
        )
        self.add_param(
            QgsProcessingParameterFeatureSink("OUTPUT", tr("Register table"), QgsProcessing.TypeVector),
            tr("The register rows as a table, with the audit columns and the excluded parcels."),
        )
        for name, label in (("ROW_COUNT", "Register rows"), ("EXCLUDED_COUNT", "Excluded parcels"),
                            ("PROVISIONAL_COUNT", "Provisional numbers"),
                            ("CONSERVATION_COUNT", "國土保育用地 rows"),
                            ("CONSERVATION_OK", "Conservation check passed"),
                            ("REGISTRABLE_COUNT", "Registrable parcels")):
            self.add_output(QgsProcessingOutputNumber(name, tr(label)))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802 (QGIS API)
        multi = QgsProcessingMultiStepFeedback(3, feedback)
        rules = self.load_rules(parameters, context)
        produced = produced_at(self, parameters, context)
        encoding = ENCODINGS[self.parameterAsEnum(parameters, "ENCODING", context)][0]
        field = self.parameterAsString(parameters, "CONSERVATION_FIELD", context) or None
        source, label, data = read_pieces(self, parameters, context, multi)
        if feedback.isCanceled():
            return {}
        multi.setCurrentStep(1)
        feedback.pushInfo(tr("Building the register from pieces: ") + str(len(data.attrs)))
        try:
            register = reg.build_register(data.attrs, rules, data.geoms, conservation_field=field)
        except reg.InputError as exc:
            raise QgsProcessingException(tr("Layer ") + label + ": " + str(exc)) from exc
        for warning in register.warnings:
            feedback.pushWarning(warning)
        balance = self._balance(data, register, rules, feedback)
        cadastre = self.parameterAsString(parameters, "CADASTRE_SOURCE", context) or label
        version = self.parameterAsString(parameters, "CADASTRE_VERSION", context)
        footer = reg.footer_text(rules, cadastre, version, produced)
        xlsx = self.parameterAsFileOutput(parameters, "OUTPUT_XLSX", context)
        csv_path = self.parameterAsFileOutput(parameters, "OUTPUT_CSV", context)
        try:
            csv_data = reg.csv_bytes(register, rules, footer, encoding) if csv_path else None
        except reg.EncodingProblem as exc:
            raise QgsProcessingException(str(exc)) from exc
        if feedback.isCanceled():
            return {}
        multi.setCurrentStep(2)
        dest = write_frame(self, parameters, context, "OUTPUT", register.rows, make_fields(reg.REGISTER_FIELDS),
                           source.sourceCrs(), multi, geometry=False)
        result = {"OUTPUT": dest}
        if xlsx:
            sheets = reg.write_xlsx(xlsx, register, rules, footer, produced)
            feedback.pushInfo(tr("Register workbook written, sheets: ") + str(sheets))
            result["OUTPUT_XLSX"] = xlsx
        if csv_path:
            fileio.write_bytes(csv_path, csv_data)
            result["OUTPUT_CSV"] = csv_path
        rows = register.rows
        listed = register.listed
        counts = {
            "ROW_COUNT": int(len(listed)),
            "EXCLUDED_COUNT": int((rows["in_register"] == 0).sum()),
            "PROVISIONAL_COUNT": int(listed["provisional"].sum()),
            "CONSERVATION_COUNT": int((listed["after_landuse"] != "").sum()),
        }
        counts["CONSERVATION_OK"] = 1
        counts["REGISTRABLE_COUNT"] = balance.counts["registrable_parcels"]
        feedback.pushInfo(", ".join(f"{k}={v}" for k, v in counts.items()))
        multi.setCurrentStep(3)
        result.update(counts)
        return result

    @staticmethod
    def _balance(data, register, rules, feedback):
        """The conservation check (issue #11): every input piece counted once, register rows = registrable parcels
        (counted from the input, independently of the register builder). A violation fails before any file is
        written."""
        scope = rules.register["scope"]
        expected = registrable_parcels(data.attrs, scope["excluded_statuses"], scope["excluded_classes"],
                                       rules.resolve_class)
        balance = register_balance(len(data.attrs), register.rows, expected)
        c = balance.counts
        feedback.pushInfo(
            tr("Conservation: input pieces ") + str(c["input_pieces"]) + ", " + tr("counted in rows ")
            + str(c["pieces_in_rows"]) + ", " + tr("register rows ") + str(c["register_rows"]) + ", "
            + tr("registrable parcels ") + (str(expected) if expected is not None else tr("not countable"))
        )
        if not balance.ok:
            raise QgsProcessingException(
                tr("Conservation check failed: the register would lose or repeat parcels. This is a defect of the "
                   "plugin: please report it with the input layer. ") + "; ".join(balance.problems)
            )
        return balance
