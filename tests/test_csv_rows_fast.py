"""perf15 (issue 19): the CSV writer's one-pass join gives the bytes of the two-pass form it replaced.

``csv_rows`` now puts the line end on the last field and joins the rows once, skips ``fill_null`` on columns without
nulls and copies the joined text once. The reference below is the previous code, kept verbatim; the frames cover
nulls in every kind of column, quotes, commas, line breaks, formula prefixes, floats in shortest form, empty strings,
a one-column frame and a lean frame of the real screen.
"""

from __future__ import annotations

import importlib.util

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pytest

from recommender.screening import _Lookups, iter_screen
from recommender.weights import preset_weights
from recommender.writers import (
    _NEEDS_QUOTES,
    USER_TEXT_COLUMNS,
    _arrow,
    _cat,
    _plain_columns,
    _text,
    csv_rows,
)
from tests.conftest import ROOT


def _old_column(arr: pa.Array, plain: bool = False) -> pa.Array:
    text = pc.fill_null(_text(arr), pa.scalar("", type=pa.large_string()))
    if pa.types.is_large_string(arr.type) and not plain:
        need = pc.match_substring_regex(text, _NEEDS_QUOTES)
        if pc.any(need).as_py():
            quoted = _cat('"', pc.replace_substring(text, '"', '""'), '"')
            text = pc.if_else(need, quoted, text)
    return text


def _old_rows(frame: pd.DataFrame, user_text=USER_TEXT_COLUMNS, plain=()) -> bytes:
    if len(frame) == 0:
        return b""
    user_text, plain = set(user_text), set(plain)
    cols = [_old_column(_arrow(frame, c, c in user_text), c in plain) for c in frame.columns]
    arr = _cat(_cat(*cols, sep=","), "\n")
    offsets = np.frombuffer(arr.buffers()[1], dtype=np.int64)[arr.offset : arr.offset + len(arr) + 1]
    return arr.buffers()[2].to_pybytes()[int(offsets[0]) : int(offsets[-1])]


def _frames():
    rng = np.random.default_rng(19)
    words = [
        "",
        "plain",
        'say "hi"',
        "a,b",
        "two\nlines",
        "=SUM(A1)",
        "+x",
        "-3",
        "@me",
        "한글, 쉼표",
        "cr\rhere",
        None,
    ]
    n = 400
    yield pd.DataFrame({
        "firm_id": pd.array(rng.choice(words, n).tolist(), dtype="str"),
        "firm_name": rng.choice(np.array(words, dtype=object), n),
        "rank": pd.array(np.where(rng.random(n) < 0.2, None, rng.integers(1, 6, n)), dtype="Int64"),
        "score": np.where(rng.random(n) < 0.2, np.nan, rng.random(n) * 10.0 ** rng.integers(-6, 3, n)),
        "fit": rng.choice([0.0, 1.0, 0.5, 1e-05, 0.1 + 0.2, 123456.789], n),
        "coverage": pd.array(rng.choice(["ok", "weak", "none"], n).tolist(), dtype="str"),
        "equivalent_regions": pd.array(rng.choice(["", "CN-BJ;CN-SH", None], n).tolist(), dtype="str"),
    })  # fmt: skip
    yield pd.DataFrame({"firm_name": ['a "b"', None, "x\ny"]})
    yield pd.DataFrame({"score": [1.0, np.nan, 2.5]})


@pytest.mark.parametrize("k", range(3))
def test_csv_rows_equal_the_two_pass_form(k):
    frame = list(_frames())[k]
    assert csv_rows(frame) == _old_rows(frame)
    assert csv_rows(frame, plain={"coverage"}) == _old_rows(frame, plain={"coverage"})


@pytest.fixture(scope="module")
def firms(rec):
    spec = importlib.util.spec_from_file_location("bench_screening", ROOT / "benchmarks/bench_screening.py")
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    f = bench.synthetic_firms(300, rec, seed=15)
    f.name[0], f.name[1], f.firm_id[2] = '=HYPERLINK("http://x")', 'A, "quoted"\nname', "-12"
    return f


def test_csv_rows_equal_the_two_pass_form_on_a_screen(rec, firms):
    look = _Lookups(rec)
    plain = _plain_columns(look)
    frames = list(iter_screen(rec, firms, preset_weights(), layout="lean", look=look))
    assert sum(len(f) for f in frames) > 0
    for frame in frames:
        assert csv_rows(frame, USER_TEXT_COLUMNS, plain) == _old_rows(frame, USER_TEXT_COLUMNS, plain)
