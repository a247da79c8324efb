"""The screening block's ranking as one compiled loop per firm (issue 19): the collapse of indistinct regions
(:func:`recommender.kernels.one_per_group_entries`) and the ranking of what is left
(:func:`recommender.kernels.rank_entries`), on the block's row-major live entries, with the same results bit for bit.

Only the screening path imports this module (:meth:`recommender.engine.Recommender._ranked_entries`), so the
one-firm ``recommend`` command never loads numba. ``cache=True``: the machine code is written next to this file
(``__pycache__``) on the first call and read back afterwards (compile and load costs: benchmarks/README.md).

Per firm, the entries of its row (column order) are read once:

1. **collapse** — in each group of indistinct regions (a sector) only the best entry stays: the highest score, ties
   to the lower column (the first met); its ``eq`` is the OR of the group's region bits, 0 when that is a single
   region (a single region is no list of equivalents);
2. **window** — the ``w`` best of what stays by score, ties to the lower column (a stable sort of −score), kept
   sorted by insertion;
3. **tie groups** — over the window in score order, on the scores rounded as shown (``rounded``, computed by
   :func:`numpy.round` at :data:`recommender.kernels.SCORE_DECIMALS` before the call): a new group starts where a
   score falls more than ``tol`` below the first score of the current group (:func:`recommender.kernels.tie_groups`);
4. **evidence order** — within the window, by (group, ``evidence_rank[col]``, −shown score as an integer, column),
   all keys unique per row (:func:`recommender.kernels.order_ties`);
5. **sector cap** — at most ``cap`` entries per sector among the first ``k``, unless fewer than ``k`` would be left:
   then the best of the entries past the cap fill the free places (:func:`recommender.kernels.cap_per_sector`);
   tie groups renumbered 1, 2, … over what is kept.

The NumPy kernels stay the reference: tests/test_ranking_jit.py holds this loop to them on random and real blocks.
"""

from __future__ import annotations

import numpy as np
from numba import njit


@njit(cache=True, nogil=True)
def rank_block(rows, cols, score, group, bits, rounded, shown, evidence_rank, sector_of, n_groups, n_sectors,
               k, w, tol, cap, idx, vals, groups, eq):  # fmt: skip
    """Fill ``idx``, ``vals``, ``groups``, ``eq`` (n, k) — preset to 0, −inf, 0, 0 — from the row-major entries
    ``(rows, cols, score, group, bits, rounded, shown)`` (m,): the steps of the module docstring, per row."""
    m = rows.shape[0]
    best = np.full(n_groups, -1, dtype=np.int64)  # the row's kept entry of each group
    gmask = np.zeros(n_groups, dtype=np.int64)
    touched = np.empty(n_groups, dtype=np.int64)
    seen = np.zeros(n_sectors, dtype=np.int64)
    win = np.empty(w, dtype=np.int64)  # entry positions, best first
    tg = np.empty(w, dtype=np.int64)  # their tie groups
    order = np.empty(w, dtype=np.int64)  # window places in the evidence order
    keep = np.empty(w, dtype=np.bool_)
    i = 0
    while i < m:
        r = rows[i]
        j = i
        while j < m and rows[j] == r:
            j += 1
        # 1. collapse: the best entry of each group (ties to the lower column) and the OR of its region bits
        nt = 0
        for e in range(i, j):
            gr = group[e]
            if gr >= 0:
                b = best[gr]
                if b < 0:
                    best[gr] = e
                    gmask[gr] = bits[e]
                    touched[nt] = gr
                    nt += 1
                else:
                    gmask[gr] |= bits[e]
                    if score[e] > score[b]:
                        best[gr] = e
        # 2. the window: the w best of the kept entries by score, ties to the lower column
        cnt = 0
        for e in range(i, j):
            gr = group[e]
            if gr >= 0 and best[gr] != e:
                continue
            v = score[e]
            if cnt == w:
                if not (v > score[win[w - 1]]):
                    continue
                p = w - 1
            else:
                p = cnt
                cnt += 1
            while p > 0 and score[win[p - 1]] < v:
                win[p] = win[p - 1]
                p -= 1
            win[p] = e
        # 3. tie groups on the shown scores
        g = 1
        top = rounded[win[0]] if cnt else 0.0
        for a in range(cnt):
            rv = rounded[win[a]]
            if rv < top - tol:
                g += 1
                top = rv
            tg[a] = g if np.isfinite(rv) else 0
        # 4. the evidence order: (group, evidence rank, −shown, column), insertion sort (unique keys)
        for a in range(cnt):
            ea = win[a]
            ka0, ka1, ka2, ka3 = tg[a], evidence_rank[cols[ea]], -shown[ea], cols[ea]
            p = a
            while p > 0:
                o = order[p - 1]
                eo = win[o]
                ko0, ko1, ko2, ko3 = tg[o], evidence_rank[cols[eo]], -shown[eo], cols[eo]
                if (ko0, ko1, ko2, ko3) > (ka0, ka1, ka2, ka3):
                    order[p] = o
                    p -= 1
                else:
                    break
            order[p] = a
        # 5. the sector cap among the first k, the free places filled by the best past it
        within_n = 0
        for a in range(cnt):
            s = sector_of[cols[win[order[a]]]]
            occ = seen[s]
            seen[s] += 1
            ok = occ < cap
            if ok:
                within_n += 1
                ok = within_n <= k
            keep[a] = ok
        free = k - min(within_n, k)
        past_n = 0
        for a in range(cnt):
            if not keep[a]:
                past_n += 1
                keep[a] = past_n <= free
        pos = 0
        last = -1
        gnum = 0
        for a in range(cnt):
            o = order[a]
            e = win[o]
            seen[sector_of[cols[e]]] = 0
            if not keep[a]:
                continue
            if pos == 0 or tg[o] != last:
                gnum += 1
            last = tg[o]
            idx[r, pos] = cols[e]
            vals[r, pos] = score[e]
            groups[r, pos] = gnum
            gr = group[e]
            if gr >= 0:
                mk = gmask[gr]
                eq[r, pos] = 0 if (mk & (mk - 1)) == 0 else mk
            pos += 1
        for t in range(nt):
            best[touched[t]] = -1
        i = j


def ranked_entries(rows: np.ndarray, cols: np.ndarray, score: np.ndarray, group: np.ndarray, bits: np.ndarray,
                   n: int, k: int, w: int, evidence_rank: np.ndarray, sector_of: np.ndarray, n_groups: int,
                   tol: float, cap: int, decimals: int) -> tuple[np.ndarray, ...]:  # fmt: skip
    """``(idx, vals, groups, eq)`` (n, k): ``rank_entries`` after ``one_per_group_entries`` (as
    :meth:`recommender.engine.Recommender._ranked_entries` chains them), by :func:`rank_block`. Places past a row's
    kept entries have value −inf, group 0, column 0 and ``eq`` 0."""
    idx = np.zeros((n, k), dtype=np.intp)
    vals = np.full((n, k), -np.inf, dtype=np.float64)
    groups = np.zeros((n, k), dtype=np.int64)
    eq = np.zeros((n, k), dtype=np.int64)
    if not len(rows) or not k or not w:
        return idx, vals, groups, eq
    score = np.ascontiguousarray(score, dtype=np.float64)
    rounded = np.round(score, decimals)  # the precision scores are shown at (kernels.tie_groups)
    shown = np.rint(score * 10.0**decimals).astype(np.int64)  # the shown score as an integer (kernels.rank_entries)
    i64 = [np.ascontiguousarray(a, dtype=np.int64) for a in (rows, cols, group, bits, evidence_rank, sector_of)]
    rank_block(i64[0], i64[1], score, i64[2], i64[3], rounded, shown, i64[4], i64[5], int(n_groups),
               int(i64[5].max()) + 1, int(k), int(w), float(tol), int(cap), idx, vals, groups, eq)  # fmt: skip
    return idx, vals, groups, eq
