"""A raw grid of cells → a frame of firm rows: the header row found, duplicate headers refused, blank rows dropped,
rows with too few or too many fields marked (:data:`PROBLEM`)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from features.firms.schema import _BLANK_CHARS, HEADER_ALIASES, PROBLEM, FirmInputError, _norm_header, canonical_field


def _find_header(frame: pd.DataFrame, source: str) -> int:
    """Index of the header row among the first 10: the first row naming firm_id (or one of its aliases)."""
    for i in range(min(10, len(frame))):
        cells = {_norm_header(c) for c in frame.iloc[i].tolist() if str(c).strip()}
        if any(HEADER_ALIASES.get(c) == "firm_id" for c in cells):
            return i
    raise FirmInputError(
        f"{source}: 처음 10행에 기업ID 열이 없습니다 (no firm_id column found in the first 10 rows) — add a column "
        "named firm_id (or 기업ID)"
    )


def _blank_rows(data: pd.DataFrame) -> np.ndarray:
    """(n,) bool: every cell of the row is empty, whitespace or control characters (a NUL-padded tail is no firm) —
    column by column, not row by row (1M rows: < 1 s)."""
    blank = np.ones(len(data), dtype=bool)
    for c in range(data.shape[1]):
        if not blank.any():
            break
        if data.columns[c] == PROBLEM:
            continue
        blank &= (data.iloc[:, c].astype(str).str.strip(_BLANK_CHARS) == "").to_numpy(dtype=bool)
    return blank


def duplicate_header_error(header: list[str], source: str) -> FirmInputError | None:
    """A header naming the same known field twice in exactly the same words cannot be read (which is right?)."""
    seen: dict[str, int] = {}
    for i, h in enumerate(header):
        if not h:
            continue
        if h in seen and canonical_field(h) is not None:
            return FirmInputError(
                f"{source}: 열 이름 {h!r}이(가) 두 번 나옵니다 ({seen[h] + 1}번째와 {i + 1}번째 열) — 하나를 지우거나 "
                f"이름을 바꾸세요 (duplicate column header {h!r} in columns {seen[h] + 1} and {i + 1}: delete or "
                "rename one)"
            )
        seen.setdefault(h, i)
    return None


def _unique_header(header: list[str]) -> tuple[list[str], list[str]]:
    """Repeated names of unknown columns get " (2)", " (3)" … so that every column can be addressed."""
    seen: dict[str, int] = {}
    out, notes = [], []
    for h in header:
        if h and h in seen:
            seen[h] += 1
            new = f"{h} ({seen[h]})"
            notes.append(f"column {h!r} appears more than once; the repeat is called {new!r}")
            out.append(new)
        else:
            seen.setdefault(h, 1)
            out.append(h)
    return out, notes


def _frame_from_grid(grid: pd.DataFrame, source: str, header_row: int | None = None,
                     nfields: np.ndarray | None = None) -> tuple[pd.DataFrame, int]:  # fmt: skip
    """Use the detected header row (or ``header_row``, 0-based, when given); return the data and the source row
    number of its first row (1-based).

    ``nfields`` (CSV): how many fields each record had. A record with fewer fields than the header, or with
    non-empty fields beyond it, is not a firm row one can trust: it is kept with a :data:`PROBLEM` (rejected with its
    row and reason by :func:`validate_frame`), never padded with defaults.
    """
    grid = grid.fillna("")
    if grid.empty:
        raise FirmInputError(f"{source}: 파일이 비어 있습니다 (the file is empty) — it needs a header row and one row per firm")
    h = _find_header(grid, source) if header_row is None else header_row
    header = [str(c).strip() for c in grid.iloc[h].tolist()]
    err = duplicate_header_error(header, source)
    if err:
        raise err
    header, notes = _unique_header(header)
    width = int(nfields[h]) if nfields is not None else None
    data = grid.iloc[h + 1 :].reset_index(drop=True)
    data.columns = header
    data = data.loc[:, [bool(c) for c in header]]  # unnamed trailing columns from Excel
    blank = _blank_rows(data)
    if nfields is not None and len(data):
        nf = nfields[h + 1 :]
        short = (nf < width) & ~blank
        extra = np.zeros(len(data), dtype=bool)
        if (nf > width).any():
            tail = grid.iloc[h + 1 :, width:].astype(str).apply(lambda s: s.str.strip(_BLANK_CHARS) != "").to_numpy()
            extra = (nf > width) & tail.any(axis=1)
        if short.any() or extra.any():
            problems = np.full(len(data), None, dtype=object)
            for i in np.flatnonzero(short):
                problems[i] = ("(row)", f"the row has {nf[i]} of the header's {width} fields — every row needs one "
                               "value per column (empty between delimiters is fine)",
                               f"이 행의 값은 {nf[i]}개로 머리행의 {width}개보다 적습니다 — 열마다 값(빈 값 가능)을 하나씩 "
                               "두세요")  # fmt: skip
            for i in np.flatnonzero(extra):
                problems[i] = ("(row)", f"the row has {nf[i]} fields, more than the header's {width} — a value may "
                               "contain the delimiter without quotes",
                               f"이 행의 값은 {nf[i]}개로 머리행의 {width}개보다 많습니다 — 구분자가 든 값은 따옴표로 "
                               "감싸세요")  # fmt: skip
            data = data.assign(**{PROBLEM: problems})
            blank &= ~extra
    data = data.assign(__row__=np.arange(len(data)) + h + 2)[~blank] if len(data) else data
    if "__row__" not in data:
        data = data.assign(__row__=pd.Series([], dtype=int))
    data = data.reset_index(drop=True)
    if notes:
        data.attrs["warnings"] = notes
    return data, h + 2
