"""Curated reference tables: regions, sectors, sector needs, facts — loaded and validated at the edge.

Every problem stops the build with a message that names the file and the row (``BuildError``); nothing is skipped.
The formats are documented in ``docs/DATA.md``.
"""

from __future__ import annotations

import csv
import io
import math
import re
from dataclasses import dataclass, replace
from pathlib import Path

from features.corpus import Document
from features.evidence import EvidenceError, EvidenceRef, cited_compact_text, parse_refs, validate_ref
from features.vintage import published_key, published_year

CAPABILITY_KEYS = (
    "ai_software", "semiconductors_sensors", "cloud_big_data", "iot_devices", "automotive_mobility",
    "smart_transport", "urban_services", "medical_devices", "digital_health", "biotech_genomics",
    "smart_manufacturing", "fintech", "ecommerce_consumer", "telecom_5g", "agritech", "energy_tech", "logistics_tech",
)  # fmt: skip

INDICATORS = {
    "policy": ("policy_plan", "policy_target", "pilot_designation", "public_funding", "policy_ranking",
               "governance_body"),
    "demand": ("market_size", "market_growth", "industry_concentration", "anchor_firms", "investment_capital",
               "procurement_projects", "adoption_results", "talent_research", "cooperation_demand"),
    "risk": ("foreign_access_restriction", "regulatory_uncertainty", "licensing_certification",
             "data_localisation_privacy", "unproven_business_model", "ip_technology_protection",
             "local_competition", "talent_shortage"),
    "context": ("context",),
}  # fmt: skip

#: indicator names (ko, en) for people: the app, and the notes a review writes for an accepted candidate
INDICATOR_LABELS = {
    "policy_plan": ("정책 계획", "Policy plans"), "policy_target": ("정책 목표치", "Policy targets"),
    "pilot_designation": ("시범지구·플랫폼 지정", "Pilot designations"), "public_funding": ("정부 자금", "Public funding"),
    "policy_ranking": ("정책 환경 순위", "Policy ranking"), "governance_body": ("전담 기구", "Governance body"),
    "market_size": ("시장 규모", "Market size"), "market_growth": ("시장 성장", "Market growth"),
    "industry_concentration": ("산업 집적", "Industry concentration"), "anchor_firms": ("선도 기업", "Anchor firms"),
    "investment_capital": ("투자 자금", "Investment capital"), "procurement_projects": ("정부 프로젝트", "Public projects"),
    "adoption_results": ("도입 성과", "Adoption results"), "talent_research": ("인재·연구", "Talent & research"),
    "cooperation_demand": ("협력 수요", "Cooperation demand"), "text_salience": ("보고서 언급", "Report mentions"),
    "foreign_access_restriction": ("외국기업 진입 제한", "Foreign access limits"),
    "regulatory_uncertainty": ("규제 불확실성", "Regulatory uncertainty"),
    "licensing_certification": ("인허가·인증", "Licensing & certification"),
    "data_localisation_privacy": ("데이터 현지화·개인정보", "Data localisation & privacy"),
    "unproven_business_model": ("불확실한 수익모델", "Unproven business model"),
    "ip_technology_protection": ("지식재산·기술 보호", "IP & technology protection"),
    "local_competition": ("현지 경쟁", "Local competition"), "talent_shortage": ("인력 부족", "Talent shortage"),
    "context": ("배경", "Context"),
}  # fmt: skip
TAGS = frozenset(
    "open_platform major_platform procurement_driven test_bed pilot_zone cluster anchor_hospital internet_hospital "
    "startup_ecosystem foreign_restricted component_demand standards korean_support regulation_reversal info_platform "
    "list_only korean_public_support".split()
)
#: the tag of a fact that only says the region is named in a list, with no sector or content (the 17 entrepreneurship
#: demonstration bases, kiep_internet_plus_2018:946-954): no strategy rule reads it; an answer shows such a reason
#: last, marked as a list mention (``recommender.reading.list_only``)
LIST_ONLY = "list_only"

FACT_COLUMNS = ("fact_id", "region_id", "city", "sector_id", "dimension", "indicator", "value", "unit", "year",
                "strength", "tags", "evidence", "check", "note_ko", "note_en")  # fmt: skip

NATIONAL = "CN"
ALL_SECTORS = "all"


class BuildError(ValueError):
    """Curated data is unusable; the message names the file and the row and says what to fix."""


class FactError(BuildError):
    """One fact row is unusable; ``field`` names the column at fault (the review page shows the reason beside it)."""

    def __init__(self, message: str, field: str = ""):
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class Region:
    region_id: str
    name_ko: str
    name_zh: str
    name_en: str
    main_city_ko: str
    main_city_en: str
    lat: float
    lon: float
    kind: str
    aliases: tuple[str, ...] = ()
    ambiguous_aliases: tuple[str, ...] = ()  # also ordinary words (저장 "storage"): matched only in context
    compounds: tuple[str, ...] = ()  # Hangul forms that may head a compound word (베이징경제기술개발구)


@dataclass(frozen=True)
class Sector:
    sector_id: str
    name_ko: str
    name_zh: str
    name_en: str
    keywords: tuple[str, ...]


@dataclass(frozen=True)
class SectorNeed:
    sector_id: str
    capability: str
    weight: int
    evidence: tuple[EvidenceRef, ...]
    note_ko: str
    note_en: str
    core: bool = False  # a capability the sector cannot be served without (coverage gate, docs/METHOD.md)
    central: bool = False  # core = 2: the need the reports put at the centre of the sector (the fit's anchor)
    together: bool = False  # core = 3: central, and the sector's core needs count together in fit (docs/METHOD.md § 4)


@dataclass(frozen=True)
class Fact:
    fact_id: str
    region_id: str
    city: str
    sector_id: str
    dimension: str
    indicator: str
    value: float | None
    unit: str
    year: int
    strength: int
    tags: tuple[str, ...]
    evidence: tuple[EvidenceRef, ...]
    check: str
    note_ko: str
    note_en: str
    source_file: str
    #: the catalog publication date of the newest document the fact cites (``2018-12``): evidence that knows its age
    published: str = ""
    #: a reviewed fact that restates an existing one (a newer report says it again): it refreshes that fact's date and
    #: adds its citation there, and does not count again (``features.vintage``)
    merged_into: str = ""
    restated_by: tuple[str, ...] = ()  # the restatements folded into this fact
    #: older facts (same region, sector and indicator) this one replaces: they stop counting (``features.vintage``)
    supersedes: tuple[str, ...] = ()
    #: optional ``shown_sectors`` column: the sectors whose answers show this fact's line (a risk fact coded for every
    #: sector whose report lines speak of some sectors only); empty = every sector. It never changes a score.
    shown_sectors: tuple[str, ...] = ()
    #: optional ``dated_judgement`` column (``1`` or empty): the note states a 2018 reading of regulation, market
    #: openness, licensing, data rules, subsidies or market shares in the present tense; shown as a reason or risk it
    #: is said to be the 2018 report's judgement (``recommender.dated.fact_note``, docs/audit/dated_readings.md). It
    #: never changes a score.
    dated_judgement: bool = False

    @property
    def published_year(self) -> int:
        return published_year(self.published)


def _read_csv(path: Path, required: tuple[str, ...]) -> list[tuple[int, dict]]:
    """Rows of a data CSV with their line numbers. Refused with a sentence naming the file and row (issue 20): a
    byte that is not UTF-8, a row with more or fewer fields than the header."""
    if not path.is_file():
        raise BuildError(f"{path}: file is missing")
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise BuildError(f"{path} row {line}: byte 0x{raw[exc.start]:02x} at position {exc.start} is not UTF-8 — "
                         "save the file as UTF-8 (쓸 수 없는 바이트: UTF-8로 저장해 주세요)") from None  # fmt: skip
    reader = csv.DictReader(io.StringIO(text, newline=""))
    missing = [c for c in required if c not in (reader.fieldnames or [])]
    if missing:
        raise BuildError(f"{path}: missing columns {', '.join(missing)}")
    rows = []
    for row in reader:
        where = f"{path} row {reader.line_num}"
        if None in row:
            raise BuildError(f"{where}: {len(row[None])} field(s) more than the header ({row[None][0]!r}…) — remove "
                             "them or quote a value that holds a comma (필드가 헤더보다 많습니다)")  # fmt: skip
        if any(v is None for v in row.values()):
            raise BuildError(f"{where}: fewer fields than the header — every row needs all {len(row)} columns "
                             "(필드가 헤더보다 적습니다)")  # fmt: skip
        rows.append((reader.line_num, {k: v.strip() for k, v in row.items() if k}))
    return rows


def _refs(path: Path, row_no: int, text: str, docs: dict[str, Document], where: str | None = None,
          error: type[BuildError] = BuildError) -> tuple[EvidenceRef, ...]:  # fmt: skip
    try:
        refs = parse_refs(text)
        if not refs:
            raise EvidenceError("no citation (evidence is required)")
        for ref in refs:
            validate_ref(ref, docs)
    except EvidenceError as exc:
        message = f"{where or f'{path} row {row_no}'}: {exc}"
        raise (FactError(message, "evidence") if error is FactError else BuildError(message)) from None
    return tuple(refs)


def load_regions(path: Path) -> dict[str, Region]:
    regions: dict[str, Region] = {}
    required = tuple(f for f in Region.__dataclass_fields__ if f not in ("aliases", "ambiguous_aliases", "compounds"))
    for row_no, row in _read_csv(path, required):
        if not re.fullmatch(r"CN-[A-Z]{2}", row["region_id"]):
            raise BuildError(f"{path} row {row_no}: region_id {row['region_id']!r} is not an ISO 3166-2:CN code")
        try:
            lat, lon = float(row["lat"]), float(row["lon"])
        except ValueError:
            raise BuildError(f"{path} row {row_no}: lat/lon must be numbers") from None
        raw = [a.strip() for a in row.get("aliases", "").split(";") if a.strip()]
        aliases = tuple(a for a in raw if not a.endswith("?"))
        ambiguous = tuple(a[:-1].strip() for a in raw if a.endswith("?"))
        compounds = tuple(c.strip() for c in row.get("compounds", "").split(";") if c.strip())
        regions[row["region_id"]] = Region(**{**row, "lat": lat, "lon": lon, "aliases": aliases,
                                              "ambiguous_aliases": ambiguous, "compounds": compounds})  # fmt: skip
    return regions


def load_sectors(path: Path) -> dict[str, Sector]:
    sectors: dict[str, Sector] = {}
    for row_no, row in _read_csv(path, ("sector_id", "name_ko", "name_zh", "name_en", "keywords")):
        if not re.fullmatch(r"[a-z0-9_]+", row["sector_id"]):
            raise BuildError(f"{path} row {row_no}: sector_id {row['sector_id']!r} must be snake_case")
        kws = tuple(k.strip() for k in row["keywords"].split(";") if k.strip())
        sectors[row["sector_id"]] = Sector(row["sector_id"], row["name_ko"], row["name_zh"], row["name_en"], kws)
    return sectors


def load_sector_needs(path: Path, sectors: dict[str, Sector], docs: dict[str, Document]) -> list[SectorNeed]:
    needs: list[SectorNeed] = []
    seen: set[tuple[str, str]] = set()
    for row_no, row in _read_csv(path, ("sector_id", "capability", "weight", "core", "evidence", "note_ko", "note_en")):
        where = f"{path} row {row_no}"
        if row["sector_id"] not in sectors:
            raise BuildError(f"{where}: unknown sector_id {row['sector_id']!r}")
        if row["capability"] not in CAPABILITY_KEYS:
            raise BuildError(f"{where}: unknown capability {row['capability']!r}")
        if (row["sector_id"], row["capability"]) in seen:
            raise BuildError(f"{where}: {row['sector_id']}/{row['capability']} is listed twice")
        seen.add((row["sector_id"], row["capability"]))
        if row["weight"] not in {"1", "2", "3", "4", "5"}:
            raise BuildError(f"{where}: weight must be an integer 1–5, got {row['weight']!r}")
        if row["core"] not in {"0", "1", "2", "3"}:
            raise BuildError(f"{where}: core must be 3 (the central need, with the sector's core needs counted "
                             f"together), 2 (the sector's central need), 1 (core capability) or 0, "
                             f"got {row['core']!r}")  # fmt: skip
        needs.append(
            SectorNeed(row["sector_id"], row["capability"], int(row["weight"]),
                       _refs(path, row_no, row["evidence"], docs), row["note_ko"], row["note_en"], row["core"] in ("1", "2", "3"),
                       row["core"] in ("2", "3"), row["core"] == "3")
        )  # fmt: skip
    missing = sorted(set(sectors) - {n.sector_id for n in needs})
    if missing:
        raise BuildError(f"{path}: no capability needs for sectors {', '.join(missing)}")
    no_core = sorted(set(sectors) - {n.sector_id for n in needs if n.core})
    if no_core:
        raise BuildError(f"{path}: no core capability (core = 1) for sectors {', '.join(no_core)}")
    return needs


def _fact(path: Path, row_no: int, row: dict, regions, sectors, docs, where: str | None = None) -> Fact:
    """One fact row, validated (every rule of docs/DATA.md); :class:`FactError` names the row and the column."""
    where = where or f"{path} row {row_no} ({row.get('fact_id') or 'no fact_id'})"

    def bad(field: str, why: str) -> FactError:
        return FactError(f"{where}: {why}", field)

    if not row["fact_id"]:
        raise bad("fact_id", "fact_id is empty")
    if row["region_id"] != NATIONAL and row["region_id"] not in regions:
        raise bad("region_id", f"unknown region_id {row['region_id']!r} (see data/regions.csv, or CN)")
    if row["sector_id"] != ALL_SECTORS and row["sector_id"] not in sectors:
        raise bad("sector_id", f"unknown sector_id {row['sector_id']!r} (see data/sectors.csv, or all)")
    if row["dimension"] not in INDICATORS:
        raise bad("dimension", f"dimension {row['dimension']!r} must be one of {', '.join(INDICATORS)}")
    if row["indicator"] not in INDICATORS[row["dimension"]]:
        raise bad("indicator", f"indicator {row['indicator']!r} is not a {row['dimension']} indicator")
    try:
        value = float(row["value"].replace(",", "")) if row["value"] else None
    except ValueError:
        raise bad("value", "value must be a number (or empty), year and strength integers") from None
    if value is not None and not math.isfinite(value):
        raise bad("value", f"value {row['value']!r} must be a finite number (or empty)")
    try:
        year = int(row["year"])
    except ValueError:
        raise bad("year", "value must be a number (or empty), year and strength integers") from None
    try:
        strength = int(row["strength"])
    except ValueError:
        raise bad("strength", "value must be a number (or empty), year and strength integers") from None
    if not 1 <= strength <= 3:
        raise bad("strength", f"strength must be 1, 2 or 3, got {strength}")
    if not 1990 <= year <= 2035:
        raise bad("year", f"year {year} is implausible")
    tags = tuple(t.strip() for t in row["tags"].split(";") if t.strip())
    unknown = [t for t in tags if t not in TAGS]
    if unknown:
        raise bad("tags", f"unknown tags {', '.join(unknown)} (see docs/DATA.md)")
    if not row["note_ko"] or not row["note_en"]:
        raise bad("note_ko" if not row["note_ko"] else "note_en", "note_ko and note_en are required")
    refs = _refs(path, row_no, row["evidence"], docs, where=where, error=FactError)
    if not row["check"]:  # docs/DATA.md: every fact names a short exact string of its cited lines
        raise bad("check", "check is empty: give a short exact string (3–30 characters) from the cited lines")
    if row["check"]:
        cited = "".join(cited_compact_text(r, docs) for r in refs)
        if re.sub(r"\s+", "", row["check"]) not in cited:
            raise bad("check", f"check string {row['check']!r} does not occur in the cited lines")
    published = max((docs[r.doc_id].published for r in refs), key=_date_key)
    supersedes = tuple(x.strip() for x in (row.get("supersedes") or "").split(";") if x.strip())
    if row["fact_id"] in supersedes:
        raise bad("supersedes", "a fact cannot supersede itself")
    shown = tuple(x.strip() for x in (row.get("shown_sectors") or "").split(";") if x.strip())
    odd = [x for x in shown if x not in sectors]
    if odd:
        raise bad("shown_sectors", f"unknown sector ids {', '.join(odd)} in shown_sectors (see data/sectors.csv)")
    if shown and row["sector_id"] != ALL_SECTORS:
        raise bad("shown_sectors", "shown_sectors only on a fact coded for every sector (sector_id all)")
    dated = (row.get("dated_judgement") or "").strip()
    if dated not in ("", "0", "1"):
        raise bad("dated_judgement", f"dated_judgement must be 1 or empty, got {dated!r}")
    return Fact(row["fact_id"], row["region_id"], row["city"], row["sector_id"], row["dimension"],
                row["indicator"], value, row["unit"], year, strength, tags, refs, row["check"], row["note_ko"],
                row["note_en"], path.name, published, (row.get("merged_into") or "").strip(), (),
                supersedes, shown, dated == "1")  # fmt: skip


def _date_key(published: str) -> tuple[int, int, int]:
    try:
        return published_key(published)
    except ValueError:
        return (0, 0, 0)


def validate_fact(row: dict, regions, sectors, docs, where: str = "fact") -> Fact:
    """Validate one fact row exactly as the build does (:class:`FactError` with the column at fault); the review
    store calls this before it writes anything (DESIGN.md contract 10: the same validation as hand-written facts).
    ``where`` starts the message (``facts/kiep_2025.csv, candidate kiep_2025-c0003``)."""
    clean = {k: ("" if v is None else str(v)).strip() for k, v in row.items()}
    missing = [c for c in FACT_COLUMNS if c not in clean]
    if missing:
        raise FactError(f"{where}: missing columns {', '.join(missing)}", missing[0])
    return _fact(Path("."), 0, clean, regions, sectors, docs, where=where)


def check_supersedes(fact: Fact, by_id: dict[str, Fact], place: str = "") -> None:
    """A fact may supersede only existing, older facts of its own region, sector and indicator (FactError)."""
    for old_id in fact.supersedes:
        old = by_id.get(old_id)
        where = f"{place or fact.source_file} ({fact.fact_id})"
        if old is None:
            raise FactError(f"{where}: supersedes {old_id!r}, which names no fact", "supersedes")
        if (old.region_id, old.sector_id, old.indicator) != (fact.region_id, fact.sector_id, fact.indicator):
            raise FactError(f"{where}: supersedes {old_id}, which is about {old.region_id}/{old.sector_id}/"
                            f"{old.indicator}, not {fact.region_id}/{fact.sector_id}/{fact.indicator}",
                            "supersedes")  # fmt: skip
        if _date_key(old.published) >= _date_key(fact.published):
            raise FactError(f"{where}: supersedes {old_id} ({old.published}), which is not older than this fact's "
                            f"document ({fact.published})", "supersedes")  # fmt: skip


def fold_restatements(facts: list[Fact], where: dict[str, str] | None = None) -> list[Fact]:
    """Fold every restatement (``merged_into``) into the fact it restates: that fact gains the citations and, when
    newer, the publication date; the restatement stays in the list (for display) and is not scored."""
    by_id = {f.fact_id: f for f in facts}
    extra: dict[str, list[Fact]] = {}
    for f in facts:
        if not f.merged_into:
            continue
        target = by_id.get(f.merged_into)
        place = (where or {}).get(f.fact_id, f.source_file)
        if target is None:
            raise FactError(f"{place} ({f.fact_id}): merged_into {f.merged_into!r} names no fact", "merged_into")
        if target.merged_into:
            raise FactError(f"{place} ({f.fact_id}): merged_into {f.merged_into!r} is itself a restatement of "
                            f"{target.merged_into}; merge into {target.merged_into}", "merged_into")  # fmt: skip
        extra.setdefault(target.fact_id, []).append(f)
    out = []
    for f in facts:
        more = extra.get(f.fact_id)
        if more:
            refs = list(f.evidence)
            for r in more:
                refs.extend(x for x in r.evidence if x not in refs)
            published = max([f.published, *(r.published for r in more)], key=_date_key)
            f = replace(f, evidence=tuple(refs), published=published,
                        restated_by=tuple(r.fact_id for r in more))  # fmt: skip
        out.append(f)
    return out


def load_facts(folder: Path, regions, sectors, docs) -> list[Fact]:
    """Every ``*.csv`` in ``folder`` (sorted by name); fact ids must be unique across files. Restatements
    (``merged_into``, written by the review) are folded into the facts they restate (:func:`fold_restatements`)."""
    files = sorted(folder.glob("*.csv"))
    if not files:
        raise BuildError(f"{folder}: no fact files (*.csv)")
    facts: list[Fact] = []
    seen: dict[str, str] = {}
    where: dict[str, str] = {}
    for path in files:
        before = len(facts)
        for row_no, row in _read_csv(path, FACT_COLUMNS):
            fact = _fact(path, row_no, row, regions, sectors, docs)
            if fact.fact_id in seen:
                raise BuildError(f"{path} row {row_no}: fact_id {fact.fact_id} already used in {seen[fact.fact_id]}")
            seen[fact.fact_id] = path.name
            where[fact.fact_id] = f"{path} row {row_no}"
            facts.append(fact)
        if len(facts) == before:
            raise BuildError(f"{path}: no fact rows (only a header) — add facts or remove the file (사실 행이 없습니다)")
    by_id = {f.fact_id: f for f in facts}
    for f in facts:
        if f.supersedes:
            check_supersedes(f, by_id, where.get(f.fact_id, ""))
    return fold_restatements(facts, where)
