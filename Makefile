# rapportage — `make help` lists the targets.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
# Quiet pip, but keep its errors.
PIP_FLAGS := --quiet --disable-pip-version-check --no-input

.PHONY: help setup reports test lint bench lab data reference clean

help: ## Toon deze hulp
	@grep -hE '^[a-z]+:.*?## ' $(MAKEFILE_LIST) | \
		awk 'BEGIN {FS = ":.*?## "}; {printf "  make %-10s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	@test -x $(PY) || python3 -m venv $(VENV)
	@echo "Omgeving installeren in $(VENV) (eenmalig, enkele minuten)…"
	@$(PY) -m pip install $(PIP_FLAGS) -e '.[dev]' > $(VENV)/pip.log 2>&1 || \
		{ grep -v '^WARNING: Location' $(VENV)/pip.log | tail -n 30; echo "Installatie mislukt (zie $(VENV)/pip.log)."; exit 1; }
	@touch $(STAMP)

setup: $(STAMP) ## Maak .venv en installeer het pakket met ontwikkeltools (idempotent)

reports: $(STAMP) ## Bouw alle rapporten uit de meegeleverde gegevens naar outputs/
	@$(VENV)/bin/rapportage bouw

test: $(STAMP) ## Draai alle tests
	@$(PY) -m pytest

lint: $(STAMP) ## Controleer de code met ruff
	@$(VENV)/bin/ruff check analysis tests scripts

bench: $(STAMP) ## Meet geheugen (grote CSV, MB per miljoen rijen) en snelheid: inlezen, geografie, batch
	@$(PY) scripts/bench.py

lab: $(STAMP) ## Open JupyterLab op de notebooks
	@$(VENV)/bin/jupyter lab notebooks

data: $(STAMP) ## Maak de voorbeelddata opnieuw (data/voorbeeld, deterministisch)
	@$(PY) -m analysis.voorbeeld

reference: $(STAMP) ## Maak data/reference opnieuw (vraagt ../shared/geo/gemeente_refreg.xlsx)
	@$(PY) scripts/make_reference.py

clean: ## Verwijder uitvoer en caches (niet .venv)
	@find outputs -mindepth 1 ! -name .gitkeep -exec rm -rf {} +
	@rm -rf .pytest_cache .ruff_cache .hypothesis
	@find . -name __pycache__ -not -path './.venv/*' -exec rm -rf {} +
