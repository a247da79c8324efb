"""Robustness of one firm's answer, timed directly (issue 19: a TOPSIS method switch in the app waited ≈ 0.5 s on
``Recommender.robustness``, 200 weight/data draws ranked one at a time). JSON lines.

    .venv/bin/python benchmarks/bench_robustness.py [--firms 20] [--runs 3] [--baseline-dir DIR]

* Firms: the sample firm (``data/samples/firm.json``) and random firms from a fixed seed (every risk tolerance, some
  naming preferred or excluded regions), one firm per call as the app and the command line ask.
* Per method (``wsm``, ``topsis``) and side: the CPU seconds (``time.process_time``) and wall seconds of
  ``robustness`` for all the firms, median of ``--runs``, after one unmeasured warm-up pass; a SHA-256 of every share
  returned (``hash``), which must be the same on both sides (the shares are to be byte-identical).
* ``--baseline-dir``: an extracted checkout (e.g. a detached worktree of the previous commit) measured the same way
  in its own process, before this checkout's. Exits 1 when the shares differ.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def measure(root: Path, firms: int, runs: int) -> list[dict]:
    """In this process, with the code of ``root`` on the path: per method the timings and the shares' hash."""
    import hashlib
    import time

    import numpy as np

    sys.path.insert(0, str(root))
    from features.build import load_knowledge
    from features.facts import CAPABILITY_KEYS as KEYS
    from features.firms import firms_from_records
    from recommender.engine import Recommender
    from recommender.weights import preset_weights

    kb = load_knowledge(root / "data")
    rec = Recommender(kb)
    regions = sorted(kb.regions)
    records = [json.loads((root / "data" / "samples" / "firm.json").read_text(encoding="utf-8"))]
    rng = np.random.default_rng(19)
    for i in range(firms - 1):
        caps = {key: int(rng.integers(0, 6)) if rng.random() < 0.4 else 0 for key in KEYS}
        caps[KEYS[int(rng.integers(len(KEYS)))]] = int(rng.integers(3, 6))
        pick = rng.permutation(len(regions))
        records.append({**records[0], "firm_id": f"B{i:03d}", "risk_tolerance": ["low", "medium", "high"][i % 3],
                        "china_experience_years": int(rng.integers(0, 15)), "capabilities": caps,
                        "preferred_regions": [regions[j] for j in pick[:2]] if i % 4 == 1 else [],
                        "excluded_regions": [regions[j] for j in pick[2:4]] if i % 4 == 2 else []})  # fmt: skip
    tables = [firms_from_records([r], kb.regions).firms for r in records]
    w = preset_weights("balanced")
    out = []
    for method in ("wsm", "topsis"):
        for t in tables:  # warm-up
            rec.robustness(t, w, 5, method)
        cpu, wall = [], []
        for _ in range(runs):
            digest = hashlib.sha256()
            c0, w0 = time.process_time(), time.perf_counter()
            for t in tables:
                digest.update(np.ascontiguousarray(rec.robustness(t, w, 5, method)).tobytes())
            cpu.append(time.process_time() - c0)
            wall.append(time.perf_counter() - w0)
        out.append({"method": method, "firms": len(tables), "cpu_s": round(statistics.median(cpu), 3),
                    "wall_s": round(statistics.median(wall), 3), "cpu_all_s": [round(x, 3) for x in cpu],
                    "hash": digest.hexdigest()[:16]})  # fmt: skip
    return out


def child(root: Path, firms: int, runs: int) -> list[dict]:
    proc = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--child", str(root), "--firms", str(firms),
                           "--runs", str(runs)], cwd=root, capture_output=True, text=True, check=True,
                          env={**os.environ, "KOCN_DATA_DIR": str(root / "data")})  # fmt: skip
    return json.loads(proc.stdout)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--firms", type=int, default=20)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--baseline-dir", type=Path)
    ap.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        print(json.dumps(measure(args.child, args.firms, args.runs)))
        return 0
    sides = {"after": ROOT} if args.baseline_dir is None else {"before": args.baseline_dir, "after": ROOT}
    got = {side: child(root, args.firms, args.runs) for side, root in sides.items()}
    for side, lines in got.items():
        for line in lines:
            print(json.dumps({"bench": "robustness", "side": side, "code": str(sides[side]), **line}), flush=True)
    if "before" not in got:
        return 0
    same = True
    for b, a in zip(got["before"], got["after"]):
        same &= b["hash"] == a["hash"]
        print(json.dumps({"bench": "robustness", "compare": True, "method": a["method"], "same_shares": b["hash"] == a["hash"],
                          "cpu_before_s": b["cpu_s"], "cpu_after_s": a["cpu_s"],
                          "cpu_speedup": round(b["cpu_s"] / max(a["cpu_s"], 1e-9), 1),
                          "load_avg_1m": round(os.getloadavg()[0], 2)}), flush=True)  # fmt: skip
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
