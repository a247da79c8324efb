"""Every entry strategy, once, on a firm and an opportunity where the reports apply it (issue 9): the engine must
choose that strategy there, the opportunity must pass the gate, and the matching precedent (if the reports give one)
must be listed. Each case names the lines it rests on."""

from __future__ import annotations

import numpy as np
import pytest

from features.firms import firms_from_records
from recommender.weights import preset_weights

CASES = {  # strategy: (region, sector, firm, lines that motivate it, expected precedent or None)
    "open_platform_partner": ("CN-BJ", "autonomous_driving",  # KIEP 3536, 6290–6298: Hyundai-Kia joined Apollo
        {"employees": 300, "china_experience_years": 2, "investment_capacity_krw_100m": 30, "horizon_years": 5,
         "capabilities": {"automotive_mobility": 5, "semiconductors_sensors": 4, "ai_software": 3}}, "hyundai_kia_apollo"),
    # (a year in China since adv16: a first entrant with no China base starts through Korean support, issue report 1716–1736)
    "platform_alliance": ("CN-ZJ", "ecommerce",  # KIEP 6300–6306: link your products to a Chinese platform
        {"employees": 5, "china_experience_years": 1, "investment_capacity_krw_100m": 1, "horizon_years": 2,
         "capabilities": {"ecommerce_consumer": 4}}, None),
    # (400 staff since panel 9: the report's investors are BAT and the top tech firms; 300+ is the tool's size bar)
    "startup_investment_rnd": ("CN-BJ", "ai",  # KIEP 6308–6328: invest in and co-develop with start-ups
        {"employees": 400, "china_experience_years": 4, "chinese_speaking_staff": 3, "investment_capacity_krw_100m": 80,
         "risk_tolerance": "high", "horizon_years": 5, "capabilities": {"ai_software": 4, "cloud_big_data": 3}}, None),
    "gov_project_participation": ("CN-HE", "logistics",  # KIEP 3557–3563: Xiong'an's Apollo test drives incl. logistics vehicles
        {"employees": 150, "china_experience_years": 4, "has_china_entity": True, "investment_capacity_krw_100m": 60,
         "horizon_years": 7, "capabilities": {"logistics_tech": 5, "smart_transport": 4}}, None),
    "tier2_supplier": ("CN-ZJ", "smart_city",  # KIEP 6384–6396: no foreign firm has won a tender; cooperate at tier 2
        {"employees": 60, "china_experience_years": 3, "chinese_speaking_staff": 1, "investment_capacity_krw_100m": 20,
         "horizon_years": 5, "capabilities": {"smart_transport": 5, "iot_devices": 3, "cloud_big_data": 3}},
        "city_brain_local_partners"),
    "local_platform_partnership": ("CN-GD", "smart_healthcare",  # KIEP 6416–6422: FDI limits → local medical platforms
        {"employees": 60, "china_experience_years": 3, "investment_capacity_krw_100m": 15, "horizon_years": 3,
         "capabilities": {"digital_health": 4, "ai_software": 2}}, None),
    # (two years in China since issue 18: a first-year entrant is who KIEP 6518–6524 sends to Korean support bodies)
    "chinese_major_coentry": ("CN-GD", "smart_healthcare",  # KIEP 6424–6445: Ping An's fund; Legend Capital → Lunit
        {"employees": 80, "china_experience_years": 2, "investment_capacity_krw_100m": 10, "horizon_years": 5,
         "capabilities": {"ai_software": 5, "medical_devices": 3, "digital_health": 2}}, "pingan_overseas_fund"),
    "direct_investment_pilot_zone": ("CN-GD", "smart_healthcare",  # KIEP 6506–6516: invest in a zone such as Nansha
        {"employees": 400, "china_experience_years": 6, "has_china_entity": True, "chinese_speaking_staff": 5,
         "investment_capacity_krw_100m": 120, "certifications": ["NMPA"], "horizon_years": 7,
         "capabilities": {"medical_devices": 5}}, "tencent_miying_shenzhen"),
    "korean_support_channels": ("CN-JS", "smart_healthcare",  # KIEP 6518–6524: the Yancheng device cooperative
        {"employees": 15, "investment_capacity_krw_100m": 2, "horizon_years": 3,
         "capabilities": {"medical_devices": 4}}, "yancheng_device_cooperative"),
    "cluster_colocation": ("CN-BJ", "robotics",  # KIEP 3217–3221: the Beijing development zone for smart robots
        {"employees": 250, "china_experience_years": 3, "has_china_entity": True, "chinese_speaking_staff": 2,
         "investment_capacity_krw_100m": 40, "risk_tolerance": "low", "horizon_years": 5,
         "capabilities": {"smart_manufacturing": 4}}, None),
    "component_supply": ("CN-ZJ", "telecom_5g",  # issue report 1716–1724: parts and materials into 5G and smart factories
        {"employees": 120, "china_experience_years": 1, "investment_capacity_krw_100m": 20, "revenue_krw_100m": 300,
         "horizon_years": 3,
         "capabilities": {"telecom_5g": 5, "semiconductors_sensors": 5, "iot_devices": 3}}, None),
    # (two years in China and a Chinese speaker since adv16: readiness 0.27 — the mode needs a base in China, 0.2+)
    "standards_rnd_cooperation": ("CN-BJ", "ai",  # seminar 38–45: joint basic research and technical standards
        {"employees": 60, "china_experience_years": 2, "chinese_speaking_staff": 1, "investment_capacity_krw_100m": 10,
         "horizon_years": 6,
         "capabilities": {"ai_software": 5, "semiconductors_sensors": 4}}, None),
    # issue report 1608–1622 (demand for big-data processing solutions), seminar 74–79 (Guizhou, the first big-data
    # pilot zone): a cloud / data-centre firm (adv14)
    "big_data_solution_partnership": ("CN-GZ", "big_data",
        {"employees": 50, "investment_capacity_krw_100m": 5, "horizon_years": 3, "china_experience_years": 2,
         "capabilities": {"cloud_big_data": 5}}, None),  # some China experience: no first entrant (adv17)
}  # fmt: skip


def test_every_strategy_has_a_case(kb):
    assert set(CASES) == set(kb.strategies)


@pytest.mark.parametrize("strategy", sorted(CASES))
def test_the_reports_strategy_is_chosen_where_they_apply_it(kb, rec, strategy):
    region, sector, firm, precedent = CASES[strategy]
    table = firms_from_records([{"firm_id": strategy, **firm}], kb.regions).firms
    j = rec.opportunity_index(region, sector)
    block = rec.score_block(table, preset_weights("balanced"))
    assert np.isfinite(block.score[0, j]), "the opportunity passes the gate"
    chosen, _ = rec.choose_strategies(table, np.array([0]), np.array([j]))
    assert rec.strategies.ids[chosen[0]] == strategy
    if precedent:
        assert precedent in rec.precedents_for(region, sector, strategy)


@pytest.mark.parametrize("sector,cap,region", [("smart_agriculture", "agritech", None), ("smart_energy", "energy_tech", "CN-ZJ"),
                                                ("logistics", "logistics_tech", None)])  # fmt: skip
def test_each_new_sector_reaches_a_firm_with_its_core_capability(kb, rec, sector, cap, region):
    # KIEP 1342–1397 (agriculture), 1399–1438 (smart energy), 1561–1595 (logistics): Internet Plus key areas
    firm = {"firm_id": cap, "employees": 40, "china_experience_years": 2, "investment_capacity_krw_100m": 10,
            "horizon_years": 3, "capabilities": {cap: 5}}  # fmt: skip
    out = rec.recommend(firms_from_records([firm], kb.regions).firms, 0, preset_weights("balanced"), top=3,
                        with_robustness=False)  # fmt: skip
    assert out["recommendations"] and all(r["sector_id"] == sector for r in out["recommendations"])
    if sector == "smart_agriculture":  # named for no region: an honest "weak"
        assert out["coverage"]["status"] == "weak"
    if region:
        assert out["recommendations"][0]["region_id"] == region  # KIEP 4553–4559: Hangzhou energy management
