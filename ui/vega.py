"""Charts drawn from a cached Vega-Lite spec (issue 19: the map and the heatmaps computed once per data version).

Building an Altair chart and converting it to Vega-Lite (``st.altair_chart`` validates the whole spec against the
Vega-Lite JSON schema and deep-copies inline data — the province outlines are ≈ 280 kB) took most of a rerun of the
explore page. :func:`show` converts a chart once per cache key — a tuple naming everything the chart depends on (the
data version, the language, the choices) — with Streamlit's own conversion, and draws the stored spec with
``st.vega_lite_chart``: the same element, data and selections as ``st.altair_chart(chart)``, without building the
chart again. The builder is called only on a cache miss.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st


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
