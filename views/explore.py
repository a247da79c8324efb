"""기회 탐색 — heatmaps of policy, demand, risk (and confidence) over region × sector, an offline map, and a
profile view with its indicator breakdown and the facts and passages behind it."""

import pandas as pd
import streamlit as st

from ui import charts, compute, data, firm_form, profile, settings
from ui.i18n import lang, t
from ui.vocab import region_name, sector_name, short_region_name

kb = data.knowledge()
profiles = data.profiles(kb)
METRICS = ("policy", "demand", "risk", "confidence")
regions, sectors = list(kb.regions), list(kb.sectors)

st.title(t("exp_title"))
st.caption(t("exp_intro"))
st.caption(t("vintage_short", vintage=kb.vintage))

focus = st.session_state.pop("exp_focus_profile", False)
tab_labels = [t("tab_heatmap"), t("tab_map"), t("tab_profile")]
tab_heat, tab_map, tab_profile = st.tabs(tab_labels, default=tab_labels[2] if focus else None)


def long_frame(metric: str) -> pd.DataFrame:
    out = profiles[["region_id", "sector_id"]].assign(value=profiles[metric], confidence=profiles["confidence"])
    out = out.assign(x=[sector_name(kb, x) for x in out["sector_id"]], y=[region_name(kb, r) for r in out["region_id"]],
                     tip=[f"{t('confidence')} {c:.2f}" for c in out["confidence"]])  # fmt: skip
    return out


with tab_heat:
    metric = st.radio(t("heat_metric"), METRICS, format_func=t, key="exp_heat_metric", horizontal=True,
                      persist_state="session")  # fmt: skip
    chart = charts.heatmap(long_frame(metric), t("chart_heat", metric=t(metric)), t("sector"), t("region"), t(metric),
                           charts.HEAT_SCHEMES[metric], [sector_name(kb, x) for x in sectors],
                           [region_name(kb, r) for r in regions])  # fmt: skip
    charts.draw(chart, pad=170)
    if metric == "risk":
        st.caption(t("heat_note_risk"))
    elif metric == "confidence":
        st.caption(t("heat_note_conf"))


with tab_map:
    a, b = st.columns(2)
    sector_opts = ["__all__", *sectors]
    map_sector = a.selectbox(t("map_sector"), sector_opts, key="exp_map_sector", persist_state="session",
                             format_func=lambda x: t("map_all_sectors") if x == "__all__" else sector_name(kb, x))  # fmt: skip
    mine = compute.opportunity_scores(st.session_state.get(firm_form.RECORD_KEY), settings.current())
    metric_opts = [*METRICS, "my_score"] if mine is not None else list(METRICS)
    if st.session_state.get("exp_map_metric") not in metric_opts:
        st.session_state["exp_map_metric"] = "demand"
    map_metric = b.selectbox(t("map_metric"), metric_opts, key="exp_map_metric",
                             format_func=lambda m: t("map_my_score") if m == "my_score" else t(m))  # fmt: skip
    if mine is None:
        b.caption(t("map_no_firm"))
    frame = profiles[["region_id", "sector_id", *METRICS]].copy()
    if mine is not None:
        frame["my_score"] = [float(mine.get((r, x), 0.0)) for r, x in zip(frame["region_id"], frame["sector_id"])]
    if map_sector != "__all__":
        frame = frame[frame["sector_id"] == map_sector]
    per_region = frame.groupby("region_id")[map_metric].max()
    points = pd.DataFrame([{"lon": kb.regions[r].lon, "lat": kb.regions[r].lat, "label": short_region_name(kb, r),
                            "city": getattr(kb.regions[r], f"main_city_{lang()}"), "value": float(per_region.get(r, 0.0))}
                           for r in regions])  # fmt: skip
    reference = pd.DataFrame([{"lon": 126.98, "lat": 37.57, "label": t("seoul")}])
    metric_title = t("map_my_score") if map_metric == "my_score" else t(map_metric)
    sector_title = t("map_all_sectors") if map_sector == "__all__" else sector_name(kb, map_sector)
    scheme = charts.HEAT_SCHEMES.get(map_metric, "viridis")
    charts.draw(charts.region_map(points, t("chart_map", metric=metric_title, sector=sector_title), metric_title,
                                      scheme, reference, {"region": t("region"), "city": t("main_city")}))  # fmt: skip
    st.caption(t("map_note"))


with tab_profile:
    for key, options, default in (("exp_region", regions, "CN-ZJ"), ("exp_sector", sectors, "smart_city")):
        if st.session_state.get(key) not in options:
            st.session_state[key] = default if default in options else options[0]
    a, b = st.columns(2)
    region_id = a.selectbox(t("profile_region"), regions, format_func=lambda r: f"{region_name(kb, r)} ({r})",
                            key="exp_region")  # fmt: skip
    sector_id = b.selectbox(t("profile_sector"), sectors, format_func=lambda x: sector_name(kb, x), key="exp_sector")
    profile.render(kb, region_id, sector_id)
