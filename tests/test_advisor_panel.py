"""Issue 18, the independent advisor panel's findings: a missing heaviest core need counts, a sector-level answer at
rank 1 points to the best regional answer, a preferred region is answered, and a firm every entry mode is closed to
by its size is told the report's first step. Each test is on the case that showed it."""

from __future__ import annotations

import numpy as np

from features.firms import firms_from_records
from recommender import kernels
from recommender.weights import preset_weights
from tests.panel_support import answer
from tests.panel_support import caps as _caps

W = preset_weights("balanced")
KEYS = ["ai_software", "semiconductors_sensors", "cloud_big_data", "iot_devices", "automotive_mobility",
        "smart_transport", "urban_services", "medical_devices", "digital_health", "biotech_genomics",
        "smart_manufacturing", "fintech", "ecommerce_consumer", "telecom_5g", "agritech", "energy_tech",
        "logistics_tech"]  # fmt: skip


def _fit(rec, sector, **caps):
    vec = np.array([[_caps(**caps)[k] for k in KEYS]], dtype=np.int8)
    fit = kernels.fit_scores(vec, rec.requirements, rec.core, central=rec.central, together=rec.together)
    return float(fit[0, rec.sector_list.index(sector)])


def test_fit_anchor_formula_by_hand():
    # sector 0 needs k0 at 5 (core and central), k1 at 4 (core), k2 at 1; the firm has k1 = 4 only
    caps = np.array([[0, 4, 0]], dtype=np.int8)
    req = np.array([[5, 4, 1], [5, 4, 1]], dtype=np.float32)
    core = np.array([[True, True, False], [True, True, False]])
    central = np.array([[True, False, False], [False, False, False]])  # sector 1 names no central need
    best, anchor, breadth = 4 / 5, 0.0, 4 / 10
    got = kernels.fit_scores(caps, req, core, central=central)[0]
    assert np.isclose(got[0], 0.7 * (0.5 * best + 0.5 * anchor) + 0.3 * breadth)
    assert np.isclose(got[1], 0.7 * best + 0.3 * breadth)  # no central need: the best core need alone
    # with the central need covered the anchor is full: a firm at 5 in k0 covers the core completely
    caps = np.array([[5, 0, 0]], dtype=np.int8)
    assert np.isclose(kernels.fit_scores(caps, req, core, central=central)[0, 0], 0.7 * 1.0 + 0.3 * 0.5)


def test_central_needs_are_the_three_the_text_names(rec):
    """Car makers at the centre of Apollo (KIEP 3530–3536); smart factories as the goal of Internet Plus
    manufacturing (KIEP 1285–1299: 스마트 팩토리의 발전을 목표로); 5G itself — core technology, network build-out
    and commercial service — at the centre of the 5G plan (KIEP 2059–2067; panels 11–13: sensor makers with 5G 0
    were sent to 5G); and since stop 30 smart city's application element technologies, transport and urban services
    (KIEP 4508–4526, 4553–4561; Korean firms as element-technology partners, 6371–6396)."""
    central = {rec.sector_list[s]: [k for k, c in zip(KEYS, row) if c] for s, row in enumerate(rec.central)}
    assert {s: ks for s, ks in central.items() if ks} == {"autonomous_driving": ["automotive_mobility"],
                                                          "industrial_internet": ["smart_manufacturing"],
                                                          "smart_city": ["smart_transport", "urban_services"],
                                                          "telecom_5g": ["telecom_5g"]}


def test_a_medical_device_maker_keeps_smart_healthcare(kb, rec):
    """No central need in smart healthcare: a device maker is a way in on its own (Korean device cooperative and
    support channels, KIEP 6518–6524), so a medical-AI device maker still gets Guangdong healthcare first."""
    out = answer(kb, rec, {"firm_id": "F", "employees": 40, "risk_tolerance": "low",
                         "capabilities": _caps(medical_devices=5, ai_software=3)})  # fmt: skip
    assert out["recommendations"][0]["sector_id"] == "smart_healthcare"


def test_a_chip_equipment_maker_covers_autonomous_driving_less_than_a_car_parts_maker(rec):
    """The panel's one 'wrong' answer: sensors/chips 4 with automotive 0 had fit 0.62 in autonomous driving, as if it
    covered the Apollo ecosystem's core (car makers and parts suppliers, KIEP 3530–3536)."""
    chip = _fit(rec, "autonomous_driving", semiconductors_sensors=4, smart_manufacturing=2)
    parts = _fit(rec, "autonomous_driving", automotive_mobility=5, semiconductors_sensors=3)
    assert chip < 0.4 < 0.6 < parts
    # its fit in a sector whose heaviest core need is its own capability is higher than in autonomous driving
    assert _fit(rec, "iot", semiconductors_sensors=4, smart_manufacturing=2) > chip
    assert _fit(rec, "telecom_5g", semiconductors_sensors=4, smart_manufacturing=2) > chip


def test_fit_stays_monotone_in_every_capability(rec):
    rng = np.random.default_rng(7)
    base = rng.integers(0, 6, size=(200, len(KEYS))).astype(np.int8)
    f0 = kernels.fit_scores(base, rec.requirements, rec.core, central=rec.central, together=rec.together)
    for k in range(len(KEYS)):
        up = base.copy()
        up[:, k] = np.minimum(up[:, k] + 1, 5)
        assert (kernels.fit_scores(up, rec.requirements, rec.core, central=rec.central, together=rec.together) >= f0 - 1e-7).all()


def test_a_sector_level_lead_points_to_the_best_regional_answer(kb, rec):
    """The panel: 'any of 23 regions' led for 7 of 16 firms and left no region to act on. An ESS maker with smart
    manufacturing gets smart energy — which the reports do not place in a region — first; the note names the best
    answer in the list that rests on a region's own facts and fits about as well."""
    out = answer(kb, rec, {"firm_id": "F", "employees": 60, "capabilities": _caps(energy_tech=5, smart_manufacturing=4,
                                                                                medical_devices=3)})  # fmt: skip
    first = out["recommendations"][0]
    assert first["equivalent_regions"], "the case needs a sector-level answer at rank 1"
    notes = [n for n in out["coverage"].get("notes", []) if n["kind"] == "sector_level_lead"]
    assert len(notes) == 1
    floor = max(0.35, 0.75 * first["components"]["fit"])
    regional = next(r for r in out["recommendations"] if not r["equivalent_regions"] and r["region_specific"]
                    and r["confidence"] >= 0.35 and r["components"]["fit"] >= floor)  # fmt: skip
    assert f"{regional['rank']}위" in notes[0]["ko"] and f"rank {regional['rank']}" in notes[0]["en"]
    assert kb.regions[regional["region_id"]].name_ko in notes[0]["ko"]


def test_a_sector_level_lead_does_not_point_to_a_poorly_fitting_regional_answer(kb, rec):
    """The panel (F05, F07): 'the best answer with regional evidence' was an industrial-internet row at fit 0.28 under
    a smart-farm answer at 0.69. A smart-farm controls maker now reads that the regional rows fit less well."""
    out = answer(kb, rec, {"firm_id": "F", "employees": 40, "capabilities": _caps(agritech=4, iot_devices=4,
                                                                                semiconductors_sensors=3)})  # fmt: skip
    first = out["recommendations"][0]
    assert first["sector_id"] == "smart_agriculture" and first["equivalent_regions"]
    note = [n for n in out["coverage"]["notes"] if n["kind"] == "sector_level_lead"][0]
    # panel 5: such rows are no longer numbered at all — every ranked row fits at least 60 % as well as the best
    assert all(r["components"]["fit"] >= 0.6 * first["components"]["fit"] for r in out["recommendations"])
    assert not [r for r in out["recommendations"] if r["sector_id"] == "industrial_internet"]
    assert "지역 근거가 있는 답이 없습니다" in note["ko"] and "No answer in this list rests" in note["en"]
    weaker = [n for n in out["coverage"]["notes"] if n["kind"] == "weaker_sectors"][0]
    assert "산업인터넷" in weaker["ko"] or "Industrial internet" in weaker["en"]


def test_no_sector_level_note_when_rank_one_is_regional(kb, rec):
    out = answer(kb, rec, {"firm_id": "F", "employees": 200, "china_experience_years": 5,
                         "capabilities": _caps(automotive_mobility=5, semiconductors_sensors=3)})  # fmt: skip
    assert out["recommendations"][0]["region_id"] == "CN-BJ"
    assert not [n for n in out["coverage"].get("notes", []) if n["kind"] == "sector_level_lead"]


def test_a_preferred_region_is_answered_even_when_it_is_not_in_the_list(kb, rec):
    """The panel: a preferred region (Jiangsu) changed nothing visible."""
    out = answer(kb, rec, {"firm_id": "F", "employees": 200, "china_experience_years": 5, "preferred_regions": ["CN-JS"],
                         "capabilities": _caps(automotive_mobility=5, semiconductors_sensors=3)}, top=3)  # fmt: skip
    notes = [n for n in out["coverage"]["notes"] if n["kind"] == "preferred_region"]
    assert [n["region_id"] for n in notes] == ["CN-JS"]
    assert "장쑤" in notes[0]["ko"] and "Jiangsu" in notes[0]["en"]
    shown = [r for r in out["recommendations"] if r["region_id"] == "CN-JS" or "CN-JS" in r["equivalent_regions"]]
    if shown:
        assert f"{shown[0]['rank']}위" in notes[0]["ko"]
    else:  # below the list: its best score is named, with how little a preference weighs
        assert "0.05" in notes[0]["ko"] and "0.05" in notes[0]["en"]


def test_a_firm_too_small_for_every_route_gets_the_reports_first_step(kb, rec):
    """The panel: a three-person ESS maker got nothing, not even where to start."""
    firm = {"firm_id": "F", "employees": 3, "capabilities": _caps(energy_tech=4, iot_devices=2)}
    # with no China base it is a first entrant: the support route is its answer, the tool's size rule said as the
    # thing the later mode needs (adv17, panel 24 F14)
    first = answer(kb, rec, firm)["recommendations"][0]
    assert (first["sector_id"], first["strategy_id"]) == ("smart_energy", "korean_support_channels")
    assert first["strategy"]["first_step"] and first["strategy"]["not_eligible"]
    # with a year in China it is none: nothing is open to it, and the note gives the reports' first step
    out = answer(kb, rec, {**firm, "china_experience_years": 1})
    assert out["coverage"]["status"] == "none"
    step = [n for n in out["coverage"]["notes"] if n["kind"] == "first_step"]
    assert len(step) == 1
    assert "10명" in step[0]["ko"] and "10 employees" in step[0]["en"]
    ref = step[0]["evidence"][0]
    lines = kb.docs[ref["doc_id"]].lines[ref["line_start"] - 1:ref["line_end"]]
    text = "".join(lines)
    assert "혁신창업" in text and "지원시스템" in text  # the cited lines say what the note says


def test_no_first_step_when_a_capability_is_what_is_missing(kb, rec):
    out = answer(kb, rec, {"firm_id": "F", "employees": 50, "capabilities": _caps(energy_tech=2)})
    assert out["coverage"]["status"] == "none"
    assert not [n for n in out["coverage"].get("notes", []) if n["kind"] == "first_step"]


def test_a_small_vision_ai_start_up_is_not_sent_to_joint_basic_research(kb, rec):
    """The panel: a 15-person vision-AI start-up got standards and joint basic research at rank 1."""
    out = answer(kb, rec, {"firm_id": "F", "employees": 15, "investment_capacity_krw_100m": 5,
                         "capabilities": _caps(ai_software=5, cloud_big_data=2)})  # fmt: skip
    picks = [r["strategy_id"] for r in out["recommendations"]]
    assert picks and "standards_rnd_cooperation" not in picks
    # two years in China since adv16: the mode needs a base there (readiness 0.2+; panel 14 F06)
    big = answer(kb, rec, {"firm_id": "G", "employees": 120, "investment_capacity_krw_100m": 30,
                         "china_experience_years": 2, "capabilities": _caps(ai_software=5, cloud_big_data=2)})  # fmt: skip
    assert "standards_rnd_cooperation" in [r["strategy_id"] for r in big["recommendations"]]


def test_a_thin_best_fit_is_said_in_words(kb, rec):
    """A genomics-only firm passes smart healthcare's gate through a minor core need (weight 2 against digital
    health's 5): the answer says the fit is low and names the central need it lacks."""
    out = answer(kb, rec, {"firm_id": "F", "employees": 25, "capabilities": _caps(biotech_genomics=5)})
    first = out["recommendations"][0]
    assert first["sector_id"] == "smart_healthcare" and first["components"]["fit"] < 0.35
    note = [n for n in out["coverage"]["notes"] if n["kind"] == "low_fit"]
    assert len(note) == 1 and "디지털 헬스" in note[0]["ko"] and "Digital health" in note[0]["en"]
    assert f"{first['components']['fit']:.2f}" in note[0]["ko"]


def test_two_sectors_of_equivalent_regions_do_not_crowd_out_the_rest(kb, rec):
    """A 5G + chips firm: 5G and IoT are each 23 regions the reports cannot tell apart. They once filled the whole
    candidate window (k + 16 + 23) and the answer had 2 rows; it has the 5 asked for. (Panel 5 then dropped sectors
    of much weaker fit, so the firm here also makes car parts: autonomous driving stays in the list.)"""
    out = answer(kb, rec, {"firm_id": "F", "employees": 40,
                         "capabilities": _caps(telecom_5g=4, semiconductors_sensors=4, automotive_mobility=4)})
    recs = out["recommendations"]
    assert len(recs) == 5
    level = [r["sector_id"] for r in recs if r["equivalent_regions"]]
    assert level == ["telecom_5g", "iot"]
    assert all(r["region_id"] not in ("", None) for r in recs)


def test_one_per_group_keeps_the_best_of_each_group_ties_to_the_lower_column():
    score = np.array([[0.5, 0.7, 0.7, 0.1, -np.inf], [-np.inf, -np.inf, 0.2, 0.3, 0.3]])
    out = kernels.one_per_group(score, [np.array([0, 1, 2]), np.array([3, 4])])
    assert out.tolist() == [[-np.inf, 0.7, -np.inf, 0.1, -np.inf], [-np.inf, -np.inf, 0.2, 0.3, -np.inf]]
    assert score[0, 2] == 0.7  # the input is not changed


# ---------------------------------------------------------------- the third panel (16 firms: 6 / 8 / 2)


def test_a_sector_level_answer_quotes_no_fact_of_its_stand_in_region(kb, rec):
    """F06: 'any of 23 regions · smart energy' was backed by Hangzhou's City Brain plan (N012) and quoted Hangzhou
    traffic; a sector-level answer now gives the national facts about the sector only."""
    out = answer(kb, rec, {"firm_id": "F", "employees": 900, "china_experience_years": 5, "has_china_entity": True,
                         "investment_capacity_krw_100m": 400, "capabilities": _caps(energy_tech=4)})  # fmt: skip
    first = out["recommendations"][0]
    assert first["sector_id"] == "smart_energy" and first["equivalent_regions"]
    stand_in = kb.profile(first["region_id"], "smart_energy")
    regional = {(r.doc_id, r.line_start, r.line_end) for f in stand_in.regional_fact_ids
                for r in kb.fact(f).evidence}  # fmt: skip
    assert all(x["scope"] == "national" for x in first["reasons"])
    assert not {(e["doc_id"], e["line_start"], e["line_end"]) for e in first["evidence"]} & regional


def test_excluded_regions_are_said(kb, rec):
    out = answer(kb, rec, {"firm_id": "F", "employees": 2000, "excluded_regions": ["CN-BJ"],
                         "capabilities": _caps(automotive_mobility=5, semiconductors_sensors=4)})  # fmt: skip
    note = [n for n in out["coverage"]["notes"] if n["kind"] == "excluded_regions"]
    assert len(note) == 1 and "베이징" in note[0]["ko"] and "Beijing" in note[0]["en"]
    assert all(r["region_id"] != "CN-BJ" and "CN-BJ" not in r["equivalent_regions"] for r in out["recommendations"])


def test_a_closed_preferred_region_says_what_is_missing(kb, rec):
    """F03: an ultrasound maker preferring Shanghai got a one-line refusal; the note now names the sector that fits
    there and what the entry modes documented there ask for."""
    out = answer(kb, rec, {"firm_id": "F", "employees": 300, "risk_tolerance": "low", "preferred_regions": ["CN-SH"],
                         "capabilities": _caps(medical_devices=5)})  # fmt: skip
    note = [n for n in out["coverage"]["notes"] if n["kind"] == "preferred_region"][0]
    if not any(r["region_id"] == "CN-SH" or "CN-SH" in r["equivalent_regions"] for r in out["recommendations"]):
        assert "스마트 헬스케어" in note["ko"] and "Smart healthcare" in note["en"]
        assert "—" in note["ko"]  # followed by what is missing


def test_small_firms_are_not_sent_into_supply_chains_or_alliances(kb, rec):
    """F09: a 3-person sensor firm was sent to supply Baidu Apollo's contractors. Tier-2 supply now needs 10 staff
    (as component supply), a platform alliance 5; the firm gets the report's first step instead."""
    out = answer(kb, rec, {"firm_id": "F", "employees": 3, "investment_capacity_krw_100m": 0.5, "risk_tolerance": "high",
                         "capabilities": _caps(iot_devices=4, semiconductors_sensors=3)})  # fmt: skip
    assert all(r["strategy_id"] not in ("tier2_supplier", "platform_alliance") for r in out["recommendations"])
    if not out["recommendations"]:
        assert [n for n in out["coverage"]["notes"] if n["kind"] == "first_step"]


def test_a_cautious_firm_is_not_told_to_invest_directly(kb, rec):
    """F16: a low-risk diagnostics maker without an entity got direct investment in Nansha first; the report advises
    checking policy risk and entering with a Chinese major first (KIEP 443–451)."""
    base = {"firm_id": "F", "employees": 180, "china_experience_years": 3, "investment_capacity_krw_100m": 70,
            "horizon_years": 7, "capabilities": _caps(medical_devices=4, biotech_genomics=4)}
    low = answer(kb, rec, {**base, "risk_tolerance": "low"}, top=10)
    assert all(r["strategy_id"] != "direct_investment_pilot_zone" for r in low["recommendations"])
    spec = kb.strategies["direct_investment_pilot_zone"]
    cond = [c for c in spec["firm_conditions"] if c.get("field") == "risk_tolerance"][0]
    assert cond.get("required") and cond["evidence"]


def test_an_out_of_scope_industry_is_not_told_to_check_its_input(kb, rec):
    from recommender.industry_scope import apply_industry_gate, industry_scope

    batch = firms_from_records([{"firm_id": "F12", "industry_code": "56111", "products": "한식 프랜차이즈",
                                 "employees": 350}], kb.regions)  # fmt: skip
    firm = batch.firms.firm(0)
    out = apply_industry_gate(rec.recommend(batch.firms, 0, W, with_robustness=False), firm, industry_scope(kb, firm))
    assert out["coverage"]["status"] == "none"
    assert "입력이 잘못된 것이 아닙니다" in out["coverage"]["message"]["ko"]
    assert "not at fault" in out["coverage"]["message"]["en"]


def test_covered_supply_chain_families_say_how_the_reports_treat_them(kb):
    from recommender.industry_scope import industry_scope

    scope = industry_scope(kb, {"industry_code": "28202", "products": "ESS 배터리"})
    assert scope["status"] == "covered" and "배터리·ESS" in scope["message"]["ko"] and scope["message"]["en"]
    # chip equipment is said to be outside the reports (tests/test_firms_infer.py)
    assert industry_scope(kb, {"industry_code": "29271", "products": "반도체 식각 장비"})["status"] == "not_covered"


def test_inference_reads_equipment_masks_and_kits_as_what_they_are(kb):
    from features.firms.infer import default_inferrer

    inf = default_inferrer()
    idx = {k: i for i, k in enumerate(KEYS)}
    equipment = inf.infer("29271", "반도체 웨이퍼 세정장비")
    assert equipment.values[idx["semiconductors_sensors"]] == 3 and equipment.values[idx["smart_manufacturing"]] == 3
    masks = inf.infer("20423", "기초화장품(스킨·에센스), 마스크팩, 선크림 OEM")
    assert masks.values[idx["medical_devices"]] == 0 and masks.veto
    kits = inf.infer("21102", "분자진단 키트(PCR), 유전체 분석 서비스")
    assert kits.values[idx["medical_devices"]] >= 3


def test_a_small_cell_is_telecom_equipment_not_an_energy_cell(kb):
    """Panel 4 (F16): "소형셀" (small cell) was read as a battery cell and smart energy led a 5G equipment maker."""
    from features.firms.infer import default_inferrer

    inf = default_inferrer().infer("26429", "5G RF 필터, 소형셀 장비")
    idx = {k: i for i, k in enumerate(KEYS)}
    assert inf.values[idx["telecom_5g"]] >= 4 and inf.values[idx["energy_tech"]] == 0


def test_a_single_region_on_thin_evidence_is_not_called_sector_level(kb, rec):
    """Panel 4 (F09, F12): Shanghai robotics (confidence just under the weak line) at joint rank 1 was described as
    'not region-specific' with 'rank 2 Tianjin' pointed to; only a row that stands for several regions gets that note."""
    out = answer(kb, rec, {"firm_id": "F", "employees": 2000, "capabilities": _caps(smart_manufacturing=4)})
    first = out["recommendations"][0]
    notes = [n for n in out["coverage"].get("notes", []) if n["kind"] == "sector_level_lead"]
    assert bool(notes) == bool(first["equivalent_regions"])


def test_only_the_equipment_family_is_forced_outside_the_reports(kb):
    """Families add passages; only chip and display equipment is said to be outside the reports whatever its code
    maps to. An online clothing shop (47912, products name 의류) and a cathode maker (20129) stay covered."""
    from recommender.industry_scope import industry_scope

    for code, products in (("47912", "온라인 쇼핑몰 (의류)"), ("20129", "양극재 (NCM)"), ("28301", "광섬유 케이블")):
        assert industry_scope(kb, {"industry_code": code, "products": products})["status"] == "covered", code
