"""The compiled draws are numpy's: the same numbers, in the same order, from the same state.

Two copies of one generator: numpy's `Generator` makes a random sequence of calls (`poisson`
at every kind of rate, `integers` over every kind of range, `random`), and the compiled draws
make the same calls on the other copy's state taken out (`pcg.States`). Every number must be
the same, and the state given back must be numpy's, so that numpy goes on where it would have.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from socialcredit.engine import pcg

RATES = [0.0, 1e-9, 0.3, 2.5, 9.999999, 10.0, 10.5, 37.0, 1_000.0, 2.5e6]
"""Both Poisson methods (multiplication under 10, transformed rejection from 10) and the
boundary between them."""
RANGES = [1, 2, 3, 7, 10_000, 2**31, 2**31 + 1, 3 * 2**30 + 7, 2**32 - 2, 2**32 - 1, 2**32]
"""integers(0, n): no draw (n = 1), Lemire's bounded draw with rejections rare and common (a
draw over 2**31 + 1 is rejected about half the time), and the full 32 bits (n = 2**32)."""


def state_of(g: np.random.Generator) -> dict[str, object]:
    return dict(g.bit_generator.state)


@settings(max_examples=80, deadline=None)
@given(
    seed=st.integers(0, 2**63),
    calls=st.lists(
        st.one_of(
            st.tuples(st.just("poisson"), st.sampled_from(RATES)),
            st.tuples(st.just("poisson"), st.floats(0.0, 60.0)),
            st.tuples(st.just("integers"), st.sampled_from(RANGES), st.integers(0, 9)),
            st.tuples(st.just("random"), st.integers(0, 9)),
        ),
        max_size=40,
    ),
)
def test_every_call_gives_numpys_numbers(seed: int, calls: list[tuple[object, ...]]) -> None:
    numpy_side = np.random.Generator(np.random.PCG64(seed))
    ours = np.random.Generator(np.random.PCG64(seed))
    states = pcg.States([ours])
    rows = states.rows
    for call in calls:
        if call[0] == "poisson":
            lam = float(call[1])  # type: ignore[arg-type]
            assert pcg.poisson(rows, 0, lam) == numpy_side.poisson(lam)
        elif call[0] == "integers":
            n, k = int(call[1]), int(call[2])  # type: ignore[call-overload]
            out = np.empty(k, dtype=np.int64)
            pcg.fill_integers(rows, 0, n, out)
            want = numpy_side.integers(0, n, size=k)
            assert np.array_equal(out, want)
            assert out.dtype == want.dtype
        else:
            k = int(call[1])  # type: ignore[call-overload]
            out_f = np.empty(k, dtype=np.float64)
            pcg.fill_random(rows, 0, out_f)
            assert np.array_equal(out_f, numpy_side.random(k))
    states.give_back()
    assert state_of(ours) == state_of(numpy_side)


@pytest.mark.parametrize("lam", [10.0, 11.0, 15.0, 50.0, 400.0, 1e5])
def test_the_transformed_rejection_over_many_draws(lam: float) -> None:
    # Thousands of draws at one rate reach PTRS's rare branches (its squeeze, its rejections,
    # its log-gamma test), each taken only by some of the draws.
    numpy_side = np.random.Generator(np.random.PCG64(2026))
    states = pcg.States([np.random.Generator(np.random.PCG64(2026))])
    mine = [pcg.poisson(states.rows, 0, lam) for _ in range(5_000)]
    assert mine == [int(x) for x in numpy_side.poisson(lam, size=5_000)]


def test_several_generators_each_keep_their_own_state() -> None:
    seeds = np.random.SeedSequence(7).spawn(3)
    numpy_side = [np.random.default_rng(s) for s in seeds]
    states = pcg.States([np.random.default_rng(s) for s in seeds])
    for g in (2, 0, 1, 0, 2):
        out = np.empty(5, dtype=np.int64)
        pcg.fill_integers(states.rows, g, 1_000, out)
        assert np.array_equal(out, numpy_side[g].integers(0, 1_000, size=5))
        assert pcg.next_double(states.rows, g) == numpy_side[g].random()
    states.give_back()
    for mine, theirs in zip(states.generators, numpy_side, strict=True):
        assert state_of(mine) == state_of(theirs)


def test_a_state_taken_with_a_32_bit_half_kept() -> None:
    # numpy's 32-bit draws keep the other half of a 64-bit draw for the next one: a state taken
    # out between the two must give that half first.
    numpy_side = np.random.Generator(np.random.PCG64(9))
    ours = np.random.Generator(np.random.PCG64(9))
    for g in (numpy_side, ours):
        g.integers(0, 1_000, size=1)
    assert ours.bit_generator.state["has_uint32"] == 1
    states = pcg.States([ours])
    out = np.empty(3, dtype=np.int64)
    pcg.fill_integers(states.rows, 0, 1_000, out)
    assert np.array_equal(out, numpy_side.integers(0, 1_000, size=3))


def test_ranges_beyond_32_bits_are_refused() -> None:
    pcg.check_range(2**32)
    with pytest.raises(ValueError, match="too many"):
        pcg.check_range(2**32 + 1)


def test_only_pcg64_is_taken() -> None:
    with pytest.raises(ValueError, match="PCG64"):
        pcg.States([np.random.Generator(np.random.MT19937(1))])
