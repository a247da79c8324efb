"""Passage cleaning, each rule tested on the report lines where an audit found it broken (issue 8)."""

from __future__ import annotations

import re

import pytest

from features.corpus import build_passages, load_catalog
from tests.conftest import DATA

KIEP, ISSUE, SEMINAR = "kiep_internet_plus_2018", "china_4ir_issue_2018", "kiep_seminar_2018"


@pytest.fixture(scope="module")
def passages():
    return build_passages(load_catalog(DATA / "reports"))


def _at(passages, doc_id, line):
    return [p for p in passages if p.doc_id == doc_id and p.line_start <= line <= p.line_end]


@pytest.mark.parametrize("line,joined", [(1043, "경제대국화를 이루었다. 특히 WTO"), (6748, "제출할 필요가 없다. 따라서"),
                                         (6750, "상급병원을 찾는다. 중국정부는")])  # fmt: skip
def test_sentence_final_da_at_a_line_start_is_not_a_heading(passages, line, joined):
    # KIEP 1043/1045 "…경제대국화를 이루었" / "다. 특히 WTO …": one sentence, not a "다." list item
    (p,) = _at(passages, KIEP, line)
    assert joined in p.text


@pytest.mark.parametrize("line,head", [(5646, "•151"), (2661, "82 •"), (1777, "•57"), (6924, "Summary•199")])
def test_running_heads_are_dropped(passages, line, head):
    assert _at(passages, KIEP, line) == []
    assert not any(head in p.text for p in passages if p.doc_id == KIEP)


def test_footnote_is_a_passage_of_its_own(passages):
    # KIEP 5555–5557 body (Ping An), 5559–5561 footnote 161 (a web source), 5563–5565 footnote 162
    (body,) = _at(passages, KIEP, 5557)
    assert "핑안그룹" in body.text and "161)" not in body.text and "微医副总裁" not in body.text
    (note,) = _at(passages, KIEP, 5559)
    assert note.text.startswith("161) ") and note.line_end == 5561 and "2759.html" in note.text
    (note2,) = _at(passages, KIEP, 5563)
    assert note2.text.startswith("162) ")


def test_no_body_passage_contains_a_footnote(passages):
    merged = [p.passage_id for p in passages if re.search(r"\s\d{2,3}\) (｢|http)", p.text)]
    assert merged == []


def test_passages_do_not_cross_the_paragraph_from_hangzhou_to_healthcare(passages):
    # KIEP 294–300: Hangzhou's data-resource bureau; 302–306: the chapter-5 healthcare summary
    (hz,) = _at(passages, KIEP, 294)
    assert hz.line_end == 300 and "헬스케어" not in hz.text
    assert _at(passages, KIEP, 302)[0].line_start == 302


def test_passages_end_at_line_final_sentence_ends(passages):
    for p in passages[:600]:
        inner = [ln for ln in load_catalog(DATA / "reports")[p.doc_id].lines[p.line_start - 1 : p.line_end - 1]]
        assert not any(re.search(r"다\.\s*$", ln) for ln in inner), p.passage_id


@pytest.mark.parametrize("doc_id,line,word", [(SEMINAR, 56, "베이징의"), (KIEP, 934, "고도화를"), (KIEP, 3096, "인공지능"),
                                              (KIEP, 4360, "杭州城市数据大脑规划")])  # fmt: skip
def test_missed_joins_are_mended(passages, doc_id, line, word):
    assert any(word in p.text for p in _at(passages, doc_id, line)), word


def test_one_syllable_word_before_a_wrapped_line_keeps_its_space(passages):
    # issue report 716–718 "… 전자상거래 기업 간" / "  융합을 도모" — "기업 간 융합", never "간융합"
    (p,) = _at(passages, ISSUE, 716)
    assert "기업 간 융합을" in p.text and "간융합" not in p.text


def test_bullet_glyphs_do_not_start_passages(passages):
    # issue report 69: "m (중국, 4차산업혁명에 몰입) …" — "m" is a bullet glyph of the PDF
    (p,) = _at(passages, ISSUE, 69)
    assert p.text.startswith("(중국, 4차산업혁명에 몰입)")
    assert not [q.passage_id for q in passages if q.text.startswith("m ")]
