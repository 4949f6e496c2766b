"""Two population runs compared: B minus A, paired over their shared seeds where that means
something, and the difference of the means where it does not.

With common random numbers a seed is the same synthetic town and the same draws under any policy
and any observation model, but only for the same population: the `population` section of both
scenarios must be the same. Then B − A is taken seed by seed over the seeds both runs have, and
its interval is the paired one. Otherwise (another population, or no seed in common) B − A is the
difference of the two means with a Welch interval, and `reading` says why.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from socialcredit.runs.schema import PopulationRecord
from socialcredit.stats import Interval, difference_of_means, paired_difference


@dataclass(frozen=True)
class Comparison:
    a: PopulationRecord
    b: PopulationRecord

    @cached_property
    def shared_seeds(self) -> list[int]:
        return sorted(set(self.a.seeds) & set(self.b.seeds))

    @cached_property
    def same_population(self) -> bool:
        return self.a.scenario.population == self.b.scenario.population

    @property
    def paired(self) -> bool:
        return self.same_population and bool(self.shared_seeds)

    def difference(self, name: str) -> Interval:
        """B minus A for metric `name` (no value where either run lacks the metric)."""
        if name not in self.a.metrics or name not in self.b.metrics:
            return Interval(None, None, None, 0)
        a = {r.seed: r.metrics.get(name) for r in self.a.runs}
        b = {r.seed: r.metrics.get(name) for r in self.b.runs}
        if self.paired:
            return paired_difference(a, b)
        return difference_of_means(list(a.values()), list(b.values()))

    @property
    def reading(self) -> str:
        """How B − A is taken, in a sentence for the page."""
        shared = self.shared_seeds
        if self.paired and len(shared) == 1:
            return (
                f"B − A is the difference on seed {shared[0]}, the one seed both runs share "
                "(the same synthetic population and draws in both): one seed, so no interval."
            )
        if self.paired:
            return (
                f"B − A is paired: the difference seed by seed over the {len(shared)} seeds "
                "both runs share (the same synthetic population and draws in both), with the "
                "95% interval of its mean (Student t). pp: percentage points."
            )
        why = (
            "the runs share no seed"
            if self.same_population
            else "the two scenarios describe different populations, so a seed is not the same "
            "town in both"
        )
        return (
            f"B − A is not paired ({why}): it is the difference of the two means, with a Welch "
            "95% interval. pp: percentage points."
        )
