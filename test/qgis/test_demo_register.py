"""The documents of the demo county 示範縣 (issue #6 "done when"): the land register equals the committed
expectation row by row, its special rows hold what RULES.md §6 says, the statistics add up, a certificate renders.

The chain is tools/demo.py's, run once for the module (``Demo.register_chain`` then the statistics; the same steps,
parameters and county preset as ``make demo``) with ``processing.run`` in this process instead of qgis_process.
``test/data/demo_register_expected.csv`` is written by ``tools/make_demo_register_expected.py``; the special rows
and their hand check are in ``test/data/demo_register_expected.README.md``. Independent facts (which parcel lies in
which indicator, areas, connected components) are computed here with shapely from the demo GeoPackage and the
chain's pieces, not with the code under test.
"""
from __future__ import annotations

import codecs
import csv
import io
import re
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from types import SimpleNamespace

import pytest
import shapely
from openpyxl import load_workbook

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "test" / "data"
DEMO = DATA / "demo_county.gpkg"
EXPECTED = DATA / "demo_register_expected.csv"
LANDMARKS = DATA / "demo_county_landmarks.csv"
REGENERATE = ".venv/bin/python tools/make_demo_register_expected.py"

sys.path.insert(0, str(ROOT / "tools"))
try:
    import demo  # tools/demo.py (the tools folder is not a package)
finally:
    sys.path.pop(0)

pytestmark = pytest.mark.skipif(not DEMO.exists(), reason="test/data/demo_county.gpkg is missing (make demo-data)")

# The special rows (test/data/demo_register_expected.README.md), by parcel key office|section|地號.
SPLIT_KEY = "HD|0633|0324-0000"         # 特定農業區 farm parcel cut by the drinking-water intake circle of 示範溪
CONSERVATION_KEY = "HB|0388|0234-0000"  # farmhouse (甲種建築用地) in the 示範溪口 wetland: 國1, preset → 國土保育用地
PROVISIONAL_KEY = "HB|0388|暫0001"       # the unregistered coastal strip of 濱海段
URBAN_KEY = "HD|0677|0036-0000"         # a 住宅區 lot of 平原鎮都市計畫: no register row
PARTIAL_KEY = "HD|0662|0597-0000"       # farm parcel the staked urban-plan boundary crosses

# Register columns (表28, flattened as in 表29), by position.
HEADER = ["直轄市、縣（市）名稱", "鄉（鎮、市、區）名稱", "地政事務所代碼", "地段代碼（或編號）", "地段名稱", "地號（或編號）",
          "面積（平方公尺）", "繪製或檢討變更前國土功能分區及其分類", "繪製或檢討變更前使用地編定類別",
          "繪製或檢討變更後國土功能分區及其分類", "繪製或檢討變更後使用地編定類別", "備註"]
COL = {name: i for i, name in enumerate(
    ["county", "town", "office", "section", "section_name", "parcel_no", "reg_area", "before_class",
     "before_landuse", "after_class", "after_landuse", "remark"])}


# ------------------------------------------------------------------------------------------------------------------
# The chain, once for the module
# ------------------------------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def chain(plugin, tmp_path_factory):
    out = tmp_path_factory.mktemp("demo_chain")
    run = demo.Demo(DEMO, out, runner=demo.run_in_process)
    assert Path(run.preset).name == "demo_county_preset.yaml"
    started = time.monotonic()
    register = run.register_chain()
    statistics = run.statistics(9)
    return SimpleNamespace(out=out, demo=run, register=register, statistics=statistics,
                           elapsed_s=time.monotonic() - started)


@pytest.fixture(scope="module")
def rules(chain):
    from twzoning.core.ruleset import load_ruleset

    return load_ruleset(preset=chain.demo.preset)


@pytest.fixture(scope="module")
def got(chain):
    return rows_of(chain.out / "register.csv")


@pytest.fixture(scope="module")
def by_key(got):
    return {"|".join((r[COL["office"]], r[COL["section"]], r[COL["parcel_no"]])): r for r in got[1:-1]}


@pytest.fixture(scope="module")
def county_layers():
    return {name: read_layer(DEMO, name) for name in ("地籍", "都市計畫範圍", "國家公園範圍", "縣市界",
                                                      "飲用水取水口一定距離", "國家級重要濕地")}


def rows_of(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig"), newline="")))


def read_layer(gpkg: Path, table: str) -> list[tuple[object, dict]]:
    """(shapely geometry or None for a table without geometry, attributes) of every feature of a GeoPackage table,
    in fid order (sqlite + shapely)."""
    with sqlite3.connect(f"file:{gpkg}?mode=ro", uri=True) as db:
        column = db.execute("SELECT column_name FROM gpkg_geometry_columns WHERE table_name = ?", (table,)).fetchone()
        cursor = db.execute(f'SELECT * FROM "{table}" ORDER BY fid')
        names = [d[0] for d in cursor.description]
        rows = cursor.fetchall()
    out = []
    for row in rows:
        attrs = dict(zip(names, row))
        out.append((gpkg_geometry(attrs.pop(column[0])) if column else None, attrs))
    return out


def gpkg_geometry(blob: bytes):
    """A GeoPackage geometry blob as a shapely geometry (header: magic, version, flags, srs id, envelope)."""
    flags = blob[3]
    envelope = {0: 0, 1: 32, 2: 48, 3: 48, 4: 64}[(flags >> 1) & 0b111]
    return shapely.from_wkb(blob[8 + envelope:])


def key_of(attrs: dict) -> str:
    return f"{attrs['office']}|{attrs['section']}|{attrs['parcel_no']}"


def parcel(county_layers, key: str):
    hits = [(g, a) for g, a in county_layers["地籍"] if key_of(a) == key]
    assert len(hits) == 1, f"{key}: {len(hits)} parcels in the demo county"
    return hits[0]


def union(county_layers, layer: str):
    return shapely.union_all([g for g, _a in county_layers[layer]])


def register_table(chain) -> dict:
    """The register table layer (register.gpkg) by parcel key: in_register, rule_id."""
    return {a["parcel_key"]: a for _g, a in read_layer(chain.out / "register.gpkg", "register")}


# ------------------------------------------------------------------------------------------------------------------
# Register
# ------------------------------------------------------------------------------------------------------------------
def mismatch_message(got: list[list[str]], want: list[list[str]], shown: int = 5) -> str:
    lines = [f"the demo register differs from {EXPECTED.name}: {len(got)} rows written, {len(want)} expected "
             "(header and footer included)."]
    differing = [i for i in range(max(len(got), len(want)))
                 if (got[i] if i < len(got) else None) != (want[i] if i < len(want) else None)]
    for i in differing[:shown]:
        g = got[i] if i < len(got) else None
        w = want[i] if i < len(want) else None
        lines.append(f"row {i + 1}:\n  written : {','.join(g) if g is not None else '(none)'}\n"
                     f"  expected: {','.join(w) if w is not None else '(none)'}")
        if g is not None and w is not None:
            cols = [f"{HEADER[c] if c < len(HEADER) else c}: {w[c]!r} -> {g[c]!r}"
                    for c in range(max(len(g), len(w))) if (g[c:c + 1] or [None]) != (w[c:c + 1] or [None])]
            lines.append("  columns : " + "; ".join(cols))
    if len(differing) > shown:
        lines.append(f"… {len(differing) - shown} more differing rows.")
    lines.append(f"If the change is intended (rules changed), regenerate the expectation: {REGENERATE}")
    return "\n".join(lines)


def test_register_matches_the_committed_expectation_row_by_row(chain, got):
    want = rows_of(EXPECTED)
    if got != want:
        pytest.fail(mismatch_message(got, want), pytrace=False)
    assert chain.register["CONSERVATION_OK"] == 1
    assert chain.register["ROW_COUNT"] == len(got) - 2 == chain.register["REGISTRABLE_COUNT"]


def test_csv_has_a_bom_and_the_xlsx_the_two_row_header_and_the_same_rows(chain, got):
    data = (chain.out / "register.csv").read_bytes()
    assert data.startswith(codecs.BOM_UTF8)
    assert got[0] == HEADER
    ws = load_workbook(chain.out / "register.xlsx").worksheets[0]
    top = [c.value for c in ws[1]]
    bottom = [c.value for c in ws[2]]
    assert top == HEADER[:7] + ["繪製或檢討變更前", None, "繪製或檢討變更後", None, "備註"]
    assert bottom == [None] * 7 + ["國土功能分區及其分類", "使用地編定類別"] * 2 + [None]
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert {"H1:I1", "J1:K1", "A1:A2", "G1:G2", "L1:L2"} <= merged
    body = [["" if v is None else str(v) for v in row] for row in ws.iter_rows(min_row=3, values_only=True)]
    assert body == got[1:], "the XLSX rows (and footer) differ from the CSV"


def test_split_parcel_names_its_classes_in_canonical_order(chain, by_key, county_layers, rules):
    geom, attrs = parcel(county_layers, SPLIT_KEY)
    # hand check: the drinking-water intake circle (國1, CON1-5) cuts the 特定農業區 parcel (農2 outside it)
    inside = geom.intersection(union(county_layers, "飲用水取水口一定距離")).area / geom.area
    assert 0.2 < inside < 0.5 and attrs["nu_zone"] == "特定農業區"
    pieces = {}
    for g, a in read_layer(chain.out / "parcels_units.gpkg", "parcels_units"):
        if a["parcel_key"] == SPLIT_KEY:
            pieces[a["class_code"]] = pieces.get(a["class_code"], 0.0) + g.area
    assert set(pieces) == {"CON1", "AGR2"} and min(pieces.values()) > 1000.0
    assert pieces["AGR2"] > pieces["CON1"]  # the larger part comes second: the order is the classes', not the areas'
    assert rules.class_by_code("CON1").order < rules.class_by_code("AGR2").order
    row = by_key[SPLIT_KEY]
    assert row[COL["after_class"]] == "部分國土保育地區第1類、部分農業發展地區第2類"
    assert row[COL["after_landuse"]] == ""
    assert row[COL["remark"]] == "屬原依區域計畫法編定之農牧用地"


def test_conservation_land_row_follows_the_demo_preset(chain, got, by_key, county_layers, rules):
    geom, attrs = parcel(county_layers, CONSERVATION_KEY)
    wetland = union(county_layers, "國家級重要濕地")
    assert geom.difference(wetland).area < 1.0 and attrs["nu_landuse"] == "甲種建築用地"  # 國1 (CON1-8)
    row = by_key[CONSERVATION_KEY]
    assert row[COL["before_landuse"]] == "甲種建築用地"
    assert row[COL["after_class"]] == "國土保育地區第1類"
    assert row[COL["after_landuse"]] == "國土保育用地"
    assert row[COL["remark"]] == "屬原依區域計畫法編定之甲種建築用地"
    assert register_table(chain)[CONSERVATION_KEY]["rule_id"] == "REG-ROW,CLU-BUILD"
    # the preset's designation, row by row: building land with a piece in 國1 ⇔ 國土保育用地
    spec = rules.register["conservation_land"]["designations"]["CLU-BUILD"]
    assert list(spec["classes"]) == ["CON1"]
    building = set(spec["land_uses"])
    designated = [r for r in got[1:-1] if r[COL["after_landuse"]] == "國土保育用地"]
    expected = [r for r in got[1:-1] if r[COL["before_landuse"]] in building and "國土保育地區第1類" in r[COL["after_class"]]]
    assert designated == expected and len(designated) >= 1
    assert chain.register["CONSERVATION_COUNT"] == len(designated)


def test_unregistered_land_gets_a_provisional_number(by_key, county_layers):
    section = PROVISIONAL_KEY.split("|")[1]
    strips = [(g, a) for g, a in county_layers["地籍"] if a["registered"] == 0 and a["section"] == section]
    assert len(strips) == 1 and not strips[0][1]["parcel_no"]
    row = by_key[PROVISIONAL_KEY]
    assert row[COL["parcel_no"]] == "暫0001" and not re.fullmatch(r"\d{4}-\d{4}", row[COL["parcel_no"]])
    assert row[COL["reg_area"]] == f"{strips[0][0].area:.2f}"  # no registered area: the planar one
    assert row[COL["before_class"]] == row[COL["before_landuse"]] == ""
    assert row[COL["remark"]] == "未登錄地暫予編號，面積依圖形計算"
    provisional = [r for r in by_key.values() if r[COL["parcel_no"]].startswith("暫")]
    assert len(provisional) == sum(1 for _g, a in county_layers["地籍"] if a["registered"] == 0)


def test_urban_plan_land_is_left_out_and_a_parcel_partly_inside_is_marked(chain, by_key, county_layers, rules):
    plan = union(county_layers, "都市計畫範圍")
    geom, _attrs = parcel(county_layers, URBAN_KEY)
    assert geom.difference(plan).area < 0.01
    assert URBAN_KEY not in by_key
    table = register_table(chain)
    assert table[URBAN_KEY]["in_register"] == 0 and table[URBAN_KEY]["rule_id"] == "REG-EXCL"
    # every parcel inside the urban plan or the national park (up to a digitising sliver under 1 m²) is excluded,
    # and only those
    park = union(county_layers, "國家公園範圍")
    outside = shapely.area(shapely.difference([g for g, _a in county_layers["地籍"]], shapely.union(plan, park)))
    assert chain.register["EXCLUDED_COUNT"] == int((outside < 1.0).sum())
    # the parcel the staked plan boundary crosses keeps its row (RULES.md §6.6, Q26) with the partial remark
    with open(LANDMARKS, encoding="utf-8", newline="") as fh:
        mark = next(m for m in csv.DictReader(fh) if m["id"] == "urban_plan_straddling_parcel")
    assert mark["value"] == PARTIAL_KEY
    geom, _attrs = parcel(county_layers, PARTIAL_KEY)
    assert 0.1 < geom.intersection(plan).area / geom.area < 0.5
    row = by_key[PARTIAL_KEY]
    scope = rules.register["scope"]
    assert scope["partial_classes"] == "all_pieces"  # the wording below follows this setting
    assert row[COL["after_class"]] == "部分農業發展地區第2類、部分城鄉發展地區第1類"
    assert row[COL["remark"]] == ("1. 屬原依區域計畫法編定之農牧用地 "
                                  "2. 部分土地位於都市計畫或國家公園計畫範圍，該部分無須編定使用地")
    assert table[PARTIAL_KEY]["in_register"] == 1


# ------------------------------------------------------------------------------------------------------------------
# Statistics
# ------------------------------------------------------------------------------------------------------------------
def test_statistics_add_up_and_patches_are_the_connected_components(chain, county_layers, rules):
    from twzoning.core.catalogue import class_name

    county_area = union(county_layers, "縣市界").area
    assert chain.statistics["TOTAL_AREA_M2"] == pytest.approx(county_area, abs=1.0)
    rows = [list(r) for r in load_workbook(chain.out / "statistics.xlsx").worksheets[0].iter_rows(
        min_row=3, values_only=True)]
    body, total = rows[:-1], rows[-1]
    assert total[0] == "合計" and total[2] * 10000 == pytest.approx(county_area, abs=1.0)
    # independently: the pieces of each class (statistics row) with shapely; a patch is a connected part of the
    # dissolved class of at least patch_min_area_m2 (parts touching at a point only stay separate polygons)
    groups: dict[str, list] = {}
    for g, a in read_layer(chain.out / "parcels_units.gpkg", "parcels_units"):
        hit = rules.resolve_class_variant(a["class_name"] or "")
        variant = hit[1] if hit and hit[0] == a["class_code"] else None
        groups.setdefault(class_name(a["class_code"], "statistics", rules, variant=variant or None), []).append(g)
    areas = {name: float(shapely.area(geoms).sum()) for name, geoms in groups.items()}
    assert sum(areas.values()) == pytest.approx(county_area, abs=1.0)  # the class areas add up to the county
    minimum = float(rules.statistics["patch_min_area_m2"])
    unit, decimals = float(rules.statistics["area_divisor"]), int(rules.statistics["area_decimals"])
    rounding = 0.5 * unit / 10 ** decimals  # a row shows its area rounded to `decimals` places of hectares
    by_name = {r[0]: r for r in body}
    for name, geoms in groups.items():
        patches = sum(1 for p in shapely.get_parts(shapely.union_all(geoms)) if p.area >= minimum)
        assert by_name[name][1] == patches, name
        assert by_name[name][2] * unit == pytest.approx(areas[name], abs=rounding + 1e-6), name
    assert all(r[1] == 0 and r[2] == 0 for r in body if r[0] not in groups)
    assert total[1] == chain.statistics["PATCH_COUNT"] == sum(r[1] for r in body)
    # the rounded rows add up to the county area within their rounding
    assert sum(r[2] for r in body) * unit == pytest.approx(county_area, abs=1.0 + rounding * len(groups))


# ------------------------------------------------------------------------------------------------------------------
# What `make demo` writes, and the certificate
# ------------------------------------------------------------------------------------------------------------------
def test_the_demo_steps_write_register_and_statistics_files(chain):
    o = chain.out
    assert (o / "register.xlsx").stat().st_size > 0 and (o / "register.csv").stat().st_size > 0
    book = load_workbook(o / "statistics.xlsx")
    assert len(book.worksheets[0]._charts) == 1  # the area bar chart by class
    assert (o / "statistics.png").read_bytes().startswith(b"\x89PNG")


@pytest.mark.skipif(not (shutil.which("pdftoppm") and shutil.which("pdftotext")),
                    reason="poppler-utils (pdftoppm, pdftotext) missing")
def test_certificate_of_demo_parcels_renders_with_key_class_and_land_use(chain, tmp_path):
    from .test_certificate import needs_cjk_font, pdf_text, squeeze

    needs_cjk_font()
    result = chain.demo.certificate(10)
    pdf = chain.out / "certificate.pdf"
    subprocess.run(["pdftoppm", "-png", "-r", "50", str(pdf), str(tmp_path / "page")], check=True)
    pages = sorted(tmp_path.glob("page*.png"))
    assert len(pages) == result["PAGE_COUNT"] >= 1 and pages[0].stat().st_size > 10000
    text = squeeze(pdf_text(pdf))
    keys = demo.CERTIFICATE_KEYS.split(";")
    assert CONSERVATION_KEY in keys
    for key in keys:
        assert squeeze(key.split("|")[2]) in text, key
    for needle in ("示範縣國土功能分區證明書(陸域)", "濱海段", "國土保育地區第一類", "國土保育用地",
                   "屬原區域計畫法編定之甲種建築用地", f"共計{len(keys)}筆、以下空白"):
        assert squeeze(needle) in text, needle
