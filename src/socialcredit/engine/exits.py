"""The ways off the black list besides the list's own exit rule, for one shard: the repair (paying
the debt), credit restoration and the end of a fixed term. Each ends a listing in both ledgers
and clears the entries the policy's repair clears; each counts the listings it ends in its own
series (`restorations`, `rehabilitations`, `black_expiries`).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from socialcredit.domain.lists import ListBook
from socialcredit.engine.appeals import Appeals
from socialcredit.engine.attribution import Attribution
from socialcredit.engine.redress import RedressPlan
from socialcredit.engine.repairs import Repairs
from socialcredit.engine.scorebook import ScoreBook
from socialcredit.engine.storylog import StoryLog
from socialcredit.engine.streams import Streams
from socialcredit.engine.terms import Terms

Idx = npt.NDArray[np.int64]
Counts = dict[str, float]


def any_exit(plan: RedressPlan) -> bool:
    """Whether anything but the list's exit rule can end a black listing."""
    return plan.repairs.live or plan.rehabilitation.live or plan.term is not None


class Exits:
    """The repair, credit restoration and fixed terms of one shard's black listings."""

    def __init__(
        self,
        plan: RedressPlan,
        n: int,
        detriments: npt.NDArray[np.int64],
        streams: Streams,
        attribution: Attribution | None,
        log: StoryLog | None,
    ) -> None:
        self.plan = plan
        self.repairs = (
            Repairs(plan.repairs, n, detriments, streams("repairs"), attribution, log)
            if plan.repairs.live
            else None
        )
        self.rehabilitation = (
            Repairs(plan.rehabilitation, n, np.zeros(1, np.int64), streams("rehabilitation"))
            if plan.rehabilitation.live
            else None
        )
        self._nobody = np.zeros(n, dtype=np.int64)
        """The standing the rehabilitation's rate reads: no consequence raises it."""
        self.terms = (
            Terms(plan.term, n, streams("terms"))
            if plan.term is not None and plan.term.live
            else None
        )

    def take_effect(
        self,
        day: int,
        books: tuple[ScoreBook, ScoreBook],
        lists: tuple[ListBook, ListBook],
        counts: Counts,
        appeals: Appeals | None,
    ) -> None:
        """End the listings whose repair or restoration is due, or whose term runs out today;
        disputes of the entries they clear are dropped."""
        clears = self.plan.repairs.clears
        ended: list[Idx] = []
        if self.repairs is not None:
            ended.append(self.repairs.take_effect(day, books, lists, counts))
        if self.rehabilitation is not None:
            ended.append(self.rehabilitation.take_effect(day, books, lists, counts))
        if self.terms is not None:
            ended.append(self.terms.expire(day, books, lists, counts))
        if appeals is not None:
            for citizens in ended:
                appeals.drop_cleared(citizens, clears, counts)

    def begin(self, day: int, observed: ListBook) -> None:
        """Listings that began today: draw which carry a fixed term."""
        if self.terms is not None:
            self.terms.begin(day, observed)

    def draw(self, day: int, listed: npt.NDArray[np.bool_], standing: Idx) -> None:
        """Today's acts of repair and restoration by listed citizens."""
        if self.repairs is not None:
            self.repairs.draw(day, listed, standing)
        if self.rehabilitation is not None:
            self.rehabilitation.draw(day, listed, self._nobody)
