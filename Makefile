# The two entry points README.md promises: `make demo` and `make test`.
# Each creates .venv and installs the package itself, so they work on a fresh clone.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SAMPLE := data/sample_localities/north-berwick
DEMO_DATE ?= 2026-11-24
DEMO_LIMIT ?= 60

.PHONY: demo test lint install clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	# Compile the search core once (numba caches it), so that no first roster waits for it.
	$(BIN)/python -m rostering.solvers.engine._warm_up
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/rostering validate $(SAMPLE)
	$(BIN)/rostering solve $(SAMPLE) --out out/north-berwick --date $(DEMO_DATE) --time-limit $(DEMO_LIMIT) --seed 1
	$(BIN)/rostering check $(SAMPLE) out/north-berwick

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy

test: lint
	$(BIN)/pytest -q

clean:
	rm -rf $(VENV) out
