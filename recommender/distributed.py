"""Screening on a Dask cluster: ``python -m recommender screen PARTS --engine dask [--scheduler ADDRESS]``.

A registry export is a folder or glob of part files (CSV, Parquet, JSON, XLSX). Each part is read, validated and
scored on a worker; the client only sees counts, rejected rows, 8-byte hashes of the firm ids and, at the end, the
result rows in order. The output is identical to the local engine on the same parts (tested):

1. **read** — one task per part (:func:`features.firms.read_part`): rejected rows carry the part's label and row;
2. **unique ids** — every part sends the 64-bit hashes of its firm ids; ids whose hash occurs more than once are
   fetched as strings and checked exactly (:func:`features.firms.cross_part_duplicates`), so a repeat in a later
   part is rejected and names where the id was first used — without shipping millions of ids to the client;
3. **score** — one task per part: :func:`recommender.screening.screen_pairs` on the part's accepted firms (the
   recommender is broadcast to the workers once); a part sends back only numbers (56 bytes per kept pair) and
   its firm ids and names;
4. **collect** — in part order (parts sorted by label, then input row, then rank) the client turns each part into
   rows with the local engine's own lookups (names, evidence, implications), into one table (the CLI) or streamed
   to a file (:func:`screen_dask_to_file`, client memory bounded by one part).

``accepted + rejected == received`` holds over all parts (checked). Paths must be readable by the workers: a local
folder for a :class:`~dask.distributed.LocalCluster` (the default, ``workers`` threads), a shared filesystem or an
fsspec URL (``s3://…``, with the matching fsspec plugin installed on client and workers) for a remote cluster.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from features.firms import (
    FirmBatch,
    FirmInputError,
    FirmTable,
    PartRead,
    RowError,
    cross_part_duplicates,
    drop_duplicates,
    id_keys,
    list_firm_parts,
    read_part,
)
from recommender.engine import Recommender, RecommendError, TopPairs
from recommender.screening import (
    DEFAULT_CHUNK,
    LEAN_COLUMNS,
    SCREEN_COLUMNS,
    ScreenWriter,
    _Lookups,
    empty_screen_frame,
    screen_pairs,
)
from recommender.weights import Weights

#: print progress by default once this many firms were received (or whenever stderr is a terminal)
PROGRESS_MIN_FIRMS = 200_000

ProgressFn = Callable[[str, int, int, int], None]  # (phase "read" | "score", parts done, parts total, firms done)


# ---------------------------------------------------------------- sources


def list_sources(source: str | Path) -> list[tuple[str, str]]:
    """``(label, location)`` of every part, sorted by label: a local file, folder or glob, or an fsspec URL/glob."""
    text = str(source)
    if "://" in text:
        import fsspec

        fs, _, paths = fsspec.core.get_fs_token_paths(text, mode="rb", expand=True)
        if fs.isdir(paths[0]) if len(paths) == 1 else False:
            paths = [p for p in fs.ls(paths[0], detail=False) if Path(p).suffix.lower() in _SUFFIXES]
        if not paths:
            raise FirmInputError(f"{text}: no firm files found")
        protocol = text.split("://", 1)[0]
        root = str(Path(paths[0]).parent) if len(paths) == 1 else _common_dir(paths)
        return sorted((p[len(root):].lstrip("/") or Path(p).name, f"{protocol}://{p}") for p in paths)
    return [(label, str(path)) for label, path in list_firm_parts(source)]


_SUFFIXES = (".csv", ".tsv", ".txt", ".parquet", ".json", ".xlsx", ".xlsm")


def _common_dir(paths: list[str]) -> str:
    import posixpath

    return posixpath.commonpath([posixpath.dirname(p) for p in paths])


def _read_bytes(location: str) -> bytes:
    if "://" in location:
        import fsspec

        with fsspec.open(location, "rb") as fh:
            return fh.read()
    return Path(location).read_bytes()


# ---------------------------------------------------------------- one big file in blocks

#: a single local CSV or Parquet file larger than this is split into blocks read on different workers
DEFAULT_BLOCK_BYTES = 32 << 20
_SCAN_BYTES = 16 << 20


@dataclass(frozen=True)
class Block:
    """Part of one file: CSV bytes ``start:stop`` (whole records) or Parquet row groups ``groups``.

    ``first_row`` is the source row number (1-based, as the local reader counts: spreadsheet rows) of the block's
    first record; CSV blocks after the first are read with the file's lines up to its header (``prefix`` bytes) in
    front, and in the file's ``encoding``."""

    path: str
    kind: str  # "csv" | "parquet"
    start: int = 0
    stop: int = 0
    prefix: int = 0
    header_row: int | None = None
    first_row: int = 1
    encoding: str = "utf-8"
    groups: tuple[int, ...] = ()


def _csv_record_ends(path: Path, targets: list[int]) -> tuple[list[tuple[int, int]], str]:
    """For each target offset, the first record end at or after it: ``(byte offset after the newline, records
    before it)``. A newline inside a quoted value is not a record end (quote parity, RFC 4180). Also returns the
    file's encoding as the local reader decides it (UTF-8 with or without BOM, else CP949)."""
    import codecs

    out: list[tuple[int, int]] = []
    decoder = codecs.getincrementaldecoder("utf-8")()
    encoding = "utf-8"
    parity = 0
    records = 0
    pos = 0
    t = 0
    with path.open("rb") as fh:
        while True:
            buf = fh.read(_SCAN_BYTES)
            if not buf:
                break
            if pos == 0 and buf.startswith(b"\xef\xbb\xbf"):
                encoding = "utf-8-sig"
            if encoding == "utf-8":
                try:
                    decoder.decode(buf)
                except UnicodeDecodeError:
                    encoding = "cp949"
            a = np.frombuffer(buf, dtype=np.uint8)
            nl = np.flatnonzero(a == 10)
            quotes = a == 34
            if quotes.any() or parity:
                q = (np.cumsum(quotes, dtype=np.int64) + parity) % 2
                nl = nl[q[nl] == 0]
                parity = int(q[-1])
            ends = nl + pos + 1
            while t < len(targets) and targets[t] < pos + len(buf):
                k = int(np.searchsorted(ends, targets[t] + 1))
                if k >= len(ends):
                    break  # the record ends in a later buffer
                out.append((int(ends[k]), records + k + 1))
                t += 1
            records += len(ends)
            pos += len(buf)
    return out, encoding


def _header_line(path: Path, encoding: str) -> tuple[int, int]:
    """``(header row index, bytes up to and including the header line)`` — the header the local reader finds."""
    import csv
    import io

    from features.firms import _find_header

    with path.open("rb") as fh:
        head = fh.read(1 << 20)
    lines = head.split(b"\n")[:10]
    text = b"\n".join(lines).decode(encoding, errors="replace")
    sep = "\t" if text.count("\t") > text.count(",") else ","
    grid = pd.DataFrame(list(csv.reader(io.StringIO(text), delimiter=sep))).fillna("")
    h = _find_header(grid, path.name)
    return h, sum(len(x) + 1 for x in lines[: h + 1])


def plan_blocks(path: Path | str, block_bytes: int = DEFAULT_BLOCK_BYTES) -> list[Block]:
    """Blocks of one CSV (whole records, split near every ``block_bytes``) or Parquet file (row groups adding up
    to about ``block_bytes``); one block when the file is smaller or cannot be split."""
    path = Path(path)
    suffix = path.suffix.lower()
    size = path.stat().st_size
    if suffix == ".parquet":
        import pyarrow.parquet as pq

        meta = pq.ParquetFile(path).metadata
        blocks, groups, first, rows, nbytes = [], [], 1, 0, 0
        for g in range(meta.num_row_groups):
            rg = meta.row_group(g)
            groups.append(g)
            rows += rg.num_rows
            nbytes += rg.total_byte_size
            if nbytes >= block_bytes or g == meta.num_row_groups - 1:
                blocks.append(Block(str(path), "parquet", groups=tuple(groups), first_row=first))
                first += rows
                groups, rows, nbytes = [], 0, 0
        return blocks or [Block(str(path), "parquet", groups=(), first_row=1)]
    n = max(1, -(-size // max(1, int(block_bytes))))
    ends, encoding = _csv_record_ends(path, [size * k // n for k in range(1, n)])
    h, prefix = _header_line(path, encoding)
    cuts = [(0, 0)] + [e for e in ends if e[0] > prefix and e[0] < size]
    cuts = [c for i, c in enumerate(cuts) if i == 0 or c[0] > cuts[i - 1][0]]
    bounds = cuts + [(size, -1)]
    return [Block(str(path), "csv", start=a, stop=bounds[i + 1][0], prefix=prefix if i else 0, header_row=h,
                  first_row=r + 1, encoding=encoding) for i, (a, r) in enumerate(cuts)]  # fmt: skip


def _block_frame(block: Block) -> pd.DataFrame:
    """The raw cells of a block with the source row numbers of the whole file."""
    from features.firms import read_firm_frame

    path = Path(block.path)
    with path.open("rb") as fh:
        if block.kind == "parquet":
            import io

            import pyarrow.parquet as pq

            table = pq.ParquetFile(fh).read_row_groups(list(block.groups))
            buf = io.BytesIO()
            pq.write_table(table, buf)
            frame = read_firm_frame(path, buf.getvalue())
            return frame.assign(__row__=frame["__row__"] + block.first_row - 1)
        prefix = fh.read(block.prefix) if block.prefix else b""
        fh.seek(block.start)
        data = prefix + fh.read(block.stop - block.start)
    # decoded with the whole file's encoding (a block alone might look like UTF-8), handed on as UTF-8 with BOM
    try:
        text = data.decode(block.encoding)  # utf-8-sig drops the BOM of the prefix
    except UnicodeDecodeError:
        raise FirmInputError("the CSV is neither UTF-8 nor CP949/EUC-KR: save it as 'CSV UTF-8' from Excel and "
                             "retry") from None  # fmt: skip
    data = b"\xef\xbb\xbf" + text.encode("utf-8")
    if block.start == 0:
        return read_firm_frame(path, data)
    frame = read_firm_frame(path, data, header_row=block.header_row)
    # the reader numbers the block's first record header_row + 2; in the file it is block.first_row
    return frame.assign(__row__=frame["__row__"] + block.first_row - block.header_row - 2)


def _task_read_block(block: Block, label: str, rec: Recommender) -> PartRead:
    """:func:`features.firms.read_part` for a block: rows and errors carry the file's own row numbers and, as when
    the file is read locally, no part name."""
    from features.firms import canonical_field, validate_frame

    empty = PartRead(label, FirmBatch(FirmTable.empty(), [], [], 0), np.zeros(0, dtype=object),
                     np.zeros(0, dtype=np.int64))  # fmt: skip
    try:
        frame = _block_frame(block)
        if len(frame) == 0:
            return empty
        batch = validate_frame(frame, rec.kb.regions, source=label)
    except FirmInputError as exc:
        msg = str(exc)
        raise FirmInputError(msg if msg.startswith(label) else f"{label}: {msg}") from None
    id_col = next(c for c in frame.columns if c != "__row__" and canonical_field(c) == "firm_id")
    ids = frame[id_col].astype(str).str.strip()
    first = ((ids != "") & ~ids.duplicated(keep="first")).to_numpy(dtype=bool)
    rows = frame["__row__"].to_numpy(dtype=np.int64)
    # one file, as read locally: rows are the file's own, no part to name (the errors file has no source column)
    return PartRead(label, batch, ids.to_numpy(dtype=object)[first], rows[first])


def plan_sources(source, block_bytes: int | None = DEFAULT_BLOCK_BYTES) -> list[tuple[str, str | Block]]:
    """``(label, location or Block)`` per task: the parts of a folder or glob, or the blocks of one big local
    CSV/Parquet file (all labelled with the file's name, in file order)."""
    text = str(source)
    if block_bytes and "://" not in text and Path(text).is_file() and \
            Path(text).suffix.lower() in (".csv", ".txt", ".parquet"):  # fmt: skip
        path = Path(text)
        if path.stat().st_size > block_bytes:
            blocks = plan_blocks(path, block_bytes)
            if len(blocks) > 1:
                return [(path.name, b) for b in blocks]
    return list_sources(source)


# ---------------------------------------------------------------- worker tasks (top level: pickled by reference)


def _task_read(location, label: str, rec: Recommender) -> PartRead:
    if isinstance(location, Block):
        return _task_read_block(location, label, rec)
    return read_part(location, label, rec.kb.regions, data=_read_bytes(location))


def _task_summary(part: PartRead) -> dict:
    from pandas.util import hash_array

    return {"received": part.batch.received, "accepted": part.batch.accepted, "rejected": part.batch.rejected,
            "warnings": part.batch.warnings, "notes": part.batch.notes,
            "sources": part.batch.source_counts(), "unknown_codes": part.batch.unknown_codes,
            "hashes": hash_array(id_keys(pd.Series(part.first_ids, dtype=object)).to_numpy(dtype=object))
            if len(part.first_ids) else
            np.zeros(0, dtype=np.uint64)}  # fmt: skip


def _task_first_ids(part: PartRead, positions: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    return part.first_ids[positions], part.first_rows[positions]


def _task_dedupe(part: PartRead, duplicates: list[RowError]) -> FirmTable:
    return drop_duplicates(part.batch, duplicates).firms


def _task_firms(part: PartRead) -> FirmTable:
    return part.batch.firms


def _task_score(rec: Recommender, firms: FirmTable, weights: Weights, top: int, method: str,
                chunk_size: int) -> tuple[np.ndarray, np.ndarray, TopPairs]:  # fmt: skip
    """The part's kept pairs as numbers (56 bytes a pair) plus its firm ids and names: the client turns them into
    rows with the same lookups as the local engine, so names and evidence strings never cross the network."""
    pairs = screen_pairs(rec, firms, weights, top=top, method=method, chunk_size=chunk_size, workers=1)
    return firms.firm_id, firms.name, pairs, firms.capability_source


# ---------------------------------------------------------------- client side


class _Names:
    """What :meth:`_Lookups.frame` reads of a FirmTable."""

    def __init__(self, firm_id: np.ndarray, name: np.ndarray, capability_source: np.ndarray | None = None):
        self.firm_id, self.name = firm_id, name
        self.capability_source = np.zeros(len(firm_id), np.int8) if capability_source is None else capability_source


@contextmanager
def connect(scheduler: str | None = None, workers: int = 2, client=None, processes: bool = False):
    """A dask.distributed Client: ``client`` as given (not closed), one for ``scheduler``, or a LocalCluster of
    ``workers`` single-threaded workers, closed on exit.

    The LocalCluster's workers are threads of this process unless ``processes=True`` (issue 19): on one machine the
    parts' reading (pyarrow) and scoring (numpy) release the GIL, so threads run them side by side without starting
    worker processes, sending them the recommender and pickling every part's pairs back. ``screen`` of 1M firms in
    one CP949 CSV to CSV (``benchmarks/bench_dask.py``): 54–58 CPU-s with threads, 110 with processes, 44–47 for the
    local engine; the same bytes written by all three."""
    if client is not None:
        yield client
        return
    from dask.distributed import Client, LocalCluster

    if scheduler:
        try:
            c = Client(scheduler, timeout="20s")
        except (OSError, TimeoutError) as exc:
            raise RecommendError(f"cannot reach the Dask scheduler at {scheduler} ({exc}) — check the address "
                                 "(tcp://HOST:8786) or leave out --scheduler to use a local cluster") from None  # fmt: skip
        with c:
            yield c
        return
    with LocalCluster(n_workers=max(1, int(workers)), threads_per_worker=1, processes=processes,
                      dashboard_address=None, silence_logs=logging.ERROR) as cluster, Client(cluster) as c:  # fmt: skip
        yield c


def _stderr_progress(phase: str, done: int, total: int, firms: int) -> None:
    what = "read" if phase == "read" else "scored"
    tail = f" ({firms:,} firms)" if phase == "score" else ""
    tty = sys.stderr.isatty()
    end = "\n" if done == total or not tty else ""
    print(f"{chr(13) if tty else ''}dask: {what} {done}/{total} parts{tail}", end=end, file=sys.stderr, flush=True)


def _run(rec: Recommender, source, weights: Weights, top: int, method: str, scheduler, workers, client, processes,
         lang: str, chunk_size: int, progress, layout: str = "wide",
         block_bytes: int | None = DEFAULT_BLOCK_BYTES) -> Iterator:  # fmt: skip
    """Yields the FirmBatch (after validation), then each part's result frame in part order."""
    from dask.distributed import as_completed

    parts = plan_sources(source, block_bytes)
    blocks = len(parts) > 1 and isinstance(parts[0][1], Block)
    labels = [label for label, _ in parts]
    auto = progress == "auto"
    report: ProgressFn | None = _stderr_progress if auto else progress
    with connect(scheduler, workers, client, processes) as c:
        rec_f = c.scatter(rec, broadcast=True, hash=False)  # a fresh key: no race with a previous run's release
        reads = [c.submit(_task_read, loc, label, rec_f, pure=False) for label, loc in parts]
        summaries = [c.submit(_task_summary, r, pure=False) for r in reads]
        index = {s.key: i for i, s in enumerate(summaries)}
        done = 0
        results: list[dict | None] = [None] * len(parts)
        for fut in as_completed(summaries):
            results[index[fut.key]] = fut.result()
            done += 1
            if report and (not auto or sys.stderr.isatty()):
                report("read", done, len(parts), 0)
        received = sum(r["received"] for r in results)

        # ids repeated across parts: hashes first, exact strings only for the candidates
        sizes = [len(r["hashes"]) for r in results]
        hashes = np.concatenate([r["hashes"] for r in results]) if sum(sizes) else np.zeros(0, dtype=np.uint64)
        cand = pd.Series(hashes).duplicated(keep=False).to_numpy(dtype=bool)
        bounds = np.cumsum([0, *sizes])
        none = (np.zeros(0, dtype=object), np.zeros(0, dtype=np.int64))
        fetch = {}
        for i in range(len(parts)):
            pos = np.flatnonzero(cand[bounds[i] : bounds[i + 1]])
            if len(pos):
                fetch[i] = c.submit(_task_first_ids, reads[i], pos, pure=False)
        fetched = dict(zip(fetch, c.gather(list(fetch.values())))) if fetch else {}
        found = [fetched.get(i, none) for i in range(len(parts))]
        dups = cross_part_duplicates(labels, [f[0] for f in found], [f[1] for f in found])
        if blocks:  # blocks of one file: word the repeat as the local reader does for one file
            name = f"first used in {labels[0]} row "
            dups = [[RowError(e.row, e.firm_id, e.column, e.reason.replace(name, "first used in row "))
                     for e in d] for d in dups]  # fmt: skip

        tables = [c.submit(_task_dedupe if d else _task_firms, *((r, d) if d else (r,)), pure=False)
                  for r, d in zip(reads, dups)]  # fmt: skip
        del reads
        rejected: list[RowError] = []
        accepted = 0
        for r, d in zip(results, dups):
            shell = drop_duplicates(FirmBatch(FirmTable.empty(), r["rejected"], [], r["received"]), d)
            rejected.extend(shell.rejected)
            dropped = len({e.row for e in d} - {e.row for e in r["rejected"]})  # accepted rows that were repeats
            accepted += r["accepted"] - dropped
        warnings = list(dict.fromkeys(w for r in results for w in r["warnings"]))  # blocks repeat the file's
        notes = list(dict.fromkeys(x for r in results for x in r.get("notes", [])))
        batch = FirmBatch(FirmTable.empty(), rejected, warnings, received, accepted_count=accepted, notes=notes)
        batch.source_totals = {}  # issue 17: where capabilities came from, summed over the parts (before id repeats)
        for r in results:
            for k, v in r.get("sources", {}).items():
                batch.source_totals[k] = batch.source_totals.get(k, 0) + v
            for k, v in r.get("unknown_codes", {}).items():
                batch.unknown_codes[k] = batch.unknown_codes.get(k, 0) + v
        batch.check_accounting()
        yield batch

        if auto and not (sys.stderr.isatty() or received >= PROGRESS_MIN_FIRMS):
            report = None
        scored = [c.submit(_task_score, rec_f, t, weights, top, method, chunk_size, pure=False) for t in tables]
        del tables
        look = _Lookups(rec, lang)
        firms_done = 0
        for i, fut in enumerate(scored):
            ids, names, pairs, sources = fut.result()
            scored[i] = None  # release the part's result on the worker
            fut.release()
            firms_done += len(ids)
            if report:
                report("score", i + 1, len(parts), firms_done)
            if len(ids):  # a firm of coverage none has its one row even when no pair of the part was kept
                yield look.frame(_Names(ids, names, sources), pairs, layout=layout)
            else:
                yield empty_screen_frame() if layout == "wide" else pd.DataFrame(columns=LEAN_COLUMNS)


def screen_dask(rec: Recommender, source, weights: Weights, top: int = 5, method: str = "wsm",
                scheduler: str | None = None, workers: int = 2, *, client=None, processes: bool = False,
                lang: str = "ko", chunk_size: int = DEFAULT_CHUNK,
                progress: ProgressFn | str | None = "auto") -> tuple[pd.DataFrame, FirmBatch]:  # fmt: skip
    """Screen a folder or glob of firm files on Dask; returns ``(table, batch)`` like the local engine.

    ``table`` has the rows :func:`recommender.screening.screen_table` gives for the same parts read locally
    (:func:`features.firms.read_firm_parts`), in the same order. ``batch`` holds the counts, warnings and every
    rejected row (with its part as ``source``); its ``firms`` stay on the workers (``batch.accepted`` is the count).
    ``progress``: ``"auto"`` prints to stderr for long runs, a callable ``(phase, done, total, firms)``, or None.
    """
    run = _run(rec, source, weights, top, method, scheduler, workers, client, processes, lang, chunk_size, progress)
    batch = next(run)
    frames = [f for f in run if len(f)]
    table = pd.concat(frames, ignore_index=True)[SCREEN_COLUMNS] if frames else empty_screen_frame()
    return table, batch


def screen_dask_frames(rec: Recommender, source, weights: Weights, top: int = 5, method: str = "wsm",
                       scheduler: str | None = None, workers: int = 2, *, client=None, processes: bool = False,
                       lang: str = "ko", chunk_size: int = DEFAULT_CHUNK, progress: ProgressFn | str | None = "auto",
                       layout: str = "wide", block_bytes: int | None = DEFAULT_BLOCK_BYTES,
                       ) -> tuple[FirmBatch, Iterator[pd.DataFrame]]:  # fmt: skip
    """``(batch, frames)``: the validated batch, then the result frames part by part (``layout`` lean or wide) for
    a writer such as :class:`recommender.writers.ScreenOutput`. A single CSV or Parquet file larger than
    ``block_bytes`` is read in blocks on several workers (:func:`plan_blocks`); the frames equal the local engine's
    on the same file, and rejected rows carry the file's own row numbers."""
    run = _run(rec, source, weights, top, method, scheduler, workers, client, processes, lang, chunk_size, progress,
               layout, block_bytes)  # fmt: skip
    batch = next(run)
    return batch, run


def screen_dask_to_file(rec: Recommender, source, weights: Weights, out: str | Path, top: int = 5,
                        method: str = "wsm", scheduler: str | None = None, workers: int = 2, *, client=None,
                        processes: bool = False, lang: str = "ko", chunk_size: int = DEFAULT_CHUNK,
                        progress: ProgressFn | str | None = "auto") -> tuple[int, FirmBatch]:  # fmt: skip
    """Like :func:`screen_dask`, but streams the rows to ``out`` (.csv, .parquet or .json) part by part, so the
    client holds one part's rows at a time. The file equals the local engine's output. Returns ``(rows, batch)``."""
    run = _run(rec, source, weights, top, method, scheduler, workers, client, processes, lang, chunk_size, progress)
    batch = next(run)
    with ScreenWriter(out) as writer:
        for frame in run:
            writer.write(frame)
    return writer.rows, batch
