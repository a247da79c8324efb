"""Command line (DESIGN.md contracts 8 and 10): ``python -m recommender recommend|screen|shortlist|search|profiles``,
and ``candidates|review|changes|versions|init-data`` (``recommender.cli_review``).

Exit 0 on success; exit 2 on unusable input with one clear sentence on stderr. Rejected firm rows are never dropped
silently: they are counted on stderr and written to ``--errors`` (default ``OUT.errors.csv``).
"""

from __future__ import annotations

import argparse
import errno
import json
import os
import sys
import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING

# Imports are made where a command needs them (issue 19): ``--help`` loads no NumPy or pandas, and one recommendation
# loads neither scikit-learn nor SciPy (features.build reads the core build, without the search index and tagger).
if TYPE_CHECKING:
    from features.atomic import OutputSet
    from features.build import KnowledgeBase

#: the aggregators offered by --method (recommender.engine.METHODS; tests/test_cli.py checks they agree)
METHODS = ("wsm", "topsis")

#: exceptions that mean unusable input or arguments: exit 2 with their message. Each is looked up only when its
#: module has been imported (an exception of a module never imported cannot have been raised).
CLEAN_ERRORS = (
    ("features.firms", "FirmInputError"), ("recommender.weights", "WeightsError"),
    ("recommender.engine", "RecommendError"), ("features.facts", "BuildError"), ("features.corpus", "CorpusError"),
    ("recommender.exporting", "ExportError"), ("features.ingest.base", "IngestError"),
    ("features.ingest.review", "ReviewError"), ("features.ingest.reviewlog", "ReviewLogError"),
    ("features.ingest.candidates", "CandidateFileError"), ("features.workspace", "WorkspaceError"),
    ("features.versions", "VersionError"), ("features.atomic", "LockedError"),
)  # fmt: skip


class UsageError(ValueError):
    """Unusable input or arguments: exit 2 with this message."""


def term_safe(text: object) -> str:
    """``text`` with control and format characters (ESC, BEL, NUL, bidi overrides, zero-width …) shown as ``\\x1b``
    / ``\\u202e`` escapes, so nothing read from a file can drive the terminal."""
    out = []
    for ch in str(text):
        if unicodedata.category(ch) in ("Cc", "Cf") and ch != "\n":
            out.append(f"\\x{ord(ch):02x}" if ord(ch) < 0x100 else f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return "".join(out)


def say(*parts: object, end: str = "\n") -> None:
    """One line on stderr, escaped (:func:`term_safe`)."""
    print(term_safe(" ".join(str(p) for p in parts)), end=end, file=sys.stderr, flush=True)


def _weights(args):
    from recommender.weights import parse_weights, preset_weights

    if args.weights and args.preset:
        raise UsageError("give either --preset or --weights, not both")
    return parse_weights(args.weights) if args.weights else preset_weights(args.preset or "balanced")


def _knowledge(args) -> KnowledgeBase:
    from features.build import load_knowledge

    return load_knowledge(args.data_dir, rebuild=getattr(args, "rebuild", False))


# ---------------------------------------------------------------- output paths, checked before any computing


def _same(a: Path, b: Path) -> bool:
    try:
        if a.exists() and b.exists():
            return os.path.samefile(a, b)
    except OSError:
        pass
    return os.path.normcase(os.path.abspath(a)) == os.path.normcase(os.path.abspath(b))


def input_files(source: str) -> list[Path]:
    """The files a firm source is read from (the file, or every part of a folder or glob); [] if none yet."""
    from features.firms import FirmInputError, is_multi_source, list_firm_parts

    if "://" in str(source):
        return []
    try:
        return [p for _, p in list_firm_parts(source)] if is_multi_source(source) else [Path(source)]
    except FirmInputError:
        return [Path(source)]


def check_writable(path: Path, flag: str) -> None:
    """Refuse (exit 2, before any computing) a path that cannot be written: a folder, a path under a file, a
    read-only place. Nothing is created or changed by the check (a probe file is made and removed)."""
    import tempfile

    if path.is_dir():
        raise UsageError(f"{flag} {path}: 폴더입니다 — 파일 이름을 주세요 (is a folder: give a file name)")
    parent = path.parent if str(path.parent) else Path(".")
    ancestor = parent
    while not ancestor.exists():
        if ancestor.parent == ancestor:
            break
        ancestor = ancestor.parent
    if ancestor.exists() and not ancestor.is_dir():
        raise UsageError(f"{flag} {path}: {ancestor}은(는) 폴더가 아니라 파일입니다 ({ancestor} is a file, not a folder)")
    try:
        if path.exists():
            with path.open("r+b"):
                pass
        else:
            fd, probe = tempfile.mkstemp(prefix=".write-check-", dir=ancestor)
            os.close(fd)
            os.unlink(probe)
    except OSError as exc:
        raise UsageError(f"{flag} {path}: 쓸 수 없습니다 (cannot write here: {exc.strerror or exc})") from None


def check_outputs(source: str | None, out: Path | None, errors: Path | None, errors_flag: str = "--errors",
                  companion: Path | None = None) -> None:  # fmt: skip
    """Every path the run writes (the output, its companion table, the errors file) is writable and distinct from
    the others and from every input file (issues 11, 20)."""
    from features.firms import PART_SUFFIXES

    inputs = input_files(source) if source else []
    comp_flag = f"--out's companion table {companion.name if companion else ''}"
    named = [(out, "--out"), (companion, comp_flag), (errors, errors_flag)]
    for path, flag in named:
        if path is None:
            continue
        for f in inputs:
            if _same(path, f):
                raise UsageError(f"{flag} {path}: 입력 파일과 같습니다 — 다른 이름을 주세요 ({flag} is the input file "
                                 "and would be overwritten: give another name)")  # fmt: skip
        if source and Path(source).is_dir() and _same(path.parent, Path(source)) and \
                path.suffix.lower() in PART_SUFFIXES and flag == "--out":  # fmt: skip
            raise UsageError(f"{flag} {path}: 입력 폴더 안에 쓰면 다음에 입력으로 읽힙니다 ({flag} is inside the "
                             "input folder and would be read as a part next time: write it elsewhere)")  # fmt: skip
    if out is not None and errors is not None and _same(out, errors):
        raise UsageError(f"{errors_flag} {errors}: --out과 같습니다 ({errors_flag} is the same file as --out: give "
                         "another name)")  # fmt: skip
    if companion is not None and errors is not None and _same(companion, errors):
        raise UsageError(f"{errors_flag} {errors}: --out의 기회 표({companion.name})와 같습니다 ({errors_flag} is the "
                         f"file --out writes its opportunities table to: give another name)")  # fmt: skip
    for path, flag in named:
        if path is not None:
            check_writable(path, flag)


def default_errors_path(out: Path | None) -> Path | None:
    return out.with_name(out.stem + ".errors.csv") if out else None


def _profile_summary(batch) -> list[str]:
    """Where the accepted firms' capabilities came from, and the KSIC codes that were not understood (issue 17)."""
    if not len(batch.firms) and not getattr(batch, "source_totals", None):
        return []
    counts = batch.source_counts()
    lines = []
    if counts["given"] != batch.accepted:
        lines.append(f"capabilities / 역량: given 입력 {counts['given']}, inferred 추정 {counts['inferred']} (KSIC code + "
                     f"products — estimates to confirm / 확인이 필요한 추정치), mixed 혼합 {counts['mixed']}, "
                     f"none 정보 없음 {counts['none']}")  # fmt: skip
    if batch.unknown_codes:
        shown = ", ".join(f"{c!r} ({n})" for c, n in sorted(batch.unknown_codes.items())[:20])
        more = f" … {len(batch.unknown_codes) - 20} more" if len(batch.unknown_codes) > 20 else ""
        lines.append(f"KSIC codes not understood / 알 수 없는 업종코드 (firms): {shown}{more}")
    return lines


def _report_rejections(batch, errors_path: Path | None, out: Path | None, outs: OutputSet | None = None) -> None:
    """Counts and the first problems on stderr; the rejected rows to the errors file (through ``outs``, the run's
    set of outputs, when given: renamed into place with the rest)."""
    def put(path: Path, data: bytes) -> None:
        outs.write_bytes(path, data) if outs is not None else path.write_bytes(data)
    from recommender import exporting

    say(f"firms: received {batch.received}, accepted {batch.accepted}, rejected {batch.rejected_rows}")
    for line in _profile_summary(batch):
        say(line)
    if batch.notes:
        say("read: " + "; ".join(batch.notes))
    for w in batch.warnings:
        say(f"warning: {w}")
    path = errors_path or default_errors_path(out)
    if batch.rejected:
        for e in batch.rejected[:10]:
            say(f"  row {e.row} ({e.firm_id or 'no id'}) {e.column}: {e.reason}")
        if len(batch.rejected) > 10:
            say(f"  … {len(batch.rejected) - 10} more problems")
        if path:
            path.parent.mkdir(parents=True, exist_ok=True)
            put(path, exporting.csv_bytes(batch.errors_frame()))
            say(f"rejected rows written to {path}")
    elif path and (errors_path or path.exists()):
        # a clean run leaves no stale list of rejections from an earlier run behind: the file is rewritten empty
        put(path, exporting.csv_bytes(batch.errors_frame()))
        if not errors_path:
            say(f"no rejected rows: {path} (from an earlier run) now lists none")


def _notes(notes: list[str]) -> None:
    for n in notes:
        say(f"note: {n}")


def cmd_profiles(args) -> int:
    from recommender.profiles_view import profiles_frame, profiles_json

    kb = _knowledge(args)
    if args.format == "csv":
        sys.stdout.write(profiles_frame(kb).to_csv(index=False, lineterminator="\n"))
    else:
        sys.stdout.write(json.dumps(profiles_json(kb), ensure_ascii=False, indent=2) + "\n")
    return 0


def cmd_recommend(args) -> int:
    from features.firms import id_key, read_firms
    from recommender.compiled import recommender_for

    weights = _weights(args)
    out = Path(args.out) if args.out else None
    if args.format in ("csv", "xlsx"):
        if not out:
            raise UsageError(f"--format {args.format} writes a file: give --out FILE.{args.format}")
        if out.suffix.lower() != f".{args.format}":
            raise UsageError(f"--out {out.name}: --format {args.format}에는 .{args.format} 파일 이름을 주세요 (--format "
                             f"{args.format} writes .{args.format}, but --out ends in {out.suffix or 'nothing'})")  # fmt: skip
        check_outputs(args.firm, out, None)
    elif out:
        raise UsageError(f"--out은 --format csv 또는 xlsx와 함께 씁니다 (--out is for --format csv|xlsx; --format "
                         f"{args.format} prints to the screen)")  # fmt: skip
    kb = _knowledge(args)
    batch = read_firms(args.firm, kb.regions, sheet=args.sheet)
    if batch.received > 1 or batch.rejected or batch.warnings:
        _report_rejections(batch, None, None)
    if batch.accepted == 0:
        reason = batch.rejected[0] if batch.rejected else None
        raise UsageError(f"{args.firm}: the firm is not usable — {reason.column}: {reason.reason}" if reason else
                         f"{args.firm}: no firm found")  # fmt: skip
    if batch.received > 1 and not args.firm_id:
        say(f"note: {batch.received} firms in the file; recommending for the first "
            f"({batch.firms.firm_id[0]}); use --firm-id to choose")  # fmt: skip
    i = 0
    if args.firm_id:
        want = id_key(args.firm_id)
        hits = [k for k, f in enumerate(batch.firms.firm_id) if id_key(f) == want]
        if not hits:
            raise UsageError(f"firm_id {args.firm_id!r} is not among the accepted firms of {args.firm}")
        i = hits[0]
    rec = recommender_for(kb)  # Recommender(kb), its arrays read from the build cache
    result = rec.recommend(batch.firms, i, weights, top=args.top, method=args.method)
    from features.firms.profile import profile_json
    from recommender.industry_scope import apply_industry_gate, industry_scope

    result.update({k: v for k, v in profile_json(batch.firms.firm(i)).items() if k not in result})
    result = apply_industry_gate(result, batch.firms.firm(i), industry_scope(kb, batch.firms.firm(i)))
    if args.format == "json":
        from recommender.summary import summary_json

        # panel 9: the three-line summary, a new key (nothing renamed)
        result = {**result, "summary": summary_json(result, kb, batch.firms.firm(i))}
        sys.stdout.write(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
        return 0
    from recommender import exporting
    from recommender.report import (
        near_miss_lines,
        recommendation_csv_bytes,
        recommendation_html,
        recommendation_markdown,
        recommendation_table,
        recommendation_workbook,
    )

    if args.format == "md":
        sys.stdout.write(recommendation_markdown(result, kb, lang=args.lang, firm=batch.firms.firm(i)))
    elif args.format == "html":
        sys.stdout.write(recommendation_html(result, kb, lang=args.lang, firm=batch.firms.firm(i)))
    elif args.format in ("csv", "xlsx"):
        firm = batch.firms.firm(i)
        if args.format == "csv":  # the table, then the settings and the firm's inputs
            data = recommendation_csv_bytes(result, kb, args.lang, firm)
        else:  # 추천 · 근거 · 역량 · 기업 입력 · 정보, in --lang
            data = exporting.xlsx_bytes(recommendation_workbook(result, kb, args.lang, {}, firm))
        from features.atomic import OutputSet

        with OutputSet(out, what="this recommendation file") as outs:
            outs.write_bytes(out, data)
            outs.commit()
        say(f"wrote {out}")
    else:
        print(term_safe("\n".join(near_miss_lines(result, kb, lang=args.lang))))
        if result["recommendations"]:
            sys.stdout.write(term_safe(recommendation_table(result, kb, lang=args.lang).to_string(index=False)) + "\n")
        if result.get("ties"):
            print(result["ties"][args.lang])
        print(f"\n데이터 기준: {kb.period_label}년 보고서 (data vintage {kb.vintage}), data version {kb.data_version}")
    return 0


def _out_path(value: str) -> Path:
    from recommender import exporting

    out = Path(value)
    if out.suffix.lower() not in exporting.OUTPUT_FORMATS:
        raise UsageError(f"--out {value}: use a file ending in {', '.join(exporting.OUTPUT_FORMATS)}")
    return out


def _progress(done: int, total: int) -> None:
    """Scoring progress on stderr for long runs: one line rewritten in place on a terminal, one line per update
    otherwise (a log file gets readable lines, not carriage returns)."""
    tty = sys.stderr.isatty()
    if total >= 50_000 and tty:
        print(f"\rscored {done:,}/{total:,} firms", end="\n" if done == total else "", file=sys.stderr, flush=True)
    elif total >= 200_000:
        print(f"scored {done:,}/{total:,} firms", file=sys.stderr, flush=True)


def _xlsx_rows_check(out: Path, rows: int, rejected: int) -> None:
    """Before computing: the results and the rejected rows must each fit one Excel sheet (numbers in the message)."""
    from recommender import exporting

    if out.suffix.lower() != ".xlsx":
        return
    try:
        exporting.check_xlsx_rows(rows, "the results")
        exporting.check_xlsx_rows(rejected, "the rejected rows")
    except exporting.ExportError as exc:
        raise UsageError(str(exc)) from None


def _sheet(args, source: str) -> str | None:
    from features.firms import is_multi_source

    if args.sheet and (is_multi_source(source) or "://" in str(source)):
        raise UsageError("--sheet는 엑셀 파일 하나에만 쓸 수 있습니다 (--sheet applies to one workbook, not a folder of parts)")
    return args.sheet


def cmd_screen(args) -> int:
    """Every format is streamed chunk by chunk (:mod:`recommender.writers`): lean rows plus the companion table of
    opportunities by default, today's flat rows with ``--wide``."""
    from recommender.writers import companion_path

    weights = _weights(args)
    out = _out_path(args.out)
    errors = Path(args.errors) if args.errors else None
    layout = "wide" if args.wide else "lean"
    comp = companion_path(out) if layout == "lean" and out.suffix.lower() in (".csv", ".parquet") else None
    check_outputs(args.firms, out, errors or default_errors_path(out),
                  "--errors" if errors else "--errors (default OUT.errors.csv)", companion=comp)
    sheet = _sheet(args, args.firms)
    from features.atomic import OutputSet

    with OutputSet(out, [comp, errors or default_errors_path(out)], what="this screening output") as outs:
        return _screen(args, weights, out, errors, layout, sheet, outs)


def _screen(args, weights, out: Path, errors: Path | None, layout: str, sheet, outs: OutputSet) -> int:
    import numpy as np
    import pandas as pd

    from recommender import exporting, present
    from recommender.engine import Recommender
    from recommender.screening import _Lookups, iter_screen
    from recommender.writers import ScreenOutput, companion_path

    kb = _knowledge(args)
    if args.engine == "dask":
        rec = Recommender(kb)
        if args.headers == "ko" and out.suffix.lower() != ".xlsx":
            raise UsageError("--headers ko with --engine dask: write an .xlsx, or use --engine local")
        look = _Lookups(rec)
        from recommender.distributed import screen_dask_frames

        batch, frames = screen_dask_frames(rec, args.firms, weights, top=args.top, method=args.method,
                                           scheduler=args.scheduler, workers=args.workers, layout=layout,
                                           processes=args.dask_processes,
                                           **({"block_bytes": args.block_bytes} if args.block_bytes else {}))  # fmt: skip
    else:
        rec, look, batch = _engine_beside_reading(args, kb, sheet)
        frames = iter_screen(rec, batch.firms, weights, top=args.top, method=args.method, progress=_progress,
                             layout=layout, look=look) if batch.accepted > 0 else iter(())  # fmt: skip
    if batch.accepted == 0:
        _report_rejections(batch, errors, out, outs)
        outs.commit(only=[errors or default_errors_path(out)])
        raise UsageError(f"{args.firms}: no usable firm rows ({batch.rejected_rows} rejected) — see the errors above")
    extra_cols: list[str] = []
    if getattr(batch, "extra", None) is not None and out.suffix.lower() in (".csv", ".xlsx", ".json"):
        own = present.extra_index(batch.extra)  # the input's own columns (담당자 …), carried through unchanged
        extra_cols = list(own.columns)
        frames = (present.join_extra(f, own) for f in frames)
    if layout == "wide" and len(batch.firms) and (np.asarray(batch.firms.capability_source) != 0).any():
        # the vector each firm was scored with (inferred values marked ~) and why, beside its rows (issue 17)
        from features.firms.profile import capability_strings

        vec, why = capability_strings(batch.firms)
        prof = pd.DataFrame({"firm_id": batch.firms.firm_id, "capabilities": vec, "capability_reason": why})
        extra_cols += [c for c in ("capabilities", "capability_reason") if c not in extra_cols]
        frames = (present.join_extra(f, prof) for f in frames)
    headers = columns = companion_view = None
    if args.headers == "ko":  # a file a person reads (issue 18 item 7): names and words first, machine ids last
        from recommender.screening import LEAN_COLUMNS, SCREEN_COLUMNS

        headers = present.SCREEN_HEADERS_KO_FILE
        columns = present.reader_columns(LEAN_COLUMNS if layout == "lean" else SCREEN_COLUMNS, extra_cols)
        frames = (present.screen_for_reader_ko(f, kb, columns) for f in frames)
        companion_view = lambda opps: present.opportunities_for_reader_ko(opps, kb)  # noqa: E731
    writer = ScreenOutput(out, look, layout, extra_columns=extra_cols, headers=headers, outputs=outs, columns=columns,
                          companion_view=companion_view)  # fmt: skip
    for frame in frames:
        writer.write(frame)
    info = exporting.run_info(kb.data_version, weights.as_dict(), args.method, kb.vintage,
                              {"preset / 프리셋": weights.preset or "custom",
                               "firms received / 접수": batch.received, "accepted / 승인": batch.accepted,
                               "rejected / 거부": batch.rejected_rows,
                               **({"capability source / 역량 출처": ", ".join(f"{k} {v}" for k, v in
                                                                          batch.source_counts().items())}
                                  if len(batch.firms) or batch.source_totals else {}),
                               "layout / 형식": f"{layout} ({'기회별 정보는 opportunities 표' if layout == 'lean' else '한 행에 모두'})"},
                              run_time=not args.reproducible, period=kb.period_label)  # fmt: skip
    writer.close(rejected=batch.errors_frame(), info=info)
    _notes(writer.notes)
    _report_rejections(batch, errors, out, outs)
    outs.commit()
    companion = f" (+ {companion_path(out).name})" if layout == "lean" and out.suffix.lower() in (".csv", ".parquet") else ""
    say(f"wrote {writer.rows} rows for {batch.accepted} firms to {out}{companion}")
    return 0


def _engine_beside_reading(args, kb, sheet):
    """``(Recommender(kb), _Lookups(rec), read_firms(...))``: the engine's tables and the result lookups (≈ 0.9 CPU-s)
    on a second thread while this one reads and validates the firm file (issue 19, perf14: Arrow's parse and compute
    release the GIL). The same objects as built one after the other, and no more memory at the reading's peak: both
    were built before the reading already. Not the numba import or the kernels' cache load: at 1M firms they put
    ≈ 140 MB on the reading's peak (1,011 MB measured, over the 1 GB target; benchmarks/README.md, perf14). An error of
    the engine's side is raised first, as when it was built before the reading."""
    from concurrent.futures import ThreadPoolExecutor

    from features.firms import read_firms

    def engine():
        from recommender.engine import Recommender
        from recommender.screening import _Lookups

        rec = Recommender(kb)
        return rec, _Lookups(rec)

    with ThreadPoolExecutor(max_workers=1) as pool:
        ready = pool.submit(engine)
        try:
            batch = read_firms(args.firms, kb.regions, sheet=sheet)
        except BaseException:
            ready.result()  # the engine's own error, if any, as before
            raise
        rec, look = ready.result()
    return rec, look, batch


def cmd_shortlist(args) -> int:
    weights = _weights(args)
    out = _out_path(args.out)
    errors = Path(args.errors) if args.errors else None
    if args.min_score is not None and not 0 <= args.min_score <= 1:  # also refuses nan
        raise UsageError(f"--min-score {args.min_score}: 0에서 1 사이의 수를 주세요 (give a number from 0 to 1: scores "
                         "lie in 0–1)")  # fmt: skip
    region_id, sep, sector_id = args.opportunity.partition("/")
    if not sep:
        raise UsageError(f"opportunity {args.opportunity!r} must be REGION_ID/SECTOR_ID, e.g. CN-ZJ/smart_city")
    check_outputs(args.firms, out, errors or default_errors_path(out),
                  "--errors" if errors else "--errors (default OUT.errors.csv)")
    sheet = _sheet(args, args.firms)
    from features.atomic import OutputSet

    with OutputSet(out, [errors or default_errors_path(out)], what="this shortlist") as outs:
        return _shortlist(args, weights, out, errors, region_id, sector_id, sheet, outs)


def _shortlist(args, weights, out: Path, errors: Path | None, region_id: str, sector_id: str, sheet,
               outs: OutputSet) -> int:  # fmt: skip
    from features.firms import read_firms
    from recommender import exporting, present
    from recommender.engine import Recommender
    from recommender.screening import shortlist_table

    kb = _knowledge(args)
    rec = Recommender(kb)
    rec.opportunity_index(region_id, sector_id)  # fail early with a clear message
    batch = read_firms(args.firms, kb.regions, sheet=sheet)
    _report_rejections(batch, errors, out, outs)
    if batch.accepted == 0:
        outs.commit(only=[errors or default_errors_path(out)])
        raise UsageError(f"{args.firms}: no usable firm rows — see the errors above")
    _xlsx_rows_check(out, min(args.top or batch.accepted, batch.accepted), len(batch.rejected))
    table = shortlist_table(rec, region_id, sector_id, batch.firms, weights, top=args.top, method=args.method,
                            min_score=args.min_score)  # fmt: skip
    a = table.attrs
    info = exporting.run_info(kb.data_version, weights.as_dict(), args.method, kb.vintage,
                              {"preset / 프리셋": weights.preset or "custom", "opportunity / 기회": args.opportunity,
                               "not covered / 핵심 역량 미달·진입 경로 없음": a.get("not_covered", 0),
                               "excluded the region / 지역 제외": a.get("excluded", 0)},
                              run_time=not args.reproducible, period=kb.period_label)  # fmt: skip
    if args.headers == "ko":  # as ``screen --headers ko``: names first, the ids last and labelled for machines
        cols = present.reader_columns(table.columns)
        table = present.screen_for_reader_ko(table, kb, cols).rename(columns=present.SCREEN_HEADERS_KO_FILE)
    _notes(exporting.write_table(table, outs.temp(out), info=info, rejected=batch.errors_frame(),
                                 sheet="후보 shortlist", fmt=out.suffix))  # fmt: skip
    outs.commit()
    say(f"wrote {len(table)} firms to {out}; {a.get('not_covered', 0):,} firms do not pass the opportunity's "
        f"coverage gate (핵심 역량 미달 또는 열린 진입 경로 없음), {a.get('excluded', 0):,} exclude the region")
    return 0


def search_json(kb: KnowledgeBase, query: str, top: int = 10, doc_id: str | None = None) -> dict:
    """``{"query", "results": [{"rank", "doc_id", "line_start", "line_end", "text", "score"}]}`` (contract 8)."""
    query = (query or "").strip()
    if not query:
        raise UsageError('the search query is empty: give one or more words, e.g. "자율주행 시범구역"')
    if doc_id and doc_id not in kb.docs:
        raise UsageError(f"unknown document {doc_id!r}: use one of {', '.join(kb.docs)}")
    hits = kb.index.search(query, top=top, doc_id=doc_id)
    return {"query": query, "results": [
        {"rank": i, "doc_id": p.doc_id, "line_start": p.line_start, "line_end": p.line_end, "text": p.text,
         "score": round(score, 4)} for i, (p, score) in enumerate(hits, start=1)]}  # fmt: skip


def typed_text(text: str, encoding: str | None = None) -> str:
    """A command-line argument as the user typed it. Python decodes ``argv`` with the locale's encoding and keeps
    bytes it cannot decode as lone surrogates (PEP 383); those bytes are decoded again here with ``encoding``, else
    the terminal's (the codeset of ``LC_ALL``/``LC_CTYPE``/``LANG``, e.g. ``ko_KR.CP949``, or stdin's), and refused
    with a sentence when none fits (issue 20)."""
    if not any("\ud800" <= ch <= "\udfff" for ch in text) and not encoding:
        return text
    raw = os.fsencode(text) if all(not "\ud800" <= ch <= "\udfff" or "\udc80" <= ch <= "\udcff" for ch in text) \
        else None  # fmt: skip
    # every codeset the environment names (Python may have coerced LC_CTYPE to C.UTF-8 when LANG's locale, e.g.
    # ko_KR.CP949, is not installed — PEP 538), then stdin's
    env = [os.environ.get(k, "").partition(".")[2].partition("@")[0] for k in ("LC_ALL", "LC_CTYPE", "LANG")]
    tried = [encoding] if encoding else [*env, getattr(sys.stdin, "encoding", "")]
    tried = list(dict.fromkeys(e.lower().replace("_", "-") for e in tried if e))
    for enc in tried:
        try:
            return raw.decode(enc) if raw is not None else text.encode("utf-8").decode(enc)
        except (LookupError, UnicodeError, AttributeError):
            continue
    raise UsageError(f"검색어를 읽을 수 없습니다 — 터미널 인코딩을 UTF-8로 바꾸거나 --encoding cp949를 주세요 (the search words "
                     f"are not valid text in the terminal's encoding ({', '.join(tried) or 'unknown'}): "
                     "switch the terminal to UTF-8 or give --encoding, e.g. --encoding cp949)")  # fmt: skip


def cmd_search(args) -> int:
    query = typed_text(args.query, args.encoding)
    kb = _knowledge(args)
    result = search_json(kb, query, top=args.top, doc_id=args.doc)
    if args.format == "json":
        sys.stdout.write(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
        return 0
    if not result["results"]:
        print(f"no passage matches {result['query']!r} / 일치하는 문단이 없습니다")
        return 0
    for r in result["results"]:
        text = r["text"] if len(r["text"]) <= 240 else r["text"][:239] + "…"
        print(f"{r['rank']:>3}. {r['doc_id']}:{r['line_start']}-{r['line_end']}  score {r['score']:.3f}")
        print(f"     {text}")
    return 0


def _data_dir(args) -> Path:
    from features.build import default_data_dir

    return Path(args.data_dir) if args.data_dir else default_data_dir()


def cmd_ingest(args) -> int:
    """Store a report file and propose cited candidate facts (DESIGN.md contract 10)."""
    from features.ingest.pipeline import ingest

    out = ingest(_data_dir(args), Path(args.file), args.doc_id, args.title, args.publisher, args.published,
                 args.language, args.replace)  # fmt: skip
    for note in out.pop("notes"):
        say(f"note: {note}")
    if args.format == "json":
        print(json.dumps(out, ensure_ascii=False, indent=1))
        return 0
    say(f"{out['doc_id']}: {out['status']} — {out['format']} ({out['extractor']}), pages {out['pages'] or '-'}, "
        f"lines {out['lines']}, passages {out['passages']}, candidates {len(out['candidates'])} → "
        f"data/{out['files']['candidates']}")  # fmt: skip
    for c in out["candidates"]:
        ev = c["evidence"]
        print(f"{c['candidate_id']}  {c['region_id'] or 'CN':<6} {c['sector_id']:<20} {c['kind']:<8} "
              f"{c['indicator']:<24} s{c['strength']} {c['score']:.2f}  {ev['doc_id']}:{ev['line_start']}-"
              f"{ev['line_end']}  {term_safe(c['reason'])}")  # fmt: skip
    return 0


def cmd_facts_evaluate(args) -> int:
    """Train the tagger without a held-out span and score it (and the keyword baseline) against the facts there."""
    from features.ingest.evaluate import evaluate_holdout

    kb = _knowledge(args)
    try:
        out = evaluate_holdout(kb, args.holdout)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    if args.format == "json":
        print(json.dumps(out, ensure_ascii=False, indent=1))
        return 0
    b = out["baseline"]
    print(f"holdout {out['holdout']}: gold {out['gold']}, candidates {out['candidates']}, found {out['found']}")
    print(f"  tagger    recall {out['recall']:.3f}  precision {out['precision']:.3f}  F1 {out['f1']:.3f}  "
          f"kind accuracy {out['kind_accuracy']:.3f}")
    print(f"  baseline  recall {b['recall']:.3f}  precision {b['precision']:.3f}  F1 {b['f1']:.3f}  "
          f"kind accuracy {b['kind_accuracy']:.3f}  (candidates {b['candidates']}, found {b['found']})")
    return 0


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m recommender", description="한·중 협력 기회 추천 / Korea–China "
                                "cooperation opportunity recommender (data: research reports, every score cited to their lines)")  # fmt: skip
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
    r.add_argument("--sheet", help="XLSX: the sheet to read (name or 1-based number; default the first with firm_id)")
    r.add_argument("--reproducible", action="store_true", help="leave the run time out of the XLSX info sheet")
    scoring(r, 5)
    r.set_defaults(func=cmd_recommend)

    s = sub.add_parser("screen", help="shortlists for many firms")
    s.add_argument("firms", help="FIRMS.csv|xlsx|json|parquet (with --engine dask: a folder or glob of parts)")
    s.add_argument("--out", required=True, help="OUT.csv|xlsx|json|parquet")
    s.add_argument("--errors", help="where to write rejected rows (default OUT.errors.csv)")
    s.add_argument("--engine", choices=("local", "dask"), default="local")
    s.add_argument("--scheduler", help="dask scheduler address (default: a LocalCluster)")
    s.add_argument("--workers", type=int, default=2, help="LocalCluster workers (default 2)")
    s.add_argument("--dask-processes", action="store_true", help="LocalCluster workers as processes (default: "
                   "threads of this process, faster on one machine)")  # fmt: skip
    s.add_argument("--sheet", help="XLSX: the sheet to read (name or 1-based number; default the first with firm_id)")
    s.add_argument("--reproducible", action="store_true", help="leave the run time out of the XLSX info sheet")
    s.add_argument("--block-bytes", type=int, default=None, help="--engine dask: split one big CSV/Parquet file "
                   "into blocks of about this many bytes, one task each (default 32 MB)")  # fmt: skip
    s.add_argument("--wide", action="store_true", help="one flat row with names, evidence and implications (default: "
                   "lean rows + an opportunities table; docs/DATA.md)")  # fmt: skip
    scoring(s, 5)
    s.add_argument("--headers", choices=("en", "ko"), default="en",
                   help="column names: en (the machine-readable contract, default) or ko (기업ID, 순위, 점수 …)")
    s.set_defaults(func=cmd_screen)

    sl = sub.add_parser("shortlist", help="firms ranked for one opportunity REGION_ID/SECTOR_ID")
    sl.add_argument("opportunity", help="e.g. CN-ZJ/smart_city")
    sl.add_argument("firms")
    sl.add_argument("--out", required=True)
    sl.add_argument("--errors", help="where to write rejected rows (default OUT.errors.csv)")
    sl.add_argument("--sheet", help="XLSX: the sheet to read (name or 1-based number; default the first with firm_id)")
    sl.add_argument("--reproducible", action="store_true", help="leave the run time out of the XLSX info sheet")
    scoring(sl, 20)
    sl.add_argument("--min-score", type=float, default=None, help="leave out firms scoring below this (0–1)")
    sl.add_argument("--headers", choices=("en", "ko"), default="en", help="column names: en (default) or ko")
    sl.set_defaults(func=cmd_shortlist)

    se = sub.add_parser("search", help="passages of the stored reports that match a query (보고서 검색)")
    se.add_argument("query", help='words to look for (Korean, English or Chinese), e.g. "자율주행 시범구역"')
    se.add_argument("--top", type=int, default=10, help="how many passages (default 10)")
    se.add_argument("--doc", help="only this document (a doc_id of data/reports/catalog.csv)")
    se.add_argument("--format", choices=("table", "json"), default="table")
    se.add_argument("--encoding", help="the terminal's encoding when it is not the locale's, e.g. cp949")
    se.set_defaults(func=cmd_search)

    ig = sub.add_parser("ingest", help="store a report file (PDF, HWP, HWPX, DOCX, HTML, TXT) and propose cited "
                        "candidate facts (보고서 추가)")  # fmt: skip
    ig.add_argument("file", help="the report as published")
    ig.add_argument("--doc-id", required=True, help="lower-case id, e.g. kotra_hunan_2019")
    ig.add_argument("--title")
    ig.add_argument("--publisher")
    ig.add_argument("--published", help="YYYY, YYYY-MM or YYYY-MM-DD (default: the file's metadata)")
    ig.add_argument("--language", choices=("ko", "en", "zh"), default="ko")
    ig.add_argument("--format", choices=("table", "json"), default="table")
    ig.add_argument("--replace", action="store_true", help="replace the report stored under this doc id")
    ig.set_defaults(func=cmd_ingest)

    fa = sub.add_parser("facts", help="curated facts: evaluate the tagger against them")
    fsub = fa.add_subparsers(dest="facts_command", required=True)
    ev = fsub.add_parser("evaluate", help="train without a held-out span; score candidates against its facts")
    ev.add_argument("--holdout", required=True, help="DOC_ID or DOC_ID:START-END (lines of the stored text)")
    ev.add_argument("--format", choices=("table", "json"), default="table")
    ev.set_defaults(func=cmd_facts_evaluate)

    pr = sub.add_parser("profiles", help="every region × sector profile with its evidence")
    pr.add_argument("--format", choices=("json", "csv"), default="json")
    pr.add_argument("--rebuild", action="store_true", help="rebuild the artifact even if it is current")
    pr.set_defaults(func=cmd_profiles)

    from recommender.cli_review import add_commands  # candidates, review, changes, versions, init-data (contract 10)

    add_commands(sub)
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if getattr(args, "top", 1) is not None and getattr(args, "top", 1) < 1:
        print("error: --top must be at least 1", file=sys.stderr)
        return 2
    try:
        return args.func(args)
    except Exception as exc:
        if isinstance(exc, (UsageError, *_clean_errors())):
            say(f"error: {exc}")
            return 2
        if _is_parser_error(exc):
            say(f"error: 표로 읽을 수 없는 파일입니다 (the file could not be parsed as a table: {exc})")
            return 2
        if isinstance(exc, MemoryError):
            say("error: 메모리가 부족합니다 — 파일을 나눠 주세요 (out of memory: split the input into smaller files)")
            return 2
        if isinstance(exc, OSError) and exc.errno == errno.ENOSPC:
            say("error: 디스크가 가득 찼습니다 — 이전 출력은 그대로입니다 (the disk is full: nothing was written, earlier "
                "outputs are unchanged; free some space and run again)")  # fmt: skip
            return 2
        if isinstance(exc, OSError):
            say(f"error: 파일을 읽거나 쓸 수 없습니다 (cannot read or write {exc.filename or 'a file'}: {exc.strerror or exc})")
            return 2
        raise


def _clean_errors() -> tuple[type, ...]:
    """The :data:`CLEAN_ERRORS` classes of the modules imported so far."""
    return tuple(getattr(sys.modules[m], name) for m, name in CLEAN_ERRORS if m in sys.modules)


def _is_parser_error(exc: Exception) -> bool:
    pd = sys.modules.get("pandas")
    return pd is not None and isinstance(exc, pd.errors.ParserError)
