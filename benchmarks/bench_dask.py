"""The Dask path over one big file beside the local path (issue 19: "the Dask path over one big file within 1.3× the
local path on this machine"). JSON lines.

    .venv/bin/python benchmarks/bench_dask.py [--firms 1m] [--runs 2] [--modes local,dask,dask_processes]
                                              [--csv FIRMS.csv] [--baseline-dir DIR]

N synthetic firms (``bench_screening.synthetic_firms``, seed 7) are written once as one CP949 CSV (Korean Excel's
default; 107 MB for 1M firms), then the real command line screens it to CSV (byte-identical across engines; a
Parquet file's row groups follow the parts), as a child process per run:

* ``local``: ``python -m recommender screen FIRMS.csv --out OUT.csv`` (the local engine, 2 scoring threads);
* ``dask``: the same with ``--engine dask`` (a LocalCluster of 2 workers — threads of the process since issue 19);
* ``dask_processes``: ``--engine dask --dask-processes`` (2 worker processes: the default before).

The file is larger than ``--block-bytes`` (32 MB), so the Dask path splits it into blocks read on the workers
(``recommender.distributed.plan_blocks``). The modes alternate run by run, so the machine's other jobs weigh on all
alike. Each line: wall seconds, CPU seconds of the child and every process it waited for (``os.wait4``: the worker
processes included), its peak RSS, and the SHA-256 of the output (every mode must write the same file). With
``--baseline-dir`` the ``dask`` mode also runs in that checkout (``side: before``; there ``--engine dask`` without
``--dask-processes``, the option being new). The last line is the summary: median wall and CPU of each mode and
their ratio to ``local``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MODES = {"local": [], "dask": ["--engine", "dask"], "dask_processes": ["--engine", "dask", "--dask-processes"]}


def write_firms(n: int, path: Path) -> None:
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from bench_screening import firms_frame, synthetic_firms

    from features.build import load_knowledge
    from recommender.engine import Recommender

    firms_frame(synthetic_firms(n, Recommender(load_knowledge()), 7)).to_csv(path, index=False, encoding="cp949")


def run(root: Path, src: Path, out: Path, extra: list[str]) -> dict:
    """One ``screen`` child in ``root``: exit, wall, CPU (child + its waited-for processes), peak RSS, output hash."""
    cmd = [sys.executable, "-m", "recommender", "screen", str(src), "--out", str(out), *extra]
    t = time.perf_counter()
    with tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(cmd, cwd=root, stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t
        err.seek(0)
        tail = err.read().decode("utf-8", errors="replace")[-400:]
    code = os.waitstatus_to_exitcode(status)
    digest = hashlib.sha256(out.read_bytes()).hexdigest()[:12] if out.exists() else None
    for p in out.parent.glob(out.stem + "*"):
        p.unlink()
    return {"exit": code, "wall_s": round(wall, 2), "cpu_s": round(usage.ru_utime + usage.ru_stime, 2),
            "peak_rss_mb": round(usage.ru_maxrss / 1024, 1), "sha256_12": digest,
            "load_avg_1m": round(os.getloadavg()[0], 2), **({"stderr_tail": tail} if code else {})}  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--firms", default="1m", help="N firms: 200k, 1m, … (default 1m)")
    p.add_argument("--runs", type=int, default=2)
    p.add_argument("--modes", default="local,dask,dask_processes")
    p.add_argument("--csv", help="use this CP949 CSV instead of writing one")
    p.add_argument("--baseline-dir", help="also run --engine dask in this checkout (side before)")
    args = p.parse_args(argv)
    n = int(float(args.firms.lower().replace("k", "e3").replace("m", "e6")))
    modes = [m for m in args.modes.split(",") if m]
    with tempfile.TemporaryDirectory(prefix="bench_dask_") as tmp:
        folder = Path(tmp)
        src = Path(args.csv) if args.csv else folder / f"firms_{n}.csv"
        if not args.csv:
            write_firms(n, src)
        sides = [("after", ROOT, m, MODES[m]) for m in modes]
        if args.baseline_dir:
            sides.append(("before", Path(args.baseline_dir).resolve(), "dask", MODES["dask"]))
        got: dict[tuple[str, str], list[dict]] = {}
        for r in range(args.runs):
            for side, root, mode, extra in sides:
                res = {"bench": "dask", "side": side, "mode": mode, "firms": n, "run": r + 1,
                       **run(root, src, folder / f"out_{side}_{mode}.csv", extra)}  # fmt: skip
                got.setdefault((side, mode), []).append(res)
                print(json.dumps(res), flush=True)
    ok = all(x["exit"] == 0 for v in got.values() for x in v)
    hashes = {x["sha256_12"] for v in got.values() for x in v}
    summary: dict = {"bench": "dask", "summary": True, "firms": n, "same_output": len(hashes) == 1, "modes": {}}
    base = got.get(("after", "local"))
    for (side, mode), v in got.items():
        wall = statistics.median(x["wall_s"] for x in v)
        cpu = statistics.median(x["cpu_s"] for x in v)
        row = {"wall_s": wall, "cpu_s": cpu}
        if base:
            row["wall_vs_local"] = round(wall / statistics.median(x["wall_s"] for x in base), 2)
            row["cpu_vs_local"] = round(cpu / statistics.median(x["cpu_s"] for x in base), 2)
        summary["modes"][f"{side}:{mode}"] = row
    print(json.dumps(summary), flush=True)
    return 0 if ok and summary["same_output"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
