"""A hostile-input corpus for issue 11, built on demand in a test's tmp folder (nothing here is committed as data).

Every builder writes small files into ``folder`` and returns the path. Bombs are built for real (a workbook whose
sheet decompresses to hundreds of megabytes, a sheet whose one cell sits at XFD1048576) — never stored in the repo.
"""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pandas as pd

HEADER = ["firm_id", "name", "employees", "china_experience_years", "risk_tolerance", "preferred_regions",
          "ai_software", "smart_manufacturing"]  # fmt: skip


def rows(n: int = 5, prefix: str = "F") -> list[list[str]]:
    """``n`` valid firm rows (every value different from the defaults, so a silent default would show)."""
    return [[f"{prefix}{i:03d}", f"기업 {i}", str(10 + i), "2", "high", "CN-BJ", str(1 + i % 5), "3"] for i in range(n)]


def csv_text(header=HEADER, body=None, sep: str = ",") -> str:
    body = rows() if body is None else body
    return "\n".join(sep.join(r) for r in [header, *body]) + "\n"


def write(folder: Path, name: str, data: bytes | str) -> Path:
    path = Path(folder) / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def xlsx(folder: Path, name: str, sheets: dict[str, list[list]], merge: dict[str, list[str]] | None = None,
         formulas: dict[str, dict[str, str]] | None = None) -> Path:  # fmt: skip
    """A real workbook (openpyxl): one sheet per entry; ``merge`` ranges per sheet; ``formulas`` cell → formula
    (written without a saved value, as openpyxl does)."""
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    for title, grid in sheets.items():
        ws = wb.create_sheet(title)
        for r in grid:
            ws.append(r)
        for ref in (merge or {}).get(title, []):
            ws.merge_cells(ref)
        for ref, f in (formulas or {}).get(title, {}).items():
            ws[ref] = f
    buf = io.BytesIO()
    wb.save(buf)
    return write(folder, name, buf.getvalue())


_WB = (b'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/'
       b'main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="S" '
       b'sheetId="1" r:id="rId1"/></sheets></workbook>')  # fmt: skip
_RELS = (b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
         b'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
         b'relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>')  # fmt: skip
_SHEET_HEAD = b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'


def _raw_workbook(path: Path, sheet_chunks, level: int = 9) -> Path:
    """A minimal workbook whose sheet XML is the concatenation of ``sheet_chunks`` (bytes), streamed into the zip."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as zf:
        zf.writestr("xl/workbook.xml", _WB)
        zf.writestr("xl/_rels/workbook.xml.rels", _RELS)
        with zf.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as fh:
            for chunk in sheet_chunks:
                fh.write(chunk)
    return path


def sparse_bomb(folder: Path, declared: bool = True) -> Path:
    """1–2 KB: a header row and one cell at XFD1048576 (the whole sheet's bounding box: 17 billion cells).
    ``declared=False`` hides it behind a small ``<dimension>`` (a lying workbook)."""
    dim = b'<dimension ref="A1:XFD1048576"/>' if declared else b'<dimension ref="A1:B2"/>'
    body = [_SHEET_HEAD, dim, b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>firm_id</t></is></c></row>',
            b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row></sheetData></worksheet>']  # fmt: skip
    return _raw_workbook(Path(folder) / ("sparse.xlsx" if declared else "sparse_lying.xlsx"), body)


def tall_sparse_bomb(folder: Path) -> Path:
    """Three columns, one far cell at C1048576 (3 million cells of bounding box, no dimension)."""
    body = [_SHEET_HEAD, b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>firm_id</t></is></c></row>',
            b'<row r="1048576"><c r="C1048576"><v>1</v></c></row></sheetData></worksheet>']  # fmt: skip
    return _raw_workbook(Path(folder) / "tall.xlsx", body)


def dense_bomb(folder: Path, cells: int = 40_000_000) -> Path:
    """A small file whose sheet really decompresses to ~ ``cells`` × 14 bytes (40M cells: ~560 MB, a ~1 MB file)."""
    per_row = 40
    row = b"".join(b"<c><v>1</v></c>" for _ in range(per_row))

    def chunks():
        yield _SHEET_HEAD + b"<sheetData>"
        block = (b"<row>" + row + b"</row>") * 2000
        for _ in range(cells // (per_row * 2000)):
            yield block
        yield b"</sheetData></worksheet>"

    return _raw_workbook(Path(folder) / "dense.xlsx", chunks(), level=1)


def declared_dense(folder: Path) -> Path:
    """A small sheet that declares A1:AD200000 (6M cells) in its dimension and has cells that far."""
    body = [_SHEET_HEAD, b'<dimension ref="A1:AD200000"/><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>'
            b'firm_id</t></is></c></row><row r="200000"><c r="AD200000"><v>1</v></c></row></sheetData></worksheet>']  # fmt: skip
    return _raw_workbook(Path(folder) / "declared.xlsx", body)


def json_firms(folder: Path, name: str, objs) -> Path:
    return write(folder, name, json.dumps(objs, ensure_ascii=False))


def firm_obj(i: int = 0, **over) -> dict:
    d = {"firm_id": f"J{i:03d}", "name": f"기업 {i}", "employees": 20 + i, "risk_tolerance": "high",
         "capabilities": {"ai_software": 4, "smart_manufacturing": 3}}  # fmt: skip
    d.update(over)
    return d


def parquet_dup(folder: Path) -> Path:
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.table([pa.array(["A", "B"]), pa.array(["x", "y"]), pa.array(["C", "D"])],
                     names=["firm_id", "name", "firm_id"])  # fmt: skip
    path = Path(folder) / "dup.parquet"
    pq.write_table(table, path)
    return path


def frame_csv(folder: Path, name: str, frame: pd.DataFrame) -> Path:
    return write(folder, name, frame.to_csv(index=False))
