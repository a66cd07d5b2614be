# Taiwan Land Zoning Toolkit: set-up, tests, demo and packaging on Debian 12 (QGIS 3.22 from Debian).
# `make demo` and `make test` do every set-up step themselves on a fresh machine (as root, or with sudo).

SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
PROFILE := .build/profile
export QT_QPA_PLATFORM := offscreen
export XDG_RUNTIME_DIR ?= /tmp/runtime-$(shell id -u)

.PHONY: all deps system-deps venv profile lint test test-unit test-qgis demo demo-data package clean

all: test

system-deps:
	@bash tools/install_system_deps.sh

$(VENV)/.installed: requirements-dev.txt
	@$(MAKE) --no-print-directory system-deps
	@test -x $(PY) || /usr/bin/python3 -m venv --system-site-packages $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	@touch $@

venv: $(VENV)/.installed

deps: system-deps venv

profile: deps
	@bash tools/setup_profile.sh $(PROFILE)

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/flake8 .

test-unit: venv
	$(PY) -m pytest test/unit

test-qgis: profile
	$(PY) -m pytest test/qgis

test: profile lint
	@mkdir -p $(XDG_RUNTIME_DIR) && chmod 700 $(XDG_RUNTIME_DIR)
	$(PY) -m pytest

demo: profile
	$(PY) tools/demo.py --out demo-output

demo-data: venv
	$(PY) tools/make_demo_county.py --out test/data/demo_county.gpkg

package: venv
	$(PY) tools/package.py --out dist

clean:
	rm -rf .build dist demo-output .pytest_cache .ruff_cache
