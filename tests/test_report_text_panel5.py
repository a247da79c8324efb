"""What a client reads after the fifth advisor panel (issue 18): a sector-level answer says it has no regional
evidence and leaves the region to the firm; the risk headline shows the opportunity's own risk beside the
firm-adjusted one; component supply has a short name; hub hospitals are named only in healthcare; the test-bed
condition is not worded as test roads; the tie order is said at the tied rows — Markdown, table and app helpers,
Korean and English. Scores and JSON keys are unchanged."""

from __future__ import annotations

import re

import pytest

from features.firms import firms_from_records
from recommender import kernels, present
from recommender.report import (
    APPENDIX_HEAD,
    md_plain,
    rank_label,
    recommendation_markdown,
    recommendation_table,
    recommendation_workbook,
    risk_rows,
)
from recommender.weights import preset_weights

CAPS = ("ai_software", "semiconductors_sensors", "cloud_big_data", "iot_devices", "automotive_mobility",
        "smart_transport", "urban_services", "medical_devices", "digital_health", "biotech_genomics",
        "smart_manufacturing", "fintech", "ecommerce_consumer", "telecom_5g", "agritech", "energy_tech",
        "logistics_tech")  # fmt: skip


def _firm(fid: str, name: str, caps: dict, **fields) -> dict:
    base = {"firm_id": fid, "name": name, "employees": 300, "revenue_krw_100m": 900, "china_experience_years": 8,
            "has_china_entity": True, "chinese_speaking_staff": 10, "investment_capacity_krw_100m": 80,
            "certifications": [], "risk_tolerance": "medium", "horizon_years": 5, "preferred_regions": [],
            "excluded_regions": [], "capabilities": {k: caps.get(k, 0) for k in CAPS}}  # fmt: skip
    return {**base, **fields}


#: panel 5 firms (their inputs as the panel gave them): F05 logistics with a China entity (a sector-level rank 1),
#: F08 5G/IoT preferring Jiangsu (cluster co-location on industrial internet), F01 auto parts (tied ranks),
#: F15 an MES vendor given by KSIC code and products (Zhejiang smart city at rank 1)
F05 = _firm("F05", "스마트로지", {"cloud_big_data": 2, "iot_devices": 3, "ecommerce_consumer": 2, "logistics_tech": 5})
F08 = _firm("F08", "넥스트5G", {"semiconductors_sensors": 3, "iot_devices": 4, "telecom_5g": 5}, employees=400,
            revenue_krw_100m=1500, china_experience_years=6, chinese_speaking_staff=8,
            investment_capacity_krw_100m=200, risk_tolerance="high", preferred_regions=["CN-JS"])  # fmt: skip
F01 = _firm("F01", "한빛정밀", {"semiconductors_sensors": 2, "iot_devices": 2, "automotive_mobility": 5,
                            "smart_manufacturing": 4}, employees=850, revenue_krw_100m=3200,
            china_experience_years=12, chinese_speaking_staff=15, investment_capacity_krw_100m=300,
            certifications=["IATF16949"])  # fmt: skip
F15 = {"firm_id": "F15", "name": "클라우드메이트", "employees": 150, "revenue_krw_100m": 300,
       "china_experience_years": 3, "has_china_entity": False, "chinese_speaking_staff": 4,
       "investment_capacity_krw_100m": 40, "risk_tolerance": "medium", "horizon_years": 4,
       "certifications": ["ISO27001"], "preferred_regions": [], "excluded_regions": ["CN-BJ"],
       "industry_code": "62010", "products": "산업용 MES 소프트웨어, 클라우드 ERP, 빅데이터 분석 솔루션"}  # fmt: skip


@pytest.fixture(scope="module")
def answers(kb, rec):
    out = {}
    for firm in (F05, F08, F01, F15):
        batch = firms_from_records([firm], kb.regions)
        result = rec.recommend(batch.firms, 0, preset_weights("balanced"), top=5)
        assert result["recommendations"], firm["firm_id"]
        one = batch.firms.firm(0)
        out[firm["firm_id"]] = {"result": result, "firm": one,
                                **{f"md_{lang}": recommendation_markdown(result, kb, lang, firm=one)
                                   for lang in present.LANGS}}  # fmt: skip
    return out


def _section(md: str, heading_part: str) -> list[str]:
    """The lines of the first ``## `` section whose heading contains ``heading_part`` (heading first)."""
    lines = md.splitlines()
    start = next(i for i, x in enumerate(lines) if x.startswith("## ") and heading_part in x)
    end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("## ")), len(lines))
    return [x for x in lines[start:end] if x.strip()]


# ---------------------------------------------------------------- 1. a sector-level answer is no regional answer


def test_a_sector_level_rank_1_says_there_is_no_regional_evidence(kb, answers):
    """F05: "1위. 23개 지역 중 어디든 · 스마트 물류" read as if "anywhere" were a regional finding."""
    first = answers["F05"]["result"]["recommendations"][0]
    n = len(first["equivalent_regions"])
    assert n > 1, "F05's rank 1 is the sector-level logistics answer"
    # pres20 (panels 27-28): the heading and first line say "nationwide, the region is yours"; the regions stand in
    # the appendix, not as a list of candidates beside the answer
    for lang, head, lead, choice, entity in (
            ("ko", "전국 단위 (지역은 귀사 선택)", "전국 단위 답: 보고서는 스마트 물류 분야를 전국 단위로만",
             "지역은 귀사가 고릅니다", "중국 법인"),
            ("en", "nationwide (region of your choice)",
             "A nationwide answer: the reports treat Smart logistics only nationally", "the region is your choice",
             "China entity")):  # fmt: skip
        md = answers["F05"][f"md_{lang}"]
        sec = _section(md, head)
        assert "어디든" not in md and "any of " not in md
        assert sec[1].startswith(lead) and choice in sec[1], sec[1]  # the first line under the heading says it
        names = present.region_names(first["equivalent_regions"], kb, lang)
        assert names in md[md.index("## " + APPENDIX_HEAD[lang]):], "the equivalent regions are listed in the appendix"
        assert not any(names in x for x in sec[1:4])
        assert entity in sec[2], "the firm has a China entity: it can guide the choice"


def test_a_preferred_region_on_the_list_guides_the_choice(kb, answers):
    """F08 prefers Jiangsu, which its sector-level 5G answer covers: the answer says so; a firm without an entity or
    preferences is told to choose by customers and partners (nothing invented about the firm)."""
    r = answers["F08"]["result"]["recommendations"][0]
    assert "CN-JS" in r["equivalent_regions"]
    ko = present.sector_level_lines(r, kb, "ko", answers["F08"]["firm"])
    en = present.sector_level_lines(r, kb, "en", answers["F08"]["firm"])
    assert "선호 지역" in ko[2] and "장쑤성" in ko[2] and "중국 법인" in ko[2]
    assert "preferred regions" in en[2] and "Jiangsu" in en[2]
    bare = present.sector_level_lines(r, kb, "ko", {"preferred_regions": [], "has_china_entity": False})
    assert "선호" not in bare[2] and "법인" not in bare[2] and "고객·협력사" in bare[2]
    assert present.sector_level_lines(answers["F01"]["result"]["recommendations"][0], kb, "ko") == []


def test_the_app_names_a_sector_level_answer_the_same_way(kb, answers, monkeypatch):
    from ui import i18n
    from ui.vocab import answer_region_name

    r = answers["F05"]["result"]["recommendations"][0]
    for lang in present.LANGS:
        monkeypatch.setitem(i18n._last, "lang", lang)
        assert answer_region_name(kb, r) == present.sector_level_region(len(r["equivalent_regions"]), lang)
    assert "어디든" not in present.sector_level_region(23, "ko")


# ---------------------------------------------------------------- 2. the risk headline


def test_the_risk_headline_shows_the_opportunitys_own_risk_first(kb, answers):
    """F01: "위험 0.18" was the risk after the firm's tolerance and readiness; its own risk 0.51 was only in the risk
    paragraph."""
    recs = answers["F01"]["result"]["recommendations"]
    r = recs[0]
    own, eff = r["risk_explained"]["opportunity_risk"], r["components"]["risk"]
    assert own > eff + 0.1, "the case: the adjustment shrinks the risk"
    # panel 6: the exposure after readiness and the tolerance-weighted number in the score said apart
    # panel 24 item 5: the three numbers apart in the appendix's columns (own first), the body shows the exposure
    exposure = own * r["risk_explained"]["readiness_relief"]
    for lang in present.LANGS:
        md = answers["F01"][f"md_{lang}"]
        assert f"| {own:.2f} | {exposure:.2f} | {eff:.2f} |" in md
        assert md.index(f"| {own:.2f} | {exposure:.2f} | {eff:.2f} |") > md.index("## " + APPENDIX_HEAD[lang])
        assert ("귀사가 지는 위험 " if lang == "ko" else "risk to your firm ") + f"{exposure:.2f} · " in md  # pres20
    table = recommendation_table(answers["F01"]["result"], kb, "ko")
    assert list(table["위험(기회 자체)"]) == [round(x["risk_explained"]["opportunity_risk"], 2) for x in recs]
    assert list(table["위험(귀사 조정 후)"]) == [round(x["components"]["risk"], 2) for x in recs]
    en_table = recommendation_table(answers["F01"]["result"], kb, "en")
    assert "risk (opportunity's own)" in en_table.columns
    sheet = risk_rows(answers["F01"]["result"], "ko")
    assert present.risk_headline(r, "ko") in set(sheet["종류"])


def test_without_a_breakdown_only_the_adjusted_risk_is_shown():
    r = {"components": {"risk": 0.2}}
    assert present.risk_headline(r, "ko") == "0.20" and present.risk_headline(r, "en") == "0.20"


# ---------------------------------------------------------------- 3. and 4. strategy names


def test_component_supply_has_a_short_name_and_keeps_its_detail(kb, answers):
    spec = kb.strategies["component_supply"]
    for lang in present.LANGS:
        assert "(" not in spec[f"name_{lang}"] and len(spec[f"name_{lang}"]) <= 40
    assert "스마트 창고" in spec["description_ko"] and "smart warehouses" in spec["description_en"]
    assert "스마트공장·로봇·스마트농업" not in answers["F05"]["md_ko"]
    assert "robots, farm, energy and logistics build-out" not in answers["F05"]["md_en"]


def test_hub_hospitals_are_named_only_in_healthcare(kb, answers, monkeypatch):
    """F08: "앵커기업·클러스터 인근 입지 (의료는 거점병원)" on an industrial-internet answer."""
    from ui import i18n
    from ui.vocab import strategy_name

    spec = kb.strategies["cluster_colocation"]
    for sector in spec["sectors"]:
        ko = present.strategy_label(kb, "cluster_colocation", sector, "ko")
        en = present.strategy_label(kb, "cluster_colocation", sector, "en")
        hosp = sector == "smart_healthcare"
        assert ("거점병원" in ko) == hosp and ("hospital" in en) == hosp, (sector, ko, en)
        r = {"strategy_id": "cluster_colocation", "sector_id": sector,
             "strategy": {"description": {"ko": spec["description_ko"], "en": spec["description_en"]}}}
        assert ("거점병원" in present.strategy_description(kb, r, "ko")) == hosp
        assert ("hospital" in present.strategy_description(kb, r, "en")) == hosp
        for lang in present.LANGS:
            monkeypatch.setitem(i18n._last, "lang", lang)
            assert strategy_name(kb, "cluster_colocation", sector) == present.strategy_label(
                kb, "cluster_colocation", sector, lang)
    # F08's industrial-internet row is no longer ranked (panel 5: fit far below its best); F01 shows the label there
    shown = [r for r in answers["F01"]["result"]["recommendations"] if r["strategy_id"] == "cluster_colocation"]
    assert shown and all(r["sector_id"] != "smart_healthcare" for r in shown), "the F01 case is exercised"
    for lang in present.LANGS:
        md = answers["F01"][f"md_{lang}"]
        assert "거점병원" not in md and "hub hospital" not in md
        # the client workbook's recommendations sheet (the evidence sheet quotes the report's own words, which
        # may name hospitals: that is the source, not a label)
        table = recommendation_workbook(answers["F01"]["result"], kb, lang)["추천" if lang == "ko" else "recommendations"]
        text = " ".join(table.astype(str).to_numpy().ravel())
        assert "거점병원" not in text and "hospital" not in text.lower()
        assert present.strategy_label(kb, "cluster_colocation", "industrial_internet", lang) in text


# ---------------------------------------------------------------- 5. the test-bed condition


def test_the_test_bed_condition_is_not_worded_as_test_roads_and_cites_smart_city_lines(kb, rec):
    """F15: "✔ 시험도로·시범구역이 있어 …" on Hangzhou smart city. The tag holds there (Xiaoshan district offered as a
    test bed), but test roads are autonomous driving's: the condition is worded for every sector and cites the
    smart-city lines too."""
    cond = next(c for c in kb.strategies["open_platform_partner"]["profile_conditions"] if c.get("tag") == "test_bed")
    assert "시험도로" not in cond["why_ko"] and "road" not in cond["why_en"].lower()
    refs = {f"{e['doc_id']}:{e['line_start']}-{e['line_end']}" for e in cond["evidence"]}
    assert {"kiep_internet_plus_2018:4572-4580", "kiep_internet_plus_2018:4586-4594"} <= refs
    assert "테스트 베드" in kb.quote("kiep_internet_plus_2018", 4572, 4580)
    assert "테스트" in kb.quote("kiep_internet_plus_2018", 4586, 4594)
    # F15's inferred AI fell from 3 to 2 (panel 5: big-data words are not AI), so its rank 1 is now sub-supply; a
    # smart-city software firm with AI 4 went to Hangzhou's open platform until panel 11 (F01): the report advises
    # tier-2 cooperation there (KIEP 6384–6396), so the open platform is closed in Hangzhou smart city and the
    # answer is tier-2 supply — still with no test roads in its text
    firm = {**F15, "firm_id": "F15b", "industry_code": "", "products": "",
            "capabilities": {"cloud_big_data": 4, "ai_software": 4, "smart_transport": 3}}
    batch = firms_from_records([firm], kb.regions)
    result = rec.recommend(batch.firms, 0, preset_weights("balanced"), top=5)
    first = result["recommendations"][0]
    assert (first["region_id"], first["sector_id"], first["strategy_id"]) == ("CN-ZJ", "smart_city", "tier2_supplier")
    md = recommendation_markdown(result, kb, "ko", firm=batch.firms.firm(0))
    sec = "\n".join(_section(md, "스마트시티"))
    assert "시험도로" not in sec and "2차 협력" in sec


# ---------------------------------------------------------------- 6. the tie order at the tied rows


def test_every_tied_row_says_why_it_stands_there(kb, answers):
    for fid in ("F01", "F05"):
        result = answers[fid]["result"]
        recs = result["recommendations"]
        table = recommendation_table(result, kb, "ko")
        for i, r in enumerate(recs):
            tied = sum(x["tie_group"] == r["tie_group"] for x in recs) > 1
            cell = table["동순위"].iloc[i]
            assert (" — " in cell) == tied, cell
            for lang in present.LANGS:
                note = present.tie_row_note(r, recs, kb, lang)
                assert bool(note) == tied
                if tied:  # the line right under the row's heading
                    label = rank_label(r, recs, lang)
                    head = f"## {label}. " if lang == "ko" else f"## Rank {label}: "
                    line = f"{label}: {note}" if lang == "ko" else f"Rank {label}: {note}"
                    md = answers[fid][f"md_{lang}"].splitlines()
                    sector = kb.sectors[r["sector_id"]].name_ko if lang == "ko" else kb.sectors[r["sector_id"]].name_en
                    at = [k for k, x in enumerate(md) if x.startswith(head)  # two tied rows may share a region
                          and present.answer_region(r, kb, lang) in x and sector in x]  # fmt: skip
                    assert at and md_plain(line) in md[at[0] + 1: at[0] + 3], (fid, lang, line)


def test_a_lower_score_above_a_higher_one_is_explained_at_the_row(kb):
    """F01: Hebei 0.515 stood above Shanghai 0.517 in a tie, explained only in the header: the row says Shanghai has
    fewer of its own facts about the sector (counts from the knowledge base)."""
    n_he = len(kb.profile("CN-HE", "autonomous_driving").sector_fact_ids)
    n_sh = len(kb.profile("CN-SH", "autonomous_driving").sector_fact_ids)
    assert n_he > n_sh, "the case: Hebei has more facts about autonomous driving than Shanghai"

    def row(rank, region, name_ko, name_en, score):
        return {"rank": rank, "tie_group": 2, "region_id": region, "sector_id": "autonomous_driving", "score": score,
                "region_name": {"ko": name_ko, "en": name_en}}

    recs = [row(2, "CN-HE", "허베이성", "Hebei", 0.5146), row(3, "CN-SH", "상하이", "Shanghai", 0.5167)]
    # pres20 (panel 28 F01, F09): the first row, scoring lower, says why it is first
    assert present.tie_row_note(recs[0], recs, kb, "ko", short=True) == f"점수는 조금 낮지만 근거가 더 많아 먼저: {n_he}건 대 {n_sh}건"
    assert present.tie_row_note(recs[0], recs, kb, "en", short=True) == (
        f"a hair lower, but more evidence, so first: {n_he} facts against {n_sh}")
    full = present.tie_row_note(recs[0], recs, kb, "ko")
    assert "0.515" in full and "0.517" in full and "조금 낮아도 먼저" in full
    ko = present.tie_row_note(recs[1], recs, kb, "ko")
    en = present.tie_row_note(recs[1], recs, kb, "en")
    assert "앞 행(허베이성)보다 적어 뒤에" in ko and f"{n_sh}건 대 {n_he}건" in ko
    assert "placed after Hebei: fewer report facts" in en and f"({n_sh} against {n_he})" in en
    # an order the evidence does not explain gets only the rule, never a made-up reason
    flipped = [recs[1], recs[0]]
    assert present.tie_row_note(flipped[1], flipped, kb, "ko") == (
        "점수 차이가 0.005보다 작아 같은 순위로 묶였습니다 — 보고서 근거가 더 많은 지역을 먼저 보여 줍니다.")
    assert present.TIE_TOLERANCE == kernels.TIE_TOLERANCE


def test_the_app_labels_carry_the_tie_reason(kb, answers, monkeypatch):
    from ui import i18n
    from ui.results import opportunity_label

    # F15 (big data: Guangdong and Guizhou tied at ranks 2-3); F01's tie at ranks 3-5 (industrial internet 0.417,
    # robotics 0.416) came apart when industrial internet's pilot and lead-ministry facts were coded (D001, D002)
    recs = answers["F15"]["result"]["recommendations"]
    tied = [r for r in recs if sum(x["tie_group"] == r["tie_group"] for x in recs) > 1 and r["rank"] > 1]
    assert tied, "F15 has tied ranks"
    for lang in present.LANGS:
        monkeypatch.setitem(i18n._last, "lang", lang)
        for r in tied:
            label = opportunity_label(r, kb, recs)
            assert present.tie_row_note(r, recs, kb, lang, short=True) in label
            assert re.search(r"공동 \d+위 — |\d+ \(tied\) — ", label), label
