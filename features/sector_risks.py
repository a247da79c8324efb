"""Sector market-access risks (``data/sector_risks.csv``): the rules and market facts the reports state that can keep
a Korean firm out of a sector — medical-AI products classed as medical devices, foreign investment in online services
restricted, map data reserved to qualified Chinese firms, Alipay/WeChat Pay's share of payments, and so on.

They are shown with every recommendation of their sector, ahead of the generic risk lines (issue 18: an advisor
names the barrier that blocks entry). They do **not** change a score: the profiles' risk comes from the risk facts
(``data/facts``); these rows say, in the firm's terms, which barrier applies to it.

Columns: ``risk_id`` (snake_case, unique), ``sector_id`` (``data/sectors.csv``), ``region_id`` (empty = every
region; else one of ``data/regions.csv``), ``kind`` (a risk indicator of ``features.facts.INDICATORS``, which gives it
a readable label), ``applies_if`` (empty = every firm offered the sector; else ``;``-separated terms, any of which
makes it apply: ``CAPABILITY>=N`` with a capability key and N 1–5, or ``strategy=STRATEGY_ID``), ``evidence``
(``doc_id:start-end``, several separated by ``;``; every cited line must exist), ``check`` (a short exact string of the
cited lines, as for facts), ``text_ko``, ``text_en`` (the project's own words). Each row is argued in
``docs/audit/sector_risks.md``. Every problem stops the build with a :class:`features.facts.BuildError` naming the
file and the row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from features.corpus import Document
from features.evidence import EvidenceRef, cited_compact_text
from features.facts import CAPABILITY_KEYS, INDICATORS, BuildError, Region, Sector, _read_csv, _refs

SECTOR_RISK_COLUMNS = ("risk_id", "sector_id", "region_id", "kind", "applies_if", "evidence", "check", "text_ko",
                       "text_en")  # fmt: skip
_CAPABILITY_TERM = re.compile(r"^([a-z0-9_]+)\s*>=\s*([1-5])$")
_STRATEGY_TERM = re.compile(r"^strategy\s*=\s*([a-z0-9_]+)$")


@dataclass(frozen=True)
class RiskCondition:
    """One term of ``applies_if``: the firm has ``key`` at ``level`` or more (``kind`` capability), or the entry
    strategy recommended is ``key`` (``kind`` strategy)."""

    kind: str
    key: str
    level: int = 0

    def met(self, capabilities: dict, strategy_id: str) -> bool:
        if self.kind == "strategy":
            return strategy_id == self.key
        return int(capabilities.get(self.key, 0) or 0) >= self.level


@dataclass(frozen=True)
class SectorRisk:
    risk_id: str
    sector_id: str
    region_id: str  # "" = every region
    kind: str
    conditions: tuple[RiskCondition, ...]  # empty = every firm offered the sector
    evidence: tuple[EvidenceRef, ...]
    check: str
    text_ko: str
    text_en: str

    def matches(self, region_id: str, sector_id: str) -> bool:
        return self.sector_id == sector_id and self.region_id in ("", region_id)

    def met_conditions(self, capabilities: dict, strategy_id: str) -> tuple[RiskCondition, ...] | None:
        """The terms of ``applies_if`` this firm meets; ``()`` for an unconditional row; None when it does not apply."""
        if not self.conditions:
            return ()
        met = tuple(c for c in self.conditions if c.met(capabilities, strategy_id))
        return met or None


def parse_conditions(text: str, strategies: set[str], where: str) -> tuple[RiskCondition, ...]:
    """``medical_devices>=1;strategy=local_platform_partnership`` → conditions; a clear error for anything else."""
    out = []
    for term in (x.strip() for x in text.split(";")):
        if not term:
            continue
        m = _CAPABILITY_TERM.match(term)
        if m:
            if m.group(1) not in CAPABILITY_KEYS:
                raise BuildError(f"{where}: applies_if names unknown capability {m.group(1)!r} "
                                 f"(one of {', '.join(CAPABILITY_KEYS)})")  # fmt: skip
            out.append(RiskCondition("capability", m.group(1), int(m.group(2))))
            continue
        m = _STRATEGY_TERM.match(term)
        if m:
            if m.group(1) not in strategies:
                raise BuildError(f"{where}: applies_if names unknown strategy {m.group(1)!r} (see data/strategies.yaml)")
            out.append(RiskCondition("strategy", m.group(1)))
            continue
        raise BuildError(f"{where}: applies_if term {term!r} must be CAPABILITY>=N (N 1–5) or strategy=STRATEGY_ID")
    return tuple(out)


def load_sector_risks(path: Path, sectors: dict[str, Sector], regions: dict[str, Region], strategies: set[str],
                      docs: dict[str, Document]) -> list[SectorRisk]:  # fmt: skip
    """Every row validated (module doc). A data directory without the file has no sector risks (an older team copy
    of ``data/``); a file that is there must be right."""
    path = Path(path)
    if not path.is_file():
        return []
    risks: list[SectorRisk] = []
    seen: set[str] = set()
    for row_no, row in _read_csv(path, SECTOR_RISK_COLUMNS):
        where = f"{path} row {row_no} ({row['risk_id'] or 'no risk_id'})"
        if not re.fullmatch(r"[a-z0-9_]+", row["risk_id"]):
            raise BuildError(f"{where}: risk_id {row['risk_id']!r} must be snake_case (a–z, 0–9, _)")
        if row["risk_id"] in seen:
            raise BuildError(f"{where}: risk_id {row['risk_id']!r} is listed twice")
        seen.add(row["risk_id"])
        if row["sector_id"] not in sectors:
            raise BuildError(f"{where}: unknown sector_id {row['sector_id']!r} (one of {', '.join(sectors)})")
        if row["region_id"] and row["region_id"] not in regions:
            raise BuildError(f"{where}: unknown region_id {row['region_id']!r} (see data/regions.csv; empty = every "
                             "region)")  # fmt: skip
        if row["kind"] not in INDICATORS["risk"]:
            raise BuildError(f"{where}: kind {row['kind']!r} must be one of {', '.join(INDICATORS['risk'])}")
        if not row["text_ko"] or not row["text_en"]:
            raise BuildError(f"{where}: text_ko and text_en are required")
        refs = _refs(path, row_no, row["evidence"], docs, where=where)
        if not row["check"]:
            raise BuildError(f"{where}: check is empty: give a short exact string (3–30 characters) from the cited "
                             "lines")  # fmt: skip
        cited = "".join(cited_compact_text(r, docs) for r in refs)
        if re.sub(r"\s+", "", row["check"]) not in cited:
            raise BuildError(f"{where}: check string {row['check']!r} does not occur in the cited lines")
        risks.append(SectorRisk(row["risk_id"], row["sector_id"], row["region_id"], row["kind"],
                                parse_conditions(row["applies_if"], strategies, where), refs, row["check"],
                                row["text_ko"], row["text_en"]))  # fmt: skip
    return risks
