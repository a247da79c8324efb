"""Issue 18, panel 17 (on the merged code 579c301): a 12-person smart-farm firm with no China experience, entity,
Chinese-speaking staff or capital (readiness 0) read its answer and found "no 'not ready yet' warning" — the
first-step note was there, in the coverage section, but not in the three-line summary it read first. The summary's
caveat now leads with it."""

from __future__ import annotations

import json

from tests.panel_support import caps, run_cli

FARM = {"firm_id": "F05", "name": "그린팜텍", "employees": 12, "revenue_krw_100m": 8, "china_experience_years": 0,
        "has_china_entity": False, "chinese_speaking_staff": 0, "investment_capacity_krw_100m": 1,
        "certifications": [], "risk_tolerance": "low", "horizon_years": 3, "preferred_regions": [],
        "excluded_regions": [], "capabilities": caps(agritech=5, iot_devices=3)}  # fmt: skip


def test_a_firm_with_no_china_base_reads_the_first_step_in_its_summary(tmp_path, capsys):
    """adv16: the first step is now the rank-1 entry mode itself (Korean support channels for a first entrant,
    tests/test_strategies_readiness_panels.py), so the summary's conclusion names it and no separate note repeats it."""
    out = json.loads(run_cli(FARM, tmp_path, capsys, "--format", "json"))
    assert out["recommendations"][0]["strategy_id"] == "korean_support_channels"
    assert "first_step_readiness" not in [n["kind"] for n in out["coverage"]["notes"]]
    assert out["summary"]["ko"][0].startswith("결론: 스마트농업 분야 — 한국 지원기관·지원사업으로 첫발")
    assert "First step through Korean support bodies and programmes" in out["summary"]["en"][0]
    md = run_cli(FARM, tmp_path, capsys, "--format", "md")
    assert md.index("한국 지원기관·지원사업으로 첫발") < md.index("## 기업 입력 정보")  # above the inputs, on the first screen


def test_a_firm_with_a_china_base_gets_no_such_caveat(tmp_path, capsys):
    ready = {**FARM, "china_experience_years": 4, "has_china_entity": True, "chinese_speaking_staff": 3,
             "investment_capacity_krw_100m": 30}  # fmt: skip
    out = json.loads(run_cli(ready, tmp_path, capsys, "--format", "json"))
    assert "first_step_readiness" not in [n["kind"] for n in out["coverage"]["notes"]]
    assert "첫걸음" not in out["summary"]["ko"][2]


def test_the_joint_first_count_includes_the_answer_itself(tmp_path, capsys):
    # panel 17's cobot maker was tied until stop 30 (data30 took the seminar's session title out of Shanghai robotics'
    # evidence); the case is now a 3D-printing bureau (panel 33 K07), tied first in Shanghai and Tianjin
    cobot = {**FARM, "firm_id": "K07", "name": "㈜쓰리디팩토리", "employees": 22, "china_experience_years": 0,
             "chinese_speaking_staff": 0, "investment_capacity_krw_100m": 0, "certifications": ["ISO9001"],
             "risk_tolerance": "low", "industry_code": "29299",
             "products": "금속·수지 3D프린팅 출력 서비스, 시제품 제작, 역설계"}  # fmt: skip
    cobot.pop("capabilities")
    out = json.loads(run_cli(cobot, tmp_path, capsys, "--format", "json"))
    recs = out["recommendations"]
    tied = [r for r in recs if r["tie_group"] == recs[0]["tie_group"]]
    assert len(tied) > 1  # panel 17: "공동 1위가 2개" read as three answers when there were two
    assert f"이 답을 포함해 공동 1위가 모두 {len(tied)}개" in out["summary"]["ko"][0]
    assert f"{len(tied)} answers share first place" in out["summary"]["en"][0]
