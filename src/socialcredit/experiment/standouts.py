"""What stands out of an experiment beyond the noise of its seeds: the largest effect of a varied
input (a grid), and the variant of the reference's world that differs most from the reference
(a sampled design, or nothing varied).

Each is the largest of many candidates, so it must stand out with every candidate held to 95%
together (Bonferroni), or one would stand out by chance. Surveillance measures are no
candidates for the largest effect: they count what the inputs set.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from socialcredit.domain.catalogue import SURVEILLANCE
from socialcredit.experiment.effects import MainEffect
from socialcredit.experiment.frontier import world_key
from socialcredit.experiment.results import Results
from socialcredit.experiment.variants import Variant
from socialcredit.experiment.worlds import beyond_noise, family_confidence
from socialcredit.stats import Interval

_excludes_zero = beyond_noise

ACCOUNTING = SURVEILLANCE
"""Outcomes that count what the inputs set (how many collectors, how much is observed): an
input moving them is no finding, so no effect on them is what stands out."""


@dataclass(frozen=True)
class LargestEffect:
    """The varied input whose change from its first to its last value moves an outcome most,
    relative to the outcome's size."""

    effect: MainEffect
    change: Interval
    """Last level minus first, with its 95% interval."""
    candidates: int
    """How many effects it was picked from, all held to 95% together."""


@dataclass(frozen=True)
class LargestDifference:
    """The variant of the reference's world that differs most from the reference, relative to
    the reference's figure."""

    variant: Variant
    outcome: str
    difference: Interval
    """The variant minus the reference, with its 95% interval."""
    candidates: int
    """How many differences it was picked from, all held to 95% together."""


def largest_effect(
    effects: Mapping[str, Mapping[str, Sequence[MainEffect]]],
) -> LargestEffect | None:
    """The largest of the main effects (varied path → outcome → effects) that stands out, or
    None where none does."""
    candidates = [
        effect
        for by_outcome in effects.values()
        for outcome, found in by_outcome.items()
        if outcome not in ACCOUNTING
        for effect in found
    ]
    # The largest of many effects is picked: it must stand out with every candidate held to
    # 95% together (Bonferroni), or one would stand out by chance.
    family = family_confidence(len(candidates))
    best: tuple[float, MainEffect, Interval] | None = None
    for effect in candidates:
        change = effect.change()
        low_end = effect.levels[0].estimate.mean
        high_end = effect.levels[-1].estimate.mean
        if change.mean is None or low_end is None or high_end is None:
            continue
        if not _excludes_zero(effect.change(family)):
            continue
        scale = max(abs(low_end), abs(high_end), 1e-9)
        size = abs(change.mean) / scale
        if best is None or size > best[0]:
            best = (size, effect, change)
    if best is None:
        return None
    _, effect, change = best
    return LargestEffect(effect, change, len(candidates))


def largest_difference(results: Results) -> LargestDifference | None:
    """The variant of the reference's world that differs most from the reference on some
    outcome and stands out, or None where none does."""
    resolved = results.resolved
    reference = resolved.variants[resolved.reference]
    others = [
        v
        for v in resolved.variants
        if v is not reference and not v.counterfactual and world_key(v) == world_key(reference)
    ]
    # The largest of many differences is picked: it must stand out with all of them held to
    # 95% together (Bonferroni).
    family = family_confidence(len(others) * len(resolved.outcomes))
    best = None
    for v in others:
        for outcome in resolved.outcomes:
            diff, _ = results.difference(reference, v, outcome)
            ref = results.estimate(reference, outcome).mean
            if diff.mean is None or ref is None:
                continue
            if not _excludes_zero(results.difference(reference, v, outcome, family)[0]):
                continue
            size = abs(diff.mean) / max(abs(ref), abs(diff.mean), 1e-9)
            if best is None or size > best[0]:
                best = (size, v, outcome, diff)
    if best is None:
        return None
    _, v, outcome, diff = best
    return LargestDifference(v, outcome, diff, len(others) * len(resolved.outcomes))
