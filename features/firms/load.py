"""Entry points: read a firm file (or a folder of parts), or validate firm objects given in memory (the app's form)."""

from __future__ import annotations

from pathlib import Path

from features.firms.quick import quick_read
from features.firms.schema import FirmBatch


def read_firms(path: Path | str, regions: dict | None = None, data: bytes | None = None,
               sheet: str | None = None) -> FirmBatch:  # fmt: skip
    """Read and validate a firm file (.json, .csv, .xlsx, .parquet) — or a folder or glob of part files
    (:func:`read_firm_parts`). ``sheet``: the workbook sheet to read (name or 1-based number)."""
    if sheet is None:  # a one-firm JSON or CSV file (an existing file, never a folder or glob): no pandas (issue 19)
        quick = quick_read(path, regions, data)
        if quick is not None:
            return quick
    from features.firms.parts import is_multi_source, read_firm_parts
    from features.firms.readers import read_firm_frame
    from features.firms.validation import validate_frame

    if data is None and is_multi_source(path):
        return read_firm_parts(path, regions)
    from features.firms.memory import give_back

    # no reference kept here: validate_frame frees each raw column once it is read
    batch = validate_frame(read_firm_frame(path, data, sheet=sheet), regions, source=Path(path).name)
    give_back()  # the raw grid and the validation's temporaries are freed: their pages back to the system
    return batch


def firms_from_records(records: list[dict], regions: dict | None = None) -> FirmBatch:
    """Validate firm objects given in memory (the app's form)."""
    from features.firms.readers import _json_records
    from features.firms.validation import validate_frame

    return validate_frame(_json_records(records, "form"), regions, source="form")
