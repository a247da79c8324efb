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


# ---------------------------------------------------------------- a run's set of outputs (issue 20)


def stale_temps(target: Path | str) -> list[Path]:
    """Temporary files left beside ``target`` by an earlier run that was killed (``.~NAME.*.part``)."""
    target = Path(target)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        return []
    return sorted(folder.glob(f"{glob_escape(TEMP_PREFIX + target.name)}.*{TEMP_SUFFIX}"))


def glob_escape(text: str) -> str:
    """``text`` with the glob metacharacters ``* ? [`` taken literally."""
    return "".join(f"[{c}]" if c in "*?[" else c for c in text)


@contextlib.contextmanager
def run_lock(target: Path | str, what: str = "this output") -> Iterator[Path]:
    """Like :func:`exclusive_lock`, but the sidecar lock file is removed when the run ends, so a finished run leaves
    nothing behind. Safe against the unlink race: after taking the ``flock`` the descriptor must still be the file
    at the path (same inode), else another run removed it in between and the lock is taken again on the new file.
    A run killed with SIGKILL leaves the (unlocked) file; the next run takes it over and removes it."""
    lock_file = lock_path_for(target)
    while True:
        fd = os.open(lock_file, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise LockedError(
                f"{Path(target).name}: {what} is being written by {_holder(lock_file)}; wait for it to finish or "
                f"choose another output path"
            ) from None
        try:
            same = os.fstat(fd).st_ino == os.stat(lock_file).st_ino
        except FileNotFoundError:
            same = False
        if same:
            break
        os.close(fd)
    try:
        info = {"pid": os.getpid(), "command": " ".join(Path(sys.argv[0]).name.split()[:1] + sys.argv[1:3]),
                "started": int(time.time())}  # fmt: skip
        os.ftruncate(fd, 0)
        os.pwrite(fd, json.dumps(info).encode(), 0)
        yield lock_file
    finally:
        with contextlib.suppress(OSError):
            os.unlink(lock_file)  # while still holding the flock: a waiting run re-checks the inode (above)
        os.close(fd)


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


class OutputSet:
    """Every file one run writes, written through temporaries and renamed into place together at the end.

    ``with OutputSet(main, [companion, errors]) as outs:`` takes a :func:`run_lock` on each target (a second run
    writing any of the same files is refused at once, naming the run that holds it), removes temporaries a killed
    earlier run left, and hands out :meth:`temp` paths to write. :meth:`commit` fsyncs and renames the temporaries
    that were written onto their targets — the companions first, the main file last, so a main file that is new
    always has its companions beside it. Leaving the block without :meth:`commit` (an exception, Ctrl-C, SIGTERM
    turned into an exception) removes every temporary and leaves every previous output exactly as it was.
    ``abort`` callbacks (registered with :meth:`on_abort`) run first, so open writers can drop their handles
    without flushing (no "Exception ignored in ZipFile.__del__" on a full disk)."""

    def __init__(self, main: Path | str, others: list[Path | str | None] = (), what: str = "this output"):
        self.main = Path(main)
        self.others = [Path(p) for p in others if p is not None]
        self.what = what
        self._tmp: dict[Path, Path] = {}
        self._abort: list = []
        self._stack = contextlib.ExitStack()
        self.committed: list[Path] = []

    @property
    def targets(self) -> list[Path]:
        return [*self.others, self.main]

    def __enter__(self) -> OutputSet:
        try:
            for t in sorted({Path(os.path.abspath(t)) for t in self.targets}):
                t.parent.mkdir(parents=True, exist_ok=True)
                self._stack.enter_context(run_lock(t, self.what))
            for t in self.targets:
                for old in stale_temps(t):
                    with contextlib.suppress(OSError):
                        old.unlink()
        except BaseException:
            self._stack.close()
            raise
        return self

    def temp(self, target: Path | str) -> Path:
        """The temporary path ``target`` is written through (made on first use, in the target's folder)."""
        target = Path(target)
        if target not in self._tmp:
            target.parent.mkdir(parents=True, exist_ok=True)
            tmp = self._tmp[target] = temp_path_for(target)
            with contextlib.suppress(OSError):  # mkstemp makes 0600: give the file the mode a plain open() would
                os.chmod(tmp, target.stat().st_mode & 0o7777 if target.exists() else 0o666 & ~_umask())
        return self._tmp[target]

    def write_bytes(self, target: Path | str, data: bytes) -> None:
        with open(self.temp(target), "wb") as fh:
            fh.write(data)

    def on_abort(self, callback) -> None:
        self._abort.append(callback)

    def commit(self, only: list[Path | str] | None = None) -> list[Path]:
        """Rename the written temporaries into place (companions first, the main file last); ``only``: just these
        targets (e.g. the errors file of a run that found no usable row)."""
        want = None if only is None else {Path(p) for p in only}
        order = sorted(self._tmp, key=lambda t: t == self.main)
        for target in order:
            if want is not None and target not in want:
                continue
            commit(self._tmp.pop(target), target)
            self.committed.append(target)
        return self.committed

    def __exit__(self, exc_type, exc, tb) -> None:
        try:
            if exc_type is not None:
                for cb in self._abort:
                    with contextlib.suppress(Exception):
                        cb()
            for tmp in self._tmp.values():
                with contextlib.suppress(OSError):
                    tmp.unlink()
            self._tmp.clear()
        finally:
            self._stack.close()
