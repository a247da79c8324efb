"""What a session caches, held where it can be given back (issue 20, item 7).

Streamlit keeps a closed session's ``st.session_state`` for reconnection (``MemorySessionStorage``: a TTL cache
that only expires entries when it is touched again), so a screening table or a workbook kept there stays in the
server's memory after the browser tab is gone. The heavy per-session values (the screening and shortlist memo, the
validated upload, the prepared workbook) are therefore kept here instead, in a registry keyed by session id:

* :func:`memo` — the session's dict for one name (created on first use); each caller keeps one entry in it, as
  before, so a session holds at most one screening, one upload and one workbook;
* a sweeper thread (every :data:`SWEEP_SECONDS`) drops the dicts of every session the runtime no longer counts as
  active, then runs the garbage collector and ``malloc_trim(0)`` (glibc) so the freed pages go back to the system;
* a global budget (:data:`BUDGET_BYTES`, ``KOCN_SESSION_MEMORY_MB``, default 1024) evicts the least recently
  used *other* sessions' dicts first when the total estimated size passes it.

Outside a Streamlit server (AppTest, scripts) the dicts live in ``st.session_state`` as before.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import os
import sys
import threading
import time

import streamlit as st

SWEEP_SECONDS = 5.0
BUDGET_BYTES = int(float(os.environ.get("KOCN_SESSION_MEMORY_MB", "1024")) * 1024 * 1024)

_lock = threading.Lock()
_store: dict[str, dict[str, dict]] = {}  # session id → name → the session's memo dict
_used: dict[str, float] = {}  # session id → last use (monotonic)
_sweeper: threading.Thread | None = None


def _session_id() -> str | None:
    from streamlit.runtime import Runtime
    from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

    ctx = get_script_run_ctx(suppress_warning=True)
    if ctx is None or not Runtime.exists():
        return None
    return ctx.session_id


def memo(name: str) -> dict:
    """The current session's dict called ``name`` (a registry entry given back when the session closes)."""
    sid = _session_id()
    if sid is None:
        return st.session_state.setdefault(name, {})
    _start_sweeper()
    with _lock:
        _used[sid] = time.monotonic()
        return _store.setdefault(sid, {}).setdefault(name, {})


def size_of(value: object) -> int:
    """An estimate of what ``value`` holds (DataFrames deep, bytes, containers one level down)."""
    import pandas as pd

    if isinstance(value, pd.DataFrame | pd.Series):
        with contextlib.suppress(Exception):
            return int(value.memory_usage(deep=False).sum() if isinstance(value, pd.DataFrame)
                       else value.memory_usage(deep=False))  # fmt: skip
    if isinstance(value, bytes | bytearray | memoryview):
        return len(value)
    if isinstance(value, dict):
        return sum(size_of(v) for v in value.values())
    if isinstance(value, list | tuple):
        return sum(size_of(v) for v in value)
    return sys.getsizeof(value)


def held_bytes() -> int:
    with _lock:
        return sum(size_of(d) for names in _store.values() for d in names.values())


def trim() -> None:
    """Collect garbage and hand freed heap pages back to the system (glibc ``malloc_trim``; elsewhere a no-op)."""
    gc.collect()
    with contextlib.suppress(Exception):
        ctypes.CDLL("libc.so.6").malloc_trim(0)


def sweep() -> int:
    """Drop the dicts of sessions that are no longer active, and of the least recently used others while the
    total passes :data:`BUDGET_BYTES`; returns how many sessions were released."""
    from streamlit.runtime import Runtime

    if not Runtime.exists():
        return 0
    runtime = Runtime.instance()
    with _lock:
        gone = [sid for sid in _store if not runtime.is_active_session(sid)]
        for sid in gone:
            _store.pop(sid, None)
            _used.pop(sid, None)
        total = sum(size_of(d) for names in _store.values() for d in names.values())
        for sid in sorted(_store, key=lambda s: _used.get(s, 0)):
            if total <= BUDGET_BYTES or len(_store) <= 1:
                break
            total -= sum(size_of(d) for d in _store[sid].values())
            _store.pop(sid, None)
            _used.pop(sid, None)
            gone.append(sid)
    if gone:
        trim()
    return len(gone)


def _loop() -> None:
    while True:
        time.sleep(SWEEP_SECONDS)
        with contextlib.suppress(Exception):
            sweep()


def _start_sweeper() -> None:
    global _sweeper
    if _sweeper is not None and _sweeper.is_alive():
        return
    with _lock:
        if _sweeper is None or not _sweeper.is_alive():
            _sweeper = threading.Thread(target=_loop, name="kocn-session-memory", daemon=True)
            _sweeper.start()


def held(name: str) -> list[dict]:
    """Every live session's dict called ``name`` (tests and diagnostics)."""
    with _lock:
        return [names[name] for names in _store.values() if name in names]
