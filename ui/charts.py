"""Altair (Vega-Lite) charts. They need no network: no tiles, no remote data; titles come translated from callers."""

from __future__ import annotations

import functools
import hashlib
import threading
from collections import OrderedDict

import altair as alt
import pandas as pd

STATUS_COLORS = {"matched": "#2E7D32", "partial": "#F0A030", "gap": "#C62828"}
DIMENSION_COLORS = {"policy": "#1F5FAD", "demand": "#2E7D32", "risk": "#C62828"}
FLAG_COLOR = "#C9CED4"  # grey wash over heatmap cells that rest on national facts only
HEAT_SCHEMES = {"policy": "blues", "demand": "greens", "risk": "reds", "confidence": "purples", "count": "oranges"}


def _title(text: str) -> alt.TitleParams:
    return alt.TitleParams(text, anchor="start", fontSize=14)


#: charts built by :func:`_memo` builders, by what they were built from (issue 19: a rerun that draws the same chart —
#: a preset toggled back, a language switch, a new session on the same firm — builds no Altair chart and converts
#: nothing; :func:`draw` finds the chart's key here instead of serialising it)
_MEMO: OrderedDict[str, alt.TopLevelMixin] = OrderedDict()
_MEMO_KEYS: dict[int, str] = {}
_MEMO_SIZE = 96
_MEMO_LOCK = threading.Lock()


def _memo(build):
    """Memoise a chart builder ``build(frame, *args)`` on the frame's exact content (columns, dtypes, every value's
    hash — ``pandas.util.hash_pandas_object``) and the other arguments' ``repr``: the same inputs give the very same
    chart object (treat it as read-only). Unhashable inputs are built as before."""

    @functools.wraps(build)
    def wrapper(frame: pd.DataFrame, *args, **kwargs):
        try:
            digest = hashlib.sha256(repr((build.__name__, list(frame.columns), [str(d) for d in frame.dtypes],
                                          args, sorted(kwargs.items()))).encode("utf-8"))  # fmt: skip
            digest.update(pd.util.hash_pandas_object(frame, index=True).to_numpy().tobytes())
            key = digest.hexdigest()
        except Exception:  # noqa: BLE001 - e.g. unhashable cells: built every time
            return build(frame, *args, **kwargs)
        with _MEMO_LOCK:
            chart = _MEMO.get(key)
            if chart is not None:
                _MEMO.move_to_end(key)
                return chart
        chart = build(frame, *args, **kwargs)
        with _MEMO_LOCK:
            _MEMO[key] = chart
            _MEMO_KEYS[id(chart)] = key
            while len(_MEMO) > _MEMO_SIZE:
                _, old = _MEMO.popitem(last=False)
                _MEMO_KEYS.pop(id(old), None)
        return chart

    return wrapper


def _memo_key(chart) -> str | None:
    """The :func:`_memo` key of ``chart`` if it is a memoised chart still held, else None."""
    with _MEMO_LOCK:
        key = _MEMO_KEYS.get(id(chart))
        return key if key is not None and _MEMO.get(key) is chart else None


@_memo
def contributions(frame: pd.DataFrame, title: str, x_title: str, y_title: str) -> alt.Chart:
    """Horizontal bars: ``label`` × ``value`` (with ``tip`` for the tooltip)."""
    base = alt.Chart(frame).encode(
        y=alt.Y("label:N", sort=None, title=None, axis=alt.Axis(labelLimit=220)),
        # about six ticks: at 1,100 px fifteen of them ("0.00 0.02 0.04 …") ran into each other
        x=alt.X("value:Q", title=x_title, scale=alt.Scale(domain=[0, max(0.05, float(frame["value"].max()) * 1.15)]),
                axis=alt.Axis(tickCount=6, format=".2f", labelOverlap=True)),
        tooltip=[alt.Tooltip("label:N", title=y_title), alt.Tooltip("tip:N", title=x_title)],
    )
    bars = base.mark_bar(color="#1F5FAD", cornerRadiusEnd=3)
    text = base.mark_text(align="left", dx=4).encode(text=alt.Text("value:Q", format=".2f"))
    return (bars + text).properties(title=_title(title), height=34 * len(frame) + 30)


@_memo
def capabilities(frame: pd.DataFrame, title: str, labels: dict[str, str]) -> alt.Chart:
    """Bars of the firm's level per capability, coloured by status, with a tick at the sector's need.

    ``frame`` columns: label, have, need, status, status_label. ``labels``: titles for capability/have/need/status.
    """
    domain = list(STATUS_COLORS)
    color = alt.Color("status:N", scale=alt.Scale(domain=domain, range=[STATUS_COLORS[d] for d in domain]),
                      legend=None)  # fmt: skip
    tooltip = [alt.Tooltip("label:N", title=labels["capability"]), alt.Tooltip("have:Q", title=labels["have"]),
               alt.Tooltip("need:Q", title=labels["need"]), alt.Tooltip("status_label:N", title=labels["status"])]  # fmt: skip
    # whole capability names (Vega cuts axis labels at 180 px by default: "Automotive & mo…", issue 18 item 7)
    y = alt.Y("label:N", sort=None, title=None, axis=alt.Axis(labelLimit=260))
    x_scale = alt.Scale(domain=[0, 5])
    bars = alt.Chart(frame).mark_bar(opacity=0.85, cornerRadiusEnd=3).encode(
        y=y, x=alt.X("have:Q", scale=x_scale, title=f"{labels['have']} (■) / {labels['need']} (|)",
                                axis=alt.Axis(values=[0, 1, 2, 3, 4, 5], format="d")), color=color,
        tooltip=tooltip)  # fmt: skip
    ticks = alt.Chart(frame).mark_tick(color="#111111", thickness=3, size=22).encode(y=y, x="need:Q", tooltip=tooltip)
    return (bars + ticks).properties(title=_title(title), height=30 * len(frame) + 30)


def heatmap(frame: pd.DataFrame, title: str, x_title: str, y_title: str, value_title: str, scheme: str,
            x_order: list[str], y_order: list[str], fmt: str = ".2f", domain: tuple | None = (0, 1),
            flag_label: str | None = None) -> alt.Chart:  # fmt: skip
    """``frame`` columns: x, y, value (+ optional tip). Cells coloured by value and labelled with it.

    With ``flag_label`` and a boolean column ``flagged``, flagged cells (e.g. profiles resting on national facts only)
    are greyed out by a grey wash over their colour, their number kept in dark grey, and a legend entry
    ``flag_label`` names the grey.
    """
    scale = alt.Scale(scheme=scheme, domain=list(domain)) if domain else alt.Scale(scheme=scheme)
    tips = [alt.Tooltip("y:N", title=y_title), alt.Tooltip("x:N", title=x_title),
            alt.Tooltip("value:Q", title=value_title, format=fmt)]  # fmt: skip
    if "tip" in frame:
        tips.append(alt.Tooltip("tip:N", title=" "))
    base = alt.Chart(frame).encode(
        x=alt.X("x:N", sort=x_order, title=None,
                axis=alt.Axis(orient="top", labelAngle=-35, labelLimit=300, labelOverlap=False, labelFontSize=11)),
        y=alt.Y("y:N", sort=y_order, title=None, axis=alt.Axis(labelOverlap=False, labelFontSize=11)),
    )
    rect = base.mark_rect(stroke="white", strokeWidth=1).encode(
        # legends below the grid, not beside it: at 1,100 px a legend on the right left the sixteen sector columns
        # about 20 px each and their slanted names ran into each other (issue 18 item 7)
        color=alt.Color("value:Q", scale=scale, title=value_title,
                        legend=alt.Legend(orient="bottom", direction="horizontal", gradientLength=220)),
        tooltip=tips)  # fmt: skip
    mid = (domain[0] + domain[1]) / 2 if domain else float(frame["value"].max() or 1) / 2
    flagging = flag_label is not None and "flagged" in frame
    light = (alt.datum.value > mid) & ~alt.datum.flagged if flagging else alt.datum.value > mid
    text = base.mark_text(fontSize=10).encode(
        text=alt.Text("value:Q", format=fmt),
        color=alt.condition(light, alt.value("white"), alt.value("#1B2430")),
        tooltip=tips,
    )
    layers = [rect]
    if flagging:
        flagged = frame[frame["flagged"]].assign(flag=flag_label)
        layers.append(alt.Chart(flagged).mark_rect(opacity=0.82, stroke="white", strokeWidth=1).encode(
            x=alt.X("x:N", sort=x_order), y=alt.Y("y:N", sort=y_order),
            fill=alt.Fill("flag:N", scale=alt.Scale(domain=[flag_label], range=[FLAG_COLOR]),
                          legend=alt.Legend(title=None, orient="bottom", symbolType="square", symbolOpacity=0.82, symbolSize=160,
                                            labelLimit=360)),
            tooltip=tips + [alt.Tooltip("flag:N", title=" ")]))  # fmt: skip
    chart = alt.layer(*layers, text)
    if flagging:
        chart = chart.resolve_scale(color="independent")
    return chart.properties(title=_title(title), height=max(220, 26 * len(y_order) + 40) + 60)  # + the legends below


# Where a label goes when its shape's own label point (``label_lon``/``label_lat``, inside the shape) would collide
# with a neighbour's: (label lon, label lat, text alignment, leader line). Labels of small regions move off their shape
# (to sea or open land) with a leader line back to it; others only shift inside their shape. Checked for overlaps in
# both languages by tests/test_geo.py.
LABEL_NUDGE = {
    "CN-BJ": (116.3, 41.3, "center", True),
    "CN-TJ": (118.6, 39.0, "left", True),
    "CN-SH": (122.6, 31.2, "left", True),
    "CN-HK": (114.6, 21.2, "left", True),
    "CN-MO": (112.6, 21.2, "right", True),
    "CN-HE": (115.8, 38.6, "center", False),
    "CN-SX": (112.0, 37.0, "center", False),
    "CN-JS": (119.6, 33.3, "center", False),
    "CN-CQ": (107.3, 29.9, "center", False),
    "CN-SC": (101.3, 30.6, "center", False),
    "CN-GD": (113.8, 23.6, "center", False),
    "CN-GX": (108.3, 23.8, "center", False),
}
NO_PROFILE_COLOR = "#D5D8DC"
CHINA_PROJECTION = {"type": "conicEqualArea", "parallels": [25, 47], "rotate": [-105, 0]}  # Albers for China


def province_map(features: list[dict], title: str, value_title: str, scheme: str, titles: dict[str, str],
                 reference: pd.DataFrame | None = None, selection: str = "pick", height: int = 500) -> alt.LayerChart:  # fmt: skip
    """A choropleth of China's provinces (Vega-Lite ``geoshape``) on an Albers conic equal-area projection with the
    standard parallels for China (25°N, 47°N) centred on 105°E; no tiles, no remote data.

    ``features``: GeoJSON features flattened as Altair flattens a ``__geo_interface__`` (``type``, ``geometry`` and
    the properties at top level): ``region_id``, ``name`` (display name), ``name_ko``, ``name_en``, ``profiled``
    (bool), ``value`` (float, ignored when not profiled), ``label`` (text drawn on the map, "" for none),
    ``label_lon``, ``label_lat`` (a point inside the shape), ``scope`` (a short evidence-scope note), ``national``
    (bool: the value rests on national facts only; drawn washed out, at 40 % opacity). Profiled provinces
    are coloured by ``value`` on ``scheme`` (domain 0–1); the others are grey with their own legend entry
    (``titles["no_profile"]``). A point selection named ``selection`` over ``region_id`` lets a click open a profile.
    ``titles``: region, value, scope, no_profile, name_ko, name_en. ``reference``: lon, lat, label (a ◆, e.g. Seoul).
    """
    profiled = [f for f in features if f["profiled"]]
    others = [{**f, "status": titles["no_profile"]} for f in features if not f["profiled"]]
    pick = alt.selection_point(name=selection, fields=["region_id"], on="click", clear="dblclick")
    tips = [alt.Tooltip("name_ko:N", title=titles["name_ko"]), alt.Tooltip("name_en:N", title=titles["name_en"]),
            alt.Tooltip("value:Q", title=value_title, format=".2f"), alt.Tooltip("scope:N", title=titles["scope"])]  # fmt: skip
    shapes = alt.Chart(alt.Data(values=profiled)).mark_geoshape(stroke="#FFFFFF", cursor="pointer").encode(
        color=alt.Color("value:Q", scale=alt.Scale(scheme=scheme, domain=[0, 1]),
                        legend=alt.Legend(title=value_title, orient="right", gradientLength=220)),
        strokeWidth=alt.condition(pick, alt.value(2.6), alt.value(0.7), empty=False),
        stroke=alt.condition(pick, alt.value("#111111"), alt.value("#FFFFFF"), empty=False),
        fillOpacity=alt.condition("datum.national", alt.value(0.4), alt.value(1.0)),
        tooltip=tips,
    ).add_params(pick)  # fmt: skip
    blank = alt.Chart(alt.Data(values=others)).mark_geoshape(stroke="#FFFFFF", strokeWidth=0.7).encode(
        fill=alt.Fill("status:N", scale=alt.Scale(domain=[titles["no_profile"]], range=[NO_PROFILE_COLOR]),
                      legend=alt.Legend(title=None, orient="right", symbolType="square", symbolSize=160)),
        tooltip=[alt.Tooltip("name_ko:N", title=titles["name_ko"]), alt.Tooltip("name_en:N", title=titles["name_en"]),
                 alt.Tooltip("status:N", title=" ")],
    )  # fmt: skip
    rows = []
    for f in features:
        if not f.get("label"):
            continue
        lon, lat, align, moved = LABEL_NUDGE.get(f["region_id"], (f["label_lon"], f["label_lat"], "center", False))
        rows.append({"region_id": f["region_id"], "label": f["label"], "lon": lon, "lat": lat, "align": align,
                     "x0": f["label_lon"], "y0": f["label_lat"], "moved": moved})  # fmt: skip
    labels = pd.DataFrame(rows, columns=["region_id", "label", "lon", "lat", "align", "x0", "y0", "moved"])
    layers = [blank, shapes]
    leaders = labels[labels["moved"]]
    if not leaders.empty:
        layers.append(alt.Chart(leaders).mark_rule(color="#44505E", strokeWidth=0.8).encode(
            longitude="x0:Q", latitude="y0:Q", longitude2="lon:Q", latitude2="lat:Q"))  # fmt: skip
    for align in ("left", "center", "right"):
        part = labels[labels["align"] == align]
        if part.empty:
            continue
        dx = {"left": 3, "center": 0, "right": -3}[align]
        enc = {"longitude": "lon:Q", "latitude": "lat:Q", "text": "label:N"}
        layers.append(alt.Chart(part).mark_text(align=align, dx=dx, fontSize=11, stroke="#FFFFFF", strokeWidth=3,
                                                strokeOpacity=0.85, fill="#FFFFFF").encode(**enc))  # fmt: skip
        layers.append(alt.Chart(part).mark_text(align=align, dx=dx, fontSize=11, fontWeight=600, fill="#1B2430")
                      .encode(**enc))  # fmt: skip
    if reference is not None and not reference.empty:
        layers.append(alt.Chart(reference).mark_point(shape="diamond", size=70, filled=True, color="#555555").encode(
            longitude="lon:Q", latitude="lat:Q", tooltip=[alt.Tooltip("label:N", title=" ")]))  # fmt: skip
        layers.append(alt.Chart(reference).mark_text(dx=7, align="left", fontSize=10, color="#555555").encode(
            longitude="lon:Q", latitude="lat:Q", text="label:N"))  # fmt: skip
    return (alt.layer(*layers).project(**CHINA_PROJECTION).resolve_scale(color="independent", fill="independent")
            .properties(title=_title(title), height=height))  # fmt: skip


def ranked_bars(frame: pd.DataFrame, title: str, value_title: str, scheme: str, titles: dict[str, str],
                selection: str = "pick_list") -> alt.Chart:  # fmt: skip
    """Profiled regions ranked by ``value`` (bars coloured like the map), clickable like the map.

    ``frame`` columns: region_id, name, value, scope, national (washed out like the map). ``titles``: region, scope.
    """
    pick = alt.selection_point(name=selection, fields=["region_id"], on="click", clear="dblclick")
    frame = frame.sort_values(["value", "region_id"], ascending=[False, True])
    base = alt.Chart(frame).encode(
        y=alt.Y("name:N", sort=list(frame["name"]), title=None,
                axis=alt.Axis(labelLimit=160, labelFontSize=11, labelOverlap=False)),
        x=alt.X("value:Q", scale=alt.Scale(domain=[0, 1]), title=value_title),
        tooltip=[alt.Tooltip("name:N", title=titles["region"]), alt.Tooltip("value:Q", title=value_title, format=".2f"),
                 alt.Tooltip("scope:N", title=titles["scope"])],
    )  # fmt: skip
    bars = base.mark_bar(cornerRadiusEnd=2, cursor="pointer").encode(
        color=alt.Color("value:Q", scale=alt.Scale(scheme=scheme, domain=[0, 1]), legend=None),
        stroke=alt.condition(pick, alt.value("#111111"), alt.value(None), empty=False),
        opacity=alt.condition("datum.national", alt.value(0.4), alt.value(1.0)),
    ).add_params(pick)  # fmt: skip
    text = base.mark_text(align="left", dx=3, fontSize=10, color="#1B2430").encode(text=alt.Text("value:Q", format=".2f"))
    return (bars + text).properties(title=_title(title), height=22 * len(frame) + 40)


def indicators(frame: pd.DataFrame, title: str, titles: dict[str, str], dimension_labels: dict[str, str]) -> alt.Chart:
    """Bars of normalised indicator scores, coloured by dimension. ``frame``: label, dimension, normalised, raw."""
    domain = [d for d in DIMENSION_COLORS if d in set(frame["dimension"])]
    frame = frame.assign(dim_label=frame["dimension"].map(dimension_labels))
    return alt.Chart(frame).mark_bar(cornerRadiusEnd=3).encode(
        y=alt.Y("label:N", sort=None, title=None, axis=alt.Axis(labelLimit=220)),
        x=alt.X("normalised:Q", scale=alt.Scale(domain=[0, 1]), title=titles["normalised"]),
        color=alt.Color("dimension:N", scale=alt.Scale(domain=domain, range=[DIMENSION_COLORS[d] for d in domain]),
                        legend=alt.Legend(title=titles["dimension"], labelExpr=_label_expr(dimension_labels))),
        tooltip=[alt.Tooltip("dim_label:N", title=titles["dimension"]), alt.Tooltip("label:N", title=titles["indicator"]),
                 alt.Tooltip("normalised:Q", title=titles["normalised"], format=".2f"),
                 alt.Tooltip("raw:Q", title=titles["raw"], format=".2f")],
    ).properties(title=_title(title), height=24 * len(frame) + 40)  # fmt: skip


def _label_expr(labels: dict[str, str]) -> str:
    """A Vega expression mapping legend values to translated labels."""
    parts = " : ".join(f"datum.label == {_js(k)} ? {_js(v)}" for k, v in labels.items())
    return f"{parts} : datum.label" if parts else "datum.label"


def _js(s: str) -> str:
    return "'" + str(s).replace("\\", "\\\\").replace("'", "\\'") + "'"


def draw(chart: alt.TopLevelMixin, pad: int = 70) -> None:
    """Show a chart full width at the height it asks for (Streamlit would otherwise squeeze layered charts). The
    Vega-Lite spec is cached by the chart's content (``ui.vega``): a rerun that draws the same chart again skips
    Streamlit's schema-validated conversion."""
    import hashlib

    import streamlit as st

    from ui import vega

    memo_key = _memo_key(chart)
    if memo_key is not None:  # built by a memoised builder: its inputs name it (no serialising to hash it)
        vega.show(lambda: chart, ("draw_memo", memo_key), pad=pad)
        return
    try:
        content = chart.to_json(validate=False, sort_keys=True)
    except Exception:  # noqa: BLE001 - e.g. more rows than Altair inlines: drawn without the cache below
        content = None
    if content is not None:
        vega.show(lambda: chart, ("draw", hashlib.sha256(content.encode("utf-8")).hexdigest()), pad=pad)
        return
    height = getattr(chart, "height", alt.Undefined)
    if isinstance(height, int):
        st.altair_chart(chart, width="stretch", height=height + pad)
    else:
        st.altair_chart(chart, width="stretch")
