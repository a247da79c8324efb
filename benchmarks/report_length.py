"""Length and repetition of the client report (``recommend --format md``) between two directories of the same
firms' reports (panel 24 item 5): lines, characters, repeated paragraphs (lines of 80+ characters, tables left
out, counted beyond their first) and — with tests/test_report_once.py's readers — cited line ranges lost and
caveats that differ.

    python benchmarks/report_length.py BEFORE_DIR AFTER_DIR   # files NAME.ko.md / NAME.en.md in both
"""

from __future__ import annotations

import collections
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.test_report_once import _caveats, _cited  # noqa: E402


def repeated(md: str) -> int:
    lines = [x for x in md.splitlines() if len(x) >= 80 and not x.startswith("|")]
    return sum(n - 1 for n in collections.Counter(lines).values() if n > 1)


def main(before: str, after: str) -> None:
    rows = []
    for b in sorted(Path(before).glob("*.md")):
        old, new = b.read_text(encoding="utf-8"), (Path(after) / b.name).read_text(encoding="utf-8")
        lang = "en" if b.name.endswith(".en.md") else "ko"
        rows.append((b.name, old.count("\n"), new.count("\n"), len(old), len(new), repeated(old), repeated(new),
                     len(_cited(old) - _cited(new)), sorted(_caveats(old, lang) ^ _caveats(new, lang))))  # fmt: skip
    for r in rows:
        print(*r)
    for i, name in ((1, "lines"), (3, "chars"), (5, "repeated 80+ char lines")):
        o, n = [r[i] for r in rows], [r[i + 1] for r in rows]
        print(f"{name}: median {statistics.median(o)} -> {statistics.median(n)}, max {max(o)} -> {max(n)}, "
              f"total {sum(o)} -> {sum(n)}")  # fmt: skip
    print(f"{len(rows)} reports; with a cited range lost: {sum(1 for r in rows if r[7])}; "
          f"with a caveat difference: {sum(1 for r in rows if r[8])}")


if __name__ == "__main__":
    main(*sys.argv[1:3])
