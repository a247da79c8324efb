"""Exports a client can open safely: CSV (UTF-8 with BOM), XLSX (results + rejected rows + run information),
JSON and Markdown.

Spreadsheet formula injection is neutralised: a text cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return gets a leading apostrophe, so Excel shows it as text instead of running it (OWASP CSV injection).
"""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import pandas as pd

DANGEROUS_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
OUTPUT_FORMATS = (".csv", ".xlsx", ".json", ".parquet")


def safe_cell(value):
    """Neutralise a text cell Excel would treat as a formula."""
    if isinstance(value, str) and value.startswith(DANGEROUS_PREFIXES):
        return "'" + value
    return value


def safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            out[col] = out[col].map(safe_cell)
    out.columns = [safe_cell(str(c)) for c in out.columns]
    return out


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """UTF-8 with BOM so Korean Excel shows Hangul; formula-safe; ``\\n`` line ends (deterministic)."""
    return safe_frame(frame).to_csv(index=False, lineterminator="\n").encode("utf-8-sig")


def run_info(data_version: str, weights: dict, method: str, vintage: int, extra: dict | None = None) -> pd.DataFrame:
    rows = [
        ("data_version / 데이터 버전", data_version),
        ("method / 집계 방법", method),
        *[(f"weight / 가중치: {k}", v) for k, v in weights.items()],
        ("data vintage / 데이터 기준연도", f"{vintage} (보고서 2018년 발간 — 현재 상황과 다를 수 있음 / reports from 2018)"),
        ("run at (UTC) / 실행 시각", dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M:%S")),
        ("method note / 방법", "score = w_fit·fit + fit·(w_policy·policy + w_demand·demand + w_risk·(1 − risk)); docs/METHOD.md"),
    ]
    rows += list((extra or {}).items())
    return pd.DataFrame(rows, columns=["item / 항목", "value / 값"])


def xlsx_bytes(sheets: dict[str, pd.DataFrame]) -> bytes:
    """A workbook with one sheet per entry (openpyxl); column widths fitted; header row frozen."""
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as writer:
        for name, frame in sheets.items():
            safe_frame(frame).to_excel(writer, sheet_name=name[:31], index=False)
            ws = writer.sheets[name[:31]]
            ws.freeze_panes = "A2"
            for col_cells in ws.columns:
                width = max((len(str(c.value)) if c.value is not None else 0) for c in col_cells[:200])
                ws.column_dimensions[col_cells[0].column_letter].width = min(60, max(8, width + 2))
    return buf.getvalue()


def json_bytes(obj) -> bytes:
    return (json.dumps(obj, ensure_ascii=False, indent=2, sort_keys=False) + "\n").encode("utf-8")


def write_table(frame: pd.DataFrame, path: Path, info: pd.DataFrame | None = None,
                rejected: pd.DataFrame | None = None, sheet: str = "결과") -> None:  # fmt: skip
    """Write ``frame`` in the format named by ``path``'s suffix (.csv, .xlsx, .json, .parquet)."""
    suffix = path.suffix.lower()
    path.parent.mkdir(parents=True, exist_ok=True)
    if suffix == ".csv":
        path.write_bytes(csv_bytes(frame))
    elif suffix == ".xlsx":
        sheets = {sheet: frame}
        if rejected is not None:
            sheets["거부된 행 rejected"] = rejected
        if info is not None:
            sheets["정보 info"] = info
        path.write_bytes(xlsx_bytes(sheets))
    elif suffix == ".json":
        path.write_bytes(json_bytes(frame.to_dict(orient="records")))
    elif suffix == ".parquet":
        frame.to_parquet(path, index=False)
    else:
        raise ValueError(f"unsupported output {path.name}: use {', '.join(OUTPUT_FORMATS)}")
