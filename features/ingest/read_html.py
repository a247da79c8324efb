"""HTML (a report or press release saved from a web page) → paragraphs, with ``lxml.html`` (BSD).

Rules: the text of block elements (``p``, ``h1``–``h6``, ``li``, ``div``, ``blockquote``, ``pre``, ``dt``/``dd``,
``caption``, ``figcaption``) each on a line of its own, ``<br>`` breaking a line; a table row is one line with its
cells joined by `` | ``; ``script``, ``style``, ``noscript``, ``template``, ``head``, ``nav``, ``form`` and comments are
left out. The encoding is the one the page declares (``<meta charset>``), else UTF-8, else CP949 (Korean sites that
declare nothing). The ``<title>`` is offered as the report title. HTML has no pages.
"""

from __future__ import annotations

import re

from features.ingest.base import Extracted, check_text, clean_line, refuse

EXTRACTOR = "html (lxml)"
BLOCK = frozenset("p h1 h2 h3 h4 h5 h6 li div blockquote pre dt dd caption figcaption section article header footer "
                  "main aside address ul ol dl table tbody thead tfoot body".split())  # fmt: skip
SKIP = frozenset("script style noscript template head nav form iframe svg button select".split())


def _decode(data: bytes) -> str:
    head = data[:4096].decode("ascii", "ignore").lower()
    m = re.search(r"charset\s*=\s*[\"']?([a-z0-9_\-]+)", head)
    candidates = [m.group(1)] if m else []
    candidates += ["utf-8", "cp949"]
    for enc in candidates:
        try:
            return data.decode({"euc-kr": "cp949", "ks_c_5601-1987": "cp949"}.get(enc, enc))
        except (UnicodeDecodeError, LookupError):
            continue
    raise refuse("HTML의 글자 인코딩을 알 수 없습니다 — UTF-8로 저장해 주세요",
                 "the HTML's text encoding is unknown; save it as UTF-8")


def read_html(data: bytes, what: str) -> Extracted:
    import lxml.html
    from lxml import etree

    text = _decode(data).lstrip("\ufeff")
    text = re.sub(r"^\s*<\?xml[^>]*\?>", "", text)  # lxml refuses str input that declares an encoding
    try:
        root = lxml.html.document_fromstring(text, parser=lxml.html.HTMLParser(remove_comments=True,
                                                                               no_network=True))  # fmt: skip
    except (etree.ParserError, ValueError):
        raise refuse(f"{what}: HTML을 읽을 수 없습니다 — 웹 페이지를 다시 저장해 주세요",
                     f"{what}: the HTML cannot be parsed; save the web page again") from None
    lines: list[str] = []
    buf: list[str] = []

    def flush() -> None:
        line = clean_line(re.sub(r"\s+", " ", "".join(buf))).strip()
        if line:
            lines.append(line)
        buf.clear()

    def walk(el) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag in SKIP or not tag:
            if el.tail:
                buf.append(el.tail)
            return
        if tag == "tr":
            flush()
            cells = [re.sub(r"\s+", " ", c.text_content()).strip() for c in el if c.tag in ("td", "th")]
            row = " | ".join(cells)
            if row.strip(" |"):
                lines.append(clean_line(row))
        elif tag == "br":
            flush()
        else:
            block = tag in BLOCK
            if block:
                flush()
            if el.text:
                buf.append(el.text)
            for child in el:
                walk(child)
            if block:
                flush()
        if el.tail:
            buf.append(el.tail)

    body = root.find("body")
    walk(body if body is not None else root)
    flush()
    check_text(lines, what)
    title_el = root.find(".//title")
    title = re.sub(r"\s+", " ", title_el.text_content()).strip() if title_el is not None else ""
    return Extracted(lines, [], EXTRACTOR, title=title)
