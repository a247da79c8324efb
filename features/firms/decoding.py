"""Bytes → text: sniffing the file kind, decoding text as Korean Excel writes it (UTF-8, UTF-8-BOM, UTF-16,
CP949/EUC-KR), and parsing JSON with bounded nesting."""

from __future__ import annotations

import json

from features.firms.schema import FirmInputError

#: JSON nesting deeper than this is refused before parsing (a firm object needs 3 levels)
MAX_JSON_DEPTH = 64
#: integers in JSON longer than this are kept as text (and then rejected by validation, with the row)
MAX_JSON_INT_DIGITS = 30


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


def json_depth(text: str, stop: int = MAX_JSON_DEPTH) -> int:
    """The deepest nesting of ``[``/``{`` outside strings; counting stops once past ``stop`` — linear and without
    recursion, so a 200,000-deep document is measured before any parser sees it (also used for share links,
    ``ui.linkparse``)."""
    depth = deepest = 0
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
            if depth > deepest:
                deepest = depth
                if deepest > stop:
                    return deepest
        elif ch in "]}":
            depth -= 1
    return deepest


def _json_depth_ok(text: str) -> bool:
    """Whether brackets nest at most :data:`MAX_JSON_DEPTH` deep (strings skipped) — checked before parsing."""
    return json_depth(text) <= MAX_JSON_DEPTH


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
