"""The compiled ranking of a screening block (``recommender.ranking_jit``, numba; issue 19) equals the NumPy kernels
it replaces — ``kernels.one_per_group_entries`` then ``kernels.rank_entries``, as ``Recommender._ranked_entries``
chained them — array for array, on random blocks made to tie everywhere (equal scores, equal shown scores, equal
evidence, crowded sectors, rows with one entry or none, windows narrower than a row). The one-firm ``recommend``
command never imports numba.
"""

from __future__ import annotations

import importlib.util

import numpy as np
import pytest

from recommender import kernels, ranking_jit, strategies
from tests.conftest import ROOT


def _reference(rows, cols, score, group, bits, n, k, w, evidence_rank, sector_of, n_groups):
    """The NumPy chain of ``Recommender._ranked_entries`` before issue 19's compiled loop (main c49244b)."""
    keep, mask = kernels.one_per_group_entries(rows, group, score, bits, n_groups)
    mask = mask[keep]
    mask = np.where(np.bitwise_and(mask, mask - 1) == 0, 0, mask)
    return kernels.rank_entries(rows[keep], cols[keep], score[keep], mask, n, k, w, evidence_rank, sector_of)


def _block(rng, n, regions, sectors, live_share, decimals):
    p = regions * sectors
    sector_of = np.tile(np.arange(sectors), regions)
    region_of = np.repeat(np.arange(regions), sectors).astype(np.int64)
    indistinct = rng.random(p) < 0.7
    evidence_rank = kernels.evidence_ranks(rng.integers(0, 3, (p, 3)).astype(np.float64))
    live = rng.random((n, p)) < live_share
    live[:5] = False  # rows with nothing live
    live[5, :] = False
    live[5, 7 % p] = True  # a row with a single entry
    rows, cols = kernels.entries(live)
    # coarse scores: exact ties and ties within the tolerance (0.005) at the shown precision
    score = np.round(rng.random(len(rows)), decimals)
    col_group = np.where(indistinct, sector_of, -1)
    col_bits = np.left_shift(np.int64(1), region_of)
    return rows, cols, score, col_group, col_bits, evidence_rank, sector_of, p


@pytest.mark.parametrize("seed", range(8))
@pytest.mark.parametrize("k", [1, 2, 3, 5, 12])
def test_compiled_ranking_equals_the_numpy_kernels(seed, k):
    rng = np.random.default_rng(100 + seed)
    regions, sectors = ((23, 14), (9, 5), (4, 3), (31, 12))[seed % 4]
    n = 300
    rows, cols, score, group, bits, er, sector_of, p = _block(rng, n, regions, sectors, (0.05, 0.3, 0.9)[seed % 3],
                                                              2 + seed % 4)  # fmt: skip
    w = min(k + 16, p) if seed % 2 else min(k + 1, p)  # the engine's window, and a narrow one (rows overflow it)
    want = _reference(rows, cols, score, group[cols], bits[cols], n, k, w, er, sector_of, sectors)
    got = ranking_jit.ranked_entries(rows, cols, score, group, bits, n, k, w, er, sector_of, sectors,
                                     kernels.TIE_TOLERANCE, kernels.PER_SECTOR, kernels.SCORE_DECIMALS)  # fmt: skip
    assert len(got) == len(want) == 4
    for a, b in zip(got, want, strict=True):
        assert a.dtype == b.dtype and a.shape == b.shape
        np.testing.assert_array_equal(a, b)
    finite = np.isfinite(want[1])
    assert finite.any() and (~finite).any()
    assert (want[3] != 0).any()  # some kept entries stand for several indistinct regions
    if k >= 3 and seed % 3 == 2:
        assert (want[2][finite] > 1).any()  # several tie groups in a row


def _gate_reference(cov, live, fit_s, factor, sector_of, risk_total, policy, demand, w):
    """The NumPy steps of ``Recommender._screen_block`` before issue 19's compiled gate (main c49244b)."""
    on = np.take(cov, sector_of, axis=1) & live
    by_sector = np.argsort(sector_of, kind="stable")
    starts = np.flatnonzero(np.r_[True, np.diff(sector_of[by_sector]) != 0])
    sector_live = np.zeros(cov.shape, dtype=bool)
    sector_live[:, np.unique(sector_of)] = np.logical_or.reduceat(on[:, by_sector], starts, axis=1)
    on &= np.take(kernels.trimmed_sectors(fit_s, sector_live), sector_of, axis=1)
    rows, cols = kernels.entries(on)
    f = fit_s[rows, sector_of[cols]]
    risk_eff = factor[rows] * risk_total[cols]
    return rows, cols, f, risk_eff, kernels.wsm(f, policy[cols], demand[cols], risk_eff, w)[0]


@pytest.mark.parametrize("seed", range(6))
def test_compiled_gate_equals_the_numpy_steps(seed):
    rng = np.random.default_rng(200 + seed)
    regions, sectors = ((23, 14), (9, 5), (4, 3))[seed % 3]
    n = 400
    sector_of = np.tile(np.arange(sectors), regions)
    if seed % 2:  # a sector without opportunities (its fit still counts for nothing)
        sector_of = np.where(sector_of == 1, 0, sector_of)
    p = len(sector_of)
    cov = rng.random((n, sectors)) < 0.6
    live = rng.random((n, p)) < (0.2, 0.6, 0.95)[seed % 3]
    live[:3] = False
    fit_s = np.round(rng.random((n, sectors)), 1)  # exact ties at the trim's threshold and between sectors
    fit_s[3] = 0.0
    factor = rng.random(n)
    risk_total, policy, demand = rng.random(p), rng.random(p), rng.random(p)
    w = np.array([0.4, 0.2, 0.15, 0.25])
    by_sector = np.argsort(sector_of, kind="stable")
    bounds = np.searchsorted(sector_of[by_sector], np.arange(sectors + 1))
    want = _gate_reference(cov, live, fit_s, factor, sector_of, risk_total, policy, demand, w)
    for with_wsm in (True, False):
        got = ranking_jit.gate_block(cov.view(np.uint8), live.view(np.uint8), fit_s, factor, sector_of, by_sector,
                                     bounds, risk_total, policy, demand, w, kernels.FIT_FLOOR, kernels.RELATIVE_FIT,
                                     with_wsm)  # fmt: skip
        for a, b in zip(got[:4], want[:4], strict=True):
            assert a.dtype == b.dtype
            np.testing.assert_array_equal(a, b)
        np.testing.assert_array_equal(got[4], want[4] if with_wsm else np.empty(0))
    assert 0 < len(want[0]) < on_count(cov, live, sector_of)  # the trim dropped some live entries


def on_count(cov, live, sector_of) -> int:
    return int((np.take(cov, sector_of, axis=1) & live).sum())


@pytest.mark.parametrize("seed", range(4))
def test_compiled_fit_equals_fit_scores(rec, seed):
    rng = np.random.default_rng(300 + seed)
    caps = rng.integers(0, 6, (500, rec.requirements.shape[1])).astype(np.int8)
    caps[0] = 0
    caps[1] = 5
    if seed < 2:  # the real sectors
        req, core, central, together = rec.requirements, rec.core, rec.central, rec.together
    else:  # random whole-number needs, sectors with no core need and with several central ones
        req = rng.integers(0, 6, rec.requirements.shape).astype(np.float32)
        req[:, 0] = np.maximum(req[:, 0], 1)
        core = rng.random(req.shape) < 0.3
        core[0] = False
        central = core & (rng.random(req.shape) < 0.5)
        together = rng.random(req.shape[0]) < 0.5  # core needs counted together (adv15), also where no central
    want = kernels.fit_scores(caps, req, core, central=central, together=together).astype(np.float64)
    got = ranking_jit.fit_block(caps, req, core, central, together, np.float32(kernels.CORE_SHARE),
                                np.float32(kernels.ANCHOR_SHARE), np.float32(kernels.CORE_LEVEL))  # fmt: skip
    assert got.dtype == np.float64
    np.testing.assert_array_equal(got, want)
    assert together.any()
    assert central.any() and len(np.unique(want)) > 20


@pytest.mark.parametrize("seed", range(3))
def test_compiled_choice_equals_rule_scores_then_choose(rec, seed):
    """``ranking_jit.choose_pairs`` = ``rule_scores`` + ``choose`` of the real strategies on random (firm,
    opportunity) pairs — including pairs no strategy is open to (−1) and firms that fail scoped requirements."""
    spec = importlib.util.spec_from_file_location("bench_screening", ROOT / "benchmarks/bench_screening.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    firms = bench.synthetic_firms(700, rec, seed=40 + seed)
    cs = rec.strategies
    eligible, points = cs.eligibility(firms), cs.firm_points(firms)
    scoped, soft = cs.scoped_failures(firms), cs.soft_points(firms)
    rng = np.random.default_rng(seed)
    firm_idx = rng.integers(0, len(firms), 30_000)
    opp_idx = rng.integers(0, len(rec.profiles), 30_000)
    if seed == 2:
        scoped, soft = [], []
    # first entrants (adv17, panel 23 F07): the first step wherever it is open to them, both paths alike
    first = strategies.first_entrant(firms) > 0
    rules = cs.rule_scores(eligible, points, firm_idx, opp_idx, scoped, soft)
    want = cs.choose(rules, first[firm_idx])
    got = ranking_jit.choose_pairs(cs, eligible, points, firm_idx, opp_idx, scoped, soft, first)
    assert got.dtype == want.dtype
    np.testing.assert_array_equal(got, want)
    assert (want == -1).any() and len(np.unique(want)) > 5
    led = cs.leads(rules, first[firm_idx])
    assert led.any() and (want[led] == cs.lead).all()
    # the rule changed the choice somewhere: without it those pairs get another strategy
    assert (cs.choose(rules)[led] != cs.lead).any()
    np.testing.assert_array_equal(ranking_jit.choose_pairs(cs, eligible, points, firm_idx, opp_idx, scoped, soft),
                                  cs.choose(rules))  # fmt: skip
    np.testing.assert_array_equal(cs.order(rules, first[firm_idx])[:, 0][want >= 0], want[want >= 0])
    if seed < 2:
        assert soft and any((fail & eligible[:, t]).any() for t, fail, _ in scoped)
    empty = ranking_jit.choose_pairs(cs, eligible, points, firm_idx[:0], opp_idx[:0], scoped, soft)
    np.testing.assert_array_equal(empty, cs.choose(cs.rule_scores(eligible, points, firm_idx[:0], opp_idx[:0],
                                                                   scoped, soft)))  # fmt: skip


@pytest.mark.parametrize("seed", range(4))
def test_compiled_choice_on_made_ties(seed):
    """Strategies made to tie: rule scores from small fractions, so a specific strategy's ``rule + 0.05`` and another's
    rule often differ only below the 9th decimal (equal after the rounding, then the stated preference decides), and
    preferences repeated (then the first strategy)."""
    from recommender.strategies import CompiledStrategies

    rng = np.random.default_rng(500 + seed)
    nt, p, nb = 9, 40, 60
    cs = CompiledStrategies.__new__(CompiledStrategies)
    cs.specs = [{"sectors": ["s"] if rng.random() < 0.5 else []} for _ in range(nt)]
    cs.applies = rng.random((p, nt)) < 0.9
    cs.available = rng.random((p, nt)) < 0.9  # open_here = applies & available
    cs.profile_points = rng.integers(0, 4, (p, nt)).astype(np.float64)
    cs.total_weight = rng.choice([4.0, 10.0, 20.0], (p, nt))
    cs.preference = rng.integers(0, 3, nt).astype(np.int64)
    eligible = rng.random((nb, nt)) < 0.8
    points = rng.integers(0, 4, (nb, nt)).astype(np.float64)
    soft = [(int(rng.integers(nt)), rng.integers(0, 2, nb).astype(np.float64), rng.random(p) < 0.5)]
    scoped = [(int(rng.integers(nt)), rng.random(nb) < 0.3, rng.random(p) < 0.5)]
    firm_idx = rng.integers(0, nb, 5000)
    opp_idx = rng.integers(0, p, 5000)
    rules = cs.rule_scores(eligible, points, firm_idx, opp_idx, scoped, soft)
    want = cs.choose(rules)
    got = ranking_jit.choose_pairs(cs, eligible, points, firm_idx, opp_idx, scoped, soft)
    np.testing.assert_array_equal(got, want)
    # a first step (adv17) among the made ties: chosen for first entrants wherever its rule is ≥ 0
    cs.lead = int(rng.integers(nt))
    first = rng.random(nb) < 0.5
    want_first = cs.choose(rules, first[firm_idx])
    np.testing.assert_array_equal(ranking_jit.choose_pairs(cs, eligible, points, firm_idx, opp_idx, scoped, soft, first),
                                  want_first)  # fmt: skip
    led = first[firm_idx] & (rules[:, cs.lead] >= 0)
    assert led.any() and (want_first[led] == cs.lead).all() and (want_first[~led] == want[~led]).all()
    key = cs.ranking_key(rules)
    rounded = np.round(key, 9)
    near = (rounded[:, :, None] == rounded[:, None, :]) & (key[:, :, None] != key[:, None, :])
    assert near.any()  # two strategies of a pair equal only after the rounding


@pytest.mark.parametrize("seed", range(3))
def test_compiled_routes_equal_strategies_routes(rec, seed):
    """``ranking_jit.routes`` = ``CompiledStrategies.routes`` of the real strategies on synthetic firms — with the
    sector-scoped requirements (firms that fail them are open only where none binds) and without."""
    spec = importlib.util.spec_from_file_location("bench_screening", ROOT / "benchmarks/bench_screening.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    firms = bench.synthetic_firms(1500, rec, seed=60 + seed)
    cs = rec.strategies
    eligible, scoped = cs.eligibility(firms), cs.scoped_failures(firms)
    if seed == 2:
        scoped = []
    want = cs.routes(eligible, scoped)
    got = ranking_jit.routes(cs, eligible, scoped)
    assert got.dtype == want.dtype and got.shape == want.shape
    np.testing.assert_array_equal(got, want)
    assert want.any() and (~want).any()
    if seed < 2:  # scoped requirements that bind: some firm loses an opportunity it would have without them
        assert scoped and (cs.routes(eligible, []) & ~want).any()
    np.testing.assert_array_equal(ranking_jit.routes(cs, eligible[:0], [(t, f[:0], a) for t, f, a in scoped]),
                                  cs.routes(eligible[:0], [(t, f[:0], a) for t, f, a in scoped]))  # fmt: skip


@pytest.mark.parametrize("seed", range(6))
def test_compiled_routes_on_made_strategies(seed):
    """Random strategies, several sector-scoped requirements on one strategy (component supply has two, adv16: a firm
    failing one must not be reopened where only the other does not bind), requirements failed by most firms."""
    from recommender.strategies import CompiledStrategies

    rng = np.random.default_rng(700 + seed)
    nt, p, nb = (9, 40, 300) if seed % 2 else (30, 120, 200)
    cs = CompiledStrategies.__new__(CompiledStrategies)
    cs.applies = rng.random((p, nt)) < 0.5
    cs.available = rng.random((p, nt)) < 0.7
    cs.gate_open = None if seed % 3 == 0 else cs.applies & (rng.random((p, nt)) < 0.6)
    eligible = rng.random((nb, nt)) < (0.1, 0.4, 0.8)[seed % 3]
    ts = [int(rng.integers(nt)) for _ in range(3)]
    ts += [ts[0], ts[0], ts[1]]  # three requirements on one strategy, two on another
    scoped = [(t, rng.random(nb) < 0.6, rng.random(p) < 0.4) for t in ts]
    want = cs.routes(eligible, scoped)
    got = ranking_jit.routes(cs, eligible, scoped)
    np.testing.assert_array_equal(got, want)
    assert want.any() and (~want).any()
    assert (cs.routes(eligible, []) & ~want).any()  # the requirements close some cells …
    # … and a firm failing one of a strategy's requirements keeps it where none of its failed ones binds
    t = ts[0]
    only = eligible[:, t] & np.logical_or.reduce([f for u, f, _ in scoped if u == t])
    assert only.any()


def test_the_compiled_path_is_the_one_the_engine_runs(rec):
    """``Recommender._ranked_entries`` calls the compiled loop (a numba dispatcher with a compiled signature)."""
    from numba.core.registry import CPUDispatcher

    assert isinstance(ranking_jit.rank_block, CPUDispatcher)
    rows = np.array([0, 0, 1], dtype=np.int64)
    cols = np.array([0, 1, 2], dtype=np.int64)
    rec._ranked_entries(rows, cols, np.array([0.5, 0.7, 0.1]), 2, 1)
    assert ranking_jit.rank_block.signatures


def test_the_one_firm_recommend_imports_no_numba():
    """numba (≈ 0.3 s to import) is loaded by the screening path only, never by the one-firm command."""
    from tests.fresh_process import run_cli_fresh

    out, modules = run_cli_fresh("recommend", "data/samples/firm.json", "--format", "md")
    assert "recommender.engine" in modules  # the run is seen (a vacuous list would pass below)
    assert len(out) > 200 and "numba" not in modules and "llvmlite" not in modules
