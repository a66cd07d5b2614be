"""Keep the Traditional Chinese translation current: extract ``tr()`` strings, update the .ts, compile the .qm.

Usage::

    python tools/i18n.py update    # add new source strings to i18n/twzoning_zh-Hant.ts (unfinished), drop vanished ones
    python tools/i18n.py check     # exit 1 if a string is missing from the .ts, a translation is unfinished,
                                   # or the .qm is older than the .ts
    python tools/i18n.py compile   # lrelease the .ts into the .qm

Source strings are found two ways, and the .ts holds their union:

* statically: the English literals passed to ``tr("…")`` / ``self.tr("…")`` /
  ``QCoreApplication.translate("TwZoning", "…")`` in the plugin's Python files (an f-string in ``tr()`` is an error:
  it cannot be translated);
* at run time (needs PyQGIS, headless): every text that goes through ``algorithms.base.tr`` while each algorithm of
  the provider is created and asked for its display name, group, help, parameters and outputs. This catches labels
  kept in tables and passed as ``tr(label)`` (groups, enum options, loops over parameter specs).

Without PyQGIS only the static strings are checked (and obsolete entries are not reported). The context is always
``TwZoning``.
"""
from __future__ import annotations

import argparse
import ast
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TS = ROOT / "i18n" / "twzoning_zh-Hant.ts"
QM = TS.with_suffix(".qm")
CONTEXT = "TwZoning"
SOURCES = ("plugin.py", "algorithms", "ui")


def source_files() -> list[Path]:
    files = []
    for name in SOURCES:
        path = ROOT / name
        files += sorted(path.rglob("*.py")) if path.is_dir() else [path]
    return [f for f in files if f.exists()]


class _Finder(ast.NodeVisitor):
    def __init__(self, path: Path):
        self.path = path
        self.found: list[tuple[str, int]] = []
        self.errors: list[str] = []

    def visit_Call(self, node: ast.Call):  # noqa: N802 (ast API)
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
        arg = None
        if name == "tr" and node.args:
            arg = node.args[0]
        elif name == "translate" and len(node.args) >= 2:
            ctx = node.args[0]
            if isinstance(ctx, ast.Constant) and ctx.value == CONTEXT:
                arg = node.args[1]
        if arg is not None:
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                self.found.append((arg.value, node.lineno))
            elif isinstance(arg, ast.JoinedStr):
                self.errors.append(f"{self.path.relative_to(ROOT)}:{node.lineno}: f-string inside tr()")
        self.generic_visit(node)


def extract() -> tuple[dict[str, list[str]], list[str]]:
    """Source string → locations, plus errors (f-strings in tr())."""
    strings: dict[str, list[str]] = {}
    errors: list[str] = []
    for path in source_files():
        finder = _Finder(path)
        finder.visit(ast.parse(path.read_text(encoding="utf-8"), filename=str(path)))
        errors += finder.errors
        for text, line in finder.found:
            strings.setdefault(text, []).append(f"{path.relative_to(ROOT)}:{line}")
    return strings, errors


def runtime_strings() -> dict[str, list[str]] | None:
    """Texts passed to ``tr()`` while the provider's algorithms are built and described; None without PyQGIS."""
    sys.path.insert(0, str(ROOT / "tools"))
    try:
        import make_docs
        make_docs.qgis_app()
    except ImportError:
        return None
    finally:
        sys.path.pop(0)
    make_docs.load_package()
    import twzoning.algorithms.base as base
    from twzoning.algorithms.provider import TwZoningProvider, algorithm_classes

    found: dict[str, list[str]] = {}
    where = ["algorithms/provider.py"]

    class _Recorder:
        @staticmethod
        def translate(context, text, *_args):
            if context == CONTEXT:
                found.setdefault(text, [f"{where[0]}:0"])
            return text

    original = base.QCoreApplication
    base.QCoreApplication = _Recorder
    try:
        prov = TwZoningProvider()
        prov.name(), prov.longName()
        for cls in algorithm_classes():
            where[0] = f"algorithms/{sys.modules[cls.__module__].__file__.rsplit('/', 1)[-1]}"
            alg = cls()
            alg.initAlgorithm({})
            make_docs.alg_texts(alg)
        import twzoning.algorithms.provider as provider_module

        where[0] = "algorithms/provider.py"
        for path in getattr(provider_module, "model_paths", list)():  # shipped models: texts they pass to tr()
            make_docs.alg_texts(provider_module.ShippedModel(path))
    finally:
        base.QCoreApplication = original
    return found


def all_strings() -> tuple[dict[str, list[str]], list[str], bool]:
    """Static and run-time source strings (static locations first), errors, and whether the run-time pass ran."""
    strings, errors = extract()
    runtime = runtime_strings()
    for text, locs in (runtime or {}).items():
        strings.setdefault(text, locs)
    return strings, errors, runtime is not None


def read_ts(path: Path = TS) -> dict[str, tuple[str, bool]]:
    """Source → (translation, finished)."""
    if not path.exists():
        return {}
    out = {}
    for message in ET.parse(path).getroot().iter("message"):
        source = message.findtext("source") or ""
        tr_el = message.find("translation")
        text = (tr_el.text or "") if tr_el is not None else ""
        finished = tr_el is not None and tr_el.get("type") not in ("unfinished", "obsolete") and bool(text)
        out[source] = (text, finished)
    return out


def write_ts(strings: dict[str, list[str]], known: dict[str, tuple[str, bool]], path: Path = TS) -> None:
    root = ET.Element("TS", version="2.1", language="zh_TW", sourcelanguage="en")
    ctx = ET.SubElement(root, "context")
    ET.SubElement(ctx, "name").text = CONTEXT
    for source in sorted(strings):
        message = ET.SubElement(ctx, "message")
        for loc in strings[source][:1]:
            filename, line = loc.rsplit(":", 1)
            ET.SubElement(message, "location", filename=f"../{filename}", line=line)
        ET.SubElement(message, "source").text = source
        text, finished = known.get(source, ("", False))
        tr_el = ET.SubElement(message, "translation")
        tr_el.text = text
        if not finished:
            tr_el.set("type", "unfinished")
    ET.indent(root)
    path.parent.mkdir(parents=True, exist_ok=True)
    body = ET.tostring(root, encoding="unicode")
    path.write_text('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n' + body + "\n", encoding="utf-8")


def lrelease() -> str:
    for candidate in ("lrelease", "/usr/lib/qt5/bin/lrelease", "lrelease-qt5"):
        found = shutil.which(candidate) or (candidate if Path(candidate).exists() else None)
        if found:
            return found
    raise SystemExit("lrelease not found: install qttools5-dev-tools (make deps does)")


def compile_qm() -> None:
    subprocess.run([lrelease(), "-silent", str(TS), "-qm", str(QM)], check=True)


def check() -> int:
    strings, errors, complete = all_strings()
    known = read_ts()
    problems = list(errors)
    problems += [f"not in {TS.name}: {s!r} ({locs[0]})" for s, locs in sorted(strings.items()) if s not in known]
    problems += [f"unfinished: {s!r}" for s in sorted(strings) if s in known and not known[s][1]]
    if complete:
        problems += [f"obsolete in {TS.name}: {s!r}" for s in sorted(known) if s not in strings]
    else:
        print("PyQGIS not available: run-time strings and obsolete entries not checked")
    if not QM.exists():
        problems.append(f"{QM.name} is missing: run `python tools/i18n.py compile`")
    else:
        with_tmp = QM.with_suffix(".check.qm")
        subprocess.run([lrelease(), "-silent", str(TS), "-qm", str(with_tmp)], check=True)
        same = with_tmp.read_bytes() == QM.read_bytes()
        with_tmp.unlink()
        if not same:
            problems.append(f"{QM.name} is not compiled from the current {TS.name}: run `python tools/i18n.py compile`")
    for p in problems:
        print(p)
    print(f"{len(strings)} strings, {len(problems)} problems")
    return 1 if problems else 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=["update", "check", "compile"])
    args = parser.parse_args(argv)
    if args.command == "update":
        strings, errors, complete = all_strings()
        if not complete:
            print("PyQGIS not available: only the static tr() strings are extracted; run with the project's venv")
            return 1
        for e in errors:
            print(e)
        write_ts(strings, read_ts())
        print(f"{TS.relative_to(ROOT)}: {len(strings)} strings")
        return 1 if errors else 0
    if args.command == "compile":
        compile_qm()
        return 0
    return check()


if __name__ == "__main__":
    sys.exit(main())
