"""Firm input: the contract's firm schema read from JSON, CSV (UTF-8, UTF-8-BOM, CP949/EUC-KR), XLSX and Parquet.

Validation happens here, once, at the edge, and is columnar (pandas) so that 100,000 rows validate in about a
second. Every rejected row is reported with its source row number, the column and the reason; unknown columns are
warnings; ``accepted + rejected == received`` always holds (``FirmBatch.check_accounting``).

Defaults for missing values (documented in the README): capabilities 0 (contract), numbers 0, ``has_china_entity``
false, ``risk_tolerance`` medium, ``horizon_years`` 3.
"""

from __future__ import annotations

import io
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from features.facts import CAPABILITY_KEYS

RISK_LEVELS = ("low", "medium", "high")
RISK_ALIASES = {"low": 0, "medium": 1, "high": 2, "낮음": 0, "보통": 1, "중간": 1, "높음": 2, "안정": 0,
                "안정형": 0, "균형": 1, "균형형": 1, "공격": 2, "성장형": 2, "l": 0, "m": 1, "h": 2}  # fmt: skip
TRUE_WORDS = {"true", "yes", "y", "1", "예", "네", "있음", "유", "o", "t"}
FALSE_WORDS = {"false", "no", "n", "0", "아니오", "아니요", "없음", "무", "x", "f", ""}
DEFAULT_HORIZON = 3.0

NUMERIC_FIELDS = {  # field: (integer?, upper bound)
    "employees": (True, 10_000_000),
    "revenue_krw_100m": (False, 1e9),
    "china_experience_years": (False, 100),
    "chinese_speaking_staff": (True, 1_000_000),
    "investment_capacity_krw_100m": (False, 1e9),
    "horizon_years": (False, 100),
}
LIST_FIELDS = ("certifications", "preferred_regions", "excluded_regions")
FIELDS = ("firm_id", "name", *NUMERIC_FIELDS, "has_china_entity", "risk_tolerance", *LIST_FIELDS)

CAPABILITY_LABELS_KO = {
    "ai_software": "AI·소프트웨어", "semiconductors_sensors": "반도체·센서", "cloud_big_data": "클라우드·빅데이터",
    "iot_devices": "IoT 기기", "automotive_mobility": "자동차·모빌리티", "smart_transport": "스마트 교통",
    "urban_services": "도시 서비스", "medical_devices": "의료기기", "digital_health": "디지털 헬스",
    "biotech_genomics": "바이오·유전체", "smart_manufacturing": "스마트 제조", "fintech": "핀테크",
    "ecommerce_consumer": "전자상거래·소비재", "telecom_5g": "5G·통신", "agritech": "스마트농업",
    "energy_tech": "에너지", "logistics_tech": "물류",
}  # fmt: skip
CAPABILITY_LABELS_EN = {
    "ai_software": "AI & software", "semiconductors_sensors": "Semiconductors & sensors",
    "cloud_big_data": "Cloud & big data", "iot_devices": "IoT devices", "automotive_mobility": "Automotive & mobility",
    "smart_transport": "Smart transport", "urban_services": "Urban services", "medical_devices": "Medical devices",
    "digital_health": "Digital health", "biotech_genomics": "Biotech & genomics",
    "smart_manufacturing": "Smart manufacturing", "fintech": "Fintech", "ecommerce_consumer": "E-commerce & consumer",
    "telecom_5g": "5G & telecom", "agritech": "Agritech (smart farming)", "energy_tech": "Energy tech",
    "logistics_tech": "Logistics tech",
}  # fmt: skip


def capability_label(key: str, lang: str = "ko") -> str:
    """The capability's name in ``lang`` (ko/en); the key itself if unknown."""
    return (CAPABILITY_LABELS_KO if lang == "ko" else CAPABILITY_LABELS_EN).get(key, key)


CAPABILITY_EXTRA_ALIASES_KO = {  # further Korean headers agencies use for the newer capabilities
    "agritech": ["농업", "스마트팜", "농업기술", "애그테크"],
    "energy_tech": ["에너지기술", "스마트에너지", "에너지·전력", "전력"],
    "logistics_tech": ["물류기술", "스마트물류", "물류·유통"],
}
FIELD_LABELS_KO = {
    "firm_id": "기업ID", "name": "기업명", "employees": "종업원수", "revenue_krw_100m": "매출액(억원)",
    "china_experience_years": "중국경험(년)", "has_china_entity": "중국법인", "chinese_speaking_staff": "중국어가능인력",
    "investment_capacity_krw_100m": "투자여력(억원)", "certifications": "인증", "risk_tolerance": "위험성향",
    "horizon_years": "투자기간(년)", "preferred_regions": "선호지역", "excluded_regions": "제외지역",
}  # fmt: skip
_EXTRA_ALIASES = {
    "firm_id": ["기업id", "기업코드", "회사id", "사업자번호", "id"],
    "name": ["회사명", "업체명", "기업이름"],
    "employees": ["직원수", "임직원수", "종업원", "근로자수"],
    "revenue_krw_100m": ["매출액", "매출(억원)", "매출"],
    "china_experience_years": ["중국경험", "중국사업경력(년)", "중국진출경력(년)", "중국경력(년)"],
    "has_china_entity": ["중국법인유무", "현지법인", "중국현지법인"],
    "chinese_speaking_staff": ["중국어인력", "중국어가능직원", "중국어인원"],
    "investment_capacity_krw_100m": ["투자여력", "투자가능액(억원)", "투자규모(억원)"],
    "certifications": ["보유인증", "인증서"],
    "risk_tolerance": ["리스크성향", "위험감수성향", "위험선호"],
    "horizon_years": ["투자기간", "사업기간(년)", "목표기간(년)"],
    "preferred_regions": ["희망지역", "관심지역"],
    "excluded_regions": ["배제지역", "제외지역(들)"],
}


def _norm_header(h: object) -> str:
    return re.sub(r"[\s_\-·.]+", "", str(h)).lower()


def _alias_map() -> dict[str, str]:
    m: dict[str, str] = {}
    for f in FIELDS:
        for a in [f, FIELD_LABELS_KO[f], *_EXTRA_ALIASES.get(f, [])]:
            m[_norm_header(a)] = f
    for k, label in CAPABILITY_LABELS_KO.items():
        for a in (k, label, f"cap_{k}", f"capabilities.{k}", *CAPABILITY_EXTRA_ALIASES_KO.get(k, [])):
            m[_norm_header(a)] = k
    return m


HEADER_ALIASES = _alias_map()


def canonical_field(header: object) -> str | None:
    """The firm field or capability key a column header names (Korean aliases included), or None if unknown."""
    return HEADER_ALIASES.get(_norm_header(header))


class FirmInputError(ValueError):
    """The input as a whole is unusable (empty, unreadable, no firm_id column): one clear sentence."""


@dataclass(frozen=True)
class RowError:
    row: int
    firm_id: str
    column: str
    reason: str
    source: str = ""  # the part file the row is in, when the input is a folder or glob of parts

    def as_dict(self) -> dict:
        d = {"row": self.row, "firm_id": self.firm_id, "column": self.column, "reason": self.reason}
        return {"source": self.source, **d} if self.source else d


@dataclass
class FirmTable:
    """Accepted firms, columnar. ``capabilities`` is (n, len(CAPABILITY_KEYS)) int8 in ``CAPABILITY_KEYS`` order."""

    firm_id: np.ndarray
    name: np.ndarray
    row: np.ndarray
    employees: np.ndarray
    revenue_krw_100m: np.ndarray
    china_experience_years: np.ndarray
    has_china_entity: np.ndarray
    chinese_speaking_staff: np.ndarray
    investment_capacity_krw_100m: np.ndarray
    risk_tolerance: np.ndarray  # int8: 0 low, 1 medium, 2 high
    horizon_years: np.ndarray
    capabilities: np.ndarray
    certifications: list[tuple[str, ...]]
    preferred_regions: list[tuple[str, ...]]
    excluded_regions: list[tuple[str, ...]]

    def __len__(self) -> int:
        return len(self.firm_id)

    def take(self, idx) -> FirmTable:
        idx = np.asarray(idx, dtype=np.int64)
        kw = {}
        for k, v in self.__dict__.items():
            kw[k] = v[idx] if isinstance(v, np.ndarray) else [v[i] for i in idx]
        return FirmTable(**kw)

    def slice(self, start: int, stop: int) -> FirmTable:
        """Firms ``start:stop`` (views of the arrays, slices of the lists): a cheap contiguous :meth:`take`."""
        return FirmTable(**{k: v[start:stop] for k, v in self.__dict__.items()})

    def firm(self, i: int) -> dict:
        """Firm ``i`` as a contract JSON object."""
        return {
            "firm_id": str(self.firm_id[i]), "name": str(self.name[i]), "employees": int(self.employees[i]),
            "revenue_krw_100m": float(self.revenue_krw_100m[i]),
            "china_experience_years": float(self.china_experience_years[i]),
            "has_china_entity": bool(self.has_china_entity[i]),
            "chinese_speaking_staff": int(self.chinese_speaking_staff[i]),
            "investment_capacity_krw_100m": float(self.investment_capacity_krw_100m[i]),
            "certifications": list(self.certifications[i]),
            "risk_tolerance": RISK_LEVELS[int(self.risk_tolerance[i])],
            "horizon_years": float(self.horizon_years[i]),
            "preferred_regions": list(self.preferred_regions[i]),
            "excluded_regions": list(self.excluded_regions[i]),
            "capabilities": {k: int(self.capabilities[i, j]) for j, k in enumerate(CAPABILITY_KEYS)},
        }  # fmt: skip

    @staticmethod
    def empty() -> FirmTable:
        """A table of no firms, with the right dtypes."""
        e = np.zeros(0)
        return FirmTable(firm_id=np.zeros(0, dtype=object), name=np.zeros(0, dtype=object),
                         row=np.zeros(0, dtype=np.int64), employees=np.zeros(0, dtype=np.int64), revenue_krw_100m=e,
                         china_experience_years=e, has_china_entity=np.zeros(0, dtype=bool),
                         chinese_speaking_staff=np.zeros(0, dtype=np.int64), investment_capacity_krw_100m=e,
                         risk_tolerance=np.zeros(0, dtype=np.int8), horizon_years=e,
                         capabilities=np.zeros((0, len(CAPABILITY_KEYS)), dtype=np.int8), certifications=[],
                         preferred_regions=[], excluded_regions=[])  # fmt: skip

    @staticmethod
    def concat(tables: list[FirmTable]) -> FirmTable:
        if not tables:
            return FirmTable.empty()
        first = tables[0]
        kw = {}
        for k, v in first.__dict__.items():
            if isinstance(v, np.ndarray):
                kw[k] = np.concatenate([t.__dict__[k] for t in tables])
            else:
                kw[k] = [x for t in tables for x in t.__dict__[k]]
        return FirmTable(**kw)


@dataclass
class FirmBatch:
    firms: FirmTable
    rejected: list[RowError]
    warnings: list[str] = field(default_factory=list)
    received: int = 0
    #: set when the accepted firms live elsewhere (on Dask workers) and ``firms`` holds none or some of them
    accepted_count: int | None = None
    #: the input's own columns that are no firm field (e.g. 담당자), for accepted firms, keyed by ``firm_id``
    extra: pd.DataFrame | None = None

    @property
    def accepted(self) -> int:
        return len(self.firms) if self.accepted_count is None else self.accepted_count

    @property
    def rejected_rows(self) -> int:
        return len({(e.source, e.row) for e in self.rejected})

    def check_accounting(self) -> None:
        if self.accepted + self.rejected_rows != self.received:
            raise AssertionError(f"accepted {self.accepted} + rejected {self.rejected_rows} != {self.received}")

    def errors_frame(self) -> pd.DataFrame:
        """One row per problem; a leading ``source`` column (part file) when the input was several parts."""
        columns = ["row", "firm_id", "column", "reason"]
        if any(e.source for e in self.rejected):
            columns = ["source", *columns]
        return pd.DataFrame([e.as_dict() for e in self.rejected], columns=columns)


# ---------------------------------------------------------------- reading


def decode_csv_bytes(raw: bytes) -> str:
    """UTF-8 with BOM, UTF-8, or CP949 (a superset of EUC-KR), as Korean Excel writes them."""
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8")
    for enc in ("utf-8", "cp949"):
        try:
            return raw.decode(enc)
        except UnicodeDecodeError:
            continue
    raise FirmInputError("the CSV is neither UTF-8 nor CP949/EUC-KR: save it as 'CSV UTF-8' from Excel and retry")


def _find_header(frame: pd.DataFrame, source: str) -> int:
    """Index of the header row among the first 10: the first row naming firm_id (or one of its aliases)."""
    for i in range(min(10, len(frame))):
        cells = {_norm_header(c) for c in frame.iloc[i].tolist() if str(c).strip()}
        if any(HEADER_ALIASES.get(c) == "firm_id" for c in cells):
            return i
    raise FirmInputError(
        f"{source}: no firm_id column found in the first 10 rows — add a column named firm_id (or 기업ID)"
    )


def _blank_rows(data: pd.DataFrame) -> np.ndarray:
    """(n,) bool: every cell of the row is empty or whitespace — column by column, not row by row (1M rows: < 1 s)."""
    blank = np.ones(len(data), dtype=bool)
    for c in range(data.shape[1]):
        if not blank.any():
            break
        blank &= (data.iloc[:, c].astype(str).str.strip() == "").to_numpy(dtype=bool)
    return blank


def _frame_from_grid(grid: pd.DataFrame, source: str, header_row: int | None = None) -> tuple[pd.DataFrame, int]:
    """Use the detected header row (or ``header_row``, 0-based, when given); return the data and the source row
    number of its first row (1-based)."""
    grid = grid.fillna("")
    if grid.empty:
        raise FirmInputError(f"{source}: the file is empty — it needs a header row and one row per firm")
    h = _find_header(grid, source) if header_row is None else header_row
    header = [str(c).strip() for c in grid.iloc[h].tolist()]
    data = grid.iloc[h + 1 :].reset_index(drop=True)
    data.columns = header
    data = data.loc[:, [bool(c) for c in header]]  # unnamed trailing columns from Excel
    blank = _blank_rows(data)
    data = data.assign(__row__=np.arange(len(data)) + h + 2)[~blank] if len(data) else data
    if "__row__" not in data:
        data = data.assign(__row__=pd.Series([], dtype=int))
    return data.reset_index(drop=True), h + 2


#: CSV text at least this long is parsed by pyarrow's multi-threaded reader (≈ 3× faster than pandas' C engine)
FAST_CSV_CHARS = 1 << 20


def _read_csv_arrow(text: str) -> pd.DataFrame | None:
    """The same all-string grid as ``pd.read_csv(header=None, dtype=str, keep_default_na=False)``, via pyarrow.

    Only for rectangular comma-separated text without blank lines; returns None (the caller falls back to pandas)
    for anything else — a blank line, a row with a different number of fields, a parse error — so row numbers and
    error messages are the same whichever reader ran.
    """
    try:
        import csv

        import pyarrow as pa
        import pyarrow.csv as pcsv

        first = next(csv.reader(io.StringIO(text[: 1 << 16])), None)
        if not first:
            return None
        names = [f"c{i}" for i in range(len(first))]
        table = pcsv.read_csv(
            io.BytesIO(text.encode("utf-8")),
            read_options=pcsv.ReadOptions(column_names=names),
            parse_options=pcsv.ParseOptions(newlines_in_values=True, ignore_empty_lines=False),
            convert_options=pcsv.ConvertOptions(column_types=dict.fromkeys(names, pa.string()),
                                                strings_can_be_null=False, quoted_strings_can_be_null=False),
        )  # fmt: skip
    except Exception:  # noqa: BLE001 - any pyarrow objection means: let pandas read it (and report)
        return None
    return table.to_pandas()


def read_csv_text(text: str, source: str = "CSV", header_row: int | None = None) -> pd.DataFrame:
    if not text.strip():
        raise FirmInputError(f"{source}: the file is empty — it needs a header row and one row per firm")
    if len(text) >= FAST_CSV_CHARS and text.count("\t") <= text.count(","):
        grid = _read_csv_arrow(text)
        if grid is not None:
            return _frame_from_grid(grid, source)[0]
    grid = pd.read_csv(io.StringIO(text), header=None, dtype=str, keep_default_na=False, skip_blank_lines=False,
                       sep=None if text.count("\t") > text.count(",") else ",", engine="python" if
                       text.count("\t") > text.count(",") else "c")  # fmt: skip
    return _frame_from_grid(grid, source, header_row)[0]


def _json_records(obj, source: str) -> pd.DataFrame:
    if isinstance(obj, dict) and "firms" in obj:
        obj = obj["firms"]
    if isinstance(obj, dict):
        obj = [obj]
    if not isinstance(obj, list) or not all(isinstance(x, dict) for x in obj):
        raise FirmInputError(f"{source}: JSON must be a firm object, a list of firm objects, or {{\"firms\": [...]}}")
    if not obj:
        raise FirmInputError(f"{source}: the JSON holds no firms")
    rows = []
    for rec in obj:
        flat = {k: v for k, v in rec.items() if k != "capabilities"}
        caps = rec.get("capabilities") or {}
        if not isinstance(caps, dict):
            caps = {"capabilities": caps}
        for k, v in caps.items():
            flat[k if k in CAPABILITY_KEYS else f"capabilities.{k}"] = v
        for k, v in list(flat.items()):
            if isinstance(v, list):
                flat[k] = ";".join(str(x) for x in v)
            elif isinstance(v, bool):
                flat[k] = "true" if v else "false"
            elif v is None:
                flat[k] = ""
            else:
                flat[k] = str(v)
        rows.append(flat)
    frame = pd.DataFrame(rows).fillna("")
    if not any(HEADER_ALIASES.get(_norm_header(c)) == "firm_id" for c in frame.columns):
        raise FirmInputError(f"{source}: no firm has a firm_id — add \"firm_id\" to every firm object")
    return frame.assign(__row__=np.arange(1, len(frame) + 1))


def _is_list(v) -> bool:
    return isinstance(v, (list, tuple, np.ndarray))


def read_firm_frame(path: Path | str, data: bytes | None = None, header_row: int | None = None) -> pd.DataFrame:
    """Raw string cells with a ``__row__`` column of source row numbers (spreadsheet rows, or JSON positions).

    CSV/XLSX: the header is the first of the first 10 rows naming firm_id (or an alias); ``header_row`` (0-based)
    skips that detection, so that a file whose id column has an unknown name can still be mapped by hand.
    """
    path = Path(path)
    source = path.name
    suffix = path.suffix.lower()
    if data is None:
        if not path.is_file():
            raise FirmInputError(f"{path}: file not found")
        data = path.read_bytes()
    if suffix == ".json":
        if not data.strip():
            raise FirmInputError(f"{source}: the file is empty")
        try:
            obj = json.loads(data.decode("utf-8-sig"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise FirmInputError(f"{source}: not valid JSON ({exc})") from None
        return _json_records(obj, source)
    if suffix in (".xlsx", ".xlsm"):
        try:
            grid = pd.read_excel(io.BytesIO(data), header=None, dtype=str, engine="openpyxl")
        except Exception as exc:  # noqa: BLE001 - any openpyxl failure means the workbook is unreadable
            raise FirmInputError(f"{source}: not a readable Excel workbook ({type(exc).__name__})") from None
        return _frame_from_grid(grid, source, header_row)[0]
    if suffix == ".parquet":
        try:
            grid = pd.read_parquet(io.BytesIO(data))
        except Exception as exc:  # noqa: BLE001 - any pyarrow failure means the file is unreadable
            raise FirmInputError(f"{source}: not a readable Parquet file ({type(exc).__name__})") from None
        for c in grid.columns:  # list columns (list<string>) → the CSV form "a;b"
            if grid[c].dtype == object and grid[c].map(_is_list).any():
                grid[c] = grid[c].map(lambda v: ";".join(str(x) for x in v) if _is_list(v) else v)
        # missing cells (null, NaN) are empty, as in a CSV; pandas ≥ 3 keeps them missing through astype(str)
        frame = grid.astype(str).fillna("").replace({"nan": "", "None": "", "<NA>": ""})
        return frame.assign(__row__=np.arange(1, len(frame) + 1))
    if suffix in (".csv", ".txt", ".tsv", ""):
        return read_csv_text(decode_csv_bytes(data), source, header_row)
    raise FirmInputError(f"{source}: unsupported file type {suffix!r} — use .csv, .xlsx, .json or .parquet")


# ---------------------------------------------------------------- validation


_DIGITS = r"^[0-9]{1,15}$"


def _to_float(s: pd.Series) -> np.ndarray:
    """``pd.to_numeric(s, errors="coerce")`` as float64 (NaN where empty or not a number).

    A column of plain whole numbers (≤ 15 digits, the usual case: counts, capability levels) and empty cells is
    converted by Arrow in one vectorised cast — exact for such numbers, so the result is identical; any other column
    (decimals, signs, exponents, text) goes through pandas as before.
    """
    try:
        import pyarrow as pa
        import pyarrow.compute as pc

        arr = pa.array(s.to_numpy(dtype=object) if s.dtype == object else s.array, type=pa.string())
        empty = pc.equal(arr, "")
        if pc.all(pc.or_(empty, pc.match_substring_regex(arr, _DIGITS))).as_py() is not False:
            return pc.cast(pc.if_else(empty, None, arr), pa.float64()).to_numpy(zero_copy_only=False)
    except Exception:  # noqa: BLE001 - anything unexpected: the pandas path below decides
        pass
    return pd.to_numeric(s, errors="coerce").to_numpy(dtype=float)


def _parse_bool(s: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    low = s.str.strip().str.lower()
    is_true = low.isin(TRUE_WORDS).to_numpy()
    bad = ~(is_true | low.isin(FALSE_WORDS).to_numpy())
    return is_true, bad


def region_lookup(regions: dict | None) -> dict[str, str]:
    """Region id, Korean/Chinese/English names and aliases (normalised) → region id."""
    out: dict[str, str] = {}
    for rid, r in (regions or {}).items():
        for n in (rid, r.name_ko, r.name_zh, r.name_en, *getattr(r, "aliases", ()), *getattr(r, "ambiguous_aliases", ())):
            out[_norm_header(n)] = rid
    return out


def validate_frame(frame: pd.DataFrame, regions: dict | None = None, source: str = "input") -> FirmBatch:
    """Validate raw cells into a :class:`FirmTable`; every problem becomes a :class:`RowError` (row kept out)."""
    rows = frame["__row__"].to_numpy(dtype=np.int64) if "__row__" in frame else np.arange(1, len(frame) + 1)
    frame = frame.drop(columns=["__row__"], errors="ignore")
    n = len(frame)
    warnings: list[str] = []
    cols: dict[str, str] = {}
    for c in frame.columns:
        f = HEADER_ALIASES.get(_norm_header(c))
        if f is None:
            warnings.append(f"column {c!r} is not a known field and was ignored")
        elif f in cols:
            warnings.append(f"column {c!r} repeats {f} (already read from {cols[f]!r}) and was ignored")
        else:
            cols[f] = c
    if "firm_id" not in cols:
        raise FirmInputError(f"{source}: no firm_id column — add a column named firm_id (or 기업ID)")
    if n == 0:
        raise FirmInputError(f"{source}: the file has a header but no firm rows")

    def col(f: str) -> pd.Series:
        return frame[cols[f]].astype(str).str.strip() if f in cols else pd.Series([""] * n, index=frame.index)

    ids = col("firm_id")
    errors: list[RowError] = []
    bad_any = np.zeros(n, dtype=bool)

    def flag(mask: np.ndarray, column: str, reason_fn) -> None:
        nonlocal bad_any
        for i in np.flatnonzero(mask):
            errors.append(RowError(int(rows[i]), ids.iat[i], column, reason_fn(i)))
        bad_any |= mask

    empty_id = (ids == "").to_numpy()
    flag(empty_id, "firm_id", lambda i: "firm_id is empty — every firm needs an id")
    dup = ids.duplicated(keep="first").to_numpy() & ~empty_id
    if dup.any():
        first_row = {fid: int(rows[i]) for i, fid in reversed(list(enumerate(ids)))}
        flag(dup, "firm_id", lambda i: f"duplicate firm_id (first used in row {first_row[ids.iat[i]]})")

    numeric: dict[str, np.ndarray] = {}
    for f, (integer, upper) in NUMERIC_FIELDS.items():
        s = col(f)
        raw = s.str.replace(",", "", regex=False)
        vals = _to_float(raw)
        present = (s != "").to_numpy()
        non_num = present & np.isnan(vals)
        flag(non_num, cols.get(f, f), lambda i, s=s, f=f: f"{f} must be a number, got {s.iat[i]!r}")
        ok = present & ~non_num
        out_range = ok & ((vals < 0) | (vals > upper))
        flag(out_range, cols.get(f, f), lambda i, s=s, f=f, u=upper: f"{f} must be between 0 and {u:g}, got {s.iat[i]}")
        if integer:
            frac = ok & ~out_range & (np.floor(np.nan_to_num(vals)) != np.nan_to_num(vals))
            flag(frac, cols.get(f, f), lambda i, s=s, f=f: f"{f} must be a whole number, got {s.iat[i]}")
        default = DEFAULT_HORIZON if f == "horizon_years" else 0.0
        numeric[f] = np.where(present & ~np.isnan(vals), vals, default)

    caps = np.zeros((n, len(CAPABILITY_KEYS)), dtype=np.int8)
    for j, k in enumerate(CAPABILITY_KEYS):
        if k not in cols:
            continue
        s = col(k)
        vals = _to_float(s)
        present = (s != "").to_numpy()
        bad = present & (np.isnan(vals) | (vals < 0) | (vals > 5) | (np.floor(np.nan_to_num(vals)) != np.nan_to_num(vals)))
        flag(bad, cols[k], lambda i, s=s, k=k: f"capability {k} must be a whole number 0–5, got {s.iat[i]!r}")
        caps[:, j] = np.where(present & ~bad, np.nan_to_num(vals), 0).astype(np.int8)

    entity, bad_bool = _parse_bool(col("has_china_entity"))
    flag(bad_bool, cols.get("has_china_entity", "has_china_entity"),
         lambda i: f"has_china_entity must be true/false (예/아니오), got {col('has_china_entity').iat[i]!r}")  # fmt: skip

    rt_raw = col("risk_tolerance").str.lower()
    rt = rt_raw.map(RISK_ALIASES)
    bad_rt = (rt_raw != "").to_numpy() & rt.isna().to_numpy()
    flag(bad_rt, cols.get("risk_tolerance", "risk_tolerance"),
         lambda i: f"risk_tolerance must be low, medium or high (낮음/보통/높음), got {rt_raw.iat[i]!r}")  # fmt: skip
    risk = rt.fillna(1).to_numpy().astype(np.int8)

    lookup = region_lookup(regions)
    lists: dict[str, list[tuple[str, ...]]] = {}
    for f in LIST_FIELDS:
        # each distinct cell is parsed once (a registry repeats the same few lists over and over)
        codes, cells = pd.factorize(col(f), use_na_sentinel=False)
        parsed_u: list[tuple[str, ...]] = []
        reason_u: dict[int, str] = {}
        for u, cell in enumerate(cells.tolist()):
            if not isinstance(cell, str) or not cell:
                parsed_u.append(())
                continue
            items = [x.strip() for x in re.split(r"[;|]", cell) if x.strip()]
            if f != "certifications" and regions is not None:
                mapped = [lookup.get(_norm_header(x)) for x in items]
                unknown = [x for x, m in zip(items, mapped) if m is None]
                if unknown:
                    reason_u[u] = f"{f}: unknown region {', '.join(unknown)} — use ids such as CN-BJ or names such as 베이징"
                    parsed_u.append(())
                    continue
                items = sorted(set(mapped))
            parsed_u.append(tuple(items))
        bad = np.zeros(n, dtype=bool)
        if reason_u:
            bad = np.isin(codes, np.fromiter(reason_u, dtype=np.int64))
            for i in np.flatnonzero(bad).tolist():
                errors.append(RowError(int(rows[i]), ids.iat[i], cols.get(f, f), reason_u[int(codes[i])]))
        bad_any |= bad
        lists[f] = [parsed_u[c] for c in codes.tolist()]

    keep = np.flatnonzero(~bad_any)
    names = col("name").to_numpy(dtype=object)
    table = FirmTable(
        firm_id=ids.to_numpy(dtype=object)[keep], name=names[keep], row=rows[keep],
        employees=numeric["employees"][keep].astype(np.int64),
        revenue_krw_100m=numeric["revenue_krw_100m"][keep],
        china_experience_years=numeric["china_experience_years"][keep],
        has_china_entity=entity[keep],
        chinese_speaking_staff=numeric["chinese_speaking_staff"][keep].astype(np.int64),
        investment_capacity_krw_100m=numeric["investment_capacity_krw_100m"][keep],
        risk_tolerance=risk[keep], horizon_years=numeric["horizon_years"][keep], capabilities=caps[keep],
        certifications=[lists["certifications"][i] for i in keep],
        preferred_regions=[lists["preferred_regions"][i] for i in keep],
        excluded_regions=[lists["excluded_regions"][i] for i in keep],
    )  # fmt: skip
    errors.sort(key=lambda e: (e.row, e.column))
    batch = FirmBatch(table, errors, warnings, received=n)
    batch.check_accounting()
    batch.extra = extra_columns(frame.assign(__row__=rows), unknown_columns(frame.columns), table)  # passthrough
    return batch


def read_firms(path: Path | str, regions: dict | None = None, data: bytes | None = None) -> FirmBatch:
    """Read and validate a firm file (.json, .csv, .xlsx, .parquet) — or a folder or glob of part files
    (:func:`read_firm_parts`)."""
    if data is None and is_multi_source(path):
        return read_firm_parts(path, regions)
    frame = read_firm_frame(path, data)
    return validate_frame(frame, regions, source=Path(path).name)


# ---------------------------------------------------------------- many part files (a registry export)

#: file types taken from a folder of parts
PART_SUFFIXES = (".csv", ".tsv", ".txt", ".parquet", ".json", ".xlsx", ".xlsm")
_GLOB_CHARS = re.compile(r"[*?\[]")


def is_multi_source(source: Path | str) -> bool:
    """A folder, or a glob pattern (``*``, ``?``, ``[``) that is not itself the name of an existing file."""
    p = Path(source)
    return p.is_dir() or (not p.is_file() and bool(_GLOB_CHARS.search(str(source))))


def list_firm_parts(source: Path | str) -> list[tuple[str, Path]]:
    """``(label, path)`` of every part, sorted by label — the order firms are read and output in.

    A folder gives its firm files (not recursive; names starting with ``.``, ``_`` or ``~$`` are skipped, as are
    other file types); a glob gives its matches (``**`` recursive). The label is the path relative to the folder, or
    to the deepest folder common to the matches — the file name for a flat folder — and is what error reports name.
    """
    import glob
    import os

    p = Path(source)
    if p.is_file():
        return [(p.name, p)]
    if p.is_dir():
        root = p
        paths = [x for x in p.iterdir() if x.is_file() and x.suffix.lower() in PART_SUFFIXES
                 and not x.name.startswith((".", "_", "~$"))]  # fmt: skip
    elif _GLOB_CHARS.search(str(source)):
        paths = [Path(x) for x in glob.glob(str(source), recursive=True) if Path(x).is_file()]
        root = Path(os.path.commonpath([str(x.parent.resolve()) for x in paths])) if paths else p.parent
        paths = [x.resolve() for x in paths]
    else:
        raise FirmInputError(f"{source}: no such file or folder")
    if not paths:
        raise FirmInputError(f"{source}: no firm files found (looked for {', '.join(PART_SUFFIXES)})")
    return sorted((x.resolve().relative_to(root.resolve()).as_posix(), x) for x in paths)


@dataclass
class PartRead:
    """One validated part: its batch (errors carry the part's label as ``source``) and, for the check that firm ids
    are unique across parts, the first occurrence in the part of every non-empty firm_id with its row number."""

    label: str
    batch: FirmBatch
    first_ids: np.ndarray  # object
    first_rows: np.ndarray  # int64


def read_part(path: Path | str, label: str, regions: dict | None = None, data: bytes | None = None) -> PartRead:
    """Read and validate one part file. A part with no rows at all is a warning; an unusable one is an error that
    names the part (``FirmInputError``)."""
    if data is None:
        data = Path(path).read_bytes()
    empty = PartRead(label, FirmBatch(FirmTable.empty(), [], [f"{label}: no firm rows"], 0), np.zeros(0, dtype=object),
                     np.zeros(0, dtype=np.int64))  # fmt: skip
    if not data.strip():
        return empty
    try:
        frame = read_firm_frame(Path(str(path)), data)
        if len(frame) == 0:
            return empty
        batch = validate_frame(frame, regions, source=label)
    except FirmInputError as exc:
        msg = str(exc)
        raise FirmInputError(msg if msg.startswith(label) else f"{label}: {msg}") from None
    id_col = next(c for c in frame.columns if c != "__row__" and canonical_field(c) == "firm_id")
    ids = frame[id_col].astype(str).str.strip()
    first = ((ids != "") & ~ids.duplicated(keep="first")).to_numpy(dtype=bool)
    rows = frame["__row__"].to_numpy(dtype=np.int64)
    batch.rejected = [RowError(e.row, e.firm_id, e.column, e.reason, label) for e in batch.rejected]
    batch.warnings = [f"{label}: {w}" for w in batch.warnings]
    return PartRead(label, batch, ids.to_numpy(dtype=object)[first], rows[first])


def cross_part_duplicates(labels: list[str], first_ids: list[np.ndarray], first_rows: list[np.ndarray]
                          ) -> list[list[RowError]]:  # fmt: skip
    """Per part, the rows whose firm_id was already used in an earlier part (parts in the given order).

    Every row with a firm_id counts, as in one file (where a repeated id is rejected even if its first row was
    rejected for another reason). Exact: compares the id strings. Callers may pass only the candidates (ids that
    could repeat, e.g. found by hashing) — the result is the same, since no other id can be a duplicate.
    """
    out: list[list[RowError]] = [[] for _ in labels]
    sizes = [len(x) for x in first_ids]
    if sum(sizes) == 0:
        return out
    ids = np.concatenate([np.asarray(x, dtype=object) for x in first_ids])
    rows = np.concatenate([np.asarray(x, dtype=np.int64) for x in first_rows])
    part = np.repeat(np.arange(len(labels)), sizes)
    codes, _ = pd.factorize(pd.Series(ids, dtype=object))
    first_pos = np.full(codes.max() + 1, -1, dtype=np.int64)
    first_pos[codes[::-1]] = np.arange(len(codes))[::-1]
    for i in np.flatnonzero(first_pos[codes] != np.arange(len(codes))).tolist():
        j = first_pos[codes[i]]
        out[part[i]].append(RowError(int(rows[i]), str(ids[i]), "firm_id",
                                     f"duplicate firm_id (first used in {labels[part[j]]} row {int(rows[j])})",
                                     labels[part[i]]))  # fmt: skip
    return out


def drop_duplicates(batch: FirmBatch, duplicates: list[RowError]) -> FirmBatch:
    """``batch`` without the firms of the given rows, which join the rejected (accounting kept)."""
    if not duplicates:
        return batch
    drop = np.isin(batch.firms.row, np.array([e.row for e in duplicates], dtype=np.int64))
    firms = batch.firms.take(np.flatnonzero(~drop)) if drop.any() else batch.firms
    rejected = sorted([*batch.rejected, *duplicates], key=lambda e: (e.row, e.column))
    return FirmBatch(firms, rejected, batch.warnings, batch.received)


def merge_parts(parts: list[PartRead]) -> FirmBatch:
    """One batch from validated parts in order, rejecting firm ids repeated across parts."""
    dups = cross_part_duplicates([p.label for p in parts], [p.first_ids for p in parts], [p.first_rows for p in parts])
    batches = [drop_duplicates(p.batch, d) for p, d in zip(parts, dups)]
    merged = FirmBatch(FirmTable.concat([b.firms for b in batches if len(b.firms)]),
                       [e for b in batches for e in b.rejected], [w for b in batches for w in b.warnings],
                       sum(b.received for b in batches))  # fmt: skip
    merged.check_accounting()
    return merged


def read_firm_parts(source: Path | str, regions: dict | None = None) -> FirmBatch:
    """Read a folder or glob of part files in label order as one batch (the local engine's view of a registry).

    Rejected rows name their part (``RowError.source``) and row; firm ids must be unique across parts (a repeat is
    rejected and names where the id was first used); ``accepted + rejected == received`` over all parts.
    """
    return merge_parts([read_part(path, label, regions) for label, path in list_firm_parts(source)])


def firms_from_records(records: list[dict], regions: dict | None = None) -> FirmBatch:
    """Validate firm objects given in memory (the app's form)."""
    return validate_frame(_json_records(records, "form"), regions, source="form")


# ---------------------------------------------------------------- passthrough: an agency's own columns


def unknown_columns(columns) -> list:
    """Columns that name no firm field or capability (``담당자``, ``메모``): carried through, never interpreted."""
    return [c for c in columns if c != "__row__" and HEADER_ALIASES.get(_norm_header(c)) is None]


def extra_columns(raw: pd.DataFrame, columns: list, firms: FirmTable) -> pd.DataFrame | None:
    """``columns`` of ``raw`` (which has ``__row__``, the source row numbers) for the accepted ``firms``, as a frame
    with ``firm_id`` first and the values exactly as read; None when there are no such columns."""
    columns = [c for c in columns if c in raw.columns and c != "__row__"]
    if not columns or "__row__" not in raw.columns:
        return None
    ids = dict(zip(firms.row.tolist(), firms.firm_id.tolist()))
    sub = raw.loc[raw["__row__"].isin(list(ids)), ["__row__", *columns]]
    out = sub.drop(columns="__row__").reset_index(drop=True)
    out.insert(0, "firm_id", sub["__row__"].map(ids).to_numpy())
    return out
