"""Issue 18 item 3, panel 17 F15 (and panel 15): an ERP/MES cloud SaaS got "Guangdong · big data · platform alliance"
resting on health big-data deals — Nansha's health-and-medical big-data centre with CLP Data, Shenzhen's health
commission with Ping An on disease prediction, Shenzhen's health-data cooperation with Tencent and Huawei. Those
lines (KIEP 5719-5826) are the Guangdong smart-healthcare case of chapter 5 (table 5-6), so B139, B142, B145-B147
are smart-healthcare facts (docs/audit/advisor_recodes.md, stop 26, adv13); big data is led by Guizhou, China's
first big-data pilot zone (seminar 74-79)."""

from __future__ import annotations

import json

from recommender.cli import main

F15 = {"certifications": ["ISO27001", "CSAP"], "preferred_regions": [], "excluded_regions": [], "firm_id": "F15",
       "name": "(주)클라우드웍스", "employees": 95, "revenue_krw_100m": 110, "china_experience_years": 1,
       "has_china_entity": False, "chinese_speaking_staff": 2, "investment_capacity_krw_100m": 12,
       "risk_tolerance": "medium", "horizon_years": 5, "industry_code": "58222",
       "products": "기업용 ERP·MES 클라우드 SaaS, 스마트공장 데이터 플랫폼"}  # fmt: skip
HEALTH_DATA = ("B139", "B142", "B145", "B146", "B147")


def test_guangdong_health_data_facts_count_for_smart_healthcare(kb):
    for fid in HEALTH_DATA:
        f = kb.fact(fid)
        assert (f.region_id, f.sector_id) == ("CN-GD", "smart_healthcare")
    gd = next(p for p in kb.profiles if (p.region_id, p.sector_id) == ("CN-GD", "big_data"))
    assert not set(gd.sector_fact_ids) & set(HEALTH_DATA)
    hc = next(p for p in kb.profiles if (p.region_id, p.sector_id) == ("CN-GD", "smart_healthcare"))
    assert set(HEALTH_DATA) <= set(hc.sector_fact_ids)


def test_f15_big_data_answer_is_guizhou_not_guangdong_health_deals(tmp_path, capsys):
    path = tmp_path / "f15.json"
    path.write_text(json.dumps(F15, ensure_ascii=False), encoding="utf-8")
    capsys.readouterr()
    assert main(["recommend", str(path), "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    rows = out["recommendations"]
    assert (rows[0]["region_id"], rows[0]["sector_id"]) == ("CN-GZ", "big_data")  # was CN-GD big_data
    assert all(not (r["region_id"] == "CN-GD" and r["sector_id"] == "big_data") for r in rows[:3])
    reasons = [x.get("fact_id") for r in rows if r["sector_id"] == "big_data" for x in r["reasons"]]
    assert reasons and not set(reasons) & set(HEALTH_DATA)  # before: B139, B145 … led the reasons
