# The two entry points README.md promises: `make demo` and `make test`.
# Each creates .venv and installs the package itself, so they work on a fresh clone.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SAMPLE := data/sample_localities/north-berwick
RUTLAND := data/sample_localities/rutland
DEMO_DATE ?= 2026-11-24
DEMO_LIMIT ?= 30
# `solve` exits 4 for a valid roster that leaves some visits unassigned: still a demo that worked.
UNMET_OK := || [ $$? -eq 4 ]

.PHONY: demo demo-rutland test lint install clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	# Compile the search core once (numba caches it), so that no first roster waits for it.
	$(BIN)/python -m rostering.solvers.engine._warm_up
	touch $(STAMP)

install: $(STAMP)

# The main job on both embedded samples: north-berwick (approximate travel) and rutland (real roads).
demo: $(STAMP)
	$(BIN)/rostering validate $(SAMPLE)
	$(BIN)/rostering solve $(SAMPLE) --out out/north-berwick --date $(DEMO_DATE) --time-limit $(DEMO_LIMIT) --seed 1 $(UNMET_OK)
	$(BIN)/rostering check $(SAMPLE) out/north-berwick
	$(BIN)/rostering map out/north-berwick --bundle $(SAMPLE) --out out/north-berwick/map.html
	$(MAKE) --no-print-directory demo-rutland

# The rutland sample on real roads: OSM matrices from the extract shipped in the sample (a few seconds),
# the nightly roster, the independent check, and the roster's map (offline HTML page and PNG).
demo-rutland: $(STAMP)
	$(BIN)/rostering matrix $(RUTLAND)
	$(BIN)/rostering solve $(RUTLAND) --out out/rutland --date $(DEMO_DATE) --time-limit $(DEMO_LIMIT) --seed 1 $(UNMET_OK)
	$(BIN)/rostering check $(RUTLAND) out/rutland
	$(BIN)/rostering map out/rutland --bundle $(RUTLAND) --out out/rutland/map.html --png out/rutland/map.png

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy

test: lint
	$(BIN)/pytest -q

clean:
	rm -rf $(VENV) out
