"""Raw cells → a validated :class:`FirmTable`, columnar (pandas), so that 100,000 rows validate in about a second.
Every rejected row is reported with its source row number, the column and the reason; unknown columns are warnings;
``accepted + rejected == received`` always holds (``FirmBatch.check_accounting``)."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from features.facts import CAPABILITY_KEYS
from features.firms.grid import duplicate_header_error
from features.firms.passthrough import extra_columns, unknown_columns
from features.firms.profile import given_mask, profile_rows
from features.firms.province_codes import no_data_warning, province_code
from features.firms.quick import id_key, region_lookup
from features.firms.schema import (
    CAPABILITY_LABELS_KO,
    DEFAULT_HORIZON,
    DEFAULTABLE,
    ENTITY_REGION,
    FALSE_WORDS,
    FIELD_LABELS_KO,
    FIELDS,
    HEADER_ALIASES,
    LIST_FIELDS,
    NUMERIC_FIELDS,
    PROBLEM,
    RISK_ALIASES,
    TRUE_WORDS,
    FirmBatch,
    FirmInputError,
    FirmTable,
    RowError,
    _norm_header,
    _show,
)

#: a plain decimal: digits, one point, digits (``12.5``, ``5.``); with at most 15 digits it is read alike by Arrow,
#: pandas and Python (tested in tests/test_perf13_reading.py)
_DECIMAL = r"^[0-9]+\.[0-9]*$"


def _plain_numbers(arr) -> bool:
    """Whether every cell of the Arrow string array ``arr`` is empty or a plain number of at most 15 digits (whole,
    or with one decimal point): numbers that Arrow's cast reads exactly as ``pd.to_numeric`` does.

    Whole numbers are found with ``ascii_is_decimal`` (no regular expression: issue 19); only the other cells go
    through the decimal pattern."""
    import pyarrow.compute as pc

    length = pc.binary_length(arr)
    ok = pc.or_(pc.equal(length, 0), pc.and_(pc.ascii_is_decimal(arr), pc.less_equal(length, 15)))
    if pc.all(ok).as_py() is not False:
        return True
    rest = pc.filter(arr, pc.invert(ok))
    decimal = pc.and_(pc.match_substring_regex(rest, _DECIMAL), pc.less_equal(pc.binary_length(rest), 16))
    return pc.all(decimal).as_py() is not False


def _to_float(s: pd.Series) -> np.ndarray:
    """``pd.to_numeric(s, errors="coerce")`` as float64 (NaN where empty or not a number).

    A column of plain numbers (≤ 15 digits, whole or with a decimal point: counts, capability levels, revenue) and
    empty cells is converted by Arrow in one vectorised cast — exact for such numbers (Arrow and pandas both round
    correctly), so the result is identical; any other column (signs, exponents, text) goes through pandas as before.
    """
    try:
        import pyarrow as pa
        import pyarrow.compute as pc

        arr = pa.array(s.to_numpy(dtype=object) if s.dtype == object else s.array, type=pa.string())
        if _plain_numbers(arr):
            return pc.cast(pc.if_else(pc.equal(arr, ""), None, arr), pa.float64()).to_numpy(zero_copy_only=False)
    except Exception:  # noqa: BLE001 - anything unexpected: the pandas path below decides
        pass
    return pd.to_numeric(s, errors="coerce").to_numpy(dtype=float)


def _parse_bool(s: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    low = s.str.strip().str.lower()
    is_true = low.isin(TRUE_WORDS).to_numpy()
    bad = ~(is_true | low.isin(FALSE_WORDS).to_numpy())
    return is_true, bad


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


def region_items(items: list[str], regions: dict, lookup: dict[str, str]) -> tuple[list[str | None], list]:
    """The region id of each item of a region list (None where unknown) and the (item, ISO code) pairs of valid
    province-level regions that ``data/regions.csv`` lacks (:mod:`features.firms.province_codes`: accepted with a
    warning and left out of the list — panel 34 F06, excluding Xinjiang CN-XJ)."""
    mapped: list[str | None] = []
    no_data: list[tuple[str, str]] = []
    for x in items:
        rid = lookup.get(_norm_header(x))
        if rid is None:
            code = province_code(x)
            if code is not None and code in regions:
                rid = code
            elif code is not None:
                no_data.append((x, code))
        mapped.append(rid)
    return mapped, no_data


def entity_region_problem(cell: str, regions: dict | None, lookup: dict[str, str]) -> tuple[str | None, tuple | None]:
    """The region id of one ``china_entity_region`` cell and None, or None and the reason (English, Korean) it is
    rejected: one known region (id such as CN-SD, or a Korean/Chinese/English name such as 산둥성 or Shandong).
    Without a region table (``regions`` None) the cell is kept as written. Panels 31 S1/S3, 32 P08: the answers
    could not say where the firm's entity is."""
    if not cell:
        return "", None
    if regions is None:
        return cell, None
    items = [x.strip() for x in re.split(r"[;|,，、]", cell) if x.strip()]
    if len(items) > 1:
        return None, (f"{ENTITY_REGION}: {_show(cell)} — give one region, where the (main) Chinese entity is "
                      "(e.g. CN-SD or 산둥성)",
                      f"{FIELD_LABELS_KO[ENTITY_REGION]}: 지역은 하나만 쓰세요 — (주된) 중국 법인이 있는 곳 (예: CN-SD, 산둥성) — "
                      f"받은 값 {_show(cell)}")  # fmt: skip
    rid = lookup.get(_norm_header(cell))
    if rid is None:
        return None, (f"{ENTITY_REGION}: unknown region {_show(cell)} — use an id such as CN-SD or a name such as "
                      "산둥성 or Shandong",
                      f"{FIELD_LABELS_KO[ENTITY_REGION]}: 알 수 없는 지역 {_show(cell)} — CN-SD 같은 ID나 산둥성 같은 이름을 "
                      "쓰세요")  # fmt: skip
    return rid, None


def entity_region_warning(firm_id: str, row: int) -> str:
    """The warning for an entity region given without ``has_china_entity`` (the region is not used)."""
    return (f"row {row} ({firm_id}): {ENTITY_REGION} is given but has_china_entity is not true — the region was "
            f"ignored; set 중국법인 to 예/true if the firm has an entity there (중국법인지역은 중국법인이 '예'일 때만 "
            "씁니다 — 이 값은 쓰지 않았습니다)")  # fmt: skip


def _entity_regions(cells: pd.Series, entity: np.ndarray, regions: dict | None, lookup: dict[str, str],
                    rows: np.ndarray, ids: pd.Series, column: str, errors: list[RowError],
                    warnings: list[str]) -> list[str | None]:  # fmt: skip
    """Each row's entity region id ("" when none or ignored), None for a rejected cell (its reason appended to
    ``errors``); a region without an entity is a warning and is dropped (:func:`entity_region_warning`)."""
    out: list[str | None] = []
    seen: dict[str, tuple] = {}  # each distinct cell looked up once
    for i, cell in enumerate(cells.tolist()):
        if cell not in seen:
            seen[cell] = entity_region_problem(cell, regions, lookup)
        rid, why = seen[cell]
        if why is not None:
            errors.append(RowError(int(rows[i]), ids.iat[i], column, why[0], reason_ko=why[1]))
        elif rid and not entity[i]:
            warnings.append(entity_region_warning(ids.iat[i], int(rows[i])))
            rid = ""
        out.append(rid)
    return out


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

    def done(f: str) -> None:
        """The raw cells of ``f`` are read for the last time: drop them from this function's frame (a copy — the
        caller's frame is unchanged), so that a caller that keeps no reference frees them now (issue 19: the raw
        grid of 1M rows is ≈ 300 MB, ≈ 10 MB a column)."""
        if f in cols:
            del frame[cols[f]]

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
    defaulted = np.zeros(n, dtype=np.uint16)  # bit j: DEFAULTABLE[j] was empty and took its default (panel 32 K01)
    for f, (integer, upper) in NUMERIC_FIELDS.items():
        s = col(f)
        present = (s != "").to_numpy()
        defaulted |= (~present).astype(np.uint16) << DEFAULTABLE.index(f)
        has_comma = s.str.contains(",", regex=False).to_numpy(dtype=bool)
        bad_comma = has_comma.copy()  # the regex only where a comma is (issue 19: it ran per row on every cell)
        if has_comma.any():
            at = np.flatnonzero(has_comma)
            bad_comma[at] = ~s.iloc[at].str.match(_THOUSANDS).to_numpy(dtype=bool)
        flag(bad_comma, cols.get(f, f), lambda i, s=s, f=f: (
            f"{f} must be a number with a point for decimals (e.g. 1.5), got {_show(s.iat[i])} — a comma is read only "
            "as a thousands separator (1,500)",
            f"{FIELD_LABELS_KO[f]}: 소수점은 점(.)으로 쓰세요 (예: 1.5). 쉼표는 천 단위 구분(1,500)으로만 읽습니다 — "
            f"받은 값 {_show(s.iat[i])}"))  # fmt: skip
        raw = s.str.replace(",", "", regex=False)
        vals = np.where(bad_comma, np.nan, _to_float(raw))
        unread = np.isnan(vals) & ~bad_comma & present  # empty cells are NaN too: only the others are looked at
        if unread.any():  # digits pandas could not convert (thousands of them): too large, not "not a number"
            at = np.flatnonzero(unread)
            huge = np.zeros(n, dtype=bool)
            huge[at] = raw.iloc[at].str.fullmatch(r"[+-]?[0-9]+(\.[0-9]*)?").to_numpy(dtype=bool)
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
        del s, raw
        done(f)

    caps = np.zeros((n, len(CAPABILITY_KEYS)), dtype=np.int8)
    given_cells: dict[str, np.ndarray] = {}
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
        given_cells[k] = present & ~bad
        del s
        done(k)

    entity, bad_bool = _parse_bool(col("has_china_entity"))
    defaulted |= (col("has_china_entity") == "").to_numpy().astype(np.uint16) << DEFAULTABLE.index("has_china_entity")
    flag(bad_bool, cols.get("has_china_entity", "has_china_entity"),
         lambda i: (f"has_china_entity must be true/false (예/아니오), got {_show(col('has_china_entity').iat[i])}",
                    f"중국법인은 예/아니오(true/false)로 쓰세요 — 받은 값 {_show(col('has_china_entity').iat[i])}"))  # fmt: skip

    rt_raw = col("risk_tolerance").str.lower()
    # each distinct word looked up once (a registry repeats low / medium / high)
    rt_codes, rt_words = pd.factorize(rt_raw, use_na_sentinel=False)
    rt = pd.Series(np.array([RISK_ALIASES.get(w, np.nan) if isinstance(w, str) else np.nan
                             for w in rt_words.tolist()], dtype=float)[rt_codes], index=rt_raw.index)  # fmt: skip
    bad_rt = (rt_raw != "").to_numpy() & rt.isna().to_numpy()
    flag(bad_rt, cols.get("risk_tolerance", "risk_tolerance"),
         lambda i: (f"risk_tolerance must be low, medium or high (낮음/보통/높음), got {_show(rt_raw.iat[i])}",
                    f"위험성향은 낮음/보통/높음(low/medium/high) 중 하나여야 합니다 — 받은 값 {_show(rt_raw.iat[i])}"))  # fmt: skip
    risk = rt.fillna(1).to_numpy().astype(np.int8)
    defaulted |= (rt_raw == "").to_numpy().astype(np.uint16) << DEFAULTABLE.index("risk_tolerance")

    lookup = region_lookup(regions)
    lists: dict[str, list[tuple[str, ...]]] = {}
    region_warnings: list[RowError] = []
    for f in LIST_FIELDS:
        # each distinct cell is parsed once (a registry repeats the same few lists over and over)
        codes, cells = pd.factorize(col(f), use_na_sentinel=False)
        parsed_u: list[tuple[str, ...]] = []
        reason_u: dict[int, tuple[str, str]] = {}
        warn_u: dict[int, list[tuple[str, str]]] = {}  # valid regions the reports hold no data on (panel 34 F06)
        for u, cell in enumerate(cells.tolist()):
            if not isinstance(cell, str) or not cell:
                parsed_u.append(())
                continue
            items = [x.strip() for x in re.split(r"[;|]", cell) if x.strip()]
            if f != "certifications" and regions is not None:
                mapped, no_data = region_items(items, regions, lookup)
                if no_data:
                    first: dict[str, str] = {}  # one warning per region, as first written
                    for x, code in no_data:
                        first.setdefault(code, x)
                    warn_u[u] = [no_data_warning(f, code, _show(x)) for code, x in first.items()]
                unknown = [x for x, m in zip(items, mapped) if m is None and x not in dict(no_data)]
                if unknown:
                    comma = [x for x in unknown if "," in x or "，" in x or "、" in x]
                    if comma and all(lookup.get(_norm_header(p)) or province_code(p) for x in comma for p in re.split(r"[,，、]", x)
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
                items = sorted({m for m in mapped if m is not None})
            parsed_u.append(tuple(items))
        bad = np.zeros(n, dtype=bool)
        if reason_u:
            bad = np.isin(codes, np.fromiter(reason_u, dtype=np.int64))
            for i in np.flatnonzero(bad).tolist():
                en, ko = reason_u[int(codes[i])]
                errors.append(RowError(int(rows[i]), ids.iat[i], cols.get(f, f), en, reason_ko=ko))
        bad_any |= bad
        if warn_u:
            for i in np.flatnonzero(np.isin(codes, np.fromiter(warn_u, dtype=np.int64)) & ~bad).tolist():
                for en, ko in warn_u[int(codes[i])]:
                    warnings.append(f"row {int(rows[i])} ({ids.iat[i]}): {en} ({ko})")
                    region_warnings.append(RowError(int(rows[i]), ids.iat[i], cols.get(f, f), en, reason_ko=ko))
        lists[f] = [parsed_u[c] for c in codes.tolist()]

    entity_region = np.full(n, "", dtype=object)
    if ENTITY_REGION in cols:  # the optional field: no work for an input without the column
        found = _entity_regions(col(ENTITY_REGION), entity & ~bad_bool, regions, lookup, rows, ids,
                                cols[ENTITY_REGION], errors, warnings)  # fmt: skip
        bad_any |= np.array([r is None for r in found], dtype=bool)
        entity_region = np.array(["" if r is None else r for r in found], dtype=object)

    keep = np.flatnonzero(~bad_any)
    prof = profile_rows(caps[keep], given_mask(given_cells, n)[keep], col("industry_code").iloc[keep],
                        col("products").iloc[keep], rows[keep], ids.iloc[keep],
                        cols.get("industry_code", "industry_code"))  # fmt: skip
    warnings.extend(prof.warnings)
    names = col("name").to_numpy(dtype=object)
    table = FirmTable(
        firm_id=ids.to_numpy(dtype=object)[keep], name=names[keep], row=rows[keep],
        employees=numeric["employees"][keep].astype(np.int64),
        revenue_krw_100m=numeric["revenue_krw_100m"][keep],
        china_experience_years=numeric["china_experience_years"][keep],
        has_china_entity=entity[keep],
        chinese_speaking_staff=numeric["chinese_speaking_staff"][keep].astype(np.int64),
        investment_capacity_krw_100m=numeric["investment_capacity_krw_100m"][keep],
        risk_tolerance=risk[keep], horizon_years=numeric["horizon_years"][keep], capabilities=prof.capabilities,
        certifications=[lists["certifications"][i] for i in keep],
        preferred_regions=[lists["preferred_regions"][i] for i in keep],
        excluded_regions=[lists["excluded_regions"][i] for i in keep],
        industry_code=prof.industry_code, products=prof.products, capability_source=prof.source,
        capability_origin=prof.origin, capability_reason=prof.reason, china_entity_region=entity_region[keep],
        defaulted=defaulted[keep],
    )  # fmt: skip
    errors.sort(key=lambda e: (e.row, e.column))
    batch = FirmBatch(table, errors, warnings, received=n, notes=notes)
    kept_warnings: list[RowError] = []
    if region_warnings:  # a set of every kept row cost ~50 MB at 1M rows (issue 19): test only the warned rows
        warned = np.fromiter((w.row for w in region_warnings), dtype=np.int64, count=len(region_warnings))
        kept_warnings = [w for w, k in zip(region_warnings, np.isin(warned, rows[keep]).tolist()) if k]
    batch.row_warnings = [*prof.row_warnings, *kept_warnings]
    batch.unknown_codes = prof.unknown_codes
    batch.check_accounting()
    batch.extra = extra_columns(frame.assign(__row__=rows), unknown_columns(frame.columns), table)  # passthrough
    return batch
