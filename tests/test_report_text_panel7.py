"""What a client reads after the seventh advisor panel (issue 18): 2018 forecasts whose target year has passed are
marked as such, the implications are headed as the reports' 2018 judgement, the long risk explanation stands under
rank 1 only, internal phrases ("이 프로젝트의 해석", "(이 도구의 기준)") are gone, and a quote joins words the PDF
hyphenated across lines — Markdown, HTML and app helpers, Korean and English."""

from __future__ import annotations

import re

import pytest

from features.evidence import mend_line_hyphens, readable_quote
from features.firms import firms_from_records
from recommender import dated, present, reading
from recommender.industry_scope import apply_industry_gate, industry_scope
from recommender.report import APPENDIX_HEAD, RISK_POINTER, recommendation_html, recommendation_markdown, report_blocks
from recommender.weights import preset_weights
from tests.conftest import DATA
from tests.test_report_text_panel6 import F10, T5G, _firm

#: panel 7's F16: a 5G/IoT equipment supplier (the "5G by 2020" demand case)
F16 = _firm("F16", "넥스트5G장비", {"telecom_5g": 5, "iot_devices": 4, "semiconductors_sensors": 3}, employees=400,
            has_china_entity=False)  # fmt: skip


@pytest.fixture(scope="module")
def answers(kb, rec):
    out = {}
    for firm in (F16, F10, T5G):
        batch = firms_from_records([firm], kb.regions)
        one = batch.firms.firm(0)
        result = rec.recommend(batch.firms, 0, preset_weights("balanced"), top=5)
        result = apply_industry_gate(result, one, industry_scope(kb, one))
        out[firm["firm_id"]] = {"result": result, "firm": one,
                                **{f"md_{lang}": recommendation_markdown(result, kb, lang, firm=one)
                                   for lang in present.LANGS}}  # fmt: skip
    return out


# ---------------------------------------------------------------- 1. a past target year is a 2018 forecast


def test_a_past_target_year_is_marked_and_a_future_one_or_a_citation_is_not():
    ko = "5G 상용화(2020년까지 약 1,800억 달러)"
    assert dated.mark_past_targets(ko, "ko", 2026) == f"{ko} (2018년 보고서의 전망 — 목표 시점이 지났습니다)"
    en = "China plans to commercialise 5G by 2020."
    assert dated.mark_past_targets(en, "en", 2026) == f"{en} (a 2018 forecast — its target date has passed)"
    assert dated.mark_past_targets("2025년 제조 강국", "ko", 2026).endswith("목표 시점이 지났습니다)")
    assert dated.mark_past_targets("2025년 제조 강국", "ko", 2025) == "2025년 제조 강국", "not past in 2025"
    assert dated.mark_past_targets("2030년 목표", "ko", 2026) == "2030년 목표"
    assert dated.mark_past_targets("KIEP 보고서 2018, 2563–2569행", "ko", 2026) == "KIEP 보고서 2018, 2563–2569행"
    assert dated.mark_past_targets("2017년까지", "ko", 2026) == "2017년까지", "before the reports: not their forecast"
    assert dated.mark_past_targets("2018년 상반기 매출", "ko", 2026) == "2018년 상반기 매출", "a recorded fact"
    assert dated.mark_past_targets("In 2018 China set up a fund", "en", 2026) == "In 2018 China set up a fund"
    assert dated.past_target_years("2018년까지 시험, 2019년 망 구축", 2026) == [2018, 2019]
    assert dated.past_target_years("by 2018 and a 2019 target", 2026) == [2018, 2019]
    assert dated.CURRENT_YEAR >= 2026, "the year comes from the system date"


@pytest.mark.parametrize("lang", present.LANGS)
def test_the_report_marks_the_5g_by_2020_reason(kb, answers, lang):
    """F16: "5G 상용화(2020년까지 …)" stood as a current reason; with a 2026 year it is marked, with 2019 it is not."""
    res, firm = answers["F16"]["result"], answers["F16"]["firm"]
    mark = dated.MARK[lang]

    def texts(year):
        blocks = report_blocks(res, kb, lang, firm, year=year)
        return [x for b in blocks if b[0] in ("p", "ul") for x in ([b[1]] if b[0] == "p" else b[1])]

    now = [x for x in texts(2026) if "2020" in x and mark in x]
    assert now, "a shown sentence with a 2020 target carries the mark"
    then = texts(2019)
    assert all(dated.past_target_years(x, 2019) for x in then if mark in x), "only a target before 2019 is marked"
    assert any(x.replace(" " + mark, "") in then for x in now), "in 2019 the 2020 target had not passed"
    assert mark in answers["F16"][f"md_{lang}"].replace("\\", ""), "the md report (this year) marks it too"


# ---------------------------------------------------------------- 2. the implications are a 2018 judgement


@pytest.mark.parametrize("lang", present.LANGS)
def test_the_implications_section_is_headed_as_the_reports_2018_judgement(kb, answers, lang):
    res, firm = answers["F16"]["result"], answers["F16"]["firm"]
    heads = [b[1] for b in report_blocks(res, kb, lang, firm) if b[0] == "h3"]
    want = dated.IMPLICATIONS_HEADING[lang]
    assert want in heads
    assert ("보고서 시사점" if lang == "ko" else "Implications") not in heads, "no bare heading left"
    assert ("2018년 보고서의 판단" if lang == "ko" else "their 2018 judgement") in \
        recommendation_html(res, kb, lang, firm=firm)  # fmt: skip


# ---------------------------------------------------------------- 3. the risk formula once, under rank 1


@pytest.mark.parametrize("lang", present.LANGS)
def test_the_risk_formula_stands_under_rank_1_only(answers, lang):
    res = answers["T5G"]["result"]
    recs = res["recommendations"]
    assert len(recs) >= 2
    md = answers["T5G"][f"md_{lang}"].replace("\\", "")
    first = recs[0]["risk_explained"]["text"][lang]
    assert md.count(first) == 1
    # panel 24 item 5: the formula, worked through for rank 1, stands once in the appendix at the end; every row's
    # numbers stand in its table
    at = md.index("## " + APPENDIX_HEAD[lang])
    assert md.index(first) > at and "\n## " not in md[at:], "the appendix is the last section"
    for r in recs[1:]:
        assert r["risk_explained"]["text"][lang] not in md, "rank 2+ does not repeat the formula"
        p = reading.risk_parts(r)
        assert f"{p['own']:.2f} | {p['exposure']:.2f} | {r['components']['risk']:.2f} |" in md, "its numbers are shown"
    assert RISK_POINTER[lang] not in md
    assert len(re.findall(r"1 − \(1 − \d", md)) <= 1, "the worked combination once"


# ---------------------------------------------------------------- 4. no internal phrases


def test_a_tool_threshold_is_explained_once_then_short(answers):
    ko, en = answers["F10"]["md_ko"].replace("\\", ""), answers["F10"]["md_en"].replace("\\", "")
    assert "이 도구의 기준" not in ko and "this tool's" not in en
    assert ko.count(reading.TOOL_THRESHOLD_FULL["ko"]) == 1, "explained the first time"
    assert en.count(reading.TOOL_THRESHOLD_FULL["en"]) == 1
    tools = {"ko": "종업원 5명 이상", "en": "at least 5 employees", "kind": "prerequisite"}
    assert reading.prerequisite_texts([tools, {**tools, "ko": "중국 경험 1년 이상"}], "ko") == [
        "종업원 5명 이상(보고서가 정한 요건이 아니라 이 추천 도구가 쓰는 기준)", "중국 경험 1년 이상(추천 도구 기준)"]


def test_no_project_phrase_in_client_text():
    for path in ("data/strategies.yaml", "recommender/answer_notes.py", "recommender/reading.py"):
        text = (DATA.parent / path).read_text(encoding="utf-8")
        assert "이 프로젝트의 해석" not in text and "프로젝트의 해석" not in text.replace("\n", "").replace(" ", "")
        assert "project's reading" not in text
        assert "(이 도구의 기준)" not in text


# ---------------------------------------------------------------- 5. PDF hyphenation in quotes


def test_a_word_hyphenated_across_lines_is_joined_in_the_quote(kb):
    """kiep_internet_plus_2018 7210–7211: "encompassing com-" / "panies in various fields"."""
    q = readable_quote(kb.docs, kb.passages, "kiep_internet_plus_2018", 7210, 7211)
    assert "encompassing companies in various fields" in q.text
    assert "com- panies" not in q.text


def test_mending_touches_only_a_hyphen_at_a_line_break():
    text = "a com- panies and Korea- China and e- commerce"
    at = text.index("panies")
    assert mend_line_hyphens(text, [at]) == "a companies and Korea- China and e- commerce"
    assert mend_line_hyphens("Korea- China", [7]) == "Korea- China", "next line starts uppercase: kept"
    assert mend_line_hyphens("x 5- year", [4]) == "x 5- year", "a digit before the hyphen: kept"


def test_the_apps_near_miss_table_explains_the_threshold_once(kb, answers, monkeypatch):
    from ui import decisions, i18n

    near = answers["F10"]["result"]["coverage"]["near_misses"]
    for lang in present.LANGS:
        monkeypatch.setitem(i18n._last, "lang", lang)
        cells = [str(x) for x in decisions.near_miss_frame(near, kb).iloc[:, -1]]
        assert sum(reading.TOOL_THRESHOLD_FULL[lang] in x for x in cells) == 1, cells


def test_the_print_view_points_to_rank_1_in_the_reports_words(monkeypatch):
    """The app's print page shows the risk formula once (ui/printview.py, rank 1) and the report's pointer after."""
    import inspect

    from ui import i18n, printview

    for lang in present.LANGS:
        monkeypatch.setitem(i18n._last, "lang", lang)
        assert i18n.t("risk_pointer") == RISK_POINTER[lang]
    src = inspect.getsource(printview)
    assert src.index("if r is recs[0]:") < src.index("decisions.risk_explained(r)") < src.index('t("risk_pointer")')
