"""Report search: the judged query set, the quality floor it holds, the demotions, and the CLI contract."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from features.search import dedup_key, quality, tokenize
from features.search_eval import Span, evaluate, load_judgements, ndcg, reciprocal_rank
from recommender.cli import main

JUDGEMENTS = Path(__file__).with_name("search_judgements.yaml")
# Measured 2026-12-02 on the 38 judged queries: MRR@10 0.974, nDCG@5 0.747 (char n-gram TF-IDF alone: 0.338, 0.247);
# with the passage cleaning in main at that time 0.930, 0.723; with concept coverage for translated queries (issue 18)
# 0.943, 0.735 (English queries 0.900, 0.650 → 1.000, 0.723). The floors leave room for new passage boundaries.
MRR_FLOOR = 0.88
NDCG_FLOOR = 0.68


@pytest.fixture(scope="module")
def judgements():
    return load_judgements(JUDGEMENTS)


def _hits(kb, query, top=10, doc_id=None):
    return [(p.doc_id, p.line_start, p.line_end) for p, _ in kb.index.search(query, top=top, doc_id=doc_id)]


def test_the_judged_set_is_large_mixed_and_points_at_real_lines(kb, judgements):
    assert len(judgements) >= 30
    langs = [j.lang for j in judgements]
    assert langs.count("en") >= 3 and langs.count("zh") >= 2 and langs.count("ko") >= 20
    assert len({j.query for j in judgements}) == len(judgements)
    for j in judgements:
        assert any(s.grade == 2 for s in j.spans), j.query
        for s in j.spans:
            lines = kb.docs[s.doc_id].lines
            assert s.line_end <= len(lines), (j.query, s)
            assert "".join(lines[s.line_start - 1 : s.line_end]).strip(), (j.query, s)  # not a blank span


def test_search_quality_holds_the_floor(kb, judgements):
    res = evaluate(lambda q, n: _hits(kb, q, n), judgements)
    print(f"MRR@10 {res['mrr']:.3f}  nDCG@5 {res['ndcg@5']:.3f}")
    assert res["mrr"] >= MRR_FLOOR
    assert res["ndcg@5"] >= NDCG_FLOOR


def test_metrics_on_a_hand_computed_example():
    spans = [Span("d", 10, 20, 2), Span("d", 40, 45, 1)]
    hits = [("d", 1, 5), ("e", 10, 20), ("d", 18, 25), ("d", 12, 14), ("d", 44, 50)]
    assert reciprocal_rank(hits, spans) == pytest.approx(1 / 3)
    # rank 3 credits the grade-2 span; rank 4 overlaps it again (no credit); rank 5 credits the grade-1 span
    dcg = 2 / math.log2(4) + 1 / math.log2(6)
    idcg = 2 / math.log2(2) + 1 / math.log2(3)
    assert ndcg(hits, spans, k=5) == pytest.approx(dcg / idcg)
    assert reciprocal_rank([("d", 1, 9)], spans) == 0.0 and ndcg([], spans) == 0.0


def test_the_issue_examples_find_passages_not_headings(kb):
    """Issue 10: "자율주행 시범구역" put "- 스마트 제조 시범구역 확대" and the bare heading "자율주행" first."""
    for query in ("자율주행 시범구역", "외국인 투자 제한"):
        top = kb.index.search(query, top=3)
        assert top, query
        for p, _ in top:
            assert len(p.text) >= 60, (query, p.text)
            assert not p.text.startswith(("그림", "표 ", "자료", "- 스마트 제조")), (query, p.text)
    first = kb.index.search("외국인 투자 제한", top=1)[0][0]
    assert "외국인투자" in first.text and "제한" in first.text


def test_captions_headings_and_footnotes_are_demoted():
    sentence = (
        "베이징시는 2018년 경제기술개발구, 순이구, 하이뎬구의 44개 도로 구간(총 123km)을 자율주행 시험도로로 "
        "개방하였고, 중국에서 가장 긴 개방 시험도로를 보유한 지역이 되었다."
    )  # 100+ characters
    assert quality(sentence) == pytest.approx(1.0)
    for weak in ("그림 3-11. 중국의 자율주행 생태계", "자율주행", "- 스마트 제조 시범구역 확대",
                 "76) ｢바이두, 자율주행기술 ‘아폴로3.0’ 공개｣ http://www.ddaily.co.kr/news"):  # fmt: skip
        assert quality(weak) < 0.5 * quality(sentence), weak


def test_english_queries_reach_korean_text_and_do_not_repeat(kb):
    hits = kb.index.search("autonomous driving Beijing road test", top=10)
    texts = [p.text for p, _ in hits]
    assert any("자율주행" in t and "베이징" in t for t in texts)  # via the sector/region names
    assert len({dedup_key(t) for t in texts}) == len(texts)
    assert sum(t.strip().lower() == "autonomous driving" for t in texts) <= 1


def test_identical_passages_are_shown_once(kb):
    keys = [dedup_key(p.text) for p, _ in kb.index.search("규범 제정 자율주행 시범도로 시범운영기지 혁신센터", top=10)]
    assert len(keys) == len(set(keys))


def test_doc_filter_empty_query_and_scores(kb):
    hits = kb.index.search("빅데이터", top=5, doc_id="china_4ir_issue_2018")
    assert hits and all(p.doc_id == "china_4ir_issue_2018" for p, _ in hits)
    scores = [s for _, s in hits]
    assert scores == sorted(scores, reverse=True) and all(0 < s <= 1 for s in scores)
    assert kb.index.search("   ") == [] and kb.index.search("") == []


def test_tokens_are_morphemes_with_phrases_and_hanja_bigrams():
    toks = tokenize("자율주행 시범구역에서 5G를")
    assert {"자율", "주행", "자율주행", "시범", "구역", "5g"} <= set(toks)
    assert "에서" not in toks and "를" not in toks
    assert {"城市", "大脑"} <= set(tokenize("杭州城市数据大脑规划"))


def test_cli_search_json_contract(capsys):
    assert main(["search", "항저우 시티브레인", "--top", "3", "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert set(out) == {"query", "results"} and out["query"] == "항저우 시티브레인"
    assert [r["rank"] for r in out["results"]] == [1, 2, 3]
    for r in out["results"]:
        assert set(r) == {"rank", "doc_id", "line_start", "line_end", "text", "score"}
        assert isinstance(r["line_start"], int) and r["line_start"] <= r["line_end"]
        assert isinstance(r["score"], float) and r["text"]


def test_cli_search_table_and_doc_filter(capsys):
    assert main(["search", "구이저우 빅데이터", "--doc", "kiep_seminar_2018", "--top", "2"]) == 0
    out = capsys.readouterr().out
    assert "kiep_seminar_2018:74-79" in out and "kiep_internet_plus_2018" not in out


@pytest.mark.parametrize("argv, needle", [
    (["search", "   "], "query is empty"),
    (["search", "5G", "--doc", "no_such_doc"], "unknown document 'no_such_doc'"),
    (["search", "5G", "--top", "0"], "--top must be at least 1"),
])  # fmt: skip
def test_cli_search_unusable_input_exits_2_with_one_sentence(capsys, argv, needle):
    assert main(argv) == 2
    err = capsys.readouterr().err.strip()
    assert needle in err and len(err.splitlines()) == 1


def test_an_english_query_weighs_the_place_it_names(kb):
    """Issue 18, item 7: "smart city Hangzhou" ranked two Korean passages on US programmes ("New Smart City
    Initiative", "Smart City Challenge") 2nd and 3rd, because their Latin "Smart City" matched three query words at full
    weight while the Korean Hangzhou passages matched translations at half weight. With concept coverage and one
    count per concept, the first five hits are all about Hangzhou."""
    hits = kb.index.search("smart city Hangzhou", top=5)
    assert len(hits) == 5
    for p, _ in hits:
        assert "항저우" in p.text or "hangzhou" in p.text.lower(), p.text[:80]
        assert "미국" not in p.text, p.text[:80]
    assert kb.index.concepts("스마트시티 항저우") == []  # Korean queries: scored as before
