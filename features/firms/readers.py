"""The four readers (CSV/TSV, JSON, XLSX, Parquet) and :func:`read_firm_frame`, which picks one by the bytes (not
the name) and returns raw string cells with source row numbers."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import numpy as np
import pandas as pd

from features.firms.decoding import decode_text, parse_json_bytes, sniff_kind
from features.firms.grid import _find_header, _frame_from_grid, duplicate_header_error
from features.firms.quick import (  # noqa: F401 - OUTPUT_ONLY, DELIMITERS, sniff_delimiter kept importable here
    _DELIM_NAMES,
    DELIMITERS,
    OUTPUT_ONLY,
    json_rows,
    sniff_delimiter,
)
from features.firms.schema import _BLANK_CHARS, HEADER_ALIASES, PROBLEM, FirmInputError, _norm_header

#: largest firm file accepted (CLI and app upload alike; ``server.maxUploadSize`` in .streamlit/config.toml matches).
#: A larger registry is read as a folder of part files (each within this limit).
MAX_UPLOAD_MB = 200
MAX_FILE_BYTES = MAX_UPLOAD_MB * 1024 * 1024


def check_size(data: bytes, source: str) -> None:
    """Refuse a file above :data:`MAX_FILE_BYTES` (one sentence, Korean and English)."""
    if len(data) > MAX_FILE_BYTES:
        raise FirmInputError(
            f"{source}: 파일이 {len(data) / 1048576:,.0f} MB로 한도 {MAX_UPLOAD_MB} MB를 넘습니다 (the file is "
            f"{len(data) / 1048576:,.0f} MB, above the {MAX_UPLOAD_MB} MB limit — split it into several files and "
            "give the folder)"
        )


#: CSV text at least this long is parsed by pyarrow's multi-threaded reader (≈ 3× faster than pandas' C engine)
FAST_CSV_CHARS = 1 << 20


def _read_csv_arrow(text: str, delimiter: str = ",", utf8: list[bytes] | None = None) -> pd.DataFrame | None:
    """The same all-string grid as the record-by-record reader, via pyarrow.

    Only for rectangular text without blank lines; returns None (the caller falls back to the Python reader) for
    anything else — a blank line, a row with a different number of fields, a parse error — so row numbers and
    error messages are the same whichever reader ran.

    ``utf8``: the whole file already as UTF-8 bytes, in a one-item list (``text`` is then only its first 65,536
    characters or more); the list is emptied once Arrow has parsed it, so that the bytes are freed before the grid
    is converted (issue 19: peak memory).
    """
    try:
        import pyarrow as pa
        import pyarrow.csv as pcsv

        first = next(csv.reader(io.StringIO(text[: 1 << 16]), delimiter=delimiter), None)
        if not first:
            return None
        names = [f"c{i}" for i in range(len(first))]
        source = pa.BufferReader(pa.py_buffer(utf8[0])) if utf8 else io.BytesIO(text.encode("utf-8"))
        table = pcsv.read_csv(
            source,
            read_options=pcsv.ReadOptions(column_names=names),
            parse_options=pcsv.ParseOptions(delimiter=delimiter, newlines_in_values=True, ignore_empty_lines=False),
            convert_options=pcsv.ConvertOptions(column_types=dict.fromkeys(names, pa.string()),
                                                strings_can_be_null=False, quoted_strings_can_be_null=False),
        )  # fmt: skip
        del source
    except Exception:  # noqa: BLE001 - any pyarrow objection means: let the Python reader read it (and report)
        return None
    if utf8:
        utf8.clear()
    from features.firms.memory import give_back

    frame = table.to_pandas(self_destruct=True)  # each column freed once converted: not two grids at once
    del table
    give_back()
    return frame


#: at most this many irregular records (a short, long or blank line) are set aside by Arrow and read one by one by
#: :func:`_read_csv_arrow_ragged`; a file with more goes to the record-by-record reader
MAX_IRREGULAR = 10_000


def _read_csv_arrow_ragged(utf8: list[bytes], head: str, delimiter: str) -> tuple[pd.DataFrame, np.ndarray] | None:
    """What :func:`_read_records` gives (the grid of every record padded with "" to the widest, and each record's
    field count, -1 for a blank line) for a large file whose records are rectangular but for a few: Arrow parses
    the regular records and hands over the others (at most :data:`MAX_IRREGULAR`), which are read one by one with
    :mod:`csv` and put back in their places. Only where no record spans lines (a record's place is then its line
    number); None otherwise, and the caller uses the record-by-record reader (issue 19: one short row in a 1M-firm
    file sent all of it through Python's ``csv`` — +10 CPU-s and ≈ +0.9 GB)."""
    data = utf8[0]
    try:
        import pyarrow as pa
        import pyarrow.csv as pcsv

        first = next(csv.reader(io.StringIO(head[: 1 << 16]), delimiter=delimiter), None)
        if not first:
            return None
        width = len(first)
        names = [f"c{i}" for i in range(width)]
        odd: list[tuple[int, str]] = []

        def aside(row) -> str:
            if row.number is None or len(odd) >= MAX_IRREGULAR:
                return "error"
            odd.append((int(row.number), row.text))
            return "skip"

        table = pcsv.read_csv(
            pa.BufferReader(pa.py_buffer(data)),
            read_options=pcsv.ReadOptions(column_names=names, use_threads=False),  # line numbers need one thread
            parse_options=pcsv.ParseOptions(delimiter=delimiter, newlines_in_values=True, ignore_empty_lines=False,
                                            invalid_row_handler=aside),
            convert_options=pcsv.ConvertOptions(column_types=dict.fromkeys(names, pa.string()),
                                                strings_can_be_null=False, quoted_strings_can_be_null=False),
        )  # fmt: skip
    except Exception:  # noqa: BLE001 - any pyarrow objection: the record-by-record reader decides
        return None
    n = table.num_rows + len(odd)
    lines = data.count(b"\n") + (0 if data.endswith(b"\n") else 1)
    if lines != n or data.count(b"\r") != data.count(b"\r\n") or not odd:
        return None  # a record spans lines (or a lone CR ends one): places are not line numbers
    del data
    records = [next(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), []) for _, text in odd]
    widest = max(width, *(len(r) for r in records))
    at = np.array([number - 1 for number, _ in odd], dtype=np.int64)
    if len(np.unique(at)) != len(at) or at.min() < 0 or at.max() >= n:
        return None
    utf8.clear()  # the bytes are parsed: freed before the grid is put together (peak memory)
    nfields = np.full(n, width, dtype=np.int64)
    nfields[at] = [len(r) if r else -1 for r in records]
    regular = np.ones(n, dtype=bool)
    regular[at] = False
    order = np.empty(n, dtype=np.int64)  # the grid's rows: regular ones (table order) then the odd ones
    order[np.flatnonzero(regular)] = np.arange(table.num_rows)
    order[at] = table.num_rows + np.arange(len(odd))
    rows, parsed = table.num_rows, list(reversed(table.columns))
    del table
    columns = []
    for j in range(widest):  # each parsed column is dropped once placed: not two grids at once
        main = parsed.pop().chunks if j < width else [pa.array([""] * rows, type=pa.string())]
        extra = pa.array([r[j] if j < len(r) else "" for r in records], type=pa.string())
        columns.append(pa.concat_arrays([*main, extra]).take(order))
        del main
    from features.firms.memory import give_back

    grid = pa.table(columns, names=[f"c{j}" for j in range(widest)]).to_pandas(self_destruct=True)
    del columns
    give_back()
    return grid, nfields


#: text decoded and re-encoded this many bytes at a time by :func:`utf8_bytes`
TRANSCODE_BLOCK = 8 << 20


def _valid_utf8(data) -> bool:
    """Whether ``data`` decodes as UTF-8 (checked block by block: no string of the whole file is built)."""
    import codecs

    dec = codecs.getincrementaldecoder("utf-8")()
    view = memoryview(data)
    try:
        for start in range(0, len(view), TRANSCODE_BLOCK):
            dec.decode(view[start : start + TRANSCODE_BLOCK])
        dec.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _transcode(data: bytes, encoding: str) -> bytes | None:
    """``data.decode(encoding).encode("utf-8")`` block by block (incremental decoder: a character split between
    blocks is completed), so that the whole file never exists as one Python string; None if it does not decode."""
    import codecs

    dec = codecs.getincrementaldecoder(encoding)()
    out = bytearray()
    view = memoryview(data)
    try:
        for start in range(0, len(view), TRANSCODE_BLOCK):
            out += dec.decode(view[start : start + TRANSCODE_BLOCK]).encode("utf-8")
        out += dec.decode(b"", final=True).encode("utf-8")
    except UnicodeDecodeError:
        return None
    return bytes(out)


def utf8_bytes(data: bytes) -> tuple[bytes, str] | None:
    """A large text file as UTF-8 bytes and the encoding's label, decided exactly as :func:`decode_text` decides
    (UTF-8 with BOM, UTF-8, then CP949) — or None where :func:`decode_text` must decide (UTF-16, a file that does
    not decode). The result equals ``decode_text(data)[0].encode("utf-8")``: UTF-8 is taken as it is, CP949
    transcoded block by block (issue 19: a 1M-firm CP949 file is 107 MB; as one Python string it was 214 MB more)."""
    if data.startswith(b"\xef\xbb\xbf"):
        body = data[3:]
        return (body, "UTF-8 (BOM)") if _valid_utf8(body) else None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None
    head = data[:4000]
    if len(head) >= 4 and head[1::2].count(0) > 0.9 * len(head[1::2]):
        return None
    if _valid_utf8(data):
        return data, "UTF-8"
    out = _transcode(data, "cp949")
    return None if out is None else (out, "CP949/EUC-KR")


def read_csv_utf8(utf8: list[bytes], source: str = "CSV", header_row: int | None = None,
                  notes: list[str] | None = None) -> pd.DataFrame:  # fmt: skip
    """:func:`read_csv_text` of a large file given as UTF-8 bytes (in a one-item list, emptied when parsed): the
    delimiter is sniffed on the first 65,536 characters, and Arrow parses the bytes themselves. Anything unusual (an
    Excel ``sep=`` line, NUL bytes at the end, a first line longer than the head, a grid Arrow will not read) is
    decoded whole and read by :func:`read_csv_text` — the same grid, notes and errors either way."""
    data = utf8[0]
    head = data[: (1 << 18) + 4].decode("utf-8", errors="ignore")  # ≥ 65,536 whole characters (≤ 4 bytes each)
    usual = not data.endswith(b"\x00") and "\n" in head and len(head) > 1 << 16 and head.strip(_BLANK_CHARS)
    del data
    if usual:
        delimiter, why = sniff_delimiter(head)
        if why != "the file's sep= line":
            grid = _read_csv_arrow(head, delimiter, utf8)
            nfields = None
            if grid is None:  # a few short, long or blank lines: set aside by Arrow, read one by one
                ragged = _read_csv_arrow_ragged(utf8, head, delimiter)
                grid, nfields = ragged if ragged is not None else (None, None)
            if grid is not None:
                if notes is not None:
                    notes.append(f"delimiter {_DELIM_NAMES.get(delimiter, repr(delimiter))} (from {why})")
                return _frame_from_grid(grid, source, header_row, nfields)[0]
    return read_csv_text(utf8.pop().decode("utf-8"), source, header_row, notes)


def _read_records(text: str, delimiter: str, source: str) -> tuple[pd.DataFrame, np.ndarray]:
    """All records as a rectangular all-string grid (short records padded with "") and each record's field count."""
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise FirmInputError(f"{source}: CSV를 읽을 수 없습니다 (the CSV cannot be read: {exc}) — check the quotes") from None
    nfields = np.fromiter((len(r) for r in records), dtype=np.int64, count=len(records))
    width = int(nfields.max()) if len(records) else 0
    grid = pd.DataFrame([r + [""] * (width - len(r)) for r in records], dtype=str)
    nfields[nfields == 0] = -1  # a blank line: no fields at all (blank, not short)
    return grid, nfields


def read_csv_text(text: str, source: str = "CSV", header_row: int | None = None,
                  notes: list[str] | None = None) -> pd.DataFrame:  # fmt: skip
    """A delimited text file (delimiter sniffed: comma, semicolon, tab, pipe, or an Excel ``sep=`` line) as raw
    cells. Appends what was decided to ``notes``."""
    stripped = text.rstrip("\x00")
    if len(stripped) < len(text) and notes is not None:
        notes.append(f"{len(text) - len(stripped)} NUL bytes at the end of the file were ignored")
    text = stripped
    if not text.strip(_BLANK_CHARS):
        raise FirmInputError(f"{source}: 파일이 비어 있습니다 (the file is empty) — it needs a header row and one row per firm")
    delimiter, why = sniff_delimiter(text)
    if why == "the file's sep= line":
        text = "\n" + text.split("\n", 1)[1] if "\n" in text else ""  # the line stays (blank) so row numbers hold
    if notes is not None:
        notes.append(f"delimiter {_DELIM_NAMES.get(delimiter, repr(delimiter))} (from {why})")
    if len(text) >= FAST_CSV_CHARS:
        grid = _read_csv_arrow(text, delimiter)
        if grid is not None:
            return _frame_from_grid(grid, source, header_row)[0]
    grid, nfields = _read_records(text, delimiter, source)
    if grid.empty:
        raise FirmInputError(f"{source}: 파일이 비어 있습니다 (the file is empty) — it needs a header row and one row per firm")
    return _frame_from_grid(grid, source, header_row, nfields)[0]


def _json_records(obj, source: str) -> pd.DataFrame:
    rows, warnings = json_rows(obj, source)
    frame = pd.DataFrame(rows).fillna("")
    if not any(HEADER_ALIASES.get(_norm_header(c)) == "firm_id" for c in frame.columns):
        raise FirmInputError(f"{source}: no firm has a firm_id — add \"firm_id\" to every firm object")
    frame = frame.assign(__row__=np.arange(1, len(frame) + 1))
    if warnings:
        frame.attrs["warnings"] = warnings
    return frame


def _is_list(v) -> bool:
    return isinstance(v, (list, tuple, np.ndarray))


def _read_xlsx(data: bytes, source: str, header_row: int | None, sheet: str | None,
               notes: list[str]) -> pd.DataFrame:  # fmt: skip
    """The chosen sheet (``sheet``: a name or 1-based number; default the first with a firm_id header) through the
    bounded reader :mod:`features.xlsx_read`. Other sheets holding firm rows are a warning; merged ranges are filled
    (noted); formula cells without a saved value reject their row."""
    from features import xlsx_read

    try:
        sheets = xlsx_read.read_workbook(data)
    except xlsx_read.XlsxLimitError as exc:
        raise FirmInputError(f"{source}: {exc}") from None
    names = [s.name for s in sheets]
    if sheet is not None:
        pick = [i for i, s in enumerate(sheets) if s.name == sheet]
        if not pick and str(sheet).isdigit() and 1 <= int(sheet) <= len(sheets):
            pick = [int(sheet) - 1]
        if not pick:
            raise FirmInputError(f"{source}: 시트 {sheet!r}가 없습니다 (no sheet {sheet!r}; the sheets are "
                                 f"{', '.join(map(repr, names))})")  # fmt: skip
        chosen = pick[0]
    else:
        chosen = None
        for i, s in enumerate(sheets):
            try:
                _find_header(pd.DataFrame(s.grid()[:10]), source)
            except FirmInputError:
                continue
            chosen = i
            break
        if chosen is None:
            if header_row is not None:
                chosen = 0
            else:
                raise FirmInputError(
                    f"{source}: 어느 시트에도 처음 10행에 기업ID 열이 없습니다 (no sheet has a firm_id column in its "
                    f"first 10 rows; sheets: {', '.join(map(repr, names))}) — add a column named firm_id (or 기업ID)"
                )
    s = sheets[chosen]
    grid = pd.DataFrame(s.grid(), dtype=object) if s.n_rows else pd.DataFrame()
    notes.append(f"sheet {s.name!r} was read ({chosen + 1} of {len(sheets)})")
    if s.merged:
        notes.append(f"merged cells {', '.join(s.merged[:5])}{' …' if len(s.merged) > 5 else ''} were filled with "
                     "their top-left value on every row they span")  # fmt: skip
    frame, _ = _frame_from_grid(grid, source, header_row)
    warnings = list(frame.attrs.get("warnings", []))
    for j, other in enumerate(sheets):
        if j == chosen or not other.n_rows:
            continue
        try:
            h = _find_header(pd.DataFrame(other.grid()[:10]), source)
        except FirmInputError:
            continue
        n = sum(1 for r in range(h + 2, other.n_rows + 1) if other.rows.get(r))
        if n:
            warnings.append(f"sheet {other.name!r} also has {n} firm row(s), which were NOT read — give --sheet "
                            f"{other.name!r} to read it, or put all firms on one sheet "
                            f"(시트 {other.name!r}의 기업 {n}개는 읽지 않았습니다)")  # fmt: skip
    if s.formula_without_value and len(frame):
        bad = {}
        for r, c in s.formula_without_value:
            bad.setdefault(r, c)
        rows = frame["__row__"].to_numpy()
        problems = frame[PROBLEM].to_numpy(dtype=object) if PROBLEM in frame else np.full(len(frame), None, object)
        for i, r in enumerate(rows.tolist()):
            if r in bad:
                ref = f"{xlsx_read.col_letters(bad[r])}{r}"
                problems[i] = ("(row)", f"cell {ref} has a formula with no saved value — open the file in Excel, "
                               "let it calculate and save (or paste values)",
                               f"셀 {ref}의 수식에 저장된 값이 없습니다 — 엑셀에서 열어 계산 후 저장하거나 값으로 붙여넣으세요")  # fmt: skip
        frame = frame.assign(**{PROBLEM: problems})
    if warnings:
        frame.attrs["warnings"] = warnings
    return frame


def _read_parquet(data: bytes, source: str) -> pd.DataFrame:
    try:
        import pyarrow.parquet as pq

        schema = pq.read_schema(io.BytesIO(data))
    except Exception as exc:  # noqa: BLE001 - any pyarrow failure means the file is unreadable
        raise FirmInputError(f"{source}: Parquet 파일을 읽을 수 없습니다 (not a readable Parquet file: "
                             f"{type(exc).__name__})") from None  # fmt: skip
    err = duplicate_header_error([str(n) for n in schema.names], source)
    if err:
        raise err
    if len(set(schema.names)) != len(schema.names):
        dup = next(n for i, n in enumerate(schema.names) if n in schema.names[:i])
        raise FirmInputError(f"{source}: 열 이름 {dup!r}이(가) 두 번 나옵니다 (duplicate column header {dup!r}: "
                             "delete or rename one)")  # fmt: skip
    try:
        grid = pd.read_parquet(io.BytesIO(data))
    except Exception as exc:  # noqa: BLE001 - any pyarrow failure means the file is unreadable
        raise FirmInputError(f"{source}: Parquet 파일을 읽을 수 없습니다 (not a readable Parquet file: "
                             f"{type(exc).__name__})") from None  # fmt: skip
    for c in grid.columns:  # list columns (list<string>) → the CSV form "a;b"
        if grid[c].dtype == object and grid[c].map(_is_list).any():
            grid[c] = grid[c].map(lambda v: ";".join(str(x) for x in v) if _is_list(v) else v)
    # missing cells (null, NaN) are empty, as in a CSV; pandas ≥ 3 keeps them missing through astype(str)
    frame = grid.astype(str).fillna("").replace({"nan": "", "None": "", "<NA>": ""})
    return frame.assign(__row__=np.arange(1, len(frame) + 1))


def read_firm_frame(path: Path | str, data: bytes | None = None, header_row: int | None = None,
                    sheet: str | None = None) -> pd.DataFrame:  # fmt: skip
    """Raw string cells with a ``__row__`` column of source row numbers (spreadsheet rows, or JSON positions).

    CSV/XLSX: the header is the first of the first 10 rows naming firm_id (or an alias); ``header_row`` (0-based)
    skips that detection, so that a file whose id column has an unknown name can still be mapped by hand.
    The content decides the reader when the name lies (a workbook or Parquet file named .csv). What was decided
    (encoding, delimiter, sheet) is in ``frame.attrs["notes"]``; file-level warnings in ``frame.attrs["warnings"]``.
    """
    path = Path(path)
    source = path.name
    suffix = path.suffix.lower()
    if data is None:
        if not path.is_file():
            raise FirmInputError(f"{path}: 파일이 없습니다 (file not found)")
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise FirmInputError(f"{source}: 파일이 {size / 1048576:,.0f} MB로 한도 {MAX_UPLOAD_MB} MB를 넘습니다 (the file "
                                 f"is {size / 1048576:,.0f} MB, above the {MAX_UPLOAD_MB} MB limit — split it into "
                                 "several files and give the folder)")  # fmt: skip
        data = path.read_bytes()
    check_size(data, source)
    notes: list[str] = []
    kind = sniff_kind(data)
    if suffix == ".json":
        if not data.strip():
            raise FirmInputError(f"{source}: 파일이 비어 있습니다 (the file is empty)")
        frame = _json_records(parse_json_bytes(data, source), source)
    elif kind == "xlsx" or suffix in (".xlsx", ".xlsm"):
        if kind != "xlsx" and suffix in (".xlsx", ".xlsm"):
            raise FirmInputError(f"{source}: 엑셀 통합 문서(XLSX)가 아닙니다 (not a readable Excel workbook: the file is "
                                 "not a zip container) — save it again from Excel as .xlsx")  # fmt: skip
        if suffix not in (".xlsx", ".xlsm"):
            notes.append(f"the file is named {suffix or 'without a suffix'} but is an Excel workbook (XLSX); read as XLSX")
        frame = _read_xlsx(data, source, header_row, sheet, notes)
    elif kind == "parquet" or suffix == ".parquet":
        if suffix != ".parquet":
            notes.append(f"the file is named {suffix} but is a Parquet file; read as Parquet")
        frame = _read_parquet(data, source)
    elif suffix in (".csv", ".txt", ".tsv", ""):
        fast = utf8_bytes(data) if len(data) >= 4 * FAST_CSV_CHARS else None  # ≥ FAST_CSV_CHARS characters
        if fast is not None:  # read from the bytes; the raw ones are freed once transcoded (issue 19: peak memory)
            box, label = [fast[0]], fast[1]
            data = fast = None
            notes.append(f"encoding {label}")
            frame = read_csv_utf8(box, source, header_row, notes)
        else:
            text, encoding = decode_text(data, source)
            notes.append(f"encoding {encoding}")
            frame = read_csv_text(text, source, header_row, notes)
    else:
        raise FirmInputError(f"{source}: 지원하지 않는 파일 형식 {suffix!r} (unsupported file type {suffix!r} — use .csv, "
                             ".xlsx, .json or .parquet)")  # fmt: skip
    if sheet is not None and kind != "xlsx":
        raise FirmInputError(f"{source}: --sheet는 엑셀 파일에만 쓸 수 있습니다 (--sheet applies to an Excel workbook only)")
    frame.attrs["notes"] = notes
    return frame
