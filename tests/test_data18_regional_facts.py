"""Stop 28, data18 (issue 18, "any of 22–23 regions"): regional facts the stored reports support for sectors the facts
had treated only nationally. Each fact places a firm the lines themselves put in a region (the KIEP report) and says
what the lines give it in the sector (the issue report); see docs/audit/advisor_recodes.md, "Stop 28, data18".

- D003 Zhejiang fintech: Alibaba a Hangzhou local firm (KIEP 4504–4506); Ant Financial (issue report 1447–1451).
- D004 Guangdong fintech: Tencent located in Shenzhen (KIEP 341, 5824–5826); internet bank, WeChat Pay (1467–1471).
- D005 Beijing fintech: Baidu and JD in Beijing (KIEP 3382–3384); JD Finance, Baidu's services (1431–1441).
- D006 Zhejiang e-commerce: Alibaba a Hangzhou local firm; China's largest commerce firm (141–143, 1299–1301).

Read and not adopted: Hangzhou City Brain's telecom network (KIEP 4467–4471) and parking sensors (4543–4547) as 5G / IoT
facts — they are the smart-city case (B059, B050), and coded again as IoT procurement they open the tier-2 route in
Hangzhou IoT for panel 11 F13 filed under a software code (tests/test_advisor_panel11.py). Huawei in Shenzhen as a
5G/telecom fact (KIEP 5824–5826 with issue report 149–151, a patent-suit line already coded as risk C026) only moved
which region stands for the 5G sector-level answer and the score shown with it.

The panel firms: panel 24 F05 (60-person fintech firm, "any of 23 regions … Ningxia on a par with Shanghai is
unhelpful") and panel 23 F06 (12-person cross-border cosmetics seller, KSIC 47912, e-commerce "any of 23 regions").
"""

from __future__ import annotations

import pytest

from recommender.engine import WEAK_CONFIDENCE
from tests.panel_support import BALANCED, answer, caps

KIEP, ISSUE = "kiep_internet_plus_2018", "china_4ir_issue_2018"

#: fact -> (region, sector, strength, words every one of which the cited lines must contain)
NEW = {
    "D003": ("CN-ZJ", "fintech", 2, ["알리바바를 비롯한 항저우의 로컬 기업", "앤트파이낸셜", "알리페이"]),
    "D004": ("CN-GD", "fintech", 2, ["광둥성을 대표하는 IT기업 텐센트", "선전시에 소재한", "인터넷은행", "위챗페이"]),
    "D005": ("CN-BJ", "fintech", 1, ["베이징에는 바이두와 징둥", "징둥금융", "독립적인 금융업체는 없으나"]),
    "D006": ("CN-ZJ", "ecommerce", 2, ["항저우의 로컬 기업", "최대 상거래업체인 알리바바", "전자상거래와 전자결제"]),
}

#: panel 24 F05 (페이링크): fintech 5, cloud 3, e-commerce 2; 60 staff, 1 year in China, risk tolerance high
P24_F05 = {"firm_id": "F05", "name": "페이링크", "employees": 60, "revenue_krw_100m": 90, "china_experience_years": 1,
           "has_china_entity": False, "chinese_speaking_staff": 2, "investment_capacity_krw_100m": 10,
           "certifications": ["ISMS"], "risk_tolerance": "high", "horizon_years": 3, "preferred_regions": [],
           "excluded_regions": [], "capabilities": caps(fintech=5, cloud_big_data=3, ecommerce_consumer=2)}  # fmt: skip
#: panel 23 F06 (뷰티브릿지): a cross-border cosmetics seller on Tmall Global, entered by KSIC code and products
P23_F06 = {"firm_id": "F06", "name": "뷰티브릿지", "employees": 12, "revenue_krw_100m": 25, "china_experience_years": 2,
           "has_china_entity": False, "chinese_speaking_staff": 2, "investment_capacity_krw_100m": 2,
           "certifications": [], "risk_tolerance": "medium", "horizon_years": 3, "preferred_regions": [],
           "excluded_regions": [], "industry_code": "47912",
           "products": "기초화장품·생활용품 온라인 판매, 티몰글로벌 역직구 입점, 라이브커머스"}  # fmt: skip


def _cited(kb, fact) -> str:
    return "".join("".join(kb.docs[r.doc_id].lines[r.line_start - 1 : r.line_end]) for r in fact.evidence)


def _squeeze(text: str) -> str:
    return "".join(text.split())


@pytest.mark.parametrize("fact_id", NEW)
def test_each_new_fact_says_only_what_its_lines_say(kb, fact_id):
    region, sector, strength, words = NEW[fact_id]
    f = kb.fact(fact_id)
    assert (f.region_id, f.sector_id, f.strength) == (region, sector, strength)
    # a firm's presence is demand (its ecosystem), never a policy designation; strength modest
    assert f.dimension == "demand" and f.strength <= 2
    assert {r.doc_id for r in f.evidence} <= {KIEP, ISSUE}
    text = _squeeze(_cited(kb, f))
    missing = [w for w in words if _squeeze(w) not in text]
    assert not missing, (fact_id, missing)
    assert f.note_ko and f.note_en


def test_the_platform_home_regions_of_fintech_and_ecommerce_are_documented(kb):
    # two substantive facts (strength 2) lift their region above the weak threshold; one mention (strength 1) does not
    assert kb.profile("CN-ZJ", "fintech").confidence >= WEAK_CONFIDENCE
    assert kb.profile("CN-GD", "fintech").confidence >= WEAK_CONFIDENCE
    assert kb.profile("CN-ZJ", "ecommerce").confidence >= WEAK_CONFIDENCE
    assert kb.profile("CN-BJ", "fintech").confidence < WEAK_CONFIDENCE


def test_no_regional_fact_rests_on_the_smart_city_case_lines_for_iot_or_5g(kb):
    # KIEP 4467–4471 (telecom operators) and 4543–4547 (parking sensors) stay smart city's (B059, B050)
    for f in kb.facts:
        if f.sector_id in ("iot", "telecom_5g") and f.region_id != "CN":
            assert not any(r.doc_id == KIEP and r.line_start <= 4547 and r.line_end >= 4467 for r in f.evidence), (
                f.fact_id
            )
    assert kb.fact("B059").sector_id == kb.fact("B050").sector_id == "smart_city"


def test_panel24_f05_fintech_firm_is_sent_to_hangzhou_on_its_own_facts(kb, rec):
    recs = answer(kb, rec, P24_F05)["recommendations"]
    first = recs[0]
    assert (first["sector_id"], first["region_id"]) == ("fintech", "CN-ZJ")
    assert len(first.get("equivalent_regions") or []) <= 1  # a regional answer, not "any of 23 regions"
    assert "D003" in {x["fact_id"] for x in first["reasons"]}
    # Guangdong (Tencent) is the other documented fintech region; it is listed in its own right
    gd = [r for r in recs if r["sector_id"] == "fintech" and r["region_id"] == "CN-GD"]
    assert gd and len(gd[0].get("equivalent_regions") or []) <= 1


def test_panel23_f06_cross_border_seller_is_sent_to_hangzhou_ecommerce(kb, rec):
    from features.firms import firms_from_records
    from recommender.industry_scope import apply_industry_gate, industry_scope

    table = firms_from_records([P23_F06], kb.regions).firms
    out = rec.recommend(table, 0, BALANCED, top=5, with_robustness=False)
    out = apply_industry_gate(out, table.firm(0), industry_scope(kb, table.firm(0)))
    first = out["recommendations"][0]
    assert (first["sector_id"], first["region_id"]) == ("ecommerce", "CN-ZJ")
    assert len(first.get("equivalent_regions") or []) <= 1
    assert "D006" in {x["fact_id"] for x in first["reasons"]}
