#!/usr/bin/env bash
# Set up (venv) and open the app on the bundled data: http://localhost:8501
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/python -m recommender profiles --format csv >/dev/null   # builds data/build/ once
exec .venv/bin/streamlit run app.py --server.headless true "$@"
