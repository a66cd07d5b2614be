#!/usr/bin/env bash
# Make an isolated QGIS profile whose plugin folder holds this checkout as `twzoning`, and enable the plugin.
# Usage: tools/setup_profile.sh [PROFILE_DIR] [PLUGIN_DIR]   (defaults: .build/profile, this checkout)
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
PROFILE="${1:-$ROOT/.build/profile}"
PLUGIN="${2:-$ROOT}"
PLUGINS_DIR="$PROFILE/profiles/default/python/plugins"
mkdir -p "$PLUGINS_DIR"
ln -sfn "$PLUGIN" "$PLUGINS_DIR/twzoning"
# qgis_process exits non-zero when the plugin is already enabled: that is success here.
if ! out=$(TWZONING_PROFILE="$PROFILE" "$ROOT/tools/qgis_process.sh" plugins enable twzoning 2>&1); then
  if ! grep -q "already enabled" <<<"$out"; then
    echo "qgis_process could not enable the plugin in $PROFILE:" >&2
    echo "$out" >&2
    exit 1
  fi
fi
echo "Profile ready: $PROFILE (plugin twzoning enabled)"
