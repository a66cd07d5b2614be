"""The dock's workflow state, stored in the QGIS project (``QgsProject.writeEntry`` under the scope ``twzoning``).

Which layer plays which role, the current step, the output folder, the files each step wrote and the planner's
decisions on the candidates: saving the project saves them, reopening it resumes where the planner left off.
The decisions are kept as the DECISIONS table of ``twzoning:sporadicland`` / ``twzoning:ruralunits``
(core/decisions.py: parcel_key, rule_id, planner_decision, comment) and written as a CSV before each re-run.
"""
from __future__ import annotations

import csv
import json
from dataclasses import dataclass, field
from pathlib import Path

from qgis.core import QgsProject

SCOPE = "twzoning"
#: Columns of the DECISIONS table the dock writes (core/decisions.py documents them).
DECISION_COLUMNS = ("parcel_key", "rule_id", "planner_decision", "comment")
ACCEPTED, REFUSED = "accepted", "refused"


@dataclass
class WorkflowState:
    """Everything the dock remembers between sessions. Layers are kept by layer id, outputs by file path."""

    roles: dict = field(default_factory=dict)          # role -> layer id (parcels, sea, mht, county, ...)
    indicators: list = field(default_factory=list)     # layer ids of the indicator layers
    marine: list = field(default_factory=list)         # layer ids of the marine indicators
    marine_order: list = field(default_factory=list)   # the planner's order of the indicator instances (ORDER)
    preset: str = ""
    step: int = 0
    out_dir: str = ""
    outputs: dict = field(default_factory=dict)        # step output name -> path
    decisions: dict = field(default_factory=dict)      # "parcel_key\trule_id" -> {"decision": .., "comment": ..}

    # -- decisions ------------------------------------------------------------------------------------------------
    @staticmethod
    def key(parcel_key: str, rule_id: str) -> str:
        return f"{parcel_key}\t{rule_id}"

    def decide(self, parcel_key: str, rule_id: str, decision: str | None = None, comment: str | None = None):
        """Record an answer (``accepted`` / ``refused`` / ``""`` to withdraw it) and / or a comment."""
        entry = self.decisions.setdefault(self.key(parcel_key, rule_id), {"decision": "", "comment": ""})
        if decision is not None:
            entry["decision"] = decision
        if comment is not None:
            entry["comment"] = comment
        if not entry["decision"] and not entry["comment"]:
            del self.decisions[self.key(parcel_key, rule_id)]

    def answer(self, parcel_key: str, rule_id: str) -> dict:
        return self.decisions.get(self.key(parcel_key, rule_id), {"decision": "", "comment": ""})

    def decision_rows(self) -> list[dict]:
        rows = []
        for k in sorted(self.decisions):
            parcel_key, rule_id = k.split("\t", 1)
            entry = self.decisions[k]
            rows.append({"parcel_key": parcel_key, "rule_id": rule_id,
                         "planner_decision": entry.get("decision", ""), "comment": entry.get("comment", "")})
        return rows

    def write_decisions(self, path: str | Path) -> str:
        """The DECISIONS table as a UTF-8 CSV (with BOM, for Excel); returns the path."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("w", encoding="utf-8-sig", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=DECISION_COLUMNS)
            writer.writeheader()
            writer.writerows(self.decision_rows())
        return str(path)

    # -- project --------------------------------------------------------------------------------------------------
    def save(self, project: QgsProject | None = None) -> None:
        project = project or QgsProject.instance()
        project.writeEntry(SCOPE, "state", json.dumps(self.__dict__, ensure_ascii=False, sort_keys=True))

    @classmethod
    def load(cls, project: QgsProject | None = None) -> WorkflowState:
        project = project or QgsProject.instance()
        text, ok = project.readEntry(SCOPE, "state", "")
        state = cls()
        if ok and text:
            try:
                data = json.loads(text)
            except ValueError:
                return state
            for name in state.__dict__:
                if name in data:
                    setattr(state, name, data[name])
        return state
