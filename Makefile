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
run: install ## Load the demo company if there is none, then serve the website and chat on :8000
	$(DESKHAND) init --demo
	$(DESKHAND) index
	$(DESKHAND) serve

.PHONY: chat
chat: install ## Load the demo company if there is none, then chat in the terminal as the demo rep
	$(DESKHAND) init --demo
	$(DESKHAND) index
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
	$(PY) -m bench.agent_overhead --write docs/benchmarks.md

.PHONY: bench-web
bench-web: install ## Web chat load test (200 conversations); figures go to docs/benchmarks.md
	$(PY) -m bench.web_load --workers 1 --write docs/benchmarks.md
	$(PY) -m bench.web_load --workers 2 --write docs/benchmarks.md

.PHONY: bench-retrieval
bench-retrieval: install ## Retrieval on the large demo (10k/100k chunks); figures go to docs/benchmarks.md
	$(PY) -m bench.retrieval --write docs/benchmarks.md

.PHONY: eval-retrieval
eval-retrieval: install ## Retrieval quality (recall@5, MRR@10, nDCG@10) on the labelled demo queries
	$(DESKHAND) eval retrieval --write docs/retrieval-eval.md

.PHONY: eval-brain
eval-brain: install ## Request-engine accuracy on the scenario and held-out sets; writes docs/brain-eval.md
	$(PY) -m evals.brain.run --write docs/brain-eval.md

.PHONY: eval-brain-cv
eval-brain-cv: install ## Request-engine accuracy on each tuning set with that set left out of its examples
	$(PY) -m evals.brain.crossval

.PHONY: bench-brain
bench-brain: install ## Compare brains (built-in, SmolLM2 GGUF if installed, LLM if configured)
	$(PY) -m bench.brain --write docs/brain-bench.md

.PHONY: help
help: ## Show this help
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-16s %s\n", $$1, $$2}'
