"""The story log's events as tables for telling: per kind, columns ordered by story (the
chosen citizen's place in `Cut.citizens`) and by day, with each story's slice; and the scores
the score books' changes of points add up to."""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

from socialcredit.engine import Columns, Cut

Idx = npt.NDArray[np.int64]


class Table:
    """Columns of events, ordered by story (the chosen citizen's place in `Cut.citizens`) and,
    within a story, as the rows were given (by day); `bounds[i]` is story i's slice."""

    def __init__(self, story: Idx, columns: dict[str, npt.NDArray[Any]], n: int) -> None:
        self.story = story
        self.columns = columns
        self.bounds: list[int] = np.searchsorted(story, np.arange(n + 1)).tolist()

    @classmethod
    def of(cls, cut: Cut, kind: str) -> Table:
        """The events of `kind` (none: an empty table), by story, keeping their order within a
        story (the order of days: a citizen's events all come from one shard's log)."""
        n = len(cut.citizens)
        events: Columns = cut.events.get(kind, {})
        if not events:
            return cls(np.zeros(0, dtype=np.int64), {}, n)
        story = np.searchsorted(cut.citizens, events["citizen"]).astype(np.int64)
        order = np.argsort(story, kind="stable")
        return cls(story[order], {k: np.asarray(v)[order] for k, v in events.items()}, n)

    def __len__(self) -> int:
        return len(self.story)

    def where(self, rows: npt.NDArray[np.bool_], n: int) -> Table:
        """The rows marked, in their order."""
        return Table(self.story[rows], {k: v[rows] for k, v in self.columns.items()}, n)

    def span(self, i: int) -> slice:
        """Story i's rows."""
        return slice(self.bounds[i], self.bounds[i + 1])

    def col(self, name: str) -> npt.NDArray[Any]:
        """A column; zeros where the table has none (a ledger's entries have no `false`)."""
        column = self.columns.get(name)
        return np.zeros(len(self), dtype=np.int64) if column is None else column

    def rows(self, i: int) -> list[dict[str, int]]:
        """Story i's events as rows (for the few-event kinds)."""
        lo, hi = self.bounds[i], self.bounds[i + 1]
        if lo == hi:
            return []
        names = list(self.columns)
        values = [self.columns[k][lo:hi].tolist() for k in names]
        return [dict(zip(names, row, strict=True)) for row in zip(*values, strict=True)]


def concat(*tables: tuple[Table, int], n: int) -> tuple[Table, Idx]:
    """Tables merged by story, day and their order here (the second of each pair, e.g. the
    ledger); a column one table lacks is zero there. Returns the merged table and each row's
    tag."""
    parts = [t for t, _ in tables if len(t)]
    if not parts:
        return Table(np.zeros(0, dtype=np.int64), {}, n), np.zeros(0, dtype=np.int64)
    tag = np.concatenate([np.full(len(t), k, dtype=np.int64) for t, k in tables if len(t)])
    story = np.concatenate([t.story for t in parts])
    names = dict.fromkeys(k for t in parts for k in t.columns)
    columns = {
        k: np.concatenate([t.columns.get(k, np.zeros(len(t), dtype=np.int64)) for t in parts])
        for k in names
    }
    order = _by(story, columns["day"].astype(np.int64), tag, len(tables))
    return Table(story[order], {k: v[order] for k, v in columns.items()}, n), tag[order]


def score_changes(
    cut: Cut, added: Table, changes: str, base: int, points: Idx, expiry: Idx, days: int
) -> Table:
    """The score of one book at the end of each day it changed, per story: the base, plus the
    points of each entry from its day until it expires (within the run), plus the book's
    other changes of points (`changes`); a day whose changes cancel out is no change."""
    n = len(cut.citizens)
    other = Table.of(cut, changes)
    behaviour = added.col("behaviour").astype(np.int64)
    start = added.col("day").astype(np.int64)
    end = start + expiry[behaviour]
    ends = end < days
    story = np.concatenate([added.story, added.story[ends], other.story])
    day = np.concatenate([start, end[ends], other.col("day").astype(np.int64)])
    value = np.concatenate(
        [points[behaviour], -points[behaviour][ends], other.col("value").astype(np.int64)]
    )
    if not len(story):
        return Table(np.zeros(0, dtype=np.int64), {}, n)
    order = _by(story, day)
    story, day, value = story[order], day[order], value[order]
    running = np.cumsum(value)
    first = np.r_[True, story[1:] != story[:-1]]
    before = (running - value)[first][np.cumsum(first) - 1]
    score = base + running - before
    last = np.r_[(story[1:] != story[:-1]) | (day[1:] != day[:-1]), True]
    story, day, score = story[last], day[last], score[last]
    previous = np.r_[base, score[:-1]]
    previous[np.r_[True, story[1:] != story[:-1]]] = base
    changed = score != previous
    columns = {"day": day[changed], "score": score[changed]}
    return Table(story[changed], columns, n)


def _by(story: Idx, day: Idx, tag: Idx | None = None, tags: int = 1) -> Idx:
    """The order by story, day and tag, keeping the given order among equals: one stable sort
    of a key made of all three."""
    key = (story * (int(day.max()) + 1) + day) * tags
    if tag is not None:
        key += tag
    order: Idx = np.argsort(key, kind="stable")
    return order
