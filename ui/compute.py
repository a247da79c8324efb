"""Calls into the engine, cached so that a rerun repeats nothing heavy: one firm's recommendation is cached by
(firm, weights, top, method, data version); a screening result is kept per session for its inputs.
"""

from __future__ import annotations

import json
import time
from typing import TYPE_CHECKING

import streamlit as st

from features.firms import firms_from_records
from recommender.weights import make_weights
from ui import data, session_memory
from ui.i18n import t

if TYPE_CHECKING:  # pandas, NumPy and the screening tables load with the first answer, not the form (issue 19)
    import pandas as pd

SCREEN_MEMO = "_screen_memo"


def __getattr__(name: str):
    """``screen_table`` / ``shortlist_table`` of :mod:`recommender.screening`, imported on first use (PEP 562): the
    engine and pandas load with the first screening, not with the form (issue 19)."""
    if name in ("screen_table", "shortlist_table"):
        from recommender import screening

        value = getattr(screening, name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _screening(name: str):
    """The module attribute ``name`` (so that a test's ``monkeypatch.setattr(ui.compute, name, …)`` is honoured)."""
    return globals()[name] if name in globals() else __getattr__(name)


def firm_key(record: dict) -> str:
    return json.dumps(record, sort_keys=True, ensure_ascii=False)


@st.cache_data(max_entries=128, show_spinner=False)
def _recommend(record_json: str, weights: tuple, preset: str | None, top: int, method: str, data_version: str) -> dict:
    batch = validated(json.loads(record_json))  # validated once per firm: a new preset or method re-ranks only
    w = make_weights(dict(zip(("fit", "policy", "demand", "risk"), weights)), preset=preset)
    return data.recommender().recommend(batch.firms, 0, w, top=top, method=method)


@st.cache_data(max_entries=64, show_spinner=False)
def _validated(record_repr: str, data_version: str, _record: dict):
    return firms_from_records([_record], data.knowledge().regions)


def validated(record: dict):
    """``firms_from_records([record], kb.regions)``, once per firm (``repr``: its fields, their order and types) and
    data version: a rerun (a preset, the language, a slider) validates nothing again (a copy on every call)."""
    return _validated(repr(record), data.knowledge().data_version, record)


def recommend(record: dict, settings, top: int) -> dict:
    """``Recommender.recommend`` for one firm object (already validated by the caller)."""
    w = settings.weights
    return _recommend(firm_key(record), tuple(w.vector().tolist()), w.preset, int(top), settings.method,
                      data.knowledge().data_version)  # fmt: skip


def opportunity_scores(record: dict | None, settings) -> pd.Series | None:
    """One firm's score for every opportunity (indexed by region id, sector id), excluded regions as 0."""
    if not record:
        return None
    import numpy as np
    import pandas as pd

    batch = validated(record)
    if batch.accepted == 0:
        return None
    rec = data.recommender()
    score = rec.score_block(batch.firms, settings.weights, settings.method).score[0]
    score = np.where(np.isfinite(score), score, 0.0)
    return pd.Series(score, index=pd.MultiIndex.from_arrays([rec.region_ids, rec.sector_ids]))


def _chunk_size(n: int) -> int:
    return max(200, min(20_000, -(-n // 25)))


def screen(batch_key: str, firms, settings, top: int, lang: str):
    """``screen_table`` for the accepted firms, with a progress bar while it runs; memoised for the session."""
    key = (batch_key, settings.key, int(top), lang, data.knowledge().data_version)
    memo = session_memory.memo(SCREEN_MEMO)  # given back when the session closes
    hit = memo.get(("screen", key))
    if hit is not None:
        return hit
    n = len(firms)
    bar = st.progress(0.0, text=t("scr_progress", done=0, total=n))

    def progress(done: int, total: int) -> None:
        bar.progress(min(1.0, done / max(1, total)), text=t("scr_progress", done=done, total=total))

    start = time.perf_counter()
    frame = _screening("screen_table")(data.recommender(), firms, settings.weights, top=int(top), method=settings.method,
                         chunk_size=_chunk_size(n), progress=progress, lang=lang)  # fmt: skip
    elapsed = time.perf_counter() - start
    bar.empty()
    memo.clear()  # one screening per session: bounded memory
    memo[("screen", key)] = (frame, elapsed)
    return frame, elapsed


def shortlist(batch_key: str, firms, settings, region_id: str, sector_id: str, top: int, lang: str,
              min_score: float | None = None):
    """``shortlist_table`` for one opportunity (``min_score``: the shortlist threshold), memoised for the session."""
    key = ("shortlist", batch_key, settings.key, region_id, sector_id, int(top), lang, min_score,
           data.knowledge().data_version)  # fmt: skip
    memo = session_memory.memo(SCREEN_MEMO)  # given back when the session closes
    if key not in memo:
        shortlist_table = _screening("shortlist_table")
        for k in [k for k in memo if k[0] == "shortlist"]:
            del memo[k]
        memo[key] = shortlist_table(data.recommender(), region_id, sector_id, firms, settings.weights, top=top,
                                    method=settings.method, lang=lang, min_score=min_score)  # fmt: skip
    return memo[key]
