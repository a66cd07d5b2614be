"""twzoning:certificate through processing.run: the PDF renders (pdftoppm) and holds the parcel's key, class and
land-use texts (pdftotext)."""
from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest
from qgis import processing
from qgis.core import QgsApplication, QgsProcessingException, QgsVectorLayer

from .conftest import memory_layer

DATA = Path(__file__).resolve().parents[1] / "data"
FIXTURE = DATA / "register_fixture.gpkg"

pytestmark = pytest.mark.skipif(
    not (shutil.which("pdftoppm") and shutil.which("pdftotext")), reason="poppler-utils (pdftoppm, pdftotext) missing"
)


def fixture_layer():
    layer = QgsVectorLayer(f"{FIXTURE}|layername=pieces", "pieces", "ogr")
    assert layer.isValid()
    return layer


def needs_cjk_font():
    from twzoning.algorithms.certificate import cjk_family

    if cjk_family() is None:
        pytest.skip("no font with Chinese glyphs is installed (Debian: fonts-noto-cjk)")


def run(tmp_path, **params):
    base = {
        "INPUT": fixture_layer(), "KEYS": "HC|0457|0101-0000", "APPLICANT": "王小明", "AGENCY": "示範縣政府地政處",
        "PHONE": "03-3322101", "ANNOUNCE_DATE": "2025-04-30", "PRINT_DATE": "2025-11-24", "SERIAL": 12,
        "CONSERVATION_FIELD": "conservation_land", "OUTPUT": str(tmp_path / "certificate.pdf"),
    }
    base.update(params)
    return processing.run("twzoning:certificate", base)


def pdf_text(path: Path) -> str:
    """The text layer in content-stream order (-raw keeps the lines of one table cell together)."""
    return subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


# Radicals of the CJK Radicals Supplement seen in the PDF text layer, mapped to their ideograph (these have no
# NFKC decomposition).
RADICALS = str.maketrans({"⺠": "民"})


def squeeze(text: str) -> str:
    """Whitespace removed and NFKC-normalised: Qt's PDF text layer maps ideographs whose glyph the Noto CJK font
    shares with a radical to the radical's code point (⽰ U+2F70 for 示, ⺠ U+2EA0 for 民). The page shows the
    right glyph; only text extraction sees the radical. NFKC folds the Kangxi radicals back."""
    return unicodedata.normalize("NFKC", re.sub(r"\s+", "", text)).translate(RADICALS)


def test_registered_with_help_on_every_parameter(plugin):
    alg = QgsApplication.processingRegistry().algorithmById("twzoning:certificate")
    assert alg is not None and alg.shortHelpString()
    for param in alg.parameterDefinitions():
        assert param.help(), param.name()


def test_land_certificate_renders_and_holds_key_class_and_landuse(plugin, tmp_path):
    needs_cjk_font()
    result = run(tmp_path)
    pdf = tmp_path / "certificate.pdf"
    assert pdf.read_bytes().startswith(b"%PDF")
    subprocess.run(["pdftoppm", "-png", "-r", "60", str(pdf), str(tmp_path / "page")], check=True)
    pages = sorted(tmp_path.glob("page*.png"))
    assert len(pages) == result["PAGE_COUNT"] == 1
    assert pages[0].stat().st_size > 10000
    text = squeeze(pdf_text(pdf))
    assert squeeze("示範縣國土功能分區證明書(陸域)") in text
    assert squeeze("申請者：王小明") in text
    assert squeeze("列印案號：(114)示範縣國證字第H1411240012號") in text
    assert squeeze(result["VERIFICATION_CODE"]) in text and re.fullmatch(r"114H1124[A-Z2-7]{6}",
                                                                          result["VERIFICATION_CODE"])
    for needle in ("0101-0000", "角板段", "山腳鄉", "國土保育地區第一類", "114/04/30", "國土保育用地",
                   "屬原區域計畫法編定之丁種建築用地", "共計1筆、以下空白", "114/11/24第1頁/共1頁"):
        assert squeeze(needle) in text, needle


def test_split_and_indigenous_parcels_on_one_certificate(plugin, tmp_path):
    needs_cjk_font()
    run(tmp_path, KEYS="HB|0388|0013-0001; HC|0457|0103-0000")
    text = squeeze(pdf_text(tmp_path / "certificate.pdf"))
    for needle in ("0013-0001", "國土保育地區第一類", "國土保育地區第二類", "農業發展地區第四類（原）",
                   "農業發展地區第4類(原住民族聚落)", "屬原區域計畫法編定之甲種建築用地", "共計2筆、以下空白"):
        assert squeeze(needle) in text, needle
    assert squeeze("部分國土保育地區") not in text  # Q2: no 部分 on the certificate


def test_sea_certificate(plugin, tmp_path):
    needs_cjk_font()
    zones = memory_layer("Polygon?crs=EPSG:3826&field=class_code:string&field=permit:string", "zones", [
        ("POLYGON((240000 2750000,245000 2750000,245000 2755000,240000 2755000,240000 2750000))",
         ["MAR1_1", "依內政部核發海底電纜或管道設置範圍。"]),
        ("POLYGON((245000 2750000,250000 2750000,250000 2755000,245000 2755000,245000 2750000))", ["MAR3", ""]),
    ])
    query = memory_layer("Polygon?crs=EPSG:3826", "query", [
        ("POLYGON((244000 2751000,246000 2751000,246000 2752000,244000 2751000))", []),
    ])
    result = run(tmp_path, INPUT=zones, KIND=1, KEYS="", QUERY=query, COUNTY="示範縣", COUNTY_CODE="H",
                 CONSERVATION_FIELD=None, PERMIT_FIELD="permit")
    text = squeeze(pdf_text(tmp_path / "certificate.pdf"))
    for needle in ("示範縣國土功能分區證明書(海域)", "海洋資源地區第一類之一", "海洋資源地區第三類",
                   "依內政部核發海底電纜或管道設置範圍。", "共計1筆、以下空白"):
        assert squeeze(needle) in text, needle
    assert re.search(r"1\.120\.\d{6},24\.\d{6}", text)
    assert result["PAGE_COUNT"] == 1


def test_no_certificate_for_urban_plan_land(plugin, tmp_path):
    needs_cjk_font()
    with pytest.raises(QgsProcessingException, match="urban-plan"):
        run(tmp_path, KEYS="HD|0677|0005-0000")
    assert not (tmp_path / "certificate.pdf").exists()


def test_unknown_key_is_named(plugin, tmp_path):
    needs_cjk_font()
    with pytest.raises(QgsProcessingException, match="HB\\|0388\\|9999-0000"):
        run(tmp_path, KEYS="HB|0388|9999-0000")


def test_long_certificate_continues_on_numbered_pages(plugin, tmp_path):
    needs_cjk_font()
    fields = ("field=county:string&field=town:string&field=office:string&field=section:string"
              "&field=section_name:string&field=parcel_no:string&field=reg_area:double&field=nu_zone:string"
              "&field=nu_landuse:string&field=class_code:string&field=status:string")
    features = [
        (f"POLYGON(({x} 0,{x + 10} 0,{x + 10} 10,{x} 10,{x} 0))",
         ["示範縣", "海濱鄉", "HB", "0388", "濱海段", f"{n:04d}-0000", 100.0, "一般農業區", "農牧用地", "AGR2",
          "registrable"])
        for n, x in enumerate(range(0, 400, 10), start=1)
    ]
    layer = memory_layer(f"Polygon?crs=EPSG:3826&{fields}", "pieces", features)
    keys = ";".join(f"HB|0388|{n:04d}-0000" for n in range(1, 41))
    result = run(tmp_path, INPUT=layer, KEYS=keys, CONSERVATION_FIELD=None)
    assert result["PAGE_COUNT"] >= 2
    text = squeeze(pdf_text(tmp_path / "certificate.pdf"))
    pages = result["PAGE_COUNT"]
    for page in range(1, pages + 1):
        assert squeeze(f"114/11/24 第 {page} 頁/共 {pages} 頁") in text
    assert "0040-0000" in text and squeeze("共計 40 筆、以下空白") in text
