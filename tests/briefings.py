"""The hand-labelled briefings in ``tests/fixtures/briefings`` (synthetic market notes, never used for training; see
the README there): their text, gold facts and traps, in the shapes the evaluation and the tests use."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from features.evidence import EvidenceRef

FOLDER = Path(__file__).parent / "fixtures" / "briefings"


@dataclass(frozen=True)
class GoldFact:
    region_id: str
    sector_id: str
    dimension: str
    indicator: str
    evidence: tuple[EvidenceRef, ...]
    note: str


def briefings(regions: set[str]) -> tuple[list[tuple[str, list[str], list[GoldFact]]], list[dict]]:
    """``([(doc_id, lines, gold facts)], left_out)``: gold rows about a region the gazetteer does not score
    (``CN-SX``, ``CN-YN``, ``CN-XJ``) or deliberately ambiguous (``CN-SN|CN-SX``) are left out and returned apart."""
    docs, left_out = [], []
    for txt in sorted(FOLDER.glob("briefing_*.txt")):
        doc_id = txt.stem.split("_")[0] + "_" + txt.stem.split("_")[1]
        lines = txt.read_text(encoding="utf-8").splitlines()
        gold = []
        with open(txt.with_suffix(".facts.csv"), encoding="utf-8", newline="") as fh:
            for r in csv.DictReader(fh):
                if r["region_id"] != "CN" and r["region_id"] not in regions:
                    left_out.append({**r, "doc_id": doc_id})
                    continue
                ref = EvidenceRef(doc_id, int(r["line_start"]), int(r["line_end"]))
                gold.append(GoldFact(r["region_id"], r["sector_id"], r["kind"], r["indicator"], (ref,), r["note"]))
        docs.append((doc_id, lines, gold))
    return docs, left_out


def traps() -> list[dict]:
    with open(FOLDER / "traps.csv", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))
