"""A firm's capability profile from what its row holds: the scores it gives, else the KSIC code and products text.

:func:`profile_rows` takes the validated capability cells (and which were given), the raw ``industry_code`` and
``products`` columns, and returns the vector every firm is scored with, where each value came from
(``KEY_SOURCES``), the firm's ``capability_source`` (``CAPABILITY_SOURCES``), the reason, and the warnings:

* an industry code that is no KSIC code (``제조업``, ``26-4X``), or in neither revision (``00000``), is a warning
  naming the code and its rows — never a silent default; a known parent is used and said so;
* a row with no capability score, no code and no products is accepted with every capability 0 and ``none`` as its
  source, and a warning says so (before, such rows were accepted silently and answered "no match").

Scores the user gives always win (:func:`features.firms.infer.merge_given`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from features.facts import CAPABILITY_KEYS
from features.firms.infer import NONE, default_inferrer, merge_given
from features.firms.schema import RowError, _show

#: capability_source codes (CAPABILITY_SOURCES order)
SRC_GIVEN, SRC_INFERRED, SRC_MIXED, SRC_NONE = 0, 1, 2, 3
#: rows named in one warning, at most
_SHOW_ROWS = 8


@dataclass
class Profiles:
    capabilities: np.ndarray  # (n, K) int8
    origin: np.ndarray  # (n, K) int8, KEY_SOURCES
    source: np.ndarray  # (n,) int8, CAPABILITY_SOURCES
    reason: np.ndarray  # (n,) object
    industry_code: np.ndarray  # (n,) object, normalised ("" none or malformed)
    products: np.ndarray  # (n,) object, as typed (trimmed)
    warnings: list[str] = field(default_factory=list)
    row_warnings: list[RowError] = field(default_factory=list)
    unknown_codes: dict[str, int] = field(default_factory=dict)  # code as written → firms


def _rows_text(rows: np.ndarray) -> str:
    shown = ", ".join(str(int(r)) for r in rows[:_SHOW_ROWS])
    return shown + (f" … ({len(rows)} rows)" if len(rows) > _SHOW_ROWS else "")


def _stripped(column) -> np.ndarray:
    """A column (pandas Series, or a sequence for a few firms given without pandas) as trimmed strings."""
    if hasattr(column, "str"):
        return column.astype(str).str.strip().to_numpy(dtype=object)
    return np.array([str(x).strip() for x in column], dtype=object)


def _factorize(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``pd.factorize`` (codes in first-seen order); plain Python for a few rows, so one firm needs no pandas."""
    if len(values) > 1000:
        import pandas as pd

        return pd.factorize(values, use_na_sentinel=False)
    first: dict = {}
    idx = np.array([first.setdefault(v, len(first)) for v in values.tolist()], dtype=np.int64)
    return idx, np.array(list(first), dtype=object)


def _code_problems(raw: np.ndarray) -> tuple[np.ndarray, dict[str, tuple[str, str | None]]]:
    """Per row the normalised code; per distinct raw cell (code, problem)."""
    from features.firms.ksic import load_ksic, normalise_code

    idx, uniq = _factorize(raw)
    ksic = load_ksic() if any(str(u) for u in uniq.tolist()) else None
    decided = {}
    for u in uniq.tolist():
        decided[u] = normalise_code(u, ksic) if str(u) else ("", None)
    codes = np.array([decided[u][0] for u in uniq.tolist()], dtype=object)[idx] if len(raw) else np.zeros(0, object)
    return codes, decided


def profile_rows(caps: np.ndarray, given: np.ndarray, code_raw, products_raw, rows: np.ndarray, ids,
                 code_column: str = "industry_code") -> Profiles:  # fmt: skip
    """Profiles of ``n`` rows: ``caps`` (n, K) the given scores (0 where not given), ``given`` (n, K) bool which
    cells were given, the raw code and products columns (strings, "" when absent; pandas Series or sequences),
    source row numbers and ids."""
    n = len(caps)
    code_raw = _stripped(code_raw)
    products = _stripped(products_raw)
    ids = np.asarray(ids, dtype=object)
    codes, decided = _code_problems(code_raw)
    warnings: list[str] = []
    row_warnings: list[RowError] = []
    unknown: dict[str, int] = {}
    ksic = None
    for raw, (code, problem) in decided.items():
        if problem is None:
            continue
        at = np.flatnonzero(code_raw == raw)
        unknown[raw] = len(at)
        if problem == "malformed":
            en = (f"industry_code {_show(raw)} is not a KSIC code (2–5 digits such as 26429) — ignored; capabilities "
                  "come from the products text only")
            ko = f"업종코드 {_show(raw)}는 KSIC 코드(26429 같은 2–5자리 숫자)가 아닙니다 — 무시하고 주생산품만으로 역량을 추정합니다"
            codes[at] = ""
        elif problem == "leading_zero":
            en = f"industry_code {_show(raw)} was read as {code} (a leading zero lost in Excel?) — check it"
            ko = f"업종코드 {_show(raw)}를 {code}로 읽었습니다 (엑셀에서 앞자리 0이 빠졌나요?) — 확인하세요"
        else:
            from features.firms.ksic import load_ksic

            ksic = ksic or load_ksic()
            parent = next((c for c in ksic.chain(code)[1:] if c in ksic), "")
            if parent:
                name = ksic.get(parent).name_ko
                en = (f"industry_code {_show(raw)} is in neither the 10th nor the 11th KSIC revision — read as its "
                      f"nearest known parent {parent} ({name})")
                ko = f"업종코드 {_show(raw)}는 KSIC 10·11차 어디에도 없습니다 — 가장 가까운 상위 분류 {parent}({name})로 읽었습니다"
            else:
                en = (f"industry_code {_show(raw)} is in neither the 10th nor the 11th KSIC revision and has no known "
                      "parent — capabilities come from the products text only")
                ko = f"업종코드 {_show(raw)}는 KSIC 10·11차 어디에도 없고 상위 분류도 없습니다 — 주생산품만으로 역량을 추정합니다"
                codes[at] = ""
        warnings.append(f"{en} (rows {_rows_text(rows[at])}) ({ko})")
        for i in at.tolist():
            row_warnings.append(RowError(int(rows[i]), str(ids[i]), code_column, en, reason_ko=ko))

    has_text = (codes != "") | (products != "")
    need = has_text & ~given.all(axis=1)
    values = caps.astype(np.int8, copy=True)
    origin = np.where(given, 0, NONE).astype(np.int8)
    reason = np.full(n, "", dtype=object)
    if need.any():
        sel = np.flatnonzero(need)
        inf_vals, inf_orig, inf_reason = default_inferrer().infer_many(codes[sel], products[sel])
        v, o = merge_given(caps[sel], given[sel], inf_vals, inf_orig)
        values[sel], origin[sel] = v, o
        reason[sel] = inf_reason
    given_any = given.any(axis=1)
    inferred_any = ((origin != 0) & (origin != NONE) & (values > 0)).any(axis=1)
    source = np.full(n, SRC_GIVEN, dtype=np.int8)
    source[~given_any & (inferred_any | has_text)] = SRC_INFERRED
    source[given_any & inferred_any] = SRC_MIXED
    blank = ~given_any & ~has_text
    source[blank] = SRC_NONE
    if blank.any():
        at = np.flatnonzero(blank)
        warnings.append(
            f"{len(at)} firm(s) give no capability score, no industry_code (KSIC) and no products — every capability "
            f"is 0, so they can match nothing; add scores or a KSIC code and a products line (rows "
            f"{_rows_text(rows[at])}) (역량 점수·업종코드·주생산품이 모두 비어 있는 기업 {len(at)}곳: 모든 역량을 0으로 "
            "두었으므로 추천이 나오지 않습니다 — 점수나 업종코드와 주생산품을 넣으세요)"
        )
    return Profiles(values, origin, source, reason, codes, products, warnings, row_warnings, unknown)


def given_mask(present: dict[str, np.ndarray], n: int) -> np.ndarray:
    """(n, K) bool from ``{key: present-and-valid}`` (keys without a column: not given)."""
    out = np.zeros((n, len(CAPABILITY_KEYS)), dtype=bool)
    for j, k in enumerate(CAPABILITY_KEYS):
        if k in present:
            out[:, j] = present[k]
    return out


ESTIMATE_NOTE = {
    "ko": "추정: 업종코드(KSIC)와 주생산품에서 추정한 역량입니다 — 기업과 확인한 뒤 고쳐 쓰세요.",
    "en": "Estimated: these capabilities were inferred from the KSIC code and the products text — confirm them with "
          "the firm and correct them.",
}  # fmt: skip


def profile_json(firm: dict) -> dict:
    """The capability provenance of one firm (``FirmTable.firm(i)``) for a JSON answer: ``capability_source``, the
    per-key ``capability_sources``, ``capability_reason``, ``industry_code``, ``products``; when anything was
    inferred, ``capability_note`` (Korean and English: these are estimates to confirm); when given,
    ``china_entity_region``; when the input left fields empty, ``defaulted_fields`` (their values are defaults)."""
    out = {k: firm.get(k) for k in ("industry_code", "products", "capability_source", "capability_sources",
                                    "capability_reason")}  # fmt: skip
    for k in ("china_entity_region", "defaulted_fields"):  # only when given / when any (panels 31-32): new keys
        if firm.get(k):
            out[k] = firm[k]
    if firm.get("capability_source") == "none":
        out["capability_note"] = {
            "ko": "역량 점수도 업종코드·주생산품도 없어 모든 역량을 0으로 보았습니다.",
            "en": "No capability score, KSIC code or products were given: every capability was taken as 0.",
        }
        return out
    notes = capability_notes(firm)
    if notes:
        out["capability_note"] = {lang: " ".join(n[lang] for n in notes) for lang in ("ko", "en")}
    mismatch = industry_mismatch_of(firm)
    if mismatch:
        out["industry_mismatch"] = mismatch
    return out


def industry_mismatch_of(firm: dict) -> dict | None:
    """The note (ko, en) when the firm's KSIC code and products name different industries
    (:func:`features.firms.mismatch.industry_mismatch`; issue 18 panel 5, F13), else None."""
    from features.firms.mismatch import industry_mismatch

    return industry_mismatch(str(firm.get("industry_code") or ""), str(firm.get("products") or ""),
                             inferred=firm.get("capability_source") in ("inferred", "mixed"))  # fmt: skip


def capability_notes(firm: dict) -> list[dict]:
    """The notes under a firm's capabilities, each ``{"ko", "en"}``: :data:`ESTIMATE_NOTE` when anything was
    inferred, then the code/products mismatch note when the two name different industries."""
    out = [dict(ESTIMATE_NOTE)] if firm.get("capability_source") in ("inferred", "mixed") else []
    mismatch = industry_mismatch_of(firm)
    if mismatch:
        out.append(mismatch)
    return out


def capability_strings(firms) -> tuple[np.ndarray, np.ndarray]:
    """Per firm ``key:value;…`` of the vector used (non-zero keys, inferred ones marked ``~``) and the reason —
    one string per distinct (vector, origin) row, gathered (1M firms: about a second)."""
    caps = np.asarray(firms.capabilities)
    orig = np.asarray(firms.capability_origin)
    if len(caps) == 0:
        return np.zeros(0, dtype=object), np.zeros(0, dtype=object)
    both = np.ascontiguousarray(np.concatenate([caps, orig], axis=1)).view(
        np.dtype((np.void, caps.dtype.itemsize * caps.shape[1] * 2)))[:, 0]  # fmt: skip
    _, first, inverse = np.unique(both, return_index=True, return_inverse=True)
    texts = []
    for i in first.tolist():
        parts = [f"{k}:{int(caps[i, j])}{'~' if orig[i, j] not in (0, NONE) else ''}"
                 for j, k in enumerate(CAPABILITY_KEYS) if caps[i, j]]  # fmt: skip
        texts.append(";".join(parts))
    return np.array(texts, dtype=object)[inverse.ravel()], np.asarray(firms.capability_reason, dtype=object)
