"""Capture and compare what the CLI answers on the bundled data, byte for byte (issue 16: with only the four bundled
reports, every output stays identical except for added columns).

    python scripts/bundled_outputs.py capture OUT_DIR [--root CHECKOUT]   # run the fixed command set
    python scripts/bundled_outputs.py compare BEFORE_DIR AFTER_DIR         # exit 1 on any difference

``--root`` runs the commands in another checkout (e.g. ``git archive main | tar -x -C /tmp/base``) with this
Python, on that checkout's own ``data/``. Comparing ignores only what must differ between two code versions and what
was *added*:

* the data version (a hash that includes the builder's source code) is replaced by ``<DV>`` everywhere;
* JSON keys and CSV/XLSX columns that exist only in AFTER are dropped before comparing (added columns), and the
  kept ones must be identical in value *and order*.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import re
import subprocess
import sys
from pathlib import Path

FIRM = "data/samples/firm.json"
FIRMS = "data/samples/firms.csv"
#: name → arguments (outputs named ``{out}`` are written there; the rest is stdout)
COMMANDS: dict[str, list[str]] = {
    "profiles.json": ["profiles", "--format", "json"],
    "profiles.csv": ["profiles", "--format", "csv"],
    "recommend.json": ["recommend", FIRM, "--format", "json"],
    "recommend_conservative_top8.json": ["recommend", FIRM, "--format", "json", "--preset", "conservative",
                                         "--top", "8"],
    "recommend_topsis.json": ["recommend", FIRM, "--format", "json", "--method", "topsis"],
    "recommend.table.txt": ["recommend", FIRM],
    "recommend_en.md": ["recommend", FIRM, "--format", "md", "--lang", "en"],
    "recommend_ko.md": ["recommend", FIRM, "--format", "md"],
    "recommend_ko.html": ["recommend", FIRM, "--format", "html"],
    "recommend_kr0007.json": ["recommend", FIRMS, "--firm-id", "KR-0007", "--format", "json"],
    "recommend.csv": ["recommend", FIRM, "--format", "csv", "--out", "{out}"],
    "recommend.xlsx": ["recommend", FIRM, "--format", "xlsx", "--out", "{out}", "--reproducible"],
    "screen.csv": ["screen", FIRMS, "--out", "{out}", "--top", "5"],
    "screen_wide.csv": ["screen", FIRMS, "--out", "{out}", "--wide"],
    "screen.json": ["screen", FIRMS, "--out", "{out}"],
    "screen.xlsx": ["screen", FIRMS, "--out", "{out}", "--reproducible"],
    "shortlist.csv": ["shortlist", "CN-ZJ/smart_city", FIRMS, "--out", "{out}"],
    "search.json": ["search", "자율주행 시범구역", "--format", "json"],
}
DV = re.compile(r"\b[0-9a-f]{12}\b")


def capture(out_dir: Path, root: Path) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, args in COMMANDS.items():
        target = (out_dir / name).resolve()
        argv = [a.replace("{out}", str(target)) for a in args]
        proc = subprocess.run([sys.executable, "-m", "recommender", *argv], cwd=root, capture_output=True)
        if proc.returncode != 0:
            sys.exit(f"{name}: exit {proc.returncode}: {proc.stderr.decode(errors='replace')[-400:]}")
        if "{out}" not in args:
            target.write_bytes(proc.stdout)
        print(f"captured {name}")


def _strip_added(before, after):
    """``after`` without the keys ``before`` does not have (recursively), keeping ``after``'s order."""
    if isinstance(before, dict) and isinstance(after, dict):
        return {k: _strip_added(before[k], v) for k, v in after.items() if k in before}
    if isinstance(before, list) and isinstance(after, list) and len(before) == len(after):
        return [_strip_added(b, a) for b, a in zip(before, after)]
    return after


def _norm(text: str) -> str:
    return DV.sub("<DV>", text)


def _csv_rows(raw: bytes) -> tuple[list[str], list[list[str]]]:
    text = raw.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    return (rows[0], rows[1:]) if rows else ([], [])


def _compare_csv(a: bytes, b: bytes) -> str | None:
    if _norm(a.decode("utf-8-sig")) == _norm(b.decode("utf-8-sig")):
        return None
    ha, ra = _csv_rows(a)
    hb, rb = _csv_rows(b)
    missing = [c for c in ha if c not in hb]
    if missing:
        return f"columns removed: {missing}"
    keep = [hb.index(c) for c in ha]
    if [hb[i] for i in sorted(keep)] != ha:
        return "column order changed"
    rb = [[r[i] for i in keep] for r in rb]
    if len(ra) != len(rb):
        return f"{len(ra)} rows before, {len(rb)} after"
    for i, (x, y) in enumerate(zip(ra, rb), start=2):
        if [_norm(v) for v in x] != [_norm(v) for v in y]:
            return f"row {i} differs: {x[:6]} … vs {y[:6]} …"
    return None


def _xlsx_cells(path: Path) -> dict[str, list[list]]:
    import openpyxl

    wb = openpyxl.load_workbook(path, read_only=True)
    return {ws.title: [[_norm(str(v)) if v is not None else None for v in row] for row in ws.iter_rows(values_only=True)]
            for ws in wb.worksheets}  # fmt: skip


def _compare_xlsx(a: Path, b: Path) -> str | None:
    ca, cb = _xlsx_cells(a), _xlsx_cells(b)
    if list(ca) != list(cb):
        return f"sheets {list(ca)} vs {list(cb)}"
    for sheet in ca:
        ra, rb = ca[sheet], cb[sheet]
        if ra == rb:
            continue
        head_a, head_b = (ra[0] if ra else []), (rb[0] if rb else [])
        if ra and rb and all(h in head_b for h in head_a if h is not None) and len(ra) == len(rb):
            keep = [head_b.index(h) for h in head_a]
            if [[r[i] if i < len(r) else None for i in keep] for r in rb] == ra:
                continue  # only columns added
        for i, (x, y) in enumerate(zip(ra, rb), start=1):
            if x != y:
                return f"sheet {sheet!r} row {i}: {x[:5]} vs {y[:5]}"
        return f"sheet {sheet!r}: {len(ra)} rows vs {len(rb)}"
    return None


def compare(before: Path, after: Path) -> int:
    problems = 0
    for name in COMMANDS:
        a, b = before / name, after / name
        if name.endswith(".xlsx"):
            why = _compare_xlsx(a, b)
        elif name.endswith(".json"):
            ja, jb = json.loads(_norm(a.read_text("utf-8"))), json.loads(_norm(b.read_text("utf-8")))
            why = None if ja == _strip_added(ja, jb) else "JSON differs beyond added keys"
            if why is None and list(json.dumps(ja, ensure_ascii=False)) != list(
                    json.dumps(_strip_added(ja, jb), ensure_ascii=False)):  # fmt: skip
                why = "key order differs"
        elif name.endswith(".csv"):
            why = _compare_csv(a.read_bytes(), b.read_bytes())
        else:
            why = None if _norm(a.read_text("utf-8")) == _norm(b.read_text("utf-8")) else "text differs"
        extra = ""
        if why is None and a.read_bytes() != b.read_bytes():
            extra = " (identical once the data version is masked and added columns are dropped)"
        print(f"{'DIFF' if why else 'same'}  {name}{': ' + why if why else extra}")
        problems += bool(why)
        for companion in sorted(before.glob(Path(name).stem + ".opportunities" + Path(name).suffix)):
            other = after / companion.name
            why2 = _compare_csv(companion.read_bytes(), other.read_bytes()) if other.exists() else "missing"
            print(f"{'DIFF' if why2 else 'same'}  {companion.name}{': ' + why2 if why2 else ''}")
            problems += bool(why2)
    print(f"{problems} differences")
    return 1 if problems else 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    c = sub.add_parser("capture")
    c.add_argument("out_dir", type=Path)
    c.add_argument("--root", type=Path, default=Path(__file__).resolve().parents[1])
    k = sub.add_parser("compare")
    k.add_argument("before", type=Path)
    k.add_argument("after", type=Path)
    args = ap.parse_args(argv)
    if args.cmd == "capture":
        capture(args.out_dir, args.root)
        return 0
    return compare(args.before, args.after)


if __name__ == "__main__":
    sys.exit(main())
