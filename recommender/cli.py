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
from recommender import exporting, present
from recommender.engine import METHODS, Recommender, RecommendError
from recommender.profiles_view import profiles_frame, profiles_json
from recommender.report import (
    near_miss_lines,
    recommendation_csv_bytes,
    recommendation_html,
    recommendation_markdown,
    recommendation_table,
    recommendation_workbook,
)
from recommender.screening import iter_screen, shortlist_table, write_screen
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
        sys.stdout.write(recommendation_markdown(result, kb, lang=args.lang, firm=batch.firms.firm(i)))
    elif args.format == "html":
        sys.stdout.write(recommendation_html(result, kb, lang=args.lang, firm=batch.firms.firm(i)))
    elif args.format in ("csv", "xlsx"):
        if not args.out:
            raise UsageError(f"--format {args.format} writes a file: give --out FILE.{args.format}")
        firm = batch.firms.firm(i)
        out = Path(args.out)
        out.parent.mkdir(parents=True, exist_ok=True)
        if args.format == "csv":  # the table, then the settings and the firm's inputs
            out.write_bytes(recommendation_csv_bytes(result, kb, args.lang, firm))
        else:  # 추천 · 근거 · 역량 · 기업 입력 · 정보, in --lang
            out.write_bytes(exporting.xlsx_bytes(recommendation_workbook(result, kb, args.lang, {}, firm)))
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
    weights = _weights(args)
    out = _out_path(args.out)
    kb = _knowledge(args)
    rec = Recommender(kb)
    errors = Path(args.errors) if args.errors else None
    stream = out.suffix.lower() != ".xlsx"  # csv/json/parquet are written chunk by chunk: memory stays bounded
    if args.headers == "ko" and args.engine == "dask" and stream:
        raise UsageError("--headers ko with --engine dask: write an .xlsx, or use --engine local")
    if args.engine == "dask":
        from recommender.distributed import screen_dask, screen_dask_to_file

        run = dict(top=args.top, method=args.method, scheduler=args.scheduler, workers=args.workers)
        if stream:
            rows, batch = screen_dask_to_file(rec, args.firms, weights, out, **run)
        else:
            table, batch = screen_dask(rec, args.firms, weights, **run)
    else:
        batch = read_firms(args.firms, kb.regions)
        if batch.accepted > 0:
            frames = iter_screen(rec, batch.firms, weights, top=args.top, method=args.method, progress=_progress)
            if batch.extra is not None and out.suffix.lower() in (".csv", ".xlsx", ".json"):
                own = present.extra_index(batch.extra)  # the input's own columns (담당자 …), carried through
                frames = (present.join_extra(f, own) for f in frames)
            frames = (present.screen_headers(f, args.headers) for f in frames)
            if stream:
                rows = write_screen(frames, out)
            else:
                table = pd.concat(list(frames), ignore_index=True)
    _report_rejections(batch, errors, out)
    if batch.accepted == 0:
        raise UsageError(f"{args.firms}: no usable firm rows ({batch.rejected_rows} rejected) — see the errors above")
    if not stream:
        info = exporting.run_info(kb.data_version, weights.as_dict(), args.method, kb.vintage,
                                  {"preset / 프리셋": weights.preset or "custom",
                                   "firms received / 접수": batch.received, "accepted / 승인": batch.accepted,
                                   "rejected / 거부": batch.rejected_rows})  # fmt: skip
        table = present.screen_headers(table, args.headers)
        exporting.write_table(table, out, info=info, rejected=batch.errors_frame(), sheet="추천 results")
        rows = len(table)
    print(f"wrote {rows} rows for {batch.accepted} firms to {out}", file=sys.stderr)
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
                              {"preset / 프리셋": weights.preset or "custom", "opportunity / 기회": args.opportunity,
                               "not covered / 핵심 역량 미달·진입 경로 없음": a.get("not_covered", 0),
                               "excluded the region / 지역 제외": a.get("excluded", 0)})  # fmt: skip
    table = present.screen_headers(table, args.headers)
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
    r.add_argument("--format", choices=("table", "json", "md", "html", "csv", "xlsx"), default="table",
                   help="html: the printable report (A4); csv/xlsx need --out")
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
    scoring(s, 5)
    s.add_argument("--headers", choices=("en", "ko"), default="en",
                   help="column names: en (the machine-readable contract, default) or ko (기업ID, 순위, 점수 …)")
    s.set_defaults(func=cmd_screen)

    sl = sub.add_parser("shortlist", help="firms ranked for one opportunity REGION_ID/SECTOR_ID")
    sl.add_argument("opportunity", help="e.g. CN-ZJ/smart_city")
    sl.add_argument("firms")
    sl.add_argument("--out", required=True)
    sl.add_argument("--errors")
    scoring(sl, 20)
    sl.add_argument("--min-score", type=float, default=None, help="leave out firms scoring below this (0–1)")
    sl.add_argument("--headers", choices=("en", "ko"), default="en", help="column names: en (default) or ko")
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
