"""twzoning:sporadicland through processing.run: a 3 x 3 grid of 1 ha parcels, the centre enclosed by 國1."""
from __future__ import annotations

import csv

import openpyxl
import pytest
from qgis import processing
from qgis.core import QgsApplication, QgsProcessingException

from .conftest import memory_layer

FIELDS = (
    "field=county:string&field=town:string&field=office:string&field=section:string&field=section_name:string"
    "&field=parcel_no:string&field=reg_area:double&field=nu_zone:string&field=nu_landuse:string"
    "&field=owner_type:string"
)


def rect(x0, y0, x1, y1):
    return f"POLYGON(({x0} {y0},{x1} {y0},{x1} {y1},{x0} {y1},{x0} {y0}))"


def grid(classes, areas=None, owners=None):
    """A grid of 100 m squares, north row first; returns (parcels, zones) memory layers."""
    rows = [line.split() for line in classes]
    parcels, zones = [], []
    for r, line in enumerate(rows):
        for c, code in enumerate(line):
            k = len(parcels) + 1
            g = rect(100 * c, 100 * (len(rows) - 1 - r), 100 * c + 100, 100 * (len(rows) - r))
            parcels.append((g, ["示範縣", "海濱鄉", "HB", "0388", "濱海段", f"{k:04d}-0000",
                                (areas or {}).get(k, 10000.0), "一般農業區", "農牧用地", (owners or {}).get(k, "公有")]))
            zones.append((g, [code]))
    return (memory_layer(f"Polygon?crs=EPSG:3826&{FIELDS}", "地籍", parcels),
            memory_layer("Polygon?crs=EPSG:3826&field=class_code:string", "zones", zones))


def pieces(classes, **kw):
    parcels, zones = grid(classes, **kw)
    return processing.run("twzoning:assignparcels", {"PARCELS": parcels, "ZONES": zones, "OUTPUT": "memory:",
                                                     "OUTPUT_PARCELS": "memory:"})["OUTPUT"]


def run(**params):
    params.setdefault("OUTPUT", "memory:")
    params.setdefault("OUTPUT_CANDIDATES", "memory:")
    return processing.run("twzoning:sporadicland", params)


def rows(layer):
    return [{f.name(): feat[f.name()] for f in layer.fields()} for feat in layer.getFeatures()]


RING = ["CON1 CON1 CON1", "CON1 AGR2 CON1", "CON1 CON1 CON1"]


def test_registered_with_help_on_every_parameter(plugin):
    alg = QgsApplication.processingRegistry().algorithmById("twzoning:sporadicland")
    assert alg is not None and alg.shortHelpString()
    for param in alg.parameterDefinitions():
        assert param.help(), param.name()
    assert {o.name() for o in alg.outputDefinitions()} >= {"OUTPUT", "OUTPUT_CANDIDATES", "OUTPUT_XLSX",
                                                          "CANDIDATE_COUNT"}


@pytest.mark.parametrize("area, count", [(19999.99, 1), (20000.0, 0)])
def test_con1_sporadic_land_edge(plugin, area, count):
    result = run(INPUT=pieces(RING, areas={5: area}))
    found = rows(result["OUTPUT_CANDIDATES"])
    assert result["CANDIDATE_COUNT"] == count == len(found)
    if count:
        c = found[0]
        assert (c["parcel_key"], c["rule_id"], c["from_class"], c["to_class"], c["decision"]) == \
            ("HB|0388|0005-0000", "CON1-SPOR", "AGR2", "CON1", "proposed")
        assert (c["response_id"], c["discussion"]) == ("4(1)", 0)
        assert c["reason"] and c["reason_en"]


def test_decisions_csv_then_xlsx_round_trip(plugin, tmp_path):
    layer = pieces(RING, areas={5: 15000.0})
    csv_path = tmp_path / "decisions.csv"
    with open(csv_path, "w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["parcel_key", "rule_id", "planner_decision", "comment"])
        w.writerow(["HB|0388|0005-0000", "CON1-SPOR", "同意", "完整性"])
    xlsx = tmp_path / "candidates.xlsx"
    result = run(INPUT=layer, DECISIONS=str(csv_path), OUTPUT_XLSX=str(xlsx))
    cand = rows(result["OUTPUT_CANDIDATES"])[0]
    assert (cand["decision"], cand["decided_by"], cand["comment"]) == ("accepted", "DECISIONS", "完整性")
    out = {f["parcel_no"]: f for f in result["OUTPUT"].getFeatures()}
    assert (out["0005-0000"]["class_code"], out["0005-0000"]["rule_id"]) == ("CON1", "CON1-SPOR")
    assert result["ACCEPTED_COUNT"] == 1
    # the workbook: candidates, rules, README; a reviewer changes the answer and gives it back
    wb = openpyxl.load_workbook(xlsx)
    assert wb.sheetnames[0].startswith("candidates") and "README" in wb.sheetnames
    ws = wb.worksheets[0]
    header = [c.value for c in ws[1]]
    assert {"parcel_key", "rule_id", "planner_decision", "response", "reason"} <= set(header)
    ws.cell(row=2, column=header.index("planner_decision") + 1, value="refused")
    wb.save(xlsx)
    again = run(INPUT=layer, DECISIONS=str(xlsx))
    assert rows(again["OUTPUT_CANDIDATES"])[0]["decision"] == "refused"
    assert {f["parcel_no"]: f["class_code"] for f in again["OUTPUT"].getFeatures()}["0005-0000"] == "AGR2"


def test_decisions_layer_and_apply_proposed(plugin):
    layer = pieces(RING, areas={5: 15000.0}, owners={5: "私有"})
    first = run(INPUT=layer, APPLY_PROPOSED=True)
    found = {c["rule_id"]: c for c in rows(first["OUTPUT_CANDIDATES"])}
    assert found["CON1-SPOR"]["decision"] == "accepted" and found["CON1-PRIV"]["decision"] == "flagged"
    # the candidate list, edited in QGIS, is itself a decisions layer
    edited = first["OUTPUT_CANDIDATES"]
    edited.startEditing()
    for f in edited.getFeatures():
        if f["rule_id"] == "CON1-SPOR":
            edited.changeAttributeValue(f.id(), edited.fields().indexOf("planner_decision"), "refused")
    edited.commitChanges()
    second = run(INPUT=layer, DECISIONS_LAYER=edited, APPLY_PROPOSED=True)
    assert {c["rule_id"]: c["decision"] for c in rows(second["OUTPUT_CANDIDATES"])}["CON1-SPOR"] == "refused"


def test_bad_inputs_are_explained(plugin, tmp_path):
    parcels, _zones = grid(RING)
    with pytest.raises(QgsProcessingException, match="not a layer of parcel pieces"):
        run(INPUT=parcels)
    bad = tmp_path / "bad.csv"
    bad.write_text("parcel_key,planner_decision\nHB|0388|0005-0000,maybe\n", encoding="utf-8")
    with pytest.raises(QgsProcessingException, match="row 1.*maybe"):
        run(INPUT=pieces(RING), DECISIONS=str(bad))
