"""보고서 검색 / Report search — passages of the stored reports for a query (``features/search.py``), filtered by
document, with the query's words highlighted. Every piece of text from the user or a report is escaped."""

import streamlit as st

from features.search import highlight_spans, query_terms
from ui import data
from ui.evidence import citation
from ui.i18n import t
from ui.text import md_escape, num, shorten
from ui.vocab import doc_title

kb = data.knowledge()
ALL = ""

st.title(t("search_title"))
st.caption(t("search_intro"))


def doc_label(doc_id: str) -> str:
    if doc_id == ALL:
        return t("search_all_docs")
    doc = kb.docs[doc_id]
    return f"{shorten(doc_title(doc), 60)} ({doc.published})"


def highlighted(text: str, terms: list[str]) -> str:
    """Markdown of ``text`` with every occurrence of ``terms`` in bold; each piece is escaped on its own."""
    out, pos = [], 0
    for a, b in highlight_spans(text, terms):
        out.append(md_escape(text[pos:a]))
        out.append(f"**{md_escape(text[a:b])}**")
        pos = b
    out.append(md_escape(text[pos:]))
    return "".join(out)


q1, q2, q3 = st.columns([4, 2, 1])
query = q1.text_input(t("search_query"), key="search_query", max_chars=200, persist_state="session")
doc_id = q2.selectbox(t("search_doc"), [ALL, *kb.docs], format_func=doc_label, key="search_doc",
                      persist_state="session")  # fmt: skip
top = q3.number_input(t("search_top"), min_value=1, max_value=50, value=10, step=1, key="search_top")

if not query.strip():
    st.info(t("search_hint"), icon=":material/search:")
    st.stop()

hits = kb.index.search(query, top=int(top), doc_id=doc_id or None)
if not hits:
    st.info(t("search_none"))
    st.stop()

st.caption(t("search_hits", n=len(hits)))
terms = query_terms(kb.index, query)
for rank, (p, score) in enumerate(hits, start=1):
    doc = kb.docs[p.doc_id]
    with st.container(border=True):
        st.markdown(f"**{md_escape(t('search_result', rank=rank, title=doc_title(doc), published=doc.published))}**")
        st.markdown(highlighted(shorten(p.text, 900), terms))
        where = citation({"doc_id": p.doc_id, "line_start": p.line_start, "line_end": p.line_end}, kb)
        st.caption(md_escape(t("search_where", where=where, score=num(score))))
