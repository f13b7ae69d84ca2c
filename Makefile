# The two commands: `make run` and `make test`. See README.md.
SHELL := /bin/bash
PORT ?= 8000
PY := .venv/bin/python
export UV_PYTHON_DOWNLOADS := never

.PHONY: run test lint format install e2e-deps bench-deps backup-deps bench clean

install:
	@scripts/bootstrap.sh

# DEMO=0 starts empty: no demo clinic; the browser's first-run page (or `picoclinic setup`)
# creates the organisation, its first clinic and the owner.
DEMO ?= 1

run: install
	@$(PY) -m picoclinic migrate --no-input -v 0
	@if [ "$(DEMO)" != "0" ]; then $(PY) -m picoclinic demo; fi
	@echo
	@if [ "$(DEMO)" = "0" ]; then \
		echo "Open http://127.0.0.1:$(PORT)/setup/ to set up your clinic (only until it is set up)."; \
	else \
		echo "Open http://127.0.0.1:$(PORT)/"; \
	fi
	@PORT=$(PORT) $(PY) -m picoclinic serve --port $(PORT)

lint: install
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	.venv/bin/lint-imports
	.venv/bin/mypy

format: install
	.venv/bin/ruff check --fix .
	.venv/bin/ruff format .

e2e-deps:
	@scripts/e2e-deps.sh

bench-deps:
	@scripts/bench-deps.sh

backup-deps:
	@scripts/backup-deps.sh

# Lint, then the whole suite on SQLite; again on PostgreSQL when DATABASE_URL points at one.
test: install lint e2e-deps bench-deps backup-deps
	env -u DATABASE_URL $(PY) -m pytest
	@if [ -n "$$DATABASE_URL" ]; then \
		echo "--- again on $${DATABASE_URL%%://*} ---"; \
		$(PY) -m pytest; \
	fi

# Scheduling benchmarks on a large chain (BENCH_APPOINTMENTS, default 1,000,000; the data is
# built once per size in a database of its own and reused): JSON lines on standard output,
# then the HTTP load through `picoclinic serve` driven by wrk (BENCH_HTTP_SECONDS per page).
bench: install bench-deps
	env -u DATABASE_URL $(PY) -m picoclinic bench_scheduling
	@if [ -n "$$DATABASE_URL" ]; then $(PY) -m picoclinic bench_scheduling; fi

clean:
	rm -rf .venv .tools .mypy_cache var/test-*.sqlite3*
