"""Issue 18, panel 26: the products inference read a product word as a sector. A drone maker (F04, KSIC 31312) was
read as smart manufacturing 4 from "점검용 로봇" and sent to Shanghai industrial internet; an EV-parts maker's "배터리
관리 시스템(BMS)" (F02k, KSIC 30320) read as energy 4 and sent to grid smart-energy supply under a battery/ESS scope
note; a cold-chain operator's "온도 관제 시스템" (F06) read IoT 0. Firms as the panel gave them
(/tmp/panel26/F04.json, F02k.json, F06.json)."""

from __future__ import annotations

import pytest

from features.facts import CAPABILITY_KEYS
from features.firms.infer import Inferrer
from recommender.industry_scope import industry_scope
from tests.panel_support import answer

F04 = {"firm_id": "F04", "name": "㈜스카이봇(가칭)", "employees": 14, "revenue_krw_100m": 9,
       "china_experience_years": 0, "has_china_entity": False, "chinese_speaking_staff": 1,
       "investment_capacity_krw_100m": 3, "certifications": [], "risk_tolerance": "high", "horizon_years": 5,
       "preferred_regions": [], "excluded_regions": [], "industry_code": "31312",
       "products": "산업용 드론, 드론 자율비행 제어 소프트웨어, 점검용 로봇"}  # fmt: skip
F02K = {"firm_id": "F02k", "name": "㈜한빛모터텍(가칭)", "employees": 640, "revenue_krw_100m": 2900,
        "china_experience_years": 12, "has_china_entity": True, "chinese_speaking_staff": 9,
        "investment_capacity_krw_100m": 120, "certifications": ["IATF16949", "ISO14001"], "risk_tolerance": "medium",
        "horizon_years": 7, "preferred_regions": ["CN-JS"], "excluded_regions": [], "industry_code": "30320",
        "products": "전기차 구동모터, 인버터, 배터리 관리 시스템(BMS)"}  # fmt: skip
F06 = {"firm_id": "F06", "name": "㈜프레시로지스(가칭)", "employees": 340, "revenue_krw_100m": 1100,
       "china_experience_years": 2, "has_china_entity": False, "chinese_speaking_staff": 2,
       "investment_capacity_krw_100m": 40, "certifications": ["HACCP"], "risk_tolerance": "medium", "horizon_years": 5,
       "preferred_regions": [], "excluded_regions": [], "industry_code": "52102",
       "products": "냉장·냉동 창고 운영, 콜드체인 물류, 온도 관제 시스템"}  # fmt: skip


@pytest.fixture(scope="module")
def inf():
    return Inferrer()


def _v(inf: Inferrer, code: str, text: str) -> dict[str, int]:
    return {k: v for k, v in zip(CAPABILITY_KEYS, inf.infer(code, text).values) if v}


# ------------------------------------------------------------------ F04: a drone maker


def test_f04_a_drone_maker_is_iot_and_autonomy_not_a_smart_factory_supplier(inf):
    v = _v(inf, F04["industry_code"], F04["products"])
    # before: smart_manufacturing 4, ai 2, cloud 2, iot 1, logistics 1
    assert v["smart_manufacturing"] == 2  # the inspection robot is a tool of the firm's, not a factory line product
    assert v["iot_devices"] == 3 and v["ai_software"] == 3 and v["automotive_mobility"] == 2
    assert v["semiconductors_sensors"] == 2  # the inspection robot's sensing
    assert v.get("logistics_tech", 0) == 1  # no delivery words: the KSIC prior's drone logistics drops a level


def test_f04_answer_leaves_the_smart_factory_sectors(kb, rec):
    recs = answer(kb, rec, F04)["recommendations"]
    assert recs
    # before: Shanghai · industrial internet at rank 1, robotics 4th
    assert recs[0]["sector_id"] not in ("industrial_internet", "robotics"), recs[0]["sector_id"]
    assert recs[0]["sector_id"] in ("ai", "iot", "autonomous_driving", "telecom_5g"), recs[0]["sector_id"]


@pytest.mark.parametrize(("text", "key", "level"), [
    ("배송 드론, 드론 배송 플랫폼", "logistics_tech", 4),  # what the drone does decides its field
    ("농업용 방제 드론", "agritech", 4),  # panel 10 F10
    ("드론 방제 서비스", "agritech", 4),  # labelled L133
    ("산업용 드론, 측량 드론", "iot_devices", 3),  # labelled L069
    ("산업용 드론, 측량 드론", "automotive_mobility", 2),
    ("순찰 로봇", "iot_devices", 2),
    ("산업용 로봇, 협동로봇", "smart_manufacturing", 4),  # a production-line robot stays a smart-factory product
])
def test_drone_and_robot_words_read_the_product_line(inf, text, key, level):
    assert _v(inf, "", text).get(key, 0) == level, (text, _v(inf, "", text))


def test_a_drone_alone_is_no_smart_factory_or_car_maker(inf):
    v = _v(inf, "", "산업용 드론, 측량 드론")
    assert v.get("smart_manufacturing", 0) == 0 and v["automotive_mobility"] < 3 and v.get("logistics_tech", 0) == 0


# ------------------------------------------------------------------ F02k: an EV-parts maker's BMS


def test_f02k_bms_and_inverter_of_an_ev_parts_line_are_vehicle_parts(inf):
    res = inf.infer(F02K["industry_code"], F02K["products"])
    v = _v(inf, F02K["industry_code"], F02K["products"])
    assert v == {"automotive_mobility": 4, "energy_tech": 2}, v  # before: automotive 4, energy 4
    assert res.top() == "automotive_mobility"


def test_f02k_answer_is_no_grid_storage_supply_and_no_battery_scope(kb, rec):
    out = answer(kb, rec, F02K)
    recs = out["recommendations"]
    # before: Jiangsu · smart energy · component supply at rank 1, industry scope "배터리·ESS"
    assert recs and recs[0]["sector_id"] != "smart_energy"
    assert "smart_energy" not in {r["sector_id"] for r in recs if r["tie_group"] == recs[0]["tie_group"]}
    scope = industry_scope(kb, F02K)
    assert scope["status"] == "covered" and scope["family"] is None  # before: "battery_ess" (배터리·ESS)


@pytest.mark.parametrize(("code", "text", "energy"), [
    ("", "자동차 전장부품, ADAS 카메라 모듈, 와이어링 하네스, 전기차 BMS", 2),  # panel 21 F06
    ("30332", "전기차 구동모터, 인버터, 배터리관리시스템(BMS) 모듈", 2),  # panel 20 F04
    ("", "전기차 구동모터, ESS용 BMS", 4),  # a storage word: the BMS is grid-side too
    ("", "전기차 구동모터, 태양광 인버터", 3),  # a solar inverter is energy equipment
    ("28119", "BMS (배터리관리시스템)", 4),  # labelled L190: a BMS maker alone
    ("28202", "ESS용 리튬이온 배터리팩, 배터리관리시스템(BMS), 태양광 연계 에너지저장장치", 4),  # panel 11 F04
    ("28202", "전기차 배터리 팩 냉각판, BMS 모듈, 배터리 케이스", 4),  # panel 15 P03k: a battery-pack maker's BMS
])
def test_bms_reads_energy_only_beside_storage_words_or_without_car_parts(inf, code, text, energy):
    assert _v(inf, code, text)["energy_tech"] == energy, _v(inf, code, text)


# ------------------------------------------------------------------ F06: cold-chain temperature monitoring


def test_f06_temperature_monitoring_is_iot(inf):
    res = inf.infer(F06["industry_code"], F06["products"])
    v = _v(inf, F06["industry_code"], F06["products"])
    assert v["iot_devices"] == 3 and v["logistics_tech"] == 4  # before: IoT 0
    assert res.top() == "logistics_tech"
    assert "'온도 관제'" in res.reason
    assert _v(inf, "52102", "냉장·냉동 창고 운영, 신선식품 콜드체인 3PL 물류, 온도관제 배송")["iot_devices"] == 3  # panel 19 F06


def test_f06_answer_stays_logistics(kb, rec):
    recs = answer(kb, rec, F06)["recommendations"]
    assert recs and recs[0]["sector_id"] == "logistics"


# ------------------------------------------------------------------ other panels: ITS core, cross-border payments


def test_panel23_f04_an_its_signal_controller_maker_reads_its_core_at_4(inf):
    """Panel 23 F04 ("ITS maker smart transport 3": its core under-rated); the labelled set reads "교통 신호제어기"
    (L037) and "지능형교통체계(ITS) 구축" (L248) at smart transport 4."""
    v = _v(inf, "62021", "지능형교통체계(ITS) 교통신호제어기, 교통정보 수집·돌발상황 검지 시스템, 스마트시티 통합관제 플랫폼")
    assert v["smart_transport"] == 4 and v["urban_services"] == 4  # before: smart transport 3
    assert _v(inf, "28903", "교통 신호제어기")["smart_transport"] == 4
    assert _v(inf, "", "주차장 관제, 철도차량 부품")["smart_transport"] == 3  # other transport words stay 3
    assert _v(inf, "", "its software and its cloud").get("smart_transport", 0) <= 3  # not raised to 4 by the bare "its"


@pytest.mark.parametrize("text", [
    "한중 크로스보더 간편결제 대행(PG), 면세점·관광객 결제 정산 솔루션",  # panel 16 F12
    "간편결제 PG 서비스, 크로스보더 결제 정산 플랫폼",  # panel 10 F06
    "크로스보더 간편결제 PG, 환전 정산 서비스",  # panel 2 F08 ("ecommerce 4 inferred from PG")
    "해외 간편결제 정산 대행, 크로스보더 결제 게이트웨이(PG) 서비스",  # panel 6 F06
])
def test_cross_border_payments_are_fintech_not_a_sales_channel(inf, text):
    res = inf.infer("66199", text)
    v = _v(inf, "66199", text)
    assert v["fintech"] == 4 and v["ecommerce_consumer"] == 2, v  # before: e-commerce 4 from "크로스보더"
    assert v.get("iot_devices", 0) == 0  # "결제 게이트웨이" is a PG, not an IoT gateway
    assert res.channel == ()


def test_a_cross_border_seller_keeps_its_channel(inf):
    res = inf.infer("47912", "크로스보더 전자상거래 역직구, 해외 결제 대행")
    assert res.channel == ("크로스보더", "역직구") and _v(inf, "47912", "크로스보더 전자상거래 역직구")["ecommerce_consumer"] == 4


#: panel 16 F12 (/tmp/panel16/F12.json), as the panel gave it
P16_F12 = {"certifications": ["PCI-DSS"], "preferred_regions": [], "excluded_regions": [], "firm_id": "F12",
           "name": "페이링크(크로스보더 결제)", "employees": 80, "revenue_krw_100m": 120, "china_experience_years": 2,
           "has_china_entity": False, "chinese_speaking_staff": 5, "investment_capacity_krw_100m": 15,
           "risk_tolerance": "medium", "horizon_years": 3, "industry_code": "66199",
           "products": "한중 크로스보더 간편결제 대행(PG), 면세점·관광객 결제 정산 솔루션"}  # fmt: skip


def test_panel16_f12_a_payment_firm_is_answered_in_fintech_only(kb, rec):
    recs = answer(kb, rec, P16_F12)["recommendations"]
    assert recs and recs[0]["sector_id"] == "fintech"
    # before: Zhejiang and Anhui e-commerce at ranks 3 and 5, from e-commerce 4 read off "크로스보더"
    assert "ecommerce" not in {r["sector_id"] for r in recs}


#: panel 19 F06 (/tmp/panel19/F06.json), as the panel gave it: a cold-chain 3PL
P19_F06 = {"certifications": ["HACCP", "ISO22000"], "preferred_regions": [], "excluded_regions": [], "firm_id": "F06",
           "name": "㈜한결콜드체인", "employees": 210, "revenue_krw_100m": 640, "china_experience_years": 2,
           "has_china_entity": False, "chinese_speaking_staff": 4, "investment_capacity_krw_100m": 60,
           "risk_tolerance": "medium", "horizon_years": 5, "industry_code": "52102",
           "products": "냉장·냉동 창고 운영, 신선식품 콜드체인 3PL 물류, 온도관제 배송"}  # fmt: skip


def test_panel19_f06_a_cold_chain_warehouse_carrying_fresh_food_is_no_food_maker(kb, rec):
    """The panel found the answer's "업종 범위: 식품·음료" section confusing for a logistics client: the warehouse
    code (52) stores the food it names; a retailer or a food code with the same words keeps the food scope."""
    from recommender.industry_scope import family_of

    scope = industry_scope(kb, P19_F06)
    assert scope["status"] == "covered" and scope["family"] is None and "message" not in scope  # before: "food"
    assert answer(kb, rec, P19_F06)["recommendations"][0]["sector_id"] == "logistics"
    assert family_of("47912", "김치, 반찬 온라인 판매").family_id == "food"
    assert family_of("", "신선식품 가공").family_id == "food"
    assert family_of("52102", "냉장 창고 운영") is None


def test_f04_the_answer_says_the_reports_barely_treat_drones(kb, rec):
    """Panel 26 F04: "No scope note says the reports barely treat drones (they appear only in issue 1259 and KIEP
    1934 and 2918)". The drone family is covered (the answer follows the inferred capabilities) with a plain note
    and exactly those passages; a farm-machinery maker's spraying drones are no drone family."""
    from recommender.industry_scope import family_of

    scope = industry_scope(kb, F04)
    assert scope["status"] == "covered" and scope["family"] == "drones"  # before: family None, no note
    assert scope["message"]["ko"].startswith("보고서는 드론 산업을 하나의 분야로 다루지 않습니다")
    assert "The reports do not treat drones as a sector" in scope["message"]["en"]
    cited = {(r["doc_id"], r["line_start"]) for r in scope["related"]}
    assert {("kiep_internet_plus_2018", 1934), ("kiep_internet_plus_2018", 2918),
            ("china_4ir_issue_2018", 1259)} <= cited  # fmt: skip
    assert family_of("29210", "트랙터 부착 작업기, 농업용 방제 드론, 자율주행 이앙기") is None  # panel 10 F10
    assert family_of("", "배송 드론").family_id == "drones"
