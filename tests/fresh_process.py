"""Run the command line in a fresh Python process and report which modules it loaded (issue 19: a command loads only
what it uses — tests/test_firms_quick.py keeps pandas out of the one-firm `recommend`, tests/test_ranking_jit.py
keeps numba out)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

_CODE = """import sys, runpy, io, contextlib, json
sys.argv = ['recommender'] + json.loads(sys.argv[1])
buf = io.StringIO()
with contextlib.redirect_stdout(buf):
    try:
        runpy.run_module('recommender', run_name='__main__')
    except SystemExit as e:
        assert not e.code, e.code
print(json.dumps({'out': buf.getvalue(), 'modules': sorted(sys.modules)}))
"""


def run_cli_fresh(*args: str) -> tuple[str, set[str]]:
    """``python -m recommender ARGS…`` in a new interpreter from the project root: what it printed, and the names of
    every module loaded by the end (the run must succeed)."""
    done = subprocess.run([sys.executable, "-c", _CODE, json.dumps(list(args))], cwd=ROOT, capture_output=True,
                          text=True, check=True)  # fmt: skip
    got = json.loads(done.stdout.strip().splitlines()[-1])
    return got["out"], set(got["modules"])
