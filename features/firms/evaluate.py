"""How well capabilities are inferred, measured on labelled firm descriptions an expert scored.

``python -m features.firms.evaluate [--labels CSV] [--split heldout|dev|all] [--format table|json]``

The labelled set (``tests/fixtures/labelled_firms.csv``: ``firm_id, industry_code, products, capabilities,
top_capability, …``) is split once, deterministically, by a hash of ``firm_id`` (:func:`split_of`): 30 % held out,
70 % for development. The lexicon and the combination rule were tuned on the development part only; the figures to
quote are the held-out ones, beside two baselines computed in the same run:

* ``ksic_only`` — the KSIC prior alone (no products text);
* ``keywords_only`` — the products lexicon alone (no KSIC code).

Measures (per method):

* ``top1`` — share of firms whose strongest inferred capability (:meth:`Inference.top`) is the expert's
  ``top_capability``; for a firm the expert gave no capability, right when no inferred value is above 1;
* ``invented_empty`` — firms with an empty products text that got a capability ≥ 3 the expert scored below 3
  (the rule: nothing ≥ 3 is invented for an empty description unless the code defines it);
* ``mae`` — mean absolute difference over all 17 keys;
* ``key_f1`` — F1 of the keys scored ≥ 2 (inferred vs expert);
* ``per_key`` — for each capability key: ``tp, fp, fn`` of "scored ≥ 2", its ``f1`` (``2tp / (2tp + fp + fn)``, None
  when the key is never ≥ 2 on either side) and ``mae`` (mean absolute difference of that key over the firms);
  ``--per-key`` prints it.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

import numpy as np
import pandas as pd

from features.facts import CAPABILITY_KEYS
from features.firms.infer import Inference, Inferrer, Lexicon
from features.firms.ksic import Ksic, load_ksic, normalise_code

LABELS = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "labelled_firms.csv"
HELDOUT_SHARE = 3  # of 10 hash buckets


def split_of(firm_id: str) -> str:
    """``heldout`` for 3 of 10 buckets of sha256(firm_id), else ``dev`` — stable as rows are added."""
    bucket = int(hashlib.sha256(str(firm_id).encode("utf-8")).hexdigest()[:8], 16) % 10
    return "heldout" if bucket < HELDOUT_SHARE else "dev"


def read_labels(path: Path | str = LABELS) -> pd.DataFrame:
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame["split"] = frame["firm_id"].map(split_of)
    return frame


def _vector(text: str) -> np.ndarray:
    v = np.zeros(len(CAPABILITY_KEYS), dtype=np.int64)
    for part in (text or "").split(";"):
        if part.strip():
            k, _, s = part.partition(":")
            v[CAPABILITY_KEYS.index(k.strip())] = int(s)
    return v


def _methods(ksic: Ksic) -> dict[str, Inferrer]:
    empty_lexicon = Lexicon(entries=())
    return {"model": Inferrer(ksic), "ksic_only": Inferrer(ksic, empty_lexicon), "keywords_only": Inferrer(ksic)}


def infer_rows(frame: pd.DataFrame, ksic: Ksic | None = None) -> dict[str, list[Inference]]:
    ksic = ksic or load_ksic()
    codes = []
    for raw in frame["industry_code"].tolist():
        code, problem = normalise_code(raw, ksic)
        codes.append("" if problem == "malformed" else code)
    out = {}
    for name, inf in _methods(ksic).items():
        use_codes = [""] * len(codes) if name == "keywords_only" else codes
        texts = [""] * len(codes) if name == "ksic_only" else frame["products"].tolist()
        out[name] = inf.infer_pairs(list(zip(use_codes, texts)))
    return out


def score(frame: pd.DataFrame, results: list[Inference]) -> dict:
    right, invented, empty_rows, abs_err, tp, fp, fn = 0, 0, 0, 0.0, 0, 0, 0
    misses = []
    k = len(CAPABILITY_KEYS)
    ktp, kfp, kfn, kerr = (np.zeros(k, dtype=np.int64) for _ in range(4))
    for row, res in zip(frame.itertuples(index=False), results):
        truth = _vector(row.capabilities)
        got = np.array(res.values, dtype=np.int64)
        expected = row.top_capability.strip()
        ok = res.top() == expected if expected else int(got.max()) <= 1
        right += ok
        if not ok:
            misses.append({"firm_id": row.firm_id, "industry_code": row.industry_code, "products": row.products,
                           "expected": expected, "got": res.top(), "reason": res.reason})  # fmt: skip
        if not row.products.strip():
            empty_rows += 1
            invented += bool(((got >= 3) & (truth < 3)).any())
        abs_err += float(np.abs(got - truth).mean())
        tp += int(((got >= 2) & (truth >= 2)).sum())
        fp += int(((got >= 2) & (truth < 2)).sum())
        fn += int(((got < 2) & (truth >= 2)).sum())
        ktp += (got >= 2) & (truth >= 2)
        kfp += (got >= 2) & (truth < 2)
        kfn += (got < 2) & (truth >= 2)
        kerr += np.abs(got - truth)
    n = len(frame)
    per_key = {}
    for j, key in enumerate(CAPABILITY_KEYS):
        a, b, c = int(ktp[j]), int(kfp[j]), int(kfn[j])
        per_key[key] = {"tp": a, "fp": b, "fn": c, "f1": round(2 * a / (2 * a + b + c), 4) if a + b + c else None,
                        "mae": round(int(kerr[j]) / n, 4) if n else None}  # fmt: skip
    f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
    return {"n": n, "top1": round(right / n, 4) if n else None, "invented_empty": invented, "empty_rows": empty_rows,
            "mae": round(abs_err / n, 4) if n else None, "key_f1": round(f1, 4), "per_key": per_key, "misses": misses}  # fmt: skip


def evaluate(path: Path | str = LABELS, split: str = "heldout") -> dict:
    frame = read_labels(path)
    if split != "all":
        frame = frame[frame["split"] == split].reset_index(drop=True)
    results = infer_rows(frame)
    return {"labels": Path(path).name, "split": split, "rows": len(frame),
            "methods": {name: score(frame, res) for name, res in results.items()}}  # fmt: skip


def table(report: dict) -> str:
    lines = [f"labelled set {report['labels']} · split {report['split']} · {report['rows']} firms",
             f"{'method':<15}{'top-1':>8}{'key F1≥2':>10}{'MAE':>8}{'invented≥3 on empty':>22}"]  # fmt: skip
    for name, m in report["methods"].items():
        lines.append(f"{name:<15}{m['top1']:>8.3f}{m['key_f1']:>10.3f}{m['mae']:>8.3f}"
                     f"{m['invented_empty']:>15} / {m['empty_rows']}")  # fmt: skip
    return "\n".join(lines)


def per_key_table(report: dict) -> str:
    """One line per capability key: the model's tp/fp/fn of "scored ≥ 2", F1 and MAE, and each baseline's F1."""
    methods = report["methods"]
    others = [m for m in methods if m != "model"]
    head = f"{'key':<24}{'tp':>5}{'fp':>5}{'fn':>5}{'F1':>8}{'MAE':>8}" + "".join(f"{'F1 ' + m:>18}" for m in others)
    lines = [head]
    fmt = lambda x: f"{x:.3f}" if x is not None else "-"  # noqa: E731
    for key in CAPABILITY_KEYS:
        m = methods["model"]["per_key"][key]
        lines.append(f"{key:<24}{m['tp']:>5}{m['fp']:>5}{m['fn']:>5}{fmt(m['f1']):>8}{fmt(m['mae']):>8}"
                     + "".join(f"{fmt(methods[o]['per_key'][key]['f1']):>18}" for o in others))  # fmt: skip
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m features.firms.evaluate", description=__doc__.split("\n")[0])
    ap.add_argument("--labels", default=str(LABELS))
    ap.add_argument("--split", choices=("heldout", "dev", "all"), default="heldout")
    ap.add_argument("--format", choices=("table", "json"), default="table")
    ap.add_argument("--misses", action="store_true", help="list the model's misses")
    ap.add_argument("--per-key", action="store_true", help="per capability key: tp/fp/fn, F1 and MAE")
    args = ap.parse_args(argv)
    report = evaluate(args.labels, args.split)
    if args.format == "json":
        if not args.misses:
            for m in report["methods"].values():
                m.pop("misses")
        sys.stdout.write(json.dumps(report, ensure_ascii=False, sort_keys=True) + "\n")
        return 0
    print(table(report))
    if args.per_key:
        print(per_key_table(report))
    if args.misses:
        for m in report["methods"]["model"]["misses"]:
            print(f"  {m['firm_id']} {m['industry_code']:>6} {m['products'][:40]!r}: expected {m['expected'] or '-'}, "
                  f"got {m['got'] or '-'} — {m['reason'][:120]}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
