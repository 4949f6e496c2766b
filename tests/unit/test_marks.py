"""A day's marks on each citizen and the groups' score sums, compiled, are the array
expressions they stand for."""

from __future__ import annotations

import numpy as np

from socialcredit.engine.daycount import _group_sums
from socialcredit.engine.marks import mark_ever, new_listings


def test_new_listings_count_and_mark_the_listings_begun_today() -> None:
    rng = np.random.default_rng(1)
    day = 7
    black = rng.integers(-1, day + 1, size=5000).astype(np.int32)
    black_true = rng.integers(-1, day + 1, size=5000).astype(np.int32)
    began = rng.random(5000) < 0.5
    want = began.copy()
    new = black == day
    wrong = new & (black_true < 0)
    want[new] = wrong[new]
    assert new_listings(day, black, black_true, began) == (int(new.sum()), int(wrong.sum()))
    np.testing.assert_array_equal(began, want)


def test_ever_marks_accumulate_the_days_states() -> None:
    rng = np.random.default_rng(2)
    n = 5000
    harm_bits = rng.integers(0, 2**10, size=81, dtype=np.uint64)
    ever = (np.zeros(n, np.bool_), np.zeros(n, np.bool_), np.zeros(n, np.uint64))
    want = (np.zeros(n, np.bool_), np.zeros(n, np.bool_), np.zeros(n, np.uint64))
    for _ in range(5):
        black = rng.integers(0, 3, size=n).astype(np.int8)
        black_true = rng.integers(0, 3, size=n).astype(np.int8)
        pairs = rng.integers(0, 81, size=n).astype(np.int64)
        mark_ever(black, black_true, pairs, harm_bits, *ever)
        listed, truly = black > 0, black_true > 0
        want[0][:] |= listed
        want[1][:] |= listed > truly
        want[2][:] |= harm_bits[pairs]
    for got, expected in zip(ever, want, strict=True):
        np.testing.assert_array_equal(got, expected)
    assert ever[0].any()
    assert ever[1].any()
    assert not ever[1][~ever[0]].any()


def test_the_groups_score_sums_are_the_sums_over_their_members() -> None:
    rng = np.random.default_rng(3)
    group = rng.integers(0, 4, size=20_000).astype(np.int8)
    observed = rng.integers(-500, 3000, size=20_000).astype(np.int32)
    true = rng.integers(-500, 3000, size=20_000).astype(np.int32)
    sums, sums_true = np.zeros(4, np.int64), np.zeros(4, np.int64)
    _group_sums(group, observed, true, sums, sums_true)
    for g in range(4):
        assert sums[g] == observed[group == g].sum(dtype=np.int64)
        assert sums_true[g] == true[group == g].sum(dtype=np.int64)
