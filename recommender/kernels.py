"""Pure numeric kernels (numpy, no validation): capability fit, readiness, risk adjustment, WSM and TOPSIS.

Inputs are assumed valid (the callers in :mod:`recommender.engine` validate at the edge). All functions are
vectorised over firms and opportunities and are monotone where DESIGN.md promises it.
"""

from __future__ import annotations

import numpy as np

#: risk aversion by tolerance (0 low, 1 medium, 2 high): the share of the effective risk that is charged
AVERSION = np.array([1.0, 0.7, 0.4])
#: how much full readiness can take off a profile's risk
READINESS_RELIEF = 0.5
#: weight of a preferred region in the final score (only for firms that name preferred regions)
PREFERENCE_SHARE = 0.05


def fit_scores(capabilities: np.ndarray, requirements: np.ndarray) -> np.ndarray:
    """Requirement-weighted coverage: ``fit[f, s] = Σ_k min(c_fk, r_sk) / Σ_k r_sk``.

    ``capabilities`` (n, K) in 0–5, ``requirements`` (S, K) in 0–5 (0 = not needed). Each needed capability counts
    by how central it is (r) and is covered up to the level it is needed; a capability above the need adds
    nothing, so fit ∈ [0, 1] and never decreases when a capability rises.
    """
    c = capabilities.astype(np.float32, copy=False)
    r = requirements.astype(np.float32, copy=False)
    covered = np.minimum(c[:, None, :], r[None, :, :]).sum(axis=2)
    return covered / r.sum(axis=1)[None, :]


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
    relief = 1.0 - READINESS_RELIEF * np.asarray(ready, dtype=np.float64)
    aversion = AVERSION[np.asarray(tolerance, dtype=np.int64)]
    return (relief * aversion)[:, None] * np.asarray(profile_risk, dtype=np.float64)[None, :]


def wsm(fit: np.ndarray, policy: np.ndarray, demand: np.ndarray, risk_eff: np.ndarray, w: np.ndarray) -> np.ndarray:
    """Weighted sum: ``w_fit·fit + w_policy·policy + w_demand·demand + w_risk·(1 − risk_eff)`` (w sums to 1)."""
    return w[0] * fit + w[1] * policy[None, :] + w[2] * demand[None, :] + w[3] * (1.0 - risk_eff)


def with_preference(score: np.ndarray, preferred: np.ndarray, has_preference: np.ndarray) -> np.ndarray:
    """``(1 − β)·score + β·preferred`` for firms that name preferred regions (β = 0.05); bounded in [0, 1]."""
    beta = PREFERENCE_SHARE * has_preference.astype(np.float64)[:, None]
    return (1.0 - beta) * score + beta * preferred


def topsis(matrix: np.ndarray, w: np.ndarray, cost: np.ndarray) -> np.ndarray:
    """TOPSIS closeness for a batch of decision matrices ``matrix[f, p, c]`` (Hwang & Yoon 1981).

    Min–max normalisation per criterion within each firm's matrix (a constant column becomes 1, as in pymcdm),
    cost criteria reversed; weighted; distances to the ideal and anti-ideal alternative; ``P = D⁻ / (D⁻ + D⁺)``.
    """
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


def top_k(scores: np.ndarray, k: int) -> np.ndarray:
    """Indexes of the k best per row, best first; ties go to the lower index (opportunities are in id order).

    ``np.partition`` finds each row's k-th score in O(P); only the candidates at or above it are sorted, with a
    stable sort so equal scores keep index (= id) order. Exactly equal to the first k of a full stable sort.
    """
    n, p = scores.shape
    k = min(k, p)
    if k < p:
        kth = np.partition(scores, p - k, axis=1)[:, p - k][:, None]
        mask = scores >= kth  # keeps boundary ties, so tie-breaking by id stays exact
        width = int(mask.sum(axis=1).max())
        cand = np.argsort(~mask, axis=1, kind="stable")[:, :width]
    else:
        cand = np.broadcast_to(np.arange(p), (n, p))
    cs = np.take_along_axis(scores, cand, axis=1)
    order = np.argsort(-cs, axis=1, kind="stable")
    return np.take_along_axis(cand, order, axis=1)[:, :k]
