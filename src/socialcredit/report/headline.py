"""The headline of an experiment report: one or two sentences generated from its results.

The first sentence is the frontier's: the efficient variant with the largest benefit, with its
benefit and its main prices. The second names the largest effect found: for a grid, the varied
input whose change from its first to its last value moves an outcome most (relative to the
outcome's size, paired over seeds, and only where the interval excludes no change); for a
sampled design with sensitivity indices, the input with the largest total index; with nothing
varied, the variant that differs most from the reference.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from socialcredit.domain.catalogue import CATALOGUE
from socialcredit.experiment.analysis import Sensitivity
from socialcredit.experiment.effects import MainEffect, main_effects
from socialcredit.experiment.frontier import Frontier
from socialcredit.experiment.outcomes import BENEFIT
from socialcredit.experiment.results import Results
from socialcredit.report.text import fmt, fmt_difference, fmt_stat
from socialcredit.stats import Interval


def _excludes_zero(diff: Interval) -> bool:
    return diff.low is not None and diff.high is not None and (diff.low > 0 or diff.high < 0)


def _value(value: Any) -> str:
    if isinstance(value, bool):
        return "on" if value else "off"
    return f"{value:g}" if isinstance(value, float) else str(value)


def _frontier_sentence(results: Results, front: Frontier) -> str:
    scoring = [p for p in front.efficient if p.benefit.mean]
    if not scoring:
        return (
            "No scoring variant improves on having no system at all: none of them is efficient "
            "against the no-scoring counterfactual."
        )
    best = max(scoring, key=lambda p: p.benefit.mean or 0.0)
    kind = CATALOGUE.metric(BENEFIT).kind
    wrongful = best.prices["ever_wrongly_blacklisted_per_1000"]
    harmed = best.prices["wrongly_harmed.citizen_days_per_1000"]
    return (
        f"Against no scoring, the efficient variant with the largest benefit, "
        f"{results.resolved.label(best.variant)} ({best.variant.id}), cuts true bad acts by "
        f"{fmt_stat((best.benefit.mean, best.benefit.low, best.benefit.high), kind)} per 1,000 "
        "citizen-years, at a price "
        f"of {fmt_stat((wrongful.mean, wrongful.low, wrongful.high), 'rate')} citizens ever "
        f"wrongly blacklisted per 1,000 and "
        f"{fmt_stat((harmed.mean, harmed.low, harmed.high), 'rate')} days of wrongful denial or "
        f"restriction per 1,000; {len(front.efficient)} of {len(front.points)} scoring variants "
        "are efficient."
    )


def _effect_sentence(results: Results) -> str | None:
    resolved = results.resolved
    best: tuple[float, MainEffect, Interval] | None = None
    for path in resolved.paths:
        for outcome in resolved.outcomes:
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
        f"from {_value(first.value)} to {_value(last.value)} moves "
        f"{CATALOGUE.metric_label(effect.outcome).lower()} from "
        f"{fmt(first.estimate.mean, declared.kind)} to {fmt(last.estimate.mean, declared.kind)} "
        f"({fmt_difference(change, declared.kind)}, paired over {change.n} seeds) under "
        f"{effect.policy} × {effect.scenario}."
    )


def _sensitivity_sentence(items: Sequence[Sensitivity]) -> str | None:
    best = None
    for item in items:
        for index in item.total:
            if index.value is not None and (best is None or index.value > best[0]):
                best = (index.value, item, index)
    if best is None:
        return None
    _, item, index = best
    name = "total Sobol' index" if item.method == "sobol" else "Morris μ*"
    bounds = (
        f" (95% interval {index.low:.2f} to {index.high:.2f})"
        if index.low is not None and index.high is not None
        else ""
    )
    return (
        f"Of the varied inputs, {index.factor} matters most: for "
        f"{CATALOGUE.metric_label(item.outcome).lower()} under {item.policy} × {item.scenario} "
        f"its {name} is {index.value:.2f}{bounds}."
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
