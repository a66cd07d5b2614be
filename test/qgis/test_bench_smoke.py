"""Smoke test of the benchmark path (issue #10): a tiny synthetic county runs through ``tools/bench.py`` (plugin
chain + QGIS-native chain), and every tile of a two-tile county gets exactly the register of a one-tile county
processed alone, i.e. processing at scale does not change answers. Timings are reported by ``make bench`` only,
never asserted here."""
from __future__ import annotations

import csv
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))

import make_synthetic_county as synth  # noqa: E402

import bench  # noqa: E402

#: Each tile cropped to its southern 800 m (about 800 parcels: farmland, a rural district, the coast).
STRIP = 800.0


@pytest.fixture(scope="module")
def counties(tmp_path_factory):
    base = tmp_path_factory.mktemp("bench")
    one = synth.generate(1, base / "one.gpkg", strip=STRIP)
    two = synth.generate(one["parcels"] + 1, base / "two.gpkg", strip=STRIP)
    return base, one, two


def test_generator_tiles_county(counties):
    _base, one, two = counties
    assert one["tiles"] == 1 and two["tiles"] == 2
    assert two["parcels"] == 2 * one["parcels"]
    layers = bench.gpkg_layers(Path(two["path"]))
    for name in (bench.PARCELS, bench.SEA, bench.MHT, bench.COUNTY):
        assert name in layers


def test_bench_path_gives_the_register_of_one_tile(plugin, counties):
    base, one, two = counties
    alone = bench.bench_county(Path(one["path"]), base / "work_one", native=True)
    run = bench.bench_county(Path(two["path"]), base / "work_two", native=False)
    failed = [s for s in alone["steps"] + run["steps"] if s["status"] != "ok"]
    assert not failed, failed
    assert [s["step"] for s in alone["steps"]] == list(bench.PLUGIN_STEPS + bench.NATIVE_STEPS)
    assert [s["step"] for s in run["steps"]] == list(bench.PLUGIN_STEPS)
    assert all(s["seconds"] >= 0 and s["peak_rss_mb"] > 0 for s in alone["steps"] + run["steps"])

    register_one = base / "work_one" / "register.csv"
    register_two = base / "work_two" / "register.csv"
    rows_one = bench.register_rows(register_one)
    rows_two = bench.register_rows(register_two)
    assert len(rows_one) > 500
    assert len(rows_two) == 2 * len(rows_one)
    check = bench.compare_registers(register_two, register_one)
    assert check == {"tiles": 2, "tiles_identical": 2, "tiles_differing": [], "rows_per_tile": len(rows_one)}

    # The comparison can fail: a changed class in one row of tile 1 is caught.
    with open(register_two, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    target = next(i for i, r in enumerate(rows) if r[bench.REGISTER_SECTION_COLUMN] == synth.section_code(1, 0))
    rows[target][9] = rows[target][9] + "?"
    tampered = base / "tampered.csv"
    with open(tampered, "w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh).writerows(rows)
    assert bench.compare_registers(tampered, register_one)["tiles_differing"] == [1]

    # The native chain wrote its majority decisions (pieces with a share of at least 50 %).
    assert (base / "work_one" / "native_majority.gpkg").exists()

    runs = [dict(alone, county=one), dict(run, county=two, register_check=check)]
    table = bench.summary_table(runs)
    assert "assignparcels" in table and "2/2" in table
    results = {"runs": runs}
    bench.plot(results["runs"], base / "bench.png")
    assert (base / "bench.png").stat().st_size > 1000
