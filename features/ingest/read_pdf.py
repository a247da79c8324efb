"""PDF → lines and pages, with PDFium (``pypdfium2``: Apache-2.0 / BSD-3-Clause bindings to Google's PDFium).

Why PDFium (docs/INGEST.md § Libraries): it is the engine of Chrome's PDF viewer, reads the CID/Identity-H fonts
and ToUnicode maps of Korean government PDFs (HWP's PDF export, Word, InDesign) correctly, keeps reading order
line by line, and is fast — the KIEP report rendered as a 190-page PDF is read in well under a second on this
machine, where ``pdfminer.six`` (pure Python) takes tens of seconds. ``pypdf`` is used only by the tests to write an
encrypted file.

Rules:

* **Text layer only.** Each page's text is taken as PDFium orders it (``FPDFText_GetText``), one stored line per
  text line. Pages are kept: the page map records each page's lines and the page number printed on it (a line
  ``- 4 -``, ``151`` or a running head ending in ``•151`` at the page's top or bottom), else the page's position.
* **Scanned PDF** (no page has text but pages carry images) → refused: run OCR first (e.g. save a searchable PDF).
  A PDF with some image-only pages is read; the notes say how many pages had no text.
* **Encrypted PDF** that needs a password to open → refused (save an unprotected copy). A PDF with only an owner
  password (printing/copying restrictions, common for public reports) opens without one and is read as any other.
* **Truncated or corrupt** → refused: a PDF must start with ``%PDF-`` and have an ``%%EOF`` marker in its last
  4 KB (a download that broke off has none), and PDFium must open it.
* More than :data:`features.ingest.base.MAX_PAGES` pages → refused before any text is read.
"""

from __future__ import annotations

import re

from features.ingest.base import MAX_PAGES, Extracted, Page, check_text, refuse, split_lines

PAGE_NUMBER_LINE = re.compile(r"^\s*[-–—]?\s*(\d{1,4})\s*[-–—]?\s*$")
# ``제5장 … •151`` / ``82 •중국 …`` / ``Executive Summary•199``: a running head carrying the page number
HEAD_NUMBER = re.compile(r"^\s*(\d{1,4})\s*[•·|]\s*\S.*$|^\s*\S.*[•·|]\s*(\d{1,4})\s*$")


def extractor_name() -> str:
    import pypdfium2

    return f"pypdfium2 {pypdfium2.version.PYPDFIUM_INFO} (PDFium {pypdfium2.version.PDFIUM_INFO})"


def printed_label(lines: list[str]) -> str:
    """The page number printed at a page's top or bottom (first/last two non-blank lines), or ``""``."""
    body = [x for x in lines if x.strip()]
    for line in body[-2:][::-1] + body[:2]:
        m = PAGE_NUMBER_LINE.match(line) or HEAD_NUMBER.match(line)
        if m:
            return next(g for g in m.groups() if g)
    return ""


def _date(raw: str) -> str:
    m = re.match(r"^D:(\d{4})(\d{2})?(\d{2})?", raw or "")
    if not m or not 1990 <= int(m.group(1)) <= 2100:
        return ""
    return "-".join(g for g in m.groups() if g)


def read_pdf(data: bytes, what: str) -> Extracted:
    import pypdfium2 as pdfium

    if not data.startswith(b"%PDF-"):
        raise refuse(f"{what}: PDF 파일이 아닙니다 (%PDF- 머리 없음) — 원본 파일을 다시 받아 주세요",
                     f"{what}: not a PDF file (no %PDF- header); download the original again")  # fmt: skip
    if b"%%EOF" not in data[-4096:]:
        raise refuse(f"{what}: PDF 파일이 중간에 잘렸습니다 (%%EOF 없음) — 파일을 다시 받아 주세요",
                     f"{what}: the PDF is truncated (no %%EOF at its end); download it again")  # fmt: skip
    try:
        doc = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise refuse(f"{what}: 암호가 걸린 PDF입니다 — 암호를 푼 사본을 저장해 다시 넣어 주세요",
                         f"{what}: the PDF is encrypted with a password; save an unprotected copy and ingest "
                         "that") from None  # fmt: skip
        raise refuse(f"{what}: PDF가 손상되어 열 수 없습니다 — 원본 파일을 다시 받아 주세요",
                     f"{what}: the PDF is corrupt and cannot be opened; download the original again") from None
    try:
        n = len(doc)
        if n == 0:
            raise refuse(f"{what}: 쪽이 없는 PDF입니다", f"{what}: the PDF has no pages")
        if n > MAX_PAGES:
            raise refuse(f"{what}: {n:,}쪽으로 한도 {MAX_PAGES:,}쪽을 넘습니다 — 장(章)별로 나눠 주세요",
                         f"{what}: {n:,} pages, above the {MAX_PAGES:,}-page limit; split it by chapter")  # fmt: skip
        lines: list[str] = []
        pages: list[Page] = []
        empty_with_images = 0
        empty = 0
        for i in range(n):
            page = doc[i]
            try:
                textpage = page.get_textpage()
                try:
                    text = textpage.get_text_range()
                finally:
                    textpage.close()
                page_lines = split_lines(text)
                while page_lines and not page_lines[-1].strip():
                    page_lines.pop()
                if not any(x.strip() for x in page_lines):
                    empty += 1
                    if any(o.type == pdfium.raw.FPDF_PAGEOBJ_IMAGE for o in page.get_objects(max_depth=2)):
                        empty_with_images += 1
                    page_lines = [""]  # the page keeps its place in the page map
            finally:
                page.close()
            pages.append(Page(i + 1, len(lines), len(lines) + len(page_lines), printed_label(page_lines)))
            lines.extend(page_lines)
        meta = doc.get_metadata_dict()
    finally:
        doc.close()
    if empty == n:
        if empty_with_images:
            raise refuse(f"{what}: 글자 층이 없는 스캔 PDF입니다 — OCR로 검색 가능한 PDF를 만든 뒤 넣어 주세요",
                         f"{what}: a scanned PDF without a text layer; run OCR (save a searchable PDF) and ingest "
                         "that")  # fmt: skip
        check_text(lines, what)
    check_text(lines, what)
    out = Extracted(lines, pages, extractor_name(), title=(meta.get("Title") or "").strip(),
                    published=_date(meta.get("CreationDate", "")))  # fmt: skip
    if empty:
        out.notes.append(f"{empty} of {n} pages have no text layer (images only?)")
    return out
