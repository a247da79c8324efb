"""The app's server-side work per page load, before vs after (issue 19): CPU seconds of Streamlit's script thread.

    .venv/bin/python benchmarks/bench_app_server.py --baseline-dir DIR [--cold 3] [--warm 4]

The browser figures of ``bench_app.py`` move by seconds with the machine's load; this measures what the server does.
Each side (``before``: ``--baseline-dir``, a checkout of the baseline with its ``data/build``; ``after``: this
checkout) runs ``streamlit run app.py`` with a ``sitecustomize`` that wraps ``ScriptRunner._run_script`` and appends
its wall time and ``time.thread_time()`` (CPU of the script thread) to a file. Headless Chromium loads the pages:

* ``cold``: a fresh server per side and round, one load of ``/`` until the form's submit button shows;
* ``warm``: one server per side, each round a new browser session loads ``/`` (the form) and a share link of
  ``data/samples/firm.json`` (until the results heading shows); the first share link follows a cold start.

JSON lines: side, step, round, the page's ``content_s`` and the script runs ``[[wall_s, cpu_s], …]`` it caused.
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
SITECUSTOMIZE = '''import os, time
if os.environ.get("KOCN_TIME_RUNS"):
    from streamlit.runtime.scriptrunner import script_runner as _sr
    _orig = _sr.ScriptRunner._run_script
    def _timed(self, *a, **k):
        t, c = time.perf_counter(), time.thread_time()
        try:
            return _orig(self, *a, **k)
        finally:
            with open(os.environ["KOCN_TIME_RUNS"], "a") as f:
                f.write(f"{time.perf_counter() - t:.3f} {time.thread_time() - c:.3f}\\n")
    _sr.ScriptRunner._run_script = _timed
'''


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, root: Path, hook_dir: Path, runs_file: Path):
        self.port, self.runs_file = _port(), runs_file
        runs_file.write_text("")
        env = {**os.environ, "PYTHONPATH": str(hook_dir), "KOCN_TIME_RUNS": str(runs_file),
               "KOCN_DATA_DIR": str(root / "data")}  # fmt: skip
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true", "--server.port",
             str(self.port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false",
             "--server.fileWatcherType", "none"],
            cwd=root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)  # fmt: skip
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError):
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/_stcore/health", timeout=2):
                    return
            time.sleep(0.2)
        raise RuntimeError(f"streamlit in {root} not healthy")

    def runs(self) -> list[list[float]]:
        return [[float(x) for x in line.split()] for line in self.runs_file.read_text().splitlines()]

    def stop(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGTERM)
        self.proc.wait(timeout=30)


def load(browser, url: str, selector: str) -> float:
    ctx = browser.new_context(locale="ko-KR", viewport={"width": 1440, "height": 1000})
    try:
        pg = ctx.new_page()
        pg.goto(url)
        pg.locator(selector).first.wait_for(timeout=180_000)
        content = pg.evaluate("performance.now()") / 1000
        pg.wait_for_timeout(1500)  # the run finishes
        return round(content, 3)
    finally:
        ctx.close()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--baseline-dir", type=Path, required=True)
    ap.add_argument("--cold", type=int, default=3)
    ap.add_argument("--warm", type=int, default=4)
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright

    sides = {"before": args.baseline_dir.resolve(), "after": ROOT}
    firm = json.loads((ROOT / "data" / "samples" / "firm.json").read_text(encoding="utf-8"))
    raw = json.dumps(firm, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8")
    share = f"/?firm={base64.urlsafe_b64encode(zlib.compress(raw, 9)).decode('ascii').rstrip('=')}&lang=ko"
    pages = {"form": ("/", "button:has-text('추천 받기')"), "share": (share, f"text=추천 결과: {firm['name']}")}
    tmp = Path(tempfile.mkdtemp(prefix="bench-app-server-"))
    (tmp / "sitecustomize.py").write_text(SITECUSTOMIZE)

    def emit(side: str, step: str, rnd: int, content: float, runs: list[list[float]]) -> None:
        print(json.dumps({"bench": "app_server", "side": side, "step": step, "round": rnd, "content_s": content,
                          "runs_wall_cpu_s": runs, "load_avg_1m": round(os.getloadavg()[0], 2)}), flush=True)  # fmt: skip

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--disable-gpu"])
        try:
            for rnd in range(args.cold):
                for side, root in sides.items():
                    server = Server(root, tmp, tmp / f"cold_{side}.txt")
                    try:
                        content = load(browser, f"http://127.0.0.1:{server.port}/", pages["form"][1])
                        emit(side, "cold_form", rnd, content, server.runs())
                    finally:
                        server.stop()
            if args.warm:
                servers = {side: Server(root, tmp, tmp / f"warm_{side}.txt") for side, root in sides.items()}
                try:
                    for rnd in range(args.warm):
                        for step, (path, selector) in pages.items():
                            for side, server in servers.items():
                                seen = len(server.runs())
                                content = load(browser, f"http://127.0.0.1:{server.port}{path}", selector)
                                emit(side, step, rnd, content, server.runs()[seen:])
                finally:
                    for server in servers.values():
                        server.stop()
        finally:
            browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
