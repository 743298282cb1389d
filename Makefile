PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint bench bench-full clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/samizdat demo --dir demo

test: $(STAMP)
	$(BIN)/pytest

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy src

# Quick benchmarks (small sizes, a few minutes); results in bench/results/quick/.
bench: $(STAMP)
	$(BIN)/python -m bench.run

# The sizes of the performance targets (the first run seeds a 100,000-page mirror,
# cached in bench/.cache/); results in bench/results/full/.
bench-full: $(STAMP)
	$(BIN)/python -m bench.run --full

clean:
	rm -rf $(VENV) demo build *.egg-info src/*.egg-info bench/.cache
