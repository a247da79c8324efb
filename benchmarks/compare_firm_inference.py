"""Capability inference before and after a change, in one run: the labelled firm set scored by two checkouts.

``python benchmarks/compare_firm_inference.py BEFORE_REPO [AFTER_REPO]`` (AFTER_REPO defaults to this checkout).

Each checkout scores the labelled set of *this* checkout (``tests/fixtures/labelled_firms.csv``) with its own
``features.firms.evaluate`` (run as a subprocess, so the two code versions never share a process), split by split
(held-out, dev, all). Printed: top-1, key F1 (scored ≥ 2) and MAE of the model and of the two baselines, then per
capability key the model's F1 (≥ 2) and MAE before → after, and every firm whose top capability changed. Per-key
figures are computed here from the inferred vectors, so a checkout whose evaluate has no per-key output still works.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parents[1]
LABELS = HERE / "tests" / "fixtures" / "labelled_firms.csv"

_PROBE = r"""
import json, sys
import numpy as np
from features.facts import CAPABILITY_KEYS
from features.firms.evaluate import read_labels, infer_rows, score, _vector
frame = read_labels(sys.argv[1])
out = {}
for split in ("heldout", "dev", "all"):
    f = frame if split == "all" else frame[frame["split"] == split].reset_index(drop=True)
    res = infer_rows(f)
    methods = {}
    for name, rows in res.items():
        s = score(f, rows)
        got = np.array([r.values for r in rows], dtype=np.int64)
        truth = np.array([_vector(c) for c in f["capabilities"]], dtype=np.int64)
        tp = ((got >= 2) & (truth >= 2)).sum(0); fp = ((got >= 2) & (truth < 2)).sum(0)
        fn = ((got < 2) & (truth >= 2)).sum(0); err = np.abs(got - truth).mean(0)
        per = {k: {"f1": (round(2 * int(tp[j]) / (2 * int(tp[j]) + int(fp[j]) + int(fn[j])), 4)
                          if tp[j] + fp[j] + fn[j] else None), "mae": round(float(err[j]), 4)}
               for j, k in enumerate(CAPABILITY_KEYS)}
        methods[name] = {"top1": s["top1"], "key_f1": s["key_f1"], "mae": s["mae"], "per_key": per,
                         "top": {fid: r.top() for fid, r in zip(f["firm_id"], rows)}}
    out[split] = methods
print(json.dumps(out, ensure_ascii=False, sort_keys=True))
"""


def _run(repo: Path) -> dict:
    py = repo / ".venv" / "bin" / "python"
    done = subprocess.run([str(py if py.exists() else sys.executable), "-c", _PROBE, str(LABELS)], cwd=repo,
                          capture_output=True, text=True, check=True, env={"PYTHONPATH": str(repo)})  # fmt: skip
    return json.loads(done.stdout)


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__)
        return 2
    before, after = _run(Path(argv[0]).resolve()), _run(Path(argv[1]).resolve() if len(argv) > 1 else HERE)
    fmt = lambda x: "-" if x is None else f"{x:.3f}"  # noqa: E731
    for split in ("heldout", "dev", "all"):
        print(f"== {split}")
        print(f"{'method':<15}{'top-1':>16}{'key F1≥2':>16}{'MAE':>16}")
        for m in ("model", "ksic_only", "keywords_only"):
            b, a = before[split][m], after[split][m]
            print(f"{m:<15}" + "".join(f"{fmt(b[x]) + ' → ' + fmt(a[x]):>16}" for x in ("top1", "key_f1", "mae")))
        print(f"{'key (model)':<24}{'F1≥2 before → after':>22}{'MAE before → after':>22}")
        for k, b in before[split]["model"]["per_key"].items():
            a = after[split]["model"]["per_key"][k]
            if b != a:
                print(f"{k:<24}{fmt(b['f1']) + ' → ' + fmt(a['f1']):>22}{fmt(b['mae']) + ' → ' + fmt(a['mae']):>22}")
        if split != "all":
            bt, at = before[split]["model"]["top"], after[split]["model"]["top"]
            for fid in sorted(bt):
                if bt[fid] != at.get(fid):
                    print(f"  top changed {fid}: {bt[fid] or '-'} → {at.get(fid) or '-'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
