"""The review commands (DESIGN.md contract 10) as scripts and agencies run them: ``candidates``, ``review``,
``changes``, ``versions``, ``init-data`` — exit 0 with the contract's JSON, exit 2 with one clear sentence and nothing
written."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from review_fixtures import DOC_ID, make_data_dir

ROOT = Path(__file__).resolve().parents[1]


def cli(*args: str, data_dir: Path | None = None, timeout: int = 600) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "KOCN_DATA_DIR"}
    pre = ["--data-dir", str(data_dir)] if data_dir else []
    return subprocess.run([sys.executable, "-m", "recommender", *pre, *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=timeout, env=env)  # fmt: skip


@pytest.fixture(scope="module")
def team(tmp_path_factory) -> Path:
    return make_data_dir(Path(tmp_path_factory.mktemp("cli")) / "team")


def test_candidates_json_follows_the_contract(team):
    r = cli("candidates", DOC_ID, "--format", "json", data_dir=team)
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert out["doc_id"] == DOC_ID and out["total"] == 8 and out["reviewed"] == 0
    scores = [c["score"] for c in out["candidates"]]
    assert scores == sorted(scores, reverse=True)
    for c in out["candidates"]:
        assert {"candidate_id", "region_id", "city", "sector_id", "kind", "indicator", "strength", "score", "evidence",
                "reason"} <= set(c)  # fmt: skip
        assert set(c["evidence"]) == {"doc_id", "line_start", "line_end"} and c["status"] == "pending"
    title = next(c for c in out["candidates"] if c["kind"] == "context")
    assert title["region_id"] is None  # national: null
    table = cli("candidates", DOC_ID, data_dir=team)
    assert table.returncode == 0 and "0/8" in table.stdout and "p. 11" in table.stdout


def test_a_refused_fact_exits_2_naming_the_reason_and_writes_nothing(team):
    r = cli("review", DOC_ID, "--accept", "c0001", "--edit", "c0002", "--set", "strength=7", data_dir=team)
    assert r.returncode == 2
    assert r.stderr.count("\n") == 1 and "strength must be 1, 2 or 3" in r.stderr
    assert not (team / "facts" / f"{DOC_ID}.csv").exists() and not (team / "review" / f"{DOC_ID}.jsonl").exists()


def test_review_accepts_rebuilds_and_prints_what_changed_then_changes_repeats_it(team):
    r = cli("review", DOC_ID, "--accept", "c0001,c0002,c0003,c0004", "--reject", "8", "--by", "kim", "--format",
            "json", data_dir=team)  # fmt: skip
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert [a["action"] for a in out["applied"]] == ["accept"] * 4 + ["reject"]
    assert out["applied"][0]["fact_id"] == f"{DOC_ID}-f0001" and out["reviewed"] == 5
    dv = out["data_version"]
    assert dv["before"] != dv["after"]
    assert [(p["region_id"], p["sector_id"]) for p in out["changes"]["profiles"]] == [("CN-HN", "smart_agriculture")]
    r2 = cli("changes", "--from", dv["before"], "--format", "json", data_dir=team)
    assert r2.returncode == 0, r2.stderr
    again = json.loads(r2.stdout)
    assert again["profiles"] == out["changes"]["profiles"] and again["to"]["version"] == dv["after"]
    assert any(f["firm_id"] == "AR-12" and f["best_changed"] for f in again["firms"])
    r3 = cli("changes", "--from", "previous", data_dir=team)
    assert r3.returncode == 0 and "CN-HN/smart_agriculture" in r3.stdout and "첫 지역 근거" in r3.stdout
    assert "AR-12" in r3.stdout and "p. 11" in r3.stdout
    r4 = cli("versions", "--format", "json", data_dir=team)
    listed = json.loads(r4.stdout)
    assert listed["current"] == dv["after"] and {v["version"] for v in listed["versions"]} >= {dv["before"], dv["after"]}


def test_unusable_requests_exit_2_with_one_sentence(team, tmp_path):
    r = cli("changes", "--from", "zzzz9999", data_dir=team)
    assert r.returncode == 2 and "unknown data version" in r.stderr
    r = cli("candidates", "no_such_doc", data_dir=team)
    assert r.returncode == 2 and "no candidates file" in r.stderr
    r = cli("review", DOC_ID, "--accept", "c0001")  # the bundled data
    assert r.returncode == 2 and "bundled data is never written" in r.stderr
    made = cli("init-data", str(tmp_path / "fresh"))
    assert made.returncode == 0 and (tmp_path / "fresh" / "facts").is_dir()
    again = cli("init-data", str(tmp_path / "fresh"))
    assert again.returncode == 2 and "not empty" in again.stderr
