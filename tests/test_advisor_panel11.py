"""Issue 18, the eleventh independent advisor panel (two answers judged wrong, four questionable). Each test runs the
panel firm that showed the problem (the firm JSON as the panel gave it, inline) and asserts on the answer."""

from __future__ import annotations

from tests.panel_support import P11_F01, answer

#: a 10-person LoRa IoT sensor start-up (panel 11's F13)
F13 = {"firm_id": "F13", "name": "(주)센스랩 — IoT 센서 스타트업", "employees": 10, "revenue_krw_100m": 4,
       "china_experience_years": 0, "has_china_entity": False, "chinese_speaking_staff": 1,
       "investment_capacity_krw_100m": 2, "certifications": [], "risk_tolerance": "medium", "horizon_years": 3,
       "preferred_regions": [], "excluded_regions": [], "industry_code": "26429",
       "products": "저전력 무선 IoT 환경센서 모듈, LoRa 게이트웨이, 센서 데이터 대시보드"}  # fmt: skip


def test_iot_sensing_deployment_is_recorded_as_component_demand(kb):
    """C056 (issue report 1017–1021: planned deployment of IoT sensing facilities, 1.7 bn M2M connections) carries
    component_demand, like the national farm, energy and logistics plans (N001, N008, N013)."""
    fact = kb.fact("C056")
    assert "component_demand" in fact.tags
    assert {(e.line_start, e.line_end) for e in fact.evidence} == {(1017, 1021)}
    assert "감지" in fact.note_ko and "sensing" in fact.note_en


def test_an_iot_sensor_startup_gets_the_iot_sector_not_5g(kb, rec):
    """F13: rank 1 was 5G parts supply and the IoT sector never appeared; now IoT component supply leads."""
    out = answer(kb, rec, F13)
    first = out["recommendations"][0]
    # adv16: a first entrant (no China experience, readiness < 0.2) starts through Korean support, then supplies parts
    assert (first["sector_id"], first["strategy_id"]) == ("iot", "korean_support_channels")
    assert first["strategy"]["runner_ups"][0]["strategy_id"] == "component_supply"
    assert any("C056" == r.get("fact_id") for r in first["reasons"])


def test_an_iot_sector_closed_to_the_firm_is_named_with_why(kb, rec):
    """The same start-up filed under a software code (58222): component supply in IoT is for makers of hardware, so
    no IoT route is open to it — the answer says so instead of dropping the sector silently."""
    out = answer(kb, rec, {**F13, "industry_code": "58222"})
    assert out["recommendations"] and all(r["sector_id"] != "iot" for r in out["recommendations"])
    note = next(n for n in out["coverage"]["notes"] if n["kind"] == "closed_sectors")
    assert "사물인터넷" in note["ko"] and "부품·소재·장비 공급" in note["ko"]
    assert note["en"].startswith("No documented entry route your firm can take")
    assert "Internet of things" in note["en"] and "manufacturing" in note["en"]


def test_no_closed_sector_note_when_the_sector_is_ranked(kb, rec):
    """F13 as given: IoT is ranked, so no sector is reported closed."""
    out = answer(kb, rec, F13)
    assert all(n["kind"] != "closed_sectors" for n in out["coverage"]["notes"])


#: a 2,000-staff MEMS sensor maker with a Suzhou subsidiary, prefers Jiangsu, 5G capability 0 (panel 11's F11)
F11 = {"firm_id": "F11", "name": "세미센스(주) — MEMS 센서 (쑤저우 법인 보유)", "employees": 2000,
       "revenue_krw_100m": 12000, "china_experience_years": 14, "has_china_entity": True, "chinese_speaking_staff": 40,
       "investment_capacity_krw_100m": 800, "certifications": ["ISO9001", "IATF16949", "ISO14001"],
       "risk_tolerance": "medium", "horizon_years": 10, "preferred_regions": ["CN-JS"], "excluded_regions": [],
       "capabilities": {"ai_software": 0, "semiconductors_sensors": 5, "cloud_big_data": 0, "iot_devices": 4,
                        "automotive_mobility": 3, "smart_transport": 0, "urban_services": 0, "medical_devices": 1,
                        "digital_health": 0, "biotech_genomics": 0, "smart_manufacturing": 3, "fintech": 0,
                        "ecommerce_consumer": 0, "telecom_5g": 0, "agritech": 0, "energy_tech": 0,
                        "logistics_tech": 0}}  # fmt: skip


def test_sensors_head_the_iot_needs(kb):
    """Sensor technology heads the IoT core-technology breakthroughs (issue report 1029–1032, 1056–1060) and the plan
    deploys sensing facilities (1017–1021): in IoT the sensor need weighs as much as IoT devices."""
    need = {n.capability: n for n in kb.needs if n.sector_id == "iot"}
    assert need["semiconductors_sensors"].weight == need["iot_devices"].weight == 5
    assert {(e.line_start, e.line_end) for e in need["semiconductors_sensors"].evidence} >= {(1029, 1032), (1017, 1021)}


def test_a_mems_sensor_maker_without_5g_gets_iot_supply_using_its_subsidiary(kb, rec):
    """F11: rank 1 was 5G parts supply with 5G at 0 of the 5 it needs; a sensor maker now leads in IoT supply, its
    preferred Jiangsu is on the list, and the reason names its existing Chinese entity."""
    out = answer(kb, rec, F11)
    first = out["recommendations"][0]
    assert (first["sector_id"], first["strategy_id"]) == ("iot", "component_supply")
    assert "CN-JS" in first["equivalent_regions"]
    met = [c for c in first["strategy"]["conditions"] if c.get("met")]
    entity = next(c for c in met if c["name"] == "has_china_entity")
    assert "현지 거점" in entity["why_ko"] and "existing Chinese entity" in entity["why_en"]


def test_hangzhou_smart_city_follows_the_reports_tier2_advice(kb, rec):
    """F01: KIEP 6384–6396 — Hangzhou made every participant local, so firms with element technologies should
    cooperate at tier 2 with the participants. The City Brain partnership is closed there, and says why."""
    out = answer(kb, rec, P11_F01)
    first = out["recommendations"][0]
    assert (first["region_id"], first["sector_id"], first["strategy_id"]) == ("CN-ZJ", "smart_city", "tier2_supplier")
    closed = next(n for n in first["strategy"]["not_available_here"] if n["strategy_id"] == "open_platform_partner")
    assert any(w["kind"] == "unless" and "2차 협력" in w["ko"] and "tier-2" in w["en"] for w in closed["why"])
    spec = kb.strategies["open_platform_partner"]
    assert {(e["line_start"], e["line_end"]) for c in spec["unless"] for e in c["evidence"]} == {(6375, 6396)}


def test_the_summary_cites_every_passage_of_its_reason(kb, rec):
    """F01: the "open to foreign firms" claim rests on KIEP 6375–6384, the second passage of its fact; the summary
    cited the first (2969–2983, the list of platforms) only."""
    from recommender.summary import summary_lines

    out = answer(kb, rec, P11_F01)
    why = next(line for line in summary_lines(out, kb, "en") if line.startswith("Why"))
    assert "6375–6384" in why and "2969–2983" in why
    why_ko = next(line for line in summary_lines(out, kb, "ko") if line.startswith("이유"))
    assert "6375–6384행" in why_ko


#: a collaborative-robot and AGV maker, 320 staff (panel 11's F03)
F03 = {"firm_id": "F03", "name": "한빛로보틱스(주) — 협동로봇·AGV", "employees": 320, "revenue_krw_100m": 900,
       "china_experience_years": 4, "has_china_entity": False, "chinese_speaking_staff": 3,
       "investment_capacity_krw_100m": 80, "certifications": ["ISO9001", "CE", "KCs"], "risk_tolerance": "medium",
       "horizon_years": 7, "preferred_regions": [], "excluded_regions": [],
       "capabilities": {"ai_software": 3, "semiconductors_sensors": 2, "cloud_big_data": 0, "iot_devices": 3,
                        "automotive_mobility": 1, "smart_transport": 0, "urban_services": 0, "medical_devices": 0,
                        "digital_health": 0, "biotech_genomics": 0, "smart_manufacturing": 5, "fintech": 0,
                        "ecommerce_consumer": 0, "telecom_5g": 0, "agritech": 0, "energy_tech": 0,
                        "logistics_tech": 2}}  # fmt: skip


def test_robot_startups_that_threaten_incumbents_are_no_case_for_investing_in_them(kb, rec):
    """F03: issue report 173–177 says the start-ups multiplying with robot output "threaten existing makers"; C028
    carried that as a start-up ecosystem (a reason for start-up investment) and its note left the threat out."""
    fact = kb.fact("C028")
    assert "startup_ecosystem" not in fact.tags
    assert "위협" in fact.note_ko and "threat" in fact.note_en
    assert "위협적" in kb.quote("china_4ir_issue_2018", 173, 177)
    out = answer(kb, rec, F03)
    said = [r for x in out["recommendations"] for r in x["reasons"] if r.get("fact_id") == "C028"]
    assert said and all("threat" in r["note_en"] and "위협" in r["note_ko"] for r in said)
