"""The parcel (地籍) schema: field definitions, mapping a county's own field names onto it, key validation.

The fields are data (``rules/parcel_schema.yaml``); this module only reads them. Pure Python, no QGIS import: the
field mapping for QGIS's ``native:refactorfields`` is returned as plain dicts with QVariant type numbers.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any, Mapping, Sequence

from .ruleset import FieldDef, RuleSet, default_ruleset

__all__ = [
    "QVARIANT_TYPES",
    "parcel_fields",
    "required_fields",
    "propose_mapping",
    "refactor_mapping",
    "validate_parcel_key",
]

#: QVariant type numbers used by native:refactorfields (QVariant.String = 10, Double = 6, Int = 2, LongLong = 4).
QVARIANT_TYPES = {"text": 10, "double": 6, "integer": 2}

_FOLD_RE = re.compile(r"[\s_\-]+")


def _fold(name: Any) -> str:
    """Compare field names ignoring case, width, spaces, ``_`` and ``-``."""
    return _FOLD_RE.sub("", unicodedata.normalize("NFKC", str(name))).casefold()


def parcel_fields(ruleset: RuleSet | None = None) -> list[FieldDef]:
    """All parcel fields, in schema order."""
    return list((ruleset or default_ruleset()).parcel_schema)


def required_fields(ruleset: RuleSet | None = None) -> list[FieldDef]:
    """The fields every parcel layer must provide."""
    return [f for f in parcel_fields(ruleset) if f.required]


def propose_mapping(source_field_names: Sequence[str], ruleset: RuleSet | None = None) -> dict[str, str | None]:
    """Propose ``schema field → source field`` (None when nothing fits).

    A source field matches when its name equals (case-, width- and space-insensitively) the schema name, its
    Chinese / English alias, or one of its ``source_names``. Exact names and aliases are matched before
    ``source_names``, and each source field is used at most once.
    """
    fields = parcel_fields(ruleset)
    folded: dict[str, str] = {}
    for src in source_field_names:
        folded.setdefault(_fold(src), src)
    mapping: dict[str, str | None] = {f.name: None for f in fields}
    used: set[str] = set()
    passes = (
        lambda f: (f.name, f.alias_zh, f.alias_en),
        lambda f: f.source_names,
    )
    for candidates_of in passes:
        for f in fields:
            if mapping[f.name] is not None:
                continue
            for cand in candidates_of(f):
                src = folded.get(_fold(cand))
                if src is not None and src not in used:
                    mapping[f.name] = src
                    used.add(src)
                    break
    return mapping


def _quote_field(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def refactor_mapping(
    source_field_names: Sequence[str],
    ruleset: RuleSet | None = None,
    mapping: Mapping[str, str | None] | None = None,
) -> list[dict[str, Any]]:
    """The ``FIELDS_MAPPING`` list for ``native:refactorfields`` producing the parcel schema.

    Each item: ``{"name", "type" (QVariant int), "length", "precision", "expression"}``; the expression is the quoted
    source field (``'"地號"'``) or ``"NULL"`` when no source field was found. ``mapping`` (schema field → source
    field or None) overrides the proposal of :func:`propose_mapping` for the fields it names.
    """
    chosen = propose_mapping(source_field_names, ruleset)
    if mapping:
        unknown = [k for k in mapping if k not in chosen]
        if unknown:
            raise KeyError("unknown parcel schema field(s): " + ", ".join(unknown))
        chosen.update(mapping)
    out = []
    for f in parcel_fields(ruleset):
        src = chosen[f.name]
        out.append(
            {
                "name": f.name,
                "type": QVARIANT_TYPES[f.type],
                "length": int(f.length or 0),
                "precision": int(f.precision or 0),
                "expression": _quote_field(src) if src else "NULL",
            }
        )
    return out


def validate_parcel_key(office: Any, section: Any, parcel_no: Any, ruleset: RuleSet | None = None) -> list[str]:
    """Problems with a register key (地政事務所代碼, 地段代碼, 地號); an empty list means the key is valid.

    The expected forms are the ``pattern``s of the schema fields ``office``, ``section`` and ``parcel_no``
    (表29: 「PA」, 「0038」, 「0214-0020」).
    """
    rs = ruleset or default_ruleset()
    problems = []
    for name, value in (("office", office), ("section", section), ("parcel_no", parcel_no)):
        fdef = rs.parcel_field(name)
        label = f"{fdef.alias_zh} ({name})"
        text = "" if value is None else str(value)
        if not text.strip():
            problems.append(f"{label}: 缺少 / missing; 例 e.g. {fdef.example}")
        elif text != text.strip():
            problems.append(f"{label}: 前後有空白 / leading or trailing spaces in {text!r}")
        elif not fdef.matches_pattern(text):
            problems.append(f"{label}: {text!r} 格式不符 / does not match {fdef.pattern}; 例 e.g. {fdef.example}")
    return problems
