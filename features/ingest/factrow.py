"""What an accepted candidate becomes: the fact row (its id, notes in our own words, a check string, a
restatement of an existing fact), the facts-file bytes, and the validation context those need (vocabularies, the
catalog, every other fact), cached until one of its files changes. Used by the review store
(``features.ingest.review``) and the review page.
"""

from __future__ import annotations

import contextlib
import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from features.corpus import Document, load_catalog
from features.evidence import cited_compact_text, parse_refs
from features.facts import (
    ALL_SECTORS,
    FACT_COLUMNS,
    INDICATOR_LABELS,
    NATIONAL,
    FactError,
    load_regions,
    load_sectors,
)
from features.vintage import published_year

REVIEW_FACT_COLUMNS = (*FACT_COLUMNS, "merged_into", "supersedes", "candidate_id")
#: the fields a reviewer may edit (the evidence stays the candidate's lines)
EDITABLE = ("region_id", "city", "sector_id", "dimension", "indicator", "value", "unit", "year", "strength", "tags",
            "check", "note_ko", "note_en", "supersedes")  # fmt: skip


def facts_csv_bytes(rows: list[dict]) -> bytes:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=REVIEW_FACT_COLUMNS, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    for r in rows:
        writer.writerow({k: "" if r.get(k) is None else r.get(k) for k in REVIEW_FACT_COLUMNS})
    return buf.getvalue().encode("utf-8")


# ---------------------------------------------------------------------------------------------- validation context


@dataclass
class Context:
    """What validating a fact needs: the vocabularies, the catalog, and the facts of every other file."""

    regions: dict
    sectors: dict
    docs: dict[str, Document]
    other_facts: dict[str, dict] = field(default_factory=dict)  # fact id → row (and "_file")


_contexts: dict[tuple, Context] = {}


def _stamp(paths: list[Path]) -> tuple:
    out = []
    for p in paths:
        try:
            st = p.stat()
            out.append((str(p), st.st_mtime_ns, st.st_size))
        except OSError:
            out.append((str(p), 0, 0))
    return tuple(out)


def load_context(data_dir: Path, own_file: Path) -> Context:
    """The validation context, cached until one of its files changes (an action stays well under a second)."""
    data_dir = Path(data_dir)
    fact_files = sorted(p for p in (data_dir / "facts").glob("*.csv") if p != own_file)
    key = _stamp([data_dir / "regions.csv", data_dir / "sectors.csv", data_dir / "reports" / "catalog.csv",
                  *fact_files]) + (str(own_file),)  # fmt: skip
    ctx = _contexts.get(key)
    if ctx is None:
        other: dict[str, dict] = {}
        for path in fact_files:
            with path.open(encoding="utf-8-sig", newline="") as fh:
                for row in csv.DictReader(fh):
                    fid = (row.get("fact_id") or "").strip()
                    if fid:
                        other[fid] = {**{k: (v or "").strip() for k, v in row.items() if k}, "_file": path.name}
        ctx = Context(load_regions(data_dir / "regions.csv"), load_sectors(data_dir / "sectors.csv"),
                      load_catalog(data_dir / "reports", verify=False), other)  # fmt: skip
        if len(_contexts) > 16:
            _contexts.clear()
        _contexts[key] = ctx
    return ctx


# ---------------------------------------------------------------------------------------------- a fact from a candidate


def fact_id_for(doc_id: str, candidate_id: str) -> str:
    """``<doc_id>-c0007`` → ``<doc_id>-f0007`` (stable: an edit keeps the id; unique because doc ids are)."""
    prefix = f"{doc_id}-c"
    tail = candidate_id[len(prefix):] if candidate_id.startswith(prefix) else re.sub(r"[^A-Za-z0-9_]+", "_", candidate_id)
    return f"{doc_id}-f{tail}"


def _names(ctx: Context, region_id: str, sector_id: str) -> tuple[tuple[str, str], tuple[str, str]]:
    r = ctx.regions.get(region_id)
    region = (r.name_ko, r.name_en) if r else (("중국 전체", "China (national)") if region_id == NATIONAL else
                                               (region_id, region_id))  # fmt: skip
    s = ctx.sectors.get(sector_id)
    sector = (s.name_ko, s.name_en) if s else (("모든 분야", "all sectors") if sector_id == ALL_SECTORS else
                                               (sector_id, sector_id))  # fmt: skip
    return region, sector


def default_notes(row: dict, ctx: Context, doc_id: str, page: str = "") -> tuple[str, str]:
    """Notes in our own words for an accepted candidate that the reviewer did not describe: what, where, when, from
    which report (the reviewer can replace them in the edit form)."""
    (rko, ren), (sko, sen) = _names(ctx, row.get("region_id", ""), row.get("sector_id", ""))
    ind_ko, ind_en = INDICATOR_LABELS.get(row.get("indicator", ""), (row.get("indicator", ""),) * 2)
    city = f" {row['city']}" if row.get("city") else ""
    region = ctx.regions.get(row.get("region_id", ""))
    city_en = f" {region.main_city_en}" if region and row.get("city") in (region.main_city_ko, region.main_city_en) \
        else city  # fmt: skip
    figure = f" {row['value']}{row.get('unit', '')}" if row.get("value") else ""
    where_ko = f"{doc_id}{f' {page}쪽' if page else ''}"
    where_en = f"{doc_id}{f' p. {page}' if page else ''}"
    ko = f"{rko}{city} {sko}: {ind_ko}{figure} ({row.get('year', '')}년; {where_ko}에서 검토 후 채택)"
    en = f"{ren}{city_en} {sen}: {ind_en}{figure} ({row.get('year', '')}; accepted on review from {where_en})"
    return ko, en


def suggest_check(row: dict, ctx: Context, candidate: dict | None = None) -> str:
    """A short exact string of the cited lines for the ``check`` column (docs/DATA.md: 3–30 characters, the number
    or the name the fact states): the value as written, the city, the region's names, the sector's keywords, the
    tagger's cue words — the first that occurs; else the cited text's first characters."""
    try:
        refs = parse_refs(row.get("evidence", ""))
        compact = "".join(cited_compact_text(r, ctx.docs) for r in refs)
    except (KeyError, ValueError, OSError):
        return ""
    if not compact:
        return ""
    options: list[str] = []
    value = (row.get("value") or "").replace(",", "")
    if value:
        try:
            number = float(value)
            if number == int(number):
                options += [f"{int(number):,}", str(int(number))]
            options.append(value)
        except ValueError:
            pass
    if row.get("city"):
        options.append(row["city"])
    region = ctx.regions.get(row.get("region_id", ""))
    if region:
        options += [region.name_ko, region.main_city_ko, *region.aliases]
    sector = ctx.sectors.get(row.get("sector_id", ""))
    if sector:
        options += list(sector.keywords)
    reason = (candidate or {}).get("reason", "")
    options += [w for w in re.split(r"[\s,;/|·:()\[\]]+", reason) if len(w) >= 2]
    for opt in options:
        opt = re.sub(r"\s+", "", opt or "")
        if len(opt) < 2:
            continue
        i = compact.find(opt)
        if i >= 0:
            return compact[i : i + min(30, max(3, len(opt)))]
    return compact[:12]


def fact_from_candidate(candidate: dict, ctx: Context, doc_id: str, fields: dict | None = None) -> dict:
    """The fact row an accepted (or edited: ``fields`` override) candidate becomes."""
    doc = ctx.docs.get(doc_id)
    year = (candidate.get("year") or "").strip()
    if not re.fullmatch(r"\d{4}", year) and doc is not None:
        with contextlib.suppress(ValueError):
            year = str(published_year(doc.published))
    row = {
        "fact_id": fact_id_for(doc_id, candidate["candidate_id"]),
        "region_id": candidate.get("region_id") or NATIONAL,
        "city": candidate.get("city", ""),
        "sector_id": candidate.get("sector_id", ""),
        "dimension": candidate.get("kind", ""),
        "indicator": candidate.get("indicator", ""),
        "value": candidate.get("value", ""),
        "unit": candidate.get("unit", ""),
        "year": year,
        "strength": candidate.get("strength", ""),
        "tags": candidate.get("tags", ""),
        "evidence": candidate.get("evidence", ""),
        "check": "",
        "note_ko": "",
        "note_en": "",
        "merged_into": "",
        "supersedes": "",
        "candidate_id": candidate["candidate_id"],
    }
    for k, v in (fields or {}).items():
        if k not in EDITABLE:
            raise FactError(f"{k}: 이 항목은 고칠 수 없습니다 / this field cannot be edited (editable: {', '.join(EDITABLE)})",
                            k)  # fmt: skip
        row[k] = "" if v is None else str(v).strip()
    page = candidate.get("page", "")
    if not row["note_ko"] or not row["note_en"]:
        ko, en = default_notes(row, ctx, doc_id, page)
        row["note_ko"] = row["note_ko"] or ko
        row["note_en"] = row["note_en"] or en
    if not row["check"] and "check" not in (fields or {}):
        row["check"] = suggest_check(row, ctx, candidate)
    return row


def merged_fact(candidate: dict, target: dict, ctx: Context, doc_id: str) -> dict:
    """A restatement of ``target`` (an existing fact row) with the candidate's lines: it refreshes the fact's date
    and adds its citation, and is not counted again (``features.facts.fold_restatements``)."""
    row = {k: target.get(k, "") for k in FACT_COLUMNS}
    row.update(fact_id=fact_id_for(doc_id, candidate["candidate_id"]), evidence=candidate.get("evidence", ""),
               merged_into=target["fact_id"], candidate_id=candidate["candidate_id"], check="")  # fmt: skip
    row["year"] = (candidate.get("year") or "").strip() if re.fullmatch(r"\d{4}", (candidate.get("year") or "").strip()) \
        else target.get("year", "")  # fmt: skip
    compact = ""
    with contextlib.suppress(KeyError, ValueError, OSError):
        compact = "".join(cited_compact_text(r, ctx.docs) for r in parse_refs(row["evidence"]))
    own_check = re.sub(r"\s+", "", target.get("check", ""))
    row["check"] = target.get("check", "") if own_check and own_check in compact else suggest_check(row, ctx, candidate)
    return row
