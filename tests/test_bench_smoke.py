"""The screening benchmark runs at a small N and prints machine-readable JSON (no timing assertion)."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.conftest import ROOT

KEYS = {"firms", "profiles", "seconds", "pairs_per_s", "peak_rss_mb", "speedup_vs_naive", "speedup_vs_pymcdm",
        "agree_naive", "agree_pymcdm", "kept_pairs", "topsis_seconds", "naive_extrapolated_s",
        "pymcdm_extrapolated_s"}  # fmt: skip


def test_benchmark_smoke():
    proc = subprocess.run([sys.executable, "benchmarks/bench_screening.py", "--firms", "300,1k", "--json",
                           "--naive-sample", "40", "--pymcdm-sample", "40", "--io"],
                          cwd=ROOT, capture_output=True, text=True, timeout=600)  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    lines = [json.loads(line) for line in proc.stdout.splitlines() if line.strip()]
    assert [r["firms"] for r in lines] == [300, 1000]
    for r in lines:
        assert KEYS <= set(r), KEYS - set(r)
        # firms that pass no gate (coverage none) keep no pair but still get one output row
        assert r["profiles"] > 100 and 0 < r["kept_pairs"] <= 5 * r["firms"]
        assert r["agree_naive"] is True and r["naive_max_abs_diff"] == 0.0
        assert r["agree_pymcdm"] is True and r["pymcdm_max_abs_diff"] <= 1e-9
        assert r["seconds"] > 0 and r["peak_rss_mb"] > 0
        assert r["kept_pairs"] <= r["output_rows"] <= r["kept_pairs"] + r["firms"]


def test_benchmark_human_readable_output():
    proc = subprocess.run([sys.executable, "benchmarks/bench_screening.py", "--firms", "200", "--naive-sample", "10",
                           "--pymcdm-sample", "10", "--inline"],
                          cwd=ROOT, capture_output=True, text=True, timeout=600)  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert "200 firms" in proc.stdout and "naive" in proc.stdout
