"""기업 맞춤 추천 — one firm (a form, a saved profile, a shared link or an uploaded file) → top opportunities with
explanations, a side-by-side comparison, downloads and a print view.

After a submit the form folds into an expander and the page scrolls to the results (issue 10, item 7); a firm with
no capability is refused with a prompt (item 1)."""

import streamlit as st

from features.firms import FirmInputError, read_firms
from ui import compute, data, decisions, firm_form, printview, settings, share, upload
from ui.i18n import lang, t
from ui.text import md_escape

kb = data.knowledge()
FORM_OPENED = "_rec_form_opened"  # the folded form's box was opened since the last submit (issue 19)
printing = printview.active()
if printing:
    printview.inject_css()
st.title(t("rec_title"))
st.caption(t("rec_intro"))
if share.NOTICE_KEY in st.session_state:  # a link's notice shows once: the next change reruns the whole page
    settings.hold_full_rerun()
share.show_notice()


def uploaded_record() -> dict | None:
    types = ["json", "csv", "xlsx"]
    upload.localise_uploader("rec_upload", types)
    up = st.file_uploader(t("rec_upload"), type=types, key="rec_upload", help=t("rec_upload_help"))
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


with st.container(key="rec_inputs"):
    st.session_state.setdefault("rec_mode", "form")
    mode = st.radio(t("input_mode"), ("form", "upload"), format_func=lambda m: t("mode_" + m), key="rec_mode",
                    horizontal=True, persist_state="session")  # fmt: skip
    if mode == "form":
        submitted = st.session_state.get(firm_form.RECORD_KEY)
        folded = bool(submitted) and not decisions.is_empty_firm(submitted)  # a refused firm keeps the form open
        title = (t("form_box_done", firm=md_escape(submitted.get("name") or submitted.get("firm_id")))
                 if folded else t("form_box_new"))  # fmt: skip
        # lazy once folded (issue 19): the form — its KSIC picker alone is 88 kB of options — is 70 % of the results
        # page's bytes. Folded after a submit, it is built only once its box has been opened (then it stays built
        # until the next submit, so edits not yet submitted survive closing the box). Its values live in session
        # state (persist_state), so nothing is lost while it is not drawn.
        if st.session_state.get(firm_form.SCROLL_KEY):  # a new submit folds the form again
            st.session_state.pop("rec_form_box_done", None)
            st.session_state.pop(FORM_OPENED, None)
        if folded:
            box = st.expander(title, expanded=False, icon=":material/edit_note:", key="rec_form_box_done",
                              on_change="rerun")  # fmt: skip
            if box.open:
                st.session_state[FORM_OPENED] = True
            if st.session_state.get(FORM_OPENED):
                with box:
                    record = firm_form.render(kb)
            else:
                record = submitted
        else:
            with st.expander(title, expanded=True, icon=":material/edit_note:"):
                record = firm_form.render(kb)
    else:
        record = uploaded_record()
    share.render(record, kb.regions, settings.current(), lang())

if record is None:
    if mode == "form":
        # icon="" (no icon, as before): without it Streamlit looks for a leading emoji in the Korean text and loads
        # its emoji catalogue — ≈ 0.2–0.6 s of a cold server's first page (issue 19)
        st.info(t("rec_fill_form"), icon="")
    st.stop()

if decisions.is_empty_firm(record):
    st.warning(t("empty_firm"), icon=":material/edit_note:")
    st.stop()

batch = compute.validated(record)  # cached per firm and data version
if batch.accepted == 0:
    st.error(t("form_invalid"))
    upload.validation_report(batch, key="rec_form_val")
    st.stop()

st.divider()
with st.container(key="rec_controls"):
    top = st.columns([1, 2])[0].slider(t("top_n"), 3, 10, 5, key="rec_top", persist_state="session")
firm = batch.firms.firm(0)
result = compute.recommend(firm, settings.current(), top)
from recommender.industry_scope import apply_industry_gate, industry_scope  # noqa: E402 - issue 17

result = apply_industry_gate(result, firm, industry_scope(kb, firm))
firm_form.show_provenance(result, firm, kb)
printview.toggle()
from ui import compare, results  # noqa: E402 - charts (Altair) load only once there are results: a faster first render


@st.fragment(key="kocn_results")
def _results(firm: dict, top: int) -> None:
    """The results: rerun alone when the weights or the method change (issue 19; ``ui.settings.register_scored``)."""
    if not st.session_state.get("share_btn"):  # a share link just shown goes on the next change (a full rerun)
        settings.register_scored("kocn_results")
    result = apply_industry_gate(compute.recommend(firm, settings.current(), top), firm, industry_scope(kb, firm))
    with st.container(key="kocn_results"):  # the class st-key-kocn_results is the scroll target
        if printing:
            printview.render(result, firm, kb)
        else:
            results.render(result, kb, top, firm=firm)
            compare.render(result, kb)


_results(firm, top)
if st.session_state.pop(firm_form.SCROLL_KEY, False) and not printing:
    # the app's own constant script (no user text): bring the results into view after a submit
    st.html("<script>document.querySelector('.st-key-kocn_results')?.scrollIntoView({block: 'start'});</script>",
            unsafe_allow_javascript=True)  # fmt: skip
