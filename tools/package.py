"""Build the plugin zip that QGIS installs through Plugins > Install from ZIP.

The zip holds one folder, ``twzoning/``, with the plugin's runtime files: the files git knows (tracked, plus new
files not ignored, so a release built before a commit is complete), minus tests, tools, documentation sources and
developer files, plus the compiled translation ``i18n/twzoning_zh-Hant.qm`` (recompiled here when the .ts is newer
or the .qm is missing, so the zip never ships a stale translation).

Before writing, ``metadata.txt`` is checked: a ``version`` ``X.Y.Z``, and a ``changelog`` whose first entry is that
version (QGIS shows it in the plugin manager); the version must equal ``pyproject.toml``'s. The changelog of the
build is printed from metadata, and the zip is reproducible (fixed timestamps, sorted entries).

Usage: ``python tools/package.py [--out dist]``; prints the zip's path on the last line.
"""
from __future__ import annotations

import argparse
import configparser
import re
import subprocess
import sys
import zipfile
from pathlib import Path, PurePosixPath

ROOT = Path(__file__).resolve().parent.parent
PLUGIN = "twzoning"
#: Top-level entries that are for developers only.
EXCLUDED_TOP = {"test", "tools", "docs", "bench", ".ci", ".benchmarks", ".build", ".venv", "dist", "demo-output",
                "Makefile", "pyproject.toml", "requirements-dev.txt", "README.md"}
#: Files that never go in, wherever they are.
EXCLUDED_SUFFIXES = {".pyc", ".pyo", ".ts", ".orig", ".rej", ".tmp"}
#: What must be in every zip.
REQUIRED = ("__init__.py", "metadata.txt", "plugin.py", "algorithms/provider.py", "i18n/twzoning_zh-Hant.qm",
            "models/zoning_chain.model3")
#: Fixed timestamp so the same tree gives the same zip.
STAMP = (2026, 1, 1, 0, 0, 0)
VERSION_RE = re.compile(r"^\d+\.\d+\.\d+$")


class PackageError(Exception):
    """The tree cannot be packaged (metadata, missing files)."""


def metadata() -> configparser.SectionProxy:
    meta = configparser.ConfigParser(interpolation=None)
    meta.read(ROOT / "metadata.txt", encoding="utf-8")
    return meta["general"]


def version() -> str:
    return metadata()["version"].strip()


def changelog() -> list[tuple[str, str]]:
    """The metadata changelog as ``(version, text)`` entries, newest first (lines ``X.Y.Z - text``)."""
    entries: list[tuple[str, str]] = []
    for line in metadata().get("changelog", "").splitlines():
        line = line.strip()
        match = re.match(r"^(\d+\.\d+\.\d+)\s*[-:]\s*(.*)$", line)
        if match:
            entries.append((match.group(1), match.group(2)))
        elif line and entries:
            entries[-1] = (entries[-1][0], entries[-1][1] + " " + line)
    return entries


def check_metadata() -> list[str]:
    """Problems that would make a bad release: version, changelog, pyproject agreement."""
    problems = []
    meta = metadata()
    ver = meta.get("version", "").strip()
    if not VERSION_RE.match(ver):
        problems.append(f"metadata.txt: version {ver!r} is not X.Y.Z")
    log = changelog()
    if not log:
        problems.append("metadata.txt: changelog is empty (lines 'X.Y.Z - what changed', newest first)")
    elif log[0][0] != ver:
        problems.append(f"metadata.txt: the changelog's first entry is {log[0][0]}, the version is {ver}: "
                        "add an entry for this version")
    for key in ("name", "qgisMinimumVersion", "description", "about", "author", "email", "repository"):
        if not meta.get(key, "").strip():
            problems.append(f"metadata.txt: {key} is empty")
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    match = re.search(r'^version\s*=\s*"([^"]+)"', pyproject, re.M)
    if match and match.group(1) != ver:
        problems.append(f"pyproject.toml version {match.group(1)} differs from metadata.txt {ver}")
    return problems


def ensure_qm() -> None:
    """Compile the translation when the .qm is missing or older than the .ts."""
    ts = ROOT / "i18n" / "twzoning_zh-Hant.ts"
    qm = ts.with_suffix(".qm")
    if ts.exists() and (not qm.exists() or qm.stat().st_mtime < ts.stat().st_mtime):
        subprocess.run([sys.executable, str(ROOT / "tools" / "i18n.py"), "compile"], check=True)


def is_plugin_file(rel: PurePosixPath) -> bool:
    parts = rel.parts
    if not parts or parts[0] in EXCLUDED_TOP:
        return False
    if any(p.startswith(".") or p == "__pycache__" for p in parts):
        return False
    return rel.suffix not in EXCLUDED_SUFFIXES


def plugin_files() -> list[PurePosixPath]:
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=ROOT,
                            capture_output=True, check=True).stdout
    files = {PurePosixPath(p) for p in listed.decode("utf-8").split("\0") if p}
    files |= {PurePosixPath(p.relative_to(ROOT).as_posix()) for p in (ROOT / "i18n").glob("*.qm")}
    return sorted(p for p in files if is_plugin_file(p) and (ROOT / p).is_file())


def build(out: Path) -> Path:
    problems = check_metadata()
    if problems:
        raise PackageError("\n".join(problems))
    ensure_qm()
    files = plugin_files()
    missing = [r for r in REQUIRED if PurePosixPath(r) not in files]
    if missing:
        raise PackageError("missing from the package: " + ", ".join(missing))
    out.mkdir(parents=True, exist_ok=True)
    target = out / f"{PLUGIN}-{version()}.zip"
    tmp = target.with_suffix(".zip.tmp")
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zf:
        for rel in files:
            info = zipfile.ZipInfo(f"{PLUGIN}/{rel}", date_time=STAMP)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, (ROOT / rel).read_bytes())
    tmp.replace(target)
    return target


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=ROOT / "dist")
    args = parser.parse_args(argv)
    try:
        target = build(args.out)
    except PackageError as exc:
        print(exc, file=sys.stderr)
        return 1
    with zipfile.ZipFile(target) as zf:
        count = len(zf.namelist())
    print(f"{PLUGIN} {version()}: {count} files")
    for ver, text in changelog():
        print(f"  {ver} - {text}")
    print(target)
    return 0


if __name__ == "__main__":
    sys.exit(main())
