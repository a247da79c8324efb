"""A print-friendly report (issue 10, item 6): "인쇄용 보기" hides the sidebar, the app header and every input
widget (on screen and in ``@media print``), and lays every recommendation out in full — no tabs or collapsed
expanders, tables as static tables — so the browser's print (Ctrl+P → PDF) gives a complete, readable report.

The page marks what to hide with keyed containers (Streamlit gives ``st.container(key=K)`` the class ``st-key-K``):
``rec_inputs`` (form, upload, save/share), ``rec_controls`` (top-N, compare) and ``print_bar`` (the toggle itself,
hidden only on paper).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import streamlit as st

from features.facts import CAPABILITY_KEYS
from recommender import present, summary
from recommender.dated import mark_past_targets
from recommender.reading import ordered_reasons, reason_note, strategy_risk_lines
from recommender.report import tie_cell
from recommender.weights import make_weights
from ui import decisions
from ui.evidence import citations, show_quote
from ui.i18n import lang, t
from ui.settings import preset_label, weights_text
from ui.text import krw_100m, md_escape, num, pct, years
from ui.vocab import (
    answer_region_name,
    capability_label,
    field_label,
    indicator_label,
    sector_name,
    strategy_name,
)

if TYPE_CHECKING:
    import pandas as pd  # imported where a table is made: the recommend page's form does not load pandas (issue 19)

PRINT_KEY = "print_view"
HIDE = ('[data-testid="stSidebar"]', '[data-testid="stSidebarCollapsedControl"]', '[data-testid="stHeader"]',
        '[data-testid="stToolbar"]', '[data-testid="stDecoration"]', ".st-key-rec_inputs", ".st-key-rec_controls",
        '[data-testid="stSidebarNav"]', '[data-testid="stExpandSidebarButton"]')  # fmt: skip
CSS = (
    "<style>\n" + ",\n".join(HIDE) + " { display: none !important; }\n"
    '[data-testid="stMain"] .block-container, [data-testid="stMainBlockContainer"] '
    "{ max-width: 100% !important; padding-top: 1rem !important; }\n"
    "@media print {\n  .st-key-print_bar { display: none !important; }\n"
    "  .st-key-print_report [data-testid=\"stVerticalBlockBorderWrapper\"] { break-inside: avoid; }\n"
    "  .kocn-opportunity { break-before: page; }\n}\n</style>"
)  # fmt: skip


def active() -> bool:
    return bool(st.session_state.get(PRINT_KEY))


def toggle() -> None:
    with st.container(key="print_bar"):
        st.toggle(t("print_view"), key=PRINT_KEY, help=t("print_help"))


def inject_css() -> None:
    st.html(CSS)


def firm_frame(record: dict, kb=None) -> pd.DataFrame:
    """The firm's own inputs, labelled and formatted in the UI language (capabilities named, 0 left out); a field the
    input did not give reads "미입력 (기본값 …)" (panel 32 K01), and the entity's region follows the entity flag when
    given (panels 31-32)."""
    import pandas as pd

    from recommender.present import entity_region_name

    code = lang()
    rows = []
    defaulted = set(record.get("defaulted_fields") or ())
    for key in ("firm_id", "name", "employees", "revenue_krw_100m", "investment_capacity_krw_100m",
                "china_experience_years", "has_china_entity", "china_entity_region", "chinese_speaking_staff",
                "risk_tolerance", "horizon_years", "certifications", "preferred_regions", "excluded_regions"):  # fmt: skip
        if key == "china_entity_region":
            if record.get(key):
                rows.append({t("print_firm"): field_label(key), t("print_value"): entity_region_name(record, kb, code)})
            continue
        v = record.get(key)
        if key.endswith("krw_100m"):
            v = krw_100m(float(v or 0), code)
        elif key.endswith("years"):
            v = years(float(v or 0), code)
        elif key == "has_china_entity":
            v = t("yes") if v else t("no")
        elif key == "risk_tolerance":
            v = t("risk_" + str(v))
        elif isinstance(v, list):
            v = ", ".join(map(str, v)) or "–"
        elif isinstance(v, int):
            v = f"{v:,}"
        v = str(v if v not in (None, "") else "–")
        if key in defaulted:
            v = f"미입력 (기본값 {v})" if code == "ko" else f"not given (default {v})"
        rows.append({t("print_firm"): field_label(key), t("print_value"): v})
    caps = record.get("capabilities") or {}
    for k in CAPABILITY_KEYS:
        if int(caps.get(k, 0)):
            rows.append({t("print_firm"): capability_label(k), t("print_value"): f"{int(caps[k])} / 5"})
    return pd.DataFrame(rows)


def render(result: dict, record: dict, kb) -> None:
    """The whole report for one firm, laid out for paper."""
    code = lang()
    recs = result["recommendations"]
    with st.container(key="print_report"):
        st.header(t("print_title", firm=md_escape(result["firm_name"] or result["firm_id"])))
        lines = summary.summary_lines(result, kb, code, record)  # panel 9: the answer in three lines, first
        if lines:
            st.info(f"**{t('answer_summary')}**  \n" + "  \n".join(md_escape(x) for x in lines))
        st.warning(t("vintage_warning", vintage=result["vintage"], version=result["data_version"]))
        st.markdown(f"#### {t('print_firm')}")
        st.table(firm_frame(record, kb), hide_index=True, hide_header=True)
        st.markdown(f"#### {t('print_settings')}")
        w = make_weights(result["weights"])
        st.markdown(md_escape(t("results_weights", weights=weights_text(w), method=t("method_" + result["method"]),
                                preset=preset_label(result.get("preset") or "custom")))  # fmt: skip
                    + f"  \n{t('sidebar_data', version=result['data_version'])}")
        if result["method"] == "topsis":
            st.caption(t("topsis_scale"))
        status = decisions.show_coverage(result, kb)
        if not recs:
            if status != "none":
                st.warning(t("no_results"))
            return
        import pandas as pd

        st.table(pd.DataFrame([{
            t("rank"): tie_cell(r, recs, kb, lang()), t("region"): answer_region_name(kb, r),
            t("sector"): sector_name(kb, r["sector_id"]), t("strategy"): strategy_name(kb, r["strategy_id"], r["sector_id"]),
            t("score"): num(r["score"]), t("confidence"): num(r["confidence"]), t("robustness"): pct(r["robustness"]),
            t("data_scope"): decisions.scope_label(r)} for r in recs]), hide_index=True)  # fmt: skip
        decisions.ties_note(result)
        st.caption(present.score_legend(lang()))  # what 신뢰도/강건성 mean (the same line as the reports)
        for r in recs:
            st.html('<div class="kocn-opportunity"></div>')
            st.subheader(f"{decisions.rank_label(r, recs)} · {answer_region_name(kb, r)} · "
                         f"{sector_name(kb, r['sector_id'])}")  # fmt: skip
            tie = present.tie_row_note(r, recs, kb, code)  # panel 5: the tie order said at the row
            if tie:
                st.caption(md_escape(tie))
            for line in present.sector_level_lines(r, kb, code, record):  # no regional evidence: the firm's choice
                st.markdown(md_escape(line))
            st.markdown(f"{t('score')} **{num(r['score'])}** · {t('confidence')} {num(r['confidence'])} · "
                        f"{t('robustness')} {pct(r['robustness'])} · {t('data_scope')}: {decisions.scope_label(r)}")  # fmt: skip
            st.markdown("**" + t("tab_score") + "**: " + " · ".join(
                [f"{t(c)} {num(r['components'][c])}" for c in ("fit", "policy", "demand")]
                + [f"{t('risk')} {present.risk_headline(r, code)}"]))  # fmt: skip
            if r["reasons"]:
                st.markdown(f"**{t('reasons')}**")
                st.markdown("\n".join(f"- {md_escape(mark_past_targets(reason_note(x, code, kb), code))} — "
                                      f"{md_escape(citations(x['evidence'][:2], kb))}"
                                      for x in ordered_reasons(r["reasons"], kb)))  # fmt: skip
            decisions.strategy_tab(r, kb)
            st.markdown(f"**{t('tab_risks')}**")
            st.markdown(t("risk_headline", value=present.risk_headline(r, code)))
            if r is recs[0]:  # panel 7: how the risk numbers are made, once on the page
                decisions.risk_explained(r)
                decisions.risk_parts(r)
            else:
                st.caption(t("risk_pointer"))
            decisions.sector_risks(r, kb, empty_note=False)
            st.markdown("\n".join(f"- {md_escape(x)}" for x in strategy_risk_lines(r, kb, code)))  # panel 6
            if r["risks"]:
                st.markdown("\n".join(f"- **{md_escape(indicator_label(rk['indicator']))}** — {t('level')} {num(rk['level'])}"
                                      for rk in r["risks"]))  # fmt: skip
            st.markdown(f"**{t('tab_precedents', n=len(r.get('precedents') or []))}**")
            decisions.precedents_tab(r, kb)
            st.markdown(f"**{t('tab_evidence')}**")
            for ref in r["evidence"][:3]:
                show_quote(kb, ref, limit=400)
