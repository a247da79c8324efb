"""The report-search page (views/search.py) driven headless with AppTest, in Korean and English.

Expected passages come from the same index the page uses (``ui.data.knowledge().index``), never hard-coded.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from streamlit.testing.v1 import AppTest  # noqa: E402

from ui import data  # noqa: E402
from ui.strings import STRINGS  # noqa: E402
from ui.text import md_escape  # noqa: E402
from ui.vocab import DOC_TITLES_EN  # noqa: E402

APP = ROOT / "app.py"
PAGE = "views/search.py"
LANGS = ("ko", "en")


def s(key: str, lang: str) -> str:
    return STRINGS[key][1 if lang == "en" else 0]


def open_page(lang: str = "ko") -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=120)
    if lang == "en":
        at.session_state["lang_en"] = True
    return at.run().switch_page(PAGE).run()


def assert_clean(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    caught = at.session_state["_app_errors"] if "_app_errors" in at.session_state else []
    assert not caught, caught


def result_captions(at: AppTest) -> list[str]:
    return [c.value for c in at.caption if " · " in c.value and ("행" in c.value or "lines" in c.value)]


@pytest.mark.parametrize("lang", LANGS)
def test_page_has_its_title_and_a_hint_before_a_query(lang: str) -> None:
    at = open_page(lang)
    assert_clean(at)
    assert at.title[0].value == s("search_title", lang)
    assert any(s("search_hint", lang) in i.value for i in at.info)
    assert at.text_input(key="search_query").label == s("search_query", lang)


@pytest.mark.parametrize("lang", LANGS)
def test_query_shows_the_index_results_with_titles_lines_and_highlights(lang: str) -> None:
    query = "자율주행 시범구역"
    kb = data.knowledge()
    want = kb.index.search(query, top=5)
    at = open_page(lang)
    at.number_input(key="search_top").set_value(5).run()
    at.text_input(key="search_query").set_value(query).run()
    assert_clean(at)
    assert any(c.value == s("search_hits", lang).format(n=len(want)) for c in at.caption)
    shown = result_captions(at)
    assert len(shown) == len(want)
    lines = "{a}–{b}행" if lang == "ko" else "lines {a}–{b}"
    for cap, (p, _) in zip(shown, want):  # a readable citation (report, title, lines), never the doc id
        assert md_escape(lines.format(a=p.line_start, b=p.line_end)) in cap and p.doc_id not in cap.replace("\\", "")
        assert cap.startswith(md_escape("KIEP " if p.doc_id.startswith("kiep") else ""))
    headers = [m.value for m in at.markdown if m.value.startswith("**") and m.value.endswith("**")]
    for rank, (p, _) in enumerate(want, start=1):
        doc = kb.docs[p.doc_id]
        doc_title = DOC_TITLES_EN.get(doc.doc_id, doc.title) if lang == "en" else doc.title
        title = s("search_result", lang).format(rank=rank, title=doc_title, published=doc.published)
        assert f"**{md_escape(title)}**" in headers
    assert any("**자율주행**" in m.value for m in at.markdown), "the query's words are highlighted"


def test_document_filter_keeps_only_that_document() -> None:
    at = open_page()
    at.selectbox(key="search_doc").set_value("kiep_seminar_2018").run()
    at.text_input(key="search_query").set_value("빅데이터").run()
    assert_clean(at)
    shown = result_captions(at)
    assert shown and all(c.startswith(md_escape("KIEP 보도자료 2018 「")) for c in shown)


def test_english_query_reaches_korean_passages_with_korean_highlights() -> None:
    at = open_page("en")
    at.text_input(key="search_query").set_value("autonomous driving Beijing road test").run()
    assert_clean(at)
    assert any("**자율주행**" in m.value for m in at.markdown)


def test_user_text_is_escaped_and_a_miss_is_said() -> None:
    at = open_page()
    at.text_input(key="search_query").set_value("*자율주행* [x](http://evil.example) <b>").run()
    assert_clean(at)
    for m in at.markdown:
        assert "](http://evil.example)" not in m.value and "<b>" not in m.value
    assert any("**자율주행**" in m.value for m in at.markdown)
    at.text_input(key="search_query").set_value("qqqzzzxxyy").run()
    assert_clean(at)
    assert any(s("search_none", "ko") in i.value for i in at.info)


def test_implications_page_links_here_instead_of_a_search_tab() -> None:
    at = AppTest.from_file(str(APP), default_timeout=120).run().switch_page("views/implications.py").run()
    assert_clean(at)
    assert len(at.tabs) == 2
    assert not [w for w in at.text_input if w.key == "imp_query"]
