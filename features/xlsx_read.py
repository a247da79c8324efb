"""A bounded, streaming reader for firm workbooks (.xlsx/.xlsm) — no zip or XML bomb can exhaust memory or time.

Why not ``pandas.read_excel``: it builds the whole used range of a sheet in memory, so a 1.5 KB workbook whose one
cell sits at XFD1048576 grew to 11.6 GB, and a 2 MB dense one (40M cells) took six minutes (issue 11). Here:

1. **Zip**: the central directory's *declared* sizes are checked before anything is decompressed: the workbook file
   at most :data:`features.firms.MAX_FILE_BYTES`, every part and their sum at most :data:`MAX_XLSX_UNZIPPED` bytes.
   Python's ``zipfile`` never returns more than a member's declared size, so the declared sizes bound the work.
2. **Sheet**: the ``<dimension ref>`` (when present) and every cell reference are checked while streaming
   (``xml.etree.ElementTree.iterparse``): at most :data:`MAX_COLUMNS` columns and :data:`MAX_CELLS` cells in the
   bounding box from A1 — a sparse bomb is refused at its first far-away cell, in milliseconds.
3. **Cells**: shared strings, inline strings (rich-text runs joined, phonetic runs left out), numbers (shortest
   round-trip form), booleans (``true``/``false``), error values as written (``#N/A``). A formula cell without a
   saved value is reported (``formula_without_value``) — never read as empty.
4. **Merged cells**: the top-left value is copied to every cell of the range (what Excel shows), and the ranges are
   reported so the caller can say so.

XML parsing uses the standard library (no DTDs or external entities are fetched; ``iterparse`` does not expand
entities declared in a DTD beyond the built-in ones — an entity-expansion "billion laughs" raises a parse error).
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field
from xml.etree.ElementTree import ParseError, iterparse

#: decompressed size of all parts of a workbook together (bytes)
MAX_XLSX_UNZIPPED = 256 * 1024 * 1024
#: cells in a sheet's bounding box from A1 (rows × columns up to the last used cell)
MAX_CELLS = 5_000_000
#: columns in a sheet (a firm sheet has about 30)
MAX_COLUMNS = 1_000
#: rows of an Excel sheet
EXCEL_MAX_ROWS = 1_048_576

_NS_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_NS_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_NS_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_REF = re.compile(r"^\$?([A-Z]{1,3})\$?([0-9]{1,7})$")


class XlsxLimitError(ValueError):
    """The workbook exceeds a limit or is not a readable workbook; ``str`` is one sentence (Korean, English)."""


def col_index(letters: str) -> int:
    """``A`` → 1, ``Z`` → 26, ``AA`` → 27 … ``XFD`` → 16384."""
    n = 0
    for ch in letters:
        n = n * 26 + (ord(ch) - 64)
    return n


def col_letters(index: int) -> str:
    out = ""
    while index:
        index, r = divmod(index - 1, 26)
        out = chr(65 + r) + out
    return out


def parse_ref(ref: str) -> tuple[int, int]:
    """``"C7"`` → (row 7, column 3); raises :class:`XlsxLimitError` for anything else."""
    m = _REF.match(ref.strip().upper())
    if not m:
        raise XlsxLimitError(f"셀 주소 {ref[:20]!r}를 읽을 수 없습니다 (unreadable cell reference {ref[:20]!r} in the workbook)")
    return int(m.group(2)), col_index(m.group(1))


@dataclass
class Sheet:
    """One sheet's cells: ``rows`` maps row number → {column number: text}; 1-based like Excel."""

    name: str
    rows: dict[int, dict[int, str]] = field(default_factory=dict)
    n_rows: int = 0
    n_cols: int = 0
    #: (row, column) of formula cells with no saved value
    formula_without_value: list[tuple[int, int]] = field(default_factory=list)
    #: merged ranges as written, e.g. "A2:A4"
    merged: list[str] = field(default_factory=list)

    def grid(self) -> list[list[str]]:
        """Rows 1..n_rows, each n_cols long ("" where empty) — bounded by :data:`MAX_CELLS`."""
        empty = [""] * self.n_cols
        out = []
        for r in range(1, self.n_rows + 1):
            cells = self.rows.get(r)
            if not cells:
                out.append(list(empty))
                continue
            row = list(empty)
            for c, v in cells.items():
                row[c - 1] = v
            out.append(row)
        return out


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):,.0f} MB"


def check_zip(data: bytes) -> zipfile.ZipFile:
    """Open the workbook's zip after checking the declared sizes (no decompression yet)."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError):
        raise XlsxLimitError("엑셀 통합 문서(XLSX)가 아닙니다 — 파일이 손상되었거나 다른 형식입니다 "
                             "(not a readable Excel workbook: the zip container is damaged or missing)") from None
    total = 0
    for info in infos:
        total += info.file_size
        if info.file_size > MAX_XLSX_UNZIPPED or total > MAX_XLSX_UNZIPPED:
            raise XlsxLimitError(
                f"통합 문서의 압축을 풀면 {_mb(max(total, info.file_size))} 이상으로 한도 {_mb(MAX_XLSX_UNZIPPED)}를 넘습니다 "
                f"(the workbook would decompress to more than the {_mb(MAX_XLSX_UNZIPPED)} limit — split it into "
                "smaller files or save it as CSV)"
            )
    return zf


def _read_member(zf: zipfile.ZipFile, name: str) -> bytes | None:
    try:
        return zf.read(name)
    except KeyError:
        return None
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError):
        raise XlsxLimitError(f"통합 문서의 {name} 부분이 손상되었습니다 (the workbook part {name} is damaged)") from None


def _iter(source: bytes):
    try:
        yield from iterparse(io.BytesIO(source), events=("start", "end"))
    except ParseError as exc:
        raise XlsxLimitError(f"통합 문서의 XML을 읽을 수 없습니다 (the workbook's XML is not readable: {exc})") from None


def sheet_list(zf: zipfile.ZipFile) -> list[tuple[str, str]]:
    """``(sheet name, zip member)`` in workbook order."""
    wb = _read_member(zf, "xl/workbook.xml")
    if wb is None:
        raise XlsxLimitError("통합 문서에 시트 목록(xl/workbook.xml)이 없습니다 (not an Excel workbook: xl/workbook.xml "
                             "is missing)")  # fmt: skip
    rels_raw = _read_member(zf, "xl/_rels/workbook.xml.rels") or b""
    targets = {}
    if rels_raw:
        for ev, el in _iter(rels_raw):
            if ev == "end" and el.tag == f"{_NS_PKG_REL}Relationship":
                t = el.get("Target", "")
                t = t.lstrip("/") if t.startswith("/") else "xl/" + t
                targets[el.get("Id")] = re.sub(r"(^|/)[^/]+/\.\./", r"\1", t)
    out = []
    for ev, el in _iter(wb):
        if ev == "end" and el.tag == f"{_NS_MAIN}sheet":
            rid = el.get(f"{_NS_REL}id")
            member = targets.get(rid) or f"xl/worksheets/sheet{len(out) + 1}.xml"
            out.append((el.get("name", f"Sheet{len(out) + 1}"), member))
    if not out:
        raise XlsxLimitError("통합 문서에 시트가 없습니다 (the workbook has no sheets)")
    return out


def shared_strings(zf: zipfile.ZipFile) -> list[str]:
    raw = _read_member(zf, "xl/sharedStrings.xml")
    if raw is None:
        return []
    out: list[str] = []
    parts: list[str] = []
    in_phonetic = 0
    for ev, el in _iter(raw):
        tag = el.tag
        if tag == f"{_NS_MAIN}rPh":
            in_phonetic += 1 if ev == "start" else -1
        elif ev == "end" and tag == f"{_NS_MAIN}t" and not in_phonetic:
            parts.append(el.text or "")
        elif ev == "end" and tag == f"{_NS_MAIN}si":
            out.append("".join(parts))
            parts = []
            el.clear()
    return out


def _number_text(v: str) -> str:
    v = v.strip()
    if re.fullmatch(r"-?[0-9]{1,15}", v):
        return v
    try:
        x = float(v)
    except ValueError:
        return v
    if x.is_integer() and abs(x) < 1e15:
        return str(int(x))
    return repr(x)


def read_sheet(zf: zipfile.ZipFile, name: str, member: str, strings: list[str],
               max_cells: int = MAX_CELLS) -> Sheet:  # fmt: skip
    """Stream one worksheet into a :class:`Sheet`, refusing it as soon as a limit is crossed."""
    raw = _read_member(zf, member)
    sheet = Sheet(name)
    if raw is None:
        return sheet

    def check(row: int, col: int) -> None:
        if col > MAX_COLUMNS:
            raise XlsxLimitError(
                f"시트 '{name}'의 열 {col_letters(col)}까지 데이터가 있어 한도 {MAX_COLUMNS:,}열을 넘습니다 (sheet "
                f"{name!r} uses column {col_letters(col)}, beyond the limit of {MAX_COLUMNS:,} columns — delete the "
                "far-away cells or save the firm list as CSV)"
            )
        if row * max(col, sheet.n_cols) > max_cells:
            raise XlsxLimitError(
                f"시트 '{name}'가 {col_letters(max(col, sheet.n_cols))}{row}까지 이어져 셀 한도 {max_cells:,}개를 "
                f"넘습니다 (sheet {name!r} reaches cell {col_letters(max(col, sheet.n_cols))}{row}, beyond the limit "
                f"of {max_cells:,} cells — delete the far-away cells or split the list into several files)"
            )

    C, V, F, IS, T, R, RPH = (f"{_NS_MAIN}{x}" for x in ("c", "v", "f", "is", "t", "r", "rPh"))
    ROW, DIM, MERGE = f"{_NS_MAIN}row", f"{_NS_MAIN}dimension", f"{_NS_MAIN}mergeCell"
    row_no = 0  # the last row seen (for rows without an ``r`` attribute)
    pending: list[tuple[str, bool, bool]] = []  # cells of the current row without a reference: (text, formula, no value)
    rows = sheet.rows
    n_rows = n_cols = 0

    def put(r: int, c: int, text: str, formula: bool, no_value: bool) -> None:
        nonlocal n_rows, n_cols
        if c > n_cols or r > n_rows:
            sheet.n_cols = n_cols
            check(r, c)
        if formula and no_value:
            sheet.formula_without_value.append((r, c))
        if text != "":
            rows.setdefault(r, {})[c] = text
        elif not (formula and no_value):
            return
        if r > n_rows:
            n_rows = r
        if c > n_cols:
            n_cols = c

    try:
        for _, el in iterparse(io.BytesIO(raw), events=("end",)):
            tag = el.tag
            if tag == C:
                cell_type = el.get("t", "n")
                value = None
                formula = False
                text = None
                for child in el:
                    ctag = child.tag
                    if ctag == V:
                        value = child.text or ""
                    elif ctag == F:
                        formula = True
                    elif ctag == IS:
                        parts = []
                        for sub in child:
                            if sub.tag == T:
                                parts.append(sub.text or "")
                            elif sub.tag == R:
                                parts.extend(x.text or "" for x in sub if x.tag == T)
                        text = "".join(parts)
                if text is None:
                    if value is None:
                        text = ""
                    elif cell_type == "s":
                        try:
                            text = strings[int(value)]
                        except (ValueError, IndexError):
                            raise XlsxLimitError(f"시트 '{name}'의 셀 {el.get('r')}가 없는 문자열을 가리킵니다 (a cell of "
                                                 f"sheet {name!r} points to a missing shared string)") from None  # fmt: skip
                    elif cell_type == "b":
                        text = "true" if value.strip() == "1" else "false"
                    elif cell_type in ("str", "e"):
                        text = value
                    elif value.isdigit() and len(value) <= 15:
                        text = value
                    else:
                        text = _number_text(value)
                no_value = cell_type != "inlineStr" and (value is None or (value == "" and cell_type != "str"))
                ref = el.get("r")
                if ref:
                    r, c = parse_ref(ref)
                    put(r, c, text, formula, no_value)
                else:
                    pending.append((text, formula, no_value))
                el.clear()
            elif tag == ROW:
                ref = el.get("r")
                r = int(ref) if ref and ref.isdigit() else row_no + 1
                if r > EXCEL_MAX_ROWS:
                    raise XlsxLimitError(f"시트 '{name}'의 행 번호 {r}가 엑셀 한도를 넘습니다 (row {r} of sheet "
                                         f"{name!r} is beyond Excel's {EXCEL_MAX_ROWS:,} rows)")  # fmt: skip
                row_no = r
                if pending:  # cells written without references: columns in order
                    known = rows.get(r, {})
                    c = max(known) if known else 0
                    for text, formula, no_value in pending:
                        c += 1
                        put(r, c, text, formula, no_value)
                    pending = []
                el.clear()
            elif tag == DIM:
                last = el.get("ref", "").split(":")[-1]
                try:
                    r, c = parse_ref(last)
                except XlsxLimitError:
                    continue
                check(r, c)
            elif tag == MERGE:
                ref = el.get("ref", "")
                if ":" in ref:
                    (r1, c1), (r2, c2) = (parse_ref(x) for x in ref.split(":", 1))
                    r1, r2, c1, c2 = min(r1, r2), max(r1, r2), min(c1, c2), max(c1, c2)
                    sheet.n_cols = n_cols
                    check(r2, c2)
                    sheet.merged.append(ref)
                    top = rows.get(r1, {}).get(c1, "")
                    if top != "":
                        for r in range(r1, r2 + 1):
                            for c in range(c1, c2 + 1):
                                rows.setdefault(r, {})[c] = top
                        n_rows, n_cols = max(n_rows, r2), max(n_cols, c2)
    except ParseError as exc:
        raise XlsxLimitError(f"통합 문서의 XML을 읽을 수 없습니다 (the workbook's XML is not readable: {exc})") from None
    sheet.n_rows, sheet.n_cols = n_rows, n_cols
    return sheet


def read_workbook(data: bytes, max_cells: int = MAX_CELLS) -> list[Sheet]:
    """Every sheet of the workbook, bounded (sheets together at most ``max_cells`` cells in their bounding boxes)."""
    zf = check_zip(data)
    strings = shared_strings(zf)
    out = []
    budget = max_cells
    for name, member in sheet_list(zf):
        sheet = read_sheet(zf, name, member, strings, max_cells=budget)
        budget -= sheet.n_rows * sheet.n_cols
        out.append(sheet)
    return out
