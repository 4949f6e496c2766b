"""The price-of-the-system frontier: each variant's benefit against each of its prices.

The benefit of a variant is the fall in true bad acts per 1,000 citizen-years against its
counterfactual twin (the `none` policy on the same scenario, uncertainty values and seeds),
paired seed by seed.

Variants are compared only within their world: the same scenario and the same uncertainty
values, so the same twin. The levers are choices; the uncertainties are not, and a rulebook
run in a kinder world must not "beat" one run in a harsher world. Within a world a variant is
efficient when no other variant has at least its benefit and at most each of its prices, and is
better in one; having no system at all (no benefit, no price) is a contender too, so a scoring
variant that does not improve conduct is dominated by it. With several prices nearly every
variant is efficient on every count at once, so each price also has its own frontier: the
variants no other beats on the benefit and that one price. Efficiency is judged on the means;
the intervals are shown beside them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from socialcredit.domain.scenario_references import dimensions
from socialcredit.experiment.ends import ENDS
from socialcredit.experiment.outcomes import BENEFIT, Price, prices, strategic
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
    """Efficient on every count at once. None: a figure it would be judged on is undefined."""
    efficient_on: dict[str, bool | None]
    """Per price: efficient in the plane of the benefit against that price alone."""
    weighed: dict[str, Interval]
    """Per price, the price as the frontier weighs it (`weighed`): a signed one by its size."""
    ends: tuple[Interval, Interval] | None = None
    """The benefit at the weakest and at the strongest end of the responses' plausible range,
    each against the same twin on the same seeds; None where the variant has no range
    (`experiment.ends`)."""


@dataclass(frozen=True)
class Frontier:
    prices: list[Price]
    points: list[Point]

    @property
    def efficient(self) -> list[Point]:
        return [p for p in self.points if p.efficient]

    @property
    def ranged(self) -> bool:
        """Whether any variant was also run at the ends of its response range."""
        return any(p.ends is not None for p in self.points)

    @property
    def worlds(self) -> int:
        """How many worlds (scenario and uncertainty values) the variants are compared in."""
        return len({world_key(p.variant) for p in self.points})

    def efficient_on(self, metric: str) -> list[Point]:
        """The variants on their world's frontier of the benefit against one price, cheapest
        first."""
        front = [p for p in self.points if p.efficient_on.get(metric)]
        return sorted(front, key=lambda p: p.prices[metric].mean or 0.0)


def world_key(variant: Variant) -> tuple[str, str]:
    """The variant's world: its scenario and its uncertainty values (the fields it sets in the
    scenario). Variants of one world share their no-scoring twin."""
    uncertain = {p: v for p, v in variant.values.items() if p.startswith("scenario.")}
    return variant.scenario_ref, json.dumps(uncertain, sort_keys=True)


def weighed(est: Interval, absolute: bool) -> Interval:
    """A price as the frontier weighs it: as it is, or a signed one (a gap between groups) by
    its size, with the interval of that size (from 0 where the interval spans 0)."""
    if not absolute or est.mean is None:
        return est
    if est.low is None or est.high is None:
        return Interval(abs(est.mean), None, None, est.n)
    if est.low <= 0.0 <= est.high:
        return Interval(abs(est.mean), 0.0, max(-est.low, est.high), est.n)
    low, high = sorted((abs(est.low), abs(est.high)))
    return Interval(abs(est.mean), low, high, est.n)


def _dominates(a: list[float], b: list[float]) -> bool:
    """`a` (benefit first, then prices) is at least as good as `b` everywhere, better once."""
    at_least = a[0] >= b[0] and all(x <= y for x, y in zip(a[1:], b[1:], strict=True))
    better = a[0] > b[0] or any(x < y for x, y in zip(a[1:], b[1:], strict=True))
    return at_least and better


def frontier(results: Results) -> Frontier | None:
    """The frontier, or None when the experiment has no counterfactual to measure against."""
    variants = results.resolved.variants
    twins = {world_key(v): v for v in variants if v.counterfactual}
    scoring = [v for v in variants if not v.counterfactual]
    if not twins or not scoring:
        return None
    first = scoring[0]
    chosen = prices(
        dimensions(first.policy, first.scenario), strategic(v.scenario for v in scoring)
    )
    raw = []
    ends: list[tuple[Interval, Interval] | None] = []
    for v in scoring:
        twin = twins.get(world_key(v))
        if twin is None:  # pragma: no cover - every scenario point has its twin by design
            continue
        benefit = paired_difference(results.values(v, BENEFIT), results.values(twin, BENEFIT))
        ends.append(_ends(results, v, twin))
        figures = {p.metric: results.estimate(v, p.metric) for p in chosen}
        raw.append((v, twin, benefit, figures))
    benefits = [benefit.mean for _, _, benefit, _ in raw]
    sizes = [
        {p.metric: weighed(figures[p.metric], p.absolute) for p in chosen}
        for _, _, _, figures in raw
    ]
    costs = [[size[p.metric].mean for p in chosen] for size in sizes]
    vectors = [_vector(b, c) for b, c in zip(benefits, costs, strict=True)]
    planes = [
        [_vector(b, [c[i]]) for b, c in zip(benefits, costs, strict=True)]
        for i in range(len(chosen))
    ]
    worlds = [world_key(v) for v, _, _, _ in raw]

    def rivals(vecs: list[list[float] | None], k: int) -> list[list[float] | None]:
        return [o for o, w in zip(vecs, worlds, strict=True) if w == worlds[k]]

    points = []
    for k, (v, twin, benefit, figures) in enumerate(raw):
        on = {
            price.metric: _efficient(planes[i][k], rivals(planes[i], k))
            for i, price in enumerate(chosen)
        }
        efficient = _efficient(vectors[k], rivals(vectors, k))
        points.append(Point(v, twin, benefit, figures, efficient, on, sizes[k], ends[k]))
    return Frontier(chosen, points)


def _ends(results: Results, v: Variant, twin: Variant) -> tuple[Interval, Interval] | None:
    """The variant's benefit at both ends of its response range, paired seed by seed with
    its twin (whose runs do not depend on the responses); None without end runs."""
    weakest, strongest = (results.end_values(v, end, BENEFIT) for end in ENDS)
    if not weakest or not strongest:
        return None
    against = results.values(twin, BENEFIT)
    return paired_difference(weakest, against), paired_difference(strongest, against)


def _vector(benefit: float | None, costs: list[float | None]) -> list[float] | None:
    if benefit is None or any(c is None for c in costs):
        return None
    return [benefit, *(c for c in costs if c is not None)]


def _efficient(vec: list[float] | None, others: list[list[float] | None]) -> bool | None:
    """Whether no other vector, nor having no system at all (no benefit, no price), dominates
    `vec`; None where `vec` has an undefined figure."""
    if vec is None:
        return None
    nothing = [0.0] * len(vec)
    return not any(o is not None and _dominates(o, vec) for o in [*others, nothing])
