"""Load, merge and validate the rule set (the YAML files in ``core/rules/``).

The rules are data: the 19 classes, the indicators and their aliases, the precedence list, the numeric thresholds,
the switches, the sporadic-land rules, the parcel schema and the county presets all live in YAML files, each entry
with its source citation. This module implements the *mechanisms* only: reading the files (``yaml.safe_load``
semantics, line numbers kept through ``yaml.compose``), merging user overlays and a county preset over the national
rules, validating the result with a small hand-written schema, and answering look-ups (class aliases, layer names,
thresholds, switches).

Pure Python + PyYAML; no QGIS import.

Merge model (see ``rules/README.md``): sections holding records (``classes``, ``indicators``, ``context_layers``,
``non_indicators``, ``thresholds``, ``switches``, ``sporadic_rules``, ``parcel_fields``) are merged record by record
on their id field: an overlay record with a known id replaces only the fields it names, a new id is appended.
``precedence`` and ``marine_precedence`` are replaced as a whole. Every value that ends up different from the
national default is reported in :attr:`RuleSet.local_rules` as a 因地制宜 (local) rule with its citation.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as _dt
import difflib
import operator
import re
import string
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any, Callable, Iterable, Mapping, Sequence

import yaml

__all__ = [
    "RULES_DIR",
    "PRESETS_DIR",
    "NATIONAL_FILES",
    "METHOD_TYPES",
    "RuleSetError",
    "ClassDef",
    "ClassVariant",
    "MethodStep",
    "IndicatorDef",
    "ContextLayerDef",
    "NonIndicatorDef",
    "LayerMatch",
    "Threshold",
    "SwitchDef",
    "PrecedenceStep",
    "SporadicRule",
    "StandardResponse",
    "LandType",
    "FieldDef",
    "LocalRule",
    "PresetInfo",
    "RuleSet",
    "load_ruleset",
    "default_ruleset",
    "list_presets",
    "normalize_name",
]

RULES_DIR = Path(__file__).resolve().parent / "rules"
PRESETS_DIR = RULES_DIR / "presets"
#: The national rule files, loaded in this order.
NATIONAL_FILES = (
    "classes.yaml",
    "indicators.yaml",
    "precedence.yaml",
    "thresholds.yaml",
    "switches.yaml",
    "sporadic.yaml",
    "parcel_schema.yaml",
    "register.yaml",
    "marine.yaml",
    "checking.yaml",
)

# ----------------------------------------------------------------------------------------------------------------
# Schema vocabulary. These are the *mechanism's* closed sets (what the code knows how to execute), not rules.
# ----------------------------------------------------------------------------------------------------------------
#: Method step types an indicator may use (documented in rules/README.md).
METHOD_TYPES = (
    "extent",
    "attribute_filter",
    "clip_to",
    "polygons_only",
    "derived",
    "switch",
    "boundary_mode",
    "residual",
    # added for twzoning:delineateclasses (issue #3): class-level qualification and the rural-district nature
    "qualify",
    "rural_nature",
)
#: ``group`` values of a ``qualify`` step: each feature, each connected part of the indicator's area, or each
#: connected block of the whole class (all indicators of the class together, e.g. the 農1 block of 25 ha).
QUALIFY_GROUPS = ("feature", "connected", "class")
STATUSES = ("RULE", "PENDING", "CONFIG", "INFERENCE", "DECISION")
SIDES = ("land", "sea")
COMPARISONS = ("lt", "le", "gt", "ge")
UNITS = ("m2", "m", "ratio", "year", "month", "cm", "scale_denominator", "date")
SWITCH_TYPES = ("bool", "int", "float", "text", "enum", "list", "class_map")
SCOPES = ("通案", "因地制宜", "特殊個案", "第3階段應辦事項")
RULE_KINDS = ("include", "exclude", "reassign", "merge", "unit", "restrict", "majority", "boundary")
RULE_MODES = ("candidate", "automatic", "flag")
#: Predicates a sporadic rule may name (``predicate:``); executed by core/sporadic.py and core/units.py with the
#: geometric tests of core/geometry_predicates.py (RULES.md §4.4).
RULE_PREDICATES = (
    "enclosed_patch", "private_sporadic", "split_piece", "road_inside", "enclosed_parcel", "concave", "gap",
    "protrusion", "outside_zone", "cumulative", "min_total", "shared_access", "majority",
)
FIELD_TYPES = ("text", "double", "integer")
GEOMETRIES = ("polygon", "line", "point", "polygon_or_line")
MATCH_MODES = ("exact", "contains", "prefix")
LOCAL_SCOPE = "因地制宜"

_OPS: dict[str, Callable[[Any, Any], bool]] = {
    "lt": operator.lt,
    "le": operator.le,
    "gt": operator.gt,
    "ge": operator.ge,
}

# Sections of a rule file: record sections are merged on their id field; the others are replaced whole.
_RECORD_SECTIONS = {
    "classes": "code",
    "indicators": "id",
    "context_layers": "role",
    "non_indicators": "id",
    "thresholds": "key",
    "switches": "key",
    "sporadic_rules": "id",
    "parcel_fields": "name",
    "standard_responses": "id",
    "land_types": "id",
}
_WHOLE_SECTIONS = ("precedence", "marine_precedence")
_META_KEYS = ("preset", "source", "version", "note")
# Mapping sections (register.yaml): merged key by key (a mapping merges, any other value replaces); see
# _check_documents below.
_MAPPING_SECTIONS = ("register", "statistics", "certificate", "dates", "marine", "checking")
_TOP_KEYS = tuple(_RECORD_SECTIONS) + _WHOLE_SECTIONS + _MAPPING_SECTIONS + _META_KEYS


# ================================================================================================================
# Errors
# ================================================================================================================
class RuleSetError(ValueError):
    """A rule file is unreadable or invalid.

    Attributes: ``file`` (path as a string), ``key`` (dotted path such as ``classes[3].color``), ``line`` (1-based,
    or None when unknown), ``problem`` and ``expected``. ``str(err)`` is
    ``"<file>:<line>: <key>: <what is wrong>; expected <what>"``.
    """

    def __init__(self, file: str | Path, key: str, line: int | None, problem: str, expected: str):
        self.file = str(file)
        self.key = key
        self.line = line
        self.problem = problem
        self.expected = expected
        where = f"{self.file}:{line}" if line is not None else f"{self.file}:?"
        super().__init__(f"{where}: {key}: {problem}; expected {expected}")


# ================================================================================================================
# Name normalisation
# ================================================================================================================
_DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe63\uff0d"), "-")
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"), None)
_SPACE_RE = re.compile(r"\s+")


def normalize_name(text: Any) -> str:
    """Normalise a class / indicator / layer name for comparison.

    NFKC (full-width → half-width, ``（原）`` → ``(原)``), dashes unified to ``-``, all whitespace and invisible
    characters removed, ``台`` read as ``臺``, case folded.
    """
    s = unicodedata.normalize("NFKC", str(text)).translate(_DASHES).translate(_INVISIBLE)
    s = _SPACE_RE.sub("", s).replace("台", "臺")
    return s.casefold()


_FILE_SUFFIX_RE = re.compile(
    r"\.(json|geojson|shp|gpkg|kml|kmz|gml|tab|mif|csv|zip|dbf|sqlite|fgb|parquet|xlsx|xls)$", re.IGNORECASE
)
# Administrative prefix such as 示範縣 / 桃園市 / 新北市 glued to a layer name (tried only when nothing else matched).
_ADMIN_PREFIX_RE = re.compile(r"^[^\W\d_]{1,4}?[縣市](?=.)")


def _layer_base(name: Any) -> str:
    """Strip a QGIS data-source decoration, folders and file suffixes; return the normalised layer name."""
    s = str(name).strip()
    if "|layername=" in s:
        s = s.split("|layername=", 1)[1].split("|", 1)[0]
    s = re.split(r"[/\\]", s)[-1]
    s = normalize_name(s)
    while True:
        stripped = _FILE_SUFFIX_RE.sub("", s)
        if stripped == s:
            return s
        s = stripped


# ================================================================================================================
# Public definitions (immutable views of the merged rules)
# ================================================================================================================
def _ro(mapping: Mapping | None) -> Mapping:
    return MappingProxyType(dict(mapping or {}))


@dataclass(frozen=True)
class ClassVariant:
    """A printed variant of a class, e.g. 農業發展地區第4類（原） (indigenous settlement)."""

    id: str
    suffix: str
    suffix_en: str
    aliases: tuple[str, ...]
    source: str


@dataclass(frozen=True)
class ClassDef:
    """One of the 19 國土功能分區及其分類."""

    code: str
    short: str
    name: str
    name_certificate: str
    name_en: str
    family: str
    family_name: str
    family_en: str
    order: int
    side: str
    color: str
    aliases: tuple[str, ...]
    consulted_agency: str
    source: str
    principle: str = ""
    variants: tuple[ClassVariant, ...] = ()

    def variant(self, variant_id: str) -> ClassVariant:
        for v in self.variants:
            if v.id == variant_id:
                return v
        raise KeyError(f"class {self.code} has no variant {variant_id!r}")


@dataclass(frozen=True)
class MethodStep:
    """One step of an indicator's method: ``type`` plus its parameters.

    ``side`` limits the step to one side of the mean high tide line; ``switch``/``equals`` make the step (or, for
    ``type == "switch"``, the whole indicator) conditional on a switch value.
    """

    type: str
    params: Mapping[str, Any]
    side: str | None = None
    switch: str | None = None
    equals: Any = True

    def applies(self, ruleset: RuleSet, side: str | None = None) -> bool:
        """True when this step is active for ``side`` under the rule set's switch values."""
        if side is not None and self.side is not None and self.side != side:
            return False
        if self.switch is not None and self.type != "switch":
            return ruleset.switch(self.switch) == self.equals
        return True


@dataclass(frozen=True)
class IndicatorDef:
    """A 劃設參考指標 (or a rule-defined area such as the residual sea)."""

    id: str
    name: str
    name_en: str
    aliases: tuple[str, ...]
    targets: Mapping[str, tuple[str, ...]]
    method: tuple[MethodStep, ...]
    status: str
    agency: str
    source: str
    condition: str = ""
    layer_group: str | None = None
    decided_by: str | None = None
    note: str = ""
    #: the rule id every decision taken from this indicator carries (``CON1-4``); ``{land: …, sea: …}`` per side
    rule_id: Any = ""

    def rule_id_for(self, side: str = "land") -> str:
        """The rule id of this indicator on ``side``; ``IND-<ID>`` when the rule file gives none."""
        rid = self.rule_id.get(side, "") if isinstance(self.rule_id, Mapping) else self.rule_id
        return rid or "IND-" + self.id.upper().replace("_", "-")

    @property
    def classes(self) -> tuple[str, ...]:
        """All class codes this indicator can lead to (land first, then sea)."""
        out: list[str] = []
        for side in SIDES:
            for code in self.targets.get(side, ()):
                if code not in out:
                    out.append(code)
        return tuple(out)

    def target(self, side: str = "land") -> str | None:
        """The single class on ``side`` (None if none; the first candidate when several are possible)."""
        codes = self.targets.get(side, ())
        return codes[0] if codes else None

    @property
    def method_types(self) -> tuple[str, ...]:
        return tuple(step.type for step in self.method)

    @property
    def reads_layer(self) -> bool:
        """Whether the indicator needs a layer of its own (False for pure parcel/context/residual derivations)."""
        for step in self.method:
            if step.type == "residual":
                return False
            if step.type == "derived":
                return any("self" in term for term in step.params.get("include", ()))
        return True

    def enabled(self, ruleset: RuleSet) -> bool:
        """False when a ``switch`` step turns the indicator off under the rule set's switch values."""
        return all(ruleset.switch(s.switch) == s.equals for s in self.method if s.type == "switch")


@dataclass(frozen=True)
class ContextLayerDef:
    """A layer role the algorithms need (sea area, mean high tide line, urban plans, parcels …)."""

    role: str
    name: str
    name_en: str
    aliases: tuple[str, ...]
    geometry: str
    source: str
    indicator: str | None = None
    note: str = ""


@dataclass(frozen=True)
class NonIndicatorDef:
    """A known layer that is deliberately not an indicator of any class."""

    id: str
    name: str
    aliases: tuple[str, ...]
    reason: str
    source: str
    role: str | None = None
    note: str = ""


@dataclass(frozen=True)
class LayerMatch:
    """Result of :meth:`RuleSet.match_layer`.

    ``kind`` is ``"indicator"``, ``"context"``, ``"non_indicator"`` or ``"unknown"``. ``indicators`` lists every
    indicator reading the layer (several for a shared ``layer_group``, e.g. 國有林事業區 → 國1 and 國2 zones).
    """

    name: str
    kind: str
    alias: str | None = None
    indicator: IndicatorDef | None = None
    indicators: tuple[IndicatorDef, ...] = ()
    context: ContextLayerDef | None = None
    non_indicator: NonIndicatorDef | None = None
    role: str | None = None

    def __bool__(self) -> bool:
        return self.kind != "unknown"


@dataclass(frozen=True)
class Threshold:
    """A numeric parameter compared exactly as the rule text words it (``op`` ∈ lt/le/gt/ge)."""

    key: str
    value: Any
    unit: str
    op: str
    applies_to: tuple[str, ...]
    status: str
    source: str
    display: str = ""
    text: str = ""
    note: str = ""
    scope: str = "通案"
    local_source: str | None = None

    def test(self, x: Any) -> bool:
        """True when ``x`` satisfies the rule phrase, e.g. ``lt 20000`` (「未達 2 公頃」): 19999.9 → True, 20000 → False."""
        if self.unit == "date":
            x = _as_date(x)
        return _OPS[self.op](x, self.value)

    __call__ = test


@dataclass(frozen=True)
class SwitchDef:
    """A switch: its effective ``value`` after overlays/preset and the ``national_default``."""

    key: str
    type: str
    value: Any
    national_default: Any
    status: str
    source: str
    allowed: tuple[Any, ...] = ()
    allowed_en: tuple[str, ...] = ()
    group: str | None = None
    description: str = ""
    scope: str = "通案"
    local_source: str | None = None


@dataclass(frozen=True)
class PrecedenceStep:
    id: str
    classes: tuple[str, ...]
    description: str
    source: str
    side: str | None = None


@dataclass(frozen=True)
class SporadicRule:
    """A parcel-level rule (sporadic land, special-purpose zones, rural units, pairwise rules, MAJ50)."""

    id: str
    name: str
    name_en: str
    classes: tuple[str, ...]
    kind: str
    mode: str
    params: Mapping[str, str]
    status: str
    scope: str
    text: str
    source: str
    code: str | None = None
    switch: str | None = None
    land_uses: tuple[str, ...] = ()
    gap_types: tuple[str, ...] = ()
    requires: str = ""
    extends: str | None = None
    replaces: str | None = None
    note: str = ""
    predicate: str | None = None
    response: str | None = None
    enclosed_classes: tuple[str, ...] = ()
    nu_zones: tuple[str, ...] = ()
    owner_types: tuple[str, ...] = ()
    responses: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    decisions: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    discussion: bool = False
    local_source: str | None = None

    def enabled(self, ruleset: RuleSet) -> bool:
        return self.switch is None or bool(ruleset.switch(self.switch))


@dataclass(frozen=True)
class StandardResponse:
    """A row of 表31 (= 表55): the standard response of a 劃設差異處樣態 (RULES.md §8.2), id as ``4(3)``."""

    id: str
    type: int
    type_name: str
    classes: str
    text: str
    discussion: bool
    remark: str
    source: str
    class_codes: tuple[str, ...] = ()
    default_for_scope: str | None = None
    note: str = ""


@dataclass(frozen=True)
class LandType:
    """What a gap type of the rules (產業道路, 農水路, 未登錄地 …) means in parcel attributes (``land_types``)."""

    id: str
    name: str
    name_en: str
    names: tuple[str, ...]
    status: str
    source: str
    nu_landuse: tuple[str, ...] = ()
    current_use: tuple[str, ...] = ()
    registered: int | None = None
    max_width: str | None = None
    note: str = ""


@dataclass(frozen=True)
class FieldDef:
    """A cadastre field the algorithms read (``parcel_schema.yaml``)."""

    name: str
    alias_zh: str
    alias_en: str
    type: str
    required: bool
    description_zh: str
    description_en: str
    source_names: tuple[str, ...]
    source: str
    length: int | None = None
    precision: int | None = None
    pattern: str | None = None
    allowed: tuple[Any, ...] = ()
    example: Any = None
    #: ``{other_field: value}``: the value may be blank on features where every other field has that value
    #: (e.g. 地號 of unregistered land, which gets a provisional number later).
    blank_when: Mapping[str, Any] = field(default_factory=dict)

    def matches_pattern(self, value: Any) -> bool:
        """True when there is no pattern or ``value`` fully matches it."""
        return self.pattern is None or re.fullmatch(self.pattern, str(value)) is not None


@dataclass(frozen=True)
class LocalRule:
    """A key changed by an overlay / preset away from the national default (因地制宜)."""

    key: str
    value: Any
    national_value: Any
    source: str
    file: str
    scope: str = LOCAL_SCOPE


@dataclass(frozen=True)
class PresetInfo:
    id: str
    name: str
    name_en: str
    source: str
    path: str
    county: str = ""
    remark: str = ""
    note: str = ""


# ================================================================================================================
# The rule set
# ================================================================================================================
@dataclass(frozen=True)
class RuleSet:
    """The merged, validated rule set. Build it with :func:`load_ruleset`."""

    classes: tuple[ClassDef, ...]
    indicators: tuple[IndicatorDef, ...]
    context_layers: tuple[ContextLayerDef, ...]
    non_indicators: tuple[NonIndicatorDef, ...]
    thresholds: Mapping[str, Threshold]
    switches: Mapping[str, SwitchDef]
    precedence: tuple[PrecedenceStep, ...]
    marine_precedence: tuple[str, ...]
    sporadic_rules: tuple[SporadicRule, ...]
    parcel_schema: tuple[FieldDef, ...]
    local_rules: tuple[LocalRule, ...] = ()
    preset_id: str | None = None
    preset: PresetInfo | None = None
    sources: tuple[str, ...] = ()
    #: register.yaml: the land register, statistics, certificate and date formats (read-only nested mappings).
    register: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    statistics: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    certificate: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    dates: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    #: marine.yaml: marine turning-point table, remark templates, round test, corridor, tolerances (RULES.md §5).
    marine: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    #: checking.yaml: the 7 difference types, type-7 reason templates, verdict and workbook wording (RULES.md §8).
    checking: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    #: sporadic.yaml: the 表31 standard responses and the land types named by gap_types.
    standard_responses: tuple[StandardResponse, ...] = ()
    land_types: tuple[LandType, ...] = ()
    _index: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        idx = self._index
        idx["class"] = {c.code: c for c in self.classes}
        idx["class_alias"] = _class_alias_map(self.classes)
        idx["indicator"] = {i.id: i for i in self.indicators}
        idx["context"] = {c.role: c for c in self.context_layers}
        idx["non_indicator"] = {n.id: n for n in self.non_indicators}
        idx["rule"] = {r.id: r for r in self.sporadic_rules}
        idx["response"] = {r.id: r for r in self.standard_responses}
        idx["land_type_name"] = {n: t for t in self.land_types for n in t.names}
        idx["field"] = {f.name: f for f in self.parcel_schema}
        idx["layer_alias"] = _layer_alias_map(self)
        idx["rank"] = {code: i for i, code in enumerate(c for step in self.precedence for c in step.classes)}

    # ---------------------------------------------------------------- classes
    @property
    def class_codes(self) -> tuple[str, ...]:
        return tuple(c.code for c in self.classes)

    def class_by_code(self, code: str) -> ClassDef:
        """The class with this ASCII code (KeyError if unknown)."""
        try:
            return self._index["class"][code]
        except KeyError:
            raise KeyError(f"unknown class code {code!r}") from None

    def resolve_class(self, text: Any) -> str | None:
        """Any alias / full name / code (spaced or not, full- or half-width) → class code; None if unknown."""
        hit = self.resolve_class_variant(text)
        return hit[0] if hit else None

    def resolve_class_variant(self, text: Any) -> tuple[str, str | None] | None:
        """Like :meth:`resolve_class` but also returns the variant id (``("AGR4", "indigenous")`` for 農4(原))."""
        if text is None:
            return None
        return self._index["class_alias"].get(normalize_name(text))

    def class_rank(self, code: str) -> int:
        """Position of the class in the precedence list (0 = decided first)."""
        return self._index["rank"][code]

    # ---------------------------------------------------------------- indicators and layers
    def indicator(self, indicator_id: str) -> IndicatorDef:
        try:
            return self._index["indicator"][indicator_id]
        except KeyError:
            raise KeyError(f"unknown indicator id {indicator_id!r}") from None

    def indicators_for(self, code: str, side: str | None = None) -> tuple[IndicatorDef, ...]:
        """Indicators that can lead to class ``code`` (optionally only on ``side``)."""
        sides = (side,) if side else SIDES
        return tuple(i for i in self.indicators if any(code in i.targets.get(s, ()) for s in sides))

    def context_layer(self, role: str) -> ContextLayerDef:
        try:
            return self._index["context"][role]
        except KeyError:
            raise KeyError(f"unknown context role {role!r}") from None

    def match_layer(self, layer_name: Any) -> LayerMatch:
        """Classify a layer name as indicator / context / non_indicator / unknown.

        Tries, in order, and stops at the first step giving exactly one answer (two different answers = ambiguous =
        unknown): the whole name; pieces of a ``_``-separated name (``示範縣_保安林``); the name without an
        administrative prefix (``桃園市保安林``); the same with a trailing 圖 removed and 範圍 added or removed.
        """
        name = str(layer_name)
        aliases = self._index["layer_alias"]
        for candidates in _layer_candidate_tiers(_layer_base(layer_name)):
            hits = {}
            for cand in candidates:
                entry = aliases.get(cand)
                if entry is not None:
                    hits.setdefault((entry[0], entry[1]), entry)
            if len(hits) == 1:
                kind, key, alias, group = next(iter(hits.values()))
                return self._layer_match(name, kind, key, alias, group)
            if len(hits) > 1:
                return LayerMatch(name=name, kind="unknown")
        return LayerMatch(name=name, kind="unknown")

    def _layer_match(self, name: str, kind: str, key: str, alias: str, group: tuple[str, ...]) -> LayerMatch:
        if kind == "indicator":
            ind = self.indicator(key)
            role = next((c.role for c in self.context_layers if c.indicator == key), None)
            return LayerMatch(
                name=name,
                kind=kind,
                alias=alias,
                indicator=ind,
                indicators=tuple(self.indicator(i) for i in group),
                role=role,
            )
        if kind == "context":
            ctx = self.context_layer(key)
            return LayerMatch(name=name, kind=kind, alias=alias, context=ctx, role=ctx.role)
        non = self._index["non_indicator"][key]
        return LayerMatch(name=name, kind=kind, alias=alias, non_indicator=non, role=non.role)

    def match_indicator(self, layer_name: Any) -> IndicatorDef | None:
        """The indicator a layer name stands for (the primary one of a shared layer), or None."""
        hit = self.match_layer(layer_name)
        return hit.indicator if hit.kind == "indicator" else None

    def context_role(self, layer_name: Any) -> str | None:
        """The role a layer plays for the algorithms (``sea_area``, ``urban_plan`` …), or None."""
        return self.match_layer(layer_name).role

    def closest_names(self, layer_name: Any, n: int = 3) -> list[tuple[str, str, float]]:
        """The ``n`` most similar known names: ``(alias, id_or_role, similarity 0..1)``, best first, one per id."""
        target = _layer_base(layer_name)
        best: dict[str, tuple[str, float]] = {}
        for norm, (_kind, key, alias, _group) in self._index["layer_alias"].items():
            score = difflib.SequenceMatcher(None, target, norm).ratio()
            if key not in best or score > best[key][1]:
                best[key] = (alias, score)
        ranked = sorted(best.items(), key=lambda kv: (-kv[1][1], kv[0]))
        return [(alias, key, round(score, 3)) for key, (alias, score) in ranked[: max(n, 0)]]

    # ---------------------------------------------------------------- parameters
    def threshold(self, key: str) -> Threshold:
        try:
            return self.thresholds[key]
        except KeyError:
            raise KeyError(f"unknown threshold {key!r}") from None

    def switch(self, key: str) -> Any:
        """The effective value of a switch."""
        return self.switch_def(key).value

    def switch_def(self, key: str) -> SwitchDef:
        try:
            return self.switches[key]
        except KeyError:
            raise KeyError(f"unknown switch {key!r}") from None

    def majority_applies(self, code: str) -> bool:
        """Whether the 50 % parcel majority rule is on for class ``code`` (switches majority_rule*, Q8)."""
        return bool(self.switch("majority_rule")) and bool(self.switch("majority_rule_by_class").get(code, False))

    def rule(self, rule_id: str) -> SporadicRule:
        try:
            return self._index["rule"][rule_id]
        except KeyError:
            raise KeyError(f"unknown rule id {rule_id!r}") from None

    def response(self, response_id: str) -> StandardResponse:
        """A 表31 standard response by id (``"4(3)"``)."""
        try:
            return self._index["response"][response_id]
        except KeyError:
            raise KeyError(f"unknown standard response {response_id!r}") from None

    def rule_response(self, rule: SporadicRule) -> StandardResponse | None:
        """The standard response a candidate of ``rule`` carries: its own ``response``, else the response marked
        ``default_for_scope`` for the rule's scope (因地制宜 → type 5), else None."""
        if rule.response:
            return self.response(rule.response)
        return next((r for r in self.standard_responses if r.default_for_scope == rule.scope), None)

    def rule_predicate(self, rule: SporadicRule) -> str | None:
        """The predicate of ``rule``: its own, else that of the rule it ``extends`` (recursively), else None."""
        seen = set()
        while rule is not None and rule.id not in seen:
            if rule.predicate:
                return rule.predicate
            seen.add(rule.id)
            rule = self._index["rule"].get(rule.extends) if rule.extends else None
        return None

    def land_type(self, name: str) -> LandType:
        """The land type a gap-type name (e.g. ``農水路``) stands for."""
        try:
            return self._index["land_type_name"][name]
        except KeyError:
            raise KeyError(f"unknown land type {name!r}") from None

    def rule_threshold(self, rule_id: str, param: str) -> Threshold:
        """The threshold bound to parameter ``param`` of a sporadic rule (e.g. ``("SPZ-2", "max_area")``)."""
        return self.threshold(self.rule(rule_id).params[param])

    def parcel_field(self, name: str) -> FieldDef:
        try:
            return self._index["field"][name]
        except KeyError:
            raise KeyError(f"unknown parcel field {name!r}") from None

    def is_local(self, key: str) -> bool:
        """True when ``key`` (e.g. ``switches.river_boundary_mode``) was changed into a 因地制宜 rule."""
        return any(r.key == key or r.key.startswith(key + ".") for r in self.local_rules)


# ---------------------------------------------------------------------------------------------------------------- #
def _class_alias_map(classes: Iterable[ClassDef]) -> dict[str, tuple[str, str | None]]:
    out: dict[str, tuple[str, str | None]] = {}
    for c in classes:
        for text in (c.code, c.short, c.name, c.name_certificate, *c.aliases):
            out.setdefault(normalize_name(text), (c.code, None))
        for v in c.variants:
            forms = (
                c.short + v.suffix,
                c.name + v.suffix,
                c.name_certificate + v.suffix,
                c.code + v.suffix,
                *v.aliases,
            )
            for text in forms:
                out.setdefault(normalize_name(text), (c.code, v.id))
    return out


def _layer_alias_map(rs: RuleSet) -> dict[str, tuple[str, str, str, tuple[str, ...]]]:
    """normalised alias → (kind, primary id, alias as written, all indicator ids sharing it)."""
    out: dict[str, tuple[str, str, str, tuple[str, ...]]] = {}
    for ind in rs.indicators:
        for text in (ind.name, *ind.aliases):
            norm = normalize_name(text)
            if norm in out:
                kind, key, alias, group = out[norm]
                if ind.id not in group:
                    out[norm] = (kind, key, alias, (*group, ind.id))
            else:
                out[norm] = ("indicator", ind.id, text, (ind.id,))
    for ctx in rs.context_layers:
        if ctx.indicator is None:
            for text in (ctx.name, *ctx.aliases):
                out.setdefault(normalize_name(text), ("context", ctx.role, text, ()))
    for non in rs.non_indicators:
        for text in (non.name, *non.aliases):
            out.setdefault(normalize_name(text), ("non_indicator", non.id, text, ()))
    return out


def _layer_candidate_tiers(base: str) -> list[list[str]]:
    """Candidate spellings of a normalised layer name, grouped by how much was guessed."""
    tier0 = [base]
    parts = [p for p in base.split("_") if p]
    tier1 = []
    if len(parts) > 1:
        spans = [(i, j) for i in range(len(parts)) for j in range(i + 1, len(parts) + 1) if (i, j) != (0, len(parts))]
        spans.sort(key=lambda ij: -(ij[1] - ij[0]))
        tier1 = ["_".join(parts[i:j]) for i, j in spans]
    tier2 = []
    for cand in tier0 + tier1:
        m = _ADMIN_PREFIX_RE.match(cand)
        if m:
            tier2.append(cand[m.end() :])
    tier3 = []
    for cand in tier0 + tier1 + tier2:
        forms = {cand}
        if cand.endswith("圖"):
            forms.add(cand[:-1])
        for f in list(forms):
            forms.add(f[:-2] if f.endswith("範圍") else f + "範圍")
        forms.discard(cand)
        tier3.extend(sorted(forms))
    return [tier0, tier1, tier2, tier3]


def _as_date(x: Any) -> _dt.date:
    if isinstance(x, _dt.datetime):
        return x.date()
    if isinstance(x, _dt.date):
        return x
    return _dt.date.fromisoformat(str(x))


# ================================================================================================================
# Reading YAML with line numbers
# ================================================================================================================
# libyaml's loader when available (same safe_load semantics, several times faster); marks are kept either way.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Doc:
    """A parsed rule file: its data (safe_load semantics) and the 1-based line of every dotted path.

    Use :func:`_read_doc`, which caches parsed files by path, size and modification time (the data is never mutated).
    """

    def __init__(self, path: Path):
        self.file = str(path)
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise RuleSetError(
                path, "(file)", None, f"cannot read the file ({exc.strerror})", "a readable YAML file"
            ) from exc
        except UnicodeDecodeError as exc:
            raise RuleSetError(path, "(file)", None, "the file is not UTF-8", "a UTF-8 encoded YAML file") from exc
        loader = _LOADER(text)
        try:
            node = loader.get_single_node()
            self.data = loader.construct_document(node) if node is not None else None
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            line = mark.line + 1 if mark is not None else None
            problem = f"YAML syntax error: {exc.problem or exc.context}"
            raise RuleSetError(
                path, "(yaml)", line, problem, "valid YAML (spaces for indentation, 'key: value')"
            ) from exc
        except yaml.YAMLError as exc:
            raise RuleSetError(path, "(yaml)", None, f"YAML error: {exc}", "valid YAML") from exc
        finally:
            loader.dispose()
        self.lines: dict[str, int] = {"": 1}
        if node is not None:
            self._walk(node, "")

    def _walk(self, node: yaml.Node, prefix: str) -> None:
        if isinstance(node, yaml.MappingNode):
            seen: set[str] = set()
            for key_node, value_node in node.value:
                key = str(key_node.value)
                path = f"{prefix}.{key}" if prefix else key
                if key in seen:
                    raise RuleSetError(
                        self.file,
                        path,
                        key_node.start_mark.line + 1,
                        "duplicate key in the same mapping",
                        "each key once",
                    )
                seen.add(key)
                self.lines[path] = key_node.start_mark.line + 1
                self._walk(value_node, path)
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                path = f"{prefix}[{i}]"
                self.lines[path] = item.start_mark.line + 1
                self._walk(item, path)

    def line(self, path: str) -> int | None:
        """Line of ``path`` or of its closest existing parent (``classes[3].color`` → ``classes[3]`` → …)."""
        while path not in self.lines:
            parent = re.sub(r"(\.[^.\[\]]+|\[\d+\]|^[^.\[\]]+)$", "", path)
            if parent == path:
                return self.lines.get("")
            path = parent
        return self.lines[path]

    def error(self, path: str, problem: str, expected: str) -> RuleSetError:
        return RuleSetError(self.file, path, self.line(path), problem, expected)


_DOC_CACHE: dict[tuple[str, int, int], _Doc] = {}


def _read_doc(path: Path) -> _Doc:
    """Parse ``path`` (cached while the file is unchanged)."""
    try:
        st = path.stat()
    except OSError:
        return _Doc(path)  # raises a RuleSetError naming the file
    key = (str(path), st.st_mtime_ns, st.st_size)
    doc = _DOC_CACHE.get(key)
    if doc is None:
        doc = _Doc(path)
        if len(_DOC_CACHE) > 64:
            _DOC_CACHE.clear()
        _DOC_CACHE[key] = doc
    return doc


class _Rec:
    """A record of a record section, remembering where each field came from (for errors and local rules)."""

    def __init__(self, section: str, data: dict, doc: _Doc, path: str):
        self.section = section
        self.data = dict(data)
        self.doc = doc
        self.path = path
        self.origin: dict[str, tuple[_Doc, str]] = {f: (doc, f"{path}.{f}") for f in data}

    @property
    def id(self) -> Any:
        return self.data.get(_RECORD_SECTIONS[self.section])

    def where(self, rel: str = "") -> tuple[str, str, int | None]:
        """(file, dotted key, line) of a field path relative to the record (``"method[0].type"``)."""
        if not rel:
            return self.doc.file, self.path, self.doc.line(self.path)
        head = re.match(r"[^.\[]+", rel).group(0)
        if head in self.origin:
            doc, abs_path = self.origin[head]
            full = abs_path + rel[len(head) :]
            return doc.file, full, doc.line(full)
        return self.doc.file, f"{self.path}.{rel}", self.doc.line(self.path)

    def error(self, rel: str, problem: str, expected: str) -> RuleSetError:
        file, key, line = self.where(rel)
        return RuleSetError(file, key, line, problem, expected)

    def update(self, other: _Rec) -> None:
        for f, v in other.data.items():
            self.data[f] = v
            self.origin[f] = other.origin[f]


class _Whole:
    """A section replaced as a whole (precedence, marine_precedence)."""

    def __init__(self, data: Any, doc: _Doc, path: str):
        self.data = data
        self.doc = doc
        self.path = path

    def error(self, rel: str, problem: str, expected: str) -> RuleSetError:
        full = self.path + rel
        return RuleSetError(self.doc.file, full, self.doc.line(full), problem, expected)


# ================================================================================================================
# Merge
# ================================================================================================================
class _State:
    """Records of every section while files are merged."""

    def __init__(self) -> None:
        self.records: dict[str, dict[Any, _Rec]] = {s: {} for s in _RECORD_SECTIONS}
        self.whole: dict[str, _Whole] = {}
        self.mappings: dict[str, _MapSection] = {}  # register.yaml sections
        self.citations: dict[str, str] = {}  # file → citation used for local rules
        self.sources: list[str] = []
        self.national_files: set[str] = set()

    def snapshot(self) -> dict:
        return {
            "records": {s: {k: copy.deepcopy(r.data) for k, r in recs.items()} for s, recs in self.records.items()},
            "whole": {s: copy.deepcopy(w.data) for s, w in self.whole.items()},
            "mappings": {s: copy.deepcopy(m.data) for s, m in self.mappings.items()},
        }

    def add_doc(self, doc: _Doc, national: bool) -> None:
        data = doc.data
        if data is None:
            data = {}
        if not isinstance(data, dict):
            raise doc.error("", f"the file holds a {_type_name(data)}", "a mapping of sections (classes:, switches: …)")
        for key in data:
            if key not in _TOP_KEYS:
                raise doc.error(str(key), f"unknown section '{key}'", "one of: " + ", ".join(_TOP_KEYS))
        self.sources.append(doc.file)
        for section, id_field in _RECORD_SECTIONS.items():
            if section in data:
                for rec in self._records_of(doc, section, id_field, data[section]):
                    current = self.records[section].get(rec.id)
                    if current is None:
                        self.records[section][rec.id] = rec
                    elif national:
                        raise rec.error(
                            id_field, f"duplicate {id_field} '{rec.id}'", f"a unique {id_field} per {section} entry"
                        )
                    else:
                        current.update(rec)
        for section in _WHOLE_SECTIONS:
            if section in data:
                self.whole[section] = _Whole(data[section], doc, section)
        for section in _MAPPING_SECTIONS:
            if section in data:
                self.mappings.setdefault(section, _MapSection(section)).merge(data[section], doc)

    @staticmethod
    def _records_of(doc: _Doc, section: str, id_field: str, value: Any) -> list[_Rec]:
        recs: list[_Rec] = []
        if isinstance(value, dict) and section in ("switches", "thresholds"):
            # shorthand in overlays / presets: `switches: {key: value}` / `thresholds: {key: value}`
            value_field = "default" if section == "switches" else "value"
            for k, v in value.items():
                rec = _Rec(section, {id_field: k, value_field: v}, doc, f"{section}.{k}")
                rec.origin = {id_field: (doc, f"{section}.{k}"), value_field: (doc, f"{section}.{k}")}
                recs.append(rec)
            return recs
        if not isinstance(value, list):
            raise doc.error(
                section, f"'{section}' is a {_type_name(value)}", f"a list of entries, each with '{id_field}'"
            )
        seen: set[Any] = set()
        for i, item in enumerate(value):
            path = f"{section}[{i}]"
            if not isinstance(item, dict):
                raise doc.error(path, f"entry is a {_type_name(item)}", f"a mapping with '{id_field}: …'")
            if id_field not in item:
                raise doc.error(path, f"missing key '{id_field}'", f"every {section} entry to have '{id_field}'")
            ident = item[id_field]
            if not isinstance(ident, str) or not ident:
                raise doc.error(f"{path}.{id_field}", f"{id_field} is {ident!r}", "a non-empty text")
            if ident in seen:
                raise doc.error(
                    f"{path}.{id_field}", f"duplicate {id_field} '{ident}' in this file", f"a unique {id_field}"
                )
            seen.add(ident)
            recs.append(_Rec(section, item, doc, path))
        return recs


# ================================================================================================================
# Validation helpers
# ================================================================================================================
def _type_name(v: Any) -> str:
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "boolean"
    if isinstance(v, int):
        return "integer"
    if isinstance(v, float):
        return "number"
    if isinstance(v, str):
        return "text"
    if isinstance(v, list):
        return "list"
    if isinstance(v, dict):
        return "mapping"
    return type(v).__name__


def _is_number(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


_SNAKE_RE = re.compile(r"[a-z][a-z0-9_]*")
_CODE_RE = re.compile(r"[A-Z][A-Z0-9_]*")
_RULE_ID_RE = re.compile(r"[A-Z0-9][A-Z0-9-]*")
_COLOR_RE = re.compile(r"#[0-9A-Fa-f]{6}")

# A check returns None when the value is fine, else the "expected" text.
_Check = Callable[[Any], "str | None"]


def _text(v: Any) -> str | None:
    return None if isinstance(v, str) and v.strip() else "a non-empty text"


def _text_or_empty(v: Any) -> str | None:
    return None if isinstance(v, str) else "a text"


def _text_list(v: Any) -> str | None:
    if isinstance(v, list) and all(isinstance(x, str) and x.strip() for x in v):
        return None
    return "a list of non-empty texts"


def _source(v: Any) -> str | None:
    if isinstance(v, str) and v.strip():
        return None
    if isinstance(v, list) and v and all(isinstance(x, str) and x.strip() for x in v):
        return None
    return "a source citation such as '001_f01d2a00176af413.txt:1109' (text or list of texts)"


def _pattern(rx: re.Pattern, what: str) -> _Check:
    return lambda v: None if isinstance(v, str) and rx.fullmatch(v) else what


def _enum(values: Sequence[Any]) -> _Check:
    return lambda v: None if isinstance(v, str) and v in values else "one of: " + ", ".join(map(str, values))


def _int(v: Any) -> str | None:
    return None if isinstance(v, int) and not isinstance(v, bool) else "an integer"


def _bool(v: Any) -> str | None:
    return None if isinstance(v, bool) else "true or false"


def _mapping(v: Any) -> str | None:
    return None if isinstance(v, dict) else "a mapping"


def _list(v: Any) -> str | None:
    return None if isinstance(v, list) else "a list"


def _anything(v: Any) -> str | None:
    return None


def _check_fields(rec: _Rec | _Whole, data: dict, spec: dict[str, tuple[bool, _Check]], prefix: str = "") -> None:
    """Check required/unknown fields and field types of one mapping against ``spec``."""
    for name, (required, check) in spec.items():
        if name not in data:
            if required:
                raise rec.error(prefix.rstrip("."), f"missing key '{name}'", f"'{name}:' ({check(None) or 'a value'})")
            continue
        expected = check(data[name])
        if expected is not None:
            raise rec.error(prefix + name, f"{name} is {_shown(data[name])}", expected)
    for name in data:
        if name not in spec:
            raise rec.error(prefix + str(name), f"unknown key '{name}'", "one of: " + ", ".join(spec))


def _shown(v: Any) -> str:
    s = repr(v)
    return f"{_type_name(v)} {s if len(s) <= 60 else s[:57] + '...'}"


_CLASS_SPEC = {
    "code": (True, _pattern(_CODE_RE, "an ASCII class code such as CON1, MAR1_1, URB2_3")),
    "short": (True, _text),
    "name": (True, _text),
    "name_certificate": (True, _text),
    "name_en": (True, _text),
    "family": (True, _text),
    "family_name": (True, _text),
    "family_en": (True, _text),
    "order": (True, _int),
    "side": (True, _enum(SIDES)),
    "color": (True, _pattern(_COLOR_RE, "a colour '#RRGGBB' (quoted)")),
    "aliases": (True, _text_list),
    "consulted_agency": (True, _text),
    "principle": (False, _text),
    "variants": (False, _list),
    "source": (True, _source),
    "note": (False, _text_or_empty),
}
_VARIANT_SPEC = {
    "id": (True, _pattern(_SNAKE_RE, "an ASCII snake_case id")),
    "suffix": (True, _text),
    "suffix_en": (False, _text_or_empty),
    "aliases": (True, _text_list),
    "source": (True, _source),
    "note": (False, _text_or_empty),
}
_INDICATOR_SPEC = {
    "id": (True, _pattern(_SNAKE_RE, "an ASCII snake_case id")),
    "name": (True, _text),
    "name_en": (True, _text),
    "aliases": (True, _text_list),
    "targets": (True, _mapping),
    "method": (True, lambda v: None if isinstance(v, list) and v else "a non-empty list of method steps"),
    "status": (True, _enum(STATUSES)),
    "agency": (True, _text),
    "source": (True, _source),
    "condition": (False, _text_or_empty),
    "layer_group": (False, _pattern(_SNAKE_RE, "an ASCII snake_case layer group")),
    "decided_by": (False, _text),
    "note": (False, _text_or_empty),
    "rule_id": (False, lambda v: _rule_id_value(v)),
}
_CONTEXT_SPEC = {
    "role": (True, _pattern(_SNAKE_RE, "an ASCII snake_case role")),
    "name": (True, _text),
    "name_en": (True, _text),
    "aliases": (False, _text_list),
    "indicator": (False, _pattern(_SNAKE_RE, "an indicator id")),
    "geometry": (True, _enum(GEOMETRIES)),
    "source": (True, _source),
    "note": (False, _text_or_empty),
}
_NON_INDICATOR_SPEC = {
    "id": (True, _pattern(_SNAKE_RE, "an ASCII snake_case id")),
    "name": (True, _text),
    "aliases": (True, _text_list),
    "reason": (True, _text),
    "role": (False, _pattern(_SNAKE_RE, "an ASCII snake_case role")),
    "source": (True, _source),
    "note": (False, _text_or_empty),
}
_THRESHOLD_SPEC = {
    "key": (True, _pattern(_SNAKE_RE, "an ASCII snake_case key")),
    "value": (True, _anything),
    "unit": (True, _enum(UNITS)),
    "op": (True, _enum(COMPARISONS)),
    "applies_to": (True, lambda v: None if v == "all" or isinstance(v, list) else "'all' or a list of class codes"),
    "status": (True, _enum(STATUSES)),
    "source": (True, _source),
    "display": (False, _text_or_empty),
    "text": (False, _text_or_empty),
    "note": (False, _text_or_empty),
}
_SWITCH_SPEC = {
    "key": (True, _pattern(_SNAKE_RE, "an ASCII snake_case key")),
    "type": (True, _enum(SWITCH_TYPES)),
    "default": (True, _anything),
    "allowed": (False, _list),
    "allowed_en": (False, _text_list),
    "group": (False, _pattern(_SNAKE_RE, "an ASCII snake_case group")),
    "status": (True, _enum(STATUSES)),
    "description": (False, _text_or_empty),
    "source": (True, _source),
    "note": (False, _text_or_empty),
}
_RULE_SPEC = {
    "id": (True, _pattern(_RULE_ID_RE, "an ASCII rule id such as SPZ-2 or RDU-CUM")),
    "code": (False, _text),
    "name": (True, _text),
    "name_en": (True, _text),
    "classes": (True, lambda v: None if isinstance(v, list) and v else "a non-empty list of class codes"),
    "kind": (True, _enum(RULE_KINDS)),
    "mode": (True, _enum(RULE_MODES)),
    "params": (True, _mapping),
    "switch": (False, _pattern(_SNAKE_RE, "a switch key")),
    "land_uses": (False, _text_list),
    "gap_types": (False, _text_list),
    "requires": (False, _text_or_empty),
    "extends": (False, _text),
    "replaces": (False, _text),
    "predicate": (False, _enum(RULE_PREDICATES)),
    "response": (False, _text),
    "enclosed_classes": (False, _list),
    "nu_zones": (False, _text_list),
    "owner_types": (False, _text_list),
    "responses": (False, _mapping),
    "decisions": (False, _mapping),
    "discussion": (False, _bool),
    "status": (True, _enum(STATUSES)),
    "scope": (True, _enum(SCOPES)),
    "text": (True, _text),
    "source": (True, _source),
    "note": (False, _text_or_empty),
}
_RESPONSE_ID_RE = re.compile(r"[1-7](\([1-9]\))?")
_RESPONSE_SPEC = {
    "id": (True, _pattern(_RESPONSE_ID_RE, "a response id such as 3 or 4(3) (quoted)")),
    "type": (True, lambda v: None if isinstance(v, int) and not isinstance(v, bool) and 1 <= v <= 7 else "1..7"),
    "type_name": (True, _text),
    "classes": (True, _text),
    "class_codes": (False, _list),
    "text": (True, _text),
    "discussion": (True, _bool),
    "remark": (True, _text),
    "default_for_scope": (False, _enum(SCOPES)),
    "source": (True, _source),
    "note": (False, _text_or_empty),
}
_LAND_TYPE_SPEC = {
    "id": (True, _pattern(_SNAKE_RE, "an ASCII snake_case id")),
    "name": (True, _text),
    "name_en": (True, _text),
    "names": (True, lambda v: _text_list(v) if v else "a non-empty list of names"),
    "nu_landuse": (False, _text_list),
    "current_use": (False, _text_list),
    "registered": (False, lambda v: None if v in (0, 1) and not isinstance(v, bool) else "0 or 1"),
    "max_width": (False, _pattern(_SNAKE_RE, "a threshold key")),
    "status": (True, _enum(STATUSES)),
    "source": (True, _source),
    "note": (False, _text_or_empty),
}
_FIELD_SPEC = {
    "name": (True, _pattern(_SNAKE_RE, "an ASCII snake_case field name")),
    "alias_zh": (True, _text),
    "alias_en": (True, _text),
    "type": (True, _enum(FIELD_TYPES)),
    "required": (True, _bool),
    "length": (False, _int),
    "precision": (False, _int),
    "pattern": (False, _text),
    "allowed": (False, _list),
    "example": (False, _anything),
    "blank_when": (False, _mapping),
    "description_zh": (True, _text),
    "description_en": (True, _text),
    "source_names": (True, _text_list),
    "source": (True, _source),
    "note": (False, _text_or_empty),
}
_STEP_SPEC = {
    "id": (True, _pattern(_SNAKE_RE, "an ASCII snake_case id")),
    "classes": (True, lambda v: None if isinstance(v, list) and v else "a non-empty list of class codes"),
    "side": (False, _enum(SIDES)),
    "description": (True, _text),
    "source": (True, _source),
    "note": (False, _text_or_empty),
}
_PRESET_SPEC = {
    "id": (True, _pattern(_SNAKE_RE, "an ASCII snake_case preset id")),
    "name": (True, _text),
    "name_en": (False, _text),
    "county": (False, _text),
    "source": (True, _source),
    "table17": (False, _mapping),
    "remark": (False, _text_or_empty),
    "note": (False, _text_or_empty),
}
_SPEC = {
    "classes": _CLASS_SPEC,
    "indicators": _INDICATOR_SPEC,
    "context_layers": _CONTEXT_SPEC,
    "non_indicators": _NON_INDICATOR_SPEC,
    "thresholds": _THRESHOLD_SPEC,
    "switches": _SWITCH_SPEC,
    "sporadic_rules": _RULE_SPEC,
    "standard_responses": _RESPONSE_SPEC,
    "land_types": _LAND_TYPE_SPEC,
    "parcel_fields": _FIELD_SPEC,
}
# Keys every method step may carry besides its own parameters.
_STEP_MODIFIERS = ("type", "side", "switch", "equals", "note")
# Parameters per method type: name → (required, check).
_METHOD_PARAMS: dict[str, dict[str, tuple[bool, _Check]]] = {
    "extent": {},
    "attribute_filter": {
        "fields": (True, lambda v: _text_list(v) if v else "a non-empty list of field names"),
        "values": (True, lambda v: None if isinstance(v, list) and v else "a non-empty list of values"),
        "match": (False, _enum(MATCH_MODES)),
    },
    "clip_to": {"context": (False, _text), "indicator": (False, _text), "parcels": (False, _mapping)},
    "polygons_only": {"reason": (True, _text)},
    "derived": {"include": (True, _list), "intersect": (False, _list), "subtract": (False, _list)},
    "switch": {},
    "boundary_mode": {
        "mode_switch": (True, _text),
        "priority_switch": (False, _text),
        "lines": (True, _mapping),
        # added (issue #3): the mode words meaning "union of the lines" / "per stretch", the justification switch
        "widest": (False, _text),
        "per_segment": (False, _text),
        "justification_switch": (False, _text),
    },
    "residual": {"context": (True, _text), "minus_classes": (True, _list)},
    # added (issue #3), see rules/README.md and core/delineation.py
    "qualify": {
        "group": (True, _enum(QUALIFY_GROUPS)),
        "tests": (True, lambda v: None if isinstance(v, list) and v else "a non-empty list of {min_area, use_share}"),
        "uses_switch": (False, _text),
        "fail_reason": (False, _text),
        # added (issue #4 follow-up): a failing group keeps the class, pending this unit rule (e.g. SPZ-D)
        "defer_to": (False, _text),
    },
    "rural_nature": {
        "near": (True, _text),
        "max_distance": (True, _text),
        "development_rate": (True, _text),
        "development_rate_fields": (True, _text_list),
        "non_agri_share": (True, _text),
        "non_agri_fields": (True, _text_list),
        "nature_fields": (True, _text_list),
        "method_switch": (True, _text),
        "plan_value": (True, _anything),
        "rule_ids": (True, _mapping),
    },
}


# ================================================================================================================
# Building the RuleSet from merged records
# ================================================================================================================
def _src(v: Any) -> str:
    return "; ".join(v) if isinstance(v, list) else str(v)


class _Builder:
    """Turns the merged records into the immutable definitions, validating each section and its references.

    Order matters: parcel fields and classes first (everything refers to them), then thresholds, switches and
    context roles, then indicators and sporadic rules that refer to those, then precedence and the local rules.
    """

    def __init__(self, state: _State, national: dict, preset: PresetInfo | None):
        self.state = state
        self.recs = state.records
        self.national = national
        self.preset = preset

    def build(self) -> RuleSet:
        for section, spec in _SPEC.items():
            for rec in self.recs[section].values():
                _check_fields(rec, rec.data, spec)
        fields = self.parcel_fields()
        self.field_by_name = {f.name: f for f in fields}
        classes = self.classes()
        self.class_side = {c.code: c.side for c in classes}
        thresholds = self.thresholds(classes)
        switches = self.switches()
        contexts = self.context_layers()
        non_indicators = self.non_indicators()
        indicators = self.indicators(switches, {c.role for c in contexts}, thresholds)
        responses = self.standard_responses()
        land_types = self.land_types(thresholds)
        rules = self.sporadic_rules(thresholds, switches)
        precedence = _check_precedence(self.state, self.check_code, [c.code for c in classes])
        marine = _check_marine_precedence(self.state, self.check_code, [c.code for c in classes if c.side == "sea"])
        documents = _check_documents(self.state, self.class_side, self.field_by_name, thresholds, rules)
        marine_rules = _check_marine(self.state, self.class_side, thresholds, switches)
        checking = _check_checking(self.state, self.class_side, self.response_ids)

        local_rules = _local_rules(self.state, self.national)
        local_by_key = {r.key: r for r in local_rules}
        thresholds = {k: _mark(t, local_by_key, f"thresholds.{k}") for k, t in thresholds.items()}
        switches = {k: _mark(s, local_by_key, f"switches.{k}") for k, s in switches.items()}
        rules = [_mark_rule(r, local_by_key) for r in rules]
        return RuleSet(
            classes=tuple(classes),
            indicators=tuple(indicators),
            context_layers=tuple(contexts),
            non_indicators=tuple(non_indicators),
            thresholds=MappingProxyType(thresholds),
            switches=MappingProxyType(switches),
            precedence=precedence,
            marine_precedence=marine,
            sporadic_rules=tuple(rules),
            parcel_schema=tuple(fields),
            local_rules=tuple(local_rules),
            preset_id=self.preset.id if self.preset else None,
            preset=self.preset,
            sources=tuple(self.state.sources),
            standard_responses=tuple(responses),
            land_types=tuple(land_types),
            **documents,
            marine=marine_rules,
            checking=checking,
        )

    def check_code(self, rec: _Rec | _Whole, rel: str, code: Any, side: str | None = None) -> None:
        """Raise unless ``code`` is a known class (of ``side`` when given)."""
        if not isinstance(code, str) or code not in self.class_side:
            raise rec.error(rel, f"unknown class code {code!r}", "one of: " + ", ".join(self.class_side))
        if side is not None and self.class_side[code] != side:
            problem = f"class {code} is a {self.class_side[code]} class, listed under '{side}'"
            raise rec.error(rel, problem, f"a {side} class")

    # ------------------------------------------------------------------------------------------------ sections
    def parcel_fields(self) -> list[FieldDef]:
        fields = []
        for rec in self.recs["parcel_fields"].values():
            d = rec.data
            if "pattern" in d:
                try:
                    re.compile(d["pattern"])
                except re.error as exc:
                    raise rec.error("pattern", f"invalid regular expression ({exc})", "a Python regex") from exc
            if "precision" in d and d["type"] != "double":
                raise rec.error("precision", "precision on a non-double field", "precision only for type double")
            fields.append(
                FieldDef(
                    name=d["name"],
                    alias_zh=d["alias_zh"],
                    alias_en=d["alias_en"],
                    type=d["type"],
                    required=d["required"],
                    description_zh=d["description_zh"],
                    description_en=d["description_en"],
                    source_names=tuple(d["source_names"]),
                    source=_src(d["source"]),
                    length=d.get("length"),
                    precision=d.get("precision"),
                    pattern=d.get("pattern"),
                    allowed=tuple(d.get("allowed", ())),
                    example=d.get("example"),
                    blank_when=_ro(d.get("blank_when")),
                )
            )
        return fields

    def classes(self) -> list[ClassDef]:
        classes = []
        orders: dict[int, str] = {}
        for rec in self.recs["classes"].values():
            d = rec.data
            if d["order"] in orders:
                raise rec.error("order", f"order {d['order']} already used by {orders[d['order']]}", "a unique order")
            orders[d["order"]] = d["code"]
            variants = []
            for i, v in enumerate(d.get("variants", [])):
                if not isinstance(v, dict):
                    raise rec.error(
                        f"variants[{i}]", f"variant is a {_type_name(v)}", "a mapping (id, suffix, aliases)"
                    )
                _check_fields(rec, v, _VARIANT_SPEC, f"variants[{i}].")
                variants.append(
                    ClassVariant(
                        id=v["id"],
                        suffix=v["suffix"],
                        suffix_en=v.get("suffix_en", ""),
                        aliases=tuple(v["aliases"]),
                        source=_src(v["source"]),
                    )
                )
            classes.append(
                ClassDef(
                    code=d["code"],
                    short=d["short"],
                    name=d["name"],
                    name_certificate=d["name_certificate"],
                    name_en=d["name_en"],
                    family=d["family"],
                    family_name=d["family_name"],
                    family_en=d["family_en"],
                    order=d["order"],
                    side=d["side"],
                    color=d["color"],
                    aliases=tuple(d["aliases"]),
                    consulted_agency=d["consulted_agency"],
                    source=_src(d["source"]),
                    principle=d.get("principle", ""),
                    variants=tuple(variants),
                )
            )
        _check_class_aliases(self.recs["classes"])
        return sorted(classes, key=lambda c: c.order)

    def thresholds(self, classes: list[ClassDef]) -> dict[str, Threshold]:
        out: dict[str, Threshold] = {}
        for rec in self.recs["thresholds"].values():
            d = rec.data
            value = d["value"]
            if d["unit"] == "date":
                try:
                    value = _as_date(value)
                except (TypeError, ValueError):
                    raise rec.error("value", f"value is {_shown(value)}", "an ISO date YYYY-MM-DD") from None
            elif not _is_number(value):
                raise rec.error("value", f"value is {_shown(value)}", f"a number (unit {d['unit']})")
            elif d["unit"] == "ratio" and not 0 <= value <= 1:
                raise rec.error("value", f"ratio {value} outside 0..1", "a ratio between 0 and 1 (80 % = 0.8)")
            applies = [c.code for c in classes] if d["applies_to"] == "all" else d["applies_to"]
            for i, code in enumerate(applies):
                self.check_code(rec, f"applies_to[{i}]", code)
            out[d["key"]] = Threshold(
                key=d["key"],
                value=value,
                unit=d["unit"],
                op=d["op"],
                applies_to=tuple(applies),
                status=d["status"],
                source=_src(d["source"]),
                display=d.get("display", ""),
                text=d.get("text", ""),
                note=d.get("note", ""),
            )
        return out

    def switches(self) -> dict[str, SwitchDef]:
        out: dict[str, SwitchDef] = {}
        for rec in self.recs["switches"].values():
            d = rec.data
            _check_switch_value(rec, d, self.class_side)
            nat = self.national["records"]["switches"].get(d["key"], {}).get("default", d["default"])
            out[d["key"]] = SwitchDef(
                key=d["key"],
                type=d["type"],
                value=_freeze(d["default"]),
                national_default=_freeze(nat),
                status=d["status"],
                source=_src(d["source"]),
                allowed=tuple(d.get("allowed", ())),
                allowed_en=tuple(d.get("allowed_en", ())),
                group=d.get("group"),
                description=d.get("description", ""),
            )
        return out

    def context_layers(self) -> list[ContextLayerDef]:
        out = []
        for rec in self.recs["context_layers"].values():
            d = rec.data
            if ("aliases" in d) == ("indicator" in d):
                raise rec.error("", "a context layer needs either 'aliases' or 'indicator'", "exactly one of the two")
            if "indicator" in d and d["indicator"] not in self.recs["indicators"]:
                raise rec.error("indicator", f"unknown indicator id {d['indicator']!r}", "an id from indicators.yaml")
            out.append(
                ContextLayerDef(
                    role=d["role"],
                    name=d["name"],
                    name_en=d["name_en"],
                    aliases=tuple(d.get("aliases", ())),
                    geometry=d["geometry"],
                    source=_src(d["source"]),
                    indicator=d.get("indicator"),
                    note=d.get("note", ""),
                )
            )
        return out

    def non_indicators(self) -> list[NonIndicatorDef]:
        return [
            NonIndicatorDef(
                id=r.data["id"],
                name=r.data["name"],
                aliases=tuple(r.data["aliases"]),
                reason=r.data["reason"],
                source=_src(r.data["source"]),
                role=r.data.get("role"),
                note=r.data.get("note", ""),
            )
            for r in self.recs["non_indicators"].values()
        ]

    def indicators(
        self, switches: dict[str, SwitchDef], roles: set[str], thresholds: Mapping[str, Threshold] | None = None
    ) -> list[IndicatorDef]:
        refs = _Refs(set(self.recs["indicators"]), roles, switches, self.field_by_name, self.check_code,
                     thresholds or {}, self._rule_predicates())
        out = []
        for rec in self.recs["indicators"].values():
            d = rec.data
            out.append(
                IndicatorDef(
                    id=d["id"],
                    name=d["name"],
                    name_en=d["name_en"],
                    aliases=tuple(d["aliases"]),
                    targets=_check_targets(rec, d["targets"], self.check_code),
                    method=tuple(_check_step(rec, i, step, refs) for i, step in enumerate(d["method"])),
                    status=d["status"],
                    agency=d["agency"],
                    source=_src(d["source"]),
                    condition=d.get("condition", ""),
                    layer_group=d.get("layer_group"),
                    decided_by=d.get("decided_by"),
                    note=d.get("note", ""),
                    rule_id=_check_indicator_rule_id(rec, d),
                )
            )
        _check_layer_aliases(self.recs)
        return out

    def _rule_predicates(self) -> dict[str, str | None]:
        """The predicate of every sporadic rule (its own, else that of the rule it extends), for the references of
        the method steps (a qualify step's ``defer_to``)."""
        data = {rid: rec.data for rid, rec in self.recs["sporadic_rules"].items()}
        out = {}
        for rid in data:
            seen, cur = set(), rid
            while cur in data and cur not in seen and not data[cur].get("predicate"):
                seen.add(cur)
                cur = data[cur].get("extends")
            out[rid] = data[cur].get("predicate") if cur in data else None
        return out

    def standard_responses(self) -> list[StandardResponse]:
        out = []
        for rec in self.recs["standard_responses"].values():
            d = rec.data
            for i, code in enumerate(d.get("class_codes", [])):
                self.check_code(rec, f"class_codes[{i}]", code)
            out.append(
                StandardResponse(
                    id=d["id"],
                    type=d["type"],
                    type_name=d["type_name"],
                    classes=d["classes"],
                    text=d["text"],
                    discussion=d["discussion"],
                    remark=d["remark"],
                    source=_src(d["source"]),
                    class_codes=tuple(d.get("class_codes", ())),
                    default_for_scope=d.get("default_for_scope"),
                    note=d.get("note", ""),
                )
            )
        self.response_ids = {r.id for r in out}
        return out

    def land_types(self, thresholds: dict[str, Threshold]) -> list[LandType]:
        out, names = [], {}
        uses = self.field_by_name.get("nu_landuse")
        for rec in self.recs["land_types"].values():
            d = rec.data
            for i, use in enumerate(d.get("nu_landuse", [])):
                if uses is not None and uses.allowed and use not in uses.allowed:
                    raise rec.error(f"nu_landuse[{i}]", f"unknown land-use category {use!r}", "a nu_landuse value")
            if "max_width" in d and d["max_width"] not in thresholds:
                raise rec.error("max_width", f"unknown threshold {d['max_width']!r}", "a key from thresholds.yaml")
            for i, name in enumerate(d["names"]):
                if names.get(name, d["id"]) != d["id"]:
                    raise rec.error(f"names[{i}]", f"name {name!r} already used by {names[name]!r}", "a unique name")
                names[name] = d["id"]
            out.append(
                LandType(
                    id=d["id"],
                    name=d["name"],
                    name_en=d["name_en"],
                    names=tuple(d["names"]),
                    status=d["status"],
                    source=_src(d["source"]),
                    nu_landuse=tuple(d.get("nu_landuse", ())),
                    current_use=tuple(d.get("current_use", ())),
                    registered=d.get("registered"),
                    max_width=d.get("max_width"),
                    note=d.get("note", ""),
                )
            )
        self.land_type_names = set(names)
        return out

    def _check_rule_refs(self, rec: _Rec) -> None:
        """The issue-#4 fields of a sporadic rule: response, gap types, classes and parcel values it names."""
        d = rec.data
        if "response" in d and d["response"] not in getattr(self, "response_ids", set()):
            raise rec.error("response", f"unknown standard response {d['response']!r}", "an id of standard_responses")
        for outcome, value in d.get("decisions", {}).items():
            if value not in ("proposed", "accepted", "refused"):
                raise rec.error(f"decisions.{outcome}", f"unknown decision {value!r}", "proposed, accepted or refused")
        for outcome, rid in d.get("responses", {}).items():
            if rid not in getattr(self, "response_ids", set()):
                raise rec.error(f"responses.{outcome}", f"unknown standard response {rid!r}",
                                "an id of standard_responses")
        for i, name in enumerate(d.get("gap_types", [])):
            if self.recs["land_types"] and name not in getattr(self, "land_type_names", set()):
                raise rec.error(f"gap_types[{i}]", f"unknown gap type {name!r}", "a name of land_types")
        for i, code in enumerate(d.get("enclosed_classes", [])):
            self.check_code(rec, f"enclosed_classes[{i}]", code)
        for key, fname in (("nu_zones", "nu_zone"), ("owner_types", "owner_type")):
            fdef = self.field_by_name.get(fname)
            for i, value in enumerate(d.get(key, [])):
                if fdef is not None and fdef.allowed and value not in fdef.allowed:
                    raise rec.error(f"{key}[{i}]", f"value {value!r} not allowed for {fname}", "a value of " + fname)

    def sporadic_rules(self, thresholds: dict[str, Threshold], switches: dict[str, SwitchDef]) -> list[SporadicRule]:
        rule_ids = set(self.recs["sporadic_rules"])
        landuse = self.field_by_name.get("nu_landuse")
        allowed_uses = landuse.allowed if landuse else ()
        out = []
        for rec in self.recs["sporadic_rules"].values():
            d = rec.data
            for i, code in enumerate(d["classes"]):
                self.check_code(rec, f"classes[{i}]", code)
            for pname, tkey in d["params"].items():
                if tkey not in thresholds:
                    raise rec.error(f"params.{pname}", f"unknown threshold {tkey!r}", "a key from thresholds.yaml")
            if "switch" in d:
                _check_switch_ref(rec, "switch", d["switch"], switches, ("bool",))
            for ref in ("extends", "replaces"):
                if ref in d and d[ref] not in rule_ids:
                    raise rec.error(ref, f"unknown rule id {d[ref]!r}", "an id from sporadic_rules")
            for i, use in enumerate(d.get("land_uses", [])):
                if allowed_uses and use not in allowed_uses:
                    problem = f"unknown land-use category {use!r}"
                    raise rec.error(f"land_uses[{i}]", problem, "a nu_landuse value of parcel_schema.yaml")
            self._check_rule_refs(rec)
            out.append(
                SporadicRule(
                    id=d["id"],
                    name=d["name"],
                    name_en=d["name_en"],
                    classes=tuple(d["classes"]),
                    kind=d["kind"],
                    mode=d["mode"],
                    params=_ro(d["params"]),
                    status=d["status"],
                    scope=d["scope"],
                    text=d["text"],
                    source=_src(d["source"]),
                    code=d.get("code"),
                    switch=d.get("switch"),
                    land_uses=tuple(d.get("land_uses", ())),
                    gap_types=tuple(d.get("gap_types", ())),
                    requires=d.get("requires", ""),
                    extends=d.get("extends"),
                    replaces=d.get("replaces"),
                    note=d.get("note", ""),
                    predicate=d.get("predicate"),
                    response=d.get("response"),
                    enclosed_classes=tuple(d.get("enclosed_classes", ())),
                    nu_zones=tuple(d.get("nu_zones", ())),
                    owner_types=tuple(d.get("owner_types", ())),
                    responses=_ro(d.get("responses")),
                    decisions=_ro(d.get("decisions")),
                    discussion=d.get("discussion", False),
                )
            )
        return out


@dataclass(frozen=True)
class _Refs:
    """What method steps may refer to."""

    indicator_ids: set[str]
    roles: set[str]
    switches: dict[str, SwitchDef]
    fields: dict[str, FieldDef]
    check_code: Callable[..., None]
    thresholds: Mapping[str, Threshold] = field(default_factory=dict)  # added (issue #3): qualify / rural_nature
    rule_predicates: Mapping[str, str | None] = field(default_factory=dict)  # sporadic rule id -> predicate


def _freeze(v: Any) -> Any:
    if isinstance(v, dict):
        return MappingProxyType({k: _freeze(x) for k, x in v.items()})
    if isinstance(v, list):
        return tuple(_freeze(x) for x in v)
    return v


def _mark(obj: Any, local_by_key: dict[str, LocalRule], key: str) -> Any:
    hits = [r for k, r in local_by_key.items() if k == key or k.startswith(key + ".")]
    if not hits:
        return obj
    return _replace(obj, scope=LOCAL_SCOPE, local_source=hits[0].source)


def _mark_rule(rule: SporadicRule, local_by_key: dict[str, LocalRule]) -> SporadicRule:
    key = f"sporadic_rules.{rule.id}"
    hits = [r for k, r in local_by_key.items() if k == key or k.startswith(key + ".")]
    if not hits:
        return rule
    scope = rule.scope if rule.scope in (LOCAL_SCOPE, "特殊個案") else LOCAL_SCOPE
    return _replace(rule, scope=scope, local_source=hits[0].source)


def _replace(obj: Any, **changes: Any) -> Any:
    return dataclasses.replace(obj, **changes)


def _check_switch_value(rec: _Rec, d: dict, class_side: dict[str, str]) -> None:
    typ, value, allowed = d["type"], d["default"], d.get("allowed")
    if typ in ("enum", "list") and not allowed:
        raise rec.error("allowed", f"a {typ} switch without 'allowed'", "the list of allowed values")
    checks = {
        "bool": (lambda v: isinstance(v, bool), "true or false"),
        "int": (lambda v: isinstance(v, int) and not isinstance(v, bool), "an integer"),
        "float": (_is_number, "a number"),
        "text": (lambda v: isinstance(v, str), "a text"),
        "enum": (lambda v: isinstance(v, (str, int)) and not isinstance(v, bool), "one allowed value"),
        "list": (lambda v: isinstance(v, list), "a list of allowed values"),
        "class_map": (lambda v: isinstance(v, dict), "a mapping class code → true/false"),
    }
    ok, expected = checks[typ]
    if not ok(value):
        raise rec.error("default", f"value is {_shown(value)}", f"{expected} (switch type {typ})")
    if typ in ("enum", "int") and allowed and value not in allowed:
        raise rec.error("default", f"value {value!r} not allowed", "one of: " + ", ".join(map(str, allowed)))
    if typ == "list":
        for i, item in enumerate(value):
            if item not in allowed:
                raise rec.error(
                    f"default[{i}]", f"value {item!r} not allowed", "one of: " + ", ".join(map(str, allowed))
                )
    if typ == "class_map":
        for code, flag in value.items():
            if code not in class_side:
                raise rec.error(f"default.{code}", f"unknown class code {code!r}", "one of: " + ", ".join(class_side))
            if not isinstance(flag, bool):
                raise rec.error(f"default.{code}", f"value is {_shown(flag)}", "true or false")


def _check_switch_ref(rec: _Rec, rel: str, key: Any, switches: dict[str, SwitchDef], types: Sequence[str]) -> SwitchDef:
    if key not in switches:
        raise rec.error(rel, f"unknown switch {key!r}", "a key from switches.yaml")
    sw = switches[key]
    if types and sw.type not in types:
        raise rec.error(rel, f"switch {key} has type {sw.type}", "a switch of type " + " or ".join(types))
    return sw


def _check_targets(rec: _Rec, targets: dict, check_code: Callable) -> Mapping[str, tuple[str, ...]]:
    if not targets:
        raise rec.error("targets", "no target", "{land: CODE} and/or {sea: CODE}")
    out = {}
    for side, value in targets.items():
        if side not in SIDES:
            raise rec.error(f"targets.{side}", f"unknown side '{side}'", "land or sea")
        codes = value if isinstance(value, list) else [value]
        if not codes:
            raise rec.error(f"targets.{side}", "empty list", "a class code or a non-empty list of codes")
        for i, code in enumerate(codes):
            check_code(rec, f"targets.{side}" + (f"[{i}]" if isinstance(value, list) else ""), code, side)
        out[side] = tuple(codes)
    return _ro(out)


def _check_term(rec: _Rec, rel: str, term: Any, refs: _Refs) -> None:
    """A term of ``derived`` / the source of ``clip_to``: one of self / indicator / context / parcels."""
    keys = ("self", "indicator", "context", "parcels")
    if not isinstance(term, dict) or len(term) != 1 or next(iter(term)) not in keys:
        expected = "exactly one of {self: true} {indicator: ID} {context: ROLE} {parcels: {FIELD: [values]}}"
        raise rec.error(rel, f"term is {_shown(term)}", expected)
    if "self" in term and term["self"] is not True:
        raise rec.error(f"{rel}.self", "self must be true", "{self: true}")
    if "indicator" in term and term["indicator"] not in refs.indicator_ids:
        raise rec.error(f"{rel}.indicator", f"unknown indicator id {term['indicator']!r}", "an id from indicators.yaml")
    if "context" in term and term["context"] not in refs.roles:
        raise rec.error(f"{rel}.context", f"unknown context role {term['context']!r}", "a role from context_layers")
    if "parcels" in term:
        _check_parcel_filter(rec, f"{rel}.parcels", term["parcels"], refs.fields)


def _check_parcel_filter(rec: _Rec, rel: str, flt: Any, fields: dict) -> None:
    if not isinstance(flt, dict) or not flt:
        raise rec.error(rel, f"filter is {_shown(flt)}", "a mapping {parcel_field: [values]}")
    for fname, values in flt.items():
        if fname not in fields:
            raise rec.error(f"{rel}.{fname}", f"unknown parcel field {fname!r}", "a field of parcel_schema.yaml")
        if not isinstance(values, list) or not values:
            raise rec.error(f"{rel}.{fname}", f"values are {_shown(values)}", "a non-empty list of values")
        allowed = fields[fname].allowed
        for i, v in enumerate(values):
            if allowed and v not in allowed:
                raise rec.error(
                    f"{rel}.{fname}[{i}]",
                    f"value {v!r} not allowed for {fname}",
                    "one of: " + ", ".join(map(repr, allowed)),
                )


def _check_step(rec: _Rec, i: int, step: Any, refs: _Refs) -> MethodStep:
    """Validate method step ``i`` of an indicator record and return it as a :class:`MethodStep`."""
    rel = f"method[{i}]"
    if not isinstance(step, dict) or "type" not in step:
        raise rec.error(rel, f"step is {_shown(step)}", "a mapping with 'type: <method type>'")
    typ = step["type"]
    if typ not in METHOD_TYPES:
        raise rec.error(f"{rel}.type", f"unknown method type {typ!r}", "one of: " + ", ".join(METHOD_TYPES))
    spec = dict(_METHOD_PARAMS[typ])
    spec.update({m: (False, _anything) for m in _STEP_MODIFIERS})
    _check_fields(rec, step, spec, rel + ".")
    if "side" in step and step["side"] not in SIDES:
        raise rec.error(f"{rel}.side", f"unknown side {step['side']!r}", "land or sea")
    sw = step.get("switch")
    if typ == "switch" and sw is None:
        raise rec.error(rel, "a switch step without 'switch'", "'switch: <switch key>'")
    if sw is not None:
        swdef = _check_switch_ref(rec, f"{rel}.switch", sw, refs.switches, ())
        equals = step.get("equals", True)
        if swdef.type == "bool" and not isinstance(equals, bool):
            raise rec.error(f"{rel}.equals", f"equals is {_shown(equals)}", "true or false for a bool switch")
    params = {k: v for k, v in step.items() if k not in _STEP_MODIFIERS}
    if typ == "clip_to":
        given = [k for k in ("context", "indicator", "parcels") if k in step]
        if len(given) != 1:
            raise rec.error(rel, "clip_to needs exactly one of context / indicator / parcels", "one clip source")
        _check_term(rec, rel, {given[0]: step[given[0]]}, refs)
    elif typ == "derived":
        for part in ("include", "intersect", "subtract"):
            for j, term in enumerate(step.get(part, [])):
                _check_term(rec, f"{rel}.{part}[{j}]", term, refs)
        if not step["include"]:
            raise rec.error(f"{rel}.include", "empty include", "at least one term")
    elif typ == "boundary_mode":
        mode = _check_switch_ref(rec, f"{rel}.mode_switch", step["mode_switch"], refs.switches, ("enum",))
        if "priority_switch" in step:
            _check_switch_ref(rec, f"{rel}.priority_switch", step["priority_switch"], refs.switches, ("list",))
        for line_name, role in step["lines"].items():
            if line_name not in mode.allowed:
                raise rec.error(
                    f"{rel}.lines.{line_name}", f"unknown line {line_name!r}", "a value of switch " + mode.key
                )
            if role != "self" and role not in refs.roles:
                raise rec.error(
                    f"{rel}.lines.{line_name}", f"unknown context role {role!r}", "'self' or a context role"
                )
    elif typ == "residual":
        if step["context"] not in refs.roles:
            raise rec.error(f"{rel}.context", f"unknown context role {step['context']!r}", "a role from context_layers")
        for j, code in enumerate(step["minus_classes"]):
            refs.check_code(rec, f"{rel}.minus_classes[{j}]", code)
    elif typ in ("qualify", "rural_nature"):
        _check_delineation_step(rec, rel, typ, step, refs)
    if typ == "boundary_mode" and "justification_switch" in step:
        _check_switch_ref(rec, f"{rel}.justification_switch", step["justification_switch"], refs.switches, ("text",))
    return MethodStep(
        type=typ, params=_freeze(params), side=step.get("side"), switch=sw, equals=step.get("equals", True)
    )


def _rule_id_value(v: Any) -> str | None:
    """``rule_id`` of an indicator: a rule id, or ``{land: id, sea: id}`` (added for issue #3)."""
    values = v.values() if isinstance(v, dict) and v and set(v) <= set(SIDES) else [v]
    for x in values:
        if not isinstance(x, str) or not _RULE_ID_RE.fullmatch(x):
            return "a rule id such as CON1-4 (A-Z, 0-9, '-') or {land: ID, sea: ID}"
    return None


def _check_indicator_rule_id(rec: _Rec, d: dict) -> Any:
    """The indicator's ``rule_id`` (a per-side mapping may only name sides the indicator targets)."""
    rid = d.get("rule_id", "")
    if isinstance(rid, dict):
        for side in rid:
            if side not in d["targets"]:
                raise rec.error(f"rule_id.{side}", f"the indicator has no {side} target", "a side of 'targets'")
        return _ro(rid)
    return rid


def _check_delineation_step(rec: _Rec, rel: str, typ: str, step: dict, refs: _Refs) -> None:
    """References of the ``qualify`` and ``rural_nature`` steps (thresholds, switches, roles), added for issue #3."""

    def threshold(path: str, key: Any) -> None:
        if key not in refs.thresholds:
            raise rec.error(path, f"unknown threshold {key!r}", "a key from thresholds.yaml")

    if typ == "qualify":
        for j, test in enumerate(step["tests"]):
            if not isinstance(test, dict) or not test or set(test) - {"min_area", "use_share"}:
                raise rec.error(f"{rel}.tests[{j}]", f"test is {_shown(test)}", "a mapping with min_area and/or use_share")
            for name, key in test.items():
                threshold(f"{rel}.tests[{j}].{name}", key)
            if "use_share" in test and "uses_switch" not in step:
                raise rec.error(rel, "use_share without uses_switch", "'uses_switch: <text switch of current uses>'")
        if "uses_switch" in step:
            _check_switch_ref(rec, f"{rel}.uses_switch", step["uses_switch"], refs.switches, ("text", "list"))
        if step.get("defer_to") and refs.rule_predicates:  # (a partial rule set without sporadic rules: unchecked)
            rid = step["defer_to"]
            if rid not in refs.rule_predicates:
                raise rec.error(f"{rel}.defer_to", f"unknown rule id {rid!r}", "an id from sporadic_rules")
            if refs.rule_predicates[rid] != "min_total":
                raise rec.error(f"{rel}.defer_to", f"rule {rid} has predicate {refs.rule_predicates[rid]!r}",
                                "a unit rule with predicate min_total (e.g. SPZ-D)")
        return
    if step["near"] not in refs.roles:
        raise rec.error(f"{rel}.near", f"unknown context role {step['near']!r}", "a role from context_layers")
    for name in ("max_distance", "development_rate", "non_agri_share"):
        threshold(f"{rel}.{name}", step[name])
    _check_switch_ref(rec, f"{rel}.method_switch", step["method_switch"], refs.switches, ("enum",))
    for name, rid in step["rule_ids"].items():
        if name not in ("plan", "distance", "population", "default") or not _RULE_ID_RE.fullmatch(str(rid)):
            raise rec.error(f"{rel}.rule_ids.{name}", f"{name}: {rid!r}", "plan / distance / population / default: a rule id")


def _check_class_aliases(records: dict[Any, _Rec]) -> None:
    seen: dict[str, tuple[tuple[str, str | None], _Rec, str]] = {}

    def add(text: str, target: tuple[str, str | None], rec: _Rec, rel: str) -> None:
        norm = normalize_name(text)
        if norm in seen and seen[norm][0] != target:
            other = seen[norm][0]
            raise rec.error(
                rel,
                f"alias {text!r} also names {other[0]}{'/' + other[1] if other[1] else ''}",
                "each alias to name one class",
            )
        seen.setdefault(norm, (target, rec, rel))

    for rec in records.values():
        d = rec.data
        target = (d["code"], None)
        for f in ("code", "short", "name", "name_certificate"):
            add(d[f], target, rec, f)
        for i, a in enumerate(d["aliases"]):
            add(a, target, rec, f"aliases[{i}]")
    for rec in records.values():
        for i, v in enumerate(rec.data.get("variants", [])):
            for j, a in enumerate(v["aliases"]):
                add(a, (rec.data["code"], v["id"]), rec, f"variants[{i}].aliases[{j}]")


def _check_layer_aliases(recs: dict[str, dict[Any, _Rec]]) -> None:
    """A layer name must resolve to one thing: aliases may be shared only inside one indicator layer_group."""
    seen: dict[str, tuple[str, str, str | None]] = {}  # norm → (kind, id, layer_group)

    def add(text: str, kind: str, ident: str, group: str | None, rec: _Rec, rel: str) -> None:
        norm = normalize_name(text)
        if norm in seen:
            okind, oid, ogroup = seen[norm]
            same = (okind, oid) == (kind, ident)
            shared = kind == okind == "indicator" and group is not None and group == ogroup
            if not (same or shared):
                raise rec.error(
                    rel,
                    f"alias {text!r} already names {okind} '{oid}'",
                    "each layer name to resolve to one indicator / context layer / non-indicator "
                    "(indicators may share a layer name only inside one layer_group)",
                )
            return
        seen[norm] = (kind, ident, group)

    for rec in recs["indicators"].values():
        d = rec.data
        add(d["name"], "indicator", d["id"], d.get("layer_group"), rec, "name")
        for i, a in enumerate(d["aliases"]):
            add(a, "indicator", d["id"], d.get("layer_group"), rec, f"aliases[{i}]")
    for rec in recs["context_layers"].values():
        d = rec.data
        if "aliases" in d:
            add(d["name"], "context", d["role"], None, rec, "name")
            for i, a in enumerate(d["aliases"]):
                add(a, "context", d["role"], None, rec, f"aliases[{i}]")
    for rec in recs["non_indicators"].values():
        d = rec.data
        add(d["name"], "non_indicator", d["id"], None, rec, "name")
        for i, a in enumerate(d["aliases"]):
            add(a, "non_indicator", d["id"], None, rec, f"aliases[{i}]")


def _check_precedence(state: _State, check_code: Callable, all_codes: list[str]) -> tuple[PrecedenceStep, ...]:
    whole = state.whole.get("precedence")
    if whole is None:
        raise RuleSetError(
            RULES_DIR / "precedence.yaml", "precedence", None, "no precedence list", "a 'precedence:' section"
        )
    if not isinstance(whole.data, list) or not whole.data:
        raise whole.error("", f"precedence is {_shown(whole.data)}", "a non-empty list of steps")
    steps, seen, ids = [], {}, set()
    for i, step in enumerate(whole.data):
        rel = f"[{i}]"
        if not isinstance(step, dict):
            raise whole.error(rel, f"step is {_shown(step)}", "a mapping with id, classes, description, source")
        _check_fields(whole, step, _STEP_SPEC, rel + ".")
        if step["id"] in ids:
            raise whole.error(rel + ".id", f"duplicate step id {step['id']!r}", "a unique id")
        ids.add(step["id"])
        for j, code in enumerate(step["classes"]):
            check_code(whole, f"{rel}.classes[{j}]", code, step.get("side"))
            if code in seen:
                raise whole.error(
                    f"{rel}.classes[{j}]", f"class {code} already in step {seen[code]!r}", "each class once"
                )
            seen[code] = step["id"]
        steps.append(
            PrecedenceStep(
                id=step["id"],
                classes=tuple(step["classes"]),
                description=step["description"],
                source=_src(step["source"]),
                side=step.get("side"),
            )
        )
    missing = [c for c in all_codes if c not in seen]
    if missing:
        raise whole.error("", "classes missing from precedence: " + ", ".join(missing), "every class exactly once")
    return tuple(steps)


def _check_marine_precedence(state: _State, check_code: Callable, sea_codes: list[str]) -> tuple[str, ...]:
    whole = state.whole.get("marine_precedence")
    if whole is None:
        return tuple(sea_codes)
    spec = {"order": (True, _list), "source": (True, _source), "note": (False, _text_or_empty)}
    if not isinstance(whole.data, dict):
        raise whole.error("", f"marine_precedence is {_shown(whole.data)}", "a mapping with order and source")
    _check_fields(whole, whole.data, spec, ".")
    order = whole.data["order"]
    for j, code in enumerate(order):
        check_code(whole, f".order[{j}]", code, "sea")
    if sorted(order) != sorted(sea_codes) or len(set(order)) != len(order):
        raise whole.error(".order", "marine order must list every sea class once", "; ".join(sea_codes))
    return tuple(order)


def _local_rules(state: _State, national: dict) -> list[LocalRule]:
    """Every record field / whole section that differs from the national snapshot, with its citation.

    Citation = the overlay record's own ``source`` when the overlay gave one, else the file's citation (the preset's
    ``preset.source`` or an overlay's top-level ``source``), else the file path.
    """
    out: list[LocalRule] = []

    def file_cite(doc: _Doc) -> str:
        return state.citations.get(doc.file, doc.file)

    for section, recs in state.records.items():
        nat = national["records"][section]
        id_field = _RECORD_SECTIONS[section]
        for ident, rec in recs.items():
            src_doc = rec.origin["source"][0] if "source" in rec.origin else None
            own_source = (
                rec.data["source"] if src_doc is not None and src_doc.file not in state.national_files else None
            )
            if ident not in nat:
                doc = rec.origin[id_field][0]
                cite = _src(own_source) if own_source else file_cite(doc)
                out.append(LocalRule(f"{section}.{ident}", copy.deepcopy(rec.data), None, cite, doc.file))
                continue
            nat_rec = nat[ident]
            for fname, value in rec.data.items():
                if fname in ("source", "note") or nat_rec.get(fname) == value:
                    continue
                doc = rec.origin[fname][0]
                if section == "switches" and fname == "default":
                    key = f"switches.{ident}"
                elif section == "thresholds" and fname == "value":
                    key = f"thresholds.{ident}"
                else:
                    key = f"{section}.{ident}.{fname}"
                cite = _src(own_source) if own_source else file_cite(doc)
                out.append(LocalRule(key, copy.deepcopy(value), copy.deepcopy(nat_rec.get(fname)), cite, doc.file))
    out.extend(_local_document_rules(state, national, file_cite))
    for section, whole in state.whole.items():
        if national["whole"].get(section) != whole.data:
            nat_value = copy.deepcopy(national["whole"].get(section))
            out.append(LocalRule(section, copy.deepcopy(whole.data), nat_value, file_cite(whole.doc), whole.doc.file))
    return out


# ================================================================================================================
# register.yaml: the register, statistics, certificate and date-format sections (mapping sections)
# ================================================================================================================
class _MapSection:
    """A mapping section merged key by key over several files; remembers which file set each path (for errors)."""

    def __init__(self, section: str):
        self.section = section
        self.data: dict = {}
        self.origin: dict[str, _Doc] = {}  # dotted path (relative to the section) → file that set it

    def merge(self, value: Any, doc: _Doc) -> None:
        if not isinstance(value, dict):
            raise doc.error(self.section, f"'{self.section}' is a {_type_name(value)}", "a mapping")
        self.origin.setdefault("", doc)
        self._merge_into(self.data, value, "", doc)

    def _merge_into(self, target: dict, value: dict, prefix: str, doc: _Doc) -> None:
        for key, item in value.items():
            path = f"{prefix}.{key}" if prefix else str(key)
            if isinstance(item, dict) and isinstance(target.get(key), dict):
                self._merge_into(target[key], item, path, doc)
            else:
                target[key] = copy.deepcopy(item)
                for stale in [p for p in self.origin if p.startswith(path + ".") or p.startswith(path + "[")]:
                    del self.origin[stale]
            self.origin[path] = doc

    def error(self, rel: str, problem: str, expected: str) -> RuleSetError:
        probe = rel
        while probe and probe not in self.origin:
            probe = re.sub(r"(\.[^.\[\]]+|\[\d+\]|^[^.\[\]]+)$", "", probe)
        doc = self.origin.get(probe) or self.origin[""]
        full = f"{self.section}.{rel}" if rel else self.section
        return RuleSetError(doc.file, full, doc.line(full), problem, expected)


_PLACEHOLDER_FORMATTER = string.Formatter()
#: Column ids of the register the code knows how to fill (表28 order).
REGISTER_COLUMN_IDS = (
    "county", "town", "office", "section", "section_name", "parcel_no", "reg_area",
    "before_class", "before_landuse", "after_class", "after_landuse", "remark",
)
_STATISTICS_SHEETS = ("by_class", "by_town", "landuse", "conservation", "changes", "notes")
_DATE_NAMES = ("yyy", "y", "mm", "dd", "m", "d", "hh", "mi")


def _template(*names: str) -> _Check:
    """A text whose ``{placeholders}`` are among ``names`` (``{class:CODE}`` is always allowed)."""

    def check(v: Any) -> str | None:
        if not isinstance(v, str):
            return "a text"
        try:
            parts = list(_PLACEHOLDER_FORMATTER.parse(v))
        except ValueError:
            return "a template with balanced {braces}"
        for _lit, name, spec, conv in parts:
            if name is None:
                continue
            if conv or (name != "class" and name not in names):
                allowed = ", ".join("{" + n + "}" for n in (*names, "class:CODE"))
                return f"a template using only {allowed} (found {{{name}}})"
            if name == "class" and not spec:
                return "{class:CODE} with a class code"
        return None

    return check


def _non_negative_int(v: Any) -> str | None:
    return None if isinstance(v, int) and not isinstance(v, bool) and v >= 0 else "an integer >= 0"


def _positive_number(v: Any) -> str | None:
    return None if _is_number(v) and v > 0 else "a number > 0"


def _ids(rx: re.Pattern, what: str, value_spec: Any) -> tuple:
    return ("map", _pattern(rx, what), value_spec)


_WHEN_SPEC = {
    "classes": (False, _list),
    "variant": (False, _pattern(_SNAKE_RE, "a class variant id such as indigenous")),
    "rule_ids": (False, _text_list),
    "field_equals": (False, _mapping),
    "landuse": (False, _bool),
    "provisional": (False, _bool),
    "partly_excluded": (False, _bool),
}
_TEXT_ITEM_SPEC = {
    "text": (True, _template("landuse")),
    "when": (True, _WHEN_SPEC),
    "status": (True, _enum(STATUSES)),
    "source": (True, _source),
    "note": (False, _text_or_empty),
}
_REGISTER_SPEC = {
    "title": (True, _text),
    "source": (True, _source),
    "columns": (True, ("list", {
        "id": (True, _enum(REGISTER_COLUMN_IDS)),
        "group": (False, _text),
        "header": (True, _text),
        "rule": (True, _text),
        "example": (True, _text),
        "field": (False, _pattern(_SNAKE_RE, "a parcel schema field")),
        "note": (False, _text_or_empty),
        "source": (True, _source),
    })),
    "area_decimals": (True, _non_negative_int),
    "area_source": (True, _source),
    "sort_by": (True, lambda v: _text_list(v) if v else "a non-empty list of column ids"),
    "scope": (True, {
        "excluded_statuses": (True, _text_list),
        "excluded_classes": (True, _list),
        "text": (True, _text),
        "source": (True, _source),
        "partial_classes": (True, _enum(("all_pieces", "registrable_pieces"))),
        "partial_status": (True, _enum(STATUSES)),
        "partial_source": (True, _source),
    }),
    "provisional": (True, {
        "text": (True, _text),
        "source": (True, _source),
        "status": (True, _enum(STATUSES)),
        "parcel_no": (True, _template("n")),
        "start": (True, _non_negative_int),
        "order": (True, _enum(("north_west", "input"))),
        "area": (True, _enum(("computed", "blank"))),
    }),
    "landuse_categories": (True, {
        "names": (True, _text_list),
        "aliases": (True, _mapping),
        "source": (True, _source),
    }),
    "conservation_land": (True, {
        "value": (True, _text),
        "text": (True, _text),
        "source": (True, _source),
        "buildable_landuses": (True, _text_list),
        "buildable_source": (True, _source),
        "agriculture_landuses": (True, _text_list),
        "agriculture_source": (True, _source),
        "designations": (True, _ids(_RULE_ID_RE, "a rule id such as CLU-BUILD", {
            "name": (True, _text),
            "name_en": (True, _text),
            "classes": (True, _list),
            "land_uses": (True, lambda v: None if v in ("buildable", "agriculture") or _text_list(v) is None
                          else "buildable, agriculture or a list of nu_landuse values"),
            "status": (True, _enum(STATUSES)),
            "source": (True, _source),
            "note": (False, _text_or_empty),
        })),
    }),
    "remarks": (True, {
        "numbering": (True, _template("n", "text")),
        "separator": (True, _text_or_empty),
        "items": (True, _ids(_RULE_ID_RE, "a remark id such as REM-4", _TEXT_ITEM_SPEC)),
    }),
    "footer": (True, {
        "text": (True, _text),
        "source": (True, _source),
        "status": (True, _enum(STATUSES)),
        "template": (True, _template("source", "version", "produced")),
        "missing": (True, _text),
    }),
    "xlsx": (True, {
        "sheet_name": (True, _text),
        "sheet_name_more": (True, _template("n")),
        "max_rows": (True, lambda v: None if isinstance(v, int) and not isinstance(v, bool) and v >= 10
                     else "an integer >= 10"),
        "source": (True, _source),
    }),
    "reasons": (True, _ids(_RULE_ID_RE, "a rule id such as REG-ROW", {
        "reason": (True, _template("key")),
        "reason_en": (True, _template("key")),
    })),
}
_STATISTICS_SPEC = {
    "source": (True, _source),
    "area_unit": (True, _text),
    "area_divisor": (True, _positive_number),
    "area_decimals": (True, _non_negative_int),
    "share_decimals": (True, _non_negative_int),
    "sheets": (True, ("map", _enum(_STATISTICS_SHEETS), {
        "title": (True, _text),
        "source": (True, _source),
        "headers": (True, _text_list),
    })),
    "total_label": (True, _text),
    "note_items": (True, ("map", _pattern(_SNAKE_RE, "an ASCII snake_case key"), _template("value"))),
    "blank_landuse": (True, _text),
    "chart_title": (True, _text),
    "town_chart_title": (True, _text),
    "patch_min_area_m2": (True, lambda v: None if _is_number(v) and v >= 0 else "a number of m² >= 0"),
    "change_min_area_m2": (True, lambda v: None if _is_number(v) and v >= 0 else "a number of m² >= 0"),
    "change_min_area_status": (True, _enum(STATUSES)),
    "change_min_area_source": (True, _source),
}
_CERTIFICATE_SPEC = {
    "source": (True, _source),
    "title_land": (True, _template("county")),
    "title_sea": (True, _template("county")),
    "title_source": (True, _source),
    "applicant": (True, _template("applicant")),
    "verification": (True, _template("code")),
    "case_no": (True, _template("case_no")),
    "print_date": (True, _template("date")),
    "header_source": (True, _source),
    "case_no_template": (True, _template("yyy", "county", "letter", "yy", "mm", "dd", "serial")),
    "verification_template": (True, _template("yyy", "letter", "mm", "dd", "digest")),
    "verification_digest_length": (True, lambda v: None if isinstance(v, int) and 4 <= v <= 32
                                   else "an integer between 4 and 32"),
    "verification_status": (True, _enum(STATUSES)),
    "note_land": (True, _template("agency", "phone")),
    "note_sea": (True, _template("agency", "phone")),
    "note_source": (True, _source),
    "columns_land": (True, _text_list),
    "columns_sea": (True, _text_list),
    "columns_source": (True, _source),
    "former_landuse": (True, _template("landuse")),
    "former_landuse_source": (True, _source),
    "control_notes": (True, _ids(_RULE_ID_RE, "a note id such as CTL-URB22-SLOPE", _TEXT_ITEM_SPEC)),
    "map_title": (True, _text),
    "numbering": (True, _template("n", "text")),
    "separator": (True, _text_or_empty),
    "total": (True, _template("count")),
    "page": (True, _template("date", "page", "pages")),
    "footer_source": (True, _source),
}
_DATES_SPEC = {
    "long": (True, _template(*_DATE_NAMES)),
    "short": (True, _template(*_DATE_NAMES)),
    "certificate": (True, _template(*_DATE_NAMES)),
    "datetime": (True, _template(*_DATE_NAMES)),
    "roc_offset": (True, _non_negative_int),
    "source": (True, _source),
}
_DOCUMENT_SPECS = {
    "register": _REGISTER_SPEC,
    "statistics": _STATISTICS_SPEC,
    "certificate": _CERTIFICATE_SPEC,
    "dates": _DATES_SPEC,
}


def _check_doc_value(sec: _MapSection, rel: str, value: Any, spec: Any) -> None:
    """Check ``value`` at ``rel`` against ``spec``: a check function, a field spec mapping, ("list", item spec) or
    ("map", key check, value spec)."""
    if isinstance(spec, dict):
        if not isinstance(value, dict):
            raise sec.error(rel, f"value is {_shown(value)}", "a mapping with: " + ", ".join(spec))
        for name, (required, sub) in spec.items():
            if name not in value:
                if required:
                    raise sec.error(rel, f"missing key '{name}'", f"'{name}:'")
                continue
            _check_doc_value(sec, f"{rel}.{name}" if rel else name, value[name], sub)
        for name in value:
            if name not in spec:
                raise sec.error(f"{rel}.{name}" if rel else str(name), f"unknown key '{name}'",
                                "one of: " + ", ".join(spec))
    elif isinstance(spec, tuple) and spec[0] == "list":
        if not isinstance(value, list) or not value:
            raise sec.error(rel, f"value is {_shown(value)}", "a non-empty list")
        for i, item in enumerate(value):
            _check_doc_value(sec, f"{rel}[{i}]", item, spec[1])
    elif isinstance(spec, tuple) and spec[0] == "map":
        if not isinstance(value, dict):
            raise sec.error(rel, f"value is {_shown(value)}", "a mapping id → entry")
        for key, item in value.items():
            expected = spec[1](key)
            if expected is not None:
                raise sec.error(f"{rel}.{key}", f"key {key!r}", expected)
            _check_doc_value(sec, f"{rel}.{key}", item, spec[2])
    else:
        expected = spec(value)
        if expected is not None:
            raise sec.error(rel, f"value is {_shown(value)}", expected)


def _template_classes(text: str) -> list[str]:
    return [spec for _lit, name, spec, _conv in _PLACEHOLDER_FORMATTER.parse(text) if name == "class"]


def _check_documents(
    state: _State, class_side: Mapping[str, str], fields: Mapping[str, FieldDef], thresholds: Mapping, rules: list
) -> dict[str, Mapping]:
    """Validate the register.yaml sections (structure, templates, class codes, land uses, parcel fields) and return
    them as read-only mappings for :class:`RuleSet` (``register``, ``statistics``, ``certificate``, ``dates``)."""
    out: dict[str, Mapping] = {}
    for section, spec in _DOCUMENT_SPECS.items():
        sec = state.mappings.get(section)
        if sec is None:
            raise RuleSetError(RULES_DIR / "register.yaml", section, None, f"no '{section}' section",
                               f"a '{section}:' section (register.yaml)")
        _check_doc_value(sec, "", sec.data, spec)
        out[section] = _freeze(sec.data)
    landuse = fields.get("nu_landuse")
    allowed_uses = set(landuse.allowed) if landuse else set()

    def check_code(sec: _MapSection, rel: str, code: Any) -> None:
        if not isinstance(code, str) or code not in class_side:
            raise sec.error(rel, f"unknown class code {code!r}", "one of: " + ", ".join(class_side))

    def check_uses(sec: _MapSection, rel: str, uses: Any) -> None:
        for i, use in enumerate(uses):
            if allowed_uses and use not in allowed_uses:
                raise sec.error(f"{rel}[{i}]", f"unknown land-use category {use!r}",
                                "a nu_landuse value of parcel_schema.yaml")

    def check_items(sec: _MapSection, rel: str, items: Mapping) -> None:
        for ident, item in items.items():
            for code in _template_classes(item["text"]):
                check_code(sec, f"{rel}.{ident}.text", code)
            when = item["when"]
            for i, code in enumerate(when.get("classes", ())):
                check_code(sec, f"{rel}.{ident}.when.classes[{i}]", code)

    reg = state.mappings["register"]
    data = reg.data
    ids = [c["id"] for c in data["columns"]]
    if sorted(ids) != sorted(REGISTER_COLUMN_IDS) or len(set(ids)) != len(ids):
        raise reg.error("columns", "columns " + ", ".join(ids), "each of " + ", ".join(REGISTER_COLUMN_IDS) + " once")
    for i, col in enumerate(data["columns"]):
        if "field" in col and col["field"] not in fields:
            raise reg.error(f"columns[{i}].field", f"unknown parcel field {col['field']!r}",
                            "a field of parcel_schema.yaml")
    for i, code in enumerate(data["scope"]["excluded_classes"]):
        check_code(reg, f"scope.excluded_classes[{i}]", code)
    for i, key in enumerate(data["sort_by"]):
        if key not in REGISTER_COLUMN_IDS:
            raise reg.error(f"sort_by[{i}]", f"unknown column {key!r}", "one of: " + ", ".join(REGISTER_COLUMN_IDS))
    cons = data["conservation_land"]
    categories = data["landuse_categories"]["names"]
    if cons["value"] not in categories:
        raise reg.error("conservation_land.value", f"value {cons['value']!r}",
                        "one of landuse_categories.names: " + ", ".join(categories))
    for alias, target in data["landuse_categories"]["aliases"].items():
        if target not in categories:
            raise reg.error(f"landuse_categories.aliases.{alias}", f"target {target!r}",
                            "one of landuse_categories.names")
    check_uses(reg, "conservation_land.buildable_landuses", cons["buildable_landuses"])
    check_uses(reg, "conservation_land.agriculture_landuses", cons["agriculture_landuses"])
    for ident, des in cons["designations"].items():
        rel = f"conservation_land.designations.{ident}"
        for i, code in enumerate(des["classes"]):
            check_code(reg, f"{rel}.classes[{i}]", code)
        if isinstance(des["land_uses"], list):
            check_uses(reg, f"{rel}.land_uses", des["land_uses"])
        if ident not in data["reasons"]:
            raise reg.error(rel, f"designation {ident} has no reason", f"a 'reasons.{ident}' entry")
    check_items(reg, "remarks.items", data["remarks"]["items"])
    for ident in ("REG-ROW", "REG-EXCL", "REG-PROV", "CLU-DECIDED", "CLU-KEPT"):
        if ident not in data["reasons"]:
            raise reg.error("reasons", f"no reason for {ident}", f"a 'reasons.{ident}' entry")
    cert = state.mappings["certificate"]
    check_items(cert, "control_notes", cert.data["control_notes"])
    return out


def _local_document_rules(state: _State, national: dict, file_cite: Callable[[_Doc], str]) -> list[LocalRule]:
    """Every leaf of a register.yaml section that differs from the national value (``register.footer.template``)."""
    out: list[LocalRule] = []

    def leaves(value: Any, prefix: str) -> dict[str, Any]:
        if isinstance(value, dict) and value:
            found: dict[str, Any] = {}
            for key, item in value.items():
                found.update(leaves(item, f"{prefix}.{key}"))
            return found
        return {prefix: value}

    for section, sec in state.mappings.items():
        nat = leaves(national.get("mappings", {}).get(section, {}), section)
        for key, value in leaves(sec.data, section).items():
            if key in nat and nat[key] == value:
                continue
            rel = key[len(section) + 1:]
            doc = sec.origin.get(rel) or sec.origin[""]
            out.append(LocalRule(key, copy.deepcopy(value), copy.deepcopy(nat.get(key)), file_cite(doc), doc.file))
    return out


# ================================================================================================================
# marine.yaml: the marine turning-point table (RULES.md §5), a mapping section merged key by key like register.yaml
# ================================================================================================================
#: Rule ids core/marine.py gives the listed and dropped points (each needs reason / reason_en in marine.yaml).
MARINE_RULE_IDS = ("MAR-PT-TURN", "MAR-PT-JUNC", "MAR-PT-CENTRE", "MAR-PT-MHT", "MAR-PT-URBAN", "MAR-PT-OUTSIDE")


def _number_check(low: float = 0.0, strict: bool = True, integer: bool = False) -> _Check:
    """A number > low (or >= low when not strict); an integer when ``integer``."""

    def check(v: Any) -> str | None:
        ok = (isinstance(v, int) and not isinstance(v, bool)) if integer else _is_number(v)
        if ok and (v > low if strict else v >= low):
            return None
        return f"{'an integer' if integer else 'a number'} {'>' if strict else '>='} {low:g}"

    return check


def _number_list(v: Any) -> str | None:
    if isinstance(v, list) and v and all(_is_number(x) and x > 0 for x in v):
        return None
    return "a non-empty list of numbers > 0"


_MARINE_STATUS = {"status": (True, _enum(STATUSES)), "source": (True, _source), "note": (False, _text_or_empty)}
_MARINE_SPEC = {
    "source": (True, _source),
    "class_order": (True, {"value": (True, _text_list), "text": (True, _text), **_MARINE_STATUS}),
    "remarks": (True, ("map", _pattern(_CODE_RE, "a sea class code such as MAR1_1"), {
        "text": (True, _text),
        "template": (True, _template("class_name", "indicator", "case")),
        "template_no_case": (True, _template("class_name", "indicator")),
        "switch": (False, _pattern(_SNAKE_RE, "a bool switch key")),
        "template_switched": (False, _template("class_name", "indicator", "case")),
        **_MARINE_STATUS,
    })),
    "centre": (True, {
        "text": (True, _text),
        "label_text": (True, _text),
        "label_suffix": (True, _text),
        "template": (True, _template("remark")),
        **_MARINE_STATUS,
    }),
    "point_types": (True, {"turning": (True, _text), "junction": (True, _text), "centre": (True, _text)}),
    "rules": (True, ("map", _pattern(_RULE_ID_RE, "a rule id such as MAR-PT-TURN"), {
        "reason": (True, _text), "reason_en": (True, _text), **_MARINE_STATUS,
    })),
    "table": (True, {
        "columns": (True, lambda v: _text_list(v) if isinstance(v, list) and len(v) == 4
                    else "four column headers (編號, X坐標, Y坐標, 備註)"),
        "columns_source": (True, _source),
        "sheet_title": (True, _template("numeral")),
        "sheet_title_source": (True, _source),
        "numerals": (True, _enum(("roman", "arabic"))),
        "csv_sheet_column": (True, _text),
        "reader_columns": (True, {name: (True, _text_list) for name in ("sheet", "number", "x", "y", "remark")}),
        "source": (True, _source),
    }),
    "round_test": (True, {
        "min_vertices": (True, _number_check(3, strict=False, integer=True)),
        "max_deviation_ratio": (True, _number_check()),
        "max_axis_ratio": (True, _number_check(strict=False)),
        "force_true": (True, _text_list),
        "force_false": (True, _text_list),
        **_MARINE_STATUS,
    }),
    "corridor": (True, {
        "half_width": (True, _number_check()),
        "cap_style": (True, _enum(("flat", "round", "square"))),
        "join_style": (True, _enum(("mitre", "round", "bevel"))),
        "mitre_limit": (True, _number_check()),
        **_MARINE_STATUS,
    }),
    "tolerances": (True, {
        "on_line": (True, _number_check(strict=False)),
        "merge": (True, _number_check()),
        "overlap_min_area": (True, _number_check(strict=False)),
        "source": (True, _source),
    }),
    "junctions": (True, {
        "between": (True, _enum(("classes", "indicators", "instances"))),
        "with_round_areas": (True, _bool),
        **_MARINE_STATUS,
    }),
    "case_fields": (True, _text_list),
    "map": (True, {
        "label_spacing_cm": (True, _number_check()),
        "frame_mm": (True, lambda v: _number_list(v) if isinstance(v, list) and len(v) == 2
                     else "[width, height] in mm"),
        "scale_steps": (True, _number_list),
        "dpi": (True, _number_check(50, strict=False, integer=True)),
        "source": (True, _source),
    }),
    "compare": (True, {
        "same_tolerance_m": (True, _number_check()),
        "move_tolerance_m": (True, _number_check()),
        "status_names": (True, {name: (True, _text) for name in ("unchanged", "renumbered", "moved", "added",
                                                                  "removed")}),
        "source": (True, _source),
    }),
}


def _check_marine(
    state: _State, class_side: Mapping[str, str], thresholds: Mapping[str, Threshold], switches: Mapping[str, SwitchDef]
) -> Mapping[str, Any]:
    """Validate the ``marine`` section (rules/marine.yaml) and return it as a read-only mapping (``RuleSet.marine``):
    structure and templates, every sea class once in ``class_order`` with a remark, the rule ids the code emits,
    bool switches named by remarks, the label spacing within marine_label_spacing_min/max."""
    sec = state.mappings.get("marine")
    if sec is None:
        raise RuleSetError(RULES_DIR / "marine.yaml", "marine", None, "no 'marine' section",
                           "a 'marine:' section (marine.yaml)")
    _check_doc_value(sec, "", sec.data, _MARINE_SPEC)
    data = sec.data
    sea = [code for code, side in class_side.items() if side == "sea"]
    order = data["class_order"]["value"]
    for i, code in enumerate(order):
        if code not in sea:
            raise sec.error(f"class_order.value[{i}]", f"{code!r} is not a sea class", "one of: " + ", ".join(sea))
    if sorted(order) != sorted(sea) or len(set(order)) != len(order):
        raise sec.error("class_order.value", "the order must list every sea class once", ", ".join(sea))
    for code in order:
        if code not in data["remarks"]:
            raise sec.error("remarks", f"no remark template for {code}", f"a 'remarks.{code}' entry")
    for code, spec in data["remarks"].items():
        if code not in sea:
            raise sec.error(f"remarks.{code}", f"{code!r} is not a sea class", "one of: " + ", ".join(sea))
        if ("switch" in spec) != ("template_switched" in spec):
            raise sec.error(f"remarks.{code}", "'switch' and 'template_switched' go together", "both or neither")
        if "switch" in spec and (spec["switch"] not in switches or switches[spec["switch"]].type != "bool"):
            raise sec.error(f"remarks.{code}.switch", f"unknown bool switch {spec['switch']!r}",
                            "a bool switch of switches.yaml")
    for ident in MARINE_RULE_IDS:
        if ident not in data["rules"]:
            raise sec.error("rules", f"no reason for {ident}", f"a 'rules.{ident}' entry")
    spacing = data["map"]["label_spacing_cm"]
    for key in ("marine_label_spacing_min", "marine_label_spacing_max"):
        if key in thresholds and not thresholds[key].test(spacing):
            raise sec.error("map.label_spacing_cm", f"spacing {spacing} cm outside {thresholds[key].display}",
                            "a spacing within the thresholds marine_label_spacing_min / max (0.5-1 cm)")
    return _freeze(data)


# ================================================================================================================
# checking.yaml: result checking (RULES.md §8), a mapping section merged key by key like marine.yaml
# ================================================================================================================
_CHECK_STATUS = {"status": (False, _enum(STATUSES)), "source": (False, _source), "note": (False, _text_or_empty)}
_CHECK_TOLERANCE = {
    "value": (True, _number_check(strict=False)), "unit": (True, _enum(UNITS)), "op": (True, _enum(COMPARISONS)),
    "display": (True, _text), "text": (True, _text), **_CHECK_STATUS,
}
_CHECKING_SPEC = {
    "source": (True, _source),
    "tolerances": (True, {k: (True, _CHECK_TOLERANCE) for k in ("offset", "min_area", "cover_share")}),
    "types": (True, ("map", lambda v: None if v in range(1, 8) and not isinstance(v, bool) else "a type 1..7", {
        "name": (True, _text), "name_en": (True, _text), "definition": (True, _text),
        "response": (True, _text), "rule_id": (True, _pattern(_RULE_ID_RE, "a rule id such as CHK-OFFSET")),
        "rule_ids": (False, _text_list), **_CHECK_STATUS,
    })),
    "error_reasons": (True, {
        "indicator": (True, {"template": (True, _template("ref", "indicator")),
                             "template_en": (True, _template("ref", "indicator")), **_CHECK_STATUS}),
        "not_indicator": (True, {"template": (True, _template("ref", "sub", "indicators")),
                                 "template_en": (True, _template("ref", "sub", "indicators")), **_CHECK_STATUS}),
        "plan_area": (True, {"template": (True, _template("ref")), "template_en": (True, _template("ref")),
                             "classes": (True, _text_list), **_CHECK_STATUS}),
        "several": (True, {"template": (True, _template("refs")), "template_en": (True, _template("refs")),
                           "joiner": (True, _text), **_CHECK_STATUS}),
    }),
    "reasons": (True, {
        "offset": (True, {"template": (True, _template("tolerance", "line")),
                          "template_en": (True, _template("tolerance", "line_en"))}),
        "update": (True, {"template": (True, _template("indicator")), "template_en": (True, _template("indicator"))}),
        "local": (True, {"template": (True, _template("name")), "template_en": (True, _template("name"))}),
        "stage3": (True, {"template": (True, _template("name")), "template_en": (True, _template("name"))}),
        "line_names": (True, {k: (True, _text) for k in ("cadastre", "indicator", "both", "map")}),
        "line_names_en": (True, {k: (True, _text) for k in ("cadastre", "indicator", "both", "map")}),
    }),
    "verdict": (True, {
        "revise_responses": (True, _text_list),
        "ok": (True, _text), "ok_en": (True, _text),
        "explained": (True, _template("n", "area")), "explained_en": (True, _template("n", "area")),
        "discuss": (True, _template("n", "area", "k", "karea")),
        "discuss_en": (True, _template("n", "area", "k", "karea")),
        "revise": (True, _template("n", "area", "k", "karea", "e", "earea")),
        "revise_en": (True, _template("n", "area", "k", "karea", "e", "earea")),
        **_CHECK_STATUS,
    }),
    "workbook": (True, {
        "discussion_columns": (True, _text_list), "discussion_title": (True, _text),
        "category_template": (True, _template("sub")), "yes_text": (True, _text), "no_text": (True, _text),
        "source": (True, _source),
    }),
}


def _check_checking(state: _State, class_side: Mapping[str, str], response_ids: Iterable[str]) -> Mapping[str, Any]:
    """Validate the ``checking`` section (rules/checking.yaml, RULES.md §8) and return it read-only
    (``RuleSet.checking``): structure and templates, all 7 types present, each naming a known 表31 response
    (sporadic.yaml ``standard_responses``), class codes of the plan-area reason."""
    sec = state.mappings.get("checking")
    if sec is None:
        raise RuleSetError(RULES_DIR / "checking.yaml", "checking", None, "no 'checking' section",
                           "a 'checking:' section (checking.yaml)")
    _check_doc_value(sec, "", sec.data, _CHECKING_SPEC)
    data = sec.data
    ids = set(response_ids)
    for n in range(1, 8):
        if n not in data["types"]:
            raise sec.error("types", f"no difference type {n}", f"a 'types.{n}' entry (RULES.md §8.1)")
        for i, rid in enumerate(data["verdict"]["revise_responses"]):
            if rid not in ids:
                raise sec.error(f"verdict.revise_responses[{i}]", f"unknown standard response {rid!r}",
                                "an id of sporadic.yaml standard_responses")
        if data["types"][n]["response"] not in ids:
            raise sec.error(f"types.{n}.response", f"unknown standard response {data['types'][n]['response']!r}",
                            "an id of sporadic.yaml standard_responses")
    for i, code in enumerate(data["error_reasons"]["plan_area"]["classes"]):
        if code not in class_side:
            raise sec.error(f"error_reasons.plan_area.classes[{i}]", f"unknown class {code!r}", "a class code")
    return _freeze(data)


# ================================================================================================================
# Public entry points
# ================================================================================================================
def list_presets() -> list[tuple[str, str]]:
    """The shipped county presets as ``(id, display name)``, sorted by id."""
    out = []
    for path in sorted(PRESETS_DIR.glob("*.yaml")):
        doc = _read_doc(path)
        meta = doc.data.get("preset", {}) if isinstance(doc.data, dict) else {}
        out.append((str(meta.get("id", path.stem)), str(meta.get("name", path.stem))))
    return out


def _preset_path(preset: str | Path) -> Path:
    if isinstance(preset, Path) or any(ch in str(preset) for ch in "/\\") or str(preset).endswith((".yaml", ".yml")):
        return Path(preset)
    path = PRESETS_DIR / f"{preset}.yaml"
    if not path.is_file():
        known = ", ".join(pid for pid, _ in list_presets())
        raise RuleSetError(PRESETS_DIR, "preset", None, f"unknown preset {preset!r}", "one of: " + known)
    return path


def load_ruleset(overlays: Sequence[str | Path] = (), preset: str | Path | None = None) -> RuleSet:
    """Load the national rules, then each overlay file, then the preset (an id of ``presets/*.yaml`` or a path).

    Raises :class:`RuleSetError` naming file, key and line for any unreadable or invalid rule.
    """
    if isinstance(overlays, (str, Path)):
        overlays = [overlays]
    state = _State()
    for name in NATIONAL_FILES:
        doc = _read_doc(RULES_DIR / name)
        state.add_doc(doc, national=True)
    national = state.snapshot()
    state.national_files = set(state.sources)

    for overlay in overlays:
        doc = _read_doc(Path(overlay))
        if isinstance(doc.data, dict) and doc.data.get("source") is not None:
            expected = _source(doc.data["source"])  # the file's own citation (optional): checked like any source
            if expected is not None:
                raise doc.error("source", f"source is {_shown(doc.data['source'])}", expected)
            state.citations[doc.file] = _src(doc.data["source"])
        state.add_doc(doc, national=False)

    info = None
    if preset is not None:
        path = _preset_path(preset)
        doc = _read_doc(path)
        meta = doc.data.get("preset") if isinstance(doc.data, dict) else None
        if not isinstance(meta, dict):
            raise doc.error("preset", "a preset file without a 'preset:' header", "preset: {id, name, source}")
        holder = _Whole(meta, doc, "preset")
        _check_fields(holder, meta, _PRESET_SPEC, ".")
        if path.parent.resolve() == PRESETS_DIR.resolve() and meta["id"] != path.stem:
            raise doc.error(
                "preset.id", f"id {meta['id']!r} differs from the file name {path.stem!r}", "id = file name"
            )
        info = PresetInfo(
            id=meta["id"],
            name=meta["name"],
            name_en=meta.get("name_en", ""),
            source=_src(meta["source"]),
            path=str(path),
            county=meta.get("county", ""),
            remark=meta.get("remark", ""),
            note=meta.get("note", ""),
        )
        state.citations[doc.file] = info.source
        state.add_doc(doc, national=False)
    return _Builder(state, national, info).build()


@lru_cache(maxsize=1)
def default_ruleset() -> RuleSet:
    """The national rule set (no overlay, no preset), loaded once."""
    return load_ruleset()
