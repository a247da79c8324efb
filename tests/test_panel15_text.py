"""Issue 18, panel 15 (on main 90575d8): wording a client read as a contradiction or a slip.

- F13, a 2,000-staff auto-parts maker: rank 1 is Beijing autonomous driving on Beijing's own facts, and rank 2, a
  sector-level row of the same sector, said "the reports treat autonomous driving only nationally" — it now says the
  listed regions rest on national data only and names the regions whose regional evidence exists;
- F08, a PCR-kit maker with low risk tolerance: "위험 감내도 '낮음'를" (wrong particle);
- F10, a snack maker: the nearest miss said "needs Nothing to bring to this mode";
- F05: "✔ IoT 기기 보유 3 (기준: 3 이상)" beside "IoT 기기 보유 3 · 필요 4 (부분)" — the tick is the entry mode's threshold,
  now said so. Firms as the panel gave them."""

from __future__ import annotations

import json
import re

from recommender import present
from tests.panel_support import caps
from tests.panel_support import run_cli as _run

BASE = {"revenue_krw_100m": 100, "china_experience_years": 2, "has_china_entity": False, "chinese_speaking_staff": 1,
        "investment_capacity_krw_100m": 15, "certifications": [], "risk_tolerance": "low", "horizon_years": 4,
        "preferred_regions": [], "excluded_regions": []}  # fmt: skip
AUTO = {**BASE, "firm_id": "F13", "name": "㈜대성오토모티브", "employees": 2000, "revenue_krw_100m": 9500,
        "china_experience_years": 15, "has_china_entity": True, "chinese_speaking_staff": 40,
        "investment_capacity_krw_100m": 800, "certifications": ["IATF16949", "ISO26262"], "risk_tolerance": "medium",
        "horizon_years": 10, "preferred_regions": ["CN-JS"],
        "capabilities": caps(semiconductors_sensors=3, iot_devices=2, automotive_mobility=5, smart_transport=2,
                             smart_manufacturing=4)}  # fmt: skip
PCR = {**BASE, "firm_id": "F08", "name": "㈜젠다이아", "employees": 22, "revenue_krw_100m": 35,
       "china_experience_years": 0, "chinese_speaking_staff": 0, "investment_capacity_krw_100m": 5,
       "certifications": ["ISO13485"], "industry_code": "21300", "products": "분자진단(PCR) 키트, 체외진단 시약"}  # fmt: skip
SNACK = {**BASE, "firm_id": "F10", "name": "㈜한맛푸드", "employees": 90, "revenue_krw_100m": 400,
         "certifications": ["HACCP", "FSSC22000"], "horizon_years": 3, "industry_code": "10799",
         "products": "김 스낵, 즉석 떡볶이 HMR, 편의점 PB 간편식"}  # fmt: skip
COLD = {**BASE, "firm_id": "F05", "name": "콜드체인3PL", "employees": 200, "china_experience_years": 3,
        "risk_tolerance": "medium",
        "capabilities": caps(logistics_tech=5, cloud_big_data=3, iot_devices=3, ecommerce_consumer=2)}  # fmt: skip


def test_a_sector_level_row_under_a_regional_answer_of_its_sector_does_not_say_only_nationally(tmp_path, capsys):
    out = json.loads(_run(AUTO, tmp_path, capsys, "--format", "json"))
    recs = out["recommendations"]
    assert (recs[0]["region_id"], recs[0]["sector_id"]) == ("CN-BJ", "autonomous_driving")
    level = [r for r in recs if r["sector_id"] == "autonomous_driving" and len(r.get("equivalent_regions") or []) > 1]
    assert level, "the panel's rank 2 was a sector-level autonomous-driving row"
    # pres20: the row's first line reworded ("전국 단위 답: … 지역별로는 베이징 …에 대해서만 기록하고, 그 밖의 지역은 …")
    for lang, never, said in (("ko", "자율주행 분야를 전국 단위로만", "그 밖의 지역은 전국 단위로만"),
                              ("en", "treat Autonomous driving only nationally", "treat it only nationally elsewhere")):
        md = _run(AUTO, tmp_path, capsys, "--format", "md", "--lang", lang)
        assert never not in md
        line = next(x for x in md.splitlines() if said in x)
        assert ("베이징" in line) if lang == "ko" else ("Beijing" in line)  # where the sector's regional evidence is


def test_the_risk_headline_particle_reads_right_for_every_tolerance(tmp_path, capsys):
    md = _run(PCR, tmp_path, capsys, "--format", "md")
    assert "'를" not in md and "'을" not in md
    # panel 24 item 5: the headline stands in the app and the workbook's risk sheet (the report: one number)
    out = json.loads(_run(PCR, tmp_path, capsys, "--format", "json"))
    assert re.search(r"위험 감내도\('낮음'\)를 반영해도 같음", present.risk_headline(out["recommendations"][0], "ko"))


def test_a_nearest_miss_says_what_is_missing_in_plain_english(tmp_path, capsys):
    md = _run(SNACK, tmp_path, capsys, "--format", "md", "--lang", "en")
    assert "Nothing to bring" not in md and "needs Nothing" not in md and "— needs Required" not in md
    assert "— missing: no capability to bring to this mode — it needs one of:" in md


def test_a_capability_tick_names_the_entry_mode_s_threshold_not_the_sector_s_need(tmp_path, capsys):
    md = _run(COLD, tmp_path, capsys, "--format", "md")
    assert re.search(r"✔ .*IoT 기기 보유 3 \(진입 방식 기준: 3 이상\)", md)
    assert "IoT 기기 보유 3 (기준: 3 이상)" not in md
    en = _run(COLD, tmp_path, capsys, "--format", "md", "--lang", "en")
    assert "IoT devices: you have 3 (this entry mode's threshold: 3 or more)" in en
