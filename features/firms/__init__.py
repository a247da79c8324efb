"""Firm input (contract 6): the firm schema read from JSON, CSV (UTF-8, UTF-8-BOM, CP949/EUC-KR), XLSX and Parquet,
validated once at the edge, with capabilities given by the user or inferred from the KSIC code and products text.

A package split by job; every name is re-exported here, so ``from features.firms import read_firms`` keeps working:

- :mod:`~features.firms.schema` — fields, labels, Korean header aliases, result types
- :mod:`~features.firms.decoding` — bytes → text (encodings as Korean Excel writes them), JSON parsing
- :mod:`~features.firms.grid` — a raw grid → firm rows (header found, blank and malformed rows marked)
- :mod:`~features.firms.readers` — the CSV, JSON, XLSX and Parquet readers, :func:`read_firm_frame`
- :mod:`~features.firms.validation` — raw cells → :class:`FirmTable` with every rejected row reported
- :mod:`~features.firms.passthrough` — an agency's own columns carried through
- :mod:`~features.firms.parts` — a registry as a folder or glob of part files
- :mod:`~features.firms.load` — :func:`read_firms`, :func:`firms_from_records`
- :mod:`~features.firms.ksic` — the KSIC table (10th and 11th revisions), code normalisation, capability priors
- :mod:`~features.firms.lexicon`, :mod:`~features.firms.infer` — capabilities inferred from code and products text
- :mod:`~features.firms.profile` — given scores, else inferred ones, per firm and per key, with warnings
- :mod:`~features.firms.evaluate` — inference measured on a labelled held-out set (``python -m features.firms.evaluate``)
"""

from features.firms.decoding import (
    MAX_JSON_DEPTH,
    MAX_JSON_INT_DIGITS,
    decode_csv_bytes,
    decode_text,
    parse_json_bytes,
    sniff_kind,
)
from features.firms.grid import (
    _find_header,
    _frame_from_grid,
    duplicate_header_error,
)
from features.firms.infer import Inference, Inferrer, default_inferrer
from features.firms.ksic import Ksic, load_ksic, normalise_code
from features.firms.load import (
    firms_from_records,
    read_firms,
)
from features.firms.parts import (
    PART_SUFFIXES,
    PartRead,
    cross_part_duplicates,
    drop_duplicates,
    is_multi_source,
    list_firm_parts,
    merge_parts,
    read_firm_parts,
    read_part,
)
from features.firms.passthrough import (
    extra_columns,
    unknown_columns,
)
from features.firms.readers import (
    DELIMITERS,
    FAST_CSV_CHARS,
    MAX_FILE_BYTES,
    MAX_UPLOAD_MB,
    _json_records,
    _read_csv_arrow,
    _read_records,
    check_size,
    read_csv_text,
    read_firm_frame,
    sniff_delimiter,
)
from features.firms.schema import (
    _BLANK_CHARS,
    CAPABILITY_EXTRA_ALIASES_KO,
    CAPABILITY_LABELS_EN,
    CAPABILITY_LABELS_KO,
    CAPABILITY_SOURCES,
    DEFAULT_HORIZON,
    FALSE_WORDS,
    FIELD_LABELS_KO,
    FIELDS,
    HEADER_ALIASES,
    KEY_SOURCES,
    LIST_FIELDS,
    NUMERIC_FIELDS,
    PROBLEM,
    RISK_ALIASES,
    RISK_LEVELS,
    TEXT_FIELDS,
    TRUE_WORDS,
    FirmBatch,
    FirmInputError,
    FirmTable,
    RowError,
    _norm_header,
    _show,
    canonical_field,
    capability_label,
)
from features.firms.validation import (
    _to_float,
    id_key,
    id_keys,
    region_lookup,
    validate_frame,
)

__all__ = [
    "Inference",
    "Inferrer",
    "default_inferrer",
    "Ksic",
    "load_ksic",
    "normalise_code",
    "RISK_LEVELS",
    "RISK_ALIASES",
    "TRUE_WORDS",
    "FALSE_WORDS",
    "DEFAULT_HORIZON",
    "NUMERIC_FIELDS",
    "LIST_FIELDS",
    "TEXT_FIELDS",
    "FIELDS",
    "CAPABILITY_SOURCES",
    "KEY_SOURCES",
    "CAPABILITY_LABELS_KO",
    "CAPABILITY_LABELS_EN",
    "capability_label",
    "CAPABILITY_EXTRA_ALIASES_KO",
    "FIELD_LABELS_KO",
    "_norm_header",
    "HEADER_ALIASES",
    "canonical_field",
    "FirmInputError",
    "RowError",
    "FirmTable",
    "FirmBatch",
    "_BLANK_CHARS",
    "PROBLEM",
    "_show",
    "MAX_JSON_DEPTH",
    "MAX_JSON_INT_DIGITS",
    "sniff_kind",
    "decode_text",
    "decode_csv_bytes",
    "parse_json_bytes",
    "_find_header",
    "duplicate_header_error",
    "_frame_from_grid",
    "MAX_UPLOAD_MB",
    "MAX_FILE_BYTES",
    "DELIMITERS",
    "check_size",
    "FAST_CSV_CHARS",
    "_read_csv_arrow",
    "_read_records",
    "sniff_delimiter",
    "read_csv_text",
    "_json_records",
    "read_firm_frame",
    "_to_float",
    "region_lookup",
    "id_key",
    "id_keys",
    "validate_frame",
    "unknown_columns",
    "extra_columns",
    "PART_SUFFIXES",
    "is_multi_source",
    "list_firm_parts",
    "PartRead",
    "read_part",
    "cross_part_duplicates",
    "drop_duplicates",
    "merge_parts",
    "read_firm_parts",
    "read_firms",
    "firms_from_records",
]
