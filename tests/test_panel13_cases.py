"""Issue 18, panels 12 and 13 (on the stop's merged code): a service-robot maker's "자율주행 실내 이동 플랫폼" is a robot's
base, not a car; a covered firm whose products line names an item the reports do not treat is told why the
industry-scope block is there; the summary never says "treats it only slightly (need 0)". Firms as the panels gave them."""

from __future__ import annotations

import json

from recommender import summary
from tests.panel_support import run_cli

BASE = {"revenue_krw_100m": 100, "china_experience_years": 1, "has_china_entity": False, "chinese_speaking_staff": 1,
        "investment_capacity_krw_100m": 20, "certifications": [], "risk_tolerance": "medium", "horizon_years": 4,
        "preferred_regions": [], "excluded_regions": []}  # fmt: skip
ROBOT = {**BASE, "firm_id": "F03", "name": "㈜로보서브", "employees": 95, "certifications": ["ISO9001", "KC"],
         "industry_code": "29280", "products": "서비스 로봇(안내·서빙·배송 로봇), 자율주행 실내 이동 플랫폼"}  # fmt: skip
COLD = {**BASE, "firm_id": "F15", "name": "콜드체인", "employees": 300, "industry_code": "52102",
        "products": "냉장·냉동 물류센터 운영, 콜드체인 운송, 식품 3PL"}  # fmt: skip


def test_a_service_robot_maker_s_indoor_self_driving_platform_is_no_car(tmp_path, capsys):
    out = json.loads(run_cli(ROBOT, tmp_path, capsys, "--format", "json"))
    # before: automotive 4 from "자율주행", rank 1 Beijing autonomous driving (Baidu Apollo)
    assert "'자율주행 실내 이동'" in out["capability_reason"]
    assert "automotive_mobility 2" in out["capability_reason"]
    sectors = [r["sector_id"] for r in out["recommendations"]]
    # robotics in the first three: since the industrial-internet recode (D001, D002; docs/audit/advisor_recodes.md)
    # Shanghai and Tianjin industrial internet (two regions, the per-sector cap) stand before it, as for the labelled
    # robot makers, whose expected sectors are industrial internet and robotics (L043, L045)
    assert "autonomous_driving" not in sectors[:3] and "robotics" in sectors[:3]


#: an online retailer (KSIC 47912) whose products name cosmetics: a covered firm with a scope block. (Before stop 29 the
#: case was a cold-chain 3PL storing "식품"; lex19 (panel 19 F06) took transport and warehousing codes out of the food
#: family, so that firm no longer gets a food block at all — the behaviour tested here moved to this firm.)
SHOP = {**BASE, "firm_id": "X1", "name": "역직구몰", "employees": 40, "industry_code": "47912",
        "products": "온라인 쇼핑몰 운영, 화장품 판매"}  # fmt: skip


def test_a_covered_firm_is_told_why_an_industry_scope_block_is_shown(tmp_path, capsys):
    ko = run_cli(SHOP, tmp_path, capsys, "--format", "md")
    block = ko.split("## 업종 범위: 화장품", 1)[1].split("## ", 1)[0]
    assert "귀사의 주업종(업종코드 47912, 소매업; 자동차 제외)은 보고서가 다루는 분야" in block
    assert "제품 설명에 나온 화장품 관련 품목은 보고서가 직접 다루지 않습니다" in block
    en = run_cli(SHOP, tmp_path, capsys, "--format", "md", "--lang", "en")
    assert "KSIC 47912 (" in en and "is one the reports treat" in en
    out = json.loads(run_cli(SHOP, tmp_path, capsys, "--format", "json"))
    assert out["industry_scope"]["status"] == "covered" and out["recommendations"]  # the answer itself is not gated


def test_a_cold_chain_3pl_gets_no_food_block(tmp_path, capsys):
    out = json.loads(run_cli(COLD, tmp_path, capsys, "--format", "json"))
    assert (out.get("industry_scope") or {}).get("family") != "food" and out["recommendations"]


def test_a_capability_the_sector_does_not_need_is_not_treated_only_slightly():
    r = {"capabilities": [{"capability": "automotive_mobility", "need": 5, "have": 4, "status": "partial"},
                          {"capability": "smart_manufacturing", "need": 0, "have": 5, "status": "matched"}]}  # fmt: skip
    caps = {"smart_manufacturing": 5, "automotive_mobility": 4}
    ko = summary._strongest_set_aside(r, caps, "ko")
    assert "필요 역량으로 꼽지 않습니다" in ko and "필요 0" not in ko
    assert "is not among what the reports say this sector needs" in summary._strongest_set_aside(r, caps, "en")
    r["capabilities"][1]["need"] = 2
    assert "작게만 다룹니다(필요 2)" in summary._strongest_set_aside(r, caps, "ko")
