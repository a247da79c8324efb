"""The current language (Korean by default, English behind a sidebar toggle) and translated strings."""

from __future__ import annotations

import streamlit as st
from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

from ui.strings import STRINGS

LANG_KEY = "lang_en"  # the sidebar toggle's session-state key
_last = {"lang": "ko"}


def lang() -> str:
    """``"en"`` when the English toggle is on, else ``"ko"``.

    Outside a script run (AppTest formats widget options after the run), the language of the last run is used.
    """
    if get_script_run_ctx(suppress_warning=True) is None:
        return _last["lang"]
    code = "en" if st.session_state.get(LANG_KEY) else "ko"
    _last["lang"] = code
    return code


def t(key: str, **values) -> str:
    """The string ``key`` in the current language, formatted with ``values``; an unknown key shows itself."""
    pair = STRINGS.get(key)
    if pair is None:
        return key
    text = pair[1] if lang() == "en" else pair[0]
    return text.format(**values) if values else text
