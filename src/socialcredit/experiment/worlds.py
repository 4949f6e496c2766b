"""Comparisons within a world: the scoring variants that share a scenario and its uncertainty
values (and so one no-scoring twin, the same towns and the same draws), set against one another
seed by seed.

The frontier (`experiment.frontier`) judges efficiency on the means. This says which of the
differences between variants the seeds can tell from noise: for every pair of variants of a
world, the paired difference of the benefit and of one price over the seeds, with its 95%
interval. Worlds are never compared with one another: the levers are choices, the
uncertainties are not, and a rulebook run in a kinder world does not beat one run in a harsher
world. The headline and the findings name a variant only against the others of its world, and
say so plainly where no variant of a world differs from another beyond the noise.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from itertools import combinations

from socialcredit.experiment.frontier import Frontier, Point
from socialcredit.experiment.outcomes import BENEFIT
from socialcredit.experiment.results import Results
from socialcredit.experiment.variants import Resolved, show_value
from socialcredit.stats import CONFIDENCE, Interval, paired_difference


def beyond_noise(diff: Interval) -> bool:
    """Whether a difference's 95% interval leaves out zero."""
    return diff.low is not None and diff.high is not None and (diff.low > 0 or diff.high < 0)


@dataclass(frozen=True)
class Gap:
    """Variant `b` against variant `a` of the same world, paired over the seeds: how much more
    benefit `b` brings and how much more of the price it costs (95% intervals, for reading)."""

    a: Point
    b: Point
    benefit: Interval
    price: Interval
    beyond_noise: bool
    """Whether the two differ in the benefit or in the price beyond the noise of the seeds,
    judged with every comparison of the world held to 95% together (Bonferroni: each at
    1 - 0.05 / comparisons), so that a world of many variants does not find a difference by
    looking often."""


@dataclass(frozen=True)
class World:
    """The scoring variants of one world, judged on the benefit against one price."""

    price: str
    points: list[Point]
    """Its scoring variants, in the experiment's order."""
    frontier: list[Point]
    """Those on the world's frontier of the benefit against the price, cheapest first."""
    gaps: list[Gap]
    """Every pair of its scoring variants."""

    def label(self, resolved: Resolved) -> str:
        """The world in words: its scenario and uncertainty values."""
        variant = self.points[0].variant
        values = [
            f"{resolved.short.get(path, path)}={show_value(value)}"
            for path, value in variant.values.items()
            if path.startswith("scenario.")
        ]
        return ", ".join([variant.scenario.name, *values])

    @property
    def differs(self) -> bool:
        """Whether some variant differs from another beyond the noise of the seeds."""
        return any(g.beyond_noise for g in self.gaps)

    @property
    def improving(self) -> list[Point]:
        """Its scoring variants that improve conduct against no scoring beyond the noise of the
        seeds."""
        return [p for p in self.points if beyond_noise(p.benefit) and (p.benefit.mean or 0.0) > 0]

    @property
    def cheapest(self) -> Point | None:
        """The frontier's variant with the lowest price."""
        return self.frontier[0] if self.frontier else None

    @property
    def largest(self) -> Point | None:
        """The frontier's variant with the largest benefit (the cheapest such, on a tie)."""
        if not self.frontier:
            return None
        return max(self.frontier, key=lambda p: p.benefit.mean or 0.0)

    @property
    def ordering(self) -> Ordering | None:
        """The frontier's order by benefit at the central values and at both ends of the
        response range; None where a variant of its frontier was not run at the ends."""
        front = self.frontier
        if not front or any(p.ends is None for p in front):
            return None
        return Ordering(
            by_benefit(front, lambda p: p.benefit),
            by_benefit(front, lambda p: p.ends[0] if p.ends else p.benefit),
            by_benefit(front, lambda p: p.ends[1] if p.ends else p.benefit),
        )

    def gap(self, a: Point, b: Point) -> Gap:
        """`b` against `a`."""
        for g in self.gaps:
            if (g.a, g.b) == (a, b):
                return g
            if (g.a, g.b) == (b, a):
                return Gap(a, b, _negated(g.benefit), _negated(g.price), g.beyond_noise)
        raise KeyError((a.variant.id, b.variant.id))


def by_benefit(points: list[Point], benefit: Callable[[Point], Interval]) -> list[Point]:
    """Largest benefit first (on the means), in their given order on a tie."""
    return sorted(points, key=lambda p: -(benefit(p).mean or 0.0))


@dataclass(frozen=True)
class Ordering:
    """A world's frontier ordered by benefit, largest first, at the central values of the
    responses and at each end of their plausible range (means, on the same seeds and twin)."""

    central: list[Point]
    weakest: list[Point]
    strongest: list[Point]

    @property
    def holds(self) -> bool:
        """Whether the variant with the larger benefit is the same at both ends as at the
        central values, for every pair of the frontier."""
        return self.central == self.weakest == self.strongest

    @property
    def flips_at(self) -> list[str]:
        """The ends where the order differs from the central one."""
        ends = {"weakest": self.weakest, "strongest": self.strongest}
        return [end for end, order in ends.items() if order != self.central]

    @property
    def improving_throughout(self) -> list[Point]:
        """The frontier's variants whose benefit is above zero at both ends (means)."""
        return [p for p in self.central if p.ends and all((e.mean or 0.0) > 0 for e in p.ends)]


def _negated(diff: Interval) -> Interval:
    def neg(x: float | None) -> float | None:
        return None if x is None else -x

    return Interval(neg(diff.mean), neg(diff.high), neg(diff.low), diff.n)


def worlds(results: Results, front: Frontier, price: str) -> list[World]:
    """Every world of the frontier, in the order its variants first appear, judged on the
    benefit against `price` (a price whose value is its size: not a signed disparity)."""
    by_twin: dict[str, list[Point]] = {}
    for point in front.points:
        by_twin.setdefault(point.twin.id, []).append(point)
    out = []
    for points in by_twin.values():
        pairs = list(combinations(points, 2))
        family = family_confidence(2 * len(pairs))
        gaps = [_gap(results, a, b, price, family) for a, b in pairs]
        on = sorted(
            (p for p in points if p.efficient_on.get(price)),
            key=lambda p: p.prices[price].mean or 0.0,
        )
        out.append(World(price, points, on, gaps))
    return out


def family_confidence(comparisons: int) -> float:
    """The confidence of each of `comparisons` intervals that hold at 95% together
    (Bonferroni)."""
    return 1.0 - (1.0 - CONFIDENCE) / max(1, comparisons)


def _gap(results: Results, a: Point, b: Point, price: str, family: float) -> Gap:
    # The benefit is the twin's bad acts minus the variant's, seed by seed, and both variants
    # have the same twin: b's benefit minus a's is a's bad acts minus b's.
    benefits = results.values(b.variant, BENEFIT), results.values(a.variant, BENEFIT)
    costs = results.values(a.variant, price), results.values(b.variant, price)
    distinct = beyond_noise(paired_difference(*benefits, confidence=family)) or beyond_noise(
        paired_difference(*costs, confidence=family)
    )
    return Gap(a, b, paired_difference(*benefits), paired_difference(*costs), distinct)
