"""Data versions a person can compare: every build is kept under its version, with a history line saying what it
was built from (issue 16: "after review the profiles rebuild with a new data version; the previous build is kept").

Layout in ``DATA_DIR/build/``:

* ``knowledge.joblib`` — the current build (what the app and the CLI load);
* ``versions/<version>.joblib`` — the last :data:`KEEP_BUILDS` builds, one file each (a hard link to the current one
  where the file system allows), so ``changes --from VERSION`` can compare with an earlier one;
* ``versions.jsonl`` — one JSON line per build, append-only: ``version``, ``built_at`` (UTC), ``text_key`` (the hash
  of the reports and tables the text part depends on), ``documents`` (doc id → publication date), ``facts`` (count
  per fact file) and ``evidence_period``. The data version itself stays the 12-hex hash of every input
  (``features.build.input_hash``); this file is what gives it a date and a content.

A version is named by its 12 characters, by a unique prefix of at least 4, or as ``previous`` (the build before the
current one in the history) — :func:`resolve`.
"""

from __future__ import annotations

import contextlib
import json
import os
import time
from pathlib import Path

from features.atomic import atomic_path, fsync_dir

KEEP_BUILDS = 12
HISTORY = "versions.jsonl"
KEPT_DIR = "versions"
CURRENT = "knowledge.joblib"


class VersionError(ValueError):
    """A version that is unknown, ambiguous or no longer kept; the message lists what is available."""


def build_dir(data_dir: Path) -> Path:
    return Path(data_dir) / "build"


def kept_path(data_dir: Path, version: str) -> Path:
    return build_dir(data_dir) / KEPT_DIR / f"{version}.joblib"


def history(data_dir: Path) -> list[dict]:
    """The history lines in build order, one per version (the last line of a version wins); a torn last line (a
    crash while appending) is skipped."""
    path = build_dir(data_dir) / HISTORY
    if not path.is_file():
        return []
    seen: dict[str, dict] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            entry = json.loads(line)
        except ValueError:
            continue
        if isinstance(entry, dict) and isinstance(entry.get("version"), str):
            seen.pop(entry["version"], None)
            seen[entry["version"]] = entry
    return list(seen.values())


def record(data_dir: Path, entry: dict) -> None:
    """Append one history line (``O_APPEND``, fsync'ed)."""
    folder = build_dir(data_dir)
    folder.mkdir(parents=True, exist_ok=True)
    line = (json.dumps({**entry, "built_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())},
                       ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8")  # fmt: skip
    fd = os.open(folder / HISTORY, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        os.write(fd, line)
        os.fsync(fd)
    finally:
        os.close(fd)


def save(data_dir: Path, version: str, dump) -> Path:
    """Write the build once (``dump(path)``) as ``versions/<version>.joblib`` and make it the current build (a hard
    link, or a copy); both atomic. Older kept builds beyond :data:`KEEP_BUILDS` are removed."""
    kept = kept_path(data_dir, version)
    kept.parent.mkdir(parents=True, exist_ok=True)
    with atomic_path(kept) as tmp:
        dump(tmp)
    make_current(data_dir, version)
    prune(data_dir, keep=version)
    return kept


def make_current(data_dir: Path, version: str) -> None:
    """Make the kept build of ``version`` the current one (a hard link, or a copy), atomically."""
    kept = kept_path(data_dir, version)
    current = build_dir(data_dir) / CURRENT
    with atomic_path(current) as tmp:
        tmp.unlink()
        try:
            os.link(kept, tmp)
        except OSError:
            tmp.write_bytes(kept.read_bytes())


def prune(data_dir: Path, keep: str = "") -> None:
    """Remove kept builds older than the newest :data:`KEEP_BUILDS` in the history (never ``keep``)."""
    folder = build_dir(data_dir) / KEPT_DIR
    if not folder.is_dir():
        return
    order = [e["version"] for e in history(data_dir)]
    newest = set(order[-KEEP_BUILDS:]) | {keep}
    files = sorted(folder.glob("*.joblib"))
    for f in files:
        if f.stem not in newest and (f.stem in order or len(files) > KEEP_BUILDS):
            with contextlib.suppress(OSError):
                f.unlink()
    fsync_dir(folder)


def kept_versions(data_dir: Path) -> list[str]:
    """Versions whose build is still kept, oldest first (history order)."""
    folder = build_dir(data_dir) / KEPT_DIR
    on_disk = {f.stem for f in folder.glob("*.joblib")} if folder.is_dir() else set()
    return [e["version"] for e in history(data_dir) if e["version"] in on_disk]


def resolve(data_dir: Path, name: str, current: str) -> str:
    """The full version for ``name``: 12 hex characters, a unique prefix (≥ 4), ``current`` or ``previous``."""
    name = (name or "").strip()
    versions = [e["version"] for e in history(data_dir)]
    if name == "current":
        return current
    if name == "previous":
        earlier = [v for v in versions if v != current]
        if not earlier:
            raise VersionError("there is no earlier data version yet: the history has only the current build")
        before = versions[: versions.index(current)] if current in versions else versions
        earlier = [v for v in before if v != current] or earlier
        return earlier[-1]
    known = list(dict.fromkeys([*versions, *kept_versions(data_dir), current]))
    if len(name) < 4:
        raise VersionError(f"data version {name!r} is too short: give at least 4 characters (known: {_listing(data_dir)})")
    hits = [v for v in known if v.startswith(name)]
    if not hits:
        raise VersionError(f"unknown data version {name!r}; known versions: {_listing(data_dir)}")
    if len(hits) > 1:
        raise VersionError(f"data version {name!r} is ambiguous ({', '.join(hits)}): give more characters")
    return hits[0]


def _listing(data_dir: Path, limit: int = 8) -> str:
    entries = history(data_dir)[-limit:]
    if not entries:
        return "none recorded yet"
    return ", ".join(f"{e['version']} ({e.get('built_at', '?')[:10]})" for e in reversed(entries))
