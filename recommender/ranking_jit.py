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
3. **tie groups** — over the window in score order, on the scores rounded as shown (:func:`numpy.round` at
   :data:`recommender.kernels.SCORE_DECIMALS` is ``rint(v · 10⁴) / 10⁴``, the same IEEE operations here): a new
   group starts where a score falls more than ``tol`` below the first score of the current group
   (:func:`recommender.kernels.tie_groups`);
4. **evidence order** — within the window, by (group, ``evidence_rank[col]``, −shown score as an integer, column),
   all keys unique per row (:func:`recommender.kernels.order_ties`);
5. **sector cap** — at most ``cap`` entries per sector among the first ``k``, unless fewer than ``k`` would be left:
   then the best of the entries past the cap fill the free places (:func:`recommender.kernels.cap_per_sector`);
   tie groups renumbered 1, 2, … over what is kept;
6. **afresh** — a row that gave way an entry before its last kept one has what it keeps ranked again (score order,
   tie groups anew, evidence order; ``rank_entries``' second pass, adv14), since that entry may have begun a group.

The NumPy kernels stay the reference: tests/test_ranking_jit.py holds this loop to them on random and real blocks.
"""

from __future__ import annotations

import numpy as np
from numba import njit


@njit(cache=True, nogil=True)
def rank_block(rows, cols, score, col_group, col_bits, evidence_rank, sector_of, n_groups, n_sectors,
               k, w, tol, cap, scale, idx, vals, groups, eq):  # fmt: skip
    """Fill ``idx``, ``vals``, ``groups``, ``eq`` (n, k) — preset to 0, −inf, 0, 0 — from the row-major entries
    ``(rows, cols, score)`` (m,): the steps of the module docstring, per row. ``col_group`` (P,) is a column's
    group of indistinct regions (−1: none), ``col_bits`` (P,) its region bit; ``scale`` = 10 ** decimals."""
    m = rows.shape[0]
    shown = np.empty(w, dtype=np.int64)  # of the window's entries, by window place
    rounded = np.empty(w, dtype=np.float64)
    ev = np.empty(w, dtype=np.int64)
    col = np.empty(w, dtype=np.int64)
    best = np.full(n_groups, -1, dtype=np.int64)  # the row's kept entry of each group
    gmask = np.zeros(n_groups, dtype=np.int64)
    touched = np.empty(n_groups, dtype=np.int64)
    seen = np.zeros(n_sectors, dtype=np.int64)
    win = np.empty(w, dtype=np.int64)  # entry positions, best first
    wv = np.empty(w, dtype=np.float64)  # their scores
    tg = np.empty(w, dtype=np.int64)  # their tie groups
    order = np.empty(w, dtype=np.int64)  # window places in the evidence order
    keep = np.empty(w, dtype=np.bool_)
    outp = np.empty(w, dtype=np.int64)  # window places in output order, and their tie groups
    outg = np.empty(w, dtype=np.int64)
    sub = np.empty(w, dtype=np.int64)  # step 6's kept places, groups and order
    tg2 = np.empty(w, dtype=np.int64)
    ord2 = np.empty(w, dtype=np.int64)
    i = 0
    while i < m:
        r = rows[i]
        j = i
        while j < m and rows[j] == r:
            j += 1
        # 1. collapse: the best entry of each group (ties to the lower column) and the OR of its region bits
        nt = 0
        for e in range(i, j):
            gr = col_group[cols[e]]
            if gr >= 0:
                b = best[gr]
                if b < 0:
                    best[gr] = e
                    gmask[gr] = col_bits[cols[e]]
                    touched[nt] = gr
                    nt += 1
                else:
                    gmask[gr] |= col_bits[cols[e]]
                    if score[e] > score[b]:
                        best[gr] = e
        # 2. the window: the w best of the kept entries by score, ties to the lower column
        cnt = 0
        for e in range(i, j):
            gr = col_group[cols[e]]
            if gr >= 0 and best[gr] != e:
                continue
            v = score[e]
            if cnt == w:
                if not (v > wv[w - 1]):
                    continue
                p = w - 1
            else:
                p = cnt
                cnt += 1
            while p > 0 and wv[p - 1] < v:
                win[p] = win[p - 1]
                wv[p] = wv[p - 1]
                p -= 1
            win[p] = e
            wv[p] = v
        # 3. tie groups on the shown scores: numpy.round(v, decimals) is rint(v · 10**decimals) / 10**decimals,
        # and the shown score as an integer is that rint (kernels.tie_groups, kernels.rank_entries)
        for a in range(cnt):
            e = win[a]
            y = np.rint(score[e] * scale)
            rounded[a] = y / scale
            shown[a] = -np.int64(y) if np.isfinite(y) else np.int64(0)  # negated: more shown score first
            col[a] = cols[e]
            ev[a] = evidence_rank[col[a]]
        g = 1
        top = rounded[0] if cnt else 0.0
        for a in range(cnt):
            rv = rounded[a]
            if rv < top - tol:
                g += 1
                top = rv
            tg[a] = g if np.isfinite(rv) else 0
        # 4. the evidence order: (group, evidence rank, −shown, column), insertion sort (unique keys)
        for a in range(cnt):
            ka = (tg[a], ev[a], shown[a], col[a])
            p = a
            while p > 0:
                o = order[p - 1]
                if (tg[o], ev[o], shown[o], col[o]) > ka:
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
        for a in range(cnt):
            seen[sector_of[col[a]]] = 0
        # 6. a row that gave way an entry before its last kept one: that entry may have begun a tie group, so what
        # is kept is ranked afresh — in score order (ties to the lower column: window place order), groups anew,
        # each group by evidence, nothing more dropped (kernels.rank_entries' second pass, cap = k; adv14)
        last_kept = -1
        for a in range(cnt):
            if keep[a]:
                last_kept = a
        again = False
        for a in range(last_kept):
            if not keep[a]:
                again = True
                break
        nout = 0
        if not again:
            for a in range(cnt):
                if keep[a]:
                    outp[nout] = order[a]
                    outg[nout] = tg[order[a]]
                    nout += 1
        else:
            for a in range(cnt):
                if keep[a]:
                    sub[nout] = order[a]
                    nout += 1
            for b in range(1, nout):  # ascending window place
                x = sub[b]
                p = b
                while p > 0 and sub[p - 1] > x:
                    sub[p] = sub[p - 1]
                    p -= 1
                sub[p] = x
            g = 1
            top = rounded[sub[0]]
            for b in range(nout):
                rv = rounded[sub[b]]
                if rv < top - tol:
                    g += 1
                    top = rv
                tg2[b] = g if np.isfinite(rv) else 0
            for b in range(nout):
                x = sub[b]
                kb = (tg2[b], ev[x], shown[x], col[x])
                p = b
                while p > 0:
                    o = ord2[p - 1]
                    y = sub[o]
                    if (tg2[o], ev[y], shown[y], col[y]) > kb:
                        ord2[p] = o
                        p -= 1
                    else:
                        break
                ord2[p] = b
            for b in range(nout):
                outp[b] = sub[ord2[b]]
                outg[b] = tg2[ord2[b]]
        # the output, tie groups renumbered 1, 2, … over what is kept
        pos = 0
        last = -1
        gnum = 0
        for b in range(nout):
            o = outp[b]
            e = win[o]
            if pos == 0 or outg[b] != last:
                gnum += 1
            last = outg[b]
            idx[r, pos] = cols[e]
            vals[r, pos] = score[e]
            groups[r, pos] = gnum
            gr = col_group[cols[e]]
            if gr >= 0:
                mk = gmask[gr]
                eq[r, pos] = 0 if (mk & (mk - 1)) == 0 else mk
            pos += 1
        for t in range(nt):
            best[touched[t]] = -1
        i = j


def ranked_entries(rows: np.ndarray, cols: np.ndarray, score: np.ndarray, col_group: np.ndarray,
                   col_bits: np.ndarray, n: int, k: int, w: int, evidence_rank: np.ndarray, sector_of: np.ndarray,
                   n_groups: int, tol: float, cap: int, decimals: int) -> tuple[np.ndarray, ...]:  # fmt: skip
    """``(idx, vals, groups, eq)`` (n, k): ``rank_entries`` after ``one_per_group_entries`` (as
    :meth:`recommender.engine.Recommender._ranked_entries` chained them), by :func:`rank_block`. ``col_group`` (P,):
    a column's group of indistinct regions or −1; ``col_bits`` (P,): ``1 << region``. Places past a row's kept
    entries have value −inf, group 0, column 0 and ``eq`` 0."""
    idx = np.zeros((n, k), dtype=np.intp)
    vals = np.full((n, k), -np.inf, dtype=np.float64)
    groups = np.zeros((n, k), dtype=np.int64)
    eq = np.zeros((n, k), dtype=np.int64)
    if not len(rows) or not k or not w:
        return idx, vals, groups, eq
    score = np.ascontiguousarray(score, dtype=np.float64)
    i64 = [np.ascontiguousarray(a, dtype=np.int64) for a in (rows, cols, col_group, col_bits, evidence_rank,
                                                              sector_of)]  # fmt: skip
    rank_block(i64[0], i64[1], score, i64[2], i64[3], i64[4], i64[5], int(n_groups), int(i64[5].max()) + 1,
               int(k), int(w), float(tol), int(cap), float(10.0**decimals), idx, vals, groups, eq)  # fmt: skip
    return idx, vals, groups, eq


@njit(cache=True, nogil=True)
def gate_block(cov, live, fit_s, factor, sector_of, by_sector, sector_starts, risk_total, policy, demand, w, floor,
               share, with_wsm):  # fmt: skip
    """The entries of a screening block after the gate and the fit trim, with their fit, effective risk and (when
    ``with_wsm``) WSM score: ``(rows, cols, fit, risk_eff, score)`` (m,), row-major, column order within a row.

    ``cov`` (n, S) uint8: the firm covers a core need of the sector (:func:`recommender.kernels.core_coverage`);
    ``live`` (n, P) uint8: a route is open and the region is not excluded; ``by_sector`` (P,) the columns sector by
    sector, sector ``s``'s from ``sector_starts[s]`` to ``sector_starts[s + 1]``. An entry is live where both hold;
    the trim keeps a sector whose fit is not below ``min(best, max(floor, share · best))``, ``best`` the row's
    highest fit among its sectors with a live entry (:func:`recommender.kernels.trimmed_sectors`). Each number is
    its NumPy form's, operation for operation: ``fit_s[row, sector]``, ``factor[row] · risk_total[col]`` and
    :func:`recommender.kernels.wsm` ``w₀·f + f·(w₁·policy + w₂·demand + w₃·(1 − risk_eff))``."""
    n, p = live.shape
    n_sec = cov.shape[1]
    keep = np.zeros((n, n_sec), dtype=np.uint8)  # the sector is covered, has a live entry and passes the trim
    count = 0
    for i in range(n):
        best = -np.inf
        for s in range(n_sec):
            hit = 0
            if cov[i, s]:
                for t in range(sector_starts[s], sector_starts[s + 1]):
                    if live[i, by_sector[t]]:
                        hit = 1
                        break
            keep[i, s] = hit
            if hit and fit_s[i, s] > best:
                best = fit_s[i, s]
        need = min(best, max(floor, share * best))
        for s in range(n_sec):
            if keep[i, s]:
                if fit_s[i, s] < need:
                    keep[i, s] = 0
                else:
                    for t in range(sector_starts[s], sector_starts[s + 1]):
                        count += live[i, by_sector[t]]
    rows = np.empty(count, dtype=np.int64)
    cols = np.empty(count, dtype=np.int64)
    fit = np.empty(count, dtype=np.float64)
    risk_eff = np.empty(count, dtype=np.float64)
    score = np.empty(count if with_wsm else 0, dtype=np.float64)
    w0, w1, w2, w3 = w[0], w[1], w[2], w[3]
    e = 0
    for i in range(n):
        fi = factor[i]
        for c in range(p):
            s = sector_of[c]
            if live[i, c] & keep[i, s]:
                f = fit_s[i, s]
                r = fi * risk_total[c]
                rows[e] = i
                cols[e] = c
                fit[e] = f
                risk_eff[e] = r
                if with_wsm:
                    score[e] = w0 * f + f * (w1 * policy[c] + w2 * demand[c] + w3 * (1.0 - r))
                e += 1
    return rows, cols, fit, risk_eff, score


@njit(cache=True, nogil=True)
def routes_kernel(eligible, open_bits, item_t, failed, item_at_bits, item_of_t):
    """(n, P) bool: :meth:`recommender.strategies.CompiledStrategies.routes` cell by cell — some strategy ``t`` the
    firm is ``eligible`` for is open at the opportunity (bit ``t`` of ``open_bits[p]``) and none of the sector-scoped
    requirements of ``t`` the firm fails binds there. ``item_t`` (I,) is the strategy of each scoped requirement,
    ``failed`` (n, I) uint8 whether the firm fails it, ``item_at_bits[p]`` bit ``i`` where requirement ``i`` binds at
    opportunity ``p``, ``item_of_t[t]`` the bits of strategy ``t``'s requirements (T ≤ 62 and I ≤ 62)."""
    out = np.zeros((eligible.shape[0], open_bits.shape[0]), dtype=np.bool_)
    routes_into(out, eligible, open_bits, item_t, failed, item_at_bits, item_of_t,
                np.ones(open_bits.shape[0], dtype=np.bool_), False)  # every column, every cell written
    return out


def routes(strategies, eligible: np.ndarray, scoped: list | None) -> np.ndarray:
    """``strategies.routes(eligible, scoped)`` by :func:`routes_kernel` (``strategies``: a
    :class:`recommender.strategies.CompiledStrategies`; issue 19: one pass per firm instead of the eligibility
    patterns, a matmul and a pass per scoped strategy). More than 62 strategies or requirements: the NumPy form."""
    scoped = scoped or []
    route_open = strategies.route_open  # (P, T)
    nt, ni = route_open.shape[1], len(scoped)
    if nt > 62 or ni > 62:
        return strategies.routes(eligible, scoped)
    n = eligible.shape[0]
    open_bits = route_open.astype(np.int64) @ np.left_shift(np.int64(1), np.arange(nt, dtype=np.int64))
    item_t = np.array([t for t, _, _ in scoped], dtype=np.int64)
    failed = np.zeros((n, ni), dtype=np.uint8)
    item_at_bits = np.zeros(route_open.shape[0], dtype=np.int64)
    item_of_t = np.zeros(nt, dtype=np.int64)
    for j, (t, fail, at) in enumerate(scoped):
        failed[:, j] = fail
        item_at_bits |= np.asarray(at, dtype=np.int64) << j
        item_of_t[t] |= np.int64(1) << j
    return routes_kernel(np.ascontiguousarray(eligible, dtype=np.bool_).view(np.uint8), open_bits, item_t, failed, item_at_bits,
                         item_of_t)  # fmt: skip


@njit(cache=True, nogil=True, error_model="numpy")
def fit_block(capabilities, requirements, core, central, together, core_share, anchor_share, core_level):
    """(n, S) float64: :func:`recommender.kernels.fit_scores` (with ``core`` and ``central``) as float64, the same
    float32 operations value for value. ``capabilities`` (n, K) int8 and ``requirements`` (S, K) float32 hold whole
    numbers 0–5, so the breadth's sum of ``min(c, r)`` is exact in any order; every other step is one float32
    operation, as in NumPy: ``breadth = Σ min / Σ r``, ``best`` and ``anchor`` the maxima of ``min(c, r)`` over the
    core and central needs divided by the heaviest core need (1 when none), ``core = (1 − h)·best + h·anchor`` where
    the sector names a central need (else ``best``), ``fit = s·core + (1 − s)·breadth``; ``core_share`` (s) and
    ``anchor_share`` (h) are float32. Where ``together[s]`` (adv15) ``best`` in the core part is replaced by the
    joint cover ``Σ_{k ∈ core} r_sk · min(c_k / level, 1) / Σ_{k ∈ core} r_sk``, summed in float32 need by need in key
    order as :func:`recommender.kernels._joint_cover` does."""
    n, kk = capabilities.shape
    n_sec = requirements.shape[0]
    zero = np.float32(0.0)
    one = np.float32(1.0)
    r_sum = np.zeros(n_sec, dtype=np.float32)
    scale = np.ones(n_sec, dtype=np.float32)
    anchored = np.zeros(n_sec, dtype=np.bool_)
    for s in range(n_sec):
        top = zero
        for k in range(kk):
            r_sum[s] += requirements[s, k]
            if core[s, k] and requirements[s, k] > top:
                top = requirements[s, k]
            if central[s, k]:
                anchored[s] = True
        if top > zero:
            scale[s] = top
    j_total = np.zeros(n_sec, dtype=np.float32)
    for s in range(n_sec):
        for k in range(kk):
            if core[s, k]:
                j_total[s] += requirements[s, k]
        if not (j_total[s] > zero):
            j_total[s] = one
    rest = one - core_share
    keep_best = one - anchor_share
    out = np.empty((n, n_sec), dtype=np.float64)
    for i in range(n):
        for s in range(n_sec):
            total = zero
            best = zero
            anchor = zero
            for k in range(kk):
                c = np.float32(capabilities[i, k])
                r = requirements[s, k]
                m = c if c < r else r
                total += m
                if core[s, k] and m > best:
                    best = m
                if central[s, k] and m > anchor:
                    anchor = m
            breadth = total / r_sum[s]
            best = best / scale[s]
            if anchored[s]:
                lead = best
                if together[s]:
                    joint = zero
                    for k in range(kk):
                        if core[s, k]:
                            lv = np.float32(capabilities[i, k]) / core_level
                            joint += (lv if lv < one else one) * requirements[s, k]
                    lead = joint / j_total[s]
                part = keep_best * lead + anchor_share * (anchor / scale[s])
            else:
                part = best
            out[i, s] = np.float64(core_share * part + rest * breadth)
    return out


@njit(cache=True, nogil=True, error_model="numpy")
def choose_kernel(eligible, firm_pts, firm_idx, opp_idx, profile_points, total_weight, open_here, soft_t, soft_pts,
                  soft_at, scoped_t, scoped_fail, scoped_at, bonus, preference, first, lead):  # fmt: skip
    """(m,) the chosen strategy of each (firm, opportunity) pair: :meth:`recommender.strategies.CompiledStrategies.
    rule_scores` then ``choose``, value for value. Per pair and strategy t: ``num = firm points + profile points``,
    then each soft condition's ``points · at`` in list order; ``rule = num / most points`` where the strategy is
    eligible, open at the opportunity and no scoped requirement fails where it binds, else −1; the ranking key
    ``round(rule + bonus[t], 9)`` (−1 stays −1; NumPy's round: ``rint(x · 10⁹) / 10⁹``); the chosen strategy is the
    highest key, then the lowest stated preference, then the first; −1 when its rule is −1 — but ``lead`` (the first
    step, ``strategies.FIRST_STEP``) where the firm is a first entrant (``first[f]``) and its rule is ≥ 0."""
    m = firm_idx.shape[0]
    nt = eligible.shape[1]
    out = np.empty(m, dtype=np.int64)
    num = np.empty(nt, dtype=np.float64)
    rule = np.empty(nt, dtype=np.float64)
    ok = np.empty(nt, dtype=np.bool_)
    for q in range(m):
        f = firm_idx[q]
        o = opp_idx[q]
        for t in range(nt):
            num[t] = firm_pts[f, t] + profile_points[o, t]
            ok[t] = eligible[f, t] and open_here[o, t]
        for z in range(soft_t.shape[0]):
            num[soft_t[z]] += soft_pts[z, f] * soft_at[z, o]
        for z in range(scoped_t.shape[0]):
            if scoped_fail[z, f] and scoped_at[z, o]:
                ok[scoped_t[z]] = False
        best = -1
        best_key = 0.0
        best_pref = 0
        for t in range(nt):
            r = num[t] / total_weight[o, t] if ok[t] else -1.0
            rule[t] = r
            key = -1.0 if r < 0 else np.rint((r + bonus[t]) * 1e9) / 1e9
            if best < 0 or key > best_key or (key == best_key and preference[t] < best_pref):
                best, best_key, best_pref = t, key, preference[t]
        out[q] = best if best >= 0 and rule[best] >= 0 else -1
        if lead >= 0 and first[f] and rule[lead] >= 0:
            out[q] = lead
    return out


def choose_pairs(strategies, eligible: np.ndarray, firm_pts: np.ndarray, firm_idx: np.ndarray, opp_idx: np.ndarray,
                 scoped: list | None, soft: list | None, first: np.ndarray | None = None) -> np.ndarray:  # fmt: skip
    """``strategies.choose(strategies.rule_scores(eligible, firm_pts, firm_idx, opp_idx, scoped, soft),
    first[firm_idx])`` by :func:`choose_kernel` (``strategies``: a :class:`recommender.strategies.CompiledStrategies`;
    ``first``: (n,) the block's firms that are first entrants, ``strategies.first_entrant``)."""
    m = len(firm_idx)
    if m == 0:
        return np.zeros(0, dtype=np.int64)
    nb = eligible.shape[0]
    p = strategies.open_here.shape[0]
    soft, scoped = soft or [], scoped or []
    soft_t = np.array([t for t, _, _ in soft], dtype=np.int64)
    soft_pts = np.array([pts for _, pts, _ in soft], dtype=np.float64).reshape(len(soft), nb)
    soft_at = np.array([at for _, _, at in soft], dtype=np.float64).reshape(len(soft), p)  # as NumPy's pts · at casts
    scoped_t = np.array([t for t, _, _ in scoped], dtype=np.int64)
    scoped_fail = np.array([fail for _, fail, _ in scoped], dtype=np.bool_).reshape(len(scoped), nb)
    scoped_at = np.array([at for _, _, at in scoped], dtype=np.bool_).reshape(len(scoped), p)
    specific = np.array([bool(s["sectors"]) for s in strategies.specs])
    bonus = np.ascontiguousarray(strategies.ranking_key(np.zeros((1, len(specific))))[0])  # SPECIFICITY_BONUS · specific
    first = np.zeros(nb, dtype=np.bool_) if first is None else np.ascontiguousarray(first, dtype=np.bool_)
    return choose_kernel(np.ascontiguousarray(eligible), np.ascontiguousarray(firm_pts, dtype=np.float64),
                         np.ascontiguousarray(firm_idx, dtype=np.int64), np.ascontiguousarray(opp_idx, dtype=np.int64),
                         strategies.profile_points, strategies.total_weight, strategies.open_here, soft_t, soft_pts,
                         soft_at, scoped_t, scoped_fail, scoped_at, bonus,
                         np.ascontiguousarray(strategies.preference, dtype=np.int64), first,
                         np.int64(strategies.lead))  # fmt: skip


@njit(cache=True, nogil=True)
def routes_into(out, eligible, open_bits, item_t, failed, item_at_bits, item_of_t, col_ok, accumulate):
    """The route test written into ``out`` (n, P) bool, a preallocated buffer (perf16: no fresh (n, P) array and its
    page faults per block); :func:`routes_kernel` is this over a fresh array with every column. ``col_ok`` (P,) bool: a cell is set only where it
    holds. Without ``accumulate`` every cell is written (``routes & col_ok``); with it only the cells that hold are
    set True (``out |= routes & col_ok``: the first step's routes OR-ed into the block's, ``strategies.
    first_step_routes`` — a row with no eligible strategy adds nothing, as the rows without a held mode there)."""
    n, nt = eligible.shape
    p = open_bits.shape[0]
    ni = item_t.shape[0]
    for i in range(n):
        el = np.int64(0)
        for t in range(nt):
            if eligible[i, t]:
                el |= np.int64(1) << t
        if el == 0:
            if not accumulate:
                for c in range(p):
                    out[i, c] = False
            continue
        fitems = np.int64(0)
        dirty = np.int64(0)
        for j in range(ni):
            if failed[i, j]:
                fitems |= np.int64(1) << j
                dirty |= np.int64(1) << item_t[j]
        clean = el & ~dirty
        held = el & dirty
        for c in range(p):
            ob = open_bits[c]
            hit = False
            if ob & clean:
                hit = True
            elif ob & held:
                h = ob & held
                for t in range(nt):
                    if (h >> t) & 1 and (item_at_bits[c] & fitems & item_of_t[t]) == 0:
                        hit = True
                        break
            hit = hit and col_ok[c]
            if accumulate:
                if hit:
                    out[i, c] = True
            else:
                out[i, c] = hit


def route_items(route_open: np.ndarray, scoped_t: list, scoped_at: list) -> tuple[np.ndarray, ...]:
    """The static operands of :func:`routes_kernel` / :func:`routes_into` (as :func:`routes` builds them per call):
    ``(open_bits, item_t, item_at_bits, item_of_t)`` for the sector-scoped requirements of strategies ``scoped_t``
    binding at ``scoped_at`` ((P,) bool each), in that order."""
    nt = route_open.shape[1]
    open_bits = route_open.astype(np.int64) @ np.left_shift(np.int64(1), np.arange(nt, dtype=np.int64))
    item_t = np.array(scoped_t, dtype=np.int64)
    item_at_bits = np.zeros(route_open.shape[0], dtype=np.int64)
    item_of_t = np.zeros(nt, dtype=np.int64)
    for j, (t, at) in enumerate(zip(scoped_t, scoped_at)):
        item_at_bits |= np.asarray(at, dtype=np.int64) << j
        item_of_t[t] |= np.int64(1) << j
    return open_bits, item_t, item_at_bits, item_of_t
