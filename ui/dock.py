"""The dock panel (國土功能分區劃設流程): a guided workflow through the five steps that need a planner's eye.

1 inputs and validation, 2 delineation + parcel assignment, 3 marine turning points, 4 sporadic land and rural units
(the candidate review), 5 register and statistics. The panel never computes: each button fills the parameters of
twzoning algorithms (the chain of tools/demo.py) and runs them as background tasks (:mod:`.tasks`), so its results
are those of the toolbox, the Modeler and ``qgis_process``. The workflow state lives in the project (:mod:`.state`).
"""
from __future__ import annotations

import os
from pathlib import Path

from qgis.core import (
    QgsCoordinateTransform,
    QgsFeatureRequest,
    QgsMapLayerProxyModel,
    QgsProject,
    QgsVectorLayer,
    QgsWkbTypes,
)
from qgis.gui import QgsDockWidget
from qgis.PyQt import uic
from qgis.PyQt.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QLocale, QSettings, Qt, QUrl
from qgis.PyQt.QtGui import QDesktopServices
from qgis.PyQt.QtWidgets import QListWidgetItem, QTableWidgetItem

from ..core.catalogue import class_name
from ..core.marine import instance_id
from ..core.ruleset import list_presets, load_ruleset
from .candidates import DECISION_LABELS, OPEN, CandidateFilter, CandidateModel
from .state import ACCEPTED, REFUSED, WorkflowState
from .tasks import AlgorithmRun

FORM_CLASS, _ = uic.loadUiType(os.path.join(os.path.dirname(__file__), "dock.ui"))

#: Input roles: combo box name -> the rule set's context role (core/rules: context layers), used to pre-fill them.
ROLES = {"parcelsCombo": "parcels", "seaCombo": "sea_area", "mhtCombo": "mean_high_tide_line",
         "countyCombo": "county_boundary", "urbanCombo": "urban_plan", "parksCombo": "national_park"}
#: Roles chosen in their own combo box, so not offered as indicator layers (every other indicator or context layer is).
INPUT_ROLES = ("parcels", "sea_area", "mean_high_tide_line", "county_boundary")
#: Unit statuses of OUTPUT_UNITS (core/decisions.py UNIT_FIELDS) meaning "over 1 ha" and "over 50 %" (RDU-CUM).
OVER_1HA, OVER_HALF = "needs_justification", "refused"
#: Columns of the marine preview (fields of OUTPUT_POINTS, core/marine.py POINT_FIELDS): the appendix as printed.
MARINE_COLUMNS = (
    ("label", QT_TRANSLATE_NOOP("TwZoningDock", "Number (編號)")),
    ("point_type", QT_TRANSLATE_NOOP("TwZoningDock", "Point type (點位類型)")),
    ("class_name", QT_TRANSLATE_NOOP("TwZoningDock", "Class (分類)")),
    ("indicator_name", QT_TRANSLATE_NOOP("TwZoningDock", "Indicator (指標)")),
    ("case_name", QT_TRANSLATE_NOOP("TwZoningDock", "Case name (案名)")),
    ("lon", QT_TRANSLATE_NOOP("TwZoningDock", "X coordinate (X坐標)")),
    ("lat", QT_TRANSLATE_NOOP("TwZoningDock", "Y coordinate (Y坐標)")),
    ("remark", QT_TRANSLATE_NOOP("TwZoningDock", "Remark (備註)")),
)
#: How the problems table shows the severity values of ``validateinputs`` (ASCII in the file).
SEVERITY_LABELS = {"error": QT_TRANSLATE_NOOP("TwZoningDock", "Error (錯誤)"),
                   "warning": QT_TRANSLATE_NOOP("TwZoningDock", "Warning (警告)")}
STEP_FILES = {
    "validation": "validation.gpkg", "validation_report": "validation.html",
    "zoning": "zoning.gpkg", "zoning_candidates": "zoning_candidates.gpkg",
    "zoning_statistics": "zoning_statistics.csv", "zoning_issues": "zoning_issues.csv",
    "parcels": "parcels.gpkg", "parcel_classes": "parcel_classes.gpkg",
    "marine_points": "marine_points.gpkg", "marine_table": "marine_appendix.xlsx",
    "decisions": "decisions.csv", "parcels_sporadic": "parcels_sporadic.gpkg",
    "candidates_sporadic": "candidates_sporadic.gpkg", "parcels_units": "parcels_units.gpkg",
    "units": "rural_units.gpkg", "candidates": "candidates.gpkg",
}


def tr(text: str) -> str:
    return QCoreApplication.translate("TwZoningDock", text)


def _text(value) -> str:
    """A feature attribute as text ('' for NULL)."""
    return "" if value is None or str(value) == "NULL" else str(value).strip()


class TwZoningDock(QgsDockWidget, FORM_CLASS):
    """The panel. ``iface`` gives the map canvas (zoom to a problem or a candidate)."""

    def __init__(self, iface, parent=None):  # noqa: QGS105 (the plugin hands its iface, tests a stub)
        super().__init__(parent)
        self.setupUi(self)
        self.setObjectName("twzoningDock")
        self.iface = iface
        self.project = QgsProject.instance()
        self.state = WorkflowState.load(self.project)
        self.run: AlgorithmRun | None = None
        self.done_message = ""
        self.queue: list = []
        self.step_layers: dict[str, list[str]] = {}
        self.candidates = CandidateModel(self.state, self)
        self.candidate_filter = CandidateFilter(self)
        self.candidate_filter.setSourceModel(self.candidates)
        self.candidateView.setModel(self.candidate_filter)
        self._setup_widgets()
        self._connect()
        self.restore()

    # == set-up =====================================================================================================
    def _setup_widgets(self) -> None:
        for name in ROLES:
            combo = getattr(self, name)
            combo.setFilters(QgsMapLayerProxyModel.LineLayer if name == "mhtCombo"
                             else QgsMapLayerProxyModel.PolygonLayer)
        self.presetCombo.addItem(tr("National rules (全國通案)"), "")
        for pid, name in list_presets():
            self.presetCombo.addItem(f"{name} ({pid})", pid)
        self.problemsTable.setColumnCount(4)
        self.problemsTable.setHorizontalHeaderLabels([tr("Severity (等級)"), tr("Layer (圖層)"), tr("Rule (規則)"),
                                                      tr("Problem (問題)")])
        self.statusFilter.addItem(tr("All (全部)"), "")
        self.statusFilter.addItem(tr("Open (待決定)"), OPEN)
        for value, label in DECISION_LABELS.items():
            self.statusFilter.addItem(tr(label), value)
        self.ruleFilter.addItem(tr("All rules (全部規則)"), "")
        self.cancelButton.setEnabled(False)
        self.stepList.setCurrentRow(0)

    def _connect(self) -> None:
        self.stepList.currentRowChanged.connect(self._go_to_step)
        self.validateButton.clicked.connect(self.run_validation)
        self.zoomProblemButton.clicked.connect(self.zoom_to_problem)
        self.delineateButton.clicked.connect(self.run_delineation)
        self.marineButton.clicked.connect(self.run_marine)
        self.marineOpenButton.clicked.connect(lambda: self._open(self._out("marine_table")))
        self.instanceList.model().rowsMoved.connect(self._order_changed)
        self.orderResetButton.clicked.connect(self.reset_order)
        self.sporadicButton.clicked.connect(self.run_sporadic)
        self.ruleFilter.currentIndexChanged.connect(self._filter_changed)
        self.statusFilter.currentIndexChanged.connect(self._filter_changed)
        self.candidateView.selectionModel().selectionChanged.connect(self._candidate_selected)
        self.acceptButton.clicked.connect(lambda: self.decide(ACCEPTED))
        self.refuseButton.clicked.connect(lambda: self.decide(REFUSED))
        self.clearButton.clicked.connect(lambda: self.decide(""))
        self.commentButton.clicked.connect(self.save_comment)
        self.registerButton.clicked.connect(self.run_register)
        self.openFolderButton.clicked.connect(lambda: self._open(self.register_dir()))
        self.cancelButton.clicked.connect(self.cancel)
        self.project.readProject.connect(self._project_read)

    def closeEvent(self, event):  # noqa: N802 (Qt API)
        self.save()
        super().closeEvent(event)

    def unload(self) -> None:
        """Called by the plugin's unload: stop a running task, disconnect from the project."""
        self.cancel()
        try:
            self.project.readProject.disconnect(self._project_read)
        except TypeError:
            pass

    # == state ======================================================================================================
    def _project_read(self, *_args) -> None:
        self.state = WorkflowState.load(self.project)
        self.candidates.state = self.state
        self.restore()

    def restore(self) -> None:
        """Fill the widgets from the state kept in the project (or guess the roles from the layer names)."""
        layers = self.project.mapLayers()
        rules = load_ruleset()
        for name, role in ROLES.items():
            combo = getattr(self, name)
            layer = layers.get(self.state.roles.get(role, ""))
            if layer is None:  # first use: the layer the rule set recognises for the role
                layer = next((lyr for lyr in layers.values() if isinstance(lyr, QgsVectorLayer)
                              and rules.match_layer(lyr.name()).role == role), None)
            combo.setLayer(layer)
        self._fill_indicator_lists(rules)
        self._fill_instances()
        index = self.presetCombo.findData(self.state.preset)
        self.presetCombo.setCurrentIndex(max(index, 0))
        self.outDirWidget.setFilePath(self.state.out_dir)
        if not self.registerDirWidget.filePath():
            self.registerDirWidget.setFilePath(self.state.out_dir)
        self.stepList.setCurrentRow(self.state.step)
        self._load_candidates()

    def _fill_indicator_lists(self, rules) -> None:
        """Indicator and context layers the rule set recognises, checked (or the remembered ones); the marine
        indicators (sea targets only) in the remembered order."""
        self.indicatorList.clear()
        self.marineList.clear()
        vector = [lyr for lyr in self.project.mapLayers().values() if isinstance(lyr, QgsVectorLayer)
                  and lyr.geometryType() != QgsWkbTypes.NullGeometry]
        remembered = set(self.state.indicators)
        marine_ids = list(self.state.marine)
        for layer in sorted(vector, key=lambda lyr: lyr.name()):
            match = rules.match_layer(layer.name())
            if match.kind not in ("indicator", "context") or match.role in INPUT_ROLES:
                continue
            item = QListWidgetItem(layer.name())
            item.setData(Qt.ItemDataRole.UserRole, layer.id())
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            checked = layer.id() in remembered if remembered else True
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
            self.indicatorList.addItem(item)
            if not self.state.marine and match.indicators and all(
                    not i.targets.get("land") and i.targets.get("sea") for i in match.indicators):
                marine_ids.append(layer.id())
        for lid in marine_ids:
            layer = self.project.mapLayer(lid)
            if layer is not None:
                item = QListWidgetItem(layer.name())
                item.setData(Qt.ItemDataRole.UserRole, lid)
                self.marineList.addItem(item)

    def save(self) -> None:
        """Read the widgets into the state and write it into the project."""
        for name, role in ROLES.items():
            layer = getattr(self, name).currentLayer()
            if layer is None:
                self.state.roles.pop(role, None)
            else:
                self.state.roles[role] = layer.id()
        self.state.indicators = [self.indicatorList.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.indicatorList.count())
                                 if self.indicatorList.item(i).checkState() == Qt.CheckState.Checked]
        self.state.marine = [self.marineList.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.marineList.count())]
        self.state.preset = self.presetCombo.currentData() or ""
        self.state.out_dir = self.outDirWidget.filePath()
        self.state.step = max(self.stepList.currentRow(), 0)
        self.state.save(self.project)

    def _go_to_step(self, row: int) -> None:
        if row >= 0:
            self.pages.setCurrentIndex(row)
            self.state.step = row
            self.state.save(self.project)

    # == helpers ====================================================================================================
    def _out(self, name: str) -> str:
        return self.state.outputs.get(name) or str(Path(self.state.out_dir or ".") / STEP_FILES[name])

    def _layer(self, role: str):
        combo = next(n for n, r in ROLES.items() if r == role)
        return getattr(self, combo).currentLayer()

    def message(self, text: str, error: bool = False) -> None:
        self.messageLabel.setText(text)
        self.messageLabel.setStyleSheet("color: #b00020;" if error else "")

    def _open(self, path: str) -> None:
        if path and os.path.exists(path):
            QDesktopServices.openUrl(QUrl.fromLocalFile(path))

    def register_dir(self) -> str:
        return self.registerDirWidget.filePath() or self.state.out_dir

    def _ready(self) -> bool:
        self.save()
        if self.run is not None:
            self.message(tr("A step is still running (執行中): wait or cancel it."), True)
            return False
        if not self.state.out_dir:
            self.message(tr("Choose an output folder (輸出資料夾) in step 1 first."), True)
            return False
        if self._layer("parcels") is None:
            self.message(tr("Choose the parcel layer (地籍) in step 1 first."), True)
            return False
        Path(self.state.out_dir).mkdir(parents=True, exist_ok=True)
        return True

    def _files(self, *names: str) -> dict:
        out = {}
        for name in names:
            out[name] = str(Path(self.state.out_dir) / STEP_FILES[name])
            self.state.outputs[name] = out[name]
        return out

    def _preset(self) -> dict:
        return {"PRESET": self.state.preset} if self.state.preset else {}

    # == running ====================================================================================================
    def start_chain(self, step: str, runs: list) -> None:
        """Run ``runs`` [(alg_id, parameters, outputs to load, on_done)] one after the other as tasks."""
        for lid in self.step_layers.pop(step, []):  # the layers of the previous run of the step hold its files
            if self.project.mapLayer(lid) is not None:
                self.project.removeMapLayer(lid)
        self.queue = [(step, *r) for r in runs]
        self.done_message = ""  # a step's last callback may set it
        self.cancelButton.setEnabled(True)
        self._next()

    def _next(self) -> None:
        if not self.queue:
            self.run = None
            self.cancelButton.setEnabled(False)
            self.progressBar.setValue(100)  # noqa: QGS202 (QProgressBar)
            self.state.save(self.project)
            self.message(self.done_message or tr("Done (完成)."))
            return
        step, alg_id, params, load, on_done = self.queue.pop(0)
        self.message(tr("Running (執行中): ") + alg_id)
        self.progressBar.setValue(0)  # noqa: QGS202 (QProgressBar)
        self.run = AlgorithmRun(f"twzoning:{alg_id}", params, load, self.project, self)
        self.run.progress.connect(lambda value: self.progressBar.setValue(int(value)))  # noqa: QGS202 (QProgressBar)
        self.run.finished.connect(lambda ok, results, msg, s=step, cb=on_done: self._finished(s, ok, results, msg,
                                                                                              cb))
        self.run.start()

    def _finished(self, step, ok, results, message, on_done) -> None:
        run = self.run
        if not ok:
            self.queue = []
            self.run = None
            self.cancelButton.setEnabled(False)
            self.progressBar.setValue(0)  # noqa: QGS202 (QProgressBar)
            self.message(message, True)
            return
        self.step_layers.setdefault(step, []).extend(layer.id() for layer in run.layers)
        if on_done is not None:
            on_done(results)
        self._next()

    def cancel(self) -> None:
        if self.run is not None:
            self.queue = []
            self.run.cancel()

    # == step 1 =====================================================================================================
    def indicator_layers(self) -> list:
        return [self.project.mapLayer(lid) for lid in self.state.indicators if self.project.mapLayer(lid)]

    def run_validation(self) -> None:
        if not self._ready():
            return
        files = self._files("validation", "validation_report")
        params = {"PARCELS": self._layer("parcels"), "INDICATORS": self.indicator_layers(),
                  "OUTPUT": files["validation"], "OUTPUT_REPORT": files["validation_report"]}
        self.start_chain("validation", [("validateinputs", params, ("OUTPUT",), self._validated)])

    def _validated(self, results) -> None:
        self.validateLabel.setText(tr("Errors: ") + str(int(results.get("ERROR_COUNT", 0))) + " · "
                                   + tr("warnings: ") + str(int(results.get("WARNING_COUNT", 0))))
        layer = QgsVectorLayer(self._out("validation"), "problems", "ogr")
        rows = list(layer.getFeatures()) if layer.isValid() else []
        names = layer.fields().names() if layer.isValid() else []
        self.problemsTable.setRowCount(len(rows))
        for r, feature in enumerate(rows):
            message = "message_zh" if self._chinese() else "message_en"
            values = [feature[n] if n in names else "" for n in ("severity", "layer", "code", message)]
            if values[0] in SEVERITY_LABELS:
                values[0] = tr(SEVERITY_LABELS[values[0]])
            for c, value in enumerate(values):
                item = QTableWidgetItem("" if value is None else str(value))
                if c == 0:
                    geom = feature.geometry()
                    item.setData(Qt.ItemDataRole.UserRole, geom.boundingBox() if not geom.isEmpty() else None)
                self.problemsTable.setItem(r, c, item)
        self.problems_crs = layer.crs() if layer.isValid() else None

    @staticmethod
    def _chinese() -> bool:
        locale = str(QSettings().value("locale/userLocale", "") or QLocale().name())
        return locale.lower().replace("-", "_").startswith(("zh_hant", "zh_tw", "zh_hk", "zh_mo"))

    def zoom_to_problem(self) -> None:
        row = self.problemsTable.currentRow()
        item = self.problemsTable.item(row, 0) if row >= 0 else None
        rect = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        if rect is not None:
            self._zoom(rect, self.problems_crs)

    def _zoom(self, rect, crs) -> None:
        canvas = self.iface.mapCanvas() if self.iface is not None else None
        if canvas is None:
            return
        transform = QgsCoordinateTransform(crs, canvas.mapSettings().destinationCrs(), self.project)
        rect = transform.transformBoundingBox(rect)
        rect.grow(max(rect.width(), rect.height(), 50.0))
        canvas.setExtent(rect)
        canvas.refresh()

    # == step 2 =====================================================================================================
    def run_delineation(self) -> None:
        if not self._ready():
            return
        f = self._files("zoning", "zoning_candidates", "zoning_statistics", "zoning_issues", "parcels",
                        "parcel_classes")
        optional = {k: self._layer(r) for k, r in (("SEA", "sea_area"), ("MHT", "mean_high_tide_line"),
                                                    ("COUNTY", "county_boundary")) if self._layer(r)}
        delineate = {"INDICATORS": self.indicator_layers(), "PARCELS": self._layer("parcels"), **optional,
                     **self._preset(), "OUTPUT": f["zoning"], "OUTPUT_CANDIDATES": f["zoning_candidates"],
                     "OUTPUT_STATISTICS": f["zoning_statistics"], "OUTPUT_ISSUES": f["zoning_issues"]}
        context = {k: self._layer(r) for k, r in (("SEA", "sea_area"), ("MHT", "mean_high_tide_line"),
                                                   ("URBAN_PLANS", "urban_plan"), ("NATIONAL_PARKS", "national_park"))
                   if self._layer(r)}
        assign = {"PARCELS": self._layer("parcels"), "ZONES": f["zoning"], **context, **self._preset(),
                  "OUTPUT": f["parcels"], "OUTPUT_PARCELS": f["parcel_classes"]}
        self.start_chain("delineation", [
            ("delineateclasses", delineate, ("OUTPUT",), self._delineated),
            ("assignparcels", assign, ("OUTPUT",), self._assigned),
        ])

    def _delineated(self, results) -> None:
        self.delineateLabel.setText(tr("Zones: ") + str(int(results.get("ZONE_COUNT", 0))))

    def _assigned(self, results) -> None:
        self.delineateLabel.setText(self.delineateLabel.text() + " · " + tr("parcels: ")
                                    + str(int(results.get("PARCEL_COUNT", 0))) + " · " + tr("split parcels: ")
                                    + str(int(results.get("SPLIT_COUNT", 0))))
        self.done_message = tr("Delineation done (分區劃設完成).")

    # == step 3 =====================================================================================================
    def marine_layers(self) -> list:
        ids = [self.marineList.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.marineList.count())]
        return [self.project.mapLayer(lid) for lid in ids if self.project.mapLayer(lid)]

    def run_marine(self) -> None:
        if not self._ready():
            return
        if not self.marine_layers() or self._layer("mean_high_tide_line") is None:
            self.message(tr("Step 3 needs marine indicator layers and the mean high tide line (平均高潮線)."), True)
            return
        f = self._files("marine_points", "marine_table")
        params = {"INDICATORS": self.marine_layers(), "MHT": self._layer("mean_high_tide_line"), **self._preset(),
                  "OUTPUT_POINTS": f["marine_points"], "OUTPUT_TABLE": f["marine_table"]}
        for key, role in (("SEA_AREA", "sea_area"), ("URBAN_PLANS", "urban_plan")):
            if self._layer(role):
                params[key] = self._layer(role)
        if self.state.marine_order:  # the planner's order of the instances (DECISIONS.md Q4)
            params["ORDER"] = "\n".join(self.state.marine_order)
        self.start_chain("marine", [("marinepoints", params, ("OUTPUT_POINTS",), self._numbered)])

    def _numbered(self, results) -> None:
        self.marineLabel.setText(tr("Rows: ") + str(int(results.get("ROW_COUNT", 0))) + " · " + tr("points: ")
                                 + str(int(results.get("POINT_COUNT", 0))))
        layer = QgsVectorLayer(self._out("marine_points"), "points", "ogr")
        if not layer.isValid():
            return
        names = layer.fields().names()
        columns = [(name, label) for name, label in MARINE_COLUMNS if name in names]
        self.marineTable.setColumnCount(len(columns))
        self.marineTable.setHorizontalHeaderLabels([tr(label) for _name, label in columns])
        features = sorted(layer.getFeatures(), key=lambda f: f["row"])
        self.marineTable.setRowCount(len(features))
        for r, feature in enumerate(features):
            for c, (name, _label) in enumerate(columns):
                value = feature[name]
                self.marineTable.setItem(r, c, QTableWidgetItem(_text(value)))
        self._fill_instances()

    def marine_instances(self) -> list[tuple[str, str]]:
        """(identifier, label) of the indicator instances of the last numbering, in table order."""
        path = self.state.outputs.get("marine_points")
        layer = QgsVectorLayer(path, "points", "ogr") if path and os.path.exists(path) else None
        if layer is None or not layer.isValid() or "block" not in layer.fields().names():
            return []
        seen: dict[str, str] = {}
        for f in sorted(layer.getFeatures(), key=lambda f: (f["block"], f["row"])):
            code, indicator, name, case = (_text(f[n]) for n in ("class_code", "indicator_id", "indicator_name",
                                                                  "case_name"))
            iid = instance_id(indicator, code, case)
            if iid not in seen:
                try:
                    short = class_name(code, "short")
                except (KeyError, ValueError):
                    short = code
                seen[iid] = " · ".join(p for p in (short, name, case) if p)
        return list(seen.items())

    def _fill_instances(self) -> None:
        """The instance list: the last numbering's instances, in the planner's saved order when there is one."""
        instances = self.marine_instances()
        saved = {iid: k for k, iid in enumerate(self.state.marine_order)}
        instances.sort(key=lambda pair: saved.get(pair[0], len(saved)))  # stable: unlisted keep their place
        self.instanceList.clear()
        for iid, label in instances:
            item = QListWidgetItem(label)
            item.setData(Qt.ItemDataRole.UserRole, iid)
            item.setToolTip(iid)
            self.instanceList.addItem(item)

    def instance_order(self) -> list[str]:
        return [self.instanceList.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.instanceList.count())]

    def _order_changed(self, *_args) -> None:
        """The planner dragged an instance: keep the order in the project; the next numbering passes it as ORDER."""
        self.state.marine_order = self.instance_order()
        self.state.save(self.project)
        self.message(tr("Order saved; number the turning points again to apply it (已儲存順序，請重新編號)."))

    def reset_order(self) -> None:
        self.state.marine_order = []
        self.state.save(self.project)
        self.message(tr("Default order restored; number the turning points again (已恢復預設順序，請重新編號)."))

    # == step 4 =====================================================================================================
    def run_sporadic(self) -> None:
        if not self._ready():
            return
        if not os.path.exists(self._out("parcels")):
            self.message(tr("Run step 2 first (請先執行分區劃設)."), True)
            return
        f = self._files("decisions", "parcels_sporadic", "candidates_sporadic", "parcels_units", "units",
                        "candidates")
        decisions = {}
        if self.state.decisions:
            decisions = {"DECISIONS": self.state.write_decisions(f["decisions"])}
        sporadic = {"INPUT": self._out("parcels"), **decisions, **self._preset(), "OUTPUT": f["parcels_sporadic"],
                    "OUTPUT_CANDIDATES": f["candidates_sporadic"]}
        units = {"INPUT": f["parcels_sporadic"], "CANDIDATES": f["candidates_sporadic"], **decisions,
                 **self._preset(), "OUTPUT": f["parcels_units"], "OUTPUT_UNITS": f["units"],
                 "OUTPUT_CANDIDATES": f["candidates"]}
        self.start_chain("sporadic", [
            ("sporadicland", sporadic, (), None),
            ("ruralunits", units, ("OUTPUT_UNITS", "OUTPUT_CANDIDATES"), lambda _r: self._load_candidates()),
        ])

    def _load_candidates(self) -> None:
        path = self.state.outputs.get("candidates")
        layer = None
        if path and os.path.exists(path):
            layer = next((lyr for lyr in self.project.mapLayers().values()
                          if isinstance(lyr, QgsVectorLayer) and lyr.source().split("|")[0] == path), None)
            layer = layer or QgsVectorLayer(path, "candidates", "ogr")
        self.candidates.set_layer(layer)
        current = self.ruleFilter.currentData()
        self.ruleFilter.blockSignals(True)
        while self.ruleFilter.count() > 1:
            self.ruleFilter.removeItem(1)
        for rule in self.candidates.rules():
            self.ruleFilter.addItem(rule, rule)
        self.ruleFilter.setCurrentIndex(max(self.ruleFilter.findData(current), 0))
        self.ruleFilter.blockSignals(False)
        self.update_counter()

    def units_over(self) -> tuple[int, int]:
        """Units whose cumulative inclusion is over 1 ha (up to 50 %) and over 50 % (RDU-CUM status of ruralunits)."""
        path = self.state.outputs.get("units")
        if not path or not os.path.exists(path):
            return 0, 0
        layer = QgsVectorLayer(path, "units", "ogr")
        statuses = [f["status"] for f in layer.getFeatures()] if "status" in layer.fields().names() else []
        return statuses.count(OVER_1HA), statuses.count(OVER_HALF)

    def update_counter(self) -> None:
        over_1ha, over_half = self.units_over()
        self.counterLabel.setText(
            tr("Open candidates (待決定): ") + str(self.candidates.open_count()) + " · "
            + tr("units over 1 ha (超過 1 公頃): ") + str(over_1ha) + " · "
            + tr("units over 50 % (超過 50 %): ") + str(over_half))

    def _filter_changed(self, *_args) -> None:
        self.candidate_filter.set_filter(self.ruleFilter.currentData(), self.statusFilter.currentData())

    def selected_candidate(self) -> dict | None:
        rows = self.candidateView.selectionModel().selectedRows()
        if not rows:
            return None
        return self.candidate_filter.data(rows[0], Qt.ItemDataRole.UserRole)

    def select_candidate(self, row: int) -> None:
        self.candidateView.selectRow(row)

    def _candidate_selected(self, *_args) -> None:
        row = self.selected_candidate()
        layer = self.candidates.layer
        if row is None or layer is None:
            return
        self.commentEdit.setText(self.candidates.answer(row)["comment"])
        feature = layer.getFeature(row["fid"])
        if not feature.hasGeometry():
            return
        geom = feature.geometry()
        if layer in self.project.mapLayers().values():
            layer.selectByIds([row["fid"]])
        parcels = self._layer("parcels")
        if parcels is not None:  # the parcel and its neighbours
            transform = QgsCoordinateTransform(layer.crs(), parcels.crs(), self.project)
            rect = transform.transformBoundingBox(geom.boundingBox())
            rect.grow(1.0)
            ids = [f.id() for f in parcels.getFeatures(QgsFeatureRequest().setFilterRect(rect).setNoAttributes())]
            parcels.selectByIds(ids)
        self._zoom(geom.boundingBox(), layer.crs())

    def decide(self, decision: str) -> None:
        row = self.selected_candidate()
        if row is None:
            self.message(tr("Select a candidate first (請先選取候選)."), True)
            return
        self.state.decide(str(row.get("parcel_key", "")), str(row.get("rule_id", "")), decision,
                          self.commentEdit.text())  # the comment typed goes with the answer
        self._decisions_changed()

    def save_comment(self) -> None:
        row = self.selected_candidate()
        if row is None:
            self.message(tr("Select a candidate first (請先選取候選)."), True)
            return
        self.state.decide(str(row.get("parcel_key", "")), str(row.get("rule_id", "")),
                          comment=self.commentEdit.text())
        self._decisions_changed()

    def _decisions_changed(self) -> None:
        self.candidates.refresh()
        self.update_counter()
        self.state.save(self.project)
        if self.state.out_dir:
            self.state.write_decisions(self._files("decisions")["decisions"])
        self.message(tr("Answer saved; re-run step 4 to apply the decisions (再執行以套用)."))

    # == step 5 =====================================================================================================
    def run_register(self) -> None:
        if not self._ready():
            return
        pieces = self._out("parcels_units")
        if not os.path.exists(pieces):
            self.message(tr("Run step 4 first (請先執行零星土地)."), True)
            return
        folder = Path(self.register_dir())
        folder.mkdir(parents=True, exist_ok=True)
        params = {"INPUT": pieces, "ENCODING": 1 if self.big5Check.isChecked() else 0, **self._preset(),
                  "OUTPUT": str(folder / "register.gpkg")}
        if self.xlsxCheck.isChecked():
            params["OUTPUT_XLSX"] = str(folder / "register.xlsx")
        if self.csvCheck.isChecked():
            params["OUTPUT_CSV"] = str(folder / "register.csv")
        runs = [("landregister", params, (), self._registered)]
        if self.statisticsCheck.isChecked():
            stats = {"INPUT": pieces, **self._preset(), "OUTPUT_XLSX": str(folder / "statistics.xlsx"),
                     "OUTPUT_CHART": str(folder / "statistics.png")}
            runs.append(("zoningstatistics", stats, (), None))
        self.start_chain("register", runs)

    def _registered(self, results) -> None:
        self.registerLabel.setText(tr("Register rows: ") + str(int(results.get("ROW_COUNT", 0))))
        self.done_message = tr("Register exported (清冊已匯出): ") + self.register_dir()
