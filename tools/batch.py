"""Run the zoning chain (the shipped model ``twzoning:zoningchain``) over many counties and write a national summary.

Usage::

    python tools/batch.py COUNTIES_FOLDER [--out batch-output] [--jobs N] [--force] [--timeout S]

``COUNTIES_FOLDER`` holds one sub-folder per county. A county folder holds its layers, as GeoPackages (every
feature table is a layer, named by its table name) and/or single-layer files (``.shp``, ``.geojson``; named by the
file name), with the layer names of the demo county (test/data/README.md): ``地籍`` (parcels), ``海域``,
``平均高潮線``, ``縣市界``, ``都市計畫範圍``, ``國家公園範圍``, the marine indicator layers, and every other layer an
indicator. An optional ``county.yaml`` gives ``name``, ``preset`` (a shipped preset id or a YAML path relative to
the county folder), ``cadastre_source``, ``cadastre_version`` and ``produced_at``.

Each county runs in its own ``qgis_process`` process (``--jobs`` at once, default the number of cores) and writes
into ``OUT/<county folder>/``; a county that fails is reported and the others go on. ``OUT/summary.xlsx`` lists per
county: status, reason, parcels, zoning area per class, open candidates, register rows and run time. A county whose
inputs (layer files, county.yaml, the model file) have not changed since its last successful run is skipped and
keeps its earlier figures (``--force`` runs it again). Exit status: 0 when every county succeeded, 1 otherwise.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import sqlite3
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

from demo import (  # noqa: E402 (the tools folder is not a package)
    COUNTY,
    MARINE_LAYERS,
    MHT,
    NATIONAL_PARKS,
    PARCELS,
    QGIS_PROCESS,
    SEA,
    URBAN_PLANS,
    gpkg_layers,
)

MODEL_ID = "twzoning:zoningchain"
MODEL_FILE = ROOT / "models" / "zoning_chain.model3"
STATE_FILE = "batch_state.json"
SUMMARY_FILE = "summary.xlsx"
LAYER_SUFFIXES = (".shp", ".geojson", ".json", ".gml")
#: Layers with a role of their own; every other layer of a county is a land indicator (as in tools/demo.py).
ROLE_LAYERS = {PARCELS: "PARCELS", SEA: "SEA", MHT: "MHT", COUNTY: "COUNTY", URBAN_PLANS: "URBAN_PLANS",
               NATIONAL_PARKS: "NATIONAL_PARKS"}
NOT_INDICATORS = {PARCELS, SEA, MHT, COUNTY}
#: Candidate decisions still waiting for the planner (core/decisions.py: proposed, flagged).
OPEN_DECISIONS = ("proposed", "flagged")
STATUS_OK, STATUS_FAILED, STATUS_SKIPPED = "success", "failed", "skipped (unchanged)"


class CountyError(Exception):
    """A county folder that cannot be run (its message is the summary's reason)."""


# -- reading a county folder ----------------------------------------------------------------------------------------
def county_layers(folder: Path) -> dict[str, str]:
    """``{layer name: QGIS source}`` of every layer in a county folder; two layers with one name are an error."""
    layers: dict[str, str] = {}

    def add(name: str, uri: str) -> None:
        if name in layers:
            raise CountyError(f"layer '{name}' is given twice in {folder.name} ({layers[name]} and {uri})")
        layers[name] = uri

    for path in sorted(folder.iterdir()):
        if path.suffix.lower() == ".gpkg":
            try:
                names = gpkg_layers(path)
            except sqlite3.DatabaseError as exc:
                raise CountyError(f"{path.name} is not a readable GeoPackage: {exc}") from exc
            for name in names:
                add(name, f"{path}|layername={name}")
        elif path.suffix.lower() in LAYER_SUFFIXES:
            add(path.stem, str(path))
    return layers


def county_settings(folder: Path) -> dict:
    """``county.yaml`` of a county (all keys optional)."""
    path = folder / "county.yaml"
    if not path.exists():
        return {}
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise CountyError(f"county.yaml cannot be read: {exc}") from exc
    if not isinstance(data, dict):
        raise CountyError("county.yaml must be a mapping (name, preset, cadastre_source, ...)")
    preset = str(data.get("preset") or "")
    if preset.endswith((".yaml", ".yml")) and not Path(preset).is_absolute():
        data["preset"] = str(folder / preset)
    return data


def model_params(layers: dict[str, str], settings: dict, out: Path) -> list[tuple[str, str]]:
    """The model's parameters for one county; a missing mandatory layer is a CountyError naming it."""
    for name in (PARCELS, MHT):
        if name not in layers:
            raise CountyError(f"the county has no layer '{name}' (required by the zoning chain)")
    marine = [n for n in MARINE_LAYERS if n in layers]
    if not marine:
        raise CountyError("the county has none of the marine indicator layers: " + ", ".join(MARINE_LAYERS))
    indicators = [n for n in layers if n not in NOT_INDICATORS]
    if not indicators:
        raise CountyError("the county has no indicator layer")
    params = [(key, layers[name]) for name, key in ROLE_LAYERS.items() if name in layers]
    params += [("INDICATORS", layers[n]) for n in indicators]
    params += [("MARINE_INDICATORS", layers[n]) for n in marine]
    for key in ("preset", "cadastre_source", "cadastre_version", "produced_at"):
        if settings.get(key):
            params.append((key.upper(), str(settings[key])))
    params.append(("OUTPUT_FOLDER", str(out)))
    return params


def fingerprint(folder: Path) -> str:
    """A hash of the county's inputs (every file of its folder) and of the model file."""
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(folder)).encode("utf-8"))
        with open(path, "rb") as fh:
            for block in iter(lambda: fh.read(1 << 20), b""):
                digest.update(block)
    digest.update(MODEL_FILE.read_bytes())
    return digest.hexdigest()


# -- figures of a finished county --------------------------------------------------------------------------------
def _query(path: Path, sql: str) -> list[tuple]:
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        return db.execute(sql).fetchall()


def _table(path: Path) -> str:
    return _query(path, "SELECT table_name FROM gpkg_contents WHERE table_name != 'layer_styles' ORDER BY rowid")[0][0]


def county_figures(out: Path) -> dict:
    """Parcels, zoning area per class (m², from zoning.gpkg area_m2), open candidates and register rows."""
    parcels = out / "parcel_classes.gpkg"
    zoning = out / "zoning.gpkg"
    candidates = out / "candidates.gpkg"
    register = out / "register.gpkg"
    areas = _query(zoning, f'SELECT class_code, SUM(area_m2) FROM "{_table(zoning)}" GROUP BY class_code')
    marks = ", ".join("?" for _ in OPEN_DECISIONS)
    with sqlite3.connect(f"file:{candidates}?mode=ro", uri=True) as db:
        open_count = db.execute(f'SELECT COUNT(*) FROM "{_table(candidates)}" WHERE decision IN ({marks})',
                                OPEN_DECISIONS).fetchone()[0]
    return {
        "parcels": _query(parcels, f'SELECT COUNT(*) FROM "{_table(parcels)}"')[0][0],
        "areas": {code: round(area, 2) for code, area in areas if code},
        "candidates_open": open_count,
        "register_rows": _query(register, f'SELECT COUNT(*) FROM "{_table(register)}"')[0][0],
    }


# -- running ------------------------------------------------------------------------------------------------------
def failure_reason(stdout: str, stderr: str, returncode: int) -> str:
    """What failed, from qgis_process's log: the step ("Error encountered while running <step>") and the
    algorithm's own message (the line before it), else the last error line, else the exit status."""
    lines = [ln.strip() for ln in (stderr + "\n" + stdout).splitlines() if ln.strip()]
    marker = "Error encountered while running "
    steps = [i for i, ln in enumerate(lines) if ln.startswith(marker)]
    if steps:
        first = next(i for i in steps if lines[i] == lines[steps[-1]])
        message = next((ln for ln in reversed(lines[:first]) if "Warning" not in ln), "")
        step = lines[first][len(marker):]
        return (f"{step}: {message}" if message else step)[:500]
    hits = [ln for ln in lines if re.search(r"error|exception", ln, re.IGNORECASE)]
    if hits:
        return hits[-1][:500]
    return f"qgis_process exited with status {returncode}"


def run_county(folder: Path, out_root: Path, force: bool, timeout: float | None) -> dict:
    """Run the model on one county; never raises for a county's own problem (the row says what went wrong)."""
    out = out_root / folder.name
    state_path = out / STATE_FILE
    row = {"county": folder.name, "folder": str(folder), "status": STATUS_FAILED, "reason": "", "run_time_s": 0.0}
    try:
        settings = county_settings(folder)
        row["name"] = str(settings.get("name") or folder.name)
        row["preset"] = str(settings.get("preset") or "")
        stamp = fingerprint(folder)
        if not force and state_path.exists():
            earlier = json.loads(state_path.read_text(encoding="utf-8"))
            if earlier.get("fingerprint") == stamp and earlier.get("row", {}).get("status") == STATUS_OK:
                return {**earlier["row"], "status": STATUS_SKIPPED}
        params = model_params(county_layers(folder), settings, out)
    except CountyError as exc:
        row["reason"] = str(exc)
        return row
    out.mkdir(parents=True, exist_ok=True)
    args = [str(QGIS_PROCESS), "--json", "run", MODEL_ID, "--"] + [f"{k}={v}" for k, v in params]
    started = time.monotonic()
    try:
        proc = subprocess.run(args, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        row["run_time_s"] = round(time.monotonic() - started, 1)
        row["reason"] = f"timed out after {timeout} s"
        return row
    row["run_time_s"] = round(time.monotonic() - started, 1)
    (out / "qgis_process.log").write_text(proc.stdout + "\n" + proc.stderr, encoding="utf-8")
    if proc.returncode != 0:
        row["reason"] = failure_reason(proc.stdout, proc.stderr, proc.returncode)
        return row
    try:
        row.update(county_figures(out))
    except (sqlite3.Error, IndexError, OSError) as exc:
        row["reason"] = f"the chain ran but its outputs cannot be read: {exc}"
        return row
    row["status"] = STATUS_OK
    _write_state(state_path, stamp, row)
    return row


def _write_state(path: Path, stamp: str, row: dict) -> None:
    _fileio().write_text(path, json.dumps({"fingerprint": stamp, "row": row}, ensure_ascii=False, indent=2))


def _fileio():
    """core/fileio.py of the checkout (pure Python, imported by path: the checkout folder may have any name)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("twzoning_fileio", ROOT / "core" / "fileio.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# -- the national summary ------------------------------------------------------------------------------------------
def write_summary(rows: list[dict], path: Path) -> None:
    """The national summary workbook: one row per county, one area column per class found."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    codes = sorted({code for row in rows for code in row.get("areas", {})})
    head = ["county (縣市資料夾)", "name (名稱)", "preset (預設)", "status (狀態)", "reason (原因)",
            "parcels (地籍筆數)"] + [f"{code} area m² (面積)" for code in codes] + [
        "candidates open (待決候選)", "register rows (清冊筆數)", "run time s (執行秒數)"]
    book = Workbook()
    sheet = book.active
    sheet.title = "summary"
    sheet.append(head)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        areas = row.get("areas", {})
        sheet.append([row["county"], row.get("name", row["county"]), row.get("preset", ""), row["status"],
                      row.get("reason", ""), row.get("parcels")] + [areas.get(code) for code in codes]
                     + [row.get("candidates_open"), row.get("register_rows"), row.get("run_time_s")])
    sheet.freeze_panes = "B2"
    with _fileio().atomic_target(path) as tmp:
        book.save(tmp)


def county_folders(root: Path) -> list[Path]:
    return sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith("."))


def run_batch(root: Path, out: Path, jobs: int, force: bool = False, timeout: float | None = None) -> list[dict]:
    """Every county of ``root``, ``jobs`` at once; returns the summary rows (county order) and writes the workbook."""
    folders = county_folders(root)
    if not folders:
        raise SystemExit(f"{root} has no county sub-folder")
    out.mkdir(parents=True, exist_ok=True)
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        futures = [pool.submit(run_county, f, out, force, timeout) for f in folders]
        rows = []
        for future in futures:
            row = future.result()
            print(f"{row['county']}: {row['status']}" + (f" ({row['reason']})" if row.get("reason") else "")
                  + f" {row.get('run_time_s', 0)} s", flush=True)
            rows.append(row)
    write_summary(rows, out / SUMMARY_FILE)
    return rows


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("counties", type=Path, help="a folder with one sub-folder per county")
    parser.add_argument("--out", type=Path, default=Path("batch-output"))
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="counties run at once (default: cores)")
    parser.add_argument("--force", action="store_true", help="run unchanged counties again")
    parser.add_argument("--timeout", type=float, default=None, help="seconds one county may take")
    args = parser.parse_args(argv)
    rows = run_batch(args.counties.resolve(), args.out.resolve(), args.jobs, args.force, args.timeout)
    failed = [r for r in rows if r["status"] == STATUS_FAILED]
    print(f"{len(rows) - len(failed)} of {len(rows)} counties done; summary: {args.out / SUMMARY_FILE}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
