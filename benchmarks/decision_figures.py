"""The decision figures a reviewer reads (issue 9), for this checkout: screen a seeded synthetic registry and print
coverage, uncovered core needs, hidden ties, robustness, strategy shares by firm size, strategies chosen where their
regional condition fails, and regions ranked first — as JSON lines (machine-readable) or text. Issue 18 adds: rank-1
picks with fit < 0.2, the region that takes the largest share of each sector's rank-1 picks, rank-1 picks decided by
region id (the first two rows tied with the same evidence and the same shown score: only the id could order them;
a row that stands for several equivalent regions is one answer, not a ranking), and rank-1 strategies the firm
cannot carry (it fails a condition the strategy marks ``required`` or meets none of its capability conditions).

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
from recommender.strategies import CITY_ELEMENTS, availability  # noqa: E402
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


def evidence_key(kb, region_id: str, sector_id: str) -> tuple:
    """The region's own facts about the sector: (count, total strength, newest year) — computed from the profile, not
    from the engine, so the figure means the same for every version of the engine."""
    facts = [kb.fact(f) for f in kb.profile(region_id, sector_id).sector_fact_ids]
    years = [int(str(f.published)[:4]) for f in facts if str(f.published)[:4].isdigit()]
    return len(facts), sum(f.strength for f in facts), max(years, default=0)


def cannot_carry(spec: dict, firm: dict, sector_id: str | None = None) -> list[str]:
    """Why a firm cannot carry a strategy: a failed ``required`` firm condition (one with ``sectors`` only at an
    opportunity of those sectors), or none of its capability conditions met (when it has any). Read from the
    strategy file itself."""
    out = []
    caps = [c for c in spec["firm_conditions"] if "capability" in c and float(c.get("weight", 1.0)) > 0]
    if caps and not any(_holds(c, firm) for c in caps):  # a weight-0 capability line only explains
        out.append("no capability condition met")
    for c in spec["firm_conditions"]:
        if c.get("sectors") and sector_id not in c["sectors"]:
            continue
        if c.get("required") and not _holds(c, firm):
            out.append(f"{c.get('field') or c.get('capability')} {c['op']} {c['value']}")
    if spec["id"] == "startup_investment_rnd" and firm["risk_tolerance"] == "low":
        out.append("risk_tolerance low")  # the case, counted even where the file marks nothing required
    return sorted(set(out))


def _holds(c: dict, firm: dict) -> bool:
    name = c.get("field") or c.get("capability")
    have = firm["capabilities"].get(name, 0) if "capability" in c else firm.get(name, 0)
    if name == "makes_goods":  # from the KSIC code: missing, or in manufacturing (10–34)
        head = str(firm.get("industry_code") or "")[:2]
        have = not (len(head) == 2 and head.isdigit()) or 10 <= int(head) <= 34
    caps = firm["capabilities"]
    if name == "digital_health_led":  # strategies.digital_health_led: digital health ≥ 3, ≥ devices and genomics
        dh = caps.get("digital_health", 0)
        have = dh >= 3 and dh >= caps.get("medical_devices", 0) and dh >= caps.get("biotech_genomics", 0)
    if name == "city_element_level":  # strategies.city_element_level: the best smart-city element technology
        have = max(caps.get(k, 0) for k in CITY_ELEMENTS)
    if name in ("china_readiness", "first_entrant"):  # kernels.readiness, written out: 0.4·exp + 0.2·entity + …
        exp, entity = float(firm.get("china_experience_years") or 0), bool(firm.get("has_china_entity"))
        ready = (0.4 * min(exp / 5.0, 1.0) + 0.2 * entity + 0.2 * min(float(firm.get("chinese_speaking_staff") or 0) / 3.0, 1.0)
                 + 0.2 * min(float(firm.get("investment_capacity_krw_100m") or 0) / 50.0, 1.0))  # fmt: skip
        # strategies.first_entrant: no China experience, no entity, readiness below 0.2
        have = ready if name == "china_readiness" else (exp <= 0 and not entity and ready < 0.2)
    if c["op"] == "in":
        return have in (c["value"] if isinstance(c["value"], list) else [c["value"]])
    if name == "certifications":
        return False
    v = float(c["value"]) if not isinstance(c["value"], bool) else float(c["value"])
    have = float(have or 0)
    return have >= v if c["op"] == ">=" else have <= v if c["op"] == "<=" else have == v


def size_of(employees: int) -> str:
    return "micro" if employees < 10 else "small" if employees < 50 else "medium" if employees < 300 else "large"


def list_shape(ranked, top: int = 5) -> dict:
    """Issue 18, panels 5–6, on the first ``top`` rows of each answer: how many rows a covered firm gets, answers in
    which one sector holds more than two rows, and rows at rank ≥ 2 whose fit is below 0.6 × rank 1's (rows the
    firm can hardly serve) or below 0.35."""
    head = ranked[ranked["rank"] <= top]
    rows = head.groupby("firm_id", sort=False).size()
    crowded = weak_rel = weak_abs = 0
    for _, r in head.groupby("firm_id", sort=False):
        crowded += int(r.sector_id.value_counts().max() > 2)
        first_fit = float(r.fit.iloc[0])
        rest = r.fit.iloc[1:]
        weak_rel += int((rest < 0.6 * first_fit).sum())
        weak_abs += int((rest < 0.35).sum())
    return {"rows_per_covered_firm_mean": round(float(rows.mean()), 3) if len(rows) else 0.0,
            "rows_per_covered_firm": {int(k): int(v) for k, v in sorted(rows.value_counts().items())},
            "answers_with_one_sector_over_2_rows": crowded,
            "rows_rank2plus_fit_below_0.6x_rank1": weak_rel, "rows_rank2plus_fit_below_0.35": weak_abs}


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
    low_fit = int((first.fit < 0.2).sum())
    by_sector = {}
    eq_col = "equivalent_regions" if "equivalent_regions" in table.columns else None
    for sec, rows in first.groupby("sector_id"):
        # a row that stands for several equivalent regions is a sector-level answer, not that region's
        regions = [r if not (eq_col and isinstance(e, str) and e) else "(sector-level)"
                   for r, e in zip(rows.region_id, rows[eq_col] if eq_col else [None] * len(rows))]  # fmt: skip
        c = Counter(regions)
        reg, k = c.most_common(1)[0]
        # … and how often that region is first alone (no other region of the sector in the rank-1 tie group)
        g1 = ranked[(ranked.tie_group == 1) & (ranked.sector_id == sec)].groupby("firm_id").region_id.nunique()
        sole = sum(1 for f, r in zip(rows.firm_id, regions) if r == reg and g1.get(f, 1) == 1)
        by_sector[sec] = {"region": reg, "share": round(k / len(rows), 3), "n": len(rows),
                          "sole_first_share": round(sole / len(rows), 3)}
    by_id = not_best = 0
    for _, rows in ranked.groupby("firm_id", sort=False):
        rows = rows.sort_values("rank")
        a, group = rows.iloc[0], rows[rows.tie_group == rows.iloc[0].tie_group].iloc[1:]
        not_best += bool((group.score > a.score + 1e-9).any())
        key = evidence_key(kb, a.region_id, a.sector_id)
        # another row of the rank-1 group with the same evidence and the same shown score: only the id orders them
        by_id += any(round(b.score, 4) == round(a.score, 4) and evidence_key(kb, b.region_id, b.sector_id) == key
                     for b in group.itertuples())  # fmt: skip
    carry = Counter()
    for r in first.itertuples():
        for why in cannot_carry(kb.strategies[r.strategy_id], firms[r.firm_id], r.sector_id):
            carry[f"{r.strategy_id}: {why}"] += 1
    caps_of = {fid: f["capabilities"] for fid, f in firms.items()}
    std = first[first.strategy_id == "standards_rnd_cooperation"]
    std_weak = sum(max(caps_of[f][k] for k in ("ai_software", "semiconductors_sensors", "telecom_5g")) < 4
                   for f in std.firm_id)  # fmt: skip
    start = first[first.strategy_id == "startup_investment_rnd"]
    start_low = sum(firms[f]["risk_tolerance"] == "low" for f in start.firm_id)
    start_poor = sum(firms[f]["investment_capacity_krw_100m"] < 20 for f in start.firm_id)
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
        "rank1_fit_below_0.2": low_fit, "rank1_fit_below_0.2_share": round(low_fit / max(1, len(first)), 4),
        "sector_top_region_share": by_sector,
        "sectors_with_one_region_over_0.8": sorted(k for k, v in by_sector.items()
                                                   if v["share"] > 0.8 and v["region"] != "(sector-level)"),
        "rank1_sector_level_answers": int(sum(isinstance(e, str) and bool(e) for e in first[eq_col])) if eq_col else 0,
        "rank1_decided_by_region_id": by_id,
        "rank1_not_the_highest_score_of_its_tie_group": not_best,
        "rank1_standards_without_ai_sensors_5g_at_4": std_weak, "rank1_standards": len(std),
        "rank1_startup_with_low_risk_tolerance": start_low, "rank1_startup_with_investment_below_20": start_poor,
        "rank1_startup": len(start),
        "rank1_strategy_firm_cannot_carry": sum(carry.values()),
        "rank1_strategy_firm_cannot_carry_by_reason": dict(carry.most_common()),
        **list_shape(ranked),
    }  # fmt: skip
    if args.json:
        print(json.dumps(figures, ensure_ascii=False))
    else:
        for k, v in figures.items():
            print(f"{k}: {v}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
