#!/usr/bin/env bash
# Quick start: install xxgk into .venv, then run it.
#   bash scripts/run.sh                   the web app on http://127.0.0.1:8000/ over ./xxgk.db (SQLite),
#                                         with demo accounts and data on a new database
#   bash scripts/run.sh check examples    any other xxgk command, here: read and check the example reports
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
if [ "$#" -eq 0 ]; then
  exec .venv/bin/xxgk serve --demo
fi
exec .venv/bin/xxgk "$@"
