"""Many part files (a registry export read as a folder or glob): listing, per-part reading, firm ids unique across
parts, merging."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from features.firms.readers import read_firm_frame
from features.firms.schema import PROBLEM, FirmBatch, FirmInputError, FirmTable, RowError, canonical_field
from features.firms.validation import id_keys, validate_frame

#: file types taken from a folder of parts
PART_SUFFIXES = (".csv", ".tsv", ".txt", ".parquet", ".json", ".xlsx", ".xlsm")
_GLOB_CHARS = re.compile(r"[*?\[]")


def is_multi_source(source: Path | str) -> bool:
    """A folder, or a glob pattern (``*``, ``?``, ``[``) that is not itself the name of an existing file."""
    p = Path(source)
    return p.is_dir() or (not p.is_file() and bool(_GLOB_CHARS.search(str(source))))


def list_firm_parts(source: Path | str) -> list[tuple[str, Path]]:
    """``(label, path)`` of every part, sorted by label — the order firms are read and output in.

    A folder gives its firm files (not recursive; names starting with ``.``, ``_`` or ``~$`` are skipped, as are
    other file types); a glob gives its matches (``**`` recursive). The label is the path relative to the folder, or
    to the deepest folder common to the matches — the file name for a flat folder — and is what error reports name.
    """
    import glob
    import os

    p = Path(source)
    if p.is_file():
        return [(p.name, p)]
    if p.is_dir():
        root = p
        paths = [x for x in p.iterdir() if x.is_file() and x.suffix.lower() in PART_SUFFIXES
                 and not x.name.startswith((".", "_", "~$"))]  # fmt: skip
    elif _GLOB_CHARS.search(str(source)):
        paths = [Path(x) for x in glob.glob(str(source), recursive=True) if Path(x).is_file()]
        root = Path(os.path.commonpath([str(x.parent.resolve()) for x in paths])) if paths else p.parent
        paths = [x.resolve() for x in paths]
    else:
        raise FirmInputError(f"{source}: no such file or folder")
    if not paths:
        raise FirmInputError(f"{source}: no firm files found (looked for {', '.join(PART_SUFFIXES)})")
    return sorted((x.resolve().relative_to(root.resolve()).as_posix(), x) for x in paths)


@dataclass
class PartRead:
    """One validated part: its batch (errors carry the part's label as ``source``) and, for the check that firm ids
    are unique across parts, the first occurrence in the part of every non-empty firm_id with its row number."""

    label: str
    batch: FirmBatch
    first_ids: np.ndarray  # object
    first_rows: np.ndarray  # int64


def read_part(path: Path | str, label: str, regions: dict | None = None, data: bytes | None = None) -> PartRead:
    """Read and validate one part file. A part with no rows at all is a warning; an unusable one is an error that
    names the part (``FirmInputError``)."""
    if data is None:
        data = Path(path).read_bytes()
    empty = PartRead(label, FirmBatch(FirmTable.empty(), [], [f"{label}: no firm rows"], 0), np.zeros(0, dtype=object),
                     np.zeros(0, dtype=np.int64))  # fmt: skip
    if not data.strip():
        return empty
    try:
        frame = read_firm_frame(Path(str(path)), data)
        if len(frame) == 0:
            return empty
        batch = validate_frame(frame, regions, source=label)
    except FirmInputError as exc:
        msg = str(exc)
        raise FirmInputError(msg if msg.startswith(label) else f"{label}: {msg}") from None
    id_col = next(c for c in frame.columns if c not in ("__row__", PROBLEM) and canonical_field(c) == "firm_id")
    ids = frame[id_col].astype(str).str.strip()
    keys = id_keys(ids)
    first = ((keys != "") & ~keys.duplicated(keep="first")).to_numpy(dtype=bool)
    rows = frame["__row__"].to_numpy(dtype=np.int64)
    batch.rejected = [RowError(e.row, e.firm_id, e.column, e.reason, label, e.reason_ko) for e in batch.rejected]
    batch.row_warnings = [RowError(e.row, e.firm_id, e.column, e.reason, label, e.reason_ko)
                          for e in batch.row_warnings]  # fmt: skip
    batch.warnings = [f"{label}: {w}" for w in batch.warnings]
    batch.notes = [f"{label}: {w}" for w in batch.notes]
    return PartRead(label, batch, ids.to_numpy(dtype=object)[first], rows[first])


def cross_part_duplicates(labels: list[str], first_ids: list[np.ndarray], first_rows: list[np.ndarray]
                          ) -> list[list[RowError]]:  # fmt: skip
    """Per part, the rows whose firm_id was already used in an earlier part (parts in the given order).

    Every row with a firm_id counts, as in one file (where a repeated id is rejected even if its first row was
    rejected for another reason). Exact: compares the id strings. Callers may pass only the candidates (ids that
    could repeat, e.g. found by hashing) — the result is the same, since no other id can be a duplicate.
    """
    out: list[list[RowError]] = [[] for _ in labels]
    sizes = [len(x) for x in first_ids]
    if sum(sizes) == 0:
        return out
    ids = np.concatenate([np.asarray(x, dtype=object) for x in first_ids])
    rows = np.concatenate([np.asarray(x, dtype=np.int64) for x in first_rows])
    part = np.repeat(np.arange(len(labels)), sizes)
    codes, _ = pd.factorize(id_keys(pd.Series(ids, dtype=object)))
    first_pos = np.full(codes.max() + 1, -1, dtype=np.int64)
    first_pos[codes[::-1]] = np.arange(len(codes))[::-1]
    for i in np.flatnonzero(first_pos[codes] != np.arange(len(codes))).tolist():
        j = first_pos[codes[i]]
        out[part[i]].append(RowError(int(rows[i]), str(ids[i]), "firm_id",
                                     f"duplicate firm_id (first used in {labels[part[j]]} row {int(rows[j])})",
                                     labels[part[i]],
                                     f"기업ID 중복 ({labels[part[j]]} {int(rows[j])}행에서 이미 사용)"))  # fmt: skip
    return out


def drop_duplicates(batch: FirmBatch, duplicates: list[RowError]) -> FirmBatch:
    """``batch`` without the firms of the given rows, which join the rejected (accounting kept)."""
    if not duplicates:
        return batch
    drop = np.isin(batch.firms.row, np.array([e.row for e in duplicates], dtype=np.int64))
    firms = batch.firms.take(np.flatnonzero(~drop)) if drop.any() else batch.firms
    rejected = sorted([*batch.rejected, *duplicates], key=lambda e: (e.row, e.column))
    kept = set(firms.row.tolist()) if drop.any() else None
    row_warnings = [w for w in batch.row_warnings if kept is None or w.row in kept]
    return FirmBatch(firms, rejected, batch.warnings, batch.received, notes=batch.notes, row_warnings=row_warnings,
                     unknown_codes=batch.unknown_codes)  # fmt: skip


def merge_parts(parts: list[PartRead]) -> FirmBatch:
    """One batch from validated parts in order, rejecting firm ids repeated across parts."""
    dups = cross_part_duplicates([p.label for p in parts], [p.first_ids for p in parts], [p.first_rows for p in parts])
    batches = [drop_duplicates(p.batch, d) for p, d in zip(parts, dups)]
    merged = FirmBatch(FirmTable.concat([b.firms for b in batches if len(b.firms)]),
                       [e for b in batches for e in b.rejected], [w for b in batches for w in b.warnings],
                       sum(b.received for b in batches), notes=[x for b in batches for x in b.notes],
                       row_warnings=[w for b in batches for w in b.row_warnings])  # fmt: skip
    for b in batches:
        for code, k in b.unknown_codes.items():
            merged.unknown_codes[code] = merged.unknown_codes.get(code, 0) + k
    merged.check_accounting()
    return merged


def read_firm_parts(source: Path | str, regions: dict | None = None) -> FirmBatch:
    """Read a folder or glob of part files in label order as one batch (the local engine's view of a registry).

    Rejected rows name their part (``RowError.source``) and row; firm ids must be unique across parts (a repeat is
    rejected and names where the id was first used); ``accepted + rejected == received`` over all parts.
    """
    return merge_parts([read_part(path, label, regions) for label, path in list_firm_parts(source)])
