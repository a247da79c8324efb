#!/usr/bin/env bash
# Set up (venv + Chromium + Korean fonts) and run every check: ruff, then all tests (incl. AppTest and the browser test).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --browser
.venv/bin/ruff check .
.venv/bin/python -m pytest -q "$@"
