"""Issue 18, panels 27 and 28 (independent advisor panels on the stop-29 start code, 0f1557a): what a firm already
holds, what a consumer-goods maker can do next, and a firm given as scores only told its industry was never checked.

* panel 28 F16: an ultrasound maker holding China's device registration (NMPA) was given "licensing and
  certification" as its main risk with no word of it — the barrier (KIEP 5547–5551, 6512–6516) now says the firm
  holds it, and the summary's main risk is the first barrier it has not passed;
* panel 28 F10/F15: a drinks and a cosmetics maker (KSIC, no sales channel named) got "no opportunity" with no word
  that the reports treat one route for consumer goods (cross-border e-commerce, KIEP 1596–1604; issue report
  1704–1706) — the next step now says how to get that answer, and naming the channel gets it;
* panel 28 F11: a textile maker given as capability scores only was told "closest: robotics" with no word that its
  industry was never checked — the no-match answer now says so and asks for the industry code.
Firms as the panel gave them."""

from __future__ import annotations

import json

from recommender.risk_notes import firm_holds
from tests.panel_support import run_cli

#: panel 28 F16 (/tmp/panel28/F16.json)
P28_F16 = {"firm_id": "F16", "certifications": ["ISO13485", "CE", "NMPA"], "preferred_regions": [], "excluded_regions": [], "name": "(주)소노메드", "employees": 350, "revenue_krw_100m": 900, "china_experience_years": 6, "has_china_entity": False, "chinese_speaking_staff": 4, "investment_capacity_krw_100m": 50, "risk_tolerance": "low", "horizon_years": 5, "capabilities": {"ai_software": 2, "semiconductors_sensors": 2, "cloud_big_data": 0, "iot_devices": 0, "automotive_mobility": 0, "smart_transport": 0, "urban_services": 0, "medical_devices": 5, "digital_health": 2, "biotech_genomics": 0, "smart_manufacturing": 0, "fintech": 0, "ecommerce_consumer": 0, "telecom_5g": 0, "agritech": 0, "energy_tech": 0, "logistics_tech": 0}}  # fmt: skip
#: panel 28 F15 (/tmp/panel28/F15.json)
P28_F15 = {"firm_id": "F15", "certifications": ["CGMP"], "preferred_regions": [], "excluded_regions": [], "name": "(주)루미에르코스", "employees": 35, "revenue_krw_100m": 90, "china_experience_years": 3, "has_china_entity": False, "chinese_speaking_staff": 2, "investment_capacity_krw_100m": 5, "risk_tolerance": "medium", "horizon_years": 3, "industry_code": "20423", "products": "기초화장품, 마스크팩, 선크림 OEM·자체 브랜드"}  # fmt: skip
#: panel 28 F11 (/tmp/panel28/F11.json)
P28_F11 = {"firm_id": "F11", "certifications": ["OEKO-TEX", "ISO9001"], "preferred_regions": [], "excluded_regions": [], "name": "동진텍스타일(주)", "employees": 420, "revenue_krw_100m": 850, "china_experience_years": 10, "has_china_entity": False, "chinese_speaking_staff": 5, "investment_capacity_krw_100m": 25, "risk_tolerance": "low", "horizon_years": 4, "capabilities": {"ai_software": 0, "semiconductors_sensors": 0, "cloud_big_data": 0, "iot_devices": 0, "automotive_mobility": 0, "smart_transport": 0, "urban_services": 0, "medical_devices": 0, "digital_health": 0, "biotech_genomics": 0, "smart_manufacturing": 2, "fintech": 0, "ecommerce_consumer": 2, "telecom_5g": 0, "agritech": 0, "energy_tech": 0, "logistics_tech": 1}}  # fmt: skip


def test_p28_f16_a_held_nmpa_registration_is_said_at_the_device_approval_barrier(tmp_path, capsys):
    out = json.loads(run_cli(P28_F16, tmp_path, capsys, "--format", "json"))
    top = out["recommendations"][0]
    by_id = {sr["risk_id"]: sr for sr in top["sector_risks"]}
    # panel 31 S4: a device maker without AI 3 meets its own registration (hc_device_registration), not the medical-AI
    # rule; the held NMPA registration is said there
    assert "NMPA" in by_id["hc_device_registration"]["firm_holds"]["ko"] and "hc_ai_device_class" not in by_id
    assert all("firm_holds" not in sr for rid, sr in by_id.items() if rid != "hc_device_registration")
    ko = run_cli(P28_F16, tmp_path, capsys, "--format", "md")
    main = next(x for x in ko.splitlines() if x.startswith("- 주요 위험"))
    assert "인허가·인증" not in main  # before: the barrier the firm has passed was its main risk
    assert "중국 의료기기 등록(NMPA)을 이미 갖고 있어" in ko
    en = run_cli(P28_F16, tmp_path, capsys, "--format", "md", "--lang", "en")
    assert "you already hold China's medical-device registration (NMPA)" in en


def test_firm_holds_needs_the_chinese_registration_not_another_device_certificate():
    assert firm_holds("hc_ai_device_class", {"certifications": ["ISO13485", "CE", "MFDS"]}) is None
    assert firm_holds("hc_ai_device_class", {"certifications": ["CFDA 등록"]}) is not None  # the former name
    assert firm_holds("hc_internet_hospital_licence", {"certifications": ["NMPA"]}) is None  # another licence
    assert firm_holds("hc_device_registration", {"certifications": ["NMPA"]}) is not None  # panel 31 S4's row


def test_p28_f15_a_consumer_goods_maker_is_told_how_to_reach_the_channel_route(tmp_path, capsys):
    out = json.loads(run_cli(P28_F15, tmp_path, capsys, "--format", "json"))
    scope = out["industry_scope"]
    assert scope["status"] == "not_covered" and not out["recommendations"]
    hint = scope["consumer_channel_hint"]
    assert {(e["doc_id"], e["line_start"]) for e in hint["evidence"]} == {
        ("kiep_internet_plus_2018", 1596),
        ("china_4ir_issue_2018", 1704),
    }
    ko = run_cli(P28_F15, tmp_path, capsys, "--format", "md")
    nxt = next(x for x in ko.splitlines() if x.startswith("- 다음 단계"))
    assert "티몰 글로벌" in nxt and "판매 경로" in nxt
    assert "KIEP 보고서 2018, 1596–1604행" in ko
    # …and naming the channel gets that answer (features.firms channel words; industry_scope "channel")
    with_channel = dict(P28_F15, products=P28_F15["products"] + ", 티몰 글로벌 입점")
    out2 = json.loads(run_cli(with_channel, tmp_path, capsys, "--format", "json"))
    assert out2["recommendations"][0]["sector_id"] == "ecommerce"
    assert "consumer_channel_hint" not in out2["industry_scope"]


def test_a_chip_equipment_maker_gets_no_consumer_channel_hint(tmp_path, capsys):
    chip = dict(P28_F15, industry_code="29271", products="반도체 증착·식각 장비")
    out = json.loads(run_cli(chip, tmp_path, capsys, "--format", "json"))
    assert out["industry_scope"]["status"] == "not_covered"
    assert "consumer_channel_hint" not in out["industry_scope"]


def test_p28_f11_scores_only_no_match_says_the_industry_was_not_checked(tmp_path, capsys):
    out = json.loads(run_cli(P28_F11, tmp_path, capsys, "--format", "json"))
    assert not out["recommendations"]
    assert "industry_unchecked" in [n["kind"] for n in out["coverage"]["notes"]]
    ko = run_cli(P28_F11, tmp_path, capsys, "--format", "md")
    summary = ko.split("## ")[0]
    assert "업종코드(KSIC)나 주생산품을 넣어 다시 실행" in summary
    assert "섬유·의류" in ko
    en = run_cli(P28_F11, tmp_path, capsys, "--format", "md", "--lang", "en")
    assert "run again with your KSIC code or products" in en


#: panel 27 F11 (/tmp/panel27/F11.json): a 38-person smart-farm maker with no China base
P27_F11 = {"firm_id": "F11", "name": "㈜그린팜테크 (스마트팜 온실 제어·수직농장)", "employees": 38, "revenue_krw_100m": 55,
           "china_experience_years": 0, "has_china_entity": False, "chinese_speaking_staff": 0,
           "investment_capacity_krw_100m": 5, "certifications": ["GAP"], "risk_tolerance": "medium", "horizon_years": 5,
           "preferred_regions": [], "excluded_regions": [],
           "capabilities": {"ai_software": 1, "semiconductors_sensors": 0, "cloud_big_data": 1, "iot_devices": 3,
                            "automotive_mobility": 0, "smart_transport": 0, "urban_services": 0, "medical_devices": 0,
                            "digital_health": 0, "biotech_genomics": 0, "smart_manufacturing": 0, "fintech": 0,
                            "ecommerce_consumer": 0, "telecom_5g": 0, "agritech": 5, "energy_tech": 2,
                            "logistics_tech": 0}}  # fmt: skip


def test_p27_f11_the_support_route_for_a_smart_farm_does_not_argue_from_5g_and_robots(tmp_path, capsys):
    out = json.loads(run_cli(P27_F11, tmp_path, capsys, "--format", "json"))
    top = out["recommendations"][0]
    assert top["sector_id"] == "smart_agriculture" and top["strategy_id"] == "korean_support_channels"
    ko = run_cli(P27_F11, tmp_path, capsys, "--format", "md")
    en = run_cli(P27_F11, tmp_path, capsys, "--format", "md", "--lang", "en")
    assert "5G·스마트 제조·로봇" not in ko and "창업 지원체계" in ko  # issue report 1726-1736 stays
    assert "5G, smart manufacturing and robots" not in en and "start-up support systems" in en


def test_the_5g_clause_stays_for_a_robotics_first_entrant(tmp_path, capsys):
    caps = dict.fromkeys(P27_F11["capabilities"], 0) | {"smart_manufacturing": 4, "ai_software": 3,
                                                         "semiconductors_sensors": 3}  # fmt: skip
    robot = dict(P27_F11, firm_id="R1", name="로봇 부품사", capabilities=caps)
    out = json.loads(run_cli(robot, tmp_path, capsys, "--format", "json"))
    rows = [r for r in out["recommendations"] if r["strategy_id"] == "korean_support_channels"
            and r["sector_id"] in ("robotics", "industrial_internet")]  # fmt: skip
    assert rows, [(r["sector_id"], r["strategy_id"]) for r in out["recommendations"]]
    assert "5G·스마트 제조·로봇" in run_cli(robot, tmp_path, capsys, "--format", "md")


#: panel 27 F06 (/tmp/panel27/F06.json): a cosmetics maker already selling on Tmall Global, no China experience
P27_F06 = {"firm_id": "F06", "name": "㈜루미에르코스 (화장품, 해외 온라인 판매)", "employees": 45, "revenue_krw_100m": 160, "china_experience_years": 0, "has_china_entity": False, "chinese_speaking_staff": 2, "investment_capacity_krw_100m": 5, "certifications": ["CGMP", "ISO22716"], "risk_tolerance": "medium", "horizon_years": 3, "preferred_regions": [], "excluded_regions": [], "industry_code": "20423", "products": "기초화장품 (마스크팩, 선크림), 해외 온라인몰·티몰글로벌 역직구 판매"}  # fmt: skip


def test_p27_f06_a_first_step_in_e_commerce_says_the_firm_already_sells_across_the_border(tmp_path, capsys):
    out = json.loads(run_cli(P27_F06, tmp_path, capsys, "--format", "json"))
    top = out["recommendations"][0]
    assert top["sector_id"] == "ecommerce"
    assert "channel_next_step" in [n["kind"] for n in out["coverage"]["notes"]]
    ko = run_cli(P27_F06, tmp_path, capsys, "--format", "md")
    assert "이미 국경 간 온라인 채널로 판매하고 있으므로" in ko.split("## ")[0]
    en = run_cli(P27_F06, tmp_path, capsys, "--format", "md", "--lang", "en")
    assert "already sells through a cross-border online channel" in en


#: panel 27 F14 (/tmp/panel27/F14.json): a 2,000-person MES / IIoT system integrator (KSIC 62021) with a Shanghai entity
P27_F14 = {"firm_id": "F14", "name": "㈜KN정보기술 (대형 SI, 상하이 법인 보유)", "employees": 2000, "revenue_krw_100m": 9500, "china_experience_years": 14, "has_china_entity": True, "chinese_speaking_staff": 25, "investment_capacity_krw_100m": 300, "certifications": ["ISO27001", "CMMI L3"], "risk_tolerance": "medium", "horizon_years": 7, "preferred_regions": [], "excluded_regions": [], "industry_code": "62021", "products": "스마트팩토리 MES·시스템 통합(SI), 클라우드 전환, 산업용 IoT 플랫폼"}  # fmt: skip
#: panel 27 F07 (/tmp/panel27/F07.json): a CCTV / traffic-signal maker given as scores (no code: it may make goods)
P27_F07 = {"firm_id": "F07", "name": "㈜세이프시티비전 (CCTV 영상분석·교통신호 제어)", "employees": 230, "revenue_krw_100m": 610, "china_experience_years": 4, "has_china_entity": False, "chinese_speaking_staff": 3, "investment_capacity_krw_100m": 30, "certifications": ["ISO9001", "GS인증", "KC"], "risk_tolerance": "medium", "horizon_years": 5, "preferred_regions": [], "excluded_regions": [], "capabilities": {"ai_software": 4, "semiconductors_sensors": 2, "cloud_big_data": 2, "iot_devices": 3, "automotive_mobility": 0, "smart_transport": 4, "urban_services": 5, "medical_devices": 0, "digital_health": 0, "biotech_genomics": 0, "smart_manufacturing": 0, "fintech": 0, "ecommerce_consumer": 0, "telecom_5g": 1, "agritech": 0, "energy_tech": 0, "logistics_tech": 0}}  # fmt: skip


def _device_conditions(out: dict) -> list[dict]:
    return [c for r in out["recommendations"] for c in r["strategy"]["conditions"] if c.get("goods_only")]


def test_p27_f14_an_iot_platform_integrator_is_not_told_it_supplies_cameras_and_sensors(tmp_path, capsys):
    out = json.loads(run_cli(P27_F14, tmp_path, capsys, "--format", "json"))
    top = out["recommendations"][0]
    # stop 30: smart city's central needs are transport and urban services, which this MES / cloud / IIoT integrator
    # does not bring — its own sectors lead (big data, then Shanghai industrial internet); the device condition below
    # is still checked wherever a smart-city row would show it
    assert (top["region_id"], top["sector_id"]) == ("CN-GZ", "big_data")
    assert [r["sector_id"] for r in out["recommendations"]][:2] == ["big_data", "industrial_internet"]
    # KSIC 62 makes no devices: the IoT capability it holds does not meet the device condition
    assert all(not c["makes_goods"] and c["met"] == 0.0 for c in _device_conditions(out))
    ko = run_cli(P27_F14, tmp_path, capsys, "--format", "md")
    assert "✔ 카메라·센서 같은 데이터 수집 장비는 수주 기업이 외부에서 조달합니다" not in ko


def test_p27_f07_a_camera_maker_given_as_scores_still_counts_its_devices(tmp_path, capsys):
    out = json.loads(run_cli(P27_F07, tmp_path, capsys, "--format", "json"))
    conds = _device_conditions(out)
    assert conds and all(c["makes_goods"] and c["have"] == P27_F07["capabilities"]["iot_devices"] for c in conds)
    assert any(c["met"] == 1.0 for c in conds)


#: panel 28 F09 (/tmp/panel28/F09.json): a 70-person welding-robot integrator (KSIC 29280), judged wrong
P28_F09 = {"firm_id": "F09", "certifications": ["ISO9001"], "preferred_regions": [], "excluded_regions": [], "name": "(주)로보웰드시스템", "employees": 70, "revenue_krw_100m": 210, "china_experience_years": 2, "has_china_entity": False, "chinese_speaking_staff": 1, "investment_capacity_krw_100m": 10, "risk_tolerance": "medium", "horizon_years": 5, "industry_code": "29280", "products": "산업용 용접·핸들링 로봇 시스템 통합(SI), 자동차 부품 자동화 라인, 머신비전 검사"}  # fmt: skip


def test_p28_f09_a_welding_robot_integrator_is_read_as_factory_automation(tmp_path, capsys):
    from features.facts import CAPABILITY_KEYS
    from features.firms.infer import default_inferrer

    inf = default_inferrer().infer(P28_F09["industry_code"], P28_F09["products"])
    caps = dict(zip(CAPABILITY_KEYS, inf.values))
    assert caps["smart_manufacturing"] == 4
    assert caps["automotive_mobility"] == 1  # before 3: "자동차 부품 자동화 라인" names the line's customer
    assert caps["ai_software"] == 2  # before 3: "머신비전 검사" without an AI word is image processing
    assert "'자동차 부품 자동화 라인'" in inf.reason
    out = json.loads(run_cli(P28_F09, tmp_path, capsys, "--format", "json"))
    top = out["recommendations"][0]
    # before: Beijing AI platform alliance tied with Beijing autonomous driving (Apollo partner)
    assert top["sector_id"] in ("industrial_internet", "robotics"), top["sector_id"]
    assert not any(r["sector_id"] == "autonomous_driving" for r in out["recommendations"])


def test_ai_vision_inspection_still_reads_as_ai():
    from features.facts import CAPABILITY_KEYS
    from features.firms.infer import default_inferrer

    caps = dict(zip(CAPABILITY_KEYS, default_inferrer().infer("46510", "자체 개발 AI 비전검사 장비").values))
    assert caps["ai_software"] >= 3 and caps["smart_manufacturing"] == 4  # labelled L260: mfg 4, AI 3


#: panel 28 F08 (/tmp/panel28/F08.json): an ESS / solar firm given as scores (energy 5)
P28_F08 = {"firm_id": "F08", "certifications": ["KC", "UL9540", "IEC62619"], "preferred_regions": [], "excluded_regions": [], "name": "(주)솔라엔에스", "employees": 230, "revenue_krw_100m": 1300, "china_experience_years": 5, "has_china_entity": False, "chinese_speaking_staff": 4, "investment_capacity_krw_100m": 80, "risk_tolerance": "medium", "horizon_years": 6, "capabilities": {"ai_software": 0, "semiconductors_sensors": 0, "cloud_big_data": 2, "iot_devices": 3, "automotive_mobility": 0, "smart_transport": 0, "urban_services": 0, "medical_devices": 0, "digital_health": 0, "biotech_genomics": 0, "smart_manufacturing": 2, "fintech": 0, "ecommerce_consumer": 0, "telecom_5g": 0, "agritech": 0, "energy_tech": 5, "logistics_tech": 0}}  # fmt: skip


def test_p28_f08_an_energy_supply_answer_says_the_reports_do_not_cover_the_equipment_market(tmp_path, capsys):
    out = json.loads(run_cli(P28_F08, tmp_path, capsys, "--format", "json"))
    assert any(r["sector_id"] == "smart_energy" and r["strategy_id"] == "component_supply"
               for r in out["recommendations"])  # fmt: skip
    note = next(n for n in out["coverage"]["notes"] if n["kind"] == "energy_supply_competition")
    assert note["evidence"] == [{"doc_id": "kiep_internet_plus_2018", "line_start": 1399, "line_end": 1426}]
    ko = run_cli(P28_F08, tmp_path, capsys, "--format", "md")
    assert "외국 공급사가 어떻게 경쟁하는지는 다루지 않습니다" in ko
    en = run_cli(P28_F08, tmp_path, capsys, "--format", "md", "--lang", "en")
    assert "how a foreign supplier competes there" in en


def test_no_energy_note_without_a_smart_energy_supply_row():
    from recommender.answer_notes import energy_supply_competition

    assert energy_supply_competition([{"rank": 1, "sector_id": "smart_energy", "strategy_id": "platform_alliance"},
                                      {"rank": 2, "sector_id": "robotics", "strategy_id": "component_supply"}]) is None


#: panel 30 F01, F02, F08 (/tmp/panel30), judged wrong on the merged code of this stop: a chip-etchant / CMP-slurry
#: maker sent to Shanghai robotics; a tier-2 stamping supplier and a refrigerated-truck body maker sent to Baidu Apollo /
#: Beijing self-driving, all from capabilities read off the code
P30_F01 = {"firm_id": "F01", "name": "한빛케미텍", "employees": 350, "revenue_krw_100m": 1200, "china_experience_years": 9, "has_china_entity": True, "chinese_speaking_staff": 6, "investment_capacity_krw_100m": 80, "certifications": ["ISO 9001", "ISO 14001"], "risk_tolerance": "medium", "horizon_years": 5, "preferred_regions": [], "excluded_regions": [], "industry_code": "20499", "products": "반도체용 고순도 식각액, CMP 슬러리, 디스플레이 공정용 세정제"}  # fmt: skip
P30_F02 = {"firm_id": "F02", "name": "대성프레스", "employees": 180, "revenue_krw_100m": 650, "china_experience_years": 6, "has_china_entity": True, "chinese_speaking_staff": 4, "investment_capacity_krw_100m": 30, "certifications": ["IATF 16949"], "risk_tolerance": "low", "horizon_years": 5, "preferred_regions": ["CN-JS"], "excluded_regions": [], "industry_code": "30320", "products": "차체 프레스 부품, 브라켓, 시트 프레임용 금형 부품 (현대·기아 2차 협력사)"}  # fmt: skip
P30_F08 = {"firm_id": "F08", "name": "한국냉동특장", "employees": 120, "revenue_krw_100m": 450, "china_experience_years": 0, "has_china_entity": False, "chinese_speaking_staff": 0, "investment_capacity_krw_100m": 20, "certifications": ["ISO 9001"], "risk_tolerance": "low", "horizon_years": 5, "preferred_regions": [], "excluded_regions": [], "industry_code": "30201", "products": "냉동·냉장 탑차 차체, 냉동기 장착 특장차"}  # fmt: skip


def test_p30_chip_materials_and_vehicle_bodies_are_industries_the_reports_do_not_treat(tmp_path, capsys):
    for firm, family in ((P30_F01, "semiconductor_materials"), (P30_F02, "vehicle_bodies"), (P30_F08, "vehicle_bodies")):
        out = json.loads(run_cli(firm, tmp_path, capsys, "--format", "json"))
        scope = out["industry_scope"]
        assert (scope["family"], scope["status"]) == (family, "not_covered"), firm["firm_id"]
        assert not out["recommendations"] and out["coverage"]["status"] == "none"
        assert scope["related"], firm["firm_id"]  # the passages that touch it, quoted
    scope = json.loads(run_cli(P30_F02, tmp_path, capsys, "--format", "json"))["industry_scope"]
    assert any(r["line_start"] <= 3532 <= r["line_end"] for r in scope["related"])  # Apollo's hardware partners


def test_vehicle_electronics_stay_covered():
    from recommender.industry_scope import family_of

    assert family_of("30320", "차체 프레스 부품").family_id == "vehicle_bodies"
    assert family_of("30320", "ADAS 카메라 브라켓, 차체 부품") is None or \
        family_of("30320", "ADAS 카메라 브라켓, 차체 부품").family_id != "vehicle_bodies"
    assert family_of("20499", "반도체용 고순도 식각액").family_id == "semiconductor_materials"
    assert family_of("20119", "석유화학 기초유분").family_id == "chemicals"


#: panel 29 F15 and F16 (/tmp/panel29): a cosmetics maker selling "온라인 판매, 따이공 경유 수출" told to add a channel it
#: had named; a smart-parking / traffic-signal AI software house sent to Beijing AI basic research
P29_F15 = {"certifications": ["CGMP"], "preferred_regions": [], "excluded_regions": [], "firm_id": "F15", "name": "동해화장품", "employees": 35, "revenue_krw_100m": 80, "china_experience_years": 2, "has_china_entity": False, "chinese_speaking_staff": 2, "investment_capacity_krw_100m": 5, "risk_tolerance": "medium", "horizon_years": 3, "industry_code": "20423", "products": "기초 화장품, 마스크팩 (온라인 판매, 따이공 경유 수출)"}  # fmt: skip
P29_F16 = {"certifications": ["GS인증"], "preferred_regions": [], "excluded_regions": [], "firm_id": "F16", "name": "에이블스마트시티", "employees": 95, "revenue_krw_100m": 210, "china_experience_years": 1, "has_china_entity": False, "chinese_speaking_staff": 2, "investment_capacity_krw_100m": 15, "risk_tolerance": "medium", "horizon_years": 5, "industry_code": "62021", "products": "스마트 주차 관제 시스템, 교통 신호 AI 분석 소프트웨어"}  # fmt: skip


def test_p29_f15_daigou_is_a_cross_border_channel(tmp_path, capsys):
    out = json.loads(run_cli(P29_F15, tmp_path, capsys, "--format", "json"))
    assert out["industry_scope"].get("channel"), out["industry_scope"]
    assert "따이공" in out["industry_scope"]["channel"]["words"]
    assert out["recommendations"][0]["sector_id"] == "ecommerce"


def test_p29_f16_a_traffic_signal_and_parking_software_house_reads_smart_transport_4(tmp_path, capsys):
    from features.facts import CAPABILITY_KEYS
    from features.firms.infer import default_inferrer

    caps = dict(zip(CAPABILITY_KEYS, default_inferrer().infer(P29_F16["industry_code"], P29_F16["products"]).values))
    assert caps["smart_transport"] == 4  # before 3: "주차 관제" and "교통 신호 … 분석" read as the bare "교통"
    top = json.loads(run_cli(P29_F16, tmp_path, capsys, "--format", "json"))["recommendations"][0]
    assert (top["region_id"], top["sector_id"]) == ("CN-ZJ", "smart_city")  # before: Beijing AI basic research


def test_an_insurtech_platform_reads_fintech_4():
    from features.facts import CAPABILITY_KEYS
    from features.firms.infer import default_inferrer

    caps = dict(zip(CAPABILITY_KEYS, default_inferrer().infer("66201", "보험 비교 플랫폼, 보험금 청구 자동화 솔루션").values))
    assert caps["fintech"] == 4  # panel 29 F13: before 2, "보험" as a customer word
