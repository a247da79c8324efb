"""The tagger's quality parts (issue 15): the kind model's statement features and its option type, the kind
variant chosen out of fold, and the document-relative proposal rule."""

from __future__ import annotations

import pytest

from features.corpus import Passage
from features.ingest.morph import analyse, normalise
from features.ingest.tagger import ENSEMBLE, KIND_VARIANTS, NATIONAL, select
from features.ingest.textfeatures import kind_cue_counts, statement_tokens


def _tokens(text):
    return statement_tokens(analyse(normalise(text)))


def test_statement_tokens_are_the_predicates_not_the_topic():
    toks = _tokens("베이징시는 2018년 자율주행 도로 테스트 관리 규정을 발표하고 외국 기업의 참여를 제한하였다.")
    assert "H:발표" in toks and "H:제한" in toks
    assert not any("자율주행" in t or "베이징" in t for t in toks)  # the topic and the place are not statement words
    assert any(t.startswith("E:") for t in toks)


@pytest.mark.parametrize("text, kind", [
    ("상하이시는 인공지능 산업 육성 계획을 발표하고 시범구를 지정하였다.", "policy"),
    ("광둥성의 스마트 헬스케어 시장 규모는 500억 위안으로 증가하였다.", "demand"),
    ("외국인투자는 여전히 제한되고 인터넷병원 허가는 어렵다.", "risk"),
])  # fmt: skip
def test_kind_cue_lexicons_count_their_kind(text, kind):
    counts = dict(zip(("policy", "demand", "risk", "context"), kind_cue_counts(text)))
    assert counts[kind] == max(counts.values()) > 0


def test_the_kind_variant_is_chosen_out_of_fold_and_reported(kb):
    tagger = kb.tagger
    assert tagger.kind_variant_ in (*KIND_VARIANTS, ENSEMBLE)
    assert set(tagger.kind_cv_) == {*KIND_VARIANTS, ENSEMBLE}
    assert tagger.kind_cv_[tagger.kind_variant_] == max(tagger.kind_cv_.values())
    assert all(0 < v <= 1 for v in tagger.kind_cv_.values())


def test_a_national_option_has_its_own_kind(kb):
    (t,) = kb.tagger.tag([Passage("x:1-1", "x", 1, 1, "중국 정부는 외국인투자를 제한하고 있어 외자기업의 스마트시티 사업 "
                                                      "수주가 어렵다.")])  # fmt: skip
    assert set(t.kinds) == set(t.kinds_national) == {"policy", "demand", "risk", "context"}
    assert abs(sum(t.kinds_national.values()) - 1) < 1e-6
    c = kb.tagger._candidate(t, NATIONAL, "smart_city", 0.9, "national")
    assert c["kind"] == max(t.kinds_national, key=t.kinds_national.get) == "risk"


def _c(doc, line, score, region="CN", sector="ai"):
    return {"doc_id": doc, "line_start": line, "line_end": line, "score": score, "region_id": region,
            "sector_id": sector}  # fmt: skip


def test_select_keeps_the_threshold_and_adds_each_reports_best_options():
    cands = [_c("a", 1, 0.9), _c("a", 2, 0.2), _c("a", 3, 0.1), _c("b", 1, 0.3), _c("b", 2, 0.25), _c("b", 3, 0.05)]
    assert select(cands, 0.5, 0.0, {"a": 3, "b": 3}) == [cands[0]]
    # rate 0.5 of 3 body passages → the 2 best options of each report, whatever their absolute score
    got = select(cands, 0.5, 0.5, {"a": 3, "b": 3})
    assert got == [cands[0], cands[1], cands[3], cands[4]]
    # ties are broken by line, region, sector: the same input gives the same output
    tied = [_c("a", 2, 0.3), _c("a", 1, 0.3)]
    assert select(tied, 0.9, 0.5, {"a": 2}) == [tied[1]]


def test_the_rate_is_chosen_on_the_training_facts(kb):
    t = kb.tagger
    assert t.rate_ == 0 or t.train_scores_["precision"] >= 0.5
    assert 0 <= t.train_scores_["recall"] <= 1


def test_the_reason_of_a_national_candidate_gives_its_own_kind_probability(kb):
    from features.ingest.propose import candidate_rows

    (t,) = kb.tagger.tag([Passage("x:1-1", "x", 1, 1, "중국 정부는 외국인투자를 제한하고 있어 외자기업의 스마트시티 사업 "
                                                      "수주가 어렵다.")])  # fmt: skip
    c = kb.tagger._candidate(t, NATIONAL, "smart_city", 0.9, "national")
    (row,) = candidate_rows([c], "x", 2018)
    assert f"kind {c['kind']} p={t.kinds_national[c['kind']]:.2f}" in row["reason"]
