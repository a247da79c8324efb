"""Issue 20, item 4: kill tests. ``screen`` runs as a real subprocess and is killed (SIGKILL or SIGTERM) after a
random delay (seeded) in a loop bounded in time; after every kill the output is either byte-identical to the
previous complete one or the new complete one (with its companion table from the same run), never a mixture or a
truncated file. A run after the kills removes the temporaries a SIGKILL left and leaves nothing else behind."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd

from tests.conftest import DATA, ROOT

BUDGET = 30.0  # seconds for the kill loop (the whole test stays near a minute on an idle 2-core machine)


def _firms(path: Path, n: int) -> Path:
    base = pd.read_csv(DATA / "samples/firms.csv", dtype=str, keep_default_na=False)
    rows = pd.concat([base] * (n // len(base) + 1), ignore_index=True).head(n)
    rows["firm_id"] = [f"KR-{i:06d}" for i in range(n)]
    rows.to_csv(path, index=False)
    return path


def _screen(firms: Path, out: Path, top: int) -> list[str]:
    return [sys.executable, "-m", "recommender", "screen", str(firms), "--out", str(out), "--top", str(top)]


def _run(cmd) -> float:
    t = time.monotonic()
    r = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert r.returncode == 0, r.stderr
    return time.monotonic() - t


def test_killed_runs_leave_the_previous_output_or_the_complete_new_one(tmp_path):
    firms = _firms(tmp_path / "firms.csv", 3000)
    ref, work = tmp_path / "ref", tmp_path / "work"
    ref.mkdir()
    work.mkdir()
    # the previous output (top 2) and the complete new one (top 5), both deterministic for CSV
    _run(_screen(firms, ref / "new.csv", 5))
    took = _run(_screen(firms, work / "o.csv", 2))
    old = {p.name: p.read_bytes() for p in work.iterdir()}
    new = {"o.csv": (ref / "new.csv").read_bytes(), "o.opportunities.csv": (ref / "new.opportunities.csv").read_bytes()}
    assert old["o.csv"] != new["o.csv"]
    rng = random.Random(20)
    seen = {"old": 0, "new": 0}
    end = time.monotonic() + BUDGET
    kills = 0
    while time.monotonic() < end or kills < 3:
        sig = rng.choice([signal.SIGKILL, signal.SIGTERM])
        delay = rng.uniform(0.2, 1.1) * took
        p = subprocess.Popen(_screen(firms, work / "o.csv", 5), cwd=ROOT, stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE, text=True)  # fmt: skip
        try:
            p.wait(timeout=delay)
        except subprocess.TimeoutExpired:
            p.send_signal(sig)
        _, err = p.communicate(timeout=120)
        kills += 1
        main = (work / "o.csv").read_bytes()
        comp = (work / "o.opportunities.csv").read_bytes()
        if main == new["o.csv"]:
            assert comp == new["o.opportunities.csv"], "a new main file without its new companion"
            seen["new"] += 1
            for name, data in old.items():  # put the previous output back for the next round
                (work / name).write_bytes(data)
        else:
            assert main == old["o.csv"], f"neither the previous nor the new output ({len(main)} bytes)"
            assert comp in (old["o.opportunities.csv"], new["o.opportunities.csv"])
            seen["old"] += 1
        if sig == signal.SIGTERM and p.returncode == 143:
            assert "stopped by SIGTERM" in err and "Traceback" not in err, err
        visible = sorted(n.name for n in work.iterdir() if not n.name.startswith(".~"))
        assert visible == sorted(old), visible  # only hidden temporaries of a SIGKILLed run, nothing else
    assert kills >= 3 and seen["old"] >= 1, seen
    _run(_screen(firms, work / "o.csv", 5))  # a finished run cleans up what killed runs left
    assert sorted(os.listdir(work)) == sorted(old)
    assert (work / "o.csv").read_bytes() == new["o.csv"]
