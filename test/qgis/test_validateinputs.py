"""twzoning:validateinputs through processing.run, one fixture per problem it must catch."""
from __future__ import annotations

import pytest
from qgis import processing
from qgis.core import QgsApplication, QgsProcessingException, QgsVectorLayer

from .conftest import memory_layer

FIELDS = (
    "field=county:string&field=town:string&field=office:string&field=section:string&field=section_name:string"
    "&field=parcel_no:string&field=reg_area:double&field=nu_zone:string&field=nu_landuse:string"
    "&field=owner_type:string"
)


def row(parcel_no="0001-0000", office="HA", section="0214", area=100.0, zone="鄉村區"):
    return ["示範縣", "海濱鄉", office, section, "示範段", parcel_no, area, zone, "甲種建築用地", "私有"]


def square(x, y, size=10.0):
    return f"POLYGON(({x} {y},{x + size} {y},{x + size} {y + size},{x} {y + size},{x} {y}))"


def parcels(features, crs="EPSG:3826", fields=FIELDS, name="地籍"):
    return memory_layer(f"Polygon?crs={crs}&{fields}", name, features)


def run(**params):
    params.setdefault("OUTPUT", "memory:")
    return processing.run("twzoning:validateinputs", params)


def problems(result):
    layer = result["OUTPUT"]
    return [(f["code"], f["layer"], f["feature_id"]) for f in layer.getFeatures()]


def codes(result):
    return sorted({c for c, _l, _f in problems(result)})


def test_algorithm_is_registered_with_help_on_every_parameter(plugin):
    alg = QgsApplication.processingRegistry().algorithmById("twzoning:validateinputs")
    assert alg is not None
    for param in alg.parameterDefinitions():
        assert param.help(), param.name()
    assert alg.shortHelpString()
    assert {o.name() for o in alg.outputDefinitions()} >= {"OUTPUT", "OUTPUT_REPORT", "ERROR_COUNT", "WARNING_COUNT"}


def test_clean_parcels_give_no_problem(plugin):
    layer = parcels([(square(0, 0), row("0001-0000")), (square(10, 0), row("0002-0000"))])
    result = run(PARCELS=layer)
    assert problems(result) == []
    assert result["ERROR_COUNT"] == 0 and result["WARNING_COUNT"] == 0


def test_geographic_crs_is_reported(plugin):
    layer = parcels([("POLYGON((121 24,121.001 24,121.001 24.001,121 24.001,121 24))", row())], crs="EPSG:4326")
    result = run(PARCELS=layer)
    assert "CRS_GEOGRAPHIC" in codes(result)
    msg = next(f["message_zh"] for f in result["OUTPUT"].getFeatures() if f["code"] == "CRS_GEOGRAPHIC")
    assert "EPSG:3826" in msg and "EPSG:3825" in msg


def test_missing_field_and_wrong_type(plugin):
    fields = FIELDS.replace("&field=owner_type:string", "").replace("section:string", "section:integer")
    layer = parcels([(square(0, 0), row()[:3] + [214] + row()[4:9])], fields=fields)
    result = run(PARCELS=layer)
    fields_found = {(f["code"], f["field"]) for f in result["OUTPUT"].getFeatures()}
    assert ("FIELD_MISSING", "owner_type") in fields_found
    assert ("FIELD_TYPE", "section") in fields_found
    missing = next(f for f in result["OUTPUT"].getFeatures() if f["code"] == "FIELD_MISSING")
    assert "native:refactorfields" in missing["message_en"]


def test_duplicate_keys_invalid_empty_null_geometries_and_overlaps(plugin):
    bowtie = "POLYGON((100 0,110 10,110 0,100 10,100 0))"
    layer = parcels([
        (square(0, 0), row("0001-0000")),
        (square(20, 0), row("0001-0000")),          # duplicate key
        (bowtie, row("0003-0000")),                 # invalid
        (None, row("0004-0000")),                   # no geometry
        ("POLYGON EMPTY", row("0005-0000")),        # empty
        (square(5, 5), row("0006-0000")),           # overlaps the first by 25 m²
        (square(40, 0), row("12-3")),               # malformed parcel number
    ])
    result = run(PARCELS=layer)
    found = codes(result)
    for code in ("KEY_DUPLICATE", "GEOM_INVALID", "GEOM_NULL", "GEOM_EMPTY", "PARCEL_OVERLAP", "VALUE_PATTERN"):
        assert code in found, code
    assert result["ERROR_COUNT"] >= 6
    overlap = next(f for f in result["OUTPUT"].getFeatures() if f["code"] == "PARCEL_OVERLAP")
    assert "25.00" in overlap["message_en"]
    assert overlap.geometry().asPoint().x() == pytest.approx(7.5, abs=2.6)


def test_unknown_indicator_layer_lists_closest_names(plugin):
    known = memory_layer("Polygon?crs=EPSG:3826&field=name:string", "水庫蓄水範圍", [(square(0, 0), ["A"])])
    typo = memory_layer("Polygon?crs=EPSG:3826&field=name:string", "水庫蓄水範圍圖層", [(square(0, 0), ["A"])])
    odd = memory_layer("Polygon?crs=EPSG:3826&field=name:string", "隨便一個圖層", [(square(0, 0), ["A"])])
    result = run(INDICATORS=[known, typo, odd])
    by_layer = {(c, lyr) for c, lyr, _f in problems(result)}
    assert ("INDICATOR_UNKNOWN", "隨便一個圖層") in by_layer
    assert not any(lyr == "水庫蓄水範圍" for _c, lyr in by_layer)
    unknown = next(f for f in result["OUTPUT"].getFeatures() if f["layer"] == "隨便一個圖層")
    assert "closest names" in unknown["message_en"]


def test_line_layer_where_polygons_are_expected(plugin):
    lines = memory_layer("LineString?crs=EPSG:3826&field=name:string", "水庫蓄水範圍", [("LINESTRING(0 0,10 10)", ["A"])])
    assert "GEOM_NOT_POLYGON" in codes(run(INDICATORS=[lines]))


def test_indicator_in_another_crs_is_a_warning(plugin):
    layer = parcels([(square(0, 0), row())])
    other = memory_layer("Polygon?crs=EPSG:3825&field=name:string", "自然保留區", [(square(0, 0), ["A"])])
    result = run(PARCELS=layer, INDICATORS=[other])
    assert ("CRS_MISMATCH", "自然保留區", None) in problems(result)
    assert result["ERROR_COUNT"] == 0


def test_nothing_to_check_is_a_clear_error(plugin):
    with pytest.raises(QgsProcessingException, match="Nothing to check"):
        run()


def test_fail_on_error_stops_a_model(plugin):
    layer = parcels([(square(0, 0), row("0001-0000")), (square(20, 0), row("0001-0000"))])
    with pytest.raises(QgsProcessingException, match="errors"):
        run(PARCELS=layer, FAIL_ON_ERROR=True)


def test_unknown_preset_is_a_clear_error(plugin):
    layer = parcels([(square(0, 0), row())])
    with pytest.raises(QgsProcessingException, match="preset"):
        run(PARCELS=layer, PRESET="no_such_county")


def test_broken_rule_file_names_file_and_line(plugin, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("classes:\n  - code: CON1\n    color: [1, 2\n", encoding="utf-8")
    layer = parcels([(square(0, 0), row())])
    with pytest.raises(QgsProcessingException, match="bad.yaml"):
        run(PARCELS=layer, RULESET=str(bad))


def test_html_report_is_written(plugin, tmp_path):
    layer = parcels([(square(0, 0), row("0001-0000")), (square(20, 0), row("0001-0000"))])
    report = tmp_path / "report.html"
    result = run(PARCELS=layer, OUTPUT_REPORT=str(report))
    text = report.read_text(encoding="utf-8")
    assert result["OUTPUT_REPORT"] == str(report)
    assert "KEY_DUPLICATE" in text and "地號重複" in text
    assert not list(tmp_path.glob(".twzoning-*"))


def test_layer_from_a_geopackage_is_named_by_its_table(plugin, tmp_path):
    path = str(tmp_path / "ind.gpkg")
    src = memory_layer("Polygon?crs=EPSG:3826&field=name:string", "tmp", [(square(0, 0), ["A"])])
    processing.run("native:savefeatures", {"INPUT": src, "OUTPUT": path, "LAYER_NAME": "水庫蓄水範圍"})
    layer = QgsVectorLayer(f"{path}|layername=水庫蓄水範圍", "whatever the user typed", "ogr")
    assert layer.isValid()
    result = run(INDICATORS=[layer])
    assert problems(result) == []


def test_problem_layer_is_styled_when_loaded(plugin):
    from qgis.core import QgsProject

    layer = parcels([(square(0, 0), row("0001-0000")), (square(20, 0), row("0001-0000"))])
    results = processing.runAndLoadResults("twzoning:validateinputs", {"PARCELS": layer,
                                                                        "OUTPUT": "TEMPORARY_OUTPUT"})
    out = QgsProject.instance().mapLayer(results["OUTPUT"])
    assert out is not None
    assert out.renderer().type() == "categorizedSymbol"
    assert out.renderer().classAttribute() == "severity"
    QgsProject.instance().removeMapLayer(out)
