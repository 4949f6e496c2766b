"""A day's marks on each citizen and the day's counts (acts, entries, the groups' score sums),
compiled, are the array expressions they stand for."""

from __future__ import annotations

import numpy as np

from socialcredit.engine.conduct import Acts
from socialcredit.engine.daycount import DayCount, day_columns
from socialcredit.engine.marks import mark_ever, new_listings
from socialcredit.engine.observation import COUNTERS, Evidence


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


def by_arrays(
    at: dict[str, int],
    groups: tuple[str, ...],
    behaviours: int,
    group: np.ndarray,
    good_deed: np.ndarray,
    acts: Acts,
    evidence: Evidence,
    obs_ok: np.ndarray,
    true_counted: np.ndarray,
    scores: tuple[np.ndarray, np.ndarray],
    row: np.ndarray,
) -> None:
    """The day's counts as array expressions, column by column."""
    row[at["acts_good"]] = float(acts.good.sum())
    row[at["acts_bad"]] = float(len(acts.good) - acts.good.sum())
    act_group = group.astype(np.int64)[acts.citizen]
    good = np.bincount(act_group[acts.good], minlength=len(groups))
    bad = np.bincount(act_group[~acts.good], minlength=len(groups))
    first = at["acts.b0"]
    row[first : first + behaviours] = np.bincount(acts.behaviour, minlength=behaviours)
    row[at["entries"]] = float(obs_ok.sum())
    row[at["entries_true"]] = float(len(true_counted))
    row[at["entries_good"]] = float(good_deed[evidence.behaviour[obs_ok]].sum())
    row[at["entries_true_good"]] = float(good_deed[true_counted].sum())
    row[at["false_entries"]] = float((evidence.false & obs_ok).sum())
    for name, value in evidence.counters.items():
        row[at[name]] = value
    sizes = np.bincount(group, minlength=len(groups))
    for gi, g in enumerate(groups):
        row[at[f"acts_good.{g}"]] = good[gi]
        row[at[f"acts_bad.{g}"]] = bad[gi]
        row[at[f"citizens.{g}"]] = sizes[gi]
        row[at[f"score_sum.{g}"]] = float(scores[0][group == gi].sum(dtype=np.int64))
        row[at[f"score_sum_true.{g}"]] = float(scores[1][group == gi].sum(dtype=np.int64))


def test_the_days_counts_are_the_array_expressions() -> None:
    rng = np.random.default_rng(3)
    groups, behaviours, n = ("a", "b", "c", "d"), 9, 20_000
    names = tuple(f"b{i}" for i in range(behaviours))
    columns = ["x", *day_columns(groups, names), "y"]
    at = {name: i for i, name in enumerate(columns)}
    group = rng.integers(0, 4, size=n).astype(np.int8)
    good_deed = rng.random(behaviours) < 0.5
    count = DayCount(groups, good_deed, group, columns, names)
    for acts_today in (0, 1, 3000):
        acts = Acts(
            rng.integers(0, n, size=acts_today),
            rng.integers(0, behaviours, size=acts_today).astype(np.int32),
            rng.random(acts_today) < 0.4,
        )
        entries = int(rng.integers(0, 2000))
        evidence = Evidence(
            rng.integers(0, n, size=entries),
            rng.integers(0, behaviours, size=entries).astype(np.int32),
            rng.random(entries) < 0.2,
            {name: float(rng.integers(0, 100)) for name in COUNTERS},
        )
        obs_ok = rng.random(entries) < 0.8
        true_counted = rng.integers(0, behaviours, size=int(rng.integers(0, 500))).astype(np.int32)
        scores = (
            rng.integers(-500, 3000, size=n).astype(np.int32),
            rng.integers(-500, 3000, size=n).astype(np.int32),
        )
        mine, want = np.full(len(columns), -1.0), np.full(len(columns), -1.0)
        count.count(mine, acts, evidence, obs_ok, true_counted, scores)
        args = (acts, evidence, obs_ok, true_counted, scores, want)
        by_arrays(at, groups, behaviours, group, good_deed, *args)
        # Every column of the day's counts is filled, and none other.
        assert (mine[1:-1] != -1.0).all()
        assert mine[0] == mine[-1] == -1.0
        np.testing.assert_array_equal(mine, want)
