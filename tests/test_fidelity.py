"""Fidelity to the reports (issue 8): relations a careful reader of the stored reports would assert, each naming the
lines it rests on, plus the risk and confidence rules of docs/METHOD.md."""

from __future__ import annotations

import pytest

KIEP, SEMINAR = "kiep_internet_plus_2018", "kiep_seminar_2018"


def _profiles(kb, sector):
    return {p.region_id: p for p in kb.profiles if p.sector_id == sector}


def _leader(kb, sector, component):
    ps = _profiles(kb, sector)
    return max(ps, key=lambda r: (getattr(ps[r], component), r))


def _cites(prof, doc_id, lo, hi):
    return any(r.doc_id == doc_id and r.line_start <= hi and r.line_end >= lo for r in prof.evidence)


def test_guizhou_leads_big_data_policy(kb):
    # seminar 74–79: Guizhou built China's first national big-data comprehensive pilot zone
    assert _leader(kb, "big_data", "policy") == "CN-GZ"
    assert _cites(_profiles(kb, "big_data")["CN-GZ"], SEMINAR, 74, 79)


def test_shanghai_is_level_with_the_leader_in_industrial_internet_policy(kb):
    # seminar 68–70: the Shanghai talk presents Shanghai's recent industrial-internet policy — the only regional
    # policy in the corpus about industrial internet as such. KIEP 3148–3150: Tianjin puts 30 billion yuan into
    # smart-manufacturing terminals and the smartisation of traditional industry, so the text puts the two level.
    ps = _profiles(kb, "industrial_internet")
    ranked = sorted(ps, key=lambda r: -ps[r].policy)
    assert "CN-SH" in ranked[:2]
    assert ps[ranked[0]].policy - ps["CN-SH"].policy < 0.02
    assert _cites(ps["CN-SH"], SEMINAR, 68, 70)


@pytest.mark.parametrize("sector", ["ai", "autonomous_driving"])
@pytest.mark.parametrize("component", ["policy", "demand"])
def test_beijing_leads_ai_and_autonomous_driving(kb, sector, component):
    # KIEP 2563–2569 (four in ten Chinese AI firms in Beijing), 2582–2592 (CCID ranks Beijing first),
    # 3719–3750 (Baidu Apollo, Beijing's test roads and first road-test plates)
    assert _leader(kb, sector, component) == "CN-BJ"


@pytest.mark.parametrize("component", ["policy", "demand"])
def test_zhejiang_leads_smart_city(kb, component):
    # KIEP chapter 4: Hangzhou's City Brain is the report's smart-city case (e.g. 4360–4374, 6339–6361)
    assert _leader(kb, "smart_city", component) == "CN-ZJ"


def test_guangdong_leads_smart_healthcare_demand(kb):
    # KIEP 316–318: Guangdong's smart-healthcare market is estimated to be the largest; chapter 5 is its case
    assert _leader(kb, "smart_healthcare", "demand") == "CN-GD"


def test_no_smart_healthcare_profile_is_lifted_by_the_medical_tourism_footnote(kb):
    # KIEP 5747–5749 is a footnote listing medical-*tourism* pilot bases: no policy or demand fact may rest on it
    for f in kb.facts:
        if any(r.doc_id == KIEP and r.line_start <= 5749 and r.line_end >= 5747 for r in f.evidence):
            assert f.dimension == "context", f.fact_id
            assert "pilot_zone" not in f.tags, f.fact_id


def test_the_reversed_otc_pilot_is_a_risk_not_a_policy(kb):
    # KIEP 5953–5955: a 2000 online-OTC-drug pilot in four regions; 5959–5961: halted in 2014, stopped in 2016
    facts = [f for f in kb.facts if any(r.doc_id == KIEP and r.line_start <= 5955 and r.line_end >= 5953
                                        for r in f.evidence)]  # fmt: skip
    assert facts
    assert all(f.dimension != "policy" for f in facts)
    assert any("regulation_reversal" in f.tags for f in facts)


def test_the_entrepreneurship_list_is_a_weak_region_wide_mention(kb):
    # KIEP 946–954: a list of 17 regional mass-entrepreneurship demonstration bases, no sector, no content
    listed = [f for f in kb.facts if any(r.doc_id == KIEP and r.line_start >= 946 and r.line_end <= 954
                                         for r in f.evidence) and f.dimension == "policy"]  # fmt: skip
    assert len(listed) >= 15
    assert all(f.sector_id == "all" and f.strength == 1 for f in listed)
    assert {"CN-LN", "CN-HB", "CN-SC", "CN-SN"} <= {f.region_id for f in listed}  # the four that got nothing


def test_lax_privacy_enforcement_is_not_coded_as_a_risk(kb):
    # KIEP 6275–6283: lax enforcement of privacy rules *favours* new industries
    for f in kb.facts:
        if any(r.doc_id == KIEP and r.line_start <= 6283 and r.line_end >= 6275 for r in f.evidence):
            assert f.dimension != "risk", f.fact_id


def test_a_region_is_not_riskier_for_restating_a_national_barrier(kb):
    """Risk indicators take max(regional, national): KIEP 5953–5955 names Guangdong, Fujian, Beijing and Shanghai in
    the reversed OTC pilot, but the reversal itself is national (5959–5961), so their healthcare risk equals the
    national one."""
    ps = _profiles(kb, "smart_healthcare")
    national = {round(p.risk_national, 6) for p in ps.values()}
    assert len(national) == 1
    for r in ("CN-FJ", "CN-BJ", "CN-SH"):
        assert ps[r].risk == pytest.approx(ps[r].risk_national, abs=1e-6), r


def test_national_risk_is_the_same_for_every_region_of_a_sector(kb):
    for sector in kb.sectors:
        values = {round(p.risk_national, 6) for p in _profiles(kb, sector).values()}
        assert len(values) == 1, sector
        assert all(p.risk >= p.risk_national - 1e-9 for p in _profiles(kb, sector).values())


def test_confidence_means_evidence(kb):
    """≤ 0.2 national evidence only; a single list mention cannot give a mid confidence; a studied case ≥ 0.8."""
    for p in kb.profiles:
        regional = [kb.fact(f) for f in p.regional_fact_ids]
        if not regional:
            assert p.confidence <= 0.31, (p.region_id, p.sector_id)  # national facts and passages at most
        if len(regional) == 1 and regional[0].sector_id == "all" and regional[0].strength == 1:
            assert p.confidence < 0.35, (p.region_id, p.sector_id)
    for case in (("CN-BJ", "ai"), ("CN-BJ", "autonomous_driving"), ("CN-ZJ", "smart_city"),
                 ("CN-GD", "smart_healthcare")):  # fmt: skip
        assert kb.profile(*case).confidence >= 0.8, case


def test_anhui_ai_confidence_is_not_mid_from_one_clause(kb):
    # the audit found Anhui AI at 0.52 from one clause; KIEP 3024–3028 says Anhui followed in 2018
    assert kb.profile("CN-AH", "ai").confidence < 0.5
