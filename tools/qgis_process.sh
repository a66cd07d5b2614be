#!/usr/bin/env bash
# Run Debian's qgis_process headless with the plugin enabled in an isolated profile (.build/profile) and the
# project's venv packages (shapely 2, numpy 1.26, pandas) visible to the embedded system Python.
# Usage: tools/qgis_process.sh [--json] run twzoning:validateinputs -- PARCELS=... INDICATORS=...
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
export QT_QPA_PLATFORM=offscreen
export QGIS_CUSTOM_CONFIG_PATH="${TWZONING_PROFILE:-$ROOT/.build/profile}"
export PYTHONPATH="$ROOT/.venv/lib/python3.11/site-packages${PYTHONPATH:+:$PYTHONPATH}"
export XDG_RUNTIME_DIR="${XDG_RUNTIME_DIR:-/tmp/runtime-$(id -u)}"
mkdir -p "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
exec /usr/bin/qgis_process.bin "$@"
