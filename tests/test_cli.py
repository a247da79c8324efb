"""The command line as other tools call it (DESIGN.md contract 8), run as a real subprocess."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import openpyxl
import pytest

from tests.conftest import DATA, ROOT

CONTRACT_KEYS = {"rank", "region_id", "sector_id", "strategy_id", "score", "components", "confidence", "evidence",
                 "implication_ids"}  # fmt: skip


def run(*args, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "recommender", *map(str, args)], cwd=cwd, capture_output=True,
                          text=True, timeout=300)  # fmt: skip


def test_recommend_prints_the_contract_json():
    r = run("recommend", DATA / "samples/firm.json", "--format", "json", "--top", "5")
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert {"data_version", "weights", "firm_id", "recommendations"} <= set(out)
    assert len(out["recommendations"]) == 5
    for i, x in enumerate(out["recommendations"], start=1):
        assert CONTRACT_KEYS <= set(x) and x["rank"] == i
        assert set(x["components"]) >= {"fit", "policy", "demand", "risk"}
        assert x["evidence"] and all({"doc_id", "line_start", "line_end"} <= set(e) for e in x["evidence"])
    scores = [x["score"] for x in out["recommendations"]]
    assert scores == sorted(scores, reverse=True)


def test_recommend_markdown_quotes_the_report_and_states_the_vintage():
    r = run("recommend", DATA / "samples/firm.json", "--format", "md", "--top", "2")
    assert r.returncode == 0, r.stderr
    assert "2018" in r.stdout and "> —" in r.stdout and "왜 이 전략인가" in r.stdout


def test_recommend_is_deterministic_byte_for_byte():
    a = run("recommend", DATA / "samples/firm.json", "--format", "json", "--preset", "growth")
    b = run("recommend", DATA / "samples/firm.json", "--format", "json", "--preset", "growth")
    assert a.returncode == 0 and a.stdout == b.stdout


def test_screen_writes_the_workbook_with_results_rejections_and_run_info(tmp_path):
    out = tmp_path / "out.xlsx"
    r = run("screen", DATA / "samples/firms.csv", "--out", out, "--top", "3")
    assert r.returncode == 0, r.stderr
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["추천 results", "기회 opportunities", "거부된 행 rejected", "정보 info"]  # lean layout
    results = wb[wb.sheetnames[0]]
    header = [c.value for c in results[1]]
    assert {"firm_id", "rank", "region_id", "sector_id", "strategy_id", "score"} <= set(header)
    rows = [dict(zip(header, (c.value for c in row))) for row in results.iter_rows(min_row=2)]
    # every firm appears, at most 3 ranks each, ranks 1..k without gaps; fewer than 3 where regions the reports
    # cannot tell apart were collapsed into one sector-level answer (issue 18: equivalent_regions)
    per_firm = {}
    for row in rows:
        per_firm.setdefault(row["firm_id"], []).append(row["rank"])
    assert len(per_firm) == 24 and all(len(v) <= 3 for v in per_firm.values())
    assert all(v == list(range(1, len(v) + 1)) for v in per_firm.values() if v != [None])
    assert len(rows) > 2 * 24 and any(row.get("equivalent_regions") for row in rows)
    info = {row[0].value: row[1].value for row in wb["정보 info"].iter_rows(min_row=2)}
    assert any("data_version" in k for k in info) and any("weight" in k for k in info)
    assert any("run at" in k for k in info)


def test_screen_csv_is_utf8_bom_and_formula_safe(tmp_path):
    src = tmp_path / "firms.csv"
    src.write_text("firm_id,name,ai_software\n=1+2,\"@SUM(A1)\",5\nB2,-위험,3\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    r = run("screen", src, "--out", out, "--top", "1")
    assert r.returncode == 0, r.stderr
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0]["firm_id"] == "'=1+2" and rows[0]["firm_name"] == "'@SUM(A1)" and rows[1]["firm_name"] == "'-위험"


def test_screen_reports_every_rejected_row(tmp_path):
    src = tmp_path / "firms.csv"
    src.write_text("firm_id,ai_software\nA,3\nB,7\nA,2\nC,높음\nD,1\n", encoding="utf-8")
    out, err = tmp_path / "out.csv", tmp_path / "err.csv"
    r = run("screen", src, "--out", out, "--errors", err, "--top", "2")
    assert r.returncode == 0, r.stderr
    assert "received 5, accepted 2, rejected 3" in r.stderr
    errors = list(csv.DictReader(io.StringIO(err.read_bytes().decode("utf-8-sig"))))
    assert [int(e["row"]) for e in errors] == [3, 4, 5]
    results = list(csv.DictReader(io.StringIO(out.read_bytes().decode("utf-8-sig"))))
    assert {x["firm_id"] for x in results} == {"A", "D"}


def test_shortlist_ranks_firms_for_one_opportunity(tmp_path):
    out = tmp_path / "sl.csv"
    r = run("shortlist", "CN-ZJ/smart_city", DATA / "samples/firms.csv", "--out", out, "--top", "5")
    assert r.returncode == 0, r.stderr
    rows = list(csv.DictReader(io.StringIO(out.read_bytes().decode("utf-8-sig"))))
    assert [int(x["rank"]) for x in rows] == [1, 2, 3, 4, 5]
    assert all(x["region_id"] == "CN-ZJ" and x["sector_id"] == "smart_city" for x in rows)
    scores = [float(x["score"]) for x in rows]
    assert scores == sorted(scores, reverse=True)


def test_profiles_csv_lists_every_profile_with_its_breakdown():
    r = run("profiles", "--format", "csv")
    assert r.returncode == 0, r.stderr
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    assert len(rows) >= 30 and "policy.policy_plan" in rows[0] and "risk.regulatory_uncertainty" in rows[0]


@pytest.mark.parametrize("args,needle", [
    (["recommend", "nope.json"], "not found"),
    (["recommend", "data/samples/firm.json", "--weights", "fit=-1"], "non-negative"),
    (["recommend", "data/samples/firm.json", "--preset", "balanced", "--weights", "fit=1"], "either"),
    (["screen", "data/samples/firms.csv", "--out", "x.pdf"], ".csv"),
    (["shortlist", "CN-XX/ai", "data/samples/firms.csv", "--out", "x.csv"], "no opportunity CN-XX/ai"),
    (["shortlist", "smart_city", "data/samples/firms.csv", "--out", "x.csv"], "REGION_ID/SECTOR_ID"),
])  # fmt: skip
def test_unusable_input_exits_2_with_one_clear_message(args, needle):
    r = run(*args)
    assert r.returncode == 2
    assert needle in r.stderr and "Traceback" not in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1


def test_empty_firm_file_exits_2(tmp_path):
    src = tmp_path / "empty.csv"
    src.write_bytes(b"")
    r = run("screen", src, "--out", tmp_path / "o.csv")
    assert r.returncode == 2 and "empty" in r.stderr and "Traceback" not in r.stderr


def test_markdown_report_escapes_the_firm_name(tmp_path):
    src = tmp_path / "firm.json"
    src.write_text(json.dumps({"firm_id": "X1", "name": "<img src=x onerror=alert(1)> [링크](http://x)",
                               "capabilities": {"ai_software": 4}}), encoding="utf-8")  # fmt: skip
    r = run("recommend", src, "--format", "md", "--top", "1")
    assert r.returncode == 0, r.stderr
    title = r.stdout.splitlines()[0]
    assert "\\<img" in title and "\\[링크\\]" in title and "<img" not in title.replace("\\<img", "")
