"""Panels 18 F05, 19 F10 and 19 F14 (an ultrasound maker, a dental-implant maker, a molecular-diagnostics reagent
maker): each answer's headline reason was "Guangdong's plan includes Tencent's national AI medical-imaging platform"
(A068) — a role none of them can play. Among reasons of equal strength, a fact about a role the firm cannot play now
comes after the others (``engine.reason_off_role``); scores and ranks are unchanged."""

from __future__ import annotations

import pytest

from recommender.engine import reason_off_role
from tests.panel_support import answer, caps


def _firm(fid: str, **extra) -> dict:
    base = {"firm_id": fid, "name": fid, "employees": 80, "revenue_krw_100m": 200, "china_experience_years": 3,
            "has_china_entity": False, "chinese_speaking_staff": 3, "investment_capacity_krw_100m": 25,
            "certifications": ["ISO13485", "CE"], "risk_tolerance": "medium", "horizon_years": 5}  # fmt: skip
    return {**base, **extra}


#: panel 19 F10 and F14 as the panel gave them (KSIC code + products, capabilities inferred)
DENTAL = _firm("P19F10", industry_code="27199", products="치과용 임플란트, 디지털 구강스캐너")
REAGENTS = _firm("P19F14", employees=110, china_experience_years=2, industry_code="21102",
                 products="분자진단 시약, 유전체 분석 키트")  # fmt: skip
#: an imaging-AI firm: the platform is its role
IMAGING_AI = _firm("AIMG", capabilities=caps(ai_software=5, digital_health=4, medical_devices=2, cloud_big_data=3))
#: panel 13 F01, a traffic-systems maker: Hangzhou's City Brain takes element-technology partners
TRAFFIC = _firm("P13F01", capabilities=caps(ai_software=2, cloud_big_data=2, iot_devices=3, smart_transport=5,
                                            urban_services=4, telecom_5g=1))  # fmt: skip


def _first(kb, rec, firm) -> dict:
    out = answer(kb, rec, firm)
    assert out["recommendations"], firm["firm_id"]
    return out["recommendations"][0]


@pytest.mark.parametrize("firm", [DENTAL, REAGENTS], ids=lambda f: f["firm_id"])
def test_device_and_diagnostics_makers_do_not_lead_with_the_ai_imaging_platform(kb, rec, firm):
    first = _first(kb, rec, firm)
    assert (first["region_id"], first["sector_id"]) == ("CN-GD", "smart_healthcare")
    ids = [x["fact_id"] for x in first["reasons"]]
    assert ids[0] != "A068", ids
    if "A068" in ids:  # still shown, after the facts of its strength that speak to any healthcare firm
        assert kb.fact(ids[0]).strength >= kb.fact("A068").strength


def test_an_imaging_ai_firm_keeps_the_platform_first(kb, rec):
    recs = answer(kb, rec, IMAGING_AI)["recommendations"]
    gd = next(r for r in recs if (r["region_id"], r["sector_id"]) == ("CN-GD", "smart_healthcare"))
    assert gd["reasons"][0]["fact_id"] == "A068"


def test_a_traffic_systems_maker_keeps_city_brain_first(kb, rec):
    first = _first(kb, rec, TRAFFIC)
    assert (first["region_id"], first["sector_id"]) == ("CN-ZJ", "smart_city")
    assert first["reasons"][0]["fact_id"] == "A114"


def test_the_order_changes_which_reason_leads_not_which_reasons(kb, rec):
    """Guangdong smart healthcare's reasons with and without a device maker's capabilities: the same facts, another
    order (no score reads the order: ``reasons`` is called after scoring, for the shown answer only)."""
    j = next(i for i, p in enumerate(rec.profiles) if (p.region_id, p.sector_id) == ("CN-GD", "smart_healthcare"))
    plain = [x["fact_id"] for x in rec.reasons(rec.profiles[j], j, limit=99)]
    aware = [x["fact_id"] for x in rec.reasons(rec.profiles[j], j, limit=99, capabilities=caps(medical_devices=4))]
    assert sorted(plain) == sorted(aware) and plain != aware


def test_reason_off_role_reads_tags_per_sector():
    assert reason_off_role(("open_platform", "major_platform"), caps(medical_devices=5))
    assert not reason_off_role(("open_platform",), caps(ai_software=3))
    assert not reason_off_role(("open_platform",), caps(automotive_mobility=4))  # Apollo's partners (KIEP 6290–6296)
    assert reason_off_role(("internet_hospital",), caps(medical_devices=5))
    assert not reason_off_role(("internet_hospital",), caps(digital_health=3))
    assert not reason_off_role(("anchor_hospital", "major_platform"), caps(medical_devices=5))
    assert not reason_off_role(("open_platform",), caps(smart_transport=4), "smart_city")
    assert reason_off_role(("open_platform",), caps(smart_transport=4), "smart_healthcare")
    assert not reason_off_role(("open_platform",), {})  # no capabilities given: never


def test_a_diagnostics_reagent_maker_is_told_about_licensing(kb, rec):
    """Panel 19 F14 (molecular-diagnostics reagents, genomics kits; inferred biotech/genomics, no device level):
    its healthcare answer lacked the licensing risk the dental-implant maker got. The report says certification and
    licensing matter in this industry (KIEP 6512–6516), so the row applies to genomics firms too. Since panel 31 S4
    that is the device-registration row (the tool's note on the firm's own products, citing 6512–6516), not the
    medical-AI rule (AI 3 or digital health 3)."""
    first = _first(kb, rec, REAGENTS)
    kinds = [x for r in first.get("sector_risks") or [] for x in [r.get("risk_id")]]
    assert "hc_device_registration" in kinds, kinds
