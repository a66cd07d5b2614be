"""``twzoning:mapparcelfields``: map a county's own cadastre fields onto the parcel schema in one step."""
from __future__ import annotations

import json

from qgis import processing
from qgis.core import (
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingOutputString,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterString,
)

from ..core.schema import propose_mapping, refactor_mapping
from .base import TwZoningAlgorithm, tr


def parse_overrides(text: str) -> dict[str, str]:
    """``"parcel_no=地號;reg_area=登記面積"`` → ``{"parcel_no": "地號", "reg_area": "登記面積"}``."""
    out = {}
    for part in (text or "").replace("\n", ";").split(";"):
        if not part.strip():
            continue
        if "=" not in part:
            raise ValueError(part)
        key, value = part.split("=", 1)
        out[key.strip()] = value.strip()
    return out


class MapParcelFields(TwZoningAlgorithm):
    ALG_ID = "mapparcelfields"
    GROUP_ID = "preparation"

    def displayName(self) -> str:  # noqa: N802 (QGIS API)
        return tr("Map parcel fields to the schema (地籍欄位對應)")

    def description(self) -> str:
        return tr(
            "Copies a county's cadastre into the parcel schema the other algorithms read (county, town, office, "
            "section, section_name, parcel_no, reg_area, nu_zone, nu_landuse, owner_type and the optional fields). "
            "Each schema field is matched to a source field by its name, its Chinese or English alias, or the "
            "names counties commonly use (e.g. 地號, 段號, 登記面積, 使用分區); MAPPING overrides any match. The "
            "copy is made by QGIS's 'Refactor fields' (native:refactorfields), and the mapping used is returned "
            "so it can be reused in a model or with qgis_process."
        )

    def outputs_help(self):
        return [
            ("OUTPUT", tr("the parcels with the schema fields")),
            ("MAPPING_USED", tr("the FIELDS_MAPPING given to native:refactorfields, as JSON")),
        ]

    def initAlgorithm(self, config=None):  # noqa: N802 (QGIS API)
        self.add_param(
            QgsProcessingParameterFeatureSource("INPUT", tr("County cadastre (地籍)"),
                                                [QgsProcessing.TypeVectorPolygon]),
            tr("The county's parcel layer with its own field names."),
        )
        self.add_param(
            QgsProcessingParameterString("MAPPING", tr("Field overrides"), defaultValue="", optional=True,
                                         multiLine=True),
            tr("Optional 'schema_field=source_field' pairs separated by ';' (e.g. 'parcel_no=地號;reg_area=登記面積'), "
               "used instead of the automatic match for those fields."),
        )
        self.add_ruleset_params()
        self.add_param(
            QgsProcessingParameterFeatureSink("OUTPUT", tr("Parcels (schema)"), QgsProcessing.TypeVectorPolygon),
            tr("The parcels with the fields of the parcel schema."),
        )
        self.add_output(QgsProcessingOutputString("MAPPING_USED", tr("Field mapping used (JSON)")))

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802 (QGIS API)
        rules = self.load_rules(parameters, context)
        source = self.parameterAsSource(parameters, "INPUT", context)
        if source is None:
            raise QgsProcessingException(self.invalidSourceError(parameters, "INPUT"))
        names = [f.name() for f in source.fields()]
        try:
            overrides = parse_overrides(self.parameterAsString(parameters, "MAPPING", context))
        except ValueError as exc:
            raise QgsProcessingException(
                tr("MAPPING must be 'schema_field=source_field' pairs separated by ';'; this part is not: ")
                + str(exc)
            ) from exc
        schema_names = [f.name for f in rules.parcel_schema]
        for key, value in overrides.items():
            if key not in schema_names:
                raise QgsProcessingException(
                    tr("MAPPING names an unknown schema field: ") + key + ". " + tr("Schema fields: ")
                    + ", ".join(schema_names)
                )
            if value not in names:
                raise QgsProcessingException(
                    tr("MAPPING names a field the input layer does not have: ") + value + ". "
                    + tr("Fields of the input layer: ") + ", ".join(names)
                )
        mapping = {**propose_mapping(names, rules), **overrides}
        missing = [f for f in rules.parcel_schema if f.required and not mapping.get(f.name)]
        if missing:
            raise QgsProcessingException(
                tr("No source field found for these required schema fields: ")
                + ", ".join(f"{f.name} ({f.alias_zh})" for f in missing) + ". "
                + tr("Name them in MAPPING, e.g. ") + f"'{missing[0].name}=<field>'. "
                + tr("Fields of the input layer: ") + ", ".join(names)
            )
        for fdef in rules.parcel_schema:
            feedback.pushInfo(f"{fdef.name} ({fdef.alias_zh}) ← {mapping.get(fdef.name) or 'NULL'}")
        fields_mapping = refactor_mapping(names, rules, mapping=mapping)
        result = processing.run(
            "native:refactorfields",
            {"INPUT": parameters["INPUT"], "FIELDS_MAPPING": fields_mapping, "OUTPUT": parameters["OUTPUT"]},
            context=context, feedback=feedback, is_child_algorithm=True,
        )
        return {"OUTPUT": result["OUTPUT"], "MAPPING_USED": json.dumps(fields_mapping, ensure_ascii=False)}
