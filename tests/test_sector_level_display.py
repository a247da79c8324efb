"""A sector-level answer (regions the reports cannot tell apart, issue 18) is shown as such wherever a person reads
it — never under the name of the one region that stands in for the group — and a firm with no capability at all is
not shown "near misses" that only list whichever region comes first."""

from __future__ import annotations

from features.firms import firms_from_records
from recommender.present import answer_region
from recommender.report import recommendation_markdown
from recommender.weights import preset_weights

W = preset_weights("balanced")
BATTERY = {"firm_id": "B1", "name": "배터리", "employees": 150, "risk_tolerance": "medium",
           "capabilities": {"energy_tech": 4, "automotive_mobility": 2}}  # fmt: skip


def _one(kb, rec, record):
    firms = firms_from_records([record], kb.regions).firms
    return rec.recommend(firms, 0, W, top=5), firms.firm(0)


def test_a_sector_level_answer_is_named_by_its_regions_not_by_its_stand_in(kb, rec):
    result, firm = _one(kb, rec, BATTERY)
    merged = [r for r in result["recommendations"] if len(r.get("equivalent_regions") or []) > 1]
    assert merged, "the battery firm's smart-energy answer rests on national data only: one sector-level answer"
    r = merged[0]
    n = len(r["equivalent_regions"])
    # panel 5: not "어디든"; pres20 (panels 27-28): a nationwide answer, the region the firm's choice
    assert n > 1 and answer_region(r, kb, "ko") == "전국 단위 (지역은 귀사 선택)"
    assert answer_region(r, kb, "en") == "nationwide (region of your choice)"
    stand_in = kb.regions[r["region_id"]].name_ko
    md = recommendation_markdown(result, kb, lang="ko", firm=firm)
    heading = next(line for line in md.splitlines() if line.startswith("## ") and r["sector_name"]["ko"] in line)
    assert "전국 단위 (지역은 귀사 선택)" in heading and stand_in not in heading


def test_a_region_specific_answer_keeps_its_region_name(kb, rec):
    result, _ = _one(kb, rec, {"firm_id": "S1", "employees": 120, "risk_tolerance": "medium",
                               "capabilities": {"urban_services": 4, "iot_devices": 4, "cloud_big_data": 3}})
    first = result["recommendations"][0]
    assert not first.get("equivalent_regions")
    assert answer_region(first, kb, "ko") == kb.regions[first["region_id"]].name_ko


def test_a_firm_with_no_capability_gets_no_region_ordered_near_misses(kb, rec):
    result, _ = _one(kb, rec, {"firm_id": "Z1", "employees": 80, "risk_tolerance": "low", "capabilities": {}})
    cov = result["coverage"]
    assert cov["status"] == "none" and cov["near_misses"] == []
    assert "가까운 기회도 없습니다" in cov["message"]["ko"] and "no opportunity is close" in cov["message"]["en"]


def test_a_firm_with_a_partial_capability_still_gets_its_near_miss(kb, rec):
    result, _ = _one(kb, rec, {"firm_id": "Z2", "employees": 80, "risk_tolerance": "low",
                               "capabilities": {"medical_devices": 2}})
    near = result["coverage"]["near_misses"]
    assert near and near[0]["sector_id"] == "smart_healthcare" and near[0]["have"]["medical_devices"] == 2


# ---------------------------------------------------------------- the app: a firm given only by KSIC code and products


def test_the_app_answers_a_firm_given_only_by_industry_code_and_products_in_the_links_language() -> None:
    """A textile maker with no capability scores (as an agency list holds it) gets the honest out-of-scope answer with
    cited passages — not the "all capabilities are 0" prompt — and a link's ``lang=en`` reaches the page titles."""
    from tests.test_app_flow import assert_clean, new_app, s
    from ui.share import encode_firm

    firm = {"firm_id": "T1", "name": "대구섬유", "employees": 80, "risk_tolerance": "low", "industry_code": "13101",
            "products": "면방적사"}  # fmt: skip
    at = new_app(query={"firm": encode_firm(firm), "lang": "en"})
    assert_clean(at)
    shown = " ".join(str(w.value) for w in at.warning)
    assert "do not treat the textiles" in shown
    assert s("empty_firm", "en")[:30] not in shown
    quotes = [c.value for c in at.caption]
    # read19: the seminar quote starts at its sentence (68, not mid-word at 69)
    assert any("lines 68–72" in c for c in quotes) and not any("kiep_seminar_2018" in c for c in quotes)
    assert at.session_state["lang_en"] is True
