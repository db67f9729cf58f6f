# The two commands a new user needs: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test bench clean

# A file target: the venv is rebuilt only when the project's dependencies change.
$(VENV): pyproject.toml
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "Makefile: $(PYTHON) not found; set PYTHON=/path/to/python3.11"; exit 2; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test,compare]'
	touch $(VENV)

# The main job: check the seed pages, print the report, write reports/seeds.html (the ledger makes reruns fast).
run: $(VENV)
	$(BIN)/reconcile run seeds/ --html reports/seeds.html
	@echo "report: $(CURDIR)/reports/seeds.html"

test: $(VENV)
	$(BIN)/python -m pytest -q -n 2

clean:
	rm -rf $(VENV) reports/*.html reports/*.json reports/*.db
