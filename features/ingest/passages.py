"""Page furniture of a report with a page map: running heads and feet, and printed page numbers.

Used by :func:`features.corpus.segment` for ingested reports (whose pages are known from the page map), so passages
work on any report, not only on the four stored ones whose quirks ``features.corpus`` knows by their shapes.

Rule (the way a reader skims past them): among the first two and the last two non-blank lines of every page, a line
is **furniture** when

* it is a printed page number (``- 4 -``, ``4``, ``iv``, ``4 / 120``), or
* its shape — digits replaced by ``#``, spaces removed — recurs at the edge of at least
  ``max(2, 30 %)`` of the pages (``중국 인터넷융합 전략 … •#``, ``제#장 …``, a report title repeated as a head).

Furniture is not text: it is left out of passages and does not end a sentence, so a sentence broken by a page break
(with the foot of one page and the head of the next between its halves) is joined again.
"""

from __future__ import annotations

import re
from collections import Counter

PAGE_NUMBER = re.compile(r"^\s*(?:[-–—]\s*)?(?:\d{1,4}|[ivxlcdm]{1,6})(?:\s*/\s*\d{1,4})?(?:\s*[-–—])?\s*$", re.I)
EDGE = 2
SHARE = 0.3


def _shape(line: str) -> str:
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", line))


def furniture_lines(lines, pages) -> set[int]:
    """0-based indexes of the furniture lines; ``pages`` = ``[(first, stop), …]`` 0-based half-open line ranges."""
    edges: list[list[int]] = []
    for first, stop in pages:
        body = [i for i in range(first, min(stop, len(lines))) if lines[i].strip()]
        edges.append(sorted(set(body[:EDGE] + body[-EDGE:])))
    counts = Counter(s for idx in edges for s in {_shape(lines[i]) for i in idx})
    need = max(2, SHARE * len(pages))
    out: set[int] = set()
    for idx in edges:
        for i in idx:
            if PAGE_NUMBER.match(lines[i]) or (counts[_shape(lines[i])] >= need and len(pages) >= 2):
                out.add(i)
    return out
