"""``facts evaluate --holdout DOC_ID[:START-END]``: train the tagger without a span of a report, propose candidate
facts for it, and score them against the curated facts there — with the keyword baseline on the same span (DESIGN.md
contract 10).

Definitions (the numbers in ``docs/INGEST.md`` use exactly these):

* **gold** — curated facts (``data/facts``) with an evidence reference in the held-out document overlapping the span.
  They, and every passage of the span, are left out of training (a fact that also cites lines elsewhere is left out
  entirely).
* **candidates** — what is proposed for the body passages that start inside the span.
* **found** — a gold fact is found when a candidate's lines overlap one of its references inside the span and the
  candidate's region (``CN`` = national) and sector (``all`` included) are the fact's. **recall** = found / gold.
* **precision** — candidates that match at least one gold fact (same rule) / candidates. Curated facts are not
  exhaustive, so a "wrong" candidate may be a true statement no curator wrote down: precision is a lower bound.
* **kind accuracy** — over found facts: the best-scored matching candidate has the fact's kind (its ``dimension``:
  policy, demand, risk, context).
* **baseline** — the keyword matcher the profiles used before (:mod:`features.ingest.baseline`), scored the same way.
"""

from __future__ import annotations

from collections import defaultdict

from features.ingest.baseline import keyword_candidates


def _overlap(c: dict, ref) -> bool:
    return c["doc_id"] == ref.doc_id and c["line_start"] <= ref.line_end and c["line_end"] >= ref.line_start


def match_scores(cands: list[dict], gold, passages=None, refs_of=None) -> dict:
    """recall, precision, kind accuracy and per-sector figures of ``cands`` against the facts ``gold``."""
    refs_of = refs_of or (lambda f: f.evidence)
    by_key: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for c in cands:
        by_key[(c["region_id"], c["sector_id"])].append(c)
    found = 0
    kind_ok = 0
    correct: set[int] = set()
    per_sector: dict[str, dict[str, int]] = defaultdict(lambda: {"gold": 0, "found": 0, "candidates": 0,
                                                                  "correct": 0})  # fmt: skip
    for f in gold:
        per_sector[f.sector_id]["gold"] += 1
        hits = [c for c in by_key.get((f.region_id, f.sector_id), ()) if any(_overlap(c, r) for r in refs_of(f))]
        for c in hits:
            correct.add(id(c))
        if hits:
            found += 1
            per_sector[f.sector_id]["found"] += 1
            best = max(hits, key=lambda c: (c["score"], c["kind"] == f.dimension))
            kind_ok += best["kind"] == f.dimension
    for c in cands:
        per_sector[c["sector_id"]]["candidates"] += 1
        per_sector[c["sector_id"]]["correct"] += id(c) in correct
    n_gold, n_cand = len(gold), len(cands)
    return {
        "gold": n_gold, "candidates": n_cand, "found": found,
        "recall": round(found / n_gold, 4) if n_gold else 0.0,
        "precision": round(len(correct) / n_cand, 4) if n_cand else 0.0,
        "kind_accuracy": round(kind_ok / found, 4) if found else 0.0,
        "by_sector": {s: {**v, "recall": round(v["found"] / v["gold"], 4) if v["gold"] else None,
                          "precision": round(v["correct"] / v["candidates"], 4) if v["candidates"] else None}
                      for s, v in sorted(per_sector.items())},
    }  # fmt: skip


def f1(m: dict) -> float:
    p, r = m["precision"], m["recall"]
    return round(2 * p * r / (p + r), 4) if p + r else 0.0


def parse_holdout(text: str) -> tuple[str, int | None, int | None]:
    """``kiep_internet_plus_2018:2202-3942`` → (doc, 2202, 3942); ``kiep_seminar_2018`` → (doc, None, None)."""
    doc, _, span = text.partition(":")
    if not span:
        return doc, None, None
    a, _, b = span.partition("-")
    if not (a.isdigit() and b.isdigit()) or int(a) > int(b) or int(a) < 1:
        raise ValueError(f"--holdout {text!r}: the span must be START-END line numbers, e.g. {doc}:2202-3942")
    return doc, int(a), int(b)


def evaluate_holdout(kb, holdout: str) -> dict:
    """Train without the span, propose candidates for it, score both tagger and baseline (module docstring)."""
    from features.ingest.tagger import Tagger

    doc_id, start, end = parse_holdout(holdout)
    if doc_id not in kb.docs:
        raise ValueError(f"--holdout: unknown document {doc_id!r} (one of {', '.join(sorted(kb.docs))})")
    n_lines = len(kb.docs[doc_id].lines)
    start, end = start or 1, min(end or n_lines, n_lines)

    def in_span(ref_doc: str, a: int, b: int) -> bool:
        return ref_doc == doc_id and a <= end and b >= start

    def held(p) -> bool:
        return in_span(p.doc_id, p.line_start, p.line_end)

    gold = [f for f in kb.facts if any(in_span(r.doc_id, r.line_start, r.line_end) for r in f.evidence)]
    gold_ids = {f.fact_id for f in gold}
    train_facts = [f for f in kb.facts if f.fact_id not in gold_ids]
    tagger = Tagger(kb.regions, kb.sectors, getattr(kb, "homonyms", ())).fit(kb.passages, train_facts, exclude=held)
    test = [p for p in kb.passages if p.doc_id == doc_id and start <= p.line_start <= end]
    cands = tagger.candidates(tagger.tag(test))

    def refs_of(f):
        return [r for r in f.evidence if in_span(r.doc_id, r.line_start, r.line_end)]

    learned = match_scores(cands, gold, refs_of=refs_of)
    base = match_scores(keyword_candidates(test, kb.regions, kb.sectors), gold, refs_of=refs_of)
    out = {"holdout": f"{doc_id}:{start}-{end}", **learned, "f1": f1(learned), "threshold": tagger.threshold_,
           "kind_variant": getattr(tagger, "kind_variant_", ""), "train_oof": {**getattr(tagger, "train_scores_", {}),
                                                                 "kind_cv": getattr(tagger, "kind_cv_", {})},
           "train_facts": len(train_facts), "baseline": {**base, "f1": f1(base)}}  # fmt: skip
    return out


def evaluate_texts(kb, documents: list[tuple[str, list[str], list]]) -> dict:
    """Score the build's tagger (trained on all curated facts) and the keyword baseline on documents it never saw:
    ``documents`` = ``[(doc_id, lines, gold facts)]``, gold facts being objects with ``region_id``, ``sector_id``,
    ``dimension`` and ``evidence`` (refs into those lines). Used for the hand-labelled briefings."""
    from features.corpus import segment

    passages = []
    gold = []
    for doc_id, lines, facts in documents:
        passages.extend(segment(doc_id, tuple(lines)))
        gold.extend(facts)
    cands = kb.tagger.candidates(kb.tagger.tag(passages))
    learned = match_scores(cands, gold)
    base = match_scores(keyword_candidates(passages, kb.regions, kb.sectors), gold)
    return {**learned, "f1": f1(learned), "baseline": {**base, "f1": f1(base)}}
