"""The firm form (page 1): basics, China experience, appetite, regions and the capabilities as sliders — which an
industry code (KSIC picker) and a products line can pre-fill as estimates, labelled 추정 until the user moves them.

Values live in session state under ``ff_*`` keys and survive page switches; the last submitted firm is kept under
:data:`RECORD_KEY` as a contract firm object (DESIGN.md contract 6).
"""

from __future__ import annotations

import re

import streamlit as st

from features.build import default_data_dir
from features.facts import CAPABILITY_KEYS
from features.firms import FirmInputError, read_firms
from recommender.present import reason_text
from ui.i18n import t
from ui.vocab import capability_help, capability_label, levels_help, region_name

RECORD_KEY = "rec_record"
RISKS = ("low", "medium", "high")
DEFAULTS: dict[str, object] = {
    "ff_firm_id": "MY-FIRM", "ff_name": "", "ff_employees": 50, "ff_revenue": 50.0, "ff_china_years": 0.0,
    "ff_china_entity": False, "ff_chinese_staff": 0, "ff_investment": 10.0, "ff_certs": "", "ff_risk": "medium",
    "ff_horizon": 3, "ff_preferred": [], "ff_excluded": [], "ff_ksic": None, "ff_products": "", "ff_entity_region": None,
    **{f"ff_cap_{k}": 0 for k in CAPABILITY_KEYS},
}  # fmt: skip
#: session key of the last estimate: {"values": {key: level}, "reason": str} (issue 17)
INFERRED_KEY = "ff_inferred"
PERSIST = {"persist_state": "session"}


def init_state() -> None:
    for k, v in DEFAULTS.items():
        st.session_state.setdefault(k, list(v) if isinstance(v, list) else v)
    st.session_state.setdefault(INFERRED_KEY, {})


@st.cache_data(show_spinner=False)
def ksic_options(lang: str) -> tuple[list[str], dict[str, str]]:
    """KSIC codes in code order and ``code → "code · name"`` for the picker (classes and subclasses of both
    revisions, divisions and groups too)."""
    from features.firms.ksic import load_ksic

    pairs = load_ksic().options(lang)
    return [c for c, _ in pairs], dict(pairs)


def estimated_keys() -> set[str]:
    """Capabilities whose slider still holds the estimate (not moved by the user since)."""
    s = st.session_state
    values = (s.get(INFERRED_KEY) or {}).get("values", {})
    return {k for k, v in values.items() if int(s.get(f"ff_cap_{k}", 0)) == int(v)}


def _estimate() -> None:
    """Estimate the capabilities from the KSIC code and products (a callback: before the sliders are drawn)."""
    from features.firms.infer import default_inferrer
    from features.firms.ksic import load_ksic, normalise_code

    s = st.session_state
    code, _ = normalise_code(s.get("ff_ksic") or "", load_ksic())
    products = str(s.get("ff_products") or "").strip()
    if not code and not products:
        s[INFERRED_KEY] = {"values": {}, "reason": "", "empty": True}
        return
    res = default_inferrer().infer(code, products)
    values = {k: int(v) for k, v in zip(CAPABILITY_KEYS, res.values)}
    for k, v in values.items():
        s[f"ff_cap_{k}"] = v
    s[INFERRED_KEY] = {"values": values, "reason": res.reason}


def record_from_state() -> dict:
    """The contract firm object for the form's current values."""
    s = st.session_state
    certs = [c.strip() for c in re.split(r"[;,]", str(s["ff_certs"])) if c.strip()]
    return {
        "firm_id": str(s["ff_firm_id"]).strip(), "name": str(s["ff_name"]).strip(),
        "employees": int(s["ff_employees"]), "revenue_krw_100m": float(s["ff_revenue"]),
        "china_experience_years": float(s["ff_china_years"]), "has_china_entity": bool(s["ff_china_entity"]),
        "chinese_speaking_staff": int(s["ff_chinese_staff"]), "investment_capacity_krw_100m": float(s["ff_investment"]),
        "certifications": certs, "risk_tolerance": s["ff_risk"], "horizon_years": float(s["ff_horizon"]),
        "preferred_regions": list(s["ff_preferred"]), "excluded_regions": list(s["ff_excluded"]),
        "capabilities": {k: int(s[f"ff_cap_{k}"]) for k in CAPABILITY_KEYS},
        "industry_code": str(s.get("ff_ksic") or ""), "products": str(s.get("ff_products") or "").strip(),
        # where the entity is (panels 31 S1/S3, 32 P08): only with an entity and a region chosen
        **({"china_entity_region": s["ff_entity_region"]}
           if s["ff_china_entity"] and s.get("ff_entity_region") else {}),
        # a slider still at its estimate stays an estimate: the reader infers it again and marks it inferred
        **({"capability_sources": {k: ("inferred" if k in est else "given") for k in CAPABILITY_KEYS}}
           if (est := estimated_keys()) else {}),
    }  # fmt: skip


def load_record(record: dict, submit: bool = True) -> None:
    """Put a firm object into the form (a widget callback: runs before the widgets are drawn)."""
    s = st.session_state
    caps = record.get("capabilities") or {}
    s["ff_firm_id"] = str(record.get("firm_id", ""))
    s["ff_name"] = str(record.get("name", ""))
    s["ff_employees"] = int(record.get("employees", 0))
    s["ff_revenue"] = float(record.get("revenue_krw_100m", 0.0))
    s["ff_china_years"] = float(record.get("china_experience_years", 0.0))
    s["ff_china_entity"] = bool(record.get("has_china_entity", False))
    s["ff_entity_region"] = (record.get("china_entity_region") or None) if s["ff_china_entity"] else None
    s["ff_chinese_staff"] = int(record.get("chinese_speaking_staff", 0))
    s["ff_investment"] = float(record.get("investment_capacity_krw_100m", 0.0))
    s["ff_certs"] = "; ".join(record.get("certifications") or [])
    s["ff_risk"] = record.get("risk_tolerance", "medium") if record.get("risk_tolerance") in RISKS else "medium"
    s["ff_horizon"] = int(min(20, max(1, round(float(record.get("horizon_years", 3))))))
    s["ff_preferred"] = list(record.get("preferred_regions") or [])
    s["ff_excluded"] = list(record.get("excluded_regions") or [])
    for k in CAPABILITY_KEYS:
        s[f"ff_cap_{k}"] = int(caps.get(k, 0))
    s["ff_ksic"] = str(record.get("industry_code") or "") or None
    s["ff_products"] = str(record.get("products") or "")
    srcs = record.get("capability_sources") or {}
    inferred = {k: int(caps.get(k, 0)) for k in CAPABILITY_KEYS if srcs.get(k) not in (None, "given", "none")}
    s[INFERRED_KEY] = {"values": inferred, "reason": str(record.get("capability_reason") or "")} if inferred else {}
    if submit:
        s[RECORD_KEY] = record_from_state()
        s[SCROLL_KEY] = True
    s["rec_mode"] = "form"


def sample_record(regions) -> dict | None:
    path = default_data_dir() / "samples" / "firm.json"
    try:
        batch = read_firms(path, regions)
    except (FirmInputError, OSError):
        return None
    return batch.firms.firm(0) if batch.accepted else None


def _load_sample(regions) -> None:
    rec = sample_record(regions)
    if rec is not None:
        load_record(rec)


def _clear() -> None:
    for k, v in DEFAULTS.items():
        st.session_state[k] = list(v) if isinstance(v, list) else v
    st.session_state.pop(RECORD_KEY, None)
    st.session_state[INFERRED_KEY] = {}


def _industry_section() -> None:
    """KSIC picker (searchable, "code · name"), products line and the estimate button — outside the form, so the
    estimate fills the sliders at once (issue 17)."""
    from ui.i18n import lang

    codes, labels = ksic_options(lang())
    st.markdown(f"**{t('form_industry')}**")
    a, b, c = st.columns([2, 3, 1])
    current = st.session_state.get("ff_ksic")
    if current and current not in labels:  # a code the table does not know (kept, shown as written)
        codes, labels = [current, *codes], {**labels, current: current}
    a.selectbox(t("f_ksic"), codes, format_func=lambda c: labels.get(c, c), index=None, key="ff_ksic",
                placeholder=t("f_ksic_placeholder"), help=t("f_ksic_help"), **PERSIST)  # fmt: skip
    b.text_input(t("f_products"), key="ff_products", max_chars=300, help=t("f_products_help"), **PERSIST)
    c.button(t("f_estimate"), on_click=_estimate, help=t("f_estimate_help"), key="ff_estimate_btn")
    info = st.session_state.get(INFERRED_KEY) or {}
    if info.get("empty"):
        st.caption(t("estimate_nothing"))
    elif info.get("reason"):
        st.caption(t("estimate_reason", reason=info["reason"]))


def _entity_section(kb) -> None:
    """The China entity: the yes/no box and, once it is ticked, where the entity is (``china_entity_region``) —
    outside the form, so the region picker appears as soon as the box is ticked. Panels 31 S1/S3 and 32 P08: an
    answer for Shanghai ticked "중국 법인: 있음" for an entity in Liaoning; with the region the answer names it and
    says when it is elsewhere (text only, scores unchanged)."""
    a, b, _ = st.columns([1, 1, 2])
    a.checkbox(t("f_china_entity"), key="ff_china_entity", **PERSIST)
    if st.session_state.get("ff_china_entity"):
        region_ids = list(kb.regions)
        if st.session_state.get("ff_entity_region") not in (None, *region_ids):
            st.session_state["ff_entity_region"] = None
        b.selectbox(t("f_entity_region"), region_ids, format_func=lambda rid: f"{region_name(kb, rid)} ({rid})",
                    index=None, key="ff_entity_region", placeholder=t("choose"), help=t("f_entity_region_help"),
                    **PERSIST)  # fmt: skip


def render(kb) -> dict | None:
    """Draw the form; return the last submitted firm object (or None before the first submit)."""
    init_state()
    region_ids = list(kb.regions)
    c1, c2, _ = st.columns([1, 1, 2])
    c1.button(t("load_sample"), help=t("load_sample_help"), on_click=_load_sample, args=(kb.regions,), key="ff_sample")
    c2.button(t("reset_form"), on_click=_clear, key="ff_clear")
    _industry_section()
    st.markdown(f"**{t('form_entity')}**")
    _entity_section(kb)
    with st.form("firm_form"):
        st.markdown(f"**{t('form_basics')}**")
        a, b, c, d = st.columns(4)
        a.text_input(t("f_firm_id"), key="ff_firm_id", help=t("f_firm_id_help"), max_chars=60, **PERSIST)
        b.text_input(t("f_name"), key="ff_name", max_chars=120, **PERSIST)
        c.number_input(t("f_employees"), min_value=0, max_value=10_000_000, step=10, key="ff_employees", **PERSIST)
        d.number_input(t("f_revenue"), min_value=0.0, max_value=1e9, step=10.0, key="ff_revenue", format="%g", **PERSIST)
        st.markdown(f"**{t('form_china')}**")
        a, b, c = st.columns(3)
        a.number_input(t("f_china_years"), min_value=0.0, max_value=100.0, step=1.0, key="ff_china_years", format="%g", **PERSIST)
        b.number_input(t("f_chinese_staff"), min_value=0, max_value=1_000_000, step=1, key="ff_chinese_staff", **PERSIST)
        c.number_input(t("f_investment"), min_value=0.0, max_value=1e9, step=5.0, key="ff_investment", format="%g",
                       help=t("f_investment_help"), **PERSIST)  # fmt: skip
        st.markdown(f"**{t('form_prefs')}**")
        a, b, c = st.columns(3)
        a.select_slider(t("f_risk"), RISKS, format_func=lambda r: t("risk_" + r), key="ff_risk", help=t("f_risk_help"),
                        **PERSIST)  # fmt: skip
        b.slider(t("f_horizon"), 1, 20, step=1, key="ff_horizon", help=t("f_horizon_help"), **PERSIST)
        c.text_input(t("f_certs"), key="ff_certs", help=t("f_certs_help"), max_chars=200, **PERSIST)
        a, b = st.columns(2)
        name = lambda rid: f"{region_name(kb, rid)} ({rid})"  # noqa: E731
        a.multiselect(t("f_preferred"), region_ids, format_func=name, key="ff_preferred", help=t("f_preferred_help"),
                      placeholder=t("choose"),
                      **PERSIST)  # fmt: skip
        b.multiselect(t("f_excluded"), region_ids, format_func=name, key="ff_excluded", help=t("f_excluded_help"),
                      placeholder=t("choose"),
                      **PERSIST)  # fmt: skip
        st.markdown(f"**{t('form_caps')} ({levels_help()})**")
        estimated = estimated_keys()
        if estimated:
            st.caption(t("estimate_note"))
        cols = st.columns(2)
        for i, k in enumerate(CAPABILITY_KEYS):
            shown = k in estimated and int(st.session_state.get(f"ff_cap_{k}", 0)) > 0  # an estimated 0 says nothing
            label = capability_label(k) + (f" ({t('estimated')})" if shown else "")
            cols[i % 2].slider(label, 0, 5, step=1, key=f"ff_cap_{k}", help=capability_help(k), **PERSIST)
        st.form_submit_button(t("submit"), type="primary", on_click=_submit)
    return st.session_state.get(RECORD_KEY)


SCROLL_KEY = "_rec_scroll"


def _submit() -> None:
    """The submit button's callback: runs before the page is drawn, so the form can already be collapsed and the
    results scrolled into view in the same run."""
    st.session_state[RECORD_KEY] = record_from_state()
    st.session_state[SCROLL_KEY] = True


def show_provenance(result: dict, firm: dict, kb=None) -> None:
    """Above the results: that the capabilities are estimates (추정) to confirm, and — for an industry the reports
    do not treat — the honest answer with the passages that touch it, cited (issue 17)."""
    from ui.i18n import lang

    if firm.get("capability_source") in ("inferred", "mixed"):
        st.info(t("estimate_note") + (f"  \n{t('estimate_reason', reason=reason_text(firm['capability_reason'], lang()))}"
                                       if firm.get("capability_reason") else ""), icon=":material/lightbulb:")  # fmt: skip
    scope = result.get("industry_scope") or {}
    if scope.get("message"):
        from recommender.reading import scope_message  # panel 6: a plain ending when no passage touches it

        st.warning(scope_message(scope, lang()), icon=":material/info:")
        if scope.get("b2b_supply_note"):  # panel 34 F12, 31 K4: a B2B supplier of brands is told so
            st.info(scope["b2b_supply_note"][lang()], icon=":material/handshake:")
        hint = scope.get("consumer_channel_hint")
        if hint:  # panel 28 F10/F15: a consumer-goods maker is told how the reports' e-commerce route is reached
            from ui.evidence import citations

            st.info(f"{hint[lang()]} ({citations(hint['evidence'], kb) if kb is not None else ''})".replace(" ()", ""),
                    icon=":material/storefront:")  # fmt: skip
        with st.expander(f"{t('scope_title')}: {scope['industry'][lang()]}", expanded=True):
            from ui.evidence import citation
            from ui.text import md_escape

            for r in scope.get("related", []):
                st.markdown(f"> {md_escape(r['text'])}")
                st.caption(citation(r, kb) if kb is not None else f"{r['doc_id']} {r['line_start']}–{r['line_end']}")
