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
its rate to the reference's, per seed, with the mean and 95% interval over seeds. A ratio
outside the four-fifths band [0.8, 1.25] (Aequitas's τ = 0.8) is flagged, and so is a positive
rate against a reference that is never hit (the ratio is then undefined); where the interval
reaches back into the band, the words say that these seeds cannot tell. The unit is the
citizen-day: a service decides each day on the standing of that day.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from socialcredit.audit.evidence import Simulation
from socialcredit.audit.rule import harming_services
from socialcredit.stats.intervals import Interval, interval

TAU = 0.8
"""Aequitas's disparity tolerance: a ratio within [τ, 1/τ] is within the band."""

METRICS = ("listing_rate", "false_positive_rate", "false_negative_rate", "false_discovery_rate")


def _rate(cells: dict[str, float], metric: str) -> float | None:
    tp, fp, fn, tn = cells["tp"], cells["fp"], cells["fn"], cells["tn"]
    num, den = {
        "listing_rate": (tp + fp, tp + fp + fn + tn),
        "false_positive_rate": (fp, fp + tn),
        "false_negative_rate": (fn, fn + tp),
        "false_discovery_rate": (fp, fp + tp),
    }[metric]
    return num / den if den > 0 else None


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


def compare(
    metric: str,
    target: str,
    kind: str,
    names: tuple[str, str],
    rates: tuple[list[float | None], list[float | None]],
) -> tuple[Interval, bool | None, str]:
    """The ratio of the group's rate to the reference's over the seeds, whether it lies outside
    the four-fifths band, and the comparison in words."""
    group, reference = names
    g_rates, r_rates = rates
    ratio = interval(
        [g / r if g is not None and r else None for g, r in zip(g_rates, r_rates, strict=True)],
        bounds=(0.0, None),
    )
    g_mean = interval(g_rates).mean
    r_mean = interval(r_rates).mean
    verb = _verb(metric, target, kind)
    if g_mean is None or r_mean is None:
        missing = group if g_mean is None else reference
        return ratio, None, f"not defined: {missing} has no {_cases(metric, kind)}"
    if ratio.mean is None:
        if g_mean > 0:
            return ratio, True, f"{group} {verb} (rate {g_mean:.3g}) while {reference} never is"
        return ratio, False, f"{group}'s and {reference}'s rates are both zero"
    outside = not TAU <= ratio.mean <= 1 / TAU
    words = f"{group} {verb} {ratio.mean:.2f}× as often as {reference}"
    low, high = ratio.low, ratio.high
    if outside and low is not None and high is not None and low <= 1 / TAU and high >= TAU:
        words += (
            f"; the 95% interval ({low:.2f}–{high:.2f}) reaches into the band, so these seeds "
            "cannot tell"
        )
    return ratio, outside, words


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
                g_rates = [_rate(c, metric) for c in cells]
                r_rates = [_rate(c, metric) for c in ref_cells]
                ratio, flag, words = compare(metric, target, kind, (group, ref), (g_rates, r_rates))
                out.append(
                    {
                        "target": target,
                        "kind": kind,
                        "metric": metric,
                        "group": group,
                        "reference": ref,
                        "group_rate": _json(interval(g_rates, bounds=(0.0, 1.0))),
                        "reference_rate": _json(interval(r_rates, bounds=(0.0, 1.0))),
                        "ratio": _json(ratio),
                        "outside_four_fifths": flag,
                        "words": words,
                    }
                )
    return out


def _json(iv: Interval) -> dict[str, float | None]:
    return {"mean": iv.mean, "low": iv.low, "high": iv.high}
