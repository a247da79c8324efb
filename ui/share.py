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
from recommender.weights import PRESETS
from ui import firm_form, linkparse, settings, upload
from ui.i18n import LANG_KEY, t
from ui.text import md_escape, safe_filename

log = logging.getLogger("kocn.share")
APPLIED_KEY = "_share_applied"
NOTICE_KEY = "_share_notice"
MAX_PARAM = linkparse.MAX_PARAM  # characters of the encoded firm we accept (a firm is ~300 bytes compressed)


def profile_json(record: dict) -> bytes:
    """The firm object as pretty JSON (UTF-8, Korean kept readable)."""
    return json.dumps(record, ensure_ascii=False, indent=2).encode("utf-8")


def encode_firm(record: dict) -> str:
    raw = json.dumps(record, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8")
    return base64.urlsafe_b64encode(zlib.compress(raw, 9)).decode("ascii").rstrip("=")


def decode_firm(text: str) -> dict:
    """Inverse of :func:`encode_firm`, bounded (:func:`ui.linkparse.decode_firm`); ``ValueError`` on anything that
    is not a firm object within the bounds."""
    return linkparse.decode_firm(text)


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
    """Apply a shared link's firm, weights, method and language (call before any widget is drawn). Everything —
    reading the parameters included — runs inside the guard: a hostile link becomes a warning naming each value
    that was not applied (:mod:`ui.linkparse`), never an error page."""
    state = st.session_state
    try:
        qp = {k: st.query_params.get(k) for k in ("firm", "preset", "w", "method", "lang") if k in st.query_params}
        if not qp:
            return
        stamp = json.dumps(qp, sort_keys=True)
        if state.get(APPLIED_KEY) == stamp:
            return
        state[APPLIED_KEY] = stamp
        link = linkparse.parse_query(qp)
        if link.firm is not None:
            try:
                link.firm = validated(link.firm, regions)
            except Exception as exc:  # noqa: BLE001 - any failure of the firm is reported, not raised
                link.problems.append(linkparse.Problem("firm", "firm", "", linkparse.shown(exc, 200)))
                link.firm = None
        _apply(link, state)
        state[NOTICE_KEY] = ("link", link.loaded, link.problems)
    except Exception as exc:  # noqa: BLE001 - the guard: nothing in a link may take the page down
        state[NOTICE_KEY] = ("link", [], [linkparse.Problem("link", "", "", linkparse.shown(exc, 200))])


def _apply(link: linkparse.ParsedLink, state) -> None:
    if link.lang is not None:
        state[LANG_KEY] = link.lang == "en"
    if link.method is not None:
        state[settings.METHOD_KEY] = link.method
    if link.preset in PRESETS:
        state[settings.PRESET_KEY] = link.preset
        for c, k in settings.SLIDER_KEYS.items():
            state[k] = PRESETS[link.preset][c]
    elif link.preset == settings.CUSTOM and link.weights:
        state[settings.PRESET_KEY] = settings.CUSTOM
        for k, v in zip(settings.SLIDER_KEYS.values(), link.weights):
            state[k] = v
    if link.firm is not None:
        firm_form.load_record(link.firm)


def notice_text(loaded: list[str], problems: list) -> tuple[str, str]:
    """(``"success"`` | ``"warning"``, the sentence): what was loaded, and each value that was not, named."""
    parts = ", ".join(t(f"link_part_{p}") for p in loaded)
    if not problems:
        if {"firm", "weights"} <= set(loaded):
            return "success", t("shared_loaded")
        return "success", t("link_loaded_parts", parts=parts)
    why = "; ".join(t(f"link_problem_{p.code}", value=md_escape(p.value), reason=md_escape(p.reason))
                    for p in problems)  # fmt: skip
    if loaded:
        return "warning", t("link_partial", parts=parts, problems=why)
    if all(p.code == "firm_damaged" for p in problems):  # nothing usable and the firm cut short: one plain sentence
        return "warning", t("shared_bad_plain")
    return "warning", t("shared_bad", msg=why)


def show_notice() -> None:
    notice = st.session_state.pop(NOTICE_KEY, None)
    if notice is None:
        return
    if notice[0] == "link":
        kind, text = notice_text(notice[1], notice[2])
        if kind == "success":
            st.success(text, icon=":material/link:")
        else:
            st.warning(text, icon=":material/link_off:")


def _load_uploaded(regions) -> None:
    up = st.session_state.get("share_profile_up")
    if up is None:
        return
    try:
        if getattr(up, "size", 0) > linkparse.MAX_PROFILE_BYTES:  # bounded before the bytes are touched
            raise linkparse.LinkError(f"the file is {up.size:,} bytes; a firm profile is at most "
                                      f"{linkparse.MAX_PROFILE_BYTES:,}")  # fmt: skip
        record = validated(linkparse.read_profile(up.getvalue()), regions)
    except Exception as exc:  # noqa: BLE001 - a hostile file is reported, never a traceback
        st.session_state["_profile_load"] = ("bad", linkparse.shown(exc, 200))
        return
    firm_form.load_record(record)
    st.session_state["_profile_load"] = ("ok", linkparse.shown(record.get("name") or record.get("firm_id"), 120))


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
