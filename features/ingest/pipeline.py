"""``python -m recommender ingest FILE --doc-id ID``: read → check → store → passages → tags → candidate facts.

Order matters for "nothing is written when a file is refused": the file is read and every check of
:func:`features.ingest.store.plan` runs before anything is written; only then is the knowledge base loaded (which may
refresh the ``data/build`` cache), the text tagged, and the report, its page map, the catalog row and
``data/candidates/<doc_id>.csv`` written. Re-ingesting the same file is idempotent: nothing is rewritten and the
candidates already on file (with their review status) are reported.

The tagger is the one fitted on the curated facts in the current build (``kb.tagger``); the new report's passages
never train it, and its candidates never touch a profile until reviewed.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

from features.corpus import segment
from features.ingest.base import refuse
from features.ingest.candidates import candidates_path, read_candidates, write_candidates
from features.ingest.propose import candidate_json, candidate_rows
from features.ingest.readers import read_report
from features.ingest.store import PARAGRAPH_FORMATS, check_doc_id, plan, write
from features.workspace import writable_data_dir


def _published(value: str | None, found: str, what: str) -> str:
    v = (value or found or "").strip()
    if not v:
        raise refuse(f"{what}: 발간일을 알 수 없습니다 — --published YYYY-MM-DD로 알려 주세요",
                     f"{what}: the publication date is unknown; give it with --published YYYY-MM-DD")
    if not re.fullmatch(r"(19|20|21)\d\d(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?", v):
        raise refuse(f"--published {v!r}: YYYY, YYYY-MM 또는 YYYY-MM-DD로 써 주세요",
                     f"--published {v!r}: write it as YYYY, YYYY-MM or YYYY-MM-DD")
    return v


def cited_doc_ids(data_dir: Path) -> set[str]:
    """Doc ids that curated facts cite (read straight from ``data/facts/*.csv``, no validation)."""
    out: set[str] = set()
    for f in sorted((Path(data_dir) / "facts").glob("*.csv")):
        with f.open(encoding="utf-8-sig", newline="") as fh:
            for row in csv.DictReader(fh):
                out.update(ref.split(":", 1)[0].strip() for ref in (row.get("evidence") or "").split(";") if ref)
    return out


def ingest(data_dir: Path, path: Path, doc_id: str, title: str | None = None, publisher: str | None = None,
           published: str | None = None, language: str | None = None, replace: bool = False,
           load=None) -> dict:  # fmt: skip
    """Ingest one report file; returns the contract-10 JSON (plus ``status`` and ``notes``)."""
    data_dir = writable_data_dir(data_dir)  # a team's data directory, never the bundled data/ (features.workspace)
    path = Path(path)
    check_doc_id(doc_id)
    fmt, ex = read_report(path)
    first = next((ln.strip() for ln in ex.lines if ln.strip()), "")
    meta = {"title": (title or ex.title or first[:120]).strip(), "publisher": (publisher or "미상 (unknown)").strip(),
            "published": _published(published, ex.published, path.name), "language": language or "ko"}  # fmt: skip
    p = plan(data_dir, doc_id, fmt, path.read_bytes(), ex, meta, replace, cited_doc_ids(data_dir))
    notes = list(ex.notes)
    if not published and ex.published:
        notes.append(f"published {meta['published']} taken from the file's metadata; give --published to correct it")
    pages = [(pg.first, pg.stop) for pg in ex.pages]
    layout = "paragraphs" if fmt in PARAGRAPH_FORMATS else "lines"
    passages = segment(doc_id, tuple(ex.lines), pages or None, layout)
    cpath = candidates_path(data_dir, doc_id)
    if p.unchanged and cpath.is_file():
        rows = read_candidates(cpath)
        status = "unchanged"
    else:
        if load is None:
            from features.build import load_knowledge as load
        kb = load(data_dir)
        labels = {i + 1: (pg.label or str(pg.page)) for pg in ex.pages for i in range(pg.first, pg.stop)}
        cands = kb.tagger.candidates(kb.tagger.tag(passages))
        rows = candidate_rows(cands, doc_id, int(meta["published"][:4]), labels.get, kb.tagger.keywords)
        write(data_dir, p)
        write_candidates(cpath, rows)
        status = "replaced" if p.replacing else ("stored" if not p.unchanged else "candidates rewritten")
    return {"doc_id": doc_id, "status": status, "format": fmt, "extractor": ex.extractor,
            "pages": len(ex.pages) or None, "lines": len(ex.lines), "passages": len(passages),
            "candidates": [candidate_json(r) for r in rows], "notes": notes,
            "files": {"text": f"reports/{p.row['file']}", "original": f"reports/{p.row['source_file']}",
                      "page_map": f"reports/{p.row['page_map']}", "candidates": f"candidates/{doc_id}.csv"}}  # fmt: skip
