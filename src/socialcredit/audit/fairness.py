"""Group fairness against the true ledger: Aequitas's rates, with the truth known.

A fairness toolkit takes its labels as truth. Here the truth is the true ledger: every act the
policy counts, seen perfectly, nothing false. So each citizen-day falls in a cell of a
confusion table, observed against true: listed (or restricted or denied at a service) by the
observed ledger, and by the true one. Per group, over the run's citizen-days:

- listing rate (Aequitas's predicted prevalence): (TP + FP) / all;
- false positive rate: FP / (FP + TN), how often those the truth would leave alone are hit;
- false negative rate: FN / (FN + TP), how often those the truth would hit are missed;
- false discovery rate: FP / (FP + TP), how many of the hits are wrong.

Each group is compared with the reference group (the scenario's, or the largest): the ratio of
its rate to the reference's, each rate pooled over the seeds (citizen-days counted in all the
seeds over all the seeds' citizen-days), with an exact 95% interval that holds for rare events
and zero counts and widens for the clustering of citizen-days (`stats.rates`). A comparison is
flagged only where the whole interval lies outside the four-fifths band [0.8, 1.25] (Aequitas's
τ = 0.8): a disparity beyond the noise of the seeds. Where the interval reaches into the band
the words say that these seeds cannot tell. Where the groups are treated alike, a 95% interval
leaves out their true ratio of 1 in at most 5% of comparisons, and lying wholly beyond the band
needs more than that, so at most 5% of such comparisons are flagged (in practice far fewer).
The unit is the citizen-day: a service decides each day on the standing of that day.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from socialcredit.audit.evidence import Simulation
from socialcredit.audit.rule import harming_services
from socialcredit.stats.intervals import Interval
from socialcredit.stats.rates import Counts, RateRatio, rate_ratio

TAU = 0.8
"""Aequitas's disparity tolerance: a ratio within [τ, 1/τ] is within the band."""

BAND = (TAU, 1 / TAU)

METRICS = ("listing_rate", "false_positive_rate", "false_negative_rate", "false_discovery_rate")


def _events_and_cases(cells: dict[str, float], metric: str) -> tuple[float, float]:
    """A rate's numerator and denominator in one seed's confusion cells."""
    tp, fp, fn, tn = cells["tp"], cells["fp"], cells["fn"], cells["tn"]
    return {
        "listing_rate": (tp + fp, tp + fp + fn + tn),
        "false_positive_rate": (fp, fp + tn),
        "false_negative_rate": (fn, fn + tp),
        "false_discovery_rate": (fp, fp + tp),
    }[metric]


def counts(cells: Sequence[dict[str, float]], metric: str) -> Counts:
    """A metric's events and cases, seed by seed, from each seed's confusion cells."""
    return Counts.of([_events_and_cases(c, metric) for c in cells])


def _verb(metric: str, target: str, kind: str) -> str:
    hit = "listed" if kind == "list" else f"restricted or denied {target}"
    return {
        "listing_rate": f"is {hit}",
        "false_positive_rate": f"is wrongly {hit}",
        "false_negative_rate": f"is missed (not {hit} where the true ledger would)",
        "false_discovery_rate": f"has its {'listings' if kind == 'list' else 'refusals'} wrong",
    }[metric]


def _cases(metric: str, kind: str) -> str:
    """What a rate's denominator counts, in words."""
    hit = "listed" if kind == "list" else "restricted or denied"
    return {
        "listing_rate": "citizen-days",
        "false_positive_rate": f"citizen-days the true ledger leaves un{hit.split()[0]}",
        "false_negative_rate": f"citizen-days the true ledger has {hit}",
        "false_discovery_rate": f"citizen-days {hit}",
    }[metric]


def _ratio(x: float) -> str:
    if x >= 1e6:
        return "over a million"
    return f"{x:.2f}" if x < 100 else f"{x:,.0f}"


def _bounds(low: float, high: float) -> str:
    return f"{_ratio(low)}–{_ratio(high)}" if math.isfinite(high) else f"{_ratio(low)} and above"


def compare(
    metric: str,
    target: str,
    kind: str,
    names: tuple[str, str],
    rates: tuple[Counts, Counts],
) -> tuple[RateRatio, bool | None, str]:
    """The ratio of the group's pooled rate to the reference's with its interval, whether the
    interval lies wholly outside the four-fifths band, and the comparison in words."""
    group, reference = names
    ratio = rate_ratio(*rates)
    g_rate, r_rate = ratio.group.mean, ratio.reference.mean
    verb = _verb(metric, target, kind)
    if g_rate is None or r_rate is None:
        missing = group if g_rate is None else reference
        return ratio, None, f"not defined: {missing} has no {_cases(metric, kind)}"
    if g_rate == 0 and r_rate == 0:
        return ratio, False, f"{group}'s and {reference}'s rates are both zero"
    low, high = ratio.low, ratio.high
    outside = ratio.outside(BAND)
    if ratio.ratio is None:
        words = f"{group} {verb} (rate {g_rate:.3g}) while {reference} never is"
    else:
        words = f"{group} {verb} {ratio.ratio:.2f}× as often as {reference}"
    if low is None or high is None:
        words += "; no interval: it takes two seeds to measure how much the rate varies"
        return ratio, False, words
    if outside:
        return ratio, True, words + f" (95% interval {_bounds(low, high)}, outside the band)"
    if not ratio.inside(BAND):
        estimate_outside = ratio.ratio is None or not BAND[0] <= ratio.ratio <= BAND[1]
        words += (
            f"; the 95% interval ({_bounds(low, high)}) reaches "
            f"{'into' if estimate_outside else 'beyond'} the band, so these seeds cannot tell"
        )
    return ratio, False, words


def _cells(sim: Simulation, target: str, group: str) -> list[dict[str, float]]:
    return [
        {c: run.totals[f"confusion.{target}.{c}.{group}"] for c in ("tp", "fp", "fn", "tn")}
        for run in sim.runs
    ]


def fairness(sim: Simulation, reference: str | None = None) -> list[dict[str, Any]]:
    """Every group against the reference, for the black list and each service that restricts
    or denies, for each of Aequitas's four rates."""
    pop = sim.scenario.population
    ref = reference or pop.reference
    groups: Sequence[str] = [g.name for g in pop.groups if g.name != ref]
    targets = [("black", "black list", "list")]
    targets += [(s, s, "service") for s in harming_services(sim.policy)]
    out: list[dict[str, Any]] = []
    for key, target, kind in targets:
        ref_cells = _cells(sim, key, ref)
        for group in groups:
            cells = _cells(sim, key, group)
            for metric in METRICS:
                ratio, flag, words = compare(
                    metric,
                    target,
                    kind,
                    (group, ref),
                    (counts(cells, metric), counts(ref_cells, metric)),
                )
                out.append(
                    {
                        "target": target,
                        "kind": kind,
                        "metric": metric,
                        "group": group,
                        "reference": ref,
                        "group_rate": _json(ratio.group),
                        "reference_rate": _json(ratio.reference),
                        "ratio": {
                            "mean": ratio.ratio,
                            "low": ratio.low,
                            "high": ratio.high
                            if ratio.high is None or math.isfinite(ratio.high)
                            else None,
                        },
                        "outside_four_fifths": flag,
                        "words": words,
                    }
                )
    return out


def _json(iv: Interval) -> dict[str, float | None]:
    return {"mean": iv.mean, "low": iv.low, "high": iv.high}
