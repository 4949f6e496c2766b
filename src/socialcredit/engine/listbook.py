"""The list book stepped in compiled passes: each list's day in one pass over the citizens.

`domain.lists.ListBook` states the rule (`domain.list_rules`) on arrays, several passes over
every citizen a list a day; the engine steps its books with this one, which takes each citizen
once per list for the day's step and for the states read on a day, and gives the same list
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

NO_BOUND, BELOW, AT_LEAST = 0, 1, 2


def _bound(bound: ListEnter | ListExit) -> tuple[int, int]:
    """How a bound is met (`NO_BOUND`: never, on a score alone), and at what score."""
    if bound.score_below is not None:
        return BELOW, bound.score_below
    if bound.score_at_least is not None:
        return AT_LEAST, bound.score_at_least
    return NO_BOUND, 0


@compiled
def _meets(kind: int, bound: int, score: int) -> bool:
    if kind == BELOW:
        return score < bound
    if kind == AT_LEAST:
        return score >= bound
    return False


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
    """Both lists' day, citizen by citizen: the black list first, then the red, on which only
    the honourable who are not (now) on the black list are eligible. (`not_listed` is passed,
    not read as a global, so that a cached pass never keeps an old value of it.)"""
    b_enter, b_enter_at, b_exit, b_exit_at, b_min, b_max = (
        black_rule[0],
        black_rule[1],
        black_rule[2],
        black_rule[3],
        black_rule[4],
        black_rule[5],
    )
    r_enter, r_enter_at, r_exit, r_exit_at, r_min, r_max = (
        red_rule[0],
        red_rule[1],
        red_rule[2],
        red_rule[3],
        red_rule[4],
        red_rule[5],
    )
    for i in range(len(black)):
        s = score[i]
        # The black list: everyone is eligible.
        began = black[i]
        moves = False
        if began >= 0:
            days_on = day - began
            leave = days_on >= b_min and _meets(b_exit, b_exit_at, s)
            if b_max >= 0 and days_on >= b_max:
                leave = True
            renew = black_triggered[i]
            state = began
            if leave:
                state = not_listed
            if renew:
                state = day
            black_out[i] = state
            moves = leave or renew
        elif black_triggered[i] or _meets(b_enter, b_enter_at, s):
            black_out[i] = day
            moves = True
        else:
            black_out[i] = began
        # The red list: the honourable who are not on the black list now.
        eligible = honourable[i] and black_out[i] < 0
        began = red[i]
        if began >= 0:
            days_on = day - began
            leave = days_on >= r_min and _meets(r_exit, r_exit_at, s)
            if r_max >= 0 and days_on >= r_max:
                leave = True
            renew = red_triggered[i] and eligible
            leave = leave or not eligible
            state = began
            if leave:
                state = not_listed
            if renew:
                state = day
            red_out[i] = state
            moves = moves or leave or renew
        elif (red_triggered[i] or _meets(r_enter, r_enter_at, s)) and eligible:
            red_out[i] = day
            moves = True
        else:
            red_out[i] = began
        if follow and moves:
            moved[i] = True


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
    enter, exit_ = _bound(rule.enter), _bound(rule.exit)
    top = -1 if rule.max_days is None else rule.max_days
    return np.array([*enter, *exit_, rule.min_days, top], dtype=np.int64)


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
