"""Each scoring variant at the two ends of its responses' plausible range.

How strongly people respond to being scored is an uncertainty, so by default an experiment
also runs every scoring variant whose scenario gives its responses plausible ranges
(`behaviour.ranges`) at the weakest and at the strongest end of them
(`domain.response_range`), on the same seeds as the variant itself. The ends share the
variant's no-scoring twin: with no one scored, the responses change nothing, so one twin per
world serves the centre and both ends (a test holds the engine to that). A response parameter
the experiment varies as an uncertainty is taken at the variant's own value and left out of
the ends: the design already spans it. An experiment turns the ends off with
`response_range: false`; one whose scenarios carry no ranges has none, and runs, journals and
reports exactly as before.

An end run is journalled under its variant's id and the end (`v003@weakest`), beside the
variant's own runs; the result tables keep one row per variant and seed, and the frontier
reads the ends (`experiment.frontier`).
"""

from __future__ import annotations

from dataclasses import dataclass

from socialcredit.domain.catalogue import End
from socialcredit.domain.policy import Policy
from socialcredit.domain.response_range import ResponseEnds, response_ends
from socialcredit.domain.scenario import PopulationScenario
from socialcredit.experiment.variants import Resolved, Variant

ENDS: tuple[End, End] = ("weakest", "strongest")
UNCERTAIN = "scenario.behaviour."


@dataclass(frozen=True)
class Job:
    """One run of an experiment, as the journal keys it (`variant id` or `variant id@end`)."""

    key: str
    policy: Policy
    scenario: PopulationScenario


def end_key(variant: Variant, end: End) -> str:
    """The journal's key of a variant's run at one end of its response range."""
    return f"{variant.id}@{end}"


def variant_ends(variant: Variant) -> ResponseEnds | None:
    """The variant's scenario at both ends of its responses' ranges, leaving out a parameter
    the variant sets as an uncertainty; None for the counterfactual, or where nothing is left
    to range."""
    if variant.counterfactual:
        return None
    ranges = variant.scenario.behaviour.ranges
    varied = {p.removeprefix(UNCERTAIN) for p in variant.values if p.startswith(UNCERTAIN)}
    kept = {key: plausible for key, plausible in ranges.items() if key not in varied}
    if not kept:
        return None
    scenario = variant.scenario
    if len(kept) < len(ranges):
        behaviour = scenario.behaviour.model_copy(update={"ranges": kept})
        scenario = scenario.model_copy(update={"behaviour": behaviour})
    return response_ends(scenario)


def ranged(resolved: Resolved) -> dict[str, ResponseEnds]:
    """Per scoring variant id, its two ends; empty when the experiment turns them off or no
    variant's responses carry ranges."""
    if not resolved.experiment.response_range:
        return {}
    found = {v.id: variant_ends(v) for v in resolved.variants}
    return {vid: ends for vid, ends in found.items() if ends is not None}


def jobs(resolved: Resolved) -> list[Job]:
    """Every run of the experiment but its seeds: each variant, then each ranged variant at
    its weakest and strongest ends."""
    out = [Job(v.id, v.policy, v.scenario) for v in resolved.variants]
    by_id = {v.id: v for v in resolved.variants}
    for vid, ends in ranged(resolved).items():
        variant = by_id[vid]
        out.append(Job(end_key(variant, "weakest"), variant.policy, ends.weakest))
        out.append(Job(end_key(variant, "strongest"), variant.policy, ends.strongest))
    return out
