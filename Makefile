PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint bench bench-full clean crash-test browser qrencode

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/samizdat demo --dir demo

test: $(STAMP) browser
	$(BIN)/pytest

# The full crash-safety run: 65 SIGKILLs over fetch, write, store and git (a few minutes).
crash-test: $(STAMP)
	SAMIZDAT_CRASH_FULL=1 $(BIN)/pytest tests/crash

# The browser tests drive Debian's chromium (and CJK, Burmese and Tibetan fonts for
# readable screenshots).
# Installed here when missing: as root, or through sudo when it needs no password.
APT_BROWSER := apt-get install -y -q --no-install-recommends chromium fonts-wqy-microhei \
  fonts-sil-padauk fonts-tibetan-machine
browser:
	@if [ ! -x /usr/bin/chromium ]; then \
	  echo "installing Debian's chromium for the browser tests"; \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -q && DEBIAN_FRONTEND=noninteractive $(APT_BROWSER); \
	  elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then \
	    sudo apt-get update -q && sudo DEBIAN_FRONTEND=noninteractive $(APT_BROWSER); \
	  else \
	    echo "cannot install chromium (not root, no sudo): browser tests will skip" \
	      "(and fail in CI)"; \
	  fi; \
	fi

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy src

# The baseline scenario times the older scripts, which ran one `qrencode` process per
# page; installed here when missing, like chromium (else segno's command line stands in).
qrencode:
	@if ! command -v qrencode >/dev/null; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get install -y -q --no-install-recommends qrencode || true; \
	  elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then \
	    sudo apt-get install -y -q --no-install-recommends qrencode || true; \
	  fi; \
	fi

# Quick benchmarks (small sizes, a few minutes); results in bench/results/quick/.
bench: $(STAMP) qrencode
	$(BIN)/python -m bench.run

# The sizes of the performance targets (the first run seeds a 100,000-page mirror,
# cached in bench/.cache/); results in bench/results/full/.
bench-full: $(STAMP) qrencode
	$(BIN)/python -m bench.run --full

clean:
	rm -rf $(VENV) demo build *.egg-info src/*.egg-info bench/.cache
