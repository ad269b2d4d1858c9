#!/usr/bin/env bash
# Quick start: install xxgk, then read and check the example reports (text, HTML, PDF).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
status=0
.venv/bin/xxgk check examples "$@" || status=$?
# 0: no errors; 1: some report breaks a rule (the examples do not); 2: an input could not be read.
exit "$status"
