"""Two opportunities side by side (issue 10, item 6): score components, entry strategy and its conditions, risks
(with the parts of the risk score) and the first quotes behind each — the same numbers as the detail tabs."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from recommender import present
from recommender.reading import strategy_risk_lines
from ui import decisions
from ui.evidence import show_quotes
from ui.i18n import lang, t
from ui.tables import wrapped_dataframe
from ui.text import md_escape, num, pct
from ui.vocab import answer_region_name, sector_name, strategy_name

COMPONENT_KEYS = ("fit", "policy", "demand", "risk")


def _label(r: dict, kb, recs: list[dict]) -> str:
    return (f"{decisions.rank_label(r, recs)} · {answer_region_name(kb, r)} · {sector_name(kb, r['sector_id'])}"
            f" ({r['score']:.2f})")  # fmt: skip


def components_frame(pair: list[dict], kb, recs: list[dict]) -> pd.DataFrame:
    """Rows: score, the four components, confidence, robustness, data scope; one column per opportunity."""
    rows = [(t("score"), [num(r["score"]) for r in pair])]
    names = {"fit": t("fit"), "policy": t("policy"), "demand": t("demand"), "risk": t("risk")}
    rows += [(names[c], [num(r["components"][c]) for r in pair]) for c in COMPONENT_KEYS if c != "risk"]
    # panel 5: the opportunity's own risk first, the firm-adjusted one beside it
    rows += [(names["risk"], [present.risk_headline(r, lang()) for r in pair])]
    rows += [(t("confidence"), [num(r["confidence"]) for r in pair]),
             (t("robustness"), [pct(r["robustness"]) for r in pair]),
             (t("data_scope"), [decisions.scope_label(r) for r in pair]),
             (t("compare_strategy"), [strategy_name(kb, r["strategy_id"], r["sector_id"]) for r in pair])]  # fmt: skip
    # "A · 1위 · 베이징": the pickers right above spell out the rest — the full labels ("2 · any of 23 regions ·
    # Smart energy (0.36)") were cut in the column headers at 1,100 px
    # a sector-level answer by the short "전국 단위" (its regions are listed in the opportunity's detail)
    heads = [f"{ab} · {decisions.rank_label(r, recs)} · "
             + (t("any_region_short") if len(r.get("equivalent_regions") or []) > 1 else answer_region_name(kb, r))
             for ab, r in zip("AB", pair)]  # fmt: skip
    return pd.DataFrame([{"": name, heads[0]: vals[0], heads[1]: vals[1]} for name, vals in rows])


def render(result: dict, kb) -> None:
    recs = result["recommendations"]
    if len(recs) < 2:
        return
    box = st.expander(t("compare"), icon=":material/compare_arrows:", key="cmp_box", on_change="rerun")
    if box.open is False:  # lazy, like the opportunities: built once opened
        return
    with box:
        idx = list(range(len(recs)))
        a, b = st.columns(2)
        i = a.selectbox(t("compare_pick") + " A", idx, index=0, format_func=lambda k: _label(recs[k], kb, recs),
                        key="cmp_a")  # fmt: skip
        j = b.selectbox(t("compare_pick") + " B", idx, index=1, format_func=lambda k: _label(recs[k], kb, recs),
                        key="cmp_b")  # fmt: skip
        if i == j:
            st.info(t("compare_same"))
            return
        pair = [recs[i], recs[j]]
        st.markdown(f"**{t('compare_components')}**")
        frame = components_frame(pair, kb, recs)
        # the two opportunity columns share what 1,100 px leaves; a long strategy name wraps instead of being cut
        wrapped_dataframe(frame, {frame.columns[0]: 110, frame.columns[1]: 255, frame.columns[2]: 255})
        code = lang()
        for col, r in zip(st.columns(2), pair):
            with col:
                st.markdown(f"##### {md_escape(_label(r, kb, recs))}")
                s = r["strategy"]
                st.markdown(f"**{t('compare_strategy')}**: {md_escape(strategy_name(kb, r['strategy_id'], r['sector_id']))} — "
                            + md_escape(t("strategy_scores", rule=num(s["rule_score"]),
                                          ranking=num(s.get("ranking_score", s["rule_score"])))))  # fmt: skip
                alt = decisions.capability_alternative_met(s.get("conditions", []))
                st.markdown("\n".join(f"- {decisions.condition_mark(c, alt)} {md_escape(decisions.condition_text(c, where=(r, kb)))}"
                                      for c in s.get("conditions", [])))  # fmt: skip
                st.markdown(f"**{t('compare_risks')}**")
                decisions.risk_parts(r, compact=True)
                decisions.risk_explained(r)
                decisions.sector_risks(r, kb)
                st.markdown("\n".join(f"- {md_escape(x)}" for x in strategy_risk_lines(r, kb, code)))  # panel 6
                st.markdown(f"**{t('compare_evidence')}**")
                show_quotes(kb, r["evidence"], first=2, limit=300)
