"""Fast screening outputs: lean rows plus a companion table of opportunities, written chunk by chunk.

Two layouts (docs/DATA.md):

* **lean** (default) — one row per firm × rank with what differs from row to row (:data:`LEAN_COLUMNS`: ids, firm
  name, coverage, rank, tie group, ``opportunity_key``, score, fit, effective risk). Everything that belongs to the
  (opportunity, strategy) itself — names, policy, demand, confidence, vintage, evidence, implication ids,
  precedents, data version — goes once per ``opportunity_key`` into a companion table
  (:data:`OPPORTUNITY_COLUMNS`): ``OUT.opportunities.csv`` / ``.parquet`` beside the file, an ``opportunities``
  object in JSON, a ``기회 opportunities`` sheet in XLSX. Joining the two on ``opportunity_key`` gives the wide
  rows back (tested).
* **wide** (``--wide``) — today's one flat row with everything (:data:`recommender.screening.SCREEN_COLUMNS`).

Writers (memory bounded by one chunk):

* CSV — UTF-8 with BOM, ``\\n`` line ends, quoting as pandas' minimal quoting. Each chunk is rendered column by
  column with Arrow compute kernels (cast numbers to text, quote where a comma, quote or line break occurs, join
  with commas) and the joined buffer is written as is: no Python loop over rows.
* XLSX — written as the Office Open XML parts themselves (a zip of XML), streamed: each chunk's ``<row>`` elements
  are rendered with the same Arrow kernels. Text cells are inline strings (never formulas); the firm's own text is
  neutralised as in :mod:`recommender.exporting` anyway. Header row bold and frozen, column widths fitted on the
  first 200 rows, as before. Over Excel's 1,048,576 rows a result sheet continues in ``… (2)``, ``… (3)``.
  (xlsxwriter in constant-memory mode was measured first: 100,000 rows × 14 cells took 75 s on the shared 2-core
  machine — too slow for the 500,000-row target, so the parts are written directly.)
* Parquet — one row group per chunk (pyarrow). JSON — records streamed; lean JSON is one object
  ``{"layout", "data_version", "rows": […], "opportunities": {key: {…}}}``.

Formula-injection neutralisation (OWASP CSV injection) is :func:`recommender.exporting.safe_cell`, applied to the
columns that hold the user's own text (:data:`USER_TEXT_COLUMNS`); the rows to change are found with one
vectorised prefix match, and only those go through ``safe_cell``. Small tables (companion, rejected rows, run
information) go through :func:`recommender.exporting.safe_frame` whole.
"""

from __future__ import annotations

import contextlib
import io
import json
import zipfile
from collections.abc import Callable, Iterable
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from features.atomic import OutputSet
from recommender import exporting
from recommender.screening import LEAN_COLUMNS, SCREEN_COLUMNS, _Lookups

OPPORTUNITY_COLUMNS = ["opportunity_key", "opportunity_id", "region_id", "region_name", "sector_id", "sector_name",
                       "strategy_id", "strategy_name", "policy", "demand", "confidence", "vintage", "evidence",
                       "implication_ids", "precedents", "data_version"]  # fmt: skip
#: columns that can hold text typed by the user (neutralised against formula injection)
USER_TEXT_COLUMNS = ("firm_id", "firm_name")
#: Excel's row limit per sheet (header included)
EXCEL_MAX_ROWS = 1_048_576
RESULTS_SHEET = "추천 results"
OPPORTUNITIES_SHEET = "기회 opportunities"
REJECTED_SHEET = "거부된 행 rejected"
INFO_SHEET = "정보 info"
FORMATS = (".csv", ".parquet", ".json", ".xlsx")

_DANGER = "^[" + "".join("\\" + p if p in "-\\]^" else p
                         for p in exporting.DANGEROUS_PREFIXES + tuple(exporting.FORMULA_START_CHARS)) + "]"
assert all(len(p) == 1 for p in exporting.DANGEROUS_PREFIXES)
_NEEDS_QUOTES = '[",\r\n]'
_XML_ILLEGAL = "[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]"


def companion_path(out: Path | str) -> Path:
    """``OUT.opportunities.csv`` beside ``OUT.csv`` (same for .parquet)."""
    out = Path(out)
    return out.with_name(f"{out.stem}.opportunities{out.suffix}")


def opportunities_frame(look: _Lookups, keys: Iterable[int]) -> pd.DataFrame:
    """The companion rows for ``keys`` (``opportunity_key`` values, :meth:`_Lookups.opportunity_key`), sorted."""
    rec = look.rec
    keys = np.unique(np.asarray(list(keys), dtype=np.int64))
    opp, strat = (keys - 1) // look.n_strategies, (keys - 1) % look.n_strategies
    region, sector = look.region_id.take(opp), look.sector_id.take(opp)
    return pd.DataFrame({
        "opportunity_key": keys, "opportunity_id": [f"{r}/{s}" for r, s in zip(region, sector)],
        "region_id": region, "region_name": look.region_name.take(opp), "sector_id": sector,
        "sector_name": look.sector_name.take(opp), "strategy_id": look.strategy_id.take(strat),
        "strategy_name": look.strategy_name.take(strat), "policy": np.round(rec.policy[opp], 4),
        "demand": np.round(rec.demand[opp], 4), "confidence": np.round(rec.confidence[opp], 4),
        "vintage": look.vintage[opp].astype(np.int64), "evidence": look.evidence.take(opp),
        "implication_ids": look.implication_table.take(keys - 1), "precedents": look.precedent_table.take(keys - 1),
        "data_version": rec.kb.data_version,
    })[OPPORTUNITY_COLUMNS]  # fmt: skip


def widen(lean: pd.DataFrame, opportunities: pd.DataFrame) -> pd.DataFrame:
    """The wide rows from lean rows and their companion table (a left join on ``opportunity_key``)."""
    extra = opportunities.drop(columns=["opportunity_id", "region_id", "sector_id", "strategy_id"])
    wide = lean.merge(extra, on="opportunity_key", how="left", sort=False)
    wide["data_version"] = wide["data_version"].fillna(opportunities["data_version"].iloc[0] if len(opportunities)
                                                       else None)  # fmt: skip
    return wide[SCREEN_COLUMNS]


# ---------------------------------------------------------------- rendering columns to text with Arrow kernels


def neutralise(arr: pa.Array) -> pa.Array:
    """:func:`exporting.safe_cell` on the cells of a text array that need it (found with one prefix match)."""
    mask = pc.fill_null(pc.match_substring_regex(arr, _DANGER), False)
    if not pc.any(mask).as_py():
        return arr
    fixed = pa.array([exporting.safe_cell(v) for v in pc.filter(arr, mask).to_pylist()], type=arr.type)
    return pc.replace_with_mask(arr, mask, fixed)


def _arrow(frame: pd.DataFrame, col: str, user_text: bool) -> pa.Array:
    s = frame[col]
    if s.dtype == object or pd.api.types.is_string_dtype(s):
        arr = pa.array(s.astype("str") if s.dtype == object else s, type=pa.large_string(), from_pandas=True)
        return neutralise(arr) if user_text else arr
    return pa.array(s, from_pandas=True)


def _text(arr: pa.Array) -> pa.Array:
    """Numbers as text; floats in their shortest round-trip form (``0.6234``; a whole float as ``1``)."""
    return arr.cast(pa.large_string())


def _cat(*parts, sep: str = "") -> pa.Array:
    """Element-wise concatenation of text arrays and constant strings (with ``sep`` between them)."""
    args = [pa.scalar(x, type=pa.large_string()) if isinstance(x, str) else x for x in parts]
    return pc.binary_join_element_wise(*args, pa.scalar(sep, type=pa.large_string()))


def _csv_column(arr: pa.Array, plain: bool = False) -> pa.Array:
    text = pc.fill_null(_text(arr), pa.scalar("", type=pa.large_string()))
    if pa.types.is_large_string(arr.type) and not plain:
        need = pc.match_substring_regex(text, _NEEDS_QUOTES)
        if pc.any(need).as_py():
            quoted = _cat('"', pc.replace_substring(text, '"', '""'), '"')
            text = pc.if_else(need, quoted, text)
    return text


def _joined(arr: pa.Array) -> bytes:
    """All values of a text array without nulls, concatenated (its data buffer between the first and last offset)."""
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    if len(arr) == 0:
        return b""
    width = np.int64 if pa.types.is_large_string(arr.type) else np.int32
    offsets = np.frombuffer(arr.buffers()[1], dtype=width)[arr.offset : arr.offset + len(arr) + 1]
    return arr.buffers()[2].to_pybytes()[int(offsets[0]) : int(offsets[-1])]


def csv_rows(frame: pd.DataFrame, user_text: Iterable[str] = USER_TEXT_COLUMNS, plain: Iterable[str] = ()) -> bytes:
    """``frame``'s rows as CSV text (no header): pandas' ``to_csv`` with minimal quoting, except that a float is
    written in its shortest round-trip form (``1`` for 1.0, ``0.00001`` for 1e-05: the same values read back).
    ``plain``: text columns known to need no quotes (checked by the caller), skipped by the quoting scan."""
    if len(frame) == 0:
        return b""
    user_text, plain = set(user_text), set(plain)
    cols = [_csv_column(_arrow(frame, c, c in user_text), c in plain) for c in frame.columns]
    return _joined(_cat(_cat(*cols, sep=","), "\n"))


def csv_header(columns: Iterable[str]) -> bytes:
    return exporting.csv_bytes(pd.DataFrame(columns=list(columns)))


def write_csv(frame: pd.DataFrame, path: Path, user_text: Iterable[str] | None = None) -> None:
    """A whole small table (companion, rejected rows) as CSV with BOM, every text column neutralised."""
    safe = exporting.safe_frame(frame) if user_text is None else frame
    Path(path).write_bytes(csv_header(safe.columns) + csv_rows(safe, () if user_text is None else user_text))


# ---------------------------------------------------------------- streaming XLSX


def _col_letter(i: int) -> str:
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s


_NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
_NS_R = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
_STYLES = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<styleSheet {_NS}>'
           '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font>'
           '<font><b/><sz val="11"/><name val="Calibri"/></font></fonts>'
           '<fills count="2"><fill><patternFill patternType="none"/></fill>'
           '<fill><patternFill patternType="gray125"/></fill></fills>'
           '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
           '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
           '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
           '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>'
           '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>')  # fmt: skip


def _xml_text(arr: pa.Array) -> pa.Array:
    text = pc.replace_substring_regex(arr, _XML_ILLEGAL, "")
    for a, b in (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;")):
        text = pc.replace_substring(text, a, b)
    return text


def xlsx_rows(frame: pd.DataFrame, first_row: int, user_text: Iterable[str] = USER_TEXT_COLUMNS) -> bytes:
    """``<row>`` elements for ``frame`` starting at sheet row ``first_row`` (1-based); empty cells left out."""
    n = len(frame)
    if n == 0:
        return b""
    user_text = set(user_text)
    rows = pa.array(np.arange(first_row, first_row + n)).cast(pa.large_string())
    cells = []
    for j, c in enumerate(frame.columns):
        arr = _arrow(frame, c, c in user_text)
        ref = _cat(f'<c r="{_col_letter(j)}', rows)
        if pa.types.is_large_string(arr.type):
            cell = _cat(ref, '" t="inlineStr"><is><t xml:space="preserve">', _xml_text(arr), "</t></is></c>")
        else:
            cell = _cat(ref, '"><v>', _text(arr), "</v></c>")
        cells.append(pc.if_else(pc.is_valid(arr), cell, pa.scalar("", type=pa.large_string())))
    return _joined(_cat('<row r="', rows, '">', _cat(*cells), "</row>"))


def _header_xml(columns: list[str]) -> bytes:
    cells = "".join(f'<c r="{_col_letter(j)}1" s="1" t="inlineStr"><is><t xml:space="preserve">{escape(str(c))}'
                    "</t></is></c>" for j, c in enumerate(columns))  # fmt: skip
    return f'<row r="1">{cells}</row>'.encode()


def _widths(frame: pd.DataFrame) -> list[float]:
    """As :func:`exporting.xlsx_bytes`: the longest of the header and the first 200 values + 2, within 8–60."""
    head = frame.head(199)
    out = []
    for c in frame.columns:
        values = [len(str(c))] + [len(str(v)) for v in head[c].tolist() if v is not None and not pd.isna(v)]
        out.append(min(60, max(8, max(values) + 2)))
    return out


class XlsxStream:
    """A workbook written part by part: sheets are added in order; rows are appended to the open sheet only.

    Deterministic: fixed zip timestamps, sheets in the order given, no creation date in the parts."""

    def __init__(self, path, max_rows: int = EXCEL_MAX_ROWS):
        target = path if hasattr(path, "write") else Path(path)  # a file name or a binary file object (BytesIO)
        self.zip = zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED, allowZip64=True)
        self.sheets: list[str] = []
        self.max_rows = int(max_rows)
        self._fh = None
        self._row = 0
        self._columns: list[str] = []
        self._user_text: tuple[str, ...] = ()
        self._base = ""

    def _entry(self, name: str):
        info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        for attr in ("compress_level", "_compresslevel"):  # level 1: fast, and the repetitive XML still shrinks ≈ 8×
            try:
                setattr(info, attr, 1)
                break
            except AttributeError:
                continue
        return self.zip.open(info, "w", force_zip64=True)

    def start_sheet(self, name: str, columns: list[str], sample: pd.DataFrame | None = None,
                    user_text: Iterable[str] = USER_TEXT_COLUMNS) -> None:  # fmt: skip
        self.end_sheet()
        name = name[:31]
        self._base = name
        self._columns = list(columns)
        self._user_text = tuple(user_text)
        self._widths = _widths(sample if sample is not None else pd.DataFrame(columns=self._columns))
        self._open(name)

    def _open(self, name: str) -> None:
        self.sheets.append(name)
        self._fh = self._entry(f"xl/worksheets/sheet{len(self.sheets)}.xml")
        cols = "".join(f'<col min="{j + 1}" max="{j + 1}" width="{w}" customWidth="1"/>'
                       for j, w in enumerate(self._widths))  # fmt: skip
        self._fh.write((f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet {_NS} {_NS_R}>'
                        '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" '
                        'activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>'
                        f"<cols>{cols}</cols><sheetData>").encode())  # fmt: skip
        self._fh.write(_header_xml([exporting.safe_cell(str(c)) for c in self._columns]))
        self._row = 1

    def append(self, frame: pd.DataFrame) -> None:
        """Rows of the open sheet; past the row limit the sheet continues in a new one, ``NAME (2)``, …"""
        start = 0
        while start < len(frame):
            room = self.max_rows - self._row
            if room <= 0:
                self._close_entry()
                k = sum(1 for s in self.sheets if s == self._base or s.startswith(self._base[:25] + " (")) + 1
                self._open(f"{self._base[:25]} ({k})")
                continue
            part = frame.iloc[start : start + room]
            self._fh.write(xlsx_rows(part, self._row + 1, self._user_text))
            self._row += len(part)
            start += len(part)

    def _close_entry(self) -> None:
        if self._fh is not None:
            self._fh.write(b"</sheetData></worksheet>")
            self._fh.close()
            self._fh = None

    def end_sheet(self) -> None:
        self._close_entry()

    def abort(self) -> None:
        """Close the file without writing the rest of the zip (after an error: a full disk must not raise again,
        and nothing is left for ``ZipFile.__del__`` to finish)."""
        if self._fh is not None:
            with contextlib.suppress(Exception):
                io.BufferedIOBase.close(self._fh)  # marks the entry closed without writing its header
            self._fh = None
        zf = self.zip
        fp, zf.fp = zf.fp, None  # ZipFile.close() (and __del__) do nothing once fp is None
        zf._writing = False
        if fp is not None and not zf._filePassed:
            with contextlib.suppress(Exception):
                fp.close()

    def add_sheet(self, name: str, frame: pd.DataFrame) -> None:
        """A small sheet written whole, every text column neutralised (:func:`exporting.safe_frame`)."""
        safe = exporting.safe_frame(frame)
        self.start_sheet(name, list(frame.columns), safe, user_text=())
        safe.columns = list(frame.columns)
        self.append(safe)
        self.end_sheet()

    def close(self) -> None:
        self.end_sheet()
        n = len(self.sheets)
        sheets = "".join(f"<sheet name={quoteattr(s)} sheetId=\"{i + 1}\" r:id=\"rId{i + 1}\"/>"
                         for i, s in enumerate(self.sheets))  # fmt: skip
        head = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        parts = {
            "xl/workbook.xml": f"{head}<workbook {_NS} {_NS_R}><sheets>{sheets}</sheets></workbook>",
            "xl/_rels/workbook.xml.rels": head + '<Relationships xmlns="http://schemas.openxmlformats.org/package/'
            '2006/relationships">' + "".join(
                f'<Relationship Id="rId{i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                f'relationships/worksheet" Target="worksheets/sheet{i + 1}.xml"/>' for i in range(n))
            + f'<Relationship Id="rId{n + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/styles" Target="styles.xml"/></Relationships>',
            "xl/styles.xml": _STYLES,
            "_rels/.rels": head + '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            'officeDocument" Target="xl/workbook.xml"/></Relationships>',
            "[Content_Types].xml": head + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.'
            'spreadsheetml.sheet.main+xml"/>' + "".join(
                f'<Override PartName="/xl/worksheets/sheet{i + 1}.xml" ContentType="application/vnd.openxmlformats-'
                'officedocument.spreadsheetml.worksheet+xml"/>' for i in range(n))
            + '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.'
            'spreadsheetml.styles+xml"/></Types>',
        }  # fmt: skip
        for name, text in parts.items():
            with self._entry(name) as fh:
                fh.write(text.encode("utf-8"))
        self.zip.close()


def lean_from_wide(wide: pd.DataFrame, look: _Lookups) -> pd.DataFrame:
    """The lean rows of a wide screen table (the app holds the wide one): ``opportunity_key`` from the ids."""
    rec = look.rec
    opp = pd.MultiIndex.from_arrays([rec.region_ids, rec.sector_ids]).get_indexer(
        pd.MultiIndex.from_arrays([wide["region_id"].astype(object), wide["sector_id"].astype(object)]))  # fmt: skip
    strat = pd.Index(list(rec.strategies.ids)).get_indexer(wide["strategy_id"].astype(object))
    found = (opp >= 0) & (strat >= 0)
    key = pd.array(np.where(found, look.opportunity_key(np.maximum(opp, 0), np.maximum(strat, 0)), 0), dtype="Int64")
    key[~found] = pd.NA
    return wide.assign(opportunity_key=key)[LEAN_COLUMNS]


def screen_xlsx_bytes(rows: pd.DataFrame, look: _Lookups, layout: str = "lean", rejected: pd.DataFrame | None = None,
                      info: pd.DataFrame | None = None, chunk: int = 20_000,
                      progress: Callable[[int, int], None] | None = None) -> bytes:  # fmt: skip
    """A screening workbook in memory from rows already computed (``layout`` says which columns they have):
    results (split over sheets past Excel's row limit), the opportunities sheet (lean), rejected rows, run
    information. ``progress(done, total)`` after every ``chunk`` rows."""
    buf = io.BytesIO()
    xs = XlsxStream(buf)
    xs.start_sheet(RESULTS_SHEET, list(rows.columns), rows.head(200))
    for start in range(0, len(rows), chunk):
        xs.append(rows.iloc[start : start + chunk])
        if progress:
            progress(min(len(rows), start + chunk), len(rows))
    xs.end_sheet()
    if layout == "lean":
        xs.add_sheet(OPPORTUNITIES_SHEET, opportunities_frame(look, rows["opportunity_key"].dropna().unique()))
    for name, frame in ((REJECTED_SHEET, rejected), (INFO_SHEET, info)):
        if frame is not None:
            xs.add_sheet(name, frame)
    xs.close()
    return buf.getvalue()


# ---------------------------------------------------------------- one screening output


def _plain_columns(look: _Lookups) -> set[str]:
    """Columns filled from the knowledge base's own strings that need neither quotes nor neutralisation (checked
    here on the small lookup arrays, so the per-row quoting scan can skip them)."""
    arrays = {"region_id": look.region_id, "region_name": look.region_name, "sector_id": look.sector_id,
              "sector_name": look.sector_name, "strategy_id": look.strategy_id, "strategy_name": look.strategy_name,
              "evidence": look.evidence, "implication_ids": look.implication_table,
              "precedents": look.precedent_table, "coverage": look.coverage_names,
              "capability_source": look.source_names,
              "data_version": pd.array([look.rec.kb.data_version], dtype="str")}  # fmt: skip
    out = set()
    for name, values in arrays.items():
        arr = pa.array(values, type=pa.large_string(), from_pandas=True)
        bad = pc.or_(pc.match_substring_regex(arr, _NEEDS_QUOTES), pc.match_substring_regex(arr, _DANGER))
        if not pc.any(pc.fill_null(bad, False)).as_py():
            out.add(name)
    return out



class ScreenOutput:
    """Stream screen chunks (from :func:`recommender.screening.iter_screen` with the same ``layout``) to ``path``
    (.csv, .parquet, .json, .xlsx); :meth:`close` adds the companion table (lean), and for XLSX the rejected rows
    and run information sheets. Returns nothing; ``rows`` counts the result rows written."""

    def __init__(self, path: Path | str, look: _Lookups, layout: str = "lean", max_sheet_rows: int = EXCEL_MAX_ROWS,
                 extra_columns: Iterable[str] = (), headers: dict[str, str] | None = None,
                 outputs: OutputSet | None = None, columns: list[str] | None = None,
                 companion_view: Callable[[pd.DataFrame], pd.DataFrame] | None = None):  # fmt: skip
        self.target = Path(path)
        self.path = self.target
        self.suffix = self.path.suffix.lower()
        if self.suffix not in FORMATS:
            raise ValueError(f"cannot write {self.path.name}: use {', '.join(FORMATS)}")
        if layout not in ("lean", "wide"):
            raise ValueError(f"layout {layout!r}: use lean or wide")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.look, self.layout = look, layout
        self.extra = list(extra_columns)  # the agency's own columns, appended to each row (user text: neutralised)
        self.columns = list(LEAN_COLUMNS if layout == "lean" else SCREEN_COLUMNS) + self.extra
        if columns is not None:  # ``--headers ko``: the frames come in this order (recommender.present.reader_columns)
            self.columns = list(columns)
        self.companion_view = companion_view  # the companion table as a person reads it (``--headers ko``)
        self.headers = headers or {}  # column → shown name (``--headers ko``); ids stay as they are
        self.user_text = tuple(USER_TEXT_COLUMNS) + tuple(self.extra)
        self.n_ctrl = self.n_cut = 0  # XLSX: control characters replaced, cells cut (see :attr:`notes`)
        self.rows = 0
        self.keys: set[int] = set()
        self._fh = None
        self._pq = None
        self._schema = None
        self._xlsx: XlsxStream | None = None
        self._max_sheet_rows = max_sheet_rows
        self._plain = _plain_columns(look) & set(self.columns)
        # every file goes through a temporary (issue 20): ``outputs`` is the run's set (the caller commits it);
        # without one this writer takes its own and commits it in :meth:`close`
        self._own = outputs is None
        companion = [companion_path(self.target)] if self.has_companion else []
        self.outputs = OutputSet(self.target, companion).__enter__() if outputs is None else outputs
        self.outputs.on_abort(self.abort)
        self.path = self.outputs.temp(self.target)

    @property
    def has_companion(self) -> bool:
        """Lean CSV and Parquet outputs have a companion file (JSON and XLSX hold the table inside)."""
        return self.layout == "lean" and self.suffix in (".csv", ".parquet")

    def abort(self) -> None:
        """Drop open handles without finishing the file (after an error or an interrupt; the caller's
        :class:`OutputSet` removes the temporaries). Nothing is flushed, so a full disk raises no second error."""
        if self._fh is not None:
            fh, self._fh = self._fh, None
            with contextlib.suppress(Exception):
                fh.close()  # a flush that fails (full disk) still closes the file; the error is dropped here
        if self._pq is not None:
            pqw, self._pq = self._pq, None
            with contextlib.suppress(Exception):
                pqw.close()
        if self._xlsx is not None:
            xs, self._xlsx = self._xlsx, None
            xs.abort()
        if self._own:
            self._own = False
            self.outputs.__exit__(RuntimeError, None, None)

    def __enter__(self) -> ScreenOutput:
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is not None:
            self.abort()

    @property
    def notes(self) -> list[str]:
        """What the format changed (XLSX: control characters, over-long cells), for the user."""
        return exporting.xlsx_notes(self.n_ctrl, self.n_cut)

    def _shown(self, columns: list[str]) -> list[str]:
        return [self.headers.get(c, c) for c in columns]

    def write(self, frame: pd.DataFrame) -> None:
        if self.layout == "lean" and len(frame):
            self.keys.update(frame["opportunity_key"].dropna().unique().tolist())
        if self.suffix == ".csv":
            if self._fh is None:
                self._fh = self.path.open("wb")
                self._fh.write(csv_header(self._shown(self.columns)))
            self._fh.write(csv_rows(frame, user_text=self.user_text, plain=self._plain))
        elif self.suffix == ".xlsx":
            text = [c for c in self.user_text if c in frame.columns]
            if text and len(frame):  # what Excel can store: control characters → U+FFFD, cells cut at its limit
                fixed, n_ctrl, n_cut = exporting.xlsx_clean_frame(frame[text])
                if n_ctrl or n_cut:
                    frame = frame.copy()
                    frame[text] = fixed.to_numpy()
                    self.n_ctrl, self.n_cut = self.n_ctrl + n_ctrl, self.n_cut + n_cut
            if self._xlsx is None:
                self._xlsx = XlsxStream(self.path, self._max_sheet_rows)
                self._xlsx.start_sheet(RESULTS_SHEET, self._shown(self.columns), frame, user_text=self.user_text)
            self._xlsx.append(frame)
        elif self.suffix == ".parquet":
            if len(frame) == 0:
                return
            import pyarrow.parquet as pq

            table = pa.Table.from_pandas(frame.rename(columns=self.headers), preserve_index=False, schema=self._schema)
            if self._pq is None:
                self._schema = table.schema
                self._pq = pq.ParquetWriter(self.path, self._schema)
            self._pq.write_table(table)
        else:
            if self._fh is None:
                self._fh = self.path.open("wb")
                self._fh.write(b'{\n  "layout": "lean",\n  "data_version": ' + json.dumps(
                    self.look.rec.kb.data_version).encode() + b',\n  "rows": [' if self.layout == "lean" else b"[")  # fmt: skip
            indent = "\n    " if self.layout == "lean" else "\n  "
            for rec in frame.rename(columns=self.headers).to_dict(orient="records"):
                rec = {k: (None if v is None or (isinstance(v, float) and np.isnan(v)) or v is pd.NA else v)
                       for k, v in rec.items()}  # fmt: skip
                text = json.dumps(rec, ensure_ascii=False, indent=2).replace("\n", indent)
                self._fh.write(((indent if self.rows == 0 else "," + indent) + text).encode("utf-8"))
                self.rows += 1
            return
        self.rows += len(frame)

    def opportunities(self) -> pd.DataFrame:
        return opportunities_frame(self.look, self.keys)

    def close(self, rejected: pd.DataFrame | None = None, info: pd.DataFrame | None = None) -> list[Path]:
        """Finish the file (and the companion file) — in their temporaries; with no :class:`OutputSet` given, also
        rename them into place. Returns the paths (the final ones) written."""
        try:
            written = self._finish(rejected, info)
        except BaseException:
            self.abort()
            raise
        if self._own:
            self._own = False
            self.outputs.commit()
            self.outputs.__exit__(None, None, None)
        return written

    def _finish(self, rejected: pd.DataFrame | None, info: pd.DataFrame | None) -> list[Path]:
        written = [self.target]
        opps = self.opportunities() if self.layout == "lean" else None
        if opps is not None and self.companion_view is not None:
            opps = self.companion_view(opps)
        if opps is not None and self.headers and self.suffix != ".json":
            opps = opps.rename(columns=self.headers)
        if self.suffix == ".csv":
            if self._fh is None:
                self._fh = self.path.open("wb")
                self._fh.write(csv_header(self._shown(self.columns)))
            self._fh.close()
            self._fh = None
            if opps is not None:
                write_csv(opps, self.outputs.temp(companion_path(self.target)))
                written.append(companion_path(self.target))
        elif self.suffix == ".parquet":
            if self._pq is None:
                pd.DataFrame(columns=self._shown(self.columns)).to_parquet(self.path, index=False)
            else:
                self._pq.close()
                self._pq = None
            if opps is not None:
                opps.to_parquet(self.outputs.temp(companion_path(self.target)), index=False)
                written.append(companion_path(self.target))
        elif self.suffix == ".json":
            if self._fh is None:
                self.write(pd.DataFrame(columns=self.columns))
            if self.layout == "lean":
                body = {str(r["opportunity_key"]): {self.headers.get(k, k): v for k, v in r.items()
                                                     if k != "opportunity_key"}
                        for r in opps.to_dict(orient="records")}  # fmt: skip
                text = json.dumps(body, ensure_ascii=False, indent=2).replace("\n", "\n  ")
                self._fh.write((("\n  ]," if self.rows else "],") + f'\n  "opportunities": {text}\n}}\n').encode())
            else:
                self._fh.write(b"\n]\n" if self.rows else b"]\n")
            self._fh.close()
            self._fh = None
        else:
            if self._xlsx is None:
                self._xlsx = XlsxStream(self.path, self._max_sheet_rows)
                self._xlsx.start_sheet(RESULTS_SHEET, self._shown(self.columns))
            self._xlsx.end_sheet()
            if opps is not None:
                self._xlsx.add_sheet(OPPORTUNITIES_SHEET, opps)
            if rejected is not None:
                self._xlsx.add_sheet(REJECTED_SHEET, rejected)
            if info is not None:
                notes = pd.DataFrame([["note / 참고", m] for m in self.notes], columns=info.columns[:2])
                self._xlsx.add_sheet(INFO_SHEET, pd.concat([info, notes], ignore_index=True) if len(notes) else info)
            self._xlsx.close()
            self._xlsx = None
        return written


def write_screen_output(frames: Iterable[pd.DataFrame], path: Path | str, look: _Lookups, layout: str = "lean",
                        rejected: pd.DataFrame | None = None, info: pd.DataFrame | None = None,
                        progress: Callable[[int], None] | None = None) -> int:  # fmt: skip
    """Write every chunk of ``frames`` and close; returns the number of result rows. ``progress(rows)`` after
    each chunk."""
    with ScreenOutput(path, look, layout) as out:
        for frame in frames:
            out.write(frame)
            if progress:
                progress(out.rows)
        out.close(rejected=rejected, info=info)
    return out.rows
