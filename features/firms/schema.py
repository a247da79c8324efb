"""Firm schema: the contract's fields (contract 6), capability labels, the Korean header aliases agencies
use, and the result types (:class:`FirmTable`, :class:`FirmBatch`, :class:`RowError`).

Defaults for missing values (documented in the README): capabilities 0 (contract), numbers 0, ``has_china_entity``
false, ``risk_tolerance`` medium, ``horizon_years`` 3. Which of these a firm's input left empty is kept
(``FirmTable.defaulted``, :data:`DEFAULTABLE`), so that an answer shows "미입력 (기본값 0억원)" and never a default as
the firm's fact (panel 32 K01: a member list without 투자여력 read as "투자여력 0억원").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from features.facts import CAPABILITY_KEYS

if TYPE_CHECKING:  # pandas is imported where a frame is made (issue 19: one JSON firm needs none)
    import pandas as pd

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
#: free-text fields kept as text (contract 6): the KSIC code (2–5 digits; leading zeros matter) and the products line
TEXT_FIELDS = ("industry_code", "products")
#: where the firm's Chinese entity is (optional, one region id; panels 31 S1/S3, 32 P08): used in text only — the
#: answer names it where a line cites the entity, and says so when the answer's region differs; scores unchanged
ENTITY_REGION = "china_entity_region"
FIELDS = ("firm_id", "name", *NUMERIC_FIELDS, "has_china_entity", "risk_tolerance", *LIST_FIELDS, *TEXT_FIELDS,
          ENTITY_REGION)  # fmt: skip
#: the fields that take a default when the input leaves them empty (bit ``j`` of ``FirmTable.defaulted`` is field
#: ``j`` here); the list fields are not among them: an empty list is the firm's answer "none", not a default
DEFAULTABLE = (*NUMERIC_FIELDS, "has_china_entity", "risk_tolerance")
#: where a firm's capability vector came from (``FirmTable.capability_source``): the user gave every score it has;
#: inferred from the KSIC code and products text; some of each; ``none`` — nothing given and nothing to infer from
#: (all 0, and a warning)
CAPABILITY_SOURCES = ("given", "inferred", "mixed", "none")
#: where one capability value came from (``FirmTable.capability_origin``)
KEY_SOURCES = ("given", "ksic", "products", "ksic+products", "none")

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
    "industry_code": "업종코드", "products": "주생산품", "china_entity_region": "중국법인지역",
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
    "industry_code": ["표준산업분류", "표준산업분류코드", "산업분류코드", "산업분류", "ksic", "ksic코드", "ksiccode",
                      "업종코드(ksic)", "산업코드", "industry", "업종번호"],
    "products": ["주요제품", "사업내용", "취급품목", "주요생산품", "주력제품", "주생산품목", "생산품", "주요사업",
                 "main_products", "product", "business_description"],
    "china_entity_region": ["중국법인소재지", "중국법인위치", "법인소재지", "법인지역", "중국법인소재지역", "entity_region",
                            "china_entity_location", "entity_location"],
}  # fmt: skip


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
    #: KSIC code as written (normalised: digits only, leading zeros kept), "" when none; object
    industry_code: np.ndarray | None = None
    #: the products / business description text, "" when none; object
    products: np.ndarray | None = None
    #: int8 index into :data:`CAPABILITY_SOURCES` (0 given, 1 inferred, 2 mixed, 3 none)
    capability_source: np.ndarray | None = None
    #: (n, len(CAPABILITY_KEYS)) int8 index into :data:`KEY_SOURCES`, per key where its value came from
    capability_origin: np.ndarray | None = None
    #: why the inferred values are what they are (one string per firm, shared between firms with the same
    #: code and products; "" when nothing was inferred); object
    capability_reason: np.ndarray | None = None
    #: the region id of the firm's Chinese entity, "" when not given (always "" without ``has_china_entity``); object
    china_entity_region: np.ndarray | None = None
    #: uint16 bit mask per firm: bit ``j`` set when :data:`DEFAULTABLE` field ``j`` was not given and took its default
    defaulted: np.ndarray | None = None

    def __post_init__(self) -> None:
        n = len(self.firm_id)
        if self.industry_code is None:
            self.industry_code = np.full(n, "", dtype=object)
        if self.products is None:
            self.products = np.full(n, "", dtype=object)
        if self.capability_source is None:
            self.capability_source = np.zeros(n, dtype=np.int8)
        if self.capability_origin is None:
            self.capability_origin = np.zeros((n, len(CAPABILITY_KEYS)), dtype=np.int8)
        if self.capability_reason is None:
            self.capability_reason = np.full(n, "", dtype=object)
        if self.china_entity_region is None:
            self.china_entity_region = np.full(n, "", dtype=object)
        if self.defaulted is None:
            self.defaulted = np.zeros(n, dtype=np.uint16)

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

    def defaulted_fields(self, i: int) -> list[str]:
        """The :data:`DEFAULTABLE` fields firm ``i``'s input left empty (their values are the defaults)."""
        bits = int(self.defaulted[i])
        return [f for j, f in enumerate(DEFAULTABLE) if bits >> j & 1]

    def firm(self, i: int) -> dict:
        """Firm ``i`` as a contract JSON object; ``china_entity_region`` and ``defaulted_fields`` only when there is
        one (a firm that gives every field and no entity region is the object it always was)."""
        out = {
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
            "industry_code": str(self.industry_code[i]), "products": str(self.products[i]),
            "capability_source": CAPABILITY_SOURCES[int(self.capability_source[i])],
            "capability_sources": {k: KEY_SOURCES[int(self.capability_origin[i, j])]
                                   for j, k in enumerate(CAPABILITY_KEYS)},
            "capability_reason": str(self.capability_reason[i]),
        }  # fmt: skip
        if self.china_entity_region[i]:
            out[ENTITY_REGION] = str(self.china_entity_region[i])
        defaulted = self.defaulted_fields(i)
        if defaulted:
            out["defaulted_fields"] = defaulted
        return out

    def source_name(self, i: int) -> str:
        """``given``, ``inferred``, ``mixed`` or ``none`` for firm ``i``."""
        return CAPABILITY_SOURCES[int(self.capability_source[i])]

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
    #: problems that do not reject the row (an unknown KSIC code), one per row, for the errors report
    row_warnings: list[RowError] = field(default_factory=list)
    #: KSIC codes as written that were malformed or in neither revision → number of firms
    unknown_codes: dict[str, int] = field(default_factory=dict)

    #: per-source counts when the firms live elsewhere (Dask workers); see :meth:`source_counts`
    source_totals: dict[str, int] | None = None

    def source_counts(self) -> dict[str, int]:
        """Accepted firms per ``capability_source`` (given / inferred / mixed / none), for the summary."""
        if self.source_totals is not None and not len(self.firms):
            return dict(self.source_totals)
        counts = np.bincount(np.asarray(self.firms.capability_source, dtype=np.int64),
                             minlength=len(CAPABILITY_SOURCES))  # fmt: skip
        return {s: int(c) for s, c in zip(CAPABILITY_SOURCES, counts)}

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
        import pandas as pd

        columns = ["row", "firm_id", "column", "reason"]
        if any(e.source for e in self.rejected):
            columns = ["source", *columns]
        return pd.DataFrame([e.as_dict() for e in self.rejected], columns=columns)


#: the longest cell value quoted in a reason
_SHOW_CHARS = 40
#: the characters removed from both ends of a cell to decide whether a row is blank (whitespace and C0 controls)
_BLANK_CHARS = " \t\r\n\x0b\x0c\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18" \
               "\x19\x1a\x1b\x1c\x1d\x1e\x1f\x7f\u200b\u200c\u200d\u2060\ufeff\u3000"  # fmt: skip


#: column holding a structural problem of a row (column, reason, reason_ko), or None
PROBLEM = "__problem__"


def _show(value: object) -> str:
    """A cell value quoted for a message: at most 40 characters, control characters escaped."""
    text = str(value)
    cut = text[:_SHOW_CHARS] + ("…" if len(text) > _SHOW_CHARS else "")
    return repr(cut)
