"""Disputes and their review, day by day, for one shard's observed ledger.

A citizen disputes an entry against them only if they know of it: the policy notifies every
entry, or the entry listed them that day and the listing is served or published, or they learn
of it anyway (the scenario's `aware_unnotified`). Whether they dispute depends on whether the
entry is false. Disputes wait in one queue, oldest first; each day review decides as many as its
capacity allows (a fraction of a review carries over to the next day), reversing a false entry
with the catch rate and a true one with the wrong-reversal rate. An entry whose dispute is still
open when it expires, or when a repair clears it, lapses undecided.

A reversed entry stops counting that day and gives back its cap slot; where the policy says a
disputed entry does not count, it stops counting on the day it is disputed and counts again if
the dispute is rejected. Either way, a black listing that rested on the entry is lifted once
nothing holds it up (see `_lift`). When an entry whose setting aside lifted a listing is upheld,
that listing resumes from the day it began, unless the citizen is listed again by then. The true
ledger is never touched: a reversal changes what is recorded, not what was done.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from socialcredit.domain.list_rules import listed_by_a_fall, score_meets
from socialcredit.domain.lists import ListBook
from socialcredit.engine.attribution import Attribution
from socialcredit.engine.redress import MAX_WAIT_DAYS, AppealsPlan
from socialcredit.engine.scorebook import ScoreBook
from socialcredit.engine.storylog import StoryLog

Idx = npt.NDArray[np.int64]
I32 = npt.NDArray[np.int32]
Mask = npt.NDArray[np.bool_]
Counts = dict[str, float]

DISPUTE = np.dtype(
    [
        ("citizen", np.int64),
        ("behaviour", np.int32),
        ("added", np.int64),
        ("false", np.bool_),
        ("suspended", np.bool_),
        ("probes", np.uint64),
        ("lifted", np.int64),
    ]
)
"""One open dispute. An entry is disputed on the day it is added, so `added` is also the day
of the dispute; `probes` are the attribution's probes the entry belongs to, when a run follows
them (`engine.attribution`); `lifted` is the day the black listing that setting the entry aside
lifted had begun (-1: it lifted none), so that upholding the entry resumes that listing."""

Upheld = tuple[Idx, I32, npt.NDArray[np.uint64], Idx]
"""Entries an appeal upheld after setting them aside lifted a listing: citizens, behaviours,
probes, and the days the lifted listings began (they resume from then)."""


NONE_UPHELD: Upheld = (
    np.zeros(0, dtype=np.int64),
    np.zeros(0, dtype=np.int32),
    np.zeros(0, dtype=np.uint64),
    np.zeros(0, dtype=np.int64),
)


class Appeals:
    """The open disputes of one shard and the review that decides them."""

    def __init__(
        self,
        plan: AppealsPlan,
        n: int,
        rng: np.random.Generator,
        attribution: Attribution | None = None,
        log: StoryLog | None = None,
    ) -> None:
        self.plan = plan
        self.rng = rng
        self.attribution = attribution
        self.log = log
        """Told of every entry taken out or put back, so that its holdings stay exact."""
        self.queue = np.zeros(0, dtype=DISPUTE)
        """Open disputes, oldest first."""
        self._capacity = plan.reviews_per_citizen_day * n
        self._credit = 0.0
        self.waits = np.zeros(MAX_WAIT_DAYS + 1, dtype=np.int64)
        """Decisions by days from dispute to decision."""

    def lapse(self, day: int, counts: Counts) -> None:
        """Close the disputes of entries that expire today, undecided."""
        q = self.queue
        if not len(q):
            return
        expired = q["added"] + self.plan.expiry_days[q["behaviour"]] <= day
        if expired.any():
            counts["disputes_lapsed"] += float(np.count_nonzero(expired))
            counts["disputes_closed"] += float(np.count_nonzero(expired))
            self._log_lapsed(q[expired])
            self.queue = q[~expired]

    def drop_cleared(self, citizens: Idx, clears: Mask, counts: Counts) -> None:
        """Close undecided the disputes of entries a repair cleared today: the debt is paid,
        and nothing is left to dispute. They lapse, but are no dispute review failed to decide:
        the share decided in time leaves them out (`disputes_closed`)."""
        q = self.queue
        if not len(q) or not len(citizens):
            return
        moot = clears[q["behaviour"]] & np.isin(q["citizen"], citizens)
        if moot.any():
            counts["disputes_lapsed"] += float(np.count_nonzero(moot))
            self._log_lapsed(q[moot])
            self.queue = q[~moot]

    def _log_lapsed(self, closed: npt.NDArray[np.void]) -> None:
        if self.log is not None:
            self.log.add(
                "lapse", closed["citizen"], behaviour=closed["behaviour"], added=closed["added"]
            )

    def decide(
        self, day: int, book: ScoreBook, lists: ListBook, began_wrongful: Mask, counts: Counts
    ) -> Upheld:
        """Review today's share of the queue; return the entries upheld after setting them
        aside lifted a listing (those listings resume)."""
        plan = self.plan
        self._credit += self._capacity
        k = min(len(self.queue), int(self._credit))
        self._credit -= int(self._credit)
        if k == 0:
            return NONE_UPHELD
        done, self.queue = self.queue[:k], self.queue[k:]
        c, b, added, probes = done["citizen"], done["behaviour"], done["added"], done["probes"]
        false, suspended = done["false"], done["suspended"]
        u = self.rng.random(k)
        reversed_ = np.where(false, u < plan.catch_rate, u < plan.wrong_reversal_rate)
        if self.log is not None:
            self.log.add("decision", c, behaviour=b, added=added, reversed=reversed_)
        wait = day - added
        np.add.at(self.waits, np.minimum(wait, MAX_WAIT_DAYS), 1)
        counts["appeal_decisions"] += k
        counts["disputes_closed"] += k
        counts["appeal_decisions_in_time"] += float(np.count_nonzero(wait <= plan.deadline_days))
        counts["reversals"] += float(np.count_nonzero(reversed_))
        counts["reversals_false"] += float(np.count_nonzero(reversed_ & false))
        counts["reversals_wrongful"] += float(np.count_nonzero(reversed_ & ~false))
        out = reversed_ & ~suspended
        book.withdraw(day, c[out], b[out], added[out])
        book.free_cap_slots(c[reversed_], b[reversed_], added[reversed_])
        self._lift(day, (c[out], b[out], added[out]), book, lists, began_wrongful, counts)
        back = ~reversed_ & suspended
        book.reinstate(day, c[back], b[back], added[back])
        if self.attribution is not None:
            self.attribution.book(day, (c[out], b[out], probes[out], added[out]), -1)
            self.attribution.book(day, (c[back], b[back], probes[back], added[back]), 1)
        again = back & (done["lifted"] >= 0)
        return c[again], b[again], probes[again], done["lifted"][again]

    def file(
        self,
        day: int,
        entries: tuple[Idx, I32, Mask, npt.NDArray[np.uint64]],
        book: ScoreBook,
        lists: ListBook,
        began_wrongful: Mask,
        counts: Counts,
    ) -> None:
        """Disputes of the entries that counted today (citizens, behaviours, false, probes),
        after the lists have stepped."""
        plan = self.plan
        citizens, behaviours, false, probes = entries
        against = plan.negative[behaviours]
        c, b, f, pr = citizens[against], behaviours[against], false[against], probes[against]
        if not len(c):
            return
        if plan.notify:
            known = np.ones(len(c), dtype=np.bool_)
        else:
            known = self.rng.random(len(c)) < plan.aware_unnotified
            if plan.served:
                known |= lists.black[c] == day
        chance = np.where(f, plan.dispute_false, plan.dispute_true)
        disputed = known & (self.rng.random(len(c)) < chance)
        if not disputed.any():
            return
        c, b, f, pr = c[disputed], b[disputed], f[disputed], pr[disputed]
        new = np.zeros(len(c), dtype=DISPUTE)
        new["citizen"], new["behaviour"], new["added"] = c, b, day
        new["false"], new["suspended"], new["probes"] = f, plan.suspend, pr
        new["lifted"] = -1
        counts["disputes"] += len(c)
        if self.log is not None:
            self.log.add("dispute", c, behaviour=b, false=f)
        counts["disputes_false"] += float(np.count_nonzero(f))
        if plan.suspend:
            added = np.full(len(c), day, dtype=np.int64)
            book.withdraw(day, c, b, added)
            if self.attribution is not None:
                self.attribution.book(day, (c, b, pr, added), -1)
            lifted, since = self._lift(day, (c, b, added), book, lists, began_wrongful, counts)
            if len(lifted):
                at = np.minimum(np.searchsorted(lifted, c), len(lifted) - 1)
                hit = lifted[at] == c
                new["lifted"][hit] = since[at[hit]]
        self.queue = np.concatenate([self.queue, new])

    def _lift(
        self,
        day: int,
        entries: tuple[Idx, I32, Idx],
        book: ScoreBook,
        lists: ListBook,
        began_wrongful: Mask,
        counts: Counts,
    ) -> tuple[Idx, Idx]:
        """Lift the black listings that rested on entries (citizens, behaviours, days added)
        just taken out; return the citizens lifted (sorted) and the days their listings began.

        A listing rests on an entry that was there when its term began and that could have
        listed: a listing act, or any deduction where the list is entered below a score. It is
        lifted when nothing holds it up any more: no listing act of the citizen still counts, and
        the score no longer meets the entry bound. A renewed term whose renewing act goes, while
        an earlier act still counts, keeps running from the renewal."""
        citizens, behaviours, added = entries
        none = np.zeros(0, dtype=np.int64)
        if not len(citizens):
            return none, none
        plan = self.plan
        since = lists.black[citizens]
        rested = (since >= 0) & (added <= since)
        could_list = plan.listing_black[behaviours] | listed_by_a_fall(plan.black)
        meets = score_meets(plan.black.enter, book.score[citizens])
        held = book.acts[citizens] > 0
        lift = np.unique(citizens[rested & could_list & ~meets & ~held])
        if not len(lift):
            return none, none
        began = lists.black[lift].astype(np.int64)
        wrongful = began_wrongful[lift]
        counts["listings_lifted"] += len(lift)
        if self.log is not None:
            self.log.add("lift", lift, since=began)
        counts["listings_wrongful_corrected"] += float(np.count_nonzero(wrongful))
        counts["wrongly_listed_days_corrected"] += float((day - began)[wrongful].sum())
        began_wrongful[lift] = False
        lists.end_black(lift)
        return lift, began
