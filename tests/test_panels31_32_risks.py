"""Panels 31 and 32 (advisor panels on e2550c0): the sector barriers an answer shows and the precedents it picks.

* panel 32 P03 (cloud MSP), P08 (B2B SaaS): the online-services foreign-investment restriction (KIEP 6416–6422) was
  shown only in smart-healthcare answers; the sentence is about online services in general, so it is now the first
  barrier of a firm with cloud/big-data 3 or more in the smart-city, big-data, AI, industrial-internet, IoT and
  e-commerce answers (and fintech, after the payment rows) — unless the entry mode is component supply (a hardware
  supplier does not operate an online service in China);
* panel 31 S4 (dental-implant maker, devices 5, no AI): its barrier was the medical-AI classification rule and its
  precedents AI imaging (Lunit, Tencent Miying); it is now told that its own product needs Chinese device
  registration, which the reports do not treat (the tool's note, citing what they do say: KIEP 6512–6516, 6518–6524),
  and the medical-AI cases need AI 3 or digital health 3;
* panel 32 K04 (NGS genomics + liquid-biopsy kits): told that the reports do not treat genetic-data / human-genetic-
  resources rules (the tool's note, biotech/genomics 3 or more);
* panel 32 P07 (fabless chip designer → IoT parts supply): the supply answer rests on the 2018 "China lacks chips"
  reading (KIEP 2111–2121); it now says export controls and chip localisation after 2018 are outside the reports.
Firms as the panels gave them (/tmp/panel31/in, /tmp/panel32/inputs)."""

from __future__ import annotations

import json

import pytest

from features.facts import BuildError
from features.sector_risks import parse_conditions
from recommender.screening import screen_table
from tests.panel_support import BALANCED, NO_CAPABILITIES, answer, batch, caps, run_cli

P31_S4 = {"firm_id": "S4", "name": "㈜부산덴탈임플란트 (치과 임플란트·디지털 가이드)", "employees": 250, "revenue_krw_100m": 820, "china_experience_years": 6, "has_china_entity": False, "chinese_speaking_staff": 3, "investment_capacity_krw_100m": 50, "certifications": ["ISO13485", "CE", "FDA 510(k)"], "risk_tolerance": "medium", "horizon_years": 5, "preferred_regions": ["CN-SH", "CN-GD"], "excluded_regions": [], "capabilities": {**NO_CAPABILITIES, "ai_software": 1, "medical_devices": 5, "digital_health": 2, "biotech_genomics": 2, "smart_manufacturing": 2}}  # fmt: skip
P32_P03 = {"firm_id": "P03", "name": "㈜클라우드웨이브", "employees": 240, "revenue_krw_100m": 620, "china_experience_years": 2, "has_china_entity": False, "chinese_speaking_staff": 2, "investment_capacity_krw_100m": 40, "certifications": ["ISO27001", "CSAP"], "risk_tolerance": "low", "horizon_years": 5, "preferred_regions": ["CN-SH", "CN-JS"], "excluded_regions": [], "capabilities": {**NO_CAPABILITIES, "ai_software": 3, "cloud_big_data": 5, "smart_manufacturing": 1, "telecom_5g": 2}}  # fmt: skip
P32_P08 = {"firm_id": "P08", "name": "㈜워크플로우랩", "employees": 600, "revenue_krw_100m": 1450, "china_experience_years": 10, "has_china_entity": True, "chinese_speaking_staff": 15, "investment_capacity_krw_100m": 150, "certifications": ["ISO27001", "CSAP"], "risk_tolerance": "medium", "horizon_years": 5, "preferred_regions": ["CN-SD", "CN-JS"], "excluded_regions": [], "capabilities": {**NO_CAPABILITIES, "ai_software": 3, "cloud_big_data": 4, "smart_manufacturing": 2, "fintech": 1, "ecommerce_consumer": 1}}  # fmt: skip
P32_P07 = {"firm_id": "P07", "name": "㈜세미로직", "employees": 130, "revenue_krw_100m": 410, "china_experience_years": 8, "has_china_entity": True, "chinese_speaking_staff": 6, "investment_capacity_krw_100m": 50, "certifications": ["ISO9001", "ISO26262"], "risk_tolerance": "medium", "horizon_years": 7, "preferred_regions": ["CN-SH", "CN-GD"], "excluded_regions": [], "capabilities": {**NO_CAPABILITIES, "ai_software": 3, "semiconductors_sensors": 5, "iot_devices": 3, "automotive_mobility": 2, "telecom_5g": 2}}  # fmt: skip
#: panel 32 K04, the member-list row (/tmp/panel32/inputs/K04.csv) as a record
P32_K04 = {"firm_id": "214-86-10004", "name": "㈜진로드바이오", "industry_code": "70113", "products": "NGS 기반 유전체 분석 서비스, 액체생검 암 조기진단 키트", "employees": 110, "revenue_krw_100m": 190, "certifications": ["ISO15189", "CAP"], "china_experience_years": 3, "has_china_entity": False, "risk_tolerance": "medium", "preferred_regions": ["CN-SH"]}  # fmt: skip
MEDICAL_AI = ("legend_capital_lunit", "tencent_miying_shenzhen", "mobile_doctor_alibaba_cloud")


def _ids(r: dict) -> list[str]:
    return [sr["risk_id"] for sr in r["sector_risks"]]


@pytest.mark.parametrize("firm", [P32_P03, P32_P08], ids=["P03", "P08"])
def test_p32_cloud_and_saas_firms_are_told_of_the_online_services_restriction(tmp_path, capsys, firm):
    out = json.loads(run_cli(firm, tmp_path, capsys, "--format", "json"))
    recs = out["recommendations"]
    for r in recs:
        if r["sector_id"] in ("smart_city", "big_data", "ai"):
            first = r["sector_risks"][0]
            assert first["risk_id"].endswith("_online_foreign_investment"), _ids(r)
            assert {"doc_id": "kiep_internet_plus_2018", "line_start": 6416, "line_end": 6422} in first["evidence"]
            assert any("클라우드·빅데이터" in b["ko"] for b in first["applies_because"])
    # since stop 30 (smart city's central needs) these cloud / SaaS firms get big data first, not Zhejiang smart city
    assert recs[0]["sector_id"] == "big_data"
    ko = run_cli(firm, tmp_path, capsys, "--format", "md")
    main = next(x for x in ko.splitlines() if x.startswith("- 주요 위험"))
    assert "외국기업 진입 제한" in main and "온라인 서비스" in main and "6416–6422" in main
    en = run_cli(firm, tmp_path, capsys, "--format", "md", "--lang", "en")
    assert "Foreign investment in online services in China is considerably restricted" in en
    assert "The report says so in its smart-healthcare part, but the sentence is about online services in general" in en


def test_the_online_restriction_is_not_a_hardware_suppliers_barrier(kb, rec):
    """A sensor/IoT-module maker with a cloud back end (cloud 3) supplying parts: not an online service in China."""
    from recommender.risk_notes import sector_risks

    firm = {"capabilities": caps(cloud_big_data=3, semiconductors_sensors=5, iot_devices=4)}
    assert "iot_online_foreign_investment" not in [x["risk_id"] for x in sector_risks(kb, firm, "CN-GD", "iot",
                                                                                       "component_supply")]
    assert "iot_online_foreign_investment" in [x["risk_id"] for x in sector_risks(kb, firm, "CN-GD", "iot",
                                                                                   "platform_alliance")]
    # a firm without cloud/big-data 3 (an AI vision start-up, panel 32 P01's kind) is not told of it either
    assert not [x for x in sector_risks(kb, {"capabilities": caps(ai_software=5)}, "CN-BJ", "ai", "platform_alliance")
                if x["risk_id"] == "ai_online_foreign_investment"]


def test_p31_s4_an_implant_maker_is_told_its_own_device_registration_not_medical_ai_rules(kb, rec, tmp_path, capsys):
    out = json.loads(run_cli(P31_S4, tmp_path, capsys, "--format", "json"))
    recs = out["recommendations"]
    assert (recs[0]["region_id"], recs[0]["sector_id"]) == ("CN-GD", "smart_healthcare")
    for r in recs:
        assert _ids(r)[0] == "hc_device_registration" and "hc_ai_device_class" not in _ids(r), _ids(r)
        assert not set(MEDICAL_AI) & set(r["precedents"]), r["precedents"]
    reg = recs[0]["sector_risks"][0]
    assert reg["source"] == "tool" and reg["citation"]["ko"].startswith("추천 도구의 안내, 보고서 밖 내용")
    assert {(e["line_start"], e["line_end"]) for e in reg["evidence"]} == {(6512, 6516), (6518, 6524)}
    assert "인증및허가가중요" in kb.quote("kiep_internet_plus_2018", 6512, 6516).replace(" ", "")
    assert "의료기기협동" in kb.quote("kiep_internet_plus_2018", 6518, 6524).replace(" ", "")
    assert "khidi_guangzhou" in recs[0]["precedents"]
    ko = run_cli(P31_S4, tmp_path, capsys, "--format", "md")
    main = next(x for x in ko.splitlines() if x.startswith("- 주요 위험"))
    assert "중국 의료기기 등록" in main and "추천 도구의 안내" in main and "텐센트 미잉" not in main
    assert "보고서는 이 절차(등급 분류, 시험, 심사 기간)를 다루지 않으니" in ko
    assert "레전드 캐피털(레노버 모회사 계열)과 루닛" not in ko  # the case (an implication may still name Lunit)
    en = run_cli(P31_S4, tmp_path, capsys, "--format", "md", "--lang", "en")
    assert "needs its own Chinese medical-device registration" in en and "the tool's note, not from the reports" in en


def test_a_medical_ai_firm_still_gets_the_medical_ai_rule_and_cases(kb, rec):
    out = answer(kb, rec, {"firm_id": "mai", "employees": 60, "china_experience_years": 2,
                           "capabilities": caps(ai_software=4, medical_devices=3, digital_health=2)})  # fmt: skip
    hc = [r for r in out["recommendations"] if r["sector_id"] == "smart_healthcare"]
    assert hc and all("hc_ai_device_class" in _ids(r) for r in hc)
    assert rec.precedents_for("CN-GD", "smart_healthcare", "chinese_major_coentry",
                              capabilities=caps(ai_software=4))[:2] == ["pingan_overseas_fund", "legend_capital_lunit"]
    assert "legend_capital_lunit" not in rec.precedents_for("CN-GD", "smart_healthcare", "chinese_major_coentry",
                                                            capabilities=caps(medical_devices=5, ai_software=1))


def test_p32_k04_a_genomics_firm_is_told_genetic_data_rules_are_outside_the_reports(tmp_path, capsys):
    out = json.loads(run_cli(P32_K04, tmp_path, capsys, "--format", "json"))
    top = out["recommendations"][0]
    assert top["sector_id"] == "smart_healthcare"
    by_id = {sr["risk_id"]: sr for sr in top["sector_risks"]}
    gen = by_id["hc_genetic_data"]
    assert gen["source"] == "tool" and "인체 유전자원" in gen["text"]["ko"]
    assert "human genetic resources" in gen["text"]["en"]
    assert "hc_ai_device_class" not in by_id and "hc_device_registration" in by_id  # kits; no AI
    ko = run_cli(P32_K04, tmp_path, capsys, "--format", "md")
    assert "보고서는 유전자 정보와 인체 유전자원(시료·데이터)에 관한 중국 규정을 다루지 않는다" in ko


def test_p32_p07_a_chip_supply_answer_says_chip_rules_after_2018_are_outside_the_reports(kb, tmp_path, capsys):
    out = json.loads(run_cli(P32_P07, tmp_path, capsys, "--format", "json"))
    recs = out["recommendations"]
    assert (recs[0]["sector_id"], recs[0]["strategy_id"]) == ("iot", "component_supply")
    note = recs[0]["sector_risks"][0]
    assert note["risk_id"] == "iot_chip_rules_after_2018" and note["source"] == "tool"
    assert "수출통제" in note["text"]["ko"] and "Export controls" in note["text"]["en"]
    assert "약80%" in kb.quote("kiep_internet_plus_2018", 2111, 2121).replace(" ", "")
    assert "칩ㆍ첨단센서" in kb.quote("kiep_internet_plus_2018", 2532, 2540).replace(" ", "")
    assert {(e["line_start"], e["line_end"]) for e in note["evidence"]} == {(2111, 2121), (2532, 2540)}
    # not on an answer whose entry mode is not supply (the Apollo partner answer)
    assert all(not x.endswith("_chip_rules_after_2018") for r in recs[1:] for x in _ids(r))
    en = run_cli(P32_P07, tmp_path, capsys, "--format", "md", "--lang", "en")
    assert "China's chip-localisation policies since 2018 are not in these reports" in en


def test_applies_if_terms_join_with_and_and_negate_with_bang():
    conds = parse_conditions("cloud_big_data>=3&!strategy=component_supply;fintech>=3", {"component_supply"}, "t")
    from features.sector_risks import SectorRisk

    risk = SectorRisk("x", "iot", "", "foreign_access_restriction", conds, (), "", "", "")
    assert risk.met_conditions(caps(cloud_big_data=3), "platform_alliance") is not None
    assert risk.met_conditions(caps(cloud_big_data=3), "component_supply") is None
    assert [c.key for c in risk.met_conditions(caps(fintech=4), "component_supply")] == ["fintech"]
    with pytest.raises(BuildError, match="without '!'"):
        parse_conditions("!strategy=component_supply", {"component_supply"}, "t")


def test_screen_tables_list_the_opportunitys_cases_and_the_answer_the_firms(kb, rec):
    """The screen (lean and wide alike: the lean companion table is one row per opportunity, docs/DATA.md) lists
    the opportunity's precedents; the one-firm answer leaves out those the firm does not fit (panel 31 S4)."""
    firms = batch(kb, P31_S4).firms
    table = screen_table(rec, firms, BALANCED, top=5)
    one = rec.recommend(firms, 0, BALANCED, top=5, with_robustness=False)
    for (_, row), r in zip(table.iterrows(), one["recommendations"]):
        assert row.precedents == ";".join(rec.precedents_for(r["region_id"], r["sector_id"], r["strategy_id"]))
        assert set(r["precedents"]) <= set(rec.precedents_for(r["region_id"], r["sector_id"], r["strategy_id"], 9))
    # risk31: S4 is no longer sent to a Chinese major (its device line explains only), so no row of its screen is the
    # co-entry opportunity whose cases include the AI-imaging investment; a row listing it would stay out of the answer
    assert "legend_capital_lunit" not in ";".join(table.precedents)
    assert not any("legend_capital_lunit" in r["precedents"] for r in one["recommendations"])
    assert "yancheng_device_cooperative" in ";".join(table.precedents)
