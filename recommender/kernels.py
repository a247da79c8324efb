"""Pure numeric kernels (numpy, no validation): capability fit, readiness, risk adjustment, WSM and TOPSIS.

Inputs are assumed valid (the callers in :mod:`recommender.engine` validate at the edge). All functions are
vectorised over firms and opportunities and are monotone where DESIGN.md promises it.
"""

from __future__ import annotations

import itertools

import numpy as np

#: risk aversion by tolerance (0 low, 1 medium, 2 high): the share of the effective risk that is charged
AVERSION = np.array([1.0, 0.7, 0.4])
#: how much full readiness can take off a profile's risk
READINESS_RELIEF = 0.5
#: weight of a preferred region in the final score (only for firms that name preferred regions)
PREFERENCE_SHARE = 0.05


#: share of fit given to the sector's core need (the rest goes to the breadth of its needs): core needs first
CORE_SHARE = 0.7
#: share of the core part given to the sector's central need (the anchor, core = 2); the rest to the best core need
ANCHOR_SHARE = 0.5


def fit_scores(capabilities: np.ndarray, requirements: np.ndarray, core: np.ndarray | None = None,
               core_share: float = CORE_SHARE, central: np.ndarray | None = None,
               together: np.ndarray | None = None) -> np.ndarray:  # fmt: skip
    """How much of the sector's needs the firm covers, core needs first::

        R[s]          = max_{k ∈ core(s)} r_sk                          (the heaviest core need)
        best[f, s]    = max_{k ∈ core(s)} min(c_fk, r_sk) / R[s]
        anchor[f, s]  = max_{k ∈ central(s)} min(c_fk, r_sk) / R[s]   (= best[f, s] when the sector names no central need)
        core[f, s]    = 0.5 · best[f, s] + 0.5 · anchor[f, s]
        joint[f, s]   = Σ_{k ∈ core(s)} r_sk · min(c_fk / 3, 1) / Σ_{k ∈ core(s)} r_sk
        core[f, s]    = 0.5 · joint[f, s] + 0.5 · anchor[f, s]      (sectors whose core needs count together)
        breadth[f, s] = Σ_k min(c_fk, r_sk) / Σ_k r_sk
        fit[f, s]     = 0.7 · core[f, s] + 0.3 · breadth[f, s]

    ``capabilities`` (n, K) in 0–5, ``requirements`` (S, K) in 0–5 (0 = not needed, ``data/sector_needs.csv``),
    ``core`` (S, K) bool: the capabilities a sector cannot be served without (any one of them is a way in, as in the
    coverage gate); ``central`` (S, K) bool: the need the reports put at the centre of the sector (``core = 2`` in
    ``data/sector_needs.csv``). The **core** part says how far the firm covers the sector's central need: its best
    core capability, up to the level the sector needs it, against the sector's heaviest core need (a
    smart-manufacturing firm at 4 covers robotics' core to 0.8). Where the reports name a central need, half of the
    core part is that need itself (the **anchor**): autonomous driving's is automotive — KIEP 2018 3530–3536: about
    65 Chinese firms, car makers such as Chery and Great Wall, form the centre of the Apollo ecosystem, with hardware,
    software and chip firms joining it. A chip or chip-equipment maker (sensors/chips 4, automotive 0) then covers
    autonomous driving's core to 0.4, not 0.8 — the independent panel of issue 18 judged "any one core need is
    enough" wrong there. 5G's is 5G itself: the plan is core technology, network build-out and commercial service
    (KIEP 2059–2067), and panels 11–13 found sensor makers with 5G capability 0 sent to 5G parts supply, so a chip
    maker covers 5G's core to 0.4. Smart city's are its application element technologies, smart transport and urban
    services (KIEP 4508–4526, 4553–4561; Korean firms enter as element-technology partners of winning bidders,
    6371–6396, on Alibaba's own cloud-and-AI city OS, 6375–6381): a cloud or SaaS house (cloud 5, no transport or
    urban services) covers smart city's core to 0.5, not 1.0 (stop 30, panels 31 S7 and 32 P03/P08).
    Sectors whose core needs are each a way in on their own (a device maker in smart healthcare,
    a chip maker in IoT) name no central need and keep the best core need alone. The **breadth** part is the
    requirement-weighted coverage of all needs (how much of the rest of the value chain the firm also brings).

    ``together`` (S,) bool: sectors whose core needs count **together** (``core = 3`` on the central row of
    ``data/sector_needs.csv``): there the half of the core part that is not the anchor is the share of *all* the core
    needs the firm brings at the competitive level (3, the coverage gate's level), weighted by need, instead of its
    best one. Only autonomous driving: Apollo supplies the driving technology as a software platform to partners that
    bring the vehicle, the software or the sensing and chips (KIEP 3518–3536); a firm that brings the vehicle side
    alone covers the centre but not the autonomy. Panels 15 (F03) and 17 (F04) found EV-battery and energy makers
    (energy 4–5, automotive 4, AI 0, sensors ≤ 2) sent to Beijing Apollo ahead of smart energy, whose single core need
    (energy) they cover fully: their autonomous-driving fit falls 0.65 → 0.58 (a car maker with automotive 5 alone:
    0.78 → 0.56; with AI and sensors at 3 it keeps its full core). In industrial internet and 5G a firm that brings
    the central need alone is a way in (smart-factory equipment, 5G equipment): counting their core needs together
    there sent 7 labelled industrial-internet firms to robotics (``docs/audit/advisor_recodes.md``, adv15).

    Every part is in [0, 1] and non-decreasing in every capability, so fit is too. ``core=None`` gives the breadth
    alone (the formula before issue 18); ``central=None`` names no central need anywhere.
    """
    c = capabilities.astype(np.float32, copy=False)
    r = requirements.astype(np.float32, copy=False)
    covered = np.minimum(c[:, None, :], r[None, :, :])
    breadth = covered.sum(axis=2) / r.sum(axis=1)[None, :]
    if core is None:
        return breadth
    core = np.asarray(core, dtype=bool)
    r_core = np.where(core, r, np.float32(0)).max(axis=1)  # (S,) the sector's heaviest core need
    scale = np.where(r_core > 0, r_core, np.float32(1))[None, :]
    best = _masked_max(c, r, core) / scale
    share = np.float32(core_share)
    if central is None or not np.asarray(central, dtype=bool).any():
        core_part = best
    else:
        central = np.asarray(central, dtype=bool)
        anchored = central.any(axis=1)  # (S,) sectors that name a central need
        anchor = _masked_max(c, r, central) / scale
        half = np.float32(ANCHOR_SHARE)
        lead = best
        if together is not None and np.asarray(together, dtype=bool).any():
            lead = best.copy()
            cols = np.flatnonzero(np.asarray(together, dtype=bool))
            lead[:, cols] = _joint_cover(c, r[cols], core[cols])
        core_part = np.where(anchored[None, :], (np.float32(1) - half) * lead + half * anchor, best)
    return share * core_part + (np.float32(1) - share) * breadth


def _joint_cover(c: np.ndarray, r: np.ndarray, core: np.ndarray) -> np.ndarray:
    """(n, S) float32 ``Σ_{k ∈ core(s)} r_sk · min(c_fk / 3, 1) / Σ_{k ∈ core(s)} r_sk``: the need-weighted share of a
    sector's core needs the firm brings at the competitive level (:data:`CORE_LEVEL`); non-decreasing in every
    capability, in [0, 1]. Summed in float32 need by need in key order (no matrix product), so a firm's value is the
    same bits in any batch and in ``benchmarks/bench_screening.py``'s per-pair mirror."""
    level = np.minimum(c / np.float32(CORE_LEVEL), np.float32(1))  # (n, K) float32
    out = np.zeros((c.shape[0], r.shape[0]), dtype=np.float32)
    for s in range(r.shape[0]):
        total = np.float32(0)
        for k in np.flatnonzero(core[s]):
            out[:, s] += level[:, k] * r[s, k]
            total += r[s, k]
        out[:, s] /= total if total > 0 else np.float32(1)
    return out


def _masked_max(c: np.ndarray, r: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """(n, S) float32 ``max_{k: mask[s, k]} min(c_fk, r_sk)``, 0 where sector s has no such k — the same values as
    ``where(mask, min(c, r), 0).max(axis=2)`` (every term is ≥ 0 and a maximum is exact), from the few (s, k) pairs
    of ``mask`` only (issue 19: no (n, S, K) pass per mask)."""
    out = np.zeros((c.shape[0], r.shape[0]), dtype=np.float32)
    ss, kk = np.nonzero(mask)  # sector by sector
    if not len(ss) or not c.shape[0]:
        return out
    starts = np.flatnonzero(np.r_[True, ss[1:] != ss[:-1]])
    out[:, ss[starts]] = np.maximum.reduceat(np.minimum(c[:, kk], r[ss, kk][None, :]), starts, axis=1)
    return out


#: below this readiness a firm has no base in China yet (panel 6; the first-step note and the first-entrant field,
#: recommender.answer_notes.first_step_readiness and recommender.strategies.first_entrant)
LOW_READINESS = 0.2


def readiness(experience_years, has_entity, chinese_staff, investment_krw_100m) -> np.ndarray:
    """Readiness for China in [0, 1]: ``0.4·min(exp/5,1) + 0.2·entity + 0.2·min(staff/3,1) + 0.2·min(inv/50,1)``.

    The report names local presence, language and capital as what lets a firm manage China's policy and market
    risk (KIEP 2018, Ch. 6); the weights and caps are this project's choice (docs/METHOD.md).
    """
    exp = np.minimum(np.asarray(experience_years, dtype=np.float64) / 5.0, 1.0)
    staff = np.minimum(np.asarray(chinese_staff, dtype=np.float64) / 3.0, 1.0)
    inv = np.minimum(np.asarray(investment_krw_100m, dtype=np.float64) / 50.0, 1.0)
    return 0.4 * exp + 0.2 * np.asarray(has_entity, dtype=np.float64) + 0.2 * staff + 0.2 * inv


def effective_risk(profile_risk: np.ndarray, ready: np.ndarray, tolerance: np.ndarray) -> np.ndarray:
    """``risk_eff[f, p] = risk_p · (1 − 0.5·readiness_f) · aversion[tolerance_f]`` ∈ [0, 1].

    Non-increasing in readiness (so in experience) and in tolerance.
    """
    return risk_factor(ready, tolerance)[:, None] * np.asarray(profile_risk, dtype=np.float64)[None, :]


def risk_factor(ready, tolerance) -> np.ndarray:
    """Per-firm multiplier of a profile's risk: ``(1 − 0.5·readiness_f) · aversion[tolerance_f]`` (n,)."""
    relief = 1.0 - READINESS_RELIEF * np.asarray(ready, dtype=np.float64)
    aversion = AVERSION[np.asarray(tolerance, dtype=np.int64)]
    return relief * aversion


def wsm(fit: np.ndarray, policy: np.ndarray, demand: np.ndarray, risk_eff: np.ndarray, w: np.ndarray) -> np.ndarray:
    """Fit-gated weighted sum: ``w_fit·fit + fit·(w_policy·policy + w_demand·demand + w_risk·(1 − risk_eff))``.

    A region's policy support, demand and safety are worth to a firm only as far as it can serve the sector, so they
    count in proportion to fit (a firm with no matching capability is not sent to Beijing AI because Beijing's AI
    policy is strong). Bounded in [0, 1] for weights summing to 1; non-decreasing in fit, policy, demand and
    1 − risk_eff. With fit = 1 it is the plain weighted sum.
    """
    return w[0] * fit + fit * (w[1] * policy[None, :] + w[2] * demand[None, :] + w[3] * (1.0 - risk_eff))


def contributions(fit, policy, demand, risk_eff, w) -> dict[str, float]:
    """The four additive terms of :func:`wsm` for one pair (they sum to the score)."""
    return {"fit": w[0] * fit, "policy": fit * w[1] * policy, "demand": fit * w[2] * demand,
            "risk": fit * w[3] * (1.0 - risk_eff)}  # fmt: skip


def with_preference(score: np.ndarray, preferred: np.ndarray, has_preference: np.ndarray) -> np.ndarray:
    """``(1 − β)·score + β·preferred`` for firms that name preferred regions (β = 0.05); bounded in [0, 1]."""
    beta = PREFERENCE_SHARE * has_preference.astype(np.float64)[:, None]
    return (1.0 - beta) * score + beta * preferred


def topsis(matrix: np.ndarray, w: np.ndarray, cost: np.ndarray) -> np.ndarray:
    """TOPSIS closeness for a batch of decision matrices ``matrix[f, p, c]`` (Hwang & Yoon 1981).

    Min–max normalisation per criterion within each firm's matrix (a constant column becomes 1, as in pymcdm),
    cost criteria reversed; weighted; distances to the ideal and anti-ideal alternative; ``P = D⁻ / (D⁻ + D⁺)``.
    Computed criterion by criterion (:func:`topsis_columns`) when there are fewer than 8 criteria.
    """
    if matrix.shape[2] < 8:
        return topsis_columns([matrix[:, :, c] for c in range(matrix.shape[2])], w, cost)
    return _topsis_stacked(matrix, w, cost)


def _topsis_stacked(matrix: np.ndarray, w: np.ndarray, cost: np.ndarray) -> np.ndarray:
    lo = matrix.min(axis=1, keepdims=True)
    hi = matrix.max(axis=1, keepdims=True)
    span = hi - lo
    safe = np.where(span == 0, 1.0, span)
    norm = np.where(cost[None, None, :], (hi - matrix) / safe, (matrix - lo) / safe)
    norm = np.where(span == 0, 1.0, norm)
    v = norm * w[None, None, :]
    pis = v.max(axis=1, keepdims=True)
    nis = v.min(axis=1, keepdims=True)
    dp = np.sqrt(((v - pis) ** 2).sum(axis=2))
    dm = np.sqrt(((v - nis) ** 2).sum(axis=2))
    denom = dm + dp
    return np.where(denom == 0, 1.0, dm / np.where(denom == 0, 1.0, denom))


def topsis_columns(columns: list[np.ndarray], w: np.ndarray, cost: np.ndarray) -> np.ndarray:
    """:func:`topsis` with the criteria given as separate (n, P) arrays — or (1, P) for a criterion that is the same
    for every firm (policy, demand), which is then normalised once instead of n times.

    The same IEEE operations as the stacked (n, P, C) form, element for element; the squared distances are summed
    criterion by criterion from the first, which is the order numpy's reduction over a short (< 8) last axis uses
    (tested), so the numbers are identical — about 8× faster, because no operation runs over an axis of length C.

    ``w`` is (C,) — one set of weights for every row — or (n, C), a set per row (the robustness draws, issue 19:
    all draws ranked in one call; each row's numbers are those of a call with its own weights alone).
    """
    w = np.asarray(w, dtype=np.float64)
    per_row = w.ndim == 2
    dp = dm = None
    n = max(c.shape[0] for c in columns)
    for c, x in enumerate(columns):
        x = np.asarray(x, dtype=np.float64)
        lo = x.min(axis=1, keepdims=True)
        hi = x.max(axis=1, keepdims=True)
        span = hi - lo
        flat = span == 0
        safe = np.where(flat, 1.0, span)
        v = (hi - x) if cost[c] else (x - lo)
        v /= safe
        if flat.any():
            v = np.where(flat, 1.0, v)
        if per_row:
            v = v * w[:, c, None]  # a (1, P) criterion meets each row's weights: (n, P)
        else:
            v *= w[c]
        tp = v - v.max(axis=1, keepdims=True)
        tp *= tp
        tm = v - v.min(axis=1, keepdims=True)
        tm *= tm
        if dp is None:
            dp, dm = np.broadcast_to(tp, (n, tp.shape[1])).copy(), np.broadcast_to(tm, (n, tm.shape[1])).copy()
        else:
            dp += tp
            dm += tm
    np.sqrt(dp, out=dp)
    np.sqrt(dm, out=dm)
    denom = dm + dp
    zero = denom == 0
    if zero.any():
        return np.where(zero, 1.0, dm / np.where(zero, 1.0, denom))
    dm /= denom
    return dm


def _normalised(x, lo, hi, w, cost: bool):
    """:func:`topsis_columns`' weighted min–max value of ``x`` given the row's ``lo`` and ``hi`` (same shape as x or
    broadcasting), the same operations in the same order."""
    span = hi - lo
    flat = span == 0
    safe = np.where(flat, 1.0, span)
    v = (hi - x) if cost else (x - lo)
    v = v / safe
    v = np.where(flat, 1.0, v)
    return v * w


def topsis_terms(x: np.ndarray, w: float, cost: bool) -> tuple[np.ndarray, np.ndarray]:
    """``(tp, tm)``: one criterion's squared distances to the row's best and worst weighted value, as
    :func:`topsis_columns` adds them up (x (n, P))."""
    x = np.asarray(x, dtype=np.float64)
    v = _normalised(x, x.min(axis=1, keepdims=True), x.max(axis=1, keepdims=True), w, cost)
    tp = v - v.max(axis=1, keepdims=True)
    tm = v - v.min(axis=1, keepdims=True)
    return tp * tp, tm * tm


def topsis_entry_terms(x: np.ndarray, lo: np.ndarray, hi: np.ndarray, w: float,
                       cost: bool) -> tuple[np.ndarray, np.ndarray]:  # fmt: skip
    """:func:`topsis_terms` at single entries ``x`` (m,) whose rows have minimum ``lo`` and maximum ``hi`` (m,):
    the row's best and worst weighted values are those of its maximum and minimum (of its minimum and maximum for a
    cost), since every step of :func:`_normalised` is monotone for ``w ≥ 0`` — so the same numbers."""
    v = _normalised(x, lo, hi, w, cost)
    best = _normalised(lo if cost else hi, lo, hi, w, cost)
    worst = _normalised(hi if cost else lo, lo, hi, w, cost)
    tp = v - best
    tm = v - worst
    return tp * tp, tm * tm


def topsis_close(terms: list[tuple[np.ndarray, np.ndarray]]) -> np.ndarray:
    """Closeness ``D⁻ / (D⁻ + D⁺)`` (1 where both are 0) from the criteria's ``(tp, tm)`` summed from the first, as
    :func:`topsis_columns` does."""
    dp, dm = terms[0][0].copy(), terms[0][1].copy()
    for tp, tm in terms[1:]:
        dp += tp
        dm += tm
    dp = np.sqrt(dp)
    dm = np.sqrt(dm)
    denom = dm + dp
    zero = denom == 0
    return np.where(zero, 1.0, dm / np.where(zero, 1.0, denom))


def top_k(scores: np.ndarray, k: int) -> np.ndarray:
    """Indexes of the k best per row, best first; ties go to the lower index (opportunities are in id order).

    Exactly equal to the first k of a full stable sort of ``-scores``. For small k (≤ 16) by k rounds of
    ``argmax`` (:func:`top_k_inplace`); otherwise ``np.partition`` finds each row's k-th score in O(P) and only the
    candidates at or above it are sorted, with a stable sort so equal scores keep index (= id) order.
    """
    n, p = scores.shape
    k = min(k, p)
    if 0 < k <= ARGMAX_ROUNDS_MAX and n:
        return top_k_inplace(np.array(scores, dtype=np.float64), k)[0]
    if k < p:
        kth = np.partition(scores, p - k, axis=1)[:, p - k][:, None]
        if n and not np.isnan(kth).any():
            # exactly k candidates per row, in index order: all above the k-th score, then the lowest-index entries
            # equal to it — the first k of a stable sort hold just these, so the result is the same as sorting the
            # whole row (issue 19: no (n, P) argsort)
            take = scores >= kth
            extra = np.flatnonzero(take.sum(axis=1) > k)  # rows with more entries equal to the k-th than needed
            if len(extra):
                sub, sub_kth = scores[extra], kth[extra]
                at = sub == sub_kth
                need = k - (sub > sub_kth).sum(axis=1, keepdims=True)
                take[extra] = (sub > sub_kth) | (at & (np.cumsum(at, axis=1) <= need))
            cand = np.nonzero(take)[1].reshape(n, k)
        else:
            mask = scores >= kth  # keeps boundary ties, so tie-breaking by id stays exact
            width = int(mask.sum(axis=1).max()) if n else 0
            cand = np.argsort(~mask, axis=1, kind="stable")[:, :width]
    else:
        cand = np.broadcast_to(np.arange(p), (n, p))
    cs = np.take_along_axis(scores, cand, axis=1)
    order = np.argsort(-cs, axis=1, kind="stable")
    return np.take_along_axis(cand, order, axis=1)[:, :k]


#: up to this k, :func:`top_k` uses k rounds of argmax (faster than a partition for small k)
ARGMAX_ROUNDS_MAX = 16


def top_k_inplace(work: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """``(idx, values)`` (n, k) of the k best per row, best first, ties to the lower index; ``work`` is destroyed.

    Round j takes each row's ``argmax`` (the first maximum, so the lowest index among equal scores) and then removes
    it (sets −inf): the result is exactly the first k of a stable sort of ``-work`` without sorting anything. A row
    whose best remaining score is already −inf (e.g. most regions excluded) cannot tell removed from excluded
    entries, so those few rows are redone by a full stable sort of their original values.
    """
    n, p = work.shape
    k = min(k, p)
    rows = np.arange(n)
    idx = np.empty((n, k), dtype=np.intp)
    vals = np.empty((n, k), dtype=np.float64)
    for j in range(k):
        a = work.argmax(axis=1)
        idx[:, j] = a
        vals[:, j] = work[rows, a]
        work[rows, a] = -np.inf
    low = np.isneginf(vals[:, -1]) if k else np.zeros(n, dtype=bool)
    if low.any():
        # put back the entries removed from these rows (the finite picks: a pick of −inf may repeat a removed
        # entry), then sort them fully (stable)
        sub, sub_idx, sub_vals = work[low], idx[low], vals[low]
        r, c = np.nonzero(np.isfinite(sub_vals))
        sub[r, sub_idx[r, c]] = sub_vals[r, c]
        order = np.argsort(-sub, axis=1, kind="stable")[:, :k]
        idx[low] = order
        vals[low] = np.take_along_axis(sub, order, axis=1)
    return idx, vals


def region_matrix(lists, index: dict[str, int], size: int) -> np.ndarray:
    """(n, size) bool: ``M[i, index[r]]`` for every region id r in ``lists[i]`` (ids not in ``index`` are ignored).

    One pass over the flattened lists (no per-firm numpy call), so a million firms take well under a second.
    """
    n = len(lists)
    out = np.zeros((n, size), dtype=bool)
    lengths = np.fromiter(map(len, lists), dtype=np.int64, count=n)
    if not lengths.any():
        return out
    # the lookups by map in C (issue 19: no generator over the firms' regions)
    flat = np.fromiter(map(index.get, itertools.chain.from_iterable(lists), itertools.repeat(-1)), dtype=np.int64,
                       count=int(lengths.sum()))  # fmt: skip
    rows = np.repeat(np.arange(n), lengths)
    ok = flat >= 0
    out[rows[ok], flat[ok]] = True
    return out


# ---------------------------------------------------------------- coverage gate, information risk, ties

#: a core capability counts as covered from this level on (3 = "competitive" on the 0–5 scale)
CORE_LEVEL = 3
#: information risk at zero confidence: ``risk_total = 1 − (1 − risk)·(1 − λ·(1 − confidence))``
INFORMATION_RISK = 0.4
#: scores closer than this to the best score of their group cannot be told apart (docs/METHOD.md § Ties)
TIE_TOLERANCE = 0.005
#: scores are shown (and exported) rounded to this many decimals
SCORE_DECIMALS = 4


def core_coverage(capabilities: np.ndarray, core: np.ndarray, level: int = CORE_LEVEL) -> np.ndarray:
    """(n, S) bool: the firm has at least ``level`` in one of sector s's core capabilities (``core`` (S, K) bool).

    A sector's core capabilities are the ones it cannot be served without (``data/sector_needs.csv``, cited);
    any one of them at a competitive level makes the firm a credible entrant. Monotone: raising a capability never
    uncovers a sector.
    """
    strong = (np.asarray(capabilities) >= level).astype(np.uint8)
    return (strong @ np.asarray(core, dtype=np.uint8).T) > 0


def total_risk(risk: np.ndarray, confidence: np.ndarray, lam: float = INFORMATION_RISK) -> np.ndarray:
    """Profile risk with information risk: ``1 − (1 − risk)·(1 − λ·(1 − confidence))``, λ = 0.4.

    What the reports do not document is not safe: a pair known only from national statements (confidence ≤ 0.2)
    carries ≥ 0.32 information risk before any stated barrier; a well-documented case (confidence ≥ 0.9) ≤ 0.04.
    Noisy-OR with the stated risk, so it is bounded in [0, 1] and non-decreasing in both risk and 1 − confidence.
    The firm's aversion then scales it (:func:`effective_risk`), so a risk-averse firm feels the unknown more.
    """
    risk = np.asarray(risk, dtype=np.float64)
    info = lam * (1.0 - np.asarray(confidence, dtype=np.float64))
    return 1.0 - (1.0 - risk) * (1.0 - info)


def tie_groups(values: np.ndarray, tol: float = TIE_TOLERANCE, first: int | None = None) -> np.ndarray:
    """Group numbers (1 = best) for rows of scores sorted best first: a new group starts where a score falls more
    than ``tol`` below the first (best) score of the current group, compared at the precision scores are shown at
    (:data:`SCORE_DECIMALS`), so two scores that look equal are never split. −inf entries get group 0.

    ``first``: stop after the column where no row's group of its ``first``-th entry continues (issue 19; the
    columns after it are left 0 — :func:`order_ties` does not read them). A row whose ``first``-th entry is −inf has
    only −inf (group 0) after it, so its groups are complete."""
    n, w = values.shape
    groups = np.zeros((n, w), dtype=np.int64)
    if w == 0:
        return groups
    values = np.round(values, SCORE_DECIMALS)  # the precision scores are shown at: equal-looking scores group alike
    g = np.ones(n, dtype=np.int64)
    top = values[:, 0].copy()
    for j in range(w):
        v = values[:, j]
        new = v < top - tol
        g = g + new
        top = np.where(new, v, top)
        groups[:, j] = np.where(np.isfinite(v), g, 0)
        if first is not None and j >= first and not (groups[:, j] == groups[:, first - 1]).any(where=groups[:, j] > 0):
            break
    return groups


def top_window(score: np.ndarray, w: int) -> tuple[np.ndarray, np.ndarray]:
    """``(idx, values)`` (n, w): the w best per row by score, ties to the lower index (= id order).

    Exactly the first w of a stable sort of ``-score`` per row: the finite (> −inf) entries by score, ties by index,
    then the −inf entries in index order, by argmax rounds or a partition (:func:`top_k`). The ranking itself uses
    :func:`top_window_live`, which sorts only the live entries (issue 19); this plain form is the reference the
    tests hold it to (tests/test_perf_kernels.py)."""
    w = min(w, score.shape[1])
    if w <= ARGMAX_ROUNDS_MAX:
        return top_k_inplace(np.array(score, dtype=np.float64), w)
    idx = top_k(score, w)  # same entries and order as w argmax rounds (stable sort), by a partition
    return idx, np.take_along_axis(score, idx, axis=1).astype(np.float64)


def _top_window_sparse(live: np.ndarray, count: np.ndarray, values: np.ndarray,
                       w: int) -> tuple[np.ndarray, np.ndarray]:  # fmt: skip
    """:func:`top_window` from the finite entries only: ``live`` (n, P) bool, ``count`` (n,) its row sums,
    ``values`` = ``score[live]`` (row-major, so index order within a row). Two stable sorts (by −value, then by
    row) put each row's entries best first with ties in index order; a row with fewer than w finite entries is
    filled with its lowest-index −inf columns, which all lie in the first w columns."""
    n = live.shape[0]
    rows, cols = np.nonzero(live)
    order = np.argsort(-values, kind="stable")
    by_row = rows[order].astype(np.int16) if n <= np.iinfo(np.int16).max else rows[order]  # int16: a radix sort
    order = order[np.argsort(by_row, kind="stable")]
    rows, cols, values = rows[order], cols[order], values[order]
    starts = np.zeros(n, dtype=np.int64)
    np.cumsum(count[:-1], out=starts[1:])
    pos = np.arange(len(rows), dtype=np.int64) - starts[rows]
    sel = pos < w
    idx = np.empty((n, w), dtype=np.intp)
    vals = np.full((n, w), -np.inf, dtype=np.float64)
    idx[rows[sel], pos[sel]] = cols[sel]
    vals[rows[sel], pos[sel]] = values[sel]
    short = count < w
    if short.any():
        dead = ~live[:, :w]
        rank = np.cumsum(dead, axis=1)
        fill = dead & (rank <= (w - count)[:, None])
        r, c = np.nonzero(fill)
        idx[r, count[r] + rank[r, c] - 1] = c
    return idx, vals


def order_ties(idx: np.ndarray, vals: np.ndarray, keys: np.ndarray, tol: float = TIE_TOLERANCE,
               extra: tuple[np.ndarray, ...] = (), first: int | None = None) -> tuple[np.ndarray, ...]:  # fmt: skip
    """Rows of candidates in score order → ``(idx, values, groups, *extra)`` grouped by :func:`tie_groups` and each
    group ordered by **evidence**: ``keys`` (P, m) column by column, higher first — the number of the region's own
    facts about the sector, their total strength, their newest publication year
    (:class:`recommender.engine.Recommender`) — then the shown score, and only then the index (= region id order),
    the last resort. −inf entries go last (group 0).

    ``first``: only the first ``first`` columns of the result are wanted (they equal those of the full order; the
    columns after them may be fewer and are not the full order's). A row is then sorted only as far as the tie
    group of its ``first``-th entry reaches (groups are runs in score order and sort first), unless it has fewer
    finite entries than that (issue 19: most rows need a few columns of the window, not all).
    """
    p = keys.shape[0]
    groups = tie_groups(vals, tol, first if first is not None and first > 0 else None)
    # the group (−inf entries last) and the evidence folded into one integer key (issue 19: a sort on three keys,
    # not 3 + m): group · P + the profile's dense rank by evidence (equal evidence, equal rank; most evidence first)
    evidence_rank = evidence_ranks(keys)
    gkey = np.where(groups == 0, groups.shape[1] + 1, groups) * np.int64(p) + evidence_rank[idx]
    shown = np.round(vals, SCORE_DECIMALS)
    by_shown = -np.where(np.isfinite(shown), shown, -1e9)
    arrays = (idx, vals, groups, *extra)
    n, w = groups.shape
    if first is not None and 0 < first < w and n:
        g = groups[:, first - 1]
        full = g == 0  # fewer than ``first`` finite entries: the −inf tail is ordered too, so the whole row
        reach = ((groups > 0) & (groups <= g[:, None])).sum(axis=1)
        width = max(first, int(reach[~full].max())) if (~full).any() else w
        if width < w:
            order = np.lexsort((idx[:, :width], by_shown[:, :width], gkey[:, :width]), axis=1)
            out = [np.take_along_axis(a[:, :width], order, axis=1) for a in arrays]
            rows = np.flatnonzero(full)
            if len(rows):
                order = np.lexsort((idx[rows], by_shown[rows], gkey[rows]), axis=1)[:, :width]
                for o, a in zip(out, arrays):
                    o[rows] = np.take_along_axis(a[rows], order, axis=1)
            return tuple(out)
    order = np.lexsort((idx, by_shown, gkey), axis=1)
    return tuple(np.take_along_axis(a, order, axis=1) for a in arrays)


def evidence_ranks(keys: np.ndarray) -> np.ndarray:
    """(P,) int64 dense rank of each profile by its evidence ``keys`` (P, m), column by column, higher first: 0 for
    the most evidence; equal evidence, equal rank (:func:`order_ties`)."""
    p = keys.shape[0]
    keys = np.asarray(keys, dtype=np.float64).reshape(p, -1)
    by_evidence = np.lexsort(tuple(-keys[:, c] for c in range(keys.shape[1] - 1, -1, -1)))
    sorted_keys = keys[by_evidence]
    step = np.r_[False, (sorted_keys[1:] != sorted_keys[:-1]).any(axis=1)] if p else np.zeros(0, dtype=bool)
    evidence_rank = np.empty(p, dtype=np.int64)
    evidence_rank[by_evidence] = np.cumsum(step)
    return evidence_rank


def one_per_group(score: np.ndarray, groups: list[np.ndarray]) -> np.ndarray:
    """``score`` (n, P) with, in each group of columns, every entry but the row's best set to −inf (the best: the
    highest score, ties to the lower column). Columns outside the groups are unchanged; a copy is returned."""
    if not groups:
        return score
    out = np.array(score, dtype=np.float64, copy=True)
    rows = np.arange(out.shape[0])
    for cols in groups:
        sub = out[:, cols]
        best = sub.argmax(axis=1)  # the first maximum: the lower column among equal scores
        keep = sub[rows, best]
        sub[:] = -np.inf
        sub[rows, best] = keep
        out[:, cols] = sub
    return out


#: an opportunity is ranked only when the firm's fit there is at least this share of its best fit (issue 18, panel 5:
#: "ranks 2–5 are filled with sectors the firm cannot serve" — fit 0.28 under a rank 1 of 0.88)
RELATIVE_FIT = 0.6
#: … and at least this fit, unless it is the firm's best (the low-fit line of docs/METHOD.md § 4)
FIT_FLOOR = 0.35
#: at most this many regions of one sector are ranked while other sectors' answers can fill the list (issue 18,
#: panel 5: five rows of autonomous driving and no smart-manufacturing answer for an auto-parts maker with smart
#: manufacturing 4; panel 6: moving the third region behind the other sectors broke the score order the list states)
PER_SECTOR = 2


def trim_weak_fit(score: np.ndarray, fit: np.ndarray, share: float = RELATIVE_FIT,
                  floor: float = FIT_FLOOR) -> np.ndarray:  # fmt: skip
    """``score`` (n, P) with −inf where the firm fits the opportunity much worse than its best open one::

        best[f]  = max_{p: score[f, p] finite} fit[f, p]
        keep     = fit[f, p] ≥ min(best[f], max(floor, share · best[f]))

    A firm whose best fit is below ``floor`` keeps only its best-fitting sector(s). Fit depends on the sector only,
    so a sector is kept or dropped as a whole. A copy is returned; rows without a finite entry are unchanged."""
    finite = np.isfinite(score)
    best = np.where(finite, fit, -np.inf).max(axis=1, initial=-np.inf)
    need = np.minimum(best, np.maximum(np.float64(floor), share * best))
    return np.where(finite & (fit < need[:, None]), -np.inf, score)


def trimmed_live(score: np.ndarray, fit: np.ndarray | None, share: float = RELATIVE_FIT,
                 floor: float = FIT_FLOOR) -> np.ndarray:  # fmt: skip
    """(n, P) bool: the finite entries of :func:`trim_weak_fit` (``fit=None``: of ``score`` itself) — the same
    test, without building the trimmed (n, P) score (issue 19: the ranking reads the score only where it is live)."""
    finite = np.isfinite(score)
    if fit is None:
        return finite
    best = np.where(finite, fit, -np.inf).max(axis=1, initial=-np.inf)
    need = np.minimum(best, np.maximum(np.float64(floor), share * best))
    return finite & ~(fit < need[:, None])


def one_per_group_live(score: np.ndarray, live: np.ndarray, groups: list[np.ndarray]) -> np.ndarray:
    """(n, P) bool: ``live`` after :func:`one_per_group` of ``where(live, score, −inf)`` — in each group of columns
    only the row's best live entry stays live (the highest score, ties to the lower column). The groups are disjoint
    (per sector). A copy is returned."""
    out = np.array(live, dtype=bool, copy=True)
    if not groups or not out.shape[0]:
        return out
    rows = np.arange(out.shape[0])
    # every group's columns gathered once (issue 19: np.take, one pass, instead of three fancy-index passes per
    # group); each group's argmax then runs over its slice of the gathered block — the same values in the same
    # column order, so the same first-of-equals pick
    every = np.concatenate(groups)
    ends = np.cumsum([len(cols) for cols in groups])
    picked = np.take(live, every, axis=1)
    gathered = np.where(picked, np.take(score, every, axis=1), -np.inf)
    out[:, every] = False
    for cols, end in zip(groups, ends):
        at = gathered[:, end - len(cols):end].argmax(axis=1)
        out[rows, cols[at]] = picked[rows, end - len(cols) + at]
    return out


def top_window_live(score: np.ndarray, live: np.ndarray, w: int) -> tuple[np.ndarray, np.ndarray]:
    """:func:`top_window` of ``where(live, score, −inf)``: the live entries by score (ties by index), then the
    others in index order — only the live entries are sorted (:func:`_top_window_sparse`)."""
    w = min(w, score.shape[1])
    n = score.shape[0]
    if not n or not w:
        return np.empty((n, w), dtype=np.intp), np.empty((n, w), dtype=np.float64)
    return _top_window_sparse(live, live.sum(axis=1), np.asarray(score, dtype=np.float64)[live], w)


def cap_per_sector(idx: np.ndarray, vals: np.ndarray, groups: np.ndarray, sector_of: np.ndarray, k: int,
                   extra: tuple[np.ndarray, ...] = (), cap: int = PER_SECTOR) -> tuple[np.ndarray, ...]:  # fmt: skip
    """Rows of ranked candidates (best first, −inf last) → the first ``k`` of them with at most ``cap`` entries per
    sector, unless fewer than ``k`` would be left: then the best of the entries past the cap fill the free places.
    What is kept stays in the input order (a subsequence: the list stays in score order, ties ordered by evidence);
    the rest is dropped (value −inf, group 0, moved last). Tie groups are renumbered 1, 2, … over what is kept.
    Returns ``(idx, vals, groups, *extra)``."""
    n, w = idx.shape
    if not n or not w:
        return (idx, vals, groups, *extra)
    finite = np.isfinite(vals)
    sec = sector_of[idx]
    seen = np.zeros((n, int(sector_of.max()) + 1), dtype=np.int64)
    rows = np.arange(n)
    within = np.zeros((n, w), dtype=bool)
    for j in range(w):
        within[:, j] = finite[:, j] & (seen[rows, sec[:, j]] < cap)
        seen[rows, sec[:, j]] += finite[:, j]
    within &= np.cumsum(within, axis=1) <= k  # the first k within the cap
    free = k - within.sum(axis=1)  # places left for entries past the cap
    past = finite & ~within
    keep = within | (past & (np.cumsum(past, axis=1) <= free[:, None]))
    order = np.argsort(~keep, axis=1, kind="stable")
    arrays = [np.take_along_axis(a, order, axis=1) for a in (idx, vals, groups, *extra)]
    keep = np.take_along_axis(keep, order, axis=1)
    arrays[1] = np.where(keep, arrays[1], -np.inf)
    g = arrays[2]
    starts = np.ones((n, w), dtype=bool)
    starts[:, 1:] = g[:, 1:] != g[:, :-1]
    arrays[2] = np.where(keep, np.cumsum(starts & keep, axis=1), 0)
    return tuple(arrays)


# ---------------------------------------------------------------- screening on the live entries only (issue 19)
# A screening block keeps its scores as flat entries ``(rows, cols, values)`` in row-major order — only the pairs
# that pass the coverage gate and the route test (≈ 22 % of n × P) — instead of (n, P) arrays; the kernels below are
# the dense ranking's steps on those entries, test for test (tests/test_perf_kernels.py holds them to the dense ones).


def row_starts(rows: np.ndarray, n: int) -> tuple[np.ndarray, np.ndarray]:
    """``(count, start)`` (n,) of row-major entries ``rows``: each row's number of entries and its first position."""
    count = np.bincount(rows, minlength=n)
    start = np.zeros(n, dtype=np.int64)
    np.cumsum(count[:-1], out=start[1:])
    return count, start


def trimmed_entries(rows: np.ndarray, fit: np.ndarray, n: int, share: float = RELATIVE_FIT,
                    floor: float = FIT_FLOOR) -> np.ndarray:  # fmt: skip
    """(m,) bool: the entries :func:`trimmed_live` keeps, for row-major entries with fit ``fit`` (m,): the same
    ``best`` (the row's highest fit among its entries) and the same comparison."""
    count, start = row_starts(rows, n)
    best = np.full(n, -np.inf)
    some = count > 0
    if some.any():
        best[some] = np.maximum.reduceat(fit, start[some])
    need = np.minimum(best, np.maximum(np.float64(floor), share * best))
    return ~(fit < need[rows])


def trimmed_sectors(fit: np.ndarray, live: np.ndarray, share: float = RELATIVE_FIT,
                    floor: float = FIT_FLOOR) -> np.ndarray:  # fmt: skip
    """(n, S) bool: the sectors :func:`trimmed_live` keeps, from the per-sector fit (n, S) and ``live`` (n, S): the
    sector has a live entry in the row. The same ``best`` (the row's highest fit among its live sectors) and the
    same comparison; a sector without live entries may be True (its entries are not live anyway)."""
    best = np.where(live, fit, -np.inf).max(axis=1, initial=-np.inf)
    need = np.minimum(best, np.maximum(np.float64(floor), share * best))
    return ~(fit < need[:, None])


def entries(mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``(rows, cols)`` of the True cells of a 2-D ``mask`` in row-major order — :func:`numpy.nonzero`, from the
    flat positions (several times faster on a (1024, 322) block)."""
    flat = np.flatnonzero(mask)
    rows = flat // mask.shape[1]
    return rows, flat - rows * mask.shape[1]


def one_per_group_entries(rows: np.ndarray, group: np.ndarray, score: np.ndarray, bits: np.ndarray,
                          n_groups: int) -> tuple[np.ndarray, np.ndarray]:  # fmt: skip
    """``(keep, mask)`` (m,): :func:`one_per_group_live` and the OR of the group's region ``bits`` for row-major
    entries (column order within a row). ``group`` (m,) is the entry's group number (< ``n_groups``) or −1 outside
    the groups. In each (row, group) only the best entry stays (the highest score, ties to the lower column);
    ``mask`` is the OR of ``bits`` over the (row, group)'s entries on the entry kept, 0 elsewhere."""
    keep = np.ones(len(rows), dtype=bool)
    mask = np.zeros(len(rows), dtype=np.int64)
    inside = np.flatnonzero(group >= 0)
    if not len(inside):
        return keep, mask
    key = rows[inside] * np.int64(n_groups) + group[inside]
    by = np.argsort(key.astype(np.int16) if key.max() <= np.iinfo(np.int16).max else key, kind="stable")  # radix
    order, key = inside[by], key[by]  # grouped; within a group the entries stay in column order (stable)
    starts = np.flatnonzero(np.concatenate(([True], key[1:] != key[:-1])))
    s = score[order]
    best = np.maximum.reduceat(s, starts)
    size = np.diff(np.append(starts, len(order)))
    # the first entry equal to its group's best: the lowest column, as argmax picks
    pos = np.where(s == np.repeat(best, size), np.arange(len(order)), len(order))
    first = order[np.minimum.reduceat(pos, starts)]
    keep[inside] = False
    keep[first] = True
    mask[first] = np.bitwise_or.reduceat(bits[order], starts)
    return keep, mask


def _cumcount(rows: np.ndarray, flag: np.ndarray, n: int) -> np.ndarray:
    """(m,) for row-major entries: how many entries of the row up to and including this one have ``flag``."""
    c = np.cumsum(flag)
    before = np.zeros(n + 1, dtype=np.int64)
    count, start = row_starts(rows, n)
    some = count > 0
    before[:-1][some] = c[start[some]] - flag[start[some]]
    return c - before[rows]


def rank_entries(rows: np.ndarray, cols: np.ndarray, values: np.ndarray, eq: np.ndarray, n: int, k: int, w: int,
                 evidence_rank: np.ndarray, sector_of: np.ndarray, tol: float = TIE_TOLERANCE,
                 cap: int = PER_SECTOR) -> tuple[np.ndarray, ...]:  # fmt: skip
    """``(idx, vals, groups, eq)`` (n, k) from row-major finite entries ``(rows, cols, values, eq)`` (m,): the
    finite part of the dense ranking's result — the window of the w best per row by score (ties to the lower
    column, :func:`top_window_live`), near-ties grouped (:func:`tie_groups`) and each group ordered by evidence,
    shown score and column (:func:`order_ties`), then at most ``cap`` entries per sector unless fewer than k would
    be left (:func:`cap_per_sector`, whose result for a row with no crowded sector is its first k). Places past a
    row's entries have value −inf, group 0, column 0 and ``eq`` 0; the dense form puts its −inf columns there.

    The evidence order is one sort of one int64 key per entry: row, group, ``evidence_rank[col]``
    (:func:`evidence_ranks`), the shown score as an integer (``rint(value · 10⁴)``: :func:`numpy.round` at
    :data:`SCORE_DECIMALS` is that integer over 10⁴, so equal and ordered alike) reversed, and the column."""
    idx = np.zeros((n, k), dtype=np.intp)
    vals = np.full((n, k), -np.inf, dtype=np.float64)
    groups = np.zeros((n, k), dtype=np.int64)
    out_eq = np.zeros((n, k), dtype=eq.dtype)
    if not len(rows) or not k:
        return idx, vals, groups, out_eq
    # the window: each row's entries by score (ties to the lower column: the entries are in column order), first w
    order = np.argsort(-values, kind="stable")
    by_row = rows[order].astype(np.int16) if n <= np.iinfo(np.int16).max else rows[order]  # int16: a radix sort
    order = order[np.argsort(by_row, kind="stable")]
    count, start = row_starts(rows, n)
    r = rows[order]
    pos = np.arange(len(order), dtype=np.int64) - start[r]
    sel = pos < w
    r, pos, order = r[sel], pos[sel], order[sel]
    c, v, e = cols[order], values[order], eq[order]
    width = int(pos.max()) + 1
    window = np.full((n, width), -np.inf, dtype=np.float64)
    window[r, pos] = v
    g = tie_groups(window, tol)[r, pos]  # the window's −inf tail is group 0 and changes no finite group
    # the evidence order within each group: one key per entry, sorted
    shown = np.rint(v * 10.0**SCORE_DECIMALS).astype(np.int64)
    top = int(shown.max())
    span = top - int(shown.min()) + 1
    p = len(evidence_rank)
    if float(n) * (width + 1) * p * span * p < 2.0**62:
        key = (((r * np.int64(width + 1) + g) * p + evidence_rank[c]) * span + (top - shown)) * p + c
        o = np.argsort(key)  # unique keys (one column once per row): no stability needed
    else:
        o = np.lexsort((c, top - shown, evidence_rank[c], g, r))
    c, v, g, e = c[o], v[o], g[o], e[o]  # r is unchanged: rows stay in order
    # the sector cap: an entry's occurrence of its sector within the row, in the new order
    sec = sector_of[c].astype(np.int64)
    skey = r * np.int64(sector_of.max() + 1) + sec
    by = np.argsort(skey.astype(np.int16) if skey.max() <= np.iinfo(np.int16).max else skey, kind="stable")
    sk = skey[by]
    gstart = np.flatnonzero(np.concatenate(([True], sk[1:] != sk[:-1])))
    occ = np.empty(len(by), dtype=np.int64)
    occ[by] = np.arange(len(by)) - np.repeat(gstart, np.diff(np.append(gstart, len(by))))
    within = occ < cap
    within &= _cumcount(r, within, n) <= k  # the first k within the cap
    free = k - np.bincount(r, weights=within, minlength=n).astype(np.int64)
    past = ~within
    keep = within | (past & (_cumcount(r, past, n) <= free[r]))
    # rows that gave way an entry before their last kept one: that entry may have begun a tie group, so what is kept
    # there is ranked afresh below (as the dense form does; adv14)
    at = np.arange(len(keep), dtype=np.int64)
    last = np.full(n, -1, dtype=np.int64)
    rk, ak = r[keep], at[keep]  # rows in order: a row's last kept entry is where the next kept one is another row's
    ends = np.flatnonzero(np.r_[rk[1:] != rk[:-1], True]) if len(rk) else np.zeros(0, dtype=np.intp)
    last[rk[ends]] = ak[ends]
    again = np.unique(r[~keep & (at < last[r])])
    r, c, v, g, e = r[keep], c[keep], v[keep], g[keep], e[keep]
    # tie groups renumbered 1, 2, … over what is kept
    first = np.concatenate(([True], (r[1:] != r[:-1]) | (g[1:] != g[:-1])))
    g = _cumcount(r, first, n)
    pos = _cumcount(r, np.ones(len(r), dtype=bool), n) - 1
    idx[r, pos], vals[r, pos], groups[r, pos], out_eq[r, pos] = c, v, g, e
    if len(again):  # no cap left to apply (at most k entries a row): the window, the groups and the evidence order
        sel = np.isin(r, again)
        o = np.lexsort((c[sel], r[sel]))  # row-major, each row's entries in column order (ties to the lower column)
        sub = rank_entries(r[sel][o], c[sel][o], v[sel][o], e[sel][o], n, k, k, evidence_rank, sector_of, tol, cap=k)
        for out, new in zip((idx, vals, groups, out_eq), sub):
            out[again] = new[again]
    return idx, vals, groups, out_eq
