"""Issue 18, panel 25 F09 (helper data19): facts and strategy conditions that state a 2018 reading of regulation,
market openness, licensing, data or privacy rules, foreign-ownership limits, subsidies' terms or market shares in the
present tense carry ``dated_judgement``; shown as a reason or risk they say they are the 2018 report's judgement, to
be confirmed with a newer source (``features.vintage.READING_MARK``). The items, their lines and why:
docs/audit/dated_readings.md. Before: "privacy rules are lax" stood as a ✔ reason for a 2026 client (panel 25 F09)."""

from __future__ import annotations

import json
import re

import pytest

from features.build import load_knowledge
from features.facts import BuildError
from features.knowledge import _dated_condition
from features.vintage import READING_MARK, judged
from recommender.dated import fact_note
from tests.panel_support import run_cli
from tests.test_panels25_26_fixes import P25_F09

#: every flagged fact and the words of its cited lines that make it a present-tense reading (whitespace removed)
FLAGGED_FACTS = {
    "C065": "기업활동규제를제거", "C074": "80%이상을점유중", "C077": "개방·확대정책으로전환되고있어",
    "C080": "상대적으로관대한편", "A139": "기술보호제도의미비", "A140": "14개중국국내기업으로한정",
    "A141": "일정한자격이되어야수집이가능", "A142": "시범형임시번호판", "A143": "선도기업을특정하여",
    "A144": "현재중국은시행착오를겪으며", "B028": "엄격한개인정보보호법이시행되지않고있다",
    "B029": "수주한사례가아직없기", "B043": "전면개방하지는않고있다", "B083": "지불제도및의료보험적용방안마련",
    "B084": "반드시국내서버에저장", "B089": "초진진찰행위를제외", "B090": "중앙정부의규정에따라야하는상황",
    "B116": "CLPData와같은국유기업만이", "B124": "100만위안의정착보조금", "B126": "2류의료기기등급판정",
    "B137": "국가차원에서관련정책이마련된뒤에", "B150": "규제를강화하기도", "B151": "영업할수없으며",
    "B153": "판매는금지되어있다", "B154": "규제제한을받지않은", "B160": "의견수렴중", "B161": "해결되지않았고",
    "B162": "많은과제가남아있다", "B164": "정책적으로상당히제한적", "B170": "중단되거나",
    "B180": "보조금지급", "B198": "중앙정부의규정에따라야하는상황",
}  # fmt: skip

#: every flagged strategy condition: (strategy id, the start of its English reason before the mark) → words of its lines
FLAGGED_CONDITIONS = {
    # risk31 (panel 34 F04): the two sensor lines and the platform-openness line now rest on dated records (the issue
    # report's 2018 survey, 1608-1622; Apollo's partners, 3526-3536; the 2017 designation, 2969-2983) and are no
    # longer flagged; the other readings of an opening count 0 and show ◇ (docs/audit/dated_readings.md)
    ("platform_alliance", "You can link financial or payment"): "금융서비스가장악하고있으며",
    ("platform_alliance", "Where direct foreign participation is limited"): "수주한사례가아직없기",
    ("gov_project_participation", "A restriction on foreign firms is reported"): "수주한사례가아직없기",
    ("tier2_supplier", "Direct foreign participation is limited"): "수주한사례가아직없기",
    ("tier2_supplier", "Restrictions on foreign participation are reported"): "수주한사례가아직없기",
    ("tier2_supplier", "Foreign firms are restricted"): "수주한사례가아직없기",
    ("local_platform_partnership", "Because your firm's lead business is digital-health"): "정책적으로상당히제한적",
    ("local_platform_partnership", "Direct foreign entry is restricted"): "정책적으로상당히제한적",
    ("local_platform_partnership", "Foreign-investment restrictions are reported"): "정책적으로상당히제한적",
    # risk31: chinese_major_coentry · digital health now cites the records of KIEP 6441-6451 only (no longer flagged)
    ("big_data_solution_partnership", "In 2018 the issue report judged China's privacy"): "상대적으로관대한편",
}  # fmt: skip

MARK_KO, MARK_EN = READING_MARK["ko"], READING_MARK["en"]
CONDITION_KEYS = ("firm_conditions", "profile_conditions", "available_if", "unless")


def _lines(kb, refs) -> str:
    """The cited lines' text, whitespace removed; every ref must name lines that exist and are not empty."""
    out = []
    for ref in refs:
        if isinstance(ref, str):
            m = re.fullmatch(r"([^:]+):(\d+)-(\d+)", ref)
            doc_id, start, end = m.group(1), int(m.group(2)), int(m.group(3))
        else:
            d = ref if isinstance(ref, dict) else ref.as_dict()
            doc_id, start, end = d["doc_id"], int(d["line_start"]), int(d["line_end"])
        lines = kb.docs[doc_id].path.read_text(encoding="utf-8").splitlines()
        assert 1 <= start <= end <= len(lines), f"{ref}: lines outside the document"
        text = "".join(lines[start - 1 : end])
        assert text.strip(), f"{ref}: the cited lines are empty"
        out.append(text)
    return re.sub(r"\s+", "", "".join(out))


def _flagged_conditions(kb) -> dict[tuple[str, str], dict]:
    return {(sid, c["why_en"]): c for sid, spec in kb.strategies.items() for key in CONDITION_KEYS
            for c in spec.get(key) or [] if c.get("dated_judgement")}  # fmt: skip


def test_the_flag_is_on_exactly_the_listed_facts_and_their_lines_say_it(kb):
    flagged = {f.fact_id for f in kb.facts if f.dated_judgement}
    assert flagged == set(FLAGGED_FACTS)
    for fid, words in FLAGGED_FACTS.items():
        assert words in _lines(kb, kb.fact(fid).evidence), fid


def test_the_flag_is_on_exactly_the_listed_conditions_their_lines_say_it_and_their_text_is_marked(kb):
    found = _flagged_conditions(kb)
    assert len(found) == len(FLAGGED_CONDITIONS)
    for (sid, start), words in FLAGGED_CONDITIONS.items():
        hits = [c for (s, why), c in found.items() if s == sid and why.startswith(MARK_EN + start)]
        assert len(hits) == 1, (sid, start)
        cond = hits[0]
        assert cond["why_ko"].startswith(MARK_KO) and cond["why_ko"].count(MARK_KO) == 1
        assert words in _lines(kb, cond["evidence"]), (sid, start)


def test_an_unflagged_fact_and_condition_are_not_marked(kb):
    plain = kb.fact("C074"), kb.fact("B001")  # a flagged market share; Baidu's nine AV plates, a recorded count
    assert fact_note(plain[0], "ko").startswith(MARK_KO)
    assert not plain[1].dated_judgement
    assert fact_note(plain[1], "ko") == plain[1].note_ko and fact_note(plain[1], "en") == plain[1].note_en
    for spec in kb.strategies.values():
        for key in CONDITION_KEYS:
            for c in spec.get(key) or []:
                if not c.get("dated_judgement"):
                    assert MARK_KO not in c.get("why_ko", "") and MARK_EN not in c.get("why_en", "")


def test_the_mark_is_said_once_and_the_loader_refuses_a_bad_flag():
    assert judged(judged("중국은 개인정보 규제가 느슨하다.", "ko"), "ko") == MARK_KO + "중국은 개인정보 규제가 느슨하다."
    assert judged("", "en") == ""
    assert fact_note({"note_en": "x", "dated_judgement": True}, "en") == MARK_EN + "x"
    assert fact_note({"note_en": "x"}, "en") == "x"
    assert _dated_condition("c", {"why_ko": "a", "why_en": "b"}) == {"why_ko": "a", "why_en": "b"}
    with pytest.raises(BuildError, match="dated_judgement must be true or false"):
        _dated_condition("c", {"why_ko": "a", "why_en": "b", "dated_judgement": "yes"})


def test_a_bad_fact_flag_is_refused_with_the_column_named(data_copy):
    path = data_copy / "facts" / "kiep_part_b.csv"
    text = path.read_text(encoding="utf-8")
    row = next(line for line in text.splitlines() if line.startswith("B164,"))
    path.write_text(text.replace(row, row[: -len(",1")] + ",yes"), encoding="utf-8")
    with pytest.raises(BuildError, match="dated_judgement must be 1 or empty"):
        load_knowledge(data_copy)


def test_p25_f09_answer_says_the_2018_readings_are_2018s_judgement(kb, tmp_path, capsys):
    """Panel 25 F09 (a 140-person cloud/AI firm): the big-data ✔ line on lax privacy and the health-data risk line
    (B116, only SOEs may run regional data projects) are said as the 2018 report's judgement in Korean and English;
    the JSON marks them and leaves every unflagged fact's note as it is."""
    out = json.loads(run_cli(P25_F09, tmp_path, capsys, "--format", "json"))
    lines = [f for r in out["recommendations"] for f in r["reasons"]]
    lines += [f for r in out["recommendations"] for rk in r["risks"] for f in rk["facts"]]
    marked = {f["fact_id"] for f in lines if f.get("dated_judgement")}
    assert "B116" in marked and marked <= set(FLAGGED_FACTS)
    for f in lines:
        fact = kb.fact(f["fact_id"])
        if f["fact_id"] in FLAGGED_FACTS:
            assert f["note_ko"] == MARK_KO + fact.note_ko and f["note_en"] == MARK_EN + fact.note_en
        else:
            assert "dated_judgement" not in f and f["note_ko"] == fact.note_ko and f["note_en"] == fact.note_en
    ko = run_cli(P25_F09, tmp_path, capsys, "--format", "md")
    # risk31 (panel 34 F04): a dated reading of an opening is a note (◇), not a met condition (✔)
    assert "◇ (점수에 넣지 않은 참고) 2018년 보고서 기준 판단(최신 자료로 확인 필요) — 2018년 이슈리포트는 당시 중국의 개인정보 규제가" in ko
    assert "✔ 2018년 보고서 기준 판단(최신 자료로 확인 필요) — 2018년 이슈리포트는" not in ko
    assert MARK_KO + "보건의료 데이터는 정부기관과 병원이 쥐고 있어" in ko
    assert "(2018년의 판단 — 그 뒤 규정이" not in ko  # the condition's own aside gave way to the mark: said once
    en = run_cli(P25_F09, tmp_path, capsys, "--format", "md", "--lang", "en")
    assert "◇ (a note, not counted in the score) " + MARK_EN + "In 2018 the issue report judged China's privacy rules" in en
    assert MARK_EN + "Health data sit with government bodies and hospitals" in en
