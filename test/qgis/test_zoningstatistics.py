"""twzoning:zoningstatistics through processing.run: the tables add up and the patch counts match QGIS's own
dissolve + multipart-to-single-parts count (an independent computation)."""
from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from openpyxl import load_workbook
from qgis import processing
from qgis.core import QgsApplication, QgsProcessingException, QgsVectorLayer

from .conftest import memory_layer

DATA = Path(__file__).resolve().parents[1] / "data"
FIXTURE = DATA / "register_fixture.gpkg"


def fixture_layer():
    layer = QgsVectorLayer(f"{FIXTURE}|layername=pieces", "pieces", "ogr")
    assert layer.isValid()
    return layer


def run(tmp_path, **params):
    base = {"INPUT": fixture_layer(), "CONSERVATION_FIELD": "conservation_land", "PRODUCED_AT": "2025-11-24T14:05",
            "OUTPUT_XLSX": str(tmp_path / "statistics.xlsx")}
    base.update(params)
    return processing.run("twzoning:zoningstatistics", base)


def sheet_rows(path, index):
    ws = load_workbook(path).worksheets[index]
    return [[c.value for c in row] for row in ws.iter_rows(min_row=3)]


def qgis_patch_counts(layer) -> Counter:
    dissolved = processing.run("native:dissolve", {"INPUT": layer, "FIELD": ["class_code"], "OUTPUT": "memory:"})
    single = processing.run("native:multiparttosingleparts", {"INPUT": dissolved["OUTPUT"], "OUTPUT": "memory:"})
    # parts under 1 m² are slivers, not patches (statistics.patch_min_area_m2)
    return Counter(f["class_code"] for f in single["OUTPUT"].getFeatures() if f.geometry().area() >= 1.0)


def test_registered_with_help_on_every_parameter(plugin):
    alg = QgsApplication.processingRegistry().algorithmById("twzoning:zoningstatistics")
    assert alg is not None and alg.shortHelpString()
    for param in alg.parameterDefinitions():
        assert param.help(), param.name()


def test_areas_add_up_and_patches_match_qgis(plugin, tmp_path):
    layer = fixture_layer()
    result = run(tmp_path)
    total = sum(f.geometry().area() for f in layer.getFeatures())
    assert result["TOTAL_AREA_M2"] == pytest.approx(total, abs=1.0)
    rows = sheet_rows(tmp_path / "statistics.xlsx", 0)
    body, last = rows[:-1], rows[-1]
    assert last[0] == "合計"
    assert sum(r[2] for r in body) * 10000 == pytest.approx(total, abs=1.0)
    assert last[2] * 10000 == pytest.approx(total, abs=1.0)
    counts = qgis_patch_counts(layer)
    from twzoning.core.catalogue import class_name

    by_name = {r[0]: r[1] for r in body}
    for code, n in counts.items():
        if code == "AGR4":
            assert by_name["農業發展地區第4類（原）"] == n  # the fixture's only 農4 is the indigenous variant
        else:
            assert by_name[class_name(code, "statistics")] == n, code
    assert result["PATCH_COUNT"] == sum(counts.values())


def test_workbook_holds_every_table_and_the_chart(plugin, tmp_path):
    run(tmp_path, OUTPUT_CHART=str(tmp_path / "chart.png"))
    wb = load_workbook(tmp_path / "statistics.xlsx")
    assert wb.sheetnames[0] == "各國土功能分區及其分類處數及面積"
    assert "使用地編定類別及面積統計" in wb.sheetnames and wb.sheetnames[-1] == "說明"
    assert len(wb.worksheets[0]._charts) == 1
    conservation = [s for s in wb.sheetnames if s.startswith("既有合法可建築用地")][0]
    rows = [[c.value for c in r] for r in wb[conservation].iter_rows(min_row=3)]
    assert rows[0][:4] == ["山腳鄉", "角板段", "0101-0000", "9995.10"]
    assert (tmp_path / "chart.png").read_bytes().startswith(b"\x89PNG")


def test_previous_version_equal_to_the_input_gives_no_adjusted_patch(plugin, tmp_path):
    run(tmp_path, PREVIOUS=fixture_layer())
    wb = load_workbook(tmp_path / "statistics.xlsx")
    changes = [s for s in wb.sheetnames if s.startswith("國土功能分區及其分類調整")][0]
    rows = [[c.value for c in r] for r in wb[changes].iter_rows(min_row=3)]
    assert rows and all(r[3] == 0 and r[4] == 0 and r[6] == 0 for r in rows)


def test_rerun_is_byte_identical(plugin, tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    run(tmp_path / "a")
    run(tmp_path / "b")
    assert (tmp_path / "a" / "statistics.xlsx").read_bytes() == (tmp_path / "b" / "statistics.xlsx").read_bytes()


def test_layer_without_class_code_is_refused(plugin, tmp_path):
    layer = memory_layer("Polygon?crs=EPSG:3826&field=name:string", "zones",
                         [("POLYGON((0 0,10 0,10 10,0 10,0 0))", ["x"])])
    with pytest.raises(QgsProcessingException, match="class_code"):
        run(tmp_path, INPUT=layer, CONSERVATION_FIELD=None)
