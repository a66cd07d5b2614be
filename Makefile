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
	$(PY) tools/demo.py --both --out demo-output

demo-data: venv
	$(PY) tools/make_demo_county.py --out test/data/demo_county.gpkg

package: venv
	$(PY) tools/package.py --out dist

clean:
	rm -rf .build dist demo-output .pytest_cache .ruff_cache

.PHONY: docs i18n-check

# The algorithm reference in docs/ (both languages), generated from the registered provider.
docs: venv
	$(PY) tools/make_docs.py

# CI: the .ts holds every tr() string, translated; the .qm is compiled from it; the generated docs are current.
i18n-check: venv
	$(PY) tools/i18n.py check
	$(PY) tools/make_docs.py --check

.PHONY: batch
# The chain (the shipped model twzoning:zoningchain) over every county sub-folder of COUNTIES, JOBS at once
# (default: the number of cores); national summary in BATCH_OUT/summary.xlsx. Unchanged counties are skipped.
COUNTIES ?= counties
BATCH_OUT ?= batch-output
batch: profile
	$(PY) tools/batch.py $(COUNTIES) --out $(BATCH_OUT) $(if $(JOBS),--jobs $(JOBS))

.PHONY: bench
# County-scale benchmark (issue #10): the chain at 10 k, 100 k and 1 M synthetic parcels beside the QGIS-native chain.
# One process per size; JSON, plot and summary table in bench/results/ (see bench/README.md). BENCH_SIZES=10000 for a
# quick run.
BENCH_SIZES ?= 10000,100000,1000000
bench: venv
	@mkdir -p $(XDG_RUNTIME_DIR) && chmod 700 $(XDG_RUNTIME_DIR)
	$(PY) tools/bench.py --sizes $(BENCH_SIZES)
