"""Screening at scale: chunked = unchunked, top-k = full sort, screen = one-firm recommend, exact fast kernels,
streaming output, Parquet round trip, fast CSV reading, and registries split into parts."""

from __future__ import annotations

import importlib.util
import json

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from features import firms as firms_mod
from features.firms import FirmInputError, FirmTable, read_firm_parts, read_firms
from recommender import exporting, kernels
from recommender.screening import (
    SCREEN_COLUMNS,
    ScreenWriter,
    iter_screen,
    screen_pairs,
    screen_table,
    shortlist_table,
    write_screen,
)
from recommender.weights import make_weights, preset_weights
from tests.conftest import DATA, ROOT

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
WEIGHTS = [preset_weights("balanced"), preset_weights("conservative"), make_weights({"fit": 1.0}),
           make_weights({"policy": 0.2, "demand": 0.2, "risk": 0.6})]  # fmt: skip


def _bench():
    spec = importlib.util.spec_from_file_location("bench_screening", ROOT / "benchmarks/bench_screening.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="module")
def bench():
    return _bench()


@pytest.fixture(scope="module")
def firms(rec, bench) -> FirmTable:
    """400 synthetic firms, with a few that exclude almost every region (fewer finite scores than k)."""
    table = bench.synthetic_firms(400, rec, seed=7)
    regions = sorted(set(rec.region_ids.tolist()))
    table.excluded_regions[3] = tuple(regions[:-1])  # one region left: 11 opportunities
    table.excluded_regions[4] = tuple(regions)  # nothing left
    table.preferred_regions[5] = ("CN-XJ",)  # a region with no profile
    table.capabilities[6] = 0  # fits all zero: ties everywhere, broken by id
    return table


@pytest.fixture(scope="module")
def plain(rec, bench) -> FirmTable:
    """300 synthetic firms as a file could hold them (known regions only)."""
    return bench.synthetic_firms(300, rec, seed=9)


# ---------------------------------------------------------------- top-k


score_matrices = st.integers(1, 6).flatmap(lambda n: st.integers(1, 30).flatmap(lambda p: st.lists(
    st.sampled_from([0.0, 0.25, 0.5, 0.75, 1.0, 0.1 + 0.2, 0.3, -np.inf]), min_size=n * p, max_size=n * p
).map(lambda v: np.array(v, dtype=np.float64).reshape(n, p))))  # fmt: skip


@SETTINGS
@given(scores=score_matrices, k=st.integers(1, 40))
def test_top_k_equals_first_k_of_full_stable_sort(scores, k):
    full = np.argsort(-scores, axis=1, kind="stable")[:, : min(k, scores.shape[1])]
    assert np.array_equal(kernels.top_k(scores, k), full)
    idx, vals = kernels.top_k_inplace(scores.copy(), k)
    assert np.array_equal(idx, full)
    assert np.array_equal(vals, np.take_along_axis(scores, full, axis=1))


def test_top_k_on_real_scores_equals_full_sort(rec, firms):
    block = rec.score_block(firms, preset_weights())
    for k in (1, 5, 16, 17, 50, len(rec.profiles)):
        assert np.array_equal(kernels.top_k(block.score, k), np.argsort(-block.score, axis=1, kind="stable")[:, :k])


# ---------------------------------------------------------------- exact fast kernels


@SETTINGS
@given(data=st.data(), n=st.integers(1, 8), p=st.integers(1, 25))
def test_topsis_by_columns_is_bit_identical_to_the_stacked_form(data, n, p):
    grid = st.sampled_from([0.0, 0.1, 0.25, 1 / 3, 0.5, 0.7, 1.0])
    m = np.array(data.draw(st.lists(grid, min_size=n * p * 4, max_size=n * p * 4))).reshape(n, p, 4)
    w = np.array(data.draw(st.lists(st.floats(0.01, 1.0), min_size=4, max_size=4)))
    w = w / w.sum()
    cost = np.array([False, False, False, True])
    assert np.array_equal(kernels.topsis(m, w, cost), kernels._topsis_stacked(m, w, cost))
    same = m.copy()
    same[:, :, 1] = m[0, :, 1]  # a criterion equal for every firm may be given once, as (1, P)
    cols = [same[:, :, 0], same[:1, :, 1], same[:, :, 2], same[:, :, 3]]
    assert np.array_equal(kernels.topsis_columns(cols, w, cost), kernels._topsis_stacked(same, w, cost))


def test_region_mask_equals_per_firm_isin(rec, firms):
    lists = firms.preferred_regions + firms.excluded_regions + [("CN-XJ", "CN-BJ"), ()]
    slow = np.array([np.isin(rec.region_ids, r) if r else np.zeros(len(rec.profiles), bool) for r in lists])
    assert np.array_equal(rec.region_mask(lists), slow)


# ---------------------------------------------------------------- chunked = unchunked, screen = recommend


@pytest.mark.parametrize("method", ["wsm", "topsis"])
def test_top_pairs_does_not_depend_on_the_block_size(rec, firms, method):
    w = preset_weights()
    ref = rec.top_pairs(firms, w, 5, method, block_rows=len(firms))
    for rows in (1, 7, 64):
        got = rec.top_pairs(firms, w, 5, method, block_rows=rows)
        for f in ("firm", "rank", "opp", "strategy", "score", "fit", "risk", "tie_group", "coverage"):
            assert np.array_equal(getattr(got, f), getattr(ref, f)), (rows, f)


@pytest.mark.parametrize("method", ["wsm", "topsis"])
def test_top_pairs_equals_top_then_choose_strategies(rec, firms, method):
    w = preset_weights("growth")
    block, idx, groups = rec.top(firms, w, 5, method)
    pairs = rec.top_pairs(firms, w, 5, method)
    f = np.repeat(np.arange(len(firms)), idx.shape[1])
    o = idx.ravel()
    keep = np.isfinite(block.score[f, o])
    assert np.array_equal(pairs.tie_group, groups.ravel()[keep])
    strat, _ = rec.choose_strategies(firms, f[keep], o[keep])
    assert np.array_equal(pairs.firm, f[keep]) and np.array_equal(pairs.opp, o[keep])
    assert np.array_equal(pairs.strategy, strat)
    assert np.array_equal(pairs.score, block.score[f[keep], o[keep]])
    assert np.array_equal(pairs.fit, block.fit[f[keep], o[keep]])
    assert np.array_equal(pairs.risk, block.risk_eff[f[keep], o[keep]])


@pytest.mark.parametrize("method", ["wsm", "topsis"])
def test_chunked_equals_unchunked_for_any_chunk_and_thread_count(rec, firms, method):
    w = preset_weights()
    whole = screen_table(rec, firms, w, top=5, method=method, chunk_size=len(firms), workers=1)
    assert list(whole.columns) == SCREEN_COLUMNS
    for chunk, workers in ((1, 1), (37, 2), (100, 3), (10_000, 2)):
        got = screen_table(rec, firms, w, top=5, method=method, chunk_size=chunk, workers=workers)
        pd.testing.assert_frame_equal(got, whole, check_exact=True)
    pairs = screen_pairs(rec, firms, w, top=5, method=method, chunk_size=33)
    ranked = whole[whole["rank"].notna()]
    assert len(pairs) == len(ranked) and len(whole) == len(ranked) + int((pairs.coverage == 0).sum())
    assert np.array_equal(np.round(pairs.score, 4), ranked["score"].to_numpy())


def test_excluded_regions_and_short_lists(rec, firms):
    table = screen_table(rec, firms, preset_weights(), top=40)
    regions = sorted(set(rec.region_ids.tolist()))
    only = table[table.firm_id == firms.firm_id[3]]
    # one region allowed: at most one row per sector, all in that region (fewer passing scores than k: all kept)
    assert len(only) <= len(rec.sector_list) and set(only.region_id.dropna()) <= {regions[-1]}
    # everything excluded: exactly one row, coverage none, no rank — the firm is never missing from the output
    gone = table[table.firm_id == firms.firm_id[4]]
    assert len(gone) == 1 and gone.coverage.iloc[0] == "none" and pd.isna(gone["rank"].iloc[0])
    ranked = table[table["rank"].notna()]
    assert (ranked.groupby("firm_id")["rank"].apply(lambda r: list(r) == list(range(1, len(r) + 1)))).all()
    assert set(table.firm_id) == set(firms.firm_id)


@pytest.mark.parametrize("method", ["wsm", "topsis"])
def test_screen_rows_equal_the_one_firm_recommendation(rec, firms, method):
    sample = firms.take(list(range(0, 12)) + list(range(100, 400, 25)))
    for w in WEIGHTS[:2]:
        table = screen_table(rec, sample, w, top=5, method=method, chunk_size=5)
        for i in range(len(sample)):
            one = rec.recommend(sample, i, w, top=5, method=method, with_robustness=False)
            rows = table[table.firm_id == one["firm_id"]]
            assert (rows.coverage == one["coverage"]["status"]).all()
            if one["coverage"]["status"] == "none":
                assert len(rows) == 1 and pd.isna(rows["rank"].iloc[0])
                continue
            assert len(rows) == len(one["recommendations"])
            for (_, row), r in zip(rows.iterrows(), one["recommendations"]):
                assert (row["rank"], row.tie_group, row.region_id, row.sector_id, row.strategy_id) == (
                    r["rank"], r["tie_group"], r["region_id"], r["sector_id"], r["strategy_id"])  # fmt: skip
                assert row.precedents == ";".join(r["precedents"])
                assert row.score == r["score"]
                assert row.fit == r["components"]["fit"] and row.risk == r["components"]["risk"]
                assert row.implication_ids == ";".join(r["implication_ids"])


def test_screen_of_the_sample_file_equals_recommend(rec, kb):
    batch = read_firms(DATA / "samples/firms.csv", kb.regions)
    table = screen_table(rec, batch.firms, preset_weights(), top=3)
    for i in range(len(batch.firms)):
        one = rec.recommend(batch.firms, i, preset_weights(), top=3, with_robustness=False)
        rows = table[table.firm_id == one["firm_id"]].dropna(subset=["rank"])
        assert list(rows.region_id + "/" + rows.sector_id + "/" + rows.strategy_id) == [
            f"{r['region_id']}/{r['sector_id']}/{r['strategy_id']}" for r in one["recommendations"]]  # fmt: skip


def test_shortlist_is_unchanged_by_chunking(rec, firms):
    a = shortlist_table(rec, "CN-ZJ", "smart_city", firms, preset_weights(), top=None, chunk_size=len(firms))
    b = shortlist_table(rec, "CN-ZJ", "smart_city", firms, preset_weights(), top=None, chunk_size=13)
    pd.testing.assert_frame_equal(a, b, check_exact=True)
    assert firms.firm_id[4] not in set(a.firm_id)


def test_memory_is_bounded_by_the_chunk(rec, bench):
    """The numeric result is 56 bytes per kept pair; nothing of size firms × profiles survives a chunk."""
    many = bench.synthetic_firms(20_000, rec, seed=3)
    pairs = screen_pairs(rec, many, preset_weights(), top=5, chunk_size=2_000)
    nbytes = sum(getattr(pairs, f).nbytes for f in ("firm", "rank", "opp", "strategy", "score", "fit", "risk"))
    assert nbytes <= 60 * 5 * len(many)


# ---------------------------------------------------------------- streaming output, Parquet in and out


def test_streamed_files_equal_the_whole_table_written_at_once(rec, firms, tmp_path):
    w = preset_weights()
    whole = screen_table(rec, firms, w)
    for suffix in (".csv", ".json"):
        exporting.write_table(whole, tmp_path / f"whole{suffix}")
        rows = write_screen(iter_screen(rec, firms, w, chunk_size=33), tmp_path / f"stream{suffix}")
        assert rows == len(whole)
        assert (tmp_path / f"stream{suffix}").read_bytes() == (tmp_path / f"whole{suffix}").read_bytes(), suffix
    write_screen(iter_screen(rec, firms, w, chunk_size=33), tmp_path / "stream.parquet")
    pd.testing.assert_frame_equal(pd.read_parquet(tmp_path / "stream.parquet"), whole, check_exact=True)
    assert json.loads((tmp_path / "stream.json").read_text(encoding="utf-8"))[0]["rank"] == 1


@pytest.mark.parametrize("suffix", [".csv", ".json", ".parquet"])
def test_streaming_nothing_writes_an_empty_table(tmp_path, suffix):
    with ScreenWriter(tmp_path / f"e{suffix}"):
        pass
    if suffix == ".parquet":
        assert list(pd.read_parquet(tmp_path / "e.parquet").columns) == SCREEN_COLUMNS
    elif suffix == ".json":
        assert json.loads((tmp_path / "e.json").read_text()) == []
    else:
        assert pd.read_csv(tmp_path / "e.csv", encoding="utf-8-sig").columns.tolist() == SCREEN_COLUMNS


def _same_firms(a: FirmTable, b: FirmTable) -> None:
    for k, v in a.__dict__.items():
        if k == "row":
            continue
        other = b.__dict__[k]
        assert (np.array_equal(v, other) if isinstance(v, np.ndarray) else list(v) == list(other)), k


def test_parquet_round_trip_of_firms_and_results(rec, kb, plain, bench, tmp_path):
    firms = plain
    frame = bench.firms_frame(firms)
    frame.to_csv(tmp_path / "f.csv", index=False)
    frame.astype(str).to_parquet(tmp_path / "strings.parquet")
    frame.to_parquet(tmp_path / "typed.parquet")  # numbers as numbers
    from_csv = read_firms(tmp_path / "f.csv", kb.regions)
    assert from_csv.accepted == len(firms) and not from_csv.rejected
    _same_firms(from_csv.firms, firms)
    for name in ("strings.parquet", "typed.parquet"):
        batch = read_firms(tmp_path / name, kb.regions)
        assert batch.accepted == len(firms) and not batch.rejected, batch.rejected[:2]
        _same_firms(batch.firms, firms)
    table = screen_table(rec, from_csv.firms, preset_weights())
    exporting.write_table(table, tmp_path / "out.parquet")
    pd.testing.assert_frame_equal(pd.read_parquet(tmp_path / "out.parquet"), table, check_exact=True)


def test_parquet_list_columns_are_read_as_lists(kb, tmp_path):
    pd.DataFrame({"firm_id": ["A", "B"], "preferred_regions": [["CN-BJ", "CN-SH"], []],
                  "certifications": [["ISO9001"], None], "ai_software": [4, None]}).to_parquet(tmp_path / "l.parquet")  # fmt: skip
    batch = read_firms(tmp_path / "l.parquet", kb.regions)
    assert not batch.rejected
    assert batch.firms.preferred_regions == [("CN-BJ", "CN-SH"), ()]
    assert batch.firms.certifications == [("ISO9001",), ()]
    assert batch.firms.capabilities[:, 0].tolist() == [4, 0]


# ---------------------------------------------------------------- fast CSV reading


TRICKY = [
    "firm_id,name,employees\nA,\"multi\nline\",3\nB,\"q\"\"uote\",4\n",
    "firm_id,name\n\nA,blank line above\n",
    "title row\n,\nfirm_id,name\nA,x\n",
    "firm_id,name\r\nA,crlf\r\n",
    "firm_id,name,employees\nA,short\n",
    "firm_id,name\nA, padded \n,\n",
]


@pytest.mark.parametrize("text", TRICKY)
def test_arrow_csv_reader_gives_the_same_grid_as_pandas(monkeypatch, text):
    def read(limit):
        monkeypatch.setattr(firms_mod.readers, "FAST_CSV_CHARS", limit)
        try:
            return firms_mod.read_csv_text(text), None
        except (pd.errors.ParserError, FirmInputError) as exc:
            return None, type(exc)

    fast, slow = read(1), read(10**12)
    if fast[0] is None or slow[0] is None:
        assert fast[1] == slow[1]
    else:
        pd.testing.assert_frame_equal(fast[0], slow[0])


def test_large_csv_takes_the_fast_path_and_validates_identically(kb, plain, bench, tmp_path, monkeypatch):
    firms = plain
    text = bench.firms_frame(firms).to_csv(index=False)
    raw = text.replace("\n", "\r\n", 5).encode("cp949", errors="replace")
    fast = read_firms(tmp_path / "x.csv", kb.regions, data=raw)
    monkeypatch.setattr(firms_mod.readers, "FAST_CSV_CHARS", 10**12)
    slow = read_firms(tmp_path / "x.csv", kb.regions, data=raw)
    assert len(text) > 1000 and fast.accepted == slow.accepted == len(firms)
    _same_firms(fast.firms, slow.firms)
    assert fast.firms.row.tolist() == slow.firms.row.tolist()


@pytest.mark.parametrize("values", [["1", "", "23", "007"], ["1.5", "", "x", "1e3"], ["", ""], ["-1", "2"],
                                    ["9" * 16, "3"], [" 4", "5"], ["١٢", "3"]])  # fmt: skip
def test_fast_number_parsing_equals_pandas(values):
    s = pd.Series(values, dtype="str")
    expected = pd.to_numeric(s, errors="coerce").to_numpy(dtype=float)
    assert np.array_equal(firms_mod._to_float(s), expected, equal_nan=True)


# ---------------------------------------------------------------- a registry in parts (local engine)


def _write_parts(folder, bench, rec, n=90):
    folder.mkdir()
    frame = bench.firms_frame(bench.synthetic_firms(n, rec, seed=11)).astype(str)
    a, b, c = frame.iloc[:30].copy(), frame.iloc[30:60].copy(), frame.iloc[60:].copy()
    a.loc[a.index[2], "employees"] = "many"  # rejected in its part
    b.loc[b.index[0], "firm_id"] = a.firm_id.iloc[5]  # repeats an id of an earlier part
    c.loc[c.index[1], "firm_id"] = a.firm_id.iloc[2]  # repeats the id of a row rejected in an earlier part
    a.to_csv(folder / "part-a.csv", index=False)
    b.to_parquet(folder / "part-b.parquet")
    c.to_csv(folder / "part-c.csv", index=False, encoding="utf-8-sig")
    (folder / "_SUCCESS").write_text("")
    (folder / "notes.md").write_text("not a part")
    return frame


def test_parts_are_read_in_label_order_with_sources_and_accounting(kb, rec, bench, tmp_path):
    frame = _write_parts(tmp_path / "reg", bench, rec)
    batch = read_firm_parts(tmp_path / "reg", kb.regions)
    batch.check_accounting()
    assert batch.received == 90 and batch.accepted == 87 and batch.rejected_rows == 3
    err = batch.errors_frame()
    assert list(err.columns) == ["source", "row", "firm_id", "column", "reason"]
    assert err.source.tolist() == ["part-a.csv", "part-b.parquet", "part-c.csv"]
    assert err.row.tolist() == [4, 1, 3]  # CSV rows count the header; Parquet rows are records
    assert "first used in part-a.csv row 7" in err.reason.iloc[1]
    assert "first used in part-a.csv row 4" in err.reason.iloc[2]
    assert batch.firms.firm_id.tolist()[:2] == frame.firm_id.tolist()[:2]
    assert read_firms(tmp_path / "reg", kb.regions).accepted == 87  # read_firms takes a folder too
    globbed = read_firms(str(tmp_path / "reg" / "part-*.csv"), kb.regions)
    assert globbed.received == 60 and globbed.accepted == 58  # without b; c still repeats a's (rejected) row


def test_a_bad_part_is_named_and_an_empty_part_is_a_warning(kb, tmp_path):
    (tmp_path / "p").mkdir()
    (tmp_path / "p" / "a.csv").write_text("firm_id,name\nA,x\n")
    (tmp_path / "p" / "b.csv").write_text("")
    batch = read_firm_parts(tmp_path / "p", kb.regions)
    assert batch.accepted == 1 and any("b.csv" in w for w in batch.warnings)
    (tmp_path / "p" / "c.csv").write_text("name\nB\n")
    with pytest.raises(FirmInputError, match="c.csv"):
        read_firm_parts(tmp_path / "p", kb.regions)
    with pytest.raises(FirmInputError, match="no firm files"):
        read_firm_parts(str(tmp_path / "p" / "*.xlsx"), kb.regions)


def test_single_file_errors_keep_their_old_shape(kb):
    batch = read_firms("x.csv", kb.regions, data=b"firm_id,employees\nA,lots\n")
    assert list(batch.errors_frame().columns) == ["row", "firm_id", "column", "reason"]
    assert batch.rejected[0].as_dict() == {"row": 2, "firm_id": "A", "column": "employees",
                                           "reason": "employees must be a number, got 'lots'"}  # fmt: skip
