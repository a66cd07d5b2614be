"""Bounded fuzz (issue #11 item 6, hypothesis): the YAML rule loader and the table readers get mutated and random
input and must either succeed or raise their documented error, never anything else:

* ``core.ruleset.load_ruleset`` → a RuleSet or :class:`RuleSetError` (naming file, key, line);
* ``core.decisions.read_decisions`` / ``decisions_from_frame`` → a DecisionTable or :class:`DecisionsError`;
* ``core.appendix.read_appendix`` → a frame or :class:`AppendixError`.

Bounded by example counts (a few seconds each, marked slow: they run in ``make test``'s full tier). Set
``TWZONING_FUZZ_EXAMPLES`` for a longer run.
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pandas as pd
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from twzoning.core import appendix as A
from twzoning.core import decisions as D
from twzoning.core.marine import marine_settings
from twzoning.core.ruleset import RULES_DIR, RuleSet, RuleSetError, default_ruleset, load_ruleset

EXAMPLES = int(os.environ.get("TWZONING_FUZZ_EXAMPLES", "40"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
RS = default_ruleset()
MARINE = marine_settings(RS)
PRESET = (RULES_DIR / "presets" / "yilan.yaml").read_text(encoding="utf-8")

pytestmark = pytest.mark.slow


def _write(text: str | bytes, suffix: str) -> Path:
    fd, name = tempfile.mkstemp(prefix="twzoning-fuzz-", suffix=suffix)
    with os.fdopen(fd, "wb") as fh:
        fh.write(text if isinstance(text, bytes) else text.encode("utf-8"))
    return Path(name)


# ------------------------------------------------------------------------------------------------ YAML rule files
KEYS = ["thresholds", "switches", "classes", "precedence", "indicators", "aliases", "source", "preset", "key",
        "value", "op", "unit", "status", "code", "name", "register", "sporadic", "marine", "parcel_schema", "id",
        "parcel_sliver_max_area", "majority_rule", "agr1_min_block_area", "CON1", "AGR2", "XYZ9", "國1"]
scalars = st.one_of(st.none(), st.booleans(), st.integers(-10**6, 10**6), st.floats(allow_nan=True),
                    st.text(max_size=12), st.sampled_from(KEYS))
documents = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4),
                            st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=6), inner, max_size=4)),
    max_leaves=20,
)


def _loads_or_documented_error(path: Path, as_preset: bool = False) -> None:
    try:
        result = load_ruleset(preset=str(path)) if as_preset else load_ruleset([str(path)])
    except RuleSetError as exc:
        assert str(exc)  # the message names file, key and line
        return
    finally:
        path.unlink()
    assert isinstance(result, RuleSet)


@FUZZ
@given(documents)
def test_loader_on_random_documents(doc):
    _loads_or_documented_error(_write(yaml.safe_dump(doc, allow_unicode=True), ".yaml"))


@FUZZ
@given(st.sampled_from(sorted(p.name for p in RULES_DIR.glob("*.yaml"))), st.data())
def test_loader_on_a_national_file_with_one_value_replaced(name, data):
    """A national rule file overlaid with one of its own top-level sections, a value in it replaced by junk."""
    doc = yaml.safe_load((RULES_DIR / name).read_text(encoding="utf-8"))
    assert isinstance(doc, dict)
    key = data.draw(st.sampled_from(sorted(k for k in doc if k != "source")))
    section = doc[key]
    if isinstance(section, list) and section:
        i = data.draw(st.integers(0, len(section) - 1))
        item = section[i]
        if isinstance(item, dict) and item:
            field = data.draw(st.sampled_from(sorted(item)))
            item = {**item, field: data.draw(scalars)}
        else:
            item = data.draw(scalars)
        section = section[:i] + [item] + section[i + 1:]
    elif isinstance(section, dict) and section:
        field = data.draw(st.sampled_from(sorted(section)))
        section = {**section, field: data.draw(documents)}
    else:
        section = data.draw(documents)
    text = yaml.safe_dump({"source": "fuzz", key: section}, allow_unicode=True)
    _loads_or_documented_error(_write(text, ".yaml"))


@FUZZ
@given(st.data())
def test_loader_on_a_preset_with_bytes_mutated(data):
    """A shipped preset with bytes deleted, replaced or inserted: broken YAML, broken UTF-8, broken structure."""
    raw = bytearray(PRESET.encode("utf-8"))
    for _ in range(data.draw(st.integers(1, 4))):
        pos = data.draw(st.integers(0, len(raw)))
        op = data.draw(st.sampled_from(["delete", "insert", "replace"]))
        byte = data.draw(st.integers(0, 255))
        if op == "delete" and pos < len(raw):
            del raw[pos:pos + data.draw(st.integers(1, 20))]
        elif op == "insert":
            raw[pos:pos] = bytes([byte]) * data.draw(st.integers(1, 3))
        elif pos < len(raw):
            raw[pos] = byte
    _loads_or_documented_error(_write(bytes(raw), ".yaml"), as_preset=True)


# ------------------------------------------------------------------------------------------------ table readers
cells = st.one_of(st.text(max_size=10), st.sampled_from(["parcel_key", "planner_decision", "decision", "include",
                                                          "exclude", "納入", "剔除", "HB|0388|0001", "", "1", "0",
                                                          "編號", "X坐標", "Y坐標", "備註", "12", "3*", "121.5",
                                                          "25.1", "999", "-1e9", "nan"]))
tables = st.lists(st.lists(cells, min_size=0, max_size=6), min_size=0, max_size=8)


def _csv_text(rows) -> str:
    import csv
    import io

    buf = io.StringIO()
    csv.writer(buf).writerows(rows)
    return buf.getvalue()


@FUZZ
@given(tables, st.sampled_from([".csv", ".tsv", ".xlsx", ".txt", ".json"]))
def test_decisions_reader(rows, suffix):
    text = _csv_text(rows)
    path = _write(text.replace(",", "\t") if suffix == ".tsv" else text, suffix)
    try:
        table = D.read_decisions(path)
    except D.DecisionsError as exc:
        assert str(exc)
    else:
        assert table is not None
    finally:
        path.unlink()


@FUZZ
@given(tables)
def test_decisions_from_frame(rows):
    width = max((len(r) for r in rows), default=0)
    if not rows or width == 0:
        frame = pd.DataFrame()
    else:
        header = [str(c) or f"c{i}" for i, c in enumerate(rows[0] + [""] * (width - len(rows[0])))]
        body = [r + [""] * (width - len(r)) for r in rows[1:]]
        frame = pd.DataFrame(body, columns=header)
    try:
        D.decisions_from_frame(frame, "fuzz")
    except D.DecisionsError as exc:
        assert str(exc)


@FUZZ
@given(tables, st.booleans())
def test_appendix_reader_csv(rows, with_header):
    if with_header:
        rows = [["編號", "X坐標", "Y坐標", "備註"]] + rows
    path = _write(_csv_text(rows), ".csv")
    try:
        A.read_appendix(path, MARINE)
    except A.AppendixError as exc:
        assert str(exc)
    finally:
        path.unlink()


@FUZZ
@given(st.binary(max_size=200), st.sampled_from([".csv", ".xlsx"]))
def test_appendix_reader_on_garbage_bytes(raw, suffix):
    path = _write(raw, suffix)
    try:
        A.read_appendix(path, MARINE)
    except A.AppendixError as exc:
        assert str(exc)
    finally:
        path.unlink()
