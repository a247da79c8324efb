"""Charts drawn from a cached Vega-Lite spec (issue 19: the map and the heatmaps computed once per data version).

Building an Altair chart and converting it to Vega-Lite (``st.altair_chart`` validates the whole spec against the
Vega-Lite JSON schema and deep-copies inline data — the province outlines are ≈ 280 kB) took most of a rerun of the
explore page. :func:`show` converts a chart once per cache key — a tuple naming everything the chart depends on (the
data version, the language, the choices) — with Streamlit's own conversion, and draws the stored spec with
``st.vega_lite_chart``: the same element, data and selections as ``st.altair_chart(chart)``, without building the
chart again. The builder is called only on a cache miss.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

import streamlit as st

log = logging.getLogger("kocn.vega")


def _convert(chart) -> dict:
    """Streamlit's conversion of an Altair chart (datasets as Arrow, theme "none"), else Altair's own ``to_dict``."""
    try:
        from streamlit.elements.vega_charts import _convert_altair_to_vega_lite_spec
    except ImportError:  # another Streamlit version: the plain spec (inline data) draws the same chart
        return chart.to_dict()
    return _convert_altair_to_vega_lite_spec(chart)


@st.cache_data(max_entries=96, show_spinner=False)
def spec(_make: Callable, key: tuple) -> tuple[dict, int | None]:
    """The Vega-Lite spec of ``_make()`` and the height it asks for, once per ``key`` (a copy on every call)."""
    chart = _make()
    height = getattr(chart, "height", None)
    return _convert(chart), height if isinstance(height, int) else None


def show(make: Callable, cache_key: tuple, pad: int | None = None, **kwargs):
    """``st.altair_chart(make(), **kwargs)`` from the spec cached under ``cache_key``; with ``pad``, the height is the chart's plus
    ``pad`` (as ``ui.charts.draw``), and ``width`` defaults to ``"stretch"``."""
    vl, height = spec(make, cache_key)
    kwargs.setdefault("width", "stretch")
    if pad is not None and height is not None:
        kwargs["height"] = height + pad
    return st.vega_lite_chart(spec=vl, **kwargs)


_prewarmed: set[tuple] = set()
_lock = threading.Lock()


def _build(make: Callable, cache_key: tuple) -> None:
    try:
        spec(make, cache_key)
    except Exception:  # noqa: BLE001 - a warm-up never fails the app; the tab builds the chart itself when opened
        log.exception("prewarm of %s failed", cache_key[:1])


def prewarm(make: Callable, cache_key: tuple) -> threading.Thread | None:
    """Build the spec :func:`show` will need for ``cache_key`` in a background thread — once per server process and
    key, only under a running server (not AppTest) — so a tab drawn only when selected (the explore page's map,
    ≈ 4–6 s to build the first time on a loaded machine) opens from the cache. ``make`` must not read the session
    (build its inputs in the script first). Same function, same arguments as the tab's own call: nothing computed
    differs. Returns the thread, or None when nothing was started."""
    from streamlit import runtime

    if not runtime.exists():
        return None
    with _lock:
        if cache_key in _prewarmed:
            return None
        _prewarmed.add(cache_key)
    thread = threading.Thread(target=_build, args=(make, cache_key), name="kocn-vega-prewarm", daemon=True)
    thread.start()
    return thread
