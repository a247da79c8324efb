"""What a client reads after panels 31 and 32 (data30): condition lines and fact spans that say what their report lines
say, a seminar programme title no longer cited as what the speaker said, a dated mark that names which target passed,
no Fujian "Chinese major" answer on a Fuzhou IT firm, no "leading firm here" line in the nationwide logistics answer,
the smart-manufacturing implication only where its lines speak, and a fintech wording of the platform alliance.
Korean and English."""

from __future__ import annotations

import csv
import re

import pytest

from features.firms import firms_from_records
from recommender import dated, present
from recommender.industry_scope import apply_industry_gate, industry_scope
from recommender.report import recommendation_markdown
from tests.conftest import DATA
from tests.panel_support import BALANCED, caps


def _firm(fid: str, name: str, capabilities: dict, **over) -> dict:
    base = {"firm_id": fid, "name": name, "employees": 200, "revenue_krw_100m": 500, "china_experience_years": 5,
            "has_china_entity": False, "chinese_speaking_staff": 3, "investment_capacity_krw_100m": 30,
            "certifications": [], "risk_tolerance": "medium", "horizon_years": 5, "preferred_regions": [],
            "excluded_regions": [], "capabilities": caps(**capabilities)}  # fmt: skip
    return {**base, **over}


#: panel 31 S2: CNC lathes and machining centres (the CM2025 "2025 … 2035" line)
S2 = _firm("S2", "창원정밀공작 (CNC 선반·머시닝센터)", {"ai_software": 2, "semiconductors_sensors": 2, "cloud_big_data": 2,
           "iot_devices": 3, "automotive_mobility": 2, "smart_manufacturing": 5}, employees=600, revenue_krw_100m=3200,
           china_experience_years=15, has_china_entity=True, chinese_speaking_staff=12,
           investment_capacity_krw_100m=120, horizon_years=7, preferred_regions=["CN-JS", "CN-GD"])  # fmt: skip
#: panel 31 S3: a Hyundai/Kia tier-1 supplier of seat and brake modules (the Apollo hardware-partner line)
S3 = _firm("S3", "한림오토텍 (시트·제동 모듈)", {"ai_software": 1, "semiconductors_sensors": 2, "iot_devices": 1,
           "automotive_mobility": 5, "smart_manufacturing": 4}, employees=900, revenue_krw_100m=6800,
           china_experience_years=18, has_china_entity=True, chinese_speaking_staff=25,
           investment_capacity_krw_100m=300, risk_tolerance="low", preferred_regions=["CN-JS"],
           excluded_regions=["CN-GD"])  # fmt: skip
#: panel 31 S4: dental implants (Fujian rank 5 on a Fuzhou IT firm)
S4 = _firm("S4", "부산덴탈임플란트", {"ai_software": 1, "medical_devices": 5, "digital_health": 2, "biotech_genomics": 2,
           "smart_manufacturing": 2}, employees=250, revenue_krw_100m=820, china_experience_years=6,
           investment_capacity_krw_100m=50, certifications=["ISO13485", "CE"],
           preferred_regions=["CN-SH", "CN-GD"])  # fmt: skip
#: panel 31 S5: a Busan New Port 3PL with a bonded warehouse (nationwide logistics)
S5 = _firm("S5", "신항로지스 (3PL·보세창고)", {"ai_software": 1, "cloud_big_data": 2, "iot_devices": 2,
           "ecommerce_consumer": 2, "logistics_tech": 4}, employees=180, revenue_krw_100m=650,
           china_experience_years=9, has_china_entity=True, chinese_speaking_staff=8, risk_tolerance="low",
           certifications=["AEO", "ISO9001"], preferred_regions=["CN-SD", "CN-SH"])  # fmt: skip
#: panel 32 P02: a payments fintech
P02 = _firm("P02", "페이브릿지", {"ai_software": 2, "cloud_big_data": 3, "fintech": 5, "ecommerce_consumer": 3},
            employees=85, revenue_krw_100m=140, china_experience_years=3, investment_capacity_krw_100m=20,
            certifications=["ISMS-P", "PCI-DSS"], preferred_regions=["CN-SH"])  # fmt: skip
#: panel 32 K04: NGS genomics service and liquid-biopsy kits (scores as the member-list row is read: genomics led)
K04 = _firm("K04", "진로드바이오 (NGS 유전체 분석)", {"biotech_genomics": 4, "medical_devices": 4, "digital_health": 2,
            "ai_software": 1}, employees=110, revenue_krw_100m=190, china_experience_years=3,
            preferred_regions=["CN-SH"])  # fmt: skip


@pytest.fixture(scope="module")
def answers(kb, rec):
    out = {}
    for firm in (S2, S3, S4, S5, P02, K04):
        one = firms_from_records([firm], kb.regions).firms.firm(0)
        result = rec.recommend(firms_from_records([firm], kb.regions).firms, 0, BALANCED, top=5)
        result = apply_industry_gate(result, one, industry_scope(kb, one))
        out[firm["firm_id"]] = {"result": result, **{lang: recommendation_markdown(result, kb, lang, firm=one)
                                                     for lang in present.LANGS}}  # fmt: skip
    return out


def _report_lines(kb, doc_id: str, start: int, end: int) -> str:
    """Lines ``start``–``end`` (1-based) of a stored report, whitespace removed (a word broken across lines matches)."""
    with open(DATA / "reports" / "catalog.csv", encoding="utf-8") as fh:
        name = next(row["file"] for row in csv.DictReader(fh) if row["doc_id"] == doc_id)
    lines = (DATA / "reports" / name).read_text(encoding="utf-8").splitlines()
    return re.sub(r"\s+", "", "".join(lines[start - 1 : end]))


# ---------------------------------------------------------------- 1. the Apollo hardware-partner line (KIEP 3530–3536)


def test_apollo_line_says_what_kiep_3530_3536_says(kb, answers):
    """Panel 31 S3 (and K6): "완성차·부품 기업이 하드웨어 협력사로 많이 참여" overstated KIEP 3530–3536, which name
    about 65 Chinese firms (Chery, Great Wall) at the core and Bosch, Continental, Delphi, Velodyne as foreign hardware
    partners, plus Hyundai-Kia's announcement."""
    lines = _report_lines(kb, "kiep_internet_plus_2018", 3530, 3536)
    for name in ("65개", "치루이", "창청", "보시", "콘티넨털", "델파이", "벨로다인", "현대ㆍ기아차"):
        assert name in lines
    ko, en = answers["S3"]["ko"], answers["S3"]["en"]
    assert "많이 참여" not in ko and "draw many car and parts makers" not in en
    line_ko = next(x for x in ko.splitlines() if "Apollo 생태계의 중심" in x)
    assert line_ko.startswith("- ✔") and "약 65개 중국 기업(치루이·창청 등)" in line_ko
    assert "보쉬·콘티넨탈·델파이·벨로다인" in line_ko and "추천 도구의 해석" in line_ko
    line_en = next(x for x in en.splitlines() if "centre of the Apollo ecosystem" in x)
    assert "Bosch, Continental, Delphi and Velodyne" in line_en and "this recommender's reading" in line_en


# ---------------------------------------------------------------- 2. genomics is China's ecosystem; the ranking span


def test_genomics_line_credits_china_not_guangdong(kb, answers):
    """Panel 32 K04: KIEP 6014–6018 says China's ecosystem widens to genome analysis; Guangdong's Tencent and Ping An
    build around internet platforms and medical AI. Tencent's order: O2O, health monitoring, genes (5452–5457)."""
    assert "유전체분석" in _report_lines(kb, "kiep_internet_plus_2018", 6014, 6016)
    assert "인터넷플랫폼과의료AI" in _report_lines(kb, "kiep_internet_plus_2018", 6016, 6020)
    assert "헬스모니터링,유전자의순" in _report_lines(kb, "kiep_internet_plus_2018", 5452, 5457)
    ko, en = answers["K04"]["ko"], answers["K04"]["en"]
    assert "광둥성의 헬스케어 생태계는 텐센트·핑안을 중심으로 유전체 분석까지" not in ko
    assert "Guangdong's healthcare ecosystem around Tencent and Ping An is widening to genome analysis" not in en
    # risk31: K04's kits make it device-led (devices 4 = genomics 4), so its answer is the Korean support route and no
    # longer shows the co-entry genomics line; the line itself still credits China, not Guangdong
    bio = next(c for c in kb.strategies["chinese_major_coentry"]["firm_conditions"] if c.get("capability") == "biotech_genomics")
    assert "중국 전체의 스마트 헬스케어 생태계가" in bio["why_ko"] and "China's smart-healthcare ecosystem as a whole" in bio["why_en"]


def test_guangdong_first_by_total_health_spending_cites_the_ranking_lines(kb):
    """Panel 32 K04: B067 ("1위 … 총 보건의료 지출") was cited at 4761 and 4843–4849 in the summary; the ranking by total
    health expenditure is at 4855–4857. The summary's two citations now cover it."""
    fact = kb.fact("B067")
    first_two = [(e.doc_id, e.line_start, e.line_end) for e in fact.evidence[:2]]
    assert any(s <= 4855 and 4857 <= e for _, s, e in first_two), first_two
    assert "광둥성,장쑤성,산둥성의순으로시장규모" in _report_lines(kb, "kiep_internet_plus_2018", 4855, 4859)


def test_s4_summary_and_quote_show_the_expenditure_ranking(answers):
    """Panel 32 K04 / panel 31 S4 (the same Guangdong healthcare rank 1): the summary cites 4761 and 4845–4859, and
    the rank-1 quote now reaches the expenditure ranking (before: cut with "…" just before it)."""
    ko = answers["S4"]["ko"]
    assert "두 기준 모두에서 1위이다 (KIEP 보고서 2018, 4761행; KIEP 보고서 2018, 4845–4859행)." in ko
    rank1 = ko.split("## 1위.")[1].split("## 2위.")[0]
    assert "> 2014년 기준 알리바바" in rank1 and "광둥성, 장쑤성, 산둥성의 순으로 시장규모가 큰 것을 알 수 있다." in rank1


# ---------------------------------------------------------------- 3. a programme title is not what the speaker said


def test_seminar_programme_title_is_no_fact_evidence(kb):
    """Panel 31 S1: kiep_seminar 145–147 is the programme's session title ("상하이 산업인터넷 혁신발전 / 추세와 한·중
    협력 전망"); it was cited for "발표자는 … 정책의 내용·특징과 당면 과제를 소개했다" (C015) and the proposal (C016,
    C017). No fact cites it now."""
    assert "상하이산업인터넷혁신발전" in _report_lines(kb, "kiep_seminar_2018", 145, 147)
    citing = [f.fact_id for f in kb.facts for e in f.evidence
              if e.doc_id == "kiep_seminar_2018" and e.line_start <= 147 and 145 <= e.line_end]
    assert citing == []


def test_s1_summary_cites_the_speech_lines_only(kb, rec):
    """Panel 31 S1 (ship deck machinery, scores): the summary's Shanghai reason cited 68–70 and 145–147."""
    s1 = _firm("S1", "동해마린기어", {"ai_software": 1, "semiconductors_sensors": 1, "iot_devices": 2,
               "smart_manufacturing": 3, "energy_tech": 2, "logistics_tech": 1}, employees=320, revenue_krw_100m=1450,
               china_experience_years=12, has_china_entity=True, chinese_speaking_staff=6,
               investment_capacity_krw_100m=40, preferred_regions=["CN-LN", "CN-SH"])  # fmt: skip
    one = firms_from_records([s1], kb.regions).firms.firm(0)
    result = rec.recommend(firms_from_records([s1], kb.regions).firms, 0, BALANCED, top=5)
    for lang in present.LANGS:
        md = recommendation_markdown(result, kb, lang, firm=one)
        assert "145–147" not in md


# ---------------------------------------------------------------- 4. which target passed


def test_mixed_target_years_name_the_passed_one():
    """Panel 31 S1/S2/S3: issue report 358–368 names a 2025 target and a 2035 one; in 2026 only 2025 has passed."""
    ko = "중국제조 2025는 2025년 제조강국 진입에 이어 2035년 독일·일본을 제치고 세계 제조업 2강에 오르는 것을 목표로 한다."
    en = "Made in China 2025 aims to join the manufacturing powers by 2025 and to be one of the top two by 2035."
    assert dated.mark_past_targets(ko, "ko", 2026) == (
        f"{ko} (2018년 보고서의 전망 — 2025년 목표 시점은 지났고 2035년 목표는 아직 남아 있습니다)")
    assert dated.mark_past_targets(en, "en", 2026) == (
        f"{en} (a 2018 forecast — its 2025 target date has passed; the 2035 target has not)")
    two = "혁신센터를 2020년 15곳, 2025년 40곳, 2030년 60곳으로"
    assert dated.mark_past_targets(two, "ko", 2026).endswith("(2018년 보고서의 전망 — 2020·2025년 목표 시점은 지났고 "
                                                             "2030년 목표는 아직 남아 있습니다)")
    assert dated.mark_past_targets("15 by 2020, 40 by 2025 and 80 by 2035", "en", 2026).endswith(
        "(a 2018 forecast — its 2020 and 2025 target dates have passed; the 2035 target has not)")
    # every target passed: the plain mark, as before; a marked text is not marked again; nothing past: unchanged
    assert dated.mark_past_targets("2020년 15곳, 2025년 40곳", "ko", 2026).endswith(dated.MARK["ko"])
    once = dated.mark_past_targets(ko, "ko", 2026)
    assert dated.mark_past_targets(once, "ko", 2026) == once
    assert dated.past_target_years(once, 2026) == [2025], "the mark's own years are not read as targets"
    assert dated.mark_past_targets(ko, "ko", 2025) == ko, "in 2025 nothing had passed"
    assert dated.future_target_years(ko, 2026) == [2035]
    assert dated.mark_past_targets(ko, "ko", 2036).endswith(dated.MARK["ko"]), "in 2036 both have passed"


@pytest.mark.parametrize("lang", present.LANGS)
def test_s2_cm2025_line_says_2035_remains(answers, lang):
    """Panel 31 S2: the summary's CM2025 line carried "목표 시점이 지났습니다" although 2035 had not passed."""
    md = answers["S2"][lang]
    lines = [x for x in md.splitlines() if ("2035년" in x or "by 2035" in x) and ("2025년" in x or "by 2025" in x)
             and not x.startswith(">")]  # a verbatim quote is the report's text, never marked
    assert lines, "the CM2025 line is shown"
    for x in lines:
        if lang == "ko":
            assert "2025년 목표 시점은 지났고 2035년 목표는 아직 남아 있습니다" in x and "— 목표 시점이 지났습니다" not in x
        else:
            assert "its 2025 target date has passed; the 2035 target has not" in x


# ---------------------------------------------------------------- 5. Fujian: a Fuzhou IT firm is no Chinese major


def test_fuzhou_it_firm_is_context_and_fujian_gets_no_major_coentry(kb, answers):
    """Panel 31 S4 rank 5: Fujian · smart healthcare · "enter with a Chinese major", ticked "½ 이 지역·분야를 중국
    대기업이 이끌고 있습니다", rested on B144 only — Fuzhou Kangwei, the IT partner of a Guangzhou hospital's project
    (KIEP 5754–5774, a table of Guangdong's projects). B144 is context now: it opens no mode in Fujian."""
    assert "광둥성내스마트헬스케어관련주요프로젝트" in _report_lines(kb, "kiep_internet_plus_2018", 5754, 5754)
    fact = kb.fact("B144")
    assert fact.dimension == "context" and fact.indicator == "context"
    prof = kb.profile("CN-FJ", "smart_healthcare")
    assert "B144" not in [f for i in prof.indicators for f in i.fact_ids]
    rows = [r for r in answers["S4"]["result"]["recommendations"] if r["region_id"] == "CN-FJ"]
    assert all(r["strategy_id"] != "chinese_major_coentry" for r in rows)
    assert "캉웨이" not in answers["S4"]["ko"]


# ---------------------------------------------------------------- 6. nationwide logistics: no "leading firm here"


@pytest.mark.parametrize("lang", present.LANGS)
def test_logistics_alliance_has_no_leading_firm_line(answers, lang):
    """Panel 31 S5: "½ 제휴할 선도 기업이 이 지역에 있습니다" stood beside "보고서는 특정 중국 물류 플랫폼이나 지역 사례를
    들지 않는다" — met only by C064 (BAT take the lead in China's 4IR, every sector, issue report 1265–1273). In
    logistics the same condition (same weight: the mode and its score are unchanged) now says what it rests on."""
    top = answers["S5"]["result"]["recommendations"][0]
    assert (top["sector_id"], top["strategy_id"]) == ("logistics", "platform_alliance")
    md = answers["S5"][lang]
    assert "제휴할 선도 기업이 이 지역에 있습니다" not in md and "Leading firms to ally with are present here" not in md
    assert ("½ 보고서는 BAT 같은 대형 인터넷 기업이 중국의 4차 산업혁명 대응에 앞장선다고 적지만(전국 기록), 물류 분야에서 "
            "제휴할 특정 기업은 들지 않습니다." in md if lang == "ko" else
            "½ The reports say internet majors such as BAT take the lead in China's 4IR response (a national record), "
            "but name no particular firm to ally with in logistics." in md)
    assert ("특정 중국 물류 플랫폼이나 지역 사례를 들지 않는다" in md if lang == "ko"
            else "reports name no Chinese logistics platform" in md)


# ---------------------------------------------------------------- 7. the smart-manufacturing implication


@pytest.mark.parametrize("firm", ["S5", "P02"])
def test_smart_manufacturing_implication_not_shown_outside_manufacturing(kb, answers, firm):
    """Panels 31 S5 (3PL) and 32 P02 (payments): "기초 과학기술·기술표준 협력과 스마트제조 오픈플랫폼" — a
    manufacturing economist's proposal (kiep_seminar 38–45) — was shown with logistics and fintech answers."""
    imp = kb.implications["imp_standards_smart_manufacturing"]
    assert set(imp["sectors"]) == {"industrial_internet", "robotics"}
    for r in answers[firm]["result"]["recommendations"]:
        if r["sector_id"] not in imp["sectors"]:
            assert "imp_standards_smart_manufacturing" not in r["implication_ids"]
    assert imp["title_ko"] not in answers[firm]["ko"] and imp["title_en"] not in answers[firm]["en"]


def test_smart_manufacturing_implication_kept_for_smart_manufacturing(rec):
    assert "imp_standards_smart_manufacturing" in rec.implications_for("CN", "industrial_internet", "platform_alliance")
    assert "imp_standards_smart_manufacturing" not in rec.implications_for("CN", "ecommerce", "platform_alliance")
    assert "imp_standards_smart_manufacturing" not in rec.implications_for("CN", "logistics", "platform_alliance")


# ---------------------------------------------------------------- 8. the platform alliance in fintech


@pytest.mark.parametrize("lang", present.LANGS)
def test_fintech_alliance_names_alipay_and_wechat_pay(kb, answers, lang):
    """Panel 32 P02: "왜 이 전략인가" read "음성비서, 도시 운영체제 … 알리바바 도시 OS처럼" for a payments firm. The
    fintech wording names the partners issue report 1431–1437 and 1467–1475 record."""
    assert "80%이상" in _report_lines(kb, "china_4ir_issue_2018", 1473, 1475)
    rows = [r for r in answers["P02"]["result"]["recommendations"]
            if (r["sector_id"], r["strategy_id"]) == ("fintech", "platform_alliance")]
    assert rows, "P02 is answered fintech · platform alliance"
    text = present.strategy_description(kb, rows[0], lang)
    if lang == "ko":
        assert "알리페이" in text and "위챗페이" in text and "도시 OS" not in text and "음성비서" not in text
    else:
        assert "Alipay" in text and "WeChat Pay" in text and "city OS" not in text and "voice assistant" not in text
    assert text in answers["P02"][lang]
