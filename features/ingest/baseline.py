"""The keyword baseline: what the profiles' text signal did before the tagger (issue 15), as a candidate proposer.

For every body passage: the regions named exactly (:class:`features.mentions.RegionMatcher`, the gazetteer rules
without morphology, institutions or pairing), or national when none; the sectors whose keyword list
(``data/sectors.csv``) occurs in the text (:func:`features.mentions.mentions_keyword`, substrings); one candidate per
region × sector; the kind from cue words (risk words → risk, plan words → policy, market words → demand, else
context). It is measured beside the tagger in every evaluation; the tagger must beat it.
"""

from __future__ import annotations

from features.ingest.textfeatures import CUES
from features.mentions import RegionMatcher, mentions_keyword


def keyword_kind(text: str) -> str:
    if CUES["risk"].search(text):
        return "risk"
    if CUES["plan"].search(text):
        return "policy"
    if CUES["demand"].search(text):
        return "demand"
    return "context"


def keyword_candidates(passages, regions, sectors) -> list[dict]:
    matcher = RegionMatcher(regions.values())
    out = []
    for p in passages:
        if p.footnote:
            continue
        secs = [s.sector_id for s in sectors.values() if mentions_keyword(p.text, s.keywords)]
        regs = matcher.regions_in(p.text) or ["CN"]
        kind = keyword_kind(p.text)
        for r in regs:
            for s in secs:
                out.append({"region_id": r, "sector_id": s, "kind": kind, "score": 1.0, "doc_id": p.doc_id,
                            "line_start": p.line_start, "line_end": p.line_end})  # fmt: skip
    return out
