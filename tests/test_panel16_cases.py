"""Issue 18, panel 16 (on the merged code 579c301): the two answers it judged wrong.

- F08, a 30-person language-learning app filed under software (KSIC 58222, "AI 한국어·영어 말하기 학습 앱, 학교용 온라인
  수업 플랫폼"): read as AI 4 and sent to Beijing AI basic research and standards. A learning app sells teaching; the
  reports name online education only as one Internet Plus business (KIEP 97; issue report 1593) — now "the reports do
  not treat education and edtech", with the passages that touch it.
- F05, a chip/display equipment maker entered as capability scores only (sensors 5, smart manufacturing 4): a
  confident IoT answer, while the same firm as KSIC 29271 is told its industry is not treated. With no code and no
  products there is nothing to check the industry against — the answer now says so and how to check."""

from __future__ import annotations

import json

from recommender.industry_scope import UNCHECKED_NOTE
from tests.panel_support import caps, run_cli

BASE = {"preferred_regions": [], "excluded_regions": [], "risk_tolerance": "medium", "horizon_years": 5}
EDTECH = {**BASE, "firm_id": "F08", "name": "에듀브릿지(어학 에듀테크)", "employees": 30, "revenue_krw_100m": 35,
          "china_experience_years": 1, "has_china_entity": False, "chinese_speaking_staff": 3,
          "investment_capacity_krw_100m": 3, "certifications": [], "risk_tolerance": "high", "horizon_years": 3,
          "industry_code": "58222", "products": "AI 한국어·영어 말하기 학습 앱, 학교용 온라인 수업 플랫폼"}  # fmt: skip
EQUIPMENT = {**BASE, "firm_id": "F05", "name": "나노프로세스(반도체·디스플레이 장비)", "employees": 600,
             "revenue_krw_100m": 2800, "china_experience_years": 9, "has_china_entity": False,
             "chinese_speaking_staff": 6, "investment_capacity_krw_100m": 200, "certifications": ["SEMI S2", "CE"],
             "capabilities": caps(ai_software=2, semiconductors_sensors=5, iot_devices=1, smart_manufacturing=4)}  # fmt: skip


def test_a_learning_app_under_a_software_code_is_told_education_is_not_treated(tmp_path, capsys):
    out = json.loads(run_cli(EDTECH, tmp_path, capsys, "--format", "json"))
    assert out["recommendations"] == []  # before: Beijing AI · basic research and standards
    scope = out["industry_scope"]
    assert scope["status"] == "not_covered" and scope["industry"]["en"] == "education and edtech"
    assert scope["related"] and all("교육" in r["text"] or "러닝" in r["text"] for r in scope["related"])
    md = run_cli(EDTECH, tmp_path, capsys, "--format", "md")
    assert "보고서는 귀사의 주업종(교육·에듀테크)을 다루지 않아" in md


def test_a_firm_given_as_scores_only_is_told_its_industry_was_not_checked(tmp_path, capsys):
    out = json.loads(run_cli(EQUIPMENT, tmp_path, capsys, "--format", "json"))
    assert out["recommendations"]
    kinds = [n["kind"] for n in out["coverage"]["notes"]]
    assert kinds.count("industry_unchecked") == 1
    md = run_cli(EQUIPMENT, tmp_path, capsys, "--format", "md")
    assert UNCHECKED_NOTE["ko"] in md
    en = run_cli(EQUIPMENT, tmp_path, capsys, "--format", "md", "--lang", "en")
    assert UNCHECKED_NOTE["en"] in en
    # the same firm with its KSIC code is checked: no such note, and the reports' silence on its industry is said
    coded = {**EQUIPMENT, "industry_code": "29271", "products": "반도체 증착장비, OLED 증착장비"}
    coded.pop("capabilities")
    out = json.loads(run_cli(coded, tmp_path, capsys, "--format", "json"))
    assert "industry_unchecked" not in [n["kind"] for n in out["coverage"]["notes"]]
    assert out["industry_scope"]["status"] == "not_covered"


COLD_CHAIN = {**BASE, "firm_id": "F13", "name": "콜드체인", "employees": 2000, "revenue_krw_100m": 5000,
              "china_experience_years": 5, "has_china_entity": True, "chinese_speaking_staff": 10,
              "investment_capacity_krw_100m": 300, "certifications": [],
              "capabilities": caps(logistics_tech=5, cloud_big_data=2, iot_devices=2)}  # fmt: skip


def test_fewer_answers_than_asked_are_explained(tmp_path, capsys):
    out = json.loads(run_cli(COLD_CHAIN, tmp_path, capsys, "--format", "json", "--top", "5"))
    n = len(out["recommendations"])
    assert 0 < n < 5
    note = next(x for x in out["coverage"]["notes"] if x["kind"] == "short_list")
    assert note["ko"].startswith(f"요청한 5개보다 적은 {n}개만 보여 줍니다")
    assert note["en"].startswith(f"{n} of the 5 answers asked for are shown")
    full = json.loads(run_cli(COLD_CHAIN, tmp_path, capsys, "--format", "json", "--top", str(n)))
    assert "short_list" not in [x["kind"] for x in full["coverage"]["notes"]]  # a full list needs no such note
