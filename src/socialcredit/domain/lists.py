"""Red and black list membership, stepped one day at a time over arrays of citizens.

A list's state is, per citizen, the day they were listed (`-1` when not listed). Each day, by the
rules of `domain.list_rules`:
  1. a listed citizen leaves when the list's exit rule holds (`leaves`), or when they stop being
     eligible (the black list outranks the red);
  2. a citizen who was not listed at the start of the day enters when eligible and the entry
     rule holds (`enters`);
  3. a listed citizen with a new listing behaviour starts a new term that day, also on the day
     they would have left: the new finding outweighs the old term's end.
A list has consequences at services only once in force (`in_force`, after its notice period).
The per-citizen view replays the same step on arrays of one.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from socialcredit.domain.list_rules import enters, in_force, leaves
from socialcredit.domain.policy import ListRule, Lists, Policy

Days = npt.NDArray[np.int32]
Mask = npt.NDArray[np.bool_]

NOT_LISTED = -1


def step_list(
    rule: ListRule,
    since: Days,
    *,
    day: int,
    score: npt.NDArray[np.integer],
    triggered: Mask,
    eligible: Mask | None = None,
    moved: Mask | None = None,
) -> Days:
    """Return the list state after `day`, given the end-of-day scores and today's triggers
    (`eligible` None: everyone is); marks in `moved`, when given, whoever entered, left or
    renewed.

    The listed are few: the exit rule and renewals are worked out for them alone, and only the
    entry bound is read for everyone."""
    on = np.flatnonzero(since >= 0)
    began, score_on, triggered_on = since[on], score[on], triggered[on]
    leave = leaves(rule, day - began, score_on)
    renew = triggered_on
    if eligible is not None:
        eligible_on = eligible[on]
        leave = leave | ~eligible_on
        renew = renew & eligible_on
    enter = enters(rule, score, triggered)
    enter[on] = False
    if eligible is not None:
        enter &= eligible
    out = since.copy()
    out[on[leave]] = NOT_LISTED
    out[enter] = day
    out[on[renew]] = day
    if moved is not None:
        moved[on[leave | renew]] = True
        moved |= enter
    return out


class ListBook:
    """Both lists for a set of citizens, advanced day by day.

    `honourable` marks who may be on the red list at all (without consent, when the policy
    requires it, nobody is honoured); the black list outranks the red.
    """

    def __init__(self, rules: Lists, n: int, honourable: Mask) -> None:
        self.rules = rules
        self.black: Days = np.full(n, NOT_LISTED, dtype=np.int32)
        self.red: Days = np.full(n, NOT_LISTED, dtype=np.int32)
        self._honourable = honourable
        self._nobody = np.zeros(n, dtype=np.bool_)
        self.moved: Mask | None = None
        """When followed (`follow`): who may have changed on either list since the follower
        last cleared it (a superset: a renewal on the day of listing changes nothing)."""

    def follow(self) -> None:
        """Mark from now on who changes on either list, in `moved`."""
        self.moved = np.zeros(len(self.black), dtype=np.bool_)

    @classmethod
    def of(cls, policy: Policy, consent: Mask) -> ListBook:
        """The lists of `policy` for citizens whose consent to be scored is `consent`."""
        honourable = consent if policy.consent.required else np.ones(len(consent), np.bool_)
        return cls(policy.lists, len(consent), honourable)

    def step(
        self,
        day: int,
        score: npt.NDArray[np.integer],
        *,
        black_triggered: Mask | None = None,
        red_triggered: Mask | None = None,
    ) -> None:
        lists = self.rules
        self.black = step_list(
            lists.black,
            self.black,
            day=day,
            score=score,
            triggered=self._nobody if black_triggered is None else black_triggered,
            moved=self.moved,
        )
        self.red = step_list(
            lists.red,
            self.red,
            day=day,
            score=score,
            triggered=self._nobody if red_triggered is None else red_triggered,
            eligible=self._honourable & (self.black < 0),
            moved=self.moved,
        )

    def resume_black(self, citizens: npt.NDArray[np.int64], since: npt.NDArray[np.int64]) -> None:
        """Resume black listings lifted for a while (a listing act set aside on appeal, then
        upheld): listed since `since`, unless listed again meanwhile. The state array is
        replaced, not changed in place, so a caller's earlier view of it stays as it was."""
        if not len(citizens):
            return
        out = self.black.copy()
        idle = out[citizens] < 0
        out[citizens[idle]] = since[idle]
        self.black = out
        if self.moved is not None:
            self.moved[citizens[idle]] = True

    def end_black(self, citizens: npt.NDArray[np.int64]) -> None:
        """Take the citizens off the black list now (lifted on appeal, or repaired), in place."""
        self.black[citizens] = NOT_LISTED
        if self.moved is not None:
            self.moved[citizens] = True

    def states(self, day: int) -> tuple[npt.NDArray[np.int8], npt.NDArray[np.int8]]:
        """Each citizen's state on the black and on the red list on `day`: 0 not listed, 1
        listed but not yet in force, 2 in force."""
        return _state(self.rules.black, self.black, day), _state(self.rules.red, self.red, day)


def _state(rule: ListRule, since: Days, day: int) -> npt.NDArray[np.int8]:
    state = in_force(rule, since, day).view(np.int8)
    state += (since >= 0).view(np.int8)
    return state


def listing_behaviours(policy: Policy, list_name: str) -> npt.NDArray[np.bool_]:
    """For each behaviour index, whether an entry of it lists the citizen on `list_name`."""
    rule: ListRule = getattr(policy.lists, list_name)
    codes = set(rule.enter.behaviours)
    return np.array([b.code in codes for b in policy.behaviours], dtype=np.bool_)
