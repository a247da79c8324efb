"""Errors never reach the user as a traceback: an unexpected exception becomes one friendly message, the
traceback goes to the server log, and the incident is noted in session state (``_app_errors``, read by tests).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st

from ui.i18n import t

ERRORS_KEY = "_app_errors"
log = logging.getLogger("kocn.app")


@contextmanager
def guard(where: str) -> Iterator[None]:
    """Run a block; on an exception show a short message instead of a traceback.

    Streamlit's own control flow (``st.rerun``, ``st.stop``, ``st.switch_page``) raises ``BaseException``
    subclasses, which pass through untouched.
    """
    try:
        yield
    except Exception as exc:  # noqa: BLE001 - the last line of defence: log it, tell the user plainly
        log.exception("unexpected error in %s", where)
        st.session_state.setdefault(ERRORS_KEY, []).append(f"{where}: {type(exc).__name__}: {exc}")
        st.error(t("unexpected_error", kind=type(exc).__name__), icon=":material/warning:")
