"""Benchmark: a registry with only KSIC code and products text (capabilities inferred) against the same firms with
their capability scores given — the whole command an agency runs, side by side in one run.

    .venv/bin/python benchmarks/bench_inference.py                 # N = 1,000,000
    .venv/bin/python benchmarks/bench_inference.py --firms 100000  # a smaller N while iterating

For N synthetic firms (``bench_screening.synthetic_firms``: sizes, China experience, regions) two CP949 CSVs are
written, as Korean Excel saves them:

* **given** — the contract's columns with the 17 capability scores (``bench_screening.firms_frame``);
* **registry** — what an agency holds: 사업자번호, 기업명, 업종코드, 주생산품, 종업원수, 매출액(억원) and the other
  non-capability fields — no scores. Code and products are drawn from the labelled firm descriptions
  (``tests/fixtures/labelled_firms.csv``, typed as clerks type them), and three firms in ten get two product lines
  joined, so codes and texts repeat as in a real registry but not trivially (``unique_pairs`` is reported).

Each file then goes through ``python -m recommender screen FILE --out OUT.csv`` as a child process (read → validate
→ infer → screen → write). One JSON line per run (``{"kind": "given"|"registry", "wall_s", "cpu_s",
"peak_rss_mb", …}``) and a last line ``{"kind": "ratio", "registry_over_given": …, "target": 2.0}`` (wall time;
``cpu_registry_over_given`` beside it, steadier on a shared machine).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.bench_screening import SEED, _run_child, firms_frame, synthetic_firms  # noqa: E402
from features.facts import CAPABILITY_KEYS  # noqa: E402

LABELS = ROOT / "tests" / "fixtures" / "labelled_firms.csv"


def registry_frame(given: pd.DataFrame, seed: int = SEED) -> pd.DataFrame:
    """The same firms without capability scores, with a KSIC code and a products line each (Korean headers)."""
    rng = np.random.default_rng(seed + 17)
    pool = pd.read_csv(LABELS, dtype=str, keep_default_na=False)[["industry_code", "products"]]
    n = len(given)
    pick = rng.integers(0, len(pool), n)
    codes = pool["industry_code"].to_numpy(dtype=object)[pick]
    products = pool["products"].to_numpy(dtype=object)[pick]
    two = rng.random(n) < 0.3
    other = pool["products"].to_numpy(dtype=object)[rng.integers(0, len(pool), n)]
    products = np.where(two & (products != "") & (other != ""), products + ", " + other, products)
    frame = given.drop(columns=list(CAPABILITY_KEYS)).rename(columns={
        "firm_id": "사업자번호", "name": "기업명", "employees": "종업원수", "revenue_krw_100m": "매출액(억원)"})
    frame.insert(2, "업종코드", codes)
    frame.insert(3, "주생산품", products)
    return frame


def run(n: int, seed: int, folder: Path) -> list[dict]:
    from features.build import load_knowledge
    from recommender.engine import Recommender

    rec = Recommender(load_knowledge())
    given = firms_frame(synthetic_firms(n, rec, seed))
    del rec
    registry = registry_frame(given, seed)
    unique_pairs = int(registry[["업종코드", "주생산품"]].drop_duplicates().shape[0])
    unique_texts = int(registry["주생산품"].nunique())
    out = []
    for kind, frame in (("given", given), ("registry", registry)):
        src = folder / f"{kind}_{n}.csv"
        frame.to_csv(src, index=False, encoding="cp949", errors="replace")
        dst = folder / f"{kind}_{n}_screen.csv"
        code, wall, rss, err, cpu = _run_child([sys.executable, "-m", "recommender", "screen", str(src), "--out",
                                                str(dst)])  # fmt: skip
        m = re.search(r"wrote (\d+) rows", err)
        line = {"kind": kind, "firms": n, "exit": code, "wall_s": round(wall, 2), "cpu_s": round(cpu, 2),
                "peak_rss_mb": round(rss, 1), "rows": int(m.group(1)) if m else None,
                "input_mb": round(src.stat().st_size / 1e6, 1), "load_avg_1m": round(os.getloadavg()[0], 2)}  # fmt: skip
        if kind == "registry":
            line.update(unique_pairs=unique_pairs, unique_texts=unique_texts)
            s = re.search(r"given 입력 (\d+), inferred 추정 (\d+).*mixed 혼합 (\d+), none 정보 없음 (\d+)", err)
            if s:
                line["sources"] = dict(zip(("given", "inferred", "mixed", "none"), map(int, s.groups())))
        if code != 0:
            line["stderr_tail"] = err[-500:]
        out.append(line)
        for p in (src, dst, dst.with_name(f"{dst.stem}.opportunities.csv"), dst.with_name(f"{dst.stem}.errors.csv")):
            if p.exists():
                p.unlink()
    ratio = out[1]["wall_s"] / out[0]["wall_s"] if out[0]["wall_s"] else None
    cpu_ratio = out[1]["cpu_s"] / out[0]["cpu_s"] if out[0]["cpu_s"] else None
    out.append({"kind": "ratio", "firms": n, "registry_over_given": round(ratio, 3) if ratio else None,
                "cpu_registry_over_given": round(cpu_ratio, 3) if cpu_ratio else None,
                "target": 2.0, "ok": bool(ratio is not None and ratio <= 2.0)})  # fmt: skip
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--firms", type=int, default=1_000_000)
    ap.add_argument("--seed", type=int, default=SEED)
    args = ap.parse_args(argv)
    t = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="bench_inference_") as tmp:
        lines = run(args.firms, args.seed, Path(tmp))
    for line in lines:
        print(json.dumps(line, ensure_ascii=False, sort_keys=True), flush=True)
    print(json.dumps({"kind": "total", "seconds": round(time.perf_counter() - t, 1)}), file=sys.stderr)
    return 0 if lines[-1]["ok"] and all(x.get("exit", 0) == 0 for x in lines[:-1]) else 1


if __name__ == "__main__":
    raise SystemExit(main())
