"""Run the plugin's pipeline headless on the demo county (示範縣) through ``qgis_process`` and write the results.

Usage: ``python tools/demo.py [--data test/data/demo_county.gpkg] [--out demo-output] [--via-model]`` (``make demo``
does the set-up first). Each step is one ``qgis_process run twzoning:<algorithm>`` call, exactly what a batch user
types, and each step's outputs feed the next. With ``--via-model`` the whole chain is one
``qgis_process run twzoning:zoningchain`` call on the shipped Graphical Modeler model (models/zoning_chain.model3),
which writes the same files into the output folder.

The county's rule choices come from its preset: ``--preset`` (a shipped preset id or a YAML path), by default the
file ``<data stem>_preset.yaml`` next to the GeoPackage when there is one (the demo county's
``test/data/demo_county_preset.yaml``: building land in 國1 becomes 國土保育用地). It is passed as ``PRESET`` to every
step and to the model.

The steps are methods of :class:`Demo`; tools/make_demo_register_expected.py and the tests run them too, with
:func:`run_in_process` instead of qgis_process where start-up time matters.
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
#: Demo parcels a landowner asks a certificate for (地政事務所|地段|地號); the third is a farmhouse in the 示範溪口
#: wetland (國1) that the demo preset designates 國土保育用地.
CERTIFICATE_KEYS = "HB|0266|0108-0000;HD|0642|0696-0000;HB|0388|0234-0000"
MARINE_LAYERS = ("人工魚礁區及保護礁區", "海底電纜或管道設置範圍", "港區範圍", "航道及其疏濬工程範圍", "錨地範圍",
                 "漁業權範圍", "國家級重要濕地")


def gpkg_layers(path: Path) -> list[str]:
    """Feature tables of a GeoPackage, in the order they were written."""
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        rows = db.execute(
            "SELECT table_name FROM gpkg_contents WHERE data_type = 'features' ORDER BY rowid"
        ).fetchall()
    return [r[0] for r in rows]


def companion_preset(data: Path) -> str:
    """The county preset shipped next to a county GeoPackage (``<stem>_preset.yaml``), '' when there is none."""
    path = data.with_name(data.stem + "_preset.yaml")
    return str(path) if path.exists() else ""


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


def run_in_process(alg: str, params: list[tuple[str, str]]) -> dict:
    """Run one algorithm with ``processing.run`` in this process (QGIS and the plugin's provider already set up, as
    in the tests): the same parameters as :func:`run_algorithm`, without qgis_process's start-up time. A key given
    several times, or naming a multiple-layer parameter, becomes a list. Returns what run_algorithm returns."""
    from qgis import processing
    from qgis.core import QgsApplication

    definition = QgsApplication.processingRegistry().algorithmById(alg)
    if definition is None:
        raise SystemExit(f"{alg} is not registered (is the twzoning provider loaded?)")
    multi = {p.name() for p in definition.parameterDefinitions() if p.type() == "multilayer"}
    values: dict = {}
    for key, value in params:
        if key in multi or key in values:
            current = values.get(key, [])
            values[key] = (current if isinstance(current, list) else [current]) + [value]
        else:
            values[key] = value
    started = time.monotonic()
    outputs = processing.run(alg, values)
    return {"results": outputs, "elapsed_s": round(time.monotonic() - started, 2)}


class Demo:
    """The chain on one county: a step is a method; its outputs are remembered for the next ones."""

    def __init__(self, data: Path, out: Path, preset: str | None = None, runner=None):
        """``preset``: PRESET of every step (None: :func:`companion_preset` of ``data``; '' for the national rules).
        ``runner(alg, params)``: :func:`run_algorithm` (qgis_process, the default) or :func:`run_in_process`."""
        self.data = data
        self.out = out
        self.layers = gpkg_layers(data)
        self.preset = companion_preset(data) if preset is None else preset
        self.runner = runner or run_algorithm
        self.summary: dict = {"data": str(data), "preset": self.preset, "steps": []}

    def layer(self, name: str) -> str:
        if name not in self.layers:
            raise SystemExit(f"{self.data} has no layer '{name}'")
        return f"{self.data}|layername={name}"

    def step(self, number: int, alg: str, params: list[tuple[str, str]], keys: list[str]) -> dict:
        if self.preset:
            params = params + [("PRESET", self.preset)]
        result = self.runner(alg, params)
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
        self.river_step(3)

    def river_step(self, number: int) -> None:
        params = [("RIVER_AREA_LINE", self.layer(RIVER_LINES[0])), ("REGULATION_LINE", self.layer(RIVER_LINES[1])),
                  ("ACQUISITION_LINE", self.layer(RIVER_LINES[2])), ("OUTPUT", str(self.out / "river_area.gpkg"))]
        self.step(number, "twzoning:riverboundary", params, ["MODE_USED", "AREA_M2"])

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
        self.step(5, "twzoning:assignparcels", params, ["PARCEL_COUNT", "PIECE_COUNT", "SPLIT_COUNT",
                                                                "CONSERVATION_OK", "UNACCOUNTED_COUNT"])
        params = [("INPUT", str(o / "parcels.gpkg")), ("OUTPUT", str(o / "parcels_sporadic.gpkg")),
                  ("OUTPUT_CANDIDATES", str(o / "candidates_sporadic.gpkg"))]
        self.step(6, "twzoning:sporadicland", params, ["CANDIDATE_COUNT", "ACCEPTED_COUNT"])
        params = [("INPUT", str(o / "parcels_sporadic.gpkg")), ("CANDIDATES", str(o / "candidates_sporadic.gpkg")),
                  ("OUTPUT", str(o / "parcels_units.gpkg")), ("OUTPUT_UNITS", str(o / "rural_units.gpkg")),
                  ("OUTPUT_CANDIDATES", str(o / "candidates.gpkg")), ("OUTPUT_XLSX", str(o / "candidates.xlsx"))]
        self.step(7, "twzoning:ruralunits", params, ["UNIT_COUNT", "CANDIDATE_COUNT"])

    def register_chain(self) -> dict:
        """The steps the land register depends on — delineate, assign parcels, sporadic land, rural units — then
        the register (what tools/make_demo_register_expected.py and test/qgis/test_demo_register.py run)."""
        self.delineate()
        self.parcels()
        return self.register(8)

    def documents(self) -> None:
        self.register(8)
        self.statistics(9)
        self.certificate(10)

    def register(self, number: int) -> dict:
        o = self.out
        params = [("INPUT", str(o / "parcels_units.gpkg")), ("CADASTRE_SOURCE", "示範縣地政處（合成資料）"),
                  ("CADASTRE_VERSION", "2026-01-01"), ("PRODUCED_AT", PRODUCED_AT),
                  ("OUTPUT_XLSX", str(o / "register.xlsx")), ("OUTPUT_CSV", str(o / "register.csv")),
                  ("OUTPUT", str(o / "register.gpkg"))]
        return self.step(number, "twzoning:landregister", params, [
            "ROW_COUNT", "EXCLUDED_COUNT", "PROVISIONAL_COUNT", "CONSERVATION_COUNT", "REGISTRABLE_COUNT",
            "CONSERVATION_OK"])

    def statistics(self, number: int) -> dict:
        o = self.out
        params = [("INPUT", str(o / "parcels_units.gpkg")), ("PRODUCED_AT", PRODUCED_AT),
                  ("OUTPUT_XLSX", str(o / "statistics.xlsx")), ("OUTPUT_CHART", str(o / "statistics.png"))]
        return self.step(number, "twzoning:zoningstatistics", params, ["TOTAL_AREA_M2", "PATCH_COUNT"])

    def check(self, number: int) -> None:
        """成果檢核: the demo's 'submitted' map (test/data/demo_submitted.gpkg, with deliberate differences of every
        type) against the plugin's own general-rule zoning."""
        sub = self.data.parent / "demo_submitted.gpkg"
        params = [("SUBMITTED", f"{sub}|layername=三階國土功能分區圖"), ("CLASS_FIELD", "分區分類"),
                  ("REFERENCE", str(self.out / "zoning.gpkg")), ("PARCELS", self.layer(PARCELS))]
        params += [("INDICATORS", self.layer(n)) for n in self.layers if n not in {PARCELS, SEA, MHT, COUNTY}]
        params += [("INDICATORS_NEW", f"{sub}|layername=自來水水質水量保護區_新版"),
                   ("LOCAL_RULES", f"{sub}|layername=因地制宜劃設範圍"), ("LOCAL_RULES_NAME_FIELD", "name"),
                   ("STAGE3", f"{sub}|layername=第3階段應辦事項"), ("STAGE3_NAME_FIELD", "name"),
                   ("OUTPUT", str(self.out / "check_differences.gpkg")),
                   ("OUTPUT_XLSX", str(self.out / "check_review.xlsx"))]
        self.step(number, "twzoning:checkresults", params, ["DIFFERENCE_COUNT", "DISCUSSION_COUNT", "ERROR_COUNT"])

    def certificate(self, number: int) -> dict:
        pieces = str(self.out / "parcels_units.gpkg")
        o = self.out
        params = [("INPUT", pieces), ("KEYS", CERTIFICATE_KEYS), ("APPLICANT", "示範申請人"),
                  ("AGENCY", "示範縣政府地政處"), ("PHONE", "03-3322101"), ("ANNOUNCE_DATE", "2025-04-30"),
                  ("PRINT_DATE", "2026-01-01"), ("OUTPUT", str(o / "certificate.pdf"))]
        return self.step(number, "twzoning:certificate", params, ["VERIFICATION_CODE", "PAGE_COUNT"])

    def model_params(self) -> list[tuple[str, str]]:
        """The parameters of the shipped model ``twzoning:zoningchain`` for this county: the same layers the
        step-by-step run gives each algorithm (tools/make_model.py links them)."""
        roles = {PARCELS, SEA, MHT, COUNTY}
        params = [("PARCELS", self.layer(PARCELS)), ("SEA", self.layer(SEA)), ("MHT", self.layer(MHT)),
                  ("COUNTY", self.layer(COUNTY)), ("URBAN_PLANS", self.layer(URBAN_PLANS)),
                  ("NATIONAL_PARKS", self.layer(NATIONAL_PARKS))]
        params += [("INDICATORS", self.layer(n)) for n in self.layers if n not in roles]
        params += [("MARINE_INDICATORS", self.layer(n)) for n in MARINE_LAYERS]
        params += [("CADASTRE_SOURCE", "示範縣地政處（合成資料）"), ("CADASTRE_VERSION", "2026-01-01"),
                   ("PRODUCED_AT", PRODUCED_AT), ("OUTPUT_FOLDER", str(self.out))]
        if self.preset:
            params.append(("PRESET", self.preset))
        return params

    def run_model(self) -> dict:
        """The chain through the shipped model: one qgis_process call (the Modeler path end to end)."""
        print(f"示範縣 demo county via the model: {self.data.name}, {len(self.layers)} layers, "
              f"preset {self.preset or '(national rules)'} -> {self.out}")
        result = self.runner("twzoning:zoningchain", self.model_params())
        self.summary["steps"].append({"step": 1, "algorithm": "twzoning:zoningchain",
                                      "elapsed_s": result["elapsed_s"], "outputs": result.get("results", {})})
        print(f"1. twzoning:zoningchain ({result['elapsed_s']} s): validate, delineate, assign, sporadic land, "
              "rural units, marine points, register, statistics")
        # the two steps the chain model does not hold: the river-boundary variants and a landowner's certificate
        self.river_step(2)
        self.certificate(3)
        self.check(4)
        (self.out / "summary.json").write_text(json.dumps(self.summary, ensure_ascii=False, indent=2),
                                               encoding="utf-8")
        print(f"Results in {self.out}")
        return self.summary

    def run(self) -> dict:
        print(f"示範縣 demo county: {self.data.name}, {len(self.layers)} layers, "
              f"preset {self.preset or '(national rules)'} -> {self.out}")
        self.validate()
        self.delineate()
        self.river()
        self.marine()
        self.parcels()
        self.documents()
        self.check(11)
        (self.out / "summary.json").write_text(json.dumps(self.summary, ensure_ascii=False, indent=2),
                                               encoding="utf-8")
        print(f"Results in {self.out}")
        return self.summary


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=ROOT / "test" / "data" / "demo_county.gpkg")
    parser.add_argument("--out", type=Path, default=ROOT / "demo-output")
    parser.add_argument("--preset", default=None,
                        help="county preset (shipped id or YAML path) passed as PRESET to every step; default: "
                             "<data stem>_preset.yaml next to the data when it exists; '' for the national rules")
    parser.add_argument("--via-model", action="store_true",
                        help="run the chain as one call of the shipped model twzoning:zoningchain")
    parser.add_argument("--both", action="store_true",
                        help="run the chain step by step into OUT and through the shipped model into OUT/model, "
                             "then check that both give the same register (what `make demo` does)")
    args = parser.parse_args(argv)
    out = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    demo = Demo(args.data.resolve(), out, args.preset)
    if args.both:
        demo.run()
        model_out = out / "model"
        model_out.mkdir(exist_ok=True)
        Demo(args.data.resolve(), model_out, args.preset).run_model()
        same = (out / "register.csv").read_bytes() == (model_out / "register.csv").read_bytes()
        print("Model path and step-by-step path give the same register.csv: " + ("yes" if same else "NO"))
        return 0 if same else 1
    if args.via_model:
        demo.run_model()
    else:
        demo.run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
