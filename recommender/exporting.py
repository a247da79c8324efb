"""Exports a client can open safely: CSV (UTF-8 with BOM), XLSX (results + rejected rows + run information),
JSON and Markdown.

Spreadsheet formula injection is neutralised: a text cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return gets a leading apostrophe, so Excel shows it as text instead of running it (OWASP CSV injection).
The start is looked at after leading zero-width characters and a BOM (U+200B–U+200D, U+2060, U+FEFF, U+00AD) and
after Unicode NFKC, so full-width ``＝ ＋ － ＠`` and small forms ``﹦ ﹢ ﹣ ﹫`` are neutralised too (issue 11).

XLSX only (Excel cannot store them): control characters (C0 except tab, line feed, carriage return) are replaced by
U+FFFD and counted; a cell longer than 32,767 characters is cut to that length ending in ``…`` and counted; both
counts are noted in the info sheet. Workbooks are deterministic: fixed document times (``docProps/core.xml``) and
zip entry times, so the same table gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import unicodedata
import zipfile
from pathlib import Path

import pandas as pd

DANGEROUS_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
OUTPUT_FORMATS = (".csv", ".xlsx", ".json", ".parquet")
#: invisible characters skipped when deciding whether a cell starts like a formula
INVISIBLE_PREFIX = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
#: Excel's limits: rows per sheet (with the header) and characters per cell
EXCEL_MAX_ROWS = 1_048_576
EXCEL_MAX_CELL_CHARS = 32_767
#: the fixed document and zip-entry time of every workbook written here
FIXED_TIME = (2018, 1, 1, 0, 0, 0)
_ILLEGAL_XLSX = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


class ExportError(ValueError):
    """The table cannot be written in the asked format (e.g. beyond Excel's row limit): one sentence."""


def formula_like(value: str) -> bool:
    """Whether Excel could take the text cell for a formula (see the module docstring for the rule)."""
    first = value[:1]
    if first < "\x80":  # the usual case, decided without normalising
        return first != "" and first in "=+-@\t\r"
    text = value.lstrip(INVISIBLE_PREFIX)
    return bool(text) and unicodedata.normalize("NFKC", text[0])[:1] in ("=", "+", "-", "@")


def safe_cell(value):
    """Neutralise a text cell Excel would treat as a formula."""
    if isinstance(value, str) and value and formula_like(value):
        return "'" + value
    return value


def safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            out[col] = out[col].map(safe_cell)
    out.columns = [safe_cell(str(c)) for c in out.columns]
    return out


def xlsx_clean_frame(frame: pd.DataFrame) -> tuple[pd.DataFrame, int, int]:
    """``(frame, control characters replaced, cells cut)`` — what Excel can store (module docstring)."""
    out = frame.copy()
    n_ctrl = n_cut = 0
    for col in out.columns:
        if not (out[col].dtype == object or pd.api.types.is_string_dtype(out[col])):
            continue
        s = out[col]
        is_str = s.map(lambda v: isinstance(v, str)).to_numpy(dtype=bool)
        if not is_str.any():
            continue
        text = s[is_str].astype(str)
        ctrl = text.str.count(_ILLEGAL_XLSX.pattern)
        long = text.str.len() > EXCEL_MAX_CELL_CHARS
        if ctrl.sum() or long.any():
            n_ctrl += int(ctrl.sum())
            n_cut += int(long.sum())
            fixed = text.str.replace(_ILLEGAL_XLSX.pattern, "\ufffd", regex=True)
            fixed = fixed.where(~long, fixed.str.slice(0, EXCEL_MAX_CELL_CHARS - 1) + "…")
            s = s.astype(object).copy()
            s[is_str] = fixed.to_numpy(dtype=object)
            out[col] = s
    out.columns = [_ILLEGAL_XLSX.sub("\ufffd", str(c))[:EXCEL_MAX_CELL_CHARS] for c in out.columns]
    return out, n_ctrl, n_cut


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """UTF-8 with BOM so Korean Excel shows Hangul; formula-safe; ``\\n`` line ends (deterministic)."""
    return safe_frame(frame).to_csv(index=False, lineterminator="\n").encode("utf-8-sig")


def run_info(data_version: str, weights: dict, method: str, vintage: int, extra: dict | None = None,
             run_time: bool = True, period: str | None = None) -> pd.DataFrame:  # fmt: skip
    """The info sheet. ``run_time=False`` (``--reproducible``) leaves the run time out so reruns are byte-identical.
    ``period``: the evidence period of the data (``KnowledgeBase.period_label``; default the vintage year)."""
    period = period or str(vintage)
    when = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M:%S") if run_time else "— (--reproducible)"
    rows = [
        ("data_version / 데이터 버전", data_version),
        ("method / 집계 방법", method),
        *[(f"weight / 가중치: {k}", v) for k, v in weights.items()],
        ("data vintage / 데이터 기준연도", f"{vintage} (보고서 {period}년 발간 — 현재 상황과 다를 수 있음 / reports from {period})"),
        ("run at (UTC) / 실행 시각", when),
        ("method note / 방법", _method_note(method, weights)),
    ]
    rows += list((extra or {}).items())
    return pd.DataFrame(rows, columns=["item / 항목", "value / 값"])


def _method_note(method: str, weights: dict) -> str:
    """The scoring rule in plain words with this run's weights, Korean / English (no symbols, no file names)."""
    from recommender.present import _scoring_note

    w = weights if set(weights) >= {"fit", "policy", "demand", "risk"} else None
    return f"{_scoring_note(method, True, w)} / {_scoring_note(method, False, w)}"


def check_xlsx_rows(rows: int, what: str = "the table") -> None:
    """Refuse, with the numbers, a sheet Excel cannot hold (header + ``rows``)."""
    if rows + 1 > EXCEL_MAX_ROWS:
        raise ExportError(
            f"엑셀 시트는 머리행 포함 최대 {EXCEL_MAX_ROWS:,}행입니다 — {what}은(는) {rows:,}행 (an Excel sheet holds at "
            f"most {EXCEL_MAX_ROWS - 1:,} data rows; {what} has up to {rows:,}): write .csv or .parquet instead, or "
            "lower --top"
        )


def deterministic_zip(data: bytes) -> bytes:
    """The same workbook with fixed document times and zip entry times (:data:`FIXED_TIME`), entries in order."""
    stamp = dt.datetime(*FIXED_TIME).strftime("%Y-%m-%dT%H:%M:%SZ")
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                body = re.sub(rb"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:)", rb"\g<1>" + stamp.encode() + rb"\3",
                              body)  # fmt: skip
            zi = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = info.external_attr
            dst.writestr(zi, body)
    return out.getvalue()


def xlsx_notes(n_ctrl: int, n_cut: int) -> list[str]:
    """What making a workbook storable changed, in one sentence each (Korean with English)."""
    msgs = []
    if n_ctrl:
        msgs.append(f"{n_ctrl} control characters (NUL, ESC, BEL …) were replaced by U+FFFD in this workbook "
                    f"(제어 문자 {n_ctrl}개를 U+FFFD로 바꿨습니다)")  # fmt: skip
    if n_cut:
        msgs.append(f"{n_cut} cells longer than Excel's {EXCEL_MAX_CELL_CHARS:,} characters were cut, ending in '…'; "
                    f"the CSV and JSON outputs keep them whole (셀 {n_cut}개를 엑셀 한도에 맞춰 잘랐습니다)")  # fmt: skip
    return msgs


#: the first characters Excel may read as a formula start once normalised (full-width ＝, small ﹢, …), and the
#: invisible characters that may stand before one — for a fast prefix scan before :func:`safe_cell`
FORMULA_START_CHARS = "".join(sorted({chr(c) for c in range(0x80, 0x10000)
                                      if unicodedata.normalize("NFKC", chr(c))[:1] in ("=", "+", "-", "@")}
                                     | set(INVISIBLE_PREFIX)))  # fmt: skip


def xlsx_bytes(sheets: dict[str, pd.DataFrame], notes: list[str] | None = None) -> bytes:
    """A workbook with one sheet per entry (openpyxl); column widths fitted; header row frozen; formula-safe;
    control characters and over-long cells made storable (counted: noted in a sheet whose name ends in ``info``
    and appended to ``notes``); deterministic bytes."""
    clean: dict[str, pd.DataFrame] = {}
    n_ctrl = n_cut = 0
    for name, frame in sheets.items():
        check_xlsx_rows(len(frame), f"sheet {name!r}")
        f, c, k = xlsx_clean_frame(safe_frame(frame))
        clean[name] = f
        n_ctrl, n_cut = n_ctrl + c, n_cut + k
    msgs = xlsx_notes(n_ctrl, n_cut)
    info_name = next((n for n in clean if n.endswith("info")), None)
    if msgs and info_name is not None:
        info = clean[info_name]
        extra = pd.DataFrame([["note / 참고", m] for m in msgs], columns=info.columns[:2]) if info.shape[1] >= 2 else None
        if extra is not None:
            clean[info_name] = pd.concat([info, extra], ignore_index=True)
    if notes is not None:
        notes.extend(msgs)
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as writer:
        for name, frame in clean.items():
            frame.to_excel(writer, sheet_name=name[:31], index=False)
            ws = writer.sheets[name[:31]]
            ws.freeze_panes = "A2"
            for col_cells in ws.columns:
                width = max((len(str(c.value)) if c.value is not None else 0) for c in col_cells[:200])
                ws.column_dimensions[col_cells[0].column_letter].width = min(60, max(8, width + 2))
        fixed = dt.datetime(*FIXED_TIME)
        writer.book.properties.created = fixed
        writer.book.properties.modified = fixed
    return deterministic_zip(buf.getvalue())


def json_bytes(obj) -> bytes:
    return (json.dumps(obj, ensure_ascii=False, indent=2, sort_keys=False) + "\n").encode("utf-8")


def write_table(frame: pd.DataFrame, path: Path, info: pd.DataFrame | None = None,
                rejected: pd.DataFrame | None = None, sheet: str = "결과", fmt: str | None = None) -> list[str]:  # fmt: skip
    """Write ``frame`` in the format named by ``path``'s suffix (.csv, .xlsx, .json, .parquet); returns notes on
    what the format changed (XLSX: control characters, over-long cells). ``fmt``: the format when ``path`` is a
    temporary file whose name does not end in it (``.csv`` …)."""
    suffix = (fmt or path.suffix).lower()
    notes: list[str] = []
    if suffix not in OUTPUT_FORMATS:
        raise ExportError(f"unsupported output {path.name}: use {', '.join(OUTPUT_FORMATS)}")
    path.parent.mkdir(parents=True, exist_ok=True)
    if suffix == ".csv":
        path.write_bytes(csv_bytes(frame))
    elif suffix == ".xlsx":
        sheets = {sheet: frame}
        if rejected is not None:
            sheets["거부된 행 rejected"] = rejected
        if info is not None:
            sheets["정보 info"] = info
        path.write_bytes(xlsx_bytes(sheets, notes))
    elif suffix == ".json":
        path.write_bytes(json_bytes(frame.to_dict(orient="records")))
    elif suffix == ".parquet":
        frame.to_parquet(path, index=False)
    return notes
