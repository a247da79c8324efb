"""perf16 (issue 19): the screening blocks run on operands built once per ``top_pairs`` call, and the numbers do not
move. ``ranking_jit.routes_into`` (the routes written into a reused buffer, the first step's OR-ed in place) gives
``ranking_jit.routes`` and ``strategies.first_step_routes`` cell for cell; ``makes_goods`` read once per code
sequence inside ``strategies.firm_conditions_once`` gives what it gives outside, and keeps nothing after it;
``top_pairs`` equals the per-block form (``_screen_block`` without the per-call operands) for both methods."""

from __future__ import annotations

import importlib.util

import numpy as np
import pytest

from recommender import ranking_jit
from recommender.strategies import firm_conditions_once, makes_goods
from recommender.weights import preset_weights
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def firms(rec):
    spec = importlib.util.spec_from_file_location("bench_screening", ROOT / "benchmarks/bench_screening.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    table = bench.synthetic_firms(3000, rec, seed=16)
    regions = sorted(set(rec.region_ids.tolist()))
    table.excluded_regions[3] = tuple(regions[:5])
    table.preferred_regions[5] = ("CN-SH",)
    table.employees[:40] = 3  # micro firms: first entrants held back by the size rules get the first step
    table.china_experience_years[:40] = 0
    table.has_china_entity[:40] = False
    return table


def test_routes_into_equals_the_routes_and_the_first_step(rec, firms):
    cs = rec.strategies
    eligible, scoped = cs.eligibility(firms), cs.scoped_failures(firms)
    held = cs.size_held(firms, eligible)
    assert held.any()  # the first step is at work in this table
    want = ranking_jit.routes(cs, eligible, scoped) | cs.first_step_routes(firms, eligible, scoped, held)
    prep = rec._screen_prep(firms, eligible, scoped, held, None, len(firms))
    tab = prep.tab
    out = np.ones((len(firms), len(rec.profiles)), dtype=bool)  # stale contents: every cell must be written
    ranking_jit.routes_into(out, prep.eligible, tab.open_bits, tab.item_t, prep.failed, tab.item_at_bits,
                            tab.item_of_t, tab.all_cols, False)  # fmt: skip
    np.testing.assert_array_equal(out, ranking_jit.routes(cs, eligible, scoped))
    ranking_jit.routes_into(out, prep.held, tab.open_bits, tab.first_t, prep.first_failed, tab.first_at_bits,
                            tab.first_of_t, tab.lead_open, True)  # fmt: skip
    np.testing.assert_array_equal(out, want)
    assert (want & ~ranking_jit.routes(cs, eligible, scoped)).any()  # the first step opened cells


@pytest.mark.parametrize("method", ["wsm", "topsis"])
def test_top_pairs_equals_the_per_block_form(rec, firms, method):
    w = preset_weights("balanced")
    got = rec.top_pairs(firms, w, 5, method, block_rows=700)
    step = 700
    for start in range(0, len(firms), step):
        part = firms.slice(start, min(len(firms), start + step))
        idx, vals = rec._screen_block(part, w, 5, method)[:2]  # its own operands, built for the block
        rows = got.firm[(got.firm >= start) & (got.firm < start + step)] - start
        np.testing.assert_array_equal(vals[np.isfinite(vals)], got.score[(got.firm >= start) & (got.firm < start + step)])
        np.testing.assert_array_equal(idx[np.isfinite(vals)], got.opp[(got.firm >= start) & (got.firm < start + step)])
        assert len(rows) == np.isfinite(vals).sum()


class _Firms:
    def __init__(self, codes):
        self.industry_code = codes

    def __len__(self) -> int:
        return len(self.industry_code)


def test_makes_goods_once_per_sequence_inside_the_block_only():
    codes = ["26110", "58222", None, "2911"]
    one = _Firms(codes)
    want = makes_goods(one)
    with firm_conditions_once():
        first = makes_goods(one)
        first[:] = 7  # a caller's change to its copy does not reach the next caller
        np.testing.assert_array_equal(makes_goods(one), want)
        other = _Firms(["58222", "58222", "10", "10"])  # another sequence is read on its own
        np.testing.assert_array_equal(makes_goods(other), [0.0, 0.0, 1.0, 1.0])
    codes[0] = "58222"  # outside the block a changed code is read afresh
    np.testing.assert_array_equal(makes_goods(one), [0.0, 0.0, 1.0, 1.0])


def test_firm_conditions_are_read_once_per_table_and_condition_inside_the_block(rec, firms, monkeypatch):
    from recommender import strategies

    cs = rec.strategies
    want = (cs.firm_points(firms), cs.eligibility(firms), [f for _, f, _ in cs.scoped_failures(firms)])
    calls = []
    real = strategies._firm_condition_of
    monkeypatch.setattr(strategies, "_firm_condition_of", lambda f, c: calls.append(id(c)) or real(f, c))
    with firm_conditions_once():
        got = (cs.firm_points(firms), cs.eligibility(firms), [f for _, f, _ in cs.scoped_failures(firms)])
        cond = next(c for spec in cs.specs for c in spec["firm_conditions"])
        assert not strategies._firm_condition(firms, cond).flags.writeable  # shared: nobody may change it
    assert len(calls) == len(set(calls))  # each condition once for this table
    np.testing.assert_array_equal(got[0], want[0])
    np.testing.assert_array_equal(got[1], want[1])
    for a, b in zip(got[2], want[2]):
        np.testing.assert_array_equal(a, b)
    calls.clear()
    cs.eligibility(firms)
    cs.eligibility(firms)
    assert len(calls) > len(set(calls))  # outside the block nothing is kept
