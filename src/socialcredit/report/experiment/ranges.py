"""What the plausible range of the responses does to an experiment's conclusions, in words: for
each world, whether the frontier's order by benefit (which variant has the larger benefit)
holds at both ends of the range or flips within it, and whether its variants improve conduct
at both ends. The orders were found before (`experiment.worlds.Ordering`); here they are put
into words for the headline and the findings."""

from __future__ import annotations

from collections.abc import Sequence

from socialcredit.experiment.frontier import Point
from socialcredit.experiment.worlds import Ordering, World
from socialcredit.report.kit.text import fmt


def _ids(points: Sequence[Point]) -> str:
    return " > ".join(p.variant.id for p in points)


def _span(point: Point) -> str:
    weakest, strongest = point.ends or (None, None)
    if weakest is None or strongest is None:
        return ""
    return f"{fmt(weakest.mean, 'rate')} to {fmt(strongest.mean, 'rate')}"


def ordering_words(order: Ordering) -> str:
    """One world's frontier across the response range, in a clause."""
    if len(order.central) == 1:
        only = order.central[0]
        improves = "improves" if order.improving_throughout else "does not improve"
        return (
            f"its one frontier variant ({only.variant.id}) {improves} conduct at both ends "
            f"(benefit {_span(only)} fewer true bad acts per 1,000 citizen-years, weakest to "
            "strongest)"
        )
    if order.holds:
        return (
            f"the frontier's order by benefit ({_ids(order.central)}) holds at both ends of "
            "the range"
        )
    at = " and ".join(order.flips_at)
    flipped = order.weakest if "weakest" in order.flips_at else order.strongest
    return (
        f"the frontier's order by benefit flips within the range: {_ids(order.central)} at "
        f"the central values, {_ids(flipped)} at the {order.flips_at[0]} end"
        + (f" (it differs at the {at} ends)" if len(order.flips_at) > 1 else "")
    )


def range_sentence(worlds: Sequence[World]) -> str | None:
    """The headline's sentence on the response range; None where no frontier variant was run
    at the ends."""
    ordered = [(w, w.ordering) for w in worlds]
    known = [(w, o) for w, o in ordered if o is not None]
    if not known:
        return None
    if len(worlds) == 1:
        return f"Across the plausible range of the responses, {ordering_words(known[0][1])}."
    holding = [w for w, o in known if o.holds]
    flipping = len(known) - len(holding)
    return (
        "Across the plausible range of the responses, the frontier's order by benefit holds at "
        f"both ends in {len(holding)} of {len(known)} worlds"
        + (f" and flips within the range in {flipping}" if flipping else "")
        + "."
    )
