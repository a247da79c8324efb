"""Warm the server after its first page (issue 19): the first page (the firm form) imports neither pandas, the engine
nor Altair, so it is drawn in about a third of the time; this module then imports them — and builds the recommender —
in one background thread, once per server process, while the person fills in the form. The first answer then finds
them loaded instead of paying ≈ 2–3 s of imports.

Nothing here changes what is computed: the thread only imports modules and fills ``ui.data``'s process-wide
``st.cache_resource`` entries that the first answer would fill anyway (same function, same arguments).
"""

from __future__ import annotations

import importlib
import logging
import threading

log = logging.getLogger("kocn.warmup")

#: what the first answer, the charts and the other pages load (heaviest first)
MODULES = ("pandas", "recommender.engine", "recommender.report", "recommender.screening", "ui.results",
           "ui.compare", "ui.charts", "streamlit.emojis")  # fmt: skip

_lock = threading.Lock()
_started = False


def _warm(kb) -> None:
    for name in MODULES:
        try:
            importlib.import_module(name)
        except Exception:  # noqa: BLE001 - a warm-up never fails the app; the real import reports it in the page
            log.exception("warm-up: importing %s failed", name)
            return
    try:
        from ui import data

        data._recommender(kb, kb.data_version)
    except Exception:  # noqa: BLE001 - as above
        log.exception("warm-up: building the recommender failed")


def start(kb) -> bool:
    """Start the warm-up thread unless it ran in this process; ``True`` when this call started it. Called at the end
    of the app script, so the first page is sent before the thread competes for the interpreter."""
    global _started  # noqa: PLW0603 - once per process
    from streamlit import runtime

    if not runtime.exists():  # AppTest and bare runs: nothing to warm for a person
        return False
    with _lock:
        if _started:
            return False
        _started = True
    threading.Thread(target=_warm, args=(kb,), name="kocn-warmup", daemon=True).start()
    return True


def skip_bare_mode_probe() -> None:
    """Streamlit's first element of a process checks whether it runs in a REPL (``env_util.is_repl`` →
    ``inspect.stack()``, which reads the source of every frame: ≈ 0.2–0.3 s of the first page). Under ``streamlit run``
    the answer is known — no — so mark that check done. Outside a server (bare ``python app.py``) nothing changes."""
    from streamlit import runtime

    if runtime.exists():
        import streamlit.delta_generator as dg

        dg._use_warning_has_been_displayed = True
