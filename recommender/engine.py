"""The recommender: scores every (firm, region × sector opportunity), picks entry strategies, explains the result.

Score (fit-gated weighted sum, the default aggregator)::

    score = w_fit·fit + fit·(w_policy·policy + w_demand·demand + w_risk·(1 − risk_eff))

with ``fit`` the requirement-weighted capability coverage, ``policy``/``demand`` from the profile and ``risk_eff``
the profile's risk after the firm's readiness and risk tolerance (:mod:`recommender.kernels`). Firms that name
preferred regions get ``(1 − 0.05)·score + 0.05·[region preferred]``; excluded regions are never recommended.
TOPSIS over the same four criteria (risk as a cost) is the alternative aggregator. Ties are broken by region id then
sector id, so the output is deterministic.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from features.build import KnowledgeBase
from features.facts import CAPABILITY_KEYS
from features.firms import FirmTable
from recommender import kernels
from recommender.strategies import SPECIFICITY_BONUS, CompiledStrategies, explain_conditions, failed_prerequisites
from recommender.weights import Weights

METHODS = ("wsm", "topsis")
ROBUSTNESS_SAMPLES = 200
ROBUSTNESS_CONCENTRATION = 40.0
ROBUSTNESS_SEED = 20181230
COST = np.array([False, False, False, True])


class RecommendError(ValueError):
    """A request the engine cannot serve (unknown opportunity, method, …); the message says what to change."""


#: rows scored at a time inside :meth:`Recommender.top_pairs`: (rows, P) float64 arrays of ≈ 1.7 MB stay in cache
SCORE_BLOCK_ROWS = 1024


@dataclass
class ScoreBlock:
    """Scores of n firms over all P opportunities (arrays (n, P))."""

    fit: np.ndarray
    risk_eff: np.ndarray
    score: np.ndarray
    readiness: np.ndarray  # (n,)


@dataclass
class TopPairs:
    """The kept (firm, opportunity) pairs of a chunk, flat, in (firm, rank) order; only finite scores are kept."""

    firm: np.ndarray  # (m,) int64 position of the firm in the chunk
    rank: np.ndarray  # (m,) int64, 1 = best
    opp: np.ndarray  # (m,) int64 opportunity index (into Recommender.profiles)
    strategy: np.ndarray  # (m,) int64 chosen strategy index (into strategies.ids)
    score: np.ndarray  # (m,) float64
    fit: np.ndarray  # (m,) float64
    risk: np.ndarray  # (m,) float64 effective risk

    def __len__(self) -> int:
        return len(self.firm)


class Recommender:
    """Holds the knowledge base compiled into arrays; stateless between calls (safe to share and to pickle)."""

    def __init__(self, kb: KnowledgeBase):
        self.kb = kb
        self.profiles = sorted(kb.profiles, key=lambda p: (p.region_id, p.sector_id))
        self.region_ids = np.array([p.region_id for p in self.profiles])
        self.sector_ids = np.array([p.sector_id for p in self.profiles])
        self.policy = np.array([p.policy for p in self.profiles])
        self.demand = np.array([p.demand for p in self.profiles])
        self.risk = np.array([p.risk for p in self.profiles])
        self.confidence = np.array([p.confidence for p in self.profiles])
        self.sector_list = sorted(kb.sectors)
        self.opp_sector = np.array([self.sector_list.index(s) for s in self.sector_ids])
        self.requirements = np.zeros((len(self.sector_list), len(CAPABILITY_KEYS)), dtype=np.float32)
        for need in kb.needs:
            self.requirements[self.sector_list.index(need.sector_id), CAPABILITY_KEYS.index(need.capability)] = (
                need.weight
            )
        self.strategies = CompiledStrategies.compile(kb.strategies, self.profiles, self.sector_list)
        self._opp_index = {(p.region_id, p.sector_id): i for i, p in enumerate(self.profiles)}
        self.region_list = sorted(set(self.region_ids.tolist()))
        self._region_pos = {r: i for i, r in enumerate(self.region_list)}
        self.opp_region = np.array([self._region_pos[r] for r in self.region_ids.tolist()], dtype=np.int64)

    # ------------------------------------------------------------------ scoring (vectorised)
    def opportunity_index(self, region_id: str, sector_id: str) -> int:
        try:
            return self._opp_index[(region_id, sector_id)]
        except KeyError:
            raise RecommendError(
                f"no opportunity {region_id}/{sector_id}: use a region id such as CN-ZJ and a sector id such as "
                f"smart_city (see `python -m recommender profiles`)"
            ) from None

    def region_mask(self, lists: list[tuple[str, ...]]) -> np.ndarray:
        """(n, P) bool: the opportunity's region is in the firm's list."""
        return kernels.region_matrix(lists, self._region_pos, len(self.region_list))[:, self.opp_region]

    def score_block(self, firms: FirmTable, weights: Weights, method: str = "wsm") -> ScoreBlock:
        """Fit, effective risk and score for every firm × opportunity; excluded regions score −inf."""
        if method not in METHODS:
            raise RecommendError(f"unknown method {method!r}: use wsm or topsis")
        # np.take keeps C order (fancy indexing [:, idx] returns a column-major array, which makes every later
        # element-wise operation several times slower); same values
        fit = np.take(kernels.fit_scores(firms.capabilities, self.requirements), self.opp_sector, axis=1).astype(np.float64)
        ready = kernels.readiness(firms.china_experience_years, firms.has_china_entity,
                                  firms.chinese_speaking_staff, firms.investment_capacity_krw_100m)  # fmt: skip
        risk_eff = kernels.effective_risk(self.risk, ready, firms.risk_tolerance)
        w = weights.vector()
        if method == "wsm":
            score = kernels.wsm(fit, self.policy, self.demand, risk_eff, w)
        else:  # same numbers as kernels.topsis on the stacked (n, P, 4) matrix, without building it
            score = kernels.topsis_columns([fit, self.policy[None, :], self.demand[None, :], risk_eff], w, COST)
        self._apply_regions(score, firms)
        return ScoreBlock(fit, risk_eff, score, ready)

    def _apply_regions(self, score: np.ndarray, firms: FirmTable) -> None:
        """Preferred-region blend and excluded-region −inf, in place, on the rows that name regions only.

        Row for row the same operations as applying :func:`kernels.with_preference` to the whole block (a firm
        naming no region gets ``(1 − 0)·s + 0·m == s`` there), so the numbers are identical, without (n, P) work for
        the firms that name no region.
        """
        rows = [i for i, x in enumerate(firms.preferred_regions) if x]
        if rows:
            mask = self.region_mask([firms.preferred_regions[i] for i in rows])
            score[rows] = kernels.with_preference(score[rows], mask, np.ones(len(rows), dtype=bool))
        rows = [i for i, x in enumerate(firms.excluded_regions) if x]
        if rows:
            mask = self.region_mask([firms.excluded_regions[i] for i in rows])
            score[rows] = np.where(mask, -np.inf, score[rows])

    def top_pairs(self, firms: FirmTable, weights: Weights, k: int, method: str = "wsm",
                  block_rows: int = SCORE_BLOCK_ROWS) -> TopPairs:  # fmt: skip
        """The k best opportunities of every firm with the chosen strategy, as flat arrays in (firm, rank) order.

        Exactly :meth:`top` followed by :meth:`choose_strategies` (and so the same rows as :meth:`recommend`): each
        block of ``block_rows`` firms is scored by :meth:`score_block` itself, so the (n, P) arrays never outgrow
        one block (≈ 1.7 MB each, cache-sized) and the numbers cannot drift from the one-firm path. The k best are
        taken by argmax rounds (:func:`kernels.top_k_inplace`); fit and effective risk are kept only for the kept
        pairs; strategies are chosen only for them. Pairs with a −inf score (excluded region) are dropped, as in
        :meth:`recommend`.
        """
        if method not in METHODS:
            raise RecommendError(f"unknown method {method!r}: use wsm or topsis")
        n, p = len(firms), len(self.profiles)
        k = max(0, min(int(k), p))
        step = max(1, int(block_rows))
        idx = np.empty((n, k), dtype=np.int64)
        vals, fit, risk = (np.empty((n, k), dtype=np.float64) for _ in range(3))
        for start in range(0, n, step):
            stop = min(n, start + step)
            block = self.score_block(firms if n <= step else firms.slice(start, stop), weights, method)
            b_idx, vals[start:stop] = kernels.top_k_inplace(block.score, k)  # block.score is consumed here
            idx[start:stop] = b_idx
            fit[start:stop] = np.take_along_axis(block.fit, b_idx, axis=1)
            risk[start:stop] = np.take_along_axis(block.risk_eff, b_idx, axis=1)
        keep = np.isfinite(vals).ravel()
        firm_idx = np.repeat(np.arange(n, dtype=np.int64), k)[keep]
        opp_idx = idx.ravel()[keep]
        strat, _ = self.choose_strategies(firms, firm_idx, opp_idx)
        rank = np.tile(np.arange(1, k + 1, dtype=np.int64), n)[keep]
        return TopPairs(firm_idx, rank, opp_idx, strat.astype(np.int64), vals.ravel()[keep], fit.ravel()[keep],
                        risk.ravel()[keep])  # fmt: skip

    def top(self, firms: FirmTable, weights: Weights, k: int, method: str = "wsm"):
        """(block, idx (n, k)) — the k best opportunities per firm, best first, ties by id."""
        block = self.score_block(firms, weights, method)
        return block, kernels.top_k(block.score, k)

    def choose_strategies(self, firms: FirmTable, firm_idx: np.ndarray, opp_idx: np.ndarray):
        """Chosen strategy index and rule-score matrix for (firm, opportunity) pairs."""
        eligible = self.strategies.eligibility(firms)
        pts = self.strategies.firm_points(firms)
        rules = self.strategies.rule_scores(eligible, pts, firm_idx, opp_idx)
        return self.strategies.choose(rules), rules

    # ------------------------------------------------------------------ robustness
    def robustness(self, firms: FirmTable, weights: Weights, top_n: int, method: str = "wsm",
                   samples: int = ROBUSTNESS_SAMPLES, seed: int = ROBUSTNESS_SEED) -> np.ndarray:  # fmt: skip
        """(n, P) share of weight draws under which each opportunity is in the firm's top N.

        Draws ``w' ~ Dirichlet(c·w + 0.5)`` with c = 40 around the chosen weights (fixed seed): roughly ±0.07 on a
        weight of 0.25. Deterministic for the same inputs.
        """
        rng = np.random.default_rng(seed)
        draws = rng.dirichlet(ROBUSTNESS_CONCENTRATION * weights.vector() + 0.5, size=samples)
        base = self.score_block(firms, weights, method)
        counts = np.zeros_like(base.score)
        n, p = base.score.shape
        k = min(top_n, p)
        for w in draws:
            if method == "wsm":
                s = kernels.wsm(base.fit, self.policy, self.demand, base.risk_eff, w)
            else:
                matrix = np.stack([base.fit, np.broadcast_to(self.policy, (n, p)),
                                   np.broadcast_to(self.demand, (n, p)), base.risk_eff], axis=2)  # fmt: skip
                s = kernels.topsis(matrix, w, COST)
            has_pref = np.array([bool(x) for x in firms.preferred_regions])
            if has_pref.any():
                s = kernels.with_preference(s, self.region_mask(firms.preferred_regions), has_pref)
            s = np.where(np.isneginf(base.score), -np.inf, s)
            idx = kernels.top_k(s, k)
            np.put_along_axis(counts, idx, np.take_along_axis(counts, idx, axis=1) + 1, axis=1)
        return counts / samples

    # ------------------------------------------------------------------ one firm, fully explained
    def recommend(self, firms: FirmTable, i: int, weights: Weights, top: int = 5, method: str = "wsm",
                  with_robustness: bool = True) -> dict:  # fmt: skip
        """The contract JSON for firm ``i`` of ``firms`` with a full explanation per recommendation."""
        one = firms.take([i])
        block, idx = self.top(one, weights, top, method)
        idx = [int(j) for j in idx[0] if np.isfinite(block.score[0, j])]
        robust = self.robustness(one, weights, top, method)[0] if with_robustness and idx else None
        firm = one.firm(0)
        strat_idx, rules = self.choose_strategies(one, np.zeros(len(idx), dtype=np.int64), np.array(idx, dtype=np.int64))
        recs = []
        for rank, (j, t) in enumerate(zip(idx, strat_idx), start=1):
            recs.append(self._explain(one, firm, j, int(t), rules[rank - 1], block, weights, rank, method, robust))
        return {
            "data_version": self.kb.data_version,
            "vintage": self.kb.vintage,
            "method": method,
            "weights": weights.as_dict(),
            "preset": weights.preset,
            "firm_id": firm["firm_id"],
            "firm_name": firm["name"],
            "readiness": round(float(block.readiness[0]), 4),
            "recommendations": recs,
        }

    def _explain(self, one, firm, j, t, rule_row, block, weights, rank, method, robust) -> dict:
        kb = self.kb
        prof = self.profiles[j]
        region, sector = kb.regions[prof.region_id], kb.sectors[prof.sector_id]
        fit, risk_eff = float(block.fit[0, j]), float(block.risk_eff[0, j])
        contributions = kernels.contributions(fit, prof.policy, prof.demand, risk_eff, weights.vector())
        if firm["preferred_regions"]:  # the score is (1 − β)·Σ terms + β·[preferred]: show both parts
            beta = kernels.PREFERENCE_SHARE
            contributions = {k: (1 - beta) * v for k, v in contributions.items()}
            contributions["preference"] = beta * float(prof.region_id in firm["preferred_regions"])
        caps = []
        for need in sorted((n for n in kb.needs if n.sector_id == prof.sector_id), key=lambda n: (-n.weight, n.capability)):
            have = int(firm["capabilities"][need.capability])
            caps.append({"capability": need.capability, "need": need.weight, "have": have,
                         "covered": round(min(have, need.weight) / need.weight, 4),
                         "status": "matched" if have >= need.weight else ("partial" if have > 0 else "gap"),
                         "evidence": [r.as_dict() for r in need.evidence]})  # fmt: skip
        spec = self.strategies.specs[t]
        specific = np.array([bool(s["sectors"]) for s in self.strategies.specs])
        adjusted = rule_row + SPECIFICITY_BONUS * specific
        order = [int(x) for x in np.lexsort((np.arange(len(rule_row)), -adjusted))]
        runner_ups = [{"strategy_id": self.strategies.ids[u], "rule_score": round(float(rule_row[u]), 4)}
                      for u in order if u != t and rule_row[u] >= 0][:2]  # fmt: skip
        not_eligible = []
        for u, s in enumerate(self.strategies.specs):
            if self.strategies.applies[j, u]:
                fails = failed_prerequisites(firm, s["prerequisites"])
                if fails:
                    not_eligible.append({"strategy_id": self.strategies.ids[u], "missing": fails})
        risks = []
        for ind in prof.indicators:
            if ind.dimension == "risk" and ind.normalised > 0:
                notes = [kb.fact(f) for f in ind.fact_ids]
                risks.append({"indicator": ind.indicator, "level": ind.normalised,
                              "facts": [{"fact_id": f.fact_id, "note_ko": f.note_ko, "note_en": f.note_en,
                                         "evidence": [r.as_dict() for r in f.evidence]} for f in notes[:3]]})  # fmt: skip
        risks.sort(key=lambda r: -r["level"])
        regional_facts = sorted((kb.fact(f) for f in prof.regional_fact_ids), key=lambda f: (-f.strength, f.fact_id))
        reasons = [{"fact_id": f.fact_id, "dimension": f.dimension, "note_ko": f.note_ko, "note_en": f.note_en,
                    "evidence": [r.as_dict() for r in f.evidence]}
                   for f in regional_facts if f.dimension in ("policy", "demand")][:5]  # fmt: skip
        evidence = [r.as_dict() for r in prof.evidence[:8]]
        for ref in spec["evidence"][:2]:
            if ref not in evidence:
                evidence.append(ref)
        return {
            "rank": rank,
            "region_id": prof.region_id,
            "sector_id": prof.sector_id,
            "strategy_id": self.strategies.ids[t],
            "score": round(float(block.score[0, j]), 4),
            "components": {"fit": round(fit, 4), "policy": round(prof.policy, 4), "demand": round(prof.demand, 4),
                           "risk": round(risk_eff, 4)},  # fmt: skip
            "confidence": round(prof.confidence, 4),
            "evidence": evidence,
            "implication_ids": self.implications_for(prof.region_id, prof.sector_id, self.strategies.ids[t]),
            "region_name": {"ko": region.name_ko, "en": region.name_en, "zh": region.name_zh},
            "sector_name": {"ko": sector.name_ko, "en": sector.name_en},
            "strategy_name": {"ko": spec["name_ko"], "en": spec["name_en"]},
            "vintage": prof.vintage,
            "robustness": None if robust is None else round(float(robust[j]), 4),
            "contributions": {k: round(float(v), 4) for k, v in contributions.items()} if method == "wsm" else None,
            "risk_profile": round(prof.risk, 4),
            "capabilities": caps,
            "strategy": {
                "rule_score": round(float(rule_row[t]), 4),
                "description": {"ko": spec["description_ko"], "en": spec["description_en"]},
                "conditions": explain_conditions(spec, one, prof),
                "runner_ups": runner_ups,
                "not_eligible": not_eligible,
                "risks": {"ko": spec["risks_ko"], "en": spec["risks_en"]},
                "evidence": spec["evidence"],
            },
            "risks": risks,
            "reasons": reasons,
        }

    def implications_for(self, region_id: str, sector_id: str, strategy_id: str, limit: int = 6) -> list[str]:
        """Implications that apply: sector (or all), region (if any named) — those backing the strategy first."""
        scored = []
        for pos, (iid, imp) in enumerate(self.kb.implications.items()):
            if not ("all" in imp["sectors"] or sector_id in imp["sectors"]):
                continue
            if imp["regions"] and region_id not in imp["regions"]:
                continue
            if imp["strategies"] and strategy_id not in imp["strategies"] and "all" in imp["sectors"]:
                continue
            rank = (0 if strategy_id in imp["strategies"] else 1, 0 if sector_id in imp["sectors"] else 1,
                    0 if imp["audience"] == "firms" else 1, pos)  # fmt: skip
            scored.append((rank, iid))
        return [iid for _, iid in sorted(scored)[:limit]]
