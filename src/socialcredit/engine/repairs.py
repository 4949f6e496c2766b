"""Credit restoration, day by day: listed citizens who do the act that repairs their listing.

Each day every citizen on the observed black list, with no repair already under way, repairs
with a chance that the pressure on them raises: the scenario's base rate, raised by a share per
service that restricts or denies them that day and multiplied when the list is published. The
repair takes effect at the start of the day `days` later (the next day at the earliest): the
entries it clears stop counting in both ledgers (paying a debt is a true act) and the citizen
leaves the black list in both. A citizen whom true conduct would not list and who repairs all
the same is counted apart: they paid their way off a wrongful listing.
"""

from __future__ import annotations

from collections import defaultdict

import numpy as np
import numpy.typing as npt

from socialcredit.domain.lists import ListBook
from socialcredit.engine.attribution import Attribution
from socialcredit.engine.redress import RepairPlan
from socialcredit.engine.scorebook import ScoreBook
from socialcredit.engine.storylog import StoryLog

Idx = npt.NDArray[np.int64]
Mask = npt.NDArray[np.bool_]
Counts = dict[str, float]


class Repairs:
    """The repairs of one shard's citizens."""

    def __init__(
        self,
        plan: RepairPlan,
        n: int,
        detriments: npt.NDArray[np.int64],
        rng: np.random.Generator,
        attribution: Attribution | None = None,
        log: StoryLog | None = None,
    ) -> None:
        self.plan = plan
        self.rng = rng
        self.attribution = attribution
        self.log = log
        self._detriments = detriments
        """Per observed standing: the services that restrict or deny a citizen in it."""
        self._pending: dict[int, list[Idx]] = defaultdict(list)
        self._under_way = np.zeros(n, dtype=np.bool_)

    def take_effect(
        self,
        day: int,
        books: tuple[ScoreBook, ScoreBook],
        lists: tuple[ListBook, ListBook],
        counts: Counts,
    ) -> Idx:
        """Apply the repairs due today to the (observed, true) books and lists; return the
        citizens who repaired."""
        due = self._pending.pop(day, [])
        if not due:
            return np.zeros(0, dtype=np.int64)
        citizens = np.concatenate(due)
        self._under_way[citizens] = False
        observed, true = lists
        listed = observed.black[citizens] >= 0
        plan = self.plan
        counts[plan.column] += float(listed.sum())
        if self.log is not None:
            self.log.add("restoration", citizens[listed])
        if plan.wrongful_column is not None:
            wrongful = listed & (true.black[citizens] < 0)
            counts[plan.wrongful_column] += float(wrongful.sum())
        for book in books:
            book.clear(day, citizens)
        if self.attribution is not None:
            self.attribution.clear(citizens, self.plan.clears)
        for book_lists in lists:
            book_lists.end_black(citizens)
        return citizens

    def draw(self, day: int, listed: Mask, standing: Idx) -> None:
        """Today's repair acts by citizens on the observed black list."""
        plan = self.plan
        if day < plan.opens:
            return
        candidates = np.flatnonzero(listed & ~self._under_way)
        if not len(candidates):
            return
        pressure = 1.0 + plan.per_detriment * self._detriments[standing[candidates]]
        rate = plan.daily_rate * plan.publicity * pressure
        act = candidates[self.rng.random(len(candidates)) < -np.expm1(-rate)]
        if len(act):
            if self.log is not None:
                self.log.add("repair", act)
            self._under_way[act] = True
            self._pending[day + max(1, plan.days)].append(act)
