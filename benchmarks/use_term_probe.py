"""What a per-firm "use" (precision) term in fit would do — measured, not adopted (docs/METHOD.md § 4,
docs/audit/advisor_recodes.md, panel 14). Runs the labelled firms (tests/fixtures/labelled_firms.csv: inferred
capabilities, the industry gate, balanced weights) with the shipped fit and with

    T[f]       = {k : c_fk ≥ max(best_f − 1, 3)}                     (``strongest``; ``all`` = every capability)
    use[f, s]  = Σ_{k∈T} min(c_fk, r_sk) / Σ_{k∈T} c_fk
    fit'[f, s] = fit[f, s] · (1 − b + b · use[f, s] / max_s use[f, s])

and prints rank-1 and top-3 accuracy in the labellers' expected sectors per in-scope class, the firms whose rank 1
moves, and how many of 200 seeded random firms have a sector whose fit' falls when one capability rises by 1 (the
principle "a higher capability never lowers a fit", DESIGN.md, that keeps the term out).

    .venv/bin/python benchmarks/use_term_probe.py [--b 0.5] [--variant strongest|all]
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections import Counter
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from features.build import load_knowledge  # noqa: E402
from features.firms import firms_from_records  # noqa: E402
from recommender import kernels  # noqa: E402
from recommender.engine import Recommender  # noqa: E402
from recommender.industry_scope import apply_industry_gate, industry_scope  # noqa: E402
from recommender.weights import preset_weights  # noqa: E402

SHIPPED = kernels.fit_scores


def with_use(b: float, variant: str):
    def fit(capabilities, requirements, core=None, core_share=kernels.CORE_SHARE, central=None, together=None):
        base = SHIPPED(capabilities, requirements, core, core_share, central, together)
        c = capabilities.astype(np.float32)
        covered = np.minimum(c[:, None, :], requirements.astype(np.float32)[None, :, :])
        if variant == "all":
            mask = np.ones_like(c, dtype=bool)
        else:
            mask = c >= np.maximum(c.max(axis=1, keepdims=True) - 1, 3)
        mass = (c * mask).sum(axis=1)
        use = (covered * mask[:, None, :]).sum(axis=2) / np.where(mass > 0, mass, 1)[:, None]
        top = use.max(axis=1, keepdims=True)
        rel = np.where(top > 0, use / np.where(top > 0, top, 1), 1)
        return (base * (1 - b + b * rel)).astype(np.float32)

    return fit


def labelled(kb, rec) -> dict[str, tuple[str, set, list]]:
    weights = preset_weights("balanced")
    out = {}
    with open(ROOT / "tests" / "fixtures" / "labelled_firms.csv", encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            record = {"firm_id": r["firm_id"], "industry_code": r["industry_code"], "products": r["products"],
                      "employees": 50}  # fmt: skip
            batch = firms_from_records([record], kb.regions)
            if not len(batch.firms):
                continue
            firm = batch.firms.firm(0)
            res = apply_industry_gate(rec.recommend(batch.firms, 0, weights, with_robustness=False), firm,
                                      industry_scope(kb, firm))  # fmt: skip
            expected = {s for s in (r["expected_sectors"] or "").split(";") if s}
            out[r["firm_id"]] = (r["in_scope"], expected, [x["sector_id"] for x in res["recommendations"][:3]])
    return out


def summary(runs: dict) -> list[str]:
    tot, hit, top3 = Counter(), Counter(), Counter()
    for cls, expected, top in runs.values():
        tot[cls] += 1
        hit[cls] += bool(top) and top[0] in expected
        top3[cls] += bool(expected & set(top))
    return [f"  {c:8} n={tot[c]:3}  rank1 {hit[c] / tot[c]:.3f}  top3 {top3[c] / tot[c]:.3f}" for c in sorted(tot)]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--b", type=float, default=0.5)
    ap.add_argument("--variant", choices=("strongest", "all"), default="strongest")
    args = ap.parse_args()
    kb = load_knowledge()
    rec = Recommender(kb)
    before = labelled(kb, rec)
    kernels.fit_scores = with_use(args.b, args.variant)
    try:
        after = labelled(kb, rec)
        rng = np.random.default_rng(7)
        caps = rng.integers(0, 6, size=(200, rec.requirements.shape[1])).astype(np.int8)
        f0 = kernels.fit_scores(caps, rec.requirements, rec.core, central=rec.central, together=rec.together)
        falls = np.zeros(len(caps), dtype=bool)
        for k in range(caps.shape[1]):
            up = caps.copy()
            up[:, k] = np.minimum(up[:, k] + 1, 5)
            falls |= (kernels.fit_scores(up, rec.requirements, rec.core, central=rec.central, together=rec.together) < f0 - 1e-6).any(axis=1)
    finally:
        kernels.fit_scores = SHIPPED
    print("shipped fit:", *summary(before), sep="\n")
    print(f"with the use term (b={args.b}, {args.variant}):", *summary(after), sep="\n")
    for fid, (cls, expected, top) in after.items():
        old = before[fid][2]
        if old[:1] != top[:1]:
            was, now = ("hit" if t and t[0] in expected else "miss" for t in (old, top))
            print(f"  {fid} {cls}: {old[:1]} {was} -> {top[:1]} {now} (expected {sorted(expected)})")
    print(f"random firms whose fit' falls somewhere when one capability rises by 1: {int(falls.sum())} of {len(caps)}")


if __name__ == "__main__":
    main()
