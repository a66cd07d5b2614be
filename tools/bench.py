#!/usr/bin/env python3
"""Benchmark the plugin's chain at county scale against the QGIS-native chain (issue #10).

For each size (number of parcels) the benchmark

1. generates a synthetic county with ``tools/make_synthetic_county.py`` (cached in ``.build/bench/``);
2. starts ONE child process that loads QGIS and the plugin and runs, each timed with its own peak memory (the kernel's
   ``VmHWM``, reset before every step through ``/proc/self/clear_refs``):
   ``validateinputs`` -> ``delineateclasses`` -> ``assignparcels`` -> ``sporadicland`` -> ``ruralunits`` ->
   ``landregister`` (CSV + XLSX), then the QGIS-native chain that computes the same parcel assignment on the same
   data: ``native:fieldcalculator`` (parcel area) -> ``native:intersection`` (parcels x zones) ->
   ``native:fieldcalculator`` (area share) -> ``native:extractbyexpression`` (share >= 50 %, the majority decision);
3. checks the register: every tile of the county must have exactly the register of a county of one tile
   (``tile`` row of the results), i.e. the fast paths at scale do not change answers.

It writes ``bench/results/bench_results.json`` (every run, every step) and ``bench/results/bench.png`` (time per step
per size, and the ratio ``assignparcels`` : native chain), and prints a summary table. Timings are never asserted.

Usage::

    python tools/bench.py [--sizes 10000,100000,1000000] [--native-timeout 1800] [--out bench/results]

``make bench`` runs exactly that. A child can be run alone: ``python tools/bench.py --child --data X --work DIR``.
"""
from __future__ import annotations

import argparse
import csv
import gc
import importlib.util
import json
import os
import platform
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TOOLS = ROOT / "tools"
DEFAULT_OUT = ROOT / "bench" / "results"
DATA_DIR = ROOT / ".build" / "bench"
DEFAULT_SIZES = (10_000, 100_000, 1_000_000)

PARCELS, SEA, MHT, COUNTY = "地籍", "海域", "平均高潮線", "縣市界"
URBAN_PLANS, NATIONAL_PARKS = "都市計畫範圍", "國家公園範圍"
#: Steps of the plugin's chain in order (the names are the keys of the JSON).
PLUGIN_STEPS = ("validateinputs", "delineateclasses", "assignparcels", "sporadicland", "ruralunits", "landregister")
NATIVE_STEPS = ("native_parcel_area", "native_intersection", "native_share", "native_majority")
#: Fixed production time so the registers of two runs compare byte for byte.
PRODUCED_AT = "2026-01-01T00:00"

sys.path.insert(0, str(TOOLS))


# ------------------------------------------------------------------------------------------------------------------
# Memory: the kernel keeps the peak resident set (VmHWM); writing "5" to clear_refs resets it (Linux >= 4.0).
# ------------------------------------------------------------------------------------------------------------------
def reset_peak_rss() -> bool:
    try:
        with open("/proc/self/clear_refs", "w") as fh:
            fh.write("5")
        return True
    except OSError:
        return False


def peak_rss_mb() -> float:
    """Peak resident memory of this process since the last reset, in MB."""
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024.0
    return float("nan")


# ------------------------------------------------------------------------------------------------------------------
# Child: one process per size
# ------------------------------------------------------------------------------------------------------------------
def start_qgis():
    """QGIS application, Processing and the plugin (registered as package ``twzoning``), headless."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from qgis.core import QgsApplication

    app = QgsApplication([], False)
    app.initQgis()
    plugins = os.path.join(QgsApplication.pkgDataPath(), "python", "plugins")
    if plugins not in sys.path:
        sys.path.append(plugins)
    from processing.core.Processing import Processing

    Processing.initialize()
    if "twzoning" not in sys.modules:
        spec = importlib.util.spec_from_file_location("twzoning", ROOT / "__init__.py",
                                                      submodule_search_locations=[str(ROOT)])
        module = importlib.util.module_from_spec(spec)
        sys.modules["twzoning"] = module
        spec.loader.exec_module(module)
    plugin = sys.modules["twzoning"].classFactory(None)
    plugin.initProcessing()
    return app, plugin


def gpkg_layers(path: Path) -> list[str]:
    import sqlite3

    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        rows = db.execute("SELECT table_name FROM gpkg_contents WHERE data_type = 'features' ORDER BY rowid")
        return [r[0] for r in rows.fetchall()]


class Runner:
    """Runs and times the steps of one county; ``record`` collects what the JSON reports."""

    def __init__(self, data: Path, work: Path, native_timeout: float):
        self.data, self.work, self.native_timeout = data, work, native_timeout
        self.layers = gpkg_layers(data)
        self.steps: list[dict] = []

    def layer(self, name: str) -> str:
        return f"{self.data}|layername={name}"

    def optional(self, **params: str) -> dict:
        """Parameters whose layer the county has (a cropped test county may lack an urban plan, a national park)."""
        return {key: self.layer(name) for key, name in params.items() if name in self.layers}

    def out(self, name: str) -> str:
        return str(self.work / name)

    def run(self, key: str, alg: str, params: dict, counts=(), timeout: float | None = None) -> dict:
        from qgis import processing
        from qgis.core import QgsProcessingContext, QgsProcessingFeedback

        gc.collect()
        reset_peak_rss()
        feedback = QgsProcessingFeedback()
        timer = threading.Timer(timeout, feedback.cancel) if timeout else None
        if timer:
            timer.start()
        started = time.perf_counter()
        status, outputs = "ok", {}
        try:
            outputs = processing.run(alg, params, feedback=feedback, context=QgsProcessingContext())
        except Exception as exc:  # noqa: BLE001 (a failed step is reported, the benchmark goes on)
            status = "cancelled" if feedback.isCanceled() else f"failed: {exc}"
        finally:
            if timer:
                timer.cancel()
        elapsed = time.perf_counter() - started
        record = {"step": key, "algorithm": alg, "seconds": round(elapsed, 2), "peak_rss_mb": round(peak_rss_mb(), 1),
                  "status": status, **{c: outputs.get(c) for c in counts}}
        self.steps.append(record)
        print(f"  {key:<22} {elapsed:9.1f} s {record['peak_rss_mb']:9.0f} MB  {status}", flush=True)
        outputs = None
        gc.collect()
        return record

    def plugin_chain(self) -> None:
        roles = {PARCELS, SEA, MHT, COUNTY}
        indicators = [self.layer(n) for n in self.layers if n not in roles]
        self.run("validateinputs", "twzoning:validateinputs",
                 {"PARCELS": self.layer(PARCELS), "INDICATORS": [self.layer(n) for n in self.layers if n != PARCELS],
                  "OUTPUT": self.out("validation.gpkg"), "OUTPUT_REPORT": self.out("validation.html")},
                 ["ERROR_COUNT", "WARNING_COUNT"])
        self.run("delineateclasses", "twzoning:delineateclasses",
                 {"INDICATORS": indicators, "PARCELS": self.layer(PARCELS), "SEA": self.layer(SEA),
                  "MHT": self.layer(MHT), "COUNTY": self.layer(COUNTY), "OUTPUT": self.out("zoning.gpkg"),
                  "OUTPUT_CANDIDATES": self.out("zoning_candidates.gpkg"),
                  "OUTPUT_STATISTICS": self.out("zoning_statistics.csv"),
                  "OUTPUT_ISSUES": self.out("zoning_issues.csv")},
                 ["ZONE_COUNT", "LAND_AREA_M2", "SEA_AREA_M2", "ISSUE_COUNT"])
        self.run("assignparcels", "twzoning:assignparcels",
                 {"PARCELS": self.layer(PARCELS), "ZONES": self.out("zoning.gpkg"), "SEA": self.layer(SEA),
                  "MHT": self.layer(MHT), **self.optional(URBAN_PLANS=URBAN_PLANS, NATIONAL_PARKS=NATIONAL_PARKS),
                  "OUTPUT": self.out("parcels.gpkg"), "OUTPUT_PARCELS": self.out("parcel_classes.gpkg")},
                 ["PARCEL_COUNT", "PIECE_COUNT", "SPLIT_COUNT"])
        self.run("sporadicland", "twzoning:sporadicland",
                 {"INPUT": self.out("parcels.gpkg"), "OUTPUT": self.out("parcels_sporadic.gpkg"),
                  "OUTPUT_CANDIDATES": self.out("candidates_sporadic.gpkg")},
                 ["CANDIDATE_COUNT", "ACCEPTED_COUNT"])
        self.run("ruralunits", "twzoning:ruralunits",
                 {"INPUT": self.out("parcels_sporadic.gpkg"), "CANDIDATES": self.out("candidates_sporadic.gpkg"),
                  "OUTPUT": self.out("parcels_units.gpkg"), "OUTPUT_UNITS": self.out("rural_units.gpkg"),
                  "OUTPUT_CANDIDATES": self.out("candidates.gpkg"), "OUTPUT_XLSX": self.out("candidates.xlsx")},
                 ["UNIT_COUNT", "CANDIDATE_COUNT"])
        self.run("landregister", "twzoning:landregister",
                 {"INPUT": self.out("parcels_units.gpkg"), "CADASTRE_SOURCE": "合成縣地政處（合成資料）",
                  "CADASTRE_VERSION": "2026-01-01", "PRODUCED_AT": PRODUCED_AT,
                  "OUTPUT_XLSX": self.out("register.xlsx"), "OUTPUT_CSV": self.out("register.csv"),
                  "OUTPUT": self.out("register.gpkg")},
                 ["ROW_COUNT", "EXCLUDED_COUNT", "PROVISIONAL_COUNT"])

    def native_chain(self) -> None:
        """The same parcel assignment with QGIS's own algorithms, as a user would chain them by hand."""
        budget = self.native_timeout
        started = time.perf_counter()

        def left() -> float:
            return max(1.0, budget - (time.perf_counter() - started))

        steps = [
            ("native_parcel_area", "native:fieldcalculator",
             {"INPUT": self.layer(PARCELS), "FIELD_NAME": "parcel_m2", "FIELD_TYPE": 0, "FIELD_LENGTH": 20,
              "FIELD_PRECISION": 3, "FORMULA": "area($geometry)", "OUTPUT": self.out("native_parcels.gpkg")}),
            ("native_intersection", "native:intersection",
             {"INPUT": self.out("native_parcels.gpkg"), "OVERLAY": self.out("zoning.gpkg"),
              "INPUT_FIELDS": ["office", "section", "parcel_no", "parcel_m2"], "OVERLAY_FIELDS": ["class_code"],
              "OVERLAY_FIELDS_PREFIX": "", "OUTPUT": self.out("native_pieces.gpkg")}),
            ("native_share", "native:fieldcalculator",
             {"INPUT": self.out("native_pieces.gpkg"), "FIELD_NAME": "share", "FIELD_TYPE": 0, "FIELD_LENGTH": 20,
              "FIELD_PRECISION": 6, "FORMULA": "area($geometry) / \"parcel_m2\"",
              "OUTPUT": self.out("native_shares.gpkg")}),
            ("native_majority", "native:extractbyexpression",
             {"INPUT": self.out("native_shares.gpkg"), "EXPRESSION": "\"share\" >= 0.5",
              "OUTPUT": self.out("native_majority.gpkg")}),
        ]
        for key, alg, params in steps:
            record = self.run(key, alg, params, timeout=left())
            if record["status"] != "ok":
                break


def bench_county(data: Path, work: Path, native_timeout: float = 1800.0, native: bool = True) -> dict:
    """Run (QGIS and the plugin already loaded) the plugin chain and, with ``native``, the native chain on one
    county; returns the JSON-able record of every step."""
    work.mkdir(parents=True, exist_ok=True)
    runner = Runner(data, work, native_timeout)
    t0 = time.perf_counter()
    runner.plugin_chain()
    chain_s = time.perf_counter() - t0
    if native:
        runner.native_chain()
    return {"data": str(data), "work": str(work), "plugin_chain_seconds": round(chain_s, 2), "steps": runner.steps}


def run_child(data: Path, work: Path, out_json: Path, native_timeout: float, native: bool) -> int:
    app, plugin = start_qgis()
    result = bench_county(data, work, native_timeout, native)
    out_json.write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")
    plugin.unload()
    app.exitQgis()
    return 0


# ------------------------------------------------------------------------------------------------------------------
# Register comparison: every tile of a county against the one-tile county
# ------------------------------------------------------------------------------------------------------------------
REGISTER_SECTION_COLUMN = 3  # 地段代碼（或編號）


def register_rows(path: Path) -> list[list[str]]:
    """Data rows of a register CSV (the footer line with the cadastre source has no section code)."""
    with open(path, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    return [r for r in rows[1:] if len(r) > REGISTER_SECTION_COLUMN and r[REGISTER_SECTION_COLUMN].isdigit()]


def register_by_tile(path: Path) -> dict[int, list[tuple]]:
    """Register rows grouped by tile, the section code rewritten to the code it has in tile 0."""
    from make_synthetic_county import SECTION_COUNT

    tiles: dict[int, list[tuple]] = {}
    for row in register_rows(path):
        code = int(row[REGISTER_SECTION_COLUMN])
        tile = code // SECTION_COUNT
        row = list(row)
        row[REGISTER_SECTION_COLUMN] = f"{code % SECTION_COUNT:04d}"
        tiles.setdefault(tile, []).append(tuple(row))
    return {k: sorted(v) for k, v in tiles.items()}


def compare_registers(county: Path, tile: Path) -> dict:
    """How many tiles of ``county``'s register equal the one-tile register ``tile``."""
    reference = register_by_tile(tile).get(0, [])
    tiles = register_by_tile(county)
    differing = [k for k, rows in sorted(tiles.items()) if rows != reference]
    return {"tiles": len(tiles), "tiles_identical": len(tiles) - len(differing), "tiles_differing": differing[:20],
            "rows_per_tile": len(reference)}


# ------------------------------------------------------------------------------------------------------------------
# Parent: sizes, JSON, plot, table
# ------------------------------------------------------------------------------------------------------------------
def county_for(size: int, seed: int) -> tuple[Path, dict]:
    import make_synthetic_county as synth

    path = DATA_DIR / f"county_{size}_{seed}.gpkg"
    meta = path.with_suffix(".json")
    if path.exists() and meta.exists():
        return path, json.loads(meta.read_text())
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    summary = synth.generate(size, path, seed)
    summary["generate_seconds"] = round(time.perf_counter() - t0, 1)
    meta.write_text(json.dumps(summary, ensure_ascii=False, indent=2))
    return path, summary


def run_size(label: str, size: int, seed: int, out: Path, native_timeout: float, native: bool) -> dict:
    data, summary = county_for(size, seed)
    work = DATA_DIR / f"work_{label}"
    child_json = out / f"run_{label}.json"
    print(f"{label}: {summary['parcels']} parcels ({summary['tiles']} tiles) -> {work}", flush=True)
    args = [sys.executable, str(Path(__file__).resolve()), "--child", "--data", str(data), "--work", str(work),
            "--json", str(child_json), "--native-timeout", str(native_timeout)]
    if not native:
        args.append("--no-native")
    started = time.perf_counter()
    proc = subprocess.run(args)
    result = json.loads(child_json.read_text()) if child_json.exists() else {"steps": []}
    result.update({"label": label, "requested_parcels": size, "county": summary, "exit_code": proc.returncode,
                   "process_seconds": round(time.perf_counter() - started, 1)})
    return result


def step_seconds(run: dict, key: str):
    for s in run.get("steps", []):
        if s["step"] == key and s["status"] == "ok":
            return s["seconds"]
    return None


def native_seconds(run: dict):
    values = [step_seconds(run, k) for k in NATIVE_STEPS]
    return None if any(v is None for v in values) else round(sum(values), 2)


def summary_table(runs: list[dict]) -> str:
    heads = ["step"] + [f"{r['county']['parcels']:,} parcels" for r in runs]
    rows = []
    for key in PLUGIN_STEPS + NATIVE_STEPS:
        cells = []
        for r in runs:
            rec = next((s for s in r.get("steps", []) if s["step"] == key), None)
            cells.append("–" if rec is None else
                         (f"{rec['seconds']:.1f} s / {rec['peak_rss_mb'] / 1024:.2f} GB" if rec["status"] == "ok"
                          else rec["status"][:30]))
        rows.append([key] + cells)
    chain = [f"{r.get('plugin_chain_seconds', 0):.1f} s / {max_rss(r) / 1024:.2f} GB" for r in runs]
    rows.append(["plugin chain (total / max peak)"] + chain)
    nat = [native_seconds(r) for r in runs]
    rows.append(["native chain (total)"] + [f"{v:.1f} s" if v else "not finished" for v in nat])
    ratio = []
    for r, v in zip(runs, nat):
        a = step_seconds(r, "assignparcels")
        ratio.append(f"{v / a:.1f}×" if v and a else "–")
    rows.append(["native chain : assignparcels"] + ratio)
    rows.append(["register = one tile's, per tile"] + [
        f"{r['register_check']['tiles_identical']}/{r['register_check']['tiles']}" if r.get("register_check") else "–"
        for r in runs])
    widths = [max(len(str(x[i])) for x in [heads] + rows) for i in range(len(heads))]
    lines = ["| " + " | ".join(str(c).ljust(w) for c, w in zip(line, widths)) + " |" for line in [heads] + rows]
    lines.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
    return "\n".join(lines)


def max_rss(run: dict) -> float:
    return max([s["peak_rss_mb"] for s in run.get("steps", []) if s["step"] in PLUGIN_STEPS] or [0.0])


def plot(runs: list[dict], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    sizes = [r["county"]["parcels"] for r in runs]
    fig, (ax1, ax2) = plt.subplots(1, 2, figsize=(12, 5))
    for key in PLUGIN_STEPS + ("native chain",):
        ys = [native_seconds(r) if key == "native chain" else step_seconds(r, key) for r in runs]
        pts = [(x, y) for x, y in zip(sizes, ys) if y]
        if pts:
            ax1.plot(*zip(*pts), marker="o", linestyle="--" if key == "native chain" else "-", label=key)
    ax1.set(xscale="log", yscale="log", xlabel="parcels", ylabel="seconds", title="Time per step")
    ax1.grid(True, which="both", alpha=0.3)
    ax1.legend(fontsize=8)
    ratios = [(x, native_seconds(r) / step_seconds(r, "assignparcels")) for x, r in zip(sizes, runs)
              if native_seconds(r) and step_seconds(r, "assignparcels")]
    if ratios:
        ax2.plot(*zip(*ratios), marker="o", label="native chain / assignparcels")
    ax2.axhline(5.0, color="red", linestyle=":", label="target 5×")
    ax2.set(xscale="log", xlabel="parcels", ylabel="ratio", title="Speed-up over the QGIS-native chain")
    ax2.grid(True, which="both", alpha=0.3)
    ax2.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)


def label_of(size: int) -> str:
    return f"{size // 1_000_000}m" if size % 1_000_000 == 0 else f"{size // 1000}k" if size % 1000 == 0 else str(size)


def run_parent(sizes: list[int], seed: int, out: Path, native_timeout: float, native: bool) -> dict:
    import make_demo_county as demo

    out.mkdir(parents=True, exist_ok=True)
    per_tile = len(demo.build(seed).pieces)
    tile = run_size("tile", per_tile, seed, out, native_timeout, native=False)
    tile_register = Path(tile["work"]) / "register.csv" if tile.get("work") else None
    runs = []
    for size in sizes:
        run = run_size(label_of(size), size, seed, out, native_timeout, native)
        register = Path(run["work"]) / "register.csv" if run.get("work") else None
        if register and register.exists() and tile_register and tile_register.exists():
            run["register_check"] = compare_registers(register, tile_register)
        runs.append(run)
        write_results(out, tile, runs, seed)
    return write_results(out, tile, runs, seed)


def write_results(out: Path, tile: dict, runs: list[dict], seed: int) -> dict:
    results = {"machine": {"cpus": os.cpu_count(), "platform": platform.platform(),
                           "python": platform.python_version()},
               "seed": seed, "tile": tile, "runs": runs}
    try:
        from qgis.core import Qgis

        results["machine"]["qgis"] = Qgis.QGIS_VERSION
    except ImportError:
        pass
    (out / "bench_results.json").write_text(json.dumps(results, ensure_ascii=False, indent=2), encoding="utf-8")
    plot(runs, out / "bench.png")
    table = summary_table(runs)
    (out / "bench_summary.md").write_text(table + "\n", encoding="utf-8")
    print(table, flush=True)
    return results


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default=",".join(str(s) for s in DEFAULT_SIZES))
    ap.add_argument("--seed", type=int, default=None)
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--native-timeout", type=float, default=1800.0, help="seconds for the whole native chain")
    ap.add_argument("--no-native", action="store_true")
    ap.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--data", type=Path)
    ap.add_argument("--work", type=Path)
    ap.add_argument("--json", type=Path)
    args = ap.parse_args(argv)
    if args.child:
        return run_child(args.data, args.work, args.json, args.native_timeout, not args.no_native)
    import make_demo_county as demo

    seed = demo.DEFAULT_SEED if args.seed is None else args.seed
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    run_parent(sizes, seed, args.out.resolve(), args.native_timeout, not args.no_native)
    return 0


if __name__ == "__main__":
    sys.exit(main())
