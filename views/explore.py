"""기회 탐색 — heatmaps of policy, demand, risk (and confidence) over region × sector, an offline map, and a
profile view with its indicator breakdown and the facts and passages behind it."""

from functools import partial

import pandas as pd
import streamlit as st

from features import geo
from ui import charts, compute, data, firm_form, profile, settings, vega
from ui.i18n import lang, t
from ui.lazytabs import lazy_tabs, position_key
from ui.vocab import region_name, sector_name, short_region_name

kb = data.knowledge()
profiles = data.profiles(kb)
METRICS = ("policy", "demand", "risk", "confidence")
regions, sectors = list(kb.regions), list(kb.sectors)

st.title(t("exp_title"))
st.caption(t("exp_intro"))
st.caption(t("vintage_short", vintage=kb.vintage))

TAB_KEYS = ("tab_heatmap", "tab_map", "tab_profile")
# The heatmap and the profile are drawn only when their tab is in view (issue 19, ui.lazytabs; the map always, below):
# selecting another tab reruns the page. To open the profile tab from the map (or another page's "open profile"), its
# position is selected before the tabs are drawn.
TABS_KEY = "exp_tabs"
MAP_PICKS = "exp_map_picks"  # how many map/list clicks were handled: part of the charts' keys, so a handled
# selection is cleared (a new chart key) and clicking the same region again opens it again


def open_profile(region_id: str, sector_id: str | None = None) -> None:
    """Point the profile tab at ``region_id`` (and ``sector_id``, else the current one) and show it."""
    if region_id not in kb.regions:
        return
    st.session_state["exp_region"] = region_id
    if sector_id in kb.sectors:
        st.session_state["exp_sector"] = sector_id
    st.session_state["exp_focus_profile"] = True


def _picked_region(chart_key: str, selection: str) -> str | None:
    state = st.session_state.get(chart_key) or {}
    points = (state.get("selection") or {}).get(selection) or []
    if isinstance(points, dict):  # Streamlit reports an empty selection as {}
        points = [points]
    for point in points:
        region_id = point.get("region_id") if isinstance(point, dict) else None
        if region_id:
            return str(region_id)
    return None


def _on_map_pick(chart_key: str, selection: str, best_sector: dict[str, str]) -> None:
    """Chart click → the clicked province's profile (for "all sectors": its sector with the highest value shown)."""
    region_id = _picked_region(chart_key, selection)
    if region_id is None:
        return
    st.session_state[MAP_PICKS] = st.session_state.get(MAP_PICKS, 0) + 1
    open_profile(region_id, best_sector.get(region_id))


def _on_map_choose(best_sector: dict[str, str]) -> None:
    """Selectbox fallback for the map click (keyboard users, screen readers)."""
    region_id = st.session_state.get("exp_map_open")
    st.session_state["exp_map_open"] = None
    if region_id:
        open_profile(region_id, best_sector.get(region_id))


if st.session_state.pop("exp_focus_profile", False):  # set by open_profile or by another page's "open profile"
    st.session_state[position_key(TABS_KEY)] = TAB_KEYS.index("tab_profile")
    st.session_state[TABS_KEY] = ""  # not a label: ui.lazytabs selects the tab at the kept position
tab_heat, tab_map, tab_profile = lazy_tabs([t(k) for k in TAB_KEYS], TABS_KEY)


def draw_profile() -> None:
    """The profile tab: pickers, then the profile under a spinner (its facts and quotes take a few seconds)."""
    for key, options, default in (("exp_region", regions, "CN-ZJ"), ("exp_sector", sectors, "smart_city")):
        if st.session_state.get(key) not in options:
            st.session_state[key] = default if default in options else options[0]
    a, b = st.columns(2)
    region_id = a.selectbox(t("profile_region"), regions, format_func=lambda r: region_name(kb, r),
                            key="exp_region", persist_state="session")  # fmt: skip
    sector_id = b.selectbox(t("profile_sector"), sectors, format_func=lambda x: sector_name(kb, x),
                            key="exp_sector", persist_state="session")  # fmt: skip
    with st.spinner(t("profile_loading", region=region_name(kb, region_id), sector=sector_name(kb, sector_id))):
        profile.render(kb, region_id, sector_id)


if tab_profile.open:
    with tab_profile:
        draw_profile()


def long_frame(metric: str) -> pd.DataFrame:
    out = profiles[["region_id", "sector_id"]].assign(value=profiles[metric], confidence=profiles["confidence"])
    out = out.assign(x=[sector_name(kb, x) for x in out["sector_id"]], y=[region_name(kb, r) for r in out["region_id"]],
                     tip=[f"{t('confidence')} {c:.2f}" for c in out["confidence"]],
                     flagged=~profiles["region_specific"].astype(bool))  # fmt: skip
    return out


if tab_heat.open:
    with tab_heat:
        metric = st.radio(t("heat_metric"), METRICS, format_func=t, key="exp_heat_metric", horizontal=True,
                          persist_state="session")  # fmt: skip
        vega.show(lambda: charts.heatmap(long_frame(metric), t("chart_heat", metric=t(metric)), t("sector"), t("region"),
                                         t(metric), charts.HEAT_SCHEMES[metric], [sector_name(kb, x) for x in sectors],
                                         [region_name(kb, r) for r in regions], flag_label=t("heat_national_legend")),
                  ("heatmap", kb.data_version, lang(), metric), pad=170)  # fmt: skip - built once per data version
        st.caption(t("heat_note_national"))
        if metric == "risk":
            st.caption(t("heat_note_risk"))
        elif metric == "confidence":
            st.caption(t("heat_note_conf"))


def map_features(values: pd.Series, best: dict[str, str], scope: dict[str, bool], map_sector: str) -> list[dict]:
    """Every province shape (``features.geo``) with its display name, value and label for ``charts.province_map``."""
    rows = []
    for f in geo.provinces()["features"]:
        region_id, props = f["id"], f["properties"]
        known = region_id in kb.regions
        profiled = known and region_id in values.index
        name_ko = kb.regions[region_id].name_ko if known else props["name_ko"]
        name_en = kb.regions[region_id].name_en if known else props["name_en"]
        note = ""
        if profiled:
            note = t("scope_region_specific") if scope.get(region_id) else t("scope_national_only")
            if map_sector == "__all__":
                note = f"{sector_name(kb, best[region_id])} · {note}"
        rows.append({"type": "Feature", "geometry": f["geometry"], "region_id": region_id,
                     "name": name_en if lang() == "en" else name_ko, "name_ko": name_ko, "name_en": name_en,
                     "profiled": profiled, "value": float(values.get(region_id, 0.0)) if profiled else None,
                     "national": bool(profiled and not scope.get(region_id)),
                     "label": short_region_name(kb, region_id) if profiled else "", "scope": note,
                     "label_lon": props["label_lon"], "label_lat": props["label_lat"]})  # fmt: skip
    return rows


def map_view(map_sector: str, map_metric: str, mine) -> dict:
    """What the map tab draws for these choices: per region the highest value shown and its sector, the cache key of
    the map and the list (``shown``), and their builders (called on a cache miss only, ``ui.vega``)."""
    frame = profiles[["region_id", "sector_id", "region_specific", *METRICS]].copy()
    if mine is not None:
        frame["my_score"] = [float(mine.get((r, x), 0.0)) for r, x in zip(frame["region_id"], frame["sector_id"])]
    if map_sector != "__all__":
        frame = frame[frame["sector_id"] == map_sector]
    # per region: the row with the highest value shown (ties broken by sector id, as everywhere)
    top_rows = frame.sort_values([map_metric, "sector_id"], ascending=[False, True]).groupby("region_id").head(1)
    top_rows = top_rows.set_index("region_id").sort_index()
    per_region = top_rows[map_metric].astype(float)
    best_sector = top_rows["sector_id"].to_dict()
    scope = top_rows["region_specific"].astype(bool).to_dict()
    metric_title = t("map_my_score") if map_metric == "my_score" else t(map_metric)
    sector_title = t("map_all_sectors") if map_sector == "__all__" else sector_name(kb, map_sector)
    scheme = charts.HEAT_SCHEMES.get(map_metric, "viridis")
    # the map and the list are built once per data version, language and shown values (ui.vega)
    shown = (kb.data_version, lang(), map_sector, map_metric, tuple(per_region.items()), tuple(best_sector.items()),
             tuple(scope.items()))  # fmt: skip
    reference = pd.DataFrame([{"lon": 126.98, "lat": 37.57, "label": t("seoul")}])
    titles = {"no_profile": t("map_no_profile"), "name_ko": t("name_ko"), "name_en": t("name_en"),
              "scope": t("evidence_scope")}  # fmt: skip
    features = map_features(per_region, best_sector, scope, map_sector)
    map_title = t("chart_map", metric=metric_title, sector=sector_title)
    list_title, list_labels = t("map_ranked"), {"region": t("region"), "scope": t("evidence_scope")}

    def make_map():
        return charts.province_map(features, map_title, metric_title, scheme, titles, reference, selection="pick")

    def make_list():
        ranked = pd.DataFrame([{"region_id": f["region_id"], "name": f["name"], "value": f["value"],
                                "scope": f["scope"], "national": f["national"]} for f in features if f["profiled"]])  # fmt: skip
        return charts.ranked_bars(ranked, list_title, metric_title, scheme, list_labels, selection="pick_list")

    return {"per_region": per_region, "best_sector": best_sector, "shown": shown, "make_map": make_map,
            "make_list": make_list}  # fmt: skip


# The map is drawn with the page whatever the tab in view (hidden when another tab shows): selecting its tab then
# shows it at once. Drawn only when selected, the map tab was a rerun sending its 330 kB spec for Vega to parse
# (1.2–1.7 s at load 7–11, 4–7 s the first time in a process) against 0.5–0.8 s shown client-side: its target is
# 1.5 s (issue 19; benchmarks/README.md, perf11b).
with tab_map:
    a, b = st.columns(2)
    sector_opts = ["__all__", *sectors]
    map_sector = a.selectbox(t("map_sector"), sector_opts, key="exp_map_sector", persist_state="session",
                             format_func=lambda x: t("map_all_sectors") if x == "__all__" else sector_name(kb, x))  # fmt: skip
    mine = compute.opportunity_scores(st.session_state.get(firm_form.RECORD_KEY), settings.current())
    metric_opts = [*METRICS, "my_score"] if mine is not None else list(METRICS)
    if st.session_state.get("exp_map_metric") not in metric_opts:
        st.session_state["exp_map_metric"] = "demand"
    map_metric = b.selectbox(t("map_metric"), metric_opts, key="exp_map_metric", persist_state="session",
                             format_func=lambda m: t("map_my_score") if m == "my_score" else t(m))  # fmt: skip
    if mine is None:
        b.caption(t("map_no_firm"))
    view = map_view(map_sector, map_metric, mine)
    per_region, best_sector, shown = view["per_region"], view["best_sector"], view["shown"]
    picks = st.session_state.get(MAP_PICKS, 0)
    left, right = st.columns([3, 1])
    with left:
        chart_key = f"exp_map_chart_{picks}"
        vega.show(view["make_map"], ("map", *shown), pad=60, key=chart_key, selection_mode="pick",
                  on_select=partial(_on_map_pick, chart_key, "pick", best_sector))  # fmt: skip
    with right:
        list_key = f"exp_map_list_{picks}"
        vega.show(view["make_list"], ("map_list", *shown), pad=40, key=list_key, selection_mode="pick_list",
                  on_select=partial(_on_map_pick, list_key, "pick_list", best_sector))  # fmt: skip
    st.caption(t("map_note"))
    st.selectbox(t("map_open"), sorted(per_region.index, key=lambda r: region_name(kb, r)), index=None,
                 key="exp_map_open", placeholder=t("map_open_placeholder"),
                 format_func=lambda r: region_name(kb, r), on_change=_on_map_choose, args=(best_sector,))  # fmt: skip
