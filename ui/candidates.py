"""The candidate list of step 4 (零星土地及鄉村區單元): a table model over the OUTPUT_CANDIDATES layer of
``twzoning:ruralunits`` (fields: core/decisions.py CANDIDATE_LIST_FIELDS) with the planner's answers kept in the
:class:`~.state.WorkflowState`, and a proxy filtering it by rule and by status.
"""
from __future__ import annotations

from qgis.PyQt.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QSortFilterProxyModel,
    Qt,
)

#: Status filter values: every candidate, the open ones (proposed and not answered), or one decision value.
ALL, OPEN = "", "open"
PROPOSED = "proposed"
#: How the panel shows the decision values of the candidate list (core/decisions.py DECISION_VALUES); the values
#: themselves stay ASCII in the files. QT_TRANSLATE_NOOP marks the labels for tools/i18n.py; tr() shows them.
DECISION_LABELS = {
    "proposed": QT_TRANSLATE_NOOP("TwZoningDock", "Proposed (建議)"),
    "accepted": QT_TRANSLATE_NOOP("TwZoningDock", "Accepted (同意)"),
    "refused": QT_TRANSLATE_NOOP("TwZoningDock", "Refused (不同意)"),
    "flagged": QT_TRANSLATE_NOOP("TwZoningDock", "Flagged (提示)"),
}


def tr(text: str) -> str:
    return QCoreApplication.translate("TwZoningDock", text)


class CandidateModel(QAbstractTableModel):
    """One row per candidate feature. Columns show the algorithm's decision and the planner's answer side by side."""

    COLUMNS = (
        ("parcel_key", QT_TRANSLATE_NOOP("TwZoningDock", "Parcel (地號)")),
        ("rule_id", QT_TRANSLATE_NOOP("TwZoningDock", "Rule (規則)")),
        ("change", QT_TRANSLATE_NOOP("TwZoningDock", "From → to (分類)")),
        ("decision", QT_TRANSLATE_NOOP("TwZoningDock", "Decision (決定)")),
        ("answer", QT_TRANSLATE_NOOP("TwZoningDock", "Planner (規劃者)")),
        ("comment", QT_TRANSLATE_NOOP("TwZoningDock", "Comment (意見)")),
        ("reason", QT_TRANSLATE_NOOP("TwZoningDock", "Reason (理由)")),
    )

    def __init__(self, state, parent=None):
        super().__init__(parent)
        self.state = state
        self.rows: list[dict] = []
        self.layer = None

    def set_layer(self, layer) -> None:
        self.beginResetModel()
        self.layer = layer
        self.rows = []
        if layer is not None:
            names = layer.fields().names()
            for feature in layer.getFeatures():
                row = {n: feature[n] for n in names}
                row = {k: ("" if v is None or str(v) == "NULL" else v) for k, v in row.items()}
                row["fid"] = feature.id()
                self.rows.append(row)
        self.endResetModel()

    def refresh(self) -> None:
        if self.rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.rows) - 1, len(self.COLUMNS) - 1))

    # -- values ---------------------------------------------------------------------------------------------------
    def answer(self, row: dict) -> dict:
        return self.state.answer(str(row.get("parcel_key", "")), str(row.get("rule_id", "")))

    def is_open(self, row: dict) -> bool:
        """A proposal (rule worded 「得」) the planner has not answered yet."""
        return row.get("decision") == PROPOSED and not self.answer(row)["decision"]

    def value(self, row: dict, column: str) -> str:
        if column == "change":
            return f"{row.get('from_name', '')} → {row.get('to_name', '')}"
        if column == "answer":
            return self.answer(row)["decision"]
        if column == "comment":
            return self.answer(row)["comment"] or str(row.get("comment", ""))
        return str(row.get(column, ""))

    # -- Qt model -------------------------------------------------------------------------------------------------
    def rowCount(self, parent=QModelIndex()):  # noqa: N802,B008 (Qt API)
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()):  # noqa: N802,B008 (Qt API)
        return 0 if parent.isValid() else len(self.COLUMNS)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        column = self.COLUMNS[index.column()][0]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            value = self.value(row, column)
            if column in ("decision", "answer") and value in DECISION_LABELS:
                return tr(DECISION_LABELS[value])
            return value
        if role == Qt.ItemDataRole.UserRole:
            return row
        return None

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802 (Qt API)
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return tr(self.COLUMNS[section][1])
        return None

    def rules(self) -> list[str]:
        return sorted({str(r.get("rule_id", "")) for r in self.rows if r.get("rule_id")})

    def open_count(self) -> int:
        return sum(1 for r in self.rows if self.is_open(r))


class CandidateFilter(QSortFilterProxyModel):
    """Keeps the rows of one rule (or all) and one status: all, open, or a decision value."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.rule = ALL
        self.status = ALL

    def set_filter(self, rule: str, status: str) -> None:
        self.rule, self.status = rule or ALL, status or ALL
        self.invalidateFilter()

    def filterAcceptsRow(self, source_row, source_parent):  # noqa: N802 (Qt API)
        model = self.sourceModel()
        row = model.rows[source_row]
        if self.rule and str(row.get("rule_id", "")) != self.rule:
            return False
        if self.status == OPEN:
            return model.is_open(row)
        if self.status:
            return str(row.get("decision", "")) == self.status
        return True
