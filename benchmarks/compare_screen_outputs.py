"""Byte-identity check of ``python -m recommender screen`` between two trees (issue 19: faster reading must not
change an answer).

    .venv/bin/python benchmarks/compare_screen_outputs.py --base /work/wt/base27 --firms FIRMS.csv
    .venv/bin/python benchmarks/compare_screen_outputs.py --base /work/wt/base27 --n 200k   # writes the CP949 file

For the firm file as given and for a *dirty* copy of it (every 997th data row damaged in one of eight ways a real
registry has: a non-number, a decimal comma, a duplicate id, an unknown region, a comma between regions, a bad
capability, a short row, a value out of range — so the reject report is compared too), both trees run ``screen``
with ``--reproducible`` to CSV and Parquet (lean layout). Every file written (the output, the companion
``.opportunities`` file, ``.errors.csv``) and the command's stderr (paths removed) are compared by SHA-256. One JSON
line per (input, format) with both trees' wall and CPU seconds; exit status 1 on any difference.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

DAMAGE = [
    lambda f: f.__setitem__(2, "many"),  # employees: not a number
    lambda f: f.__setitem__(3, '"1,5"'),  # revenue: a decimal comma
    lambda f: f.__setitem__(0, "KR00000000"),  # a duplicate of the first id
    lambda f: f.__setitem__(11, "CN-XX"),  # an unknown region
    lambda f: f.__setitem__(11, '"CN-BJ,CN-SH"'),  # regions separated by a comma
    lambda f: f.__setitem__(13, "7"),  # a capability out of 0–5
    lambda f: f.__delitem__(slice(20, None)),  # a short row
    lambda f: f.__setitem__(10, "-3"),  # horizon out of range
]


def dirty_copy(src: Path, dst: Path, every: int = 997) -> int:
    """``src`` (CP949 CSV, unquoted fields) with every ``every``-th data row damaged; returns the rows damaged."""
    lines = src.read_bytes().decode("cp949").split("\n")
    n = 0
    for i in range(every, len(lines), every):
        if not lines[i]:
            continue
        fields = lines[i].split(",")
        DAMAGE[n % len(DAMAGE)](fields)
        lines[i] = ",".join(fields)
        n += 1
    dst.write_bytes("\n".join(lines).encode("cp949"))
    return n


def _sha(path: Path) -> str | None:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else None


def run_tree(tree: Path, firms: Path, out: Path) -> dict:
    """``screen`` in ``tree``; the SHA-256 of every file it wrote and of its stderr."""
    cmd = [str(tree / ".venv/bin/python"), "-m", "recommender", "screen", str(firms), "--out", str(out),
           "--reproducible"]  # fmt: skip
    t = time.perf_counter()
    with tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(cmd, cwd=tree, stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - t
        err.seek(0)
        text = err.read().decode("utf-8", errors="replace")
    text = text.replace(str(out.parent), "OUT").replace(str(firms.parent), "IN")
    files = {"output": out, "companion": out.with_name(f"{out.stem}.opportunities{out.suffix}"),
             "errors": out.with_name(f"{out.stem}.errors.csv")}  # fmt: skip
    result = {"exit": os.waitstatus_to_exitcode(status), "wall_s": round(wall, 2),
              "cpu_s": round(usage.ru_utime + usage.ru_stime, 2), "peak_rss_mb": round(usage.ru_maxrss / 1024, 1),
              "stderr": hashlib.sha256(text.encode()).hexdigest(), "stderr_text": text[-400:]}  # fmt: skip
    for k, p in files.items():
        result[k] = _sha(p)
        if p.exists():
            p.unlink()
    return result


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--base", required=True, help="the other tree (with .venv), e.g. a worktree of main")
    p.add_argument("--firms", help="a CP949 firm CSV (default: written with bench_screening's synthetic firms)")
    p.add_argument("--n", default="200k", help="firms to write when --firms is not given (default 200k)")
    p.add_argument("--formats", default="csv,parquet")
    p.add_argument("--damaged-only", action="store_true", help="compare only the damaged copy")
    p.add_argument("--keep", help="folder for the inputs (default: a temporary folder, removed)")
    args = p.parse_args(argv)
    folder = Path(args.keep or tempfile.mkdtemp(prefix="cmp_screen_"))
    folder.mkdir(parents=True, exist_ok=True)
    if args.firms:
        clean = Path(args.firms)
    else:
        sys.path.insert(0, str(ROOT / "benchmarks"))
        sys.path.insert(0, str(ROOT))
        from bench_screening import SEED, _sizes, firms_frame, synthetic_firms

        from features.build import load_knowledge
        from recommender.engine import Recommender

        n = _sizes(args.n)[0]
        clean = folder / f"firms_{n}.csv"
        firms_frame(synthetic_firms(n, Recommender(load_knowledge()), SEED)).to_csv(clean, index=False,
                                                                                    encoding="cp949")  # fmt: skip
    dirty = folder / f"{clean.stem}.dirty.csv"
    damaged = dirty_copy(clean, dirty)
    ok = True
    for src in (dirty,) if args.damaged_only else (clean, dirty):
        for fmt in args.formats.split(","):
            res = {}
            for name, tree in (("base", Path(args.base).resolve()), ("this", ROOT)):
                (folder / name).mkdir(exist_ok=True)
                res[name] = run_tree(tree, src, folder / name / f"out.{fmt}")
            keys = ("exit", "stderr", "output", "companion", "errors")
            same = all(res["base"][k] == res["this"][k] for k in keys)
            ok &= same and res["this"]["exit"] == 0
            print(json.dumps({"input": src.name, "damaged_rows": damaged if src == dirty else 0, "format": fmt,
                              "identical": same, **{f"{k}_{name}": res[name][k] for name in res
                                                    for k in ("wall_s", "cpu_s", "peak_rss_mb")},
                              **({} if same else {"differ": [k for k in keys if res["base"][k] != res["this"][k]],
                                                  "base": res["base"], "this": res["this"]})},
                             ensure_ascii=False), flush=True)  # fmt: skip
    if not args.keep:
        import shutil

        shutil.rmtree(folder, ignore_errors=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
