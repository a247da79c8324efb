"""features.atomic: atomic replacement and the exclusive writer lock (used by every output and the review store)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from features.atomic import LockedError, atomic_write, exclusive_lock, lock_path_for, write_text_atomic

ROOT = Path(__file__).resolve().parents[1]


def _strays(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".part"))


def test_atomic_write_replaces_whole_file(tmp_path):
    target = tmp_path / "out.csv"
    target.write_text("old\n", encoding="utf-8")
    write_text_atomic(target, "new,1\nnew,2\n")
    assert target.read_text(encoding="utf-8") == "new,1\nnew,2\n"
    assert _strays(tmp_path) == []


@pytest.mark.parametrize("exc", [RuntimeError("disk full"), KeyboardInterrupt()])
def test_failed_write_keeps_previous_file_and_leaves_no_temp(tmp_path, exc):
    target = tmp_path / "out.csv"
    target.write_text("previous complete output\n", encoding="utf-8")
    with pytest.raises(type(exc)):
        with atomic_write(target, "w", encoding="utf-8") as fh:
            fh.write("half a row")
            raise exc
    assert target.read_text(encoding="utf-8") == "previous complete output\n"
    assert _strays(tmp_path) == []


def test_killed_writer_never_leaves_a_partial_target(tmp_path):
    """SIGKILL in the middle of a long write: the target is the previous version, byte for byte."""
    target = tmp_path / "big.txt"
    target.write_bytes(b"previous\n")
    code = (
        "import sys, time\n"
        f"sys.path.insert(0, {str(ROOT)!r})\n"
        "from features.atomic import atomic_write\n"
        f"with atomic_write({str(target)!r}) as fh:\n"
        "    for i in range(10**7):\n"
        "        fh.write(b'row %d\\n' % i)\n"
        "        if i == 1000: print('writing', flush=True)\n"
        "        if i > 1000: time.sleep(0.001)\n"
    )
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE)
    assert proc.stdout.readline().strip() == b"writing"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert target.read_bytes() == b"previous\n"


def test_second_writer_is_refused_with_the_holder_named(tmp_path):
    target = tmp_path / "out.csv"
    code = (
        "import sys, time\n"
        f"sys.path.insert(0, {str(ROOT)!r})\n"
        "from features.atomic import exclusive_lock\n"
        f"with exclusive_lock({str(target)!r}):\n"
        "    print('locked', flush=True)\n"
        "    time.sleep(60)\n"
    )
    holder = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE)
    try:
        assert holder.stdout.readline().strip() == b"locked"
        with pytest.raises(LockedError) as err:
            with exclusive_lock(target, "the screening output"):
                pass
        assert f"process {holder.pid}" in str(err.value)
        assert "out.csv" in str(err.value)
    finally:
        holder.kill()
        holder.wait()
    deadline = time.time() + 5
    while True:  # the kernel drops a dead holder's lock: the next writer gets it
        try:
            with exclusive_lock(target):
                break
        except LockedError:
            assert time.time() < deadline
            time.sleep(0.05)
    assert lock_path_for(target).name.startswith(".~")
