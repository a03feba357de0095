# Bimtek — the two commands of the README:
#   make run    set up everything, migrate, load the demo data, serve on 127.0.0.1:8000
#               (with the background worker beside it)
#   make test   set up everything and run the whole test suite
# Needs only Python 3.11+ and Node 18+ (npm).

PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
PYTEST_ARGS ?=
export PIP_DISABLE_PIP_VERSION_CHECK := 1
export PIP_PROGRESS_BAR := off

.PHONY: run test setup lint format messages worker bench clean

run: setup
	DEBUG=1 $(PY) manage.py migrate --no-input
	DEBUG=1 $(PY) manage.py seed_demo
	scripts/dev_server.sh

# Two to four processes (pytest-xdist): the browser tests spend most of their
# time waiting, and each process gets its own test database.
PYTEST_WORKERS ?= --numprocesses auto --maxprocesses 4

test: setup
	$(PY) -m pytest $(PYTEST_WORKERS) $(PYTEST_ARGS)

setup: $(VENV)/.installed static/vendor/.copied translations

$(VENV)/.installed: pyproject.toml constraints.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Bimtek needs Python 3.11 or newer; this is " + sys.version.split()[0])'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade "pip>=24"
	$(PY) -m pip install --quiet -c constraints.txt -e '.[dev]'
	touch $@

node_modules/.package-lock.json: package.json package-lock.json
	@node -e 'process.exit(+process.versions.node.split(".")[0] >= 18 ? 0 : 1)' || { echo "Bimtek needs Node 18 or newer"; exit 1; }
	npm ci --no-audit --no-fund --loglevel=error

static/vendor/.copied: node_modules/.package-lock.json scripts/copy_vendor.mjs
	node scripts/copy_vendor.mjs
	touch $@

translations: $(VENV)/.installed
	DEBUG=1 $(PY) manage.py compiletranslations --verbosity 0

# Background worker for e-mails and bulk certificates: the database queue's
# db_worker, or an RQ worker with TASKS_BACKEND=rq (docs/deploy.md).
worker: setup
	DEBUG=1 $(PY) manage.py run_worker

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(VENV)/.installed
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Refresh locale/id from the source (needs GNU gettext's xgettext), then
# translate the new entries in locale/id/LC_MESSAGES/django.po.
messages: $(VENV)/.installed
	DEBUG=1 $(PY) manage.py makemessages --locale id --no-location --no-obsolete \
		--ignore '.venv/*' --ignore 'node_modules/*' --ignore 'static/vendor/*' --ignore 'tests/*' --ignore 'bench/*'
	DEBUG=1 $(PY) manage.py makemessages --locale id --domain djangojs --no-location --no-obsolete \
		--ignore '.venv/*' --ignore 'node_modules/*' --ignore 'static/vendor/*' --ignore 'staticfiles/*' --ignore 'bench/*'

# Load and fault benchmarks against gunicorn + PostgreSQL (bench/run_all.py,
# docs/benchmarks.md): about 10 minutes, stops by itself within 15. Options:
# BENCH_DATABASE_URL (a database whose name contains "bench"; dropped and
# created), BENCH_REDIS_URL (cache and sessions on Redis), BENCH_ARGS="--quick".
BENCH_ARGS ?=
bench: setup
	$(PY) bench/run_all.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) node_modules static/vendor staticfiles
