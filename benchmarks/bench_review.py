"""Review, rebuild and "what changed", timed (issue 16: a review action ≤ 0.5 s in the app, the rebuild after
accepting facts ≤ 10 s, ``changes`` ≤ 3 s), each beside a baseline measured in the same run. One JSON line.

    .venv/bin/python benchmarks/bench_review.py [--actions 20] [--json]

In a fresh team data directory (the bundled data + the ingested test report of tests/review_fixtures.py):

* ``action``: ``ReviewStore.apply`` of one accept / reject / undo (validation, log append + fsync, atomic facts and
  candidates files), median and max over ``--actions``; baseline ``atomic_write_s``: one atomic replacement of a
  file of the same size (the floor of any safe write).
* ``app_action``: the review page under AppTest — one click on *accept* and the whole rerun of the app (sidebar,
  page, the store's write), median and max; baseline ``app_rerun_s``: the same rerun without an action.
* ``rebuild``: ``load_knowledge`` after four accepted facts — in this process (the text part of the previous build
  still in memory: the app's case) and in a new process (read from the kept build on disk: the CLI's case; the
  import of the program before it, ``new_process_import_s``, is timed apart); baseline ``full_build_s``: the same
  inputs built from scratch (``rebuild=True``).
* ``changes``: ``recommender.changes.changes`` from the version before the review — the first time (both summaries
  made from the kept builds) and again (cached); ``cli_changes_s``: the wall time of ``python -m recommender
  changes --from previous`` with its baseline ``cli_startup_s`` (``python -m recommender --help``: importing the
  program costs that much before any work).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from review_fixtures import DOC_ID, make_data_dir, many_candidates  # noqa: E402

from features.atomic import write_bytes_atomic  # noqa: E402
from features.build import load_knowledge  # noqa: E402
from features.ingest.review import ReviewStore  # noqa: E402
from recommender.changes import changes  # noqa: E402

LIMITS = {"app_action_s": 0.5, "rebuild_s": 10.0, "changes_s": 3.0}


def timed(fn) -> tuple[float, object]:
    start = time.perf_counter()
    out = fn()
    return time.perf_counter() - start, out


def stats(xs: list[float]) -> dict:
    return {"median": round(statistics.median(xs), 4), "max": round(max(xs), 4), "n": len(xs)}


def wall(args: list[str], env: dict) -> float:
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(args)}: {proc.stderr[-500:]}")
    return time.perf_counter() - start


def bench_actions(tmp: Path, n: int) -> dict:
    team = make_data_dir(tmp / "actions")
    ids = many_candidates(team, max(n, 3))
    store = ReviewStore(team, DOC_ID)
    times = []
    for i, cid in enumerate(ids[:n]):
        action = {"action": "reject" if i % 3 == 2 else "accept", "candidate_id": cid}
        times.append(timed(lambda a=action: store.apply([a], by="bench"))[0])
    last = store.view().last_undoable()
    times.append(timed(lambda: store.undo(last.id, by="bench"))[0])
    size = store.facts_file.stat().st_size
    blob = os.urandom(size)
    floor = [timed(lambda: write_bytes_atomic(tmp / "floor.bin", blob))[0] for _ in range(n)]
    return {"action_s": stats(times), "atomic_write_s": stats(floor), "facts_file_bytes": size}


def bench_app(tmp: Path, n: int) -> dict:
    from streamlit.testing.v1 import AppTest

    team = make_data_dir(tmp / "app")
    many_candidates(team, n + 2)
    load_knowledge(team)
    os.environ["KOCN_DATA_DIR"] = str(team)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300).run().switch_page("views/review.py").run()
    reruns, clicks = [], []
    for _ in range(n):
        reruns.append(timed(lambda: at.run())[0])
        clicks.append(timed(lambda: at.button(key="rev_accept").click().run())[0])
    if at.exception:
        raise SystemExit(f"the review page failed: {[e.value for e in at.exception]}")
    accepted = ReviewStore(team, DOC_ID).view().counts()["accepted"]
    if accepted != n:
        raise SystemExit(f"AppTest accepted {accepted} candidates, expected {n}")
    return {"app_action_s": stats(clicks), "app_rerun_s": stats(reruns)}


def bench_rebuild_and_changes(tmp: Path) -> dict:
    team = make_data_dir(tmp / "rebuild")
    env = {**os.environ, "KOCN_DATA_DIR": str(team)}
    first_s, kb0 = timed(lambda: load_knowledge(team))  # the ingested report's first build (text part computed)
    store = ReviewStore(team, DOC_ID)
    store.apply([{"action": "accept", "candidate_id": f"{DOC_ID}-c000{i}"} for i in (1, 2, 3, 4)], by="bench")
    in_process_s, kb1 = timed(lambda: load_knowledge(team))
    store.accept(f"{DOC_ID}-c0005", by="bench")  # another fact: a new version, built by a new process
    code = ("import sys; sys.path.insert(0, '.'); import time; t = time.perf_counter(); "
            "from features.build import load_knowledge; i = time.perf_counter() - t; t = time.perf_counter(); "
            "load_knowledge(); print(i, time.perf_counter() - t)")  # fmt: skip
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit(proc.stderr[-500:])
    import_s, new_process_s = (float(x) for x in proc.stdout.strip().splitlines()[-1].split())
    full_s, kb2 = timed(lambda: load_knowledge(team, rebuild=True))
    same = [(p.policy, p.demand, p.risk, p.confidence) for p in kb2.profiles] == \
        [(p.policy, p.demand, p.risk, p.confidence) for p in load_knowledge(team).profiles]  # fmt: skip
    first_changes_s, c = timed(lambda: changes(team, kb0.data_version, kb=kb2))
    cached_changes_s, _ = timed(lambda: changes(team, kb0.data_version, kb=kb2))
    cli_changes = wall(["-m", "recommender", "changes", "--from", kb0.data_version, "--format", "json"], env)
    cli_startup = wall(["-m", "recommender", "--help"], env)
    return {
        "first_build_with_new_report_s": round(first_s, 3),
        "rebuild_in_process_s": round(in_process_s, 3), "rebuild_new_process_s": round(new_process_s, 3),
        "new_process_import_s": round(import_s, 3),
        "full_build_s": round(full_s, 3), "rebuild_equals_full_build": same,
        "changes_first_s": round(first_changes_s, 3), "changes_cached_s": round(cached_changes_s, 3),
        "cli_changes_s": round(cli_changes, 3), "cli_startup_s": round(cli_startup, 3),
        "changed_profiles": len(c["profiles"]), "data_versions": [kb0.data_version, kb1.data_version, kb2.data_version],
    }  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--actions", type=int, default=20, help="store actions to time (default 20)")
    ap.add_argument("--app-actions", type=int, default=8, help="AppTest clicks to time (default 8)")
    ap.add_argument("--json", action="store_true", help="one JSON line (default: the same, indented)")
    args = ap.parse_args(argv)
    load = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="bench-review-") as tmp:
        tmp = Path(tmp)
        out = {"kind": "review", "cpus": os.cpu_count(), "python": platform.python_version(),
               "load_avg_1m_start": round(load, 2)}  # fmt: skip
        out.update(bench_actions(tmp, args.actions))
        out.update(bench_app(tmp, args.app_actions))
        out.update(bench_rebuild_and_changes(tmp))
    out["load_avg_1m_end"] = round(os.getloadavg()[0], 2)
    out["limits"] = LIMITS
    out["within_limits"] = {
        "app_action": out["app_action_s"]["max"] <= LIMITS["app_action_s"],
        "rebuild": max(out["rebuild_in_process_s"], out["rebuild_new_process_s"]) <= LIMITS["rebuild_s"],
        "changes": max(out["changes_first_s"], out["changes_cached_s"]) <= LIMITS["changes_s"],
    }  # fmt: skip
    print(json.dumps(out, ensure_ascii=False) if args.json else json.dumps(out, ensure_ascii=False, indent=2))
    return 0 if out["rebuild_equals_full_build"] else 1


if __name__ == "__main__":
    sys.exit(main())
