"""The decision figures a reviewer reads (issue 9), for this checkout: screen a seeded synthetic registry and print
coverage, uncovered core needs, hidden ties, robustness, strategy shares by firm size, strategies chosen where their
regional condition fails, and regions ranked first — as JSON lines (machine-readable) or text.

    .venv/bin/python benchmarks/decision_figures.py [--firms 5000] [--robust 300] [--seed 7] [--json]

The registry follows the decision probe's generator (log-normal size; 0–3 capabilities at 2–5; seeded), so figures
are comparable across versions of the engine.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from features.build import load_knowledge  # noqa: E402
from features.facts import CAPABILITY_KEYS  # noqa: E402
from features.firms import firms_from_records  # noqa: E402
from recommender.engine import Recommender  # noqa: E402
from recommender.screening import screen_table  # noqa: E402
from recommender.strategies import availability  # noqa: E402
from recommender.weights import preset_weights  # noqa: E402


def registry(n: int, seed: int) -> list[dict]:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        emp = max(1, int(math.exp(rng.gauss(3.0, 1.4))))
        caps = dict.fromkeys(CAPABILITY_KEYS, 0)
        for k in rng.sample(CAPABILITY_KEYS, rng.choice([0, 1, 2, 2, 3])):
            caps[k] = rng.randint(2, 5)
        out.append({"firm_id": f"Q{i:06d}", "employees": emp, "china_experience_years": rng.randint(0, 12),
                    "has_china_entity": emp > 100 and rng.random() < 0.5,
                    "investment_capacity_krw_100m": round(emp * rng.uniform(0.02, 0.3), 1),
                    "risk_tolerance": rng.choice(["low", "medium", "high"]), "horizon_years": rng.choice([2, 3, 5, 7]),
                    "capabilities": caps})  # fmt: skip
    return out


def size_of(employees: int) -> str:
    return "micro" if employees < 10 else "small" if employees < 50 else "medium" if employees < 300 else "large"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--firms", type=int, default=5000)
    ap.add_argument("--robust", type=int, default=300, help="firms whose rank-1 robustness is computed")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    kb = load_knowledge()
    rec = Recommender(kb)
    records = registry(args.firms, args.seed)
    firms = {r["firm_id"]: r for r in records}
    batch = firms_from_records(records, kb.regions)
    w = preset_weights("balanced")
    table = screen_table(rec, batch.firms, w, top=10)
    ranked = table[table["rank"].notna()]
    first = ranked[ranked["rank"] == 1]
    core = defaultdict(list)
    for n in kb.needs:
        if n.core:
            core[n.sector_id].append(n.capability)
    uncovered = sum(1 for r in first.itertuples()
                    if max(firms[r.firm_id]["capabilities"][k] for k in core[r.sector_id]) < 3)  # fmt: skip
    hidden = equal = 0
    for _, rows in ranked.groupby("firm_id", sort=False):
        s, g = rows.score.to_list(), rows.tie_group.to_list()
        for a, b, ga, gb in zip(s, s[1:], g, g[1:]):
            if abs(a - b) < 1e-9:
                equal += 1
                hidden += ga != gb
    fails = sum(1 for (r, s, t) in set(zip(ranked.region_id, ranked.sector_id, ranked.strategy_id))
                for _ in [0] if not availability(kb.strategies[t], kb.profile(r, s))[0])  # fmt: skip
    robust = []
    for i in range(min(args.robust, len(batch.firms))):
        out = rec.recommend(batch.firms, i, w, top=5)
        if out["recommendations"]:
            robust.append(out["recommendations"][0]["robustness"])
    by_size = defaultdict(Counter)
    for r in first.itertuples():
        by_size[size_of(firms[r.firm_id]["employees"])][r.strategy_id] += 1
    figures = {
        "firms": args.firms, "data_version": kb.data_version,
        "coverage": dict(Counter(table.drop_duplicates("firm_id").coverage)),
        "rank1_uncovered_core": uncovered, "rank1_picks": len(first),
        "adjacent_equal_scores": equal, "equal_scores_in_different_groups": hidden,
        "opportunity_strategy_pairs_failing_their_regional_condition": fails,
        "robustness_rank1_share_1.0": round(sum(x == 1.0 for x in robust) / max(1, len(robust)), 3),
        "robustness_rank1_mean": round(sum(robust) / max(1, len(robust)), 3),
        "rank1_strategy_share": {k: round(v / max(1, len(first)), 3) for k, v in Counter(first.strategy_id).most_common()},
        "rank1_strategy_share_by_size": {s: {k: round(v / sum(c.values()), 3) for k, v in c.most_common(4)}
                                         for s, c in by_size.items()},
        "regions_ranked_first": dict(Counter(first.region_id).most_common()),
    }  # fmt: skip
    if args.json:
        print(json.dumps(figures, ensure_ascii=False))
    else:
        for k, v in figures.items():
            print(f"{k}: {v}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
