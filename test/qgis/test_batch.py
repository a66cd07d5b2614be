"""Issue #12: tools/batch.py runs the shipped model over many counties in separate qgis_process processes.

Three synthetic counties made from the demo county: 甲 (the demo county as is), 乙 (every other parcel dropped) and
a broken one (its county.yaml names a preset that does not exist). The summary workbook lists two successes with
their figures and one failure with its reason; a re-run skips the two unchanged successes.
"""
from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "test" / "data" / "demo_county.gpkg"

needs_demo = pytest.mark.skipif(not DEMO.exists(), reason="the demo county test/data/demo_county.gpkg is not there")


def _batch_module():
    import importlib.util

    spec = importlib.util.spec_from_file_location("twzoning_batch", ROOT / "tools" / "batch.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_failure_reason_names_step_and_message():
    batch = _batch_module()
    log = ("<string>:1: DeprecationWarning: setapi() is deprecated\n"
           "The parcel layer lacks the schema fields: parcel_no.\n"
           "Error encountered while running Assign parcels (地籍分派)\n"
           "Error encountered while running Assign parcels (地籍分派)\n")
    assert batch.failure_reason(log, "", 1) == "Assign parcels (地籍分派): The parcel layer lacks the schema fields: " \
                                               "parcel_no."
    assert batch.failure_reason("", "", 3) == "qgis_process exited with status 3"


def test_county_without_parcels_is_refused(tmp_path):
    batch = _batch_module()
    with pytest.raises(batch.CountyError, match="地籍"):
        batch.model_params({"平均高潮線": "x.shp", "港區範圍": "y.shp", "水庫蓄水範圍": "z.shp"}, {}, tmp_path)
    params = dict(batch.model_params({"地籍": "p.shp", "平均高潮線": "m.shp", "港區範圍": "h.shp",
                                      "水庫蓄水範圍": "r.shp"}, {"preset": "taoyuan"}, tmp_path))
    assert params["PARCELS"] == "p.shp" and params["MARINE_INDICATORS"] == "h.shp"
    assert params["PRESET"] == "taoyuan" and params["OUTPUT_FOLDER"] == str(tmp_path)
    assert "SEA" not in params  # an absent optional layer is not passed


def test_county_with_a_layer_twice_is_refused(tmp_path):
    batch = _batch_module()
    (tmp_path / "地籍.shp").write_bytes(b"")
    (tmp_path / "地籍.geojson").write_bytes(b"")
    with pytest.raises(batch.CountyError, match="given twice"):
        batch.county_layers(tmp_path)


@pytest.fixture(scope="module")
def profile(tmp_path_factory):
    folder = tmp_path_factory.mktemp("qgis-profile")
    subprocess.run(["bash", str(ROOT / "tools" / "setup_profile.sh"), str(folder)], check=True, capture_output=True)
    return folder


def _parcel_count(gpkg: Path) -> int:
    with sqlite3.connect(gpkg) as db:
        return db.execute('SELECT COUNT(*) FROM "地籍"').fetchone()[0]


@pytest.fixture(scope="module")
def counties(tmp_path_factory):
    root = tmp_path_factory.mktemp("counties")
    for name in ("a_jia", "b_yi", "c_broken"):
        (root / name).mkdir()
        shutil.copy(DEMO, root / name / "county.gpkg")
    (root / "a_jia" / "county.yaml").write_text("name: 甲縣\n", encoding="utf-8")
    with sqlite3.connect(root / "b_yi" / "county.gpkg") as db:
        db.execute('DELETE FROM "地籍" WHERE fid % 2 = 0')
    (root / "b_yi" / "county.yaml").write_text("name: 乙縣\ncadastre_version: '2026-01-01'\n", encoding="utf-8")
    (root / "c_broken" / "county.yaml").write_text("name: 壞縣\npreset: atlantis\n", encoding="utf-8")
    return root


def _batch(profile, counties, out):
    env = dict(os.environ, TWZONING_PROFILE=str(profile))
    return subprocess.run([sys.executable, str(ROOT / "tools" / "batch.py"), str(counties), "--out", str(out),
                           "--jobs", "2"], capture_output=True, text=True, env=env, timeout=900)


def _summary(path: Path) -> dict[str, dict]:
    from openpyxl import load_workbook

    rows = list(load_workbook(path).active.iter_rows(values_only=True))
    head = [str(h).split(" (")[0] for h in rows[0]]
    return {r[0]: dict(zip(head, r)) for r in rows[1:]}


@pytest.mark.slow
def test_model_listed_by_qgis_process(profile):
    env = dict(os.environ, TWZONING_PROFILE=str(profile))
    out = subprocess.run([str(ROOT / "tools" / "qgis_process.sh"), "list"], capture_output=True, text=True,
                         env=env, timeout=300).stdout
    assert "twzoning:zoningchain" in out


@pytest.mark.slow
@needs_demo
def test_batch_three_counties(profile, counties, tmp_path):
    out = tmp_path / "out"
    proc = _batch(profile, counties, out)
    assert proc.returncode == 1, proc.stdout + proc.stderr  # one county failed
    rows = _summary(out / "summary.xlsx")
    assert [rows[c]["status"] for c in ("a_jia", "b_yi", "c_broken")] == ["success", "success", "failed"]
    assert "atlantis" in rows["c_broken"]["reason"] and "Validate inputs" in rows["c_broken"]["reason"]
    assert rows["a_jia"]["name"] == "甲縣"
    full, half = _parcel_count(DEMO), _parcel_count(counties / "b_yi" / "county.gpkg")
    assert half == full // 2 + full % 2 or half == full // 2
    assert rows["a_jia"]["parcels"] == full and rows["b_yi"]["parcels"] == half
    for county in ("a_jia", "b_yi"):
        row = rows[county]
        assert row["register rows"] > 0 and row["candidates open"] >= 0 and row["run time s"] > 0
        assert row["CON1 area m²"] > 0 and row["MAR3 area m²"] > 0
        assert (out / county / "register.xlsx").exists()
    assert rows["c_broken"]["parcels"] is None

    again = _batch(profile, counties, out)
    rows2 = _summary(out / "summary.xlsx")
    assert [rows2[c]["status"] for c in ("a_jia", "b_yi")] == ["skipped (unchanged)"] * 2, again.stdout
    assert rows2["a_jia"]["parcels"] == full  # the earlier figures are kept
    assert rows2["c_broken"]["status"] == "failed"
