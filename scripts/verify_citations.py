"""Quick check of hand-curated data files: every citation resolves and every fact's `check` string is in its lines.

Usage: python scripts/verify_citations.py data/facts/some.csv   (or no argument: all fact files)
"""
import csv
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CAT = {r["doc_id"]: r["file"] for r in csv.DictReader(open(ROOT / "data/reports/catalog.csv", encoding="utf-8"))}
LINES = {d: (ROOT / "data/reports" / f).read_text(encoding="utf-8").splitlines() for d, f in CAT.items()}
REF = re.compile(r"^([a-z0-9_]+):(\d+)-(\d+)$")


def cited_text(evidence: str) -> str:
    out = []
    for part in evidence.split(";"):
        m = REF.match(part.strip())
        if not m:
            raise ValueError(f"bad citation {part!r}")
        doc, a, b = m.group(1), int(m.group(2)), int(m.group(3))
        if doc not in LINES:
            raise ValueError(f"unknown doc_id {doc!r}")
        if not (1 <= a <= b <= len(LINES[doc])):
            raise ValueError(f"span {part} outside file ({len(LINES[doc])} lines)")
        chunk = LINES[doc][a - 1 : b]
        if not any(x.strip() for x in chunk):
            raise ValueError(f"span {part} is blank")
        out.append("".join(chunk))
    return re.sub(r"\s+", "", "".join(out))


def main(paths):
    bad = 0
    for p in paths:
        for i, row in enumerate(csv.DictReader(open(p, encoding="utf-8")), start=2):
            try:
                text = cited_text(row["evidence"])
                chk = re.sub(r"\s+", "", row.get("check") or "")
                if chk and chk not in text:
                    raise ValueError(f"check {row['check']!r} not in cited lines")
            except (ValueError, KeyError) as e:
                bad += 1
                print(f"{p}:{i} {row.get('fact_id')}: {e}")
    print(f"{bad} problems")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:] or sorted(str(p) for p in (ROOT / "data/facts").glob("*.csv"))))
