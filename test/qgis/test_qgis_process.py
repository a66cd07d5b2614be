"""Smoke tests of the command line users and batch runs call: qgis_process.bin with an isolated profile."""
from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
QGIS_PROCESS = ROOT / "tools" / "qgis_process.sh"
DEMO = ROOT / "test" / "data" / "demo_county.gpkg"

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def profile(tmp_path_factory):
    folder = tmp_path_factory.mktemp("qgis-profile")
    subprocess.run(["bash", str(ROOT / "tools" / "setup_profile.sh"), str(folder)], check=True, capture_output=True)
    return folder


def qgis_process(profile, *args, check=True):
    env = dict(os.environ, TWZONING_PROFILE=str(profile))
    proc = subprocess.run([str(QGIS_PROCESS), *args], capture_output=True, text=True, env=env, timeout=300)
    if check and proc.returncode != 0:
        raise AssertionError(f"qgis_process {args} failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
    return proc


def as_json(stdout: str) -> dict:
    return json.loads(stdout[stdout.index("{"):])


def test_list_shows_the_provider(profile):
    out = qgis_process(profile, "list").stdout
    assert "twzoning:validateinputs" in out


def twzoning_ids(profile) -> list[str]:
    out = qgis_process(profile, "list").stdout
    return sorted({word for line in out.splitlines() for word in line.split() if word.startswith("twzoning:")})


def test_help_documents_every_parameter_of_every_algorithm(profile):
    ids = twzoning_ids(profile)
    assert "twzoning:mapparcelfields" in ids
    for alg in ids:
        out = qgis_process(profile, "help", alg).stdout
        arguments = out.split("Arguments")[1].split("Outputs")[0]
        lines = [ln for ln in arguments.splitlines() if ln.strip() and not set(ln) <= {"-"}]
        names = [ln.split(":")[0] for ln in lines if not ln.startswith(("\t", " "))]
        assert names, alg
        for name in names:
            block = arguments.split(name + ":", 1)[1].splitlines()[1:]
            help_line = block[0].strip() if block else ""
            assert help_line and not help_line.startswith("Argument type"), f"{alg} {name} has no help text"


def test_run_on_the_demo_county(profile, tmp_path):
    if not DEMO.exists():
        pytest.fail(f"the demo county {DEMO} is missing: run `make demo-data`")
    out = tmp_path / "problems.gpkg"
    proc = qgis_process(
        profile, "--json", "run", "twzoning:validateinputs", "--",
        f"PARCELS={DEMO}|layername=地籍", f"INDICATORS={DEMO}|layername=水庫蓄水範圍",
        f"INDICATORS={DEMO}|layername=平均高潮線", f"OUTPUT={out}",
    )
    result = as_json(proc.stdout)
    assert result["algorithm_details"]["id"] == "twzoning:validateinputs"
    assert result["results"]["ERROR_COUNT"] == 0
    assert out.exists()


def test_bad_input_exits_non_zero_with_a_message(profile, tmp_path):
    proc = qgis_process(profile, "run", "twzoning:validateinputs", "--", f"OUTPUT={tmp_path / 'x.gpkg'}",
                        check=False)
    assert proc.returncode != 0
    assert "Nothing to check" in proc.stdout + proc.stderr


def test_shapely_uses_its_own_geos_inside_qgis_process(profile):
    """QGIS has the system GEOS loaded; shapely must still compute with its own (see __init__.py)."""
    env = dict(os.environ, TWZONING_PROFILE=str(profile),
               PYQGIS_STARTUP=str(ROOT / "test" / "qgis" / "geos_probe.py"),
               TWZONING_PLUGINS_DIR=str(profile / "profiles" / "default" / "python" / "plugins"))
    proc = subprocess.run([str(QGIS_PROCESS), "list"], capture_output=True, text=True, env=env, timeout=300)
    probe = [ln for ln in (proc.stdout + proc.stderr).splitlines() if ln.startswith("GEOS_PROBE")]
    assert probe, proc.stderr[-2000:]
    assert float(probe[0].split()[-1]) == 0.0, probe[0]
