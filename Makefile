# Two commands set everything up on a fresh machine:
#   make demo   — virtualenv, install, local services, the sample organisation through Airflow
#   make test   — virtualenv with the dev extras, throwaway services, the whole test suite
#   make bench  — every stage beside its raw baseline (POSTS=100000), into bench/results.json
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test system-tools bench lint services-down clean
POSTS ?= 100000

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/archivist demo

test: $(STAMP) system-tools
	$(BIN)/python -m pytest

# Debian packages the tests drive: chromium for the browser tests (Playwright never downloads
# a browser of its own), openssl as the time-stamp authority of the RFC 3161 tests.
system-tools:
	command -v chromium >/dev/null && command -v openssl >/dev/null || \
		(apt-get update -qq && apt-get install -y -qq chromium openssl)

bench: $(STAMP)
	$(BIN)/python -m bench.run --posts $(POSTS)

lint: $(STAMP)
	$(BIN)/ruff check schemas pipeline search dags tests

services-down: $(STAMP)
	$(BIN)/archivist services down

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache
