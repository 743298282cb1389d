PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint clean crash-test

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/samizdat demo --dir demo

test: $(STAMP)
	$(BIN)/pytest

# The full crash-safety run: 65 SIGKILLs over fetch, write, store and git (a few minutes).
crash-test: $(STAMP)
	SAMIZDAT_CRASH_FULL=1 $(BIN)/pytest tests/crash

lint: $(STAMP)
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests
	$(BIN)/mypy src

clean:
	rm -rf $(VENV) demo build *.egg-info src/*.egg-info
