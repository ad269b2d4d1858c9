#!/usr/bin/env bash
# The whole test suite: system packages, Python environment, lint, types, tests.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/system-deps.sh
bash scripts/install.sh
.venv/bin/ruff check
.venv/bin/ruff format --check src
.venv/bin/mypy
XXGK_TEST_POSTGRES_URL=$(bash scripts/postgres.sh start)
export XXGK_TEST_POSTGRES_URL
trap 'bash scripts/postgres.sh stop' EXIT
.venv/bin/python -m pytest -q "$@"
