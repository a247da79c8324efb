"""Issue 18, the ninth independent advisor panel — the answer's text: a three-line summary before the numbers, weak
rows flagged in words, checklist lines that belong to the row's sector and evidence level, and related passages for
an uncovered industry that touch it. Each test runs the panel's firm through ``recommend`` (the CLI, md or json)."""

from __future__ import annotations

import json

import pytest

from recommender import reading, summary
from tests.panel_support import NO_CAPABILITIES as NONE
from tests.panel_support import run_cli as run
from tests.panel_support import section

BASE = {"revenue_krw_100m": 100, "chinese_speaking_staff": 2, "preferred_regions": [], "excluded_regions": []}

F02 = {**BASE, "firm_id": "F02", "name": "대성오토파츠", "employees": 1200, "china_experience_years": 15,
       "has_china_entity": True, "chinese_speaking_staff": 40, "investment_capacity_krw_100m": 800,
       "certifications": ["IATF16949", "ISO14001"], "risk_tolerance": "low", "horizon_years": 10,
       "capabilities": {**NONE, "semiconductors_sensors": 2, "iot_devices": 1, "automotive_mobility": 5,
                        "smart_manufacturing": 4}}  # fmt: skip
F03 = {**BASE, "firm_id": "F03", "name": "메디웨이브", "employees": 60, "china_experience_years": 1,
       "has_china_entity": False, "investment_capacity_krw_100m": 15, "certifications": ["ISO13485", "KGMP", "CE"],
       "risk_tolerance": "medium", "horizon_years": 5,
       "capabilities": {**NONE, "ai_software": 2, "medical_devices": 5, "digital_health": 3}}  # fmt: skip
F04 = {**BASE, "firm_id": "F04", "name": "페이브릿지", "employees": 45, "china_experience_years": 3,
       "has_china_entity": False, "chinese_speaking_staff": 6, "investment_capacity_krw_100m": 20,
       "certifications": ["ISO27001", "PCI-DSS"], "risk_tolerance": "high", "horizon_years": 4,
       "preferred_regions": ["CN-SH"],
       "capabilities": {**NONE, "ai_software": 3, "cloud_big_data": 3, "fintech": 5, "ecommerce_consumer": 2}}  # fmt: skip
F05 = {**BASE, "firm_id": "F05", "name": "그린셀에너지", "employees": 320, "china_experience_years": 6,
       "has_china_entity": True, "chinese_speaking_staff": 8, "investment_capacity_krw_100m": 200,
       "certifications": ["ISO9001", "KS"], "risk_tolerance": "medium", "horizon_years": 8,
       "capabilities": {**NONE, "iot_devices": 2, "smart_manufacturing": 3, "energy_tech": 5}}  # fmt: skip
F07 = {**BASE, "firm_id": "F07", "name": "넥스트로지스", "employees": 150, "china_experience_years": 4,
       "has_china_entity": False, "chinese_speaking_staff": 5, "investment_capacity_krw_100m": 50,
       "certifications": ["AEO", "ISO9001"], "risk_tolerance": "medium", "horizon_years": 5,
       "excluded_regions": ["CN-BJ"],
       "capabilities": {**NONE, "ai_software": 2, "cloud_big_data": 2, "iot_devices": 3, "ecommerce_consumer": 2,
                        "logistics_tech": 5}}  # fmt: skip
F09 = {**BASE, "firm_id": "F09", "name": "세진반도체장비", "employees": 2000, "china_experience_years": 12,
       "has_china_entity": True, "chinese_speaking_staff": 30, "investment_capacity_krw_100m": 1500,
       "certifications": ["ISO9001", "SEMI S2"], "risk_tolerance": "medium", "horizon_years": 10,
       "industry_code": "29271", "products": "반도체 및 디스플레이 제조용 증착장비(CVD), 식각장비, OLED 봉지장비"}  # fmt: skip
F15 = {**BASE, "firm_id": "F15", "name": "뷰티플러스코스메틱", "employees": 35, "china_experience_years": 2,
       "has_china_entity": False, "investment_capacity_krw_100m": 8, "certifications": ["CGMP", "ISO22716"],
       "risk_tolerance": "medium", "horizon_years": 3, "industry_code": "20423",
       "products": "기초 화장품(스킨케어), 마스크팩, 온라인 쇼핑몰 판매"}  # fmt: skip


def summary_of(md: str, head: str = "**요약**") -> list[str]:
    """The list under the summary heading of a Markdown report."""
    lines = md.splitlines()
    at = lines.index(head)
    out = []
    for line in lines[at + 1:]:
        if line.startswith("- "):
            out.append(line[2:])
        elif out:
            break
    return out


# ---------------------------------------------------------------- 1. three lines before the numbers


def test_the_summary_stands_before_the_numbers_in_three_lines_ko_and_en(tmp_path, capsys):
    md = run(F02, tmp_path, capsys, "--format", "md")
    lines = summary_of(md)
    assert len(lines) == 3
    assert lines[0] == "결론: 베이징에서 자율주행 분야 — 국가 AI 개방형 플랫폼 협력사 참여."
    assert lines[1].startswith("이유: 귀사의 자동차·모빌리티 역량이") and "(KIEP 보고서 2018, " in lines[1]
    assert lines[2].startswith("주요 위험: ") and "2018년 보고서" in lines[2]
    assert md.index("**요약**") < md.index("점수 0.") and md.index("**요약**") < md.index("읽는 법")
    for line in lines:  # no internal ids, no score arithmetic
        assert "CN-" not in line and "open_platform_partner" not in line and "점수" not in line
    en = summary_of(run(F02, tmp_path, capsys, "--format", "md", "--lang", "en"), "**Summary**")
    assert en[0] == "Answer: Autonomous driving in Beijing — Partner in a national AI open-innovation platform."
    assert en[1].startswith("Why: your Automotive & mobility capability") and en[2].startswith("Main risk: ")


def test_the_summary_of_a_sector_level_answer_says_the_region_is_the_firms_choice(tmp_path, capsys):
    lines = summary_of(run(F04, tmp_path, capsys, "--format", "md"))
    assert lines[0].startswith("결론: 핀테크 분야 — ") and "귀사 선호 지역 상하이 포함" in lines[0]
    assert lines[2] == "주의: 보고서 근거가 전국 단위뿐이라 지역별 판단은 약합니다."


def test_the_summary_of_an_uncovered_industry_says_so_and_what_to_do(tmp_path, capsys):
    lines = summary_of(run(F09, tmp_path, capsys, "--format", "md"))
    assert lines[0] == "결론: 보고서는 귀사의 주업종(반도체 장비)을 다루지 않아 추천할 기회가 없습니다."
    assert lines[1].startswith("이유: 보고서가 다루는 분야 가운데 반도체 장비 산업은 없습니다")
    assert lines[2].startswith("다음 단계: ")
    en = summary_of(run(F09, tmp_path, capsys, "--format", "md", "--lang", "en"), "**Summary**")
    assert en[0].startswith("Answer: the reports do not cover your main industry (semiconductor equipment)")


def test_the_json_answer_gains_a_summary_key_and_keeps_every_other_key(tmp_path, capsys):
    out = json.loads(run(F05, tmp_path, capsys, "--format", "json"))
    assert set(out["summary"]) == {"ko", "en"} and len(out["summary"]["ko"]) == 3
    assert out["summary"]["en"][0].startswith("Answer: Smart energy — ")
    for key in ("data_version", "vintage", "coverage", "recommendations", "firm_id", "weights"):
        assert key in out


# ---------------------------------------------------------------- 3. weak rows said in words


def test_weak_rows_of_f02_are_flagged_in_words_with_the_thresholds(tmp_path, capsys):
    md = run(F02, tmp_path, capsys, "--format", "md")
    # adv15: autonomous driving counts its core needs together, so Beijing and Hebei AD are closer to the others
    # (Hebei now joint 2nd with Shanghai industrial internet, robustness 22% → 21%; data30: 22% again — its recodes
    # shift the draws of the data perturbations)
    second = section(md, "## 공동 2위. 허베이성")
    # (the exact share moves with every data recode — 21%, 22%, 28% since stop 30 — so the test reads it and checks it
    # against the threshold it names)
    import re

    weak = re.search(r"약한 근거 — 참고용: 강건성 (\d+)% \(기준 50% 미만\)", second)
    assert weak and int(weak.group(1)) < 50
    assert second.index("약한 근거") < second.index("점수 0.")  # before the numbers
    # Shanghai robotics (confidence 0.346): joint 3rd until industrial internet's pilot and lead-ministry facts
    # (D001, D002) put Shanghai industrial internet 3rd alone
    third = section(md, "## 공동 4위. 상하이 · 로봇")
    # adv18 (panel 25 F07): the flag says what the evidence is — two list mentions (A049, C017) — not where the
    # confidence falls against 0.35
    assert "약한 근거 — 참고용: 이 지역의 이 분야에 관한 보고서 기록이 목록·언급 정도뿐입니다" in third
    assert "약한 근거" not in section(md, "## 1위. ")
    en = run(F02, tmp_path, capsys, "--format", "md", "--lang", "en")
    assert f"Weak — for reference only: robustness {weak.group(1)}% (below 50%)" in en


def test_weak_reasons_use_the_engines_confidence_threshold():
    from recommender.engine import WEAK_CONFIDENCE

    assert summary.weak_reasons({"confidence": WEAK_CONFIDENCE, "robustness": summary.WEAK_ROBUSTNESS}) == []
    assert len(summary.weak_reasons({"confidence": 0.2, "robustness": 0.3}, "en")) == 2


# ---------------------------------------------------------------- 2. checklist lines of the row's sector


def why_list(md: str, heading: str) -> str:
    return section(section(md, heading), "**왜 이 전략인가**", "**위험**")


def test_an_energy_answer_shows_no_smart_factory_line_f05(tmp_path, capsys):
    why = why_list(run(F05, tmp_path, capsys, "--format", "md"), "## 1위. ")
    assert "스마트공장 투자로 설비" not in why
    assert "✔ 분산형 발전·에너지 저장" in why
    assert "(저장성 기준)" not in why  # a national record holds for every listed region
    assert "◆ 이 분야의 제품·부품·소재·장비 수요가 보고서에 기록되어 있습니다." in why


def test_a_logistics_answer_shows_no_appliances_and_vehicles_line_f07(tmp_path, capsys):
    md = run(F07, tmp_path, capsys, "--format", "md")
    why = why_list(md, "## 1위. ")
    assert "가전·차량" not in why
    assert "✔ 스마트 물류 분야가 필요로 하는 IoT 기기 역량이 있습니다. — IoT 기기 보유 3 (진입 방식 기준: 3 이상)" in why
    en = run(F07, tmp_path, capsys, "--format", "md", "--lang", "en")
    assert "appliances or vehicles" not in section(en, "## Rank 1: ")


def test_healthcare_gaps_name_no_side_need_f03(tmp_path, capsys):
    md = run(F03, tmp_path, capsys, "--format", "md")
    first = section(md, "## 1위. ")
    gaps = next(x for x in first.splitlines() if x.startswith("- 보완 필요: "))
    assert "핀테크" not in gaps and "디지털 헬스 보유 3 · 필요 5" in gaps
    assert all(c["need"] >= reading.SIDE_NEED for c in reading.shown_capabilities(
        {"capabilities": [{"capability": "fintech", "need": 1}, {"capability": "digital_health", "need": 5}]}))


def test_a_sector_level_answer_says_a_regional_line_is_about_one_region_f04(tmp_path, capsys):
    # start-up investment (whose ◆ line is about the region's start-up ecosystem) now needs 300+ staff (strat9), so
    # the same firm at 400 staff shows the case
    f04 = {**F04, "employees": 400}
    why = why_list(run(f04, tmp_path, capsys, "--format", "md"), "## 1위. ")
    line = next(x for x in why.splitlines() if x.startswith("- ◆"))
    assert line.startswith("- ◆ 상하이에 대한 기록: ") and "핀테크 분야에서 지역을 가려 주는 근거는 아닙니다" in line
    en = run(f04, tmp_path, capsys, "--format", "md", "--lang", "en")
    assert "◆ Recorded for Shanghai: " in en and "it does not tell the regions apart for Fintech" in en


# ---------------------------------------------------------------- 4. related passages that touch the industry


@pytest.mark.parametrize(("firm", "gone", "kept"), [
    (F09, ("kiep_internet_plus_2018", 1934), ("china_4ir_issue_2018", 286)),  # 5G spec out, display overlap in
    (F15, ("kiep_internet_plus_2018", 1608), ("kiep_internet_plus_2018", 1598)),  # rural farm e-commerce out
])  # fmt: skip
def test_related_passages_touch_the_uncovered_industry(firm, gone, kept, tmp_path, capsys):
    out = json.loads(run(firm, tmp_path, capsys, "--format", "json"))
    related = [(p["doc_id"], p["line_start"]) for p in out["industry_scope"]["related"]]
    assert gone not in related and kept in related
    assert 1 <= len(related) <= 4


# ---------------------------------------------------------------- the app's results view


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_the_app_shows_the_summary_first_and_flags_the_weak_row_f02(lang):
    from streamlit.testing.v1 import AppTest

    from tests.test_app_flow import APP, TIMEOUT, assert_clean
    from ui.share import encode_firm
    from ui.strings import STRINGS

    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    at.query_params["firm"] = encode_firm(F02)
    at.query_params["lang"] = lang
    at.run()
    assert_clean(at)
    head = STRINGS["answer_summary"][0 if lang == "ko" else 1]
    box = next(x.value for x in at.info if head in x.value)
    first = "결론: 베이징에서 자율주행 분야" if lang == "ko" else "Answer: Autonomous driving in Beijing"
    assert first in box.replace("\\", "")
    weak = STRINGS["weak_mark"][0 if lang == "ko" else 1]
    labels = [e.label for e in at.expander]
    second = next(x for x in labels if x.startswith("2. "))
    assert weak in second and weak not in next(x for x in labels if x.startswith("1. "))


# ---------------------------------------------------------------- 5. an English gloss of each Korean quote


def test_each_korean_quote_in_english_carries_our_summary_of_its_lines(tmp_path, capsys):
    """Panel 9: "an English-only reader cannot check the evidence". Under each Korean quote an English answer gives
    the fact summary (``note_en``) of the reasons whose cited lines the quote holds — never text made up for it."""
    from recommender.present import quote_gist

    en = run(F02, tmp_path, capsys, "--format", "md", "--lang", "en")
    quotes = [b for b in en.split("\n\n") if b.startswith("> ") and "(Korean original)" in b]
    assert quotes and all("In short (our summary of these lines): " in b for b in quotes)
    out = json.loads(run(F02, tmp_path, capsys, "--format", "json"))
    notes = {x["note_en"] for r in out["recommendations"] for x in r["reasons"]}
    for b in quotes:
        gist = b.split("In short (our summary of these lines): ", 1)[1].rstrip("*\n ")
        assert any(n in gist for n in notes)
    ko = run(F02, tmp_path, capsys, "--format", "md")
    assert "In short" not in ko and "요약(" not in ko

    class Q:  # a quote whose lines hold no reason's citation gets no gist
        doc_id, line_start, line_end, lang = "kiep_internet_plus_2018", 1, 5, "ko"

    reason = {"note_en": "x", "evidence": [{"doc_id": "kiep_internet_plus_2018", "line_start": 3, "line_end": 9}]}
    assert quote_gist(Q, [reason], "en") == ""
    reason["evidence"][0]["line_end"] = 4
    assert quote_gist(Q, [reason], "en").endswith(": x")
    assert quote_gist(Q, [reason], "ko") == ""
