"""The headline of an experiment report: one or two sentences generated from its results.

The first sentence is the frontier's: the frontier of benefit against wrongful listings, from
its cheapest variant to the one with the largest benefit. The second names the largest effect
found: for a grid, the varied input whose change from its first to its last value moves an
outcome most (relative to the outcome's size, paired over seeds, and only where the interval
excludes no change); for a sampled design with sensitivity indices, the input with the largest
index (Sobol': the total index; Morris: μ* relative to the outcome's spread over the design);
with nothing varied, the variant that differs most from the reference. Surveillance measures
are left out of the second sentence: they count what the inputs set.
"""

from __future__ import annotations

from collections.abc import Sequence

from socialcredit.domain.catalogue import CATALOGUE
from socialcredit.experiment.analysis import Index, Sensitivity
from socialcredit.experiment.effects import MainEffect, main_effects
from socialcredit.experiment.frontier import Frontier, Point
from socialcredit.experiment.outcomes import BENEFIT
from socialcredit.experiment.results import Results
from socialcredit.experiment.variants import show_value
from socialcredit.report.text import fmt, fmt_difference, fmt_stat
from socialcredit.stats import Interval


def _excludes_zero(diff: Interval) -> bool:
    return diff.low is not None and diff.high is not None and (diff.low > 0 or diff.high < 0)


WRONGFUL = "ever_wrongly_blacklisted_per_1000"
ACCOUNTING = "surveillance."
"""Outcomes that count what the inputs set (how many collectors, how much is observed): an
input moving them is no finding, so the second sentence leaves them out."""


def _frontier_sentence(results: Results, front: Frontier) -> str:
    """The frontier of benefit against wrongful listings: its cheapest variant and the one
    with the largest benefit (each on the frontier of its own world)."""
    on = [p for p in front.efficient_on(WRONGFUL) if p.benefit.mean and p.benefit.mean > 0]
    if not on:
        return (
            "No scoring variant improves conduct at a price in wrongful listings that having no "
            "system at all does not beat: none lies on the frontier of benefit against "
            "wrongful listings."
        )
    label = results.resolved.label
    kind = CATALOGUE.metric(BENEFIT).kind

    def point(p: Point) -> str:
        b, w = p.benefit, p.prices[WRONGFUL]
        return (
            f"{label(p.variant)} ({p.variant.id}: fewer true bad acts by "
            f"{fmt_stat((b.mean, b.low, b.high), kind)} per 1,000 citizen-years at "
            f"{fmt_stat((w.mean, w.low, w.high), 'rate')} citizens ever wrongly blacklisted "
            "per 1,000)"
        )

    cheapest, largest = on[0], max(on, key=lambda p: p.benefit.mean or 0.0)
    n = len(front.points)
    where = "the frontier" if front.worlds == 1 else "their world's frontier"
    if cheapest is largest:
        return (
            f"Against no scoring, one of {n} scoring variants is on {where} of benefit against "
            f"wrongful listings: {point(cheapest)}."
        )
    return (
        f"Against no scoring, {len(on)} of {n} scoring variants are on {where} of benefit "
        f"against wrongful listings; the cheapest in wrongful listings is {point(cheapest)}, "
        f"and the one with the largest benefit {point(largest)}."
    )


def _effect_sentence(results: Results) -> str | None:
    resolved = results.resolved
    best: tuple[float, MainEffect, Interval] | None = None
    for path in resolved.paths:
        for outcome in resolved.outcomes:
            if outcome.startswith(ACCOUNTING):
                continue
            for effect in main_effects(results, outcome, path):
                change = effect.change()
                low_end = effect.levels[0].estimate.mean
                high_end = effect.levels[-1].estimate.mean
                if change.mean is None or low_end is None or high_end is None:
                    continue
                if not _excludes_zero(change):
                    continue
                scale = max(abs(low_end), abs(high_end), 1e-9)
                size = abs(change.mean) / scale
                if best is None or size > best[0]:
                    best = (size, effect, change)
    if best is None:
        return None
    _, effect, change = best
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
        f"{effect.policy} × {effect.scenario}."
    )


def _sensitivity_sentence(items: Sequence[Sensitivity]) -> str | None:
    best: tuple[float, Sensitivity, Index] | None = None
    for item in items:
        if item.outcome.startswith(ACCOUNTING):
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
        return (
            f"Of the varied inputs, {index.factor} matters most: for {label} under "
            f"{item.policy} × {item.scenario} its total Sobol' index is {index.value:.2f}{bounds}."
        )
    kind = CATALOGUE.metric(item.outcome).kind
    return (
        f"Of the varied inputs, {index.factor} moves an outcome most: for {label} under "
        f"{item.policy} × {item.scenario} one step of it changes the figure by "
        f"{fmt(index.value, kind)} on average (Morris μ*{bounds}), against a standard "
        f"deviation of {fmt(item.spread, kind)} over the design."
    )


def _reference_sentence(results: Results) -> str | None:
    resolved = results.resolved
    reference = resolved.variants[resolved.reference]
    best = None
    for v in resolved.variants:
        if v is reference or v.counterfactual:
            continue
        for outcome in resolved.outcomes:
            diff, _ = results.difference(reference, v, outcome)
            ref = results.estimate(reference, outcome).mean
            if diff.mean is None or ref is None or not _excludes_zero(diff):
                continue
            size = abs(diff.mean) / max(abs(ref), abs(diff.mean), 1e-9)
            if best is None or size > best[0]:
                best = (size, v, outcome, diff)
    if best is None:
        return None
    _, v, outcome, diff = best
    declared = CATALOGUE.metric(outcome)
    return (
        f"The largest difference from the reference {resolved.label(reference)}: "
        f"{resolved.label(v)} changes {CATALOGUE.metric_label(outcome).lower()} by "
        f"{fmt_difference(diff, declared.kind)}."
    )


def headline(
    results: Results, front: Frontier | None, sensitivity: Sequence[Sensitivity] | None
) -> str:
    sentences = []
    if front is not None:
        sentences.append(_frontier_sentence(results, front))
    if sensitivity:
        second = _sensitivity_sentence(sensitivity)
    elif results.resolved.unit is None and results.resolved.paths:
        second = _effect_sentence(results)
    else:
        second = _reference_sentence(results)
    if second is None:
        second = (
            f"No varied input or variant moved an outcome beyond the noise of "
            f"{len(results.resolved.seeds)} seeds."
        )
    sentences.append(second)
    return " ".join(sentences)
