"""The app as a person waits for it, in headless Chromium (issue 19: cold first render ≤ 3 s, a preset / method /
language change ≤ 0.5 s, share link → results ≤ 2 s, map tab ≤ 1.5 s, the profile shows content at once), beside a
baseline checkout measured in the same run. JSON lines.

    .venv/bin/python benchmarks/bench_app.py [--runs 3] [--baseline REV | --baseline-dir DIR] [--sides before,after]

Each side (``after``: this checkout; ``before``: the files of ``--baseline``, default ``main``, or ``--baseline-dir``)
gets its own ``streamlit run app.py`` (headless, this interpreter), both started before any measurement; the sides
then alternate step by step, so the machine's other jobs weigh on both alike. Steps (times in the page's own clock,
``performance.now()``; "done" = the script has run — ``data-test-script-state`` went ``running`` then
``notRunning`` — and no element is stale; the last such moment when a callback queues a second run (a keyed
fragment rerun): no new run may start within ``QUIET_MS`` after it):

* ``cold_first_render``: the first page load of a just-started server (the knowledge base loads in it): until the
  form's submit button shows (``content_s``) and until done (``done_s``). Once per side.
* ``first_render``: the same in a new browser session of the warm server.
* ``share_link``: a shared link (sample firm) → until the results heading shows, and done.
* ``preset`` / ``method`` / ``language``: one change in the sidebar on that results page → done (alternating
  growth ↔ balanced, TOPSIS ↔ WSM, English ↔ Korean).
* ``open_profile``: the first result's "open the profile" button → until the profile heading shows, and done.
* ``map_tab``: on the explore page, the map tab clicked → until the map is painted (a Vega canvas/SVG in the tab).

Where the wait went (medians, same clock): ``first_run_s`` — the event (or navigation) until the page saw the
script start (``running``); ``last_idle_s`` — until it saw the last run end (``notRunning``): the server's run and
the deltas streamed during it; ``longtask_s`` — the main thread's long tasks (≥ 50 ms: parsing the bundle, applying
the deltas, drawing Vega charts and the data grid) from the event on; ``js_loaded_s`` (a page load) — when the last
JavaScript file had arrived.

Labels are read from each side's own ``ui/strings.py``. Exits 1 when a step fails on a side.
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import json
import os
import platform
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]  # fmt: skip
TARGETS = {"cold_first_render": 3.0, "share_link": 2.0, "preset": 0.5, "method": 0.5, "language": 0.5,
           "map_tab": 1.5}  # fmt: skip
TIMEOUT_MS = 180_000
QUIET_MS = 600  # no new script run for this long after settling: the interaction is done (not counted in done_s)

STATE = "document.querySelector('[data-testid=\"stApp\"]')?.getAttribute('data-test-script-state')"
SETTLED = f"({STATE} === 'notRunning' && !document.querySelector('[data-stale=\"true\"]'))"
OBSERVE = """() => {
  if (window.__kocn && window.__kocn.listening) return;
  window.__kocn = window.__kocn || {log: [], t0: null};
  window.__kocn.listening = true;
  const app = document.querySelector('[data-testid="stApp"]');
  if (!window.__kocn.watching) {
    window.__kocn.watching = true;
    new MutationObserver(() => window.__kocn.log.push([performance.now(), app.getAttribute('data-test-script-state')]))
      .observe(app, {attributes: true, attributeFilter: ['data-test-script-state']});
  }
  for (const ev of ['click', 'change', 'keydown'])
    document.addEventListener(ev, () => { window.__kocn.t0 = performance.now(); window.__kocn.log = []; }, true);
}"""
RAN = "window.__kocn.log.some(x => x[1] === 'running')"
# long tasks (≥ 50 ms of the page's main thread: parsing the bundle, applying deltas, Vega, the data grid), recorded
# from the document's start (an init script of every context)
LONGTASKS = """window.__kocn_long = [];
try { new PerformanceObserver(l => { for (const e of l.getEntries()) window.__kocn_long.push([e.startTime, e.duration]); })
  .observe({type: 'longtask', buffered: true}); } catch (e) {}"""
# where the wait went, in the page's clock from ``t0`` (an event, or 0 = navigation start): the script's runs as the
# page saw them (first ``running`` → last ``notRunning``), the main thread's long tasks after t0, and on a page load
# the moment the last JavaScript file arrived
BREAKDOWN = """(t0) => {
  const log = (window.__kocn && window.__kocn.log) || [];
  const run = log.filter(x => x[1] === 'running').map(x => x[0]);
  const idle = log.filter(x => x[1] === 'notRunning').map(x => x[0]);
  const long = (window.__kocn_long || []).filter(x => x[0] >= t0);
  const js = performance.getEntriesByType('resource').filter(e => e.name.endsWith('.js')).map(e => e.responseEnd);
  return {first_run_s: run.length ? (run[0] - t0) / 1000 : null,
          last_idle_s: idle.length ? (idle[idle.length - 1] - t0) / 1000 : null,
          longtask_s: long.reduce((a, x) => a + x[1], 0) / 1000, longtasks: long.length,
          js_loaded_s: t0 === 0 && js.length ? Math.max(...js) / 1000 : null};
}"""
STATE_LOG = """() => {
  window.__kocn = window.__kocn || {log: [], t0: null};
  const watch = () => {
    const app = document.querySelector('[data-testid="stApp"]');
    if (!app) return setTimeout(watch, 5);
    new MutationObserver(() => window.__kocn.log.push([performance.now(), app.getAttribute('data-test-script-state')]))
      .observe(app, {attributes: true, attributeFilter: ['data-test-script-state']});
    window.__kocn.watching = true;
  };
  watch();
}"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """``streamlit run app.py`` in ``root`` on a free port (its own process group, stopped at the end)."""

    def __init__(self, root: Path, log: Path):
        self.root, self.port = root, free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = log.open("w")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true", "--server.port",
             str(self.port), "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false",
             "--server.fileWatcherType", "none"],
            cwd=root, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True,
            env={**os.environ, "PYTHONUNBUFFERED": "1", "KOCN_DATA_DIR": str(root / "data")},
        )  # fmt: skip

    def wait_healthy(self, seconds: float = 120) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"streamlit exited in {self.root}")
            with contextlib.suppress(OSError):
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as resp:
                    if resp.status == 200:
                        return
            time.sleep(0.2)
        raise RuntimeError(f"streamlit in {self.root} not healthy after {seconds} s")

    def stop(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGTERM)
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
        self.log.close()


def encode_firm(record: dict) -> str:
    """ui.share.encode_firm (the share link's firm parameter)."""
    raw = json.dumps(record, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8")
    return base64.urlsafe_b64encode(zlib.compress(raw, 9)).decode("ascii").rstrip("=")


class Side:
    def __init__(self, name: str, root: Path, browser, log_dir: Path):
        self.name, self.root, self.browser = name, root, browser
        self.s = json.loads(subprocess.run([sys.executable, "-c", "import json; from ui.strings import STRINGS; "
                                            "print(json.dumps(STRINGS))"], cwd=root, capture_output=True, text=True,
                                           check=True).stdout)  # fmt: skip
        self.server = Server(root, log_dir / f"bench_app_{name}.log")
        self.page = None
        firm = json.loads((root / "data" / "samples" / "firm.json").read_text(encoding="utf-8"))
        self.share = f"/?firm={encode_firm(firm)}&preset=balanced&method=wsm&lang=ko"
        self.firm_name = firm["name"]
        self.flip = {"preset": False, "method": False, "language": False}

    def t(self, key: str, lang: int = 0, **kw) -> str:
        return self.s[key][lang].format(**kw)

    def new_page(self):
        if self.page is not None:
            self.page.context.close()
        ctx = self.browser.new_context(locale="ko-KR", viewport={"width": 1440, "height": 1000})
        ctx.add_init_script(LONGTASKS)
        self.page = ctx.new_page()
        self.page.set_default_timeout(TIMEOUT_MS)
        return self.page

    # -------------------------------------------------------------- helpers (times in the page's clock, seconds)
    def _when(self, cond: str) -> float:
        """performance.now() (s) at the first animation frame where ``cond`` holds."""
        h = self.page.wait_for_function(f"() => ({cond}) ? performance.now() : false", polling="raf",
                                        timeout=TIMEOUT_MS)  # fmt: skip
        return h.json_value() / 1000

    def load(self, path: str, content: str) -> dict:
        """Navigate: seconds from navigation start until ``content`` (a selector) is visible and until settled."""
        pg = self.new_page()
        pg.goto(self.server.url + path, wait_until="commit")
        pg.evaluate(STATE_LOG)  # the script's runs from as early as the app's root exists
        pg.locator(content).first.wait_for()
        content_s = pg.evaluate("performance.now()") / 1000
        done_s = self._when(SETTLED)
        pg.evaluate(OBSERVE)
        return {"content_s": round(content_s, 3), "done_s": round(done_s, 3), **self._breakdown(0)}

    def _breakdown(self, t0: float) -> dict:
        out = self.page.evaluate(BREAKDOWN, t0)
        return {k: (round(v, 3) if isinstance(v, float) else v) for k, v in out.items() if v is not None}

    def act(self, do, content: str | None = None) -> dict:
        """Seconds from the user's event (click/change/key) until ``content`` shows and until the rerun is done."""
        pg = self.page
        pg.evaluate(OBSERVE)
        do(pg)
        out = {}
        if content:
            pg.locator(content).first.wait_for()
            out["content_s"] = round(pg.evaluate("performance.now() - window.__kocn.t0") / 1000, 3)
        end = self._when(f"{RAN} && {SETTLED}") * 1000
        while True:  # a widget callback may queue a second run (a keyed fragment rerun): done when quiet
            seen = pg.evaluate("window.__kocn.log.length")
            pg.wait_for_timeout(QUIET_MS)
            if pg.evaluate("window.__kocn.log.length") == seen:
                break
            end = self._when(SETTLED) * 1000
        t0 = pg.evaluate("window.__kocn.t0")
        out["done_s"] = round((end - t0) / 1000, 3)
        return {**out, **self._breakdown(t0)}

    # -------------------------------------------------------------- steps
    def cold_first_render(self) -> dict:
        return self.load("/", f"button:has-text('{self.t('submit')}')")

    first_render = cold_first_render

    def share_link(self) -> dict:
        return self.load(self.share, f"text={self.t('results_title', firm=self.firm_name)}")

    def preset(self) -> dict:
        self.flip["preset"] = not self.flip["preset"]
        label = self.t("preset_growth" if self.flip["preset"] else "preset_balanced", self._lang())
        return self.act(lambda pg: pg.locator("[data-testid='stSidebar'] label").filter(has_text=label).first.click())

    def method(self) -> dict:
        self.flip["method"] = not self.flip["method"]
        option = self.t("method_topsis" if self.flip["method"] else "method_wsm", self._lang())

        def do(pg):
            box = pg.locator("[data-testid='stSidebar'] [data-testid='stSelectbox']")
            field = box.filter(has_text=self.t("method", self._lang())).first.locator("[role='combobox'], input").first
            # typed, then Enter (the popover's items were not always found by a click; the Enter keydown is t0)
            field.click()
            field.fill(option)
            pg.locator("[role='option']").filter(has_text=option).first.wait_for()
            field.press("Enter")

        return self.act(do)

    def language(self) -> dict:
        self.flip["language"] = not self.flip["language"]
        lang = 1 if self.flip["language"] else 0
        heading = self.t("results_title", lang, firm=self.firm_name)
        return self.act(lambda pg: pg.locator("[data-testid='stSidebar'] [data-testid='stCheckbox'] label").first.click(),
                        f"text={heading}")  # fmt: skip

    def _lang(self) -> int:
        return 1 if self.flip["language"] else 0

    def open_profile(self) -> dict:
        self.share_link()  # a fresh results page (Korean)
        self.flip = {k: False for k in self.flip}
        return self.act(lambda pg: pg.get_by_role("button", name=self.t("open_profile")).first.click(),
                        f"[data-testid='stTabs'] >> text={self.t('profile_region')}")  # fmt: skip

    def map_tab(self) -> dict:
        tab = self.page.get_by_role("tab", name=self.t("tab_map"))
        tab.wait_for()
        pg = self.page
        pg.evaluate(OBSERVE)
        tab.click()
        pg.locator("[role='tabpanel']:visible [data-testid='stVegaLiteChart'] canvas, "
                   "[role='tabpanel']:visible [data-testid='stVegaLiteChart'] svg").first.wait_for()  # fmt: skip
        painted = pg.evaluate("performance.now() - window.__kocn.t0") / 1000
        return {"content_s": round(painted, 3)}


STEPS = ("first_render", "share_link", "preset", "method", "language", "open_profile", "map_tab")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--baseline", default="main")
    ap.add_argument("--baseline-dir", type=Path)
    ap.add_argument("--sides", default="before,after")
    ap.add_argument("--steps", default=",".join(STEPS), help="comma-separated subset of " + ",".join(STEPS))
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright

    roots = {}
    temp = None
    if "before" in args.sides:
        if args.baseline_dir and (args.baseline_dir / "app.py").is_file():
            roots["before"] = args.baseline_dir
        else:
            target = args.baseline_dir or Path(tempfile.mkdtemp(prefix="bench-app-"))
            target.mkdir(parents=True, exist_ok=True)
            archive = subprocess.run(["git", "-C", str(ROOT), "archive", args.baseline], capture_output=True,
                                     check=True).stdout  # fmt: skip
            subprocess.run(["tar", "-x", "-C", str(target)], input=archive, check=True)
            roots["before"] = target
            temp = None if args.baseline_dir else target
    if "after" in args.sides:
        roots["after"] = ROOT
    for root in roots.values():  # the build is current before any server starts (a stale one would be built there)
        subprocess.run([sys.executable, "-c", "from features.build import load_knowledge; load_knowledge()"],
                       cwd=root, check=True, env={**os.environ, "KOCN_DATA_DIR": str(root / "data")})  # fmt: skip
    log_dir = Path(tempfile.mkdtemp(prefix="bench-app-logs-"))
    failed = False
    results: dict[str, dict[str, list[dict]]] = {s: {} for s in roots}
    load_start = round(os.getloadavg()[0], 2)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        sides = [Side(name, root, browser, log_dir) for name, root in roots.items()]
        try:
            for side in sides:
                side.server.wait_healthy()
            for side in sides:  # the first page of a just-started server
                results[side.name]["cold_first_render"] = [side.cold_first_render()]
            for _ in range(args.runs):
                for step in [x for x in args.steps.split(",") if x in STEPS]:
                    for side in sides:
                        if step == "preset":
                            side.share_link()  # a fresh results page: Korean, balanced, WSM
                            side.flip = {k: False for k in side.flip}  # (a --steps run without open_profile
                            # kept the language flipped and looked for English labels on the Korean page)
                        try:
                            out = getattr(side, step)()
                        except Exception as exc:  # noqa: BLE001 - reported, the run goes on
                            out = {"error": f"{type(exc).__name__}: {str(exc)[:200]}"}
                            failed = True
                        results[side.name].setdefault(step, []).append(out)
        finally:
            for side in sides:
                side.server.stop()
            browser.close()
    for side, steps in results.items():
        for step, outs in steps.items():
            line = {"bench": "app", "side": side, "step": step, "runs": len(outs), "target_s": TARGETS.get(step)}
            for key in ("content_s", "done_s", "first_run_s", "last_idle_s", "longtask_s", "js_loaded_s"):
                xs = [o[key] for o in outs if key in o]
                if xs:
                    line[key] = round(statistics.median(xs), 3)
                    if key in ("content_s", "done_s"):
                        line[key.replace("_s", "_all_s")] = xs
            errors = [o["error"] for o in outs if "error" in o]
            if errors:
                line["errors"] = errors
            print(json.dumps(line, ensure_ascii=False), flush=True)
    print(json.dumps({"bench": "app", "summary": True, "load_avg_1m": [load_start, round(os.getloadavg()[0], 2)],
                      "cpus": os.cpu_count(), "python": platform.python_version(),
                      "roots": {k: str(v) for k, v in roots.items()}}), flush=True)  # fmt: skip
    if temp is not None:
        shutil.rmtree(temp, ignore_errors=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
