"""Issue 18, the tenth advisor panel (and the eleventh's finding 4): the answer's text must match the list and the
score it explains — the per-sector cap's fill rule, the preference term of the score, where a preferred region
stands in the rank-1 sector, risk lines about other sectors, list mentions read as reasons, KHIDI spelled out."""

from __future__ import annotations

from tests.panel_support import NO_CAPABILITIES as ZERO
from tests.panel_support import P11_F01, answer, notes

F01 = {"firm_id": "F01", "name": "㈜한결오토텍", "employees": 320, "revenue_krw_100m": 850, "china_experience_years": 6,
       "has_china_entity": True, "chinese_speaking_staff": 8, "investment_capacity_krw_100m": 60,
       "certifications": ["IATF16949", "ISO9001"], "risk_tolerance": "medium", "horizon_years": 5,
       "preferred_regions": [], "excluded_regions": [],
       "capabilities": {**ZERO, "ai_software": 2, "semiconductors_sensors": 4, "iot_devices": 2,
                        "automotive_mobility": 5, "smart_transport": 2, "smart_manufacturing": 2}}  # fmt: skip
F05 = {"firm_id": "F05", "name": "㈜케어링크", "employees": 60, "revenue_krw_100m": 45, "china_experience_years": 1,
       "has_china_entity": False, "chinese_speaking_staff": 1, "investment_capacity_krw_100m": 10,
       "certifications": ["ISO27001"], "risk_tolerance": "medium", "horizon_years": 3, "preferred_regions": ["CN-SC"],
       "excluded_regions": [],
       "capabilities": {**ZERO, "ai_software": 3, "cloud_big_data": 3, "medical_devices": 1, "digital_health": 5}}  # fmt: skip


def test_the_two_regions_per_sector_note_says_when_the_free_places_went_to_the_same_sector(kb, rec):
    """Panel 10 F01: autonomous driving stood in 3 regions under "at most 2 regions of one sector"."""
    out = answer(kb, rec, F01)
    n_ad = sum(r["sector_id"] == "autonomous_driving" for r in out["recommendations"])
    assert n_ad >= 3  # 4 since 5G is anchored on 5G itself (this firm has 5G 0 and left the 5G row)
    note = notes(out, "more_regions")[0]
    assert "free places go to the next regions of the same sector" in note["en"]
    assert f"Autonomous driving, {n_ad} regions" in note["en"]
    assert "남은 자리는 같은 분야의 다음 지역으로 채웁니다" in note["ko"] and f"{n_ad}곳" in note["ko"]


def test_the_fill_sentence_is_absent_when_no_sector_passed_the_cap(kb):
    from recommender.answer_notes import more_regions

    note = more_regions({"smart_healthcare": [("CN-JS", 0.529)]}, 2, kb, False, {"smart_healthcare": 2})
    assert "free places" not in note["en"] and "남은 자리" not in note["ko"]
    assert more_regions({}, 2, kb, False, {"smart_healthcare": 2}) is None


def test_the_scoring_line_shows_the_preference_term_when_the_firm_names_preferred_regions(kb, rec):
    """Panel 10 F05: rank 1 fell 0.739 → 0.701 with Sichuan preferred; the formula shown did not say why."""
    from recommender.report import recommendation_markdown

    out = answer(kb, rec, F05)
    # 0.701 → 0.717 since adv14: Guangdong's health big-data projects (B139, B142, B145–B147) count for smart healthcare
    assert round(out["recommendations"][0]["score"], 3) == 0.717
    en = recommendation_markdown(out, kb, "en")
    ko = recommendation_markdown(out, kb, "ko")
    # pres20: the rule written as fit times the weighted sum (panel 28)
    assert "score = 0.95×fit × (" in en and "+ 0.05×(1 if a preferred region, else 0)" in en
    assert "점수 = 0.95×역량적합 × (" in ko and "0.05×(선호 지역이면 1, 아니면 0)" in ko
    from recommender.report import recommendation_workbook  # the app's download: its info sheet says the same

    info = recommendation_workbook(out, kb, "en")["info"].astype(str).values.tolist()
    assert any("+ 0.05×(1 if a preferred region, else 0)" in v for row in info for v in row)
    plain = answer(kb, rec, {**F05, "preferred_regions": []})
    assert "preferred region" not in recommendation_markdown(plain, kb, "en").split("| scoring |")[1].split("\n")[0]


def test_the_preferred_region_note_says_where_it_stands_in_the_rank_1_sector(kb, rec):
    """Panel 10 F05: the note put Sichuan inside a big-data answer and said nothing of Sichuan × smart healthcare."""
    out = answer(kb, rec, F05)
    assert out["recommendations"][0]["sector_id"] == "smart_healthcare"
    note = notes(out, "preferred_region")[0]
    assert "In the rank-1 sector (Smart healthcare), Sichuan would score 0.548 (rank 1: 0.717)" in note["en"]  # 0.701 before adv14
    assert "no fact of Sichuan's own about this sector" in note["en"]
    assert "1위 분야(스마트 헬스케어)에서 쓰촨성의 점수는 0.548" in note["ko"] and "고유의 사실이 없습니다" in note["ko"]


F08 = {"firm_id": "F08", "name": "㈜그린셀에너지", "employees": 800, "revenue_krw_100m": 3500, "china_experience_years": 8,
       "has_china_entity": True, "chinese_speaking_staff": 15, "investment_capacity_krw_100m": 200,
       "certifications": ["ISO9001", "UL9540"], "risk_tolerance": "medium", "horizon_years": 7, "preferred_regions": [],
       "excluded_regions": [], "industry_code": "28113",
       "products": "ESS용 리튬인산철 배터리 랙, 태양광 연계 에너지관리시스템(EMS)"}  # fmt: skip


def test_an_energy_firm_is_not_shown_bat_or_the_80_percent_line_nor_5g_figures(kb, rec):
    """Panel 10 F08 (ESS maker): the risk list said "BAT's protected home market" and "80% dependence on foreign
    technology", and "why this strategy" quoted the 5G and smart-factory spending."""
    from recommender.report import recommendation_markdown

    out = answer(kb, rec, F08)
    assert out["recommendations"][0]["sector_id"] == "smart_energy"
    for lang in ("en", "ko"):
        text = recommendation_markdown(out, kb, lang)
        assert "BAT" not in text and "80%" not in text
        assert "180" not in text and "1,800억" not in text and "3조 위안" not in text and "3 trillion" not in text
    en = recommendation_markdown(out, kb, "en")
    assert "smart-energy policy calls for" in en and "distributed" in en
    assert "technology theft" in en  # the line that holds for every firm bringing technology takes the place


def test_the_bat_and_80_percent_lines_stay_where_the_report_speaks_of_them(kb):
    from recommender.reading import risk_fact_applies

    bat = {"fact_id": "C065", "note_en": "BAT earn stable profits in a home market sheltered from global competition"}
    dep = {"fact_id": "A139", "note_en": "China relies on foreign technology for about 80% of its needs"}
    assert risk_fact_applies(bat, "fintech", kb) and risk_fact_applies(bat, "ai", kb)
    assert not risk_fact_applies(bat, "logistics", kb) and not risk_fact_applies(bat, "smart_energy", kb)
    assert risk_fact_applies(dep, "ai", kb) and not risk_fact_applies(dep, "smart_agriculture", kb)
    assert risk_fact_applies({"fact_id": "C089", "note_en": "safeguards against technology theft"}, "smart_energy", kb)


def test_a_name_in_the_list_of_17_pilot_bases_is_marked_and_stands_after_the_substantive_reasons(kb, rec):
    """Panel 11 F01: "Shanghai is only named in the list of 17 pilot bases" stood as a supporting bullet of equal
    standing."""
    from recommender import reading
    from recommender.report import recommendation_markdown

    out = answer(kb, rec, P11_F01)
    sh = next(r for r in out["recommendations"] if r["region_id"] == "CN-SH")
    listed = [x for x in sh["reasons"] if reading.list_only(x, kb)]
    assert listed and any(not reading.list_only(x, kb) for x in sh["reasons"])
    order = reading.ordered_reasons(sh["reasons"], kb)
    assert reading.list_only(order[-1], kb) and not reading.list_only(order[0], kb)
    en, ko = recommendation_markdown(out, kb, "en"), recommendation_markdown(out, kb, "ko")
    for text, mark in ((en, "- Named in a list only — Shanghai is named in the list of China's 17"),
                       (ko, "- 목록에 이름만 있음 — 상하이는 대중창업·만중혁신 지역 시범기지 17곳")):
        assert mark in text
        why = [x for x in text.splitlines() if x.startswith(("- Why:", "- 이유:"))]
        assert why and not any("시범기지" in x or "demonstration bases" in x for x in why)  # never the headline
        for line in text.splitlines():  # every list mention carries the mark
            if ("17 regional mass-entrepreneurship" in line or "시범기지 17곳 목록에" in line) and line.startswith("- "):
                assert line.startswith("- " + reading.LIST_ONLY_MARK["en" if text is en else "ko"])


def test_the_summary_never_takes_a_list_mention_as_its_reason(kb):
    from recommender.summary import _line_why

    listed = {"fact_id": "A094",  # a list mention by its fact's list_only tag (data/facts), not by its words
              "note_ko": "상하이는 대중창업·만중혁신 지역 시범기지 17곳 목록에 이름만 올라 있으며 분야나 내용은 나와 있지 않다.",
              "note_en": "Shanghai is named in the list of China's 17 regional bases; the list gives no sector.",
              "evidence": []}  # fmt: skip
    real = {"note_ko": "상하이 의견은 2020년까지 AI 응용 모델을 만들려 한다.", "note_en": "The Shanghai opinions seek an AI model.",
            "evidence": []}  # fmt: skip
    assert "17" not in _line_why({"capabilities": [], "reasons": [listed, real]}, kb, "en")
    assert "Shanghai opinions" in _line_why({"capabilities": [], "reasons": [listed, real]}, kb, "en")
    assert "17" not in _line_why({"capabilities": [], "reasons": [listed]}, kb, "ko")


F16 = {"firm_id": "F16", "name": "㈜진바이오랩", "employees": 40, "revenue_krw_100m": 25, "china_experience_years": 0,
       "has_china_entity": False, "chinese_speaking_staff": 0, "investment_capacity_krw_100m": 8,
       "certifications": ["ISO13485"], "risk_tolerance": "high", "horizon_years": 5, "preferred_regions": [],
       "excluded_regions": [],
       "capabilities": {**ZERO, "ai_software": 2, "medical_devices": 3, "digital_health": 2, "biotech_genomics": 5}}  # fmt: skip


def test_khidi_is_spelled_out_at_its_first_use_in_english(kb, rec):
    """Panel 10 (F16): "KHIDI" was used before it was spelled out."""
    from recommender.report import recommendation_markdown

    out = answer(kb, rec, F16)
    assert out["recommendations"][0]["strategy_id"] == "korean_support_channels"
    en = recommendation_markdown(out, kb, "en")
    first = en.index("KHIDI")
    assert en[max(0, first - 50):first].endswith("Korea Health Industry Development Institute (")
    for card in en.split("\n## ")[1:]:  # each answer card, read on its own, spells it out before the short form
        if "KHIDI" in card:
            assert card.index("Korea Health Industry Development Institute") < card.index("KHIDI")


F15 = {"firm_id": "F15", "name": "㈜웨이브넷", "employees": 1200, "revenue_krw_100m": 4200, "china_experience_years": 12,
       "has_china_entity": True, "chinese_speaking_staff": 20, "investment_capacity_krw_100m": 300,
       "certifications": ["ISO9001", "TL9000"], "risk_tolerance": "medium", "horizon_years": 5, "preferred_regions": [],
       "excluded_regions": [],
       "capabilities": {**ZERO, "semiconductors_sensors": 3, "cloud_big_data": 2, "iot_devices": 3, "telecom_5g": 5}}  # fmt: skip


def test_the_smartphone_display_overlap_is_said_once_per_answer(kb, rec):
    """Panel 10 F15: the entry mode's ICT line and the fact on the same report lines (4ir 282–288) stood one above
    the other."""
    from recommender.report import risk_blocks

    out = answer(kb, rec, F15)
    first = out["recommendations"][0]
    assert first["sector_id"] == "telecom_5g" and first["strategy_id"] == "component_supply"
    for lang, word in (("en", "smartphones"), ("ko", "스마트폰")):
        lines = [x for kind, body in risk_blocks(first, lang, kb) if kind == "ul" for x in body]
        assert sum(word in x for x in lines) == 1
