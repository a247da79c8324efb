"""CPU profile of ``python -m recommender screen`` by stage (issue 19: what outside the engine costs).

    .venv/bin/python benchmarks/profile_screen.py FIRMS.csv OUT.parquet [--prof out.prof] [--top 15]

Runs the command in this process under ``cProfile.Profile(time.process_time)`` (CPU seconds: on a loaded machine wall
clocks mislead) with the scoring on one thread (``recommender.screening.default_workers`` → 1), so that every stage
is on the profiled thread. Prints the cumulative CPU seconds of each stage (reading, validation, engine, result
frames, writer) as a Markdown table, then the top entries by own time. Works on any tree with the same stage names.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

STAGES = {
    "whole command (`cli.main`)": ("recommender/cli.py", "main"),
    "read the file (`read_firm_frame`)": ("features/firms/readers.py", "read_firm_frame"),
    "validate (`validate_frame`)": ("features/firms/validation.py", "validate_frame"),
    "engine (`Recommender.top_pairs`)": ("recommender/engine.py", "top_pairs"),
    "result frames (`_Lookups.frame`)": ("recommender/screening.py", "frame"),
    "writer (`ScreenOutput.write`)": ("recommender/writers.py", "write"),
    "writer close (companion)": ("recommender/writers.py", "close"),
}


def stage_table(stats: pstats.Stats) -> list[tuple[str, float]]:
    out = []
    for label, (path, fn) in STAGES.items():
        total = sum(v[3] for k, v in stats.stats.items() if k[0].endswith(path) and k[2] == fn)
        out.append((label, total))
    return out


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("firms")
    p.add_argument("out")
    p.add_argument("--prof", help="also save the raw profile here")
    p.add_argument("--top", type=int, default=15)
    args = p.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    os.chdir(ROOT)
    import recommender.screening as screening
    from recommender import cli

    screening.default_workers = lambda: 1
    prof = cProfile.Profile(time.process_time)
    prof.enable()
    try:
        code = cli.main(["screen", args.firms, "--out", args.out])
    finally:
        prof.disable()
    if args.prof:
        prof.dump_stats(args.prof)
    stats = pstats.Stats(prof)
    print("| stage | CPU-s (cumulative) |\n|---|---|")
    for label, total in stage_table(stats):
        print(f"| {label} | {total:.2f} |")
    print(f"\n| function (own time, top {args.top}) | calls | own CPU-s | cumulative |\n|---|---|---|---|")
    for k, v in sorted(stats.stats.items(), key=lambda kv: -kv[1][2])[: args.top]:
        name = k[0].split("site-packages/")[-1].replace(str(ROOT) + "/", "")
        print(f"| {name}:{k[1]}({k[2]}) | {v[1]} | {v[2]:.2f} | {v[3]:.2f} |")
    return code or 0


if __name__ == "__main__":
    sys.exit(main())
