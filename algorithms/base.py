"""Shared base of every twzoning Processing algorithm: translation, groups, parameter help, rule-set loading."""
from __future__ import annotations

import os

from qgis.core import (
    QgsProcessingAlgorithm,
    QgsProcessingException,
    QgsProcessingLayerPostProcessorInterface,
    QgsProcessingParameterDefinition,
    QgsProcessingParameterFile,
    QgsProcessingParameterString,
)
from qgis.PyQt.QtCore import QCoreApplication

from ..core.ruleset import RuleSetError, list_presets, load_ruleset

#: Group ids are an API (saved models store them); display names are translated.
GROUPS = {
    "preparation": "1 Preparation",
    "delineation": "2 Delineation",
    "parcels": "3 Parcels and sporadic land",
    "marine": "4 Marine resource areas",
    "outputs": "5 Register and outputs",
    "checking": "6 Result checking",
}


STYLES_DIR = os.path.join(os.path.dirname(os.path.dirname(__file__)), "styles")

#: Post-processors must outlive the algorithm object that created them (QGIS holds a plain pointer).
_POST_PROCESSORS: dict[str, QgsProcessingLayerPostProcessorInterface] = {}


class _StyleLoader(QgsProcessingLayerPostProcessorInterface):
    """Loads one of the plugin's QML styles onto an output layer when QGIS adds it to the project."""

    def __init__(self, qml_path: str):
        super().__init__()
        self.qml_path = qml_path

    def postProcessLayer(self, layer, context, feedback):  # noqa: N802 (QGIS API)
        message, ok = layer.loadNamedStyle(self.qml_path)
        if not ok:
            feedback.pushWarning(tr("The output style could not be loaded: ") + message)
        layer.triggerRepaint()


def tr(text: str) -> str:
    """Translate a source string in the plugin's context (never pass an f-string here)."""
    return QCoreApplication.translate("TwZoning", text)


def _file_error(exc: OSError) -> QgsProcessingException:
    """A clear message for a file that cannot be written or read (a folder that does not exist or is read-only, a
    file open in Excel, a full disk) instead of a Python traceback (issue #11)."""
    path = exc.filename or ""
    return QgsProcessingException(
        tr("A file cannot be written or read: ") + str(path) + " (" + (exc.strerror or str(exc)) + "). "
        + tr("Choose a folder that exists and that you may write to, close the file if another program (e.g. "
             "Excel) has it open, and run again.")
    )


def _reporting_file_errors(process):
    """Wrap a subclass's ``processAlgorithm`` so an OSError becomes a QgsProcessingException (see _file_error)."""

    def wrapper(self, parameters, context, feedback):
        try:
            return process(self, parameters, context, feedback)
        except OSError as exc:
            raise _file_error(exc) from exc

    wrapper.__name__ = process.__name__
    wrapper.__doc__ = process.__doc__
    return wrapper


class TwZoningAlgorithm(QgsProcessingAlgorithm):
    """Base class. Subclasses define ``ALG_ID``, ``GROUP_ID``, :meth:`displayName`, :meth:`description` and
    :meth:`initAlgorithm`; parameters are added with :meth:`add_param` so each carries its help text."""

    ALG_ID = ""
    GROUP_ID = "preparation"

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        process = cls.__dict__.get("processAlgorithm")
        if process is not None:
            cls.processAlgorithm = _reporting_file_errors(process)

    def tr(self, text: str) -> str:
        return tr(text)

    def name(self) -> str:
        return self.ALG_ID

    def group(self) -> str:
        return tr(GROUPS[self.GROUP_ID])

    def groupId(self) -> str:  # noqa: N802 (QGIS API)
        return self.GROUP_ID

    def createInstance(self):  # noqa: N802 (QGIS API)
        return type(self)()

    def description(self) -> str:
        """A paragraph that says what the algorithm does and which rules it applies."""
        return ""

    def outputs_help(self) -> list[tuple[str, str]]:
        """``(output name, help)`` pairs listed at the end of the help text."""
        return []

    def shortHelpString(self) -> str:  # noqa: N802 (QGIS API)
        parts = [self.description()]
        outs = self.outputs_help()
        if outs:
            parts.append(tr("Outputs:"))
            parts.extend(f"• {name}: {text}" for name, text in outs)
        return "\n\n".join(p for p in parts if p)

    def add_param(self, param: QgsProcessingParameterDefinition, help_text: str, advanced: bool = False) -> None:
        """Add a parameter with its help (shown in the toolbox and by ``qgis_process help``)."""
        param.setHelp(help_text)
        if advanced:
            param.setFlags(param.flags() | QgsProcessingParameterDefinition.FlagAdvanced)
        if not self.addParameter(param):
            raise RuntimeError(f"{self.ALG_ID}: parameter {param.name()} could not be added (duplicate name?)")

    def add_output(self, output) -> None:
        """Declare an output that is not a destination parameter (e.g. a number)."""
        if not self.addOutput(output):
            raise RuntimeError(f"{self.ALG_ID}: output {output.name()} could not be added (duplicate name?)")

    def style_output(self, context, dest_id: str, qml_name: str) -> None:
        """Give an output layer the plugin's style ``styles/<qml_name>`` when it is loaded into the project."""
        if not context.willLoadLayerOnCompletion(dest_id):
            return
        loader = _StyleLoader(os.path.join(STYLES_DIR, qml_name))
        _POST_PROCESSORS[dest_id] = loader
        context.layerToLoadOnCompletionDetails(dest_id).setPostProcessor(loader)

    # -- rule set -------------------------------------------------------------------------------------------------
    def add_ruleset_params(self) -> None:
        """The ``RULESET`` and ``PRESET`` parameters every rule-driven algorithm shares."""
        self.add_param(
            QgsProcessingParameterFile(
                "RULESET", tr("Rule set overlay (YAML)"), extension="yaml", optional=True
            ),
            tr("A YAML file merged over the shipped national rule set (same structure as core/rules/*.yaml). "
               "Leave empty to use the national rules. Every value it changes is recorded as a local rule "
               "(因地制宜) in the outputs."),
            advanced=True,
        )
        ids = ", ".join(pid for pid, _name in list_presets())
        self.add_param(
            QgsProcessingParameterString("PRESET", tr("County preset"), defaultValue="", optional=True),
            tr("The id of a shipped county preset, or the path of a preset YAML file. Shipped presets: ") + ids,
        )

    def load_rules(self, parameters, context):
        """Load the rule set named by ``RULESET`` / ``PRESET``; a broken file gives a message naming file, key and
        line."""
        overlay = self.parameterAsFile(parameters, "RULESET", context) if "RULESET" in parameters else ""
        preset = self.parameterAsString(parameters, "PRESET", context) if "PRESET" in parameters else ""
        try:
            return load_ruleset([overlay] if overlay else (), preset=preset or None)
        except RuleSetError as exc:
            raise QgsProcessingException(tr("The rule set cannot be used: ") + str(exc)) from exc
        except (FileNotFoundError, KeyError) as exc:
            ids = ", ".join(pid for pid, _name in list_presets())
            raise QgsProcessingException(
                tr("Unknown county preset or rule file: ") + str(exc) + ". " + tr("Shipped presets: ") + ids
            ) from exc
