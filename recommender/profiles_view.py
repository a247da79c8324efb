"""Profiles as the contract's JSON/CSV (``python -m recommender profiles``): scores, evidence, vintage, breakdown."""

from __future__ import annotations

import pandas as pd

from features.build import KnowledgeBase
from features.vintage import period_label


def profile_dict(kb: KnowledgeBase, p) -> dict:
    region, sector = kb.regions[p.region_id], kb.sectors[p.sector_id]
    return {
        "region_id": p.region_id,
        "sector_id": p.sector_id,
        "region_name": {"ko": region.name_ko, "zh": region.name_zh, "en": region.name_en},
        "sector_name": {"ko": sector.name_ko, "en": sector.name_en},
        "policy": p.policy,
        "demand": p.demand,
        "risk": p.risk,
        "risk_national": p.risk_national,
        "confidence": p.confidence,
        "vintage": p.vintage,
        "region_specific": p.region_specific,
        "evidence": [r.as_dict() for r in p.evidence],
        "fact_ids": p.fact_ids,
        "tags": {"regional": p.tags_regional, "region_wide": p.tags_region_wide, "national": p.tags_national},
        "indicators": [
            {"dimension": i.dimension, "indicator": i.indicator, "raw": i.raw, "normalised": i.normalised,
             "weight": i.weight, "fact_ids": i.fact_ids, "passage_ids": i.passage_ids, **_aged(i)}
            for i in p.indicators
            if i.raw > 0 or i.superseded
        ],  # fmt: skip
        "evidence_period": period_label(p.evidence_from, p.evidence_to),
        "evidence_from": p.evidence_from,
        "evidence_to": p.evidence_to,
    }


def _aged(ind) -> dict:
    """The age rule's effect on an indicator, only where it had one (features.vintage)."""
    out = {}
    if getattr(ind, "age_weights", None):
        out["age_weights"] = ind.age_weights
    if getattr(ind, "superseded", None):
        out["superseded"] = ind.superseded
    return out


def profiles_json(kb: KnowledgeBase) -> dict:
    return {
        "data_version": kb.data_version,
        "vintage": kb.vintage,
        "note": f"Scores rest on reports published in {kb.period_label}; see docs/METHOD.md for the formulas.",
        "profiles": [profile_dict(kb, p) for p in sorted(kb.profiles, key=lambda p: (p.region_id, p.sector_id))],
    }


def profiles_frame(kb: KnowledgeBase) -> pd.DataFrame:
    """One row per profile; the per-indicator breakdown as ``dimension.indicator`` columns (normalised)."""
    rows = []
    for p in sorted(kb.profiles, key=lambda p: (p.region_id, p.sector_id)):
        row = {"region_id": p.region_id, "sector_id": p.sector_id, "policy": p.policy, "demand": p.demand,
               "risk": p.risk, "risk_national": p.risk_national, "confidence": p.confidence, "vintage": p.vintage,
               "region_specific": p.region_specific, "evidence": ";".join(str(r) for r in p.evidence),
               "fact_ids": ";".join(p.fact_ids)}  # fmt: skip
        for i in p.indicators:
            row[f"{i.dimension}.{i.indicator}"] = i.normalised
        row["evidence_period"] = period_label(p.evidence_from, p.evidence_to)
        rows.append(row)
    return pd.DataFrame(rows)
