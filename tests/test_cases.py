"""Report-grounded cases: firm archetypes the reports speak to directly, with the opportunities and entry strategies
the reports point to asserted near the top. Each case cites the passage it rests on."""

from __future__ import annotations

import pytest

from features.firms import firms_from_records
from recommender.weights import preset_weights

ARCHETYPES = {
    # KIEP 2018 L2565–2600: Beijing holds ~40% of China's AI firms and ranks first in CCID's AI city ranking;
    # seminar press release L55–59: AI products and core AI technology are promising Korea–China fields in Beijing.
    "ai_software_startup": (
        {"employees": 40, "china_experience_years": 1, "risk_tolerance": "high", "horizon_years": 5,
         "investment_capacity_krw_100m": 10, "capabilities": {"ai_software": 5, "cloud_big_data": 3,
                                                               "semiconductors_sensors": 2}},
        ("CN-BJ", "ai"), 1, None),
    # KIEP 2018 L3693–3713 and Box 3-1: Beijing issued China's first road-test rules; Baidu's Apollo is the national
    # autonomous-driving open platform that Hyundai and Kia joined as partners.
    "autonomous_driving_parts_maker": (
        {"employees": 800, "china_experience_years": 8, "has_china_entity": True, "chinese_speaking_staff": 10,
         "investment_capacity_krw_100m": 300, "risk_tolerance": "medium", "horizon_years": 8,
         "capabilities": {"automotive_mobility": 5, "semiconductors_sensors": 4, "ai_software": 3,
                          "smart_transport": 2}},
        ("CN-BJ", "autonomous_driving"), 1, {"open_platform_partner"}),
    # KIEP 2018 L4486–4532: Hangzhou's City Brain buys technology through government projects that local firms
    # (Alibaba first) win; foreign firms take part through them.
    "smart_traffic_solution": (
        {"employees": 90, "china_experience_years": 2, "risk_tolerance": "medium", "horizon_years": 6,
         "investment_capacity_krw_100m": 20, "capabilities": {"smart_transport": 5, "urban_services": 4,
                                                               "cloud_big_data": 4, "ai_software": 3,
                                                               "iot_devices": 3}},
        # open_platform_partner since issue 18: City Brain's national AI open platform is Alibaba's Hangzhou one
        # (A114, KIEP 2969–2983, 6375–6384), and 6290–6298 advises joining such platforms as a partner
        ("CN-ZJ", "smart_city"), 1, {"tier2_supplier", "platform_alliance", "gov_project_participation",
                                     "open_platform_partner"}),
    # KIEP 2018 L436–446 and ch. 5: Guangdong is the largest smart-healthcare market; to reduce policy risk a Korean
    # firm should first consider entering together with a Chinese major (Tencent, Ping An) or local platforms.
    "medical_device_maker": (
        {"employees": 300, "china_experience_years": 4, "risk_tolerance": "medium", "horizon_years": 6,
         "investment_capacity_krw_100m": 60, "certifications": ["ISO13485", "CE"],
         "capabilities": {"medical_devices": 5, "digital_health": 4, "ai_software": 3}},
        ("CN-GD", "smart_healthcare"), 1,
        # open_platform_partner since panel 12 (F05): the internet-hospital route is a digital-health service firm's
        # (KIEP 6416–6422), and this firm leads with devices; joining Tencent's medical-imaging open platform in
        # Guangdong (KIEP 3830–3840) is entering with a Chinese major as 436–446 advises
        # korean_support_channels since risk31 (panels 31 S4, 34 F06): a device-led firm with no entity is at first
        # entry, for which KIEP 6518–6524 names the Korean support bodies (KHIDI Guangzhou, the Yancheng device cooperative)
        {"chinese_major_coentry", "local_platform_partnership", "cluster_colocation", "open_platform_partner",
         "korean_support_channels"}),
    # Seminar press release L68–72: Shanghai proposes cluster-to-cluster cooperation (autos, semiconductors, robots).
    "smart_factory_integrator": (
        {"employees": 250, "china_experience_years": 5, "has_china_entity": True, "risk_tolerance": "medium",
         "horizon_years": 6, "investment_capacity_krw_100m": 80,
         "capabilities": {"smart_manufacturing": 5, "iot_devices": 4, "cloud_big_data": 3,
                          "semiconductors_sensors": 3}},
        ("CN-SH", "industrial_internet"), 5, {"cluster_colocation", "component_supply"}),
    # Issue report L1716–1722: 5G roll-out (~USD 180 bn by 2020) creates demand for Korean parts and materials.
    "5g_component_maker": (
        {"employees": 600, "revenue_krw_100m": 2000, "china_experience_years": 7, "has_china_entity": True, "risk_tolerance": "low",
         "horizon_years": 8, "investment_capacity_krw_100m": 200,
         "capabilities": {"telecom_5g": 5, "semiconductors_sensors": 5, "iot_devices": 3}},
        (None, "telecom_5g"), 1, {"component_supply"}),
}  # fmt: skip


@pytest.mark.parametrize("name", ARCHETYPES)
def test_archetype_gets_the_opportunity_the_report_points_to(rec, kb, name):
    firm, (region, sector), within, strategies = ARCHETYPES[name]
    table = firms_from_records([{"firm_id": name, **firm}], kb.regions).firms
    recs = rec.recommend(table, 0, preset_weights("balanced"), top=5, with_robustness=False)["recommendations"]
    top = recs[:within]
    hits = [r for r in top if r["sector_id"] == sector and (region is None or r["region_id"] == region)]
    assert hits, f"{name}: expected {region}/{sector} in the top {within}, got " + str(
        [(r["region_id"], r["sector_id"]) for r in recs]
    )
    if strategies:
        assert hits[0]["strategy_id"] in strategies, hits[0]["strategy"]


def test_a_small_inexperienced_firm_is_not_sent_to_invest_directly(rec, kb):
    # KIEP 2018 L444–446: use local government policy and Korean support institutions when entering.
    firm = {"employees": 8, "china_experience_years": 0, "investment_capacity_krw_100m": 1, "risk_tolerance": "low",
            "horizon_years": 2, "capabilities": {"digital_health": 5, "ai_software": 2}}  # fmt: skip
    table = firms_from_records([{"firm_id": "tiny", **firm}], kb.regions).firms
    recs = rec.recommend(table, 0, preset_weights("conservative"), top=5, with_robustness=False)["recommendations"]
    assert all(r["strategy_id"] not in {"direct_investment_pilot_zone", "gov_project_participation"} for r in recs)
    not_eligible = {x["strategy_id"] for x in recs[0]["strategy"]["not_eligible"]}
    assert "direct_investment_pilot_zone" in not_eligible


def test_every_recommendation_explains_itself(rec, kb):
    from features.firms import read_firms
    from tests.conftest import DATA

    firms = read_firms(DATA / "samples/firms.csv", kb.regions).firms
    out = rec.recommend(firms, 1, preset_weights("balanced"), top=3)  # KR-0002 prefers CN-BJ
    for r in out["recommendations"]:
        assert r["evidence"] and r["implication_ids"]
        assert sum(r["contributions"].values()) == pytest.approx(r["score"], abs=2e-4)
        assert any(c["met"] > 0 for c in r["strategy"]["conditions"])
        assert r["strategy"]["evidence"] and r["strategy"]["description"]["ko"]
        assert 0 <= r["robustness"] <= 1 and r["vintage"] == 2018
        for iid in r["implication_ids"]:
            imp = kb.implications[iid]
            assert "all" in imp["sectors"] or r["sector_id"] in imp["sectors"]
