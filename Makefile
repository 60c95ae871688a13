# Quick start: `make run` starts the hub on its embedded default; `make test` runs the suite.
# Both create .venv and install what they need.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PIP    := $(BIN)/python -m pip

.PHONY: run test test-fast soak bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(PIP) install -q -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml | $(BIN)/python
	$(PIP) install -q -e '.[dev]'
	touch $@ $(VENV)/.installed

run: $(VENV)/.installed
	$(BIN)/hub up

test: $(VENV)/.installed-dev
	$(BIN)/python -m pytest -q -m "not soak"

# Minutes long: the SIGKILL test over 21,000 events (tests/processors/test_crash_recovery.py).
soak: $(VENV)/.installed-dev
	$(BIN)/python -m pytest -q -m soak

test-fast: $(VENV)/.installed-dev
	$(BIN)/python -m pytest -q -m "not integration and not soak"

bench: $(VENV)/.installed-dev
	$(BIN)/hub bench pipeline

# The archive: archive rate, size per 100k events, ack latency, verify and replay rates (docs/performance.md).
.PHONY: bench-replay
bench-replay: $(VENV)/.installed-dev
	$(BIN)/hub bench replay --events 100000

clean:
	rm -rf $(VENV) .hub .pytest_cache
