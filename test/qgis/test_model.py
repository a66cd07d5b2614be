"""Issue #12: the shipped model models/zoning_chain.model3 (國土功能分區繪製流程 / Zoning drawing chain).

The model file opens without broken links (every child algorithm resolves, every link names a real parameter or
output), it is listed under the twzoning provider, it is what tools/make_model.py generates, and on the demo
county its zoning map and land register equal those of running the algorithms one by one.
"""
from __future__ import annotations

import importlib.util
import sqlite3
from pathlib import Path

import pytest
from qgis.core import QgsApplication, QgsProcessingModelAlgorithm

ROOT = Path(__file__).resolve().parents[2]
MODEL = ROOT / "models" / "zoning_chain.model3"
DEMO = ROOT / "test" / "data" / "demo_county.gpkg"
CHAIN = ["twzoning:validateinputs", "twzoning:delineateclasses", "twzoning:assignparcels", "twzoning:sporadicland",
         "twzoning:ruralunits", "twzoning:marinepoints", "twzoning:landregister", "twzoning:zoningstatistics"]
MARINE = ["人工魚礁區及保護礁區", "海底電纜或管道設置範圍", "港區範圍", "航道及其疏濬工程範圍", "錨地範圍", "漁業權範圍",
          "國家級重要濕地"]
ROLES = {"地籍", "海域", "平均高潮線", "縣市界"}


def _load(path=MODEL) -> QgsProcessingModelAlgorithm:
    model = QgsProcessingModelAlgorithm()
    assert model.fromFile(str(path)), path
    return model


def test_model_children_resolve(plugin):
    model = _load()
    children = model.childAlgorithms()
    assert sorted(c.algorithmId() for c in children.values()) == sorted(CHAIN)
    for child_id, child in children.items():
        alg = child.algorithm()
        assert alg is not None, f"{child_id}: {child.algorithmId()} does not resolve"
        names = {d.name() for d in alg.parameterDefinitions()}
        assert set(child.parameterSources()) <= names, child_id
        for sources in child.parameterSources().values():
            for source in sources:
                if source.source() == source.ChildOutput:
                    upstream = children[source.outputChildId()].algorithm()
                    assert source.outputName() in {o.name() for o in upstream.outputDefinitions()}
                elif source.source() == source.ModelParameter:
                    assert model.parameterDefinition(source.parameterName()) is not None
    # the chain's order: validation first, then the data links and the order links of tools/make_model.py
    order = ["validate", "delineate", "assign", "sporadic", "rural", "marine", "register", "statistics"]
    for earlier, later in zip(order, order[1:]):
        assert earlier in model.dependsOnChildAlgorithms(later), (earlier, later)
    ok, errors = model.validate()
    assert ok, errors


def test_model_listed_under_provider(plugin):
    alg = QgsApplication.processingRegistry().algorithmById("twzoning:zoningchain")
    assert alg is not None
    assert alg.provider().id() == "twzoning"
    assert alg.displayName() == "Zoning drawing chain (國土功能分區繪製流程)"  # English locale; zh-Hant: 國土功能分區繪製流程
    assert alg.create().id() == "twzoning:zoningchain"
    assert all(c.algorithm() is not None for c in alg.childAlgorithms().values())
    inputs = {d.name() for d in alg.parameterDefinitions()}
    assert {"PARCELS", "INDICATORS", "SEA", "MHT", "PRESET", "OUTPUT_FOLDER"} <= inputs


def test_broken_model_file_is_reported(plugin, tmp_path):
    from twzoning.algorithms.provider import ShippedModel, model_id

    broken = tmp_path / "broken_chain.model3"
    broken.write_text("<not a model", encoding="utf-8")
    with pytest.raises(RuntimeError, match="broken_chain"):
        ShippedModel(str(broken))
    assert model_id(str(MODEL)) == "zoningchain"


def test_model_file_is_current(plugin, tmp_path):
    """The committed .model3 is what tools/make_model.py builds from the registered algorithms."""
    spec = importlib.util.spec_from_file_location("make_model", ROOT / "tools" / "make_model.py")
    make_model = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(make_model)
    fresh = tmp_path / "fresh.model3"
    assert make_model.build_model().toFile(str(fresh))
    assert _load().toVariant() == _load(fresh).toVariant()


def _rows(path: Path, columns: str) -> list[tuple]:
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        table = db.execute("SELECT table_name FROM gpkg_contents WHERE table_name != 'layer_styles'").fetchone()[0]
        return sorted(db.execute(f'SELECT {columns} FROM "{table}"').fetchall())


@pytest.mark.skipif(not DEMO.exists(), reason="the demo county test/data/demo_county.gpkg is not there yet")
def test_model_equals_one_by_one(plugin, tmp_path):
    from qgis import processing

    with sqlite3.connect(f"file:{DEMO}?mode=ro", uri=True) as db:
        names = [r[0] for r in db.execute("SELECT table_name FROM gpkg_contents WHERE data_type = 'features' "
                                          "ORDER BY rowid")]

    def layer(name):
        return f"{DEMO}|layername={name}"

    indicators = [layer(n) for n in names if n not in ROLES]
    common = {"PRODUCED_AT": "2026-01-01T00:00", "CADASTRE_SOURCE": "test", "CADASTRE_VERSION": "1"}
    via_model = tmp_path / "model"
    via_model.mkdir()
    processing.run("twzoning:zoningchain", {
        "PARCELS": layer("地籍"), "INDICATORS": indicators, "SEA": layer("海域"), "MHT": layer("平均高潮線"),
        "COUNTY": layer("縣市界"), "URBAN_PLANS": layer("都市計畫範圍"), "NATIONAL_PARKS": layer("國家公園範圍"),
        "MARINE_INDICATORS": [layer(n) for n in MARINE], "OUTPUT_FOLDER": str(via_model), **common})

    s = tmp_path / "steps"
    s.mkdir()
    processing.run("twzoning:delineateclasses", {
        "INDICATORS": indicators, "PARCELS": layer("地籍"), "SEA": layer("海域"), "MHT": layer("平均高潮線"),
        "COUNTY": layer("縣市界"), "OUTPUT": str(s / "zoning.gpkg"), "OUTPUT_CANDIDATES": str(s / "zc.gpkg")})
    processing.run("twzoning:assignparcels", {
        "PARCELS": layer("地籍"), "ZONES": str(s / "zoning.gpkg"), "SEA": layer("海域"), "MHT": layer("平均高潮線"),
        "URBAN_PLANS": layer("都市計畫範圍"), "NATIONAL_PARKS": layer("國家公園範圍"),
        "OUTPUT": str(s / "parcels.gpkg"), "OUTPUT_PARCELS": str(s / "parcel_classes.gpkg")})
    processing.run("twzoning:sporadicland", {
        "INPUT": str(s / "parcels.gpkg"), "OUTPUT": str(s / "sporadic.gpkg"), "OUTPUT_CANDIDATES": str(s / "sc.gpkg")})
    processing.run("twzoning:ruralunits", {
        "INPUT": str(s / "sporadic.gpkg"), "CANDIDATES": str(s / "sc.gpkg"), "OUTPUT": str(s / "units.gpkg"),
        "OUTPUT_UNITS": str(s / "ru.gpkg"), "OUTPUT_CANDIDATES": str(s / "candidates.gpkg")})
    processing.run("twzoning:landregister", {
        "INPUT": str(s / "units.gpkg"), "OUTPUT": str(s / "register.gpkg"), "OUTPUT_CSV": str(s / "register.csv"),
        **common})

    zoning = "class_code, rule_id, round(area_m2, 3), hex(geom)"
    assert _rows(via_model / "zoning.gpkg", zoning) == _rows(s / "zoning.gpkg", zoning)
    assert len(_rows(s / "zoning.gpkg", zoning)) > 10
    pieces = "parcel_key, class_code, status, rule_id, round(piece_area, 3)"
    assert _rows(via_model / "parcels_units.gpkg", pieces) == _rows(s / "units.gpkg", pieces)
    register = (via_model / "register.csv").read_bytes()
    assert register == (s / "register.csv").read_bytes()
    assert register.count(b"\n") > 100
    for name in ("validation.html", "marine_appendix.xlsx", "statistics.xlsx", "candidates.xlsx"):
        assert (via_model / name).stat().st_size > 0, name
