"""Save, reload and share a firm (issue 10, item 6): the firm profile as a JSON file (DESIGN.md contract 6, the
same object ``python -m recommender recommend FIRM.json`` reads), and a link whose query parameters restore the firm,
the weights, the method and the language.

Query parameters (``st.query_params``):
``firm``   the firm object as compact JSON, zlib-compressed, base64url without padding;
``preset`` a weight preset name, or ``custom`` with ``w=fit,policy,demand,risk`` (numbers 0–1);
``method`` ``wsm`` | ``topsis``;  ``lang`` ``ko`` | ``en``.
A link is applied once per session and distinct query string; a broken one is reported and ignored.
"""

from __future__ import annotations

import base64
import json
import logging
import zlib

import streamlit as st

from features.firms import FirmInputError, read_firms
from recommender.weights import COMPONENTS, PRESETS
from ui import firm_form, settings, upload
from ui.i18n import LANG_KEY, t
from ui.text import md_escape, safe_filename

log = logging.getLogger("kocn.share")
APPLIED_KEY = "_share_applied"
NOTICE_KEY = "_share_notice"
MAX_PARAM = 8000  # characters of the encoded firm we accept (a firm is ~300 bytes compressed)


def profile_json(record: dict) -> bytes:
    """The firm object as pretty JSON (UTF-8, Korean kept readable)."""
    return json.dumps(record, ensure_ascii=False, indent=2).encode("utf-8")


def encode_firm(record: dict) -> str:
    raw = json.dumps(record, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8")
    return base64.urlsafe_b64encode(zlib.compress(raw, 9)).decode("ascii").rstrip("=")


def decode_firm(text: str) -> dict:
    """Inverse of :func:`encode_firm`; raises ``ValueError`` on anything that is not a firm object."""
    if len(text) > MAX_PARAM:
        raise ValueError("too long")
    try:
        raw = zlib.decompress(base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)), bufsize=65536)
        obj = json.loads(raw.decode("utf-8"))
    except (ValueError, zlib.error, UnicodeDecodeError) as exc:
        raise ValueError(str(exc) or type(exc).__name__) from None
    if not isinstance(obj, dict):
        raise ValueError("not a firm object")
    return obj


def validated(record_or_bytes, regions, name: str = "firm.json") -> dict:
    """One valid firm object from a dict or JSON bytes, through the same validation as every input
    (``features.firms.read_firms``); raises ``ValueError`` with the reason otherwise."""
    data = record_or_bytes if isinstance(record_or_bytes, bytes) else json.dumps(record_or_bytes).encode("utf-8")
    try:
        batch = read_firms(name, regions, data=data)
    except FirmInputError as exc:
        raise ValueError(str(exc)) from None
    if batch.accepted == 0:
        reasons = "; ".join(f"{e.column}: {e.reason}" for e in batch.rejected[:3])
        raise ValueError(reasons or "no firm")
    return batch.firms.firm(0)


def share_params(record: dict, s: settings.Settings, lang_code: str) -> dict[str, str]:
    params = {"firm": encode_firm(record), "preset": s.preset, "method": s.method, "lang": lang_code}
    if s.preset not in PRESETS:  # the sliders as set (the engine normalises them), fit, policy, demand, risk
        params["w"] = ",".join(f"{float(st.session_state.get(k, 0.0)):.2f}" for k in settings.SLIDER_KEYS.values())
    return params


def restore_from_query(regions) -> None:
    """Apply a shared link's firm, weights, method and language (call before any widget is drawn)."""
    qp = st.query_params
    keys = ("firm", "preset", "w", "method", "lang")
    if not any(k in qp for k in keys):
        return
    stamp = json.dumps({k: qp.get(k) for k in keys}, sort_keys=True)
    if st.session_state.get(APPLIED_KEY) == stamp:
        return
    st.session_state[APPLIED_KEY] = stamp
    state = st.session_state
    try:
        if qp.get("lang") in ("ko", "en"):
            state[LANG_KEY] = qp.get("lang") == "en"
        if qp.get("method") in ("wsm", "topsis"):
            state[settings.METHOD_KEY] = qp.get("method")
        preset = qp.get("preset")
        if preset in PRESETS:
            state[settings.PRESET_KEY] = preset
            for c, k in settings.SLIDER_KEYS.items():
                state[k] = PRESETS[preset][c]
        elif preset == settings.CUSTOM or qp.get("w"):
            values = [float(x) for x in str(qp.get("w", "")).split(",")]
            if len(values) != len(COMPONENTS) or not all(0 <= v <= 1 for v in values) or sum(values) <= 0:
                raise ValueError(f"w must be {len(COMPONENTS)} numbers 0–1")
            state[settings.PRESET_KEY] = settings.CUSTOM
            for k, v in zip(settings.SLIDER_KEYS.values(), values):
                state[k] = round(round(v / 0.05) * 0.05, 2)  # the sliders' 0.05 grid
        if qp.get("firm"):
            record = validated(decode_firm(str(qp.get("firm"))), regions)
            firm_form.load_record(record)
        state[NOTICE_KEY] = ("ok", "")
    except (ValueError, TypeError) as exc:
        state[NOTICE_KEY] = ("bad", str(exc))


def show_notice() -> None:
    notice = st.session_state.pop(NOTICE_KEY, None)
    if notice is None:
        return
    if notice[0] == "ok":
        st.success(t("shared_loaded"), icon=":material/link:")
    else:  # one plain sentence; the decoder's own words ("Invalid base64-encoded string …") go to the log only
        log.info("a shared link was ignored: %s", notice[1])
        st.warning(t("shared_bad_plain"), icon=":material/link_off:")


def _load_uploaded(regions) -> None:
    up = st.session_state.get("share_profile_up")
    if up is None:
        return
    try:
        record = validated(up.getvalue(), regions, name=up.name if up.name.endswith(".json") else "firm.json")
    except ValueError as exc:
        st.session_state["_profile_load"] = ("bad", str(exc))
        return
    firm_form.load_record(record)
    st.session_state["_profile_load"] = ("ok", record.get("name") or record.get("firm_id"))


def render(record: dict | None, regions, s: settings.Settings, lang_code: str) -> None:
    """The save / load / share controls (an expander on the recommend page)."""
    with st.expander(t("save_share"), icon=":material/save:"):
        a, b, c = st.columns([1, 1.4, 1])
        if record:
            a.download_button(t("dl_profile"), profile_json(record), f"firm_{safe_filename(record.get('firm_id'))}.json",
                              "application/json", key="dl_profile", on_click="ignore", icon=":material/download:")  # fmt: skip
        with b:
            upload.localise_uploader("share_profile_up", ["json"])
        b.file_uploader(t("load_profile"), type=["json"], key="share_profile_up", help=t("load_profile_help"),
                        on_change=_load_uploaded, args=(regions,))  # fmt: skip
        done = st.session_state.pop("_profile_load", None)
        if done and done[0] == "ok":
            b.success(t("profile_loaded", firm=md_escape(done[1])))
        elif done:
            b.error(t("profile_bad", msg=md_escape(done[1])))
        if record and c.button(t("share_link"), key="share_btn", help=t("share_help"), icon=":material/link:"):
            params = share_params(record, s, lang_code)
            st.query_params.from_dict(params)
            st.session_state[APPLIED_KEY] = json.dumps({k: params.get(k) for k in ("firm", "preset", "w", "method",
                                                                                  "lang")}, sort_keys=True)  # fmt: skip
            base = (st.context.url or "").split("?")[0]
            query = "&".join(f"{k}={v}" for k, v in params.items())
            c.caption(t("share_ready"))
            st.code(f"{base}?{query}", language=None, wrap_lines=True)
