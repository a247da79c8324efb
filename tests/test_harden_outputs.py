"""Issue 20, items 1–3: outputs written through temporaries and renamed into place (companions first, the main file
last), Ctrl-C / SIGTERM / a full disk leave the previous outputs byte-identical and no stray file, one run at a time
per output, and the output-path check covering companions and the errors file. Real subprocesses of
``python -m recommender``; a small wrapper injects the fault at a fixed point (deterministic)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from tests.conftest import DATA, ROOT

FIRMS = DATA / "samples/firms.csv"

# The wrapper: patch one writer method to misbehave on its first call, then run ``python -m recommender`` as is.
WRAPPER = textwrap.dedent('''
    import errno, os, runpy, signal, sys, time
    from pathlib import Path
    import recommender.writers as w
    import recommender.exporting as ex
    fault, sys.argv = sys.argv[1], ["recommender", *sys.argv[2:]]

    def hit(*a, **k):
        if fault == "enospc":
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        if fault in ("SIGINT", "SIGTERM"):
            os.kill(os.getpid(), getattr(signal, fault))
            time.sleep(5)  # the handler raises before this ends
        if fault == "hold":
            Path(os.environ["READY"]).write_text("1")
            end = time.time() + 240
            while not Path(os.environ["RELEASE"]).exists() and time.time() < end:
                time.sleep(0.05)

    for cls, name in ((w.ScreenOutput, "write"), (w.XlsxStream, "append")):
        orig = getattr(cls, name)
        def patched(self, *a, _orig=orig, **k):
            out = _orig(self, *a, **k)  # the fault comes after some rows are in the file
            if not getattr(sys, "_hit", False):
                sys._hit = True
                hit()
            return out
        setattr(cls, name, patched)
    import features.atomic as fa
    orig_put = fa.OutputSet.write_bytes
    def put(self, target, data):  # half the bytes reach the temporary, then the fault
        with open(self.temp(target), "wb") as fh:
            fh.write(data[: len(data) // 2])
        hit()
        return orig_put(self, target, data)
    fa.OutputSet.write_bytes = put
    orig_table = ex.write_table
    def table(*a, **k):
        hit()
        return orig_table(*a, **k)
    ex.write_table = table
    runpy.run_module("recommender", run_name="__main__")
''')


def _wrapper(tmp_path: Path) -> Path:
    path = tmp_path / "wrap.py"
    if not path.exists():
        path.write_text(WRAPPER, encoding="utf-8")
    return path


def run(*args, fault: str | None = None, tmp_path: Path | None = None, env=None, wait=True):
    cmd = [sys.executable, "-m", "recommender", *map(str, args)] if fault is None else \
        [sys.executable, str(_wrapper(tmp_path)), fault, *map(str, args)]  # fmt: skip
    kw = dict(cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
              env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})})  # fmt: skip
    if not wait:
        return subprocess.Popen(cmd, **kw)
    return subprocess.run(cmd, timeout=300, **kw)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


@pytest.fixture(scope="module")
def previous(tmp_path_factory):
    """A folder with a complete earlier output of every format (screen csv/xlsx/parquet, shortlist csv)."""
    folder = tmp_path_factory.mktemp("prev")
    for name in ("o.csv", "o.xlsx", "o.parquet"):
        r = run("screen", FIRMS, "--out", folder / name, "--top", "2", "--reproducible")
        assert r.returncode == 0, r.stderr
    r = run("shortlist", "CN-ZJ/smart_city", FIRMS, "--out", folder / "s.csv", "--reproducible")
    assert r.returncode == 0, r.stderr
    r = run("recommend", DATA / "samples/firm.json", "--format", "xlsx", "--out", folder / "r.xlsx", "--reproducible")
    assert r.returncode == 0, r.stderr
    return snapshot(folder)


def _fresh(tmp_path: Path, previous: dict[str, bytes]) -> Path:
    folder = tmp_path / "out"
    folder.mkdir()
    for name, data in previous.items():
        (folder / name).write_bytes(data)
    return folder


CASES = [("screen", "o.csv"), ("screen", "o.xlsx"), ("screen", "o.parquet"), ("shortlist", "s.csv"),
         ("recommend", "r.xlsx")]


def _cmd(kind: str, out: Path) -> list:
    if kind == "screen":
        return ["screen", FIRMS, "--out", out, "--top", "3"]
    if kind == "recommend":
        return ["recommend", DATA / "samples/firm.json", "--format", "xlsx", "--out", out, "--preset", "growth"]
    return ["shortlist", "CN-ZJ/smart_city", FIRMS, "--out", out, "--top", "5"]


@pytest.mark.parametrize("kind,name", CASES)
def test_full_disk_leaves_previous_outputs_and_no_strays(tmp_path, previous, kind, name):
    folder = _fresh(tmp_path, previous)
    r = run(*_cmd(kind, folder / name), fault="enospc", tmp_path=tmp_path)
    assert r.returncode == 2
    assert "disk is full" in r.stderr and "earlier outputs are unchanged" in r.stderr
    assert "Traceback" not in r.stderr and "Exception ignored" not in r.stderr, r.stderr
    assert snapshot(folder) == previous  # byte-identical, nothing added (no temporary, no lock file)


@pytest.mark.parametrize("sig,code", [("SIGINT", 130), ("SIGTERM", 143)])
@pytest.mark.parametrize("kind,name", [("screen", "o.csv"), ("screen", "o.xlsx")])
def test_ctrl_c_and_sigterm_end_with_one_sentence(tmp_path, previous, sig, code, kind, name):
    folder = _fresh(tmp_path, previous)
    r = run(*_cmd(kind, folder / name), fault=sig, tmp_path=tmp_path)
    assert r.returncode == code, r.stderr
    last = r.stderr.strip().splitlines()[-1]
    assert "stopped by" in last and "Traceback" not in r.stderr, r.stderr
    assert snapshot(folder) == previous


def test_a_finished_run_replaces_every_output_and_leaves_nothing_else(tmp_path, previous):
    folder = _fresh(tmp_path, previous)
    r = run("screen", FIRMS, "--out", folder / "o.csv", "--top", "3")
    assert r.returncode == 0, r.stderr
    after = snapshot(folder)
    assert set(after) == set(previous)  # no .part, no .lock left behind
    assert after["o.csv"] != previous["o.csv"] and after["o.opportunities.csv"] != previous["o.opportunities.csv"]
    assert oct((folder / "o.csv").stat().st_mode & 0o777) == oct(0o666 & ~_umask())


def _umask() -> int:
    m = os.umask(0o022)
    os.umask(m)
    return m


def test_a_second_run_on_the_same_output_is_refused_naming_the_first(tmp_path, previous):
    folder = _fresh(tmp_path, previous)
    ready = tmp_path / "ready"
    first = run(*_cmd("screen", folder / "o.csv"), fault="hold", tmp_path=tmp_path, wait=False,
                env={"READY": str(ready), "RELEASE": str(tmp_path / "release")})  # fmt: skip
    try:
        deadline = time.time() + 120
        while not ready.exists() and time.time() < deadline and first.poll() is None:
            time.sleep(0.1)
        assert ready.exists(), first.communicate()[1]
        second = run("screen", FIRMS, "--out", folder / "o.csv", "--top", "1")
        assert second.returncode == 2
        assert f"process {first.pid}" in second.stderr and "started" in second.stderr, second.stderr
        # the errors file of the same run is locked too (another --out, the same --errors)
        third = run("screen", FIRMS, "--out", folder / "x.csv", "--errors", folder / "o.errors.csv", "--top", "1")
        assert third.returncode == 2 and f"process {first.pid}" in third.stderr, third.stderr
    finally:
        (tmp_path / "release").write_text("1")
        _, err = first.communicate(timeout=300)
    assert first.returncode == 0, err
    after = snapshot(folder)
    assert not (folder / "x.csv").exists() and set(after) == set(previous)


def test_companion_and_errors_paths_are_checked_against_inputs_and_each_other(tmp_path):
    r3 = tmp_path / "R3.opportunities.csv"
    r3.write_bytes(FIRMS.read_bytes())
    r = run("screen", r3, "--out", tmp_path / "R3.csv")
    assert r.returncode == 2 and "R3.opportunities.csv" in r.stderr and "input" in r.stderr, r.stderr
    assert r3.read_bytes() == FIRMS.read_bytes() and not (tmp_path / "R3.csv").exists()
    r = run("screen", FIRMS, "--out", tmp_path / "R4.csv", "--errors", tmp_path / "R4.opportunities.csv")
    assert r.returncode == 2 and "opportunities table" in r.stderr, r.stderr
    assert not (tmp_path / "R4.csv").exists()
    # --wide and .xlsx have no companion file: the same names are fine there
    r = run("screen", r3, "--out", tmp_path / "R3.csv", "--wide", "--top", "1")
    assert r.returncode == 0, r.stderr
