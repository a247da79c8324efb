"""Exact region and keyword mentions (issue 8): no substring artefacts, ambiguous aliases only in context."""

from __future__ import annotations

import pytest

from features.mentions import RegionMatcher, mentions_keyword


@pytest.fixture(scope="module")
def matcher(kb):
    return RegionMatcher(kb.regions.values())


@pytest.mark.parametrize("text,expected", [
    ("항저우시는 시티 브레인을 구축했다", ["CN-ZJ"]),            # not 우시 (Wuxi, Jiangsu) inside 항저우시
    ("산업을 성장시키기 위한 플랫폼", []),                        # not 장시 (Jiangxi)
    ("경쟁력을 향상해야 한다", []),                               # not 상해 (Shanghai)
    ("상해보험 상품", []),                                        # 상해 = injury
    ("칩셋, 센서, 저장시스템, 네트워크 설비", []),                # 저장 = storage (KIEP 2707)
    ("수집, 전송, 저장, 처리, 교환", []),                         # a list of verbs, no region beside it
    ("광둥, 저장, 장쑤 등 동부 지역", ["CN-GD", "CN-JS", "CN-ZJ"]),  # 저장 in a list of regions
    ("저장성의 스마트시티", ["CN-ZJ"]),
    ("저장대학 제1부속병원", []),                                 # an institution's name is not a place (issue 15)
    ("베이징대학교와 칭화대학", []),                              # Peking University (was CN-BJ: an artefact)
    ("광저우 지난대학", ["CN-GD"]),                               # Jinan University is in Guangzhou, not Shandong
    ("베이징대학 선전병원", []),                                  # a Shenzhen hospital named after a Beijing university
    ("베이징경제기술개발구의 자율주행", ["CN-BJ"]),               # a gazetteer compound head
    ("산둥성 지난시는", ["CN-SD"]),
    ("선전시에 R&D 본부를", ["CN-GD"]),
    ("우시에서 열린 사물인터넷 박람회", ["CN-JS"]),
    ("「杭州城市数据大脑规划」", ["CN-ZJ"]),
    ("Beijing and Shenzhen", ["CN-BJ", "CN-GD"]),
])  # fmt: skip
def test_region_mentions_are_exact(matcher, text, expected):
    assert matcher.regions_in(text) == expected


def test_latin_keywords_are_case_sensitive_words():
    assert mentions_keyword("AI 플랫폼", ("AI",))
    assert mentions_keyword("AI가 핵심이다", ("AI",))
    assert not mentions_keyword("City Brain project", ("AI",))
    assert not mentions_keyword("the main road", ("AI",))
    assert mentions_keyword("5G 상용화", ("5G",))


def test_alias_matches_across_the_corpus_before_and_after(kb, matcher):
    """Every alias counted in the whole corpus as a substring (before) and exactly (after)."""
    text = "\n".join(p.text for p in kb.passages)
    counts = {}
    for rid, pats in matcher.patterns.items():
        for p in pats:
            counts[(rid, p.form)] = (text.count(p.form), matcher.count(text, p.form, rid))
    # the artefacts the audit named are gone
    assert counts[("CN-JS", "우시")][0] >= 60 and counts[("CN-JS", "우시")][1] == 0  # all inside 항저우시
    assert counts[("CN-SH", "상해")][1] == 0  # 향상해야, 상해보험
    assert counts[("CN-JX", "장시")][0] >= 2 and counts[("CN-JX", "장시")][1] <= 1  # 성장시키기, 저장시스템
    zj_before, zj_after = counts[("CN-ZJ", "저장")]
    assert zj_after < zj_before  # storage senses dropped, 저장성 kept
    # exact matching only ever removes matches, and the unambiguous long names keep almost all of theirs
    assert all(after <= before for before, after in counts.values())
    assert counts[("CN-BJ", "베이징")][1] >= 0.9 * counts[("CN-BJ", "베이징")][0]


def test_jiangsu_evidence_never_rests_on_hangzhou(kb, matcher):
    """No Jiangsu profile cites a passage whose only Jiangsu word is 우시 inside 항저우시."""
    by_span = {(p.doc_id, p.line_start, p.line_end): p for p in kb.passages}
    for prof in kb.profiles:
        if prof.region_id != "CN-JS":
            continue
        for ref in prof.evidence:
            p = by_span.get((ref.doc_id, ref.line_start, ref.line_end))
            if p is not None and "항저우시" in p.text:
                assert matcher.mentions(p.text, "CN-JS"), (prof.sector_id, p.passage_id)


def test_jiangsu_smart_city_salience_is_no_longer_hangzhou_text(kb):
    prof = next(p for p in kb.profiles if (p.region_id, p.sector_id) == ("CN-JS", "smart_city"))
    ind = next(i for i in prof.indicators if i.indicator == "text_salience")
    assert ind.raw * 4 <= 3  # was 24 passages, almost all Hangzhou's
