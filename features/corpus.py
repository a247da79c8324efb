"""Report corpus: the catalog, the stored files, and clean passages with their exact source line spans.

The stored reports are PDF extractions (see ``docs/METHOD.md`` § Corpus). Their quirks and how they are handled:

* **Blank lines inside paragraphs** — every other line of the KIEP report is blank; blank lines are ignored when
  joining and never end a passage on their own.
* **Words broken across lines** — a wrapped (full-width) line that ends in Hangul without a trailing space and is
  followed by Hangul is joined without a space (``…급변하는 중`` / ``국의 …`` → ``중국의``), unless its last word
  already ends in a particle or verb ending (``응용을`` / ``촉진하며`` keeps its space). A trailing space, a short
  line, or a non-Hangul side always means a word boundary.
* **Page numbers** (``- 4 -``) are dropped.
* **Page starts** — the extraction begins each page with one leading space. Pages are missing from the KIEP report
  (roughly every other one in chapters 4–6), so a passage never runs across a page start: no sentence is ever
  completed with text from a different page.

Passage ids are ``{doc_id}:{line_start}-{line_end}``: stable for as long as the stored file is unchanged.
"""

from __future__ import annotations

import csv
import hashlib
import re
import statistics
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

CATALOG_COLUMNS = ("doc_id", "file", "sha256", "title", "publisher", "published", "kind", "language")

PAGE_NUMBER = re.compile(r"^\s*-\s*\d{1,4}\s*-\s*$")
HEADING_OR_BULLET = re.compile(
    r"^\s*(❍|□|■|○|◦|•|△|※|\*|m\s|-\s|[0-9]{1,2}\.\s|[가-하]\.\s|[가-하]\)\s|\(\d{1,2}\)|\d{1,2}\)\s|"
    r"표\s?\d|그림\s?\d|<표|Ⅰ|Ⅱ|Ⅲ|Ⅳ|Ⅴ|Ⅵ|\[)"
)
SENTENCE_END = re.compile(r"(다\.|음\.?|함\.?|됨\.?|[.!?]['\"”’)]?)\s*$")
HANGUL = re.compile(r"[\uac00-\ud7a3]")
MAX_PASSAGE_LINES = 16


class CorpusError(ValueError):
    """A corpus file or catalog row is unusable; the message names the file and the row."""


@dataclass(frozen=True)
class Document:
    doc_id: str
    file: str
    sha256: str
    title: str
    publisher: str
    published: str
    kind: str
    language: str
    path: Path

    @property
    def lines(self) -> tuple[str, ...]:
        return read_lines(self.path)


@dataclass(frozen=True)
class Passage:
    passage_id: str
    doc_id: str
    line_start: int
    line_end: int
    text: str

    def ref(self) -> dict:
        return {"doc_id": self.doc_id, "line_start": self.line_start, "line_end": self.line_end}


@lru_cache(maxsize=64)
def read_lines(path: Path) -> tuple[str, ...]:
    """The file's lines (1-based citation coordinates are index + 1)."""
    return tuple(path.read_text(encoding="utf-8").splitlines())


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def load_catalog(reports_dir: Path, verify: bool = True) -> dict[str, Document]:
    """Read ``catalog.csv``; with ``verify`` every file must exist and match its sha256."""
    catalog = reports_dir / "catalog.csv"
    if not catalog.is_file():
        raise CorpusError(f"{catalog}: the report catalog is missing")
    with catalog.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        missing = [c for c in CATALOG_COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise CorpusError(f"{catalog}: missing columns {', '.join(missing)}")
        docs: dict[str, Document] = {}
        for row_no, row in enumerate(reader, start=2):
            doc_id = (row["doc_id"] or "").strip()
            if not re.fullmatch(r"[a-z0-9_]+", doc_id):
                raise CorpusError(f"{catalog} row {row_no}: doc_id {doc_id!r} must be lower-case letters, digits, _")
            if doc_id in docs:
                raise CorpusError(f"{catalog} row {row_no}: duplicate doc_id {doc_id!r}")
            path = reports_dir / row["file"]
            if not path.is_file():
                raise CorpusError(f"{catalog} row {row_no}: file {row['file']!r} does not exist")
            if verify and sha256_of(path) != row["sha256"].strip().lower():
                raise CorpusError(
                    f"{catalog} row {row_no}: sha256 of {row['file']} does not match the catalog "
                    f"(file {sha256_of(path)[:12]}…, catalog {row['sha256'][:12]}…)"
                )
            docs[doc_id] = Document(**{c: row[c].strip() for c in CATALOG_COLUMNS}, path=path)
    return docs


def is_page_start(lines: tuple[str, ...], i: int) -> bool:
    """Line ``i`` (0-based) begins a new PDF page: one leading space, after a non-blank line or at a page number."""
    line = lines[i]
    if not (line.startswith(" ") and len(line) > 1 and not line[1].isspace()):
        return False
    return i == 0 or bool(lines[i - 1].strip()) or bool(PAGE_NUMBER.match(lines[i - 1]))


ONE_SYLLABLE_WORDS = frozenset("및 수 등 것 더 또 각 그 약 중 전 후 총 위 이 저 제 새 온 두 세 네 첫 한 안 못 잘 곧 꼭 즉 곳 때 뿐 줄 내 외 간".split())
PUNCT = ".,:;!?()[]{}'\"“”‘’「」『』·ㆍ…-"
PARTICLE_ENDINGS = frozenset("을 를 은 는 이 가 에 의 와 과 로 도 며 고 서 여 면 다 음 함 됨 등 및 만 나 요".split())


@dataclass(frozen=True)
class Layout:
    """What joining needs to know about a document: its full line width and the words it uses."""

    full_width: float
    words: frozenset[str]


@lru_cache(maxsize=64)
def layout_of(path: Path) -> Layout:
    """The :class:`Layout` of a stored file (cached)."""
    return _layout(read_lines(path))


def _layout(lines: tuple[str, ...]) -> Layout:
    words = frozenset(w.strip(PUNCT) for ln in lines for w in ln.split())
    return Layout(_full_width(lines), words)


def display_width(text: str) -> int:
    """Columns the text takes in print: wide (Hangul, CJK) characters count 2."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _full_width(lines: tuple[str, ...]) -> float:
    widths = [display_width(ln.rstrip()) for ln in lines if ln.strip()]
    return statistics.quantiles(widths, n=10)[7] if len(widths) >= 10 else float(max(widths, default=1))


def _broken_word(prev: str, nxt: str, layout: Layout) -> bool:
    """Whether ``prev``'s last word continues on ``nxt`` (join without a space).

    Only a line that was wrapped (≥ 85 % of the full display width) can break a word; a trailing space marks a
    word end; both sides must be Hangul. A next line that starts with a stranded syllable (``서 접근…``) continues
    the word, and so does a pair whose joined form the document uses elsewhere (``베이`` + ``징에``); otherwise a
    word of two or more syllables ending in a particle or verb ending is complete.
    """
    if not prev or not nxt or prev.endswith(" "):
        return False
    if display_width(prev.rstrip()) < 0.85 * layout.full_width:
        return False
    if not (HANGUL.match(prev[-1]) and HANGUL.match(nxt.lstrip()[:1] or " ")):
        return False
    first_next = nxt.split()[0]
    if len(first_next) == 1 and first_next not in ONE_SYLLABLE_WORDS:
        return True
    last_word = prev.split()[-1]
    if (last_word + first_next).strip(PUNCT) in layout.words:
        return True
    return not (len(last_word) >= 2 and last_word[-1] in PARTICLE_ENDINGS)


def join_lines(raw: list[str], layout: Layout) -> str:
    """Join extracted lines into one clean string, mending words broken across lines."""
    out = ""
    prev = ""
    for line in raw:
        if not line.strip():
            continue
        if not out:
            out = line.strip()
        elif _broken_word(prev, line, layout):
            out += line.strip()
        else:
            out += " " + line.strip()
        prev = line
    return re.sub(r"\s+", " ", out).strip()


def segment(doc_id: str, lines: tuple[str, ...]) -> list[Passage]:
    """Split a document into passages: paragraphs, never across a page start, at most ``MAX_PASSAGE_LINES`` lines."""
    layout = _layout(lines)
    full_width = layout.full_width
    passages: list[Passage] = []
    block: list[int] = []  # 0-based indexes of the text lines in the current passage

    def flush():
        if block:
            text = join_lines([lines[j] for j in block], layout)
            if len(text) >= 2:
                a, b = block[0] + 1, block[-1] + 1
                passages.append(Passage(f"{doc_id}:{a}-{b}", doc_id, a, b, text))
            block.clear()

    for i, line in enumerate(lines):
        if not line.strip():
            continue
        if PAGE_NUMBER.match(line):
            flush()
            continue
        if block:
            prev = lines[block[-1]].rstrip()
            width = display_width(prev)
            short = width < 0.5 * full_width  # headings, table cells and paragraph ends are short
            paragraph_end = short or (SENTENCE_END.search(prev) and width < 0.85 * full_width)
            if (
                is_page_start(lines, i)
                or HEADING_OR_BULLET.match(line)
                or paragraph_end
                or len(block) >= MAX_PASSAGE_LINES
            ):
                flush()
        block.append(i)
    flush()
    return passages


def build_passages(docs: dict[str, Document]) -> list[Passage]:
    """All passages of all documents, in catalog order then line order."""
    out: list[Passage] = []
    for doc in docs.values():
        out.extend(segment(doc.doc_id, doc.lines))
    return out


def quote(docs: dict[str, Document], doc_id: str, line_start: int, line_end: int) -> str:
    """The cleaned text of the cited lines, read from the stored file (what the app shows as a quote)."""
    doc = docs[doc_id]
    return join_lines(list(doc.lines[line_start - 1 : line_end]), layout_of(doc.path))
