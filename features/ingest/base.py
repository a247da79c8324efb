"""What every reader returns, the limits every reader enforces, and the one error an unusable file raises.

A reader turns the bytes of one report file into **lines of text** and, where the format knows them, **pages**
(a page is a run of lines). The stored text (``data/reports/<doc_id>.txt``) is these lines joined by ``\\n``; its
1-based line numbers are the citation coordinates (DESIGN.md contracts 1 and 2), and the page map
(``<doc_id>.pages.json``) says on which page each line stands.

Limits (checked before the expensive step, so a hostile file is refused in well under a second):

=========================  ===========================  =============================================================
limit                      value                        why
=========================  ===========================  =============================================================
file size                  :data:`MAX_FILE_BYTES`       200 MB, as for firm files; a 300-page report is 2–20 MB
PDF pages                  :data:`MAX_PAGES`            3,000 (a long report has 300–400)
zip parts (HWPX, DOCX)     :data:`MAX_UNZIPPED`         256 MB decompressed in all, from the *declared* sizes, and
                                                        every part read through a bounded reader (a lying header
                                                        cannot make it read more)
compression ratio          :data:`MAX_RATIO`            a zip part or HWP stream that inflates more than 200× is a
                                                        bomb (real text compresses 3–10×)
extracted text             :data:`MAX_CHARS`            20 million characters
=========================  ===========================  =============================================================

:class:`IngestError` carries one sentence, Korean first and English in brackets, saying what to do; the command line
prints it and exits 2, and nothing has been written by then.
"""

from __future__ import annotations

from dataclasses import dataclass, field

MAX_FILE_BYTES = 200 * 1024 * 1024
MAX_PAGES = 3_000
MAX_UNZIPPED = 256 * 1024 * 1024
MAX_RATIO = 200
MAX_CHARS = 20_000_000


class IngestError(ValueError):
    """The file cannot be ingested; ``str`` is one sentence saying what to fix (Korean, then English)."""


def refuse(ko: str, en: str) -> IngestError:
    return IngestError(f"{ko} ({en})")


@dataclass(frozen=True)
class Page:
    """One page of the source: 1-based ``page`` number, its printed ``label`` (``"151"``) when one was found, and the
    0-based half-open range of extracted lines ``[first, stop)`` it holds."""

    page: int
    first: int
    stop: int
    label: str = ""


@dataclass
class Extracted:
    """The text of one report file: ``lines`` (no line breaks inside), ``pages`` (empty when the format has no
    pages), the ``extractor`` that read it (library and version, for the catalog) and metadata found in the file."""

    lines: list[str]
    pages: list[Page] = field(default_factory=list)
    extractor: str = ""
    title: str = ""
    published: str = ""  # YYYY or YYYY-MM or YYYY-MM-DD, from the file's own metadata
    notes: list[str] = field(default_factory=list)  # things the analyst should know (e.g. "3 pages have no text")

    @property
    def text(self) -> str:
        return "\n".join(self.lines) + "\n"


def check_size(data: bytes, what: str) -> None:
    if not data:
        raise refuse(f"{what}: 빈 파일입니다 — 보고서 파일을 다시 받아 주세요",
                     f"{what}: the file is empty; download the report again")  # fmt: skip
    if len(data) > MAX_FILE_BYTES:
        mb = len(data) / 1048576
        raise refuse(f"{what}: 파일이 {mb:,.0f} MB로 한도 {MAX_FILE_BYTES // 1048576} MB를 넘습니다 — 장(章)별로 나눠 주세요",
                     f"{what}: the file is {mb:,.0f} MB, above the {MAX_FILE_BYTES // 1048576} MB limit; split it "
                     "by chapter")  # fmt: skip


def check_text(lines: list[str], what: str) -> None:
    """Refuse a file that yields no text, or too much."""
    chars = sum(len(x) for x in lines)
    if not any(x.strip() for x in lines):
        raise refuse(f"{what}: 읽을 수 있는 글자가 없습니다 — 본문이 있는 파일인지 확인해 주세요",
                     f"{what}: no text could be read; check that the file has a text body")  # fmt: skip
    if chars > MAX_CHARS:
        raise refuse(f"{what}: 글자 수가 {chars:,}자로 한도 {MAX_CHARS:,}자를 넘습니다 — 나눠 주세요",
                     f"{what}: {chars:,} characters, above the {MAX_CHARS:,} limit; split the report")  # fmt: skip


def clean_line(text: str) -> str:
    """One extracted line as stored: control characters (other than tab, which becomes a space) removed, no
    trailing whitespace, no line break inside."""
    out = []
    for ch in text:
        o = ord(ch)
        if ch == "\t":
            out.append(" ")
        elif o < 32 or o == 0x7F or 0x80 <= o < 0xA0 or ch in "\u2028\u2029\ufeff\ufffe":
            continue
        else:
            out.append(ch)
    return "".join(out).rstrip()


def split_lines(text: str) -> list[str]:
    """Text → cleaned lines (``\\r\\n``, ``\\r``, ``\\n``, form feed and the Unicode separators all break lines)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n").replace("\u2028", "\n")
    text = text.replace("\u2029", "\n").replace("\x0b", "\n")
    return [clean_line(x) for x in text.split("\n")]
