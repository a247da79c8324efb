"""Issue 18, panels 21-24: a goods maker's stated cross-border sales channel is the e-commerce the reports treat
(panel 24 F09: a cosmetics maker "중국 역직구 판매 중" was told cosmetics are not covered, while a cross-border
retailer got the e-commerce answer from the same passages); a car's cabin-air sensor is no self-driving or city
sensor (panel 21 F12). Firms as the panels gave them."""

from __future__ import annotations

import json

import pytest

from features.facts import CAPABILITY_KEYS
from features.firms.infer import default_inferrer
from recommender.industry_scope import apply_industry_gate
from tests.panel_support import run_cli

#: panel 24 F09 (/tmp/panel24/F09.json), as the panel gave it
P24_F09 = {"certifications": ["CGMP"], "preferred_regions": [], "excluded_regions": [], "firm_id": "F09",
           "name": "아름코스메틱", "employees": 25, "revenue_krw_100m": 70, "china_experience_years": 3,
           "has_china_entity": False, "chinese_speaking_staff": 1, "investment_capacity_krw_100m": 3,
           "risk_tolerance": "medium", "horizon_years": 3, "industry_code": "20423",
           "products": "기초화장품, 마스크팩, 선크림 (중국 역직구 판매 중)"}  # fmt: skip
#: panel 21 F12 (/tmp/panel21/F12.json)
P21_F12 = {"firm_id": "F12", "name": "(주)센스마이크로", "employees": 60, "revenue_krw_100m": 110,
           "china_experience_years": 2, "has_china_entity": False, "chinese_speaking_staff": 2,
           "investment_capacity_krw_100m": 15, "certifications": ["ISO9001", "IATF16949"], "risk_tolerance": "medium",
           "horizon_years": 4, "preferred_regions": [], "excluded_regions": [], "industry_code": "26299",
           "products": "MEMS 가스센서, 적외선 온도센서 모듈, 차량용 미세먼지 센서"}  # fmt: skip


def test_p24_f09_a_cosmetics_maker_selling_cross_border_is_answered_on_that_channel(tmp_path, capsys):
    inf = default_inferrer().infer(P24_F09["industry_code"], P24_F09["products"])
    assert inf.veto and inf.channel == ("역직구",)
    assert "(sales channel stated: '역직구' → ecommerce_consumer)" in inf.reason
    out = json.loads(run_cli(P24_F09, tmp_path, capsys, "--format", "json"))
    scope = out["industry_scope"]
    # before: status not_covered, no recommendation, e-commerce moved to side_recommendations
    assert scope["status"] == "covered" and scope["family"] == "cosmetics"
    assert scope["channel"] == {"capability": "ecommerce_consumer", "level": 4, "words": ["역직구"], "source": "inferred"}
    assert scope["message"]["ko"].startswith("보고서는 화장품 산업 자체를 직접 다루지 않습니다. 다만 제품 설명에 적힌 판매 "
                                             "경로('역직구')는 보고서가 다루는 국경 간 전자상거래입니다")
    assert "not your cosmetics goods themselves" in scope["message"]["en"]
    assert scope["related"]  # the cross-border e-commerce passages stay
    recs = out["recommendations"]
    assert recs and {r["sector_id"] for r in recs} == {"ecommerce"}
    assert out["capability_sources"]["ecommerce_consumer"] == "products"  # inferred, not given
    ko = run_cli(P24_F09, tmp_path, capsys, "--format", "md")
    assert "판매 경로('역직구')" in ko and "다루지 않아 추천할 기회가 없습니다" not in ko
    summary = ko.split("**요약**", 1)[1].split("\n## ", 1)[0]
    assert "주의: 보고서는 화장품 제품 자체는 다루지 않습니다 — 이 답은 제품 설명의 판매 경로('역직구')를 따른 것입니다" in summary
    en = run_cli(P24_F09, tmp_path, capsys, "--format", "md", "--lang", "en")
    assert "Caveat: the reports do not treat cosmetics goods themselves — this answer follows the sales channel" in en
    from recommender.present import reason_text

    assert "(제품 설명에 적힌 판매 경로: '역직구' → 전자상거래·소비재)" in reason_text(out["capability_reason"], "ko")


@pytest.mark.parametrize(("code", "products", "words"), [
    ("20423", "더마 기초화장품, 마스크팩, 중국 라이브커머스 판매", ("중국 라이브커머스",)),  # panel 10 F11
    ("14112", "여성 캐주얼 의류, 온라인 자체 브랜드, 중국 온라인몰 판매", ("중국 온라인몰",)),  # panel 23 F16
    ("10799", "포장김치, 고추장·양념소스, 즉석 HMR 제품 (중국 대형마트·온라인 수출)", ("온라인 수출",)),  # panel 22 F11
    ("20423", "기초화장품·마스크팩 ODM/OEM, 중국 티몰글로벌 역직구 판매, 상하이 판매법인 운영",
     ("티몰글로벌", "역직구")),  # panel 15 F02
])
def test_other_panel_goods_makers_name_their_cross_border_channel(code, products, words):
    inf = default_inferrer().infer(code, products)
    assert inf.channel == words
    assert inf.values[CAPABILITY_KEYS.index("ecommerce_consumer")] >= 3  # e-commerce at 3 or more, from the text


@pytest.mark.parametrize(("code", "products"), [
    ("20423", "기초 화장품, 마스크팩, 선크림"),  # panel 21 F10: no channel
    ("20423", "기초 화장품(스킨케어), 마스크팩, 온라인 쇼핑몰 판매"),  # panel 9 F15: a domestic online shop
    ("14111", "남성 정장·코트 제조, 백화점 및 온라인 판매, 중국 OEM 봉제 위탁"),  # panel 11 F14: China is the factory
    ("10713", "쌀과자·김스낵 등 K-스낵, 중국 수출용 OEM 과자"),  # panel 16 F16: export, not online
    ("20423", "기초·색조 화장품 ODM/OEM 생산, 중국 브랜드사 납품"),  # panel 22 F16: supplies Chinese brands
])
def test_goods_makers_without_a_cross_border_channel_stay_uncovered(code, products):
    from recommender.industry_scope import _main_industry_uncovered, _stated_channel

    assert default_inferrer().infer(code, products).channel == ()
    assert _stated_channel(code, products) is None
    assert _main_industry_uncovered({"industry_code": code, "products": products})[0]


def test_the_channel_gate_keeps_only_what_rests_on_the_channel():
    scope = {"status": "covered", "channel": {"capability": "ecommerce_consumer", "level": 4, "words": ["역직구"],
                                              "source": "inferred"}}  # fmt: skip
    ecom = {"sector_id": "ecommerce", "capabilities": [{"capability": "ecommerce_consumer", "status": "partial"}]}
    other = {"sector_id": "smart_city", "capabilities": [{"capability": "urban_services", "status": "matched"}]}
    firm = {"capabilities": {"ecommerce_consumer": 4, "urban_services": 3},
            "capability_sources": {"ecommerce_consumer": "products", "urban_services": "products"}}  # fmt: skip
    result = {"recommendations": [other, ecom], "coverage": {"status": "ok", "notes": []}, "ties": None}
    out = apply_industry_gate(result, firm, scope)
    assert out["recommendations"] == [ecom] and out["side_recommendations"] == [other]
    out = apply_industry_gate({**result, "recommendations": [other]}, firm, scope)
    assert not out["recommendations"] and out["coverage"]["status"] == "none"
    firm["capability_sources"]["urban_services"] = "given"
    firm["capabilities"]["urban_services"] = 4  # a capability the firm gave at 4 carries its own recommendation
    assert apply_industry_gate(result, firm, scope)["recommendations"] == [other, ecom]


def test_p21_f12_a_car_s_cabin_air_sensor_is_no_self_driving_or_city_sensor():
    inf = default_inferrer().infer(P21_F12["industry_code"], P21_F12["products"])
    caps = dict(zip(CAPABILITY_KEYS, inf.values))
    # before: automotive_mobility 3 (from "차량용"), urban_services 3 (the dust sensor read as city air monitoring),
    # IoT 3 only through that; Beijing autonomous driving at rank 1 with smart city next
    assert caps["automotive_mobility"] == 2 and caps["urban_services"] == 0
    assert caps["semiconductors_sensors"] == 3 and caps["iot_devices"] == 3  # gas sensing is IoT sensing (L005)
    assert "'차량용 미세먼지 센서'" in inf.reason
    # an automotive sensor maker stays in both fields (panel 5)
    plain = dict(zip(CAPABILITY_KEYS, default_inferrer().infer("", "차량용 센서").values))
    assert plain["automotive_mobility"] == 3 and plain["semiconductors_sensors"] == 3
