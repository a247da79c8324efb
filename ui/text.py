"""Showing text safely: anything from a user or a file is escaped before it goes into Markdown (never HTML)."""

from __future__ import annotations

import re

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:=^&])")


def md_escape(text: object) -> str:
    """Backslash-escape every Markdown (and Streamlit directive) character so text shows literally.

    Streamlit never renders HTML from ``st.markdown`` without ``unsafe_allow_html``; escaping also keeps
    ``**``, links, ``:red[...]`` and ``$math$`` in a firm name or a quote from being interpreted.
    """
    s = str(text).replace("\r", " ").replace("\n", " ")
    return _MD_SPECIAL.sub(r"\\\1", s)


def safe_filename(text: object, fallback: str = "firm") -> str:
    """A file-name fragment from user text: letters, digits, ``-`` and ``_`` only."""
    s = re.sub(r"[^A-Za-z0-9_-]+", "_", str(text)).strip("_")[:40]
    return s or fallback


def pct(x: float | None) -> str:
    return "–" if x is None else f"{x:.0%}"


def num(x: float | None, digits: int = 2) -> str:
    return "–" if x is None else f"{x:.{digits}f}"


def shorten(text: str, limit: int = 600) -> str:
    return text if len(text) <= limit else text[:limit].rstrip() + " …"
