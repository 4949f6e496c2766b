"""The headline of an experiment report: one or two sentences generated from its results.

The first sentence is the frontier's, judged within each world (a scenario and its uncertainty
values) and never across worlds: the levers are choices, the uncertainties are not. With one
world it names the frontier of benefit against wrongful listings, from its cheapest variant to
the one with the largest benefit, and what the second buys over the first, paired over seeds;
where no variant differs from another beyond the noise of the seeds it says so and names none.
With several worlds it names no variant: it says in how many worlds some variant differs from
another beyond the noise, and which policies lie on those worlds' frontiers.

The second names the largest effect found: for a grid, the varied input whose change from its
first to its last value moves an outcome most (relative to the outcome's size, paired over
seeds, and only where the interval excludes no change); for a sampled design with sensitivity
indices, the input with the largest index (Sobol': the total index; Morris: μ* relative to the
outcome's spread over the design), saying so where its interval overlaps the next input's, and
naming no ranking at all where a Sobol' index lies outside [0, 1] beyond its interval (the
sample is too small); with nothing varied, the variant of the reference's world
that differs most from the reference. Surveillance measures are left out of the second
sentence: they count what the inputs set.

The sentences are written from a `Digest`: the worlds, the largest effect and the largest
difference were found before (`experiment.worlds`, `experiment.standouts`); here they are put
into words.
"""

from __future__ import annotations

from collections.abc import Sequence

from socialcredit.domain.catalogue import CATALOGUE
from socialcredit.experiment.analysis import Index, Sensitivity
from socialcredit.experiment.digest import WRONGFUL, Digest
from socialcredit.experiment.frontier import Point
from socialcredit.experiment.outcomes import BENEFIT
from socialcredit.experiment.standouts import ACCOUNTING, LargestDifference, LargestEffect
from socialcredit.experiment.variants import Resolved, show_value
from socialcredit.experiment.worlds import World
from socialcredit.report.experiment.ranges import range_sentence
from socialcredit.report.kit.text import fmt, fmt_difference, fmt_stat, plural


def _frontier_sentence(digest: Digest) -> str:
    """The frontier of benefit against wrongful listings, within each world."""
    found = digest.worlds
    seeds = len(digest.resolved.seeds)
    if len(found) == 1:
        return _one_world(digest.resolved, found[0], seeds)
    return _several_worlds(found, seeds)


def _one_world(resolved: Resolved, world: World, seeds: int) -> str:
    label = resolved.label
    kind = CATALOGUE.metric(BENEFIT).kind

    def point(p: Point) -> str:
        b, w = p.benefit, p.prices[WRONGFUL]
        return (
            f"{label(p.variant)} ({p.variant.id}: fewer true bad acts by "
            f"{fmt_stat((b.mean, b.low, b.high), kind)} per 1,000 citizen-years at "
            f"{fmt_stat((w.mean, w.low, w.high), 'rate')} citizens ever wrongly blacklisted "
            "per 1,000)"
        )

    n = len(world.points)
    if n > 1 and not world.differs:
        return (
            f"No scoring variant differs from another in its benefit or in wrongful listings "
            f"beyond the noise of {plural(seeds, 'seed')}: every paired interval includes zero "
            "(all of the world's comparisons held to 95% together), so none is picked out."
        )
    cheapest, largest = world.cheapest, world.largest
    if cheapest is None or largest is None:
        return (
            "No scoring variant improves conduct at a price in wrongful listings that having no "
            "system at all does not beat: none lies on the frontier of benefit against "
            "wrongful listings."
        )
    on = len(world.frontier)
    head = (
        f"Against no scoring, {on} of {plural(n, 'scoring variant')} "
        f"{'lies' if on == 1 else 'lie'} on the frontier of benefit against wrongful listings"
    )
    if cheapest is largest:
        if on == 1:
            return f"{head}: {point(cheapest)}."
        return f"{head}; the cheapest of them also has the largest benefit: {point(cheapest)}."
    gap = world.gap(cheapest, largest)
    text = (
        f"{head}. The cheapest in wrongful listings is {point(cheapest)}; the one with the "
        f"largest benefit is {point(largest)}"
    )
    if not gap.beyond_noise:
        return (
            f"{text}; the two do not differ in benefit or in wrongful listings beyond the noise "
            f"of {plural(seeds, 'seed')}."
        )
    more = fmt_stat((gap.benefit.mean, gap.benefit.low, gap.benefit.high), kind)
    dearer = fmt_stat((gap.price.mean, gap.price.low, gap.price.high), "rate")
    return (
        f"{text}, which prevents {more} more true bad acts per 1,000 citizen-years for "
        f"{dearer} more citizens ever wrongly blacklisted per 1,000 (paired over "
        f"{plural(seeds, 'seed')})."
    )


def worlds_note(digest: Digest) -> str | None:
    """How an experiment of several worlds is read, for the paragraph after the headline: None
    where there is one world or no frontier."""
    if digest.frontier is None or len(digest.worlds) < 2:
        return None
    return (
        "Variants are compared only within their world (the same scenario and uncertainty "
        f"values; {len(digest.worlds)} worlds here), so none is named best across worlds."
    )


def _several_worlds(found: Sequence[World], seeds: int) -> str:
    compared = [w for w in found if len(w.points) > 1]
    if not compared:
        improving = sum(len(w.improving) for w in found)
        return (
            "Each world has one scoring variant; against no scoring, it improves "
            f"conduct beyond the noise of {plural(seeds, 'seed')} in {improving} of "
            f"{len(found)} worlds."
        )
    differing = [w for w in compared if w.differs]
    noise = f"beyond the noise of {plural(seeds, 'seed')}"
    if not differing:
        return (
            f"In none of the {len(compared)} worlds with several scoring variants does "
            f"one differ from another in its benefit or in wrongful listings {noise}, so none "
            "is picked out."
        )
    text = (
        f"In {len(differing)} of the {len(compared)} worlds with several scoring "
        f"variants, some variant differs from another in benefit or in wrongful listings "
        f"{noise}"
        + (
            ""
            if len(differing) == len(compared)
            else f"; in the other {len(compared) - len(differing)}, none does"
        )
    )
    policies = sorted({p.variant.policy.name for w in differing for p in w.points})
    if len(policies) < 2:
        return text + "."
    on = [{p.variant.policy.name for p in w.frontier} for w in differing]
    alone = [f"{name} alone in {sum(1 for names in on if names == {name})}" for name in policies]
    together = sum(1 for names in on if len(names) > 1)
    nowhere = sum(1 for names in on if not names)
    return (
        f"{text}; on the frontiers of benefit against wrongful listings of those that differ: "
        + ", ".join(alone)
        + f", {'both' if len(policies) == 2 else 'several'} in {together}"
        + (f", none in {nowhere}" if nowhere else "")
        + "."
    )


def _effect_sentence(resolved: Resolved, largest: LargestEffect | None) -> str | None:
    if largest is None:
        return None
    effect, change = largest.effect, largest.change
    declared = CATALOGUE.metric(effect.outcome)
    first, last = effect.levels[0], effect.levels[-1]
    name = resolved.short.get(effect.factor, effect.factor)
    return (
        f"The largest effect of a varied input: setting {name} "
        f"from {show_value(first.value)} to {show_value(last.value)} moves "
        f"{CATALOGUE.metric_label(effect.outcome).lower()} from "
        f"{fmt(first.estimate.mean, declared.kind)} to {fmt(last.estimate.mean, declared.kind)} "
        f"({fmt_difference(change, declared.kind)}, "
        f"{'paired over' if effect.paired else 'unpaired, Welch interval over'} "
        f"{change.n} seeds) under "
        f"{effect.policy} × {effect.scenario}; it stands out with all "
        f"{plural(largest.candidates, 'effect')} of the varied inputs held to 95% together."
    )


def _sensitivity_sentence(items: Sequence[Sensitivity]) -> str | None:
    items = [item for item in items if item.outcome not in ACCOUNTING]
    too_small = [item for item in items if item.too_small]
    if too_small:
        return (
            "The sensitivity sample is too small to rank the inputs: in "
            f"{len(too_small)} of {len(items)} outcomes and blocks a Sobol' index lies outside "
            "[0, 1] beyond its 95% interval."
        )
    best: tuple[float, Sensitivity, Index] | None = None
    for item in items:
        if item.outcome in ACCOUNTING:
            continue
        # Sobol' total indices are shares of variance already; Morris μ* is in the outcome's
        # units, so it is compared across outcomes relative to the outcome's spread.
        indices = item.total if item.method == "sobol" else item.first
        scale = 1.0 if item.method == "sobol" else item.spread
        for index in indices:
            if index.value is not None and scale > 0:
                score = index.value / scale
                if best is None or score > best[0]:
                    best = (score, item, index)
    if best is None:
        return None
    _, item, index = best
    label = CATALOGUE.metric_label(item.outcome).lower()
    bounds = (
        f" (95% interval {index.low:.2f} to {index.high:.2f})"
        if index.low is not None and index.high is not None
        else ""
    )
    if item.method == "sobol":
        text = (
            f"Of the varied inputs, {index.factor} matters most: for {label} under "
            f"{item.policy} × {item.scenario} its total Sobol' index is {index.value:.2f}{bounds}"
        )
    else:
        kind = CATALOGUE.metric(item.outcome).kind
        text = (
            f"Of the varied inputs, {index.factor} moves an outcome most: for {label} under "
            f"{item.policy} × {item.scenario} one step of it changes the figure by "
            f"{fmt(index.value, kind)} on average (Morris μ*{bounds}), against a standard "
            f"deviation of {fmt(item.spread, kind)} over the design"
        )
    return text + _unsettled(index, item.total if item.method == "sobol" else item.first) + "."


def _unsettled(leader: Index, indices: Sequence[Index]) -> str:
    """Where the leader's interval overlaps the next input's in its block, the order of the two
    is not settled: the sample cannot tell them apart."""
    others = [i for i in indices if i is not leader and i.value is not None]
    if not others:
        return ""
    runner = max(others, key=lambda i: i.value or 0.0)
    if leader.low is None or runner.high is None or leader.low > runner.high:
        return ""
    return (
        f"; its interval overlaps that of the next input, {runner.factor}, so the order of the "
        "two is not settled"
    )


def _reference_sentence(resolved: Resolved, largest: LargestDifference | None) -> str | None:
    """The variant of the reference's world that differs most from the reference."""
    if largest is None:
        return None
    reference = resolved.variants[resolved.reference]
    v, outcome, diff = largest.variant, largest.outcome, largest.difference
    declared = CATALOGUE.metric(outcome)
    return (
        f"The largest difference from the reference {resolved.label(reference)} in its world: "
        f"{resolved.label(v)} changes {CATALOGUE.metric_label(outcome).lower()} by "
        f"{fmt_difference(diff, declared.kind)}, standing out with all "
        f"{plural(largest.candidates, 'difference')} from the reference held "
        "to 95% together."
    )


def headline(digest: Digest) -> str:
    resolved = digest.resolved
    sentences = []
    if digest.frontier is not None:
        sentences.append(_frontier_sentence(digest))
        over_range = range_sentence(digest.worlds)
        if over_range is not None:
            sentences.append(over_range)
    if digest.sensitivity:
        second = _sensitivity_sentence(digest.sensitivity)
    elif resolved.unit is None and resolved.paths:
        second = _effect_sentence(resolved, digest.largest_effect)
    else:
        second = _reference_sentence(resolved, digest.largest_difference)
    if second is None:
        second = (
            f"No varied input or variant moved an outcome beyond the noise of "
            f"{len(resolved.seeds)} seeds."
        )
    sentences.append(second)
    return " ".join(sentences)
