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
* **Running heads** (``제5장 … •151``, ``82 •중국 인터넷융합 …``, ``Executive Summary•199``) are dropped and end the
  page like a page number.
* **Footnotes** (``161) 「微医…」``) are passages of their own, never merged into body text: a line ``N) …`` is a
  footnote when the body referred to note N shortly before (``…있으며,166)``) and N does not go back; its following
  lines belong to it until its sentence ends (``…(검색일: 2018. 11. 5).``), the next note starts or the page ends.
* **Sentence ends** — a passage ends at every line that ends a sentence, so passages never cross a paragraph break
  (the extraction lost paragraph indents; a paragraph always ends with a sentence). A line that starts with the
  last syllable of a sentence (``…이루었`` / ``다. 특히``) continues the sentence: it is not a ``다.`` list marker.
* **Bullet glyphs** (``m``, ``❍``, ``□``, ``-`` …) that start a passage are not part of its text.

Passage ids are ``{doc_id}:{line_start}-{line_end}``: stable for as long as the stored file is unchanged.
"""

from __future__ import annotations

import bisect
import csv
import hashlib
import json
import re
import statistics
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

CATALOG_COLUMNS = ("doc_id", "file", "sha256", "title", "publisher", "published", "kind", "language")
#: optional catalog columns (DESIGN.md contract 1): the original file an ingested report was extracted from (stored
#: byte-identical beside the text), its sha256, the extractor that read it, its page count, and the page map file
OPTIONAL_CATALOG_COLUMNS = ("source_file", "source_sha256", "extractor", "pages", "page_map")

PAGE_NUMBER = re.compile(r"^\s*-\s*\d{1,4}\s*-\s*$")
HEADING_OR_BULLET = re.compile(
    r"^\s*(❍|□|■|○|◦|•|△|※|\*|m\s|-\s|[0-9]{1,2}\.\s|[가-하]\.\s|[가-하]\)\s|\(\d{1,2}\)|\d{1,2}\)\s|"
    r"표\s?\d|그림\s?\d|<표|Ⅰ|Ⅱ|Ⅲ|Ⅳ|Ⅴ|Ⅵ|\[)"
)
SENTENCE_END = re.compile(r"(다\.|음\.?|함\.?|됨\.?|[.!?]['\"”’)]?)\s*$")
HANGUL = re.compile(r"[\uac00-\ud7a3]")
HAN = re.compile(r"[\u3400-\u9fff]")
MAX_PASSAGE_LINES = 16
# ``제5장 … •151`` / ``82 •중국 …`` / ``Executive Summary•199``: a page's running head with its page number
RUNNING_HEAD = re.compile(r"^\s*(\d{1,3}\s*•\s*\S.*|\S.*•\s*\d{1,3})\s*$")
FOOTNOTE_START = re.compile(r"^(\d{1,3})\)\s")
FOOTNOTE_REF = re.compile(r"(?<=[^\s\d(\-~])(\d{1,3})\)")  # ``…있으며,166)``: a note mark glued to the text
KOREAN_LIST_MARK = re.compile(r"^\s*[가-하]\.\s")
SENTENCE_TAIL = re.compile(r"^[가-힣][.,]")  # ``다. 특히 …``: the last syllable of the previous line's sentence
BULLET_GLYPH = re.compile(r"^(?:m|❍|□|■|○|◦|•|△|-)\s+")
FOOTNOTE_WINDOW = 80  # lines: a note is printed on the page that refers to it
INLINE_BULLET = re.compile(r"^\s*(?:△|○|▲|·|∙|ㆍ|▪|◦)\s")  # list marks that also run inside a sentence
WIDER_BLOCK = 1.15  # a line this much wider than the body's full width belongs to another text block


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
    source_file: str = ""
    source_sha256: str = ""
    extractor: str = ""
    pages: str = ""
    page_map: str = ""  # file name (in data/reports) of the line → page map; empty for plain-text reports

    @property
    def lines(self) -> tuple[str, ...]:
        return read_lines(self.path)

    @property
    def layout(self) -> str:
        """``lines`` (a text whose lines are the source's printed lines: PDF, the stored reports) or ``paragraphs``
        (one line per paragraph: HWP, HWPX, DOCX, HTML), from the page map file (``"layout"``); ``lines`` without
        one."""
        return page_map_info(self.path.parent / self.page_map)[0] if self.page_map else "lines"

    def page_ranges(self) -> tuple[tuple[int, int], ...]:
        """0-based half-open line ranges of the pages (``()`` when no pages are known)."""
        return page_map_info(self.path.parent / self.page_map)[1] if self.page_map else ()

    def page_of(self, line: int) -> str | None:
        """The printed page label (or 1-based page number) on which stored line ``line`` stands, from the page map;
        ``None`` for a report stored as plain text (no pages known)."""
        if not self.page_map:
            return None
        return page_for_line(self.path.parent / self.page_map, line)


@dataclass(frozen=True)
class Passage:
    passage_id: str
    doc_id: str
    line_start: int
    line_end: int
    text: str
    footnote: bool = False  # a source note at a page's foot, not a statement of the report

    def ref(self) -> dict:
        return {"doc_id": self.doc_id, "line_start": self.line_start, "line_end": self.line_end}


@lru_cache(maxsize=64)
def read_lines(path: Path) -> tuple[str, ...]:
    """The file's lines (1-based citation coordinates are index + 1)."""
    return tuple(path.read_text(encoding="utf-8").splitlines())


@lru_cache(maxsize=64)
def _page_starts(map_path: Path) -> tuple[tuple[int, ...], tuple[str, ...]]:
    """A page map file: JSON ``{"pages": [{"page": 1, "label": "151", "line_start": 1, "line_end": 56}, …]}`` in
    page order (``label`` optional: the page number printed on the page, where the source has one)."""
    data = json.loads(map_path.read_text(encoding="utf-8"))
    pages = data["pages"]
    starts = tuple(int(p["line_start"]) for p in pages)
    labels = tuple(str(p.get("label") or p["page"]) for p in pages)
    return starts, labels


@lru_cache(maxsize=64)
def page_map_info(map_path: Path) -> tuple[str, tuple[tuple[int, int], ...]]:
    """``(layout, page ranges)`` of a page map file: ``layout`` is ``"lines"`` unless the file says ``"paragraphs"``;
    ranges are 0-based half-open ``(first, stop)`` line ranges, one per page."""
    data = json.loads(map_path.read_text(encoding="utf-8"))
    ranges = tuple((int(p["line_start"]) - 1, int(p["line_end"])) for p in data.get("pages", []))
    return (data.get("layout") or "lines"), ranges


def page_for_line(map_path: Path, line: int) -> str | None:
    starts, labels = _page_starts(map_path)
    k = bisect.bisect_right(starts, line) - 1
    return labels[k] if k >= 0 else None


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
            optional = {c: (row.get(c) or "").strip() for c in OPTIONAL_CATALOG_COLUMNS}
            if optional["page_map"] and not (reports_dir / optional["page_map"]).is_file():
                raise CorpusError(f"{catalog} row {row_no}: page map {optional['page_map']!r} does not exist")
            docs[doc_id] = Document(**{c: row[c].strip() for c in CATALOG_COLUMNS}, path=path, **optional)
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
    """What joining needs to know about a document: its full line width, the words it uses, and their prefixes."""

    full_width: float
    words: frozenset[str]
    prefixes: frozenset[str] = frozenset()  # every prefix of three or more syllables of a Hangul word
    #: whether the text keeps a space at the end of a line that ends a word (the stored reports do; PDFium drops
    #: it): without it a line end says nothing, and Kiwi's spacing model decides a Hangul–Hangul break
    end_spaces: bool = True


@lru_cache(maxsize=64)
def layout_of(path: Path) -> Layout:
    """The :class:`Layout` of a stored file (cached)."""
    return _layout(read_lines(path))


def _layout(lines: tuple[str, ...]) -> Layout:
    words = frozenset(w.strip(PUNCT) for ln in lines for w in ln.split())
    prefixes = frozenset(w[:k] for w in words if HANGUL.match(w[:1]) for k in range(3, len(w) + 1))
    end_spaces = any(ln.endswith(" ") and ln.strip() for ln in lines)
    return Layout(_full_width(lines), words, prefixes, end_spaces)


def display_width(text: str) -> int:
    """Columns the text takes in print: wide (Hangul, CJK) characters count 2."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _full_width(lines: tuple[str, ...]) -> float:
    widths = [display_width(ln.rstrip()) for ln in lines if ln.strip()]
    return statistics.quantiles(widths, n=10)[7] if len(widths) >= 10 else float(max(widths, default=1))


def _broken_word(prev: str, nxt: str, layout: Layout) -> bool:
    """Whether ``prev``'s last word continues on ``nxt`` (join without a space).

    A trailing space or an indented next line marks a word end. Two Han (Chinese) sides always join (Chinese has no
    spaces: ``杭州城市数据`` / ``大脑规划``). For Hangul: a next line that starts with the last syllable of a sentence
    (``이루었`` / ``다.``) or with a stranded syllable (``서 접근…``) continues the word; so does a pair whose joined
    form the document uses elsewhere as a word or word start (``베이`` + ``징에``, ``고도`` + ``화를``, ``인공`` +
    ``지능``) — even on a line that is not full width (narrow table cells wrap too). Otherwise only a wrapped line
    (≥ 85 % of the full display width) can break a word, and a word of two or more syllables ending in a particle or
    verb ending, or a one-syllable word (``간``, ``및``), is complete.
    """
    if not prev or not nxt or prev.endswith(" ") or nxt[:1].isspace():
        return False
    if HAN.match(prev[-1]) and HAN.match(nxt[:1]):
        return True
    if not (HANGUL.match(prev[-1]) and HANGUL.match(nxt[:1])):
        return False
    if SENTENCE_TAIL.match(nxt):
        return True
    first_next = nxt.split()[0]
    last_word = prev.split()[-1]
    joined = (last_word + first_next).strip(PUNCT)
    if joined in layout.words or (last_word + first_next[0]).strip(PUNCT) in layout.prefixes:
        return True
    if not layout.end_spaces:
        return _kiwi_joins(last_word.strip(PUNCT), first_next.strip(PUNCT))
    if display_width(prev.rstrip()) < 0.85 * layout.full_width:
        return False
    if len(first_next) == 1 and first_next not in ONE_SYLLABLE_WORDS:
        return True
    if len(last_word) == 1 and last_word in ONE_SYLLABLE_WORDS:
        return False
    return not (len(last_word) >= 2 and last_word[-1] in PARTICLE_ENDINGS)


@lru_cache(maxsize=65536)
def _kiwi_joins(left: str, right: str) -> bool:
    """Whether Kiwi's spacing model (``Kiwi.space``) writes ``left`` + ``right`` as one word: it is asked to space
    the two glued together, and the break is a broken word unless it puts a space back at the junction
    (``시비``+``시기를`` → ``시비 시기를``: two words; ``응``+``용하여`` → ``응용하여``: one)."""
    from features.search import _kiwi

    kiwi = _kiwi()
    if kiwi is None or not left or not right:
        return False
    spaced = kiwi.space(left + right, reset_whitespace=False)
    return spaced.replace(" ", "")[: len(left)] == left and not spaced.startswith(left + " ")


def join_lines(raw: list[str], layout: Layout) -> str:
    """Join extracted lines into one clean string, mending words broken across lines; a leading bullet glyph goes."""
    out = ""
    prev = ""
    for line in raw:
        if not line.strip() or RUNNING_HEAD.match(line) or PAGE_NUMBER.match(line):
            continue
        if not out:
            out = BULLET_GLYPH.sub("", line.strip())
        elif _broken_word(prev, line, layout):
            out += line.strip()
        else:
            out += " " + line.strip()
        prev = line
    return re.sub(r"\s+", " ", out).strip()


def is_page_break(line: str) -> bool:
    """A page number (``- 4 -``) or a running head (``제5장 … •151``): not text, and the page ends there."""
    return bool(PAGE_NUMBER.match(line) or RUNNING_HEAD.match(line))


def segment(doc_id: str, lines: tuple[str, ...], pages=None, layout: str = "lines") -> list[Passage]:
    """Split a document into passages: sentences-to-paragraphs, never across a paragraph end, footnotes apart, at
    most ``MAX_PASSAGE_LINES`` lines (rules in the module docstring).

    ``pages`` (0-based half-open line ranges, from an ingested report's page map) switches from the stored reports'
    page marks (a leading space; a page number or running head) to the page map: page furniture
    (:func:`features.ingest.passages.furniture_lines`) is skipped, and a sentence that runs on over a page break —
    past the page's foot, its footnotes and the next page's head — is joined (the pages of an ingested file are all
    there, unlike the stored KIEP text, where a page start always ends a passage). ``layout="paragraphs"`` (HWP,
    HWPX, DOCX, HTML: one line per paragraph) ends a passage at every line. A table row (cells joined by `` | ``)
    is a passage of its own."""
    layout_ = _layout(lines)
    full_width = layout_.full_width
    paged = bool(pages)
    furniture: set[int] = set()
    page_first: set[int] = set()
    if paged:
        from features.ingest.passages import furniture_lines

        furniture = furniture_lines(lines, pages)
        for first, stop in list(pages)[1:]:
            body = next((i for i in range(first, min(stop, len(lines))) if lines[i].strip() and i not in furniture),
                        None)  # fmt: skip
            if body is not None:
                page_first.add(body)
    passages: list[Passage] = []
    block: list[int] = []  # 0-based indexes of the text lines in the current passage
    suspended: list[int] = []  # a body sentence interrupted by the footnotes at a page's foot (paged reports)
    note_refs: dict[int, int] = {}  # footnote number → last line index that referred to it
    last_note = 0
    in_notes = False  # inside a footnote whose sentence has not ended yet
    note_block = False  # the current block is a footnote

    def flush(into: list[Passage] = passages):
        if block:
            text = join_lines([lines[j] for j in block], layout_)
            if len(text) >= 2:
                a, b = block[0] + 1, block[-1] + 1
                into.append(Passage(f"{doc_id}:{a}-{b}", doc_id, a, b, text, note_block))
            block.clear()

    def open_sentence(idx: list[int]) -> bool:
        if not idx:
            return False
        prev = lines[idx[-1]].rstrip()
        return not SENTENCE_END.search(prev) and display_width(prev) >= 0.5 * full_width and " | " not in prev

    def footnote_start(i: int, line: str) -> bool:
        m = FOOTNOTE_START.match(line)
        if not m:
            return False
        n = int(m.group(1))
        return n >= last_note and i - note_refs.get(n, -10**9) <= FOOTNOTE_WINDOW

    for i, line in enumerate(lines):
        if not line.strip() or i in furniture:
            continue
        if not paged and is_page_break(line):
            flush()
            in_notes = False
            continue
        page_start = i in page_first if paged else is_page_start(lines, i)
        if page_start:
            in_notes = False
        if footnote_start(i, line):
            if paged and not note_block and layout == "lines" and open_sentence(block):
                suspended = list(block)  # the sentence may go on after the notes, on the next page
                block.clear()
            flush()
            note_block = True
            last_note = int(FOOTNOTE_START.match(line).group(1))
            block.append(i)
            in_notes = not SENTENCE_END.search(line.rstrip())
            continue
        if in_notes and not line[:1].isspace() and len(block) < MAX_PASSAGE_LINES:
            block.append(i)  # a footnote's continuation line
            in_notes = not SENTENCE_END.search(line.rstrip())  # a note ends with its sentence (``…검색일: ….).``)
            continue
        if in_notes or note_block:
            flush()
            in_notes = note_block = False
        if suspended:
            if page_start:
                block[:] = suspended  # resume the interrupted sentence on the new page
            else:
                block[:] = suspended
                flush()
            suspended = []
        for m in FOOTNOTE_REF.finditer(line):
            note_refs[int(m.group(1))] = i
        if block:
            prev = lines[block[-1]].rstrip()
            width = display_width(prev)
            short = width < 0.5 * full_width  # headings, table cells and paragraph ends are short
            paragraph_end = short or bool(SENTENCE_END.search(prev)) or layout == "paragraphs"
            if paged and width < 0.85 * full_width:
                paragraph_end = True  # a PDF line that does not reach the margin ends its paragraph or heading
            # ``다. …`` starts a list item only after a sentence end (then paragraph_end holds anyway); after a
            # wrapped line it is the end of that line's sentence (``…이루었`` / ``다. 특히``)
            heading = HEADING_OR_BULLET.match(line) and not KOREAN_LIST_MARK.match(line)
            if heading and INLINE_BULLET.match(line) and not paragraph_end and width >= 0.85 * full_width:
                heading = False  # ``…관련하여`` / ``△ 규범 제정 △ …``: an inline list inside a running sentence
            # a markedly wider line after a body line is another text block (a box, a table, another page's layout)
            wider = display_width(line.rstrip()) > WIDER_BLOCK * full_width and width <= 1.05 * full_width
            table = " | " in line or " | " in prev
            crossing = page_start and (not paged or paragraph_end)
            if crossing or heading or paragraph_end or wider or table or len(block) >= MAX_PASSAGE_LINES:
                flush()
        block.append(i)
    if suspended:
        held, block[:] = list(block), suspended
        note_block, was = False, note_block
        flush()
        block[:], note_block = held, was
    flush()
    if paged:
        passages.sort(key=lambda p: (p.line_start, p.line_end))
    return passages


def build_passages(docs: dict[str, Document]) -> list[Passage]:
    """All passages of all documents, in catalog order then line order."""
    out: list[Passage] = []
    for doc in docs.values():
        out.extend(segment(doc.doc_id, doc.lines, doc.page_ranges(), doc.layout))
    return out


def quote(docs: dict[str, Document], doc_id: str, line_start: int, line_end: int) -> str:
    """The cleaned text of the cited lines, read from the stored file (what the app shows as a quote)."""
    doc = docs[doc_id]
    return join_lines(list(doc.lines[line_start - 1 : line_end]), layout_of(doc.path))
