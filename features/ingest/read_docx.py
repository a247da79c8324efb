"""DOCX (Office Open XML, ECMA-376) → paragraphs, with ``zipfile`` and ``lxml`` (BSD); tests write DOCX files with
``python-docx`` (MIT).

Why not ``python-docx`` for reading: it gives paragraphs and tables as two separate lists, losing their order, and
has no limits; the body XML (``word/document.xml``) is small and regular enough to walk directly (ECMA-376 Part 1,
§17.3: ``w:p`` paragraphs of ``w:r`` runs of ``w:t`` text, ``w:tab``, ``w:br``; ``w:tbl`` → ``w:tr`` → ``w:tc``).

Rules: one stored line per paragraph; a table row is one line, its cells joined by `` | ``; a footnote
(``w:footnoteReference``, text in ``word/footnotes.xml``) is a line ``N) …`` after the paragraph citing it, which
carries the mark ``N)``. Pages: a hard page break (``w:br w:type="page"``, ``w:pageBreakBefore``) or the break Word
recorded when it last laid the document out (``w:lastRenderedPageBreak``) starts a page; pages are recorded only
when the file has such breaks. The core properties' title and creation date are offered as defaults.
"""

from __future__ import annotations

import re

from features.ingest.base import Extracted, Page, check_text, clean_line
from features.ingest.zipparts import local, open_zip, parse_xml, read_part

EXTRACTOR = "docx (zipfile + lxml)"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _notes(zf, what: str) -> dict[str, str]:
    if "word/footnotes.xml" not in zf.namelist():
        return {}
    root = parse_xml(read_part(zf, "word/footnotes.xml", what, "DOCX"), what, "footnotes.xml")
    out = {}
    for fn in root:
        if local(fn.tag) == "footnote" and fn.get(f"{W}type") in (None, "normal"):
            text = "".join(t.text or "" for t in fn.iter() if local(t.tag) == "t")
            out[fn.get(f"{W}id")] = re.sub(r"\s+", " ", text).strip()
    return out


def read_docx(data: bytes, what: str) -> Extracted:
    zf = open_zip(data, what, "DOCX")
    root = parse_xml(read_part(zf, "word/document.xml", what, "DOCX"), what, "document.xml")
    notes = _notes(zf, what)
    lines: list[str] = []
    page_starts = [0]
    numbering = {"n": 0}

    def paragraph(p) -> None:
        parts: list[str] = []
        pending: list[str] = []
        brk = False
        for el in p.iter():
            name = local(el.tag)
            if name == "t":
                parts.append(el.text or "")
            elif name in ("tab", "br", "cr"):
                if name == "br" and el.get(f"{W}type") == "page":
                    brk = True
                else:
                    parts.append(" ")
            elif name in ("lastRenderedPageBreak", "pageBreakBefore"):
                brk = True
            elif name == "footnoteReference":
                numbering["n"] += 1
                parts.append(f"{numbering['n']})")
                if notes.get(el.get(f"{W}id")):
                    pending.append(f"{numbering['n']}) {notes[el.get(f'{W}id')]}")
        if brk and lines and page_starts[-1] != len(lines):
            page_starts.append(len(lines))
        text = clean_line(re.sub(r"\s+", " ", "".join(parts))).strip()
        if text:
            lines.append(text)
        lines.extend(clean_line(x) for x in pending)

    def table(tbl) -> None:
        for tr in tbl:
            if local(tr.tag) != "tr":
                continue
            cells = []
            for tc in tr:
                if local(tc.tag) == "tc":
                    cells.append(re.sub(r"\s+", " ", "".join(t.text or "" for t in tc.iter() if local(t.tag) == "t")))
            row = " | ".join(c.strip() for c in cells)
            if row.strip(" |"):
                lines.append(clean_line(row))

    body = next((el for el in root if local(el.tag) == "body"), None)
    for el in body if body is not None else []:
        name = local(el.tag)
        if name == "p":
            paragraph(el)
        elif name == "tbl":
            table(el)
        elif name == "sdt":  # content controls (tables of contents, cover pages) wrap paragraphs
            for p in el.iter():
                if local(p.tag) == "p":
                    paragraph(p)
    check_text(lines, what)
    pages = []
    if len(page_starts) > 1:
        bounds = page_starts + [len(lines)]
        pages = [Page(i + 1, a, b) for i, (a, b) in enumerate(zip(bounds, bounds[1:])) if b > a]
    title, published = "", ""
    if "docProps/core.xml" in zf.namelist():
        core = parse_xml(read_part(zf, "docProps/core.xml", what, "DOCX"), what, "core.xml")
        for el in core:
            if local(el.tag) == "title" and el.text:
                title = el.text.strip()
            if local(el.tag) == "created" and el.text and re.match(r"\d{4}-\d{2}-\d{2}", el.text):
                published = el.text[:10]
    return Extracted(lines, pages, EXTRACTOR, title=title, published=published)
