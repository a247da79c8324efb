"""Issue 19: the faster ranking kernels give exactly what the plain forms gave (same indexes, same values).

The references below are the forms the engine used before (argmax rounds / a full stable sort; one group at a
time); random score matrices with many −inf entries, exact ties and rounding-level near ties are compared
element for element.
"""

from __future__ import annotations

import numpy as np
import pytest

from recommender import kernels


def _window_reference(score: np.ndarray, w: int) -> tuple[np.ndarray, np.ndarray]:
    """The first w of a full stable sort of −score per row."""
    w = min(w, score.shape[1])
    idx = np.argsort(-score, axis=1, kind="stable")[:, :w]
    return idx, np.take_along_axis(score, idx, axis=1).astype(np.float64)


def _one_per_group_reference(score: np.ndarray, groups: list[np.ndarray]) -> np.ndarray:
    out = np.array(score, dtype=np.float64, copy=True)
    rows = np.arange(out.shape[0])
    for cols in groups:
        sub = out[:, cols]
        best = sub.argmax(axis=1)
        keep = sub[rows, best]
        sub[:] = -np.inf
        sub[rows, best] = keep
        out[:, cols] = sub
    return out


def _scores(rng: np.random.Generator, n: int, p: int, live: float) -> np.ndarray:
    score = np.round(rng.random((n, p)), 2)  # coarse values: many exact ties
    score[rng.random((n, p)) > live] = -np.inf
    score[: max(1, n // 10)] = -np.inf  # rows with nothing open
    score[n // 10 : n // 5, : p // 2] = -np.inf
    return score


@pytest.mark.parametrize("live", [0.01, 0.05, 0.2, 0.6, 1.0])
@pytest.mark.parametrize("w", [1, 5, 21, 40])
def test_top_window_equals_full_stable_sort(live, w):
    rng = np.random.default_rng(int(live * 1000) + w)
    score = _scores(rng, 300, 97, live)
    idx, vals = kernels.top_window(score, w)
    ref_idx, ref_vals = _window_reference(score, w)
    assert idx.shape == ref_idx.shape
    np.testing.assert_array_equal(idx, ref_idx)
    np.testing.assert_array_equal(vals, ref_vals)


def test_top_window_sparse_path_is_taken_and_exact():
    """Ten live entries of 322 (the engine's case): the sparse path; equal to the full sort, −inf filler included."""
    rng = np.random.default_rng(7)
    score = _scores(rng, 1024, 322, 10 / 322)
    live = score > -np.inf
    assert int(live.sum()) * 4 < live.size
    idx, vals = kernels._top_window_sparse(live, live.sum(axis=1), score[live], 21)
    ref_idx, ref_vals = _window_reference(score, 21)
    np.testing.assert_array_equal(idx, ref_idx)
    np.testing.assert_array_equal(vals, ref_vals)


@pytest.mark.parametrize("live", [0.1, 0.5, 1.0])
def test_one_per_group_equals_group_by_group(live):
    rng = np.random.default_rng(int(live * 100))
    score = _scores(rng, 400, 60, live)
    groups = [np.array([0, 3, 4, 9]), np.array([1, 2]), np.arange(10, 40), np.array([55])]
    np.testing.assert_array_equal(kernels.one_per_group(score, groups), _one_per_group_reference(score, groups))


@pytest.mark.parametrize("live", [0.05, 0.3, 1.0])
def test_masked_ranking_equals_trim_collapse_window(live):
    """The engine's ranking window from masks (trimmed_live → one_per_group_live → top_window_live) equals
    top_window(one_per_group(trim_weak_fit(score, fit))) — indexes and values, −inf filler included."""
    rng = np.random.default_rng(int(live * 100) + 3)
    n, p = 500, 80
    score = _scores(rng, n, p, live)
    sector = np.arange(p) % 9
    fit = np.round(rng.random((n, 9)), 1)[:, sector]  # fit depends on the sector only, as in the engine
    groups = [np.flatnonzero(sector == s)[:5] for s in (0, 2, 5)] + [np.flatnonzero(sector == 7)]
    for w in (6, 21):
        ref = kernels.top_window(kernels.one_per_group(kernels.trim_weak_fit(score, fit), groups), w)
        mask = kernels.one_per_group_live(score, kernels.trimmed_live(score, fit), groups)
        got = kernels.top_window_live(score, mask, w)
        np.testing.assert_array_equal(got[0], ref[0])
        np.testing.assert_array_equal(got[1], ref[1])
    np.testing.assert_array_equal(kernels.trimmed_live(score, fit), np.isfinite(kernels.trim_weak_fit(score, fit)))
    np.testing.assert_array_equal(kernels.trimmed_live(score, None), np.isfinite(score))


def test_reading_a_large_csv_gives_freed_memory_back(tmp_path, monkeypatch):
    """Issue 19 (peak memory): after the Arrow grid is converted and after validation, the freed pages are handed
    back (features.firms.memory.give_back) — and the firms read are the same as without it."""
    from features.firms import memory
    from features.firms.load import read_firms

    rows = ["firm_id,name,employees,ai_software,preferred_regions"]
    rows += [f"KR{i:07d},기업{i},{10 + i % 90},{i % 6},{'CN-BJ' if i % 7 == 0 else ''}" for i in range(60_000)]
    path = tmp_path / "firms.csv"
    path.write_bytes("\n".join(rows).encode("cp949"))
    calls = []
    monkeypatch.setattr(memory, "give_back", lambda: calls.append(1))
    batch = read_firms(path)
    assert len(calls) == 2  # after the Arrow grid (the file is above FAST_CSV_CHARS) and after validation
    monkeypatch.undo()
    memory.give_back()  # the real call: releases only free pages, raises nothing
    again = read_firms(path)
    assert batch.accepted == again.accepted == 60_000
    np.testing.assert_array_equal(batch.firms.capabilities, again.firms.capabilities)
    assert batch.firms.preferred_regions == again.firms.preferred_regions
    assert list(batch.firms.name[:2]) == ["기업0", "기업1"]


def _one_per_group_live_loop(score, live, groups):
    """one_per_group_live before issue 19's single gather (commit d0f079a): three fancy-index passes per group."""
    out = np.array(live, dtype=bool, copy=True)
    rows = np.arange(out.shape[0])
    for cols in groups:
        best = cols[np.where(live[:, cols], score[:, cols], -np.inf).argmax(axis=1)]
        keep = live[rows, best]
        out[:, cols] = False
        out[rows, best] = keep
    return out


@pytest.mark.parametrize("live", [0.0, 0.05, 0.3, 1.0])
def test_one_per_group_live_gathered_once_equals_the_group_loop(live):
    """Exact ties (rounded scores), rows with nothing live, a group of one column, groups not in column order."""
    rng = np.random.default_rng(int(live * 100) + 11)
    score = np.round(_scores(rng, 300, 70, max(live, 0.01)), 1)
    mask = (rng.random(score.shape) < 0.8) & np.isfinite(score) & (live > 0)
    mask[:20] = False
    groups = [np.array([40, 41, 45, 60]), np.array([3]), np.arange(5, 30, 3), np.array([0, 1, 2, 69])]
    got = kernels.one_per_group_live(score, mask, groups)
    np.testing.assert_array_equal(got, _one_per_group_live_loop(score, mask, groups))
    assert live == 0.0 or (got != mask).any()  # the collapse did something
