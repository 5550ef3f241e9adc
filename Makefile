# deskhand: `make run` starts the product on embedded defaults, `make test` runs the tests.
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
DESKHAND := $(VENV)/bin/deskhand
PYTHON ?= $(shell command -v python3.11 || command -v python3)
DEMO_USER ?= priya@northwind.example
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1

.DEFAULT_GOAL := help

$(VENV)/.installed: pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	@# The CPU wheel of torch lies on disk; installing it first keeps pip from fetching CUDA.
	$(PY) -m pip install -q torch==2.13.0
	$(PY) -m pip install -q -e '.[dev]'
	@touch $@

.PHONY: install
install: $(VENV)/.installed ## Create .venv and install deskhand with its dev tools

.PHONY: run
run: install ## Load the demo company if there is none, then chat as the demo rep
	$(DESKHAND) init --demo
	$(DESKHAND) chat --as $(DEMO_USER)

.PHONY: test
test: install ## Run the test suite (PostgreSQL tests use 127.0.0.1:5432, database test)
	$(PY) -m pytest

.PHONY: lint
lint: install ## ruff lint and format check
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check assistant tools retrieval bots evals bench

.PHONY: bench
bench: install ## Benchmarks; figures go to docs/benchmarks.md
	$(PY) bench/agent_overhead.py --write docs/benchmarks.md

.PHONY: help
help: ## Show this help
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'
