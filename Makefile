# The one task runner. `make run` serves the demo; `make test` runs lint and the whole suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1:8000

.PHONY: run test lint bench check-deploy check-compose

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# constraints.txt: the versions the suite last passed with (see its header).
$(VENV)/.installed: pyproject.toml constraints.txt | $(BIN)/python
	$(BIN)/pip install --quiet -c constraints.txt -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml constraints.txt | $(BIN)/python
	$(BIN)/pip install --quiet -c constraints.txt -e '.[dev]'
	touch $@ $(VENV)/.installed

# The embedded default: the server and a real Celery worker (with beat) side by side under
# honcho (Procfile), on a broker that needs no server: kombu's SQLAlchemy transport on a SQLite
# file. Jobs never block a page and progress bars move as in production. Ctrl-C stops both.
# A CELERY_BROKER_URL in the environment (e.g. Redis) is used instead.
DEMO_BROKER := sqla+sqlite:///$(CURDIR)/broker.sqlite3
run: $(VENV)/.installed
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo
	HOST=$(HOST) CELERY_BROKER_URL=$${CELERY_BROKER_URL:-$(DEMO_BROKER)} PATH=$(CURDIR)/$(BIN):$$PATH \
	  $(BIN)/honcho start

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python manage.py makemigrations --check --dry-run

# axe-core for the accessibility tests (tests/e2e/test_accessibility.py); without npm they skip.
# npm writes node_modules/.package-lock.json last, so it marks a finished install.
AXE := node_modules/.package-lock.json
$(AXE): package.json package-lock.json
	@if command -v npm >/dev/null; then npm ci --no-audit --no-fund; \
	else echo "npm not found: the accessibility tests will be skipped (CI_STRICT fails them)"; fi

test: lint $(AXE)
	$(BIN)/pytest

# `check --deploy` with production variables must find nothing: any line but Django's
# "no issues" fails (CI runs this).
check-deploy: $(VENV)/.installed
	@output=$$(DEBUG=false SECRET_KEY=check-deploy-only-$$(date +%s)-not-a-real-secret-0123456789abcdef \
	  ALLOWED_HOSTS=minirotation.example.org DATABASE_URL=postgres://minirotation@db.example.org/minirotation \
	  CELERY_BROKER_URL=redis://redis.example.org:6379/0 CACHE_URL=redis://redis.example.org:6379/1 \
	  $(BIN)/python manage.py check --deploy --fail-level WARNING 2>&1); status=$$?; \
	echo "$$output"; \
	[ $$status -eq 0 ] && [ "$$output" = "System check identified no issues (0 silenced)." ]

$(VENV)/.installed-bench: pyproject.toml constraints.txt | $(BIN)/python
	$(BIN)/pip install --quiet -c constraints.txt -e '.[dev,bench]'
	touch $@ $(VENV)/.installed-dev $(VENV)/.installed

bench: $(VENV)/.installed-bench
	$(BIN)/python bench/seed_demo.py
	$(BIN)/python bench/statistics.py
	$(BIN)/python bench/retention.py
	$(BIN)/python bench/course_report.py
	$(BIN)/python bench/roster_import.py
	$(BIN)/python bench/load.py
	$(BIN)/python bench/page_speed.py

# docker-compose.yml parses and interpolates (Debian's docker-compose needs no engine for this).
check-compose:
	SECRET_KEY=compose-check-only docker-compose config -q
	@SECRET_KEY=compose-check-only docker-compose config --services | sort | tr '\n' ' '; echo
