"""The build: bad data stops it with the file and row named; the artifact rebuilds on any input change;
adding a report is a file, a catalog row and a fact."""

from __future__ import annotations

import csv
import hashlib
import json

import pytest

from features.build import build, input_hash, load_knowledge
from features.corpus import CorpusError
from features.facts import FACT_COLUMNS, BuildError
from recommender.profiles_view import profiles_json

NEW_DOC = """가상 보고서: 후난성 인공지능 산업 동향 (시험용 문서)

후난성 창사시는 2018년 인공지능 산업 육성 행동계획을 발표하고 인공지능 산업단지 3곳을 지정하였다.

창사시 정부는 인공지능 기업에 50억 위안 규모의 산업기금을 조성하기로 하였다.
"""


def _append_fact(data_dir, **over):
    row = {"fact_id": "T001", "region_id": "CN-HN", "city": "Changsha", "sector_id": "ai", "dimension": "policy",
           "indicator": "policy_plan", "value": "", "unit": "", "year": "2018", "strength": "3", "tags": "cluster",
           "evidence": "test_hunan_ai:3-3", "check": "행동계획", "note_ko": "창사시가 AI 행동계획을 냈다.",
           "note_en": "Changsha issued an AI action plan."}  # fmt: skip
    row.update(over)
    with open(data_dir / "facts" / "zz_test.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=FACT_COLUMNS)
        w.writeheader()
        w.writerow(row)


def _add_report(data_dir):
    path = data_dir / "reports" / "test_hunan_ai.txt"
    path.write_text(NEW_DOC, encoding="utf-8")
    sha = hashlib.sha256(path.read_bytes()).hexdigest()
    with open(data_dir / "reports" / "catalog.csv", "a", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerow(["test_hunan_ai", path.name, sha, "가상 보고서", "test", "2018-12", "test", "ko"])


def test_adding_a_report_changes_the_affected_profile_and_its_evidence(data_copy):
    before = load_knowledge(data_copy)
    old = before.profile("CN-HN", "ai")
    _add_report(data_copy)
    _append_fact(data_copy)
    with open(data_copy / "facts" / "zz_test.csv", "a", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerow(["T002", "CN-HN", "Changsha", "ai", "policy", "public_funding", "50", "억위안", "2018",
                                 "2", "", "test_hunan_ai:5-5", "50억 위안", "창사시 AI 기금.", "Changsha AI fund."])  # fmt: skip
    after = load_knowledge(data_copy)
    new = after.profile("CN-HN", "ai")
    assert after.data_version != before.data_version
    assert new.policy > old.policy and new.confidence > old.confidence
    assert {"T001", "T002"} <= set(new.regional_fact_ids)
    assert any(r.doc_id == "test_hunan_ai" for r in new.evidence)
    assert "cluster" in new.tags_regional
    assert after.profile("CN-HN", "smart_healthcare").policy == before.profile("CN-HN", "smart_healthcare").policy
    assert "행동계획" in after.quote("test_hunan_ai", 3, 3)


def test_the_artifact_is_reused_until_an_input_changes(data_copy):
    kb1 = load_knowledge(data_copy)
    artifact = data_copy / "build" / "knowledge.joblib"
    mtime = artifact.stat().st_mtime_ns
    kb2 = load_knowledge(data_copy)
    assert artifact.stat().st_mtime_ns == mtime and kb2.data_version == kb1.data_version
    (data_copy / "regions.csv").write_text((data_copy / "regions.csv").read_text(encoding="utf-8") + "\n",
                                           encoding="utf-8")  # fmt: skip
    assert input_hash(data_copy)[:12] != kb1.data_version
    assert load_knowledge(data_copy).data_version != kb1.data_version


def test_the_build_is_deterministic(data_copy):
    a = build(data_copy)
    b = build(data_copy)
    assert json.dumps(profiles_json(a), ensure_ascii=False) == json.dumps(profiles_json(b), ensure_ascii=False)


@pytest.mark.parametrize("change,message", [
    ({"evidence": ""}, "no citation"),
    ({"region_id": "CN-XX"}, "unknown region_id 'CN-XX'"),
    ({"sector_id": "space"}, "unknown sector_id 'space'"),
    ({"evidence": "kiep_internet_plus_2018:7390-7999"}, "outside"),
    ({"evidence": "nosuchdoc:1-2"}, "unknown doc_id"),
    ({"check": "존재하지않는문구"}, "does not occur"),
    ({"indicator": "market_size"}, "not a policy indicator"),
    ({"strength": "5"}, "strength must be"),
])  # fmt: skip
def test_bad_facts_stop_the_build_naming_file_and_row(data_copy, change, message):
    _append_fact(data_copy, **{"evidence": "kiep_internet_plus_2018:2609-2613", "check": "", **change})
    with pytest.raises(BuildError, match=message) as exc:
        build(data_copy)
    assert "zz_test.csv row 2" in str(exc.value)


def test_a_catalog_hash_that_does_not_match_stops_the_build(data_copy):
    path = data_copy / "reports" / "kiep_seminar_press_20181030.txt"
    path.write_bytes(path.read_bytes() + b"\n")
    with pytest.raises(CorpusError, match=r"catalog.csv row \d+: sha256 of kiep_seminar_press_20181030.txt"):
        build(data_copy)


def test_duplicate_fact_ids_are_rejected(data_copy):
    _append_fact(data_copy, fact_id="A001", evidence="kiep_internet_plus_2018:2609-2613", check="중관춘")
    with pytest.raises(BuildError, match="fact_id A001 already used"):
        build(data_copy)
