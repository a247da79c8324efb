"""The review store (features/ingest/review.py): accepted candidates become facts through the build's own validation;
a refused fact names its field and writes nothing; undo, merge, compare-and-swap; the bundled data is never written;
the log is the truth and replays onto a facts file left behind."""

from __future__ import annotations

import csv
import hashlib
from pathlib import Path

import pytest
from review_fixtures import BUNDLED, DOC_ID, candidate_rows, make_data_dir

from features.build import build
from features.facts import FactError
from features.ingest.candidates import read_candidates
from features.ingest.review import ConflictError, ReviewError, ReviewStore, facts_csv_bytes, facts_rows
from features.ingest.reviewlog import ReviewLog, ReviewLogError
from features.workspace import WorkspaceError, init_data_dir, writable_data_dir

C = [r["candidate_id"] for r in candidate_rows()]  # c0001 … c0008


@pytest.fixture
def team(tmp_path) -> Path:
    return make_data_dir(tmp_path / "team")


def facts_of(store: ReviewStore) -> list[dict]:
    if not store.facts_file.is_file():
        return []
    with store.facts_file.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def digest(path: Path) -> str | None:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else None


def test_accepting_writes_a_valid_fact_the_log_and_the_status(team):
    store = ReviewStore(team, DOC_ID)
    out = store.accept(C[0], by="kim")
    rows = facts_of(store)
    assert [r["fact_id"] for r in rows] == [f"{DOC_ID}-f0001"]
    row = rows[0]
    assert (row["region_id"], row["sector_id"], row["dimension"], row["indicator"], row["strength"]) == \
        ("CN-HN", "smart_agriculture", "policy", "policy_plan", "3")  # fmt: skip
    cited = (team / "reports" / f"{DOC_ID}.txt").read_text(encoding="utf-8").splitlines()[2].replace(" ", "")
    assert row["evidence"] == f"{DOC_ID}:3-3" and len(row["check"]) >= 3 and row["check"] in cited
    assert row["note_ko"] and row["note_en"] and "p. 11" in row["note_en"]  # the page the lines stand on
    assert row["candidate_id"] == C[0] and row["merged_into"] == ""
    entries = store.log.entries()
    assert [(e.seq, e.action, e.candidate_id, e.by) for e in entries] == [(1, "accept", C[0], "kim")]
    assert entries[0].fact == {k: row[k] for k in row} and out.entries == entries
    status = {r["candidate_id"]: (r["status"], r["fact_id"]) for r in read_candidates(store.candidates_file)}
    assert status[C[0]] == ("accepted", f"{DOC_ID}-f0001") and status[C[1]] == ("pending", "")
    kb = build(team)  # the build accepts what the review wrote, and the fact knows its document's date
    fact = kb.fact(f"{DOC_ID}-f0001")
    assert fact.published == "2025-03" and fact.published_year == 2025


@pytest.mark.parametrize("field,value,why", [
    ("check", "없는문구", "does not occur in the cited lines"),
    ("region_id", "CN-XX", "unknown region_id"),
    ("indicator", "market_size", "not a policy indicator"),
    ("strength", "5", "strength must be 1, 2 or 3"),
    ("year", "20x5", "year"),
    ("tags", "nonsense_tag", "unknown tags"),
    ("sector_id", "space", "unknown sector_id"),
])  # fmt: skip
def test_a_refused_fact_names_its_field_and_nothing_is_written(team, field, value, why):
    store = ReviewStore(team, DOC_ID)
    store.accept(C[1])
    before = (digest(store.facts_file), digest(store.candidates_file), digest(store.log.path))
    with pytest.raises(FactError, match=why) as exc:
        store.edit(C[0], {field: value})
    assert exc.value.field == field
    assert (digest(store.facts_file), digest(store.candidates_file), digest(store.log.path)) == before


def test_a_batch_is_all_or_nothing(team):
    store = ReviewStore(team, DOC_ID)
    with pytest.raises(FactError):
        store.apply([{"action": "accept", "candidate_id": C[0]},
                     {"action": "edit", "candidate_id": C[1], "fields": {"strength": "9"}}])  # fmt: skip
    assert store.log.entries() == [] and not store.facts_file.exists()
    with pytest.raises(ReviewError, match="no candidate"):
        store.apply([{"action": "accept", "candidate_id": C[0]}, {"action": "reject", "candidate_id": "nope"}])
    assert store.log.entries() == []


def test_edit_reject_merge_and_undo(team):
    store = ReviewStore(team, DOC_ID)
    store.edit(C[2], {"strength": "3", "note_ko": "창사에 스마트농업 기업 40여 개", "note_en": "Forty smart-farming firms in Changsha"})
    store.reject(C[7])
    store.merge(C[6], "A031")  # Hyundai-Kia in Apollo, restated by the 2025 report
    rows = {r["candidate_id"]: r for r in facts_of(store)}
    assert rows[C[2]]["strength"] == "3" and rows[C[2]]["note_en"] == "Forty smart-farming firms in Changsha"
    assert rows[C[6]]["merged_into"] == "A031" and rows[C[6]]["indicator"] == "cooperation_demand"
    assert C[7] not in rows
    view = store.view()
    assert view.counts() == {"pending": 5, "accepted": 0, "edited": 1, "rejected": 1, "merged": 1}
    assert view.reviewed == 3 and view.total == 8
    kb = build(team)
    a031 = kb.fact("A031")
    assert a031.restated_by == (f"{DOC_ID}-f0007",) and a031.published == "2025-03"
    assert any(r.doc_id == DOC_ID for r in a031.evidence)
    restatement = kb.fact(f"{DOC_ID}-f0007")
    assert restatement.merged_into == "A031"
    assert f"{DOC_ID}-f0007" not in kb.profile("CN-BJ", "autonomous_driving").fact_ids  # counted once, as A031
    # undo takes back the last action still in effect, then the one before
    last = store.view().last_undoable()
    assert last.action == "merge"
    store.undo(last.id)
    assert C[6] not in {r["candidate_id"] for r in facts_of(store)}
    assert store.view().get(C[6]).status == "pending"
    for _ in range(2):
        store.undo(store.view().last_undoable().id)
    assert not store.facts_file.exists(), "no fact left: the file goes, so the data version is the one from before"
    assert all(r["status"] == "pending" for r in read_candidates(store.candidates_file))
    assert [e.action for e in store.log.entries()] == ["edit", "reject", "merge", "undo", "undo", "undo"]


def test_a_stale_tab_is_refused_with_who_changed_it_and_nothing_is_overwritten(team):
    tab_a, tab_b = ReviewStore(team, DOC_ID), ReviewStore(team, DOC_ID)
    seen_by_b = tab_b.view().get(C[0]).revision
    tab_a.accept(C[0], by="kim", expect=tab_a.view().get(C[0]).revision)
    before = digest(tab_a.facts_file)
    with pytest.raises(ConflictError, match="kim") as exc:
        tab_b.reject(C[0], by="lee", expect=seen_by_b)
    assert "nothing was overwritten" in str(exc.value) and "덮어쓰지" in str(exc.value)
    assert digest(tab_a.facts_file) == before and tab_b.view().get(C[0]).status == "accepted"
    # the slower tab's action on another candidate is not in conflict and is kept
    out = tab_b.apply([{"action": "accept", "candidate_id": C[1], "expect": 0}], by="lee", seen=0)
    assert out.others == 1  # one action of someone else came in since lee's view
    assert {r["candidate_id"] for r in facts_of(tab_a)} == {C[0], C[1]}


def test_undo_of_an_action_someone_changed_since_is_refused(team):
    store = ReviewStore(team, DOC_ID)
    mine = store.accept(C[0], by="kim").entries[0]
    ReviewStore(team, DOC_ID).reject(C[0], by="lee")
    with pytest.raises(ConflictError, match="no longer current"):
        store.undo(mine.id, by="kim")
    assert store.view().get(C[0]).status == "rejected"


def test_a_fact_others_were_merged_into_cannot_disappear(team):
    store = ReviewStore(team, DOC_ID)
    store.accept(C[0])
    store.merge(C[1], f"{DOC_ID}-f0001")
    with pytest.raises(ConflictError, match="undo those merges first"):
        store.reject(C[0])
    with pytest.raises(FactError, match="restates"):
        store.merge(C[2], f"{DOC_ID}-f0002")  # a restatement is not a merge target
    with pytest.raises(FactError, match="no fact"):
        store.merge(C[2], "Z999")
    assert build(team).fact(f"{DOC_ID}-f0001").restated_by == (f"{DOC_ID}-f0002",)


def test_the_bundled_data_is_never_written(tmp_path):
    before = {p: digest(p) for p in sorted(BUNDLED.rglob("*")) if p.is_file() and "build" not in p.parts}
    with pytest.raises(WorkspaceError, match="bundled data is never written"):
        writable_data_dir(BUNDLED)
    team = init_data_dir(tmp_path / "team")
    assert (team / "reports" / "catalog.csv").is_file() and not (team / "build").exists()
    with pytest.raises(WorkspaceError, match="not empty"):
        init_data_dir(team)
    after = {p: digest(p) for p in sorted(BUNDLED.rglob("*")) if p.is_file() and "build" not in p.parts}
    assert after == before


def test_a_store_on_the_bundled_data_refuses_to_write(team, monkeypatch):
    """Were candidates ever put into the bundled folder, a review action there is refused before any write (the
    bundled folder is stood in for by a copy, so the test itself never writes into the checkout)."""
    import features.workspace as workspace

    monkeypatch.setattr(workspace, "BUNDLED_DATA", team)
    store = ReviewStore(team, DOC_ID)
    with pytest.raises(WorkspaceError, match="bundled"):
        store.accept(C[0])
    assert not store.facts_file.exists() and not store.log.path.exists()
    assert all(r["status"] == "pending" for r in read_candidates(store.candidates_file))


def test_the_log_replays_onto_a_facts_file_left_behind(team):
    store = ReviewStore(team, DOC_ID)
    store.accept(C[0])
    store.accept(C[1])
    good = store.facts_file.read_bytes()
    store.facts_file.write_bytes(facts_csv_bytes(facts_rows(store.log.entries()[:1], C)))  # a crash after the append
    rows = read_candidates(store.candidates_file)
    rows[1]["status"] = "pending"
    from features.ingest.candidates import write_candidates

    write_candidates(store.candidates_file, rows)
    view = store.view()  # replays
    assert store.facts_file.read_bytes() == good and view.get(C[1]).status == "accepted"
    assert read_candidates(store.candidates_file)[1]["status"] == "accepted"


def test_a_torn_last_line_is_cut_off_and_a_damaged_middle_line_is_reported(team):
    store = ReviewStore(team, DOC_ID)
    store.accept(C[0])
    sound = store.log.path.read_bytes()
    store.log.path.write_bytes(sound + b'{"seq": 2, "action": "acc')  # killed inside the write
    assert [e.seq for e in store.log.entries()] == [1]
    store.accept(C[1])
    assert [e.seq for e in store.log.entries()] == [1, 2] and b"acc\n" not in store.log.path.read_bytes()
    lines = store.log.path.read_bytes().split(b"\n")
    lines[0] = lines[0].replace(b'"accept"', b'"reject"')  # a flipped decision: its CRC no longer matches
    store.log.path.write_bytes(b"\n".join(lines))
    with pytest.raises(ReviewLogError, match="line 1"):
        ReviewLog(store.log.path).read()


def test_the_age_rule_and_restatement_reach_the_profile(team):
    """A merge refreshes the fact's date: A031 (Hyundai-Kia in Apollo, 2018) restated in 2025 counts in full while
    A030 (2018) on the same indicator counts 2^(−7/3); the 2025 test-road length (1,000 km) supersedes B002's 123 km
    (features.vintage; the worked example of docs/METHOD.md)."""
    store = ReviewStore(team, DOC_ID)
    store.merge(C[6], "A031")
    with pytest.raises(FactError, match="is about CN/autonomous_driving/public_funding") as exc:
        store.edit(C[5], {"supersedes": "B002;B011"})  # B011 is a national funding fact: not the same slot
    assert exc.value.field == "supersedes"
    store.edit(C[5], {"supersedes": "B002"})  # the reviewer says the new total replaces the 123 km
    kb = build(team)
    prof = kb.profile("CN-BJ", "autonomous_driving")
    ind = {i.indicator: i for i in prof.indicators}
    assert ind["cooperation_demand"].age_weights == {"A030": pytest.approx(0.5 ** (7 / 3), abs=1e-6)}
    assert ind["pilot_designation"].superseded == {"B002": f"{DOC_ID}-f0006"}
    assert ind["pilot_designation"].age_weights["B002"] == 0.0
    assert (prof.evidence_from, prof.evidence_to) == (2018, 2025)
