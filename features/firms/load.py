"""Entry points: read a firm file (or a folder of parts), or validate firm objects given in memory (the app's form)."""

from __future__ import annotations

from pathlib import Path

from features.firms.parts import is_multi_source, read_firm_parts
from features.firms.readers import _json_records, read_firm_frame
from features.firms.schema import FirmBatch
from features.firms.validation import validate_frame


def read_firms(path: Path | str, regions: dict | None = None, data: bytes | None = None,
               sheet: str | None = None) -> FirmBatch:  # fmt: skip
    """Read and validate a firm file (.json, .csv, .xlsx, .parquet) — or a folder or glob of part files
    (:func:`read_firm_parts`). ``sheet``: the workbook sheet to read (name or 1-based number)."""
    if data is None and is_multi_source(path):
        return read_firm_parts(path, regions)
    frame = read_firm_frame(path, data, sheet=sheet)
    return validate_frame(frame, regions, source=Path(path).name)


def firms_from_records(records: list[dict], regions: dict | None = None) -> FirmBatch:
    """Validate firm objects given in memory (the app's form)."""
    return validate_frame(_json_records(records, "form"), regions, source="form")
