# Resume Chat — one entry point for developers and CI. `make dev` runs the app, `make test` checks everything.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
export PYTHONPATH := $(CURDIR)/lambdas:$(CURDIR)
export PIP_DISABLE_PIP_VERSION_CHECK := 1

PORT ?= 8000
STAGE ?= dev

.PHONY: help
help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-12s %s\n", $$1, $$2}'

# ---------------------------------------------------------------- setup (each step runs only when its inputs change)
$(VENV)/.installed: requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements-dev.txt
	touch $@

.PHONY: venv
venv: $(VENV)/.installed ## Create .venv and install Python dependencies

# ---------------------------------------------------------------- run
.PHONY: dev
dev: venv ## Set up and start the app on http://127.0.0.1:$(PORT) with the embedded store
	$(PY) -m local

.PHONY: openapi
openapi: venv ## Regenerate docs/openapi.json from the handlers
	$(PY) -m local.openapi --write docs/openapi.json

# ---------------------------------------------------------------- checks
.PHONY: lint
lint: venv ## ruff (lint + format check) and mypy
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

.PHONY: format
format: venv ## Apply ruff formatting and safe fixes
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

.PHONY: test
test: venv lint ## Install what tests need, lint, run every test tier
	$(PY) -m pytest -n 2 tests
