"""Load on the real server (issue 20, item 7): ``streamlit run app.py`` driven by concurrent sessions.

No browser: each session is a websocket client speaking Streamlit's own protocol (``/_stcore/stream``, protobuf
``BackMsg.rerun_script`` with the page's query string; ``ForwardMsg.script_finished`` ends a run) — the same
messages a browser tab sends, without Chromium's cost on a 2-core machine (Chromium's rendering time is not
measured). Every session opens the recommend page through a shared link carrying its own firm (capabilities varied,
seeded, so no two sessions share a cached recommendation) and waits until the script run finishes; a run that
shows an exception counts as an error.

Measured, printed as JSON: the median wait of sessions run one at a time, the median (and max) wait of
``--sessions`` concurrent ones, and the server's resident memory (RSS, server process and its children) when idle
(after one warm-up session closed), at its peak during the concurrent sessions, and after they all closed
(``--settle`` seconds later).

    python benchmarks/bench_load.py                  # short default: 2 single, 5 concurrent
    python benchmarks/bench_load.py --sessions 20    # the issue's figure
    python benchmarks/bench_load.py --app-dir /path/to/other/checkout   # the same load on another version
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
import warnings
import zlib
from pathlib import Path

import psutil
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.sync.client import connect

ROOT = Path(__file__).resolve().parents[1]
warnings.filterwarnings("ignore", category=DeprecationWarning, module="websockets")
warnings.filterwarnings("ignore", message="connect\\(\\) must be used")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(app_dir: Path, log: Path) -> tuple[subprocess.Popen, int]:
    port = free_port()
    out = log.open("w")
    proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
                             "--server.port", str(port), "--server.address", "127.0.0.1",
                             "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"],
                            cwd=app_dir, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
                            env={**os.environ, "PYTHONUNBUFFERED": "1"})  # fmt: skip
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited: {log.read_text(errors='replace')[-2000:]}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return proc, port
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("streamlit did not become healthy")


def rss(pid: int) -> int:
    try:
        p = psutil.Process(pid)
        return p.memory_info().rss + sum(c.memory_info().rss for c in p.children(recursive=True))
    except psutil.Error:
        return 0


def firm_query(i: int, seed: int) -> str:
    rng = random.Random(seed * 1000 + i)
    record = json.loads((ROOT / "data/samples/firm.json").read_text(encoding="utf-8"))
    record["firm_id"] = f"LOAD-{i:03d}"
    caps = record.get("capabilities") or {}
    for k in caps:
        caps[k] = rng.randint(0, 5)
    raw = json.dumps(record, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8")
    firm = base64.urlsafe_b64encode(zlib.compress(raw, 9)).decode("ascii").rstrip("=")
    return f"firm={firm}&preset=balanced&method=wsm&lang=ko"


def hostile_query() -> str:
    """The issue's bloat link: under 8,000 characters, a 5.7 MB firm name once decompressed."""
    raw = json.dumps({"firm_id": "BLOAT", "name": "가" * 1_900_000}, ensure_ascii=False).encode("utf-8")
    firm = base64.urlsafe_b64encode(zlib.compress(raw, 9)).decode("ascii").rstrip("=")
    return f"firm={firm}&preset=balanced&lang=ko"


class Session:
    """One browser-tab-like session: connect, ask for one run of the page with ``query``, wait for its end."""

    def __init__(self, port: int, query: str):
        self.port, self.query = port, query
        self.wait = None
        self.error = None
        self.tables = 0  # result tables drawn (a run that answered shows the recommendations table)
        self.hostile = False
        self.ws = None

    def run(self, timeout: float = 600) -> None:
        t0 = time.perf_counter()
        try:
            self.ws = connect(f"ws://127.0.0.1:{self.port}/_stcore/stream", subprotocols=["streamlit"],
                              max_size=None, open_timeout=timeout)  # fmt: skip
            msg = BackMsg()
            msg.rerun_script.query_string = self.query
            msg.rerun_script.page_script_hash = ""
            self.ws.send(msg.SerializeToString())
            end = time.monotonic() + timeout
            while time.monotonic() < end:
                fwd = ForwardMsg()
                fwd.ParseFromString(self.ws.recv(timeout=max(1.0, end - time.monotonic())))
                kind = fwd.WhichOneof("type")
                if kind == "delta" and fwd.delta.WhichOneof("type") == "new_element" and \
                        fwd.delta.new_element.WhichOneof("type") == "dataframe":  # fmt: skip
                    self.tables += 1
                if kind == "delta" and fwd.delta.WhichOneof("type") == "new_element" and \
                        fwd.delta.new_element.WhichOneof("type") == "exception":  # fmt: skip
                    self.error = fwd.delta.new_element.exception.message[:200]
                if kind == "script_finished" and fwd.script_finished in (
                        ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_WITH_COMPILE_ERROR):  # fmt: skip
                    self.wait = time.perf_counter() - t0
                    return
            self.error = "timed out"
        except Exception as exc:  # noqa: BLE001 - reported in the JSON
            self.error = f"{type(exc).__name__}: {exc}"[:200]

    def close(self) -> None:
        if self.ws is not None:
            self.ws.close()
            self.ws = None


def main(argv: list[str] | None = None) -> dict:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sessions", type=int, default=5, help="concurrent sessions (default 5; the issue uses 20)")
    ap.add_argument("--single", type=int, default=2, help="sessions run one at a time first (default 2)")
    ap.add_argument("--settle", type=float, default=12.0, help="seconds after the last close before 'after close'")
    ap.add_argument("--seed", type=int, default=20)
    ap.add_argument("--hostile", type=int, default=0, help="of the concurrent sessions, how many open the issue's "
                    "bloat link (8,000 characters → 5.7 MB name) instead of a firm's link")  # fmt: skip
    ap.add_argument("--app-dir", type=Path, default=ROOT, help="the checkout whose app.py is served")
    args = ap.parse_args(argv)
    log = ROOT / "benchmarks" / ".bench_load_server.log"
    proc, port = start_server(args.app_dir, log)
    try:
        warm = Session(port, firm_query(999, args.seed))
        warm.run()
        warm.close()
        time.sleep(args.settle)
        idle = rss(proc.pid)
        singles = []
        for i in range(args.single):
            s = Session(port, firm_query(i, args.seed))
            s.run()
            s.close()
            singles.append(s)
        sessions = [Session(port, hostile_query() if i < args.hostile else firm_query(100 + i, args.seed))
                    for i in range(args.sessions)]  # fmt: skip
        for s in sessions[: args.hostile]:
            s.hostile = True
        peak = [rss(proc.pid)]
        done = threading.Event()

        def sample() -> None:
            while not done.is_set():
                peak.append(rss(proc.pid))
                time.sleep(0.2)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        threads = [threading.Thread(target=s.run) for s in sessions]
        t0 = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.perf_counter() - t0
        for s in sessions:
            s.close()
        time.sleep(args.settle)
        done.set()
        sampler.join()
        after = rss(proc.pid)
        ok = [s.wait for s in sessions if s.wait is not None and s.error is None and s.tables and not s.hostile]
        bad = [s.wait for s in sessions if s.hostile and s.wait is not None]
        single_ok = [s.wait for s in singles if s.wait is not None and s.error is None and s.tables]
        mb = 1024 * 1024
        result = {
            "app_dir": str(args.app_dir), "driver": "websocket protocol (no browser)",
            "single": {"n": len(singles), "answered": len(single_ok),
                       "median_wait_s": round(statistics.median(single_ok), 2) if single_ok else None},
            "concurrent": {"n": len(sessions) - args.hostile, "answered": len(ok), "wall_s": round(wall, 2),
                           "median_wait_s": round(statistics.median(ok), 2) if ok else None,
                           "max_wait_s": round(max(ok), 2) if ok else None,
                           "errors": sorted({s.error for s in sessions if s.error})[:5]},
            "hostile": {"n": args.hostile, "finished": len(bad),
                        "median_wait_s": round(statistics.median(bad), 2) if bad else None},
            "rss_mb": {"idle": round(idle / mb, 1), "peak": round(max(peak) / mb, 1),
                       "after_close": round(after / mb, 1)},
        }  # fmt: skip
        if single_ok and ok:
            result["concurrent"]["median_vs_single"] = round(statistics.median(ok) / statistics.median(single_ok), 2)
        result["rss_mb"]["after_vs_idle"] = round(after / idle, 3) if idle else None
        print(json.dumps(result, ensure_ascii=False, indent=1))
        return result
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)


if __name__ == "__main__":
    main()
