"""Issue 18, panels 25 and 26 (independent advisor panels on the stop-28 code): a "not covered" answer must not point to
a ranked list it no longer shows (panel 26 F12: a 2,000-person chip-equipment maker with a preferred Jiangsu was told
its preferred region "is inside the rank-1 sector-level answer" under "no opportunity to recommend"); a building
energy-management system is a building's, not a city service (panel 25 F10, judged wrong: a solar-ESS/BEMS maker was
sent to Hangzhou's City Brain supply chain, by 0.006, ahead of smart energy, its own field). Firms as the panels gave
them."""

from __future__ import annotations

import json

from features.facts import CAPABILITY_KEYS
from features.firms.infer import default_inferrer
from recommender.industry_scope import LIST_NOTES
from tests.panel_support import run_cli

#: panel 26 F12 (/tmp/panel26/F12.json)
P26_F12 = {"firm_id": "F12", "name": "㈜케이세미텍(가칭)", "employees": 2000, "revenue_krw_100m": 9800,
           "china_experience_years": 15, "has_china_entity": True, "chinese_speaking_staff": 40,
           "investment_capacity_krw_100m": 800, "certifications": ["ISO9001", "ISO14001", "SEMI S2"],
           "risk_tolerance": "medium", "horizon_years": 10, "preferred_regions": ["CN-JS"], "excluded_regions": [],
           "industry_code": "29271", "products": "반도체 증착·식각 장비, 디스플레이 제조용 장비"}  # fmt: skip


def test_p26_f12_not_covered_answer_names_no_rank_it_does_not_show(tmp_path, capsys):
    out = json.loads(run_cli(P26_F12, tmp_path, capsys, "--format", "json"))
    assert out["industry_scope"]["status"] == "not_covered"
    assert not out["recommendations"] and out["side_recommendations"]  # moved aside, not lost
    cov = out["coverage"]
    assert cov["status"] == "none"
    kinds = [n["kind"] for n in cov.get("notes") or []]
    assert "preferred_region" not in kinds  # before: "선호 지역 장쑤성: 1위 분야 수준의 답(…)에 포함됩니다"
    ko = run_cli(P26_F12, tmp_path, capsys, "--format", "md")
    assert "1위 분야 수준의 답" not in ko and "위 추천의 진입 방식" not in ko
    assert "보고서는 귀사의 주업종(반도체 장비)을 다루지 않아" in ko
    en = run_cli(P26_F12, tmp_path, capsys, "--format", "md", "--lang", "en")
    assert "rank-1" not in en.lower() and "The reports do not treat your main industry" in en


def test_notes_that_name_a_row_are_list_notes():
    # each of these notes names a rank or "the entry mode above" (recommender.answer_notes): with no ranked list
    # shown they would point to nothing
    for kind in ("preferred_region", "first_step_readiness", "ev_battery_chain", "riskiest_first"):
        assert kind in LIST_NOTES


#: panel 25 F10 (/tmp/panel25/F10.json)
P25_F10 = {"firm_id": "F10", "name": "㈜솔라에너지솔루션", "employees": 60, "revenue_krw_100m": 130,
           "china_experience_years": 2, "has_china_entity": False, "chinese_speaking_staff": 1,
           "investment_capacity_krw_100m": 20, "certifications": ["KS", "IEC62619"], "risk_tolerance": "medium",
           "horizon_years": 5, "preferred_regions": [], "excluded_regions": ["CN-GD"], "industry_code": "28114",
           "products": "태양광 연계 ESS, 건물 에너지관리시스템(BEMS), 공장 에너지 효율 진단"}  # fmt: skip


def test_p25_f10_a_bems_maker_is_an_energy_firm_not_a_city_services_one(tmp_path, capsys):
    inf = default_inferrer().infer(P25_F10["industry_code"], P25_F10["products"])
    caps = dict(zip(CAPABILITY_KEYS, inf.values))
    assert caps["energy_tech"] == 4
    assert caps["urban_services"] == 2  # before: 3 from "bems", which put smart city's fit within reach
    out = json.loads(run_cli(P25_F10, tmp_path, capsys, "--format", "json"))
    # before: Zhejiang smart city (tier-2 supply) at rank 1, smart energy second by 0.006
    assert out["recommendations"][0]["sector_id"] == "smart_energy"


#: panel 25 F09 (/tmp/panel25/F09.json): a cloud / big-data firm
P25_F09 = {
    "firm_id": "F09",
    "name": "㈜데이터브릭스코리아",
    "employees": 140,
    "revenue_krw_100m": 210,
    "china_experience_years": 1,
    "has_china_entity": False,
    "chinese_speaking_staff": 3,
    "investment_capacity_krw_100m": 30,
    "certifications": ["ISO27001", "CSAP"],
    "risk_tolerance": "high",
    "horizon_years": 5,
    "preferred_regions": [],
    "excluded_regions": [],
    "capabilities": {
        "ai_software": 4,
        "semiconductors_sensors": 0,
        "cloud_big_data": 5,
        "iot_devices": 0,
        "automotive_mobility": 0,
        "smart_transport": 0,
        "urban_services": 1,
        "medical_devices": 0,
        "digital_health": 0,
        "biotech_genomics": 0,
        "smart_manufacturing": 0,
        "fintech": 1,
        "ecommerce_consumer": 0,
        "telecom_5g": 0,
        "agritech": 0,
        "energy_tech": 0,
        "logistics_tech": 0,
    },
}


def test_p25_f09_the_2018_privacy_reading_is_dated_where_it_is_a_reason(tmp_path, capsys):
    # before: "✔ 중국은 개인정보 규제가 비교적 느슨해 … 이슈리포트는 봅니다" — a 2018 reading as a present-tense reason
    ko = run_cli(P25_F09, tmp_path, capsys, "--format", "md")
    # data19: the condition is flagged dated_judgement, so its line starts with the 2018-judgement mark; since risk31
    # (panel 34 F04) a dated reading of an opening is a ◇ note, not counted, never ✔
    assert "◇ (점수에 넣지 않은 참고) 2018년 보고서 기준 판단(최신 자료로 확인 필요) — 2018년 이슈리포트는 당시 중국의 개인정보 규제가 비교적 느슨해" in ko
    assert "✔ 2018년 보고서 기준 판단(최신 자료로 확인 필요) — 2018년 이슈리포트는 당시 중국의 개인정보" not in ko
    assert "중국은 개인정보 규제가 비교적 느슨해" not in ko
    en = run_cli(P25_F09, tmp_path, capsys, "--format", "md", "--lang", "en")
    assert ("◇ (a note, not counted in the score) As the 2018 report judged it (confirm with a newer source) — In 2018 "
            "the issue report judged China's privacy rules of the time relatively loose") in en
