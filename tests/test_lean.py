"""Issue 12: lean screening outputs with a companion table, the fast CSV and streamed XLSX writers, and one big file
split into blocks across Dask workers."""

from __future__ import annotations

import csv
import importlib.util
import io
import json
import subprocess
import sys

import numpy as np
import openpyxl
import pandas as pd
import pytest

from features.firms import read_firms
from recommender import exporting
from recommender.screening import LEAN_COLUMNS, SCREEN_COLUMNS, _Lookups, iter_screen, screen_table
from recommender.weights import preset_weights
from recommender.writers import (
    OPPORTUNITIES_SHEET,
    RESULTS_SHEET,
    ScreenOutput,
    companion_path,
    csv_rows,
    opportunities_frame,
    widen,
    write_screen_output,
)
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("bench_screening", ROOT / "benchmarks/bench_screening.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="module")
def firms(rec, bench):
    f = bench.synthetic_firms(400, rec, seed=11)
    f.name[0] = '=HYPERLINK("http://x")'
    f.firm_id[1] = "-12"
    f.name[2] = 'A, "quoted"\nname'
    f.name[3] = "@SUM(A1)"
    return f


def _read_csv(path) -> pd.DataFrame:
    return pd.read_csv(path, encoding="utf-8-sig", keep_default_na=False, dtype=str)


def _norm(frame: pd.DataFrame) -> pd.DataFrame:
    """Cells as text, numbers through float (``1`` and ``1.0`` alike), missing as ''."""
    out = frame.copy()
    for c in out.columns:
        def cell(v):
            if v is None or v is pd.NA or (isinstance(v, float) and np.isnan(v)) or v == "":
                return ""
            try:
                return repr(float(v))
            except (TypeError, ValueError):
                return str(v)
        out[c] = [cell(v) for v in out[c].tolist()]
    return out.reset_index(drop=True)


def test_lean_joined_with_its_companion_equals_wide_in_memory(rec, firms):
    w = preset_weights()
    wide = screen_table(rec, firms, w)
    lean = pd.concat(list(iter_screen(rec, firms, w, chunk_size=97, layout="lean")), ignore_index=True)
    assert list(lean.columns) == LEAN_COLUMNS
    contract = {"firm_id", "rank", "region_id", "sector_id", "strategy_id", "score", "fit", "tie_group", "coverage"}
    assert contract <= set(lean.columns)
    opps = opportunities_frame(_Lookups(rec), lean["opportunity_key"].dropna().tolist())
    assert opps["opportunity_key"].is_unique and len(opps) == lean["opportunity_key"].nunique()
    pd.testing.assert_frame_equal(widen(lean, opps), wide, check_dtype=False)


def test_lean_csv_and_companion_file_join_to_the_wide_csv(rec, firms, tmp_path):
    w = preset_weights()
    look = _Lookups(rec)
    write_screen_output(iter_screen(rec, firms, w, chunk_size=150, layout="lean"), tmp_path / "lean.csv", look)
    write_screen_output(iter_screen(rec, firms, w, chunk_size=150), tmp_path / "wide.csv", look, "wide")
    lean, opps = _read_csv(tmp_path / "lean.csv"), _read_csv(companion_path(tmp_path / "lean.csv"))
    assert companion_path(tmp_path / "lean.csv").name == "lean.opportunities.csv"
    joined = lean.merge(opps.drop(columns=["opportunity_id", "region_id", "sector_id", "strategy_id"]),
                        on="opportunity_key", how="left")  # fmt: skip
    joined["data_version"] = rec.kb.data_version
    assert _norm(joined[SCREEN_COLUMNS]).equals(_norm(_read_csv(tmp_path / "wide.csv")))
    # the wide CSV carries the same values as the old writer (exporting.csv_bytes), parsed
    (tmp_path / "old.csv").write_bytes(exporting.csv_bytes(screen_table(rec, firms, w)))
    assert _norm(_read_csv(tmp_path / "old.csv")).equals(_norm(_read_csv(tmp_path / "wide.csv")))
    assert (tmp_path / "lean.csv").stat().st_size * 4 < (tmp_path / "wide.csv").stat().st_size


def test_csv_rows_are_bom_quoted_and_neutralised(rec, firms, tmp_path):
    write_screen_output(iter_screen(rec, firms, preset_weights(), layout="lean"), tmp_path / "o.csv", _Lookups(rec))
    raw = (tmp_path / "o.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" not in raw
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    by_id = {r["firm_id"]: r for r in rows}
    assert by_id[firms.firm_id[0]]["firm_name"] == "'" + firms.name[0]
    assert "'-12" in by_id and by_id[firms.firm_id[2]]["firm_name"] == 'A, "quoted"\nname'
    assert by_id[firms.firm_id[3]]["firm_name"] == "'@SUM(A1)"
    frame = pd.DataFrame({"firm_id": ["=1", "ok"], "firm_name": ["+x", None], "score": [1.0, np.nan]})
    assert csv_rows(frame) == b"'=1,'+x,1\nok,,\n"


def test_streamed_xlsx_opens_with_the_same_sheets_and_safe_cells(rec, firms, tmp_path):
    w = preset_weights()
    look = _Lookups(rec)
    frames = list(iter_screen(rec, firms, w, chunk_size=90, layout="lean"))
    rejected = pd.DataFrame({"row": [7], "firm_id": ["=cmd|' /C calc'!A0"], "column": ["x"], "reason": ["bad"]})
    info = exporting.run_info(rec.kb.data_version, w.as_dict(), "wsm", rec.kb.vintage)
    out = ScreenOutput(tmp_path / "o.xlsx", look, "lean", max_sheet_rows=700)  # force the split over sheets
    for f in frames:
        out.write(f)
    out.close(rejected=rejected, info=info)
    lean = pd.concat(frames, ignore_index=True)
    wb = openpyxl.load_workbook(tmp_path / "o.xlsx")
    parts = -(-len(lean) // 699)
    results = [RESULTS_SHEET] + [f"{RESULTS_SHEET} ({k})" for k in range(2, parts + 1)]
    assert wb.sheetnames == [*results, OPPORTUNITIES_SHEET, "거부된 행 rejected", "정보 info"]
    got = pd.concat([pd.read_excel(tmp_path / "o.xlsx", sheet_name=s, keep_default_na=False) for s in results])
    expected = lean.copy()
    for c in ("firm_id", "firm_name"):
        expected[c] = expected[c].map(exporting.safe_cell)
    assert _norm(got).equals(_norm(expected))
    ws = wb[RESULTS_SHEET]
    assert ws.freeze_panes == "A2" and ws["A1"].font.b and ws["A1"].value == "firm_id"
    cells = {c.value for row in ws.iter_rows(min_row=2, max_row=40) for c in row}
    assert "'" + firms.name[0] in cells and "'@SUM(A1)" in cells
    assert all(c.data_type != "f" for row in ws.iter_rows() for c in row)  # no formulas anywhere
    assert wb["거부된 행 rejected"]["B2"].value == "'=cmd|' /C calc'!A0"
    opps = pd.read_excel(tmp_path / "o.xlsx", sheet_name=OPPORTUNITIES_SHEET)
    assert set(opps["opportunity_key"]) == set(lean["opportunity_key"].dropna())


def test_app_workbook_from_the_wide_table_equals_the_streamed_one(rec, firms, tmp_path):
    """The app holds the wide table; its download is the CLI's lean workbook (same sheets, same result rows)."""
    from recommender.writers import lean_from_wide, screen_xlsx_bytes

    w = preset_weights()
    look = _Lookups(rec)
    lean = lean_from_wide(screen_table(rec, firms, w), look)
    pd.testing.assert_frame_equal(lean, pd.concat(list(iter_screen(rec, firms, w, layout="lean")), ignore_index=True))
    seen = []
    (tmp_path / "app.xlsx").write_bytes(screen_xlsx_bytes(lean, look, chunk=500, progress=lambda d, n: seen.append(d)))
    write_screen_output(iter_screen(rec, firms, w, layout="lean"), tmp_path / "cli.xlsx", look)
    assert seen[-1] == len(lean) and len(seen) == -(-len(lean) // 500)
    a = pd.read_excel(tmp_path / "app.xlsx", sheet_name=None)
    b = pd.read_excel(tmp_path / "cli.xlsx", sheet_name=None)
    assert list(a) == list(b) == [RESULTS_SHEET, OPPORTUNITIES_SHEET]
    for name in a:
        pd.testing.assert_frame_equal(a[name], b[name])


def test_lean_json_is_one_object_with_rows_and_opportunities(rec, firms, tmp_path):
    look = _Lookups(rec)
    n = write_screen_output(iter_screen(rec, firms.slice(0, 30), preset_weights(), layout="lean"),
                            tmp_path / "o.json", look)  # fmt: skip
    obj = json.loads((tmp_path / "o.json").read_text(encoding="utf-8"))
    assert obj["layout"] == "lean" and len(obj["rows"]) == n and list(obj["rows"][0]) == LEAN_COLUMNS
    keys = {str(r["opportunity_key"]) for r in obj["rows"] if r["opportunity_key"] is not None}
    assert set(obj["opportunities"]) == keys
    some = obj["opportunities"][next(iter(keys))]
    assert {"evidence", "implication_ids", "precedents", "policy", "confidence"} <= set(some)


def test_lean_parquet_has_its_companion(rec, firms, tmp_path):
    look = _Lookups(rec)
    write_screen_output(iter_screen(rec, firms, preset_weights(), chunk_size=100, layout="lean"),
                        tmp_path / "o.parquet", look)  # fmt: skip
    lean = pd.read_parquet(tmp_path / "o.parquet")
    opps = pd.read_parquet(companion_path(tmp_path / "o.parquet"))
    pd.testing.assert_frame_equal(widen(lean, opps), screen_table(rec, firms, preset_weights()), check_dtype=False)


# ---------------------------------------------------------------- one big file, several Dask workers


@pytest.fixture(scope="module")
def big_csv(rec, bench, tmp_path_factory):
    """A CP949 CSV with two title rows above the header, a quoted line break, and rejected rows in every block."""
    f = bench.firms_frame(bench.synthetic_firms(1200, rec, seed=13)).astype(str)
    f.loc[5, "risk_tolerance"] = "reckless"
    f.loc[700, "firm_id"] = f.firm_id[10]  # a repeat in a later block
    f.loc[1150, "ai_software"] = "9"
    f.loc[300, "name"] = 'two\nlines, "quoted"'
    pad = "," * (f.shape[1] - 1)
    path = tmp_path_factory.mktemp("big") / "registry.csv"
    path.write_bytes(("기업 목록 2024" + pad + "\n" + pad + "\n" + f.to_csv(index=False)).encode("cp949"))
    return path


def test_plan_blocks_cuts_whole_records_and_counts_rows(big_csv):
    from recommender.distributed import plan_blocks

    blocks = plan_blocks(big_csv, big_csv.stat().st_size // 4)
    assert len(blocks) >= 3 and blocks[0].start == 0 and blocks[-1].stop == big_csv.stat().st_size
    assert all(a.stop == b.start for a, b in zip(blocks, blocks[1:]))
    raw = big_csv.read_bytes()
    text = raw.decode("cp949")
    records = list(csv.reader(io.StringIO(text)))
    for b in blocks[1:]:
        before = list(csv.reader(io.StringIO(raw[: b.start].decode("cp949"))))
        assert b.first_row == len(before) + 1 and raw[b.start - 1 : b.start] == b"\n"
        assert b.encoding == "cp949" and b.header_row == 2
    assert sum(1 for _ in records) >= 1200


@pytest.fixture(scope="module")
def client():
    pytest.importorskip("dask.distributed")
    from dask.distributed import Client, LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None) as cluster:
        with Client(cluster) as c:
            yield c


@pytest.mark.parametrize("layout", ["lean", "wide"])
def test_dask_on_one_file_in_blocks_equals_local_byte_for_byte(kb, rec, client, big_csv, tmp_path, layout):
    from recommender.distributed import screen_dask_frames

    w = preset_weights()
    look = _Lookups(rec)
    local = read_firms(big_csv, kb.regions)
    write_screen_output(iter_screen(rec, local.firms, w, layout=layout), tmp_path / "local.csv", look, layout)
    batch, frames = screen_dask_frames(rec, str(big_csv), w, client=client, progress=None, layout=layout,
                                       block_bytes=big_csv.stat().st_size // 4)  # fmt: skip
    frames = list(frames)
    assert len(frames) >= 3  # one per block
    write_screen_output(frames, tmp_path / "dask.csv", look, layout)
    assert (tmp_path / "dask.csv").read_bytes() == (tmp_path / "local.csv").read_bytes()
    if layout == "lean":
        assert companion_path(tmp_path / "dask.csv").read_bytes() == companion_path(tmp_path / "local.csv").read_bytes()
    assert (batch.received, batch.accepted) == (local.received, local.accepted)
    assert exporting.csv_bytes(batch.errors_frame()) == exporting.csv_bytes(local.errors_frame())
    rows = {e.row: e.reason for e in batch.rejected}
    # header on line 3: data frame index i is file row i + 4, counting the quoted line break as one record
    assert set(rows) == {9, 704, 1154}
    assert rows[704] == "duplicate firm_id (first used in row 14)"


def test_dask_on_one_parquet_file_uses_its_row_groups(kb, rec, client, bench, tmp_path):
    from recommender.distributed import plan_blocks, screen_dask_frames

    f = bench.firms_frame(bench.synthetic_firms(600, rec, seed=17)).astype(str)
    f.loc[450, "employees"] = "many"
    f.to_parquet(tmp_path / "reg.parquet", row_group_size=150)
    blocks = plan_blocks(tmp_path / "reg.parquet", 1)
    assert [b.first_row for b in blocks] == [1, 151, 301, 451]
    w = preset_weights()
    local = read_firms(tmp_path / "reg.parquet", kb.regions)
    batch, frames = screen_dask_frames(rec, str(tmp_path / "reg.parquet"), w, client=client, progress=None,
                                       layout="lean", block_bytes=1)  # fmt: skip
    pd.testing.assert_frame_equal(pd.concat(list(frames), ignore_index=True),
                                  pd.concat(list(iter_screen(rec, local.firms, w, layout="lean")), ignore_index=True))
    assert [e.row for e in batch.rejected] == [e.row for e in local.rejected] == [451]


def test_cli_screen_lean_by_default_and_wide_on_request(tmp_path):
    src = tmp_path / "firms.csv"
    src.write_text("firm_id,name,ai_software,cloud_big_data\nA,=알파,5,4\nB,베타,3,5\n", encoding="utf-8")
    for flag in ([], ["--wide"]):
        out = tmp_path / f"o{len(flag)}.csv"
        r = subprocess.run([sys.executable, "-m", "recommender", "screen", str(src), "--out", str(out), *flag],
                           cwd=ROOT, capture_output=True, text=True, timeout=120)  # fmt: skip
        assert r.returncode == 0, r.stderr
        header = out.read_text(encoding="utf-8-sig").splitlines()[0].split(",")
        assert header == (SCREEN_COLUMNS if flag else LEAN_COLUMNS)
        assert companion_path(out).exists() != bool(flag)


def test_e2e_benchmark_smoke(tmp_path):
    """The whole-command benchmark at a small N: real CLI runs, one JSON line per (N, format), plus the engine."""
    proc = subprocess.run([sys.executable, "benchmarks/bench_screening.py", "--e2e", "--firms", "2k", "--json",
                           "--naive-sample", "20", "--pymcdm-sample", "20", "--e2e-dir", str(tmp_path)],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    lines = [json.loads(x) for x in proc.stdout.splitlines() if x.strip()]
    e2e = [x for x in lines if x.get("kind") == "e2e"]
    assert {x["format"] for x in e2e} == {"csv", "parquet", "xlsx"}
    for x in e2e:
        assert x["firms"] == 2000 and x["wall_s"] > 0 and x["cpu_s"] > 0 and x["peak_rss_mb"] > 0 and x["output_mb"] > 0
        assert x["rows"] >= 2000 and x["exit"] == 0
    assert any(x.get("kind") == "engine" and x["firms"] == 2000 for x in lines)


def test_dask_blocks_of_a_utf8_bom_file_with_korean_headers(kb, rec, client, bench, tmp_path):
    from recommender.distributed import plan_blocks, screen_dask_frames

    f = bench.firms_frame(bench.synthetic_firms(500, rec, seed=19)).astype(str)
    f = f.rename(columns={"firm_id": "기업ID", "name": "기업명"})
    f.loc[333, "기업ID"] = ""
    path = tmp_path / "bom.csv"
    path.write_bytes(f.to_csv(index=False).encode("utf-8-sig"))
    blocks = plan_blocks(path, path.stat().st_size // 3)
    assert len(blocks) >= 3 and {b.encoding for b in blocks} == {"utf-8-sig"} and blocks[0].header_row == 0
    w = preset_weights()
    local = read_firms(path, kb.regions)
    batch, frames = screen_dask_frames(rec, str(path), w, client=client, progress=None, layout="lean",
                                       block_bytes=path.stat().st_size // 3)  # fmt: skip
    pd.testing.assert_frame_equal(pd.concat(list(frames), ignore_index=True),
                                  pd.concat(list(iter_screen(rec, local.firms, w, layout="lean")), ignore_index=True))
    assert [(e.row, e.reason) for e in batch.rejected] == [(e.row, e.reason) for e in local.rejected]
    assert [e.row for e in batch.rejected] == [335]


def test_app_builds_a_large_workbook_on_request_with_progress(monkeypatch):
    """Over the app's size limit the workbook is built when asked (progress bar), then offered for download."""
    pytest.importorskip("streamlit")
    from tests import test_app as app
    from ui import exports

    monkeypatch.setattr(exports, "LARGE_DOWNLOAD_ROWS", 10)  # the sample's results count as large
    at = app.new_app().switch_page("views/screening.py").run()
    at.file_uploader[0].set_value(("firms.csv", app.SAMPLES_CSV.read_bytes(), "text/csv")).run()
    at.button(key="scr_run_btn").click().run()
    assert "scr_dl_xlsx" not in {b.key for b in at.download_button}
    at.button(key="scr_prep_xlsx").click().run()
    app.assert_clean(at)
    assert "scr_dl_xlsx" in {b.key for b in at.download_button}
    from ui import session_memory  # the workbook is kept where it is given back when the session closes

    key, blob = next(d["built"] for d in session_memory.held("scr_xlsx") if "built" in d)
    wb = openpyxl.load_workbook(io.BytesIO(blob), read_only=True)
    assert wb.sheetnames == [RESULTS_SHEET, OPPORTUNITIES_SHEET, "거부된 행 rejected", "정보 info"]
