"""``strategies.makes_goods`` tells the codes apart by a dict (issue 19, perf14) and gives what the ``np.unique`` of
their str forms gave (main 8c4c781), on every kind of code a registry column holds: KSIC strings in and outside
section C, short and non-numeric codes, None, NaN (several NaN objects), numbers read as ints or floats."""

from __future__ import annotations

import numpy as np

from recommender.strategies import MANUFACTURING_DIVISIONS, makes_goods


def _reference(codes) -> np.ndarray:
    distinct, inverse = np.unique(np.asarray(codes, dtype=object).astype(str), return_inverse=True)

    def goods(code: str) -> float:
        head = code[:2]
        return float(not (len(head) == 2 and head.isdigit()) or int(head) in MANUFACTURING_DIVISIONS)

    return np.array([goods(c) for c in distinct], dtype=np.float64)[inverse].reshape(len(codes))


class _Firms:
    def __init__(self, codes):
        self.industry_code = codes

    def __len__(self) -> int:
        return len(self.industry_code)


def test_makes_goods_equals_the_unique_form():
    rng = np.random.default_rng(3)
    pool = ["", "58222", "26110", "2911", "10", "09", "35", "34999", "x1", " 2", "C26", None, float("nan"),
            float("nan"), 26110, 58222.0, 5, np.str_("28122")]  # fmt: skip
    codes = np.array(pool, dtype=object)[rng.integers(0, len(pool), 5000)]
    codes = np.concatenate([codes, np.array([float("nan") for _ in range(50)], dtype=object)])
    got = makes_goods(_Firms(codes))
    want = _reference(codes)
    assert got.dtype == want.dtype == np.float64 and got.shape == want.shape
    np.testing.assert_array_equal(got, want)
    assert (got == 0).any() and (got == 1).any()
    as_list = list(codes)
    np.testing.assert_array_equal(makes_goods(_Firms(as_list)), want)
    np.testing.assert_array_equal(makes_goods(_Firms(np.array(["26110", "58222"]))), [1.0, 0.0])
    assert makes_goods(_Firms(np.array([], dtype=object))).shape == (0,)
