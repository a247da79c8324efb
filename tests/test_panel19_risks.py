"""Panel 19 F11 (a 150-person CCTV / smart-city hardware firm, Zhejiang excluded): it was told to supply cameras and
sensors as a tier-2 supplier, while the Hangzhou case the answer itself cites records that HIKVISION and Dahua
collect City Brain's video data (KIEP 4465–4485). Smart-city answers to firms entering with devices or sensors now
carry that local-competition risk, cited; firms without such hardware do not get it."""

from __future__ import annotations

from tests.panel_support import answer, caps

F11 = {"firm_id": "P19F11", "name": "세이프시티텍", "employees": 150, "revenue_krw_100m": 330,
       "china_experience_years": 5, "has_china_entity": False, "chinese_speaking_staff": 4,
       "investment_capacity_krw_100m": 30, "certifications": ["ISO9001", "KC"], "risk_tolerance": "medium",
       "horizon_years": 5, "excluded_regions": ["CN-ZJ"],
       "capabilities": caps(ai_software=3, semiconductors_sensors=2, cloud_big_data=2, iot_devices=4,
                            smart_transport=2, urban_services=3, telecom_5g=1)}  # fmt: skip


def _risk_ids(r: dict) -> list[str]:
    return [x["risk_id"] for x in r.get("sector_risks") or []]


def test_a_cctv_firms_smart_city_answer_names_the_local_camera_suppliers(kb, rec):
    recs = answer(kb, rec, F11)["recommendations"]
    city = [r for r in recs if r["sector_id"] == "smart_city"]
    assert city and all(r["region_id"] != "CN-ZJ" for r in recs)
    for r in city:
        assert "sc_local_component_suppliers" in _risk_ids(r), _risk_ids(r)
        row = next(x for x in r["sector_risks"] if x["risk_id"] == "sc_local_component_suppliers")
        assert "하이크비전" in row["text"]["ko"] and "HIKVISION" in row["text"]["en"]
        assert {"doc_id": "kiep_internet_plus_2018", "line_start": 4465, "line_end": 4485} in row["evidence"]
    assert "HIKVISION" in "".join(kb.docs["kiep_internet_plus_2018"].lines[4464:4485])  # the stored lines say it


def test_a_firm_without_devices_or_sensors_does_not_get_it(kb, rec):
    software = {**F11, "firm_id": "SCSW", "capabilities": caps(ai_software=4, urban_services=4, cloud_big_data=3)}
    for r in answer(kb, rec, software)["recommendations"]:
        assert "sc_local_component_suppliers" not in _risk_ids(r)
