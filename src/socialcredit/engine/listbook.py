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
def _step(
    since: Days,
    score: npt.NDArray[np.integer],
    triggered: Mask,
    outranked: bool,
    honourable: Mask,
    black: Days,
    day: int,
    rule: npt.NDArray[np.int64],
    not_listed: int,
    out: Days,
    follow: bool,
    moved: Mask,
) -> None:
    """One list's day (`domain.lists.step_list`): `rule` holds the entry bound's kind and score,
    the exit bound's, the minimum term and the maximum (-1: none). Where `outranked`, only the
    honourable who are not on the black list `black` are eligible. (`not_listed` is passed,
    not read as a global, so that a cached pass never keeps an old value of it.)"""
    enter_kind, enter_at, exit_kind, exit_at, min_days, max_days = (
        rule[0],
        rule[1],
        rule[2],
        rule[3],
        rule[4],
        rule[5],
    )
    for i in range(len(since)):
        began = since[i]
        eligible = not outranked or (honourable[i] and black[i] < 0)
        if began >= 0:
            days_on = day - began
            leave = days_on >= min_days and _meets(exit_kind, exit_at, score[i])
            if max_days >= 0 and days_on >= max_days:
                leave = True
            renew = triggered[i] and eligible
            leave = leave or not eligible
            state = began
            if leave:
                state = not_listed
            if renew:
                state = day
            out[i] = state
            if follow and (leave or renew):
                moved[i] = True
        elif (triggered[i] or _meets(enter_kind, enter_at, score[i])) and eligible:
            out[i] = day
            if follow:
                moved[i] = True
        else:
            out[i] = began


@compiled
def _states(since: Days, day: int, notice: int, out: npt.NDArray[np.int8]) -> None:
    """0 not listed, 1 listed but not yet in force, 2 in force (`domain.lists.ListBook.states`)."""
    for i in range(len(since)):
        began = since[i]
        if began < 0:
            out[i] = 0
        elif day >= began + notice:
            out[i] = 2
        else:
            out[i] = 1


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
        moved = self.moved if self.moved is not None else self._nobody
        black = np.empty_like(self.black)
        _step(
            self.black,
            score,
            self._nobody if black_triggered is None else black_triggered,
            False,
            self._honourable,
            self.black,
            day,
            self._black_rule,
            NOT_LISTED,
            black,
            follow,
            moved,
        )
        self.black = black
        red = np.empty_like(self.red)
        _step(
            self.red,
            score,
            self._nobody if red_triggered is None else red_triggered,
            True,
            self._honourable,
            self.black,
            day,
            self._red_rule,
            NOT_LISTED,
            red,
            follow,
            moved,
        )
        self.red = red

    def states(self, day: int) -> tuple[npt.NDArray[np.int8], npt.NDArray[np.int8]]:
        black = np.empty(len(self.black), dtype=np.int8)
        red = np.empty(len(self.red), dtype=np.int8)
        _states(self.black, day, self.rules.black.notice_days, black)
        _states(self.red, day, self.rules.red.notice_days, red)
        return black, red
