"""What a client reads in a recommendation report (panel review 3, issue 18): conditions in words, capability lines
that cannot be read as the firm table's ``x/5``, coverage labels that say what they mean, the scoring rule in plain
words without repository paths, idiomatic English, and a legend for 신뢰도/강건성 — Korean and English, Markdown and
HTML. Numbers, rankings and JSON values are unchanged (the status keys stay ``ok/weak/none``)."""

from __future__ import annotations

import re

import pytest

from features.firms import firms_from_records
from recommender import present, reading
from recommender.report import APPENDIX_HEAD, recommendation_html, recommendation_markdown
from recommender.weights import preset_weights

CAPS = ("ai_software", "semiconductors_sensors", "cloud_big_data", "iot_devices", "automotive_mobility",
        "smart_transport", "urban_services", "medical_devices", "digital_health", "biotech_genomics",
        "smart_manufacturing", "fintech", "ecommerce_consumer", "telecom_5g", "agritech", "energy_tech",
        "logistics_tech")  # fmt: skip


def _firm(fid: str, name: str, caps: dict, **fields) -> dict:
    base = {"firm_id": fid, "name": name, "employees": 60, "revenue_krw_100m": 30, "china_experience_years": 1,
            "has_china_entity": False, "chinese_speaking_staff": 2, "investment_capacity_krw_100m": 10,
            "certifications": [], "risk_tolerance": "medium", "horizon_years": 5, "preferred_regions": [],
            "excluded_regions": [], "capabilities": {k: caps.get(k, 0) for k in CAPS}}  # fmt: skip
    return {**base, **fields}


#: a telemedicine firm (panel F11): its answers test "no entity in China", "China experience ≤ 1" and "risk ≥ 0.5"
TELEHEALTH = _firm("P3-TH", "닥터온", {"ai_software": 3, "cloud_big_data": 3, "medical_devices": 1, "digital_health": 5},
                   certifications=["ISMS"], excluded_regions=["CN-GD"])  # fmt: skip
#: a smart-factory integrator with a Chinese entity (panel F13): "entity in China: yes"
FACTORY = _firm("P3-SF", "스마트팩토리솔루션즈", {"ai_software": 2, "semiconductors_sensors": 1, "cloud_big_data": 2,
                                          "iot_devices": 3, "smart_manufacturing": 5},
                employees=400, revenue_krw_100m=1100, china_experience_years=8, has_china_entity=True,
                chinese_speaking_staff=12, investment_capacity_krw_100m=120, horizon_years=6)  # fmt: skip
#: a diagnostics-kit maker with certifications (panel F16): the certification condition
DEVICES = _firm("P3-MD", "진바이오텍", {"biotech_genomics": 4}, employees=180, revenue_krw_100m=260,
                china_experience_years=3, investment_capacity_krw_100m=70, certifications=["ISO 13485", "KGMP"],
                risk_tolerance="medium", horizon_years=7)  # fmt: skip


@pytest.fixture(scope="module")
def answers(kb, rec):
    out = {}
    for firm in (TELEHEALTH, FACTORY, DEVICES):
        batch = firms_from_records([firm], kb.regions)
        result = rec.recommend(batch.firms, 0, preset_weights("balanced"), top=5)
        assert result["recommendations"], firm["firm_id"]
        one = batch.firms.firm(0)
        out[firm["firm_id"]] = {
            "result": result,
            **{f"md_{lang}": recommendation_markdown(result, kb, lang, firm=one) for lang in present.LANGS},
            **{f"html_{lang}": recommendation_html(result, kb, lang, firm=one) for lang in present.LANGS
               if (firm is not FACTORY or lang == "ko")},  # see test_every_strategy_risk_line_is_text
        }  # fmt: skip
    return out


def test_every_strategy_risk_line_is_text(kb, rec):
    batch = firms_from_records([FACTORY], kb.regions)
    result = rec.recommend(batch.firms, 0, preset_weights("balanced"), top=5)
    bad = [x for r in result["recommendations"] for lang in present.LANGS for x in r["strategy"]["risks"][lang]
           if not isinstance(x, str)]  # fmt: skip
    assert not bad, bad
    recommendation_html(result, kb, "en", firm=batch.firms.firm(0))


def _texts(answers):
    for a in answers.values():
        for lang in present.LANGS:
            yield lang, a[f"md_{lang}"]
            if f"html_{lang}" in a:
                yield lang, a[f"html_{lang}"]


# ---------------------------------------------------------------- 1. conditions in words


def test_condition_phrase_words_every_kind_of_condition():
    risk = {"kind": "profile", "name": "risk", "op": ">=", "value": 0.5, "have": 0.7}
    assert present.condition_phrase(risk, "ko") == "이 지역의 보고서 위험(정보 부족 위험 제외) 0.70 (기준: 0.5 이상)"
    assert present.condition_phrase(risk, "en") == "this region's reported risk (before information risk) 0.70 (threshold: 0.5 or more)"
    entity = {"kind": "firm", "name": "has_china_entity", "op": "==", "value": False, "have": False}
    assert present.condition_phrase(entity, "ko") == "중국 법인: 없음"
    assert present.condition_phrase({**entity, "have": True}, "ko") == "중국 법인: 있음 (기준: 없음)"
    assert present.condition_phrase(entity, "en") == "entity in China: none"
    cert = {"kind": "firm", "name": "certifications", "op": "in", "value": ["NMPA", "CFDA"], "have": "KGMP"}
    assert present.condition_phrase(cert, "ko") == "인증: NMPA·CFDA 중 하나 필요 (보유: KGMP)"
    assert present.condition_phrase({**cert, "have": "-"}, "en") == "certification: one of NMPA, CFDA needed (you hold: none)"
    tol = {"kind": "firm", "name": "risk_tolerance", "op": "in", "value": ["medium", "high"], "have": "low"}
    assert present.condition_phrase(tol, "ko") == "위험성향: 낮음 (기준: 보통·높음 중 하나)"
    cap = {"kind": "firm", "name": "iot_devices", "op": ">=", "value": 3, "have": 4}
    assert present.condition_phrase(cap, "ko") == "IoT 기기 보유 4 (진입 방식 기준: 3 이상)"
    money = {"kind": "firm", "name": "investment_capacity_krw_100m", "op": ">=", "value": 50, "have": 70.0}
    assert present.condition_phrase(money, "ko") == "투자여력 70억원 (기준: 50억원 이상)"
    years = {"kind": "firm", "name": "china_experience_years", "op": "<=", "value": 1, "have": 1.0}
    assert present.condition_phrase(years, "en") == "China experience 1 year (threshold: 1 year or less)"


_LEAKS = re.compile(r"\b(True|False)\b|= (True|False)|\bin (NMPA|low|medium|high)\b|risk ≥|policy ≥|demand ≥|"
                    r"중국법인 =|인증 in|, 보유 |, have |has_china_entity|risk_tolerance|≥")


def test_reports_word_conditions_without_booleans_field_names_or_in(answers):
    conds = [c for a in answers.values() for r in a["result"]["recommendations"] for c in r["strategy"]["conditions"]]
    names = {c["name"] for c in conds if c["met"] > 0 and "op" in c}
    assert {"has_china_entity", "risk", "certifications"} <= names, "the sample firms must reach these conditions"
    for lang, text in _texts(answers):
        assert not _LEAKS.search(text), (lang, _LEAKS.search(text).group(0))
    ko = answers["P3-TH"]["md_ko"] + answers["P3-SF"]["md_ko"] + answers["P3-MD"]["md_ko"]
    assert "중국 법인: 없음" in ko and "중국 법인: 있음" in ko and re.search(r"이 지역의 보고서 위험\(정보 부족 위험 제외\) 0\.\d\d \(기준: 0\.5 이상\)", ko)
    assert re.search(r"인증: [A-Z0-9·]+ 중 하나 필요 \(보유: ISO 13485, KGMP\)", ko)


def test_a_failed_requirement_is_worded_too(kb):
    from features.firms import firms_from_records as build
    from recommender.strategies import failed_requirements

    spec = kb.strategies["startup_investment_rnd"]  # required: investment ≥ 20억원 and a medium or high tolerance
    small = build([_firm("P3-X", "x", {"ai_software": 1}, investment_capacity_krw_100m=1, risk_tolerance="low")],
                  kb.regions).firms  # fmt: skip
    lines = failed_requirements(small, spec)
    assert lines
    for line in lines:
        for lang in present.LANGS:
            assert not re.search(r"investment_capacity|risk_tolerance|>=|\bin\b \[|\['", line[lang]), line[lang]
    assert any("기준:" in x["ko"] for x in lines) and any("threshold:" in x["en"] for x in lines)


# ---------------------------------------------------------------- 2. capability lines


def test_capability_lines_say_have_and_need(answers):
    for a in answers.values():
        recs = a["result"]["recommendations"]
        for lang, text in (("ko", a["md_ko"]), ("en", a["md_en"])):
            assert not re.search(r"\d/\d \((충족|부분|부족|met|partly met|gap|matched|partial)\)", text), lang
            for x in recs[0]["capabilities"]:  # panel 9: a side need (need 1) is no matched/gap line
                shown = present.capability_line(x, lang) in text
                assert shown if x["need"] >= reading.SIDE_NEED else not shown
    x = {"capability": "iot_devices", "have": 5, "need": 3, "status": "matched"}
    assert present.capability_line(x, "ko") == "IoT 기기 보유 5 · 필요 3 (충족)"
    assert present.capability_line(x, "en") == "IoT devices: have 5 · need 3 (met)"


# ---------------------------------------------------------------- 3. coverage labels


def test_coverage_labels_say_what_they_mean_and_json_keeps_its_values(answers):
    assert present.label(present.COVERAGE, "ok", "ko") == "역량이 맞는 기회 있음"
    assert present.label(present.COVERAGE, "ok", "en") == "matching opportunities found"
    assert present.label(present.COVERAGE, "weak", "en") == "weak evidence"
    assert present.label(present.COVERAGE, "none", "en") == "no match"
    for a in answers.values():
        status = a["result"]["coverage"]["status"]
        assert status in ("ok", "weak", "none")
        assert f"## 적합도 판정: {present.label(present.COVERAGE, status, 'ko')}" in a["md_ko"]
        assert f"## Coverage: {present.label(present.COVERAGE, status, 'en')}" in a["md_en"]
        assert "충분" not in a["md_ko"].split("## 적합도 판정")[1].split("\n")[0]


# ---------------------------------------------------------------- 4. the scoring rule in plain words


def test_scoring_rule_is_plain_words_with_the_weights_and_no_repository_paths(answers):
    for lang, text in _texts(answers):
        assert "METHOD.md" not in text and "docs/" not in text and "w_" not in text and "w\\_" not in text, lang
        assert not re.search(r"\b[a-z_]+\.(py|md|yaml)\b", text), lang
    ko, en = answers["P3-TH"]["md_ko"], answers["P3-TH"]["md_en"]
    # pres20 (panel 28): the same rule written one way, fit times the weighted sum, so each weight stands once
    assert "점수 = 역량적합 × (0.40 + 정책×0.25 + 수요×0.25 + (1−위험)×0.10)" in ko
    assert "score = fit × (0.40 + policy×0.25 + demand×0.25 + (1−risk)×0.10)" in en


# ---------------------------------------------------------------- 5. English


def test_english_runners_up_tied_ranks_and_korean_originals(answers):
    en = "".join(a["md_en"] for a in answers.values())
    assert "Runner-ups" not in en and "tied " not in en
    assert "Other entry modes considered: " in en  # pres20 (panel 28): "Runners-up" read as other ranked answers
    headings = re.findall(r"^## Rank (.+?): ", en, flags=re.M)
    assert headings and all(re.fullmatch(r"\d+( \(tied\))?", h) for h in headings), headings
    assert any(h.endswith("(tied)") for h in headings), "a sample answer must have a tie for this test to mean anything"
    sources = re.findall(r"^> — (.+)$", en, flags=re.M)
    korean = [s for s in sources if s.endswith("(Korean original)")]
    assert korean, "Korean quotes in an English report are labelled"
    # every quote whose text is Korean carries the label; no Korean-mode report has it
    for quote, source in re.findall(r"^> ([^—\n].*)\n>\n> — (.+)$", en, flags=re.M):
        assert bool(re.search("[가-힣]", quote)) == source.endswith("(Korean original)"), source
    assert all("Korean original" not in a["md_ko"] for a in answers.values())


# ---------------------------------------------------------------- 6. legend for confidence and robustness


def test_one_legend_line_explains_confidence_and_robustness(answers):
    for a in answers.values():
        for lang in present.LANGS:
            md, html = a[f"md_{lang}"], a.get(f"html_{lang}", present.score_legend(lang))
            legend = present.score_legend(lang)
            assert md.count(legend) == 1 and html.count(legend) == 1, lang
            # panel 24 item 5: the legend stands in the appendix; robustness is said in words where it first appears
            assert md.index(legend) > md.index("## " + APPENDIX_HEAD[lang])
            assert ("강건성은 " if lang == "ko" else "Robustness is ") in md[: md.index(legend)]
    assert "신뢰도" in present.score_legend("ko") and "강건성" in present.score_legend("ko")
    assert "confidence" in present.score_legend("en") and "robustness" in present.score_legend("en")
