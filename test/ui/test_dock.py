"""The dock panel end to end on the demo county (示範縣): inputs, each step as a task, a candidate accepted and one
refused, the register exported; the register equals the algorithms' own with the same DECISIONS table; Cancel leaves
no output; the workflow state survives saving and reopening the project."""
from __future__ import annotations

import csv
import re
import time
import xml.etree.ElementTree as ET
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


def test_workflow_end_to_end(dock, qtbot, tmp_path, monkeypatch, qgis_iface, qgis_process_profile):
    from qgis import processing

    from .conftest import qgis_process

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

    # and so does qgis_process: the whole chain from the demo county's layers (the ones the panel used), one
    # command line per algorithm, with the DECISIONS table the panel saved
    cli = tmp_path / "cli"
    cli.mkdir()
    started = time.monotonic()
    source = {role: dock._layer(role).source() for role in ("parcels", "sea_area", "mean_high_tide_line",
                                                            "county_boundary", "urban_plan", "national_park")}
    qgis_process(qgis_process_profile, "twzoning:delineateclasses", {
        "INDICATORS": [layer.source() for layer in dock.indicator_layers()], "PARCELS": source["parcels"],
        "SEA": source["sea_area"], "MHT": source["mean_high_tide_line"], "COUNTY": source["county_boundary"],
        "OUTPUT": cli / "zoning.gpkg", "OUTPUT_CANDIDATES": cli / "zoning_candidates.gpkg",
        "OUTPUT_STATISTICS": cli / "zoning_statistics.csv", "OUTPUT_ISSUES": cli / "zoning_issues.csv"})
    qgis_process(qgis_process_profile, "twzoning:assignparcels", {
        "PARCELS": source["parcels"], "ZONES": cli / "zoning.gpkg", "SEA": source["sea_area"],
        "MHT": source["mean_high_tide_line"], "URBAN_PLANS": source["urban_plan"],
        "NATIONAL_PARKS": source["national_park"], "OUTPUT": cli / "parcels.gpkg",
        "OUTPUT_PARCELS": cli / "parcel_classes.gpkg"})
    qgis_process(qgis_process_profile, "twzoning:sporadicland", {
        "INPUT": cli / "parcels.gpkg", "DECISIONS": decisions, "OUTPUT": cli / "ps.gpkg",
        "OUTPUT_CANDIDATES": cli / "cs.gpkg"})
    qgis_process(qgis_process_profile, "twzoning:ruralunits", {
        "INPUT": cli / "ps.gpkg", "CANDIDATES": cli / "cs.gpkg", "DECISIONS": decisions,
        "OUTPUT": cli / "parcels_units.gpkg", "OUTPUT_UNITS": cli / "u.gpkg", "OUTPUT_CANDIDATES": cli / "c.gpkg"})
    result = qgis_process(qgis_process_profile, "twzoning:landregister", {
        "INPUT": cli / "parcels_units.gpkg", "OUTPUT_CSV": cli / "register.csv", "OUTPUT_XLSX": cli / "r.xlsx",
        "OUTPUT": cli / "register.gpkg"})
    timings["qgis_process_chain"] = round(time.monotonic() - started, 1)
    assert result["CONSERVATION_OK"] in (1, True, "1", "true")
    panel_csv = (register / "register.csv").read_bytes()
    assert panel_csv == (cli / "register.csv").read_bytes()
    assert xlsx_values(register / "register.xlsx") == xlsx_values(cli / "r.xlsx")
    assert panel_csv.count(b"\n") > 100  # a real register, not two empty files
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


def marine_rows(path) -> list[tuple]:
    return [(f["row"], f["block"], f["number"], f["label"], round(f["x"], 3), round(f["y"], 3), f["case_name"])
            for f in sorted(features(path), key=lambda f: f["row"])]


def test_marine_order_follows_the_drag(dock, qtbot, tmp_path, qgis_iface):
    """Step 3: number, drag an instance before another of its class, number again: the numbering follows the
    dragged order (as twzoning:marinepoints with the same ORDER gives it), the order is kept in the project, and
    *Default order* returns to the rule set's numbering."""
    from qgis import processing
    from qgis.PyQt.QtCore import QModelIndex

    from twzoning.ui.dock import TwZoningDock

    out = tmp_path / "out"
    dock.stepList.setCurrentRow(2)
    qtbot.mouseClick(dock.marineButton, LEFT)
    wait_idle(qtbot, dock)
    default = marine_rows(out / "marine_points.gpkg")
    ids = dock.instance_order()
    assert len(ids) == len({r[1] for r in default}) >= 2  # one entry per block of the table, in table order
    harbour, cable = ids.index("port_area:示範漁港"), ids.index("submarine_cable:示範海纜A_示範縣段")
    assert cable < harbour  # default: the cable reaches further west
    assert dock.instanceList.item(harbour).text() == "海1-2 · 港區範圍 · 示範漁港"

    # the planner drags the harbour above the cable (the list's own move, as a drop does)
    assert dock.instanceList.model().moveRow(QModelIndex(), harbour, QModelIndex(), cable)
    dragged = dock.instance_order()
    assert dragged[cable] == "port_area:示範漁港" and dock.state.marine_order == dragged
    assert "示範漁港" in QgsProject.instance().readEntry("twzoning", "state", "")[0]

    qtbot.mouseClick(dock.marineButton, LEFT)
    wait_idle(qtbot, dock)
    ordered = marine_rows(out / "marine_points.gpkg")
    assert ordered != default and dock.instance_order() == dragged
    first = {}
    for _row, _block, number, _label, _x, _y, case in ordered:
        first.setdefault(case, number)
    assert first["示範漁港"] == 4 < first["示範海纜A_示範縣段"]  # the harbour now opens class 海1-2
    # the same numbering as the algorithm given the same ORDER
    ref = tmp_path / "ref_points.gpkg"
    params = {"INDICATORS": dock.marine_layers(), "MHT": dock._layer("mean_high_tide_line"),
              "SEA_AREA": dock._layer("sea_area"), "URBAN_PLANS": dock._layer("urban_plan"),
              "ORDER": "\n".join(dragged), "OUTPUT_POINTS": str(ref), "OUTPUT_TABLE": str(tmp_path / "ref.xlsx")}
    processing.run("twzoning:marinepoints", params)
    assert ordered == marine_rows(ref)
    assert dock.marineTable.rowCount() == len(ordered)
    assert [dock.marineTable.item(r, 0).text() for r in range(len(ordered))] == [r[3] for r in ordered]

    # the order is kept in the project: a panel opened on the reopened project shows it
    dock.save()
    path = str(tmp_path / "order.qgz")
    project = QgsProject.instance()
    assert project.write(path)
    project.clear()
    assert project.read(path)
    reopened = TwZoningDock(qgis_iface)
    qtbot.addWidget(reopened)
    assert reopened.state.marine_order == dragged and reopened.instance_order() == dragged
    reopened.unload()

    qtbot.mouseClick(dock.orderResetButton, LEFT)
    assert dock.state.marine_order == []
    qtbot.mouseClick(dock.marineButton, LEFT)
    wait_idle(qtbot, dock)
    assert marine_rows(out / "marine_points.gpkg") == default and dock.instance_order() == ids


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


CJK = re.compile("[\u3400-\u9fff\uf900-\ufaff]")


def english_words(text: str) -> list[str]:
    """English words of a text outside parentheses; codes, file formats and numbers (CSV, XLSX, Big5, UTF-8,
    RDU-UNIT, 1*) are not words."""
    previous = None
    while previous != text:
        previous = text
        text = re.sub(r"\([^()（）]*\)|（[^()（）]*）", " ", text)
    text = re.sub(r"[A-Za-z0-9_.:/|#*@\-]*[0-9_.:/|#*@\-][A-Za-z0-9_.:/|#*@\-]*", " ", text)
    text = re.sub(r"\b[A-Z][A-Z0-9]+\b", " ", text)
    return re.findall(r"[A-Za-z]{2,}", text)


def panel_texts(dock) -> list[tuple[str, str]]:
    """(where, text) of every text the panel itself shows: the widgets of dock.ui (layer pickers and layer lists
    excepted: they show layer names), the combo boxes and table headers it fills, and its messages."""
    from qgis.gui import QgsFileWidget, QgsMapLayerComboBox
    from qgis.PyQt.QtWidgets import QAbstractButton, QComboBox, QLabel, QLineEdit, QListWidget, QTableView

    names = [el.get("name") for el in ET.parse(Path(__file__).resolve().parents[2] / "ui" / "dock.ui").iter("widget")]
    out = [("windowTitle", dock.windowTitle())]
    for name in names:
        widget = getattr(dock, name, None)
        if isinstance(widget, (QgsMapLayerComboBox, QgsFileWidget)) or name in ("indicatorList", "marineList",
                                                                                 "instanceList"):
            continue
        if isinstance(widget, (QLabel, QAbstractButton)):
            out.append((name, widget.text()))
        elif isinstance(widget, QLineEdit):
            out.append((name, widget.placeholderText()))
        elif isinstance(widget, QComboBox):
            out += [(f"{name}[{i}]", widget.itemText(i)) for i in range(widget.count())]
        elif isinstance(widget, QListWidget):
            out += [(f"{name}[{i}]", widget.item(i).text()) for i in range(widget.count())]
        elif isinstance(widget, QTableView):
            model = widget.model()
            out += [(f"{name} header {c}", str(model.headerData(c, Qt.Orientation.Horizontal) or ""))
                    for c in range(model.columnCount())]
            out += [(f"{name}[0,{c}]", str(model.index(0, c).data() or "")) for c in range(model.columnCount())
                    if name != "problemsTable" or c == 0]  # problems: layer names, codes, Chinese messages
    return [(where, text) for where, text in out if text.strip()]


def test_panel_is_chinese_in_zh_hant(demo_project, qgis_iface, qtbot, tmp_path):
    """With QGIS in zh-Hant every text of the panel (the .ui labels, what it fills in, its messages and the marine
    preview) is Chinese: no English word outside parentheses. In English the same check finds English words."""
    from qgis.PyQt.QtCore import QSettings

    import twzoning
    from twzoning.ui.dock import TwZoningDock

    settings = QSettings()
    before = settings.value("locale/userLocale")
    settings.setValue("locale/userLocale", "zh-Hant")
    plugin = twzoning.classFactory(qgis_iface)  # installs the translator, as QGIS does at start-up
    try:
        assert plugin.translator is not None
        dock = TwZoningDock(qgis_iface)
        qtbot.addWidget(dock)
        dock.outDirWidget.setFilePath(str(tmp_path / "out"))
        # the problems table (severity), the marine preview and the candidate list (decisions), filled by runs
        for row, button in ((0, dock.validateButton), (1, dock.delineateButton), (2, dock.marineButton),
                            (3, dock.sporadicButton)):
            dock.stepList.setCurrentRow(row)
            qtbot.mouseClick(button, LEFT)
            wait_idle(qtbot, dock)
        texts = panel_texts(dock)
        assert len(texts) > 60
        assert dock.windowTitle() == "國土功能分區劃設流程" and dock.messageLabel.text() == "完成。"
        assert dock.marineTable.horizontalHeaderItem(0).text() == "編號"
        assert dict(texts)["candidateView[0,3]"] in ("建議", "同意", "不同意", "提示")
        problems = [f"{where}: {text!r}" for where, text in texts
                    if english_words(text) or not (CJK.search(text) or re.fullmatch(r"[\w\s.:·*|-]+", text))]
        assert problems == []
        dock.unload()
    finally:
        plugin.unload()
        if before is None:
            settings.remove("locale/userLocale")
        else:
            settings.setValue("locale/userLocale", before)
    english = TwZoningDock(qgis_iface)
    qtbot.addWidget(english)
    assert sum(1 for _w, text in panel_texts(english) if english_words(text)) > 30  # the check can fail
    english.unload()
