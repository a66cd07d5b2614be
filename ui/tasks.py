"""Run a twzoning algorithm as a background task (``QgsProcessingAlgRunnerTask``) and add its outputs to the project.

The dock never computes: it hands the parameters to the same algorithm the toolbox, the Modeler and ``qgis_process``
run, so the results are identical. Outputs to load are declared as ``QgsProcessingOutputLayerDefinition`` with the
project as destination; the algorithm then attaches the plugin's style (``TwZoningAlgorithm.style_output``), which
:meth:`AlgorithmRun.load_outputs` applies when it adds the layers. A failed or cancelled run leaves no output file:
destination files that did not exist before the run are removed.
"""
from __future__ import annotations

import os

from qgis.core import (
    QgsApplication,
    QgsMapLayer,
    QgsProcessingAlgRunnerTask,
    QgsProcessingContext,
    QgsProcessingFeedback,
    QgsProcessingOutputLayerDefinition,
    QgsProcessingUtils,
    QgsProject,
)
from qgis.PyQt.QtCore import QCoreApplication, QObject, pyqtSignal


def tr(text: str) -> str:
    return QCoreApplication.translate("TwZoningDock", text)


class _Feedback(QgsProcessingFeedback):
    """Keeps the algorithm's error messages so the panel can show them instead of a traceback."""

    def __init__(self):
        super().__init__()
        self.errors: list[str] = []
        self.log: list[str] = []

    def reportError(self, error, fatalError=False):  # noqa: N802,N803 (QGIS API)
        self.errors.append(str(error))
        super().reportError(error, fatalError)

    def pushInfo(self, info):  # noqa: N802 (QGIS API)
        self.log.append(str(info))
        super().pushInfo(info)


def _file_of(value) -> str | None:
    """The file a destination parameter writes, or None (memory / temporary outputs)."""
    if isinstance(value, QgsProcessingOutputLayerDefinition):
        value = value.sink.staticValue()
    if not isinstance(value, str) or not value or value.startswith(("memory:", "TEMPORARY_OUTPUT")):
        return None
    return value.split("|")[0]


class AlgorithmRun(QObject):
    """One run of one algorithm. Signals: ``progress(float)`` (0–100) and ``finished(ok, results, message)``."""

    progress = pyqtSignal(float)
    finished = pyqtSignal(bool, dict, str)

    def __init__(self, alg_id: str, parameters: dict, load: tuple = (), project: QgsProject | None = None,
                 parent=None):
        super().__init__(parent)
        self.alg_id = alg_id
        self.project = project or QgsProject.instance()
        self.algorithm = QgsApplication.processingRegistry().createAlgorithmById(alg_id)
        if self.algorithm is None:
            raise RuntimeError(tr("The algorithm is not available (is the plugin loaded?): ") + alg_id)
        self.parameters = dict(parameters)
        for name in load:  # outputs to add to the project, with the plugin's style
            if self.parameters.get(name):
                definition = QgsProcessingOutputLayerDefinition(self.parameters[name], self.project)
                self.parameters[name] = definition
        self.context = QgsProcessingContext()
        self.context.setProject(self.project)
        self.feedback = _Feedback()
        self.files = [f for f in (_file_of(v) for v in self.parameters.values()) if f]
        self.existing = {f for f in self.files if os.path.exists(f)}
        self.task: QgsProcessingAlgRunnerTask | None = None
        self.layers: list[QgsMapLayer] = []
        self.results: dict = {}
        self.done = False
        self.ok = False
        self.message = ""

    def start(self) -> None:
        self.task = QgsProcessingAlgRunnerTask(self.algorithm, self.parameters, self.context, self.feedback)
        self.task.progressChanged.connect(self.progress.emit)
        self.task.executed.connect(self._executed)
        QgsApplication.taskManager().addTask(self.task)

    def cancel(self) -> None:
        self.feedback.cancel()
        if self.task is not None:
            self.task.cancel()

    def _executed(self, ok: bool, results: dict) -> None:
        self.ok = bool(ok) and not self.feedback.isCanceled()
        self.results = dict(results or {})
        if self.ok:
            self.load_outputs()
        else:
            self._remove_new_files()
            if self.feedback.isCanceled():
                self.message = tr("Cancelled (已取消): no output was written.")
            else:
                self.message = "\n".join(self.feedback.errors) or tr("The algorithm failed (執行失敗).")
        self.done = True
        self.task = None
        self.finished.emit(self.ok, self.results, self.message)

    def _remove_new_files(self) -> None:
        for path in self.files:
            if path in self.existing:
                continue
            for suffix in ("", "-wal", "-shm", "-journal"):
                if os.path.exists(path + suffix):
                    os.remove(path + suffix)

    def load_outputs(self) -> None:
        """Add the layers the run declared to the project, named and styled as the algorithm says."""
        for ref, details in self.context.layersToLoadOnCompletion().items():
            layer = QgsProcessingUtils.mapLayerFromString(ref, self.context)
            if layer is None or not layer.isValid():
                continue
            store = self.context.temporaryLayerStore()
            if store.mapLayer(layer.id()) is not None:
                layer = store.takeMapLayer(layer)
            details.setOutputLayerName(layer)
            if self.project.addMapLayer(layer) is None:
                self.feedback.reportError(tr("The output could not be added to the project: ") + ref)
                continue
            processor = details.postProcessor()
            if processor is not None:
                processor.postProcessLayer(layer, self.context, self.feedback)
            self.layers.append(layer)
