"""Issue 18, the sixth advisor panel (/tmp/panel6 REPORT.md): a biologics CDMO sent to smart healthcare, drug GMP
counted as a device certification, a low-risk device maker, a cold-chain 3PL sent to equipment supply and a device
maker shown internet-hospital rules. Each test is on the panel's firm."""

from __future__ import annotations

import pytest

from features.firms import firms_from_records
from recommender.weights import preset_weights

W = preset_weights("balanced")

#: panel 6 F14: antibody biologics CDMO and cell-line development, KSIC 21102, KGMP / EU-GMP
CDMO = {"firm_id": "F14", "name": "바이오젠코", "employees": 250, "revenue_krw_100m": 700, "china_experience_years": 3,
        "has_china_entity": False, "chinese_speaking_staff": 3, "investment_capacity_krw_100m": 80,
        "certifications": ["KGMP", "EU-GMP"], "risk_tolerance": "medium", "horizon_years": 8,
        "industry_code": "21102", "products": "항체 바이오의약품 위탁개발생산(CDMO) 및 세포주 개발"}  # fmt: skip
#: panel 5 F12: genomic-analysis diagnostic kits under the same code
DIAGNOSTICS = {"firm_id": "F12", "name": "바이오젠택", "employees": 35, "revenue_krw_100m": 15,
               "china_experience_years": 0, "has_china_entity": False, "chinese_speaking_staff": 1,
               "investment_capacity_krw_100m": 5, "risk_tolerance": "high", "horizon_years": 5,
               "industry_code": "21102", "products": "유전체 분석 진단키트, 분자진단 시약"}  # fmt: skip
#: panel 6 F04: ultrasound and patient-monitor maker, low risk tolerance, ISO 13485 / KGMP / CE
DEVICES = {"firm_id": "F04", "name": "한빛메디칼", "employees": 120, "revenue_krw_100m": 310,
           "china_experience_years": 2, "has_china_entity": False, "chinese_speaking_staff": 1,
           "investment_capacity_krw_100m": 25, "certifications": ["ISO 13485", "KGMP", "CE"], "risk_tolerance": "low",
           "horizon_years": 5, "industry_code": "27112", "products": "초음파 진단기, 환자감시장치(모니터) 및 관련 소모품"}  # fmt: skip


def _answer(kb, rec, record, top=5):
    """What ``recommend`` answers (recommender/cli.py): the ranked list, then the industry gate."""
    from recommender.industry_scope import apply_industry_gate, industry_scope

    batch = firms_from_records([record], kb.regions)
    firm = batch.firms.firm(0)
    out = rec.recommend(batch.firms, 0, W, top=top, with_robustness=False)
    return apply_industry_gate(out, firm, industry_scope(kb, firm))


# 1. drug and biologics manufacturing is an industry the reports do not treat


def test_biologics_cdmo_gets_the_honest_out_of_scope_answer_with_passages(kb, rec):
    out = _answer(kb, rec, CDMO)
    scope = out["industry_scope"]
    assert scope["status"] == "not_covered" and scope["family"] == "drug_manufacturing"
    assert out["recommendations"] == [] and out["coverage"]["status"] == "none"
    assert all(r["sector_id"] != "smart_healthcare" for r in out["recommendations"])
    assert scope["related"], "the nearest passages are shown, as for other uncovered families"
    for p in scope["related"]:
        assert p["doc_id"] and p["line_start"] <= p["line_end"] and p["text"].strip()
    assert "다루지 않습니다" in scope["message"]["ko"] and "do not treat" in scope["message"]["en"]


def test_a_diagnostics_firm_under_the_same_code_still_gets_smart_healthcare(kb, rec):
    out = _answer(kb, rec, DIAGNOSTICS)
    assert out["industry_scope"]["status"] == "covered"
    assert out["recommendations"] and out["recommendations"][0]["sector_id"] == "smart_healthcare"


@pytest.mark.parametrize("code,products,family", [
    ("21210", "완제의약품(정제·캡슐) 제조", "drug_manufacturing"),
    ("", "백신 원료의약품 CMO", "drug_manufacturing"),
    ("21102", "유전체 분석 진단키트, 분자진단 시약", None),
    ("21301", "체외진단 시약", None),
    ("58221", "바이오의약품 생산관리 MES 소프트웨어", None),  # words alone do not make a software house a drug maker
    ("26211", "CMOS 이미지센서", None),
])  # fmt: skip
def test_drug_family_by_code_and_products(code, products, family):
    from recommender.industry_scope import family_of

    got = family_of(code, products)
    assert (got.family_id if got else None) == family


# 2. device certifications are not drug GMP


def test_certification_names_are_matched_canonically():
    from recommender.certifications import canonical, holds_any

    device = ["NMPA", "CFDA", "CE", "FDA", "FDA510K", "ISO13485", "MFDS"]
    for name in ("ISO 13485", "ISO13485:2016", "CE-MDR", "CE (MDR)", "FDA 510(k)", "KFDA 허가", "NMPA 등록", "cfda"):
        assert holds_any([name], device), name
    for name in ("KGMP", "EU-GMP", "cGMP", "GMP", "FDA cGMP", "PIC/S", "ISO 9001", "HACCP"):
        assert not holds_any([name], device), name
    assert canonical("KFDA") == "MFDS" and canonical("CFDA") == "NMPA"


def test_drug_gmp_does_not_meet_the_device_certification_condition(kb):
    """The condition of direct_investment_pilot_zone and cluster_colocation means medical-device certification
    (KIEP 6512–6516): F14's KGMP / EU-GMP fails it, F04's "ISO 13485" (written with a space) meets it."""
    from recommender.strategies import _certified

    batch = firms_from_records([CDMO, DEVICES, {**DEVICES, "firm_id": "X", "certifications": ["ISO 13485"]}],
                               kb.regions)  # fmt: skip
    for sid in ("direct_investment_pilot_zone", "cluster_colocation"):
        cond = [c for c in kb.strategies[sid]["firm_conditions"] if c.get("field") == "certifications"][0]
        assert "KGMP" not in cond["value"] and cond["evidence"]
        assert _certified(batch.firms, cond["value"]).tolist() == [False, True, True]


# 5. a device maker's barriers are device classification and approval, not internet-hospital rules


def test_device_maker_sees_device_classification_not_internet_hospital_rules(kb, rec):
    """F04's KSIC code gives an estimated digital_health of 1; the online-service rows (KIEP 5904–5922, 5924–5949)
    are about internet hospitals and online drug sales; a device maker's first barrier is its own registration (the
    tool's note citing KIEP 6512–6516, panel 31 S4)."""
    out = _answer(kb, rec, DEVICES)
    hc = [r for r in out["recommendations"] if r["sector_id"] == "smart_healthcare"]
    assert hc, "the device maker is offered smart healthcare"
    for r in hc:
        ids = [sr["risk_id"] for sr in r["sector_risks"]]
        assert ids[0] == "hc_device_registration", ids  # panel 31 S4: its own registration, the tool's note
        assert "hc_internet_hospital_licence" not in ids and "hc_online_drug_sales" not in ids, ids
    # a firm that runs an online medical service still meets them
    online = _answer(kb, rec, {**DEVICES, "firm_id": "T", "industry_code": "", "products": "",
                               "capabilities": {"digital_health": 4}})  # fmt: skip
    ids = {sr["risk_id"] for r in online["recommendations"] if r["sector_id"] == "smart_healthcare"
           for sr in r["sector_risks"]}  # fmt: skip
    assert "hc_internet_hospital_licence" in ids


# 4. a logistics service firm is not sent to equipment supply

#: panel 6 F07: cold-chain 3PL, capabilities given, excludes Guangdong
COLD_CHAIN = {"firm_id": "F07", "name": "한결콜드체인물류", "employees": 800, "revenue_krw_100m": 2400,
              "china_experience_years": 10, "has_china_entity": True, "chinese_speaking_staff": 15,
              "investment_capacity_krw_100m": 200, "certifications": ["HACCP", "ISO 9001"], "risk_tolerance": "medium",
              "horizon_years": 7, "excluded_regions": ["CN-GD"],
              "capabilities": {"logistics_tech": 5, "iot_devices": 3, "cloud_big_data": 2, "ecommerce_consumer": 2}}  # fmt: skip


def test_cold_chain_3pl_gets_the_logistics_platform_route_not_equipment_supply(kb, rec):
    out = _answer(kb, rec, COLD_CHAIN)
    logistics = [r for r in out["recommendations"] if r["sector_id"] == "logistics"]
    assert logistics and logistics[0]["strategy_id"] == "platform_alliance"
    met = {c["name"] for c in logistics[0]["strategy"]["conditions"] if c["met"] > 0}
    assert "logistics_tech" in met and "info_platform" in met
    spec = kb.strategies["platform_alliance"]
    cond = [c for c in spec["firm_conditions"] if c.get("capability") == "logistics_tech"][0]
    assert {"kiep_internet_plus_2018:1571-1581", "kiep_internet_plus_2018:1661-1665"} <= {
        str(e) if isinstance(e, str) else f"{e['doc_id']}:{e['line_start']}-{e['line_end']}" for e in cond["evidence"]}
    lines = kb.quote("kiep_internet_plus_2018", 1571, 1581).replace(" ", "")
    assert "제3자물류기구" in lines and "물류정보서비스플랫폼" in lines


def test_a_logistics_equipment_maker_still_supplies_equipment(kb, rec):
    """Smart-warehouse equipment is IoT sensing and automation (KIEP 1583–1595): a maker of it keeps the supply
    route (Beijing, with its documented logistics cluster, goes to co-location and is left out here)."""
    maker = {**COLD_CHAIN, "firm_id": "EQ", "excluded_regions": ["CN-BJ"],
             "capabilities": {"logistics_tech": 4, "smart_manufacturing": 4, "iot_devices": 4}}
    out = _answer(kb, rec, maker, top=10)
    logistics = [r for r in out["recommendations"] if r["sector_id"] == "logistics"]
    assert logistics and all(r["strategy_id"] != "platform_alliance" for r in logistics)
    assert logistics[0]["strategy_id"] == "component_supply"


# 3. co-entry with a Chinese major for a low-risk firm: the report's risk-reducing route, collaboration before equity


def test_low_risk_device_maker_is_told_collaboration_before_equity(kb, rec):
    """KIEP 443–447 advises collaborating with a Chinese major first *to reduce* policy risk, so co-entry stays open
    to a low-risk firm; the condition it meets says to start with collaboration, not equity (6422–6431: majors both
    invest and collaborate), and the mode's risks name the equity and control it can cost."""
    out = _answer(kb, rec, DEVICES)
    co = [r for r in out["recommendations"] if r["strategy_id"] == "chinese_major_coentry"]
    # risk31 (panels 31 S4, 34 F06): the co-entry device line explains only (the report has no device-maker case,
    # KIEP 6436-6451), so an ultrasound maker with no AI or digital-health line to bring is no longer offered the route
    assert not co
    spec = [c for c in kb.strategies["chinese_major_coentry"]["firm_conditions"] if c.get("field") == "risk_tolerance"][0]
    assert "지분" in spec["why_ko"] and "equity" in spec["why_en"] and "협업" in spec["why_ko"]
    quoted = kb.quote("kiep_internet_plus_2018", 443, 447).replace(" ", "")
    assert "리스크경감을위해중국대기업과협업" in quoted
    assert any("지분" in x for x in kb.strategies["chinese_major_coentry"]["risks_ko"])


def test_a_sector_scoped_condition_leaves_the_other_sectors_rule_scores_alone(kb, rec):
    """The logistics-only `info_platform` condition of the platform alliance counts only in logistics: in Beijing
    autonomous driving the alliance still ties the open platform (both ways into Apollo) for an auto-parts maker."""
    from recommender.strategies import counted_conditions

    spec = kb.strategies["platform_alliance"]
    assert any(c.get("tag") == "info_platform" for c in counted_conditions(spec, "logistics"))
    assert not any(c.get("tag") == "info_platform" for c in counted_conditions(spec, "autonomous_driving"))
    t = rec.strategies.ids.index("platform_alliance")
    bj = rec.opportunity_index("CN-BJ", "autonomous_driving")
    lg = [j for j, p in enumerate(rec.profiles) if p.sector_id == "logistics"][0]
    assert rec.strategies.total_weight[lg, t] - rec.strategies.total_weight[bj, t] == 2.0
