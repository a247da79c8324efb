"""One region × sector profile on screen: its scores, the per-indicator breakdown, and the facts and report
passages behind it (quotes read from the stored report lines)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from features.vintage import period_label
from recommender.dated import fact_note
from ui import charts, data, vega
from ui.evidence import citations, show_quote, show_quotes
from ui.i18n import lang, t
from ui.tables import wrapped_dataframe
from ui.text import fact_value, md_escape, num
from ui.vocab import dimension_label, indicator_label, region_name, sector_name


def render(kb, region_id: str, sector_id: str) -> None:
    """Scores, indicator breakdown, the facts (with quotes) and the passages behind one region × sector profile."""
    p = kb.profile(region_id, sector_id)
    st.subheader(t("profile_header", region=region_name(kb, region_id), sector=sector_name(kb, sector_id)))
    m = st.columns(5)
    m[0].metric(t("policy"), num(p.policy))
    m[1].metric(t("demand"), num(p.demand))
    m[2].metric(t("risk"), num(p.risk))
    m[3].metric(t("confidence"), num(p.confidence), help=t("help_confidence"))
    m[4].metric(t("vintage"), str(p.vintage))
    st.caption(t("vintage_short", vintage=p.vintage) + " · " +
               t("evidence_period", period=period_label(p.evidence_from, p.evidence_to)))  # fmt: skip
    if not p.region_specific:
        st.info(t("profile_national_only"))
    ind = pd.DataFrame([{"label": indicator_label(i.indicator), "dimension": i.dimension, "normalised": i.normalised,
                         "raw": i.raw} for i in p.indicators if i.raw > 0])  # fmt: skip
    if not ind.empty:
        titles = {"indicator": t("indicator"), "normalised": t("normalised"), "dimension": t("dimension"), "raw": t("raw")}
        dims = {d: dimension_label(d) for d in ("policy", "demand", "risk")}
        vega.show(lambda: charts.indicators(ind, t("chart_indicators"), titles, dims),
                  ("indicators", kb.data_version, lang(), region_id, sector_id), pad=70)  # built once per data version
    facts = sorted((kb.fact(f) for f in p.fact_ids), key=lambda f: (f.dimension, -f.strength, f.fact_id))
    st.markdown(f"#### {t('facts_title', n=len(facts))}")
    code = lang()
    table = pd.DataFrame([{
        t("dimension"): dimension_label(f.dimension), t("indicator"): indicator_label(f.indicator),
        t("scope"): t("scope_regional") if f.region_id == region_id else t("scope_national"),
        t("strength"): f.strength, t("note"): fact_note(f, code),  # a dated_judgement fact said as 2018's reading
        t("fact_value"): fact_value(f.value, f.unit, code), t("year"): f.year, t("published"): f.published,
        t("citation"): citations(f.evidence, kb),
    } for f in facts])  # fmt: skip
    # the fact's words wrap (they were cut after about forty characters at 1,100 px); the full text of a very long
    # one opens on a click, and the quotes below give every fact whole
    wrapped_dataframe(table, {t("note"): 300, t("indicator"): 96, t("citation"): 220, t("dimension"): 56,
                              t("scope"): 56}, max_height=560, max_lines=5,
                      column_config={t("strength"): st.column_config.NumberColumn(t("strength"), width=52)})
    with st.expander(t("fact_quotes")):
        for f in facts[:40]:
            st.markdown(f"**{md_escape(indicator_label(f.indicator))}** · {md_escape(fact_note(f, code))}")
            for e in f.evidence[:2]:
                show_quote(kb, e.as_dict(), limit=400)
    st.markdown(f"#### {t('passages_title')}")
    passage_ids = [pid for i in p.indicators for pid in i.passage_ids]
    found = [data.passage(kb, pid) for pid in passage_ids]
    refs = [x.ref() for x in found if x is not None]
    if refs:
        show_quotes(kb, refs, first=3, limit=500)
    else:
        st.caption(t("no_passages"))
    st.markdown(f"#### {t('evidence')}")
    st.caption(md_escape(citations(p.evidence, kb, limit=24)))
