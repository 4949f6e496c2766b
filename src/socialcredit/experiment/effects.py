"""Main effects of the varied inputs: each outcome at each value of one input, averaged over the
others, per block (one policy over one scenario).

For a grid, the effect of a factor at a level is, seed by seed, the mean of the outcome over the
block's variants at that level; its interval is over seeds. Because every variant shares the
seeds (common random numbers), the difference between two levels is taken seed by seed too:
that is the paired change the headline reports. Sampled designs have no levels; their points are
shown as they fall.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from socialcredit.domain.catalogue import CATALOGUE
from socialcredit.engine import shared
from socialcredit.experiment.results import Results
from socialcredit.experiment.variants import Variant
from socialcredit.stats import (
    CONFIDENCE,
    Interval,
    difference_of_means,
    interval,
    paired_difference,
)


@dataclass(frozen=True)
class Level:
    value: Any
    estimate: Interval
    per_seed: dict[int, float]


@dataclass(frozen=True)
class MainEffect:
    factor: str
    outcome: str
    policy: str
    scenario: str
    levels: list[Level]
    paired: bool
    """Every variant of the block has the same citizens, so a seed is the same town at every
    level; otherwise (the factor changes the citizens) levels are compared unpaired."""

    def change(self, confidence: float = CONFIDENCE) -> Interval:
        """Last level minus first: paired over seeds where the citizens are the same (a 95%
        interval, or at `confidence`)."""
        first, last = self.levels[0].per_seed, self.levels[-1].per_seed
        if self.paired:
            return paired_difference(first, last, confidence)
        return difference_of_means(list(first.values()), list(last.values()), confidence)


def _key(value: Any) -> str:
    return json.dumps(value, sort_keys=True)


def blocks(results: Results) -> dict[tuple[str, str], list[Variant]]:
    """Scoring variants by (policy name, scenario name), in the experiment's order."""
    out: dict[tuple[str, str], list[Variant]] = {}
    for v in results.resolved.variants:
        if not v.counterfactual:
            out.setdefault((v.policy.name, v.scenario.name), []).append(v)
    return out


def main_effects(results: Results, outcome: str, factor: str) -> list[MainEffect]:
    """The effect of `factor` on `outcome` in every block that varies it (grid designs)."""
    declared = CATALOGUE.metric(outcome)
    out = []
    for (policy, scenario), variants in blocks(results).items():
        by_level: dict[str, list[Variant]] = {}
        values: dict[str, Any] = {}
        for v in variants:
            if factor in v.values:
                k = _key(v.values[factor])
                by_level.setdefault(k, []).append(v)
                values[k] = v.values[factor]
        if len(by_level) < 2:
            continue
        levels = []
        for k, members in by_level.items():
            per_seed: dict[int, float] = {}
            for seed in results.resolved.seeds:
                xs = [results.values(v, outcome).get(seed) for v in members]
                if xs and all(x is not None for x in xs):
                    per_seed[seed] = sum(x for x in xs if x is not None) / len(xs)
            levels.append(
                Level(values[k], interval(list(per_seed.values()), declared.range), per_seed)
            )
        if all(
            isinstance(lv.value, int | float) and not isinstance(lv.value, bool) for lv in levels
        ):
            levels.sort(key=lambda lv: float(lv.value))
        paired = all(shared(variants[0].scenario, v.scenario).paired for v in variants)
        out.append(MainEffect(factor, outcome, policy, scenario, levels, paired))
    return out
