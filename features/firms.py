"""Firm input: the contract's firm schema read from JSON, CSV (UTF-8, UTF-8-BOM, CP949/EUC-KR), XLSX and Parquet.

Validation happens here, once, at the edge, and is columnar (pandas) so that 100,000 rows validate in about a
second. Every rejected row is reported with its source row number, the column and the reason; unknown columns are
warnings; ``accepted + rejected == received`` always holds (``FirmBatch.check_accounting``).

Defaults for missing values (documented in the README): capabilities 0 (contract), numbers 0, ``has_china_entity``
false, ``risk_tolerance`` medium, ``horizon_years`` 3.
"""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
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
    """One rejected cell or row. ``reason`` is English (other tools read it); ``reason_ko`` the same in Korean
    (the app's Korean mode shows it, :meth:`text`)."""

    row: int
    firm_id: str
    column: str
    reason: str
    source: str = ""  # the part file the row is in, when the input is a folder or glob of parts
    reason_ko: str = ""

    def text(self, lang: str = "en") -> str:
        """The reason in ``lang`` ("ko" or "en"); English when no Korean text was given."""
        return self.reason_ko if lang == "ko" and self.reason_ko else self.reason

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
    #: what the reader decided (encoding, delimiter, sheet): reported, not a problem
    notes: list[str] = field(default_factory=list)
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

#: largest firm file accepted (CLI and app upload alike; ``server.maxUploadSize`` in .streamlit/config.toml matches).
#: A larger registry is read as a folder of part files (each within this limit).
MAX_UPLOAD_MB = 200
MAX_FILE_BYTES = MAX_UPLOAD_MB * 1024 * 1024
#: JSON nesting deeper than this is refused before parsing (a firm object needs 3 levels)
MAX_JSON_DEPTH = 64
#: integers in JSON longer than this are kept as text (and then rejected by validation, with the row)
MAX_JSON_INT_DIGITS = 30
#: the longest cell value quoted in a reason
_SHOW_CHARS = 40
#: the characters removed from both ends of a cell to decide whether a row is blank (whitespace and C0 controls)
_BLANK_CHARS = " \t\r\n\x0b\x0c\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18" \
               "\x19\x1a\x1b\x1c\x1d\x1e\x1f\x7f\u200b\u200c\u200d\u2060\ufeff\u3000"  # fmt: skip
#: delimiters tried when sniffing a CSV
DELIMITERS = (",", ";", "\t", "|")
_DELIM_NAMES = {",": "comma ','", ";": "semicolon ';'", "\t": "tab", "|": "pipe '|'"}
#: column holding a structural problem of a row (column, reason, reason_ko), or None
PROBLEM = "__problem__"


def _show(value: object) -> str:
    """A cell value quoted for a message: at most 40 characters, control characters escaped."""
    text = str(value)
    cut = text[:_SHOW_CHARS] + ("…" if len(text) > _SHOW_CHARS else "")
    return repr(cut)


def check_size(data: bytes, source: str) -> None:
    """Refuse a file above :data:`MAX_FILE_BYTES` (one sentence, Korean and English)."""
    if len(data) > MAX_FILE_BYTES:
        raise FirmInputError(
            f"{source}: 파일이 {len(data) / 1048576:,.0f} MB로 한도 {MAX_UPLOAD_MB} MB를 넘습니다 (the file is "
            f"{len(data) / 1048576:,.0f} MB, above the {MAX_UPLOAD_MB} MB limit — split it into several files and "
            "give the folder)"
        )


def sniff_kind(data: bytes) -> str | None:
    """What the bytes are, whatever the file is called: ``xlsx`` (a zip), ``parquet``, or None (text)."""
    if data[:4] == b"PK\x03\x04":
        return "xlsx"
    if data[:4] == b"PAR1":
        return "parquet"
    return None


def decode_text(raw: bytes, source: str = "CSV") -> tuple[str, str]:
    """Text and the encoding that was used: UTF-8 (with or without BOM), UTF-16 with BOM, CP949 (a superset of
    EUC-KR) as Korean Excel writes them — or, when every other byte is NUL, UTF-16 without a BOM."""
    if raw.startswith(b"\xef\xbb\xbf"):
        try:
            return raw[3:].decode("utf-8"), "UTF-8 (BOM)"
        except UnicodeDecodeError:
            pass
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16"), "UTF-16 (BOM)"
        except UnicodeDecodeError:
            pass
    head = raw[:4000]
    if len(head) >= 4 and head[1::2].count(0) > 0.9 * len(head[1::2]):
        try:
            return raw.decode("utf-16-le"), "UTF-16LE"
        except UnicodeDecodeError:
            pass
    for enc, label in (("utf-8", "UTF-8"), ("cp949", "CP949/EUC-KR")):
        try:
            return raw.decode(enc), label
        except UnicodeDecodeError:
            continue
    raise FirmInputError(
        f"{source}: 글자 인코딩을 알 수 없습니다 — 엑셀에서 'CSV UTF-8'로 저장하세요 (the text is neither UTF-8, UTF-16 "
        "nor CP949/EUC-KR: save it as 'CSV UTF-8' from Excel and retry)"
    )


def decode_csv_bytes(raw: bytes) -> str:
    """UTF-8 with BOM, UTF-8, UTF-16 with BOM, or CP949 (a superset of EUC-KR), as Korean Excel writes them."""
    return decode_text(raw)[0]


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


#: CSV text at least this long is parsed by pyarrow's multi-threaded reader (≈ 3× faster than pandas' C engine)
FAST_CSV_CHARS = 1 << 20


def _read_csv_arrow(text: str, delimiter: str = ",") -> pd.DataFrame | None:
    """The same all-string grid as the record-by-record reader, via pyarrow.

    Only for rectangular text without blank lines; returns None (the caller falls back to the Python reader) for
    anything else — a blank line, a row with a different number of fields, a parse error — so row numbers and
    error messages are the same whichever reader ran.
    """
    try:
        import pyarrow as pa
        import pyarrow.csv as pcsv

        first = next(csv.reader(io.StringIO(text[: 1 << 16]), delimiter=delimiter), None)
        if not first:
            return None
        names = [f"c{i}" for i in range(len(first))]
        table = pcsv.read_csv(
            io.BytesIO(text.encode("utf-8")),
            read_options=pcsv.ReadOptions(column_names=names),
            parse_options=pcsv.ParseOptions(delimiter=delimiter, newlines_in_values=True, ignore_empty_lines=False),
            convert_options=pcsv.ConvertOptions(column_types=dict.fromkeys(names, pa.string()),
                                                strings_can_be_null=False, quoted_strings_can_be_null=False),
        )  # fmt: skip
    except Exception:  # noqa: BLE001 - any pyarrow objection means: let the Python reader read it (and report)
        return None
    return table.to_pandas()


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


def sniff_delimiter(text: str) -> tuple[str, str]:
    """(delimiter, how it was decided): an Excel ``sep=X`` first line; else the delimiter under which a row among
    the first 10 names firm_id and the most known fields; else the most frequent in the first line."""
    first = text.split("\n", 1)[0].strip().lstrip("\ufeff")
    m = re.fullmatch(r"(?i)sep=(.)", first)
    if m:
        return m.group(1), "the file's sep= line"
    head = "\n".join(text[: 1 << 16].split("\n")[:10])
    best, best_score = None, 0
    for d in DELIMITERS:
        try:
            rows = list(csv.reader(io.StringIO(head), delimiter=d))
        except csv.Error:
            continue
        for r in rows:
            fields = [canonical_field(c) for c in r if str(c).strip()]
            if "firm_id" in fields:
                score = len({f for f in fields if f})
                if score > best_score:
                    best, best_score = d, score
                break
    if best:
        return best, "the header"
    counts = {d: first.count(d) for d in DELIMITERS}
    d = max(DELIMITERS, key=lambda x: counts[x])
    return (d if counts[d] else ","), "the first line"


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


def _json_depth_ok(text: str) -> bool:
    """Whether brackets nest at most :data:`MAX_JSON_DEPTH` deep (strings skipped) — checked before parsing, so a
    200,000-deep document is refused without recursion."""
    depth = 0
    in_str = esc = False
    for ch in text:
        if in_str:
            if esc:
                esc = False
            elif ch == "\\":
                esc = True
            elif ch == '"':
                in_str = False
        elif ch == '"':
            in_str = True
        elif ch in "[{":
            depth += 1
            if depth > MAX_JSON_DEPTH:
                return False
        elif ch in "]}":
            depth -= 1
    return True


def _parse_int(s: str):
    return s if len(s) > MAX_JSON_INT_DIGITS else int(s)


def _pairs_no_duplicates(pairs):
    keys = [k for k, _ in pairs]
    if len(set(keys)) != len(keys):
        dup = next(k for i, k in enumerate(keys) if k in keys[:i])
        raise FirmInputError(f"JSON 객체에 키 {dup!r}가 두 번 나옵니다 (the key {dup!r} appears twice in one JSON "
                             "object: delete one)")  # fmt: skip
    return dict(pairs)


def parse_json_bytes(data: bytes, source: str) -> object:
    """JSON from UTF-8 (BOM allowed) or UTF-16 with BOM; nesting bounded; huge integers kept as text; a key given
    twice in one object refused — each failure one sentence."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        enc = "utf-16"
    else:
        enc = "utf-8-sig"
    try:
        text = data.decode(enc)
    except UnicodeDecodeError as exc:
        raise FirmInputError(
            f"{source}: JSON 파일은 UTF-8이어야 합니다 — {exc.start + 1}번째 바이트가 UTF-8이 아닙니다 (the JSON file "
            f"must be UTF-8: byte {exc.start + 1} is not — save it as UTF-8)"
        ) from None
    if not _json_depth_ok(text):
        raise FirmInputError(f"{source}: JSON이 {MAX_JSON_DEPTH}단계보다 깊게 중첩되어 있습니다 (the JSON nests deeper "
                             f"than {MAX_JSON_DEPTH} levels; a firm object needs 3)")  # fmt: skip
    try:
        return json.loads(text, parse_int=_parse_int, object_pairs_hook=_pairs_no_duplicates)
    except FirmInputError as exc:
        raise FirmInputError(f"{source}: {exc}") from None
    except json.JSONDecodeError as exc:
        raise FirmInputError(f"{source}: 올바른 JSON이 아닙니다 (not valid JSON: {exc.msg} at line {exc.lineno}, "
                             f"column {exc.colno})") from None  # fmt: skip
    except (ValueError, RecursionError) as exc:
        raise FirmInputError(f"{source}: JSON을 읽을 수 없습니다 (the JSON cannot be read: {type(exc).__name__})") from None


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
    warnings: list[str] = []
    not_object: list[int] = []
    for pos, rec in enumerate(obj, start=1):
        flat = {k: v for k, v in rec.items() if k != "capabilities"}
        caps = rec.get("capabilities")
        if caps is None:
            caps = {}
        if not isinstance(caps, dict):
            not_object.append(pos)
            caps = {}
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
    if not_object:
        where = ", ".join(str(p) for p in not_object[:10]) + (" …" if len(not_object) > 10 else "")
        warnings.append(f"capabilities must be an object such as {{\"ai_software\": 3}} — firm(s) {where} gave "
                        "something else, so every capability of those firms was read as 0 "
                        "(capabilities는 {\"ai_software\": 3} 같은 객체여야 합니다)")  # fmt: skip
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


_INVISIBLE = dict.fromkeys([*range(0x20), 0x7F, 0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF])


def id_key(firm_id: str) -> str:
    """The identity of a firm id when looking for duplicates: Unicode NFKC (full-width ＫＲ → KR, NFD → NFC), control
    and zero-width characters removed, trimmed, case-folded. The id itself is kept as written in the output."""
    return unicodedata.normalize("NFKC", str(firm_id)).translate(_INVISIBLE).strip().casefold()


def id_keys(ids: pd.Series) -> pd.Series:
    """:func:`id_key` of every id; plain-ASCII ids (the usual case) only lower-cased, vectorised."""
    ids = ids.astype(str)
    keys = ids.str.strip().str.lower()
    odd = ids.str.contains(r"[^\x20-\x7e]", regex=True).to_numpy(dtype=bool)
    if odd.any():
        keys = keys.copy()
        keys.iloc[np.flatnonzero(odd)] = [id_key(x) for x in ids.iloc[np.flatnonzero(odd)].tolist()]
    return keys


_THOUSANDS = r"^\s*[+-]?[0-9]{1,3}(,[0-9]{3})+(\.[0-9]*)?\s*$"


def _unknown_column_warning(c: str) -> str:
    import difflib

    name = str(c)
    key = name.split(".", 1)[1] if name.lower().startswith("capabilities.") else name
    near = difflib.get_close_matches(_norm_header(key), [_norm_header(k) for k in (*CAPABILITY_KEYS, *FIELDS)],
                                     n=1, cutoff=0.75)  # fmt: skip
    hint = f" — did you mean {HEADER_ALIASES[near[0]]}?" if near else ""
    if key is not name:
        return (f"capability key {key!r} is not a known capability and was ignored{hint} "
                f"(알 수 없는 역량 키 {key!r}는 읽지 않았습니다)")  # fmt: skip
    return f"column {name!r} is not a known field and was ignored{hint}"


def validate_frame(frame: pd.DataFrame, regions: dict | None = None, source: str = "input") -> FirmBatch:
    """Validate raw cells into a :class:`FirmTable`; every problem becomes a :class:`RowError` (row kept out).

    Rules beyond types and ranges (issue 11): a row the reader marked (:data:`PROBLEM`: too few or too many fields,
    a formula without a saved value) is rejected with that reason; a comma in a number is a thousands separator only
    in groups of three (``1,500``) — ``1,5`` is rejected, never read as 15; firm ids are duplicates when equal after
    :func:`id_key`; ``CN-BJ, CN-SH`` gets the hint that regions are separated by ``;``.
    """
    rows = frame["__row__"].to_numpy(dtype=np.int64) if "__row__" in frame else np.arange(1, len(frame) + 1)
    problems = frame[PROBLEM].to_numpy(dtype=object) if PROBLEM in frame else None
    warnings: list[str] = list(frame.attrs.get("warnings", []))
    notes: list[str] = list(frame.attrs.get("notes", []))
    frame = frame.drop(columns=["__row__", PROBLEM], errors="ignore")
    n = len(frame)
    err = duplicate_header_error([str(c) for c in frame.columns], source)
    if err:
        raise err
    cols: dict[str, str] = {}
    for c in frame.columns:
        f = HEADER_ALIASES.get(_norm_header(c))
        if f is None:
            warnings.append(_unknown_column_warning(c))
        elif f in cols:
            warnings.append(f"column {c!r} repeats {f} (already read from {cols[f]!r}) and was ignored")
        else:
            cols[f] = c
    if "firm_id" not in cols:
        raise FirmInputError(f"{source}: 기업ID 열이 없습니다 (no firm_id column) — add a column named firm_id (or 기업ID)")
    if n == 0:
        raise FirmInputError(f"{source}: 머리행만 있고 기업 행이 없습니다 (the file has a header but no firm rows)")

    def col(f: str) -> pd.Series:
        return frame[cols[f]].astype(str).str.strip() if f in cols else pd.Series([""] * n, index=frame.index)

    ids = col("firm_id")
    errors: list[RowError] = []
    bad_any = np.zeros(n, dtype=bool)

    def flag(mask: np.ndarray, column: str, reason_fn) -> None:
        """``reason_fn(i)`` gives (English, Korean)."""
        nonlocal bad_any
        for i in np.flatnonzero(mask):
            en, ko = reason_fn(i)
            errors.append(RowError(int(rows[i]), ids.iat[i], column, en, reason_ko=ko))
        bad_any |= mask

    if problems is not None:
        marked = np.array([p is not None for p in problems], dtype=bool)
        for i in np.flatnonzero(marked):
            column, en, ko = problems[i]
            errors.append(RowError(int(rows[i]), ids.iat[i], column, en, reason_ko=ko))
        bad_any |= marked

    keys = id_keys(ids)
    empty_id = (keys == "").to_numpy()
    flag(empty_id, "firm_id", lambda i: ("firm_id is empty — every firm needs an id",
                                         "기업ID가 비어 있습니다 — 기업마다 ID가 필요합니다"))  # fmt: skip
    dup = keys.duplicated(keep="first").to_numpy() & ~empty_id
    if dup.any():
        first_pos = {k: i for i, k in reversed(list(enumerate(keys.tolist())))}

        def dup_reason(i):
            j = first_pos[keys.iat[i]]
            same = ids.iat[j] == ids.iat[i]
            how = "" if same else f" as {_show(ids.iat[j])} (ids are compared after Unicode NFKC, trimming and case)"
            how_ko = "" if same else f" ({_show(ids.iat[j])}와 같은 ID로 봅니다: 전각·대소문자·공백 차이는 무시)"
            return (f"duplicate firm_id (first used in row {int(rows[j])}{how})",
                    f"기업ID 중복 ({int(rows[j])}행에서 이미 사용{how_ko})")

        flag(dup, "firm_id", dup_reason)

    numeric: dict[str, np.ndarray] = {}
    for f, (integer, upper) in NUMERIC_FIELDS.items():
        s = col(f)
        present = (s != "").to_numpy()
        has_comma = s.str.contains(",", regex=False).to_numpy(dtype=bool)
        bad_comma = has_comma & ~s.str.match(_THOUSANDS).to_numpy(dtype=bool)
        flag(bad_comma, cols.get(f, f), lambda i, s=s, f=f: (
            f"{f} must be a number with a point for decimals (e.g. 1.5), got {_show(s.iat[i])} — a comma is read only "
            "as a thousands separator (1,500)",
            f"{FIELD_LABELS_KO[f]}: 소수점은 점(.)으로 쓰세요 (예: 1.5). 쉼표는 천 단위 구분(1,500)으로만 읽습니다 — "
            f"받은 값 {_show(s.iat[i])}"))  # fmt: skip
        raw = s.str.replace(",", "", regex=False)
        vals = np.where(bad_comma, np.nan, _to_float(raw))
        if np.isnan(vals).any():  # digits pandas could not convert (thousands of them): too large, not "not a number"
            huge = raw.str.fullmatch(r"[+-]?[0-9]+(\.[0-9]*)?").to_numpy(dtype=bool) & np.isnan(vals) & ~bad_comma
            vals = np.where(huge, np.inf, vals)
        non_num = present & np.isnan(vals) & ~bad_comma
        flag(non_num, cols.get(f, f), lambda i, s=s, f=f: (f"{f} must be a number, got {_show(s.iat[i])}",
                                                          f"{FIELD_LABELS_KO[f]}은(는) 숫자여야 합니다 — 받은 값 {_show(s.iat[i])}"))  # fmt: skip
        ok = present & ~non_num & ~bad_comma
        out_range = ok & ((vals < 0) | (vals > upper))
        flag(out_range, cols.get(f, f), lambda i, s=s, f=f, u=upper: (
            f"{f} must be between 0 and {u:g}, got {_show(s.iat[i])}",
            f"{FIELD_LABELS_KO[f]}은(는) 0 이상 {u:g} 이하여야 합니다 — 받은 값 {_show(s.iat[i])}"))  # fmt: skip
        if integer:
            frac = ok & ~out_range & (np.floor(np.nan_to_num(vals)) != np.nan_to_num(vals))
            flag(frac, cols.get(f, f), lambda i, s=s, f=f: (f"{f} must be a whole number, got {_show(s.iat[i])}",
                                                           f"{FIELD_LABELS_KO[f]}은(는) 정수여야 합니다 — 받은 값 {_show(s.iat[i])}"))  # fmt: skip
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
        flag(bad, cols[k], lambda i, s=s, k=k: (f"capability {k} must be a whole number 0–5, got {_show(s.iat[i])}",
                                                f"역량 {CAPABILITY_LABELS_KO[k]}은(는) 0–5 정수여야 합니다 — 받은 값 {_show(s.iat[i])}"))  # fmt: skip
        caps[:, j] = np.where(present & ~bad, np.nan_to_num(vals), 0).astype(np.int8)

    entity, bad_bool = _parse_bool(col("has_china_entity"))
    flag(bad_bool, cols.get("has_china_entity", "has_china_entity"),
         lambda i: (f"has_china_entity must be true/false (예/아니오), got {_show(col('has_china_entity').iat[i])}",
                    f"중국법인은 예/아니오(true/false)로 쓰세요 — 받은 값 {_show(col('has_china_entity').iat[i])}"))  # fmt: skip

    rt_raw = col("risk_tolerance").str.lower()
    rt = rt_raw.map(RISK_ALIASES)
    bad_rt = (rt_raw != "").to_numpy() & rt.isna().to_numpy()
    flag(bad_rt, cols.get("risk_tolerance", "risk_tolerance"),
         lambda i: (f"risk_tolerance must be low, medium or high (낮음/보통/높음), got {_show(rt_raw.iat[i])}",
                    f"위험성향은 낮음/보통/높음(low/medium/high) 중 하나여야 합니다 — 받은 값 {_show(rt_raw.iat[i])}"))  # fmt: skip
    risk = rt.fillna(1).to_numpy().astype(np.int8)

    lookup = region_lookup(regions)
    lists: dict[str, list[tuple[str, ...]]] = {}
    for f in LIST_FIELDS:
        # each distinct cell is parsed once (a registry repeats the same few lists over and over)
        codes, cells = pd.factorize(col(f), use_na_sentinel=False)
        parsed_u: list[tuple[str, ...]] = []
        reason_u: dict[int, tuple[str, str]] = {}
        for u, cell in enumerate(cells.tolist()):
            if not isinstance(cell, str) or not cell:
                parsed_u.append(())
                continue
            items = [x.strip() for x in re.split(r"[;|]", cell) if x.strip()]
            if f != "certifications" and regions is not None:
                mapped = [lookup.get(_norm_header(x)) for x in items]
                unknown = [x for x, m in zip(items, mapped) if m is None]
                if unknown:
                    comma = [x for x in unknown if "," in x or "，" in x or "、" in x]
                    if comma and all(lookup.get(_norm_header(p)) for x in comma for p in re.split(r"[,，、]", x)
                                     if p.strip()):  # fmt: skip
                        reason_u[u] = (f"{f}: {_show(cell)} — separate regions with ';' not ',' (e.g. CN-BJ;CN-SH)",
                                       f"{FIELD_LABELS_KO[f]}: 지역은 쉼표가 아니라 ';'로 구분하세요 (예: CN-BJ;CN-SH) — "
                                       f"받은 값 {_show(cell)}")  # fmt: skip
                    else:
                        shown = ", ".join(_show(x) for x in unknown[:5])
                        reason_u[u] = (f"{f}: unknown region {shown} — use ids such as CN-BJ or names such as 베이징",
                                       f"{FIELD_LABELS_KO[f]}: 알 수 없는 지역 {shown} — CN-BJ 같은 ID나 베이징 같은 이름을 "
                                       "쓰세요")  # fmt: skip
                    parsed_u.append(())
                    continue
                items = sorted(set(mapped))
            parsed_u.append(tuple(items))
        bad = np.zeros(n, dtype=bool)
        if reason_u:
            bad = np.isin(codes, np.fromiter(reason_u, dtype=np.int64))
            for i in np.flatnonzero(bad).tolist():
                en, ko = reason_u[int(codes[i])]
                errors.append(RowError(int(rows[i]), ids.iat[i], cols.get(f, f), en, reason_ko=ko))
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
    batch = FirmBatch(table, errors, warnings, received=n, notes=notes)
    batch.check_accounting()
    batch.extra = extra_columns(frame.assign(__row__=rows), unknown_columns(frame.columns), table)  # passthrough
    return batch


def read_firms(path: Path | str, regions: dict | None = None, data: bytes | None = None,
               sheet: str | None = None) -> FirmBatch:  # fmt: skip
    """Read and validate a firm file (.json, .csv, .xlsx, .parquet) — or a folder or glob of part files
    (:func:`read_firm_parts`). ``sheet``: the workbook sheet to read (name or 1-based number)."""
    if data is None and is_multi_source(path):
        return read_firm_parts(path, regions)
    frame = read_firm_frame(path, data, sheet=sheet)
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
    id_col = next(c for c in frame.columns if c not in ("__row__", PROBLEM) and canonical_field(c) == "firm_id")
    ids = frame[id_col].astype(str).str.strip()
    keys = id_keys(ids)
    first = ((keys != "") & ~keys.duplicated(keep="first")).to_numpy(dtype=bool)
    rows = frame["__row__"].to_numpy(dtype=np.int64)
    batch.rejected = [RowError(e.row, e.firm_id, e.column, e.reason, label, e.reason_ko) for e in batch.rejected]
    batch.warnings = [f"{label}: {w}" for w in batch.warnings]
    batch.notes = [f"{label}: {w}" for w in batch.notes]
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
    codes, _ = pd.factorize(id_keys(pd.Series(ids, dtype=object)))
    first_pos = np.full(codes.max() + 1, -1, dtype=np.int64)
    first_pos[codes[::-1]] = np.arange(len(codes))[::-1]
    for i in np.flatnonzero(first_pos[codes] != np.arange(len(codes))).tolist():
        j = first_pos[codes[i]]
        out[part[i]].append(RowError(int(rows[i]), str(ids[i]), "firm_id",
                                     f"duplicate firm_id (first used in {labels[part[j]]} row {int(rows[j])})",
                                     labels[part[i]],
                                     f"기업ID 중복 ({labels[part[j]]} {int(rows[j])}행에서 이미 사용)"))  # fmt: skip
    return out


def drop_duplicates(batch: FirmBatch, duplicates: list[RowError]) -> FirmBatch:
    """``batch`` without the firms of the given rows, which join the rejected (accounting kept)."""
    if not duplicates:
        return batch
    drop = np.isin(batch.firms.row, np.array([e.row for e in duplicates], dtype=np.int64))
    firms = batch.firms.take(np.flatnonzero(~drop)) if drop.any() else batch.firms
    rejected = sorted([*batch.rejected, *duplicates], key=lambda e: (e.row, e.column))
    return FirmBatch(firms, rejected, batch.warnings, batch.received, notes=batch.notes)


def merge_parts(parts: list[PartRead]) -> FirmBatch:
    """One batch from validated parts in order, rejecting firm ids repeated across parts."""
    dups = cross_part_duplicates([p.label for p in parts], [p.first_ids for p in parts], [p.first_rows for p in parts])
    batches = [drop_duplicates(p.batch, d) for p, d in zip(parts, dups)]
    merged = FirmBatch(FirmTable.concat([b.firms for b in batches if len(b.firms)]),
                       [e for b in batches for e in b.rejected], [w for b in batches for w in b.warnings],
                       sum(b.received for b in batches), notes=[x for b in batches for x in b.notes])  # fmt: skip
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
