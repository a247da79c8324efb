"""Storing an ingested report in ``data/reports`` (DESIGN.md contract 1), all or nothing.

What is written, each file through :mod:`features.atomic` (temporary file, fsync, rename), the catalog last:

==============================================  =====================================================================
``data/reports/originals/<doc_id>.<ext>``       the file as published, byte for byte (``source_sha256``)
``data/reports/<doc_id>.txt``                   the extracted text, UTF-8, one line per line: the citation coordinate
``data/reports/<doc_id>.pages.json``            the page map ``{"layout", "source", "pages": [{"page", "label",
                                                "line_start", "line_end"}]}`` (``pages`` empty when the format has
                                                none; ``layout`` ``lines`` or ``paragraphs``)
``data/reports/catalog.csv``                    a row with ``source_file, source_sha256, extractor, pages,
                                                page_map`` beside the contract columns (the header gains them once)
==============================================  =====================================================================

Rules: the doc id is lower-case letters, digits and ``_``; a doc id already in the catalog with the same original
(same sha256) is **idempotent** (nothing rewritten); with a different file it is refused unless ``replace`` — and even
then refused while curated facts cite it (their line numbers would point into the new text); the same original under
another doc id is refused. Every check runs before the first byte is written. Existing catalog rows are kept byte
for byte (a new row is appended; a replaced row is rewritten in place).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path

from features.atomic import exclusive_lock, write_bytes_atomic
from features.corpus import CATALOG_COLUMNS, OPTIONAL_CATALOG_COLUMNS
from features.ingest.base import Extracted, refuse

ORIGINALS = "originals"
EXTENSION = {"pdf": ".pdf", "hwp": ".hwp", "hwpx": ".hwpx", "docx": ".docx", "html": ".html", "txt": ".txt"}
PARAGRAPH_FORMATS = ("hwp", "hwpx", "docx", "html")


@dataclass
class Plan:
    """What :func:`write` will do (computed by :func:`plan`, which writes nothing)."""

    doc_id: str
    row: dict[str, str]
    text: bytes
    original: bytes
    page_map: bytes
    unchanged: bool  # the same original is already stored under this doc id: nothing to write
    replacing: bool
    old_files: list[str]


def check_doc_id(doc_id: str) -> None:
    if not re.fullmatch(r"[a-z0-9_]{2,64}", doc_id or ""):
        raise refuse(f"--doc-id {doc_id!r}: 영문 소문자·숫자·_ 로 2~64자로 지어 주세요 (예: kotra_hunan_2019)",
                     f"--doc-id {doc_id!r}: use 2–64 lower-case letters, digits and _ (e.g. kotra_hunan_2019)")


def read_catalog_rows(reports: Path) -> tuple[list[str], list[dict[str, str]]]:
    path = reports / "catalog.csv"
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        return list(reader.fieldnames or []), [dict(r) for r in reader]


def page_map_bytes(ex: Extracted, fmt: str, source_file: str) -> bytes:
    pages = [{"page": p.page, "label": p.label or str(p.page), "line_start": p.first + 1, "line_end": p.stop}
             for p in ex.pages if p.stop > p.first]  # fmt: skip
    data = {"layout": "paragraphs" if fmt in PARAGRAPH_FORMATS else "lines", "source": source_file, "pages": pages}
    return (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def plan(data_dir: Path, doc_id: str, fmt: str, original: bytes, ex: Extracted, meta: dict[str, str],
         replace: bool = False, cited_docs: set[str] = frozenset()) -> Plan:  # fmt: skip
    """Check everything and build the bytes to write; raises :class:`IngestError` with one sentence."""
    reports = Path(data_dir) / "reports"
    check_doc_id(doc_id)
    if not (reports / "catalog.csv").is_file():
        raise refuse(f"{reports}/catalog.csv가 없습니다 — 데이터 폴더를 확인해 주세요",
                     f"{reports}/catalog.csv is missing; check the data folder")
    header, rows = read_catalog_rows(reports)
    sha = hashlib.sha256(original).hexdigest()
    existing = next((r for r in rows if r["doc_id"] == doc_id), None)
    same_file = next((r for r in rows if (r.get("source_sha256") or r.get("sha256")) == sha), None)
    if same_file is not None and same_file["doc_id"] != doc_id:
        raise refuse(f"이 파일은 이미 {same_file['doc_id']}(으)로 저장되어 있습니다 — 같은 doc id로 넣거나 그대로 쓰세요",
                     f"this file is already stored as {same_file['doc_id']}; use that doc id")
    text = ex.text.encode("utf-8")
    source_file = f"{ORIGINALS}/{doc_id}{EXTENSION[fmt]}"
    row = {c: "" for c in (*CATALOG_COLUMNS, *OPTIONAL_CATALOG_COLUMNS)}
    row.update({"doc_id": doc_id, "file": f"{doc_id}.txt", "sha256": hashlib.sha256(text).hexdigest(),
                "title": meta["title"], "publisher": meta["publisher"], "published": meta["published"],
                "kind": meta.get("kind") or "report", "language": meta["language"], "source_file": source_file,
                "source_sha256": sha, "extractor": ex.extractor, "pages": str(len(ex.pages)) if ex.pages else "",
                "page_map": f"{doc_id}.pages.json"})  # fmt: skip
    pm = page_map_bytes(ex, fmt, source_file)
    if existing is not None:
        if existing.get("source_sha256") == sha and existing.get("sha256") == row["sha256"]:
            return Plan(doc_id, existing, text, original, pm, True, False, [])
        if not replace:
            raise refuse(f"--doc-id {doc_id}: 이미 다른 파일로 저장된 보고서입니다 — 바꾸려면 --replace, 아니면 다른 doc id를 주세요",
                         f"--doc-id {doc_id} is already stored from another file; add --replace to replace it or "
                         "choose another doc id")  # fmt: skip
        if doc_id in cited_docs:
            raise refuse(f"--doc-id {doc_id}: 검토된 사실이 이 보고서의 행 번호를 인용하고 있어 바꿀 수 없습니다 — 새 doc id로 넣어 주세요",
                         f"--doc-id {doc_id}: curated facts cite this report's lines, so it cannot be replaced; "
                         "ingest the new file under a new doc id")  # fmt: skip
        old = [existing.get("file", ""), existing.get("source_file", ""), existing.get("page_map", "")]
        return Plan(doc_id, row, text, original, pm, False, True, [f for f in old if f])
    if (reports / row["file"]).exists() or (reports / source_file).exists():
        raise refuse(f"{reports / row['file']}: 카탈로그에 없는 같은 이름의 파일이 있습니다 — 다른 doc id를 주세요",
                     f"{reports / row['file']} exists without a catalog row; choose another doc id")
    return Plan(doc_id, row, text, original, pm, False, False, [])


def _catalog_bytes(reports: Path, row: dict[str, str], replacing: bool) -> bytes:
    raw = (reports / "catalog.csv").read_bytes().decode("utf-8-sig")
    lines = raw.splitlines()
    header = next(csv.reader([lines[0]]))
    missing = [c for c in OPTIONAL_CATALOG_COLUMNS if c not in header]
    if missing:
        lines = [lines[0] + "," + ",".join(missing)] + [ln + "," * len(missing) if ln.strip() else ln
                                                         for ln in lines[1:]]  # fmt: skip
        header += missing
    buf = io.StringIO()
    csv.writer(buf, lineterminator="").writerow([row.get(c, "") for c in header])
    new_line = buf.getvalue()
    if replacing:
        lines = [new_line if ln.strip() and next(csv.reader([ln]))[0] == row["doc_id"] else ln for ln in lines]
    else:
        while lines and not lines[-1].strip():
            lines.pop()
        lines.append(new_line)
    return ("\n".join(lines) + "\n").encode("utf-8")


def write(data_dir: Path, p: Plan) -> None:
    """Write the planned files (nothing when unchanged), the catalog last, under the catalog's writer lock."""
    if p.unchanged:
        return
    reports = Path(data_dir) / "reports"
    (reports / ORIGINALS).mkdir(parents=True, exist_ok=True)
    with exclusive_lock(reports / "catalog.csv", "the report catalog"):
        _, rows = read_catalog_rows(reports)  # another ingest may have stored the id since the plan was made
        if not p.replacing and any(r["doc_id"] == p.doc_id for r in rows):
            raise refuse(f"--doc-id {p.doc_id}: 방금 다른 작업이 같은 doc id로 저장했습니다 — 다시 실행해 주세요",
                         f"--doc-id {p.doc_id} was just stored by another run; run the command again")
        catalog = _catalog_bytes(reports, p.row, p.replacing)
        write_bytes_atomic(reports / p.row["source_file"], p.original)
        write_bytes_atomic(reports / p.row["file"], p.text)
        write_bytes_atomic(reports / p.row["page_map"], p.page_map)
        write_bytes_atomic(reports / "catalog.csv", catalog)
        for old in p.old_files:
            if old not in (p.row["file"], p.row["source_file"], p.row["page_map"]) and (reports / old).is_file():
                os.remove(reports / old)
