"""Issue 18, the eighth independent advisor panel: an ERP/MES software house ("클라우드 SaaS") was read as cloud 4 and
sent to Hangzhou's city data platform ahead of its smart-factory market (F13, judged wrong)."""

from __future__ import annotations

from features.firms import firms_from_records
from recommender import present
from recommender.weights import preset_weights

F13 = {"firm_id": "F13", "name": "코드브릭", "employees": 25, "investment_capacity_krw_100m": 3,
       "risk_tolerance": "medium", "horizon_years": 3, "industry_code": "58222",
       "products": "기업용 ERP·MES 소프트웨어, 클라우드 SaaS"}


def test_software_sold_as_a_service_is_not_read_as_a_cloud_platform_builder(kb):
    firm = firms_from_records([F13], kb.regions).firms.firm(0)
    assert firm["capabilities"]["cloud_big_data"] == 3
    assert firm["capabilities"]["smart_manufacturing"] == 4
    # a cloud platform or data-centre operator still reads as cloud 4
    other = firms_from_records([{**F13, "firm_id": "X", "industry_code": "63112",
                                 "products": "클라우드 인프라(IaaS), 데이터센터"}], kb.regions).firms.firm(0)
    assert other["capabilities"]["cloud_big_data"] == 4


def test_the_mes_house_leads_with_smart_factories_named_as_products_not_equipment(kb, rec):
    batch = firms_from_records([F13], kb.regions)
    out = rec.recommend(batch.firms, 0, preset_weights("balanced"), top=5, with_robustness=False)
    first = out["recommendations"][0]
    assert first["sector_id"] == "industrial_internet"
    assert [r["sector_id"] for r in out["recommendations"]].index("industrial_internet") == 0
    # 25 staff, no China experience: co-location is closed; a first entrant starts through Korean support (adv16)
    assert first["strategy_id"] == "korean_support_channels"
    assert first["strategy"]["runner_ups"][0]["strategy_id"] == "component_supply"
    assert present.strategy_label(kb, "component_supply", "industrial_internet", "ko") == "스마트공장 관련 제품·부품·소재 공급"
    assert "smart-factory products" in present.strategy_label(kb, "component_supply", "industrial_internet", "en")
    assert present.strategy_label(kb, "component_supply", "logistics", "ko") == "부품·소재·장비 공급"


def test_the_out_of_scope_message_says_plainly_there_is_nothing_and_when_to_enter_scores(kb, rec):
    """F09 (chip-equipment maker): the no-match sentence was hard to parse in both languages."""
    from recommender.industry_scope import apply_industry_gate, industry_scope

    batch = firms_from_records([{"firm_id": "F09", "employees": 2000, "industry_code": "29271",
                                 "products": "반도체 식각장비, 증착장비"}], kb.regions)  # fmt: skip
    firm = batch.firms.firm(0)
    out = apply_industry_gate(rec.recommend(batch.firms, 0, preset_weights("balanced"), with_robustness=False), firm,
                              industry_scope(kb, firm))  # fmt: skip
    msg = out["coverage"]["message"]
    assert out["coverage"]["status"] == "none" and not out["recommendations"]
    assert msg["ko"].startswith("보고서는 귀사의 주업종(") and "추천할 기회가 없습니다" in msg["ko"]
    assert msg["en"].startswith("The reports do not treat your main industry") and "If your firm also does business" in msg["en"]
    assert "5G" not in msg["ko"] and "5G" not in msg["en"]  # panel 9: no sector examples a cosmetics firm cannot use


def test_component_supply_is_open_for_the_sector_with_a_reason_that_names_no_other_sector(kb):
    cond = kb.strategies["component_supply"]["available_if"][0]
    assert "5G" not in cond["why_ko"] and "robot" not in cond["why_en"].lower()
    refs = {f"{e['doc_id']}:{e['line_start']}-{e['line_end']}" for e in cond["evidence"]}
    assert "kiep_internet_plus_2018:1420-1426" in refs  # energy equipment, cited where an energy firm reads it


def test_a_region_left_out_above_a_shown_row_of_its_sector_is_explained_by_the_tie_rule(kb, rec):
    """F01: Hebei 0.515 shown, Shanghai 0.517 left out — the note says why (tie, more evidence first). adv15:
    autonomous driving now counts its core needs together (AI 0, sensors 2): Hebei 0.423 shown, Shanghai 0.425 left
    out, the same situation."""
    caps = {"automotive_mobility": 5, "smart_manufacturing": 4, "semiconductors_sensors": 2, "iot_devices": 2}
    batch = firms_from_records([{"firm_id": "F01", "employees": 850, "china_experience_years": 12,
                                 "has_china_entity": True, "chinese_speaking_staff": 15,
                                 "investment_capacity_krw_100m": 300, "capabilities": caps}], kb.regions)  # fmt: skip
    out = rec.recommend(batch.firms, 0, preset_weights("balanced"), top=5, with_robustness=False)
    note = next(n for n in out["coverage"]["notes"] if n["kind"] == "more_regions")
    assert "Shanghai (0.425)" in note["en"] and "0.005" in note["en"] and "0.005" in note["ko"]
    shown = {r["region_id"]: r["score"] for r in out["recommendations"] if r["sector_id"] == "autonomous_driving"}
    assert shown["CN-HE"] < 0.425


def test_a_sector_level_answer_says_which_region_its_open_here_reasons_hold_for(kb, rec):
    """Panel 9 (F04): "◆ 이 지역의 창업 생태계 …" stood under a "no regional evidence" answer. The reason holds for the
    region the row stands on (the preferred Shanghai), and the line now says so: a record about that one region,
    which does not tell the regions apart for the sector (a reason found at any level is shown as it is)."""
    from recommender.report import recommendation_markdown

    # a year in China since adv16 (a first entrant's rank-1 mode is Korean support, open through a national proposal)
    batch = firms_from_records([{"firm_id": "F04", "employees": 45, "investment_capacity_krw_100m": 30,
                                 "china_experience_years": 1, "risk_tolerance": "medium", "preferred_regions": ["CN-SH"],
                                 "capabilities": {"fintech": 5, "cloud_big_data": 3}}], kb.regions)  # fmt: skip
    out = rec.recommend(batch.firms, 0, preset_weights("balanced"), top=5, with_robustness=False)
    level = [r for r in out["recommendations"] if r["equivalent_regions"] and r["strategy"].get("open_here_because")]
    assert level, "the case: a sector-level row whose entry mode is open for a regional reason"
    r = level[0]
    name = kb.regions[r["region_id"]]
    scope = {c["why_ko"]: c.get("scope", "sector") for c in kb.strategies[r["strategy_id"]]["available_if"]}
    because = r["strategy"]["open_here_because"]
    for w, ko, en in zip(because, present.open_here_lines(r, kb, "ko"), present.open_here_lines(r, kb, "en")):
        if scope[w["ko"]] in ("any", "all"):  # a national record (platforms reach every region): as it is
            assert (ko, en) == (w["ko"], w["en"])
        else:  # the region's own record (tests/test_panel9_text.py: F04's start-up ecosystem in Shanghai)
            assert ko.startswith(f"{name.name_ko}에 대한 기록: ") and ko.endswith("지역을 가려 주는 근거는 아닙니다.")
            assert en.startswith(f"Recorded for {name.name_en}: ")
    md = recommendation_markdown(out, kb, "ko", firm=batch.firms.firm(0))
    assert f"◆ ({name.name_ko} 기준) " not in md
    regional = [r for r in out["recommendations"] if not r["equivalent_regions"] and r["strategy"].get("open_here_because")]
    for r in regional:  # a regional row's reasons are its own: no tag
        assert present.open_here_lines(r, kb, "ko") == [w["ko"] for w in r["strategy"]["open_here_because"]]
