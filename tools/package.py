"""Build the plugin zip that QGIS installs through Plugins > Install from ZIP.

The zip holds one folder, ``twzoning/``, with the plugin files that git tracks, minus tests, tools and developer
files. Usage: ``python tools/package.py [--out dist]``; prints the zip's path.
"""
from __future__ import annotations

import argparse
import configparser
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: Top-level entries that are for developers only.
EXCLUDED_TOP = {"test", "tools", ".ci", ".gitignore", "Makefile", "pyproject.toml", "requirements-dev.txt", "bench",
                "docs"}
#: Fixed timestamp so the same tree gives the same zip.
STAMP = (2026, 1, 1, 0, 0, 0)


def plugin_files() -> list[Path]:
    tracked = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout
    files = [Path(p) for p in tracked.decode("utf-8").split("\0") if p]
    extra = sorted((ROOT / "i18n").glob("*.qm"))  # compiled translations may be built, not tracked
    files += [p.relative_to(ROOT) for p in extra if p.relative_to(ROOT) not in files]
    return sorted(p for p in files if p.parts[0] not in EXCLUDED_TOP and (ROOT / p).is_file())


def version() -> str:
    meta = configparser.ConfigParser()
    meta.read(ROOT / "metadata.txt", encoding="utf-8")
    return meta["general"]["version"]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=ROOT / "dist")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    target = args.out / f"twzoning-{version()}.zip"
    tmp = target.with_suffix(".zip.tmp")
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zf:
        for rel in plugin_files():
            info = zipfile.ZipInfo(str(Path("twzoning") / rel), date_time=STAMP)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, (ROOT / rel).read_bytes())
    tmp.replace(target)
    print(target)
    return 0


if __name__ == "__main__":
    sys.exit(main())
