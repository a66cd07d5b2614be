"""The plugin in a real QGIS desktop window under Xvfb: the provider is in the toolbox, unloading leaves nothing."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.slow


def test_desktop_load_and_unload(tmp_path):
    if not shutil.which("xvfb-run") or not shutil.which("qgis"):
        pytest.fail("xvfb-run and qgis are installed by `make deps`; they are missing")
    profile = tmp_path / "profile"
    subprocess.run(["bash", str(ROOT / "tools" / "setup_profile.sh"), str(profile)], check=True, capture_output=True)
    report = tmp_path / "report.json"
    env = dict(os.environ)
    env.pop("QT_QPA_PLATFORM", None)  # a real (virtual) screen
    env["TWZONING_DESKTOP_REPORT"] = str(report)
    env["PYTHONPATH"] = str(ROOT / ".venv" / "lib" / "python3.11" / "site-packages")
    env["XDG_RUNTIME_DIR"] = str(tmp_path / "runtime")
    (tmp_path / "runtime").mkdir(mode=0o700)
    proc = subprocess.run(
        ["xvfb-run", "-a", "-s", "-screen 0 1280x800x24", "qgis", "--nologo", "--noversioncheck", "--profiles-path", str(profile), "--code",
         str(ROOT / "test" / "qgis" / "desktop" / "check_plugin.py")],
        capture_output=True, text=True, env=env, timeout=240,
    )
    assert report.exists(), f"QGIS wrote no report (exit {proc.returncode}):\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
    state = json.loads(report.read_text(encoding="utf-8"))
    assert state["loaded"]["provider"] and state["loaded"]["plugin_loaded"]
    assert "twzoning:validateinputs" in state["loaded"]["algorithms"]
    assert state["loaded"]["actions"]
    assert state["unloaded"] == {"provider": False, "algorithms": [], "plugin_loaded": False, "actions": []}
