"""The dock panel end to end on the demo county (示範縣): inputs, each step as a task, a candidate accepted and one
refused, the register exported; the register equals the algorithms' own with the same DECISIONS table; Cancel leaves
no output; the workflow state survives saving and reopening the project."""
from __future__ import annotations

import csv
import time
from pathlib import Path

import pytest
from qgis.core import QgsProject, QgsVectorLayer
from qgis.PyQt.QtCore import Qt

TIMEOUT_MS = 600_000
PRODUCED_EPOCH = "1767225600"  # 2026-01-01T00:00Z: the register footer is the same in both runs
LEFT = Qt.MouseButton.LeftButton


def wait_idle(qtbot, dock, timeout=TIMEOUT_MS):
    started = time.monotonic()
    qtbot.waitUntil(lambda: dock.run is None, timeout=timeout)
    return round(time.monotonic() - started, 1)


def features(path) -> list:
    layer = QgsVectorLayer(str(path), "check", "ogr")
    assert layer.isValid(), path
    return list(layer.getFeatures())


def project_layer_of(path):
    return next((lyr for lyr in QgsProject.instance().mapLayers().values()
                 if lyr.source().split("|")[0] == str(path)), None)


@pytest.fixture
def dock(demo_project, qgis_iface, qtbot, tmp_path):
    from twzoning.ui.dock import TwZoningDock

    widget = TwZoningDock(qgis_iface)
    qtbot.addWidget(widget)
    widget.outDirWidget.setFilePath(str(tmp_path / "out"))
    widget.registerDirWidget.setFilePath(str(tmp_path / "register"))
    yield widget
    widget.cancel()
    if widget.run is not None:
        wait_idle(qtbot, widget)
    widget.unload()


def test_roles_are_guessed_from_layer_names(dock, demo_project):
    assert dock.parcelsCombo.currentLayer() is demo_project["地籍"]
    assert dock.seaCombo.currentLayer() is demo_project["海域"]
    assert dock.mhtCombo.currentLayer() is demo_project["平均高潮線"]
    names = [dock.indicatorList.item(i).text() for i in range(dock.indicatorList.count())]
    assert "保安林" in names and "山坡地" in names
    assert not {"地籍", "海域", "平均高潮線", "縣市界"} & set(names)
    marine = [dock.marineList.item(i).text() for i in range(dock.marineList.count())]
    assert {"港區範圍", "錨地範圍", "人工魚礁區及保護礁區"} <= set(marine)
    assert "保安林" not in marine and "原住民族土地" not in marine


def test_workflow_end_to_end(dock, qtbot, tmp_path, monkeypatch, qgis_iface):
    from qgis import processing

    monkeypatch.setenv("SOURCE_DATE_EPOCH", PRODUCED_EPOCH)
    out = tmp_path / "out"
    timings = {}

    # 1 inputs + validation: the problems table lists the features of the problem layer
    qtbot.mouseClick(dock.validateButton, LEFT)
    timings["validate"] = wait_idle(qtbot, dock)
    problems = features(out / "validation.gpkg")
    assert dock.problemsTable.rowCount() == len(problems)
    assert dock.validateLabel.text().startswith("Errors: ")

    # 2 delineation + parcels: outputs written and added to the project with the plugin's style
    dock.stepList.setCurrentRow(1)
    qtbot.mouseClick(dock.delineateButton, LEFT)
    timings["delineate"] = wait_idle(qtbot, dock)
    assert dock.messageLabel.text() == "Delineation done (分區劃設完成).", dock.messageLabel.text()
    zoning = project_layer_of(out / "zoning.gpkg")
    assert zoning is not None and zoning.renderer().type() != "singleSymbol"
    assert len(features(out / "parcels.gpkg")) > 0

    # 3 marine points: the preview lists every numbered point
    dock.stepList.setCurrentRow(2)
    qtbot.mouseClick(dock.marineButton, LEFT)
    timings["marine"] = wait_idle(qtbot, dock)
    points = features(out / "marine_points.gpkg")
    assert len(points) > 0 and dock.marineTable.rowCount() == len(points), dock.messageLabel.text()
    assert (out / "marine_appendix.xlsx").exists()

    # 4 sporadic land: review the open candidates, accept one and refuse another
    dock.stepList.setCurrentRow(3)
    qtbot.mouseClick(dock.sporadicButton, LEFT)
    timings["sporadic"] = wait_idle(qtbot, dock)
    rows = dock.candidates.rows
    assert len(rows) == len(features(out / "candidates.gpkg")) > 0
    dock.statusFilter.setCurrentIndex(dock.statusFilter.findData("open"))
    open_before = sum(1 for r in rows if r["decision"] == "proposed")
    assert dock.candidate_filter.rowCount() == open_before >= 2
    assert f"Open candidates (待決定): {open_before} ·" in dock.counterLabel.text()

    dock.select_candidate(0)
    accepted = dock.selected_candidate()
    assert dock.parcelsCombo.currentLayer().selectedFeatureCount() >= 1  # the parcel and its neighbours
    qtbot.mouseClick(dock.acceptButton, LEFT)
    assert dock.candidate_filter.rowCount() == open_before - 1  # answered: no longer open
    dock.select_candidate(0)
    refused = dock.selected_candidate()
    dock.commentEdit.setText("現況為道路")
    qtbot.mouseClick(dock.refuseButton, LEFT)  # the comment typed is saved with the answer
    assert f"Open candidates (待決定): {open_before - 2} ·" in dock.counterLabel.text()
    with open(out / "decisions.csv", encoding="utf-8-sig", newline="") as fh:
        table = {(r["parcel_key"], r["rule_id"]): (r["planner_decision"], r["comment"]) for r in csv.DictReader(fh)}
    assert table == {(accepted["parcel_key"], accepted["rule_id"]): ("accepted", ""),
                     (refused["parcel_key"], refused["rule_id"]): ("refused", "現況為道路")}

    qtbot.mouseClick(dock.sporadicButton, LEFT)  # re-run with the decisions
    timings["sporadic_rerun"] = wait_idle(qtbot, dock)
    after = {(r["parcel_key"], r["rule_id"]): r for r in dock.candidates.rows}
    assert after[(accepted["parcel_key"], accepted["rule_id"])]["decision"] == "accepted"
    assert after[(refused["parcel_key"], refused["rule_id"])]["decision"] == "refused"
    assert after[(refused["parcel_key"], refused["rule_id"])]["decided_by"] == "DECISIONS"

    # 5 register: XLSX + CSV in the chosen folder
    dock.stepList.setCurrentRow(4)
    qtbot.mouseClick(dock.registerButton, LEFT)
    timings["register"] = wait_idle(qtbot, dock)
    register = tmp_path / "register"
    assert (register / "register.csv").exists() and (register / "register.xlsx").exists(), dock.messageLabel.text()

    # the same chain through the algorithms, with the same DECISIONS table, gives the same register (same file
    # name: the footer names the source layer)
    ref = tmp_path / "ref"
    ref.mkdir()
    decisions = str(out / "decisions.csv")
    processing.run("twzoning:sporadicland", {
        "INPUT": str(out / "parcels.gpkg"), "DECISIONS": decisions, "OUTPUT": str(ref / "ps.gpkg"),
        "OUTPUT_CANDIDATES": str(ref / "cs.gpkg")})
    processing.run("twzoning:ruralunits", {
        "INPUT": str(ref / "ps.gpkg"), "CANDIDATES": str(ref / "cs.gpkg"), "DECISIONS": decisions,
        "OUTPUT": str(ref / "parcels_units.gpkg"), "OUTPUT_UNITS": str(ref / "u.gpkg"), "OUTPUT_CANDIDATES": str(ref / "c.gpkg")})
    processing.run("twzoning:landregister", {
        "INPUT": str(ref / "parcels_units.gpkg"), "OUTPUT_CSV": str(ref / "register.csv"), "OUTPUT_XLSX": str(ref / "r.xlsx"),
        "OUTPUT": str(ref / "register.gpkg")})
    assert (register / "register.csv").read_bytes() == (ref / "register.csv").read_bytes()
    assert xlsx_values(register / "register.xlsx") == xlsx_values(ref / "r.xlsx")
    print("timings (s):", timings)


def xlsx_values(path: Path) -> list:
    import openpyxl

    book = openpyxl.load_workbook(path, read_only=True)
    return [[list(row) for row in sheet.iter_rows(values_only=True)] for sheet in book.worksheets]


def test_cancel_leaves_no_output(dock, qtbot, tmp_path):
    out = tmp_path / "out"
    qtbot.mouseClick(dock.delineateButton, LEFT)
    assert dock.run is not None and dock.cancelButton.isEnabled()
    qtbot.waitUntil(lambda: dock.progressBar.value() > 0, timeout=60_000)
    run = dock.run
    started = time.monotonic()
    qtbot.mouseClick(dock.cancelButton, LEFT)
    wait_idle(qtbot, dock)
    stopped_after = time.monotonic() - started
    assert run.done and not run.ok and run.results == {}  # the task ended cancelled, without results
    assert dock.messageLabel.text().startswith("Cancelled"), dock.messageLabel.text()
    leftovers = [p.name for p in out.iterdir()] if out.exists() else []
    assert leftovers == []
    assert project_layer_of(out / "zoning.gpkg") is None
    assert not dock.cancelButton.isEnabled()
    print("stopped after (s):", round(stopped_after, 2))


def test_state_is_kept_in_the_project(dock, qtbot, tmp_path, demo_project, qgis_iface):
    from twzoning.ui.dock import TwZoningDock

    dock.indicatorList.item(0).setCheckState(Qt.CheckState.Unchecked)
    unchecked = dock.indicatorList.item(0).data(Qt.ItemDataRole.UserRole)
    dock.marineList.insertItem(0, dock.marineList.takeItem(dock.marineList.count() - 1))  # the county's order
    marine_order = [dock.marineList.item(i).text() for i in range(dock.marineList.count())]
    dock.stepList.setCurrentRow(3)
    dock.state.decide("HB|0266|0108-0000", "RDU-UNIT", "accepted", "同意納入")
    dock.save()
    path = str(tmp_path / "workflow.qgz")
    project = QgsProject.instance()
    assert project.write(path)
    project.clear()
    assert project.read(path)

    reopened = TwZoningDock(qgis_iface)
    qtbot.addWidget(reopened)
    for widget in (dock, reopened):  # the open panel follows the project; a new one starts from it
        assert widget.stepList.currentRow() == 3 and widget.pages.currentIndex() == 3
        assert widget.outDirWidget.filePath() == str(tmp_path / "out")
        assert widget.parcelsCombo.currentLayer().name() == "地籍"
        assert [widget.marineList.item(i).text() for i in range(widget.marineList.count())] == marine_order
        assert widget.state.answer("HB|0266|0108-0000", "RDU-UNIT") == {"decision": "accepted", "comment": "同意納入"}
        states = {widget.indicatorList.item(i).data(Qt.ItemDataRole.UserRole):
                  widget.indicatorList.item(i).checkState() for i in range(widget.indicatorList.count())}
        assert states[unchecked] == Qt.CheckState.Unchecked
        assert list(states.values()).count(Qt.CheckState.Checked) == len(states) - 1
    reopened.unload()


def test_an_algorithm_error_is_shown_without_traceback(dock, qtbot, demo_project):
    from qgis.PyQt.QtWidgets import QListWidgetItem

    item = QListWidgetItem("原住民族土地")  # not a marine indicator: twzoning:marinepoints refuses it
    item.setData(Qt.ItemDataRole.UserRole, demo_project["原住民族土地"].id())
    dock.marineList.addItem(item)
    qtbot.mouseClick(dock.marineButton, LEFT)
    wait_idle(qtbot, dock)
    text = dock.messageLabel.text()
    assert "原住民族土地" in text and "Traceback" not in text, text
    assert not dock.cancelButton.isEnabled() and dock.progressBar.value() == 0
    assert not (Path(dock.state.out_dir) / "marine_points.gpkg").exists()
