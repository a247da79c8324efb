"""adv18: panel 25 and 26 findings on the strategy rules (issue 18), each on the panel firm that showed it."""

from __future__ import annotations

import pytest

from tests.panel_support import answer, caps, run_cli

#: panel 25 F12 as the panel gave it: a 3-person K-beauty cross-border seller with a year in China (no first entrant)
P25_F12 = {"firm_id": "F12", "name": "뷰티온", "employees": 3, "revenue_krw_100m": 4, "china_experience_years": 1,
           "has_china_entity": False, "chinese_speaking_staff": 1, "investment_capacity_krw_100m": 0.5,
           "certifications": [], "risk_tolerance": "medium", "horizon_years": 2, "preferred_regions": [],
           "excluded_regions": [], "industry_code": "47912",
           "products": "기초화장품 온라인 판매, 중국 역직구(왕홍 라이브커머스)"}  # fmt: skip


# ---------------------------------------------------------------- (A) the tool's own size rules


def test_a_micro_cross_border_seller_is_not_kept_from_the_platforms_by_the_tools_size_rule(tmp_path, capsys):
    """Panel 25 F12: "no entry mode open to a firm of your size" — the platform alliance's 5-employee rule has no line
    behind it, and the issue report encourages small firms' use of e-commerce (china_4ir_issue_2018:716-720). In
    e-commerce the rule no longer binds; the seller is answered with the platforms."""
    md = run_cli(P25_F12, tmp_path, capsys, "--format", "md")
    head = md.split("## 기업 입력 정보")[0]
    assert "전자상거래 분야 — 중국 전자상거래 플랫폼 입점·제휴" in head, head
    assert "규모" not in head.split("**요약**")[1].split("\n")[1]


def test_the_size_rule_still_binds_elsewhere_and_is_said_as_the_tools(kb, rec):
    """The same size in fintech (the platform alliance's rule still binds there): no route, and the near miss says the
    threshold is this recommender's, not the reports'."""
    from recommender import reading

    out = answer(kb, rec, {"firm_id": "X", "employees": 3, "investment_capacity_krw_100m": 0.5, "risk_tolerance": "low",
                           "horizon_years": 2, "china_experience_years": 1,
                           "capabilities": caps(fintech=4, ai_software=2)})  # fmt: skip
    assert out["coverage"]["status"] == "none"
    fin = [n for n in out["coverage"]["near_misses"] if n["sector_id"] == "fintech"]
    assert fin, out["coverage"]["near_misses"]
    blocker = next(b for b in fin[0]["route_blockers"] if b["strategy_id"] == "platform_alliance")
    said = [reading.prerequisite_text(m, "en") for m in blocker["missing"]]
    assert said == ["at least 5 employees (recommender's threshold)"], said


def test_the_size_rule_is_a_sector_scoped_requirement_without_evidence_of_its_own(kb):
    """features.knowledge._size_rule: ``min_employees_sectors`` turns the platform alliance's size rule into a required
    firm condition that binds outside e-commerce, marked ``tool_rule`` (no evidence of its own)."""
    spec = kb.strategies["platform_alliance"]
    assert spec["prerequisites"]["min_employees"] == 0
    rule = [c for c in spec["firm_conditions"] if c.get("tool_rule")]
    assert len(rule) == 1 and rule[0]["field"] == "employees" and rule[0]["value"] == 5
    assert "ecommerce" not in rule[0]["sectors"] and "fintech" in rule[0]["sectors"]
    assert rule[0]["required"] and not rule[0]["evidence"]


@pytest.mark.parametrize("employees", [3, 12])
def test_a_micro_first_entrant_keeps_its_first_step_through_the_scoped_size_rule(kb, rec, employees):
    """A first entrant held back only by a size rule still gets the first step (adv17) where the platform alliance
    documents the opportunity: the sector-scoped rule is a size rule like the prerequisites."""
    import numpy as np

    from tests.panel_support import batch

    firms = batch(kb, {"firm_id": "X", "employees": employees, "investment_capacity_krw_100m": 1,
                       "risk_tolerance": "medium", "horizon_years": 3, "china_experience_years": 0,
                       "capabilities": caps(fintech=4, ai_software=3)}).firms  # fmt: skip
    cs = rec.strategies
    eligible, scoped = cs.eligibility(firms), cs.scoped_failures(firms)
    held = cs.size_held(firms, eligible)
    t = cs.ids.index("platform_alliance")
    assert held[0, t] == (employees < 5)
    assert np.array_equal(cs.first_step_routes(firms, eligible, scoped), cs.first_step_routes(firms, eligible, scoped,
                                                                                              held))  # fmt: skip


# ---------------------------------------------------------------- (E) a route's need the firm does not meet, said

#: panel 26 F02 as the panel gave it: an EV motor/parts maker given as scores (automotive 5, AI 1, smart transport 0)
P26_F02 = {"firm_id": "F02", "name": "㈜한빛모터텍(가칭)", "employees": 640, "revenue_krw_100m": 2900,
           "china_experience_years": 12, "has_china_entity": True, "chinese_speaking_staff": 9,
           "investment_capacity_krw_100m": 120, "certifications": ["IATF16949", "ISO14001"], "risk_tolerance": "medium",
           "horizon_years": 7, "preferred_regions": ["CN-JS"], "excluded_regions": [],
           "capabilities": caps(ai_software=1, semiconductors_sensors=3, iot_devices=2, automotive_mobility=5,
                                smart_manufacturing=4, energy_tech=3)}  # fmt: skip


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_an_apollo_hardware_partner_is_told_its_ai_shortfall(tmp_path, capsys, lang):
    """Panel 26 F02: the Apollo hardware-partner seat stays (KIEP 3526-3536 lists hardware partners; 6290-6298 the
    Hyundai case), but the answer now says under "why this strategy" that the firm does not meet the AI condition and
    joins as a hardware partner — not only a ✔ list of what it meets."""
    md = run_cli(P26_F02, tmp_path, capsys, "--format", "md", "--lang", lang)
    first = md.split("## 1위" if lang == "ko" else "## Rank 1")[1].split("\n## ")[0]
    assert ("국가 AI 개방형 플랫폼 협력사 참여" if lang == "ko" else "Partner in a national AI open-innovation platform") \
        in first.split("\n")[0]
    line = next(x for x in first.splitlines() if x.startswith("- ✘"))
    if lang == "ko":
        assert "미충족" in line and "하드웨어 협력사" in line and "AI·소프트웨어 보유 1 (진입 방식 기준: 3 이상)" in line
    else:
        assert "Not met" in line and "hardware seat" in line and "you have 1 (this entry mode's threshold: 3 or more)" in line


def test_an_ai_firm_on_the_platform_gets_no_shortfall_line(tmp_path, capsys):
    """The same answer for a firm that meets the AI condition carries no ✘ line (said only where it fails)."""
    firm = {**P26_F02, "firm_id": "F02ai", "capabilities": {**P26_F02["capabilities"], "ai_software": 4}}
    md = run_cli(firm, tmp_path, capsys, "--format", "md")
    first = md.split("## 1위")[1].split("\n## ")[0]
    assert "국가 AI 개방형 플랫폼 협력사 참여" in first.split("\n")[0]
    assert "- ✘" not in first


# ---------------------------------------------------------------- (D) a firm already on the platforms

#: panel 26 F11 as the panel gave it: a cosmetics maker already selling on Tmall Global
P26_F11 = {"firm_id": "F11", "name": "㈜루미에르코스(가칭)", "employees": 48, "revenue_krw_100m": 160,
           "china_experience_years": 3, "has_china_entity": False, "chinese_speaking_staff": 3,
           "investment_capacity_krw_100m": 10, "certifications": ["CGMP", "ISO22716"], "risk_tolerance": "medium",
           "horizon_years": 3, "preferred_regions": [], "excluded_regions": [], "industry_code": "20423",
           "products": "기초 화장품, 마스크팩, 해외 온라인몰(티몰 글로벌) 판매"}  # fmt: skip


def test_a_maker_already_on_tmall_global_is_told_so_and_given_the_next_step(tmp_path, capsys):
    """Panel 26 F11: told to "list on Chinese platforms" while already on Tmall Global. The answer now says the firm
    already sells this way and names what the reports record beyond listing, with the lines."""
    import json

    out = json.loads(run_cli(P26_F11, tmp_path, capsys, "--format", "json"))
    first = out["recommendations"][0]
    assert (first["sector_id"], first["strategy_id"]) == ("ecommerce", "platform_alliance")  # the route stays
    assert first["strategy"]["already"] is True
    note = next(n for n in out["coverage"]["notes"] if n["kind"] == "channel_next_step")
    assert "'티몰 글로벌'" in note["ko"] and "새로 입점하라는 뜻이 아니라" in note["ko"]
    assert "not as listing anew" in note["en"] and "this recommender's reading" in note["en"]
    spans = {(e["doc_id"], e["line_start"], e["line_end"]) for e in note["evidence"]}
    assert spans == {("kiep_internet_plus_2018", 1641, 1659), ("kiep_internet_plus_2018", 1661, 1667),
                     ("china_4ir_issue_2018", 1707, 1709)}  # fmt: skip
    md = run_cli(P26_F11, tmp_path, capsys, "--format", "md")
    summary = md.split("**요약**")[1].split("\n\n")[0]
    assert "이미 국경 간 온라인 채널로 판매하고 있으므로" in summary
    assert "✔ 이미 이 경로로 판매 중입니다" in md.split("## 1위")[1]


def test_the_cited_lines_say_what_the_next_step_note_says():
    from pathlib import Path

    reports = Path(__file__).resolve().parents[1] / "data" / "reports"
    kiep = reports.joinpath("kiep_internet_plus_regional_2018.txt").read_text(encoding="utf-8").splitlines()
    issue = reports.joinpath("china_4ir_issue_report_2018q3.txt").read_text(encoding="utf-8").splitlines()
    a, b, c = ("".join(kiep[1640:1659]), "".join(kiep[1660:1667]), "".join(issue[1706:1709]))
    assert "빅데이터" in a and "팬덤" in a and "뉴미디어" in a
    assert "국경간 전자상거래" in b and "통관" in b and "국제 물류체계" in b
    assert "디지털화된 소비자" in c and "국경 간 개인정보보호" in c


def test_a_seller_without_a_stated_channel_gets_no_already_note(kb, rec):
    """A 20-person online cosmetics shop with no cross-border channel in its products line: no note."""
    from recommender.industry_scope import apply_industry_gate, industry_scope
    from tests.panel_support import BALANCED, batch

    firm = {**P26_F11, "firm_id": "S", "employees": 20, "industry_code": "47912",
            "products": "기초 화장품 및 마스크팩 온라인 판매"}  # fmt: skip
    one = batch(kb, firm).firms.firm(0)
    res = apply_industry_gate(rec.recommend(batch(kb, firm).firms, 0, BALANCED, top=5), one, industry_scope(kb, one))
    assert all(n.get("kind") != "channel_next_step" for n in res["coverage"].get("notes") or [])
    assert not any(r["strategy"].get("already") for r in res["recommendations"])


# ---------------------------------------------------------------- (B) "weak" says what the evidence is

#: panel 25 F07 as the panel gave it: a cobot integrator (smart manufacturing 5, AI 3), 90 staff, two years in China
P25_F07 = {"firm_id": "F07", "name": "㈜코봇솔루션", "employees": 90, "revenue_krw_100m": 150, "china_experience_years": 2,
           "has_china_entity": False, "chinese_speaking_staff": 2, "investment_capacity_krw_100m": 25,
           "certifications": ["ISO9001", "CE"], "risk_tolerance": "medium", "horizon_years": 5, "preferred_regions": [],
           "excluded_regions": [], "capabilities": caps(ai_software=3, smart_manufacturing=5, semiconductors_sensors=2,
                                                         iot_devices=2, automotive_mobility=2)}  # fmt: skip


def test_tianjin_and_shanghai_robotics_are_both_weak_and_say_why(tmp_path, capsys):
    """Panel 25 F07: Tianjin robotics (one fund line, confidence 0.36) was not flagged, Shanghai (two list mentions,
    0.346) was — the 0.35 cut decided. Both rest on thin regional evidence of the sector and now say what it is."""
    import json

    out = json.loads(run_cli(P25_F07, tmp_path, capsys, "--format", "json"))
    rows = {(r["region_id"], r["sector_id"]): r for r in out["recommendations"]}
    assert rows[("CN-TJ", "robotics")]["evidence_basis"] == {"kind": "single", "facts": 1}
    assert rows[("CN-SH", "robotics")]["evidence_basis"] == {"kind": "mentions", "facts": 2}
    md = run_cli(P25_F07, tmp_path, capsys, "--format", "md")
    tj = md.split("톈진 · 로봇")[1].split("\n## ")[0]
    sh = md.split("상하이 · 로봇")[1].split("\n## ")[0]
    assert "약한 근거 — 참고용: 이 답은 이 지역의 이 분야에 관한 보고서 사실 하나에만 기댑니다" in tj
    assert "약한 근거 — 참고용: 이 지역의 이 분야에 관한 보고서 기록이 목록·언급 정도뿐입니다" in sh


@pytest.mark.parametrize(("strengths", "kind"), [([], "national"), ([2], "single"), ([1, 1], "mentions"),
                                                 ([3], "documented"), ([1, 2], "documented"), ([1], "single")])
def test_the_evidence_basis_rule(strengths, kind):
    from recommender.engine import EVIDENCE_BASIS, evidence_basis

    assert EVIDENCE_BASIS[evidence_basis(strengths)] == kind


def test_the_same_evidence_gets_the_same_label(rec):
    """Every pair whose region's own sector facts have the same strengths has the same basis (no score decides)."""
    seen: dict = {}
    for j, p in enumerate(rec.profiles):
        key = tuple(sorted(int(rec.kb.fact(f).strength) for f in p.sector_fact_ids))
        assert seen.setdefault(key, int(rec.basis[j])) == int(rec.basis[j])
