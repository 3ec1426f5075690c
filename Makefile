# Quick start: `make demo` then `make test`. Both create .venv when missing.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint typecheck pytest bench clean

$(STAMP): pyproject.toml setup.py flightsim/sim/_steploop.c
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

demo: $(STAMP)
	MPLBACKEND=Agg $(BIN)/flightsim demo

lint: $(STAMP)
	$(BIN)/ruff check flightsim scripts tests setup.py
	$(BIN)/ruff format --check flightsim scripts tests setup.py

typecheck: $(STAMP)
	$(BIN)/mypy

pytest: $(STAMP)
	MPLBACKEND=Agg $(BIN)/python -m pytest -q

test: lint typecheck pytest

bench: $(STAMP)
	$(BIN)/python scripts/bench_runner.py
	$(BIN)/python scripts/bench_validate.py
	$(BIN)/python scripts/bench_report.py

clean:
	rm -rf $(VENV) out .pytest_cache .mypy_cache .ruff_cache build flightsim/sim/*.so flightsim/config/*.so
