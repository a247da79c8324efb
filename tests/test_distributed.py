"""The Dask engine gives what the local engine gives: same rows in the same order, same rejected rows (with their
part and row), same accounting — on a LocalCluster with 2 workers; and the CLI writes identical files."""

from __future__ import annotations

import importlib.util
import subprocess
import sys

import pandas as pd
import pytest

pytest.importorskip("dask.distributed")

from features.firms import FirmInputError, read_firm_parts  # noqa: E402
from recommender.distributed import screen_dask, screen_dask_to_file  # noqa: E402
from recommender.screening import screen_table  # noqa: E402
from recommender.weights import preset_weights  # noqa: E402
from tests.conftest import ROOT  # noqa: E402


@pytest.fixture(scope="module")
def client():
    from dask.distributed import Client, LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None) as cluster:
        with Client(cluster) as c:
            yield c


@pytest.fixture(scope="module")
def registry(rec, tmp_path_factory):
    """Five parts (CSV, CP949 CSV, Parquet, JSON) with bad rows, an empty part and ids repeated across parts."""
    spec = importlib.util.spec_from_file_location("bench_screening", ROOT / "benchmarks/bench_screening.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    frame = bench.firms_frame(bench.synthetic_firms(260, rec, seed=5)).astype(str)
    folder = tmp_path_factory.mktemp("registry")
    p1, p2, p3, p4 = frame.iloc[:70].copy(), frame.iloc[70:140].copy(), frame.iloc[140:200].copy(), frame.iloc[200:]
    p1.loc[p1.index[3], "risk_tolerance"] = "reckless"
    p1.loc[p1.index[8], "ai_software"] = "7"
    p2.loc[p2.index[0], "firm_id"] = p1.firm_id.iloc[10]  # repeat across parts
    p3.loc[p3.index[5], "firm_id"] = p1.firm_id.iloc[3]  # repeats a row rejected in its own part
    p3.loc[p3.index[6], "firm_id"] = p3.firm_id.iloc[7]  # repeat within a part
    p4 = p4.copy()
    p4.loc[p4.index[2], "firm_id"] = p2.firm_id.iloc[4]
    p1.to_csv(folder / "part-001.csv", index=False)
    p2.to_csv(folder / "part-002.csv", index=False, encoding="cp949", errors="replace")
    p3.to_parquet(folder / "part-003.parquet")
    p4.to_json(folder / "part-004.json", orient="records", force_ascii=False)
    (folder / "part-005.csv").write_text("")
    return folder


def _local(kb, rec, source, method="wsm"):
    batch = read_firm_parts(source, kb.regions)
    return screen_table(rec, batch.firms, preset_weights(), top=5, method=method), batch


@pytest.mark.parametrize("method", ["wsm", "topsis"])
def test_dask_equals_local_on_a_two_worker_cluster(kb, rec, client, registry, method):
    assert len(client.scheduler_info()["workers"]) == 2
    expected, local = _local(kb, rec, registry, method)
    table, batch = screen_dask(rec, str(registry), preset_weights(), top=5, method=method, client=client,
                               progress=None)  # fmt: skip
    pd.testing.assert_frame_equal(table, expected, check_exact=True)
    assert (batch.received, batch.accepted, batch.rejected_rows) == (local.received, local.accepted,
                                                                     local.rejected_rows)  # fmt: skip
    pd.testing.assert_frame_equal(batch.errors_frame(), local.errors_frame())
    assert batch.warnings == local.warnings and any("part-005.csv" in w for w in batch.warnings)
    batch.check_accounting()


def test_rejected_rows_name_their_part_and_row(rec, client, registry):
    _, batch = screen_dask(rec, str(registry), preset_weights(), client=client, progress=None)
    assert batch.received == 260 and batch.accepted + batch.rejected_rows == 260
    err = batch.errors_frame()
    by_part = err.groupby("source")["row"].apply(list).to_dict()
    assert by_part == {"part-001.csv": [5, 10], "part-002.csv": [2], "part-003.parquet": [6, 8],
                       "part-004.json": [3]}  # fmt: skip
    reasons = dict(zip(zip(err.source, err.row), err.reason))
    assert "first used in part-001.csv row 12" in reasons[("part-002.csv", 2)]
    assert "first used in part-001.csv row 5" in reasons[("part-003.parquet", 6)]
    assert "first used in row 7" in reasons[("part-003.parquet", 8)]  # within the part, as for one file
    assert "first used in part-002.csv row 6" in reasons[("part-004.json", 3)]


def test_output_order_is_parts_by_name_then_input_then_rank(rec, client, registry):
    table, batch = screen_dask(rec, str(registry / "part-00[12].csv"), preset_weights(), client=client,
                               progress=None)  # fmt: skip
    firms = table.firm_id.drop_duplicates().tolist()
    assert firms == sorted(firms)  # the synthetic ids rise with the input order
    ranked = table[table["rank"].notna()]
    assert (ranked.groupby("firm_id", sort=False)["rank"].apply(lambda r: r.is_monotonic_increasing)).all()
    # a firm with coverage "none" has exactly one row, with no rank: every accepted firm is in the output
    unranked = table[table["rank"].isna()]
    assert (unranked["coverage"] == "none").all() and not unranked.firm_id.duplicated().any()
    assert table.firm_id.nunique() == batch.accepted and batch.received == 140


def test_streaming_to_a_file_equals_the_local_file(kb, rec, client, registry, tmp_path):
    from recommender import exporting

    expected, _ = _local(kb, rec, registry)
    exporting.write_table(expected, tmp_path / "local.csv")
    rows, batch = screen_dask_to_file(rec, str(registry), preset_weights(), tmp_path / "dask.csv", client=client,
                                      progress=None)  # fmt: skip
    assert rows == len(expected)
    assert (tmp_path / "dask.csv").read_bytes() == (tmp_path / "local.csv").read_bytes()
    screen_dask_to_file(rec, str(registry), preset_weights(), tmp_path / "dask.parquet", client=client, progress=None)
    pd.testing.assert_frame_equal(pd.read_parquet(tmp_path / "dask.parquet"), expected, check_exact=True)


def test_progress_reports_every_part(rec, client, registry):
    seen = []
    screen_dask(rec, str(registry), preset_weights(), client=client, progress=lambda *a: seen.append(a))
    assert [a[1] for a in seen if a[0] == "read"] == [1, 2, 3, 4, 5]
    assert [a[1] for a in seen if a[0] == "score"] == [1, 2, 3, 4, 5]


def test_a_bad_part_fails_with_its_name(rec, client, tmp_path):
    (tmp_path / "a.csv").write_text("firm_id,name\nA,x\n")
    (tmp_path / "b.csv").write_text("name\nB\n")
    with pytest.raises(FirmInputError, match="b.csv"):
        screen_dask(rec, str(tmp_path), preset_weights(), client=client, progress=None)


def test_cli_dask_and_local_write_identical_files(registry, tmp_path):
    """The real command line, with the default LocalCluster (2 worker threads) and with 2 worker processes."""
    outs = {}
    for engine, extra in (("local", []), ("dask", []), ("dask_processes", ["--dask-processes"])):
        out = tmp_path / f"{engine}.csv"
        proc = subprocess.run([sys.executable, "-m", "recommender", "screen", str(registry), "--out", str(out),
                               "--engine", engine.split("_")[0], "--workers", "2", *extra], cwd=ROOT,
                              capture_output=True, text=True, timeout=300)  # fmt: skip
        assert proc.returncode == 0, proc.stderr
        assert "received 260" in proc.stderr
        outs[engine] = (out.read_bytes(), (tmp_path / f"{engine}.errors.csv").read_bytes())
    assert outs["dask"] == outs["local"]
    assert outs["dask_processes"] == outs["local"]
