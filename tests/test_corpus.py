"""The stored report corpus: byte-identical files, clean passages, stable ids, search."""

from __future__ import annotations

import csv
import hashlib

import pytest

from features.corpus import build_passages, load_catalog, segment
from tests.conftest import DATA

# Pages missing from the KIEP report (the text breaks off mid-sentence): line before → line after.
KIEP_GAPS = [(458, 459), (560, 561), (611, 612), (870, 871), (1070, 1071), (1933, 1934), (2201, 2202), (3379, 3380)]


def test_catalog_lists_every_file_with_matching_hash():
    rows = list(csv.DictReader(open(DATA / "reports/catalog.csv", encoding="utf-8")))
    files = {p.name for p in (DATA / "reports").glob("*.txt")}
    assert {r["file"] for r in rows} == files
    for r in rows:
        assert hashlib.sha256((DATA / "reports" / r["file"]).read_bytes()).hexdigest() == r["sha256"]
        assert r["title"] and r["publisher"] and r["published"][:4] == "2018"


def test_every_evidence_reference_resolves_to_non_blank_lines(kb):
    refs = [r for f in kb.facts for r in f.evidence] + [r for n in kb.needs for r in n.evidence]
    refs += [r for p in kb.profiles for r in p.evidence]
    dict_refs = [e for s in kb.strategies.values() for e in s["evidence"]]
    dict_refs += [e for i in kb.implications.values() for e in i["evidence"]]
    assert len(refs) > 300 and len(dict_refs) > 50
    for r in refs:
        lines = kb.docs[r.doc_id].lines
        assert 1 <= r.line_start <= r.line_end <= len(lines), r
        assert any(x.strip() for x in lines[r.line_start - 1 : r.line_end]), r
    for e in dict_refs:
        lines = kb.docs[e["doc_id"]].lines
        assert any(x.strip() for x in lines[e["line_start"] - 1 : e["line_end"]]), e


@pytest.fixture(scope="module")
def passages():
    return build_passages(load_catalog(DATA / "reports"))


def _covering(passages, doc_id, line):
    return next(p for p in passages if p.doc_id == doc_id and p.line_start <= line <= p.line_end)


def test_words_broken_across_lines_are_joined(passages):
    # kiep 446/448: "… 급변하는 중" / "국의 산업생태계 …"
    assert "급변하는 중국의 산업생태계" in _covering(passages, "kiep_internet_plus_2018", 446).text
    # kiep_seminar 25/27: "발전현" / "황과 구체적인"
    assert "발전현황과" in _covering(passages, "kiep_seminar_2018", 25).text
    # kiep 2623/2625: "… 베이" / "징에 입지해" — joined because the report writes "베이징에" elsewhere
    assert "절반 이상이 베이징에 입지해" in _covering(passages, "kiep_internet_plus_2018", 2623).text
    # issue report 64/66: "역량 확" / "충과"
    assert "역량 확충과" in _covering(passages, "china_4ir_issue_2018", 64).text


def test_words_not_broken_keep_their_space(passages):
    # kiep 440/442 end "진출 시 " (trailing space) then "수익모델"
    assert "진출 시 수익모델" in _covering(passages, "kiep_internet_plus_2018", 440).text


def test_page_numbers_are_removed(passages):
    lines = load_catalog(DATA / "reports")["china_4ir_issue_2018"].lines
    assert lines[126].strip() == "- 4 -"
    assert not any(p.line_start <= 127 <= p.line_end and p.line_start == p.line_end == 127 for p in passages)
    assert not any("- 4 -" in p.text or "- 24 -" in p.text for p in passages)


@pytest.mark.parametrize("before,after", KIEP_GAPS)
def test_no_passage_spans_a_missing_page(passages, before, after):
    spanning = [p for p in passages if p.doc_id == "kiep_internet_plus_2018" and p.line_start <= before < after <= p.line_end]
    assert spanning == []


def test_passage_ids_are_unique_and_name_their_span(passages):
    ids = [p.passage_id for p in passages]
    assert len(ids) == len(set(ids))
    for p in passages[:200]:
        assert p.passage_id == f"{p.doc_id}:{p.line_start}-{p.line_end}"


def test_segmentation_is_deterministic():
    docs = load_catalog(DATA / "reports")
    doc = docs["kiep_internet_plus_2018"]
    assert segment(doc.doc_id, doc.lines) == segment(doc.doc_id, doc.lines)


def test_search_returns_the_passage_with_its_line_span(kb):
    hits = kb.index.search("베이징 자율주행 도로 테스트 규범", top=5)
    assert hits, "no hits"
    spans = [(p.doc_id, p.line_start, p.line_end) for p, _ in hits]
    # Table 3-8 and the text on Beijing's road-test rules sit at lines 3655–3713 of the KIEP report
    assert any(d == "kiep_internet_plus_2018" and a <= 3713 and b >= 3655 for d, a, b in spans), spans
    scores = [s for _, s in hits]
    assert scores == sorted(scores, reverse=True)
    assert kb.index.search("   ") == []


def test_quotes_are_read_from_the_stored_file(kb):
    text = kb.quote("kiep_seminar_2018", 74, 79)
    assert "구이저우" in text and "빅데이터" in text
