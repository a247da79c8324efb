"""The command line as a user waits for it (issue 19: one recommendation ≤ 0.6 s, ``--help`` ≤ 0.3 s, median of 5):
the whole process, timed from outside, beside a baseline checkout measured in the same run. JSON lines.

    .venv/bin/python benchmarks/bench_cli.py [--runs 5] [--baseline REV | --baseline-dir DIR] [--json]

* ``after``: this checkout. ``before``: the files of git revision ``--baseline`` (default ``main``; ``git archive``
  into a temporary folder — nothing in the repository changes) or an already extracted checkout ``--baseline-dir``
  (its ``data/build`` kept between runs, so it is not built again). Both run with this interpreter.
* Commands: ``help`` (``--help``), ``recommend`` (``recommend data/samples/firm.json --format json``),
  ``recommend_topsis`` (the same with ``--method topsis``: the app's method switch), ``profiles``
  (``profiles --format json``). Each side runs each command once unmeasured first (a stale build is built then),
  then ``--runs`` times, the two sides alternating run by run so that the other jobs on the machine weigh on both
  alike.
* Per side and command one line: ``wall_s`` (median, and every run), ``cpu_s`` (user + sys of that child alone,
  ``os.wait4``; on a busy machine the closer measure of the work done) and ``peak_rss_mb``; then one ``compare``
  line per command with the ratios and whether the two sides printed the same bytes (the data version, a hash that
  includes the builder's code, masked). ``load_avg_1m`` is read before and after.

The command exits 1 when the two sides printed different answers.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
COMMANDS = {
    "help": ["--help"],
    "recommend": ["recommend", "data/samples/firm.json", "--format", "json"],
    "recommend_topsis": ["recommend", "data/samples/firm.json", "--format", "json", "--method", "topsis"],
    "profiles": ["profiles", "--format", "json"],
}
TARGETS = {"help": 0.3, "recommend": 0.6, "recommend_topsis": 0.6}
DV = re.compile(rb"\b[0-9a-f]{12}\b")


def run(root: Path, args: list[str]) -> dict:
    """One child process: wall seconds, CPU seconds (user + sys), peak RSS and its stdout."""
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "", "KOCN_DATA_DIR": str(root / "data")}
    out = tempfile.TemporaryFile()
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "recommender", *args], cwd=root, stdout=out,
                            stderr=subprocess.DEVNULL, env=env)  # fmt: skip
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    out.seek(0)
    return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "rss_mb": usage.ru_maxrss / 1024,
            "exit": proc.returncode, "stdout": out.read()}  # fmt: skip


def baseline_tree(rev: str, keep: Path | None) -> Path:
    """The files of ``rev`` extracted into ``keep`` (or a temporary folder)."""
    target = keep or Path(tempfile.mkdtemp(prefix="bench-cli-"))
    target.mkdir(parents=True, exist_ok=True)
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", rev], capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(target)], input=archive, check=True)
    return target


def load() -> float:
    return round(os.getloadavg()[0], 2)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--baseline", default="main", help="git revision for 'before' (default main)")
    ap.add_argument("--baseline-dir", type=Path, help="an extracted checkout to use (or to extract --baseline into, "
                    "if it does not exist yet) — kept, with its data/build, for the next run")  # fmt: skip
    ap.add_argument("--commands", default=",".join(COMMANDS), help="comma-separated subset of " + ",".join(COMMANDS))
    ap.add_argument("--json", action="store_true", help="JSON lines only (the default prints them too)")
    args = ap.parse_args()
    names = [c for c in args.commands.split(",") if c]
    temp = None
    if args.baseline_dir and (args.baseline_dir / "recommender").is_dir():
        before_root, label = args.baseline_dir, f"dir:{args.baseline_dir}"
    else:
        before_root = baseline_tree(args.baseline, args.baseline_dir)
        temp = None if args.baseline_dir else before_root
        label = args.baseline
    sides = {"before": before_root, "after": ROOT}
    rev = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True,
                         text=True).stdout.strip()  # fmt: skip
    load_start = load()
    failed = False
    try:
        for name in names:
            cmd = COMMANDS[name]
            for root in sides.values():  # warm-up: builds a stale artifact, fills the page cache
                first = run(root, cmd)
                if first["exit"] != 0:
                    raise SystemExit(f"{name} failed in {root} (exit {first['exit']})")
            runs: dict[str, list[dict]] = {s: [] for s in sides}
            for _ in range(args.runs):
                for side, root in sides.items():
                    runs[side].append(run(root, cmd))
            lines = {}
            for side, rs in runs.items():
                lines[side] = {
                    "bench": "cli", "command": name, "side": side,
                    "code": label if side == "before" else f"HEAD {rev} (+ working tree)",
                    "runs": len(rs), "wall_s": round(statistics.median(r["wall"] for r in rs), 3),
                    "cpu_s": round(statistics.median(r["cpu"] for r in rs), 3),
                    "peak_rss_mb": round(statistics.median(r["rss_mb"] for r in rs), 1),
                    "wall_all_s": [round(r["wall"], 3) for r in rs], "cpu_all_s": [round(r["cpu"], 3) for r in rs],
                    "exits": sorted({r["exit"] for r in rs}),
                }  # fmt: skip
                print(json.dumps(lines[side], ensure_ascii=False), flush=True)
            outs = {side: {DV.sub(b"<DV>", r["stdout"]) for r in rs} for side, rs in runs.items()}
            same = len(outs["before"]) == 1 and outs["before"] == outs["after"]
            failed |= not same
            b, a = lines["before"], lines["after"]
            print(json.dumps({
                "bench": "cli", "command": name, "compare": True, "same_output": same,
                "wall_before_s": b["wall_s"], "wall_after_s": a["wall_s"], "cpu_before_s": b["cpu_s"],
                "cpu_after_s": a["cpu_s"], "wall_speedup": round(b["wall_s"] / a["wall_s"], 2),
                "cpu_speedup": round(b["cpu_s"] / a["cpu_s"], 2), "target_s": TARGETS.get(name),
                "load_avg_1m": [load_start, load()], "cpus": os.cpu_count(), "python": platform.python_version(),
            }), flush=True)  # fmt: skip
    finally:
        if temp is not None:
            shutil.rmtree(temp, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
