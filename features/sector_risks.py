"""Sector market-access risks (``data/sector_risks.csv``): the rules and market facts the reports state that can keep
a Korean firm out of a sector — medical-AI products classed as medical devices, foreign investment in online services
restricted, map data reserved to qualified Chinese firms, Alipay/WeChat Pay's share of payments, and so on.

They are shown with every recommendation of their sector, ahead of the generic risk lines (issue 18: an advisor
names the barrier that blocks entry). They do **not** change a score: the profiles' risk comes from the risk facts
(``data/facts``); these rows say, in the firm's terms, which barrier applies to it.

Columns: ``risk_id`` (snake_case, unique), ``sector_id`` (``data/sectors.csv``), ``region_id`` (empty = every
region; else one of ``data/regions.csv``), ``kind`` (a risk indicator of ``features.facts.INDICATORS``, which gives it
a readable label), ``applies_if`` (empty = every firm offered the sector; else ``;``-separated terms, any of which
makes it apply; a term is one literal or several joined by ``&``, all of which must hold; a literal is
``CAPABILITY>=N`` with a capability key and N 1–5, or ``strategy=STRATEGY_ID``, either negated by a leading ``!``),
``evidence`` (``doc_id:start-end``, several separated by ``;``; every cited line must exist), ``check`` (a short exact
string of the cited lines, as for facts), ``text_ko``, ``text_en`` (the project's own words), and the optional
``source``: empty (or ``report``) for a barrier the cited lines state, ``tool`` for the tool's own note — a check the
reports do not treat (issue 18 panels 31 S4, 32 K04 and P07: a device maker's own registration, genetic-data rules,
chip export controls after 2018). A tool note says in its text what the reports do and do not cover; its evidence,
when it has any, is the lines about what they do cover (``check`` then required as for any row), and it may have none.
Each row is argued in ``docs/audit/sector_risks.md``. Every problem stops the build with a
:class:`features.facts.BuildError` naming the file and the row.

Example ``applies_if``: ``cloud_big_data>=3&!strategy=component_supply`` — a firm with cloud/big-data 3 or more,
unless the entry mode recommended is component supply (the online-services row: a hardware supplier does not
operate an online service in China).
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
SOURCES = ("report", "tool")


@dataclass(frozen=True)
class RiskCondition:
    """One literal of ``applies_if``: the firm has ``key`` at ``level`` or more (``kind`` capability), or the entry
    strategy recommended is ``key`` (``kind`` strategy); ``negate`` turns it into "unless". ``term`` numbers the
    ``;``-separated term it belongs to (its literals were joined by ``&``)."""

    kind: str
    key: str
    level: int = 0
    negate: bool = False
    term: int = 0

    def met(self, capabilities: dict, strategy_id: str) -> bool:
        if self.kind == "strategy":
            held = strategy_id == self.key
        else:
            held = int(capabilities.get(self.key, 0) or 0) >= self.level
        return held != self.negate


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
    source: str = "report"  # "tool": the tool's own note, not a barrier the reports state (module doc)

    def matches(self, region_id: str, sector_id: str) -> bool:
        return self.sector_id == sector_id and self.region_id in ("", region_id)

    def met_conditions(self, capabilities: dict, strategy_id: str) -> tuple[RiskCondition, ...] | None:
        """The positive literals of the ``applies_if`` terms this firm meets (what it is told the row applies
        because of); ``()`` for an unconditional row; None when it does not apply (no term holds in full)."""
        if not self.conditions:
            return ()
        terms: dict[int, list[RiskCondition]] = {}
        for c in self.conditions:
            terms.setdefault(c.term, []).append(c)
        held = [lits for lits in terms.values() if all(c.met(capabilities, strategy_id) for c in lits)]
        if not held:
            return None
        met: list[RiskCondition] = []
        for c in (c for lits in held for c in lits if not c.negate):
            if c not in met:
                met.append(c)
        return tuple(met)


def parse_conditions(text: str, strategies: set[str], where: str) -> tuple[RiskCondition, ...]:
    """``medical_devices>=1;cloud_big_data>=3&!strategy=component_supply`` → conditions (module doc); a clear error
    for anything else, and for a term made of "unless" literals only (it would hold for nearly every firm)."""
    out = []
    terms = [x.strip() for x in text.split(";") if x.strip()]
    for n, term in enumerate(terms):
        lits = [x.strip() for x in term.split("&")]
        if all(x.startswith("!") for x in lits):
            raise BuildError(f"{where}: applies_if term {term!r} needs at least one literal without '!'")
        for lit in lits:
            negate = lit.startswith("!")
            body = lit[1:].strip() if negate else lit
            m = _CAPABILITY_TERM.match(body)
            if m:
                if m.group(1) not in CAPABILITY_KEYS:
                    raise BuildError(f"{where}: applies_if names unknown capability {m.group(1)!r} "
                                     f"(one of {', '.join(CAPABILITY_KEYS)})")  # fmt: skip
                out.append(RiskCondition("capability", m.group(1), int(m.group(2)), negate, n))
                continue
            m = _STRATEGY_TERM.match(body)
            if m:
                if m.group(1) not in strategies:
                    raise BuildError(f"{where}: applies_if names unknown strategy {m.group(1)!r} (see "
                                     "data/strategies.yaml)")  # fmt: skip
                out.append(RiskCondition("strategy", m.group(1), 0, negate, n))
                continue
            raise BuildError(f"{where}: applies_if term {lit!r} must be CAPABILITY>=N (N 1–5) or "
                             "strategy=STRATEGY_ID, optionally with a leading '!', joined by '&'")  # fmt: skip
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
        source = row.get("source") or "report"
        if source not in SOURCES:
            raise BuildError(f"{where}: source {source!r} must be empty, 'report' or 'tool'")
        if source == "report" and not row["evidence"]:
            raise BuildError(f"{where}: no citation (evidence is required): a barrier the reports state cites their "
                             "lines (a note of the tool's own says source=tool)")  # fmt: skip
        refs = _refs(path, row_no, row["evidence"], docs, where=where) if row["evidence"] else ()
        if refs and not row["check"]:
            raise BuildError(f"{where}: check is empty: give a short exact string (3–30 characters) from the cited "
                             "lines")  # fmt: skip
        cited = "".join(cited_compact_text(r, docs) for r in refs)
        if refs and re.sub(r"\s+", "", row["check"]) not in cited:
            raise BuildError(f"{where}: check string {row['check']!r} does not occur in the cited lines")
        risks.append(SectorRisk(row["risk_id"], row["sector_id"], row["region_id"], row["kind"],
                                parse_conditions(row["applies_if"], strategies, where), tuple(refs), row["check"],
                                row["text_ko"], row["text_en"], source))  # fmt: skip
    return risks
