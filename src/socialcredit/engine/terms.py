"""Fixed terms of black listings, day by day: which listings carry one, and their end.

A listing that begins (a new one, or a renewal by a later finding) carries the policy's fixed
term with the scenario's share, drawn once when it begins: the circumstance the court found
decides it, not anything later. The term ends at the start of the day `days` after the listing
began, unless a new finding renewed it: the entries the repair would clear stop counting in both
ledgers and the citizen leaves the black list in both, as when a repair takes effect. Which
listings carry a term is decided on the observed list (the one that is published).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from socialcredit.domain.lists import ListBook
from socialcredit.engine.redress import TermPlan
from socialcredit.engine.scorebook import ScoreBook

Idx = npt.NDArray[np.int64]
Counts = dict[str, float]


class Terms:
    """The fixed terms of one shard's black listings."""

    def __init__(self, plan: TermPlan, n: int, rng: np.random.Generator) -> None:
        self.plan = plan
        self.rng = rng
        self.termed = np.zeros(n, dtype=np.bool_)
        """Per citizen: the current black listing carries the fixed term."""

    def expire(
        self,
        day: int,
        books: tuple[ScoreBook, ScoreBook],
        lists: tuple[ListBook, ListBook],
        counts: Counts,
    ) -> Idx:
        """End the terms that run out today; return whose."""
        since = lists[0].black
        due = np.flatnonzero(self.termed & (since >= 0) & (day - since >= self.plan.days))
        if not len(due):
            return due.astype(np.int64)
        self.termed[due] = False
        counts["black_expiries"] += float(len(due))
        for book in books:
            book.clear(day, due)
        for book_lists in lists:
            book_lists.end_black(due)
        return due.astype(np.int64)

    def begin(self, day: int, observed: ListBook) -> None:
        """Draw the term of each listing that began today."""
        began = np.flatnonzero(observed.black == day)
        if len(began):
            self.termed[began] = self.rng.random(len(began)) < self.plan.share
