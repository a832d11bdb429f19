# ankunft — two commands: `make demo` and `make test`. Everything else is set up by them.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: demo test lint format messages chromium clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

# Reinstall when the dependencies change.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e .
	@touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e '.[test]'
	@touch $@ $(VENV)/.installed

# DEBUG is off unless set; the demo, the suite and the developer tools run with it on.
demo test lint messages: export DEBUG ?= true

demo: $(VENV)/.installed
	$(BIN)/ankunft compile-translations
	@$(BIN)/ankunft check-pdf || echo "(The demo runs; PDF downloads will say what is missing.)"
	$(BIN)/ankunft migrate --noinput -v0
	$(BIN)/ankunft demo-data
	@echo
	@echo "ankunft runs at http://127.0.0.1:$(PORT)/ — log in with a demo login above (Ctrl+C stops)."
	@# The worker builds the reports in the background; it stops when the server stops.
	$(BIN)/ankunft worker --no-startup-delay & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/ankunft serve --port $(PORT)

# The whole suite, on SQLite by default or on PostgreSQL when DATABASE_URL is set.
test: $(VENV)/.installed-test chromium
	$(BIN)/ankunft compile-translations
	$(BIN)/ankunft check-pdf
	$(BIN)/pytest $(PYTEST_ARGS)

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy ankunft
	$(BIN)/lint-imports --no-cache
	$(BIN)/python manage.py makemigrations --check --dry-run

format: $(VENV)/.installed-test
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# Refresh the .po catalogs from the code (needs GNU gettext's xgettext).
messages: $(VENV)/.installed-test
	bash scripts/makemessages.sh

# Browser tests drive Debian's Chromium; install it when it is missing and we may.
chromium:
	@bash scripts/ensure-chromium.sh

clean:
	rm -rf $(VENV) var
