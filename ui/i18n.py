"""The current language (Korean by default, English behind a sidebar toggle) and translated strings."""

from __future__ import annotations

import streamlit as st
from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

from ui.strings import STRINGS

LANG_KEY = "lang_en"  # the sidebar toggle's session-state key
_last = {"lang": "ko"}
#: values every string may name without being passed them: what the data says about itself (the reports'
#: publication period, how many there are), set by :func:`set_data_context` whenever the knowledge base is loaded
_context: dict[str, str] = {}
NUMBER_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


def number_word(n: int) -> str:
    """``four`` for 4 (English prose), digits from 11 on."""
    return NUMBER_WORDS[n] if 0 <= n < len(NUMBER_WORDS) else str(n)


def set_data_context(kb) -> None:
    """``{period}`` (``2018``, ``2018–2025``) and ``{n_reports}`` of the reports the scores rest on; ``{docs_period}``
    and ``{n_docs}`` of every stored report (search covers them all) — computed from the data, never written in.
    Counts show as digits in Korean and as words in English (``4건`` / ``four``)."""
    from features.vintage import period_label, published_year

    years = sorted(published_year(d.published) for d in kb.docs.values()) or [kb.vintage]
    scored = kb.scored_documents
    _context.update(period=kb.period_label, n_reports=len(scored), docs_period=period_label(years[0], years[-1]),
                    n_docs=len(kb.docs))  # fmt: skip


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
    if "{" not in text:
        return text
    if not _context and any("{" + k + "}" in text for k in CONTEXT_KEYS):
        _context.update(_catalog_context())  # before any knowledge base was loaded (a helper used on its own)
    if values or any("{" + k + "}" in text for k in _context):
        en = lang() == "en"  # counts read as words in English prose ("the four 2018 reports"), digits in Korean
        shown = {k: (number_word(v) if en else str(v)) if isinstance(v, int) else v for k, v in _context.items()}
        return text.format(**{**shown, **values})
    return text


CONTEXT_KEYS = ("period", "n_reports", "docs_period", "n_docs")


def _catalog_context() -> dict[str, str]:
    """The same values from the data directory's catalog alone (every stored report), when no knowledge base is
    loaded yet."""
    from features.build import default_data_dir
    from features.corpus import load_catalog
    from features.vintage import period_label, published_year

    docs = load_catalog(default_data_dir() / "reports", verify=False)
    years = sorted(published_year(d.published) for d in docs.values())
    label = period_label(years[0], years[-1]) if years else "?"
    return {"period": label, "n_reports": len(docs), "docs_period": label, "n_docs": len(docs)}
