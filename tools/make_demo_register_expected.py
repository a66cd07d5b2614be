#!/usr/bin/env python3
"""Write ``test/data/demo_register_expected.csv``: the land register (使用地土地清冊) of the demo county 示範縣 as the
demo chain makes it, the expectation ``test/qgis/test_demo_register.py`` compares the chain with row by row.

The chain is tools/demo.py's (:meth:`demo.Demo.register_chain`): delineateclasses → assignparcels → sporadicland →
ruralunits → landregister on ``test/data/demo_county.gpkg`` with the demo county's preset
(``test/data/demo_county_preset.yaml``), the same parameters as ``make demo``, each step one ``qgis_process`` call
(``make profile`` first). Re-run it after a change of the delineation, parcel, sporadic-land, rural-unit or register
rules, read the diff it prints (and ``git diff``), check the changed rows against the rules, then commit the file::

    .venv/bin/python tools/make_demo_register_expected.py [--out test/data/demo_register_expected.csv] [--keep DIR]

The special rows the test also checks by hand are listed in ``test/data/demo_register_expected.README.md``.
"""
from __future__ import annotations

import argparse
import csv
import io
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tools"))

import demo  # noqa: E402 (the tools folder is not a package)

from core import fileio  # noqa: E402

DEFAULT_DATA = ROOT / "test" / "data" / "demo_county.gpkg"
DEFAULT_OUT = ROOT / "test" / "data" / "demo_register_expected.csv"


def rows_of(data: bytes) -> list[list[str]]:
    """The CSV rows of a register file (UTF-8 with BOM)."""
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def describe_changes(old: list[list[str]], new: list[list[str]], limit: int = 20) -> list[str]:
    """Rows added, removed or changed, by parcel (office|section|地號), at most ``limit`` lines."""
    def keyed(rows):
        return {"|".join(r[2:4] + r[5:6]) if len(r) >= 6 else f"#{i}": r for i, r in enumerate(rows[1:], start=2)}

    a, b = keyed(old), keyed(new)
    lines = [f"- {k}: {','.join(a[k])}" for k in a if k not in b]
    lines += [f"+ {k}: {','.join(b[k])}" for k in b if k not in a]
    lines += [f"~ {k}: {','.join(a[k])}\n  -> {','.join(b[k])}" for k in a if k in b and a[k] != b[k]]
    return lines[:limit] + ([f"… and {len(lines) - limit} more"] if len(lines) > limit else [])


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--keep", type=Path, help="run the chain in this folder and keep its outputs")
    args = parser.parse_args(argv)
    work = args.keep.resolve() if args.keep else Path(tempfile.mkdtemp(prefix="demo_register_"))
    work.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    try:
        result = demo.Demo(args.data.resolve(), work).register_chain()
        if result.get("CONSERVATION_OK") != 1:
            raise SystemExit(f"the register's conservation check failed: {result}")
        new = (work / "register.csv").read_bytes()
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    old = args.out.read_bytes() if args.out.exists() else b""
    fileio.write_bytes(str(args.out), new)
    rows = rows_of(new)
    print(f"{args.out}: {len(rows) - 2} register rows (+ header and footer), {time.monotonic() - started:.1f} s")
    if old == new:
        print("unchanged")
    else:
        changes = describe_changes(rows_of(old), rows) if old else ["(new file)"]
        print("changed rows:\n" + "\n".join(changes))
    return 0


if __name__ == "__main__":
    sys.exit(main())
