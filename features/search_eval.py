"""Evaluate passage search against judged queries (``tests/search_judgements.yaml``): MRR@10 and nDCG@5.

Judgements are line spans, not passage ids, so they survive a change in how the corpus cuts passages. A result
is relevant when its line span overlaps a judged span of the same document (``a.start <= b.end and b.start <=
a.end``).

* **Reciprocal rank** of a query: ``1 / r`` for the rank ``r`` (1-based) of the first relevant result within the top
  10, else 0; **MRR** is its mean over the queries (Voorhees, TREC-8 QA track, 1999).
* **nDCG@k** (Järvelin & Kekäläinen, 2002): ``DCG@k = Σ_{i=1..k} gain_i / log2(i + 1)`` with ``gain_i`` the grade
  (2 = what the reader came for, 1 = useful) of the judged spans result ``i`` overlaps. Each judged span is credited
  once, to the first result that overlaps it, so a duplicate or a second slice of the same paragraph earns nothing.
  The ideal DCG puts the judged grades in decreasing order; ``nDCG = DCG / IDCG``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import yaml

Hit = tuple[str, int, int]  # doc_id, line_start, line_end


@dataclass(frozen=True)
class Span:
    doc_id: str
    line_start: int
    line_end: int
    grade: int

    def overlaps(self, doc_id: str, line_start: int, line_end: int) -> bool:
        return doc_id == self.doc_id and line_start <= self.line_end and self.line_start <= line_end


@dataclass(frozen=True)
class Judgement:
    query: str
    lang: str
    spans: tuple[Span, ...]


def parse_span(text: str) -> tuple[str, int, int]:
    """``"doc_id:12-30"`` → ``("doc_id", 12, 30)``; a ValueError names the bad span."""
    try:
        doc_id, lines = str(text).rsplit(":", 1)
        a, b = (int(x) for x in lines.split("-", 1))
    except ValueError:
        raise ValueError(f"span {text!r} is not doc_id:start-end") from None
    if a < 1 or b < a:
        raise ValueError(f"span {text!r}: need 1 <= start <= end")
    return doc_id, a, b


def load_judgements(path: Path | str) -> list[Judgement]:
    """Read the judged query set (format in the file's header)."""
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    out = []
    for i, entry in enumerate(data["queries"], start=1):
        spans = []
        for span, grade in (entry.get("relevant") or {}).items():
            if grade not in (1, 2):
                raise ValueError(f"query #{i} ({entry.get('query')!r}): grade of {span} must be 1 or 2")
            spans.append(Span(*parse_span(span), grade=int(grade)))
        if not entry.get("query") or not spans:
            raise ValueError(f"query #{i}: needs a query and at least one relevant span")
        out.append(Judgement(str(entry["query"]), str(entry.get("lang", "ko")), tuple(spans)))
    return out


def reciprocal_rank(hits: Iterable[Hit], spans: Iterable[Span], cutoff: int = 10) -> float:
    """``1 / rank`` of the first hit that overlaps any judged span (within ``cutoff``), else 0."""
    spans = list(spans)
    for rank, (doc_id, a, b) in enumerate(list(hits)[:cutoff], start=1):
        if any(s.overlaps(doc_id, a, b) for s in spans):
            return 1.0 / rank
    return 0.0


def ndcg(hits: Iterable[Hit], spans: Iterable[Span], k: int = 5) -> float:
    """nDCG@k with each judged span credited once (see the module docstring)."""
    spans = list(spans)
    credited: set[int] = set()
    dcg = 0.0
    for i, (doc_id, a, b) in enumerate(list(hits)[:k], start=1):
        new = [j for j, s in enumerate(spans) if j not in credited and s.overlaps(doc_id, a, b)]
        if new:
            credited.update(new)
            dcg += max(spans[j].grade for j in new) / math.log2(i + 1)
    ideal = sorted((s.grade for s in spans), reverse=True)[:k]
    idcg = sum(g / math.log2(i + 1) for i, g in enumerate(ideal, start=1))
    return dcg / idcg if idcg else 0.0


def evaluate(search: Callable[[str, int], list[Hit]], judgements: list[Judgement], k: int = 5) -> dict:
    """Run every judged query through ``search(query, top)``; mean MRR@10, mean nDCG@k and per-query rows."""
    rows = []
    for j in judgements:
        hits = search(j.query, 10)
        rows.append({"query": j.query, "lang": j.lang, "rr": reciprocal_rank(hits, j.spans),
                     "ndcg": ndcg(hits, j.spans, k), "hits": [f"{d}:{a}-{b}" for d, a, b in hits[:k]]})  # fmt: skip
    n = len(rows) or 1
    return {"mrr": sum(r["rr"] for r in rows) / n, f"ndcg@{k}": sum(r["ndcg"] for r in rows) / n,
            "queries": len(rows), "rows": rows}  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    """``python -m features.search_eval [JUDGEMENTS.yaml] [--verbose]``: print MRR, nDCG@5 and timings."""
    import argparse
    import time

    from features.build import PROJECT_ROOT, load_knowledge

    ap = argparse.ArgumentParser(description=main.__doc__)
    ap.add_argument("judgements", nargs="?", default=PROJECT_ROOT / "tests" / "search_judgements.yaml")
    ap.add_argument("--verbose", action="store_true", help="one line per query")
    args = ap.parse_args(argv)
    kb = load_knowledge()
    judgements = load_judgements(args.judgements)

    def search(query: str, top: int) -> list[Hit]:
        return [(p.doc_id, p.line_start, p.line_end) for p, _ in kb.index.search(query, top=top)]

    search(judgements[0].query, 10)  # warm-up (lazy tokenizer load)
    t0 = time.perf_counter()
    res = evaluate(search, judgements)
    per_query_ms = (time.perf_counter() - t0) * 1000 / max(res["queries"], 1)
    if args.verbose:
        for r in res["rows"]:
            print(f"rr={r['rr']:.2f} ndcg={r['ndcg']:.2f}  {r['query']}  → {', '.join(r['hits'][:3])}")
    print(f"queries={res['queries']} MRR@10={res['mrr']:.3f} nDCG@5={res['ndcg@5']:.3f} "
          f"latency={per_query_ms:.1f} ms/query")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
