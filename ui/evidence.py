"""Evidence on screen: the cited lines read from the stored report file, with the document's title, date and line
range (DESIGN.md contract 2).

Quotes are whole sentences (``features.evidence.readable_quotes``): a cited range that starts or ends mid-sentence is
widened to the sentence within its passage, overlapping citations are shown once, and in the Korean UI an English
passage (the KIEP report's executive summary) is left out whenever a Korean one is cited. The caption names the
lines the quote spans; citations are written for readers (report, title, page, lines), never as internal codes."""

from __future__ import annotations

import streamlit as st

from features.evidence import Quote, readable_quote, readable_quotes, shorten_quote
from recommender.present import doc_short_name, original_language_note, quote_gist
from ui.i18n import lang, t
from ui.text import md_escape
from ui.vocab import doc_publisher, doc_title

TITLE_CHARS = 18  # a citation names the report by the first characters of its title


def source_line(kb, ref: dict) -> str:
    doc = kb.docs.get(ref["doc_id"])
    if doc is None:
        return citation(ref, kb)
    line = t("quote_source", title=doc_title(doc), publisher=doc_publisher(doc), published=doc.published,
             lines_label=t("lines"), start=ref["line_start"], end=ref["line_end"])  # fmt: skip
    page = doc.page_of(int(ref["line_start"]))  # a report ingested from PDF/HWPX knows its pages
    return f"{line} · {t('page_label', page=page)}" if page else line


def short_title(doc) -> str:
    """The report's title cut to :data:`TITLE_CHARS` characters (``중국 인터넷융합 전략의 특징과 지역…``), without a
    leading kind word such as ``보도자료:``."""
    title = doc_title(doc).split(": ", 1)[-1] if doc_title(doc).startswith(("보도자료:", "Press release:")) else doc_title(doc)
    limit = TITLE_CHARS if lang() == "ko" else 2 * TITLE_CHARS  # Latin letters are narrower than Hangul
    if len(title) <= limit:
        return title
    cut = title[:limit]
    if " " in cut[limit // 2 :]:  # end on a whole word ("…특징과…", not "…특징과 지…")
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,(·:") + "…"


def doc_label(kb, doc_id: str) -> str:
    """``KIEP 보고서 2018 「중국 인터넷융합 전략의 특징과…」``: who, what kind, when and which report, from the catalog
    (the document id only when the catalog does not know it)."""
    doc = kb.docs.get(doc_id)
    if doc is None:
        return doc_id
    name = doc_short_name(doc, lang())
    if lang() == "en" and doc.publisher in name:  # a publisher without a Latin acronym (데일리비즈온): its English name
        name = name.replace(doc.publisher, doc_publisher(doc))
    return f"{name} 「{short_title(doc)}」".strip()


def span_text(kb, doc_id: str, start: int, end: int) -> str:
    """``2563–2569행`` / ``lines 2563–2569``, with the page first where the report has a page map (``151쪽``)."""
    doc = kb.docs.get(doc_id)
    span = f"{start}–{end}" if start != end else str(start)
    text = f"{span}행" if lang() == "ko" else f"line{'s' if start != end else ''} {span}"
    page = doc.page_of(int(start)) if doc is not None else None
    return f"{t('page_label', page=page)}, {text}" if page else text


def citation(ref: dict, kb) -> str:
    """One evidence reference as a reader reads it: ``KIEP 보고서 2018 「중국 인터넷융합 전략의 특징과…」, 2563–2569행``
    (never the internal ``doc_id:start-end`` code)."""
    start, end = int(ref["line_start"]), int(ref["line_end"])
    return f"{doc_label(kb, ref['doc_id'])}, {span_text(kb, ref['doc_id'], start, end)}"


def citations(refs, kb, limit: int | None = None) -> str:
    """Several references grouped by report, in first-seen order: ``KIEP 보고서 2018 「…」: 2563–2569행, 2600–2610행;
    KIEP 보도자료 2018 「…」: 38–45행`` (``limit``: at most that many line ranges, then ``외 N건``/``and N more``)."""
    groups: dict[str, list[str]] = {}
    items = [r if isinstance(r, dict) else r.as_dict() for r in refs]
    shown = items if limit is None else items[:limit]
    for r in shown:
        spans = groups.setdefault(r["doc_id"], [])
        text = span_text(kb, r["doc_id"], int(r["line_start"]), int(r["line_end"]))
        if text not in spans:
            spans.append(text)
    out = "; ".join(f"{doc_label(kb, d)}: {', '.join(spans)}" for d, spans in groups.items())
    rest = len(items) - len(shown)
    return out + (t("and_more", n=rest) if rest > 0 else "")


def _quote(kb, ref: dict) -> Quote | None:
    try:
        return readable_quote(kb.docs, kb.passages, ref["doc_id"], int(ref["line_start"]), int(ref["line_end"]))
    except (KeyError, IndexError, OSError, ValueError):
        return None


def quote_text(kb, ref: dict, limit: int = 600) -> str:
    q = _quote(kb, ref)
    return "…" if q is None else shorten_quote(q.text, limit)


def _show(kb, q: Quote, limit: int, note: str = "", reasons: list[dict] | None = None) -> None:
    with st.container(border=True):
        st.markdown("> " + md_escape(shorten_quote(q.text, limit)))
        tail = f"  \n{md_escape(note)}" if note else ""
        original = original_language_note(q.text, lang(), getattr(q, "lang", None))  # " (Korean original)" in English
        st.caption("— " + md_escape(source_line(kb, q.ref()) + original) + tail)
        gist = quote_gist(q, reasons or [], lang())  # panel 9: our English summary of a Korean quote's lines
        if gist:
            st.markdown("*" + md_escape(gist) + "*")


def show_quote(kb, ref: dict, limit: int = 600, note: str = "") -> None:
    """One citation as a bordered block: the quote (whole sentences), then title · publisher · date · lines (and
    ``note``)."""
    q = _quote(kb, ref)
    if q is None:
        with st.container(border=True):
            st.markdown("> …")
            st.caption("— " + md_escape(source_line(kb, ref)))
        return
    _show(kb, q, limit, note)


def show_quotes(kb, refs: list[dict], first: int = 3, limit: int = 600, reasons: list[dict] | None = None) -> None:
    """The first ``first`` quotes, the rest behind an expander (merged, sentence-bounded, in the UI language); in
    English a Korean quote is followed by the ``reasons``' own English summary of its lines
    (:func:`recommender.present.quote_gist`)."""
    try:
        quotes = readable_quotes(kb.docs, kb.passages, refs, lang())
    except (KeyError, IndexError, OSError, ValueError):
        quotes = []
    for q in quotes[:first]:
        _show(kb, q, limit, reasons=reasons)
    rest = quotes[first:]
    if rest:
        with st.expander(t("more_evidence", n=len(rest))):
            for q in rest:
                _show(kb, q, limit, reasons=reasons)
