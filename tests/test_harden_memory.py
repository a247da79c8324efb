"""Issue 20, item 7: what a session caches is held in ``ui.session_memory`` and given back when the session closes
(or when the global budget is passed), instead of staying in Streamlit's store of disconnected sessions."""

from __future__ import annotations

import pandas as pd
import pytest

from ui import session_memory as sm


class FakeRuntime:
    def __init__(self, active):
        self.active = set(active)

    def is_active_session(self, sid):
        return sid in self.active


@pytest.fixture
def runtime(monkeypatch):
    from streamlit.runtime import Runtime

    fake = FakeRuntime({"a", "b"})
    monkeypatch.setattr(Runtime, "exists", classmethod(lambda cls: True))
    monkeypatch.setattr(Runtime, "instance", classmethod(lambda cls: fake))
    monkeypatch.setattr(sm, "_store", {})
    monkeypatch.setattr(sm, "_used", {})
    monkeypatch.setattr(sm, "trim", lambda: None)
    return fake


def _fill(sid: str, rows: int, used: float) -> None:
    sm._store[sid] = {"_screen_memo": {("screen", sid): (pd.DataFrame({"x": range(rows)}), 1.0)}}
    sm._used[sid] = used


def test_a_closed_session_gives_back_what_it_cached(runtime):
    for i, sid in enumerate(("a", "b", "c")):
        _fill(sid, 1000, i)
    assert sm.sweep() == 1  # "c" is not active any more
    assert set(sm._store) == {"a", "b"} and sm.held("_screen_memo")
    runtime.active.discard("a")
    assert sm.sweep() == 1 and set(sm._store) == {"b"}


def test_the_budget_evicts_the_least_recently_used_sessions_first(runtime, monkeypatch):
    runtime.active.update({"c"})
    for i, sid in enumerate(("a", "b", "c")):
        _fill(sid, 100_000, used=[5, 1, 9][i])  # 800 KB each
    monkeypatch.setattr(sm, "BUDGET_BYTES", 1_700_000)
    assert sm.sweep() == 1 and set(sm._store) == {"a", "c"}  # "b", used longest ago, went first
    assert sm.held_bytes() <= 1_700_000
