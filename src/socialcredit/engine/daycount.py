"""The day's counts a shard makes beside the tally's: acts, entries, the way from act to entry,
and per group its size and the sums of its scores in both ledgers."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from socialcredit.engine.compiled import compiled
from socialcredit.engine.conduct import Acts
from socialcredit.engine.observation import COUNTERS, Evidence

Score = npt.NDArray[np.int32]


def day_columns(groups: tuple[str, ...], behaviours: tuple[str, ...]) -> list[str]:
    """The series a shard counts beside the tally's, in the catalogue's order."""
    out = ["acts_good", "acts_bad"]
    out += [f"acts_good.{g}" for g in groups] + [f"acts_bad.{g}" for g in groups]
    out += [f"acts.{b}" for b in behaviours]
    out += ["entries", "entries_true", "entries_good", "entries_true_good", "false_entries"]
    out += list(COUNTERS)
    for prefix in ("citizens", "score_sum", "score_sum_true"):
        out += [f"{prefix}.{g}" for g in groups]
    return out


@compiled
def _group_sums(
    group: npt.NDArray[np.int8],
    observed: Score,
    true: Score,
    sums: npt.NDArray[np.int64],
    sums_true: npt.NDArray[np.int64],
) -> None:
    """Each group's score sums in both ledgers, in one pass over the citizens."""
    for i in range(len(group)):
        g = group[i]
        sums[g] += observed[i]
        sums_true[g] += true[i]


class DayCount:
    """Counts one shard's day into its row of the series."""

    def __init__(
        self,
        groups: tuple[str, ...],
        good: npt.NDArray[np.bool_],
        group: npt.NDArray[np.int8],
        columns: list[str],
        behaviours: tuple[str, ...],
    ) -> None:
        self.names = groups
        self._good = good
        """Per behaviour of the policy: a good deed (positive points)."""
        self._at = {name: i for i, name in enumerate(columns)}
        self._acts_at = self._at[f"acts.{behaviours[0]}"] if behaviours else 0
        self._behaviours = len(behaviours)
        self._groups = group.astype(np.int64)
        self._group_sizes = np.bincount(self._groups, minlength=len(groups)).astype(np.float64)
        self._group = group

    def count(
        self,
        row: npt.NDArray[np.float64],
        acts: Acts,
        evidence: Evidence,
        obs_ok: npt.NDArray[np.bool_],
        true_counted: npt.NDArray[np.int32],
        scores: tuple[Score, Score],
    ) -> None:
        """Fill `row` with the day's acts (all of the world's, numbered as the world numbers
        them), entries, counters and group sums, given the scores (observed, true) at the end
        of the day."""
        at, groups, names = self._at, self._groups, self.names
        n_groups = len(names)
        row[at["acts_good"]] = float(acts.good.sum())
        row[at["acts_bad"]] = float(len(acts.good) - acts.good.sum())
        act_group = groups[acts.citizen]
        good = np.bincount(act_group[acts.good], minlength=n_groups)
        bad = np.bincount(act_group[~acts.good], minlength=n_groups)
        end = self._acts_at + self._behaviours
        row[self._acts_at : end] = np.bincount(acts.behaviour, minlength=self._behaviours)
        row[at["entries"]] = float(obs_ok.sum())
        row[at["entries_true"]] = float(len(true_counted))
        row[at["entries_good"]] = float(self._good[evidence.behaviour[obs_ok]].sum())
        row[at["entries_true_good"]] = float(self._good[true_counted].sum())
        row[at["false_entries"]] = float((evidence.false & obs_ok).sum())
        for name, value in evidence.counters.items():
            row[at[name]] = value
        sums = np.zeros(n_groups, dtype=np.int64)
        sums_true = np.zeros(n_groups, dtype=np.int64)
        _group_sums(self._group, scores[0], scores[1], sums, sums_true)
        for gi, g in enumerate(names):
            row[at[f"acts_good.{g}"]] = good[gi]
            row[at[f"acts_bad.{g}"]] = bad[gi]
            row[at[f"citizens.{g}"]] = self._group_sizes[gi]
            row[at[f"score_sum.{g}"]] = float(sums[gi])
            row[at[f"score_sum_true.{g}"]] = float(sums_true[gi])
