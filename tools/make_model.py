"""Generate ``models/zoning_chain.model3``, the whole chain as a Graphical Modeler model (issue #12).

The model is built with :class:`QgsProcessingModelAlgorithm` against the algorithms as they are registered, so its
links use the algorithms' real parameter and output names; a name that no longer exists makes this script fail
instead of writing a model with broken links.

Usage: ``python tools/make_model.py [--out models/zoning_chain.model3] [--check]`` (``--check`` fails when the
committed file differs from what would be generated).

Chain (the order of ``tools/demo.py``): validateinputs → delineateclasses → assignparcels → sporadicland →
ruralunits → marinepoints → landregister → zoningstatistics. Model inputs: the county's layers, the preset and
the output folder; every child writes its result into the output folder under a fixed file name
(:data:`FILES`), so a batch run finds them there.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MODEL_PATH = ROOT / "models" / "zoning_chain.model3"
MODEL_NAME = "Zoning drawing chain (國土功能分區繪製流程)"
MODEL_GROUP = "0 Chains (流程)"

#: Output files written into OUTPUT_FOLDER: (child id, child output) -> file name. tools/batch.py reads them.
FILES = {
    ("validate", "OUTPUT"): "validation.gpkg",
    ("validate", "OUTPUT_REPORT"): "validation.html",
    ("delineate", "OUTPUT"): "zoning.gpkg",
    ("delineate", "OUTPUT_CANDIDATES"): "zoning_candidates.gpkg",
    ("delineate", "OUTPUT_STATISTICS"): "zoning_statistics.csv",
    ("delineate", "OUTPUT_ISSUES"): "zoning_issues.csv",
    ("assign", "OUTPUT"): "parcels.gpkg",
    ("assign", "OUTPUT_PARCELS"): "parcel_classes.gpkg",
    ("sporadic", "OUTPUT"): "parcels_sporadic.gpkg",
    ("sporadic", "OUTPUT_CANDIDATES"): "candidates_sporadic.gpkg",
    ("rural", "OUTPUT"): "parcels_units.gpkg",
    ("rural", "OUTPUT_UNITS"): "rural_units.gpkg",
    ("rural", "OUTPUT_CANDIDATES"): "candidates.gpkg",
    ("rural", "OUTPUT_XLSX"): "candidates.xlsx",
    ("marine", "OUTPUT_POINTS"): "marine_points.gpkg",
    ("marine", "OUTPUT_TABLE"): "marine_appendix.xlsx",
    ("marine", "OUTPUT_MAP"): "marine_map.png",
    ("register", "OUTPUT_XLSX"): "register.xlsx",
    ("register", "OUTPUT_CSV"): "register.csv",
    ("register", "OUTPUT"): "register.gpkg",
    ("statistics", "OUTPUT_XLSX"): "statistics.xlsx",
    ("statistics", "OUTPUT_CHART"): "statistics.png",
}


def _model_inputs(tr):
    """The model's own parameters: (definition factory, help). Built lazily so the module imports without QGIS."""
    from qgis.core import (
        QgsProcessing,
        QgsProcessingParameterFeatureSource,
        QgsProcessingParameterFile,
        QgsProcessingParameterMultipleLayers,
        QgsProcessingParameterString,
    )

    poly, line = [QgsProcessing.TypeVectorPolygon], [QgsProcessing.TypeVectorLine]
    return [
        (QgsProcessingParameterFeatureSource("PARCELS", tr("Parcels (地籍)"), poly),
         tr("The county cadastre with the parcel schema fields.")),
        (QgsProcessingParameterMultipleLayers("INDICATORS", tr("Indicator layers (劃設參考指標)"),
                                              QgsProcessing.TypeVectorAnyGeometry),
         tr("The land indicator layers, recognised by their names (as for Delineate classes).")),
        (QgsProcessingParameterFeatureSource("SEA", tr("Sea area (海域)"), poly, optional=True),
         tr("The county sea area (直轄市、縣（市）海域管轄範圍).")),
        (QgsProcessingParameterFeatureSource("MHT", tr("Mean high tide line (平均高潮線)"), line),
         tr("The mean high tide line; it also anchors the marine points.")),
        (QgsProcessingParameterFeatureSource("COUNTY", tr("County boundary (縣市界)"), poly, optional=True),
         tr("The county boundary.")),
        (QgsProcessingParameterFeatureSource("URBAN_PLANS", tr("Urban-plan areas (都市計畫範圍)"), poly,
                                             optional=True),
         tr("Urban-plan areas: their parcels are not registered and their sea points are marked.")),
        (QgsProcessingParameterFeatureSource("NATIONAL_PARKS", tr("National parks (國家公園範圍)"), poly,
                                             optional=True),
         tr("National-park areas: their parcels are not registered.")),
        (QgsProcessingParameterMultipleLayers("MARINE_INDICATORS", tr("Marine indicator layers (海洋資源地區劃設參考指標)"),
                                              QgsProcessing.TypeVectorAnyGeometry),
         tr("The marine indicator layers for the marine points (海洋資源地區點位).")),
        (QgsProcessingParameterString("PRESET", tr("County preset"), defaultValue="", optional=True),
         tr("The id of a shipped county preset, or the path of a preset YAML file; empty for the national rules.")),
        (QgsProcessingParameterString("CADASTRE_SOURCE", tr("Cadastre source (地籍資料來源)"), defaultValue="",
                                      optional=True),
         tr("Written into the register header.")),
        (QgsProcessingParameterString("CADASTRE_VERSION", tr("Cadastre version (地籍版本)"), defaultValue="",
                                      optional=True),
         tr("Written into the register header.")),
        (QgsProcessingParameterString("PRODUCED_AT", tr("Production time (產製時間)"), defaultValue="",
                                      optional=True),
         tr("Fixed production time (ISO) of the documents; empty for now.")),
        (QgsProcessingParameterFile("OUTPUT_FOLDER", tr("Output folder (輸出資料夾)"),
                                    behavior=QgsProcessingParameterFile.Folder),
         tr("Every result of the chain is written into this folder under a fixed name (zoning.gpkg, "
            "parcels_units.gpkg, register.xlsx, statistics.xlsx …).")),
    ]


#: Children: (child id, algorithm id, description, {param: source}) where a source is ("model", name),
#: ("child", child id, output), ("models", [names]) for a multiple-layer list, or ("value", static value).
CHILDREN = [
    ("validate", "twzoning:validateinputs", "Validate inputs (資料檢核)", {
        "PARCELS": ("model", "PARCELS"), "INDICATORS": ("models", ["INDICATORS", "SEA", "MHT", "COUNTY"]),
        "PRESET": ("model", "PRESET")}),
    ("delineate", "twzoning:delineateclasses", "Delineate classes (分區劃設)", {
        "INDICATORS": ("model", "INDICATORS"), "PARCELS": ("model", "PARCELS"), "SEA": ("model", "SEA"),
        "MHT": ("model", "MHT"), "COUNTY": ("model", "COUNTY"), "PRESET": ("model", "PRESET")}),
    ("assign", "twzoning:assignparcels", "Assign parcels (地籍分派)", {
        "PARCELS": ("model", "PARCELS"), "ZONES": ("child", "delineate", "OUTPUT"), "SEA": ("model", "SEA"),
        "MHT": ("model", "MHT"), "URBAN_PLANS": ("model", "URBAN_PLANS"),
        "NATIONAL_PARKS": ("model", "NATIONAL_PARKS"), "PRESET": ("model", "PRESET")}),
    ("sporadic", "twzoning:sporadicland", "Sporadic land (零星土地)", {
        "INPUT": ("child", "assign", "OUTPUT"), "PRESET": ("model", "PRESET")}),
    ("rural", "twzoning:ruralunits", "Rural units (鄉村區單元)", {
        "INPUT": ("child", "sporadic", "OUTPUT"), "CANDIDATES": ("child", "sporadic", "OUTPUT_CANDIDATES"),
        "PRESET": ("model", "PRESET")}),
    ("marine", "twzoning:marinepoints", "Marine points (海洋資源地區點位)", {
        "INDICATORS": ("model", "MARINE_INDICATORS"), "MHT": ("model", "MHT"), "SEA_AREA": ("model", "SEA"),
        "URBAN_PLANS": ("model", "URBAN_PLANS"), "PRESET": ("model", "PRESET")}),
    ("register", "twzoning:landregister", "Land register (土地清冊)", {
        "INPUT": ("child", "rural", "OUTPUT"), "CADASTRE_SOURCE": ("model", "CADASTRE_SOURCE"),
        "CADASTRE_VERSION": ("model", "CADASTRE_VERSION"), "PRODUCED_AT": ("model", "PRODUCED_AT"),
        "PRESET": ("model", "PRESET")}),
    ("statistics", "twzoning:zoningstatistics", "Zoning statistics (分區統計)", {
        "INPUT": ("child", "rural", "OUTPUT"), "PRODUCED_AT": ("model", "PRODUCED_AT"),
        "PRESET": ("model", "PRESET")}),
]


#: Order links beyond the data links, so the children run in the chain's order (validation first, the documents
#: last) and a county that fails stops at the same step every time.
AFTER = {"delineate": "validate", "marine": "rural", "register": "marine", "statistics": "register"}


def _source(spec):
    from qgis.core import QgsProcessingModelChildParameterSource as Src

    kind = spec[0]
    if kind == "model":
        return [Src.fromModelParameter(spec[1])]
    if kind == "models":
        return [Src.fromModelParameter(name) for name in spec[1]]
    if kind == "child":
        return [Src.fromChildOutput(spec[1], spec[2])]
    return [Src.fromStaticValue(spec[1])]


def _static_defaults(child, alg, sources) -> None:
    """Mandatory parameters the model does not link get the algorithm's own default as a static value, exactly
    what the Modeler's dialog and ``qgis_process run`` fill in (so model and one-by-one runs agree)."""
    from qgis.core import QgsProcessingModelChildParameterSource as Src
    from qgis.core import QgsProcessingParameterDefinition

    for definition in alg.parameterDefinitions():
        if (definition.name() in sources or definition.isDestination()
                or definition.flags() & QgsProcessingParameterDefinition.FlagOptional):
            continue
        if definition.defaultValue() is None:
            raise ValueError(f"{alg.id()}: mandatory parameter {definition.name()} has no source in the model")
        child.addParameterSources(definition.name(), [Src.fromStaticValue(definition.defaultValue())])


def build_model(tr=lambda s: s):
    """The chain as a QgsProcessingModelAlgorithm; raises ValueError on a link to an unknown parameter/output."""
    from qgis.core import (
        QgsApplication,
        QgsProcessingModelAlgorithm,
        QgsProcessingModelChildAlgorithm,
        QgsProcessingModelChildDependency,
        QgsProcessingModelChildParameterSource,
        QgsProcessingModelParameter,
    )
    from qgis.PyQt.QtCore import QPointF

    model = QgsProcessingModelAlgorithm(MODEL_NAME, MODEL_GROUP)
    helps = {}
    for i, (definition, help_text) in enumerate(_model_inputs(tr)):
        definition.setHelp(help_text)
        component = QgsProcessingModelParameter(definition.name())
        component.setPosition(QPointF(120 + 230 * (i % 7), 60 + 90 * (i // 7)))
        model.addModelParameter(definition, component)
        helps[definition.name()] = help_text
    registry = QgsApplication.processingRegistry()
    for row, (child_id, alg_id, description, sources) in enumerate(CHILDREN):
        alg = registry.algorithmById(alg_id)
        if alg is None:
            raise ValueError(f"{alg_id} is not registered: is the twzoning provider loaded?")
        child = QgsProcessingModelChildAlgorithm(alg_id)
        child.setChildId(child_id)
        child.setDescription(description)
        child.setPosition(QPointF(300 + 260 * (row % 4), 300 + 160 * (row // 4)))
        names = {d.name() for d in alg.parameterDefinitions()}
        for param, spec in sources.items():
            if param not in names:
                raise ValueError(f"{alg_id} has no parameter {param}")
            child.addParameterSources(param, _source(spec))
        for (cid, output), filename in FILES.items():
            if cid != child_id:
                continue
            if output not in names:
                raise ValueError(f"{alg_id} has no destination {output}")
            expression = f"@OUTPUT_FOLDER || '/{filename}'"
            child.addParameterSources(output, [QgsProcessingModelChildParameterSource.fromExpression(expression)])
        _static_defaults(child, alg, sources)
        if child_id in AFTER:
            child.setDependencies([QgsProcessingModelChildDependency(AFTER[child_id])])
        model.addChildAlgorithm(child)
    for child_id, _alg, _d, sources in CHILDREN:
        for spec in sources.values():
            if spec[0] == "child":
                out_names = {o.name() for o in registry.algorithmById(model.childAlgorithm(spec[1]).algorithmId())
                             .outputDefinitions()}
                if spec[2] not in out_names:
                    raise ValueError(f"{spec[1]} has no output {spec[2]} (used by {child_id})")
    model.setHelpContent({
        "ALG_DESC": ("The whole zoning chain on one county: validate inputs → delineate classes → assign parcels → "
                     "sporadic land → rural units → marine points → land register → zoning statistics. Every result "
                     "is written into the output folder."),
        "ALG_CREATOR": "Taiwan Land Zoning Toolkit",
        **helps,
    })
    return model


def _start_qgis():
    """A headless QGIS with Processing and the plugin's provider (the checkout itself, imported as twzoning)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["QT_HASH_SEED"] = "0"  # a stable XML attribute order, so the committed file is reproducible
    from qgis.core import QgsApplication

    app = QgsApplication([], False)
    app.initQgis()
    sys.path.insert(0, os.path.join(QgsApplication.pkgDataPath(), "python", "plugins"))
    from processing.core.Processing import Processing

    Processing.initialize()
    link = Path(tempfile.mkdtemp(prefix="twzoning-model-")) / "twzoning"
    link.symlink_to(ROOT)
    sys.path.insert(0, str(link.parent))
    from twzoning.algorithms.provider import TwZoningProvider

    provider = TwZoningProvider()
    QgsApplication.processingRegistry().addProvider(provider)
    return app, provider


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=MODEL_PATH)
    parser.add_argument("--check", action="store_true", help="fail when the committed model is not current")
    args = parser.parse_args(argv)
    app, _provider = _start_qgis()
    model = build_model()
    tmp = Path(tempfile.mkdtemp(prefix="twzoning-model-")) / "zoning_chain.model3"
    if not model.toFile(str(tmp)):
        raise SystemExit(f"could not write {tmp}")
    text = tmp.read_text(encoding="utf-8")
    if args.check:
        current = args.out.read_text(encoding="utf-8") if args.out.exists() else ""
        if current != text:
            print(f"{args.out} is not current: run python tools/make_model.py", file=sys.stderr)
            return 1
        print(f"{args.out} is current")
        return 0
    sys.path.insert(0, str(ROOT.parent))
    from twzoning.core.fileio import write_text

    write_text(args.out, text)
    print(f"wrote {args.out} ({len(CHILDREN)} algorithms)")
    app.exitQgis()
    return 0


if __name__ == "__main__":
    sys.exit(main())
