"""Plain text → lines. Encodings: UTF-8 (with or without BOM), UTF-16 with a BOM, and CP949/EUC-KR (what Korean
Windows programs save); anything else is refused. Lines are kept as they are (a text exported from a PDF keeps its
line layout, like the four stored reports); control characters are removed and trailing spaces dropped — except one
leading space, which the stored reports use to mark a page start (docs/METHOD.md § 1)."""

from __future__ import annotations

from features.ingest.base import Extracted, check_text, refuse, split_lines

EXTRACTOR = "text"


def decode_text(data: bytes, what: str) -> tuple[str, str]:
    """(text, encoding name)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", "strict"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp949"), "cp949"
    except UnicodeDecodeError:
        raise refuse(f"{what}: 글자 인코딩을 알 수 없습니다 (UTF-8도 CP949도 아님) — UTF-8로 저장해 주세요",
                     f"{what}: unknown text encoding (neither UTF-8 nor CP949); save it as UTF-8") from None


def read_text(data: bytes, what: str) -> Extracted:
    text, enc = decode_text(data, what)
    if "\x00" in text:
        raise refuse(f"{what}: 텍스트 파일이 아닙니다 (NUL 문자) — 파일 형식을 확인해 주세요",
                     f"{what}: not a text file (NUL characters); check the file type")  # fmt: skip
    lines = split_lines(text)
    while lines and not lines[-1].strip():
        lines.pop()
    check_text(lines, what)
    return Extracted(lines, [], f"{EXTRACTOR} ({enc})")
