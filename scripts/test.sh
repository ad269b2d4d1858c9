#!/usr/bin/env bash
# The whole test suite: system packages, Python environment, lint, types, tests.
# The suite runs with "today" frozen (tests/conftest.py, default 2026-11-20); the
# date-sensitive tests then run again at days that cross a year end and an
# unpublished year's holidays (XXGK_TEST_DAYS, space-separated; empty to skip).
# Arguments select tests as for pytest and skip the extra days.
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
if [ "$#" -gt 0 ]; then
  .venv/bin/python -m pytest -q "$@"
  exit
fi
for day in ${XXGK_TEST_DAYS-2026-12-20 2027-01-25 2027-12-28}; do
  echo "== date-sensitive tests with today frozen at $day (China)"
  XXGK_TEST_TODAY=$day .venv/bin/python -m pytest -q -m date_sensitive
done
echo "== the whole suite with today frozen at the default day"
.venv/bin/python -m pytest -q
