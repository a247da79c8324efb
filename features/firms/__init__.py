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

Importing this package is cheap (issue 19): each name is imported from its submodule on first use (PEP 562), so a
command that needs only the schema or one JSON firm does not load pandas with the CSV/XLSX readers.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

#: exported name → the submodule that defines it
_WHERE = {
    "MAX_JSON_DEPTH": "decoding",
    "MAX_JSON_INT_DIGITS": "decoding",
    "decode_csv_bytes": "decoding",
    "decode_text": "decoding",
    "parse_json_bytes": "decoding",
    "sniff_kind": "decoding",
    "_find_header": "grid",
    "_frame_from_grid": "grid",
    "duplicate_header_error": "grid",
    "Inference": "infer",
    "Inferrer": "infer",
    "default_inferrer": "infer",
    "Ksic": "ksic",
    "load_ksic": "ksic",
    "normalise_code": "ksic",
    "firms_from_records": "load",
    "read_firms": "load",
    "PART_SUFFIXES": "parts",
    "PartRead": "parts",
    "cross_part_duplicates": "parts",
    "drop_duplicates": "parts",
    "is_multi_source": "parts",
    "list_firm_parts": "parts",
    "merge_parts": "parts",
    "read_firm_parts": "parts",
    "read_part": "parts",
    "extra_columns": "passthrough",
    "unknown_columns": "passthrough",
    "DELIMITERS": "quick",
    "FAST_CSV_CHARS": "readers",
    "MAX_FILE_BYTES": "readers",
    "MAX_UPLOAD_MB": "readers",
    "_json_records": "readers",
    "_read_csv_arrow": "readers",
    "_read_records": "readers",
    "check_size": "readers",
    "read_csv_text": "readers",
    "read_firm_frame": "readers",
    "sniff_delimiter": "quick",
    "_BLANK_CHARS": "schema",
    "CAPABILITY_EXTRA_ALIASES_KO": "schema",
    "CAPABILITY_LABELS_EN": "schema",
    "CAPABILITY_LABELS_KO": "schema",
    "CAPABILITY_SOURCES": "schema",
    "DEFAULT_HORIZON": "schema",
    "FALSE_WORDS": "schema",
    "FIELD_LABELS_KO": "schema",
    "FIELDS": "schema",
    "HEADER_ALIASES": "schema",
    "KEY_SOURCES": "schema",
    "LIST_FIELDS": "schema",
    "NUMERIC_FIELDS": "schema",
    "PROBLEM": "schema",
    "RISK_ALIASES": "schema",
    "RISK_LEVELS": "schema",
    "TEXT_FIELDS": "schema",
    "TRUE_WORDS": "schema",
    "FirmBatch": "schema",
    "FirmInputError": "schema",
    "FirmTable": "schema",
    "RowError": "schema",
    "_norm_header": "schema",
    "_show": "schema",
    "canonical_field": "schema",
    "capability_label": "schema",
    "_to_float": "validation",
    "id_key": "quick",
    "id_keys": "validation",
    "region_lookup": "quick",
    "validate_frame": "validation",
}
#: the submodules, reachable as attributes (``features.firms.readers``) like after an eager import
_SUBMODULES = ("decoding", "evaluate", "grid", "infer", "ksic", "lexicon", "load", "parts", "passthrough", "profile",
               "quick", "readers", "schema", "validation")  # fmt: skip


def __getattr__(name: str):
    if name in _WHERE:
        value = getattr(importlib.import_module(f"features.firms.{_WHERE[name]}"), name)
    elif name in _SUBMODULES:
        value = importlib.import_module(f"features.firms.{name}")
    else:
        raise AttributeError(f"module 'features.firms' has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_WHERE, *_SUBMODULES})


if TYPE_CHECKING:  # for type checkers and IDEs: the same names, imported eagerly
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
    from features.firms.quick import id_key, region_lookup
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
        id_keys,
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
