"""보고서 시사점 — what the reports advise firms and government, by sector and audience (search: views/search.py)."""

import pandas as pd
import streamlit as st

from recommender.dated import implication_text
from ui import data
from ui.evidence import show_quotes
from ui.i18n import lang, t
from ui.text import md_escape
from ui.vocab import region_name, sector_name, strategy_name

kb = data.knowledge()
code = lang()
AUDIENCES = ("firms", "government")
SECTOR_ORDER = [*kb.sectors, "all"]

st.title(t("imp_title"))
st.caption(t("imp_intro"))
st.caption(t("imp_dated"))  # panel 7: a 2018 judgement
st.page_link("views/search.py", label=t("search_link"), icon=":material/search:")

a, b = st.columns([2, 1])
chosen = a.multiselect(t("imp_sector_filter"), list(kb.sectors), format_func=lambda x: sector_name(kb, x),
                       key="imp_sectors", persist_state="session", placeholder=t("choose"))  # fmt: skip
needle = b.text_input(t("imp_text_filter"), key="imp_needle", max_chars=100, persist_state="session").strip().lower()


def matches(imp: dict) -> bool:
    if chosen and not ("all" in imp["sectors"] or set(chosen) & set(imp["sectors"])):
        return False
    return not needle or needle in f"{imp['title_' + code]} {imp['text_' + code]}".lower()


def sector_label(sector_id: str) -> str:
    return t("imp_all_sectors") if sector_id == "all" else sector_name(kb, sector_id)


def primary_sector(imp: dict) -> str:
    """The first of the implication's sectors that the user asked for (or its first sector)."""
    for sec in imp["sectors"]:
        if not chosen or sec in chosen:
            return sec
    return imp["sectors"][0]


def show_implication(imp: dict) -> None:
    with st.expander(imp["title_" + code]):
        st.markdown(md_escape(implication_text(imp, code)))  # panel 7: a past target; panel 19: a dated judgement
        meta = [f"{t('imp_sectors')}: {', '.join(sector_label(x) for x in imp['sectors'])}"]
        if imp["regions"]:
            meta.append(f"{t('imp_regions')}: {', '.join(region_name(kb, r) for r in imp['regions'])}")
        if imp["strategies"]:
            meta.append(f"{t('imp_strategies')}: {', '.join(strategy_name(kb, s) for s in imp['strategies'])}")
        st.caption(md_escape(" · ".join(meta)))
        show_quotes(kb, imp["evidence"], first=2, limit=500)


with st.expander(t("imp_matrix")):
    rows = [{"sector": sector_label(sec), "audience": t("audience_" + imp["audience"])}
            for imp in kb.implications.values() for sec in imp["sectors"]]  # fmt: skip
    if rows:
        frame = pd.DataFrame(rows)
        matrix = pd.crosstab(frame["sector"], frame["audience"])
        matrix.index.name, matrix.columns.name = t("sector"), t("audience")
        st.dataframe(matrix, width="stretch")

selected = [imp for imp in kb.implications.values() if matches(imp)]
groups = {aud: [imp for imp in selected if imp["audience"] == aud] for aud in AUDIENCES}
tabs = st.tabs([f"{t('audience_' + aud)} ({len(groups[aud])})" for aud in AUDIENCES])

for tab, aud in zip(tabs, AUDIENCES):
    with tab:
        by_sector: dict[str, list[dict]] = {}
        for imp in groups[aud]:
            by_sector.setdefault(primary_sector(imp), []).append(imp)
        if not by_sector:
            st.info(t("imp_count", n=0))
        for sec in [x for x in SECTOR_ORDER if x in by_sector]:
            st.markdown(f"##### {sector_label(sec)}")
            for imp in by_sector[sec]:
                show_implication(imp)
