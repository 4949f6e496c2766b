"""The frontier section: benefit against each price, efficient variants marked and listed."""

from __future__ import annotations

from socialcredit.domain.catalogue import CATALOGUE
from socialcredit.experiment.frontier import Frontier, Point
from socialcredit.experiment.outcomes import BENEFIT, Price
from socialcredit.experiment.variants import Resolved
from socialcredit.report.kit import plot
from socialcredit.report.kit.charts import SMALL
from socialcredit.report.kit.page import Page
from socialcredit.report.kit.plot import Chart, Key, Panel, figure
from socialcredit.report.kit.style import BLUE
from socialcredit.report.kit.text import esc, fmt, fmt_difference, fmt_stat, plural, short

LABELLED = 6
"""At most this many points of a frontier carry their variant id on its plot: the cheapest
and the costliest."""


def frontier_section(p: Page, resolved: Resolved, front: Frontier | None) -> str:
    if front is None:
        return (
            "<p>No frontier: the experiment has no <code>none</code> policy, so there is no "
            "counterfactual to measure the benefit against. Add <code>none</code> to its "
            "policies.</p>"
        )
    benefit_kind = CATALOGUE.metric(BENEFIT).kind
    n = len(front.points)
    intro = (
        "<p>Each plot sets the benefit of every scoring variant (up: fewer true bad acts per "
        "1,000 citizen-years than the same town with no scoring, paired seed by seed) against "
        "one price (right: costlier). Variants are compared within their world: the same "
        "scenario and uncertainty values (the levers are choices, the uncertainties are not), "
        f"here {plural(front.worlds, 'world')}. In each plot the variants that no other "
        "variant of their world, and not having the system at all (the black square at the "
        "origin), beats on the benefit and that price are blue"
        + (" and joined by the frontier line" if front.worlds == 1 else "")
        + "; the rest are grey. Whiskers are 95% intervals over seeds"
        + (
            "; the broad pale bar behind a point runs from its benefit with the responses at "
            "the weakest end of their plausible range to the strongest end"
            if front.ranged
            else ""
        )
        + ".</p>"
        f"<p>Judged on all {len(front.prices)} prices at once, {len(front.efficient)} of {n} "
        "scoring variants are efficient on every count (no variant of their world has at least "
        "their benefit at no higher price on all of them): with that many prices almost any "
        "variant is best at something. Against one price at a time the frontier is sharper: "
        + "; ".join(
            f"against {price.label.lower()}, {len(front.efficient_on(price.metric))} of {n}"
            for price in front.prices
        )
        + ". The table says on which prices' frontiers each variant lies. Efficiency is judged "
        "on the means; the headline says whether the seeds tell the variants of a world "
        "apart.</p>"
    )
    figures = "".join(
        figure(
            p,
            _chart(front, price),
            label=f"Benefit against {price.label}, one point per variant, frontier marked",
            caption_html=esc(
                f"Benefit against {price.label.lower()} ({CATALOGUE.metric(price.metric).unit}); "
                f"{len(front.efficient_on(price.metric))} of {n} variants on its frontier."
            )
            + (
                " The disparity is signed; its size is the price, so the plot shows its size."
                if price.absolute
                else ""
            ),
        )
        for price in front.prices
    )
    over_range = ["Benefit over the response range"] if front.ranged else []
    head = ["Variant", "Every count", "On the frontier of", "Benefit", *over_range] + [
        esc(pr.label) for pr in front.prices
    ]
    rows = []
    for point in sorted(front.points, key=_order):
        mark = {True: "efficient", False: "dominated", None: "undefined"}[point.efficient]
        on = [pr.label for pr in front.prices if point.efficient_on.get(pr.metric)]
        cells = [
            f"<code>{esc(point.variant.id)}</code> {esc(resolved.label(point.variant))}",
            mark,
            esc("; ".join(on)) if on else "none",
            esc(fmt_difference(point.benefit, benefit_kind)),
        ]
        if front.ranged:
            cells.append(esc(_range_cell(point)))
        for price in front.prices:
            declared = CATALOGUE.metric(price.metric)
            est = point.prices[price.metric]
            cells.append(
                esc(fmt_stat((est.mean, est.low, est.high), declared.kind, declared.undefined))
            )
        if not point.efficient:
            cells = [f'<span class="dominated">{c}</span>' for c in cells]
        rows.append(cells)
    table = p.table(
        "Benefit and prices of every scoring variant, efficient first",
        head,
        rows,
        numeric=[False, False, False] + [True] * (len(head) - 3),
        note_html="Every count: efficient against all prices at once, or dominated (greyed). "
        "Benefit: fall in true bad acts per 1,000 citizen-years against the same scenario "
        "with no scoring, paired seed by seed. Prices: means over seeds with 95% intervals."
        + (
            " Benefit over the response range: the mean benefit with every ranged response at "
            "its weakest end and at its strongest end, on the same seeds and against the same "
            "twin."
            if front.ranged
            else ""
        ),
    )
    return intro + f'<div class="grid">{figures}</div>' + table


def _range_cell(point: Point) -> str:
    """ "12.0 (weakest) to 410.0 (strongest)", or a dash for a variant without ends."""
    if point.ends is None:
        return "\u2014"
    kind = CATALOGUE.metric(BENEFIT).kind
    weakest, strongest = point.ends
    return f"{fmt(weakest.mean, kind)} (weakest) to {fmt(strongest.mean, kind)} (strongest)"


def _order(point: Point) -> tuple[int, int, float]:
    rank = {True: 0, None: 1, False: 2}[point.efficient]
    fronts = sum(1 for on in point.efficient_on.values() if on)
    return rank, -fronts, -(point.benefit.mean or 0.0)


OFF = "#b8b8c0"
"""The colour of variants off a frontier."""


def _chart(front: Frontier, price: Price) -> Chart:
    """The benefit of each variant against `price`: blue on this price's frontier, grey off
    it, with 95% whiskers both ways, the pale bar of its benefit over the response range, the
    frontier's staircase (one world) and no scoring at the origin. The cheapest and the
    costliest variants of the frontier carry their ids."""
    metric = price.metric
    kind = CATALOGUE.metric(metric).kind
    name = CATALOGUE.metric_label(metric)
    panel = Panel(
        y_label="Benefit: fewer bad acts\nper 1,000 citizen-years",
        from_zero=False,
        x_format=lambda v: fmt(v, kind),
        rules=[0.0],
    )
    ends = _ranked(front, price)
    named = {q.variant.id for q in ends[: LABELLED // 2] + ends[-(LABELLED // 2) :]}
    ranged = off = False
    for point in sorted(front.points, key=lambda q: bool(q.efficient_on.get(metric))):
        size = point.weighed[metric]
        x, y = size.mean, point.benefit.mean
        if x is None or y is None:
            continue
        good = bool(point.efficient_on.get(metric))
        off = off or not good
        colour = BLUE if good else OFF
        span = None
        weakest, strongest = point.ends or (None, None)
        if weakest and strongest and weakest.mean is not None and strongest.mean is not None:
            span = (weakest.mean, strongest.mean)
            ranged = True
        panel.points.append(
            plot.Point(
                x,
                y,
                colour,
                radius=3.0 if good else 2.0,
                x_low=size.low,
                x_high=size.high,
                y_low=point.benefit.low,
                y_high=point.benefit.high,
                label=point.variant.id if point.variant.id in named else None,
                span=span,
            )
        )
    if front.worlds == 1:
        xs, ys = _staircase(front, price)
        panel.line(xs, ys, BLUE)
    panel.points.append(plot.Point(0.0, 0.0, "black", marker="s", radius=3.0))
    keys = [Key("on this frontier", BLUE, "marker")]
    if off:
        keys.append(Key("off it", OFF, "marker"))
    if ranged:
        keys.append(Key("weakest to strongest responses", BLUE, "patch", opacity=0.3))
    return Chart(
        SMALL,
        [panel],
        keys,
        x_label=short(f"size of {name}" if price.absolute else name, 46),
    )


def _staircase(front: Frontier, price: Price) -> tuple[list[float], list[float]]:
    """The frontier line: from no scoring at the origin through the efficient variants, each
    step up at the price where more benefit becomes available."""
    xs, ys = [0.0], [0.0]
    for point in _ranked(front, price):
        x, y = point.weighed[price.metric].mean, point.benefit.mean
        if x is None or y is None:
            continue
        xs += [x, x]
        ys += [ys[-1], y]
    return xs, ys


def _ranked(front: Frontier, price: Price) -> list[Point]:
    """The frontier of the benefit against `price`, cheapest first."""
    return sorted(
        front.efficient_on(price.metric),
        key=lambda q: q.weighed[price.metric].mean or 0.0,
    )
