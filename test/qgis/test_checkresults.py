"""twzoning:checkresults through processing.run: hand-drawn layers, then the demo county's submitted map."""
from __future__ import annotations

import sqlite3
import zipfile
from pathlib import Path

import pytest
from qgis import processing
from qgis.core import QgsApplication, QgsProcessingException, QgsVectorLayer

from .conftest import memory_layer

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "test" / "data" / "demo_county.gpkg"
SUBMITTED = ROOT / "test" / "data" / "demo_submitted.gpkg"
ROLES = {"地籍", "海域", "平均高潮線", "縣市界"}
R7 = "屬繪製錯誤，未符通案處理原則，請縣市政府按通案性劃設方式修正。"  # 表31 row 7, RULES.md §8.2
R3 = "屬界線決定，符合通案處理原則"


def rect(x0, y0, x1, y1):
    return f"POLYGON(({x0} {y0},{x1} {y0},{x1} {y1},{x0} {y1},{x0} {y0}))"


def zones(name, features, field="class_code"):
    return memory_layer(f"Polygon?crs=EPSG:3826&field={field}:string", name, features)


def run(**params):
    params.setdefault("OUTPUT", "memory:")
    return processing.run("twzoning:checkresults", params)


def features(layer):
    return sorted((f.attributes() for f in layer.getFeatures()), key=lambda a: a[0])


def test_registered_with_help_on_every_parameter(plugin):
    alg = QgsApplication.processingRegistry().algorithmById("twzoning:checkresults")
    assert alg is not None and "表31" in alg.shortHelpString()
    for param in alg.parameterDefinitions():
        assert param.help(), param.name()


def test_self_check_finds_nothing(plugin):
    ref = zones("ref", [(rect(0, 0, 100, 100), ["CON1"]), (rect(100, 0, 200, 100), ["AGR2"])])
    res = run(SUBMITTED=ref, REFERENCE=ref)
    assert res["DIFFERENCE_COUNT"] == 0 and res["OUTPUT"].featureCount() == 0
    assert res["VERDICT"] == "檢核結果：與通案劃設結果無差異，符合通案處理原則。"


def test_a_drawing_error_with_chinese_class_names(plugin):
    ref = zones("ref", [(rect(0, 0, 100, 100), ["CON1"]), (rect(100, 0, 200, 100), ["AGR2"])])
    sub = zones("sub", [(rect(0, 0, 200, 100), ["農業發展地區第2類"])], field="分區")
    res = run(SUBMITTED=sub, CLASS_FIELD="分區", REFERENCE=ref)
    layer = res["OUTPUT"]
    assert res["DIFFERENCE_COUNT"] == 1 and res["ERROR_COUNT"] == 1 and res["TYPE7_COUNT"] == 1
    f = next(layer.getFeatures())
    assert (f["from_class"], f["to_class"], f["diff_type"], f["response"], f["needs_discussion"]) == (
        "CON1", "AGR2", 7, R7, 1)
    assert f["area_m2"] == pytest.approx(10000.0)


def test_unknown_class_names_the_layer_and_feature(plugin):
    ref = zones("ref", [(rect(0, 0, 100, 100), ["CON1"])])
    sub = zones("草案", [(rect(0, 0, 100, 100), ["不明分區"])])
    with pytest.raises(QgsProcessingException) as err:
        run(SUBMITTED=sub, REFERENCE=ref)
    assert "草案" in str(err.value) and "不明分區" in str(err.value)


def test_missing_class_field_is_explained(plugin):
    ref = zones("ref", [(rect(0, 0, 100, 100), ["CON1"])])
    with pytest.raises(QgsProcessingException) as err:
        run(SUBMITTED=ref, REFERENCE=ref, REFERENCE_CLASS_FIELD="zone")
    assert "zone" in str(err.value)


# ------------------------------------------------------------------------------------------------ the demo county
def _layers(path):
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        return [r[0] for r in db.execute("SELECT table_name FROM gpkg_contents WHERE data_type = 'features' "
                                         "ORDER BY rowid")]


def _uri(path, name):
    return f"{path}|layername={name}"


@pytest.fixture(scope="module")
def general_rule(plugin, tmp_path_factory):
    out = tmp_path_factory.mktemp("check") / "zoning.gpkg"
    names = _layers(DEMO)
    processing.run("twzoning:delineateclasses", {
        "INDICATORS": [_uri(DEMO, n) for n in names if n not in ROLES],
        "PARCELS": _uri(DEMO, "地籍"), "SEA": _uri(DEMO, "海域"), "MHT": _uri(DEMO, "平均高潮線"),
        "COUNTY": _uri(DEMO, "縣市界"), "OUTPUT": str(out), "OUTPUT_CANDIDATES": "memory:",
        "OUTPUT_STATISTICS": "memory:", "OUTPUT_ISSUES": "memory:",
    })
    return out, names


def test_demo_general_rule_checked_against_itself(general_rule):
    zoning, _names = general_rule
    res = run(SUBMITTED=str(zoning), REFERENCE=str(zoning), PARCELS=_uri(DEMO, "地籍"))
    assert res["DIFFERENCE_COUNT"] == 0


def test_demo_submitted_map_and_review_workbook(general_rule, tmp_path):
    zoning, names = general_rule
    xlsx = tmp_path / "check_review.xlsx"
    res = run(
        SUBMITTED=_uri(SUBMITTED, "三階國土功能分區圖"), CLASS_FIELD="分區分類", REFERENCE=str(zoning),
        PARCELS=_uri(DEMO, "地籍"), INDICATORS=[_uri(DEMO, n) for n in names if n not in ROLES],
        INDICATORS_NEW=[_uri(SUBMITTED, "自來水水質水量保護區_新版")],
        LOCAL_RULES=_uri(SUBMITTED, "因地制宜劃設範圍"), LOCAL_RULES_NAME_FIELD="name",
        STAGE3=_uri(SUBMITTED, "第3階段應辦事項"), STAGE3_NAME_FIELD="name",
        OUTPUT=str(tmp_path / "check_differences.gpkg"), OUTPUT_SUMMARY="memory:", OUTPUT_XLSX=str(xlsx),
    )
    # every type is found; the deliberate changes are described in test/data/demo_submitted.README.md
    assert all(res[f"TYPE{n}_COUNT"] >= 1 for n in range(1, 8))
    made = {}
    for f in QgsVectorLayer(_uri(SUBMITTED, "deliberate_changes"), "changes", "ogr").getFeatures():
        made[f["diff_type"]] = made.get(f["diff_type"], 0) + 1
    # types 2-7: exactly the deliberate changes; type 1 also the sub-square-metre slivers of the parcel assignment
    assert [res[f"TYPE{n}_COUNT"] for n in range(2, 8)] == [made[n] for n in range(2, 8)]
    assert res["TYPE1_COUNT"] >= made[1] and res["DIFFERENCE_COUNT"] == sum(res[f"TYPE{n}_COUNT"] for n in range(1, 8))
    assert res["TYPE7_COUNT"] == 1 and res["DISCUSSION_COUNT"] == 4
    layer = QgsVectorLayer(res["OUTPUT"], "diff", "ogr")
    assert layer.featureCount() == res["DIFFERENCE_COUNT"]
    by_type = {}
    for f in layer.getFeatures():
        by_type.setdefault(f["diff_type"], []).append(f)
    err = by_type[7][0]
    assert (err["from_class"], err["to_class"], err["response"]) == ("CON1", "AGR2", R7)
    assert err["reason"] == "劃設差異處涉及國1劃設參考指標（中央管河川區域），應劃設為國1。"
    assert any(f["rule_id"] == "MAJ50" and f["response"] == R3 for f in by_type[3])
    # the workbook: the four sheets, one map image per difference to discuss
    from openpyxl import load_workbook

    book = load_workbook(xlsx)
    assert book.sheetnames == ["檢核結論", "劃設疑義綜理表", "全部差異處", "制式回應說明"]
    rows = list(book["劃設疑義綜理表"].iter_rows(min_row=3, values_only=True))
    assert len(rows) == res["DISCUSSION_COUNT"] and [r[0] for r in rows] == [1, 2, 3, 4]
    assert book["劃設疑義綜理表"]["B2"].value == "位置"
    with zipfile.ZipFile(xlsx) as z:
        assert len([n for n in z.namelist() if n.startswith("xl/media/")]) == res["DISCUSSION_COUNT"]
    assert book["檢核結論"]["A2"].value == res["VERDICT"]
