"""An experiment's figures for its page, computed before the page is rendered: the report
renders what it is given and computes no statistics.

`digest` turns the stored results (with the frontier and any analysis) into a `Digest`: each
variant's estimates and its differences to the reference, the main effects of the varied inputs,
the worlds judged on wrongful listings, what stands out beyond the noise, and what the variants
over each scenario share on a seed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from socialcredit.domain.catalogue import metrics
from socialcredit.engine import Shared
from socialcredit.experiment.analysis import Discovery, Sensitivity
from socialcredit.experiment.effects import MainEffect, blocks, main_effects
from socialcredit.experiment.frontier import Frontier
from socialcredit.experiment.results import Results
from socialcredit.experiment.standouts import (
    LargestDifference,
    LargestEffect,
    largest_difference,
    largest_effect,
)
from socialcredit.experiment.variants import Resolved, Variant
from socialcredit.experiment.worlds import World, worlds
from socialcredit.stats import Interval

Sharing = dict[str, Shared]
"""Per scenario (by name), what all its variants that run share on a seed."""

WRONGFUL = metrics.EVER_WRONGLY_BLACKLISTED_PER_1000
"""The price the worlds are judged on: citizens ever wrongly blacklisted per 1,000."""


@dataclass(frozen=True)
class Digest:
    """Everything the experiment page shows, as figures."""

    resolved: Resolved
    runs: int
    """How many runs finished."""
    frontier: Frontier | None
    worlds: list[World]
    """The frontier's worlds judged on the benefit against wrongful listings; none without a
    frontier."""
    estimates: dict[str, dict[str, Interval]]
    """Variant id → outcome → mean over seeds with its 95% interval."""
    differences: dict[str, dict[str, tuple[Interval, bool]]]
    """Variant id → outcome → the variant minus the reference, and whether it is paired; every
    variant but the reference."""
    blocks: dict[tuple[str, str], list[Variant]]
    """Scoring variants by (policy name, scenario name)."""
    effects: dict[str, dict[str, list[MainEffect]]]
    """Varied path → outcome → main effects, for a grid; empty for a sampled design."""
    largest_effect: LargestEffect | None
    """For a grid that varies something; None otherwise, or where no effect stands out."""
    largest_difference: LargestDifference | None
    """For a sampled design or one that varies nothing; None otherwise, or where no difference
    stands out."""
    sharing: Sharing
    sensitivity: Sequence[Sensitivity] | None = None
    discovery: Discovery | None = None


def digest(
    results: Results,
    front: Frontier | None,
    *,
    sensitivity: Sequence[Sensitivity] | None = None,
    discovery: Discovery | None = None,
) -> Digest:
    """The page's figures from the results, the frontier and any analysis."""
    resolved = results.resolved
    reference = resolved.variants[resolved.reference]
    outcomes = resolved.outcomes
    grid = resolved.unit is None
    effects = (
        {path: {o: main_effects(results, o, path) for o in outcomes} for path in resolved.paths}
        if grid
        else {}
    )
    return Digest(
        resolved=resolved,
        runs=len(results.finished),
        frontier=front,
        worlds=worlds(results, front, WRONGFUL) if front is not None else [],
        estimates={v.id: {o: results.estimate(v, o) for o in outcomes} for v in resolved.variants},
        differences={
            v.id: {o: results.difference(reference, v, o) for o in outcomes}
            for v in resolved.variants
            if v is not reference
        },
        blocks=blocks(results),
        effects=effects,
        largest_effect=largest_effect(effects) if grid and resolved.paths else None,
        largest_difference=None if grid and resolved.paths else largest_difference(results),
        sharing=resolved.sharing(),
        sensitivity=sensitivity,
        discovery=discovery,
    )
