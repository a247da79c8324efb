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
folder for a :class:`~dask.distributed.LocalCluster` (the default, ``workers`` processes), a shared filesystem or an
fsspec URL (``s3://…``, with the matching fsspec plugin installed on client and workers) for a remote cluster.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
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


# ---------------------------------------------------------------- worker tasks (top level: pickled by reference)


def _task_read(location: str, label: str, rec: Recommender) -> PartRead:
    return read_part(location, label, rec.kb.regions, data=_read_bytes(location))


def _task_summary(part: PartRead) -> dict:
    from pandas.util import hash_array

    return {"received": part.batch.received, "accepted": part.batch.accepted, "rejected": part.batch.rejected,
            "warnings": part.batch.warnings, "notes": part.batch.notes,
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
    return firms.firm_id, firms.name, pairs


# ---------------------------------------------------------------- client side


class _Names:
    """What :meth:`_Lookups.frame` reads of a FirmTable."""

    def __init__(self, firm_id: np.ndarray, name: np.ndarray):
        self.firm_id, self.name = firm_id, name


@contextmanager
def connect(scheduler: str | None = None, workers: int = 2, client=None, processes: bool = True):
    """A dask.distributed Client: ``client`` as given (not closed), one for ``scheduler``, or a LocalCluster of
    ``workers`` single-threaded workers (processes unless ``processes=False``), closed on exit."""
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
         lang: str, chunk_size: int, progress) -> Iterator:  # fmt: skip
    """Yields the FirmBatch (after validation), then each part's result frame in part order."""
    from dask.distributed import as_completed

    parts = list_sources(source)
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
        batch = FirmBatch(FirmTable.empty(), rejected, [w for r in results for w in r["warnings"]], received,
                          accepted_count=accepted, notes=[x for r in results for x in r["notes"]])  # fmt: skip
        batch.check_accounting()
        yield batch

        if auto and not (sys.stderr.isatty() or received >= PROGRESS_MIN_FIRMS):
            report = None
        scored = [c.submit(_task_score, rec_f, t, weights, top, method, chunk_size, pure=False) for t in tables]
        del tables
        look = _Lookups(rec, lang)
        firms_done = 0
        for i, fut in enumerate(scored):
            ids, names, pairs = fut.result()
            scored[i] = None  # release the part's result on the worker
            fut.release()
            firms_done += len(ids)
            if report:
                report("score", i + 1, len(parts), firms_done)
            yield look.frame(_Names(ids, names), pairs) if len(pairs) else empty_screen_frame()


def screen_dask(rec: Recommender, source, weights: Weights, top: int = 5, method: str = "wsm",
                scheduler: str | None = None, workers: int = 2, *, client=None, processes: bool = True,
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


def screen_dask_to_file(rec: Recommender, source, weights: Weights, out: str | Path, top: int = 5,
                        method: str = "wsm", scheduler: str | None = None, workers: int = 2, *, client=None,
                        processes: bool = True, lang: str = "ko", chunk_size: int = DEFAULT_CHUNK,
                        progress: ProgressFn | str | None = "auto") -> tuple[int, FirmBatch]:  # fmt: skip
    """Like :func:`screen_dask`, but streams the rows to ``out`` (.csv, .parquet or .json) part by part, so the
    client holds one part's rows at a time. The file equals the local engine's output. Returns ``(rows, batch)``."""
    run = _run(rec, source, weights, top, method, scheduler, workers, client, processes, lang, chunk_size, progress)
    batch = next(run)
    with ScreenWriter(out) as writer:
        for frame in run:
            writer.write(frame)
    return writer.rows, batch
