"""One firm's recommendations on screen: the summary table, downloads, and per opportunity the score build-up,
capabilities against needs, why this strategy, risks, implications and quoted evidence."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from recommender import present, summary
from recommender.dated import implication_text, implications_heading, mark_past_targets
from recommender.reading import ordered_reasons, reason_note, risk_fact_applies, strategy_risk_lines
from recommender.weights import make_weights
from ui import charts, decisions, exports
from ui.evidence import citations, show_quotes
from ui.guard import guard
from ui.i18n import lang, t
from ui.lazytabs import lazy_tabs
from ui.settings import preset_label, weights_text
from ui.tables import grid_height, summary_row_height, text_px, wrapped_lines  # noqa: F401 - re-exported
from ui.text import md_escape, num, pct, safe_filename
from ui.vocab import answer_region_name, capability_label, indicator_label, sector_name, strategy_name

COMPONENT_KEYS = ("fit", "policy", "demand", "risk")


def summary_frame(result: dict, kb) -> pd.DataFrame:
    """The top opportunities as the summary table shows them (translated headers; in English the three number
    columns carry short labels — ``Conf.``, ``Robust``, ``Scope`` — so the table fits a laptop screen, their full
    names are in the column help)."""
    rows = []
    recs = result["recommendations"]
    for r in recs:
        rows.append({
            # a sector-level answer briefly, "전국 단위" (its regions and the firm's choice are in its detail and
            # in the note above): the full "(23개 지역 중 귀사 선택)" made every row of the narrow table 4 lines tall
            t("rank"): decisions.rank_label(r, recs),
            t("region"): t("any_region_short") if len(r.get("equivalent_regions") or []) > 1 else answer_region_name(kb, r),
            t("sector"): sector_name(kb, r["sector_id"]), t("strategy"): strategy_name(kb, r["strategy_id"], r["sector_id"]),
            t("score"): r["score"], t("col_confidence"): r["confidence"],
            # robustness as a whole percent, as in every export (recommender.present.percent)
            t("col_robustness"): None if r["robustness"] is None else round(100 * r["robustness"]),
            t("col_data_scope"): decisions.scope_label(r),
        })  # fmt: skip  (the vintage is the same for every row: the warning above the table says it)
    frame = pd.DataFrame(rows)
    if len(frame) and all(decisions.scope_label(r) == t("scope_region") for r in recs):  # all "지역 자료": says nothing
        frame = frame.drop(columns=[t("col_data_scope")])
    return frame


#: summary column widths in px (Korean, English): together at most ~620 px, what the main column holds at a
#: 1,100 px browser window beside the sidebar; text that does not fit wraps onto more lines (nothing is cut)
SUMMARY_WIDTHS = {"rank": (46, 48), "region": (72, 80), "sector": (100, 102), "strategy": (144, 142),
                  "score": (60, 64), "col_confidence": (60, 54), "col_robustness": (60, 58),
                  "col_data_scope": (78, 72)}  # fmt: skip
def _summary_table(result: dict, kb) -> None:
    frame = summary_frame(result, kb)
    i = 0 if lang() == "ko" else 1
    widths = {t(k): w[i] for k, w in SUMMARY_WIDTHS.items()}
    # narrow columns, long names wrapped onto more lines: the table fits a laptop screen without scrolling sideways
    # and hides no word (issue 18 item 7); on a wider screen the columns stretch
    row_height = summary_row_height(frame, widths)
    # every row in view (the grid's automatic height stops at 400 px and would hide the last tall rows behind a
    # scroll bar inside the table)
    st.dataframe(frame, hide_index=True, width="stretch", row_height=row_height,
                 height=grid_height(len(frame), row_height), column_config={
        t("rank"): st.column_config.TextColumn(t("rank"), width=widths[t("rank")]),
        t("region"): st.column_config.TextColumn(t("region"), width=widths[t("region")]),
        t("sector"): st.column_config.TextColumn(t("sector"), width=widths[t("sector")]),
        t("strategy"): st.column_config.TextColumn(t("strategy"), width=widths[t("strategy")]),
        t("score"): st.column_config.ProgressColumn(t("score"), min_value=0.0, max_value=1.0, format="%.2f",
                                                    help=t("help_score"), width=widths[t("score")]),
        t("col_confidence"): st.column_config.NumberColumn(t("col_confidence"), format="%.2f",
                                                           help=t("col_confidence_help"),
                                                           width=widths[t("col_confidence")]),
        t("col_robustness"): st.column_config.NumberColumn(t("col_robustness"), format="%d%%",
                                                           help=t("col_robustness_help"),
                                                           width=widths[t("col_robustness")]),
        t("col_data_scope"): st.column_config.TextColumn(t("col_data_scope"), help=t("col_data_scope_help"),
                                                         width=widths[t("col_data_scope")]),
    })  # fmt: skip
    st.caption(present.score_legend(lang()))  # what 신뢰도/강건성 mean (the same line as the reports)


def _downloads(result: dict, kb, top: int, firm: dict | None = None) -> None:
    code = lang()
    stem = f"kocn_{safe_filename(result['firm_id'])}"
    extra = {("추천 개수" if code == "ko" else "top N"): top, ("언어" if code == "ko" else "language"): code}
    st.markdown(f"**{t('downloads')}**")
    # a row that wraps (not four fixed columns): at 1,100 px a fixed quarter cut "보고서 (Markdown)" to "보고서 (Markd…"
    row = st.container(horizontal=True, wrap=True, gap="small")
    c1 = c2 = c3 = c4 = row
    c1.download_button(t("dl_xlsx"), lambda: exports.recommendation_xlsx(result, kb, code, extra, firm), f"{stem}.xlsx",
                       "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", key="dl_rec_xlsx",
                       help=t("dl_help"), on_click="ignore", icon=":material/download:")  # fmt: skip
    c2.download_button(t("dl_csv"), lambda: exports.recommendation_csv(result, kb, code, firm), f"{stem}.csv",
                       "text/csv", key="dl_rec_csv", on_click="ignore", icon=":material/download:")  # fmt: skip
    c3.download_button(t("dl_md"), lambda: exports.recommendation_md(result, kb, code, firm), f"{stem}.md",
                       "text/markdown", key="dl_rec_md", on_click="ignore", icon=":material/download:")  # fmt: skip
    c4.download_button(t("dl_html"), lambda: exports.recommendation_html(result, kb, code, firm), f"{stem}.html",
                       "text/html", key="dl_rec_html", on_click="ignore", icon=":material/download:")  # fmt: skip


def _score_tab(r: dict, result: dict, kb) -> None:
    w = result["weights"]
    comps = r["components"]
    names = {"fit": t("fit"), "policy": t("policy"), "demand": t("demand"), "risk": t("risk_as_low")}
    if r.get("contributions"):
        frame = pd.DataFrame([{"label": names[c], "value": r["contributions"][c],
                               "tip": f"{w[c]:.2f} × {(1 - comps[c]) if c == 'risk' else comps[c]:.2f} = "
                                      f"{r['contributions'][c]:.2f}"} for c in COMPONENT_KEYS])  # fmt: skip
        chart = charts.contributions(frame, t("chart_contrib"), t("contribution"), t("component"))
    else:
        frame = pd.DataFrame([{"label": names[c], "value": (1 - comps[c]) if c == "risk" else comps[c],
                               "tip": f"{comps[c]:.2f}"} for c in COMPONENT_KEYS])  # fmt: skip
        chart = charts.contributions(frame, t("chart_components"), t("component_value"), t("component"))
    charts.draw(chart)
    st.caption(t("vintage_short", vintage=r["vintage"]) +
               (" · " + t("evidence_period", period=r["evidence_period"]) if r.get("evidence_period") else ""))  # fmt: skip
    if r["reasons"]:
        st.markdown(f"**{t('reasons')}**")
        for reason in ordered_reasons(r["reasons"], kb):  # panel 11: a name in a list last, marked as such
            refs = citations(reason["evidence"][:2], kb)
            note = mark_past_targets(reason_note(reason, lang(), kb), lang())  # panel 7: a past target year said as such
            st.markdown(f"- {md_escape(note)}  \n  :gray[— {md_escape(refs)}]")


def _caps_tab(r: dict) -> None:
    status = {"matched": t("status_matched"), "partial": t("status_partial"), "gap": t("status_gap")}
    frame = pd.DataFrame([{"label": capability_label(c["capability"]), "have": c["have"], "need": c["need"],
                           "status": c["status"], "status_label": status[c["status"]]} for c in r["capabilities"]])  # fmt: skip
    if frame.empty:
        return
    labels = {"capability": t("capability"), "have": t("have"), "need": t("need"), "status": t("status")}
    charts.draw(charts.capabilities(frame, t("chart_caps"), labels))
    st.caption(t("caps_note", fit=num(r["components"]["fit"])))
    table = frame.rename(columns={"label": t("capability"), "have": t("have"), "need": t("need"),
                                  "status_label": t("status")})[[t("capability"), t("have"), t("need"), t("status")]]  # fmt: skip
    st.dataframe(table, hide_index=True, width="stretch")


def _risks_tab(r: dict, kb) -> None:
    code = lang()
    st.markdown(t("risk_headline", value=present.risk_headline(r, code)), help=t("risk_headline_help"))
    decisions.risk_explained(r)
    decisions.risk_parts(r)
    decisions.sector_risks(r, kb)  # issue 18: the sector's barriers first, the generic lines after
    st.markdown(f"**{t('strategy_risks')}**")
    for x in strategy_risk_lines(r, kb, code):  # panel 6: a sector's own wording (the ICT example only for ICT)
        st.markdown(f"- {md_escape(x)}")
    st.markdown(f"**{t('profile_risks')}**")
    if not r["risks"]:
        st.caption(t("no_profile_risks"))
    for rk in r["risks"]:
        lines = [f"- **{md_escape(indicator_label(rk['indicator']))}** — {t('level')} {num(rk['level'])}"]
        for f in rk["facts"]:
            if not risk_fact_applies(f, r["sector_id"], kb):  # panel 6: an ICT or manufacturing line only where it applies
                continue
            refs = citations(f["evidence"][:2], kb)
            lines.append(f"    - {md_escape(f['note_' + code])}  \n      :gray[— {md_escape(refs)}]")
        st.markdown("\n".join(lines))


def _implications_tab(r: dict, kb) -> None:
    code = lang()
    if not r["implication_ids"]:
        st.caption(t("no_implications"))
    else:  # panel 7: the reports' 2018 judgement, not current advice
        st.caption(implications_heading(code))
    for iid in r["implication_ids"]:
        imp = kb.implications.get(iid)
        if imp is None:
            continue
        audience = t("audience_" + imp["audience"])
        with st.container(border=True):
            st.markdown(f"**{md_escape(imp['title_' + code])}** · _{audience}_")
            st.markdown(md_escape(implication_text(imp, code)))
            st.caption("— " + md_escape(citations(imp["evidence"], kb)))


#: the detail tabs in their order (string keys; the precedents tab's label carries its count)
DETAIL_TABS = ("tab_score", "tab_caps", "tab_strategy", "tab_risks", "tab_impl", "tab_evidence", "tab_precedents")


def detail_tab_labels(r: dict, kb) -> list[str]:
    """The labels of one opportunity's detail tabs, in the language in use."""
    n_prec = len([p for p in r.get("precedents") or [] if p in kb.precedents])
    return [t(k, n=n_prec) if k == "tab_precedents" else t(k) for k in DETAIL_TABS]


def detail_tabs_key(r: dict) -> str:
    """The widget key of the detail tabs of the opportunity at list position ``r["rank"]``."""
    return f"rec_tabs_{r['rank']}"


def _detail(r: dict, result: dict, kb, firm: dict | None = None) -> None:
    tie = present.tie_row_note(r, result["recommendations"], kb, lang())  # panel 5: the tie order said at the row
    if tie:
        st.caption(f":material/drag_handle: {md_escape(decisions.rank_label(r, result['recommendations']))}: "
                   f"{md_escape(tie)}")
    weak = summary.weak_flag(r, lang())  # panel 9: a weak row says so in words (confidence < 0.35, robustness < 50%)
    if weak:
        st.warning(md_escape(weak), icon=":material/report:")
    m = st.columns(4)
    m[0].metric(t("score"), num(r["score"]), help=t("help_score"))
    m[1].metric(t("confidence"), num(r["confidence"]), help=t("help_confidence"))
    m[2].metric(t("robustness"), pct(r["robustness"]), help=t("help_robustness"))
    m[3].metric(t("vintage"), str(r["vintage"]))
    # panel 5: the opportunity's own risk first, the firm-adjusted one beside it (the score uses the second)
    st.markdown(t("risk_headline", value=present.risk_headline(r, lang())), help=t("risk_headline_help"))
    if len(r.get("equivalent_regions") or []) > 1:  # a sector-level answer (issue 18, panel 5): no regional
        # evidence — said plainly, the regions listed as the firm's choice, with what the firm entered to guide it
        lines = present.sector_level_lines(r, kb, lang(), firm)
        st.info(f"**{md_escape(lines[0])}**  \n" + "  \n".join(md_escape(x) for x in lines[1:]),
                icon=":material/public:")
    elif not r.get("region_specific", True):
        st.info(f"**{t('national_only')}** — {t('national_only_help')}", icon=":material/public:")
    # lazy (issue 19): only the tab in view is drawn — the seven tabs were 137 of a full rerun's ≈ 180 elements;
    # selecting another tab reruns the results fragment only (ui.lazytabs)
    tabs = lazy_tabs(detail_tab_labels(r, kb), key=detail_tabs_key(r))
    parts = (lambda: _score_tab(r, result, kb), lambda: _caps_tab(r), lambda: decisions.strategy_tab(r, kb),
             lambda: _risks_tab(r, kb), lambda: _implications_tab(r, kb),
             lambda: (st.caption(t("quotes_note")), show_quotes(kb, r["evidence"], first=4, reasons=r.get("reasons"))),
             lambda: decisions.precedents_tab(r, kb))  # fmt: skip
    for tab, draw in zip(tabs, parts):
        if not tab.open:
            continue
        with tab, guard("result tab"):
            draw()
    if st.button(t("open_profile"), key=f"open_profile_{r['rank']}", icon=":material/travel_explore:"):
        st.session_state["exp_region"] = r["region_id"]
        st.session_state["exp_sector"] = r["sector_id"]
        st.session_state["exp_focus_profile"] = True
        st.switch_page("views/explore.py")


def opportunity_label(r: dict, kb, recs: list[dict] | None = None) -> str:
    """``2. 저장성 · 스마트 헬스케어 — 전략 (점수 0.073 · 공동 2위 · 전국 자료만)``: the list position first, then the
    score, the tie-aware rank when it differs from the position, and the national-only mark."""
    extra = [f"{t('score')} {r['score']:.2f}"]
    label = decisions.rank_label(r, recs or [r])
    if label not in (f"{r['rank']}위", str(r["rank"])):
        why = present.tie_row_note(r, recs or [r], kb, lang(), short=True)  # panel 5: why it stands here
        extra.append(f"{label} — {why}" if why else label)
    if not r.get("region_specific", True):
        extra.append(t("national_only"))
    if summary.weak_reasons(r, lang()):
        extra.append(t("weak_mark"))
    return (f"{r['rank']}. {answer_region_name(kb, r)} · {sector_name(kb, r['sector_id'])} — "
            f"{strategy_name(kb, r['strategy_id'], r['sector_id'])} ({' · '.join(extra)})")  # fmt: skip


def render(result: dict, kb, top: int, firm: dict | None = None) -> None:
    """The results of one firm; ``firm`` (its input record) goes into the downloads' "기업 입력" section."""
    name = result["firm_name"] or result["firm_id"]
    st.subheader(t("results_title", firm=md_escape(name)))
    lines = summary.summary_lines(result, kb, lang(), firm)  # panel 9: the answer in three lines, before any number
    if lines:
        st.info(f"**{t('answer_summary')}**  \n" + "  \n".join(md_escape(x) for x in lines),
                icon=":material/summarize:")
    st.warning(t("vintage_warning", vintage=result["vintage"], version=result["data_version"]), icon=":material/calendar_month:")
    w = make_weights(result["weights"])
    st.caption(t("results_weights", weights=weights_text(w), method=t("method_" + result["method"]),
                 preset=preset_label(result.get("preset") or "custom"))  # fmt: skip
             + " · " + t("readiness", value=num(result["readiness"])), help=t("readiness_help"))
    if result["method"] == "topsis":
        st.info(t("topsis_scale"), icon=":material/straighten:")
    status = decisions.show_coverage(result, kb)
    if not result["recommendations"]:
        if status != "none":
            st.warning(t("no_results"))
        return
    _summary_table(result, kb)
    decisions.ties_note(result)
    _downloads(result, kb, top, firm)
    for r in result["recommendations"]:
        # lazy: a closed expander's details (charts, quotes) are only built once the user opens it
        box = st.expander(opportunity_label(r, kb, result["recommendations"]), expanded=r["rank"] == 1, key=f"rec_open_{r['rank']}",
                          on_change="rerun")  # fmt: skip
        if box.open is False:
            continue
        with box, guard("result detail"):
            _detail(r, result, kb, firm)
