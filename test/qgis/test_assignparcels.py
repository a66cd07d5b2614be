"""twzoning:assignparcels through processing.run, on hand-drawn memory layers."""
from __future__ import annotations

import pytest
from qgis import processing
from qgis.core import QgsApplication, QgsProcessingException

from .conftest import memory_layer

FIELDS = (
    "field=county:string&field=town:string&field=office:string&field=section:string&field=section_name:string"
    "&field=parcel_no:string&field=reg_area:double&field=nu_zone:string&field=nu_landuse:string"
    "&field=owner_type:string"
)


def row(no, area=10000.0, zone="一般農業區", use="農牧用地", owner="私有"):
    return ["示範縣", "海濱鄉", "HB", "0388", "濱海段", no, area, zone, use, owner]


def rect(x0, y0, x1, y1):
    return f"POLYGON(({x0} {y0},{x1} {y0},{x1} {y1},{x0} {y1},{x0} {y0}))"


def parcels(features, crs="EPSG:3826"):
    return memory_layer(f"Polygon?crs={crs}&{FIELDS}", "地籍", features)


def zones(features, crs="EPSG:3826"):
    uri = f"Polygon?crs={crs}&field=class_code:string&field=rule_id:string&field=reason:string&field=reason_en:string"
    return memory_layer(uri, "zones", features)


def run(**params):
    params.setdefault("OUTPUT", "memory:")
    params.setdefault("OUTPUT_PARCELS", "memory:")
    return processing.run("twzoning:assignparcels", params)


def by_no(layer):
    out = {}
    for f in layer.getFeatures():
        out.setdefault(f["parcel_no"], []).append(f)
    return out


def test_registered_with_help_on_every_parameter(plugin):
    alg = QgsApplication.processingRegistry().algorithmById("twzoning:assignparcels")
    assert alg is not None and alg.shortHelpString()
    for param in alg.parameterDefinitions():
        assert param.help(), param.name()
    assert {o.name() for o in alg.outputDefinitions()} >= {"OUTPUT", "OUTPUT_PARCELS", "SPLIT_COUNT"}


def test_split_parcel_wording_and_whole_parcel_rule(plugin):
    # parcel 1 wholly 國1 (zone rule CON1-4), parcel 2 split 30 % 國1 / 70 % 農2
    p = parcels([(rect(0, 0, 100, 100), row("0001-0000")), (rect(100, 0, 200, 100), row("0002-0000"))])
    z = zones([(rect(130, 0, 200, 100), ["AGR2", "", "", ""]),
               (rect(0, 0, 130, 100), ["國1", "CON1-4", "水庫蓄水範圍", "reservoir"])])
    result = run(PARCELS=p, ZONES=z)
    assert (result["PARCEL_COUNT"], result["PIECE_COUNT"], result["SPLIT_COUNT"]) == (2, 3, 1)
    pieces = by_no(result["OUTPUT"])
    whole = pieces["0001-0000"][0]
    assert (whole["class_code"], whole["rule_id"], whole["is_split"], whole["share"]) == ("CON1", "CON1-4", 0, 1.0)
    assert whole["parcel_key"] == "HB|0388|0001-0000" and "水庫蓄水範圍" in whole["reason"]
    split = {f["class_code"]: f for f in pieces["0002-0000"]}
    assert split["CON1"]["share"] == pytest.approx(0.3) and split["AGR2"]["share"] == pytest.approx(0.7)
    assert split["CON1"]["piece_area"] == pytest.approx(3000.0)
    assert split["CON1"].geometry().area() == pytest.approx(3000.0)
    assert {f["rule_id"] for f in pieces["0002-0000"]} == {"BND-FOLLOW"}
    table = by_no(result["OUTPUT_PARCELS"])
    assert table["0002-0000"][0]["class_wording"] == "部分國土保育地區第1類、部分農業發展地區第2類"
    assert table["0002-0000"][0]["class_codes"] == "CON1,AGR2"
    assert table["0001-0000"][0]["class_wording"] == "國土保育地區第1類"
    assert table["0001-0000"][0].geometry().area() == pytest.approx(10000.0)
    # the schema fields are carried, the piece fields added
    names = [f.name() for f in result["OUTPUT"].fields()]
    assert names[:10] == FIELDS.replace("field=", "").replace(":string", "").replace(":double", "").split("&")
    assert names[10:] == ["parcel_key", "class_code", "class_name", "share", "piece_area", "is_split", "status",
                          "rule_id", "reason", "reason_en", "pending_rule", "fallback_class"]
    assert {f["pending_rule"] or "" for f in result["OUTPUT"].getFeatures()} == {""}  # zones without the fields


def test_pending_zone_fields_are_carried_to_the_pieces(plugin):
    """A zone delineateclasses holds pending SPZ-D (a special-purpose zone under 2 ha) passes pending_rule and
    fallback_class (an alias is resolved) to the pieces of its class, whole or split; other pieces are final."""
    uri = ("Polygon?crs=EPSG:3826&field=class_code:string&field=rule_id:string&field=pending_rule:string"
           "&field=fallback_class:string")
    z = memory_layer(uri, "zones", [(rect(0, 0, 150, 100), ["URB2_1", "SPZ-D", "SPZ-D", "農2"]),
                                    (rect(150, 0, 300, 100), ["AGR2", "LAND-RESID", "", "AGR1"])])
    p = parcels([(rect(0, 0, 100, 100), row("0001-0000")), (rect(100, 0, 200, 100), row("0002-0000")),
                 (rect(200, 0, 300, 100), row("0003-0000"))])
    pieces = by_no(run(PARCELS=p, ZONES=z)["OUTPUT"])
    got = sorted((no, f["class_code"], f["rule_id"], f["pending_rule"] or "", f["fallback_class"] or "")
                 for no, fs in pieces.items() for f in fs)
    assert got == [("0001-0000", "URB2_1", "SPZ-D", "SPZ-D", "AGR2"),
                   ("0002-0000", "AGR2", "BND-FOLLOW", "", ""),
                   ("0002-0000", "URB2_1", "BND-FOLLOW", "SPZ-D", "AGR2"),
                   ("0003-0000", "AGR2", "LAND-RESID", "", "")]  # a fallback without a pending rule is dropped


def test_majority_parameter_and_status_layers(plugin):
    p = parcels([(rect(0, 0, 100, 100), row("0001-0000")), (rect(100, 0, 200, 100), row("0002-0000"))])
    z = zones([(rect(0, 0, 60, 100), ["AGR1", "", "", ""]), (rect(60, 0, 200, 100), ["AGR2", "", "", ""])])
    urban = memory_layer("Polygon?crs=EPSG:3826", "都市計畫範圍", [(rect(100, 0, 200, 100), [])])
    off = run(PARCELS=p, ZONES=z)
    assert off["SPLIT_COUNT"] == 1
    on = run(PARCELS=p, ZONES=z, MAJORITY=1, URBAN_PLANS=urban)
    pieces = by_no(on["OUTPUT"])
    assert [(f["class_code"], f["rule_id"]) for f in pieces["0001-0000"]] == [("AGR1", "MAJ50")]
    assert pieces["0002-0000"][0]["status"] == "urban_plan"
    assert pieces["0001-0000"][0]["status"] == "registrable"


def test_zones_in_another_crs_are_reprojected(plugin):
    # zones given in WGS84 degrees are reprojected to the parcels' EPSG:3826 (a geographic parcel layer is refused)
    p = parcels([(rect(250000, 2750000, 250100, 2750100), row("0001-0000"))])
    z = memory_layer("Polygon?crs=EPSG:3826&field=class_code:string", "zones",
                     [(rect(249000, 2749000, 251000, 2751000), ["CON2"])])
    reproj = processing.run("native:reprojectlayer", {"INPUT": z, "TARGET_CRS": "EPSG:4326", "OUTPUT": "memory:"})
    result = run(PARCELS=p, ZONES=reproj["OUTPUT"])
    assert [f["class_code"] for f in result["OUTPUT"].getFeatures()] == ["CON2"]


def test_bad_inputs_are_explained(plugin):
    z = zones([(rect(0, 0, 200, 100), ["AGR2", "", "", ""])])
    dup = parcels([(rect(0, 0, 100, 100), row("0001-0000")), (rect(100, 0, 200, 100), row("0001-0000"))])
    with pytest.raises(QgsProcessingException, match="duplicate parcel keys: HB\\|0388\\|0001-0000"):
        run(PARCELS=dup, ZONES=z)
    bad = zones([(rect(0, 0, 200, 100), ["農9", "", "", ""])])
    with pytest.raises(QgsProcessingException, match="農9"):
        run(PARCELS=parcels([(rect(0, 0, 100, 100), row("0001-0000"))]), ZONES=bad)
    geo = parcels([(rect(121, 24, 121.001, 24.001), row("0001-0000"))], crs="EPSG:4326")
    with pytest.raises(QgsProcessingException, match="EPSG:3826"):
        run(PARCELS=geo, ZONES=z)
    no_class = memory_layer("Polygon?crs=EPSG:3826&field=分區:string", "zones", [(rect(0, 0, 200, 100), ["國1"])])
    with pytest.raises(QgsProcessingException, match="class field"):
        run(PARCELS=parcels([(rect(0, 0, 100, 100), row("0001-0000"))]), ZONES=no_class)
    ok = run(PARCELS=parcels([(rect(0, 0, 100, 100), row("0001-0000"))]), ZONES=no_class, CLASS_FIELD="分區")
    assert [f["class_code"] for f in ok["OUTPUT"].getFeatures()] == ["CON1"]
