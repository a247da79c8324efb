"""One firm from a JSON or CSV file without pandas (issue 19: ``recommend firm.json`` in about half a second).

:func:`json_rows` flattens firm objects into string cells — the JSON reader (:func:`features.firms.readers.
_json_records`) builds its frame from the same function. :func:`quick_read` validates **one** firm (a JSON object,
or a CSV of a header and one row) in plain Python when every cell is unremarkable: known columns only, each named once, a non-empty id, numbers written as
plain digits within range, capability scores 0–5, a yes/no entity flag, a known risk level and known regions. It
then returns exactly the :class:`FirmBatch` that :func:`features.firms.validation.validate_frame` would (the same
arrays, dtypes, warnings and inferred capabilities; ``tests/test_firms_quick.py`` compares them). Anything else —
several firms, an unknown column, a bad or unusual value — returns None and the caller uses the pandas path, so
every rejection, warning and message still comes from that one validator.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from pathlib import Path

import numpy as np

from features.facts import CAPABILITY_KEYS
from features.firms.schema import (
    _BLANK_CHARS,
    DEFAULT_HORIZON,
    DEFAULTABLE,
    ENTITY_REGION,
    FALSE_WORDS,
    HEADER_ALIASES,
    LIST_FIELDS,
    NUMERIC_FIELDS,
    RISK_ALIASES,
    TRUE_WORDS,
    FirmBatch,
    FirmInputError,
    FirmTable,
    _norm_header,
    canonical_field,
)

#: delimiters tried when sniffing a CSV
DELIMITERS = (",", ";", "\t", "|")
_DELIM_NAMES = {",": "comma ','", ";": "semicolon ';'", "\t": "tab", "|": "pipe '|'"}


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


#: keys this tool writes into a firm object (``FirmTable.firm``) that are read back as provenance, not as fields
OUTPUT_ONLY = ("capability_source", "capability_sources", "capability_reason", "capability_note", "defaulted_fields")
#: files up to this size are tried on the quick path (a firm object is about 1 KB)
QUICK_MAX_BYTES = 256 * 1024
#: a number the quick path takes as it is: digits, an optional decimal part, at most 15 significant digits (so Python,
#: Arrow and pandas all read it as the same float64; tested); anything else (signs, exponents, commas, text) falls back
_PLAIN_NUMBER = re.compile(r"[0-9]{1,10}(\.[0-9]{1,5})?")
_CAPABILITY = re.compile(r"[0-5]")
_ASCII_ID = re.compile(r"[\x20-\x7e]*")


_INVISIBLE = dict.fromkeys([*range(0x20), 0x7F, 0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF])


def id_key(firm_id: str) -> str:
    """The identity of a firm id when looking for duplicates: Unicode NFKC (full-width ＫＲ → KR, NFD → NFC), control
    and zero-width characters removed, trimmed, case-folded. The id itself is kept as written in the output."""
    return unicodedata.normalize("NFKC", str(firm_id)).translate(_INVISIBLE).strip().casefold()


def region_lookup(regions: dict | None) -> dict[str, str]:
    """Region id, Korean/Chinese/English names and aliases (normalised) → region id."""
    out: dict[str, str] = {}
    for rid, r in (regions or {}).items():
        for n in (rid, r.name_ko, r.name_zh, r.name_en, *getattr(r, "aliases", ()), *getattr(r, "ambiguous_aliases", ())):
            out[_norm_header(n)] = rid
    return out


def json_rows(obj, source: str) -> tuple[list[dict[str, str]], list[str]]:
    """Firm objects (a firm, a list of firms, or ``{"firms": [...]}``) → one dict of string cells per firm
    (capabilities flattened to their keys, lists joined with ``;``, booleans ``true``/``false``, null ``""``) and the
    file-level warnings."""
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
        defaulted = rec.get("defaulted_fields")  # a firm this tool wrote: its defaults stay "not given" (panel 32 K01)
        defaulted = set(defaulted) & set(DEFAULTABLE) if isinstance(defaulted, list) else set()
        flat = {k: v for k, v in rec.items() if k != "capabilities" and k not in OUTPUT_ONLY and k not in defaulted}
        caps = rec.get("capabilities")
        if caps is None:
            caps = {}
        srcs = rec.get("capability_sources")
        if isinstance(caps, dict) and isinstance(srcs, dict):  # a firm this tool wrote: estimates stay estimates
            caps = {k: v for k, v in caps.items() if srcs.get(k, "given") == "given"}
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
    return rows, warnings


def quick_read(path: Path | str, regions: dict | None = None, data: bytes | None = None) -> FirmBatch | None:
    """The validated firm of a one-firm JSON or CSV file, or None when the file needs the full reader (see the
    module)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".json", ".csv"):
        return None
    if data is None:
        if not path.is_file() or path.stat().st_size > QUICK_MAX_BYTES:
            return None
        data = path.read_bytes()
    if len(data) > QUICK_MAX_BYTES or not data.strip() or data[:4] in (b"PK\x03\x04", b"PAR1"):
        return None
    try:
        if suffix == ".json":
            return _quick_json(data, path.name, regions)
        return _quick_csv(data, path.name, regions)
    except FirmInputError:
        return None  # the full reader raises the same error


def _quick_json(data: bytes, source: str, regions: dict | None) -> FirmBatch | None:
    from features.firms.decoding import parse_json_bytes

    rows, warnings = json_rows(parse_json_bytes(data, source), source)
    if len(rows) != 1 or warnings:
        return None
    return quick_row(rows[0], regions)


def _quick_csv(data: bytes, source: str, regions: dict | None) -> FirmBatch | None:
    """A header row naming firm_id first, then exactly one firm row with one value per column; no ``sep=`` line, no
    NUL padding, no unnamed or repeated column (each of those takes the full reader, which explains it)."""
    from features.firms.decoding import decode_text

    text, encoding = decode_text(data, source)
    if text.rstrip("\x00") != text or not text.strip(_BLANK_CHARS):
        return None
    delimiter, why = sniff_delimiter(text)
    if why == "the file's sep= line":
        return None
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error:
        return None
    if len(records) != 2 or len(records[0]) != len(records[1]):
        return None
    header = [str(c).strip() for c in records[0]]
    if not all(header) or len(set(header)) != len(header) or "firm_id" not in map(canonical_field, header):
        return None
    if not any(c.strip(_BLANK_CHARS) for c in records[1]):
        return None
    notes = [f"encoding {encoding}", f"delimiter {_DELIM_NAMES.get(delimiter, repr(delimiter))} (from {why})"]
    return quick_row(dict(zip(header, records[1])), regions, row_number=2, notes=notes)


def _number(text: str, integer: bool, upper: float) -> float | None:
    """A plain number within ``0..upper`` (whole if ``integer``), else None (the pandas path decides)."""
    if not _PLAIN_NUMBER.fullmatch(text):
        return None
    value = float(text)
    if value > upper or (integer and value != int(value)):
        return None
    return value


def quick_row(row: dict[str, str], regions: dict | None, row_number: int = 1,
              notes: list[str] | None = None) -> FirmBatch | None:  # fmt: skip
    """:func:`~features.firms.validation.validate_frame` of one row of string cells (source row ``row_number``;
    ``notes``: what the reader decided) when nothing in it needs a message; None otherwise."""
    from features.firms.profile import given_mask, profile_rows

    cols: dict[str, str] = {}
    for c in row:
        f = HEADER_ALIASES.get(_norm_header(c))
        if f is None or f in cols:
            return None  # an unknown column (a warning, carried through) or a repeated field
        cols[f] = c

    def cell(f: str) -> str:
        return str(row[cols[f]]).strip() if f in cols else ""

    if "firm_id" not in cols:
        return None
    firm_id = cell("firm_id")
    if not firm_id or not _ASCII_ID.fullmatch(firm_id):
        return None

    numeric: dict[str, float] = {}
    defaulted = 0  # bit j: DEFAULTABLE[j] was empty (as validate_frame)
    for f, (integer, upper) in NUMERIC_FIELDS.items():
        text = cell(f)
        if not text:
            numeric[f] = DEFAULT_HORIZON if f == "horizon_years" else 0.0
            defaulted |= 1 << DEFAULTABLE.index(f)
            continue
        value = _number(text, integer, upper)
        if value is None:
            return None
        numeric[f] = value

    caps = np.zeros((1, len(CAPABILITY_KEYS)), dtype=np.int8)
    given_cells: dict[str, np.ndarray] = {}
    for j, k in enumerate(CAPABILITY_KEYS):
        if k not in cols:
            continue
        text = cell(k)
        if text and not _CAPABILITY.fullmatch(text):
            return None
        caps[0, j] = int(text) if text else 0
        given_cells[k] = np.array([bool(text)])

    flag = cell("has_china_entity").lower()
    if flag not in TRUE_WORDS and flag not in FALSE_WORDS:
        return None
    risk_text = cell("risk_tolerance").lower()
    if risk_text and risk_text not in RISK_ALIASES:
        return None
    risk = RISK_ALIASES.get(risk_text, 1)
    defaulted |= (not flag) << DEFAULTABLE.index("has_china_entity") | (not risk_text) << DEFAULTABLE.index("risk_tolerance")

    lookup = region_lookup(regions)
    lists: dict[str, tuple[str, ...]] = {}
    for f in LIST_FIELDS:
        text = cell(f)
        items = [x.strip() for x in re.split(r"[;|]", text) if x.strip()] if text else []
        if items and f != "certifications" and regions is not None:
            mapped = [lookup.get(_norm_header(x)) for x in items]
            if any(m is None for m in mapped):
                return None
            items = sorted(set(mapped))
        lists[f] = tuple(items)

    entity_region = cell(ENTITY_REGION)
    if entity_region:  # a region the full validator would reject or warn about: it says why
        if regions is None or flag not in TRUE_WORDS:
            return None
        entity_region = lookup.get(_norm_header(entity_region))
        if entity_region is None:
            return None

    rows = np.array([row_number], dtype=np.int64)
    ids = np.array([firm_id], dtype=object)
    prof = profile_rows(caps, given_mask(given_cells, 1), [cell("industry_code")], [cell("products")], rows, ids,
                        cols.get("industry_code", "industry_code"))  # fmt: skip

    def floats(f: str) -> np.ndarray:
        return np.array([numeric[f]], dtype=np.float64)

    table = FirmTable(
        firm_id=ids, name=np.array([cell("name")], dtype=object), row=rows,
        employees=floats("employees").astype(np.int64), revenue_krw_100m=floats("revenue_krw_100m"),
        china_experience_years=floats("china_experience_years"), has_china_entity=np.array([flag in TRUE_WORDS]),
        chinese_speaking_staff=floats("chinese_speaking_staff").astype(np.int64),
        investment_capacity_krw_100m=floats("investment_capacity_krw_100m"),
        risk_tolerance=np.array([risk], dtype=np.int8), horizon_years=floats("horizon_years"),
        capabilities=prof.capabilities, certifications=[lists["certifications"]],
        preferred_regions=[lists["preferred_regions"]], excluded_regions=[lists["excluded_regions"]],
        industry_code=prof.industry_code, products=prof.products, capability_source=prof.source,
        capability_origin=prof.origin, capability_reason=prof.reason,
        china_entity_region=np.array([entity_region], dtype=object), defaulted=np.array([defaulted], dtype=np.uint16),
    )  # fmt: skip
    batch = FirmBatch(table, [], list(prof.warnings), received=1, notes=list(notes or []))
    batch.row_warnings = prof.row_warnings
    batch.unknown_codes = prof.unknown_codes
    batch.check_accounting()
    return batch
