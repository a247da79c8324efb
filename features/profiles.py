"""Region × sector profiles: policy strength, demand, risk, confidence and vintage, built from cited facts.

Method (also in ``docs/METHOD.md``):

1. **Scope weights.** A fact about region *r* and sector *s* counts fully (1.0) for profile (r, s); a fact about *r*
   for every sector (``all``) counts 0.5 for each sector of *r*; a national fact (``CN``) about *s* is a baseline for
   every region at 0.5; a national fact about every sector counts 0.25. National facts lift all regions alike, so
   only regional facts separate regions.
2. **Indicator raw value.** ``x_j = Σ_regional scope(f)·strength(f)/3 + min(0.5, Σ_national scope(f)·strength(f)/3)``
   over the applicable facts of indicator *j* (strength 1–3 is coded by the rules in ``docs/DATA.md``). The national
   part is capped so that a well-documented national programme cannot outweigh what is known about the region.
3. **Indicator normalisation** (saturating, absolute, so adding a region never rescales the others):
   ``n_j = 1 − exp(−x_j / κ)``, κ = 1: one strong regional fact gives 0.63, two give 0.86.
4. **Aggregation.** policy and demand are weighted means ``Σ w_j n_j / Σ w_j`` (weights below: breadth of support
   matters, a single indicator cannot max the score). Risk is a weighted noisy-OR ``1 − Π_j (1 − α_j n_j)``: any one
   severe barrier makes an opportunity risky however many others are absent. For a risk indicator the regional and
   national parts are not added but maxed, ``x_j = max(x_reg, min(x_nat, cap))``: a region's chapter restating a
   national barrier does not make the region riskier than its peers (documentation is not risk); only a regional
   barrier stronger than the national one does. ``risk_national`` is the part every region of the sector shares.
5. **Text signal.** ``text_salience`` (a demand indicator, weight 0.5): body passages in which the tagger
   (:mod:`features.ingest.tagger`) finds the region (gazetteer + Kiwi: no ``지난`` as Jinan, no institution names,
   respectively-lists paired in order) and judges the passage to be about the sector (learned, ``P ≥ 0.5``),
   ``x = passages / 4``; captions and footnotes do not count, and neither do reports no curated fact cites or that
   came in through ``ingest`` (step 9). Its evidence is the top passages.
6. **Confidence** ``= 0.2 · (1 − exp(−N/3)) + 0.8 · (1 − exp(−E/1.5))``: ``N`` the strength-weighted national facts
   about the sector, ``E`` the strength- and specificity-weighted regional evidence (:func:`evidence_mass`). A pair
   the reports cover only nationally stays at or below 0.2; a single list mention or footnote cannot give a mid
   confidence.
7. **Vintage** = the newest year any applied fact describes, capped at its document's publication year (a 2020
   target stated in 2018 is 2018 information). The **evidence period** (``evidence_from``–``evidence_to``) is the
   first and last publication year of the documents behind the applied facts and the counted passages.
8. **Evidence age** (``features.vintage``): on one indicator, inside the regional or the national part, a fact a
   newer one declares it replaces (``supersedes``) counts 0 and older facts count ``2^(−Δ/3)`` against the newest
   (Δ in years). Evidence of a single year is never discounted, so the bundled 2018 data scores as before.
9. **Reviewed reports.** The passages of a report that came in through ``ingest`` (its catalog row names an
   ``extractor``) are searchable but do not count as text salience, and the tagger is trained on the hand-curated
   reports only: such a report moves profiles only through the facts a reviewer accepted from it, and only the
   profiles those facts apply to (DESIGN.md contract 10: candidates never change a profile until accepted).
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field

from features.corpus import Document, Passage
from features.evidence import EvidenceRef
from features.facts import ALL_SECTORS, INDICATORS, NATIONAL, Fact, Region, Sector
from features.vintage import Dated, age_weights

KAPPA = 1.0
NATIONAL_CAP = 0.5  # national facts lift an indicator to at most 1 − e^−0.5 ≈ 0.39 on their own
SCOPE_WEIGHT = {"region_sector": 1.0, "region_all": 0.25, "national_sector": 0.5, "national_all": 0.25}
INDICATOR_WEIGHTS = {
    "policy": {"policy_plan": 1.0, "policy_target": 0.8, "pilot_designation": 1.0, "public_funding": 0.7,
               "policy_ranking": 0.5, "governance_body": 0.5},
    "demand": {"market_size": 1.0, "market_growth": 0.6, "industry_concentration": 0.8, "anchor_firms": 0.9,
               "investment_capital": 0.7, "procurement_projects": 0.9, "adoption_results": 0.6,
               "talent_research": 0.5, "cooperation_demand": 1.0, "text_salience": 0.5},
    "risk": {"foreign_access_restriction": 0.6, "regulatory_uncertainty": 0.5, "licensing_certification": 0.45,
             "data_localisation_privacy": 0.4, "unproven_business_model": 0.4, "ip_technology_protection": 0.35,
             "local_competition": 0.3, "talent_shortage": 0.25},
}  # fmt: skip
TEXT_PASSAGES_PER_UNIT = 4.0
STRENGTH_EVIDENCE = {1: 0.2, 2: 0.6, 3: 1.0}  # how much one fact of each strength says (confidence)
REGION_WIDE_EVIDENCE = 0.25  # a region's fact about every sector, relative to one about this sector
PASSAGE_EVIDENCE = 0.05  # one passage naming region + sector keyword
MAX_PASSAGE_EVIDENCE = 4
NATIONAL_CONFIDENCE = 0.2  # the most that national evidence alone can give
MAX_EVIDENCE = 24

assert set(INDICATOR_WEIGHTS["policy"]) == set(INDICATORS["policy"])
assert set(INDICATOR_WEIGHTS["demand"]) == set(INDICATORS["demand"]) | {"text_salience"}
assert set(INDICATOR_WEIGHTS["risk"]) == set(INDICATORS["risk"])


@dataclass
class IndicatorScore:
    dimension: str
    indicator: str
    raw: float
    normalised: float
    weight: float
    fact_ids: list[str] = field(default_factory=list)
    passage_ids: list[str] = field(default_factory=list)
    #: facts counted at less than full weight by their age (fact id → weight, 0 = superseded); empty when all count 1
    age_weights: dict[str, float] = field(default_factory=dict)
    superseded: dict[str, str] = field(default_factory=dict)  # superseded fact id → the newer fact's id


@dataclass
class Profile:
    region_id: str
    sector_id: str
    policy: float
    demand: float
    risk: float
    confidence: float
    vintage: int
    evidence: list[EvidenceRef]
    indicators: list[IndicatorScore]
    fact_ids: list[str]
    regional_fact_ids: list[str]
    tags_regional: list[str]  # from the region's facts about this sector
    tags_national: list[str]  # from national facts about this sector
    tags_region_wide: list[str] = field(default_factory=list)  # from the region's facts about every sector
    sector_fact_ids: list[str] = field(default_factory=list)  # regional facts about this very sector
    risk_national: float = 0.0  # the part of risk every region of the sector shares (national facts only)
    evidence_from: int = 0  # first publication year of the documents behind the profile
    evidence_to: int = 0  # last publication year (the period reads ``2018`` or ``2018–2025``)
    #: from national facts about every sector — read only by an availability condition of scope ``all`` (the national
    #: Korean-support proposal of issue report 1726–1736 reaches every sector; panel 17 F05)
    tags_national_all: list[str] = field(default_factory=list)

    @property
    def region_specific(self) -> bool:
        return bool(self.regional_fact_ids)


def saturate(x: float, kappa: float = KAPPA) -> float:
    """``1 − exp(−x/κ)``: 0 at 0, rising to 1, concave."""
    return 1.0 - math.exp(-x / kappa)


def weighted_mean(values: dict[str, float], weights: dict[str, float]) -> float:
    return sum(weights[k] * values.get(k, 0.0) for k in weights) / sum(weights.values())


def noisy_or(values: dict[str, float], alphas: dict[str, float]) -> float:
    prod = 1.0
    for k, a in alphas.items():
        prod *= 1.0 - a * values.get(k, 0.0)
    return 1.0 - prod


def scope_of(fact: Fact, region_id: str, sector_id: str) -> str | None:
    """Which scope (if any) makes ``fact`` apply to profile (region_id, sector_id)."""
    sector_ok = fact.sector_id in (sector_id, ALL_SECTORS)
    if not sector_ok:
        return None
    if fact.region_id == region_id:
        return "region_sector" if fact.sector_id == sector_id else "region_all"
    if fact.region_id == NATIONAL:
        return "national_sector" if fact.sector_id == sector_id else "national_all"
    return None


def evidence_mass(regional: list[Fact], n_passages: int, sector_id: str) -> float:
    """``E = Σ_sector-facts s(f) + ¼·Σ_region-wide-facts s(f) + 0.05·min(passages, 4)`` with strength weights
    s = 0.2 / 0.6 / 1.0 for strength 1 / 2 / 3: a region's own fact about the sector ≫ a region-wide (list) mention ≫
    a passage that merely names the region and a sector word."""
    mass = sum(STRENGTH_EVIDENCE[f.strength] * (1.0 if f.sector_id == sector_id else REGION_WIDE_EVIDENCE)
               for f in regional)  # fmt: skip
    return mass + PASSAGE_EVIDENCE * min(n_passages, MAX_PASSAGE_EVIDENCE)


def confidence_of(regional: list[Fact], national: list[Fact], n_passages: int, sector_id: str) -> float:
    """``confidence = 0.2·(1 − e^(−N/3)) + 0.8·(1 − e^(−E/1.5))``, N = Σ s(f) over national facts about the sector,
    E = :func:`evidence_mass`. Readings (docs/METHOD.md): ≤ 0.2 national evidence only; ~0.5 one or two concrete
    regional facts about the sector; ≥ 0.8 the reports study the pair as a case (several strong regional facts).
    One list mention (strength 1, region-wide) gives at most ~0.2; passages alone at most ~0.3."""
    n_nat = sum(STRENGTH_EVIDENCE[f.strength] for f in national)
    e_reg = evidence_mass(regional, n_passages, sector_id)
    return NATIONAL_CONFIDENCE * saturate(n_nat, 3.0) + (1 - NATIONAL_CONFIDENCE) * saturate(e_reg, 1.5)


def _ingested(doc: Document | None) -> bool:
    """A report that came in through ``ingest`` (its catalog row names an ``extractor``): step 9."""
    return doc is not None and bool(doc.extractor)


def text_hits(tags, facts: list[Fact], docs: dict[str, Document]) -> dict[str, list[str]]:
    """``"REGION/SECTOR"`` → ids of its salient passages (module docstring, steps 5 and 9), from the tagger's tags of
    every passage: body passages (no footnotes, no captions) of hand-curated reports that curated facts cite, paired
    by the tagger with the region and a sector it judges the passage to be about."""
    from features.ingest.tagger import CUES

    cited = {r.doc_id for f in facts for r in f.evidence}
    out: dict[str, list[str]] = defaultdict(list)
    for t in tags:
        p = t.passage
        if (p.footnote or p.doc_id not in cited or _ingested(docs.get(p.doc_id)) or not t.sectors
                or CUES["caption"].match(p.text)):  # fmt: skip
            continue
        for r, s in t.pairs(t.about()):
            out[f"{r}/{s}"].append(p.passage_id)
    return dict(out)


def _dated(fact: Fact) -> Dated:
    return Dated(fact.fact_id, fact.published_year, fact.supersedes)


def build_profile(
    region: Region, sector: Sector, facts: list[Fact], passages: list[Passage], docs: dict[str, Document],
    hits: list[Passage] | None = None,
) -> Profile:
    """One profile from the facts that apply to it and ``hits``, the passages the tagger pairs with it (its text
    signal, :func:`text_hits`; none when not given). Pure: no I/O."""
    raw_regional: dict[str, float] = defaultdict(float)
    raw_national: dict[str, float] = defaultdict(float)
    fact_ids_by_ind: dict[str, list[str]] = defaultdict(list)
    applied: list[tuple[str, Fact]] = []
    groups: dict[tuple[str, str], list[tuple[Fact, float]]] = defaultdict(list)
    for fact in facts:
        if fact.merged_into:
            continue  # a restatement: folded into the fact it restates (features.facts.fold_restatements)
        scope = scope_of(fact, region.region_id, sector.sector_id)
        if scope is None or fact.dimension == "context":
            continue
        applied.append((scope, fact))
        part = "regional" if scope.startswith("region") else "national"
        groups[(part, fact.indicator)].append((fact, SCOPE_WEIGHT[scope] * fact.strength / 3.0))
        fact_ids_by_ind[fact.indicator].append(fact.fact_id)
    aged: dict[str, dict[str, float]] = defaultdict(dict)
    superseded: dict[str, dict[str, str]] = defaultdict(dict)
    for (part, ind), items in groups.items():
        weights, replaced = age_weights(_dated(f) for f, _ in items)
        bucket = raw_regional if part == "regional" else raw_national
        for fact, amount in items:
            w = weights[fact.fact_id]
            bucket[ind] += amount if w == 1.0 else amount * w
            if w != 1.0:
                aged[ind][fact.fact_id] = round(w, 6)
        superseded[ind].update(replaced)

    hits = list(hits or ())
    raw = {}
    for k in set(raw_regional) | set(raw_national):
        national = min(raw_national.get(k, 0.0), NATIONAL_CAP)
        if k in INDICATOR_WEIGHTS["risk"]:
            # a barrier the region's chapter restates does not add to the same national barrier (documentation is
            # not risk); only a regional barrier stronger than the national one raises this indicator
            raw[k] = max(raw_regional.get(k, 0.0), national)
        else:
            raw[k] = raw_regional.get(k, 0.0) + national
    raw["text_salience"] = len(hits) / TEXT_PASSAGES_PER_UNIT
    normalised = {k: saturate(v) for k, v in raw.items()}
    national_risk = noisy_or({k: saturate(min(v, NATIONAL_CAP)) for k, v in raw_national.items()},
                             INDICATOR_WEIGHTS["risk"])  # fmt: skip

    indicators = []
    for dim, weights in INDICATOR_WEIGHTS.items():
        for ind, w in weights.items():
            indicators.append(
                IndicatorScore(dim, ind, round(raw.get(ind, 0.0), 6), round(normalised.get(ind, 0.0), 6), w,
                               sorted(fact_ids_by_ind.get(ind, [])),
                               [p.passage_id for p in hits[:5]] if ind == "text_salience" else [],
                               dict(sorted(aged.get(ind, {}).items())), dict(sorted(superseded.get(ind, {}).items())))
            )  # fmt: skip

    regional = [f for s, f in applied if s.startswith("region")]
    national = [f for s, f in applied if s == "national_sector"]
    confidence = confidence_of(regional, national, len(hits), sector.sector_id)

    def vintage_of(f: Fact) -> int:
        published = min(int(docs[r.doc_id].published[:4]) for r in f.evidence)
        return min(f.year, published)

    years = [vintage_of(f) for _, f in applied]
    vintage = max(years) if years else min(int(d.published[:4]) for d in docs.values())
    published = sorted({int(docs[r.doc_id].published[:4]) for _, f in applied for r in f.evidence}
                       | {f.published_year for _, f in applied if f.published}
                       | {int(docs[p.doc_id].published[:4]) for p in hits if p.doc_id in docs})  # fmt: skip
    evidence_from, evidence_to = (published[0], published[-1]) if published else (vintage, vintage)

    # evidence: regional facts first (strongest first), then national sector facts, then matching passages
    ordered = sorted(regional, key=lambda f: (-f.strength, f.fact_id)) + sorted(
        national, key=lambda f: (-f.strength, f.fact_id)
    )
    evidence: list[EvidenceRef] = []
    for f in ordered:
        for ref in f.evidence:
            if ref not in evidence:
                evidence.append(ref)
    for p in hits[:3]:
        ref = EvidenceRef(p.doc_id, p.line_start, p.line_end)
        if ref not in evidence:
            evidence.append(ref)
    if not evidence:  # no fact at all: cite the national all-sector facts that still shaped the scores
        for _, f in applied:
            evidence.extend(r for r in f.evidence if r not in evidence)

    return Profile(
        region_id=region.region_id,
        sector_id=sector.sector_id,
        policy=round(weighted_mean(normalised, INDICATOR_WEIGHTS["policy"]), 6),
        demand=round(weighted_mean(normalised, INDICATOR_WEIGHTS["demand"]), 6),
        risk=round(noisy_or(normalised, INDICATOR_WEIGHTS["risk"]), 6),
        risk_national=round(national_risk, 6),
        confidence=round(confidence, 6),
        vintage=vintage,
        evidence=evidence[:MAX_EVIDENCE],
        indicators=indicators,
        fact_ids=sorted(f.fact_id for _, f in applied),
        regional_fact_ids=sorted(f.fact_id for f in regional),
        tags_regional=sorted({t for f in regional if f.sector_id == sector.sector_id for t in f.tags}),
        tags_national=sorted({t for f in national for t in f.tags}),
        tags_region_wide=sorted({t for f in regional if f.sector_id != sector.sector_id for t in f.tags}),
        tags_national_all=sorted({t for s, f in applied if s == "national_all" for t in f.tags}),
        sector_fact_ids=sorted(f.fact_id for f in regional if f.sector_id == sector.sector_id),
        evidence_from=evidence_from,
        evidence_to=evidence_to,
    )


def build_profiles(regions, sectors, facts, passages, docs, hits: dict[str, list[str]] | None = None) -> list[Profile]:
    """Every region × sector, ordered by region id then sector id (deterministic). ``hits``: :func:`text_hits` (the
    build computes it once per text part and reuses it while only facts change); without it no text signal."""
    by_id = {p.passage_id: p for p in passages}
    hits = hits or {}
    return [build_profile(regions[r], sectors[s], facts, passages, docs, [by_id[i] for i in hits.get(f"{r}/{s}", ())])
            for r in sorted(regions) for s in sorted(sectors)]  # fmt: skip
