"""방법·데이터 — the method in plain words, the weights, the sources with dates, the vintage and the data version."""

import pandas as pd
import streamlit as st

from recommender.weights import PRESETS
from ui import data, settings
from ui.evidence import citations
from ui.i18n import lang, t
from ui.settings import preset_label
from ui.text import md_escape
from ui.vocab import doc_publisher, doc_title

kb = data.knowledge()
s = settings.current()
code = lang()

st.title(t("met_title"))

st.subheader(t("met_vintage_title"))
st.warning(t("vintage_warning", vintage=kb.vintage, version=kb.data_version), icon=":material/calendar_month:")
st.markdown(t("met_version", version=kb.data_version, vintage=kb.vintage), help=t("met_version_help"))
counts = [("count_regions", len(kb.regions)), ("count_sectors", len(kb.sectors)), ("count_facts", len(kb.facts)),
          ("count_profiles", len(kb.profiles)), ("count_passages", len(kb.passages)),
          ("count_strategies", len(kb.strategies)), ("count_implications", len(kb.implications))]  # fmt: skip
# a row that wraps: seven fixed columns at 1,100 px cut "1,693" to "1,…" (issue 18 item 7)
row = st.container(horizontal=True, wrap=True, gap="medium")
for key, n in counts:
    row.metric(t(key), f"{n:,}", width="content")


def _reload() -> None:
    data.reload()
    st.session_state["_reloaded"] = True


st.subheader(t("met_sources_title"))
for d in kb.docs.values():
    with st.container(border=True):
        st.markdown(f"**{md_escape(doc_title(d))}**")
        st.caption(f"{t('publisher')}: {md_escape(doc_publisher(d))} · {t('published')}: {md_escape(d.published)} · "
                   f"{t('doc_lines')}: {len(d.lines):,} · {t('doc_id')}: `{d.doc_id}`")  # fmt: skip


st.subheader(t("met_method_title"))
st.markdown(t("met_method"))

st.subheader(t("met_weights_title"))
st.markdown(t("met_weights_current", preset=preset_label(s.preset), method=t("method_" + s.method)))
components = ("fit", "policy", "demand", "risk")
current = f"{preset_label(s.preset)} ({t('in_use')})"
rows = [{t("weight"): t("w_" + c), current: round(s.weights.as_dict()[c], 3),
         **{preset_label(name): PRESETS[name][c] for name in PRESETS if name != s.preset}} for c in components]  # fmt: skip
st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch",  # one precision: 0.40, not 0.4 beside 0.25
             column_config={c: st.column_config.NumberColumn(c, format="%.2f") for c in rows[0] if c != t("weight")})
for c in components:
    st.markdown(f"- **{t('w_' + c)}**: {t('w_' + c + '_help')}")

st.subheader(t("met_strategies_title"))
for spec in kb.strategies.values():
    with st.expander(spec[f"name_{code}"]):
        st.markdown(md_escape(spec[f"description_{code}"]))
        st.caption("— " + md_escape(citations(spec["evidence"][:4], kb)))

# an administrator's action, shown only where the server was started for administrators (KOCN_ADMIN=1, issue 18)
if settings.admin_mode():
    with st.expander(t("admin_box"), icon=":material/admin_panel_settings:"):
        st.button(t("reload_data"), help=t("reload_help"), on_click=_reload, key="met_reload", icon=":material/refresh:")
if st.session_state.pop("_reloaded", False):
    st.success(t("reloaded", version=kb.data_version))
