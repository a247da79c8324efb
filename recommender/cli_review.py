"""Command line for review and change (DESIGN.md contract 10): ``candidates``, ``review``, ``changes``, plus
``versions`` (the build history) and ``init-data`` (a team data directory).

    python -m recommender --data-dir TEAM candidates DOC_ID [--format table|json|csv] [--status pending]
    python -m recommender --data-dir TEAM review DOC_ID --accept c0001,c0002 --reject c0007 --merge c0006=A029 \\
        [--edit c0003 --set strength=3 --set note_ko=…] [--undo-last] [--by NAME] [--no-rebuild] [--format json]
    python -m recommender --data-dir TEAM changes --from VERSION|previous [--to VERSION] [--format table|json]

``review`` validates every action before it writes any (a refused fact: exit 2, the reason, nothing written), then
rebuilds the profiles (a new data version; the previous build is kept) and prints what changed.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

# imported where a command needs them, so that ``--help`` and the other commands do not load the review machinery
if TYPE_CHECKING:
    from features.ingest.review import ReviewStore

NATIONAL = "CN"


def _data_dir(args) -> Path:
    from features.build import default_data_dir

    return Path(args.data_dir) if args.data_dir else default_data_dir()


def _cid(doc_id: str, text: str) -> str:
    """A candidate id as given, or its short form: ``c0003`` / ``3`` → ``<doc_id>-c0003``."""
    text = text.strip()
    if text.startswith(f"{doc_id}-"):
        return text
    if text.isdigit():
        return f"{doc_id}-c{int(text):04d}"
    return f"{doc_id}-{text}"


def _ids(doc_id: str, value: str | None) -> list[str]:
    return [_cid(doc_id, x) for x in (value or "").split(",") if x.strip()]


def candidate_json(row: dict, status: str, fact_id: str) -> dict:
    """One candidate as contract 10 prints it (``region_id`` null for a national candidate, evidence a ref)."""
    from features.evidence import parse_refs

    refs = parse_refs(row.get("evidence", ""))
    ref = refs[0].as_dict() if refs else None

    def num(v: str, kind=float):
        try:
            return kind(v)
        except (TypeError, ValueError):
            return None

    return {"candidate_id": row["candidate_id"], "region_id": None if row.get("region_id") in ("", NATIONAL) else
            row["region_id"], "city": row.get("city", ""), "sector_id": row.get("sector_id", ""),
            "kind": row.get("kind", ""), "indicator": row.get("indicator", ""), "value": row.get("value", ""),
            "unit": row.get("unit", ""), "year": row.get("year", ""), "strength": num(row.get("strength"), int),
            "score": num(row.get("score")), "evidence": ref, "page": row.get("page", "") or None,
            "reason": row.get("reason", ""), "status": status, "fact_id": fact_id or None}  # fmt: skip


def cmd_candidates(args) -> int:
    from features.ingest.review import STATUS_KO, ReviewStore

    store = ReviewStore(_data_dir(args), args.doc_id)
    view = store.view()
    shown = [c for c in view.candidates if not args.status or c.status == args.status]
    if args.format == "csv":
        sys.stdout.buffer.write(store.candidates_file.read_bytes())
        return 0
    if args.format == "json":
        out = {"doc_id": args.doc_id, "counts": view.counts(), "reviewed": view.reviewed, "total": view.total,
               "candidates": [candidate_json(c.row, c.status, ReviewStore._status(c.entry)[1]) for c in shown]}  # fmt: skip
        sys.stdout.write(json.dumps(out, ensure_ascii=False, indent=2) + "\n")
        return 0
    print(f"{args.doc_id}: {view.reviewed}/{view.total} 검토됨 (reviewed) — " +
          ", ".join(f"{STATUS_KO[k]} {v}" for k, v in view.counts().items()))  # fmt: skip
    for c in shown:
        r = c.row
        page = f" p. {r['page']}" if r.get("page") else ""
        print(f"{r['candidate_id']}  {c.score:.2f}  {STATUS_KO[c.status]:<8} {r.get('region_id') or NATIONAL}/"
              f"{r.get('sector_id')} {r.get('kind')}.{r.get('indicator')} s{r.get('strength')}  {r.get('evidence')}{page}"
              f"  — {r.get('reason', '')}")  # fmt: skip
    return 0


def _actions(args, doc_id: str, store: ReviewStore) -> list[dict]:
    from features.ingest.review import ReviewError

    actions: list[dict] = []
    for cid in _ids(doc_id, args.accept):
        actions.append({"action": "accept", "candidate_id": cid})
    for cid in _ids(doc_id, args.reject):
        actions.append({"action": "reject", "candidate_id": cid})
    for pair in [x for x in (args.merge or "").split(",") if x.strip()]:
        cid, sep, target = pair.partition("=")
        if not sep or not target.strip():
            raise ReviewError(f"--merge {pair!r}: CANDIDATE=FACT_ID 형식으로 주세요 / write CANDIDATE=FACT_ID")
        actions.append({"action": "merge", "candidate_id": _cid(doc_id, cid), "target": target.strip()})
    if args.edit:
        fields = {}
        for item in args.set or []:
            key, sep, value = item.partition("=")
            if not sep:
                raise ReviewError(f"--set {item!r}: FIELD=VALUE 형식으로 주세요 / write FIELD=VALUE")
            fields[key.strip()] = value
        if not fields:
            raise ReviewError("--edit에는 --set FIELD=VALUE가 하나 이상 필요합니다 / --edit needs at least one --set")
        actions.append({"action": "edit", "candidate_id": _cid(doc_id, args.edit), "fields": fields})
    elif args.set:
        raise ReviewError("--set은 --edit CANDIDATE와 함께 씁니다 / --set goes with --edit CANDIDATE")
    if args.undo_last:
        last = store.view().last_undoable()
        if last is None:
            raise ReviewError("되돌릴 작업이 없습니다 / nothing to undo")
        actions.append({"action": "undo", "undo": last.id})
    return actions


def cmd_review(args) -> int:
    from features.build import load_knowledge
    from features.ingest.review import ReviewStore
    from features.workspace import writable_data_dir
    from recommender import changes as changes_mod  # the engine and pandas: only when a review runs

    data_dir = _data_dir(args)
    if any((args.accept, args.reject, args.merge, args.edit, args.undo_last)):
        writable_data_dir(data_dir)  # the bundled data is never written: say so before anything else
    store = ReviewStore(data_dir, args.doc_id)
    actions = _actions(args, args.doc_id, store)
    before_version = None
    if actions and not args.no_rebuild:
        before_version = load_knowledge(data_dir).data_version  # the build the changes are measured from
    applied = []
    if actions:
        outcome = store.apply(actions, by=args.by or os.environ.get("USER", ""))
        for e in outcome.entries:
            fid = (e.fact or {}).get("fact_id", "")
            applied.append({"seq": e.seq, "action": e.action, "candidate_id": e.candidate_id, "fact_id": fid or None,
                            "merged_into": (e.fact or {}).get("merged_into") or None, "undoes": e.undoes})  # fmt: skip
    view = store.view()
    result = {"doc_id": args.doc_id, "applied": applied, "counts": view.counts(), "reviewed": view.reviewed,
              "total": view.total, "facts_file": str(store.facts_file)}  # fmt: skip
    if before_version is not None:
        kb = load_knowledge(data_dir)
        result["data_version"] = {"before": before_version, "after": kb.data_version}
        result["changes"] = changes_mod.changes(data_dir, before_version, kb=kb) \
            if kb.data_version != before_version else None  # fmt: skip
    if args.format == "json":
        sys.stdout.write(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
        return 0
    for a in applied:
        what = {"accept": "채택 accepted", "edit": "수정 후 채택 edited", "reject": "기각 rejected",
                "merge": "합침 merged", "undo": "되돌림 undone"}[a["action"]]  # fmt: skip
        tail = f" → {a['fact_id']}" if a["fact_id"] else ""
        tail += f" (= {a['merged_into']})" if a["merged_into"] else ""
        print(f"{what}: {a['candidate_id']}{tail}")
    print(f"{args.doc_id}: {view.reviewed}/{view.total} 검토됨 (reviewed); facts: {store.facts_file}")
    if result.get("data_version"):
        dv = result["data_version"]
        print(f"data version {dv['before']} → {dv['after']}")
        if result.get("changes"):
            print_changes(result["changes"])
    return 0


def _fmt(x) -> str:
    return "—" if x is None else f"{x:.3f}"


def print_changes(c: dict, lang: str = "ko") -> None:
    names = c.get("names", {})
    i = 0 if lang == "ko" else 1

    def region(rid: str) -> str:
        return names.get("regions", {}).get(rid, [rid, rid])[i]

    def sector(sid: str) -> str:
        return names.get("sectors", {}).get(sid, [sid, sid])[i]

    print(f"변경 (changes): {c['from']['version']} (근거 {c['from']['evidence_period']}) → {c['to']['version']} "
          f"(근거 {c['to']['evidence_period']})")  # fmt: skip
    for d in c["documents_added"]:
        print(f"  새 보고서 (new report): {d['doc_id']} — {d.get('title', '')} ({d.get('published', '')})")
    print(f"  사실 (facts): +{len(c['facts_added'])} −{len(c['facts_removed'])}")
    print(f"  프로필 {len(c['profiles'])}개 변경 (profiles changed):")
    for p in c["profiles"]:
        parts = ", ".join(f"{k} {_fmt(p[k]['before'])}→{_fmt(p[k]['after'])}" for k in ("policy", "demand", "risk",
                                                                                          "confidence"))  # fmt: skip
        flag = "  [첫 지역 근거 first regional evidence]" if p["first_regional_evidence"] else ""
        period = p["evidence_period"]
        print(f"    {p['region_id']}/{p['sector_id']} {region(p['region_id'])} {sector(p['sector_id'])}: {parts}; "
              f"근거 {period['before']} → {period['after']}{flag}")  # fmt: skip
        facts = {f["fact_id"]: f for f in c["facts_added"]}
        for fid in p["facts_added"] + p.get("restated", []):
            f = facts.get(fid)
            if f:
                refs = "; ".join(f"{r['doc_id']}:{r['line_start']}-{r['line_end']}" + (f" p. {r['page']}" if r.get("page")
                                 else "") for r in f["evidence"])  # fmt: skip
                print(f"      + {fid} {f['dimension']}.{f['indicator']} s{f['strength']} ({f['published']}) {refs}")
    moved = [f for f in c["firms"] if f["changed"]]
    print(f"  기준 기업 {len(c['firms'])}곳 중 {len(moved)}곳의 상위 {c['reference']['top']} 추천이 바뀜 "
          f"(reference firms whose top picks changed, {c['reference']['preset']}):")  # fmt: skip
    for f in moved:
        def pick(p):
            return f"{p['region_id']}/{p['sector_id']} ({p['strategy_id']}, {p['score']:.3f})"

        before = pick(f["before"][0]) if f["before"] else "—"
        after = pick(f["after"][0]) if f["after"] else "—"
        mark = " ★ 1위 변경 (best pick changed)" if f["best_changed"] else ""
        print(f"    {f['firm_id']} {f['name']}: 1위 {before} → {after}{mark}")


def cmd_changes(args) -> int:
    from recommender import changes as changes_mod

    data_dir = _data_dir(args)
    c = changes_mod.changes(data_dir, args.from_version, args.to_version)
    if args.format == "json":
        sys.stdout.write(json.dumps(c, ensure_ascii=False, indent=2) + "\n")
    else:
        print_changes(c, args.lang)
    return 0


def cmd_versions(args) -> int:
    from features import versions
    from features.build import load_knowledge
    from features.vintage import period_label

    data_dir = _data_dir(args)
    kb = load_knowledge(data_dir)
    kept = set(versions.kept_versions(data_dir))
    rows = versions.history(data_dir)
    if args.format == "json":
        sys.stdout.write(json.dumps({"current": kb.data_version, "versions": [
            {**e, "kept": e["version"] in kept, "current": e["version"] == kb.data_version} for e in rows]},
            ensure_ascii=False, indent=2) + "\n")  # fmt: skip
        return 0
    for e in rows:
        period = period_label(*e.get("evidence_period", [0, 0])) if e.get("evidence_period") else "?"
        mark = "*" if e["version"] == kb.data_version else " "
        print(f"{mark} {e['version']}  {e.get('built_at', '?')}  근거 {period}  facts {sum(e.get('facts', {}).values())}"
              f"  docs {len(e.get('documents', {}))}{'' if e['version'] in kept else '  (not kept)'}")  # fmt: skip
    return 0


def cmd_init_data(args) -> int:
    from features.workspace import init_data_dir

    target = init_data_dir(args.target)
    print(f"team data directory created: {target}\n  use it with: KOCN_DATA_DIR={target} (or --data-dir {target})")
    return 0


def add_commands(sub) -> None:
    c = sub.add_parser("candidates", help="candidate facts of an ingested report, with their review status")
    c.add_argument("doc_id")
    c.add_argument("--format", choices=("table", "json", "csv"), default="table")
    c.add_argument("--status", choices=("pending", "accepted", "edited", "rejected", "merged"))
    c.set_defaults(func=cmd_candidates)

    r = sub.add_parser("review", help="accept / edit / reject / merge candidates; rebuild and print what changed")
    r.add_argument("doc_id")
    r.add_argument("--accept", help="candidate ids, comma-separated (c0001 or the full id)")
    r.add_argument("--reject", help="candidate ids, comma-separated")
    r.add_argument("--merge", help="CANDIDATE=FACT_ID,… (the candidate restates an existing fact)")
    r.add_argument("--edit", help="one candidate to accept with changed fields (give --set FIELD=VALUE)")
    r.add_argument("--set", action="append", help="FIELD=VALUE for --edit (region_id, city, sector_id, dimension, "
                   "indicator, value, unit, year, strength, tags, check, note_ko, note_en)")  # fmt: skip
    r.add_argument("--undo-last", action="store_true", help="take back the last action still in effect")
    r.add_argument("--by", help="reviewer name written to the review log (default $USER)")
    r.add_argument("--no-rebuild", action="store_true", help="do not rebuild the profiles afterwards")
    r.add_argument("--format", choices=("table", "json"), default="table")
    r.set_defaults(func=cmd_review)

    ch = sub.add_parser("changes", help="what changed between two data versions (profiles, reference firms)")
    ch.add_argument("--from", dest="from_version", required=True, help="a data version (12 characters, a unique "
                    "prefix of 4 or more) or 'previous'")  # fmt: skip
    ch.add_argument("--to", dest="to_version", default="current", help="default: the current data")
    ch.add_argument("--format", choices=("table", "json"), default="table")
    ch.add_argument("--lang", choices=("ko", "en"), default="ko")
    ch.set_defaults(func=cmd_changes)

    v = sub.add_parser("versions", help="the data versions built in this data directory (history)")
    v.add_argument("--format", choices=("table", "json"), default="table")
    v.set_defaults(func=cmd_versions)

    i = sub.add_parser("init-data", help="create a team data directory from the bundled data")
    i.add_argument("target")
    i.set_defaults(func=cmd_init_data)
