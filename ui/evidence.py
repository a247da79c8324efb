"""Evidence on screen: the cited lines read from the stored report file, with the document's title, date and line
range (DESIGN.md contract 2)."""

from __future__ import annotations

import streamlit as st

from ui.i18n import t
from ui.text import md_escape, shorten
from ui.vocab import doc_publisher, doc_title


def source_line(kb, ref: dict) -> str:
    doc = kb.docs.get(ref["doc_id"])
    if doc is None:
        return f"{ref['doc_id']} · {t('lines')} {ref['line_start']}–{ref['line_end']}"
    return t("quote_source", title=doc_title(doc), publisher=doc_publisher(doc), published=doc.published,
             lines_label=t("lines"), start=ref["line_start"], end=ref["line_end"])  # fmt: skip


def citation(ref: dict) -> str:
    return f"{ref['doc_id']}:{ref['line_start']}-{ref['line_end']}"


def quote_text(kb, ref: dict, limit: int = 600) -> str:
    try:
        return shorten(kb.quote(ref["doc_id"], ref["line_start"], ref["line_end"]), limit)
    except (KeyError, IndexError, OSError):
        return "…"


def show_quote(kb, ref: dict, limit: int = 600, note: str = "") -> None:
    """One citation as a bordered block: the quote, then title · publisher · date · lines (and ``note``)."""
    with st.container(border=True):
        st.markdown("> " + md_escape(quote_text(kb, ref, limit)))
        tail = f" · {md_escape(note)}" if note else ""
        st.caption("— " + md_escape(source_line(kb, ref)) + f"  \n`{citation(ref)}`{tail}")


def show_quotes(kb, refs: list[dict], first: int = 3, limit: int = 600) -> None:
    """The first ``first`` quotes, the rest behind an expander."""
    seen, unique = set(), []
    for r in refs:
        k = citation(r)
        if k not in seen:
            seen.add(k)
            unique.append(r)
    for ref in unique[:first]:
        show_quote(kb, ref, limit)
    rest = unique[first:]
    if rest:
        with st.expander(t("more_evidence", n=len(rest))):
            for ref in rest:
                show_quote(kb, ref, limit)
