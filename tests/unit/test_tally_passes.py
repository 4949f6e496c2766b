"""The tally's compiled passes give the array rule's standings, pairs and histogram.

A standing is the band of the score (scores beyond the band table count as its ends) times
the list states, plus the black and red list states; a pair is the observed standing times the
number of standings plus the true one; the histogram counts citizens per (group, pair)."""

from __future__ import annotations

import numpy as np
import pytest

from socialcredit.engine import compile_model
from socialcredit.engine.tally import LIST_STATES
from socialcredit.inputs import load_policy
from tests.support import scenario


@pytest.mark.parametrize("policy", ["classic", "default", "court-defaulters"])
def test_standings_pairs_and_histogram(policy: str) -> None:
    town = scenario("court-blacklist" if policy == "court-defaulters" else "baseline", days=10)
    tally = compile_model(load_policy(policy), town).tally
    rng = np.random.default_rng(4)
    n = 50_000
    low, high = tally.lut_low, tally.lut_low + len(tally.lut) - 1
    # Scores on and beyond both ends of the band table, and everywhere between.
    score = rng.integers(low - 500, high + 500, size=n).astype(np.int32)
    score[:4] = [low - 1, low, high, high + 1]
    black = rng.integers(0, 3, size=n).astype(np.int8)
    red = rng.integers(0, 3, size=n).astype(np.int8)
    group = rng.integers(0, tally.groups, size=n).astype(np.int8)

    band = tally.lut[np.clip(score, low, high) - low].astype(np.int64)
    want = band * LIST_STATES * LIST_STATES + black.astype(np.int64) * LIST_STATES + red
    got = tally.standing(score, black, red)
    assert got.dtype == np.int64
    np.testing.assert_array_equal(got, want)

    true = tally.standing(score[::-1].copy(), red, black)
    pairs, hist = tally.pairs(group, got, true)
    np.testing.assert_array_equal(pairs, got * tally.states + true)
    s2 = tally.states * tally.states
    np.testing.assert_array_equal(
        hist, np.bincount(group.astype(np.int64) * s2 + pairs, minlength=tally.groups * s2)
    )

    # The columns: the matrix times the histogram, here with every bin of a group occupied.
    want_columns = tally.matrix.astype(np.float64) @ hist.astype(np.float64)
    np.testing.assert_array_equal(tally.count(hist), want_columns)
    assert want_columns.any()


@pytest.mark.parametrize("occupied", [0, 1, 7, 400])
def test_columns_are_the_matrix_times_the_histogram(occupied: int) -> None:
    tally = compile_model(load_policy("classic"), scenario("baseline", days=10)).tally
    rng = np.random.default_rng(occupied)
    hist = np.zeros(tally.groups * tally.states * tally.states, dtype=np.int64)
    hist[rng.choice(len(hist), size=occupied, replace=False)] = rng.integers(
        1, 2_000_000, size=occupied
    )
    got = tally.count(hist)
    assert got.dtype == np.float64
    assert got.shape == (len(tally.columns),)
    np.testing.assert_array_equal(got, tally.matrix.astype(np.float64) @ hist.astype(np.float64))
