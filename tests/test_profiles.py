"""Profiles reflect what the reports say plainly; each test names the passage it rests on."""

from __future__ import annotations

import re

import pytest

from features.profiles import INDICATOR_WEIGHTS

CONTRACT_SECTORS = {"ai", "autonomous_driving", "smart_city", "smart_healthcare", "big_data", "industrial_internet"}


def _best(kb, sector, key):
    return max((p for p in kb.profiles if p.sector_id == sector), key=lambda p: (getattr(p, key), p.region_id))


def _indicator(profile, name):
    return next(i for i in profile.indicators if i.indicator == name)


def _cited_text(kb, fact):
    return re.sub(r"\s+", "", "".join("".join(kb.docs[r.doc_id].lines[r.line_start - 1 : r.line_end]) for r in fact.evidence))


def test_contract_coverage(kb):
    regions = {p.region_id for p in kb.profiles if p.region_specific}
    assert len(regions) >= 12
    assert CONTRACT_SECTORS <= {p.sector_id for p in kb.profiles}
    assert sum(p.region_specific for p in kb.profiles) >= 30
    for p in kb.profiles:
        for v in (p.policy, p.demand, p.risk, p.confidence):
            assert 0 <= v <= 1
        assert p.evidence, f"{p.region_id}/{p.sector_id} has no evidence"
        assert p.vintage == 2018


def test_beijing_ranks_first_for_ai(kb):
    # KIEP 2018 L2582–2600: CCID's July 2018 city ranking puts Beijing first overall and in all four indicators.
    bj = kb.profile("CN-BJ", "ai")
    assert _best(kb, "ai", "policy").region_id == "CN-BJ"
    assert _best(kb, "ai", "demand").region_id == "CN-BJ"
    ranking = [kb.fact(f) for f in _indicator(bj, "policy_ranking").fact_ids]
    assert any(f.region_id == "CN-BJ" and f.value == 1 for f in ranking)


def test_chinas_first_autonomous_driving_road_test_rules_came_from_beijing(kb):
    # KIEP 2018 L3693–3713: in Dec 2017 Beijing was the first of China's 31 provinces/cities to issue road-test rules.
    bj = kb.profile("CN-BJ", "autonomous_driving")
    assert _best(kb, "autonomous_driving", "policy").region_id == "CN-BJ"
    plans = [kb.fact(f) for f in _indicator(bj, "policy_plan").fact_ids if kb.fact(f).region_id == "CN-BJ"]
    assert any("처음" in _cited_text(kb, f) or "최초" in _cited_text(kb, f) for f in plans)
    assert "test_bed" in bj.tags_regional


def test_guangdong_is_the_largest_smart_healthcare_market(kb):
    # KIEP 2018 ch. 5: Guangdong is China's largest smart-healthcare market (market_size coded strength 3).
    gd = kb.profile("CN-GD", "smart_healthcare")
    assert _best(kb, "smart_healthcare", "demand").region_id == "CN-GD"
    sizes = [kb.fact(f) for f in _indicator(gd, "market_size").fact_ids]
    assert any(f.region_id == "CN-GD" and f.strength == 3 for f in sizes)


def test_smart_healthcare_carries_regulatory_risks_that_ai_does_not(kb):
    # KIEP 2018 Table 5-7 (online drug sales allowed, then reversed) and the 2018 internet-hospital rules.
    for region in ("CN-GD", "CN-BJ", "CN-ZJ"):
        health, ai = kb.profile(region, "smart_healthcare"), kb.profile(region, "ai")
        assert health.risk > ai.risk
        assert _indicator(health, "regulatory_uncertainty").normalised > _indicator(ai, "regulatory_uncertainty").normalised
    assert "regulation_reversal" in kb.profile("CN-GD", "smart_healthcare").tags_national + kb.profile(
        "CN-GD", "smart_healthcare"
    ).tags_regional


def test_zhejiang_leads_smart_city_through_hangzhous_city_brain(kb):
    # KIEP 2018 L4486–4532: Hangzhou's City Brain, run by the data resources bureau with Alibaba since Oct 2016.
    zj = kb.profile("CN-ZJ", "smart_city")
    assert _best(kb, "smart_city", "policy").region_id == "CN-ZJ"
    assert _best(kb, "smart_city", "demand").region_id == "CN-ZJ"
    assert {"procurement_driven", "major_platform"} & set(zj.tags_regional)


def test_guizhou_hosts_chinas_first_big_data_pilot_zone(kb):
    # KIEP seminar press release L74–79: Guizhou built China's first big-data comprehensive pilot zone.
    gz = kb.profile("CN-GZ", "big_data")
    assert _indicator(gz, "pilot_designation").normalised > 0
    assert "pilot_zone" in gz.tags_regional
    firsts = [kb.fact(f) for f in _indicator(gz, "pilot_designation").fact_ids if kb.fact(f).sector_id == "big_data"]
    assert any(f.region_id == "CN-GZ" and f.strength == 3 and "최초" in _cited_text(kb, f) for f in firsts)
    ranked = sorted((p for p in kb.profiles if p.sector_id == "big_data"), key=lambda p: (-p.policy, p.region_id))
    assert "CN-GZ" in [p.region_id for p in ranked[:3]]  # Guangdong's medical big-data platforms rank it close


def test_shanghai_industrial_internet_offers_cluster_to_cluster_cooperation(kb):
    # KIEP seminar press release L68–72: cluster cooperation in autos, semiconductors, robots and textiles.
    sh = kb.profile("CN-SH", "industrial_internet")
    assert _indicator(sh, "cooperation_demand").normalised > 0
    assert "cluster" in sh.tags_regional


def test_national_only_pairs_have_low_confidence(kb):
    national_only = [p for p in kb.profiles if not p.region_specific]
    assert national_only
    assert max(p.confidence for p in national_only) <= 0.25 + 0.75 * (1 - 2.718281828 ** (-1)) + 1e-9
    assert min(p.confidence for p in kb.profiles if p.regional_fact_ids and len(p.regional_fact_ids) >= 5) > max(
        p.confidence for p in national_only
    )


@pytest.mark.parametrize("dimension", ["policy", "demand", "risk"])
def test_breakdown_explains_the_score(kb, dimension):
    from features.profiles import noisy_or, weighted_mean

    p = kb.profile("CN-BJ", "ai")
    values = {i.indicator: i.normalised for i in p.indicators if i.dimension == dimension}
    weights = INDICATOR_WEIGHTS[dimension]
    expected = noisy_or(values, weights) if dimension == "risk" else weighted_mean(values, weights)
    assert getattr(p, dimension) == pytest.approx(expected, abs=1e-5)


def test_facts_of_every_document_state_what_they_claim(kb):
    """Every fact's `check` string (a number or a name) occurs in its cited lines — counted per document."""
    checked: dict[str, int] = {}
    for f in kb.facts:
        assert f.check, f"{f.fact_id} has no check string"
        assert re.sub(r"\s+", "", f.check) in _cited_text(kb, f), f.fact_id
        for doc in {r.doc_id for r in f.evidence}:
            checked[doc] = checked.get(doc, 0) + 1
    assert set(checked) == set(kb.docs)
    assert checked["kiep_internet_plus_2018"] >= 200 and checked["china_4ir_issue_2018"] >= 30
    assert checked["kiep_seminar_2018"] >= 10


@pytest.mark.parametrize("fact_id,words", [
    ("C019", ["구이저우", "빅데이터"]),  # Guizhou's big-data pilot zone (seminar press release)
])  # fmt: skip
def test_named_facts_cite_lines_that_name_them(kb, fact_id, words):
    text = _cited_text(kb, kb.fact(fact_id))
    assert all(w in text for w in words)
