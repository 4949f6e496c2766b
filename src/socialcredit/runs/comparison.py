"""Population runs compared: each run after the first minus the first (B − A, C − A, …), paired
over the shared seeds where that means something, and the difference of the means where it does
not.

With common random numbers a seed is the same synthetic town under any policy and any
observation model, as long as both scenarios describe the same citizens (`engine.sharing` says
exactly what two runs share: citizens, collectors, conduct draws, acts). Then B − A is taken
seed by seed over the seeds both runs have, its interval is the paired one, and `reading` says
what the two runs share. Otherwise (other citizens, or no seed in common) B − A is the
difference of the two means with a Welch interval, and `reading` says why. Each pair is judged on
its own: with three runs, B − A may be paired while C − A is not.

`run_tag` names the runs of a comparison A, B, C, … in the order given; `against_first` pairs
every run with the first; `readings` says how each difference is taken, one sentence for the
differences that are taken alike.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from functools import cached_property

from socialcredit.engine import Shared, shared
from socialcredit.runs.schema import PopulationRecord
from socialcredit.stats import Interval, difference_of_means, paired_difference

PP = "pp: percentage points."


def run_tag(index: int) -> str:
    """The tag of the run at `index` (from 0): A, B, …, Z, then AA, AB, … as spreadsheets do."""
    if index < 0:
        raise ValueError(f"no tag for index {index}")
    tag = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        tag = chr(ord("A") + rest) + tag
    return tag


@dataclass(frozen=True)
class Comparison:
    """Run `b` against run `a`: the difference `b_tag − a_tag` of every metric."""

    a: PopulationRecord
    b: PopulationRecord
    a_tag: str = "A"
    b_tag: str = "B"

    @property
    def label(self) -> str:
        """ "B − A"."""
        return f"{self.b_tag} \u2212 {self.a_tag}"

    @cached_property
    def shared_seeds(self) -> list[int]:
        return sorted(set(self.a.seeds) & set(self.b.seeds))

    @cached_property
    def shared(self) -> Shared:
        """What a seed of both runs has in common."""
        return shared(self.a.scenario, self.b.scenario)

    @property
    def same_population(self) -> bool:
        return self.shared.paired

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
        return readings([self])

    @property
    def manner(self) -> Hashable:
        """What the reading depends on besides the tags: equal for differences taken alike."""
        shared = self.shared_seeds
        if self.paired:
            return ("paired", shared[0] if len(shared) == 1 else None, len(shared), self.shared)
        return ("welch", self.same_population)


def against_first(
    records: Sequence[PopulationRecord], tags: Sequence[str] | None = None
) -> list[Comparison]:
    """Every run after the first against the first: B − A, C − A, … (tags A, B, C, … unless
    given)."""
    if len(records) < 2:
        raise ValueError(f"a comparison takes at least two runs, not {len(records)}")
    names = list(tags) if tags is not None else [run_tag(i) for i in range(len(records))]
    if len(names) != len(records):
        raise ValueError(f"{len(names)} tags for {len(records)} runs")
    return [
        Comparison(records[0], r, names[0], name)
        for r, name in zip(records[1:], names[1:], strict=True)
    ]


def readings(comparisons: Sequence[Comparison]) -> str:
    """How each difference is taken, for the page: one sentence per way of taking them, in
    the order the differences are first met, so "B − A and C − A are paired: …" where both are.
    """
    groups: dict[Hashable, list[Comparison]] = {}
    for c in comparisons:
        groups.setdefault(c.manner, []).append(c)
    sentences = [_sentence(group) for group in groups.values()]
    if any(not (c.paired and len(c.shared_seeds) == 1) for c in comparisons):
        sentences.append(PP)
    return " ".join(sentences)


def _and(items: Sequence[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def _sentence(group: Sequence[Comparison]) -> str:
    first, one = group[0], len(group) == 1
    subject = _and([c.label for c in group])
    shared = first.shared_seeds
    both = "both runs share" if one else "each pair of runs shares"
    if first.paired and len(shared) == 1:
        return (
            f"{subject} {'is' if one else 'are each'} the difference on seed {shared[0]}, the "
            f"one seed {both} ({first.shared.describe()}): one seed, so no interval."
        )
    if first.paired:
        return (
            f"{subject} {'is' if one else 'are'} paired: the difference seed by seed over the "
            f"{len(shared)} seeds {both} ({first.shared.describe()}), with the 95% interval of "
            "its mean (Student t)."
        )
    if first.same_population:
        why = "the runs share no seed" if one else "the runs of each pair share no seed"
    else:
        why = (
            "the two scenarios describe" if one else "the scenarios of each pair describe"
        ) + " different citizens, so a seed is not the same town in both"
    return (
        f"{subject} {'is' if one else 'are'} not paired ({why}): {'it' if one else 'each'} is "
        "the difference of the two means, with a Welch 95% interval."
    )
