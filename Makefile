# Screenroom: `make run` serves the product; `make test` runs the whole suite (what CI runs).
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
PG_URL ?= postgres://postgres@127.0.0.1:5432/screenroom_test

.PHONY: run test install install-test system-packages lint typecheck test-sqlite test-postgres bench vendor clean

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Installs the pinned packages whenever requirements.txt changes.
$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

install: $(VENV)/.installed

.env:
	@echo "SECRET_KEY=$$($(PY) -c 'import secrets; print(secrets.token_urlsafe(50))')" > .env
	@echo "created .env with a new SECRET_KEY (see .env.example for every setting)"

run: install .env
	mkdir -p var
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py collectstatic --noinput -v0
	$(BIN)/python manage.py seed_demo
	$(BIN)/python manage.py serve

# Debian packages the browser tests need (Chromium for Playwright; never `playwright install`).
system-packages:
	@if [ ! -x /usr/bin/chromium ]; then \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; \
	fi

install-test: install system-packages

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: install
	$(BIN)/mypy .

test-sqlite: install-test
	$(BIN)/python -m pytest -n 2 -q

test-postgres: install-test
	DATABASE_URL=$(PG_URL) $(BIN)/python -m pytest -n 2 -q

test: lint typecheck test-sqlite test-postgres

bench: install
	$(BIN)/python bench/run_all.py

# Refresh the vendored front-end files from the npm registry (they are committed; the app needs no npm).
vendor:
	npm install --no-audit --no-fund
	cp node_modules/@picocss/pico/css/pico.min.css node_modules/htmx.org/dist/htmx.min.js \
		node_modules/sortablejs/Sortable.min.js static/vendor/

clean:
	rm -rf $(VENV) staticfiles .mypy_cache .ruff_cache
