"""The append-only review log ``review/<doc_id>.jsonl``: every review action, written before anything else.

One JSON object per line (UTF-8), in the order the actions were taken:

==================  ===============================================================================================
``seq``             1, 2, 3 … (the line's position; an undo names the ``seq`` it undoes)
``id``              a random id of the action (``uuid4`` hex): the app's undo and the tests name actions by it
``at`` / ``by``     UTC time and the reviewer's name (as given; may be empty)
``action``          ``accept`` | ``edit`` | ``reject`` | ``merge`` | ``undo``
``candidate_id``    the candidate acted on (the undone action's candidate for ``undo``)
``fact``            accept / edit / merge: the complete fact row as it is written to ``facts/<doc_id>.csv``
``undoes``          undo: the ``seq`` of the action it takes back
``crc``             CRC-32 of the line's JSON without ``crc`` (a damaged line is recognised, never half-trusted)
==================  ===============================================================================================

**Durability.** An action is appended with one ``write`` on an ``O_APPEND`` descriptor and ``fsync``'ed before the
facts file is touched; the facts and candidates files are *derived* from the log (``features.ingest.review``) and
replaced atomically. A process killed at any instant therefore leaves either no trace of the action (the line never
reached the disk: the user was not told it was saved) or a complete line whose effect the next open replays onto the
facts file. A torn last line — the kill landed inside the ``write`` — is recognised (no newline, bad JSON or bad
CRC) and cut off by the next writer, under the document's lock. A damaged line *before* the last is not guessed
around: :class:`ReviewLogError` says which line, so the log can be restored from a backup.
"""

from __future__ import annotations

import json
import os
import time
import uuid
import zlib
from dataclasses import dataclass
from pathlib import Path

ACTIONS = ("accept", "edit", "reject", "merge", "undo")


class ReviewLogError(ValueError):
    """The log is damaged before its last line; the message names the file and the line."""


@dataclass(frozen=True)
class Entry:
    seq: int
    id: str
    at: str
    by: str
    action: str
    candidate_id: str
    fact: dict | None = None
    undoes: int | None = None

    def as_dict(self) -> dict:
        out = {"seq": self.seq, "id": self.id, "at": self.at, "by": self.by, "action": self.action,
               "candidate_id": self.candidate_id}  # fmt: skip
        if self.fact is not None:
            out["fact"] = self.fact
        if self.undoes is not None:
            out["undoes"] = self.undoes
        return out


def _crc(payload: dict) -> str:
    body = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return f"{zlib.crc32(body.encode('utf-8')):08x}"


def encode(entry: Entry) -> bytes:
    payload = entry.as_dict()
    return (json.dumps({**payload, "crc": _crc(payload)}, ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8")


def _decode(line: bytes) -> Entry | None:
    """The entry of one complete line, or None when the line is not a sound entry."""
    try:
        data = json.loads(line.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return None
    if not isinstance(data, dict):
        return None
    crc = data.pop("crc", None)
    if crc != _crc(data) or data.get("action") not in ACTIONS:
        return None
    try:
        return Entry(int(data["seq"]), str(data["id"]), str(data["at"]), str(data.get("by", "")), data["action"],
                     str(data["candidate_id"]), data.get("fact"), data.get("undoes"))  # fmt: skip
    except (KeyError, TypeError, ValueError):
        return None


@dataclass
class LogState:
    entries: list[Entry]
    good_bytes: int  # length of the sound prefix (a torn tail starts here)
    torn: bool


class ReviewLog:
    """Reading and appending ``review/<doc_id>.jsonl`` (the caller holds the document's lock while appending)."""

    def __init__(self, path: Path):
        self.path = Path(path)

    def read(self) -> LogState:
        if not self.path.is_file():
            return LogState([], 0, False)
        raw = self.path.read_bytes()
        entries: list[Entry] = []
        pos = 0
        lines = raw.split(b"\n")
        for i, line in enumerate(lines):
            last = i == len(lines) - 1
            if last:  # after the final newline: empty, or a line whose write was cut short
                return LogState(entries, pos, bool(line.strip()))
            entry = _decode(line) if line.strip() else None
            if entry is None or entry.seq != len(entries) + 1:
                if i == len(lines) - 2 and not lines[-1]:
                    return LogState(entries, pos, True)  # the last complete line is damaged: a torn write
                raise ReviewLogError(f"{self.path} line {i + 1}: the review log is damaged here (restore it from a "
                                     "backup; the lines before are sound)")  # fmt: skip
            entries.append(entry)
            pos += len(line) + 1
        return LogState(entries, pos, False)

    def entries(self) -> list[Entry]:
        return self.read().entries

    def append(self, actions: list[dict], by: str = "") -> list[Entry]:
        """Append ``actions`` (dicts with ``action``, ``candidate_id`` and ``fact`` or ``undoes``) as entries and
        fsync. A torn tail left by a killed writer is cut off first. Call with the document's lock held."""
        state = self.read()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        if state.torn:
            with open(self.path, "rb+") as fh:
                fh.truncate(state.good_bytes)
                os.fsync(fh.fileno())
        now = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
        new = [Entry(len(state.entries) + k, uuid.uuid4().hex, now, by or "", a["action"], a["candidate_id"],
                     a.get("fact"), a.get("undoes")) for k, a in enumerate(actions, start=1)]  # fmt: skip
        data = b"".join(encode(e) for e in new)
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            written = 0
            while written < len(data):
                written += os.write(fd, data[written:])
            os.fsync(fd)
        finally:
            os.close(fd)
        return new
