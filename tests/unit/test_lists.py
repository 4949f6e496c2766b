"""List membership over time: thresholds, listing behaviours, minimum and maximum terms, notice."""

from __future__ import annotations

import numpy as np

from socialcredit.domain.lists import ListBook
from socialcredit.inputs import load_policy

DEFAULT = load_policy("default")  # black: below 850 or court_defaulter; out at >= 900 after 90
# days, at most 730 days, 30 days' notice. red: >= 1050, out below 1030 after 90 days.


def book(consent: bool = True) -> ListBook:
    return ListBook.of(DEFAULT, np.array([consent]))


def step(b: ListBook, day: int, score: int, trigger: bool = False) -> None:
    b.step(day, np.array([score]), black_triggered=np.array([trigger]))


class TestBlackList:
    def test_falling_below_the_threshold_lists_and_notice_delays_consequences(self) -> None:
        b = book()
        step(b, 0, 900)
        assert b.black[0] == -1
        step(b, 1, 840)
        assert b.black[0] == 1
        assert b.states(30)[0][0] == 1  # listed, not yet in force
        assert b.states(31)[0][0] == 2  # in force

    def test_stays_the_minimum_term_even_after_recovering(self) -> None:
        b = book()
        step(b, 0, 800)
        step(b, 89, 950)
        assert b.black[0] == 0
        step(b, 90, 950)
        assert b.black[0] == -1

    def test_leaves_at_the_maximum_term_and_may_be_listed_again(self) -> None:
        b = book()
        step(b, 0, 700)
        step(b, 729, 700)
        assert b.black[0] == 0
        step(b, 730, 700)
        assert b.black[0] == -1
        step(b, 731, 700)
        assert b.black[0] == 731

    def test_listing_act_on_exit_day_starts_a_new_term(self) -> None:
        b = book()
        step(b, 0, 800)
        # Day 90: the minimum term is served and the score is back above the exit bound, so the
        # citizen would leave today; a court finding landing the same day starts a new term.
        step(b, 90, 950, trigger=True)
        assert b.black[0] == 90
        step(b, 91, 950)
        assert b.black[0] == 90

    def test_listing_act_on_the_last_day_of_the_maximum_term_starts_a_new_term(self) -> None:
        b = book()
        step(b, 0, 700)
        step(b, 730, 700, trigger=True)
        assert b.black[0] == 730

    def test_a_listing_behaviour_lists_at_once_whatever_the_score(self) -> None:
        b = book()
        step(b, 3, 1020, trigger=True)
        assert b.black[0] == 3


class TestRedList:
    def test_blacklisted_citizens_leave_the_honour_roll(self) -> None:
        b = book()
        step(b, 0, 1060)
        assert b.red[0] == 0
        step(b, 1, 1060, trigger=True)
        assert b.black[0] == 1
        assert b.red[0] == -1

    def test_without_consent_no_one_is_honoured(self) -> None:
        b = book(consent=False)
        step(b, 0, 1100)
        assert b.red[0] == -1


def test_a_resumed_listing_runs_from_its_act_unless_listed_again() -> None:
    from socialcredit.domain.lists import ListBook
    from socialcredit.inputs import load_policy

    book = ListBook.of(load_policy("court-defaulters"), np.ones(3, dtype=np.bool_))
    book.black[:] = [-1, 40, -1]
    before = book.black
    book.resume_black(np.array([0, 1]), np.array([10, 12]))
    assert book.black.tolist() == [10, 40, -1]
    assert before.tolist() == [-1, 40, -1], "an earlier view of the state is left as it was"


def test_a_followed_book_marks_everyone_whose_state_changed() -> None:
    """`moved` is what the story log compares: it must hold every citizen whose state on
    either list changed, through steps, resumed listings and listings ended by hand."""
    rng = np.random.default_rng(7)
    n = 400
    b = ListBook.of(DEFAULT, rng.random(n) < 0.8)
    b.follow()
    assert b.moved is not None
    for day in range(300):
        before = b.black.copy(), b.red.copy()
        b.moved[:] = False
        score = rng.integers(780, 1100, size=n)
        b.step(day, score, black_triggered=rng.random(n) < 0.01)
        if day % 7 == 3:
            b.resume_black(rng.choice(n, 5, replace=False), np.full(5, max(day - 20, 0)))
        if day % 11 == 5:
            b.end_black(rng.choice(n, 5, replace=False).astype(np.int64))
        changed = (b.black != before[0]) | (b.red != before[1])
        assert not (changed & ~b.moved).any(), day
    assert changed.any() or b.moved.any()
