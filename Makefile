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
# Extra CDK context for synth/deploy/diff/destroy, e.g. CONTEXT="-c alarmEmail=me@example.com -c llmProvider=openai"
CONTEXT ?=
# The CDK CLI (npm) runs through npx at this pinned version: nothing to install globally.
CDK_CLI_VERSION ?= 2.1148.1
CDK := npx --yes aws-cdk@$(CDK_CLI_VERSION)
# Reported by GET /api/health: the commit being deployed.
APP_VERSION ?= $(shell git rev-parse --short HEAD 2>/dev/null || echo dev)
CDK_ARGS := -c stage=$(STAGE) -c appVersion=$(APP_VERSION) $(CONTEXT)
# jsii warns loudly about Node 20's end of life; the CDK still runs on it.
export JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION := 20
# make loadtest: target URL (empty = a local runtime started for the run), users, run time, optional sweep/plot
URL ?=
USERS ?= 10
DURATION ?= 30s
SWEEP ?=
PLOT ?=

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

FRONTEND_DEPS := frontend/node_modules/.installed
$(FRONTEND_DEPS): frontend/package.json frontend/package-lock.json
	cd frontend && npm ci --no-audit --no-fund
	touch $@

.PHONY: frontend-deps
frontend-deps: $(FRONTEND_DEPS) ## Install the SPA's npm dependencies (npm ci, only when the lock file changes)

.PHONY: frontend
frontend: $(FRONTEND_DEPS) ## Type-check and build the SPA into frontend/dist; prints the JS bundle size (gzip)
	cd frontend && npm run --silent build

.PHONY: api-types
api-types: $(FRONTEND_DEPS) ## Regenerate the SPA's API types from docs/openapi.json
	cd frontend && npm run --silent api-types

# Browser tests drive Debian's chromium; Playwright never downloads a browser.
.PHONY: chromium
chromium: ## Install Debian chromium for the browser tests when it is missing
	@test -x /usr/bin/chromium || (apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium)

# ---------------------------------------------------------------- run
.PHONY: dev
dev: venv frontend ## Set up, build the SPA and start the app on http://127.0.0.1:$(PORT) with the embedded store
	$(PY) -m local

.PHONY: openapi
openapi: venv ## Regenerate docs/openapi.json from the handlers
	$(PY) -m local.openapi --write docs/openapi.json

# ---------------------------------------------------------------- infrastructure (AWS CDK)
.PHONY: synth
synth: venv ## Synthesize the stack into cdk.out and check it: cdk-nag (AwsSolutions, Serverless) + cfn-lint
	$(PY) -m cdk_app.synth --outdir cdk.out $(CDK_ARGS)

.PHONY: bootstrap
bootstrap: venv ## One-time per account/region: create the CDK staging resources (needs AWS credentials)
	$(CDK) bootstrap --no-notices

.PHONY: deploy
deploy: venv frontend ## Build the SPA and deploy the stack (STAGE, CONTEXT) to the account of your AWS credentials
	$(CDK) deploy $(CDK_ARGS) --require-approval broadening --outputs-file cdk.out/outputs-$(STAGE).json --no-notices

# The pool of the last `make deploy` of this stage (its outputs file); the region is the pool id's prefix.
USER_POOL_ID = $(shell $(PY) -c 'import json, sys; print(json.load(open(sys.argv[1]))["ResumeChat-$(STAGE)"]["UserPoolId"])' cdk.out/outputs-$(STAGE).json 2>/dev/null)

.PHONY: invite
invite: ## Invite a person to a deployment with accounts: make invite EMAIL=ana@example.com [STAGE=dev]
	@test -n "$(EMAIL)" || { echo "usage: make invite EMAIL=person@example.com [STAGE=$(STAGE)]"; exit 2; }
	@test -n "$(USER_POOL_ID)" || { echo "no UserPoolId in cdk.out/outputs-$(STAGE).json: run make deploy (auth=cognito) first"; exit 2; }
	aws cognito-idp admin-create-user --region $(firstword $(subst _, ,$(USER_POOL_ID))) --user-pool-id $(USER_POOL_ID) \
		--username "$(EMAIL)" --user-attributes Name=email,Value="$(EMAIL)" Name=email_verified,Value=true \
		--desired-delivery-mediums EMAIL

.PHONY: diff
diff: venv ## Show what `make deploy` would change
	$(CDK) diff $(CDK_ARGS) --no-notices

.PHONY: destroy
destroy: venv ## Delete the stack (tables, snapshot/job buckets and logs bucket are retained)
	$(CDK) destroy $(CDK_ARGS) --no-notices

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

.PHONY: test-frontend
test-frontend: $(FRONTEND_DEPS) ## Vitest unit tests of the SPA and the API-types staleness check
	cd frontend && npm run --silent api-types:check && npm test --silent

.PHONY: test
test: venv lint frontend chromium test-frontend ## Install what tests need, lint, run every test tier
	$(PY) -m pytest -n 2 --dist loadgroup tests

# ---------------------------------------------------------------- performance and reliability evidence
.PHONY: bench
bench: venv ## Print performance figures: cold starts, imports, AWS calls, bytes per autosave, local throughput, hostile input
	$(PY) -m bench

.PHONY: quality
quality: venv ## Share of broken suggestions of the offline writing engine over the real bullets in ../shared/corpus
	$(PY) -m bench --sections quality

.PHONY: loadtest
loadtest: venv ## Locust load test + lost-write check: URL=… (default: own local runtime) USERS=10 DURATION=30s
	$(PY) -m loadtest $(if $(URL),--url $(URL)) --users $(USERS) --duration $(DURATION) \
		$(if $(SWEEP),--sweep $(SWEEP)) $(if $(PLOT),--plot $(PLOT))

.PHONY: fuzz
fuzz: venv ## Longer Schemathesis fuzz of the API on the embedded and AWS (moto server) adapters
	FUZZ_EXAMPLES=$${FUZZ_EXAMPLES:-200} FUZZ_SEED=$${FUZZ_SEED:-$$RANDOM} FUZZ_STORAGES=embedded,aws \
		$(PY) -m pytest -p no:cacheprovider tests/e2e/test_fuzz.py
