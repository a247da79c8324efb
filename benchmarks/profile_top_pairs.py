"""CPU profile of the engine's screening loop (``Recommender.top_pairs``) on one thread (issue 19, perf14).

    .venv/bin/python benchmarks/profile_top_pairs.py [--firms 100000] [--top 22]

Builds ``bench_screening.synthetic_firms``, warms the kernels on 2,000 firms, times two unprofiled runs (CPU seconds,
``time.process_time``), then profiles a third with ``cProfile.Profile(time.process_time)`` and prints the top entries
by own time and by cumulative time. Per 1,024-firm block: divide by the ``ncalls`` of ``_screen_block``.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--firms", type=int, default=100_000)
    p.add_argument("--top", type=int, default=22, help="profile rows printed")
    args = p.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import bench_screening as bs

    from features.build import load_knowledge
    from recommender.engine import Recommender
    from recommender.weights import preset_weights

    rec, w = Recommender(load_knowledge()), preset_weights("balanced")
    firms = bs.synthetic_firms(args.firms, rec)
    rec.top_pairs(firms.slice(0, 2000), w, 5)
    for _ in range(2):
        cpu = time.process_time()
        rec.top_pairs(firms, w, 5)
        print("unprofiled CPU-s", round(time.process_time() - cpu, 3))
    prof = cProfile.Profile(time.process_time)
    prof.enable()
    rec.top_pairs(firms, w, 5)
    prof.disable()
    stats = pstats.Stats(prof)
    stats.sort_stats("tottime").print_stats(args.top)
    stats.sort_stats("cumulative").print_stats(args.top)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
