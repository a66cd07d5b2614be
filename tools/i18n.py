"""Keep the Traditional Chinese translation current: extract ``tr()`` strings, update the .ts, compile the .qm.

Usage::

    python tools/i18n.py update    # add new source strings to i18n/twzoning_zh-Hant.ts (unfinished), drop vanished ones
    python tools/i18n.py check     # exit 1 if a string is missing from the .ts, a translation is unfinished,
                                   # or the .qm is older than the .ts
    python tools/i18n.py compile   # lrelease the .ts into the .qm

Source strings are found three ways, and the .ts holds their union, each string under its translation context
(``TwZoning`` for the algorithms and the plugin, ``TwZoningDock`` for the dock panel):

* statically: the English literals passed to ``tr("…")`` / ``self.tr("…")`` (in the context of the file's own
  module-level ``def tr`` when it has one, else ``TwZoning``), to ``QCoreApplication.translate("<context>", "…")``
  and to ``QT_TRANSLATE_NOOP("<context>", "…")`` (labels kept in tables and shown later through ``tr(label)``) in the
  plugin's Python files. An f-string in ``tr()`` is an error: it cannot be translated;
* from the Qt Designer forms (``*.ui`` beside their widget): every text ``uic`` translates when it builds the form
  (``setupUi`` → ``retranslateUi``), in the context uic uses, the form's class name (``<class>``), as pylupdate does;
* at run time (needs PyQGIS, headless): every text that goes through ``algorithms.base.tr`` while each algorithm of
  the provider is created and asked for its display name, group, help, parameters and outputs. This catches labels
  kept in tables and passed as ``tr(label)`` (groups, enum options, loops over parameter specs).

Without PyQGIS only the static strings are checked (and obsolete entries are not reported).
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
CONTEXT = "TwZoning"  # the default context (algorithms, plugin); the plugin's contexts all start with it
SOURCES = ("plugin.py", "algorithms", "ui")

#: A message of the .ts: (context, English source).
Key = tuple


def source_files(suffix: str = ".py") -> list[Path]:
    files = []
    for name in SOURCES:
        path = ROOT / name
        files += sorted(path.rglob("*" + suffix)) if path.is_dir() else [path]
    return [f for f in files if f.exists() and f.suffix == suffix]


def _module_context(tree: ast.Module) -> str:
    """The context of ``tr()`` in a module: the one its module-level ``def tr`` passes to ``translate``."""
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and node.name == "tr":
            for call in ast.walk(node):
                if (isinstance(call, ast.Call) and getattr(call.func, "attr", None) == "translate" and call.args
                        and isinstance(call.args[0], ast.Constant) and isinstance(call.args[0].value, str)):
                    return call.args[0].value
    return CONTEXT


class _Finder(ast.NodeVisitor):
    def __init__(self, path: Path, context: str):
        self.path = path
        self.context = context
        self.found: list[tuple[Key, int]] = []
        self.errors: list[str] = []

    def visit_Call(self, node: ast.Call):  # noqa: N802 (ast API)
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
        arg, context = None, self.context
        if name == "tr" and node.args:
            arg = node.args[0]
        elif name in ("translate", "QT_TRANSLATE_NOOP", "_translate") and len(node.args) >= 2:
            ctx = node.args[0]
            if isinstance(ctx, ast.Constant) and isinstance(ctx.value, str) and ctx.value.startswith(CONTEXT):
                arg, context = node.args[1], ctx.value
        if arg is not None:
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                self.found.append(((context, arg.value), node.lineno))
            elif isinstance(arg, ast.JoinedStr):
                self.errors.append(f"{_relative(self.path)}:{node.lineno}: f-string inside tr()")
        self.generic_visit(node)


def python_strings(path: Path, text: str | None = None) -> tuple[list[tuple[Key, int]], list[str]]:
    """(context, source) and line of every translatable literal of one Python file, plus errors."""
    tree = ast.parse(path.read_text(encoding="utf-8") if text is None else text, filename=str(path))
    finder = _Finder(path, _module_context(tree))
    finder.visit(tree)
    return finder.found, finder.errors


def ui_strings(path: Path) -> tuple[list[tuple[Key, int]], list[str]]:
    """(context, source) of every text ``uic`` translates in a Qt Designer form, read from the code uic generates
    for it (so exactly the texts and the context — the form's class name — the running form asks for). The line
    is the line of the text in the .ui file."""
    from io import StringIO

    try:
        from qgis.PyQt import uic
    except ImportError:  # no PyQGIS: read the form itself, as pylupdate does
        return _ui_xml_strings(path), []
    code = StringIO()
    uic.compileUi(str(path), code)
    found, errors = python_strings(path, code.getvalue())
    lines = path.read_text(encoding="utf-8").splitlines()
    located = []
    for key, _line in found:
        needle = ET.Element("string")
        needle.text = key[1]
        escaped = ET.tostring(needle, encoding="unicode")[len("<string>"):-len("</string>")]
        line = next((i + 1 for i, text in enumerate(lines) if escaped in text), 0)
        located.append((key, line))
    return located, errors


def _ui_xml_strings(path: Path) -> list[tuple[Key, int]]:
    """The translatable ``<string>`` texts of a form (not ``notr="true"``) under its ``<class>``; line 0."""
    root = ET.parse(path).getroot()
    context = root.findtext("class") or ""
    return [((context, el.text), 0) for el in root.iter("string") if el.text and el.get("notr") != "true"]


def extract() -> tuple[dict[Key, list[str]], list[str]]:
    """(context, source) → locations, plus errors (f-strings in tr())."""
    strings: dict[Key, list[str]] = {}
    errors: list[str] = []
    files = [(p, python_strings) for p in source_files(".py")] + [(p, ui_strings) for p in source_files(".ui")]
    for path, reader in files:
        found, errs = reader(path)
        errors += errs
        for key, line in found:
            strings.setdefault(key, []).append(f"{_relative(path)}:{line}")
    return strings, errors


def _relative(path: Path) -> str:
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def runtime_strings() -> dict[Key, list[str]] | None:
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

    found: dict[Key, list[str]] = {}
    where = ["algorithms/provider.py"]

    class _Recorder:
        @staticmethod
        def translate(context, text, *_args):
            if context.startswith(CONTEXT):
                found.setdefault((context, text), [f"{where[0]}:0"])
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


def all_strings() -> tuple[dict[Key, list[str]], list[str], bool]:
    """Static and run-time source strings (static locations first), errors, and whether the run-time pass ran."""
    strings, errors = extract()
    runtime = runtime_strings()
    for text, locs in (runtime or {}).items():
        strings.setdefault(text, locs)
    return strings, errors, runtime is not None


def read_ts(path: Path = TS) -> dict[Key, tuple[str, bool]]:
    """(context, source) → (translation, finished)."""
    if not path.exists():
        return {}
    out = {}
    for ctx in ET.parse(path).getroot().iter("context"):
        name = ctx.findtext("name") or ""
        for message in ctx.iter("message"):
            source = message.findtext("source") or ""
            tr_el = message.find("translation")
            text = (tr_el.text or "") if tr_el is not None else ""
            finished = tr_el is not None and tr_el.get("type") not in ("unfinished", "obsolete") and bool(text)
            out[(name, source)] = (text, finished)
    return out


def write_ts(strings: dict[Key, list[str]], known: dict[Key, tuple[str, bool]], path: Path = TS) -> None:
    """One ``<context>`` per context. A string new in its context takes the finished translation the same source
    has in another context (a text moved from the algorithms to the panel keeps its translation)."""
    by_source = {source: entry for (_ctx, source), entry in sorted(known.items()) if entry[1]}
    root = ET.Element("TS", version="2.1", language="zh_TW", sourcelanguage="en")
    for context in sorted({c for c, _s in strings}):
        ctx = ET.SubElement(root, "context")
        ET.SubElement(ctx, "name").text = context
        for key in sorted(k for k in strings if k[0] == context):
            source = key[1]
            message = ET.SubElement(ctx, "message")
            for loc in strings[key][:1]:
                filename, line = loc.rsplit(":", 1)
                ET.SubElement(message, "location", filename=f"../{filename}", line=line)
            ET.SubElement(message, "source").text = source
            text, finished = known.get(key) or by_source.get(source, ("", False))
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
    problems += [f"not in {TS.name}: [{c}] {s!r} ({locs[0]})" for (c, s), locs in sorted(strings.items())
                 if (c, s) not in known]
    problems += [f"unfinished: [{c}] {s!r}" for c, s in sorted(strings) if (c, s) in known and not known[c, s][1]]
    if complete:
        problems += [f"obsolete in {TS.name}: [{c}] {s!r}" for c, s in sorted(known) if (c, s) not in strings]
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
