"""What a list's rule says, written once: whether a score meets its entry or exit bound, whether
a citizen enters or leaves it, and from which day a listing is in force.

A citizen *enters* a list when an entry of a listing behaviour lands (`triggered`) or the score
meets the entry bound, and *leaves* it once listed `min_days` with the score meeting the exit
bound, or once listed `max_days`, whichever comes first. A listing is *in force* (has
consequences at services) from `notice_days` after the day its term began: with no notice, from
that day itself. A bound is met below `score_below` and at or above `score_at_least`; an entry on
listing behaviours alone has no score bound, which no score meets.

Each rule takes one citizen's score or listing day as a number, or many as an array: the engine
steps arrays of citizens (`domain.lists`), appeals and attribution ask again of some of them,
and a story asks of one citizen on one day.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, overload

from socialcredit.domain.rulebook import ListEnter, ListExit, ListRule

if TYPE_CHECKING:
    # Only for the annotations: a policy's checks read these rules for one score, and commands
    # that only check a policy (`audit`, `policy check`) start without numpy.
    import numpy as np
    import numpy.typing as npt

    Scores = npt.NDArray[np.integer]
    Days = npt.NDArray[np.int32]
    Mask = npt.NDArray[np.bool_]


def entered_on_score(rule: ListRule) -> bool:
    """The list is entered on a score bound (and not on listing behaviours alone)."""
    return rule.enter.score_below is not None or rule.enter.score_at_least is not None


def listed_by_a_fall(rule: ListRule) -> bool:
    """A lower score can list a citizen: the list is entered below a score bound, so any
    deduction may have put them on it (a list entered at or above a bound is reached by rises)."""
    return rule.enter.score_below is not None


@overload
def score_meets(bound: ListEnter | ListExit, score: int) -> bool: ...
@overload
def score_meets(bound: ListEnter | ListExit, score: Scores) -> Mask: ...
def score_meets(bound: ListEnter | ListExit, score: int | Scores) -> bool | Mask:
    """Whether the score meets the entry or exit bound."""
    if bound.score_below is not None:
        return score < bound.score_below
    if bound.score_at_least is not None:
        return score >= bound.score_at_least
    if isinstance(score, int):
        return False
    import numpy as np

    return np.zeros(np.shape(score), dtype=np.bool_) if isinstance(score, np.ndarray) else False


@overload
def enters(rule: ListRule, score: int, triggered: bool) -> bool: ...
@overload
def enters(rule: ListRule, score: Scores, triggered: Mask) -> Mask: ...
def enters(rule: ListRule, score: int | Scores, triggered: bool | Mask) -> bool | Mask:
    """Whether an unlisted citizen enters the list (when eligible for it at all): an entry of a
    listing behaviour landed today (`triggered`), or the score meets the entry bound."""
    return triggered | score_meets(rule.enter, score)


@overload
def leaves(rule: ListRule, days_on: int, score: int) -> bool: ...
@overload
def leaves(rule: ListRule, days_on: Scores, score: Scores) -> Mask: ...
def leaves(rule: ListRule, days_on: int | Scores, score: int | Scores) -> bool | Mask:
    """Whether a citizen listed `days_on` days ago leaves the list at a day's end with `score`:
    the minimum term served and the exit bound met, or the maximum term reached. (A listing act
    the same day starts a new term instead, and the black list outranks the red: `lists`.)"""
    out = (days_on >= rule.min_days) & score_meets(rule.exit, score)
    if rule.max_days is not None:
        out = out | (days_on >= rule.max_days)
    return out


@overload
def in_force_day(rule: ListRule, since: int) -> int: ...
@overload
def in_force_day(rule: ListRule, since: Days) -> Days: ...
def in_force_day(rule: ListRule, since: int | Days) -> int | Days:
    """The first day a listing whose term began on `since` has consequences at services."""
    return since + rule.notice_days


@overload
def in_force(rule: ListRule, since: int, day: int) -> bool: ...
@overload
def in_force(rule: ListRule, since: Days, day: int) -> Mask: ...
def in_force(rule: ListRule, since: int | Days, day: int) -> bool | Mask:
    """Whether a listing whose term began on `since` (negative: not listed) is in force on `day`."""
    return (since >= 0) & (day >= in_force_day(rule, since))
