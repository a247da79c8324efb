"""Issue 18 item 4, "strategies the firm cannot carry" (helper adv16): entry modes that depend on the firm's base in
China and on what it is, each on the panel firm that showed it (firms inline, as the panels wrote them).

- Panels 14 F13 and 17 F05 (smart-farm makers, readiness 0.00–0.01): "supply equipment" with no first step. Korean
  support channels were written for healthcare only; outside healthcare the reports propose Korean public support
  nationally (issue report 1716–1736), and that route is now the first entrant's rank-1 mode — the step before the
  modes documented there, which it does not replace as the opportunity's reason to exist.
- Panel 14 F06 (a vision-AI start-up, readiness 0.19): Beijing joint basic research and standards, "with a China R&D
  base" — the mode now needs readiness 0.2 (seminar 38–45, issue report 1665–1673, KIEP 6500–6506).
- Panel 16 F13 (a 2,000-person cold-chain 3PL, logistics 5): "parts, materials and equipment supply" as its fallback;
  logistics know-how no longer carries equipment supply (the smart-warehouse kit of KIEP 1583–1595 is IoT sensing and
  automation).
"""

from __future__ import annotations

import numpy as np

from recommender.report import recommendation_markdown
from recommender.strategies import china_readiness, first_entrant
from tests.panel_support import answer, batch, caps

#: /tmp/panel17/F05.json
P17_F05 = {"firm_id": "F05", "name": "팜링크(주)", "employees": 12, "revenue_krw_100m": 9, "china_experience_years": 0,
           "has_china_entity": False, "chinese_speaking_staff": 0, "investment_capacity_krw_100m": 1,
           "certifications": [], "risk_tolerance": "low", "horizon_years": 3, "preferred_regions": [],
           "excluded_regions": [], "capabilities": caps(cloud_big_data=1, iot_devices=3, agritech=4)}  # fmt: skip
#: /tmp/panel14/F13.json
P14_F13 = {"firm_id": "F13", "name": "그린팜랩(김제) 스마트 온실", "employees": 25, "revenue_krw_100m": 22,
           "china_experience_years": 0, "has_china_entity": False, "chinese_speaking_staff": 0,
           "investment_capacity_krw_100m": 3, "certifications": ["GAP"], "risk_tolerance": "low", "horizon_years": 5,
           "preferred_regions": [], "excluded_regions": [],
           "capabilities": caps(cloud_big_data=1, iot_devices=3, agritech=4)}  # fmt: skip
#: /tmp/panel14/F06.json
P14_F06 = {"firm_id": "F06", "name": "비전마인드(판교) 영상인식 AI", "employees": 60, "revenue_krw_100m": 45,
           "china_experience_years": 1, "has_china_entity": False, "chinese_speaking_staff": 1,
           "investment_capacity_krw_100m": 10, "certifications": ["GS인증"], "risk_tolerance": "high",
           "horizon_years": 3, "preferred_regions": [], "excluded_regions": [],
           "capabilities": caps(ai_software=5, cloud_big_data=3, iot_devices=2, smart_transport=2,
                                urban_services=2)}  # fmt: skip
#: /tmp/panel16/F13.json
P16_F13 = {"firm_id": "F13", "name": "한빛콜드체인물류", "employees": 2000, "revenue_krw_100m": 9500,
           "china_experience_years": 10, "has_china_entity": False, "chinese_speaking_staff": 12,
           "investment_capacity_krw_100m": 500, "certifications": ["HACCP", "ISO22000"], "risk_tolerance": "medium",
           "horizon_years": 7, "preferred_regions": [], "excluded_regions": [],
           "capabilities": caps(cloud_big_data=2, iot_devices=2, ecommerce_consumer=2, logistics_tech=5)}  # fmt: skip


def _ids(r: dict) -> tuple[str, str, str]:
    return r["region_id"], r["sector_id"], r["strategy_id"]


def _not_eligible(r: dict, sid: str) -> dict:
    return next(x for x in r["strategy"]["not_eligible"] if x["strategy_id"] == sid)


def test_a_farm_firm_with_no_china_base_starts_through_korean_support(kb, rec):
    for firm in (P17_F05, P14_F13):
        b = batch(kb, firm)
        assert first_entrant(b.firms).tolist() == [1.0]
        out = answer(kb, rec, firm)
        first = out["recommendations"][0]
        assert (first["sector_id"], first["strategy_id"]) == ("smart_agriculture", "korean_support_channels")
        assert first["strategy"]["first_step"] is True  # the step before the mode documented for the sector
        assert [u["strategy_id"] for u in first["strategy"]["runner_ups"]] == ["component_supply"]
        # before adv16 the rank-1 mode was component supply, with the first step only in a note
        assert all(n["kind"] != "first_step_readiness" for n in out["coverage"]["notes"])
    md = recommendation_markdown(out, kb, lang="ko", firm=b.firms.firm(0))
    rank1 = md[md.index("## 1위"):md.index("## 2위") if "## 2위" in md else len(md)]
    assert "이 첫 단계 다음에 택할, 보고서가 이 분야에 기록한 진입 방식: 부품·소재·장비 공급" in rank1
    assert "창업 지원체계가 협력해 국내 혁신창업기업의 중국 진출을 돕자고" in rank1
    assert "에 대한 기록:" not in rank1  # a national proposal, not said as one region's record
    assert "광저우의 한국보건산업진흥원" not in rank1  # the healthcare institutions only in healthcare answers
    en = recommendation_markdown(out, kb, lang="en", firm=b.firms.firm(0))
    assert "After this first step, the entry modes the reports document for this sector: Supply of parts" in en


def test_the_first_entrant_route_cites_its_lines_and_opens_no_opportunity_of_its_own(kb, rec):
    spec = kb.strategies["korean_support_channels"]
    route = next(c for c in spec["available_if"] if c["tag"] == "korean_public_support")
    assert route["opens_opportunity"] is False and "smart_healthcare" not in route["sectors"]
    assert {(e["doc_id"], e["line_start"], e["line_end"]) for e in route["evidence"]} == {
        ("china_4ir_issue_2018", 1716, 1724), ("china_4ir_issue_2018", 1726, 1736)}
    gate = next(c for c in spec["firm_conditions"] if c.get("field") == "first_entrant")
    assert gate["required"] and gate["weight"] == 0 and gate["evidence"]
    t = rec.strategies.ids.index("korean_support_channels")
    health = np.array([p.sector_id == "smart_healthcare" for p in kb.profiles])
    assert not rec.strategies.route_open[~health, t].any() and rec.strategies.open_here[~health, t].all()
    assert (rec.strategies.route_open[health, t] == rec.strategies.open_here[health, t]).all()
    # a first entrant with no capability to bring gets no opportunity through the support route alone
    out = answer(kb, rec, {**P17_F05, "capabilities": caps()})
    assert out["recommendations"] == [] and out["coverage"]["status"] == "none"


def test_a_firm_with_china_experience_keeps_its_documented_mode(kb, rec):
    """One year in China: past the first entry (no first-entrant route outside healthcare, as the first-step note)."""
    firm = {**P17_F05, "china_experience_years": 1}
    assert first_entrant(batch(kb, firm).firms).tolist() == [0.0]
    first = answer(kb, rec, firm)["recommendations"][0]
    assert _ids(first)[1:] == ("smart_agriculture", "component_supply")
    why = _not_eligible(first, "korean_support_channels")["missing"]
    assert any("중국에 아직 기반이 없는 기업" in m["ko"] and "추천 도구의 기준" in m["ko"] for m in why)
    assert any("base in China: yes" in m["en"] for m in why)


def test_a_start_up_below_readiness_02_gets_the_platform_route_not_joint_standards(kb, rec):
    b = batch(kb, P14_F06)
    assert round(float(china_readiness(b.firms)[0]), 4) == 0.1867
    out = answer(kb, rec, P14_F06)
    first = out["recommendations"][0]
    assert _ids(first) == ("CN-BJ", "ai", "platform_alliance")  # was standards_rnd_cooperation (rule 0.889)
    why = _not_eligible(first, "standards_rnd_cooperation")["missing"]
    assert any("중국 준비도(경험·법인·중국어 인력·투자 여력) 0.19 (기준: 0.2 이상)" in m["ko"] for m in why)
    assert any("below 0.2" in m["en"] and "platform alliance" in m["en"] for m in why)
    # more China experience never closes the mode: three years (readiness 0.35) opens it again
    ready = {**P14_F06, "china_experience_years": 3}
    assert answer(kb, rec, ready)["recommendations"][0]["strategy_id"] == "standards_rnd_cooperation"
    cond = next(c for c in kb.strategies["standards_rnd_cooperation"]["firm_conditions"]
                if c.get("field") == "china_readiness")  # fmt: skip
    assert {(e["doc_id"], e["line_start"]) for e in cond["evidence"]} == {
        ("kiep_seminar_2018", 38), ("china_4ir_issue_2018", 1665), ("kiep_internet_plus_2018", 6500)}


def test_a_logistics_operator_is_not_offered_equipment_supply(kb, rec):
    out = answer(kb, rec, P16_F13)
    rows = out["recommendations"]
    assert [_ids(r)[1:] for r in rows] == [("logistics", "platform_alliance")]
    assert rows[0]["strategy"]["runner_ups"] == []  # was component_supply (rule 0.333) — logistics know-how alone
    why = _not_eligible(rows[0], "component_supply")["missing"]
    assert any("이 방식으로 가져갈 역량이 없음" in m["ko"] and "물류" not in m["ko"] for m in why)
    assert [n["kind"] for n in out["coverage"]["notes"] if n["kind"] == "short_list"] == ["short_list"]
    # a logistics firm that makes the sensing kit (IoT 3) still carries it
    kit = {**P16_F13, "capabilities": caps(iot_devices=3, logistics_tech=5)}
    first = answer(kb, rec, kit)["recommendations"][0]
    assert "component_supply" in [first["strategy_id"]] + [u["strategy_id"] for u in first["strategy"]["runner_ups"]]


def test_a_warehousing_firm_by_its_ksic_code_supplies_no_warehouse_equipment(kb, rec):
    """Panel 16 F13 with its industry: a cold-storage operator (KSIC 52102) that also runs IoT sensing (3) is not
    offered equipment supply in logistics — the smart-warehouse kit is made goods (KIEP 1583–1595); a maker of it
    (KSIC 29, machinery) still is."""
    firm = {**P16_F13, "industry_code": "52102", "capabilities": caps(iot_devices=3, logistics_tech=5)}
    first = answer(kb, rec, firm)["recommendations"][0]
    assert _ids(first)[1:] == ("logistics", "platform_alliance")
    assert "component_supply" not in [u["strategy_id"] for u in first["strategy"]["runner_ups"]]
    why = _not_eligible(first, "component_supply")["missing"]
    assert any("스마트 창고 설비" in m["ko"] and "물류정보 플랫폼" in m["ko"] for m in why)
    assert any("smart-warehouse equipment" in m["en"] for m in why)
    maker = answer(kb, rec, {**firm, "industry_code": "29199"})["recommendations"][0]
    assert "component_supply" in [maker["strategy_id"]] + [u["strategy_id"] for u in maker["strategy"]["runner_ups"]]
