"""The sidebar: language toggle, weight presets and sliders, aggregation method. Widgets keep their values for the
whole session (``persist_state="session"``); pages read the current choice with :func:`current`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import streamlit as st

from recommender.weights import COMPONENTS, DEFAULT_PRESET, PRESETS, Weights, WeightsError, make_weights, preset_weights
from ui.i18n import LANG_KEY, t

PRESET_KEY = "preset"
METHOD_KEY = "method"
CUSTOM = "custom"
PRESET_OPTIONS = (*PRESETS, CUSTOM)
SLIDER_KEYS = {c: f"w_{c}" for c in COMPONENTS}


@dataclass(frozen=True)
class Settings:
    weights: Weights
    method: str
    preset: str  # a preset name or "custom"
    weights_ok: bool = True

    @property
    def key(self) -> tuple:
        """Hashable identity of the scoring choice (for caches)."""
        return (*self.weights.vector().round(6).tolist(), self.weights.preset, self.method)


def _init_state() -> None:
    st.session_state.setdefault(PRESET_KEY, DEFAULT_PRESET)
    st.session_state.setdefault(METHOD_KEY, "wsm")
    for c, k in SLIDER_KEYS.items():
        st.session_state.setdefault(k, PRESETS[DEFAULT_PRESET][c])


def _apply_preset() -> None:
    name = st.session_state.get(PRESET_KEY)
    if name in PRESETS:
        for c, k in SLIDER_KEYS.items():
            st.session_state[k] = PRESETS[name][c]
    _rerun_scored()


def _mark_custom() -> None:
    name = st.session_state.get(PRESET_KEY)
    if name in PRESETS and any(abs(st.session_state[k] - PRESETS[name][c]) > 1e-9 for c, k in SLIDER_KEYS.items()):
        st.session_state[PRESET_KEY] = CUSTOM
    _rerun_scored()


# Issue 19: a weights or method change reruns only what the weights change. On a page that registered its scored
# part (a fragment, see register_scored) the sidebar's weight controls (a fragment of their own) and that part rerun;
# anywhere else the whole app reruns, as before.
WEIGHTS_FRAGMENT = "kocn_weights"
SCORED_PARTS = "_kocn_scored_parts"  # fragment keys registered in the last full run (reset by begin_run)


def begin_run() -> None:
    """At the start of every full run: no scored part registered yet."""
    st.session_state[SCORED_PARTS] = []


def register_scored(key: str) -> None:
    """A fragment ``key`` drawn in this run shows numbers the weights and the method change (and nothing else on the
    page does): a weights/method change reruns it with the sidebar's controls instead of the whole app."""
    parts = st.session_state.get(SCORED_PARTS, [])
    if parts is not None and key not in parts:  # None: held for a full rerun (hold_full_rerun)
        st.session_state[SCORED_PARTS] = [*parts, key]


def hold_full_rerun() -> None:
    """Something on the page this run (a notice shown once, a share link) must go on the next change: the next
    weights/method change reruns the whole app."""
    st.session_state[SCORED_PARTS] = None


def _rerun_scored() -> None:
    parts = st.session_state.get(SCORED_PARTS)
    if parts:
        st.rerun([WEIGHTS_FRAGMENT, *parts])
    st.rerun()


def current() -> Settings:
    """The weights and method chosen in the sidebar (valid even before the sidebar has been drawn)."""
    _init_state()
    preset = st.session_state[PRESET_KEY]
    method = st.session_state[METHOD_KEY]
    if preset in PRESETS:
        return Settings(preset_weights(preset), method, preset)
    try:
        w = make_weights({c: float(st.session_state[k]) for c, k in SLIDER_KEYS.items()})
        return Settings(w, method, CUSTOM)
    except WeightsError:
        return Settings(preset_weights(DEFAULT_PRESET), method, CUSTOM, weights_ok=False)


def preset_label(name: str) -> str:
    return t(f"preset_{name}")


def weights_text(w: Weights) -> str:
    return " · ".join(f"{t('w_' + c)} {v:.2f}" for c, v in w.as_dict().items())


# Widgets whose option labels depend on the language. Streamlit's frontend reports a choice by its label, so after
# a language switch it would report a label of the other language; re-setting the values in the toggle's callback
# (still decoded with the old labels) makes the server send the right choice back.
RELABEL_KEYS = ("preset", "method", "rec_mode", "ff_risk", "ff_preferred", "ff_excluded", "exp_heat_metric",
                "exp_map_sector", "exp_map_metric", "exp_region", "exp_sector", "imp_sectors", "scr_opp_region",
                "scr_opp_sector", "rev_doc", "rev_filter", "rev_pick", "rev_compare")  # fmt: skip
RELABEL_PREFIXES = ("map_", "rev_f_", "rev_m_target_")  # never buttons: their state cannot be set


def _keep_choices_on_language_switch() -> None:
    state = st.session_state
    for key in list(state.keys()):
        if key in RELABEL_KEYS or key.startswith(RELABEL_PREFIXES):
            try:
                state[key] = state[key]
            except Exception:  # noqa: BLE001 - a widget that cannot be set keeps its own value
                continue


def render_language() -> None:
    st.sidebar.toggle(t("lang_toggle"), key=LANG_KEY, help=t("lang_help"), persist_state="session",
                      on_change=_keep_choices_on_language_switch)  # fmt: skip


def render_weights(data_version: str, vintage: int) -> Settings:
    """Draw the weight controls in the sidebar; return the current settings."""
    _weights_fragment(data_version, vintage)
    return current()


@st.fragment(key=WEIGHTS_FRAGMENT)
def _weights_fragment(data_version: str, vintage: int) -> None:
    _init_state()
    sb = st.sidebar
    sb.subheader(t("sidebar_weights"))
    sb.radio(t("preset"), PRESET_OPTIONS, format_func=preset_label, key=PRESET_KEY, help=t("preset_help"),
             on_change=_apply_preset, persist_state="session")  # fmt: skip
    for c, k in SLIDER_KEYS.items():
        sb.slider(t("w_" + c), 0.0, 1.0, step=0.05, key=k, help=t(f"w_{c}_help"), on_change=_mark_custom,
                  persist_state="session")  # fmt: skip
    s = current()
    if not s.weights_ok:
        sb.warning(t("weights_all_zero"))
    else:
        sb.caption(t("weights_normalised", weights=", ".join(f"{v:.2f}" for v in s.weights.as_dict().values())))
    sb.selectbox(t("method"), ("wsm", "topsis"), format_func=lambda m: t("method_" + m), key=METHOD_KEY,
                 help=t("method_help"), persist_state="session", on_change=_rerun_scored)  # fmt: skip
    if st.session_state.get(METHOD_KEY) == "topsis":
        sb.caption(t("topsis_scale"))
    sb.caption(t("sidebar_data", version=data_version))


#: pages whose numbers the weights change (``app.py`` url paths; "" is the default page): the sliders show there only
WEIGHTED_PAGES = ("", "recommend", "screening", "explore", "method")


def admin_mode() -> bool:
    """Whether administrator controls (reloading the data) are shown: only when the server runs with
    ``KOCN_ADMIN=1`` (or ``true``/``yes``)."""
    return os.environ.get("KOCN_ADMIN", "").strip().lower() in ("1", "true", "yes")


def keep_weights(data_version: str) -> None:
    """On a page the weights do not change (search, implications, review): no sliders, a line saying where they
    are, and the chosen values kept for when the user comes back (a widget not drawn in a run would lose them)."""
    _init_state()
    for k in (PRESET_KEY, METHOD_KEY, *SLIDER_KEYS.values()):
        st.session_state[k] = st.session_state[k]
    st.sidebar.caption(t("weights_elsewhere", preset=preset_label(st.session_state[PRESET_KEY])))
    st.sidebar.caption(t("sidebar_data", version=data_version))
