"""Screenshots of the dock panel's five steps, taken in a real QGIS window under Xvfb, in Traditional Chinese.

Usage: ``python tools/screenshots.py [--out docs/screenshots]``. The launcher makes an isolated profile
(tools/setup_profile.sh), then runs ``xvfb-run qgis --lang zh-Hant --code tools/screenshots.py``; inside QGIS the
same file (seeing $TWZONING_SCREENSHOT_DIR) loads the demo county, runs each step of the panel as the planner would
(the panel's own buttons: the algorithms run as tasks), grabs the main window after each step and quits.
"""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

#: ``qgis --code`` runs the file without ``__file__``: the launcher passes the checkout in $TWZONING_ROOT.
ROOT = Path(os.environ.get("TWZONING_ROOT") or Path(__file__).resolve().parent.parent)
DEMO = ROOT / "test" / "data" / "demo_county.gpkg"
SHOTS = ("1_inputs.png", "2_delineation.png", "3_marine.png", "4_sporadic.png", "5_register.png")


# ================================================================================================================
# Inside QGIS (qgis --code)
# ================================================================================================================
def _in_qgis(out_dir: str) -> None:  # pragma: no cover (runs inside the QGIS desktop)
    import sqlite3

    import qgis.utils
    from qgis.core import QgsApplication, QgsProject, QgsVectorLayer
    from qgis.PyQt.QtCore import QTimer

    iface = qgis.utils.iface
    window = iface.mainWindow()
    window.resize(1600, 1000)
    project = QgsProject.instance()
    with sqlite3.connect(f"file:{DEMO}?mode=ro", uri=True) as db:
        names = [r[0] for r in db.execute(
            "SELECT table_name FROM gpkg_contents WHERE data_type = 'features' ORDER BY rowid")]
    for name in names:
        layer = QgsVectorLayer(f"{DEMO}|layername={name}", name, "ogr")
        project.addMapLayer(layer, name in ("地籍", "海域", "平均高潮線", "縣市界"))
    plugin = qgis.utils.plugins["twzoning"]
    dock = plugin.dock
    work = tempfile.mkdtemp(prefix="twzoning-shots-")
    dock.restore()
    dock.outDirWidget.setFilePath(work)
    dock.registerDirWidget.setFilePath(work)
    dock.setUserVisible(True)
    dock.setMinimumWidth(560)
    iface.mapCanvas().setExtent(project.mapLayersByName("地籍")[0].extent())

    def _quit():
        dock.unload()
        project.setDirty(False)  # no "save the project?" question
        QgsApplication.exit(0)

    def review():
        dock.statusFilter.setCurrentIndex(dock.statusFilter.findData("open"))
        if dock.candidate_filter.rowCount():
            dock.select_candidate(0)

    plan = [(0, dock.run_validation, None), (1, dock.run_delineation, None), (2, dock.run_marine, None),
            (3, dock.run_sporadic, review), (4, dock.run_register, None)]

    def shoot(index):
        window.grab().save(os.path.join(out_dir, SHOTS[index]))

    def step(index):
        if index == len(plan):
            QgsApplication.processEvents()
            _quit()
            return
        row, run, after = plan[index]
        dock.stepList.setCurrentRow(row)
        run()

        def poll():
            if dock.run is not None:
                QTimer.singleShot(300, poll)
                return
            if after is not None:
                after()
            iface.mapCanvas().refresh()
            QTimer.singleShot(2500, lambda: (shoot(index), step(index + 1)))

        QTimer.singleShot(300, poll)

    QTimer.singleShot(1500, lambda: step(0))
    QTimer.singleShot(240_000, _quit)  # never hang a batch run


# ================================================================================================================
# Launcher
# ================================================================================================================
def main(argv=None) -> int:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--lang", default="zh-Hant")
    args = parser.parse_args(argv)
    out = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="twzoning-profile-") as tmp:
        profile = Path(tmp) / "profile"
        subprocess.run(["bash", str(ROOT / "tools" / "setup_profile.sh"), str(profile)], check=True)
        env = dict(os.environ)
        env.pop("QT_QPA_PLATFORM", None)  # a real (virtual) screen
        env["TWZONING_SCREENSHOT_DIR"] = str(out)
        env["TWZONING_ROOT"] = str(ROOT)
        env["PYTHONPATH"] = str(ROOT / ".venv" / "lib" / "python3.11" / "site-packages")
        env["XDG_RUNTIME_DIR"] = str(Path(tmp) / "runtime")
        (Path(tmp) / "runtime").mkdir(mode=0o700)
        subprocess.run(["xvfb-run", "-a", "-s", "-screen 0 1600x1000x24", "qgis", "--nologo", "--noversioncheck",
                        "--lang", args.lang, "--profiles-path", str(profile), "--code", str(ROOT / "tools" / "screenshots.py")],
                       env=env, timeout=300, check=False)
    missing = [s for s in SHOTS if not (out / s).exists()]
    if missing:
        sys.stderr.write("Screenshots not written: " + ", ".join(missing) + "\n")
        return 1
    print("Screenshots in", out)
    return 0


if os.environ.get("TWZONING_SCREENSHOT_DIR") and "qgis.utils" in sys.modules:
    _in_qgis(os.environ["TWZONING_SCREENSHOT_DIR"])
elif __name__ == "__main__":
    sys.exit(main())
