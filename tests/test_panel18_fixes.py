"""Panel 18 F06 (a 2,000-person auto-parts / ADAS maker with a Jiangsu joint venture): its Beijing self-driving answer
was named "tier-2 supply to the Chinese firms that win (government) projects" — in self-driving the reports name the
buyers instead: about 65 Chinese firms (Chery, Great Wall …) at the centre of Baidu's Apollo ecosystem, beside foreign
hardware suppliers (KIEP 3528–3536). The mode keeps its id and rule; its name and text in that sector say so."""

from __future__ import annotations

from recommender.present import strategy_description, strategy_label
from tests.panel_support import answer

F06 = {"firm_id": "P18F06", "name": "한국오토텍", "employees": 2000, "revenue_krw_100m": 9000,
       "china_experience_years": 15, "has_china_entity": True, "chinese_speaking_staff": 25,
       "investment_capacity_krw_100m": 500, "certifications": ["IATF16949"], "risk_tolerance": "medium",
       "horizon_years": 7, "industry_code": "30320", "products": "ADAS 센서 모듈, 전동식 조향장치, 자동차 전장부품"}  # fmt: skip


def test_self_driving_tier2_names_the_apollo_ecosystem_buyers(kb, rec):
    recs = answer(kb, rec, F06)["recommendations"]
    ad = [r for r in recs if r["sector_id"] == "autonomous_driving" and r["strategy_id"] == "tier2_supplier"]
    assert ad, [(r["region_id"], r["sector_id"], r["strategy_id"]) for r in recs]
    for lang, name_word, text_word in (("ko", "완성차", "치루이"), ("en", "carmakers", "Chery")):
        assert name_word in strategy_label(kb, "tier2_supplier", "autonomous_driving", lang)
        assert text_word in strategy_description(kb, ad[0], lang)
    lines = "".join(kb.docs["kiep_internet_plus_2018"].lines[3527:3536])
    assert "치루이" in lines and "콘티넨털" in lines  # the stored lines say it
    # other sectors keep the general name
    assert strategy_label(kb, "tier2_supplier", "smart_city", "ko") == kb.strategies["tier2_supplier"]["name_ko"]


def test_the_apollo_hardware_partner_line_does_not_deny_an_ai_firm_its_software_role(kb):
    """Panel 18 F15 (a 28-person self-driving software start-up, AI 5, automotive 4): its Apollo answer ticked "your
    role is the vehicle or parts partner, not the AI developer" right after crediting its AI 5. Apollo takes software
    partners too (Microsoft cloud, TomTom: KIEP 3532–3533); the line now offers the hardware seat without denying it."""
    spec = kb.strategies["open_platform_partner"]
    line = next(c for c in spec["firm_conditions"] if c.get("capability") == "automotive_mobility")
    assert "AI 개발사가 아니라" not in line["why_ko"] and "not the AI developer" not in line["why_en"]
    assert "소프트웨어 협력사" in line["why_ko"] and "software-partner" in line["why_en"]
    assert "마이크로소프트" in "".join(kb.docs["kiep_internet_plus_2018"].lines[3531:3533])
