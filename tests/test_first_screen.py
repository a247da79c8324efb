"""The report's first screen (issue 18, advisor panels 12-13: "dense with numbers"): above the first table it says only
what a firm needs first — the three-line summary (with the rank-1 region · sector · route), how much regional evidence
stands behind the answer in words, and the evidence's age; the legend of the numbers stands just before the first
answer, and the data version in the settings table."""

from __future__ import annotations

import re

import pytest

from recommender import reading
from recommender.report import APPENDIX_HEAD, recommendation_html
from tests.panel_support import answer, batch, run_cli
from tests.test_panel9_text import F02, F07


def first_screen(md: str) -> str:
    """Everything above the first table or section (the firm's inputs)."""
    return md[: md.index("\n## ")]


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_the_first_screen_says_what_where_how_sure_and_how_old_without_numbers(kb, tmp_path, capsys, lang):
    md = run_cli(F02, tmp_path, capsys, "--format", "md", "--lang", lang)
    top = first_screen(md)
    ko = lang == "ko"
    assert ("결론: 베이징에서 자율주행 분야 — 국가 AI 개방형 플랫폼 협력사 참여." if ko else
            "Answer: Autonomous driving in Beijing — Partner in a national AI open-innovation platform.") in top
    assert ("근거의 양(1순위 답): 많음 — " if ko else "Evidence behind the first answer: ample — ") in top
    assert ("2018년에 발간된 보고서(기준연도 2018)" if ko else "reports published in 2018 (vintage 2018)") in top
    # no score line, legend, formula or build hash before the firm's inputs
    assert kb.data_version not in top and "|" not in top
    for word in (("점수 0.", "읽는 법", "0–1", "신뢰도", "강건성") if ko else
                 ("Score 0.", "How to read", "0–1", "confidence", "robustness")):  # fmt: skip
        assert word not in top, word
    # what left the first screen is still in the report, below it
    rest = md[len(top):]
    assert kb.data_version in rest  # the settings table
    first = rest.index("## 1위" if ko else "## Rank 1")
    legend = rest.index("## " + APPENDIX_HEAD[lang])  # panel 24 item 5: the legend and settings in the appendix
    settings = rest.index("**분석 설정**" if ko else "**Settings**")
    assert first < legend < settings
    assert all(line in rest[legend:].replace("\\", "") for line in reading.legend_lines(lang))


def test_a_sector_level_answer_says_no_region_is_singled_out(tmp_path, capsys):
    ko = first_screen(run_cli(F07, tmp_path, capsys, "--format", "md"))
    en = first_screen(run_cli(F07, tmp_path, capsys, "--format", "md", "--lang", "en"))
    # pres20 (panels 27-28): the evidence is national, not "none", beside a recommendation
    assert "근거의 양(1순위 답): 전국 자료 — 보고서가 이 분야를 전국 단위로만 다루어, 답은 분야와 진입 방식이고 지역은 귀사가 고릅니다." in ko
    assert "Evidence behind the first answer: national — the reports treat this sector only nationally" in en
    assert "없음 —" not in ko and ": none —" not in en


def test_the_html_report_keeps_the_same_order(kb, rec):
    html = recommendation_html(answer(kb, rec, F02), kb, "en", firm=batch(kb, F02).firms.firm(0))
    at = [html.index(x) for x in ("Summary", "Evidence behind the first answer", "Your firm", "Rank 1",
                                  "<h2>" + APPENDIX_HEAD["en"])]  # fmt: skip  (pres20: the text before names it too)
    assert at == sorted(at)
    assert kb.data_version not in html[: html.index("Your firm")]


def test_evidence_words_follow_confidence_bands():
    def words(**r):
        return reading.evidence_words(r, "en")

    assert words(confidence=0.9).startswith("Evidence behind the first answer: ample")
    assert words(confidence=0.7).startswith("Evidence behind the first answer: ample")
    assert " moderate — " in words(confidence=0.69) and " moderate — " in words(confidence=0.35)
    assert " thin — " in words(confidence=0.3499) and "for reference only" in words(confidence=0.0)
    # a sector-level answer has no regional evidence whatever its confidence
    assert " national — " in words(confidence=0.95, equivalent_regions=["CN-BJ", "CN-SH"])  # pres20: not "none"
    assert words() == ""
    assert re.fullmatch(r"근거의 양\(1순위 답\): 보통 — .+\.", reading.evidence_words({"confidence": 0.5}, "ko"))
