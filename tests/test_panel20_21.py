"""Panels 20 and 21 (issue 18), the findings fixed in stop 27, each on the panel's own firm."""

from __future__ import annotations

from features.facts import CAPABILITY_KEYS
from features.firms import firms_from_records
from tests.panel_support import answer

#: panel 20 F04 as the panel gave it: a 2,000-person EV drive-motor / inverter / BMS maker with a China entity
P20F04 = {"firm_id": "P20F04", "name": "대성모빌리티", "employees": 2000, "revenue_krw_100m": 8200,
          "china_experience_years": 12, "has_china_entity": True, "chinese_speaking_staff": 25,
          "investment_capacity_krw_100m": 500, "certifications": ["IATF16949", "ISO14001"], "risk_tolerance": "medium",
          "horizon_years": 7, "preferred_regions": ["CN-JS"], "industry_code": "30332",
          "products": "전기차 구동모터, 인버터, 배터리관리시스템(BMS) 모듈"}  # fmt: skip


def test_an_ev_powertrain_maker_is_read_as_a_vehicle_parts_maker_first(kb, rec):
    """It was read as automotive 3 / energy 4 and sent to grid storage (judged wrong): an EV's drive motor is a
    vehicle part at automotive 4, as the labelled set reads "구동모터, 감속기 (전기차용)" (L175). Its answer now puts
    Beijing self-driving in the first tie group. Since panel 26 (F02k) the BMS and inverter of this EV-parts line are
    read as vehicle electronics (automotive 3, energy 2: no storage, grid or solar word), not grid storage."""
    batch = firms_from_records([P20F04], kb.regions)
    caps = batch.firms.firm(0)["capabilities"]
    assert caps["automotive_mobility"] == 4 and caps["energy_tech"] == 2
    recs = answer(kb, rec, P20F04)["recommendations"]
    first = [r for r in recs if r["tie_group"] == recs[0]["tie_group"]]
    assert any((r["region_id"], r["sector_id"]) == ("CN-BJ", "autonomous_driving") for r in first), \
        [(r["region_id"], r["sector_id"]) for r in first]  # fmt: skip


def test_powertrain_words_alone_read_automotive_4():
    from features.firms.infer import Inferrer

    inf = Inferrer()
    for text in ("전기차 구동모터", "트랙션 모터", "e-파워트레인 부품", "차량용 인버터"):
        got = dict(zip(CAPABILITY_KEYS, inf.infer("", text).values))
        assert got["automotive_mobility"] == 4, (text, got)


def test_the_support_route_conditions_say_which_field_the_reports_advice_is_about(kb):
    """Panel 21 F01 and F13 (an AI start-up, an energy-efficiency firm): "the report advises using Korean support
    institutions at the first entry" was ticked in AI and energy answers, citing a healthcare passage only (KIEP
    6518–6524). The conditions now say the institutions advice is about healthcare and cite the issue report's
    proposal for every field (1726–1736)."""
    spec = kb.strategies["korean_support_channels"]
    conds = [c for c in spec["firm_conditions"] if c.get("field") in ("has_china_entity", "china_experience_years")]
    assert len(conds) == 2
    for c in conds:
        assert "헬스케어" in c["why_ko"] and "healthcare" in c["why_en"]
        cited = {(e["doc_id"], e["line_start"], e["line_end"]) for e in c["evidence"]}
        assert "1726–1736" in c["why_ko"] and ("china_4ir_issue_2018", 1726, 1736) in cited
    said = "".join(kb.docs["china_4ir_issue_2018"].lines[1725:1736]).replace(" ", "")
    assert "혁신창업지원시스템" in said and "중국진출" in said


def test_the_co_entry_risk_condition_names_both_tolerances_it_is_met_for(kb):
    """Panel 21 F01 (medium risk tolerance): "with a low risk tolerance, start with collaboration" was ticked for a
    medium-tolerance firm — the condition is met for low and medium, and now says so."""
    spec = kb.strategies["chinese_major_coentry"]
    c = next(c for c in spec["firm_conditions"] if c.get("field") == "risk_tolerance")
    assert c["value"] == ["low", "medium"]
    assert "낮거나 보통" in c["why_ko"] and "low or medium" in c["why_en"]


#: panel 20 F13: a 3-person digital-health app firm, ₩50m, low risk tolerance, no China experience
P20F13 = {"firm_id": "P20F13", "name": "헬스노트", "employees": 3, "revenue_krw_100m": 1.5, "china_experience_years": 0,
          "has_china_entity": False, "chinese_speaking_staff": 0, "investment_capacity_krw_100m": 0.5,
          "risk_tolerance": "low", "horizon_years": 3,
          "capabilities": {"digital_health": 4, "ai_software": 2, "cloud_big_data": 2}}  # fmt: skip


def test_a_support_route_answer_for_an_unready_firm_says_it_is_an_exploration_step(kb, rec, tmp_path, capsys):
    """Panel 20 F13 read its Guangdong healthcare answer (via KHIDI Guangzhou) without being told it is not ready:
    the summary's caveat now says the answer is an exploration step and what comes later, with the readiness."""
    from features.facts import CAPABILITY_KEYS
    from tests.panel_support import run_cli

    firm = {**P20F13, "capabilities": {k: P20F13["capabilities"].get(k, 0) for k in CAPABILITY_KEYS}}
    out = answer(kb, rec, firm)
    assert out["recommendations"][0]["strategy_id"] == "korean_support_channels" and out["readiness"] < 0.2
    for lang, said in (("ko", "탐색 단계입니다"), ("en", "exploration step")):
        md = run_cli(firm, tmp_path, capsys, "--format", "md", "--lang", lang)
        caveat = next(x for x in md.splitlines() if x.startswith(("- 주의", "- Caveat")))
        assert said in caveat and f"{out['readiness']:.2f}" in caveat, caveat


#: panels 22 F02 and 23 F06: cross-border online sellers (KSIC 47912, e-commerce retail) of cosmetics and household goods
P23F06 = {"firm_id": "P23F06", "name": "뷰티브릿지", "employees": 12, "revenue_krw_100m": 25, "china_experience_years": 2,
          "has_china_entity": False, "chinese_speaking_staff": 2, "investment_capacity_krw_100m": 2,
          "risk_tolerance": "medium", "horizon_years": 3, "industry_code": "47912",
          "products": "기초화장품·생활용품 온라인 판매, 티몰글로벌 역직구 입점, 라이브커머스"}  # fmt: skip


def test_a_cross_border_seller_of_household_goods_is_read_as_e_commerce(kb, rec):
    """"생활용품" (household goods) marks goods named after a technology ("!"), which capped every other word at 1: the
    seller's "역직구 … 라이브커머스" read e-commerce 1, and two panels were told "the reports do not cover cosmetics"
    (judged wrong: the reports treat cross-border e-commerce). The goods cap leaves e-commerce alone now."""
    from recommender.industry_scope import industry_scope

    firm = firms_from_records([P23F06], kb.regions).firms.firm(0)
    assert firm["capabilities"]["ecommerce_consumer"] == 4
    assert industry_scope(kb, firm)["status"] == "covered"
    recs = answer(kb, rec, P23F06)["recommendations"]
    assert recs and recs[0]["sector_id"] == "ecommerce"


def test_the_goods_cap_still_holds_technology_words_naming_goods():
    from features.firms.infer import Inferrer

    inf = Inferrer()
    got = dict(zip(CAPABILITY_KEYS, inf.infer("", "스마트폰 케이스 온라인 판매").values))
    assert got["iot_devices"] <= 1 and got["telecom_5g"] <= 1 and got["ecommerce_consumer"] == 4
    assert dict(zip(CAPABILITY_KEYS, inf.infer("", "클라우드 베개").values))["cloud_big_data"] <= 1


def test_direct_investment_names_nansha_as_an_example_only_in_healthcare(kb):
    """Panels 22 F01 and 24 F02 (auto-parts makers): a Beijing self-driving answer's "set up an entity in a policy zone"
    gave Guangzhou Nansha, a healthcare zone, as its example. The report's example is a healthcare one (KIEP
    6506–6512); the general text now points to the region's own record, the healthcare text keeps Nansha."""
    from recommender.present import strategy_description

    def text(sector: str, lang: str) -> str:
        r = {"strategy_id": "direct_investment_pilot_zone", "sector_id": sector,
             "strategy": {"description": {"ko": kb.strategies["direct_investment_pilot_zone"]["description_ko"],
                                          "en": kb.strategies["direct_investment_pilot_zone"]["description_en"]}}}  # fmt: skip
        return strategy_description(kb, r, lang)

    for lang, nansha in (("ko", "난사"), ("en", "Nansha")):
        assert nansha not in text("autonomous_driving", lang) and nansha not in text("ai", lang)
        assert nansha in text("smart_healthcare", lang)
    assert "난사" in "".join(kb.docs["kiep_internet_plus_2018"].lines[6505:6512])
