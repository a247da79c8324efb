"""``python -m recommender …`` — see :mod:`recommender.cli`.

Ctrl-C (SIGINT) and SIGTERM end the run with one sentence on stderr and exit 130 / 143 (128 + the signal number),
never a traceback. Every output goes through temporaries (:class:`features.atomic.OutputSet`), which the unwinding
removes, so the previous outputs stay as they were. A second signal while unwinding is ignored."""

import signal
import sys


class Terminated(BaseException):
    """SIGTERM, raised where the program is so that the cleanup on the way out runs (like KeyboardInterrupt)."""


def _stop(signum, frame):
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # let the temporaries be removed without a second interruption
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    raise KeyboardInterrupt if signum == signal.SIGINT else Terminated


signal.signal(signal.SIGINT, _stop)
signal.signal(signal.SIGTERM, _stop)
_HOW = {130: "Ctrl-C", 143: "SIGTERM"}
try:
    from recommender.cli import main

    code = main()
except (KeyboardInterrupt, Terminated) as exc:
    code = 130 if isinstance(exc, KeyboardInterrupt) else 143
    print(f"중단되었습니다 — 이전 출력은 그대로입니다 (stopped by {_HOW[code]}: nothing was written, earlier outputs are "
          "unchanged)", file=sys.stderr, flush=True)
sys.exit(code)
