#!/usr/bin/env bash
# Set up everything the project needs on a new machine (idempotent):
#   - a virtual environment in .venv with the pinned requirements;
#   - with --browser: Debian's Chromium, Korean fonts (fonts-nanum) and CJK fonts (fonts-noto-cjk: the Chinese
#     names quoted from the reports, e.g. 赛迪顾问, would otherwise show as boxes) for the real-browser test
#     (needs root or sudo).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip
.venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
if [ "${1:-}" = "--browser" ]; then
  if [ ! -x /usr/bin/chromium ] || ! fc-list 2>/dev/null | grep -qi 'nanum' \
     || ! fc-list 2>/dev/null | grep -qi 'noto sans cjk'; then
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium fonts-nanum fonts-noto-cjk >/dev/null
  fi
fi
