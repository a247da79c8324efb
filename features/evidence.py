"""Evidence references: ``{"doc_id", "line_start", "line_end"}`` (DESIGN.md contract 2).

In the curated CSV/YAML files a reference is written ``doc_id:START-END`` and several are joined by ``;``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from features.corpus import Document

REF_TEXT = re.compile(r"^\s*([a-z0-9_]+):(\d+)-(\d+)\s*$")


class EvidenceError(ValueError):
    """A citation does not parse or does not resolve to non-blank lines of a stored report."""


@dataclass(frozen=True, order=True)
class EvidenceRef:
    doc_id: str
    line_start: int
    line_end: int

    def as_dict(self) -> dict:
        return {"doc_id": self.doc_id, "line_start": self.line_start, "line_end": self.line_end}

    def __str__(self) -> str:
        return f"{self.doc_id}:{self.line_start}-{self.line_end}"


def parse_refs(text: str | list | None) -> list[EvidenceRef]:
    """Parse ``"doc:1-2;doc:5-9"`` (or a list of such strings) into references; raises on a malformed part."""
    if text is None:
        return []
    parts = text if isinstance(text, list) else str(text).split(";")
    refs = []
    for part in parts:
        if not str(part).strip():
            continue
        m = REF_TEXT.match(str(part))
        if not m:
            raise EvidenceError(f"citation {part!r} is not of the form doc_id:START-END")
        refs.append(EvidenceRef(m.group(1), int(m.group(2)), int(m.group(3))))
    return refs


def validate_ref(ref: EvidenceRef, docs: dict[str, Document]) -> None:
    """Raise unless the reference names a catalogued document and covers existing, non-blank lines."""
    doc = docs.get(ref.doc_id)
    if doc is None:
        raise EvidenceError(f"citation {ref} names an unknown doc_id {ref.doc_id!r}")
    lines = doc.lines
    if not (1 <= ref.line_start <= ref.line_end <= len(lines)):
        raise EvidenceError(f"citation {ref} is outside {doc.file} ({len(lines)} lines)")
    if not any(x.strip() for x in lines[ref.line_start - 1 : ref.line_end]):
        raise EvidenceError(f"citation {ref} covers only blank lines of {doc.file}")


def cited_compact_text(ref: EvidenceRef, docs: dict[str, Document]) -> str:
    """The cited lines with all whitespace removed (for checking that a stated name or number is there)."""
    lines = docs[ref.doc_id].lines[ref.line_start - 1 : ref.line_end]
    return re.sub(r"\s+", "", "".join(lines))
