"""Make sure a page always runs inside the app shell (``app.py``: sidebar, weights, language, navigation).

Streamlit still detects a ``pages/`` folder when a server (or AppTest) starts and, until ``st.navigation`` has run
once, treats it as an old-style multipage app: a deep link such as ``/explore`` as the first request would run
``pages/explore.py`` on its own, without the sidebar. A page that finds itself in that mode switches it off and
reruns, so ``app.py`` runs and routes to the same page (its ``url_path`` equals the file name).
"""

from __future__ import annotations

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager


def ensure_app_shell() -> None:
    """Call first in every page script."""
    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()
