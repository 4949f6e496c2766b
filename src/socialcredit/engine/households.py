"""Households: who in a shard is whose spouse and whose child.

A household is a run of consecutive citizens of one district: its first member is an adult; in a
couple the second is the first's spouse; every other member is a child of the adults. Sizes come
from the scenario's shares, drawn one household after another along the shard's citizens; a
household that would run past the end of its district is cut there, so households never cross a
district (nor a shard). The draws come from the shard's own `households` stream, so adding
households moves no other draw: the same citizens act, are seen and are listed as without them.

Children are citizens like any other: they act, are seen, scored and listed at the same rates,
and belong to groups drawn for each citizen as before (a household may mix groups). Households
only say whom a rule reaching relatives (`applies_to`) reaches.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from socialcredit.domain.scenario import Households

F64 = npt.NDArray[np.float64]
I64 = npt.NDArray[np.int64]
Mask = npt.NDArray[np.bool_]


@dataclass(frozen=True)
class HouseholdPlan:
    cumulative: F64
    """Cumulative shares of households of 1, 2, … members, ending at 1."""
    spouse_share: float

    @property
    def mean_size(self) -> float:
        shares = np.diff(self.cumulative, prepend=0.0)
        return float((shares * np.arange(1, len(shares) + 1)).sum())


def household_plan(households: Households | None) -> HouseholdPlan | None:
    if households is None:
        return None
    cumulative = np.cumsum(np.array(households.sizes, dtype=np.float64))
    cumulative[-1] = 1.0
    return HouseholdPlan(cumulative, households.spouse_share)


@dataclass(frozen=True)
class Kinship:
    """The households of a shard (citizen numbers are shard-local)."""

    start: I64
    """Per household: its first member."""
    size: I64
    couple: Mask
    """Per household: its second member is the first's spouse."""

    @property
    def n(self) -> int:
        return int(self.start[-1] + self.size[-1]) if len(self.start) else 0

    @property
    def child(self) -> Mask:
        """Per citizen: a child of the household's adults."""
        household = np.repeat(np.arange(len(self.start)), self.size)
        position = np.arange(self.n) - self.start[household]
        out: Mask = position >= np.where(self.couple, 2, 1)[household]
        return out

    def spouses(self) -> tuple[I64, I64]:
        """(adults with a spouse, each one's spouse)."""
        first = self.start[self.couple]
        return np.concatenate([first, first + 1]), np.concatenate([first + 1, first])

    def parents(self) -> tuple[I64, I64, I64]:
        """(children, each one's first parent, each one's second parent: the spouse in a
        couple, the first parent again otherwise)."""
        household = np.repeat(np.arange(len(self.start)), self.size)
        children = np.flatnonzero(self.child)
        first = self.start[household[children]]
        second = np.where(self.couple[household[children]], first + 1, first)
        return children, first, second


def draw_households(plan: HouseholdPlan, district_start: I64, rng: np.random.Generator) -> Kinship:
    """The households of a shard whose districts start at `district_start` (shard-local, with
    the end last)."""
    n = int(district_start[-1])
    drawn: list[I64] = []
    total = 0
    while total < n:
        batch = int((n - total) / plan.mean_size * 1.05) + 16
        sizes = np.searchsorted(plan.cumulative, rng.random(batch), side="right") + 1
        drawn.append(sizes.astype(np.int64))
        total += int(sizes.sum())
    ends = np.cumsum(np.concatenate(drawn)) if drawn else np.zeros(0, dtype=np.int64)
    starts = np.concatenate([[0], ends[:-1]]).astype(np.int64)
    starts = np.union1d(starts[starts < n], district_start[:-1]).astype(np.int64)
    size = np.diff(np.append(starts, n)).astype(np.int64)
    couple = (rng.random(len(starts)) < plan.spouse_share) & (size >= 2)
    return Kinship(starts, size, couple)
