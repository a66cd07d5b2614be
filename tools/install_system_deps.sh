#!/usr/bin/env bash
# Install the Debian 12 packages the plugin, its tests and its demo need (QGIS 3.22 from Debian), if missing.
# Idempotent and quick when everything is there. Needs root (or sudo) only when something is missing.
set -euo pipefail
PACKAGES=(qgis python3-qgis qgis-providers pyqt5-dev-tools qttools5-dev-tools xvfb python3-venv poppler-utils fonts-noto-cjk python3-matplotlib)
missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "Installing Debian packages: ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "Missing packages (${missing[*]}) and not root: run as root: apt-get install -y ${missing[*]}" >&2; exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "Debian packages installed."
