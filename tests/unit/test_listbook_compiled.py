"""The engine's compiled list book steps the lists as the domain's list book does, day by day.

Both books get the same end-of-day scores and listing triggers under random rules (entered
below or at or above a bound, or on listing behaviours alone; left at a bound after a minimum
term, or at a maximum; any notice period), and must hold the same listings, states and marks of
who moved every day, with the redress the engine applies between days (lifting and resuming
black listings) done to both.
"""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from socialcredit.domain.lists import ListBook
from socialcredit.domain.rulebook import ListEnter, ListExit, ListRule, Lists
from socialcredit.engine.listbook import CompiledListBook, triggered

DAYS = 60
N = 400


@st.composite
def rules(draw: st.DrawFn) -> ListRule:
    entry = draw(st.sampled_from(["below", "at_least", "behaviours"]))
    bound = draw(st.integers(850, 1150))
    enter = {
        "below": ListEnter(score_below=bound),
        "at_least": ListEnter(score_at_least=bound),
        "behaviours": ListEnter(behaviours=["fraud"]),
    }[entry]
    back = draw(st.integers(850, 1150))
    exit_ = draw(st.sampled_from([ListExit(score_at_least=back), ListExit(score_below=back)]))
    least = draw(st.integers(0, 20))
    longer = draw(st.one_of(st.none(), st.integers(max(least, 1), 40)))
    return ListRule(
        enter=enter,
        exit=exit_,
        min_days=least,
        max_days=longer,
        notice_days=draw(st.integers(0, 10)),
    )


@settings(max_examples=80, deadline=None)
@given(black=rules(), red=rules(), seed=st.integers(0, 2**32 - 1), follow=st.booleans())
def test_the_compiled_book_is_the_domain_book(
    black: ListRule, red: ListRule, seed: int, follow: bool
) -> None:
    rng = np.random.default_rng(seed)
    lists = Lists(black=black, red=red)
    honourable = rng.random(N) < 0.8
    books = (ListBook(lists, N, honourable), CompiledListBook(lists, N, honourable))
    if follow:
        for book in books:
            book.follow()
    for day in range(DAYS):
        score = rng.integers(800, 1200, size=N).astype(np.int32)
        black_triggered = rng.random(N) < 0.03
        red_triggered = rng.random(N) < 0.03
        for book in books:
            book.step(day, score, black_triggered=black_triggered, red_triggered=red_triggered)
        domain, compiled = books
        np.testing.assert_array_equal(compiled.black, domain.black)
        np.testing.assert_array_equal(compiled.red, domain.red)
        for a, b in zip(compiled.states(day), domain.states(day), strict=True):
            assert a.dtype == b.dtype
            np.testing.assert_array_equal(a, b)
        if follow:
            assert compiled.moved is not None
            assert domain.moved is not None
            np.testing.assert_array_equal(compiled.moved, domain.moved)
        # Redress between days: some listings lifted, some resumed.
        lifted = rng.choice(N, size=3, replace=False)
        resumed = rng.choice(N, size=3, replace=False)
        since = rng.integers(0, day + 1, size=3)
        for book in books:
            book.end_black(lifted)
            book.resume_black(resumed, since)


def test_the_days_triggers_are_the_array_expression() -> None:
    """Who an entry of a listing behaviour puts up for each list today: the compiled pass and
    the array expression it replaces."""
    rng = np.random.default_rng(4)
    for entries in (0, 1, 50, 5000):
        citizens = rng.integers(0, N, size=entries)
        behaviours = rng.integers(0, 12, size=entries).astype(np.int32)
        listing_black, listing_red = rng.random(12) < 0.3, rng.random(12) < 0.3
        black, red = triggered(N, citizens, behaviours, listing_black, listing_red)
        for mine, listing in ((black, listing_black), (red, listing_red)):
            want = np.zeros(N, dtype=np.bool_)
            want[citizens[listing[behaviours]]] = True
            assert mine.dtype == want.dtype
            np.testing.assert_array_equal(mine, want)
