"""Tabs that draw only the tab in view (issue 19).

``st.tabs(..., on_change="rerun", key=...)`` tracks which tab is selected: each returned container's ``.open`` is
``True`` for the selected tab only, and selecting another tab reruns the script (or only the fragment the tabs sit
in). The result page's seven tabs were 137 of the ≈ 180 elements of every full rerun; drawing only the open one
makes a preset, method or language change apply a fraction of them. Every tab's content stays one click away.

Streamlit remembers the selected tab by its label. A label changes with the language (and the precedents tab's
label with its count), which would send the person back to the first tab on every language switch; so the selected
tab's position is kept as well (``_<key>_pos``) and, when the remembered label is no longer among the labels, the tab
at that position is selected again.
"""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st


def position_key(key: str) -> str:
    """Session-state key of the selected tab's position (language-independent)."""
    return f"_{key}_pos"


def lazy_tabs(labels: Sequence[str], key: str) -> list:
    """``st.tabs(labels)`` that track the selected tab; returns the tab containers (draw into those whose ``.open``
    is true). The selected position survives a change of the labels (language, counts)."""
    labels = list(labels)
    pos_key = position_key(key)
    current = st.session_state.get(key)
    if current in labels:
        st.session_state[pos_key] = labels.index(current)
    else:
        pos = st.session_state.get(pos_key, 0)
        if current is not None or pos:  # labels changed under a kept selection: select the same position again
            st.session_state[key] = labels[pos if isinstance(pos, int) and 0 <= pos < len(labels) else 0]
    return list(st.tabs(labels, key=key, on_change="rerun"))

