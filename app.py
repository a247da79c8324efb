"""한·중 협력 기회 추천 — the Streamlit app. Run: ``streamlit run app.py`` (or ``scripts/run_app.sh``).

This script draws the shared sidebar (language, weights, method) and hands over to the page chosen in the
navigation (``views/``). Heavy artifacts are loaded once per server process (``ui.data``); a weight change or a
language toggle only re-ranks and redraws.
"""

import logging
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
if str(ROOT) not in sys.path:  # AppTest does not add the script's folder to the import path
    sys.path.insert(0, str(ROOT))

import streamlit as st  # noqa: E402

from ui import data, settings, share, warmup  # noqa: E402
from ui.guard import guard  # noqa: E402
from ui.i18n import LANG_KEY, t  # noqa: E402
from ui.text import md_escape  # noqa: E402

log = logging.getLogger("kocn.app")
warmup.skip_bare_mode_probe()  # issue 19: Streamlit's REPL probe costs the first page ≈ 0.2 s under `streamlit run`

if LANG_KEY not in st.session_state and st.query_params.get("lang") in ("ko", "en"):
    # a shared link's language, before the page titles and the navigation are drawn in it (the link itself is
    # applied, with its notice, by share.restore_from_query below)
    st.session_state[LANG_KEY] = st.query_params.get("lang") == "en"

st.set_page_config(page_title=t("app_title"), page_icon=":material/explore:", layout="wide")

PAGES = (  # (file, title key, icon, url path)
    ("views/recommend.py", "nav_recommend", ":material/recommend:", "recommend"),
    ("views/screening.py", "nav_screening", ":material/table_view:", "screening"),
    ("views/explore.py", "nav_explore", ":material/travel_explore:", "explore"),
    ("views/implications.py", "nav_implications", ":material/lightbulb:", "implications"),
    ("views/search.py", "nav_search", ":material/search:", "search"),
    ("views/review.py", "nav_review", ":material/fact_check:", "review"),
    ("views/method.py", "nav_method", ":material/info:", "method"),
)

navigation = st.navigation([
    st.Page(path, title=t(title), icon=icon, url_path=url, default=i == 0)
    for i, (path, title, icon, url) in enumerate(PAGES)
])  # fmt: skip

try:
    kb = data.knowledge()
except Exception as exc:  # noqa: BLE001 - data being edited or broken: say so, never a traceback
    log.exception("loading the knowledge base failed")
    st.error(t("data_error", msg=md_escape(exc)), icon=":material/block:")
    st.stop()
share.restore_from_query(kb.regions)  # a shared link: firm, weights, method, language (before any widget)
st.sidebar.markdown(f"### :material/explore: {t('app_title')}")
settings.render_language()

settings.begin_run()  # no scored part yet (issue 19: a page registers its fragment, ui.settings.register_scored)
with guard("sidebar"):
    if navigation.url_path in settings.WEIGHTED_PAGES:
        settings.render_weights(kb.data_version, kb.vintage)
    else:  # search, implications, review: the weights change nothing there (issue 18, item 7)
        settings.keep_weights(kb.data_version)

try:
    with guard(f"page {navigation.url_path}"):
        navigation.run()
finally:  # also after st.stop() (the empty form stops there): the first page is drawn before the warm-up runs
    warmup.start(kb)
