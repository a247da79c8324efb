"""Many firms at once: per-firm shortlists (screen) and per-opportunity firm rankings (shortlist).

Firms are scored in chunks (numpy over all opportunities, no Python loop over pairs); only the top k per firm are
kept, and strategies are chosen only for what is kept, so memory grows with the chunk size, not the number of firms.
The rows equal what :meth:`Recommender.recommend` gives for each firm alone (tested).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import numpy as np
import pandas as pd

from features.firms import FirmTable
from recommender.engine import Recommender
from recommender.weights import Weights

DEFAULT_CHUNK = 20_000
SCREEN_COLUMNS = ["firm_id", "firm_name", "rank", "region_id", "region_name", "sector_id", "sector_name",
                  "strategy_id", "strategy_name", "score", "fit", "policy", "demand", "risk", "confidence",
                  "vintage", "evidence", "implication_ids", "data_version"]  # fmt: skip
SHORTLIST_COLUMNS = ["rank", "firm_id", "firm_name", "region_id", "sector_id", "score", "fit", "policy", "demand",
                     "risk", "strategy_id", "strategy_name", "confidence", "vintage", "data_version"]  # fmt: skip


def _chunks(n: int, size: int) -> Iterator[slice]:
    for start in range(0, n, size):
        yield slice(start, min(n, start + size))


class _Lookups:
    """Per-opportunity strings computed once (names, evidence) and implication ids per (opportunity, strategy)."""

    def __init__(self, rec: Recommender, lang: str = "ko"):
        kb = rec.kb
        self.rec = rec
        self.region_name = np.array([getattr(kb.regions[p.region_id], f"name_{lang}") for p in rec.profiles], dtype=object)
        self.sector_name = np.array([getattr(kb.sectors[p.sector_id], f"name_{lang}") for p in rec.profiles], dtype=object)
        self.evidence = np.array([";".join(str(r) for r in p.evidence[:8]) for p in rec.profiles], dtype=object)
        self.vintage = np.array([p.vintage for p in rec.profiles])
        self.strategy_name = np.array([s[f"name_{lang}"] for s in rec.strategies.specs], dtype=object)
        self._impl: dict[tuple[int, int], str] = {}

    def implications(self, opp: np.ndarray, strat: np.ndarray) -> np.ndarray:
        out = np.empty(len(opp), dtype=object)
        for i, key in enumerate(zip(opp.tolist(), strat.tolist())):
            val = self._impl.get(key)
            if val is None:
                p = self.rec.profiles[key[0]]
                val = self._impl[key] = ";".join(
                    self.rec.implications_for(p.region_id, p.sector_id, self.rec.strategies.ids[key[1]])
                )
            out[i] = val
        return out


def screen_table(rec: Recommender, firms: FirmTable, weights: Weights, top: int = 5, method: str = "wsm",
                 chunk_size: int = DEFAULT_CHUNK, progress: Callable[[int, int], None] | None = None,
                 lang: str = "ko") -> pd.DataFrame:  # fmt: skip
    """One row per firm × rank (input order of firms, then rank)."""
    look = _Lookups(rec, lang)
    parts = []
    n = len(firms)
    for sl in _chunks(n, chunk_size):
        chunk = firms.take(np.arange(sl.start, sl.stop))
        block, idx = rec.top(chunk, weights, top, method)
        k = idx.shape[1]
        firm_idx = np.repeat(np.arange(len(chunk)), k)
        opp_idx = idx.ravel()
        scores = block.score[firm_idx, opp_idx]
        keep = np.isfinite(scores)
        firm_idx, opp_idx, scores = firm_idx[keep], opp_idx[keep], scores[keep]
        rank = np.tile(np.arange(1, k + 1), len(chunk))[keep]
        strat, _ = rec.choose_strategies(chunk, firm_idx, opp_idx)
        parts.append(pd.DataFrame({
            "firm_id": chunk.firm_id[firm_idx], "firm_name": chunk.name[firm_idx], "rank": rank,
            "region_id": rec.region_ids[opp_idx], "region_name": look.region_name[opp_idx],
            "sector_id": rec.sector_ids[opp_idx], "sector_name": look.sector_name[opp_idx],
            "strategy_id": np.array(rec.strategies.ids, dtype=object)[strat],
            "strategy_name": look.strategy_name[strat],
            "score": np.round(scores, 4), "fit": np.round(block.fit[firm_idx, opp_idx], 4),
            "policy": np.round(rec.policy[opp_idx], 4), "demand": np.round(rec.demand[opp_idx], 4),
            "risk": np.round(block.risk_eff[firm_idx, opp_idx], 4),
            "confidence": np.round(rec.confidence[opp_idx], 4), "vintage": look.vintage[opp_idx],
            "evidence": look.evidence[opp_idx], "implication_ids": look.implications(opp_idx, strat),
            "data_version": rec.kb.data_version,
        }))  # fmt: skip
        if progress:
            progress(sl.stop, n)
    if not parts:
        return pd.DataFrame(columns=SCREEN_COLUMNS)
    return pd.concat(parts, ignore_index=True)[SCREEN_COLUMNS]


def shortlist_table(rec: Recommender, region_id: str, sector_id: str, firms: FirmTable, weights: Weights,
                    top: int | None = 20, method: str = "wsm", chunk_size: int = DEFAULT_CHUNK,
                    lang: str = "ko") -> pd.DataFrame:  # fmt: skip
    """Firms ranked for one opportunity (best first; ties by firm_id). Firms excluding the region are left out."""
    j = rec.opportunity_index(region_id, sector_id)
    look = _Lookups(rec, lang)
    scores, fits, risks, strats = [], [], [], []
    for sl in _chunks(len(firms), chunk_size):
        chunk = firms.take(np.arange(sl.start, sl.stop))
        block = rec.score_block(chunk, weights, method)
        scores.append(block.score[:, j])
        fits.append(block.fit[:, j])
        risks.append(block.risk_eff[:, j])
        strat, _ = rec.choose_strategies(chunk, np.arange(len(chunk)), np.full(len(chunk), j))
        strats.append(strat)
    if not scores:
        return pd.DataFrame(columns=SHORTLIST_COLUMNS)
    score, fit, risk, strat = (np.concatenate(x) for x in (scores, fits, risks, strats))
    ids = firms.firm_id.astype(str)
    order = np.lexsort((ids, -score))
    order = order[np.isfinite(score[order])]
    if top:
        order = order[:top]
    return pd.DataFrame({
        "rank": np.arange(1, len(order) + 1), "firm_id": ids[order], "firm_name": firms.name[order],
        "region_id": region_id, "sector_id": sector_id, "score": np.round(score[order], 4),
        "fit": np.round(fit[order], 4), "policy": round(float(rec.policy[j]), 4),
        "demand": round(float(rec.demand[j]), 4), "risk": np.round(risk[order], 4),
        "strategy_id": np.array(rec.strategies.ids, dtype=object)[strat[order]],
        "strategy_name": look.strategy_name[strat[order]], "confidence": round(float(rec.confidence[j]), 4),
        "vintage": int(look.vintage[j]), "data_version": rec.kb.data_version,
    })[SHORTLIST_COLUMNS]  # fmt: skip


def cohort_heatmap(screen: pd.DataFrame) -> pd.DataFrame:
    """Region × sector count of firms for which the opportunity is in their shortlist."""
    if screen.empty:
        return pd.DataFrame()
    return screen.pivot_table(index="region_id", columns="sector_id", values="firm_id", aggfunc="nunique", fill_value=0)
