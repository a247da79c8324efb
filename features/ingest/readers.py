"""Which reader reads a file: decided by its content (magic bytes), checked against its name.

==========  ===================================  ==================================================
format      recognised by                        reader
==========  ===================================  ==================================================
PDF         ``%PDF-`` in the first 1 KB           :mod:`features.ingest.read_pdf` (PDFium)
HWP 5.x     OLE2 signature ``D0 CF 11 E0 …``      :mod:`features.ingest.read_hwp` (olefile + own)
HWPX        zip with ``Contents/section0.xml``   :mod:`features.ingest.read_hwpx`
DOCX        zip with ``word/document.xml``       :mod:`features.ingest.read_docx`
HTML        ``<html``/``<!doctype html``/``<body``  :mod:`features.ingest.read_html` (lxml)
TXT         anything else that decodes           :mod:`features.ingest.read_text`
==========  ===================================  ==================================================

A file whose content and name disagree (a DOCX named ``.pdf``, a PDF named ``.hwp``) is refused with the format it
really is, so the analyst can rename it knowingly; a name the product does not read (``.xlsx``, ``.png``, ``.zip``)
is refused with the list of formats it does.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from features.ingest.base import MAX_FILE_BYTES, Extracted, check_size, refuse
from features.ingest.read_docx import read_docx
from features.ingest.read_html import read_html
from features.ingest.read_hwp import read_hwp
from features.ingest.read_hwpx import read_hwpx
from features.ingest.read_pdf import read_pdf
from features.ingest.read_text import read_text

READERS = {"pdf": read_pdf, "hwp": read_hwp, "hwpx": read_hwpx, "docx": read_docx, "html": read_html,
           "txt": read_text}  # fmt: skip
EXTENSIONS = {".pdf": "pdf", ".hwp": "hwp", ".hwpx": "hwpx", ".docx": "docx", ".html": "html", ".htm": "html",
              ".xhtml": "html", ".txt": "txt", ".text": "txt"}  # fmt: skip
NAMES = {"pdf": "PDF", "hwp": "HWP 5.x", "hwpx": "HWPX", "docx": "DOCX", "html": "HTML", "txt": "TXT"}
SUPPORTED = "PDF, HWP, HWPX, DOCX, HTML, TXT"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def sniff(data: bytes) -> str | None:
    """The format the content says, or ``None`` when it is none of the readable ones (binary of another kind)."""
    head = data[:1024]
    if b"%PDF-" in head:
        return "pdf"
    if data.startswith(OLE_MAGIC):
        return "hwp"
    if data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        try:
            names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
        except (zipfile.BadZipFile, OSError, ValueError, EOFError):
            return "zip"
        if any(n.startswith("Contents/section") for n in names) or "Contents/content.hpf" in names:
            return "hwpx"
        if "word/document.xml" in names:
            return "docx"
        return "zip"
    low = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if low.startswith((b"<!doctype html", b"<html")) or b"<html" in low[:512] or b"<body" in low[:1024]:
        return "html"
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None
    return "txt"


def detect(path: Path, data: bytes) -> str:
    """The reader for ``path`` (content first, the name must agree); refuses unsupported or mislabelled files."""
    what = path.name
    check_size(data, what)
    ext = path.suffix.lower()
    named = EXTENSIONS.get(ext)
    if named is None:
        raise refuse(f"{what}: {ext or '확장자 없는'} 파일은 읽지 않습니다 — {SUPPORTED} 중 하나로 저장해 주세요",
                     f"{what}: {ext or 'files without an extension'} cannot be ingested; save the report as one "
                     f"of {SUPPORTED}")  # fmt: skip
    real = sniff(data)
    if real == named or (named == "txt" and real == "txt"):
        return named
    if named == "html" and real == "txt":
        return "html"  # an HTML fragment without <html>: lxml reads it
    if real in (None, "zip"):
        raise refuse(f"{what}: 이름은 {NAMES[named]}인데 내용은 {NAMES[named]}이(가) 아닙니다 — 원본 파일을 확인해 주세요",
                     f"{what}: named {ext} but its content is not {NAMES[named]}; check the original file")
    raise refuse(f"{what}: 이름은 {ext}인데 내용은 {NAMES[real]}입니다 — 확장자를 바꾸거나 원본을 확인해 주세요",
                 f"{what}: named {ext} but the content is {NAMES[real]}; rename it to the right extension or check "
                 "the original")  # fmt: skip


def read_report(path: Path | str, data: bytes | None = None) -> tuple[str, Extracted]:
    """``(format, extracted text)`` of a report file; :class:`features.ingest.base.IngestError` when unusable."""
    path = Path(path)
    if data is None:
        if not path.is_file():
            raise refuse(f"{path}: 파일이 없습니다 — 경로를 확인해 주세요", f"{path}: no such file; check the path")
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            mb, limit = size / 1048576, MAX_FILE_BYTES // 1048576
            raise refuse(f"{path.name}: 파일이 {mb:,.0f} MB로 한도 {limit} MB를 넘습니다 — 장(章)별로 나눠 주세요",
                         f"{path.name}: the file is {mb:,.0f} MB, above the {limit} MB limit; split it by chapter")
        data = path.read_bytes()
    fmt = detect(path, data)
    return fmt, READERS[fmt](data, path.name)
