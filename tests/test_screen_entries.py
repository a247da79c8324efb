"""Screening blocks ranked from their gated entries (issue 19) equal the dense ranking, value for value.

``Recommender.top_pairs`` scores and ranks only the (firm, opportunity) pairs that pass the gate
(``Recommender._screen_block``: kernels ``trimmed_sectors``, ``entries``, ``trimmed_entries``,
``one_per_group_entries``, ``rank_entries``). The one-firm path keeps the dense ``score_block`` + ``ranked``; these
tests hold the two to the same numbers: on the real knowledge base (both methods, several weights and k, firms that
exclude regions, prefer regions or fit nothing) and on random blocks with coarse scores and evidence keys, where exact
ties of score, shown score, evidence and fit are everywhere.
"""

from __future__ import annotations

import importlib.util

import numpy as np
import pytest

from recommender import kernels
from recommender.engine import Recommender
from recommender.weights import make_weights, preset_weights
from tests.conftest import ROOT

WEIGHTS = [preset_weights("balanced"), preset_weights("growth"), make_weights({"fit": 1.0}),
           make_weights({"policy": 0.2, "demand": 0.2, "risk": 0.6})]  # fmt: skip


@pytest.fixture(scope="module")
def firms(rec):
    spec = importlib.util.spec_from_file_location("bench_screening", ROOT / "benchmarks/bench_screening.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    table = bench.synthetic_firms(600, rec, seed=11)
    regions = sorted(set(rec.region_ids.tolist()))
    table.excluded_regions[3] = tuple(regions[:-1])
    table.excluded_regions[4] = tuple(regions)
    table.preferred_regions[5] = ("CN-XJ",)
    table.capabilities[6] = 0
    table.capabilities[7] = 5  # fits everything: every sector live, the per-sector cap at work
    table.preferred_regions[7] = ("CN-BJ", "CN-SH")
    return table


def _assert_same(dense, sparse):
    """The finite part is equal; past it the values are −inf (and groups and equivalents 0) in both."""
    d_idx, d_vals, d_groups, d_eq = dense
    s_idx, s_vals, s_groups, s_eq = sparse[:4]
    np.testing.assert_array_equal(s_vals, d_vals)
    live = np.isfinite(d_vals)
    np.testing.assert_array_equal(s_idx[live], d_idx[live])
    np.testing.assert_array_equal(s_groups, d_groups)
    np.testing.assert_array_equal(s_eq, d_eq)


@pytest.mark.parametrize("method", ["wsm", "topsis"])
@pytest.mark.parametrize("k", [1, 5, 12])
def test_screen_block_equals_score_block_then_ranked(rec, firms, method, k):
    for w in WEIGHTS:
        block = rec.score_block(firms, w, method)
        dense = rec.ranked(block.score, k, block.fit)
        got = rec._screen_block(firms, w, k, method)
        _assert_same(dense, got)
        live = np.isfinite(dense[1])
        rows = np.nonzero(live)[0]
        np.testing.assert_array_equal(got[4][live], block.fit[rows, dense[0][live]])
        np.testing.assert_array_equal(got[5][live], block.risk_eff[rows, dense[0][live]])
        assert live.any() and (~live).any()


def _fake_recommender(rng, regions: int, sectors: int) -> Recommender:
    """A Recommender with only what ranking reads: a region-major grid of regions × sectors, coarse evidence keys
    (many equal) and random indistinct opportunities."""
    rec = Recommender.__new__(Recommender)
    p = regions * sectors
    rec.sector_list = [f"s{i}" for i in range(sectors)]
    rec.region_list = [f"r{i:02d}" for i in range(regions)]
    rec.opp_sector = np.tile(np.arange(sectors), regions)
    rec.opp_region = np.repeat(np.arange(regions), sectors).astype(np.int64)
    rec.profiles = [None] * p
    rec.tie_keys = rng.integers(0, 3, (p, 3)).astype(np.float64)
    rec.indistinct = rng.random(p) < 0.7
    rec.indistinct_cols = [c for s in range(sectors) if len(c := np.flatnonzero(rec.indistinct & (rec.opp_sector == s))) > 1]
    rec._evidence_rank = kernels.evidence_ranks(rec.tie_keys)
    return rec


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("k", [1, 3, 5, 12])
def test_ranked_entries_equals_ranked_with_exact_ties(seed, k):
    rng = np.random.default_rng(seed)
    regions, sectors = (23, 14) if seed % 2 else (9, 5)
    rec = _fake_recommender(rng, regions, sectors)
    n, p = 257, regions * sectors
    score = np.round(rng.random((n, p)), 2 + seed % 3)  # coarse: exact and near ties (tolerance 0.005)
    score[rng.random((n, p)) > (0.1, 0.3, 0.8)[seed % 3]] = -np.inf
    score[:7] = -np.inf  # rows with nothing live
    fit_s = np.round(rng.random((n, sectors)), 1)  # exact fit ties between sectors
    fit = np.take(fit_s, rec.opp_sector, axis=1)
    dense = rec.ranked(score, k, fit)
    rows, cols = kernels.entries(np.isfinite(score))
    np.testing.assert_array_equal(np.stack([rows, cols]), np.stack(np.nonzero(np.isfinite(score))))
    keep = kernels.trimmed_entries(rows, fit[rows, cols], n)
    np.testing.assert_array_equal(keep, kernels.trimmed_live(score, fit)[rows, cols])
    sector_live = np.zeros((n, sectors), dtype=bool)
    sector_live[rows, rec.opp_sector[cols]] = True
    by_sector = np.take(kernels.trimmed_sectors(fit_s, sector_live), rec.opp_sector, axis=1)
    np.testing.assert_array_equal(by_sector & np.isfinite(score), kernels.trimmed_live(score, fit))
    got = rec._ranked_entries(rows[keep], cols[keep], score[rows[keep], cols[keep]], n, k)
    _assert_same(dense, got)


def test_fit_scores_core_maxima_equal_the_masked_full_form():
    rng = np.random.default_rng(3)
    caps = rng.integers(0, 6, (500, 17)).astype(np.int8)
    req = rng.integers(0, 6, (14, 17)).astype(np.float32)
    core = rng.random((14, 17)) < 0.15
    core[3] = False  # a sector without a core need
    c, r = caps.astype(np.float32), req
    covered = np.minimum(c[:, None, :], r[None, :, :])
    for mask in (core, core & (rng.random((14, 17)) < 0.5)):
        ref = np.where(mask[None, :, :], covered, np.float32(0)).max(axis=2)
        got = kernels._masked_max(c, r, mask)
        assert got.dtype == ref.dtype
        np.testing.assert_array_equal(got, ref)


def test_choose_equals_the_first_of_the_full_order(rec):
    rng = np.random.default_rng(5)
    t = len(rec.strategies.ids)
    rules = np.round(rng.random((4000, t)), 1)  # exact ties of the ranking key
    rules[rng.random((4000, t)) < 0.4] = -1.0
    rules[:50] = -1.0  # nothing open
    best = rec.strategies.order(rules)[:, 0]
    best[rules[np.arange(len(best)), best] < 0] = -1
    np.testing.assert_array_equal(rec.strategies.choose(rules), best)


@pytest.mark.parametrize("cost", [False, True])
def test_topsis_at_entries_equals_the_dense_columns(cost):
    rng = np.random.default_rng(8 + cost)
    n, p = 300, 60
    x = np.round(rng.random((n, p)), 2)
    x[:20] = 0.37  # flat rows: every value 1 · w
    x[20:40, ::3] = x[20:40, :1]  # ties with the row's minimum
    other = rng.random((1, p))  # a (1, P) criterion, normalised once
    w = np.array([0.4, 0.35, 0.25])
    dense = kernels.topsis_columns([x, other, x * 0.5], w, np.array([False, False, cost]))
    rows, cols = np.nonzero(rng.random((n, p)) < 0.3)
    terms = []
    for c, col in enumerate((x, None, x * 0.5)):
        if col is None:
            tp, tm = kernels.topsis_terms(other, w[c], False)
            terms.append((tp[0, cols], tm[0, cols]))
        else:
            terms.append(kernels.topsis_entry_terms(col[rows, cols], col.min(axis=1)[rows], col.max(axis=1)[rows],
                                                    w[c], cost and c == 2))  # fmt: skip
    np.testing.assert_array_equal(kernels.topsis_close(terms), dense[rows, cols])
