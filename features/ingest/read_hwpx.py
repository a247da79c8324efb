"""HWPX (Hancom OWPML, KS X 6101) → paragraphs, with the standard library's ``zipfile`` and ``lxml`` (BSD).

An HWPX file is a zip (``mimetype`` = ``application/hwp+zip``) whose body is ``Contents/section0.xml``,
``section1.xml`` … in the order of the package manifest ``Contents/content.hpf`` (``<opf:spine>``; file-name order
when it has none). Format source: Hancom, "OWPML 문서 구조" (KS X 6101:2011 / 2018), and the section XML as the Hangul
word processor writes it: ``<hp:p>`` paragraphs holding ``<hp:run>`` runs of ``<hp:t>`` text (with ``<hp:tab/>``,
``<hp:lineBreak/>`` inside), tables ``<hp:tbl>`` → ``<hp:tr>`` → ``<hp:tc>`` → ``<hp:subList>`` → paragraphs, and
notes ``<hp:footNote>``/``<hp:endNote>`` holding a ``<hp:subList>``.

Rules: one stored line per paragraph (HWPX keeps no line layout); a table row is one line, its cells joined by
`` | `` (so passages keep tables apart); a footnote is a line ``N) …`` right after the paragraph that cites it, and
the paragraph carries the mark ``N)`` where the note is anchored (the reports' own convention). A paragraph with
``pageBreak="1"`` starts a new page; pages are recorded only when the document has such breaks.
"""

from __future__ import annotations

import re

from features.ingest.base import Extracted, Page, check_text, clean_line, refuse
from features.ingest.zipparts import local, open_zip, parse_xml, read_part

EXTRACTOR = "hwpx (zipfile + lxml)"


class _Writer:
    def __init__(self) -> None:
        self.lines: list[str] = []
        self.page_starts: list[int] = [0]
        self.note_no = 0


def _paragraph(p, out: _Writer) -> None:
    """Emit one ``<hp:p>``: its own text as a line, then its tables' rows and its notes."""
    parts: list[str] = []
    later: list[tuple[str, object]] = []

    def walk(el) -> None:
        for child in el:
            name = local(child.tag)
            if name == "t":
                parts.append(child.text or "")
                for sub in child:
                    sname = local(sub.tag)
                    if sname in ("tab", "lineBreak", "nbSpace", "fwSpace"):
                        parts.append(" ")
                    parts.append(sub.tail or "")
            elif name == "tbl":
                later.append(("tbl", child))
            elif name in ("footNote", "endNote"):
                out.note_no += 1
                parts.append(f"{out.note_no})")
                later.append(("note", (out.note_no, child)))
            elif name in ("run", "ctrl", "subList") or name == "":
                walk(child)
            elif name in ("pic", "container", "equation", "rect", "ellipse", "line", "textart"):
                continue  # drawings: their captions are paragraphs of their own lists, skipped
            else:
                walk(child)

    for run in p:
        if local(run.tag) in ("run", "ctrl"):
            walk(run)
    if p.get("pageBreak") == "1" and out.lines:
        out.page_starts.append(len(out.lines))
    text = clean_line(re.sub(r"\s+", " ", "".join(parts)))
    if text.strip():
        out.lines.append(text.strip())
    for kind, el in later:
        if kind == "tbl":
            for tr in el.iter():
                if local(tr.tag) != "tr":
                    continue
                cells = []
                for tc in tr:
                    if local(tc.tag) == "tc":
                        cell = " ".join("".join(t.itertext()) for t in tc.iter() if local(t.tag) == "t")
                        cells.append(re.sub(r"\s+", " ", cell).strip())
                row = " | ".join(cells)
                if row.strip(" |"):
                    out.lines.append(clean_line(row))
        else:
            no, note = el
            text = " ".join("".join(t.itertext()) for t in note.iter() if local(t.tag) == "t")
            text = re.sub(r"\s+", " ", text).strip()
            if text:
                out.lines.append(clean_line(f"{no}) {text}"))


def _sections(zf, what: str) -> list[str]:
    names = set(zf.namelist())
    order: list[str] = []
    if "Contents/content.hpf" in names:
        root = parse_xml(read_part(zf, "Contents/content.hpf", what, "HWPX"), what, "content.hpf")
        items = {i.get("id"): i.get("href", "") for i in root.iter() if local(i.tag) == "item"}
        for ref in root.iter():
            if local(ref.tag) == "itemref":
                href = items.get(ref.get("idref"), "")
                path = href if href.startswith("Contents/") else f"Contents/{href}"
                if re.search(r"section\d+\.xml$", path) and path in names:
                    order.append(path)
    if not order:
        order = sorted((n for n in names if re.fullmatch(r"Contents/section\d+\.xml", n)),
                       key=lambda n: int(re.search(r"(\d+)\.xml$", n).group(1)))  # fmt: skip
    return order


def read_hwpx(data: bytes, what: str) -> Extracted:
    zf = open_zip(data, what, "HWPX")
    names = set(zf.namelist())
    mimetype = read_part(zf, "mimetype", what, "HWPX").strip() if "mimetype" in names else b""
    if mimetype and mimetype != b"application/hwp+zip":
        raise refuse(f"{what}: HWPX가 아닙니다 (mimetype {mimetype[:40]!r}) — 파일 형식을 확인해 주세요",
                     f"{what}: not an HWPX file (mimetype {mimetype[:40]!r}); check the file type")  # fmt: skip
    sections = _sections(zf, what)
    if not sections:
        raise refuse(f"{what}: HWPX 본문(Contents/section0.xml)이 없습니다 — 한글에서 다시 저장해 주세요",
                     f"{what}: the HWPX has no body (Contents/section0.xml); save it again from Hangul")  # fmt: skip
    out = _Writer()
    for name in sections:
        root = parse_xml(read_part(zf, name, what, "HWPX"), what, name)
        for p in root:
            if local(p.tag) == "p":
                _paragraph(p, out)
    check_text(out.lines, what)
    pages = []
    if len(out.page_starts) > 1:
        bounds = out.page_starts + [len(out.lines)]
        pages = [Page(i + 1, a, b) for i, (a, b) in enumerate(zip(bounds, bounds[1:])) if b > a]
    return Extracted(out.lines, pages, EXTRACTOR)
