"""Many firms at once: per-firm shortlists (screen) and per-opportunity firm rankings (shortlist).

Firms are scored in chunks (numpy over all opportunities, no Python loop over pairs); only the top k per firm are
kept, and strategies are chosen only for what is kept, so memory grows with the chunk size, not the number of firms.
The rows equal what :meth:`Recommender.recommend` gives for each firm alone (tested).

Three layers, from cheapest to richest:

* :func:`screen_pairs` — the kept pairs as numeric arrays (:class:`~recommender.engine.TopPairs`): what the
  benchmark times; 56 bytes per kept pair.
* :func:`iter_screen` — the same, one :class:`pandas.DataFrame` per chunk with names, evidence and implications,
  for streaming to a file (:func:`write_screen`) with memory bounded by the chunk size.
* :func:`screen_table` — all chunks concatenated (the contract table of ``python -m recommender screen``).

Chunks may be scored on several threads (``workers``): numpy releases the GIL in the heavy loops; results are put
back in input order, so the output does not depend on the number of workers.
"""

from __future__ import annotations

import json
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pandas as pd

from features.firms import CAPABILITY_SOURCES, FirmTable
from recommender import kernels
from recommender.engine import COVERAGE_STATUS, Recommender, TopPairs
from recommender.weights import Weights

DEFAULT_CHUNK = 20_000
SCREEN_COLUMNS = ["firm_id", "firm_name", "coverage", "rank", "tie_group", "region_id", "region_name", "sector_id",
                  "sector_name", "strategy_id", "strategy_name", "score", "fit", "policy", "demand", "risk",
                  "confidence", "vintage", "evidence", "implication_ids", "precedents", "data_version",
                  "capability_source", "equivalent_regions"]  # fmt: skip
#: ``equivalent_regions`` (issue 18): where tied candidates of one sector rest on national data only, the row is one
#: sector-level answer and this column lists every region it stands for (``;``-separated ids); empty otherwise
#: the lean layout (the default of ``python -m recommender screen``): what differs from row to row. What belongs to the
#: (opportunity, strategy) itself — names, policy, demand, confidence, vintage, evidence, implications, precedents,
#: data version — is written once per ``opportunity_key`` in the companion table (:mod:`recommender.writers`).
LEAN_COLUMNS = ["firm_id", "firm_name", "coverage", "rank", "tie_group", "opportunity_key", "region_id", "sector_id",
                "strategy_id", "score", "fit", "risk", "capability_source", "equivalent_regions"]  # fmt: skip
LAYOUTS = ("lean", "wide")
SHORTLIST_COLUMNS = ["rank", "tie_group", "firm_id", "firm_name", "region_id", "sector_id", "score", "fit", "policy",
                     "demand", "risk", "strategy_id", "strategy_name", "confidence", "vintage", "data_version"]  # fmt: skip
#: file types :func:`write_screen` streams chunk by chunk (.xlsx is written whole)
STREAM_FORMATS = (".csv", ".parquet", ".json")


def _chunks(n: int, size: int) -> Iterator[slice]:
    for start in range(0, n, size):
        yield slice(start, min(n, start + size))


def default_workers() -> int:
    """Threads for chunked scoring: the machine's cores, at most 8."""
    return max(1, min(8, os.cpu_count() or 1))


def _ordered_map(fn: Callable, items: Iterable, workers: int) -> Iterator:
    """``map(fn, items)`` on ``workers`` threads, in input order, with at most ``2 · workers`` results pending."""
    if workers <= 1:
        yield from map(fn, items)
        return
    with ThreadPoolExecutor(max_workers=workers) as pool:
        pending: deque = deque()
        for item in items:
            pending.append(pool.submit(fn, item))
            if len(pending) >= 2 * workers:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()


def _str_array(values) -> pd.api.extensions.ExtensionArray:
    return pd.array(list(values), dtype="str")


class _Lookups:
    """Per-opportunity strings computed once (names, evidence) and implication ids per (opportunity, strategy).

    Columns of the result are built by ``take`` on these small arrays (Arrow strings), not by converting millions of
    Python strings one by one.
    """

    def __init__(self, rec: Recommender, lang: str = "ko"):
        kb = rec.kb
        self.rec = rec
        self.region_id = _str_array(rec.region_ids.tolist())
        self.sector_id = _str_array(rec.sector_ids.tolist())
        self.region_name = _str_array(getattr(kb.regions[p.region_id], f"name_{lang}") for p in rec.profiles)
        self.sector_name = _str_array(getattr(kb.sectors[p.sector_id], f"name_{lang}") for p in rec.profiles)
        self.evidence = _str_array(";".join(str(r) for r in p.evidence[:8]) for p in rec.profiles)
        self.vintage = np.array([p.vintage for p in rec.profiles])
        self.strategy_id = _str_array(rec.strategies.ids)
        self.strategy_name = _str_array(s[f"name_{lang}"] for s in rec.strategies.specs)
        self.n_strategies = len(rec.strategies.ids)
        self.implication_table = _str_array(
            ";".join(rec.implications_for(p.region_id, p.sector_id, t)) for p in rec.profiles for t in rec.strategies.ids
        )
        self.precedent_table = _str_array(
            ";".join(rec.precedents_for(p.region_id, p.sector_id, t)) for p in rec.profiles for t in rec.strategies.ids
        )
        self.coverage_names = _str_array(COVERAGE_STATUS)
        self.source_names = _str_array(CAPABILITY_SOURCES)

    def implications(self, opp: np.ndarray, strat: np.ndarray):
        return self.implication_table.take(np.asarray(opp) * self.n_strategies + np.asarray(strat))

    def opportunity_key(self, opp: np.ndarray, strat: np.ndarray) -> np.ndarray:
        """``opp · T + strategy + 1`` (T strategies): one integer per (profile, strategy), the lean rows' join key."""
        return np.asarray(opp, dtype=np.int64) * self.n_strategies + np.asarray(strat, dtype=np.int64) + 1

    def frame(self, firms: FirmTable, pairs: TopPairs, firm_offset: int = 0, layout: str = "wide") -> pd.DataFrame:
        """The contract rows for ``pairs`` (``pairs.firm`` indexes ``firms`` after subtracting ``firm_offset``).

        A firm whose coverage is ``none`` (no pair kept) gets exactly one row, with rank, region, sector, strategy
        and score empty, so every accepted firm appears in the output, in input order. ``layout="lean"`` gives
        :data:`LEAN_COLUMNS` (the per-opportunity columns are left to the companion table)."""
        rec = self.rec
        f = pairs.firm - firm_offset
        opp, strat = pairs.opp, pairs.strategy
        if layout == "lean":
            frame = self._with_blanks({
                "_firm": f, "rank": pd.array(pairs.rank, dtype="Int64"),
                "tie_group": pd.array(pairs.tie_group, dtype="Int64"),
                "opportunity_key": pd.array(self.opportunity_key(opp, strat), dtype="Int64"),
                "region_id": self.region_id.take(opp), "sector_id": self.sector_id.take(opp),
                "strategy_id": self.strategy_id.take(strat),
                "score": np.round(pairs.score, 4), "fit": np.round(pairs.fit, 4), "risk": np.round(pairs.risk, 4),
                "equivalent_regions": self.equivalent(pairs),
            }, pairs)  # fmt: skip
            return self._finish(frame, firms, pairs, LEAN_COLUMNS)
        frame = self._with_blanks({
            "_firm": f, "rank": pd.array(pairs.rank, dtype="Int64"),
            "tie_group": pd.array(pairs.tie_group, dtype="Int64"),
            "region_id": self.region_id.take(opp), "region_name": self.region_name.take(opp),
            "sector_id": self.sector_id.take(opp), "sector_name": self.sector_name.take(opp),
            "strategy_id": self.strategy_id.take(strat), "strategy_name": self.strategy_name.take(strat),
            "score": np.round(pairs.score, 4), "fit": np.round(pairs.fit, 4),
            "policy": np.round(rec.policy[opp], 4), "demand": np.round(rec.demand[opp], 4),
            "risk": np.round(pairs.risk, 4), "confidence": np.round(rec.confidence[opp], 4),
            "vintage": pd.array(self.vintage[opp], dtype="Int64"), "evidence": self.evidence.take(opp),
            "implication_ids": self.implications(opp, strat),
            "precedents": self.precedent_table.take(np.asarray(opp) * self.n_strategies + np.asarray(strat)),
            "equivalent_regions": self.equivalent(pairs),
        }, pairs)  # fmt: skip
        return self._finish(frame, firms, pairs, SCREEN_COLUMNS, data_version=True)

    @staticmethod
    def _with_blanks(columns: dict, pairs: TopPairs) -> pd.DataFrame:
        """The rows of ``columns`` (one per kept pair, ``_firm`` the firm) plus one blank row (every value missing)
        for each firm whose coverage is ``none``, ordered by firm then rank (the blank first) — what concatenating
        a blank frame and ``sort_values(["_firm", "rank"], kind="stable", na_position="first")`` gave, built as one
        gather per column (issue 19: the sort of the whole chunk's frame was ≈ a third of the frame's cost)."""
        none = np.flatnonzero(np.asarray(pairs.coverage) == 0)
        if not len(none):
            return pd.DataFrame(columns)
        f = np.asarray(columns["_firm"])
        m = len(f)
        firm = np.concatenate([f, none.astype(f.dtype)])
        rank = np.concatenate([np.asarray(pairs.rank, dtype=np.int64), np.zeros(len(none), dtype=np.int64)])
        order = np.lexsort((rank, firm))  # ranks start at 1: a blank row (0) comes first, as NA did
        idx = np.where(order < m, order, -1)
        blank = idx < 0
        out = {}
        for name, values in columns.items():
            if name == "_firm":
                out[name] = firm[order]
            elif isinstance(values, np.ndarray):
                # scores and factors: floats, a blank one NaN (as astype gave)
                taken = values[np.maximum(idx, 0)] if m else np.empty(len(idx), dtype=values.dtype)
                taken[blank] = np.nan
                out[name] = taken
            else:
                out[name] = values.take(idx, allow_fill=True)
        return pd.DataFrame(out)

    def equivalent(self, pairs: TopPairs) -> np.ndarray:
        """(m,) strings: the ``;``-joined region ids a row stands for (:attr:`TopPairs.equivalent`), '' for none."""
        masks = pairs.equivalent if pairs.equivalent is not None else np.zeros(len(pairs.firm), dtype=np.int64)
        uniq, inv = np.unique(np.asarray(masks, dtype=np.int64), return_inverse=True)
        names = _str_array(";".join(self.rec.equivalent_regions(int(m))) for m in uniq.tolist())
        return names.take(inv.reshape(-1)) if len(masks) else _str_array([])

    def _finish(self, frame: pd.DataFrame, firms: FirmTable, pairs: TopPairs, columns: list[str],
                data_version: bool = False) -> pd.DataFrame:  # fmt: skip
        """Add the firm ids, names and coverage (the blank rows of coverage-none firms are in ``frame`` already:
        :meth:`_with_blanks`)."""
        rec = self.rec
        fi = frame["_firm"].to_numpy()
        frame.insert(0, "firm_id", _str_array(firms.firm_id.tolist()).take(fi))
        frame.insert(1, "firm_name", _str_array(firms.name.tolist()).take(fi))
        frame.insert(2, "coverage", self.coverage_names.take(np.asarray(pairs.coverage)[fi]))
        if data_version:
            frame["data_version"] = rec.kb.data_version
        # where the firm's capabilities came from (given / inferred / mixed / none): inferred ones are estimates
        frame["capability_source"] = self.source_names.take(np.asarray(firms.capability_source)[fi])
        return frame[columns]


def empty_screen_frame() -> pd.DataFrame:
    return pd.DataFrame(columns=SCREEN_COLUMNS)


def _scored_chunks(rec: Recommender, firms: FirmTable, weights: Weights, top: int, method: str, chunk_size: int,
                   workers: int | None, build: Callable[[FirmTable, TopPairs, int], object],
                   progress: Callable[[int, int], None] | None) -> Iterator:  # fmt: skip
    n = len(firms)
    workers = default_workers() if workers is None else max(1, int(workers))
    if n <= chunk_size:
        workers = 1  # one chunk: no pool

    def run(sl: slice):
        chunk = firms.slice(sl.start, sl.stop)
        pairs = rec.top_pairs(chunk, weights, top, method)
        pairs.firm += sl.start
        return sl, build(chunk, pairs, sl.start)

    for sl, result in _ordered_map(run, _chunks(n, max(1, int(chunk_size))), workers):
        if progress:
            progress(sl.stop, n)
        yield result


def screen_pairs(rec: Recommender, firms: FirmTable, weights: Weights, top: int = 5, method: str = "wsm",
                 chunk_size: int = DEFAULT_CHUNK, progress: Callable[[int, int], None] | None = None,
                 workers: int | None = None) -> TopPairs:  # fmt: skip
    """The kept (firm, rank) pairs of every firm as numeric arrays; ``firm`` indexes ``firms``.

    Scores, top-k and strategies only — no strings. Memory: the firms, 56 bytes per kept pair, and per worker
    thread the (2048, P) arrays of one scoring block (:data:`recommender.engine.SCORE_BLOCK_ROWS`) plus the (chunk,
    k) results of one chunk.
    """
    parts = list(_scored_chunks(rec, firms, weights, top, method, chunk_size, workers,
                                lambda chunk, pairs, start: pairs, progress))  # fmt: skip
    if not parts:
        return rec.top_pairs(firms, weights, top, method)
    columns = {}
    for f in TopPairs.__dataclass_fields__:  # one field at a time, freeing the parts' copies as we go
        columns[f] = np.concatenate([getattr(x, f) for x in parts])
        for x in parts:
            setattr(x, f, None)
    return TopPairs(**columns)


def iter_screen(rec: Recommender, firms: FirmTable, weights: Weights, top: int = 5, method: str = "wsm",
                chunk_size: int = DEFAULT_CHUNK, progress: Callable[[int, int], None] | None = None,
                lang: str = "ko", workers: int | None = None, layout: str = "wide",
                look: _Lookups | None = None) -> Iterator[pd.DataFrame]:  # fmt: skip
    """The screen table one chunk of firms at a time (input order of firms, then rank); ``layout`` "wide"
    (:data:`SCREEN_COLUMNS`) or "lean" (:data:`LEAN_COLUMNS`, see :mod:`recommender.writers`). ``look``: the
    lookups of ``rec`` in ``lang`` when the caller has them already."""
    look = look or _Lookups(rec, lang)
    yield from _scored_chunks(rec, firms, weights, top, method, chunk_size, workers,
                              lambda chunk, pairs, start: look.frame(chunk, pairs, start, layout), progress)  # fmt: skip


def screen_table(rec: Recommender, firms: FirmTable, weights: Weights, top: int = 5, method: str = "wsm",
                 chunk_size: int = DEFAULT_CHUNK, progress: Callable[[int, int], None] | None = None,
                 lang: str = "ko", workers: int | None = None) -> pd.DataFrame:  # fmt: skip
    """One row per firm × rank (input order of firms, then rank).

    Identical for any ``chunk_size`` and ``workers`` (tested). For millions of firms prefer :func:`write_screen`,
    which streams to a file instead of holding every row (≈ 700 bytes each, mostly evidence strings) in memory.
    """
    parts = list(iter_screen(rec, firms, weights, top, method, chunk_size, progress, lang, workers))
    if not parts:
        return empty_screen_frame()
    return pd.concat(parts, ignore_index=True)[SCREEN_COLUMNS]


# ---------------------------------------------------------------- streaming output


class ScreenWriter:
    """Append screen chunks to a .csv, .parquet or .json file; the file equals one written whole.

    CSV: UTF-8 with BOM, formula-safe, ``\\n`` line ends — byte-identical to :func:`exporting.write_table` on the
    concatenated table. JSON: the same records and layout as ``exporting.json_bytes``. Parquet: one row group per
    chunk (pyarrow), reading back to the same frame.
    """

    def __init__(self, path: Path | str):
        self.path = Path(path)
        self.suffix = self.path.suffix.lower()
        if self.suffix not in STREAM_FORMATS:
            raise ValueError(f"cannot stream to {self.path.name}: use {', '.join(STREAM_FORMATS)}")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.rows = 0
        self._fh = None
        self._pq = None
        self._schema = None

    def write(self, frame: pd.DataFrame) -> None:
        """Append ``frame`` (columns as :data:`SCREEN_COLUMNS`); an empty frame adds nothing."""
        from recommender import exporting

        if len(frame) == 0 and self.suffix != ".csv":
            return
        if self.suffix == ".csv":
            if self._fh is None:
                self._fh = self.path.open("wb")
                self._fh.write(exporting.csv_bytes(frame))
            elif len(frame):
                self._fh.write(exporting.safe_frame(frame).to_csv(index=False, header=False, lineterminator="\n")
                               .encode("utf-8"))  # fmt: skip
        elif self.suffix == ".json":
            if self._fh is None:
                self._fh = self.path.open("wb")
                self._fh.write(b"[")
            for rec in frame.to_dict(orient="records"):
                text = json.dumps(rec, ensure_ascii=False, indent=2).replace("\n", "\n  ")
                self._fh.write((("\n  " if self.rows == 0 else ",\n  ") + text).encode("utf-8"))
                self.rows += 1
            return
        else:
            import pyarrow as pa
            import pyarrow.parquet as pq

            table = pa.Table.from_pandas(frame, preserve_index=False, schema=self._schema)
            if self._pq is None:
                self._schema = table.schema
                self._pq = pq.ParquetWriter(self.path, self._schema)
            self._pq.write_table(table)
        self.rows += len(frame)

    def close(self) -> None:
        if self.suffix == ".parquet":
            if self._pq is None:
                empty_screen_frame().to_parquet(self.path, index=False)
            else:
                self._pq.close()
            return
        if self._fh is None:
            self._fh = self.path.open("wb")
            self._fh.write(b"[" if self.suffix == ".json" else _csv_header())
        if self.suffix == ".json":
            self._fh.write(b"\n]\n" if self.rows else b"]\n")
        self._fh.close()

    def __enter__(self) -> ScreenWriter:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _csv_header() -> bytes:
    from recommender import exporting

    return exporting.csv_bytes(empty_screen_frame())


def write_screen(frames: Iterable[pd.DataFrame], path: Path | str) -> int:
    """Stream screen chunks (e.g. from :func:`iter_screen`) to ``path``; returns the number of rows written."""
    with ScreenWriter(path) as w:
        for frame in frames:
            w.write(frame)
    return w.rows


# ---------------------------------------------------------------- one opportunity


def shortlist_table(rec: Recommender, region_id: str, sector_id: str, firms: FirmTable, weights: Weights,
                    top: int | None = 20, method: str = "wsm", chunk_size: int = DEFAULT_CHUNK,
                    lang: str = "ko", min_score: float | None = None) -> pd.DataFrame:  # fmt: skip
    """Firms ranked for one opportunity (best first; near-equal scores share a ``tie_group``; then firm_id).

    Only firms that pass the opportunity's gate are ranked (a core capability of the sector at the core level, and
    an entry mode open to them there); ``frame.attrs`` says how many did not (``not_covered``) and how many exclude
    the region (``excluded``). ``min_score`` drops firms scoring below it (a shortlist threshold)."""
    j = rec.opportunity_index(region_id, sector_id)
    look = _Lookups(rec, lang)
    scores, fits, risks, strats = [], [], [], []
    excluded = 0
    for sl in _chunks(len(firms), chunk_size):
        chunk = firms.slice(sl.start, sl.stop)
        block = rec.score_block(chunk, weights, method)
        excluded += int(np.isneginf(block.ungated[:, j]).sum())
        scores.append(block.score[:, j])
        fits.append(block.fit[:, j])
        risks.append(block.risk_eff[:, j])
        strat, _ = rec.choose_strategies(chunk, np.arange(len(chunk)), np.full(len(chunk), j))
        strats.append(strat)
    if not scores:
        return pd.DataFrame(columns=SHORTLIST_COLUMNS)
    score, fit, risk, strat = (np.concatenate(x) for x in (scores, fits, risks, strats))
    ids = firms.firm_id.astype(str)
    order = np.lexsort((ids, -score))
    passing = np.isfinite(score[order])
    not_covered = int((~passing).sum() - excluded)
    order = order[passing]
    if min_score is not None:
        order = order[score[order] >= float(min_score)]
    if top:
        order = order[:top]
    groups = kernels.tie_groups(score[order][None, :])[0] if len(order) else np.zeros(0, dtype=np.int64)
    frame = pd.DataFrame({
        "rank": np.arange(1, len(order) + 1), "tie_group": groups, "firm_id": ids[order],
        "firm_name": firms.name[order],
        "region_id": region_id, "sector_id": sector_id, "score": np.round(score[order], 4),
        "fit": np.round(fit[order], 4), "policy": round(float(rec.policy[j]), 4),
        "demand": round(float(rec.demand[j]), 4), "risk": np.round(risk[order], 4),
        "strategy_id": np.array(rec.strategies.ids, dtype=object)[strat[order]],
        "strategy_name": np.asarray(look.strategy_name, dtype=object)[strat[order]],
        "confidence": round(float(rec.confidence[j]), 4),
        "vintage": int(look.vintage[j]), "data_version": rec.kb.data_version,
    })[SHORTLIST_COLUMNS]  # fmt: skip
    frame.attrs.update(not_covered=not_covered, excluded=excluded, received=len(firms))
    return frame


def cohort_heatmap(screen: pd.DataFrame) -> pd.DataFrame:
    """Region × sector count of firms for which the opportunity is in their shortlist."""
    if screen.empty:
        return pd.DataFrame()
    return screen.pivot_table(index="region_id", columns="sector_id", values="firm_id", aggfunc="nunique", fill_value=0)
