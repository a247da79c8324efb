"""Command line (DESIGN.md contract 8): ``python -m recommender recommend|screen|shortlist|profiles``.

Exit 0 on success; exit 2 on unusable input with one clear sentence on stderr. Rejected firm rows are never dropped
silently: they are counted on stderr and written to ``--errors`` (default ``OUT.errors.csv``).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import pandas as pd

from features.build import KnowledgeBase, load_knowledge
from features.corpus import CorpusError
from features.facts import BuildError
from features.firms import FirmInputError, read_firms
from recommender import exporting
from recommender.engine import METHODS, Recommender, RecommendError
from recommender.profiles_view import profiles_frame, profiles_json
from recommender.report import near_miss_lines, recommendation_markdown, recommendation_table
from recommender.screening import iter_screen, shortlist_table
from recommender.weights import WeightsError, parse_weights, preset_weights


class UsageError(ValueError):
    """Unusable input or arguments: exit 2 with this message."""


def _weights(args):
    if args.weights and args.preset:
        raise UsageError("give either --preset or --weights, not both")
    return parse_weights(args.weights) if args.weights else preset_weights(args.preset or "balanced")


def _knowledge(args) -> KnowledgeBase:
    return load_knowledge(args.data_dir, rebuild=getattr(args, "rebuild", False))


def _report_rejections(batch, errors_path: Path | None, out: Path | None) -> None:
    print(f"firms: received {batch.received}, accepted {batch.accepted}, rejected {batch.rejected_rows}",
          file=sys.stderr)  # fmt: skip
    for w in batch.warnings:
        print(f"warning: {w}", file=sys.stderr)
    if batch.rejected:
        path = errors_path or (out.with_name(out.stem + ".errors.csv") if out else None)
        for e in batch.rejected[:10]:
            print(f"  row {e.row} ({e.firm_id or 'no id'}) {e.column}: {e.reason}", file=sys.stderr)
        if len(batch.rejected) > 10:
            print(f"  … {len(batch.rejected) - 10} more problems", file=sys.stderr)
        if path:
            path.write_bytes(exporting.csv_bytes(batch.errors_frame()))
            print(f"rejected rows written to {path}", file=sys.stderr)
    elif errors_path:
        errors_path.write_bytes(exporting.csv_bytes(batch.errors_frame()))


def cmd_profiles(args) -> int:
    kb = _knowledge(args)
    if args.format == "csv":
        sys.stdout.write(profiles_frame(kb).to_csv(index=False, lineterminator="\n"))
    else:
        sys.stdout.write(json.dumps(profiles_json(kb), ensure_ascii=False, indent=2) + "\n")
    return 0


def cmd_recommend(args) -> int:
    weights = _weights(args)
    kb = _knowledge(args)
    batch = read_firms(args.firm, kb.regions)
    if batch.accepted == 0:
        reason = batch.rejected[0] if batch.rejected else None
        raise UsageError(f"{args.firm}: the firm is not usable — {reason.column}: {reason.reason}" if reason else
                         f"{args.firm}: no firm found")  # fmt: skip
    if batch.received > 1 and not args.firm_id:
        print(f"note: {batch.received} firms in the file; recommending for the first "
              f"({batch.firms.firm_id[0]}); use --firm-id to choose", file=sys.stderr)  # fmt: skip
    i = 0
    if args.firm_id:
        hits = [k for k, f in enumerate(batch.firms.firm_id) if f == args.firm_id]
        if not hits:
            raise UsageError(f"firm_id {args.firm_id!r} is not among the accepted firms of {args.firm}")
        i = hits[0]
    rec = Recommender(kb)
    result = rec.recommend(batch.firms, i, weights, top=args.top, method=args.method)
    if args.format == "json":
        sys.stdout.write(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
    elif args.format == "md":
        sys.stdout.write(recommendation_markdown(result, kb, lang=args.lang))
    elif args.format in ("csv", "xlsx"):
        if not args.out:
            raise UsageError(f"--format {args.format} writes a file: give --out FILE.{args.format}")
        table = recommendation_table(result, kb, lang=args.lang)
        info = exporting.run_info(kb.data_version, result["weights"], args.method, kb.vintage,
                                  {"firm_id": result["firm_id"]})  # fmt: skip
        exporting.write_table(table, Path(args.out), info=info)
        print(f"wrote {args.out}", file=sys.stderr)
    else:
        print("\n".join(near_miss_lines(result, kb, lang=args.lang)))
        if result["recommendations"]:
            sys.stdout.write(recommendation_table(result, kb, lang=args.lang).to_string(index=False) + "\n")
        if result.get("ties"):
            print(result["ties"][args.lang])
        print(f"\n데이터 기준: 2018년 보고서 (data vintage {kb.vintage}), data version {kb.data_version}")
    return 0


def _out_path(value: str) -> Path:
    out = Path(value)
    if out.suffix.lower() not in exporting.OUTPUT_FORMATS:
        raise UsageError(f"--out {value}: use a file ending in {', '.join(exporting.OUTPUT_FORMATS)}")
    return out


def _progress(done: int, total: int) -> None:
    if total >= 50_000 and sys.stderr.isatty() or total >= 200_000:
        print(f"\rscored {done:,}/{total:,} firms", end="\n" if done == total else "", file=sys.stderr)


def cmd_screen(args) -> int:
    """Every format is streamed chunk by chunk (:mod:`recommender.writers`): lean rows plus the companion table of
    opportunities by default, today's flat rows with ``--wide``."""
    from recommender.screening import _Lookups
    from recommender.writers import ScreenOutput, companion_path

    weights = _weights(args)
    out = _out_path(args.out)
    kb = _knowledge(args)
    rec = Recommender(kb)
    errors = Path(args.errors) if args.errors else None
    layout = "wide" if args.wide else "lean"
    look = _Lookups(rec)
    if args.engine == "dask":
        from recommender.distributed import screen_dask_frames

        batch, frames = screen_dask_frames(rec, args.firms, weights, top=args.top, method=args.method,
                                           scheduler=args.scheduler, workers=args.workers, layout=layout,
                                           **({"block_bytes": args.block_bytes} if args.block_bytes else {}))  # fmt: skip
    else:
        batch = read_firms(args.firms, kb.regions)
        frames = iter_screen(rec, batch.firms, weights, top=args.top, method=args.method, progress=_progress,
                             layout=layout, look=look) if batch.accepted > 0 else iter(())  # fmt: skip
    if batch.accepted == 0:
        _report_rejections(batch, errors, out)
        raise UsageError(f"{args.firms}: no usable firm rows ({batch.rejected_rows} rejected) — see the errors above")
    writer = ScreenOutput(out, look, layout)
    for frame in frames:
        writer.write(frame)
    info = exporting.run_info(kb.data_version, weights.as_dict(), args.method, kb.vintage,
                              {"firms received / 접수": batch.received, "accepted / 승인": batch.accepted,
                               "rejected / 거부": batch.rejected_rows,
                               "layout / 형식": f"{layout} ({'기회별 정보는 opportunities 표' if layout == 'lean' else '한 행에 모두'})"})  # fmt: skip
    writer.close(rejected=batch.errors_frame(), info=info)
    _report_rejections(batch, errors, out)
    companion = f" (+ {companion_path(out).name})" if layout == "lean" and out.suffix.lower() in (".csv", ".parquet") else ""
    print(f"wrote {writer.rows} rows for {batch.accepted} firms to {out}{companion}", file=sys.stderr)
    return 0


def cmd_shortlist(args) -> int:
    weights = _weights(args)
    out = _out_path(args.out)
    region_id, sep, sector_id = args.opportunity.partition("/")
    if not sep:
        raise UsageError(f"opportunity {args.opportunity!r} must be REGION_ID/SECTOR_ID, e.g. CN-ZJ/smart_city")
    kb = _knowledge(args)
    rec = Recommender(kb)
    rec.opportunity_index(region_id, sector_id)  # fail early with a clear message
    batch = read_firms(args.firms, kb.regions)
    if batch.accepted == 0:
        _report_rejections(batch, Path(args.errors) if args.errors else None, out)
        raise UsageError(f"{args.firms}: no usable firm rows — see the errors above")
    table = shortlist_table(rec, region_id, sector_id, batch.firms, weights, top=args.top, method=args.method,
                            min_score=args.min_score)  # fmt: skip
    _report_rejections(batch, Path(args.errors) if args.errors else None, out)
    a = table.attrs
    info = exporting.run_info(kb.data_version, weights.as_dict(), args.method, kb.vintage,
                              {"opportunity / 기회": args.opportunity,
                               "not covered / 핵심 역량 미달·진입 경로 없음": a.get("not_covered", 0),
                               "excluded the region / 지역 제외": a.get("excluded", 0)})  # fmt: skip
    exporting.write_table(table, out, info=info, rejected=batch.errors_frame(), sheet="후보 shortlist")
    print(f"wrote {len(table)} firms to {out}; {a.get('not_covered', 0):,} firms do not pass the opportunity's "
          f"coverage gate (핵심 역량 미달 또는 열린 진입 경로 없음), {a.get('excluded', 0):,} exclude the region",
          file=sys.stderr)  # fmt: skip
    return 0


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m recommender", description="한·중 협력 기회 추천 / Korea–China "
                                "cooperation opportunity recommender (data: 2018 reports)")  # fmt: skip
    p.add_argument("--data-dir", default=None, help="data folder (default: the project's data/)")
    sub = p.add_subparsers(dest="command", required=True)

    def scoring(sp, top_default):
        sp.add_argument("--top", type=int, default=top_default, help=f"how many (default {top_default})")
        sp.add_argument("--preset", help="conservative|balanced|growth (안정형|균형형|성장형)")
        sp.add_argument("--weights", help="fit=..,policy=..,demand=..,risk=.. (normalised to sum 1)")
        sp.add_argument("--method", choices=METHODS, default="wsm", help="aggregator (default wsm)")

    r = sub.add_parser("recommend", help="ranked opportunities and entry strategies for one firm")
    r.add_argument("firm", help="FIRM.json (or a .csv/.xlsx; the first firm, or --firm-id)")
    r.add_argument("--firm-id")
    r.add_argument("--format", choices=("table", "json", "md", "csv", "xlsx"), default="table")
    r.add_argument("--out", help="file for --format csv|xlsx")
    r.add_argument("--lang", choices=("ko", "en"), default="ko")
    scoring(r, 5)
    r.set_defaults(func=cmd_recommend)

    s = sub.add_parser("screen", help="shortlists for many firms")
    s.add_argument("firms", help="FIRMS.csv|xlsx|json|parquet (with --engine dask: a folder or glob of parts)")
    s.add_argument("--out", required=True, help="OUT.csv|xlsx|json|parquet")
    s.add_argument("--errors", help="where to write rejected rows (default OUT.errors.csv)")
    s.add_argument("--engine", choices=("local", "dask"), default="local")
    s.add_argument("--scheduler", help="dask scheduler address (default: a LocalCluster)")
    s.add_argument("--workers", type=int, default=2, help="LocalCluster workers (default 2)")
    s.add_argument("--block-bytes", type=int, default=None, help="--engine dask: split one big CSV/Parquet file "
                   "into blocks of about this many bytes, one task each (default 32 MB)")  # fmt: skip
    s.add_argument("--wide", action="store_true", help="one flat row with names, evidence and implications (default: "
                   "lean rows + an opportunities table; docs/DATA.md)")  # fmt: skip
    scoring(s, 5)
    s.set_defaults(func=cmd_screen)

    sl = sub.add_parser("shortlist", help="firms ranked for one opportunity REGION_ID/SECTOR_ID")
    sl.add_argument("opportunity", help="e.g. CN-ZJ/smart_city")
    sl.add_argument("firms")
    sl.add_argument("--out", required=True)
    sl.add_argument("--errors")
    scoring(sl, 20)
    sl.add_argument("--min-score", type=float, default=None, help="leave out firms scoring below this (0–1)")
    sl.set_defaults(func=cmd_shortlist)

    pr = sub.add_parser("profiles", help="every region × sector profile with its evidence")
    pr.add_argument("--format", choices=("json", "csv"), default="json")
    pr.add_argument("--rebuild", action="store_true", help="rebuild the artifact even if it is current")
    pr.set_defaults(func=cmd_profiles)
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if getattr(args, "top", 1) is not None and getattr(args, "top", 1) < 1:
        print("error: --top must be at least 1", file=sys.stderr)
        return 2
    try:
        return args.func(args)
    except (UsageError, FirmInputError, WeightsError, RecommendError, BuildError, CorpusError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except pd.errors.ParserError as exc:
        print(f"error: the file could not be parsed as a table ({exc})", file=sys.stderr)
        return 2
