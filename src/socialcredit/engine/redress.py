"""Redress compiled for the simulator: disputes, their review, and the acts that repair a listing.

The policy says what citizens are told (`appeals.notify_entries`, a listing served or published),
how long review may take, whether a disputed entry counts meanwhile, and which act repairs the
black list; the scenario says how often citizens dispute and repair and how much review can do.
`engine.appeals` and `engine.repairs` step these plans day by day.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from socialcredit.domain.footprint import Publication
from socialcredit.domain.lists import listing_behaviours
from socialcredit.domain.policy import ListRule, Policy
from socialcredit.domain.scenario import PopulationScenario

Mask = npt.NDArray[np.bool_]

MAX_WAIT_DAYS = 3650
"""Days from dispute to decision are counted one by one up to this; longer waits share the last."""

REDRESS_COLUMNS = (
    "disputes",
    "disputes_false",
    "appeal_decisions",
    "appeal_decisions_in_time",
    "disputes_closed",
    "appeal_backlog",
    "disputes_lapsed",
    "reversals",
    "reversals_false",
    "reversals_wrongful",
    "listings_lifted",
    "listings_wrongful_corrected",
    "wrongly_listed_days_corrected",
    "black_listings",
    "black_listings_wrongful",
    "restorations",
    "restorations_wrongful",
    "rehabilitations",
    "black_expiries",
    "black_exits",
)
"""The series redress counts every day, in the catalogue's order."""


@dataclass(frozen=True)
class AppealsPlan:
    notify: bool
    """Every entry is notified to the citizen when it counts."""
    served: bool
    """A black listing is served or published: the citizen learns of the entries of that day."""
    aware_unnotified: float
    dispute_false: float
    dispute_true: float
    reviews_per_citizen_day: float
    """Review capacity: reviewers per citizen times reviews per reviewer-day."""
    catch_rate: float
    wrong_reversal_rate: float
    deadline_days: int
    suspend: bool
    """A disputed entry stops counting until its dispute is decided."""
    negative: Mask
    """Per behaviour: an entry of it is against the citizen (only those are disputed)."""
    expiry_days: npt.NDArray[np.int64]
    """Per behaviour: the days its entries count (a dispute lapses when its entry expires)."""
    listing_black: Mask
    black: ListRule
    """The black list's rule: a listing that no longer meets its entry after an entry is taken
    out is lifted."""

    @property
    def live(self) -> bool:
        """Anything can be disputed at all."""
        return (self.dispute_false > 0 or self.dispute_true > 0) and (
            self.notify or self.served or self.aware_unnotified > 0
        )


@dataclass(frozen=True)
class RepairPlan:
    clears: Mask
    """Per behaviour: a repair clears its entries. All false: the policy has no repair."""
    days: int
    daily_rate: float
    """Repairs per listed citizen per day with no consequence in force."""
    per_detriment: float
    publicity: float
    """The multiplier that applies (1 when the list is not published)."""
    column: str = "restorations"
    """The series that counts the listings it ends."""
    wrongful_column: str | None = "restorations_wrongful"
    """The series that counts those of them true conduct would not list (None: not counted)."""
    opens: int = 0
    """The first day anyone does the act (a regime that opens during the run)."""

    @property
    def live(self) -> bool:
        return bool(self.clears.any()) and self.daily_rate > 0


@dataclass(frozen=True)
class TermPlan:
    """Black listings with a fixed term: which share of them, and how long it is."""

    days: int
    share: float
    """Chance that a listing (a new one, or a renewal by a later finding) carries the term."""

    @property
    def live(self) -> bool:
        return self.share > 0


@dataclass(frozen=True)
class RedressPlan:
    appeals: AppealsPlan
    repairs: RepairPlan
    rehabilitation: RepairPlan
    """Credit restoration: an act like the repair, at its own rate, from its own day."""
    term: TermPlan | None


def redress_plan(policy: Policy, scenario: PopulationScenario) -> RedressPlan:
    redress = scenario.redress
    disputes, review, restoration = redress.disputes, redress.review, redress.restoration
    black = policy.lists.black
    published = black.publish is not Publication.NONE
    points = np.array([b.points for b in policy.behaviours])
    clears = np.zeros(len(points), dtype=np.bool_)
    if black.repair is not None:
        clears[[policy.behaviour_index[c] for c in black.repair.clears]] = True
    return RedressPlan(
        appeals=AppealsPlan(
            notify=policy.appeals.notify_entries,
            served=black.notice_days > 0 or published,
            aware_unnotified=disputes.aware_unnotified,
            dispute_false=disputes.false_entry,
            dispute_true=disputes.true_entry,
            reviews_per_citizen_day=review.reviewers_per_1000
            / 1000.0
            * review.reviews_per_reviewer_day,
            catch_rate=review.catch_rate,
            wrong_reversal_rate=review.wrong_reversal_rate,
            deadline_days=policy.appeals.deadline_days,
            suspend=not policy.appeals.disputed_entries_count,
            negative=points < 0,
            expiry_days=np.array([b.expires_after_days for b in policy.behaviours], np.int64),
            listing_black=listing_behaviours(policy, "black"),
            black=black,
        ),
        repairs=RepairPlan(
            clears=clears,
            days=black.repair.days if black.repair is not None else 0,
            daily_rate=restoration.per_year / 365.0,
            per_detriment=restoration.per_detriment,
            publicity=restoration.publicity if published else 1.0,
        ),
        rehabilitation=_rehabilitation(policy, scenario, clears),
        term=(
            None
            if black.term_days is None or black.repair is None
            else TermPlan(
                black.term_days, 1.0 if redress.term_share is None else redress.term_share
            )
        ),
    )


def _rehabilitation(policy: Policy, scenario: PopulationScenario, clears: Mask) -> RepairPlan:
    declared = policy.lists.black.rehabilitation
    regime = scenario.redress.rehabilitation
    start = scenario.population.start
    opens = regime.opens if regime is not None else None
    return RepairPlan(
        clears=clears if declared is not None else np.zeros_like(clears),
        days=declared.days if declared is not None else 0,
        daily_rate=(regime.per_year if regime is not None else 0.0) / 365.0,
        per_detriment=0.0,
        publicity=1.0,
        column="rehabilitations",
        wrongful_column=None,
        opens=max(0, (opens - start).days) if opens is not None else 0,
    )
