"""AppTest helper: the result page draws only the detail tab in view (issue 19, ``ui.lazytabs``), so a test that
reads a tab's content selects that tab first — as a person clicks it — and checks that it is the one selected."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from streamlit.testing.v1 import AppTest  # noqa: E402

from ui.lazytabs import position_key  # noqa: E402
from ui.results import DETAIL_TABS, detail_tabs_key  # noqa: E402


def open_tab(at: AppTest, tab: str, rank: int = 1) -> AppTest:
    """Select the detail tab ``tab`` (a string key of ``ui.results.DETAIL_TABS``, e.g. ``"tab_risks"``) of the
    opportunity at list position ``rank`` and rerun the app."""
    key = detail_tabs_key({"rank": rank})
    at.session_state[position_key(key)] = DETAIL_TABS.index(tab)
    at.session_state[key] = ""  # not a label: ui.lazytabs selects the tab at the kept position
    at.run()
    labels = [x.label for x in at.tabs]
    assert at.session_state[key] in labels, (at.session_state[key], labels)  # the tab is there, and selected
    assert labels.index(at.session_state[key]) % len(DETAIL_TABS) == DETAIL_TABS.index(tab), labels
    return at


def every_tab_markdown(at: AppTest, rank: int = 1) -> str:
    """The markdown of every detail tab of the opportunity at ``rank`` (each selected in turn) and of the page
    around them, joined by newlines."""
    texts = []
    for tab in DETAIL_TABS:
        open_tab(at, tab, rank)
        texts.extend(m.value for m in at.markdown)
    return "\n".join(texts)


SCREENING_TABS = ("tab_per_firm", "tab_per_opp", "tab_cohort")  # views/screening.py's tabs, in order


def open_screening_tab(at: AppTest, tab: str) -> AppTest:
    """Select the screening page's tab ``tab`` (``"tab_per_firm"``, ``"tab_per_opp"`` or ``"tab_cohort"``) and rerun."""
    at.session_state[position_key("scr_tabs")] = SCREENING_TABS.index(tab)
    at.session_state["scr_tabs"] = ""  # not a label: ui.lazytabs selects the tab at the kept position
    at.run()
    labels = [x.label for x in at.tabs]
    assert labels.index(at.session_state["scr_tabs"]) == SCREENING_TABS.index(tab), labels
    return at


EXPLORE_TABS = ("tab_heatmap", "tab_map", "tab_profile")  # views/explore.py's tabs, in order


def explore_tab_selected(at: AppTest) -> str:
    """The string key of the explore page's selected tab (``"tab_heatmap"``, ``"tab_map"`` or ``"tab_profile"``)."""
    labels = [x.label for x in at.tabs]
    assert at.session_state["exp_tabs"] in labels, (at.session_state["exp_tabs"], labels)
    return EXPLORE_TABS[labels.index(at.session_state["exp_tabs"])]


def open_explore_tab(at: AppTest, tab: str) -> AppTest:
    """Select the explore page's tab ``tab`` (a string key of ``EXPLORE_TABS``) and rerun: only the tab in view is
    drawn (issue 19)."""
    at.session_state[position_key("exp_tabs")] = EXPLORE_TABS.index(tab)
    at.session_state["exp_tabs"] = ""  # not a label: ui.lazytabs selects the tab at the kept position
    at.run()
    assert explore_tab_selected(at) == tab
    return at
