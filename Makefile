# Suara: `make run` serves the demo on http://127.0.0.1:8000, `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev
PG_TEST_URL ?= postgresql://postgres@127.0.0.1:5432/suara_test

.PHONY: help run test test-sqlite test-postgres lint fmt migrations messages browser-deps office-deps clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-15s %s\n", $$1, $$2}'

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e .
	@if [ -f app/locale/en/LC_MESSAGES/messages.po ]; then $(BIN)/pybabel compile -d app/locale -D messages; fi
	touch $@

$(DEV_STAMP): $(STAMP)
	$(BIN)/pip install -q -e '.[dev]'
	touch $@

run: $(STAMP) app/locale/en/LC_MESSAGES/messages.mo ## install, migrate, seed the demo once and serve on 127.0.0.1:8000 (SQLite)
	$(BIN)/suara serve --migrate --seed-demo-once

# Recompiled whenever the catalog changes, not only on a fresh install.
app/locale/en/LC_MESSAGES/messages.mo: app/locale/en/LC_MESSAGES/messages.po $(STAMP)
	$(BIN)/pybabel compile -d app/locale -D messages

test: $(DEV_STAMP) browser-deps office-deps ## install dev dependencies and run the suite on SQLite, then PostgreSQL
	$(MAKE) test-sqlite
	@if $(BIN)/python -m app.pgcheck "$(PG_TEST_URL)"; then \
		$(MAKE) test-postgres; \
	elif [ -n "$$CI" ]; then echo "PostgreSQL is required in CI but unreachable" >&2; exit 1; \
	else echo "PostgreSQL not reachable: skipped the PostgreSQL run"; fi

test-sqlite: $(DEV_STAMP)
	SUARA_TEST_DATABASE=sqlite $(BIN)/python -m pytest $(PYTEST_ARGS)

test-postgres: $(DEV_STAMP)
	SUARA_TEST_DATABASE=$(PG_TEST_URL) $(BIN)/python -m pytest -m "not browser" $(PYTEST_ARGS)

office-deps: ## install LibreOffice (headless) for the test that opens the .docx and XLSX when missing
	@test -x /usr/bin/soffice || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends libreoffice-writer-nogui libreoffice-calc-nogui)

browser-deps: ## install Debian's chromium for the browser tests when missing
	@test -x /usr/bin/chromium || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core)

lint: $(DEV_STAMP) ## ruff and mypy
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy app surveys

fmt: $(DEV_STAMP) ## format the code
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

migrations: $(STAMP) ## generate a migration from tables.py changes
	$(BIN)/piccolo migrations new surveys --auto

messages: $(DEV_STAMP) ## extract the Indonesian message ids and update and compile the English catalog
	$(BIN)/pybabel extract -F babel.cfg -k _ -k N_ -k NP_:1,2 -k gettext -k ngettext:1,2 --ignore-dirs=".* _* var tests node_modules" --no-location --sort-output -o app/locale/messages.pot .
	$(BIN)/pybabel update -i app/locale/messages.pot -d app/locale -D messages --no-fuzzy-matching
	$(BIN)/pybabel compile -d app/locale -D messages

clean: ## remove the virtualenv and local data
	rm -rf $(VENV) var
