"""Run the plugin's pipeline headless on the demo county (示範縣) through ``qgis_process`` and write the results.

Usage: ``python tools/demo.py [--data test/data/demo_county.gpkg] [--out demo-output]`` (``make demo`` does the
set-up first). Each step is one ``qgis_process run twzoning:<algorithm>`` call, exactly what a batch user types,
and each step's outputs feed the next.
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

#: Layers of the demo GeoPackage that play a role rather than being indicators.
PARCELS, SEA, MHT, COUNTY = "地籍", "海域", "平均高潮線", "縣市界"
URBAN_PLANS = "都市計畫範圍"
RIVER_LINES = ("河川區域線", "水道治理計畫線", "用地範圍線")
NATIONAL_PARKS = "國家公園範圍"
#: Fixed production time of the demo's documents, so re-running the demo gives identical files.
PRODUCED_AT = "2026-01-01T00:00"
#: Two demo parcels a landowner asks a certificate for (地政事務所|地段|地號).
CERTIFICATE_KEYS = "HB|0266|0108-0000;HD|0642|0696-0000"
MARINE_LAYERS = ("人工魚礁區及保護礁區", "海底電纜或管道設置範圍", "港區範圍", "航道及其疏濬工程範圍", "錨地範圍",
                 "漁業權範圍", "國家級重要濕地")


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


class Demo:
    """The chain on one county: a step is a method; its outputs are remembered for the next ones."""

    def __init__(self, data: Path, out: Path):
        self.data = data
        self.out = out
        self.layers = gpkg_layers(data)
        self.summary: dict = {"data": str(data), "steps": []}

    def layer(self, name: str) -> str:
        if name not in self.layers:
            raise SystemExit(f"{self.data} has no layer '{name}'")
        return f"{self.data}|layername={name}"

    def step(self, number: int, alg: str, params: list[tuple[str, str]], keys: list[str]) -> dict:
        result = run_algorithm(alg, params)
        outputs = result.get("results", {})
        record = {"step": number, "algorithm": alg, "elapsed_s": result["elapsed_s"],
                  **{k: outputs.get(k) for k in keys},
                  "outputs": {k: v for k, v in outputs.items() if k.startswith("OUTPUT")}}
        self.summary["steps"].append(record)
        shown = ", ".join(f"{k}={outputs.get(k)}" for k in keys)
        print(f"{number}. {alg}: {shown} ({result['elapsed_s']} s)")
        return outputs

    def validate(self) -> None:
        indicators = [n for n in self.layers if n != PARCELS]
        params = [("PARCELS", self.layer(PARCELS))] + [("INDICATORS", self.layer(n)) for n in indicators]
        params += [("OUTPUT", str(self.out / "validation.gpkg")), ("OUTPUT_REPORT", str(self.out / "validation.html"))]
        self.step(1, "twzoning:validateinputs", params, ["ERROR_COUNT", "WARNING_COUNT"])

    def delineate(self) -> None:
        roles = {PARCELS, SEA, MHT, COUNTY}
        params = [("INDICATORS", self.layer(n)) for n in self.layers if n not in roles]
        params += [("PARCELS", self.layer(PARCELS)), ("SEA", self.layer(SEA)), ("MHT", self.layer(MHT)),
                   ("COUNTY", self.layer(COUNTY)),
                   ("OUTPUT", str(self.out / "zoning.gpkg")),
                   ("OUTPUT_CANDIDATES", str(self.out / "zoning_candidates.gpkg")),
                   ("OUTPUT_STATISTICS", str(self.out / "zoning_statistics.csv")),
                   ("OUTPUT_ISSUES", str(self.out / "zoning_issues.csv"))]
        self.step(2, "twzoning:delineateclasses", params, ["ZONE_COUNT", "LAND_AREA_M2", "SEA_AREA_M2", "ISSUE_COUNT"])

    def river(self) -> None:
        params = [("RIVER_AREA_LINE", self.layer(RIVER_LINES[0])), ("REGULATION_LINE", self.layer(RIVER_LINES[1])),
                  ("ACQUISITION_LINE", self.layer(RIVER_LINES[2])), ("OUTPUT", str(self.out / "river_area.gpkg"))]
        self.step(3, "twzoning:riverboundary", params, ["MODE_USED", "AREA_M2"])

    def marine(self) -> None:
        params = [("INDICATORS", self.layer(n)) for n in MARINE_LAYERS]
        params += [("MHT", self.layer(MHT)), ("SEA_AREA", self.layer(SEA)), ("URBAN_PLANS", self.layer(URBAN_PLANS)),
                   ("OUTPUT_POINTS", str(self.out / "marine_points.gpkg")),
                   ("OUTPUT_TABLE", str(self.out / "marine_appendix.xlsx")),
                   ("OUTPUT_MAP", str(self.out / "marine_map.png"))]
        self.step(4, "twzoning:marinepoints", params, ["ROW_COUNT", "POINT_COUNT", "CENTRE_COUNT", "JUNCTION_COUNT"])

    def parcels(self) -> None:
        o = self.out
        params = [("PARCELS", self.layer(PARCELS)), ("ZONES", str(o / "zoning.gpkg")), ("SEA", self.layer(SEA)),
                  ("MHT", self.layer(MHT)), ("URBAN_PLANS", self.layer(URBAN_PLANS)),
                  ("NATIONAL_PARKS", self.layer(NATIONAL_PARKS)),
                  ("OUTPUT", str(o / "parcels.gpkg")), ("OUTPUT_PARCELS", str(o / "parcel_classes.gpkg"))]
        self.step(5, "twzoning:assignparcels", params, ["PARCEL_COUNT", "PIECE_COUNT", "SPLIT_COUNT"])
        params = [("INPUT", str(o / "parcels.gpkg")), ("OUTPUT", str(o / "parcels_sporadic.gpkg")),
                  ("OUTPUT_CANDIDATES", str(o / "candidates_sporadic.gpkg"))]
        self.step(6, "twzoning:sporadicland", params, ["CANDIDATE_COUNT", "ACCEPTED_COUNT"])
        params = [("INPUT", str(o / "parcels_sporadic.gpkg")), ("CANDIDATES", str(o / "candidates_sporadic.gpkg")),
                  ("OUTPUT", str(o / "parcels_units.gpkg")), ("OUTPUT_UNITS", str(o / "rural_units.gpkg")),
                  ("OUTPUT_CANDIDATES", str(o / "candidates.gpkg")), ("OUTPUT_XLSX", str(o / "candidates.xlsx"))]
        self.step(7, "twzoning:ruralunits", params, ["UNIT_COUNT", "CANDIDATE_COUNT"])

    def documents(self) -> None:
        o = self.out
        pieces = str(o / "parcels_units.gpkg")
        params = [("INPUT", pieces), ("CADASTRE_SOURCE", "示範縣地政處（合成資料）"), ("CADASTRE_VERSION", "2026-01-01"),
                  ("PRODUCED_AT", PRODUCED_AT), ("OUTPUT_XLSX", str(o / "register.xlsx")),
                  ("OUTPUT_CSV", str(o / "register.csv")), ("OUTPUT", str(o / "register.gpkg"))]
        self.step(8, "twzoning:landregister", params, ["ROW_COUNT", "EXCLUDED_COUNT", "PROVISIONAL_COUNT"])
        params = [("INPUT", pieces), ("PRODUCED_AT", PRODUCED_AT), ("OUTPUT_XLSX", str(o / "statistics.xlsx")),
                  ("OUTPUT_CHART", str(o / "statistics.png"))]
        self.step(9, "twzoning:zoningstatistics", params, ["TOTAL_AREA_M2", "PATCH_COUNT"])
        params = [("INPUT", pieces), ("KEYS", CERTIFICATE_KEYS), ("APPLICANT", "示範申請人"),
                  ("AGENCY", "示範縣政府地政處"), ("PHONE", "03-3322101"), ("ANNOUNCE_DATE", "2025-04-30"),
                  ("PRINT_DATE", "2026-01-01"), ("OUTPUT", str(o / "certificate.pdf"))]
        self.step(10, "twzoning:certificate", params, ["VERIFICATION_CODE", "PAGE_COUNT"])

    def run(self) -> dict:
        print(f"示範縣 demo county: {self.data.name}, {len(self.layers)} layers -> {self.out}")
        self.validate()
        self.delineate()
        self.river()
        self.marine()
        self.parcels()
        self.documents()
        (self.out / "summary.json").write_text(json.dumps(self.summary, ensure_ascii=False, indent=2),
                                               encoding="utf-8")
        print(f"Results in {self.out}")
        return self.summary


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=ROOT / "test" / "data" / "demo_county.gpkg")
    parser.add_argument("--out", type=Path, default=ROOT / "demo-output")
    args = parser.parse_args(argv)
    out = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    Demo(args.data.resolve(), out).run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
