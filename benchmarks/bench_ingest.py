"""Ingest speed (issue 15): the 313 KB KIEP report rendered as a PDF → stored, tagged, candidates written; and the
knowledge build with the tagger against the build of the baseline commit, both timed in the same run.

    .venv/bin/python benchmarks/bench_ingest.py [--baseline-ref REF] [--repeat N] [--out results.json]

Prints one JSON object (machine-readable): the PDF's pages and size, how long rendering took (setup, not timed
against a target), ``ingest_seconds`` (the ``python -m recommender ingest`` command end to end in a fresh process,
with the knowledge artifact already built — what an analyst waits for), its passages and candidates, the text
fidelity of the PDF round trip (share of the report's non-space characters recovered in order), and
``build_seconds`` / ``baseline_build_seconds`` (``profiles --rebuild`` in fresh processes, best of ``--repeat``; the
baseline is ``git archive REF``, default the merge base with ``main``) with their ratio. Targets: ingest ≤ 60 s,
build ratio ≤ 2.0. The rendering uses the Nanum Gothic font (``fonts-nanum``) and Noto Sans CJK SC for Chinese
characters (``fonts-noto-cjk``), both installed by ``scripts/setup.sh``.
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
KIEP = ROOT / "data" / "reports" / "kiep_internet_plus_regional_2018.txt"
NANUM = Path("/usr/share/fonts/truetype/nanum/NanumGothic.ttf")
NOTO = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
PY = sys.executable


def render_pdf(text_path: Path, out: Path) -> dict:
    """The stored report as an A4 PDF: its non-blank lines in order, a new page where the stored text starts one
    (a leading space) or after 45 lines, a running head and a ``- N -`` page number on every page."""
    import logging

    from fpdf import FPDF

    logging.getLogger("fontTools").setLevel(logging.ERROR)
    warnings.filterwarnings("ignore")
    lines = [ln for ln in text_path.read_text(encoding="utf-8").splitlines() if ln.strip()]
    pdf = FPDF(format="A4")
    pdf.add_font("nanum", "", str(NANUM))
    fallbacks = []
    if NOTO.is_file():
        pdf.add_font("noto", "", str(NOTO), collection_font_number=2)  # Noto Sans CJK SC
        fallbacks = ["noto"]
    pdf.set_fallback_fonts(fallbacks)
    pdf.set_auto_page_break(False)
    page_lines = 0
    pages = 0

    def new_page():
        nonlocal page_lines, pages
        if pages:
            pdf.set_font("nanum", size=8)
            pdf.set_xy(95, 285)
            pdf.cell(20, 4, f"- {pages} -", align="C")
        pdf.add_page()
        pages += 1
        pdf.set_font("nanum", size=8)
        pdf.set_xy(15, 8)
        pdf.cell(0, 4, "중국 인터넷융합 전략의 특징과 지역 사례 연구")
        pdf.set_font("nanum", size=10)
        page_lines = 0

    t = time.perf_counter()
    new_page()
    for ln in lines:
        if page_lines >= 45 or (ln.startswith(" ") and page_lines > 10):
            new_page()
        pdf.set_xy(15, 18 + page_lines * 5.8)
        pdf.cell(0, 5, ln.strip())
        page_lines += 1
    pdf.set_font("nanum", size=8)
    pdf.set_xy(95, 285)
    pdf.cell(20, 4, f"- {pages} -", align="C")
    pdf.output(str(out))
    return {"pages": pages, "pdf_bytes": out.stat().st_size, "render_seconds": round(time.perf_counter() - t, 2)}


def fidelity(source: Path, stored: Path) -> float:
    """Share of the source's non-space characters that the stored text has, in order (difflib on characters)."""
    a = "".join(source.read_text(encoding="utf-8").split())
    b = "".join(stored.read_text(encoding="utf-8").split())
    sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return round(sum(m.size for m in sm.get_matching_blocks()) / max(len(a), 1), 4)


def timed(cmd: list[str], cwd: Path, env: dict | None = None) -> tuple[float, subprocess.CompletedProcess]:
    t = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True)
    return time.perf_counter() - t, proc


def build_time(code: Path, data: Path, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        shutil.rmtree(data / "build", ignore_errors=True)
        secs, proc = timed([PY, "-m", "recommender", "--data-dir", str(data), "profiles", "--rebuild", "--format",
                            "csv"], code)  # fmt: skip
        if proc.returncode != 0:
            raise SystemExit(f"build failed in {code}: {proc.stderr[-500:]}")
        best = min(best, secs)
    return round(best, 2)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--baseline-ref", default=None, help="git ref of the baseline build (default: merge base with main)")
    ap.add_argument("--repeat", type=int, default=2)
    ap.add_argument("--out", help="also write the JSON here")
    args = ap.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="bench-ingest-"))
    try:
        out: dict = {"machine": {"cpus": os.cpu_count(), "load_1min": round(os.getloadavg()[0], 2)}}
        pdf = work / "kiep_internet_plus_regional_2018.pdf"
        out["pdf"] = render_pdf(KIEP, pdf)
        data = work / "data"
        shutil.copytree(ROOT / "data", data, ignore=shutil.ignore_patterns("build", "candidates"))
        warm, proc = timed([PY, "-m", "recommender", "--data-dir", str(data), "profiles", "--format", "csv"], ROOT)
        out["build_seconds_first"] = round(warm, 2)
        secs, proc = timed([PY, "-m", "recommender", "--data-dir", str(data), "ingest", str(pdf), "--doc-id",
                            "kiep_pdf_bench", "--published", "2018-12", "--format", "json"], ROOT)  # fmt: skip
        if proc.returncode != 0:
            raise SystemExit(f"ingest failed: {proc.stderr[-800:]}")
        res = json.loads(proc.stdout)
        out["ingest_seconds"] = round(secs, 2)
        out["ingest"] = {"pages": res["pages"], "lines": res["lines"], "passages": res["passages"],
                         "candidates": len(res["candidates"])}  # fmt: skip
        out["text_fidelity"] = fidelity(KIEP, data / "reports" / "kiep_pdf_bench.txt")
        out["target_ingest_seconds"] = 60
        out["ingest_ok"] = secs <= 60
        # build with the tagger vs the baseline commit's build, same machine, same run
        cur = work / "data_cur"
        shutil.copytree(ROOT / "data", cur, ignore=shutil.ignore_patterns("build", "candidates"))
        out["build_seconds"] = build_time(ROOT, cur, args.repeat)
        ref = args.baseline_ref
        if ref is None:
            mb = subprocess.run(["git", "merge-base", "HEAD", "main"], cwd=ROOT, capture_output=True, text=True)
            ref = mb.stdout.strip() or None
        if ref:
            base = work / "baseline"
            base.mkdir()
            arch = subprocess.run(["git", "archive", ref], cwd=ROOT, capture_output=True)
            subprocess.run(["tar", "-x", "-C", str(base)], input=arch.stdout, check=True)
            out["baseline_ref"] = ref
            out["baseline_build_seconds"] = build_time(base, base / "data", args.repeat)
            out["build_ratio"] = round(out["build_seconds"] / out["baseline_build_seconds"], 2)
            out["build_ok"] = out["build_ratio"] <= 2.0
        out["load_1min_after"] = round(os.getloadavg()[0], 2)
        text = json.dumps(out, ensure_ascii=False, indent=1)
        print(text)
        if args.out:
            Path(args.out).write_text(text + "\n", encoding="utf-8")
        return 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
