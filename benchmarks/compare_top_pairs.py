"""Engine output and CPU time, this tree against a baseline tree, in one run (issue 19).

    .venv/bin/python benchmarks/compare_top_pairs.py --baseline-dir /work/wt/base26            # hashes + CPU-s
    .venv/bin/python benchmarks/compare_top_pairs.py --baseline-dir /work/wt/base26 --firms 100k --runs 3 --rounds 2
    .venv/bin/python benchmarks/compare_top_pairs.py --firms 20k --json                       # this tree only

**Output.** For every configuration (``wsm`` and ``topsis``; top 5 and top 12; presets ``balanced`` and
``growth``) each tree runs :meth:`recommender.engine.Recommender.top_pairs` on the same synthetic firms
(``bench_screening.synthetic_firms``, seeded) and prints a SHA-256 of every ``TopPairs`` array (dtype, shape and
bytes). The two trees must give the same digest for every configuration: exit status 1 otherwise.

**Time.** ``time.process_time`` of ``top_pairs`` on one thread (WSM, balanced, top 5), ``--runs`` times per tree,
the trees alternating ``--rounds`` times (baseline first). CPU seconds are the fair figure on a shared machine.

Each tree runs in a child process with its own interpreter and ``cwd`` (``<tree>/.venv/bin/python`` when it exists),
so the baseline's code is imported, not this tree's.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CONFIGS = [(m, k, p) for m in ("wsm", "topsis") for k in (5, 12) for p in ("balanced", "growth")]


def _n(text: str) -> int:
    text = text.strip().lower()
    mult = {"k": 1_000, "m": 1_000_000}.get(text[-1:], 1)
    return int(float(text[:-1] if mult > 1 else text) * mult)


def digest(pairs) -> str:
    """SHA-256 over every TopPairs field: name, dtype, shape and bytes."""
    h = hashlib.sha256()
    for name in pairs.__dataclass_fields__:
        a = getattr(pairs, name)
        if a is None:
            h.update(f"{name}:None".encode())
            continue
        h.update(f"{name}:{a.dtype.str}:{a.shape}".encode())
        h.update(a.tobytes())
    return h.hexdigest()


def child(n: int, seed: int, runs: int, hashes: bool) -> dict:
    """Run inside the tree being measured (cwd = that tree)."""
    sys.path.insert(0, os.getcwd())
    sys.path.insert(1, str(Path(os.getcwd()) / "benchmarks"))
    from bench_screening import synthetic_firms

    from features.build import load_knowledge
    from recommender.engine import Recommender
    from recommender.weights import preset_weights

    rec = Recommender(load_knowledge())
    firms = synthetic_firms(n, rec, seed)
    out: dict = {"tree": os.getcwd(), "firms": n}
    if hashes:
        out["digests"] = {f"{m}/top{k}/{p}": digest(rec.top_pairs(firms, preset_weights(p), k, m))
                          for m, k, p in CONFIGS}  # fmt: skip
    cpu = []
    w = preset_weights("balanced")
    for _ in range(runs):
        t = time.process_time()
        rec.top_pairs(firms, w, 5, "wsm")
        cpu.append(round(time.process_time() - t, 3))
    out["cpu_s"] = cpu
    return out


def run_tree(tree: Path, n: int, seed: int, runs: int, hashes: bool) -> dict:
    py = tree / ".venv" / "bin" / "python"
    exe = str(py) if py.exists() else sys.executable
    env = {**os.environ, "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
    args = [exe, str(Path(__file__).resolve()), "--child", "--firms", str(n), "--seed", str(seed),
            "--runs", str(runs)] + ([] if hashes else ["--no-hashes"])  # fmt: skip
    res = subprocess.run(args, cwd=tree, env=env, capture_output=True, text=True, check=False)
    if res.returncode:
        raise SystemExit(f"{tree}: child failed\n{res.stderr[-3000:]}")
    out = json.loads(res.stdout.strip().splitlines()[-1])
    out["load_avg_1m"] = round(os.getloadavg()[0], 2)
    return out


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--baseline-dir", help="a checkout of the baseline (its own .venv or link)")
    p.add_argument("--firms", default="100k")
    p.add_argument("--seed", type=int, default=20181030)
    p.add_argument("--runs", type=int, default=1, help="timed top_pairs runs per tree and round")
    p.add_argument("--rounds", type=int, default=1, help="the trees alternate this many times")
    p.add_argument("--json", action="store_true")
    p.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    p.add_argument("--no-hashes", action="store_true", help=argparse.SUPPRESS)
    a = p.parse_args(argv)
    n = _n(a.firms)
    if a.child:
        print(json.dumps(child(n, a.seed, a.runs, not a.no_hashes)))
        return 0
    trees = ([("before", Path(a.baseline_dir).resolve())] if a.baseline_dir else []) + [("after", ROOT)]
    results: dict[str, list[dict]] = {name: [] for name, _ in trees}
    for r in range(max(1, a.rounds)):
        for name, tree in trees:
            results[name].append(run_tree(tree, n, a.seed, a.runs, hashes=r == 0))
    first = {name: res[0]["digests"] for name, res in results.items()}
    same = None
    if a.baseline_dir:
        same = {c: first["before"][c] == first["after"][c] for c in first["after"]}
    summary = {
        "bench": "compare_top_pairs", "firms": n, "seed": a.seed,
        "cpu_s": {name: [x["cpu_s"] for x in res] for name, res in results.items()},
        "load_avg_1m": {name: [x["load_avg_1m"] for x in res] for name, res in results.items()},
        "digests": first, "identical": None if same is None else all(same.values()),
    }
    if a.json:
        print(json.dumps(summary))
    else:
        for name, res in results.items():
            print(f"{name}: CPU-s per round {[x['cpu_s'] for x in res]}")
        for c in first["after"]:
            tag = "" if same is None else ("  same" if same[c] else "  DIFFERENT")
            print(f"{c:24s} {first['after'][c][:16]}{tag}")
    return 0 if same is None or all(same.values()) else 1


if __name__ == "__main__":
    raise SystemExit(main())
