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
def _counts(
    citizen: npt.NDArray[np.int64],
    behaviour: npt.NDArray[np.int32],
    good: npt.NDArray[np.bool_],
    group: npt.NDArray[np.int8],
    entry_behaviour: npt.NDArray[np.int32],
    entry_false: npt.NDArray[np.bool_],
    counted: npt.NDArray[np.bool_],
    good_deed: npt.NDArray[np.bool_],
    true_counted: npt.NDArray[np.int32],
    observed: Score,
    true: Score,
    groups: int,
    behaviours: int,
    out: npt.NDArray[np.float64],
) -> None:
    """The day's counts in `out`, laid out as `DayCount._where` says: acts good and bad, per
    group, per behaviour; entries (observed, true, good, true good, false); per group the
    scores' sums in both ledgers. Each is a count or a sum of whole numbers, so the same in
    any order."""
    g0 = 2
    b0 = g0 + 2 * groups
    e0 = b0 + behaviours
    s0 = e0 + 5
    out[:] = 0.0
    for i in range(len(citizen)):
        g = group[citizen[i]]
        if good[i]:
            out[0] += 1.0
            out[g0 + g] += 1.0
        else:
            out[1] += 1.0
            out[g0 + groups + g] += 1.0
        out[b0 + behaviour[i]] += 1.0
    for i in range(len(entry_behaviour)):
        if counted[i]:
            out[e0] += 1.0
            if good_deed[entry_behaviour[i]]:
                out[e0 + 2] += 1.0
            if entry_false[i]:
                out[e0 + 4] += 1.0
    out[e0 + 1] = len(true_counted)
    for i in range(len(true_counted)):
        if good_deed[true_counted[i]]:
            out[e0 + 3] += 1.0
    # A pass per group, each adding in local sums: several times faster than adding into an
    # array indexed by each citizen's group, for the few groups a scenario has.
    for k in range(groups):
        total = total_true = np.int64(0)
        for i in range(len(group)):
            mine = group[i] == k
            total += np.int64(observed[i]) if mine else np.int64(0)
            total_true += np.int64(true[i]) if mine else np.int64(0)
        out[s0 + k] = float(total)
        out[s0 + groups + k] = float(total_true)


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
        at = {name: i for i, name in enumerate(columns)}
        self._behaviours = len(behaviours)
        self._group_sizes = np.bincount(group, minlength=len(groups)).astype(np.float64)
        self._group = group
        where = ["acts_good", "acts_bad"]
        where += [f"acts_good.{g}" for g in groups] + [f"acts_bad.{g}" for g in groups]
        where += [f"acts.{b}" for b in behaviours]
        where += ["entries", "entries_true", "entries_good", "entries_true_good", "false_entries"]
        where += [f"score_sum.{g}" for g in groups] + [f"score_sum_true.{g}" for g in groups]
        self._where = np.array([at[name] for name in where], dtype=np.int64)
        """The columns of `_counts`'s figures, in its order."""
        self._counts = np.zeros(len(where), dtype=np.float64)
        self._counters_at = np.array([at[name] for name in COUNTERS], dtype=np.int64)
        self._sizes_at = np.array([at[f"citizens.{g}"] for g in groups], dtype=np.int64)

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
        counts = self._counts
        _counts(
            acts.citizen,
            acts.behaviour,
            acts.good,
            self._group,
            evidence.behaviour,
            evidence.false,
            obs_ok,
            self._good,
            true_counted,
            scores[0],
            scores[1],
            len(self.names),
            self._behaviours,
            counts,
        )
        row[self._where] = counts
        counters = evidence.counters
        row[self._counters_at] = [counters[name] for name in COUNTERS]
        row[self._sizes_at] = self._group_sizes
