"""일괄 스크리닝 — a firm list → validation report → per-firm shortlists, per-opportunity firms, cohort heatmap."""

import pandas as pd
import streamlit as st

from features.firms import FirmInputError, extra_columns
from recommender import present
from recommender.exporting import csv_bytes
from recommender.screening import cohort_heatmap
from ui import charts, compute, data, exports, session_memory, settings, upload
from ui.i18n import lang, t
from ui.lazytabs import lazy_tabs
from ui.tables import text_px, wrapped_dataframe
from ui.vocab import region_name, sector_name

kb = data.knowledge()
s = settings.current()
code = lang()

st.title(t("scr_title"))
st.caption(t("scr_intro"))
st.download_button(t("dl_template"), upload.template_csv(), "firms_template.csv", "text/csv", key="scr_template",
                   on_click="ignore", icon=":material/download:")  # fmt: skip
SCR_TYPES = ["csv", "xlsx", "json", "tsv", "txt"]
upload.localise_uploader("scr_upload", SCR_TYPES)
up = st.file_uploader(t("scr_upload"), type=SCR_TYPES, key="scr_upload")
if up is None:
    st.info(t("scr_upload_prompt"))
    st.stop()

raw_bytes = up.getvalue()
file_key = upload.digest(raw_bytes)
try:
    raw, header_guessed = upload.read_frame(up.name, raw_bytes)
    if header_guessed:
        st.info(t("header_guessed"))
    mapping = upload.column_mapping(raw, file_key, expanded=header_guessed)
    frame, problems = upload.apply_mapping(raw, mapping)
    for p in problems:
        st.error(p, icon=":material/block:")
    if frame is None:
        st.stop()
    batch = upload.validate(file_key, mapping, frame, kb, up.name)
except FirmInputError as exc:
    upload.show_unusable(exc)
    st.stop()

original = {f: c for c, f in mapping.items() if f != upload.UNUSED}
upload.validation_report(batch, original, key="scr_val")
if batch.accepted == 0:
    st.error(t("none_accepted"))
    st.stop()

st.divider()
c1, c2 = st.columns([1, 3], vertical_alignment="bottom")
top = int(c1.number_input(t("scr_top"), min_value=1, max_value=20, value=5, step=1, key="scr_top_n"))
run_key = f"{file_key}:{hash(tuple(sorted(original.items())))}"
if c2.button(t("scr_run"), type="primary", key="scr_run_btn", icon=":material/play_arrow:"):
    st.session_state["scr_ran"] = run_key
if st.session_state.get("scr_ran") != run_key:
    st.info(t("scr_press_run"))
    st.stop()

screen_df, seconds = compute.screen(run_key, batch.firms, s, top, code)
st.success(t("scr_done", firms=batch.accepted, seconds=seconds), icon=":material/check_circle:")
st.caption(t("vintage_short", vintage=kb.vintage))

ko = code == "ko"
run = {"preset": s.preset, "method": s.method, "weights": s.weights.as_dict(), "data_version": kb.data_version,
       "vintage": kb.vintage}  # fmt: skip
info = present.run_frame(run, code, {
    ("파일" if ko else "file"): up.name, ("받은 행" if ko else "rows received"): batch.received,
    ("통과" if ko else "accepted"): batch.accepted, ("거부된 행" if ko else "rejected rows"): batch.rejected_rows,
    ("기업당 추천 개수" if ko else "top N per firm"): top,
})  # fmt: skip
# the agency's own columns (e.g. 담당자) that map to no firm field: carried through to the downloads unchanged
own = extra_columns(raw, [c for c, f in mapping.items() if f == upload.UNUSED], batch.firms)
rejected = upload.errors_frame(batch, original)
# a row that wraps, not fixed columns: a fixed quarter cut "Results (CSV, UTF-8)" to "Results (CSV, …" at 1,100 px
d1 = d2 = st.container(horizontal=True, wrap=True, gap="small")
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
if len(screen_df) <= exports.LARGE_DOWNLOAD_ROWS:
    d1.download_button(t("dl_results_xlsx"), lambda: exports.screening_xlsx(screen_df, rejected, info, kb, code, own),
                       "screening.xlsx", XLSX_MIME, key="scr_dl_xlsx", on_click="ignore",
                       icon=":material/download:")  # fmt: skip
else:  # large: the streamed lean workbook, built on request with a progress bar, kept for this run
    built = session_memory.memo("scr_xlsx").get("built")  # given back when the session closes
    if built is not None and built[0] == run_key:
        d1.download_button(t("dl_results_xlsx"), built[1], "screening.xlsx", XLSX_MIME, key="scr_dl_xlsx",
                           on_click="ignore", icon=":material/download:")  # fmt: skip
    elif d1.button(t("dl_prepare_xlsx"), key="scr_prep_xlsx", icon=":material/table_view:"):
        bar = st.progress(0.0, text=t("dl_preparing", done=0, total=len(screen_df)))

        def _tick(done: int, total: int) -> None:
            bar.progress(min(1.0, done / max(1, total)), text=t("dl_preparing", done=done, total=total))

        session_memory.memo("scr_xlsx")["built"] = (run_key, exports.screening_xlsx_large(screen_df, rejected, info,
                                                                              progress=_tick))
        bar.empty()
        st.rerun()
d2.download_button(t("dl_results_csv"), lambda: exports.screening_csv(screen_df, kb, code, own), "screening.csv",
                   "text/csv", key="scr_dl_csv", on_click="ignore", icon=":material/download:")  # fmt: skip

DISPLAY = {"firm_id": "firm_id", "firm_name": "firm_name", "rank": "rank", "region_name": "region",
           "sector_name": "sector", "strategy_name": "strategy", "score": "score", "fit": "fit", "policy": "policy",
           "demand": "demand", "risk": "risk", "confidence": "confidence"}  # fmt: skip (vintage: in the caption)
MAX_ROWS = 2000
NUMBER_FORMATS = {
    t("score"): st.column_config.ProgressColumn(t("score"), min_value=0.0, max_value=1.0, format="%.2f", width="small"),
    **{t(c): st.column_config.NumberColumn(t(c), format="%.2f", width="small")
       for c in ("fit", "policy", "demand", "risk", "confidence")},
    t("rank"): st.column_config.TextColumn(t("rank"), width="small"),
}  # narrow number columns: the table fits a laptop screen without scrolling sideways
# the same opportunity's risk differs between firms (issue 18): the column says why
NUMBER_FORMATS[t("risk")] = st.column_config.NumberColumn(t("risk"), format="%.2f", width="small",
                                                          help=t("risk_firm_adjusted_help"))  # fmt: skip

# keyed: the tab in view stays in view on a selection, a preset or a language change (issue 10, item 7); lazy (issue
# 19): only the tab in view is drawn — the per-opportunity shortlist and the cohort heatmap are not rebuilt on every
# rerun of the per-firm table (ui.lazytabs)
SCR_TABS = ("tab_per_firm", "tab_per_opp", "tab_cohort")
tab_firm, tab_opp, tab_cohort = lazy_tabs([t(k) for k in SCR_TABS], key="scr_tabs")
matched = screen_df[screen_df["region_id"].astype(str).str.len() > 0]  # firms with coverage none have one empty row


def where_labels(frame: pd.DataFrame) -> list[str]:
    """The "where" of each row as a person reads it: the region's name, or "전국 단위 (지역은 귀사 선택)" for a sector-level
    answer (``equivalent_regions`` lists ≥ 2 regions the reports cannot tell apart, issue 18) — never the name of the
    one region that stands in for them."""
    eq = frame["equivalent_regions"].fillna("").astype(str) if "equivalent_regions" in frame else None
    out = []
    for i, (rid, name) in enumerate(zip(frame["region_id"], frame["region_name"])):
        n = len([x for x in eq.iloc[i].split(";") if x]) if eq is not None else 0
        if n > 1:
            out.append(present.sector_level_region(n, code))  # no regional evidence: the firm's choice of n regions
        else:  # a firm with no match has one row without a region: nothing is shown there (not "nan")
            out.append("" if pd.isna(rid) or not str(rid) or pd.isna(name) else str(name))
    return out



def tie_rank_labels(frame: pd.DataFrame) -> list[str]:
    """``3위``/``공동 3위`` per row from the firm's tie groups (``recommender.report.rank_label``); empty when unranked."""
    if frame.empty or "tie_group" not in frame:
        return [""] * len(frame)
    key = [frame["firm_id"].astype(str), frame["tie_group"]]
    first = frame.groupby(key, dropna=False)["rank"].transform("min")
    size = frame.groupby(key, dropna=False)["rank"].transform("size")
    out = []
    for rank, f, n in zip(frame["rank"], first, size):
        if pd.isna(rank):
            out.append("")
        elif n > 1:
            out.append(f"공동 {int(f)}위" if code == "ko" else f"{int(f)} (tied)")
        else:
            out.append(f"{int(rank)}위" if code == "ko" else str(int(rank)))
    return out


if tab_firm.open:
    with tab_firm:
        query = st.text_input(t("firm_filter"), key="scr_filter", max_chars=100)
        view = screen_df
        if query.strip():
            q = query.strip().lower()
            hit = view["firm_id"].astype(str).str.lower().str.contains(q, regex=False) | view["firm_name"].astype(
                str).str.lower().str.contains(q, regex=False)  # fmt: skip
            view = view[hit]
        head = view.head(MAX_ROWS)
        shown = head[list(DISPLAY)].rename(columns={k: t(v) for k, v in DISPLAY.items()})
        shown[t("rank")] = tie_rank_labels(head)
        shown[t("region")] = where_labels(head)
        text_cols = shown.select_dtypes(include="object").columns  # a no-match row's empty cells read empty, not "None"
        shown[text_cols] = shown[text_cols].fillna("")
        if "coverage" in head:
            shown.insert(2, t("coverage_col"), [t("coverage_" + c) if c in ("ok", "weak", "none") else "" for c in head["coverage"]])
        # region and sector columns as wide as their longest entry ("any of 23 regions" was cut to "any of 23 regi",
        # "Autonomous driving" to "Autonomous drivi"); this table of many columns scrolls sideways rather than cut words
        fitted = {c: st.column_config.TextColumn(c, width=int(min(cap, max([text_px(str(x)) for x in shown[c]]
                                                                           + [text_px(c)]) + 24)))
                  for c, cap in ((t("region"), 220), (t("sector"), 240), (t("strategy"), 420))}  # fmt: skip
        st.dataframe(shown, hide_index=True, width="stretch", column_config={**NUMBER_FORMATS, **fitted})
        st.caption(t("rows_shown", shown=len(shown), total=len(view)) if len(shown) < len(view)
                   else t("rows_all_shown", total=len(view)))  # fmt: skip

if tab_opp.open:
    with tab_opp:
        st.markdown(f"**{t('opp_summary')}**")
        matched = matched.assign(where=where_labels(matched))  # a sector-level answer is its own row, not its stand-in's
        grouped = matched.groupby(["region_id", "sector_id", "where"], sort=False)
        summary = grouped.agg(firms=("firm_id", "nunique"), best=("score", "max"), mean=("score", "mean")).reset_index()
        # the best three firms by name (the id where a firm has no name): people read names, not ids
        names = matched["firm_name"].fillna("").astype(str)
        who = names.where(names.str.strip() != "", matched["firm_id"].astype(str))
        examples = (matched.assign(who=who).sort_values(["score", "firm_id"], ascending=[False, True])
                    .groupby(["region_id", "sector_id", "where"], sort=False)["who"]
                    .apply(lambda x: ", ".join(x.head(3))).rename("examples").reset_index())  # fmt: skip
        summary = summary.merge(examples, on=["region_id", "sector_id", "where"]).sort_values(
            ["firms", "best", "region_id", "sector_id"], ascending=[False, False, True, True])  # fmt: skip
        table = pd.DataFrame({
            t("region"): summary["where"].to_numpy(),
            t("sector"): [sector_name(kb, x) for x in summary["sector_id"]],
            t("firms"): summary["firms"].to_numpy(), t("best_score"): summary["best"].round(2).to_numpy(),
            t("mean_score"): summary["mean"].round(2).to_numpy(), t("example_firms"): summary["examples"].to_numpy(),
        })  # fmt: skip
        # fixed widths that fit 1,100 px, long cells (example firms, sector-level answers) wrapped, one precision
        wrapped_dataframe(table, {t("region"): 104 if code == "ko" else 110, t("sector"): 120,
                                  t("example_firms"): 180}, max_height=640, column_config={
            t("firms"): st.column_config.NumberColumn(t("firms"), width=64),
            t("best_score"): st.column_config.NumberColumn(t("best_score"), format="%.2f", width=86),
            t("mean_score"): st.column_config.NumberColumn(t("mean_score"), format="%.2f", width=86)})  # fmt: skip

        first = summary.iloc[0] if len(summary) else None
        regions, sectors = list(kb.regions), list(kb.sectors)
        for key, default in (("scr_opp_region", first["region_id"] if first is not None else regions[0]),
                             ("scr_opp_sector", first["sector_id"] if first is not None else sectors[0])):  # fmt: skip
            if st.session_state.get(key) not in (regions if key.endswith("region") else sectors):
                st.session_state[key] = default
        a, b = st.columns(2)
        region_id = a.selectbox(t("region"), regions, format_func=lambda r: region_name(kb, r), key="scr_opp_region")
        sector_id = b.selectbox(t("sector"), sectors, format_func=lambda x: sector_name(kb, x), key="scr_opp_sector")
        n_short = 20
        min_score = st.number_input(t("scr_min_score"), min_value=0.0, max_value=1.0, value=0.0, step=0.05,
                                    key="scr_min_score", help=t("scr_min_score_help"))  # fmt: skip
        short = compute.shortlist(run_key, batch.firms, s, region_id, sector_id, n_short, code, min_score or None)
        st.markdown(f"**{t('opp_shortlist', opp=f'{region_name(kb, region_id)} · {sector_name(kb, sector_id)}', n=n_short)}**")
        cols = {"rank": t("rank"), "firm_id": t("firm_id"), "firm_name": t("firm_name"), "score": t("score"),
                "fit": t("fit"), "risk": t("risk"), "strategy_name": t("strategy")}  # fmt: skip
        short_view = short[list(cols)].rename(columns=cols)
        if len(short) and "tie_group" in short:  # one opportunity: tie groups across firms ("공동 3위")
            short_view[t("rank")] = tie_rank_labels(short.assign(firm_id=""))
        wrapped_dataframe(short_view, {t("firm_id"): 104, t("firm_name"): 120, t("strategy"): 170}, max_height=720,
                          column_config={**NUMBER_FORMATS, t("rank"): st.column_config.TextColumn(t("rank"), width=60)})
        st.caption(t("risk_firm_adjusted_help"))
        if short.attrs:
            st.caption(t("scr_not_covered", n=short.attrs.get("not_covered", 0), excluded=short.attrs.get("excluded", 0)))
        st.caption(t("vintage_short", vintage=kb.vintage))
        s1, s2 = st.columns(2)
        s1.download_button(t("dl_shortlist_csv"), lambda: csv_bytes(exports.screening_frame(short, kb, code, own)),
                           f"shortlist_{region_id}_{sector_id}.csv", "text/csv",
                           key="scr_dl_short", on_click="ignore", icon=":material/download:")  # fmt: skip
        s2.download_button(t("dl_shortlist_xlsx"), lambda: exports.shortlist_xlsx(short, info, kb, code, own),
                           f"shortlist_{region_id}_{sector_id}.xlsx", XLSX_MIME,
                           key="scr_dl_short_xlsx", on_click="ignore", icon=":material/download:")  # fmt: skip

if tab_cohort.open:
    with tab_cohort:
        pivot = cohort_heatmap(matched)
        if pivot.empty:
            st.info(t("no_results"))
        else:
            long = pivot.stack().rename("value").reset_index()
            long["x"] = [sector_name(kb, x) for x in long["sector_id"]]
            long["y"] = [region_name(kb, r) for r in long["region_id"]]
            x_order = [sector_name(kb, x) for x in kb.sectors if x in set(long["sector_id"])]
            y_order = [region_name(kb, r) for r in kb.regions if r in set(long["region_id"])]
            charts.draw(charts.heatmap(long, t("chart_cohort"), t("sector"), t("region"), t("firms"), "oranges",
                                           x_order, y_order, fmt="d", domain=None), pad=170)  # fmt: skip
