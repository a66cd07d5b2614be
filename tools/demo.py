"""Run the plugin's pipeline headless on the demo county (示範縣) through ``qgis_process`` and write the results.

Usage: ``python tools/demo.py [--data test/data/demo_county.gpkg] [--out demo-output]`` (``make demo`` does the
set-up first). Each step is one ``qgis_process run twzoning:<algorithm>`` call, exactly what a batch user types.
Today's chain: 1. input validation (report + problem layer).
"""
from __future__ import annotations

import argparse
import json
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QGIS_PROCESS = ROOT / "tools" / "qgis_process.sh"
PARCEL_LAYER = "地籍"


def gpkg_layers(path: Path) -> list[str]:
    """Feature tables of a GeoPackage, in the order they were written."""
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        rows = db.execute(
            "SELECT table_name FROM gpkg_contents WHERE data_type = 'features' ORDER BY rowid"
        ).fetchall()
    return [r[0] for r in rows]


def run_algorithm(alg: str, params: list[tuple[str, str]]) -> dict:
    """Run one algorithm through qgis_process --json; fail loudly with its log when it fails."""
    args = [str(QGIS_PROCESS), "--json", "run", alg, "--"] + [f"{k}={v}" for k, v in params]
    started = time.monotonic()
    proc = subprocess.run(args, capture_output=True, text=True)
    elapsed = time.monotonic() - started
    if proc.returncode != 0:
        sys.stderr.write(proc.stdout[-4000:] + "\n" + proc.stderr[-4000:] + "\n")
        raise SystemExit(f"{alg} failed (exit {proc.returncode})")
    result = json.loads(proc.stdout[proc.stdout.index("{"):])
    result["elapsed_s"] = round(elapsed, 2)
    return result


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=ROOT / "test" / "data" / "demo_county.gpkg")
    parser.add_argument("--out", type=Path, default=ROOT / "demo-output")
    args = parser.parse_args(argv)
    data = args.data.resolve()
    out = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    layers = gpkg_layers(data)
    if PARCEL_LAYER not in layers:
        raise SystemExit(f"{data} has no parcel layer '{PARCEL_LAYER}'")
    indicators = [name for name in layers if name != PARCEL_LAYER]

    print(f"示範縣 demo county: {data.name}, {len(indicators)} indicator/context layers + parcels")
    summary = {"data": str(data), "steps": []}

    # 1. Input validation
    params = [("PARCELS", f"{data}|layername={PARCEL_LAYER}")]
    params += [("INDICATORS", f"{data}|layername={name}") for name in indicators]
    params += [("OUTPUT", str(out / "validation.gpkg")), ("OUTPUT_REPORT", str(out / "validation.html"))]
    result = run_algorithm("twzoning:validateinputs", params)
    outputs = result.get("results", {})
    step = {
        "algorithm": "twzoning:validateinputs",
        "errors": outputs.get("ERROR_COUNT"),
        "warnings": outputs.get("WARNING_COUNT"),
        "outputs": {k: v for k, v in outputs.items() if k.startswith("OUTPUT")},
        "elapsed_s": result["elapsed_s"],
    }
    summary["steps"].append(step)
    print(f"1. validateinputs: {step['errors']} errors, {step['warnings']} warnings "
          f"({step['elapsed_s']} s) -> {out / 'validation.html'}")

    (out / "summary.json").write_text(json.dumps(summary, ensure_ascii=False, indent=2), encoding="utf-8")
    print(f"Results in {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
