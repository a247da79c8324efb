"""A reviewer in a process of its own, for the crash and concurrency tests (tests/test_review_crash.py).

    python tests/review_worker.py DATA_DIR DOC_ID cycle NAME          # act until killed
    python tests/review_worker.py DATA_DIR DOC_ID inject NAME SEED    # act, and SIGKILL itself inside a write
    python tests/review_worker.py DATA_DIR DOC_ID accept NAME C1,C2… [GO_FILE]   # accept these, then exit

``inject`` picks (from SEED) one of the critical points — half of a log line written, the log line fsync'ed but the
facts file not yet replaced, the facts file's temporary copy written but not renamed, the same for the candidates
file — and the action at which to die there, then kills itself with SIGKILL at that point (no clean-up runs).

Prints ``READY`` once imported, then ``ACK <action id>`` after each action the store has confirmed (its log line is
on disk), or ``CONFLICT <candidate>`` / ``LOCKED <candidate>`` when it was refused.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from features.atomic import LockedError  # noqa: E402
from features.ingest.review import ConflictError, ReviewStore  # noqa: E402


def say(text: str) -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


class _Proxy:
    """The ``os`` module as one module sees it, with a few functions replaced."""

    def __init__(self, real, **over):
        self._real, self._over = real, over

    def __getattr__(self, name):
        return self._over.get(name) or getattr(self._real, name)


def inject(seed: int) -> str:
    import os
    import random
    import signal

    import features.atomic as atomic
    import features.ingest.reviewlog as reviewlog

    rng = random.Random(seed)
    points = ("log half-written", "log written, facts not yet", "facts temp not renamed", "candidates temp not renamed")
    point = points[seed % len(points)]  # each point in turn; the action at which to die is random
    left = {"n": rng.randint(1, 6)}  # die at this (1-based) write of the chosen kind

    def die() -> None:
        os.kill(os.getpid(), signal.SIGKILL)

    def due() -> bool:
        left["n"] -= 1
        return left["n"] <= 0

    def write(fd, data):
        if point == "log half-written" and due():
            os.write(fd, data[: max(1, len(data) // 2)])
            die()
        return os.write(fd, data)

    def fsync(fd):
        os.fsync(fd)
        if point == "log written, facts not yet" and due():
            die()

    def replace(src, dst):
        name = str(dst)
        if (point == "facts temp not renamed" and "/facts/" in name) or \
                (point == "candidates temp not renamed" and "/candidates/" in name):  # fmt: skip
            if due():
                die()
        return os.replace(src, dst)

    reviewlog.os = _Proxy(os, write=write, fsync=fsync)
    atomic.os = _Proxy(os, replace=replace)
    return point


def main() -> int:
    data_dir, doc_id, mode, name = sys.argv[1:5]
    store = ReviewStore(Path(data_dir), doc_id)
    if mode == "inject":
        say(f"POINT {inject(int(sys.argv[5]))}")
    say("READY")
    if mode == "accept":
        if len(sys.argv) > 6:  # start together with the other reviewer: wait for the go file
            while not Path(sys.argv[6]).exists():
                time.sleep(0.005)
        for cid in sys.argv[5].split(","):
            try:
                out = store.apply([{"action": "accept", "candidate_id": cid, "expect": 0}], by=name)
                say(f"ACK {out.entries[0].id}")
            except ConflictError:
                say(f"CONFLICT {cid}")
            except LockedError:
                say(f"LOCKED {cid}")
        return 0
    step = 0
    while True:  # cycle: accept, edit, reject and undo across the candidates, forever (until killed)
        view = store.view()
        cands = [c for c in view.candidates]
        c = cands[step % len(cands)]
        if c.status == "pending":
            action = ({"action": "accept", "candidate_id": c.candidate_id} if step % 3 else
                      {"action": "edit", "candidate_id": c.candidate_id, "fields": {"note_en": f"edit {step}"}})  # fmt: skip
        elif step % 2:
            action = {"action": "undo", "undo": c.entry.id}
        else:
            action = {"action": "reject", "candidate_id": c.candidate_id}
        out = store.apply([action], by=name)
        say(f"ACK {out.entries[0].id}")
        step += 1


if __name__ == "__main__":
    sys.exit(main())
