"""The release zip (issue #9): built by tools/package.py, unpacked into a fresh QGIS profile as *Install from ZIP*
does, enabled and run with ``qgis_process.bin`` — a process that sees only the unpacked copy, not this checkout."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "test" / "data" / "demo_county.gpkg"
QGIS_PROCESS = shutil.which("qgis_process.bin") or "/usr/bin/qgis_process.bin"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not Path(QGIS_PROCESS).exists(), reason="qgis_process.bin is not installed"),
]


@pytest.fixture(scope="module")
def package(tmp_path_factory):
    out = tmp_path_factory.mktemp("dist")
    proc = subprocess.run([sys.executable, str(ROOT / "tools" / "package.py"), "--out", str(out)],
                          capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    zip_path = Path(proc.stdout.strip().splitlines()[-1])
    assert zip_path.exists() and zip_path.parent == out
    return zip_path


def test_zip_content(package):
    with zipfile.ZipFile(package) as zf:
        names = zf.namelist()
        meta = zf.read("twzoning/metadata.txt").decode("utf-8")
    assert all(n.startswith("twzoning/") for n in names)
    for required in ("__init__.py", "metadata.txt", "plugin.py", "algorithms/provider.py",
                     "i18n/twzoning_zh-Hant.qm", "icons/twzoning.svg", "core/rules/classes.yaml"):
        assert f"twzoning/{required}" in names, required
    tops = {n.split("/")[1] for n in names}
    assert not tops & {"test", "tools", "docs", ".ci", "Makefile", "pyproject.toml", "requirements-dev.txt"}
    assert not [n for n in names if "__pycache__" in n or n.endswith((".pyc", ".ts")) or "/." in n]
    version = package.stem.split("-", 1)[1]
    assert f"version={version}" in meta
    assert f"changelog={version}" in meta.replace(" ", "")
    # the .qm in the zip is the current one
    with zipfile.ZipFile(package) as zf:
        assert zf.read("twzoning/i18n/twzoning_zh-Hant.qm") == (ROOT / "i18n" / "twzoning_zh-Hant.qm").read_bytes()


def test_package_refuses_a_changelog_without_the_version(tmp_path, monkeypatch):
    import importlib.util

    spec = importlib.util.spec_from_file_location("_tools_package", ROOT / "tools" / "package.py")
    pkg = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(pkg)
    meta = tmp_path / "metadata.txt"
    text = (ROOT / "metadata.txt").read_text(encoding="utf-8")
    meta.write_text(text.replace("version=", "version=9.9.9\nold_version="), encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text('[project]\nversion = "9.9.9"\n', encoding="utf-8")
    monkeypatch.setattr(pkg, "ROOT", tmp_path)
    problems = pkg.check_metadata()
    assert any("changelog" in p and "9.9.9" in p for p in problems), problems


def _env(profile: Path) -> dict:
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["QGIS_CUSTOM_CONFIG_PATH"] = str(profile)
    site = ROOT / ".venv" / "lib" / f"python{sys.version_info.major}.{sys.version_info.minor}" / "site-packages"
    env["PYTHONPATH"] = str(site) if site.exists() else env.get("PYTHONPATH", "")
    runtime = Path(f"/tmp/runtime-{os.getuid()}")
    runtime.mkdir(mode=0o700, exist_ok=True)
    env["XDG_RUNTIME_DIR"] = str(runtime)
    return env


def test_zip_installs_into_a_fresh_profile_and_runs(package, tmp_path):
    profile = tmp_path / "profile"
    plugins = profile / "profiles" / "default" / "python" / "plugins"
    plugins.mkdir(parents=True)
    with zipfile.ZipFile(package) as zf:  # what "Install from ZIP" does: unpack into the plugins folder
        zf.extractall(plugins)
    installed = plugins / "twzoning"
    assert (installed / "metadata.txt").exists() and not installed.is_symlink()
    env = _env(profile)
    enable = subprocess.run([QGIS_PROCESS, "plugins", "enable", "twzoning"], env=env, capture_output=True, text=True,
                            cwd=tmp_path)
    assert enable.returncode == 0, enable.stdout + enable.stderr
    listing = subprocess.run([QGIS_PROCESS, "list"], env=env, capture_output=True, text=True, cwd=tmp_path)
    assert "twzoning:validateinputs" in listing.stdout and "twzoning:delineateclasses" in listing.stdout

    if not DEMO.exists():
        pytest.skip("test/data/demo_county.gpkg is not there yet")
    out = tmp_path / "problems.gpkg"
    run = subprocess.run(
        [QGIS_PROCESS, "--json", "run", "twzoning:validateinputs", "--",
         f"PARCELS={DEMO}|layername=地籍", f"INDICATORS={DEMO}|layername=水庫蓄水範圍",
         f"OUTPUT={out}", f"OUTPUT_REPORT={tmp_path / 'problems.html'}"],
        env=env, capture_output=True, text=True, cwd=tmp_path, timeout=600,
    )
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    result = json.loads(run.stdout[run.stdout.index("{"):])
    # The process saw no other copy of the plugin: the fresh profile holds only the unpacked folder (no symlink)
    # and PYTHONPATH only the venv's site-packages.
    assert result["results"]["ERROR_COUNT"] == 0
    assert out.exists() and (tmp_path / "problems.html").exists()
