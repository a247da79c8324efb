"""pres20: what two advisor panels (27 and 28, 32 invented firms on the code of main 0f1557a) found confusing in the
client report (``recommend --format md``), each checked on a panel firm's answer as the panel gave it: the data
version only in the appendix; one risk figure per answer, named; the ranking rules in the appendix and the verdict
before the settings; a nationwide answer said as such (not "no regional evidence", no list of 23 regions beside it);
a lower-scoring first row of a tie says why it is first; a capability one level short of the need and at 4+ is a
strength; a low-tolerance firm is told when its answer's risk is above that; the scoring formula written one way and
matching the scores; English document titles and "Other entry modes considered"."""

from __future__ import annotations

import contextlib
import io
import json
import re

import pytest

from recommender.report import APPENDIX_HEAD, HIGH_RISK, METHOD_POINTER

_CAPS = ("ai_software", "semiconductors_sensors", "cloud_big_data", "iot_devices", "automotive_mobility",
         "smart_transport", "urban_services", "medical_devices", "digital_health", "biotech_genomics",
         "smart_manufacturing", "fintech", "ecommerce_consumer", "telecom_5g", "agritech", "energy_tech",
         "logistics_tech")  # fmt: skip


def _caps(**given: int) -> dict:
    return {k: given.get(k, 0) for k in _CAPS}


#: the panels' firms (/tmp/panel27/Fnn.json, /tmp/panel28/Fnn.json), as they gave them
P27_F01 = {"firm_id": "F01", "name": "㈜대성모빌리티부품 (EV BMS·전장부품, 장쑤 옌청 법인 보유)", "employees": 420,
           "revenue_krw_100m": 1850, "china_experience_years": 12, "has_china_entity": True, "chinese_speaking_staff": 9,
           "investment_capacity_krw_100m": 80, "certifications": ["IATF16949", "ISO14001"], "risk_tolerance": "medium",
           "horizon_years": 7, "preferred_regions": ["CN-JS"], "excluded_regions": [],
           "capabilities": _caps(ai_software=1, semiconductors_sensors=3, iot_devices=2, automotive_mobility=5,
                                 smart_manufacturing=3, energy_tech=3)}  # fmt: skip
P27_F02 = {"firm_id": "F02", "name": "㈜한울프로세스 (반도체·디스플레이 장비)", "employees": 260, "revenue_krw_100m": 1400,
           "china_experience_years": 6, "has_china_entity": False, "chinese_speaking_staff": 3,
           "investment_capacity_krw_100m": 50, "certifications": ["ISO9001", "SEMI S2"], "risk_tolerance": "medium",
           "horizon_years": 5, "preferred_regions": [], "excluded_regions": [], "industry_code": "29271",
           "products": "반도체 CVD·ALD 증착장비, OLED 디스플레이 봉지장비 및 부품"}  # fmt: skip
P27_F03 = {"firm_id": "F03", "name": "㈜메디소닉 (휴대용 초음파·환자감시장치)", "employees": 150, "revenue_krw_100m": 420,
           "china_experience_years": 0, "has_china_entity": False, "chinese_speaking_staff": 0,
           "investment_capacity_krw_100m": 25, "certifications": ["ISO13485", "CE-MDR", "FDA 510(k)", "KGMP"],
           "risk_tolerance": "low", "horizon_years": 5, "preferred_regions": [], "excluded_regions": [],
           "capabilities": _caps(ai_software=2, semiconductors_sensors=3, iot_devices=1, medical_devices=5,
                                 digital_health=2)}  # fmt: skip
P28_F01 = {"firm_id": "F01", "certifications": ["IATF16949", "ISO14001"], "preferred_regions": [],
           "excluded_regions": ["CN-JS"], "name": "대성오토텍(주)", "employees": 1850, "revenue_krw_100m": 9200,
           "china_experience_years": 14, "has_china_entity": True, "chinese_speaking_staff": 25,
           "investment_capacity_krw_100m": 400, "risk_tolerance": "medium", "horizon_years": 7,
           "capabilities": _caps(semiconductors_sensors=3, iot_devices=2, automotive_mobility=5, smart_transport=2,
                                 smart_manufacturing=4)}  # fmt: skip
P28_F09 = {"firm_id": "F09", "certifications": ["ISO9001"], "preferred_regions": [], "excluded_regions": [],
           "name": "(주)로보웰드시스템", "employees": 70, "revenue_krw_100m": 210, "china_experience_years": 2,
           "has_china_entity": False, "chinese_speaking_staff": 1, "investment_capacity_krw_100m": 10,
           "risk_tolerance": "medium", "horizon_years": 5, "industry_code": "29280",
           "products": "산업용 용접·핸들링 로봇 시스템 통합(SI), 자동차 부품 자동화 라인, 머신비전 검사"}  # fmt: skip
P28_F12 = {"firm_id": "F12", "certifications": [], "preferred_regions": [], "excluded_regions": [], "name": "팜센스랩",
           "employees": 4, "revenue_krw_100m": 1.5, "china_experience_years": 0, "has_china_entity": False,
           "chinese_speaking_staff": 0, "investment_capacity_krw_100m": 0.5, "risk_tolerance": "high",
           "horizon_years": 3, "capabilities": _caps(ai_software=2, iot_devices=3, agritech=4)}  # fmt: skip

_CACHE: dict = {}


def run(firm: dict, tmp_path_factory, *args: str) -> str:
    """What ``python -m recommender recommend FIRM.json ARGS…`` prints (in process, once per firm and arguments)."""
    from recommender.cli import main

    key = (json.dumps(firm, sort_keys=True, ensure_ascii=False), args)
    if key not in _CACHE:
        path = tmp_path_factory.mktemp("pres20") / f"{firm['firm_id']}.json"
        path.write_text(json.dumps(firm, ensure_ascii=False), encoding="utf-8")
        buf = io.StringIO()
        with contextlib.redirect_stdout(buf):
            assert main(["recommend", str(path), *args]) == 0
        _CACHE[key] = buf.getvalue()
    return _CACHE[key]


def md(firm, tpf, lang="ko") -> str:
    return run(firm, tpf, "--format", "md", "--lang", lang)


def body_and_appendix(text: str, lang: str) -> tuple[str, str]:
    at = text.index("## " + APPENDIX_HEAD[lang])
    return text[:at], text[at:]


# ---------------------------------------------------------------- 1 and 3: the data version and method at the end


@pytest.mark.parametrize("firm", [P27_F01, P27_F02], ids=["p27-F01", "p27-F02-no-match"])
def test_the_data_version_stands_only_in_the_appendix(firm, tmp_path_factory):
    version = json.loads(run(firm, tmp_path_factory, "--format", "json"))["data_version"]
    for lang, label in (("ko", "데이터 버전"), ("en", "data version")):
        body, appendix = body_and_appendix(md(firm, tmp_path_factory, lang), lang)
        assert version not in body, lang
        assert f"| {label} | {version} |" in appendix, lang


def test_a_no_match_answer_gives_its_verdict_before_the_weights(tmp_path_factory):
    """p27 F02 (semiconductor equipment, not covered): the weights table stood before "적합도 판정"."""
    text = md(P27_F02, tmp_path_factory)
    assert text.index("## 적합도 판정") < text.index("| 가중치: 역량적합 |")
    assert text.index("## 적합도 판정") < text.index("## " + APPENDIX_HEAD["ko"]) < text.index("**분석 설정**")


def test_the_ranking_rules_stand_in_the_appendix_with_one_sentence_before_the_answers(tmp_path_factory):
    """p27 F01: the 60% cut-off, the two rows per sector and the tie rule stood before rank 1."""
    for lang, rules in (("ko", ("의 60%에 못 미치거나", "2개 지역까지만", "같은 순위(공동)로 묶습니다")),
                        ("en", ("of your best", "at most 2 regions of one sector", "share a rank (tie group)"))):
        text = md(P27_F01, tmp_path_factory, lang)
        first = text.index("## 1위" if lang == "ko" else "## Rank 1")
        body, appendix = body_and_appendix(text, lang)
        for rule in rules:
            assert rule not in body and rule in appendix, (lang, rule)
        assert METHOD_POINTER[lang] in text[:first]


# ---------------------------------------------------------------- 2: one risk figure per answer, named


def test_the_body_shows_one_risk_figure_per_answer_named_as_the_firms(tmp_path_factory):
    """p27 F01: 0.25 on the number line, 0.18 in the score and 0.51 own risk stood in the same answer."""
    out = json.loads(run(P27_F01, tmp_path_factory, "--format", "json"))
    r = out["recommendations"][0]
    own, scored = r["risk_explained"]["opportunity_risk"], r["components"]["risk"]
    exposure = own * r["risk_explained"]["readiness_relief"]
    assert len({f"{own:.2f}", f"{exposure:.2f}", f"{scored:.2f}"}) == 3, "the case: three different numbers"
    body, appendix = body_and_appendix(md(P27_F01, tmp_path_factory), "ko")
    rank1 = body[body.index("## 1위"): body.index("## 2위")]
    assert f"귀사가 지는 위험 {exposure:.2f}" in rank1
    assert f"위험 {scored:.2f}" not in rank1 and f"위험 {own:.2f}" not in rank1
    # every risk figure on an answer's number line is the firm's, by that name
    lines = [x for x in body.splitlines() if x.startswith("점수 0.")]
    assert len(lines) == len(out["recommendations"])
    assert all(re.fullmatch(r"점수 0\.\d{3} · 귀사가 지는 위험 0\.\d\d · 강건성 \d+%", x) for x in lines), lines
    assert f"| {own:.2f} | {exposure:.2f} | {scored:.2f} |" in appendix  # the three in the appendix's table


# ---------------------------------------------------------------- 4: a nationwide answer


def test_a_nationwide_answer_says_the_region_is_the_firms_choice_and_the_evidence_national(tmp_path_factory):
    """p28 F12 (4-person agritech start-up): "지역 근거 없음 (23개 지역 중 귀사 선택)" above a list naming Ningxia, and
    "근거의 양: 없음" beside a recommendation."""
    out = json.loads(run(P28_F12, tmp_path_factory, "--format", "json"))
    first = out["recommendations"][0]
    assert len(first["equivalent_regions"]) > 10 and "CN-NX" in first["equivalent_regions"]
    for lang, head, plain, evidence, ningxia, stale in (
            ("ko", "## 1위. 전국 단위 (지역은 귀사 선택) · 스마트농업", "답은 분야와 진입 방식이며, 지역은 귀사가 고릅니다",
             "근거의 양(1순위 답): 전국 자료", "닝샤", ("지역 근거 없음", "근거의 양(1순위 답): 없음")),
            ("en", "## Rank 1: nationwide (region of your choice) · Smart agriculture",
             "the answer is the sector and the entry mode, and the region is your choice",
             "Evidence behind the first answer: national", "Ningxia",
             ("no regional evidence", "No regional evidence", ": none —"))):  # fmt: skip
        text = md(P28_F12, tmp_path_factory, lang)
        body, appendix = body_and_appendix(text, lang)
        assert head in body and plain in body and evidence in body, lang
        assert "—" in body[body.index(plain):].splitlines()[0]  # "… — 근거는 전국 자료입니다" on the same line
        assert ningxia not in body and ningxia in appendix, lang  # the regions in the appendix, not beside the answer
        assert not any(s in text for s in stale), lang


# ---------------------------------------------------------------- 5: a tie whose first row scores lower


def test_a_lower_scoring_first_row_of_a_tie_says_why_it_is_first(tmp_path_factory):
    """p28 F01 (4th place 0.429 above 0.430) and F09: the tie rule said at the row, in one clause."""
    seen = 0
    for firm in (P28_F01, P28_F09):
        recs = json.loads(run(firm, tmp_path_factory, "--format", "json"))["recommendations"]
        text = md(firm, tmp_path_factory)
        heads = [i for i, x in enumerate(text.splitlines()) if x.startswith("## ") and "위." in x]
        lines = text.splitlines()
        for k, r in enumerate(recs):
            later = [x for x in recs[k + 1:] if x["tie_group"] == r["tie_group"] and x["score"] > r["score"]]
            if not later:
                continue
            seen += 1
            top = max(x["score"] for x in later)
            note = lines[heads[k] + 2]
            # more facts (p28 F01) or, as many, stronger ones (p28 F09 since its inference fix): said, with the scores
            assert "조금 낮아도 먼저" in note and "쪽을 먼저 두기 때문입니다" in note, note
            assert "사실이 더 많은" in note or "더 강한 사실" in note, note
            assert f"{r['score']:.3f}" in note and f"{top:.3f}" in note, note
    assert seen, "the case: a tie group whose first row scores lower than a later one (p28 F01 4th place)"


# ---------------------------------------------------------------- 6: nearly met is a strength


def test_a_capability_one_short_of_the_need_at_4_is_a_strength(tmp_path_factory):
    """p28 F12: agritech 4 (the sector needs 5) stood under "보완 필요" while AI 2 stood as "matched"."""
    for lang, matched, gaps, line in (("ko", "- 보유 역량: ", "- 보완 필요: ", "스마트농업 보유 4 · 필요 5 (거의 충족)"),
                                      ("en", "- Matched: ", "- Gaps: ", "Agritech (smart farming): have 4 · need 5 (nearly met)")):
        body, _ = body_and_appendix(md(P28_F12, tmp_path_factory, lang), lang)
        strengths = next(x for x in body.splitlines() if x.startswith(matched))
        assert line in strengths, strengths
        assert not any(line.split(" (")[0] in x for x in body.splitlines() if x.startswith(gaps))


# ---------------------------------------------------------------- 7: a low-tolerance firm's high risk


def test_a_low_tolerance_firm_is_told_its_top_answer_is_above_what_it_accepts(tmp_path_factory):
    """p27 F03 (low risk tolerance, no China experience): risk 0.68 on rank 1 with no word on it."""
    r = json.loads(run(P27_F03, tmp_path_factory, "--format", "json"))["recommendations"][0]
    exposure = r["risk_explained"]["opportunity_risk"] * r["risk_explained"]["readiness_relief"]
    assert exposure >= HIGH_RISK, "the case"
    ko, en = md(P27_F03, tmp_path_factory), md(P27_F03, tmp_path_factory, "en")
    rank1 = ko[ko.index("## 1위"): ko.index("## 2위")]
    assert f"위험 감내도를 '낮음'으로 적었지만, 이 답에서 귀사가 지는 위험은 {exposure:.2f}로 그보다 높습니다" in rank1
    assert "중국 경험·중국 법인·중국어 인력" in rank1  # what lowers it: the readiness the firm lacks
    assert f"You gave your risk tolerance as low, but the risk to your firm in this answer is {exposure:.2f}" in en
    assert "위험 감내도를 '낮음'으로" not in md(P28_F01, tmp_path_factory)  # medium tolerance: nothing said


# ---------------------------------------------------------------- 8: the formula as computed


def test_the_scoring_line_is_the_formula_the_scores_follow(tmp_path_factory):
    """p28: "the weights 0.40/0.25/0.25/0.10 don't match the multiplicative formula printed beside them"."""
    out = json.loads(run(P27_F01, tmp_path_factory, "--format", "json"))
    _, appendix = body_and_appendix(md(P27_F01, tmp_path_factory), "ko")
    assert "점수 = 0.95×역량적합 × (0.40 + 정책×0.25 + 수요×0.25 + (1−위험)×0.10) + 0.05×(선호 지역이면 1, 아니면 0)" in appendix
    for r in out["recommendations"]:  # the line as written gives each score (the firm prefers Jiangsu)
        c = r["components"]
        preferred = 1.0 if r["region_id"] in P27_F01["preferred_regions"] else 0.0
        shown = 0.95 * c["fit"] * (0.40 + 0.25 * c["policy"] + 0.25 * c["demand"] + 0.10 * (1 - c["risk"])) \
            + 0.05 * preferred
        assert shown == pytest.approx(r["score"], abs=3e-4), r["rank"]  # the JSON rounds to 4 decimals


# ---------------------------------------------------------------- 9: English citation lines and entry modes


def test_english_citation_lines_name_documents_in_english(tmp_path_factory):
    """p28 F12 --lang en: the document titles and "발행기관 미기재" stood in Korean in the citation lines."""
    hangul = re.compile(r"[\uac00-\ud7a3]")
    for firm in (P28_F12, P27_F01):
        en = md(firm, tmp_path_factory, "en")
        sources = [x for x in en.splitlines() if x.startswith("> — ")]
        assert sources
        assert not any(hangul.search(x) for x in sources), [x for x in sources if hangul.search(x)][:2]
        assert "발행기관" not in en
    assert "China's Internet Plus strategy: its features and regional cases" in md(P27_F01, tmp_path_factory, "en")


def test_other_entry_modes_are_not_called_runners_up(tmp_path_factory):
    """p28: "Runners-up" for alternative entry modes read as other ranked answers."""
    en, ko = md(P27_F01, tmp_path_factory, "en"), md(P27_F01, tmp_path_factory)
    assert "Runners-up" not in en and "Other entry modes considered: " in en
    assert "차선책" not in ko and "검토한 다른 진입 방식: " in ko
