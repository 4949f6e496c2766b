"""The feeds' compiled look at the day's acts sees what the array rule sees, and the records
they invent are the array rule's, draw for draw.

The array rules, written out here as the observer took them feed by feed with numpy's
generators: the acts a feed may report, one draw each from its own stream in the order of the
acts, seen where the draw falls under its coverage times the act's exposure (less where a bad
act is hidden); then the records each feed invents: a Poisson count, uniform citizens kept at
their group's exposure over the largest, a behaviour by the severity weights.
"""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from socialcredit.engine.pcg import States
from socialcredit.engine.responses import hidden_chance
from socialcredit.engine.sightings import Inventing, invent, look


def by_arrays(
    behaviour: np.ndarray,
    reports: np.ndarray,
    rngs: list[np.random.Generator],
    coverage: np.ndarray,
    exposure: np.ndarray,
    hiding: np.ndarray | None,
    trusted: np.ndarray,
    sensitive: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[np.ndarray], int]:
    n = len(behaviour)
    seen_trusted = np.zeros(n, dtype=np.bool_)
    seen_untrusted = np.zeros(n, dtype=np.bool_)
    seen_by = np.zeros((2, n), dtype=np.uint64)
    each: list[np.ndarray] = []
    count = 0
    for f, rng in enumerate(rngs):
        looks = np.flatnonzero(reports[f][behaviour])
        chance = coverage[f] * exposure[looks]
        if hiding is not None:
            chance = hidden_chance(chance, hiding[looks])
        seen = looks[rng.random(len(looks)) < chance]
        each.append(seen)
        seen_by[0 if trusted[f] else 1, seen] |= np.uint64(1) << np.uint64(f)
        if sensitive[f]:
            count += len(seen)
        if trusted[f]:
            seen_trusted[seen] = True
        else:
            seen_untrusted[seen] = True
    return seen_trusted, seen_untrusted, seen_by, each, count


@settings(max_examples=60, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    feeds=st.integers(0, 12),
    behaviours=st.integers(1, 9),
    acts=st.integers(0, 3000),
    hides=st.booleans(),
)
def test_the_compiled_look_is_the_array_rule(
    seed: int, feeds: int, behaviours: int, acts: int, hides: bool
) -> None:
    rng = np.random.default_rng(seed)
    behaviour = rng.integers(0, behaviours, size=acts).astype(np.int32)
    reports = rng.random((feeds, behaviours)) < 0.5
    coverage = rng.random(feeds)
    exposure = rng.choice([0.5, 1.0, 1.7], size=acts)
    good = rng.random(acts) < 0.5
    hiding = (rng.random(acts).astype(np.float32) * ~good) if hides else None
    trusted = rng.random(feeds) < 0.7
    sensitive = rng.random(feeds) < 0.3
    streams = np.random.SeedSequence(seed).spawn(max(feeds, 1))
    fast_rngs = [np.random.default_rng(s) for s in streams[:feeds]]
    rngs = [np.random.default_rng(s) for s in streams[:feeds]]
    states = States(fast_rngs)
    fast = look(
        behaviour, reports, states.rows, coverage, exposure, hiding, trusted, sensitive, True
    )
    want = by_arrays(behaviour, reports, rngs, coverage, exposure, hiding, trusted, sensitive)
    # Each feed's stream is left where the array rule leaves it: what is drawn next is the same.
    states.give_back()
    for mine, theirs in zip(fast_rngs, rngs, strict=True):
        assert mine.random() == theirs.random()
    assert np.array_equal(fast.trusted, want[0])
    assert np.array_equal(fast.untrusted, want[1])
    assert np.array_equal(fast.seen_by, want[2])
    edge = np.concatenate([[0], fast.ends])
    for f in range(feeds):
        assert np.array_equal(fast.seen[edge[f] : edge[f + 1]], want[3][f])
    assert len(fast.seen) == sum(len(s) for s in want[3])
    assert fast.sensitive == want[4]


def invented_by_arrays(
    rngs: list[np.random.Generator],
    rates: list[float],
    behaviours: list[np.ndarray],
    weights: list[np.ndarray],
    group: np.ndarray,
    exposure: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    n = len(group)
    emax = float(exposure.max())
    cits, behs, index = [], [], []
    for f, rng in enumerate(rngs):
        if rates[f] <= 0 or n == 0:
            continue
        k = rng.poisson(n * rates[f] * emax)
        cand = rng.integers(0, n, size=k)
        cand = cand[rng.random(k) < exposure[group[cand]] / emax]
        pick = np.zeros(0, dtype=np.int64)
        if len(cand):
            cum = np.cumsum(weights[f])
            pick = np.searchsorted(cum / cum[-1], rng.random(len(cand)), side="right")
            pick = np.minimum(pick, len(weights[f]) - 1)
        cits.append(cand)
        behs.append(behaviours[f][pick].astype(np.int64))
        index.append(np.full(len(cand), f, dtype=np.int64))
    if not cits:
        return (np.zeros(0, np.int64),) * 3
    return np.concatenate(cits), np.concatenate(behs), np.concatenate(index)


@settings(max_examples=60, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    feeds=st.integers(0, 9),
    citizens=st.sampled_from([0, 1, 2, 7, 300, 20_000]),
    days=st.integers(1, 4),
)
def test_the_compiled_inventing_is_the_array_rule(
    seed: int, feeds: int, citizens: int, days: int
) -> None:
    rng = np.random.default_rng(seed)
    # Rates from none through few (under 10 a day: Poisson by multiplication) to many.
    rates = [float(x) for x in rng.choice([0.0, 1e-6, 1e-4, 3e-3], size=feeds)]
    group = rng.integers(0, 3, size=citizens).astype(np.int8)
    exposure = rng.choice([0.5, 1.0, 1.7], size=3)
    behaviours = [rng.choice(40, size=rng.integers(1, 6), replace=False) for _ in range(feeds)]
    behaviours = [b.astype(np.int32) for b in behaviours]
    weights = [rng.random(len(b)) + 0.01 for b in behaviours]
    streams = np.random.SeedSequence(seed).spawn(max(feeds, 1))
    fast_rngs = [np.random.default_rng(s) for s in streams[:feeds]]
    rngs = [np.random.default_rng(s) for s in streams[:feeds]]
    states = States(fast_rngs)
    emax = float(exposure.max())
    inventing = Inventing.of(rates, behaviours, weights, len(group), emax)
    for _ in range(days):
        mine = invent(states.rows, inventing, group, exposure, emax)
        theirs = invented_by_arrays(rngs, rates, behaviours, weights, group, exposure)
        for a, b in zip(mine, theirs, strict=True):
            assert np.array_equal(a, b)
            assert a.dtype == b.dtype
    states.give_back()
    for mine_rng, their_rng in zip(fast_rngs, rngs, strict=True):
        assert mine_rng.random() == their_rng.random()
