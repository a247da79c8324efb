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
    assert "충전 인프라와 수소·연료전지는 다루지 않습니다" in note["ko"]
    assert "charging infrastructure, hydrogen and fuel cells not at all" in note["en"]


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


def test_p33_k05_k_pop_merchandise_is_not_read_as_the_mes_term_pop():
    """Panel 33 K05 (a 12-person K-pop merchandise seller on Tmall Global, KSIC 47912): "K-POP" was read as "POP"
    (point of production, a smart-factory term), smart manufacturing 4, and the firm was sent to supply smart-factory
    parts in Shanghai. K-pop and its merchandise are content; the Tmall Global channel still reads e-commerce."""
    from features.facts import CAPABILITY_KEYS
    from features.firms.infer import default_inferrer

    def level(code: str, products: str, key: str) -> int:
        return default_inferrer().infer(code, products).values[CAPABILITY_KEYS.index(key)]

    kpop = ("47912", "K-POP 아이돌 굿즈·앨범 온라인 판매 (티몰글로벌 입점, 해외 역직구)")
    assert level(*kpop, "smart_manufacturing") == 0
    assert level(*kpop, "ecommerce_consumer") >= 3
    assert level("62021", "스마트공장 MES·POP 구축", "smart_manufacturing") >= 3  # the MES term itself still reads


def test_p33_k07_a_3d_printing_bureau_reads_additive_manufacturing(tmp_path, capsys):
    """Panel 33 K07 (a 22-person metal/resin 3D-printing service bureau, KSIC 29299): it read nothing and got "no
    match, closest robotics" although the reports list additive manufacturing among the smart-manufacturing
    technologies China pushes (KIEP 1287–1290, 적층제조; issue report 472–476, 적층가공). It now reads smart
    manufacturing 3 and gets industrial internet; the Shanghai reason says what the seminar lines record (Shanghai has
    recent industrial-internet policies), not only that "a speaker introduced" them (panel 33 K05–K07)."""
    import json

    from tests.panel_support import run_cli

    firm = {**BASE, "firm_id": "K07", "name": "쓰리디팩토리", "employees": 22, "china_experience_years": 0,
            "risk_tolerance": "low", "industry_code": "29299",
            "products": "금속·수지 3D프린팅 출력 서비스, 시제품 제작, 역설계"}  # fmt: skip
    firm.pop("capabilities", None)
    out = json.loads(run_cli(firm, tmp_path, capsys, "--format", "json"))
    assert out["coverage"]["status"] != "none"
    assert out["recommendations"][0]["sector_id"] == "industrial_internet"
    md = run_cli(firm, tmp_path, capsys, "--format", "md")
    why = next(x for x in md.splitlines() if x.startswith("- 이유"))
    assert "발표자는 상하이의 최근 산업인터넷 발전 정책의 내용·특징과 당면 과제를 소개했다" not in why


def test_p33_s03_a_pilot_minibus_delivery_is_not_government_procurement(kb, rec):
    """Panel 33 S03 (an AI car-camera maker preferring Guangdong): Guangdong autonomous driving read "◆ 이 지역의 정부
    사업이 기록되어 있습니다" and "✔ 정부 발주 사업이 많아 …" from one line — Baidu and King Long's Apolong minibuses
    are to go to Shenzhen, among other places, for pilot operation (KIEP 3502–3506). A083 is now context: no
    government project is claimed for Guangdong."""
    fact = next(f for f in kb.facts if f.fact_id == "A083")
    assert (fact.dimension, fact.indicator) == ("context", "context")
    firm = {**BASE, "firm_id": "S03", "name": "카메라", "risk_tolerance": "high", "preferred_regions": ["CN-GD"],
            "capabilities": caps(ai_software=4, semiconductors_sensors=4, automotive_mobility=3, iot_devices=3)}
    gd = [r for r in answer(kb, rec, firm)["recommendations"]
          if r["region_id"] == "CN-GD" and r["sector_id"] == "autonomous_driving"]  # fmt: skip
    # Guangdong has no scored regional fact left in the sector: it is part of the nationwide answer (whose ½ lines
    # rest on national records), not a row of its own that claims government projects there
    assert gd and all(len(r.get("equivalent_regions") or []) > 1 for r in gd)


def test_p34_f04_a_preferred_region_note_names_the_joint_rank(kb, rec):
    """Panel 34 F04: "선호 지역 장쑤성: 2위 분야 수준의 답(빅데이터)에 포함됩니다" under a heading of two answers "공동 1위".
    A row inside a tie group is named by its joint rank, as the headings name it."""
    firm = {**BASE, "firm_id": "P08", "name": "SaaS", "employees": 600, "china_experience_years": 10,
            "has_china_entity": True, "preferred_regions": ["CN-SD", "CN-JS"],
            "capabilities": caps(ai_software=3, cloud_big_data=4, smart_manufacturing=2, fintech=1,
                                 ecommerce_consumer=1)}  # fmt: skip
    out = answer(kb, rec, firm)
    recs = out["recommendations"]
    inside = next(r for r in recs if "CN-JS" in (r.get("equivalent_regions") or []))
    tied = [r for r in recs if r.get("tie_group") == inside.get("tie_group")]
    assert len(tied) > 1, "the case: the nationwide row is tied"
    note = next(n for n in out["coverage"]["notes"] if n and n["kind"] == "preferred_region" and "장쑤성" in n["ko"])
    first = min(r["rank"] for r in tied)
    assert f"공동 {first}위 분야 수준의 답" in note["ko"] and f"joint rank {first}" in note["en"]


def test_p35_k08_an_hvac_maker_is_told_the_reports_do_not_treat_appliances(tmp_path, capsys):
    """Panel 35 K08 (system air conditioners and air purifiers "(IoT 앱 연동)", KSIC 29172, judged wrong): the app
    feature read IoT 4 and the firm was told to supply IoT components. The reports name the smart home only as an
    application field of IoT (issue report 1034–1038) and AI (KIEP 1809–1815): not covered, those passages quoted."""
    import json

    from tests.panel_support import run_cli

    firm = {**BASE, "firm_id": "K08", "name": "클린에어텍", "employees": 380, "industry_code": "29172",
            "products": "시스템 에어컨, 전열교환 환기장치, 가정용 공기청정기(IoT 앱 연동)"}  # fmt: skip
    firm.pop("capabilities", None)
    out = json.loads(run_cli(firm, tmp_path, capsys, "--format", "json"))
    assert out["coverage"]["status"] == "none" and not out["recommendations"]
    md = run_cli(firm, tmp_path, capsys, "--format", "md")
    assert "보고서는 귀사의 주업종(가전·공조)을 다루지 않아" in md and "스마트홈" in md
    en = run_cli(firm, tmp_path, capsys, "--format", "md", "--lang", "en")
    assert "home appliances and HVAC" in en


def test_p36_k04_a_b2b_procurement_platform_reads_e_commerce():
    """Panel 36 K04 (an MRO purchasing B2B platform with an e-procurement solution, KSIC 46109): a false "no match";
    the Internet Plus plan treats sector B2B e-commerce (KIEP 1620–1632)."""
    from features.facts import CAPABILITY_KEYS
    from features.firms.infer import default_inferrer

    inf = default_inferrer().infer("46109", "기업 MRO 구매대행 B2B 플랫폼, 전자조달 솔루션")
    assert inf.values[CAPABILITY_KEYS.index("ecommerce_consumer")] >= 3
