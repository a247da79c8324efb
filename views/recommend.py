"""기업 맞춤 추천 — one firm (a form or an uploaded file) → top opportunities with explanations and downloads."""

import streamlit as st

from features.firms import FirmInputError, firms_from_records, read_firms
from ui import compute, data, firm_form, results, settings, upload
from ui.i18n import t

kb = data.knowledge()
st.title(t("rec_title"))
st.caption(t("rec_intro"))

st.session_state.setdefault("rec_mode", "form")
mode = st.radio(t("input_mode"), ("form", "upload"), format_func=lambda m: t("mode_" + m), key="rec_mode",
                horizontal=True, persist_state="session")  # fmt: skip


def uploaded_record() -> dict | None:
    up = st.file_uploader(t("rec_upload"), type=["json", "csv", "xlsx"], key="rec_upload", help=t("rec_upload_help"))
    if up is None:
        st.info(t("rec_upload_prompt"))
        return None
    try:
        batch = read_firms(up.name, kb.regions, data=up.getvalue())
    except FirmInputError as exc:
        upload.show_unusable(exc)
        return None
    if batch.rejected or batch.warnings:
        upload.validation_report(batch, key="rec_val")
    if batch.accepted == 0:
        return None
    labels = [f"{fid} — {name}" if name else str(fid) for fid, name in zip(batch.firms.firm_id, batch.firms.name)]
    i = st.selectbox(t("rec_pick_firm"), range(len(labels)), format_func=lambda j: labels[j], key="rec_pick")
    record = batch.firms.firm(int(i))
    st.button(t("to_form"), on_click=firm_form.load_record, args=(record,), key="rec_to_form")
    return record


record = firm_form.render(kb) if mode == "form" else uploaded_record()

if record is None:
    if mode == "form":
        st.info(t("rec_fill_form"))
    st.stop()

batch = firms_from_records([record], kb.regions)
if batch.accepted == 0:
    st.error(t("form_invalid"))
    upload.validation_report(batch, key="rec_form_val")
    st.stop()

st.divider()
top = st.columns([1, 2])[0].slider(t("top_n"), 3, 10, 5, key="rec_top", persist_state="session")
firm = batch.firms.firm(0)
result = compute.recommend(firm, settings.current(), top)
results.render(result, kb, top, firm=firm)
