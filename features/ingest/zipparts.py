"""Bounded reading of zip containers (HWPX, DOCX): no zip or XML bomb can exhaust memory or time.

* The central directory's **declared** sizes are checked before anything is inflated: all parts together at most
  :data:`features.ingest.base.MAX_UNZIPPED` bytes, and no part inflating more than :data:`MAX_RATIO` times its
  compressed size. Python's ``zipfile`` never returns more than a member's declared size (and checks its CRC), so
  the declared sizes bound the work even when they lie.
* XML is parsed by lxml with entity resolution, DTD loading and network access off, so a "billion laughs" entity
  bomb or an external entity is not expanded.
"""

from __future__ import annotations

import io
import zipfile

from features.ingest.base import MAX_RATIO, MAX_UNZIPPED, refuse


def open_zip(data: bytes, what: str, kind: str) -> zipfile.ZipFile:
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise refuse(f"{what}: {kind} 파일이 손상되었습니다 (zip을 열 수 없음) — 원본을 다시 받아 주세요",
                     f"{what}: the {kind} file is corrupt (not a readable zip); download the original again") from None
    total = sum(i.file_size for i in infos)
    if total > MAX_UNZIPPED:
        raise refuse(f"{what}: 압축을 풀면 {total / 1048576:,.0f} MB로 한도 {MAX_UNZIPPED // 1048576} MB를 넘습니다 — "
                     "파일을 나눠 주세요",
                     f"{what}: it would decompress to {total / 1048576:,.0f} MB, above the "
                     f"{MAX_UNZIPPED // 1048576} MB limit; split the document")  # fmt: skip
    for i in infos:
        if i.file_size > 1_000_000 and i.file_size > MAX_RATIO * max(i.compress_size, 1):
            raise refuse(f"{what}: {i.filename} 부분이 {i.file_size // max(i.compress_size, 1):,}배로 풀리는 압축 폭탄입니다"
                         " — 이 파일은 넣을 수 없습니다",
                         f"{what}: part {i.filename} inflates {i.file_size // max(i.compress_size, 1):,}-fold (a zip "
                         "bomb); this file cannot be ingested")  # fmt: skip
    return zf


def read_part(zf: zipfile.ZipFile, name: str, what: str, kind: str) -> bytes:
    try:
        with zf.open(name) as fh:
            return fh.read(MAX_UNZIPPED + 1)
    except KeyError:
        raise refuse(f"{what}: {kind} 파일에 {name}이(가) 없습니다 — 원본을 다시 받아 주세요",
                     f"{what}: the {kind} file has no {name}; download the original again") from None
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError):
        raise refuse(f"{what}: {kind} 파일의 {name}이(가) 손상되었습니다 — 원본을 다시 받아 주세요",
                     f"{what}: {name} in the {kind} file is corrupt; download the original again") from None


def parse_xml(data: bytes, what: str, name: str):
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False,
                             remove_comments=True)  # fmt: skip
    try:
        return etree.fromstring(data, parser)
    except etree.XMLSyntaxError:
        raise refuse(f"{what}: {name}의 XML이 손상되었습니다 — 원본을 다시 받아 주세요",
                     f"{what}: the XML of {name} is corrupt; download the original again") from None


def local(tag) -> str:
    """``{namespace}name`` → ``name`` (comments and processing instructions → ``""``)."""
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""
