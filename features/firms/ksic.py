"""The Korean Standard Industrial Classification (KSIC, 한국표준산업분류) as the firms layer reads it.

``data/ksic/ksic.csv`` — one row per code of the 10th revision and the 11th revision's new codes, and
``data/ksic/ksic11.csv`` the full 11th revision (columns ``code, level, name_ko, name_en,
revision, parent, capabilities, reason_ko, reason_en``; ``capabilities`` is ``key:score;…``, priors 1–5, empty =
the code maps to no capability) and ``data/ksic/revision_changes.csv`` (``code_10, code_11, name_ko, note``) where a
code changed between revisions. Codes and names are public facts of Statistics Korea (통계청); the capability
priors and reasons are this project's judgement, written in its own words.

:func:`normalise_code` reads a code as agencies write it (``C26429``, ``26429.0`` from Excel, ``264-29``);
:meth:`Ksic.prior` walks from a code to its nearest ancestor (class → group → division) that carries a mapping.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from features.facts import CAPABILITY_KEYS

LEVELS = ("section", "division", "group", "class", "subclass")


@dataclass(frozen=True)
class KsicCode:
    code: str
    level: str
    name_ko: str
    name_en: str
    revision: str
    parent: str
    capabilities: tuple[tuple[str, int], ...]  # (key, prior 1–5), in the table's order
    reason_ko: str
    reason_en: str

    def label(self, lang: str = "ko") -> str:
        return f"{self.code} · {self.name_ko if lang == 'ko' else (self.name_en or self.name_ko)}"


@dataclass(frozen=True)
class Prior:
    """The capability prior of a firm's code: from ``source`` (the code itself or its nearest mapped ancestor)."""

    code: str  # the firm's (normalised) code
    source: str  # the code whose mapping was used ("" when none on the path has one)
    capabilities: tuple[tuple[str, int], ...]
    name_ko: str  # name of the firm's code
    name_en: str
    reason_ko: str
    reason_en: str


def _parse_caps(text: str, where: str) -> tuple[tuple[str, int], ...]:
    out = []
    for part in (text or "").split(";"):
        part = part.strip()
        if not part:
            continue
        key, _, val = part.partition(":")
        key = key.strip()
        if key not in CAPABILITY_KEYS:
            raise ValueError(f"{where}: unknown capability key {key!r}")
        score = int(val)
        if not 0 <= score <= 5:
            raise ValueError(f"{where}: capability {key} prior {score} outside 0–5")
        if score:
            out.append((key, score))
    return tuple(out)


class Ksic:
    """Codes by their digits (both revisions; see :meth:`read` for a code that exists in both)."""

    def __init__(self, codes: dict[str, KsicCode], changes: dict[str, str] | None = None):
        self.codes = codes
        self.changes = changes or {}  # 10th-revision code → 11th-revision code (where they differ)

    @classmethod
    def read(cls, folder: Path) -> Ksic:
        """``ksic.csv`` (the full 10th revision, in which most registries are still coded, plus the 11th
        revision's new codes) first; ``ksic11.csv`` (the full 11th revision) fills in the codes the first lacks.
        A code that exists in both with different meanings is read in its ``ksic.csv`` (10th-revision) meaning."""
        codes: dict[str, KsicCode] = {}
        for name in ("ksic.csv", "ksic11.csv"):
            path = folder / name
            if not path.is_file():
                continue
            with path.open(encoding="utf-8-sig", newline="") as fh:
                for n, row in enumerate(csv.DictReader(fh), start=2):
                    code = (row.get("code") or "").strip()
                    if not code or code in codes:
                        continue
                    codes[code] = KsicCode(code, (row.get("level") or "").strip(), (row.get("name_ko") or "").strip(),
                                           (row.get("name_en") or "").strip(), str(row.get("revision") or "").strip(),
                                           (row.get("parent") or "").strip(),
                                           _parse_caps(row.get("capabilities") or "", f"{name} row {n}"),
                                           (row.get("reason_ko") or "").strip(),
                                           (row.get("reason_en") or "").strip())  # fmt: skip
        changes: dict[str, str] = {}
        path = folder / "revision_changes.csv"
        if path.is_file():
            with path.open(encoding="utf-8-sig", newline="") as fh:
                for row in csv.DictReader(fh):
                    a, b = (row.get("code_10") or "").strip(), (row.get("code_11") or "").strip()
                    if a and b and a != b:
                        changes.setdefault(a, b)
        return cls(codes, changes)

    def __contains__(self, code: str) -> bool:
        return code in self.codes

    def get(self, code: str) -> KsicCode | None:
        return self.codes.get(code)

    def chain(self, code: str) -> list[str]:
        """``code`` and its ancestors, nearest first (5 → 4 → 3 → 2 digits, then the section letter)."""
        out = []
        c = code
        while c and c not in out:
            out.append(c)
            entry = self.codes.get(c)
            c = entry.parent if entry and entry.parent else (c[:-1] if len(c) > 2 and c.isdigit() else "")
        return out

    def prior(self, code: str) -> Prior:
        """The nearest mapping on the path from ``code`` up to its division (or section); a code mapped with an
        empty capability list stops the walk (it says: this industry maps to no capability)."""
        entry = self.codes.get(code) or self.codes.get(self.changes.get(code, ""))
        name_ko = entry.name_ko if entry else ""
        name_en = entry.name_en if entry else ""
        for c in self.chain(entry.code if entry else code):
            e = self.codes.get(c)
            if e is None:
                continue
            if e.capabilities or e.reason_ko or e.reason_en:
                return Prior(code, c, e.capabilities, name_ko, name_en, e.reason_ko, e.reason_en)
        return Prior(code, "", (), name_ko, name_en, "", "")

    def division(self, code: str) -> KsicCode | None:
        """The division (2 digits) of ``code``."""
        return self.codes.get(code[:2]) if len(code) >= 2 else None

    def options(self, lang: str = "ko", levels: tuple[str, ...] = ("division", "group", "class", "subclass")
                ) -> list[tuple[str, str]]:  # fmt: skip
        """``(code, "code · name")`` for a picker, in code order (sections left out)."""
        rows = [e for e in self.codes.values() if e.level in levels]
        return [(e.code, e.label(lang)) for e in sorted(rows, key=lambda e: e.code)]


BUNDLED = Path(__file__).resolve().parents[2] / "data" / "ksic"


def default_folder() -> Path:
    """``KOCN_DATA_DIR/ksic`` when set (as :func:`features.build.default_data_dir`), else the bundled table."""
    import os

    env = os.environ.get("KOCN_DATA_DIR")
    return Path(env) / "ksic" if env else BUNDLED


@lru_cache(maxsize=4)
def _load(folder: str) -> Ksic:
    return Ksic.read(Path(folder))


def load_ksic(folder: Path | str | None = None) -> Ksic:
    """The KSIC table of ``folder`` (default: the data directory's ``ksic/``, else the bundled one), read once."""
    path = Path(folder) if folder is not None else default_folder()
    if not (path / "ksic.csv").is_file():
        path = BUNDLED
    return _load(str(path))


_SECTION_PREFIX = re.compile(r"^[A-Ua-u][\s\-.:]*(?=\d)")
_SEPARATORS = re.compile(r"[\s\-.·/]")


def normalise_code(raw: str, ksic: Ksic | None = None) -> tuple[str, str | None]:
    """``(code, problem)``: the code as digits (leading zeros kept) and None, or ``("", reason)`` if it cannot be a
    KSIC code, or ``(code, reason)`` when it has the shape of one but is in neither revision.

    Accepted spellings: ``26429``, ``C26429`` / ``C 26429`` (section letter first), ``26429.0`` (Excel turned it into
    a number), ``264-29``, ``2642 9``. A 10th-revision code that changed is mapped to its 11th-revision code. A
    four-digit number that is unknown but becomes a known code with a leading zero (``1110`` → ``01110``: Excel
    drops leading zeros) is read so, and the problem says so (a warning, not a rejection).
    """
    text = str(raw).strip()
    if not text:
        return "", None
    t = re.sub(r"\.0+$", "", text)
    t = _SECTION_PREFIX.sub("", t)
    t = _SEPARATORS.sub("", t)
    if not t.isdigit() or not 2 <= len(t) <= 5:
        return "", "malformed"
    if ksic is None:
        return t, None
    if t in ksic:
        return t, None
    if t in ksic.changes:
        return ksic.changes[t], None
    if len(t) <= 4 and "0" + t in ksic:
        return "0" + t, "leading_zero"
    return t, "unknown"
