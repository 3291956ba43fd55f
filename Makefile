# The two set-up commands on a fresh machine are `make run` and `make test`.
# Everything else here is what they are built from.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test lint format install assets browser bench lock clean

## run: install, build assets, migrate, load demo data and serve on http://127.0.0.1:8000
run: install assets
	DEBUG=1 $(PY) manage.py migrate --no-input
	DEBUG=1 $(PY) manage.py seed_demo
	DEBUG=1 $(PY) manage.py runserver $(HOST):$(PORT)

## test: every test, browser journeys with axe-core included
test: install assets browser
	DEBUG=1 $(PY) manage.py makemigrations --check --dry-run
	$(BIN)/pytest $(PYTEST_ARGS)

## lint: ruff format check and ruff lint
lint: install
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

install: $(VENV)/.installed node_modules/.installed

$(VENV)/.installed: requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet --require-hashes -r requirements.lock
	touch $@

node_modules/.installed: package-lock.json
	npm ci --no-audit --no-fund
	touch $@

assets: node_modules/.installed
	npm run --silent build

## browser: the system Chromium the browser tests drive (Debian's package)
browser:
	@if [ ! -x /usr/bin/chromium ]; then \
		if [ "$$(id -u)" = 0 ]; then \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
		else \
			echo "Browser tests need Chromium at /usr/bin/chromium: sudo apt-get install chromium" >&2; exit 1; \
		fi; \
	fi

## bench: seed a separate PostgreSQL database with a city's worth of data, serve
## it with gunicorn as in production and load every key page with wrk; writes
## docs/PERFORMANCE.md. BENCH_ARGS="--fraction 0.1 --duration 5" for a quick run.
bench: install assets
	@if ! command -v wrk >/dev/null; then \
		if [ "$$(id -u)" = 0 ]; then \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk; \
		else \
			echo "make bench needs wrk: sudo apt-get install wrk" >&2; exit 1; \
		fi; \
	fi
	$(PY) benchmarks/bench.py $(BENCH_ARGS)

## lock: re-pin after changing pyproject.toml. requirements.lock (with the dev
## tools) is what make installs; requirements.prod.lock (the same versions,
## runtime only) is what the Docker image installs.
lock:
	$(BIN)/pip install --quiet uv
	$(BIN)/uv pip compile pyproject.toml --extra dev --generate-hashes --python-version 3.11 -o requirements.lock
	$(BIN)/uv pip compile pyproject.toml --generate-hashes --python-version 3.11 -c requirements.lock -o requirements.prod.lock

clean:
	rm -rf $(VENV) node_modules static/build staticfiles
