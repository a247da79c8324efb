"""What one full rerun of the results page sends (issue 19): elements and bytes of element protos, before vs after.

    .venv/bin/python benchmarks/bench_app_elements.py --baseline-dir DIR [--runs 5]

The browser's wait after a language or preset change grows with the elements the frontend applies; this counts them
without the browser's noise. Each side (``before``: ``--baseline-dir``, a checkout with its ``data/build``;
``after``: this checkout) runs in its own child process: AppTest opens ``app.py`` with the share link of
``data/samples/firm.json`` (Korean), then switches the language ``--runs`` times. JSON lines per side: elements
under the main area and the sidebar, ``ByteSize()`` of their protos (kB), and the median wall time of one AppTest
rerun of the language switch (script thread and AppTest together; no browser).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

CHILD = r'''
import base64, json, statistics, sys, time, zlib
from pathlib import Path
root = Path(sys.argv[1]); runs = int(sys.argv[2])
sys.path.insert(0, str(root))
from streamlit.testing.v1 import AppTest

firm = json.loads((root / "data" / "samples" / "firm.json").read_text(encoding="utf-8"))
raw = json.dumps(firm, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8")
at = AppTest.from_file(str(root / "app.py"), default_timeout=300)
for k, v in {"firm": base64.urlsafe_b64encode(zlib.compress(raw, 9)).decode("ascii").rstrip("="),
             "preset": "balanced", "method": "wsm", "lang": "ko"}.items():
    at.query_params[k] = v
at.run()
if at.exception:
    raise SystemExit(f"the app raised: {[e.value for e in at.exception]}")

def size(node) -> tuple[int, int]:
    n = b = 0
    for e in node:
        n += 1
        proto = getattr(e, "proto", None)
        if proto is not None and hasattr(proto, "ByteSize"):
            b += proto.ByteSize()
    return n, b

walls = []
for i in range(runs):
    start = time.perf_counter()
    at.toggle(key="lang_en").set_value(i % 2 == 0).run()
    walls.append(time.perf_counter() - start)
at.toggle(key="lang_en").set_value(False).run()
main_n, main_b = size(at.main)
side_n, side_b = size(at.sidebar)
print(json.dumps({"elements_main": main_n, "elements_sidebar": side_n, "proto_kb_main": round(main_b / 1000, 1),
                  "proto_kb_sidebar": round(side_b / 1000, 1), "language_rerun_s": round(statistics.median(walls), 3),
                  "language_rerun_all_s": [round(w, 3) for w in walls]}))
'''


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--baseline-dir", type=Path)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    sides = ([("before", args.baseline_dir)] if args.baseline_dir else []) + [("after", ROOT)]
    failed = False
    for name, root in sides:
        proc = subprocess.run([sys.executable, "-c", CHILD, str(root), str(args.runs)], cwd=root, capture_output=True,
                              text=True, env={**os.environ, "KOCN_DATA_DIR": str(root / "data")})  # fmt: skip
        line = {"bench": "app_elements", "side": name, "root": str(root), "exit": proc.returncode}
        if proc.returncode == 0:
            line.update(json.loads(proc.stdout.strip().splitlines()[-1]))
        else:
            failed = True
            line["stderr_tail"] = proc.stderr.strip()[-400:]
        print(json.dumps(line, ensure_ascii=False), flush=True)
    print(json.dumps({"bench": "app_elements", "summary": True, "load_avg_1m": round(os.getloadavg()[0], 2),
                      "cpus": os.cpu_count(), "python": sys.version.split()[0]}))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
