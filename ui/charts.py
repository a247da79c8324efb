"""Altair (Vega-Lite) charts. They need no network: no tiles, no remote data; titles come translated from callers."""

from __future__ import annotations

import altair as alt
import pandas as pd

STATUS_COLORS = {"matched": "#2E7D32", "partial": "#F0A030", "gap": "#C62828"}
DIMENSION_COLORS = {"policy": "#1F5FAD", "demand": "#2E7D32", "risk": "#C62828"}
HEAT_SCHEMES = {"policy": "blues", "demand": "greens", "risk": "reds", "confidence": "purples", "count": "oranges"}


def _title(text: str) -> alt.TitleParams:
    return alt.TitleParams(text, anchor="start", fontSize=14)


def contributions(frame: pd.DataFrame, title: str, x_title: str, y_title: str) -> alt.Chart:
    """Horizontal bars: ``label`` × ``value`` (with ``tip`` for the tooltip)."""
    base = alt.Chart(frame).encode(
        y=alt.Y("label:N", sort=None, title=None, axis=alt.Axis(labelLimit=220)),
        x=alt.X("value:Q", title=x_title, scale=alt.Scale(domain=[0, max(0.05, float(frame["value"].max()) * 1.15)])),
        tooltip=[alt.Tooltip("label:N", title=y_title), alt.Tooltip("tip:N", title=x_title)],
    )
    bars = base.mark_bar(color="#1F5FAD", cornerRadiusEnd=3)
    text = base.mark_text(align="left", dx=4).encode(text=alt.Text("value:Q", format=".3f"))
    return (bars + text).properties(title=_title(title), height=34 * len(frame) + 30)


def capabilities(frame: pd.DataFrame, title: str, labels: dict[str, str]) -> alt.Chart:
    """Bars of the firm's level per capability, coloured by status, with a tick at the sector's need.

    ``frame`` columns: label, have, need, status, status_label. ``labels``: titles for capability/have/need/status.
    """
    domain = list(STATUS_COLORS)
    color = alt.Color("status:N", scale=alt.Scale(domain=domain, range=[STATUS_COLORS[d] for d in domain]),
                      legend=None)  # fmt: skip
    tooltip = [alt.Tooltip("label:N", title=labels["capability"]), alt.Tooltip("have:Q", title=labels["have"]),
               alt.Tooltip("need:Q", title=labels["need"]), alt.Tooltip("status_label:N", title=labels["status"])]  # fmt: skip
    y = alt.Y("label:N", sort=None, title=None)
    x_scale = alt.Scale(domain=[0, 5])
    bars = alt.Chart(frame).mark_bar(opacity=0.85, cornerRadiusEnd=3).encode(
        y=y, x=alt.X("have:Q", scale=x_scale, title=f"{labels['have']} (■) / {labels['need']} (|)",
                                axis=alt.Axis(values=[0, 1, 2, 3, 4, 5], format="d")), color=color,
        tooltip=tooltip)  # fmt: skip
    ticks = alt.Chart(frame).mark_tick(color="#111111", thickness=3, size=22).encode(y=y, x="need:Q", tooltip=tooltip)
    return (bars + ticks).properties(title=_title(title), height=30 * len(frame) + 30)


def heatmap(frame: pd.DataFrame, title: str, x_title: str, y_title: str, value_title: str, scheme: str,
            x_order: list[str], y_order: list[str], fmt: str = ".2f", domain: tuple | None = (0, 1)) -> alt.Chart:  # fmt: skip
    """``frame`` columns: x, y, value (+ optional tip). Cells coloured by value and labelled with it."""
    scale = alt.Scale(scheme=scheme, domain=list(domain)) if domain else alt.Scale(scheme=scheme)
    tips = [alt.Tooltip("y:N", title=y_title), alt.Tooltip("x:N", title=x_title),
            alt.Tooltip("value:Q", title=value_title, format=fmt)]  # fmt: skip
    if "tip" in frame:
        tips.append(alt.Tooltip("tip:N", title=" "))
    base = alt.Chart(frame).encode(
        x=alt.X("x:N", sort=x_order, title=None,
                axis=alt.Axis(orient="top", labelAngle=-35, labelLimit=170, labelOverlap=False, labelFontSize=11)),
        y=alt.Y("y:N", sort=y_order, title=None, axis=alt.Axis(labelOverlap=False, labelFontSize=11)),
    )
    rect = base.mark_rect(stroke="white", strokeWidth=1).encode(
        color=alt.Color("value:Q", scale=scale, title=value_title), tooltip=tips)
    mid = (domain[0] + domain[1]) / 2 if domain else float(frame["value"].max() or 1) / 2
    text = base.mark_text(fontSize=10).encode(
        text=alt.Text("value:Q", format=fmt),
        color=alt.condition(alt.datum.value > mid, alt.value("white"), alt.value("#1B2430")),
        tooltip=tips,
    )
    return (rect + text).properties(title=_title(title), height=max(220, 26 * len(y_order) + 40))


def region_map(points: pd.DataFrame, title: str, value_title: str, scheme: str, reference: pd.DataFrame,
               tooltip_titles: dict[str, str]) -> alt.Chart:  # fmt: skip
    """Regions as circles at (lon, lat) on a Mercator projection with a 5° graticule; no basemap, works offline.

    ``points`` columns: lon, lat, label, value, city. ``reference``: lon, lat, label (drawn as a diamond).
    """
    projection = {"type": "mercator"}
    lon_min, lon_max = 95, 135
    lat_min, lat_max = 15, 48
    grid = alt.Chart(alt.graticule(extent=[[lon_min, lat_min], [lon_max, lat_max]], step=[5, 5])).mark_geoshape(
        stroke="#C9D1DC", strokeWidth=0.6, fill=None, filled=False).project(**projection)  # fmt: skip
    tips = [alt.Tooltip("label:N", title=tooltip_titles["region"]), alt.Tooltip("city:N", title=tooltip_titles["city"]),
            alt.Tooltip("value:Q", title=value_title, format=".2f")]  # fmt: skip
    points = points.assign(shade=points["value"])
    circles = alt.Chart(points).mark_circle(opacity=0.85, stroke="#333333", strokeWidth=0.6).encode(
        longitude="lon:Q", latitude="lat:Q",
        size=alt.Size("value:Q", scale=alt.Scale(domain=[0, 1], range=[30, 1400]), legend=None),
        color=alt.Color("shade:Q", scale=alt.Scale(scheme=scheme, domain=[0, 1]),
                        legend=alt.Legend(title=value_title, orient="right")),
        tooltip=tips,
    ).project(**projection)  # fmt: skip
    labels = alt.Chart(points).mark_text(align="left", dx=9, dy=-6, fontSize=11, color="#1B2430").encode(
        longitude="lon:Q", latitude="lat:Q", text="label:N").project(**projection)  # fmt: skip
    ref = alt.Chart(reference).mark_point(shape="diamond", size=90, filled=True, color="#555555").encode(
        longitude="lon:Q", latitude="lat:Q", tooltip=[alt.Tooltip("label:N", title=" ")]).project(**projection)  # fmt: skip
    ref_label = alt.Chart(reference).mark_text(dx=8, align="left", fontSize=10, color="#555555").encode(
        longitude="lon:Q", latitude="lat:Q", text="label:N").project(**projection)  # fmt: skip
    return (grid + circles + labels + ref + ref_label).properties(title=_title(title), height=560)


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
    """Show a chart full width at the height it asks for (Streamlit would otherwise squeeze layered charts)."""
    import streamlit as st

    height = getattr(chart, "height", alt.Undefined)
    if isinstance(height, int):
        st.altair_chart(chart, width="stretch", height=height + pad)
    else:
        st.altair_chart(chart, width="stretch")
