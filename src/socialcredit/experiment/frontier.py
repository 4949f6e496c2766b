"""The price-of-the-system frontier: each variant's benefit against each of its prices.

The benefit of a variant is the fall in true bad acts per 1,000 citizen-years against its
counterfactual twin (the `none` policy on the same scenario, uncertainty values and seeds),
paired seed by seed. A variant is efficient when no other variant has at least its benefit and
at most each of its prices, and is better in one; the frontier is the efficient variants. It
is judged on the means; the intervals are shown beside them. Having no system at all is a
contender too (no benefit, no price): a scoring variant that does not improve conduct is
dominated by it. The counterfactual variants themselves are not points of the frontier.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from socialcredit.engine.model import dimensions
from socialcredit.experiment.outcomes import BENEFIT, Price, prices
from socialcredit.experiment.results import Results
from socialcredit.experiment.variants import Variant
from socialcredit.stats import Interval, paired_difference


@dataclass(frozen=True)
class Point:
    variant: Variant
    twin: Variant
    benefit: Interval
    prices: dict[str, Interval]
    efficient: bool | None
    """None: a figure it would be judged on is undefined."""


@dataclass(frozen=True)
class Frontier:
    prices: list[Price]
    points: list[Point]

    @property
    def efficient(self) -> list[Point]:
        return [p for p in self.points if p.efficient]


def _twin_key(variant: Variant) -> tuple[str, str]:
    uncertain = {p: v for p, v in variant.values.items() if p.startswith("scenario.")}
    return variant.scenario_ref, json.dumps(uncertain, sort_keys=True)


def _cost(point_prices: dict[str, Interval], price: Price) -> float | None:
    mean = point_prices[price.metric].mean
    if mean is None:
        return None
    return abs(mean) if price.absolute else mean


def _dominates(a: list[float], b: list[float]) -> bool:
    """`a` (benefit first, then prices) is at least as good as `b` everywhere, better once."""
    at_least = a[0] >= b[0] and all(x <= y for x, y in zip(a[1:], b[1:], strict=True))
    better = a[0] > b[0] or any(x < y for x, y in zip(a[1:], b[1:], strict=True))
    return at_least and better


def frontier(results: Results) -> Frontier | None:
    """The frontier, or None when the experiment has no counterfactual to measure against."""
    variants = results.resolved.variants
    twins = {_twin_key(v): v for v in variants if v.counterfactual}
    scoring = [v for v in variants if not v.counterfactual]
    if not twins or not scoring:
        return None
    first = scoring[0]
    chosen = prices(dimensions(first.policy, first.scenario))
    raw = []
    for v in scoring:
        twin = twins.get(_twin_key(v))
        if twin is None:  # pragma: no cover - every scenario point has its twin by design
            continue
        benefit = paired_difference(results.values(v, BENEFIT), results.values(twin, BENEFIT))
        figures = {p.metric: results.estimate(v, p.metric) for p in chosen}
        raw.append((v, twin, benefit, figures))
    vectors: list[list[float] | None] = []
    for _, _, benefit, figures in raw:
        costs = [_cost(figures, p) for p in chosen]
        if benefit.mean is None or any(c is None for c in costs):
            vectors.append(None)
        else:
            vectors.append([benefit.mean, *(c for c in costs if c is not None)])
    # No system at all: no benefit and no price.
    contenders = [*vectors, [0.0] * (len(chosen) + 1)]
    points = []
    for (v, twin, benefit, figures), vec in zip(raw, vectors, strict=True):
        efficient = None
        if vec is not None:
            efficient = not any(o is not None and _dominates(o, vec) for o in contenders)
        points.append(Point(v, twin, benefit, figures, efficient))
    return Frontier(chosen, points)
