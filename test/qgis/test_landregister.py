"""twzoning:landregister through processing.run on the hand-made register fixture.

``test/data/register_fixture.gpkg`` (layer ``pieces``, EPSG:3826) holds assigned parcel pieces of 示範縣 with the
parcel schema and PIECE_FIELDS plus ``conservation_land`` (the 國土保育用地 assessment): a plain row, a split parcel
(國2 piece before 國1), buildable land assessed to 國土保育用地 and assessed to be kept, an indigenous 農4, an
urban-plan parcel (excluded), a parcel partly in the urban plan, a 城2-2 sporadic parcel, a national-park parcel
(excluded) and two unregistered strips (the northern one two pieces sharing an edge). ``register_expected.csv`` is
the register written by hand from RULES.md §6 for PRODUCED_AT=2025-11-24T14:05, source 示範縣地政處, version
2025-10-01.
"""
from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from openpyxl import load_workbook
from qgis import processing
from qgis.core import QgsApplication, QgsProcessingException, QgsVectorLayer

from .conftest import memory_layer

DATA = Path(__file__).resolve().parents[1] / "data"
FIXTURE = DATA / "register_fixture.gpkg"
EXPECTED = DATA / "register_expected.csv"


def fixture_layer():
    layer = QgsVectorLayer(f"{FIXTURE}|layername=pieces", "pieces", "ogr")
    assert layer.isValid()
    return layer


def run(tmp_path, **params):
    base = {
        "INPUT": fixture_layer(), "CONSERVATION_FIELD": "conservation_land", "CADASTRE_SOURCE": "示範縣地政處",
        "CADASTRE_VERSION": "2025-10-01", "PRODUCED_AT": "2025-11-24T14:05",
        "OUTPUT_XLSX": str(tmp_path / "register.xlsx"), "OUTPUT_CSV": str(tmp_path / "register.csv"),
        "OUTPUT": "memory:",
    }
    base.update(params)
    return processing.run("twzoning:landregister", base)


def rows_of(path: Path, encoding="utf-8-sig"):
    return list(csv.reader(io.StringIO(path.read_bytes().decode(encoding), newline="")))


def test_registered_with_help_on_every_parameter(plugin):
    alg = QgsApplication.processingRegistry().algorithmById("twzoning:landregister")
    assert alg is not None and alg.shortHelpString()
    for param in alg.parameterDefinitions():
        assert param.help(), param.name()
    assert {o.name() for o in alg.outputDefinitions()} >= {"OUTPUT", "OUTPUT_XLSX", "OUTPUT_CSV", "ROW_COUNT"}


def test_fixture_register_matches_the_hand_written_expectation_row_by_row(plugin, tmp_path):
    result = run(tmp_path)
    got, want = rows_of(tmp_path / "register.csv"), rows_of(EXPECTED)
    assert len(got) == len(want)
    for n, (g, w) in enumerate(zip(got, want), start=1):
        assert g == w, f"row {n}"
    assert (tmp_path / "register.csv").read_bytes() == EXPECTED.read_bytes()
    assert result["ROW_COUNT"] == 9 and result["EXCLUDED_COUNT"] == 2
    assert result["PROVISIONAL_COUNT"] == 2 and result["CONSERVATION_COUNT"] == 1


def test_csv_starts_with_a_bom_and_the_xlsx_has_the_two_row_header(plugin, tmp_path):
    run(tmp_path)
    assert (tmp_path / "register.csv").read_bytes()[:3] == b"\xef\xbb\xbf"
    ws = load_workbook(tmp_path / "register.xlsx").active
    assert [c.value for c in ws[1]][7:11] == ["繪製或檢討變更前", None, "繪製或檢討變更後", None]
    assert [c.value for c in ws[2]][7:11] == ["國土功能分區及其分類", "使用地編定類別", "國土功能分區及其分類",
                                              "使用地編定類別"]
    want = rows_of(EXPECTED)
    body = [[c.value or "" for c in row] for row in ws.iter_rows(min_row=3, max_row=ws.max_row)]
    assert body[:-1] == want[1:-1]
    assert body[-1][-1] == want[-1][-1]


def test_rerun_is_byte_identical(plugin, tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    first.mkdir()
    second.mkdir()
    run(first)
    run(second)
    for name in ("register.csv", "register.xlsx"):
        assert (first / name).read_bytes() == (second / name).read_bytes(), name


def test_table_keeps_excluded_parcels_with_their_rule(plugin, tmp_path):
    table = run(tmp_path)["OUTPUT"]
    rows = {f["parcel_key"]: f for f in table.getFeatures()}
    assert rows["HD|0677|0005-0000"]["in_register"] == 0 and rows["HD|0677|0005-0000"]["rule_id"] == "REG-EXCL"
    assert rows["HC|0457|0104-0000"]["in_register"] == 0
    assert rows["HC|0457|0101-0000"]["rule_id"] == "REG-ROW,CLU-DECIDED"
    assert rows["HB|0388|暫0001"]["provisional"] == 1 and rows["HB|0388|暫0001"]["piece_count"] == 2
    assert all(f["reason"] and f["reason_en"] for f in table.getFeatures())


def test_big5_output(plugin, tmp_path):
    fields = ("field=county:string&field=town:string&field=office:string&field=section:string"
              "&field=section_name:string&field=parcel_no:string&field=reg_area:double&field=nu_zone:string"
              "&field=nu_landuse:string&field=class_code:string&field=status:string")
    layer = memory_layer(f"Polygon?crs=EPSG:3826&{fields}", "pieces", [
        ("POLYGON((0 0,10 0,10 10,0 10,0 0))",
         ["示範縣", "海濱鄉", "HB", "0388", "濱海段", "0001-0000", 100.0, "一般農業區", "農牧用地", "AGR2", "registrable"]),
    ])
    run(tmp_path, INPUT=layer, CONSERVATION_FIELD=None, ENCODING=1, OUTPUT_XLSX=None)
    rows = rows_of(tmp_path / "register.csv", "cp950")
    assert rows[0][0] == "直轄市、縣（市）名稱"
    assert rows[1] == ["示範縣", "海濱鄉", "HB", "0388", "濱海段", "0001-0000", "100.00", "一般農業區", "農牧用地",
                       "農業發展地區第2類", "", "屬原依區域計畫法編定之農牧用地"]


def test_big5_fails_clearly_on_a_real_section_name_it_cannot_hold(plugin, tmp_path):
    """槺 (U+69FA) of the real section name 槺榔段上槺榔小段 has no cp950 code: the run fails, naming row and column,
    and writes no file."""
    with pytest.raises(QgsProcessingException, match="row 5, column 「地段名稱」 holds 「槺」"):
        run(tmp_path, ENCODING=1)
    assert not (tmp_path / "register.csv").exists() and not (tmp_path / "register.xlsx").exists()


def test_missing_piece_fields_give_a_clear_error(plugin, tmp_path):
    layer = memory_layer("Polygon?crs=EPSG:3826&field=county:string", "parcels",
                         [("POLYGON((0 0,10 0,10 10,0 10,0 0))", ["示範縣"])])
    with pytest.raises(QgsProcessingException, match="class_code"):
        run(tmp_path, INPUT=layer, CONSERVATION_FIELD=None)
