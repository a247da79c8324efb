"""What a report changed (recommender/changes.py): candidates change nothing until accepted; after review the
profiles rebuild under a new data version with the previous one kept; ``changes`` lists exactly the profiles the
accepted facts apply to, the first regional evidence, and the reference firm whose best pick the facts move."""

from __future__ import annotations

from pathlib import Path

import pytest
from review_fixtures import DOC_ID, make_data_dir

from features import versions
from features.build import load_knowledge
from features.facts import ALL_SECTORS, NATIONAL
from features.ingest.review import ReviewStore
from recommender.changes import changes, reference_files

HUNAN = [f"{DOC_ID}-c000{i}" for i in (1, 2, 3, 4)]


@pytest.fixture(scope="module")
def reviewed(tmp_path_factory):
    team = make_data_dir(Path(tmp_path_factory.mktemp("changes")) / "team")
    kb0 = load_knowledge(team)  # the report is ingested, its candidates await review
    store = ReviewStore(team, DOC_ID)
    store.apply([{"action": "accept", "candidate_id": c} for c in HUNAN], by="kim")
    store.reject(f"{DOC_ID}-c0008", by="kim")
    kb1 = load_knowledge(team)
    return team, kb0, kb1, changes(team, kb0.data_version, kb=kb1)


def test_candidates_change_no_profile_until_accepted(kb, reviewed):
    _, kb0, _, _ = reviewed
    assert kb0.data_version != kb.data_version and DOC_ID in kb0.docs
    assert [(p.policy, p.demand, p.risk, p.confidence) for p in kb0.profiles] == \
        [(p.policy, p.demand, p.risk, p.confidence) for p in kb.profiles]  # fmt: skip
    assert kb0.period_label == "2018", "a report nobody reviewed yet is not evidence the scores rest on"
    assert kb0.index.search("스마트농업 시범구 창사", top=3, doc_id=DOC_ID), "…but its text is searchable"


def test_a_new_data_version_and_the_previous_build_is_kept(reviewed):
    team, kb0, kb1, _ = reviewed
    assert kb1.data_version != kb0.data_version
    assert versions.kept_path(team, kb0.data_version).is_file() and versions.kept_path(team, kb1.data_version).is_file()
    history = [e["version"] for e in versions.history(team)]
    assert history[-2:] == [kb0.data_version, kb1.data_version]
    assert versions.resolve(team, "previous", kb1.data_version) == kb0.data_version
    assert versions.resolve(team, kb0.data_version[:6], kb1.data_version) == kb0.data_version
    with pytest.raises(versions.VersionError, match="unknown data version"):
        versions.resolve(team, "ffffffff", kb1.data_version)
    assert kb1.period_label == "2018–2025" and kb1.fact(f"{DOC_ID}-f0001").published == "2025-03"


def expected_profiles(kb, fact_ids: list[str]) -> set[tuple[str, str]]:
    """The profiles a set of facts applies to, by the scope rule (docs/METHOD.md § 3), independently of changes."""
    out = set()
    for fid in fact_ids:
        f = kb.fact(fid)
        regions = kb.regions if f.region_id == NATIONAL else [f.region_id]
        sectors = kb.sectors if f.sector_id == ALL_SECTORS else [f.sector_id]
        out |= {(r, s) for r in regions for s in sectors}
    return out


def test_changes_lists_exactly_the_profiles_the_accepted_facts_apply_to(reviewed):
    _, _, kb1, c = reviewed
    added = [f["fact_id"] for f in c["facts_added"]]
    assert sorted(added) == [f"{DOC_ID}-f000{i}" for i in (1, 2, 3, 4)] and c["facts_removed"] == []
    assert {(p["region_id"], p["sector_id"]) for p in c["profiles"]} == expected_profiles(kb1, added)
    (p,) = c["profiles"]
    assert (p["region_id"], p["sector_id"]) == ("CN-HN", "smart_agriculture")
    assert p["policy"]["after"] > p["policy"]["before"] and p["confidence"]["after"] > p["confidence"]["before"]
    assert p["evidence_period"] == {"before": "2018", "after": "2018–2025"}
    assert p["first_regional_evidence"] and c["first_regional_evidence"]["profiles"] == ["CN-HN/smart_agriculture"]
    assert [d["doc_id"] for d in c["documents_added"]] == [DOC_ID]
    cites = {(r["doc_id"], r["line_start"], r.get("page")) for f in c["facts_added"] for r in f["evidence"]}
    assert {d for d, _, _ in cites} == {DOC_ID}
    assert {page for _, _, page in cites} == {"11", "12"}  # every new citation names its page
    assert c["from"]["evidence_period"] == "2018" and c["to"]["evidence_period"] == "2018–2025"


def test_the_smart_farming_archetype_gets_the_new_best_region(reviewed):
    """AR-12 (smart-farming equipment) had its best pick in a region known only from region-wide measures; the
    reviewed Hunan facts make Hunan its best opportunity — and no firm without a smart-agriculture pick moves."""
    _, _, kb1, c = reviewed
    firms = {f["firm_id"]: f for f in c["firms"]}
    ar12 = firms["AR-12"]
    assert ar12["before"][0]["region_id"] != "CN-HN"
    assert (ar12["after"][0]["region_id"], ar12["after"][0]["sector_id"]) == ("CN-HN", "smart_agriculture")
    assert ar12["best_changed"] and ar12["kind"] == "archetype"
    for f in c["firms"]:
        touched = any(p["sector_id"] == "smart_agriculture" for p in f["before"] + f["after"])
        assert f["changed"] <= touched, f["firm_id"]
    rows = sum(len(path.read_text(encoding="utf-8").strip().splitlines()) - 1 for _, path in reference_files(Path("data")))
    assert len(c["firms"]) == rows and {f["kind"] for f in c["firms"]} == {"sample", "archetype"}
    prof = kb1.profile("CN-HN", "smart_agriculture")
    assert any(r.doc_id == DOC_ID for r in prof.evidence)


def test_undoing_the_review_returns_the_previous_version_without_a_rebuild(reviewed, tmp_path):
    team, kb0, kb1, _ = reviewed
    store = ReviewStore(team, DOC_ID)
    while (last := store.view().last_undoable()) is not None:
        store.undo(last.id)
    n = len(versions.history(team))
    back = load_knowledge(team)
    assert back.data_version == kb0.data_version and len(versions.history(team)) == n  # the kept build, reused
    store.apply([{"action": "accept", "candidate_id": c} for c in HUNAN], by="kim")
    store.reject(f"{DOC_ID}-c0008", by="kim")
    assert load_knowledge(team).data_version == kb1.data_version
