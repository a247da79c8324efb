"""The explore page's province map and heatmap, driven headless with AppTest in Korean and English.

AppTest cannot click a Vega chart, so a click is sent as the browser sends it: the chart's widget state (a JSON
string ``{"selection": {PARAM: [{"region_id": …}]}}``) for the next run. The real click is in tests/test_browser_map.py.
Expected values come from the knowledge base the app uses, never hard-coded.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pyarrow as pa
import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from streamlit.proto.WidgetStates_pb2 import WidgetState  # noqa: E402
from streamlit.testing.v1 import AppTest  # noqa: E402

from features import geo  # noqa: E402
from recommender.profiles_view import profiles_frame  # noqa: E402
from tests.result_tabs import explore_tab_selected, open_explore_tab  # noqa: E402 - only the tab in view is drawn (issue 19)
from ui import data  # noqa: E402
from ui.strings import STRINGS  # noqa: E402

APP = ROOT / "app.py"
TIMEOUT = 120
LANGS = ("ko", "en")


def s(key: str, lang: str) -> str:
    return STRINGS[key][1 if lang == "en" else 0]


def explore(lang: str, tab: str = "tab_map") -> AppTest:
    """The explore page with its tab ``tab`` selected (the page draws only the tab in view, issue 19)."""
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    if lang == "en":
        at.session_state["lang_en"] = True
    at.run()
    at = at.switch_page("views/explore.py").run()
    assert explore_tab_selected(at) == "tab_heatmap", "the page opens on the heatmap"
    return at if tab == "tab_heatmap" else open_explore_tab(at, tab)


def assert_clean(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    caught = at.session_state["_app_errors"] if "_app_errors" in at.session_state else []
    assert not caught, caught


def chart(at: AppTest, key_part: str):
    found = [c for c in at.get("vega_lite_chart") if key_part in c.proto.id]
    assert len(found) == 1, [c.proto.id for c in at.get("vega_lite_chart")]
    return found[0]


def spec(element) -> dict:
    return json.loads(element.proto.spec)


def layer_rows(element, layer: dict) -> list[dict]:
    """A layer's rows: inline ``values`` or a named dataset (Arrow IPC in the element's proto)."""
    d = layer.get("data") or spec(element).get("data", {})  # a layer without data uses the chart's
    if "values" in d:
        return d["values"]
    for ds in element.proto.datasets:
        if ds.name == d.get("name"):
            return pa.ipc.open_stream(ds.data.data).read_all().to_pylist()
    raise AssertionError(f"no data for layer {layer.get('mark')}")


def click(at: AppTest, element, param: str, region_id: str) -> AppTest:
    states = at._tree.get_widget_states()
    states.widgets.append(WidgetState(id=element.proto.id, string_value=json.dumps(
        {"selection": {param: [{"region_id": region_id}]}})))  # fmt: skip
    at._run(states)
    return at


def assert_profile_tab_opens(before: str, at: AppTest, lang: str) -> None:
    """The click switched the explore page from tab ``before`` to the profile tab, and the profile is drawn."""
    assert before != "tab_profile"
    assert explore_tab_selected(at) == "tab_profile"
    assert at.session_state["exp_tabs"] == s("tab_profile", lang)
    assert at.selectbox(key="exp_region") and at.selectbox(key="exp_sector"), "the profile's pickers are drawn"
    assert "exp_heat_metric" not in [r.key for r in at.radio], "the heatmap is not drawn behind the profile"


def best_sector(region_id: str, metric: str = "demand") -> str:
    """The sector the map shows for a region under "all sectors": highest value, ties by sector id."""
    frame = profiles_frame(data.knowledge())
    rows = frame[frame["region_id"] == region_id].sort_values([metric, "sector_id"], ascending=[False, True])
    return str(rows.iloc[0]["sector_id"])


@pytest.mark.parametrize("lang", LANGS)
def test_map_is_a_choropleth_of_every_province(lang: str) -> None:
    at = explore(lang)
    assert_clean(at)
    kb = data.knowledge()
    el = chart(at, "exp_map_chart_")
    sp = spec(el)
    assert sp["projection"]["type"] == "conicEqualArea" and sp["projection"]["parallels"] == [25, 47]
    assert sp["title"]["text"].startswith(s("demand", lang))
    geoshapes = [ly for ly in sp["layer"] if (ly["mark"]["type"] if isinstance(ly["mark"], dict) else ly["mark"])
                 == "geoshape"]  # fmt: skip
    rows = [r for ly in geoshapes for r in layer_rows(el, ly)]
    ids = [r["region_id"] for r in rows]
    assert sorted(ids) == sorted(geo.province_ids()), "every shape once"
    assert set(kb.regions) <= set(ids), "every region of data/regions.csv has a shape"
    profiled = {r["region_id"] for r in rows if r["profiled"]}
    assert profiled == {p.region_id for p in kb.profiles}
    for r in rows:
        assert r["type"] == "Feature" and r["geometry"]["type"] == "MultiPolygon"
        name = r["name_en"] if lang == "en" else r["name_ko"]
        assert r["name"] == name
    # the value is the highest demand over sectors, as the title says
    frame = profiles_frame(kb)
    for r in rows:
        if r["profiled"]:
            assert r["value"] == pytest.approx(frame[frame["region_id"] == r["region_id"]]["demand"].max())
    # a point selection over region_id on the coloured shapes; a legend entry for the grey ones
    params = sp.get("params", []) + [p for ly in geoshapes for p in ly.get("params", [])]
    assert [p["name"] for p in params] == ["pick"] and params[0]["select"]["fields"] == ["region_id"]
    coloured = [ly for ly in geoshapes if "color" in ly.get("encoding", {})]
    assert len(coloured) == 1 and {r["profiled"] for r in layer_rows(el, coloured[0])} == {True}
    if "views" in params[0]:  # Altair hoists a layer's params to the top and names the views they bind to
        assert params[0]["views"] == [coloured[0]["name"]]
    blank = [ly for ly in geoshapes if "fill" in ly.get("encoding", {})]
    assert blank and blank[0]["encoding"]["fill"]["scale"]["domain"] == [s("map_no_profile", lang)]
    # labels: only profiled regions, each once
    texts = [r["label"] for ly in sp["layer"] if isinstance(ly["mark"], dict) and ly["mark"]["type"] == "text"
             and ly["mark"].get("fill") != "#FFFFFF" for r in layer_rows(el, ly) if "label" in r and "region_id" in r]  # fmt: skip
    assert len(texts) == len(profiled) == len(set(texts))


@pytest.mark.parametrize("lang", LANGS)
def test_clicking_a_province_opens_its_profile(lang: str) -> None:
    at = explore(lang)
    at.selectbox(key="exp_map_sector").set_value("__all__").run()
    at.selectbox(key="exp_map_metric").set_value("demand").run()
    kb = data.knowledge()
    target = "CN-GD" if lang == "ko" else "CN-ZJ"
    before = explore_tab_selected(at)
    assert before == "tab_map"
    click(at, chart(at, "exp_map_chart_0"), "pick", target)
    assert_clean(at)
    assert_profile_tab_opens(before, at, lang)
    assert at.selectbox(key="exp_region").value == target
    want_sector = best_sector(target)
    assert at.selectbox(key="exp_sector").value == want_sector
    region, sector = kb.regions[target], kb.sectors[want_sector]
    heading = f"{region.name_en} · {sector.name_en}" if lang == "en" else f"{region.name_ko} · {sector.name_ko}"
    assert any(h.value == heading for h in at.subheader)
    # back on the map: the handled selection is cleared (new chart key), so the same province can be clicked again
    at = open_explore_tab(at, "tab_map")
    assert chart(at, "exp_map_chart_1")
    assert at.selectbox(key="exp_map_sector").value == "__all__", "the map's choices are kept while another tab shows"
    click(at, chart(at, "exp_map_chart_1"), "pick", target)
    assert_clean(at)
    assert explore_tab_selected(at) == "tab_profile" and at.selectbox(key="exp_region").value == target


def test_a_chosen_sector_opens_that_sector_and_the_ranking_is_clickable() -> None:
    at = explore("ko")
    at.selectbox(key="exp_map_sector").set_value("smart_city").run()
    ranking = chart(at, "exp_map_list_0")
    rows = layer_rows(ranking, next(ly for ly in spec(ranking)["layer"] if ly["mark"]["type"] == "bar"))
    values = [r["value"] for r in rows]
    assert values == sorted(values, reverse=True), "ranked, highest first"
    before = explore_tab_selected(at)
    click(at, ranking, "pick_list", "CN-BJ")
    assert_clean(at)
    assert_profile_tab_opens(before, at, "ko")
    assert (at.selectbox(key="exp_region").value, at.selectbox(key="exp_sector").value) == ("CN-BJ", "smart_city")


@pytest.mark.parametrize("lang", LANGS)
def test_selectbox_fallback_opens_the_profile(lang: str) -> None:
    at = explore(lang)
    at.selectbox(key="exp_map_sector").set_value("ai").run()
    before = explore_tab_selected(at)
    at.selectbox(key="exp_map_open").set_value("CN-SH").run()
    assert_clean(at)
    assert_profile_tab_opens(before, at, lang)
    assert (at.selectbox(key="exp_region").value, at.selectbox(key="exp_sector").value) == ("CN-SH", "ai")
    at.selectbox(key="exp_sector").set_value("smart_city").run()
    assert explore_tab_selected(at) == "tab_profile", "a later rerun keeps the profile tab in view"
    assert (at.selectbox(key="exp_region").value, at.selectbox(key="exp_sector").value) == ("CN-SH", "smart_city")
    at = open_explore_tab(at, "tab_map")
    assert at.selectbox(key="exp_map_open").value is None, "the fallback resets for the next choice"
    at = open_explore_tab(at, "tab_profile")
    assert (at.selectbox(key="exp_region").value, at.selectbox(key="exp_sector").value) == ("CN-SH", "smart_city"), \
        "the profile's choice is kept while another tab shows"  # fmt: skip


@pytest.mark.parametrize("lang", LANGS)
def test_heatmap_marks_national_only_cells(lang: str) -> None:
    at = explore(lang, "tab_heatmap")
    kb = data.knowledge()
    el = next(c for c in at.get("vega_lite_chart") if "rect" in c.proto.spec and "flag" in c.proto.spec)
    sp = spec(el)
    flag_layers = [ly for ly in sp["layer"] if "fill" in ly.get("encoding", {})]
    assert len(flag_layers) == 1
    enc = flag_layers[0]["encoding"]["fill"]
    assert enc["scale"]["domain"] == [s("heat_national_legend", lang)]
    flagged = layer_rows(el, flag_layers[0])
    national = [p for p in kb.profiles if not p.region_specific]
    assert len(flagged) == len(national) > 0
    names = {(r["y"], r["x"]) for r in flagged}
    region = (lambda r: kb.regions[r].name_en) if lang == "en" else (lambda r: kb.regions[r].name_ko)
    sector = (lambda x: kb.sectors[x].name_en) if lang == "en" else (lambda x: kb.sectors[x].name_ko)
    assert names == {(region(p.region_id), sector(p.sector_id)) for p in national}
    assert any(c.value == s("heat_note_national", lang) for c in at.caption)


def test_map_washes_out_national_only_provinces_for_a_sector() -> None:
    at = explore("ko")
    at.selectbox(key="exp_map_sector").set_value("fintech").run()
    assert_clean(at)
    kb = data.knowledge()
    el = chart(at, "exp_map_chart_")
    sp = spec(el)
    coloured = next(ly for ly in sp["layer"] if "color" in ly.get("encoding", {}))
    assert coloured["encoding"]["fillOpacity"]["condition"]["test"] == "datum.national"
    rows = layer_rows(el, coloured)
    want = {p.region_id: not p.region_specific for p in kb.profiles if p.sector_id == "fintech"}
    assert {r["region_id"]: r["national"] for r in rows} == want
    assert any(want.values()) and not all(want.values()), "the data has both kinds for fintech"
    ranking = chart(at, "exp_map_list_")
    bars = layer_rows(ranking, next(ly for ly in spec(ranking)["layer"] if ly["mark"]["type"] == "bar"))
    assert {r["region_id"]: r["national"] for r in bars} == want


def test_heatmap_and_profile_drawn_only_in_view_and_the_tab_stays_through_a_language_switch() -> None:
    """Issue 19: the explore page draws the heatmap and the profile only when their tab is selected (the map always:
    its tab then shows at once); a language switch relabels the tabs and keeps the one chosen (ui.lazytabs keeps its
    position), with the map's choices."""
    at = explore("ko", "tab_heatmap")
    assert at.radio(key="exp_heat_metric") and "exp_region" not in [b.key for b in at.selectbox], "no profile"
    assert chart(at, "exp_map_chart_"), "the map is drawn with the page"
    at = open_explore_tab(at, "tab_map")
    assert "exp_heat_metric" not in [r.key for r in at.radio], "the heatmap's controls are not drawn"
    assert "exp_region" not in [b.key for b in at.selectbox], "nor the profile"
    at.selectbox(key="exp_map_sector").set_value("ai").run()
    at.sidebar.toggle(key="lang_en").set_value(True).run()
    assert_clean(at)
    assert explore_tab_selected(at) == "tab_map" and at.session_state["exp_tabs"] == s("tab_map", "en")
    assert at.selectbox(key="exp_map_sector").value == "ai"
    assert spec(chart(at, "exp_map_chart_"))["title"]["text"].startswith(s("demand", "en"))

