"""Where collectors work: the district each one reports in, period by period.

With allocation `fixed` a collector works all run long in the district they live in, as the
roster drew them (`population`). Otherwise the collectors are shared out again at the start of
every period from the reports that landed against each district's residents in the period just
ended: in proportion to them (`proportional`, by largest remainders) or all to the district
with most (`max`); with `correction`, a report from district d counts with chance q_min / q_d,
where q_d = 1 - (1 - coverage)^(collectors per 1,000 residents of d) is the chance that d's
collectors see an act, which undoes where they were sent (Ensign et al. 2018; the derivation
is docs/runaway-collectors.md). A period without a counted report leaves them where they are.
Collectors who must move are the last of their district's; they fill the districts short of
collectors in district order. A moved collector reports the residents of the district they
work in (a malicious one keeps the grudges of home).

Every district's reports decide the next period, so a run whose collectors move is one shard
(`engine.run`). The draws (ties, and the correction's coin) come from the `allocation` stream.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from socialcredit.engine.model import AllocationPlan
from socialcredit.engine.population import Population
from socialcredit.engine.streams import Streams

I64 = npt.NDArray[np.int64]
F64 = npt.NDArray[np.float64]


class Deployment:
    """Which district each collector of a shard works in, and the reports of this period."""

    def __init__(self, plan: AllocationPlan, population: Population, streams: Streams) -> None:
        self.plan = plan
        self.population = population
        counts = np.diff(population.collector_start)
        self._districts = len(counts)
        self.works_in: I64 = np.repeat(np.arange(self._districts, dtype=np.int64), counts)
        """Per collector, the shard-local district they work in."""
        self.order: I64 = np.arange(len(self.works_in), dtype=np.int64)
        """Collectors by the district they work in (as `start` counts them)."""
        self.start: I64 = population.collector_start.astype(np.int64)
        """Index in `order` of the first collector of each district, plus the end."""
        self._sizes = np.diff(population.district_start).astype(np.float64)
        self._reports = np.zeros(self._districts, dtype=np.int64)
        self._rng = streams("allocation") if plan.moving else None

    def per_1000(self, citizens: I64, fixed: float) -> float | F64:
        """Collectors per 1,000 residents where each citizen lives: `fixed` (the scenario's
        figure) while collectors stay put, else what the allocation leaves there."""
        if not self.plan.moving:
            return fixed
        density = 1000.0 * np.diff(self.start) / np.maximum(self._sizes, 1.0)
        out: F64 = density[self.population.district[citizens]]
        return out

    def landed(self, citizens: I64) -> None:
        """Count reports that landed against these citizens (in this period)."""
        if self.plan.moving and len(citizens):
            self._reports += np.bincount(
                self.population.district[citizens], minlength=self._districts
            )

    def begin_day(self, day: int) -> None:
        """Share the collectors out again when a period ends."""
        plan = self.plan
        if not plan.moving or day == 0 or day % plan.period_days:
            return
        reports = self._counted(self._reports)
        self._reports = np.zeros(self._districts, dtype=np.int64)
        if reports.sum() == 0 or len(self.order) == 0:
            return
        self._move_to(self._targets(reports))

    def count(self, bad_acts: I64) -> F64:
        """The day's figures per district (`collectors_in.*`, then `acts_bad_in.*`): the
        collectors working there, and the bad acts of its residents (`bad_acts`: who did
        each)."""
        bad = np.bincount(self.population.district[bad_acts], minlength=self._districts)
        out: F64 = np.concatenate([np.diff(self.start), bad]).astype(np.float64)
        return out

    def _counted(self, reports: I64) -> I64:
        """The reports the allocation reads: all, or with the correction each with chance
        q_min / q_d."""
        if not self.plan.correction:
            return reports
        assert self._rng is not None
        density = 1000.0 * np.diff(self.start) / np.maximum(self._sizes, 1.0)
        seen = 1.0 - (1.0 - self.plan.coverage) ** density
        staffed = seen > 0
        if not staffed.any():
            return reports
        keep = np.where(staffed, seen[staffed].min() / np.where(staffed, seen, 1.0), 0.0)
        out: I64 = self._rng.binomial(reports, keep).astype(np.int64)
        return out

    def _targets(self, reports: I64) -> I64:
        """How many collectors each district gets for the next period."""
        assert self._rng is not None
        total = len(self.order)
        if self.plan.rule == "max":
            top = np.flatnonzero(reports == reports.max())
            out = np.zeros(self._districts, dtype=np.int64)
            out[top[self._rng.integers(len(top))] if len(top) > 1 else top[0]] = total
            return out
        quota = total * reports / reports.sum()
        base: I64 = np.floor(quota).astype(np.int64)
        left = total - int(base.sum())
        # Largest remainders first; equal remainders in a random order, so no district is
        # favoured by its number.
        ranked = np.lexsort((self._rng.random(self._districts), -(quota - base)))
        base[ranked[:left]] += 1
        return base

    def _move_to(self, targets: I64) -> None:
        """Move the last collectors of districts over their target to those under it."""
        movers: list[int] = []
        for d in range(self._districts):
            here = self.order[self.start[d] : self.start[d + 1]]
            movers.extend(int(c) for c in here[int(targets[d]) :])
        at = 0
        for d in range(self._districts):
            short = int(targets[d]) - int(self.start[d + 1] - self.start[d])
            for c in movers[at : at + max(short, 0)]:
                self.works_in[c] = d
            at += max(short, 0)
        self.order = np.argsort(self.works_in, kind="stable").astype(np.int64)
        counts = np.bincount(self.works_in, minlength=self._districts)
        self.start = np.concatenate([[0], np.cumsum(counts)]).astype(np.int64)
