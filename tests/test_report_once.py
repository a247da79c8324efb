"""Panel 24 item 5 (panels 22–23 alike): the client report ran 300–400 lines, the same licensing paragraph five times
(panel 24 F03, F13), and the arithmetic (three risk numbers per row, the risk formula) stood in the body.

Now each repeated paragraph — a sector barrier, an implication, a similar case, a quote, an entry-mode risk, the
capability lines — is said in full once and referred to afterwards, and the numbers stand in one appendix at the end.
Nothing cited may be lost: every cited line range and every caveat the full rendering (``once=False``, every
paragraph under every recommendation, as before) shows is still shown."""

from __future__ import annotations

import functools
import re

import pytest

from recommender import dated, present, reading, report, summary
from tests.panel_support import NO_CAPABILITIES, run_cli

#: panel 24 F03: a medical-device maker (devices 5, digital health 3), low risk tolerance — the licensing barrier
#: (KIEP 5547–5551, 6044–6048, 6512–6516) stood under all five answers
P24_F03 = {"firm_id": "F03", "name": "메디웨이브", "employees": 85, "revenue_krw_100m": 180, "china_experience_years": 2,
           "has_china_entity": False, "chinese_speaking_staff": 2, "investment_capacity_krw_100m": 20,
           "certifications": ["ISO13485", "CE"], "risk_tolerance": "low", "horizon_years": 5, "preferred_regions": [],
           "excluded_regions": [],
           "capabilities": {**NO_CAPABILITIES, "medical_devices": 5, "digital_health": 3}}  # fmt: skip
#: panel 24 F13: a diagnostics-reagent and genomics firm given by KSIC code and products
P24_F13 = {"firm_id": "F13", "name": "바이오젠텍", "employees": 70, "revenue_krw_100m": 50, "china_experience_years": 1,
           "has_china_entity": False, "chinese_speaking_staff": 1, "investment_capacity_krw_100m": 40,
           "certifications": ["GMP"], "risk_tolerance": "high", "horizon_years": 8, "preferred_regions": [],
           "excluded_regions": [], "industry_code": "21102", "products": "체외진단 시약, 유전체 분석 서비스"}  # fmt: skip
#: panel 24 F02: an auto-parts maker with a China entity (read in English by the panel)
P24_F02 = {"firm_id": "F02", "name": "한빛오토텍", "employees": 620, "revenue_krw_100m": 2800, "china_experience_years": 12,
           "has_china_entity": True, "chinese_speaking_staff": 15, "investment_capacity_krw_100m": 150,
           "certifications": ["IATF16949"], "risk_tolerance": "medium", "horizon_years": 5, "preferred_regions": [],
           "excluded_regions": [],
           "capabilities": {**NO_CAPABILITIES, "semiconductors_sensors": 2, "automotive_mobility": 5,
                            "smart_manufacturing": 3}}  # fmt: skip
#: panel 23 F07: a 28-person drone firm with no China base (readiness < 0.2: the exploration-step caveat)
P23_F07 = {"firm_id": "F07", "name": "(주)에어로팜드론", "employees": 28, "revenue_krw_100m": 22, "china_experience_years": 0,
           "has_china_entity": False, "chinese_speaking_staff": 0, "investment_capacity_krw_100m": 4,
           "certifications": ["KC"], "risk_tolerance": "high", "horizon_years": 5, "preferred_regions": [],
           "excluded_regions": [],
           "capabilities": {**NO_CAPABILITIES, "ai_software": 3, "semiconductors_sensors": 2, "iot_devices": 3,
                            "automotive_mobility": 3, "agritech": 3}}  # fmt: skip
CASES = [(P24_F03, "ko"), (P24_F03, "en"), (P24_F13, "ko"), (P24_F02, "en"), (P23_F07, "ko")]

_RANGE = re.compile(r"(?<![\d.])(\d{2,5})(?:–(\d{2,5}))?(?=행|\)|,|;| |$)")


def _cited(md: str) -> set[str]:
    """Every cited line range of a report: the numbers of ``4839–4859행`` / ``lines 4839–4859`` / ``(KIEP
    6416–6422)`` and of comma lists of them, wherever they stand (a citation, a quote's source, a reason)."""
    out = set()
    for m in re.finditer(r"(?:lines |KIEP |issue report |, )((?:\d{2,5}(?:–\d{2,5})?(?:, )?)+)(?:행)?", md):
        out |= {x.strip() for x in m.group(1).split(",") if x.strip()}
    out |= {m.group(1) for m in re.finditer(r"(\d{2,5}(?:–\d{2,5})?)행", md)}
    return {x for x in out if re.fullmatch(r"\d{2,5}(–\d{2,5})?", x) and not re.fullmatch(r"20[0-4]\d", x)}


def _caveats(md: str, lang: str) -> set[str]:
    """Which caveats a report shows: weak evidence, a 2018 forecast or judgement, a region named in a list only,
    no regional evidence, the coverage labels, the tool's threshold, the exploration step."""
    marks = {
        "weak": summary.WEAK_HEAD[lang], "forecast": dated.MARK[lang], "judgement": dated.JUDGEMENT_MARK[lang],
        "list_only": reading.LIST_ONLY_MARK[lang].rstrip(" —"),
        # pres20 reworded it ("전국 단위 답" / "A nationwide answer"): either wording, so that a before/after
        # comparison (benchmarks/report_length.py) sees the same caveat
        "no_region": ("지역 근거 없음", "전국 단위 답", "전국 단위 (지역은 귀사 선택)") if lang == "ko" else
                     ("No regional evidence", "no regional evidence (", "A nationwide answer",
                      "nationwide (region of your choice)"),
        "tool": reading.TOOL_THRESHOLD_FULL[lang], "exploration": "탐색 단계" if lang == "ko" else "exploration step",
        **{f"coverage_{k}": present.label(present.COVERAGE, k, lang) for k in present.COVERAGE},
    }  # fmt: skip
    plain = md.replace("\\", "")
    return {k for k, v in marks.items() if any(x in plain for x in (v if isinstance(v, tuple) else (v,)))}


def _both(firm, lang, tmp_path, capsys, monkeypatch):
    new = run_cli(firm, tmp_path, capsys, "--format", "md", "--lang", lang)
    with monkeypatch.context() as m:
        m.setattr(report, "report_blocks", functools.partial(report.report_blocks, once=False))
        old = run_cli(firm, tmp_path, capsys, "--format", "md", "--lang", lang)
    return old, new


@pytest.mark.parametrize(("firm", "lang"), CASES, ids=[f"{f['firm_id']}-{lang}" for f, lang in CASES])
def test_nothing_cited_is_lost_when_each_paragraph_is_said_once(firm, lang, tmp_path, capsys, monkeypatch):
    old, new = _both(firm, lang, tmp_path, capsys, monkeypatch)
    assert old != new, "the case: something was repeated"
    assert _cited(old) and _cited(new) == _cited(old), sorted(_cited(old) ^ _cited(new))
    assert _caveats(new, lang) == _caveats(old, lang)
    assert len(new) < len(old)
    # no paragraph of 80+ characters stands twice in the new report (the quotes and risk lines said once)
    refs = ("앞에 적은", "앞 항목과 같은", "그 밖에", "항목에 적은 내용과 같습니다", "said above", "as above", "more risk",
            "as under ")
    # (an English gist stands under each Korean quote it summarises, panel 9: it may repeat)
    lines = [x for x in new.splitlines() if len(x) >= 80 and not x.startswith(("|", "**", "## ", "> *"))
             and not any(r in x for r in refs)]  # fmt: skip
    assert len(lines) == len(set(lines)), [x[:60] for x in lines if lines.count(x) > 1][:3]


def test_the_licensing_barrier_stands_once_and_is_referred_to_with_its_lines(tmp_path, capsys, monkeypatch):
    """Panel 24 F03: the licensing paragraph five times; now once, then its kind and lines under each later answer."""
    old, new = _both(P24_F03, "ko", tmp_path, capsys, monkeypatch)
    text = "의료 AI 제품도 의료기기 등급 판정과 인허가를 거친다."
    n = len(re.findall(r"^## (공동 )?\d위", new, re.M))
    assert n >= 3 and old.count(text) == n, "the case: under every answer"
    assert new.count(text) == 1
    cite = "KIEP 보고서 2018, 5547–5551, 6044–6048, 6512–6516행"
    assert new.count(cite) == old.count(cite), "each later answer keeps the barrier's citation"
    # since panel 31 S4 the device maker's own registration (the tool's note) stands before it in the same line
    refs = [x for x in new.splitlines() if x.startswith("- 앞에 적은 진입 장벽 — 1위 항목: ")]
    assert len(refs) == n - 1 and all("; 인허가·인증 (" + cite in x for x in refs)


@pytest.mark.parametrize("lang", present.LANGS)
def test_the_arithmetic_stands_in_one_appendix_and_the_numbers_are_said_in_words(lang, tmp_path, capsys):
    """Panel 24 item 5: "1 − (1 − 0.51) × (1 − 0.01)" and three risk numbers per row in the body; robustness 24 %
    unexplained. The body keeps one number line per answer (score, the risk the firm carries, robustness), said in
    words under the first; the formula and the components stand once at the end."""
    md = run_cli(P24_F03, tmp_path, capsys, "--format", "md", "--lang", lang).replace("\\", "")
    at = md.index("## " + report.APPENDIX_HEAD[lang])
    assert "\n## " not in md[at + 3 :], "the appendix is the last section"
    body = md[:at]
    assert "1 − (1 − " not in body and ("귀사 준비도 반영 0." if lang == "ko" else "after your readiness 0.") not in body
    worked = "1위의 위험 계산: " if lang == "ko" else "The risk of rank 1, worked through: "
    assert md.count(worked) == 1 and md.index(worked) > at  # the formula, worked once, at the end
    lines = [x for x in body.splitlines() if re.match(r"(점수|Score) \d\.\d{3} · ", x)]
    n = len(re.findall(r"^## (공동 |Rank )?(\d위|\d|tied)", body, re.M))
    assert len(lines) == n >= 3
    assert all(len(re.findall(r"\d\.\d\d", x)) == 2 for x in lines), "a score and one risk number"
    words = "강건성은 가중치와 데이터를" if lang == "ko" else "Robustness is how often this answer stays"
    assert body.count(words) == 1 and body.index(lines[0]) < body.index(words) < body.index(lines[1])
    rows = [x for x in md[at:].splitlines() if x.startswith("| ") and re.search(r"\d\.\d{3}", x)]
    assert len(rows) == n


def test_the_exploration_caveat_says_what_readiness_is():
    """Panel 24 item 5: "readiness 0.01" unexplained — the caveat says the scale and what it combines."""
    r = {"strategy_id": "korean_support_channels", "rank": 1}
    # pres20 (panel 27: a readiness number read as a third risk figure): the client report says it in words only
    for lang, words in (("ko", "중국 경험·법인·중국어 인력·투자 여력을 합친 값"),
                        ("en", "China experience, an entity, Chinese-speaking staff and investment capacity")):  # fmt: skip
        text = summary._line_caveat({"readiness": 0.01, "recommendations": [r]}, r, lang)
        assert "0.01" not in text and words in text
        # the JSON's summary keeps its text (the JSON does not change)
        kept = summary._line_caveat({"readiness": 0.01, "recommendations": [r]}, r, lang, explain=False)
        assert "0.01" in kept and words not in kept
