"""Files that are never half-written, and writers that never collide.

Two small tools shared by every layer that writes a file a person relies on (screening outputs, exports, the facts
files a review rewrites, the build cache):

* :func:`atomic_write` — write to a temporary file in the target's own folder, flush and ``fsync`` it, then
  ``os.replace`` it onto the target and ``fsync`` the folder. A reader (or a crash at any instant) sees the previous
  file or the complete new one, never a mixture; on an exception the temporary file is removed and the previous file
  is untouched. (The POSIX ``rename`` guarantee; the same discipline as SQLite's rollback journal or ``git``'s
  ``lockfile.c`` ``commit_lock_file``.)
* :func:`exclusive_lock` — an advisory ``flock`` on a sidecar ``<name>.lock`` file, taken without waiting. A second
  process asking for the same lock gets :class:`LockedError`, whose message names the process that holds it (pid,
  command, start time), instead of silently interleaving its rows with the first one's. The kernel drops the lock
  when its holder dies, so a killed run never leaves a stale lock behind.

Both are pure standard library (``os``, ``fcntl``, ``tempfile``) and work on Linux and macOS.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO

TEMP_PREFIX = ".~"  # temporary files start with this (hidden in listings; easy to recognise and clean)
TEMP_SUFFIX = ".part"


class LockedError(RuntimeError):
    """Another process holds the lock; the message says which one and what to do."""


def temp_path_for(target: Path) -> Path:
    """A fresh temporary path in ``target``'s folder (the same file system, so the final rename is atomic)."""
    fd, name = tempfile.mkstemp(prefix=f"{TEMP_PREFIX}{target.name}.", suffix=TEMP_SUFFIX, dir=target.parent)
    os.close(fd)
    return Path(name)


def fsync_dir(folder: Path) -> None:
    """Make a rename in ``folder`` durable (a no-op where directories cannot be opened)."""
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def commit(tmp: Path, target: Path) -> None:
    """fsync ``tmp``, rename it onto ``target`` and fsync the folder."""
    with open(tmp, "rb+") as fh:
        os.fsync(fh.fileno())
    os.replace(tmp, target)
    fsync_dir(target.parent)


@contextlib.contextmanager
def atomic_path(target: Path | str) -> Iterator[Path]:
    """Yield a temporary path to write ``target`` through; on success it replaces ``target`` atomically.

    For writers that want a path (pyarrow, openpyxl, zipfile). On any exception — including ``KeyboardInterrupt``
    and ``SystemExit`` — the temporary file is removed and ``target`` is left as it was."""
    target = Path(target)
    tmp = temp_path_for(target)
    try:
        yield tmp
        commit(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


@contextlib.contextmanager
def atomic_write(target: Path | str, mode: str = "wb", encoding: str | None = None,
                 newline: str | None = None) -> Iterator[IO]:  # fmt: skip
    """``with atomic_write(path, "w", encoding="utf-8") as fh: …`` — an open file whose content replaces ``path``
    atomically when the block ends without an exception (see the module docstring)."""
    if "w" not in mode:
        raise ValueError("atomic_write opens files for writing only ('w' or 'wb')")
    with atomic_path(target) as tmp:
        with open(tmp, mode, encoding=encoding, newline=newline) as fh:
            yield fh
            fh.flush()


def write_bytes_atomic(target: Path | str, data: bytes) -> None:
    with atomic_write(target, "wb") as fh:
        fh.write(data)


def write_text_atomic(target: Path | str, text: str, encoding: str = "utf-8") -> None:
    with atomic_write(target, "w", encoding=encoding, newline="") as fh:
        fh.write(text)


def lock_path_for(target: Path | str) -> Path:
    target = Path(target)
    return target.with_name(f"{TEMP_PREFIX}{target.name}.lock")


def _holder(lock_file: Path) -> str:
    try:
        info = json.loads(lock_file.read_text(encoding="utf-8") or "{}")
    except (OSError, ValueError):
        return "another process"
    started = info.get("started")
    when = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(started)) if isinstance(started, int | float) else "?"
    return f"process {info.get('pid', '?')} ({info.get('command', '?')}, started {when})"


@contextlib.contextmanager
def exclusive_lock(target: Path | str, what: str = "this file") -> Iterator[Path]:
    """Hold an exclusive, non-blocking advisory lock for writing ``target``; raise :class:`LockedError` at once when
    another process holds it. The sidecar lock file is left in place (removing it would race with a waiting
    locker); it is tiny and hidden (``.~NAME.lock``)."""
    lock_file = lock_path_for(target)
    fd = os.open(lock_file, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise LockedError(
                f"{Path(target).name}: {what} is being written by {_holder(lock_file)}; wait for it to finish or "
                f"choose another output path"
            ) from None
        info = {"pid": os.getpid(), "command": " ".join(Path(sys.argv[0]).name.split()[:1] + sys.argv[1:3]),
                "started": int(time.time())}  # fmt: skip
        os.ftruncate(fd, 0)
        os.pwrite(fd, json.dumps(info).encode(), 0)
        yield lock_file
    finally:
        os.close(fd)  # closing the descriptor releases the flock
