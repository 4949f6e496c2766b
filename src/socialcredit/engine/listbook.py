"""The list book stepped in compiled passes: both lists' day in one pass over the citizens.

`domain.lists.ListBook` states the rule (`domain.list_rules`) on arrays, several passes over
every citizen a list a day; the engine steps its books with this one, which takes each citizen
once for both lists' step and once for the states read on a day, and gives the same list
states, day for day (a property test holds them together). What else a book does (redress
lifting and resuming listings) is the domain's.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from socialcredit.domain.lists import NOT_LISTED, ListBook
from socialcredit.domain.policy import Lists
from socialcredit.domain.rulebook import ListEnter, ListExit, ListRule
from socialcredit.engine.compiled import compiled

Days = npt.NDArray[np.int32]
Mask = npt.NDArray[np.bool_]
Book = tuple[Days, Days, npt.NDArray[np.integer], Mask, Mask, Mask]
"""Per citizen: the day each black and red listing began (-1: none), the score, whether the
day's entries trigger each list, and whether the citizen may be on the red list."""

FAR = 2**62
"""Beyond any score: the open end of a bound's range."""


def _range(bound: ListEnter | ListExit) -> tuple[int, int]:
    """The scores that meet a bound, as a range lo <= score <= hi; empty (lo > hi) where it is
    met on no score (a list entered on listing behaviours alone)."""
    if bound.score_below is not None:
        return -FAR, bound.score_below - 1
    if bound.score_at_least is not None:
        return bound.score_at_least, FAR
    return 1, 0


@compiled
def _citizen(
    i: int,
    book: Book,
    day: int,
    black_rule: npt.NDArray[np.int64],
    red_rule: npt.NDArray[np.int64],
    not_listed: int,
) -> tuple[int, int, bool]:
    """Citizen `i`'s black and red listing after the day (the day each began, or
    `not_listed`), and whether either moved (entered, renewed or left). A rule (`_rule`) is the
    ranges of scores that enter and leave, the least days on the list and the most (-1: none).
    A trigger renews a listing (over its leaving) or starts one; a score in the entry range
    starts one. The tests are combined without branching on the citizen, which runs several
    times faster than taking each case in turn."""
    black, red, score, black_triggered, red_triggered, honourable = book
    s = np.int64(score[i])
    # The black list: everyone is eligible.
    began = np.int64(black[i])
    days_on = day - began
    leave = (days_on >= black_rule[4]) & (s >= black_rule[2]) & (s <= black_rule[3])
    leave = leave | ((black_rule[5] >= 0) & (days_on >= black_rule[5]))
    drop = (began >= 0) & leave
    enter = (began < 0) & (s >= black_rule[0]) & (s <= black_rule[1])
    starts = black_triggered[i] | enter
    b = int(began)
    b = not_listed if drop else b
    b = day if starts else b
    moves = drop | starts
    # The red list: the honourable who are not on the black list now.
    eligible = honourable[i] & (b < 0)
    began = np.int64(red[i])
    days_on = day - began
    leave = (days_on >= red_rule[4]) & (s >= red_rule[2]) & (s <= red_rule[3])
    leave = leave | ((red_rule[5] >= 0) & (days_on >= red_rule[5])) | (not eligible)
    drop = (began >= 0) & leave
    enter = (began < 0) & (s >= red_rule[0]) & (s <= red_rule[1])
    starts = eligible & (red_triggered[i] | enter)
    r = int(began)
    r = not_listed if drop else r
    r = day if starts else r
    return b, r, moves | drop | starts


@compiled
def _day(
    black: Days,
    red: Days,
    score: npt.NDArray[np.integer],
    black_triggered: Mask,
    red_triggered: Mask,
    honourable: Mask,
    day: int,
    black_rule: npt.NDArray[np.int64],
    red_rule: npt.NDArray[np.int64],
    not_listed: int,
    black_out: Days,
    red_out: Days,
    follow: bool,
    moved: Mask,
) -> None:
    """Both lists' day, citizen by citizen (`_citizen`): the black list first, then the red,
    on which only the honourable who are not (now) on the black list are eligible; with
    `follow`, who moved marked in `moved`. The loop is written twice, with the marking and
    without: a test of `follow` inside one loop slows every citizen's step. (`not_listed` is
    passed, not read as a global, so that a cached pass never keeps an old value of it.)"""
    book = (black, red, score, black_triggered, red_triggered, honourable)
    if follow:
        for i in range(len(black)):
            b, r, moves = _citizen(i, book, day, black_rule, red_rule, not_listed)
            black_out[i], red_out[i] = b, r
            moved[i] = moved[i] | moves
    else:
        for i in range(len(black)):
            b, r, _ = _citizen(i, book, day, black_rule, red_rule, not_listed)
            black_out[i], red_out[i] = b, r


@compiled
def _states(
    black: Days,
    red: Days,
    day: int,
    black_notice: int,
    red_notice: int,
    black_out: npt.NDArray[np.int8],
    red_out: npt.NDArray[np.int8],
) -> None:
    """Each list's state per citizen: 0 not listed, 1 listed but not yet in force, 2 in force
    (`domain.lists.ListBook.states`)."""
    for i in range(len(black)):
        black_out[i] = _state(black[i], day, black_notice)
        red_out[i] = _state(red[i], day, red_notice)


@compiled
def _state(began: int, day: int, notice: int) -> int:
    if began < 0:
        return 0
    if day >= began + notice:
        return 2
    return 1


@compiled
def triggered(
    n: int,
    citizens: npt.NDArray[np.int64],
    behaviours: npt.NDArray[np.int32],
    listing_black: Mask,
    listing_red: Mask,
) -> tuple[Mask, Mask]:
    """Per citizen of `n`: an entry today (`citizens`, `behaviours`) of a behaviour that lists
    on the black list, and on the red."""
    black = np.zeros(n, dtype=np.bool_)
    red = np.zeros(n, dtype=np.bool_)
    for i in range(len(citizens)):
        b = behaviours[i]
        if listing_black[b]:
            black[citizens[i]] = True
        if listing_red[b]:
            red[citizens[i]] = True
    return black, red


def _rule(rule: ListRule) -> npt.NDArray[np.int64]:
    """The scores that enter (lo, hi) and leave (lo, hi), the least days and the most (-1)."""
    top = -1 if rule.max_days is None else rule.max_days
    ranges = (*_range(rule.enter), *_range(rule.exit))
    return np.array([*ranges, rule.min_days, top], dtype=np.int64)


class CompiledListBook(ListBook):
    """A `ListBook` whose day and states are compiled passes."""

    def __init__(self, rules: Lists, n: int, honourable: Mask) -> None:
        super().__init__(rules, n, honourable)
        self._black_rule = _rule(self.rules.black)
        self._red_rule = _rule(self.rules.red)

    def step(
        self,
        day: int,
        score: npt.NDArray[np.integer],
        *,
        black_triggered: Mask | None = None,
        red_triggered: Mask | None = None,
    ) -> None:
        follow = self.moved is not None
        black = np.empty_like(self.black)
        red = np.empty_like(self.red)
        _day(
            self.black,
            self.red,
            score,
            self._nobody if black_triggered is None else black_triggered,
            self._nobody if red_triggered is None else red_triggered,
            self._honourable,
            day,
            self._black_rule,
            self._red_rule,
            NOT_LISTED,
            black,
            red,
            follow,
            self.moved if self.moved is not None else self._nobody,
        )
        self.black, self.red = black, red

    def states(self, day: int) -> tuple[npt.NDArray[np.int8], npt.NDArray[np.int8]]:
        black = np.empty(len(self.black), dtype=np.int8)
        red = np.empty(len(self.red), dtype=np.int8)
        notice = self.rules.black.notice_days, self.rules.red.notice_days
        _states(self.black, self.red, day, *notice, black, red)
        return black, red
