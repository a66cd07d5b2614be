"""The ONE place that renders class names (DECISIONS.md Q1, Q2).

Every output — register, marine appendix, statistics, certificate, UI labels — asks this module for a class name;
no other code assembles 「國土保育地區第1類」-style strings. The names themselves come from ``rules/classes.yaml``.

Kinds:

* ``register``, ``appendix``, ``statistics`` — the un-spaced Arabic form (``國土保育地區第1類``,
  ``海洋資源地區第1類之1``). The switch ``class_name_spacing = spaced`` gives ``國土保育地區第 1 類`` instead.
* ``certificate`` — Chinese numerals (``城鄉發展地區第二類之一``).
* ``short`` — ``國1``, ``海1-1``, ``城2-1``.
* ``en`` — ``Conservation Area Class 1``.

A variant (``indigenous`` for 農4) appends its suffix: ``農業發展地區第4類（原）``.
"""

from __future__ import annotations

import re
from typing import Iterable

from .ruleset import RuleSet, default_ruleset

__all__ = ["KINDS", "class_name", "split_wording", "resolve"]

#: Output kinds accepted by :func:`class_name` and :func:`split_wording`.
KINDS = ("register", "appendix", "certificate", "short", "en", "statistics")
_ARABIC_KINDS = ("register", "appendix", "statistics")
# A space between CJK and ASCII digits, for the `spaced` policy (Q1).
_CJK_DIGIT_RE = re.compile(r"(?<=[\u3400-\u9fff])(?=[0-9])|(?<=[0-9])(?=[\u3400-\u9fff])")


def resolve(code_or_alias: str, ruleset: RuleSet | None = None) -> tuple[str, str | None]:
    """``(code, variant)`` for a class code or any alias (``"農4(原)"`` → ``("AGR4", "indigenous")``).

    Raises ValueError for an unknown class.
    """
    rs = ruleset or default_ruleset()
    hit = rs.resolve_class_variant(code_or_alias)
    if hit is None:
        raise ValueError(f"unknown class {code_or_alias!r}")
    return hit


def class_name(code: str, kind: str = "register", ruleset: RuleSet | None = None, variant: str | None = None) -> str:
    """The name of class ``code`` (a code or any alias) for output ``kind``.

    ``variant`` (e.g. ``"indigenous"``) overrides a variant implied by an alias such as ``農4(原)``. Raises
    ValueError for an unknown class or kind, KeyError for a variant the class does not have.
    """
    if kind not in KINDS:
        raise ValueError(f"unknown name kind {kind!r}; expected one of {', '.join(KINDS)}")
    rs = ruleset or default_ruleset()
    resolved, implied = resolve(code, rs)
    cls = rs.class_by_code(resolved)
    var = cls.variant(variant or implied) if (variant or implied) else None
    if kind in _ARABIC_KINDS:
        text = cls.name + (var.suffix if var else "")
        if rs.switch("class_name_spacing") == "spaced":
            text = _CJK_DIGIT_RE.sub(" ", text)
        return text
    if kind == "certificate":
        return cls.name_certificate + (var.suffix if var else "")
    if kind == "short":
        return cls.short + (var.suffix if var else "")
    return cls.name_en + (var.suffix_en if var else "")


def split_wording(codes: Iterable[str], kind: str = "register", ruleset: RuleSet | None = None) -> str:
    """Wording for a parcel covered by several classes (DECISIONS.md Q2).

    ``register`` (and ``appendix`` / ``statistics`` / ``short``): ``部分A、部分B`` (switches ``split_prefix`` and
    ``split_separator``) in canonical class order, duplicates removed; a single class gives just its name. ``certificate``: the names one per line, without 「部分」.
    ``en``: ``part of A; part of B``. Codes may be codes or aliases; an empty input gives ``""``.
    """
    if kind not in KINDS:
        raise ValueError(f"unknown name kind {kind!r}; expected one of {', '.join(KINDS)}")
    rs = ruleset or default_ruleset()
    unique: dict[tuple[str, str | None], None] = {}
    for item in codes:
        unique.setdefault(resolve(item, rs), None)
    order = {c.code: c.order for c in rs.classes}
    keys = sorted(unique, key=lambda cv: (order[cv[0]], cv[1] is not None, cv[1] or ""))
    names = [class_name(code, kind, rs, variant) for code, variant in keys]
    if len(names) <= 1:
        return names[0] if names else ""
    if kind == "certificate":
        return "\n".join(names)
    if kind == "en":
        return "; ".join(f"part of {n}" for n in names)
    prefix, sep = rs.switch("split_prefix"), rs.switch("split_separator")
    return sep.join(prefix + n for n in names)
