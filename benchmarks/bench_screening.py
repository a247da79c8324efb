"""Benchmark: screening N synthetic firms against every region × sector profile (top-k with entry strategies).

    .venv/bin/python benchmarks/bench_screening.py                     # N = 10k, 100k, 1M
    .venv/bin/python benchmarks/bench_screening.py --firms 1000 --json # one JSON line per N

For each N, in a fresh child process (so ``peak_rss_mb`` is that N's own peak, knowledge base included):

* **engine** — :func:`recommender.screening.screen_pairs`: scores for all N × P pairs (numpy, chunks of firms),
  top-k per firm, strategies for the kept pairs. ``seconds`` is its wall time; ``pairs_per_s = N·P / seconds``.
* **naive** — the same job written the obvious way, one (firm, profile) pair at a time in Python (fit, readiness,
  risk, weighted sum, preference and exclusion), a full sort per firm, then the engine's strategy rules per firm;
  timed on a sample and extrapolated to N → ``speedup_vs_naive``. Its top-k (ids and scores) must equal the
  engine's exactly (``agree_naive``); it mirrors :func:`recommender.kernels.wsm` and must change with it.
* **pymcdm** — pymcdm's TOPSIS (min–max normalisation, the library's reference implementation) called firm by firm
  on each firm's (P × 4) decision matrix, then a sort and the strategy rules; timed on a sample, extrapolated, and
  compared with the engine's own TOPSIS over all N firms (``topsis_seconds``) → ``speedup_vs_pymcdm``. Where the
  methods coincide (firms naming no preferred or excluded region) the closeness values must match to 1e-9 and the
  top-k lists must agree (``agree_pymcdm``).

Exit status 1 if any agreement check fails. With ``--io`` it also times reading the firms from a CSV (parse and
validate) and streaming the full result table (names, evidence, implications) to Parquet.

With ``--e2e`` (default N = 100k, 1M) it times **the whole command** an agency runs: the N synthetic firms are
written as a CP949 CSV (Korean Excel's default), then ``python -m recommender screen FIRMS.csv --out OUT.FMT`` runs
as a child process for CSV, Parquet and — up to ``--xlsx-max`` firms (default 100k) — XLSX, each reported as one
line ``{"kind": "e2e", "format", "wall_s", "peak_rss_mb", "output_mb", "companion_mb", "rows", …}`` (peak RSS of
that child alone, from ``os.wait4``), beside the engine-only line (``"kind": "engine"``) for the same N.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import struct
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from features.facts import CAPABILITY_KEYS  # noqa: E402
from features.firms import RISK_LEVELS, FirmTable  # noqa: E402

DEFAULT_SIZES = (10_000, 100_000, 1_000_000)
SEED = 20181030

# region popularity for preferred / excluded regions (Korean firms name the big coastal hubs most)
POPULAR = {"CN-BJ": 6, "CN-SH": 6, "CN-GD": 5, "CN-ZJ": 4, "CN-JS": 4, "CN-SD": 2, "CN-TJ": 2, "CN-CQ": 1.5}
CERTS = ("ISO9001", "ISO14001", "ISO13485", "IATF16949", "ISO27001", "CE", "KC", "GMP", "CCC")
CERT_P = (0.40, 0.15, 0.05, 0.05, 0.08, 0.10, 0.20, 0.03, 0.04)


# ---------------------------------------------------------------- synthetic firms


def synthetic_firms(n: int, rec, seed: int = SEED) -> FirmTable:
    """``n`` Korean SMEs with realistic, correlated attributes (seeded; the same n and seed give the same firms).

    Each firm has a home sector (drawn by rough sector shares) and capabilities around that sector's needs, plus
    some unrelated strengths; size is log-normal (median ≈ 20 employees, a long tail of mid-caps); China
    experience, a local entity, Chinese-speaking staff and investment capacity grow with size; about one firm in
    five names preferred regions and one in twenty excludes some.
    """
    rng = np.random.default_rng(seed)
    req = rec.requirements  # (S, K) sector needs 0–5
    S, K = req.shape
    share = rng.dirichlet(np.full(S, 4.0))  # fixed by the seed: uneven, like real sector mixes
    home = rng.choice(S, size=n, p=share)
    level = rng.uniform(0.3, 1.15, size=n)[:, None]
    caps = req[home] * level + rng.normal(0.0, 0.9, size=(n, K))
    side = rng.random((n, K)) < 0.08  # an unrelated strength now and then
    caps = np.where(side, caps + rng.integers(2, 5, size=(n, K)), caps)
    caps = np.clip(np.rint(caps), 0, 5).astype(np.int8)

    employees = np.clip(np.rint(rng.lognormal(np.log(20), 1.3, n)), 1, 50_000).astype(np.int64)
    revenue = np.round(employees * rng.lognormal(np.log(2.5), 0.7, n), 1)  # 억원, ≈ 2.5억 per employee
    size = np.log1p(employees)
    exp = np.where(rng.random(n) < 0.45 + 0.05 * size, np.round(rng.gamma(2.0, 2.5, n) * 2) / 2, 0.0)
    entity = rng.random(n) < 1 / (1 + np.exp(3.5 - 0.35 * exp - 0.3 * size))
    staff = rng.poisson(0.2 + 0.15 * exp + 0.05 * np.sqrt(employees)).astype(np.int64)
    invest = np.round(revenue * rng.lognormal(np.log(0.05), 0.8, n), 1)
    risk = rng.choice(3, size=n, p=[0.3, 0.5, 0.2]).astype(np.int8)
    horizon = rng.choice([1.0, 2.0, 3.0, 5.0, 7.0, 10.0], size=n, p=[0.1, 0.2, 0.3, 0.25, 0.1, 0.05])

    regions = sorted(set(rec.region_ids.tolist()))
    weight = np.array([POPULAR.get(r, 0.5) for r in regions])
    weight = weight / weight.sum()
    n_pref = np.where(rng.random(n) < 0.2, rng.integers(1, 4, n), 0)
    n_excl = np.where(rng.random(n) < 0.05, rng.integers(1, 3, n), 0)
    draws = rng.choice(len(regions), size=(n, 5), p=weight)
    pref = [tuple(sorted({regions[j] for j in draws[i, :k]})) if k else () for i, k in enumerate(n_pref.tolist())]
    excl = [tuple(sorted({regions[j] for j in draws[i, 3:3 + k]} - set(pref[i]))) if k else ()
            for i, k in enumerate(n_excl.tolist())]  # fmt: skip
    has = rng.random((n, len(CERTS))) < np.array(CERT_P)
    certs = [tuple(CERTS[j] for j in np.flatnonzero(row)) if row.any() else () for row in has]
    ids = np.array([f"KR{i:08d}" for i in range(n)], dtype=object)
    names = np.array([f"합성기업{i:07d}" for i in range(n)], dtype=object)
    return FirmTable(firm_id=ids, name=names, row=np.arange(2, n + 2, dtype=np.int64), employees=employees,
                     revenue_krw_100m=revenue, china_experience_years=exp, has_china_entity=entity,
                     chinese_speaking_staff=staff, investment_capacity_krw_100m=invest, risk_tolerance=risk,
                     horizon_years=horizon, capabilities=caps, certifications=certs, preferred_regions=pref,
                     excluded_regions=excl)  # fmt: skip


def firms_frame(firms: FirmTable):
    """The firms as the contract's CSV columns (for the --io measurement)."""
    import pandas as pd

    data = {"firm_id": firms.firm_id, "name": firms.name, "employees": firms.employees,
            "revenue_krw_100m": firms.revenue_krw_100m, "china_experience_years": firms.china_experience_years,
            "has_china_entity": np.where(firms.has_china_entity, "true", "false"),
            "chinese_speaking_staff": firms.chinese_speaking_staff,
            "investment_capacity_krw_100m": firms.investment_capacity_krw_100m,
            "certifications": [";".join(c) for c in firms.certifications],
            "risk_tolerance": np.array(RISK_LEVELS)[firms.risk_tolerance], "horizon_years": firms.horizon_years,
            "preferred_regions": [";".join(c) for c in firms.preferred_regions],
            "excluded_regions": [";".join(c) for c in firms.excluded_regions]}  # fmt: skip
    for j, k in enumerate(CAPABILITY_KEYS):
        data[k] = firms.capabilities[:, j]
    return pd.DataFrame(data)


# ---------------------------------------------------------------- baseline 1: naive per-pair Python


def _f32(x: float) -> float:
    return struct.unpack("f", struct.pack("f", x))[0]


def naive_top(rec, firms: FirmTable, weights, k: int):
    """Per firm: every profile in a Python loop, a full sort, then the strategy rules for the kept pairs.

    Mirrors :func:`recommender.kernels.fit_scores` (float32 fit), ``readiness``, ``effective_risk`` and ``wsm``
    operation by operation, so its scores equal the engine's exactly. Returns a list per firm of
    ``(opportunity, strategy, score)``.
    """
    from recommender import kernels

    w0, w1, w2, w3 = (float(x) for x in weights.vector())
    core = [[k for k, c in enumerate(row) if c] for row in rec.core.tolist()]
    open_here = rec.strategies.route_open.tolist()  # the modes that open an opportunity (strategies.gate_open)
    req = rec.requirements.astype(float).tolist()
    req_sum = [_f32(sum(r)) for r in req]
    # the core part of fit (kernels.fit_scores): best core coverage, or half of it and half the central need (core = 2)
    core_max = [_f32(max((r[k] for k in ks), default=0.0)) for r, ks in zip(req, core)]
    central = [[k for k, c in enumerate(row) if c] for row in rec.central.tolist()]  # the anchor: core = 2
    half = _f32(kernels.ANCHOR_SHARE)
    together = rec.together.tolist()  # core = 3: the core needs counted together at the competitive level
    core_total = [_f32(sum(r[k] for k in ks)) for r, ks in zip(req, core)]
    share = _f32(kernels.CORE_SHARE)
    rest = _f32(1.0 - share)
    opp_sector = rec.opp_sector.tolist()
    policy, demand, risk = rec.policy.tolist(), rec.demand.tolist(), rec.risk_total.tolist()
    region = rec.region_ids.tolist()
    aversion = kernels.AVERSION.tolist()
    beta = kernels.PREFERENCE_SHARE
    out = []
    for i in range(len(firms)):
        caps = firms.capabilities[i].tolist()
        e = min(float(firms.china_experience_years[i]) / 5.0, 1.0)
        st = min(float(firms.chinese_speaking_staff[i]) / 3.0, 1.0)
        inv = min(float(firms.investment_capacity_krw_100m[i]) / 50.0, 1.0)
        ready = 0.4 * e + 0.2 * float(firms.has_china_entity[i]) + 0.2 * st + 0.2 * inv
        factor = (1.0 - kernels.READINESS_RELIEF * ready) * aversion[int(firms.risk_tolerance[i])]
        pref, excl = set(firms.preferred_regions[i]), set(firms.excluded_regions[i])
        eligible = rec.strategies.eligibility(firms.slice(i, i + 1))[0].tolist()
        # sector-scoped requirements (strategies.CompiledStrategies.scoped_failures): a strategy the firm fails one of
        # is closed at the opportunities where it binds
        one = firms.slice(i, i + 1)
        scoped = rec.strategies.scoped_failures(one)
        closed_at = [(t, at.tolist()) for t, fail, at in scoped if bool(fail[0])]
        # a first entrant's first step opens where only the tool's size rule holds back a documented mode (adv17:
        # strategies.first_step_routes, the engine's own helper — one firm at a time here)
        first_step = rec.strategies.first_step_routes(one, np.array([eligible], dtype=bool), scoped)[0].tolist()
        scores, fits = [], []
        for p in range(len(policy)):
            r = req[opp_sector[p]]
            covered = 0.0
            for c, need in zip(caps, r):
                covered += min(c, need)
            breadth = _f32(_f32(covered) / req_sum[opp_sector[p]])
            best = max((min(caps[c], r[c]) for c in core[opp_sector[p]]), default=0.0)
            cmax = core_max[opp_sector[p]]
            scale = cmax if cmax > 0 else 1.0
            best_n = _f32(_f32(best) / scale)
            if central[opp_sector[p]]:
                anchor = max(min(caps[c], r[c]) for c in central[opp_sector[p]])
                anchor_n = _f32(_f32(anchor) / scale)
                if together[opp_sector[p]]:
                    acc = 0.0
                    for c in core[opp_sector[p]]:
                        acc = _f32(acc + _f32(_f32(min(_f32(caps[c] / _f32(kernels.CORE_LEVEL)), 1.0)) * r[c]))
                    total = core_total[opp_sector[p]]
                    best_n = _f32(acc / (total if total > 0 else 1.0))
                core_part = _f32(_f32(_f32(1.0 - half) * best_n) + _f32(half * anchor_n))
            else:
                core_part = best_n
            fit = _f32(_f32(share * core_part) + _f32(rest * breadth))
            risk_eff = factor * risk[p]
            s = w0 * fit + fit * (w1 * policy[p] + w2 * demand[p] + w3 * (1.0 - risk_eff))
            if pref:
                s = (1.0 - beta) * s + beta * (1.0 if region[p] in pref else 0.0)
            covered = any(caps[c] >= kernels.CORE_LEVEL for c in core[opp_sector[p]])
            shut = {t for t, at in closed_at if at[p]}
            route = first_step[p] or any(e and o and t not in shut for t, (e, o) in enumerate(zip(eligible, open_here[p])))
            if region[p] in excl or not (covered and route):
                s = float("-inf")
            scores.append(s)
            fits.append(fit)
        kept = engine_order(scores, rec, k, fits)
        strat, _ = rec.choose_strategies(firms.slice(i, i + 1), np.zeros(len(kept), dtype=np.int64),
                                         np.array(kept, dtype=np.int64))  # fmt: skip
        out.append([(j, int(t), scores[j]) for j, t in zip(kept, strat)])
    return out


def _tie_groups(kept: list[int], scores) -> dict[int, int]:
    """Tie group (1, 2, …) of each kept index in score order: a new group where the shown score (rounded to
    ``kernels.SCORE_DECIMALS``) falls more than ``kernels.TIE_TOLERANCE`` below the group's first — the engine's rule."""
    from recommender import kernels

    groups, g, top = {}, 0, None
    for j in kept:
        shown = float(np.round(scores[j], kernels.SCORE_DECIMALS))
        if top is None or shown < top - kernels.TIE_TOLERANCE:
            g, top = g + 1, shown
        groups[j] = g
    return groups


def engine_order(scores: list[float], rec, k: int, fits: list[float]) -> list[int]:
    """The engine's order written out (:meth:`recommender.engine.Recommender.ranked`): entries whose fit is below
    min(best, max(0.35, 0.6 · best)) of the firm's open entries dropped; an entry the reports cannot
    tell apart (``rec.indistinct``) dropped when a better one (score, then id) of the same sector is also
    indistinct; of the rest the k + 16 best by (score, id), −inf dropped; grouped where a score is within the tie tolerance
    of its group's best, then ordered by (group, evidence keys high first, shown score high first, id); then the
    first k with at most two entries per sector, free places filled by the best entries past that cap, and what is
    kept grouped and ordered afresh the same way."""
    from recommender import kernels

    keys, indistinct, sector = rec.tie_keys.tolist(), rec.indistinct.tolist(), rec.opp_sector.tolist()
    open_fits = [f for f, s in zip(fits, scores) if s != float("-inf")]
    if open_fits:
        best = max(open_fits)
        need = min(best, max(kernels.FIT_FLOOR, kernels.RELATIVE_FIT * best))
        scores = [s if f >= need else float("-inf") for s, f in zip(scores, fits)]
    # the best indistinct entry of each sector only, then the window (ranked(): kernels.one_per_group)
    best_of: dict[int, int] = {}
    for j in sorted(range(len(scores)), key=lambda j: (-scores[j], j)):
        if indistinct[j]:
            best_of.setdefault(sector[j], j)
    pool = [j for j in range(len(scores)) if not indistinct[j] or best_of.get(sector[j]) == j]
    cand = sorted(pool, key=lambda j: (-scores[j], j))[: k + 16]
    kept = [j for j in cand if scores[j] != float("-inf")]
    groups = _tie_groups(kept, scores)
    ordered = sorted(kept, key=lambda j: (groups[j], *(-x for x in keys[j]),
                                          -float(np.round(scores[j], kernels.SCORE_DECIMALS)), j))  # fmt: skip
    seen: dict[int, int] = {}
    within = []
    for j in ordered:
        if seen.get(sector[j], 0) < kernels.PER_SECTOR:
            within.append(j)
        seen[sector[j]] = seen.get(sector[j], 0) + 1
    within = within[:k]
    past = [j for j in ordered if j not in within][: k - len(within)]  # free places go to the best past the cap
    kept = sorted((j for j in ordered if j in within or j in past), key=lambda j: (-scores[j], j))
    # what is kept is grouped afresh: an entry that gave way may have begun a group (engine._rank_window, adv14)
    groups = _tie_groups(kept, scores)
    return sorted(kept, key=lambda j: (groups[j], *(-x for x in keys[j]),
                                       -float(np.round(scores[j], kernels.SCORE_DECIMALS)), j))  # fmt: skip


# ---------------------------------------------------------------- baseline 2: pymcdm TOPSIS firm by firm


def pymcdm_top(rec, firms: FirmTable, weights, k: int):
    """pymcdm TOPSIS per firm on its (P × 4) matrix [fit, policy, demand, risk] (risk a cost), then preference,
    exclusion, a stable sort and the strategy rules. Returns (per-firm list of (opportunity, strategy, score), the
    raw closeness values (n, P))."""
    from pymcdm.methods import TOPSIS

    from recommender import kernels

    body = TOPSIS()
    w = weights.vector()
    types = np.array([1, 1, 1, -1])
    out, raw = [], []
    for i in range(len(firms)):
        one = firms.slice(i, i + 1)
        fit = kernels.fit_scores(one.capabilities, rec.requirements, rec.core, central=rec.central, together=rec.together)[0, rec.opp_sector].astype(np.float64)
        ready = kernels.readiness(one.china_experience_years, one.has_china_entity, one.chinese_speaking_staff,
                                  one.investment_capacity_krw_100m)  # fmt: skip
        risk_eff = kernels.effective_risk(rec.risk_total, ready, one.risk_tolerance)[0]
        matrix = np.column_stack([fit, rec.policy, rec.demand, risk_eff])
        pref = body(matrix, w, types, validation=False)
        raw.append(pref)
        s = pref
        if one.preferred_regions[0]:
            s = kernels.with_preference(s[None, :], rec.region_mask(one.preferred_regions), np.ones(1, bool))[0]
        if one.excluded_regions[0]:
            s = np.where(rec.region_mask(one.excluded_regions)[0], -np.inf, s)
        gate = rec.score_block(one, weights, "topsis")
        s = np.where(gate.covered[0] & gate.route[0], s, -np.inf)
        kept = np.array(engine_order(s.tolist(), rec, k, fit.tolist()), dtype=np.int64)
        strat, _ = rec.choose_strategies(one, np.zeros(len(kept), dtype=np.int64), kept.astype(np.int64))
        out.append([(int(j), int(t), float(s[j])) for j, t in zip(kept, strat)])
    return out, np.array(raw)


# ---------------------------------------------------------------- one N


def _pairs_by_firm(pairs, n: int):
    out = [[] for _ in range(n)]
    for f, o, t, s in zip(pairs.firm.tolist(), pairs.opp.tolist(), pairs.strategy.tolist(), pairs.score.tolist()):
        out[f].append((o, t, s))
    return out


def run_one(n: int, top: int, workers: int | None, naive_sample: int, pymcdm_sample: int, io: bool,
            seed: int) -> dict:  # fmt: skip
    from features.build import load_knowledge
    from recommender.engine import Recommender
    from recommender.screening import default_workers, screen_pairs
    from recommender.weights import preset_weights

    rec = Recommender(load_knowledge())
    weights = preset_weights("balanced")
    workers = default_workers() if workers is None else workers
    P = len(rec.profiles)

    t = time.perf_counter()
    firms = synthetic_firms(n, rec, seed)
    generate_s = time.perf_counter() - t

    screen_pairs(rec, firms.slice(0, min(n, 2000)), weights, top=top, workers=1)  # warm-up (imports, caches)
    ns = max(1, min(n, naive_sample))
    ps = max(1, min(n, pymcdm_sample))
    t, cpu = time.perf_counter(), time.process_time()
    pairs = screen_pairs(rec, firms, weights, top=top, workers=workers)
    seconds = time.perf_counter() - t
    cpu_seconds = time.process_time() - cpu  # every thread of this process (issue 19: the figure a busy machine keeps)
    kept_pairs = len(pairs)
    pairs = _head(pairs, ns)  # keep only what the comparison needs (peak memory is one run's)

    t = time.perf_counter()
    tpairs = screen_pairs(rec, firms, weights, top=top, method="topsis", workers=workers)
    topsis_seconds = time.perf_counter() - t
    tpairs = _head(tpairs, ps)

    # baseline 1: naive, on a sample, extrapolated
    sample = firms.slice(0, ns)
    t = time.perf_counter()
    naive = naive_top(rec, sample, weights, top)
    naive_s = time.perf_counter() - t
    mine = _pairs_by_firm(pairs, ns)
    naive_diff = max((abs(a[2] - b[2]) for x, y in zip(naive, mine) for a, b in zip(x, y)), default=0.0)
    agree_naive = all([(a[0], a[1]) for a in x] == [(b[0], b[1]) for b in y] for x, y in zip(naive, mine)) and (
        naive_diff == 0.0
    )

    # baseline 2: pymcdm TOPSIS, on a sample, extrapolated
    sample = firms.slice(0, ps)
    t = time.perf_counter()
    theirs, raw = pymcdm_top(rec, sample, weights, top)
    pymcdm_s = time.perf_counter() - t
    ours = _pairs_by_firm(tpairs, ps)
    plain = [i for i in range(ps) if not sample.preferred_regions[i] and not sample.excluded_regions[i]]
    block = rec.score_block(sample.take(plain), weights, "topsis") if plain else None
    pymcdm_diff = float(np.abs(block.ungated - raw[plain]).max()) if plain else 0.0
    same = [[a[:2] for a in theirs[i]] == [b[:2] for b in ours[i]] for i in plain]
    topk_agree = float(np.mean(same)) if same else 1.0
    agree_pymcdm = pymcdm_diff <= 1e-9 and topk_agree >= 0.99

    naive_total = naive_s / ns * n
    pymcdm_total = pymcdm_s / ps * n
    result = {
        "firms": n, "profiles": P, "top": top, "workers": workers,
        "seconds": round(seconds, 3), "cpu_seconds": round(cpu_seconds, 3), "pairs_per_s": round(n * P / seconds),
        "peak_rss_mb": None,  # filled in below
        "speedup_vs_naive": round(naive_total / seconds, 1),
        "speedup_vs_pymcdm": round(pymcdm_total / topsis_seconds, 1),
        "kept_pairs": kept_pairs, "topsis_seconds": round(topsis_seconds, 3),
        "naive_sample": ns, "naive_ms_per_firm": round(naive_s / ns * 1e3, 3),
        "naive_extrapolated_s": round(naive_total, 1), "agree_naive": bool(agree_naive),
        "naive_max_abs_diff": naive_diff,
        "pymcdm_sample": ps, "pymcdm_ms_per_firm": round(pymcdm_s / ps * 1e3, 3),
        "pymcdm_extrapolated_s": round(pymcdm_total, 1), "agree_pymcdm": bool(agree_pymcdm),
        "pymcdm_max_abs_diff": pymcdm_diff, "pymcdm_topk_agree": round(topk_agree, 4),
        "generate_s": round(generate_s, 3),
    }  # fmt: skip
    if io:
        result.update(_io_timings(rec, firms, weights, top, workers))
    result["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    result.update({"cpus": os.cpu_count(), "python": platform.python_version(), "numpy": np.__version__,
                   "data_version": rec.kb.data_version, "seed": seed})  # fmt: skip
    return result


def _head(pairs, n_firms: int):
    """The pairs of the first ``n_firms`` firms (pairs are in firm order)."""
    from recommender.engine import TopPairs

    end = int(np.searchsorted(pairs.firm, n_firms))
    return TopPairs(*(getattr(pairs, f)[:end].copy() for f in TopPairs.__dataclass_fields__))


def _io_timings(rec, firms, weights, top, workers) -> dict:
    from features.firms import read_firms
    from recommender.screening import iter_screen, write_screen

    with tempfile.TemporaryDirectory() as tmp:
        csv = Path(tmp) / "firms.csv"
        firms_frame(firms).to_csv(csv, index=False)
        csv_mb = csv.stat().st_size / 1e6
        t = time.perf_counter()
        batch = read_firms(csv, rec.kb.regions)
        read_s = time.perf_counter() - t
        assert batch.accepted == len(firms), batch.rejected[:3]
        t = time.perf_counter()
        rows = write_screen(iter_screen(rec, batch.firms, weights, top=top, workers=workers), Path(tmp) / "out.parquet")
        write_s = time.perf_counter() - t
        size = (Path(tmp) / "out.parquet").stat().st_size
    return {"read_csv_validate_s": round(read_s, 3), "screen_to_parquet_s": round(write_s, 3), "output_rows": rows,
            "output_mb": round(size / 1e6, 1), "csv_mb": round(csv_mb, 1)}  # fmt: skip


# ---------------------------------------------------------------- the whole command (--e2e)


def _run_child(cmd: list[str]) -> tuple[int, float, float, str, float]:
    """Run ``cmd``; returns (exit status, wall seconds, that child's peak RSS in MB, stderr, its CPU seconds)."""
    t = time.perf_counter()
    with tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t
        proc.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        text = err.read().decode("utf-8", errors="replace")
    return proc.returncode, wall, usage.ru_maxrss / 1024, text, usage.ru_utime + usage.ru_stime


def run_e2e(n: int, seed: int, folder: Path, formats: list[str], extra: list[str]) -> list[dict]:
    """The firms as a CP949 CSV, then the real CLI once per output format."""
    import re

    from features.build import load_knowledge
    from recommender.engine import Recommender

    rec = Recommender(load_knowledge())
    src = folder / f"firms_{n}.csv"
    t = time.perf_counter()
    firms_frame(synthetic_firms(n, rec, seed)).to_csv(src, index=False, encoding="cp949")
    write_s = time.perf_counter() - t
    del rec
    out = []
    for fmt in formats:
        dst = folder / f"screen_{n}.{fmt}"
        code, wall, rss, err, cpu = _run_child([sys.executable, "-m", "recommender", "screen", str(src), "--out", str(dst),
                                           *extra])  # fmt: skip
        m = re.search(r"wrote (\d+) rows", err)
        comp = dst.with_name(f"{dst.stem}.opportunities{dst.suffix}")
        out.append({"kind": "e2e", "firms": n, "format": fmt, "exit": code, "wall_s": round(wall, 2), "cpu_s": round(cpu, 2),
                    "peak_rss_mb": round(rss, 1), "output_mb": round(dst.stat().st_size / 1e6, 1) if dst.exists()
                    else None, "companion_mb": round(comp.stat().st_size / 1e6, 2) if comp.exists() else None,
                    "rows": int(m.group(1)) if m else None, "input_mb": round(src.stat().st_size / 1e6, 1),
                    "write_input_s": round(write_s, 1), "layout": "wide" if "--wide" in extra else "lean",
                    "load_avg_1m": round(os.getloadavg()[0], 2), "stderr_tail": "" if code == 0 else err[-500:]})  # fmt: skip
        for p in (dst, comp, dst.with_name(f"{dst.stem}.errors.csv")):
            if p.exists():
                p.unlink()
    src.unlink()
    return out


# ---------------------------------------------------------------- command line


def _sizes(text: str) -> list[int]:
    out = []
    for part in text.replace(" ", "").split(","):
        if not part:
            continue
        mult = {"k": 1_000, "m": 1_000_000}.get(part[-1].lower(), 1)
        out.append(int(float(part[:-1] if mult > 1 else part) * mult))
    return out


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--e2e", action="store_true", help="time the real CLI on a CP949 CSV of N firms to CSV, Parquet "
                   "and (N ≤ --xlsx-max) XLSX, beside the engine-only figures (default N: 100k,1m)")
    p.add_argument("--e2e-dir", help="folder for the --e2e files (default: a temporary folder)")
    p.add_argument("--xlsx-max", type=int, default=100_000, help="--e2e: largest N written to XLSX (default 100k)")
    p.add_argument("--wide", action="store_true", help="--e2e: run screen with --wide")
    p.add_argument("--firms", default=None,
                   help="N or a list, e.g. 10k,100k,1m (default 10k,100k,1m)")  # fmt: skip
    p.add_argument("--json", action="store_true", help="print one JSON line per N (machine-readable)")
    p.add_argument("--top", type=int, default=5)
    p.add_argument("--workers", type=int, default=None, help="scoring threads (default: the machine's cores)")
    p.add_argument("--naive-sample", type=int, default=300, help="firms timed with the naive loop (default 300)")
    p.add_argument("--pymcdm-sample", type=int, default=300, help="firms timed with pymcdm (default 300)")
    p.add_argument("--io", action="store_true", help="also time CSV read + validation and streaming to Parquet")
    p.add_argument("--seed", type=int, default=SEED)
    p.add_argument("--inline", action="store_true", help="run in this process (peak memory then accumulates)")
    p.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = p.parse_args(argv)

    if args.one is not None:
        result = run_one(args.one, args.top, args.workers, args.naive_sample, args.pymcdm_sample, args.io, args.seed)
        print(json.dumps(result, ensure_ascii=False), flush=True)
        return 0

    ok = True
    sizes = _sizes(args.firms or ("100k,1m" if args.e2e else ",".join(str(n) for n in DEFAULT_SIZES)))
    if args.e2e:
        folder = Path(args.e2e_dir) if args.e2e_dir else Path(tempfile.mkdtemp(prefix="bench_e2e_"))
        folder.mkdir(parents=True, exist_ok=True)
        for n in sizes:
            formats = ["csv", "parquet"] + (["xlsx"] if n <= args.xlsx_max else [])
            for r in run_e2e(n, args.seed, folder, formats, ["--wide"] if args.wide else []):
                ok &= r["exit"] == 0
                if args.json:
                    print(json.dumps(r, ensure_ascii=False), flush=True)
                else:
                    print(f"e2e {r['firms']:>9,} firms → {r['format']:<7}: {r['wall_s']:.1f} s, peak "
                          f"{r['peak_rss_mb']:.0f} MB, {r['output_mb']} MB (+ {r['companion_mb']} MB companion), "
                          f"{r['rows']} rows, load {r['load_avg_1m']}", flush=True)  # fmt: skip
        if not args.e2e_dir:
            import shutil

            shutil.rmtree(folder, ignore_errors=True)
    for n in sizes:
        if args.inline:
            result = run_one(n, args.top, args.workers, args.naive_sample, args.pymcdm_sample, args.io, args.seed)
        else:
            cmd = [sys.executable, str(Path(__file__).resolve()), "--one", str(n), "--top", str(args.top),
                   "--naive-sample", str(args.naive_sample), "--pymcdm-sample", str(args.pymcdm_sample),
                   "--seed", str(args.seed)] + (["--workers", str(args.workers)] if args.workers else []) + (
                   ["--io"] if args.io else [])  # fmt: skip
            proc = subprocess.run(cmd, capture_output=True, text=True)
            if proc.returncode != 0:
                sys.stderr.write(proc.stderr)
                return proc.returncode
            result = json.loads(proc.stdout.strip().splitlines()[-1])
        result = {"kind": "engine", **result}
        ok &= result["agree_naive"] and result["agree_pymcdm"]
        if args.json:
            print(json.dumps(result, ensure_ascii=False), flush=True)
        else:
            print(f"{result['firms']:>9,} firms × {result['profiles']} profiles: {result['seconds']:.2f} s "
                  f"({result['pairs_per_s'] / 1e6:.0f} M pairs/s), peak {result['peak_rss_mb']:.0f} MB, "
                  f"{result['speedup_vs_naive']:.0f}× naive, {result['speedup_vs_pymcdm']:.0f}× pymcdm TOPSIS "
                  f"(agree: naive {result['agree_naive']}, pymcdm {result['agree_pymcdm']})", flush=True)  # fmt: skip
    if not ok:
        print("error: a CLI run failed, or the engine and a baseline disagree where they should coincide",
              file=sys.stderr)  # fmt: skip
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
