"""Evidence on screen: the cited lines read from the stored report file, with the document's title, date and line
range (DESIGN.md contract 2).

Quotes are whole sentences (``features.evidence.readable_quotes``): a cited range that starts or ends mid-sentence is
widened to the sentence within its passage, overlapping citations are shown once, and in the Korean UI an English
passage (the KIEP report's executive summary) is left out whenever a Korean one is cited. The caption names the
lines the quote spans and the citation codes it stands for."""

from __future__ import annotations

import streamlit as st

from features.evidence import Quote, readable_quote, readable_quotes, shorten_quote
from ui.i18n import lang, t
from ui.text import md_escape
from ui.vocab import doc_publisher, doc_title


def source_line(kb, ref: dict) -> str:
    doc = kb.docs.get(ref["doc_id"])
    if doc is None:
        return f"{ref['doc_id']} · {t('lines')} {ref['line_start']}–{ref['line_end']}"
    line = t("quote_source", title=doc_title(doc), publisher=doc_publisher(doc), published=doc.published,
             lines_label=t("lines"), start=ref["line_start"], end=ref["line_end"])  # fmt: skip
    page = doc.page_of(int(ref["line_start"]))  # a report ingested from PDF/HWPX knows its pages
    return f"{line} · {t('page_label', page=page)}" if page else line


def citation(ref: dict) -> str:
    return f"{ref['doc_id']}:{ref['line_start']}-{ref['line_end']}"


def _quote(kb, ref: dict) -> Quote | None:
    try:
        return readable_quote(kb.docs, kb.passages, ref["doc_id"], int(ref["line_start"]), int(ref["line_end"]))
    except (KeyError, IndexError, OSError, ValueError):
        return None


def quote_text(kb, ref: dict, limit: int = 600) -> str:
    q = _quote(kb, ref)
    return "…" if q is None else shorten_quote(q.text, limit)


def _show(kb, q: Quote, limit: int, note: str = "") -> None:
    with st.container(border=True):
        st.markdown("> " + md_escape(shorten_quote(q.text, limit)))
        codes = ", ".join(f"`{str(c)}`" for c in q.cited)
        tail = f" · {md_escape(note)}" if note else ""
        st.caption("— " + md_escape(source_line(kb, q.ref())) + f"  \n{codes}{tail}")


def show_quote(kb, ref: dict, limit: int = 600, note: str = "") -> None:
    """One citation as a bordered block: the quote (whole sentences), then title · publisher · date · lines (and
    ``note``)."""
    q = _quote(kb, ref)
    if q is None:
        with st.container(border=True):
            st.markdown("> …")
            st.caption("— " + md_escape(source_line(kb, ref)) + f"  \n`{citation(ref)}`")
        return
    _show(kb, q, limit, note)


def show_quotes(kb, refs: list[dict], first: int = 3, limit: int = 600) -> None:
    """The first ``first`` quotes, the rest behind an expander (merged, sentence-bounded, in the UI language)."""
    try:
        quotes = readable_quotes(kb.docs, kb.passages, refs, lang())
    except (KeyError, IndexError, OSError, ValueError):
        quotes = []
    for q in quotes[:first]:
        _show(kb, q, limit)
    rest = quotes[first:]
    if rest:
        with st.expander(t("more_evidence", n=len(rest))):
            for q in rest:
                _show(kb, q, limit)
