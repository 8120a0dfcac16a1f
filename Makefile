# Aula: the README's two commands are `make run` and `make test`.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8000
# The dev settings derive SITE_URL (every absolute link: QR codes, emails, feeds) from it.
export PORT
TEST_WORKERS ?= auto
MANAGE := $(PY) manage.py
# Every app's static/ folder and the project's own (./static/...), never the venv or the output.
STATIC_SOURCES := $(shell find . \( -path ./.venv -o -path ./staticfiles -o -path ./.git -o -path ./var \) -prune -o -path '*/static/*' -type f -print)

.PHONY: run test lint e2e bench messages catalogues static clean lock

## run: install, migrate, seed the demo and serve HTTP + websockets on 127.0.0.1:$(PORT)
run: $(VENV)/.runtime messages static
	$(MANAGE) migrate --noinput
	$(MANAGE) seed_demo
	@echo "Aula is at http://127.0.0.1:$(PORT)/ (admin: http://127.0.0.1:$(PORT)/admin/). Ctrl-C stops it."
	$(MANAGE) serve --port $(PORT)

## test: install the dev requirements and run lint, migration check and the whole suite
test: $(VENV)/.dev messages lint
	$(PY) -m pytest -n $(TEST_WORKERS)

## e2e: only the browser tests
e2e: $(VENV)/.dev messages
	$(PY) -m pytest -n $(TEST_WORKERS) tests/e2e

lint: $(VENV)/.dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(VENV)/bin/mypy
	$(MANAGE) makemigrations --check --dry-run
	$(PY) tools/check_messages.py

## catalogues: extract the strings marked for translation into every .po (needs GNU gettext)
catalogues: $(VENV)/.runtime
	$(MANAGE) makemessages -l en -l it --ignore=tests -v0

## bench: the benchmarks under bench/ (never part of the test suite)
bench: $(VENV)/.dev
	$(PY) bench/run.py $(BENCH)

## lock: after editing requirements*.in, pin every package (indirect ones too) with its hashes
LOCK := $(VENV)/bin/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras \
	--no-header --annotation-style=line --no-emit-index-url --no-emit-find-links
lock: $(VENV)/.dev
	$(LOCK) --output-file requirements.txt requirements.in
	$(LOCK) --output-file requirements-dev.txt requirements-dev.in

## messages: compile the translation catalogues (.po → .mo)
messages: $(VENV)/.runtime
	$(PY) tools/compile_messages.py

static: staticfiles/staticfiles.json

staticfiles/staticfiles.json: $(VENV)/.runtime $(STATIC_SOURCES)
	$(MANAGE) collectstatic --noinput -v0
	@touch $@

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.runtime: requirements.txt | $(PY)
	$(PY) -m pip install --quiet --require-hashes -r requirements.txt
	@touch $@

$(VENV)/.dev: requirements-dev.txt $(VENV)/.runtime
	$(PY) -m pip install --quiet --require-hashes -r requirements-dev.txt
	@touch $@

clean:
	rm -rf staticfiles var
	find . -path ./.venv -prune -o -name '*.mo' -print -delete
