"""What a new report changed: two data versions compared, profile by profile and firm by firm (issue 16;
DESIGN.md contract 10, ``changes --from DATA_VERSION``).

* **Profiles**: every region × sector whose policy, demand, risk or confidence moved, or whose applied facts
  changed, with before → after, the facts added and removed, and the evidence period before → after. Nothing else
  is listed: a report moves only the profiles its accepted facts apply to (``features.vintage``).
* **First regional evidence**: pairs that had no fact of the region about the sector before and have one now, and
  regions that had no regional fact at all.
* **Reference firms**: the top picks (balanced weights, top 3) of the sample firms (``data/samples/firms.csv``) and
  of the archetypes kept in ``data/reference_firms.csv`` — before → after, and whether the best pick changed.

Each version is summarised once (profiles, facts, picks: :func:`summarise`) and the summary cached as
``build/summaries/<version>-<firms hash>.json``; a version whose summary is not cached is summarised from its kept
build (``features.versions``). So ``changes`` compares two small JSON files once they exist, without loading a
build at all (the current version is the hash of the inputs).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from features import versions
from features.atomic import write_text_atomic
from features.build import KnowledgeBase, default_data_dir, input_hash, load_knowledge
from features.corpus import load_catalog
from features.firms import read_firms
from features.vintage import period_label
from features.workspace import BUNDLED_DATA
from recommender.engine import COVERAGE_STATUS, Recommender
from recommender.weights import preset_weights

TOP = 3
PRESET = "balanced"
COMPONENTS = ("policy", "demand", "risk", "confidence")
SUMMARY_FORMAT = 1


def reference_files(data_dir: Path) -> list[tuple[str, Path]]:
    """(kind, file) of the reference firms: the samples and the archetypes, from the data directory (else the
    bundled copies)."""
    out = []
    for kind, rel in (("sample", Path("samples") / "firms.csv"), ("archetype", Path("reference_firms.csv"))):
        path = Path(data_dir) / rel
        if not path.is_file():
            path = BUNDLED_DATA / rel
        if path.is_file():
            out.append((kind, path))
    return out


def firms_key(data_dir: Path) -> str:
    h = hashlib.sha256(f"{SUMMARY_FORMAT}/{PRESET}/{TOP}".encode())
    for kind, path in reference_files(data_dir):
        h.update(kind.encode() + b"\0" + path.read_bytes())
    return h.hexdigest()[:8]


def _ref(kb: KnowledgeBase, r) -> dict:
    doc = kb.docs.get(r.doc_id)
    page = doc.page_of(r.line_start) if doc is not None else None
    return {**r.as_dict(), **({"page": page} if page else {})}


def summarise(kb: KnowledgeBase, data_dir: Path) -> dict:
    """What ``changes`` compares of one version: profile numbers and facts, fact details, reference firms' picks."""
    profiles = {}
    for p in kb.profiles:
        profiles[f"{p.region_id}/{p.sector_id}"] = {
            "policy": p.policy, "demand": p.demand, "risk": p.risk, "confidence": p.confidence,
            "evidence_from": p.evidence_from, "evidence_to": p.evidence_to, "fact_ids": p.fact_ids,
            "sector_fact_ids": p.sector_fact_ids, "regional_fact_ids": p.regional_fact_ids,
        }  # fmt: skip
    facts = {f.fact_id: {"region_id": f.region_id, "sector_id": f.sector_id, "dimension": f.dimension,
                         "indicator": f.indicator, "strength": f.strength, "published": f.published,
                         "note_ko": f.note_ko, "note_en": f.note_en, "merged_into": f.merged_into,
                         "evidence": [_ref(kb, r) for r in f.evidence]} for f in kb.facts}  # fmt: skip
    rec = Recommender(kb)
    weights = preset_weights(PRESET)
    picks, coverage, names = {}, {}, {}
    for kind, path in reference_files(data_dir):
        batch = read_firms(path, kb.regions)
        if batch.accepted == 0:
            continue
        tp = rec.top_pairs(batch.firms, weights, TOP)
        for i, fid in enumerate(batch.firms.firm_id):
            key = f"{kind}:{fid}"
            names[key] = batch.firms.firm(i)["name"] or fid
            coverage[key] = COVERAGE_STATUS[int(tp.coverage[i])]
            picks[key] = []
        for f, rank, opp, strat, score in zip(tp.firm, tp.rank, tp.opp, tp.strategy, tp.score):
            prof = rec.profiles[int(opp)]
            key = f"{kind}:{batch.firms.firm_id[int(f)]}"
            picks[key].append({"rank": int(rank), "region_id": prof.region_id, "sector_id": prof.sector_id,
                               "strategy_id": rec.strategies.ids[int(strat)], "score": round(float(score), 4)})  # fmt: skip
    return {
        "format": SUMMARY_FORMAT, "version": kb.data_version, "evidence_period": list(kb.evidence_period),
        "documents": {d.doc_id: {"title": d.title, "published": d.published} for d in kb.docs.values()},
        "regions": {r.region_id: [r.name_ko, r.name_en] for r in kb.regions.values()},
        "sectors": {s.sector_id: [s.name_ko, s.name_en] for s in kb.sectors.values()},
        "profiles": profiles, "facts": facts, "picks": picks, "coverage": coverage, "firm_names": names,
    }  # fmt: skip


def summary_path(data_dir: Path, version: str) -> Path:
    return versions.build_dir(data_dir) / "summaries" / f"{version}-{firms_key(data_dir)}.json"


def load_summary(data_dir: Path, version: str, kb: KnowledgeBase | None = None) -> dict:
    """The cached summary of ``version``, else one made from ``kb`` (when it is that version) or its kept build."""
    path = summary_path(data_dir, version)
    if path.is_file():
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("format") == SUMMARY_FORMAT and data.get("version") == version:
                return data
        except ValueError:
            pass
    if kb is None or kb.data_version != version:
        kept = versions.kept_path(data_dir, version)
        if not kept.is_file():
            raise versions.VersionError(
                f"data version {version} is no longer kept (the last {versions.KEEP_BUILDS} builds are); kept: "
                f"{', '.join(reversed(versions.kept_versions(data_dir))) or 'none'}")  # fmt: skip
        import joblib

        kb = joblib.load(kept)
        kb.docs = load_catalog(Path(data_dir) / "reports", verify=False)
    data = summarise(kb, data_dir)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_text_atomic(path, json.dumps(data, ensure_ascii=False, sort_keys=True))
    except OSError:
        pass  # a read-only installation: the summary is simply not cached
    return data


def _pair(before: dict, after: dict, key: str) -> dict:
    a, b = before.get(key), after.get(key)
    out = {"before": a, "after": b}
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        out["delta"] = round(b - a, 6)
    return out


def diff(before: dict, after: dict) -> dict:
    """The changes from summary ``before`` to summary ``after`` (pure)."""
    added = sorted(set(after["facts"]) - set(before["facts"]))
    removed = sorted(set(before["facts"]) - set(after["facts"]))
    profiles = []
    for key in sorted(set(before["profiles"]) | set(after["profiles"])):
        a, b = before["profiles"].get(key, {}), after["profiles"].get(key, {})
        moved = any(a.get(c) != b.get(c) for c in COMPONENTS)
        facts_in = sorted(set(b.get("fact_ids", [])) - set(a.get("fact_ids", [])))
        facts_out = sorted(set(a.get("fact_ids", [])) - set(b.get("fact_ids", [])))
        restated = sorted(f for f in added if after["facts"][f].get("merged_into") in set(b.get("fact_ids", [])))
        if not (moved or facts_in or facts_out or restated):
            continue
        region_id, sector_id = key.split("/")
        first = bool(b.get("sector_fact_ids")) and not a.get("sector_fact_ids")
        profiles.append({
            "region_id": region_id, "sector_id": sector_id,
            **{c: _pair(a, b, c) for c in COMPONENTS},
            "evidence_period": {"before": period_label(a["evidence_from"], a["evidence_to"]) if a else None,
                                "after": period_label(b["evidence_from"], b["evidence_to"]) if b else None},
            "facts_added": facts_in, "facts_removed": facts_out, "restated": restated,
            "first_regional_evidence": first,
        })  # fmt: skip
    had_regional = {k.split("/")[0] for k, p in before["profiles"].items() if p.get("regional_fact_ids")}
    has_regional = {k.split("/")[0] for k, p in after["profiles"].items() if p.get("regional_fact_ids")}
    firms = []
    for key in sorted(set(before["picks"]) | set(after["picks"])):
        pa, pb = before["picks"].get(key, []), after["picks"].get(key, [])
        kind, firm_id = key.split(":", 1)

        def ids(picks: list[dict]) -> list[tuple]:
            return [(p["region_id"], p["sector_id"], p["strategy_id"]) for p in picks]

        firms.append({"firm_id": firm_id, "kind": kind, "name": after["firm_names"].get(key, firm_id),
                      "coverage": {"before": before["coverage"].get(key), "after": after["coverage"].get(key)},
                      "before": pa, "after": pb, "changed": ids(pa) != ids(pb),
                      "best_changed": ids(pa)[:1] != ids(pb)[:1]})  # fmt: skip
    new_docs = sorted({r["doc_id"] for f in added for r in after["facts"][f]["evidence"]}
                      - {r["doc_id"] for f in before["facts"].values() for r in f["evidence"]})  # fmt: skip
    return {
        "from": {"version": before["version"], "evidence_period": period_label(*before["evidence_period"])},
        "to": {"version": after["version"], "evidence_period": period_label(*after["evidence_period"])},
        "documents_added": [{"doc_id": d, **after["documents"].get(d, {})} for d in new_docs],
        "facts_added": [{"fact_id": f, **after["facts"][f]} for f in added],
        "facts_removed": [{"fact_id": f, **before["facts"][f]} for f in removed],
        "profiles": profiles,
        "first_regional_evidence": {
            "profiles": [f"{p['region_id']}/{p['sector_id']}" for p in profiles if p["first_regional_evidence"]],
            "regions": sorted(has_regional - had_regional),
        },
        "firms": firms,
        "reference": {"preset": PRESET, "top": TOP},
        "names": {"regions": after["regions"], "sectors": after["sectors"]},
    }


def changes(data_dir: Path | str | None, from_version: str, to_version: str = "current",
            kb: KnowledgeBase | None = None) -> dict:  # fmt: skip
    """``changes --from VERSION``: the current build (or ``to_version``) against ``from_version`` (a 12-character
    version, a unique prefix, or ``previous``; ``features.versions.resolve``)."""
    data_dir = Path(data_dir) if data_dir else default_data_dir()
    current = kb.data_version if kb is not None else input_hash(data_dir)[:12]
    a = versions.resolve(data_dir, from_version, current)
    b = versions.resolve(data_dir, to_version, current)

    def summary(version: str) -> dict:
        nonlocal kb
        if kb is None and version == current and not summary_path(data_dir, version).is_file():
            kb = load_knowledge(data_dir)  # the current data, built if it is not yet
        return load_summary(data_dir, version, kb)

    return diff(summary(a), summary(b))
