"""Stop 30, panels 31 (S7) and 32 (P03, P08): a cloud MSP, an ERP/HR SaaS vendor and an MES / digital-twin house —
cloud 4–5, neither smart transport nor urban services — were sent to Zhejiang smart city (tier-2 supply to City Brain
contractors) at rank 1 on Hangzhou's policy and demand, two judged wrong. Smart city's central needs are now its
application element technologies (``data/sector_needs.csv``, core 2: smart transport, KIEP 4508–4526; urban services,
4553–4561): Korean firms enter as element-technology partners of winning bidders (6371–6396) on Alibaba's own
cloud-and-AI city OS (6375–6381). A firm that brings the applications keeps its smart-city answer."""

from __future__ import annotations

import pytest

from tests.panel_support import P11_F01, answer, caps

BASE = {"employees": 120, "revenue_krw_100m": 300, "china_experience_years": 3, "has_china_entity": False,
        "chinese_speaking_staff": 2, "investment_capacity_krw_100m": 20, "certifications": ["ISO27001"],
        "risk_tolerance": "medium", "horizon_years": 5, "preferred_regions": [], "excluded_regions": []}  # fmt: skip
#: the three panel firms' capabilities (/tmp/panel31/in/S7.json, /tmp/panel32/inputs/P03.json, P08.json)
PLATFORM_FIRMS = {
    "p31_S7_mes": caps(ai_software=3, cloud_big_data=4, iot_devices=3, smart_manufacturing=4),
    "p32_P03_cloud_msp": caps(ai_software=3, cloud_big_data=5, smart_manufacturing=1, telecom_5g=2),
    "p32_P08_saas": caps(ai_software=3, cloud_big_data=4, smart_manufacturing=2, fintech=1, ecommerce_consumer=1),
}


@pytest.mark.parametrize("name", sorted(PLATFORM_FIRMS))
def test_a_platform_firm_without_city_applications_is_not_sent_to_city_brain(kb, rec, name):
    firm = {**BASE, "firm_id": name, "name": name, "capabilities": PLATFORM_FIRMS[name]}
    recs = answer(kb, rec, firm)["recommendations"]
    assert recs and all(r["sector_id"] != "smart_city" for r in recs)
    assert recs[0]["sector_id"] == "big_data"  # its own sector leads


def test_the_central_needs_halve_the_core_for_a_cloud_only_firm(rec):
    import numpy as np

    from features.facts import CAPABILITY_KEYS
    from recommender import kernels

    s = list(rec.sector_list).index("smart_city")
    assert {CAPABILITY_KEYS[k] for k in np.flatnonzero(rec.central[s])} == {"smart_transport", "urban_services"}
    cloud = [5 if k == "cloud_big_data" else 0 for k in CAPABILITY_KEYS]
    city = [5 if k in ("smart_transport", "urban_services") else 0 for k in CAPABILITY_KEYS]
    fit = kernels.fit_scores(np.array([cloud, city], dtype=np.int8), rec.requirements, rec.core, central=rec.central,
                             together=rec.together)[:, s]  # fmt: skip
    assert fit[0] < 0.5 < fit[1]


def test_a_city_element_firm_keeps_zhejiang_smart_city(kb, rec):
    """Panel 11 F01 (CCTV and control rooms: urban services 5, smart transport 3, IoT 4) keeps its answer."""
    first = answer(kb, rec, P11_F01)["recommendations"][0]
    assert (first["region_id"], first["sector_id"]) == ("CN-ZJ", "smart_city")


def test_p32_p05_a_charging_operator_is_told_the_reports_do_not_treat_charging(kb, rec):
    """Panel 32 P05 (EV-charging operator, energy 4, automotive 2, as scores): the smart-energy note spoke only of
    vehicle batteries; the reports do not treat charging either (충전 appears only as Alipay's prepaid wallet, issue
    report 1451), and the note says so."""
    firm = {**BASE, "firm_id": "P05", "name": "차지온", "risk_tolerance": "low",
            "capabilities": caps(cloud_big_data=2, iot_devices=3, automotive_mobility=2, smart_transport=2,
                                 urban_services=2, energy_tech=4)}  # fmt: skip
    out = answer(kb, rec, firm)
    note = next(n for n in out["coverage"]["notes"] if n and n["kind"] == "ev_battery_chain")
    assert "충전 인프라는 다루지 않습니다" in note["ko"] and "charging infrastructure not at all" in note["en"]


def test_p31_s4_a_device_maker_is_not_told_the_co_entry_route_rests_on_medical_ai(kb, rec, tmp_path, capsys):
    """Panel 31 S4 (dental implants, medical devices 5, no AI): "✔ 의료 AI 영상진단처럼 검증된 의료기술은 투자 유치 사례가
    있습니다" read as if the route were for medical AI. The line now says what KIEP 6422–6431 and 6436–6445 record:
    majors invest in technologically strong firms; the only Korean case is an AI-imaging firm, none for device makers."""
    from tests.panel_support import run_cli

    firm = {**BASE, "firm_id": "S4", "name": "덴탈", "employees": 250, "china_experience_years": 6,
            "capabilities": caps(medical_devices=5, biotech_genomics=1, digital_health=1)}  # fmt: skip
    out = answer(kb, rec, firm)
    rows = [r for r in out["recommendations"] if r["strategy_id"] == "chinese_major_coentry"]
    # risk31 (panels 31 S4, 34 F06): the device line now only explains, so the route is no longer offered to S4
    assert not rows
    md = run_cli(firm, tmp_path, capsys, "--format", "md")
    assert "의료 AI 영상진단처럼 검증된 의료기술" not in md
    line = next(c for c in kb.strategies["chinese_major_coentry"]["firm_conditions"] if c.get("capability") == "medical_devices")
    assert "의료기기 제조사의 투자 유치는 보고서에 사례가 없습니다" in line["why_ko"] and line["weight"] == 0.0
