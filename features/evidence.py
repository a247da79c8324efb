"""Evidence references: ``{"doc_id", "line_start", "line_end"}`` (DESIGN.md contract 2).

In the curated CSV/YAML files a reference is written ``doc_id:START-END`` and several are joined by ``;``.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from features.corpus import Document

REF_TEXT = re.compile(r"^\s*([a-z0-9_]+):(\d+)-(\d+)\s*$")


class EvidenceError(ValueError):
    """A citation does not parse or does not resolve to non-blank lines of a stored report."""


@dataclass(frozen=True, order=True)
class EvidenceRef:
    doc_id: str
    line_start: int
    line_end: int

    def as_dict(self) -> dict:
        return {"doc_id": self.doc_id, "line_start": self.line_start, "line_end": self.line_end}

    def __str__(self) -> str:
        return f"{self.doc_id}:{self.line_start}-{self.line_end}"


def parse_refs(text: str | list | None) -> list[EvidenceRef]:
    """Parse ``"doc:1-2;doc:5-9"`` (or a list of such strings) into references; raises on a malformed part."""
    if text is None:
        return []
    parts = text if isinstance(text, list) else str(text).split(";")
    refs = []
    for part in parts:
        if not str(part).strip():
            continue
        m = REF_TEXT.match(str(part))
        if not m:
            raise EvidenceError(f"citation {part!r} is not of the form doc_id:START-END")
        refs.append(EvidenceRef(m.group(1), int(m.group(2)), int(m.group(3))))
    return refs


def validate_ref(ref: EvidenceRef, docs: dict[str, Document]) -> None:
    """Raise unless the reference names a catalogued document and covers existing, non-blank lines."""
    doc = docs.get(ref.doc_id)
    if doc is None:
        raise EvidenceError(f"citation {ref} names an unknown doc_id {ref.doc_id!r}")
    lines = doc.lines
    if not (1 <= ref.line_start <= ref.line_end <= len(lines)):
        raise EvidenceError(f"citation {ref} is outside {doc.file} ({len(lines)} lines)")
    if not any(x.strip() for x in lines[ref.line_start - 1 : ref.line_end]):
        raise EvidenceError(f"citation {ref} covers only blank lines of {doc.file}")


def cited_compact_text(ref: EvidenceRef, docs: dict[str, Document]) -> str:
    """The cited lines with all whitespace removed (for checking that a stated name or number is there)."""
    lines = docs[ref.doc_id].lines[ref.line_start - 1 : ref.line_end]
    return re.sub(r"\s+", "", "".join(lines))


# ---------------------------------------------------------------- readable quotes (sentence-bounded, merged)
#
# A cited line range is a pair of PDF-extraction line numbers: its first line may begin in the middle of a word
# (``키고 있다.``, the tail of ``증가시키고``) and its last line may stop mid-sentence (``…추진해 왔``). A reader
# needs whole sentences. :func:`readable_quote` widens the cited range to the sentence start before it and the
# sentence end after it, never leaving the passages (``features.corpus.segment``) the range touches; where a passage
# starts mid-sentence (its page's beginning is missing from the extraction: ``태계가 …``) the fragment is trimmed to
# whole sentences instead — but a passage the splitter began mid-sentence inside a page (``소 부주임은``, the sentence
# starting on the line before) is read with the passage before it, so the quote widens to the sentence's start; where no whole sentence is left, the cited words are cut between words and the cut is
# marked ``…``. Sentence ends: ``.``/``?``/``!``/``。`` (with closing quotes and a glued note mark, ``수준이다.45)``)
# before a space, and every line that ends a sentence by the corpus rule (``…함``, ``…됨``).
# :func:`readable_quotes` also merges overlapping or contained references (``2563–2569`` and ``2565–2569`` → one
# quote) and, for a Korean reader, leaves out a non-Korean passage (the KIEP report's English executive summary)
# whenever a Korean one is cited.

#: ``…있다.`` / ``…했다.”`` / ``?`` / ``!`` / ``。`` followed by a space or the end: a sentence end. A period between
#: digits (``2018. 11. 5``), inside a number (``(90.8)``) or after a lone capital (``U.S.``) is not (checked where used).
_SENT_END = re.compile(r"[.!?。][\"'”’)\]]*(?:\d{1,3}\))?(?=\s|$)")
_HANGUL = re.compile(r"[\uac00-\ud7a3]")
_LETTER = re.compile(r"[A-Za-z\uac00-\ud7a3\u3400-\u9fff]")
ELLIPSIS = " …"


@dataclass(frozen=True)
class Quote:
    """Whole sentences read from the stored file: ``text`` spans lines ``line_start``–``line_end`` of ``doc_id``;
    ``cited`` are the references it stands for (one or several merged); ``lang`` is ``ko`` or ``en``/``zh``."""

    doc_id: str
    line_start: int
    line_end: int
    text: str
    lang: str
    cited: tuple[EvidenceRef, ...]

    def ref(self) -> dict:
        return {"doc_id": self.doc_id, "line_start": self.line_start, "line_end": self.line_end}


def text_language(text: str) -> str:
    """``ko`` when at least 30 % of the letters are Hangul; otherwise ``en`` (Latin) or ``zh`` (Han)."""
    letters = _LETTER.findall(text)
    if not letters:
        return "ko"
    if len(_HANGUL.findall(text)) >= 0.3 * len(letters):
        return "ko"
    latin = sum(1 for ch in letters if ch.isascii())
    return "en" if latin >= 0.5 * len(letters) else "zh"


def _as_ref(ref) -> EvidenceRef:
    if isinstance(ref, EvidenceRef):
        return ref
    return EvidenceRef(ref["doc_id"], int(ref["line_start"]), int(ref["line_end"]))


def merge_refs(refs) -> list[tuple[EvidenceRef, tuple[EvidenceRef, ...]]]:
    """Overlapping or contained references of one document become one (their union), in first-cited order.

    Returns ``(union, members)`` pairs. Touching ranges that do not share a line stay apart."""
    refs = [_as_ref(r) for r in refs]
    groups: list[list] = []  # [doc, start, end, members, first_index]
    for i, r in enumerate(refs):
        hit = [g for g in groups if g[0] == r.doc_id and r.line_start <= g[2] and g[1] <= r.line_end]
        if not hit:
            groups.append([r.doc_id, r.line_start, r.line_end, [r], i])
            continue
        keep = hit[0]
        for g in hit[1:]:  # a wide reference can join two groups
            keep[1], keep[2] = min(keep[1], g[1]), max(keep[2], g[2])
            keep[3] += g[3]
            groups.remove(g)
        keep[1], keep[2] = min(keep[1], r.line_start), max(keep[2], r.line_end)
        if r not in keep[3]:
            keep[3].append(r)
    groups.sort(key=lambda g: g[4])
    return [(EvidenceRef(g[0], g[1], g[2]), tuple(g[3])) for g in groups]


def _line_offsets(lines, start: int, end: int, text: str, layout) -> dict[int, int]:
    """Character offset in ``text`` (the passage's joined text) at which each line ``start..end`` begins."""
    from features.corpus import join_lines

    out = {}
    for j in range(start, end + 1):
        pre = join_lines(list(lines[start - 1 : j - 1]), layout)
        out[j] = len(pre) + (1 if pre and text[len(pre) : len(pre) + 1] == " " else 0)
    return out


def _first_word_is_fragment(text: str, counts: dict) -> bool:
    """``태계가`` on a page start whose previous page is missing: the word occurs once in the document, and a longer
    word of the document ends with it (``생태계가``) — the start of its sentence is lost."""
    words = text.split()
    first = words[0].strip(PUNCT_CHARS) if words else ""
    if len(first) < 2 or not _HANGUL.match(first[:1]) or counts.get(first, 0) > 1:
        return False
    return any(w != first and w.endswith(first) for w in counts)


PUNCT_CHARS = ".,;:!?()[]{}'\"“”‘’·「」『』<>"


_DOCS: dict = {}  # (doc_id, sha256, id(passages), len) → _Doc: built once per document and passage list


class _Doc:
    """One document's passages in order, with which of them start and end cleanly (at a sentence boundary)."""

    def __init__(self, doc, passages):
        from features.corpus import HEADING_OR_BULLET, SENTENCE_END, display_width, is_page_start, layout_of

        self.lines = doc.lines
        self.layout = layout_of(doc.path)
        self.passages = sorted((p for p in passages if p.doc_id == doc.doc_id), key=lambda p: p.line_start)
        full = self.layout.full_width
        n = len(self.passages)
        heads = [bool(HEADING_OR_BULLET.match(self.lines[p.line_start - 1])) for p in self.passages]
        counts = Counter(w.strip(PUNCT_CHARS) for line in self.lines for w in line.split())
        ends = []
        for p in self.passages:
            t = p.text.rstrip()
            last = [m.end() for m in _SENT_END.finditer(t)]
            ends.append(bool(SENTENCE_END.search(t)) or (bool(last) and last[-1] == len(t))
                        or display_width(self.lines[p.line_end - 1].rstrip()) < 0.5 * full)  # fmt: skip
        self.clean_end = [ends[k] or (k + 1 < n and heads[k + 1]) for k in range(n)]
        self.clean_start = []
        #: a page's first passage whose first word is the tail of a longer one (``태계가``): its page before is
        #: missing from the extraction, so the passage before it is no part of its sentence
        self.orphan = [is_page_start(self.lines, p.line_start - 1) and _first_word_is_fragment(p.text, counts)
                       for p in self.passages]  # fmt: skip
        prev_body_end = True  # whether the last body (non-footnote) passage ended a sentence
        for k, p in enumerate(self.passages):
            ok = k == 0 or heads[k] or prev_body_end
            if ok and not heads[k] and is_page_start(self.lines, p.line_start - 1):
                ok = not _first_word_is_fragment(p.text, counts)
            self.clean_start.append(ok)
            if not p.footnote:
                prev_body_end = self.clean_end[k]
        self._offsets: dict[int, dict[int, int]] = {}  # passage position → _line_offsets (pure: computed once)
        self._ends: dict[int, list[int]] = {}  # passage position → sentence_ends

    def line_offsets(self, k: int) -> dict[int, int]:
        """:func:`_line_offsets` of passage ``k``, computed once per document (issue 19: a profile shows ~50 quotes)."""
        offs = self._offsets.get(k)
        if offs is None:
            p = self.passages[k]
            offs = self._offsets[k] = _line_offsets(self.lines, p.line_start, p.line_end, p.text, self.layout)
        return offs

    def ends_of(self, k: int) -> list[int]:
        """:meth:`sentence_ends` of passage ``k``, computed once per document."""
        ends = self._ends.get(k)
        if ends is None:
            ends = self._ends[k] = self.sentence_ends(self.passages[k], self.line_offsets(k))
        return ends

    def sentence_ends(self, p, offs: dict[int, int] | None = None) -> list[int]:
        """Offsets in ``p.text`` just after each sentence end (punctuation, or a line that ends a sentence)."""
        from features.corpus import SENTENCE_END

        out = []
        for m in _SENT_END.finditer(p.text):
            before, after = p.text[m.start() - 1 : m.start()], p.text[m.end() :].lstrip()[:1]
            if before.isdigit() and (after.isdigit() or any(ch.isdigit() for ch in m.group())):
                continue  # 2018. 11. 5 / (90.8) — a number, not a sentence end
            if before.isupper() and p.text[m.start() - 2 : m.start() - 1] in (".", " ", ""):
                continue  # U.S.
            out.append(m.end())
        if offs is None:
            offs = _line_offsets(self.lines, p.line_start, p.line_end, p.text, self.layout)
        for j in range(p.line_start, p.line_end):
            line = self.lines[j - 1].rstrip()
            if line.strip() and SENTENCE_END.search(line):
                nxt = offs[j + 1]
                out.append(nxt - 1 if nxt > 0 and p.text[nxt - 1 : nxt] == " " else nxt)
        return sorted(set(out))


def readable_quote(docs, passages, doc_id: str, line_start: int, line_end: int,
                   cited: tuple[EvidenceRef, ...] = ()) -> Quote:  # fmt: skip
    """The cited lines as whole sentences (see the section comment above); the returned line range is the one the
    text actually spans. Falls back to the plain cleaned lines when no passage covers the range."""
    from features.corpus import join_lines

    doc = docs[doc_id]
    key = (doc_id, doc.sha256, id(passages), len(passages))
    d = _DOCS.get(key)
    if d is None:
        if len(_DOCS) > 16:
            _DOCS.clear()
        d = _DOCS[key] = _Doc(doc, passages)
    lines = d.lines
    cited = cited or (EvidenceRef(doc_id, line_start, line_end),)
    idx = [k for k, p in enumerate(d.passages) if p.line_end >= line_start and p.line_start <= line_end]
    k = idx[0] if idx else 0
    if k > 0 and not d.clean_start[k] and not d.clean_end[k - 1] and not d.orphan[k] \
            and _joins(d.passages[k - 1], d.passages[k]):
        # panel 26 F01: a passage the splitter began mid-sentence ("소 부주임은", seminar 69, whose sentence starts on
        # line 68) is read with the passage before it, so the quote can widen to the sentence's start
        idx.insert(0, idx[0] - 1)
    if not idx:
        text = join_lines(list(lines[line_start - 1 : line_end]), d.layout)
        return Quote(doc_id, line_start, line_end, text, text_language(text), cited)
    text, starts, ends, line_at = "", set(), set(), []
    for k in idx:
        p = d.passages[k]
        base = len(text) + (1 if text else 0)
        text = f"{text} {p.text}" if text else p.text
        offs = d.line_offsets(k)
        line_at += [(base + o, j) for j, o in offs.items()]
        if d.clean_start[k]:
            starts.add(base)
        for e in d.ends_of(k):
            ends.add(base + e)
            rest = p.text[e:]
            nxt = e + len(rest) - len(rest.lstrip())
            if nxt < len(p.text):
                starts.add(base + nxt)
        if d.clean_end[k]:
            ends.add(base + len(p.text))
    line_at.sort()

    def offset_of(line: int, end: bool) -> int:
        if end:
            later = [o for o, j in line_at if j > line]
            return (later[0] - 1) if later and later[0] > 0 else len(text)
        here = [o for o, j in line_at if j >= line]
        return here[0] if here else 0

    a, b = offset_of(line_start, False), offset_of(line_end, True)
    while b > a and text[b - 1] == " ":
        b -= 1
    # widen to the sentence around the cited words; else trim to whole sentences inside; else (the sentence runs
    # onto a page the extraction lacks) cut between words and mark the cut with …
    before = [x for x in starts if x <= a]
    inside = [x for x in starts if a <= x < b]
    cut_a = not before and not inside
    a2 = max(before) if before else (min(inside) if inside else a)
    after = [x for x in ends if x >= b]
    inner = [x for x in ends if a2 < x <= b]
    cut_b = not after and not inner
    b2 = min(after) if after else (max(inner) if inner else b)
    if b2 <= a2:
        a2, b2, cut_a, cut_b = a, b, a not in starts, b not in ends
    if cut_a and a2 > 0 and text[a2 - 1] != " ":
        a2 = text.find(" ", a2, b2) + 1 or a2
    if cut_b and b2 < len(text) and text[b2 : b2 + 1] != " " and text.rfind(" ", a2, b2) > a2:
        b2 = text.rfind(" ", a2, b2)
    lead = "… " if cut_a else ""
    tail = ELLIPSIS if cut_b else ""
    body = mend_line_hyphens(text[a2:b2], [o - a2 for o, _ in line_at if a2 < o < b2])
    quote = lead + body.strip() + tail
    first = max((j for o, j in line_at if o <= a2), default=d.passages[idx[0]].line_start)
    last = max((j for o, j in line_at if o < b2), default=d.passages[idx[-1]].line_end)
    return Quote(doc_id, first, max(first, last), quote, text_language(quote), cited)


def _joins(before, after) -> bool:
    """Two passages of one sentence's run: ``after`` follows ``before`` with at most one line between (a blank line or a
    page break) and neither is a footnote."""
    return not before.footnote and not after.footnote and after.line_start - before.line_end <= 2


def mend_line_hyphens(text: str, line_starts) -> str:
    """Words the PDF hyphenated across two stored lines, joined for display (panel 7: "com- panies"): at each offset
    in ``line_starts`` where a line begins, a previous line ending in a letter + ``-`` and this line starting with a
    lowercase letter lose the hyphen and the joining space. Everything else stays the stored text."""
    for o in sorted(set(line_starts), reverse=True):
        if 2 < o < len(text) and text[o - 2 : o] == "- " and text[o - 3].isalpha() and text[o].islower():
            text = text[: o - 2] + text[o:]
    return text


def readable_quotes(docs, passages, refs, lang: str = "ko") -> list[Quote]:
    """Sentence-bounded quotes for ``refs``: overlapping or contained references merged (also when the widened
    quotes come to overlap), duplicates dropped, first-cited order. With ``lang="ko"`` a non-Korean quote is left
    out whenever a Korean one is among them; with ``lang="en"`` English quotes come first."""
    pending = merge_refs(refs)
    quotes: list[Quote] = []
    for union, members in pending:
        q = readable_quote(docs, passages, union.doc_id, union.line_start, union.line_end, members)
        for other in list(quotes):  # widened quotes that now overlap: one quote for the union
            if other.doc_id == q.doc_id and q.line_start <= other.line_end and other.line_start <= q.line_end:
                quotes.remove(other)
                lo, hi = min(other.line_start, q.line_start), max(other.line_end, q.line_end)
                q = readable_quote(docs, passages, q.doc_id, lo, hi, other.cited + q.cited)
        quotes.append(q)
    if lang == "ko" and any(q.lang == "ko" for q in quotes):
        quotes = [q for q in quotes if q.lang == "ko"]
    elif lang == "en":
        quotes = sorted(quotes, key=lambda q: q.lang != "en")
    return quotes


def shorten_quote(text: str, limit: int | None) -> str:
    """At most ``limit`` characters, cut after a whole sentence where one fits (else at a word), marked ``…``."""
    if limit is None or len(text) <= limit:
        return text
    cut = [m.end() for m in _SENT_END.finditer(text) if m.end() <= limit]
    if cut:
        return text[: cut[-1]] + ELLIPSIS
    space = text.rfind(" ", 0, limit)
    return text[: space if space > 0 else limit].rstrip() + ELLIPSIS
