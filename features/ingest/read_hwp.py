"""HWP 5.x (the Hangul word processor's binary format) → paragraphs, with ``olefile`` (BSD-2-Clause) for the OLE
compound file and a small record reader of our own.

Format source: Hancom, 「한글 문서 파일 형식 5.0」 (revision 1.3, 2018; published openly by Hancom for anyone to
read and write HWP files). What this reader relies on:

* The file is an OLE2 compound file (Microsoft [MS-CFB]) with a stream ``FileHeader`` (256 bytes: the signature
  ``HWP Document File``, the version as a DWORD at offset 32, properties at 36 — bit 0 *compressed*, bit 1
  *password*, bit 2 *distribution document* (배포용: its body is encrypted in ``ViewText``)), ``DocInfo``, and the
  body as ``BodyText/Section0``, ``Section1`` …, each a sequence of records, raw-deflate compressed when bit 0 is set.
* A record header is a little-endian DWORD: tag id (bits 0–9), level (10–19), size (20–31); size ``0xFFF`` means
  the real size follows as a DWORD. ``HWPTAG_PARA_HEADER`` = 66 starts a paragraph (its byte 11 holds the break type,
  0x04 = page break); ``HWPTAG_PARA_TEXT`` = 67 holds its text as UTF-16LE; ``HWPTAG_CTRL_HEADER`` = 71 starts a
  control (its first DWORD is the control id, e.g. ``fn  `` footnote, ``en  `` endnote, ``tbl `` table).
* Inside the text, code units below 32 are controls: *char* controls take one unit (10 line break, 13 paragraph end,
  24 hyphen, 30/31 fixed spaces); *inline* (4–9, 19, 20; 9 = tab) and *extended* (1–3, 11, 12, 14–18, 21–23; 17 =
  footnote/endnote anchor) controls take eight units.

Rules: one stored line per paragraph (table cells are paragraphs too); a footnote's paragraphs become a line
``N) …`` and the anchor in the body becomes ``N)``. Pages: a paragraph whose header says *page break* starts a page;
pages are recorded only when the document has such breaks (HWP stores no layout otherwise).
"""

from __future__ import annotations

import io
import struct
import zlib

from features.ingest.base import MAX_RATIO, MAX_UNZIPPED, Extracted, Page, check_text, clean_line, refuse

EXTRACTOR = "hwp5 (olefile + own record reader)"
SIGNATURE = b"HWP Document File"
TAG_PARA_HEADER, TAG_PARA_TEXT, TAG_CTRL_HEADER = 66, 67, 71
CHAR_CONTROLS = frozenset({0, 10, 13, 24, 25, 26, 27, 28, 29, 30, 31})
NOTE_IDS = (b"  nf", b"  ne")  # MAKE_4CHID('f','n',' ',' ') stored little-endian


def records(stream: bytes):
    """``(tag, level, payload)`` for every record of a stream (stops at a truncated record)."""
    pos, n = 0, len(stream)
    while pos + 4 <= n:
        (header,) = struct.unpack_from("<I", stream, pos)
        pos += 4
        tag, level, size = header & 0x3FF, (header >> 10) & 0x3FF, header >> 20
        if size == 0xFFF:
            if pos + 4 > n:
                return
            (size,) = struct.unpack_from("<I", stream, pos)
            pos += 4
        if pos + size > n:
            return
        yield tag, level, stream[pos : pos + size]
        pos += size


def para_text(payload: bytes, note_numbers) -> str:
    """The visible text of a ``HWPTAG_PARA_TEXT`` payload; a note anchor becomes ``N)`` (``note_numbers()`` → N)."""
    units = struct.unpack(f"<{len(payload) // 2}H", payload[: len(payload) // 2 * 2])
    out: list[str] = []
    i = 0
    while i < len(units):
        u = units[i]
        if u >= 32:
            out.append(chr(u))
            i += 1
        elif u in CHAR_CONTROLS:
            if u in (10, 30, 31):
                out.append(" ")
            i += 1
        else:
            if u == 9:
                out.append(" ")
            elif u == 17:
                out.append(f"{note_numbers()})")
            i += 8
    text = "".join(out)
    try:  # surrogate pairs arrive as two units
        text = text.encode("utf-16", "surrogatepass").decode("utf-16")
    except UnicodeError:
        pass
    return text


def _inflate(data: bytes, what: str, name: str) -> bytes:
    d = zlib.decompressobj(-15)
    try:
        out = d.decompress(data, MAX_UNZIPPED + 1)
    except zlib.error:
        raise refuse(f"{what}: HWP 본문({name})이 손상되었습니다 — 한글에서 다시 저장해 주세요",
                     f"{what}: the HWP body ({name}) is corrupt; save it again from Hangul") from None
    if len(out) > MAX_UNZIPPED or (len(out) > 1_000_000 and len(out) > MAX_RATIO * max(len(data), 1)):
        raise refuse(f"{what}: HWP 본문({name})이 지나치게 크게 풀립니다 (압축 폭탄) — 이 파일은 넣을 수 없습니다",
                     f"{what}: the HWP body ({name}) inflates beyond the limits (a compression bomb); this file "
                     "cannot be ingested")  # fmt: skip
    return out


def read_hwp(data: bytes, what: str) -> Extracted:
    import olefile

    if not olefile.isOleFile(io.BytesIO(data)):
        raise refuse(f"{what}: HWP 5.x 파일이 아닙니다 — 한글에서 HWP 또는 HWPX로 다시 저장해 주세요",
                     f"{what}: not an HWP 5.x file; save it again from Hangul as HWP or HWPX")  # fmt: skip
    try:
        ole = olefile.OleFileIO(io.BytesIO(data))
    except (OSError, ValueError, struct.error):
        raise refuse(f"{what}: HWP 파일이 손상되었습니다 — 원본을 다시 받아 주세요",
                     f"{what}: the HWP file is corrupt; download the original again") from None
    try:
        if not ole.exists("FileHeader"):
            raise refuse(f"{what}: HWP 문서가 아닙니다 (FileHeader 없음) — 파일 형식을 확인해 주세요",
                         f"{what}: not an HWP document (no FileHeader); check the file type")  # fmt: skip
        header = ole.openstream("FileHeader").read(256)
        if not header.startswith(SIGNATURE) or len(header) < 40:
            raise refuse(f"{what}: HWP 5.x 서명이 없습니다 — 한글 97 이전 파일이면 HWPX로 다시 저장해 주세요",
                         f"{what}: no HWP 5.x signature; if it is an older Hangul file, save it again as HWPX")
        version, props = struct.unpack_from("<II", header, 32)
        if props & 0x02 or props & 0x10:
            raise refuse(f"{what}: 암호(또는 DRM)가 걸린 HWP입니다 — 암호를 푼 사본을 저장해 넣어 주세요",
                         f"{what}: the HWP is password- or DRM-protected; save an unprotected copy and ingest that")
        if props & 0x04:
            raise refuse(f"{what}: 배포용(읽기 전용) HWP 문서라 본문이 암호화되어 있습니다 — 원문 HWP나 PDF를 받아 주세요",
                         f"{what}: a distribution (read-only) HWP whose body is encrypted; get the editable HWP or "
                         "the PDF")  # fmt: skip
        compressed = bool(props & 0x01)
        sections = sorted((e for e in ole.listdir() if len(e) == 2 and e[0] == "BodyText" and
                           e[1].startswith("Section") and e[1][7:].isdigit()), key=lambda e: int(e[1][7:]))  # fmt: skip
        if not sections:
            raise refuse(f"{what}: HWP 본문(BodyText/Section0)이 없습니다 — 한글에서 다시 저장해 주세요",
                         f"{what}: the HWP has no body (BodyText/Section0); save it again from Hangul")  # fmt: skip
        total = sum(ole.get_size("/".join(e)) for e in sections)
        if total > MAX_UNZIPPED:
            raise refuse(f"{what}: HWP 본문이 한도를 넘습니다 — 파일을 나눠 주세요",
                         f"{what}: the HWP body exceeds the size limit; split the document")
        streams = []
        for e in sections:
            raw = ole.openstream("/".join(e)).read()
            streams.append(_inflate(raw, what, "/".join(e)) if compressed else raw)
    except (OSError, ValueError, struct.error):
        raise refuse(f"{what}: HWP 파일이 손상되었습니다 — 원본을 다시 받아 주세요",
                     f"{what}: the HWP file is corrupt; download the original again") from None
    finally:
        ole.close()

    lines: list[str] = []
    page_starts = [0]
    counter = {"anchor": 0, "note": 0}

    def next_anchor() -> int:
        counter["anchor"] += 1
        return counter["anchor"]

    for stream in streams:
        note_level = None  # level of the CTRL_HEADER of the footnote being read
        note_first = False
        for tag, level, payload in records(stream):
            if note_level is not None and level <= note_level:
                note_level = None
            if tag == TAG_CTRL_HEADER and payload[:4] in NOTE_IDS:
                note_level = level
                counter["note"] += 1
                note_first = True
            elif tag == TAG_PARA_HEADER:
                if len(payload) > 11 and payload[11] & 0x04 and lines and page_starts[-1] != len(lines):
                    page_starts.append(len(lines))
            elif tag == TAG_PARA_TEXT:
                text = clean_line(" ".join(para_text(payload, next_anchor).split()))
                if not text:
                    continue
                if note_level is not None and note_first:
                    text = f"{counter['note']}) {text}"
                    note_first = False
                lines.append(text)
    check_text(lines, what)
    pages = []
    if len(page_starts) > 1:
        bounds = page_starts + [len(lines)]
        pages = [Page(i + 1, a, b) for i, (a, b) in enumerate(zip(bounds, bounds[1:])) if b > a]
    major = version >> 24
    return Extracted(lines, pages, f"{EXTRACTOR}, HWP {major}.{(version >> 16) & 0xFF}.{(version >> 8) & 0xFF}."
                     f"{version & 0xFF}")  # fmt: skip
