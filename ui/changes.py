"""The "what changed" view (``recommender.changes``): per region × sector profile before → after, first regional
evidence, the facts added with their quotes (document and page), and the reference firms whose best pick moved."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ui.evidence import show_quote
from ui.i18n import lang, t
from ui.text import md_escape


def _name(c: dict, kind: str, key: str) -> str:
    pair = c.get("names", {}).get(kind, {}).get(key)
    return (pair[1] if lang() == "en" else pair[0]) if pair else key


def _arrow(p: dict, key: str) -> str:
    a, b = p[key]["before"], p[key]["after"]
    if a is None or b is None:
        return f"{a} → {b}"
    mark = "▲" if b > a + 1e-9 else ("▼" if b < a - 1e-9 else "=")
    return f"{a:.3f} → {b:.3f} {mark}"


def _pick(c: dict, p: dict | None) -> str:
    if not p:
        return "—"
    return f"{_name(c, 'regions', p['region_id'])} · {_name(c, 'sectors', p['sector_id'])} ({p['score']:.3f})"


def render(c: dict, kb) -> None:
    """Draw the comparison ``c`` (``recommender.changes.changes``); quotes are read from ``kb``'s stored reports."""
    st.subheader(t("chg_title"))
    st.markdown(t("chg_summary", before=c["from"]["version"], after=c["to"]["version"], added=len(c["facts_added"]),
                  removed=len(c["facts_removed"]), profiles=len(c["profiles"]),
                  period_before=c["from"]["evidence_period"], period_after=c["to"]["evidence_period"]))  # fmt: skip
    if not c["profiles"]:
        st.info(t("chg_none"))
    else:
        st.markdown(f"**{t('chg_profiles')}**")
        rows = [{t("region"): _name(c, "regions", p["region_id"]), t("sector"): _name(c, "sectors", p["sector_id"]),
                 t("policy"): _arrow(p, "policy"), t("demand"): _arrow(p, "demand"), t("risk"): _arrow(p, "risk"),
                 t("confidence"): _arrow(p, "confidence"),
                 t("chg_period"): f"{p['evidence_period']['before']} → {p['evidence_period']['after']}",
                 t("chg_first_col"): "✓" if p["first_regional_evidence"] else ""} for p in c["profiles"]]  # fmt: skip
        st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch", key="chg_profiles_table")
    first = c["first_regional_evidence"]
    if first["profiles"]:
        items = ", ".join(f"{_name(c, 'regions', k.split('/')[0])} {_name(c, 'sectors', k.split('/')[1])}"
                          for k in first["profiles"])  # fmt: skip
        st.success(t("chg_first", items=items), icon=":material/new_releases:")
    if first["regions"]:
        st.success(t("chg_first_regions", items=", ".join(_name(c, "regions", r) for r in first["regions"])))
    if c["facts_added"]:
        with st.expander(f"{t('chg_facts')} ({len(c['facts_added'])})", expanded=False):
            for f in c["facts_added"]:
                note = f["note_en"] if lang() == "en" else f["note_ko"]
                head = f"**{md_escape(f['fact_id'])}** · {md_escape(_name(c, 'regions', f['region_id']))} · " \
                       f"{md_escape(_name(c, 'sectors', f['sector_id']))} — {md_escape(note)}"  # fmt: skip
                st.markdown(head)
                for ref in f["evidence"][:2]:
                    show_quote(kb, ref, limit=300)
    moved = [f for f in c["firms"] if f["changed"]]
    st.markdown(f"**{t('chg_firms', top=c['reference']['top'])}**")
    if not moved:
        st.info(t("chg_firms_none", n=len(c["firms"])))
        return
    rows = [{t("chg_firm"): f"{f['name']} ({f['firm_id']}, {t('chg_kind_' + f['kind'])})",
             t("chg_before"): _pick(c, f["before"][0] if f["before"] else None),
             t("chg_after"): _pick(c, f["after"][0] if f["after"] else None),
             "★": "★" if f["best_changed"] else ""} for f in moved]  # fmt: skip
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch", key="chg_firms_table")
