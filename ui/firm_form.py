"""The firm form (page 1): basics, China experience, appetite, regions and the 14 capabilities as sliders.

Values live in session state under ``ff_*`` keys and survive page switches; the last submitted firm is kept under
:data:`RECORD_KEY` as a contract firm object (DESIGN.md contract 6).
"""

from __future__ import annotations

import re

import streamlit as st

from features.build import default_data_dir
from features.facts import CAPABILITY_KEYS
from features.firms import FirmInputError, read_firms
from ui.i18n import t
from ui.vocab import capability_help, capability_label, levels_help, region_name

RECORD_KEY = "rec_record"
RISKS = ("low", "medium", "high")
DEFAULTS: dict[str, object] = {
    "ff_firm_id": "MY-FIRM", "ff_name": "", "ff_employees": 50, "ff_revenue": 50.0, "ff_china_years": 0.0,
    "ff_china_entity": False, "ff_chinese_staff": 0, "ff_investment": 10.0, "ff_certs": "", "ff_risk": "medium",
    "ff_horizon": 3, "ff_preferred": [], "ff_excluded": [],
    **{f"ff_cap_{k}": 0 for k in CAPABILITY_KEYS},
}  # fmt: skip
PERSIST = {"persist_state": "session"}


def init_state() -> None:
    for k, v in DEFAULTS.items():
        st.session_state.setdefault(k, list(v) if isinstance(v, list) else v)


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
    s["ff_chinese_staff"] = int(record.get("chinese_speaking_staff", 0))
    s["ff_investment"] = float(record.get("investment_capacity_krw_100m", 0.0))
    s["ff_certs"] = "; ".join(record.get("certifications") or [])
    s["ff_risk"] = record.get("risk_tolerance", "medium") if record.get("risk_tolerance") in RISKS else "medium"
    s["ff_horizon"] = int(min(20, max(1, round(float(record.get("horizon_years", 3))))))
    s["ff_preferred"] = list(record.get("preferred_regions") or [])
    s["ff_excluded"] = list(record.get("excluded_regions") or [])
    for k in CAPABILITY_KEYS:
        s[f"ff_cap_{k}"] = int(caps.get(k, 0))
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


def render(kb) -> dict | None:
    """Draw the form; return the last submitted firm object (or None before the first submit)."""
    init_state()
    region_ids = list(kb.regions)
    c1, c2, _ = st.columns([1, 1, 2])
    c1.button(t("load_sample"), help=t("load_sample_help"), on_click=_load_sample, args=(kb.regions,), key="ff_sample")
    c2.button(t("reset_form"), on_click=_clear, key="ff_clear")
    with st.form("firm_form"):
        st.markdown(f"**{t('form_basics')}**")
        a, b, c, d = st.columns(4)
        a.text_input(t("f_firm_id"), key="ff_firm_id", help=t("f_firm_id_help"), max_chars=60, **PERSIST)
        b.text_input(t("f_name"), key="ff_name", max_chars=120, **PERSIST)
        c.number_input(t("f_employees"), min_value=0, max_value=10_000_000, step=10, key="ff_employees", **PERSIST)
        d.number_input(t("f_revenue"), min_value=0.0, max_value=1e9, step=10.0, key="ff_revenue", format="%g", **PERSIST)
        st.markdown(f"**{t('form_china')}**")
        a, b, c, d = st.columns(4)
        a.number_input(t("f_china_years"), min_value=0.0, max_value=100.0, step=1.0, key="ff_china_years", format="%g", **PERSIST)
        b.number_input(t("f_chinese_staff"), min_value=0, max_value=1_000_000, step=1, key="ff_chinese_staff", **PERSIST)
        c.number_input(t("f_investment"), min_value=0.0, max_value=1e9, step=5.0, key="ff_investment", format="%g",
                       help=t("f_investment_help"), **PERSIST)  # fmt: skip
        d.checkbox(t("f_china_entity"), key="ff_china_entity", **PERSIST)
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
        cols = st.columns(2)
        for i, k in enumerate(CAPABILITY_KEYS):
            cols[i % 2].slider(capability_label(k), 0, 5, step=1, key=f"ff_cap_{k}", help=capability_help(k), **PERSIST)
        st.form_submit_button(t("submit"), type="primary", on_click=_submit)
    return st.session_state.get(RECORD_KEY)


SCROLL_KEY = "_rec_scroll"


def _submit() -> None:
    """The submit button's callback: runs before the page is drawn, so the form can already be collapsed and the
    results scrolled into view in the same run."""
    st.session_state[RECORD_KEY] = record_from_state()
    st.session_state[SCROLL_KEY] = True
